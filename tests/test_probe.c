// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_probe.c - read and write probing against an emulated function.
 *
 * No real part here has writable hidden registers, so this one is
 * emulated.  What it models, each from what real devices do:
 *   - a PCIe endpoint's header and capabilities (PCIe at 0x40, ARI at
 *     0x100, DSN at 0x150): read-only here; probing must never write them;
 *   - 0x0a0: a scratch register that reads zero and takes any write (RW);
 *   - 0x0a4: a control register 0xabcd1234, bits 15:0 RW, 31:16 read-only;
 *   - 0x0a8: a status register whose bits 3:0 are write-1-to-clear, with
 *     bits 1 and 3 set (PCIe r6.0 sec 7.4: RW1C): a restore that wrote
 *     the original value back would clear them (not bit 0 and 2: 0x05
 *     reads as an unlinked MSI capability, which layout.c rightly takes);
 *   - 0x200: a free-running counter in bits 7:0, +1 on every read;
 *   - 0x300: a write-only index (reads zero) whose bits 3:0 pick the word
 *     of an internal table that 0x304 shows read-only, as indirect
 *     register windows do; word 0 is zero, so at rest both read zero;
 *   - everything else: read-only zero.
 * The emulation lives in shared memory so that a forked prober can be
 * killed with SIGKILL at any write and the parent restore after it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "cfgbuild.h"
#include "layout.h"
#include "probe.h"
#include "probe_journal.h"
#include "source_dump.h"
#include "emit_record.h"
#include "filter.h"
#include "store_ingest.h"
#include "store_load.h"

#define SCRATCH		0x0a0
#define CTRL		0x0a4
#define  CTRL_RW	0x0000ffffu
#define STATUS		0x0a8
#define  STATUS_W1C	0x0000000fu
#define COUNTER		0x200
#define INDEX		0x300
#define DATA		0x304
#define FREE_REG	0x400

#define MAX_WRITES	8192

struct emu {
	struct cfg_snapshot img;	/* the read-only image */
	uint32_t scratch, ctrl, status, counter, index;
	uint32_t table[16];
	unsigned int n_writes;
	unsigned int kill_at;		/* SIGKILL at this write (1-based) */
	bool kill_after;		/* ...once the write has landed */
	unsigned int term_at;		/* raise SIGTERM at this write */
	unsigned int bad_writes;	/* outside the planned gap dwords */
	unsigned int unjournalled;	/* with no journal row for them */
	uint8_t plan[CFG_SPACE_SIZE / 4];
	sqlite3 *watch;			/* reads the journal as it is written */
};

static struct emu *emu;
static char dir[64], dbpath[96];

static uint32_t emu_read32(unsigned int off)
{
	switch (off) {
	case SCRATCH:
		return emu->scratch;
	case CTRL:
		return emu->ctrl;
	case STATUS:
		return emu->status;
	case COUNTER:
		return emu->counter = (emu->counter & ~0xffu) |
				      ((emu->counter + 1) & 0xff);
	case INDEX:
		return 0;
	case DATA:
		return emu->table[emu->index & 0xf];
	default:
		return cfg_le32(&emu->img, off);
	}
}

static void emu_write32(unsigned int off, uint32_t v)
{
	switch (off) {
	case SCRATCH:
		emu->scratch = v;
		break;
	case CTRL:
		emu->ctrl = (emu->ctrl & ~CTRL_RW) | (v & CTRL_RW);
		break;
	case STATUS:
		emu->status &= ~(v & STATUS_W1C);
		break;
	case INDEX:
		emu->index = v;
		break;
	default:
		break;	/* read-only */
	}
}

static int io_read(struct probe_io *io, unsigned int off, uint8_t *buf,
		   unsigned int len)
{
	unsigned int o;

	(void)io;
	for (o = off & ~3u; o < off + len; o += 4) {
		uint32_t v = emu_read32(o);
		unsigned int b;

		for (b = 0; b < 4; b++)
			if (o + b >= off && o + b < off + len)
				buf[o + b - off] = (uint8_t)(v >> (8 * b));
	}
	return 0;
}

