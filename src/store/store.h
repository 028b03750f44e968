/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * store.h - the SQLite store: open it (creating, migrating or refusing
 * it), and run the statements of the modules that read and write it.
 * The schema is db/schema.sql; pasid-scan(8) describes it.
 *
 * src/store/: the SQLite store of every observation from every host.
 */
#ifndef PASID_SCAN_STORE_H
#define PASID_SCAN_STORE_H

#include <sqlite3.h>
#include <stdbool.h>

#include "store_sql.h"

#define STORE_DEFAULT_PATH	"pasid-scan.db"
#define STORE_ENV		"PASID_SCAN_DB"
#define STORE_APPLICATION_ID	0x50534944	/* "PSID", db/schema.sql */
/* How long a writer waits for another one before giving up, in ms. */
#define STORE_BUSY_MS		60000

enum store_mode {
	STORE_READ,	/* must exist; migrated if it is older and writable */
	STORE_WRITE,	/* created if missing */
};

struct store {
	sqlite3 *db;
	const char *path;
	bool readonly;
};

/* $PASID_SCAN_DB, or pasid-scan.db in the current directory. */
const char *store_default_path(void);
/* Whether path is an SQLite file (a store, most likely), by its first
 * 16 bytes: for the hint when one is given where a dump is read. */
bool store_file_is_store(const char *path);
/* Open with the compiled-in schema; NULL after a one-line message. */
struct store *store_open(const char *path, enum store_mode mode);
/* The same with another schema: tests build older versions with it. */
struct store *store_open_schema(const char *path, enum store_mode mode,
				const struct store_schema *sch);
void store_close(struct store *st);

/* Say "PATH: what: SQLite's message" on stderr; returns -1. */
int store_fail(struct store *st, const char *what);
sqlite3_stmt *store_prepare(struct store *st, const char *sql);
/* Run SQL without results; 0 or -1 after store_fail(what). */
int store_exec(struct store *st, const char *sql, const char *what);
/* A write transaction that takes the write lock at once, so two
 * writers queue on the busy timeout instead of deadlocking. */
int store_begin(struct store *st);
/* COMMIT, or say "PATH: what: why", roll back and return -1. */
int store_commit(struct store *st, const char *what);
void store_rollback(struct store *st);
/* A single integer from a query, or -1 on error (said). */
long long store_query_int(struct store *st, const char *sql);

#endif
