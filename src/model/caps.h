/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * caps.h - capability chains: the walkers that follow the pointers
 * (never address order), and what they found; cap_table.h says what
 * each ID is and how big.
 *
 * src/model/: one function's config space and what is made of it: the
 * snapshot, its capabilities, who owns each byte, what vfio-pci and
 * QEMU make of it, the verdict.
 */
#ifndef PASID_SCAN_CAPS_H
#define PASID_SCAN_CAPS_H

#include "cap_table.h"

#define CAPS_MAX_STD	48	/* (0x100 - 0x40) / 4 distinct positions */
#define CAPS_MAX_EXT	960	/* (0x1000 - 0x100) / 4 */
#define CAPS_MAX	(CAPS_MAX_STD + CAPS_MAX_EXT)
#define CAPS_MAX_NOTES	32

struct cap {
	uint16_t off;
	uint16_t id;
	bool ext;
	uint8_t version;	/* ext header version; 0 for standard caps */
	uint16_t size;		/* bytes owned from off */
	bool size_known;	/* false: bounded by the next capability */
};

enum cap_note_code {
	NOTE_STD_LOOP,
	NOTE_EXT_LOOP,
	NOTE_STD_INTO_HEADER,
	NOTE_EXT_BELOW_100,
	NOTE_STD_BROKEN,	/* id 0xff: the chain reads all-ones */
	NOTE_EXT_ALL_ONES,
	NOTE_PTR_UNKNOWN,	/* points past the valid length */
	NOTE_PTR_MISALIGNED,
	NOTE_EXT_ALIASED,
	NOTE_OVERLAP,
	NOTE_PAST_END,
	NOTE_TOO_MANY,
};

struct cap_note {
	enum cap_note_code code;
	uint16_t off;
	uint16_t arg;
};

enum ext_space {
	EXT_SPACE_NONE,		/* conventional function or 256-byte config */
	EXT_SPACE_UNKNOWN,	/* may exist, but the bytes were not read */
	EXT_SPACE_ALIASED,	/* 0x100.. repeats 0x000.. (no real ext space) */
	EXT_SPACE_EMPTY,	/* present, no ext capability */
	EXT_SPACE_CAPS,		/* present with a chain */
};

struct cap_list {
	struct cap caps[CAPS_MAX];	/* std chain order, then ext chain order */
	unsigned int n;
	unsigned int n_std;
	struct cap_note notes[CAPS_MAX_NOTES];
	unsigned int n_notes;
	struct pcie_info pcie;
	enum ext_space ext;
};

const char *cap_name(const struct cap *c);
/* cap_name(), or "Capability ID 0x.." for IDs without one. */
const char *cap_display_name(const struct cap *c, char *buf, size_t len);
const char *ext_space_name(enum ext_space e);

void caps_walk(const struct cfg_snapshot *s, struct cap_list *cl);
/* Record a guard that fired; past CAPS_MAX_NOTES the rest are dropped. */
void caps_note(struct cap_list *cl, enum cap_note_code code,
	       unsigned int off, unsigned int arg);
const struct cap *caps_find(const struct cap_list *cl, bool ext,
			    unsigned int id);
const char *cap_note_text(const struct cap_note *n, char *buf, size_t len);

#endif
