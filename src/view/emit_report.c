// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * emit_report.c - the HTML report: an index of every device key and a
 * page per key with its picture, its evidence and the rows it puts in
 * the generated tables.
 *
 * Static HTML and inline SVG with one inline style sheet: it opens from
 * a file, needs no server, loads nothing from elsewhere and runs no
 * script.  The markup is also well-formed XML (void elements closed,
 * the XHTML namespace), so that an XML parser can check every page.  Every page is a pure function of the store's consensus, so
 * the same store writes the same bytes.
 *
 * src/view/: what people see of a function or a key: show's text, JSON
 * and guest view, the maps, the report.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "emit_gen.h"
#include "emit_report.h"
#include "emit_svg.h"
#include "err.h"
#include "version.h"

static const char css[] =
	"body{font-family:sans-serif;margin:1.5em;color:#202020}"
	"table{border-collapse:collapse;margin:0.5em 0}"
	"th,td{border:1px solid #c0c0c0;padding:2px 8px;text-align:left}"
	"th{background:#eeeeee}td.n{text-align:right}"
	".no{color:#a00000;font-weight:bold}.yes{color:#006000}"
	"pre{background:#f6f6f6;padding:6px;overflow-x:auto}"
	".map{overflow-x:auto}";

void report_page_name(const struct dev_key *k, char *buf, size_t len)
{
	snprintf(buf, len, "%04x-%04x-%s.html", k->vendor, k->device,
		 key_kind_name(k->vf));
}

static void page_head(FILE *f, const char *title)
{
	fputs("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n"
	      "<head>\n<meta charset=\"utf-8\"/>\n<title>", f);
	xml_puts(f, title);
	fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n", css);
}

static void page_foot(FILE *f)
{
	fprintf(f, "<p><small>pasid-scan %s</small></p>\n</body>\n</html>\n",
		PASID_SCAN_VERSION);
}

static void offset_cell(FILE *f, const struct vcap_verdict *v)
{
	if (v->offset >= 0)
		fprintf(f, "<td>0x%03x</td>", v->offset);
	else
		fprintf(f, "<td class=\"no\">none</td>");
}

/* The verdict, marked for what it asks of the consumer: another offset
 * or none is a row in the tables; not known is no answer at all. */
static void verdict_cell(FILE *f, const struct dev_key *k)
{
	enum verdict v = k->verdict.verdict;

	fprintf(f, "<td class=\"%s\">%s</td>",
		verdict_needs_row(v) || v == VERDICT_NOT_KNOWN ? "no" : "yes",
		verdict_name(v));
}

static void index_row(FILE *f, const struct dev_key *k)
{
	char page[64], key[KEY_STRLEN];
	int i;

	report_page_name(k, page, sizeof(page));
	key_format(k->vendor, k->device, k->vf, key);
	fprintf(f, "<tr><td><a href=\"%s\">%s</a></td><td>", page, key);
	xml_puts(f, k->name[0] ? k->name : "unknown device");
	fputs("</td>", f);
	verdict_cell(f, k);
	for (i = 0; i < VCAP_N; i++)
		offset_cell(f, &k->place[i]);
	fprintf(f, "<td class=\"n\">%u</td><td class=\"n\">%u</td>"
		"<td class=\"n\">%u</td><td class=\"n\">%u</td>"
		"<td class=\"n\">%zu</td><td class=\"n\">%u</td>",
		k->n_obs, k->n_fate[GUEST_NOT_KNOWN], k->n_hosts, k->n_probed,
		k->n_caps, k->n_hidden);
	fputs("</tr>\n", f);
}

static void verdict_counts(FILE *f, const struct key_set *ks)
{
	unsigned int n[VERDICT_N];
	int v;

	key_set_verdicts(ks, n);
	fputs("<table>\n<tr><th>Verdict</th><th>Keys</th></tr>\n", f);
	for (v = 0; v < VERDICT_N; v++)
		fprintf(f, "<tr><td>%s</td><td class=\"n\">%u</td></tr>\n",
			verdict_name(v), n[v]);
	fputs("</table>\n", f);
}

