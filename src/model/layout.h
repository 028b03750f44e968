/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * layout.h - who owns each of the 4096 bytes of a function's config
 * space, what lives in the gaps, and which windows are provably free.
 *
 * src/model/: one function's config space and what is made of it: the
 * snapshot, its capabilities, who owns each byte, what vfio-pci and
 * QEMU make of it, the verdict.
 */
#ifndef PASID_SCAN_LAYOUT_H
#define PASID_SCAN_LAYOUT_H

#include "caps.h"

enum owner {
	OWN_UNKNOWN,	/* past the valid length: never read */
	OWN_ABSENT,	/* the function has no extended space here */
	OWN_HEADER,
	OWN_CAP,	/* linked capability; index into caps */
	OWN_ORPHAN,	/* unlinked capability structure; index into orphans */
	OWN_HIDDEN,	/* gap byte in a register with evidence of use */
	OWN_FREE,	/* gap byte known to read zero */
};

/* Evidence that a gap register is in use. */
#define EVID_NONZERO	0x01
#define EVID_VOLATILE	0x02	/* changed between reads (read probe) */
#define EVID_WRITABLE	0x04	/* a write changed it, or through it
				 * another gap register (write probe) */

#define LAYOUT_MAX_ORPHANS	64
#define LAYOUT_MAX_REGIONS	(CFG_SPACE_SIZE / 8)

struct region {
	uint16_t off;
	uint16_t size;
	uint8_t evidence;
};

struct layout {
	struct cap_list caps;
	struct cap orphans[LAYOUT_MAX_ORPHANS];
	unsigned int n_orphans;
	struct region hidden[LAYOUT_MAX_REGIONS];
	unsigned int n_hidden;
	struct region free[LAYOUT_MAX_REGIONS];
	unsigned int n_free;
	uint8_t owner[CFG_SPACE_SIZE];
	uint16_t index[CFG_SPACE_SIZE];
	uint8_t evidence[CFG_SPACE_SIZE / 4];	/* EVID_* of each gap dword */
};

void layout_build(const struct cfg_snapshot *s, struct layout *l);
/* The dword at off lies wholly in the gaps: free or a hidden register,
 * never header, capability, orphan or past what was read. */
bool layout_gap_dword(const struct layout *l, unsigned int off);
bool layout_is_free(const struct layout *l, unsigned int off, unsigned int len);
const char *owner_name(enum owner o);

#endif
