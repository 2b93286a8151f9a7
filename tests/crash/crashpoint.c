/* crashpoint: an LD_PRELOAD shim for the crash test.
 *
 * Crash points: it counts the writes, syncs and truncations a process
 * makes to the watched files and, at the Nth, kills the process with
 * SIGKILL before the call happens, so that a command can be stopped at
 * every point of a commit in turn (and of the checkpoint SQLite runs when
 * the last connection closes).
 *
 * Audit: it notes which watched files were written and not synced since
 * (fsync/fdatasync) when they are closed or the process exits, and
 * appends their names to a report: what a power cut at that moment could
 * lose.  The -shm file is never watched (it is memory, never synced).
 *
 *   KH_CRASH_FILE   watch files whose path ends with this (e.g. "-wal"),
 *                   or, after a '*', contains it (e.g. "*.incomplete-")
 *   KH_CRASH_AT     die at the Nth call on such a file (1-based);
 *                   unset or 0: never
 *   KH_CRASH_AUDIT  the report file for the audit; unset: no audit
 *
 * The counter and the unsynced flags are process-wide state by necessity:
 * the calls come from inside SQLite, which gives us no place to keep
 * them. */
/* Our own names for pwrite and pwrite64 (not one renamed to the other). */
#undef _FILE_OFFSET_BITS
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#define CRASH_MAX_FD 1024

static long crash_seen;
static unsigned char crash_unsynced[CRASH_MAX_FD];

/* The path fd is open on, in buf; NULL if unknown. */
static const char *crash_path(int fd, char *buf, size_t size)
{
	char link[64];

	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, buf, size - 1);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	return buf;
}

/* Is fd open on a path that KH_CRASH_FILE names? */
static int crash_watched(int fd)
{
	const char *want = getenv("KH_CRASH_FILE");
	char buf[4096];
	const char *path;

	if (!want || !*want || !(path = crash_path(fd, buf, sizeof buf)))
		return 0;
	size_t len = strlen(path);
	if (len >= 4 && strcmp(path + len - 4, "-shm") == 0)
		return 0;
	if (*want == '*')
		return strstr(path, want + 1) != NULL;
	size_t wlen = strlen(want);
	return len >= wlen && strcmp(path + len - wlen, want) == 0;
}

/* Append "what: path of fd" to the audit report. */
static void crash_report(int fd, const char *what)
{
	const char *report = getenv("KH_CRASH_AUDIT");
	char buf[4096];
	const char *path = crash_path(fd, buf, sizeof buf);
	FILE *fp = report ? fopen(report, "a") : NULL;

	if (!fp)
		return;
	fprintf(fp, "%s: %s\n", what, path ? path : "?");
	fclose(fp);
}

/* A write-like call on fd: count it (die if it is the chosen one) and
 * note that fd has unsynced data. */
static void crash_point(int fd, int is_sync)
{
	const char *at = getenv("KH_CRASH_AT");
	long n = at ? strtol(at, NULL, 10) : 0;
	int audit = getenv("KH_CRASH_AUDIT") != NULL;

	if ((n <= 0 && !audit) || !crash_watched(fd))
		return;
	if (n > 0 && ++crash_seen == n)
		kill(getpid(), SIGKILL);
	if (audit && fd >= 0 && fd < CRASH_MAX_FD)
		crash_unsynced[fd] = !is_sync;
}

/* The real function, looked up on first use. */
#define CRASH_NEXT(type, name, args)                                       \
	static type(*next) args;                                           \
	if (!next)                                                          \
		*(void **)&next = dlsym(RTLD_NEXT, name)

ssize_t write(int fd, const void *buf, size_t count)
{
	CRASH_NEXT(ssize_t, "write", (int, const void *, size_t));
	crash_point(fd, 0);
	return next(fd, buf, count);
}

ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset)
{
	CRASH_NEXT(ssize_t, "pwrite", (int, const void *, size_t, off_t));
	crash_point(fd, 0);
	return next(fd, buf, count, offset);
}

ssize_t pwrite64(int fd, const void *buf, size_t count, off64_t offset)
{
	CRASH_NEXT(ssize_t, "pwrite64", (int, const void *, size_t, off64_t));
	crash_point(fd, 0);
	return next(fd, buf, count, offset);
}

int fsync(int fd)
{
	CRASH_NEXT(int, "fsync", (int));
	crash_point(fd, 1);
	return next(fd);
}

int fdatasync(int fd)
{
	CRASH_NEXT(int, "fdatasync", (int));
	crash_point(fd, 1);
	return next(fd);
}

int ftruncate(int fd, off_t length)
{
	CRASH_NEXT(int, "ftruncate", (int, off_t));
	crash_point(fd, 0);
	return next(fd, length);
}

int ftruncate64(int fd, off64_t length)
{
	CRASH_NEXT(int, "ftruncate64", (int, off64_t));
	crash_point(fd, 0);
	return next(fd, length);
}

int close(int fd)
{
	CRASH_NEXT(int, "close", (int));
	if (fd >= 0 && fd < CRASH_MAX_FD && crash_unsynced[fd]) {
		crash_report(fd, "closed unsynced");
		crash_unsynced[fd] = 0;
	}
	return next(fd);
}

/* At exit, whatever is still open and unsynced. */
__attribute__((destructor)) static void crash_at_exit(void)
{
	for (int fd = 0; fd < CRASH_MAX_FD; fd++)
		if (crash_unsynced[fd])
			crash_report(fd, "unsynced at exit");
}
