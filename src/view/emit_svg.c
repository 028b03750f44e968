// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * emit_svg.c - the config-space picture.
 *
 * Every cell is its own <rect> with a <title>, which every SVG viewer
 * shows as a tooltip without a script.  Colours come from one <style>
 * of class rules, so the legend and the cells cannot disagree, and
 * shape-rendering="crispEdges" keeps each cell's colour exact when the
 * picture is rasterised (the render test reads pixels back).
 *
 * src/view/: what people see of a function or a key: show's text, JSON
 * and guest view, the maps, the report.
 */
#include <stdlib.h>
#include <string.h>

#include "emit_svg.h"

#define ROW_BYTES	64			/* 64 x 64 cells */
#define GRID_PX		(ROW_BYTES * SVG_CELL)
#define LABEL_GAP	10			/* grid to the label column */
#define LABEL_W		350
#define LABEL_STEP	11			/* least distance between labels */
#define PANEL_W		(SVG_GRID_X + GRID_PX + LABEL_GAP + LABEL_W)
#define LEGEND_COLS	3
#define LEGEND_STEP	16
#define N_PALETTE	8

/* Cell classes in CSS; a capability adds its palette digit. */
static const char *const css[CELL_N] = {
	[CELL_HEADER] = "h", [CELL_CAP] = "c", [CELL_ORPHAN] = "o",
	[CELL_WRITABLE] = "w", [CELL_VOLATILE] = "v", [CELL_NONZERO] = "n",
	[CELL_UNKNOWN] = "u", [CELL_ABSENT] = "a", [CELL_FREE] = "f",
};

static const char *const fills[CELL_N] = {
	[CELL_HEADER] = "#5b6770", [CELL_CAP] = NULL,
	[CELL_ORPHAN] = "#ff9da7", [CELL_WRITABLE] = "#7b1113",
	[CELL_VOLATILE] = "#e15759", [CELL_NONZERO] = "#f28e2b",
	[CELL_UNKNOWN] = "#c8c8c8", [CELL_ABSENT] = "#ececec",
	[CELL_FREE] = "#ffffff",
};

/* Capabilities next to each other in the grid take different hues. */
static const char *const cap_fills[N_PALETTE] = {
	"#4e79a7", "#59a14f", "#9c755f", "#76b7b2",
	"#edc948", "#b07aa1", "#a0cbe8", "#8cd17d",
};

/* Outline colours of the vPASID, vPRI and vATS placements. */
static const char *const place_stroke[VCAP_N] = {
	[VCAP_PASID] = "#000000", [VCAP_PRI] = "#c000c0", [VCAP_ATS] = "#0060ff",
};

void xml_puts(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: fputc(*s, f);
		}
	}
}

/* One picture of a map, x from the left: where each label's text goes
 * (beside its row, or just below the one before) and how far down the
 * labels run. */
struct panel {
	const struct cell_map *m;
	unsigned int x;
	unsigned int label_y[CAPS_MAX + LAYOUT_MAX_ORPHANS];
	unsigned int bottom;
};

static void panel_init(struct panel *p, const struct cell_map *m, unsigned int x)
{
	unsigned int i, y = 0;

	memset(p, 0, sizeof(*p));
	p->m = m;
	p->x = x;
	for (i = 0; i < m->n_labels; i++) {
		unsigned int l = m->order[i];
		unsigned int want = SVG_GRID_Y + m->labels[l].off / ROW_BYTES * SVG_CELL + 8;

		y = i && want < y + LABEL_STEP ? y + LABEL_STEP : want;
		p->label_y[l] = y;
	}
	p->bottom = SVG_GRID_Y + GRID_PX;
	if (y + 4 > p->bottom)
		p->bottom = y + 4;
}

static void style(FILE *f)
{
	int c;
	unsigned int i;

	fputs("<style>", f);
	for (c = 0; c < CELL_N; c++)
		if (c != CELL_CAP)
			fprintf(f, ".%s{fill:%s}", css[c], fills[c]);
	for (i = 0; i < N_PALETTE; i++)
		fprintf(f, ".c%u{fill:%s}", i, cap_fills[i]);
	fputs("text{font-family:monospace;font-size:10px;fill:#202020}"
	      ".t{font-size:13px;font-weight:bold}.s{font-size:8px;fill:#606060}"
	      "</style>\n", f);
}

void occ_puts(FILE *f, uint8_t occ)
{
	const char *sep = "";
	size_t i;

	for (i = 0; i < N_OCC_REASONS; i++) {
		if (occ & occ_reasons[i].bit) {
			fprintf(f, "%s%s", sep, occ_reasons[i].text);
			sep = ", ";
		}
	}
}

