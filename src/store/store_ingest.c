// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * store_ingest.c - write snapshots, the functions that held them, and
 * their analysis.  Everything is content-addressed (a scan by the
 * digest of what it saw, a snapshot by its bytes), so storing the same
 * evidence again, from any file or database, adds nothing.  Values go
 * in through bound parameters only.
 *
 * src/store/: the SQLite store of every observation from every host.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "err.h"
#include "store_ingest.h"
#include "version.h"

enum ingest_stmt {
	Q_FIND_SCAN, Q_ADD_HOST, Q_FIND_HOST, Q_ADD_SCAN, Q_ADD_SNAP,
	Q_FIND_SNAP, Q_FIND_ANALYSIS, Q_ADD_ANALYSIS, Q_ADD_CAP, Q_ADD_ORPHAN,
	Q_ADD_HIDDEN, Q_ADD_FREE, Q_ADD_NOTE, Q_ADD_FN, Q_LINK_PF, Q_COUNT
};

static const char *const ingest_sql[Q_COUNT] = {
	[Q_FIND_SCAN] = "SELECT id FROM scans WHERE digest = ?1",
	[Q_ADD_HOST] = "INSERT INTO hosts (hostname, product) VALUES (?1, ?2) "
		       "ON CONFLICT DO NOTHING",
	[Q_FIND_HOST] = "SELECT id FROM hosts WHERE hostname = ?1 AND product = ?2",
	[Q_ADD_SCAN] = "INSERT INTO scans (digest, host_id, kernel, time, tool, "
		       "source, origin, n_functions) "
		       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[Q_ADD_SNAP] = "INSERT INTO snapshots (sha256, valid_len, bytes, "
		       "volatile_mask, rw_mask) "
		       "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
	[Q_FIND_SNAP] = "SELECT id FROM snapshots WHERE sha256 = ?1",
	[Q_FIND_ANALYSIS] = "SELECT id FROM analyses "
			    "WHERE snapshot_id = ?1 AND class = ?2",
	[Q_ADD_ANALYSIS] = "INSERT INTO analyses (snapshot_id, class, analyzer, "
			   "ext_space, vpasid_offset, vpasid_reason, qemu_default_ok) "
			   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[Q_ADD_CAP] = "INSERT INTO capabilities (analysis_id, seq, off, cap_id, "
		      "ext, version, size, size_known) "
		      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[Q_ADD_ORPHAN] = "INSERT INTO orphans (analysis_id, off, cap_id, ext, "
			 "version, size, size_known) "
			 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[Q_ADD_HIDDEN] = "INSERT INTO hidden_regions (analysis_id, off, size, "
			 "nonzero, volatile, writable) "
			 "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[Q_ADD_FREE] = "INSERT INTO free_windows (analysis_id, off, size) "
		       "VALUES (?1, ?2, ?3)",
	[Q_ADD_NOTE] = "INSERT INTO chain_notes (analysis_id, seq, note) "
		       "VALUES (?1, ?2, ?3)",
	[Q_ADD_FN] = "INSERT INTO functions (scan_id, seq, bdf, vendor, device, "
		     "class, revision, subvendor, subdevice, ids_from, kind, "
		     "kind_from_sysfs, physfn, analysis_id, origin, line, "
		     "cfg_size, driver, iommu_group, numa_node, vfindex, "
		     "sriov_totalvfs, sriov_numvfs, sriov_offset, sriov_stride, "
		     "sriov_vf_device) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
		     "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, "
		     "?21, ?22, ?23, ?24, ?25, ?26)",
	/* A VF's PF, when the same scan holds it. */
	[Q_LINK_PF] = "UPDATE functions SET pf_id = (SELECT p.id FROM functions p "
		      "WHERE p.scan_id = functions.scan_id AND p.bdf = functions.physfn) "
		      "WHERE scan_id = ?1 AND physfn IS NOT NULL",
};

struct ingest {
	struct store *st;
	sqlite3_stmt *q[Q_COUNT];
	struct fn_report *rep;
	const char *source;		/* "live" or "replay" */
	const char *origin;
	char what[CFG_PATH_MAX + 16];	/* "storing ORIGIN", for messages */
	struct ingest_result *res;
	long long scan_id;		/* the scan being written, or 0 */
	int seq;			/* its next function's position */
};

static int ingest_fail(struct ingest *in)
{
	return store_fail(in->st, in->what);
}

