// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dump_dir.c - expand directories of dumps into file names, in an
 * order that does not depend on the file system or the locale, so two
 * replays of one directory store their scans in the same order.
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

static void add(struct path_list *pl, const char *path)
{
	if (pl->n == pl->alloc) {
		pl->alloc = pl->alloc ? 2 * pl->alloc : 64;
		pl->v = xreallocarray(pl->v, pl->alloc, sizeof(*pl->v));
	}
	pl->v[pl->n] = strdup(path);
	if (!pl->v[pl->n]) {
		err_msg("out of memory");
		exit(EXIT_FAILURE);
	}
	pl->n++;
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

static int walk(const char *dir, struct path_list *pl)
{
	struct dirent **ents;
	char path[4096];
	struct stat st;
	int n, i, ret = 0;

	n = scandir(dir, &ents, NULL, by_name);
	if (n < 0) {
		err_at(dir, 0, "cannot read directory: %s", strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (ret || skipped(ents[i]->d_name))
			goto next;
		snprintf(path, sizeof(path), "%s/%s", dir, ents[i]->d_name);
		if (stat(path, &st)) {
			err_at(path, 0, "%s", strerror(errno));
			ret = -1;
		} else if (S_ISDIR(st.st_mode)) {
			ret = walk(path, pl);
		} else if (S_ISREG(st.st_mode)) {
			add(pl, path);
		}
next:
		free(ents[i]);
	}
	free(ents);
	return ret;
}

int dump_dir_collect(const char *path, struct path_list *pl)
{
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
	if (walk(path, pl))
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
