// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_caps.c - capability size rules (cap_table.c) and the chain
 * walker (caps.c).
 *
 * Size rules are called through cap_size() on one structure written at
 * a fixed offset, with a struct pcie_info filled by hand, so that every
 * branch is reached without building a whole function.  The walker tests
 * build whole config spaces with cfgbuild.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cfgbuild.h"

#define STD_AT	0x40
#define EXT_AT	0x100

static struct cfg_snapshot snap;
static struct pcie_info pi;
static struct cap_list cl;

static void fresh(void)
{
	cb_init(&snap, 0x8086, 0x1563, 0x020000, CFG_SPACE_SIZE);
	memset(&pi, 0, sizeof(pi));
}

static void set_port(unsigned int type)
{
	pi.present = true;
	pi.version = 2;
	pi.type = (uint8_t)type;
}

static unsigned int std_size(unsigned int id)
{
	return cap_size(&snap, &pi, false, id, STD_AT);
}

static unsigned int ext_size(unsigned int id)
{
	return cap_size(&snap, &pi, true, id, EXT_AT);
}

/* ---- size rules ------------------------------------------------------ */

/* PCI Local Bus r3.0 sec 6.8.1: 10 bytes, +4 for 64-bit, +10 for masks. */
static void test_msi_size_by_width_and_masking(void **state)
{
	(void)state;
	fresh();
	assert_int_equal(std_size(PCI_CAP_ID_MSI), 12);
	cb_w16(&snap, STD_AT + 2, 0x0080);
	assert_int_equal(std_size(PCI_CAP_ID_MSI), 16);
	cb_w16(&snap, STD_AT + 2, 0x0100);
	assert_int_equal(std_size(PCI_CAP_ID_MSI), 20);
	cb_w16(&snap, STD_AT + 2, 0x0180);
	assert_int_equal(std_size(PCI_CAP_ID_MSI), 24);
}

/* PCI-X 2.0a sec 7.2, 8.6: device v0 8, v1/v2 24, bridge 16. */
static void test_pcix_size_by_version_and_header(void **state)
{
	(void)state;
	fresh();
	assert_int_equal(std_size(PCI_CAP_ID_PCIX), 8);
	cb_w16(&snap, STD_AT + PCI_X_CMD, 2 << 12);
	assert_int_equal(std_size(PCI_CAP_ID_PCIX), 24);
	cb_w16(&snap, STD_AT + PCI_X_CMD, 1 << 12);
	assert_int_equal(std_size(PCI_CAP_ID_PCIX), 24);
	cb_w16(&snap, STD_AT + PCI_X_CMD, 0);
	cb_w8(&snap, PCI_HEADER_TYPE, PCI_HEADER_TYPE_BRIDGE);
	assert_int_equal(std_size(PCI_CAP_ID_PCIX), 16);
}

/* HT I/O Link 3.10 sec 7: block type in command bits 15:13 or 15:11. */
static void test_ht_size_by_block_type(void **state)
{
	(void)state;
	fresh();
	assert_int_equal(std_size(PCI_CAP_ID_HT), 28);	/* slave */
	cb_w16(&snap, STD_AT + 2, 0x1800);	/* slave, low type bits set */
	assert_int_equal(std_size(PCI_CAP_ID_HT), 28);
	cb_w16(&snap, STD_AT + 2, 0x2000);	/* host */
	assert_int_equal(std_size(PCI_CAP_ID_HT), 24);
	cb_w16(&snap, STD_AT + 2, 0x15 << 11);	/* MSI mapping */
	assert_int_equal(std_size(PCI_CAP_ID_HT), 12);
	cb_w16(&snap, STD_AT + 2, 0x14 << 11);	/* 40-bit map, no DMA */
	assert_int_equal(std_size(PCI_CAP_ID_HT), 12);
	cb_w16(&snap, STD_AT + 2, 0x14 << 11 | 3);	/* 3 DMA windows */
	assert_int_equal(std_size(PCI_CAP_ID_HT), 12 + 3 * 8);
	cb_w16(&snap, STD_AT + 2, 0x14 << 11 | 0x0200 | 3);	/* 64-bit */
	assert_int_equal(std_size(PCI_CAP_ID_HT), 16);
	cb_w16(&snap, STD_AT + 2, 0x19 << 11);	/* unassigned */
	assert_int_equal(std_size(PCI_CAP_ID_HT), 0);
}

/* PCI Local Bus r3.0 sec 6.7: the length byte includes the header. */
static void test_vendor_specific_length_byte(void **state)
{
	(void)state;
	fresh();
	cb_w8(&snap, STD_AT + 2, 0x0a);
	assert_int_equal(std_size(PCI_CAP_ID_VNDR), 12);
	cb_w8(&snap, STD_AT + 2, 3);
	assert_int_equal(std_size(PCI_CAP_ID_VNDR), 4);
	cb_w8(&snap, STD_AT + 2, 2);
	assert_int_equal(std_size(PCI_CAP_ID_VNDR), 0);
	cb_w8(&snap, STD_AT + 2, 0);
	assert_int_equal(std_size(PCI_CAP_ID_VNDR), 0);
}

