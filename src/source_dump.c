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
 */
#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "err.h"
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
};

/* 1: a line; 0: end of file; -1: refused. */
static int next_line(struct reader *r)
{
	int c;

	r->len = 0;
	r->lineno++;
	while ((c = getc_unlocked(r->f)) != EOF && c != '\n') {
		if (c == '\0') {
			err_at(r->path, r->lineno, "NUL byte in a text dump");
			return -1;
		}
		if (c == '\r') {
			err_at(r->path, r->lineno,
			       "carriage return in line (CRLF line endings?); expected LF-only text");
			return -1;
		}
		if (r->len == DUMP_LINE_MAX) {
			err_at(r->path, r->lineno,
			       "line longer than %d characters", DUMP_LINE_MAX);
			return -1;
		}
		r->line[r->len++] = (char)c;
	}
	r->line[r->len] = '\0';
	if (ferror(r->f)) {
		err_at(r->path, r->lineno, "read error: %s", strerror(errno));
		return -1;
	}
	return c == EOF && !r->len ? 0 : 1;
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

/* One "key=value" token; unknown keys are kept for later versions. */
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
	}
	return 0;
}

int dump_parse_meta(const char *text, struct snap_meta *m)
{
	char buf[DUMP_LINE_MAX + 1], *tok, *save = NULL;
	const char *vf_of;

	snprintf(buf, sizeof(buf), "%s", text);
	for (tok = strtok_r(buf, " \t", &save); tok;
	     tok = strtok_r(NULL, " \t", &save))
		if (meta_token(tok, m))
			return -1;
	/* The lab recordings say "SR-IOV VF of dddd:bb:dd.f". */
	vf_of = strstr(text, "VF of ");
	if (vf_of && pci_addr_parse(vf_of + 6, &m->physfn))
		m->fields |= META_PHYSFN;
	return 0;
}

static int meta_line(struct reader *r)
{
	const char *p = r->line + strlen(META_PREFIX);
	struct snap_meta m;
	size_t n;

	memset(&m, 0, sizeof(m));
	while (*p == ' ')
		p++;
	n = pci_addr_parse(p, &m.addr);
	if (!n || (p[n] && p[n] != ' ')) {
		err_at(r->path, r->lineno,
		       "metadata line does not start with a function address (dddd:bb:dd.f)");
		return -1;
	}
	if (dump_parse_meta(p + n, &m)) {
		err_at(r->path, r->lineno,
		       "bad metadata value; expected vendor=0xNNNN device=0xNNNN class=0xNNNNNN physfn=dddd:bb:dd.f kind=fn|pf|vf");
		return -1;
	}
	snprintf(m.origin.path, sizeof(m.origin.path), "%s", r->path);
	m.origin.line = r->lineno;
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
	return 0;
}

/* "bb:dd.f text" or "dddd:bb:dd.f text"; text follows the address. */
static int device_header(struct reader *r, const struct pci_addr *addr,
			 const char *text)
{
	struct cfg_snapshot *s;
	struct snap_meta m;

	if (finish_device(r))
		return -1;
	s = snapset_add(r->ss);
	s->id.addr = *addr;
	s->id.has_addr = true;
	snprintf(s->origin.path, sizeof(s->origin.path), "%s", r->path);
	s->origin.line = r->lineno;
	r->cur = s;
	r->next_off = 0;
	r->ndev++;
	/* The lab recordings carry the sysfs facts in the header text. */
	memset(&m, 0, sizeof(m));
	if (strncmp(text, " sysfs ", 7))
		return 0;
	m.addr = s->id.addr;
	m.origin = s->origin;
	if (dump_parse_meta(text + 7, &m)) {
		err_at(r->path, r->lineno, "bad sysfs value in device header");
		return -1;
	}
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

int dump_read_text(FILE *f, const char *path, struct snapset *ss)
{
	struct reader *r = xcalloc(1, sizeof(*r));
	size_t first = ss->n, first_meta = ss->n_meta;
	int ret;

	r->f = f;
	r->path = path;
	r->ss = ss;
	while ((ret = next_line(r)) > 0)
		if (dispatch_line(r))
			break;
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
	}
	free(r);
	return ret;
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

int dump_read_binary(const unsigned char *buf, size_t len, const char *path,
		     struct snapset *ss)
{
	struct cfg_snapshot *s;

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
	s = snapset_add(ss);
	memcpy(s->bytes, buf, len);
	s->valid_len = (unsigned int)len;
	snprintf(s->origin.path, sizeof(s->origin.path), "%s", path);
	addr_from_path(path, &s->id);
	cfg_ident_from_bytes(s);
	return 0;
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

int dump_read_path(const char *path, struct snapset *ss)
{
	unsigned char head[CFG_SPACE_SIZE + 1];
	size_t n;
	FILE *f;
	int ret;

	if (open_regular(path, &f))
		return -1;
	n = fread(head, 1, sizeof(head), f);
	if (looks_binary(head, n)) {
		ret = dump_read_binary(head, n, path, ss);
	} else {
		rewind(f);
		ret = dump_read_text(f, path, ss);
	}
	fclose(f);
	return ret;
}
