// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pasid_scan_match - look every PCI function up in the vPASID tables
 * that pasid-scan gen wrote, the way a driver or VFIO quirk would, and
 * log what each one that matches gets.
 *
 * The point is the header, not the module: it must compile as kernel
 * code (W=1, -Werror) and its rows must match the functions they were
 * generated from, VFs in the _vf table and everything else in the _fn
 * one.  One line per matched function:
 *
 *	pasid_scan_match: 0000:01:00.1 1b36:0010:vf vpasid=0xff8 ranges=1
 *
 * ("vpasid=none" when the row says no offset is safe; ranges counts the
 * free-range rows of the function's key), then one summary line:
 *
 *	pasid_scan_match: matched 14 of 14 functions, 7 free ranges for ...
 *
 * The module does nothing else and stays loaded until removed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/types.h>

#include "pasid_scan_vpasid.h"

/* The row a function gets, from the table for its kind. */
static const struct pci_device_id *vpasid_row(struct pci_dev *pdev)
{
	return pci_match_id(pdev->is_virtfn ? pasid_scan_vpasid_vf_ids :
			    pasid_scan_vpasid_fn_ids, pdev);
}

/* The all-zero row ends the free-range table. */
static bool free_range_end(const struct pasid_scan_free_range *r)
{
	return !r->vendor && !r->device && !r->len;
}

static bool free_range_is(const struct pasid_scan_free_range *r, u16 vendor,
			  u16 device, bool is_virtfn)
{
	return r->vendor == vendor && r->device == device &&
	       !!r->is_virtfn == is_virtfn;
}

static unsigned int free_ranges_of(const struct pci_dev *pdev)
{
	const struct pasid_scan_free_range *r;
	unsigned int n = 0;

	for (r = pasid_scan_free_ranges; !free_range_end(r); r++) {
		if (free_range_is(r, pdev->vendor, pdev->device,
				  pdev->is_virtfn))
			n++;
	}
	return n;
}

/*
 * Whether some function of this key matched a table row.  Free ranges
 * are per key, so counting them per matched function would count a
 * PF's VFs' ranges once for every VF.
 */
static bool key_matched(const struct pasid_scan_free_range *r)
{
	struct pci_dev *pdev = NULL;

	for_each_pci_dev(pdev) {
		if (free_range_is(r, pdev->vendor, pdev->device,
				  pdev->is_virtfn) && vpasid_row(pdev)) {
			/* Leaving the walk early keeps the reference. */
			pci_dev_put(pdev);
			return true;
		}
	}
	return false;
}

static int __init pasid_scan_match_init(void)
{
	const struct pasid_scan_free_range *r;
	const struct pci_device_id *id;
	struct pci_dev *pdev = NULL;
	unsigned int fns = 0, matched = 0, ranges = 0;
	char off[24];

	for_each_pci_dev(pdev) {
		fns++;
		id = vpasid_row(pdev);
		if (!id)
			continue;
		matched++;
		/* .driver_data 0: no offset is safe for this key. */
		if (id->driver_data)
			snprintf(off, sizeof(off), "%#lx",
				 (unsigned long)id->driver_data);
		else
			strscpy(off, "none", sizeof(off));
		pr_info("%s %04x:%04x:%s vpasid=%s ranges=%u\n",
			pci_name(pdev), pdev->vendor, pdev->device,
			pdev->is_virtfn ? "vf" : "fn", off,
			free_ranges_of(pdev));
	}

	for (r = pasid_scan_free_ranges; !free_range_end(r); r++) {
		if (key_matched(r))
			ranges++;
	}

	pr_info("matched %u of %u functions, %u free ranges for their keys\n",
		matched, fns, ranges);
	return 0;
}

static void __exit pasid_scan_match_exit(void)
{
}

module_init(pasid_scan_match_init);
module_exit(pasid_scan_match_exit);

MODULE_DESCRIPTION("Match PCI functions against pasid-scan's vPASID tables");
MODULE_LICENSE("GPL");
