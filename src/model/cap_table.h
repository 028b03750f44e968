/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cap_table.h - what each capability ID is called and how big its
 * structure is: the IDs and register offsets from the specifications,
 * and the tables of cap_table.c.  Knows nothing of chains; caps.h walks
 * them with it.
 *
 * src/model/: one function's config space and what is made of it: the
 * snapshot, its capabilities, who owns each byte, what vfio-pci and
 * QEMU make of it, the verdict.
 */
#ifndef PASID_SCAN_CAP_TABLE_H
#define PASID_SCAN_CAP_TABLE_H

#include "cfg.h"

/* PCI Code and ID Assignment r1.16 sec 2 and sec 3 */
#define PCI_CAP_ID_PM		0x01
#define PCI_CAP_ID_AGP		0x02
#define PCI_CAP_ID_VPD		0x03
#define PCI_CAP_ID_SLOTID	0x04
#define PCI_CAP_ID_MSI		0x05
#define PCI_CAP_ID_CHSWP	0x06
#define PCI_CAP_ID_PCIX		0x07
#define PCI_CAP_ID_HT		0x08
#define PCI_CAP_ID_VNDR		0x09
#define PCI_CAP_ID_DBG		0x0a
#define PCI_CAP_ID_CCRC		0x0b
#define PCI_CAP_ID_SHPC		0x0c
#define PCI_CAP_ID_SSVID	0x0d
#define PCI_CAP_ID_AGP3		0x0e
#define PCI_CAP_ID_SECDEV	0x0f
#define PCI_CAP_ID_EXP		0x10
#define PCI_CAP_ID_MSIX		0x11
#define PCI_CAP_ID_SATA		0x12
#define PCI_CAP_ID_AF		0x13
#define PCI_CAP_ID_EA		0x14
#define PCI_CAP_ID_FPB		0x15
#define PCI_CAP_ID_MAX		PCI_CAP_ID_FPB

#define PCI_EXT_CAP_ID_NULL	0x00
#define PCI_EXT_CAP_ID_AER	0x01
#define PCI_EXT_CAP_ID_VC	0x02
#define PCI_EXT_CAP_ID_DSN	0x03
#define PCI_EXT_CAP_ID_PB	0x04
#define PCI_EXT_CAP_ID_RCLINK	0x05
#define PCI_EXT_CAP_ID_RCILINK	0x06
#define PCI_EXT_CAP_ID_RCEC	0x07
#define PCI_EXT_CAP_ID_MFVC	0x08
#define PCI_EXT_CAP_ID_VC9	0x09
#define PCI_EXT_CAP_ID_RCRB	0x0a
#define PCI_EXT_CAP_ID_VNDR	0x0b
#define PCI_EXT_CAP_ID_CAC	0x0c
#define PCI_EXT_CAP_ID_ACS	0x0d
#define PCI_EXT_CAP_ID_ARI	0x0e
#define PCI_EXT_CAP_ID_ATS	0x0f
#define PCI_EXT_CAP_ID_SRIOV	0x10
#define PCI_EXT_CAP_ID_MRIOV	0x11
#define PCI_EXT_CAP_ID_MCAST	0x12
#define PCI_EXT_CAP_ID_PRI	0x13
#define PCI_EXT_CAP_ID_AMD_XXX	0x14
#define PCI_EXT_CAP_ID_REBAR	0x15
#define PCI_EXT_CAP_ID_DPA	0x16
#define PCI_EXT_CAP_ID_TPH	0x17
#define PCI_EXT_CAP_ID_LTR	0x18
#define PCI_EXT_CAP_ID_SECPCI	0x19
#define PCI_EXT_CAP_ID_PMUX	0x1a
#define PCI_EXT_CAP_ID_PASID	0x1b
#define PCI_EXT_CAP_ID_LNR	0x1c
#define PCI_EXT_CAP_ID_DPC	0x1d
#define PCI_EXT_CAP_ID_L1PM	0x1e
#define PCI_EXT_CAP_ID_PTM	0x1f
#define PCI_EXT_CAP_ID_MPCIE	0x20
#define PCI_EXT_CAP_ID_FRS	0x21
#define PCI_EXT_CAP_ID_RTR	0x22
#define PCI_EXT_CAP_ID_DVSEC	0x23
#define PCI_EXT_CAP_ID_VF_REBAR	0x24
#define PCI_EXT_CAP_ID_DLNK	0x25
#define PCI_EXT_CAP_ID_16GT	0x26
#define PCI_EXT_CAP_ID_LMR	0x27
#define PCI_EXT_CAP_ID_HIER_ID	0x28
#define PCI_EXT_CAP_ID_NPEM	0x29
#define PCI_EXT_CAP_ID_32GT	0x2a
#define PCI_EXT_CAP_ID_ALT_PROT	0x2b
#define PCI_EXT_CAP_ID_SFI	0x2c
#define PCI_EXT_CAP_ID_SHADOW	0x2d
#define PCI_EXT_CAP_ID_DOE	0x2e
#define PCI_EXT_CAP_ID_DEV3	0x2f
#define PCI_EXT_CAP_ID_IDE	0x30
#define PCI_EXT_CAP_ID_64GT	0x31
#define PCI_EXT_CAP_ID_FLIT_LOG	0x32
#define PCI_EXT_CAP_ID_FLIT_PM	0x33
#define PCI_EXT_CAP_ID_FLIT_EI	0x34
#define PCI_EXT_CAP_ID_SVC	0x35
#define PCI_EXT_CAP_ID_MMIO_RBL	0x36
/* 0x37..0x3a are assigned, but no public source here confirms what
 * they are: they get no name and an unknown size (owning up to the next
 * capability), which is the safe reading. */
