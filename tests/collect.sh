#!/bin/bash
# Tests of scripts/collect.sh over a real ssh connection to this host:
# a private sshd on 127.0.0.1 (its own host key, config, authorized key
# and pid file in a temporary directory) takes root logins by key, and
# every remote scan reads the recorded lab tree, 14 functions.  Skipped
# when not root or without sshd (package openssh-server); this test
# installs nothing.  One "ok" or "FAIL" line per check, then
# "collect: N passed, N failed, N skipped".
#
# The scan time is part of a scan's digest, so two scans of the same
# functions at different seconds are two observations.  The sshd accepts
# SOURCE_DATE_EPOCH, which fixes that time, so re-collecting adds nothing
# by design rather than by landing in the same second.
#
# Run from the repository root:
#   PASID_SCAN=$PWD/build/pasid-scan bash tests/collect.sh
# Env: PASID_SCAN (the binary, default ./build/pasid-scan), SSHD (default
# /usr/sbin/sshd; absolute, sshd re-executes itself).
set -u
export LC_ALL=C
unset PASID_SCAN_DB
here=$(cd "$(dirname "$0")/.." && pwd)
PS=$(readlink -f "${PASID_SCAN:-$PWD/build/pasid-scan}")
export PASID_SCAN=$PS
SSHD=${SSHD:-/usr/sbin/sshd}
COLLECT=$here/scripts/collect.sh
LAB=$here/tests/fixtures/sysfs/lab
EPOCH=1700000000	# 2023-11-14T22:13:20Z
# shellcheck source=tests/lib.sh
. "$here/tests/lib.sh"

