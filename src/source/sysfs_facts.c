// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sysfs_facts.c - read the attribute files and links of a PCI function's
 * sysfs directory (drivers/pci/pci-sysfs.c, drivers/pci/iov.c).
 *
 * Every read here may fail on a live host: the function can be removed
 * while we look at it.  A fact that cannot be read is left unset and
 * said once on stderr; nothing here stops the scan.
 *
 * src/source/: where snapshots come from: dumps and recordings, the
 * live scan and its probing, sysfs facts, the record writer.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "version.h"
#include "err.h"
#include "source_dump.h"
#include "sysfs_facts.h"

#define ATTR_MAX	256

/* The kernel names a function's directory "%04x:%02x:%02x.%d", the
 * domain in 4 digits or more (drivers/pci/probe.c, pci_setup_device()):
 * what pci_addr_format() writes. */
void sysfs_fn_path(char *buf, size_t len, const char *dir,
		   const struct pci_addr *a, const char *attr)
{
	char bdf[PCI_ADDR_STRLEN];

	pci_addr_format(a, bdf);
	snprintf(buf, len, "%s/devices/%s/%s", dir, bdf, attr);
}

/* The first line of a small file, without its newline; -1 if absent.
 * One read(), no stdio buffer: a host has a dozen of these a function. */
