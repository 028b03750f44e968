// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_merge.c - "pasid-scan merge": fold stores collected on other
 * hosts into one.  Each scan is loaded back into snapshots and stored
 * through the same path a replay takes, so a scan already present (by
 * its digest) adds nothing and merging twice changes nothing.
 *
 * src/cli/: the commands, a cmd_*.c each, and main's table that
 * dispatches them.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "cli.h"
#include "err.h"
#include "store_ingest.h"
#include "store_load.h"

static void merge_usage(FILE *out)
{
	fprintf(out,
		"Usage: pasid-scan merge [--db STORE] OTHER.db...\n\n"
		"Adds every scan of each OTHER store that STORE (else $%s, else\n"
		"./%s) does not hold yet, one transaction per scan.  Every\n"
		"OTHER is opened and checked before anything is written (one of an\n"
		"older schema is migrated where it lies, if it can be written).\n",
		STORE_ENV, STORE_DEFAULT_PATH);
}

static int parse_merge_opts(int argc, char **argv, const char **db)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*db = store_default_path();
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'D':
			*db = optarg;
			break;
		case 'h':
			merge_usage(stdout);
			exit(0);
		default:
			return usage_opt("merge", c, argv);
		}
	}
	if (optind == argc) {
		return usage_err("merge", "no OTHER.db given");
	}
	return 0;
}

/* Merging a store into itself would only take its own lock twice. */
static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return !stat(a, &sa) && !stat(b, &sb) && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

static int merge_one(struct store *dst, struct store *src)
{
	struct ingest_result r;
	struct stored_scan *v;
	unsigned int added = 0, known = 0;
	struct snapset ss;
	size_t i, n;
	int ret = 0;

	if (store_list_scans(src, &v, &n)) {
		free(v);
		return -1;
	}
	for (i = 0; i < n && !ret; i++) {
		snapset_init(&ss);
		ret = store_load_scan(src, v[i].id, &ss);
		if (!ret)
			ret = store_ingest(dst, &ss, NULL, v[i].source,
					   v[i].origin, &r);
		snapset_free(&ss);
		if (ret)
			break;
		added += r.scans_added;
		known += r.scans_known;
	}
	free(v);
	if (!ret)
		printf("%s: %u scans added, %u already stored\n", src->path,
		       added, known);
	return ret;
}

/* Every OTHER opened and checked (an older one migrated) before
 * anything is written, then closed: a fleet is a thousand of them. */
static int check_all(const char *db, char **paths, int n)
{
	struct store *st;
	int i;

	for (i = 0; i < n; i++) {
		if (same_file(db, paths[i])) {
			err_msg("%s: is the store being merged into", paths[i]);
			return -1;
		}
		st = store_open(paths[i], STORE_READ);
		if (!st)
			return -1;
		store_close(st);
	}
	return 0;
}

int cmd_merge(int argc, char **argv)
{
	struct store *src, *dst = NULL;
	int i, n, ret = EXIT_BADINPUT;
	const char *db;

	if (parse_merge_opts(argc, argv, &db))
		return EXIT_USAGE;
	n = argc - optind;
	if (check_all(db, argv + optind, n))
		return EXIT_BADINPUT;
	dst = store_open(db, STORE_WRITE);
	if (!dst)
		goto out;
	for (i = 0; i < n; i++) {
		src = store_open(argv[optind + i], STORE_READ);
		if (!src || merge_one(dst, src)) {
			store_close(src);
			goto out;
		}
		store_close(src);
	}
	ret = fflush(stdout) ? EXIT_FAILURE : 0;
out:
	store_close(dst);
	return ret;
}
