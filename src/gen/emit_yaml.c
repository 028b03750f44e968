// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * emit_yaml.c - the offset map: every device key with its counts,
 * capabilities, hidden registers, free windows, the physical PASID/PRI
 * capability of its PF, and the placements with their reasons.  The
 * format is pasid-scan(8), OFFSET MAP; src/gen/map_read.c reads it back.
 *
 * Offsets and IDs are hex plain scalars (0x1b36), counts decimal, names
 * double-quoted so that no name can pass for a number or a boolean.
 *
 * src/gen/: a device key's consensus over the store, and the tables
 * made from it: kernel header, QEMU table, offset map.
 */
#include <yaml.h>

#include "emit_gen.h"
#include "err.h"
#include "version.h"

struct ye {
	yaml_emitter_t em;
	bool failed;
};

static void ev(struct ye *y, yaml_event_t *e)
{
	if (!y->failed && !yaml_emitter_emit(&y->em, e))
		y->failed = true;
}

static void scalar(struct ye *y, const char *s, yaml_scalar_style_t style)
{
	yaml_event_t e;

	yaml_scalar_event_initialize(&e, NULL, NULL, (yaml_char_t *)s,
				     (int)strlen(s), 1, 1, style);
	ev(y, &e);
}

static void str(struct ye *y, const char *s)
{
	scalar(y, s, YAML_PLAIN_SCALAR_STYLE);
}

static void quoted(struct ye *y, const char *s)
{
	scalar(y, s, YAML_DOUBLE_QUOTED_SCALAR_STYLE);
}

/* A mapping or sequence, in block or flow style. */
static void open_coll(struct ye *y, bool seq, bool flow)
{
	yaml_event_t e;

	if (seq)
		yaml_sequence_start_event_initialize(&e, NULL, NULL, 1,
			flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE);
	else
		yaml_mapping_start_event_initialize(&e, NULL, NULL, 1,
			flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE);
	ev(y, &e);
}

static void close_coll(struct ye *y, bool seq)
{
	yaml_event_t e;

	if (seq)
		yaml_sequence_end_event_initialize(&e);
	else
		yaml_mapping_end_event_initialize(&e);
	ev(y, &e);
}

static void kv_str(struct ye *y, const char *k, const char *v)
{
	str(y, k);
	str(y, v);
}

static void kv_fmt(struct ye *y, const char *k, const char *fmt, unsigned int v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), fmt, v);
	kv_str(y, k, buf);
}

static void kv_hex(struct ye *y, const char *k, unsigned int v)
{
	kv_fmt(y, k, "0x%x", v);
}

static void kv_dec(struct ye *y, const char *k, unsigned int v)
{
	kv_fmt(y, k, "%u", v);
}

static void kv_bool(struct ye *y, const char *k, bool v)
{
	kv_str(y, k, v ? "true" : "false");
}

static void capabilities(struct ye *y, const struct dev_key *k)
{
	size_t i;

	str(y, "capabilities");
	open_coll(y, true, false);
	for (i = 0; i < k->n_caps; i++) {
		const struct key_cap *c = &k->caps[i];
		struct cap cp = { .off = c->off, .id = c->id, .ext = c->ext };
		char name[KEY_NAME_MAX];

		safe_text(cap_name(&cp), name, sizeof(name));
		open_coll(y, false, true);
		kv_hex(y, "offset", c->off);
		kv_hex(y, "id", c->id);
		kv_str(y, "space", c->ext ? "extended" : "standard");
		str(y, "name");
		quoted(y, name);
		kv_bool(y, "linked", !c->orphan);
		kv_dec(y, "version", c->version);
		kv_hex(y, "size", c->size);
		kv_dec(y, "observations", c->n_obs);
		close_coll(y, false);
	}
	close_coll(y, true);
}

static void evidence(struct ye *y, uint8_t occ)
{
	size_t i;

	str(y, "evidence");
	open_coll(y, true, true);
	for (i = 0; i < N_OCC_REASONS; i++)
		if (occ & occ_reasons[i].bit & OCC_HIDDEN)
			str(y, occ_reasons[i].name);
	close_coll(y, true);
}

