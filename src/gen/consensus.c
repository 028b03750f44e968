// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * consensus.c - fold the observations of each device key into one
 * occupancy map and place the virtual capabilities in it.
 *
 * Everything here is a union, a count, a minimum or a sorted set, so
 * the result does not depend on the order the observations come in:
 * the same store gives the same tables however it was filled.
 *
 * src/gen/: a device key's consensus over the store, and the tables
 * made from it: kernel header, QEMU table, offset map.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "consensus.h"
#include "err.h"
#include "names.h"

void key_set_init(struct key_set *ks)
{
	memset(ks, 0, sizeof(*ks));
}

static void key_free(struct dev_key *k)
{
	size_t i;

	for (i = 0; i < k->n_hosts; i++)
		free(k->host_ids[i]);
	free(k->host_ids);
	for (i = 0; i < VCAP_N; i++)
		free(k->pf[i].offs);
	for (i = 0; i < k->n_walks; i++)
		free((void *)k->walks[i].off);
	free(k->walks);
	free(k->caps);
	free(k->chains[0]);
	free(k->chains[1]);
	free(k);
}

unsigned int key_set_observations(const struct key_set *ks)
{
	unsigned int n = 0;
	size_t i;

	for (i = 0; i < ks->n; i++)
		n += ks->v[i]->n_obs;
	return n;
}

void key_set_free(struct key_set *ks)
{
	size_t i;

	for (i = 0; i < ks->n; i++)
		key_free(ks->v[i]);
	free(ks->v);
	key_set_init(ks);
}

static int key_cmp(uint16_t vendor, uint16_t device, bool vf,
		   const struct dev_key *k)
{
	if (vendor != k->vendor)
		return vendor < k->vendor ? -1 : 1;
	if (device != k->device)
		return device < k->device ? -1 : 1;
	return (int)vf - (int)k->vf;
}

