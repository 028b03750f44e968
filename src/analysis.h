/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * analysis.h - everything known about one function: layout and verdict.
 */
#ifndef PASID_SCAN_ANALYSIS_H
#define PASID_SCAN_ANALYSIS_H

#include "placement.h"

struct fn_report {
	const struct cfg_snapshot *s;
	struct layout lay;
	struct vcap_verdict vpasid;
};

void analyze(const struct cfg_snapshot *s, struct fn_report *r);

#endif