void emit_report_index(FILE *f, const struct key_set *ks)
{
	size_t i;

	page_head(f, "pasid-scan report");
	fprintf(f, "<h1>Where a virtual PASID capability can go</h1>\n"
		"<p>%zu device key%s from %u observation%s in %u scan%s.  QEMU 11 "
		"adds a vPASID (with iommufd and a vIOMMU that offers PASID) at "
		"0x%03x unless x-vpasid-cap-offset says otherwise.  A key whose "
		"verdict is other-offset or no-safe-offset has a row in the "
		"generated tables; a key that is not known has no whole read, and "
		"nothing says its default is safe.</p>\n",
		ks->n, plural(ks->n), key_set_observations(ks),
		plural(key_set_observations(ks)), ks->n_scans, plural(ks->n_scans),
		QEMU_VPASID_DEFAULT);
	verdict_counts(f, ks);
	fputs("<table>\n<tr><th>Key</th><th>Name</th><th>Verdict</th>"
	      "<th>vPASID</th><th>vPRI</th><th>vATS</th>"
	      "<th>Observations</th><th>Undecided (partial)</th><th>Hosts</th>"
	      "<th>Write-probed</th><th>Capabilities</th><th>Hidden regions</th>"
	      "</tr>\n", f);
	for (i = 0; i < ks->n; i++)
		index_row(f, ks->v[i]);
	fputs("</table>\n", f);
	page_foot(f);
}

