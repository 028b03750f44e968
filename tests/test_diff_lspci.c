// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_diff_lspci.c - differential test against the reference decoder.
 *
 * For every function of every dump in ../shared/corpus/pciutils-tests
 * and ../shared/corpus/qemu-lab, the capability offsets pasid-scan walks
 * must equal the "Capabilities: [..]" offsets "lspci -F FILE -vvv"
 * prints.  Needs ../shared (or $PASID_SCAN_SHARED) and lspci; without
 * them the tests skip and say why.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "layout.h"
#include "snapset.h"
#include "source_dump.h"

#define MAX_FNS		128

struct lspci_fn {
	struct pci_addr addr;
	unsigned int offs[CAPS_MAX];
	unsigned int n;
};

static const char *shared_dir(void)
{
	const char *d = getenv("PASID_SCAN_SHARED");

	return d ? d : "../shared";
}

static bool have_lspci(void)
{
	return system("lspci --version >/dev/null 2>&1") == 0;
}

static void need_corpus(const char *sub)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/corpus/%s", shared_dir(), sub);
	if (access(path, R_OK)) {
		print_message("SKIP: %s not found; the differential test needs ../shared\n",
			      path);
		skip();
	}
	if (!have_lspci()) {
		print_message("SKIP: lspci not installed (Debian package pciutils)\n");
		skip();
	}
}

static int parse_header(const char *l, struct pci_addr *a)
{
	size_t n = pci_addr_parse(l, a);

	return n && l[n] == ' ';
}

/* What lspci prints, per function. */
static unsigned int run_lspci(const char *file, struct lspci_fn *fns)
{
	char cmd[1024], line[4096];
	unsigned int n = 0;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "lspci -F '%s' -vvv 2>/dev/null", file);
	p = popen(cmd, "r");
	assert_non_null(p);
	while (fgets(line, sizeof(line), p)) {
		unsigned int off;

		if (parse_header(line, &fns[n < MAX_FNS ? n : 0].addr)) {
			assert_true(n < MAX_FNS);
			fns[n++].n = 0;
			continue;
		}
		if (!n || sscanf(line, "\tCapabilities: [%x", &off) != 1)
			continue;
		if (strstr(line, "<chain broken>"))
			continue;
		fns[n - 1].offs[fns[n - 1].n++] = off;
	}
	pclose(p);
	return n;
}

static int cmp_uint(const void *a, const void *b)
{
	unsigned int x = *(const unsigned int *)a, y = *(const unsigned int *)b;

	return x < y ? -1 : x > y;
}

/* Sorted and without the repeats a looped chain prints. */
static unsigned int as_set(unsigned int *v, unsigned int n)
{
	unsigned int i, m = 0;

	qsort(v, n, sizeof(*v), cmp_uint);
	for (i = 0; i < n; i++)
		if (!m || v[m - 1] != v[i])
			v[m++] = v[i];
	return m;
}

static const struct cfg_snapshot *find_fn(const struct snapset *ss,
					  const struct pci_addr *a)
{
	size_t i;

	for (i = 0; i < ss->n; i++)
		if (!pci_addr_cmp(&ss->v[i]->id.addr, a))
			return ss->v[i];
	return NULL;
}

static void compare_fn(const char *file, const struct cfg_snapshot *s,
		       struct lspci_fn *want, struct cap_list *cl)
{
	unsigned int ours[CAPS_MAX], i, n;

	caps_walk(s, cl);
	for (i = 0; i < cl->n; i++)
		ours[i] = cl->caps[i].off;
	n = as_set(ours, cl->n);
	want->n = as_set(want->offs, want->n);
	if (n != want->n || memcmp(ours, want->offs, n * sizeof(*ours)))
		fail_msg("%s: %02x:%02x.%x: %u caps here, %u from lspci",
			 file, s->id.addr.bus, s->id.addr.dev, s->id.addr.fn,
			 n, want->n);
}

/* Returns the number of functions compared. */
static unsigned int diff_files(const char *files[], unsigned int nfiles)
{
	struct lspci_fn *fns = calloc(MAX_FNS, sizeof(*fns));
	struct cap_list *cl = calloc(1, sizeof(*cl));
	struct snapset ss;
	unsigned int f, i, n, total = 0;

	assert_non_null(fns);
	assert_non_null(cl);
	snapset_init(&ss);
	for (f = 0; f < nfiles; f++)
		assert_int_equal(dump_read_path(files[f], &ss), 0);
	assert_int_equal(snapset_finish(&ss), 0);
	for (f = 0; f < nfiles; f++) {
		n = run_lspci(files[f], fns);
		assert_true(n > 0);
		for (i = 0; i < n; i++) {
			const struct cfg_snapshot *s = find_fn(&ss, &fns[i].addr);

			assert_non_null(s);
			compare_fn(files[f], s, &fns[i], cl);
			total++;
		}
	}
	snapset_free(&ss);
	free(cl);
	free(fns);
	return total;
}

