#!/bin/bash
# CLI tests: exit codes, what show reports on the bundled fixtures, and
# the malformed-input matrix (each case: exactly one line on stderr naming
# the file and line, exit 1, nothing on stdout).
# Env: PASID_SCAN (the binary), SYNTH (synthetic fixture dir).
set -u
PS=${PASID_SCAN:?}
SYNTH=${SYNTH:?}
FIX=tests/fixtures/qemu-lab
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/lib.sh

# bad NAME FILE MESSAGE: show FILE must fail with exactly MESSAGE
bad() {
	local name=$1 file=$2 msg=$3
	expect_rc "$name" 1 "$PS" show "$file" || return
	if [ -s "$T/out" ]; then ko "$name" "wrote to stdout"; return; fi
	if [ "$(wc -l <"$T/err")" != 1 ]; then ko "$name" "not one line: $(cat "$T/err")"; return; fi
	if [ "$(cat "$T/err")" != "pasid-scan: $msg" ]; then
		ko "$name" "got '$(cat "$T/err")', wanted 'pasid-scan: $msg'"
		return
	fi
	ok "$name"
}

# jqt NAME FILTER FILES...: jq FILTER over show --format=json must be true
jqt() {
	local name=$1 filter=$2
	shift 2
	expect_rc "$name" 0 "$PS" show --format=json "$@" || return
	if [ "$(jq -e "$filter" "$T/out" 2>&1)" = true ]; then ok "$name"
	else ko "$name" "jq '$filter' is not true"; fi
}

hex16() { printf '%s: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n' "$1"; }
dev64() { echo "$1 Test device"; for o in 00 10 20 30; do hex16 $o; done; }

# ---- usage and exit codes
expect_out help 0 '^Usage: pasid-scan' "$PS" --help
expect_out version 0 '^pasid-scan [0-9]' "$PS" --version
expect_rc no-args 2 "$PS" && ok no-args
expect_rc unknown-command 2 "$PS" frobnicate && ok unknown-command
expect_rc show-sysfs-and-files 2 "$PS" show --sysfs /sys/bus/pci "$FIX/default/0000-01-00.0.txt" && ok show-sysfs-and-files
expect_rc show-no-sysfs-tree 1 "$PS" show --sysfs "$T/nowhere" &&
	if grep -qx "pasid-scan: $T/nowhere/devices: cannot open: No such file or directory; expected a sysfs PCI tree (see --sysfs)" "$T/err"
	then ok show-no-sysfs-tree; else ko show-no-sysfs-tree "$(cat "$T/err")"; fi
expect_rc scan-extra-arg 2 "$PS" scan "$FIX/default/0000-01-00.0.txt" && ok scan-extra-arg
expect_out show-help 0 '^Usage: pasid-scan show' "$PS" show --help
for c in scan replay merge db gen lookup qemu-args restore; do
	expect_out "$c-help" 0 "^Usage: pasid-scan $c" "$PS" "$c" --help
	grep -qE "^  $c " <("$PS" --help) && ok "$c listed in --help" ||
		ko "$c listed in --help" "not in pasid-scan --help"
done
expect_rc bad-format 2 "$PS" show --format=xml "$FIX/default/0000-01-00.0.txt" && ok bad-format
expect_rc bad-slot 2 "$PS" show -s 1:2:3:4 "$FIX/default/0000-01-00.0.txt" && ok bad-slot
expect_rc bad-id 2 "$PS" show -d zz:1 "$FIX/default/0000-01-00.0.txt" && ok bad-id