/* Is there a committed journal row for this dword right now? */
static bool journalled(unsigned int off)
{
	sqlite3_stmt *q;
	bool yes;

	if (!emu->watch)
		return true;
	assert_int_equal(sqlite3_prepare_v2(emu->watch,
		"SELECT count(*) FROM probe_writes WHERE off = ?1", -1, &q,
		NULL), SQLITE_OK);
	sqlite3_bind_int(q, 1, (int)off);
	yes = sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int(q, 0) > 0;
	sqlite3_finalize(q);
	return yes;
}

static int io_write32(struct probe_io *io, unsigned int off, uint32_t v)
{
	(void)io;
	emu->n_writes++;
	if (!emu->plan[off / 4] || off & 3)
		emu->bad_writes++;
	if (!journalled(off))
		emu->unjournalled++;
	if (emu->n_writes == emu->kill_at && !emu->kill_after)
		raise(SIGKILL);
	emu_write32(off, v);
	if (emu->n_writes == emu->kill_at)
		raise(SIGKILL);
	if (emu->n_writes == emu->term_at)
		raise(SIGTERM);
	return 0;
}

static struct probe_io emu_io = { .read = io_read, .write32 = io_write32 };

/* The device at power-on. */
static void emu_reset(void)
{
	struct cfg_snapshot *s = &emu->img;

	memset(emu, 0, sizeof(*emu));
	cb_pcie_endpoint(s, 0x8086, 0x1234);
	cb_ext(s, 0x100, PCI_EXT_CAP_ID_ARI, 0x150);
	cb_ext(s, 0x150, PCI_EXT_CAP_ID_DSN, 0);
	cb_w32(s, 0x154, 0x01234567);
	emu->ctrl = 0xabcd1234;
	emu->status = 0xa;
	emu->counter = 0x40;
	emu->table[15] = 0xdeadbeef;
}

/* Registers that must read as at power-on after any probe (the counter
 * counts on, as it would). */
static void assert_restored(void)
{
	assert_int_equal(emu->scratch, 0);
	assert_int_equal(emu->ctrl, 0xabcd1234);
	assert_int_equal(emu->status, 0xa);
	assert_int_equal(emu->index & 0xf, 0);
}

/* What a live scan would give: one read of the function. */
static void snap(struct cfg_snapshot *s)
{
	cfg_init(s);
	s->valid_len = CFG_SPACE_SIZE;
	s->id.has_addr = true;
	s->id.addr.bus = 0x3b;
	io_read(&emu_io, 0, s->bytes, CFG_SPACE_SIZE);
	cfg_ident_from_bytes(s);
}

static void read_probe(struct cfg_snapshot *s)
{
	unsigned int r;

	for (r = 1; r < PROBE_READ_ROUNDS; r++)
		assert_int_equal(probe_read_again(&emu_io, s), 0);
}

