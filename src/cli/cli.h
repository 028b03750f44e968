/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli.h - subcommands.  Each returns the process exit status.
 *
 * src/cli/: the commands, a cmd_*.c each, and main's table that
 * dispatches them.
 */
#ifndef PASID_SCAN_CLI_H
#define PASID_SCAN_CLI_H

#include <stdbool.h>

#include "filter.h"
#include "snapset.h"
#include "version.h"

int cmd_show(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_db(int argc, char **argv);
int cmd_gen(int argc, char **argv);
int cmd_lookup(int argc, char **argv);
int cmd_qemu_args(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_map(int argc, char **argv);
int cmd_report(int argc, char **argv);

/* Usage errors (usage.c): one line on stderr, "pasid-scan: CMD: what;
 * see 'pasid-scan CMD --help'"; each returns -1, which the command turns
 * into exit status 2.  usage_opt() says what getopt_long()'s '?' or ':'
 * was about (opterr 0, an option string starting with ':'), and
 * usage_filter() parses -s or -d, saying what was wrong. */
int usage_err(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int usage_opt(const char *cmd, int c, char **argv);
int usage_filter(const char *cmd, struct fn_filter *f, int opt,
		 const char *arg);

/* "pasid-scan: CMD: no function matches -s ... in WHERE" (or, where the
 * command names one function, "no function BDF in WHERE"); returns
 * EXIT_NOKEY, the status every command gives for a function not there. */
int no_function(const char *cmd, const char *what, const char *where);

/* Live snapshots of this host (or the tree at sysfs) into ss; returns
 * an exit status. */
int scan_live(const char *sysfs, const struct fn_filter *filter,
	      bool require_full, struct snapset *ss);

#endif
