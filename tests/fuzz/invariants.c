// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * invariants.c - what must hold of any function's analysis, whatever
 * its bytes: the owner map, the regions, what the consumer makes of it
 * and the vPASID verdict agree with each other and stay inside the 4096
 * bytes.
 */
#include "fuzz.h"

static void check_caps(const struct cap_list *cl)
{
	unsigned int i;

	FUZZ_ASSERT(cl->n <= CAPS_MAX && cl->n_std <= cl->n);
	FUZZ_ASSERT(cl->n_notes <= CAPS_MAX_NOTES);
	for (i = 0; i < cl->n; i++) {
		const struct cap *c = &cl->caps[i];

		FUZZ_ASSERT(c->ext == (i >= cl->n_std));
		FUZZ_ASSERT(c->off >= PCI_STD_HEADER_SIZEOF);
		FUZZ_ASSERT(c->ext ? c->off >= CFG_LEGACY_SIZE :
				     c->off < CFG_LEGACY_SIZE);
		FUZZ_ASSERT((unsigned int)c->off + c->size <= CFG_SPACE_SIZE);
	}
}

/* Every byte of a region has the owner the region claims. */
static void check_regions(const struct layout *l, const struct region *r,
			  unsigned int n, enum owner o)
{
	unsigned int i, b;

	FUZZ_ASSERT(n <= LAYOUT_MAX_REGIONS);
	for (i = 0; i < n; i++) {
		FUZZ_ASSERT(r[i].size && r[i].off + r[i].size <= CFG_SPACE_SIZE);
		for (b = r[i].off; b < (unsigned int)r[i].off + r[i].size; b++)
			FUZZ_ASSERT(l->owner[b] == o);
	}
}

/* Free means read and known to be zero, never changing, never taking
 * a write: the one thing a placement may cover. */
static void check_free_bytes(const struct cfg_snapshot *s,
			     const struct layout *l)
{
	unsigned int b;

	for (b = 0; b < CFG_SPACE_SIZE; b++) {
		if (b < PCI_STD_HEADER_SIZEOF)
			FUZZ_ASSERT(l->owner[b] == OWN_HEADER);
		if (b >= s->valid_len)
			FUZZ_ASSERT(l->owner[b] == OWN_UNKNOWN);
		if (l->owner[b] != OWN_FREE)
			continue;
		FUZZ_ASSERT(!s->bytes[b] && !s->vol[b] && !s->rw[b]);
	}
}

/* An offset only where QEMU would extend the function, one QEMU takes
 * on its walk and that covers nothing in use; the verdict says which. */
static void check_verdict(const struct fn_report *r)
{
	const struct layout *l = &r->lay;
	const struct vcap_verdict *v = &r->place[VCAP_PASID];
	enum verdict vd = r->verdict.verdict;

	FUZZ_ASSERT(vd < VERDICT_N && r->verdict.why < WHY_N);
	FUZZ_ASSERT((r->guest.fate == GUEST_EXTENDED) == (vd >= VERDICT_DEFAULT_SAFE));
	FUZZ_ASSERT(v->default_ok == (vd == VERDICT_DEFAULT_SAFE));
	if (v->offset < 0) {
		FUZZ_ASSERT(v->offset == -1 && !v->default_ok);
		FUZZ_ASSERT(vd != VERDICT_DEFAULT_SAFE && vd != VERDICT_OTHER_OFFSET);
		return;
	}
	FUZZ_ASSERT(vd == VERDICT_DEFAULT_SAFE || vd == VERDICT_OTHER_OFFSET);
	FUZZ_ASSERT(v->offset >= CFG_LEGACY_SIZE && !(v->offset & 3));
	FUZZ_ASSERT(v->offset + VPASID_SIZE <= CFG_SPACE_SIZE);
	FUZZ_ASSERT(layout_is_free(l, (unsigned int)v->offset, VPASID_SIZE));
	FUZZ_ASSERT(qemu_accepts(r->guest.walk, r->guest.n_walk,
				 (unsigned int)v->offset, VPASID_SIZE));
	FUZZ_ASSERT(r->guest.n_walk >= 1 && r->guest.walk[0] == PCI_EXT_CAP_START);
	if (v->default_ok)
		FUZZ_ASSERT(layout_is_free(l, QEMU_VPASID_DEFAULT, VPASID_SIZE));
}

void fuzz_check_report(const struct cfg_snapshot *s, struct fn_report *r)
{
	analyze(s, r);
	check_caps(&r->lay.caps);
	check_regions(&r->lay, r->lay.hidden, r->lay.n_hidden, OWN_HIDDEN);
	check_regions(&r->lay, r->lay.free, r->lay.n_free, OWN_FREE);
	FUZZ_ASSERT(r->lay.n_orphans <= LAYOUT_MAX_ORPHANS);
	check_free_bytes(s, &r->lay);
	check_verdict(r);
}
