// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * spill.c - the live scan's spill file.  It is unlinked as soon as it is
 * made, so nothing is left behind however the scan ends; the readers
 * open it again by /proc/self/fd/N, which gives a new file description
 * at offset 0 (proc(5)).
 *
 * src/source/: where snapshots come from: dumps and recordings, the
 * live scan and its probing, sysfs facts, the record writer.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "spill.h"

#define SPILL_BUFFER (1 << 20)

int spill_open(struct spill *sp)
{
	const char *dir = getenv("TMPDIR");
	char tmpl[PATH_MAX];
	int fd;

	memset(sp, 0, sizeof(*sp));
	if (!dir || !*dir)
		dir = "/tmp";
	snprintf(tmpl, sizeof(tmpl), "%s/pasid-scan.XXXXXX", dir);
	fd = mkstemp(tmpl);
	if (fd < 0) {
		err_msg("%s: cannot make the scan's spill file: %s (set TMPDIR)",
			dir, strerror(errno));
		return -1;
	}
	unlink(tmpl);
	snprintf(sp->path, sizeof(sp->path), "/proc/self/fd/%d", fd);
	sp->f = fdopen(fd, "w");
	if (!sp->f) {
		close(fd);
		err_msg("%s: %s", dir, strerror(errno));
		return -1;
	}
	/* a host's worth of hex lines goes through it */
	setvbuf(sp->f, NULL, _IOFBF, SPILL_BUFFER);
	return 0;
}

int spill_flush(struct spill *sp)
{
	if (fflush(sp->f) || ferror(sp->f)) {
		err_msg("the scan's spill file (in $TMPDIR or /tmp): %s",
			strerror(errno ? errno : EIO));
		return -1;
	}
	return 0;
}

void spill_close(struct spill *sp)
{
	if (sp->f)
		fclose(sp->f);
	memset(sp, 0, sizeof(*sp));
}
