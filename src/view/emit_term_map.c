// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * emit_term_map.c - "show --map": the picture in a terminal, one
 * character a dword, 256 bytes a line, so that line 0 is the standard
 * config space and the other fifteen the extended one.
 *
 * The characters alone carry the map (a pipe, a log, NO_COLOR); colour
 * only repeats them.  A dword shows the strongest class among its bytes,
 * and a placement over it shows instead, as what the reader came for.
 *
 * src/view/: what people see of a function or a key: show's text, JSON
 * and guest view, the maps, the report.
 */
#include <stdarg.h>

#include "emit_term_map.h"

#define LINE_DWORDS	64
#define LEGEND_WIDTH	72

static const char sym[CELL_N] = {
	[CELL_HEADER] = '#', [CELL_CAP] = 0, [CELL_ORPHAN] = 0,
	[CELL_WRITABLE] = '!', [CELL_VOLATILE] = '~', [CELL_NONZERO] = '*',
	[CELL_UNKNOWN] = '?', [CELL_ABSENT] = '-', [CELL_FREE] = '.',
};

/* ECMA-48 SGR: background colours of the 16-colour set, which every
 * terminal has; capabilities alternate so that neighbours differ. */
static const char *const sgr[CELL_N] = {
	[CELL_HEADER] = "100;97", [CELL_CAP] = NULL, [CELL_ORPHAN] = "105;30",
	[CELL_WRITABLE] = "41;97;1", [CELL_VOLATILE] = "101;30",
	[CELL_NONZERO] = "43;30", [CELL_UNKNOWN] = "47;30",
	[CELL_ABSENT] = "2", [CELL_FREE] = NULL,
};

static const char *const cap_sgr[] = { "44;97", "42;30", "46;30", "104;30" };
#define N_CAP_SGR	(sizeof(cap_sgr) / sizeof(cap_sgr[0]))

static const char place_sym[VCAP_N] = {
	[VCAP_PASID] = 'P', [VCAP_PRI] = 'R', [VCAP_ATS] = 'A',
};

/* Labels beyond the 36 digits and letters share one symbol. */
static char label_sym(unsigned int rank)
{
	static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";

	return rank < sizeof(digits) - 1 ? digits[rank] : '+';
}

struct dword_look {
	char c;
	const char *sgr;
};

static void look_of(const struct cell_map *m, unsigned int dw, struct dword_look *lk)
{
	unsigned int b, best = dw * 4;
	int k = -1;

	for (b = dw * 4; b < dw * 4 + 4; b++) {
		if (k < 0)
			k = cell_map_placement_at(m, b);
		if (m->cls[b] < m->cls[best])
			best = b;
	}
	if (k >= 0) {
		lk->c = place_sym[k];
		lk->sgr = "7;1";
		return;
	}
	lk->c = sym[m->cls[best]];
	lk->sgr = sgr[m->cls[best]];
	if (m->label[best] != CELL_NO_LABEL) {
		unsigned int rank = m->labels[m->label[best]].rank;

		lk->c = label_sym(rank);
		if (m->cls[best] == CELL_CAP)
			lk->sgr = cap_sgr[rank % N_CAP_SGR];
	} else if (!lk->c) {
		lk->c = '?';	/* a key's capability byte no label names */
	}
}

/* Escapes change only where the colour does, and each line ends reset. */
static void grid(FILE *f, const struct cell_map *m, bool colour)
{
	unsigned int dw, line;

	for (line = 0; line < CFG_SPACE_SIZE / 4 / LINE_DWORDS; line++) {
		const char *cur = NULL;

		fprintf(f, "\t%03x ", line * LINE_DWORDS * 4);
		for (dw = line * LINE_DWORDS; dw < (line + 1) * LINE_DWORDS; dw++) {
			struct dword_look lk;

			look_of(m, dw, &lk);
			if (colour && lk.sgr != cur) {
				fputs(cur ? "\033[0m" : "", f);
				if (lk.sgr)
					fprintf(f, "\033[%sm", lk.sgr);
				cur = lk.sgr;
			}
			fputc(lk.c, f);
		}
		fputs(cur ? "\033[0m\n" : "\n", f);
	}
}

/* Legend entries, wrapped to the width of the grid. */
struct wrap {
	FILE *f;
	unsigned int col;
};

static void entry(struct wrap *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void entry(struct wrap *w, const char *fmt, ...)
{
	char buf[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (w->col && w->col + 2 + (unsigned int)n > LEGEND_WIDTH) {
		fputc('\n', w->f);
		w->col = 0;
	}
	fprintf(w->f, "%s%s", w->col ? "  " : "\t    ", buf);
	w->col += (w->col ? 2 : 4) + (unsigned int)n;
}

static void legend(FILE *f, const struct cell_map *m)
{
	struct wrap w = { f, 0 };
	unsigned int r;
	int c, k;

	for (c = 0; c < CELL_N; c++)
		if (sym[c])
			entry(&w, "%c %s", sym[c], cell_class_text(c));
	for (k = 0; k < VCAP_N; k++) {
		if (m->place[k].offset >= 0)
			entry(&w, "%c %s at 0x%03x", place_sym[k], vcap_types[k].label,
			      m->place[k].offset);
		else
			entry(&w, "%s nowhere (%s)", vcap_types[k].label,
			      vcap_reason_name(m->place[k].reason));
	}
	for (r = 0; r < m->n_labels; r++) {
		const struct cell_label *l = &m->labels[m->order[r]];

		entry(&w, "%c %s at 0x%03x%s", label_sym(r), l->name, l->off,
		      l->orphan ? " (orphan)" : "");
	}
	fputc('\n', f);
}

void emit_term_map(FILE *f, const struct cell_map *m, bool colour)
{
	fprintf(f, "\tMap (a character a dword, 0x100 bytes a line):\n");
	grid(f, m, colour);
	legend(f, m);
}
