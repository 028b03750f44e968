#!/bin/bash
# Build the tables 'pasid-scan gen' writes the way their users would:
# the kernel header into tests/kmod/pasid_scan_match.ko against installed
# kernel headers (W=1, -Werror), the QEMU table into
# tests/qemu_table_check.c ($CC, default cc, -std=gnu11 -Wall -Wextra
# -Werror), which then runs and must give each key the offset
# 'pasid-scan lookup' gives.
#
# Usage: check-kmod.sh [--out DIR] [--kver KVER] [--bin PASID_SCAN]
#                      [--require-headers]
#                      [--kernel FILE.h] [--qemu FILE.h] [--yaml MAP]
#                      [--ko FILE]
#   no --kernel/--qemu  build a store from tests/fixtures (the lab guest's
#                       root record and sysfs tree, the QEMU lab dumps, and
#                       the synthetic dumps if built), generate the tables
#                       with and without --all and check both; then check
#                       that a header naming a vendor the kernel has no
#                       name for, and rows with a value too big for their
#                       field, fail to build, so that a pass means something
#   --kernel FILE.h     check that kernel header instead
#   --qemu FILE.h       check that QEMU table instead
#   --yaml MAP          compare the QEMU table's rows with this map
#   --ko FILE           copy the module built from --kernel to FILE
#   --kver KVER         the kernel release to build for (default: the
#                       newest with both /boot/vmlinuz-KVER and headers)
#   --require-headers   no kernel headers is a failure, not a skip
#   --bin PASID_SCAN    the binary that generates (default $PASID_SCAN,
#                       else build/pasid-scan)
#   --out DIR           work directory (default build/kmod); the source
#                       tree is only read
# KDIR overrides the kernel build directory.  The synthetic dumps are
# $SYNTH, else fixtures/synthetic next to the binary.
#
# One "ok", "FAIL" or "skip" line per check, then
# "check-kmod: N passed, N failed, N skipped".  Exit status 0 when nothing
# failed - a skip is not a failure: without kernel headers the module
# checks are skipped and the QEMU ones still run - 1 when something
# failed, 2 on a usage error.
set -euo pipefail
export LC_ALL=C

usage() {
	echo "usage: check-kmod.sh [--out DIR] [--kver KVER] [--bin PASID_SCAN] [--require-headers]" >&2
	echo "                     [--kernel FILE.h] [--qemu FILE.h] [--yaml MAP] [--ko FILE]" >&2
	exit 2
}

here=$(cd "$(dirname "$0")/.." && pwd)
out=$here/build/kmod
kver=${KVER:-}
bin=${PASID_SCAN:-$here/build/pasid-scan}
require=0
kernel_h=""
qemu_h=""
yaml=""
ko=""
while [ $# -gt 0 ]; do
	case "$1" in
	--out | --kver | --bin | --kernel | --qemu | --yaml | --ko)
		[ $# -ge 2 ] || usage
		case "$1" in
		--out) out=$2 ;;
		--kver) kver=$2 ;;
		--bin) bin=$2 ;;
		--kernel) kernel_h=$2 ;;
		--qemu) qemu_h=$2 ;;
		--yaml) yaml=$2 ;;
		--ko) ko=$2 ;;
		esac
		shift 2
		;;
	--require-headers)
		require=1
		shift
		;;
	*) usage ;;
	esac
done
[ -z "$ko" ] || [ -n "$kernel_h" ] || usage
[ -z "$yaml" ] || [ -n "$qemu_h" ] || usage
# Files given relative to where we were called from stay valid below.
for v in kernel_h qemu_h yaml ko; do
	f=${!v}
	[ -z "$f" ] || [ "${f#/}" != "$f" ] || printf -v "$v" '%s' "$PWD/$f"
done

pass=0
fail=0
skip=0
ok() {
	echo "ok   $*"
	pass=$((pass + 1))
}
bad() {
	echo "FAIL $*"
	fail=$((fail + 1))
}
skipped() {
	echo "skip $*"
	skip=$((skip + 1))
}
finish() {
	echo "check-kmod: $pass passed, $fail failed, $skip skipped"
	[ $fail -eq 0 ] && exit 0
	exit 1
}
# errline FILE: the compiler's first error in a build log, else the
# log's last line, to quote in a failure.
errline() {
	{ grep -m1 'error:' "$1" || tail -n1 "$1"; } 2>/dev/null
}

if ! mkdir -p "$out" 2>/dev/null || [ ! -w "$out" ]; then
	echo "check-kmod: cannot write to $out (give --out DIR)" >&2
	exit 1
fi
out=$(cd "$out" && pwd)

# --- which kernel ---------------------------------------------------------

# A kernel's build directory: Debian's headers package, or what the
# modules directory points at.
kdir_of() {
	local d
	for d in "/usr/src/linux-headers-$1" "/lib/modules/$1/build"; do
		if [ -f "$d/Makefile" ] && [ -f "$d/Module.symvers" ]; then
			echo "$d"
			return 0
		fi
	done
	return 1
}

