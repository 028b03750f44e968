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
#include "dump_index.h"
#include "cli.h"
#include "emit_record.h"
#include "err.h"
#include "filter.h"
#include "probe_host.h"
#include "source_live.h"
#include "spill.h"
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

/* The live source for show and map: read, read again, keep it all. */
int scan_live(const char *sysfs, const struct fn_filter *filter,
	      bool require_full, struct snapset *ss)
{
	struct live_opts lo = {
		.sysfs = sysfs, .filter = filter, .progress = true,
		.read_probe = true,
	};
	struct live_stats lst;

	if (live_scan_all(&lo, ss, &lst))
		return EXIT_BADINPUT;
	return check_partial(&lst, require_full);
}

/*
 * A scan streams: every function is read (and read-probed) a batch at a
 * time into the spill, with the metadata sysfs gave it; the spill is
 * indexed and settled as a replay settles a recording; write probing, if
 * asked, goes through it once more into a second spill; then each
 * settled function goes to the recording, the store and the table.  No
 * stage holds more than a batch of snapshots, and the store gets what
 * the replay of the recording would give it.
 */
struct scan_run {
	const struct scan_opts *o;
	const char *dir;	/* the sysfs tree scanned */
	struct live_scan *ls;
	struct snapset hosts;	/* the host read, the spill's host line */
	struct spill sp;
	struct dump_index ix;
	bool indexed;
};

static int spill_fn(void *ctx, const struct cfg_snapshot *s,
		    const struct snap_meta *m)
{
	emit_record_raw(ctx, s, m);
	return 0;
}

/* Read everything into a spill and index it; an exit status. */
static int read_all(struct scan_run *sr)
{
	const struct scan_opts *o = sr->o;
	struct live_opts lo = {
		.sysfs = o->sysfs, .filter = &o->filter, .progress = true,
		.read_probe = o->probe >= PROBE_READ,
	};
	struct live_stats lst;

	sr->ls = live_open(&lo, &sr->hosts);
	if (!sr->ls)
		return EXIT_BADINPUT;
	if (spill_open(&sr->sp))
		return EXIT_FAILURE;
	emit_record_host(sr->sp.f, sr->hosts.hosts[0]);
	live_stream(sr->ls, &lo, spill_fn, sr->sp.f, &lst);
	if (spill_flush(&sr->sp))
		return EXIT_FAILURE;
	return check_partial(&lst, o->require_full);
}

/* The spill indexed and settled, as replay does a recording. */
static int index_spill(struct scan_run *sr)
{
	/* what the chip gave is stored as given, broken chains too */
	if (dump_index_read(sr->sp.path, sr->dir, true, &sr->ix))
		return EXIT_FAILURE;
	sr->ix.private = true;
	sr->indexed = true;
	return 0;
}

struct probe_pass {
	struct probe_run *pr;
	FILE *out;
	int status;
};

static int probe_fn(void *ctx, struct cfg_snapshot *s, size_t seq)
{
	struct probe_pass *pp = ctx;

	(void)seq;
	pp->status = probe_run_fn(pp->pr, s);
	if (pp->status)
		return -1;
	emit_record(pp->out, s);
	return 0;
}

/* Write-probe what is selected, settled, into a second spill, which then
 * stands for the first; an exit status. */
static int probe_all(struct scan_run *sr, struct store *st)
{
	const struct scan_opts *o = sr->o;
	struct probe_host_opts po = {
		.sysfs = o->sysfs, .filter = &o->filter, .force = o->force,
		.dry_run = o->dry_run,
	};
	struct probe_pass pp = { 0 };
	struct spill out;
	int ret;

	ret = probe_run_begin(sr->ls, &po, st, &pp.pr);
	if (ret)
		return ret;
	if (spill_open(&out))
		return probe_run_end(pp.pr, EXIT_FAILURE);
	pp.out = out.f;
	emit_record_host(out.f, sr->hosts.hosts[0]);
	ret = dump_index_each(&sr->ix, probe_fn, &pp);
	ret = probe_run_end(pp.pr, ret ? (pp.status ? pp.status : EXIT_FAILURE) : 0);
	if (!ret && spill_flush(&out))
		ret = EXIT_FAILURE;
	dump_index_free(&sr->ix);
	sr->indexed = false;
	spill_close(&sr->sp);
	sr->sp = out;
	if (!ret && !o->dry_run)
		ret = index_spill(sr);
	return ret;
}

/* -s or -d took nothing: said as every command says it.  A host with
 * no function at all is only empty. */
