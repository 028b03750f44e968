// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_restore.c - "pasid-scan restore": put back what a write probe that
 * crashed, was killed or lost power left in the journal.
 *
 * src/cli/: the commands, a cmd_*.c each, and main's table that
 * dispatches them.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "err.h"
#include "probe_journal.h"
#include "source_live.h"

struct restore_opts {
	const char *db;
	bool discard;
};

static void restore_usage(FILE *out)
{
	fprintf(out,
		"Usage: pasid-scan restore [--db STORE] [--discard]\n\n"
		"Writes back every dword the write-probe journal in the store FILE\n"
		"holds for a probe that did not finish (killed, crashed, power lost):\n"
		"the dword in flight, then any other gap dword that differs from what\n"
		"the function read before the probe.  Each is read back and verified;\n"
		"a function whose every dword verifies leaves the journal.  A function\n"
		"whose identity (IDs, revision, class) is no longer what was journalled\n"
		"is not written.  --discard empties the journal without writing.\n"
		"Exit status: 0 all restored, 1 something could not be, 5 not root.\n");
}

static int parse_restore_opts(int argc, char **argv, struct restore_opts *o)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'D' },
		{ "discard", no_argument, NULL, 'x' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'D':
			o->db = optarg;
			break;
		case 'x':
			o->discard = true;
			break;
		case 'h':
			restore_usage(stdout);
			exit(0);
		default:
			return usage_opt("restore", c, argv);
		}
	}
	if (optind < argc) {
		usage_err("restore", "unexpected argument '%s'", argv[optind]);
		return -1;
	}
	if (!o->db)
		o->db = store_default_path();
	return 0;
}

/* The header's IDs, revision and class: the same function, or not. */
#define IDENT_BYTES	(PCI_CLASS_PROG + 3)

static int same_function(struct probe_io *io, const struct journal_fn *f)
{
	uint8_t now[IDENT_BYTES];

	if (io->read(io, 0, now, sizeof(now))) {
		err_msg("%s: %s; not restored, left in the journal", f->bdf,
			io->why);
		return -1;
	}
	if (memcmp(now, f->bytes, sizeof(now))) {
		err_msg("%s: its IDs or class are not what was journalled (%02x%02x:%02x%02x now, %02x%02x:%02x%02x then); not written, left in the journal",
			f->bdf, now[1], now[0], now[3], now[2], f->bytes[1],
			f->bytes[0], f->bytes[3], f->bytes[2]);
		return -1;
	}
	return 0;
}

/* Reach the function through the tree it was probed through. */
static int restore_fn(struct store *st, const struct journal_fn *f)
{
	struct live_opts lo = { .sysfs = f->sysfs };
	struct fn_filter flt;
	struct live_scan *ls;
	struct probe_io io;
	struct snapset ss;
	struct pci_addr a;
	unsigned int written = 0;
	int ret = -1;

	filter_init(&flt);
	if (!pci_addr_parse(f->bdf, &a) || filter_parse_opt(&flt, 's', f->bdf)) {
		err_msg("%s: journalled address '%s' is not one", st->path,
			f->bdf);
		return -1;
	}
	lo.filter = &flt;
	snapset_init(&ss);
	ls = live_open(&lo, &ss);
	if (ls && live_io(ls, &a, &io))
		err_msg("%s: not in %s any more; left in the journal", f->bdf,
			f->sysfs);
	else if (ls && !same_function(&io, f) &&
		 !probe_restore(&io, &f->b, &written))
		ret = journal_forget(st, f->id);
	live_close(ls);
	snapset_free(&ss);
	if (!ret)
		printf("%s: restored: %u write%s, every journalled dword verified\n",
		       f->bdf, written, written == 1 ? "" : "s");
	return ret;
}

static int discard_fn(struct store *st, const struct journal_fn *f)
{
	if (journal_forget(st, f->id))
		return -1;
	printf("%s: discarded from the journal (probe started %s, %u dword%s in flight); nothing written\n",
	       f->bdf, f->started, f->b.n_armed, f->b.n_armed == 1 ? "" : "s");
	return 0;
}

int cmd_restore(int argc, char **argv)
{
	struct restore_opts o;
	struct journal_fn *v;
	struct store *st;
	size_t n, i;
	int ret = 0;

	if (parse_restore_opts(argc, argv, &o))
		return EXIT_USAGE;
	if (!o.discard && geteuid() != 0) {
		err_msg("restore refused: not root: only root may write config space");
		return EXIT_REFUSED;
	}
	st = store_open(o.db, STORE_READ);
	if (!st)
		return EXIT_FAILURE;
	if (journal_load(st, &v, &n)) {
		store_close(st);
		return EXIT_FAILURE;
	}
	if (!n)
		printf("%s: the write-probe journal is empty; nothing to restore\n",
		       o.db);
	for (i = 0; i < n; i++)
		if (o.discard ? discard_fn(st, &v[i]) : restore_fn(st, &v[i]))
			ret = EXIT_FAILURE;
	free(v);
	store_close(st);
	if (!ret && fflush(stdout))
		ret = EXIT_FAILURE;
	return ret;
}
