// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cell_map.c - one class per byte for the pictures, from a function's
 * layout or from a key's consensus.
 *
 * The classes are the layout's owners with a hidden register split by
 * its strongest evidence (writable over volatile over non-zero), so a
 * picture shows why a gap byte is not free, not only that it is not.
 *
 * src/view/: what people see of a function or a key: show's text, JSON
 * and guest view, the maps, the report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cell_map.h"
#include "names.h"

static const struct {
	const char *name;
	const char *text;
} cell_classes[CELL_N] = {
	[CELL_HEADER] = { "header", "header" },
	[CELL_CAP] = { "cap", "capability" },
	[CELL_ORPHAN] = { "orphan", "orphan capability (not linked)" },
	[CELL_WRITABLE] = { "writable", "hidden register: writable" },
	[CELL_VOLATILE] = { "volatile", "hidden register: volatile" },
	[CELL_NONZERO] = { "nonzero", "hidden register: non-zero" },
	[CELL_UNKNOWN] = { "unknown", "not read" },
	[CELL_ABSENT] = { "absent", "no extended config space" },
	[CELL_FREE] = { "free", "free (reads zero, no owner)" },
};

const char *cell_class_name(enum cell_class c)
{
	return cell_classes[c].name;
}

const char *cell_class_text(enum cell_class c)
{
	return cell_classes[c].text;
}

static void map_init(struct cell_map *m)
{
	memset(m, 0, sizeof(*m));
	memset(m->label, 0xff, sizeof(m->label));
	memset(m->value, 0xff, sizeof(m->value));
}

static void add_label(struct cell_map *m, const struct cap *c, bool orphan)
{
	struct cell_label *lb = &m->labels[m->n_labels++];
	char buf[CELL_NAME_MAX];

	lb->off = c->off;
	lb->size = c->size;
	lb->orphan = orphan;
	snprintf(lb->name, sizeof(lb->name), "%s", cap_display_name(c, buf, sizeof(buf)));
}

static int label_cmp(const void *a, const void *b, void *arg)
{
	const struct cell_label *l = ((const struct cell_map *)arg)->labels;
	uint16_t x = *(const uint16_t *)a, y = *(const uint16_t *)b;

	if (l[x].off != l[y].off)
		return l[x].off - l[y].off;
	return x - y;
}

/* Pictures name and colour capabilities in address order, so that
 * neighbours in the grid differ; the chain's order is not the grid's. */
static void rank_labels(struct cell_map *m)
{
	unsigned int i;

	for (i = 0; i < m->n_labels; i++)
		m->order[i] = (uint16_t)i;
	if (m->n_labels)
		qsort_r(m->order, m->n_labels, sizeof(m->order[0]), label_cmp, m);
	for (i = 0; i < m->n_labels; i++)
		m->labels[m->order[i]].rank = (uint16_t)i;
}

static enum cell_class hidden_class(uint8_t evid)
{
	if (evid & EVID_WRITABLE)
		return CELL_WRITABLE;
	if (evid & EVID_VOLATILE)
		return CELL_VOLATILE;
	return CELL_NONZERO;
}

static enum cell_class owner_class(const struct layout *l, unsigned int b)
{
	switch ((enum owner)l->owner[b]) {
	case OWN_HEADER:
		return CELL_HEADER;
	case OWN_CAP:
		return CELL_CAP;
	case OWN_ORPHAN:
		return CELL_ORPHAN;
	case OWN_HIDDEN:
		return hidden_class(l->evidence[b / 4]);
	case OWN_UNKNOWN:
		return CELL_UNKNOWN;
	case OWN_ABSENT:
		return CELL_ABSENT;
	case OWN_FREE:
		break;
	}
	return CELL_FREE;
}

static void function_title(const struct cfg_snapshot *s, struct cell_map *m)
{
	char bdf[PCI_ADDR_STRLEN] = "";

	if (s->id.has_addr)
		pci_addr_format(&s->id.addr, bdf);
	snprintf(m->title, sizeof(m->title), "%s%s%04x:%04x %s", bdf,
		 bdf[0] ? " " : "", s->id.vendor, s->id.device,
		 fn_kind_name(s->id.kind));
}

