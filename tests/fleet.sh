#!/bin/bash
# The benchmark's fleets (tests/mkfleet.c) are what they claim to be: the
# same arguments write the same bytes; the dump and the sysfs tree hold
# the same functions, as lspci and pasid-scan both read them; every PF's
# NumVFs says how many VFs follow it, 64 to 256 (the last PF may be cut
# short), each VF at the routing ID its PF's SR-IOV registers give; and
# a replayed fleet folds into the same tables as the tree scanned live.
# Env: PASID_SCAN (the binary), SYNTH (the synthetic fixtures).
set -u
PS=${PASID_SCAN:?}
SYNTH=${SYNTH:?}
MKFLEET=$(dirname "$PS")/tests/mkfleet
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/lib.sh

N=700
. tests/fleet_templates.sh

# shellcheck disable=SC2086
mk() { "$MKFLEET" "$@" $FLEET_TEMPLATES 2>>"$T/mkfleet.err"; }

if mk --dump "$T/a.txt" --sysfs "$T/tree" $N && mk --dump "$T/b.txt" $N &&
	mk --seed 7 --dump "$T/c.txt" $N; then
	ok "mkfleet: writes a dump and a tree of $N functions"
else
	ko mkfleet "$(cat "$T/mkfleet.err")"
	finish fleet
	exit
fi

if cmp -s "$T/a.txt" "$T/b.txt" && ! cmp -s "$T/a.txt" "$T/c.txt"; then
	ok "deterministic: the same seed, the same bytes; another seed, other VF counts"
else ko deterministic "seed 1 twice differs, or seed 7 gives the same dump"; fi

headers=$(grep -cE '^[0-9a-f]{4,8}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7] ' "$T/a.txt")
dirs=$(find "$T/tree/devices" -mindepth 1 -maxdepth 1 -type d | wc -l)
if [ "$headers" = $N ] && [ "$dirs" = $N ]; then ok "count: $N functions in the dump, $N in the tree"
else ko count "dump $headers, tree $dirs, wanted $N"; fi

# lspci reads the same bytes from both; only a VF's name differs (the
# dump has its config's ffff IDs, sysfs the real ones, as on a host).
lspci -F "$T/a.txt" -xxxx | grep -E '^[0-9a-f]{2,3}: ' >"$T/l.dump"
lspci -A linux-sysfs -O sysfs.path="$T/tree" -xxxx | grep -E '^[0-9a-f]{2,3}: ' >"$T/l.tree"
if [ -s "$T/l.dump" ] && cmp -s "$T/l.dump" "$T/l.tree" &&
	[ "$(wc -l <"$T/l.dump")" -ge $((N * 16)) ]; then
	ok "lspci: the dump and the tree decode to the same $(wc -l <"$T/l.dump") hex lines"
else ko lspci "hex lines differ, or too few: $(wc -l <"$T/l.dump") vs $(wc -l <"$T/l.tree")"; fi

# pasid-scan's analysis of both, but for where each was read from
strip() { grep -vE '^	(Source|Host):'; }
"$PS" show "$T/a.txt" | strip >"$T/s.dump"
expect_rc scan-tree 0 "$PS" scan --sysfs "$T/tree" --probe=none -q --record "$T/tree.rec" &&
	"$PS" show "$T/tree.rec" | strip >"$T/s.tree" &&
	if [ -s "$T/s.dump" ] && cmp -s "$T/s.dump" "$T/s.tree"; then
		ok "show: the dump replayed and the tree scanned give the same analysis"
	else ko show "$(diff "$T/s.dump" "$T/s.tree" | head -5)"; fi

