// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_scan.c - "pasid-scan scan": read this host's functions, print a
 * line each, and optionally record them for replay.
 *
 * src/cli/: the commands, a cmd_*.c each, and main's table that
 * dispatches them.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis.h"
#include "atomic_file.h"
#include "cli.h"
#include "emit_record.h"
#include "err.h"
#include "filter.h"
#include "probe_host.h"
#include "source_live.h"
#include "store_ingest.h"
#include "sysfs_facts.h"

struct scan_opts {
	const char *sysfs;
	const char *record;
	const char *db;
	bool require_full;
	bool quiet;
	enum probe_level probe;
	bool force;
	bool dry_run;
	struct fn_filter filter;
};

static void scan_usage(FILE *out)
{
	fprintf(out,
		"Usage: pasid-scan scan [--sysfs DIR] [-s [[[[domain]:]bus]:][dev][.[fn]]]\n"
		"                       [-d [vendor]:[device][:class]] [--record FILE]\n"
		"                       [--db STORE] [--require-full] [-q]\n"
		"                       [--probe=none|read|write [--force] [--dry-run]]\n\n"
		"Reads every PCI function of this host through libpci's sysfs method\n"
		"(or of the tree at DIR, default /sys/bus/pci), with the sysfs facts\n"
		"the config bytes do not carry, and prints a line per function.\n"
		"--record FILE writes them as a dump that 'lspci -F FILE' decodes and\n"
		"'pasid-scan show FILE' replays; '-' is stdout.  --db STORE stores them\n"
		"and their analysis in the SQLite store FILE (created if missing).\n"
		"Without root the kernel gives 64 bytes per function: the scan says\n"
		"so and marks them partial; --require-full makes that an error\n"
		"(exit 3).\n\n"
		"--probe=read (the default) reads every function again, spaced out;\n"
		"bytes that change are volatile hidden registers.  --probe=write\n"
		"(root, --db needed for its journal) also writes every dword of the\n"
		"gaps between capabilities, reads it back and restores it, each\n"
		"original committed to the journal before its write.  It refuses\n"
		"bridges always, functions with a driver other than vfio-pci,\n"
		"pci-stub or pci-pf-stub bound to them or their PF unless --force,\n"
		"a locked-down kernel (exit 5), and a journal not yet restored\n"
		"(exit 5; see 'pasid-scan restore').  --dry-run prints each write it\n"
		"would make and makes none; nothing is recorded or stored.\n");
}

static int check_probe_opts(const struct scan_opts *o)
{
	if ((o->force || o->dry_run) && o->probe != PROBE_WRITE) {
		usage_err("scan", "--%s goes with --probe=write",
			o->force ? "force" : "dry-run");
		return -1;
	}
	if (o->probe == PROBE_WRITE && !o->dry_run && !o->db) {
		usage_err("scan", "--probe=write needs --db STORE: its journal is kept there");
		return -1;
	}
	return 0;
}

static int parse_scan_opts(int argc, char **argv, struct scan_opts *o)
{
	static const struct option longopts[] = {
		{ "sysfs", required_argument, NULL, 'S' },
		{ "record", required_argument, NULL, 'r' },
		{ "db", required_argument, NULL, 'D' },
		{ "require-full", no_argument, NULL, 'F' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "probe", required_argument, NULL, 'P' },
		{ "force", no_argument, NULL, 'f' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->probe = PROBE_READ;
	filter_init(&o->filter);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":s:d:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'S':
			o->sysfs = optarg;
			break;
		case 'r':
			o->record = optarg;
			break;
		case 'D':
			o->db = optarg;
			break;
		case 'F':
			o->require_full = true;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'P':
			if (probe_level_parse(optarg, &o->probe)) {
				usage_err("scan", "--probe=%s: expected none, read or write",
					optarg);
				return -1;
			}
			break;
		case 'f':
			o->force = true;
			break;
		case 'n':
			o->dry_run = true;
			break;
		case 's':
		case 'd':
			if (usage_filter("scan", &o->filter, c, optarg))
				return -1;
			break;
		case 'h':
			scan_usage(stdout);
			exit(0);
		default:
			return usage_opt("scan", c, argv);
		}
	}
	if (optind < argc) {
		usage_err("scan", "unexpected argument '%s' (a dump is read by 'pasid-scan show FILE')",
			argv[optind]);
		return -1;
	}
	return check_probe_opts(o);
}

/* A short read is said once, for all functions, and never passes for a
 * full scan. */
static int check_partial(const struct live_stats *st, bool require_full)
{
	if (st->partial && geteuid() != 0)
		err_msg("not root: the kernel gives only the first 64 bytes of config space; partial: %u of %u function%s (run as root for a full scan)",
			st->partial, st->read, plural(st->read));
	else if (st->partial)
		err_msg("read only in part, and marked partial: %u of %u function%s",
			st->partial, st->read, plural(st->read));
	if (st->partial && require_full) {
		err_msg("--require-full: %u partial function%s; nothing written",
			st->partial, plural(st->partial));
		return EXIT_PARTIAL;
	}
	return 0;
}

