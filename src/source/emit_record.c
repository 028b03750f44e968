// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * emit_record.c - the record format: lspci -xxxx text (header line,
 * 16-byte hex lines, a blank line between devices) with what the bytes
 * do not say on "# pasid-scan:" lines, which lspci ignores.
 *
 * src/source/: where snapshots come from: dumps and recordings, the
 * live scan and its probing, sysfs facts, the record writer.
 */
#include <string.h>

#include "emit_record.h"
#include "source_dump.h"

/* One token whatever the text: see meta_value_decode(). */
static void put_value(FILE *out, const char *v)
{
	for (; *v; v++) {
		unsigned char c = (unsigned char)*v;

		if (c > ' ' && c <= '~' && c != '%')
			fputc(c, out);
		else
			fprintf(out, "%%%02X", c);
	}
}

static void put_kv(FILE *out, const char *key, const char *v)
{
	fprintf(out, " %s=", key);
	put_value(out, v);
}

void emit_record_host(FILE *out, const struct scan_host *h)
{
	fputs(META_PREFIX " host", out);
	put_kv(out, "hostname", h->hostname);
	put_kv(out, "kernel", h->kernel);
	if (h->product[0])
		put_kv(out, "product", h->product);
	put_kv(out, "time", h->time);
	put_kv(out, "tool", h->tool);
	fputc('\n', out);
}

static void emit_sriov(FILE *out, const struct cfg_sriov_facts *v)
{
	fprintf(out, " sriov_totalvfs=%u sriov_numvfs=%u sriov_offset=%u"
		" sriov_stride=%u sriov_vf_device=0x%04x", v->totalvfs,
		v->numvfs, v->offset, v->stride, v->vf_device);
}

static void emit_facts(FILE *out, const struct cfg_facts *f, bool partial)
{
	if (f->have & FACT_VFINDEX)
		fprintf(out, " vfindex=%u", f->vfindex);
	if (f->have & FACT_CFG_SIZE)
		fprintf(out, " cfgsize=%u", f->cfg_size);
	if (partial)
		fputs(" partial=1", out);
	/* "-" is no driver, so a driver called "-" is escaped */
	if (f->have & FACT_DRIVER && !strcmp(f->driver, "-"))
		fputs(" driver=%2D", out);
	else if (f->have & FACT_DRIVER)
		put_kv(out, "driver", f->driver[0] ? f->driver : "-");
	if (f->have & FACT_IOMMU)
		fprintf(out, " iommu_group=%d", f->iommu_group);
	if (f->have & FACT_NUMA)
		fprintf(out, " numa_node=%d", f->numa_node);
	if (f->have & FACT_SRIOV)
		emit_sriov(out, &f->sriov);
}

/* What m has, in the order a settled function's line gives it all. */
static void emit_meta(FILE *out, const char *bdf, const struct snap_meta *m,
		      bool partial)
{
	char pf[PCI_ADDR_STRLEN];

	fprintf(out, "%s %s", META_PREFIX, bdf);
	if (m->fields & META_VENDOR)
		fprintf(out, " vendor=0x%04x", m->vendor);
	if (m->fields & META_DEVICE)
		fprintf(out, " device=0x%04x", m->device);
	if (m->fields & META_CLASS)
		fprintf(out, " class=0x%06x", m->class);
	if (m->fields & META_KIND)
		fprintf(out, " kind=%s", fn_kind_name(m->kind));
	if (m->fields & META_PHYSFN) {
		pci_addr_format(&m->physfn, pf);
		fprintf(out, " physfn=%s", pf);
	}
	emit_facts(out, &m->facts, partial);
	fputc('\n', out);
}

/* Rows of 16 mask bytes with a bit set; a row left out is all zero. */
static void emit_mask(FILE *out, const char *bdf, const char *name,
		      const uint8_t *m, unsigned int len)
{
	char row[2 * 16 + 1];
	unsigned int off, i;

	for (off = 0; off < len; off += 16) {
		for (i = 0; i < 16 && !m[off + i]; i++)
			;
		if (i == 16)
			continue;
		*hex_encode(row, m + off, 16) = '\0';
		fprintf(out, "%s %s %s@%03x=%s\n", META_PREFIX, bdf, name, off,
			row);
	}
}

/*
 * "off: b0 b1 ... b15": lspci prints two offset digits below 0x100 and
 * three above.  A device's lines are built in a buffer and written once,
 * because a fleet's recording is a gigabyte of these lines.
 */
static void emit_hex_lines(FILE *out, const uint8_t *b, unsigned int len)
{
	char buf[CFG_SPACE_SIZE / 16 * (4 + 16 * 3 + 1)];
	unsigned int off, i;
	char *p = buf;

	for (off = 0; off < len; off += 16) {
		if (off >= CFG_LEGACY_SIZE)
			*p++ = hex_lower[(off >> 8) & 0xf];
		*p++ = hex_lower[(off >> 4) & 0xf];
		*p++ = hex_lower[off & 0xf];
		*p++ = ':';
		for (i = off; i < off + 16; i++) {
			*p++ = ' ';
			*p++ = hex_lower[b[i] >> 4];
			*p++ = hex_lower[b[i] & 0xf];
		}
		*p++ = '\n';
	}
	fwrite(buf, 1, (size_t)(p - buf), out);
}

/* After the bytes, in the device's block: what probing found. */
static void emit_probe(FILE *out, const struct cfg_snapshot *s,
		       const char *bdf)
{
	if (s->probe == PROBE_NONE)
		return;
	fprintf(out, "%s %s probe=%s\n", META_PREFIX, bdf,
		probe_level_name(s->probe));
	emit_mask(out, bdf, PROBE_MASK_VOLATILE, s->vol, s->valid_len);
	if (s->probe == PROBE_WRITE)
		emit_mask(out, bdf, PROBE_MASK_RW, s->rw, s->valid_len);
}

/* The device's lines after its metadata: header, bytes, probe masks. */
static void emit_body(FILE *out, const struct cfg_snapshot *s, const char *bdf)
{
	fprintf(out, "%s Class %04x: Device %04x:%04x\n", bdf,
		s->id.class >> 8, s->id.vendor, s->id.device);
	emit_hex_lines(out, s->bytes, s->valid_len);
	emit_probe(out, s, bdf);
	fputc('\n', out);
}

void emit_record(FILE *out, const struct cfg_snapshot *s)
{
	const struct cfg_ident *id = &s->id;
	struct snap_meta m = {
		.fields = META_VENDOR | META_DEVICE | META_CLASS | META_KIND,
		.vendor = id->vendor, .device = id->device, .class = id->class,
		.kind = id->kind, .facts = s->facts,
	};
	char bdf[PCI_ADDR_STRLEN];

	if (id->has_physfn) {
		m.fields |= META_PHYSFN;
		m.physfn = id->physfn;
	}
	pci_addr_format(&id->addr, bdf);
	emit_meta(out, bdf, &m, cfg_partial(s));
	emit_body(out, s, bdf);
}

void emit_record_raw(FILE *out, const struct cfg_snapshot *s,
		     const struct snap_meta *m)
{
	char bdf[PCI_ADDR_STRLEN];

	pci_addr_format(&s->id.addr, bdf);
	/* partial as s will be once m's facts are its own */
	emit_meta(out, bdf, m, cfg_partial_with(s, &m->facts));
	emit_body(out, s, bdf);
}
