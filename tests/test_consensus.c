// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_consensus.c - device keys folded from several observations, and
 * the placements of vPASID, vPRI and vATS in them: every rule and every
 * reason, order independence, and the map read back.
 *
 * Observations are built with cfgbuild.h (what it models is said there);
 * offsets follow parts the comments name.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <cmocka.h>

#include "cfgbuild.h"
#include "consensus.h"
#include "consensus_load.h"
#include "dump_dir.h"
#include "emit_gen.h"
#include "map_read.h"
#include "source_dump.h"
#include "store_ingest.h"
#include "store_load.h"

#define VENDOR	0x8086
#define PF_DEV	0x1563	/* X550 PF, whose VF is 0x1565 */
#define VF_DEV	0x1565

static struct key_set ks;
static struct scan_host host_a = { .hostname = "lab-a", .product = "S2600" };
static struct scan_host host_b = { .hostname = "lab-b", .product = "S2600" };

static int setup(void **state)
{
	(void)state;
	key_set_init(&ks);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	key_set_free(&ks);
	return 0;
}

/* A PCIe endpoint at bus:dev.fn with AER at 0x100, in scan ss. */
static struct cfg_snapshot *endpoint(struct snapset *ss, uint16_t device,
				     unsigned int bus, unsigned int fn)
{
	struct cfg_snapshot *s = snapset_add(ss);

	cb_pcie_endpoint(s, VENDOR, device);
	cb_ext(s, 0x100, PCI_EXT_CAP_ID_AER, 0);
	s->id.addr = (struct pci_addr){ 0, (uint8_t)bus, 0, (uint8_t)fn };
	return s;
}

static struct cfg_snapshot *pf(struct snapset *ss)
{
	struct cfg_snapshot *s = endpoint(ss, PF_DEV, 1, 0);

	s->id.kind = FN_KIND_PF;
	return s;
}

/* A VF of the PF at 01:00.0; its bytes 0..3 read ffff, its IDs come
 * from outside them (PCIe r6.0 sec 9.3.4.1.1). */
static struct cfg_snapshot *vf(struct snapset *ss, unsigned int fn)
{
	struct cfg_snapshot *s = endpoint(ss, VF_DEV, 1, fn);

	cb_w32(s, 0, 0xffffffff);
	s->id.kind = FN_KIND_VF;
	s->id.has_physfn = true;
	s->id.physfn = (struct pci_addr){ 0, 1, 0, 0 };
	return s;
}

/* PASID at 0x200: max width 20, execute and privileged mode (PCIe r6.0
 * sec 7.8.8.2); PRI at 0x210 with 512 outstanding requests (sec
 * 10.5.2.4).  AER at 0x100 links them. */
static void pf_pasid_pri(struct cfg_snapshot *s, unsigned int width,
			 uint32_t pri_reqs)
{
	cb_ext(s, 0x100, PCI_EXT_CAP_ID_AER, 0x200);
	cb_ext(s, 0x200, PCI_EXT_CAP_ID_PASID, 0x210);
	cb_w16(s, 0x204, (uint16_t)(width << 8 | 0x0006));
	cb_ext(s, 0x210, PCI_EXT_CAP_ID_PRI, 0);
	cb_w32(s, 0x218, pri_reqs);
}

static void add(struct snapset *ss, long long seq)
{
	consensus_add_scan(&ks, ss, seq);
	snapset_free(ss);
	snapset_init(ss);
}

static const struct dev_key *key(uint16_t device, bool is_vf)
{
	const struct dev_key *k = key_set_find(&ks, VENDOR, device, is_vf);

	assert_non_null(k);
	return k;
}

static void assert_verdict(const struct dev_key *k, enum verdict want,
			   enum guest_why why)
{
	if (k->verdict.verdict != want || k->verdict.why != why)
		fail_msg("%04x:%04x: %s (%s), expected %s (%s)", k->vendor,
			 k->device, verdict_name(k->verdict.verdict),
			 guest_why_name(k->verdict.why), verdict_name(want),
			 guest_why_name(why));
}

static void assert_place(const struct dev_key *k, enum vcap_kind kind,
			 int offset, enum vcap_reason reason)
{
	const struct vcap_verdict *v = &k->place[kind];

	if (v->offset != offset || v->reason != reason)
		fail_msg("%s: %#x (%s), expected %#x (%s)", vcap_types[kind].name,
			 v->offset, vcap_reason_name(v->reason), offset,
			 vcap_reason_name(reason));
}

