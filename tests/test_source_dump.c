// SPDX-License-Identifier: GPL-2.0-or-later
/* test_source_dump.c - replay readers: lspci text, binary, record format. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfgbuild.h"
#include "emit_record.h"
#include "hex16.h"
#include "source_dump.h"

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

static int read_text(const char *text)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int ret;

	assert_non_null(f);
	ret = dump_read_text(f, "mem", &ss);
	fclose(f);
	return ret;
}

/* n hex lines of zeros from offset 0, in lspci's offset style. */
static char *dump_of(const char *header, unsigned int bytes)
{
	size_t cap = strlen(header) + 16 + bytes / 16 * 60;
	char *buf = calloc(1, cap), *p = buf;
	unsigned int off;

	assert_non_null(buf);
	p += sprintf(p, "%s\n", header);
	for (off = 0; off < bytes; off += 16)
		p += sprintf(p, off < 256 ? "%02x: 86 80 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n" :
					    "%03x: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n", off);
	return buf;
}

static void test_lengths(void **state)
{
	static const unsigned int lens[] = { 64, 256, 4096 };
	unsigned int i;

	(void)state;
	for (i = 0; i < 3; i++) {
		char *d = dump_of("00:02.0 Ethernet controller: Intel", lens[i]);

		assert_int_equal(read_text(d), 0);
		assert_int_equal(ss.v[0]->valid_len, lens[i]);
		assert_int_equal(ss.v[0]->id.vendor, 0x8086);
		snapset_free(&ss);
		snapset_init(&ss);
		free(d);
	}
}

/* What lspci -vvvxxx prints: decoded lines are indented and ignored. */
static void test_vvv_and_domains(void **state)
{
	const char *t =
		"# a comment\n"
		"0001:e1:00.0 Non-Volatile memory controller: X (prog-if 02 [NVM Express])\n"
		"\tSubsystem: X\n"
		"\tCapabilities: [40] Power Management version 3\n"
		"00: 4d 14 25 a8 06 04 10 00 00 02 08 01 00 00 00 00\n"
		"10: 04 00 00 fe 00 00 00 00 00 00 00 00 00 00 00 00\n"
		"20: 00 00 00 00 00 00 00 00 00 00 00 00 4d 14 01 a8\n"
		"30: 00 00 00 00 40 00 00 00 00 00 00 00 ff 01 00 00\n"
		"\n"
		"00:1f.3 SMBus\n"
		"00: 86 80 30 29 00 00 00 00 02 00 05 0c 00 00 00 00\n"
		"10: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n"
		"20: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n"
		"30: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n";

	(void)state;
	assert_int_equal(read_text(t), 0);
	assert_int_equal(ss.n, 2);
	assert_int_equal(ss.v[0]->id.addr.domain, 1);
	assert_int_equal(ss.v[0]->id.addr.bus, 0xe1);
	assert_int_equal(ss.v[0]->id.vendor, 0x144d);
	assert_int_equal(ss.v[0]->id.class, 0x010802);
	assert_int_equal(ss.v[0]->origin.line, 2);
	assert_int_equal(ss.v[1]->id.addr.dev, 0x1f);
	assert_int_equal(ss.v[1]->origin.line, 10);
}

/* The lab recordings put sysfs facts in the header; metadata lines
 * carry them in the record format.  Both apply at snapset_finish(). */
static void test_metadata(void **state)
{
	char *lab = dump_of("0000:01:00.1 sysfs vendor=0x1b36 device=0x0010 class=0x010802 driver=- cfgsize=64 SR-IOV VF of 0000:01:00.0", 64);
	const char *meta = "# pasid-scan: 0000:02:00.0 vendor=0x8086 device=0x37c9 kind=vf physfn=0000:01:00.0 future=1\n";
	char *dev = dump_of("02:00.0 x", 64);

	(void)state;
	assert_int_equal(read_text(lab), 0);
	assert_int_equal(read_text(meta), -1);	/* metadata alone: no device */
	assert_int_equal(read_text(dev), 0);
	snapset_add_meta(&ss, &(struct snap_meta){
		.addr = { 0, 2, 0, 0 }, .fields = META_DEVICE, .device = 0x37c9 });
	assert_int_equal(snapset_finish(&ss), 0);
	assert_int_equal(ss.v[0]->id.vendor, 0x1b36);
	assert_int_equal(ss.v[0]->id.kind, FN_KIND_VF);
	assert_true(ss.v[0]->id.has_physfn);
	assert_int_equal(ss.v[0]->id.physfn.bus, 1);
	assert_int_equal(ss.v[1]->id.device, 0x37c9);
	free(lab);
	free(dev);
}

