// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * store_load.c - rebuild snapshots from the store: identity, facts,
 * host and bytes exactly as they were ingested, so that the digest of
 * a loaded scan is the digest it was stored under.
 *
 * src/store/: the SQLite store of every observation from every host.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "store_load.h"

static const char scans_sql[] =
	"SELECT id, source, origin FROM scans ORDER BY id";

static const char host_sql[] =
	"SELECT h.hostname, h.product, s.kernel, s.time, s.tool "
	"FROM scans s JOIN hosts h ON h.id = s.host_id WHERE s.id = ?1";

/* Columns in the order load_function() reads them. */
static const char functions_sql[] =
	"SELECT f.bdf, f.vendor, f.device, f.class, f.revision, f.subvendor, "
	"f.subdevice, f.ids_from, f.kind, f.kind_from_sysfs, f.physfn, "
	"f.origin, f.line, f.cfg_size, f.driver, f.iommu_group, f.numa_node, "
	"f.vfindex, f.sriov_totalvfs, f.sriov_numvfs, f.sriov_offset, "
	"f.sriov_stride, f.sriov_vf_device, s.valid_len, s.bytes, "
	"s.volatile_mask, s.rw_mask "
	"FROM functions f JOIN analyses a ON a.id = f.analysis_id "
	"JOIN snapshots s ON s.id = a.snapshot_id "
	"WHERE f.scan_id = ?1 ORDER BY f.seq";

/* The groups store_each_group() gives: a VF's PF is found by address in
 * the same scan, through the index functions_by_bdf. */
static const char groups_sql[] =
	"SELECT f.vendor, f.device, f.kind = 'vf', f.analysis_id, f.cfg_size, "
	"p.analysis_id, count(*) "
	"FROM functions f LEFT JOIN functions p ON f.kind = 'vf' "
	"AND p.scan_id = f.scan_id AND p.bdf = f.physfn "
	"WHERE f.scan_id = ?1 GROUP BY 1, 2, 3, 4, 5, 6";

static const char analysis_sql[] =
	"SELECT a.class, s.valid_len, s.bytes, s.volatile_mask, s.rw_mask "
	"FROM analyses a JOIN snapshots s ON s.id = a.snapshot_id "
	"WHERE a.id = ?1";

static void copy_col(sqlite3_stmt *q, int col, char *dst, size_t len)
{
	const unsigned char *t = sqlite3_column_text(q, col);

	snprintf(dst, len, "%s", t ? (const char *)t : "");
}

int store_list_scans(struct store *st, struct stored_scan **v, size_t *n)
{
	sqlite3_stmt *q = store_prepare(st, scans_sql);
	size_t alloc = 16;
	int rc;

	*n = 0;
	*v = xcalloc(alloc, sizeof(**v));
	if (!q)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct stored_scan *s;

		if (*n == alloc) {
			alloc *= 2;
			*v = xreallocarray(*v, alloc, sizeof(**v));
		}
		s = &(*v)[(*n)++];
		s->id = sqlite3_column_int64(q, 0);
		copy_col(q, 1, s->source, sizeof(s->source));
		copy_col(q, 2, s->origin, sizeof(s->origin));
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "listing scans");
}

int store_each_scan_in(struct store *st, stored_scan_fn fn, void *ctx)
{
	struct stored_scan *v = NULL;
	size_t i, n = 0;
	int ret = -1;

	if (!store_list_scans(st, &v, &n)) {
		for (i = 0; i < n; i++)
			if (fn(st, &v[i], ctx))
				break;
		ret = i == n ? 0 : -1;
	}
	free(v);
	return ret;
}

int store_each_scan(const char *path, stored_scan_fn fn, void *ctx)
{
	struct store *st = store_open(path, STORE_READ);
	int ret;

	if (!st)
		return -1;
	ret = store_each_scan_in(st, fn, ctx);
	store_close(st);
	return ret;
}

