// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_source_live.c - the live source on sysfs trees.
 *
 * tests/fixtures/sysfs/lab is a copy of a real Linux 6.1 guest's
 * /sys/bus/pci (scripts/check-lab.sh --update-fixtures made it): the
 * config files, the attribute files and the physfn, virtfnN, driver and
 * iommu_group links, re-created with the text readlink gave.  Each test
 * works on a fresh copy; the faults (a missing attribute, a truncated
 * config, a function removed mid-scan) are made on that copy, and the
 * expectations are read from the copy's own files, not written here.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emit_record.h"
#include "source_dump.h"
#include "source_live.h"

#define LAB_TREE "tests/fixtures/sysfs/lab"

static struct snapset ss;
static char tree[256];		/* the copy under test */
static char errfile[300];	/* what the code under test said on stderr */
static int saved_stderr = -1;

static void sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	assert_int_equal(system(cmd), 0);
}

static char *release_stderr(void);

static int setup(void **state)
{
	char tmpl[] = "/tmp/pasid-scan-sysfs.XXXXXX";

	(void)state;
	snapset_init(&ss);
	if (!mkdtemp(tmpl))
		return -1;
	snprintf(tree, sizeof(tree), "%s/bus", tmpl);
	snprintf(errfile, sizeof(errfile), "%s/stderr", tmpl);
	/* contents, not the path itself: it may be a link to a tree */
	sh("mkdir %s && cp -a " LAB_TREE "/. %s/", tree, tree);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (saved_stderr >= 0)	/* a failed assertion skipped the release */
		release_stderr();
	snapset_free(&ss);
	sh("rm -rf %.*s", (int)(strrchr(tree, '/') - tree), tree);
	return 0;
}

static void capture_stderr(void)
{
	int fd = open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	assert_true(fd >= 0);
	fflush(stderr);
	saved_stderr = dup(2);
	dup2(fd, 2);
	close(fd);
}

/* What was said since capture_stderr(), NUL-terminated. */
static char *release_stderr(void)
{
	static char buf[8192];
	FILE *f;
	size_t n;

	fflush(stderr);
	dup2(saved_stderr, 2);
	close(saved_stderr);
	saved_stderr = -1;
	f = fopen(errfile, "r");
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void fn_path(char *buf, size_t len, const char *bdf, const char *attr)
{
	snprintf(buf, len, "%s/devices/%s/%s", tree, bdf, attr);
}

/* The number in an attribute file of the copy, or -1 if it has none. */
static long attr(const char *bdf, const char *name)
{
	char path[512], buf[64];
	FILE *f;
	long v = -1;

	fn_path(path, sizeof(path), bdf, name);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fgets(buf, sizeof(buf), f))
		v = strtol(buf, NULL, 0);
	fclose(f);
	return v;
}

/* Basename of a link in the copy, or "" if there is none. */
static const char *link_base(const char *bdf, const char *name)
{
	static char buf[512];
	char path[512];
	ssize_t n;

	fn_path(path, sizeof(path), bdf, name);
	n = readlink(path, buf, sizeof(buf) - 1);
	if (n < 0)
		return "";
	buf[n] = '\0';
	return strrchr(buf, '/') ? strrchr(buf, '/') + 1 : buf;
}

