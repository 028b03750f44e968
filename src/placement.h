/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * placement.h - where a virtual capability can go in one function.
 */
#ifndef PASID_SCAN_PLACEMENT_H
#define PASID_SCAN_PLACEMENT_H

#include "layout.h"

/* QEMU hw/vfio/pci.c: vPASID defaults to the last dword pair of config
 * space unless x-vpasid-cap-offset says otherwise (QEMU 11.0). */
#define QEMU_VPASID_DEFAULT	0xff8
#define VPASID_SIZE		8	/* PCIe r6.0 sec 7.8.8 */

enum vcap_reason {
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

void place_vcap(const struct layout *l, unsigned int size,
		unsigned int qemu_default, struct vcap_verdict *v);
const char *vcap_reason_name(enum vcap_reason r);
const char *vcap_reason_text(enum vcap_reason r);

#endif
