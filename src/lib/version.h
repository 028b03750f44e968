/* SPDX-License-Identifier: GPL-2.0-or-later */
/* version.h - the pasid-scan version, recorded in what it writes. */
#ifndef PASID_SCAN_VERSION_H
#define PASID_SCAN_VERSION_H

#define PASID_SCAN_VERSION "0.8.0"

#endif
