/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * err.h - one-line diagnostics that name the file and line.
 *
 * src/lib/: what every stage uses: diagnostics, pci.ids names, SHA-256,
 * whole-or-nothing files.
 */
#ifndef PASID_SCAN_ERR_H
#define PASID_SCAN_ERR_H

#define EXIT_BADINPUT	1	/* input rejected; nothing written */
#define EXIT_USAGE	2
#define EXIT_PARTIAL	3	/* --require-full and a partial read */
#define EXIT_NOKEY	4	/* no offset to give: no such device key, no
				 * safe offset, QEMU adds no vPASID or will
				 * not assign the function */
#define EXIT_REFUSED	5	/* write probing refused: not root, lockdown,
				 * an unrestored journal */
#define EXIT_NOTKNOWN	6	/* the key is seen only in partial reads */

extern const char *prog_name;

/* "pasid-scan: PATH:LINE: message"; line 0 leaves the line out. */
void err_at(const char *path, unsigned int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void err_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void *xcalloc(unsigned long n, unsigned long size);
/* "s" unless n is 1: "1 function", "2 functions". */
const char *plural(unsigned long n);
void *xreallocarray(void *p, unsigned long n, unsigned long size);
char *xstrdup(const char *s);

#endif
