// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * source_dump.c - read recorded config dumps into snapshots.
 *
 * The text grammar is the one pciutils' lib/dump.c accepts: a device
 * header "bb:dd.f text" or "dddd:bb:dd.f text", then "off: xx xx ..."
 * lines of 16 bytes; a blank line ends the device; indented (decoded
 * -vvv) lines are ignored.  Unlike lspci we refuse what lspci would
 * silently half-read (short lines, gaps, repeats), because a placement
 * decided on a half-read device is worse than no placement.
 *
 * lspci prints a domain with "%04x" (lspci.c), so one past ffff has 5
 * digits or more (VMD's 10000:e1:00.0); lib/dump.c reads back 4 or 5 of
 * them, we read 1 to 8, all that a 32-bit domain takes.
 *
 * src/source/: where snapshots come from: dumps and recordings, the
 * live scan and its probing, sysfs facts, the record writer.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "err.h"
#include "hex16.h"
#include "source_dump.h"

struct reader {
	FILE *f;
	const char *path;
	struct snapset *ss;
	unsigned int lineno;
	char line[DUMP_LINE_MAX + 1];
	size_t len;
	struct cfg_snapshot *cur;	/* device being filled */
	unsigned int next_off;		/* expected offset of its next hex line */
	unsigned int ndev;
	const struct scan_host *host;	/* from the recording's host line */
	bool probe_seen;		/* the device's probe= line was read */
	uint8_t rows_seen[2][CFG_SPACE_SIZE / 16];	/* its mask rows */
	dump_device_fn fn;		/* streaming: gets each device */
	void *ctx;
	struct cfg_snapshot *scratch;	/* streaming: the one device held */
	char buf[65536];		/* the file, a block at a time */
	size_t pos, end;
};

static int refill(struct reader *r)
{
	r->pos = 0;
	r->end = fread(r->buf, 1, sizeof(r->buf), r->f);
	if (!r->end && ferror(r->f)) {
		err_at(r->path, r->lineno, "read error: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * The refusal for seg bytes of a line that has len already, if any: the
 * first NUL or carriage return, or the byte that would not fit,
 * whichever comes first (a bad byte at the limit is named as bad).
 */
static int check_seg(struct reader *r, const char *p, size_t seg)
{
	const char *nul = memchr(p, '\0', seg), *cr = memchr(p, '\r', seg);
	const char *bad = nul && (!cr || nul < cr) ? nul : cr;
	size_t room = DUMP_LINE_MAX - r->len;

	if (bad && (size_t)(bad - p) <= room) {
		if (*bad == '\0')
			err_at(r->path, r->lineno, "NUL byte in a text dump");
		else
			err_at(r->path, r->lineno,
			       "carriage return in line (CRLF line endings?); expected LF-only text");
		return -1;
	}
	if (seg > room) {
		err_at(r->path, r->lineno, "line longer than %d characters",
		       DUMP_LINE_MAX);
		return -1;
	}
	return 0;
}

/* 1: a line; 0: end of file; -1: refused.  The file is read a block at
 * a time and split with memchr(), since a fleet's dump has millions of
 * lines. */
static int next_line(struct reader *r)
{
	const char *nl = NULL;

	r->len = 0;
	r->lineno++;
	while (!nl) {
		const char *p;
		size_t seg;

		if (r->pos == r->end && refill(r))
			return -1;
		if (r->pos == r->end)
			break;		/* end of file */
		p = r->buf + r->pos;
		nl = memchr(p, '\n', r->end - r->pos);
		seg = nl ? (size_t)(nl - p) : r->end - r->pos;
		if (check_seg(r, p, seg))
			return -1;
		memcpy(r->line + r->len, p, seg);
		r->len += seg;
		r->pos += seg + !!nl;
	}
	r->line[r->len] = '\0';
	return nl || r->len ? 1 : 0;
}

/*
 * Metadata values are one token: bytes outside '!'..'~', and '%', are
 * written as %XX (emit_record.c).  Returns -1 on a bad escape or when
 * the value does not fit.
 */
int meta_value_decode(const char *v, char *out, size_t outlen)
{
	size_t n = 0;
	int hi, lo;

	for (; *v; v++) {
		char c = *v;

		if (c == '%') {
			hi = hex_digit(v[1]);
			lo = hi < 0 ? -1 : hex_digit(v[2]);
			if (lo < 0)
				return -1;
			c = (char)(hi << 4 | lo);
			v += 2;
		}
		if (n + 1 >= outlen)
			return -1;
		out[n++] = c;
	}
	out[n] = '\0';
	return 0;
}

static bool parse_hex_u(const char *v, unsigned int max, unsigned int *out)
{
	char *end;
	unsigned long x;

	if (strncmp(v, "0x", 2) || !isxdigit((unsigned char)v[2]))
		return false;
	errno = 0;
	x = strtoul(v + 2, &end, 16);
	if (errno || *end || x > max)
		return false;
	*out = (unsigned int)x;
	return true;
}

static int meta_kind(const char *v, struct snap_meta *m)
{
	static const char *const names[] = { "fn", "pf", "vf" };
	unsigned int k;

	for (k = 0; k < 3; k++) {
		if (!strcmp(v, names[k])) {
			m->kind = (enum fn_kind)k;
			m->fields |= META_KIND;
			return 0;
		}
	}
	return -1;
}

/* The token parsers cut "key=value" at '='; put it back for an error. */
static const char *unsplit(char *tok)
{
	tok[strlen(tok)] = '=';
	return tok;
}

/*
 * Numeric facts: decimal, or hex with "0x".  The sysfs attribute each
 * mirrors is named in the man page (RECORD FORMAT).
 */
enum num_type { NUM_UINT, NUM_INT, NUM_U16 };

static const struct meta_num {
	const char *key;
	unsigned int fact;
	long min, max;
	size_t off;
	enum num_type type;
} meta_nums[] = {
	{ "cfgsize", FACT_CFG_SIZE, CFG_UNPRIV_SIZE, CFG_SPACE_SIZE,
	  offsetof(struct cfg_facts, cfg_size), NUM_UINT },
	{ "iommu_group", FACT_IOMMU, 0, INT_MAX,
	  offsetof(struct cfg_facts, iommu_group), NUM_INT },
	{ "numa_node", FACT_NUMA, -1, INT_MAX,
	  offsetof(struct cfg_facts, numa_node), NUM_INT },
	{ "vfindex", FACT_VFINDEX, 0, 0xffff,
	  offsetof(struct cfg_facts, vfindex), NUM_UINT },
	{ "sriov_totalvfs", FACT_SRIOV, 0, 0xffff,
	  offsetof(struct cfg_facts, sriov.totalvfs), NUM_U16 },
	{ "sriov_numvfs", FACT_SRIOV, 0, 0xffff,
	  offsetof(struct cfg_facts, sriov.numvfs), NUM_U16 },
	{ "sriov_offset", FACT_SRIOV, 0, 0xffff,
	  offsetof(struct cfg_facts, sriov.offset), NUM_U16 },
	{ "sriov_stride", FACT_SRIOV, 0, 0xffff,
	  offsetof(struct cfg_facts, sriov.stride), NUM_U16 },
	{ "sriov_vf_device", FACT_SRIOV, 0, 0xffff,
	  offsetof(struct cfg_facts, sriov.vf_device), NUM_U16 },
};

bool meta_parse_long(const char *v, long min, long max, long *out)
{
	bool hex = !strncmp(v, "0x", 2);
	char *end;
	long x;

	if (!*v || (hex && !isxdigit((unsigned char)v[2])))
		return false;
	errno = 0;
	x = strtol(hex ? v + 2 : v, &end, hex ? 16 : 10);
	if (errno || *end || x < min || x > max)
		return false;
	*out = x;
	return true;
}

static int meta_num_token(const struct meta_num *n, const char *v,
			  struct cfg_facts *f)
{
	char *p = (char *)f + n->off;
	long x;

	if (!meta_parse_long(v, n->min, n->max, &x))
		return -1;
	if (n->type == NUM_U16)
		*(uint16_t *)p = (uint16_t)x;
	else if (n->type == NUM_INT)
		*(int *)p = (int)x;
	else
		*(unsigned int *)p = (unsigned int)x;
	f->have |= n->fact;
	return 0;
}

/* "-" says no driver is bound; the fact is still known. */
static int meta_driver(const char *v, struct cfg_facts *f)
{
	if (strcmp(v, "-") && meta_value_decode(v, f->driver, sizeof(f->driver)))
		return -1;
	if (!strcmp(v, "-"))
		f->driver[0] = '\0';
	f->have |= FACT_DRIVER;
	return 0;
}

static int meta_fact_token(const char *key, const char *v, struct cfg_facts *f)
{
	size_t i;

	if (!strcmp(key, "driver"))
		return meta_driver(v, f);
	for (i = 0; i < sizeof(meta_nums) / sizeof(meta_nums[0]); i++)
		if (!strcmp(key, meta_nums[i].key))
			return meta_num_token(&meta_nums[i], v, f);
	return 0;	/* unknown keys are kept for later versions */
}

/* One "key=value" token. */
static int meta_token(char *tok, struct snap_meta *m)
{
	char *v = strchr(tok, '=');
	unsigned int x;

	if (!v)
		return 0;
	*v++ = '\0';
	if (!strcmp(tok, "vendor") || !strcmp(tok, "device")) {
		if (!parse_hex_u(v, 0xffff, &x))
			return -1;
		if (tok[0] == 'v')
			m->vendor = (uint16_t)x;
		else
			m->device = (uint16_t)x;
		m->fields |= tok[0] == 'v' ? META_VENDOR : META_DEVICE;
	} else if (!strcmp(tok, "class")) {
		if (!parse_hex_u(v, 0xffffff, &x))
			return -1;
		m->class = x;
		m->fields |= META_CLASS;
	} else if (!strcmp(tok, "physfn")) {
		if (pci_addr_parse(v, &m->physfn) != strlen(v))
			return -1;
		m->fields |= META_PHYSFN;
	} else if (!strcmp(tok, "kind")) {
		return meta_kind(v, m);
	} else {
		return meta_fact_token(tok, v, &m->facts);
	}
	return 0;
}

/* What a metadata key takes, for the error that names it. */
static const char *meta_expect(const char *key)
{
	static const struct { const char *key, *what; } t[] = {
		{ "vendor", "0xNNNN" },
		{ "device", "0xNNNN" },
		{ "class", "0xNNNNNN" },
		{ "physfn", "a function address dddd:bb:dd.f" },
		{ "kind", "fn, pf or vf" },
		{ "driver", "a driver name, %-escaped, or -" },
		{ "cfgsize", "the config file's size, 64 to 4096" },
		{ "numa_node", "a number, -1 for none" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (!strcmp(key, t[i].key))
			return t[i].what;
	return "a number (decimal, or hex with 0x)";
}

int dump_parse_meta(const char *text, struct snap_meta *m, char *bad,
		    size_t badlen)
{
	char buf[DUMP_LINE_MAX + 1], *tok, *save = NULL;
	const char *vf_of;

	snprintf(buf, sizeof(buf), "%s", text);
	for (tok = strtok_r(buf, " \t", &save); tok;
	     tok = strtok_r(NULL, " \t", &save)) {
		if (meta_token(tok, m)) {
			snprintf(bad, badlen, "%s", unsplit(tok));
			return -1;
		}
	}
	/* The lab recordings say "SR-IOV VF of dddd:bb:dd.f". */
	vf_of = strstr(text, "VF of ");
	if (vf_of && pci_addr_parse(vf_of + 6, &m->physfn))
		m->fields |= META_PHYSFN;
	return 0;
}

/* tok is the whole "key=value" that was refused. */
static int meta_refuse(struct reader *r, const char *tok)
{
	char key[64];

	snprintf(key, sizeof(key), "%.*s", (int)strcspn(tok, "="), tok);
	err_at(r->path, r->lineno, "bad metadata value %s; expected %s=%s",
	       tok, key, meta_expect(key));
	return -1;
}

/* "host key=value ...": the machine a recording was scanned on. */
static const struct host_key {
	const char *key;
	size_t off, size;
} host_keys[] = {
	{ "hostname", offsetof(struct scan_host, hostname), HOST_FIELD_MAX },
	{ "kernel", offsetof(struct scan_host, kernel), HOST_FIELD_MAX },
	{ "product", offsetof(struct scan_host, product), HOST_FIELD_MAX },
	{ "time", offsetof(struct scan_host, time), sizeof(((struct scan_host *)0)->time) },
	{ "tool", offsetof(struct scan_host, tool), sizeof(((struct scan_host *)0)->tool) },
};

static int host_token(char *tok, struct scan_host *h)
{
	char *v = strchr(tok, '=');
	size_t i;

	if (!v)
		return 0;
	*v++ = '\0';
	for (i = 0; i < sizeof(host_keys) / sizeof(host_keys[0]); i++)
		if (!strcmp(tok, host_keys[i].key))
			return meta_value_decode(v, (char *)h + host_keys[i].off,
						 host_keys[i].size);
	return 0;
}

static int host_line(struct reader *r, const char *text)
{
	char buf[DUMP_LINE_MAX + 1], *tok, *save = NULL;
	struct scan_host *h;

	if (r->host) {
		err_at(r->path, r->lineno,
		       "second host line; expected one per recording");
		return -1;
	}
	h = snapset_add_host(r->ss);
	snprintf(buf, sizeof(buf), "%s", text);
	for (tok = strtok_r(buf, " \t", &save); tok;
	     tok = strtok_r(NULL, " \t", &save)) {
		if (host_token(tok, h)) {
			err_at(r->path, r->lineno,
			       "bad host value %s; expected %%-escaped text",
			       unsplit(tok));
			return -1;
		}
	}
	r->host = h;
	return 0;
}

/* "probe=LEVEL": once per device, before its mask rows. */
static int probe_level_line(struct reader *r, const char *v)
{
	struct cfg_snapshot *s = r->cur;

	if (r->probe_seen) {
		err_at(r->path, r->lineno,
		       "second probe= line for this device; expected one");
		return -1;
	}
	if (probe_level_parse(v, &s->probe) || s->probe == PROBE_NONE) {
		err_at(r->path, r->lineno,
		       "bad probe level '%s'; expected probe=read or probe=write",
		       v);
		return -1;
	}
	r->probe_seen = true;
	return 0;
}

/* 32 hex digits into 16 bytes; false if they are not exactly that. */
static bool mask_row_bytes(const char *v, uint8_t *out)
{
	unsigned int i;

	for (i = 0; i < 16; i++) {
		int hi = hex_digit((unsigned char)v[2 * i]);
		int lo = hi < 0 ? -1 : hex_digit((unsigned char)v[2 * i + 1]);

		if (lo < 0)
			return false;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return !v[32];
}

static int mask_row_check(struct reader *r, bool vol, long off,
			  const uint8_t *row)
{
	unsigned int i;

	if (!r->probe_seen || (!vol && r->cur->probe != PROBE_WRITE)) {
		err_at(r->path, r->lineno,
		       "%s mask row without a probe=%s line before it",
		       vol ? PROBE_MASK_VOLATILE : PROBE_MASK_RW,
		       vol ? "read|write" : "write");
		return -1;
	}
	if (off < 0 || off % 16 || off >= (long)r->next_off) {
		err_at(r->path, r->lineno,
		       "mask row offset not a 16-byte row of the %u bytes read before it",
		       r->next_off);
		return -1;
	}
	if (r->rows_seen[!vol][off / 16]) {
		err_at(r->path, r->lineno, "second %s mask row at 0x%03lx",
		       vol ? PROBE_MASK_VOLATILE : PROBE_MASK_RW, off);
		return -1;
	}
	/* a read probe compares bytes, so it marks whole bytes */
	for (i = 0; vol && i < 16; i++) {
		if (row[i] && row[i] != 0xff) {
			err_at(r->path, r->lineno,
			       "volatile mask byte %02x at 0x%03lx; expected 00 or ff",
			       row[i], off + i);
			return -1;
		}
	}
	return 0;
}

/* "volatile@OFF=HEX" or "rw@OFF=HEX". */
static int mask_row_line(struct reader *r, const char *tok)
{
	const char *at = strchr(tok, '@'), *eq = strchr(tok, '=');
	bool vol = !strncmp(tok, PROBE_MASK_VOLATILE "@", strlen(PROBE_MASK_VOLATILE) + 1);
	uint8_t row[16];
	long off;

	if (!at || !eq || eq < at || (!vol && strncmp(tok, PROBE_MASK_RW "@", 3)) ||
	    eq - at < 2 || eq - at > 4 || !mask_row_bytes(eq + 1, row)) {
		err_at(r->path, r->lineno,
		       "bad mask row '%.40s'; expected volatile@OFF= or rw@OFF= and 32 hex digits",
		       tok);
		return -1;
	}
	off = strtol(at + 1, NULL, 16);
	for (const char *p = at + 1; p < eq; p++)
		if (hex_digit((unsigned char)*p) < 0)
			off = -1;
	if (mask_row_check(r, vol, off, row))
		return -1;
	r->rows_seen[!vol][off / 16] = 1;
	memcpy((vol ? r->cur->vol : r->cur->rw) + off, row, 16);
	return 0;
}

static bool is_probe_token(const char *tok)
{
	return !strncmp(tok, "probe=", 6) || strchr(tok, '@');
}

/* A line of probe results: it belongs in the block of its device. */
static int probe_line(struct reader *r, const struct pci_addr *a,
		      const char *text)
{
	char buf[DUMP_LINE_MAX + 1], *tok, *save = NULL;

	if (!r->cur || pci_addr_cmp(&r->cur->id.addr, a)) {
		err_at(r->path, r->lineno,
		       "probe line outside its device's block; expected it after that device's hex lines");
		return -1;
	}
	snprintf(buf, sizeof(buf), "%s", text);
	for (tok = strtok_r(buf, " \t", &save); tok;
	     tok = strtok_r(NULL, " \t", &save)) {
		int ret = !strncmp(tok, "probe=", 6) ?
			  probe_level_line(r, tok + 6) : mask_row_line(r, tok);

		if (ret)
			return -1;
	}
	return 0;
}

static int meta_line(struct reader *r)
{
	const char *p = r->line + strlen(META_PREFIX);
	char bad[128];
	struct snap_meta m;
	size_t n;

	memset(&m, 0, sizeof(m));
	while (*p == ' ')
		p++;
	if (!strncmp(p, "host", 4) && (p[4] == ' ' || !p[4]))
		return host_line(r, p + 4);
	n = pci_addr_parse(p, &m.addr);
	if (!n || (p[n] && p[n] != ' ')) {
		err_at(r->path, r->lineno,
		       "metadata line does not start with a function address (dddd:bb:dd.f) or 'host'");
		return -1;
	}
	if (p[n] && is_probe_token(p + n + strspn(p + n, " ")))
		return probe_line(r, &m.addr, p + n);
	if (dump_parse_meta(p + n, &m, bad, sizeof(bad)))
		return meta_refuse(r, bad);
	snapset_add_meta(r->ss, &m);
	return 0;
}

static bool valid_len(unsigned int n)
{
	return n == CFG_UNPRIV_SIZE || n == CFG_LEGACY_SIZE || n == CFG_SPACE_SIZE;
}

static int finish_device(struct reader *r)
{
	struct cfg_snapshot *s = r->cur;
	char bdf[PCI_ADDR_STRLEN];

	if (!s)
		return 0;
	r->cur = NULL;
	pci_addr_format(&s->id.addr, bdf);
	if (!r->next_off) {
		err_at(r->path, s->origin.line, "device %s has no config bytes",
		       bdf);
		return -1;
	}
	if (!valid_len(r->next_off)) {
		err_at(r->path, s->origin.line,
		       "device %s has %u config bytes; expected 64, 256 or 4096",
		       bdf, r->next_off);
		return -1;
	}
	s->valid_len = r->next_off;
	cfg_ident_from_bytes(s);
	return r->fn ? r->fn(r->ctx, s) : 0;
}

/* "bb:dd.f text" or "dddd:bb:dd.f text"; text follows the address. */
static int device_header(struct reader *r, const struct pci_addr *addr,
			 const char *text)
{
	struct cfg_snapshot *s;
	struct snap_meta m;
	char bad[128];

	if (finish_device(r))
		return -1;
	s = r->fn ? r->scratch : snapset_add(r->ss);
	if (r->fn)
		cfg_init(s);
	s->id.addr = *addr;
	s->id.has_addr = true;
	snprintf(s->origin.path, sizeof(s->origin.path), "%s", r->path);
	s->origin.line = r->lineno;
	s->host = r->host;
	r->cur = s;
	r->next_off = 0;
	r->ndev++;
	r->probe_seen = false;
	memset(r->rows_seen, 0, sizeof(r->rows_seen));
	/* The lab recordings carry the sysfs facts in the header text. */
	memset(&m, 0, sizeof(m));
	if (strncmp(text, " sysfs ", 7))
		return 0;
	m.addr = s->id.addr;
	if (dump_parse_meta(text + 7, &m, bad, sizeof(bad)))
		return meta_refuse(r, bad);
	snapset_add_meta(r->ss, &m);
	return 0;
}

/* Offset of a hex line ("f0: ", "100: "), or -1 if the line is not one. */
static long hex_offset(const char *l)
{
	long off = 0;
	int i;

	for (i = 0; i < 5 && hex_digit((unsigned char)l[i]) >= 0; i++)
		off = off * 16 + hex_digit((unsigned char)l[i]);
	return i >= 2 && i <= 4 && l[i] == ':' && l[i + 1] == ' ' ? off : -1;
}

static int hex_bytes(struct reader *r, const char *p, unsigned char *out)
{
	unsigned int n = 0;

	while (*p) {
		int hi, lo;

		if (*p == ' ' && n < 16) {
			p++;
			continue;
		}
		if (n == 16) {
			while (*p == ' ' || *p == '\t')
				p++;
			if (!*p)
				break;
			err_at(r->path, r->lineno,
			       "hex line has more than 16 bytes");
			return -1;
		}
		hi = hex_digit((unsigned char)p[0]);
		lo = hi < 0 ? -1 : hex_digit((unsigned char)p[1]);
		if (lo < 0 || (p[2] && p[2] != ' ' && p[2] != '\t')) {
			err_at(r->path, r->lineno,
			       "bad hex byte '%.3s' at column %zu; expected two hex digits",
			       p, (size_t)(p - r->line) + 1);
			return -1;
		}
		out[n++] = (unsigned char)(hi << 4 | lo);
		p += 2;
	}
	if (n != 16) {
		err_at(r->path, r->lineno, "hex line has %u bytes; expected 16",
		       n);
		return -1;
	}
	return 0;
}

static int hex_line(struct reader *r, long off)
{
	unsigned char bytes[16];

	if (!r->cur) {
		err_at(r->path, r->lineno,
		       "hex line outside a device (no header line 'bb:dd.f ...' before it)");
		return -1;
	}
	if (off >= CFG_SPACE_SIZE) {
		err_at(r->path, r->lineno,
		       "offset 0x%lx is past the 4096-byte config space", off);
		return -1;
	}
	if (off != (long)r->next_off) {
		err_at(r->path, r->lineno,
		       "offset 0x%03lx out of sequence; expected 0x%03x", off,
		       r->next_off);
		return -1;
	}
	if (hex_bytes(r, strchr(r->line, ':') + 1, bytes))
		return -1;
	memcpy(r->cur->bytes + off, bytes, sizeof(bytes));
	r->next_off += 16;
	return 0;
}

static int dispatch_line(struct reader *r)
{
	const char *l = r->line;
	struct pci_addr addr;
	size_t n;
	long off;

	if (!r->len)
		return finish_device(r);
	if (!strncmp(l, META_PREFIX, strlen(META_PREFIX)))
		return meta_line(r);
	if (l[0] == '#' || l[0] == ' ' || l[0] == '\t')
		return 0;
	n = pci_addr_parse(l, &addr);
	if (n && (l[n] == ' ' || !l[n]))
		return device_header(r, &addr, l + n);
	off = hex_offset(l);
	if (off >= 0)
		return hex_line(r, off);
	err_at(r->path, r->lineno,
	       "unrecognised line; expected a device header 'bb:dd.f ...', a hex line 'off: xx ...' or a '#' comment");
	return -1;
}

/*
 * The line nearly every line of a dump is: the hex line of the offset
 * expected next, as lspci writes it ("f0: 00 ... 00", three offset
 * digits from 0x100), whole in the buffer.  It is taken from there
 * directly; anything else, or anything odd about it, is left to the
 * general reader, which says what is wrong.  A fleet's dump is gigabytes
 * of these lines.
 */
static bool fast_hex_line(struct reader *r)
{
	const char *hex = hex_lower;
	unsigned int off = r->next_off, digits = off < 0x100 ? 2 : 3;
	size_t len = digits + 1 + 16 * 3;
	const char *p = r->buf + r->pos;
	uint8_t b[16];

	if (!r->cur || off >= CFG_SPACE_SIZE || r->end - r->pos <= len ||
	    p[len] != '\n' || p[digits] != ':' ||
	    p[digits - 2] != hex[(off >> 4) & 0xf] ||
	    p[digits - 1] != hex[off & 0xf] ||
	    (digits == 3 && p[0] != hex[off >> 8]))
		return false;
	if (!hex16_decode(p + digits + 1, b))
		return false;
	memcpy(r->cur->bytes + off, b, sizeof(b));
	r->next_off += 16;
	r->pos += len + 1;
	r->lineno++;
	return true;
}

static int read_text(FILE *f, const char *path, struct snapset *ss,
		     dump_device_fn fn, void *ctx)
{
	struct reader *r = xcalloc(1, sizeof(*r));
	size_t first = ss->n, first_meta = ss->n_meta, first_host = ss->n_hosts;
	int ret;

	r->f = f;
	r->path = path;
	r->ss = ss;
	r->fn = fn;
	r->ctx = ctx;
	if (fn)
		r->scratch = xcalloc(1, sizeof(*r->scratch));
	for (;;) {
		if (fast_hex_line(r))
			continue;
		ret = next_line(r);
		if (ret <= 0 || dispatch_line(r))
			break;
	}
	if (ret == 0)
		ret = finish_device(r);
	else
		ret = -1;
	if (!ret && !r->ndev) {
		err_at(path, 0, "no device in file; expected lspci -x/-xxx/-xxxx output");
		ret = -1;
	}
	if (ret) {
		while (ss->n > first)
			snapset_drop_last(ss);
		ss->n_meta = first_meta;
		while (ss->n_hosts > first_host)
			free(ss->hosts[--ss->n_hosts]);
	}
	free(r->scratch);
	free(r);
	return ret;
}

int dump_read_text(FILE *f, const char *path, struct snapset *ss)
{
	return read_text(f, path, ss, NULL, NULL);
}

/* A sysfs path names the function: .../0000:01:00.0/config. */
static void addr_from_path(const char *path, struct cfg_ident *id)
{
	char buf[CFG_PATH_MAX], *dir, *base;
	size_t n;

	snprintf(buf, sizeof(buf), "%s", path);
	base = basename(buf);
	n = pci_addr_parse(base, &id->addr);
	if (n && (!base[n] || base[n] == '.'))
		goto found;
	snprintf(buf, sizeof(buf), "%s", path);
	dir = basename(dirname(buf));
	n = pci_addr_parse(dir, &id->addr);
	if (n && !dir[n])
		goto found;
	memset(&id->addr, 0, sizeof(id->addr));
	return;
found:
	id->has_addr = true;
}

static int read_binary(const unsigned char *buf, size_t len, const char *path,
		       struct snapset *ss, dump_device_fn fn, void *ctx)
{
	struct cfg_snapshot *s;
	int ret;

	if (len > CFG_SPACE_SIZE) {
		err_at(path, 0,
		       "binary config of more than 4096 bytes; expected 64, 256 or 4096");
		return -1;
	}
	if (!valid_len((unsigned int)len)) {
		err_at(path, 0,
		       "binary config of %zu bytes; expected 64, 256 or 4096",
		       len);
		return -1;
	}
	s = fn ? xcalloc(1, sizeof(*s)) : snapset_add(ss);
	memcpy(s->bytes, buf, len);
	s->valid_len = (unsigned int)len;
	snprintf(s->origin.path, sizeof(s->origin.path), "%s", path);
	addr_from_path(path, &s->id);
	cfg_ident_from_bytes(s);
	if (!fn)
		return 0;
	ret = fn(ctx, s);
	free(s);
	return ret;
}

int dump_read_binary(const unsigned char *buf, size_t len, const char *path,
		     struct snapset *ss)
{
	return read_binary(buf, len, path, ss, NULL, NULL);
}

/* Config space always has zero bytes somewhere and text never has a
 * NUL, so a NUL in the first block decides. */
static bool looks_binary(const unsigned char *buf, size_t n)
{
	return memchr(buf, '\0', n) != NULL;
}

static int open_regular(const char *path, FILE **fp)
{
	struct stat st;

	if (stat(path, &st)) {
		err_at(path, 0, "cannot read: %s", strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		err_at(path, 0, "is a directory; expected a dump file");
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		err_at(path, 0, "not a regular file; expected a dump file");
		return -1;
	}
	if (!st.st_size) {
		err_at(path, 0, "empty file; expected lspci -x output or a binary config");
		return -1;
	}
	*fp = fopen(path, "rb");
	if (!*fp) {
		err_at(path, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static bool sniff_line(const char *l)
{
	struct pci_addr addr;
	size_t n = pci_addr_parse(l, &addr);

	return (n && (l[n] == ' ' || !l[n])) || hex_offset(l) >= 0;
}

int dump_file_sniff(const char *path, unsigned int *line)
{
	char buf[CFG_SPACE_SIZE + 1], l[DUMP_LINE_MAX];
	size_t n, at = 0;
	FILE *f = fopen(path, "rb");

	*line = 0;
	if (!f)
		return 1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	if (looks_binary((unsigned char *)buf, n))
		return 1;
	while (at < n) {
		const char *nl = memchr(buf + at, '\n', n - at);
		size_t len = (nl ? (size_t)(nl - buf) : n) - at;

		if (!nl && at && n == sizeof(buf) - 1)
			break;	/* cut by the block: let the reader judge */
		snprintf(l, sizeof(l), "%.*s", (int)len, buf + at);
		at += len + 1;
		++*line;
		if (!l[0] || l[0] == '#' || l[0] == ' ' || l[0] == '\t')
			continue;
		return sniff_line(l);
	}
	return 1;
}

int dump_stream_path(const char *path, struct snapset *ss, dump_device_fn fn,
		     void *ctx)
{
	unsigned char head[CFG_SPACE_SIZE + 1];
	size_t n;
	FILE *f;
	int ret;

	if (open_regular(path, &f))
		return -1;
	n = fread(head, 1, sizeof(head), f);
	if (looks_binary(head, n)) {
		ret = read_binary(head, n, path, ss, fn, ctx);
	} else {
		rewind(f);
		ret = read_text(f, path, ss, fn, ctx);
	}
	fclose(f);
	return ret;
}

int dump_read_path(const char *path, struct snapset *ss)
{
	return dump_stream_path(path, ss, NULL, NULL);
}
