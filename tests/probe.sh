#!/bin/bash
# scan --probe=write, --dry-run and restore through libpci on a fake
# sysfs tree: a copy of the lab guest's (tests/fixtures/sysfs/lab) put
# where a real one is (T/sys/bus/pci), so that T/sys/kernel/security/
# lockdown is where the tool looks for the lockdown level.  Its config
# files are plain files, so every gap byte really is writable and a
# restore that missed one would show in a byte compare.  Kills come from
# outside: strace injects SIGKILL (or SIGTERM) at the Nth config write or
# journal sync, and once a plain kill -9 lands at whatever point it
# reaches.  After each, restore must give back the original bytes.
# Env: PASID_SCAN (the binary).
set -u
PS=$(readlink -f "${PASID_SCAN:?}")
LABTREE=tests/fixtures/sysfs/lab
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/lib.sh

SYS=$T/sys
TREE=$SYS/bus/pci
VF=0000:01:00.1
VIRTIO=0000:02:00.0

# fresh: the tree as recorded, no journal, no lockdown
fresh() {
	rm -rf "$SYS" "$T"/*.db*
	mkdir -p "$SYS/bus" "$SYS/kernel/security"
	cp -a "$LABTREE" "$TREE"
	echo "[none] integrity confidentiality" >"$SYS/kernel/security/lockdown"
}
# same: every config file of the tree byte-identical to the recording's
same() {
	local d
	for d in "$LABTREE"/devices/*; do
		cmp -s "$d/config" "$TREE/devices/${d##*/}/config" || return 1
	done
}
pending() { sqlite3 "$1" 'SELECT count(*) FROM probe_functions'; }

# Write probing needs root.  Not root: in a user namespace where we are.
ROOT=()
if [ "$(id -u)" != 0 ]; then
	if unshare -r true 2>/dev/null; then ROOT=(unshare -r)
	else
		sk probe-all "not root and no user namespace (unshare -r) to be root in"
		finish probe
		exit
	fi
fi
run() { "${ROOT[@]}" "$PS" "$@"; }

# ---- refusals ---------------------------------------------------------
fresh
expect_err usage-no-db 2 'needs --db STORE' run scan --sysfs "$TREE" --probe=write
expect_err usage-force-alone 2 'scan: --force goes with --probe=write' run scan --sysfs "$TREE" --force
expect_err usage-bad-level 2 'expected none, read or write' run scan --sysfs "$TREE" --probe=maybe

expect_rc refusals 0 run scan -q --sysfs "$TREE" --probe=write --db "$T/r.db" &&
	if grep -q '^pasid-scan: 0000:00:00.0: not write-probed: a bridge (class 060000): never write-probed$' "$T/err" &&
		grep -q '^pasid-scan: 0000:00:04.0: not write-probed: a bridge (class 060400)' "$T/err" &&
		grep -q '^pasid-scan: 0000:01:00.0: not write-probed: driver nvme is bound (only vfio-pci, pci-stub or pci-pf-stub; --force overrides)$' "$T/err" &&
		grep -q "^pasid-scan: $VF: not write-probed: its PF 0000:01:00.0 has driver nvme bound" "$T/err" &&
		grep -q "^pasid-scan: $VIRTIO: write-probed [0-9]* gap dwords" "$T/err"
	then ok refusals; else ko refusals "$(head -c 600 "$T/err")"; fi
n=$(grep -c 'not write-probed: a bridge' "$T/err")
if [ "$n" = 5 ]; then ok "bridges-always ($n: host bridge, 3 root ports, ISA bridge)"
else ko bridges-always "$n bridges refused, wanted 5"; fi
expect_rc bridges-even-forced 0 run scan -q --sysfs "$TREE" --probe=write --force -s 00: --db "$T/r2.db" &&
	if [ "$(grep -c 'a bridge' "$T/err")" = 5 ] &&
		[ "$(grep -c 'write-probed [0-9]' "$T/err")" = 2 ] &&
		grep -q '^pasid-scan: 0000:00:1f.2: write-probed' "$T/err" &&
		grep -q '^pasid-scan: 0000:00:1f.3: write-probed' "$T/err"
	then ok "bridges-even-forced (bus 0: the 5 bridges refused, SATA and SMBus probed)"
	else ko bridges-even-forced "$(head -c 300 "$T/err")"; fi
