// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * store_query.c - read-only questions to the store, each a table of
 * SQL, for "pasid-scan db".
 *
 * src/store/: the SQLite store of every observation from every host.
 */
#include <string.h>

#include "names.h"
#include "store_query.h"

struct counted {
	const char *label;
	const char *sql;	/* one integer */
};

static const struct counted stats[] = {
	{ "hosts", "SELECT count(*) FROM hosts" },
	{ "scans", "SELECT count(*) FROM scans" },
	{ "functions", "SELECT count(*) FROM functions" },
	{ "snapshots", "SELECT count(*) FROM snapshots" },
	{ "device keys", "SELECT count(*) FROM "
	  "(SELECT DISTINCT vendor, device, kind = 'vf' FROM functions)" },
	{ "schema version", "PRAGMA user_version" },
};

int store_print_stats(struct store *st, FILE *out)
{
	size_t i;
	long long v;

	for (i = 0; i < sizeof(stats) / sizeof(stats[0]); i++) {
		v = store_query_int(st, stats[i].sql);
		if (v < 0)
			return -1;
		fprintf(out, "%-15s %lld\n", stats[i].label, v);
	}
	return 0;
}

/* One row per device key, VENDOR:DEVICE:fn|vf (an SR-IOV PF is an fn
 * function): the evidence a quirk stands on. */
static const char keys_sql[] =
	"SELECT f.vendor, f.device, f.kind = 'vf', count(*), "
	"count(DISTINCT a.snapshot_id), count(DISTINCT f.scan_id), "
	"count(DISTINCT s.host_id) "
	"FROM functions f JOIN scans s ON s.id = f.scan_id "
	"JOIN analyses a ON a.id = f.analysis_id "
	"WHERE (?1 < 0 OR f.vendor = ?1) AND (?2 < 0 OR f.device = ?2) "
	"AND (?3 < 0 OR f.class >> 8 = ?3) AND (?4 < 0 OR (f.kind = 'vf') = ?4) "
	"GROUP BY 1, 2, 3 ORDER BY 1, 2, 3";

int store_print_keys(struct store *st, const struct fn_filter *f, FILE *out)
{
	sqlite3_stmt *q = store_prepare(st, keys_sql);
	char name[256], key[KEY_STRLEN];
	const char *n;
	int rc, rows = 0;

	if (!q)
		return -1;
	sqlite3_bind_int(q, 1, f->vendor);
	sqlite3_bind_int(q, 2, f->device);
	sqlite3_bind_int(q, 3, f->class);
	sqlite3_bind_int(q, 4, f->key_kind);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (!rows++)
			fprintf(out, "%-12s %9s %9s %5s %5s  %s\n", "Key",
				"Functions", "Snapshots", "Scans", "Hosts",
				"Name");
		n = names_device(sqlite3_column_int(q, 0),
				 sqlite3_column_int(q, 1), name, sizeof(name));
		key_format((uint16_t)sqlite3_column_int(q, 0),
			   (uint16_t)sqlite3_column_int(q, 1),
			   sqlite3_column_int(q, 2), key);
		fprintf(out, "%-12s %9d %9d %5d %5d  %s\n", key,
			sqlite3_column_int(q, 3),
			sqlite3_column_int(q, 4), sqlite3_column_int(q, 5),
			sqlite3_column_int(q, 6), n ? n : "(unknown device)");
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? rows : store_fail(st, "listing device keys");
}

/* Each counts rows that break a rule a whole batch always keeps. */
static const struct counted rules[] = {
	{ "scans whose function count is not what was stored with them",
	  "SELECT count(*) FROM scans s WHERE n_functions != "
	  "(SELECT count(*) FROM functions f WHERE f.scan_id = s.id)" },
	{ "snapshots no analysis covers",
	  "SELECT count(*) FROM snapshots WHERE id NOT IN "
	  "(SELECT snapshot_id FROM analyses)" },
	{ "analyses no function uses",
	  "SELECT count(*) FROM analyses WHERE id NOT IN "
	  "(SELECT analysis_id FROM functions)" },
	{ "functions analysed for another class",
	  "SELECT count(*) FROM functions f JOIN analyses a ON a.id = f.analysis_id "
	  "WHERE a.class != f.class" },
	{ "hosts no scan names",
	  "SELECT count(*) FROM hosts WHERE id NOT IN "
	  "(SELECT host_id FROM scans WHERE host_id IS NOT NULL)" },
	{ "rows whose foreign key points nowhere",
	  "SELECT count(*) FROM pragma_foreign_key_check" },
};

static int integrity(struct store *st, FILE *out)
{
	sqlite3_stmt *q = store_prepare(st, "PRAGMA integrity_check");
	int rc, bad = 0;
	const char *t;

	if (!q)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		t = (const char *)sqlite3_column_text(q, 0);
		if (strcmp(t, "ok")) {
			fprintf(out, "integrity: %s\n", t);
			bad = 1;
		}
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return store_fail(st, "integrity_check");
	if (!bad)
		fprintf(out, "integrity: ok\n");
	return bad;
}

int store_check(struct store *st, FILE *out)
{
	int bad = integrity(st, out);
	long long v;
	size_t i;

	if (bad < 0)
		return -1;
	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		v = store_query_int(st, rules[i].sql);
		if (v < 0)
			return -1;
		if (v)
			fprintf(out, "%lld %s\n", v, rules[i].label);
		bad |= v != 0;
	}
	if (!bad)
		fprintf(out, "consistency: ok\n");
	return bad;
}
