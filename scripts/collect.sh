#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# collect.sh - run the fleet playbook (scripts/fleet/collect.yml) and say
# on stderr, one line each, which hosts it did not collect.
#
# The playbook does the work: each host of the inventory runs "pasid-scan
# scan --record" (its own pasid-scan, or one copied there), the
# recordings come back into FLEET.records/, and one "pasid-scan replay"
# stores them in FLEET.db.  Ansible's output, its summary included, goes
# to stdout as ansible-playbook prints it; then what replay said; then,
# on stderr, "collect: HOST: why" for each host not collected and for
# each note of a scan that worked.  This script adds nothing else, so
# that running ansible-playbook on the playbook is the same collection.
#
# Usage: collect.sh [-o FLEET.db] [ANSIBLE_PLAYBOOK_OPTION...]
#                   [-- SCAN_OPTION...]
#   -o FLEET.db   the fleet store (default $PASID_SCAN_DB, else
#                 ./pasid-scan.db); the recordings go to FLEET.records/
#   ANSIBLE_PLAYBOOK_OPTION  passed to ansible-playbook as given: -i
#                 INVENTORY, -l LIMIT, -u USER, -b, -f FORKS, -e VAR=VALUE
#                 (the variables are in scripts/fleet/roles/
#                 pasid_scan_collect/defaults/main.yml)
#   SCAN_OPTION   passed to each host's scan: -s, -d, --require-full,
#                 --probe=...
# PASID_SCAN names the control machine's pasid-scan, the one copied to
# hosts without one (default: build/pasid-scan of this tree).
# Exit status: 0 every host collected, 1 a host, the store or
# ansible-playbook failed, 2 usage error.
#
# Example: root on the hosts of the file lab-hosts, Intel functions only:
#   scripts/collect.sh -o fleet.db -i lab-hosts -u root -- -d 8086:
set -u

prog=collect
here=$(cd "$(dirname "$0")" && pwd)
playbook=$here/fleet/collect.yml
report=""

usage() {
	cat <<'EOF'
Usage: collect.sh [-o FLEET.db] [ANSIBLE_PLAYBOOK_OPTION...] [-- SCAN_OPTION...]
Runs scripts/fleet/collect.yml: every host of the inventory records a
"pasid-scan scan [SCAN_OPTION...]", and one "pasid-scan replay" stores
the recordings in FLEET.db (default $PASID_SCAN_DB, else ./pasid-scan.db),
kept in FLEET.records/.  A host collected before is not scanned again
(-e pasid_scan_rescan=true does).  ANSIBLE_PLAYBOOK_OPTIONs (-i, -l, -u,
-b, -f, -e ...) go to ansible-playbook.  "collect: HOST: why" on stderr
for each host not collected.  PASID_SCAN: the control machine's binary.
Exit status: 0 ok, 1 a host, the store or ansible-playbook failed,
2 usage error.
EOF
}

# one line, as pasid-scan says a usage error
bad_usage() {
	echo "$prog: $*; see 'collect.sh --help'" >&2
	exit 2
}

# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
	[ -z "$report" ] || rm -rf "$report"
}

# extra_vars NAME=VALUE... -- WORD...: one JSON object for -e: each NAME
# a string, and pasid_scan_args the list of WORDs when there are any
extra_vars() {
	python3 -c '
import json, sys
a = sys.argv[1:]
cut = a.index("--")
v = dict(kv.split("=", 1) for kv in a[:cut])
if a[cut + 1:]:
    v["pasid_scan_args"] = a[cut + 1:]
print(json.dumps(v))' "$@"
}

main() {
	local db="" rc
	local -a ansible_args=() scan_args=() vars=()

	while [ $# -gt 0 ]; do
		case $1 in
		-h | --help)
			usage
			exit 0
			;;
		-o)
			[ $# -ge 2 ] || bad_usage "option -o needs an argument"
			[ -n "$2" ] || bad_usage "option -o: empty store name"
			db=$2
			shift 2
			;;
		--)
			shift
			scan_args=("$@")
			break
			;;
		*)
			ansible_args+=("$1")
			shift
			;;
		esac
	done
	for t in ansible-playbook python3; do
		if ! command -v $t >/dev/null; then
			echo "$prog: $t: not found (package ansible-core)" >&2
			exit 1
		fi
	done

	trap cleanup EXIT
	trap 'exit 1' HUP INT TERM
	report=$(mktemp -d "${TMPDIR:-/tmp}/pasid-collect.XXXXXX") || exit 1
	vars=("pasid_scan_report=$report")
	[ -z "$db" ] || vars+=("pasid_scan_db=$db")

	ansible-playbook "${ansible_args[@]}" \
		-e "$(extra_vars "${vars[@]}" -- "${scan_args[@]}")" "$playbook"
	rc=$?
	[ ! -s "$report/stdout" ] || cat "$report/stdout"
	if [ -e "$report/stderr" ]; then
		cat "$report/stderr" >&2
	elif [ $rc -ne 0 ]; then
		# it stopped before its report: its own output says why
		echo "$prog: ansible-playbook failed (exit $rc) before its report; its output says why" >&2
	fi
	[ $rc -eq 0 ] || exit 1
}

main "$@"