static size_t count_functions(void)
{
	char path[512];
	struct dirent *e;
	size_t n = 0;
	DIR *d;

	snprintf(path, sizeof(path), "%s/devices", tree);
	d = opendir(path);
	assert_non_null(d);
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static struct cfg_snapshot *find(const char *bdf)
{
	struct pci_addr a;
	size_t i;

	assert_int_equal(pci_addr_parse(bdf, &a), strlen(bdf));
	for (i = 0; i < ss.n; i++)
		if (!pci_addr_cmp(&ss.v[i]->id.addr, &a))
			return ss.v[i];
	return NULL;
}

static int scan_tree(struct live_stats *st)
{
	struct live_opts o = { .sysfs = tree };

	return live_scan_all(&o, &ss, st);
}

/* The config bytes in the snapshot are the file's, all of them. */
static void assert_bytes_are_file(const struct cfg_snapshot *s, const char *bdf)
{
	unsigned char buf[CFG_SPACE_SIZE];
	char path[512];
	FILE *f;
	size_t n;

	fn_path(path, sizeof(path), bdf, "config");
	f = fopen(path, "rb");
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	assert_int_equal(s->valid_len, n);
	assert_memory_equal(s->bytes, buf, n);
}

static void assert_vf(const struct cfg_snapshot *s, const char *bdf)
{
	struct pci_addr pf;
	char vfn[32];
	int n, hits = 0;

	assert_int_equal(s->id.kind, FN_KIND_VF);
	/* a VF's own config reads ffff at 0 (PCIe r6.0 sec 9.3.4.1.1) */
	assert_int_equal(cfg_raw_vendor(s), 0xffff);
	assert_int_equal(s->id.vendor, attr(bdf, "vendor"));
	assert_int_equal(s->id.device, attr(bdf, "device"));
	assert_true(s->id.ids_from_meta);
	assert_true(s->id.has_physfn);
	pci_addr_parse(link_base(bdf, "physfn"), &pf);
	assert_int_equal(pci_addr_cmp(&s->id.physfn, &pf), 0);
	/* vfindex is the N of the PF's virtfnN link that names this VF */
	assert_true(s->facts.have & FACT_VFINDEX);
	for (n = 0; n < 256; n++) {
		char pfbdf[PCI_ADDR_STRLEN];

		pci_addr_format(&pf, pfbdf);
		snprintf(vfn, sizeof(vfn), "virtfn%d", n);
		if (!strcmp(link_base(pfbdf, vfn), bdf)) {
			assert_int_equal(s->facts.vfindex, n);
			hits++;
		}
	}
	assert_int_equal(hits, 1);
}

static void assert_pf(const struct cfg_snapshot *s, const char *bdf)
{
	const struct cfg_sriov_facts *v = &s->facts.sriov;

	assert_int_equal(s->id.kind, FN_KIND_PF);
	assert_true(s->facts.have & FACT_SRIOV);
	assert_int_equal(v->totalvfs, attr(bdf, "sriov_totalvfs"));
	assert_int_equal(v->numvfs, attr(bdf, "sriov_numvfs"));
	assert_int_equal(v->offset, attr(bdf, "sriov_offset"));
	assert_int_equal(v->stride, attr(bdf, "sriov_stride"));
	assert_true(v->numvfs > 0);
}

/* Every function of the tree, as its files say, with PF and VF links. */
static void test_pf_with_vfs(void **state)
{
	struct live_stats st;
	size_t i, pfs = 0, vfs = 0;

	(void)state;
	assert_int_equal(scan_tree(&st), 0);
	assert_int_equal(ss.n, count_functions());
	assert_int_equal(st.read, ss.n);
	assert_int_equal(st.lost, 0);
	assert_int_equal(st.partial, 0);
	for (i = 0; i < ss.n; i++) {
		struct cfg_snapshot *s = ss.v[i];
		char bdf[PCI_ADDR_STRLEN];
		const char *drv;

		pci_addr_format(&s->id.addr, bdf);
		assert_bytes_are_file(s, bdf);
		assert_false(cfg_partial(s));
		assert_int_equal(s->id.class, attr(bdf, "class"));
		drv = link_base(bdf, "driver");
		assert_string_equal(s->facts.driver, drv);
		if (*link_base(bdf, "physfn")) {
			assert_vf(s, bdf);
			vfs++;
		} else if (attr(bdf, "sriov_totalvfs") >= 0) {
			assert_pf(s, bdf);
			pfs++;
		} else {
			assert_int_equal(s->id.kind, FN_KIND_FN);
		}
		if (i)	/* bus order, whatever readdir gave */
			assert_true(pci_addr_cmp(&ss.v[i - 1]->id.addr,
						 &s->id.addr) < 0);
	}
	assert_true(pfs >= 1);
	assert_true(vfs >= 1);
}

/* The first VF of the copy, in bus order: the first with a physfn link. */
static const char *first_vf(void)
{
	static char bdf[PCI_ADDR_STRLEN];
	struct dirent **names;
	char path[512];
	int i, n;

	snprintf(path, sizeof(path), "%s/devices", tree);
	n = scandir(path, &names, NULL, alphasort);
	assert_true(n > 0);
	bdf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (!bdf[0] && *link_base(names[i]->d_name, "physfn"))
			snprintf(bdf, sizeof(bdf), "%.15s", names[i]->d_name);
		free(names[i]);
	}
	free(names);
	if (!bdf[0])
		fail_msg("no VF in %s", tree);
	return bdf;
}

