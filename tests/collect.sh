#!/bin/bash
# Tests of the fleet playbook (scripts/fleet/collect.yml) and of
# scripts/collect.sh, which runs it, against real sshd servers on
# 127.0.0.1.  One "ok" or "FAIL" line per check, then
# "collect: N passed, N failed, N skipped".
#
# What is modelled: three hosts, lab1, lab2 and lab3, each a private
# sshd (its own port, host key, config and pid file in a temporary
# directory; root logins by key) started in a UTS namespace of its own
# whose host name is the host's, so that each scan records its own host,
# as pasid-scan takes it from uname(2).  Each reads a sysfs tree of its
# own, given as the inventory's per-host pasid_scan_sysfs (scan --sysfs):
#   lab1  the recorded lab guest (tests/fixtures/sysfs/lab, 14 functions),
#         with pasid-scan installed: its sshd's PATH leads to a wrapper
#         that notes its use and runs the built one
#   lab2  the same guest with its NVMe PF and VFs in a VMD domain
#         (vmd_tree, tests/lib.sh) and the capability chain of its
#         virtio device looping, as damaged hardware can; no pasid-scan
#         on its PATH
#   lab3  the same guest as a non-root reader gets it (config files of
#         64 bytes); its pasid_scan_bin names a path where none is
# lab2 and lab3 get a copy of the control machine's pasid-scan, here a
# wrapper that notes its host and runs the built one.  Three more
# inventory hosts: "dead", a port where nothing listens; "broken", on
# lab1's sshd with a sysfs tree that does not exist; "junk", on lab1's
# sshd with a pasid-scan whose recording is not one.
#
# Ansible runs with a private configuration and state under the test's
# temporary directory (ANSIBLE_CONFIG, ANSIBLE_HOME, local and remote
# temp), host key checking off.  SOURCE_DATE_EPOCH is set, as the
# playbook passes it to the scans, so that a host's recording is the
# same bytes as its own "scan --record" under that host name.
#
# Skipped when not root, or without sshd (package openssh-server),
# ansible-playbook (ansible-core) or UTS namespaces; this test installs
# nothing (make check does).
#
# Run from the repository root:
#   PASID_SCAN=$PWD/build/pasid-scan bash tests/collect.sh
# Env: PASID_SCAN (the binary, default ./build/pasid-scan), SSHD (default
# /usr/sbin/sshd; absolute, sshd re-executes itself).
set -u
export LC_ALL=C
unset PASID_SCAN_DB
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here" || exit 1
PS=$(readlink -f "${PASID_SCAN:-$PWD/build/pasid-scan}")
SSHD=${SSHD:-/usr/sbin/sshd}
COLLECT=$here/scripts/collect.sh
PLAYBOOK=$here/scripts/fleet/collect.yml
LAB=$here/tests/fixtures/sysfs/lab
EPOCH=1700000000	# 2023-11-14T22:13:20Z
LABS="lab1 lab2 lab3"
# shellcheck source=tests/lib.sh
. "$here/tests/lib.sh"

