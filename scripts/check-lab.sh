#!/bin/bash
# End-to-end test on a real kernel: boot the host's Debian kernel in a
# QEMU q35 guest (TCG) with an intel-iommu, an SR-IOV NVMe PF with 4 VFs,
# a virtio device with ATS and an e1000e; run the given pasid-scan binary
# there as root and as nobody; check its records against what the guest
# kernel itself lists and reads.  Before the boot, the tables
# 'pasid-scan gen --all' writes from the lab fixtures are built into
# tests/kmod's module for the guest's kernel (scripts/check-kmod.sh); the
# guest loads it, and its matches must be what the offset map says.
# One "ok" or "FAIL" line per check, then "check-lab: N passed, N
# failed"; exit status 1 if any check failed.
#
# Usage: check-lab.sh PASID_SCAN_BINARY [--out DIR] [--update-fixtures]
#   --out DIR           where the guest, its console log and the files it
#                       sent go (default build/lab); read them on a failure
#   --update-fixtures   when every check passed, copy the records to
#                       tests/fixtures/lab/ and the guest's sysfs tree to
#                       tests/fixtures/sysfs/lab/, replacing what is there
# LAB_TIMEOUT bounds the guest's run in seconds (default 120).
set -euo pipefail
# sort and comm must agree on the order.
export LC_ALL=C

usage() {
	echo "usage: check-lab.sh PASID_SCAN_BINARY [--out DIR] [--update-fixtures]" >&2
	exit 2
}

here=$(cd "$(dirname "$0")/.." && pwd)
lab=$here/scripts/lab
bin=""
out=$here/build/lab
update=0
while [ $# -gt 0 ]; do
	case "$1" in
	--out)
		[ $# -ge 2 ] || usage
		out=$2
		shift 2
		;;
	--update-fixtures)
		update=1
		shift
		;;
	-*) usage ;;
	*)
		[ -z "$bin" ] || usage
		bin=$1
		shift
		;;
	esac
done
[ -n "$bin" ] || usage
if [ ! -x "$bin" ] || [ -d "$bin" ]; then
	echo "check-lab: $bin: not an executable file" >&2
	exit 1
fi
bin=$(readlink -f "$bin")
timeout=${LAB_TIMEOUT:-120}
export LAB_TIMEOUT=$timeout
t0=$(date +%s%N)

"$here/scripts/install-deps.sh" --lab

# Start from nothing, so that no file of an earlier run passes for this
# one's.
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -rf "$out/guest" "$out/files" "$out/sysfs-tree" "$out/work" "$out/gen" "$out/kmod"
rm -f "$out/serial.log" "$out/qemu-cmdline" "$out/qemu.stderr" "$out/results"
mkdir -p "$out/files" "$out/work" "$out/gen"
F=$out/files
W=$out/work
G=$out/gen

pass=0
fail=0
ok() {
	echo "ok   $*" | tee -a "$out/results"
	pass=$((pass + 1))
}
bad() {
	echo "FAIL $*" | tee -a "$out/results"
	fail=$((fail + 1))
}

echo "check-lab: testing $bin"

# --- the generated tables, built for the guest's kernel -------------------

# The store holds what the fixtures recorded in this same guest: the root
# scan and the sysfs tree.  Not user.rec: its partial reads would leave
# every key unknown.  The module is built for the kernel the guest will
# boot, and the initramfs is then built for that same one.
kver=$("$lab/build-initramfs.sh" --print-kver)
export LAB_KVER=$kver
ko=""
grc=0
{
	"$bin" replay --db "$G/lab.db" "$here/tests/fixtures/lab/root.rec" &&
		"$bin" scan --sysfs "$here/tests/fixtures/sysfs/lab" --db "$G/lab.db" &&
		"$bin" gen --db "$G/lab.db" --all --kernel "$G/vpasid.h" \
			--qemu "$G/qemu.h" --yaml "$G/map.yaml"
} >"$G/gen.log" 2>&1 || grc=$?
krc=0
if [ $grc -eq 0 ]; then
	"$here/scripts/check-kmod.sh" --require-headers --kver "$kver" --bin "$bin" \
		--out "$out/kmod" --kernel "$G/vpasid.h" --ko "$G/pasid_scan_match.ko" \
		--qemu "$G/qemu.h" --yaml "$G/map.yaml" >"$G/check-kmod.log" 2>&1 || krc=$?