static int read_line(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* Basename of a symlink's target; -1 if there is no such link. */
static int read_link_base(const char *path, char *buf, size_t len)
{
	char target[CFG_PATH_MAX];
	ssize_t n = readlink(path, target, sizeof(target) - 1);
	const char *base;

	if (n < 0)
		return -1;
	target[n] = '\0';
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	if (strlen(base) >= len)
		return -1;
	memcpy(buf, base, strlen(base) + 1);
	return 0;
}

void sysfs_read_driver(const char *dir, const struct pci_addr *a, char *buf,
		       size_t len)
{
	char path[CFG_PATH_MAX];

	sysfs_fn_path(path, sizeof(path), dir, a, "driver");
	if (read_link_base(path, buf, len))
		buf[0] = '\0';	/* no driver bound */
}

struct fn_dir {
	const char *dir;
	const struct pci_addr *addr;
	char bdf[PCI_ADDR_STRLEN];
};

static void fact_missing(const struct fn_dir *d, const char *attr,
			 const char *why)
{
	err_msg("%s: sysfs %s: %s; left out", d->bdf, attr, why);
}

/*
 * Parse an attribute as a number in [min, max].  A missing attribute is
 * said unless it is optional: some exist only on some functions
 * (sriov_* on a PF, numa_node on NUMA-aware kernels), and looking is the
 * only way to know.
 */
static bool attr_num(const struct fn_dir *d, const char *attr, int base,
		     long min, long max, bool optional, long *out)
{
	char path[CFG_PATH_MAX], buf[ATTR_MAX], *end;

	sysfs_fn_path(path, sizeof(path), d->dir, d->addr, attr);
	if (read_line(path, buf, sizeof(buf))) {
		if (!optional || errno != ENOENT)
			fact_missing(d, attr, strerror(errno ? errno : EIO));
		return false;
	}
	errno = 0;
	*out = strtol(buf, &end, base);
	if (errno || end == buf || *end || *out < min || *out > max) {
		fact_missing(d, attr, "not a number in range");
		return false;
	}
	return true;
}

/* vendor, device, class: the kernel's view (quirks may fix a class). */
static void read_ids(const struct fn_dir *d, struct snap_meta *m)
{
	long v;

	if (attr_num(d, "vendor", 0, 0, 0xffff, false, &v)) {
		m->vendor = (uint16_t)v;
		m->fields |= META_VENDOR;
	}
	if (attr_num(d, "device", 0, 0, 0xffff, false, &v)) {
		m->device = (uint16_t)v;
		m->fields |= META_DEVICE;
	}
	if (attr_num(d, "class", 0, 0, 0xffffff, false, &v)) {
		m->class = (uint32_t)v;
		m->fields |= META_CLASS;
	}
}

/* drivers/pci/iov.c: the rest of a PF's sriov_*; vf_device is "%x". */
static void read_sriov(const struct fn_dir *d, unsigned int totalvfs,
		       struct cfg_facts *f)
{
	static const struct {
		const char *attr;
		int base;
		size_t off;
	} t[] = {
		{ "sriov_numvfs", 10, offsetof(struct cfg_sriov_facts, numvfs) },
		{ "sriov_offset", 10, offsetof(struct cfg_sriov_facts, offset) },
		{ "sriov_stride", 10, offsetof(struct cfg_sriov_facts, stride) },
		{ "sriov_vf_device", 16, offsetof(struct cfg_sriov_facts, vf_device) },
	};
	size_t i;
	long v;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (attr_num(d, t[i].attr, t[i].base, 0, 0xffff, false, &v))
			*(uint16_t *)((char *)&f->sriov + t[i].off) = (uint16_t)v;
	f->sriov.totalvfs = (uint16_t)totalvfs;
	f->have |= FACT_SRIOV;
}

static void read_links(const struct fn_dir *d, struct snap_meta *m)
{
	char path[CFG_PATH_MAX], base[ATTR_MAX], *end;
	struct cfg_facts *f = &m->facts;
	long v;

	sysfs_fn_path(path, sizeof(path), d->dir, d->addr, "physfn");
	if (!read_link_base(path, base, sizeof(base))) {
		if (pci_addr_parse(base, &m->physfn) == strlen(base))
			m->fields |= META_PHYSFN;
		else
			fact_missing(d, "physfn", "link target is not a function address");
	}
	sysfs_read_driver(d->dir, d->addr, f->driver, sizeof(f->driver));
	f->have |= FACT_DRIVER;
	/* No iommu_group link: no IOMMU translates for this function. */
	sysfs_fn_path(path, sizeof(path), d->dir, d->addr, "iommu_group");
	if (!read_link_base(path, base, sizeof(base))) {
		v = strtol(base, &end, 10);
		if (*end || v < 0)
			fact_missing(d, "iommu_group", "link target is not a group number");
		else {
			f->iommu_group = (int)v;
			f->have |= FACT_IOMMU;
		}
	}
}

/* "virtfnN" -> VF N at the link's target. */
static void read_virtfns(const struct fn_dir *d, struct vf_links *links)
{
	char path[CFG_PATH_MAX], base[ATTR_MAX];
	struct dirent *e;
	struct vf_link l;
	DIR *dh;

	sysfs_fn_path(path, sizeof(path), d->dir, d->addr, "");
	dh = opendir(path);
	if (!dh)
		return;
	while ((e = readdir(dh))) {
		char *end;

		if (strncmp(e->d_name, "virtfn", 6))
			continue;
		l.n = (unsigned int)strtoul(e->d_name + 6, &end, 10);
		if (*end || end == e->d_name + 6)
			continue;
		sysfs_fn_path(path, sizeof(path), d->dir, d->addr, e->d_name);
		if (read_link_base(path, base, sizeof(base)) ||
		    pci_addr_parse(base, &l.vf) != strlen(base)) {
			fact_missing(d, e->d_name, "not a link to a function");
			continue;
		}
		l.pf = *d->addr;
		links->v = xreallocarray(links->v, links->n + 1, sizeof(l));
		links->v[links->n++] = l;
	}
	closedir(dh);
}

void sysfs_read_facts(const char *dir, struct snap_meta *m,
		      struct vf_links *links)
{
	struct fn_dir d = { .dir = dir, .addr = &m->addr };
	long v;

	pci_addr_format(&m->addr, d.bdf);
	read_ids(&d, m);
	read_links(&d, m);
	if (attr_num(&d, "numa_node", 10, -1, 0xffff, true, &v)) {
		m->facts.numa_node = (int)v;
		m->facts.have |= FACT_NUMA;
	}
	m->kind = FN_KIND_FN;
	if (m->fields & META_PHYSFN) {
		m->kind = FN_KIND_VF;
	} else if (attr_num(&d, "sriov_totalvfs", 10, 0, 0xffff, true, &v)) {
		m->kind = FN_KIND_PF;
		read_sriov(&d, (unsigned int)v, &m->facts);
		read_virtfns(&d, links);
	}
	m->fields |= META_KIND;
}

static void scan_time(char *buf, size_t len)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t t = time(NULL);
	long v;
	struct tm tm;

	/* reproducible-builds.org: a fixed time makes a fixed recording */
	if (sde && meta_parse_long(sde, 0, LONG_MAX, &v))
		t = (time_t)v;
	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void host_read_facts(struct scan_host *h)
{
	struct utsname u;

	memset(h, 0, sizeof(*h));
	if (!uname(&u)) {
		snprintf(h->hostname, sizeof(h->hostname), "%s", u.nodename);
		snprintf(h->kernel, sizeof(h->kernel), "%s", u.release);
	}
	/* drivers/firmware/dmi-id.c: world-readable, absent without DMI */
	if (read_line("/sys/class/dmi/id/product_name", h->product,
		      sizeof(h->product)))
		h->product[0] = '\0';
	scan_time(h->time, sizeof(h->time));
	snprintf(h->tool, sizeof(h->tool), "%s", PASID_SCAN_VERSION);
}
