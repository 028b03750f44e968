// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mkfixtures.c - write the synthetic dumps the tests and "make demo" use.
 *
 * These model what no device in this lab can give: parts that keep
 * registers or whole capability structures outside the linked chain.
 * Each model names the real device behaviour it stands for; the layouts
 * around that behaviour are plausible, not copied from a datasheet.
 * They sit in PCI domain 0001 so that they never collide with a recorded
 * machine.  Output is deterministic: the same program writes the same bytes.
 *
 * Usage: mkfixtures DIR
 */
#include <stdio.h>
#include <stdlib.h>

#include "cfgbuild.h"
#include "emit_record.h"

static void at(struct cfg_snapshot *s, const char *bdf)
{
	pci_addr_parse(bdf, &s->id.addr);
	s->id.has_addr = true;
}

/*
 * Intel X550 PF (8086:1563): a complete SR-IOV structure at 0x160 that
 * the ARI capability's next pointer skips (ARI 0x150 -> 0x1a0), so the
 * chain lspci and the kernel walk never reaches it.
 */
static void x550(struct cfg_snapshot *s)
{
	cb_init(s, 0x8086, 0x1563, 0x020000, CFG_SPACE_SIZE);
	at(s, "0001:03:00.0");
	cb_std_head(s, 0x40);
	cb_std(s, 0x40, PCI_CAP_ID_PM, 0x50);
	cb_w16(s, 0x42, 0x0003);
	cb_std(s, 0x50, PCI_CAP_ID_MSI, 0x70);
	cb_w16(s, 0x52, 0x0180);		/* 64-bit, maskable: 24 bytes */
	cb_std(s, 0x70, PCI_CAP_ID_MSIX, 0xa0);
	cb_w16(s, 0x72, 0x003f);
	cb_pcie(s, 0xa0, 0, 2, PCI_EXP_TYPE_ENDPOINT, 4);
	cb_w32(s, 0x100, PCI_EXT_CAP_HDR(PCI_EXT_CAP_ID_AER, 2, 0x140));
	cb_ext(s, 0x140, PCI_EXT_CAP_ID_DSN, 0x150);
	cb_w32(s, 0x144, 0x12345678);
	cb_ext(s, 0x150, PCI_EXT_CAP_ID_ARI, 0x1a0);
	cb_ext(s, 0x160, PCI_EXT_CAP_ID_SRIOV, 0x1a0);	/* unlinked */
	cb_w16(s, 0x160 + PCI_SRIOV_TOTAL_VF, 64);
	cb_w16(s, 0x160 + PCI_SRIOV_VF_OFFSET, 0x80);
	cb_w16(s, 0x160 + PCI_SRIOV_VF_STRIDE, 2);
	cb_w16(s, 0x160 + PCI_SRIOV_VF_DID, 0x1565);
	cb_ext(s, 0x1a0, PCI_EXT_CAP_ID_TPH, 0x1b0);
	cb_ext(s, 0x1b0, PCI_EXT_CAP_ID_ACS, 0);
	s->id.kind = FN_KIND_FN;
	cfg_ident_from_bytes(s);
}

/*
 * Intel QAT VF (8086:37c9): config reads ffff like every VF; an
 * unlinked PCIe capability at 0x50 besides the linked one.  Its IDs come
 * from the metadata line, as sysfs gives them on the host.
 */
static void qat_vf(struct cfg_snapshot *s)
{
	cb_init(s, 0xffff, 0xffff, 0x0b4000, CFG_SPACE_SIZE);
	at(s, "0001:3e:01.0");
	cb_std_head(s, 0x40);
	cb_std(s, 0x40, PCI_CAP_ID_MSIX, 0x90);
	cb_pcie(s, 0x50, 0, 2, PCI_EXP_TYPE_ENDPOINT, 0);	/* unlinked */
	cb_pcie(s, 0x90, 0, 2, PCI_EXP_TYPE_ENDPOINT, 0);
	cb_ext(s, 0x100, PCI_EXT_CAP_ID_ARI, 0);
	cfg_ident_from_bytes(s);
	s->id.vendor = 0x8086;
	s->id.device = 0x37c9;
	s->id.kind = FN_KIND_VF;
	s->id.has_physfn = true;
	pci_addr_parse("0001:3d:00.0", &s->id.physfn);
}

/*
 * Emulex be2net-style PF (10df:0720): registers the driver uses in the
 * gaps of the standard space, at 0x58, 0xa0-0xb4 and 0xfc.
 */
static void be2net(struct cfg_snapshot *s)
{
	cb_init(s, 0x10df, 0x0720, 0x020000, CFG_SPACE_SIZE);
	at(s, "0001:05:00.0");
	cb_std_head(s, 0x40);
	cb_std(s, 0x40, PCI_CAP_ID_PM, 0x60);
	cb_w16(s, 0x42, 0x0003);
	cb_pcie(s, 0x60, 0xc0, 2, PCI_EXP_TYPE_ENDPOINT, 8);
	cb_std(s, 0xc0, PCI_CAP_ID_MSIX, 0);
	cb_w32(s, 0x58, 0x00000101);
	cb_w32(s, 0xa0, 0xc0000000);
	cb_w32(s, 0xa8, 0x0000ffff);
	cb_w32(s, 0xb4, 0x00000020);
	cb_w32(s, 0xfc, 0x80000000);
	cb_ext(s, 0x100, PCI_EXT_CAP_ID_AER, 0x140);
	cb_ext(s, 0x140, PCI_EXT_CAP_ID_ARI, 0);
	cfg_ident_from_bytes(s);
}

