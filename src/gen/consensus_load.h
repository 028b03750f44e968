/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * consensus_load.h - the consensus over everything a store holds.
 *
 * src/gen/: a device key's consensus over the store, and the tables
 * made from it: kernel header, QEMU table, offset map.
 */
#ifndef PASID_SCAN_CONSENSUS_LOAD_H
#define PASID_SCAN_CONSENSUS_LOAD_H

#include "consensus.h"
#include "store.h"

/* Every stored scan folded into ks and finished; 0, or -1 after a
 * message.  The store is only read. */
int consensus_load(const char *path, struct key_set *ks);
/* The same from a store already open, which the caller reads on. */
int consensus_load_in(struct store *st, struct key_set *ks);

#endif
