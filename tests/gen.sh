#!/bin/bash
# gen, lookup and qemu-args: quirks/ is what the real record gives today
# (with ../shared); outputs are byte-identical whatever order the store
# was filled in; a partial read beside a whole one changes no answer, a
# key seen only in partial reads is not known everywhere; bridges,
# non-PCIe functions and functions without extended capabilities get no
# C row; no placement covers a byte any stored analysis shows in use
# (checked in SQL against the analyses' free windows, not with gen's own
# code) and every C row is for a function QEMU 11 would extend and at an
# offset it takes (checked by tests/consumer_check.py, a second reading
# of the stored bytes); the YAML map parses with python3-yaml and lookup
# agrees with it; bad input and failed writes leave no file behind.
# Env: PASID_SCAN (the binary).
set -u
PS=${PASID_SCAN:?}
LAB=tests/fixtures/lab
QLAB=tests/fixtures/qemu-lab
SYSFS=tests/fixtures/sysfs/lab
CORPUS=../shared/corpus/pciutils-tests
T=$(mktemp -d)
MNT=""
cleanup() {
	[ -n "$MNT" ] && umount "$MNT" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
. tests/lib.sh

QUIRKS="pasid_scan_vpasid.h vfio_vpasid_offsets.h pasid-scan-map.yaml"

# gen3 DB DIR [ARGS]: all three outputs of DB into DIR
gen3() {
	local db=$1 dir=$2
	shift 2
	mkdir -p "$dir"
	"$PS" gen --db "$db" --kernel "$dir/k.h" --qemu "$dir/q.h" \
		--yaml "$dir/m.yaml" "$@"
}

same3() { cmp -s "$1/k.h" "$2/k.h" && cmp -s "$1/q.h" "$2/q.h" &&
	  cmp -s "$1/m.yaml" "$2/m.yaml"; }

# --- quirks/ is current -----------------------------------------------
# quirks/ is made from the lab recordings and ../shared's public record;
# without ../shared the same files cannot be made here.
if [ ! -d "$CORPUS" ] || [ ! -d "${CORPUS%/*}/public-dumps" ]; then
	sk "quirks/ is current" "../shared/corpus is not there: quirks/ is made with it"
elif scripts/gen-quirks.sh "$PS" "$T/quirks" 2>"$T/err"; then
	stale=""
	for f in $QUIRKS; do
		cmp -s "quirks/$f" "$T/quirks/$f" || stale="$stale $f"
	done
	if [ -z "$stale" ]; then ok "quirks/ is what the recordings and the public record give"
	else ko "quirks/ is current" "stale:$stale; run 'make quirks'"; fi
else
	ko "quirks/ is current" "gen-quirks.sh failed: $(head -c 300 "$T/err")"
fi

# --- docs/study.md is what the record gives ----------------------------
if [ ! -d "${CORPUS%/*}/public-dumps" ]; then
	sk "docs/study.md is current" "../shared/corpus is not there: the study is made from it"
elif python3 scripts/study.py "$PS" >"$T/study" 2>"$T/err"; then
	sed -n '/^<!-- study:begin/,/^<!-- study:end/p' docs/study.md | sed '1d;$d' >"$T/study.doc"
	if cmp -s "$T/study" "$T/study.doc"; then
		ok "docs/study.md holds the figures scripts/study.py gives: $(grep -c '^|' "$T/study") table rows"
	else
		ko "docs/study.md is current" "$(diff "$T/study.doc" "$T/study" | head -4 | tr '\n' ' ')"
	fi
else
	ko "docs/study.md is current" "study.py failed: $(head -c 300 "$T/err")"
fi

# --- determinism: ingestion order, merge ------------------------------
mapfile -t FILES < <(find "$LAB/root.rec" "$QLAB" -type f ! -name '*.md' | LC_ALL=C sort)
"$PS" replay --db "$T/fwd.db" "${FILES[@]}" >/dev/null 2>&1
mapfile -t REV < <(printf '%s\n' "${FILES[@]}" | tac)
for f in "${REV[@]}"; do
	"$PS" replay --db "$T/rev.db" "$f" >/dev/null 2>&1
done
half=$(( ${#FILES[@]} / 2 ))
"$PS" replay --db "$T/a.db" "${FILES[@]:0:$half}" >/dev/null 2>&1
"$PS" replay --db "$T/b.db" "${FILES[@]:$half}" >/dev/null 2>&1
"$PS" merge --db "$T/b.db" "$T/a.db" >/dev/null 2>&1
gen3 "$T/fwd.db" "$T/fwd" --all 2>/dev/null
gen3 "$T/rev.db" "$T/rev" --all 2>/dev/null
gen3 "$T/b.db" "$T/merged" --all 2>/dev/null
if [ -s "$T/fwd/m.yaml" ] && same3 "$T/fwd" "$T/rev"; then
	ok "${#FILES[@]} recordings stored in reverse order, one per replay: byte-identical outputs"
else
	ko "order independence" "outputs differ between forward and reverse ingestion"
fi
if [ -s "$T/merged/m.yaml" ] && same3 "$T/fwd" "$T/merged"; then
	ok "two halves merged: byte-identical outputs"
else
	ko "merge independence" "outputs differ after merging two halves"
fi
gen3 "$T/fwd.db" "$T/fwd2" --all 2>/dev/null
if same3 "$T/fwd" "$T/fwd2"; then ok "gen twice: byte-identical"
else ko "gen twice" "outputs differ"; fi
if grep -qE '20[0-9]{2}-[0-9]{2}-[0-9]{2}' "$T/fwd/k.h" "$T/fwd/q.h" "$T/fwd/m.yaml"; then
	ko "no timestamps" "a date in the outputs"
else
	ok "no timestamps in the outputs"
fi

# --- the YAML map: python3-yaml, lookup --------------------------------
# yaml_keys MAP: "vendor:device:kind verdict vpasid=.. vpri=.. vats=.."
# per key, as lookup prints it
yaml_keys() {
	python3 - "$1" <<'PY'
import sys, yaml
m = yaml.safe_load(open(sys.argv[1]))
assert m["format"] == "pasid-scan-map" and m["format-version"] == 2
for d in m["devices"]:
    offs = []
    for k in ("vpasid", "vpri", "vats"):
        o = d["placements"][k]["offset"]
        offs.append("%s=%s" % (k, "none" if o is None else "0x%x" % o))
    print("%04x:%04x:%s %s %s" % (d["vendor"], d["device"], d["kind"],
                                  d["verdict"], " ".join(offs)))
PY
}

check_lookup() {
	local map=$1 what=$2 n=0 bad=0 id rest got
	if ! yaml_keys "$map" >"$T/want" 2>"$T/err"; then
		ko "python3-yaml reads the $what map" "$(tail -n1 "$T/err")"
		return
	fi
	ok "python3-yaml reads the $what map: $(wc -l <"$T/want") keys"
	while read -r id rest; do
		n=$((n + 1))
		got=$("$PS" lookup --map "$map" "$id" 2>&1)
		[ "$got" = "$id $rest" ] || { bad=$((bad + 1)); echo "  $got != $id $rest"; }
	done <"$T/want"
	if [ $bad = 0 ] && [ $n -gt 0 ]; then ok "lookup agrees with python3-yaml on all $n keys of the $what map"
	else ko "lookup agrees ($what)" "$bad of $n keys differ"; fi
}
if command -v python3 >/dev/null && python3 -c 'import yaml' 2>/dev/null; then
	check_lookup quirks/pasid-scan-map.yaml quirks
else
	sk "python3-yaml" "python3-yaml is not installed (make deps installs it)"
fi

if expect_rc "lookup both kinds of a key" 0 "$PS" lookup --map quirks/pasid-scan-map.yaml 1b36:0010; then
	if [ "$(wc -l <"$T/out")" = 2 ] && grep -q '^1b36:0010:fn default-safe vpasid=0xff8 ' "$T/out" &&
	   grep -q '^1b36:0010:vf default-safe vpasid=0xff8 ' "$T/out"; then ok "lookup both kinds of a key"
	else ko "lookup both kinds of a key" "$(cat "$T/out")"; fi
fi
expect_out "lookup: one kind, :pf read as :fn" 0 '^1b36:0010:fn default-safe ' \
	"$PS" lookup --map quirks/pasid-scan-map.yaml 1b36:10:pf
expect_out "lookup: a bridge, not assignable" 0 '^1b36:000c:fn not-assignable vpasid=none ' \
	"$PS" lookup --map quirks/pasid-scan-map.yaml 1b36:000c:fn
expect_err "lookup: absent key, exit 4, said" 4 'no key 1234:5678$' \
	"$PS" lookup --map quirks/pasid-scan-map.yaml 1234:5678
expect_rc "lookup: bad ID, exit 2" 2 "$PS" lookup --map quirks/pasid-scan-map.yaml 8086 && ok "lookup: bad ID, exit 2"
expect_err "lookup: the key and kind apart, exit 2, the one syntax named" 2 'like 1b36:0010:vf' \
	"$PS" lookup --map quirks/pasid-scan-map.yaml 1b36:0010 vf
printf 'format: pasid-scan-map\nformat-version: 2\ndevices:\n  - vendor: 0x1b36\n    device: [oops\n' >"$T/broken.yaml"
if expect_rc "lookup: broken YAML" 1 "$PS" lookup --map "$T/broken.yaml" 1b36:0010; then
	if grep -qE "broken.yaml:[0-9]+: " "$T/err" && [ "$(wc -l <"$T/err")" = 1 ]; then
		ok "lookup: broken YAML, one line naming file and line: $(cat "$T/err")"
	else ko "lookup: broken YAML" "stderr: $(cat "$T/err")"; fi
fi
sed 's/^format-version: 2$/format-version: 3/' quirks/pasid-scan-map.yaml >"$T/v3.yaml"
expect_err "lookup: newer format refused at its line" 1 'v3.yaml:3: format-version 3' \
	"$PS" lookup --map "$T/v3.yaml" 1b36:0010
sed '0,/kind: fn/s//kind: px/' quirks/pasid-scan-map.yaml >"$T/kind.yaml"
line=$(grep -n 'kind: px' "$T/kind.yaml" | cut -d: -f1)
expect_err "lookup: a bad kind named at line $line" 1 "kind.yaml:$line: expected kind: fn or vf" \
	"$PS" lookup --map "$T/kind.yaml" 1b36:0010

# --- qemu-args on the lab guest's sysfs tree ---------------------------
"$PS" replay --db "$T/lab.db" "$LAB/root.rec" >/dev/null 2>&1
want=$("$PS" lookup --map quirks/pasid-scan-map.yaml 1b36:0010:vf | sed -E 's/.*vpasid=([^ ]*).*/\1/')
expect_out "qemu-args for a VF" 0 "^-device vfio-pci,host=0000:01:00.1,iommufd=iommufd0,x-vpasid-cap-offset=$want\$" \
	"$PS" qemu-args --db "$T/lab.db" --sysfs "$SYSFS" 01:00.1
grep -q '^# QEMU 11 adds a vPASID only with iommufd and a vIOMMU that offers' "$T/out" &&
	ok "qemu-args: says what QEMU needs for a vPASID" || ko "qemu-args iommufd" "$(cat "$T/out")"
grep -q "<qemu:property name='x-vpasid-cap-offset' type='unsigned' value='$((want))'/>" "$T/out" &&
	ok "qemu-args: the libvirt override says $((want))" || ko "qemu-args libvirt" "$(cat "$T/out")"
# A VF in a VMD domain: QEMU's host= stops at domain ffff, so sysfsdev=
vmd_tree "$T/vmd-tree"
expect_out "qemu-args for a VF in domain 10000" 0 "^-device vfio-pci,sysfsdev=/sys/bus/pci/devices/10000:01:00.1,iommufd=iommufd0,x-vpasid-cap-offset=$want\$" \
	"$PS" qemu-args --db "$T/lab.db" --sysfs "$T/vmd-tree" 10000:01:00.1
grep -q "<qemu:device alias='ua-10000-01-00-1'>" "$T/out" &&
	ok "qemu-args: the libvirt alias names domain 10000" || ko "qemu-args libvirt alias" "$(cat "$T/out")"
expect_err "qemu-args: no such function, exit 4, said" 4 "^pasid-scan: qemu-args: no function 0000:09:00.0 in $SYSFS\$" \
	"$PS" qemu-args --db "$T/lab.db" --sysfs "$SYSFS" 09:00.0
"$PS" replay --db "$T/other.db" "$QLAB/default/0000-00-1f.0.txt" >/dev/null 2>&1
expect_err "qemu-args: key not in the store, exit 4" 4 'no observation of 1b36:0010:vf \(0000:01:00.1\)' \
	"$PS" qemu-args --db "$T/other.db" --sysfs "$SYSFS" 01:00.1
expect_err "qemu-args: not PCI Express, exit 4, said" 4 'no vPASID offset for 8086:2918:fn \(0000:00:1f.0\), no-vpasid: no PCI Express capability' \
	"$PS" qemu-args --db "$T/lab.db" --sysfs "$SYSFS" 00:1f.0
expect_err "qemu-args: a root port, exit 4, said" 4 'no vPASID offset for 1b36:000c:fn \(0000:00:04.0\), not-assignable: a bridge' \
	"$PS" qemu-args --db "$T/lab.db" --sysfs "$SYSFS" 00:04.0

# --- partial reads: they add, they never take away ---------------------
# A 256-byte copy (lspci -xxx of a PCIe function: no extended space) and
# a 64-byte copy (a non-root read) of the NVMe PF beside the root record:
# every answer stays what the root record alone gives.
PF_DUMP=$QLAB/default/0000-01-00.0.txt
head -n 17 "$PF_DUMP" >"$T/pf-256.txt"
head -n 5 "$PF_DUMP" >"$T/pf-64.txt"
"$PS" replay --db "$T/part.db" "$LAB/root.rec" "$T/pf-256.txt" "$T/pf-64.txt" >/dev/null 2>&1
gen3 "$T/lab.db" "$T/whole" 2>/dev/null
gen3 "$T/part.db" "$T/part" 2>/dev/null
# lookup_all MAP: every key's line, as lookup gives it
lookup_all() {
	grep -A3 '^- vendor:' "$1" | awk '/^- vendor:/ { v = substr($3, 3) } /^  device:/ { d = substr($2, 3) }
		/^  kind:/ { print v ":" d ":" $2 }' | while read -r k; do "$PS" lookup --map "$1" "$k"; done
}
# nocount FILE: the C table without its comments (the counts in them
# count the partial reads too)
nocount() { grep -v -e '^ \*' -e '^/\*' -e '^[[:space:]]*/\*' "$1"; }
if [ -s "$T/part/m.yaml" ] && [ "$(lookup_all "$T/whole/m.yaml")" = "$(lookup_all "$T/part/m.yaml")" ] &&
   cmp -s <(nocount "$T/whole/k.h") <(nocount "$T/part/k.h") &&
   cmp -s <(nocount "$T/whole/q.h") <(nocount "$T/part/q.h") &&
   grep -q '^1b36:0010:fn default-safe vpasid=0xff8 ' <(lookup_all "$T/part/m.yaml"); then
	ok "a 256-byte and a 64-byte copy beside a whole read change no verdict, offset or row"
else
	ko "partial beside whole" "$(diff <(lookup_all "$T/whole/m.yaml") <(lookup_all "$T/part/m.yaml") | head -4)"
fi
grep -A8 '^  device: 0x0010' "$T/part/m.yaml" | grep -q 'observations-by-fate: {not-known: 2, not-assignable: 0, no-vpasid: 0, extended: 1}' &&
	ok "the map counts the partial reads as such" ||
	ko "partial reads counted" "$(grep -A8 '^  device: 0x0010' "$T/part/m.yaml" | head -9)"

# A key seen only in partial reads is not known: gen says how many and
# leaves them out of the C tables, lookup and qemu-args say so with exit
# status 6, the report shows it.
"$PS" replay --db "$T/user.db" "$LAB/user.rec" >/dev/null 2>&1
expect_err "gen: partial reads counted on stderr" 0 '^pasid-scan: gen: 8 keys seen only in partial reads are not known: scan them as root' \
	gen3 "$T/user.db" "$T/user"
if ! grep -qE '^[[:space:]]*\{ (PCI_|0x)' "$T/user/k.h" "$T/user/q.h" &&
   grep -q 'not known: no whole read of the key (8 keys)' "$T/user/k.h"; then
	ok "not-known keys: no C row, and the header says what an unlisted function means"
else
	ko "not-known keys in the C tables" "$(grep -E '\{ (PCI_|0x)|not known' "$T/user/k.h" | head -3)"
fi
expect_out "lookup: not known, exit 6" 6 '^1b36:0010:vf not-known vpasid=none vpri=none vats=none$' \
	"$PS" lookup --map "$T/user/m.yaml" 1b36:0010:vf
expect_err "qemu-args: not known, exit 6" 6 '1b36:0010:vf \(0000:01:00.1\) is not known: seen only in partial reads' \
	"$PS" qemu-args --db "$T/user.db" --sysfs "$SYSFS" 01:00.1
if "$PS" report --db "$T/user.db" -o "$T/user-report" >/dev/null 2>&1 &&
   grep -q '1b36:0010:vf</a></td><td>[^<]*</td><td class="no">not-known</td>' "$T/user-report/index.html"; then
	ok "report: a key seen only in partial reads is shown not-known"
else
	ko "report not-known" "$(grep -o '1b36:0010:vf.\{0,120\}' "$T/user-report/index.html" 2>/dev/null | head -1)"
fi

# --- what the C tables leave out ---------------------------------------
# The modelled functions (tests/mkfixtures.c): a root port and a PCIe
# endpoint without extended capabilities, each with a register at 0xffc,
# get no C row - vfio-pci will not bind the first, QEMU adds nothing to
# the second - while the endpoint with AER and a register at 0xffc does.
SYN=${SYNTH:-build/fixtures/synthetic}
if [ -f "$SYN/bridge-register-at-ffc.txt" ]; then
	"$PS" replay --db "$T/syn.db" "$SYN"/*.txt >/dev/null 2>&1
	gen3 "$T/syn.db" "$T/syn" 2>/dev/null
	rows=$(grep -oE '\{ PCI_V?DEVICE\([^,]+, 0x[0-9a-f]{4}' "$T/syn/k.h" | grep -oE '[0-9a-f]{4}$' | tr '\n' ' ')
	if [ "$rows" = "0ffc " ] && lookup_all "$T/syn/m.yaml" | grep -q '^eeee:0ff1:fn not-assignable ' &&
	   lookup_all "$T/syn/m.yaml" | grep -q '^eeee:0ff2:fn no-vpasid '; then
		ok "C rows: the endpoint with a register at 0xffc only; the bridge and the endpoint without extended capabilities none"
	else
		ko "C rows of the modelled functions" "rows: $rows; $(lookup_all "$T/syn/m.yaml" | grep eeee | tr '\n' ';')"
	fi
	expect_out "show: no extended capability, QEMU adds no vPASID" 0 \
		'vPASID: none \(no-vpasid\): vfio-pci shows it no extended capability' \
		"$PS" show "$SYN/pcie-no-ext-caps.txt"
else
	sk "C rows of the modelled functions" "no synthetic fixtures in $SYN (make fixtures)"
fi

# --- gen needs scans ----------------------------------------------------
mkdir -p "$T/empty-tree/devices"
"$PS" scan --sysfs "$T/empty-tree" --db "$T/empty.db" >/dev/null 2>&1
mkdir -p "$T/none"
if expect_err "gen: a store with no scan is an error" 1 'empty.db holds no scan' \
	gen3 "$T/empty.db" "$T/none"; then
	[ -z "$(ls "$T/none")" ] && ok "gen: a store with no scan writes nothing" ||
		ko "gen: empty store" "left: $(ls "$T/none")"
fi

# --- usage and failure leave nothing -----------------------------------
expect_rc "gen: no output" 2 "$PS" gen --db "$T/fwd.db" && ok "gen with no output: exit 2"
expect_rc "gen: two stdouts" 2 "$PS" gen --db "$T/fwd.db" --kernel - --yaml - && ok "gen with two stdouts: exit 2"
mkdir -p "$T/keep" && echo old >"$T/keep/m.yaml"
if expect_rc "gen: missing store" 1 gen3 "$T/nope.db" "$T/keep"; then
	if [ "$(cat "$T/keep/m.yaml")" = old ] && [ ! -e "$T/keep/k.h" ] && [ ! -e "$T/nope.db" ] &&
	   [ "$(ls "$T/keep")" = m.yaml ]
	then ok "gen from a missing store: exit 1, old file kept, nothing new"
	else ko "gen: missing store" "left: $(ls "$T/keep") $(ls "$T" | grep nope)"; fi
fi
# A FIFO is written through, not replaced by a file renamed over it
# (the same holds for /dev/null, which a test must not risk).
mkfifo "$T/fifo"
(wc -c <"$T/fifo" >"$T/fifo.n") &
"$PS" gen --db "$T/fwd.db" --yaml "$T/fifo" 2>/dev/null
wait
if [ -p "$T/fifo" ] && [ "$(cat "$T/fifo.n")" = "$(wc -c <"$T/fwd/m.yaml")" ]; then
	ok "gen into a FIFO: written through, still a FIFO"
else
	ko "gen into a FIFO" "$(ls -l "$T/fifo") $(cat "$T/fifo.n")"
fi
echo old >"$T/target.h" && ln -s target.h "$T/link.h"
"$PS" gen --db "$T/fwd.db" --all --qemu "$T/link.h" 2>/dev/null
if [ -L "$T/link.h" ] && cmp -s "$T/target.h" "$T/fwd/q.h"; then
	ok "gen onto a symlink: its target replaced, the link kept"
else
	ko "gen onto a symlink" "$(ls -l "$T/link.h" "$T/target.h")"
fi
mkdir -p "$T/ro" && chmod 555 "$T/ro"
# Root writes into a mode 555 directory anyway, so root runs this one as
# nobody (setpriv, util-linux): $T/keep writable, $T/ro not.
as_user=()
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
	as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
	chmod 755 "$T" && chmod 777 "$T/keep" && chmod 644 "$T/fwd.db"
fi
if [ "$(id -u)" != 0 ] || [ ${#as_user[@]} -gt 0 ] && "${as_user[@]}" test -x "$PS"; then
	# A store another user owns, in a directory this one cannot write:
	# read as it stands, the same map as its owner's.
	if [ ${#as_user[@]} -gt 0 ] &&
		expect_rc "gen: another user's store" 0 "${as_user[@]}" "$PS" gen --db "$T/fwd.db" --all --yaml "$T/keep/nb.yaml"; then
		if cmp -s "$T/keep/nb.yaml" "$T/fwd/m.yaml" && [ ! -e "$T/fwd.db-shm" ]; then
			ok "gen: another user's store read as it stands, the same map"
		else
			ko "gen: another user's store" "map differs or -shm left: $(ls "$T")"
		fi
		rm -f "$T/keep/nb.yaml"
	fi
	if expect_err "gen: unwritable dir, said" 1 "^pasid-scan: $T/ro/m.yaml" \
		"${as_user[@]}" "$PS" gen --db "$T/fwd.db" --kernel "$T/keep/k.h" --yaml "$T/ro/m.yaml"; then
		if [ ! -e "$T/keep/k.h" ] && [ -z "$(ls "$T/ro")" ]; then
			ok "gen: one output unwritable, none written"
		else
			ko "gen: unwritable dir" "left: $(ls "$T/keep" "$T/ro")"
		fi
	fi
else
	sk "gen: unwritable dir" "root, and no setpriv or user nobody to run it as one"
fi
if [ "$(id -u)" = 0 ] && mkdir -p "$T/full" && mount -t tmpfs -o size=8k tmpfs "$T/full" 2>/dev/null; then
	MNT=$T/full
	echo old >"$T/full/m.yaml"
	if expect_rc "gen: disk full" 1 "$PS" gen --db "$T/fwd.db" --all --kernel "$T/keep/k.h" --yaml "$T/full/m.yaml"; then
		if [ "$(cat "$T/full/m.yaml")" = old ] && [ "$(ls "$T/full")" = m.yaml ] && [ ! -e "$T/keep/k.h" ]
		then ok "gen onto a full tmpfs: exit 1 ($(cat "$T/err")), old map kept, no other file written"
		else ko "gen: disk full" "left: $(ls "$T/full") $(ls "$T/keep")"; fi
	fi
else
	sk "gen: disk full" "needs root and a tmpfs mount"
fi

# --- the corpus: every placement clear of every observation ------------
if [ ! -d "$CORPUS" ]; then
	sk "corpus placements" "$CORPUS is not there (../shared absent)"
	finish gen
	exit
fi
# ../shared's qemu-lab dumps too (sysfs.txt there is a listing, not a
# dump), and its public dumps (not MANIFEST.tsv, README.md)
mapfile -t SQLAB < <(find "${CORPUS%/*}/qemu-lab" -name '*.txt' ! -name sysfs.txt 2>/dev/null | LC_ALL=C sort)
mapfile -t PUB < <(find "${CORPUS%/*}/public-dumps" -name '*.txt' 2>/dev/null | LC_ALL=C sort)
"$PS" replay --db "$T/all.db" "$CORPUS" "${SQLAB[@]}" "${PUB[@]}" "$LAB" "$QLAB" ${SYN:+"$SYN"} >/dev/null 2>&1
"$PS" scan --sysfs "$SYSFS" --db "$T/all.db" >/dev/null 2>&1
if gen3 "$T/all.db" "$T/all" --all 2>"$T/gen.err" && [ -s "$T/all/k.h" ] &&
   [ -s "$T/all/q.h" ] && [ -s "$T/all/m.yaml" ] && gen3 "$T/all.db" "$T/dflt" 2>/dev/null; then
	ok "gen over corpus and fixtures: all three files ($(grep -c '^- vendor' "$T/all/m.yaml") keys; $(grep -c 'note:' "$T/gen.err") chain notes)"
else
	ko "gen over the corpus" "$(head -c 300 "$T/gen.err")"
fi
if command -v python3 >/dev/null && python3 -c 'import yaml' 2>/dev/null; then
	# The default tables: every row for a function QEMU extends, at an
	# offset it takes; every verdict the rules' own.  And the check can
	# fail: a row for a root port is caught.
	if python3 tests/consumer_check.py "$T/all.db" "$T/dflt/m.yaml" "$T/dflt/k.h" "$T/dflt/q.h" >"$T/cc" 2>&1; then
		ok "the C tables and verdicts read again from the stored bytes: $(cat "$T/cc")"
	else
		ko "consumer check of the corpus tables" "$(head -c 400 "$T/cc")"
	fi
	sed 's/^} vfio_vpasid_offset_table\[\] = {$/&\n    { 0x1b36, 0x000c, false, 0xff0 },/' "$T/dflt/q.h" >"$T/bad-q.h"
	sed 's/^static const struct pci_device_id pasid_scan_vpasid_fn_ids.*{$/&\n\t{ PCI_DEVICE(0x1b36, 0x000c), .driver_data = 0xff0 },/' "$T/dflt/k.h" >"$T/bad-k.h"
	if ! python3 tests/consumer_check.py "$T/all.db" "$T/dflt/m.yaml" "$T/bad-k.h" "$T/bad-q.h" >"$T/cc" 2>&1 &&
	   grep -q '1b36:000c row, but QEMU extends no stored function of it' "$T/cc"; then
		ok "the consumer check fails on a row for a root port"
	else
		ko "the consumer check can fail" "$(head -c 300 "$T/cc")"
	fi
fi
if command -v python3 >/dev/null && python3 -c 'import yaml' 2>/dev/null; then
	check_lookup "$T/all/m.yaml" corpus
	if python3 - "$T/all/m.yaml" "$T/all.db" >"$T/py" 2>&1 <<'PY'
import sqlite3, sys, yaml
m = yaml.safe_load(open(sys.argv[1]))
db = sqlite3.connect(sys.argv[2])
placed = checked = 0
for d in m["devices"]:
    kind = "('vf')" if d["kind"] == "vf" else "('pf','fn')"
    rows = db.execute(
        "SELECT a.id, a.ext_space FROM functions f JOIN analyses a ON a.id = f.analysis_id "
        "WHERE f.vendor = ? AND f.device = ? AND f.kind IN %s" % kind,
        (d["vendor"], d["device"])).fetchall()
    assert rows, d
    spans = []
    # the analyses that read the extended space: partial reads (ext
    # space unknown) took nothing, and a placement never rests on them
    whole = [(aid, ext) for aid, ext in rows if ext == "caps"]
    for name, p in d["placements"].items():
        if p["offset"] is None:
            continue
        o, n = p["offset"], p["size"]
        assert o % 4 == 0 and 0x100 <= o <= 0x1000 - n, (d, name)
        assert d["verdict"] in ("default-safe", "other-offset", "no-safe-offset"), (d, name)
        assert whole, ("placed without a whole read", d, name)
        for s, e in spans:
            assert o + n <= s or e <= o, ("overlap", d, name)
        spans.append((o, o + n))
        placed += 1
        for aid, ext in whole:
            # free windows are what the analysis found unused
            hit = db.execute("SELECT count(*) FROM free_windows WHERE analysis_id = ? "
                             "AND off <= ? AND off + size >= ?", (aid, o, o + n)).fetchone()[0]
            assert hit == 1, ("occupied", d["vendor"], d["device"], d["kind"], name, hex(o), aid)
            checked += 1
print("%d placements, %d observation checks" % (placed, checked))
PY
	then ok "no placement overlaps a byte any stored analysis shows in use: $(cat "$T/py")"
	else ko "placements clear of every observation" "$(tail -n 3 "$T/py")"; fi
fi
finish gen