/*
 * A VF without its sysfs vendor file: said, left out, and the scan goes
 * on; the VF still gets IDs, now from its PF's SR-IOV capability.
 */
static void test_missing_attribute(void **state)
{
	struct live_stats st;
	const char *vf = first_vf();
	char path[512], want[600];
	struct cfg_snapshot *s;
	const char *err;

	(void)state;
	fn_path(path, sizeof(path), vf, "vendor");
	assert_int_equal(unlink(path), 0);
	capture_stderr();
	assert_int_equal(scan_tree(&st), 0);
	err = release_stderr();
	snprintf(want, sizeof(want),
		 "pasid-scan: %s: sysfs vendor: No such file or directory; left out\n",
		 vf);
	assert_string_equal(err, want);
	assert_int_equal(ss.n, count_functions());
	s = find(vf);
	assert_non_null(s);
	assert_false(s->id.ids_from_meta);
	assert_true(s->id.ids_from_pf);
	assert_int_equal(s->id.vendor, find(link_base(vf, "physfn"))->id.vendor);
	assert_int_equal(s->id.device, attr(vf, "device"));
}

/* A config file cut to 100 bytes: kept as a 64-byte partial snapshot. */
static void test_truncated_config(void **state)
{
	struct live_stats st;
	const char *vf = first_vf();
	char path[512], want[700];
	struct cfg_snapshot *s;

	(void)state;
	fn_path(path, sizeof(path), vf, "config");
	assert_int_equal(truncate(path, 100), 0);
	capture_stderr();
	assert_int_equal(scan_tree(&st), 0);
	snprintf(want, sizeof(want),
		 "pasid-scan: %s: 100 bytes, expected 256 or 4096 (truncated?); kept the first 64, marked partial\n",
		 path);
	assert_string_equal(release_stderr(), want);
	assert_int_equal(st.partial, 1);
	s = find(vf);
	assert_non_null(s);
	assert_int_equal(s->valid_len, CFG_UNPRIV_SIZE);
	assert_int_equal(s->facts.cfg_size, 100);
	assert_true(cfg_partial(s));
	assert_int_equal(ss.n, count_functions());
}

/* Listed, then removed before its config was read: said, and the rest read. */
static void test_function_removed_during_scan(void **state)
{
	struct live_opts o = { .sysfs = tree };
	const char *vf = first_vf();
	struct live_scan *ls;
	char victim[PCI_ADDR_STRLEN], want[600];
	size_t i, n, lost = 0;

	(void)state;
	snprintf(victim, sizeof(victim), "%s", vf);
	ls = live_open(&o, &ss);
	assert_non_null(ls);
	n = live_count(ls);
	assert_int_equal(n, count_functions());
	sh("rm -rf %s/devices/%s", tree, victim);
	capture_stderr();
	for (i = 0; i < n; i++)
		lost += live_read(ls, i, &ss) == 1;
	assert_int_equal(snapset_finish(&ss), 0);
	live_close(ls);
	snprintf(want, sizeof(want),
		 "pasid-scan: %s/devices/%s/config: No such file or directory; function left out (removed during the scan?)\n",
		 tree, victim);
	assert_string_equal(release_stderr(), want);
	assert_int_equal(lost, 1);
	assert_int_equal(ss.n, n - 1);
	assert_null(find(victim));
}

