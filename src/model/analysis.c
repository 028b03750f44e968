// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * analysis.c - everything known about one function, in one call.
 *
 * src/model/: one function's config space and what is made of it: the
 * snapshot, its capabilities, who owns each byte, what vfio-pci and
 * QEMU make of it, the verdict.
 */
#include "analysis.h"

void analyze(const struct cfg_snapshot *s, struct fn_report *r)
{
	r->s = s;
	layout_build(s, &r->lay);
	guest_view_build(s, &r->lay.caps, &r->guest);
	place_function(&r->lay, &r->guest, &r->verdict, r->place);
}
