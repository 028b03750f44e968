/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * emit_record.h - write snapshots as a dump that lspci -F decodes and
 * source_dump reads back to the same snapshots.
 *
 * src/source/: where snapshots come from: dumps and recordings, the
 * live scan and its probing, sysfs facts, the record writer.
 */
#ifndef PASID_SCAN_EMIT_RECORD_H
#define PASID_SCAN_EMIT_RECORD_H

#include <stdio.h>

#include "cfg.h"
#include "snapset.h"

void emit_record(FILE *out, const struct cfg_snapshot *s);
/*
 * s as it was read, before settling, with m, the metadata its source
 * gave: what replaying the lines gives back is s settled by m, as if
 * the two had been read together (the live scan's spill).
 */
void emit_record_raw(FILE *out, const struct cfg_snapshot *s,
		     const struct snap_meta *m);
/* The "# pasid-scan: host ..." line that opens a recording. */
void emit_record_host(FILE *out, const struct scan_host *h);

#endif
