/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * map_read.h - the YAML offset map 'gen --yaml' writes, read back.
 *
 * src/gen/: a device key's consensus over the store, and the tables
 * made from it: kernel header, QEMU table, offset map.
 */
#ifndef PASID_SCAN_MAP_READ_H
#define PASID_SCAN_MAP_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "placement.h"

struct map_entry {
	uint16_t vendor, device;
	bool vf;
	enum verdict verdict;
	enum guest_why why;		/* WHY_NONE where the map gives none */
	int offset[VCAP_N];		/* -1: null (nowhere) */
	enum vcap_reason reason[VCAP_N];
	unsigned int line;		/* where the entry starts */
};

/* Every device entry of the map at path; 0, or -1 after a message that
 * names the file and line.  *v is allocated (free it). */
int map_read(const char *path, struct map_entry **v, size_t *n);
/* The same, of len bytes at buf; name stands for the file in messages. */
int map_read_mem(const char *name, const void *buf, size_t len,
		 struct map_entry **v, size_t *n);

#endif