static unsigned int exp_size(unsigned int ver, unsigned int type)
{
	cb_w16(&snap, STD_AT + PCI_EXP_FLAGS, (uint16_t)(ver | type << 4));
	return std_size(PCI_CAP_ID_EXP);
}

/* PCIe r6.0 sec 7.5.3: v1 stops after the registers its type has. */
static void test_pcie_v1_size_by_port_type(void **state)
{
	(void)state;
	fresh();
	assert_int_equal(exp_size(1, PCI_EXP_TYPE_ENDPOINT), 0x14);
	assert_int_equal(exp_size(1, PCI_EXP_TYPE_UPSTREAM), 0x14);
	assert_int_equal(exp_size(1, PCI_EXP_TYPE_RC_END), 0x0c);
	assert_int_equal(exp_size(1, PCI_EXP_TYPE_ROOT_PORT), 0x24);
	assert_int_equal(exp_size(1, PCI_EXP_TYPE_RC_EC), 0x24);
	assert_int_equal(exp_size(1, PCI_EXP_TYPE_DOWNSTREAM), 0x1c);
	assert_int_equal(exp_size(1, PCI_EXP_TYPE_PCIE_BRIDGE), 0x1c);
}

static void test_pcie_v2_size(void **state)
{
	(void)state;
	fresh();
	assert_int_equal(exp_size(2, PCI_EXP_TYPE_ENDPOINT), 0x3c);
	assert_int_equal(exp_size(2, PCI_EXP_TYPE_ROOT_PORT), 0x3c);
	assert_int_equal(exp_size(2, PCI_EXP_TYPE_RC_END), 0x2c);
}

/* SATA AHCI 1.3.1 sec 2.4: BARLOC 1111b puts index/data inline. */
static void test_sata_size_by_barloc(void **state)
{
	(void)state;
	fresh();
	cb_w8(&snap, STD_AT + 4, 0x04);
	assert_int_equal(std_size(PCI_CAP_ID_SATA), 8);
	cb_w8(&snap, STD_AT + 4, 0x0f);
	assert_int_equal(std_size(PCI_CAP_ID_SATA), 16);
}

/* PCIe r6.0 sec 7.8.5: entry of 4 + 4 * EntrySize bytes each. */
static void test_ea_size_from_entries(void **state)
{
	(void)state;
	fresh();
	assert_int_equal(std_size(PCI_CAP_ID_EA), 4);
	cb_w8(&snap, STD_AT + 2, 2);
	cb_w32(&snap, STD_AT + 4, 2);		/* 12-byte entry */
	cb_w32(&snap, STD_AT + 0x10, 4);	/* 20-byte entry */
	assert_int_equal(std_size(PCI_CAP_ID_EA), 4 + 12 + 20);
	/* Type 1: the fixed bus numbers dword comes first. */
	cb_w8(&snap, PCI_HEADER_TYPE, PCI_HEADER_TYPE_BRIDGE);
	cb_w8(&snap, STD_AT + 2, 1);
	cb_w32(&snap, STD_AT + 8, 2);
	assert_int_equal(std_size(PCI_CAP_ID_EA), 8 + 12);
}

static void test_ea_entries_past_legacy_space_unknown(void **state)
{
	(void)state;
	fresh();
	cb_w8(&snap, 0xf0 + 2, 5);	/* five 4-byte entries from 0xf4 */
	assert_int_equal(cap_size(&snap, &pi, false, PCI_CAP_ID_EA, 0xf0), 0);
}

/* PCIe r6.0 sec 7.8.4: root error registers, then the TLP prefix log. */
static void test_aer_size_by_port_and_prefix(void **state)
{
	(void)state;
	fresh();
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_AER), 0x2c);
	set_port(PCI_EXP_TYPE_ENDPOINT);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_AER), 0x2c);
	set_port(PCI_EXP_TYPE_DOWNSTREAM);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_AER), 0x2c);
	set_port(PCI_EXP_TYPE_ROOT_PORT);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_AER), 0x38);
	set_port(PCI_EXP_TYPE_RC_EC);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_AER), 0x38);
	set_port(PCI_EXP_TYPE_ENDPOINT);
	pi.ee_prefix = true;
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_AER), 0x48);
}

/* PCIe r6.0 sec 7.9.1: 0x10 + 12 per VC, tables at 16-byte offsets. */
static void test_vc_size_resources_and_tables(void **state)
{
	(void)state;
	fresh();
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_VC), 0x1c);
	cb_w32(&snap, EXT_AT + 4, 1);		/* ExtVCCount 1: two VCs */
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_VC), 0x28);
	/* VC arbitration table at 0x30, WRR64: 64 4-bit phases. */
	cb_w32(&snap, EXT_AT + 8, 3u << 24 | 0x04);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_VC), 0x30 + 32);
	/* VC0 port table at 0x60, WRR128, 2-bit entries (cap1 11:10 = 01b). */
	cb_w32(&snap, EXT_AT + 4, 1 | 1 << 10);
	cb_w32(&snap, EXT_AT + 0x10, 6u << 24 | 0x08);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_VC), 0x60 + 32);
	/* VC1 port table at 0x80, WRR256 with 2-bit entries: 64 bytes. */
	cb_w32(&snap, EXT_AT + 0x1c, 8u << 24 | 0x20);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_VC), 0x80 + 64);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_VC9), 0xc0);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_MFVC), 0xc0);
}

