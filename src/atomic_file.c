// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * atomic_file.c - whole-or-nothing output files.
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

FILE *atomic_open(struct atomic_file *af, const char *path)
{
	size_t n = strlen(path) + sizeof(".XXXXXX");
	int fd;

	memset(af, 0, sizeof(*af));
	af->path = path;
	if (!strcmp(path, "-")) {
		af->f = stdout;
		return af->f;
	}
	af->tmp = xcalloc(1, n);
	snprintf(af->tmp, n, "%s.XXXXXX", path);
	fd = mkstemp(af->tmp);
	if (fd < 0) {
		err_at(path, 0, "cannot create: %s", strerror(errno));
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
		err_at(path, 0, "cannot open: %s", strerror(errno));
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

int atomic_commit(struct atomic_file *af)
{
	int err = 0;

	if (!af->tmp) {
		if (!fflush(af->f))
			return 0;
		err_msg("stdout: %s", strerror(errno));
		return -1;
	}
	if (fflush(af->f) || fsync(fileno(af->f)))
		err = errno;
	if (fclose(af->f) && !err)
		err = errno;
	af->f = NULL;
	if (!err && rename(af->tmp, af->path))
		err = errno;
	if (err) {
		err_at(af->path, 0, "cannot write: %s", strerror(err));
		atomic_abort(af);
		return -1;
	}
	sync_dir(af->path);
	free(af->tmp);
	af->tmp = NULL;
	return 0;
}

void atomic_abort(struct atomic_file *af)
{
	if (!af->tmp)
		return;
	if (af->f)
		fclose(af->f);
	af->f = NULL;
	unlink(af->tmp);
	free(af->tmp);
	af->tmp = NULL;
}
