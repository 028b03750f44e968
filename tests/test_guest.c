// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_guest.c - the consumer model (src/model/guest.c), a rule at a time,
 * each test naming the upstream file and function it follows.
 *
 * Functions are built with cfgbuild.h (what it models is said there);
 * the extended chains are the shapes the rules are about: a PF with its
 * PASID capability at the head, a VF whose only capability is ARI, a
 * chain out of address order.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cfgbuild.h"
#include "guest.h"

static struct cfg_snapshot snap;
static struct cap_list cl;
static struct guest_view g;

static void view(void)
{
	caps_walk(&snap, &cl);
	guest_view_build(&snap, &cl, &g);
}

static void assert_fate(enum guest_fate f, enum guest_why w)
{
	if (g.fate != f || g.why != w)
		fail_msg("%s (%s), expected %s (%s)", guest_fate_name(g.fate),
			 guest_why_name(g.why), guest_fate_name(f),
			 guest_why_name(w));
}

static void endpoint(void)
{
	cb_pcie_endpoint(&snap, 0x8086, 0x1563);
}

/* drivers/vfio/pci/vfio_pci_core.c vfio_pci_core_register_device():
 * "if (pdev->hdr_type != PCI_HEADER_TYPE_NORMAL) return -EINVAL". */
static void test_vfio_binds_header_type_0_only(void **state)
{
	(void)state;
	endpoint();
	cb_ext(&snap, 0x100, PCI_EXT_CAP_ID_AER, 0);
	cb_w8(&snap, PCI_HEADER_TYPE, PCI_HEADER_TYPE_BRIDGE);
	view();
	assert_fate(GUEST_NOT_ASSIGNABLE, WHY_BRIDGE);
	/* the header type is in the first 64 bytes: a non-root read says so */
	snap.valid_len = CFG_UNPRIV_SIZE;
	view();
	assert_fate(GUEST_NOT_ASSIGNABLE, WHY_BRIDGE);
	cb_w8(&snap, PCI_HEADER_TYPE, 0x80 | PCI_HEADER_TYPE_CARDBUS);
	view();
	assert_fate(GUEST_NOT_ASSIGNABLE, WHY_BRIDGE);
	/* multi-function bit aside, type 0 is assigned */
	cb_w8(&snap, PCI_HEADER_TYPE, 0x80);
	snap.valid_len = CFG_SPACE_SIZE;
	view();
	assert_fate(GUEST_EXTENDED, WHY_NONE);
}

/* hw/vfio/pci.c vfio_setup_pcie_cap(): "assignment of PCIe type 0x%x
 * devices is not currently supported" but for endpoints, legacy
 * endpoints and root complex integrated endpoints. */
static void test_qemu_assigns_endpoints_only(void **state)
{
	static const struct {
		unsigned int type;
		bool assigned;
	} types[] = {
		{ PCI_EXP_TYPE_ENDPOINT, true }, { PCI_EXP_TYPE_LEG_END, true },
		{ PCI_EXP_TYPE_RC_END, true }, { PCI_EXP_TYPE_RC_EC, false },
		{ PCI_EXP_TYPE_ROOT_PORT, false }, { PCI_EXP_TYPE_UPSTREAM, false },
		{ PCI_EXP_TYPE_DOWNSTREAM, false },
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		endpoint();
		cb_pcie(&snap, 0x40, 0, 2, types[i].type, 8);
		cb_ext(&snap, 0x100, PCI_EXT_CAP_ID_AER, 0);
		view();
		if (types[i].assigned)
			assert_fate(GUEST_EXTENDED, WHY_NONE);
		else
			assert_fate(GUEST_NOT_ASSIGNABLE, WHY_PORT_TYPE);
	}
}

/* hw/vfio/pci.c vfio_add_ext_cap() is for PCI Express functions, and a
 * guest reads extended space only behind a PCIe capability
 * (drivers/pci/probe.c pci_cfg_space_size()). */
