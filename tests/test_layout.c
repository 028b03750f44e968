// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_layout.c - the owner map layout_build() draws: header, linked
 * capabilities, orphan structures, hidden gap registers, free windows,
 * and the bytes that were never read or do not exist.
 *
 * The devices are modelled on shipping parts whose config spaces break
 * the "gaps are empty" assumption; each test names the part it copies.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cfgbuild.h"
#include "layout.h"

static struct cfg_snapshot snap;
static struct layout lay;

static void assert_owner(unsigned int off, unsigned int len, enum owner o)
{
	unsigned int b;

	for (b = off; b < off + len; b++)
		if (lay.owner[b] != o)
			fail_msg("byte 0x%03x is %s, expected %s", b,
				 owner_name(lay.owner[b]), owner_name(o));
}

static void assert_region(const struct region *r, unsigned int off,
			  unsigned int size)
{
	assert_int_equal(r->off, off);
	assert_int_equal(r->size, size);
}

/*
 * Free windows must be exactly the maximal runs of whole dwords that
 * are owned by nobody, and every byte in them must read zero.
 */
static bool dword_free(unsigned int off)
{
	unsigned int b;

	for (b = off; b < off + 4; b++)
		if (lay.owner[b] != OWN_FREE)
			return false;
	return true;
}

static void assert_free_windows_maximal(void)
{
	unsigned int n = 0, off = 0, b;

	while (off < CFG_SPACE_SIZE) {
		unsigned int start = off;

		while (off < CFG_SPACE_SIZE && dword_free(off))
			off += 4;
		if (off == start) {
			off += 4;
			continue;
		}
		assert_true(n < lay.n_free);
		assert_region(&lay.free[n], start, off - start);
		for (b = start; b < off; b++)
			assert_int_equal(snap.bytes[b], 0);
		n++;
	}
	assert_int_equal(lay.n_free, n);
}

/* No orphan byte lies inside a linked capability's extent. */
static void assert_orphans_apart(void)
{
	unsigned int i, j;

	for (i = 0; i < lay.n_orphans; i++) {
		const struct cap *o = &lay.orphans[i];

		for (j = 0; j < lay.caps.n; j++) {
			const struct cap *c = &lay.caps.caps[j];

			if (o->ext != c->ext)
				continue;
			assert_true(o->off + o->size <= c->off ||
				    c->off + c->size <= o->off);
		}
		assert_owner(o->off, o->size, OWN_ORPHAN);
	}
}

static void test_owner_kinds_of_a_plain_endpoint(void **state)
{
	(void)state;
	cb_pcie_endpoint(&snap, 0x8086, 0x1563);
	cb_ext(&snap, 0x100, PCI_EXT_CAP_ID_AER, 0);
	layout_build(&snap, &lay);
	assert_owner(0x00, 0x40, OWN_HEADER);
	assert_owner(0x40, 0x3c, OWN_CAP);
	assert_int_equal(lay.index[0x40], 0);
	assert_owner(0x7c, 0x84, OWN_FREE);
	assert_owner(0x100, 0x2c, OWN_CAP);
	assert_int_equal(lay.index[0x12b], 1);
	assert_owner(0x12c, CFG_SPACE_SIZE - 0x12c, OWN_FREE);
	assert_int_equal(lay.n_orphans, 0);
	assert_int_equal(lay.n_hidden, 0);
	assert_int_equal(lay.n_free, 2);
	assert_region(&lay.free[0], 0x7c, 0x84);
	assert_region(&lay.free[1], 0x12c, CFG_SPACE_SIZE - 0x12c);
	assert_true(layout_is_free(&lay, 0xff8, 8));
	assert_false(layout_is_free(&lay, 0x128, 8));
	assert_false(layout_is_free(&lay, 0xffc, 8));
	assert_string_equal(owner_name(OWN_ORPHAN), "orphan");
}

/* Bytes that were not read are unknown, never free. */
static void test_unread_bytes_are_unknown(void **state)
{
	(void)state;
	cb_pcie_endpoint(&snap, 0x8086, 0x1563);
	snap.valid_len = CFG_LEGACY_SIZE;
	layout_build(&snap, &lay);
	assert_owner(0x7c, 0x84, OWN_FREE);
	assert_owner(0x100, CFG_SPACE_SIZE - 0x100, OWN_UNKNOWN);
	snap.valid_len = CFG_UNPRIV_SIZE;
	layout_build(&snap, &lay);
	assert_owner(0x00, 0x40, OWN_HEADER);
	assert_owner(0x40, CFG_SPACE_SIZE - 0x40, OWN_UNKNOWN);
	assert_int_equal(lay.n_free, 0);
}

/* A conventional function, or an aliased one, has no 0x100.. at all;
 * not even a plausible header in the alias becomes an orphan. */
