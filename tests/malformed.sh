#!/bin/bash
# The malformed-input matrix: each case is input built here from the
# project's own recordings by a stated damage, the command that reads
# it, and the exact one-line message it must give.  Every case must
# exit 1, print exactly that line on stderr, leave a store that already
# existed byte-identical, create no store that did not, and write no
# output file.  Then a 1 GiB dump is replayed: it must be stored whole
# while the process stays under 64 MiB (it streams; the file does not
# fit).
# Env: PASID_SCAN (the binary).
set -u
PS=${PASID_SCAN:?}
PS_NAME=pasid-scan
REC=tests/fixtures/lab/root.rec
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/lib.sh

if ! command -v sqlite3 >/dev/null; then
	sk malformed "the sqlite3 shell is not installed (make deps installs it)"
	finish malformed
	exit
fi

# The NVMe PF of the lab recording: header line, 256 hex lines, blank.
PF=0000:01:00.0
block() { awk -v b="$1" '$1 == b, /^$/' "$REC"; }
block "$PF" >"$T/pf.txt"
# The same block under another address.
at() { sed "1s/^$PF/$1/" "$T/pf.txt"; }
# The PF block with the hex line at OFF replaced by TEXT.
hexline() { sed "s/^$1: .*/$2/" "$T/pf.txt"; }

# A store with something in it, for "nothing written".
"$PS" replay -q --db "$T/base.db" "$REC" >/dev/null 2>&1 ||
	{ ko setup "cannot build the base store"; finish malformed; exit; }

# same NAME A B: two values must be equal
same() {
	if [ "$2" = "$3" ]; then ok "$1"; else ko "$1" "'$2' != '$3'"; fi
}

# untouched NAME: the base store is as it was, no store was created
# beside the input and no output file exists.
untouched() {
	local name=$1 d=$T/$1
	if [ "$(md5sum <"$T/base.db")" != "$BASE_MD5" ]; then
		ko "$name" "the existing store changed"
	elif ls "$T/base.db"-* >/dev/null 2>&1; then
		ko "$name" "the existing store has a -wal or -journal left"
	elif [ -e "$d/new.db" ]; then
		ko "$name" "a store was created"
	elif ls "$d"/out.* >/dev/null 2>&1; then
		ko "$name" "an output file was written: $(ls "$d"/out.*)"
	else
		return 0
	fi
	return 1
}

# exactly NAME WANT CMD...: exit 1 and stderr exactly the line WANT
# ("pasid-scan: " and $T are put in front and expanded here).
exactly() {
	local name=$1 want="$PS_NAME: $2" got
	shift 2
	expect_rc "$name" 1 "$@" || return 1
	got=$(cat "$T/err")
	if [ "$got" != "$want" ]; then
		ko "$name" "stderr is not the one line wanted:
	got:  $got
	want: $want"
		return 1
	fi
}

# replay_case NAME WANT INPUT: replay into the base store and into a new
# one; both refused with WANT, neither written.
replay_case() {
	local name=$1 want=$2 input=$3
	exactly "$name" "$want" "$PS" replay --db "$T/base.db" "$input" &&
		exactly "$name" "$want" "$PS" replay --db "$T/$name/new.db" "$input" &&
		untouched "$name" && ok "$name"
}

# case_dir NAME: a directory for the case's input
case_dir() { mkdir -p "$T/$1"; echo "$T/$1"; }

BASE_MD5=$(md5sum <"$T/base.db")

# --- the text dump reader -------------------------------------------------
d=$(case_dir truncated-line)
hexline 30 "30: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00" >"$d/in.txt"
replay_case truncated-line "$d/in.txt:5: hex line has 15 bytes; expected 16" "$d/in.txt"

d=$(case_dir overlong-line)
{ head -3 "$T/pf.txt"; printf '%04100d\n' 0; } >"$d/in.txt"
replay_case overlong-line "$d/in.txt:4: line longer than 4096 characters" "$d/in.txt"

d=$(case_dir bad-hex)
hexline 20 "20: 00 00 00 00 00 00 00 00 00 00 00 00 f4 1g 00 11" >"$d/in.txt"
replay_case bad-hex "$d/in.txt:4: bad hex byte '1g ' at column 44; expected two hex digits" "$d/in.txt"