/* PCIe r6.0 sec 7.9.8, 7.9.10. */
static void test_rclink_and_rcec_size(void **state)
{
	(void)state;
	fresh();
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_RCLINK), 0x10);
	cb_w32(&snap, EXT_AT + 4, 3 << 8);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_RCLINK), 0x10 + 3 * 16);
	cb_w32(&snap, EXT_AT, PCI_EXT_CAP_HDR(PCI_EXT_CAP_ID_RCEC, 1, 0));
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_RCEC), 8);
	cb_w32(&snap, EXT_AT, PCI_EXT_CAP_HDR(PCI_EXT_CAP_ID_RCEC, 2, 0));
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_RCEC), 12);
}

/* PCIe r6.0 sec 7.9.5, 7.9.6: the length includes the headers. */
static void test_vsec_and_dvsec_length(void **state)
{
	(void)state;
	fresh();
	cb_w32(&snap, EXT_AT + 4, 0x018u << 20);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_VNDR), 0x18);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_DVSEC), 0x18);
	cb_w32(&snap, EXT_AT + 4, 0x00eu << 20);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_VNDR), 0x10);
	cb_w32(&snap, EXT_AT + 4, 0x008u << 20);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_VNDR), 8);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_DVSEC), 0);
	cb_w32(&snap, EXT_AT + 4, 0x00au << 20);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_DVSEC), 12);
	cb_w32(&snap, EXT_AT + 4, 0x007u << 20);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_VNDR), 0);
}

/* PCIe r6.0 sec 7.7.11: egress vector size in bits, 0 meaning 256. */
static void test_acs_egress_vector(void **state)
{
	(void)state;
	fresh();
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_ACS), 8);
	cb_w16(&snap, EXT_AT + 4, 40 << 8);	/* size without the bit */
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_ACS), 8);
	cb_w16(&snap, EXT_AT + 4, 0x20);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_ACS), 8 + 32);
	cb_w16(&snap, EXT_AT + 4, 40 << 8 | 0x20);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_ACS), 8 + 8);
	cb_w16(&snap, EXT_AT + 4, 32 << 8 | 0x20);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_ACS), 8 + 4);
}

/* PCIe r6.0 sec 7.9.11: only ports have the overlay BAR. */
static void test_multicast_by_port_type(void **state)
{
	(void)state;
	fresh();
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_MCAST), 0x28);
	set_port(PCI_EXP_TYPE_ENDPOINT);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_MCAST), 0x28);
	set_port(PCI_EXP_TYPE_ROOT_PORT);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_MCAST), 0x30);
	set_port(PCI_EXP_TYPE_UPSTREAM);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_MCAST), 0x30);
}

/* PCIe r6.0 sec 7.8.6: 1..6 BARs; 0 and 7 are not a count. */
static void test_rebar_bar_count(void **state)
{
	(void)state;
	fresh();
	cb_w32(&snap, EXT_AT + 8, 1 << 5);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_REBAR), 12);
	cb_w32(&snap, EXT_AT + 8, 6 << 5);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_REBAR), 4 + 48);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_VF_REBAR), 4 + 48);
	cb_w32(&snap, EXT_AT + 8, 0);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_REBAR), 0);
	cb_w32(&snap, EXT_AT + 8, 7 << 5);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_REBAR), 0);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_VF_REBAR), 0);
}

/* PCIe r6.0 sec 7.9.12, 7.9.13. */
static void test_dpa_and_tph(void **state)
{
	(void)state;
	fresh();
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_DPA), 0x14);
	cb_w32(&snap, EXT_AT + 4, 31);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_DPA), 0x30);
	cb_w32(&snap, EXT_AT + 4, 63u << 16 | 2u << 9);	/* table in MSI-X */
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_TPH), 0x0c);
	cb_w32(&snap, EXT_AT + 4, 63u << 16 | 1u << 9);	/* 64 entries inline */
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_TPH), 0x0c + 128);
	cb_w32(&snap, EXT_AT + 4, 1u << 9);		/* one entry inline */
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_TPH), 0x10);
}

/* PCIe r6.0 sec 7.7.3, 7.7.5-7.7.8: per-lane registers. */
static void test_per_lane_caps_by_link_width(void **state)
{
	(void)state;
	fresh();
	set_port(PCI_EXP_TYPE_ROOT_PORT);
	pi.link_width = 16;
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_SECPCI), 0x0c + 32);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_16GT), 0x20 + 16);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_32GT), 0x20 + 16);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_64GT), 0x10 + 16);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_LMR), 8 + 64);
	pi.link_width = 1;
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_SECPCI), 0x10);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_16GT), 0x24);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_64GT), 0x14);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_LMR), 0x0c);
	pi.link_width = 0;
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_SECPCI), 0);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_16GT), 0);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_32GT), 0);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_64GT), 0);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_LMR), 0);
}