if same; then ok refusals-left-every-byte; else ko refusals-left-every-byte "a config file changed"; fi

# a stub driver is no obstacle; any other is
ln -sfn ../../../bus/pci/drivers/vfio-pci "$TREE/devices/$VIRTIO/driver"
expect_err stub-driver-ok 0 "^pasid-scan: $VIRTIO: write-probed" run scan -q --sysfs "$TREE" --probe=write -s 02:00.0 --db "$T/r3.db"
ln -sfn ../../../bus/pci/drivers/virtio-pci "$TREE/devices/$VIRTIO/driver"
expect_err other-driver-refused 0 "^pasid-scan: $VIRTIO: not write-probed: driver virtio-pci is bound" run scan -q --sysfs "$TREE" --probe=write -s 02:00.0 --db "$T/r4.db"

echo "none [integrity] confidentiality" >"$SYS/kernel/security/lockdown"
expect_err lockdown 5 '^pasid-scan: write probing refused: the kernel is locked down \(integrity\)' run scan -q --sysfs "$TREE" --probe=write --db "$T/r5.db"
fresh

if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	cp "$PS" "$T/ps"; chmod 755 "$T" "$T/ps"
	mkdir -p "$T/nr" && chmod 777 "$T/nr"
	expect_err not-root 5 '^pasid-scan: write probing refused: not root' \
		setpriv --reuid=65534 --regid=65534 --clear-groups "$T/ps" scan -q --sysfs "$TREE" --probe=write --db "$T/nr/never.db"
	if [ ! -e "$T/nr/never.db" ]; then ok "not-root: refused before the store is made"
	else ko not-root "the store was made before the refusal"; fi
	# a store this user cannot write: the refusal still comes first
	"$PS" replay -q --db "$T/nr/root.db" tests/fixtures/qemu-lab/default/0000-01-00.0.txt >/dev/null 2>&1
	chmod 644 "$T/nr/root.db"
	expect_err not-root-before-store 5 '^pasid-scan: write probing refused: not root' \
		setpriv --reuid=65534 --regid=65534 --clear-groups "$T/ps" scan -q --sysfs "$TREE" --probe=write --db "$T/nr/root.db"
	expect_err restore-not-root 5 '^pasid-scan: restore refused: not root' \
		setpriv --reuid=65534 --regid=65534 --clear-groups "$T/ps" restore --db "$T/nr/never.db"
elif [ "$(id -u)" != 0 ]; then
	expect_err not-root 5 '^pasid-scan: write probing refused: not root' "$PS" scan -q --sysfs "$TREE" --probe=write --db "$T/nr.db"
	expect_err restore-not-root 5 '^pasid-scan: restore refused: not root' "$PS" restore --db "$T/nr.db"
else
	sk not-root "no setpriv to drop root with"
fi

# ---- dry run: each write said, none made, nothing stored ----------------
fresh
expect_rc dry-run 0 run scan --sysfs "$TREE" --probe=write --dry-run --force -s 01:00.1 --db "$T/dry.db" &&
	if same && [ ! -e "$T/dry.db" ] && [ "$(wc -l <"$T/out")" -gt 900 ] &&
		! grep -vqE "^$VF [0-9a-f]{3}\.L=[0-9a-f]{8}, then [0-9a-f]{3}\.L=[0-9a-f]{8} \(reads [0-9a-f]{8}\)$" "$T/out" &&
		grep -q "^$VF 108.L=ffffffff, then 108.L=00000000 (reads 00000000)$" "$T/out" &&
		! grep -qE "^$VF (0[0-3][0-9a-f]|04[0-b]|100|104)\.L" "$T/out"
	then ok "dry-run ($(wc -l <"$T/out") writes listed, none made, no store)"
	else ko dry-run "$(head -n3 "$T/out"; head -c 300 "$T/err")"; fi