/* A refused file adds nothing to the set. */
static void test_refused_file_adds_nothing(void **state)
{
	char *d = dump_of("00:02.0 x", 64);
	size_t len = strlen(d);

	(void)state;
	d[len - 3] = 'z';	/* the last byte of the last line */
	assert_int_equal(read_text(d), -1);
	assert_int_equal(ss.n, 0);
	free(d);
}

/* What emit_record writes, the reader gives back, bytes and identity. */
static void test_record_round_trip(void **state)
{
	struct cfg_snapshot *orig = calloc(1, sizeof(*orig));
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	unsigned int i;

	(void)state;
	cb_pcie_endpoint(orig, 0x8086, 0x1563);
	pci_addr_parse("0002:03:00.1", &orig->id.addr);
	for (i = 0x100; i < CFG_SPACE_SIZE; i++)
		orig->bytes[i] = (uint8_t)(i * 7);
	orig->id.kind = FN_KIND_VF;
	orig->id.has_physfn = true;
	pci_addr_parse("0002:03:00.0", &orig->id.physfn);
	emit_record(f, orig);
	fclose(f);
	assert_int_equal(read_text(buf), 0);
	assert_int_equal(snapset_finish(&ss), 0);
	assert_int_equal(ss.n, 1);
	assert_memory_equal(ss.v[0]->bytes, orig->bytes, CFG_SPACE_SIZE);
	assert_int_equal(ss.v[0]->valid_len, CFG_SPACE_SIZE);
	assert_int_equal(pci_addr_cmp(&ss.v[0]->id.addr, &orig->id.addr), 0);
	assert_int_equal(ss.v[0]->id.kind, FN_KIND_VF);
	assert_int_equal(pci_addr_cmp(&ss.v[0]->id.physfn, &orig->id.physfn), 0);
	free(buf);
	free(orig);
}

/*
 * Domains past ffff (VMD numbers from 10000): a function and the one at
 * the same bus, device and function in domain 0 stay apart, each with its
 * own metadata, and a record gives the whole domain back, physfn too.
 */
static void test_wide_domains(void **state)
{
	char *vmd = dump_of("# pasid-scan: 10000:e1:00.0 driver=nvme\n10000:e1:00.0 x", 64);
	char *low = dump_of("0000:e1:00.0 x", 64);
	char *nine = dump_of("100000000:e1:00.0 x", 64);
	struct cfg_snapshot *orig = calloc(1, sizeof(*orig));
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	assert_int_equal(read_text(vmd), 0);
	assert_int_equal(read_text(low), 0);
	assert_int_equal(read_text(nine), -1);
	assert_int_equal(snapset_finish(&ss), 0);
	assert_int_equal(ss.n, 2);
	for (i = 0; i < 2; i++) {
		bool wide = ss.v[i]->id.addr.domain == 0x10000;

		assert_true(wide || ss.v[i]->id.addr.domain == 0);
		assert_int_equal(ss.v[i]->id.addr.bus, 0xe1);
		assert_int_equal(!!(ss.v[i]->facts.have & FACT_DRIVER), wide);
	}
	assert_true(pci_addr_cmp(&ss.v[0]->id.addr, &ss.v[1]->id.addr));

	cb_pcie_endpoint(orig, 0x8086, 0x1563);
	pci_addr_parse("ffffffff:03:00.1", &orig->id.addr);
	orig->id.kind = FN_KIND_VF;
	orig->id.has_physfn = true;
	pci_addr_parse("10000:03:00.0", &orig->id.physfn);
	emit_record(f, orig);
	fclose(f);
	assert_non_null(strstr(buf, "\nffffffff:03:00.1 Class "));
	assert_non_null(strstr(buf, " physfn=10000:03:00.0"));
	snapset_free(&ss);
	snapset_init(&ss);
	assert_int_equal(read_text(buf), 0);
	assert_int_equal(snapset_finish(&ss), 0);
	assert_int_equal(ss.n, 1);
	assert_int_equal(ss.v[0]->id.addr.domain, 0xffffffff);
	assert_int_equal(pci_addr_cmp(&ss.v[0]->id.addr, &orig->id.addr), 0);
	assert_int_equal(ss.v[0]->id.physfn.domain, 0x10000);
	free(buf);
	free(orig);
	free(vmd);
	free(low);
	free(nine);
}