/* Files of dir whose name passes keep(). */
static unsigned int list_dir(const char *dir, bool (*keep)(const char *),
			     char names[][512], unsigned int max)
{
	struct dirent **ents;
	int i, n = scandir(dir, &ents, NULL, alphasort);
	unsigned int m = 0;

	assert_true(n > 0);
	for (i = 0; i < n; i++) {
		if (keep(ents[i]->d_name) && m < max)
			snprintf(names[m++], 512, "%s/%s", dir, ents[i]->d_name);
		free(ents[i]);
	}
	free(ents);
	return m;
}

static bool pciutils_test_file(const char *name)
{
	return name[0] != '.' && strcmp(name, "README.md");
}

static bool lab_dump(const char *name)
{
	return name[0] == '0' && strstr(name, ".txt");
}

static char names[64][512];

static void test_pciutils_corpus(void **state)
{
	char dir[512];
	unsigned int i, n, total = 0;

	(void)state;
	need_corpus("pciutils-tests");
	snprintf(dir, sizeof(dir), "%s/corpus/pciutils-tests", shared_dir());
	n = list_dir(dir, pciutils_test_file, names, 64);
	assert_true(n >= 41);
	/* Each file is its own machine: read and compare them one by one. */
	for (i = 0; i < n; i++) {
		const char *one[] = { names[i] };

		total += diff_files(one, 1);
	}
	print_message("compared %u functions in %u pciutils dumps\n", total, n);
	assert_true(total >= n);
}

static void lab_variant(const char *sub, unsigned int want_fns)
{
	const char *files[64];
	char dir[512];
	unsigned int i, n, total;

	need_corpus("qemu-lab");
	snprintf(dir, sizeof(dir), "%s/corpus/qemu-lab%s", shared_dir(), sub);
	n = list_dir(dir, lab_dump, names, 64);
	for (i = 0; i < n; i++)
		files[i] = names[i];
	/* One machine: read together so VFs find their PF. */
	total = diff_files(files, n);
	print_message("compared %u functions in qemu-lab%s\n", total, sub);
	assert_int_equal(total, want_fns);
}

static void test_qemu_lab_default(void **state)
{
	(void)state;
	lab_variant("", 14);
}

static void test_qemu_lab_16vfs(void **state)
{
	(void)state;
	lab_variant("/16vfs", 26);
}

static void test_qemu_lab_cxl(void **state)
{
	(void)state;
	lab_variant("/cxl", 16);
}

/* Layout of function bus:00.0 of one pciutils test dump. */
static void corpus_layout(const char *name, unsigned int bus,
			  struct layout *l)
{
	struct pci_addr a = { .bus = (uint8_t)bus };
	const struct cfg_snapshot *s;
	struct snapset ss;
	char path[512];

	need_corpus("pciutils-tests");
	snprintf(path, sizeof(path), "%s/corpus/pciutils-tests/%s",
		 shared_dir(), name);
	snapset_init(&ss);
	assert_int_equal(dump_read_path(path, &ss), 0);
	assert_int_equal(snapset_finish(&ss), 0);
	s = find_fn(&ss, &a);
	assert_non_null(s);
	layout_build(s, l);
	snapset_free(&ss);
}

/* ConnectX-3 Pro: SR-IOV at 0x108 that ARI (0x100 -> 0x148) skips. */
static void test_corpus_connectx3_orphan(void **state)
{
	/* static: a skip without ../shared must not leak it */
	static struct layout lay;
	struct layout *l = &lay;

	(void)state;
	memset(l, 0, sizeof(*l));
	corpus_layout("cap-aer-root", 3, l);
	assert_true(l->n_orphans >= 1);
	assert_int_equal(l->orphans[l->n_orphans - 1].off, 0x108);
	assert_int_equal(l->orphans[l->n_orphans - 1].id, PCI_EXT_CAP_ID_SRIOV);
	assert_int_equal(l->owner[0x147], OWN_ORPHAN);
}

/* RS690: extended space aliases the first 256 bytes; none of it is a
 * hidden register, it is not there at all. */
static void test_corpus_aliased(void **state)
{
	/* static: a skip without ../shared must not leak it */
	static struct layout lay;
	struct layout *l = &lay;

	(void)state;
	memset(l, 0, sizeof(*l));
	corpus_layout("broken-ecaps", 0, l);
	assert_int_equal(l->caps.ext, EXT_SPACE_ALIASED);
	assert_int_equal(l->owner[0x100], OWN_ABSENT);
	assert_int_equal(l->owner[0xfff], OWN_ABSENT);
	assert_true(!l->n_hidden || l->hidden[l->n_hidden - 1].off < 0x100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pciutils_corpus),
		cmocka_unit_test(test_qemu_lab_default),
		cmocka_unit_test(test_qemu_lab_16vfs),
		cmocka_unit_test(test_qemu_lab_cxl),
		cmocka_unit_test(test_corpus_connectx3_orphan),
		cmocka_unit_test(test_corpus_aliased),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
