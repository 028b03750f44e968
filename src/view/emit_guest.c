// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * emit_guest.c - "pasid-scan show --guest": one function as a guest
 * sees it under QEMU 11 and vfio-pci (guest.c): which extended
 * capabilities reach the guest's chain, where QEMU's default vPASID
 * would land and what it would cover, where pasid-scan puts it, and
 * which bytes vfio-pci passes through raw.  It is how a maintainer
 * checks a row of the table by eye.
 *
 * src/view/: what people see of a function or a key: show's text, JSON
 * and guest view, the maps, the report.
 */
#include <stdio.h>

#include "emit_show.h"

/* A run of raw bytes has one owner: a gap, a hidden register, an
 * orphan, or a capability vfio-pci hides. */
struct raw_run {
	unsigned int off, end;
	enum owner owner;
	const struct cap *cap;	/* orphan or hidden capability */
};

static const struct cap *owner_cap(const struct layout *l, unsigned int b)
{
	if (l->owner[b] == OWN_CAP)
		return &l->caps.caps[l->index[b]];
	if (l->owner[b] == OWN_ORPHAN)
		return &l->orphans[l->index[b]];
	return NULL;
}

/* The next run of raw bytes at or after *b; false when there is none. */
static bool next_run(const struct layout *l, const bool *raw, unsigned int *b,
		     struct raw_run *r)
{
	while (*b < CFG_SPACE_SIZE && !raw[*b])
		(*b)++;
	if (*b >= CFG_SPACE_SIZE)
		return false;
	r->off = *b;
	r->owner = l->owner[*b];
	r->cap = owner_cap(l, *b);
	while (*b < CFG_SPACE_SIZE && raw[*b] && l->owner[*b] == r->owner &&
	       owner_cap(l, *b) == r->cap)
		(*b)++;
	r->end = *b;
	return true;
}

static const char *run_what(const struct raw_run *r, char *buf, size_t len)
{
	char name[48];

	switch (r->owner) {
	case OWN_HIDDEN:
		return "hidden register";
	case OWN_ORPHAN:
		snprintf(buf, len, "orphan %s", cap_display_name(r->cap, name, sizeof(name)));
		return buf;
	case OWN_CAP:
		snprintf(buf, len, "hidden %s", cap_display_name(r->cap, name, sizeof(name)));
		return buf;
	default:
		return "free";
	}
}

static void text_ecaps(FILE *out, const struct fn_report *r)
{
	const struct guest_view *g = &r->guest;
	unsigned int i;
	char name[48];

	if (!g->n_ecap)
		return;
	fprintf(out, "\tExtended capabilities on the way to the guest:\n");
	for (i = 0; i < g->n_ecap; i++) {
		struct cap c = { .off = g->ecap[i].off, .id = g->ecap[i].id,
				 .ext = true };

		fprintf(out, "\t\t[%03x] %s: %s\n", c.off,
			cap_display_name(&c, name, sizeof(name)),
			ecap_fate_text(g->ecap[i].fate));
	}
}

/* The name of the capability QEMU has at a header on its walk. */
static const char *walk_name(const struct guest_view *g, unsigned int off,
			     char *buf, size_t len)
{
	unsigned int i;

	for (i = 0; i < g->n_ecap; i++) {
		struct cap c = { .off = g->ecap[i].off, .id = g->ecap[i].id,
				 .ext = true };

		if (g->ecap[i].off == off && g->ecap[i].fate == ECAP_KEPT)
			return cap_display_name(&c, buf, len);
	}
	return "placeholder, ID 0";
}

/* QEMU's chain, with the vPASID linked in where it would go. */
static void text_chain(FILE *out, const struct guest_view *g, int vpasid)
{
	unsigned int i, n = 0, at = g->n_walk + 1;
	char name[48];

	if (vpasid >= 0)
		at = qemu_insert_at(g, (unsigned int)vpasid);
	fprintf(out, "\tGuest's extended chain%s:", vpasid >= 0 ? " with the vPASID" : "");
	for (i = 0; i <= g->n_walk; i++) {
		if (i == at)
			fprintf(out, "%s [%03x] vPASID", n++ ? " ->" : "", vpasid);
		if (i < g->n_walk)
			fprintf(out, "%s [%03x] %s", n++ ? " ->" : "", g->walk[i],
				walk_name(g, g->walk[i], name, sizeof(name)));
	}
	fputc('\n', out);
}

