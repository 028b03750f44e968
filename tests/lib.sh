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

# A host with Intel VMD puts its NVMe drives in domains 10000 and up
# (drivers/pci/controller/vmd.c, vmd_find_free_domain()); lspci prints
# them with five digits.  Two such hosts, from the lab guest's real bytes:

# vmd_dump FILE: the guest's NVMe controller (tests/fixtures/qemu-lab/
# default/0000-01-00.0.txt) twice in lspci -xxxx text, at e1:00.0 in
# domain 10000 and at the same bus, device and function in domain 0000.
vmd_dump() {
	local d hex
	hex=$(grep -E '^[0-9a-f]{3}: ' tests/fixtures/qemu-lab/default/0000-01-00.0.txt |
		sed -E 's/^0([0-9a-f]{2}:)/\1/')
	for d in 10000 0000; do
		echo "$d:e1:00.0 Non-Volatile memory controller: Red Hat, Inc. QEMU NVM Express Controller (rev 02) (prog-if 02 [NVM Express])"
		echo "$hex"
		echo
	done >"$1"
}

# vmd_tree DIR: a copy of the guest's sysfs tree (tests/fixtures/sysfs/lab)
# with the NVMe PF and its 4 VFs moved from 0000:01:00.x to 10000:01:00.x,
# the PF's virtfnN links and the VFs' physfn links moved with them.
vmd_tree() {
	local f
	mkdir -p "$1" && cp -a tests/fixtures/sysfs/lab/devices "$1/" || return
	for f in 0 1 2 3 4; do
		mv "$1/devices/0000:01:00.$f" "$1/devices/10000:01:00.$f" || return
	done
	for f in 0 1 2 3; do
		ln -sfn "../10000:01:00.$((f + 1))" "$1/devices/10000:01:00.0/virtfn$f" || return
	done
	for f in 1 2 3 4; do
		ln -sfn ../10000:01:00.0 "$1/devices/10000:01:00.$f/physfn" || return
	done
}
