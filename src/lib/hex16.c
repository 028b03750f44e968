// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hex16.c - decode " hh" x 16.  With SSSE3 the 48 characters are split
 * into spaces, high and low digits by byte shuffles and converted 16 at a
 * time; without it, a table a character.  Both accept exactly the same
 * text: '0'-'9', 'a'-'f', 'A'-'F' and the spaces between.
 *
 * src/lib/: what every stage uses: diagnostics, pci.ids names, SHA-256,
 * whole-or-nothing files.
 */
#include <string.h>

#include "hex16.h"

const char hex_lower[] = "0123456789abcdef";

const uint8_t hex_value1[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5,
	['5'] = 6, ['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
	['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
	['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

char *hex_encode(char *p, const uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		*p++ = hex_lower[b[i] >> 4];
		*p++ = hex_lower[b[i] & 0xf];
	}
	return p;
}

static bool decode_c(const char *s, uint8_t out[16])
{
	unsigned int i;

	for (i = 0; i < 16; i++, s += 3) {
		uint8_t hi = hex_value1[(unsigned char)s[1]];
		uint8_t lo = hex_value1[(unsigned char)s[2]];

		if (s[0] != ' ' || !hi || !lo)
			return false;
		out[i] = (uint8_t)((hi - 1) << 4 | (lo - 1));
	}
	return true;
}

static bool (*decode)(const char *s, uint8_t out[16]);

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

#define SSSE3 __attribute__((target("ssse3")))
#define SSSE3_INLINE inline __attribute__((target("ssse3"), always_inline))

/*
 * Lane i of gather(.., first) takes byte 3 * i + first of the 48, from
 * the one of the three 16-byte blocks that holds it; -128 zeroes a lane.
 * Made once: masks[first][block].
 */
static int8_t masks[3][3][16];

static void make_masks(void)
{
	unsigned int first, i, pos;

	for (first = 0; first < 3; first++) {
		for (i = 0; i < 16; i++) {
			pos = 3 * i + first;
			masks[first][0][i] = pos < 16 ? (int8_t)pos : -128;
			masks[first][1][i] = pos >= 16 && pos < 32 ?
					     (int8_t)(pos - 16) : -128;
			masks[first][2][i] = pos >= 32 ? (int8_t)(pos - 32) : -128;
		}
	}
}

static SSSE3_INLINE __m128i pick(__m128i b, const int8_t *m)
{
	return _mm_shuffle_epi8(b, _mm_loadu_si128((const __m128i *)m));
}

static SSSE3_INLINE __m128i gather(__m128i b0, __m128i b1, __m128i b2,
			    unsigned int first)
{
	return _mm_or_si128(_mm_or_si128(pick(b0, masks[first][0]),
					 pick(b1, masks[first][1])),
			    pick(b2, masks[first][2]));
}

/* x - lo as signed bytes, and whether it lies in [0, n). */
static SSSE3_INLINE __m128i in_range(__m128i x, char lo, char n, __m128i *d)
{
	*d = _mm_sub_epi8(x, _mm_set1_epi8(lo));
	return _mm_and_si128(_mm_cmpgt_epi8(*d, _mm_set1_epi8(-1)),
			     _mm_cmplt_epi8(*d, _mm_set1_epi8(n)));
}

/* 16 digits to their values; *ok keeps only lanes that were digits. */
static SSSE3_INLINE __m128i values(__m128i x, __m128i *ok)
{
	__m128i d, l, dig = in_range(x, '0', 10, &d);
	__m128i let = in_range(_mm_or_si128(x, _mm_set1_epi8(0x20)), 'a', 6, &l);

	*ok = _mm_and_si128(*ok, _mm_or_si128(dig, let));
	return _mm_or_si128(_mm_and_si128(dig, d),
			    _mm_and_si128(let, _mm_add_epi8(l, _mm_set1_epi8(10))));
}

static SSSE3 bool decode_ssse3(const char *s, uint8_t out[16])
{
	__m128i b0 = _mm_loadu_si128((const __m128i *)s);
	__m128i b1 = _mm_loadu_si128((const __m128i *)(s + 16));
	__m128i b2 = _mm_loadu_si128((const __m128i *)(s + 32));
	__m128i ok = _mm_cmpeq_epi8(gather(b0, b1, b2, 0), _mm_set1_epi8(' '));
	__m128i hi = values(gather(b0, b1, b2, 1), &ok);
	__m128i lo = values(gather(b0, b1, b2, 2), &ok);

	if (_mm_movemask_epi8(ok) != 0xffff)
		return false;
	/* hi < 16: the 16-bit shift moves nothing across bytes */
	_mm_storeu_si128((__m128i *)out,
			 _mm_or_si128(_mm_slli_epi16(hi, 4), lo));
	return true;
}

bool hex16_use_cpu(bool on)
{
	static int have = -1;

	if (have < 0) {
		have = __builtin_cpu_supports("ssse3");
		make_masks();
	}
	decode = on && have ? decode_ssse3 : decode_c;
	return decode == decode_ssse3;
}
#else
bool hex16_use_cpu(bool on)
{
	(void)on;
	decode = decode_c;
	return false;
}
#endif

bool hex16_decode(const char *s, uint8_t out[16])
{
	if (!decode)
		hex16_use_cpu(true);
	return decode(s, out);
}