/* Run a statement that returns no row, and make it ready for reuse. */
static int step_done(struct ingest *in, enum ingest_stmt i)
{
	int rc = sqlite3_step(in->q[i]);

	sqlite3_reset(in->q[i]);
	sqlite3_clear_bindings(in->q[i]);
	return rc == SQLITE_DONE ? 0 : ingest_fail(in);
}

/* Run a lookup: the id it finds, 0 for none, -1 on error. */
static long long step_id(struct ingest *in, enum ingest_stmt i)
{
	int rc = sqlite3_step(in->q[i]);
	long long id = 0;

	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(in->q[i], 0);
	else if (rc != SQLITE_DONE)
		id = ingest_fail(in);
	sqlite3_reset(in->q[i]);
	sqlite3_clear_bindings(in->q[i]);
	return id;
}

static void bind_text(sqlite3_stmt *q, int i, const char *v)
{
	sqlite3_bind_text(q, i, v, -1, SQLITE_TRANSIENT);
}

static void bind_opt_int(sqlite3_stmt *q, int i, bool have, long long v)
{
	if (have)
		sqlite3_bind_int64(q, i, v);
	else
		sqlite3_bind_null(q, i);
}

void snapshot_sha256(const struct cfg_snapshot *s, char out[SHA256_HEXLEN])
{
	uint8_t d[SHA256_LEN];

	snapshot_digest(s, d);
	sha256_to_hex(d, out);
}

void snapshot_digest(const struct cfg_snapshot *s, uint8_t out[SHA256_LEN])
{
	static const char tag[] = "pasid-scan snapshot 1\n";
	uint8_t len[4] = { s->valid_len, s->valid_len >> 8 };
	struct sha256 c;

	sha256_init(&c);
	sha256_update(&c, tag, sizeof(tag) - 1);
	sha256_update(&c, len, sizeof(len));
	sha256_update(&c, s->bytes, s->valid_len);
	/* An unprobed snapshot hashes as it always has. */
	if (s->probe >= PROBE_READ)
		sha256_update(&c, s->vol, s->valid_len);
	if (s->probe == PROBE_WRITE)
		sha256_update(&c, s->rw, s->valid_len);
	sha256_final(&c, out);
}

static const char *ids_from(const struct cfg_ident *id)
{
	return id->ids_from_pf ? "pf" : id->ids_from_meta ? "sysfs" : "config";
}

/*
 * A function's identity and facts as one line of text: what the scan
 * digest covers.  Everything stored in its row but where the bytes were
 * read from, so the same scan found under another path is the same.
 */