why_skip() {
	[ "$(id -u)" = 0 ] || { echo "not root: sshd and root logins need it"; return; }
	case $SSHD in /*) ;; *) echo "SSHD=$SSHD is not an absolute path"; return ;; esac
	[ -x "$SSHD" ] || { echo "$SSHD missing (package openssh-server)"; return; }
	local t
	for t in ssh ssh-keygen timeout; do
		command -v $t >/dev/null || { echo "$t missing"; return; }
	done
	[ -x "$PS" ] || echo "$PS: not an executable"
}

reason=$(why_skip)
if [ -n "$reason" ]; then
	sk collect "$reason"
	finish collect
	exit
fi

T=$(mktemp -d)
sshd_pid=""
# shellcheck disable=SC2317 # also run by the EXIT trap
stop_sshd() {
	[ -n "$sshd_pid" ] || return 0
	kill "$sshd_pid" 2>/dev/null
	wait "$sshd_pid" 2>/dev/null
	sshd_pid=""
}
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
	stop_sshd
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

# listening PORT: something accepts connections on 127.0.0.1:PORT
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

write_sshd_config() {
	cat >"$T/sshd_config" <<EOF
Port $1
ListenAddress 127.0.0.1
HostKey $T/host_key
PidFile $T/sshd.pid
AuthorizedKeysFile $T/authorized_keys
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PrintMotd no
X11Forwarding no
AcceptEnv SOURCE_DATE_EPOCH
EOF
}

# start_sshd: in the foreground of a child, so that it is ours to reap,
# on a free port from 20000 + $$ % 10000; sets $port and $sshd_pid
start_sshd() {
	port=$((20000 + $$ % 10000))
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		if ! listening $port; then
			write_sshd_config $port
			"$SSHD" -D -f "$T/sshd_config" -E "$T/sshd.log" &
			sshd_pid=$!
			# it writes its pid file once it listens
			for _ in $(seq 50); do
				[ -s "$T/sshd.pid" ] && return 0
				kill -0 $sshd_pid 2>/dev/null || break
				sleep 0.1
			done
			stop_sshd
		fi
		port=$((port + 1))
	done
	return 1
}

# ssh_ready: poll for up to 5 s until a login runs a command
ssh_ready() {
	for _ in $(seq 50); do
		ssh -F "$T/ssh_config" -o BatchMode=yes -o ConnectTimeout=2 \
			good true 2>"$T/ready.err" </dev/null && return 0
		sleep 0.1
	done
	return 1
}

# The host "good" is this sshd, "dead" a port where nothing listens.
write_ssh_config() {
	local dead=$((port + 1))
	while listening $dead; do dead=$((dead + 1)); done
	cat >"$T/ssh_config" <<EOF
Host good dead
	HostName 127.0.0.1
	User root
	IdentityFile $T/id
	IdentitiesOnly yes
Host good
	Port $port
Host dead
	Port $dead
Host *
	UserKnownHostsFile $T/known_hosts
	GlobalKnownHostsFile /dev/null
	StrictHostKeyChecking accept-new
EOF
}

setup() {
	mkdir -p /run/sshd "$T/tmpdir" || return
	ssh-keygen -q -t ed25519 -N '' -C host -f "$T/host_key" || return
	ssh-keygen -q -t ed25519 -N '' -C client -f "$T/id" || return
	cp "$T/id.pub" "$T/authorized_keys" || return
	if ! start_sshd; then
		echo "sshd would not start: $(tail -n 3 "$T/sshd.log" 2>/dev/null)"
		return 1
	fi
	write_ssh_config
	if ! ssh_ready; then
		echo "no login through sshd: $(tail -n 1 "$T/ready.err")"
		return 1
	fi
}

# collect NAME ARGS...: run the collector, stdout/stderr in $T/out, $T/err,
# its exit status in $rc.  Its own temporary files go under $T/tmpdir.
collect() {
	local name=$1
	shift
	TMPDIR=$T/tmpdir timeout 120 "$COLLECT" -F "$T/ssh_config" "$@" \
		>"$T/out" 2>"$T/err"
	rc=$?
	if [ -n "$(ls -A "$T/tmpdir")" ]; then
		ko "$name-tmp" "left $(ls -A "$T/tmpdir") in TMPDIR"
		rm -rf "${T:?}/tmpdir/"*
	fi
}

# want_rc NAME RC: the last collection exited RC
want_rc() {
	[ "$rc" = "$2" ] && return 0
	ko "$1" "exit $rc, wanted $2 (stderr: $(head -c 300 "$T/err"))"
	return 1
}

# want_lines NAME FILE LINE...: FILE holds exactly these lines
want_lines() {
	local name=$1 file=$2
	shift 2
	if [ "$(cat "$file")" = "$(printf '%s\n' "$@")" ]; then
		return 0
	fi
	ko "$name" "${file##*/} is '$(cat "$file")', wanted '$(printf '%s\n' "$@")'"
	return 1
}

# stat_of DB KEY: one number of db stats
stat_of() { "$PS" db stats --db "$1" 2>/dev/null | awk -v k="$2" '$0 ~ "^"k" " { print $NF }'; }

# want_stats NAME DB HOSTS SCANS FUNCTIONS SNAPSHOTS
want_stats() {
	local name=$1 db=$2 got want
	got="$(stat_of "$db" hosts) $(stat_of "$db" scans) $(stat_of "$db" functions)"
	got="$got $(stat_of "$db" snapshots)"
	want="$3 $4 $5 $6"
	if [ "$got" = "$want" ]; then
		ok "$name"
	else
		ko "$name" "hosts/scans/functions/snapshots are $got, wanted $want"
	fi
}

# want_check NAME DB: db check passes
want_check() {
	if "$PS" db check --db "$2" >"$T/check" 2>&1; then ok "$1"
	else ko "$1" "db check: $(cat "$T/check")"; fi
}

