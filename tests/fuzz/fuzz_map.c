// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_map.c - the YAML offset map reader (lookup --map) on arbitrary
 * text.  Whatever it accepts must be what lookup may hand to QEMU: every
 * offset null or a dword-aligned place in extended space with room for
 * the capability, a known reason for each, a verdict the vPASID offset
 * agrees with, one entry per device key.
 */
#include "fuzz.h"
#include "map_read.h"

static void check_entries(const struct map_entry *v, size_t n)
{
	size_t i, j;
	int k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < VCAP_N; k++) {
			int off = v[i].offset[k];

			FUZZ_ASSERT(off == -1 || (off >= CFG_LEGACY_SIZE && !(off & 3) &&
				    off + vcap_types[k].size <= CFG_SPACE_SIZE));
			FUZZ_ASSERT(v[i].reason[k] < VCAP_REASON_N);
		}
		FUZZ_ASSERT(v[i].verdict < VERDICT_N && v[i].why < WHY_N);
		FUZZ_ASSERT((v[i].offset[VCAP_PASID] >= 0) ==
			    (v[i].verdict == VERDICT_DEFAULT_SAFE ||
			     v[i].verdict == VERDICT_OTHER_OFFSET));
		FUZZ_ASSERT((v[i].verdict == VERDICT_DEFAULT_SAFE) ==
			    (v[i].offset[VCAP_PASID] == QEMU_VPASID_DEFAULT));
		/* n is small in what the fuzzer keeps; quadratic is fine here */
		for (j = 0; j < i && n < 4096; j++)
			FUZZ_ASSERT(v[j].vendor != v[i].vendor ||
				    v[j].device != v[i].device || v[j].vf != v[i].vf);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct map_entry *v;
	size_t n;

	if (!map_read_mem("fuzz.yaml", data, size, &v, &n))
		check_entries(v, n);
	else
		FUZZ_ASSERT(!v && !n);
	free(v);
	return 0;
}