d=$(case_dir duplicate-offset)
sed '3p' "$T/pf.txt" >"$d/in.txt"
replay_case duplicate-offset "$d/in.txt:4: offset 0x010 out of sequence; expected 0x020" "$d/in.txt"

d=$(case_dir offset-past-4096)
sed '$d' "$T/pf.txt" >"$d/in.txt"
echo "1000: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00" >>"$d/in.txt"
replay_case offset-past-4096 "$d/in.txt:258: offset 0x1000 is past the 4096-byte config space" "$d/in.txt"

d=$(case_dir header-without-bytes)
{ echo "$PF Class 0108: Device 1b36:0010"; echo; } >"$d/in.txt"
replay_case header-without-bytes "$d/in.txt:1: device $PF has no config bytes" "$d/in.txt"

d=$(case_dir short-device)
head -9 "$T/pf.txt" >"$d/in.txt"
replay_case short-device "$d/in.txt:1: device $PF has 128 config bytes; expected 64, 256 or 4096" "$d/in.txt"

d=$(case_dir same-address-twice)
cat "$T/pf.txt" "$T/pf.txt" >"$d/in.txt"
replay_case same-address-twice "$d/in.txt:259: $PF appears twice (also at $d/in.txt:1)" "$d/in.txt"

d=$(case_dir crlf)
sed 's/$/\r/' "$T/pf.txt" >"$d/in.txt"
replay_case crlf "$d/in.txt:1: carriage return in line (CRLF line endings?); expected LF-only text" "$d/in.txt"

d=$(case_dir nul-in-text)
# past the first 4 KiB, where the reader has already taken it for text
{ at 0000:02:00.0; head -40 "$T/pf.txt" | sed 's/ 00 / \x00\x00 /'; } >"$d/in.txt"
replay_case nul-in-text "$d/in.txt:260: NUL byte in a text dump" "$d/in.txt"

d=$(case_dir nul-at-start)
{ printf '\0'; cat "$T/pf.txt"; } >"$d/in.txt"
replay_case nul-at-start "$d/in.txt: binary config of more than 4096 bytes; expected 64, 256 or 4096" "$d/in.txt"

d=$(case_dir unrecognised-line)
{ head -2 "$T/pf.txt"; echo "lspci: cannot open /sys/bus/pci"; } >"$d/in.txt"
replay_case unrecognised-line "$d/in.txt:3: unrecognised line; expected a device header 'bb:dd.f ...', a hex line 'off: xx ...' or a '#' comment" "$d/in.txt"

d=$(case_dir hex-before-header)
sed 1d "$T/pf.txt" >"$d/in.txt"
replay_case hex-before-header "$d/in.txt:1: hex line outside a device (no header line 'bb:dd.f ...' before it)" "$d/in.txt"

d=$(case_dir no-device)
echo "# lspci -xxxx found nothing" >"$d/in.txt"
replay_case no-device "$d/in.txt: no device in file; expected lspci -x/-xxx/-xxxx output" "$d/in.txt"

d=$(case_dir empty-file)
: >"$d/in.txt"
replay_case empty-file "$d/in.txt: empty file; expected lspci -x output or a binary config" "$d/in.txt"

d=$(case_dir file-of-2GiB)
truncate -s 2G "$d/in.bin"
replay_case file-of-2GiB "$d/in.bin: binary config of more than 4096 bytes; expected 64, 256 or 4096" "$d/in.bin"

d=$(case_dir text-then-2GiB-of-zeros)
cp "$T/pf.txt" "$d/in.txt"
truncate -s 2G "$d/in.txt"
replay_case text-then-2GiB-of-zeros "$d/in.txt:259: NUL byte in a text dump" "$d/in.txt"

d=$(case_dir fifo)
mkfifo "$d/in.fifo"
replay_case fifo "$d/in.fifo: not a regular file; expected a dump file" "$d/in.fifo"

d=$(case_dir directory-loop)
mkdir -p "$d/dumps/sub"
cp "$T/pf.txt" "$d/dumps/pf.txt"
ln -s .. "$d/dumps/sub/back"
replay_case directory-loop "$d/dumps/sub/back: directory loop: this is $d/dumps again (a symlink?); expected a tree" "$d/dumps"

