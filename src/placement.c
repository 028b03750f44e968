// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * placement.c - the offsets pasid-scan gives virtual capabilities, and
 * whether QEMU's default is safe.
 *
 * QEMU's pcie_add_capability() (hw/pci/pcie.c) takes a 4-aligned offset
 * in 0x100..0x1000 - size that is not inside an existing capability
 * header; with no extended capability at all it can only start the
 * chain at 0x100.  On top of that, the bytes must be free: vfio-pci
 * passes gap bytes to the guest raw, so covering a hidden register
 * breaks the guest driver that uses it.
 *
 * The rules, in order: the PF's offset of the physical capability (VF
 * keys), QEMU's default, then the free window nearest the end of config
 * space.  Each placed capability takes its bytes from the ones after it.
 */
#include <string.h>

#include "placement.h"

/* Sizes: PCIe r6.0 sec 7.8.8 (PASID), 10.5.2 (PRI), 10.5.1 (ATS). */
const struct vcap_type vcap_types[VCAP_N] = {
	[VCAP_PASID] = { "vpasid", "vPASID", PCI_EXT_CAP_ID_PASID, 8, QEMU_VPASID_DEFAULT },
	[VCAP_PRI] = { "vpri", "vPRI", PCI_EXT_CAP_ID_PRI, 16, -1 },
	[VCAP_ATS] = { "vats", "vATS", PCI_EXT_CAP_ID_ATS, 8, -1 },
};

void place_space_from_layout(const struct layout *l, struct place_space *sp)
{
	unsigned int b;

	sp->ext = l->caps.ext;
	for (b = 0; b < CFG_SPACE_SIZE; b++)
		sp->busy[b] = l->owner[b] != OWN_FREE;
}

static bool qemu_accepts(const struct place_space *sp, unsigned int off,
			 unsigned int size)
{
	if (off & 3 || off < PCI_EXT_CAP_START || off + size > CFG_SPACE_SIZE)
		return false;
	if (sp->ext == EXT_SPACE_EMPTY)
		return off == PCI_EXT_CAP_START;
	return true;
}

static bool fits(const struct place_space *sp, unsigned int off,
		 unsigned int size)
{
	unsigned int b;

	if (!qemu_accepts(sp, off, size))
		return false;
	for (b = off; b < off + size; b++)
		if (sp->busy[b])
			return false;
	return true;
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

/* No room at all: say why, most basic cause first. */
static bool nowhere(const struct place_space *sp, struct vcap_verdict *v)
{
	switch (sp->ext) {
	case EXT_SPACE_NONE:
	case EXT_SPACE_ALIASED:
		v->reason = VCAP_NO_EXT_SPACE;
		return true;
	case EXT_SPACE_UNKNOWN:
		v->reason = VCAP_EXT_UNKNOWN;
		return true;
	default:
		return false;
	}
}

static void place_one(const struct place_space *sp, enum vcap_kind k,
		      const struct place_templates *tmpl, struct vcap_verdict *v)
{
	const struct vcap_type *t = &vcap_types[k];
	unsigned int i;

	v->offset = -1;
	v->default_ok = t->qemu_default >= 0 &&
			fits(sp, (unsigned int)t->qemu_default, t->size);
	if (nowhere(sp, v))
		return;
	for (i = 0; tmpl && i < tmpl->n[k]; i++) {
		if (fits(sp, tmpl->off[k][i], t->size)) {
			v->offset = tmpl->off[k][i];
			v->reason = VCAP_PF_TEMPLATE;
			return;
		}
	}
	if (v->default_ok) {
		v->offset = t->qemu_default;
		v->reason = VCAP_QEMU_DEFAULT;
		return;
	}
	if (sp->ext == EXT_SPACE_EMPTY) {
		v->reason = fits(sp, PCI_EXT_CAP_START, t->size) ?
			    VCAP_NO_EXT_CAPS : VCAP_NO_ROOM;
		if (v->reason == VCAP_NO_EXT_CAPS)
			v->offset = PCI_EXT_CAP_START;
		return;
	}
	v->offset = highest_free(sp, t->size);
	v->reason = v->offset < 0 ? VCAP_NO_ROOM : VCAP_HIGHEST_FREE;
}

/* A placed capability's bytes are taken for the next; once one exists
 * the chain is no longer empty, so QEMU takes any offset after it. */
static void take(struct place_space *sp, const struct vcap_verdict *v,
		 unsigned int size)
{
	if (v->offset < 0)
		return;
	memset(&sp->busy[v->offset], 1, size);
	if (sp->ext == EXT_SPACE_EMPTY)
		sp->ext = EXT_SPACE_CAPS;
}

void place_all(const struct place_space *sp, const struct place_templates *tmpl,
	       struct vcap_verdict v[VCAP_N])
{
	struct place_space work = *sp;
	int k;

	for (k = 0; k < VCAP_N; k++) {
		place_one(&work, k, tmpl, &v[k]);
		take(&work, &v[k], vcap_types[k].size);
	}
}

void place_vcap(const struct layout *l, struct vcap_verdict *v)
{
	struct place_space sp;

	place_space_from_layout(l, &sp);
	place_one(&sp, VCAP_PASID, NULL, v);
}

const char *vcap_reason_name(enum vcap_reason r)
{
	static const char *const names[] = {
		[VCAP_PF_TEMPLATE] = "pf-template",
		[VCAP_QEMU_DEFAULT] = "qemu-default",
		[VCAP_NO_EXT_CAPS] = "no-ext-caps",
		[VCAP_HIGHEST_FREE] = "highest-free",
		[VCAP_NO_EXT_SPACE] = "no-ext-space",
		[VCAP_EXT_UNKNOWN] = "ext-space-unknown",
		[VCAP_NO_ROOM] = "no-room",
	};

	return names[r];
}

const char *vcap_reason_text(enum vcap_reason r)
{
	static const char *const text[] = {
		[VCAP_PF_TEMPLATE] = "the PF's offset of the physical capability is free in the VF",
		[VCAP_QEMU_DEFAULT] = "QEMU's default offset is free",
		[VCAP_NO_EXT_CAPS] = "no extended capability: QEMU can only start the chain at 0x100",
		[VCAP_HIGHEST_FREE] = "QEMU's default is occupied; highest free 8-aligned window",
		[VCAP_NO_EXT_SPACE] = "the function has no extended config space",
		[VCAP_EXT_UNKNOWN] = "the extended config space was not read (partial snapshot)",
		[VCAP_NO_ROOM] = "no free 8-aligned window is large enough",
	};

	return text[r];
}
