// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_dump_text.c - the text dump reader (lspci -x/-xxx/-xxxx and
 * -vvv output) on arbitrary bytes, then what show and replay do with
 * what it accepts: settle VFs against their PFs and analyse each.
 * Replay's streaming index (dump_index.c) reads the same bytes from a
 * file and must accept exactly what the whole-file reader accepts, and
 * settle every function to the same identity.
 */
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "dump_index.h"
#include "fuzz.h"
#include "source_dump.h"

/* The input as a file, for the reader that wants a path. */
static int as_file(const uint8_t *data, size_t size, char *path, size_t len)
{
	int fd = memfd_create("fuzz-dump", 0);

	FUZZ_ASSERT(fd >= 0);
	FUZZ_ASSERT(write(fd, data, size) == (ssize_t)size);
	snprintf(path, len, "/proc/self/fd/%d", fd);
	return fd;
}

static void same_as_index(const uint8_t *data, size_t size,
			  const struct snapset *ss, bool ok)
{
	struct dump_index ix;
	char path[64];
	size_t i;
	int fd;

	/* a NUL in the first 4097 bytes makes the path reader take the
	 * input for a binary config; an empty file it refuses outright */
	if (!size || memchr(data, 0, size < 4097 ? size : 4097))
		return;
	fd = as_file(data, size, path, sizeof(path));
	FUZZ_ASSERT(!dump_index_read(path, NULL, true, &ix) == ok);
	for (i = 0; ok && i < ss->n; i++) {
		const struct cfg_ident *a = &ss->v[i]->id, *b = &ix.heads[i].id;

		FUZZ_ASSERT(ix.n == ss->n);
		FUZZ_ASSERT(!pci_addr_cmp(&a->addr, &b->addr));
		FUZZ_ASSERT(a->vendor == b->vendor && a->device == b->device);
		FUZZ_ASSERT(a->kind == b->kind && a->has_physfn == b->has_physfn);
		FUZZ_ASSERT(a->ids_from_pf == b->ids_from_pf);
	}
	if (ok)
		dump_index_free(&ix);
	close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fn_report r;
	struct snapset ss;
	bool ok = false;
	FILE *f;
	size_t i;

	f = fmemopen((void *)data, size, "r");
	if (!f)
		return 0;
	snapset_init(&ss);
	if (!dump_read_text(f, "fuzz.txt", &ss)) {
		FUZZ_ASSERT(ss.n > 0);
		ok = !snapset_finish(&ss);
		for (i = 0; ok && i < ss.n; i++)
			fuzz_check_report(ss.v[i], &r);
	} else {
		/* a refused dump leaves nothing behind */
		FUZZ_ASSERT(!ss.n && !ss.n_meta && !ss.n_hosts);
	}
	same_as_index(data, size, &ss, ok);
	snapset_free(&ss);
	fclose(f);
	return 0;
}
