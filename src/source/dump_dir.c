// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dump_dir.c - expand directories of dumps into file names, in an
 * order that does not depend on the file system or the locale, so two
 * replays of one directory store their scans in the same order.
 *
 * src/source/: where snapshots come from: dumps and recordings, the
 * live scan and its probing, sysfs facts, the record writer.
 */
#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dump_dir.h"
#include "err.h"
#include "source_dump.h"
#include "store.h"

static void add(struct path_list *pl, const char *path)
{
	if (pl->n == pl->alloc) {
		pl->alloc = pl->alloc ? 2 * pl->alloc : 64;
		pl->v = xreallocarray(pl->v, pl->alloc, sizeof(*pl->v));
	}
	pl->v[pl->n++] = xstrdup(path);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static bool skipped(const char *name)
{
	size_t n = strlen(name);

	return name[0] == '.' || (n > 3 && !strcmp(name + n - 3, ".md"));
}

/* A directory of dumps often keeps other files beside them (a
 * manifest, a boot log): say so and leave them out.  A file named on
 * the command line is read whatever it holds. */
static bool is_dump(const char *path)
{
	unsigned int line;

	if (store_file_is_store(path)) {
		err_at(path, 0, "left out: an SQLite store, not a dump (add it with 'pasid-scan merge')");
		return false;
	}
	if (dump_file_sniff(path, &line))
		return true;
	err_at(path, line,
	       "left out: not a dump (neither a device header 'bb:dd.f ...' nor a hex line)");
	return false;
}

/* The directories from the one named down to the one being read. */
struct dir_stack {
	const struct dir_stack *up;
	dev_t dev;
	ino_t ino;
	const char *path;
};

/* A symlink back up the tree would be walked until paths overflow:
 * refuse it, naming both ends. */
static int check_loop(const struct dir_stack *top, const struct stat *st,
		      const char *path)
{
	for (; top; top = top->up) {
		if (top->dev != st->st_dev || top->ino != st->st_ino)
			continue;
		err_at(path, 0,
		       "directory loop: this is %s again (a symlink?); expected a tree",
		       top->path);
		return -1;
	}
	return 0;
}

static int walk(const char *dir, const struct dir_stack *up,
		struct path_list *pl);

static int walk_entry(const char *path, const struct dir_stack *up,
		      struct path_list *pl)
{
	struct stat st;

	if (stat(path, &st)) {
		err_at(path, 0, "%s", strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		struct dir_stack here = { up, st.st_dev, st.st_ino, path };

		return check_loop(up, &st, path) ? -1 : walk(path, &here, pl);
	}
	if (S_ISREG(st.st_mode) && is_dump(path))
		add(pl, path);
	return 0;
}

static int walk(const char *dir, const struct dir_stack *up,
		struct path_list *pl)
{
	struct dirent **ents;
	char path[4096];
	int n, i, ret = 0;

	n = scandir(dir, &ents, NULL, by_name);
	if (n < 0) {
		err_at(dir, 0, "cannot read directory: %s", strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (!ret && !skipped(ents[i]->d_name)) {
			if (snprintf(path, sizeof(path), "%s/%s", dir,
				     ents[i]->d_name) >= (int)sizeof(path)) {
				err_at(dir, 0, "a name below it is too long");
				ret = -1;
			} else {
				ret = walk_entry(path, up, pl);
			}
		}
		free(ents[i]);
	}
	free(ents);
	return ret;
}

int dump_dir_collect(const char *path, struct path_list *pl)
{
	struct dir_stack top;
	struct stat st;
	size_t before = pl->n;

	if (stat(path, &st)) {
		err_at(path, 0, "%s", strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		add(pl, path);
		return 0;
	}
	top = (struct dir_stack){ NULL, st.st_dev, st.st_ino, path };
	if (walk(path, &top, pl))
		return -1;
	if (pl->n == before) {
		err_at(path, 0, "no dump files in this directory");
		return -1;
	}
	return 0;
}

void path_list_free(struct path_list *pl)
{
	size_t i;

	for (i = 0; i < pl->n; i++)
		free(pl->v[i]);
	free(pl->v);
	pl->v = NULL;
	pl->n = pl->alloc = 0;
}