void scan_digest_add(struct sha256 *c, const struct cfg_ident *id,
		     const struct cfg_facts *f, const char *sha)
{
	char bdf[PCI_ADDR_STRLEN] = "-", pf[PCI_ADDR_STRLEN] = "-", line[512];
	struct cfg_sriov_facts v = { 0 };
	int n;

	if (f->have & FACT_SRIOV)
		v = f->sriov;
	if (id->has_addr)
		pci_addr_format(&id->addr, bdf);
	if (id->has_physfn)
		pci_addr_format(&id->physfn, pf);
	n = snprintf(line, sizeof(line),
		     "fn %s %04x:%04x %06x %02x %04x:%04x %s %s%s %s %s "
		     "facts %x %u [%s] %d %d %u %u/%u/%u/%u/%04x\n",
		     bdf, id->vendor, id->device, id->class, id->revision,
		     id->subvendor, id->subdevice, ids_from(id),
		     fn_kind_name(id->kind), id->kind_from_meta ? "!" : "", pf,
		     sha, f->have, f->have & FACT_CFG_SIZE ? f->cfg_size : 0,
		     f->have & FACT_DRIVER ? f->driver : "",
		     f->have & FACT_IOMMU ? f->iommu_group : 0,
		     f->have & FACT_NUMA ? f->numa_node : 0,
		     f->have & FACT_VFINDEX ? f->vfindex : 0,
		     v.totalvfs, v.numvfs, v.offset, v.stride, v.vf_device);
	sha256_update(c, line, n < (int)sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

void scan_digest_begin(struct sha256 *c, const struct scan_host *h)
{
	static const char tag[] = "pasid-scan scan 1\n";
	const char *f[] = { h ? h->hostname : "", h ? h->product : "",
			    h ? h->kernel : "", h ? h->time : "", h ? h->tool : "" };
	size_t i;

	sha256_init(c);
	sha256_update(c, tag, sizeof(tag) - 1);
	sha256_update(c, h ? "host" : "nohost", h ? 4 : 6);
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		sha256_update(c, "\t", 1);
		sha256_update(c, f[i], strlen(f[i]));
	}
	sha256_update(c, "\n", 1);
}

static long long put_snapshot(struct ingest *in, const struct cfg_snapshot *s,
			      const char *sha)
{
	long long id;

	bind_text(in->q[Q_FIND_SNAP], 1, sha);
	id = step_id(in, Q_FIND_SNAP);
	if (id)
		return id;
	bind_text(in->q[Q_ADD_SNAP], 1, sha);
	sqlite3_bind_int(in->q[Q_ADD_SNAP], 2, s->valid_len);
	sqlite3_bind_blob(in->q[Q_ADD_SNAP], 3, s->bytes, s->valid_len,
			  SQLITE_STATIC);
	if (s->probe >= PROBE_READ)
		sqlite3_bind_blob(in->q[Q_ADD_SNAP], 4, s->vol, s->valid_len,
				  SQLITE_STATIC);
	if (s->probe == PROBE_WRITE)
		sqlite3_bind_blob(in->q[Q_ADD_SNAP], 5, s->rw, s->valid_len,
				  SQLITE_STATIC);
	if (step_done(in, Q_ADD_SNAP))
		return -1;
	in->res->snapshots++;
	return sqlite3_last_insert_rowid(in->st->db);
}

static int put_cap(struct ingest *in, enum ingest_stmt q, long long aid,
		   int seq, const struct cap *c)
{
	sqlite3_stmt *st = in->q[q];
	int i = 1;

	sqlite3_bind_int64(st, i++, aid);
	if (q == Q_ADD_CAP)
		sqlite3_bind_int(st, i++, seq);
	sqlite3_bind_int(st, i++, c->off);
	sqlite3_bind_int(st, i++, c->id);
	sqlite3_bind_int(st, i++, c->ext);
	sqlite3_bind_int(st, i++, c->version);
	sqlite3_bind_int(st, i++, c->size);
	sqlite3_bind_int(st, i, c->size_known);
	return step_done(in, q);
}

static int put_region(struct ingest *in, enum ingest_stmt q, long long aid,
		      const struct region *r)
{
	sqlite3_stmt *st = in->q[q];

	sqlite3_bind_int64(st, 1, aid);
	sqlite3_bind_int(st, 2, r->off);
	sqlite3_bind_int(st, 3, r->size);
	if (q == Q_ADD_HIDDEN) {
		sqlite3_bind_int(st, 4, !!(r->evidence & EVID_NONZERO));
		sqlite3_bind_int(st, 5, !!(r->evidence & EVID_VOLATILE));
		sqlite3_bind_int(st, 6, !!(r->evidence & EVID_WRITABLE));
	}
	return step_done(in, q);
}

static int put_layout(struct ingest *in, long long aid, const struct layout *l)
{
	char buf[128];
	unsigned int i;

	for (i = 0; i < l->caps.n; i++)
		if (put_cap(in, Q_ADD_CAP, aid, i, &l->caps.caps[i]))
			return -1;
	for (i = 0; i < l->n_orphans; i++)
		if (put_cap(in, Q_ADD_ORPHAN, aid, i, &l->orphans[i]))
			return -1;
	for (i = 0; i < l->n_hidden; i++)
		if (put_region(in, Q_ADD_HIDDEN, aid, &l->hidden[i]))
			return -1;
	for (i = 0; i < l->n_free; i++)
		if (put_region(in, Q_ADD_FREE, aid, &l->free[i]))
			return -1;
	for (i = 0; i < l->caps.n_notes; i++) {
		sqlite3_bind_int64(in->q[Q_ADD_NOTE], 1, aid);
		sqlite3_bind_int(in->q[Q_ADD_NOTE], 2, i);
		bind_text(in->q[Q_ADD_NOTE], 3,
			  cap_note_text(&l->caps.notes[i], buf, sizeof(buf)));
		if (step_done(in, Q_ADD_NOTE))
			return -1;
	}
	return 0;
}

/* The analysis of (snapshot, class), made once per store. */
static long long put_analysis(struct ingest *in, const struct cfg_snapshot *s,
			      long long snap_id)
{
	sqlite3_stmt *q = in->q[Q_ADD_ANALYSIS];
	struct fn_report *r = in->rep;
	long long id;

	sqlite3_bind_int64(in->q[Q_FIND_ANALYSIS], 1, snap_id);
	sqlite3_bind_int(in->q[Q_FIND_ANALYSIS], 2, s->id.class);
	id = step_id(in, Q_FIND_ANALYSIS);
	if (id)
		return id;
	analyze(s, r);
	sqlite3_bind_int64(q, 1, snap_id);
	sqlite3_bind_int(q, 2, s->id.class);
	bind_text(q, 3, PASID_SCAN_VERSION);
	bind_text(q, 4, ext_space_name(r->lay.caps.ext));
	bind_opt_int(q, 5, r->place[VCAP_PASID].offset >= 0,
		     r->place[VCAP_PASID].offset);
	bind_text(q, 6, vcap_reason_name(r->place[VCAP_PASID].reason));
	sqlite3_bind_int(q, 7, r->place[VCAP_PASID].default_ok);
	if (step_done(in, Q_ADD_ANALYSIS))
		return -1;
	id = sqlite3_last_insert_rowid(in->st->db);
	return put_layout(in, id, &r->lay) ? -1 : id;
}

static void bind_facts(sqlite3_stmt *q, const struct cfg_facts *f)
{
	bool sv = f->have & FACT_SRIOV;

	bind_opt_int(q, 17, f->have & FACT_CFG_SIZE, f->cfg_size);
	if (f->have & FACT_DRIVER)
		bind_text(q, 18, f->driver);
	bind_opt_int(q, 19, f->have & FACT_IOMMU, f->iommu_group);
	bind_opt_int(q, 20, f->have & FACT_NUMA, f->numa_node);
	bind_opt_int(q, 21, f->have & FACT_VFINDEX, f->vfindex);
	bind_opt_int(q, 22, sv, f->sriov.totalvfs);
	bind_opt_int(q, 23, sv, f->sriov.numvfs);
	bind_opt_int(q, 24, sv, f->sriov.offset);
	bind_opt_int(q, 25, sv, f->sriov.stride);
	bind_opt_int(q, 26, sv, f->sriov.vf_device);
}

int ingest_function(struct ingest *in, const struct cfg_snapshot *s,
		    const char *sha)
{
	const struct cfg_ident *id = &s->id;
	sqlite3_stmt *q = in->q[Q_ADD_FN];
	char bdf[PCI_ADDR_STRLEN], pf[PCI_ADDR_STRLEN];
	long long snap_id, aid;

	snap_id = put_snapshot(in, s, sha);
	aid = snap_id < 0 ? -1 : put_analysis(in, s, snap_id);
	if (aid < 0)
		return -1;
	sqlite3_bind_int64(q, 1, in->scan_id);
	sqlite3_bind_int(q, 2, in->seq++);
	if (id->has_addr) {
		pci_addr_format(&id->addr, bdf);
		bind_text(q, 3, bdf);
	}
	sqlite3_bind_int(q, 4, id->vendor);
	sqlite3_bind_int(q, 5, id->device);
	sqlite3_bind_int(q, 6, id->class);
	sqlite3_bind_int(q, 7, id->revision);
	sqlite3_bind_int(q, 8, id->subvendor);
	sqlite3_bind_int(q, 9, id->subdevice);
	bind_text(q, 10, ids_from(id));
	bind_text(q, 11, fn_kind_name(id->kind));
	sqlite3_bind_int(q, 12, id->kind_from_meta);
	if (id->has_physfn) {
		pci_addr_format(&id->physfn, pf);
		bind_text(q, 13, pf);
	}
	sqlite3_bind_int64(q, 14, aid);
	bind_text(q, 15, s->origin.path);
	sqlite3_bind_int(q, 16, s->origin.line);
	bind_facts(q, &s->facts);
	if (step_done(in, Q_ADD_FN))
		return -1;
	in->res->functions++;
	return 0;
}

static long long put_host(struct ingest *in, const struct scan_host *h)
{
	int i;

	for (i = Q_ADD_HOST; i <= Q_FIND_HOST; i++) {
		bind_text(in->q[i], 1, h->hostname);
		bind_text(in->q[i], 2, h->product);
	}
	if (step_done(in, Q_ADD_HOST))
		return -1;
	return step_id(in, Q_FIND_HOST);
}

static int put_scan_row(struct ingest *in, const struct scan_host *h,
			const char *digest, int n)
{
	sqlite3_stmt *q = in->q[Q_ADD_SCAN];
	long long host_id = 0;

	if (h && (host_id = put_host(in, h)) <= 0)
		return -1;
	bind_text(q, 1, digest);
	if (h) {
		sqlite3_bind_int64(q, 2, host_id);
		bind_text(q, 3, h->kernel);
		bind_text(q, 4, h->time);
		bind_text(q, 5, h->tool);
	}
	bind_text(q, 6, in->source);
	bind_text(q, 7, in->origin);
	sqlite3_bind_int(q, 8, n);
	return step_done(in, Q_ADD_SCAN);
}

int ingest_scan_begin(struct ingest *in, const struct scan_host *h,
		      const char *digest, int n)
{
	long long id;

	in->scan_id = 0;
	in->seq = 0;
	bind_text(in->q[Q_FIND_SCAN], 1, digest);
	id = step_id(in, Q_FIND_SCAN);
	if (id) {
		in->res->scans_known += id > 0;
		return id > 0 ? 0 : -1;
	}
	if (put_scan_row(in, h, digest, n))
		return -1;
	in->scan_id = sqlite3_last_insert_rowid(in->st->db);
	return 1;
}

int ingest_scan_end(struct ingest *in)
{
	if (!in->scan_id)
		return 0;
	sqlite3_bind_int64(in->q[Q_LINK_PF], 1, in->scan_id);
	if (step_done(in, Q_LINK_PF))
		return -1;
	in->scan_id = 0;
	in->res->scans_added++;
	return 0;
}

/*
 * One scan: the selected functions that name host h (NULL: none), in
 * their order.  Nothing is written if its digest is already stored.
 */
static int put_scan(struct ingest *in, const struct snapset *ss,
		    const struct fn_filter *filter, const struct scan_host *h)
{
	char (*sha)[SHA256_HEXLEN] = xcalloc(ss->n ? ss->n : 1, sizeof(*sha));
	char digest[SHA256_HEXLEN];
	struct sha256 c;
	int n = 0, ret;
	size_t i;

	scan_digest_begin(&c, h);
	for (i = 0; i < ss->n; i++) {
		if (ss->v[i]->host != h ||
		    (filter && !filter_match(filter, &ss->v[i]->id)))
			continue;
		snapshot_sha256(ss->v[i], sha[i]);
		scan_digest_add(&c, &ss->v[i]->id, &ss->v[i]->facts, sha[i]);
		n++;
	}
	sha256_hex(&c, digest);
	ret = n ? ingest_scan_begin(in, h, digest, n) : 0;
	for (i = 0; ret > 0 && i < ss->n; i++)
		if (sha[i][0] && ingest_function(in, ss->v[i], sha[i]))
			ret = -1;
	if (ret > 0)
		ret = ingest_scan_end(in);
	free(sha);
	return ret;
}

static int prepare_all(struct ingest *in)
{
	int i;

	for (i = 0; i < Q_COUNT; i++) {
		in->q[i] = store_prepare(in->st, ingest_sql[i]);
		if (!in->q[i])
			return -1;
	}
	return 0;
}

struct ingest *ingest_begin(struct store *st, const char *source,
			    const char *origin, struct ingest_result *res)
{
	struct ingest *in = xcalloc(1, sizeof(*in));

	in->st = st;
	in->source = source;
	in->origin = origin;
	in->res = res;
	memset(res, 0, sizeof(*res));
	snprintf(in->what, sizeof(in->what), "storing %s", origin);
	in->rep = xcalloc(1, sizeof(*in->rep));
	if (store_begin(st)) {
		free(in->rep);
		free(in);
		return NULL;
	}
	if (prepare_all(in)) {
		ingest_end(in, -1);
		return NULL;
	}
	return in;
}

int ingest_end(struct ingest *in, int ret)
{
	int i;

	for (i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(in->q[i]);
	/* COMMIT is where a full disk shows: say which dump it was. */
	if (!ret)
		ret = store_commit(in->st, in->what);
	else
		store_rollback(in->st);
	if (ret)
		memset(in->res, 0, sizeof(*in->res));
	free(in->rep);
	free(in);
	return ret;
}

int store_ingest(struct store *st, const struct snapset *ss,
		 const struct fn_filter *filter, const char *source,
		 const char *origin, struct ingest_result *res)
{
	struct ingest *in = ingest_begin(st, source, origin, res);
	int ret;
	size_t h;

	if (!in)
		return -1;
	/* Functions before any host line first, then each host's. */
	ret = put_scan(in, ss, filter, NULL);
	for (h = 0; !ret && h < ss->n_hosts; h++)
		ret = put_scan(in, ss, filter, ss->hosts[h]);
	return ingest_end(in, ret);
}