# ---- the lab guest's NVMe VFs: kind vf, real IDs, PF link
jqt lab-vfs-are-vfs '[.functions[] | select(.bdf | test("^0000:01:00\\.[1-4]$"))] | length == 4 and all(.kind == "vf" and .vendor == 6966 and .device == 16 and .raw_vendor == 65535 and .physfn == "0000:01:00.0")' "$FIX"/default/*.txt
jqt lab-pf-is-pf '.functions[] | select(.bdf == "0000:01:00.0") | .kind == "pf" and ([.caps[] | select(.id == 16 and .extended)] | length == 1)' "$FIX"/default/*.txt
jqt lab-16-vfs-ari '[.functions[] | select(.kind == "vf")] | length == 16 and (map(.bdf) | index("0000:01:02.0") != null)' "$FIX"/16vfs/*.txt
jqt lab-cap-order-nvme '.functions[] | select(.bdf == "0000:01:00.0") | [.caps[] | select(.extended | not) | .offset] == [64, 128, 96]' "$FIX"/default/0000-01-00.0.txt
# the endpoints QEMU would extend have the default free; the root ports
# are bridges vfio-pci does not bind; the ICH9 parts are not PCIe
jqt lab-vpasid-default '[.functions[] | select(.config_size == 4096 and (.class | . / 256 | floor) != 1540)] | length == 7 and all(.vpasid.offset == 4088 and .vpasid.verdict == "default-safe" and .vpasid.reason == "qemu-default" and .vpasid.default_ok)' "$FIX"/default/*.txt
jqt lab-root-ports-not-assignable '[.functions[] | select((.class | . / 256 | floor) == 1540)] | length == 3 and all(.vpasid.offset == null and .vpasid.verdict == "not-assignable" and .vpasid.why == "bridge")' "$FIX"/default/*.txt
jqt lab-ich9-no-ext '.functions[] | select(.bdf == "0000:00:1f.0") | .vpasid.verdict == "no-vpasid" and .vpasid.why == "not-express" and .vpasid.offset == null and (.hidden | length > 0)' "$FIX"/default/*.txt
jqt lab-no-orphans-on-pcie '[.functions[] | select(.config_size == 4096) | .orphans | length] | add == 0' "$FIX"/default/*.txt
jqt lab-no-orphans-on-pcie-cxl '[.functions[] | select(.config_size == 4096) | .orphans | length] | add == 0' "$FIX"/cxl/*.txt
jqt lab-cxl-doe '.functions[] | select(.bdf == "0000:0d:00.0") | [.caps[] | select(.extended) | .offset] == [256, 312, 348, 400]' "$FIX"/cxl/0000-0d-00.0.txt

LAB_REC=tests/fixtures/lab/root.rec

# ---- modeled devices (tests/mkfixtures.c)
jqt x550-orphan-sriov '.functions[0].orphans == [{"offset": 352, "id": 16, "extended": true, "name": "Single Root I/O Virtualization (SR-IOV)", "version": 1, "size": 64, "size_known": true}]' "$SYNTH/x550-orphan-sriov.txt"
jqt qat-orphan-pcie '.functions[0] | .kind == "vf" and .vendor == 32902 and (.orphans | map(.offset) == [80])' "$SYNTH/qat-vf-orphan-pcie.txt"
jqt be2net-hidden '.functions[0].hidden | map(.offset) == [88, 160, 168, 180, 252]' "$SYNTH/be2net-hidden-regs.txt"
jqt ffc-moves-vpasid '.functions[0].vpasid | .offset == 4080 and .verdict == "other-offset" and .why == null and .reason == "highest-free" and .default_ok == false' "$SYNTH/register-at-ffc.txt"

# ---- show --guest: worked by hand from the bytes and the rules in
# src/model/guest.c (vfio-pci hides PASID and a head it hides keeps ID 0;
# QEMU drops SR-IOV, ARI and ID 0 and walks from 0x100)
# the lab VF: ARI at 0x100 alone, dropped; the guest's chain is QEMU's
# placeholder at 0x100; the default is free
jqt guest-vf-ari '.functions[0] | .guest.fate == "extended" and (.guest.ecaps | map([.offset, .id, .fate])) == [[256, 14, "dropped"]] and .guest.chain == [256] and .guest.default == {"offset": 4088, "qemu_takes": true, "safe": true, "taken_by": []} and .guest.vpasid_after == 256 and .vpasid.offset == 4088 and (.guest.raw[-1] == {"offset": 264, "size": 3832, "what": "free"})' --guest -s 01:00.1 "$LAB_REC"
# the lab PF: ARI at 0x100 and SR-IOV at 0x120 both dropped
jqt guest-pf-sriov-dropped '.functions[0] | (.guest.ecaps | map([.offset, .id, .fate])) == [[256, 14, "dropped"], [288, 16, "dropped"]] and .guest.chain == [256] and .vpasid.verdict == "default-safe"' --guest -s 01:00.0 "$LAB_REC"
# PASID at the head (masked, its body raw), ATS kept, SR-IOV dropped
jqt guest-pasid-head '.functions[0] | (.guest.ecaps | map([.offset, .id, .fate])) == [[256, 27, "masked"], [264, 15, "kept"], [272, 16, "dropped"]] and .guest.chain == [256, 264] and .guest.vpasid_after == 264 and (.guest.raw | map(select(.offset == 260)) == [{"offset": 260, "size": 4, "what": "hidden Process Address Space ID (PASID)"}])' --guest "$SYNTH/pasid-at-head.txt"
# a register at 0xffc: QEMU would take 0xff8 and cover it
jqt guest-default-covers-register '.functions[0] | .guest.default == {"offset": 4088, "qemu_takes": true, "safe": false, "taken_by": ["nonzero"]} and .vpasid.offset == 4080 and .guest.vpasid_after == 336 and .guest.chain == [256, 336]' --guest "$SYNTH/register-at-ffc.txt"
jqt guest-bridge '.functions[0] | .guest.fate == "not-assignable" and .guest.why == "bridge" and .guest.chain == null and .guest.default.qemu_takes == false' --guest "$SYNTH/bridge-register-at-ffc.txt"
expect_out guest-text-chain 0 "^	Guest's extended chain with the vPASID: \[100\] placeholder, ID 0 -> \[108\] Address Translation Service \(ATS\) -> \[ff8\] vPASID$" \
	"$PS" show --guest "$SYNTH/pasid-at-head.txt"
expect_out guest-text-default 0 "^	vPASID at QEMU's default 0xff8: QEMU takes it; it covers non-zero: NOT safe$" \
	"$PS" show --guest "$SYNTH/register-at-ffc.txt"

# ---- filters, like lspci's
jqt filter-slot '.functions | map(.bdf) == ["0000:01:00.1"]' -s 01:00.1 "$FIX"/default/*.txt
jqt filter-id '.functions | length == 5' -d 1b36:0010 "$FIX"/default/*.txt
jqt filter-key-vf '.functions | length == 4 and all(.kind == "vf" and .key == "1b36:0010:vf")' -d 1b36:0010:vf "$FIX"/default/*.txt
jqt filter-key-fn '.functions | map(.bdf) == ["0000:01:00.0"] and .[0].kind == "pf" and .[0].key == "1b36:0010:fn"' -d 1b36:0010:fn "$FIX"/default/*.txt
jqt filter-class '.functions | map(.bdf) == ["0000:01:00.0", "0000:01:00.1", "0000:01:00.2", "0000:01:00.3", "0000:01:00.4"]' -d ::0108 "$FIX"/default/*.txt
jqt filter-dev-fn '.functions | length == 3' -s 1f. "$FIX"/default/*.txt

# ---- replay of a raw binary config (a copy of sysfs .../BDF/config)
mkdir -p "$T/0000:03:00.0"
perl -ne 'next unless /^[0-9a-f]{2,3}: /; s/^\S+ //; print map { chr hex } split' \
	"$FIX/default/0000-03-00.0.txt" >"$T/0000:03:00.0/config"
jqt binary-config '.functions[0] | .bdf == "0000:03:00.0" and .config_size == 4096 and ([.caps[] | .offset] == [200, 208, 224, 160, 256, 320])' "$T/0000:03:00.0/config"

# ---- record format round trip through lspci, the reference decoder
if command -v lspci >/dev/null; then
	got=$(lspci -F "$SYNTH/x550-orphan-sriov.txt" -vvv 2>/dev/null | grep -oE 'Capabilities: \[[0-9a-f]+' | grep -oE '[0-9a-f]+$' | tr '\n' ' ')
	if [ "$got" = "40 50 70 a0 100 140 150 1a0 1b0 " ]; then ok record-lspci-decodes
	else ko record-lspci-decodes "lspci saw '$got'"; fi
else
	sk record-lspci-decodes "lspci not installed"
fi

# ---- the lab guest: its sysfs tree and the recordings scan made in it
# (scripts/check-lab.sh --update-fixtures wrote both from one boot)
LAB=tests/fixtures/lab
TREE=tests/fixtures/sysfs/lab
# (probe lines aside: the fixtures' recording may predate the read probe,
# and a plain-file tree has nothing volatile to find)
noprobe() { grep -v -e '^# pasid-scan: host ' -e '^# pasid-scan: [0-9a-f:.]* \(probe=\|volatile@\|rw@\)' "$1"; }
expect_rc tree-record 0 "$PS" scan -q --sysfs "$TREE" --record "$T/tree.rec" &&
	if cmp -s <(noprobe "$T/tree.rec") <(noprobe "$LAB/root.rec")
	then ok tree-replays-guest-record; else ko tree-replays-guest-record "$(diff <(noprobe "$LAB/root.rec") <(noprobe "$T/tree.rec") | head -4)"; fi
expect_rc scan-filter-id 0 "$PS" scan -q --sysfs "$TREE" -d 1b36:0010 --record - &&
	if [ "$(grep -c '^# pasid-scan: 0000.* vendor=' "$T/out")" = 5 ]; then ok scan-filter-id
	else ko scan-filter-id "$(grep -c '^# pasid-scan: 0000.* vendor=' "$T/out") functions, wanted the PF and its 4 VFs"; fi
expect_rc scan-filter-slot 0 "$PS" scan --sysfs "$TREE" -s 01:00.3 &&
	if [ "$(tail -n +2 "$T/out" | awk '{ print $1, $2 }')" = "0000:01:00.3 vf" ]; then ok scan-filter-slot
	else ko scan-filter-slot "$(cat "$T/out")"; fi
jqt lab-rec-vfs '[.functions[] | select(.kind == "vf")] | length == 4 and all(.raw_vendor == 65535 and .vendor == 6966 and .device == 16 and .physfn == "0000:01:00.0" and .partial == false and .facts.driver == null and (.facts.iommu_group | type) == "number") and (map(.facts.vfindex) == [0, 1, 2, 3])' "$LAB/root.rec"
jqt lab-rec-pf '.functions[] | select(.bdf == "0000:01:00.0") | .kind == "pf" and .facts.driver == "nvme" and .facts.sriov == {"totalvfs": 4, "numvfs": 4, "offset": 1, "stride": 1, "vf_device": 16} and .host.kernel != ""' "$LAB/root.rec"
# 64 bytes say a bridge is a bridge, and nothing more about the rest
jqt lab-rec-unprivileged '(.functions | length == 14) and all(.functions[]; .partial and .config_size == 64 and .vpasid.offset == null) and ([.functions[] | select(.vpasid.verdict == "not-assignable")] | length == 3) and ([.functions[] | select(.vpasid.verdict == "not-known" and .vpasid.why == "partial-read")] | length == 11)' "$LAB/user.rec"
if command -v lspci >/dev/null; then
	if [ "$(lspci -F "$LAB/root.rec" -n | wc -l)" = 14 ] && [ "$(lspci -F "$LAB/user.rec" -n | wc -l)" = 14 ]
	then ok lab-recs-lspci-decodes; else ko lab-recs-lspci-decodes "lspci -F does not list the 14 functions"; fi
else
	sk lab-recs-lspci-decodes "lspci not installed"
fi

# ---- live scan of this host (real sysfs through libpci), against lspci
# "BDF off off ..." per function, from lspci -vvv and from our JSON
lspci_caps() {
	lspci -D -vvv 2>/dev/null | awk '
		/^[0-9a-f][0-9a-f][0-9a-f][0-9a-f]+:/ { if (bdf) print bdf caps; bdf = $1; caps = "" }
		/^\tCapabilities: \[/ { o = $2; gsub(/[\[\]]/, "", o); caps = caps " " o }
		END { if (bdf) print bdf caps }'
}
our_caps() {
	# jq has no hex; awk prints the offsets as lspci does
	jq -r '.functions[] | .bdf + " " + ([.caps[] | (.offset | tostring) + (if .extended then "x" else "s" end)] | join(" "))' "$1" |
		awk '{ printf "%s", $1
			for (i = 2; i <= NF; i++) {
				n = substr($i, 1, length($i) - 1) + 0
				printf (substr($i, length($i)) == "x" ? " %03x" : " %02x"), n
			}
			print "" }'
}
if [ ! -d /sys/bus/pci/devices ] || [ -z "$(ls /sys/bus/pci/devices)" ]; then
	sk live-vs-lspci "no PCI functions in /sys/bus/pci on this machine"
elif ! command -v lspci >/dev/null; then
	sk live-vs-lspci "lspci not installed"
elif [ "$(id -u)" != 0 ]; then
	sk live-vs-lspci "not root: lspci and pasid-scan see 64 bytes only"
else
	expect_rc live-scan 0 "$PS" show --format=json && cp "$T/out" "$T/live.json" && ok live-scan
	our_caps "$T/live.json" >"$T/ours"
	lspci_caps >"$T/theirs"
	if [ -s "$T/theirs" ] && cmp -s "$T/ours" "$T/theirs"; then
		ok "live-vs-lspci ($(wc -l <"$T/theirs") functions, same capability offsets)"
	else
		ko live-vs-lspci "$(diff "$T/theirs" "$T/ours" | head -5)"
	fi
	# scan --record, then replay the file: the same analysis, bar the source
	expect_rc live-record 0 "$PS" scan -q --record "$T/host.rec" && ok live-record
	expect_rc live-replay 0 "$PS" show --format=json "$T/host.rec" &&
		if [ "$(jq -S 'del(.functions[].source)' "$T/out")" = "$(jq -S 'del(.functions[].source)' "$T/live.json" |
			jq -S --slurpfile r "$T/out" '.functions |= map(.host.time = $r[0].functions[0].host.time)')" ]
		then ok live-replay-same; else ko live-replay-same "replay of the recording differs from the live show"; fi
	if lspci -F "$T/host.rec" >/dev/null 2>&1 &&
		[ "$(lspci -F "$T/host.rec" | wc -l)" = "$(wc -l <"$T/theirs")" ]
	then ok live-record-lspci-decodes; else ko live-record-lspci-decodes "lspci -F does not list every function"; fi
	# a file that cannot be created: said, exit 1, nothing left behind
	expect_rc record-unwritable 1 "$PS" scan -q --record "$T/nowhere/x.rec" &&
		if [ ! -e "$T/nowhere" ] && grep -q "^pasid-scan: $T/nowhere/x.rec: cannot create: No such file or directory$" "$T/err"
		then ok record-unwritable; else ko record-unwritable "$(cat "$T/err")"; fi
	# not root: 64 bytes each, said once, marked partial, refused on demand
	if ! command -v su >/dev/null || ! id nobody >/dev/null 2>&1; then
		sk unprivileged-partial "no su or no user nobody"
	else
		# a copy nobody can reach, wherever the checkout is
		mkdir -m 777 "$T/nobody" "$T/nobody/out"; chmod 755 "$T"
		cp "$PS" "$T/nobody/pasid-scan"; chmod 755 "$T/nobody/pasid-scan"
		NPS=$T/nobody/pasid-scan
		su -s /bin/sh -c "'$NPS' scan -q --record -" nobody >"$T/user.rec" 2>"$T/user.err"
		n=$(grep -c '^# pasid-scan: [0-9a-f].* vendor=' "$T/user.rec")
		if [ "$n" -gt 0 ] && [ "$(grep -c ' partial=1' "$T/user.rec")" = "$n" ] &&
			[ "$(grep -c 'only the first 64 bytes' "$T/user.err")" = 1 ] &&
			[ "$(grep -cE '^[0-9a-f]{2}: ' "$T/user.rec")" = $((n * 4)) ]
		then ok "unprivileged-partial ($n functions)"; else ko unprivileged-partial "$(cat "$T/user.err")"; fi
		su -s /bin/sh -c "'$NPS' scan -q --require-full --record '$T/nobody/out/full.rec'" nobody 2>"$T/full.err"
		rc=$?
		if [ $rc = 3 ] && [ -z "$(ls "$T/nobody/out")" ] && grep -q -- '--require-full' "$T/full.err"
		then ok unprivileged-require-full; else ko unprivileged-require-full "exit $rc: $(cat "$T/full.err")"; fi
	fi
fi

# ---- malformed input: one line, file and line, exit 1
: >"$T/empty"
bad empty "$T/empty" "$T/empty: empty file; expected lspci -x output or a binary config"
bad directory "$T" "$T: is a directory; expected a dump file"
bad missing "$T/nope" "$T/nope: cannot read: No such file or directory"
mkfifo "$T/fifo"
bad fifo "$T/fifo" "$T/fifo: not a regular file; expected a dump file"
{ echo "00:02.0 Test"; echo "00: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"; } >"$T/short"
bad truncated-line "$T/short" "$T/short:2: hex line has 15 bytes; expected 16"
{ echo "00:02.0 Test"; hex16 00; hex16 10 | sed 's/ 00 00$/ 00 00 00/'; } >"$T/long"
bad overlong-line "$T/long" "$T/long:3: hex line has more than 16 bytes"
{ echo "00:02.0 Test"; echo "00: 86 80 zz 00 00 00 00 00 00 00 00 00 00 00 00 00"; } >"$T/badhex"
bad bad-hex "$T/badhex" "$T/badhex:2: bad hex byte 'zz ' at column 11; expected two hex digits"
{ echo "00:02.0 Test"; hex16 00; hex16 00; } >"$T/dup"
bad duplicate-offset "$T/dup" "$T/dup:3: offset 0x000 out of sequence; expected 0x010"
{ echo "00:02.0 Test"; hex16 00; hex16 1000; } >"$T/past"
bad offset-past-4096 "$T/past" "$T/past:3: offset 0x1000 is past the 4096-byte config space"
{ echo "00:02.0 Test"; echo; dev64 00:03.0; } >"$T/nobytes"
bad header-no-bytes "$T/nobytes" "$T/nobytes:1: device 0000:00:02.0 has no config bytes"
{ echo "00:02.0 Test"; for o in 00 10 20 30 40 50 60 70; do hex16 $o; done; } >"$T/128"
bad odd-length "$T/128" "$T/128:1: device 0000:00:02.0 has 128 config bytes; expected 64, 256 or 4096"
hex16 00 >"$T/orphanhex"
bad hex-before-header "$T/orphanhex" "$T/orphanhex:1: hex line outside a device (no header line 'bb:dd.f ...' before it)"
{ dev64 00:02.0; echo "hello world"; } >"$T/junk"
bad junk-line "$T/junk" "$T/junk:6: unrecognised line; expected a device header 'bb:dd.f ...', a hex line 'off: xx ...' or a '#' comment"
dev64 00:02.0 | sed 's/$/\r/' >"$T/crlf"
bad crlf "$T/crlf" "$T/crlf:1: carriage return in line (CRLF line endings?); expected LF-only text"
{ dev64 00:02.0; printf '# %05000d\n' 0; } >"$T/huge"
bad line-too-long "$T/huge" "$T/huge:6: line longer than 4096 characters"
head -c 1000 /dev/urandom | tr -d '\000' | head -c 99 >"$T/junkbin"; printf '\000' >>"$T/junkbin"
bad binary-junk "$T/junkbin" "$T/junkbin: binary config of 100 bytes; expected 64, 256 or 4096"
head -c 5000 /dev/zero >"$T/bigbin"
bad binary-too-big "$T/bigbin" "$T/bigbin: binary config of more than 4096 bytes; expected 64, 256 or 4096"
printf '# only a comment\n' >"$T/nodev"
bad no-device "$T/nodev" "$T/nodev: no device in file; expected lspci -x/-xxx/-xxxx output"
{ echo "# pasid-scan: 0000:00:02.0 vendor=xyz"; dev64 00:02.0; } >"$T/badmeta"
bad bad-metadata "$T/badmeta" "$T/badmeta:1: bad metadata value vendor=xyz; expected vendor=0xNNNN"
{ echo "# pasid-scan: 0000:00:02.0 numa_node=-2"; dev64 00:02.0; } >"$T/badnuma"
bad bad-fact "$T/badnuma" "$T/badnuma:1: bad metadata value numa_node=-2; expected numa_node=a number, -1 for none"
{ echo "# pasid-scan: host hostname=a%2"; dev64 00:02.0; } >"$T/badhost"
bad bad-host "$T/badhost" "$T/badhost:1: bad host value hostname=a%2; expected %-escaped text"
{ dev64 00:02.0; echo; dev64 00:02.0; } >"$T/twice"
bad same-address "$T/twice" "$T/twice:7: 0000:00:02.0 appears twice (also at $T/twice:1)"
grep -v '^0000:' "$FIX/default/0000-01-00.1.txt" | sed '1i 01:00.1 NVMe VF, sysfs facts stripped' >"$T/vf-alone"
bad vf-without-pf "$T/vf-alone" "$T/vf-alone:1: 0000:01:00.1 reads vendor ffff (a VF?) but neither a '# pasid-scan:' line nor its PF's SR-IOV capability gives its IDs"

# ---- a VF named by its PF's SR-IOV capability alone (no metadata)
sed '1s/ sysfs .*/ NVMe PF/' "$FIX/default/0000-01-00.0.txt" >"$T/pf"
jqt vf-ids-from-pf '.functions[1] | .kind == "vf" and .vendor == 6966 and .device == 16 and .physfn == "0000:01:00.0"' "$T/pf" "$T/vf-alone"

