// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * err.c - one-line diagnostics on standard error, and allocation that
 * says so and exits when memory runs out.
 *
 * src/lib/: what every stage uses: diagnostics, pci.ids names, SHA-256,
 * whole-or-nothing files.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

const char *prog_name = "pasid-scan";

void err_at(const char *path, unsigned int line, const char *fmt, ...)
{
	va_list ap;

	if (line)
		fprintf(stderr, "%s: %s:%u: ", prog_name, path, line);
	else
		fprintf(stderr, "%s: %s: ", prog_name, path);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void err_msg(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Out of memory is not bad input: say so and stop. */
static void *oom(void *p)
{
	if (!p) {
		err_msg("out of memory");
		exit(EXIT_FAILURE);
	}
	return p;
}

const char *plural(unsigned long n)
{
	return n == 1 ? "" : "s";
}

void *xcalloc(unsigned long n, unsigned long size)
{
	return oom(calloc(n ? n : 1, size ? size : 1));
}

void *xreallocarray(void *p, unsigned long n, unsigned long size)
{
	return oom(reallocarray(p, n ? n : 1, size ? size : 1));
}

char *xstrdup(const char *s)
{
	return oom(strdup(s));
}
