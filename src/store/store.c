// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * store.c - open the SQLite store and keep it sound: refuse what is not
 * ours or is newer than us, migrate what is older, check it before
 * writing, and give every writer its own all-or-nothing transaction.
 *
 * src/store/: the SQLite store of every observation from every host.
 */
#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "err.h"
#include "store.h"

bool store_file_is_store(const char *path)
{
	static const char magic[16] = "SQLite format 3";
	char head[sizeof(magic)];
	struct stat sb;
	FILE *f;
	bool is;

	/* A FIFO or device would block or be consumed by the peek. */
	if (stat(path, &sb) || !S_ISREG(sb.st_mode))
		return false;
	f = fopen(path, "rb");
	if (!f)
		return false;
	is = fread(head, 1, sizeof(head), f) == sizeof(head) &&
	     !memcmp(head, magic, sizeof(magic));
	fclose(f);
	return is;
}

const char *store_default_path(void)
{
	const char *p = getenv(STORE_ENV);

	return p && *p ? p : STORE_DEFAULT_PATH;
}

int store_fail(struct store *st, const char *what)
{
	err_msg("%s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
	return -1;
}

sqlite3_stmt *store_prepare(struct store *st, const char *sql)
{
	sqlite3_stmt *stmt;

	if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		store_fail(st, "preparing a statement");
		return NULL;
	}
	return stmt;
}

int store_exec(struct store *st, const char *sql, const char *what)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(st, what);
	return 0;
}

int store_begin(struct store *st)
{
	return store_exec(st, "BEGIN IMMEDIATE", "starting a transaction");
}