static void test_no_pcie_capability_no_vpasid(void **state)
{
	(void)state;
	cb_init(&snap, 0x8086, 0x100e, 0x020000, CFG_SPACE_SIZE);
	cb_std_head(&snap, 0xdc);
	cb_std(&snap, 0xdc, PCI_CAP_ID_PM, 0);
	cb_ext(&snap, 0x100, PCI_EXT_CAP_ID_AER, 0);
	view();
	assert_fate(GUEST_NO_VPASID, WHY_NOT_EXPRESS);
	/* no capability list at all */
	cb_init(&snap, 0x8086, 0x7190, 0x060000, CFG_LEGACY_SIZE);
	view();
	assert_fate(GUEST_NO_VPASID, WHY_NOT_EXPRESS);
}

/* drivers/vfio/pci/vfio_pci_config.c vfio_config_init(): extended_caps
 * only when the kernel's config size passes 256 bytes; what a read does
 * not reach is not known. */
static void test_extended_space_as_the_kernel_has_it(void **state)
{
	unsigned int b;

	(void)state;
	endpoint();
	cb_ext(&snap, 0x100, PCI_EXT_CAP_ID_AER, 0);
	snap.valid_len = CFG_LEGACY_SIZE;
	view();
	assert_fate(GUEST_NOT_KNOWN, WHY_PARTIAL);
	snap.facts.have = FACT_CFG_SIZE;
	snap.facts.cfg_size = CFG_SPACE_SIZE;
	view();
	assert_fate(GUEST_NOT_KNOWN, WHY_PARTIAL);
	snap.facts.cfg_size = CFG_LEGACY_SIZE;
	view();
	assert_fate(GUEST_NO_VPASID, WHY_HOST_256);
	/* the extended space repeating the first 256 bytes is none */
	endpoint();
	for (b = CFG_LEGACY_SIZE; b < CFG_SPACE_SIZE; b += CFG_LEGACY_SIZE)
		memcpy(&snap.bytes[b], snap.bytes, CFG_LEGACY_SIZE);
	view();
	assert_fate(GUEST_NO_VPASID, WHY_NO_EXT_SPACE);
}

/* drivers/vfio/pci/vfio_pci_config.c pci_ext_cap_length[]: length 0,
 * and so hidden, for PASID ("not yet"), the root-complex capabilities,
 * every ID it does not list; vfio_ext_cap_len() gives a VSEC or DVSEC
 * its length field, 0 hiding it too. */
static void test_vfio_hides_what_it_has_no_length_for(void **state)
{
	static const unsigned int hidden[] = {
		PCI_EXT_CAP_ID_NULL, PCI_EXT_CAP_ID_PASID, PCI_EXT_CAP_ID_RCEC,
		PCI_EXT_CAP_ID_SECPCI, PCI_EXT_CAP_ID_L1PM, PCI_EXT_CAP_ID_PTM,
		PCI_EXT_CAP_ID_DPC, PCI_EXT_CAP_ID_DOE, 0x40, 0xffff,
	};
	static const unsigned int shown[] = {
		PCI_EXT_CAP_ID_AER, PCI_EXT_CAP_ID_DSN, PCI_EXT_CAP_ID_ACS,
		PCI_EXT_CAP_ID_ARI, PCI_EXT_CAP_ID_ATS, PCI_EXT_CAP_ID_SRIOV,
		PCI_EXT_CAP_ID_PRI, PCI_EXT_CAP_ID_REBAR, PCI_EXT_CAP_ID_LTR,
		PCI_EXT_CAP_ID_TPH, PCI_EXT_CAP_ID_VNDR, PCI_EXT_CAP_ID_DVSEC,
	};
	unsigned int i;

	(void)state;
	endpoint();
	cb_w32(&snap, 0x104, 0x010u << 20);	/* a 16-byte VSEC/DVSEC */
	for (i = 0; i < sizeof(hidden) / sizeof(hidden[0]); i++)
		assert_true(vfio_hides_ecap(&snap, hidden[i], 0x100));
	for (i = 0; i < sizeof(shown) / sizeof(shown[0]); i++)
		assert_false(vfio_hides_ecap(&snap, shown[i], 0x100));
	cb_w32(&snap, 0x104, 0);
	assert_true(vfio_hides_ecap(&snap, PCI_EXT_CAP_ID_VNDR, 0x100));
	assert_true(vfio_hides_ecap(&snap, PCI_EXT_CAP_ID_DVSEC, 0x100));
}