# ---- domains past ffff (VMD), read whole and told apart (tests/lib.sh)
vmd_dump "$T/vmd.txt"
jqt vmd-dump-both '(.functions | map(.bdf) | sort) == ["0000:e1:00.0", "10000:e1:00.0"] and all(.functions[]; .kind == "pf" and .vendor == 6966 and .vpasid.offset == 4088) and (.functions | map(.caps) | .[0] == .[1])' "$T/vmd.txt"
expect_rc vmd-dump-show 0 "$PS" show "$T/vmd.txt" &&
	if [ "$(grep -cE '^(10000|0000):e1:00\.0 pf \[1b36:0010\]' "$T/out")" = 2 ] &&
		grep -q '^10000:e1:00\.0 pf ' "$T/out"
	then ok vmd-dump-show; else ko vmd-dump-show "$(grep -E '^[0-9a-f]+:' "$T/out")"; fi
for s in 10000:e1:00.0 0000:e1:00.0 10000:: e1:00.0; do
	want=$(lspci -F "$T/vmd.txt" -D -s "$s" 2>/dev/null | awk '{ print $1 }' | sort | tr '\n' ' ')
	expect_rc "vmd-slot $s" 0 "$PS" show --format=json -s "$s" "$T/vmd.txt" || continue
	got=$(jq -r '.functions[].bdf' "$T/out" | sort | tr '\n' ' ')
	if ! command -v lspci >/dev/null; then
		sk "vmd-slot $s" "lspci not installed"
	elif [ "$got" = "$want" ] && [ -n "$got" ]; then
		ok "vmd-slot $s: '$got' as lspci"
	else
		ko "vmd-slot $s" "'$got', lspci '$want'"
	fi