/* PMUX: 0x10 + a dword per protocol; DPC: RP PIO log from 0x20. */
static void test_pmux_and_dpc(void **state)
{
	(void)state;
	fresh();
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_PMUX), 0x10);
	cb_w32(&snap, EXT_AT + 4, 3);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_PMUX), 0x1c);
	cb_w16(&snap, EXT_AT + 4, 0);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_DPC), 0x0c);
	cb_w16(&snap, EXT_AT + 4, 0x0f00);	/* log size without RP ext */
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_DPC), 0x0c);
	cb_w16(&snap, EXT_AT + 4, 4 << 8 | 0x20);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_DPC), 0x30);
	cb_w16(&snap, EXT_AT + 4, 0x20);	/* below the minimum of 4 */
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_DPC), 0x30);
	cb_w16(&snap, EXT_AT + 4, 9 << 8 | 0x20);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_DPC), 0x20 + 36);
}

/*
 * The fields that once were read from the wrong bits: RP PIO Log Size
 * bit 4 is DPC cap bit 13, not bit 12 (DL_Active ERR_COR, sec 7.9.14.2);
 * the Link IDE TC count is IDE cap bits 15:13 (sec 7.9.26.2).
 */
static void test_dpc_and_ide_field_bits(void **state)
{
	(void)state;
	fresh();
	cb_w16(&snap, EXT_AT + 4, 0x1420);	/* log 4, DL_Active set */
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_DPC), 0x30);
	cb_w16(&snap, EXT_AT + 4, 0x2220);	/* log 2 + 16 */
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_DPC), 0x20 + 4 * 18);
	cb_w16(&snap, EXT_AT + 4, 0);
	cb_w32(&snap, EXT_AT + 4, 0x6001);	/* Link IDE, 4 TCs */
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_IDE), 0x0c + 4 * 8);
	cb_w32(&snap, EXT_AT + 4, 0x1f01);	/* algorithm bits: not TCs */
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_IDE), 0x0c + 8);
}

/* PCIe r6.0 sec 7.9.26: link blocks, then selective stream blocks. */
static void test_ide_link_and_selective_streams(void **state)
{
	(void)state;
	fresh();
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_IDE), 0x0c);
	cb_w32(&snap, EXT_AT + 4, 1);		/* Link IDE, one TC */
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_IDE), 0x14);
	/* Two selective streams: 2 address blocks, then none. */
	cb_w32(&snap, EXT_AT + 4, 1u << 16 | 2);
	cb_w32(&snap, EXT_AT + 0x0c, 2);
	cb_w32(&snap, EXT_AT + 0x0c + 44, 0);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_IDE), 0x0c + 44 + 20);
	/* Link and one selective stream with 3 address blocks. */
	cb_w32(&snap, EXT_AT + 4, 3);
	cb_w32(&snap, EXT_AT + 0x14, 3);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_IDE), 0x14 + 20 + 36);
}

static void test_names_and_fixed_sizes(void **state)
{
	(void)state;
	fresh();
	assert_string_equal(cap_type_ext(PCI_EXT_CAP_ID_SRIOV)->name,
			    "Single Root I/O Virtualization (SR-IOV)");
	assert_string_equal(cap_type_ext(PCI_EXT_CAP_ID_PASID)->name,
			    "Process Address Space ID (PASID)");
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_SRIOV), 0x40);
	assert_int_equal(ext_size(PCI_EXT_CAP_ID_PASID), 8);
	assert_null(cap_type_ext(0x37));
	assert_null(cap_type_ext(PCI_EXT_CAP_ID_MAX + 1));
	assert_int_equal(ext_size(0x37), 0);
	assert_string_equal(cap_type_std(PCI_CAP_ID_EXP)->name, "Express");
	assert_string_equal(cap_type_std(PCI_CAP_ID_MSIX)->name, "MSI-X");
	assert_null(cap_type_std(PCI_CAP_ID_MAX + 1));
	assert_null(cap_type_std(0xff));
	assert_int_equal(std_size(PCI_CAP_ID_PM), 8);
	assert_int_equal(std_size(PCI_CAP_ID_MSIX), 12);
	assert_int_equal(std_size(PCI_CAP_ID_CCRC), 0);
}

/* ---- the walker --------------------------------------------------------- */

static const struct cap_note *find_note(enum cap_note_code code)
{
	unsigned int i;

	for (i = 0; i < cl.n_notes; i++)
		if (cl.notes[i].code == code)
			return &cl.notes[i];
	return NULL;
}

static void assert_note(enum cap_note_code code, unsigned int off)
{
	const struct cap_note *n = find_note(code);

	assert_non_null(n);
	assert_int_equal(n->off, off);
}

