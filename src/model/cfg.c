// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cfg.c - bounds-checked access to a config-space snapshot.
 *
 * src/model/: one function's config space and what is made of it: the
 * snapshot, its capabilities, who owns each byte, what vfio-pci and
 * QEMU make of it, the verdict.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cfg.h"

void cfg_init(struct cfg_snapshot *s)
{
	memset(s, 0, sizeof(*s));
}

bool cfg_known(const struct cfg_snapshot *s, unsigned int off, unsigned int len)
{
	return off <= CFG_SPACE_SIZE && len <= CFG_SPACE_SIZE - off &&
	       off + len <= s->valid_len;
}

/*
 * The accessors return all-ones for unknown bytes, which is what a
 * failed config read returns on real hardware; callers that must tell
 * "unknown" from "0xff" check cfg_known() first.
 */
uint8_t cfg_u8(const struct cfg_snapshot *s, unsigned int off)
{
	return cfg_known(s, off, 1) ? s->bytes[off] : 0xff;
}

uint16_t cfg_le16(const struct cfg_snapshot *s, unsigned int off)
{
	if (!cfg_known(s, off, 2))
		return 0xffff;
	return (uint16_t)(s->bytes[off] | s->bytes[off + 1] << 8);
}

uint32_t cfg_le32(const struct cfg_snapshot *s, unsigned int off)
{
	if (!cfg_known(s, off, 4))
		return 0xffffffff;
	return (uint32_t)s->bytes[off] | (uint32_t)s->bytes[off + 1] << 8 |
	       (uint32_t)s->bytes[off + 2] << 16 |
	       (uint32_t)s->bytes[off + 3] << 24;
}

uint16_t cfg_raw_vendor(const struct cfg_snapshot *s)
{
	return cfg_le16(s, PCI_VENDOR_ID);
}

uint8_t cfg_header_type(const struct cfg_snapshot *s)
{
	return cfg_u8(s, PCI_HEADER_TYPE) & PCI_HEADER_TYPE_MASK;
}

void cfg_ident_from_bytes(struct cfg_snapshot *s)
{
	struct cfg_ident *id = &s->id;

	id->vendor = cfg_le16(s, PCI_VENDOR_ID);
	id->device = cfg_le16(s, PCI_DEVICE_ID);
	id->revision = cfg_u8(s, PCI_REVISION_ID);
	id->class = cfg_le32(s, PCI_REVISION_ID) >> 8;
	/* Bridges have no subsystem IDs in the header (their SSVID cap has). */
	if (cfg_header_type(s) == PCI_HEADER_TYPE_NORMAL) {
		id->subvendor = cfg_le16(s, PCI_SUBSYSTEM_VENDOR_ID);
		id->subdevice = cfg_le16(s, PCI_SUBSYSTEM_ID);
	} else {
		id->subvendor = PCI_BRIDGE_SUBSYS_NONE;
		id->subdevice = PCI_BRIDGE_SUBSYS_NONE;
	}
}

void pci_addr_format(const struct pci_addr *a, char *buf)
{
	snprintf(buf, PCI_ADDR_STRLEN, "%04" PRIx32 ":%02x:%02x.%x",
		 a->domain, a->bus, a->dev, a->fn & 7u);
}

static size_t parse_hex(const char *s, size_t max, unsigned int *val)
{
	size_t n = 0;
	int d;

	*val = 0;
	while (n < max && (d = hex_digit((unsigned char)s[n])) >= 0) {
		*val = *val * 16 + (unsigned int)d;
		n++;
	}
	return n;
}

/* Exactly "bb:dd.f" with fixed widths, as lspci prints it. */
static size_t parse_bus_dev_fn(const char *s, struct pci_addr *a)
{
	unsigned int bus, dev, fn;

	if (parse_hex(s, 2, &bus) != 2 || s[2] != ':' ||
	    parse_hex(s + 3, 2, &dev) != 2 || s[5] != '.' ||
	    parse_hex(s + 6, 1, &fn) != 1)
		return 0;
	if (dev > 31 || fn > 7)
		return 0;
	a->bus = (uint8_t)bus;
	a->dev = (uint8_t)dev;
	a->fn = (uint8_t)fn;
	return 7;
}

