#!/bin/sh
# Write the quirk files from the project's own recordings of real
# kernels: the lab guest's root scan (tests/fixtures/lab/root.rec) and
# the qemu-lab dumps (tests/fixtures/qemu-lab).  Left out on purpose:
# user.rec, a non-root scan whose 64-byte reads would make every key
# "unknown", and the synthetic fixtures, which model devices rather
# than record them.
# Usage: gen-quirks.sh PASID_SCAN OUTDIR
set -eu
[ $# = 2 ] || { echo "usage: gen-quirks.sh PASID_SCAN OUTDIR" >&2; exit 2; }
bin=$1
out=$2
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" replay --db "$tmp/quirks.db" "$here/tests/fixtures/lab/root.rec" \
	"$here/tests/fixtures/qemu-lab" >/dev/null
mkdir -p "$out"
"$bin" gen --db "$tmp/quirks.db" --kernel "$out/pasid_scan_vpasid.h" \
	--qemu "$out/vfio_vpasid_offsets.h" --yaml "$out/pasid-scan-map.yaml"