done
if command -v lspci >/dev/null; then
	if [ "$(lspci -F "$T/vmd.txt" -D | awk '{ print $1 }' | sort | tr '\n' ' ')" = "0000:e1:00.0 10000:e1:00.0 " ] &&
		cmp -s <(lspci -F "$T/vmd.txt" -xxxx -s 10000:e1:00.0 | tail -n +2) <(sed -n '2,/^$/p' "$T/vmd.txt")
	then ok vmd-dump-lspci-decodes; else ko vmd-dump-lspci-decodes "lspci -F lists other addresses or bytes"; fi
else
	sk vmd-dump-lspci-decodes "lspci not installed"
fi
# A domain lspci reads but no function has: nothing, as lspci, but said.
expect_rc vmd-slot-none 4 "$PS" show -s 1:e1:00.0 "$T/vmd.txt" &&
	if [ ! -s "$T/out" ] &&
		[ "$(cat "$T/err")" = "pasid-scan: show: no function matches -s 1:e1:00.0 in $T/vmd.txt" ] &&
		{ ! command -v lspci >/dev/null || [ -z "$(lspci -F "$T/vmd.txt" -s 1:e1:00.0)" ]; }
	then ok vmd-slot-none; else ko vmd-slot-none "$(cat "$T/err")"; fi
