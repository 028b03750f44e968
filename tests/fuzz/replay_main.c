// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * replay_main.c - run a harness once on each file named, outside
 * libFuzzer: how make check replays the inputs the fuzzers kept.
 * Prints one "ok FILE" line per input; a crash stops it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL, *exact;
	size_t n = 0, cap = 0, got;

	if (!f) {
		perror(path);
		return -1;
	}
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got);
	fclose(f);
	/* an exact-size copy, so ASan sees a read one byte past the input */
	exact = malloc(n ? n : 1);
	if (!exact)
		abort();
	memcpy(exact, buf, n);
	free(buf);
	LLVMFuzzerTestOneInput(exact, n);
	free(exact);
	printf("ok %s\n", path);
	return 0;
}

int main(int argc, char **argv)
{
	int i, ret = 0;

	for (i = 1; i < argc; i++)
		if (run_file(argv[i]))
			ret = 1;
	return ret;
}