/* Index of the key, or where it would go (*found false). */
static size_t key_search(const struct key_set *ks, uint16_t vendor,
			 uint16_t device, bool vf, bool *found)
{
	size_t lo = 0, hi = ks->n;

	*found = false;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = key_cmp(vendor, device, vf, ks->v[mid]);

		if (!c) {
			*found = true;
			return mid;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

struct dev_key *key_set_find(const struct key_set *ks, uint16_t vendor,
			     uint16_t device, bool vf)
{
	bool found;
	size_t i = key_search(ks, vendor, device, vf, &found);

	return found ? ks->v[i] : NULL;
}

static struct dev_key *key_get(struct key_set *ks, uint16_t vendor,
			       uint16_t device, bool vf)
{
	bool found;
	size_t i = key_search(ks, vendor, device, vf, &found);
	struct dev_key *k;

	if (found)
		return ks->v[i];
	if (ks->n == ks->alloc) {
		ks->alloc = ks->alloc ? 2 * ks->alloc : 64;
		ks->v = xreallocarray(ks->v, ks->alloc, sizeof(*ks->v));
	}
	memmove(&ks->v[i + 1], &ks->v[i], (ks->n - i) * sizeof(*ks->v));
	k = xcalloc(1, sizeof(*k));
	k->vendor = vendor;
	k->device = device;
	k->vf = vf;
	k->ext = EXT_SPACE_UNKNOWN;
	k->last_scan = -1;
	ks->v[i] = k;
	ks->n++;
	return k;
}

/* How much of the extended space an observation shows: not read is
 * the least, a chain the most.  A key keeps the most any observation
 * shows, so a partial read never makes a key "no extended space"; every
 * state has a rank of its own, so the result does not depend on the
 * order. */
static int ext_rank(enum ext_space e)
{
	static const int rank[] = {
		[EXT_SPACE_UNKNOWN] = 0,
		[EXT_SPACE_NONE] = 1,
		[EXT_SPACE_ALIASED] = 2,
		[EXT_SPACE_EMPTY] = 3,
		[EXT_SPACE_CAPS] = 4,
	};

	return rank[e];
}

/* What an observation read, and only that: bytes past its valid length
 * add nothing, bytes of a missing extended space only say so. */
static void fold_bytes(struct dev_key *k, const struct layout *l)
{
	uint8_t occ[CFG_SPACE_SIZE];
	unsigned int b;

	occ_from_layout(l, occ);
	for (b = 0; b < CFG_SPACE_SIZE; b++) {
		if (l->owner[b] == OWN_UNKNOWN)
			continue;
		if (l->owner[b] == OWN_ABSENT) {
			k->absent_seen = true;
			continue;
		}
		k->occ[b] |= occ[b];
		k->read[b] = true;
	}
}

static void add_cap(struct dev_key *k, const struct cap *c, bool orphan,
		    unsigned int n)
{
	struct key_cap *kc;
	size_t i;

	for (i = 0; i < k->n_caps; i++) {
		kc = &k->caps[i];
		if (kc->off == c->off && kc->id == c->id && kc->ext == c->ext &&
		    kc->orphan == orphan && kc->version == c->version &&
		    kc->size == c->size) {
			kc->n_obs += n;
			return;
		}
	}
	if (k->n_caps == k->alloc_caps) {
		k->alloc_caps = k->alloc_caps ? 2 * k->alloc_caps : 16;
		k->caps = xreallocarray(k->caps, k->alloc_caps, sizeof(*k->caps));
	}
	kc = &k->caps[k->n_caps++];
	*kc = (struct key_cap){ .off = c->off, .id = c->id, .ext = c->ext,
				.orphan = orphan, .version = c->version,
				.size = c->size, .n_obs = n };
}

/* FNV-1a over one linked chain (standard or extended) in walk order:
 * equal chains, equal fingerprints; a different firmware's chain,
 * almost surely not. */
static uint64_t chain_fingerprint(const struct cap_list *cl, bool ext)
{
	uint64_t h = 0xcbf29ce484222325ull;
	unsigned int i;

	for (i = 0; i < cl->n; i++) {
		uint32_t v = (uint32_t)cl->caps[i].off << 16 | cl->caps[i].id;
		unsigned int j;

		if (cl->caps[i].ext != ext)
			continue;
		for (j = 0; j < 4; j++) {
			h ^= (v >> (8 * j)) & 0xff;
			h *= 0x100000001b3ull;
		}
	}
	return h;
}

static void add_chain(struct dev_key *k, bool ext, uint64_t fp)
{
	size_t i;

	for (i = 0; i < k->n_chains[ext]; i++)
		if (k->chains[ext][i] == fp)
			return;
	if (k->n_chains[ext] == k->alloc_chains[ext]) {
		k->alloc_chains[ext] = k->alloc_chains[ext] ?
				       2 * k->alloc_chains[ext] : 4;
		k->chains[ext] = xreallocarray(k->chains[ext], k->alloc_chains[ext],
					       sizeof(*k->chains[ext]));
	}
	k->chains[ext][k->n_chains[ext]++] = fp;
}

/* Only reads that saw a chain whole can disagree about it: a 64-byte
 * read saw no chain, a 256-byte read of a PCIe function no extended
 * one. */
static void add_chains(struct dev_key *k, const struct cfg_snapshot *s,
		       const struct cap_list *cl)
{
	if (s->valid_len >= CFG_LEGACY_SIZE)
		add_chain(k, false, chain_fingerprint(cl, false));
	if (cl->ext == EXT_SPACE_EMPTY || cl->ext == EXT_SPACE_CAPS)
		add_chain(k, true, chain_fingerprint(cl, true));
}

/* Each walk QEMU takes once, however many observations take it. */
static void add_walk(struct dev_key *k, const struct guest_view *g)
{
	uint16_t *off;
	size_t i;

	for (i = 0; i < k->n_walks; i++)
		if (k->walks[i].n == g->n_walk &&
		    !memcmp(k->walks[i].off, g->walk, g->n_walk * sizeof(*g->walk)))
			return;
	if (k->n_walks == k->alloc_walks) {
		k->alloc_walks = k->alloc_walks ? 2 * k->alloc_walks : 2;
		k->walks = xreallocarray(k->walks, k->alloc_walks,
					 sizeof(*k->walks));
	}
	off = xreallocarray(NULL, g->n_walk, sizeof(*off));
	memcpy(off, g->walk, g->n_walk * sizeof(*off));
	k->walks[k->n_walks++] = (struct qemu_walk){ off, g->n_walk };
}

/* What the consumer makes of the observation, counted. */
static void add_fate(struct dev_key *k, const struct guest_view *g,
		     unsigned int n)
{
	k->n_fate[g->fate] += n;
	k->why_seen[g->fate] |= 1u << g->why;
	if (g->fate == GUEST_EXTENDED)
		add_walk(k, g);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A named host counts once however often it was scanned.  A dump that
 * names none may come from any host, so it is counted apart. */
static void add_host(struct dev_key *k, const struct scan_host *h,
		     long long scan_seq)
{
	char *id;
	size_t len;

	if (!h) {
		if (k->last_scan != scan_seq)
			k->n_unnamed++;
		k->last_scan = scan_seq;
		return;
	}
	len = strlen(h->hostname) + strlen(h->product) + 2;
	id = xcalloc(1, len);
	snprintf(id, len, "%s\n%s", h->hostname, h->product);
	if (k->n_hosts && bsearch(&id, k->host_ids, k->n_hosts,
				     sizeof(*k->host_ids), str_cmp)) {
		free(id);
		return;
	}
	k->host_ids = xreallocarray(k->host_ids, k->n_hosts + 1,
				    sizeof(*k->host_ids));
	k->host_ids[k->n_hosts++] = id;
	qsort(k->host_ids, k->n_hosts, sizeof(*k->host_ids), str_cmp);
}

/* PASID Capability register bits 1, 2 and 12:8 (PCIe r6.0 sec 7.8.8.2);
 * PRI Outstanding Page Request Capacity at +0x08 (sec 10.5.2.4). */
#define PASID_CAP_REG		0x04
#define  PASID_CAP_EXEC		0x0002
#define  PASID_CAP_PRIV		0x0004
#define  PASID_CAP_WIDTH(x)	(((x) >> 8) & 0x1f)
#define PRI_MAX_REQ		0x08

static void add_pf_offset(struct pf_phys *p, uint16_t off, unsigned int n)
{
	size_t i;

	for (i = 0; i < p->n_off; i++)
		if (p->offs[i].off == off) {
			p->offs[i].n_obs += n;
			return;
		}
	if (p->n_off == p->alloc_off) {
		p->alloc_off = p->alloc_off ? 2 * p->alloc_off : 2;
		p->offs = xreallocarray(p->offs, p->alloc_off, sizeof(*p->offs));
	}
	p->offs[p->n_off++] = (struct pf_off){ off, n };
}

static void fold_pf_cap(struct pf_phys *p, const struct cfg_snapshot *pf,
			enum vcap_kind kind, unsigned int off, unsigned int n)
{
	bool first = !p->n_obs;

	p->n_obs += n;
	add_pf_offset(p, (uint16_t)off, n);
	if (kind == VCAP_PASID && cfg_known(pf, off + PASID_CAP_REG, 2)) {
		uint16_t w = cfg_le16(pf, off + PASID_CAP_REG);
		uint8_t width = PASID_CAP_WIDTH(w);

		p->max_pasid_width = first || width < p->max_pasid_width ?
				     width : p->max_pasid_width;
		p->exec = (first || p->exec) && (w & PASID_CAP_EXEC);
		p->priv = (first || p->priv) && (w & PASID_CAP_PRIV);
	} else if (kind == VCAP_PRI && cfg_known(pf, off + PRI_MAX_REQ, 4)) {
		uint32_t cap = cfg_le32(pf, off + PRI_MAX_REQ);

		p->pri_outstanding = first || cap < p->pri_outstanding ?
				     cap : p->pri_outstanding;
	}
}

static const struct cfg_snapshot *find_pf(const struct snapset *scan,
					  const struct cfg_snapshot *vf)
{
	return vf->id.has_physfn ? snapset_at(scan, &vf->id.physfn) : NULL;
}

struct fold_scratch {
	struct layout lay;
	struct guest_view guest;
	struct cap_list pf_caps;
	const struct cfg_snapshot *pf_walked;	/* whose chain pf_caps is */
};

/* The PF's chain is walked once for all its VFs in the scan. */
static void fold_pf(struct dev_key *k, const struct cfg_snapshot *pf,
		    unsigned int n, struct fold_scratch *w)
{
	const struct cap_list *cl = &w->pf_caps;
	int kind;

	k->n_pf_seen += n;
	if (w->pf_walked != pf) {
		caps_walk(pf, &w->pf_caps);
		w->pf_walked = pf;
	}
	for (kind = 0; kind < VCAP_N; kind++) {
		const struct cap *c = caps_find(cl, true, vcap_types[kind].ext_id);

		if (c)
			fold_pf_cap(&k->pf[kind], pf, kind, c->off, n);
	}
}

/*
 * n observations alike: s's key, bytes, masks, class and config size,
 * and the same PF.  Every step is a union, a minimum or a count, so n
 * alike fold as n folded one by one would.
 */
static void fold(struct key_set *ks, const struct cfg_snapshot *s,
		 const struct cfg_snapshot *pf, unsigned int n,
		 long long scan_seq, struct fold_scratch *w)
{
	bool vf = s->id.kind == FN_KIND_VF;
	struct dev_key *k = key_get(ks, s->id.vendor, s->id.device, vf);
	unsigned int c;

	layout_build(s, &w->lay);
	guest_view_build(s, &w->lay.caps, &w->guest);
	add_fate(k, &w->guest, n);
	if (ext_rank(w->lay.caps.ext) > ext_rank(k->ext))
		k->ext = w->lay.caps.ext;
	fold_bytes(k, &w->lay);
	for (c = 0; c < w->lay.caps.n; c++)
		add_cap(k, &w->lay.caps.caps[c], false, n);
	for (c = 0; c < w->lay.n_orphans; c++)
		add_cap(k, &w->lay.orphans[c], true, n);
	add_chains(k, s, &w->lay.caps);
	add_host(k, s->host, scan_seq);
	k->n_obs += n;
	if (s->probe == PROBE_WRITE)
		k->n_probed += n;
	if (vf && pf)
		fold_pf(k, pf, n, w);
}

void consensus_add_scan(struct key_set *ks, const struct snapset *scan,
			long long scan_seq)
{
	struct fold_scratch *w = xcalloc(1, sizeof(*w));
	size_t i;

	for (i = 0; i < scan->n; i++) {
		const struct cfg_snapshot *s = scan->v[i];

		fold(ks, s, s->id.kind == FN_KIND_VF ? find_pf(scan, s) : NULL,
		     1, scan_seq, w);
	}
	ks->n_scans++;
	free(w);
}

void consensus_add(struct key_set *ks, const struct cfg_snapshot *s,
		   const struct cfg_snapshot *pf, unsigned int n,
		   long long scan_seq)
{
	struct fold_scratch *w = xcalloc(1, sizeof(*w));

	fold(ks, s, pf, n, scan_seq, w);
	free(w);
}

static int cap_cmp(const void *a, const void *b)
{
	const struct key_cap *x = a, *y = b;

	if (x->ext != y->ext)
		return x->ext - y->ext;
	if (x->off != y->off)
		return x->off - y->off;
	if (x->orphan != y->orphan)
		return x->orphan - y->orphan;
	if (x->id != y->id)
		return x->id - y->id;
	if (x->version != y->version)
		return x->version - y->version;
	return x->size - y->size;
}

/* Runs of bytes from..CFG_SPACE_SIZE whose value under mask is the same
 * and non-zero (want_zero: zero), as regions. */
static unsigned int runs(const struct dev_key *k, unsigned int from,
			 uint8_t mask, bool want_zero, struct region *out)
{
	unsigned int n = 0, b = from;

	while (b < CFG_SPACE_SIZE) {
		uint8_t v = k->occ[b] & mask;
		unsigned int start = b;

		if (want_zero ? k->occ[b] != 0 : !v) {
			b++;
			continue;
		}
		while (b < CFG_SPACE_SIZE &&
		       (want_zero ? !k->occ[b] : (k->occ[b] & mask) == v))
			b++;
		out[n].off = (uint16_t)start;
		out[n].size = (uint16_t)(b - start);
		out[n].evidence = v;
		n++;
	}
	return n;
}

static int pf_off_cmp(const void *a, const void *b)
{
	const struct pf_off *x = a, *y = b;

	if (x->n_obs != y->n_obs)
		return x->n_obs > y->n_obs ? -1 : 1;
	return (int)y->off - (int)x->off;
}

/* The PF offsets, the most observed first, then the higher one: the
 * order templates are tried in and the map lists them. */
static void templates(struct dev_key *k, struct place_templates *t)
{
	unsigned int i;
	int kind;

	memset(t, 0, sizeof(*t));
	for (kind = 0; kind < VCAP_N; kind++) {
		struct pf_phys *p = &k->pf[kind];

		if (p->n_off)	/* qsort's base must not be NULL */
			qsort(p->offs, p->n_off, sizeof(*p->offs), pf_off_cmp);
		for (i = 0; k->vf && i < p->n_off && i < PLACE_MAX_TEMPLATES; i++)
			t->off[kind][t->n[kind]++] = p->offs[i].off;
	}
}

/* A byte no observation read is taken: not read, or, where no
 * observation shows extended space, absent. */
static void mark_unread(struct dev_key *k)
{
	bool absent = k->absent_seen && ext_rank(k->ext) < ext_rank(EXT_SPACE_EMPTY);
	unsigned int b;

	for (b = 0; b < CFG_SPACE_SIZE; b++)
		if (!k->read[b])
			k->occ[b] |= absent && b >= CFG_LEGACY_SIZE ?
				     OCC_ABSENT : OCC_UNKNOWN;
}

static enum guest_why first_why(uint32_t seen)
{
	int w;

	for (w = WHY_PARTIAL; w < WHY_N; w++)
		if (seen & 1u << w)
			return (enum guest_why)w;
	return WHY_NONE;
}

/*
 * The consumer's fate over all observations.  Where QEMU would add a
 * vPASID in any of them, the key needs an answer that suits those; the
 * others ask nothing of the offset.  Otherwise the first that says
 * something: no vPASID, not assignable, and last not known.
 */
static enum guest_fate key_fate(const struct dev_key *k, enum guest_why *why)
{
	static const enum guest_fate order[] = {
		GUEST_EXTENDED, GUEST_NO_VPASID, GUEST_NOT_ASSIGNABLE,
	};
	unsigned int i;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		if (k->n_fate[order[i]]) {
			*why = first_why(k->why_seen[order[i]]);
			return order[i];
		}
	}
	*why = WHY_PARTIAL;
	return GUEST_NOT_KNOWN;
}

static void finish_key(struct dev_key *k)
{
	struct place_space *sp = xcalloc(1, sizeof(*sp));
	struct place_templates t;
	enum guest_why why;
	char buf[KEY_NAME_MAX];

	if (k->n_caps)
		qsort(k->caps, k->n_caps, sizeof(*k->caps), cap_cmp);
	mark_unread(k);
	k->n_hidden = runs(k, 0, OCC_HIDDEN, false, k->hidden);
	k->n_free = runs(k, PCI_EXT_CAP_START, 0, true, k->free);
	memcpy(sp->occ, k->occ, sizeof(sp->occ));
	sp->walks = k->walks;
	sp->n_walks = k->n_walks;
	templates(k, &t);
	k->fate = key_fate(k, &why);
	place_decide(k->fate, why, sp, &t, &k->verdict, k->place);
	free(sp);
	safe_text(names_device(k->vendor, k->device, buf, sizeof(buf)) ?: "",
		  k->name, sizeof(k->name));
	safe_text(names_device_only(k->vendor, k->device, buf, sizeof(buf)) ?: "",
		  k->dev_name, sizeof(k->dev_name));
}

void consensus_finish(struct key_set *ks)
{
	size_t i;

	for (i = 0; i < ks->n; i++)
		finish_key(ks->v[i]);
}

size_t key_chain_variants(const struct dev_key *k, bool ext)
{
	return k->n_chains[ext];
}

void key_set_verdicts(const struct key_set *ks, unsigned int n[VERDICT_N])
{
	size_t i;

	memset(n, 0, VERDICT_N * sizeof(*n));
	for (i = 0; i < ks->n; i++)
		n[ks->v[i]->verdict.verdict]++;
}

void safe_text(const char *s, char *buf, size_t len)
{
	size_t n = 0;

	for (; *s && n + 1 < len; s++) {
		char c = *s;

		if (c < 0x20 || c > 0x7e || c == '\\')
			c = '?';
		/* no comment opener or closer: "/" never follows "*" and
		 * never precedes "*" */
		if ((c == '/' && n && buf[n - 1] == '*') ||
		    (c == '*' && n && buf[n - 1] == '/'))
			buf[n++] = ' ';
		if (n + 1 < len)
			buf[n++] = c;
	}
	buf[n] = '\0';
}
