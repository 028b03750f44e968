// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sha256.c - SHA-256 as FIPS 180-4 specifies it: constants from sec
 * 4.2.2 and 5.3.3, the compression function from sec 6.2.2, padding
 * from sec 5.1.1.  Not for secrets: it only names content.
 *
 * src/lib/: what every stage uses: diagnostics, pci.ids names, SHA-256,
 * whole-or-nothing files.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "hex16.h"
#include "sha256.h"

/* FIPS 180-4 sec 4.2.2: the first 32 bits of the fractional parts of
 * the cube roots of the first 64 primes. */
static const uint32_t k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t ror(uint32_t x, unsigned int n)
{
	return x >> n | x << (32 - n);
}

static void compress_c(struct sha256 *c, const uint8_t *p)
{
	uint32_t w[64], a, b, cc, d, e, f, g, h, t1, t2;
	unsigned int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (; i < 64; i++)
		w[i] = (ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ w[i - 2] >> 10) +
		       w[i - 7] +
		       (ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ w[i - 15] >> 3) +
		       w[i - 16];
	a = c->h[0];
	b = c->h[1];
	cc = c->h[2];
	d = c->h[3];
	e = c->h[4];
	f = c->h[5];
	g = c->h[6];
	h = c->h[7];
	/* sec 6.2.2 step 3: the working variables shift down one a round,
	 * in registers, which a replay of a fleet does millions of times */
	for (i = 0; i < 64; i++) {
		t1 = h + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) +
		     ((e & f) ^ (~e & g)) + k[i] + w[i];
		t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) +
		     ((a & b) ^ (a & cc) ^ (b & cc));
		h = g;
		g = f;
		f = e;
		e = d + t1;
		d = cc;
		cc = b;
		b = a;
		a = t1 + t2;
	}
	c->h[0] += a;
	c->h[1] += b;
	c->h[2] += cc;
	c->h[3] += d;
	c->h[4] += e;
	c->h[5] += f;
	c->h[6] += g;
	c->h[7] += h;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>

#define SHA_TARGET __attribute__((target("sha,sse4.1,ssse3")))

/*
 * Two rounds (sec 6.2.2 step 3) with the x86 SHA extensions: SHA256RNDS2
 * takes the state as {A,B,E,F} and {C,D,G,H} and W+K for two rounds in
 * the low dwords; two of them make four rounds, after which the {A,B,E,F}
 * of the middle is the new {C,D,G,H} (Intel SDM vol. 2, SHA256RNDS2).
 */
static SHA_TARGET void four_rounds(__m128i *abef, __m128i *cdgh, __m128i w,
				   unsigned int i)
{
	__m128i wk = _mm_add_epi32(w, _mm_loadu_si128((const __m128i *)&k[i]));

	*cdgh = _mm_sha256rnds2_epu32(*cdgh, *abef, wk);
	wk = _mm_shuffle_epi32(wk, 0x0e);
	*abef = _mm_sha256rnds2_epu32(*abef, *cdgh, wk);
}

/* sec 6.2.2 step 1, four words at a time: SHA256MSG1 adds sigma0 of the
 * next word, SHA256MSG2 adds sigma1 of the words two back. */
static SHA_TARGET __m128i next_words(__m128i w0, __m128i w1, __m128i w2,
				     __m128i w3)
{
	__m128i t = _mm_add_epi32(_mm_sha256msg1_epu32(w0, w1),
				  _mm_alignr_epi8(w3, w2, 4));

	return _mm_sha256msg2_epu32(t, w3);
}

