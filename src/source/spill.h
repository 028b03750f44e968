/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spill.h - a live scan's functions on disk while they are settled and
 * stored, so that a host of any size is scanned in the memory of a few
 * thousand functions: a recording in an unlinked file, read again
 * through /proc/self/fd.
 *
 * src/source/: where snapshots come from: dumps and recordings, the
 * live scan and its probing, sysfs facts, the record writer.
 */
#ifndef PASID_SCAN_SPILL_H
#define PASID_SCAN_SPILL_H

#include <stdio.h>

struct spill {
	FILE *f;
	char path[32];		/* "/proc/self/fd/N": opens it again */
};

/* In $TMPDIR (default /tmp); 0, or -1 after a message. */
int spill_open(struct spill *sp);
/* Everything written is on disk (a full disk is said): 0 or -1. */
int spill_flush(struct spill *sp);
void spill_close(struct spill *sp);

#endif
