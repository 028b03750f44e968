// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * consensus_load.c - read the store one scan at a time, so memory
 * holds one scan's snapshots and the keys, never the whole store.
 * Loaded snapshots are re-analysed with this version's rules, so the
 * tables follow the analysis, not the version that stored the scan.
 */
#include "consensus_load.h"
#include "store_load.h"

static int fold_scan(struct store *st, const struct stored_scan *sc,
		     void *ks)
{
	struct snapset ss;
	int ret;

	snapset_init(&ss);
	ret = store_load_scan(st, sc->id, &ss);
	if (!ret)
		consensus_add_scan(ks, &ss, sc->id);
	snapset_free(&ss);
	return ret;
}

int consensus_load(const char *path, struct key_set *ks)
{
	if (store_each_scan(path, fold_scan, ks))
		return -1;
	consensus_finish(ks);
	return 0;
}
