/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * version.h - the pasid-scan version, recorded in what it writes.
 *
 * src/lib/: what every stage uses: diagnostics, pci.ids names, SHA-256,
 * whole-or-nothing files.
 */
#ifndef PASID_SCAN_VERSION_H
#define PASID_SCAN_VERSION_H

#define PASID_SCAN_VERSION "0.8.0"

#endif
