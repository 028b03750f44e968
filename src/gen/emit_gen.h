/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * emit_gen.h - the files 'pasid-scan gen' writes, each a pure function
 * of the consensus: the same store gives the same bytes.
 *
 * src/gen/: a device key's consensus over the store, and the tables
 * made from it: kernel header, QEMU table, offset map.
 */
#ifndef PASID_SCAN_EMIT_GEN_H
#define PASID_SCAN_EMIT_GEN_H

#include <stdio.h>

#include "consensus.h"

#define MAP_FORMAT		"pasid-scan-map"
#define MAP_FORMAT_VERSION	2

/* Rows: the keys where the consumer must act (another offset, or none
 * at all); with all, every key QEMU extends, QEMU's default included. */
void emit_kernel(FILE *f, const struct key_set *ks, bool all);
void emit_qemu(FILE *f, const struct key_set *ks, bool all);
/* The YAML map holds every key.  0, or -1: a write error (errno
 * says which), or an emitter error after a message. */
int emit_yaml(FILE *f, const struct key_set *ks);

/* One key's part of each (the report shows them): its kernel ID row and
 * free-range rows, its QEMU row, its YAML entry as a document. */
void emit_kernel_id_row(FILE *f, const struct dev_key *k);
void emit_kernel_free_rows(FILE *f, const struct dev_key *k);
void emit_qemu_row(FILE *f, const struct dev_key *k);
int emit_yaml_key(FILE *f, const struct dev_key *k);

/* Shared by the emitters. */
bool gen_row(const struct dev_key *k, bool all);
/* The vPASID value the C tables carry: 0 where there is none. */
unsigned int gen_vpasid(const struct dev_key *k);
/* The opening of a C table's comment: licence, what (one line of up
 * to 72 columns, "\n * " between lines), counts, generator; and its
 * close, with what an unlisted function means. */
void gen_comment_head(FILE *f, const struct key_set *ks, bool all,
		      const char *what);
void gen_comment_unlisted(FILE *f, const struct key_set *ks, bool all);
/* A row's comment, within 100 columns with a tab before it: the name,
 * the observations and hosts behind it, what holds QEMU's default. */
void gen_row_comment(FILE *f, const char *indent, const struct dev_key *k);

#endif