why_skip() {
	[ "$(id -u)" = 0 ] || { echo "not root: sshd, root logins and UTS namespaces need it"; return; }
	case $SSHD in /*) ;; *) echo "SSHD=$SSHD is not an absolute path"; return ;; esac
	[ -x "$SSHD" ] || { echo "$SSHD missing (package openssh-server)"; return; }
	command -v ansible-playbook >/dev/null ||
		{ echo "ansible-playbook missing (package ansible-core)"; return; }
	[ -x /usr/bin/python3 ] || { echo "/usr/bin/python3 missing"; return; }
	local t
	for t in ssh ssh-keygen timeout unshare hostname; do
		command -v $t >/dev/null || { echo "$t missing"; return; }
	done
	unshare --uts true 2>/dev/null ||
		{ echo "no UTS namespace here (unshare --uts): hosts need names of their own"; return; }
	[ -x "$PS" ] || echo "$PS: not an executable"
}

reason=$(why_skip)
if [ -n "$reason" ]; then
	sk collect "$reason"
	finish collect
	exit
fi

T=$(mktemp -d)
# anything of Ansible's in the home directory newer than this is ours
touch "$T/start"
sshd_pids=""
# shellcheck disable=SC2317 # also run by the EXIT trap
stop_sshds() {
	local p
	for p in $sshd_pids; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	sshd_pids=""
}
# Ansible keeps an ssh connection to each host open for its next task
# (ControlPersist, much faster); closed here, they end their sshd too.
# shellcheck disable=SC2317 # run by the EXIT trap
close_masters() {
	local s
	for s in "$T"/ansible/cp/*; do
		[ -S "$s" ] && ssh -o ControlPath="$s" -O exit host >/dev/null 2>&1
	done
}
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
	close_masters
	stop_sshds
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

# Ansible, private to this test (it runs in a UTF-8 locale, which it
# requires): nothing under ~/.ansible, no known_hosts written.
export ANSIBLE_CONFIG=$T/ansible/ansible.cfg ANSIBLE_HOME=$T/ansible/home
export ANSIBLE_LOCAL_TEMP=$T/ansible/local ANSIBLE_REMOTE_TEMP=$T/ansible/remote
export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0
export SOURCE_DATE_EPOCH=$EPOCH
# the control machine's pasid-scan: the wrapper that notes where it ran
export PASID_SCAN=$T/ctl/pasid-scan

# listening PORT: something accepts connections on 127.0.0.1:PORT
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# free_port: the next port from $port up where nothing listens
next_port=$((20000 + $$ % 10000))
free_port() {
	while listening $next_port; do next_port=$((next_port + 1)); done
	port=$next_port
	next_port=$((next_port + 1))
}

write_sshd_config() {
	local name=$1 d=$T/hosts/$1
	cat >"$d/sshd_config" <<EOF
Port $2
ListenAddress 127.0.0.1
HostKey $T/host_key
PidFile $d/sshd.pid
AuthorizedKeysFile $T/authorized_keys
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PrintMotd no
X11Forwarding no
Subsystem sftp /usr/lib/openssh/sftp-server
SetEnv PATH=$d/bin:/usr/bin:/bin
EOF
}

# start_sshd NAME: in the foreground of a child, so that it is ours to
# reap, in a UTS namespace whose host name is NAME (unshare execs, so
# the child is sshd); sets $port, the port it listens on
start_sshd() {
	local name=$1 d=$T/hosts/$1 pid
	mkdir -p "$d/bin" || return
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		free_port
		write_sshd_config "$name" $port
		rm -f "$d/sshd.pid"
		# shellcheck disable=SC2016 # for that sh to expand
		unshare --uts sh -c 'hostname "$1" && exec "$2" -D -f "$3" -E "$4"' \
			sh "$name" "$SSHD" "$d/sshd_config" "$d/sshd.log" &
		pid=$!
		# it writes its pid file once it listens
		for _ in $(seq 50); do
			if [ -s "$d/sshd.pid" ]; then
				sshd_pids="$sshd_pids $pid"
				return 0
			fi
			kill -0 $pid 2>/dev/null || break
			sleep 0.1
		done
		kill $pid 2>/dev/null
		wait $pid 2>/dev/null
	done
	return 1
}

# ssh_ready PORT: poll for up to 5 s until a login runs a command
ssh_ready() {
	for _ in $(seq 50); do
		ssh -p "$1" -i "$T/id" -o IdentitiesOnly=yes -o BatchMode=yes \
			-o ConnectTimeout=2 -o UserKnownHostsFile=/dev/null \
			-o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=no \
			-o LogLevel=ERROR root@127.0.0.1 uname -n \
			>"$T/ready.out" 2>"$T/ready.err" </dev/null && return 0
		sleep 0.1
	done
	return 1
}

# The scripts standing in for pasid-scan: each notes "HOST WHICH ARGS"
# in $T/ran.log (HOST: uname -n, the host name of its sshd) and runs the
# built one.  The control machine's is the one copied to hosts without
# one: under another path, it is the copy.
write_wrappers() {
	mkdir -p "$T/ctl" || return
	cat >"$T/ctl/pasid-scan" <<EOF
#!/bin/sh
case \$0 in "$T/ctl/pasid-scan") w=control ;; *) w=copy ;; esac
echo "\$(uname -n) \$w \$*" >>"$T/ran.log"
exec "$PS" "\$@"
EOF
	cat >"$T/hosts/lab1/bin/pasid-scan" <<EOF
#!/bin/sh
echo "\$(uname -n) installed \$*" >>"$T/ran.log"
exec "$PS" "\$@"
EOF
	# runs, but writes a recording that is not one
	cat >"$T/junk-scan" <<EOF
#!/bin/sh
[ "\$1" = --version ] && exec "$PS" --version
while [ \$# -gt 1 ]; do
	[ "\$1" = --record ] && { echo "not a recording" >"\$2"; exit 0; }
	shift
done
exit 1
EOF
	chmod +x "$T/ctl/pasid-scan" "$T/hosts/lab1/bin/pasid-scan" "$T/junk-scan"
}

# The hosts' sysfs trees: lab1 reads the fixture itself.  In lab2, the
# virtio device's first capability (at the pointer at 0x34) points to
# itself as the next.
write_trees() {
	local f cap virtio=$T/trees/lab2/devices/0000:02:00.0/config
	vmd_tree "$T/trees/lab2" || return
	cap=$(od -An -tx1 -j52 -N1 "$virtio" | tr -d ' ')
	# shellcheck disable=SC2059 # the format makes the byte
	printf "\\x$cap" | dd of="$virtio" bs=1 seek=$((0x$cap + 1)) conv=notrunc 2>/dev/null || return
	mkdir -p "$T/trees/lab3" && cp -a "$LAB/devices" "$T/trees/lab3/" || return
	for f in "$T"/trees/lab3/devices/*/config; do
		truncate -s 64 "$f" || return
	done
}

