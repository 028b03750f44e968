// SPDX-License-Identifier: GPL-2.0-or-later
#include "analysis.h"

void analyze(const struct cfg_snapshot *s, struct fn_report *r)
{
	r->s = s;
	layout_build(s, &r->lay);
	place_vcap(&r->lay, &r->vpasid);
}
