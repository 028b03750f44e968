/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * analysis.h - everything known about one function: its layout, what
 * vfio-pci and QEMU make of it, and the verdict on a vPASID.
 *
 * src/model/: one function's config space and what is made of it: the
 * snapshot, its capabilities, who owns each byte, what vfio-pci and
 * QEMU make of it, the verdict.
 */
#ifndef PASID_SCAN_ANALYSIS_H
#define PASID_SCAN_ANALYSIS_H

#include "placement.h"

struct fn_report {
	const struct cfg_snapshot *s;
	struct layout lay;
	struct guest_view guest;
	struct vpasid_verdict verdict;
	struct vcap_verdict place[VCAP_N];	/* vPASID, vPRI, vATS */
};

void analyze(const struct cfg_snapshot *s, struct fn_report *r);

#endif
