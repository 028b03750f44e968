// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cap_table.c - what each capability ID is called and how many bytes
 * its structure occupies.
 *
 * The shape follows the kernel's drivers/vfio/pci/vfio_pci_config.c:
 * one table indexed by ID with a fixed size, and a function only where
 * the size depends on the structure.  Unlike vfio (which sizes what it
 * virtualises), a size of 0 here means "unknown": such a capability owns
 * everything up to the next one (caps.c), never zero bytes.
 *
 * Register offsets and sizes are from the PCIe Base Spec r6.0 (sections
 * cited per function) and PCI Local Bus r3.0 / PCI PM r1.2 / PCI-X 2.0a
 * for the conventional ones.
 *
 * src/model/: one function's config space and what is made of it: the
 * snapshot, its capabilities, who owns each byte, what vfio-pci and
 * QEMU make of it, the verdict.
 */
#include <stddef.h>

#include "cap_table.h"

#define ALIGN4(x)	(((x) + 3u) & ~3u)

/* ---- standard capabilities ------------------------------------------ */

/* MSI: 10 bytes, +4 for 64-bit addresses, +10 for per-vector masking
 * (PCI Local Bus r3.0 sec 6.8.1; vfio_cap_len() computes the same). */
#define PCI_MSI_FLAGS		0x02
#define  PCI_MSI_FLAGS_64BIT	0x0080
#define  PCI_MSI_FLAGS_MASKBIT	0x0100

static unsigned int size_msi(const struct cfg_snapshot *s,
			     const struct pcie_info *pi, unsigned int off)
{
	uint16_t flags = cfg_le16(s, off + PCI_MSI_FLAGS);
	unsigned int len = 10;

	(void)pi;
	if (flags & PCI_MSI_FLAGS_64BIT)
		len += 4;
	if (flags & PCI_MSI_FLAGS_MASKBIT)
		len += 10;
	return ALIGN4(len);
}

/* PCI-X: bridges 16 bytes (PCI-X 2.0a sec 8.6), devices 8 bytes, or 24
 * with the version-2 ECC registers (PCI_CAP_PCIX_SIZEOF_V0/V2). */
static unsigned int size_pcix(const struct cfg_snapshot *s,
			      const struct pcie_info *pi, unsigned int off)
{
	(void)pi;
	if (cfg_header_type(s) == PCI_HEADER_TYPE_BRIDGE)
		return 16;
	return PCI_X_CMD_VERSION(cfg_le16(s, off + PCI_X_CMD)) ? 24 : 8;
}

/*
 * HyperTransport (HT I/O Link 3.10 sec 7): the block type is command
 * bits 15:13 for the two interface blocks, bits 15:11 otherwise; sizes
 * as pciutils' lib/header.h PCI_HT_*_SIZEOF.  Address mapping (40-bit)
 * adds 8 bytes per DMA window (command bits 3:0).
 */
#define PCI_HT_CMD		0x02

static const uint8_t ht_sizes[32] = {
	[0x00] = 28, [0x01] = 28, [0x02] = 28, [0x03] = 28,	/* slave */
	[0x04] = 24, [0x05] = 24, [0x06] = 24, [0x07] = 24,	/* host */
	[0x08] = 24,	/* switch */
	[0x10] = 8,	/* interrupt discovery */
	[0x11] = 4,	/* revision ID */
	[0x12] = 12,	/* UnitID clumping */
	[0x13] = 12,	/* extended config space access */
	[0x15] = 12,	/* MSI mapping */
	[0x16] = 12,	/* DirectRoute */
	[0x17] = 16,	/* VCSet */
	[0x18] = 12,	/* retry mode */
};

static unsigned int size_ht(const struct cfg_snapshot *s,
			    const struct pcie_info *pi, unsigned int off)
{
	uint16_t cmd = cfg_le16(s, off + PCI_HT_CMD);
	unsigned int type = cmd >> 11;

	(void)pi;
	if (type == 0x14)	/* address mapping: 40-bit or 64-bit */
		return cmd & 0x0600 ? 16 : 12 + 8 * (cmd & 0xf);
	return ht_sizes[type];
}

