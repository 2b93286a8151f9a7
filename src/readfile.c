/* Reading a whole file with a size cap (readfile.h). */
#include "readfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char *read_fail(int fd, char *buf, kh_read_fail *why, kh_read_fail w,
		       int *errnum, int e)
{
	*why = w;
	*errnum = e;
	free(buf);
	close(fd);
	return NULL;
}

char *read_file_capped(const char *path, size_t max, size_t *len,
		       kh_read_fail *why, int *errnum)
{
	*errnum = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*why = KH_READ_OPEN;
		*errnum = errno;
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) < 0)
		return read_fail(fd, NULL, why, KH_READ_ERROR, errnum, errno);
	if (S_ISDIR(st.st_mode))
		return read_fail(fd, NULL, why, KH_READ_DIR, errnum, EISDIR);
	bool regular = S_ISREG(st.st_mode);
	if (regular && (uintmax_t)st.st_size > max)
		return read_fail(fd, NULL, why, KH_READ_BIG, errnum, 0);
	/* The size it has now, plus the byte that says it grew past max. */
	size_t cap = regular ? (size_t)st.st_size + 1 : 64 * 1024;
	if (cap > max + 1)
		cap = max + 1;
	size_t n = 0;
	char *buf = malloc(cap);
	if (!buf)
		return read_fail(fd, NULL, why, KH_READ_NOMEM, errnum, 0);
	for (;;) {
		if (n == cap) {
			if (cap == max + 1)
				return read_fail(fd, buf, why, KH_READ_BIG,
						 errnum, 0);
			size_t more = cap > (max + 1) / 2 ? max + 1 : cap * 2;
			char *bigger = realloc(buf, more);
			if (!bigger)
				return read_fail(fd, buf, why, KH_READ_NOMEM,
						 errnum, 0);
			buf = bigger;
			cap = more;
		}
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return read_fail(fd, buf, why, KH_READ_ERROR, errnum,
					 errno);
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	*len = n;
	return buf;
}
