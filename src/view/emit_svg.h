/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * emit_svg.h - a config space as a self-contained SVG: 64 x 64 cells,
 * one per byte, 0x000 at the top left, each coloured by its owner with
 * a tooltip; capabilities labelled beside the grid; the placements
 * outlined; a legend.  A pure function of the cell maps.
 *
 * src/view/: what people see of a function or a key: show's text, JSON
 * and guest view, the maps, the report.
 */
#ifndef PASID_SCAN_EMIT_SVG_H
#define PASID_SCAN_EMIT_SVG_H

#include <stdio.h>

#include "cell_map.h"

/* Geometry, which the tests that render the picture read back from
 * the SVG rather than assume: a cell's pitch and the grid's origin in
 * the first panel. */
#define SVG_CELL	10
#define SVG_GRID_X	44
#define SVG_GRID_Y	48

/* m, and pf (may be NULL) drawn beside it as the PF of a VF.  inline_svg:
 * no XML declaration, for a page that carries the picture in its body. */
void emit_svg(FILE *f, const struct cell_map *m, const struct cell_map *pf,
	      bool inline_svg);
/* s with &, <, >, " and ' escaped, for XML text and attributes. */
void xml_puts(FILE *f, const char *s);
/* The OCC_* reasons in occ, in words, comma-separated. */
void occ_puts(FILE *f, uint8_t occ);

#endif
