// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * map_read.c - read an offset map with libyaml's document loader and
 * check what lookup needs of it: format and version, then for each
 * device its key and its placements.  Anything else in an entry is
 * there for people and other tools and is not checked here.
 *
 * src/gen/: a device key's consensus over the store, and the tables
 * made from it: kernel header, QEMU table, offset map.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "emit_gen.h"
#include "err.h"
#include "map_read.h"

struct map_ctx {
	const char *path;
	yaml_document_t doc;
};

static int bad(struct map_ctx *c, const yaml_node_t *n, const char *what)
{
	err_at(c->path, n ? (unsigned int)n->start_mark.line + 1 : 0,
	       "expected %s", what);
	return -1;
}

static const char *scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ?
	       (const char *)n->data.scalar.value : NULL;
}

static yaml_node_t *get(struct map_ctx *c, const yaml_node_t *map,
			const char *key)
{
	yaml_node_pair_t *p;

	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(&c->doc, p->key);

		if (k && k->type == YAML_SCALAR_NODE &&
		    !strcmp((const char *)k->data.scalar.value, key))
			return yaml_document_get_node(&c->doc, p->value);
	}
	return NULL;
}

static int by_key(const void *a, const void *b)
{
	const yaml_node_t *x = *(const yaml_node_t *const *)a;
	const yaml_node_t *y = *(const yaml_node_t *const *)b;
	int d = strcmp(scalar(x), scalar(y));

	return d ? d : (x->start_mark.index > y->start_mark.index) -
		       (x->start_mark.index < y->start_mark.index);
}

/*
 * YAML 1.1 says mapping keys are unique, but libyaml's loader keeps
 * every pair and get() would take the first: a repeated key is refused
 * rather than half-read.  Sorted, so a hostile mapping of many keys
 * costs n log n.
 */
static int unique_keys(struct map_ctx *c, const yaml_node_t *map)
{
	yaml_node_pair_t *p;
	yaml_node_t **k;
	size_t n = 0, i;
	int ret = 0;

	if (!map || map->type != YAML_MAPPING_NODE)
		return 0;
	k = xcalloc((size_t)(map->data.mapping.pairs.top -
			     map->data.mapping.pairs.start), sizeof(*k));
	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *key = yaml_document_get_node(&c->doc, p->key);

		if (scalar(key))
			k[n++] = key;
	}
	qsort(k, n, sizeof(*k), by_key);
	for (i = 1; i < n && !ret; i++) {
		if (strcmp(scalar(k[i - 1]), scalar(k[i])))
			continue;
		err_at(c->path, (unsigned int)k[i]->start_mark.line + 1,
		       "duplicate key '%.40s' (first at line %u); expected each key once",
		       scalar(k[i]), (unsigned int)k[i - 1]->start_mark.line + 1);
		ret = -1;
	}
	free(k);
	return ret;
}

/* An unsigned number up to max, in any base C reads (0x for hex). */
static int number(struct map_ctx *c, const yaml_node_t *map,
		  const char *key, unsigned long max, const char *what,
		  unsigned long *out)
{
	yaml_node_t *n = get(c, map, key);
	const char *s = scalar(n);
	char *end;

	if (!s || !*s || *s == '-')
		return bad(c, n ? n : map, what);
	errno = 0;
	*out = strtoul(s, &end, 0);
	if (errno || *end || *out > max)
		return bad(c, n, what);
	return 0;
}

static int header(struct map_ctx *c, const yaml_node_t *root)
{
	const char *fmt = scalar(get(c, root, "format"));
	unsigned long ver;

	if (!fmt || strcmp(fmt, MAP_FORMAT))
		return bad(c, get(c, root, "format") ?: root,
			   "format: " MAP_FORMAT " (a pasid-scan offset map)");
	if (number(c, root, "format-version", 0xffff, "format-version: a number", &ver))
		return -1;
	if (ver != MAP_FORMAT_VERSION) {
		err_at(c->path, get(c, root, "format-version")->start_mark.line + 1,
		       "format-version %lu; this pasid-scan reads version %d "
		       "(write the map again with 'pasid-scan gen --yaml')",
		       ver, MAP_FORMAT_VERSION);
		return -1;
	}
	return 0;
}

static int placement(struct map_ctx *c, const yaml_node_t *pl,
		     enum vcap_kind kind, struct map_entry *e)
{
	yaml_node_t *p = get(c, pl, vcap_types[kind].name);
	const char *off = scalar(get(c, p, "offset"));
	const char *reason = scalar(get(c, p, "reason"));
	unsigned long v;