#define PCI_EXT_CAP_ID_MAX	0x3a

#define PCI_EXT_CAP_START	0x100
#define PCI_EXT_CAP_HDR(h_id, h_ver, h_next) \
	((uint32_t)(h_id) | (uint32_t)(h_ver) << 16 | (uint32_t)(h_next) << 20)
#define PCI_EXT_CAP_ID(h)	((h) & 0xffff)
#define PCI_EXT_CAP_VER(h)	(((h) >> 16) & 0xf)
#define PCI_EXT_CAP_NEXT(h)	(((h) >> 20) & 0xffc)

/* PCI Express capability (PCIe r6.0 sec 7.5.3) */
#define PCI_EXP_FLAGS		0x02
#define  PCI_EXP_FLAGS_VERS	0x000f
#define  PCI_EXP_FLAGS_TYPE	0x00f0
#define PCI_EXP_LNKCAP		0x0c
#define  PCI_EXP_LNKCAP_MLW	0x000003f0
#define PCI_EXP_DEVCAP2		0x24
#define  PCI_EXP_DEVCAP2_EE_PREFIX 0x00200000
#define PCI_EXP_TYPE_ENDPOINT	0x0
#define PCI_EXP_TYPE_LEG_END	0x1
#define PCI_EXP_TYPE_ROOT_PORT	0x4
#define PCI_EXP_TYPE_UPSTREAM	0x5
#define PCI_EXP_TYPE_DOWNSTREAM	0x6
#define PCI_EXP_TYPE_PCI_BRIDGE	0x7
#define PCI_EXP_TYPE_PCIE_BRIDGE 0x8
#define PCI_EXP_TYPE_RC_END	0x9
#define PCI_EXP_TYPE_RC_EC	0xa

/* PCI-X capability (PCI-X 2.0a sec 7.2) */
#define PCI_X_CMD		0x02
#define  PCI_X_CMD_VERSION(x)	(((x) >> 12) & 3)
#define PCI_X_STATUS		0x04
#define  PCI_X_STATUS_266MHZ	0x40000000
#define  PCI_X_STATUS_533MHZ	0x80000000

/* SR-IOV capability (PCIe r6.0 sec 9.3.3) */
#define PCI_SRIOV_CTRL		0x08
#define  PCI_SRIOV_CTRL_VFE	0x0001
#define PCI_SRIOV_TOTAL_VF	0x0e
#define PCI_SRIOV_NUM_VF	0x10
#define PCI_SRIOV_VF_OFFSET	0x14
#define PCI_SRIOV_VF_STRIDE	0x16
#define PCI_SRIOV_VF_DID	0x1a

/* What the PCIe capability says about the function, for size rules. */
struct pcie_info {
	bool present;
	uint8_t version;
	uint8_t type;
	uint8_t link_width;	/* 0 when unknown */
	bool ee_prefix;		/* End-End TLP Prefix supported (DevCap2) */
	bool pcix_mode2;	/* PCI-X 266/533 capable: 4 KiB config too */
};

/* How big is the structure at off?  0 = cannot tell from the bytes. */
typedef unsigned int (*cap_size_fn)(const struct cfg_snapshot *s,
				     const struct pcie_info *pi,
				     unsigned int off);

struct cap_type {
	const char *name;	/* as lspci -vvv prints it */
	uint16_t fixed;		/* fixed size, or 0 */
	cap_size_fn size;	/* structure-dependent size, or NULL */
};

const struct cap_type *cap_type_std(unsigned int id);
const struct cap_type *cap_type_ext(unsigned int id);
/* Size from the table and the bytes; 0 if unknown. */
unsigned int cap_size(const struct cfg_snapshot *s, const struct pcie_info *pi,
		      bool ext, unsigned int id, unsigned int off);

#endif
