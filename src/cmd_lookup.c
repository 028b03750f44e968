// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_lookup.c - "pasid-scan lookup": the offsets an offset map gives a
 * device, one line per key, for scripts that have the map but no store.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "err.h"
#include "consensus.h"
#include "map_read.h"

struct lookup_opts {
	const char *map;
	uint16_t vendor, device;
	int kind;		/* -1: both, 0: pf, 1: vf */
};

static void lookup_usage(FILE *out)
{
	fprintf(out,
		"Usage: pasid-scan lookup --map FILE VENDOR:DEVICE [pf|vf]\n\n"
		"Print the offsets the offset map FILE ('gen --yaml') gives the key, one\n"
		"line per kind found:\n"
		"  VENDOR:DEVICE KIND vpasid=OFFSET vpri=OFFSET vats=OFFSET\n"
		"OFFSET is hex, or 'none' where no offset is safe.  Exit status 4 when\n"
		"the map has no such key.\n");
}

static int parse_id(const char *s, uint16_t *vendor, uint16_t *device)
{
	size_t used = pci_id_parse(s, vendor, device);

	if (!used || s[used]) {
		err_msg("lookup: '%s' is not VENDOR:DEVICE (hex, like 8086:1563)", s);
		return -1;
	}
	return 0;
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
	o->kind = -1;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'm') {
			o->map = optarg;
			continue;
		}
		if (c == 'h') {
			lookup_usage(stdout);
			exit(0);
		}
		lookup_usage(stderr);
		return -1;
	}
	if (!o->map || optind >= argc || argc - optind > 2) {
		lookup_usage(stderr);
		return -1;
	}
	if (parse_id(argv[optind], &o->vendor, &o->device))
		return -1;
	if (argc - optind == 2) {
		const char *k = argv[optind + 1];

		if (strcmp(k, "pf") && strcmp(k, "vf")) {
			err_msg("lookup: kind is pf or vf, not '%s'", k);
			return -1;
		}
		o->kind = !strcmp(k, "vf");
	}
	return 0;
}

static void print_entry(const struct map_entry *e)
{
	int k;

	printf("%04x:%04x %s", e->vendor, e->device, key_kind_name(e->vf));
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
	size_t i, n, found = 0;

	if (parse_lookup_opts(argc, argv, &o))
		return EXIT_USAGE;
	if (map_read(o.map, &v, &n))
		return EXIT_BADINPUT;
	for (i = 0; i < n; i++) {
		if (v[i].vendor != o.vendor || v[i].device != o.device ||
		    (o.kind >= 0 && v[i].vf != o.kind))
			continue;
		print_entry(&v[i]);
		found++;
	}
	free(v);
	if (!found) {
		err_msg("%s: no key %04x:%04x%s%s", o.map, o.vendor, o.device,
			o.kind < 0 ? "" : " ", o.kind < 0 ? "" : key_kind_name(o.kind));
		return EXIT_NOKEY;
	}
	return fflush(stdout) ? EXIT_FAILURE : 0;
}
