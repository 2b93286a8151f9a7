/* A consistent copy of the database while others keep writing: SQLite's
 * online backup API copies page by page and restarts if a writer changes
 * the source midway; the copy is then checked before it is reported.  It
 * is written under a temporary name beside the target and only then given
 * the target's name, so a backup killed midway never leaves a half-written
 * file (with a hot journal) that looks like a backup. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_impl.h"

#include "kehoach/i18n.h"

/* Pages copied per step; between steps other connections may write. */
#define BACKUP_PAGES_PER_STEP 256

static kh_rc check_copy(sqlite3 *copy, const char *path, kh_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(copy, "PRAGMA integrity_check", -1, &st,
				    NULL);
	kh_rc krc = KH_OK;
	if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *r = sqlite3_column_text(st, 0);
		if (!r || strcmp((const char *)r, "ok") != 0)
			krc = kh_error_set(err, KH_EDB,
					   _("the copy %s failed its "
					     "integrity check: %s; the "
					     "database may be damaged: keep "
					     "your older backups"),
					   path,
					   r ? (const char *)r : "?");
	} else {
		krc = kh_error_set(err, KH_EDB,
				   _("cannot check the copy %s: %s; try again"),
				   path, sqlite3_errmsg(copy));
	}
	sqlite3_finalize(st);
	return krc;
}

/* Create an empty file "PATH.incomplete-PID-N" (the mode follows the
 * umask) and return its name, or NULL with errno set. */
static char *create_partial(const char *path)
{
	size_t size = strlen(path) + 48;
	for (int attempt = 0; attempt < 100; attempt++) {
		char *name = malloc(size);
		if (!name) {
			errno = ENOMEM;
			return NULL;
		}
		snprintf(name, size, "%s.incomplete-%ld-%d", path,
			 (long)getpid(), attempt);
		int fd = open(name, O_WRONLY | O_CREAT | O_EXCL, 0666);
		if (fd >= 0) {
			close(fd);
			return name;
		}
		int e = errno;
		free(name);
		if (e != EEXIST) {
			errno = e;
			return NULL;
		}
	}
	errno = EEXIST;
	return NULL;
}

/* Make a new name in path's folder survive a power cut. */
static void sync_folder(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? strndup(path, slash == path ? 1
						     : (size_t)(slash - path))
			  : strdup(".");
	int fd = dir ? open(dir, O_RDONLY | O_DIRECTORY) : -1;
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

/* Give the finished copy its name without ever replacing a file: 0 or
 * an errno. */
static int publish(const char *partial, const char *path)
{
	if (link(partial, path) == 0) {
		unlink(partial);
	} else {
		if (errno == EEXIST)
			return EEXIST;
		/* No hard links on this file system: rename, after making
		 * sure once more that the name is free. */
		struct stat sb;
		if (lstat(path, &sb) == 0)
			return EEXIST;
		if (rename(partial, path) != 0)
			return errno;
	}
	sync_folder(path);
	return 0;
}

kh_rc store_backup(kh_store *store, const char *path, kh_error *err)
{
	kh_error_clear(err);
	/* Never overwrite: a backup named like an existing file is a
	 * mistake, and the existing file may be the only good copy.  (Said
	 * now, before the work; publish() checks again at the end.) */
	struct stat sb;
	if (lstat(path, &sb) == 0)
		return kh_error_set(err, KH_EINPUT,
				    _("cannot create %s: %s; give a name that "
				      "is not taken"),
				    path, strerror(EEXIST));
	char *partial = create_partial(path);
	if (!partial)
		return kh_error_set(err, errno == ENOMEM ? KH_ENOMEM : KH_EIO,
				    _("cannot create %s: %s"), path,
				    strerror(errno));

	sqlite3 *copy = NULL;
	int rc = store_sqlite_open(partial, &copy, SQLITE_OPEN_READWRITE);
	kh_rc krc = KH_OK;
	if (rc != SQLITE_OK) {
		krc = kh_error_set(err, KH_EIO, _("cannot open %s: %s"), path,
				   sqlite3_errstr(rc));
		goto done;
	}
	sqlite3_backup *b = sqlite3_backup_init(copy, "main", store->db, "main");
	if (!b) {
		krc = kh_error_set(err, KH_EDB, _("cannot back up to %s: %s"),
				   path,
				   sqlite3_errmsg(copy));
		goto done;
	}
	do {
		rc = sqlite3_backup_step(b, BACKUP_PAGES_PER_STEP);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	int fin = sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE || fin != SQLITE_OK) {
		krc = kh_error_set(err, (rc & 0xff) == SQLITE_FULL ? KH_EIO : KH_EDB,
				   _("backup to %s failed: %s; nothing was "
				     "written, try again"),
				   path,
				   sqlite3_errstr(rc != SQLITE_DONE ? rc : fin));
		goto done;
	}
	krc = check_copy(copy, path, err);
done:
	sqlite3_close(copy);
	if (krc == KH_OK) {
		int e = publish(partial, path);
		if (e)
			krc = kh_error_set(err, e == EEXIST ? KH_EINPUT : KH_EIO,
					   e == EEXIST
						   ? _("cannot create %s: %s; "
						       "give a name that is "
						       "not taken")
						   : _("cannot create %s: %s"),
					   path, strerror(e));
	}
	if (krc != KH_OK)
		unlink(partial);
	free(partial);
	return krc;
}