static void test_missing_ext_space_is_absent(void **state)
{
	unsigned int b;

	(void)state;
	cb_init(&snap, 0x8086, 0x100e, 0x020000, CFG_SPACE_SIZE);
	cb_std_head(&snap, 0xdc);
	cb_std(&snap, 0xdc, PCI_CAP_ID_PM, 0);
	cb_w16(&snap, 0xde, 0x0002);
	cb_ext(&snap, 0x200, PCI_EXT_CAP_ID_SRIOV, 0);
	layout_build(&snap, &lay);
	assert_owner(0x100, CFG_SPACE_SIZE - 0x100, OWN_ABSENT);
	assert_int_equal(lay.n_orphans, 0);
	assert_int_equal(lay.n_hidden, 0);

	cb_pcie_endpoint(&snap, 0x1002, 0x7910);
	for (b = CFG_LEGACY_SIZE; b < CFG_SPACE_SIZE; b += CFG_LEGACY_SIZE)
		memcpy(&snap.bytes[b], snap.bytes, CFG_LEGACY_SIZE);
	layout_build(&snap, &lay);
	assert_int_equal(lay.caps.ext, EXT_SPACE_ALIASED);
	assert_owner(0x100, CFG_SPACE_SIZE - 0x100, OWN_ABSENT);
	assert_int_equal(lay.n_orphans, 0);
}

/*
 * Intel X550: AER 0x100 -> DSN 0x140 -> ARI 0x150 -> TPH 0x1a0; the
 * ARI's next skips a whole SR-IOV capability at 0x160 (PCIe r6.0
 * sec 9.3.3: 0x40 bytes), which the device still decodes.
 */
static void build_x550(void)
{
	cb_pcie_endpoint(&snap, 0x8086, 0x1563);
	cb_ext(&snap, 0x100, PCI_EXT_CAP_ID_AER, 0x140);
	cb_ext(&snap, 0x140, PCI_EXT_CAP_ID_DSN, 0x150);
	cb_w32(&snap, 0x144, 0x12345678);
	cb_ext(&snap, 0x150, PCI_EXT_CAP_ID_ARI, 0x1a0);
	cb_ext(&snap, 0x160, PCI_EXT_CAP_ID_SRIOV, 0x1a0);
	cb_w16(&snap, 0x160 + PCI_SRIOV_TOTAL_VF, 64);
	cb_w16(&snap, 0x160 + PCI_SRIOV_VF_OFFSET, 0x80);
	cb_w16(&snap, 0x160 + PCI_SRIOV_VF_STRIDE, 2);
	cb_w16(&snap, 0x160 + PCI_SRIOV_VF_DID, 0x1565);
	cb_ext(&snap, 0x1a0, PCI_EXT_CAP_ID_TPH, 0x1b0);
	cb_ext(&snap, 0x1b0, PCI_EXT_CAP_ID_ATS, 0);
}

static void test_x550_skipped_sriov_is_orphan(void **state)
{
	const struct cap *o;

	(void)state;
	build_x550();
	layout_build(&snap, &lay);
	assert_int_equal(lay.caps.n - lay.caps.n_std, 5);
	assert_null(caps_find(&lay.caps, true, PCI_EXT_CAP_ID_SRIOV));
	assert_int_equal(lay.n_orphans, 1);
	o = &lay.orphans[0];
	assert_int_equal(o->off, 0x160);
	assert_int_equal(o->id, PCI_EXT_CAP_ID_SRIOV);
	assert_true(o->ext);
	assert_int_equal(o->version, 1);
	assert_int_equal(o->size, 0x40);
	assert_owner(0x158, 8, OWN_FREE);
	assert_owner(0x160, 0x40, OWN_ORPHAN);
	assert_int_equal(lay.index[0x19f], 0);
	assert_owner(0x1a0, 0x0c, OWN_CAP);
	assert_int_equal(lay.n_hidden, 0);
	assert_orphans_apart();
	assert_free_windows_maximal();
}

/* ConnectX-3 Pro: ARI at 0x100 -> AER at 0x148; SR-IOV at 0x108. */
static void test_connectx3_unlinked_sriov_is_orphan(void **state)
{
	(void)state;
	cb_pcie_endpoint(&snap, 0x15b3, 0x1007);
	cb_ext(&snap, 0x100, PCI_EXT_CAP_ID_ARI, 0x148);
	cb_ext(&snap, 0x108, PCI_EXT_CAP_ID_SRIOV, 0);
	cb_w16(&snap, 0x108 + PCI_SRIOV_TOTAL_VF, 16);
	cb_w16(&snap, 0x108 + PCI_SRIOV_VF_DID, 0x1004);
	cb_ext(&snap, 0x148, PCI_EXT_CAP_ID_AER, 0);
	layout_build(&snap, &lay);
	assert_int_equal(lay.n_orphans, 1);
	assert_int_equal(lay.orphans[0].off, 0x108);
	assert_int_equal(lay.orphans[0].id, PCI_EXT_CAP_ID_SRIOV);
	assert_owner(0x100, 8, OWN_CAP);
	assert_owner(0x108, 0x40, OWN_ORPHAN);
	assert_owner(0x148, 0x2c, OWN_CAP);
	assert_owner(0x174, 4, OWN_FREE);
	assert_orphans_apart();
	assert_free_windows_maximal();
}