expect_rc vmd-slot-past-lspci 2 "$PS" show -s 80000000:e1:00.0 "$T/vmd.txt" &&
	if [ "$(cat "$T/err")" = "pasid-scan: show: -s '80000000:e1:00.0': expected [[[[domain]:]bus]:][dev][.[fn]]; see 'pasid-scan show --help'" ]
	then ok vmd-slot-past-lspci; else ko vmd-slot-past-lspci "$(cat "$T/err")"; fi
sed '1s/^10000:/100000000:/' "$T/vmd.txt" >"$T/dom9"
bad domain-9-digits "$T/dom9" "$T/dom9:1: unrecognised line; expected a device header 'bb:dd.f ...', a hex line 'off: xx ...' or a '#' comment"
sed '1s/^10000:/:/' "$T/vmd.txt" >"$T/dom0"
bad domain-no-digits "$T/dom0" "$T/dom0:1: unrecognised line; expected a device header 'bb:dd.f ...', a hex line 'off: xx ...' or a '#' comment"
{ echo "# pasid-scan: 10000:e1:00.0 kind=pf physfn=100000000:e1:00.0"; cat "$T/vmd.txt"; } >"$T/dom9meta"
bad domain-9-digits-physfn "$T/dom9meta" "$T/dom9meta:1: bad metadata value physfn=100000000:e1:00.0; expected physfn=a function address dddd:bb:dd.f"