# SR-IOV: NumVFs per PF against the VFs that name it, and their addresses
"$PS" show --format=json "$T/a.txt" >"$T/a.json"
bad=$(jq -r '
	[.functions[] | select(.kind == "vf") | .physfn] as $links |
	[.functions[] | select(.facts.sriov != null) |
	 . as $pf | ($links | map(select(. == $pf.bdf)) | length) as $n |
	 select($n != $pf.facts.sriov.numvfs or $n > 256) |
	 "\($pf.bdf): NumVFs \($pf.facts.sriov.numvfs), \($n) VFs"] | .[]' "$T/a.json")
pfs=$(jq '[.functions[] | select(.facts.sriov != null)] | length' "$T/a.json")
short=$(jq '[.functions[] | select(.facts.sriov != null and .facts.sriov.numvfs < 64)] | length' "$T/a.json")
if [ -z "$bad" ] && [ "$pfs" -ge 2 ] && [ "$short" -le 1 ]; then
	ok "sr-iov: $pfs PFs, each NumVFs the count of its VFs, 64-256 but for the last"
else ko sr-iov "$bad; $pfs PFs, $short under 64"; fi

# A VF sits at PF routing ID + First VF Offset + i * VF Stride (PCIe r6.0
# sec 9.3.3.10-11), which is how the dump's VFs were tied to their PFs.
rid() {	# dddd:bb:dd.f -> bus << 8 | dev << 3 | fn
	local a=${1#*:}
	echo $(((16#${a%%:*} << 8) | (16#${a:3:2} << 3) | ${a##*.}))
}
jq -r '.functions[] | select(.kind == "vf") | "\(.bdf) \(.physfn) \(.facts.vfindex)"' \
	"$T/a.json" >"$T/vfs"
misplaced=$(while read -r vf pf i; do
		[ $(($(rid "$vf") - $(rid "$pf"))) -eq $((1 + i)) ] || echo "$vf"
	done <"$T/vfs" | head -3)
if [ -z "$misplaced" ] && [ "$(wc -l <"$T/vfs")" -gt 500 ]; then
	ok "routing: all $(wc -l <"$T/vfs") VFs at their PF + offset 1 + vfindex (the NVMe PF's stride 1)"
else ko routing "VFs not where the PF says: $misplaced ($(wc -l <"$T/vfs") VFs)"; fi

# A host of a fleet of stores: its host line, and another firmware of its
# SR-IOV devices: the same functions and keys, the PFs' and VFs' revision
# one on, nothing else changed.
if mk --host lab7 --firmware 1 --dump "$T/fw.txt" $N; then
	"$PS" show --format=json "$T/fw.txt" >"$T/fw.json"
	keys() { jq -r '.functions[] | "\(.bdf) \(.vendor):\(.device):\(.kind)"' "$1"; }
	revs() { jq -r '.functions[] | select(.kind != "fn") | .revision' "$1" | sort -u; }
	if [ "$(head -1 "$T/fw.txt" | grep -c '^# pasid-scan: host hostname=lab7 ')" = 1 ] &&
		[ -n "$(revs "$T/a.json")" ] &&
		[ "$(keys "$T/a.json")" = "$(keys "$T/fw.json")" ] &&
		[ "$(revs "$T/fw.json")" = "$(revs "$T/a.json" | while read -r r; do echo $((r + 1)); done)" ] &&
		[ "$(jq -r '[.functions[] | select(.kind == "fn") | .revision] | join(",")' "$T/fw.json")" = \
		  "$(jq -r '[.functions[] | select(.kind == "fn") | .revision] | join(",")' "$T/a.json")" ]
	then ok "mkfleet --host --firmware: the host line, the same keys, the SR-IOV revisions one on"
	else ko "mkfleet --firmware" "$(head -1 "$T/fw.txt"); revisions $(revs "$T/a.json" | tr '\n' ' ') -> $(revs "$T/fw.json" | tr '\n' ' ')"; fi
else
	ko "mkfleet --firmware" "$(cat "$T/mkfleet.err")"
fi

# the tables: a replayed fleet and the same fleet scanned live (the
# live scan names its host, the dump none)
expect_rc replay 0 "$PS" replay --db "$T/r.db" "$T/a.txt" &&
	expect_rc scan-db 0 "$PS" scan --sysfs "$T/tree" --probe=none -q --db "$T/l.db" &&
	"$PS" gen --db "$T/r.db" --all --yaml "$T/r.yaml" 2>/dev/null &&
	"$PS" gen --db "$T/l.db" --all --yaml "$T/l.yaml" 2>/dev/null &&
	if diff <(grep -vE '^# |hosts:|dumps-without-host:' "$T/r.yaml") \
		<(grep -vE '^# |hosts:|dumps-without-host:' "$T/l.yaml") >"$T/d" &&
		grep -q 'vendor: 0x1b36' "$T/r.yaml"; then
		ok "gen: the replayed fleet and the scanned tree give the same map"
	else ko gen "$(head -5 "$T/d")"; fi

# The live scan streams, a batch of functions at a time through a spill
# file (LIVE_BATCH, source_live.h: 256, so $N is a few batches and a
# pipeline of read-probe rounds): what it stores is what the replay of
# its own recording stores, row for row, and that replay into the same
# store finds the scan there already.
canon() {	# every stored row but the ids and where each was read from
	sqlite3 "$1" "
	SELECT digest, kernel, time, tool, n_functions FROM scans ORDER BY digest;
	SELECT f.seq, f.bdf, f.vendor, f.device, f.class, f.revision,
	       f.subvendor, f.subdevice, f.ids_from, f.kind, f.kind_from_sysfs,
	       f.physfn, p.bdf, sn.sha256, sn.volatile_mask IS NOT NULL,
	       a.class, a.ext_space, a.vpasid_offset, a.vpasid_reason,
	       a.qemu_default_ok, f.cfg_size, f.driver, f.iommu_group,
	       f.numa_node, f.vfindex, f.sriov_totalvfs, f.sriov_numvfs,
	       f.sriov_offset, f.sriov_stride, f.sriov_vf_device
	FROM functions f JOIN analyses a ON a.id = f.analysis_id
	JOIN snapshots sn ON sn.id = a.snapshot_id
	LEFT JOIN functions p ON p.id = f.pf_id ORDER BY f.seq;
	SELECT count(*) FROM snapshots; SELECT count(*) FROM analyses;
	SELECT count(*) FROM capabilities;"
}
expect_rc scan-streamed 0 "$PS" scan --sysfs "$T/tree" -q --db "$T/s.db" --record "$T/s.rec" &&
	expect_rc replay-of-scan 0 "$PS" replay -q --db "$T/rs.db" "$T/s.rec" &&
	canon "$T/s.db" >"$T/s.rows" && canon "$T/rs.db" >"$T/rs.rows" &&
	if [ "$(grep -c "|0000:" "$T/s.rows")" = $N ] && cmp -s "$T/s.rows" "$T/rs.rows"; then
		ok "streamed scan: the $N functions stored as the replay of its recording stores them"
	else ko "streamed scan" "$(diff "$T/s.rows" "$T/rs.rows" | head -4; grep -c "|0000:" "$T/s.rows") rows"; fi
expect_out "streamed scan: its replay is stored already" 0 "stored before; nothing added" \
	"$PS" replay --db "$T/s.db" "$T/s.rec"

finish fleet
