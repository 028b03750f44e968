#!/bin/bash
# gen, lookup and qemu-args: quirks/ is what the recordings give today;
# outputs are byte-identical whatever order the store was filled in;
# no placement covers a byte any stored analysis shows in use (checked
# in SQL against the analyses' free windows, not with gen's own code);
# the YAML map parses with python3-yaml and lookup agrees with it; bad
# input and failed writes leave no file behind.
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
if scripts/gen-quirks.sh "$PS" "$T/quirks" 2>"$T/err"; then
	stale=""
	for f in $QUIRKS; do
		cmp -s "quirks/$f" "$T/quirks/$f" || stale="$stale $f"
	done
	if [ -z "$stale" ]; then ok "quirks/ is what the recordings give"
	else ko "quirks/ is current" "stale:$stale; run 'make quirks'"; fi
else
	ko "quirks/ is current" "gen-quirks.sh failed: $(head -c 300 "$T/err")"
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
# yaml_keys MAP: "vendor:device kind vpasid=.. vpri=.. vats=.." per key
yaml_keys() {
	python3 - "$1" <<'PY'
import sys, yaml
m = yaml.safe_load(open(sys.argv[1]))
assert m["format"] == "pasid-scan-map" and m["format-version"] == 1
for d in m["devices"]:
    offs = []
    for k in ("vpasid", "vpri", "vats"):
        o = d["placements"][k]["offset"]
        offs.append("%s=%s" % (k, "none" if o is None else "0x%x" % o))
    print("%04x:%04x %s %s" % (d["vendor"], d["device"], d["kind"], " ".join(offs)))
PY
}

