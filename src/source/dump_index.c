// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dump_index.c - replay without holding the dump: one function's bytes
 * at a time, and a few hundred bytes per function besides.  The first
 * reading checks the whole dump and keeps, per function, only its head
 * (identity, facts, the PF registers VF linking needs) and the hash of
 * its contents; the heads are settled as snapset_finish() settles
 * snapshots, and each scan's digest comes from them.  The second
 * reading stores each function as it is read, inside one transaction,
 * and checks that it is the one the first reading saw.
 *
 * src/source/: where snapshots come from: dumps and recordings, the
 * live scan and its probing, sysfs facts, the record writer.
 */
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "dump_index.h"
#include "err.h"
#include "source_dump.h"

/* The chain notes that say the bytes cannot be a working function's:
 * pointers that loop or lead into the header (PCI Local Bus 3.0 sec
 * 6.7: capabilities live past the header; PCIe r6.0 sec 7.6.3: the
 * extended chain starts at 0x100). */
static const enum cap_note_code corrupt_notes[] = {
	NOTE_STD_LOOP, NOTE_EXT_LOOP, NOTE_STD_INTO_HEADER, NOTE_EXT_BELOW_100,
};

/* cl holds the chains of s, as fn_head_of() left them. */
static int check_chain(const struct cfg_snapshot *s,
		       const struct cap_list *cl)
{
	char bdf[PCI_ADDR_STRLEN], note[128];
	unsigned int i, k;

	for (i = 0; i < cl->n_notes; i++) {
		for (k = 0; k < sizeof(corrupt_notes) / sizeof(corrupt_notes[0]); k++) {
			if (cl->notes[i].code != corrupt_notes[k])
				continue;
			pci_addr_format(&s->id.addr, bdf);
			err_at(s->origin.path, s->origin.line,
			       "%s: %s; expected a chain that ends (a damaged dump? --accept-broken stores it)",
			       s->id.has_addr ? bdf : "function",
			       cap_note_text(&cl->notes[i], note, sizeof(note)));
			return -1;
		}
	}
	return 0;
}

struct first_pass {
	struct dump_index *ix;
	struct cap_list *cl;
	bool accept_broken;
};

static int index_device(void *ctx, struct cfg_snapshot *s)
{
	struct first_pass *fp = ctx;
	struct dump_index *ix = fp->ix;

	if (ix->n == ix->alloc) {
		ix->alloc = ix->alloc ? ix->alloc * 2 : 64;
		ix->heads = xreallocarray(ix->heads, ix->alloc, sizeof(*ix->heads));
		ix->fns = xreallocarray(ix->fns, ix->alloc, sizeof(*ix->fns));
	}
	fn_head_of(s, fp->cl, &ix->heads[ix->n]);
	if (!fp->accept_broken && check_chain(s, fp->cl))
		return -1;
	ix->heads[ix->n].path = ix->name;
	ix->fns[ix->n].host = s->host;
	snapshot_digest(s, ix->fns[ix->n].sha);
	ix->n++;
	return 0;
}

int dump_index_read(const char *path, const char *name, bool accept_broken,
		    struct dump_index *ix)
{
	struct first_pass fp = { .ix = ix, .accept_broken = accept_broken };
	int ret;

	memset(ix, 0, sizeof(*ix));
	snapset_init(&ix->ss);
	ix->path = xstrdup(path);
	ix->name = xstrdup(name ? name : path);
	fp.cl = xcalloc(1, sizeof(*fp.cl));
	ret = dump_stream_path(path, &ix->ss, index_device, &fp);
	free(fp.cl);
	if (!ret)
		ret = fn_heads_finish(ix->heads, ix->n, ix->ss.meta, ix->ss.n_meta);
	if (ret) {
		dump_index_free(ix);
		return ret;
	}
	/* The heads hold what the metadata said; the hosts stay, the
	 * functions point at them. */
	snapset_drop_meta(&ix->ss);
	return 0;
}

void dump_index_free(struct dump_index *ix)
{
	snapset_free(&ix->ss);
	free(ix->heads);
	free(ix->fns);
	free(ix->path);
	free(ix->name);
	memset(ix, 0, sizeof(*ix));
}

/* --- the second reading ------------------------------------------------ */

static int changed(const struct dump_index *ix, unsigned int line)
{
	err_at(ix->name, line,
	       "changed while it was being stored; nothing of it was stored");
	return -1;
}

struct second_pass {
	const struct dump_index *ix;
	dump_index_fn fn;
	void *ctx;
	size_t seq;		/* functions read so far */
};

/* The function the first reading saw at this place, settled as it was. */
static int settled_device(void *ctx, struct cfg_snapshot *s)
{
	struct second_pass *sp = ctx;
	const struct dump_index *ix = sp->ix;
	uint8_t sha[SHA256_LEN];

	if (sp->seq >= ix->n ||
	    pci_addr_cmp(&s->id.addr, &ix->heads[sp->seq].id.addr))
		return changed(ix, s->origin.line);
	if (!ix->private) {
		snapshot_digest(s, sha);
		if (memcmp(sha, ix->fns[sp->seq].sha, sizeof(sha)))
			return changed(ix, s->origin.line);
	}
	s->id = ix->heads[sp->seq].id;
	s->facts = ix->heads[sp->seq].facts;
	s->host = ix->fns[sp->seq].host;
	snprintf(s->origin.path, sizeof(s->origin.path), "%s", ix->name);
	return sp->fn(sp->ctx, s, sp->seq++);
}

