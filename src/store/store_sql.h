/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * store_sql.h - the SQL of db/, compiled in by scripts/sql2c.sh so an
 * installed pasid-scan needs no data files.
 *
 * src/store/: the SQLite store of every observation from every host.
 */
#ifndef PASID_SCAN_STORE_SQL_H
#define PASID_SCAN_STORE_SQL_H

#include <stddef.h>

struct store_migration {
	unsigned int version;	/* the version it produces */
	const char *sql;	/* NULL ends the list */
};

/* The schema db/schema.sql defines, its version, and the migrations
 * db/migrate/ holds, in version order. */
struct store_schema {
	unsigned int version;
	const char *sql;
	const struct store_migration *migrations;
};

extern const unsigned int store_schema_version;
extern const char store_schema_sql[];
extern const struct store_migration store_migrations[];

#endif
