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
 * Write-probe every selected function of ss that nothing refuses; st
 * holds the journal (NULL for a dry run).  Returns an exit status: 0,
 * EXIT_REFUSED (the host refused, or the journal is not empty),
 * EXIT_FAILURE (a write or restore failed; said), or 128 + the signal
 * that stopped it between two dwords.
 */
int probe_host(struct live_scan *ls, struct snapset *ss,
	       const struct probe_host_opts *o, struct store *st);

#endif
