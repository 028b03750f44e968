// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * consensus_load.c - read the store one scan at a time, and each scan
 * as groups of functions that fold alike (store_each_group()), so that
 * memory holds two snapshots and the keys, never a scan: a fleet of
 * 100,000 functions is a few thousand groups.  The snapshots are
 * re-analysed with this version's rules, so the tables follow the
 * analysis, not the version that stored the scan.
 *
 * src/gen/: a device key's consensus over the store, and the tables
 * made from it: kernel header, QEMU table, offset map.
 */
#include <stdlib.h>
#include <string.h>

#include "consensus_load.h"
#include "err.h"
#include "store_load.h"

struct fold_ctx {
	struct key_set *ks;
	struct store *st;
	long long scan_id;
	const struct scan_host *host;	/* NULL: the scan names none */
	struct cfg_snapshot *s, *pf;
};

static int fold_group(void *arg, const struct fn_group *g)
{
	struct fold_ctx *c = arg;
	struct cfg_snapshot *s = c->s;

	cfg_init(s);
	if (store_load_analysis(c->st, g->analysis, s))
		return -1;
	s->id.vendor = g->vendor;
	s->id.device = g->device;
	s->id.kind = g->vf ? FN_KIND_VF : FN_KIND_FN;
	s->host = c->host;
	if (g->has_cfg_size) {
		s->facts.have |= FACT_CFG_SIZE;
		s->facts.cfg_size = g->cfg_size;
	}
	if (g->pf_analysis) {
		cfg_init(c->pf);
		if (store_load_analysis(c->st, g->pf_analysis, c->pf))
			return -1;
	}
	consensus_add(c->ks, s, g->pf_analysis ? c->pf : NULL, g->n,
		      c->scan_id);
	return 0;
}

static int fold_scan(struct store *st, const struct stored_scan *sc,
		     void *ks)
{
	struct fold_ctx c = { .ks = ks, .st = st, .scan_id = sc->id };
	struct scan_host h;
	int ret = store_load_host(st, sc->id, &h);

	if (ret < 0)
		return -1;
	c.host = ret ? &h : NULL;
	c.s = xcalloc(1, sizeof(*c.s));
	c.pf = xcalloc(1, sizeof(*c.pf));
	ret = store_each_group(st, sc->id, fold_group, &c);
	free(c.s);
	free(c.pf);
	c.ks->n_scans++;
	return ret;
}

int consensus_load(const char *path, struct key_set *ks)
{
	struct store *st = store_open(path, STORE_READ);
	int ret;

	if (!st)
		return -1;
	ret = consensus_load_in(st, ks);
	store_close(st);
	return ret;
}

int consensus_load_in(struct store *st, struct key_set *ks)
{
	if (store_each_scan_in(st, fold_scan, ks))
		return -1;
	consensus_finish(ks);
	return 0;
}
