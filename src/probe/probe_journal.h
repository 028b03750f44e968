/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * probe_journal.h - write probing's journal in the store: what a
 * function read before the first write to it, and each dword before it
 * is written, each committed (and so on disk: synchronous=FULL) before
 * the write it guards.  Tables probe_functions and probe_writes,
 * db/schema.sql.
 *
 * src/probe/: evidence beyond one read: a function read again, gap
 * dwords written and put back, the journal that makes it undoable.
 */
#ifndef PASID_SCAN_PROBE_JOURNAL_H
#define PASID_SCAN_PROBE_JOURNAL_H

#include "probe.h"
#include "store.h"

struct probe_journal;

/* A journal in st for functions reached through the sysfs tree (the
 * name is copied). */
struct probe_journal *journal_open(struct store *st, const char *sysfs);
void journal_close(struct probe_journal *j);

/* Functions with unrestored entries, or -1 (said). */
long long journal_pending(struct store *st);

/* Commit the baseline of the function about to be probed. */
int journal_begin(struct probe_journal *j, const char *bdf,
		  const uint8_t *bytes, const uint8_t *vol, unsigned int len,
		  const uint8_t *plan);
/* Commit: the dwords restored so far are done, off is about to be
 * written.  more: off is put back after another's write, and the dword
 * in flight stays journalled. */
int journal_arm(struct probe_journal *j, unsigned int off, uint32_t orig,
		uint32_t pattern, bool more);
/* Commit: everything of the function is restored; forget it. */
int journal_end(struct probe_journal *j);

/* One journalled function, as restore reads it back. */
struct journal_fn {
	long long id;
	char sysfs[CFG_PATH_MAX];
	char bdf[PCI_ADDR_STRLEN];
	struct probe_baseline b;
	uint8_t bytes[CFG_SPACE_SIZE];
	uint8_t vol[CFG_SPACE_SIZE];
	uint8_t plan[CFG_SPACE_SIZE / 4];
	struct probe_armed armed[CFG_SPACE_SIZE / 4];
	char started[32];
};

/* Every journalled function, in the order they were begun; 0 or -1. */
int journal_load(struct store *st, struct journal_fn **v, size_t *n);
/* Forget one function (its restore verified, or --discard). */
int journal_forget(struct store *st, long long id);

#endif
