// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * filter.c - the selections lspci users type: -s for a slot, -d for IDs,
 * with empty or "*" fields matching anything, as in lspci(8).
 *
 * src/model/: one function's config space and what is made of it: the
 * snapshot, its capabilities, who owns each byte, what vfio-pci and
 * QEMU make of it, the verdict.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"

void filter_init(struct fn_filter *f)
{
	f->domain = f->bus = f->dev = f->fn = -1;
	f->vendor = f->device = f->class = -1;
	f->key_kind = KEY_KIND_ANY;
	f->spec[0] = '\0';
}

/* One hex field: "" or "*" means any. */
static int field(const char *s, size_t len, long max, int *out)
{
	char buf[16], *end;
	long v;

	if (!len || (len == 1 && *s == '*')) {
		*out = -1;
		return 0;
	}
	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	v = strtol(buf, &end, 16);
	if (*end || v < 0 || v > max)
		return -1;
	*out = (int)v;
	return 0;
}

/* The third field of -d: lspci's class, or a device key's kind, which
 * no hex class can be mistaken for ("fn" and "vf" are not hex). */
static int kind_or_class(const char *s, struct fn_filter *f)
{
	if (!strcmp(s, "fn") || !strcmp(s, "pf")) {
		f->key_kind = 0;
		return 0;
	}
	if (!strcmp(s, "vf")) {
		f->key_kind = 1;
		return 0;
	}
	return field(s, strlen(s), 0xffff, &f->class);
}

int filter_parse_slot(struct fn_filter *f, const char *spec)
{
	const char *dot = strchr(spec, '.');
	const char *end = dot ? dot : spec + strlen(spec);
	const char *c1 = memchr(spec, ':', (size_t)(end - spec));
	const char *c2 = c1 ? memchr(c1 + 1, ':', (size_t)(end - c1 - 1)) : NULL;
	const char *slot = c2 ? c2 + 1 : c1 ? c1 + 1 : spec;

	if (dot && field(dot + 1, strlen(dot + 1), 7, &f->fn))
		return -1;
	if (field(slot, (size_t)(end - slot), 0x1f, &f->dev))
		return -1;
	if (c2)
		return field(spec, (size_t)(c1 - spec), FILTER_DOMAIN_MAX,
			     &f->domain) ||
		       field(c1 + 1, (size_t)(c2 - c1 - 1), 0xff, &f->bus) ?
		       -1 : 0;
	if (c1)
		return field(spec, (size_t)(c1 - spec), 0xff, &f->bus);
	return 0;
}

int filter_parse_id(struct fn_filter *f, const char *spec)
{
	const char *c1 = strchr(spec, ':');
	const char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	const char *dev_end = c2 ? c2 : c1 ? c1 + strlen(c1) : NULL;

	if (!c1)
		return -1;
	if (field(spec, (size_t)(c1 - spec), 0xffff, &f->vendor) ||
	    field(c1 + 1, (size_t)(dev_end - c1 - 1), 0xffff, &f->device))
		return -1;
	return c2 ? kind_or_class(c2 + 1, f) : 0;
}

static bool eq(int want, unsigned int have)
{
	return want < 0 || (unsigned int)want == have;
}

bool filter_match_slot(const struct fn_filter *f, const struct pci_addr *a)
{
	return eq(f->domain, a->domain) && eq(f->bus, a->bus) &&
	       eq(f->dev, a->dev) && eq(f->fn, a->fn);
}

bool filter_match(const struct fn_filter *f, const struct cfg_ident *id)
{
	return filter_match_slot(f, &id->addr) &&
	       eq(f->vendor, id->vendor) && eq(f->device, id->device) &&
	       eq(f->class, id->class >> 8) &&
	       eq(f->key_kind, id->kind == FN_KIND_VF);
}

const char *filter_parse_opt(struct fn_filter *f, int opt, const char *arg)
{
	size_t n = strlen(f->spec);

	if (opt == 's' && filter_parse_slot(f, arg))
		return "[[[[domain]:]bus]:][dev][.[fn]]";
	if (opt == 'd' && filter_parse_id(f, arg))
		return "[vendor]:[device][:class] or [vendor]:[device]:fn|vf";
	snprintf(f->spec + n, sizeof(f->spec) - n, "%s-%c %s", n ? " " : "",
		 opt, arg);
	return NULL;
}