/* QEMU's default first: free in the VFs, it wins over the PF's own
 * offset, and the key needs no row. */
static void test_default_before_pf_template(void **state)
{
	struct snapset ss;
	const struct dev_key *k;

	(void)state;
	snapset_init(&ss);
	pf_pasid_pri(pf(&ss), 20, 512);
	vf(&ss, 1);
	vf(&ss, 2);
	add(&ss, 1);
	consensus_finish(&ks);
	k = key(VF_DEV, true);
	assert_int_equal(k->n_obs, 2);
	assert_int_equal(k->n_pf_seen, 2);
	assert_place(k, VCAP_PASID, 0xff8, VCAP_QEMU_DEFAULT);
	assert_verdict(k, VERDICT_DEFAULT_SAFE, WHY_NONE);
	assert_false(gen_row(k, false));
	assert_true(gen_row(k, true));
	/* vPRI has no QEMU default: the PF's offset comes first */
	assert_place(k, VCAP_PRI, 0x210, VCAP_PF_TEMPLATE);
	assert_place(k, VCAP_ATS, 0xff0, VCAP_HIGHEST_FREE);
	assert_int_equal(k->pf[VCAP_PASID].max_pasid_width, 20);
	assert_true(k->pf[VCAP_PASID].exec);
	assert_true(k->pf[VCAP_PASID].priv);
	assert_int_equal(k->pf[VCAP_PRI].pri_outstanding, 512);
	assert_int_equal(k->pf[VCAP_ATS].n_obs, 0);
	/* The PF key has the capabilities itself; no template for it. */
	k = key(PF_DEV, false);
	assert_place(k, VCAP_PASID, 0xff8, VCAP_QEMU_DEFAULT);
	assert_verdict(k, VERDICT_DEFAULT_SAFE, WHY_NONE);
}

/* Rule 2: with the default taken in the VFs, the PF's own offset of the
 * physical PASID capability, free in them, comes before the highest
 * free window. */
static void test_vf_takes_pf_template(void **state)
{
	struct snapset ss;
	const struct dev_key *k;

	(void)state;
	snapset_init(&ss);
	pf_pasid_pri(pf(&ss), 20, 512);
	cb_w32(vf(&ss, 1), 0xffc, 0x1);
	vf(&ss, 2);
	add(&ss, 1);
	consensus_finish(&ks);
	k = key(VF_DEV, true);
	assert_place(k, VCAP_PASID, 0x200, VCAP_PF_TEMPLATE);
	assert_verdict(k, VERDICT_OTHER_OFFSET, WHY_NONE);
	assert_int_equal(k->verdict.default_occ, OCC_NONZERO);
	assert_true(k->verdict.qemu_takes_default);
	assert_false(k->place[VCAP_PASID].default_ok);
	assert_true(gen_row(k, false));
	assert_int_equal(gen_vpasid(k), 0x200);
	assert_place(k, VCAP_PRI, 0x210, VCAP_PF_TEMPLATE);
}

/* A template over a hidden register of the VF is not taken; PFs that
 * differ give the least they all offer. */
static void test_pf_template_taken_in_vf(void **state)
{
	struct snapset ss;
	const struct dev_key *k;

	(void)state;
	snapset_init(&ss);
	pf_pasid_pri(pf(&ss), 20, 512);
	cb_w32(vf(&ss, 1), 0x204, 0x1);
	add(&ss, 1);
	pf_pasid_pri(pf(&ss), 16, 64);
	cb_w16(ss.v[0], 0x204, 16 << 8 | 0x0002);	/* no privileged mode */
	vf(&ss, 1);
	add(&ss, 2);
	consensus_finish(&ks);
	k = key(VF_DEV, true);
	assert_place(k, VCAP_PASID, 0xff8, VCAP_QEMU_DEFAULT);
	assert_place(k, VCAP_PRI, 0x210, VCAP_PF_TEMPLATE);
	assert_int_equal(k->pf[VCAP_PASID].n_obs, 2);
	assert_int_equal(k->pf[VCAP_PASID].max_pasid_width, 16);
	assert_true(k->pf[VCAP_PASID].exec);
	assert_false(k->pf[VCAP_PASID].priv);
	assert_int_equal(k->pf[VCAP_PRI].pri_outstanding, 64);
	assert_int_equal(k->occ[0x204] & OCC_NONZERO, OCC_NONZERO);
	assert_verdict(k, VERDICT_DEFAULT_SAFE, WHY_NONE);
}

