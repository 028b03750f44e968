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

static void emit_facts(FILE *out, const struct cfg_snapshot *s)
{
	const struct cfg_facts *f = &s->facts;

	if (f->have & FACT_VFINDEX)
		fprintf(out, " vfindex=%u", f->vfindex);
	if (f->have & FACT_CFG_SIZE)
		fprintf(out, " cfgsize=%u", f->cfg_size);
	if (cfg_partial(s))
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

static void emit_meta(FILE *out, const struct cfg_snapshot *s,
		      const char *bdf)
{
	const struct cfg_ident *id = &s->id;
	char pf[PCI_ADDR_STRLEN];

	fprintf(out, "%s %s vendor=0x%04x device=0x%04x class=0x%06x kind=%s",
		META_PREFIX, bdf, id->vendor, id->device, id->class,
		fn_kind_name(id->kind));
	if (id->has_physfn) {
		pci_addr_format(&id->physfn, pf);
		fprintf(out, " physfn=%s", pf);
	}
	emit_facts(out, s);
	fputc('\n', out);
}

/* Rows of 16 mask bytes with a bit set; a row left out is all zero. */
static void emit_mask(FILE *out, const char *bdf, const char *name,
		      const uint8_t *m, unsigned int len)
{
	unsigned int off, i;

	for (off = 0; off < len; off += 16) {
		for (i = 0; i < 16 && !m[off + i]; i++)
			;
		if (i == 16)
			continue;
		fprintf(out, "%s %s %s@%03x=", META_PREFIX, bdf, name, off);
		for (i = 0; i < 16; i++)
			fprintf(out, "%02x", m[off + i]);
		fputc('\n', out);
	}
}

/*
 * "off: b0 b1 ... b15": lspci prints two offset digits below 0x100 and
 * three above.  Built in a buffer and written once, because a fleet's
 * recording is a gigabyte of these lines.
 */
static void emit_hex_line(FILE *out, unsigned int off, const uint8_t *b)
{
	static const char hex[] = "0123456789abcdef";
	char line[4 + 16 * 3 + 2], *p = line;
	unsigned int i;

	if (off >= CFG_LEGACY_SIZE)
		*p++ = hex[(off >> 8) & 0xf];
	*p++ = hex[(off >> 4) & 0xf];
	*p++ = hex[off & 0xf];
	*p++ = ':';
	for (i = 0; i < 16; i++) {
		*p++ = ' ';
		*p++ = hex[b[i] >> 4];
		*p++ = hex[b[i] & 0xf];
	}
	*p++ = '\n';
	fwrite(line, 1, (size_t)(p - line), out);
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

void emit_record(FILE *out, const struct cfg_snapshot *s)
{
	char bdf[PCI_ADDR_STRLEN];
	unsigned int off;

	pci_addr_format(&s->id.addr, bdf);
	emit_meta(out, s, bdf);
	fprintf(out, "%s Class %04x: Device %04x:%04x\n", bdf,
		s->id.class >> 8, s->id.vendor, s->id.device);
	for (off = 0; off < s->valid_len; off += 16)
		emit_hex_line(out, off, &s->bytes[off]);
	emit_probe(out, s, bdf);
	fputc('\n', out);
}