# write_ansible DEAD_PORT: the configuration and the inventory
write_ansible() {
	mkdir -p "$T/ansible/home" "$T/ansible/local" "$T/ansible/remote" \
		"$T/remote-tmp" "$T/tmpdir" || return
	cat >"$ANSIBLE_CONFIG" <<EOF
[defaults]
inventory = $T/ansible/inventory
forks = 10
host_key_checking = False
timeout = 10
retry_files_enabled = False
interpreter_python = /usr/bin/python3

[ssh_connection]
pipelining = True
control_path_dir = $T/ansible/cp
ssh_args = -o ControlMaster=auto -o ControlPersist=60s -o IdentitiesOnly=yes -o UserKnownHostsFile=/dev/null -o GlobalKnownHostsFile=/dev/null -o LogLevel=ERROR
EOF
	cat >"$T/ansible/inventory" <<EOF
[lab]
lab1 ansible_port=${ports[lab1]} pasid_scan_sysfs=$LAB
lab2 ansible_port=${ports[lab2]} pasid_scan_sysfs=$T/trees/lab2
lab3 ansible_port=${ports[lab3]} pasid_scan_sysfs=$T/trees/lab3 pasid_scan_bin=$T/hosts/lab3/bin/pasid-scan

[trouble]
dead ansible_port=$1
broken ansible_port=${ports[lab1]} pasid_scan_sysfs=$T/nonexistent pasid_scan_bin=$PS
junk ansible_port=${ports[lab1]} pasid_scan_sysfs=$LAB pasid_scan_bin=$T/junk-scan

[all:vars]
ansible_host=127.0.0.1
ansible_user=root
ansible_ssh_private_key_file=$T/id
ansible_python_interpreter=/usr/bin/python3
pasid_scan_remote_tmp=$T/remote-tmp
EOF
}