static void assert_cap(unsigned int i, unsigned int off, unsigned int id,
		       bool ext)
{
	assert_true(i < cl.n);
	assert_int_equal(cl.caps[i].off, off);
	assert_int_equal(cl.caps[i].id, id);
	assert_int_equal(cl.caps[i].ext, ext);
}

/* QEMU's nvme links 0x40 -> 0x80 -> 0x60: chain order, not address. */
static void test_std_chain_in_pointer_order(void **state)
{
	(void)state;
	cb_init(&snap, 0x1b36, 0x0010, 0x010802, CFG_SPACE_SIZE);
	cb_std_head(&snap, 0x40);
	cb_std(&snap, 0x40, PCI_CAP_ID_MSIX, 0x80);
	cb_pcie(&snap, 0x80, 0x60, 2, PCI_EXP_TYPE_ENDPOINT, 4);
	cb_std(&snap, 0x60, PCI_CAP_ID_PM, 0);
	cb_w16(&snap, 0x62, 0x0003);
	caps_walk(&snap, &cl);
	assert_int_equal(cl.n_std, 3);
	assert_cap(0, 0x40, PCI_CAP_ID_MSIX, false);
	assert_cap(1, 0x80, PCI_CAP_ID_EXP, false);
	assert_cap(2, 0x60, PCI_CAP_ID_PM, false);
	assert_int_equal(cl.caps[1].size, 0x3c);
	assert_int_equal(cl.caps[1].version, 2);
	assert_int_equal(cl.caps[2].version, 3);
	assert_true(cl.pcie.present);
	assert_int_equal(cl.pcie.link_width, 4);
	assert_int_equal(cl.ext, EXT_SPACE_EMPTY);
	assert_int_equal(cl.n_notes, 0);
	assert_ptr_equal(caps_find(&cl, false, PCI_CAP_ID_PM), &cl.caps[2]);
	assert_string_equal(cap_name(&cl.caps[0]), "MSI-X");
}

static void test_ext_chain_in_pointer_order(void **state)
{
	(void)state;
	cb_pcie_endpoint(&snap, 0x8086, 0x1563);
	cb_ext(&snap, 0x100, PCI_EXT_CAP_ID_AER, 0x200);
	cb_ext(&snap, 0x200, PCI_EXT_CAP_ID_ARI, 0x150);
	cb_ext(&snap, 0x150, PCI_EXT_CAP_ID_DSN, 0);
	caps_walk(&snap, &cl);
	assert_int_equal(cl.ext, EXT_SPACE_CAPS);
	assert_int_equal(cl.n, 4);
	assert_cap(1, 0x100, PCI_EXT_CAP_ID_AER, true);
	assert_cap(2, 0x200, PCI_EXT_CAP_ID_ARI, true);
	assert_cap(3, 0x150, PCI_EXT_CAP_ID_DSN, true);
	assert_int_equal(cl.caps[3].version, 1);
	assert_int_equal(cl.caps[3].size, 12);
	assert_int_equal(cl.n_notes, 0);
}

static void test_std_loop_noted(void **state)
{
	(void)state;
	cb_pcie_endpoint(&snap, 0x8086, 0x1563);
	cb_std(&snap, 0x40, PCI_CAP_ID_EXP, 0x80);
	cb_std(&snap, 0x80, PCI_CAP_ID_MSIX, 0x40);
	caps_walk(&snap, &cl);
	assert_int_equal(cl.n_std, 2);
	assert_note(NOTE_STD_LOOP, 0x40);
}

static void test_ext_loop_noted(void **state)
{
	(void)state;
	cb_pcie_endpoint(&snap, 0x8086, 0x1563);
	cb_ext(&snap, 0x100, PCI_EXT_CAP_ID_AER, 0x140);
	cb_ext(&snap, 0x140, PCI_EXT_CAP_ID_DSN, 0x100);
	caps_walk(&snap, &cl);
	assert_int_equal(cl.n - cl.n_std, 2);
	assert_note(NOTE_EXT_LOOP, 0x100);
}

static void test_std_pointer_into_header_noted(void **state)
{
	(void)state;
	cb_pcie_endpoint(&snap, 0x8086, 0x1563);
	cb_std(&snap, 0x40, PCI_CAP_ID_EXP, 0x10);
	caps_walk(&snap, &cl);
	assert_int_equal(cl.n_std, 1);
	assert_note(NOTE_STD_INTO_HEADER, 0x10);
}

static void test_ext_pointer_below_100_noted(void **state)
{
	(void)state;
	cb_pcie_endpoint(&snap, 0x8086, 0x1563);
	cb_ext(&snap, 0x100, PCI_EXT_CAP_ID_AER, 0x80);
	caps_walk(&snap, &cl);
	assert_int_equal(cl.n - cl.n_std, 1);
	assert_note(NOTE_EXT_BELOW_100, 0x80);
}

