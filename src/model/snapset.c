// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * snapset.c - collect snapshots, then settle what their bytes alone do
 * not say: the real IDs of a VF (its config reads ffff, PCIe r6.0 sec
 * 9.3.4.1.1), which PF it belongs to, and whether an address repeats.
 *
 * src/model/: one function's config space and what is made of it: the
 * snapshot, its capabilities, who owns each byte, what vfio-pci and
 * QEMU make of it, the verdict.
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
	if (ss->drop_meta)
		return;
	if (ss->n_meta == ss->alloc_meta) {
		ss->alloc_meta = ss->alloc_meta ? ss->alloc_meta * 2 : 16;
		ss->meta = xreallocarray(ss->meta, ss->alloc_meta, sizeof(*m));
	}
	ss->meta[ss->n_meta++] = *m;
}

void snapset_drop_meta(struct snapset *ss)
{
	free(ss->meta);
	ss->meta = NULL;
	ss->n_meta = ss->alloc_meta = 0;
	ss->drop_meta = true;
}

const struct cfg_snapshot *snapset_at(const struct snapset *ss,
				      const struct pci_addr *a)
{
	size_t i;

	for (i = 0; i < ss->n; i++)
		if (ss->v[i]->id.has_addr && !pci_addr_cmp(&ss->v[i]->id.addr, a))
			return ss->v[i];
	return NULL;
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

static int by_addr(const void *a, const void *b)
{
	const struct fn_head *x = *(const struct fn_head *const *)a;
	const struct fn_head *y = *(const struct fn_head *const *)b;

	return pci_addr_cmp(&x->id.addr, &y->id.addr);
}

static int by_addr_then_order(const void *a, const void *b)
{
	const struct fn_head *x = *(const struct fn_head *const *)a;
	const struct fn_head *y = *(const struct fn_head *const *)b;
	int d = by_addr(a, b);

	/* one array in read order: a repeat sorts after what it repeats */
	return d ? d : (x > y) - (x < y);
}

/* Sorted view of the addressed functions, for lookups. */
static struct fn_head **sorted_view(struct fn_head *v, size_t n_in, size_t *n)
{
	struct fn_head **idx = xcalloc(n_in, sizeof(*idx));
	size_t i;

	*n = 0;
	for (i = 0; i < n_in; i++)
		if (v[i].id.has_addr)
			idx[(*n)++] = &v[i];
	if (*n)
		qsort(idx, *n, sizeof(*idx), by_addr_then_order);
	return idx;
}

static struct fn_head *lookup(struct fn_head **idx, size_t n,
			      const struct pci_addr *a)
{
	struct fn_head key, *kp = &key;
	struct fn_head **hit;

	if (!n)
		return NULL;
	key.id.addr = *a;
	hit = bsearch(&kp, idx, n, sizeof(*idx), by_addr);
	return hit ? *hit : NULL;
}

static int check_duplicates(struct fn_head **idx, size_t n)
{
	size_t i;
	char bdf[PCI_ADDR_STRLEN];

	for (i = 1; i < n; i++) {
		if (pci_addr_cmp(&idx[i - 1]->id.addr, &idx[i]->id.addr))
			continue;
		pci_addr_format(&idx[i]->id.addr, bdf);
		err_at(idx[i]->path, idx[i]->line,
		       "%s appears twice (also at %s:%u)", bdf,
		       idx[i - 1]->path, idx[i - 1]->line);
		return -1;
	}
	return 0;
}

static void apply_meta(struct fn_head *h, const struct snap_meta *m)
{
	struct cfg_ident *id = &h->id;

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
	cfg_facts_merge(&h->facts, &m->facts);
}

void fn_head_of(const struct cfg_snapshot *s, struct cap_list *cl,
		struct fn_head *h)
{
	const struct cap *c;

	memset(h, 0, sizeof(*h));
	h->id = s->id;
	h->facts = s->facts;
	h->path = s->origin.path;
	h->line = s->origin.line;
	h->raw_vendor = cfg_raw_vendor(s);
	caps_walk(s, cl);
	c = caps_find(cl, true, PCI_EXT_CAP_ID_SRIOV);
	if (c) {
		h->sriov.off = c->off;
		h->sriov.total = cfg_le16(s, c->off + PCI_SRIOV_TOTAL_VF);
		h->sriov.num = cfg_le16(s, c->off + PCI_SRIOV_NUM_VF);
		h->sriov.first = cfg_le16(s, c->off + PCI_SRIOV_VF_OFFSET);
		h->sriov.stride = cfg_le16(s, c->off + PCI_SRIOV_VF_STRIDE);
		h->sriov.vf_did = cfg_le16(s, c->off + PCI_SRIOV_VF_DID);
	}
}

/*
 * Is vf one of pf's VFs?  VF n (1-based) has Routing ID
 * PF RID + First VF Offset + (n - 1) * VF Stride (PCIe r6.0 sec 9.3.3.9,
 * 9.3.3.10), for n up to NumVFs (TotalVFs if NumVFs was not recorded).
 */
static bool vf_of(const struct fn_head *pf, const struct fn_head *vf)
{
	unsigned int num = pf->sriov.num ? pf->sriov.num : pf->sriov.total;
	unsigned int base = pci_addr_rid(&pf->id.addr) + pf->sriov.first;
	unsigned int rid = pci_addr_rid(&vf->id.addr);
	unsigned int stride = pf->sriov.stride;

	if (pf->id.addr.domain != vf->id.addr.domain || !pf->sriov.first ||
	    rid < base)
		return false;
	if (!stride)
		return rid == base && num;
	return (rid - base) % stride == 0 && (rid - base) / stride < num;
}

static void link_vf(struct fn_head *vf, const struct fn_head *pf)
{
	struct cfg_ident *id = &vf->id;

	if (!id->kind_from_meta)
		id->kind = FN_KIND_VF;
	if (!id->has_physfn) {
		id->has_physfn = true;
		id->physfn = pf->id.addr;
	}
	if (vf->raw_vendor == 0xffff && !id->ids_from_meta) {
		id->vendor = pf->id.vendor;
		id->device = pf->sriov.vf_did;
		id->ids_from_pf = true;
	}
}

static struct fn_head **find_pfs(struct fn_head *v, size_t n, size_t *npf)
{
	struct fn_head **pfs = xcalloc(n, sizeof(*pfs));
	size_t i;

	*npf = 0;
	for (i = 0; i < n; i++) {
		if (!v[i].sriov.off)
			continue;
		if (!v[i].id.kind_from_meta)
			v[i].id.kind = FN_KIND_PF;
		pfs[(*npf)++] = &v[i];
	}
	return pfs;
}

static void link_vfs(struct fn_head *v, size_t n, struct fn_head **pfs,
		     size_t npf)
{
	size_t i, p;

	for (i = 0; i < n; i++) {
		struct fn_head *h = &v[i];

		if (!h->id.has_addr || h->id.kind == FN_KIND_PF)
			continue;
		for (p = 0; p < npf; p++) {
			if (h->id.has_physfn &&
			    pci_addr_cmp(&h->id.physfn, &pfs[p]->id.addr))
				continue;
			if (vf_of(pfs[p], h)) {
				link_vf(h, pfs[p]);
				break;
			}
		}
	}
}

/* A function reading vendor ffff whose IDs nobody supplied cannot be
 * named; dropping it silently would hide a VF, so it is an error. */
static int check_unnamed(const struct fn_head *v, size_t n)
{
	char bdf[PCI_ADDR_STRLEN] = "function";
	size_t i;

	for (i = 0; i < n; i++) {
		const struct fn_head *h = &v[i];

		if (h->raw_vendor != 0xffff || h->id.ids_from_meta ||
		    h->id.ids_from_pf)
			continue;
		if (h->id.has_addr)
			pci_addr_format(&h->id.addr, bdf);
		err_at(h->path, h->line,
		       "%s reads vendor ffff (a VF?) but neither a '# pasid-scan:' line nor its PF's SR-IOV capability gives its IDs",
		       bdf);
		return -1;
	}
	return 0;
}

int fn_heads_finish(struct fn_head *v, size_t n, const struct snap_meta *meta,
		    size_t n_meta)
{
	struct fn_head **idx, **pfs, *h;
	size_t n_idx, npf, i;
	int ret = -1;

	idx = sorted_view(v, n, &n_idx);
	if (check_duplicates(idx, n_idx))
		goto out;
	for (i = 0; i < n_meta; i++) {
		h = lookup(idx, n_idx, &meta[i].addr);
		if (h)
			apply_meta(h, &meta[i]);
	}
	pfs = find_pfs(v, n, &npf);
	link_vfs(v, n, pfs, npf);
	free(pfs);
	ret = check_unnamed(v, n);
out:
	free(idx);
	return ret;
}

int snapset_finish(struct snapset *ss)
{
	struct fn_head *v = xcalloc(ss->n, sizeof(*v));
	struct cap_list *cl = xcalloc(1, sizeof(*cl));
	size_t i;
	int ret;

	for (i = 0; i < ss->n; i++)
		fn_head_of(ss->v[i], cl, &v[i]);
	free(cl);
	ret = fn_heads_finish(v, ss->n, ss->meta, ss->n_meta);
	for (i = 0; !ret && i < ss->n; i++) {
		ss->v[i]->id = v[i].id;
		ss->v[i]->facts = v[i].facts;
	}
	free(v);
	return ret;
}
