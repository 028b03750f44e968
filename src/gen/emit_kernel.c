// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * emit_kernel.c - the vPASID offset table as a kernel header: one
 * struct pci_device_id table for VFs and one for every other function
 * (pci_dev->is_virtfn picks it), .driver_data the offset, PCI_VDEVICE()
 * where include/linux/pci_ids.h names the vendor; and the free ranges
 * of each listed key.  Kernel coding style, lines within 100 columns.
 *
 * src/gen/: a device key's consensus over the store, and the tables
 * made from it: kernel header, QEMU table, offset map.
 */
#include <string.h>

#include "emit_gen.h"
#include "kernel_vendors.h"

static void header(FILE *f, const struct key_set *ks, bool all)
{
	gen_comment_head(f, ks, all,
		"Where a virtual PASID capability (PCIe r6.0 sec 7.8.8, 8 bytes) can\n"
		" * go in the extended config space of an assigned function, for the\n"
		" * devices whose QEMU default does not suit: an offset QEMU 11 takes\n"
		" * that covers no byte any observation shows in use - capability,\n"
		" * orphan capability, hidden register - or no observation read.");
	fprintf(f,
		" * Look a VF (pci_dev->is_virtfn) up in pasid_scan_vpasid_vf_ids[] and\n"
		" * any other function in pasid_scan_vpasid_fn_ids[].  .driver_data is\n"
		" * the offset; 0 means no offset is safe: leave vPASID out.\n"
		" *\n");
	gen_comment_unlisted(f, ks, all);
	fprintf(f,
		"#ifndef _PASID_SCAN_VPASID_H\n"
		"#define _PASID_SCAN_VPASID_H\n\n"
		"#include <linux/compiler.h>\n"
		"#include <linux/mod_devicetable.h>\n"
		"#include <linux/pci.h>\n"
		"#include <linux/types.h>\n");
}

static void vendor_expr(FILE *f, uint16_t vendor)
{
	const char *name = kernel_vendor_name(vendor);

	if (name)
		fprintf(f, "PCI_VENDOR_ID_%s", name);
	else
		fprintf(f, "0x%04x", vendor);
}

void emit_kernel_id_row(FILE *f, const struct dev_key *k)
{
	const char *name = kernel_vendor_name(k->vendor);

	gen_row_comment(f, "\t", k);
	if (name)
		fprintf(f, "\t{ PCI_VDEVICE(%s, 0x%04x), ", name, k->device);
	else
		fprintf(f, "\t{ PCI_DEVICE(0x%04x, 0x%04x), ", k->vendor, k->device);
	fprintf(f, ".driver_data = 0x%x },\n", gen_vpasid(k));
}

void emit_kernel_free_rows(FILE *f, const struct dev_key *k)
{
	unsigned int r;

	for (r = 0; r < k->n_free; r++) {
		fprintf(f, "\t{ ");
		vendor_expr(f, k->vendor);
		fprintf(f, ", 0x%04x, %d, 0x%03x, 0x%03x },\n", k->device, k->vf,
			k->free[r].off, k->free[r].size);
	}
}

static void id_table(FILE *f, const struct key_set *ks, bool all, bool vf)
{
	size_t i;

	fprintf(f, "\nstatic const struct pci_device_id pasid_scan_vpasid_%s_ids[] "
		"__maybe_unused = {\n", key_kind_name(vf));
	for (i = 0; i < ks->n; i++)
		if (ks->v[i]->vf == vf && gen_row(ks->v[i], all))
			emit_kernel_id_row(f, ks->v[i]);
	fprintf(f, "\t{ }\n};\n");
}

static void free_ranges(FILE *f, const struct key_set *ks, bool all)
{
	size_t i;

	fprintf(f,
		"\n/*\n"
		" * The free ranges of extended config space of the keys above, for a\n"
		" * driver that describes free space rather than taking one offset: no\n"
		" * observation shows a byte in them in use.  Sorted by vendor, device,\n"
		" * is_virtfn and offset; a zero row ends the table.\n"
		" */\n"
		"struct pasid_scan_free_range {\n"
		"\tu16 vendor;\n"
		"\tu16 device;\n"
		"\tu8 is_virtfn;\n"
		"\tu16 offset;\n"
		"\tu16 len;\n"
		"};\n\n"
		"static const struct pasid_scan_free_range pasid_scan_free_ranges[] "
		"__maybe_unused = {\n");
	for (i = 0; i < ks->n; i++)
		if (gen_row(ks->v[i], all))
			emit_kernel_free_rows(f, ks->v[i]);
	fprintf(f, "\t{ }\n};\n");
}

void emit_kernel(FILE *f, const struct key_set *ks, bool all)
{
	header(f, ks, all);
	id_table(f, ks, all, false);
	id_table(f, ks, all, true);
	free_ranges(f, ks, all);
	fprintf(f, "\n#endif /* _PASID_SCAN_VPASID_H */\n");
}