static void test_std_id_ff_breaks_chain(void **state)
{
	(void)state;
	cb_pcie_endpoint(&snap, 0x8086, 0x1563);
	cb_std(&snap, 0x40, PCI_CAP_ID_EXP, 0x80);
	cb_std(&snap, 0x80, 0xff, 0xff);
	caps_walk(&snap, &cl);
	assert_int_equal(cl.n_std, 1);
	assert_note(NOTE_STD_BROKEN, 0x80);
}

static void test_ext_all_ones_header(void **state)
{
	(void)state;
	cb_pcie_endpoint(&snap, 0x8086, 0x1563);
	cb_ext(&snap, 0x100, PCI_EXT_CAP_ID_AER, 0x200);
	cb_w32(&snap, 0x200, 0xffffffff);
	caps_walk(&snap, &cl);
	assert_int_equal(cl.n - cl.n_std, 1);
	assert_note(NOTE_EXT_ALL_ONES, 0x200);
	/* At 0x100 it means there is no extended space at all. */
	cb_w32(&snap, 0x100, 0xffffffff);
	caps_walk(&snap, &cl);
	assert_int_equal(cl.ext, EXT_SPACE_NONE);
	assert_int_equal(cl.n, cl.n_std);
	assert_note(NOTE_EXT_ALL_ONES, 0x100);
}

/* A non-root sysfs read gives 64 bytes: the chain is not in them. */
static void test_pointer_past_valid_len_noted(void **state)
{
	(void)state;
	cb_pcie_endpoint(&snap, 0x8086, 0x1563);
	snap.valid_len = CFG_UNPRIV_SIZE;
	caps_walk(&snap, &cl);
	assert_int_equal(cl.n, 0);
	assert_note(NOTE_PTR_UNKNOWN, 0x40);
	assert_false(cl.pcie.present);
}

/* PCI 3.0 sec 6.7, PCIe r6.0 sec 7.6.3: the low pointer bits are reserved. */
static void test_misaligned_pointers_masked(void **state)
{
	const struct cap_note *n;

	(void)state;
	cb_pcie_endpoint(&snap, 0x8086, 0x1563);
	cb_w8(&snap, PCI_CAPABILITY_LIST, 0x42);
	cb_std(&snap, 0x40, PCI_CAP_ID_EXP, 0x83);
	cb_std(&snap, 0x80, PCI_CAP_ID_MSIX, 0);
	cb_ext(&snap, 0x100, PCI_EXT_CAP_ID_AER, 0x202);
	cb_ext(&snap, 0x200, PCI_EXT_CAP_ID_DSN, 0);
	caps_walk(&snap, &cl);
	assert_int_equal(cl.n, 4);
	assert_cap(0, 0x40, PCI_CAP_ID_EXP, false);
	assert_cap(1, 0x80, PCI_CAP_ID_MSIX, false);
	assert_cap(3, 0x200, PCI_EXT_CAP_ID_DSN, true);
	n = find_note(NOTE_PTR_MISALIGNED);
	assert_non_null(n);
	assert_int_equal(n->off, PCI_CAPABILITY_LIST);
	assert_int_equal(n->arg, 0x42);
	assert_int_equal(cl.n_notes, 3);
	assert_int_equal(cl.notes[2].off, 0x102);
	assert_int_equal(cl.notes[2].arg, 0x202);
}

/* An 8-bit decoder repeats 0x000..0x0ff (pciutils tests/broken-ecaps). */
static void test_aliased_ext_space(void **state)
{
	unsigned int b;

	(void)state;
	cb_pcie_endpoint(&snap, 0x1002, 0x7910);
	for (b = CFG_LEGACY_SIZE; b < CFG_SPACE_SIZE; b += CFG_LEGACY_SIZE)
		memcpy(&snap.bytes[b], snap.bytes, CFG_LEGACY_SIZE);
	caps_walk(&snap, &cl);
	assert_int_equal(cl.ext, EXT_SPACE_ALIASED);
	assert_int_equal(cl.n, cl.n_std);
	assert_int_equal(cl.n_std, 1);
	assert_note(NOTE_EXT_ALIASED, 0x100);
}

static void test_cap_past_end_clipped(void **state)
{
	const struct cap_note *n;

	(void)state;
	cb_pcie_endpoint(&snap, 0x8086, 0x1563);
	cb_std(&snap, 0x40, PCI_CAP_ID_EXP, 0xf8);
	cb_std(&snap, 0xf8, PCI_CAP_ID_MSIX, 0);
	cb_ext(&snap, 0x100, PCI_EXT_CAP_ID_AER, 0xfe0);
	cb_ext(&snap, 0xfe0, PCI_EXT_CAP_ID_SRIOV, 0);
	caps_walk(&snap, &cl);
	assert_int_equal(cl.n, 4);
	assert_int_equal(cl.caps[1].size, 8);
	assert_int_equal(cl.caps[3].size, 0x20);
	assert_true(cl.caps[3].size_known);
	n = find_note(NOTE_PAST_END);
	assert_non_null(n);
	assert_int_equal(n->off, 0xf8);
	assert_int_equal(n->arg, 12);
	assert_int_equal(cl.notes[1].code, NOTE_PAST_END);
	assert_int_equal(cl.notes[1].off, 0xfe0);
	assert_int_equal(cl.notes[1].arg, 0x40);
}

