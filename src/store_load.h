/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * store_load.h - stored scans back into snapshots, the form every later
 * stage reads: show --db, merge and the consensus see what a replay of
 * the original dump would give.
 */
#ifndef PASID_SCAN_STORE_LOAD_H
#define PASID_SCAN_STORE_LOAD_H

#include "snapset.h"
#include "store.h"

struct stored_scan {
	long long id;
	char source[8];		/* "live" or "replay" */
	char origin[CFG_PATH_MAX];
};

/* Every stored scan in id order; 0, or -1 after a message.  *v is
 * allocated (free it) even when there are none. */
int store_list_scans(struct store *st, struct stored_scan **v, size_t *n);
/* Call fn for every scan of the store at path, in id order, with the
 * store open for reading; stops at the first fn that fails (non-zero).
 * 0, or -1 after a message. */
typedef int (*stored_scan_fn)(struct store *st, const struct stored_scan *sc,
			      void *ctx);
int store_each_scan(const char *path, stored_scan_fn fn, void *ctx);
/* Append the functions of one scan, in their order, with its host. */
int store_load_scan(struct store *st, long long scan_id, struct snapset *ss);

#endif
