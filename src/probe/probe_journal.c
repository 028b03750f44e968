// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * probe_journal.c - the write-probe journal, tables probe_functions and
 * probe_writes (db/schema.sql).
 *
 * Every change is its own committed transaction, made before the write
 * it guards: the store runs WAL with synchronous=FULL (store.c), so a
 * commit that returned is on disk when the device is touched.
 *
 * src/probe/: evidence beyond one read: a function read again, gap
 * dwords written and put back, the journal that makes it undoable.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "err.h"
#include "probe_journal.h"

struct probe_journal {
	struct store *st;
	char *sysfs;
	long long fn;		/* probe_functions.id being probed; 0: none */
	sqlite3_stmt *clear, *arm;
};

static const char clear_sql[] =
	"DELETE FROM probe_writes WHERE function_id = ?1";
static const char arm_sql[] =
	"INSERT OR REPLACE INTO probe_writes (function_id, off, original, pattern) "
	"VALUES (?1, ?2, ?3, ?4)";

struct probe_journal *journal_open(struct store *st, const char *sysfs)
{
	struct probe_journal *j = xcalloc(1, sizeof(*j));

	j->st = st;
	j->sysfs = strdup(sysfs);
	j->clear = store_prepare(st, clear_sql);
	j->arm = store_prepare(st, arm_sql);
	if (!j->sysfs || !j->clear || !j->arm) {
		journal_close(j);
		return NULL;
	}
	return j;
}

void journal_close(struct probe_journal *j)
{
	if (!j)
		return;
	sqlite3_finalize(j->clear);
	sqlite3_finalize(j->arm);
	free(j->sysfs);
	free(j);
}

long long journal_pending(struct store *st)
{
	return store_query_int(st, "SELECT count(*) FROM probe_functions");
}

static void utc_now(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int step_reset(struct probe_journal *j, sqlite3_stmt *q,
		      const char *what)
{
	int rc = sqlite3_step(q);

	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	return rc == SQLITE_DONE ? 0 : store_fail(j->st, what);
}

int journal_begin(struct probe_journal *j, const char *bdf,
		  const uint8_t *bytes, const uint8_t *vol, unsigned int len,
		  const uint8_t *plan)
{
	static const char sql[] =
		"INSERT INTO probe_functions (sysfs, bdf, valid_len, baseline, "
		"volatile_mask, plan, started) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
	sqlite3_stmt *q;
	char now[32];

	utc_now(now, sizeof(now));
	if (store_begin(j->st))
		return -1;
	q = store_prepare(j->st, sql);
	if (!q)
		goto fail;
	sqlite3_bind_text(q, 1, j->sysfs, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, bdf, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 3, (int)len);
	sqlite3_bind_blob(q, 4, bytes, (int)len, SQLITE_STATIC);
	sqlite3_bind_blob(q, 5, vol, (int)len, SQLITE_STATIC);
	sqlite3_bind_blob(q, 6, plan, (int)len / 4, SQLITE_STATIC);
	sqlite3_bind_text(q, 7, now, -1, SQLITE_STATIC);
	if (sqlite3_step(q) != SQLITE_DONE) {
		store_fail(j->st, "journalling a function before probing it");
		sqlite3_finalize(q);
		goto fail;
	}
	sqlite3_finalize(q);
	j->fn = sqlite3_last_insert_rowid(j->st->db);
	return store_commit(j->st, "journalling a function before probing it");
fail:
	store_rollback(j->st);
	return -1;
}

int journal_arm(struct probe_journal *j, unsigned int off, uint32_t orig,
		uint32_t pattern, bool more)
{
	const char *what = "journalling a dword before writing it";

	if (store_begin(j->st))
		return -1;
	if (!more) {
		sqlite3_bind_int64(j->clear, 1, j->fn);
		if (step_reset(j, j->clear, what))
			goto fail;
	}
	sqlite3_bind_int64(j->arm, 1, j->fn);
	sqlite3_bind_int(j->arm, 2, (int)off);
	sqlite3_bind_int64(j->arm, 3, orig);
	sqlite3_bind_int64(j->arm, 4, pattern);
	if (step_reset(j, j->arm, what))
		goto fail;
	return store_commit(j->st, what);
fail:
	store_rollback(j->st);
	return -1;
}

int journal_end(struct probe_journal *j)
{
	int ret = journal_forget(j->st, j->fn);

	j->fn = 0;
	return ret;
}

int journal_forget(struct store *st, long long id)
{
	static const char sql[] = "DELETE FROM probe_functions WHERE id = ?1";
	sqlite3_stmt *q;
	int rc;

	if (store_begin(st))
		return -1;
	q = store_prepare(st, sql);
	if (!q) {
		store_rollback(st);
		return -1;
	}
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		store_fail(st, "clearing the journal");
		store_rollback(st);
		return -1;
	}
	return store_commit(st, "clearing the journal");
}