fi
if [ $grc -ne 0 ]; then
	bad "gen --all from the lab fixtures: exit status $grc: $(tail -n1 "$G/gen.log")"
elif [ $krc -ne 0 ] || [ ! -f "$G/pasid_scan_match.ko" ]; then
	bad "gen --all tables from the lab fixtures do not build (gen/check-kmod.log):" \
		"$(grep -m1 '^FAIL' "$G/check-kmod.log" || tail -n1 "$G/check-kmod.log")"
else
	ko=$G/pasid_scan_match.ko
	ok "gen --all tables from the lab fixtures build: pasid_scan_match.ko for $kver" \
		"(W=1 -Werror), the QEMU table agreeing with the map"
fi

"$lab/build-initramfs.sh" "$out/guest" "$bin" ${ko:+"$ko"}
echo "check-lab: booting $(cat "$out/guest/kver") under TCG (console: $out/serial.log)"
t1=$(date +%s%N)
qrc=0
"$lab/run-guest.sh" "$out/guest" "$out" || qrc=$?
t2=$(date +%s%N)
guest_s=$(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')

frc=0
awk -v dir="$F" -f "$lab/frames.awk" "$out/serial.log" || frc=$?

# have NAME: the guest sent NAME whole.
have() { grep -qxF "$1" "$F/.frames" 2>/dev/null; }
# rc NAME: the exit status the guest wrote to NAME.rc, or "none".
rc() { if have "$1.rc"; then head -n1 "$F/$1.rc"; else echo none; fi; }
# firstline FILE: its first line, to quote in a failure.
firstline() { head -n1 "$1" 2>/dev/null || true; }
# bdfs FILE: the distinct first words of FILE, sorted.
bdfs() { awk '{ print $1 }' "$1" 2>/dev/null | sort -u; }
# parse_record NAME: NAME.rec into NAME.meta ("bdf key value"), NAME.bytes
# ("bdf offset byte") and NAME.meta.bdfs; the status is hexbytes.awk's.
parse_record() {
	local st=0
	awk -f "$lab/meta.awk" "$F/$1.rec" >"$W/$1.meta"
	awk -v record=1 -f "$lab/hexbytes.awk" "$F/$1.rec" >"$W/$1.bytes" 2>"$W/$1.bytes.err" || st=$?
	awk '$2 == "-"' "$W/$1.meta" | bdfs /dev/stdin >"$W/$1.meta.bdfs"
	return $st
}

# --- the guest ran to its end -------------------------------------------

if [ $qrc -eq 0 ] && tr -d '\r' <"$out/serial.log" | grep -q '^LAB-DONE'; then
	ok "guest finished in ${guest_s} s (timeout ${timeout} s)"
elif [ $qrc -eq 124 ]; then
	bad "guest did not finish within ${timeout} s"
else
	bad "guest did not finish: qemu exit status $qrc, $(firstline "$out/qemu.stderr")"
fi

expect="lab.log root.rc root.stderr root.stdout root.rec user.rc user.stderr
user.stdout user.rec userfull.rc userfull.stderr userfull.stdout
guest-list guest-config sysfs-tree.tar.gz.b64"
missing=""
for f in $expect; do
	have "$f" || missing="$missing $f"
done
if [ -z "$missing" ] && [ $frc -eq 0 ]; then
	ok "guest sent all $(echo "$expect" | wc -w) files"
else
	bad "guest files missing or malformed:${missing:- (see frames errors above)}"
fi

# --- what the guest knows, in forms the checks compare ---------------------

# guest-list has "BDF vendor device class physfn-or-dash" per function,
# guest-config each function's address and its config bytes as root
# reads them.  Missing files count as empty: their checks fail.
touch "$F/guest-list" "$F/guest-config" "$F/root.rec" "$F/user.rec"
awk -f "$lab/hexbytes.awk" "$F/guest-config" >"$W/guest.bytes" 2>"$W/guest.bytes.err" || true
mkdir -p "$out/sysfs-tree"
trc=0
base64 -d "$F/sysfs-tree.tar.gz.b64" 2>/dev/null |
	tar -xzf - -C "$out/sysfs-tree" --no-same-owner 2>"$W/tree.err" || trc=$?

# What each function's metadata should say, from the guest's own view.
# link LINK: what the scanner records for it, readlink's last component.
link() { if [ -L "$1" ]; then basename "$(readlink "$1")"; else echo -; fi; }
for d in "$out"/sysfs-tree/devices/*; do
	[ -d "$d" ] || continue
	b=${d##*/}
	kind=fn
	[ -e "$d/sriov_totalvfs" ] && kind=pf
	[ -L "$d/physfn" ] && kind=vf
	echo "$b kind $kind"
	echo "$b driver $(link "$d/driver")"
	echo "$b iommu_group $(link "$d/iommu_group")"
	for a in numa_node sriov_totalvfs sriov_numvfs sriov_offset sriov_stride; do
		[ -f "$d/$a" ] && echo "$b $a $(cat "$d/$a")"
	done
	# The kernel prints this one in hex without 0x, unlike vendor and
	# device; the record writes all IDs the same way.
	[ -f "$d/sriov_vf_device" ] &&
		printf '%s sriov_vf_device 0x%04x\n' "$b" "0x$(cat "$d/sriov_vf_device")"
	# A PF's virtfnN names its VF number N.
	for v in "$d"/virtfn*; do
		[ -L "$v" ] && echo "$(link "$v") vfindex ${v##*/virtfn}"
	done
