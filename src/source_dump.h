/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * source_dump.h - replay: snapshots from recorded dumps.
 *
 * Text: what lspci -x/-xxx/-xxxx/-vvvxxxx prints and lspci -F reads,
 * plus "# pasid-scan: BDF key=value..." metadata lines that lspci
 * ignores.  Binary: a copy of a sysfs "config" file (64, 256 or 4096
 * bytes).
 */
#ifndef PASID_SCAN_SOURCE_DUMP_H
#define PASID_SCAN_SOURCE_DUMP_H

#include <stdio.h>

#include "snapset.h"

#define DUMP_LINE_MAX	4096
#define META_PREFIX	"# pasid-scan:"

/* Each returns 0, or -1 after a one-line error naming file and line. */
int dump_read_path(const char *path, struct snapset *ss);
int dump_read_text(FILE *f, const char *path, struct snapset *ss);
int dump_read_binary(const unsigned char *buf, size_t len, const char *path,
		     struct snapset *ss);
/* "key=value" tokens of a metadata line, after its BDF. */
int dump_parse_meta(const char *text, struct snap_meta *m);

#endif