/* --- reading it back ---------------------------------------------------- */

static int load_blob(struct store *st, sqlite3_stmt *q, int col,
		     uint8_t *out, unsigned int len)
{
	if ((unsigned int)sqlite3_column_bytes(q, col) != len) {
		err_msg("%s: a journalled function whose column %d is not %u bytes",
			st->path, col, len);
		return -1;
	}
	memcpy(out, sqlite3_column_blob(q, col), len);
	return 0;
}

static void copy_text(sqlite3_stmt *q, int col, char *out, size_t len)
{
	const unsigned char *t = sqlite3_column_text(q, col);

	snprintf(out, len, "%s", t ? (const char *)t : "");
}

static int load_fn(struct store *st, sqlite3_stmt *q, struct journal_fn *f)
{
	unsigned int len = (unsigned int)sqlite3_column_int(q, 3);

	f->id = sqlite3_column_int64(q, 0);
	copy_text(q, 1, f->sysfs, sizeof(f->sysfs));
	copy_text(q, 2, f->bdf, sizeof(f->bdf));
	copy_text(q, 7, f->started, sizeof(f->started));
	if (load_blob(st, q, 4, f->bytes, len) ||
	    load_blob(st, q, 5, f->vol, len) ||
	    load_blob(st, q, 6, f->plan, len / 4))
		return -1;
	f->b.len = len;
	return 0;
}

/* b points into its own journal_fn: set once the array stops moving. */
static void point_baseline(struct journal_fn *f)
{
	f->b.bdf = f->bdf;
	f->b.bytes = f->bytes;
	f->b.vol = f->vol;
	f->b.plan = f->plan;
	f->b.armed = f->armed;
}

static int load_armed(struct store *st, struct journal_fn *f)
{
	static const char sql[] =
		"SELECT off, original FROM probe_writes WHERE function_id = ?1 "
		"ORDER BY off";
	sqlite3_stmt *q = store_prepare(st, sql);
	int rc;

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, f->id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW &&
	       f->b.n_armed < CFG_SPACE_SIZE / 4) {
		struct probe_armed *a = &f->armed[f->b.n_armed++];

		a->off = (unsigned int)sqlite3_column_int(q, 0);
		a->orig = (uint32_t)sqlite3_column_int64(q, 1);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(st, "reading the journal");
	return 0;
}

int journal_load(struct store *st, struct journal_fn **v, size_t *n)
{
	static const char sql[] =
		"SELECT id, sysfs, bdf, valid_len, baseline, volatile_mask, plan, "
		"started FROM probe_functions ORDER BY id";
	sqlite3_stmt *q = store_prepare(st, sql);
	size_t alloc = 0, i;
	int rc;

	*v = NULL;
	*n = 0;
	if (!q)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n == alloc) {
			alloc = alloc ? 2 * alloc : 4;
			*v = xreallocarray(*v, alloc, sizeof(**v));
		}
		memset(&(*v)[*n], 0, sizeof(**v));
		if (load_fn(st, q, &(*v)[*n]) || load_armed(st, &(*v)[*n]))
			goto fail;
		(*n)++;
	}
	if (rc != SQLITE_DONE) {
		store_fail(st, "reading the journal");
		goto fail;
	}
	sqlite3_finalize(q);
	for (i = 0; i < *n; i++)
		point_baseline(&(*v)[i]);
	return 0;
fail:
	sqlite3_finalize(q);
	free(*v);
	*v = NULL;
	*n = 0;
	return -1;
}
