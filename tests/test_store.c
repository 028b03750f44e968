// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_store.c - the SQLite store: SHA-256 against FIPS 180-4's
 * examples, the schema version rules (an older store migrated, a newer
 * one refused), a scan stored and loaded back field for field, the
 * analysis rows against analyze(), and a batch that fails half-way
 * leaving nothing.  Every store is a file on disk in a fresh directory.
 * The input is the lab guest's own recording (tests/fixtures/lab).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis.h"
#include "source_dump.h"
#include "store_ingest.h"
#include "store_load.h"

#define ROOT_REC "tests/fixtures/lab/root.rec"

static char dir[64], dbpath[96];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/pasid-scan-store.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(dbpath, sizeof(dbpath), "%s/t.db", dir);
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

static void sha_of(const void *p, size_t len, size_t chunk, char *out)
{
	struct sha256 c;
	size_t i, n;

	sha256_init(&c);
	for (i = 0; i < len; i += n) {
		n = len - i < chunk ? len - i : chunk;
		sha256_update(&c, (const char *)p + i, n);
	}
	sha256_hex(&c, out);
}

/* FIPS 180-4 examples (NIST CSRC "SHA256.pdf", "SHA2_Additional"). */
static void test_sha256_vectors(void **state)
{
	static const char two_blocks[] =
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	char out[SHA256_HEXLEN], *million = malloc(1000000);

	(void)state;
	sha_of("", 0, 1, out);
	assert_string_equal(out, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	sha_of("abc", 3, 1, out);
	assert_string_equal(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha_of(two_blocks, strlen(two_blocks), 7, out);
	assert_string_equal(out, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	assert_non_null(million);
	memset(million, 'a', 1000000);
	sha_of(million, 1000000, 4099, out);
	assert_string_equal(out, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(million);
}

/* The CPU's SHA instructions and the portable code give one digest, at
 * every length around the block edges and in every cut. */
static void test_sha256_cpu_and_portable(void **state)
{
	char a[SHA256_HEXLEN], b[SHA256_HEXLEN];
	uint8_t buf[300];
	size_t len, chunk;
	unsigned int x = 1;

	(void)state;
	if (!sha256_use_cpu(true)) {
		/* valgrind 3.19's CPU has none, so check-valgrind skips */
		sha256_use_cpu(false);
		fprintf(stderr, "skip test_sha256_cpu_and_portable: this CPU offers no SHA instructions\n");
		skip();
	}
	for (len = 0; len < sizeof(buf); len++) {
		x = x * 1103515245 + 12345;
		buf[len] = (uint8_t)(x >> 16);
	}
	for (len = 0; len <= sizeof(buf); len++) {
		for (chunk = 1; chunk <= 130; chunk += 43) {
			sha256_use_cpu(true);
			sha_of(buf, len, chunk, a);
			sha256_use_cpu(false);
			sha_of(buf, len, chunk, b);
			assert_string_equal(a, b);
		}
	}
	sha256_use_cpu(true);
	sha_of("abc", 3, 1, a);
	assert_string_equal(a, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static long long count(struct store *st, const char *table)
{
	char sql[128];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
	return store_query_int(st, sql);
}

/* A made-up history: version 1 has a table, version 2 adds a column. */
static const char v1_sql[] =
	"PRAGMA application_id = 1347635524;"
	"CREATE TABLE t (a INTEGER) STRICT;"
	"PRAGMA user_version = 1;";
static const struct store_migration to_v2[] = {
	{ 2, "ALTER TABLE t ADD COLUMN b INTEGER NOT NULL DEFAULT 7;"
	     "PRAGMA user_version = 2;" },
	{ 0, NULL },
};

static void test_migrate_older(void **state)
{
	const struct store_schema v1 = { 1, v1_sql, to_v2 + 1 };
	const struct store_schema v2 = {
		2, "PRAGMA application_id = 1347635524;"
		   "CREATE TABLE t (a INTEGER, b INTEGER NOT NULL DEFAULT 7) STRICT;"
		   "PRAGMA user_version = 2;", to_v2 };
	struct store *st;

	(void)state;
	st = store_open_schema(dbpath, STORE_WRITE, &v1);
	assert_non_null(st);
	assert_int_equal(store_exec(st, "INSERT INTO t (a) VALUES (41)", "t"), 0);
	store_close(st);
	/* opened by the newer version: migrated, data kept */
	st = store_open_schema(dbpath, STORE_WRITE, &v2);
	assert_non_null(st);
	assert_int_equal(store_query_int(st, "PRAGMA user_version"), 2);
	assert_int_equal(store_query_int(st, "SELECT a + b FROM t"), 48);
	store_close(st);
	/* and now the old version must refuse it */
	assert_null(store_open_schema(dbpath, STORE_READ, &v1));
	assert_null(store_open_schema(dbpath, STORE_WRITE, &v1));
}

/* The real schema, then a future version one migration ahead. */
static void test_migrate_real_schema(void **state)
{
	struct store_migration m[2] = { { 0, NULL }, { 0, NULL } };
	struct store_schema future;
	char sql[128];
	struct store *st;

	(void)state;
	st = store_open(dbpath, STORE_WRITE);
	assert_non_null(st);
	assert_int_equal(store_query_int(st, "PRAGMA user_version"),
			 store_schema_version);
	assert_int_equal(store_query_int(st, "PRAGMA foreign_keys"), 1);
	store_close(st);
	snprintf(sql, sizeof(sql), "CREATE TABLE placements (key TEXT) STRICT;"
		 "PRAGMA user_version = %u;", store_schema_version + 1);
	m[0].version = store_schema_version + 1;
	m[0].sql = sql;
	future.version = store_schema_version + 1;
	future.sql = "";
	future.migrations = m;
	st = store_open_schema(dbpath, STORE_READ, &future);
	assert_non_null(st);
	assert_int_equal(count(st, "placements"), 0);
	store_close(st);
	assert_null(store_open(dbpath, STORE_READ));
}

static void read_root(struct snapset *ss)
{
	snapset_init(ss);
	assert_int_equal(dump_read_path(ROOT_REC, ss), 0);
	assert_int_equal(snapset_finish(ss), 0);
	assert_int_equal(ss->n, 14);
}

static void assert_same_addr(const struct pci_addr *a, const struct pci_addr *b)
{
	assert_int_equal(pci_addr_cmp(a, b), 0);
}

/* Field by field: padding in the structures is nobody's business. */
static void assert_same_ident(const struct cfg_ident *a, const struct cfg_ident *b)
{
	assert_int_equal(a->has_addr, b->has_addr);
	assert_same_addr(&a->addr, &b->addr);
	assert_int_equal(a->vendor, b->vendor);
	assert_int_equal(a->device, b->device);
	assert_int_equal(a->class, b->class);
	assert_int_equal(a->revision, b->revision);
	assert_int_equal(a->subvendor, b->subvendor);
	assert_int_equal(a->subdevice, b->subdevice);
	assert_int_equal(a->ids_from_meta, b->ids_from_meta);
	assert_int_equal(a->ids_from_pf, b->ids_from_pf);
	assert_int_equal(a->has_physfn, b->has_physfn);
	if (a->has_physfn)
		assert_same_addr(&a->physfn, &b->physfn);
	assert_int_equal(a->kind, b->kind);
	assert_int_equal(a->kind_from_meta, b->kind_from_meta);
}

static void assert_same_snapshot(const struct cfg_snapshot *a,
				 const struct cfg_snapshot *b)
{
	const struct cfg_facts *fa = &a->facts, *fb = &b->facts;

	assert_same_ident(&a->id, &b->id);
	assert_string_equal(a->origin.path, b->origin.path);
	assert_int_equal(a->origin.line, b->origin.line);
	assert_int_equal(a->valid_len, b->valid_len);
	assert_memory_equal(a->bytes, b->bytes, a->valid_len);
	assert_int_equal(fa->have, fb->have);
	if (fa->have & FACT_DRIVER)
		assert_string_equal(fa->driver, fb->driver);
	if (fa->have & FACT_IOMMU)
		assert_int_equal(fa->iommu_group, fb->iommu_group);
	if (fa->have & FACT_NUMA)
		assert_int_equal(fa->numa_node, fb->numa_node);
	if (fa->have & FACT_VFINDEX)
		assert_int_equal(fa->vfindex, fb->vfindex);
	if (fa->have & FACT_CFG_SIZE)
		assert_int_equal(fa->cfg_size, fb->cfg_size);
	if (fa->have & FACT_SRIOV) {
		assert_int_equal(fa->sriov.totalvfs, fb->sriov.totalvfs);
		assert_int_equal(fa->sriov.numvfs, fb->sriov.numvfs);
		assert_int_equal(fa->sriov.offset, fb->sriov.offset);
		assert_int_equal(fa->sriov.stride, fb->sriov.stride);
		assert_int_equal(fa->sriov.vf_device, fb->sriov.vf_device);
	}
	assert_non_null(a->host);
	assert_non_null(b->host);
	assert_string_equal(a->host->hostname, b->host->hostname);
	assert_string_equal(a->host->product, b->host->product);
	assert_string_equal(a->host->kernel, b->host->kernel);
	assert_string_equal(a->host->time, b->host->time);
	assert_string_equal(a->host->tool, b->host->tool);
}

static void test_round_trip(void **state)
{
	struct snapset in, out;
	struct ingest_result r;
	struct stored_scan *v;
	struct store *st;
	size_t i, n;

	(void)state;
	read_root(&in);
	st = store_open(dbpath, STORE_WRITE);
	assert_non_null(st);
	assert_int_equal(store_ingest(st, &in, NULL, "replay", ROOT_REC, &r), 0);
	assert_int_equal(r.scans_added, 1);
	assert_int_equal(r.functions, 14);
	assert_int_equal(r.snapshots, count(st, "snapshots"));
	assert_int_equal(store_list_scans(st, &v, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].source, "replay");
	assert_string_equal(v[0].origin, ROOT_REC);
	snapset_init(&out);
	assert_int_equal(store_load_scan(st, v[0].id, &out), 0);
	assert_int_equal(out.n, in.n);
	for (i = 0; i < in.n; i++)
		assert_same_snapshot(in.v[i], out.v[i]);
	/* the loaded scan is the stored one: storing it adds nothing */
	assert_int_equal(store_ingest(st, &out, NULL, "replay", "elsewhere", &r), 0);
	assert_int_equal(r.scans_added, 0);
	assert_int_equal(r.scans_known, 1);
	assert_int_equal(count(st, "functions"), 14);
	free(v);
	snapset_free(&out);
	snapset_free(&in);
	store_close(st);
}

/* The stored analysis is analyze()'s, row for row. */
static void test_analysis_rows(void **state)
{
	struct fn_report *rep = calloc(1, sizeof(*rep));
	struct ingest_result r;
	struct snapset in;
	struct store *st;
	char sql[256];
	size_t i;

	(void)state;
	read_root(&in);
	st = store_open(dbpath, STORE_WRITE);
	assert_non_null(st);
	assert_int_equal(store_ingest(st, &in, NULL, "replay", ROOT_REC, &r), 0);
	for (i = 0; i < in.n; i++) {
		analyze(in.v[i], rep);
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM capabilities c "
			 "JOIN functions f ON f.analysis_id = c.analysis_id WHERE f.seq = %zu", i);
		assert_int_equal(store_query_int(st, sql), rep->lay.caps.n);
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM free_windows w "
			 "JOIN functions f ON f.analysis_id = w.analysis_id WHERE f.seq = %zu", i);
		assert_int_equal(store_query_int(st, sql), rep->lay.n_free);
		snprintf(sql, sizeof(sql), "SELECT coalesce(a.vpasid_offset, -1) FROM analyses a "
			 "JOIN functions f ON f.analysis_id = a.id WHERE f.seq = %zu", i);
		assert_int_equal(store_query_int(st, sql), rep->place[VCAP_PASID].offset);
	}
	free(rep);
	snapset_free(&in);
	store_close(st);
}

/* Only what the filter selects is stored, and it is a scan of its own. */
static void test_filter(void **state)
{
	struct ingest_result r;
	struct fn_filter f;
	struct snapset in;
	struct store *st;

	(void)state;
	read_root(&in);
	filter_init(&f);
	assert_int_equal(filter_parse_slot(&f, "01:00"), 0);
	st = store_open(dbpath, STORE_WRITE);
	assert_non_null(st);
	assert_int_equal(store_ingest(st, &in, &f, "live", "/sys/bus/pci", &r), 0);
	assert_int_equal(r.functions, 5);	/* the PF and its 4 VFs */
	assert_int_equal(store_query_int(st, "SELECT count(*) FROM functions "
					 "WHERE pf_id IS NOT NULL"), 4);
	assert_int_equal(store_ingest(st, &in, NULL, "live", "/sys/bus/pci", &r), 0);
	assert_int_equal(r.scans_added, 1);
	assert_int_equal(count(st, "scans"), 2);
	snapset_free(&in);
	store_close(st);
}

/* A batch that fails at its sixth function leaves no row of itself. */
static void test_failed_batch_leaves_nothing(void **state)
{
	static const char *const tables[] = {
		"hosts", "scans", "snapshots", "analyses", "functions",
		"capabilities", "free_windows", "hidden_regions", "orphans",
	};
	struct ingest_result r;
	struct snapset in;
	struct store *st;
	size_t i;

	(void)state;
	read_root(&in);
	st = store_open(dbpath, STORE_WRITE);
	assert_non_null(st);
	assert_int_equal(store_exec(st, "CREATE TEMP TRIGGER fail6 BEFORE INSERT "
				    "ON functions WHEN NEW.seq = 5 BEGIN "
				    "SELECT RAISE(ABORT, 'injected'); END", "trigger"), 0);
	assert_int_equal(store_ingest(st, &in, NULL, "replay", ROOT_REC, &r), -1);
	assert_int_equal(r.functions, 0);
	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		assert_int_equal(count(st, tables[i]), 0);
	/* the connection is usable: without the fault the batch goes in */
	assert_int_equal(store_exec(st, "DROP TRIGGER fail6", "trigger"), 0);
	assert_int_equal(store_ingest(st, &in, NULL, "replay", ROOT_REC, &r), 0);
	assert_int_equal(count(st, "functions"), 14);
	snapset_free(&in);
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_vectors),
		cmocka_unit_test(test_sha256_cpu_and_portable),
		cmocka_unit_test_setup_teardown(test_migrate_older, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_real_schema, setup, teardown),
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_analysis_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_batch_leaves_nothing, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
