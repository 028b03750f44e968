// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * emit_qemu.c - the vPASID offset table in the style of QEMU's
 * hw/vfio/pci-quirks.c: an anonymous struct array, one row per key with
 * a comment naming the device, QEMU's four-space indent.  A file to
 * include after qemu/osdep.h (stdint and stdbool).
 *
 * src/gen/: a device key's consensus over the store, and the tables
 * made from it: kernel header, QEMU table, offset map.
 */
#include "emit_gen.h"

static void header(FILE *f, const struct key_set *ks, bool all)
{
	gen_comment_head(f, ks, all,
		"x-vpasid-cap-offset by device, for the devices whose default does\n"
		" * not suit: where hw/vfio/pci.c can synthesize a PASID capability\n"
		" * without covering a byte any observation shows in use.  QEMU adds\n"
		" * one only with iommufd and a vIOMMU that offers PASID.");
	fprintf(f,
		" * is_vf: the row is for SR-IOV VFs of that ID, else for any other\n"
		" * function.  vpasid_offset 0: no offset is safe, add no vPASID.\n"
		" *\n");
	gen_comment_unlisted(f, ks, all);
	fputc('\n', f);
}

void emit_qemu_row(FILE *f, const struct dev_key *k)
{
	gen_row_comment(f, "    ", k);
	fprintf(f, "    { 0x%04x, 0x%04x, %s, 0x%x },\n", k->vendor,
		k->device, k->vf ? "true" : "false", gen_vpasid(k));
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
	for (i = 0; i < ks->n; i++)
		if (gen_row(ks->v[i], all))
			emit_qemu_row(f, ks->v[i]);
	fprintf(f, "};\n");
}
