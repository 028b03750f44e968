// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * emit_show_text.c - the human form of "show", laid out like lspci -v:
 * one unindented line per function, tab-indented facts below it.
 *
 * src/view/: what people see of a function or a key: show's text, JSON
 * and guest view, the maps, the report.
 */
#include <stdarg.h>

#include "emit_show.h"
#include "names.h"

static void print_config(FILE *out, const struct cfg_snapshot *s)
{
	const struct cfg_facts *f = &s->facts;

	if (!cfg_partial(s)) {
		fprintf(out, "\tConfig: %u bytes\n", s->valid_len);
		return;
	}
	fprintf(out, "\tConfig: %u", s->valid_len);
	if (f->have & FACT_CFG_SIZE)
		fprintf(out, " of %u", f->cfg_size);
	fprintf(out, " bytes, PARTIAL%s\n", s->valid_len == CFG_UNPRIV_SIZE ?
		" (the header only, as a non-root read gives)" : "");
}

static void print_probe(FILE *out, const struct cfg_snapshot *s)
{
	static const char *const what[] = {
		[PROBE_READ] = "read again: bytes that changed are known",
		[PROBE_WRITE] = "gap dwords written and restored: writable bits are known",
	};

	if (s->probe != PROBE_NONE)
		fprintf(out, "\tProbed: %s (%s)\n", probe_level_name(s->probe),
			what[s->probe]);
}

static void print_sriov(FILE *out, const struct cfg_sriov_facts *v)
{
	fprintf(out, "\tSR-IOV: %u of %u VFs enabled, offset %u, stride %u, VF device %04x\n",
		v->numvfs, v->totalvfs, v->offset, v->stride, v->vf_device);
}

/* The sysfs facts a live scan (or its recording) carries. */
/* One item of the Sysfs line: the first after a space, the rest after
 * a comma, whichever facts the function has. */