int store_commit(struct store *st, const char *what)
{
	if (store_exec(st, "COMMIT", what)) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

void store_rollback(struct store *st)
{
	/* Some errors (SQLITE_FULL, SQLITE_IOERR) already rolled back. */
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

long long store_query_int(struct store *st, const char *sql)
{
	sqlite3_stmt *stmt = store_prepare(st, sql);
	long long v = -1;

	if (!stmt)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int64(stmt, 0);
	else
		store_fail(st, "reading");
	sqlite3_finalize(stmt);
	return v;
}

/* Apply one script in one transaction if the version is still "from"
 * once the write lock is held: two processes opening an old or empty
 * database at once must not both upgrade it. */
static int upgrade_step(struct store *st, unsigned int from, const char *sql,
			const char *what)
{
	long long v;

	if (store_begin(st))
		return -1;
	v = store_query_int(st, "PRAGMA user_version");
	if (v < 0)
		goto fail;
	if ((unsigned long long)v == from &&
	    sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		store_fail(st, what);
		goto fail;
	}
	return store_commit(st, what);
fail:
	store_rollback(st);
	return -1;
}

static int migrate(struct store *st, unsigned int from,
		   const struct store_schema *sch)
{
	const struct store_migration *m;
	char what[64];

	if (st->readonly) {
		err_msg("%s: schema version %u is older than this pasid-scan's %u, "
			"and the file is read-only; open it once where it can be written",
			st->path, from, sch->version);
		return -1;
	}
	for (m = sch->migrations; m->sql; m++) {
		if (m->version <= from)
			continue;
		snprintf(what, sizeof(what), "migrating to schema version %u",
			 m->version);
		if (upgrade_step(st, m->version - 1, m->sql, what))
			return -1;
	}
	if (store_query_int(st, "PRAGMA user_version") != sch->version) {
		err_msg("%s: no migration from schema version %u to %u",
			st->path, from, sch->version);
		return -1;
	}
	return 0;
}

/* The first read: an error here means the file is not SQLite at all,
 * or (-2) that it is in WAL mode where its -shm cannot be made (read-only
 * media: CANTOPEN; a directory this user cannot write: READONLY). */
static long long read_app_id(struct store *st)
{
	sqlite3_stmt *stmt;
	long long v = -1;

	if (sqlite3_prepare_v2(st->db, "PRAGMA application_id", -1, &stmt,
			       NULL) == SQLITE_OK &&
	    sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int64(stmt, 0);
	else if ((sqlite3_errcode(st->db) & 0xff) == SQLITE_NOTADB)
		err_msg("%s: not an SQLite database (%s)", st->path,
			sqlite3_errmsg(st->db));
	else if (((sqlite3_errcode(st->db) & 0xff) == SQLITE_CANTOPEN ||
		  (sqlite3_errcode(st->db) & 0xff) == SQLITE_READONLY) &&
		 st->readonly)
		v = -2;
	else
		store_fail(st, "reading the database header");
	sqlite3_finalize(stmt);
	return v;
}

/* WAL: readers never block the writer, and writers queue on the busy
 * timeout.  FULL: a committed batch survives power loss.  Set once the
 * file is known to be ours, never on one that is refused. */
static int enable_wal(struct store *st)
{
	int waited, rc;

	/* The switch takes an exclusive lock, and SQLite does not wait for
	 * it on the busy handler: processes creating a store at once must
	 * take turns here themselves. */
	for (waited = 0; waited < STORE_BUSY_MS; waited += 10) {
		rc = sqlite3_exec(st->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
		if ((rc & 0xff) != SQLITE_BUSY)
			break;
		usleep(10000);
	}
	if (rc != SQLITE_OK)
		return store_fail(st, "switching to WAL");
	return store_exec(st, "PRAGMA synchronous = FULL", "setting synchronous");
}

static int check_version(struct store *st, enum store_mode mode,
			 const struct store_schema *sch);

static int create_schema(struct store *st, enum store_mode mode,
			 const struct store_schema *sch)
{
	long long n = store_query_int(st, "SELECT count(*) FROM sqlite_schema");

	if (n < 0)
		return -1;
	/* Another process may have created the schema since the header
	 * was read: then the application_id is ours now. */
	if (n > 0 && read_app_id(st) == STORE_APPLICATION_ID)
		return check_version(st, mode, sch);
	if (n > 0) {
		err_msg("%s: an SQLite database of another program "
			"(no pasid-scan application_id); refused", st->path);
		return -1;
	}
	if (mode == STORE_READ || st->readonly) {
		err_msg("%s: empty; nothing has been stored in it", st->path);
		return -1;
	}
	return upgrade_step(st, 0, sch->sql, "creating the schema");
}

static int reopen_immutable(struct store *st);

/*
 * application_id and user_version from one read transaction: read apart,
 * they could straddle another process's creation of the schema.
 */
static int read_header(struct store *st, long long *app, long long *ver)
{
	if (store_exec(st, "BEGIN", "reading the database header"))
		return -1;
	*app = read_app_id(st);
	*ver = *app < 0 ? -1 : store_query_int(st, "PRAGMA user_version");
	store_rollback(st);
	if (*app == -2 && !reopen_immutable(st))
		return read_header(st, app, ver);
	if (*app == -2)
		store_fail(st, "reading the database header");
	return *app < 0 || *ver < 0 ? -1 : 0;
}

static int check_version(struct store *st, enum store_mode mode,
			 const struct store_schema *sch)
{
	long long app, ver;

	if (read_header(st, &app, &ver))
		return -1;
	if (app == 0 && ver == 0)
		return create_schema(st, mode, sch);
	if (app != STORE_APPLICATION_ID) {
		err_msg("%s: not a pasid-scan database (application_id %#llx)",
			st->path, app);
		return -1;
	}
	if (ver > sch->version) {
		err_msg("%s: schema version %lld was written by a newer pasid-scan; "
			"this one knows up to %u", st->path, ver, sch->version);
		return -1;
	}
	if (ver < sch->version)
		return migrate(st, ver, sch);
	return 0;
}

/* quick_check's report, which spans lines, as one line. */
static void one_line(const char *t, char *buf, size_t len)
{
	static const char banner[] = "*** in database main ***\n";
	size_t i;

	if (!strncmp(t, banner, sizeof(banner) - 1))
		t += sizeof(banner) - 1;
	snprintf(buf, len, "%s", t);
	for (i = 0; buf[i]; i++)
		if (buf[i] == '\n')
			buf[i] = ' ';
}

/* Writing into a damaged file would bury the damage under new rows. */
static int check_sound(struct store *st)
{
	sqlite3_stmt *stmt = store_prepare(st, "PRAGMA quick_check(1)");
	const char *t;
	char why[256];
	int ret = -1;

	if (!stmt)
		return -1;
	t = sqlite3_step(stmt) == SQLITE_ROW ?
	    (const char *)sqlite3_column_text(stmt, 0) : NULL;
	if (t && !strcmp(t, "ok"))
		ret = 0;
	else
		one_line(t ? t : sqlite3_errmsg(st->db), why, sizeof(why));
	if (ret)
		err_msg("%s: database is corrupt (%s); nothing was written",
			st->path, why);
	sqlite3_finalize(stmt);
	return ret;
}

/*
 * A WAL database on read-only media, or one another user owns: SQLite
 * cannot make the -shm file readers need.  It is read as immutable
 * (sqlite.org/uri.html): as it stands, where a writer at the same moment
 * is not seen.  The path goes in as a file: URI.
 */
static int reopen_immutable(struct store *st)
{
	static const char keep[] = "/-._~";
	const char *p;
	char *uri, *o;

	uri = xcalloc(3 * strlen(st->path) + 32, 1);
	o = uri + sprintf(uri, "file:");
	for (p = st->path; *p; p++) {
		if (isalnum((unsigned char)*p) || strchr(keep, *p))
			*o++ = *p;
		else
			o += sprintf(o, "%%%02X", (unsigned char)*p);
	}
	strcpy(o, "?immutable=1");
	sqlite3_close(st->db);
	st->db = NULL;
	if (sqlite3_open_v2(uri, &st->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
			    NULL) != SQLITE_OK) {
		free(uri);
		return store_fail(st, "opening read-only");
	}
	free(uri);
	sqlite3_extended_result_codes(st->db, 1);
	return store_exec(st, "PRAGMA foreign_keys = ON", "enabling foreign keys");
}

/* SQLite's "unable to open database file" does not say why. */
static void say_cannot_create(const char *path)
{
	char *copy = strdup(path);
	const char *dir = copy ? dirname(copy) : NULL;

	if (dir && access(dir, W_OK))
		err_msg("%s: cannot create database: %s: %s", path, dir,
			strerror(errno));
	else
		err_msg("%s: cannot create database", path);
	free(copy);
}

static int open_db(struct store *st, enum store_mode mode)
{
	int flags = SQLITE_OPEN_READWRITE;
	bool missing = access(st->path, F_OK) != 0;

	if (mode == STORE_READ && missing) {
		/* The store nobody named is the default: say how to name one. */
		if (!strcmp(st->path, store_default_path()))
			err_msg("%s: no store there (give one with --db STORE or $%s)",
				st->path, STORE_ENV);
		else
			err_msg("%s: cannot open database: %s", st->path,
				strerror(errno));
		return -1;
	}
	if (mode == STORE_WRITE)
		flags |= SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(st->path, &st->db, flags, NULL) != SQLITE_OK) {
		if (missing)
			say_cannot_create(st->path);
		else
			store_fail(st, "cannot open database");
		return -1;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, STORE_BUSY_MS);
	/* SQLite falls back to read-only when the file is not writable. */
	st->readonly = sqlite3_db_readonly(st->db, "main") == 1;
	if (mode == STORE_WRITE && st->readonly) {
		err_msg("%s: read-only; cannot store anything in it", st->path);
		return -1;
	}
	return 0;
}

struct store *store_open_schema(const char *path, enum store_mode mode,
				const struct store_schema *sch)
{
	struct store *st = xcalloc(1, sizeof(*st));

	st->path = path;
	if (open_db(st, mode) ||
	    store_exec(st, "PRAGMA foreign_keys = ON", "enabling foreign keys") ||
	    check_version(st, mode, sch))
		goto fail;
	if (mode == STORE_WRITE && (enable_wal(st) || check_sound(st)))
		goto fail;
	return st;
fail:
	store_close(st);
	return NULL;
}

struct store *store_open(const char *path, enum store_mode mode)
{
	const struct store_schema sch = {
		.version = store_schema_version,
		.sql = store_schema_sql,
		.migrations = store_migrations,
	};

	return store_open_schema(path, mode, &sch);
}

void store_close(struct store *st)
{
	if (!st)
		return;
	sqlite3_close(st->db);
	free(st);
}