	if (!p || p->type != YAML_MAPPING_NODE)
		return bad(c, pl, "placements with vpasid, vpri and vats");
	if (unique_keys(c, p))
		return -1;
	if (!reason || vcap_reason_parse(reason, &e->reason[kind]))
		return bad(c, get(c, p, "reason") ?: p,
			   "reason: qemu-default, pf-template, highest-free, no-room or not-extended");
	if (!off || !strcmp(off, "null") || !strcmp(off, "~")) {
		e->offset[kind] = -1;
		return off ? 0 : bad(c, p, "offset: an offset or null");
	}
	if (number(c, p, "offset", CFG_SPACE_SIZE - vcap_types[kind].size,
		   "offset: an offset in config space or null", &v))
		return -1;
	/* An extended capability is dword-aligned in extended space
	 * (PCIe r6.0 sec 7.6.3); anything else the map says is wrong. */
	if (v < CFG_LEGACY_SIZE || v & 3) {
		err_at(c->path, (unsigned int)get(c, p, "offset")->start_mark.line + 1,
		       "%s offset %#lx; expected a dword-aligned offset from 0x100 to %#x, or null",
		       vcap_types[kind].name, v,
		       CFG_SPACE_SIZE - vcap_types[kind].size);
		return -1;
	}
	e->offset[kind] = (int)v;
	return 0;
}

/* The verdict and why, and that the vPASID placement agrees with them:
 * an offset exactly where the verdict gives one, 0xff8 for the default. */
static int entry_verdict(struct map_ctx *c, const yaml_node_t *d,
			 struct map_entry *e)
{
	const char *v = scalar(get(c, d, "verdict"));
	const char *why = scalar(get(c, d, "why"));
	int off = e->offset[VCAP_PASID];
	bool placed;

	if (!v || verdict_parse(v, &e->verdict))
		return bad(c, get(c, d, "verdict") ?: d,
			   "verdict: not-known, not-assignable, no-vpasid, "
			   "default-safe, other-offset or no-safe-offset");
	e->why = WHY_NONE;
	placed = e->verdict >= VERDICT_DEFAULT_SAFE;
	if (!placed && (!why || guest_why_parse(why, &e->why)))
		return bad(c, get(c, d, "why") ?: d,
			   "why: the reason for a verdict that places nothing");
	if ((off >= 0) != (placed && e->verdict != VERDICT_NO_SAFE_OFFSET) ||
	    (e->verdict == VERDICT_DEFAULT_SAFE) != (off == QEMU_VPASID_DEFAULT))
		return bad(c, get(c, d, "verdict"),
			   "a vpasid offset that agrees with the verdict");
	return 0;
}

static int entry(struct map_ctx *c, const yaml_node_t *d,
		 struct map_entry *e)
{
	const char *kind = scalar(get(c, d, "kind"));
	yaml_node_t *pl = get(c, d, "placements");
	unsigned long vendor, device;
	int k;

	if (!d || d->type != YAML_MAPPING_NODE)
		return bad(c, d, "a device entry (a mapping)");
	if (unique_keys(c, d) || unique_keys(c, pl))
		return -1;
	e->line = (unsigned int)d->start_mark.line + 1;
	if (number(c, d, "vendor", 0xffff, "vendor: a 16-bit ID", &vendor) ||
	    number(c, d, "device", 0xffff, "device: a 16-bit ID", &device))
		return -1;
	e->vendor = (uint16_t)vendor;
	e->device = (uint16_t)device;
	if (!kind || (strcmp(kind, "fn") && strcmp(kind, "vf")))
		return bad(c, get(c, d, "kind") ?: d, "kind: fn or vf");
	e->vf = !strcmp(kind, "vf");
	if (!pl || pl->type != YAML_MAPPING_NODE)
		return bad(c, pl ?: d, "placements: a mapping");
	for (k = 0; k < VCAP_N; k++)
		if (placement(c, pl, k, e))
			return -1;
	return entry_verdict(c, d, e);
}

static int by_device(const void *a, const void *b)
{
	const struct map_entry *x = a, *y = b;

	if (x->vendor != y->vendor)
		return x->vendor - y->vendor;
	if (x->device != y->device)
		return x->device - y->device;
	if (x->vf != y->vf)
		return x->vf - y->vf;
	return (x->line > y->line) - (x->line < y->line);
}

/* lookup answers with one entry per key: a second one is refused, not
 * shadowed by whichever came first. */