done >"$W/expect.tree"
awk '{ print $1, "vendor", $2; print $1, "device", $3;
       print $1, "class", $4; print $1, "physfn", $5 }' \
	"$F/guest-list" >"$W/expect.list"
awk '{ n[$1]++ } END { for (b in n) print b, "cfgsize", n[b] }' \
	"$W/guest.bytes" >"$W/expect.size"
cat "$W/expect.list" "$W/expect.tree" "$W/expect.size" | sort >"$W/expect.meta"

# --- the root scan ------------------------------------------------------

r=$(rc root)
if [ "$r" = 0 ]; then
	ok "root scan exit status 0"
else
	bad "root scan exit status $r: $(firstline "$F/root.stderr")"
fi

hrc=0
parse_record root || hrc=$?

bdfs "$F/guest-list" >"$W/guest.bdfs"
bdfs "$W/root.bytes" >"$W/root.dump.bdfs"
nfn=$(wc -l <"$W/guest.bdfs")
nvf=$(awk '$5 != "-"' "$F/guest-list" | wc -l)
only_guest=$(comm -23 "$W/guest.bdfs" "$W/root.meta.bdfs" | tr '\n' ' ')
only_root=$(comm -13 "$W/guest.bdfs" "$W/root.meta.bdfs" | tr '\n' ' ')
only_dump=$(comm -3 "$W/root.meta.bdfs" "$W/root.dump.bdfs" | tr -d '\t' | tr '\n' ' ')
if [ "$nfn" -gt 0 ] && [ "$nvf" -gt 0 ] && [ -z "$only_guest$only_root$only_dump" ]; then
	ok "root record has the guest's $nfn functions ($nvf VFs)"
else
	bad "root record vs guest: $nfn functions, $nvf VFs; only in guest: ${only_guest:--};" \
		"only in record: ${only_root:--}; metadata without dump or dump without metadata: ${only_dump:--}"
fi

