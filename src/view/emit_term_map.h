/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * emit_term_map.h - a cell map as text for a terminal ("show --map").
 *
 * src/view/: what people see of a function or a key: show's text, JSON
 * and guest view, the maps, the report.
 */
#ifndef PASID_SCAN_EMIT_TERM_MAP_H
#define PASID_SCAN_EMIT_TERM_MAP_H

#include <stdio.h>

#include "cell_map.h"

/* Sixteen lines of 64 characters and a legend; colour: SGR escapes too. */
void emit_term_map(FILE *f, const struct cell_map *m, bool colour);

#endif
