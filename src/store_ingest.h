/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * store_ingest.h - put a set of snapshots and their analysis into the
 * store, as one all-or-nothing batch.
 */
#ifndef PASID_SCAN_STORE_INGEST_H
#define PASID_SCAN_STORE_INGEST_H

#include "filter.h"
#include "sha256.h"
#include "snapset.h"
#include "store.h"

struct ingest_result {
	unsigned int scans_added;
	unsigned int scans_known;	/* already stored: nothing added */
	unsigned int functions;		/* function rows added */
	unsigned int snapshots;		/* distinct contents new to the store */
};

/*
 * Store the functions of ss that filter selects (NULL: all) as one scan
 * per host they name, in one transaction: on any error nothing of ss is
 * stored.  source is "live" or "replay"; origin the sysfs root or dump.
 * Returns 0, or -1 after a one-line message.
 */
int store_ingest(struct store *st, const struct snapset *ss,
		 const struct fn_filter *filter, const char *source,
		 const char *origin, struct ingest_result *res);

/* The content hash a snapshot is stored under. */
void snapshot_sha256(const struct cfg_snapshot *s, char out[SHA256_HEXLEN]);

#endif
