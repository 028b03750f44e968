#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# collect.sh - scan a fleet of hosts over ssh and merge the results into
# one pasid-scan store.
#
# Each HOST runs "pasid-scan scan -q --db /tmp/pasid-scan.PID.db
# [SCAN_ARGS...]" (PID: the remote shell's); the store is sent back on
# the same connection and removed there.  The scan closes its store on
# exit, which checkpoints the WAL, so the one file holds everything; the
# remote side refuses to send one that still has a WAL beside it.  Each
# store fetched is checked here, then all of them go into FLEET.db in one
# "pasid-scan merge", which prints a line per host.  A host that cannot
# be reached, whose scan fails or whose store is damaged is reported as
# one line "collect: HOST: why" on stderr; the others are still merged.
#
# Usage: collect.sh [-o FLEET.db] [-b REMOTE_PASID_SCAN] [-p PORT]
#                   [-i IDENTITY] [-F SSH_CONFIG] [-O SSH_OPTION]...
#                   [-f HOSTFILE] [HOST...] [-- SCAN_ARGS...]
#   -o FLEET.db  store to merge into (default $PASID_SCAN_DB, else
#                ./pasid-scan.db)
#   -b PATH      pasid-scan on the hosts (default pasid-scan, on PATH)
#   -p, -i, -F   ssh's -p PORT, -i IDENTITY and -F SSH_CONFIG
#   -O OPTION    an ssh -o option, e.g. -O ConnectTimeout=30; repeatable,
#                and wins over the defaults BatchMode=yes and
#                ConnectTimeout=10
#   -f HOSTFILE  hosts, one a line; '#' starts a comment
#   HOST         anything ssh takes as a destination: host, user@host,
#                ssh://user@host:port, a Host alias of the ssh config
#   SCAN_ARGS    passed to the remote scan, e.g. -d 8086: or --require-full
# The hosts' login shells must be POSIX shells.  PASID_SCAN names the
# local pasid-scan (default: pasid-scan on PATH).
# Exit status: 0 every host merged, 1 a host or the merge failed,
# 2 usage error.
#
# Example: root on two hosts and those of a file, Intel functions only:
#   scripts/collect.sh -o fleet.db -i ~/.ssh/lab -f lab-hosts \
#           root@gnr1 root@gnr2 -- -d 8086:
set -eu

prog=collect
ps=${PASID_SCAN:-pasid-scan}
db=${PASID_SCAN_DB:-pasid-scan.db}
remote_ps=pasid-scan
ssh_opts=""
hosts=""
tmp=""
failed=0

usage() {
	cat <<'EOF'
Usage: collect.sh [-o FLEET.db] [-b REMOTE_PASID_SCAN] [-p PORT]
                  [-i IDENTITY] [-F SSH_CONFIG] [-O SSH_OPTION]...
                  [-f HOSTFILE] [HOST...] [-- SCAN_ARGS...]
Scans each HOST over ssh with "pasid-scan scan -q --db TMP [SCAN_ARGS]"
and merges the stores into FLEET.db (default $PASID_SCAN_DB, else
./pasid-scan.db).  -f reads hosts from a file, one a line, '#' comments.
-O passes an ssh -o option (repeatable).  PASID_SCAN: the local binary.
Exit status: 0 ok, 1 a host or the merge failed, 2 usage error.
EOF
}

bad_usage() {
	echo "$prog: $*" >&2
	usage >&2
	exit 2
}

# quote WORD: WORD as one single-quoted shell word
quote() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

add_ssh_opt() {
	ssh_opts="$ssh_opts $(quote "$1") $(quote "$2")"
}

add_host() {
	case $1 in
	'' | -*) bad_usage "bad host '$1'" ;;
	*[[:space:]]*) bad_usage "bad host '$1'" ;;
	esac
	hosts="$hosts$1
"
}

