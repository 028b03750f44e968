// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * snapset.c - collect snapshots, then settle what their bytes alone do
 * not say: the real IDs of a VF (its config reads ffff, PCIe r6.0 sec
 * 9.3.4.1.1), which PF it belongs to, and whether an address repeats.
 */
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "err.h"
#include "snapset.h"

void snapset_init(struct snapset *ss)
{
	memset(ss, 0, sizeof(*ss));
}

void snapset_free(struct snapset *ss)
{
	size_t i;

	for (i = 0; i < ss->n; i++)
		free(ss->v[i]);
	free(ss->v);
	free(ss->meta);
	for (i = 0; i < ss->n_hosts; i++)
		free(ss->hosts[i]);
	free(ss->hosts);
	snapset_init(ss);
}

struct cfg_snapshot *snapset_add(struct snapset *ss)
{
	if (ss->n == ss->alloc) {
		ss->alloc = ss->alloc ? ss->alloc * 2 : 64;
		ss->v = xreallocarray(ss->v, ss->alloc, sizeof(*ss->v));
	}
	ss->v[ss->n] = xcalloc(1, sizeof(struct cfg_snapshot));
	return ss->v[ss->n++];
}

void snapset_drop_last(struct snapset *ss)
{
	if (ss->n)
		free(ss->v[--ss->n]);
}

void snapset_add_meta(struct snapset *ss, const struct snap_meta *m)
{
	if (ss->n_meta == ss->alloc_meta) {
		ss->alloc_meta = ss->alloc_meta ? ss->alloc_meta * 2 : 16;
		ss->meta = xreallocarray(ss->meta, ss->alloc_meta, sizeof(*m));
	}
	ss->meta[ss->n_meta++] = *m;
}

struct scan_host *snapset_add_host(struct snapset *ss)
{
	ss->hosts = xreallocarray(ss->hosts, ss->n_hosts + 1, sizeof(*ss->hosts));
	ss->hosts[ss->n_hosts] = xcalloc(1, sizeof(struct scan_host));
	return ss->hosts[ss->n_hosts++];
}

void cfg_facts_merge(struct cfg_facts *dst, const struct cfg_facts *src)
{
	unsigned int h = src->have;

	if (h & FACT_CFG_SIZE)
		dst->cfg_size = src->cfg_size;
	if (h & FACT_DRIVER)
		memcpy(dst->driver, src->driver, sizeof(dst->driver));
	if (h & FACT_IOMMU)
		dst->iommu_group = src->iommu_group;
	if (h & FACT_NUMA)
		dst->numa_node = src->numa_node;
	if (h & FACT_VFINDEX)
		dst->vfindex = src->vfindex;
	if (h & FACT_SRIOV)
		dst->sriov = src->sriov;
	dst->have |= h;
}

static int cmp_addr(const void *a, const void *b)
{
	const struct cfg_snapshot *x = *(const struct cfg_snapshot *const *)a;
	const struct cfg_snapshot *y = *(const struct cfg_snapshot *const *)b;

	return pci_addr_cmp(&x->id.addr, &y->id.addr);
}

/* Sorted view of the addressed snapshots, for lookups. */
static struct cfg_snapshot **sorted_view(const struct snapset *ss, size_t *n)
{
	struct cfg_snapshot **idx = xcalloc(ss->n, sizeof(*idx));
	size_t i;

	*n = 0;
	for (i = 0; i < ss->n; i++)
		if (ss->v[i]->id.has_addr)
			idx[(*n)++] = ss->v[i];
	qsort(idx, *n, sizeof(*idx), cmp_addr);
	return idx;
}

static struct cfg_snapshot *lookup(struct cfg_snapshot **idx, size_t n,
				   const struct pci_addr *a)
{
	struct cfg_snapshot key, *kp = &key;
	struct cfg_snapshot **hit;

	key.id.addr = *a;
	hit = bsearch(&kp, idx, n, sizeof(*idx), cmp_addr);
	return hit ? *hit : NULL;
}

static int check_duplicates(struct cfg_snapshot **idx, size_t n)
{
	size_t i;
	char bdf[PCI_ADDR_STRLEN];

	for (i = 1; i < n; i++) {
		if (pci_addr_cmp(&idx[i - 1]->id.addr, &idx[i]->id.addr))
			continue;
		pci_addr_format(&idx[i]->id.addr, bdf);
		err_at(idx[i]->origin.path, idx[i]->origin.line,
		       "%s appears twice (also at %s:%u)", bdf,
		       idx[i - 1]->origin.path, idx[i - 1]->origin.line);
		return -1;
	}
	return 0;
}

static void apply_meta(struct cfg_snapshot *s, const struct snap_meta *m)
{
	struct cfg_ident *id = &s->id;

	if (m->fields & META_VENDOR)
		id->vendor = m->vendor;
	if (m->fields & META_DEVICE)
		id->device = m->device;
	/* One of the two alone does not name a VF; its PF then does. */
	if ((m->fields & (META_VENDOR | META_DEVICE)) ==
	    (META_VENDOR | META_DEVICE))
		id->ids_from_meta = true;
	if (m->fields & META_CLASS)
		id->class = m->class;
	if (m->fields & META_PHYSFN) {
		id->has_physfn = true;
		id->physfn = m->physfn;
		id->kind = FN_KIND_VF;
	}
	if (m->fields & META_KIND) {
		id->kind = m->kind;
		id->kind_from_meta = true;
	}
	cfg_facts_merge(&s->facts, &m->facts);
}

