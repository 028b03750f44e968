/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * source_live.h - snapshots of this host's functions, through libpci's
 * sysfs method, with the sysfs facts beside them.  The snapshots are the
 * ones replay of a recording gives: same bytes, same metadata.
 *
 * src/source/: where snapshots come from: dumps and recordings, the
 * live scan and its probing, sysfs facts, the record writer.
 */
#ifndef PASID_SCAN_SOURCE_LIVE_H
#define PASID_SCAN_SOURCE_LIVE_H

#include <stdbool.h>

#include "filter.h"
#include "probe.h"
#include "snapset.h"

struct live_opts {
	const char *sysfs;		/* libpci sysfs.path; NULL: /sys/bus/pci */
	const struct fn_filter *filter;	/* -s applies before reading */
	bool progress;			/* a progress line if stderr is a tty */
	bool read_probe;		/* read each function again, spaced out */
};

struct live_stats {
	unsigned int listed;	/* functions sysfs listed that -s selects */
	unsigned int read;	/* snapshots made */
	unsigned int partial;	/* of them, shorter than the function */
	unsigned int lost;	/* listed, then gone or unreadable */
};

struct live_scan;

/* Enumerate; NULL after printing why (no sysfs tree, libpci failure). */
struct live_scan *live_open(const struct live_opts *o, struct snapset *ss);
size_t live_count(const struct live_scan *ls);
/* Read function i into ss: 0, or 1 if it is gone (said on stderr); a
 * snapset_finish() settles what was read. */
int live_read(struct live_scan *ls, size_t i, struct snapset *ss);
void live_close(struct live_scan *ls);

/* Config access to a listed function, for probing; -1 if not listed.
 * live_io_done() lets go of what it holds (live_close() does for all). */
int live_io(struct live_scan *ls, const struct pci_addr *a,
	    struct probe_io *io);
void live_io_done(struct live_scan *ls, const struct pci_addr *a);

/*
 * Read every function, LIVE_BATCH at a time, read-probe it
 * (o->read_probe), then hand each snapshot, as read, in address order,
 * with the metadata sysfs gave it (vfindex included) to sink, which
 * returns 0 or -1 to stop.  At most PROBE_READ_ROUNDS batches are held
 * at once.  0, or sink's -1.
 */
#define LIVE_BATCH 256
typedef int (*live_sink_fn)(void *ctx, const struct cfg_snapshot *s,
			    const struct snap_meta *m);
int live_stream(struct live_scan *ls, const struct live_opts *o,
		live_sink_fn sink, void *ctx, struct live_stats *st);

/* All of the above, kept whole in ss and settled; 0, or -1 after
 * printing why. */
int live_scan_all(const struct live_opts *o, struct snapset *ss,
		  struct live_stats *st);

#endif
