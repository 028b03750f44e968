/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sysfs_facts.h - what a function's sysfs directory says that its config
 * bytes do not (Documentation/ABI/testing/sysfs-bus-pci), and what the
 * host says about itself.
 *
 * src/source/: where snapshots come from: dumps and recordings, the
 * live scan and its probing, sysfs facts, the record writer.
 */
#ifndef PASID_SCAN_SYSFS_FACTS_H
#define PASID_SCAN_SYSFS_FACTS_H

#include "snapset.h"

#define SYSFS_PCI_DEFAULT	"/sys/bus/pci"

/* A PF's virtfnN link: VF number n is at addr. */
struct vf_link {
	struct pci_addr pf;
	struct pci_addr vf;
	unsigned int n;
};

struct vf_links {
	struct vf_link *v;
	size_t n;
};

/*
 * Fill m (address already set) from DIR/devices/BDF.  A missing or
 * unparsable attribute is reported on stderr and left out; the caller
 * goes on.  A PF's virtfnN links are appended to links.
 */
void sysfs_read_facts(const char *dir, struct snap_meta *m,
		      struct vf_links *links);
/* The driver bound to the function now; "" if none. */
void sysfs_read_driver(const char *dir, const struct pci_addr *a, char *buf,
		       size_t len);
void sysfs_fn_path(char *buf, size_t len, const char *dir,
		   const struct pci_addr *a, const char *attr);
/* hostname, kernel release, DMI product, UTC time ($SOURCE_DATE_EPOCH). */
void host_read_facts(struct scan_host *h);

#endif