static void cell_title(FILE *f, const struct panel *p, unsigned int b)
{
	const struct cell_map *m = p->m;
	int k = cell_map_placement_at(m, b);

	fprintf(f, "0x%03x", b);
	if (m->value[b] >= 0)
		fprintf(f, " = %02x", m->value[b]);
	else
		fputs(" not read", f);
	fprintf(f, ": %s", cell_class_text(m->cls[b]));
	if (m->label[b] != CELL_NO_LABEL) {
		const struct cell_label *l = &m->labels[m->label[b]];

		fputc(' ', f);
		xml_puts(f, l->name);
		fprintf(f, " at 0x%03x", l->off);
	}
	/* A key's byte may be taken for several reasons by different
	 * observations: the colour shows the strongest, the tooltip all. */
	if (m->key && m->occ[b]) {
		fputs("; taken as ", f);
		occ_puts(f, m->occ[b]);
	}
	if (k >= 0)
		fprintf(f, "; %s goes here", vcap_types[k].label);
}

static void cells(FILE *f, const struct panel *p)
{
	const struct cell_map *m = p->m;
	unsigned int b;

	fprintf(f, "<g transform=\"translate(%u,%u)\">\n", p->x + SVG_GRID_X,
		SVG_GRID_Y);
	for (b = 0; b < CFG_SPACE_SIZE; b++) {
		fprintf(f, "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" class=\"%s",
			b % ROW_BYTES * SVG_CELL, b / ROW_BYTES * SVG_CELL,
			SVG_CELL - 1, SVG_CELL - 1, css[m->cls[b]]);
		if (m->cls[b] == CELL_CAP)
			fprintf(f, "%u", m->label[b] != CELL_NO_LABEL ?
				m->labels[m->label[b]].rank % N_PALETTE : 0);
		fputs("\"><title>", f);
		cell_title(f, p, b);
		fputs("</title></rect>\n", f);
	}
}

/* One rectangle per grid row the placement spans, drawn over the gaps
 * around its cells so that the cells keep their own colour. */
static void outline(FILE *f, int k, const struct vcap_verdict *v)
{
	unsigned int b = v->offset, end = v->offset + vcap_types[k].size;

	while (b < end) {
		unsigned int row_end = (b / ROW_BYTES + 1) * ROW_BYTES;
		unsigned int e = end < row_end ? end : row_end;

		fprintf(f, "<rect data-place=\"%s\" x=\"%d\" y=\"%d\" width=\"%u\" "
			"height=\"%u\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\">"
			"<title>%s at 0x%03x: %s</title></rect>\n",
			vcap_types[k].name, (int)(b % ROW_BYTES * SVG_CELL) - 1,
			(int)(b / ROW_BYTES * SVG_CELL) - 1, (e - b) * SVG_CELL + 1,
			SVG_CELL + 1, place_stroke[k], vcap_types[k].label, v->offset,
			vcap_reason_text(v->reason));
		b = e;
	}
}

static void outlines(FILE *f, const struct cell_map *m)
{
	int k;

	for (k = 0; k < VCAP_N; k++)
		if (m->place[k].offset >= 0)
			outline(f, k, &m->place[k]);
	fputs("</g>\n", f);
}

static void axes(FILE *f, const struct panel *p)
{
	unsigned int r;

	for (r = 0; r < ROW_BYTES; r++)
		fprintf(f, "<text class=\"s\" x=\"%u\" y=\"%u\">%03x</text>\n",
			p->x + 4, SVG_GRID_Y + r * SVG_CELL + 8, r * ROW_BYTES);
	for (r = 0; r < ROW_BYTES; r += 16)
		fprintf(f, "<text class=\"s\" x=\"%u\" y=\"%u\">+%02x</text>\n",
			p->x + SVG_GRID_X + r * SVG_CELL, SVG_GRID_Y - 4, r);
}

static void labels(FILE *f, const struct panel *p)
{
	const struct cell_map *m = p->m;
	unsigned int x = p->x + SVG_GRID_X + GRID_PX + LABEL_GAP, i;

	for (i = 0; i < m->n_labels; i++) {
		const struct cell_label *l = &m->labels[i];

		fprintf(f, "<rect x=\"%u\" y=\"%u\" width=\"8\" height=\"8\" ",
			x, p->label_y[i] - 8);
		if (l->orphan)
			fputs("class=\"o\"/>", f);
		else
			fprintf(f, "class=\"c%u\"/>", l->rank % N_PALETTE);
		fprintf(f, "<text x=\"%u\" y=\"%u\">0x%03x ", x + 12, p->label_y[i],
			l->off);
		xml_puts(f, l->name);
		fprintf(f, "%s</text>\n", l->orphan ? " (orphan)" : "");
	}
}