static void fact_row(FILE *f, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fact_row(FILE *f, const char *name, const char *fmt, ...)
{
	va_list ap;

	fprintf(f, "<tr><th>%s</th><td>", name);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputs("</td></tr>\n", f);
}

static void placement_rows(FILE *f, const struct dev_key *k)
{
	int i;

	for (i = 0; i < VCAP_N; i++) {
		const struct vcap_verdict *v = &k->place[i];

		fprintf(f, "<tr><th>%s</th><td>", vcap_types[i].label);
		if (v->offset >= 0)
			fprintf(f, "0x%03x: ", v->offset);
		else
			fputs("none: ", f);
		xml_puts(f, vcap_reason_text(v->reason));
		fputs("</td></tr>\n", f);
	}
}

static void verdict_row(FILE *f, const struct dev_key *k)
{
	char text[320];

	fprintf(f, "<tr><th>Verdict</th><td><span class=\"%s\">%s</span>: ",
		verdict_needs_row(k->verdict.verdict) ||
		k->verdict.verdict == VERDICT_NOT_KNOWN ? "no" : "yes",
		verdict_name(k->verdict.verdict));
	xml_puts(f, verdict_text(&k->verdict, &k->place[VCAP_PASID], text,
				 sizeof(text)));
	fputs("</td></tr>\n", f);
}

static void chain_row(FILE *f, const struct dev_key *k, bool ext)
{
	size_t n = key_chain_variants(k, ext);

	if (n > 1)
		fact_row(f, ext ? "Extended chains" : "Standard chains",
			 "<span class=\"no\">%zu different</span> among the whole reads", n);
}

static void facts(FILE *f, const struct dev_key *k)
{
	fputs("<table>\n", f);
	verdict_row(f, k);
	fact_row(f, "Observations", "%u (%u write-probed): QEMU would extend %u, "
		 "not extend %u, not assign %u; %u partial reads decide nothing",
		 k->n_obs, k->n_probed, k->n_fate[GUEST_EXTENDED],
		 k->n_fate[GUEST_NO_VPASID], k->n_fate[GUEST_NOT_ASSIGNABLE],
		 k->n_fate[GUEST_NOT_KNOWN]);
	fact_row(f, "Hosts", "%u named, %u dump%s without a host", k->n_hosts,
		 k->n_unnamed, plural(k->n_unnamed));
	fact_row(f, "Extended space", "%s", ext_space_name(k->ext));
	chain_row(f, k, false);
	chain_row(f, k, true);
	placement_rows(f, k);
	fputs("</table>\n", f);
}

static void caps_table(FILE *f, const struct dev_key *k)
{
	size_t i;

	fputs("<h3>Capabilities</h3>\n<table>\n<tr><th>Offset</th><th>ID</th>"
	      "<th>Space</th><th>Name</th><th>Linked</th><th>Size</th>"
	      "<th>Observations</th></tr>\n", f);
	for (i = 0; i < k->n_caps; i++) {
		const struct key_cap *c = &k->caps[i];
		struct cap cp = { .off = c->off, .id = c->id, .ext = c->ext };
		char buf[CELL_NAME_MAX];

		fprintf(f, "<tr><td>0x%03x</td><td>0x%02x</td><td>%s</td><td>",
			c->off, c->id, c->ext ? "extended" : "standard");
		xml_puts(f, cap_display_name(&cp, buf, sizeof(buf)));
		fprintf(f, "</td><td>%s</td><td class=\"n\">0x%x</td><td class=\"n\">%u</td></tr>\n",
			c->orphan ? "no (orphan)" : "yes", c->size, c->n_obs);
	}
	fputs("</table>\n", f);
}

static void regions_table(FILE *f, const char *title, const struct region *r,
			  unsigned int n, bool evidence)
{
	unsigned int i;

	fprintf(f, "<h3>%s</h3>\n", title);
	if (!n) {
		fputs("<p>None.</p>\n", f);
		return;
	}
	fprintf(f, "<table>\n<tr><th>Offset</th><th>Size</th>%s</tr>\n",
		evidence ? "<th>Evidence</th>" : "");
	for (i = 0; i < n; i++) {
		fprintf(f, "<tr><td>0x%03x</td><td class=\"n\">0x%x</td>", r[i].off,
			r[i].size);
		if (evidence) {
			/* A key's region carries OCC_* bits. */
			fputs("<td>", f);
			occ_puts(f, r[i].evidence & OCC_HIDDEN);
			fputs("</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
}

/* What an emitter writes for k, escaped into a <pre>. */
static int pre(FILE *f, int (*emit)(FILE *mf, const struct dev_key *k),
	       const struct dev_key *k)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mf = open_memstream(&buf, &len);
	int ret;

	if (!mf) {
		err_msg("report: out of memory");
		return -1;
	}
	ret = emit(mf, k);
	if (fclose(mf) || ret) {
		free(buf);
		return -1;
	}
	fputs("<pre>", f);
	xml_puts(f, buf);
	fputs("</pre>\n", f);
	free(buf);
	return 0;
}

static int kernel_rows(FILE *f, const struct dev_key *k)
{
	fprintf(f, "/* pasid_scan_vpasid_%s_ids[] */\n", key_kind_name(k->vf));
	emit_kernel_id_row(f, k);
	fputs("/* pasid_scan_free_ranges[] */\n", f);
	emit_kernel_free_rows(f, k);
	return 0;
}

static int qemu_row(FILE *f, const struct dev_key *k)
{
	emit_qemu_row(f, k);
	return 0;
}

static const char *rows_text(enum verdict v)
{
	if (verdict_needs_row(v))
		return "QEMU's default is not safe here, so the key has rows in "
		       "every table gen writes.";
	if (v == VERDICT_DEFAULT_SAFE)
		return "QEMU's default is safe here: the key has rows in the kernel "
		       "and QEMU tables only when gen writes them with --all "
		       "(these), and always in the offset map.";
	return "The key has no row in the kernel and QEMU tables (nothing there "
	       "is for it to use) and its verdict in the offset map.";
}

static int generated_rows(FILE *f, const struct dev_key *k)
{
	fprintf(f, "<h2>Rows in the generated tables</h2>\n<p>%s</p>\n",
		rows_text(k->verdict.verdict));
	if (!verdict_needs_row(k->verdict.verdict) &&
	    k->verdict.verdict != VERDICT_DEFAULT_SAFE) {
		fputs("<h3>YAML offset map</h3>\n", f);
		return pre(f, emit_yaml_key, k);
	}
	fputs("<h3>Kernel header</h3>\n", f);
	if (pre(f, kernel_rows, k))
		return -1;
	fputs("<h3>QEMU table</h3>\n", f);
	if (pre(f, qemu_row, k))
		return -1;
	fputs("<h3>YAML offset map</h3>\n", f);
	return pre(f, emit_yaml_key, k);
}

int emit_report_key(FILE *f, const struct dev_key *k, const struct cell_map *m,
		    const struct cell_map *pf)
{
	char title[KEY_NAME_MAX + 32];

	snprintf(title, sizeof(title), "%04x:%04x %s %s", k->vendor, k->device,
		 key_kind_name(k->vf), k->name[0] ? k->name : "unknown device");
	page_head(f, title);
	fputs("<p><a href=\"index.html\">All device keys</a></p>\n<h1>", f);
	xml_puts(f, title);
	fputs("</h1>\n", f);
	facts(f, k);
	fputs("<h2>Map</h2>\n<p>Hover over a cell for its offset, value and owner.</p>\n"
	      "<div class=\"map\">\n", f);
	emit_svg(f, m, pf, true);
	fputs("</div>\n<h2>Evidence</h2>\n", f);
	caps_table(f, k);
	regions_table(f, "Hidden registers", k->hidden, k->n_hidden, true);
	regions_table(f, "Free windows", k->free, k->n_free, false);
	if (generated_rows(f, k))
		return -1;
	page_foot(f);
	return 0;
}
