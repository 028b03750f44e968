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

/* Live snapshots of this host (or the tree at sysfs) into ss; returns
 * an exit status. */
int scan_live(const char *sysfs, const struct fn_filter *filter,
	      bool require_full, struct snapset *ss);

#endif
