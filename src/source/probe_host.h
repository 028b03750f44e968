/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * probe_host.h - write-probe the functions of one live scan: refusals,
 * the journal, one function at a time.
 *
 * src/source/: where snapshots come from: dumps and recordings, the
 * live scan and its probing, sysfs facts, the record writer.
 */
#ifndef PASID_SCAN_PROBE_HOST_H
#define PASID_SCAN_PROBE_HOST_H

#include "filter.h"
#include "source_live.h"
#include "store.h"

struct probe_host_opts {
	const char *sysfs;		/* NULL: /sys/bus/pci */
	const struct fn_filter *filter;
	bool force;			/* past a bound driver */
	bool dry_run;			/* print the writes, make none */
};

/*
 * What refuses write probing for the whole host, checked before any
 * function is read; each returns 0, or an exit status, said.  allowed:
 * not root, a locked-down kernel (before the store is even opened);
 * journal_clear: a journal in st not yet restored (EXIT_REFUSED).
 */
int probe_host_allowed(const char *sysfs, bool dry_run);
int probe_journal_clear(struct store *st);

/*
 * Write probing across one scan, a function at a time as each comes
 * settled, once both checks above have passed: begin opens the journal
 * in st (NULL for a dry run); fn probes s if it is selected and nothing
 * refuses it (a refused function is said and passed over); end closes
 * the journal.  Each returns an exit status: 0, EXIT_FAILURE (a write
 * or restore failed; said), or 128 + the signal that stopped it between
 * two dwords, or after the last.
 */
struct probe_run;
int probe_run_begin(struct live_scan *ls, const struct probe_host_opts *o,
		    struct store *st, struct probe_run **pr);
int probe_run_fn(struct probe_run *pr, struct cfg_snapshot *s);
int probe_run_end(struct probe_run *pr, int ret);

#endif
