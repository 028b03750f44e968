// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_gen.c - "pasid-scan gen": the consensus of a store as a kernel
 * header, a QEMU table and a YAML offset map.
 *
 * Every file is written beside its target and renamed over it only
 * when all of them were written whole, so a failure leaves the old
 * files as they were.
 *
 * src/cli/: the commands, a cmd_*.c each, and main's table that
 * dispatches them.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic_file.h"
#include "cli.h"
#include "consensus_load.h"
#include "emit_gen.h"
#include "err.h"
#include "names.h"
#include "store.h"

enum gen_out { OUT_KERNEL, OUT_QEMU, OUT_YAML, OUT_N };

struct gen_opts {
	const char *db;
	const char *out[OUT_N];
	bool all;
};

static void gen_usage(FILE *out)
{
	fprintf(out,
		"Usage: pasid-scan gen [--db STORE] [--kernel FILE.h] [--qemu FILE.h]\n"
		"                      [--yaml FILE] [--all]\n\n"
		"Fold every observation in STORE into one view per device key\n"
		"(VENDOR:DEVICE:fn|vf), judge each key as QEMU 11 and vfio-pci would\n"
		"treat it, place virtual PASID, PRI and ATS capabilities where QEMU\n"
		"takes them and no observation shows a byte in use, and write:\n"
		"  --kernel FILE.h  pci_device_id tables with the vPASID offset in\n"
		"                   .driver_data, and the free ranges of each key\n"
		"  --qemu FILE.h    the same offsets as a hw/vfio/pci-quirks.c style table\n"
		"  --yaml FILE      the offset map: every key with its verdict (read it\n"
		"                   with 'lookup')\n"
		"  --all            also list in the C tables the keys where QEMU's\n"
		"                   default (0x%x) is safe\n"
		"The C tables list the keys QEMU extends whose default is not safe:\n"
		"another offset, or 0 for none.  A key seen only in partial reads is\n"
		"not known and in no C table; gen says how many.  FILE may be - for\n"
		"stdout.  STORE defaults to $PASID_SCAN_DB or %s.\n",
		QEMU_VPASID_DEFAULT, "pasid-scan.db");
}

static int parse_gen_opts(int argc, char **argv, struct gen_opts *o)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'D' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "qemu", required_argument, NULL, 'q' },
		{ "yaml", required_argument, NULL, 'y' },
		{ "all", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, stdout_users = 0, i;

	memset(o, 0, sizeof(*o));
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'D': o->db = optarg; break;
		case 'k': o->out[OUT_KERNEL] = optarg; break;
		case 'q': o->out[OUT_QEMU] = optarg; break;
		case 'y': o->out[OUT_YAML] = optarg; break;
		case 'a': o->all = true; break;
		case 'h':
			gen_usage(stdout);
			exit(0);
		default:
			return usage_opt("gen", c, argv);
		}
	}
	if (optind < argc) {
		usage_err("gen", "unexpected argument '%s'", argv[optind]);
		return -1;
	}
	for (i = 0; i < OUT_N; i++)
		stdout_users += o->out[i] && !strcmp(o->out[i], "-");
	if (!o->out[OUT_KERNEL] && !o->out[OUT_QEMU] && !o->out[OUT_YAML]) {
		usage_err("gen", "give --kernel, --qemu or --yaml (or several)");
		return -1;
	}
	if (stdout_users > 1) {
		usage_err("gen", "only one output can be - (stdout)");
		return -1;
	}
	if (!o->db)
		o->db = store_default_path();
	return 0;
}

static int write_one(enum gen_out which, FILE *f, const struct key_set *ks,
		     bool all)
{
	switch (which) {
	case OUT_KERNEL:
		emit_kernel(f, ks, all);
		return 0;
	case OUT_QEMU:
		emit_qemu(f, ks, all);
		return 0;
	default:
		return emit_yaml(f, ks);
	}
}

static int write_all(const struct gen_opts *o, const struct key_set *ks)
{
	struct atomic_file af[OUT_N];
	int i, ret = 0;

	memset(af, 0, sizeof(af));
	for (i = 0; i < OUT_N && !ret; i++) {
		if (!o->out[i])
			continue;
		if (!atomic_open(&af[i], o->out[i])) {
			ret = -1;
			break;
		}
		errno = 0;
		if (write_one(i, af[i].f, ks, o->all)) {
			err_at(o->out[i], 0, "cannot write: %s",
			       errno ? strerror(errno) : "YAML emitter failed");
			ret = -1;
		} else if (atomic_sync(&af[i])) {
			ret = -1;
		}
	}
	/* Renamed into place only when every one was written whole. */
	for (i = 0; i < OUT_N; i++) {
		if (!af[i].f)
			continue;
		if (ret)
			atomic_abort(&af[i]);
		else if (atomic_commit(&af[i]))
			ret = -1;
	}
	return ret;
}

/* Whole reads of one key that show different chains are usually two
 * firmware versions; the tables avoid what either uses, and say so. */
static void note_disagreements(const struct key_set *ks)
{
	char key[KEY_STRLEN];
	size_t i;
	int ext;

	for (i = 0; i < ks->n; i++) {
		const struct dev_key *k = ks->v[i];

		for (ext = 0; ext < 2; ext++) {
			if (key_chain_variants(k, ext) < 2)
				continue;
			key_format(k->vendor, k->device, k->vf, key);
			fprintf(stderr, "%s: gen: note: %s: %zu different %s "
				"capability chains among its whole reads; placed "
				"clear of all of them\n", prog_name, key,
				key_chain_variants(k, ext),
				ext ? "extended" : "standard");
		}
	}
}

/* Keys no whole read decides: neither in a C table nor safe at the
 * default, and the user can fix that. */
static void note_not_known(const struct key_set *ks)
{
	unsigned int n[VERDICT_N];

	key_set_verdicts(ks, n);
	if (n[VERDICT_NOT_KNOWN])
		fprintf(stderr, "%s: gen: %u key%s seen only in partial reads "
			"%s not known: scan %s as root (the offset map lists "
			"%s)\n", prog_name, n[VERDICT_NOT_KNOWN],
			plural(n[VERDICT_NOT_KNOWN]),
			n[VERDICT_NOT_KNOWN] == 1 ? "is" : "are",
			n[VERDICT_NOT_KNOWN] == 1 ? "it" : "them",
			n[VERDICT_NOT_KNOWN] == 1 ? "it" : "them");
}

int cmd_gen(int argc, char **argv)
{
	struct gen_opts o;
	struct key_set ks;
	int ret;

	if (parse_gen_opts(argc, argv, &o))
		return EXIT_USAGE;
	key_set_init(&ks);
	ret = consensus_load(o.db, &ks) ? EXIT_BADINPUT : 0;
	if (!ret && !ks.n_scans) {
		err_msg("gen: %s holds no scan; store some with 'pasid-scan "
			"replay' or 'pasid-scan scan --db' first", o.db);
		ret = EXIT_BADINPUT;
	}
	if (!ret) {
		note_disagreements(&ks);
		note_not_known(&ks);
	}
	if (!ret && write_all(&o, &ks))
		ret = EXIT_FAILURE;
	key_set_free(&ks);
	names_cleanup();
	return ret;
}
