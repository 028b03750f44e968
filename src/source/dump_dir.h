/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dump_dir.h - the dump files named on a command line: files as they
 * are, directories walked for the files they hold.
 *
 * src/source/: where snapshots come from: dumps and recordings, the
 * live scan and its probing, sysfs facts, the record writer.
 */
#ifndef PASID_SCAN_DUMP_DIR_H
#define PASID_SCAN_DUMP_DIR_H

#include <stddef.h>

struct path_list {
	char **v;
	size_t n, alloc;
};

/*
 * Add path, or for a directory every regular file below it in name
 * order, leaving out dot files, Markdown (*.md) documentation and,
 * with a line on stderr, files that are not dumps (dump_file_sniff).
 * Returns 0, or -1 after a message naming the path.
 */
int dump_dir_collect(const char *path, struct path_list *pl);
void path_list_free(struct path_list *pl);

#endif
