#!/bin/bash
# The main job on the bundled fixtures, in under 100 lines: scan the lab
# guest's sysfs tree (a real Linux 6.1 kernel in a QEMU q35 guest with an
# SR-IOV NVMe PF and its VFs) into a fresh store, add the lab recordings
# and the modelled devices of tests/mkfixtures.c, write the tables, and
# show the one case where QEMU's default vPASID offset is wrong: why, the
# C rows gen writes for it, and the options for a function of the lab.
# Then the HTML report.
#
# Usage: demo.sh PASID_SCAN OUTDIR SYNTH_DIR
set -euo pipefail
[ $# = 3 ] || { echo "usage: demo.sh PASID_SCAN OUTDIR SYNTH_DIR" >&2; exit 2; }
ps=$1 out=$2 synth=$3
fx=tests/fixtures
db=$out/demo.db
rm -rf "$out"
mkdir -p "$out"

step() { printf '\n== %s\n' "$*"; }

step "pasid-scan scan: the lab guest's functions and their verdicts (as QEMU 11 and vfio-pci treat each)"
"$ps" scan --sysfs "$fx/sysfs/lab" --db "$db"

step "pasid-scan replay: the lab recordings and the modelled devices, into the same store"
"$ps" replay --db "$db" "$fx/lab/root.rec" "$fx/qemu-lab" "$synth" | tail -n 1

step "pasid-scan gen: the C tables list the keys whose consumer must act"
"$ps" gen --db "$db" --kernel "$out/pasid_scan_vpasid.h" \
	--qemu "$out/vfio_vpasid_offsets.h" --yaml "$out/pasid-scan-map.yaml"
sed -n '/^ \* Listed:/,/^ \*\//p' "$out/vfio_vpasid_offsets.h"
sed -n '/^static const struct {/,/^};/p' "$out/vfio_vpasid_offsets.h"

step "Why: eeee:0ffc keeps a register at 0xffc (tests/mkfixtures.c); pasid-scan show --guest"
"$ps" show --guest "$synth/register-at-ffc.txt" | sed -n '/Extended capabilities/,/Passed through/p'

step "pasid-scan lookup: what the offset map gives a key"
"$ps" lookup --map "$out/pasid-scan-map.yaml" eeee:0ffc
"$ps" lookup --map "$out/pasid-scan-map.yaml" 1b36:0010
"$ps" lookup --map "$out/pasid-scan-map.yaml" 1b36:000c

step "pasid-scan qemu-args: the QEMU option for the lab's NVMe VF 01:00.1"
"$ps" qemu-args --db "$db" --sysfs "$fx/sysfs/lab" 01:00.1 | sed -n '1,3p'

step "pasid-scan report: every key of the store, with its map"
"$ps" report --db "$db" -o "$out/report"
echo "open file://$(cd "$out/report" && pwd)/index.html in a browser"
