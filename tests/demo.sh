#!/bin/bash
# make demo's job (scripts/demo.sh): it runs whole, stays under 100
# lines, and shows the case it is for - the modelled function whose
# register at 0xffc QEMU's default would cover, its other offset and
# the C row gen writes for it - and the options for a lab function.
# Env: PASID_SCAN (the binary), SYNTH (the synthetic fixtures).
set -u
PS=${PASID_SCAN:?}
SYN=${SYNTH:?}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/lib.sh

if [ ! -f "$SYN/register-at-ffc.txt" ]; then
	sk demo "no synthetic fixtures in $SYN (make fixtures)"
	finish demo
	exit
fi
if expect_rc "demo runs" 0 scripts/demo.sh "$PS" "$T/demo" "$SYN"; then
	n=$(wc -l <"$T/out")
	[ "$n" -lt 100 ] && ok "demo: $n lines (under 100)" || ko "demo length" "$n lines"
	[ ! -s "$T/err" ] && ok "demo: nothing on stderr" || ko "demo stderr" "$(head -c 300 "$T/err")"
	for want in '^    \{ 0xeeee, 0x0ffc, false, 0xff0 \},$' \
		'vPASID at QEMU.s default 0xff8: QEMU takes it; it covers non-zero: NOT safe' \
		'^eeee:0ffc:fn other-offset vpasid=0xff0 ' \
		'^1b36:000c:fn not-assignable ' \
		'^-device vfio-pci,host=0000:01:00.1,iommufd=iommufd0,x-vpasid-cap-offset=0xff8$' \
		'^open file://.*/index.html in a browser$'; do
		grep -qE "$want" "$T/out" && ok "demo shows /$want/" ||
			ko "demo" "no line matching '$want'"
	done
fi
finish demo
