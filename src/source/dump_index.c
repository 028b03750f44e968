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
	ix->heads[ix->n].path = ix->path;
	ix->fns[ix->n].host = s->host;
	snapshot_sha256(s, ix->fns[ix->n].sha);
	ix->n++;
	return 0;
}

int dump_index_read(const char *path, bool accept_broken,
		    struct dump_index *ix)
{
	struct first_pass fp = { .ix = ix, .accept_broken = accept_broken };
	int ret;

	memset(ix, 0, sizeof(*ix));
	snapset_init(&ix->ss);
	ix->path = xcalloc(1, strlen(path) + 1);
	strcpy(ix->path, path);
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
	memset(ix, 0, sizeof(*ix));
}

/*
 * The scans of one dump: the functions before its host line, then
 * those after it (source_dump.c takes one host line), each a run of
 * functions in file order.
 */
struct scan_run {
	const struct scan_host *host;
	size_t first, n;
	char digest[SHA256_HEXLEN];
	bool store;		/* new to the store: its functions follow */
};

#define MAX_RUNS 2

static int runs_of(const struct dump_index *ix, struct scan_run *run)
{
	struct sha256 c;
	size_t i;
	int n = 0;

	for (i = 0; i < ix->n; i++) {
		if (!n || ix->fns[i].host != run[n - 1].host) {
			if (n == MAX_RUNS) {
				err_at(ix->path, ix->heads[i].line,
				       "functions of more than one host; expected one host line, before them");
				return -1;
			}
			run[n].host = ix->fns[i].host;
			run[n].first = i;
			run[n++].n = 0;
		}
		run[n - 1].n++;
	}
	for (i = 0; i < (size_t)n; i++) {
		const struct fn_head *h = &ix->heads[run[i].first];
		size_t k;

		scan_digest_begin(&c, run[i].host);
		for (k = 0; k < run[i].n; k++)
			scan_digest_add(&c, &h[k].id, &h[k].facts,
					ix->fns[run[i].first + k].sha);
		sha256_hex(&c, run[i].digest);
	}
	return n;
}

struct second_pass {
	const struct dump_index *ix;
	struct ingest *in;
	struct scan_run run[MAX_RUNS];
	int cur;		/* the run being read; -1 before the first */
	size_t seq;		/* functions read so far */
};

static int next_run(struct second_pass *sp)
{
	struct scan_run *r;
	int ret;

	if (sp->cur >= 0 && sp->run[sp->cur].store &&
	    ingest_scan_end(sp->in))
		return -1;
	r = &sp->run[++sp->cur];
	ret = ingest_scan_begin(sp->in, r->host, r->digest, (int)r->n);
	r->store = ret > 0;
	return ret < 0 ? -1 : 0;
}

static int changed(const struct dump_index *ix, unsigned int line)
{
	err_at(ix->path, line,
	       "changed while it was being stored; nothing of it was stored");
	return -1;
}

/* The function the first reading saw at this place, or a message. */
static int same_as_indexed(const struct second_pass *sp,
			   const struct cfg_snapshot *s, const char *sha)
{
	const struct dump_index *ix = sp->ix;

	if (sp->seq < ix->n && !strcmp(sha, ix->fns[sp->seq].sha) &&
	    !pci_addr_cmp(&s->id.addr, &ix->heads[sp->seq].id.addr))
		return 0;
	return changed(ix, s->origin.line);
}

static int store_device(void *ctx, struct cfg_snapshot *s)
{
	struct second_pass *sp = ctx;
	const struct ix_fn *f;
	char sha[SHA256_HEXLEN];

	snapshot_sha256(s, sha);
	if (same_as_indexed(sp, s, sha))
		return -1;
	f = &sp->ix->fns[sp->seq];
	if (sp->cur < 0 || sp->seq == sp->run[sp->cur].first + sp->run[sp->cur].n)
		if (next_run(sp))
			return -1;
	s->id = sp->ix->heads[sp->seq].id;
	s->facts = sp->ix->heads[sp->seq].facts;
	s->host = f->host;
	sp->seq++;
	return sp->run[sp->cur].store ? ingest_function(sp->in, s, f->sha) : 0;
}

int dump_index_store(const struct dump_index *ix, struct store *st,
		     struct ingest_result *res)
{
	struct second_pass sp = { .ix = ix, .cur = -1 };
	struct snapset scratch;
	int ret;

	if (runs_of(ix, sp.run) < 0)
		return -1;
	sp.in = ingest_begin(st, "replay", ix->path, res);
	if (!sp.in)
		return -1;
	snapset_init(&scratch);
	snapset_drop_meta(&scratch);	/* the heads carry it already */
	ret = dump_stream_path(ix->path, &scratch, store_device, &sp);
	snapset_free(&scratch);
	if (!ret && sp.seq != ix->n)
		ret = changed(ix, 0);
	if (!ret && sp.cur >= 0 && sp.run[sp.cur].store)
		ret = ingest_scan_end(sp.in);
	return ingest_end(sp.in, ret);
}