/* Extended space with no capability: the first extended dword reads 0
 * and hw/vfio/pci.c vfio_add_ext_cap() returns before synthesizing a
 * vPASID, so the key has no offset and no row, whatever is free. */
static void test_no_ext_caps_no_vpasid(void **state)
{
	struct snapset ss;
	const struct dev_key *k;

	(void)state;
	snapset_init(&ss);
	cb_w32(endpoint(&ss, PF_DEV, 1, 0), 0x100, 0);
	add(&ss, 1);
	consensus_finish(&ks);
	k = key(PF_DEV, false);
	assert_int_equal(k->ext, EXT_SPACE_EMPTY);
	assert_verdict(k, VERDICT_NO_VPASID, WHY_NO_ECAP_SHOWN);
	assert_place(k, VCAP_PASID, -1, VCAP_NOT_EXTENDED);
	assert_place(k, VCAP_PRI, -1, VCAP_NOT_EXTENDED);
	assert_place(k, VCAP_ATS, -1, VCAP_NOT_EXTENDED);
	assert_false(gen_row(k, false));
	assert_false(gen_row(k, true));
}

/* Rule 4 from an orphan capability at 0xff8 (an ATS structure the chain
 * skips, as the ConnectX-3 Pro's SR-IOV at 0x108 is skipped) and from a
 * non-zero gap byte. */
static void test_default_taken_by_orphan_or_nonzero(void **state)
{
	struct snapset ss;
	const struct dev_key *k;

	(void)state;
	snapset_init(&ss);
	cb_ext(endpoint(&ss, PF_DEV, 1, 0), 0xff8, PCI_EXT_CAP_ID_ATS, 0);
	cb_w8(endpoint(&ss, VF_DEV, 2, 0), 0xfee, 0x80);
	add(&ss, 1);
	consensus_finish(&ks);
	k = key(PF_DEV, false);
	assert_int_equal(k->occ[0xff8] & OCC_ORPHAN, OCC_ORPHAN);
	assert_int_equal(k->n_caps, 3);	/* PCIe, AER, orphan ATS */
	assert_true(k->caps[k->n_caps - 1].orphan);
	assert_place(k, VCAP_PASID, 0xff0, VCAP_HIGHEST_FREE);
	assert_place(k, VCAP_PRI, 0xfe0, VCAP_HIGHEST_FREE);
	assert_verdict(k, VERDICT_OTHER_OFFSET, WHY_NONE);
	assert_int_equal(k->verdict.default_occ, OCC_ORPHAN);
	k = key(VF_DEV, false);
	assert_int_equal(k->n_hidden, 1);
	assert_int_equal(k->hidden[0].off, 0xfec);
	assert_int_equal(k->hidden[0].size, 4);
	assert_int_equal(k->hidden[0].evidence, OCC_NONZERO);
	assert_place(k, VCAP_PASID, 0xff8, VCAP_QEMU_DEFAULT);
	assert_place(k, VCAP_PRI, 0xfdc & ~7u, VCAP_HIGHEST_FREE);
}

/* Two hosts, two firmware chains: both are reported, and the placement
 * avoids what either uses. */
static void test_hosts_disagree(void **state)
{
	struct snapset ss;
	struct cfg_snapshot *s;
	const struct dev_key *k;

	(void)state;
	snapset_init(&ss);
	endpoint(&ss, PF_DEV, 1, 0)->host = &host_a;
	add(&ss, 1);
	s = endpoint(&ss, PF_DEV, 1, 0);
	s->host = &host_b;
	cb_ext(s, 0x100, PCI_EXT_CAP_ID_AER, 0xff0);
	cb_ext(s, 0xff0, PCI_EXT_CAP_ID_DSN, 0);	/* 12 bytes */
	add(&ss, 2);
	endpoint(&ss, PF_DEV, 1, 0)->host = &host_a;	/* again: one host */
	add(&ss, 3);
	consensus_finish(&ks);
	k = key(PF_DEV, false);
	assert_int_equal(k->n_obs, 3);
	assert_int_equal(k->n_hosts, 2);
	assert_int_equal(k->n_unnamed, 0);
	assert_int_equal(key_chain_variants(k, true), 2);
	assert_int_equal(key_chain_variants(k, false), 1);
	assert_int_equal(k->n_walks, 2);
	assert_place(k, VCAP_PASID, 0xfe8, VCAP_HIGHEST_FREE);
	assert_verdict(k, VERDICT_OTHER_OFFSET, WHY_NONE);
}

