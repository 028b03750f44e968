// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_cell_map.c - the class of each byte the pictures draw, from one
 * function and from a key's consensus, and the two drawings made of it:
 * the terminal map's characters and the SVG's escaping.
 *
 * The function is a PCIe endpoint built with cfgbuild.h: PCIe at 0x40,
 * AER at 0x100 and a non-zero register in the gap at 0x200, with one
 * volatile and one writable gap dword, as a read and a write probe
 * would have marked them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cfgbuild.h"
#include "cell_map.h"
#include "emit_svg.h"
#include "emit_term_map.h"

static struct cfg_snapshot snap;
static struct fn_report rep;
static struct cell_map map;

static void build(void)
{
	cb_pcie_endpoint(&snap, 0x8086, 0x1234);
	cb_ext(&snap, 0x100, PCI_EXT_CAP_ID_AER, 0);
	cb_w32(&snap, 0x200, 0xdeadbeef);	/* hidden: non-zero */
	memset(&snap.vol[0x300], 0xff, 4);	/* hidden: volatile, reads 0 */
	snap.probe = PROBE_WRITE;
	snap.rw[0x400] = 0x01;			/* hidden: took a write */
	snap.bytes[0xffc] = 0x5a;		/* hidden under QEMU's default */
	analyze(&snap, &rep);
	cell_map_from_report(&rep, &map);
}

static void assert_class(unsigned int off, unsigned int len, enum cell_class c)
{
	unsigned int b;

	for (b = off; b < off + len; b++)
		if (map.cls[b] != c)
			fail_msg("byte 0x%03x is %s, expected %s", b,
				 cell_class_name(map.cls[b]), cell_class_name(c));
}

static void test_function_classes(void **state)
{
	(void)state;
	build();
	assert_class(0, 0x40, CELL_HEADER);
	assert_class(0x40, 0x3c, CELL_CAP);
	assert_class(0x100, 0x2c, CELL_CAP);
	assert_class(0x200, 4, CELL_NONZERO);
	assert_class(0x300, 4, CELL_VOLATILE);
	assert_class(0x400, 4, CELL_WRITABLE);
	assert_class(0x404, 0x10, CELL_FREE);
	assert_class(0xffc, 4, CELL_NONZERO);
	assert_int_equal(map.value[0], 0x86);
	assert_int_equal(map.value[0x203], 0xde);
	/* Labels: the capabilities by address, with their names. */
	assert_int_equal(map.n_labels, 2);
	assert_int_equal(map.labels[map.label[0x40]].off, 0x40);
	assert_int_equal(map.labels[map.label[0x12b]].off, 0x100);
	assert_int_equal(map.labels[map.order[1]].off, 0x100);
	assert_string_equal(map.labels[map.label[0x100]].name,
			    "Advanced Error Reporting");
	assert_int_equal(map.label[0x200], CELL_NO_LABEL);
}

/* vPASID where show puts it; vPRI and vATS below it, none overlapping. */
static void test_function_placements(void **state)
{
	(void)state;
	build();
	assert_int_equal(map.place[VCAP_PASID].offset, rep.place[VCAP_PASID].offset);
	assert_int_equal(map.verdict.verdict, VERDICT_OTHER_OFFSET);
	assert_int_equal(map.place[VCAP_PASID].offset, 0xff0);
	assert_int_equal(cell_map_placement_at(&map, 0xff0), VCAP_PASID);
	assert_int_equal(cell_map_placement_at(&map, 0xff7), VCAP_PASID);
	assert_int_equal(cell_map_placement_at(&map, 0xffc), -1);
	assert_in_range(map.place[VCAP_PRI].offset, 0x404, 0xfe0);
	assert_in_range(map.place[VCAP_ATS].offset, 0x404, 0xfe8);
}

static void test_unread_bytes(void **state)
{
	(void)state;
	cb_pcie_endpoint(&snap, 0x8086, 0x1234);
	snap.valid_len = 64;
	analyze(&snap, &rep);
	cell_map_from_report(&rep, &map);
	assert_class(0, 0x40, CELL_HEADER);
	assert_class(0x40, CFG_SPACE_SIZE - 0x40, CELL_UNKNOWN);
	assert_int_equal(map.value[0x40], -1);
	assert_int_equal(map.place[VCAP_PASID].offset, -1);
}