# ---- a VMD host's sysfs: the NVMe PF and VFs in domain 10000 (tests/lib.sh)
vmd_tree "$T/vmd-tree"
expect_rc vmd-tree-scan 0 "$PS" scan --sysfs "$T/vmd-tree" &&
	if [ "$(awk '/^10000:01:00\./ { print $1, $2 }' "$T/out" | tr '\n' ' ')" = "10000:01:00.0 pf 10000:01:00.1 vf 10000:01:00.2 vf 10000:01:00.3 vf 10000:01:00.4 vf " ] &&
		! grep -q '^0000:01:00\.' "$T/out"
	then ok vmd-tree-scan; else ko vmd-tree-scan "$(cat "$T/out")"; fi
expect_rc vmd-tree-slot 0 "$PS" scan --sysfs "$T/vmd-tree" -s 10000:01:00.3 &&
	if [ "$(tail -n +2 "$T/out" | awk '{ print $1, $2 }')" = "10000:01:00.3 vf" ]; then ok vmd-tree-slot
	else ko vmd-tree-slot "$(cat "$T/out")"; fi
export SOURCE_DATE_EPOCH=1700000000
expect_rc vmd-tree-record 0 "$PS" scan -q --sysfs "$T/vmd-tree" --record "$T/vmd.rec" &&
	if grep -qx '10000:01:00\.0 Class 0108: Device 1b36:0010' "$T/vmd.rec" &&
		grep -q '^# pasid-scan: 10000:01:00\.3 .* kind=vf physfn=10000:01:00\.0 vfindex=2 ' "$T/vmd.rec" &&
		[ "$(grep -c '^# pasid-scan: 10000:01:00\.[0-4] vendor=' "$T/vmd.rec")" = 5 ] &&
		! grep -q '0000:01:00\.' <(grep -v '10000:01:00\.' "$T/vmd.rec")
	then ok vmd-tree-record; else ko vmd-tree-record "$(grep '01:00\.' "$T/vmd.rec" | grep -v '^[0-9a-f]*: ' | head -4)"; fi