/* Chains are compared only where they differ: a host bridge read whole
 * (4 KiB, extended space with no capability) and dumped in 256 bytes
 * (lspci -xxx: the kernel's extended space not read) has one standard
 * chain and one extended chain, as the AMD 1022:1605 of the public
 * record does; a different standard chain is counted. */
static void test_chains_compared_only_where_they_differ(void **state)
{
	struct snapset ss;
	struct cfg_snapshot *s;
	const struct dev_key *k;

	(void)state;
	snapset_init(&ss);
	cb_init(snapset_add(&ss), VENDOR, 0x1605, 0x060000, CFG_SPACE_SIZE);
	add(&ss, 1);
	cb_init(snapset_add(&ss), VENDOR, 0x1605, 0x060000, CFG_LEGACY_SIZE);
	add(&ss, 2);
	consensus_finish(&ks);
	k = key(0x1605, false);
	assert_int_equal(key_chain_variants(k, false), 1);
	assert_int_equal(key_chain_variants(k, true), 1);
	assert_verdict(k, VERDICT_NO_VPASID, WHY_NOT_EXPRESS);
	s = snapset_add(&ss);
	cb_init(s, VENDOR, 0x1605, 0x060000, CFG_LEGACY_SIZE);
	cb_std_head(s, 0xf0);
	cb_std(s, 0xf0, PCI_CAP_ID_SECDEV, 0);
	add(&ss, 3);
	consensus_finish(&ks);
	assert_int_equal(key_chain_variants(k, false), 2);
}

/* What a placement cannot do, with the reason for each. */
static void test_nowhere_reasons(void **state)
{
	struct snapset ss;
	struct cfg_snapshot *s;
	unsigned int off;

	(void)state;
	snapset_init(&ss);
	/* conventional PCI: no PCIe capability, 256 bytes */
	cb_init(snapset_add(&ss), VENDOR, 0x7000, 0x060100, CFG_LEGACY_SIZE);
	/* a 64-byte non-root read besides a whole one */
	endpoint(&ss, 0x10d3, 1, 0);
	s = endpoint(&ss, 0x10d3, 2, 0);
	s->valid_len = 64;
	/* every gap dword in use */
	s = endpoint(&ss, 0x10fb, 3, 0);
	for (off = 0x12c; off < CFG_SPACE_SIZE; off += 4)
		cb_w32(s, off, 0x1);
	add(&ss, 1);
	consensus_finish(&ks);
	assert_place(key(0x7000, false), VCAP_PASID, -1, VCAP_NOT_EXTENDED);
	assert_verdict(key(0x7000, false), VERDICT_NO_VPASID, WHY_NOT_EXPRESS);
	assert_false(gen_row(key(0x7000, false), true));
	/* the 64-byte read takes nothing from the whole one */
	assert_place(key(0x10d3, false), VCAP_PASID, 0xff8, VCAP_QEMU_DEFAULT);
	assert_verdict(key(0x10d3, false), VERDICT_DEFAULT_SAFE, WHY_NONE);
	assert_int_equal(key_chain_variants(key(0x10d3, false), false), 1);
	assert_int_equal(key(0x10d3, false)->n_fate[GUEST_NOT_KNOWN], 1);
	assert_int_equal(key(0x10d3, false)->n_fate[GUEST_EXTENDED], 1);
	assert_place(key(0x10fb, false), VCAP_PASID, -1, VCAP_NO_ROOM);
	assert_place(key(0x10fb, false), VCAP_ATS, -1, VCAP_NO_ROOM);
	assert_verdict(key(0x10fb, false), VERDICT_NO_SAFE_OFFSET, WHY_NONE);
	assert_true(gen_row(key(0x10fb, false), false));
	assert_int_equal(gen_vpasid(key(0x10fb, false)), 0);
}

