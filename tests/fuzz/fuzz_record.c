// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_record.c - the record format ('scan --record'): metadata, host
 * and probe lines around lspci hex lines.  What the reader accepts is
 * written back with emit_record() and read again; the second reading
 * must accept it and give the same functions: same bytes, masks,
 * identity and sysfs facts.
 */
#include <string.h>

#include "emit_record.h"
#include "fuzz.h"
#include "source_dump.h"

static int read_all(FILE *f, const char *name, struct snapset *ss)
{
	snapset_init(ss);
	return dump_read_text(f, name, ss) || snapset_finish(ss) ? -1 : 0;
}

/* The functions as a recording: those before the host line, the host
 * line, the rest (source_dump.c takes one host line per file). */
static char *write_all(const struct snapset *ss, size_t *len)
{
	const struct scan_host *h = NULL;
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	size_t i;

	FUZZ_ASSERT(f);
	for (i = 0; i < ss->n; i++) {
		if (ss->v[i]->host && !h) {
			h = ss->v[i]->host;
			emit_record_host(f, h);
		}
		FUZZ_ASSERT(ss->v[i]->host == h);
		emit_record(f, ss->v[i]);
	}
	fclose(f);
	return buf;
}

static void same_facts(const struct cfg_facts *a, const struct cfg_facts *b)
{
	FUZZ_ASSERT(a->have == b->have);
	if (a->have & FACT_CFG_SIZE)
		FUZZ_ASSERT(a->cfg_size == b->cfg_size);
	if (a->have & FACT_DRIVER)
		FUZZ_ASSERT(!strcmp(a->driver, b->driver));
	if (a->have & FACT_IOMMU)
		FUZZ_ASSERT(a->iommu_group == b->iommu_group);
	if (a->have & FACT_NUMA)
		FUZZ_ASSERT(a->numa_node == b->numa_node);
	if (a->have & FACT_VFINDEX)
		FUZZ_ASSERT(a->vfindex == b->vfindex);
	if (a->have & FACT_SRIOV)
		FUZZ_ASSERT(!memcmp(&a->sriov, &b->sriov, sizeof(a->sriov)));
}

static void same_host(const struct scan_host *a, const struct scan_host *b)
{
	FUZZ_ASSERT(!strcmp(a->hostname, b->hostname));
	FUZZ_ASSERT(!strcmp(a->kernel, b->kernel));
	FUZZ_ASSERT(!strcmp(a->product, b->product));
	FUZZ_ASSERT(!strcmp(a->time, b->time) && !strcmp(a->tool, b->tool));
}

static void same_function(const struct cfg_snapshot *a,
			  const struct cfg_snapshot *b)
{
	unsigned int n = a->valid_len;

	FUZZ_ASSERT(!pci_addr_cmp(&a->id.addr, &b->id.addr));
	FUZZ_ASSERT(n == b->valid_len && a->probe == b->probe);
	FUZZ_ASSERT(!memcmp(a->bytes, b->bytes, n));
	FUZZ_ASSERT(!memcmp(a->vol, b->vol, n) && !memcmp(a->rw, b->rw, n));
	FUZZ_ASSERT(a->id.vendor == b->id.vendor && a->id.device == b->id.device);
	FUZZ_ASSERT(a->id.class == b->id.class && a->id.kind == b->id.kind);
	FUZZ_ASSERT(a->id.has_physfn == b->id.has_physfn);
	if (a->id.has_physfn)
		FUZZ_ASSERT(!pci_addr_cmp(&a->id.physfn, &b->id.physfn));
	same_facts(&a->facts, &b->facts);
	FUZZ_ASSERT(!a->host == !b->host);
	if (a->host)
		same_host(a->host, b->host);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct snapset one, two;
	char *text;
	size_t len, i;
	FILE *f, *g;

	f = fmemopen((void *)data, size, "r");
	if (!f)
		return 0;
	if (!read_all(f, "fuzz.rec", &one)) {
		text = write_all(&one, &len);
		g = fmemopen(text, len, "r");
		FUZZ_ASSERT(g && !read_all(g, "fuzz-again.rec", &two));
		FUZZ_ASSERT(one.n == two.n);
		for (i = 0; i < one.n; i++)
			same_function(one.v[i], two.v[i]);
		fclose(g);
		free(text);
		snapset_free(&two);
	}
	snapset_free(&one);
	fclose(f);
	return 0;
}
