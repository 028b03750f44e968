// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * emit_qemu.c - the vPASID offset table in the style of QEMU's
 * hw/vfio/pci-quirks.c: an anonymous struct array, one row per key with
 * a comment naming the device, QEMU's four-space indent.  A file to
 * include after qemu/osdep.h (stdint and stdbool).
 */
#include "emit_gen.h"
#include "version.h"

static void header(FILE *f, const struct key_set *ks, bool all)
{
	fprintf(f,
		"/* SPDX-License-Identifier: GPL-2.0-or-later */\n"
		"/*\n"
		" * x-vpasid-cap-offset by device: where a virtual PASID capability\n"
		" * can go without covering a byte any observation shows in use.\n"
		" * From %u observation%s of %zu device key%s in %u scan%s.\n"
		" *\n"
		" * Written by pasid-scan %s gen%s; do not edit.\n"
		" *\n"
		" * is_vf: the row is for SR-IOV VFs of that ID, else for any other\n"
		" * function.  vpasid_offset 0: no offset is safe, add no vPASID.\n",
		ks->n_obs, plural(ks->n_obs), ks->n, plural(ks->n), ks->n_scans,
		plural(ks->n_scans), PASID_SCAN_VERSION, all ? " --all" : "");
	if (!all)
		fprintf(f,
			" * A device not listed has the default, 0x%x, free in every\n"
			" * observation, or no extended space known to exist (the offset\n"
			" * map says which).\n", QEMU_VPASID_DEFAULT);
	fprintf(f, " */\n\n");
}

void emit_qemu(FILE *f, const struct key_set *ks, bool all)
{
	size_t i;

	header(f, ks, all);
	fprintf(f,
		"static const struct {\n"
		"    uint16_t vendor;\n"
		"    uint16_t device;\n"
		"    bool is_vf;\n"
		"    uint16_t vpasid_offset;\n"
		"} vfio_vpasid_offset_table[] = {\n");
	for (i = 0; i < ks->n; i++) {
		const struct dev_key *k = ks->v[i];

		if (!gen_row(k, all))
			continue;
		fprintf(f, "    { 0x%04x, 0x%04x, %s, 0x%x }, /* %s */\n",
			k->vendor, k->device, k->vf ? "true" : "false",
			gen_vpasid(k), k->name[0] ? k->name : "unknown device");
	}
	fprintf(f, "};\n");
}
