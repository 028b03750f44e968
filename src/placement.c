// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * placement.c - the offset pasid-scan would give a virtual capability in
 * one function, and whether QEMU's default is safe there.
 *
 * QEMU's pcie_add_capability() (hw/pci/pcie.c) takes a 4-aligned offset
 * in 0x100..0x1000 - size that is not inside an existing capability
 * header; with no extended capability at all it can only start the
 * chain at 0x100.  On top of that, the bytes must be free: vfio-pci
 * passes gap bytes to the guest raw, so covering a hidden register
 * breaks the guest driver that uses it.
 */
#include "placement.h"

static bool qemu_accepts(const struct layout *l, unsigned int off,
			 unsigned int size)
{
	if (off & 3 || off < PCI_EXT_CAP_START || off + size > CFG_SPACE_SIZE)
		return false;
	if (l->caps.ext == EXT_SPACE_EMPTY)
		return off == PCI_EXT_CAP_START;
	return true;
}

static bool fits(const struct layout *l, unsigned int off, unsigned int size)
{
	return qemu_accepts(l, off, size) && layout_is_free(l, off, size);
}

/* Nearest the end, 8-byte aligned: the end is where QEMU looks first
 * and where devices least often keep registers. */
static int highest_free(const struct layout *l, unsigned int size)
{
	int off;

	for (off = (int)((CFG_SPACE_SIZE - size) & ~7u);
	     off >= PCI_EXT_CAP_START; off -= 8)
		if (fits(l, (unsigned int)off, size))
			return off;
	return -1;
}

void place_vcap(const struct layout *l, unsigned int size,
		unsigned int qemu_default, struct vcap_verdict *v)
{
	v->offset = -1;
	v->default_ok = false;
	switch (l->caps.ext) {
	case EXT_SPACE_NONE:
	case EXT_SPACE_ALIASED:
		v->reason = VCAP_NO_EXT_SPACE;
		return;
	case EXT_SPACE_UNKNOWN:
		v->reason = VCAP_EXT_UNKNOWN;
		return;
	case EXT_SPACE_EMPTY:
		v->reason = fits(l, PCI_EXT_CAP_START, size) ?
			    VCAP_NO_EXT_CAPS : VCAP_NO_ROOM;
		if (v->reason == VCAP_NO_EXT_CAPS)
			v->offset = PCI_EXT_CAP_START;
		return;
	case EXT_SPACE_CAPS:
		break;
	}
	v->default_ok = fits(l, qemu_default, size);
	if (v->default_ok) {
		v->offset = (int)qemu_default;
		v->reason = VCAP_QEMU_DEFAULT;
		return;
	}
	v->offset = highest_free(l, size);
	v->reason = v->offset < 0 ? VCAP_NO_ROOM : VCAP_HIGHEST_FREE;
}

const char *vcap_reason_name(enum vcap_reason r)
{
	static const char *const names[] = {
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
		[VCAP_QEMU_DEFAULT] = "QEMU's default offset is free",
		[VCAP_NO_EXT_CAPS] = "no extended capability: QEMU can only start the chain at 0x100",
		[VCAP_HIGHEST_FREE] = "QEMU's default is occupied; highest free 8-aligned window",
		[VCAP_NO_EXT_SPACE] = "the function has no extended config space",
		[VCAP_EXT_UNKNOWN] = "the extended config space was not read (partial snapshot)",
		[VCAP_NO_ROOM] = "no free 8-aligned window is large enough",
	};

	return text[r];
}
