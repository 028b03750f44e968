#!/bin/bash
# Run the suite: every cmocka unit test binary, then the shell tests
# (CLI, store, gen/lookup/qemu-args, the generated tables built as the
# kernel and QEMU build them, the fleet playbook).
# The last line is the total, "check: N passed, N failed, N skipped".
# --valgrind runs the unit tests, and the fuzz harnesses on their kept
# inputs, under valgrind memcheck: any error or leak fails them.  Forked
# children are not judged: test_probe kills its own with SIGKILL
# mid-write on purpose, and the same code runs unkilled in the parent.
# A unit test binary says one line; its whole output when it fails or
# skips, or with VERBOSE=1.
# Usage: run-tests.sh [--unit|--cli|--valgrind] BUILD_DIR
set -u
mode=all
vg=()
case "${1:-}" in
--unit|--cli) mode=${1#--}; shift ;;
--valgrind)
	mode=unit
	vg=(valgrind -q --error-exitcode=99 --leak-check=full
	    --errors-for-leak-kinds=definite,indirect,possible
	    --show-leak-kinds=definite,indirect,possible
	    --child-silent-after-fork=yes)
	shift
	;;
esac
build=${1:?usage: run-tests.sh [--unit|--cli] BUILD_DIR}
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here" || exit 1

pass=0 fail=0 skip=0 failed_bins=""
add() { pass=$((pass + $1)); fail=$((fail + $2)); skip=$((skip + $3)); }

# cmocka closes with "[  PASSED  ] N test(s)." and, when some did not,
# "[  FAILED  ] N test(s)..." and "[  SKIPPED ] N test(s)...".
count() { grep -E "^\[  $1 *\] [0-9]+ test" "$2" | tail -1 | sed -E 's/.*\] ([0-9]+) test.*/\1/'; }

run_unit() {
	local t out rc p f s
	for t in "$build"/tests/test_*; do
		[ -x "$t" ] || continue
		out=$(mktemp)
		"${vg[@]}" "$t" >"$out" 2>&1
		rc=$?
		p=$(count PASSED "$out"); f=$(count FAILED "$out"); s=$(count SKIPPED "$out")
		# cmocka counts skipped tests as passed too
		p=$(( ${p:-0} - ${s:-0} ))
		[ $rc -ne 0 ] && [ "${f:-0}" = 0 ] && f=1
		add "$p" "${f:-0}" "${s:-0}"
		# The error paths under test speak on stderr: the whole
		# output only when something failed or was skipped, or asked.
		if [ $rc -ne 0 ] || [ "${s:-0}" != 0 ] || [ -n "${VERBOSE:-}" ]; then
			cat "$out"
		fi
		echo "${t##*/}: $p passed, ${f:-0} failed, ${s:-0} skipped"
		[ $rc -ne 0 ] && failed_bins="$failed_bins ${t##*/}"
		rm -f "$out"
	done
}

# Each shell test script ends with "NAME: N passed, N failed, N skipped".
run_script() {
	local script=$1 name out line
	name=$(basename "$script" .sh)
	out=$(mktemp)
	PASID_SCAN="$here/$build/pasid-scan" SYNTH="$here/$build/fixtures/synthetic" \
		bash "$script" >"$out" 2>&1
	cat "$out"
	line=$(grep -E "^$name: [0-9]+ passed, [0-9]+ failed" "$out" | tail -1)
	if [ -z "$line" ]; then
		add 0 1 0
		failed_bins="$failed_bins ${script##*/}"
	else
		set -- $(echo "$line" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped/\1 \2 \3/')
		add "$1" "$2" "$3"
		[ "$2" != 0 ] && failed_bins="$failed_bins ${script##*/}"
	fi
	rm -f "$out"
}

run_cli() {
	local s
	for s in tests/layers.sh tests/demo.sh tests/cli.sh tests/store.sh tests/gen.sh tests/map.sh tests/probe.sh tests/malformed.sh \
		tests/fuzz.sh tests/fleet.sh scripts/check-kmod.sh tests/collect.sh; do
		[ -f "$s" ] && run_script "$s"
	done
}

[ $mode != cli ] && run_unit
[ $mode != unit ] && run_cli
if [ ${#vg[@]} -gt 0 ]; then
	command -v valgrind >/dev/null || { echo "check-valgrind: valgrind is not installed (make deps installs it)"; exit 1; }
	PASID_SCAN="$here/$build/pasid-scan" VALGRIND="${vg[*]}" run_script tests/fuzz.sh
fi
[ -n "$failed_bins" ] && echo "failed:$failed_bins"
echo "check: $pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
