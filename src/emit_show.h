/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * emit_show.h - what "pasid-scan show" prints for a function.
 */
#ifndef PASID_SCAN_EMIT_SHOW_H
#define PASID_SCAN_EMIT_SHOW_H

#include <jansson.h>
#include <stdio.h>

#include "analysis.h"

void emit_show_text(FILE *out, const struct fn_report *r);
json_t *emit_show_json(const struct fn_report *r);

#endif
