// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * main.c - dispatch "pasid-scan COMMAND ..." through one table.
 *
 * src/cli/: the commands, a cmd_*.c each, and main's table that
 * dispatches them.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "err.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "scan", cmd_scan, "read every PCI function of this host; --record writes a replayable dump" },
	{ "show", cmd_show, "analyse functions (dumps, this host or the store): caps, gaps, free windows, vPASID" },
	{ "replay", cmd_replay, "store recorded dumps and their analysis in the SQLite store" },
	{ "merge", cmd_merge, "fold stores collected on other hosts into one" },
	{ "db", cmd_db, "what the store holds: stats, list of device keys, check" },
	{ "gen", cmd_gen, "write the quirk tables: kernel header, QEMU table, YAML offset map" },
	{ "lookup", cmd_lookup, "the offsets an offset map gives a device" },
	{ "qemu-args", cmd_qemu_args, "the QEMU and libvirt options for one function of this host" },
	{ "map", cmd_map, "draw a function's or a device key's config space as an SVG" },
	{ "report", cmd_report, "an HTML report of every device key in the store, with its map" },
	{ "restore", cmd_restore, "write back what an interrupted write probe left in the journal" },
};

static void usage(FILE *out)
{
	size_t i;

	fprintf(out,
		"Usage: pasid-scan COMMAND [OPTIONS] [ARGS]\n"
		"       pasid-scan --help | --version\n\n"
		"Finds where a virtual PASID capability can safely go in a PCI\n"
		"function's extended config space.\n\nCommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\n'pasid-scan COMMAND --help' describes a command; "
		     "pasid-scan(8) has the details.\n"
		     "Exit status: 0 success, 1 error, 2 usage error, 3 partial scan refused,\n"
		     "4 nothing there or no offset to give (no function matches, no such key,\n"
		     "none safe, QEMU adds none), 5 write probing refused, 6 not known (the\n"
		     "key was seen only in partial reads).\n");
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		err_msg("no command given; see '%s --help'", prog_name);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("pasid-scan %s\n", PASID_SCAN_VERSION);
		return 0;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	err_msg("unknown command '%s'; see 'pasid-scan --help'", argv[1]);
	return EXIT_USAGE;
}