/*
 * A made-up function (IDs eeee:0ffc) that keeps a register in the last dword of config
 * space: QEMU's default vPASID offset 0xff8 would cover it.
 */
static void reg_at_ffc(struct cfg_snapshot *s)
{
	cb_pcie_endpoint(s, 0xeeee, 0x0ffc);	/* no such vendor in pci.ids */
	at(s, "0001:06:00.0");
	cb_ext(s, 0x100, PCI_EXT_CAP_ID_AER, 0x150);
	cb_ext(s, 0x150, PCI_EXT_CAP_ID_ATS, 0);
	cb_w32(s, 0xffc, 0x00010001);
	cfg_ident_from_bytes(s);
}

/*
 * A made-up PCIe root port (eeee:0ff1) with a register in the last
 * dword, as the public record's Intel 8086:0045 root port keeps one
 * high in its extended space: QEMU's default would cover it, but
 * vfio-pci binds no bridge, so no table needs a row for it.
 */
static void bridge_reg_at_ffc(struct cfg_snapshot *s)
{
	cb_init(s, 0xeeee, 0x0ff1, 0x060400, CFG_SPACE_SIZE);
	cb_w8(s, PCI_HEADER_TYPE, PCI_HEADER_TYPE_BRIDGE);
	cb_std_head(s, 0x40);
	cb_pcie(s, 0x40, 0, 2, PCI_EXP_TYPE_ROOT_PORT, 16);
	at(s, "0001:00:1c.0");
	cb_ext(s, 0x100, PCI_EXT_CAP_ID_AER, 0);
	cb_w32(s, 0xffc, 0x00010001);
	cfg_ident_from_bytes(s);
}

/*
 * A made-up PCIe endpoint (eeee:0ff2) with 4 KiB of config space but no
 * extended capability, and a register at 0xffc: many real endpoints
 * (HD audio functions of GPUs, chipset functions) have the empty chain.
 * Its first extended dword reads 0, so QEMU adds no vPASID at all.
 */
static void pcie_no_ext_caps(struct cfg_snapshot *s)
{
	cb_pcie_endpoint(s, 0xeeee, 0x0ff2);
	at(s, "0001:07:00.0");
	cb_w32(s, 0xffc, 0x00010001);
	cfg_ident_from_bytes(s);
}

/*
 * A made-up SR-IOV PF (eeee:0ff3) whose chain starts with its PASID
 * capability, as PFs that offer PASID often place it: PASID at 0x100,
 * then ATS at 0x108 and SR-IOV at 0x110.  vfio-pci hides PASID and,
 * it being the head, keeps its header with the ID masked to 0; QEMU
 * drops that and SR-IOV, keeps ATS and synthesizes a vPASID.
 */
static void pasid_at_head(struct cfg_snapshot *s)
{
	cb_pcie_endpoint(s, 0xeeee, 0x0ff3);
	at(s, "0001:08:00.0");
	cb_ext(s, 0x100, PCI_EXT_CAP_ID_PASID, 0x108);
	cb_w16(s, 0x104, 0x1406);	/* width 20, exec, priv */
	cb_ext(s, 0x108, PCI_EXT_CAP_ID_ATS, 0x110);
	cb_ext(s, 0x110, PCI_EXT_CAP_ID_SRIOV, 0);
	cb_w16(s, 0x110 + PCI_SRIOV_TOTAL_VF, 8);
	s->id.kind = FN_KIND_PF;
	cfg_ident_from_bytes(s);
}

static int write_one(const char *dir, const char *name,
		     void (*build)(struct cfg_snapshot *))
{
	char path[512];
	struct cfg_snapshot *s = calloc(1, sizeof(*s));
	FILE *f;

	if (!s)
		return -1;
	build(s);
	snprintf(path, sizeof(path), "%s/%s.txt", dir, name);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		free(s);
		return -1;
	}
	fprintf(f, "# pasid-scan synthetic fixture (tests/mkfixtures.c: %s)\n",
		name);
	emit_record(f, s);
	free(s);
	return fclose(f);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: mkfixtures DIR\n");
		return 2;
	}
	if (write_one(argv[1], "x550-orphan-sriov", x550) ||
	    write_one(argv[1], "qat-vf-orphan-pcie", qat_vf) ||
	    write_one(argv[1], "be2net-hidden-regs", be2net) ||
	    write_one(argv[1], "register-at-ffc", reg_at_ffc) ||
	    write_one(argv[1], "bridge-register-at-ffc", bridge_reg_at_ffc) ||
	    write_one(argv[1], "pcie-no-ext-caps", pcie_no_ext_caps) ||
	    write_one(argv[1], "pasid-at-head", pasid_at_head))
		return 1;
	return 0;
}
