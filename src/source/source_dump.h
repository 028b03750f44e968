/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * source_dump.h - replay: snapshots from recorded dumps.
 *
 * Text: what lspci -x/-xxx/-xxxx/-vvvxxxx prints and lspci -F reads,
 * plus "# pasid-scan: BDF key=value..." metadata lines that lspci
 * ignores.  Binary: a copy of a sysfs "config" file (64, 256 or 4096
 * bytes).
 *
 * src/source/: where snapshots come from: dumps and recordings, the
 * live scan and its probing, sysfs facts, the record writer.
 */
#ifndef PASID_SCAN_SOURCE_DUMP_H
#define PASID_SCAN_SOURCE_DUMP_H

#include <stdbool.h>
#include <stdio.h>

#include "snapset.h"

#define DUMP_LINE_MAX	4096
#define META_PREFIX	"# pasid-scan:"
/* Probe lines, in a device's block after its hex lines:
 *	# pasid-scan: BDF probe=read|write
 *	# pasid-scan: BDF volatile@OFF=<32 hex digits>
 *	# pasid-scan: BDF rw@OFF=<32 hex digits>
 * OFF is a 16-byte row; rows left out are zero. */
#define PROBE_MASK_VOLATILE	"volatile"
#define PROBE_MASK_RW		"rw"

/* Each returns 0, or -1 after a one-line error naming file and line. */
int dump_read_path(const char *path, struct snapset *ss);
int dump_read_text(FILE *f, const char *path, struct snapset *ss);
int dump_read_binary(const unsigned char *buf, size_t len, const char *path,
		     struct snapset *ss);
/*
 * Streaming: each device goes to fn as soon as its block is read, and
 * its snapshot is reused for the next, so a dump of any size is read
 * in the memory of one.  Metadata and host lines still go to ss.  fn
 * returns 0, or -1 to stop after its own message.
 */
typedef int (*dump_device_fn)(void *ctx, struct cfg_snapshot *s);
int dump_stream_path(const char *path, struct snapset *ss, dump_device_fn fn,
		     void *ctx);

/*
 * Whether a file found in a directory of dumps may be one: binary, or
 * text whose first line that is not blank or a comment is a device
 * header or a hex line.  Anything else is some other file kept beside
 * the dumps (a manifest, a boot log) and is left out; a dump that
 * passes and is broken further down is still refused by the reader.
 * Returns 0 with *line the line that decided, else 1, also when the
 * file cannot be read: the reader says why.
 */
int dump_file_sniff(const char *path, unsigned int *line);

/* "key=value" tokens of a metadata line, after its BDF; on -1 the
 * offending token is copied to bad. */
int dump_parse_meta(const char *text, struct snap_meta *m, char *bad,
		    size_t badlen);
/* Undo the %XX escapes of a metadata value; -1 if bad or too long. */
int meta_value_decode(const char *v, char *out, size_t outlen);
/* Decimal or 0x-hex in [min, max]. */
bool meta_parse_long(const char *v, long min, long max, long *out);

#endif
