// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_show.c - "pasid-scan show": read dumps, analyse, print.
 *
 * All input is read and checked before anything is printed, so bad
 * input never leaves half a report on stdout.
 *
 * src/cli/: the commands, a cmd_*.c each, and main's table that
 * dispatches them.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "emit_show.h"
#include "emit_term_map.h"
#include "err.h"
#include "filter.h"
#include "names.h"
#include "source_dump.h"
#include "store_load.h"

enum show_format { SHOW_TEXT, SHOW_JSON };

enum show_colour { COLOUR_AUTO, COLOUR_ALWAYS, COLOUR_NEVER };

struct show_opts {
	enum show_format format;
	bool map;
	bool guest;
	bool colour;
	const char *sysfs;
	const char *db;
	struct fn_filter filter;
};

static void show_usage(FILE *out)
{
	fprintf(out,
		"Usage: pasid-scan show [--format=text|json] [--guest]\n"
		"                       [--map [--color=auto|always|never]]\n"
		"                       [-s [[[[domain]:]bus]:][dev][.[fn]]] [-d [vendor]:[device][:class]]\n"
		"                       [FILE...|--sysfs DIR|--db STORE]\n\n"
		"FILE is lspci -x/-xxx/-xxxx output (what lspci -F reads), a recording\n"
		"made by 'pasid-scan scan --record', or a binary copy of a sysfs config\n"
		"file.  With no FILE, this host's functions are scanned live (as by\n"
		"'pasid-scan scan').  --db shows every function stored in STORE, scan\n"
		"by scan.  For each function: identity, kind, sysfs facts,\n"
		"capabilities, orphan capabilities, hidden registers, free windows and\n"
		"the verdict on a virtual PASID capability and where it can go.\n"
		"--guest shows instead the function as a guest sees it under QEMU 11\n"
		"and vfio-pci: the extended capabilities each keeps, hides or drops,\n"
		"the guest's chain, what QEMU's default vPASID would cover, where\n"
		"pasid-scan puts it, and the bytes vfio-pci passes through raw.\n"
		"--map adds a map of the config space, a character a dword, coloured\n"
		"when stdout is a terminal and NO_COLOR is not set (--color\n"
		"overrides).\n");
}

static int parse_colour(const char *arg, enum show_colour *c)
{
	static const char *const names[] = {
		[COLOUR_AUTO] = "auto", [COLOUR_ALWAYS] = "always",
		[COLOUR_NEVER] = "never",
	};
	unsigned int i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(arg, names[i])) {
			*c = i;
			return 0;
		}
	}
	return usage_err("show", "--color=%s: expected auto, always or never", arg);
}

/* Colour for a terminal only, and never when NO_COLOR is set to
 * anything but "" (https://no-color.org). */
static bool want_colour(FILE *out)
{
	const char *nc = getenv("NO_COLOR");

	return isatty(fileno(out)) && !(nc && *nc);
}

static int parse_show_opts(int argc, char **argv, struct show_opts *o)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "map", no_argument, NULL, 'm' },
		{ "guest", no_argument, NULL, 'g' },
		{ "color", required_argument, NULL, 'C' },
		{ "sysfs", required_argument, NULL, 'S' },
		{ "db", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum show_colour colour = COLOUR_AUTO;
	int c;

	o->format = SHOW_TEXT;
	o->map = false;
	o->guest = false;
	o->sysfs = NULL;
	o->db = NULL;
	filter_init(&o->filter);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":s:d:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (!strcmp(optarg, "text") || !strcmp(optarg, "json")) {
				o->format = optarg[0] == 'j' ? SHOW_JSON : SHOW_TEXT;
				break;
			}
			return usage_err("show", "--format=%s: expected text or json",
					 optarg);
		case 's':
		case 'd':
			if (usage_filter("show", &o->filter, c, optarg))
				return -1;
			break;
		case 'm':
			o->map = true;
			break;
		case 'g':
			o->guest = true;
			break;
		case 'C':
			if (parse_colour(optarg, &colour))
				return -1;
			break;
		case 'S':
			o->sysfs = optarg;
			break;
		case 'D':
			o->db = optarg;
			break;
		case 'h':
			show_usage(stdout);
			exit(0);
		default:
			return usage_opt("show", c, argv);
		}
	}
	if (!!o->sysfs + !!o->db + (optind < argc) > 1) {
		usage_err("show", "give dump files, --sysfs DIR or --db STORE, only one of them");
		return -1;
	}
	if (o->map && o->format == SHOW_JSON) {
		usage_err("show", "--map draws text; it does not go with --format=json");
		return -1;
	}
	o->colour = colour == COLOUR_ALWAYS ||
		    (colour == COLOUR_AUTO && want_colour(stdout));
	return 0;
}

