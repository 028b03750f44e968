/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x-vpasid-cap-offset by device, for the devices whose default does
 * not suit: where hw/vfio/pci.c can synthesize a PASID capability
 * without covering a byte any observation shows in use.  QEMU adds
 * one only with iommufd and a vIOMMU that offers PASID.
 * From 778 observations of 473 device keys in 634 scans.
 *
 * Written by pasid-scan 0.8.0 gen; do not edit.
 *
 * is_vf: the row is for SR-IOV VFs of that ID, else for any other
 * function.  vpasid_offset 0: no offset is safe, add no vPASID.
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

static const struct {
    uint16_t vendor;
    uint16_t device;
    bool is_vf;
    uint16_t vpasid_offset;
} vfio_vpasid_offset_table[] = {
};