# A directory of dumps may keep other files beside them: a manifest, a
# boot log, a store.  The walk says so for each and stores the dumps;
# a file named on the command line is read whatever it holds (the
# unrecognised-line case above), and a directory of nothing but such
# files is refused.
d=$(case_dir directory-with-other-files)
mkdir -p "$d/dumps"
cp "$T/pf.txt" "$d/dumps/pf.txt"
printf 'file\tvendor:device\tlicense\n' >"$d/dumps/MANIFEST.tsv"
printf '\n# boot\nLAB: init start uptime=2.70\n' >"$d/dumps/sysfs.txt"
cp "$T/base.db" "$d/dumps/fleet.db"
echo "# notes" >"$d/dumps/README.md"
if expect_rc directory-with-other-files 0 "$PS" replay --db "$d/new.db" "$d/dumps"; then
	same directory-with-other-files "$PS_NAME: $d/dumps/MANIFEST.tsv:1: left out: not a dump (neither a device header 'bb:dd.f ...' nor a hex line)
$PS_NAME: $d/dumps/fleet.db: left out: an SQLite store, not a dump (add it with 'pasid-scan merge')
$PS_NAME: $d/dumps/sysfs.txt:3: left out: not a dump (neither a device header 'bb:dd.f ...' nor a hex line)" "$(cat "$T/err")"
	# one scan of the one function of pf.txt
	same directory-with-other-files-stored "1 1" \
		"$(sqlite3 "$d/new.db" 'SELECT COUNT(*) FROM scans; SELECT COUNT(*) FROM functions' | tr '\n' ' ' | sed 's/ $//')"
fi
rm "$d/dumps/pf.txt"
if expect_rc directory-of-no-dumps 1 "$PS" replay --db "$d/none.db" "$d/dumps"; then
	same directory-of-no-dumps "$PS_NAME: $d/dumps: no dump files in this directory" \
		"$(tail -n 1 "$T/err")"
	[ -e "$d/none.db" ] && ko directory-of-no-dumps "a store was made"
fi

d=$(case_dir binary-wrong-size)
head -c 100 tests/fixtures/sysfs/lab/devices/0000:01:00.0/config >"$d/config"
replay_case binary-wrong-size "$d/config: binary config of 100 bytes; expected 64, 256 or 4096" "$d/config"

# --- what the bytes say --------------------------------------------------
# The PF's first capability is at 0x40 (its pointer at 0x34); its next
# pointer, byte 0x41, is made to point back at 0x40.
d=$(case_dir chain-loops)
hexline 40 "40: 11 40 40 00 00 30 00 00 00 38 00 00 00 00 00 00" >"$d/in.txt"
replay_case chain-loops "$d/in.txt:1: $PF: capability chain loops back to 0x40; expected a chain that ends (a damaged dump? --accept-broken stores it)" "$d/in.txt"

d=$(case_dir pointer-into-header)
hexline 30 "30: 00 00 00 00 10 00 00 00 00 00 00 00 0b 01 00 00" >"$d/in.txt"
replay_case pointer-into-header "$d/in.txt:1: $PF: capability pointer 0x10 points into the header; expected a chain that ends (a damaged dump? --accept-broken stores it)" "$d/in.txt"

# --accept-broken stores the looping one, with the walker's note.
d=$T/chain-loops
if expect_rc accept-broken-stores 0 "$PS" replay -q --accept-broken \
	--db "$d/kept.db" "$d/in.txt"; then
	same accept-broken-stores "capability chain loops back to 0x40" \
		"$(sqlite3 "$d/kept.db" 'SELECT note FROM chain_notes')"
fi

# A VF reads ffff for its IDs (PCIe r6.0 sec 9.3.4.1.1): alone, with
# neither its PF nor a metadata line, it cannot be named.
d=$(case_dir vf-without-pf)
block 0000:01:00.1 >"$d/in.txt"
replay_case vf-without-pf "$d/in.txt:1: 0000:01:00.1 reads vendor ffff (a VF?) but neither a '# pasid-scan:' line nor its PF's SR-IOV capability gives its IDs" "$d/in.txt"

