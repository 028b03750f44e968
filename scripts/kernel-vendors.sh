#!/bin/sh
# Write src/gen/kernel_vendors.c from a kernel's include/linux/pci_ids.h: the
# vendor IDs that have a PCI_VENDOR_ID_<NAME> macro, so that the kernel
# header 'pasid-scan gen' writes can say PCI_VDEVICE(NAME, ...) for them.
# Where two names share an ID the first in the file wins, as it is the
# one the kernel defined first.
#
# Usage: scripts/kernel-vendors.sh /usr/src/linux-headers-VER-common/include/linux/pci_ids.h
set -eu
[ $# = 1 ] && [ -r "$1" ] || {
	echo "usage: kernel-vendors.sh PATH/include/linux/pci_ids.h" >&2
	exit 2
}
src=$1
ver=$(basename "$(dirname "$(dirname "$(dirname "$src")")")")
cat <<HDR
// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kernel_vendors.c - vendor IDs with a PCI_VENDOR_ID_* name in the
 * kernel's include/linux/pci_ids.h ($ver), sorted by ID.
 * Written by scripts/kernel-vendors.sh; do not edit.
 */
#include <stdlib.h>

#include "kernel_vendors.h"

const struct kernel_vendor kernel_vendors[] = {
HDR
awk '$1 == "#define" && $2 ~ /^PCI_VENDOR_ID_/ && $3 ~ /^0x[0-9a-fA-F]+$/ {
	id = tolower($3)
	sub(/^0x/, "", id)
	while (length(id) < 4)
		id = "0" id
	if (!(id in seen)) {
		seen[id] = 1
		name = $2
		sub(/^PCI_VENDOR_ID_/, "", name)
		printf "\t{ 0x%s, \"%s\" },\n", id, name
	}
}' "$src" | LC_ALL=C sort
cat <<TAIL
};

const size_t n_kernel_vendors = sizeof(kernel_vendors) / sizeof(kernel_vendors[0]);

static int cmp(const void *key, const void *elt)
{
	const struct kernel_vendor *v = elt;
	unsigned int id = *(const unsigned int *)key;

	return id < v->id ? -1 : id > v->id;
}

const char *kernel_vendor_name(unsigned int id)
{
	const struct kernel_vendor *v = bsearch(&id, kernel_vendors,
						n_kernel_vendors,
						sizeof(kernel_vendors[0]), cmp);

	return v ? v->name : NULL;
}
TAIL
