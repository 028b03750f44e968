// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * probe_policy.c - refusals of write probing.
 *
 * A driver bound to a function owns its registers: a write there races
 * with it.  Only the stub drivers that exist to keep a function idle
 * (vfio-pci, pci-stub, pci-pf-stub) leave it to us.  A VF shares its
 * PF's hardware, so the PF's driver counts too.  Bridges route the bus
 * behind them, and one wrong write loses every device below, so no
 * --force reaches them.
 *
 * src/source/: where snapshots come from: dumps and recordings, the
 * live scan and its probing, sysfs facts, the record writer.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "probe_policy.h"
#include "sysfs_facts.h"

static const char *const idle_drivers[] = {
	"vfio-pci", "pci-stub", "pci-pf-stub",
};

#define PCI_BASE_CLASS_BRIDGE	0x06	/* PCI Code and ID Assignment r1.15 sec 1.7 */

static bool idle_driver(const char *drv)
{
	size_t i;

	if (!drv[0])
		return true;
	for (i = 0; i < sizeof(idle_drivers) / sizeof(idle_drivers[0]); i++)
		if (!strcmp(drv, idle_drivers[i]))
			return true;
	return false;
}

/*
 * security/lockdown/lockdown.c lists the levels with the current one in
 * brackets: "[none] integrity confidentiality".  pci_write_config() in
 * drivers/pci/pci-sysfs.c fails every write once LOCKDOWN_PCI_ACCESS
 * (integrity and up) is in force.  No file: no lockdown LSM, or no
 * securityfs mounted; a write then fails on its own if it must.
 */
static int lockdown_level(const char *sysfs, char *level, size_t len)
{
	char path[CFG_PATH_MAX], buf[128];
	const char *open_b, *close_b;
	FILE *f;

	snprintf(path, sizeof(path), "%s/../../kernel/security/lockdown",
		 sysfs ? sysfs : SYSFS_PCI_DEFAULT);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	open_b = strchr(buf, '[');
	close_b = open_b ? strchr(open_b, ']') : NULL;
	if (!close_b)
		return -1;
	snprintf(level, len, "%.*s", (int)(close_b - open_b - 1), open_b + 1);
	return 0;
}

int probe_refuse_host(const char *sysfs, bool dry_run, char *why, size_t len)
{
	char level[32];

	if (!dry_run && geteuid() != 0) {
		snprintf(why, len, "not root: only root may write config space");
		return -1;
	}
	if (!lockdown_level(sysfs, level, sizeof(level)) &&
	    strcmp(level, "none")) {
		snprintf(why, len,
			 "the kernel is locked down (%s): it refuses config writes from user space",
			 level);
		return -1;
	}
	return 0;
}

int probe_refuse_fn(const char *sysfs, const struct cfg_snapshot *s,
		    bool force, char *why, size_t len)
{
	const char *dir = sysfs ? sysfs : SYSFS_PCI_DEFAULT;
	char drv[FACT_DRIVER_MAX], pf[PCI_ADDR_STRLEN];

	if (s->id.class >> 16 == PCI_BASE_CLASS_BRIDGE) {
		snprintf(why, len, "a bridge (class %06x): never write-probed",
			 s->id.class);
		return -1;
	}
	if (force)
		return 0;
	sysfs_read_driver(dir, &s->id.addr, drv, sizeof(drv));
	if (!idle_driver(drv)) {
		snprintf(why, len,
			 "driver %s is bound (only vfio-pci, pci-stub or pci-pf-stub; --force overrides)",
			 drv);
		return -1;
	}
	if (!s->id.has_physfn)
		return 0;
	sysfs_read_driver(dir, &s->id.physfn, drv, sizeof(drv));
	if (!idle_driver(drv)) {
		pci_addr_format(&s->id.physfn, pf);
		snprintf(why, len,
			 "its PF %s has driver %s bound (only vfio-pci, pci-stub or pci-pf-stub; --force overrides)",
			 pf, drv);
		return -1;
	}
	return 0;
}
