// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_placement.c - the verdict place_function() gives one function
 * and where it puts an 8-byte virtual PASID capability (PCIe r6.0 sec
 * 7.8.8), on layouts from layout_build() and guest views from
 * guest_view_build().
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cfgbuild.h"
#include "placement.h"

static struct cfg_snapshot snap;
static struct layout lay;
static struct guest_view guest;
static struct vpasid_verdict vv;
static struct vcap_verdict place_v[VCAP_N];
#define v place_v[VCAP_PASID]

static void place(void)
{
	layout_build(&snap, &lay);
	guest_view_build(&snap, &lay.caps, &guest);
	place_function(&lay, &guest, &vv, place_v);
}

static void assert_outcome(enum verdict want, enum guest_why why)
{
	if (vv.verdict != want)
		fail_msg("verdict %s, expected %s", verdict_name(vv.verdict),
			 verdict_name(want));
	if (vv.why != why)
		fail_msg("why %s, expected %s", guest_why_name(vv.why),
			 guest_why_name(why));
}

/* A PCIe endpoint whose only extended capability is AER at 0x100. */
static void build_endpoint_with_aer(void)
{
	cb_pcie_endpoint(&snap, 0x8086, 0x1563);
	cb_ext(&snap, 0x100, PCI_EXT_CAP_ID_AER, 0);
}

static void assert_verdict(int offset, enum vcap_reason reason,
			   bool default_ok)
{
	assert_int_equal(v.offset, offset);
	if (v.reason != reason)
		fail_msg("reason %s, expected %s", vcap_reason_name(v.reason),
			 vcap_reason_name(reason));
	assert_int_equal(v.default_ok, default_ok);
}

static void test_free_default_is_used(void **state)
{
	(void)state;
	build_endpoint_with_aer();
	place();
	assert_verdict(0xff8, VCAP_QEMU_DEFAULT, true);
	assert_outcome(VERDICT_DEFAULT_SAFE, WHY_NONE);
	assert_string_equal(vcap_reason_name(v.reason), "qemu-default");
	assert_int_equal(vv.default_occ, 0);
}

/* vfio passes a gap register through raw: covering it breaks the
 * guest driver, so the default is refused and the window moves down. */
static void test_hidden_register_at_ffc_moves_vcap(void **state)
{
	(void)state;
	build_endpoint_with_aer();
	cb_w32(&snap, 0xffc, 0x00000001);
	place();
	assert_int_equal(lay.owner[0xffc], OWN_HIDDEN);
	assert_verdict(0xff0, VCAP_HIGHEST_FREE, false);
	assert_outcome(VERDICT_OTHER_OFFSET, WHY_NONE);
	/* QEMU itself would take 0xff8: only the hidden register forbids it. */
	assert_true(vv.qemu_takes_default);
	assert_int_equal(vv.default_occ, OCC_NONZERO);
	/* 0xff4 taken too: 0xff0 no longer fits, 0xfec is not 8-aligned. */
	cb_w32(&snap, 0xff4, 0x00010000);
	place();
	assert_verdict(0xfe8, VCAP_HIGHEST_FREE, false);
}

/* A vendor structure filling 0xf00.. (PCIe r6.0 sec 7.9.5). */
static void test_linked_cap_at_the_top_moves_vcap(void **state)
{
	(void)state;
	build_endpoint_with_aer();
	cb_ext(&snap, 0x100, PCI_EXT_CAP_ID_AER, 0xf00);
	cb_ext(&snap, 0xf00, PCI_EXT_CAP_ID_VNDR, 0);
	cb_w32(&snap, 0xf04, 0x100u << 20);
	place();
	assert_int_equal(lay.owner[0xfff], OWN_CAP);
	assert_verdict(0xef8, VCAP_HIGHEST_FREE, false);
	assert_outcome(VERDICT_OTHER_OFFSET, WHY_NONE);
	assert_int_equal(vv.default_occ, OCC_CAP);
}

/* An unlinked SR-IOV structure is still decoded by the device. */
static void test_orphan_at_the_top_moves_vcap(void **state)
{
	(void)state;
	build_endpoint_with_aer();
	cb_ext(&snap, 0xfc0, PCI_EXT_CAP_ID_SRIOV, 0);
	cb_w16(&snap, 0xfc0 + PCI_SRIOV_TOTAL_VF, 8);
	place();
	assert_int_equal(lay.n_orphans, 1);
	assert_verdict(0xfb8, VCAP_HIGHEST_FREE, false);
}

/* With no extended capability the first extended dword reads 0, and
 * hw/vfio/pci.c vfio_add_ext_cap() returns before it would synthesize
 * a vPASID: nothing to place, whatever is free. */
static void test_empty_ext_chain_gets_no_vpasid(void **state)
{
	(void)state;
	cb_pcie_endpoint(&snap, 0x1b36, 0x0010);
	place();
	assert_int_equal(lay.caps.ext, EXT_SPACE_EMPTY);
	assert_verdict(-1, VCAP_NOT_EXTENDED, false);
	assert_outcome(VERDICT_NO_VPASID, WHY_NO_ECAP_SHOWN);
	assert_int_equal(place_v[VCAP_PRI].offset, -1);
	assert_int_equal(place_v[VCAP_ATS].offset, -1);
}

static void test_conventional_function_has_no_ext_space(void **state)
{
	(void)state;
	cb_init(&snap, 0x8086, 0x100e, 0x020000, CFG_SPACE_SIZE);
	cb_std_head(&snap, 0xdc);
	cb_std(&snap, 0xdc, PCI_CAP_ID_PM, 0);
	cb_w16(&snap, 0xde, 0x0002);
	place();
	assert_verdict(-1, VCAP_NOT_EXTENDED, false);
	assert_outcome(VERDICT_NO_VPASID, WHY_NOT_EXPRESS);
}