static void print_line(const struct fn_report *r)
{
	const struct cfg_snapshot *s = r->s;
	const struct cfg_facts *f = &s->facts;
	char bdf[PCI_ADDR_STRLEN], cfg[24], at[16] = "-", key[KEY_STRLEN];

	pci_addr_format(&s->id.addr, bdf);
	key_format(s->id.vendor, s->id.device, s->id.kind == FN_KIND_VF, key);
	if (cfg_partial(s))
		snprintf(cfg, sizeof(cfg), "%u/%u", s->valid_len,
			 (f->have & FACT_CFG_SIZE) ? f->cfg_size : 0);
	else
		snprintf(cfg, sizeof(cfg), "%u", s->valid_len);
	if (r->place[VCAP_PASID].offset >= 0)
		snprintf(at, sizeof(at), "%03x", r->place[VCAP_PASID].offset);
	printf("%-13s %-4s %-12s %-9s %-12s %-6s %s\n", bdf,
	       fn_kind_name(s->id.kind), key, cfg,
	       (f->have & FACT_DRIVER) && f->driver[0] ? f->driver : "-",
	       at, verdict_name(r->verdict.verdict));
}

static void print_table(const struct snapset *ss, const struct fn_filter *flt)
{
	struct fn_report *r = xcalloc(1, sizeof(*r));
	size_t i;

	printf("%-13s %-4s %-12s %-9s %-12s %-6s %s\n", "Function", "Kind",
	       "Key", "Config", "Driver", "vPASID", "Verdict");
	for (i = 0; i < ss->n; i++) {
		if (!filter_match(flt, &ss->v[i]->id))
			continue;
		analyze(ss->v[i], r);
		print_line(r);
	}
	free(r);
}

static int write_record(const char *path, const struct snapset *ss,
			const struct fn_filter *flt)
{
	struct atomic_file af;
	FILE *f = atomic_open(&af, path);
	size_t i;

	if (!f)
		return -1;
	if (ss->n_hosts)
		emit_record_host(f, ss->hosts[0]);
	for (i = 0; i < ss->n; i++)
		if (filter_match(flt, &ss->v[i]->id))
			emit_record(f, ss->v[i]);
	return atomic_commit(&af);
}

/* One batch: the whole scan is stored, or nothing of it. */
static int store_scan(struct store *st, const char *sysfs,
		      const struct snapset *ss, const struct fn_filter *flt)
{
	struct ingest_result res;

	if (store_ingest(st, ss, flt, "live", sysfs ? sysfs : SYSFS_PCI_DEFAULT,
			 &res))
		return -1;
	if (res.scans_known)
		err_msg("%s: this scan is stored already; nothing added",
			st->path);
	return 0;
}

/* Read (and read-probe), then write-probe what is selected. */
static int scan_and_probe(const struct scan_opts *o, struct store *st,
			  struct snapset *ss)
{
	struct live_opts lo = {
		.sysfs = o->sysfs, .filter = &o->filter, .progress = true,
		.read_probe = o->probe >= PROBE_READ,
	};
	struct probe_host_opts po = {
		.sysfs = o->sysfs, .filter = &o->filter, .force = o->force,
		.dry_run = o->dry_run,
	};
	struct live_stats lst;
	struct live_scan *ls;
	int ret;

	/* A refusal comes before the work. */
	if (o->probe == PROBE_WRITE) {
		ret = probe_host_check(&po, st);
		if (ret)
			return ret;
	}
	ls = live_scan_run(&lo, ss, &lst);
	if (!ls)
		return EXIT_BADINPUT;
	ret = check_partial(&lst, o->require_full);
	if (!ret && o->probe == PROBE_WRITE)
		ret = probe_host(ls, ss, &po, st);
	live_close(ls);
	return ret;
}

/* The live source for show: read, and read again (--probe=read). */
int scan_live(const char *sysfs, const struct fn_filter *filter,
	      bool require_full, struct snapset *ss)
{
	struct scan_opts o = {
		.sysfs = sysfs, .filter = *filter, .require_full = require_full,
		.probe = PROBE_READ,
	};

	return scan_and_probe(&o, NULL, ss);
}

static size_t selected(const struct snapset *ss, const struct fn_filter *flt)
{
	size_t i, n = 0;

	for (i = 0; i < ss->n; i++)
		n += filter_match(flt, &ss->v[i]->id);
	return n;
}

/* -s or -d took nothing: said as every command says it.  A host with
 * no function at all is only empty. */
static int nothing_selected(const struct scan_opts *o)
{
	char what[sizeof(o->filter.spec) + 8];

	if (!o->filter.spec[0])
		return 0;
	snprintf(what, sizeof(what), "matches %s", o->filter.spec);
	return no_function("scan", what, o->sysfs ? o->sysfs : "this host");
}

int cmd_scan(int argc, char **argv)
{
	struct store *st = NULL;
	struct scan_opts o;
	struct snapset ss;
	int ret;

	if (parse_scan_opts(argc, argv, &o))
		return EXIT_USAGE;
	/* A refusal comes before the work, the store's too; the journal
	 * must be there before the first write. */
	if (o.probe == PROBE_WRITE) {
		ret = probe_host_allowed(o.sysfs, o.dry_run);
		if (ret)
			return ret;
	}
	if (o.db && !o.dry_run) {
		st = store_open(o.db, STORE_WRITE);
		if (!st)
			return EXIT_FAILURE;
	}
	snapset_init(&ss);
	ret = scan_and_probe(&o, st, &ss);
	if (!ret && !selected(&ss, &o.filter))
		ret = nothing_selected(&o);
	if (o.dry_run)
		goto out;
	if (!ret && o.record && write_record(o.record, &ss, &o.filter))
		ret = EXIT_FAILURE;
	if (!ret && st && store_scan(st, o.sysfs, &ss, &o.filter))
		ret = EXIT_FAILURE;
	if (!ret && !o.quiet && !(o.record && !strcmp(o.record, "-")))
		print_table(&ss, &o.filter);
out:
	store_close(st);
	snapset_free(&ss);
	if (!ret && fflush(stdout))
		ret = EXIT_FAILURE;
	return ret;
}