static int nothing_selected(const struct scan_run *sr)
{
	const struct scan_opts *o = sr->o;
	char what[sizeof(o->filter.spec) + 8];
	size_t i;

	for (i = 0; i < sr->ix.n; i++)
		if (filter_match(&o->filter, &sr->ix.heads[i].id))
			return 0;
	if (!o->filter.spec[0])
		return 0;
	snprintf(what, sizeof(what), "matches %s", o->filter.spec);
	return no_function("scan", what, o->sysfs ? o->sysfs : "this host");
}

struct out_pass {
	const struct scan_run *sr;
	FILE *rec;
	struct dump_store *ds;
	struct fn_report *r;	/* NULL: no table */
};

static int out_fn(void *ctx, struct cfg_snapshot *s, size_t seq)
{
	struct out_pass *op = ctx;

	if (!filter_match(&op->sr->o->filter, &s->id))
		return 0;
	/* where it was read, as a function read whole keeps it */
	sysfs_fn_path(s->origin.path, sizeof(s->origin.path), op->sr->dir,
		      &s->id.addr, "config");
	s->origin.line = 0;
	if (op->rec)
		emit_record(op->rec, s);
	if (op->ds && dump_store_fn(op->ds, s, seq))
		return -1;
	if (op->r) {
		analyze(s, op->r);
		print_line(op->r);
	}
	return 0;
}

static void print_head(void)
{
	printf("%-13s %-4s %-12s %-9s %-12s %-6s %s\n", "Function", "Kind",
	       "Key", "Config", "Driver", "vPASID", "Verdict");
}

/* Each settled function to the recording, the store and the table; the
 * recording and the store are whole or not there. */
static int write_all(struct scan_run *sr, struct store *st)
{
	const struct scan_opts *o = sr->o;
	struct out_pass op = { .sr = sr };
	struct ingest_result res;
	struct atomic_file af;
	int ret;

	if (o->record) {
		op.rec = atomic_open(&af, o->record);
		if (!op.rec)
			return EXIT_FAILURE;
		emit_record_host(op.rec, sr->hosts.hosts[0]);
	}
	if (st) {
		op.ds = dump_store_begin(&sr->ix, st, "live", &o->filter, &res);
		if (!op.ds) {
			if (op.rec)
				atomic_abort(&af);
			return EXIT_FAILURE;
		}
	}
	if (!o->quiet && !(o->record && !strcmp(o->record, "-"))) {
		op.r = xcalloc(1, sizeof(*op.r));
		print_head();
	}
	ret = dump_index_each(&sr->ix, out_fn, &op) ? EXIT_FAILURE : 0;
	free(op.r);
	if (op.rec && (ret || atomic_sync(&af)))
		ret = EXIT_FAILURE;
	if (op.ds && dump_store_end(op.ds, ret))
		ret = EXIT_FAILURE;
	if (op.rec && ret)
		atomic_abort(&af);
	else if (op.rec && atomic_commit(&af))
		ret = EXIT_FAILURE;
	if (!ret && op.ds && res.scans_known)
		err_msg("%s: this scan is stored already; nothing added",
			st->path);
	return ret;
}

static int scan_stream(const struct scan_opts *o, struct store *st)
{
	struct scan_run sr = {
		.o = o, .dir = o->sysfs ? o->sysfs : SYSFS_PCI_DEFAULT,
	};
	int ret;

	snapset_init(&sr.hosts);
	ret = read_all(&sr);
	/* libpci's list of the bus is not needed past here, but to probe */
	if (o->probe != PROBE_WRITE) {
		live_close(sr.ls);
		sr.ls = NULL;
	}
	if (!ret)
		ret = index_spill(&sr);
	if (!ret)
		ret = nothing_selected(&sr);
	if (!ret && o->probe == PROBE_WRITE)
		ret = probe_all(&sr, st);
	live_close(sr.ls);
	if (!ret && !o->dry_run)
		ret = write_all(&sr, st);
	if (sr.indexed)
		dump_index_free(&sr.ix);
	spill_close(&sr.sp);
	snapset_free(&sr.hosts);
	return ret;
}

int cmd_scan(int argc, char **argv)
{
	struct store *st = NULL;
	struct scan_opts o;
	int ret;

	if (parse_scan_opts(argc, argv, &o))
		return EXIT_USAGE;
	/* A refusal comes before the work: the host's before the store is
	 * opened, an unrestored journal's before the first read. */
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
	ret = o.probe == PROBE_WRITE && st ? probe_journal_clear(st) : 0;
	if (!ret)
		ret = scan_stream(&o, st);
	store_close(st);
	if (!ret && fflush(stdout))
		ret = EXIT_FAILURE;
	return ret;
}