# the same functions as the unmoved tree gives, but for where they are
expect_rc vmd-tree-record-ref 0 "$PS" scan -q --sysfs "$TREE" --record "$T/lab-ref.rec"
unset SOURCE_DATE_EPOCH
moved() {
	"$PS" show --format=json "$1" | jq -S '[.functions[] | del(.source) |
		.bdf |= sub("^0000:01:00"; "10000:01:00") |
		.physfn |= (if . then sub("^0000:01:00"; "10000:01:00") else . end)] | sort_by(.bdf)'
}
if [ -n "$(moved "$T/vmd.rec")" ] && [ "$(moved "$T/vmd.rec")" = "$(moved "$T/lab-ref.rec")" ]
then ok vmd-tree-same-functions; else ko vmd-tree-same-functions "$(diff <(moved "$T/lab-ref.rec") <(moved "$T/vmd.rec") | head -6)"; fi
if command -v lspci >/dev/null; then
	ours=$("$PS" scan --sysfs "$T/vmd-tree" | tail -n +2 | awk '{ print $1 }' | sort | tr '\n' ' ')
	if [ "$(lspci -F "$T/vmd.rec" -D | awk '{ print $1 }' | sort | tr '\n' ' ')" = "$ours" ] &&
		[ "$(lspci -b -A linux-sysfs -O sysfs.path="$T/vmd-tree" -D | awk '{ print $1 }' | sort | tr '\n' ' ')" = "$ours" ]
	then ok vmd-tree-lspci; else ko vmd-tree-lspci "lspci lists other addresses than '$ours'"; fi
else
	sk vmd-tree-lspci "lspci not installed"
fi

# An entry of devices/ that names no function is said and left out; the
# others are scanned as ever.
cp -a tests/fixtures/sysfs/lab "$T/junk-tree" && mkdir "$T/junk-tree/devices/not-a-function"
expect_rc junk-entry 0 "$PS" scan --sysfs "$T/junk-tree" &&
	if [ "$(cat "$T/err")" = "pasid-scan: $T/junk-tree/devices: 'not-a-function' is not a function address dddd:bb:dd.f; left out" ] &&
		[ "$(tail -n +2 "$T/out" | wc -l)" = "$(ls tests/fixtures/sysfs/lab/devices | wc -l)" ]
	then ok junk-entry; else ko junk-entry "$(cat "$T/err"; wc -l <"$T/out")"; fi

# --- usage errors: one line, exit 2, the command and what is wrong -----------
# Each row: the arguments, then words the line must hold.  Every line is
# "pasid-scan: CMD: ...; see 'pasid-scan CMD --help'", nothing on stdout,
# nothing written.
D=tests/fixtures/qemu-lab/default/0000-01-00.0.txt
while IFS='|' read -r args word; do
	read -ra a <<<"$args"
	cmd=${a[0]}
	name="usage: $args"
	expect_rc "$name" 2 "$PS" "${a[@]}" </dev/null || continue
	line=$(cat "$T/err")
	if [ -s "$T/out" ]; then
		ko "$name" "wrote on stdout: $(head -c 100 "$T/out")"
	elif [ "$(wc -l <"$T/err")" != 1 ]; then
		ko "$name" "$(wc -l <"$T/err") lines on stderr"
	elif [[ "$line" != "pasid-scan: $cmd: "*"; see 'pasid-scan $cmd --help'" ]]; then
		ko "$name" "not the usage line: $line"
	elif [[ "$line" != *"$word"* ]]; then
		ko "$name" "does not name '$word': $line"
	elif [ -e "$T/u.svg" ] || [ -e "$T/u.db" ] || [ -e "$T/udir" ]; then
		ko "$name" "wrote a file"
	else
		ok "$name"
	fi
