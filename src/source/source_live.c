// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * source_live.c - read this host's config spaces through libpci.
 *
 * libpci's sysfs method lists the functions and reads config space; the
 * rest (real VF IDs, PF links, SR-IOV attributes) comes from sysfs_facts.
 * Every function becomes a snapshot plus one metadata record, exactly
 * what a recording of it reads back as, so live and replay meet before
 * any analysis.
 *
 * libpci reports fatal trouble through a callback that must not return;
 * ours jumps back to the call that was running, which then fails
 * cleanly instead of exiting from inside the library.
 *
 * src/source/: where snapshots come from: dumps and recordings, the
 * live scan and its probing, sysfs facts, the record writer.
 */
#include <dirent.h>
#include <errno.h>
#include <pci/pci.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "source_live.h"
#include "sysfs_facts.h"

struct live_fn {
	struct pci_dev *dev;
	struct pci_addr addr;
};

/*
 * A PF's virtfnN links, links.v[first, first + n).  A VF is read after
 * its PF, in address order: its Routing ID is the PF's plus First VF
 * Offset and a multiple of VF Stride (PCIe r6.0 sec 9.3.3.9, 9.3.3.10),
 * so its number is there when it is read.
 */
struct pf_links {
	struct pci_addr pf;
	size_t first, n;
};

struct live_scan {
	struct pci_access *pacc;
	const char *dir;
	struct live_fn *fn;
	size_t n;
	struct vf_links links;
	struct pf_links *pfs;	/* by address: PFs are read in order */
	size_t n_pfs;
	const struct scan_host *host;
};

static jmp_buf libpci_jmp;
static bool libpci_armed;	/* libpci_jmp belongs to a live frame */
static char libpci_msg[256];

static void __attribute__((noreturn)) libpci_error(char *msg, ...)
{
	va_list ap;

	va_start(ap, msg);
	vsnprintf(libpci_msg, sizeof(libpci_msg), msg, ap);
	va_end(ap);
	if (!libpci_armed) {
		err_msg("libpci: %s", libpci_msg);
		exit(EXIT_BADINPUT);
	}
	libpci_armed = false;
	longjmp(libpci_jmp, 1);
}

/* libpci warns, e.g., when a config file vanished; we say it ourselves. */
static void libpci_warning(char *msg, ...)
{
	va_list ap;

	va_start(ap, msg);
	vsnprintf(libpci_msg, sizeof(libpci_msg), msg, ap);
	va_end(ap);
}

static void libpci_debug(char *msg, ...)
{
	(void)msg;
}

static int cmp_fn(const void *a, const void *b)
{
	return pci_addr_cmp(&((const struct live_fn *)a)->addr,
			    &((const struct live_fn *)b)->addr);
}

/*
 * The functions are the entries of DIR/devices, named by address, as
 * libpci's own sysfs scan finds them (pciutils lib/sysfs.c); listing them
 * here rather than through pci_scan_bus() keeps libpci from holding a
 * device record for each (70 MB for 100,000), and each read asks libpci
 * for the one function it needs (pci_get_dev()).
 */
static int collect(struct live_scan *ls, const struct fn_filter *filter)
{
	char path[CFG_PATH_MAX];
	struct pci_addr a;
	struct dirent *e;
	size_t alloc = 0;
	DIR *dh;

	snprintf(path, sizeof(path), "%s/devices", ls->dir);
	dh = opendir(path);
	if (!dh) {
		err_at(path, 0, "cannot open: %s; expected a sysfs PCI tree (see --sysfs)",
		       strerror(errno));
		return -1;
	}
	while ((e = readdir(dh))) {
		if (e->d_name[0] == '.')
			continue;
		if (pci_addr_parse(e->d_name, &a) != strlen(e->d_name)) {
			err_at(path, 0, "'%s' is not a function address dddd:bb:dd.f; left out",
			       e->d_name);
			continue;
		}
		if (filter && !filter_match_slot(filter, &a))
			continue;
		if (ls->n == alloc) {
			alloc = alloc ? 2 * alloc : 256;
			ls->fn = xreallocarray(ls->fn, alloc, sizeof(*ls->fn));
		}
		ls->fn[ls->n].dev = NULL;
		ls->fn[ls->n++].addr = a;
	}
	closedir(dh);
	/* readdir order is the directory's, not the bus's */
	if (ls->n)
		qsort(ls->fn, ls->n, sizeof(*ls->fn), cmp_fn);
	return 0;
}

/* libpci's record of function f, made when first needed. */
static struct pci_dev *dev_of(struct live_scan *ls, struct live_fn *f)
{
	if (!f->dev)
		f->dev = pci_get_dev(ls->pacc, (int)f->addr.domain, f->addr.bus,
				     f->addr.dev, f->addr.fn);
	return f->dev;
}

