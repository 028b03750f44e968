#!/bin/sh
# Write the quirk files from every recording of real hardware the
# project can reach: its own (the lab guest's root scan,
# tests/fixtures/lab/root.rec, and the qemu-lab dumps,
# tests/fixtures/qemu-lab) and, when ../shared is beside the tree, the
# public record there (../shared/corpus/public-dumps: real dumps from
# public sources; ../shared/corpus/pciutils-tests: pciutils' own test
# machines; ../shared/corpus/qemu-lab).  Left out on purpose: the
# synthetic fixtures, which model devices rather than record them.
# tests/fixtures/lab/user.rec, a non-root scan of the same guest, would
# add only what its 64-byte reads saw; it is left out as a scan that
# adds nothing a whole one does not.
#
# Usage: gen-quirks.sh [--without-shared] PASID_SCAN OUTDIR
# Prints which sources it read on stderr.  The files committed in
# quirks/ are made with ../shared present; --without-shared writes
# what a clone without it gives.
set -eu
shared=1
if [ "${1:-}" = --without-shared ]; then
	shared=0
	shift
fi
[ $# = 2 ] || { echo "usage: gen-quirks.sh [--without-shared] PASID_SCAN OUTDIR" >&2; exit 2; }
bin=$1
out=$2
here=$(cd "$(dirname "$0")/.." && pwd)
corpus=$here/../shared/corpus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

set -- "$here/tests/fixtures/lab/root.rec" "$here/tests/fixtures/qemu-lab"
what="the lab recordings"
if [ $shared = 1 ] && [ -d "$corpus/public-dumps" ] && [ -d "$corpus/pciutils-tests" ]; then
	# The dumps only: MANIFEST.tsv, README.md and sysfs.txt listings
	# are not dumps.
	find "$corpus/public-dumps" "$corpus/pciutils-tests" "$corpus/qemu-lab" \
		-type f ! -name '*.md' ! -name '*.tsv' ! -name sysfs.txt |
		LC_ALL=C sort >"$tmp/shared.list"
	while read -r f; do set -- "$@" "$f"; done <"$tmp/shared.list"
	what="$what and ../shared/corpus ($(wc -l <"$tmp/shared.list") files)"
fi
echo "gen-quirks: from $what" >&2
"$bin" replay -q --db "$tmp/quirks.db" "$@" >/dev/null
mkdir -p "$out"
"$bin" gen --db "$tmp/quirks.db" --kernel "$out/pasid_scan_vpasid.h" \
	--qemu "$out/vfio_vpasid_offsets.h" --yaml "$out/pasid-scan-map.yaml"
