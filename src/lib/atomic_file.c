// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * atomic_file.c - whole-or-nothing output files.
 *
 * src/lib/: what every stage uses: diagnostics, pci.ids names, SHA-256,
 * whole-or-nothing files.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"
#include "err.h"

/* umask(2) can only be read by setting it. */
static mode_t umask_get(void)
{
	mode_t m = umask(022);

	umask(m);
	return m;
}

/* A device or FIFO (/dev/null, /dev/stdout, a pipe) is written to as
 * it is: renaming a file over it would replace the device node. */
static FILE *open_special(struct atomic_file *af, const char *path)
{
	af->f = fopen(path, "w");
	if (!af->f)
		err_at(path, 0, "cannot open: %s", strerror(errno));
	return af->f;
}

/* A symlink is followed, so the file it names is replaced, not it. */
static const char *resolve(struct atomic_file *af, const char *path)
{
	struct stat st;

	if (lstat(path, &st) || !S_ISLNK(st.st_mode))
		return path;
	af->target = realpath(path, NULL);
	return af->target ? af->target : path;
}

FILE *atomic_open(struct atomic_file *af, const char *path)
{
	struct stat st;
	size_t n;
	int fd;

	memset(af, 0, sizeof(*af));
	af->path = path;
	if (!strcmp(path, "-")) {
		af->f = stdout;
		return af->f;
	}
	if (!stat(path, &st) && !S_ISREG(st.st_mode))
		return open_special(af, path);
	path = resolve(af, path);
	n = strlen(path) + sizeof(".XXXXXX");
	af->tmp = xcalloc(1, n);
	snprintf(af->tmp, n, "%s.XXXXXX", path);
	fd = mkstemp(af->tmp);
	if (fd < 0) {
		err_at(af->path, 0, "cannot create: %s", strerror(errno));
		free(af->tmp);
		af->tmp = NULL;
		return NULL;
	}
	/* mkstemp makes 0600; a recording is no secret. */
	fchmod(fd, 0644 & ~umask_get());
	af->f = fdopen(fd, "w");
	if (!af->f) {
		close(fd);
		atomic_abort(af);
		err_at(af->path, 0, "cannot open: %s", strerror(errno));
	}
	return af->f;
}

/* The rename is durable only once the directory is synced too. */
static void sync_dir(const char *path)
{
	char *copy = strdup(path);
	int fd;

	if (!copy)
		return;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(copy);
}

int atomic_sync(struct atomic_file *af)
{
	if (!fflush(af->f) && (!af->tmp || !fsync(fileno(af->f))))
		return 0;
	err_at(af->path, 0, "cannot write: %s", strerror(errno));
	return -1;
}

/* stdout, a device or a FIFO: written in place. */
static int commit_special(struct atomic_file *af)
{
	int err = fflush(af->f) ? errno : 0;

	if (af->f != stdout && fclose(af->f) && !err)
		err = errno;
	af->f = NULL;
	if (!err)
		return 0;
	err_at(strcmp(af->path, "-") ? af->path : "stdout", 0, "cannot write: %s",
	       strerror(err));
	return -1;
}

int atomic_commit(struct atomic_file *af)
{
	const char *dest = af->target ? af->target : af->path;
	int err = 0;

	if (!af->tmp)
		return commit_special(af);
	if (fflush(af->f) || fsync(fileno(af->f)))
		err = errno;
	if (fclose(af->f) && !err)
		err = errno;
	af->f = NULL;
	if (!err && rename(af->tmp, dest))
		err = errno;
	if (err) {
		err_at(af->path, 0, "cannot write: %s", strerror(err));
		atomic_abort(af);
		return -1;
	}
	sync_dir(dest);
	free(af->tmp);
	af->tmp = NULL;
	free(af->target);
	af->target = NULL;
	return 0;
}

void atomic_abort(struct atomic_file *af)
{
	free(af->target);
	af->target = NULL;
	if (!af->tmp) {
		if (af->f && af->f != stdout)
			fclose(af->f);
		af->f = NULL;
		return;
	}
	if (af->f)
		fclose(af->f);
	af->f = NULL;
	unlink(af->tmp);
	free(af->tmp);
	af->tmp = NULL;
}