static void dev_done(struct live_fn *f)
{
	if (f->dev)
		pci_free_dev(f->dev);
	f->dev = NULL;
}

struct live_scan *live_open(const struct live_opts *o, struct snapset *ss)
{
	struct live_scan *ls;
	struct scan_host *h;

	ls = xcalloc(1, sizeof(*ls));
	ls->dir = o->sysfs ? o->sysfs : SYSFS_PCI_DEFAULT;
	if (collect(ls, o->filter)) {
		live_close(ls);
		return NULL;
	}
	ls->pacc = pci_alloc();
	ls->pacc->method = PCI_ACCESS_SYS_BUS_PCI;
	ls->pacc->error = libpci_error;
	ls->pacc->warning = libpci_warning;
	ls->pacc->debug = libpci_debug;
	if (setjmp(libpci_jmp)) {
		err_at(ls->dir, 0, "libpci: %s", libpci_msg);
		live_close(ls);
		return NULL;
	}
	libpci_armed = true;
	pci_set_param(ls->pacc, "sysfs.path", (char *)ls->dir);
	pci_init(ls->pacc);
	libpci_armed = false;
	h = snapset_add_host(ss);
	host_read_facts(h);
	ls->host = h;
	return ls;
}

size_t live_count(const struct live_scan *ls)
{
	return ls->n;
}

/*
 * One block read of what sysfs says the function has.  A non-root read
 * gives 64 bytes (pci_read_config() in drivers/pci/pci-sysfs.c stops at
 * 64 without CAP_SYS_ADMIN) and libpci fails a short read, so step down
 * through the lengths a snapshot can have.  Returns the length read, 0
 * if nothing could be.
 */
static unsigned int read_config(struct live_scan *ls, struct live_fn *f,
				long size, uint8_t *buf)
{
	struct pci_dev *dev = dev_of(ls, f);
	static const unsigned int lens[] = {
		CFG_SPACE_SIZE, CFG_LEGACY_SIZE, CFG_UNPRIV_SIZE,
	};
	volatile size_t i;
	int ok;

	libpci_msg[0] = '\0';
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		if ((long)lens[i] > size)
			continue;
		if (setjmp(libpci_jmp))
			return 0;
		libpci_armed = true;
		ok = pci_read_block(dev, 0, buf, (int)lens[i]);
		libpci_armed = false;
		if (ok)
			return lens[i];
	}
	return 0;
}

static void say_lost(const char *path, const char *why)
{
	err_at(path, 0, "%s; function left out (removed during the scan?)",
	       why);
}

static void say_short(const char *path, long size, unsigned int got)
{
	/* a 4096- or 256-byte file read as 64 is the non-root case, said once */
	if (size == CFG_SPACE_SIZE || size == CFG_LEGACY_SIZE)
		return;
	err_at(path, 0, "%ld bytes, expected 256 or 4096 (truncated?); kept the first %u, marked partial",
	       size, got);
}

static void add_pf_links(struct live_scan *ls, const struct pci_addr *pf,
			 size_t first)
{
	ls->pfs = xreallocarray(ls->pfs, ls->n_pfs + 1, sizeof(*ls->pfs));
	ls->pfs[ls->n_pfs].pf = *pf;
	ls->pfs[ls->n_pfs].first = first;
	ls->pfs[ls->n_pfs++].n = ls->links.n - first;
}

static int cmp_pf(const void *a, const void *b)
{
	return pci_addr_cmp(&((const struct pf_links *)a)->pf,
			    &((const struct pf_links *)b)->pf);
}

/* A VF's vfindex: the N of its PF's virtfnN link that names it.  A PF
 * not read (-s left it out) gives none, silently. */
static void set_vfindex(struct live_scan *ls, struct snap_meta *m)
{
	struct pf_links key = { .pf = m->physfn }, *p;
	char vf[PCI_ADDR_STRLEN], pf[PCI_ADDR_STRLEN];
	size_t i;

	p = ls->n_pfs ? bsearch(&key, ls->pfs, ls->n_pfs, sizeof(*ls->pfs),
				cmp_pf) : NULL;
	if (!p)
		return;
	for (i = p->first; i < p->first + p->n; i++) {
		if (pci_addr_cmp(&ls->links.v[i].vf, &m->addr))
			continue;
		m->facts.vfindex = ls->links.v[i].n;
		m->facts.have |= FACT_VFINDEX;
		return;
	}
	pci_addr_format(&m->addr, vf);
	pci_addr_format(&m->physfn, pf);
	err_msg("%s: its physfn %s has no virtfnN link to it; vfindex left out",
		vf, pf);
}

