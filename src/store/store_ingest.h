/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * store_ingest.h - put a set of snapshots and their analysis into the
 * store, as one all-or-nothing batch.
 *
 * src/store/: the SQLite store of every observation from every host.
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

/*
 * The same, a function at a time, for input too big to hold: begin,
 * then for each scan its digest (scan_digest_*() over the functions it
 * will hold, in order) to ingest_scan_begin(), which returns 1 if the
 * scan is new and its functions are to follow through
 * ingest_function(), 0 if it is stored already, -1 on error; then
 * ingest_scan_end().  ingest_end() commits when ret is 0, else rolls
 * back, and returns what came of it.
 */
struct ingest;
struct ingest *ingest_begin(struct store *st, const char *source,
			    const char *origin, struct ingest_result *res);
int ingest_scan_begin(struct ingest *in, const struct scan_host *h,
		      const char *digest, int n);
int ingest_function(struct ingest *in, const struct cfg_snapshot *s,
		    const char *sha);
int ingest_scan_end(struct ingest *in);
int ingest_end(struct ingest *in, int ret);

void scan_digest_begin(struct sha256 *c, const struct scan_host *h);
void scan_digest_add(struct sha256 *c, const struct cfg_ident *id,
		     const struct cfg_facts *f, const char *sha);

/* The content hash a snapshot is stored under. */
void snapshot_sha256(const struct cfg_snapshot *s, char out[SHA256_HEXLEN]);
void snapshot_digest(const struct cfg_snapshot *s, uint8_t out[SHA256_LEN]);

#endif
