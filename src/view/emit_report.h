/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * emit_report.h - the pages of "pasid-scan report".
 *
 * src/view/: what people see of a function or a key: show's text, JSON
 * and guest view, the maps, the report.
 */
#ifndef PASID_SCAN_EMIT_REPORT_H
#define PASID_SCAN_EMIT_REPORT_H

#include <stdio.h>

#include "cell_map.h"

/* "1b36-0010-vf.html": the page of key k in the report's directory. */
void report_page_name(const struct dev_key *k, char *buf, size_t len);
/* index.html: every key of ks with its counts, whether QEMU's default
 * is safe and the chosen offsets, linking to the key's page. */
void emit_report_index(FILE *f, const struct key_set *ks);
/* Key k's page: facts, its picture m (and its PF's, pf, or NULL), its
 * evidence and its rows in the generated tables; 0, or -1 after a
 * message. */
int emit_report_key(FILE *f, const struct dev_key *k, const struct cell_map *m,
		    const struct cell_map *pf);

#endif
