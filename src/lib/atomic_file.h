/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * atomic_file.h - write a file so that readers see the old one or the
 * whole new one, never a part: a temporary file beside it, fsync, then
 * rename(2) over it.  "-" means stdout, written directly, as are a
 * device or FIFO that path names; a symlink's target is replaced.
 *
 * src/lib/: what every stage uses: diagnostics, pci.ids names, SHA-256,
 * whole-or-nothing files.
 */
#ifndef PASID_SCAN_ATOMIC_FILE_H
#define PASID_SCAN_ATOMIC_FILE_H

#include <stdio.h>

struct atomic_file {
	const char *path;
	char *target;	/* where a symlink at path points, or NULL */
	char *tmp;	/* NULL for stdout, a device or a FIFO */
	FILE *f;
};

/* Returns the stream to write, or NULL after printing why. */
FILE *atomic_open(struct atomic_file *af, const char *path);
/* Flush and sync what was written, so that a full disk shows before any
 * rename; -1 after a message.  Several files written together call it
 * for each before committing any. */
int atomic_sync(struct atomic_file *af);
/* Flush, sync and rename into place; -1 (and no file) on any error. */
int atomic_commit(struct atomic_file *af);
/* Drop what was written; the old file, if any, stays. */
void atomic_abort(struct atomic_file *af);

#endif
