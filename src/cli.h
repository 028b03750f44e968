/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli.h - subcommands.  Each returns the process exit status.
 */
#ifndef PASID_SCAN_CLI_H
#define PASID_SCAN_CLI_H

#define PASID_SCAN_VERSION "0.1.0"

int cmd_show(int argc, char **argv);

#endif
