/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where a virtual PASID capability (PCIe r6.0 sec 7.8.8, 8 bytes) can
 * go in the extended config space of an assigned function, for the
 * devices whose QEMU default does not suit: an offset QEMU 11 takes
 * that covers no byte any observation shows in use - capability,
 * orphan capability, hidden register - or no observation read.
 * From 778 observations of 473 device keys in 634 scans.
 *
 * Written by pasid-scan 0.8.0 gen; do not edit.
 *
 * Look a VF (pci_dev->is_virtfn) up in pasid_scan_vpasid_vf_ids[] and
 * any other function in pasid_scan_vpasid_fn_ids[].  .driver_data is
 * the offset; 0 means no offset is safe: leave vPASID out.
 *
 * Listed: the keys QEMU gives a vPASID where its default offset 0xff8
 * covers a byte in use (0 keys: 0 with another offset, 0 with none).
 * Not listed:
 *  - 0xff8 is free in every whole read of the key (60 keys);
 *  - QEMU adds no vPASID to the function (294 keys), or vfio-pci or
 *    QEMU will not assign it (92 keys);
 *  - not known: no whole read of the key (27 keys), and every device
 *    not observed.  Nothing here says 0xff8 is safe for those.
 * The offset map (pasid-scan gen --yaml) has every key's verdict.
 */
#ifndef _PASID_SCAN_VPASID_H
#define _PASID_SCAN_VPASID_H

#include <linux/compiler.h>
#include <linux/mod_devicetable.h>
#include <linux/pci.h>
#include <linux/types.h>

static const struct pci_device_id pasid_scan_vpasid_fn_ids[] __maybe_unused = {
	{ }
};

static const struct pci_device_id pasid_scan_vpasid_vf_ids[] __maybe_unused = {
	{ }
};

/*
 * The free ranges of extended config space of the keys above, for a
 * driver that describes free space rather than taking one offset: no
 * observation shows a byte in them in use.  Sorted by vendor, device,
 * is_virtfn and offset; a zero row ends the table.
 */
struct pasid_scan_free_range {
	u16 vendor;
	u16 device;
	u8 is_virtfn;
	u16 offset;
	u16 len;
};

static const struct pasid_scan_free_range pasid_scan_free_ranges[] __maybe_unused = {
	{ }
};

#endif /* _PASID_SCAN_VPASID_H */