static int unique_devices(struct map_ctx *c, const struct map_entry *v,
			  size_t n)
{
	struct map_entry *s = xcalloc(n, sizeof(*s));
	size_t i;
	int ret = 0;

	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), by_device);
	for (i = 1; i < n && !ret; i++) {
		if (s[i - 1].vendor == s[i].vendor &&
		    s[i - 1].device == s[i].device && s[i - 1].vf == s[i].vf) {
			err_at(c->path, s[i].line,
			       "device %04x:%04x:%s listed twice (first at line %u); expected one entry per device key",
			       s[i].vendor, s[i].device, key_kind_name(s[i].vf),
			       s[i - 1].line);
			ret = -1;
		}
	}
	free(s);
	return ret;
}

static int devices(struct map_ctx *c, const yaml_node_t *root,
		   struct map_entry **v, size_t *n)
{
	yaml_node_t *seq = get(c, root, "devices");
	yaml_node_item_t *it;

	if (!seq || seq->type != YAML_SEQUENCE_NODE)
		return bad(c, seq ?: root, "devices: a list");
	*v = xcalloc((size_t)(seq->data.sequence.items.top -
			      seq->data.sequence.items.start) + 1, sizeof(**v));
	for (it = seq->data.sequence.items.start;
	     it < seq->data.sequence.items.top; it++) {
		yaml_node_t *d = yaml_document_get_node(&c->doc, *it);

		if (entry(c, d, &(*v)[*n]))
			return -1;
		(*n)++;
	}
	return unique_devices(c, *v, *n);
}

static int not_yaml(struct map_ctx *c, const yaml_parser_t *p)
{
	err_at(c->path, (unsigned int)p->problem_mark.line + 1, "%s",
	       p->problem ? p->problem : "not YAML");
	return -1;
}

/* One document, and nothing after it that is not YAML. */
static int load(struct map_ctx *c, yaml_parser_t *p)
{
	yaml_document_t more;
	yaml_node_t *extra;

	if (!yaml_parser_load(p, &c->doc))
		return not_yaml(c, p);
	if (!yaml_document_get_root_node(&c->doc)) {
		err_at(c->path, 0, "empty; expected an offset map");
		yaml_document_delete(&c->doc);
		return -1;
	}
	if (!yaml_parser_load(p, &more)) {
		yaml_document_delete(&c->doc);
		return not_yaml(c, p);
	}
	extra = yaml_document_get_root_node(&more);
	if (extra)
		err_at(c->path, (unsigned int)extra->start_mark.line + 1,
		       "a second YAML document; expected one offset map");
	yaml_document_delete(&more);
	if (extra)
		yaml_document_delete(&c->doc);
	return extra ? -1 : 0;
}

static int map_parse(struct map_ctx *c, yaml_parser_t *p,
		     struct map_entry **v, size_t *n)
{
	yaml_node_t *root;
	int ret;

	if (load(c, p))
		return -1;
	root = yaml_document_get_root_node(&c->doc);
	ret = root->type != YAML_MAPPING_NODE ? bad(c, root, "a mapping at the top") :
	      unique_keys(c, root) || header(c, root) ? -1 :
	      devices(c, root, v, n);
	yaml_document_delete(&c->doc);
	return ret;
}

/* Either input: a file, or len bytes at buf when f is NULL. */
static int map_read_input(const char *path, FILE *f, const void *buf,
			  size_t len, struct map_entry **v, size_t *n)
{
	struct map_ctx c = { .path = path };
	yaml_parser_t p;
	int ret;

	*v = NULL;
	*n = 0;
	if (!yaml_parser_initialize(&p)) {
		err_msg("cannot start the YAML parser");
		return -1;
	}
	if (f)
		yaml_parser_set_input_file(&p, f);
	else
		yaml_parser_set_input_string(&p, buf, len);
	ret = map_parse(&c, &p, v, n);
	yaml_parser_delete(&p);
	if (ret) {
		free(*v);
		*v = NULL;
		*n = 0;
	}
	return ret;
}

int map_read(const char *path, struct map_entry **v, size_t *n)
{
	FILE *f = fopen(path, "r");
	int ret;

	*v = NULL;
	*n = 0;
	if (!f) {
		err_at(path, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	ret = map_read_input(path, f, NULL, 0, v, n);
	fclose(f);
	return ret;
}

int map_read_mem(const char *name, const void *buf, size_t len,
		 struct map_entry **v, size_t *n)
{
	return map_read_input(name, NULL, buf, len, v, n);
}
