// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_map.c - "pasid-scan map": the SVG picture of one function (in a
 * dump, on this host, or stored) or of a device key's consensus.
 *
 * What TARGET is, in this order: an existing file is a dump; a
 * function address is a function; VENDOR:DEVICE[:fn|vf] is a key of the
 * store.  Everything is read and checked before the SVG is
 * written, and it is written whole or not at all.
 *
 * src/cli/: the commands, a cmd_*.c each, and main's table that
 * dispatches them.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "atomic_file.h"
#include "cli.h"
#include "consensus_load.h"
#include "emit_svg.h"
#include "err.h"
#include "key_picture.h"
#include "names.h"
#include "source_dump.h"
#include "store_load.h"

struct map_opts {
	const char *db;
	const char *sysfs;
	const char *out;
	const char *target;
	bool no_pf;
	struct fn_filter filter;
	char what[PCI_ADDR_STRLEN + 96];	/* the function asked for, for "no function ..." */
};

static void map_usage(FILE *out)
{
	fprintf(out,
		"Usage: pasid-scan map [--db STORE] [--sysfs DIR] [-s SLOT] [-d ID] [--no-pf]\n"
		"                      BDF|VENDOR:DEVICE[:fn|vf]|DUMP -o FILE.svg\n\n"
		"Draw a function's config space as an SVG of 64 x 64 cells, a byte\n"
		"each, coloured by owner: header, capabilities (named beside the grid),\n"
		"orphan capabilities, hidden registers by evidence, bytes not read,\n"
		"free bytes; the vPASID, vPRI and vATS placements outlined; a tooltip\n"
		"on every cell.  A VF is drawn with its PF beside it (--no-pf: alone).\n\n"
		"DUMP: a dump file (as show reads it); -s/-d pick the function\n"
		"when it holds more than one.  BDF: that function of this host (or of\n"
		"the sysfs tree DIR), or with --db the one the store holds.\n"
		"VENDOR:DEVICE: the consensus of that device key in STORE (default\n"
		"$%s or %s), with values from one stored observation.\n"
		"Exit status 4 when there is no such function or key.\n",
		STORE_ENV, STORE_DEFAULT_PATH);
}

static int parse_map_opts(int argc, char **argv, struct map_opts *o)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'D' },
		{ "sysfs", required_argument, NULL, 'S' },
		{ "output", required_argument, NULL, 'o' },
		{ "no-pf", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	filter_init(&o->filter);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:s:d:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'D': o->db = optarg; break;
		case 'S': o->sysfs = optarg; break;
		case 'o': o->out = optarg; break;
		case 'P': o->no_pf = true; break;
		case 's':
		case 'd':
			if (usage_filter("map", &o->filter, c, optarg))
				return -1;
			break;
		case 'h':
			map_usage(stdout);
			exit(0);
		default:
			return usage_opt("map", c, argv);
		}
	}
	if (argc - optind != 1)
		return usage_err("map", argc == optind ? "no BDF, device key or DUMP given" :
				 "one BDF, device key or DUMP, not %d", argc - optind);
	if (!o->out)
		return usage_err("map", "-o FILE.svg is needed (- for stdout)");
	o->target = argv[optind];
	return 0;
}

static int write_svg(const char *path, const struct cell_map *m,
		     const struct cell_map *pf)
{
	struct atomic_file af;
	FILE *f = atomic_open(&af, path);

	if (!f)
		return EXIT_FAILURE;
	emit_svg(f, m, pf, false);
	return atomic_commit(&af) ? EXIT_FAILURE : 0;
}

/* The one function the filter leaves in ss, drawn with its PF. */
static int map_function(const struct snapset *ss, const struct map_opts *o,
			const char *where)
{
	const struct cfg_snapshot *s = NULL, *pfs = NULL;
	struct fn_report *r = xcalloc(2, sizeof(*r));
	struct cell_map *m = xcalloc(2, sizeof(*m));
	size_t i, n = 0;
	int ret = EXIT_NOKEY;

	for (i = 0; i < ss->n; i++) {
		if (filter_match(&o->filter, &ss->v[i]->id)) {
			s = ss->v[i];
			n++;
		}
	}
	if (!n) {
		ret = no_function("map", o->what, where);
		goto out;
	}
	if (n > 1) {
		err_msg("map: %zu functions in %s%s%s; pick one with -s or -d", n,
			where, o->filter.spec[0] ? " match " : "", o->filter.spec);
		goto out;
	}
	if (!o->no_pf && s->id.has_physfn)
		pfs = snapset_at(ss, &s->id.physfn);
	analyze(s, &r[0]);
	cell_map_from_report(&r[0], &m[0]);
	if (pfs) {
		analyze(pfs, &r[1]);
		cell_map_from_report(&r[1], &m[1]);
	}
	ret = write_svg(o->out, &m[0], pfs ? &m[1] : NULL);
out:
	free(m);
	free(r);
	return ret;
}

/* The newest stored scan that holds a function the filter takes. */
struct newest {
	const struct fn_filter *filter;
	struct snapset keep;
};

