// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * emit_gen.c - what the kernel, QEMU and YAML emitters agree on: which
 * keys a table lists, how a kind is named, what stands for "nowhere".
 */
#include "emit_gen.h"
#include "version.h"

bool gen_row(const struct dev_key *k, bool all)
{
	return all || k->needs_quirk;
}

unsigned int gen_vpasid(const struct dev_key *k)
{
	return k->place[VCAP_PASID].offset < 0 ? 0 :
	       (unsigned int)k->place[VCAP_PASID].offset;
}

const char *plural(unsigned long n)
{
	return n == 1 ? "" : "s";
}

void gen_comment_head(FILE *f, const struct key_set *ks, bool all,
		      const char *what)
{
	fprintf(f,
		"/* SPDX-License-Identifier: GPL-2.0-or-later */\n"
		"/*\n"
		" * %s\n"
		" * From %u observation%s of %zu device key%s in %u scan%s.\n"
		" *\n"
		" * Written by pasid-scan %s gen%s; do not edit.\n"
		" *\n", what, key_set_observations(ks),
		plural(key_set_observations(ks)), ks->n, plural(ks->n),
		ks->n_scans, plural(ks->n_scans), PASID_SCAN_VERSION,
		all ? " --all" : "");
}

void gen_comment_unlisted(FILE *f, bool all)
{
	if (!all)
		fprintf(f,
			" * A function not listed has QEMU's default offset, 0x%x, free\n"
			" * in every observation, or no extended space known to exist\n"
			" * (the offset map says which).\n", QEMU_VPASID_DEFAULT);
	fprintf(f, " */\n");
}
