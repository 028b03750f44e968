// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * store_load.c - rebuild snapshots from the store: identity, facts,
 * host and bytes exactly as they were ingested, so that the digest of
 * a loaded scan is the digest it was stored under.
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

int store_each_scan(const char *path, stored_scan_fn fn, void *ctx)
{
	struct store *st = store_open(path, STORE_READ);
	struct stored_scan *v = NULL;
	size_t i, n = 0;
	int ret = -1;

	if (!st)
		return -1;
	if (!store_list_scans(st, &v, &n)) {
		for (i = 0; i < n; i++)
			if (fn(st, &v[i], ctx))
				break;
		ret = i == n ? 0 : -1;
	}
	free(v);
	store_close(st);
	return ret;
}

static int load_host(struct store *st, long long scan_id,
		     struct snapset *ss, struct scan_host **out)
{
	sqlite3_stmt *q = store_prepare(st, host_sql);
	struct scan_host *h;
	int rc;

	*out = NULL;
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, scan_id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		h = snapset_add_host(ss);
		copy_col(q, 0, h->hostname, sizeof(h->hostname));
		copy_col(q, 1, h->product, sizeof(h->product));
		copy_col(q, 2, h->kernel, sizeof(h->kernel));
		copy_col(q, 3, h->time, sizeof(h->time));
		copy_col(q, 4, h->tool, sizeof(h->tool));
		*out = h;
	}
	sqlite3_finalize(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	       store_fail(st, "reading a scan's host");
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

static int load_masks(struct store *st, sqlite3_stmt *q,
		      struct cfg_snapshot *s)
{
	int vol = load_mask(st, q, 25, s->valid_len, s->vol);
	int rw = load_mask(st, q, 26, s->valid_len, s->rw);

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

static int load_function(struct store *st, sqlite3_stmt *q,
			 struct cfg_snapshot *s)
{
	int len = sqlite3_column_int(q, 23);
	const void *bytes = sqlite3_column_blob(q, 24);

	/* The schema checks this; a file edited behind its back may not. */
	if (len < 1 || len > CFG_SPACE_SIZE || sqlite3_column_bytes(q, 24) != len) {
		err_msg("%s: a snapshot of %d bytes, valid_len %d; expected "
			"1 to %d bytes of both", st->path,
			sqlite3_column_bytes(q, 24), len, CFG_SPACE_SIZE);
		return -1;
	}
	load_ident(q, &s->id);
	copy_col(q, 11, s->origin.path, sizeof(s->origin.path));
	s->origin.line = sqlite3_column_int(q, 12);
	load_facts(q, &s->facts);
	s->valid_len = len;
	memcpy(s->bytes, bytes, len);
	return load_masks(st, q, s);
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