static int setup(void **state)
{
	(void)state;
	emu = mmap(NULL, sizeof(*emu), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (emu == MAP_FAILED)
		return -1;
	emu_reset();
	snprintf(dir, sizeof(dir), "/tmp/pasid-scan-probe.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(dbpath, sizeof(dbpath), "%s/j.db", dir);
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	munmap(emu, sizeof(*emu));
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

/* Each kind of bit, each starting value: pattern, then restore. */
static void test_restore_value(void **state)
{
	enum { RW, RO, W1C } kinds[] = { RW, RO, W1C };
	unsigned int k, orig;

	(void)state;
	for (k = 0; k < 3; k++) {
		for (orig = 0; orig <= 1; orig++) {
			unsigned int bit = orig, w;

			w = probe_pattern(orig) & 1;
			bit = kinds[k] == RW ? w : kinds[k] == W1C && w ? 0 : bit;
			w = probe_restore_value(orig, bit) & 1;
			bit = kinds[k] == RW ? w : kinds[k] == W1C && w ? 0 : bit;
			assert_int_equal(bit, orig);
			/* no 1 lands on a set bit that did not move */
			if (kinds[k] != RW && orig)
				assert_int_equal(probe_restore_value(orig, orig) & 1, 0);
		}
	}
}

static void test_read_probe_finds_counter(void **state)
{
	struct cfg_snapshot *s = calloc(1, sizeof(*s));
	unsigned int b;

	(void)state;
	snap(s);
	assert_int_equal(s->probe, PROBE_NONE);
	read_probe(s);
	assert_int_equal(s->probe, PROBE_READ);
	for (b = 0; b < CFG_SPACE_SIZE; b++)
		assert_int_equal(s->vol[b], b == COUNTER ? 0xff : 0);
	free(s);
}

static bool region_has(const struct region *r, unsigned int n,
		       unsigned int off, uint8_t evidence)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (off >= r[i].off && off < r[i].off + r[i].size)
			return (r[i].evidence & evidence) == evidence;
	return false;
}

/* Read, read-probe, plan: the state a write probe starts from. */
static struct layout *prepare(struct cfg_snapshot *s)
{
	struct layout *l = calloc(1, sizeof(*l));

	emu_reset();
	snap(s);
	read_probe(s);
	layout_build(s, l);
	probe_plan(s, l, emu->plan);
	return l;
}

/* A prober ready to run: the function read and read-probed, its plan
 * made, the store and its journal open. */
struct run {
	struct cfg_snapshot *s;
	struct layout *l;
	struct store *db;
	struct probe_journal *j;
	struct probe_stats st;
};

static void run_start(struct run *r)
{
	r->s = calloc(1, sizeof(*r->s));
	r->l = prepare(r->s);
	r->db = store_open(dbpath, STORE_WRITE);
	assert_non_null(r->db);
	r->j = journal_open(r->db, "/emulated");
	assert_non_null(r->j);
}

static int run_probe(struct run *r)
{
	return probe_write(&emu_io, r->s, r->l, r->j, &r->st);
}

static void run_end(struct run *r)
{
	journal_close(r->j);
	store_close(r->db);
	free(r->l);
	free(r->s);
}

static void test_write_probe_finds_all(void **state)
{
	struct run r;
	struct cfg_snapshot *s;
	struct layout *l;

	(void)state;
	run_start(&r);
	s = r.s;
	l = r.l;
	/* the read alone: zero-reading registers look free */
	assert_true(layout_is_free(l, SCRATCH, 4));
	assert_true(layout_is_free(l, INDEX, 8));
	assert_int_equal(sqlite3_open_v2(dbpath, &emu->watch,
					 SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(run_probe(&r), 0);
	sqlite3_close(emu->watch);
	emu->watch = NULL;

	assert_int_equal(s->probe, PROBE_WRITE);
	assert_int_equal(emu->bad_writes, 0);
	assert_int_equal(emu->unjournalled, 0);
	assert_int_equal(r.st.written, r.st.planned);
	assert_int_equal(journal_pending(r.db), 0);
	assert_restored();
	/* what each register showed */
	assert_int_equal(s->rw[SCRATCH] | s->rw[SCRATCH + 3], 0xff);
	assert_int_equal(s->rw[CTRL] & s->rw[CTRL + 1], 0xff);
	assert_int_equal(s->rw[CTRL + 2] | s->rw[CTRL + 3], 0);
	assert_int_equal(s->rw[STATUS], 0);
	assert_int_equal(s->rw[COUNTER], 0);
	assert_int_equal(s->rw[INDEX], 0xff);
	assert_true(s->rw[DATA] | s->rw[DATA + 1] | s->rw[DATA + 2] | s->rw[DATA + 3]);
	assert_int_equal(r.st.side, 1);
	assert_int_equal(s->rw[FREE_REG], 0);

	/* and so the layout: every hidden register found, the rest free */
	layout_build(s, l);
	assert_true(region_has(l->hidden, l->n_hidden, SCRATCH, EVID_WRITABLE));
	assert_true(region_has(l->hidden, l->n_hidden, CTRL, EVID_WRITABLE | EVID_NONZERO));
	assert_true(region_has(l->hidden, l->n_hidden, STATUS, EVID_NONZERO));
	assert_true(region_has(l->hidden, l->n_hidden, COUNTER, EVID_VOLATILE));
	assert_true(region_has(l->hidden, l->n_hidden, INDEX, EVID_WRITABLE));
	assert_true(region_has(l->hidden, l->n_hidden, DATA, EVID_WRITABLE));
	assert_true(layout_is_free(l, FREE_REG, 4));
	assert_true(layout_is_free(l, 0xff8, 8));
	run_end(&r);
}

/* The prober in a child, killed by SIGKILL at write n. */
static void probe_killed_at(unsigned int n, bool after)
{
	pid_t pid;
	int status;

	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		struct run r;

		run_start(&r);
		emu->kill_at = n;
		emu->kill_after = after;
		run_probe(&r);
		_exit(3);	/* not reached if n is within the probe */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGKILL);
}

/* What 'pasid-scan restore' does, against the emulated function. */
static void restore_from_journal(void)
{
	struct store *db = store_open(dbpath, STORE_READ);
	struct journal_fn *v;
	unsigned int written;
	size_t n;

	assert_non_null(db);
	assert_int_equal(journal_load(db, &v, &n), 0);
	assert_int_equal(n, 1);
	assert_true(v[0].b.n_armed >= 1);
	assert_int_equal(probe_restore(&emu_io, &v[0].b, &written), 0);
	assert_int_equal(journal_forget(db, v[0].id), 0);
	assert_int_equal(journal_pending(db), 0);
	free(v);
	store_close(db);
}

/*
 * Killed at write n, before or after it lands, then restored: every
 * register as at power-on.  The points cover the first writes, both
 * halves of a pair, the write-1-to-clear and index registers' pairs
 * (and the settling of the window the index moved), and late dwords.
 */
static void test_kill_then_restore(void **state)
{
	static const unsigned int points[] = {
		1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 40, 121, 500, 771,
	};
	unsigned int i, total, index_write;
	struct run r;

	(void)state;
	/* a whole run first, to know how many writes there are */
	run_start(&r);
	assert_int_equal(run_probe(&r), 0);
	total = emu->n_writes;
	run_end(&r);
	index_write = 0;
	for (i = 0; i < INDEX / 4; i++)
		index_write += emu->plan[i] * 2;
	for (i = 0; i < sizeof(points) / sizeof(points[0]) + 6; i++) {
		unsigned int n = i < sizeof(points) / sizeof(points[0]) ?
				 points[i] :
				 index_write + (i - sizeof(points) / sizeof(points[0]));

		assert_true(n <= total);
		probe_killed_at(n, i & 1);
		restore_from_journal();
		assert_restored();
	}
}

/* SIGTERM in the middle of a pair waits for its restore. */
static void test_signal_held_during_pair(void **state)
{
	pid_t pid;
	int status;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		struct run r;
		int ret;

		run_start(&r);
		probe_signals_install();
		emu->term_at = 7;	/* a pattern write */
		ret = run_probe(&r);
		ret = ret == 1 && probe_stop_signal() == SIGTERM &&
		      emu->n_writes == 8 && journal_pending(r.db) == 0 &&
		      r.s->probe == PROBE_READ ? 0 : 1;
		run_end(&r);
		_exit(ret);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_restored();
}

static void test_dry_run(void **state)
{
	struct cfg_snapshot *s = calloc(1, sizeof(*s));
	struct layout *l = prepare(s);
	unsigned int lines = 0, planned = 0, i;
	char *text = NULL, *p;
	size_t len;
	FILE *f = open_memstream(&text, &len);

	(void)state;
	probe_dry_run(f, s, l);
	fclose(f);
	assert_int_equal(emu->n_writes, 0);
	for (i = 0; i < CFG_SPACE_SIZE / 4; i++)
		planned += emu->plan[i];
	for (p = text; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, planned);
	assert_non_null(strstr(text,
		"0000:3b:00.0 0a4.L=5432edcb, then 0a4.L=abcd1234 (reads abcd1234)\n"));
	/* never the header, a capability or past the space */
	assert_null(strstr(text, " 000.L"));
	assert_null(strstr(text, " 040.L"));
	assert_null(strstr(text, " 100.L"));
	assert_null(strstr(text, " 150.L"));
	free(text);
	free(l);
	free(s);
}

/* The masks survive a recording and the store unchanged. */
static void test_masks_round_trip(void **state)
{
	struct run r;
	struct cfg_snapshot *s;
	struct snapset ss, back;
	struct ingest_result res;
	struct fn_filter all;
	char *text = NULL;
	size_t len;
	FILE *f;

	(void)state;
	run_start(&r);
	s = r.s;
	assert_int_equal(run_probe(&r), 0);
	f = open_memstream(&text, &len);
	emit_record(f, s);
	fclose(f);
	snapset_init(&ss);
	f = fmemopen(text, len, "r");
	assert_int_equal(dump_read_text(f, "mem.rec", &ss), 0);
	fclose(f);
	assert_int_equal(snapset_finish(&ss), 0);
	assert_int_equal(ss.n, 1);
	assert_int_equal(ss.v[0]->probe, PROBE_WRITE);
	assert_memory_equal(ss.v[0]->vol, s->vol, CFG_SPACE_SIZE);
	assert_memory_equal(ss.v[0]->rw, s->rw, CFG_SPACE_SIZE);
	filter_init(&all);
	assert_int_equal(store_ingest(r.db, &ss, &all, "replay", "mem.rec", &res), 0);
	snapset_init(&back);
	assert_int_equal(store_load_scan(r.db, 1, &back), 0);
	assert_int_equal(back.n, 1);
	assert_int_equal(back.v[0]->probe, PROBE_WRITE);
	assert_memory_equal(back.v[0]->vol, s->vol, CFG_SPACE_SIZE);
	assert_memory_equal(back.v[0]->rw, s->rw, CFG_SPACE_SIZE);
	snapset_free(&back);
	snapset_free(&ss);
	free(text);
	run_end(&r);
}

/* One malformed probe line and the one-line error it must give. */
static void bad_record(const char *extra, const char *want)
{
	char text[1024], err[512] = "";
	struct snapset ss;
	FILE *f, *saved = stderr, *e;
	int ret;

	snprintf(text, sizeof(text),
		 "00:01.0 Class 0200: Device 8086:1234\n"
		 "00: 86 80 34 12 00 00 10 00 01 00 00 02 00 00 00 00\n"
		 "10: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n"
		 "20: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n"
		 "30: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n"
		 "%s\n", extra);
	snapset_init(&ss);
	f = fmemopen(text, strlen(text), "r");
	e = fmemopen(err, sizeof(err) - 1, "w");
	stderr = e;
	ret = dump_read_text(f, "bad.rec", &ss);
	stderr = saved;
	fclose(e);
	fclose(f);
	assert_int_equal(ret, -1);
	assert_int_equal(ss.n, 0);
	if (!strstr(err, want))
		fail_msg("got '%s', wanted '%s'", err, want);
	snapset_free(&ss);
}

static void test_bad_probe_lines(void **state)
{
	(void)state;
	bad_record("# pasid-scan: 0000:00:01.0 probe=maybe",
		   "bad.rec:6: bad probe level 'maybe'; expected probe=read or probe=write");
	bad_record("# pasid-scan: 0000:00:01.0 volatile@000=00000000000000000000000000000000",
		   "bad.rec:6: volatile mask row without a probe=read|write line before it");
	bad_record("# pasid-scan: 0000:00:01.0 probe=read\n# pasid-scan: 0000:00:01.0 rw@000=ff000000000000000000000000000000",
		   "bad.rec:7: rw mask row without a probe=write line before it");
	bad_record("# pasid-scan: 0000:00:01.0 probe=read\n# pasid-scan: 0000:00:01.0 volatile@040=ff000000000000000000000000000000",
		   "bad.rec:7: mask row offset not a 16-byte row of the 64 bytes read before it");
	bad_record("# pasid-scan: 0000:00:01.0 probe=read\n# pasid-scan: 0000:00:01.0 volatile@010=0f000000000000000000000000000000",
		   "bad.rec:7: volatile mask byte 0f at 0x010; expected 00 or ff");
	bad_record("# pasid-scan: 0000:00:01.0 probe=write\n# pasid-scan: 0000:00:01.0 rw@010=ff",
		   "bad.rec:7: bad mask row 'rw@010=ff'; expected volatile@OFF= or rw@OFF= and 32 hex digits");
	bad_record("# pasid-scan: 0000:00:02.0 probe=read",
		   "bad.rec:6: probe line outside its device's block");
	bad_record("# pasid-scan: 0000:00:01.0 probe=read\n# pasid-scan: 0000:00:01.0 probe=read",
		   "bad.rec:7: second probe= line for this device; expected one");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_restore_value),
		cmocka_unit_test_setup_teardown(test_read_probe_finds_counter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_probe_finds_all, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kill_then_restore, setup, teardown),
		cmocka_unit_test_setup_teardown(test_signal_held_during_pair, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dry_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_masks_round_trip, setup, teardown),
		cmocka_unit_test(test_bad_probe_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
