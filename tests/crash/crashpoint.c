/* crashpoint: an LD_PRELOAD shim for the crash test.  It counts the
 * writes, syncs and truncations a process makes to one file and, at the
 * Nth, kills the process with SIGKILL before the call happens, so that a
 * command can be stopped at every point of a commit in turn (and of the
 * checkpoint SQLite runs when the last connection closes).
 *
 *   KH_CRASH_FILE  watch files whose path ends with this (e.g. "-wal"),
 *                  or, after a '*', contains it (e.g. "*.incomplete-")
 *   KH_CRASH_AT    die at the Nth call on such a file (1-based);
 *                  unset or 0: never
 *
 * The counter is process-wide state by necessity: the calls come from
 * inside SQLite, which gives us no place to keep it. */
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

static long crash_seen;

/* Is fd open on a path that KH_CRASH_FILE names? */
static int crash_watched(int fd)
{
	const char *suffix = getenv("KH_CRASH_FILE");
	char link[64];
	char path[4096];

	if (!suffix || !*suffix)
		return 0;
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, path, sizeof path - 1);
	if (n <= 0)
		return 0;
	path[n] = '\0';
	if (*suffix == '*')
		return strstr(path, suffix + 1) != NULL;
	size_t len = (size_t)n, slen = strlen(suffix);
	return len >= slen && strcmp(path + len - slen, suffix) == 0;
}

/* Count a call on fd; die if it is the chosen one. */
static void crash_point(int fd)
{
	const char *at = getenv("KH_CRASH_AT");
	long n = at ? strtol(at, NULL, 10) : 0;

	if (n <= 0 || !crash_watched(fd))
		return;
	if (++crash_seen == n)
		kill(getpid(), SIGKILL);
}

/* The real function, looked up once per call site's first use. */
#define CRASH_NEXT(type, name, args)                                       \
	static type(*next) args;                                           \
	if (!next)                                                          \
		*(void **)&next = dlsym(RTLD_NEXT, name)

ssize_t write(int fd, const void *buf, size_t count)
{
	CRASH_NEXT(ssize_t, "write", (int, const void *, size_t));
	crash_point(fd);
	return next(fd, buf, count);
}

ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset)
{
	CRASH_NEXT(ssize_t, "pwrite", (int, const void *, size_t, off_t));
	crash_point(fd);
	return next(fd, buf, count, offset);
}

ssize_t pwrite64(int fd, const void *buf, size_t count, off64_t offset)
{
	CRASH_NEXT(ssize_t, "pwrite64", (int, const void *, size_t, off64_t));
	crash_point(fd);
	return next(fd, buf, count, offset);
}

int fsync(int fd)
{
	CRASH_NEXT(int, "fsync", (int));
	crash_point(fd);
	return next(fd);
}

int fdatasync(int fd)
{
	CRASH_NEXT(int, "fdatasync", (int));
	crash_point(fd);
	return next(fd);
}

int ftruncate(int fd, off_t length)
{
	CRASH_NEXT(int, "ftruncate", (int, off_t));
	crash_point(fd);
	return next(fd, length);
}

int ftruncate64(int fd, off64_t length)
{
	CRASH_NEXT(int, "ftruncate64", (int, off64_t));
	crash_point(fd);
	return next(fd, length);
}
