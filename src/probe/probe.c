// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * probe.c - read probing and journalled write probing of gap dwords.
 *
 * Only dwords wholly in the gaps are written: never the header, a linked
 * or orphan capability, or past what the function gave.  Each write is
 * one aligned dword (the kernel turns an aligned 4-byte sysfs write into
 * one config write, pci_write_config() in drivers/pci/pci-sysfs.c).
 *
 * src/probe/: evidence beyond one read: a function read again, gap
 * dwords written and put back, the journal that makes it undoable.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "err.h"
#include "layout.h"
#include "probe.h"
#include "probe_journal.h"

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void or_le32(uint8_t *p, uint32_t v)
{
	uint8_t b[4];
	unsigned int i;

	put_le32(b, v);
	for (i = 0; i < 4; i++)
		p[i] |= b[i];
}

void probe_pause(void)
{
	struct timespec ts = { 0, PROBE_READ_SPACING_MS * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

void probe_deadline(const struct timespec *last, struct timespec *due)
{
	*due = *last;
	due->tv_nsec += PROBE_READ_SPACING_MS * 1000000L;
	if (due->tv_nsec >= 1000000000L) {
		due->tv_sec++;
		due->tv_nsec -= 1000000000L;
	}
}

void probe_wait_since(const struct timespec *last)
{
	struct timespec t;

	probe_deadline(last, &t);
	/* an absolute deadline: a deadline passed returns at once */
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL) == EINTR)
		;
}

int probe_read_again(struct probe_io *io, struct cfg_snapshot *s)
{
	uint8_t buf[CFG_SPACE_SIZE];
	unsigned int i;

	if (io->read(io, 0, buf, s->valid_len))
		return -1;
	for (i = 0; i < s->valid_len; i++)
		if (buf[i] != s->bytes[i])
			s->vol[i] = 0xff;
	if (s->probe < PROBE_READ)
		s->probe = PROBE_READ;
	return 0;
}

unsigned int probe_plan(const struct cfg_snapshot *s, const struct layout *l,
			uint8_t plan[CFG_SPACE_SIZE / 4])
{
	unsigned int off, n = 0;

	memset(plan, 0, CFG_SPACE_SIZE / 4);
	for (off = 0; off + 4 <= s->valid_len; off += 4) {
		if (!layout_gap_dword(l, off))
			continue;
		plan[off / 4] = 1;
		n++;
	}
	return n;
}

uint32_t probe_restore_value(uint32_t orig, uint32_t now)
{
	return orig & ~now;
}

/* --- signals --------------------------------------------------------- */

static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
	stop_signal = sig;
}