# ---- a whole write probe ----------------------------------------------
fresh
expect_rc probe-vf 0 run scan -q --sysfs "$TREE" --probe=write --force -s 01:00.1 --db "$T/w.db" --record "$T/w.rec" &&
	if same && [ "$(pending "$T/w.db")" = 0 ] &&
		grep -q "^pasid-scan: $VF: write-probed [0-9]* gap dwords: [0-9]* writable, 0 moved another (0 put back); all restored and verified$" "$T/err" &&
		grep -q "^# pasid-scan: $VF probe=write$" "$T/w.rec" && grep -q "^# pasid-scan: $VF rw@100=0000000000000000ffffffffffffffff$" "$T/w.rec" &&
		[ "$(sqlite3 "$T/w.db" 'SELECT count(*) FROM snapshots WHERE rw_mask IS NOT NULL')" = 1 ]
	then ok "probe-vf: every gap dword of a plain file is writable, all restored, the journal empty"
	else ko probe-vf "$(head -c 400 "$T/err")"; fi
# replay gives the live run's hidden-register evidence
expect_out replay-evidence 0 'Hidden: .*108-fff writable' "$PS" show "$T/w.rec"
expect_out replay-verdict 0 'vPASID: none \(no-safe-offset\)' "$PS" show "$T/w.rec"
expect_out store-evidence 0 'write-probed: 1' "$PS" gen --db "$T/w.db" --all --yaml -

# ---- killed at N, then restore ------------------------------------------
# kill_at NAME STRACE_ARGS...: scan under strace's fault injection; the
# prober must die by SIGKILL, refuse a new write probe while the journal
# holds it, and restore must make every config byte what it was.
kill_at() {
	local name=$1 rc
	shift
	fresh
	# the store exists already, so that the syncs counted are the probe's
	run scan -q --probe=none --sysfs "$TREE" -s 00:1f.3 --db "$T/k.db" 2>/dev/null
	# (in a subshell that says nothing of the kill on the terminal)
	( "${ROOT[@]}" strace -f -o /dev/null "$@" "$PS" scan -q --sysfs "$TREE" --probe=write --force \
		-s 01:00.1 --db "$T/k.db" >"$T/out" 2>"$T/err"; echo $? >"$T/rc" ) 2>/dev/null
	rc=$(cat "$T/rc")
	if [ $rc != 137 ]; then ko "$name" "exit $rc, wanted 137 (SIGKILL): $(head -c 200 "$T/err")"; return; fi
	# killed before the function's journal entry was on disk: then
	# nothing may have been written
	if [ "$(pending "$T/k.db")" = 0 ]; then
		if same; then ok "$name (before the journal: nothing written)"
		else ko "$name" "config written with nothing journalled"; fi
		return
	fi
	if [ "$(pending "$T/k.db")" != 1 ]; then ko "$name" "journal holds $(pending "$T/k.db") functions, wanted 1"; return; fi
	if ! run scan -q --sysfs "$TREE" --probe=write --force -s 01:00.1 --db "$T/k.db" >/dev/null 2>"$T/err2"; then
		grep -q "journal holds 1 function not yet restored; run 'pasid-scan restore --db" "$T/err2" || {
			ko "$name" "second probe: $(cat "$T/err2")"; return; }
	else
		ko "$name" "a second write probe ran over an unrestored journal"; return
	fi
	if ! run restore --db "$T/k.db" >"$T/out" 2>"$T/err"; then ko "$name" "restore: $(cat "$T/err")"; return; fi
	if ! grep -q "^$VF: restored: [0-9]* writes\?, every journalled dword verified$" "$T/out"; then
		ko "$name" "restore said: $(cat "$T/out")"; return; fi
	if ! same; then ko "$name" "config differs after restore"; return; fi
	if [ "$(pending "$T/k.db")" != 0 ]; then ko "$name" "journal not cleared"; return; fi
	ok "$name"
}
if ! command -v strace >/dev/null || ! strace -o /dev/null true 2>/dev/null; then
	sk kill-restore "strace is not installed or cannot trace here"
