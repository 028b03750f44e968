/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * probe_policy.h - what write probing refuses to touch, and why.
 *
 * src/source/: where snapshots come from: dumps and recordings, the
 * live scan and its probing, sysfs facts, the record writer.
 */
#ifndef PASID_SCAN_PROBE_POLICY_H
#define PASID_SCAN_PROBE_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "cfg.h"

#define REASON_MAX	160

/*
 * Refusals for the whole host: not root (a dry run needs no root), the
 * kernel locked down.  sysfs is the PCI tree (NULL: /sys/bus/pci); the
 * lockdown file is looked for two levels above it, where it is on a
 * real sysfs.  0, or -1 with the reason in why.
 */
int probe_refuse_host(const char *sysfs, bool dry_run, char *why, size_t len);

/*
 * Refusals for one function: a bridge or host bridge, always; a bound
 * driver other than vfio-pci, pci-stub or pci-pf-stub, on it or on its
 * PF, unless force.  Drivers are read from sysfs now, not from the scan.
 * 0, or -1 with the reason in why.
 */
int probe_refuse_fn(const char *sysfs, const struct cfg_snapshot *s,
		    bool force, char *why, size_t len);

#endif
