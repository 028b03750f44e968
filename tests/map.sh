#!/bin/bash
# The pictures: map's SVG, report's HTML and show --map, each checked
# against what the tool says in another form.
# - Every cell of the SVG of every bundled function (the lab guest's
#   recording, the qemu-lab dumps, the modeled devices) against show
#   --format=json of the same function (tests/picture.py works out each
#   byte's owner from the JSON alone); the SVG is well-formed (xmllint).
# - A key's SVG against its entry in gen's offset map.
# - The SVG rendered to PNG by Debian's headless Chromium, its pixels
#   read back: header, a capability, a hidden register, the vPASID
#   outline in the colours the picture's legend gives them.
# - show --map: plain in a pipe and under NO_COLOR, coloured on a
#   terminal (script(1) gives it one); the map agrees with show's text.
# - report: every page well-formed, nothing loaded from elsewhere, every
#   key of the store listed, its rows those gen writes; replaced whole,
#   never over a directory it did not write.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/tests/lib.sh"
PS=${PASID_SCAN:?set PASID_SCAN to the binary}
SYNTH=${SYNTH:?set SYNTH to the synthetic fixtures}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$here" || exit 1
REC=tests/fixtures/lab/root.rec
LAB=tests/fixtures/qemu-lab
PY=tests/picture.py

# --- map: every cell against show --format=json ------------------------
# cells_agree NAME DUMP...: each function of each DUMP mapped alone
cells_agree() {
	local name=$1 src n=0 bad=0 bdf
	shift
	for src in "$@"; do
	"$PS" show --format=json "$src" >"$T/all.json" 2>"$T/err" ||
		{ ko "$name" "show failed: $(head -c 200 "$T/err")"; return; }
	for bdf in $(jq -r '.functions[].bdf' "$T/all.json"); do
		n=$((n + 1))
		if ! "$PS" map "$src" -s "$bdf" --no-pf -o "$T/c.svg" 2>"$T/err"; then
			bad=$((bad + 1)); echo "  $bdf: map failed: $(cat "$T/err")"; continue
		fi
		"$PS" show --format=json "$src" -s "$bdf" >"$T/c.json"
		if ! xmllint --noout "$T/c.svg" 2>"$T/err"; then
			bad=$((bad + 1)); echo "  $bdf: $(head -c 200 "$T/err")"; continue
		fi
		python3 "$PY" cells "$T/c.svg" "$T/c.json" >"$T/why" ||
			{ bad=$((bad + 1)); echo "  $bdf:"; head -5 "$T/why"; }
	done
	done
	if [ $bad = 0 ] && [ $n -gt 0 ]; then ok "$name: $n function$([ $n = 1 ] || echo s), 4096 cells each, well-formed"
	else ko "$name" "$bad of $n functions disagree"; fi
}

if ! command -v xmllint >/dev/null; then
	sk "map cells" "xmllint is not installed (make deps installs libxml2-utils)"
