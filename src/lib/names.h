/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * names.h - vendor and device names from the pci.ids database (libpci).
 *
 * src/lib/: what every stage uses: diagnostics, pci.ids names, SHA-256,
 * whole-or-nothing files.
 */
#ifndef PASID_SCAN_NAMES_H
#define PASID_SCAN_NAMES_H

#include <stddef.h>
#include <stdint.h>

/* "Vendor Device", or NULL when pci.ids does not know the pair. */
const char *names_device(uint16_t vendor, uint16_t device, char *buf,
			 size_t len);
/* "Device" alone, or NULL: for a row whose vendor is said beside it. */
const char *names_device_only(uint16_t vendor, uint16_t device, char *buf,
			      size_t len);
void names_cleanup(void);

#endif