/* xorshift32: the same pseudo-random fleet on every run. */
static uint32_t next_rand(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

#define FLEET	120

/* Observations of a few keys with random gap registers near the top. */
static void fleet(struct snapset *ss)
{
	uint32_t seed = 0x9e3779b9;
	unsigned int i, j;

	for (i = 0; i < FLEET; i++) {
		struct cfg_snapshot *s = i % 3 ? vf(ss, 1 + i % 7) : pf(ss);

		if (i % 5 == 0)
			pf_pasid_pri(s, 5 + i % 15, i);
		if (i % 10 == 5) {	/* another firmware: PASID at 0x300 */
			cb_ext(s, 0x100, PCI_EXT_CAP_ID_AER, 0x300);
			cb_ext(s, 0x300, PCI_EXT_CAP_ID_PASID, 0);
		}
		for (j = 0; j < i % 9; j++)
			cb_w8(s, 0xe00 + next_rand(&seed) % 0x200, 0x1);
		s->host = i % 4 ? (i % 2 ? &host_a : &host_b) : NULL;
	}
}

static char *emit_all(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	emit_kernel(f, &ks, true);
	emit_qemu(f, &ks, false);
	assert_int_equal(emit_yaml(f, &ks), 0);
	fclose(f);
	return buf;
}

/* One scan per observation, folded in the order given. */
static char *fold_in_order(const struct snapset *all, const size_t *order)
{
	size_t i;

	key_set_free(&ks);
	for (i = 0; i < all->n; i++) {
		struct snapset one = { .v = &all->v[order[i]], .n = 1 };
		struct snapset with_pf = { 0 };

		/* a VF's scan also holds its PF, as a host scan does */
		if (all->v[order[i]]->id.kind == FN_KIND_VF) {
			/* its PF: the one before it in the fleet */
			struct cfg_snapshot *pair[2] = {
				all->v[order[i]], all->v[order[i] - order[i] % 3]
			};

			with_pf.v = pair;
			with_pf.n = 2;
			consensus_add_scan(&ks, &with_pf, (long long)order[i]);
			continue;
		}
		consensus_add_scan(&ks, &one, (long long)order[i]);
	}
	consensus_finish(&ks);
	return emit_all();
}

static void assert_no_overlap(const struct dev_key *k)
{
	int a, b;
	unsigned int x;

	for (a = 0; a < VCAP_N; a++) {
		const struct vcap_verdict *v = &k->place[a];

		if (v->offset < 0)
			continue;
		for (x = 0; x < vcap_types[a].size; x++)
			assert_int_equal(k->occ[v->offset + x], 0);
		for (b = a + 1; b < VCAP_N; b++) {
			const struct vcap_verdict *w = &k->place[b];

			if (w->offset >= 0)
				assert_true(v->offset + (int)vcap_types[a].size <=
					    w->offset ||
					    w->offset + (int)vcap_types[b].size <=
					    v->offset);
		}
	}
}

static void test_order_independent_and_no_overlap(void **state)
{
	struct snapset all;
	size_t order[FLEET], i;
	uint32_t seed = 7;
	char *first, *other;
	int round;

	(void)state;
	snapset_init(&all);
	fleet(&all);
	for (i = 0; i < FLEET; i++)
		order[i] = i;
	first = fold_in_order(&all, order);
	for (i = 0; i < ks.n; i++)
		assert_no_overlap(ks.v[i]);
	for (round = 0; round < 3; round++) {
		for (i = FLEET - 1; i > 0; i--) {
			size_t j = next_rand(&seed) % (i + 1), t = order[i];

			order[i] = order[j];
			order[j] = t;
		}
		other = fold_in_order(&all, order);
		assert_string_equal(first, other);
		free(other);
	}
	/* each VF's scan holds the PF too: 2 of 3 are VFs */
	assert_int_equal(key_set_observations(&ks), FLEET + FLEET * 2 / 3);
	free(first);
	snapset_free(&all);
}

/* Recordings stored as gen finds them: the lab guest's (a named host,
 * an SR-IOV PF with four VFs) and two earlier lab machines' dumps (no
 * host line; the CXL devices, a PF with sixteen VFs). */
static const char *const stored[] = {
	"tests/fixtures/lab/root.rec", "tests/fixtures/qemu-lab/cxl",
	"tests/fixtures/qemu-lab/16vfs",
};

static void store_recordings(const char *db)
{
	struct store *st = store_open(db, STORE_WRITE);
	size_t i;

	assert_non_null(st);
	for (i = 0; i < sizeof(stored) / sizeof(stored[0]); i++) {
		struct ingest_result res;
		struct path_list pl = { 0 };
		struct snapset ss;
		size_t f;

		snapset_init(&ss);
		assert_int_equal(dump_dir_collect(stored[i], &pl), 0);
		for (f = 0; f < pl.n; f++)
			assert_int_equal(dump_read_path(pl.v[f], &ss), 0);
		assert_int_equal(snapset_finish(&ss), 0);
		assert_int_equal(store_ingest(st, &ss, NULL, "replay", stored[i],
					      &res), 0);
		path_list_free(&pl);
		snapset_free(&ss);
	}
	store_close(st);
}

static int fold_whole_scan(struct store *st, const struct stored_scan *sc,
			   void *ctx)
{
	struct snapset ss;

	(void)ctx;
	snapset_init(&ss);
	assert_int_equal(store_load_scan(st, sc->id, &ss), 0);
	consensus_add_scan(&ks, &ss, sc->id);
	snapset_free(&ss);
	return 0;
}

static int count_group(void *ctx, const struct fn_group *g)
{
	unsigned int *n = ctx;

	n[0]++;
	n[1] += g->n;
	return 0;
}

static int count_groups(struct store *st, const struct stored_scan *sc,
			void *ctx)
{
	return store_each_group(st, sc->id, count_group, ctx);
}

/* gen's grouped reading of a store folds as every function one by one. */
static void test_grouped_load_is_one_by_one(void **state)
{
	char db[] = "/tmp/pasid-scan-consensus-XXXXXX";
	unsigned int n[2] = { 0, 0 }, obs;
	char *grouped, *whole;
	int fd = mkstemp(db);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	unlink(db);
	store_recordings(db);
	assert_int_equal(consensus_load(db, &ks), 0);
	grouped = emit_all();
	obs = key_set_observations(&ks);
	key_set_free(&ks);
	assert_int_equal(store_each_scan(db, fold_whole_scan, NULL), 0);
	consensus_finish(&ks);
	whole = emit_all();
	assert_string_equal(grouped, whole);
	assert_int_equal(obs, key_set_observations(&ks));
	/* alike functions did share a group: the VFs, the root ports */
	assert_int_equal(store_each_scan(db, count_groups, n), 0);
	assert_int_equal(n[1], obs);
	assert_true(n[0] < n[1]);
	free(grouped);
	free(whole);
	unlink(db);
}

/* What gen --yaml writes, map_read() gives back. */
static void test_map_round_trip(void **state)
{
	char path[] = "/tmp/pasid-scan-map-XXXXXX";
	struct map_entry *v;
	struct snapset all;
	size_t n, i;
	int fd, kind;
	FILE *f;

	(void)state;
	snapset_init(&all);
	fleet(&all);
	consensus_add_scan(&ks, &all, 1);
	consensus_finish(&ks);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_int_equal(emit_yaml(f, &ks), 0);
	fclose(f);
	assert_int_equal(map_read(path, &v, &n), 0);
	unlink(path);
	assert_int_equal(n, ks.n);
	for (i = 0; i < n; i++) {
		assert_int_equal(v[i].vendor, ks.v[i]->vendor);
		assert_int_equal(v[i].device, ks.v[i]->device);
		assert_int_equal(v[i].vf, ks.v[i]->vf);
		for (kind = 0; kind < VCAP_N; kind++) {
			assert_int_equal(v[i].offset[kind], ks.v[i]->place[kind].offset);
			assert_int_equal(v[i].reason[kind], ks.v[i]->place[kind].reason);
		}
		assert_int_equal(v[i].verdict, ks.v[i]->verdict.verdict);
		assert_int_equal(v[i].why, ks.v[i]->verdict.why);
	}
	free(v);
	snapset_free(&all);
}

static void test_safe_text(void **state)
{
	char buf[32];

	(void)state;
	safe_text("a */ b /* c", buf, sizeof(buf));
	assert_string_equal(buf, "a * / b / * c");
	safe_text("tab\there\\ \xc3\xa9", buf, sizeof(buf));
	assert_string_equal(buf, "tab?here? ??");
	safe_text("0123456789", buf, 5);
	assert_string_equal(buf, "0123");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_default_before_pf_template, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vf_takes_pf_template, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pf_template_taken_in_vf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_ext_caps_no_vpasid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_default_taken_by_orphan_or_nonzero, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hosts_disagree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chains_compared_only_where_they_differ, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nowhere_reasons, setup, teardown),
		cmocka_unit_test_setup_teardown(test_order_independent_and_no_overlap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_grouped_load_is_one_by_one, setup, teardown),
		cmocka_unit_test_setup_teardown(test_map_round_trip, setup, teardown),
		cmocka_unit_test(test_safe_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