void cell_map_from_report(const struct fn_report *r, struct cell_map *m)
{
	const struct layout *l = &r->lay;
	unsigned int b, i;

	map_init(m);
	function_title(r->s, m);
	for (i = 0; i < l->caps.n; i++)
		add_label(m, &l->caps.caps[i], false);
	for (i = 0; i < l->n_orphans; i++)
		add_label(m, &l->orphans[i], true);
	for (b = 0; b < CFG_SPACE_SIZE; b++) {
		m->cls[b] = owner_class(l, b);
		if (m->cls[b] == CELL_CAP)
			m->label[b] = l->index[b];
		else if (m->cls[b] == CELL_ORPHAN)
			m->label[b] = (uint16_t)(l->caps.n + l->index[b]);
		if (b < r->s->valid_len)
			m->value[b] = r->s->bytes[b];
	}
	rank_labels(m);
	memcpy(m->place, r->place, sizeof(m->place));
	m->verdict = r->verdict;
}

/* The first class the OCC_* bits of a key's byte give, in the order of
 * enum cell_class; no bit at all is a byte every observation left free. */
static enum cell_class occ_class(uint8_t occ)
{
	static const uint8_t bit[CELL_N] = {
		[CELL_HEADER] = OCC_HEADER, [CELL_CAP] = OCC_CAP,
		[CELL_ORPHAN] = OCC_ORPHAN, [CELL_WRITABLE] = OCC_WRITABLE,
		[CELL_VOLATILE] = OCC_VOLATILE, [CELL_NONZERO] = OCC_NONZERO,
		[CELL_UNKNOWN] = OCC_UNKNOWN, [CELL_ABSENT] = OCC_ABSENT,
	};
	int c;

	for (c = 0; c < CELL_FREE; c++)
		if (occ & bit[c])
			return c;
	return CELL_FREE;
}

/* The lowest of the key's capabilities (linked, or orphan) covering b:
 * observations may disagree, and the picture names one of them. */
static uint16_t key_label_at(const struct dev_key *k, unsigned int b, bool orphan)
{
	size_t i;

	for (i = 0; i < k->n_caps; i++) {
		const struct key_cap *c = &k->caps[i];

		if (c->orphan == orphan && b >= c->off && b < (unsigned int)c->off + c->size)
			return (uint16_t)i;
	}
	return CELL_NO_LABEL;
}

void cell_map_from_key(const struct dev_key *k, const struct cfg_snapshot *sample,
		       struct cell_map *m)
{
	unsigned int b;
	size_t i;

	map_init(m);
	m->key = true;
	m->n_obs = k->n_obs;
	key_format(k->vendor, k->device, k->vf, m->title);
	for (i = 0; i < k->n_caps && i < CAPS_MAX + LAYOUT_MAX_ORPHANS; i++) {
		const struct key_cap *c = &k->caps[i];
		struct cap cp = { .off = c->off, .id = c->id, .ext = c->ext,
				  .size = c->size };

		add_label(m, &cp, c->orphan);
	}
	for (b = 0; b < CFG_SPACE_SIZE; b++) {
		m->occ[b] = k->occ[b];
		m->cls[b] = occ_class(k->occ[b]);
		if (m->cls[b] == CELL_CAP || m->cls[b] == CELL_ORPHAN)
			m->label[b] = key_label_at(k, b, m->cls[b] == CELL_ORPHAN);
		if (m->label[b] >= m->n_labels)
			m->label[b] = CELL_NO_LABEL;
		if (sample && b < sample->valid_len)
			m->value[b] = sample->bytes[b];
	}
	rank_labels(m);
	memcpy(m->place, k->place, sizeof(m->place));
	m->verdict = k->verdict;
}

int cell_map_placement_at(const struct cell_map *m, unsigned int off)
{
	int k;

	for (k = 0; k < VCAP_N; k++) {
		const struct vcap_verdict *v = &m->place[k];

		if (v->offset >= 0 && off >= (unsigned int)v->offset &&
		    off < (unsigned int)v->offset + vcap_types[k].size)
			return k;
	}
	return -1;
}
