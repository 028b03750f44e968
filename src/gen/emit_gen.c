// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * emit_gen.c - what the kernel, QEMU and YAML emitters agree on: which
 * keys a table lists, what stands for "nowhere", and what the comment
 * at the top says an unlisted function means.
 *
 * src/gen/: a device key's consensus over the store, and the tables
 * made from it: kernel header, QEMU table, offset map.
 */
#include <string.h>

#include "emit_gen.h"
#include "err.h"
#include "version.h"

/* A row's comment stays within 100 columns, a tab counted as 8. */
#define ROW_COLUMNS	100

bool gen_row(const struct dev_key *k, bool all)
{
	return verdict_needs_row(k->verdict.verdict) ||
	       (all && k->verdict.verdict == VERDICT_DEFAULT_SAFE);
}

unsigned int gen_vpasid(const struct dev_key *k)
{
	return k->place[VCAP_PASID].offset < 0 ? 0 :
	       (unsigned int)k->place[VCAP_PASID].offset;
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

/* What the table lists and what it does not, with the counts of each
 * verdict, so that "not listed" says exactly what is known. */
void gen_comment_unlisted(FILE *f, const struct key_set *ks, bool all)
{
	unsigned int n[VERDICT_N];

	key_set_verdicts(ks, n);
	fprintf(f,
		" * Listed: the keys QEMU gives a vPASID where its default offset 0x%x\n"
		" * covers a byte in use (%u key%s: %u with another offset, %u with none)%s.\n"
		" * Not listed:\n", QEMU_VPASID_DEFAULT,
		n[VERDICT_OTHER_OFFSET] + n[VERDICT_NO_SAFE_OFFSET],
		plural(n[VERDICT_OTHER_OFFSET] + n[VERDICT_NO_SAFE_OFFSET]),
		n[VERDICT_OTHER_OFFSET], n[VERDICT_NO_SAFE_OFFSET],
		all ? ", and those where 0xff8 is safe" : "");
	if (!all)
		fprintf(f,
			" *  - 0x%x is free in every whole read of the key (%u key%s);\n",
			QEMU_VPASID_DEFAULT, n[VERDICT_DEFAULT_SAFE],
			plural(n[VERDICT_DEFAULT_SAFE]));
	fprintf(f,
		" *  - QEMU adds no vPASID to the function (%u key%s), or vfio-pci or\n"
		" *    QEMU will not assign it (%u key%s);\n"
		" *  - not known: no whole read of the key (%u key%s), and every device\n"
		" *    not observed.  Nothing here says 0x%x is safe for those.\n"
		" * The offset map (pasid-scan gen --yaml) has every key's verdict.\n"
		" */\n", n[VERDICT_NO_VPASID], plural(n[VERDICT_NO_VPASID]),
		n[VERDICT_NOT_ASSIGNABLE], plural(n[VERDICT_NOT_ASSIGNABLE]),
		n[VERDICT_NOT_KNOWN], plural(n[VERDICT_NOT_KNOWN]),
		QEMU_VPASID_DEFAULT);
}

/* name in at most len - 1 bytes, cut at a word with "..." after it. */
static const char *short_name(const char *name, char *buf, size_t len)
{
	size_t n = strlen(name);

	if (n < len)
		return name;
	n = len - 4;
	while (n && name[n] != ' ')
		n--;
	snprintf(buf, len, "%.*s...", (int)(n ? n : len - 4), name);
	return buf;
}

/*
 * The device's name (the vendor is in the row), how many observations
 * and hosts back the row, and what holds QEMU's default; the name gives
 * way so that the line fits.
 */
void gen_row_comment(FILE *f, const char *indent, const struct dev_key *k)
{
	char tail[160], taken[96], name[KEY_NAME_MAX];
	int width = indent[0] == '\t' ? 8 : (int)strlen(indent), n;

	n = snprintf(tail, sizeof(tail), ", %u obs, %u host%s", k->n_obs,
		     k->n_hosts, plural(k->n_hosts));
	if (k->n_unnamed)
		n += snprintf(tail + n, sizeof(tail) - (size_t)n, ", %u dump%s",
			      k->n_unnamed, plural(k->n_unnamed));
	if (k->verdict.verdict != VERDICT_DEFAULT_SAFE)
		n += snprintf(tail + n, sizeof(tail) - (size_t)n, "; 0x%x: %s",
			      QEMU_VPASID_DEFAULT,
			      occ_text(k->verdict.default_occ, true, taken,
				       sizeof(taken)));
	n = ROW_COLUMNS - width - (int)strlen("/*  */") - n;
	fprintf(f, "%s/* %s%s */\n", indent,
		short_name(k->dev_name[0] ? k->dev_name : "unknown device", name,
			   (size_t)(n > 16 ? n : 16) + 1), tail);
}