check_lookup() {
	local map=$1 what=$2 n=0 bad=0 id kind rest got
	if ! yaml_keys "$map" >"$T/want" 2>"$T/err"; then
		ko "python3-yaml reads the $what map" "$(tail -n1 "$T/err")"
		return
	fi
	ok "python3-yaml reads the $what map: $(wc -l <"$T/want") keys"
	while read -r id kind rest; do
		n=$((n + 1))
		got=$("$PS" lookup --map "$map" "$id" "$kind" 2>&1)
		[ "$got" = "$id $kind $rest" ] || { bad=$((bad + 1)); echo "  $got != $id $kind $rest"; }
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
	if [ "$(wc -l <"$T/out")" = 2 ] && grep -q '^1b36:0010 pf vpasid=0xff8 ' "$T/out" &&
	   grep -q '^1b36:0010 vf vpasid=0xff8 ' "$T/out"; then ok "lookup both kinds of a key"
	else ko "lookup both kinds of a key" "$(cat "$T/out")"; fi
fi
expect_err "lookup: absent key, exit 4, said" 4 'no key 1234:5678' \
	"$PS" lookup --map quirks/pasid-scan-map.yaml 1234:5678
expect_rc "lookup: bad ID, exit 2" 2 "$PS" lookup --map quirks/pasid-scan-map.yaml 8086 && ok "lookup: bad ID, exit 2"
printf 'format: pasid-scan-map\nformat-version: 1\ndevices:\n  - vendor: 0x1b36\n    device: [oops\n' >"$T/broken.yaml"
if expect_rc "lookup: broken YAML" 1 "$PS" lookup --map "$T/broken.yaml" 1b36:0010; then
	if grep -qE "broken.yaml:[0-9]+: " "$T/err" && [ "$(wc -l <"$T/err")" = 1 ]; then
		ok "lookup: broken YAML, one line naming file and line: $(cat "$T/err")"
	else ko "lookup: broken YAML" "stderr: $(cat "$T/err")"; fi
fi
sed 's/^format-version: 1$/format-version: 2/' quirks/pasid-scan-map.yaml >"$T/v2.yaml"
expect_err "lookup: newer format refused at its line" 1 'v2.yaml:3: format-version 2' \
	"$PS" lookup --map "$T/v2.yaml" 1b36:0010
sed '0,/kind: pf/s//kind: px/' quirks/pasid-scan-map.yaml >"$T/kind.yaml"
line=$(grep -n 'kind: px' "$T/kind.yaml" | cut -d: -f1)
expect_err "lookup: a bad kind named at line $line" 1 "kind.yaml:$line: expected kind: pf or vf" \
	"$PS" lookup --map "$T/kind.yaml" 1b36:0010

# --- qemu-args on the lab guest's sysfs tree ---------------------------
"$PS" replay --db "$T/lab.db" "$LAB/root.rec" >/dev/null 2>&1
want=$("$PS" lookup --map quirks/pasid-scan-map.yaml 1b36:0010 vf | sed -E 's/.*vpasid=([^ ]*).*/\1/')
expect_out "qemu-args for a VF" 0 "^-device vfio-pci,host=0000:01:00.1,x-vpasid-cap-offset=$want\$" \
	"$PS" qemu-args --db "$T/lab.db" --sysfs "$SYSFS" 01:00.1
grep -q "<qemu:property name='x-vpasid-cap-offset' type='unsigned' value='$((want))'/>" "$T/out" &&
	ok "qemu-args: the libvirt override says $((want))" || ko "qemu-args libvirt" "$(cat "$T/out")"
# A VF in a VMD domain: QEMU's host= stops at domain ffff, so sysfsdev=
vmd_tree "$T/vmd-tree"
expect_out "qemu-args for a VF in domain 10000" 0 "^-device vfio-pci,sysfsdev=/sys/bus/pci/devices/10000:01:00.1,x-vpasid-cap-offset=$want\$" \
	"$PS" qemu-args --db "$T/lab.db" --sysfs "$T/vmd-tree" 10000:01:00.1
grep -q "<qemu:device alias='ua-10000-01-00-1'>" "$T/out" &&
	ok "qemu-args: the libvirt alias names domain 10000" || ko "qemu-args libvirt alias" "$(cat "$T/out")"
expect_rc "qemu-args: no such function" 1 "$PS" qemu-args --db "$T/lab.db" --sysfs "$SYSFS" 09:00.0 &&
	ok "qemu-args: no such function, exit 1"
"$PS" replay --db "$T/other.db" "$QLAB/default/0000-00-1f.0.txt" >/dev/null 2>&1
expect_err "qemu-args: key not in the store, exit 4" 4 'no observation of 1b36:0010 vf' \
	"$PS" qemu-args --db "$T/other.db" --sysfs "$SYSFS" 01:00.1
expect_err "qemu-args: no extended space, exit 4, said" 4 'no safe vPASID offset for 8086:2918 pf' \
	"$PS" qemu-args --db "$T/lab.db" --sysfs "$SYSFS" 00:1f.0

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
# root writes into a mode 555 directory anyway: that case needs a user
if [ "$(id -u)" != 0 ]; then
	if expect_rc "gen: unwritable dir" 1 "$PS" gen --db "$T/fwd.db" --kernel "$T/keep/k.h" --yaml "$T/ro/m.yaml"; then
		if [ ! -e "$T/keep/k.h" ]; then ok "gen: one output unwritable, none written"
		else ko "gen: unwritable dir" "$T/keep/k.h was written"; fi
	fi
else
	sk "gen: unwritable dir" "root can write into a mode 555 directory"
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
# ../shared's qemu-lab dumps too (sysfs.txt there is a listing, not a dump)
mapfile -t SQLAB < <(find "${CORPUS%/*}/qemu-lab" -name '*.txt' ! -name sysfs.txt 2>/dev/null | LC_ALL=C sort)
"$PS" replay --db "$T/all.db" "$CORPUS" "${SQLAB[@]}" "$LAB" "$QLAB" >/dev/null 2>&1
"$PS" scan --sysfs "$SYSFS" --db "$T/all.db" >/dev/null 2>&1
if gen3 "$T/all.db" "$T/all" --all 2>"$T/gen.err" && [ -s "$T/all/k.h" ] &&
   [ -s "$T/all/q.h" ] && [ -s "$T/all/m.yaml" ]; then
	ok "gen over corpus and fixtures: all three files ($(grep -c '^- vendor' "$T/all/m.yaml") keys; $(wc -l <"$T/gen.err") chain notes)"
else
	ko "gen over the corpus" "$(head -c 300 "$T/gen.err")"
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
    for name, p in d["placements"].items():
        if p["offset"] is None:
            continue
        o, n = p["offset"], p["size"]
        assert o % 4 == 0 and 0x100 <= o <= 0x1000 - n, (d, name)
        for s, e in spans:
            assert o + n <= s or e <= o, ("overlap", d, name)
        spans.append((o, o + n))
        placed += 1
        for aid, ext in rows:
            assert ext in ("caps", "empty"), (d, name, ext)
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