int live_read(struct live_scan *ls, size_t i, struct snapset *ss)
{
	struct live_fn *f = &ls->fn[i];
	struct cfg_snapshot *s;
	struct snap_meta m;
	char path[CFG_PATH_MAX];
	struct stat st;
	unsigned int got;
	size_t links;

	/* sysfs sizes the config file as the function's config space */
	sysfs_fn_path(path, sizeof(path), ls->dir, &f->addr, "config");
	if (stat(path, &st)) {
		say_lost(path, strerror(errno));
		return 1;
	}
	s = snapset_add(ss);
	got = read_config(ls, f, (long)st.st_size, s->bytes);
	dev_done(f);
	if (!got) {
		snapset_drop_last(ss);
		say_lost(path, libpci_msg[0] ? libpci_msg : "cannot read");
		return 1;
	}
	if (got < st.st_size)
		say_short(path, (long)st.st_size, got);
	s->valid_len = got;
	s->id.addr = f->addr;
	s->id.has_addr = true;
	s->host = ls->host;
	snprintf(s->origin.path, sizeof(s->origin.path), "%s", path);
	cfg_ident_from_bytes(s);

	memset(&m, 0, sizeof(m));
	m.addr = f->addr;
	m.facts.cfg_size = (unsigned int)st.st_size;
	m.facts.have = FACT_CFG_SIZE;
	links = ls->links.n;
	sysfs_read_facts(ls->dir, &m, &ls->links);
	if (ls->links.n > links)
		add_pf_links(ls, &f->addr, links);
	if (m.fields & META_PHYSFN)
		set_vfindex(ls, &m);
	snapset_add_meta(ss, &m);
	return 0;
}

