// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_layout.c - the capability walkers, the layout and the placement
 * on arbitrary config spaces: pointers anywhere, loops, overlaps, sizes
 * that run off the end.  The first input byte picks how much was read
 * (64, 256 or 4096 bytes) and how far it was probed; then come the
 * bytes, then the volatile and writable masks, each zero where the
 * input runs out.
 */
#include <string.h>

#include "fuzz.h"

static const unsigned int lens[] = {
	CFG_UNPRIV_SIZE, CFG_LEGACY_SIZE, CFG_SPACE_SIZE, CFG_SPACE_SIZE,
};

/* Copy up to n input bytes into dst; what is left of the input. */
static size_t take(uint8_t *dst, size_t n, const uint8_t **p, size_t left)
{
	size_t k = left < n ? left : n;

	memcpy(dst, *p, k);
	*p += k;
	return left - k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cfg_snapshot s;
	static struct fn_report r;
	unsigned int b;

	if (!size)
		return 0;
	cfg_init(&s);
	s.valid_len = lens[data[0] & 3];
	s.probe = (enum probe_level)((data[0] >> 2) % 3);
	data++;
	size--;
	size = take(s.bytes, s.valid_len, &data, size);
	if (s.probe >= PROBE_READ)
		size = take(s.vol, s.valid_len, &data, size);
	if (s.probe == PROBE_WRITE)
		take(s.rw, s.valid_len, &data, size);
	/* a read probe marks whole bytes (source_dump.c refuses others) */
	for (b = 0; b < CFG_SPACE_SIZE; b++)
		s.vol[b] = s.vol[b] ? 0xff : 0;
	cfg_ident_from_bytes(&s);
	fuzz_check_report(&s, &r);
	return 0;
}