size_t pci_addr_parse(const char *s, struct pci_addr *a)
{
	unsigned int dom;
	size_t d, n;

	memset(a, 0, sizeof(*a));
	d = parse_hex(s, PCI_DOMAIN_DIGITS, &dom);
	if (d && s[d] == ':') {
		n = parse_bus_dev_fn(s + d + 1, a);
		if (n) {
			a->domain = dom;
			return n + d + 1;
		}
		memset(a, 0, sizeof(*a));
	}
	return parse_bus_dev_fn(s, a);
}

size_t pci_id_parse(const char *s, uint16_t *vendor, uint16_t *device)
{
	unsigned int v, d;
	int used = 0;

	if (sscanf(s, "%4x:%4x%n", &v, &d, &used) != 2)
		return 0;
	*vendor = (uint16_t)v;
	*device = (uint16_t)d;
	return (size_t)used;
}

const char *key_kind_name(bool vf)
{
	return vf ? "vf" : "fn";
}

void key_format(uint16_t vendor, uint16_t device, bool vf, char *buf)
{
	snprintf(buf, KEY_STRLEN, "%04x:%04x:%s", vendor, device,
		 key_kind_name(vf));
}

int key_parse(const char *s, uint16_t *vendor, uint16_t *device, int *kind)
{
	unsigned int v, d;
	size_t nv, nd;

	nv = parse_hex(s, 5, &v);
	if (!nv || nv > 4 || s[nv] != ':')
		return -1;
	s += nv + 1;
	nd = parse_hex(s, 5, &d);
	if (!nd || nd > 4)
		return -1;
	s += nd;
	*vendor = (uint16_t)v;
	*device = (uint16_t)d;
	*kind = KEY_KIND_ANY;
	if (!*s)
		return 0;
	if (!strcmp(s, ":fn") || !strcmp(s, ":pf"))
		*kind = 0;
	else if (!strcmp(s, ":vf"))
		*kind = 1;
	else
		return -1;
	return 0;
}

int pci_addr_cmp(const struct pci_addr *a, const struct pci_addr *b)
{
	if (a->domain != b->domain)
		return a->domain < b->domain ? -1 : 1;
	if (pci_addr_rid(a) != pci_addr_rid(b))
		return pci_addr_rid(a) < pci_addr_rid(b) ? -1 : 1;
	return 0;
}

/* Routing ID: bus[15:8] device[7:3] function[2:0] (PCIe r6.0 sec 2.2.6.2) */
uint16_t pci_addr_rid(const struct pci_addr *a)
{
	return (uint16_t)(a->bus << 8 | a->dev << 3 | a->fn);
}

const char *fn_kind_name(enum fn_kind k)
{
	switch (k) {
	case FN_KIND_PF:
		return "pf";
	case FN_KIND_VF:
		return "vf";
	default:
		return "fn";
	}
}

static const char *const probe_names[] = {
	[PROBE_NONE] = "none",
	[PROBE_READ] = "read",
	[PROBE_WRITE] = "write",
};

const char *probe_level_name(enum probe_level p)
{
	return probe_names[p];
}

int name_index(const void *table, size_t n, size_t stride, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *const *entry = (const void *)((const char *)table +
							  i * stride);

		if (*entry && !strcmp(name, *entry))
			return (int)i;
	}
	return -1;
}

int probe_level_parse(const char *name, enum probe_level *p)
{
	int i = name_index(probe_names, sizeof(probe_names) / sizeof(probe_names[0]),
			   sizeof(probe_names[0]), name);

	if (i < 0)
		return -1;
	*p = (enum probe_level)i;
	return 0;
}

bool cfg_partial_with(const struct cfg_snapshot *s, const struct cfg_facts *f)
{
	/* Every function has at least the 256-byte PCI space. */
	if (s->valid_len < CFG_LEGACY_SIZE)
		return true;
	return (f->have & FACT_CFG_SIZE) && s->valid_len < f->cfg_size;
}

bool cfg_partial(const struct cfg_snapshot *s)
{
	return cfg_partial_with(s, &s->facts);
}
