/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * emit_gen.h - the files 'pasid-scan gen' writes, each a pure function
 * of the consensus: the same store gives the same bytes.
 */
#ifndef PASID_SCAN_EMIT_GEN_H
#define PASID_SCAN_EMIT_GEN_H

#include <stdio.h>

#include "consensus.h"

#define MAP_FORMAT		"pasid-scan-map"
#define MAP_FORMAT_VERSION	1

/* Rows: the keys that need a quirk, or all keys. */
void emit_kernel(FILE *f, const struct key_set *ks, bool all);
void emit_qemu(FILE *f, const struct key_set *ks, bool all);
/* The YAML map holds every key.  0, or -1: a write error (errno
 * says which), or an emitter error after a message. */
int emit_yaml(FILE *f, const struct key_set *ks);

/* Shared by the emitters. */
bool gen_row(const struct dev_key *k, bool all);
const char *kind_name(bool vf);
/* The vPASID value the C tables carry: 0 where there is none. */
unsigned int gen_vpasid(const struct dev_key *k);
/* "s" unless n is 1 */
const char *plural(unsigned long n);

#endif
