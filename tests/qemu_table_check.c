// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The QEMU table pasid-scan gen --qemu writes, compiled the way
 * hw/vfio/pci-quirks.c would hold it: after <stdbool.h> and <stdint.h>,
 * with every field read so that the compiler checks each one's type.
 * scripts/check-kmod.sh builds this with -Wall -Wextra -Werror and the
 * table as pasid_scan_qemu_table.h on the include path.
 *
 * Run, it prints each row's key and offset as 'pasid-scan lookup' does,
 *	1b36:0010:vf vpasid=0xff8	(vpasid=none for offset 0)
 * for the script to compare with the YAML map, and exits 1 if a row
 * could not be a QEMU quirk entry: a vendor ID no function has, an
 * offset outside extended config space or not dword aligned, or a key
 * listed twice (QEMU would only ever use the first).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "pasid_scan_qemu_table.h"

#define N_ROWS (sizeof(vfio_vpasid_offset_table) / \
		sizeof(vfio_vpasid_offset_table[0]))

/* Where an 8-byte PASID capability can start in extended space. */
#define EXT_FIRST 0x100
#define EXT_LAST (0x1000 - 8)

static bool same_key(size_t a, size_t b)
{
	return vfio_vpasid_offset_table[a].vendor ==
		       vfio_vpasid_offset_table[b].vendor &&
	       vfio_vpasid_offset_table[a].device ==
		       vfio_vpasid_offset_table[b].device &&
	       vfio_vpasid_offset_table[a].is_vf ==
		       vfio_vpasid_offset_table[b].is_vf;
}

int main(void)
{
	/*
	 * A table with no rows is a zero-length array: bounding the loops
	 * by a variable rather than by the constant 0 keeps -Wtype-limits
	 * from calling i < 0 always false.
	 */
	const size_t n = N_ROWS;
	int bad = 0;

	for (size_t i = 0; i < n; i++) {
		uint16_t vendor = vfio_vpasid_offset_table[i].vendor;
		uint16_t device = vfio_vpasid_offset_table[i].device;
		bool is_vf = vfio_vpasid_offset_table[i].is_vf;
		uint16_t off = vfio_vpasid_offset_table[i].vpasid_offset;
		const char *kind = is_vf ? "vf" : "fn";

		if (off)
			printf("%04x:%04x:%s vpasid=%#x\n", vendor, device,
			       kind, off);
		else
			printf("%04x:%04x:%s vpasid=none\n", vendor, device,
			       kind);

		if (vendor == 0 || vendor == 0xffff) {
			fprintf(stderr, "row %zu: vendor %#06x\n", i, vendor);
			bad = 1;
		}
		if (off && (off < EXT_FIRST || off > EXT_LAST || off % 4)) {
			fprintf(stderr, "row %zu: vpasid_offset %#x\n", i, off);
			bad = 1;
		}
		for (size_t j = 0; j < i; j++) {
			if (same_key(i, j)) {
				fprintf(stderr, "row %zu: key of row %zu again\n",
					i, j);
				bad = 1;
			}
		}
	}
	return bad;
}