# --- the record format -----------------------------------------------------
d=$(case_dir record-bad-metadata)
{ echo "# pasid-scan: $PF vendor=0x1b3g"; cat "$T/pf.txt"; } >"$d/in.rec"
replay_case record-bad-metadata "$d/in.rec:1: bad metadata value vendor=0x1b3g; expected vendor=0xNNNN" "$d/in.rec"

d=$(case_dir record-two-hosts)
{ head -1 "$REC"; head -1 "$REC"; cat "$T/pf.txt"; } >"$d/in.rec"
replay_case record-two-hosts "$d/in.rec:2: second host line; expected one per recording" "$d/in.rec"

d=$(case_dir record-probe-outside-block)
{ echo "# pasid-scan: $PF probe=read"; cat "$T/pf.txt"; } >"$d/in.rec"
replay_case record-probe-outside-block "$d/in.rec:1: probe line outside its device's block; expected it after that device's hex lines" "$d/in.rec"

d=$(case_dir record-bad-mask)
{ sed '$d' "$T/pf.txt"; echo "# pasid-scan: $PF probe=read"
  echo "# pasid-scan: $PF volatile@200=00ff"; } >"$d/in.rec"
replay_case record-bad-mask "$d/in.rec:259: bad mask row 'volatile@200=00ff'; expected volatile@OFF= or rw@OFF= and 32 hex digits" "$d/in.rec"

# --- the offset map (lookup --map) -----------------------------------------
"$PS" gen --db "$T/base.db" --yaml "$T/map.yaml" >/dev/null 2>&1 ||
	ko map-setup "gen --yaml failed"
map_case() {
	local name=$1 want=$2
	exactly "$name" "$want" "$PS" lookup --map "$T/$name/in.yaml" 1b36:0010 &&
		untouched "$name" && ok "$name"
}
# the map with line N replaced by TEXT
map_line() { sed "$1s/.*/$2/" "$T/map.yaml"; }
line_of() { grep -n -m1 -- "$1" "$T/map.yaml" | cut -d: -f1; }

d=$(case_dir map-wrong-version)
map_line "$(line_of '^format-version:')" "format-version: 1" >"$d/in.yaml"
map_case map-wrong-version "$d/in.yaml:3: format-version 1; this pasid-scan reads version 2 (write the map again with 'pasid-scan gen --yaml')"

d=$(case_dir map-wrong-type)
n=$(line_of '^- vendor:')
map_line "$n" "- vendor: [0x1b36]" >"$d/in.yaml"
map_case map-wrong-type "$d/in.yaml:$n: expected vendor: a 16-bit ID"

d=$(case_dir map-duplicate-key)
n=$(line_of '^  kind:')
sed "${n}p" "$T/map.yaml" >"$d/in.yaml"
map_case map-duplicate-key "$d/in.yaml:$((n + 1)): duplicate key 'kind' (first at line $n); expected each key once"

d=$(case_dir map-offset-out-of-range)
n=$(line_of 'vpasid: {offset: 0x')
sed "${n}s/offset: 0x[0-9a-f]*/offset: 0x1000/" "$T/map.yaml" >"$d/in.yaml"
map_case map-offset-out-of-range "$d/in.yaml:$n: expected offset: an offset in config space or null"

d=$(case_dir map-offset-in-header)
sed "${n}s/offset: 0x[0-9a-f]*/offset: 0x40/" "$T/map.yaml" >"$d/in.yaml"
map_case map-offset-in-header "$d/in.yaml:$n: vpasid offset 0x40; expected a dword-aligned offset from 0x100 to 0xff8, or null"

d=$(case_dir map-device-twice)
first=$(line_of '^- vendor:')
next=$(awk -v f="$first" 'NR > f && /^- vendor:/ { print NR; exit }' "$T/map.yaml")
{ cat "$T/map.yaml"; sed -n "${first},$((next - 1))p" "$T/map.yaml"; } >"$d/in.yaml"
map_case map-device-twice "$d/in.yaml:$(($(wc -l <"$T/map.yaml") + 1)): device $(sed -n "${first}s/.*0x//p" "$T/map.yaml"):$(sed -n "$((first + 1))s/.*0x//p" "$T/map.yaml"):$(sed -n "$((first + 2))s/.*kind: //p" "$T/map.yaml") listed twice (first at line $first); expected one entry per device key"

