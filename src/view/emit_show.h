/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * emit_show.h - what "pasid-scan show" prints for a function.
 *
 * src/view/: what people see of a function or a key: show's text, JSON
 * and guest view, the maps, the report.
 */
#ifndef PASID_SCAN_EMIT_SHOW_H
#define PASID_SCAN_EMIT_SHOW_H

#include <jansson.h>
#include <stdio.h>

#include "analysis.h"

void emit_show_text(FILE *out, const struct fn_report *r);
json_t *emit_show_json(const struct fn_report *r);
/* Parts of the text: who the function is, and its vPASID line. */
void emit_show_identity(FILE *out, const struct cfg_snapshot *s);
void emit_show_vpasid(FILE *out, const struct fn_report *r);

/* show --guest: the function as a guest sees it under QEMU 11 and
 * vfio-pci (emit_guest.c). */
void emit_guest_text(FILE *out, const struct fn_report *r);
json_t *emit_guest_json(const struct fn_report *r);

#endif