int store_load_host(struct store *st, long long scan_id, struct scan_host *h)
{
	sqlite3_stmt *q = store_prepare(st, host_sql);
	int rc;

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, scan_id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		copy_col(q, 0, h->hostname, sizeof(h->hostname));
		copy_col(q, 1, h->product, sizeof(h->product));
		copy_col(q, 2, h->kernel, sizeof(h->kernel));
		copy_col(q, 3, h->time, sizeof(h->time));
		copy_col(q, 4, h->tool, sizeof(h->tool));
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, "reading a scan's host");
	return rc == SQLITE_ROW;
}

static int load_host(struct store *st, long long scan_id,
		     struct snapset *ss, struct scan_host **out)
{
	struct scan_host h;
	int ret = store_load_host(st, scan_id, &h);

	*out = NULL;
	if (ret > 0) {
		*out = snapset_add_host(ss);
		**out = h;
	}
	return ret < 0 ? -1 : 0;
}

static bool col_null(sqlite3_stmt *q, int col)
{
	return sqlite3_column_type(q, col) == SQLITE_NULL;
}

static void load_ident(sqlite3_stmt *q, struct cfg_ident *id)
{
	const char *from = (const char *)sqlite3_column_text(q, 7);
	const char *kind = (const char *)sqlite3_column_text(q, 8);

	if (!col_null(q, 0))
		id->has_addr = pci_addr_parse((const char *)
					      sqlite3_column_text(q, 0), &id->addr);
	id->vendor = sqlite3_column_int(q, 1);
	id->device = sqlite3_column_int(q, 2);
	id->class = sqlite3_column_int(q, 3);
	id->revision = sqlite3_column_int(q, 4);
	id->subvendor = sqlite3_column_int(q, 5);
	id->subdevice = sqlite3_column_int(q, 6);
	id->ids_from_pf = !strcmp(from, "pf");
	id->ids_from_meta = !strcmp(from, "sysfs");
	id->kind = !strcmp(kind, "pf") ? FN_KIND_PF :
		   !strcmp(kind, "vf") ? FN_KIND_VF : FN_KIND_FN;
	id->kind_from_meta = sqlite3_column_int(q, 9);
	if (!col_null(q, 10))
		id->has_physfn = pci_addr_parse((const char *)
						sqlite3_column_text(q, 10), &id->physfn);
}

/* An integer fact: set its bit only when the column holds one. */
static bool fact_int(sqlite3_stmt *q, int col, struct cfg_facts *f,
		     unsigned int bit, long long *v)
{
	if (col_null(q, col))
		return false;
	*v = sqlite3_column_int64(q, col);
	f->have |= bit;
	return true;
}

static void load_facts(sqlite3_stmt *q, struct cfg_facts *f)
{
	long long v;

	if (fact_int(q, 13, f, FACT_CFG_SIZE, &v))
		f->cfg_size = v;
	if (!col_null(q, 14)) {
		f->have |= FACT_DRIVER;
		copy_col(q, 14, f->driver, sizeof(f->driver));
	}
	if (fact_int(q, 15, f, FACT_IOMMU, &v))
		f->iommu_group = v;
	if (fact_int(q, 16, f, FACT_NUMA, &v))
		f->numa_node = v;
	if (fact_int(q, 17, f, FACT_VFINDEX, &v))
		f->vfindex = v;
	if (!col_null(q, 18)) {
		f->have |= FACT_SRIOV;
		f->sriov.totalvfs = sqlite3_column_int(q, 18);
		f->sriov.numvfs = sqlite3_column_int(q, 19);
		f->sriov.offset = sqlite3_column_int(q, 20);
		f->sriov.stride = sqlite3_column_int(q, 21);
		f->sriov.vf_device = sqlite3_column_int(q, 22);
	}
}

/* A mask column: NULL (not probed that far) or valid_len bytes. */
static int load_mask(struct store *st, sqlite3_stmt *q, int col,
		     unsigned int len, uint8_t *out)
{
	const void *m = sqlite3_column_blob(q, col);

	if (col_null(q, col))
		return 0;
	if ((unsigned int)sqlite3_column_bytes(q, col) != len) {
		err_msg("%s: a probe mask of %d bytes beside %u config bytes",
			st->path, sqlite3_column_bytes(q, col), len);
		return -1;
	}
	memcpy(out, m, len);
	return 1;
}