static void test_aliased_ext_space_is_none(void **state)
{
	unsigned int b;

	(void)state;
	cb_pcie_endpoint(&snap, 0x1002, 0x7910);
	for (b = CFG_LEGACY_SIZE; b < CFG_SPACE_SIZE; b += CFG_LEGACY_SIZE)
		memcpy(&snap.bytes[b], snap.bytes, CFG_LEGACY_SIZE);
	place();
	assert_verdict(-1, VCAP_NOT_EXTENDED, false);
	assert_outcome(VERDICT_NO_VPASID, WHY_NO_EXT_SPACE);
}

static void test_partial_snapshot_ext_unknown(void **state)
{
	(void)state;
	build_endpoint_with_aer();
	snap.valid_len = CFG_LEGACY_SIZE;
	place();
	assert_verdict(-1, VCAP_NOT_EXTENDED, false);
	assert_outcome(VERDICT_NOT_KNOWN, WHY_PARTIAL);
	/* A non-root read: 64 bytes, not even the capability list. */
	build_endpoint_with_aer();
	snap.valid_len = CFG_UNPRIV_SIZE;
	place();
	assert_verdict(-1, VCAP_NOT_EXTENDED, false);
	assert_outcome(VERDICT_NOT_KNOWN, WHY_PARTIAL);
	/* 256 bytes are all the host's kernel gives it: that is an answer. */
	build_endpoint_with_aer();
	snap.valid_len = CFG_LEGACY_SIZE;
	snap.facts.have = FACT_CFG_SIZE;
	snap.facts.cfg_size = CFG_LEGACY_SIZE;
	place();
	assert_outcome(VERDICT_NO_VPASID, WHY_HOST_256);
}

static void test_full_ext_space_no_room(void **state)
{
	unsigned int off;

	(void)state;
	/* One vendor structure owning all of 0x100..0xfff. */
	cb_pcie_endpoint(&snap, 0x8086, 0x1563);
	cb_ext(&snap, 0x100, PCI_EXT_CAP_ID_VNDR, 0);
	cb_w32(&snap, 0x104, 0xf00u << 20);
	place();
	assert_int_equal(lay.caps.caps[1].size, 0xf00);
	assert_verdict(-1, VCAP_NO_ROOM, false);
	assert_outcome(VERDICT_NO_SAFE_OFFSET, WHY_NONE);
	/* Or every gap dword after AER reading non-zero. */
	build_endpoint_with_aer();
	for (off = 0x12c; off < CFG_SPACE_SIZE; off += 4)
		cb_w32(&snap, off, 0x5a5a0000);
	place();
	assert_int_equal(lay.n_free, 1);	/* 0x7c..0xff only */
	assert_verdict(-1, VCAP_NO_ROOM, false);
}

/* xorshift32: the same pseudo-random layouts on every run. */
static uint32_t next_rand(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

static void build_random(uint32_t *seed, unsigned int density)
{
	unsigned int off;

	build_endpoint_with_aer();
	for (off = 0x12c; off < CFG_SPACE_SIZE; off += 4)
		if (next_rand(seed) % 100 < density)
			cb_w8(&snap, off + next_rand(seed) % 4, 0x01);
}

/* No 8-aligned window above the chosen one is free. */
static void assert_highest(int offset)
{
	unsigned int off;

	for (off = CFG_SPACE_SIZE - VPASID_SIZE; (int)off > offset; off -= 8)
		assert_false(layout_is_free(&lay, off, VPASID_SIZE));
}

static void test_chosen_offset_always_aligned_in_range_and_free(void **state)
{
	uint32_t seed = 0x2545f491;
	unsigned int i, chosen = 0, none = 0;

	(void)state;
	for (i = 0; i < 400; i++) {
		build_random(&seed, i % 101);
		place();
		if (v.offset < 0) {
			assert_int_equal(v.reason, VCAP_NO_ROOM);
			assert_highest(PCI_EXT_CAP_START - 8);
			none++;
			continue;
		}
		assert_int_equal(v.offset & 3, 0);
		assert_in_range(v.offset, PCI_EXT_CAP_START,
				CFG_SPACE_SIZE - VPASID_SIZE);
		assert_true(layout_is_free(&lay, (unsigned int)v.offset,
					   VPASID_SIZE));
		assert_true(qemu_accepts(guest.walk, guest.n_walk,
					 (unsigned int)v.offset, VPASID_SIZE));
		assert_int_equal(v.default_ok, v.offset == QEMU_VPASID_DEFAULT);
		assert_highest(v.offset);
		chosen++;
	}
	/* Both outcomes were exercised. */
	assert_true(chosen > 0);
	assert_true(none > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_free_default_is_used),
		cmocka_unit_test(test_hidden_register_at_ffc_moves_vcap),
		cmocka_unit_test(test_linked_cap_at_the_top_moves_vcap),
		cmocka_unit_test(test_orphan_at_the_top_moves_vcap),
		cmocka_unit_test(test_empty_ext_chain_gets_no_vpasid),
		cmocka_unit_test(test_conventional_function_has_no_ext_space),
		cmocka_unit_test(test_aliased_ext_space_is_none),
		cmocka_unit_test(test_partial_snapshot_ext_unknown),
		cmocka_unit_test(test_full_ext_space_no_room),
		cmocka_unit_test(test_chosen_offset_always_aligned_in_range_and_free),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
