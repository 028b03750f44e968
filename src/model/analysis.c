// SPDX-License-Identifier: GPL-2.0-or-later
#include "analysis.h"

void analyze(const struct cfg_snapshot *s, struct fn_report *r)
{
	r->s = s;
	layout_build(s, &r->lay);
	guest_view_build(s, &r->lay.caps, &r->guest);
	place_function(&r->lay, &r->guest, &r->verdict, r->place);
}
