/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * snapset.h - the snapshots one run works on, and the facts about them
 * that are not in their bytes (sysfs IDs of a VF, its PF).
 *
 * src/model/: one function's config space and what is made of it: the
 * snapshot, its capabilities, who owns each byte, what vfio-pci and
 * QEMU make of it, the verdict.
 */
#ifndef PASID_SCAN_SNAPSET_H
#define PASID_SCAN_SNAPSET_H

#include "cfg.h"

#define META_VENDOR	0x01
#define META_DEVICE	0x02
#define META_CLASS	0x04
#define META_PHYSFN	0x08
#define META_KIND	0x10

struct snap_meta {
	struct pci_addr addr;
	unsigned int fields;
	uint16_t vendor;
	uint16_t device;
	uint32_t class;
	struct pci_addr physfn;
	enum fn_kind kind;
	struct cfg_facts facts;
};

/*
 * What settling a function needs of it, without its bytes: its identity
 * and facts (settled in place), where it was read, the vendor its bytes
 * read, and the SR-IOV registers of a PF (PCIe r6.0 sec 9.3.3).  A
 * streamed replay keeps only these (src/source/dump_index.c).
 */
struct fn_sriov {
	uint16_t off;		/* of the SR-IOV capability; 0: not a PF */
	uint16_t total, num, first, stride, vf_did;
};

struct fn_head {
	struct cfg_ident id;
	struct cfg_facts facts;
	const char *path;
	unsigned int line;
	uint16_t raw_vendor;
	struct fn_sriov sriov;
};

struct snapset {
	struct cfg_snapshot **v;
	size_t n, alloc;
	struct snap_meta *meta;
	size_t n_meta, alloc_meta;
	struct scan_host **hosts;
	size_t n_hosts;
	bool drop_meta;		/* metadata lines are read, checked, not kept */
};

void snapset_init(struct snapset *ss);
void snapset_free(struct snapset *ss);
struct cfg_snapshot *snapset_add(struct snapset *ss);
void snapset_drop_last(struct snapset *ss);
void snapset_add_meta(struct snapset *ss, const struct snap_meta *m);
/* Free the metadata kept so far and keep none from now on. */
void snapset_drop_meta(struct snapset *ss);
/* The snapshot at address a, or NULL. */
const struct cfg_snapshot *snapset_at(const struct snapset *ss,
				      const struct pci_addr *a);
/* A new, zeroed host record owned by the set. */
struct scan_host *snapset_add_host(struct snapset *ss);
/* Merge the facts whose bits are set in src->have into dst. */
void cfg_facts_merge(struct cfg_facts *dst, const struct cfg_facts *src);
/* Apply metadata, reject duplicate addresses, tie VFs to their PFs.
 * Returns 0, or -1 after printing why. */
int snapset_finish(struct snapset *ss);

/* The head of a snapshot: its identity so far and its PF registers.
 * cl is scratch space, left holding the snapshot's chains. */
struct cap_list;
void fn_head_of(const struct cfg_snapshot *s, struct cap_list *cl,
		struct fn_head *h);
/* snapset_finish() on heads, in the order they were read. */
int fn_heads_finish(struct fn_head *v, size_t n, const struct snap_meta *meta,
		    size_t n_meta);

#endif