void probe_signals_install(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	unsigned int i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

int probe_stop_signal(void)
{
	return stop_signal;
}

static void hold_signals(bool hold, sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	if (hold)
		sigprocmask(SIG_BLOCK, &set, old);
	else
		sigprocmask(SIG_SETMASK, old, NULL);
}

/* --- one dword --------------------------------------------------------- */

static int rd32(struct probe_io *io, unsigned int off, uint32_t *v)
{
	uint8_t b[4];

	if (io->read(io, off, b, 4))
		return -1;
	*v = le32(b);
	return 0;
}

/* Every bit of each byte that has one set: volatility is per byte. */
static uint32_t whole_bytes(uint32_t bits)
{
	uint32_t m = 0;
	unsigned int i;

	for (i = 0; i < 32; i += 8)
		if (bits >> i & 0xff)
			m |= 0xffu << i;
	return m;
}

/*
 * Write the restore value until the dword reads orig outside its
 * volatile bits, at most twice.  Bits that differ but were never
 * written to a different value (moved) changed on their own: they are
 * returned in *drift, as volatile, not as unrestored.  Returns the
 * writes made, or -1 with *now what it reads.
 */
static int put_back(struct probe_io *io, unsigned int off, uint32_t orig,
		    uint32_t moved, uint32_t vol, uint32_t *now,
		    uint32_t *drift)
{
	int tries;

	for (tries = 1; tries <= 2; tries++) {
		if (io->write32(io, off, probe_restore_value(orig, *now)))
			return -1;
		if (rd32(io, off, now))
			return -1;
		if (!((*now ^ orig) & moved & ~vol)) {
			*drift = whole_bytes((*now ^ orig) & ~moved & ~vol);
			return tries;
		}
		moved |= *now ^ orig;
	}
	snprintf(io->why, sizeof(io->why),
		 "0x%03x reads 0x%08x after its restore, was 0x%08x", off,
		 *now, orig);
	return -1;
}

static uint32_t vol32(const uint8_t *vol, unsigned int off)
{
	return le32(vol + off);
}

/* --- a function -------------------------------------------------------- */

struct wp {
	struct probe_io *io;
	struct cfg_snapshot *s;
	struct probe_journal *j;
	struct probe_stats *st;
	uint8_t plan[CFG_SPACE_SIZE / 4];
	uint8_t base[CFG_SPACE_SIZE];	/* the baseline, read before any write */
	uint8_t cur[CFG_SPACE_SIZE];
	char bdf[PCI_ADDR_STRLEN];
};

/*
 * After a write to off: every other planned dword that now differs from
 * the baseline outside its volatile bytes.  Their changed bits join rw,
 * and the dword written is marked whole: a write-only register (an
 * index, a doorbell) shows itself only through what it moves.
 */
static int side_effects(struct wp *w, unsigned int off, bool *any)
{
	unsigned int e;

	*any = false;
	if (w->io->read(w->io, 0, w->cur, w->s->valid_len))
		return -1;
	for (e = 0; e + 4 <= w->s->valid_len; e += 4) {
		uint32_t d;

		if (e == off || !w->plan[e / 4])
			continue;
		d = (le32(w->cur + e) ^ le32(w->base + e)) & ~vol32(w->s->vol, e);
		if (!d)
			continue;
		or_le32(w->s->rw + e, d);
		*any = true;
	}
	if (*any)
		or_le32(w->s->rw + off, 0xffffffff);
	return 0;
}

/*
 * Put back what a write moved elsewhere and restoring its own dword did
 * not: each such dword is journalled, then restored like a probed one.
 * A dword still moving when read twice, apart, is volatile instead.
 */
static int settle(struct wp *w, unsigned int trigger)
{
	unsigned int e;

	if (w->io->read(w->io, 0, w->cur, w->s->valid_len))
		return -1;
	for (e = 0; e + 4 <= w->s->valid_len; e += 4) {
		uint32_t orig = le32(w->base + e), now = le32(w->cur + e);
		uint32_t vol = vol32(w->s->vol, e), again, drift;

		if (e == trigger || !w->plan[e / 4] || !((now ^ orig) & ~vol))
			continue;
		probe_pause();
		if (rd32(w->io, e, &again))
			return -1;
		if (again != now) {
			or_le32(w->s->vol + e, 0xffffffff);
			continue;
		}
		if (journal_arm(w->j, e, orig, probe_restore_value(orig, now),
				true) ||
		    put_back(w->io, e, orig, now ^ orig, vol, &now, &drift) < 0)
			return -1;
		or_le32(w->s->vol + e, drift);
		w->st->settled++;
	}
	return 0;
}

/*
 * Journal, write the pattern, read back, restore, verify: one pair.
 * 0; -1 with io->why; -2 if the journal could not be written (said by
 * the store), in which case the dword was not touched.
 */
static int probe_dword(struct wp *w, unsigned int off)
{
	struct probe_io *io = w->io;
	uint32_t orig, pat, back, now, drift, vol = vol32(w->s->vol, off);
	sigset_t old;
	bool moved_else;
	int ret = -1;

	if (rd32(io, off, &orig))
		return -1;
	pat = probe_pattern(orig);
	if (journal_arm(w->j, off, orig, pat, false))
		return -2;
	hold_signals(true, &old);
	if (io->write32(io, off, pat))
		goto out;
	if (rd32(io, off, &back))
		goto out;
	if ((back ^ orig) & ~vol) {
		or_le32(w->s->rw + off, (back ^ orig) & ~vol);
		w->st->writable++;
	}
	if (side_effects(w, off, &moved_else))
		goto out;
	now = back;
	if (put_back(io, off, orig, back ^ orig, vol, &now, &drift) < 0)
		goto out;
	or_le32(w->s->vol + off, drift);
	if (moved_else) {
		w->st->side++;
		if (settle(w, off))
			goto out;
	}
	w->st->written++;
	ret = 0;
out:
	hold_signals(false, &old);
	return ret;
}

int probe_write(struct probe_io *io, struct cfg_snapshot *s,
		const struct layout *l, struct probe_journal *j,
		struct probe_stats *st)
{
	struct wp *w = xcalloc(1, sizeof(*w));
	unsigned int off;
	int ret = -1;

	memset(st, 0, sizeof(*st));
	w->io = io;
	w->s = s;
	w->j = j;
	w->st = st;
	pci_addr_format(&s->id.addr, w->bdf);
	memset(s->rw, 0, sizeof(s->rw));
	st->planned = probe_plan(s, l, w->plan);
	if (io->read(io, 0, w->base, s->valid_len)) {
		err_msg("%s: %s; not write-probed", w->bdf, io->why);
		goto out;
	}
	if (journal_begin(j, w->bdf, w->base, s->vol, s->valid_len, w->plan))
		goto out;
	for (off = 0; off + 4 <= s->valid_len; off += 4) {
		int r;

		if (!w->plan[off / 4])
			continue;
		if (probe_stop_signal()) {
			ret = 1;
			break;
		}
		r = probe_dword(w, off);
		if (r == -2)
			goto out;
		if (r) {
			err_msg("%s: %s; what it could not put back is in the journal: run 'pasid-scan restore'",
				w->bdf, io->why[0] ? io->why : "write probe failed");
			goto out;
		}
	}
	if (journal_end(j))
		goto out;
	if (ret < 0) {
		s->probe = PROBE_WRITE;
		ret = 0;
	}
out:
	free(w);
	return ret;
}

void probe_dry_run(FILE *out, const struct cfg_snapshot *s,
		   const struct layout *l)
{
	uint8_t plan[CFG_SPACE_SIZE / 4];
	char bdf[PCI_ADDR_STRLEN];
	unsigned int off;

	pci_addr_format(&s->id.addr, bdf);
	probe_plan(s, l, plan);
	for (off = 0; off + 4 <= s->valid_len; off += 4) {
		uint32_t orig = le32(s->bytes + off);

		if (!plan[off / 4])
			continue;
		fprintf(out, "%s %03x.L=%08x, then %03x.L=%08x (reads %08x)\n",
			bdf, off, probe_pattern(orig), off,
			probe_restore_value(orig, probe_pattern(orig)), orig);
	}
}

/* --- after a crash ----------------------------------------------------- */

static int restore_one(struct probe_io *io, unsigned int off, uint32_t orig,
		       uint32_t vol, unsigned int *written)
{
	uint32_t now, drift;
	int n;

	if (rd32(io, off, &now))
		return -1;
	if (!((now ^ orig) & ~vol))
		return 0;
	n = put_back(io, off, orig, now ^ orig, vol, &now, &drift);
	if (n < 0)
		return -1;
	*written += (unsigned int)n;
	return 0;
}

static bool is_armed(const struct probe_baseline *b, unsigned int off)
{
	unsigned int i;

	for (i = 0; i < b->n_armed; i++)
		if (b->armed[i].off == off)
			return true;
	return false;
}

int probe_restore(struct probe_io *io, const struct probe_baseline *b,
		  unsigned int *written)
{
	unsigned int i, off;

	*written = 0;
	io->why[0] = '\0';
	for (i = 0; i < b->n_armed; i++) {
		const struct probe_armed *a = &b->armed[i];

		if (restore_one(io, a->off, a->orig, vol32(b->vol, a->off),
				written))
			goto fail;
	}
	/* What the write in flight moved elsewhere. */
	for (off = 0; b->n_armed && off + 4 <= b->len; off += 4) {
		if (!b->plan[off / 4] || is_armed(b, off))
			continue;
		if (restore_one(io, off, le32(b->bytes + off),
				vol32(b->vol, off), written))
			goto fail;
	}
	return 0;
fail:
	err_msg("%s: %s; left in the journal", b->bdf,
		io->why[0] ? io->why : "cannot restore");
	return -1;
}
