// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * caps.c - walk the standard (from 0x34) and extended (from 0x100)
 * capability chains by their pointers, with guards against loops,
 * pointers into the header, unknown bytes, all-ones reads and aliased
 * extended space.  Every guard that fires leaves a note; none aborts.
 *
 * src/model/: one function's config space and what is made of it: the
 * snapshot, its capabilities, who owns each byte, what vfio-pci and
 * QEMU make of it, the verdict.
 */
#include <stdio.h>
#include <string.h>

#include "caps.h"

void caps_note(struct cap_list *cl, enum cap_note_code code,
	       unsigned int off, unsigned int arg)
{
	struct cap_note *n;

	if (cl->n_notes >= CAPS_MAX_NOTES)
		return;
	n = &cl->notes[cl->n_notes++];
	n->code = code;
	n->off = (uint16_t)off;
	n->arg = (uint16_t)arg;
}

static struct cap *add_cap(struct cap_list *cl, unsigned int off,
			   unsigned int id, bool ext, unsigned int ver)
{
	struct cap *c;

	if (cl->n >= CAPS_MAX) {
		caps_note(cl, NOTE_TOO_MANY, off, 0);
		return NULL;
	}
	c = &cl->caps[cl->n++];
	memset(c, 0, sizeof(*c));
	c->off = (uint16_t)off;
	c->id = (uint16_t)id;
	c->ext = ext;
	c->version = (uint8_t)ver;
	return c;
}

static unsigned int std_list_start(const struct cfg_snapshot *s)
{
	if (cfg_header_type(s) == PCI_HEADER_TYPE_CARDBUS)
		return PCI_CB_CAPABILITY_LIST;
	return PCI_CAPABILITY_LIST;
}

static unsigned int std_header_end(const struct cfg_snapshot *s)
{
	if (cfg_header_type(s) == PCI_HEADER_TYPE_CARDBUS)
		return PCI_CB_HEADER_SIZEOF;
	return PCI_STD_HEADER_SIZEOF;
}

/* The low two bits of every pointer are reserved (PCI 3.0 sec 6.7,
 * PCIe r6.0 sec 7.6.3); the kernel and lspci mask them, and so do we. */
static unsigned int masked_ptr(struct cap_list *cl, unsigned int at,
			       unsigned int ptr)
{
	if (ptr & 3)
		caps_note(cl, NOTE_PTR_MISALIGNED, at, ptr);
	return ptr & ~3u;
}

/* Standard caps have no version field in their header; the ones that
 * carry one in their first register report it (PCI PM r1.2 sec 3.2.3,
 * PCIe r6.0 sec 7.5.3.2). */
static unsigned int std_version(const struct cfg_snapshot *s, unsigned int pos,
				unsigned int id)
{
	uint16_t w = cfg_le16(s, pos + 2);

	if (id == PCI_CAP_ID_EXP)
		return w & PCI_EXP_FLAGS_VERS;
	if (id == PCI_CAP_ID_PM)
		return w & 7;
	return 0;
}