else
	cells_agree "map agrees with show --format=json: lab guest recording" "$REC"
	for d in default 16vfs cxl; do
		if [ -d "$LAB/$d" ]; then
			cells_agree "map agrees with show --format=json: qemu-lab/$d" "$LAB/$d"/*.txt
		fi
	done
	for f in "$SYNTH"/*.txt; do
		cells_agree "map agrees with show --format=json: $(basename "$f" .txt)" "$f"
	done
fi

# --- map: the VF's PF beside it; same input, same bytes -----------------
"$PS" map "$REC" -s 01:00.1 -o "$T/vf.svg"
"$PS" map "$REC" -s 01:00.1 -o "$T/vf2.svg"
if grep -q 'its PF: 0000:01:00.0' "$T/vf.svg" && cmp -s "$T/vf.svg" "$T/vf2.svg"; then
	ok "map draws a VF with its PF beside it, the same bytes twice"
else
	ko "map VF with PF" "no PF panel, or two runs differ"
fi
if cmp -s "$T/vf.svg" docs/lab-nvme-vf.svg; then ok "the README's picture is what map draws now"
else ko "README picture" "docs/lab-nvme-vf.svg is stale: make picture"; fi
"$PS" map "$REC" -s 01:00.1 --no-pf -o "$T/vf1.svg"
if ! grep -q 'its PF' "$T/vf1.svg"; then ok "map --no-pf draws the VF alone"
else ko "map --no-pf" "the PF is drawn"; fi

# --- map: a function of a store, and of a sysfs tree ---------------------
"$PS" replay --db "$T/rec.db" "$REC" >/dev/null
"$PS" show --format=json "$REC" -s 01:00.1 >"$T/vf.json"
if "$PS" map --db "$T/rec.db" --no-pf 01:00.1 -o "$T/s.svg" &&
   python3 "$PY" cells "$T/s.svg" "$T/vf.json" >"$T/why"; then
	ok "map --db BDF draws the stored function as the dump's"
else
	ko "map --db BDF" "$(head -3 "$T/why" 2>/dev/null)"
fi
"$PS" show --format=json --sysfs tests/fixtures/sysfs/lab -s 01:00.1 >"$T/live.json"
if "$PS" map --sysfs tests/fixtures/sysfs/lab --no-pf 01:00.1 -o "$T/l.svg" &&
   python3 "$PY" cells "$T/l.svg" "$T/live.json" >"$T/why"; then
	ok "map --sysfs DIR BDF agrees with show of the same tree"
else
	ko "map --sysfs BDF" "$(head -3 "$T/why" 2>/dev/null)"
fi
if "$PS" map --sysfs tests/fixtures/sysfs/lab 01:00.1 -o "$T/l2.svg" &&
   grep -q 'its PF: 0000:01:00.0' "$T/l2.svg"; then
	ok "map --sysfs DIR BDF draws a VF with its PF"
else
	ko "map --sysfs VF with PF" "no PF panel"
fi
vmd_tree "$T/vmd-tree"
if "$PS" map --sysfs "$T/vmd-tree" 10000:01:00.1 -o "$T/l3.svg" &&
   grep -q 'its PF: 10000:01:00.0' "$T/l3.svg"; then
	ok "map --sysfs DIR BDF draws a VF in domain 10000 with its PF"
else
	ko "map --sysfs VF in domain 10000" "no PF panel for 10000:01:00.0"
fi

# --- map: a key's consensus against the offset map -----------------------
"$PS" replay --db "$T/all.db" "$REC" "$LAB" >/dev/null
"$PS" gen --db "$T/all.db" --yaml "$T/map.yaml" >/dev/null
keys=$(python3 -c '
import sys, yaml
for d in yaml.safe_load(open(sys.argv[1]))["devices"]:
    print("%04x:%04x:%s" % (d["vendor"], d["device"], d["kind"]))' "$T/map.yaml" 2>/dev/null)
if [ -z "$keys" ]; then
	sk "map key" "python3-yaml is not installed (make deps installs it)"
else
	n=0 bad=0
	for k in $keys; do
		n=$((n + 1))
		IFS=: read -r v d kind <<<"$k"
		if ! "$PS" map --db "$T/all.db" "$k" -o "$T/k.svg" 2>"$T/err" ||
		   ! python3 "$PY" key "$T/k.svg" "$T/map.yaml" "$v" "$d" "$kind" >"$T/why"; then
			bad=$((bad + 1)); echo "  $k: $(cat "$T/err" "$T/why" | head -3)"
		fi
	done
	if [ $bad = 0 ]; then ok "map of each of the $n keys agrees with gen's offset map"
	else ko "map key" "$bad of $n keys disagree"; fi
	if "$PS" map --db "$T/all.db" 1b36:0010:vf -o "$T/k.svg" &&
	   grep -q 'its PF: 1b36:0010:fn' "$T/k.svg"; then
		ok "map of a VF key draws its PF's key beside it"
	else
		ko "map VF key" "no PF panel"
	fi
fi

# --- map: what it refuses --------------------------------------------------
expect_err "map: a dump of many functions needs -s" 4 "^pasid-scan: map: 14 functions in .*/root.rec; pick one with -s or -d$" \
	"$PS" map "$REC" -o "$T/x.svg"
expect_err "map: a key seen as fn and vf needs :fn or :vf" 4 "1b36:0010 is an fn key and a vf key; add :fn or :vf" \
	"$PS" map --db "$T/all.db" 1b36:0010 -o "$T/x.svg"
expect_err "map: a key the store lacks" 4 "no observation of dead:beef" \
	"$PS" map --db "$T/all.db" dead:beef -o "$T/x.svg"
expect_err "map: a target that is nothing" 2 "no file, function address" \
	"$PS" map not-a-thing -o "$T/x.svg"