/* Unknown sizes own up to the next capability by address, or the end. */
static void test_unknown_size_owns_to_next_by_address(void **state)
{
	(void)state;
	cb_pcie_endpoint(&snap, 0x8086, 0x1563);
	cb_std(&snap, 0x40, PCI_CAP_ID_EXP, 0xc0);
	cb_std(&snap, 0xc0, PCI_CAP_ID_PM, 0x80);
	cb_std(&snap, 0x80, PCI_CAP_ID_CCRC, 0xd0);
	cb_std(&snap, 0xd0, PCI_CAP_ID_AGP3, 0);
	cb_ext(&snap, 0x100, PCI_EXT_CAP_ID_AER, 0x300);
	cb_ext(&snap, 0x300, 0x37, 0x200);
	cb_ext(&snap, 0x200, PCI_EXT_CAP_ID_MRIOV, 0);
	caps_walk(&snap, &cl);
	assert_int_equal(cl.n, 7);
	assert_cap(2, 0x80, PCI_CAP_ID_CCRC, false);
	assert_int_equal(cl.caps[2].size, 0x40);
	assert_false(cl.caps[2].size_known);
	assert_int_equal(cl.caps[3].size, 0x30);
	assert_false(cl.caps[3].size_known);
	assert_cap(5, 0x300, 0x37, true);
	assert_int_equal(cl.caps[5].size, 0xd00);
	assert_false(cl.caps[5].size_known);
	assert_null(cap_name(&cl.caps[5]));
	assert_int_equal(cl.caps[6].size, 0x100);
	assert_true(cl.caps[4].size_known);
	assert_int_equal(cl.n_notes, 0);
}

/* pci_cfg_space_size(): PCIe, PCI-X mode 2 and host bridges only. */
static void test_conventional_function_has_no_ext_space(void **state)
{
	(void)state;
	cb_init(&snap, 0x8086, 0x100e, 0x020000, CFG_SPACE_SIZE);
	cb_std_head(&snap, 0xdc);
	cb_std(&snap, 0xdc, PCI_CAP_ID_PM, 0);
	cb_ext(&snap, 0x100, PCI_EXT_CAP_ID_AER, 0);
	caps_walk(&snap, &cl);
	assert_int_equal(cl.ext, EXT_SPACE_NONE);
	assert_int_equal(cl.n, 1);
}

static void test_pcix_mode2_ext_space_walked(void **state)
{
	(void)state;
	cb_init(&snap, 0x8086, 0x1010, 0x020000, CFG_SPACE_SIZE);
	cb_std_head(&snap, 0x40);
	cb_std(&snap, 0x40, PCI_CAP_ID_PCIX, 0);
	cb_ext(&snap, 0x100, PCI_EXT_CAP_ID_DSN, 0);
	caps_walk(&snap, &cl);
	assert_int_equal(cl.ext, EXT_SPACE_NONE);	/* 133 MHz only */
	cb_w32(&snap, 0x40 + PCI_X_STATUS, PCI_X_STATUS_266MHZ);
	caps_walk(&snap, &cl);
	assert_true(cl.pcie.pcix_mode2);
	assert_int_equal(cl.ext, EXT_SPACE_CAPS);
	assert_cap(1, 0x100, PCI_EXT_CAP_ID_DSN, true);
	cb_w32(&snap, 0x40 + PCI_X_STATUS, PCI_X_STATUS_533MHZ);
	caps_walk(&snap, &cl);
	assert_int_equal(cl.ext, EXT_SPACE_CAPS);
}

static void test_host_bridge_ext_space_walked(void **state)
{
	(void)state;
	cb_init(&snap, 0x8086, 0x29c0, 0x060000, CFG_SPACE_SIZE);
	cb_ext(&snap, 0x100, PCI_EXT_CAP_ID_VNDR, 0);
	cb_w32(&snap, 0x104, 0x010u << 20);
	caps_walk(&snap, &cl);
	assert_int_equal(cl.ext, EXT_SPACE_CAPS);
	assert_int_equal(cl.n, 1);
	assert_cap(0, 0x100, PCI_EXT_CAP_ID_VNDR, true);
	assert_int_equal(cl.caps[0].size, 0x10);
}

static void test_ext_space_unknown_and_empty(void **state)
{
	(void)state;
	cb_pcie_endpoint(&snap, 0x8086, 0x1563);
	caps_walk(&snap, &cl);
	assert_int_equal(cl.ext, EXT_SPACE_EMPTY);
	cb_ext(&snap, 0x100, PCI_EXT_CAP_ID_AER, 0);
	snap.valid_len = CFG_LEGACY_SIZE;
	caps_walk(&snap, &cl);
	assert_int_equal(cl.ext, EXT_SPACE_UNKNOWN);
	assert_int_equal(cl.n, 1);
	assert_int_equal(cl.n_notes, 0);
	/* 64 bytes (a non-root read): the cap list itself is unread. */
	snap.valid_len = CFG_UNPRIV_SIZE;
	caps_walk(&snap, &cl);
	assert_int_equal(cl.ext, EXT_SPACE_UNKNOWN);
}

