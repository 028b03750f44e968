/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dump_index.h - replay a dump of any size holding one function's bytes
 * at a time: read it once to check it and keep each function's head and
 * content hash, settle VFs against PFs on the heads, then read it again
 * and store it a function at a time in one transaction.
 *
 * src/source/: where snapshots come from: dumps and recordings, the
 * live scan and its probing, sysfs facts, the record writer.
 */
#ifndef PASID_SCAN_DUMP_INDEX_H
#define PASID_SCAN_DUMP_INDEX_H

#include "filter.h"
#include "sha256.h"
#include "snapset.h"
#include "store_ingest.h"

/* Beside each head: what storing it needs. */
struct ix_fn {
	const struct scan_host *host;
	uint8_t sha[SHA256_LEN];	/* snapshot_digest() */
};

struct dump_index {
	char *path;		/* the file read */
	char *name;		/* what messages and origins call it */
	bool private;		/* no one else can write it (a spill): read
				 * again, it is not hashed again */
	struct snapset ss;	/* the dump's metadata and host lines only */
	struct fn_head *heads;	/* in the order read */
	struct ix_fn *fns;
	size_t n, alloc;
};

/*
 * Read and check the dump at path, called name (NULL: path) in messages
 * and as the functions' origin; 0, or -1 after a one-line message (the
 * index is then empty).  A function whose capability chain loops or
 * leads into the header is refused unless accept_broken.
 */
int dump_index_read(const char *path, const char *name, bool accept_broken,
		    struct dump_index *ix);

/*
 * Read the dump again and give fn each function, settled as the first
 * reading settled it, with its place in the file (seq); a function that
 * is not the one first read there stops it.  0, or -1 after a message
 * (fn's own, or the dump changed).
 */
typedef int (*dump_index_fn)(void *ctx, struct cfg_snapshot *s, size_t seq);
int dump_index_each(const struct dump_index *ix, dump_index_fn fn, void *ctx);

/*
 * Storing what was indexed as it is read again, as source ("replay",
 * "live"): only the functions flt selects (NULL: all), each scan of the
 * dump whole or not at all.  begin: NULL after a message.  end: the
 * transaction committed if ret is 0, rolled back otherwise; returns 0 or
 * -1.
 */
struct dump_store;
struct dump_store *dump_store_begin(const struct dump_index *ix,
				    struct store *st, const char *source,
				    const struct fn_filter *flt,
				    struct ingest_result *res);
int dump_store_fn(struct dump_store *ds, struct cfg_snapshot *s, size_t seq);
int dump_store_end(struct dump_store *ds, int ret);

/* All of that for a replay: 0, or -1 after a message, with nothing of
 * the dump stored. */
int dump_index_store(const struct dump_index *ix, struct store *st,
		     struct ingest_result *res);
void dump_index_free(struct dump_index *ix);

#endif
