// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * placement.c - the verdict on a vPASID, and the offsets pasid-scan
 * gives virtual capabilities.
 *
 * Only where QEMU would synthesize a vPASID (guest.c) is there anything
 * to place.  There, an offset must pass QEMU's own checks
 * (qemu_accepts(), on every walk QEMU takes in the observations) and
 * pasid-scan's: none of its bytes may belong to a capability, linked or
 * orphan (so no header past it is overwritten either), to a hidden
 * register, or to a byte some observation did not read.  vfio-pci
 * passes gap bytes to the guest raw, so covering a hidden register
 * breaks the guest driver that uses it.
 *
 * The rules, in order: QEMU's default; then the PF's offset of the
 * physical capability (VF keys); then the free window nearest the end
 * of config space.  Each placed capability takes its bytes from the
 * ones after it.
 *
 * src/model/: one function's config space and what is made of it: the
 * snapshot, its capabilities, who owns each byte, what vfio-pci and
 * QEMU make of it, the verdict.
 */
#include <stdio.h>
#include <string.h>

#include "placement.h"

/* Sizes: PCIe r6.0 sec 7.8.8 (PASID), 10.5.2 (PRI), 10.5.1 (ATS). */
const struct vcap_type vcap_types[VCAP_N] = {
	[VCAP_PASID] = { "vpasid", "vPASID", PCI_EXT_CAP_ID_PASID, 8, QEMU_VPASID_DEFAULT },
	[VCAP_PRI] = { "vpri", "vPRI", PCI_EXT_CAP_ID_PRI, 16, -1 },
	[VCAP_ATS] = { "vats", "vATS", PCI_EXT_CAP_ID_ATS, 8, -1 },
};

const struct occ_reason occ_reasons[N_OCC_REASONS] = {
	{ OCC_HEADER, "header", "header" },
	{ OCC_CAP, "cap", "capability" },
	{ OCC_ORPHAN, "orphan", "orphan" },
	{ OCC_NONZERO, "nonzero", "non-zero" },
	{ OCC_VOLATILE, "volatile", "volatile" },
	{ OCC_WRITABLE, "writable", "writable" },
	{ OCC_UNKNOWN, "unknown", "not read" },
	{ OCC_ABSENT, "absent", "no extended space" },
};

static uint8_t evid_occ(uint8_t evidence)
{
	return (evidence & EVID_NONZERO ? OCC_NONZERO : 0) |
	       (evidence & EVID_VOLATILE ? OCC_VOLATILE : 0) |
	       (evidence & EVID_WRITABLE ? OCC_WRITABLE : 0);
}

void occ_from_layout(const struct layout *l, uint8_t occ[CFG_SPACE_SIZE])
{
	static const uint8_t occ_of[] = {
		[OWN_UNKNOWN] = OCC_UNKNOWN,
		[OWN_ABSENT] = OCC_ABSENT,
		[OWN_HEADER] = OCC_HEADER,
		[OWN_CAP] = OCC_CAP,
		[OWN_ORPHAN] = OCC_ORPHAN,
		[OWN_HIDDEN] = 0,	/* its dword's evidence, below */
		[OWN_FREE] = 0,
	};
	unsigned int b;

	for (b = 0; b < CFG_SPACE_SIZE; b++) {
		occ[b] = occ_of[l->owner[b]];
		if (l->owner[b] == OWN_HIDDEN)
			occ[b] = evid_occ(l->evidence[b / 4]);
	}
}

const char *occ_text(uint8_t occ, bool names, char *buf, size_t len)
{
	size_t n = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < N_OCC_REASONS; i++)
		if (occ & occ_reasons[i].bit && n < len)
			n += (size_t)snprintf(buf + n, len - n, "%s%s",
					      n ? ", " : "", names ?
					      occ_reasons[i].name :
					      occ_reasons[i].text);
	return buf;
}

static bool free_bytes(const struct place_space *sp, unsigned int off,
		       unsigned int size)
{
	unsigned int b;

	for (b = off; b < off + size; b++)
		if (sp->occ[b])
			return false;
	return true;
}

