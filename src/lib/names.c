// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * names.c - libpci's pci_lookup_name() for human output.
 *
 * libpci wants an initialised access structure before it will look up a
 * name (its error hooks are set by pci_init()).  Names are all we need,
 * never bus access, so the dump method over /dev/null gives a working,
 * empty access that cannot fail for want of /sys or root.
 *
 * src/lib/: what every stage uses: diagnostics, pci.ids names, SHA-256,
 * whole-or-nothing files.
 */
#include <pci/pci.h>

#include "names.h"

static struct pci_access *pacc;

static struct pci_access *names_access(void)
{
	if (!pacc) {
		pacc = pci_alloc();
		pacc->method = PCI_ACCESS_DUMP;
		pci_set_param(pacc, "dump.name", "/dev/null");
		pci_init(pacc);
	}
	return pacc;
}

const char *names_device(uint16_t vendor, uint16_t device, char *buf,
			 size_t len)
{
	return pci_lookup_name(names_access(), buf, (int)len,
			       PCI_LOOKUP_VENDOR | PCI_LOOKUP_DEVICE |
			       PCI_LOOKUP_NO_NUMBERS, vendor, device);
}

const char *names_device_only(uint16_t vendor, uint16_t device, char *buf,
			      size_t len)
{
	return pci_lookup_name(names_access(), buf, (int)len,
			       PCI_LOOKUP_DEVICE | PCI_LOOKUP_NO_NUMBERS,
			       vendor, device);
}

void names_cleanup(void)
{
	if (pacc)
		pci_cleanup(pacc);
	pacc = NULL;
}