# Every VF: the IDs and the PF the kernel gives it.  Its own config reads
# ffff:ffff, so the scanner has to get them elsewhere.
vfbad=$(awk 'NR == FNR { m[$1 " " $2] = $3; next }
	$5 != "-" {
		for (k = 2; k <= 5; k++) {
			key = (k == 2) ? "vendor" : (k == 3) ? "device" : (k == 4) ? "kind" : "physfn"
			want = (k == 4) ? "vf" : $k
			got = ($1 " " key) in m ? m[$1 " " key] : "(none)"
			if (tolower(got) != tolower(want))
				printf "%s %s=%s, guest %s; ", $1, key, got, want
		}
	}' "$W/root.meta" "$F/guest-list")
if [ "$nvf" -gt 0 ] && [ -z "$vfbad" ]; then
	ok "root record: each VF's vendor, device, kind and physfn are the guest's ($nvf VFs)"
else
	bad "root record VF identity: ${vfbad:-no VFs}"
fi

vfraw=$(awk 'NR == FNR { if ($5 != "-") vf[$1] = 1; next }
	($1 in vf) && $2 < 4 { id[$1] = id[$1] $3 }
	END { for (b in vf) if (id[b] != "ffffffff") printf "%s reads %s; ", b, id[b] }' \
	"$F/guest-list" "$W/guest.bytes")
if [ "$nvf" -gt 0 ] && [ -z "$vfraw" ]; then
	ok "guest reads ff ff ff ff at 0..3 of each VF's config"
else
	bad "VF raw IDs: ${vfraw:-no VFs}"
fi

# The rest of the metadata, by key.  vendor, device, class and kind must
# be there; a function with no driver or physfn may leave the key out;
# cfgsize, iommu_group, numa_node, vfindex and the PF's sriov_* are
# compared where recorded.
metabad=$(awk 'NR == FNR { m[$1 " " $2] = $3; next }
	{
		k = $1 " " $2
		if (!(($1 " -") in m)) {
			# no metadata at all: the function-set check says so
		} else if (k in m) {
			if (tolower(m[k]) != tolower($3))
				printf "%s %s=%s, guest %s; ", $1, $2, m[k], $3
		} else if ($2 ~ /^(vendor|device|class|kind)$/ ||
			   ($2 ~ /^(driver|physfn)$/ && $3 != "-")) {
			printf "%s %s missing, guest %s; ", $1, $2, $3
		} else if ($2 !~ /^(driver|physfn)$/) {
			unrec[$2]++
		}
	}
	END {
		for (k in unrec)
			printf " (%s not recorded for %d functions)", k, unrec[k] > "/dev/stderr"
	}' "$W/root.meta" "$W/expect.meta" 2>"$W/meta.notes")
partial=$(awk '$2 == "partial" { printf "%s ", $1 }' "$W/root.meta")
if [ -s "$W/expect.meta" ] && [ -z "$metabad$partial" ]; then
	ok "root record metadata agrees with the guest's sysfs, none partial$(cat "$W/meta.notes")"
else
	bad "root record metadata: ${metabad:-nothing to compare}${partial:+partial=1 on $partial}$(cat "$W/meta.notes")"
fi

# Every byte, and every byte there is.
bytesum=$(awk 'NR == FNR { g[$1 " " $2] = $3; n[$1]++; next }
	{
		k = $1 " " $2
		r[$1]++
		total++
		if (!(k in g))
			extra[$1]++
		else if (g[k] != $3) {
			diff++
			if (diff <= 5)
				printf "%s %03x: record %s, guest %s; ", $1, $2, $3, g[k]
		}
	}
	END {
		for (b in n) {
			if (n[b] != 4096 && n[b] != 256)
				printf "%s: guest read %d bytes; ", b, n[b]
			if (r[b] != n[b])
				printf "%s: %d bytes recorded of %d; ", b, r[b], n[b]
		}
		for (b in extra)
			printf "%s: %d bytes past the guest read; ", b, extra[b]
		if (diff)
			printf "%d bytes differ; ", diff
		printf "|%d\n", total
	}' "$W/guest.bytes" "$W/root.bytes")
compared=${bytesum##*|}
bytesum=${bytesum%|*}
if [ $hrc -eq 0 ] && [ -s "$W/guest.bytes" ] && [ -z "$bytesum" ] && [ "$compared" -gt 0 ]; then
	ok "root record: all $compared bytes equal the guest's read, full length"
else
	bad "root record bytes: ${bytesum}$(firstline "$W/root.bytes.err") ($compared compared)"
fi

if command -v lspci >/dev/null; then
	lrc=0
	lspci -F "$F/root.rec" -vvv >"$W/lspci-root.txt" 2>&1 || lrc=$?
	ln=$(grep -c '^[0-9a-f]' "$W/lspci-root.txt" || true)
	if [ $lrc -eq 0 ] && [ "$nfn" -gt 0 ] && [ "$ln" = "$nfn" ]; then
		ok "lspci -F decodes the root record: $ln functions"
	else
		bad "lspci -F root.rec -vvv: exit status $lrc, $ln functions, guest $nfn"
	fi
else
	bad "lspci -F root.rec: no lspci on the host (install pciutils)"
fi

# --- nobody: 64 bytes per function, said once ----------------------------

r=$(rc user)
if [ "$r" = 0 ]; then
	ok "unprivileged scan exit status 0"
else
	bad "unprivileged scan exit status $r: $(firstline "$F/user.stderr")"
fi

n64=$(grep -c '64 bytes' "$F/user.stderr" 2>/dev/null || true)
if [ "$n64" = 1 ]; then
	ok "unprivileged scan says once that only 64 bytes could be read"
else
	bad "unprivileged scan stderr: ${n64:-0} lines with \"64 bytes\", not 1: $(firstline "$F/user.stderr")"
fi

urc=0
parse_record user || urc=$?
notpartial=$(awk '$2 == "-" { fn[$1] = 1 } $2 == "partial" && $3 == "1" { p[$1] = 1 }
	END { for (b in fn) if (!(b in p)) printf "%s ", b }' "$W/user.meta")
uset=$(comm -3 "$W/guest.bdfs" "$W/user.meta.bdfs" | tr -d '\t' | tr '\n' ' ')
if [ "$nfn" -gt 0 ] && [ -z "$uset$notpartial" ]; then
	ok "unprivileged record: the guest's $nfn functions, each partial=1"
else
	bad "unprivileged record: not in both it and the guest: ${uset:--}; without partial=1: ${notpartial:--}"
fi

usum=$(awk 'NR == FNR { g[$1 " " $2] = $3; next }
	{ n[$1]++; if (g[$1 " " $2] != $3) diff++ }
	END {
		for (b in n) if (n[b] != 64) printf "%s: %d bytes; ", b, n[b]
		if (diff) printf "%d bytes differ from the guest read; ", diff
	}' "$W/guest.bytes" "$W/user.bytes")
ulines=$(awk '/^[0-9a-f]+:( [0-9a-f][0-9a-f])+ *$/ { n++ } END { print n + 0 }' "$F/user.rec")
if [ $urc -eq 0 ] && [ -s "$W/user.bytes" ] && [ -z "$usum" ] && [ "$ulines" -eq $((4 * nfn)) ]; then
	ok "unprivileged record: 64 bytes (4 lines) per function, equal to the guest's read"
else
	bad "unprivileged record bytes: ${usum}$ulines hex lines for $nfn functions $(firstline "$W/user.bytes.err")"
fi

r=$(rc userfull)
if [ "$r" = 3 ] && [ -s "$F/userfull.stderr" ]; then
	ok "unprivileged scan with --require-full: exit status 3, $(tail -n1 "$F/userfull.stderr")"
else
	bad "unprivileged scan with --require-full: exit status $r (want 3), stderr: $(firstline "$F/userfull.stderr")"
fi

# --- the sysfs tree, a fixture for libpci's sysfs method ----------------

ntree=0
nconf=0
if [ -d "$out/sysfs-tree/devices" ]; then
	ntree=$(find "$out/sysfs-tree/devices" -mindepth 1 -maxdepth 1 -type d | wc -l)
	nconf=$(find "$out/sysfs-tree/devices" -mindepth 2 -maxdepth 2 -name config -type f | wc -l)
fi
if [ $trc -eq 0 ] && [ "$ntree" -eq "$nfn" ] && [ "$nconf" -eq "$nfn" ] && [ "$nfn" -gt 0 ]; then
	ok "sysfs tree unpacked: $ntree functions with config"
else
	bad "sysfs tree: tar exit status $trc, $ntree directories, $nconf config files, guest $nfn functions $(firstline "$W/tree.err")"
fi

# The tree replayed on the host must give the guest's root record: the
# fixture then stands for the real kernel.  Only the line about the host
# the scan ran on may differ.
rrc=0
"$bin" scan --sysfs "$out/sysfs-tree" --record "$W/replay.rec" -q \
	>/dev/null 2>"$W/replay.stderr" || rrc=$?
grep -v '^# pasid-scan: host ' "$F/root.rec" >"$W/root.nohost" || true
grep -v '^# pasid-scan: host ' "$W/replay.rec" >"$W/replay.nohost" 2>/dev/null || true
if [ $rrc -eq 0 ] && [ -s "$W/root.nohost" ] && cmp -s "$W/root.nohost" "$W/replay.nohost"; then
	ok "the sysfs tree replayed on the host gives the root record"
else
	diff "$W/root.nohost" "$W/replay.nohost" >"$W/replay.diff" || true
	bad "sysfs tree replay: exit status $rrc, $(grep -c '^[<>]' "$W/replay.diff" || true) lines differ" \
		"(work/replay.diff) $(firstline "$W/replay.stderr")"
fi

# --- the module: what the tables give each function of the guest -------

# kmod.log holds the module's kernel log lines:
#	[ time] pasid_scan_match: BDF VVVV:DDDD:fn|vf vpasid=OFF|none ranges=N
#	[ time] pasid_scan_match: matched N of M functions, R free ranges ...
# and the kernel's own lines about loading it, which are ignored.
touch "$F/kmod.log"
sed -n 's/.*pasid_scan_match: \([0-9a-f:.]*\) \([0-9a-f]\{4\}:[0-9a-f]\{4\}\):\(fn\|vf\) vpasid=\([^ ]*\) ranges=\([0-9]*\)$/\1 \2 \3 \4 \5/p' \
	"$F/kmod.log" | sort >"$W/kmod.matches"
summary=$(sed -n 's/.*pasid_scan_match: \(matched [0-9]* of [0-9]* functions.*\)/\1/p' "$F/kmod.log" | tail -n1)
nmatch=$(wc -l <"$W/kmod.matches")
r=$(rc kmod)
if [ -z "$ko" ]; then
	bad "module not loaded in the guest: it did not build"
elif [ "$r" = 0 ] && [ -n "$summary" ] &&
	[ "${summary%%,*}" = "matched $nmatch of $nfn functions" ]; then
	ok "pasid_scan_match.ko loaded in the guest: $summary"
else
	bad "pasid_scan_match.ko in the guest: insmod exit status $r $(firstline "$F/kmod.stderr"), summary" \
		"\"${summary:-none}\" with $nmatch lines and $nfn guest functions"
fi

# The functions whose key gen --all puts in the C tables (QEMU extends
# it: the default, another offset or none), by the key and kind the
# guest gives them: each must be matched, as what it is, and nothing
# else.
: >"$W/kmod.expect"
while read -r b v d _ p; do
	key=$(printf '%04x:%04x' "$v" "$d")
	kind=fn
	[ "$p" = - ] || kind=vf
	"$bin" lookup --map "$G/map.yaml" "$key:$kind" 2>/dev/null |
		grep -qE '^[^ ]+ (default-safe|other-offset|no-safe-offset) ' &&
		echo "$b $key $kind"
done <"$F/guest-list" | sort >"$W/kmod.expect"
awk '{ print $1, $2, $3 }' "$W/kmod.matches" >"$W/kmod.got"
missed=$(comm -23 "$W/kmod.expect" "$W/kmod.got" | paste -sd, -)
extra=$(comm -13 "$W/kmod.expect" "$W/kmod.got" | paste -sd, -)
nexp=$(wc -l <"$W/kmod.expect")
# The SR-IOV PF and each of its VFs, whatever else the map lists.
mvf=$(awk '$3 == "vf"' "$W/kmod.got" | wc -l)
pfs=$(awk '$5 != "-" { print $5 }' "$F/guest-list" | sort -u)
pfbad=""
for b in $pfs; do
	grep -q "^$b [0-9a-f:]* fn\$" "$W/kmod.got" || pfbad="$pfbad $b"
done
if [ "$nexp" -gt 0 ] && [ "$nvf" -gt 0 ] && [ "$mvf" -eq "$nvf" ] &&
	[ -z "$missed$extra$pfbad" ]; then
	ok "module matched the $nexp functions the C tables list, each as fn or vf ($nvf VFs and their PF among them)"
else
	bad "module matches vs map: not matched: ${missed:--}; matched but not listed or of another kind:" \
		"${extra:--}; $mvf of $nvf VFs; PFs not matched:${pfbad:- -}"
fi

# What each matched function got: the offset lookup gives its key, and
# as many free ranges as the map has free windows for it.
awk '
	function key() { return substr(v, 3) ":" substr(d, 3) " " k }
	/^- vendor: / { v = $3; d = ""; k = ""; inwin = 0; next }
	/^  device: / { d = $2; next }
	/^  kind: / { k = $2; next }
	/^  free-windows: *\[\]/ { n[key()] = 0; inwin = 0; next }
	/^  free-windows:/ { n[key()] = 0; inwin = 1; next }
	inwin && /^  - / { n[key()]++; next }
	/^  [^ -]/ { inwin = 0 }
	END { for (x in n) print x, n[x] }' "$G/map.yaml" >"$W/map.windows"
offbad=""
while read -r b key kind off nr; do
	want=$("$bin" lookup --map "$G/map.yaml" "$key:$kind" 2>/dev/null |
		awk '{ sub(/^vpasid=/, "", $3); print $3; exit }')
	[ "$off" = "$want" ] || offbad="$offbad $b $key $kind vpasid=$off, map ${want:-(none)};"
	wn=$(awk -v k="$key $kind" '$1 " " $2 == k { print $3 }' "$W/map.windows")
	[ "$nr" = "$wn" ] || offbad="$offbad $b $key $kind ranges=$nr, map ${wn:-(none)} free windows;"
done <"$W/kmod.matches"
if [ "$nmatch" -gt 0 ] && [ -z "$offbad" ]; then
	ok "module: each of the $nmatch matched functions has lookup's vpasid offset and the map's free windows"
else
	bad "module offsets vs lookup --map:${offbad:- no functions matched}"
fi

# --- write probing in the guest ------------------------------------------
# The guest probed after everything above was collected (scripts/lab/init
# says in what order); cfg-* are md5 sums of every function's config.

# nofile NAME...: the names the guest did not send.
nofile() { local f m=""; for f in "$@"; do have "$f" || m="$m $f"; done; echo "$m"; }
# samecfg A B: the two hash lists agree on every function.
samecfg() { have "$1" && have "$2" && cmp -s "$F/$1" "$F/$2"; }

m=$(nofile probe-refused.rc probe-refused.stderr)
nrvf=$(grep -c "not write-probed: its PF 0000:01:00.0 has driver nvme bound" "$F/probe-refused.stderr" 2>/dev/null || true)
if [ -z "$m" ] && [ "$(rc probe-refused)" = 0 ] &&
	grep -q '^pasid-scan: 0000:01:00.0: not write-probed: driver nvme is bound' "$F/probe-refused.stderr" &&
	[ "$nrvf" -ge 1 ] && ! grep -q 'write-probed [0-9]' "$F/probe-refused.stderr"; then
	ok "write probe with nvme bound: the PF and its $nrvf VFs refused, nothing probed"
else
	bad "write probe with nvme bound:$m exit $(rc probe-refused), $(firstline "$F/probe-refused.stderr")"
fi

m=$(nofile probe-dry.rc probe-dry.stdout probe-dry.stderr cfg-before cfg-after-dry)
ndry=$(wc -l <"$F/probe-dry.stdout" 2>/dev/null || echo 0)
nbr=$(grep -c 'not write-probed: a bridge' "$F/probe-dry.stderr" 2>/dev/null || true)
if [ -z "$m" ] && [ "$(rc probe-dry)" = 0 ] && samecfg cfg-before cfg-after-dry &&
	[ "$ndry" -gt 0 ] && [ "$nbr" = 5 ] &&
	grep -q '^pasid-scan: 0000:00:00.0: not write-probed: a bridge (class 060000)' "$F/probe-dry.stderr"; then
	ok "--dry-run: $ndry writes listed, the host bridge, root ports and ISA bridge refused ($nbr), every config byte unchanged"
else
	bad "--dry-run:$m exit $(rc probe-dry), $ndry writes, $nbr bridges refused, config $(samecfg cfg-before cfg-after-dry && echo same || echo CHANGED)"
fi

# QEMU makes every config byte past the 64-byte header writable and has
# each capability clear its own (pci_init_wmask() and pci_add_capability()
# in hw/pci/pci.c), so the emulated NVMe functions' gaps are scratch that
# takes any write: the probe must find every gap dword writable, put each
# back, and leave every byte as it was.
m=$(nofile probe.rc probe.stderr probe.rec cfg-rebound cfg-after-probe)
nprobed=$(grep -c '^pasid-scan: 0000:01:00\.[0-7]: write-probed [0-9]* gap dwords: ' "$F/probe.stderr" 2>/dev/null || true)
nall=$(grep -cE '^pasid-scan: 0000:01:00\.[0-7]: write-probed ([0-9]+) gap dwords: \1 writable, 0 moved another \(0 put back\); all restored and verified$' "$F/probe.stderr" 2>/dev/null || true)
nrw=$(grep -c '^# pasid-scan: [0-9a-f:.]* rw@' "$F/probe.rec" 2>/dev/null || true)
nlevel=$(grep -c '^# pasid-scan: [0-9a-f:.]* probe=write$' "$F/probe.rec" 2>/dev/null || true)
if [ -z "$m" ] && [ "$(rc probe)" = 0 ] && [ "$nprobed" -ge 2 ] && [ "$nall" = "$nprobed" ] &&
	[ "$nlevel" = "$nprobed" ] && [ "$nrw" -gt 0 ] && samecfg cfg-rebound cfg-after-probe; then
	ok "write probe of the NVMe PF and $((nprobed - 1)) VFs (pci-pf-stub): every gap dword writable (QEMU's config scratch), each restored, every config byte unchanged"
else
	bad "write probe of the NVMe PF and VFs:$m exit $(rc probe), $nprobed probed, $nall wholly writable, $nrw rw rows, config $(samecfg cfg-rebound cfg-after-probe && echo same || echo CHANGED): $(firstline "$F/probe.stderr")"
fi
# replayed, the record gives the same evidence: no free window is left
if [ -z "$m" ] && "$bin" show "$F/probe.rec" >"$W/probe.show" 2>"$W/probe.show.err" &&
	[ "$(grep -c 'vPASID: none (no-safe-offset)' "$W/probe.show" || true)" = "$nlevel" ] &&
	[ "$(grep -c 'Hidden: .* writable' "$W/probe.show" || true)" = "$nlevel" ]; then
	ok "the probed record replays: writable hidden registers in every gap, no room for a vPASID in any of the $nlevel"
else
	bad "the probed record replayed: $(grep -c 'no-safe-offset' "$W/probe.show" 2>/dev/null || true) of $nlevel without room: $(firstline "$W/probe.show.err")"
fi

m=$(nofile probe-bus0.rc probe-bus0.stderr)
if [ -z "$m" ] && [ "$(rc probe-bus0)" = 0 ] &&
	grep -q '^pasid-scan: 0000:00:00.0: not write-probed: a bridge (class 060000): never write-probed$' "$F/probe-bus0.stderr" &&
	[ "$(grep -c '^pasid-scan: 0000:00:0[456].0: not write-probed: a bridge (class 060400)' "$F/probe-bus0.stderr" || true)" = 3 ]; then
	ok "bus 0 write probe: host bridge and the 3 root ports refused; $(grep -c 'write-probed [0-9]' "$F/probe-bus0.stderr" || true) others probed"
else
	bad "bus 0 write probe:$m exit $(rc probe-bus0), $(firstline "$F/probe-bus0.stderr")"
fi

m=$(nofile crash.rc restore.rc restore.stdout cfg-after-restore)
if [ -z "$m" ] && [ "$(rc crash)" = 137 ] && [ "$(rc restore)" = 0 ] &&
	grep -q 'restored: [0-9]* writes\?, every journalled dword verified' "$F/restore.stdout" &&
	samecfg cfg-rebound cfg-after-restore; then
	ok "kill -9 during a write probe, then restore: $(firstline "$F/restore.stdout"); every config byte as before"
else
	bad "kill -9 then restore:$m probe exit $(rc crash), restore exit $(rc restore) $(firstline "$F/restore.stdout") $(firstline "$F/restore.stderr"), config $(samecfg cfg-rebound cfg-after-restore && echo same || echo CHANGED)"
fi

m=$(nofile probe-locked.rc probe-locked.stderr)
if [ -z "$m" ] && [ "$(rc probe-locked)" = 5 ] &&
	grep -q '^pasid-scan: write probing refused: the kernel is locked down (integrity)' "$F/probe-locked.stderr"; then
	ok "lockdown=integrity: write probing refused, exit 5"
else
	bad "lockdown:$m exit $(rc probe-locked), $(firstline "$F/probe-locked.stderr")"
fi

t3=$(date +%s%N)
echo "check-lab: $pass passed, $fail failed"
awk -v a="$t0" -v b="$t3" -v g="$guest_s" \
	'BEGIN { printf "check-lab: wall time %.1f s (guest %s s)\n", (b - a) / 1e9, g }'

if [ $update -eq 1 ]; then
	if [ $fail -ne 0 ]; then
		echo "check-lab: not updating the fixtures: $fail checks failed" >&2
	else
		fx=$here/tests/fixtures
		rm -rf "$fx/lab" "$fx/sysfs/lab"
		mkdir -p "$fx/lab" "$fx/sysfs/lab"
		cp "$F/root.rec" "$F/user.rec" "$fx/lab/"
		cp -a "$out/sysfs-tree/devices" "$fx/sysfs/lab/"
		echo "check-lab: updated tests/fixtures/lab and tests/fixtures/sysfs/lab"
	fi
fi
[ $fail -eq 0 ]