static void walk_std(const struct cfg_snapshot *s, struct cap_list *cl)
{
	bool seen[CFG_LEGACY_SIZE] = { false };
	unsigned int start = std_list_start(s);
	unsigned int pos;

	if (!cfg_known(s, start, 1) ||
	    !(cfg_le16(s, PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return;
	pos = masked_ptr(cl, start, cfg_u8(s, start));
	while (pos) {
		struct cap *c;
		unsigned int id;

		if (pos < std_header_end(s)) {
			caps_note(cl, NOTE_STD_INTO_HEADER, pos, 0);
			return;
		}
		if (!cfg_known(s, pos, 2)) {
			caps_note(cl, NOTE_PTR_UNKNOWN, pos, 0);
			return;
		}
		if (seen[pos]) {
			caps_note(cl, NOTE_STD_LOOP, pos, 0);
			return;
		}
		seen[pos] = true;
		id = cfg_u8(s, pos);
		if (id == 0xff) {
			caps_note(cl, NOTE_STD_BROKEN, pos, 0);
			return;
		}
		c = add_cap(cl, pos, id, false, std_version(s, pos, id));
		if (!c)
			return;
		cl->n_std++;
		pos = masked_ptr(cl, pos + 1, cfg_u8(s, pos + 1));
	}
}

static void read_pcie_info(const struct cfg_snapshot *s, struct cap_list *cl)
{
	const struct cap *c = caps_find(cl, false, PCI_CAP_ID_EXP);
	struct pcie_info *pi = &cl->pcie;
	uint16_t flags;

	if (c) {
		flags = cfg_le16(s, c->off + PCI_EXP_FLAGS);
		pi->present = true;
		pi->version = flags & PCI_EXP_FLAGS_VERS;
		pi->type = (flags & PCI_EXP_FLAGS_TYPE) >> 4;
		if (cfg_known(s, c->off + PCI_EXP_LNKCAP, 4))
			pi->link_width = (cfg_le32(s, c->off + PCI_EXP_LNKCAP) &
					  PCI_EXP_LNKCAP_MLW) >> 4;
		if (pi->version > 1 && cfg_known(s, c->off + PCI_EXP_DEVCAP2, 4))
			pi->ee_prefix = cfg_le32(s, c->off + PCI_EXP_DEVCAP2) &
					PCI_EXP_DEVCAP2_EE_PREFIX;
	}
	c = caps_find(cl, false, PCI_CAP_ID_PCIX);
	if (c && cfg_known(s, c->off + PCI_X_STATUS, 4))
		pi->pcix_mode2 = cfg_le32(s, c->off + PCI_X_STATUS) &
				 (PCI_X_STATUS_266MHZ | PCI_X_STATUS_533MHZ);
}

/*
 * Some chipsets decode only 8 address bits, so 0x100.. repeats the first
 * 256 bytes; the kernel's pci_ext_cfg_is_aliased() (drivers/pci/probe.c)
 * then treats the function as having no extended space.  The RS690 in
 * pciutils' tests/broken-ecaps is such a part.
 */
static bool ext_aliased(const struct cfg_snapshot *s)
{
	uint32_t first = cfg_le32(s, 0);
	unsigned int pos;

	for (pos = CFG_LEGACY_SIZE; pos < CFG_SPACE_SIZE; pos += CFG_LEGACY_SIZE)
		if (cfg_le32(s, pos) != first)
			return false;
	return true;
}

/*
 * Which functions have extended space: PCIe, PCI-X mode 2, and host
 * bridges (pci_cfg_space_size() in drivers/pci/probe.c), provided the
 * first extended dword does not read all-ones and is not an alias.
 */
static enum ext_space ext_space_of(const struct cfg_snapshot *s,
				   struct cap_list *cl)
{
	const struct pcie_info *pi = &cl->pcie;
	bool host = (s->id.class >> 8) == PCI_CLASS_BRIDGE_HOST;

	/* Without the capability list there is no telling. */
	if (s->valid_len < CFG_LEGACY_SIZE)
		return EXT_SPACE_UNKNOWN;
	if (!pi->present && !pi->pcix_mode2 && !host)
		return EXT_SPACE_NONE;
	/* A 256-byte read of a PCIe function left the rest unread; of a
	 * host bridge or PCI-X part it is the kernel saying there is none. */
	if (s->valid_len < CFG_SPACE_SIZE)
		return pi->present ? EXT_SPACE_UNKNOWN : EXT_SPACE_NONE;
	if (cfg_le32(s, PCI_EXT_CAP_START) == 0xffffffff) {
		caps_note(cl, NOTE_EXT_ALL_ONES, PCI_EXT_CAP_START, 0);
		return EXT_SPACE_NONE;
	}
	if (ext_aliased(s)) {
		caps_note(cl, NOTE_EXT_ALIASED, PCI_EXT_CAP_START, 0);
		return EXT_SPACE_ALIASED;
	}
	return cfg_le32(s, PCI_EXT_CAP_START) ? EXT_SPACE_CAPS : EXT_SPACE_EMPTY;
}

static void walk_ext(const struct cfg_snapshot *s, struct cap_list *cl)
{
	bool seen[CFG_SPACE_SIZE / 4] = { false };
	unsigned int pos = PCI_EXT_CAP_START;

	while (pos) {
		uint32_t h;

		if (!cfg_known(s, pos, 4)) {
			caps_note(cl, NOTE_PTR_UNKNOWN, pos, 0);
			return;
		}
		h = cfg_le32(s, pos);
		/* A zero header ends the chain (lspci and the kernel agree). */
		if (!h)
			return;
		if (h == 0xffffffff) {
			caps_note(cl, NOTE_EXT_ALL_ONES, pos, 0);
			return;
		}
		if (seen[pos / 4]) {
			caps_note(cl, NOTE_EXT_LOOP, pos, 0);
			return;
		}
		seen[pos / 4] = true;
		if (!add_cap(cl, pos, PCI_EXT_CAP_ID(h), true, PCI_EXT_CAP_VER(h)))
			return;
		pos = masked_ptr(cl, pos + 2, h >> 20);
		/* pci_find_next_ext_capability() stops here too. */
		if (pos && pos < PCI_EXT_CAP_START) {
			caps_note(cl, NOTE_EXT_BELOW_100, pos, 0);
			return;
		}
	}
}

/* The end of the space c lives in, or the next capability above it. */
static unsigned int next_boundary(const struct cap_list *cl,
				  const struct cap *c)
{
	unsigned int end = c->ext ? CFG_SPACE_SIZE : CFG_LEGACY_SIZE;
	unsigned int i;

	for (i = 0; i < cl->n; i++) {
		const struct cap *o = &cl->caps[i];

		if (o->ext == c->ext && o->off > c->off && o->off < end)
			end = o->off;
	}
	return end;
}

static void size_caps(const struct cfg_snapshot *s, struct cap_list *cl)
{
	unsigned int i;

	for (i = 0; i < cl->n; i++) {
		struct cap *c = &cl->caps[i];
		unsigned int space_end = c->ext ? CFG_SPACE_SIZE : CFG_LEGACY_SIZE;
		unsigned int sz = cap_size(s, &cl->pcie, c->ext, c->id, c->off);

		c->size_known = sz != 0;
		if (!sz)
			sz = next_boundary(cl, c) - c->off;
		if (c->off + sz > space_end) {
			caps_note(cl, NOTE_PAST_END, c->off, sz);
			sz = space_end - c->off;
		}
		c->size = (uint16_t)sz;
	}
}

void caps_walk(const struct cfg_snapshot *s, struct cap_list *cl)
{
	memset(cl, 0, sizeof(*cl));
	walk_std(s, cl);
	read_pcie_info(s, cl);
	cl->ext = ext_space_of(s, cl);
	if (cl->ext == EXT_SPACE_CAPS)
		walk_ext(s, cl);
	size_caps(s, cl);
}

const struct cap *caps_find(const struct cap_list *cl, bool ext,
			    unsigned int id)
{
	unsigned int i;

	for (i = 0; i < cl->n; i++)
		if (cl->caps[i].ext == ext && cl->caps[i].id == id)
			return &cl->caps[i];
	return NULL;
}

/* Also db/schema.sql's analyses.ext_space and the YAML map's. */
const char *ext_space_name(enum ext_space e)
{
	static const char *const names[] = {
		[EXT_SPACE_NONE] = "none",
		[EXT_SPACE_UNKNOWN] = "unknown",
		[EXT_SPACE_ALIASED] = "aliased",
		[EXT_SPACE_EMPTY] = "empty",
		[EXT_SPACE_CAPS] = "caps",
	};

	return names[e];
}

const char *cap_name(const struct cap *c)
{
	const struct cap_type *t = c->ext ? cap_type_ext(c->id) :
					    cap_type_std(c->id);

	return t ? t->name : NULL;
}

const char *cap_note_text(const struct cap_note *n, char *buf, size_t len)
{
	switch (n->code) {
	case NOTE_STD_LOOP:
		snprintf(buf, len, "capability chain loops back to 0x%02x", n->off);
		break;
	case NOTE_EXT_LOOP:
		snprintf(buf, len, "extended capability chain loops back to 0x%03x",
			 n->off);
		break;
	case NOTE_STD_INTO_HEADER:
		snprintf(buf, len, "capability pointer 0x%02x points into the header",
			 n->off);
		break;
	case NOTE_EXT_BELOW_100:
		snprintf(buf, len, "extended capability pointer 0x%03x is below 0x100",
			 n->off);
		break;
	case NOTE_STD_BROKEN:
		snprintf(buf, len, "capability at 0x%02x reads ff (chain broken)",
			 n->off);
		break;
	case NOTE_EXT_ALL_ONES:
		snprintf(buf, len, "extended capability header at 0x%03x reads ffffffff",
			 n->off);
		break;
	case NOTE_PTR_UNKNOWN:
		snprintf(buf, len, "capability pointer 0x%03x is past the bytes read",
			 n->off);
		break;
	case NOTE_PTR_MISALIGNED:
		snprintf(buf, len, "pointer at 0x%03x has reserved low bits set (0x%02x)",
			 n->off, n->arg);
		break;
	case NOTE_EXT_ALIASED:
		snprintf(buf, len, "extended space repeats the first 256 bytes (aliased); treated as absent");
		break;
	case NOTE_OVERLAP:
		snprintf(buf, len, "capability at 0x%03x overlaps the one at 0x%03x",
			 n->off, n->arg);
		break;
	case NOTE_PAST_END:
		snprintf(buf, len, "capability at 0x%03x claims %u bytes, past the end of its space",
			 n->off, n->arg);
		break;
	case NOTE_TOO_MANY:
		snprintf(buf, len, "too many capabilities; stopped at 0x%03x", n->off);
		break;
	}
	return buf;
}

const char *cap_display_name(const struct cap *c, char *buf, size_t len)
{
	const char *n = cap_name(c);

	if (n)
		return n;
	snprintf(buf, len, c->ext ? "Extended Capability ID %#04x" :
				    "Capability ID %#04x", c->id);
	return buf;
}
