// SPDX-License-Identifier: GPL-2.0-or-later
/* test_snapset.c - VF identity from the PF, duplicates, metadata. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cfgbuild.h"
#include "snapset.h"

static struct snapset ss;

static int setup(void **state)
{
	(void)state;
	snapset_init(&ss);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	snapset_free(&ss);
	return 0;
}

/*
 * An SR-IOV PF at bb:00.0 with ARI numbering: First VF Offset 1,
 * stride 1, NumVFs n, VF Device ID vf_did (PCIe r6.0 sec 9.3.3).
 */
static struct cfg_snapshot *add_pf(unsigned int bus, unsigned int n,
				   uint16_t vf_did)
{
	struct cfg_snapshot *pf = snapset_add(&ss);

	cb_pcie_endpoint(pf, 0x1b36, 0x0010);
	pf->id.addr.bus = (uint8_t)bus;
	cb_ext(pf, 0x100, PCI_EXT_CAP_ID_ARI, 0x120);
	cb_ext(pf, 0x120, PCI_EXT_CAP_ID_SRIOV, 0);
	cb_w16(pf, 0x120 + PCI_SRIOV_CTRL, PCI_SRIOV_CTRL_VFE);
	cb_w16(pf, 0x120 + PCI_SRIOV_TOTAL_VF, (uint16_t)n);
	cb_w16(pf, 0x120 + PCI_SRIOV_NUM_VF, (uint16_t)n);
	cb_w16(pf, 0x120 + PCI_SRIOV_VF_OFFSET, 1);
	cb_w16(pf, 0x120 + PCI_SRIOV_VF_STRIDE, 1);
	cb_w16(pf, 0x120 + PCI_SRIOV_VF_DID, vf_did);
	return pf;
}

/* A VF: its vendor/device read ffff (PCIe r6.0 sec 9.3.4.1.1). */
static struct cfg_snapshot *add_vf(unsigned int bus, unsigned int rid_lo)
{
	struct cfg_snapshot *vf = snapset_add(&ss);

	cb_pcie_endpoint(vf, 0xffff, 0xffff);
	vf->id.addr.bus = (uint8_t)bus;
	vf->id.addr.dev = (uint8_t)(rid_lo >> 3);
	vf->id.addr.fn = (uint8_t)(rid_lo & 7);
	cb_ext(vf, 0x100, PCI_EXT_CAP_ID_ARI, 0);
	cfg_ident_from_bytes(vf);
	return vf;
}

static void test_vf_ids_from_pf(void **state)
{
	struct cfg_snapshot *pf, *vf1, *vf16;

	(void)state;
	pf = add_pf(1, 16, 0x0011);
	vf1 = add_vf(1, 1);
	vf16 = add_vf(1, 16);		/* 01:02.0 under ARI */
	assert_int_equal(snapset_finish(&ss), 0);
	assert_int_equal(pf->id.kind, FN_KIND_PF);
	assert_int_equal(vf1->id.kind, FN_KIND_VF);
	assert_int_equal(vf1->id.vendor, 0x1b36);
	assert_int_equal(vf1->id.device, 0x0011);
	assert_true(vf1->id.ids_from_pf);
	assert_int_equal(pci_addr_cmp(&vf16->id.physfn, &pf->id.addr), 0);
	assert_int_equal(vf16->id.addr.dev, 2);
	assert_int_equal(vf16->id.device, 0x0011);
}

/* Beyond NumVFs is not a VF of this PF: the function stays unnamed. */
static void test_vf_outside_range(void **state)
{
	(void)state;
	add_pf(1, 4, 0x0011);
	add_vf(1, 5);
	assert_int_equal(snapset_finish(&ss), -1);
}

static void test_vf_without_pf(void **state)
{
	(void)state;
	add_vf(1, 1);
	assert_int_equal(snapset_finish(&ss), -1);
}

static void test_vf_from_metadata(void **state)
{
	struct cfg_snapshot *vf;
	struct snap_meta m = { .addr = { 0, 1, 0, 1 },
			       .fields = META_VENDOR | META_DEVICE | META_PHYSFN,
			       .vendor = 0x8086, .device = 0x37c9,
			       .physfn = { 0, 1, 0, 0 } };

	(void)state;
	vf = add_vf(1, 1);
	snapset_add_meta(&ss, &m);
	assert_int_equal(snapset_finish(&ss), 0);
	assert_int_equal(vf->id.kind, FN_KIND_VF);
	assert_int_equal(vf->id.vendor, 0x8086);
	assert_true(vf->id.ids_from_meta);
	assert_false(vf->id.ids_from_pf);
}

static void test_duplicate_address(void **state)
{
	(void)state;
	add_pf(1, 0, 0x11);
	add_pf(1, 0, 0x11);
	assert_int_equal(snapset_finish(&ss), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_vf_ids_from_pf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vf_outside_range, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vf_without_pf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vf_from_metadata, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_address, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