/* The End-End TLP Prefix bit (DevCap2 bit 21) only counts for v2. */
static void test_pcie_info_feeds_aer_size(void **state)
{
	(void)state;
	cb_init(&snap, 0x8086, 0x1563, 0x020000, CFG_SPACE_SIZE);
	cb_std_head(&snap, 0x40);
	cb_pcie(&snap, 0x40, 0, 2, PCI_EXP_TYPE_ROOT_PORT, 16);
	cb_w32(&snap, 0x40 + PCI_EXP_DEVCAP2, PCI_EXP_DEVCAP2_EE_PREFIX);
	cb_ext(&snap, 0x100, PCI_EXT_CAP_ID_AER, 0x148);
	cb_ext(&snap, 0x148, PCI_EXT_CAP_ID_SECPCI, 0);
	caps_walk(&snap, &cl);
	assert_true(cl.pcie.ee_prefix);
	assert_int_equal(cl.pcie.type, PCI_EXP_TYPE_ROOT_PORT);
	assert_int_equal(cl.caps[1].size, 0x48);
	assert_int_equal(cl.caps[2].size, 0x0c + 32);
	cb_w16(&snap, 0x40 + PCI_EXP_FLAGS, 1 | PCI_EXP_TYPE_ROOT_PORT << 4);
	caps_walk(&snap, &cl);
	assert_false(cl.pcie.ee_prefix);
	assert_int_equal(cl.caps[1].size, 0x38);
}

static void test_note_text(void **state)
{
	char buf[128];

	(void)state;
	cb_pcie_endpoint(&snap, 0x8086, 0x1563);
	cb_std(&snap, 0x40, PCI_CAP_ID_EXP, 0x40);
	caps_walk(&snap, &cl);
	assert_int_equal(cl.n_notes, 1);
	assert_string_equal(cap_note_text(&cl.notes[0], buf, sizeof(buf)),
			    "capability chain loops back to 0x40");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_msi_size_by_width_and_masking),
		cmocka_unit_test(test_pcix_size_by_version_and_header),
		cmocka_unit_test(test_ht_size_by_block_type),
		cmocka_unit_test(test_vendor_specific_length_byte),
		cmocka_unit_test(test_pcie_v1_size_by_port_type),
		cmocka_unit_test(test_pcie_v2_size),
		cmocka_unit_test(test_sata_size_by_barloc),
		cmocka_unit_test(test_ea_size_from_entries),
		cmocka_unit_test(test_ea_entries_past_legacy_space_unknown),
		cmocka_unit_test(test_aer_size_by_port_and_prefix),
		cmocka_unit_test(test_vc_size_resources_and_tables),
		cmocka_unit_test(test_rclink_and_rcec_size),
		cmocka_unit_test(test_vsec_and_dvsec_length),
		cmocka_unit_test(test_acs_egress_vector),
		cmocka_unit_test(test_multicast_by_port_type),
		cmocka_unit_test(test_rebar_bar_count),
		cmocka_unit_test(test_dpa_and_tph),
		cmocka_unit_test(test_per_lane_caps_by_link_width),
		cmocka_unit_test(test_pmux_and_dpc),
		cmocka_unit_test(test_ide_link_and_selective_streams),
		cmocka_unit_test(test_dpc_and_ide_field_bits),
		cmocka_unit_test(test_names_and_fixed_sizes),
		cmocka_unit_test(test_std_chain_in_pointer_order),
		cmocka_unit_test(test_ext_chain_in_pointer_order),
		cmocka_unit_test(test_std_loop_noted),
		cmocka_unit_test(test_ext_loop_noted),
		cmocka_unit_test(test_std_pointer_into_header_noted),
		cmocka_unit_test(test_ext_pointer_below_100_noted),
		cmocka_unit_test(test_std_id_ff_breaks_chain),
		cmocka_unit_test(test_ext_all_ones_header),
		cmocka_unit_test(test_pointer_past_valid_len_noted),
		cmocka_unit_test(test_misaligned_pointers_masked),
		cmocka_unit_test(test_aliased_ext_space),
		cmocka_unit_test(test_cap_past_end_clipped),
		cmocka_unit_test(test_unknown_size_owns_to_next_by_address),
		cmocka_unit_test(test_conventional_function_has_no_ext_space),
		cmocka_unit_test(test_pcix_mode2_ext_space_walked),
		cmocka_unit_test(test_host_bridge_ext_space_walked),
		cmocka_unit_test(test_ext_space_unknown_and_empty),
		cmocka_unit_test(test_pcie_info_feeds_aer_size),
		cmocka_unit_test(test_note_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
