#!/bin/bash
# The fuzz harnesses (tests/fuzz), built as plain programs, run once on
# each of their seeds and on every input kept in tests/fixtures/fuzz/NAME
# (inputs that once crashed a harness or broke one of its invariants).
# Each kept input is a check of its own; the seeds are one per harness.
# Env: PASID_SCAN (the binary; the harnesses are in its build's fuzz/),
# VALGRIND (a command to run each harness under; make check-valgrind).
set -u
BUILD=$(dirname "${PASID_SCAN:?}")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/lib.sh

# run NAME HARNESS FILE...: the harness says "ok FILE" for each
run() {
	local name=$1 bin=$BUILD/fuzz/$2 n rc
	shift 2
	if [ ! -x "$bin" ]; then
		ko "$name" "$bin is not built"
		return
	fi
	# shellcheck disable=SC2086
	${VALGRIND:-} "$bin" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	n=$(grep -c '^ok ' "$T/out")
	if [ $rc != 0 ] || [ "$n" != "$#" ]; then
		ko "$name" "exit $rc, $n of $# inputs ran through: $(grep -v '^pasid-scan: ' "$T/err" | head -c 600)"
	else
		ok "$name"
	fi
}

. tests/fuzz/seeds.sh

for src in tests/fuzz/fuzz_*.c; do
	h=$(basename "$src" .c)
	fuzz_seeds "$h" "$T/seeds/$h"
	run "$h-seeds" "$h" "$T/seeds/$h"/*
	for f in tests/fixtures/fuzz/"$h"/*; do
		[ -f "$f" ] && run "$h/$(basename "$f")" "$h" "$f"
	done
done

finish fuzz