static void text_default(FILE *out, const struct fn_report *r)
{
	const struct vpasid_verdict *vv = &r->verdict;
	char occ[96];

	fprintf(out, "\tvPASID at QEMU's default 0x%x: ", QEMU_VPASID_DEFAULT);
	if (!vv->qemu_takes_default)
		fprintf(out, "QEMU refuses it (inside a header on its walk)\n");
	else if (!vv->default_occ)
		fprintf(out, "QEMU takes it; it covers nothing in use: safe\n");
	else
		fprintf(out, "QEMU takes it; it covers %s: NOT safe\n",
			occ_text(vv->default_occ, false, occ, sizeof(occ)));
}

static void text_raw(FILE *out, const struct fn_report *r)
{
	bool raw[CFG_SPACE_SIZE];
	struct raw_run run;
	unsigned int b = 0, n = 0;
	char what[64];

	guest_raw_bytes(r->s, &r->lay, raw);
	fprintf(out, "\tPassed through raw by vfio-pci:");
	while (next_run(&r->lay, raw, &b, &run))
		fprintf(out, "%s %03x-%03x %s", n++ ? "," : "", run.off,
			run.end - 1, run_what(&run, what, sizeof(what)));
	fprintf(out, "%s\n", n ? "" : " none");
}

void emit_guest_text(FILE *out, const struct fn_report *r)
{
	const struct guest_view *g = &r->guest;

	emit_show_identity(out, r->s);
	fprintf(out, "\tGuest: QEMU 11 with iommufd and a vIOMMU that offers PASID, "
		"vfio-pci, a PCI Express slot\n");
	text_ecaps(out, r);
	if (g->fate == GUEST_EXTENDED) {
		text_chain(out, g, -1);
		text_default(out, r);
		if (r->place[VCAP_PASID].offset >= 0)
			text_chain(out, g, r->place[VCAP_PASID].offset);
	}
	emit_show_vpasid(out, r);
	text_raw(out, r);
	fputc('\n', out);
}

static json_t *ecaps_json(const struct guest_view *g)
{
	json_t *a = json_array();
	unsigned int i;
	char name[48];

	for (i = 0; i < g->n_ecap; i++) {
		struct cap c = { .off = g->ecap[i].off, .id = g->ecap[i].id,
				 .ext = true };

		json_array_append_new(a, json_pack("{s:i, s:i, s:s, s:s}",
			"offset", c.off, "id", c.id,
			"name", cap_display_name(&c, name, sizeof(name)),
			"fate", ecap_fate_name(g->ecap[i].fate)));
	}
	return a;
}

static json_t *chain_json(const struct guest_view *g)
{
	json_t *a = json_array();
	unsigned int i;

	for (i = 0; i < g->n_walk; i++)
		json_array_append_new(a, json_integer(g->walk[i]));
	return a;
}

static json_t *occ_json(uint8_t occ)
{
	json_t *a = json_array();
	unsigned int i;

	for (i = 0; i < N_OCC_REASONS; i++)
		if (occ & occ_reasons[i].bit)
			json_array_append_new(a, json_string(occ_reasons[i].name));
	return a;
}

static json_t *raw_json(const struct fn_report *r)
{
	json_t *a = json_array();
	bool raw[CFG_SPACE_SIZE];
	struct raw_run run;
	unsigned int b = 0;
	char what[64];

	guest_raw_bytes(r->s, &r->lay, raw);
	while (next_run(&r->lay, raw, &b, &run))
		json_array_append_new(a, json_pack("{s:i, s:i, s:s}",
			"offset", run.off, "size", run.end - run.off,
			"what", run_what(&run, what, sizeof(what))));
	return a;
}

json_t *emit_guest_json(const struct fn_report *r)
{
	const struct guest_view *g = &r->guest;
	const struct vpasid_verdict *vv = &r->verdict;
	int off = r->place[VCAP_PASID].offset;
	bool ext = g->fate == GUEST_EXTENDED;
	json_t *o = emit_show_json(r);

	json_object_set_new(o, "guest", json_pack(
		"{s:s, s:o, s:o, s:o, s:{s:i, s:b, s:b, s:o}, s:o, s:o}",
		"fate", guest_fate_name(g->fate),
		"why", g->why != WHY_NONE ? json_string(guest_why_name(g->why)) :
					    json_null(),
		"ecaps", ecaps_json(g),
		"chain", ext ? chain_json(g) : json_null(),
		"default", "offset", QEMU_VPASID_DEFAULT,
		"qemu_takes", ext && vv->qemu_takes_default,
		"safe", ext && vv->qemu_takes_default && !vv->default_occ,
		"taken_by", occ_json(vv->default_occ),
		"vpasid_after", ext && off >= 0 ?
			json_integer(g->walk[qemu_insert_at(g, (unsigned int)off) - 1]) :
			json_null(),
		"raw", raw_json(r)));
	return o;
}
