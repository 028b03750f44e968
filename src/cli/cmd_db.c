// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_db.c - "pasid-scan db stats|list|check": what the store holds.
 *
 * src/cli/: the commands, a cmd_*.c each, and main's table that
 * dispatches them.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "err.h"
#include "names.h"
#include "store_query.h"

static void db_usage(FILE *out)
{
	fprintf(out,
		"Usage: pasid-scan db stats [--db STORE]\n"
		"       pasid-scan db list [--db STORE] [-d [vendor]:[device][:class]]\n"
		"       pasid-scan db check [--db STORE]\n\n"
		"stats: how many hosts, scans, functions, snapshots and device keys\n"
		"(VENDOR:DEVICE:fn|vf).  list: each device key with the evidence\n"
		"behind it.  check: SQLite's integrity_check and the store's own\n"
		"rules (every scan whole, no row without its owner); exit 1 if\n"
		"either fails.  STORE: else $%s, else ./%s.\n",
		STORE_ENV, STORE_DEFAULT_PATH);
}

struct db_opts {
	const char *db;
	struct fn_filter filter;
};

static int parse_db_opts(int argc, char **argv, struct db_opts *o)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	o->db = store_default_path();
	filter_init(&o->filter);
	optind = 2;	/* argv[1] is the subcommand */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'D':
			o->db = optarg;
			break;
		case 'd':
			if (usage_filter("db", &o->filter, c, optarg))
				return -1;
			break;
		case 'h':
			db_usage(stdout);
			exit(0);
		default:
			return usage_opt("db", c, argv);
		}
	}
	if (optind < argc) {
		usage_err("db", "unexpected argument '%s'", argv[optind]);
		return -1;
	}
	return 0;
}

/* A filter that matches no key is said as every command says it. */
static int list_keys(struct store *st, const struct db_opts *o)
{
	char what[sizeof(o->filter.spec) + 8];
	int n = store_print_keys(st, &o->filter, stdout);

	if (n < 0)
		return EXIT_BADINPUT;
	if (n > 0)
		return 0;
	snprintf(what, sizeof(what), "matches %s", o->filter.spec);
	return no_function("db", o->filter.spec[0] ? what : "at all", o->db);
}

int cmd_db(int argc, char **argv)
{
	static const char *const subs[] = { "stats", "list", "check" };
	const size_t n_subs = sizeof(subs) / sizeof(subs[0]);
	struct db_opts o;
	struct store *st;
	size_t sub;
	int ret;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		db_usage(stdout);
		return 0;
	}
	for (sub = 0; argc > 1 && sub < n_subs; sub++)
		if (!strcmp(argv[1], subs[sub]))
			break;
	if (argc < 2 || sub == n_subs) {
		usage_err("db", "expected stats, list or check%s%s",
			argc > 1 ? ", not " : "", argc > 1 ? argv[1] : "");
		return EXIT_USAGE;
	}
	if (parse_db_opts(argc, argv, &o))
		return EXIT_USAGE;
	st = store_open(o.db, STORE_READ);
	if (!st)
		return EXIT_BADINPUT;
	if (sub == 0)
		ret = store_print_stats(st, stdout) ? EXIT_BADINPUT : 0;
	else if (sub == 1)
		ret = list_keys(st, &o);
	else
		ret = store_check(st, stdout) ? EXIT_BADINPUT : 0;
	store_close(st);
	names_cleanup();
	if (ret)
		return ret;
	return fflush(stdout) ? EXIT_FAILURE : 0;
}