static int keep_newest(struct store *st, const struct stored_scan *sc, void *arg)
{
	struct newest *nw = arg;
	struct snapset ss;
	size_t i;

	snapset_init(&ss);
	if (store_load_scan(st, sc->id, &ss)) {
		snapset_free(&ss);
		return -1;
	}
	for (i = 0; i < ss.n && !filter_match(nw->filter, &ss.v[i]->id); i++)
		;
	if (i < ss.n) {
		snapset_free(&nw->keep);
		nw->keep = ss;
	} else {
		snapset_free(&ss);
	}
	return 0;
}

static int map_stored_function(const struct map_opts *o, const char *db)
{
	struct newest nw = { .filter = &o->filter };
	int ret;

	snapset_init(&nw.keep);
	ret = store_each_scan(db, keep_newest, &nw) ? EXIT_BADINPUT :
	      map_function(&nw.keep, o, db);
	snapset_free(&nw.keep);
	return ret;
}

static int map_dump(const struct map_opts *o)
{
	struct snapset ss;
	int ret;

	snapset_init(&ss);
	ret = dump_read_path(o->target, &ss) || snapset_finish(&ss) ?
	      EXIT_BADINPUT : map_function(&ss, o, o->target);
	snapset_free(&ss);
	return ret;
}

/* The whole tree, not only the function: a VF is drawn with its PF. */
static int map_live(const struct map_opts *o)
{
	struct fn_filter all;
	struct snapset ss;
	int ret;

	filter_init(&all);
	snapset_init(&ss);
	ret = scan_live(o->sysfs, &all, false, &ss);
	if (!ret)
		ret = map_function(&ss, o, o->sysfs ? o->sysfs : "this host");
	snapset_free(&ss);
	return ret;
}

static const struct dev_key *find_key(const struct key_set *keys, uint16_t vendor,
				      uint16_t device, int kind, const char *db)
{
	const struct dev_key *pf = key_set_find(keys, vendor, device, false);
	const struct dev_key *vf = key_set_find(keys, vendor, device, true);

	if (kind < 0 && pf && vf) {
		err_msg("%s: %04x:%04x is an fn key and a vf key; add :fn or :vf",
			db, vendor, device);
		return NULL;
	}
	if (kind == 0 || (kind < 0 && pf)) {
		vf = NULL;
	} else {
		pf = NULL;
	}
	if (!pf && !vf)
		err_msg("map: no observation of %04x:%04x%s%s in %s", vendor, device,
			kind < 0 ? "" : ":", kind < 0 ? "" : key_kind_name(kind), db);
	return pf ? pf : vf;
}

static int map_key(const struct map_opts *o, uint16_t vendor, uint16_t device,
		   int kind)
{
	const char *db = o->db ? o->db : store_default_path();
	struct cell_map *m = xcalloc(2, sizeof(*m));
	struct key_samples smp = { 0 };
	const struct dev_key *k;
	struct store *st = NULL;
	struct key_set keys;
	int ret = EXIT_BADINPUT, has_pf = 0;

	key_set_init(&keys);
	st = store_open(db, STORE_READ);
	if (!st || consensus_load_in(st, &keys))
		goto out;
	k = find_key(&keys, vendor, device, kind, db);
	if (!k) {
		ret = EXIT_NOKEY;
		goto out;
	}
	if (key_samples_load(st, &smp))
		goto out;
	has_pf = key_picture(st, &keys, &smp, k, &m[0], o->no_pf ? NULL : &m[1]);
	if (has_pf >= 0)
		ret = write_svg(o->out, &m[0], has_pf ? &m[1] : NULL);
out:
	if (st)
		store_close(st);
	key_samples_free(&smp);
	key_set_free(&keys);
	free(m);
	return ret;
}

int cmd_map(int argc, char **argv)
{
	struct map_opts o;
	struct pci_addr a;
	struct stat sb;
	uint16_t vendor, device;
	int kind, ret;

	if (parse_map_opts(argc, argv, &o))
		return EXIT_USAGE;
	if (!stat(o.target, &sb)) {
		snprintf(o.what, sizeof(o.what), "matches %s", o.filter.spec);
		ret = map_dump(&o);
	} else if (pci_addr_parse(o.target, &a) == strlen(o.target)) {
		pci_addr_format(&a, o.what);
		if (filter_parse_slot(&o.filter, o.target)) {
			usage_err("map", "'%s': a domain past %x, which no -s selects",
				o.target, FILTER_DOMAIN_MAX);
			return EXIT_USAGE;
		}
		ret = o.db ? map_stored_function(&o, o.db) : map_live(&o);
	} else if (!key_parse(o.target, &vendor, &device, &kind)) {
		ret = map_key(&o, vendor, device, kind);
	} else {
		usage_err("map", "'%s' is no file, function address ([domain:]bus:dev.fn) "
			"or device key (VENDOR:DEVICE[:fn|vf])", o.target);
		ret = EXIT_USAGE;
	}
	names_cleanup();
	return ret;
}
