// SPDX-License-Identifier: GPL-2.0-or-later
/* test_filter.c - lspci-style -s and -d selections. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "filter.h"

static struct cfg_ident ident(unsigned int dom, unsigned int bus,
			      unsigned int dev, unsigned int fn,
			      unsigned int vendor, unsigned int device,
			      unsigned int class)
{
	struct cfg_ident id = {
		.addr = { (uint32_t)dom, (uint8_t)bus, (uint8_t)dev, (uint8_t)fn },
		.vendor = (uint16_t)vendor, .device = (uint16_t)device,
		.class = class,
	};

	return id;
}

static bool slot(const char *spec, struct cfg_ident id)
{
	struct fn_filter f;

	filter_init(&f);
	assert_int_equal(filter_parse_slot(&f, spec), 0);
	return filter_match(&f, &id);
}

static void test_slot_forms(void **state)
{
	struct cfg_ident vf = ident(0, 1, 0, 1, 0x1b36, 0x10, 0x010802);

	(void)state;
	assert_true(slot("01:00.1", vf));
	assert_true(slot("0000:01:00.1", vf));
	assert_true(slot("01:", vf));
	assert_true(slot(".1", vf));
	assert_true(slot("0", vf));
	assert_true(slot("*:*.*", vf));
	assert_false(slot("01:00.2", vf));
	assert_false(slot("0001:01:00.1", vf));
	assert_false(slot("02:", vf));
}

/* A domain past 16 bits, up to lspci's limit (pciutils lib/filter.c). */
static void test_slot_wide_domain(void **state)
{
	struct cfg_ident vmd = ident(0x10000, 0xe1, 0, 0, 0x144d, 0xa808, 0x010802);
	struct cfg_ident top = ident(0x7fffffff, 0, 0, 0, 0x8086, 0x0001, 0);
	struct fn_filter f;

	(void)state;
	assert_true(slot("10000:e1:00.0", vmd));
	assert_true(slot("10000::", vmd));
	assert_true(slot("e1:00.0", vmd));
	assert_false(slot("0000:e1:00.0", vmd));
	assert_false(slot("1:e1:00.0", vmd));
	assert_true(slot("7fffffff::", top));
	filter_init(&f);
	assert_int_equal(filter_parse_slot(&f, "80000000::"), -1);
	assert_int_equal(filter_parse_slot(&f, "ffffffff:00:00.0"), -1);
	assert_int_equal(filter_parse_slot(&f, "100000000::"), -1);
}

static void test_slot_malformed(void **state)
{
	struct fn_filter f;

	(void)state;
	filter_init(&f);
	assert_int_equal(filter_parse_slot(&f, "1:2:3:4"), -1);
	assert_int_equal(filter_parse_slot(&f, "00:20.0"), -1);
	assert_int_equal(filter_parse_slot(&f, "00:00.8"), -1);
	assert_int_equal(filter_parse_slot(&f, "zz:00.0"), -1);
}

static void test_id_forms(void **state)
{
	struct cfg_ident nvme = ident(0, 1, 0, 0, 0x1b36, 0x0010, 0x010802);
	struct fn_filter f;

	(void)state;
	filter_init(&f);
	assert_int_equal(filter_parse_id(&f, "1b36:"), 0);
	assert_true(filter_match(&f, &nvme));
	filter_init(&f);
	assert_int_equal(filter_parse_id(&f, ":0010"), 0);
	assert_true(filter_match(&f, &nvme));
	filter_init(&f);
	assert_int_equal(filter_parse_id(&f, "::0108"), 0);
	assert_true(filter_match(&f, &nvme));
	filter_init(&f);
	assert_int_equal(filter_parse_id(&f, "8086:0010"), 0);
	assert_false(filter_match(&f, &nvme));
	assert_int_equal(filter_parse_id(&f, "1b36"), -1);
	assert_int_equal(filter_parse_id(&f, "1b36:10000"), -1);
}

/* A device key's kind in -d's third field: VENDOR:DEVICE:fn|vf, the one
 * key syntax (an SR-IOV PF is an fn; "pf" is read as "fn"). */
static void test_id_key_kind(void **state)
{
	struct cfg_ident pf = ident(0, 1, 0, 0, 0x1b36, 0x0010, 0x010802);
	struct cfg_ident vf = pf;
	struct fn_filter f;

	(void)state;
	pf.kind = FN_KIND_PF;
	vf.kind = FN_KIND_VF;
	filter_init(&f);
	assert_int_equal(filter_parse_id(&f, "1b36:0010:vf"), 0);
	assert_int_equal(f.class, -1);
	assert_true(filter_match(&f, &vf));
	assert_false(filter_match(&f, &pf));
	filter_init(&f);
	assert_int_equal(filter_parse_id(&f, "1b36:0010:fn"), 0);
	assert_true(filter_match(&f, &pf));
	assert_false(filter_match(&f, &vf));
	filter_init(&f);
	assert_int_equal(filter_parse_id(&f, "::pf"), 0);
	assert_true(filter_match(&f, &pf));
	filter_init(&f);
	assert_int_equal(filter_parse_id(&f, "1b36:0010:xf"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slot_forms),
		cmocka_unit_test(test_slot_wide_domain),
		cmocka_unit_test(test_slot_malformed),
		cmocka_unit_test(test_id_forms),
		cmocka_unit_test(test_id_key_kind),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