# Each lab host's own scan, as it would make it: its host name, its
# tree, the same time; OPTIONS... added.  "--record" into $T/ref/SET/,
# and "--db" into the store $T/ref/SET.db.
own_scans() {
	local dir=$T/ref/$1 h tree
	shift
	mkdir -p "$dir" || return
	for h in $LABS; do
		case $h in lab1) tree=$LAB ;; *) tree=$T/trees/$h ;; esac
		# shellcheck disable=SC2016 # for that sh to expand
		unshare --uts sh -c 'hostname "$1" && shift && exec "$@"' sh "$h" \
			"$PS" scan -q --sysfs "$tree" --record "$dir/$h.rec" \
			--db "$dir.db" "$@" 2>"$dir/$h.err" || return
	done
}

declare -A ports
setup() {
	local h dead
	mkdir -p /run/sshd "$T/hosts" || return
	ssh-keygen -q -t ed25519 -N '' -C host -f "$T/host_key" || return
	ssh-keygen -q -t ed25519 -N '' -C client -f "$T/id" || return
	cp "$T/id.pub" "$T/authorized_keys" || return
	for h in $LABS; do
		if ! start_sshd "$h"; then
			echo "sshd for $h would not start: $(tail -n 3 "$T/hosts/$h/sshd.log" 2>/dev/null)"
			return 1
		fi
		ports[$h]=$port
		if ! ssh_ready "$port"; then
			echo "no login through the sshd of $h: $(tail -n 1 "$T/ready.err")"
			return 1
		fi
		if [ "$(cat "$T/ready.out")" != "$h" ]; then
			echo "the sshd of $h runs as host '$(cat "$T/ready.out")'"
			return 1
		fi
	done
	free_port
	dead=$port
	write_wrappers && write_trees && write_ansible $dead || return
	own_scans all && own_scans some -d 1b36: --probe=none
}

# collect NAME ARGS...: run scripts/collect.sh, stdout/stderr in $T/out,
# $T/err, its exit status in $rc.  Its temporary files and those of the
# hosts go under $T/tmpdir and $T/remote-tmp; both must be left empty.
collect() {
	local name=$1 start=$SECONDS
	shift
	TMPDIR=$T/tmpdir LC_ALL=C.UTF-8 timeout 300 "$COLLECT" "$@" \
		>"$T/out" 2>"$T/err"
	rc=$?
	[ -z "${COLLECT_TIMES:-}" ] || echo "time $name: $((SECONDS - start)) s"
	left_empty "$name"
}

# playbook NAME ARGS...: ansible-playbook on the playbook itself
playbook() {
	local name=$1 start=$SECONDS
	shift
	TMPDIR=$T/tmpdir LC_ALL=C.UTF-8 timeout 300 ansible-playbook "$@" "$PLAYBOOK" \
		>"$T/out" 2>"$T/err"
	rc=$?
	[ -z "${COLLECT_TIMES:-}" ] || echo "time $name: $((SECONDS - start)) s"
	left_empty "$name"
}

left_empty() {
	local d
	for d in "$T/tmpdir" "$T/remote-tmp"; do
		if [ -n "$(ls -A "$d")" ]; then
			ko "$1-tmp" "left $(cd "$d" && echo *) in ${d##*/}"
			rm -rf "${d:?}/"*
		fi
	done
}

# want_rc NAME RC: the last run exited RC
want_rc() {
	[ "$rc" = "$2" ] && return 0
	ko "$1" "exit $rc, wanted $2 (stderr: $(tail -c 300 "$T/err"); stdout: $(tail -c 600 "$T/out"))"
	return 1
}

# want_lines NAME GOT WANT...: the text GOT is exactly these lines
want_lines() {
	local name=$1 got=$2
	shift 2
	if [ "$got" = "$(printf '%s\n' "$@")" ]; then ok "$name"
	else ko "$name" "got '$got', wanted '$(printf '%s\n' "$@")'"; fi
}