# write_wrapper NAME [RC]: a remote pasid-scan that notes the store path
# it was given in $T/remote-db; with RC, it runs the scan, notes whether
# that made the store, then exits RC as a scan failing after storing would
write_wrapper() {
	local run
	run="exec \"$PS\" \"\$@\""
	[ $# -gt 1 ] && run="\"$PS\" \"\$@\" || exit
[ -s \"\$db\" ] && echo made >\"$T/remote-made\"
exit $2"
	cat >"$T/$1" <<EOF
#!/bin/sh
prev= db=
for a in "\$@"; do
	[ "\$prev" = --db ] && db=\$a
	prev=\$a
done
echo "\$db" >"$T/remote-db"
$run
EOF
	chmod +x "$T/$1"
}

# want_remote_gone NAME: the wrapper saw a /tmp/pasid-scan.PID.db that is gone
want_remote_gone() {
	local f
	f=$(cat "$T/remote-db" 2>/dev/null)
	rm -f "$T/remote-db"
	if [[ ! $f =~ ^/tmp/pasid-scan\.[0-9]+\.db$ ]]; then
		ko "$1" "remote store was '$f', wanted /tmp/pasid-scan.PID.db"
	elif [ -e "$f" ] || [ -e "$f-wal" ] || [ -e "$f-shm" ]; then
		ko "$1" "$f or its -wal/-shm is still there"
	else
		ok "$1"
	fi
}

# want_one_err NAME ERE: stderr is one line, matching ERE
want_one_err() {
	if [ "$(wc -l <"$T/err")" = 1 ] && grep -qE "$2" "$T/err"; then
		ok "$1"
	else
		ko "$1" "wanted one line matching '$2', got '$(cat "$T/err")'"
	fi
}

test_usage() {
	collect usage-no-host -b "$PS"
	want_rc usage-no-host 2 && ok usage-no-host
	collect usage-unknown -x good
	want_rc usage-unknown 2 && ok usage-unknown
	collect usage-help -h
	want_rc usage-help 0 && if grep -q '^Usage: collect.sh' "$T/out"; then
		ok usage-help; else ko usage-help "no usage on stdout"; fi
}

# (a) one host by user@address, -p and -i: one scan of 14 functions
test_one() {
	local db=$T/a.db
	collect one -o "$db" -p "$port" -i "$T/id" -b "$PS" \
		-O SetEnv=SOURCE_DATE_EPOCH=$EPOCH root@127.0.0.1 -- --sysfs "$LAB"
	want_rc one 0 || return
	want_lines one-stdout "$T/out" "root@127.0.0.1: 1 scans added, 0 already stored" &&
		ok one-stdout
	if [ -s "$T/err" ]; then ko one-stderr "$(cat "$T/err")"; else ok one-stderr; fi
	want_stats one-stats "$db" 1 1 14 11
	want_check one-check "$db"
	if "$PS" show --db "$db" | grep -q 'scanned 2023-11-14T22:13:20Z'; then
		ok one-epoch
	else
		ko one-epoch "SOURCE_DATE_EPOCH did not reach the remote scan"
	fi
}

# (b) the same host again: the same time adds nothing; another time is a
# new scan of the same bytes (functions double, snapshots do not grow)
test_again() {
	local db=$T/a.db
	"$PS" db stats --db "$db" >"$T/stats.before"
	collect again-same -o "$db" -b "$PS" -O SetEnv=SOURCE_DATE_EPOCH=$EPOCH \
		good -- --sysfs "$LAB"
	want_rc again-same 0 || return
	want_lines again-same-stdout "$T/out" "good: 0 scans added, 1 already stored" &&
		ok again-same-stdout
	"$PS" db stats --db "$db" >"$T/stats.after"
	if cmp -s "$T/stats.before" "$T/stats.after"; then ok again-same-stats
	else ko again-same-stats "$(diff "$T/stats.before" "$T/stats.after" | tr '\n' ' ')"; fi

	collect again-later -o "$db" -b "$PS" \
		-O SetEnv=SOURCE_DATE_EPOCH=$((EPOCH + 60)) good -- --sysfs "$LAB"
	want_rc again-later 0 || return
	want_lines again-later-stdout "$T/out" "good: 1 scans added, 0 already stored" &&
		ok again-later-stdout
	want_stats again-later-stats "$db" 1 2 28 11

	# no fixed time: now, never 2023, so a third observation
	collect again-now -o "$db" -b "$PS" good -- --sysfs "$LAB"
	want_rc again-now 0 || return
	want_stats again-now-stats "$db" 1 3 42 11
	want_check again-check "$db"
}

# the same host twice from a host file: its second store adds nothing
test_hostfile() {
	local db=$T/f.db
	printf '%s\n' '# the lab' '' 'good   # this sshd' '  good' >"$T/hosts"
	collect hostfile -o "$db" -b "$PS" -O SetEnv=SOURCE_DATE_EPOCH=$EPOCH \
		-f "$T/hosts" -- --sysfs "$LAB"
	want_rc hostfile 0 || return
	want_lines hostfile-stdout "$T/out" "good: 1 scans added, 0 already stored" \
		"good: 0 scans added, 1 already stored" && ok hostfile-stdout
	want_stats hostfile-stats "$db" 1 1 14 11
}

# (c) a host nothing answers for, with the good one: one stderr line for
# it, exit 1, and the good host merged all the same
test_dead() {
	local db=$T/c.db
	collect dead -o "$db" -b "$PS" -O SetEnv=SOURCE_DATE_EPOCH=$EPOCH \
		dead good -- --sysfs "$LAB"
	want_rc dead 1 || return
	want_one_err dead-stderr '^collect: dead: ssh failed: .'
	want_lines dead-stdout "$T/out" "good: 1 scans added, 0 already stored" &&
		ok dead-stdout
	want_stats dead-stats "$db" 1 1 14 11
}

# (d) the remote store is gone afterwards, whether the scan worked or
# not; a failed scan is one stderr line and merges nothing
test_remote_tmp() {
	local db=$T/d.db
	write_wrapper wrap
	collect remote-tmp -o "$db" -b "$T/wrap" good -- --sysfs "$LAB"
	want_rc remote-tmp 0 && want_remote_gone remote-tmp

	collect scan-fails -o "$db.no" -b "$T/wrap" good -- --sysfs "$T/nonexistent"
	if want_rc scan-fails 1; then
		want_one_err scan-fails-stderr \
			'^collect: good: remote scan failed \(exit 1\): pasid-scan: .*nonexistent'
		if [ -e "$db.no" ]; then ko scan-fails-no-store "$db.no was made"
		else ok scan-fails-no-store; fi
		want_remote_gone scan-fails-remote-tmp
	fi

	write_wrapper wrap-late 3
	collect late-fail -o "$db" -b "$T/wrap-late" good -- --sysfs "$LAB"
	want_rc late-fail 1 || return
	want_one_err late-fail-stderr '^collect: good: remote scan failed \(exit 3\)$'
	if [ -e "$T/remote-made" ]; then want_remote_gone late-fail-remote-tmp
	else ko late-fail-remote-tmp "the wrapped scan made no store"; fi
	want_stats late-fail-stats "$db" 1 1 14 11
}

# a store that comes back as something else is refused before the merge
test_damaged() {
	local db=$T/e.db
	# the store is its 4th argument, after "scan -q --db"
	# shellcheck disable=SC2016 # for the wrapper to expand
	printf '%s\n' '#!/bin/sh' 'echo "not a database" >"$4"' >"$T/wrap-junk"
	chmod +x "$T/wrap-junk"
	collect damaged -o "$db" -b "$T/wrap-junk" good
	want_rc damaged 1 || return
	want_one_err damaged-stderr '^collect: good: store fetched is damaged: not an SQLite'
	if [ -e "$db" ]; then ko damaged-no-store "$db was made"
	else ok damaged-no-store; fi
}

if ! setup >"$T/setup.msg" 2>&1; then
	ko setup "$(tr '\n' ' ' <"$T/setup.msg")"
	finish collect
	exit
fi

test_usage
test_one
test_again
test_hostfile
test_dead
test_remote_tmp
test_damaged
finish collect