/* drivers/vfio/pci/vfio_pci_config.c vfio_ecap_init(): a hidden
 * capability at the head keeps its header with ID 0; further ones are
 * linked past.  hw/vfio/pci.c vfio_add_ext_cap(): "case 0: kernel
 * masked capability", SR-IOV and ARI are dropped; the rest are kept,
 * in the order of the walk, behind 0x100. */
static void test_pf_with_pasid_at_the_head(void **state)
{
	(void)state;
	endpoint();
	cb_ext(&snap, 0x100, PCI_EXT_CAP_ID_PASID, 0x200);
	cb_ext(&snap, 0x200, PCI_EXT_CAP_ID_SRIOV, 0x108);
	cb_ext(&snap, 0x108, PCI_EXT_CAP_ID_ATS, 0x180);
	cb_ext(&snap, 0x180, PCI_EXT_CAP_ID_PTM, 0x300);
	cb_ext(&snap, 0x300, PCI_EXT_CAP_ID_AER, 0);
	view();
	assert_fate(GUEST_EXTENDED, WHY_NONE);
	assert_int_equal(g.n_ecap, 5);
	assert_int_equal(g.ecap[0].fate, ECAP_MASKED);
	assert_int_equal(g.ecap[1].fate, ECAP_DROPPED);
	assert_int_equal(g.ecap[2].fate, ECAP_KEPT);
	assert_int_equal(g.ecap[3].fate, ECAP_SKIPPED);
	assert_int_equal(g.ecap[4].fate, ECAP_KEPT);
	/* 0x100 (QEMU's placeholder), then ATS and AER in walk order */
	assert_int_equal(g.n_walk, 3);
	assert_int_equal(g.walk[0], 0x100);
	assert_int_equal(g.walk[1], 0x108);
	assert_int_equal(g.walk[2], 0x300);
}

/* The lab VF's chain: ARI alone.  vfio-pci shows it, so the first
 * extended dword is not 0 and QEMU goes on to synthesize a vPASID,
 * though it drops ARI itself (hw/vfio/pci.c vfio_add_ext_cap()). */
static void test_vf_with_ari_only(void **state)
{
	(void)state;
	endpoint();
	cb_ext(&snap, 0x100, PCI_EXT_CAP_ID_ARI, 0);
	view();
	assert_fate(GUEST_EXTENDED, WHY_NONE);
	assert_int_equal(g.ecap[0].fate, ECAP_DROPPED);
	assert_int_equal(g.n_walk, 1);
	assert_int_equal(g.walk[0], 0x100);
}

/* drivers/vfio/pci/vfio_pci_config.c vfio_ecap_init(): "if (!ecaps)"
 * the first extended dword is written 0; hw/vfio/pci.c
 * vfio_add_ext_cap() then returns before vfio_pci_synthesize_pasid_cap().
 * An empty chain reads 0 to begin with. */
static void test_nothing_shown_no_vpasid(void **state)
{
	(void)state;
	endpoint();
	cb_ext(&snap, 0x100, PCI_EXT_CAP_ID_PASID, 0x200);
	cb_ext(&snap, 0x200, PCI_EXT_CAP_ID_L1PM, 0);
	view();
	assert_fate(GUEST_NO_VPASID, WHY_NO_ECAP_SHOWN);
	assert_int_equal(g.n_ecap, 2);
	endpoint();
	view();
	assert_int_equal(cl.ext, EXT_SPACE_EMPTY);
	assert_fate(GUEST_NO_VPASID, WHY_NO_ECAP_SHOWN);
}

/* hw/vfio/pci.c vfio_add_ext_cap(): "case PCI_EXT_CAP_ID_PASID:
 * pasid_cap_added = true" - a PASID capability vfio-pci shows (none
 * does today) stops the synthesis.  The QEMU stage alone, on what a
 * kernel that showed PASID would present. */
static void test_shown_pasid_stops_synthesis(void **state)
{
	(void)state;
	g.n_ecap = 2;
	g.ecap[0] = (struct guest_ecap){ 0x100, PCI_EXT_CAP_ID_AER, ECAP_KEPT };
	g.ecap[1] = (struct guest_ecap){ 0x200, PCI_EXT_CAP_ID_PASID, ECAP_KEPT };
	qemu_build(&g);
	assert_fate(GUEST_NO_VPASID, WHY_PASID_SHOWN);
	g.ecap[1].fate = ECAP_SKIPPED;
	qemu_build(&g);
	assert_fate(GUEST_EXTENDED, WHY_NONE);
}