/* The SR-IOV capability of a PF, if it has one; its offset or 0. */
static unsigned int sriov_of(const struct cfg_snapshot *s, struct cap_list *cl)
{
	const struct cap *c;

	caps_walk(s, cl);
	c = caps_find(cl, true, PCI_EXT_CAP_ID_SRIOV);
	return c ? c->off : 0;
}

/*
 * Is vf one of pf's VFs?  VF n (1-based) has Routing ID
 * PF RID + First VF Offset + (n - 1) * VF Stride (PCIe r6.0 sec 9.3.3.9,
 * 9.3.3.10), for n up to NumVFs (TotalVFs if NumVFs was not recorded).
 */
static bool vf_of(const struct cfg_snapshot *pf, unsigned int sriov,
		  const struct cfg_snapshot *vf)
{
	unsigned int num = cfg_le16(pf, sriov + PCI_SRIOV_NUM_VF);
	unsigned int first = cfg_le16(pf, sriov + PCI_SRIOV_VF_OFFSET);
	unsigned int stride = cfg_le16(pf, sriov + PCI_SRIOV_VF_STRIDE);
	unsigned int base = pci_addr_rid(&pf->id.addr) + first;
	unsigned int rid = pci_addr_rid(&vf->id.addr);

	if (!num)
		num = cfg_le16(pf, sriov + PCI_SRIOV_TOTAL_VF);
	if (pf->id.addr.domain != vf->id.addr.domain || !first || rid < base)
		return false;
	if (!stride)
		return rid == base && num;
	return (rid - base) % stride == 0 && (rid - base) / stride < num;
}

struct pf_ref {
	struct cfg_snapshot *s;
	unsigned int sriov;
};

static void link_vf(struct cfg_snapshot *vf, const struct pf_ref *pf)
{
	struct cfg_ident *id = &vf->id;

	if (!id->kind_from_meta)
		id->kind = FN_KIND_VF;
	if (!id->has_physfn) {
		id->has_physfn = true;
		id->physfn = pf->s->id.addr;
	}
	if (cfg_raw_vendor(vf) == 0xffff && !id->ids_from_meta) {
		id->vendor = pf->s->id.vendor;
		id->device = cfg_le16(pf->s, pf->sriov + PCI_SRIOV_VF_DID);
		id->ids_from_pf = true;
	}
}

static struct pf_ref *find_pfs(struct snapset *ss, size_t *n)
{
	struct cap_list *cl = xcalloc(1, sizeof(*cl));
	struct pf_ref *pfs = xcalloc(ss->n, sizeof(*pfs));
	size_t i;

	*n = 0;
	for (i = 0; i < ss->n; i++) {
		unsigned int off = sriov_of(ss->v[i], cl);

		if (!off)
			continue;
		if (!ss->v[i]->id.kind_from_meta)
			ss->v[i]->id.kind = FN_KIND_PF;
		pfs[*n].s = ss->v[i];
		pfs[(*n)++].sriov = off;
	}
	free(cl);
	return pfs;
}

static void link_vfs(struct snapset *ss, const struct pf_ref *pfs, size_t npf)
{
	size_t i, p;

	for (i = 0; i < ss->n; i++) {
		struct cfg_snapshot *s = ss->v[i];

		if (!s->id.has_addr || s->id.kind == FN_KIND_PF)
			continue;
		for (p = 0; p < npf; p++) {
			if (s->id.has_physfn &&
			    pci_addr_cmp(&s->id.physfn, &pfs[p].s->id.addr))
				continue;
			if (vf_of(pfs[p].s, pfs[p].sriov, s)) {
				link_vf(s, &pfs[p]);
				break;
			}
		}
	}
}

/* A function reading vendor ffff whose IDs nobody supplied cannot be
 * named; dropping it silently would hide a VF, so it is an error. */
static int check_unnamed(const struct snapset *ss)
{
	char bdf[PCI_ADDR_STRLEN] = "function";
	size_t i;

	for (i = 0; i < ss->n; i++) {
		const struct cfg_snapshot *s = ss->v[i];

		if (cfg_raw_vendor(s) != 0xffff || s->id.ids_from_meta ||
		    s->id.ids_from_pf)
			continue;
		if (s->id.has_addr)
			pci_addr_format(&s->id.addr, bdf);
		err_at(s->origin.path, s->origin.line,
		       "%s reads vendor ffff (a VF?) but neither a '# pasid-scan:' line nor its PF's SR-IOV capability gives its IDs",
		       bdf);
		return -1;
	}
	return 0;
}

int snapset_finish(struct snapset *ss)
{
	struct cfg_snapshot **idx, *s;
	struct pf_ref *pfs;
	size_t n, npf, i;
	int ret = -1;

	idx = sorted_view(ss, &n);
	if (check_duplicates(idx, n))
		goto out;
	for (i = 0; i < ss->n_meta; i++) {
		s = lookup(idx, n, &ss->meta[i].addr);
		if (s)
			apply_meta(s, &ss->meta[i]);
	}
	pfs = find_pfs(ss, &npf);
	link_vfs(ss, pfs, npf);
	free(pfs);
	ret = check_unnamed(ss);
out:
	free(idx);
	return ret;
}