expect_rc "map: -o is required" 2 "$PS" map "$REC" -s 01:00.1 && ok "map: -o is required"
printf '00:00.0 Host bridge: Intel Corporation Device 29c0\n00: 86 80 c0 29 00 00 00 00 00 00 00 06 00 00 00 00\nzz: 00\n' >"$T/bad.txt"
expect_err "map: bad dump named with its line" 1 "bad.txt:3" "$PS" map "$T/bad.txt" -o "$T/x.svg"
if [ ! -e "$T/x.svg" ] && ! ls "$T" | grep -q 'x.svg.'; then ok "map writes nothing on refusal"
else ko "map refusal" "a file was written: $(ls "$T")"; fi

# --- the SVG in a browser --------------------------------------------------
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
render() {	# render SVG PNG
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--force-device-scale-factor=1 --window-size="$(python3 "$PY" size "$1")" \
		--screenshot="$2" "file://$1" >/dev/null 2>&1
}
if [ -z "$CHROMIUM" ]; then
	sk "render" "chromium is not installed (make deps installs it)"
else
	for case in "$REC 01:00.1" "$REC 02:00.0" "$SYNTH/be2net-hidden-regs.txt" \
		    "$SYNTH/x550-orphan-sriov.txt"; do
		set -- $case
		sel=()
		[ $# = 2 ] && sel=(-s "$2")
		name="$(basename "$1")${2:+ $2}"
		"$PS" map "$1" "${sel[@]}" --no-pf -o "$T/r.svg"
		"$PS" show --format=json "$1" "${sel[@]}" >"$T/r.json"
		rm -f "$T/r.png"
		if ! render "$T/r.svg" "$T/r.png" || [ ! -s "$T/r.png" ]; then
			ko "render $name" "chromium wrote no PNG"
		elif python3 "$PY" png "$T/r.png" "$T/r.svg" "$T/r.json" >"$T/why"; then
			ok "chromium renders $name: header, capability, hidden, vPASID outline in their colours"
		else
			ko "render $name" "$(head -3 "$T/why")"
		fi
	done
fi

# --- show --map ------------------------------------------------------------
"$PS" show --map "$REC" -s 01:00.1 >"$T/m.txt"
if ! grep -q $'\033' "$T/m.txt" &&
   [ "$(grep -cE $'^\t[0-9a-f]{3} .{64}$' "$T/m.txt")" = 16 ] &&
   grep -qE $'^\t000 #{16}' "$T/m.txt" && grep -qE $'^\tf00 .{62}PP$' "$T/m.txt"; then
	ok "show --map in a pipe: plain, 16 lines of 64 dwords, header and vPASID at 0xff8"
else
	ko "show --map plain" "$(sed -n '/Map/,$p' "$T/m.txt" | head -4)"
fi
# The text says where the capabilities are; the map must put each
# one's symbol at its dword.
bad=$(python3 - "$T/m.txt" <<'PY'
import re, sys
caps, line = [], {}
for l in open(sys.argv[1]):
    m = re.match(r"\t\t\[([0-9a-f]+)[] ]", l)
    if m:
        caps.append(int(m.group(1), 16))
    m = re.match(r"\t([0-9a-f]{3}) (.{64})$", l.rstrip("\n"))
    if m:
        line[int(m.group(1), 16)] = m.group(2)
if not caps or len(line) != 16:
    print("no capabilities or no map in show's text")
for o in caps:
    if line[o - o % 256][o % 256 // 4] in ".#":
        print(hex(o))
PY
)
if [ -z "$bad" ] && grep -q '0 MSI-X at 0x040' "$T/m.txt"; then
	ok "show --map marks every capability show lists, and names it in the legend"
else
	ko "show --map caps" "capabilities not on the map at: $bad"
fi
if command -v script >/dev/null; then
	script -qec "$PS show --map $REC -s 01:00.1" /dev/null >"$T/tty.txt" 2>&1
	NO_COLOR=1 script -qec "$PS show --map $REC -s 01:00.1" /dev/null >"$T/nc.txt" 2>&1
	if grep -q $'\033\[' "$T/tty.txt" && ! grep -q $'\033\[' "$T/nc.txt"; then
		ok "show --map on a terminal is coloured, and plain under NO_COLOR"
	else
		ko "show --map colour" "tty: $(grep -c $'\033' "$T/tty.txt"), NO_COLOR: $(grep -c $'\033' "$T/nc.txt")"
	fi
else
	sk "show --map on a terminal" "script(1) is not installed"
fi
"$PS" show --map --color=always "$REC" -s 01:00.1 | sed 's/\x1b\[[0-9;]*m//g' >"$T/strip.txt"
if cmp -s "$T/strip.txt" "$T/m.txt"; then ok "show --map --color=always is the plain map with colour added"
else ko "show --map --color=always" "the characters differ from the plain map"; fi
expect_err "show --map refuses --format=json" 2 "does not go with" \
	"$PS" show --map --format=json "$REC"
expect_err "show --color takes auto, always or never" 2 "^pasid-scan: show: --color=sometimes: expected auto, always or never; see 'pasid-scan show --help'$" \
	"$PS" show --map --color=sometimes "$REC"

# --- report ----------------------------------------------------------------
expect_out "report writes index.html and says where" 0 "^$T/rep/index.html: [0-9]+ device keys" \
	"$PS" report --db "$T/all.db" -o "$T/rep"
nkeys=$("$PS" db list --db "$T/all.db" | grep -cE '^[0-9a-f]{4}:[0-9a-f]{4}:(fn|vf) ')
rows=$(grep -c '^<tr><td><a href=' "$T/rep/index.html")
pages=$(ls "$T/rep" | grep -c '\.html$')
if [ "$rows" = "$nkeys" ] && [ "$pages" = $((nkeys + 1)) ]; then
	ok "report lists all $nkeys keys of the store, a page each"
else
	ko "report keys" "store $nkeys keys, index $rows rows, $pages pages"
fi
bad=0
for f in "$T"/rep/*.html; do
	xmllint --noout "$f" 2>/dev/null || { bad=1; echo "  not well-formed: $f"; }
	if grep -qiE '<script|(src|href)="(https?:)?//' "$f"; then bad=1; echo "  loads or runs something: $f"; fi
done
for l in $(grep -o 'href="[^"]*"' "$T/rep/index.html" | cut -d'"' -f2); do
	[ -f "$T/rep/$l" ] || { bad=1; echo "  dead link: $l"; }
done
if [ $bad = 0 ]; then ok "report: every page well-formed, every link there, no script, nothing fetched"
else ko "report pages" "see above"; fi
# Each page's QEMU row is the row gen --all writes for the key, and a
# page without one is a key gen --all gives none.
"$PS" gen --db "$T/all.db" --all --qemu "$T/q.h" >/dev/null 2>&1
bad=0 nrow=0
for f in "$T"/rep/*-*.html; do
	row=$(sed -n '/<h3>QEMU table/,/<\/pre>/p' "$f" | grep -o '^    { 0x[^}]*},$')
	IFS=- read -r v d k <<<"$(basename "$f" .html)"
	[ "$k" = vf ] && vf=true || vf=false
	if [ -n "$row" ]; then
		nrow=$((nrow + 1))
		grep -qxF "$row" "$T/q.h" || { bad=$((bad + 1)); echo "  $f: '$row'"; }
	elif grep -q "^    { 0x$v, 0x$d, $vf," "$T/q.h"; then
		bad=$((bad + 1)); echo "  $f: no QEMU row, but gen --all writes one"
	fi
done
if [ $bad = 0 ] && [ $nrow -gt 0 ]; then ok "report: each key's QEMU row is the one gen --all writes ($nrow rows), and no other key has one"
else ko "report rows" "$bad pages differ from gen ($nrow rows)"; fi
"$PS" report --db "$T/all.db" -o "$T/rep2" >/dev/null
if diff -r "$T/rep" "$T/rep2" >/dev/null; then ok "report: the same store writes the same bytes"
else ko "report deterministic" "two reports differ"; fi
echo stale >"$T/rep/old.html"
if "$PS" report --db "$T/all.db" -o "$T/rep" >/dev/null && [ ! -e "$T/rep/old.html" ] &&
   [ -z "$(ls -d "$T"/rep.tmp-* 2>/dev/null)" ]; then
	ok "report replaces an earlier report whole, no temporary left"
else
	ko "report replace" "$(ls "$T")"
fi
mkdir "$T/mine" && echo keep >"$T/mine/notes.txt"
expect_err "report refuses a directory it did not write" 1 "not a pasid-scan report" \
	"$PS" report --db "$T/all.db" -o "$T/mine"
if [ "$(ls "$T/mine")" = notes.txt ] && [ -z "$(ls -d "$T"/mine.tmp-* 2>/dev/null)" ]; then
	ok "report leaves that directory as it was"
else
	ko "report refusal" "$(ls "$T/mine")"
fi
expect_rc "report: a missing store" 1 "$PS" report --db "$T/none.db" -o "$T/rep3" &&
	if [ ! -e "$T/rep3" ]; then ok "report: a missing store writes nothing"
	else ko "report missing store" "$T/rep3 was made"; fi

finish map
