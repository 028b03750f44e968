// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * usage.c - a usage error is one line, the same shape in every command:
 *
 *	pasid-scan: COMMAND: what is wrong; see 'pasid-scan COMMAND --help'
 *
 * and exit status 2.  The help itself is asked for, not printed at every
 * mistake.
 *
 * src/cli/: the commands, a cmd_*.c each, and main's table that
 * dispatches them.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "err.h"

int usage_err(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: %s: ", prog_name, cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "; see '%s %s --help'\n", prog_name, cmd);
	return -1;
}

/* A word of short options ("-qx") that holds c. */
static bool in_cluster(const char *word, int c)
{
	return word && word[0] == '-' && word[1] != '-' && c > 0 && c < 128 &&
	       strchr(word + 1, c);
}

/*
 * getopt_long() with opterr 0 and an option string that starts with ':'
 * returns '?' for an option it does not know (optopt the letter, 0 for a
 * long one) and ':' for one missing its value.  A long option has been
 * stepped over (argv[optind - 1]); a letter inside "-xq" not yet, so its
 * word is argv[optind], and the letter alone is named.
 */
int usage_opt(const char *cmd, int c, char **argv)
{
	const char *word = argv[optind - 1];
	int len = (int)strcspn(word, "=");

	if (strncmp(word, "--", 2) || in_cluster(argv[optind], optopt))
		word = NULL;
	if (c == ':' && word)
		return usage_err(cmd, "%s needs a value", word);
	if (c == ':')
		return usage_err(cmd, "-%c needs a value", optopt);
	if (word && optopt)
		return usage_err(cmd, "%.*s takes no value", len, word);
	if (word)
		return usage_err(cmd, "unknown option '%.*s'", len, word);
	return usage_err(cmd, "unknown option '-%c'", optopt);
}

int no_function(const char *cmd, const char *what, const char *where)
{
	err_msg("%s: no function %s in %s", cmd, what, where);
	return EXIT_NOKEY;
}

int usage_filter(const char *cmd, struct fn_filter *f, int opt,
		 const char *arg)
{
	const char *want = filter_parse_opt(f, opt, arg);

	if (!want)
		return 0;
	return usage_err(cmd, "-%c '%s': expected %s", opt, arg, want);
}
