/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * placement.h - where virtual PASID, PRI and ATS capabilities can go,
 * in one function or in every observation of a device key at once.
 */
#ifndef PASID_SCAN_PLACEMENT_H
#define PASID_SCAN_PLACEMENT_H

#include "layout.h"

/* QEMU hw/vfio/pci.c: vPASID defaults to the last dword pair of config
 * space unless x-vpasid-cap-offset says otherwise (QEMU 11.0). */
#define QEMU_VPASID_DEFAULT	0xff8
#define VPASID_SIZE		8	/* PCIe r6.0 sec 7.8.8 */

enum vcap_kind {
	VCAP_PASID,
	VCAP_PRI,
	VCAP_ATS,
	VCAP_N,
};

struct vcap_type {
	const char *name;	/* "vpasid", as the YAML map names it */
	const char *label;	/* "vPASID", as people write it */
	uint16_t ext_id;	/* the physical capability's ID */
	uint16_t size;
	int qemu_default;	/* QEMU's own offset for it; -1: none */
};

extern const struct vcap_type vcap_types[VCAP_N];

enum vcap_reason {
	VCAP_PF_TEMPLATE,	/* the PF's own offset is free in the VF */
	VCAP_QEMU_DEFAULT,	/* the default offset is free */
	VCAP_NO_EXT_CAPS,	/* empty ext chain: QEMU only accepts 0x100 */
	VCAP_HIGHEST_FREE,	/* default taken; highest free aligned window */
	VCAP_NO_EXT_SPACE,	/* no extended config space at all */
	VCAP_EXT_UNKNOWN,	/* extended space not in the snapshot */
	VCAP_NO_ROOM,		/* no free window big enough */
};

struct vcap_verdict {
	int offset;		/* -1: nowhere */
	enum vcap_reason reason;
	bool default_ok;	/* QEMU's default offset is safe here */
};

/*
 * What placement reads: the bytes some observation shows taken (or
 * never read), and the most restrictive extended space any observation
 * has.  One function is the case of a single observation.
 */
struct place_space {
	enum ext_space ext;
	bool busy[CFG_SPACE_SIZE];
};

/* Offsets of the physical capability on the PFs of a VF key, the most
 * observed first; tried before anything else (the PF's config is often
 * the template for its VFs'). */
#define PLACE_MAX_TEMPLATES	4
struct place_templates {
	uint16_t off[VCAP_N][PLACE_MAX_TEMPLATES];
	unsigned int n[VCAP_N];
};

void place_space_from_layout(const struct layout *l, struct place_space *sp);
/* vPASID, then vPRI, then vATS, none overlapping another; tmpl may be
 * NULL. */
void place_all(const struct place_space *sp, const struct place_templates *tmpl,
	       struct vcap_verdict v[VCAP_N]);
/* vPASID alone in one function (show, scan, the analyses table). */
void place_vcap(const struct layout *l, struct vcap_verdict *v);
const char *vcap_reason_name(enum vcap_reason r);
const char *vcap_reason_text(enum vcap_reason r);

#endif