d=$(case_dir map-bad-verdict)
n=$(line_of '^  verdict:')
map_line "$n" "  verdict: fine" >"$d/in.yaml"
map_case map-bad-verdict "$d/in.yaml:$n: expected verdict: not-known, not-assignable, no-vpasid, default-safe, other-offset or no-safe-offset"

# a default-safe key whose vPASID is not at the default: the map lies
d=$(case_dir map-verdict-disagrees)
n=$(grep -n -m1 '^  verdict: default-safe' "$T/map.yaml" | cut -d: -f1)
o=$(awk -v f="$n" 'NR > f && /vpasid: \{offset: 0xff8/ { print NR; exit }' "$T/map.yaml")
sed "${o}s/offset: 0xff8/offset: 0xff0/" "$T/map.yaml" >"$d/in.yaml"
map_case map-verdict-disagrees "$d/in.yaml:$n: expected a vpasid offset that agrees with the verdict"

d=$(case_dir map-two-documents)
{ cat "$T/map.yaml"; echo "---"; echo "format: pasid-scan-map"; } >"$d/in.yaml"
map_case map-two-documents "$d/in.yaml:$(($(wc -l <"$T/map.yaml") + 2)): a second YAML document; expected one offset map"

# --- stores ------------------------------------------------------------------
# A store from a later pasid-scan: its schema version is past ours (the
# one a new store gets), so neither replay nor gen may touch it.
d=$(case_dir store-newer-schema)
cp "$T/base.db" "$d/newer.db"
ours=$(sqlite3 "$T/base.db" 'PRAGMA user_version')
sqlite3 "$d/newer.db" "PRAGMA user_version = $((ours + 1))"
NEWER_MD5=$(md5sum <"$d/newer.db")
want="$d/newer.db: schema version $((ours + 1)) was written by a newer pasid-scan; this one knows up to $ours"
exactly store-newer-schema "$want" "$PS" replay --db "$d/newer.db" "$REC" &&
	exactly store-newer-schema "$want" "$PS" gen --db "$d/newer.db" \
		--kernel "$d/out.h" --qemu "$d/out.qemu.h" --yaml "$d/out.yaml" &&
	untouched store-newer-schema &&
	if [ "$(md5sum <"$d/newer.db")" = "$NEWER_MD5" ]; then ok store-newer-schema
	else ko store-newer-schema "the newer store changed"; fi

d=$(case_dir store-not-sqlite)
cp "$T/pf.txt" "$d/not.db"
replay_case_db() {
	exactly "$1" "$2" "$PS" replay --db "$3" "$REC" && untouched "$1" &&
		cmp -s "$3" "$T/pf.txt" && ok "$1"
}
replay_case_db store-not-sqlite "$d/not.db: not an SQLite database (file is not a database)" "$d/not.db"

# --- streaming: a 1 GiB dump in bounded memory ---------------------------------
big() {
	local d=$T/big n rss
	mkdir -p "$d"
	if ! command -v /usr/bin/time >/dev/null 2>&1; then
		sk big-dump-streams "GNU time is not installed (make deps installs it)"
		return
	fi
	n=$(python3 tests/mkbigdump.py "$REC" "$PF" 1024 "$d/big.txt") ||
		{ ko big-dump-streams "cannot write the dump"; return; }
	/usr/bin/time -f '%M' -o "$d/rss" "$PS" replay -q --db "$d/big.db" "$d/big.txt" \
		>"$T/out" 2>"$T/err" || { ko big-dump-streams "replay failed: $(head -3 "$T/err")"; return; }
	rss=$(tail -1 "$d/rss")
	got=$(sqlite3 "$d/big.db" "SELECT count(*) FROM functions" 2>/dev/null)
	rm -f "$d/big.txt"
	if [ "$got" != "$n" ]; then
		ko big-dump-streams "$got functions stored of $n"
	elif [ -n "${PASID_SCAN_SANITIZED:-}" ]; then
		ok "big-dump-streams ($n functions; peak memory not judged under sanitizers: ${rss} KiB)"
	elif [ "$rss" -ge $((64 * 1024)) ]; then
		ko big-dump-streams "peak resident memory ${rss} KiB for a 1 GiB dump; wanted under 64 MiB"
	else
		ok "big-dump-streams ($n functions, 1 GiB, peak ${rss} KiB)"
	fi
}
big

finish malformed