static bool qemu_takes(const struct place_space *sp, unsigned int off,
		       unsigned int size)
{
	size_t i;

	if (!qemu_accepts(NULL, 0, off, size))
		return false;
	for (i = 0; i < sp->n_walks; i++)
		if (!qemu_accepts(sp->walks[i].off, sp->walks[i].n, off, size))
			return false;
	return true;
}

static bool fits(const struct place_space *sp, unsigned int off,
		 unsigned int size)
{
	return qemu_takes(sp, off, size) && free_bytes(sp, off, size);
}

/* Nearest the end, 8-byte aligned: the end is where QEMU looks first
 * and where devices least often keep registers. */
static int highest_free(const struct place_space *sp, unsigned int size)
{
	int off;

	for (off = (int)((CFG_SPACE_SIZE - size) & ~7u);
	     off >= PCI_EXT_CAP_START; off -= 8)
		if (fits(sp, (unsigned int)off, size))
			return off;
	return -1;
}

static void place_one(const struct place_space *sp, enum vcap_kind k,
		      const struct place_templates *tmpl, struct vcap_verdict *v)
{
	const struct vcap_type *t = &vcap_types[k];
	unsigned int i;

	v->default_ok = t->qemu_default >= 0 &&
			fits(sp, (unsigned int)t->qemu_default, t->size);
	if (v->default_ok) {
		v->offset = t->qemu_default;
		v->reason = VCAP_QEMU_DEFAULT;
		return;
	}
	for (i = 0; tmpl && i < tmpl->n[k]; i++) {
		if (fits(sp, tmpl->off[k][i], t->size)) {
			v->offset = tmpl->off[k][i];
			v->reason = VCAP_PF_TEMPLATE;
			return;
		}
	}
	v->offset = highest_free(sp, t->size);
	v->reason = v->offset < 0 ? VCAP_NO_ROOM : VCAP_HIGHEST_FREE;
}

static enum verdict verdict_of_fate(enum guest_fate f)
{
	static const enum verdict of[] = {
		[GUEST_NOT_KNOWN] = VERDICT_NOT_KNOWN,
		[GUEST_NOT_ASSIGNABLE] = VERDICT_NOT_ASSIGNABLE,
		[GUEST_NO_VPASID] = VERDICT_NO_VPASID,
	};

	return of[f];
}

void place_decide(enum guest_fate fate, enum guest_why why,
		  const struct place_space *sp, const struct place_templates *tmpl,
		  struct vpasid_verdict *vv, struct vcap_verdict v[VCAP_N])
{
	struct place_space work;
	unsigned int b;
	int k;

	memset(vv, 0, sizeof(*vv));
	for (b = QEMU_VPASID_DEFAULT; b < QEMU_VPASID_DEFAULT + VPASID_SIZE; b++)
		vv->default_occ |= sp->occ[b];
	vv->qemu_takes_default = qemu_takes(sp, QEMU_VPASID_DEFAULT, VPASID_SIZE);
	if (fate != GUEST_EXTENDED) {
		vv->verdict = verdict_of_fate(fate);
		vv->why = why;
		for (k = 0; k < VCAP_N; k++)
			v[k] = (struct vcap_verdict){ -1, VCAP_NOT_EXTENDED, false };
		return;
	}
	/* A placed capability's bytes are taken for the next. */
	work = *sp;
	for (k = 0; k < VCAP_N; k++) {
		place_one(&work, k, tmpl, &v[k]);
		if (v[k].offset >= 0)
			memset(&work.occ[v[k].offset], OCC_CAP, vcap_types[k].size);
	}
	if (v[VCAP_PASID].reason == VCAP_QEMU_DEFAULT)
		vv->verdict = VERDICT_DEFAULT_SAFE;
	else if (v[VCAP_PASID].offset >= 0)
		vv->verdict = VERDICT_OTHER_OFFSET;
	else
		vv->verdict = VERDICT_NO_SAFE_OFFSET;
}

void place_function(const struct layout *l, const struct guest_view *g,
		    struct vpasid_verdict *vv, struct vcap_verdict v[VCAP_N])
{
	struct qemu_walk walk = { g->walk, g->n_walk };
	struct place_space sp;