/* Vendor-specific: length in byte 2 (PCI Local Bus r3.0 sec 6.7). */
static unsigned int size_vndr(const struct cfg_snapshot *s,
			      const struct pcie_info *pi, unsigned int off)
{
	uint8_t len = cfg_u8(s, off + 2);

	(void)pi;
	return len >= 3 ? ALIGN4(len) : 0;
}

/* PCI Express: v1 ends after the registers its type has; v2 is
 * 0x3c long, or 0x2c for an RCiEP, which has no link or slot
 * (PCIe r6.0 sec 7.5.3; pci_regs.h PCI_CAP_EXP_*_SIZEOF_*). */
static unsigned int size_exp(const struct cfg_snapshot *s,
			     const struct pcie_info *pi, unsigned int off)
{
	uint16_t flags = cfg_le16(s, off + PCI_EXP_FLAGS);
	unsigned int type = (flags & PCI_EXP_FLAGS_TYPE) >> 4;

	(void)pi;
	if ((flags & PCI_EXP_FLAGS_VERS) > 1)
		return type == PCI_EXP_TYPE_RC_END ? 0x2c : 0x3c;
	switch (type) {
	case PCI_EXP_TYPE_RC_END:
		return 0x0c;
	case PCI_EXP_TYPE_ROOT_PORT:
	case PCI_EXP_TYPE_RC_EC:
		return 0x24;	/* root control/capabilities/status */
	case PCI_EXP_TYPE_DOWNSTREAM:
	case PCI_EXP_TYPE_PCIE_BRIDGE:
		return 0x1c;	/* slot registers */
	default:
		return 0x14;
	}
}

/* SATA: 8 bytes, 16 when the index/data pair is inline (SATA AHCI 1.3.1
 * sec 2.4; vfio_cap_len()). */
static unsigned int size_sata(const struct cfg_snapshot *s,
			      const struct pcie_info *pi, unsigned int off)
{
	(void)pi;
	return (cfg_u8(s, off + 4) & 0xf) == 0xf ? 16 : 8;
}

/* Enhanced Allocation (PCIe r6.0 sec 7.8.5): a 4-byte header (8 for a
 * type-1 function), then entries of 4 + 4 * EntrySize bytes. */
static unsigned int size_ea(const struct cfg_snapshot *s,
			    const struct pcie_info *pi, unsigned int off)
{
	unsigned int n = cfg_u8(s, off + 2) & 0x3f;
	unsigned int pos = off + 4;
	unsigned int i;

	(void)pi;
	if (cfg_header_type(s) == PCI_HEADER_TYPE_BRIDGE)
		pos += 4;
	for (i = 0; i < n; i++) {
		if (!cfg_known(s, pos, 4) || pos >= CFG_LEGACY_SIZE)
			return 0;
		pos += 4 + 4 * (cfg_le32(s, pos) & 7);
	}
	return pos - off;
}

