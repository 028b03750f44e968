// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_lookup.c - "pasid-scan lookup": the verdict and offsets an offset
 * map gives a device key, one line per key, for scripts that have the
 * map but no store.
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
#include "map_read.h"

struct lookup_opts {
	const char *map;
	uint16_t vendor, device;
	int kind;		/* KEY_KIND_ANY, 0: fn, 1: vf */
};

static void lookup_usage(FILE *out)
{
	fprintf(out,
		"Usage: pasid-scan lookup --map FILE VENDOR:DEVICE[:fn|vf]\n\n"
		"Print the verdict and offsets the offset map FILE ('gen --yaml') gives\n"
		"the device key, one line per kind found (both without :fn or :vf):\n"
		"  VENDOR:DEVICE:KIND VERDICT vpasid=OFFSET vpri=OFFSET vats=OFFSET\n"
		"VERDICT is default-safe, other-offset, no-safe-offset, no-vpasid,\n"
		"not-assignable or not-known; OFFSET is hex, or 'none'.  Exit status\n"
		"4 when the map has no such key, 6 when a key printed is not known\n"
		"(seen only in partial reads).\n");
}

static int parse_lookup_opts(int argc, char **argv, struct lookup_opts *o)
{
	static const struct option longopts[] = {
		{ "map", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		if (c == 'm') {
			o->map = optarg;
			continue;
		}
		if (c == 'h') {
			lookup_usage(stdout);
			exit(0);
		}
		return usage_opt("lookup", c, argv);
	}
	if (!o->map)
		return usage_err("lookup", "--map FILE is needed: the offset map to read");
	if (argc - optind == 2)
		return usage_err("lookup", "give one device key, like %s:%s "
				 "(VENDOR:DEVICE[:fn|vf])", argv[optind],
				 argv[optind + 1]);
	if (argc - optind != 1)
		return usage_err("lookup", argc == optind ?
				 "no device key given" : "one device key, not %d",
				 argc - optind);
	if (key_parse(argv[optind], &o->vendor, &o->device, &o->kind)) {
		usage_err("lookup", "'%s' is not a device key VENDOR:DEVICE[:fn|vf] "
			"(hex, like 1b36:0010:vf)", argv[optind]);
		return -1;
	}
	return 0;
}

static void print_entry(const struct map_entry *e)
{
	char key[KEY_STRLEN];
	int k;

	key_format(e->vendor, e->device, e->vf, key);
	printf("%s %s", key, verdict_name(e->verdict));
	for (k = 0; k < VCAP_N; k++) {
		if (e->offset[k] < 0)
			printf(" %s=none", vcap_types[k].name);
		else
			printf(" %s=0x%x", vcap_types[k].name, e->offset[k]);
	}
	putchar('\n');
}

int cmd_lookup(int argc, char **argv)
{
	struct lookup_opts o;
	struct map_entry *v;
	size_t i, n, found = 0, unknown = 0;
	char key[KEY_STRLEN];

	if (parse_lookup_opts(argc, argv, &o))
		return EXIT_USAGE;
	if (map_read(o.map, &v, &n))
		return EXIT_BADINPUT;
	for (i = 0; i < n; i++) {
		if (v[i].vendor != o.vendor || v[i].device != o.device ||
		    (o.kind != KEY_KIND_ANY && v[i].vf != o.kind))
			continue;
		print_entry(&v[i]);
		found++;
		unknown += v[i].verdict == VERDICT_NOT_KNOWN;
	}
	free(v);
	if (!found) {
		key_format(o.vendor, o.device, o.kind == 1, key);
		if (o.kind == KEY_KIND_ANY)
			key[9] = '\0';	/* VENDOR:DEVICE alone */
		err_msg("%s: no key %s", o.map, key);
		return EXIT_NOKEY;
	}
	if (fflush(stdout))
		return EXIT_FAILURE;
	return unknown ? EXIT_NOTKNOWN : 0;
}
