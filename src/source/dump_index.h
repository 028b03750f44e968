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

#include "sha256.h"
#include "snapset.h"
#include "store_ingest.h"

/* Beside each head: what storing it needs. */
struct ix_fn {
	const struct scan_host *host;
	char sha[SHA256_HEXLEN];
};

struct dump_index {
	char *path;
	struct snapset ss;	/* the dump's metadata and host lines only */
	struct fn_head *heads;	/* in the order read */
	struct ix_fn *fns;
	size_t n, alloc;
};

/*
 * Read and check the dump at path; 0, or -1 after a one-line message
 * (the index is then empty).  A function whose capability chain loops
 * or leads into the header is refused unless accept_broken.
 */
int dump_index_read(const char *path, bool accept_broken,
		    struct dump_index *ix);
/* Store what was indexed, reading the dump again: 0, or -1 after a
 * message, with nothing of the dump stored. */
int dump_index_store(const struct dump_index *ix, struct store *st,
		     struct ingest_result *res);
void dump_index_free(struct dump_index *ix);

#endif