/* Intel QAT VFs keep a PCIe capability at 0x50 that no pointer reaches. */
static void test_qat_vf_unlinked_pcie_cap_is_orphan(void **state)
{
	const struct cap *o;

	(void)state;
	cb_init(&snap, 0x8086, 0x0443, 0x0b4000, CFG_SPACE_SIZE);
	cb_std_head(&snap, 0xb0);
	cb_std(&snap, 0xb0, PCI_CAP_ID_MSIX, 0);
	cb_w16(&snap, 0xb2, 0x0010);
	cb_pcie(&snap, 0x50, 0, 2, PCI_EXP_TYPE_ENDPOINT, 0);
	layout_build(&snap, &lay);
	assert_int_equal(lay.caps.n, 1);
	assert_int_equal(lay.n_orphans, 1);
	o = &lay.orphans[0];
	assert_int_equal(o->off, 0x50);
	assert_int_equal(o->id, PCI_CAP_ID_EXP);
	assert_false(o->ext);
	assert_int_equal(o->size, 0x3c);
	assert_owner(0x40, 0x10, OWN_FREE);
	assert_owner(0x50, 0x3c, OWN_ORPHAN);
	assert_owner(0x8c, 0x24, OWN_FREE);
	assert_owner(0xb0, 12, OWN_CAP);
	assert_free_windows_maximal();
}

/*
 * Emulex be2net: PM 0x40, MSI-X 0x48, PCIe 0xc0, and firmware registers
 * in the gaps at 0x58, 0xa0-0xb4 and 0xfc that vfio passes through raw.
 */
static void build_be2net(void)
{
	unsigned int off;

	cb_init(&snap, 0x19a2, 0x0710, 0x020000, CFG_SPACE_SIZE);
	cb_std_head(&snap, 0x40);
	cb_std(&snap, 0x40, PCI_CAP_ID_PM, 0x48);
	cb_w16(&snap, 0x42, 0x0003);
	cb_std(&snap, 0x48, PCI_CAP_ID_MSIX, 0xc0);
	cb_pcie(&snap, 0xc0, 0, 2, PCI_EXP_TYPE_ENDPOINT, 8);
	cb_ext(&snap, 0x100, PCI_EXT_CAP_ID_AER, 0);
	cb_w32(&snap, 0x58, 0xa5a55a5a);
	for (off = 0xa0; off <= 0xb4; off += 4)
		cb_w32(&snap, off, 0x12345678 + off);
	cb_w32(&snap, 0xfc, 0x80000000);
}

static void test_be2net_gap_registers_are_hidden(void **state)
{
	unsigned int i;

	(void)state;
	build_be2net();
	layout_build(&snap, &lay);
	assert_int_equal(lay.n_orphans, 0);
	assert_int_equal(lay.n_hidden, 3);
	assert_region(&lay.hidden[0], 0x58, 4);
	assert_region(&lay.hidden[1], 0xa0, 0x18);
	assert_region(&lay.hidden[2], 0xfc, 4);
	for (i = 0; i < lay.n_hidden; i++)
		assert_int_equal(lay.hidden[i].evidence, EVID_NONZERO);
	assert_owner(0xfc, 4, OWN_HIDDEN);
	assert_int_equal(lay.n_free, 4);
	assert_region(&lay.free[0], 0x54, 4);
	assert_region(&lay.free[1], 0x5c, 0x44);
	assert_region(&lay.free[2], 0xb8, 8);
	assert_region(&lay.free[3], 0x12c, CFG_SPACE_SIZE - 0x12c);
	assert_free_windows_maximal();
}

/* A register is a dword: one non-zero byte hides all four. */
static void test_hidden_is_dword_granular(void **state)
{
	(void)state;
	cb_pcie_endpoint(&snap, 0x8086, 0x1563);
	cb_ext(&snap, 0x100, PCI_EXT_CAP_ID_AER, 0);
	cb_w8(&snap, 0x83, 0x01);
	cb_w8(&snap, 0x801, 0x01);
	cb_w8(&snap, 0x80a, 0x80);
	layout_build(&snap, &lay);
	assert_int_equal(lay.n_hidden, 3);
	assert_region(&lay.hidden[0], 0x80, 4);
	assert_region(&lay.hidden[1], 0x800, 4);
	assert_region(&lay.hidden[2], 0x808, 4);
	assert_owner(0x7c, 4, OWN_FREE);
	assert_owner(0x80, 4, OWN_HIDDEN);
	assert_owner(0x804, 4, OWN_FREE);
	assert_free_windows_maximal();
}

