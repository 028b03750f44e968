// SPDX-License-Identifier: GPL-2.0-or-later
/* test_cfg.c - snapshot accessors and function addresses. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cfgbuild.h"

static struct cfg_snapshot snap;

static void test_le_reads(void **state)
{
	(void)state;
	cb_init(&snap, 0x8086, 0x1563, 0x020000, CFG_SPACE_SIZE);
	cb_w32(&snap, 0x100, 0x14010001);
	assert_int_equal(cfg_le16(&snap, 0), 0x8086);
	assert_int_equal(cfg_le16(&snap, 2), 0x1563);
	assert_int_equal(cfg_le32(&snap, 0x100), 0x14010001);
	assert_int_equal(cfg_u8(&snap, 0x103), 0x14);
}

/* Unknown is not zero: past the valid length reads all-ones. */
static void test_unknown_bytes(void **state)
{
	(void)state;
	cb_init(&snap, 0x8086, 0x1563, 0x020000, CFG_UNPRIV_SIZE);
	assert_true(cfg_known(&snap, 0x3c, 4));
	assert_false(cfg_known(&snap, 0x3e, 4));
	assert_false(cfg_known(&snap, 0x40, 1));
	assert_int_equal(cfg_u8(&snap, 0x40), 0xff);
	assert_int_equal(cfg_le32(&snap, 0x3e), 0xffffffff);
	assert_false(cfg_known(&snap, CFG_SPACE_SIZE, 1));
	assert_false(cfg_known(&snap, 0xfffffffe, 4));
}

static void test_ident_from_bytes(void **state)
{
	(void)state;
	cb_init(&snap, 0x1b36, 0x0010, 0x010802, CFG_SPACE_SIZE);
	cb_w16(&snap, PCI_SUBSYSTEM_VENDOR_ID, 0x1af4);
	cb_w16(&snap, PCI_SUBSYSTEM_ID, 0x1100);
	cfg_ident_from_bytes(&snap);
	assert_int_equal(snap.id.class, 0x010802);
	assert_int_equal(snap.id.revision, 1);
	assert_int_equal(snap.id.subvendor, 0x1af4);
	assert_int_equal(snap.id.subdevice, 0x1100);
	cb_w8(&snap, PCI_HEADER_TYPE, PCI_HEADER_TYPE_BRIDGE);
	cfg_ident_from_bytes(&snap);
	assert_int_equal(snap.id.subvendor, PCI_BRIDGE_SUBSYS_NONE);
}

static void test_addr_parse_format(void **state)
{
	struct pci_addr a;
	char buf[PCI_ADDR_STRLEN];

	(void)state;
	assert_int_equal(pci_addr_parse("01:00.1 NVMe", &a), 7);
	assert_int_equal(a.domain, 0);
	assert_int_equal(a.bus, 1);
	assert_int_equal(a.fn, 1);
	assert_int_equal(pci_addr_parse("0001:e1:1f.7", &a), 12);
	assert_int_equal(a.domain, 1);
	assert_int_equal(a.bus, 0xe1);
	assert_int_equal(a.dev, 0x1f);
	pci_addr_format(&a, buf);
	assert_string_equal(buf, "0001:e1:1f.7");
	assert_int_equal(pci_addr_parse("00:20.0", &a), 0);	/* dev > 31 */
	assert_int_equal(pci_addr_parse("00:02.8", &a), 0);	/* fn > 7 */
	assert_int_equal(pci_addr_parse("000: ff", &a), 0);	/* a hex line */
	assert_int_equal(pci_addr_parse("0:0.0", &a), 0);
}

/*
 * Domains are 32 bits (Linux's pci_domain_nr() is an int; VMD numbers
 * from 10000): printed "%04x" as lspci and sysfs do, 4 digits or more,
 * read back from 1 to 8 digits.
 */
static void test_addr_domains(void **state)
{
	static const struct {
		const char *text;
		uint32_t domain;
	} t[] = {
		{ "0000:e1:00.0", 0 },
		{ "ffff:e1:00.0", 0xffff },
		{ "10000:e1:00.0", 0x10000 },
		{ "ffffffff:e1:00.0", 0xffffffff },
	};
	struct pci_addr a, b;
	char buf[PCI_ADDR_STRLEN];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_int_equal(pci_addr_parse(t[i].text, &a), strlen(t[i].text));
		assert_int_equal(a.domain, t[i].domain);
		assert_int_equal(a.bus, 0xe1);
		pci_addr_format(&a, buf);
		assert_string_equal(buf, t[i].text);
	}
	assert_int_equal(strlen("ffffffff:ff:1f.7") + 1, PCI_ADDR_STRLEN);
	pci_addr_parse("ffffffff:ff:1f.7", &a);
	pci_addr_format(&a, buf);
	assert_string_equal(buf, "ffffffff:ff:1f.7");

	/* fewer digits, the same domain; printed as lspci prints it */
	assert_int_equal(pci_addr_parse("1:02:03.4", &a), 9);
	assert_int_equal(a.domain, 1);
	assert_int_equal(pci_addr_parse("00010000:02:03.4 x", &a), 16);
	assert_int_equal(a.domain, 0x10000);
	pci_addr_format(&a, buf);
	assert_string_equal(buf, "10000:02:03.4");

	/* 9 digits, no digits, a non-digit: not an address */
	assert_int_equal(pci_addr_parse("100000000:e1:00.0", &a), 0);
	assert_int_equal(pci_addr_parse("000000000:e1:00.0", &a), 0);
	assert_int_equal(pci_addr_parse(":e1:00.0", &a), 0);
	assert_int_equal(pci_addr_parse("1000g:e1:00.0", &a), 0);
	assert_int_equal(pci_addr_parse("10000:e1:00", &a), 0);

	/* the whole domain tells functions apart and orders them */
	pci_addr_parse("10000:e1:00.0", &a);
	pci_addr_parse("0000:e1:00.0", &b);
	assert_int_equal(pci_addr_rid(&a), pci_addr_rid(&b));
	assert_true(pci_addr_cmp(&a, &b) > 0);
	assert_true(pci_addr_cmp(&b, &a) < 0);
	pci_addr_parse("ffff:e1:00.0", &b);
	assert_true(pci_addr_cmp(&a, &b) > 0);
	pci_addr_parse("ffffffff:00:00.0", &b);
	assert_true(pci_addr_cmp(&a, &b) < 0);
	pci_addr_parse("10000:e1:00.0", &b);
	assert_int_equal(pci_addr_cmp(&a, &b), 0);
}

/* Routing IDs order functions as the bus does (PCIe r6.0 2.2.6.2). */
static void test_rid_and_cmp(void **state)
{
	struct pci_addr a = { 0, 1, 2, 3 }, b = { 0, 1, 2, 4 }, c = { 1, 0, 0, 0 };

	(void)state;
	assert_int_equal(pci_addr_rid(&a), 0x0113);
	assert_true(pci_addr_cmp(&a, &b) < 0);
	assert_true(pci_addr_cmp(&c, &a) > 0);
	assert_int_equal(pci_addr_cmp(&a, &a), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_le_reads),
		cmocka_unit_test(test_unknown_bytes),
		cmocka_unit_test(test_ident_from_bytes),
		cmocka_unit_test(test_addr_parse_format),
		cmocka_unit_test(test_addr_domains),
		cmocka_unit_test(test_rid_and_cmp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