/* Designated initializers: one glance answers "how big is capability X". */
static const struct cap_type std_caps[PCI_CAP_ID_MAX + 1] = {
	[0x00]			= { "Null", 4, NULL },
	[PCI_CAP_ID_PM]		= { "Power Management", 8, NULL },
	[PCI_CAP_ID_AGP]	= { "AGP", 12, NULL },
	[PCI_CAP_ID_VPD]	= { "Vital Product Data", 8, NULL },
	[PCI_CAP_ID_SLOTID]	= { "Slot ID", 4, NULL },
	[PCI_CAP_ID_MSI]	= { "MSI", 0, size_msi },
	[PCI_CAP_ID_CHSWP]	= { "CompactPCI hot-swap", 4, NULL },
	[PCI_CAP_ID_PCIX]	= { "PCI-X", 0, size_pcix },
	[PCI_CAP_ID_HT]		= { "HyperTransport", 0, size_ht },
	[PCI_CAP_ID_VNDR]	= { "Vendor Specific Information", 0, size_vndr },
	[PCI_CAP_ID_DBG]	= { "Debug port", 4, NULL },
	[PCI_CAP_ID_CCRC]	= { "CompactPCI central resource control", 0, NULL },
	[PCI_CAP_ID_SHPC]	= { "Hot-plug capable", 8, NULL },
	[PCI_CAP_ID_SSVID]	= { "Subsystem", 8, NULL },
	[PCI_CAP_ID_AGP3]	= { "AGP3", 0, NULL },
	[PCI_CAP_ID_SECDEV]	= { "Secure device", 0, NULL },
	[PCI_CAP_ID_EXP]	= { "Express", 0, size_exp },
	[PCI_CAP_ID_MSIX]	= { "MSI-X", 12, NULL },
	[PCI_CAP_ID_SATA]	= { "SATA HBA", 0, size_sata },
	[PCI_CAP_ID_AF]		= { "PCI Advanced Features", 8, NULL },
	[PCI_CAP_ID_EA]		= { "Enhanced Allocation (EA)", 0, size_ea },
	[PCI_CAP_ID_FPB]	= { "Flattening Portal Bridge", 0x24, NULL },
};

/* ---- extended capabilities ------------------------------------------ */

static bool is_root_or_rcec(const struct pcie_info *pi)
{
	return pi->present && (pi->type == PCI_EXP_TYPE_ROOT_PORT ||
			       pi->type == PCI_EXP_TYPE_RC_EC);
}

/* AER (PCIe r6.0 sec 7.8.4): 0x2c; root ports and RCECs add the root
 * error registers (to 0x38); the TLP Prefix Log (to 0x48) is there when
 * the function supports End-End TLP Prefixes (DevCap2 bit 21). */
static unsigned int size_aer(const struct cfg_snapshot *s,
			     const struct pcie_info *pi, unsigned int off)
{
	(void)s;
	(void)off;
	if (pi->ee_prefix)
		return 0x48;
	return is_root_or_rcec(pi) ? 0x38 : 0x2c;
}

/*
 * VC and MFVC (PCIe r6.0 sec 7.9.1, 7.9.2): 0x10 bytes, 12 more per VC
 * resource (ExtVCCount + 1 of them), and arbitration tables wherever
 * their offset fields (in units of 16 bytes) put them.  Phases are 4-bit
 * entries for the VC table; port tables have 1 << PortArbTblEntrySize
 * bits per phase.
 */
#define PCI_VC_PORT_CAP1	0x04
#define PCI_VC_PORT_CAP2	0x08
#define PCI_VC_RES_CAP		0x10
#define PCI_VC_RES_SIZEOF	0x0c

static unsigned int arb_phases(uint32_t caps, bool port)
{
	if (port && (caps & 0x20))
		return 256;
	if (caps & 0x18)	/* WRR128 or time-based WRR128 */
		return 128;
	if (caps & 0x04)
		return 64;
	if (caps & 0x02)
		return 32;
	return 0;
}

static unsigned int size_vc(const struct cfg_snapshot *s,
			    const struct pcie_info *pi, unsigned int off)
{
	uint32_t cap1 = cfg_le32(s, off + PCI_VC_PORT_CAP1);
	uint32_t cap2 = cfg_le32(s, off + PCI_VC_PORT_CAP2);
	unsigned int nvc = (cap1 & 7) + 1;
	unsigned int entry_bits = 1u << ((cap1 >> 10) & 3);
	unsigned int len = 0x10 + nvc * PCI_VC_RES_SIZEOF;
	unsigned int i, end;

	(void)pi;
	if (cap2 >> 24) {
		end = (cap2 >> 24) * 16 + arb_phases(cap2, false) * 4 / 8;
		len = end > len ? end : len;
	}
	for (i = 0; i < nvc; i++) {
		uint32_t res = cfg_le32(s, off + PCI_VC_RES_CAP +
					i * PCI_VC_RES_SIZEOF);

		if (!(res >> 24))
			continue;
		end = (res >> 24) * 16 +
		      arb_phases(res, true) * entry_bits / 8;
		len = end > len ? end : len;
	}
	return ALIGN4(len);
}