# The newest kernel that is installed and has headers: the module is
# built for a kernel that can boot, as the lab guest does.
pick_kver() {
	local f v
	for f in $(printf '%s\n' /boot/vmlinuz-* | sort -rV); do
		v=${f#/boot/vmlinuz-}
		[ -e "$f" ] && kdir_of "$v" >/dev/null && {
			echo "$v"
			return 0
		}
	done
	return 1
}

kdir=${KDIR:-}
if [ -z "$kdir" ]; then
	[ -n "$kver" ] || kver=$(pick_kver) || kver=""
	[ -z "$kver" ] || kdir=$(kdir_of "$kver") || kdir=""
elif [ -z "$kver" ]; then
	kver=$(basename "$kdir")
fi
no_headers="no kernel headers for ${kver:-an installed kernel} (Debian: apt-get install linux-headers-amd64)"

# --- the checks -------------------------------------------------------------

# build_kmod LABEL HEADER: build the module with HEADER as its
# pasid_scan_vpasid.h, in $out/LABEL.  Its log is $out/LABEL/build.log.
build_kmod() {
	local d=$out/$1
	rm -rf "$d"
	mkdir -p "$d/hdr"
	cp "$here/tests/kmod/Kbuild" "$here/tests/kmod/pasid_scan_match.c" "$d/"
	cp "$2" "$d/hdr/pasid_scan_vpasid.h"
	# A make above this script (make check-kmod, a CC=clang build) must
	# not hand its variables to the kernel's: the kernel picks its own
	# compiler and flags.
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES \
		make -C "$kdir" M="$d" W=1 KCFLAGS=-Werror \
		PASID_SCAN_HDR_DIR="$d/hdr" modules >"$d/build.log" 2>&1
}

# check_kmod LABEL HEADER
check_kmod() {
	local n
	if [ -z "$kdir" ]; then
		if [ $require -eq 1 ]; then
			bad "kmod $1: $no_headers"
		else
			skipped "kmod $1: $no_headers"
		fi
		return 0
	fi
	if build_kmod "$1" "$2" && [ -f "$out/$1/pasid_scan_match.ko" ]; then
		n=$(grep -cE '^[[:space:]]*\{ PCI_(V?DEVICE|DEVICE_SUB)\(' "$2" || true)
		ok "kmod $1: pasid_scan_match.ko builds for $kver with W=1 -Werror ($n ID rows)"
	else
		bad "kmod $1: build for $kver failed ($out/$1/build.log): $(errline "$out/$1/build.log")"
	fi
}

# must_fail KIND LABEL FILE PATTERN WHAT: build_KIND must not build
# FILE, and for the reason PATTERN (an ERE on the build log) names.
must_fail() {
	if "build_$1" "$2" "$3"; then
		bad "$1 $2: $5 built"
	elif grep -qE "$4" "$out/$2/build.log"; then
		ok "$1 $2: $5 fails to build"
	else
		bad "$1 $2: $5 failed, but not on /$4/: $(errline "$out/$2/build.log")"
	fi
}

# check_kmod_fails LABEL HEADER PATTERN WHAT
check_kmod_fails() {
	[ -n "$kdir" ] || {
		skipped "kmod $1: $no_headers"
		return 0
	}
	must_fail kmod "$@"
}

QCFLAGS="-std=gnu11 -Wall -Wextra -Werror"

# build_qemu LABEL TABLE: tests/qemu_table_check.c with TABLE, in
# $out/LABEL; the log is $out/LABEL/build.log.
build_qemu() {
	local d=$out/$1
	rm -rf "$d"
	mkdir -p "$d"
	cp "$2" "$d/pasid_scan_qemu_table.h"
	# shellcheck disable=SC2086
	${CC:-cc} $QCFLAGS -I"$d" -o "$d/qemu_table_check" \
		"$here/tests/qemu_table_check.c" >"$d/build.log" 2>&1
}

# check_qemu LABEL TABLE [MAP]: it builds, its rows pass the program's
# checks, and with MAP each row's offset is what lookup gives its key.
check_qemu() {
	local d=$out/$1 rows diffs
	if ! build_qemu "$1" "$2"; then
		bad "qemu $1: ${CC:-cc} $QCFLAGS failed ($d/build.log): $(errline "$d/build.log")"
		return 0
	fi
	if ! "$d/qemu_table_check" >"$d/rows" 2>"$d/rows.err"; then
		bad "qemu $1: table rows rejected: $(head -n1 "$d/rows.err")"
		return 0
	fi
	rows=$(wc -l <"$d/rows")
	if [ -z "${3:-}" ]; then
		ok "qemu $1: table builds with $QCFLAGS, $rows rows"
		return 0
	fi
	# lookup prints "KEY VERDICT vpasid=X vpri=Y vats=Z"; the table
	# has the key and vpasid=X.
	diffs=$(while read -r key want; do
		got=$("$bin" lookup --map "$3" "$key" 2>/dev/null | awk '{ print $3; exit }')
		[ "$got" = "$want" ] || printf '%s: table %s, map %s; ' "$key" "$want" "${got:-(none)}"
	done <"$d/rows")
	if [ -z "$diffs" ]; then
		ok "qemu $1: table builds with $QCFLAGS, its $rows rows agree with lookup"
	else
		bad "qemu $1: table rows differ from the map: $diffs"
	fi
}

# check_qemu_fails LABEL TABLE PATTERN WHAT
check_qemu_fails() { must_fail qemu "$@"; }

# --- given tables -----------------------------------------------------------

if [ -n "$kernel_h$qemu_h" ]; then
	if [ -n "$kernel_h" ]; then
		check_kmod given "$kernel_h"
		if [ -n "$ko" ]; then
			if [ -f "$out/given/pasid_scan_match.ko" ]; then
				mkdir -p "$(dirname "$ko")"
				cp "$out/given/pasid_scan_match.ko" "$ko"
			else
				bad "kmod given: no module to copy to $ko"
			fi
		fi
	fi
	[ -z "$qemu_h" ] || check_qemu given "$qemu_h" "$yaml"
	finish
fi

# --- tables from the fixtures -----------------------------------------------

if [ ! -x "$bin" ] || [ -d "$bin" ]; then
	bad "gen: $bin: not an executable file (run make first, or give --bin)"
	finish
fi
bin=$(readlink -f "$bin")
synth=${SYNTH:-$(dirname "$bin")/fixtures/synthetic}
fx=$here/tests/fixtures
g=$out/gen
rm -rf "$g"
mkdir -p "$g/default" "$g/all"

# Not tests/fixtures/lab/user.rec: an unprivileged scan reads 64 bytes of
# each function, and partial reads leave every key's extended space
# unknown.
inputs=("$fx/lab/root.rec" "$fx/qemu-lab")
[ -d "$synth" ] && inputs+=("$synth")
grc=0
{
	"$bin" replay --db "$g/fixtures.db" "${inputs[@]}" &&
		"$bin" scan --sysfs "$fx/sysfs/lab" --db "$g/fixtures.db" &&
		"$bin" gen --db "$g/fixtures.db" --kernel "$g/default/vpasid.h" \
			--qemu "$g/default/qemu.h" --yaml "$g/default/map.yaml" &&
		"$bin" gen --db "$g/fixtures.db" --all --kernel "$g/all/vpasid.h" \
			--qemu "$g/all/qemu.h" --yaml "$g/all/map.yaml"
} >"$g/gen.log" 2>&1 || grc=$?
if [ $grc -ne 0 ]; then
	bad "gen: tables from the fixture store: exit status $grc: $(tail -n1 "$g/gen.log")"
	finish
fi
if [ -d "$synth" ]; then
	ok "gen: tables with and without --all from the lab and QEMU lab fixtures and the synthetic dumps"
else
	ok "gen: tables with and without --all from the lab and QEMU lab fixtures (no synthetic dumps in $synth: make fixtures)"
fi

for v in default all; do
	check_kmod "$v" "$g/$v/vpasid.h"
	check_qemu "$v" "$g/$v/qemu.h" "$g/$v/map.yaml"
done

# The checks must be able to fail.  A row naming a vendor <linux/pci_ids.h>
# does not define is what gen would write from a stale vendor list; a
# value wider than its field is what only -Werror stops.
mkdir -p "$g/broken"
awk '{ print }
	/pasid_scan_vpasid_fn_ids\[\].*= *\{/ {
		print "\t{ PCI_VDEVICE(PASID_SCAN_NO_SUCH_VENDOR, 0x0001), .driver_data = 0xff8 },"
	}' "$g/all/vpasid.h" >"$g/broken/vendor.h"
awk '{ print }
	/pasid_scan_free_ranges\[\].*= *\{/ {
		print "\t{ 0x1b36, 0x0010, 0, 0x10000, 0x008 },"
	}' "$g/all/vpasid.h" >"$g/broken/range.h"
awk '{ print }
	/vfio_vpasid_offset_table\[\] *= *\{/ {
		print "    { 0x1b36, 0x0010, false, 0x10000 },"
	}' "$g/all/qemu.h" >"$g/broken/qemu.h"
for f in vendor.h:vpasid.h range.h:vpasid.h qemu.h:qemu.h; do
	if cmp -s "$g/broken/${f%:*}" "$g/all/${f#*:}"; then
		bad "broken tables: found no table to add a row to in all/${f#*:}"
		finish
	fi
done
check_kmod_fails broken-vendor "$g/broken/vendor.h" PCI_VENDOR_ID_PASID_SCAN_NO_SUCH_VENDOR \
	"a row naming an unknown vendor"
check_kmod_fails broken-range "$g/broken/range.h" '\[-Werror' \
	"a free range at offset 0x10000 (u16 overflow under -Werror)"
check_qemu_fails broken-qemu "$g/broken/qemu.h" '\[-Werror' \
	"a QEMU row with offset 0x10000 (uint16_t overflow under -Werror)"

finish
