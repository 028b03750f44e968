/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x-vpasid-cap-offset by device: where a virtual PASID capability
 * can go without covering a byte any observation shows in use.
 * From 51 observations of 11 device keys in 38 scans.
 *
 * Written by pasid-scan 0.7.0 gen; do not edit.
 *
 * is_vf: the row is for SR-IOV VFs of that ID, else for any other
 * function.  vpasid_offset 0: no offset is safe, add no vPASID.
 * A function not listed has QEMU's default offset, 0xff8, free
 * in every observation, or no extended space known to exist
 * (the offset map says which).
 */

static const struct {
    uint16_t vendor;
    uint16_t device;
    bool is_vf;
    uint16_t vpasid_offset;
} vfio_vpasid_offset_table[] = {
};
