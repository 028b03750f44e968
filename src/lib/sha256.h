/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sha256.h - SHA-256 (FIPS 180-4 sec 6.2), the content hash that lets
 * the store keep identical snapshots and scans once.
 *
 * src/lib/: what every stage uses: diagnostics, pci.ids names, SHA-256,
 * whole-or-nothing files.
 */
#ifndef PASID_SCAN_SHA256_H
#define PASID_SCAN_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN	32
#define SHA256_HEXLEN	(2 * SHA256_LEN + 1)

struct sha256 {
	uint32_t h[8];
	uint64_t len;		/* bytes hashed so far */
	uint8_t block[64];
	unsigned int fill;	/* bytes waiting in block */
};

void sha256_init(struct sha256 *c);
/* Use the CPU's SHA instructions where it has them (the default, unless
 * PASID_SCAN_SHA_PORTABLE is set) or not; true if they are used. */
bool sha256_use_cpu(bool on);
void sha256_update(struct sha256 *c, const void *data, size_t len);
/* Finish: the digest, or it as lower-case hex, NUL-terminated. */
void sha256_final(struct sha256 *c, uint8_t out[SHA256_LEN]);
void sha256_hex(struct sha256 *c, char out[SHA256_HEXLEN]);
void sha256_to_hex(const uint8_t d[SHA256_LEN], char out[SHA256_HEXLEN]);

#endif
