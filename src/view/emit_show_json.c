// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * emit_show_json.c - the machine form of "show": jansson builds the
 * objects, so strings are escaped by a library, not by hand.
 *
 * src/view/: what people see of a function or a key: show's text, JSON
 * and guest view, the maps, the report.
 */
#include "emit_show.h"

static json_t *cap_json(const struct cap *c)
{
	char buf[48];

	return json_pack("{s:i, s:i, s:b, s:s, s:i, s:i, s:b}",
			 "offset", c->off, "id", c->id, "extended", c->ext,
			 "name", cap_display_name(c, buf, sizeof(buf)),
			 "version", c->version, "size", c->size,
			 "size_known", c->size_known);
}

static json_t *caps_json(const struct cap *caps, unsigned int n)
{
	json_t *a = json_array();
	unsigned int i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, cap_json(&caps[i]));
	return a;
}

static json_t *regions_json(const struct region *r, unsigned int n,
			    bool evidence)
{
	json_t *a = json_array();
	unsigned int i;

	for (i = 0; i < n; i++) {
		json_t *o = json_pack("{s:i, s:i}", "offset", r[i].off,
				      "size", r[i].size);

		if (evidence) {
			json_t *e = json_array();

			if (r[i].evidence & EVID_NONZERO)
				json_array_append_new(e, json_string("nonzero"));
			if (r[i].evidence & EVID_VOLATILE)
				json_array_append_new(e, json_string("volatile"));
			if (r[i].evidence & EVID_WRITABLE)
				json_array_append_new(e, json_string("writable"));
			json_object_set_new(o, "evidence", e);
		}
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *notes_json(const struct cap_list *cl)
{
	json_t *a = json_array();
	char buf[128];
	unsigned int i;

	for (i = 0; i < cl->n_notes; i++)
		json_array_append_new(a, json_string(cap_note_text(&cl->notes[i],
								   buf, sizeof(buf))));
	return a;
}

static json_t *vpasid_json(const struct fn_report *r)
{
	const struct vcap_verdict *v = &r->place[VCAP_PASID];
	const struct vpasid_verdict *vv = &r->verdict;
	char text[320];

	return json_pack("{s:o, s:s, s:o, s:s, s:b, s:s}",
			 "offset", v->offset >= 0 ? json_integer(v->offset) :
						    json_null(),
			 "verdict", verdict_name(vv->verdict),
			 "why", vv->why != WHY_NONE ?
				json_string(guest_why_name(vv->why)) : json_null(),
			 "reason", vcap_reason_name(v->reason),
			 "default_ok", v->default_ok,
			 "text", verdict_text(vv, v, text, sizeof(text)));
}

static json_t *addr_json(bool has, const struct pci_addr *a)
{
	char bdf[PCI_ADDR_STRLEN];

	if (!has)
		return json_null();
	pci_addr_format(a, bdf);
	return json_string(bdf);
}

static json_t *sriov_json(const struct cfg_sriov_facts *v)
{
	return json_pack("{s:i, s:i, s:i, s:i, s:i}", "totalvfs", v->totalvfs,
			 "numvfs", v->numvfs, "offset", v->offset,
			 "stride", v->stride, "vf_device", v->vf_device);
}

/* Only the facts the source had: a dump without them gives {}. */
static json_t *facts_json(const struct cfg_facts *f)
{
	json_t *o = json_object();

	if (f->have & FACT_CFG_SIZE)
		json_object_set_new(o, "cfgsize", json_integer(f->cfg_size));
	if (f->have & FACT_DRIVER)
		json_object_set_new(o, "driver", f->driver[0] ?
				    json_string(f->driver) : json_null());
	if (f->have & FACT_IOMMU)
		json_object_set_new(o, "iommu_group", json_integer(f->iommu_group));
	if (f->have & FACT_NUMA)
		json_object_set_new(o, "numa_node", json_integer(f->numa_node));
	if (f->have & FACT_VFINDEX)
		json_object_set_new(o, "vfindex", json_integer(f->vfindex));
	if (f->have & FACT_SRIOV)
		json_object_set_new(o, "sriov", sriov_json(&f->sriov));
	return o;
}

static json_t *host_json(const struct scan_host *h)
{
	if (!h)
		return json_null();
	return json_pack("{s:s, s:s, s:s, s:s, s:s}", "hostname", h->hostname,
			 "kernel", h->kernel, "product", h->product,
			 "time", h->time, "tool", h->tool);
}

json_t *emit_show_json(const struct fn_report *r)
{
	const struct cfg_snapshot *s = r->s;
	const struct cfg_ident *id = &s->id;
	const struct layout *l = &r->lay;
	char key[KEY_STRLEN];
	json_t *o;

	o = json_pack("{s:o, s:i, s:i, s:s, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:o, s:{s:s, s:i}}",
		      "bdf", addr_json(id->has_addr, &id->addr),
		      "vendor", id->vendor, "device", id->device,
		      "kind", fn_kind_name(id->kind),
		      "config_size", s->valid_len,
		      "raw_vendor", cfg_le16(s, PCI_VENDOR_ID),
		      "raw_device", cfg_le16(s, PCI_DEVICE_ID),
		      "class", id->class, "revision", id->revision,
		      "subsystem_vendor", id->subvendor,
		      "subsystem_device", id->subdevice,
		      "physfn", addr_json(id->has_physfn, &id->physfn),
		      "source", "file", s->origin.path, "line", s->origin.line);
	key_format(id->vendor, id->device, id->kind == FN_KIND_VF, key);
	json_object_set_new(o, "key", json_string(key));
	json_object_set_new(o, "partial", json_boolean(cfg_partial(s)));
	json_object_set_new(o, "probed", json_string(probe_level_name(s->probe)));
	json_object_set_new(o, "facts", facts_json(&s->facts));
	json_object_set_new(o, "host", host_json(s->host));
	json_object_set_new(o, "ext_space", json_string(ext_space_name(l->caps.ext)));
	json_object_set_new(o, "caps", caps_json(l->caps.caps, l->caps.n));
	json_object_set_new(o, "orphans", caps_json(l->orphans, l->n_orphans));
	json_object_set_new(o, "hidden", regions_json(l->hidden, l->n_hidden, true));
	json_object_set_new(o, "free", regions_json(l->free, l->n_free, false));
	json_object_set_new(o, "notes", notes_json(&l->caps));
	json_object_set_new(o, "vpasid", vpasid_json(r));
	return o;
}
