/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * probe.h - evidence of hidden registers beyond one read of the bytes.
 *
 * A gap that reads zero is not proven free: a register there may hold
 * zero and take writes, or change on its own.  Read probing reads a
 * function again, spaced out, and marks the bytes that changed.  Write
 * probing writes each gap dword and puts it back, with the original
 * value journalled durably first (probe_journal.h), so that a crash at
 * any point leaves something 'pasid-scan restore' can undo.
 *
 * Everything here reaches the device through struct probe_io: libpci on
 * sysfs for a live scan (source_live.c), an emulated config space in the
 * unit tests.
 *
 * src/probe/: evidence beyond one read: a function read again, gap
 * dwords written and put back, the journal that makes it undoable.
 */
#ifndef PASID_SCAN_PROBE_H
#define PASID_SCAN_PROBE_H

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "cfg.h"

struct layout;
struct probe_journal;

struct probe_io {
	/* len bytes from off; 0, or -1 with the reason in why */
	int (*read)(struct probe_io *io, unsigned int off, uint8_t *buf,
		    unsigned int len);
	/* one aligned dword; 0 or -1 as read */
	int (*write32)(struct probe_io *io, unsigned int off, uint32_t v);
	void *ctx;
	char why[256];
};

/* Read probing: the default is a few reads some milliseconds apart. */
#define PROBE_READ_ROUNDS	4
#define PROBE_READ_SPACING_MS	20

/* Wait PROBE_READ_SPACING_MS, the gap between two reads of a register. */
void probe_pause(void);
/* PROBE_READ_SPACING_MS after last (CLOCK_MONOTONIC), and waiting
 * until then. */
void probe_deadline(const struct timespec *last, struct timespec *due);
void probe_wait_since(const struct timespec *last);

/* One more read of s; bytes that differ from s->bytes join s->vol.
 * 0, or -1 if the read failed (io->why). */
int probe_read_again(struct probe_io *io, struct cfg_snapshot *s);

/*
 * The dwords write probing may touch: wholly in the gaps of l and
 * inside the bytes read.  plan[i] is 1 for dword i; returns how many.
 */
unsigned int probe_plan(const struct cfg_snapshot *s, const struct layout *l,
			uint8_t plan[CFG_SPACE_SIZE / 4]);

/*
 * The value that puts a probed dword back.  Its probe wrote ~orig, so a
 * bit a write can change now differs from orig; one that did not move
 * is read-only or write-1-to-clear, and gets a 0, which changes neither.
 * No 1 is ever written to a bit that reads 1 but did not move.
 */
uint32_t probe_restore_value(uint32_t orig, uint32_t now);

/* The pattern written first: every bit flipped, so that each writable
 * bit shows a 0->1 or 1->0 transition and the restore shows the other,
 * and no 1 lands on a bit that reads 1 (write-1-to-clear status). */
static inline uint32_t probe_pattern(uint32_t orig)
{
	return ~orig;
}

struct probe_stats {
	unsigned int planned;	/* gap dwords */
	unsigned int written;	/* of them, written and restored */
	unsigned int writable;	/* dwords whose own bits took a write */
	unsigned int side;	/* writes that changed another gap dword */
	unsigned int settled;	/* other dwords put back after one */
};

/*
 * Write-probe one function whose read probe is done (s->probe is
 * PROBE_READ and l its layout).  Each dword is journalled in j, then
 * written with probe_pattern(), read back, restored, verified; the gap
 * is compared with the baseline after every write, and what a write
 * changed elsewhere is put back too.  INT, TERM and HUP are held off
 * during each write-restore pair.  On success s->rw holds what changed
 * and s->probe is PROBE_WRITE; the journal holds nothing of it.
 * Returns 0; 1 when a signal stopped it between pairs (everything
 * restored, nothing journalled); -1 after saying why, with whatever
 * could not be restored left in the journal.
 */
int probe_write(struct probe_io *io, struct cfg_snapshot *s,
		const struct layout *l, struct probe_journal *j,
		struct probe_stats *st);

/* What probe_write would write, one setpci-style line per dword. */
void probe_dry_run(FILE *out, const struct cfg_snapshot *s,
		   const struct layout *l);

/* A dword journalled before its write, with the value it had. */
struct probe_armed {
	unsigned int off;
	uint32_t orig;
};

/* A function's journal: what it read before the first write. */
struct probe_baseline {
	const char *bdf;
	unsigned int len;
	const uint8_t *bytes;
	const uint8_t *vol;
	const uint8_t *plan;		/* probe_plan()'s */
	const struct probe_armed *armed;
	unsigned int n_armed;
};

/*
 * Put back what a crashed write probe left: each armed dword, then any
 * other planned dword that differs from the baseline outside its
 * volatile bytes.  A dword that already reads its original is not
 * written.  0 when all read their originals again, -1 if one does not
 * (said, naming the function).  *written counts the writes made.
 */
int probe_restore(struct probe_io *io, const struct probe_baseline *b,
		  unsigned int *written);

/* INT, TERM and HUP set a flag instead of killing (probe_stop_signal()
 * reads it); blocked around each write-restore pair. */
void probe_signals_install(void);
int probe_stop_signal(void);

#endif