static SHA_TARGET void compress_x86(struct sha256 *c, const uint8_t *p)
{
	/* the message words are big-endian (sec 3.1) */
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL,
					     0x0405060700010203ULL);
	__m128i abcd = _mm_loadu_si128((const __m128i *)&c->h[0]);
	__m128i efgh = _mm_loadu_si128((const __m128i *)&c->h[4]);
	__m128i abef, cdgh, abef0, cdgh0, w[4];
	unsigned int i;

	/* {A,B,C,D} {E,F,G,H} (dword 0 first) to {F,E,B,A} {H,G,D,C} */
	abcd = _mm_shuffle_epi32(abcd, 0xb1);
	efgh = _mm_shuffle_epi32(efgh, 0x1b);
	abef = _mm_alignr_epi8(abcd, efgh, 8);
	cdgh = _mm_blend_epi16(efgh, abcd, 0xf0);
	abef0 = abef;
	cdgh0 = cdgh;
	for (i = 0; i < 4; i++) {
		w[i] = _mm_shuffle_epi8(
			_mm_loadu_si128((const __m128i *)(p + 16 * i)), bswap);
		four_rounds(&abef, &cdgh, w[i], 4 * i);
	}
	for (i = 4; i < 16; i++) {
		w[i % 4] = next_words(w[i % 4], w[(i + 1) % 4],
				      w[(i + 2) % 4], w[(i + 3) % 4]);
		four_rounds(&abef, &cdgh, w[i % 4], 4 * i);
	}
	abef = _mm_add_epi32(abef, abef0);
	cdgh = _mm_add_epi32(cdgh, cdgh0);
	/* back: {A,B,E,F} and {C,D,G,H} reversed, then their halves paired */
	abef = _mm_shuffle_epi32(abef, 0x1b);
	cdgh = _mm_shuffle_epi32(cdgh, 0x1b);
	_mm_storeu_si128((__m128i *)&c->h[0], _mm_unpacklo_epi64(abef, cdgh));
	_mm_storeu_si128((__m128i *)&c->h[4], _mm_unpackhi_epi64(abef, cdgh));
}

/* CPUID leaf 7 EBX bit 29: SHA; leaf 1 ECX bits 19 and 9: SSE4.1, SSSE3. */
static bool have_sha_ext(void)
{
	unsigned int a, b, c, d;

	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & 1u << 19) ||
	    !(c & 1u << 9))
		return false;
	return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & 1u << 29);
}
#else
static void compress_x86(struct sha256 *c, const uint8_t *p)
{
	compress_c(c, p);
}

static bool have_sha_ext(void)
{
	return false;
}
#endif

/*
 * Replaying a fleet hashes every snapshot, a few GB for a large one, so
 * the CPU's SHA instructions are used where it has them; the portable
 * compression gives the same digest everywhere else.
 */
static void (*compress)(struct sha256 *c, const uint8_t *p);

bool sha256_use_cpu(bool on)
{
	static int have = -1;

	if (have < 0)
		have = have_sha_ext();
	compress = on && have ? compress_x86 : compress_c;
	return compress == compress_x86;
}

void sha256_init(struct sha256 *c)
{
	/* FIPS 180-4 sec 5.3.3 */
	static const uint32_t h0[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};

	if (!compress)
		sha256_use_cpu(!getenv("PASID_SCAN_SHA_PORTABLE"));
	memcpy(c->h, h0, sizeof(h0));
	c->len = 0;
	c->fill = 0;
}

void sha256_update(struct sha256 *c, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t take;

	c->len += len;
	while (len) {
		/* whole blocks straight from the caller's buffer */
		if (!c->fill && len >= sizeof(c->block)) {
			compress(c, p);
			p += sizeof(c->block);
			len -= sizeof(c->block);
			continue;
		}
		take = sizeof(c->block) - c->fill;
		if (take > len)
			take = len;
		memcpy(c->block + c->fill, p, take);
		c->fill += take;
		p += take;
		len -= take;
		if (c->fill == sizeof(c->block)) {
			compress(c, c->block);
			c->fill = 0;
		}
	}
}

void sha256_final(struct sha256 *c, uint8_t out[SHA256_LEN])
{
	uint64_t bits = c->len * 8;
	uint8_t pad = 0x80, be[8];
	unsigned int i;

	/* sec 5.1.1: a one bit, zeros to 56 mod 64, the bit length */
	sha256_update(c, &pad, 1);
	pad = 0;
	while (c->fill != 56)
		sha256_update(c, &pad, 1);
	for (i = 0; i < 8; i++)
		be[i] = bits >> (56 - 8 * i);
	sha256_update(c, be, 8);
	for (i = 0; i < SHA256_LEN; i++)
		out[i] = (uint8_t)(c->h[i / 4] >> (24 - 8 * (i % 4)));
}

void sha256_to_hex(const uint8_t d[SHA256_LEN], char out[SHA256_HEXLEN])
{
	/* not printf: that was a tenth of a fleet's replay */
	*hex_encode(out, d, SHA256_LEN) = '\0';
}

void sha256_hex(struct sha256 *c, char out[SHA256_HEXLEN])
{
	uint8_t d[SHA256_LEN];

	sha256_final(c, d);
	sha256_to_hex(d, out);
}
