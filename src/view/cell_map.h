/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cell_map.h - the 4096 bytes of a config space as a picture draws
 * them: one class and label per byte, the value read, and the chosen
 * vPASID, vPRI and vATS placements.  Made from one function's analysis
 * or from a device key's consensus; the SVG, the terminal map and the
 * report all draw from this and nothing else.
 *
 * src/view/: what people see of a function or a key: show's text, JSON
 * and guest view, the maps, the report.
 */
#ifndef PASID_SCAN_CELL_MAP_H
#define PASID_SCAN_CELL_MAP_H

#include "analysis.h"
#include "consensus.h"

/* Drawing order of precedence, highest first: a byte shows the first
 * class that applies to it. */
enum cell_class {
	CELL_HEADER,
	CELL_CAP,
	CELL_ORPHAN,
	CELL_WRITABLE,		/* hidden register: took a written value */
	CELL_VOLATILE,		/* hidden register: changed between reads */
	CELL_NONZERO,		/* hidden register: read non-zero */
	CELL_UNKNOWN,		/* not read */
	CELL_ABSENT,		/* no extended config space */
	CELL_FREE,
	CELL_N,
};

#define CELL_NO_LABEL	0xffff
#define CELL_NAME_MAX	48

/* A capability or orphan structure, as a picture labels it. */
struct cell_label {
	uint16_t off;
	uint16_t size;
	bool orphan;
	uint16_t rank;		/* its place among the labels by address */
	char name[CELL_NAME_MAX];
};

struct cell_map {
	char title[160];	/* "0000:01:00.1 1b36:0010 vf" or "1b36:0010:vf" */
	bool key;		/* a key's consensus, not one function */
	unsigned int n_obs;	/* observations behind a key's map */
	uint8_t cls[CFG_SPACE_SIZE];	/* enum cell_class */
	uint16_t label[CFG_SPACE_SIZE];	/* index into labels, or CELL_NO_LABEL */
	int16_t value[CFG_SPACE_SIZE];	/* the byte read, or -1 */
	uint8_t occ[CFG_SPACE_SIZE];	/* a key's OCC_* bits; 0 for a function */
	struct cell_label labels[CAPS_MAX + LAYOUT_MAX_ORPHANS];
	unsigned int n_labels;
	uint16_t order[CAPS_MAX + LAYOUT_MAX_ORPHANS];	/* labels by address */
	struct vcap_verdict place[VCAP_N];
	struct vpasid_verdict verdict;
};

/* One function: its layout, verdict and placements (show's). */
void cell_map_from_report(const struct fn_report *r, struct cell_map *m);
/* A key's consensus; sample, if not NULL, is a stored observation of
 * the key whose bytes give the values. */
void cell_map_from_key(const struct dev_key *k, const struct cfg_snapshot *sample,
		       struct cell_map *m);
/* The placement covering off, or -1. */
int cell_map_placement_at(const struct cell_map *m, unsigned int off);

/* Short name ("header", "cap", ...) and legend text of each class. */
const char *cell_class_name(enum cell_class c);
const char *cell_class_text(enum cell_class c);

#endif