# read_hostfile FILE: a host a line; blank lines and '#' comments skipped
read_hostfile() {
	file=$1
	[ -r "$file" ] || bad_usage "$file: cannot read host file"
	while IFS= read -r line || [ -n "$line" ]; do
		line=${line%%#*}
		set -f
		# shellcheck disable=SC2086 # split off the blanks around it
		set -- $line
		set +f
		[ $# -eq 0 ] && continue
		[ $# -eq 1 ] || bad_usage "host file: '$line': one host a line"
		add_host "$1"
	done <"$file"
}

# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
	[ -z "$tmp" ] || rm -rf "$tmp"
}

# fail HOST WHY: report one host that will not be merged
fail() {
	echo "$prog: $1: $2" >&2
	failed=1
}

# last_line FILE: its last line that is not blank
last_line() {
	grep -v '^[[:space:]]*$' "$1" | tail -n 1
}

# remote_cmd SCAN_ARGS...: the shell command run on each host
remote_cmd() {
	args=""
	for a in "$@"; do
		args="$args $(quote "$a")"
	done
	printf '%s' "f=/tmp/pasid-scan.\$\$.db; umask 077;" \
		" rm -f \"\$f\" \"\$f-wal\" \"\$f-shm\";" \
		" $(quote "$remote_ps") scan -q --db \"\$f\"$args >&2 &&" \
		" { test ! -s \"\$f-wal\" ||" \
		" { echo \"\$f: WAL not checkpointed\" >&2; false; }; } &&" \
		" cat \"\$f\"; s=\$?; rm -f \"\$f\" \"\$f-wal\" \"\$f-shm\"; exit \$s"
}

# fetch N HOST CMD: run CMD on HOST, its stdout into $tmp/N.db; the exit
# status is ssh's: 255 when it failed itself, else the remote command's
fetch() {
	n=$1 host=$2 cmd=$3
	eval "set -- $ssh_opts"
	ssh -n "$@" -o BatchMode=yes -o ConnectTimeout=10 -- "$host" "$cmd" \
		>"$tmp/$n.db" 2>"$tmp/$n.err"
}

# collect_one N HOST CMD: fetch, then check what came back
collect_one() {
	rc=0
	fetch "$1" "$2" "$3" || rc=$?
	why=$(last_line "$tmp/$1.err")
	if [ $rc -eq 255 ]; then
		fail "$2" "ssh failed${why:+: $why}"
	elif [ $rc -ne 0 ]; then
		fail "$2" "remote scan failed (exit $rc)${why:+: $why}"
	elif [ ! -s "$tmp/$1.db" ]; then
		fail "$2" "no store came back"
	elif ! "$ps" db check --db "$tmp/$1.db" >"$tmp/$1.chk" 2>&1; then
		why=$(last_line "$tmp/$1.chk")
		fail "$2" "store fetched is damaged: ${why#*"$tmp/$1.db: "}"
	else
		# what the scan said (say, a partial scan without root)
		while IFS= read -r line; do
			echo "$prog: $2: $line" >&2
		done <"$tmp/$1.err"
		return 0
	fi
	return 1
}

# merge_all N...: merge $tmp/N.db of each N; "path: ..." lines become "HOST: ..."
merge_all() {
	files=""
	for n in "$@"; do
		files="$files $tmp/$n.db"
	done
	# shellcheck disable=SC2086 # mktemp -d paths hold no blanks
	if ! "$ps" merge --db "$db" $files >"$tmp/merge.out"; then
		echo "$prog: merging into $db failed" >&2
		failed=1
	fi
	while IFS= read -r line; do
		case $line in
		"$tmp/"[0-9]*.db:*)
			n=${line#"$tmp/"}
			n=${n%%.db:*}
			line="$(sed -n "${n}p" "$tmp/hosts")${line#"$tmp/$n.db"}"
			;;
		esac
		echo "$line"
	done <"$tmp/merge.out"
}

main() {
	while [ $# -gt 0 ]; do
		case $1 in
		-h | --help)
			usage
			exit 0
			;;
		-o | -b | -p | -i | -F | -O | -f)
			[ $# -ge 2 ] || bad_usage "option $1 needs an argument"
			case $1 in
			-o) db=$2 ;;
			-b) remote_ps=$2 ;;
			-p | -i | -F) add_ssh_opt "$1" "$2" ;;
			-O) add_ssh_opt -o "$2" ;;
			-f) read_hostfile "$2" ;;
			esac
			shift 2
			;;
		--)
			shift
			break
			;;
		-*) bad_usage "unknown option $1" ;;
		*)
			add_host "$1"
			shift
			;;
		esac
	done
	[ -n "$hosts" ] || bad_usage "no host given"
	[ -n "$db" ] || bad_usage "no fleet store given"
	if ! command -v "$ps" >/dev/null; then
		echo "$prog: $ps: not found (set PASID_SCAN)" >&2
		exit 1
	fi

	trap cleanup EXIT
	trap 'exit 1' HUP INT TERM
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/pasid-collect.XXXXXX")
	printf '%s' "$hosts" >"$tmp/hosts"
	cmd=$(remote_cmd "$@")

	n=0 ok=""
	while IFS= read -r host; do
		n=$((n + 1))
		if collect_one "$n" "$host" "$cmd"; then
			ok="$ok $n"
		fi
	done <"$tmp/hosts"
	# shellcheck disable=SC2086 # numbers
	[ -z "$ok" ] || merge_all $ok
	exit $failed
}

main "$@"