/*
 * ICH9 LPC: RCBA 0xfed1c001 at 0xf0 reads as id 1, next 0xc0, PMC
 * 0xfed1; PMC bit 4 is reserved (PCI PM r1.2 sec 3.2.3), so it is a
 * register, not a PM capability.  With that bit clear it would be one.
 */
static void test_rcba_lookalike_is_not_orphan(void **state)
{
	(void)state;
	cb_init(&snap, 0x8086, 0x2918, 0x060100, CFG_SPACE_SIZE);
	cb_std_head(&snap, 0xe0);
	cb_std(&snap, 0xe0, PCI_CAP_ID_VNDR, 0);
	cb_w8(&snap, 0xe2, 0x0c);
	cb_w32(&snap, 0xe4, 0x10020fc0);
	cb_w32(&snap, 0xf0, 0xfed1c001);
	layout_build(&snap, &lay);
	assert_int_equal(lay.n_orphans, 0);
	assert_owner(0xf0, 4, OWN_HIDDEN);
	assert_owner(0xc0, 4, OWN_FREE);
	assert_int_equal(lay.n_hidden, 1);
	assert_region(&lay.hidden[0], 0xf0, 4);

	cb_w32(&snap, 0xf0, 0xfec1c001);
	layout_build(&snap, &lay);
	assert_int_equal(lay.n_orphans, 1);
	assert_int_equal(lay.orphans[0].off, 0xf0);
	assert_int_equal(lay.orphans[0].id, PCI_CAP_ID_PM);
	assert_int_equal(lay.orphans[0].size, 8);
}

/* A plausible header whose extent runs into a linked capability is
 * data, not a structure: linked capabilities keep their bytes. */
static void test_orphan_never_overlaps_linked_cap(void **state)
{
	(void)state;
	cb_pcie_endpoint(&snap, 0x8086, 0x1563);
	cb_ext(&snap, 0x100, PCI_EXT_CAP_ID_AER, 0x1a0);
	cb_ext(&snap, 0x1a0, PCI_EXT_CAP_ID_DSN, 0);
	cb_ext(&snap, 0x180, PCI_EXT_CAP_ID_SRIOV, 0);
	layout_build(&snap, &lay);
	assert_int_equal(lay.n_orphans, 0);
	assert_owner(0x180, 4, OWN_HIDDEN);
	assert_owner(0x1a0, 12, OWN_CAP);
	build_x550();
	cb_ext(&snap, 0x1c0, PCI_EXT_CAP_ID_PASID, 0);	/* fits: orphan */
	layout_build(&snap, &lay);
	assert_int_equal(lay.n_orphans, 2);
	assert_int_equal(lay.orphans[1].off, 0x1c0);
	assert_orphans_apart();
}

/* First claim wins; the later capability's overlap is noted. */
static void test_overlapping_linked_caps_noted(void **state)
{
	const struct cap_note *n = NULL;
	unsigned int i;

	(void)state;
	cb_pcie_endpoint(&snap, 0x8086, 0x1563);
	cb_std(&snap, 0x40, PCI_CAP_ID_EXP, 0x78);
	cb_std(&snap, 0x78, PCI_CAP_ID_MSIX, 0);
	layout_build(&snap, &lay);
	for (i = 0; i < lay.caps.n_notes; i++)
		if (lay.caps.notes[i].code == NOTE_OVERLAP)
			n = &lay.caps.notes[i];
	assert_non_null(n);
	assert_int_equal(n->off, 0x78);
	assert_int_equal(n->arg, 0x40);
	assert_int_equal(lay.index[0x78], 0);
	assert_owner(0x78, 12, OWN_CAP);
	assert_int_equal(lay.index[0x7c], 1);
	assert_int_equal(lay.index[0x83], 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_owner_kinds_of_a_plain_endpoint),
		cmocka_unit_test(test_unread_bytes_are_unknown),
		cmocka_unit_test(test_missing_ext_space_is_absent),
		cmocka_unit_test(test_x550_skipped_sriov_is_orphan),
		cmocka_unit_test(test_connectx3_unlinked_sriov_is_orphan),
		cmocka_unit_test(test_qat_vf_unlinked_pcie_cap_is_orphan),
		cmocka_unit_test(test_be2net_gap_registers_are_hidden),
		cmocka_unit_test(test_hidden_is_dword_granular),
		cmocka_unit_test(test_rcba_lookalike_is_not_orphan),
		cmocka_unit_test(test_orphan_never_overlaps_linked_cap),
		cmocka_unit_test(test_overlapping_linked_caps_noted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
