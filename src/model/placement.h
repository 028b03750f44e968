/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * placement.h - the verdict on a virtual PASID capability, for one
 * function or for every observation of a device key at once, and where
 * virtual PASID, PRI and ATS capabilities can go.
 *
 * src/model/: one function's config space and what is made of it: the
 * snapshot, its capabilities, who owns each byte, what vfio-pci and
 * QEMU make of it, the verdict.
 */
#ifndef PASID_SCAN_PLACEMENT_H
#define PASID_SCAN_PLACEMENT_H

#include "guest.h"
#include "layout.h"

/* QEMU hw/vfio/pci.c vfio_pci_synthesize_pasid_cap(): vPASID goes in
 * the last dword pair of config space unless x-vpasid-cap-offset says
 * otherwise (QEMU 11.0). */
#define QEMU_VPASID_DEFAULT	0xff8
#define VPASID_SIZE		8	/* PCIe r6.0 sec 7.8.8 */

/* Why a byte is taken, in one layout or over all observations of a key
 * (bits).  A placement covers only bytes with none. */
#define OCC_HEADER	0x01
#define OCC_CAP		0x02
#define OCC_ORPHAN	0x04
#define OCC_NONZERO	0x08	/* hidden register: read non-zero */
#define OCC_VOLATILE	0x10	/* hidden register: changed between reads */
#define OCC_WRITABLE	0x20	/* hidden register: took a written value */
#define OCC_UNKNOWN	0x40	/* no observation read it */
#define OCC_ABSENT	0x80	/* no extended space there */
#define OCC_HIDDEN	(OCC_NONZERO | OCC_VOLATILE | OCC_WRITABLE)

/* Each OCC_* bit, in the order the offset map and the pictures list
 * them: its name in the map and its words for people. */
struct occ_reason {
	uint8_t bit;
	const char *name;
	const char *text;
};
#define N_OCC_REASONS	8
extern const struct occ_reason occ_reasons[N_OCC_REASONS];

/* The OCC_* bits of each byte of one layout; hidden registers get
 * their evidence. */
void occ_from_layout(const struct layout *l, uint8_t occ[CFG_SPACE_SIZE]);
/* "capability, non-zero" (or with names, "cap, nonzero"): the bits
 * set, into buf. */
const char *occ_text(uint8_t occ, bool names, char *buf, size_t len);

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

/* The verdict, named for what the consumer must do. */
enum verdict {
	VERDICT_NOT_KNOWN,	/* no read decides it: scan it whole */
	VERDICT_NOT_ASSIGNABLE,	/* vfio-pci or QEMU will not assign it */
	VERDICT_NO_VPASID,	/* QEMU adds no vPASID to it */
	VERDICT_DEFAULT_SAFE,	/* QEMU's default offset is safe */
	VERDICT_OTHER_OFFSET,	/* the default is not; this one is */
	VERDICT_NO_SAFE_OFFSET,	/* no offset is: leave vPASID out */
	VERDICT_N,
};

struct vpasid_verdict {
	enum verdict verdict;
	enum guest_why why;		/* the first three verdicts' reason */
	uint8_t default_occ;		/* OCC_* of the default's 8 bytes */
	bool qemu_takes_default;	/* pcie_insert_capability() would */
};

enum vcap_reason {
	VCAP_QEMU_DEFAULT,	/* the default offset is free */
	VCAP_PF_TEMPLATE,	/* default taken; the PF's offset is free */
	VCAP_HIGHEST_FREE,	/* default taken; highest free window */
	VCAP_NO_ROOM,		/* no free window big enough */
	VCAP_NOT_EXTENDED,	/* QEMU adds no capability here (verdict) */
	VCAP_REASON_N,
};

struct vcap_verdict {
	int offset;		/* -1: nowhere */
	enum vcap_reason reason;
	bool default_ok;	/* QEMU's default offset is safe here */
};

/* One walk QEMU may take of the guest's chain (guest.h). */
struct qemu_walk {
	const uint16_t *off;
	unsigned int n;
};

/*
 * What placement reads: why each byte is taken over the observations,
 * and every walk QEMU takes in them; an offset must be free of the
 * first and pass each of the second.
 */
struct place_space {
	uint8_t occ[CFG_SPACE_SIZE];
	const struct qemu_walk *walks;
	size_t n_walks;
};

/* Offsets of the physical capability on the PFs of a VF key, the most
 * observed first; tried when the default is taken (the PF's config is
 * often the template for its VFs'). */
#define PLACE_MAX_TEMPLATES	4
struct place_templates {
	uint16_t off[VCAP_N][PLACE_MAX_TEMPLATES];
	unsigned int n[VCAP_N];
};

/* The verdict, and vPASID, then vPRI, then vATS, none overlapping
 * another: placed only for GUEST_EXTENDED; tmpl may be NULL. */
void place_decide(enum guest_fate fate, enum guest_why why,
		  const struct place_space *sp, const struct place_templates *tmpl,
		  struct vpasid_verdict *vv, struct vcap_verdict v[VCAP_N]);
/* One function alone (show, scan, map, the analyses table), with no
 * PF template. */
void place_function(const struct layout *l, const struct guest_view *g,
		    struct vpasid_verdict *vv, struct vcap_verdict v[VCAP_N]);
/* The C tables list a key or function only where the consumer must
 * act: another offset, or none at all. */
bool verdict_needs_row(enum verdict v);

const char *vcap_reason_name(enum vcap_reason r);
const char *vcap_reason_text(enum vcap_reason r);
int vcap_reason_parse(const char *name, enum vcap_reason *r);
const char *verdict_name(enum verdict v);
int verdict_parse(const char *name, enum verdict *v);
/* One line for people: why the verdict is what it is (its name is
 * printed beside it), and for another offset, which. */
const char *verdict_text(const struct vpasid_verdict *vv,
			 const struct vcap_verdict *vpasid, char *buf, size_t len);

#endif