static void regions(struct ye *y, const char *key, const struct region *r,
		    unsigned int n, bool with_evidence)
{
	unsigned int i;

	str(y, key);
	open_coll(y, true, false);
	for (i = 0; i < n; i++) {
		open_coll(y, false, true);
		kv_hex(y, "offset", r[i].off);
		kv_hex(y, "size", r[i].size);
		if (with_evidence)
			evidence(y, r[i].evidence);
		close_coll(y, false);
	}
	close_coll(y, true);
}

static void pf_cap(struct ye *y, enum vcap_kind kind, const struct pf_phys *p)
{
	size_t i;

	str(y, vcap_types[kind].name + 1);	/* "pasid", "pri", "ats" */
	open_coll(y, false, false);
	str(y, "offsets");
	open_coll(y, true, true);
	for (i = 0; i < p->n_off; i++) {
		char buf[16];

		snprintf(buf, sizeof(buf), "0x%x", p->offs[i].off);
		str(y, buf);
	}
	close_coll(y, true);
	kv_dec(y, "observations", p->n_obs);
	if (kind == VCAP_PASID) {
		kv_dec(y, "max-pasid-width", p->max_pasid_width);
		kv_bool(y, "execute", p->exec);
		kv_bool(y, "privileged", p->priv);
	} else if (kind == VCAP_PRI) {
		kv_dec(y, "outstanding-requests", p->pri_outstanding);
	}
	close_coll(y, false);
}

static void pf_caps(struct ye *y, const struct dev_key *k)
{
	int kind;

	if (!k->vf)
		return;
	kv_dec(y, "pf-observed", k->n_pf_seen);
	str(y, "pf-capabilities");
	open_coll(y, false, false);
	for (kind = 0; kind < VCAP_N; kind++)
		if (k->pf[kind].n_obs)
			pf_cap(y, kind, &k->pf[kind]);
	close_coll(y, false);
}

static void placements(struct ye *y, const struct dev_key *k)
{
	int kind;

	str(y, "placements");
	open_coll(y, false, false);
	for (kind = 0; kind < VCAP_N; kind++) {
		const struct vcap_verdict *v = &k->place[kind];
		char prop[48];

		str(y, vcap_types[kind].name);
		open_coll(y, false, true);
		if (v->offset >= 0)
			kv_hex(y, "offset", (unsigned int)v->offset);
		else
			kv_str(y, "offset", "null");
		kv_dec(y, "size", vcap_types[kind].size);
		kv_str(y, "reason", vcap_reason_name(v->reason));
		if (kind == VCAP_PASID && v->offset >= 0) {
			snprintf(prop, sizeof(prop), "x-vpasid-cap-offset=0x%x",
				 v->offset);
			kv_str(y, "qemu-property", prop);
		}
		close_coll(y, false);
	}
	close_coll(y, false);
}

static void names_of(struct ye *y, const char *key, uint8_t occ)
{
	size_t i;

	str(y, key);
	open_coll(y, true, true);
	for (i = 0; i < N_OCC_REASONS; i++)
		if (occ & occ_reasons[i].bit)
			str(y, occ_reasons[i].name);
	close_coll(y, true);
}

/* The verdict, why, and the observations behind it by fate. */
static void verdict(struct ye *y, const struct dev_key *k)
{
	const struct vpasid_verdict *v = &k->verdict;
	int f;

	kv_str(y, "verdict", verdict_name(v->verdict));
	if (v->why != WHY_NONE)
		kv_str(y, "why", guest_why_name(v->why));
	if (verdict_needs_row(v->verdict))
		names_of(y, "default-taken-by", v->default_occ);
	str(y, "observations-by-fate");
	open_coll(y, false, true);
	for (f = 0; f < GUEST_FATE_N; f++)
		kv_dec(y, guest_fate_name(f), k->n_fate[f]);
	close_coll(y, false);
}