else
	# strace stops the Nth write before it is made: an odd N is a
	# pattern write (nothing to undo yet), an even N the restore after
	# one, with the pattern in place
	CFG=$TREE/devices/$VF/config
	for n in 1 2 3 4 5 6 7 33 300 1001 1970; do
		kill_at "kill-at-config-write-$n" -P "$CFG" -e trace=pwrite64 -e inject=pwrite64:signal=KILL:when=$n
	done
	# at a journal commit: the dword it guards must not have been written
	for n in 1 2 3 50; do
		kill_at "kill-at-journal-sync-$n" -e trace=fdatasync,fsync -e inject=fdatasync,fsync:signal=KILL:when=$n
	done
	# SIGTERM during a pair: held until the restore, then honoured.
	# (LeakSanitizer cannot run under ptrace: an ASan build checks leaks
	# in every other run, not this one.)
	fresh
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 "${ROOT[@]}" strace -f -o /dev/null -P "$TREE/devices/$VF/config" -e trace=pwrite64 \
		-e inject=pwrite64:signal=TERM:when=7 "$PS" scan -q --sysfs "$TREE" --probe=write --force \
		-s 01:00.1 --db "$T/t.db" --record "$T/t.rec" >"$T/out" 2>"$T/err"
	rc=$?
	if [ $rc = 143 ] && same && [ "$(pending "$T/t.db")" = 0 ] && [ ! -e "$T/t.rec" ] &&
		[ "$(sqlite3 "$T/t.db" 'SELECT count(*) FROM scans')" = 0 ] &&
		grep -q "^pasid-scan: $VF: stopped by signal 15 between two writes; every dword written is restored, the journal is empty$" "$T/err"
	then ok "sigterm-held: exit 143 after the pair's restore, bytes unchanged, nothing journalled or stored"
	else ko sigterm-held "exit $rc: $(head -c 300 "$T/err")"; fi
fi

# a plain kill -9 from outside, wherever it lands
fresh
run scan -q --sysfs "$TREE" --probe=write --force --db "$T/p.db" >/dev/null 2>&1 &
pid=$!
sleep 0.3
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
rc=$?
if run restore --db "$T/p.db" >"$T/out" 2>"$T/err" && same && [ "$(pending "$T/p.db")" = 0 ]; then
	ok "kill-9 (exit $rc, then restore: $(grep -c restored "$T/out") function restored)"
else ko kill-9 "exit $rc; restore: $(cat "$T/out" "$T/err" | head -c 300)"; fi

# ---- restore refusing and discarding ------------------------------------
if command -v strace >/dev/null && strace -o /dev/null true 2>/dev/null; then
	fresh
	( "${ROOT[@]}" strace -f -o /dev/null -P "$TREE/devices/$VF/config" -e trace=pwrite64 \
		-e inject=pwrite64:signal=KILL:when=2 "$PS" scan -q --sysfs "$TREE" --probe=write \
		--force -s 01:00.1 --db "$T/d.db" >/dev/null 2>&1; true ) 2>/dev/null
	# another function at the address now: its IDs differ
	printf '\x86\x80\x00\x10' | dd of="$TREE/devices/$VF/config" bs=1 conv=notrunc status=none
	expect_err restore-other-function 1 "^pasid-scan: $VF: its IDs or class are not what was journalled .*; not written, left in the journal$" \
		run restore --db "$T/d.db" &&
		if [ "$(pending "$T/d.db")" = 1 ]; then ok restore-other-function-kept; else ko restore-other-function-kept "journal emptied"; fi
	expect_out restore-discard 0 "^$VF: discarded from the journal \(probe started .*, 1 dword in flight\); nothing written$" \
		"$PS" restore --db "$T/d.db" --discard
	expect_out restore-empty 0 'the write-probe journal is empty; nothing to restore' run restore --db "$T/d.db"
fi
expect_err restore-no-db 1 'cannot open database' run restore --db "$T/none.db"

finish probe
