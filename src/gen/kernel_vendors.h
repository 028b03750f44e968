/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kernel_vendors.h - which vendor IDs include/linux/pci_ids.h names.
 *
 * src/gen/: a device key's consensus over the store, and the tables
 * made from it: kernel header, QEMU table, offset map.
 */
#ifndef PASID_SCAN_KERNEL_VENDORS_H
#define PASID_SCAN_KERNEL_VENDORS_H

#include <stddef.h>
#include <stdint.h>

struct kernel_vendor {
	uint16_t id;
	const char *name;	/* NAME in PCI_VENDOR_ID_NAME */
};

extern const struct kernel_vendor kernel_vendors[];
extern const size_t n_kernel_vendors;

/* NAME for PCI_VDEVICE(NAME, ...), or NULL when the kernel has none. */
const char *kernel_vendor_name(unsigned int id);

#endif
