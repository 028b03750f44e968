// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * consensus_load.c - read the store one scan at a time, so memory
 * holds one scan's snapshots and the keys, never the whole store.
 * Loaded snapshots are re-analysed with this version's rules, so the
 * tables follow the analysis, not the version that stored the scan.
 */
#include <stdlib.h>

#include "consensus_load.h"
#include "store_load.h"

static int fold_scan(struct store *st, const struct stored_scan *sc,
		     struct key_set *ks)
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
	struct store *st = store_open(path, STORE_READ);
	struct stored_scan *v = NULL;
	size_t i, n = 0;
	int ret = -1;

	if (!st)
		return -1;
	if (!store_list_scans(st, &v, &n)) {
		for (i = 0; i < n; i++)
			if (fold_scan(st, &v[i], ks))
				break;
		ret = i == n ? 0 : -1;
	}
	free(v);
	store_close(st);
	if (!ret)
		consensus_finish(ks);
	return ret;
}