/* -s reads only what it selects. */
static void test_slot_filter(void **state)
{
	struct fn_filter f;
	struct live_opts o = { .sysfs = tree, .filter = &f };
	struct live_stats st;
	const char *vf = first_vf();
	char want[PCI_ADDR_STRLEN];

	(void)state;
	snprintf(want, sizeof(want), "%s", vf);
	filter_init(&f);
	assert_int_equal(filter_parse_slot(&f, want), 0);
	assert_int_equal(live_scan_all(&o, &ss, &st), 0);
	assert_int_equal(ss.n, 1);
	assert_non_null(find(want));
	assert_int_equal(ss.v[0]->id.kind, FN_KIND_VF);
}

static void test_no_tree(void **state)
{
	struct live_stats st;
	struct live_opts o = { .sysfs = "/nonexistent/sysfs" };

	(void)state;
	capture_stderr();
	assert_int_equal(live_scan_all(&o, &ss, &st), -1);
	assert_string_equal(release_stderr(),
		"pasid-scan: /nonexistent/sysfs/devices: cannot open: No such file or directory; expected a sysfs PCI tree (see --sysfs)\n");
	assert_int_equal(ss.n, 0);
}

static void assert_same_snapshot(const struct cfg_snapshot *a,
				 const struct cfg_snapshot *b)
{
	const struct cfg_ident *x = &a->id, *y = &b->id;

	assert_int_equal(pci_addr_cmp(&x->addr, &y->addr), 0);
	assert_int_equal(a->valid_len, b->valid_len);
	assert_memory_equal(a->bytes, b->bytes, a->valid_len);
	assert_int_equal(x->vendor, y->vendor);
	assert_int_equal(x->device, y->device);
	assert_int_equal(x->class, y->class);
	assert_int_equal(x->revision, y->revision);
	assert_int_equal(x->subvendor, y->subvendor);
	assert_int_equal(x->subdevice, y->subdevice);
	assert_int_equal(x->kind, y->kind);
	assert_int_equal(x->has_physfn, y->has_physfn);
	assert_int_equal(pci_addr_cmp(&x->physfn, &y->physfn), 0);
	assert_int_equal(x->ids_from_meta, y->ids_from_meta);
	assert_int_equal(x->ids_from_pf, y->ids_from_pf);
	assert_int_equal(a->facts.have, b->facts.have);
	assert_int_equal(a->facts.cfg_size, b->facts.cfg_size);
	assert_string_equal(a->facts.driver, b->facts.driver);
	assert_int_equal(a->facts.iommu_group, b->facts.iommu_group);
	assert_int_equal(a->facts.numa_node, b->facts.numa_node);
	assert_int_equal(a->facts.vfindex, b->facts.vfindex);
	assert_memory_equal(&a->facts.sriov, &b->facts.sriov,
			    sizeof(a->facts.sriov));
	assert_non_null(a->host);
	assert_non_null(b->host);
	assert_memory_equal(a->host, b->host, sizeof(*a->host));
}

/* scan --record, then replay: the same snapshots, facts and host. */
static void test_record_round_trip(void **state)
{
	struct live_stats st;
	struct snapset back;
	const char *vf = first_vf();
	char path[512];
	size_t i;
	FILE *f;

	(void)state;
	/* a partial read must survive the trip as well */
	fn_path(path, sizeof(path), vf, "config");
	assert_int_equal(truncate(path, 100), 0);
	capture_stderr();
	assert_int_equal(scan_tree(&st), 0);
	release_stderr();
	assert_int_equal(st.partial, 1);
	snprintf(path, sizeof(path), "%s.rec", tree);
	f = fopen(path, "w");
	assert_non_null(f);
	emit_record_host(f, ss.hosts[0]);
	for (i = 0; i < ss.n; i++)
		emit_record(f, ss.v[i]);
	fclose(f);
	snapset_init(&back);
	assert_int_equal(dump_read_path(path, &back), 0);
	assert_int_equal(snapset_finish(&back), 0);
	assert_int_equal(back.n, ss.n);
	for (i = 0; i < ss.n; i++)
		assert_same_snapshot(ss.v[i], back.v[i]);
	snapset_free(&back);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pf_with_vfs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_attribute, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated_config, setup, teardown),
		cmocka_unit_test_setup_teardown(test_function_removed_during_scan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_slot_filter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_tree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_round_trip, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
