// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_dump_binary.c - the binary config reader (a copy of a sysfs
 * "config" file) and everything a replay does with what it accepts:
 * identity, the VF/PF settling and the analysis.
 */
#include "fuzz.h"
#include "source_dump.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fn_report r;
	struct snapset ss;
	size_t i;

	snapset_init(&ss);
	if (!dump_read_binary(data, size, "fuzz/0000:01:00.0/config", &ss)) {
		FUZZ_ASSERT(ss.n == 1 && ss.v[0]->valid_len == size);
		if (!snapset_finish(&ss))
			for (i = 0; i < ss.n; i++)
				fuzz_check_report(ss.v[i], &r);
	} else {
		FUZZ_ASSERT(!ss.n);
	}
	snapset_free(&ss);
	return 0;
}
