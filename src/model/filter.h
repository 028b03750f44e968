/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * filter.h - lspci-style -s and -d selections.
 *
 * src/model/: one function's config space and what is made of it: the
 * snapshot, its capabilities, who owns each byte, what vfio-pci and
 * QEMU make of it, the verdict.
 */
#ifndef PASID_SCAN_FILTER_H
#define PASID_SCAN_FILTER_H

#include "cfg.h"

/*
 * lspci takes a -s domain up to 0x7fffffff (pciutils lib/filter.c,
 * pci_filter_parse_slot()): its filter is an int with -1 for "any", as
 * ours is, and Linux numbers domains with an int (pci_domain_nr(),
 * include/linux/pci.h).
 */
#define FILTER_DOMAIN_MAX 0x7fffffff

struct fn_filter {
	int domain, bus, dev, fn;	/* -1: any */
	int vendor, device;		/* -1: any */
	int class;			/* base+sub class, -1: any */
	int key_kind;			/* KEY_KIND_ANY, 0: fn, 1: vf */
	char spec[96];			/* "-s 01:00.1 -d 1b36:", as typed */
};

void filter_init(struct fn_filter *f);
/* -s [[[[domain]:]bus]:][dev][.[fn]]; 0 or -1 on a malformed spec */
int filter_parse_slot(struct fn_filter *f, const char *spec);
/* -d [vendor]:[device][:class], or a device key's kind in place of the
 * class, as in [vendor]:[device]:vf */
int filter_parse_id(struct fn_filter *f, const char *spec);
/* Option 's' or 'd' with its argument: NULL, or what was expected. */
const char *filter_parse_opt(struct fn_filter *f, int opt, const char *arg);
/* The -s part alone, for a scan that has only addresses yet. */
bool filter_match_slot(const struct fn_filter *f, const struct pci_addr *a);
bool filter_match(const struct fn_filter *f, const struct cfg_ident *id);

#endif
