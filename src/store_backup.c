/* A consistent copy of the database while others keep writing: SQLite's
 * online backup API copies page by page and restarts if a writer changes
 * the source midway; the copy is then checked before it is reported. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_impl.h"

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
			krc = kh_error_set(err, KH_EDB, "the copy %s failed its "
					   "integrity check: %s", path,
					   r ? (const char *)r : "?");
	} else {
		krc = kh_error_set(err, KH_EDB, "cannot check the copy %s: %s",
				   path, sqlite3_errmsg(copy));
	}
	sqlite3_finalize(st);
	return krc;
}

kh_rc store_backup(kh_store *store, const char *path, kh_error *err)
{
	kh_error_clear(err);
	/* Never overwrite: a backup named like an existing file is a
	 * mistake, and the existing file may be the only good copy. */
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);
	if (fd < 0)
		return kh_error_set(err, errno == EEXIST ? KH_EINPUT : KH_EIO,
				    "cannot create %s: %s", path,
				    strerror(errno));
	close(fd);

	sqlite3 *copy = NULL;
	int rc = sqlite3_open_v2(path, &copy, SQLITE_OPEN_READWRITE, NULL);
	kh_rc krc = KH_OK;
	if (rc != SQLITE_OK) {
		krc = kh_error_set(err, KH_EIO, "cannot open %s: %s", path,
				   sqlite3_errstr(rc));
		goto done;
	}
	sqlite3_backup *b = sqlite3_backup_init(copy, "main", store->db, "main");
	if (!b) {
		krc = kh_error_set(err, KH_EDB, "cannot back up to %s: %s", path,
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
				   "backup to %s failed: %s", path,
				   sqlite3_errstr(rc != SQLITE_DONE ? rc : fin));
		goto done;
	}
	krc = check_copy(copy, path, err);
done:
	sqlite3_close(copy);
	if (krc != KH_OK)
		unlink(path);
	return krc;
}