/* RC Link Declaration (PCIe r6.0 sec 7.9.8): 0x10 + 16 per link entry,
 * the count in bits 15:8 of the Element Self Description. */
static unsigned int size_rclink(const struct cfg_snapshot *s,
				const struct pcie_info *pi, unsigned int off)
{
	(void)pi;
	return 0x10 + 16 * ((cfg_le32(s, off + 4) >> 8) & 0xff);
}

/* RCEC Endpoint Association (PCIe r6.0 sec 7.9.10): v2 adds the bus
 * number range at +8. */
static unsigned int size_rcec(const struct cfg_snapshot *s,
			      const struct pcie_info *pi, unsigned int off)
{
	(void)pi;
	return PCI_EXT_CAP_VER(cfg_le32(s, off)) >= 2 ? 12 : 8;
}

/* VSEC and DVSEC: length in bits 31:20 of the dword at +4 (PCIe r6.0
 * sec 7.9.5, 7.9.6); it includes the headers, so less than they take is
 * not a length. */
static unsigned int size_vsec(const struct cfg_snapshot *s,
			      const struct pcie_info *pi, unsigned int off)
{
	unsigned int len = cfg_le32(s, off + 4) >> 20;

	(void)pi;
	return len >= 8 ? ALIGN4(len) : 0;
}

static unsigned int size_dvsec(const struct cfg_snapshot *s,
			       const struct pcie_info *pi, unsigned int off)
{
	unsigned int len = cfg_le32(s, off + 4) >> 20;

	(void)pi;
	return len >= 10 ? ALIGN4(len) : 0;
}

/* ACS (PCIe r6.0 sec 7.7.11): 8 bytes, plus the Egress Control Vector
 * when ACS P2P Egress Control is implemented (bit 5); its size field is
 * in bits, 0 meaning 256 (vfio_ext_cap_len() rounds it the same way). */
static unsigned int size_acs(const struct cfg_snapshot *s,
			     const struct pcie_info *pi, unsigned int off)
{
	uint16_t cap = cfg_le16(s, off + 4);
	unsigned int bits;

	(void)pi;
	if (!(cap & 0x20))
		return 8;
	bits = cap >> 8;
	bits = bits ? (bits + 31) / 32 * 32 : 256;
	return 8 + bits / 8;
}

/* Multicast (PCIe r6.0 sec 7.9.11): the overlay BAR at 0x28 exists only
 * on switch and root ports. */
static unsigned int size_mcast(const struct cfg_snapshot *s,
			       const struct pcie_info *pi, unsigned int off)
{
	(void)s;
	(void)off;
	if (pi->present && (pi->type == PCI_EXP_TYPE_ROOT_PORT ||
			    pi->type == PCI_EXP_TYPE_UPSTREAM ||
			    pi->type == PCI_EXP_TYPE_DOWNSTREAM))
		return 0x30;
	return 0x28;
}

/* Resizable BAR and VF Resizable BAR (PCIe r6.0 sec 7.8.6, 9.3.7.5):
 * 4 + 8 per BAR, the count (1..6) in bits 7:5 of the first control. */
static unsigned int size_rebar(const struct cfg_snapshot *s,
			       const struct pcie_info *pi, unsigned int off)
{
	unsigned int n = (cfg_le32(s, off + 8) >> 5) & 7;

	(void)pi;
	return n >= 1 && n <= 6 ? 4 + 8 * n : 0;
}

/* DPA (PCIe r6.0 sec 7.9.12): 0x10 + one byte per substate. */
static unsigned int size_dpa(const struct cfg_snapshot *s,
			     const struct pcie_info *pi, unsigned int off)
{
	(void)pi;
	return ALIGN4(0x10 + (cfg_le32(s, off + 4) & 0x1f) + 1);
}