static void test_binary(void **state)
{
	unsigned char cfg[CFG_SPACE_SIZE] = { 0x86, 0x80, 0xd3, 0x10 };

	(void)state;
	assert_int_equal(dump_read_binary(cfg, 256, "/sys/bus/pci/devices/0000:03:00.0/config", &ss), 0);
	assert_true(ss.v[0]->id.has_addr);
	assert_int_equal(ss.v[0]->id.addr.bus, 3);
	assert_int_equal(ss.v[0]->valid_len, 256);
	assert_int_equal(ss.v[0]->id.device, 0x10d3);
	assert_int_equal(dump_read_binary(cfg, 64, "copy.bin", &ss), 0);
	assert_false(ss.v[1]->id.has_addr);
	assert_int_equal(dump_read_binary(cfg, 100, "odd.bin", &ss), -1);
	assert_int_equal(ss.n, 2);
}

/* The byte shuffles and the table take and refuse the same lines: random
 * lines of hex digits in both cases, spaces, and now and then a character
 * of another kind anywhere in the 48. */
static void test_hex16_cpu_and_portable(void **state)
{
	static const char alphabet[] = "0123456789abcdefABCDEF gG:/@`\t\n\x80\xff";
	char line[49];
	uint8_t a[16], b[16];
	unsigned int x = 7, n, i, bad_ok = 0, good = 0;
	bool ra, rb;

	(void)state;
	if (!hex16_use_cpu(true)) {
		hex16_use_cpu(false);
		skip();		/* this CPU has no SSSE3 */
	}
	for (n = 0; n < 20000; n++) {
		for (i = 0; i < 48; i++) {
			x = x * 1103515245 + 12345;
			line[i] = i % 3 == 0 ? ' ' : alphabet[(x >> 16) % 22];
		}
		x = x * 1103515245 + 12345;
		if (n % 2)	/* one character of any kind, anywhere */
			line[(x >> 8) % 48] = alphabet[(x >> 20) % (sizeof(alphabet) - 1)];
		line[48] = '\0';
		hex16_use_cpu(true);
		ra = hex16_decode(line, a);
		hex16_use_cpu(false);
		rb = hex16_decode(line, b);
		assert_int_equal(ra, rb);
		if (ra) {
			assert_memory_equal(a, b, 16);
			good++;
		} else {
			bad_ok++;
		}
	}
	/* both kinds of line were tried */
	assert_true(good > 1000 && bad_ok > 1000);
	hex16_use_cpu(true);
	assert_true(hex16_decode(" 00 01 7f 80 ff FE aB 10 20 30 40 50 60 70 8f 9e", a));
	assert_int_equal(a[0], 0x00);
	assert_int_equal(a[3], 0x80);
	assert_int_equal(a[5], 0xfe);
	assert_int_equal(a[6], 0xab);
	assert_int_equal(a[15], 0x9e);
	assert_false(hex16_decode(" 00 01 7f 80 ff FE aB 10 20 30 40 50 60 70 8f 9g", a));
	assert_false(hex16_decode(" 00 01 7f 80 ff FE aB 10 20 30 40 50 60 70 8f\t9e", a));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hex16_cpu_and_portable),
		cmocka_unit_test_setup_teardown(test_lengths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vvv_and_domains, setup, teardown),
		cmocka_unit_test_setup_teardown(test_metadata, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_file_adds_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wide_domains, setup, teardown),
		cmocka_unit_test_setup_teardown(test_binary, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