static void fact(FILE *out, bool *first, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fact(FILE *out, bool *first, const char *fmt, ...)
{
	va_list ap;

	fputs(*first ? " " : ", ", out);
	*first = false;
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
}

static void print_facts(FILE *out, const struct cfg_snapshot *s)
{
	const struct cfg_facts *f = &s->facts;
	const struct scan_host *h = s->host;

	if (f->have & (FACT_DRIVER | FACT_IOMMU | FACT_NUMA | FACT_VFINDEX)) {
		bool first = true;

		fputs("\tSysfs:", out);
		if (f->have & FACT_DRIVER)
			fact(out, &first, "driver %s", f->driver[0] ? f->driver : "none");
		if (f->have & FACT_IOMMU)
			fact(out, &first, "IOMMU group %d", f->iommu_group);
		if (f->have & FACT_NUMA)
			fact(out, &first, "NUMA node %d", f->numa_node);
		if (f->have & FACT_VFINDEX)
			fact(out, &first, "virtfn%u of its PF", f->vfindex);
		fputc('\n', out);
	}
	if (f->have & FACT_SRIOV)
		print_sriov(out, &f->sriov);
	if (h)
		fprintf(out, "\tHost: %s, kernel %s%s%s, scanned %s\n",
			h->hostname, h->kernel, h->product[0] ? ", " : "",
			h->product, h->time);
}

void emit_show_identity(FILE *out, const struct cfg_snapshot *s)
{
	const struct cfg_ident *id = &s->id;
	char bdf[PCI_ADDR_STRLEN] = "-", name[256], key[KEY_STRLEN];
	const char *n = names_device(id->vendor, id->device, name, sizeof(name));

	if (id->has_addr)
		pci_addr_format(&id->addr, bdf);
	fprintf(out, "%s %s [%04x:%04x] %s\n", bdf, fn_kind_name(id->kind),
		id->vendor, id->device, n ? n : "(unknown device)");
	fprintf(out, "\tSource: %s", s->origin.path);
	if (s->origin.line)
		fprintf(out, ":%u", s->origin.line);
	fprintf(out, "\n\tClass %06x, rev %02x, subsystem %04x:%04x\n",
		id->class, id->revision, id->subvendor, id->subdevice);
	key_format(id->vendor, id->device, id->kind == FN_KIND_VF, key);
	fprintf(out, "\tKey: %s\n", key);
	if ((id->ids_from_meta || id->ids_from_pf) &&
	    (cfg_le16(s, PCI_VENDOR_ID) != id->vendor ||
	     cfg_le16(s, PCI_DEVICE_ID) != id->device))
		fprintf(out, "\tRaw IDs: %04x:%04x (IDs from %s)\n",
			cfg_le16(s, PCI_VENDOR_ID), cfg_le16(s, PCI_DEVICE_ID),
			id->ids_from_meta ? "sysfs metadata" :
					    "the PF's SR-IOV capability");
	if (id->has_physfn) {
		pci_addr_format(&id->physfn, bdf);
		fprintf(out, "\tPF: %s\n", bdf);
	}
	print_config(out, s);
	print_probe(out, s);
	print_facts(out, s);
}

static void print_cap(FILE *out, const struct cap *c, const char *indent)
{
	char buf[48];

	if (c->ext)
		fprintf(out, "%s[%03x v%u] ", indent, c->off, c->version);
	else
		fprintf(out, "%s[%02x] ", indent, c->off);
	fprintf(out, "%s, %u bytes%s\n", cap_display_name(c, buf, sizeof(buf)),
		c->size, c->size_known ? "" : " (size unknown: up to the next)");
}

static void print_caps(FILE *out, const struct layout *l)
{
	const struct cap_list *cl = &l->caps;
	char buf[128];
	unsigned int i;

	fprintf(out, "\tCapabilities:%s\n", cl->n ? "" : " none");
	for (i = 0; i < cl->n; i++)
		print_cap(out, &cl->caps[i], "\t\t");
	for (i = 0; i < cl->n_notes; i++)
		fprintf(out, "\tNote: %s\n",
			cap_note_text(&cl->notes[i], buf, sizeof(buf)));
	fprintf(out, "\tOrphans:%s\n", l->n_orphans ? "" : " none");
	for (i = 0; i < l->n_orphans; i++)
		print_cap(out, &l->orphans[i], "\t\t");
}

static void print_regions(FILE *out, const char *what,
			  const struct region *r, unsigned int n)
{
	unsigned int i;

	fprintf(out, "\t%s:%s", what, n ? "" : " none");
	for (i = 0; i < n; i++) {
		fprintf(out, "%s %03x-%03x", i ? "," : "", r[i].off,
			r[i].off + r[i].size - 1);
		if (r[i].evidence & EVID_NONZERO)
			fputs(" nonzero", out);
		if (r[i].evidence & EVID_VOLATILE)
			fputs(" volatile", out);
		if (r[i].evidence & EVID_WRITABLE)
			fputs(" writable", out);
	}
	fputc('\n', out);
}

/* Where the vPASID goes and why, as the verdict has it. */
void emit_show_vpasid(FILE *out, const struct fn_report *r)
{
	const struct vcap_verdict *v = &r->place[VCAP_PASID];
	char text[320];

	verdict_text(&r->verdict, v, text, sizeof(text));
	if (v->offset >= 0)
		fprintf(out, "\tvPASID: %03x", v->offset);
	else
		fprintf(out, "\tvPASID: none");
	fprintf(out, " (%s): %s\n", verdict_name(r->verdict.verdict), text);
}

void emit_show_text(FILE *out, const struct fn_report *r)
{
	emit_show_identity(out, r->s);
	print_caps(out, &r->lay);
	print_regions(out, "Hidden", r->lay.hidden, r->lay.n_hidden);
	print_regions(out, "Free", r->lay.free, r->lay.n_free);
	emit_show_vpasid(out, r);
	fputc('\n', out);
}