/* TPH Requester (PCIe r6.0 sec 7.9.13): 0x0c, plus the ST table of
 * 2-byte entries when it lives in the capability (location 01b). */
static unsigned int size_tph(const struct cfg_snapshot *s,
			     const struct pcie_info *pi, unsigned int off)
{
	uint32_t cap = cfg_le32(s, off + 4);

	(void)pi;
	if (((cap >> 9) & 3) != 1)
		return 0x0c;
	return ALIGN4(0x0c + 2 * (((cap >> 16) & 0x7ff) + 1));
}

/* Per-lane registers need the Maximum Link Width of the PCIe cap. */
static unsigned int lanes(const struct pcie_info *pi)
{
	return pi->link_width;
}

/* Secondary PCIe (PCIe r6.0 sec 7.7.3): 0x0c + a 16-bit lane
 * equalization control per lane. */
static unsigned int size_secpci(const struct cfg_snapshot *s,
				const struct pcie_info *pi, unsigned int off)
{
	(void)s;
	(void)off;
	return lanes(pi) ? ALIGN4(0x0c + 2 * lanes(pi)) : 0;
}

/* 16.0 and 32.0 GT/s Physical Layer (PCIe r6.0 sec 7.7.5, 7.7.6):
 * 0x20 + one lane equalization control byte per lane. */
static unsigned int size_phy_eq(const struct cfg_snapshot *s,
				const struct pcie_info *pi, unsigned int off)
{
	(void)s;
	(void)off;
	return lanes(pi) ? ALIGN4(0x20 + lanes(pi)) : 0;
}

/* 64.0 GT/s Physical Layer (PCIe r6.0 sec 7.7.7): 0x10 + one lane
 * equalization control byte per lane. */
static unsigned int size_phy64(const struct cfg_snapshot *s,
			       const struct pcie_info *pi, unsigned int off)
{
	(void)s;
	(void)off;
	return lanes(pi) ? ALIGN4(0x10 + lanes(pi)) : 0;
}

/* Lane Margining at the Receiver (PCIe r6.0 sec 7.7.7): 8 + a control
 * and status dword per lane. */
static unsigned int size_lmr(const struct cfg_snapshot *s,
			     const struct pcie_info *pi, unsigned int off)
{
	(void)s;
	(void)off;
	return lanes(pi) ? 8 + 4 * lanes(pi) : 0;
}

/* PMUX (PCIe r6.0 sec 7.9.14): 0x10 + a dword per protocol array entry
 * (count in bits 5:0 of the PMUX capability). */
static unsigned int size_pmux(const struct cfg_snapshot *s,
			      const struct pcie_info *pi, unsigned int off)
{
	(void)pi;
	return 0x10 + 4 * (cfg_le32(s, off + 4) & 0x3f);
}

/* DPC (PCIe r6.0 sec 7.9.14): 0x0c; with RP Extensions (cap bit 5) the
 * RP PIO registers follow and the log takes RP PIO Log Size dwords from
 * 0x20: bits 11:8, and bit 13 as its bit 4 (sec 7.9.14.2). */
static unsigned int size_dpc(const struct cfg_snapshot *s,
			     const struct pcie_info *pi, unsigned int off)
{
	uint16_t cap = cfg_le16(s, off + 4);
	unsigned int log;

	(void)pi;
	if (!(cap & 0x20))
		return 0x0c;
	log = ((cap >> 8) & 0xf) | ((cap >> 9) & 0x10);
	return 0x20 + 4 * (log < 4 ? 4 : log);
}

/*
 * IDE (PCIe r6.0 sec 7.9.26): header, capability, control (0x0c); a
 * Link IDE stream block (8 bytes) per supported TC when Link IDE is
 * supported; then per Selective IDE stream a 20-byte block plus 12 bytes
 * per address association block.
 */