/* A key's byte shows the strongest reason any observation gave. */
static void test_key_precedence(void **state)
{
	struct dev_key *k = calloc(1, sizeof(*k));
	struct key_cap caps[2] = {
		{ .off = 0x100, .id = PCI_EXT_CAP_ID_AER, .ext = true, .size = 0x2c },
		{ .off = 0x200, .id = PCI_EXT_CAP_ID_SRIOV, .ext = true,
		  .orphan = true, .size = 0x40 },
	};
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	k->vendor = 0x8086;
	k->device = 0x1234;
	k->vf = true;
	k->n_obs = 3;
	k->caps = caps;
	k->n_caps = 2;
	memset(k->occ, OCC_HEADER, 0x40);
	memset(&k->occ[0x100], OCC_CAP | OCC_NONZERO, 0x2c);
	memset(&k->occ[0x200], OCC_ORPHAN | OCC_WRITABLE, 0x40);
	memset(&k->occ[0x300], OCC_NONZERO | OCC_VOLATILE, 4);
	memset(&k->occ[0x304], OCC_UNKNOWN | OCC_NONZERO, 4);
	memset(&k->occ[0x308], OCC_ABSENT | OCC_UNKNOWN, 4);
	k->place[VCAP_PASID].offset = 0xff8;
	k->place[VCAP_PRI].offset = -1;
	k->place[VCAP_ATS].offset = -1;
	cell_map_from_key(k, NULL, &map);
	assert_true(map.key);
	assert_string_equal(map.title, "8086:1234:vf");
	assert_class(0, 0x40, CELL_HEADER);
	assert_class(0x100, 0x2c, CELL_CAP);
	assert_class(0x200, 0x40, CELL_ORPHAN);
	assert_class(0x300, 4, CELL_VOLATILE);
	assert_class(0x304, 4, CELL_NONZERO);
	assert_class(0x308, 4, CELL_UNKNOWN);
	assert_class(0x30c, 4, CELL_FREE);
	assert_int_equal(map.labels[map.label[0x210]].off, 0x200);
	assert_true(map.labels[map.label[0x210]].orphan);
	assert_int_equal(map.value[0], -1);
	assert_int_equal(cell_map_placement_at(&map, 0xffc), VCAP_PASID);
	/* The tooltip gives every reason, the colour the strongest. */
	f = open_memstream(&buf, &len);
	emit_svg(f, &map, NULL, false);
	fclose(f);
	assert_non_null(strstr(buf, "<title>0x100 not read: capability Advanced "
				    "Error Reporting at 0x100; taken as capability, "
				    "non-zero</title>"));
	free(buf);
	free(k);
}

static char *draw_text(bool colour)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	emit_term_map(f, &map, colour);
	fclose(f);
	return buf;
}

/* The line of the map that starts at off. */
static const char *map_line(const char *text, unsigned int off)
{
	char head[8];
	const char *p;

	snprintf(head, sizeof(head), "\t%03x ", off);
	p = strstr(text, head);
	if (!p)
		fail_msg("no map line for 0x%03x", off);
	return p + strlen(head);
}

static void test_term_map(void **state)
{
	char *plain, *colour;

	(void)state;
	build();
	plain = draw_text(false);
	assert_null(strchr(plain, '\033'));
	assert_memory_equal(map_line(plain, 0), "################0000", 20);
	/* 0x100 AER (11 dwords), 0x200 non-zero, 0x300 volatile,
	 * 0x400 writable, vPASID at 0xff0 over 0xff0-0xff7. */
	assert_memory_equal(map_line(plain, 0x100), "11111111111.", 12);
	assert_memory_equal(map_line(plain, 0x200), "*.", 2);
	assert_memory_equal(map_line(plain, 0x300), "~.", 2);
	assert_memory_equal(map_line(plain, 0x400), "!.", 2);
	assert_memory_equal(map_line(plain, 0xf00) + 60, "PP.*\n", 5);
	assert_non_null(strstr(plain, "1 Advanced Error Reporting at 0x100"));
	colour = draw_text(true);
	assert_non_null(strstr(colour, "\033[100;97m################\033[0m"));
	free(colour);
	free(plain);
}

static void test_xml_escaping(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	xml_puts(f, "a<b>&\"c'");
	fclose(f);
	assert_string_equal(buf, "a&lt;b&gt;&amp;&quot;c&#39;");
	free(buf);
}

/* Every cell, one tooltip each, and the outline where placed. */
static void test_svg_cells(void **state)
{
	char *buf = NULL, *p;
	size_t len = 0, n = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	build();
	emit_svg(f, &map, NULL, false);
	fclose(f);
	for (p = buf; (p = strstr(p, "<rect x=")); p++) {
		const char *t = strstr(p, "<title>0x");

		if (t && t < strchr(p, '\n'))
			n++;
	}
	assert_int_equal(n, CFG_SPACE_SIZE);
	assert_non_null(strstr(buf, "<title>0x203 = de: hidden register: non-zero</title>"));
	assert_non_null(strstr(buf, "<rect data-place=\"vpasid\" x=\"479\" y=\"629\""));
	assert_non_null(strstr(buf, "0x100 Advanced Error Reporting</text>"));
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_function_classes),
		cmocka_unit_test(test_function_placements),
		cmocka_unit_test(test_unread_bytes),
		cmocka_unit_test(test_key_precedence),
		cmocka_unit_test(test_term_map),
		cmocka_unit_test(test_xml_escaping),
		cmocka_unit_test(test_svg_cells),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
