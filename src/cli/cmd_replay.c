// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_replay.c - "pasid-scan replay": store recorded dumps.  Every
 * input is read and checked before the store is opened, so bad input
 * writes nothing; then each file is one batch, stored whole or not.
 *
 * src/cli/: the commands, a cmd_*.c each, and main's table that
 * dispatches them.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "dump_dir.h"
#include "err.h"
#include "names.h"
#include "dump_index.h"
#include "store_ingest.h"

struct replay_opts {
	const char *db;
	bool quiet;
	bool accept_broken;
};

static void replay_usage(FILE *out)
{
	fprintf(out,
		"Usage: pasid-scan replay [--db STORE] [--accept-broken] [-q] DUMP|DIR...\n\n"
		"Stores each DUMP (lspci -x/-xxx/-xxxx output, a 'scan --record'\n"
		"recording, or a binary config file) and its analysis in the SQLite\n"
		"store: STORE, else $%s, else ./%s.\n"
		"A DIR stands for every file below it, in name order, but dot files,\n"
		"*.md, and files that are not dumps (a manifest, a log, a store:\n"
		"a line on stderr for each).  All input is checked before anything is\n"
		"stored; each file is then one transaction, read a function at a\n"
		"time, so a dump of any size is stored in bounded memory.  A dump\n"
		"stored before adds nothing.  A function whose capability chain\n"
		"loops or points into the header is refused as damaged;\n"
		"--accept-broken stores it, with the chain's note and no placement\n"
		"past the break.\n",
		STORE_ENV, STORE_DEFAULT_PATH);
}

static int parse_replay_opts(int argc, char **argv, struct replay_opts *o)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'D' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "accept-broken", no_argument, NULL, 'B' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	o->db = store_default_path();
	o->quiet = false;
	o->accept_broken = false;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'D':
			o->db = optarg;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'B':
			o->accept_broken = true;
			break;
		case 'h':
			replay_usage(stdout);
			exit(0);
		default:
			return usage_opt("replay", c, argv);
		}
	}
	if (optind == argc) {
		return usage_err("replay", "no DUMP or DIR given");
	}
	return 0;
}

/* Every dump read and checked, and its index kept for storing. */
static struct dump_index *check_all(const struct path_list *pl,
				    const struct replay_opts *o)
{
	struct dump_index *ix = xcalloc(pl->n, sizeof(*ix));
	size_t i;

	for (i = 0; i < pl->n; i++) {
		if (dump_index_read(pl->v[i], NULL, o->accept_broken, &ix[i]))
			break;
	}
	if (i == pl->n)
		return ix;
	while (i--)
		dump_index_free(&ix[i]);
	free(ix);
	return NULL;
}

static void report(const char *path, const struct ingest_result *r)
{
	if (r->scans_added)
		printf("%s: stored, %u function%s, %u new snapshot%s\n",
		       path, r->functions, plural(r->functions), r->snapshots,
		       plural(r->snapshots));
	else
		printf("%s: stored before; nothing added\n", path);
	fflush(stdout);
}

static int store_all(struct store *st, const struct path_list *pl,
		     const struct dump_index *ix, const struct replay_opts *o)
{
	struct ingest_result r, sum = { 0 };
	size_t i;

	for (i = 0; i < pl->n; i++) {
		if (dump_index_store(&ix[i], st, &r))
			return -1;
		sum.scans_added += r.scans_added;
		sum.scans_known += r.scans_known;
		sum.functions += r.functions;
		sum.snapshots += r.snapshots;
		if (!o->quiet)
			report(pl->v[i], &r);
	}
	if (!o->quiet)
		printf("replay: %zu file%s, %u scan%s added, %u already stored, "
		       "%u function%s, %u new snapshot%s\n", pl->n,
		       plural(pl->n), sum.scans_added, plural(sum.scans_added),
		       sum.scans_known, sum.functions, plural(sum.functions),
		       sum.snapshots, plural(sum.snapshots));
	return 0;
}

int cmd_replay(int argc, char **argv)
{
	struct path_list pl = { 0 };
	struct dump_index *ix = NULL;
	struct replay_opts o;
	struct store *st = NULL;
	size_t k;
	int i, ret = EXIT_BADINPUT;

	if (parse_replay_opts(argc, argv, &o))
		return EXIT_USAGE;
	for (i = optind; i < argc; i++) {
		if (store_file_is_store(argv[i])) {
			usage_err("replay", "%s is a store, not a dump: add its scans with 'pasid-scan merge --db STORE %s'",
				  argv[i], argv[i]);
			return EXIT_USAGE;
		}
	}
	for (i = optind; i < argc; i++)
		if (dump_dir_collect(argv[i], &pl))
			goto out;
	ix = check_all(&pl, &o);
	if (!ix)
		goto out;
	st = store_open(o.db, STORE_WRITE);
	if (st && !store_all(st, &pl, ix, &o))
		ret = 0;
out:
	store_close(st);
	for (k = 0; ix && k < pl.n; k++)
		dump_index_free(&ix[k]);
	free(ix);
	path_list_free(&pl);
	names_cleanup();
	if (!ret && fflush(stdout))
		ret = EXIT_FAILURE;
	return ret;
}