int dump_index_each(const struct dump_index *ix, dump_index_fn fn, void *ctx)
{
	struct second_pass sp = { .ix = ix, .fn = fn, .ctx = ctx };
	struct snapset scratch;
	int ret;

	snapset_init(&scratch);
	snapset_drop_meta(&scratch);	/* the heads carry it already */
	ret = dump_stream_path(ix->path, &scratch, settled_device, &sp);
	snapset_free(&scratch);
	if (!ret && sp.seq != ix->n)
		ret = changed(ix, 0);
	return ret;
}

/* --- storing ------------------------------------------------------------ */

/*
 * The scans of one dump: the functions before its host line, then
 * those after it (source_dump.c takes one host line), each a run of
 * the selected functions in file order.
 */
struct scan_run {
	const struct scan_host *host;
	size_t n;
	char digest[SHA256_HEXLEN];
	bool store;		/* new to the store: its functions follow */
};

#define MAX_RUNS 2

struct dump_store {
	const struct dump_index *ix;
	const struct fn_filter *flt;
	struct ingest *in;
	struct scan_run run[MAX_RUNS];
	int n_runs;
	int cur;		/* the run being stored; -1 before the first */
};

static bool selected(const struct dump_store *ds, size_t i)
{
	return !ds->flt || filter_match(ds->flt, &ds->ix->heads[i].id);
}

static int runs_of(struct dump_store *ds)
{
	const struct dump_index *ix = ds->ix;
	struct sha256 c[MAX_RUNS];
	struct scan_run *r = ds->run;
	char sha[SHA256_HEXLEN];
	size_t i;
	int n = 0;

	for (i = 0; i < ix->n; i++) {
		if (!selected(ds, i))
			continue;
		if (!n || ix->fns[i].host != r[n - 1].host) {
			if (n == MAX_RUNS) {
				err_at(ix->name, ix->heads[i].line,
				       "functions of more than one host; expected one host line, before them");
				return -1;
			}
			r[n].host = ix->fns[i].host;
			r[n].n = 0;
			scan_digest_begin(&c[n++], ix->fns[i].host);
		}
		r[n - 1].n++;
		sha256_to_hex(ix->fns[i].sha, sha);
		scan_digest_add(&c[n - 1], &ix->heads[i].id, &ix->heads[i].facts,
				sha);
	}
	for (i = 0; i < (size_t)n; i++)
		sha256_hex(&c[i], r[i].digest);
	ds->n_runs = n;
	return 0;
}

struct dump_store *dump_store_begin(const struct dump_index *ix,
				    struct store *st, const char *source,
				    const struct fn_filter *flt,
				    struct ingest_result *res)
{
	struct dump_store *ds = xcalloc(1, sizeof(*ds));

	ds->ix = ix;
	ds->flt = flt;
	ds->cur = -1;
	if (!runs_of(ds))
		ds->in = ingest_begin(st, source, ix->name, res);
	if (ds->in)
		return ds;
	free(ds);
	return NULL;
}

static int next_run(struct dump_store *ds)
{
	struct scan_run *r;
	int ret;

	if (ds->cur >= 0 && ds->run[ds->cur].store &&
	    ingest_scan_end(ds->in))
		return -1;
	r = &ds->run[++ds->cur];
	ret = ingest_scan_begin(ds->in, r->host, r->digest, (int)r->n);
	r->store = ret > 0;
	return ret < 0 ? -1 : 0;
}

int dump_store_fn(struct dump_store *ds, struct cfg_snapshot *s, size_t seq)
{
	char sha[SHA256_HEXLEN];

	if (!selected(ds, seq))
		return 0;
	if (ds->cur < 0 || s->host != ds->run[ds->cur].host)
		if (next_run(ds))
			return -1;
	if (!ds->run[ds->cur].store)
		return 0;
	sha256_to_hex(ds->ix->fns[seq].sha, sha);
	return ingest_function(ds->in, s, sha);
}

int dump_store_end(struct dump_store *ds, int ret)
{
	if (!ret && ds->cur >= 0 && ds->run[ds->cur].store)
		ret = ingest_scan_end(ds->in);
	ret = ingest_end(ds->in, ret);
	free(ds);
	return ret;
}

static int store_device(void *ctx, struct cfg_snapshot *s, size_t seq)
{
	return dump_store_fn(ctx, s, seq);
}

int dump_index_store(const struct dump_index *ix, struct store *st,
		     struct ingest_result *res)
{
	struct dump_store *ds = dump_store_begin(ix, st, "replay", NULL, res);

	if (!ds)
		return -1;
	return dump_store_end(ds, dump_index_each(ix, store_device, ds));
}