/* Every function the filter takes; how many. */
static size_t print_all(const struct snapset *ss, const struct show_opts *o)
{
	struct fn_report *r = xcalloc(1, sizeof(*r));
	struct cell_map *m = o->map ? xcalloc(1, sizeof(*m)) : NULL;
	json_t *arr = json_array();
	size_t i, n = 0;

	for (i = 0; i < ss->n; i++) {
		if (!filter_match(&o->filter, &ss->v[i]->id))
			continue;
		n++;
		analyze(ss->v[i], r);
		if (o->format == SHOW_JSON) {
			json_array_append_new(arr, o->guest ? emit_guest_json(r) :
							      emit_show_json(r));
			continue;
		}
		if (o->guest)
			emit_guest_text(stdout, r);
		else
			emit_show_text(stdout, r);
		if (o->map) {
			cell_map_from_report(r, m);
			emit_term_map(stdout, m, o->colour);
			putchar('\n');
		}
	}
	if (o->format == SHOW_JSON) {
		json_t *top = json_pack("{s:o}", "functions", arr);

		json_dumpf(top, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(top);
	} else {
		json_decref(arr);
	}
	free(m);
	free(r);
	return n;
}

/* Where the functions came from, for a message. */
static const char *source_name(const struct show_opts *o, int argc, char **argv)
{
	if (o->db)
		return o->db;
	if (optind == argc)
		return o->sysfs ? o->sysfs : "this host";
	return argc - optind == 1 ? argv[optind] : "the files given";
}

/* Every stored scan, in the order they were stored, into one set. */
static int load_scan(struct store *st, const struct stored_scan *sc, void *ss)
{
	return store_load_scan(st, sc->id, ss);
}

int cmd_show(int argc, char **argv)
{
	char what[sizeof(((struct fn_filter *)0)->spec) + 8];
	struct show_opts o;
	struct snapset ss;
	int i, ret = 0;

	if (parse_show_opts(argc, argv, &o))
		return EXIT_USAGE;
	snapset_init(&ss);
	if (o.db) {
		ret = store_each_scan(o.db, load_scan, &ss) ? EXIT_BADINPUT : 0;
	} else if (optind == argc) {
		ret = scan_live(o.sysfs, &o.filter, false, &ss);
	} else {
		for (i = optind; i < argc; i++) {
			if (store_file_is_store(argv[i])) {
				usage_err("show", "%s is a store, not a dump: show it with --db %s",
					  argv[i], argv[i]);
				return EXIT_USAGE;
			}
		}
		for (i = optind; i < argc && !ret; i++)
			ret = dump_read_path(argv[i], &ss);
		if (!ret)
			ret = snapset_finish(&ss);
		if (ret)
			ret = EXIT_BADINPUT;
	}
	if (!ret && !print_all(&ss, &o) && o.filter.spec[0]) {
		snprintf(what, sizeof(what), "matches %s", o.filter.spec);
		ret = no_function("show", what, source_name(&o, argc, argv));
	}
	snapset_free(&ss);
	names_cleanup();
	if (ret)
		return ret;
	return fflush(stdout) ? EXIT_FAILURE : 0;
}