static void device(struct ye *y, const struct dev_key *k)
{
	open_coll(y, false, false);
	kv_fmt(y, "vendor", "0x%04x", k->vendor);
	kv_fmt(y, "device", "0x%04x", k->device);
	kv_str(y, "kind", key_kind_name(k->vf));
	str(y, "name");
	quoted(y, k->name);
	verdict(y, k);
	kv_dec(y, "observations", k->n_obs);
	kv_dec(y, "hosts", k->n_hosts);
	kv_dec(y, "dumps-without-host", k->n_unnamed);
	kv_dec(y, "write-probed", k->n_probed);
	kv_str(y, "ext-space", ext_space_name(k->ext));
	kv_dec(y, "std-chain-variants", (unsigned int)key_chain_variants(k, false));
	kv_dec(y, "ext-chain-variants", (unsigned int)key_chain_variants(k, true));
	capabilities(y, k);
	regions(y, "hidden-regions", k->hidden, k->n_hidden, true);
	regions(y, "free-windows", k->free, k->n_free, false);
	pf_caps(y, k);
	placements(y, k);
	close_coll(y, false);
}

/* The stream and document around what body emits. */
static void document(struct ye *y, void (*body)(struct ye *y, const void *arg),
		     const void *arg)
{
	yaml_event_t e;

	yaml_stream_start_event_initialize(&e, YAML_UTF8_ENCODING);
	ev(y, &e);
	yaml_document_start_event_initialize(&e, NULL, NULL, NULL, 0);
	ev(y, &e);
	body(y, arg);
	yaml_document_end_event_initialize(&e, 1);
	ev(y, &e);
	yaml_stream_end_event_initialize(&e);
	ev(y, &e);
}

static void verdict_counts(struct ye *y, const struct key_set *ks)
{
	unsigned int n[VERDICT_N];
	int v;

	key_set_verdicts(ks, n);
	str(y, "verdicts");
	open_coll(y, false, true);
	for (v = 0; v < VERDICT_N; v++)
		kv_dec(y, verdict_name(v), n[v]);
	close_coll(y, false);
}

static void whole_map(struct ye *y, const void *arg)
{
	const struct key_set *ks = arg;
	size_t i;

	open_coll(y, false, false);
	kv_str(y, "format", MAP_FORMAT);
	kv_dec(y, "format-version", MAP_FORMAT_VERSION);
	kv_str(y, "generator", "pasid-scan " PASID_SCAN_VERSION);
	kv_hex(y, "qemu-vpasid-default", QEMU_VPASID_DEFAULT);
	kv_dec(y, "observations", key_set_observations(ks));
	kv_dec(y, "scans", ks->n_scans);
	verdict_counts(y, ks);
	str(y, "devices");
	open_coll(y, true, false);
	for (i = 0; i < ks->n; i++)
		device(y, ks->v[i]);
	close_coll(y, true);
	close_coll(y, false);
}

static void one_device(struct ye *y, const void *arg)
{
	device(y, arg);
}

static int emit(FILE *f, void (*body)(struct ye *y, const void *arg),
		const void *arg)
{
	struct ye y = { .failed = false };

	if (!yaml_emitter_initialize(&y.em)) {
		err_msg("cannot start the YAML emitter");
		return -1;
	}
	yaml_emitter_set_output_file(&y.em, f);
	yaml_emitter_set_unicode(&y.em, 0);
	yaml_emitter_set_width(&y.em, -1);
	document(&y, body, arg);
	/* An emitter problem is a bug here; a write error the caller
	 * reports with the file and errno. */
	if (y.failed && y.em.error != YAML_WRITER_ERROR)
		err_msg("YAML emitter: %s", y.em.problem ? y.em.problem : "error");
	yaml_emitter_delete(&y.em);
	return y.failed ? -1 : 0;
}

int emit_yaml(FILE *f, const struct key_set *ks)
{
	return emit(f, whole_map, ks);
}

int emit_yaml_key(FILE *f, const struct dev_key *k)
{
	return emit(f, one_device, k);
}
