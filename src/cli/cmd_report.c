// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_report.c - "pasid-scan report": the store as static HTML.
 *
 * The pages are written into a new directory beside DIR and swapped in
 * with one rename, so DIR is the old report or the whole new one, never
 * a mix.  DIR is only ever replaced when it is empty or a report this
 * command wrote (it carries a marker file): a wrong -o must not delete
 * somebody's files.
 *
 * src/cli/: the commands, a cmd_*.c each, and main's table that
 * dispatches them.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "consensus_load.h"
#include "emit_report.h"
#include "err.h"
#include "key_picture.h"
#include "names.h"

#define REPORT_MARKER	".pasid-scan-report"

struct report_opts {
	const char *db;
	const char *out;
};

static void report_usage(FILE *out)
{
	fprintf(out,
		"Usage: pasid-scan report [--db STORE] -o DIR\n\n"
		"Write the store (default $%s or %s) as static HTML into DIR:\n"
		"index.html lists every device key with its counts, whether QEMU's\n"
		"default vPASID offset is safe and the chosen offsets; each key has a\n"
		"page with its map, its evidence and its rows in the generated tables.\n"
		"DIR is replaced whole, and only if it is empty or an earlier report.\n",
		STORE_ENV, STORE_DEFAULT_PATH);
}

static int parse_report_opts(int argc, char **argv, struct report_opts *o)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'D' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'D': o->db = optarg; break;
		case 'o': o->out = optarg; break;
		case 'h':
			report_usage(stdout);
			exit(0);
		default:
			return usage_opt("report", c, argv);
		}
	}
	if (optind != argc)
		return usage_err("report", "unexpected argument '%s'", argv[optind]);
	if (!o->out)
		return usage_err("report", "-o DIR is needed: where the pages go");
	if (!o->db)
		o->db = store_default_path();
	return 0;
}

/* Each page goes to disk before the directory is swapped in. */
static int write_page(const char *dir, const char *name,
		      int (*fill)(FILE *f, const void *arg), const void *arg)
{
	char path[PATH_MAX];
	FILE *f;
	int ret;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f) {
		err_msg("%s: %s", path, strerror(errno));
		return -1;
	}
	ret = fill(f, arg);
	if (fflush(f) || fsync(fileno(f)) || ferror(f)) {
		err_msg("%s: %s", path, strerror(errno));
		ret = -1;
	}
	if (fclose(f) && !ret) {
		err_msg("%s: %s", path, strerror(errno));
		ret = -1;
	}
	return ret;
}

static int fill_index(FILE *f, const void *ks)
{
	emit_report_index(f, ks);
	return 0;
}

static int fill_marker(FILE *f, const void *arg)
{
	(void)arg;
	fprintf(f, "pasid-scan report %s\n", PASID_SCAN_VERSION);
	return 0;
}

struct key_page {
	const struct dev_key *k;
	const struct cell_map *m, *pf;
};

static int fill_key(FILE *f, const void *arg)
{
	const struct key_page *p = arg;

	return emit_report_key(f, p->k, p->m, p->pf);
}

struct report {
	const struct key_set *keys;
	struct store *st;
	struct key_samples smp;
	struct cell_map *m;	/* two: a key and its PF */
};

static int write_pages(struct report *r, const char *dir)
{
	size_t i;

	if (write_page(dir, REPORT_MARKER, fill_marker, NULL) ||
	    write_page(dir, "index.html", fill_index, r->keys))
		return -1;
	for (i = 0; i < r->keys->n; i++) {
		struct key_page p = { .k = r->keys->v[i], .m = &r->m[0] };
		char name[64];
		int has_pf = key_picture(r->st, r->keys, &r->smp, p.k, &r->m[0],
					 &r->m[1]);

		if (has_pf < 0)
			return -1;
		p.pf = has_pf ? &r->m[1] : NULL;
		report_page_name(p.k, name, sizeof(name));
		if (write_page(dir, name, fill_key, &p))
			return -1;
	}
	return 0;
}

/* Unlink the plain files of a directory this command wrote, then it. */
static int remove_report(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int ret = 0;

	if (!d)
		return errno == ENOENT ? 0 : -1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
		    unlinkat(dirfd(d), e->d_name, 0))
			ret = -1;
	closedir(d);
	return rmdir(dir) || ret ? -1 : 0;
}

/* DIR may be replaced: missing, empty, or a report with only files. */
static int replaceable(const char *dir)
{
	char marker[PATH_MAX];
	DIR *d = opendir(dir);
	struct dirent *e;
	bool empty = true, subdir = false;

	if (!d) {
		if (errno == ENOENT)
			return 0;
		err_msg("%s: %s", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d))) {
		struct stat sb;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		empty = false;
		if (fstatat(dirfd(d), e->d_name, &sb, AT_SYMLINK_NOFOLLOW) ||
		    !S_ISREG(sb.st_mode))
			subdir = true;
	}
	closedir(d);
	snprintf(marker, sizeof(marker), "%s/%s", dir, REPORT_MARKER);
	if (empty || (!subdir && !access(marker, F_OK)))
		return 0;
	err_msg("%s: not empty and not a pasid-scan report; not replacing it", dir);
	return -1;
}

/* The new directory in place of DIR, the old one (if any) removed. */
static int swap_in(const char *tmp, const char *dir)
{
	if (!renameat2(AT_FDCWD, tmp, AT_FDCWD, dir, RENAME_EXCHANGE)) {
		if (remove_report(tmp))
			err_msg("%s: the old report is left there", tmp);
		return 0;
	}
	/* A filesystem without RENAME_EXCHANGE: the old report goes first,
	 * and DIR is missing for a moment, never partly written. */
	if (errno == EINVAL && !remove_report(dir) && !rename(tmp, dir))
		return 0;
	if (errno == ENOENT && !rename(tmp, dir))
		return 0;
	err_msg("%s: cannot put the report in place: %s", dir, strerror(errno));
	return -1;
}

static int write_report(struct report *r, const char *dir)
{
	char tmp[PATH_MAX];
	int ret;

	if (replaceable(dir))
		return -1;
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", dir) >= sizeof(tmp) ||
	    !mkdtemp(tmp)) {
		err_msg("%s: cannot make a directory beside it: %s", dir,
			strerror(errno));
		return -1;
	}
	ret = write_pages(r, tmp);
	/* mkdtemp makes it 0700; a report is for reading. */
	if (!ret && chmod(tmp, 0755)) {
		err_msg("%s: %s", tmp, strerror(errno));
		ret = -1;
	}
	if (!ret)
		ret = swap_in(tmp, dir);
	if (ret)
		remove_report(tmp);
	return ret;
}

int cmd_report(int argc, char **argv)
{
	struct report_opts o;
	struct key_set keys;
	struct report r = { .keys = &keys };
	int ret = EXIT_BADINPUT;

	if (parse_report_opts(argc, argv, &o))
		return EXIT_USAGE;
	key_set_init(&keys);
	r.m = xcalloc(2, sizeof(*r.m));
	r.st = store_open(o.db, STORE_READ);
	if (!r.st || consensus_load_in(r.st, &keys) ||
	    key_samples_load(r.st, &r.smp))
		goto out;
	ret = write_report(&r, o.out) ? EXIT_FAILURE : 0;
	if (!ret)
		printf("%s/index.html: %zu device key%s\n", o.out, keys.n,
		       keys.n == 1 ? "" : "s");
out:
	if (r.st)
		store_close(r.st);
	key_samples_free(&r.smp);
	key_set_free(&keys);
	free(r.m);
	names_cleanup();
	return ret;
}
