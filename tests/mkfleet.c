// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mkfleet.c - a synthetic fleet for the benchmark, built from real
 * recordings: an lspci -xxxx dump of COUNT functions and, if asked, the
 * same functions as a sysfs tree that libpci's sysfs method reads.
 *
 * Every function's bytes are a template's bytes, unchanged except for
 * one thing: an SR-IOV PF's InitialVFs, TotalVFs and NumVFs registers
 * are set to the number of VFs it is given (64 to 256, as a host with
 * sriov_numvfs written would show; PCIe r6.0 sec 9.3.3.5-9.3.3.7).
 * What is modeled is the arrangement:
 *
 *  - A host is one PCI domain.  Bus 0 holds one copy of every template
 *    function that is neither a VF nor a PF with VFs among the
 *    templates (chipset, root ports, endpoints, and the modeled parts
 *    with hidden registers and orphan capabilities).
 *  - Then up to --pfs PFs, each on a bus of its own four apart, the PF
 *    templates in turn, each followed by its VFs at the routing IDs its
 *    First VF Offset and VF Stride give (sec 9.3.3.10, 9.3.3.11).  VF
 *    i copies the template VFs of that PF in turn.
 *  - Facts are those sysfs would give: IDs (a VF's real ones), class,
 *    the PF's sriov_* attributes, physfn and virtfnN links, the
 *    template's driver and config size, an IOMMU group per function and
 *    a NUMA node per PF.
 *  - Hosts are added until COUNT functions are written; the last one
 *    stops where COUNT does.  A PF cut short keeps the VFs written, and
 *    its NumVFs says how many.
 *
 * A template is a dump file or a directory of them (read as one set,
 * as 'pasid-scan show' reads it).  The VF counts come from --seed, so
 * the same arguments write the same files.
 *
 *  - --host NAME gives the dump a host line naming NAME (one host of a
 *    fleet of stores); --firmware N moves every PF's and VF's Revision
 *    ID on by N, another firmware of the same devices.
 *
 * Usage: mkfleet [--seed N] [--pfs N] [--dump FILE] [--sysfs DIR]
 *                [--host NAME] [--firmware N] COUNT TEMPLATE...
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "caps.h"
#include "dump_dir.h"
#include "emit_record.h"
#include "err.h"
#include "snapset.h"
#include "source_dump.h"

#define VF_MIN		64
#define VF_MAX		256
#define PF_BUS_FIRST	0x10
#define PF_BUS_STEP	4	/* 256 VFs at stride 1 reach the next bus */

struct family {
	const struct cfg_snapshot *pf;
	const struct cfg_snapshot **vfs;
	size_t n_vfs;
	unsigned int sriov;	/* offset of the PF's SR-IOV capability */
};

struct pool {
	const struct cfg_snapshot **singles;
	size_t n_singles;
	struct family *fams;
	size_t n_fams;
};

struct fleet {
	FILE *dump;
	const char *sysfs;
	const char *host;	/* the dump's host line names it */
	unsigned int firmware;	/* added to a family's revision IDs */
	unsigned long count, written;
	unsigned int pfs;
	uint64_t rng;
	int iommu_group;
	struct cfg_snapshot out;
};

/* xorshift64: the same seed, the same fleet */
static unsigned int draw(struct fleet *f, unsigned int lo, unsigned int hi)
{
	f->rng ^= f->rng << 13;
	f->rng ^= f->rng >> 7;
	f->rng ^= f->rng << 17;
	return lo + (unsigned int)(f->rng % (hi - lo + 1));
}

static unsigned int sriov_of(const struct cfg_snapshot *s)
{
	struct cap_list *cl = xcalloc(1, sizeof(*cl));
	const struct cap *c;
	unsigned int off;

	caps_walk(s, cl);
	c = caps_find(cl, true, PCI_EXT_CAP_ID_SRIOV);
	off = c ? c->off : 0;
	free(cl);
	return off;
}

static struct family *family_of(struct pool *p, const struct cfg_snapshot *pf)
{
	size_t i;

	for (i = 0; i < p->n_fams; i++)
		if (p->fams[i].pf == pf)
			return &p->fams[i];
	return NULL;
}

/* PFs whose VFs are among the templates become families. */
static void add_families(struct pool *p, const struct snapset *ss)
{
	size_t i;

	for (i = 0; i < ss->n; i++) {
		const struct cfg_snapshot *vf = ss->v[i], *pf;
		struct family *fam;
		unsigned int sriov;

		if (vf->id.kind != FN_KIND_VF || !vf->id.has_physfn)
			continue;
		pf = snapset_at(ss, &vf->id.physfn);
		fam = pf ? family_of(p, pf) : NULL;
		if (pf && !fam) {
			sriov = sriov_of(pf);
			if (!sriov)
				continue;
			p->fams = xreallocarray(p->fams, p->n_fams + 1,
						sizeof(*p->fams));
			fam = &p->fams[p->n_fams++];
			*fam = (struct family){ .pf = pf, .sriov = sriov };
		}
		if (!fam)
			continue;
		fam->vfs = xreallocarray(fam->vfs, fam->n_vfs + 1,
					 sizeof(*fam->vfs));
		fam->vfs[fam->n_vfs++] = vf;
	}
}

/* Everything else but VFs, once per device key and bytes. */
static void add_singles(struct pool *p, const struct snapset *ss)
{
	size_t i, j;

	for (i = 0; i < ss->n; i++) {
		const struct cfg_snapshot *s = ss->v[i];
		bool seen = false;

		if (s->id.kind == FN_KIND_VF || family_of(p, s))
			continue;
		for (j = 0; j < p->n_singles && !seen; j++)
			seen = p->singles[j]->id.vendor == s->id.vendor &&
			       p->singles[j]->id.device == s->id.device &&
			       p->singles[j]->valid_len == s->valid_len &&
			       !memcmp(p->singles[j]->bytes, s->bytes, s->valid_len);
		if (seen)
			continue;
		p->singles = xreallocarray(p->singles, p->n_singles + 1,
					   sizeof(*p->singles));
		p->singles[p->n_singles++] = s;
	}
}

static int load_template(const char *path, struct snapset *ss)
{
	struct path_list pl = { 0 };
	size_t i;
	int ret;

	snapset_init(ss);
	ret = dump_dir_collect(path, &pl);
	for (i = 0; !ret && i < pl.n; i++)
		ret = dump_read_path(pl.v[i], ss);
	path_list_free(&pl);
	return ret ? ret : snapset_finish(ss);
}

/* ---- the sysfs tree ---------------------------------------------- */

static int path_of(char *buf, const char *dir, const char *name)
{
	if ((size_t)snprintf(buf, CFG_PATH_MAX, "%s/%s", dir, name) >= CFG_PATH_MAX) {
		err_msg("mkfleet: %s/%s: path too long", dir, name);
		return -1;
	}
	return 0;
}

static int put_attr(const char *dir, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int put_attr(const char *dir, const char *name, const char *fmt, ...)
{
	char path[CFG_PATH_MAX];
	va_list ap;
	FILE *f;
	int bad;

	if (path_of(path, dir, name))
		return -1;
	f = fopen(path, "w");
	if (!f) {
		err_msg("mkfleet: %s: %s", path, strerror(errno));
		return -1;
	}
	va_start(ap, fmt);
	bad = vfprintf(f, fmt, ap) < 0;
	va_end(ap);
	return fclose(f) || bad ? -1 : 0;
}

static int put_link(const char *dir, const char *name, const char *target)
{
	char path[CFG_PATH_MAX];

	if (path_of(path, dir, name))
		return -1;
	if (symlink(target, path)) {
		err_msg("mkfleet: %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int put_config(const char *dir, const struct cfg_snapshot *s)
{
	char path[CFG_PATH_MAX];
	FILE *f;
	size_t n;

	if (path_of(path, dir, "config"))
		return -1;
	f = fopen(path, "w");
	if (!f) {
		err_msg("mkfleet: %s: %s", path, strerror(errno));
		return -1;
	}
	n = fwrite(s->bytes, 1, s->valid_len, f);
	return fclose(f) || n != s->valid_len ? -1 : 0;
}

/* What drivers/pci/pci-sysfs.c and iov.c show for the function. */
static int put_ids(const char *dir, const struct cfg_snapshot *s)
{
	const struct cfg_ident *id = &s->id;

	return put_attr(dir, "vendor", "0x%04x\n", id->vendor) ||
	       put_attr(dir, "device", "0x%04x\n", id->device) ||
	       put_attr(dir, "class", "0x%06x\n", id->class) ||
	       put_attr(dir, "revision", "0x%02x\n", id->revision) ||
	       put_attr(dir, "subsystem_vendor", "0x%04x\n", id->subvendor) ||
	       put_attr(dir, "subsystem_device", "0x%04x\n", id->subdevice) ||
	       put_attr(dir, "numa_node", "%d\n", s->facts.numa_node);
}

static int put_sriov(const char *dir, const struct cfg_sriov_facts *v)
{
	/* the virtfnN links are made as each VF is written */
	return put_attr(dir, "sriov_totalvfs", "%u\n", v->totalvfs) ||
	       put_attr(dir, "sriov_numvfs", "%u\n", v->numvfs) ||
	       put_attr(dir, "sriov_offset", "%u\n", v->offset) ||
	       put_attr(dir, "sriov_stride", "%u\n", v->stride) ||
	       put_attr(dir, "sriov_vf_device", "%x\n", v->vf_device);
}

/* physfn from the VF, virtfnN from its PF (drivers/pci/iov.c) */
static int put_vf_links(const struct fleet *f, const struct cfg_snapshot *s,
			const char *dir, const char *bdf)
{
	char pf[PCI_ADDR_STRLEN], link[PCI_ADDR_STRLEN + 3], pfdir[CFG_PATH_MAX];
	char name[32];

	pci_addr_format(&s->id.physfn, pf);
	snprintf(link, sizeof(link), "../%s", pf);
	if (put_link(dir, "physfn", link))
		return -1;
	snprintf(pfdir, sizeof(pfdir), "%s/devices/%s", f->sysfs, pf);
	snprintf(link, sizeof(link), "../%s", bdf);
	snprintf(name, sizeof(name), "virtfn%u", s->facts.vfindex);
	return put_link(pfdir, name, link);
}

static int put_fn(struct fleet *f, const struct cfg_snapshot *s)
{
	char dir[CFG_PATH_MAX], bdf[PCI_ADDR_STRLEN], link[128];

	pci_addr_format(&s->id.addr, bdf);
	snprintf(dir, sizeof(dir), "%s/devices/%s", f->sysfs, bdf);
	if (mkdir(dir, 0755) || put_config(dir, s) || put_ids(dir, s))
		return -1;
	snprintf(link, sizeof(link), "../../../../kernel/iommu_groups/%d",
		 s->facts.iommu_group);
	if (put_link(dir, "iommu_group", link))
		return -1;
	if (s->facts.driver[0]) {
		snprintf(link, sizeof(link), "../../../../bus/pci/drivers/%s",
			 s->facts.driver);
		if (put_link(dir, "driver", link))
			return -1;
	}
	if (s->facts.have & FACT_SRIOV && put_sriov(dir, &s->facts.sriov))
		return -1;
	return s->id.kind == FN_KIND_VF ? put_vf_links(f, s, dir, bdf) : 0;
}

/* ---- the fleet ----------------------------------------------------- */

static int put(struct fleet *f)
{
	struct cfg_snapshot *s = &f->out;

	s->facts.have |= FACT_IOMMU;
	s->facts.iommu_group = f->iommu_group++;
	if (f->dump)
		emit_record(f->dump, s);
	if (f->sysfs && put_fn(f, s))
		return -1;
	f->written++;
	return 0;
}

static void place(struct fleet *f, const struct cfg_snapshot *t,
		  uint32_t domain, uint16_t rid)
{
	struct cfg_snapshot *s = &f->out;

	*s = *t;
	s->host = NULL;
	s->id.addr = (struct pci_addr){ .domain = domain, .bus = rid >> 8,
					.dev = (rid >> 3) & 0x1f, .fn = rid & 7 };
	s->id.has_addr = true;
	if (!(s->facts.have & FACT_CFG_SIZE)) {
		s->facts.have |= FACT_CFG_SIZE;
		s->facts.cfg_size = s->valid_len;
	}
	/* sysfs always tells both, a missing driver link being none */
	s->facts.have |= FACT_NUMA | FACT_DRIVER;
	s->facts.have &= ~(FACT_SRIOV | FACT_VFINDEX);
	if (!(t->facts.have & FACT_NUMA))
		s->facts.numa_node = -1;
	if (!(t->facts.have & FACT_DRIVER))
		s->facts.driver[0] = '\0';
}

static void set_vf_count(struct cfg_snapshot *s, unsigned int sriov,
			 unsigned int n)
{
	unsigned int r;

	for (r = 0x0c; r <= PCI_SRIOV_NUM_VF; r += 2) {	/* Initial, Total, Num */
		s->bytes[sriov + r] = n & 0xff;
		s->bytes[sriov + r + 1] = n >> 8;
	}
	s->facts.have |= FACT_SRIOV;
	s->facts.sriov = (struct cfg_sriov_facts){
		.totalvfs = n, .numvfs = n,
		.offset = cfg_le16(s, sriov + PCI_SRIOV_VF_OFFSET),
		.stride = cfg_le16(s, sriov + PCI_SRIOV_VF_STRIDE),
		.vf_device = cfg_le16(s, sriov + PCI_SRIOV_VF_DID),
	};
}

/*
 * Another firmware of the same device: its Revision ID (PCI Local Bus
 * 3.0 sec 6.2.1, offset 0x08), which a VF reads as its PF does (PCIe
 * r6.0 sec 9.3.4.1.2), moved on by --firmware.  The device keys stay;
 * the snapshots are new ones.
 */
static void firmware(struct fleet *f)
{
	struct cfg_snapshot *s = &f->out;

	s->bytes[PCI_REVISION_ID] = (uint8_t)(s->bytes[PCI_REVISION_ID] + f->firmware);
	s->id.revision = s->bytes[PCI_REVISION_ID];
}

static int put_family(struct fleet *f, const struct family *fam,
		      uint32_t domain, uint8_t bus, int numa)
{
	unsigned int n = draw(f, VF_MIN, VF_MAX), i;
	uint16_t rid = (uint16_t)(bus << 8), first, stride;
	struct pci_addr pf;

	if (n > f->count - f->written - 1)
		n = (unsigned int)(f->count - f->written - 1);
	place(f, fam->pf, domain, rid);
	firmware(f);
	set_vf_count(&f->out, fam->sriov, n);
	f->out.facts.numa_node = numa;
	first = f->out.facts.sriov.offset;
	stride = f->out.facts.sriov.stride;
	pf = f->out.id.addr;
	if (put(f))
		return -1;
	for (i = 0; i < n; i++) {
		place(f, fam->vfs[i % fam->n_vfs], domain,
		      (uint16_t)(rid + first + i * stride));
		firmware(f);
		f->out.id.physfn = pf;
		f->out.facts.have |= FACT_VFINDEX;
		f->out.facts.vfindex = i;
		f->out.facts.numa_node = numa;
		if (put(f))
			return -1;
	}
	return 0;
}

static int put_host(struct fleet *f, const struct pool *p, uint32_t domain)
{
	unsigned int i;

	f->iommu_group = 0;
	for (i = 0; i < p->n_singles && f->written < f->count; i++) {
		place(f, p->singles[i], domain, (uint16_t)(i << 3));
		if (put(f))
			return -1;
	}
	for (i = 0; i < f->pfs && p->n_fams && f->written < f->count; i++)
		if (put_family(f, &p->fams[i % p->n_fams], domain,
			       (uint8_t)(PF_BUS_FIRST + i * PF_BUS_STEP),
			       (int)(i & 1)))
			return -1;
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: mkfleet [--seed N] [--pfs N] [--dump FILE] "
		"[--sysfs DIR] [--host NAME] [--firmware N] COUNT TEMPLATE...\n");
	return 2;
}

static int check_pool(const struct pool *p, const struct fleet *f)
{
	if (!p->n_singles || !p->n_fams) {
		err_msg("mkfleet: the templates hold %zu functions and %zu PFs with VFs; "
			"expected at least one of each", p->n_singles, p->n_fams);
		return -1;
	}
	if (f->pfs < 1 || PF_BUS_FIRST + (f->pfs - 1) * PF_BUS_STEP + 1 > 0xff ||
	    p->n_singles > 32) {
		err_msg("mkfleet: %u PFs and %zu functions do not fit in a domain",
			f->pfs, p->n_singles);
		return -1;
	}
	return 0;
}

static int run(struct fleet *f, const struct pool *p)
{
	uint32_t domain;

	if (f->sysfs) {
		char dir[CFG_PATH_MAX];

		snprintf(dir, sizeof(dir), "%s/devices", f->sysfs);
		if ((mkdir(f->sysfs, 0755) && errno != EEXIST) || mkdir(dir, 0755)) {
			err_msg("mkfleet: %s: %s", dir, strerror(errno));
			return -1;
		}
	}
	for (domain = 0; f->written < f->count; domain++)
		if (put_host(f, p, domain))
			return -1;
	return 0;
}

static void pool_free(struct pool *p)
{
	size_t i;

	for (i = 0; i < p->n_fams; i++)
		free(p->fams[i].vfs);
	free(p->fams);
	free(p->singles);
}

/* Each template a set of its own; families first, then the rest. */
static int load_pool(char **paths, int n, struct snapset *sets,
		     struct pool *p)
{
	int i;

	for (i = 0; i < n; i++) {
		if (load_template(paths[i], &sets[i]))
			return -1;
		add_families(p, &sets[i]);
	}
	for (i = 0; i < n; i++)
		add_singles(p, &sets[i]);
	return 0;
}

/* A host line as a scan writes it, fixed but for the name, so that the
 * same arguments still write the same bytes. */
static void put_host_line(const struct fleet *f)
{
	struct scan_host h = { 0 };

	snprintf(h.hostname, sizeof(h.hostname), "%s", f->host);
	snprintf(h.kernel, sizeof(h.kernel), "6.1.0-lab");
	snprintf(h.product, sizeof(h.product), "mkfleet host");
	snprintf(h.time, sizeof(h.time), "2026-01-01T00:00:00Z");
	snprintf(h.tool, sizeof(h.tool), "mkfleet");
	emit_record_host(f->dump, &h);
}

static int open_dump(struct fleet *f, const char *dump)
{
	if (!dump)
		return 0;
	f->dump = fopen(dump, "w");
	if (!f->dump) {
		err_msg("mkfleet: %s: %s", dump, strerror(errno));
		return -1;
	}
	if (f->host)
		put_host_line(f);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "seed", required_argument, NULL, 'r' },
		{ "pfs", required_argument, NULL, 'p' },
		{ "dump", required_argument, NULL, 'o' },
		{ "sysfs", required_argument, NULL, 's' },
		{ "host", required_argument, NULL, 'H' },
		{ "firmware", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};
	struct fleet fl = { .rng = 1, .pfs = 16 }, *f = &fl;
	struct pool p = { 0 };
	struct snapset *sets;
	const char *dump = NULL;
	int c, i, n, ret;

	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (c == 'r')
			f->rng = strtoull(optarg, NULL, 0) | 1;
		else if (c == 'p')
			f->pfs = (unsigned int)strtoul(optarg, NULL, 0);
		else if (c == 'o')
			dump = optarg;
		else if (c == 's')
			f->sysfs = optarg;
		else if (c == 'H')
			f->host = optarg;
		else if (c == 'w')
			f->firmware = (unsigned int)strtoul(optarg, NULL, 0);
		else
			return usage();
	}
	if (argc - optind < 2)
		return usage();
	f->count = strtoul(argv[optind++], NULL, 0);
	n = argc - optind;
	sets = xcalloc(n, sizeof(*sets));
	ret = load_pool(argv + optind, n, sets, &p) || check_pool(&p, f) ||
	      open_dump(f, dump) ? -1 : run(f, &p);
	if (f->dump && fclose(f->dump))
		ret = -1;
	if (!ret)
		fprintf(stderr, "mkfleet: %lu functions: %zu kinds of function, %zu PF families\n",
			f->written, p.n_singles, p.n_fams);
	pool_free(&p);
	for (i = 0; i < n; i++)
		snapset_free(&sets[i]);
	free(sets);
	return ret ? 1 : 0;
}
