#!/bin/bash
# Store tests: replay, scan --db, merge, the db queries and show --db on
# the bundled fixtures (and ../shared's pciutils corpus when it is
# there), then the faults: four writers at once, kill -9 during
# ingestion at ten points, and corrupt, foreign, newer, read-only and
# full stores.  Row counts come from the sqlite3 shell, not from the
# code under test.
# Env: PASID_SCAN (the binary), SYNTH (synthetic fixture dir).
set -u
PS=${PASID_SCAN:?}
SYNTH=${SYNTH:?}
LAB=tests/fixtures/lab
QLAB=tests/fixtures/qemu-lab
CORPUS=../shared/corpus/pciutils-tests
T=$(mktemp -d)
MNT=()
cleanup() {
	local m
	for m in "${MNT[@]}"; do umount "$m" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT
. tests/lib.sh

if ! command -v sqlite3 >/dev/null; then
	sk store "the sqlite3 shell is not installed (make deps installs it)"
	finish store
	exit
fi

TABLES="hosts scans snapshots analyses functions capabilities orphans \
hidden_regions free_windows chain_notes"

# counts DB: the row count of every table, on one line
counts() {
	local t out=""
	for t in $TABLES; do
		out="$out $t=$(sqlite3 "$1" "SELECT count(*) FROM $t")"
	done
	echo "${out# }"
}

q() { sqlite3 "$1" "$2"; }

# same NAME A B: two values must be equal
same() {
	if [ "$2" = "$3" ]; then ok "$1"; else ko "$1" "'$2' != '$3'"; fi
}

# refused NAME DB PATTERN CMD...: exit 1, one stderr line matching
# PATTERN, and DB (if it exists) not changed by a byte
refused() {
	local name=$1 db=$2 pattern=$3 before=""
	shift 3
	[ -e "$db" ] && before=$(md5sum <"$db")
	expect_rc "$name" 1 "$@" || return
	if [ "$(wc -l <"$T/err")" != 1 ] || ! grep -qE "$pattern" "$T/err"; then
		ko "$name" "stderr is not one line matching '$pattern': $(cat "$T/err")"
	elif [ -n "$before" ] && [ "$(md5sum <"$db")" != "$before" ]; then
		ko "$name" "$db was changed"
	else
		ok "$name"
	fi
}

# variants DIR PREFIX N FILE: N copies of a recording, each from its own
# host (only the hostname differs), so each is a scan of its own while
# their snapshots are the same: many small batches that share rows.
variants() {
	local i
	mkdir -p "$1"
	for i in $(seq 1 "$3"); do
		sed "1s/hostname=[^ ]*/hostname=$2-$i/" "$4" >"$1/$(printf '%04d' "$i").rec"
	done
}

# --- replay: twice is once -------------------------------------------
inputs=("$LAB" "$QLAB")
if [ -d "$CORPUS" ]; then
	inputs=("$CORPUS" "${inputs[@]}")
else
	sk replay-corpus "no $CORPUS beside the checkout; replaying the bundled fixtures only"
fi
expect_rc replay-once 0 "$PS" replay -q --db "$T/once.db" "${inputs[@]}" && ok replay-once
once=$(counts "$T/once.db")
expect_rc replay-twice-1 0 "$PS" replay -q --db "$T/twice.db" "${inputs[@]}"
expect_rc replay-twice-2 0 "$PS" replay --db "$T/twice.db" "${inputs[@]}"
same replay-twice-same-rows "$(counts "$T/twice.db")" "$once"
expect_out replay-again-adds-nothing 0 '^replay: [0-9]+ files, 0 scans added' \
	"$PS" replay --db "$T/twice.db" "${inputs[@]}"
if [ -d "$CORPUS" ]; then
	# A scan per distinct dump, by its addresses and bytes alone: some
	# dumps differ only in lspci's decoding, and are one observation.
	expect_rc replay-corpus 0 "$PS" replay -q --db "$T/corpus.db" "$CORPUS"
	distinct=$(for f in "$CORPUS"/*; do
		[ "${f%.md}" = "$f" ] || continue
		awk '$1 ~ /^[0-9a-f]+:$/ { print; next }
		     $1 ~ /^[0-9a-f:]*[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]\.[0-7]$/ { print $1 }' "$f" |
			md5sum
	done | sort -u | wc -l)
	same corpus-scans "$(q "$T/corpus.db" 'SELECT count(*) FROM scans WHERE host_id IS NULL')" \
		"$distinct"
fi

# The guest's two recordings: 14 functions each, one host, the root
# one full and the user one 64 bytes a function.
expect_rc replay-lab 0 "$PS" replay -q --db "$T/lab.db" "$LAB"
same lab-rows "$(q "$T/lab.db" 'SELECT count(*) FROM hosts'),$(q "$T/lab.db" 'SELECT count(*) FROM scans'),$(q "$T/lab.db" 'SELECT count(*) FROM functions')" "1,2,28"
same lab-user-partial "$(q "$T/lab.db" "SELECT DISTINCT s.valid_len FROM functions f JOIN analyses a ON a.id = f.analysis_id JOIN snapshots s ON s.id = a.snapshot_id JOIN scans c ON c.id = f.scan_id WHERE c.origin LIKE '%user.rec'")" 64
same lab-vf-links "$(q "$T/lab.db" "SELECT count(*) FROM functions v JOIN functions p ON p.id = v.pf_id WHERE v.kind = 'vf' AND p.bdf = '0000:01:00.0' AND p.kind = 'pf'")" 8
same lab-vf-ids "$(q "$T/lab.db" "SELECT DISTINCT printf('%04x:%04x %s', vendor, device, ids_from) FROM functions WHERE kind = 'vf'")" "1b36:0010 sysfs"
expect_rc lab-check 0 "$PS" db check --db "$T/lab.db" && ok lab-check

# The stored analysis is the one show prints: the PF's vPASID offset.
pf_at=$("$PS" show --format=json "$LAB/root.rec" -s 01:00.0 | jq '.functions[0].vpasid.offset')
same lab-analysis "$(q "$T/lab.db" "SELECT DISTINCT a.vpasid_offset FROM functions f JOIN analyses a ON a.id = f.analysis_id WHERE f.bdf = '0000:01:00.0' AND a.snapshot_id IN (SELECT id FROM snapshots WHERE valid_len = 4096)")" "$pf_at"
same lab-caps "$(q "$T/lab.db" "SELECT count(*) FROM functions f JOIN capabilities c ON c.analysis_id = f.analysis_id JOIN scans s ON s.id = f.scan_id WHERE f.bdf = '0000:01:00.0' AND s.origin LIKE '%root.rec'")" \
	"$("$PS" show --format=json "$LAB/root.rec" -s 01:00.0 | jq '.functions[0].caps | length')"

# --- show --db shows what show shows ----------------------------------
expect_rc root-db 0 "$PS" replay -q --db "$T/root.db" "$LAB/root.rec"
for fmt in text json; do
	"$PS" show --format=$fmt "$LAB/root.rec" >"$T/want"
	if expect_rc show-db-$fmt 0 "$PS" show --format=$fmt --db "$T/root.db"; then
		if cmp -s "$T/out" "$T/want"; then ok show-db-$fmt
		else ko show-db-$fmt "differs from show $LAB/root.rec"; fi
	fi
done
"$PS" show $SYNTH/*.txt >"$T/want"
expect_rc synth-db 0 "$PS" replay -q --db "$T/synth.db" $SYNTH/*.txt
if expect_rc show-db-synthetic 0 "$PS" show --db "$T/synth.db"; then
	if cmp -s "$T/out" "$T/want"; then ok show-db-synthetic
	else ko show-db-synthetic "differs from show of the synthetic dumps"; fi
fi
expect_rc show-db-filter 0 "$PS" show --db "$T/lab.db" -s 01:00 -d 1b36:0010
same show-db-filter-count "$(grep -c '^0000:01:00\.[0-4] [pv]f \[1b36:0010\]' "$T/out")" 10
expect_rc db-list 0 "$PS" db list --db "$T/lab.db" -d 1b36:0010
# functions, scans, hosts: the PF and its 4 VFs in both recordings
same db-list-rows "$(awk 'NR > 1 { print $1, $2, $4, $5 }' "$T/out" | tr '\n' ';')" \
	"1b36:0010:fn 2 2 1;1b36:0010:vf 8 2 1;"
expect_rc db-stats 0 "$PS" db stats --db "$T/lab.db"
same db-stats-lines "$(awk '/^(hosts|scans|functions) / { printf "%s=%s ", $1, $2 }' "$T/out")" \
	"hosts=1 scans=2 functions=28 "

# --- scan --db: live and replay meet ----------------------------------
tree=tests/fixtures/sysfs/lab
export SOURCE_DATE_EPOCH=1700000000
expect_rc scan-db 0 "$PS" scan -q --sysfs "$tree" --db "$T/live.db" --record "$T/live.rec"
same scan-db-rows "$(q "$T/live.db" "SELECT source, n_functions FROM scans")" "live|14"
expect_rc scan-db-again 0 "$PS" scan -q --sysfs "$tree" --db "$T/live.db"
if grep -q 'stored already; nothing added' "$T/err"; then ok scan-db-again-says
else ko scan-db-again-says "no 'stored already' line: $(cat "$T/err")"; fi
before=$(counts "$T/live.db")
expect_rc scan-record-replayed 0 "$PS" replay -q --db "$T/live.db" "$T/live.rec"
same scan-record-replayed-adds-nothing "$(counts "$T/live.db")" "$before"
unset SOURCE_DATE_EPOCH

# --- domains past ffff (VMD): stored, listed back and shown whole -------
vmd_dump "$T/vmd.txt"
expect_rc vmd-replay 0 "$PS" replay -q --db "$T/vmd.db" "$T/vmd.txt"
same vmd-stored-apart "$(q "$T/vmd.db" "SELECT group_concat(bdf, ' ') FROM (SELECT bdf FROM functions ORDER BY seq)")" \
	"10000:e1:00.0 0000:e1:00.0"
"$PS" show "$T/vmd.txt" >"$T/want"
if expect_rc vmd-show-db 0 "$PS" show --db "$T/vmd.db"; then
	if cmp -s "$T/out" "$T/want" && grep -q '^10000:e1:00\.0 pf \[1b36:0010\]' "$T/out"
	then ok vmd-show-db; else ko vmd-show-db "differs from show $T/vmd.txt: $(grep '^[0-9a-f]*:' "$T/out")"; fi
fi
expect_rc vmd-show-db-slot 0 "$PS" show --format=json --db "$T/vmd.db" -s 10000:e1:00.0
same vmd-show-db-slot "$(jq -r '[.functions[].bdf] | join(" ")' "$T/out")" "10000:e1:00.0"
expect_rc vmd-db-list 0 "$PS" db list --db "$T/vmd.db"
# two functions, one snapshot (the same bytes), one scan, no host
same vmd-db-list "$(awk 'NR > 1 { print $1, $2, $3, $4, $5 }' "$T/out")" "1b36:0010:fn 2 1 1 0"
expect_out vmd-replay-again 0 '^replay: 1 file, 0 scans added' "$PS" replay --db "$T/vmd.db" "$T/vmd.txt"

# The VMD host's sysfs tree: scanned into a store, its VFs linked to
# their PF by the whole address, and its recording the same scan.
vmd_tree "$T/vmd-tree"
export SOURCE_DATE_EPOCH=1700000000
expect_rc vmd-scan-db 0 "$PS" scan -q --sysfs "$T/vmd-tree" --db "$T/vmdlive.db" --record "$T/vmdlive.rec"
unset SOURCE_DATE_EPOCH
same vmd-scan-db-bdfs "$(q "$T/vmdlive.db" "SELECT group_concat(bdf || ' ' || kind || ' ' || ifnull(physfn, '-'), ', ') FROM (SELECT * FROM functions WHERE bdf LIKE '%:01:00.%' ORDER BY seq)")" \
	"10000:01:00.0 pf -, 10000:01:00.1 vf 10000:01:00.0, 10000:01:00.2 vf 10000:01:00.0, 10000:01:00.3 vf 10000:01:00.0, 10000:01:00.4 vf 10000:01:00.0"
same vmd-scan-db-vf-links "$(q "$T/vmdlive.db" "SELECT count(*) FROM functions v JOIN functions p ON p.id = v.pf_id WHERE v.kind = 'vf' AND p.bdf = '10000:01:00.0' AND p.kind = 'pf'")" 4
before=$(counts "$T/vmdlive.db")
expect_rc vmd-record-replayed 0 "$PS" replay -q --db "$T/vmdlive.db" "$T/vmdlive.rec"
same vmd-record-replayed-adds-nothing "$(counts "$T/vmdlive.db")" "$before"
# (but for where the bytes were read: the recording, or sysfs)
"$PS" show "$T/vmdlive.rec" | grep -v '^	Source: ' >"$T/want"
if expect_rc vmd-scan-show-db 0 "$PS" show --db "$T/vmdlive.db"; then
	if cmp -s <(grep -v '^	Source: ' "$T/out") "$T/want" &&
		[ "$(grep -c '^10000:01:00\.[0-4] [pv]f ' "$T/out")" = 5 ] &&
		grep -qx "	Source: $T/vmd-tree/devices/10000:01:00.4/config" "$T/out"
	then ok vmd-scan-show-db; else ko vmd-scan-show-db "differs from show $T/vmdlive.rec"; fi
fi

# --- the default store ------------------------------------------------
mkdir "$T/cwd"
(cd "$T/cwd" && env -u PASID_SCAN_DB "$PS" replay -q "$OLDPWD/$LAB/user.rec") &&
	[ -f "$T/cwd/pasid-scan.db" ] && ok default-db-cwd || ko default-db-cwd "no ./pasid-scan.db"
PASID_SCAN_DB="$T/env.db" "$PS" replay -q "$LAB/user.rec" && [ -f "$T/env.db" ] &&
	[ ! -e pasid-scan.db ] && ok default-db-env || ko default-db-env "\$PASID_SCAN_DB not used"

# --- merge --------------------------------------------------------------
expect_rc merge 0 "$PS" merge --db "$T/merged.db" "$T/once.db"
same merge-rows "$(counts "$T/merged.db")" "$once"
expect_rc merge-again 0 "$PS" merge --db "$T/merged.db" "$T/once.db" "$T/twice.db"
same merge-again-rows "$(counts "$T/merged.db")" "$once"
expect_rc merge-parts 0 "$PS" merge --db "$T/parts.db" "$T/lab.db" "$T/synth.db"
expect_rc merge-parts-ref 0 "$PS" replay -q --db "$T/parts-ref.db" "$LAB" $SYNTH/*.txt
same merge-parts-rows "$(counts "$T/parts.db")" "$(counts "$T/parts-ref.db")"
same merge-digests "$(q "$T/parts.db" 'SELECT digest FROM scans ORDER BY 1' | md5sum)" \
	"$(q "$T/parts-ref.db" 'SELECT digest FROM scans ORDER BY 1' | md5sum)"
refused merge-into-itself "$T/lab.db" 'is the store being merged into' \
	"$PS" merge --db "$T/lab.db" "$T/lab.db"

# --- a store of schema version 1 (tests/fixtures/store/schema-v1.sql is
# db/schema.sql as version 1 shipped it), filled with lab.db's rows: the
# first open migrates it to the current version (2: the write-probe
# journal, 3: the index by address) and keeps them.
sqlite3 "$T/v1.db" <tests/fixtures/store/schema-v1.sql
for t in hosts scans snapshots analyses functions capabilities orphans \
	hidden_regions free_windows chain_notes; do
	q "$T/v1.db" "ATTACH '$T/lab.db' AS l; INSERT INTO main.$t SELECT * FROM l.$t"
done
before=$(counts "$T/v1.db")
expect_rc v1-migrates 0 "$PS" db check --db "$T/v1.db" &&
	if [ "$(q "$T/v1.db" 'PRAGMA user_version')" = 3 ] &&
		[ "$(q "$T/v1.db" "SELECT count(*) FROM sqlite_schema WHERE name IN ('probe_functions', 'probe_writes', 'functions_by_bdf')")" = 3 ] &&
		[ "$(counts "$T/v1.db")" = "$before" ] && [ -n "$before" ]
	then ok "v1-migrates (to version 3, the journal tables and the address index added, every row kept)"
	else ko v1-migrates "version $(q "$T/v1.db" 'PRAGMA user_version'), rows $(counts "$T/v1.db") vs $before"; fi

# --- stores that are not ours, newer, or damaged ----------------------
cp "$T/lab.db" "$T/newer.db"
q "$T/newer.db" 'PRAGMA user_version = 99'
refused newer-replay "$T/newer.db" 'schema version 99 was written by a newer pasid-scan' \
	"$PS" replay --db "$T/newer.db" "$LAB/user.rec"
refused newer-show "$T/newer.db" 'schema version 99' "$PS" show --db "$T/newer.db"
q "$T/foreign.db" 'CREATE TABLE t (a); INSERT INTO t VALUES (1)'
refused foreign-db "$T/foreign.db" 'another program' \
	"$PS" replay --db "$T/foreign.db" "$LAB/user.rec"
printf 'not a database, but text of a good length for a header\n%.0s' $(seq 64) >"$T/text.db"
refused not-a-db "$T/text.db" 'not an SQLite database' \
	"$PS" replay --db "$T/text.db" "$LAB/user.rec"
refused not-a-db-stats "$T/text.db" 'not an SQLite database' \
	"$PS" db stats --db "$T/text.db"
cp "$T/once.db" "$T/corrupt.db"
# b-tree page 4's header and cell pointers overwritten with ones
printf '\377%.0s' $(seq 200) |
	dd of="$T/corrupt.db" bs=1 seek=$((4096 * 3 + 8)) conv=notrunc 2>/dev/null
refused corrupt-db "$T/corrupt.db" 'database is corrupt \(.*\); nothing was written' \
	"$PS" replay --db "$T/corrupt.db" "$LAB/user.rec"
expect_out corrupt-db-check 1 '^integrity: ' "$PS" db check --db "$T/corrupt.db"
refused no-such-db "$T/none.db" 'none.db: cannot open database' \
	"$PS" db stats --db "$T/none.db"
[ ! -e "$T/none.db" ] && ok no-such-db-not-created || ko no-such-db-not-created "created"
printf 'junk\n' >"$T/bad.txt"
refused bad-input-writes-nothing "$T/lab.db" 'bad.txt:1: ' \
	"$PS" replay --db "$T/lab.db" "$LAB/user.rec" "$T/bad.txt"
refused bad-input-creates-nothing "$T/fresh.db" 'bad.txt:1: ' \
	"$PS" replay --db "$T/fresh.db" "$T/bad.txt"
[ ! -e "$T/fresh.db" ] && ok bad-input-no-file || ko bad-input-no-file "created $T/fresh.db"

# --- read-only and full file systems (a tmpfs each; root only) ----------
mnt() { mkdir -p "$1" && mount -t tmpfs -o "size=$2" tmpfs "$1" 2>/dev/null && MNT+=("$1"); }
if [ "$(id -u)" != 0 ] || ! mnt "$T/ro" 1m; then
	sk read-only "not root or no tmpfs mount: the read-only and full-disk cases need one"
	sk full-disk "not root or no tmpfs mount"
else
	cp "$T/lab.db" "$T/ro/lab.db"
	mount -o remount,ro "$T/ro"
	refused ro-store "$T/ro/lab.db" 'read-only; cannot store anything' \
		"$PS" replay --db "$T/ro/lab.db" "$LAB/user.rec"
	refused ro-create "$T/ro/new.db" 'cannot create database: .*Read-only file system' \
		"$PS" replay --db "$T/ro/new.db" "$LAB/user.rec"
	expect_rc ro-show 0 "$PS" show --db "$T/ro/lab.db" &&
		same ro-show-functions "$(grep -c '^0000:' "$T/out")" 28

	variants "$T/many" full 200 "$LAB/root.rec"
	mnt "$T/full" 384k
	expect_rc full-disk 1 "$PS" replay -q --db "$T/full/f.db" "$T/many" &&
		if grep -q 'database or disk is full' "$T/err" && [ "$(wc -l <"$T/err")" = 1 ]
		then ok full-disk; else ko full-disk "stderr: $(cat "$T/err")"; fi
	stored=$(q "$T/full/f.db" 'SELECT count(*) FROM scans')
	if [ "$stored" -gt 0 ] && [ "$stored" -lt 200 ]; then ok full-disk-some-batches
	else ko full-disk-some-batches "$stored of 200 scans stored"; fi
	same full-disk-integrity "$(q "$T/full/f.db" 'PRAGMA integrity_check')" ok
	same full-disk-whole-scans "$(q "$T/full/f.db" 'SELECT count(*) FROM scans s WHERE n_functions != 14 OR n_functions != (SELECT count(*) FROM functions f WHERE f.scan_id = s.id)')" 0
	expect_rc full-disk-check 0 "$PS" db check --db "$T/full/f.db" && ok full-disk-check
fi

# --- four writers at once ------------------------------------------------
variants "$T/c1" root 40 "$LAB/root.rec"
variants "$T/c2" user 40 "$LAB/user.rec"
mkdir -p "$T/c3" && cp -r "$QLAB" "$T/c3/" && cp $SYNTH/*.txt "$T/c3/"
if [ -d "$CORPUS" ]; then c4=$CORPUS
else variants "$T/c4" other 40 "$LAB/root.rec"; c4=$T/c4; fi
pids=()
for c in "$T/c1" "$T/c2" "$T/c3" "$c4"; do
	"$PS" replay -q --db "$T/conc.db" "$c" 2>"$T/conc.${#pids[@]}.err" &
	pids+=($!)
done
rcs=""
for p in "${pids[@]}"; do wait "$p"; rcs="$rcs$?"; done
same concurrent-all-succeed "$rcs" 0000
same concurrent-no-errors "$(cat "$T"/conc.*.err)" ""
for c in "$T/c1" "$T/c2" "$T/c3" "$c4"; do
	"$PS" replay -q --db "$T/conc-ref.db" "$c"
done
same concurrent-every-row "$(counts "$T/conc.db")" "$(counts "$T/conc-ref.db")"
same concurrent-digests "$(q "$T/conc.db" 'SELECT digest FROM scans ORDER BY 1' | md5sum)" \
	"$(q "$T/conc-ref.db" 'SELECT digest FROM scans ORDER BY 1' | md5sum)"
same concurrent-wal "$(q "$T/conc.db" 'PRAGMA journal_mode')" wal

# Four processes creating one new store at the same moment, 20 times:
# one creates the schema, the others wait for it and use it.
bad=0
for i in $(seq 1 20); do
	pids=()
	for k in 1 2 3 4; do
		"$PS" replay -q --db "$T/new$i.db" "$LAB/user.rec" 2>>"$T/create.err" &
		pids+=($!)
	done
	for p in "${pids[@]}"; do wait "$p" || bad=$((bad + 1)); done
	[ "$(q "$T/new$i.db" 'SELECT count(*) FROM scans')" = 1 ] || bad=$((bad + 1))
done
same concurrent-create "$bad:$(cat "$T/create.err")" "0:"

# --- kill -9 during ingestion, at ten points ------------------------------
# Each file is a batch; replay prints its line after the commit.  The
# kill comes once N lines are out, N different each time, so it lands
# in a different batch (and a different place in it) each time.
N_BIG=300
variants "$T/big" kill $N_BIG "$LAB/root.rec"
killed=0 complete=0
for i in $(seq 1 10); do
	db=$T/kill$i.db
	want=$((i * 25))
	: >"$T/kill.out"	# there before the replay opens it: grep counts 0
	"$PS" replay --db "$db" "$T/big" >"$T/kill.out" 2>"$T/kill.err" &
	pid=$!
	while kill -0 $pid 2>/dev/null &&
		[ "$(grep -c ': stored' "$T/kill.out")" -lt $want ]; do
		sleep 0.005
	done
	kill -9 $pid 2>/dev/null
	{ wait $pid; } 2>/dev/null
	rc=$?
	printed=$(grep -c ': stored,' "$T/kill.out")
	stored=$(q "$db" 'SELECT count(*) FROM scans' 2>/dev/null)
	if [ $rc != 137 ] || [ -z "$stored" ] || [ "$stored" -ge $N_BIG ]; then
		ko kill-$i "not killed mid-replay (exit $rc, $stored of $N_BIG stored)"
		continue
	fi
	killed=$((killed + 1))
	# printed batches are committed; the one in flight is all or nothing
	if [ "$(q "$db" 'PRAGMA integrity_check')" != ok ]; then
		ko kill-$i "integrity_check: $(q "$db" 'PRAGMA integrity_check' | head -3)"
	elif [ "$stored" -lt "$printed" ] || [ "$stored" -gt $((printed + 1)) ]; then
		ko kill-$i "$stored scans stored, $printed reported"
	elif [ "$(q "$db" 'SELECT count(*) FROM functions')" != $((stored * 14)) ] ||
		! "$PS" db check --db "$db" >"$T/check.out"; then
		ko kill-$i "a partial batch: $(cat "$T/check.out")"
	elif ! "$PS" replay -q --db "$db" "$T/big" ||
		[ "$(q "$db" 'SELECT count(*) FROM scans')" != $N_BIG ] ||
		! "$PS" db check --db "$db" >/dev/null; then
		ko kill-$i "the rerun did not complete the replay"
	else
		complete=$((complete + 1))
		ok "kill-$i (killed after $printed batches, $stored stored; rerun stored the rest)"
	fi
done
same kill-ten-times "$killed/$complete" 10/10

finish store
