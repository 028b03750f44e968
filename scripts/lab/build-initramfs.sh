#!/bin/bash
# Build the lab guest: the host's Debian kernel and an initramfs with
# busybox, scripts/lab/init, the few modules that let the NVMe PF enable
# its VFs, the pasid-scan binary under test with its shared libraries,
# and, if given, the module built from the tables it generated
# (tests/kmod, built for this kernel), which the init loads last.
# Usage: build-initramfs.sh OUTDIR PASID_SCAN_BINARY [PASID_SCAN_MATCH_KO]
#        build-initramfs.sh --print-kver
# Writes OUTDIR/vmlinuz, OUTDIR/initramfs.cpio.gz and OUTDIR/kver.
# --print-kver only prints the kernel release it would use, so that a
# module can be built for it first.
# LAB_KVER picks the kernel; the default is the newest one that has nvme.
set -euo pipefail

usage="usage: build-initramfs.sh OUTDIR PASID_SCAN_BINARY [PASID_SCAN_MATCH_KO] | --print-kver"
print_kver=0
if [ "${1:-}" = --print-kver ]; then
	[ $# -eq 1 ] || { echo "$usage" >&2; exit 2; }
	print_kver=1
else
	out=${1:?$usage}
	bin=${2:?$usage}
	kmod=${3:-}
fi
here=$(cd "$(dirname "$0")" && pwd)
# modinfo lives in /sbin, which a user's PATH may lack.
PATH=$PATH:/usr/sbin:/sbin

# The guest runs the scanner as nobody: everything it needs must be
# world-readable whatever the caller's umask is.
umask 022

# Modules, in load order.  The PF needs a driver before it accepts
# sriov_numvfs: nvme (what a real host binds), else pci-pf-stub.  The crc
# and t10-pi modules are nvme-core's dependencies; crc64-rocksoft asks the
# crypto API for its generic implementation, which modprobe would load.
MODS="crc64 crc64_rocksoft_generic crc64-rocksoft crct10dif_common
crct10dif_generic crc-t10dif t10-pi nvme-core nvme pci-pf-stub"

pick_kver() {
	local v
	for v in $(cd /lib/modules && printf '%s\n' * | sort -rV); do
		[ -r "/boot/vmlinuz-$v" ] || continue
		modinfo -k "$v" -n nvme >/dev/null 2>&1 || continue
		echo "$v"
		return 0
	done
	return 1
}

kver=${LAB_KVER:-$(pick_kver)} || {
	echo "build-initramfs: no kernel with /boot/vmlinuz-* and an nvme module" >&2
	exit 1
}
if [ $print_kver -eq 1 ]; then
	echo "$kver"
	exit 0
fi

# insmod refuses a module built for another kernel with only "Invalid
# module format" in the guest; say which kernels here instead.
if [ -n "$kmod" ]; then
	kmod_kver=$(modinfo -F vermagic "$kmod" | awk '{ print $1 }') || {
		echo "build-initramfs: $kmod: not a kernel module" >&2
		exit 1
	}
	if [ "$kmod_kver" != "$kver" ]; then
		echo "build-initramfs: $kmod is for $kmod_kver, the guest runs $kver" >&2
		exit 1
	fi
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
chmod 755 "$root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,etc,lab/modules,lab/kmod}

cp /bin/busybox "$root/bin/busybox"
# (grep -q would stop reading early and fail the pipe under pipefail)
applets=$("$root/bin/busybox" --list)
grep -qx base64 <<<"$applets" || {
	echo "build-initramfs: /bin/busybox has no base64 applet" >&2
	exit 1
}
install -m 0755 "$here/init" "$root/init"
# busybox su looks the user up in these.
printf 'root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n' \
	>"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"

# Modules go in decompressed, since busybox insmod may not read .ko.xz;
# the init loads them in the order of lab/modules/order.
for m in $MODS; do
	f=$(modinfo -k "$kver" -n "$m") || {
		echo "build-initramfs: module $m not found for $kver" >&2
		exit 1
	}
	case "$f" in
	*.ko.xz) xz -dc "$f" >"$root/lab/modules/$m.ko" ;;
	*.ko.zst) zstd -dcq "$f" >"$root/lab/modules/$m.ko" ;;
	*.ko.gz) gzip -dc "$f" >"$root/lab/modules/$m.ko" ;;
	*) cp "$f" "$root/lab/modules/$m.ko" ;;
	esac
	echo "$m" >>"$root/lab/modules/order"
done
# Not in the order list: the init loads it after the scans, so that
# whatever it does cannot touch what they read.
[ -z "$kmod" ] || cp "$kmod" "$root/lab/kmod/pasid_scan_match.ko"

# The scanner goes to a fixed path; its libraries to where the loader
# looks for them, which is the path ldd printed.
install -m 0755 "$(readlink -f "$bin")" "$root/usr/bin/pasid-scan"
if ldd "$bin" >/dev/null 2>&1; then
	for l in $(ldd "$bin" | grep -o '/[^ ]*'); do
		mkdir -p "$root$(dirname "$l")"
		cp -Ln "$l" "$root$l"
	done
fi

mkdir -p "$out"
(cd "$root" && find . -print0 | cpio --null -o -H newc -R 0:0 --quiet) |
	gzip -1 >"$out/initramfs.cpio.gz"
cp "/boot/vmlinuz-$kver" "$out/vmlinuz"
echo "$kver" >"$out/kver"
