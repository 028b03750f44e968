#!/bin/bash
# Boot the lab guest built by build-initramfs.sh under TCG on q35:
#	intel-iommu               so that functions get IOMMU groups
#	root port 00:04.0, bus 1: NVMe, SR-IOV PF with up to 4 VFs
#	root port 00:05.0, bus 2: virtio-rng with ATS and AER
#	root port 00:06.0, bus 3: e1000e
# The console goes to OUTDIR/serial.log, the command to OUTDIR/qemu-cmdline.
# Usage: run-guest.sh BUILDDIR OUTDIR
# LAB_TIMEOUT (seconds, default 120) bounds the run; LAB_APPEND adds to
# the kernel command line.  Exit status is qemu's (124 on timeout).
set -euo pipefail

b=${1:?usage: run-guest.sh BUILDDIR OUTDIR}
o=${2:?usage: run-guest.sh BUILDDIR OUTDIR}
mkdir -p "$o"

# QEMU 7.2 refuses NVMe SR-IOV unless the controller is in a subsystem,
# sriov_vq_flexible >= 2 * sriov_max_vfs, sriov_vi_flexible >= max_vfs,
# max_ioqpairs >= vq_flexible + 2 and msix_qsize >= vi_flexible + 1.
maxvfs=4
vqf=$((2 * maxvfs))
vif=$maxvfs

# The commas are QEMU's option syntax, not mistaken array separators.
# shellcheck disable=SC2054
args=(
	-nodefaults -no-user-config -machine q35,accel=tcg -m 512M -smp 1
	-display none -serial stdio -monitor none -no-reboot
	-kernel "$b/vmlinuz" -initrd "$b/initramfs.cpio.gz"
	-append "console=ttyS0 panic=-1 loglevel=4 intel_iommu=on ${LAB_APPEND:-}"
	# first, so that it is there before the devices it translates for
	-device intel-iommu,intremap=off
	-device pcie-root-port,id=rp0,chassis=1,slot=0,bus=pcie.0,addr=0x4
	-device nvme-subsys,id=subsys0,nqn=lab-subsys0
	-device "nvme,id=nvme0,serial=LABPF0,subsys=subsys0,bus=rp0,sriov_max_vfs=$maxvfs,sriov_vq_flexible=$vqf,sriov_vi_flexible=$vif,max_ioqpairs=$((vqf + 2)),msix_qsize=$((vif + 1))"
	-device pcie-root-port,id=rp1,chassis=2,slot=0,bus=pcie.0,addr=0x5
	-device virtio-rng-pci,bus=rp1,disable-legacy=on,ats=on,aer=on
	-device pcie-root-port,id=rp2,chassis=3,slot=0,bus=pcie.0,addr=0x6
	# no netdev behind it: QEMU warns "has no peer", which is harmless
	-device e1000e,bus=rp2,mac=52:54:00:12:34:56
)

printf '%q ' qemu-system-x86_64 "${args[@]}" >"$o/qemu-cmdline"
echo >>"$o/qemu-cmdline"
rc=0
timeout "${LAB_TIMEOUT:-120}" qemu-system-x86_64 "${args[@]}" \
	</dev/null >"$o/serial.log" 2>"$o/qemu.stderr" || rc=$?
exit $rc