# want_match NAME GOT ERE...: GOT has as many lines as EREs, each
# matching its own
want_match() {
	local name=$1 got=$2 i=0 line
	shift 2
	if [ "$(printf '%s\n' "$got" | grep -c .)" != $# ]; then
		ko "$name" "$(printf '%s\n' "$got" | grep -c .) lines, wanted $#: '$got'"
		return
	fi
	while IFS= read -r line; do
		i=$((i + 1))
		if ! printf '%s\n' "$line" | grep -qE "${!i}"; then
			ko "$name" "line $i '$line' does not match '${!i}'"
			return
		fi
	done <<<"$got"
	ok "$name"
}

# collect_lines: the "collect:" lines on stderr
collect_lines() { grep '^collect: ' "$T/err"; }

# recap: "HOST unreachable=N failed=N" for each host of Ansible's summary
recap() {
	sed -nE 's/^([^ ]+) +: ok=[0-9]+ +changed=[0-9]+ +unreachable=([0-9]+) +failed=([0-9]+).*/\1 unreachable=\2 failed=\3/p' \
		"$T/out" | sort
}

# stat_of DB KEY: one number of db stats
stat_of() { "$PS" db stats --db "$1" 2>/dev/null | awk -v k="$2" '$0 ~ "^"k" " { print $NF }'; }

# stats DB: hosts, scans, functions and snapshots
stats() { echo "$(stat_of "$1" hosts) $(stat_of "$1" scans) $(stat_of "$1" functions) $(stat_of "$1" snapshots)"; }

# ran PATTERN: how many lines of $T/ran.log match the ERE
ran() { grep -cE "$1" "$T/ran.log" 2>/dev/null; }

# hosts_of DB: the host names its scans recorded
hosts_of() { "$PS" show --db "$1" | sed -n 's/^\tHost: \([^,]*\),.*/\1/p' | sort -u | tr '\n' ' '; }

# (a) the whole inventory: the three lab hosts stored, each as its own
# scan would store it; the other three reported, on stderr and in
# Ansible's summary
test_fleet() {
	local db=$T/a.db rec=$T/a.records h
	: >"$T/ran.log"
	collect fleet -o "$db"
	want_rc fleet 1 || return
	want_lines fleet-summary "$(recap)" \
		"broken unreachable=0 failed=1" "dead unreachable=1 failed=0" \
		"junk unreachable=0 failed=1" "lab1 unreachable=0 failed=0" \
		"lab2 unreachable=0 failed=0" "lab3 unreachable=0 failed=0"
	want_match fleet-stderr "$(collect_lines)" \
		'^collect: lab3: pasid-scan: read only in part, and marked partial: 14 of 14 functions$' \
		'^collect: dead: unreachable: .' \
		"^collect: broken: scan failed \\(exit 1\\): pasid-scan: $T/nonexistent/devices: cannot open" \
		'^collect: junk: check the recording failed \(exit 1\): pasid-scan: junk\.rec:1: unrecognised line'
	want_match fleet-stdout "$(grep -E '^/|^replay:' "$T/out")" \
		"^$rec/lab1\\.rec: stored, 14 functions, 11 new snapshots$" \
		"^$rec/lab2\\.rec: stored, 14 functions, 1 new snapshot$" \
		"^$rec/lab3\\.rec: stored, 14 functions, [0-9]+ new snapshots$" \
		'^replay: 3 files, 3 scans added, 0 already stored, 42 functions, [0-9]+ new snapshots$'

	if "$PS" show --db "$db" | grep -q 'scanned 2023-11-14T22:13:20Z'; then ok fleet-epoch
	else ko fleet-epoch "SOURCE_DATE_EPOCH did not reach the scans"; fi
	if "$PS" db check --db "$db" >"$T/check" 2>&1; then ok fleet-db-check
	else ko fleet-db-check "$(cat "$T/check")"; fi

	# lab2's looping chain is stored, with its note, as "scan --db"
	# stores it
	want_lines fleet-broken-chain \
		"$("$PS" show --db "$db" -s 02:00.0 | grep -c 'Note: capability chain loops back to 0xdc')" 1

	# what each host's own scan gives: the same recording, the same
	# store as their own "scan --db", and nothing new when replayed
	# into the fleet store
	for h in $LABS; do
		if cmp -s "$rec/$h.rec" "$T/ref/all/$h.rec"; then ok "fleet-$h-own-scan"
		else ko "fleet-$h-own-scan" "$rec/$h.rec is not what $h's own scan --record wrote"; fi
	done
	want_lines fleet-records "$(ls -A "$rec")" lab1.rec lab2.rec lab3.rec
	want_lines fleet-stats "$(stats "$db")" "$(stats "$T/ref/all.db")"
	want_lines fleet-db-list "$("$PS" db list --db "$db")" "$("$PS" db list --db "$T/ref/all.db")"
	want_lines fleet-hosts "$(hosts_of "$db")" "lab1 lab2 lab3 "
	if "$PS" replay --accept-broken --db "$db" "$T"/ref/all/*.rec >"$T/replay.out" 2>&1 &&
		grep -q '^replay: 3 files, 0 scans added, 3 already stored' "$T/replay.out"; then
		ok fleet-own-scans-stored
	else
		ko fleet-own-scans-stored "$(tail -n 1 "$T/replay.out")"
	fi

	# lab1 used its own pasid-scan, lab2 and lab3 a copy, and the
	# control machine stored everything with one replay
	want_lines fleet-installed-or-copied \
		"$(ran '^lab1 installed scan ')$(ran '^lab2 copy scan ')$(ran '^lab3 copy scan ')$(ran '^lab[23] installed|^lab1 copy')" \
		1110
	want_lines fleet-one-replay "$(ran " control replay .*--db $db ")" 1
}

# (b) the same again: every lab host collected already, so none is
# scanned and replay stores nothing
test_again() {
	local db=$T/a.db rec=$T/a.records before
	before=$(stats "$db")
	: >"$T/ran.log"
	collect again -o "$db"
	want_rc again 1 || return
	want_lines again-stdout "$(grep -E '^/|^replay:' "$T/out")" \
		"$rec/lab1.rec: stored before; nothing added" \
		"$rec/lab2.rec: stored before; nothing added" \
		"$rec/lab3.rec: stored before; nothing added" \
		"replay: 3 files, 0 scans added, 3 already stored, 0 functions, 0 new snapshots"
	want_lines again-stats "$(stats "$db")" "$before"
	want_lines again-not-rescanned "$(ran '^lab[123] .* scan ')" 0
	want_lines again-stderr "$(collect_lines | cut -d: -f2 | tr '\n' ' ')" " dead  broken  junk "
}

# (c) lab1 scanned again on purpose, at the same time: the same scan,
# stored before
test_rescan() {
	local db=$T/a.db before
	before=$(stats "$db")
	: >"$T/ran.log"
	collect rescan -o "$db" -l lab1 -e pasid_scan_rescan=true
	want_rc rescan 0 || return
	want_lines rescan-scanned "$(ran '^lab1 installed scan ')" 1
	want_lines rescan-stdout "$(grep -E '^replay:' "$T/out")" \
		"replay: 1 file, 0 scans added, 1 already stored, 0 functions, 0 new snapshots"
	want_lines rescan-stats "$(stats "$db")" "$before"
	want_lines rescan-stderr "$(cat "$T/err")" ""
}

# (d) scan options, given to ansible-playbook as one string, reach every
# scan: -d 1b36: and --probe=none shape what is stored, and
# --require-full fails the host read in part
test_options() {
	local db=$T/d.db
	playbook options -l lab -e pasid_scan_db="$db" \
		-e "pasid_scan_args='-d 1b36: --probe=none --require-full'"
	want_rc options 2 || return
	want_lines options-summary "$(recap)" "lab1 unreachable=0 failed=0" \
		"lab2 unreachable=0 failed=0" "lab3 unreachable=0 failed=1"
	want_match options-report "$(grep -o '"collect: .*"' "$T/out" | sort -u)" \
		'^"collect: lab3: scan failed \(exit 3\): pasid-scan: --require-full: 14 partial functions; nothing written"$'
	# what lab1's and lab2's own scans store (some.db has lab3's too)
	"$PS" replay --accept-broken --db "$T/ref-some.db" "$T/ref/some/lab1.rec" \
		"$T/ref/some/lab2.rec" >/dev/null 2>&1
	want_lines options-db-list "$("$PS" db list --db "$db")" "$("$PS" db list --db "$T/ref-some.db")"
	if "$PS" db list --db "$db" | awk 'NR > 1 && $1 !~ /^1b36:/ { bad = 1 } END { exit bad || NR < 2 }'; then
		ok options-only-1b36
	else
		ko options-only-1b36 "$("$PS" db list --db "$db" | tr '\n' ' ')"
	fi
	if cmp -s "$T/d.records/lab1.rec" "$T/ref/some/lab1.rec" &&
		! grep -q ' probe=' "$T/d.records/lab1.rec" && grep -q ' probe=read' "$T/a.records/lab1.rec"; then
		ok options-probe
	else
		ko options-probe "--probe=none did not reach the scan of lab1"
	fi
}

# (e) no host reached, ansible-playbook itself: Ansible's summary and the
# playbook's own line both say so; no store made
test_unreachable() {
	playbook unreachable -l dead -e pasid_scan_db="$T/e.db"
	want_rc unreachable 4 || return
	want_lines unreachable-summary "$(recap)" "dead unreachable=1 failed=0"
	if grep -q '"collect: dead: unreachable: .' "$T/out"; then ok unreachable-line
	else ko unreachable-line "no 'collect: dead: unreachable' in the playbook's output"; fi
	if [ -e "$T/e.db" ]; then ko unreachable-no-store "$T/e.db was made"; else ok unreachable-no-store; fi
}

# (f) refused before any host is contacted
test_refused() {
	: >"$T/ran.log"
	collect refused-record -o "$T/f.db" -- --record /tmp/x
	want_rc refused-record 1 || return
	if grep -q 'collect: pasid_scan_args: --record, --dry-run and --help are not for' "$T/out" &&
		[ "$(ran .)" = 0 ] && [ ! -e "$T/f.db" ]; then
		ok refused-record
	else
		ko refused-record "not refused before the scans: $(tail -c 300 "$T/out")"
	fi
	want_match refused-record-stderr "$(cat "$T/err")" '^collect: ansible-playbook failed \(exit 2\) before its report'

	PASID_SCAN=$T/nonexistent collect refused-local -o "$T/f.db" -l lab1
	want_rc refused-local 1 || return
	if grep -q "collect: $T/nonexistent: no pasid-scan there" "$T/out" && [ ! -e "$T/f.db" ]; then
		ok refused-local
	else
		ko refused-local "$(tail -c 300 "$T/out")"
	fi
}

test_usage() {
	collect usage-help -h
	want_rc usage-help 0 && if grep -q '^Usage: collect.sh' "$T/out"; then
		ok usage-help; else ko usage-help "no usage on stdout"; fi
	collect usage-o -o
	want_rc usage-o 2 && if [ "$(cat "$T/err")" = "collect: option -o needs an argument; see 'collect.sh --help'" ]; then
		ok usage-o; else ko usage-o "not the one line: $(head -n 3 "$T/err")"; fi
}

# Nothing of Ansible's went to the home directory.
test_home() {
	local new
	new=$(find "$HOME/.ansible" -newer "$T/start" 2>/dev/null | head -n 3 | tr '\n' ' ')
	if [ -n "$new" ]; then ko home "Ansible wrote $new"; else ok home; fi
}

if ! setup >"$T/setup.msg" 2>&1; then
	ko setup "$(tr '\n' ' ' <"$T/setup.msg")"
	finish collect
	exit
fi

test_usage
test_fleet
test_again
test_rescan
test_options
test_unreachable
test_refused
test_home
finish collect
