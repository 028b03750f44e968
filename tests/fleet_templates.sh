# The recordings tests/mkfleet.c builds fleets from, for scripts/bench.sh
# and tests/fleet.sh: the lab guest (an SR-IOV NVMe PF and its VFs, a
# q35 chipset), the CXL machine's dumps, and the modeled parts with
# hidden registers and orphan capabilities (tests/mkfixtures.c, written
# into $SYNTH, which the sourcing script sets).
FLEET_TEMPLATES="tests/fixtures/lab/root.rec tests/fixtures/qemu-lab/cxl
$SYNTH/be2net-hidden-regs.txt $SYNTH/x550-orphan-sriov.txt $SYNTH/register-at-ffc.txt"
