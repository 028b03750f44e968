// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * emit_record.c - the record format: lspci -xxxx text (header line,
 * 16-byte hex lines, a blank line between devices) with what the bytes
 * do not say on "# pasid-scan:" lines, which lspci ignores.
 */
#include "emit_record.h"
#include "source_dump.h"

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
	fputc('\n', out);
}

void emit_record(FILE *out, const struct cfg_snapshot *s)
{
	char bdf[PCI_ADDR_STRLEN];
	unsigned int off, i;

	pci_addr_format(&s->id.addr, bdf);
	emit_meta(out, s, bdf);
	fprintf(out, "%s Class %04x: Device %04x:%04x\n", bdf,
		s->id.class >> 8, s->id.vendor, s->id.device);
	/* lspci prints two offset digits below 0x100, three above. */
	for (off = 0; off < s->valid_len; off += 16) {
		fprintf(out, off < CFG_LEGACY_SIZE ? "%02x:" : "%03x:", off);
		for (i = 0; i < 16; i++)
			fprintf(out, " %02x", s->bytes[off + i]);
		fputc('\n', out);
	}
	fputc('\n', out);
}