static unsigned int size_ide(const struct cfg_snapshot *s,
			     const struct pcie_info *pi, unsigned int off)
{
	uint32_t cap = cfg_le32(s, off + 4);
	unsigned int pos = off + 0x0c;
	unsigned int i, nsel;

	(void)pi;
	/* Number of TCs Supported for Link IDE: bits 15:13 (sec 7.9.26.2) */
	if (cap & 1)
		pos += 8 * (((cap >> 13) & 7) + 1);
	nsel = cap & 2 ? ((cap >> 16) & 0xff) + 1 : 0;
	for (i = 0; i < nsel; i++) {
		if (!cfg_known(s, pos, 4))
			return 0;
		pos += 20 + 12 * (cfg_le32(s, pos) & 0xf);
		if (pos > CFG_SPACE_SIZE)
			return 0;
	}
	return pos - off;
}

static const struct cap_type ext_caps[PCI_EXT_CAP_ID_MAX + 1] = {
	[PCI_EXT_CAP_ID_NULL]	= { "Null", 4, NULL },
	[PCI_EXT_CAP_ID_AER]	= { "Advanced Error Reporting", 0, size_aer },
	[PCI_EXT_CAP_ID_VC]	= { "Virtual Channel", 0, size_vc },
	[PCI_EXT_CAP_ID_DSN]	= { "Device Serial Number", 12, NULL },
	[PCI_EXT_CAP_ID_PB]	= { "Power Budgeting", 16, NULL },
	[PCI_EXT_CAP_ID_RCLINK]	= { "Root Complex Link", 0, size_rclink },
	[PCI_EXT_CAP_ID_RCILINK] = { "Root Complex Internal Link", 12, NULL },
	[PCI_EXT_CAP_ID_RCEC]	= { "Root Complex Event Collector Endpoint Association", 0, size_rcec },
	[PCI_EXT_CAP_ID_MFVC]	= { "Multi-Function Virtual Channel", 0, size_vc },
	[PCI_EXT_CAP_ID_VC9]	= { "Virtual Channel", 0, size_vc },
	[PCI_EXT_CAP_ID_RCRB]	= { "Root Complex Register Block", 0x10, NULL },
	[PCI_EXT_CAP_ID_VNDR]	= { "Vendor Specific Information", 0, size_vsec },
	[PCI_EXT_CAP_ID_CAC]	= { "Configuration Access Correlation", 0, NULL },
	[PCI_EXT_CAP_ID_ACS]	= { "Access Control Services", 0, size_acs },
	[PCI_EXT_CAP_ID_ARI]	= { "Alternative Routing-ID Interpretation (ARI)", 8, NULL },
	[PCI_EXT_CAP_ID_ATS]	= { "Address Translation Service (ATS)", 8, NULL },
	[PCI_EXT_CAP_ID_SRIOV]	= { "Single Root I/O Virtualization (SR-IOV)", 0x40, NULL },
	[PCI_EXT_CAP_ID_MRIOV]	= { "Multi-Root I/O Virtualization", 0, NULL },
	[PCI_EXT_CAP_ID_MCAST]	= { "Multicast", 0, size_mcast },
	[PCI_EXT_CAP_ID_PRI]	= { "Page Request Interface (PRI)", 16, NULL },
	[PCI_EXT_CAP_ID_AMD_XXX] = { "Reserved for AMD", 0, NULL },
	[PCI_EXT_CAP_ID_REBAR]	= { "Physical Resizable BAR", 0, size_rebar },
	[PCI_EXT_CAP_ID_DPA]	= { "Dynamic Power Allocation", 0, size_dpa },
	[PCI_EXT_CAP_ID_TPH]	= { "Transaction Processing Hints", 0, size_tph },
	[PCI_EXT_CAP_ID_LTR]	= { "Latency Tolerance Reporting", 8, NULL },
	[PCI_EXT_CAP_ID_SECPCI]	= { "Secondary PCI Express", 0, size_secpci },
	[PCI_EXT_CAP_ID_PMUX]	= { "Protocol Multiplexing", 0, size_pmux },
	[PCI_EXT_CAP_ID_PASID]	= { "Process Address Space ID (PASID)", 8, NULL },
	[PCI_EXT_CAP_ID_LNR]	= { "LN Requester", 8, NULL },
	[PCI_EXT_CAP_ID_DPC]	= { "Downstream Port Containment", 0, size_dpc },
	[PCI_EXT_CAP_ID_L1PM]	= { "L1 PM Substates", 16, NULL },
	[PCI_EXT_CAP_ID_PTM]	= { "Precision Time Measurement", 12, NULL },
	[PCI_EXT_CAP_ID_MPCIE]	= { "PCI Express over M_PHY", 0, NULL },
	[PCI_EXT_CAP_ID_FRS]	= { "FRS Queueing", 16, NULL },
	[PCI_EXT_CAP_ID_RTR]	= { "Readiness Time Reporting", 12, NULL },
	[PCI_EXT_CAP_ID_DVSEC]	= { "Designated Vendor-Specific", 0, size_dvsec },
	[PCI_EXT_CAP_ID_VF_REBAR] = { "Virtual Resizable BAR", 0, size_rebar },
	[PCI_EXT_CAP_ID_DLNK]	= { "Data Link Feature", 12, NULL },
	[PCI_EXT_CAP_ID_16GT]	= { "Physical Layer 16.0 GT/s", 0, size_phy_eq },
	[PCI_EXT_CAP_ID_LMR]	= { "Lane Margining at the Receiver", 0, size_lmr },
	[PCI_EXT_CAP_ID_HIER_ID] = { "Hierarchy ID", 0x20, NULL },
	[PCI_EXT_CAP_ID_NPEM]	= { "Native PCIe Enclosure Management", 16, NULL },
	[PCI_EXT_CAP_ID_32GT]	= { "Physical Layer 32.0 GT/s", 0, size_phy_eq },
	[PCI_EXT_CAP_ID_ALT_PROT] = { "Alternate Protocol", 0x18, NULL },
	[PCI_EXT_CAP_ID_SFI]	= { "System Firmware Intermediary", 0x14, NULL },
	[PCI_EXT_CAP_ID_SHADOW]	= { "Shadow Functions", 0, NULL },
	[PCI_EXT_CAP_ID_DOE]	= { "Data Object Exchange", 0x18, NULL },
	[PCI_EXT_CAP_ID_DEV3]	= { "Device 3", 0x10, NULL },
	[PCI_EXT_CAP_ID_IDE]	= { "Integrity & Data Encryption", 0, size_ide },
	[PCI_EXT_CAP_ID_64GT]	= { "Physical Layer 64.0 GT/s", 0, size_phy64 },
	[PCI_EXT_CAP_ID_FLIT_LOG] = { "Flit Logging", 0x3c, NULL },
	[PCI_EXT_CAP_ID_FLIT_PM] = { "Flit Performance Measurement", 0x24, NULL },
	[PCI_EXT_CAP_ID_FLIT_EI] = { "Flit Error Injection", 0x24, NULL },
	[PCI_EXT_CAP_ID_SVC]	= { "Streamlined Virtual Channel", 0, NULL },
	[PCI_EXT_CAP_ID_MMIO_RBL] = { "MMIO Register Block Locator", 0, NULL },
};

const struct cap_type *cap_type_std(unsigned int id)
{
	if (id > PCI_CAP_ID_MAX || !std_caps[id].name)
		return NULL;
	return &std_caps[id];
}

const struct cap_type *cap_type_ext(unsigned int id)
{
	if (id > PCI_EXT_CAP_ID_MAX || !ext_caps[id].name)
		return NULL;
	return &ext_caps[id];
}

unsigned int cap_size(const struct cfg_snapshot *s, const struct pcie_info *pi,
		      bool ext, unsigned int id, unsigned int off)
{
	const struct cap_type *t = ext ? cap_type_ext(id) : cap_type_std(id);

	if (!t)
		return 0;
	if (t->fixed)
		return t->fixed;
	return t->size ? t->size(s, pi, off) : 0;
}