static void heading(FILE *f, const struct panel *p, const char *what)
{
	const struct cell_map *m = p->m;

	fprintf(f, "<text class=\"t\" x=\"%u\" y=\"16\">", p->x + 4);
	xml_puts(f, what);
	xml_puts(f, m->title);
	fputs("</text>\n", f);
	fprintf(f, "<text x=\"%u\" y=\"32\">", p->x + 4);
	if (m->key)
		fprintf(f, "consensus of %u observation%s; values from one of them",
			m->n_obs, m->n_obs == 1 ? "" : "s");
	else
		fputs("one function", f);
	if (m->place[VCAP_PASID].offset >= 0)
		fprintf(f, "; vPASID at 0x%03x (%s)", m->place[VCAP_PASID].offset,
			verdict_name(m->verdict.verdict));
	else
		fprintf(f, "; no vPASID (%s)", verdict_name(m->verdict.verdict));
	fputs("</text>\n", f);
}

static void legend_item(FILE *f, unsigned int i, unsigned int y0)
{
	unsigned int x = SVG_GRID_X + i % LEGEND_COLS * (GRID_PX / LEGEND_COLS);
	unsigned int y = y0 + i / LEGEND_COLS * LEGEND_STEP;

	fprintf(f, "<g transform=\"translate(%u,%u)\">", x, y);
}

static void legend(FILE *f, const struct cell_map *m, unsigned int y0)
{
	unsigned int i = 0;
	int c, k;

	fputs("<g class=\"legend\">\n", f);
	for (c = 0; c < CELL_N; c++, i++) {
		legend_item(f, i, y0);
		fprintf(f, "<rect width=\"10\" height=\"10\" stroke=\"#808080\" "
			"class=\"%s%s\" data-owner=\"%s\"/><text x=\"14\" y=\"9\">%s</text></g>\n",
			css[c], c == CELL_CAP ? "0" : "", cell_class_name(c),
			cell_class_text(c));
	}
	for (k = 0; k < VCAP_N; k++, i++) {
		legend_item(f, i, y0);
		fprintf(f, "<rect width=\"10\" height=\"10\" fill=\"none\" stroke=\"%s\" "
			"stroke-width=\"2\"/><text x=\"14\" y=\"9\">%s ", place_stroke[k],
			vcap_types[k].label);
		if (m->place[k].offset >= 0)
			fprintf(f, "at 0x%03x", m->place[k].offset);
		else
			fputs("nowhere", f);
		fprintf(f, " (%s)</text></g>\n", vcap_reason_name(m->place[k].reason));
	}
	fputs("</g>\n", f);
}

static unsigned int legend_height(void)
{
	return (CELL_N + VCAP_N + LEGEND_COLS - 1) / LEGEND_COLS * LEGEND_STEP;
}

static void panel_draw(FILE *f, const struct panel *p, const char *what)
{
	heading(f, p, what);
	axes(f, p);
	cells(f, p);
	outlines(f, p->m);
	labels(f, p);
}

void emit_svg(FILE *f, const struct cell_map *m, const struct cell_map *pf,
	      bool inline_svg)
{
	struct panel *p = calloc(2, sizeof(*p));
	unsigned int w = pf ? 2 * PANEL_W : PANEL_W, h, legend_y;

	panel_init(&p[0], m, 0);
	if (pf)
		panel_init(&p[1], pf, PANEL_W);
	legend_y = SVG_GRID_Y + GRID_PX + 14;
	h = legend_y + legend_height();
	if (p[0].bottom + 8 > h)
		h = p[0].bottom + 8;
	if (pf && p[1].bottom + 8 > h)
		h = p[1].bottom + 8;
	if (!inline_svg)
		fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%u\" height=\"%u\" "
		"viewBox=\"0 0 %u %u\" shape-rendering=\"crispEdges\">\n", w, h, w, h);
	fputs("<title>pasid-scan map of ", f);
	xml_puts(f, m->title);
	fputs("</title>\n", f);
	style(f);
	fprintf(f, "<rect width=\"%u\" height=\"%u\" fill=\"#e4e4e4\"/>\n", w, h);
	panel_draw(f, &p[0], "");
	if (pf)
		panel_draw(f, &p[1], "its PF: ");
	legend(f, m, legend_y);
	fputs("</svg>\n", f);
	free(p);
}