	occ_from_layout(l, sp.occ);
	sp.walks = &walk;
	sp.n_walks = g->fate == GUEST_EXTENDED ? 1 : 0;
	place_decide(g->fate, g->why, &sp, NULL, vv, v);
}

bool verdict_needs_row(enum verdict v)
{
	return v == VERDICT_OTHER_OFFSET || v == VERDICT_NO_SAFE_OFFSET;
}

static const struct name_text reasons[VCAP_REASON_N] = {
	[VCAP_QEMU_DEFAULT] = { "qemu-default", "QEMU's default offset is free" },
	[VCAP_PF_TEMPLATE] = { "pf-template",
		"the PF's offset of the physical capability is free here" },
	[VCAP_HIGHEST_FREE] = { "highest-free",
		"the highest free 8-aligned window QEMU takes" },
	[VCAP_NO_ROOM] = { "no-room",
		"no free 8-aligned window is large enough" },
	[VCAP_NOT_EXTENDED] = { "not-extended",
		"QEMU adds no extended capability here (see the verdict)" },
};

const char *vcap_reason_name(enum vcap_reason r)
{
	return reasons[r].name;
}

const char *vcap_reason_text(enum vcap_reason r)
{
	return reasons[r].text;
}

int vcap_reason_parse(const char *name, enum vcap_reason *r)
{
	int i = name_index(reasons, VCAP_REASON_N, sizeof(reasons[0]), name);

	if (i < 0)
		return -1;
	*r = (enum vcap_reason)i;
	return 0;
}

static const char *const verdict_names[VERDICT_N] = {
	[VERDICT_NOT_KNOWN] = "not-known",
	[VERDICT_NOT_ASSIGNABLE] = "not-assignable",
	[VERDICT_NO_VPASID] = "no-vpasid",
	[VERDICT_DEFAULT_SAFE] = "default-safe",
	[VERDICT_OTHER_OFFSET] = "other-offset",
	[VERDICT_NO_SAFE_OFFSET] = "no-safe-offset",
};

const char *verdict_name(enum verdict v)
{
	return verdict_names[v];
}

int verdict_parse(const char *name, enum verdict *v)
{
	int i = name_index(verdict_names, VERDICT_N, sizeof(verdict_names[0]), name);

	if (i < 0)
		return -1;
	*v = (enum verdict)i;
	return 0;
}

/* What holds the default's bytes, and whether QEMU would take it. */
static const char *default_taken(const struct vpasid_verdict *vv, char *buf,
				 size_t len)
{
	char occ[96];

	snprintf(buf, len, "0x%x holds %s%s", QEMU_VPASID_DEFAULT,
		 occ_text(vv->default_occ, false, occ, sizeof(occ)),
		 vv->qemu_takes_default ? " (QEMU would still take it)" : "");
	return buf;
}

const char *verdict_text(const struct vpasid_verdict *vv,
			 const struct vcap_verdict *vpasid, char *buf, size_t len)
{
	char taken[160];

	switch (vv->verdict) {
	case VERDICT_NOT_KNOWN:
		snprintf(buf, len, "%s; scan it as root", guest_why_text(vv->why));
		break;
	case VERDICT_NOT_ASSIGNABLE:
	case VERDICT_NO_VPASID:
		snprintf(buf, len, "%s", guest_why_text(vv->why));
		break;
	case VERDICT_DEFAULT_SAFE:
		snprintf(buf, len, "QEMU's default offset 0x%x covers nothing in use",
			 QEMU_VPASID_DEFAULT);
		break;
	case VERDICT_OTHER_OFFSET:
		snprintf(buf, len, "%s; 0x%x is free: %s",
			 default_taken(vv, taken, sizeof(taken)), vpasid->offset,
			 vcap_reason_text(vpasid->reason));
		break;
	default:
		snprintf(buf, len, "%s, and no other 8 bytes QEMU takes are free: "
			 "leave vPASID out", default_taken(vv, taken, sizeof(taken)));
		break;
	}
	return buf;
}
