#!/bin/bash
# Helpers the shell test scripts share: results, and running a command
# with its exit status checked.  The sourcing script sets T (a scratch
# directory) and ends with "finish NAME".
pass=0 fail=0 skip=0

ok() { pass=$((pass + 1)); echo "ok   $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1: $2"; }
sk() { skip=$((skip + 1)); echo "skip $1: $2"; }

# expect_rc NAME WANT_RC CMD...: run, keep stdout/stderr in $T/out, $T/err
expect_rc() {
	local name=$1 want=$2 rc
	shift 2
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	[ "$rc" = "$want" ] && return 0
	ko "$name" "exit $rc, wanted $want ($(head -c 300 "$T/err"))"
	return 1
}

# expect_out NAME WANT_RC PATTERN CMD...: exit status and a stdout line
expect_out() {
	local name=$1 want=$2 pattern=$3
	shift 3
	expect_rc "$name" "$want" "$@" || return
	if grep -qE "$pattern" "$T/out"; then ok "$name"
	else ko "$name" "no line matching '$pattern' in stdout"; fi
}

# expect_err NAME WANT_RC PATTERN CMD...: exit status and a stderr line
expect_err() {
	local name=$1 want=$2 pattern=$3
	shift 3
	expect_rc "$name" "$want" "$@" || return
	if grep -qE "$pattern" "$T/err"; then ok "$name"
	else ko "$name" "no line matching '$pattern' in stderr: $(head -c 300 "$T/err")"; fi
}

# The summary line run-tests.sh counts; the exit status says if all passed.
finish() {
	echo "$1: $pass passed, $fail failed, $skip skipped"
	[ $fail -eq 0 ]
}