/* hw/vfio/pci.c vfio_pci_synthesize_pasid_cap(): x-vpasid-cap-offset
 * 4-aligned, at least 0x100, the 8 bytes inside 4 KiB; hw/pci/pcie.c
 * pcie_insert_capability(): not inside a header on the walk from 0x100,
 * which goes on while the offset is at or past the header it is on. */
static void test_qemu_accepts(void **state)
{
	/* the guest's chain out of address order: 0x100 -> 0x300 -> 0x200 */
	static const uint16_t walk[] = { 0x100, 0x300, 0x200 };

	(void)state;
	assert_true(qemu_accepts(walk, 3, 0xff8, 8));
	assert_false(qemu_accepts(walk, 3, 0xffc, 8));		/* past 4 KiB */
	assert_false(qemu_accepts(walk, 3, 0xff6, 8));		/* not aligned */
	assert_false(qemu_accepts(walk, 3, 0x0f8, 8));		/* below 0x100 */
	assert_false(qemu_accepts(walk, 3, 0x100, 8));		/* the head */
	assert_false(qemu_accepts(walk, 3, 0x102, 8));
	assert_true(qemu_accepts(walk, 3, 0x104, 8));
	assert_false(qemu_accepts(walk, 3, 0x300, 8));
	assert_true(qemu_accepts(walk, 3, 0x304, 8));
	/* the walk stops at 0x300, past 0x200: QEMU does not see that
	 * header, and takes an offset inside it - pasid-scan's own checks
	 * must refuse it (its bytes belong to a capability) */
	assert_true(qemu_accepts(walk, 3, 0x200, 8));
	assert_int_equal(qemu_insert_at(&(struct guest_view){
		.walk = { 0x100, 0x300, 0x200 }, .n_walk = 3 }, 0x250), 1);
}

/* drivers/vfio/pci/vfio_pci_config.c vfio_ecap_init(): the bytes of a
 * capability it links past are nobody's, and unassigned bytes get
 * unassigned_perms, raw reads and writes; the hidden head's header
 * dword stays virtualized.  vfio_cap_init() does the same for standard
 * capabilities pci_cap_length[] has no length for. */
static void test_raw_bytes(void **state)
{
	struct layout l;
	bool raw[CFG_SPACE_SIZE];

	(void)state;
	endpoint();
	cb_std(&snap, 0x40, PCI_CAP_ID_EXP, 0x80);
	cb_std(&snap, 0x80, PCI_CAP_ID_SSVID, 0);	/* hidden */
	cb_ext(&snap, 0x100, PCI_EXT_CAP_ID_PASID, 0x108);
	cb_ext(&snap, 0x108, PCI_EXT_CAP_ID_ATS, 0);
	cb_w32(&snap, 0xffc, 1);
	layout_build(&snap, &l);
	guest_raw_bytes(&snap, &l, raw);
	assert_false(raw[0x3f]);		/* header */
	assert_false(raw[0x40]);		/* PCIe, shown */
	assert_true(raw[0x80]);			/* SSVID, hidden */
	assert_false(raw[0x100]);		/* the masked head's header */
	assert_true(raw[0x104]);		/* its body */
	assert_false(raw[0x108]);		/* ATS, shown */
	assert_true(raw[0x110]);		/* gap */
	assert_true(raw[0xffc]);		/* hidden register */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vfio_binds_header_type_0_only),
		cmocka_unit_test(test_qemu_assigns_endpoints_only),
		cmocka_unit_test(test_no_pcie_capability_no_vpasid),
		cmocka_unit_test(test_extended_space_as_the_kernel_has_it),
		cmocka_unit_test(test_vfio_hides_what_it_has_no_length_for),
		cmocka_unit_test(test_pf_with_pasid_at_the_head),
		cmocka_unit_test(test_vf_with_ari_only),
		cmocka_unit_test(test_nothing_shown_no_vpasid),
		cmocka_unit_test(test_shown_pasid_stops_synthesis),
		cmocka_unit_test(test_qemu_accepts),
		cmocka_unit_test(test_raw_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
