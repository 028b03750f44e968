/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hex16.h - the sixteen bytes of one lspci hex line, " hh" sixteen times,
 * decoded at the speed a fleet's dump needs.
 *
 * src/lib/: what every stage uses: diagnostics, pci.ids names, SHA-256,
 * whole-or-nothing files.
 */
#ifndef PASID_SCAN_HEX16_H
#define PASID_SCAN_HEX16_H

#include <stdbool.h>
#include <stdint.h>

/*
 * s holds 48 characters: a space and two hex digits (either case), 16
 * times.  Writes the 16 bytes and returns true; false, with out
 * unspecified, if any character is not what that shape wants.
 */
bool hex16_decode(const char *s, uint8_t out[16]);
/* Use the CPU's byte shuffles (SSSE3) where it has them, the default, or
 * not; true if they are used. */
bool hex16_use_cpu(bool on);

#endif
