/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * store_load.h - stored scans back into snapshots, the form every later
 * stage reads: show --db, merge and the consensus see what a replay of
 * the original dump would give.
 *
 * src/store/: the SQLite store of every observation from every host.
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
/* The same over a store already open. */
int store_each_scan_in(struct store *st, stored_scan_fn fn, void *ctx);
/* Append the functions of one scan, in their order, with its host. */
int store_load_scan(struct store *st, long long scan_id, struct snapset *ss);

/*
 * Functions of one scan that the consensus folds alike: the same key,
 * the same analysed snapshot (bytes, masks, class), the same config
 * size, and for a VF the same analysed snapshot of its PF.  A fleet's
 * hundred thousand functions are a few thousand of these.
 */
struct fn_group {
	uint16_t vendor, device;
	bool vf;
	long long analysis;
	long long pf_analysis;	/* a VF whose PF the scan holds; else 0 */
	bool has_cfg_size;
	unsigned int cfg_size;
	unsigned int n;		/* functions in the group */
};
typedef int (*fn_group_fn)(void *ctx, const struct fn_group *g);
/* fn for every group of the scan; 0, or -1 (after a message, or when fn
 * fails). */
int store_each_group(struct store *st, long long scan_id, fn_group_fn fn,
		     void *ctx);
/* The snapshot an analysis was made of, with the class it was made
 * for, into s (which the caller initialised); 0, or -1 after a message. */
int store_load_analysis(struct store *st, long long analysis_id,
			struct cfg_snapshot *s);
/* The scan's host into *h: 1 if it names one, 0 if not, -1 on error. */
int store_load_host(struct store *st, long long scan_id, struct scan_host *h);

#endif
