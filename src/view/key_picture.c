// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * key_picture.c - a key's picture from the store.
 *
 * The consensus says who owns each byte but keeps no bytes, so the
 * values in the tooltips come from one stored observation: the form the
 * most functions of one scan shared, the lowest analysis on a tie, so
 * that the same store always gives the same picture.
 *
 * src/view/: what people see of a function or a key: show's text, JSON
 * and guest view, the maps, the report.
 */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "key_picture.h"
#include "store_load.h"

static struct key_sample *sample_of(const struct key_samples *smp,
				    uint16_t vendor, uint16_t device, bool vf)
{
	size_t i;

	for (i = 0; i < smp->n; i++)
		if (smp->v[i].vendor == vendor && smp->v[i].device == device &&
		    smp->v[i].vf == vf)
			return &smp->v[i];
	return NULL;
}

static bool better(const struct fn_group *g, const struct key_sample *s)
{
	if (g->n != s->n)
		return g->n > s->n;
	return g->analysis < s->analysis;
}

static int take_group(void *arg, const struct fn_group *g)
{
	struct key_samples *smp = arg;
	struct key_sample *s = sample_of(smp, g->vendor, g->device, g->vf);

	if (!s) {
		if (smp->n == smp->alloc) {
			smp->alloc = smp->alloc ? 2 * smp->alloc : 32;
			smp->v = xreallocarray(smp->v, smp->alloc, sizeof(*smp->v));
		}
		s = &smp->v[smp->n++];
		memset(s, 0, sizeof(*s));
		s->vendor = g->vendor;
		s->device = g->device;
		s->vf = g->vf;
	} else if (!better(g, s)) {
		return 0;
	}
	s->analysis = g->analysis;
	s->pf_analysis = g->pf_analysis;
	s->n = g->n;
	return 0;
}

static int take_scan(struct store *st, const struct stored_scan *sc, void *smp)
{
	return store_each_group(st, sc->id, take_group, smp);
}

int key_samples_load(struct store *st, struct key_samples *smp)
{
	memset(smp, 0, sizeof(*smp));
	return store_each_scan_in(st, take_scan, smp);
}

void key_samples_free(struct key_samples *smp)
{
	free(smp->v);
	memset(smp, 0, sizeof(*smp));
}

static int load(struct store *st, long long analysis, struct cfg_snapshot *s)
{
	cfg_init(s);
	if (store_load_analysis(st, analysis, s))
		return -1;
	cfg_ident_from_bytes(s);
	return 0;
}

/* The PF beside a VF: its own key's consensus, with the bytes of the PF
 * the sample VF was seen with. */
static int pf_picture(struct store *st, const struct key_set *keys,
		      const struct key_sample *vs, struct cfg_snapshot *s,
		      struct cell_map *pf)
{
	const struct dev_key *pk;

	if (!vs->pf_analysis)
		return 0;
	if (load(st, vs->pf_analysis, s))
		return -1;
	pk = key_set_find(keys, s->id.vendor, s->id.device, false);
	if (!pk)
		return 0;
	cell_map_from_key(pk, s, pf);
	return 1;
}

int key_picture(struct store *st, const struct key_set *keys,
		const struct key_samples *smp, const struct dev_key *k,
		struct cell_map *m, struct cell_map *pf)
{
	const struct key_sample *vs = sample_of(smp, k->vendor, k->device, k->vf);
	struct cfg_snapshot *s = xcalloc(1, sizeof(*s));
	int ret = 0;

	if (vs && load(st, vs->analysis, s))
		ret = -1;
	if (!ret)
		cell_map_from_key(k, vs ? s : NULL, m);
	if (!ret && vs && k->vf && pf)
		ret = pf_picture(st, keys, vs, s, pf);
	free(s);
	return ret;
}
