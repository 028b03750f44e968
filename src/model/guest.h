/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * guest.h - the table's consumer, modelled: what Linux vfio-pci and
 * QEMU 11 make of a function's config space when it is assigned to a
 * guest, and so whether QEMU adds a virtual PASID capability to it and
 * which offsets QEMU takes for one.
 *
 * Two stages, as the bytes travel: vfio_present() is the kernel (which
 * extended capabilities it shows, which it hides), qemu_build() is QEMU
 * on what the kernel shows (which it keeps in the guest's chain, and
 * whether it synthesizes a vPASID at all).  guest_view_build() runs
 * both after the checks that come before them.  Each rule is cited in
 * guest.c beside the code that follows it.
 *
 * src/model/: one function's config space and what is made of it: the
 * snapshot, its capabilities, who owns each byte, what vfio-pci and
 * QEMU make of it, the verdict.
 */
#ifndef PASID_SCAN_GUEST_H
#define PASID_SCAN_GUEST_H

#include "layout.h"

/* What becomes of an extended capability on its way to the guest. */
enum ecap_fate {
	ECAP_KEPT,	/* vfio-pci shows it, QEMU keeps it in the chain */
	ECAP_DROPPED,	/* vfio-pci shows it, QEMU drops it (SR-IOV, ARI) */
	ECAP_MASKED,	/* vfio-pci hides it at the head: ID 0, QEMU drops it */
	ECAP_SKIPPED,	/* vfio-pci hides it: linked past, bytes passed raw */
};

struct guest_ecap {
	uint16_t off;
	uint16_t id;
	enum ecap_fate fate;
};

/* What the consumer does with a function, before any placement. */
enum guest_fate {
	GUEST_NOT_KNOWN,	/* the bytes read do not decide it */
	GUEST_NOT_ASSIGNABLE,	/* vfio-pci or QEMU refuses the function */
	GUEST_NO_VPASID,	/* assigned, but QEMU adds no vPASID */
	GUEST_EXTENDED,		/* QEMU adds a vPASID where it is told */
	GUEST_FATE_N,
};

/* Why, for each fate but GUEST_EXTENDED. */
enum guest_why {
	WHY_NONE,
	WHY_PARTIAL,		/* 64 bytes, or 256 of a PCIe function */
	WHY_BRIDGE,		/* header type 1 or 2 */
	WHY_PORT_TYPE,		/* a PCIe port type QEMU does not assign */
	WHY_NOT_EXPRESS,	/* no PCI Express capability */
	WHY_NO_EXT_SPACE,	/* no extended config space */
	WHY_HOST_256,		/* its host's kernel gives it 256 bytes */
	WHY_NO_ECAP_SHOWN,	/* vfio-pci shows no extended capability */
	WHY_PASID_SHOWN,	/* vfio-pci shows a PASID capability already */
	WHY_N,
};

struct guest_view {
	enum guest_fate fate;
	enum guest_why why;
	uint8_t header_type;
	uint8_t pcie_type;		/* when the PCIe capability is present */
	/* The host's extended chain in walk order, each with its fate;
	 * filled only when the function has an extended chain. */
	struct guest_ecap ecap[CAPS_MAX_EXT];
	unsigned int n_ecap;
	/* The headers on QEMU's walk of the guest's chain, in its order:
	 * 0x100 first (a kept capability or QEMU's placeholder), then each
	 * kept capability.  Filled for GUEST_EXTENDED only. */
	uint16_t walk[CAPS_MAX_EXT + 1];
	unsigned int n_walk;
};

void guest_view_build(const struct cfg_snapshot *s, const struct cap_list *cl,
		      struct guest_view *g);

/* The kernel's part: does vfio-pci hide the extended capability id at
 * off?  And g->ecap[] for cl's extended chain, hidden ones marked. */
bool vfio_hides_ecap(const struct cfg_snapshot *s, unsigned int id,
		     unsigned int off);
void vfio_present(const struct cfg_snapshot *s, const struct cap_list *cl,
		  struct guest_view *g);
/* QEMU's part, on g->ecap[] as vfio_present() left it: fates of what
 * the kernel shows, the walk, and the fate of the function. */
void qemu_build(struct guest_view *g);
/* pcie_insert_capability() and the x-vpasid-cap-offset checks: does
 * QEMU take a size-byte capability at off, given its walk? */
bool qemu_accepts(const uint16_t *walk, unsigned int n_walk, unsigned int off,
		  unsigned int size);

/* Does vfio-pci hide the standard capability id at off? */
bool vfio_hides_cap(const struct cfg_snapshot *s, unsigned int id,
		    unsigned int off);
/*
 * The bytes vfio-pci passes to the guest raw, for reads and writes:
 * past the header, every byte no capability it shows covers (gaps,
 * hidden registers, orphans, the capabilities it hides), as far as the
 * snapshot read.  Only as exact as the layout's capability sizes, which
 * follow the kernel's (cap_table.c).
 */
void guest_raw_bytes(const struct cfg_snapshot *s, const struct layout *l,
		     bool raw[CFG_SPACE_SIZE]);
/* Where pcie_insert_capability() links a capability at off: the index
 * of the walk entry it goes before (g->n_walk: after the last). */
unsigned int qemu_insert_at(const struct guest_view *g, unsigned int off);

const char *guest_fate_name(enum guest_fate f);
const char *guest_why_name(enum guest_why w);
const char *guest_why_text(enum guest_why w);
const char *ecap_fate_name(enum ecap_fate f);	/* "kept", "dropped", ... */
const char *ecap_fate_text(enum ecap_fate f);
/* 0, or -1 if name is no guest_why_name(). */
int guest_why_parse(const char *name, enum guest_why *w);

#endif
