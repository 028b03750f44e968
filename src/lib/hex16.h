/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hex16.h - hex digits as dumps and digests write them, and the sixteen
 * bytes of one lspci hex line, " hh" sixteen times, decoded at the speed
 * a fleet's dump needs.
 *
 * src/lib/: what every stage uses: diagnostics, pci.ids names, SHA-256,
 * whole-or-nothing files.
 */
#ifndef PASID_SCAN_HEX16_H
#define PASID_SCAN_HEX16_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Lower case, as lspci writes them. */
extern const char hex_lower[];
/* Each entry is the digit's value plus one (either case); 0 is not a
 * digit.  A table, not tolower(): a fleet's dump is a billion digits. */
extern const uint8_t hex_value1[256];
/* The n bytes at b as 2n digits at p, no NUL; returns p + 2n. */
char *hex_encode(char *p, const uint8_t *b, size_t n);

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