/* The volatile and writable masks from columns col and col + 1. */
static int load_masks(struct store *st, sqlite3_stmt *q, int col,
		      struct cfg_snapshot *s)
{
	int vol = load_mask(st, q, col, s->valid_len, s->vol);
	int rw = load_mask(st, q, col + 1, s->valid_len, s->rw);

	if (vol < 0 || rw < 0)
		return -1;
	if (rw && !vol) {
		err_msg("%s: a snapshot with a writable mask but no volatile mask; a write probe reads first",
			st->path);
		return -1;
	}
	s->probe = rw ? PROBE_WRITE : vol ? PROBE_READ : PROBE_NONE;
	return 0;
}

/* valid_len, bytes and the masks from columns col to col + 3. */
static int load_bytes(struct store *st, sqlite3_stmt *q, int col,
		      struct cfg_snapshot *s)
{
	int len = sqlite3_column_int(q, col);
	const void *bytes = sqlite3_column_blob(q, col + 1);

	/* The schema checks this; a file edited behind its back may not. */
	if (len < 1 || len > CFG_SPACE_SIZE ||
	    sqlite3_column_bytes(q, col + 1) != len) {
		err_msg("%s: a snapshot of %d bytes, valid_len %d; expected "
			"1 to %d bytes of both", st->path,
			sqlite3_column_bytes(q, col + 1), len, CFG_SPACE_SIZE);
		return -1;
	}
	s->valid_len = len;
	memcpy(s->bytes, bytes, len);
	return load_masks(st, q, col + 2, s);
}

static int load_function(struct store *st, sqlite3_stmt *q,
			 struct cfg_snapshot *s)
{
	load_ident(q, &s->id);
	copy_col(q, 11, s->origin.path, sizeof(s->origin.path));
	s->origin.line = sqlite3_column_int(q, 12);
	load_facts(q, &s->facts);
	return load_bytes(st, q, 23, s);
}

int store_load_scan(struct store *st, long long scan_id, struct snapset *ss)
{
	sqlite3_stmt *q;
	struct scan_host *h;
	int rc;

	if (load_host(st, scan_id, ss, &h))
		return -1;
	q = store_prepare(st, functions_sql);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, scan_id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct cfg_snapshot *s = snapset_add(ss);

		s->host = h;
		if (load_function(st, q, s)) {
			sqlite3_finalize(q);
			return -1;
		}
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "reading functions");
}

static void read_group(sqlite3_stmt *q, struct fn_group *g)
{
	memset(g, 0, sizeof(*g));
	g->vendor = sqlite3_column_int(q, 0);
	g->device = sqlite3_column_int(q, 1);
	g->vf = sqlite3_column_int(q, 2);
	g->analysis = sqlite3_column_int64(q, 3);
	g->has_cfg_size = !col_null(q, 4);
	g->cfg_size = sqlite3_column_int(q, 4);
	g->pf_analysis = col_null(q, 5) ? 0 : sqlite3_column_int64(q, 5);
	g->n = sqlite3_column_int(q, 6);
}

int store_each_group(struct store *st, long long scan_id, fn_group_fn fn,
		     void *ctx)
{
	sqlite3_stmt *q = store_prepare(st, groups_sql);
	struct fn_group g;
	int rc;

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, scan_id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		read_group(q, &g);
		if (fn(ctx, &g)) {
			sqlite3_finalize(q);
			return -1;
		}
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "grouping functions");
}

int store_load_analysis(struct store *st, long long analysis_id,
			struct cfg_snapshot *s)
{
	sqlite3_stmt *q = store_prepare(st, analysis_sql);
	int rc, ret = -1;

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, analysis_id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		s->id.class = sqlite3_column_int(q, 0);
		ret = load_bytes(st, q, 1, s);
	} else if (rc == SQLITE_DONE) {
		err_msg("%s: a function's analysis %lld is not in the store",
			st->path, analysis_id);
	} else {
		store_fail(st, "reading an analysis");
	}
	sqlite3_finalize(q);
	return ret;
}