done <<EOF
scan --bogus|'--bogus'
show --bogus $D|'--bogus'
replay --bogus $D|'--bogus'
merge --bogus|'--bogus'
db list --bogus|'--bogus'
restore --bogus|'--bogus'
gen --bogus|'--bogus'
lookup --bogus|'--bogus'
qemu-args --bogus|'--bogus'
map --bogus|'--bogus'
report --bogus|'--bogus'
show -x $D|'-x'
show --format=text -xq $D|unknown option '-x'
scan -qs|-s needs a value
gen --all=1|--all takes no value
show --bogus=1 $D|unknown option '--bogus'
show -s|-s needs a value
scan --sysfs|--sysfs needs a value
gen --kernel|--kernel needs a value
replay --db|--db needs a value
map $D -o|-o needs a value
report -o|-o needs a value
scan -s zz:zz|-s 'zz:zz': expected
show -s 1:2:3:4:5 $D|-s '1:2:3:4:5': expected
map -s zz $D -o $T/u.svg|-s 'zz': expected
scan -d xyz|-d 'xyz': expected
show -d 12345:1 $D|-d '12345:1': expected
scan --probe=maybe|--probe=maybe: expected none, read or write
show --format=xml $D|--format=xml: expected text or json
show --map --color=sometimes $D|--color=sometimes: expected
show --map --format=json $D|--format=json
show --sysfs /sys $D|only one of them
scan --probe=write|--probe=write needs --db STORE
scan extra|'extra'
gen extra|'extra'
restore extra|'extra'
report -o $T/udir extra|'extra'
db|expected stats, list or check
db frob|not frob
lookup|--map FILE is needed
lookup --map $T/none.yaml|no device key given
lookup --map $T/none.yaml a:b c:d|give one device key
lookup --map $T/none.yaml zz:yy|'zz:yy' is not a device key
qemu-args|no BDF given
qemu-args 1 2|one BDF, not 2
merge --db $T/u.db|no OTHER.db given
gen --db $T/u.db|give --kernel, --qemu or --yaml
replay --db $T/u.db|no DUMP or DIR given
map -o $T/u.svg|no BDF, device key or DUMP given
map $D|-o
report|-o DIR is needed
EOF

# --- nothing there: exit 4 and the same line in every command ---------------
"$PS" replay -q --db "$T/none.db" "$D" >/dev/null 2>&1
while IFS='|' read -r args line; do
	read -ra a <<<"$args"
	name="nothing there: $args"
	expect_rc "$name" 4 "$PS" "${a[@]}" </dev/null || continue
	if [ ! -s "$T/out" ] && [ "$(cat "$T/err")" = "$line" ] && [ ! -e "$T/u.svg" ]
	then ok "$name"; else ko "$name" "$(cat "$T/err")"; fi
done <<EOF
show -s 05:00 $D|pasid-scan: show: no function matches -s 05:00 in $D
show --db $T/none.db -d dead:|pasid-scan: show: no function matches -d dead: in $T/none.db
scan --sysfs tests/fixtures/sysfs/lab -d dead:|pasid-scan: scan: no function matches -d dead: in tests/fixtures/sysfs/lab
map -s 05:00 $D -o $T/u.svg|pasid-scan: map: no function matches -s 05:00 in $D
map --sysfs tests/fixtures/sysfs/lab 05:00.0 -o $T/u.svg|pasid-scan: map: no function 0000:05:00.0 in tests/fixtures/sysfs/lab
qemu-args --db $T/none.db --sysfs tests/fixtures/sysfs/lab 05:00.0|pasid-scan: qemu-args: no function 0000:05:00.0 in tests/fixtures/sysfs/lab
db list --db $T/none.db -d dead:|pasid-scan: db: no function matches -d dead: in $T/none.db
EOF

# A store given where a dump goes: said, with the command that reads it.
expect_err "usage: a store as a dump (show)" 2 "^pasid-scan: show: $T/none.db is a store, not a dump: show it with --db $T/none.db; see 'pasid-scan show --help'\$" \
	"$PS" show "$T/none.db"
expect_err "usage: a store as a dump (replay)" 2 "^pasid-scan: replay: $T/none.db is a store, not a dump: add its scans with 'pasid-scan merge --db STORE $T/none.db'; see 'pasid-scan replay --help'\$" \
	"$PS" replay --db "$T/u2.db" "$T/none.db"
# No --db and no default store: where one goes is said, nothing created.
(cd "$T" && mkdir -p nodb && cd nodb && PASID_SCAN_DB= "$PS" gen --yaml m.yaml 2>"$T/err"; echo $? >"$T/rc")
if [ "$(cat "$T/rc")" = 1 ] && [ -z "$(ls "$T/nodb")" ] &&
	[ "$(cat "$T/err")" = 'pasid-scan: pasid-scan.db: no store there (give one with --db STORE or $PASID_SCAN_DB)' ]
then ok "no default store: said, nothing made"; else ko "no default store" "rc $(cat "$T/rc"): $(cat "$T/err"); $(ls "$T/nodb")"; fi

finish cli
