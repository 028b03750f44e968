// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * probe_host.c - write probing over a live scan's functions.
 *
 * Functions are probed one after another, each journalled on its own,
 * so a crash leaves at most the one in flight to restore.  A function is
 * probed only when read whole: a partial read has no gaps it could
 * prove, and its layout would be a guess.
 *
 * src/source/: where snapshots come from: dumps and recordings, the
 * live scan and its probing, sysfs facts, the record writer.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "layout.h"
#include "probe_host.h"
#include "probe_journal.h"
#include "probe_policy.h"
#include "sysfs_facts.h"

int probe_journal_clear(struct store *st)
{
	long long n = journal_pending(st);

	if (n < 0)
		return EXIT_FAILURE;
	if (!n)
		return 0;
	err_msg("%s: the write-probe journal holds %lld function%s not yet restored; run 'pasid-scan restore --db %s' first",
		st->path, n, n == 1 ? "" : "s", st->path);
	return EXIT_REFUSED;
}

/* 0 if s may be probed; otherwise why not is said. */
static int selectable(const struct probe_host_opts *o,
		      const struct cfg_snapshot *s, const char *bdf)
{
	char why[REASON_MAX];

	if (cfg_partial(s)) {
		err_msg("%s: not write-probed: read only in part (%u bytes)",
			bdf, s->valid_len);
		return -1;
	}
	if (probe_refuse_fn(o->sysfs, s, o->force, why, sizeof(why))) {
		err_msg("%s: not write-probed: %s", bdf, why);
		return -1;
	}
	return 0;
}

static void say_probed(const char *bdf, const struct probe_stats *ps)
{
	err_msg("%s: write-probed %u gap dwords: %u writable, %u moved another (%u put back); all restored and verified",
		bdf, ps->planned, ps->writable, ps->side, ps->settled);
}

static int probe_one(struct live_scan *ls, struct cfg_snapshot *s,
		     const struct probe_host_opts *o, struct probe_journal *j,
		     struct layout *l)
{
	struct probe_stats ps;
	struct probe_io io;
	char bdf[PCI_ADDR_STRLEN];
	int r;

	pci_addr_format(&s->id.addr, bdf);
	if (selectable(o, s, bdf))
		return 0;
	if (live_io(ls, &s->id.addr, &io)) {
		err_msg("%s: not write-probed: gone from the bus", bdf);
		return 0;
	}
	layout_build(s, l);
	if (o->dry_run) {
		probe_dry_run(stdout, s, l);
		return 0;
	}
	r = probe_write(&io, s, l, j, &ps);
	if (r < 0)
		return EXIT_FAILURE;
	if (r > 0) {
		err_msg("%s: stopped by signal %d between two writes; every dword written is restored, the journal is empty",
			bdf, probe_stop_signal());
		return 128 + probe_stop_signal();
	}
	say_probed(bdf, &ps);
	return 0;
}

/* The journal names the tree by its absolute path: restore may run from
 * another directory. */
static struct probe_journal *open_journal(struct store *st, const char *sysfs)
{
	char abs[PATH_MAX];
	const char *dir = sysfs ? sysfs : SYSFS_PCI_DEFAULT;

	return journal_open(st, realpath(dir, abs) ? abs : dir);
}

int probe_host_allowed(const char *sysfs, bool dry_run)
{
	char why[REASON_MAX];

	if (probe_refuse_host(sysfs, dry_run, why, sizeof(why))) {
		err_msg("write probing refused: %s", why);
		return EXIT_REFUSED;
	}
	return 0;
}

struct probe_run {
	struct live_scan *ls;
	const struct probe_host_opts *o;
	struct probe_journal *j;
	struct layout l;
};

int probe_run_begin(struct live_scan *ls, const struct probe_host_opts *o,
		    struct store *st, struct probe_run **pr)
{
	*pr = xcalloc(1, sizeof(**pr));
	(*pr)->ls = ls;
	(*pr)->o = o;
	if (o->dry_run)
		return 0;
	(*pr)->j = open_journal(st, o->sysfs);
	if (!(*pr)->j) {
		free(*pr);
		*pr = NULL;
		return EXIT_FAILURE;
	}
	probe_signals_install();
	return 0;
}

int probe_run_fn(struct probe_run *pr, struct cfg_snapshot *s)
{
	int ret;

	if (!filter_match(pr->o->filter, &s->id))
		return 0;
	ret = probe_one(pr->ls, s, pr->o, pr->j, &pr->l);
	live_io_done(pr->ls, &s->id.addr);
	return ret;
}

int probe_run_end(struct probe_run *pr, int ret)
{
	if (!pr)
		return ret;
	journal_close(pr->j);
	free(pr);
	/* A signal after the last pair is honoured too: nothing is stored. */
	if (!ret && probe_stop_signal()) {
		err_msg("stopped by signal %d after the last write; everything is restored, nothing stored",
			probe_stop_signal());
		ret = 128 + probe_stop_signal();
	}
	return ret;
}
