// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * layout.c - the owner map of a function's config space.
 *
 * Order matters: header, then the linked chains, then orphan structures
 * found in what is left, then non-zero gap registers; only what remains
 * (known to read zero, owned by nobody) is free.  vfio-pci passes gap
 * bytes to the guest raw, so anything that might be a register there is
 * treated as occupied.
 *
 * src/model/: one function's config space and what is made of it: the
 * snapshot, its capabilities, who owns each byte, what vfio-pci and
 * QEMU make of it, the verdict.
 */
#include <string.h>

#include "layout.h"

static void mark_base(const struct cfg_snapshot *s, const struct cap_list *cl,
		      struct layout *l)
{
	unsigned int hdr = cfg_header_type(s) == PCI_HEADER_TYPE_CARDBUS ?
			   PCI_CB_HEADER_SIZEOF : PCI_STD_HEADER_SIZEOF;
	bool no_ext = cl->ext == EXT_SPACE_NONE || cl->ext == EXT_SPACE_ALIASED;
	unsigned int b;

	for (b = 0; b < CFG_SPACE_SIZE; b++) {
		if (b >= s->valid_len)
			l->owner[b] = OWN_UNKNOWN;
		else if (b >= CFG_LEGACY_SIZE && no_ext)
			l->owner[b] = OWN_ABSENT;
		else
			l->owner[b] = b < hdr ? OWN_HEADER : OWN_FREE;
	}
}

/* First claim wins; a later capability running into an earlier one is
 * reported once, not allowed to take its bytes. */
static void mark_caps(struct layout *l)
{
	struct cap_list *cl = &l->caps;
	unsigned int i, b;

	for (i = 0; i < cl->n; i++) {
		const struct cap *c = &cl->caps[i];
		bool reported = false;

		for (b = c->off; b < (unsigned int)c->off + c->size; b++) {
			if (l->owner[b] == OWN_FREE) {
				l->owner[b] = OWN_CAP;
				l->index[b] = (uint16_t)i;
			} else if (l->owner[b] == OWN_CAP && !reported) {
				caps_note(cl, NOTE_OVERLAP, c->off,
					  cl->caps[l->index[b]].off);
				reported = true;
			}
		}
	}
}

static bool all_of(const struct layout *l, unsigned int off, unsigned int len,
		   enum owner kind)
{
	unsigned int b;

	for (b = off; b < off + len; b++)
		if (l->owner[b] != kind)
			return false;
	return true;
}

static bool all_free(const struct layout *l, unsigned int off, unsigned int len)
{
	return off + len <= CFG_SPACE_SIZE && all_of(l, off, len, OWN_FREE);
}

/* Standard IDs worth recognising unlinked, each with a sanity check of
 * its first registers so that random register data is not taken for one. */
static bool plausible_std(const struct cfg_snapshot *s, unsigned int off)
{
	unsigned int id = cfg_u8(s, off), next = cfg_u8(s, off + 1);
	uint16_t w = cfg_le16(s, off + 2);

	if (next && (next < PCI_STD_HEADER_SIZEOF || next & 3 || next == off))
		return false;
	switch (id) {
	case PCI_CAP_ID_PM:	/* PMC version 1..3, reserved PMC bit 4 and
				 * PMCSR bits 2, 7:4 clear (PCI PM r1.2 3.2.3-4) */
		return (w & 7) >= 1 && (w & 7) <= 3 && !(w & 0x10) &&
		       !(cfg_u8(s, off + 4) & 0xf4);
	case PCI_CAP_ID_MSI:	/* reserved bits clear, MME <= MMC <= 32 vectors */
		return !(w & 0xf800) && ((w >> 1) & 7) <= 5 &&
		       ((w >> 4) & 7) <= ((w >> 1) & 7);
	case PCI_CAP_ID_EXP:	/* version 1 or 2 and a defined port type */
		return ((w & PCI_EXP_FLAGS_VERS) == 1 ||
			(w & PCI_EXP_FLAGS_VERS) == 2) &&
		       ((w & PCI_EXP_FLAGS_TYPE) >> 4) <= PCI_EXP_TYPE_RC_EC &&
		       ((w & PCI_EXP_FLAGS_TYPE) >> 4) != 2 &&
		       ((w & PCI_EXP_FLAGS_TYPE) >> 4) != 3;
	case PCI_CAP_ID_MSIX:	/* reserved bits clear, BIRs name a BAR */
		return !(w & 0x3800) && (cfg_u8(s, off + 4) & 7) <= 5 &&
		       (cfg_u8(s, off + 8) & 7) <= 5;
	default:
		return false;
	}
}

static bool plausible_ext(const struct cfg_snapshot *s, unsigned int off)
{
	uint32_t h = cfg_le32(s, off);
	unsigned int next = h >> 20;

	if (!PCI_EXT_CAP_ID(h) || !cap_type_ext(PCI_EXT_CAP_ID(h)))
		return false;
	if (PCI_EXT_CAP_VER(h) < 1 || PCI_EXT_CAP_VER(h) > 3)
		return false;
	return !next || (next >= PCI_EXT_CAP_START && !(next & 3) && next != off);
}