void live_close(struct live_scan *ls)
{
	size_t i;

	if (!ls)
		return;
	for (i = 0; i < ls->n; i++)
		dev_done(&ls->fn[i]);
	if (ls->pacc)
		pci_cleanup(ls->pacc);
	free(ls->fn);
	free(ls->links.v);
	free(ls->pfs);
	free(ls);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A line on a terminal once the scan has taken more than a second. */
struct progress_line {
	bool on;
	double start;
};

static void progress(const struct progress_line *pl, size_t done,
		     size_t total)
{
	static double last;
	double t;

	if (!pl->on)
		return;
	t = now();
	if (done < total && (t - pl->start < 1.0 || t - last < 0.1))
		return;
	last = t;
	if (done < total)
		fprintf(stderr, "\rpasid-scan: scanning %zu/%zu functions", done,
			total);
	else if (t - pl->start >= 1.0)
		fputs("\r\033[K", stderr);
}

/* --- probing through libpci ------------------------------------------- */

/* What failed, in libpci's own words; the caller names the function. */
static int io_fail(struct probe_io *io, const char *what, unsigned int off)
{
	snprintf(io->why, sizeof(io->why), "%s config at 0x%03x%s%.200s", what,
		 off, libpci_msg[0] ? ": " : "", libpci_msg);
	return -1;
}

static int io_read(struct probe_io *io, unsigned int off, uint8_t *buf,
		   unsigned int len)
{
	struct live_fn *f = io->ctx;
	int ok;

	libpci_msg[0] = '\0';
	if (setjmp(libpci_jmp))
		return io_fail(io, "cannot read", off);
	libpci_armed = true;
	ok = pci_read_block(f->dev, (int)off, buf, (int)len);
	libpci_armed = false;
	return ok ? 0 : io_fail(io, "cannot read", off);
}

/* libpci's sysfs method: one pwrite() of the aligned dword. */
static int io_write32(struct probe_io *io, unsigned int off, uint32_t v)
{
	struct live_fn *f = io->ctx;
	int ok;

	libpci_msg[0] = '\0';
	if (setjmp(libpci_jmp))
		return io_fail(io, "cannot write", off);
	libpci_armed = true;
	ok = pci_write_long(f->dev, (int)off, v);
	libpci_armed = false;
	return ok ? 0 : io_fail(io, "cannot write", off);
}

static struct live_fn *find_fn(struct live_scan *ls, const struct pci_addr *a)
{
	struct live_fn key = { .addr = *a };

	if (!ls->n)
		return NULL;
	return bsearch(&key, ls->fn, ls->n, sizeof(*ls->fn), cmp_fn);
}

void live_io_done(struct live_scan *ls, const struct pci_addr *a)
{
	struct live_fn *f = find_fn(ls, a);

	if (f)
		dev_done(f);
}

int live_io(struct live_scan *ls, const struct pci_addr *a,
	    struct probe_io *io)
{
	struct live_fn *f = find_fn(ls, a);

	if (!f || !dev_of(ls, f))
		return -1;
	memset(io, 0, sizeof(*io));
	io->read = io_read;
	io->write32 = io_write32;
	io->ctx = f;
	return 0;
}

/*
 * Read probing reads each function PROBE_READ_ROUNDS times, no two reads
 * of it closer than PROBE_READ_SPACING_MS, so that a register that
 * changes on its own has time to.  The functions go through in batches,
 * a pipeline as deep as the rounds: each step reads a new batch and
 * gives the batches before it their next round, so the reads of a batch
 * are a step apart, which is the spacing by itself on a host of any
 * size; the last batch emitted had its last round.  Only a short step
 * waits, once, for the last of its batch's deadlines.
 */
struct batch {
	struct snapset ss;
	struct timespec last[LIVE_BATCH];	/* each function's last read */
};

static bool before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec ||
	       (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

static void read_round(struct live_scan *ls, struct batch *b)
{
	struct timespec now, due;
	struct probe_io io;
	bool waited = false;
	size_t i;

	for (i = 0; i < b->ss.n; i++) {
		struct cfg_snapshot *s = b->ss.v[i];

		clock_gettime(CLOCK_MONOTONIC, &now);
		probe_deadline(&b->last[i], &due);
		if (!waited && before(&now, &due)) {
			/* every later function's deadline with it */
			probe_wait_since(&b->last[b->ss.n - 1]);
			waited = true;
		}
		if (live_io(ls, &s->id.addr, &io))
			continue;
		if (probe_read_again(&io, s))
			err_msg("%s; its read probe stopped", io.why);
		clock_gettime(CLOCK_MONOTONIC, &b->last[i]);
		live_io_done(ls, &s->id.addr);
	}
}

static void read_batch(struct live_scan *ls, struct batch *b, size_t first,
		       struct live_stats *st, const struct progress_line *pl)
{
	size_t i;

	snapset_init(&b->ss);
	for (i = first; i < ls->n && i < first + LIVE_BATCH; i++) {
		progress(pl, i, ls->n);
		if (live_read(ls, i, &b->ss))
			st->lost++;
		else
			clock_gettime(CLOCK_MONOTONIC, &b->last[b->ss.n - 1]);
	}
}

static int emit_batch(struct batch *b, live_sink_fn sink, void *ctx,
		      struct live_stats *st)
{
	size_t k;
	int ret = 0;

	for (k = 0; !ret && k < b->ss.n; k++) {
		st->read++;
		st->partial += cfg_partial_with(b->ss.v[k], &b->ss.meta[k].facts);
		ret = sink(ctx, b->ss.v[k], &b->ss.meta[k]);
	}
	snapset_free(&b->ss);
	return ret;
}

int live_stream(struct live_scan *ls, const struct live_opts *o,
		live_sink_fn sink, void *ctx, struct live_stats *st)
{
	const size_t depth = o->read_probe ? PROBE_READ_ROUNDS : 1;
	const size_t batches = (ls->n + LIVE_BATCH - 1) / LIVE_BATCH;
	struct batch *ring = xcalloc(depth, sizeof(*ring));
	struct progress_line pl = { o->progress && isatty(STDERR_FILENO), now() };
	size_t t, r;
	int ret = 0;

	memset(st, 0, sizeof(*st));
	st->listed = (unsigned int)ls->n;
	for (t = 0; !ret && t + 1 < batches + depth; t++) {
		if (t < batches)
			read_batch(ls, &ring[t % depth], t * LIVE_BATCH, st, &pl);
		for (r = 1; r < depth; r++)
			if (t >= r && t - r < batches)
				read_round(ls, &ring[(t - r) % depth]);
		if (t + 1 >= depth)
			ret = emit_batch(&ring[(t + 1 - depth) % depth], sink,
					 ctx, st);
	}
	progress(&pl, ls->n, ls->n);
	for (r = 0; r < depth; r++)
		snapset_free(&ring[r].ss);
	free(ring);
	return ret;
}

/* The whole-set sink: every snapshot and its metadata kept in ss. */
static int keep(void *ctx, const struct cfg_snapshot *s,
		const struct snap_meta *m)
{
	struct snapset *ss = ctx;

	*snapset_add(ss) = *s;
	snapset_add_meta(ss, m);
	return 0;
}

int live_scan_all(const struct live_opts *o, struct snapset *ss,
		  struct live_stats *st)
{
	struct live_scan *ls = live_open(o, ss);
	size_t i;

	if (!ls)
		return -1;
	live_stream(ls, o, keep, ss, st);
	live_close(ls);
	if (snapset_finish(ss))
		return -1;
	/* settled: partial counts with the facts now the snapshots' own */
	st->partial = 0;
	for (i = 0; i < ss->n; i++)
		st->partial += cfg_partial(ss->v[i]);
	return 0;
}
