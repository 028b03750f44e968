/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * store_query.h - what the store holds: totals, device keys, and a
 * check that it is whole.
 *
 * src/store/: the SQLite store of every observation from every host.
 */
#ifndef PASID_SCAN_STORE_QUERY_H
#define PASID_SCAN_STORE_QUERY_H

#include <stdio.h>

#include "filter.h"
#include "store.h"

/* Each returns 0, or -1 after a message (check: 1 if it found faults;
 * keys: the number of keys listed, the header only above the first). */
int store_print_stats(struct store *st, FILE *out);
int store_print_keys(struct store *st, const struct fn_filter *f, FILE *out);
int store_check(struct store *st, FILE *out);

#endif