static void add_orphan(const struct cfg_snapshot *s, struct layout *l,
		       unsigned int off, bool ext, unsigned int size)
{
	struct cap *o = &l->orphans[l->n_orphans];
	uint32_t h = cfg_le32(s, off);
	unsigned int b;

	o->off = (uint16_t)off;
	o->ext = ext;
	o->id = (uint16_t)(ext ? PCI_EXT_CAP_ID(h) : (h & 0xff));
	o->version = (uint8_t)(ext ? PCI_EXT_CAP_VER(h) : 0);
	o->size = (uint16_t)size;
	o->size_known = true;
	for (b = off; b < off + size; b++) {
		l->owner[b] = OWN_ORPHAN;
		l->index[b] = (uint16_t)l->n_orphans;
	}
	l->n_orphans++;
}

/*
 * Unlinked structures are real on shipping parts: an Intel X550 keeps a
 * whole SR-IOV capability at 0x160 that its ARI capability skips, a
 * ConnectX-3 Pro one at 0x108 (pciutils tests/cap-aer-root), Intel QAT
 * VFs a PCIe capability at 0x50.  Their whole extent counts as occupied.
 */
static void find_orphans(const struct cfg_snapshot *s, struct layout *l)
{
	bool ext_ok = l->caps.ext == EXT_SPACE_EMPTY ||
		      l->caps.ext == EXT_SPACE_CAPS;
	unsigned int off, size;

	for (off = PCI_STD_HEADER_SIZEOF; off + 4 <= CFG_SPACE_SIZE; off += 4) {
		bool ext = off >= CFG_LEGACY_SIZE;

		if (l->n_orphans >= LAYOUT_MAX_ORPHANS || (ext && !ext_ok))
			break;
		if (!all_free(l, off, 4) || !cfg_le32(s, off))
			continue;
		if (ext ? !plausible_ext(s, off) : !plausible_std(s, off))
			continue;
		size = cap_size(s, &l->caps.pcie, ext,
				ext ? PCI_EXT_CAP_ID(cfg_le32(s, off)) :
				      cfg_u8(s, off), off);
		if (!size || off + size > (ext ? CFG_SPACE_SIZE : CFG_LEGACY_SIZE) ||
		    !all_free(l, off, size))
			continue;
		add_orphan(s, l, off, ext, size);
		off += size - 4;
	}
}

/* What the gap bytes of one dword say: read non-zero, changed between
 * reads, changed by a write.  The masks count only as far as probed. */
static uint8_t gap_evidence(const struct cfg_snapshot *s,
			    const struct layout *l, unsigned int off)
{
	uint8_t ev = 0;
	unsigned int b;

	for (b = off; b < off + 4; b++) {
		if (l->owner[b] != OWN_FREE)
			continue;
		if (s->bytes[b])
			ev |= EVID_NONZERO;
		if (s->probe >= PROBE_READ && s->vol[b])
			ev |= EVID_VOLATILE;
		if (s->probe == PROBE_WRITE && s->rw[b])
			ev |= EVID_WRITABLE;
	}
	return ev;
}

/* A register is a dword: any evidence in one of its gap bytes makes all
 * of them a hidden register. */
static void mark_hidden(const struct cfg_snapshot *s, struct layout *l)
{
	unsigned int off, b;

	for (off = 0; off < s->valid_len; off += 4) {
		uint8_t ev = gap_evidence(s, l, off);

		if (!ev)
			continue;
		l->evidence[off / 4] = ev;
		for (b = off; b < off + 4; b++)
			if (l->owner[b] == OWN_FREE)
				l->owner[b] = OWN_HIDDEN;
	}
}

static uint8_t run_evidence(const struct layout *l, unsigned int start,
			    unsigned int end)
{
	uint8_t ev = 0;

	for (; start < end; start += 4)
		ev |= l->evidence[start / 4];
	return ev;
}

/* Maximal runs of bytes of one owner kind, as regions. */
static unsigned int collect(const struct layout *l, enum owner kind,
			    unsigned int step, struct region *out)
{
	unsigned int n = 0, off = 0;

	while (off < CFG_SPACE_SIZE) {
		unsigned int start;

		if (!all_of(l, off, step, kind)) {
			off += step;
			continue;
		}
		start = off;
		while (off < CFG_SPACE_SIZE && all_of(l, off, step, kind))
			off += step;
		out[n].off = (uint16_t)start;
		out[n].size = (uint16_t)(off - start);
		out[n].evidence = kind == OWN_HIDDEN ?
				  run_evidence(l, start, off) : 0;
		n++;
	}
	return n;
}

void layout_build(const struct cfg_snapshot *s, struct layout *l)
{
	memset(l, 0, sizeof(*l));
	caps_walk(s, &l->caps);
	mark_base(s, &l->caps, l);
	mark_caps(l);
	find_orphans(s, l);
	mark_hidden(s, l);
	l->n_hidden = collect(l, OWN_HIDDEN, 4, l->hidden);
	l->n_free = collect(l, OWN_FREE, 4, l->free);
}

bool layout_gap_dword(const struct layout *l, unsigned int off)
{
	unsigned int b;

	if (off & 3 || off + 4 > CFG_SPACE_SIZE)
		return false;
	for (b = off; b < off + 4; b++)
		if (l->owner[b] != OWN_FREE && l->owner[b] != OWN_HIDDEN)
			return false;
	return true;
}

bool layout_is_free(const struct layout *l, unsigned int off, unsigned int len)
{
	return all_free(l, off, len);
}

const char *owner_name(enum owner o)
{
	static const char *const names[] = {
		[OWN_UNKNOWN] = "unknown",
		[OWN_ABSENT] = "absent",
		[OWN_HEADER] = "header",
		[OWN_CAP] = "capability",
		[OWN_ORPHAN] = "orphan",
		[OWN_HIDDEN] = "hidden",
		[OWN_FREE] = "free",
	};

	return names[o];
}
