/* db.c - the LMDB environment: creation, opening, transactions, map growth, meta, audit */
/* madvise, MADV_POPULATE_READ (svc --stats); sbrk, mallopt (heap_begin) */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "db_impl.h"
#include "dynlib.h"

/* The map is address space, not disk: LMDB only grows the file as pages
 * are written.  A large map means a command practically never meets
 * MDB_MAP_FULL; if one does, the caller grows the map and runs again. */
#if SIZE_MAX > 0xffffffffu
#define DEFAULT_MAP ((size_t)1 << 40)
#else
#define DEFAULT_MAP ((size_t)1 << 30)
#endif
#define MAX_DBS (2 + SVC_MAX_TABLES * 4)

/* svc_db_count_pages: opens begin with pages_begin */
static int count_pages;
static void pages_begin(struct svc_db *db);

int
svc_db_fail(struct svc_txn *txn, int rc, const char *what, struct svc_err *err)
{
	int status = SVC_ESYSTEM;

	switch (rc) {
	case MDB_MAP_FULL:
		if (txn)
			txn->map_full = 1;
		status = SVC_EAGAIN;
		break;
	case MDB_READERS_FULL:
		return svc_err_set(err, SVC_EAGAIN, "%s: the store is open in "
		    "as many processes as it has room for readers; try again "
		    "when fewer have it open", what);
	case EAGAIN:
	case EBUSY:
		status = SVC_EAGAIN;
		break;
	case EINVAL:
		/* an operation on the handle of a database the store lacks
		 * (svc_db_dbi) */
		if (txn && txn->missing[0])
			return svc_err_set(err, SVC_EINTERNAL, "the store is "
			    "damaged: it has no database '%s' (svc check)",
			    txn->missing);
		break;
	case MDB_CORRUPTED:
	case MDB_PAGE_NOTFOUND:
	case MDB_INVALID:
	case MDB_BAD_VALSIZE:
	case MDB_BAD_DBI:
	case MDB_INCOMPATIBLE:
		status = SVC_EINTERNAL;
		break;
	case EIO:
	case ENOSPC:
		status = SVC_EIO;
		break;
	case EACCES:
	case EPERM:
		status = SVC_EPERM;
		break;
	}
	return svc_err_set(err, status, "%s: %s", what, mdb_strerror(rc));
}

void
svc_db_index_name(const struct svc_table *t, int c, char *out, size_t n)
{
	snprintf(out, n, "%s.%s", t->name, t->cols[c].name);
}

static int
open_one(struct svc_txn *txn, const char *name, unsigned flags, int create,
    MDB_dbi *dbi, struct svc_err *err)
{
	int rc = mdb_dbi_open(txn->txn, name, flags | (create ? MDB_CREATE : 0),
	    dbi);

	if (rc == MDB_NOTFOUND && !create) {
		*dbi = 0;
		txn->db->missing++;
		return 0;
	}
	if (rc)
		return svc_db_fail(txn, rc, name, err);
	return 0;
}

/* Notes what open_one found for table slot i, column c (SVC_DBI_TABLE:
 * the table itself). */
static void
learnt(struct svc_txn *txn, int i, int c, int open)
{
	txn->db->dbi[i][c] = (open ? SVC_DBI_OPEN : SVC_DBI_NONE) |
	    SVC_DBI_TXN;
	txn->opened = 1;
}

int
svc_db_open_all(struct svc_txn *txn, int create, struct svc_err *err)
{
	struct svc_db *db = txn->db;
	char name[128];
	int i, c, rc, before;

	db->missing = 0;
	if ((rc = open_one(txn, "meta", 0, create, &db->meta, err)) ||
	    (rc = open_one(txn, "audit", 0, create, &db->audit, err)))
		return rc;
	for (i = 0; i < db->cat->ntables; i++) {
		const struct svc_table *t = db->cat->tables[i];

		before = db->missing;
		if ((rc = open_one(txn, t->name, 0, create, &db->tab[i], err)))
			return rc;
		if (db->missing != before)
			db->tab[i] = SVC_DBI_MISSING;
		learnt(txn, i, SVC_DBI_TABLE, db->missing == before);
		for (c = 0; c < t->ncols; c++) {
			db->idx[i][c] = 0;
			if (!svc_db_has_index(t, c)) {
				db->dbi[i][c] = SVC_DBI_NONE;
				continue;
			}
			svc_db_index_name(t, c, name, sizeof name);
			before = db->missing;
			if ((rc = open_one(txn, name, MDB_DUPSORT, create,
			    &db->idx[i][c], err)))
				return rc;
			if (db->missing != before)
				db->idx[i][c] = SVC_DBI_MISSING;
			learnt(txn, i, c, db->missing == before);
		}
	}
	return 0;
}

MDB_dbi
svc_db_dbi(struct svc_txn *txn, int ti, int c)
{
	struct svc_db *db = txn->db;
	const struct svc_table *t;
	char name[128];
	MDB_dbi *h;
	int rc;

	if (ti < 0 || ti >= db->cat->ntables)
		return SVC_DBI_MISSING;	/* no table of the catalog */
	h = c == SVC_DBI_TABLE ? &db->tab[ti] : &db->idx[ti][c];
	if (db->dbi[ti][c] & (SVC_DBI_OPEN | SVC_DBI_NONE))
		return *h;
	t = db->cat->tables[ti];
	if (c != SVC_DBI_TABLE && !svc_db_has_index(t, c)) {
		*h = 0;
		db->dbi[ti][c] = SVC_DBI_NONE;	/* so for good */
		return 0;
	}
	if (c == SVC_DBI_TABLE)
		snprintf(name, sizeof name, "%s", t->name);
	else
		svc_db_index_name(t, c, name, sizeof name);
	rc = mdb_dbi_open(txn->txn, name, c == SVC_DBI_TABLE ? 0 :
	    MDB_DUPSORT, h);
	if (rc) {
		/* missing (a damaged store: the open of a store creates
		 * every database its schema has), or LMDB refused */
		*h = SVC_DBI_MISSING;
		snprintf(txn->missing, sizeof txn->missing, "%s", name);
		learnt(txn, ti, c, 0);
		return *h;
	}
	learnt(txn, ti, c, 1);
	return *h;
}

/* The end of txn: what it learnt of handles is kept when it committed,
 * else forgotten (LMDB closed the handles it opened). */
static void
dbi_end(struct svc_txn *txn, int committed)
{
	struct svc_db *db = txn->db;
	unsigned char *p = &db->dbi[0][0];
	size_t i, n = sizeof db->dbi;

	if (!txn->opened)
		return;
	for (i = 0; i < n; i++)
		if (p[i] & SVC_DBI_TXN)
			p[i] = committed ?
			    (unsigned char)(p[i] & ~SVC_DBI_TXN) : 0;
}

static size_t
map_size_for(const char *path)
{
	char file[4096];
	struct stat st;
	FILE *fp;
	size_t want = DEFAULT_MAP;
	const char *env = getenv("SVC_MAPSIZE");

	if (env && *env)
		want = (size_t)strtoull(env, NULL, 10);
	snprintf(file, sizeof file, "%s/mapsize", path);
	if ((fp = fopen(file, "r"))) {
		unsigned long long noted;
		if (fscanf(fp, "%llu", &noted) == 1 && noted > want)
			want = (size_t)noted;
		fclose(fp);
	}
	snprintf(file, sizeof file, "%s/data.mdb", path);
	if (stat(file, &st) == 0 && (size_t)st.st_size > want / 2)
		want = (size_t)st.st_size * 2;
	return want;
}

void
svc_db_note_map_size(struct svc_db *db, size_t extra)
{
	char file[4096];
	FILE *fp = NULL;
	int fd;

	snprintf(file, sizeof file, "%s/mapsize", db->path);
	fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, SVC_DB_FILE_MODE);
	if (fd >= 0 && !(fp = fdopen(fd, "w")))
		close(fd);
	if (fd >= 0 && fp) {
		fprintf(fp, "%llu\n", (unsigned long long)(db->mapsize + extra));
		fclose(fp);
	}
}

/* The data file holds every page its own meta page counts: a shorter
 * one (cut by a full disk or a bad copy) would fault on the first read
 * of a missing page, so it is refused before any is read. */
static int
whole(struct svc_db *db, const char *path, struct svc_err *err)
{
	char file[4096];
	struct stat st;
	MDB_envinfo info;
	MDB_stat ms;

	snprintf(file, sizeof file, "%s/data.mdb", path);
	/* the meta page first, the file after: a writer writes its pages
	 * before the meta page that counts them, so a file looked at after
	 * the meta page holds them all (looked at before, a commit between
	 * the two would make a whole store look short) */
	if (mdb_env_info(db->env, &info) || mdb_env_stat(db->env, &ms) ||
	    stat(file, &st) < 0)
		return 0;
	if ((uint64_t)st.st_size < ((uint64_t)info.me_last_pgno + 1) *
	    ms.ms_psize)
		return svc_err_set(err, SVC_EIO, "%s is shorter than its own "
		    "records say (%llu bytes of %llu): the store is damaged; "
		    "restore it from svc backup", file,
		    (unsigned long long)st.st_size,
		    (unsigned long long)(((uint64_t)info.me_last_pgno + 1) *
		    ms.ms_psize));
	return 0;
}

/* LMDB sizes lock.mdb with ftruncate and writes it through a shared
 * map: on a full file system the first write to a page with no block
 * behind it is a SIGBUS.  The file's blocks are therefore reserved
 * before LMDB maps it (LOCK_ROOM is its size with the default 126
 * readers), so a full disk is an error message.  Never after: closing
 * any descriptor of the file would drop LMDB's locks on it.  A file
 * system that cannot reserve blocks is left to LMDB as before. */
#define LOCK_ROOM 8192

static int
lock_room(const char *path, off_t size, struct svc_err *err)
{
	char file[4096];
	struct stat st;
	int fd, rc;

	snprintf(file, sizeof file, "%s/lock.mdb", path);
	/* a lock file of full size is LMDB's, perhaps in use: left alone
	 * (where the file system cannot reserve blocks, posix_fallocate
	 * writes bytes, which could race with its readers) */
	if (stat(file, &st) == 0 && st.st_size >= size)
		return 0;
	if ((fd = open(file, O_RDWR | O_CREAT, SVC_DB_FILE_MODE)) < 0)
		return 0;
	rc = posix_fallocate(fd, 0, size);
	close(fd);
	if (rc == ENOSPC || rc == EDQUOT)
		return svc_err_set(err, SVC_EIO, "cannot create %s: no space "
		    "left on device", file);
	return 0;
}

/* LMDB reports a write that a full disk cut short as EIO: when the
 * store's file system has no room left, that is what it says. */
static int
disk_full(const char *path, int rc)
{
	struct statvfs vfs;

	if (rc == ENOSPC || rc == EDQUOT)
		return 1;
	return rc == EIO && statvfs(path, &vfs) == 0 &&
	    (uint64_t)vfs.f_bavail * vfs.f_frsize < 1024 * 1024;
}

/* The map of a store in a limited address space: its data file twice
 * over and SMALL_ROOM more, or the size a command noted it would need
 * (DIR/mapsize) when that is more; a command that fills it grows it. */
#define SMALL_ROOM ((size_t)64 << 20)

static size_t
small_map_for(const char *path)
{
	char file[4096];
	struct stat st;
	unsigned long long noted;
	size_t size = 0;
	FILE *fp;

	snprintf(file, sizeof file, "%s/data.mdb", path);
	if (stat(file, &st) == 0)
		size = (size_t)st.st_size;
	size = size * 2 + SMALL_ROOM;
	snprintf(file, sizeof file, "%s/mapsize", path);
	if ((fp = fopen(file, "r"))) {
		if (fscanf(fp, "%llu", &noted) == 1 && noted > size)
			size = (size_t)noted;
		fclose(fp);
	}
	return size;
}

static int
open_map(struct svc_db *db, const char *path)
{
	int rc;

	if ((rc = mdb_env_create(&db->env)) ||
	    (rc = mdb_env_set_maxdbs(db->env, MAX_DBS)) ||
	    (rc = mdb_env_set_mapsize(db->env, db->mapsize)))
		return rc;
	return mdb_env_open(db->env, path, MDB_NOTLS, SVC_DB_FILE_MODE);
}

static int
env_open(const char *path, struct svc_db **out, struct svc_err *err)
{
	struct svc_db *db;
	int rc;

	db = calloc(1, sizeof *db);
	if (!db || !(db->path = strdup(path))) {
		free(db);
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	}
	db->mapsize = map_size_for(path);
	if ((rc = lock_room(path, LOCK_ROOM, err)))
		goto fail;
	rc = open_map(db, path);
	if ((rc == ENOMEM || rc == EINVAL) &&
	    db->mapsize > small_map_for(path)) {
		/* the address space is limited: ulimit -v (ENOMEM) or
		 * valgrind, which refuses a map that large (EINVAL); a map
		 * just large enough for the file and room to grow */
		mdb_env_close(db->env);
		db->env = NULL;
		db->mapsize = small_map_for(path);
		rc = open_map(db, path);
	}
	if (rc) {
		if (disk_full(path, rc))
			svc_err_set(err, SVC_EIO, "cannot open the store at %s: "
			    "no space left on device", path);
		else
			svc_db_fail(NULL, rc, path, err);
		goto fail;
	}
	if (count_pages)
		pages_begin(db);
	if ((rc = whole(db, path, err)))
		goto fail;
	/* the reader slots of processes that died holding the store open
	 * are freed, or the table of readers fills up for good */
	mdb_reader_check(db->env, NULL);
	*out = db;
	return 0;
fail:
	if (db->env)
		mdb_env_close(db->env);
	free(db->path);
	free(db);
	return err->status;
}

/* mkdir -p: the default store lives in ~/.local/share, which a new
 * account may not have yet. */
static int
mkdir_parents(const char *path)
{
	char *p = strdup(path), *s;
	int rc = 0;

	if (!p)
		return -1;
	for (s = p + 1; *s && rc == 0; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0775) < 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (rc == 0 && mkdir(p, 0775) < 0 && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

static int
set_file_mode(const char *dir, const char *name, struct svc_err *err)
{
	char file[4096];

	snprintf(file, sizeof file, "%s/%s", dir, name);
	if (chmod(file, SVC_DB_FILE_MODE) < 0)
		return svc_err_set(err, SVC_ESYSTEM, "cannot set the mode of "
		    "%s: %s", file, strerror(errno));
	return 0;
}

int
svc_db_create(const char *path, const struct svc_catalog *cat,
    struct svc_err *err)
{
	char file[4096], ver[16];
	struct stat st;
	struct svc_db *db;
	struct svc_txn *txn;
	int rc, new_dir;

	snprintf(file, sizeof file, "%s/data.mdb", path);
	if (stat(file, &st) == 0)
		return svc_err_set(err, SVC_EDATA, "a store exists already at %s",
		    path);
	new_dir = stat(path, &st) < 0;
	if (mkdir_parents(path) < 0)
		return svc_err_set(err, errno == ENOSPC || errno == EDQUOT ?
		    SVC_EIO : errno == EACCES || errno == EPERM ? SVC_EPERM :
		    SVC_ESYSTEM, "cannot create %s: %s", path,
		    strerror(errno));
	/* exactly these modes, whatever the umask: one group shares a
	 * store; a directory made beforehand keeps its own (its group and
	 * setgid bit are the installer's choice) */
	if (new_dir && chmod(path, SVC_DB_DIR_MODE) < 0)
		return svc_err_set(err, SVC_ESYSTEM, "cannot set the mode of "
		    "%s: %s", path, strerror(errno));
	if ((rc = svc_catalog_check(cat, err)))
		return rc;
	if ((rc = env_open(path, &db, err)))
		return rc;
	if ((rc = set_file_mode(path, "data.mdb", err)) ||
	    (rc = set_file_mode(path, "lock.mdb", err)))
		goto out;
	db->cat = cat;
	if ((rc = svc_txn_begin(db, 1, &txn, err)))
		goto out;
	snprintf(ver, sizeof ver, "%d", SVC_SCHEMA_VERSION);
	if ((rc = svc_db_open_all(txn, 1, err)) ||
	    (rc = svc_meta_put(txn, "schema_version", ver, err))) {
		svc_txn_abort(txn);
		goto out;
	}
	rc = svc_txn_commit(txn, err);
out:
	svc_db_close(db);
	return rc;
}

int
svc_db_open(const char *path, const struct svc_catalog *cat, int flags,
    struct svc_db **out, struct svc_err *err)
{
	char file[4096];
	struct stat st;
	struct svc_txn *txn;
	int rc;

	(void)flags;
	snprintf(file, sizeof file, "%s/data.mdb", path);
	if (stat(file, &st) < 0 && (errno == EACCES || errno == EPERM))
		return svc_err_set(err, SVC_EPERM, "cannot open the store at "
		    "%s: permission denied", path);
	if (stat(file, &st) < 0)
		return svc_err_set(err, SVC_ENOINPUT,
		    "no store at %s (create one with 'svc init')", path);
	if ((rc = svc_catalog_check(cat, err)) ||
	    (rc = env_open(path, out, err)))
		return rc;
	(*out)->cat = cat;
	if ((rc = svc_txn_begin(*out, 0, &txn, err)))
		goto fail;
	/* meta and audit; tables and indexes when first used */
	(*out)->missing = 0;
	if ((rc = open_one(txn, "meta", 0, 0, &(*out)->meta, err)) ||
	    (rc = open_one(txn, "audit", 0, 0, &(*out)->audit, err))) {
		svc_txn_abort(txn);
		goto fail;
	}
	/* committing a read transaction keeps its database handles open */
	if ((rc = svc_txn_commit(txn, err)))
		goto fail;
	return 0;
fail:
	svc_db_close(*out);
	*out = NULL;
	return rc;
}

void
svc_db_close(struct svc_db *db)
{
	if (!db)
		return;
	mdb_env_close(db->env);
	free(db->path);
	free(db);
}

const struct svc_catalog *
svc_db_catalog(const struct svc_db *db)
{
	return db->cat;
}

const struct svc_catalog *
svc_txn_catalog(const struct svc_txn *txn)
{
	return txn->db->cat;
}

void
svc_db_count_pages(int on)
{
	count_pages = on;
}

/* The first line in /proc/self/smaps of the mapping of the data file
 * (its device and inode: START-END PERMS OFFSET MAJOR:MINOR INODE PATH);
 * fp is left after it.  1 with its start address, 0 when there is none. */
static int
find_map(FILE *fp, const struct stat *st, unsigned long long *at)
{
	char line[512], perms[8];
	unsigned long long start, end, off, ino;
	unsigned maj, mnr;

	while (fgets(line, sizeof line, fp))
		if (sscanf(line, "%llx-%llx %7s %llx %x:%x %llu", &start, &end,
		    perms, &off, &maj, &mnr, &ino) == 7 &&
		    ino == (unsigned long long)st->st_ino &&
		    maj == major(st->st_dev) && mnr == minor(st->st_dev)) {
			*at = start;
			return 1;
		}
	return 0;
}

static int
data_stat(struct svc_db *db, struct stat *st)
{
	mdb_filehandle_t fd;

	return mdb_env_get_fd(db->env, &fd) || fstat(fd, st) < 0 ? -1 : 0;
}

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22	/* Linux 5.14 */
#endif

/* Counting pages read (svc --stats): every page of the data file is
 * mapped now, then the accessed bits of the process's pages are
 * cleared (/proc/self/clear_refs), so that the Referenced pages of the
 * map at the end are those the command touched, never the neighbours
 * the kernel maps around a page fault.  Best effort: without it,
 * Referenced is Rss. */
static void
pages_begin(struct svc_db *db)
{
	struct stat st;
	unsigned long long at;
	FILE *fp;
	int found;

	if (data_stat(db, &st) || !(fp = fopen("/proc/self/smaps", "r")))
		return;
	found = find_map(fp, &st, &at);
	fclose(fp);
	if (!found || madvise((void *)(uintptr_t)at, (size_t)st.st_size,
	    MADV_POPULATE_READ) < 0 ||
	    !(fp = fopen("/proc/self/clear_refs", "w")))
		return;
	fputs("1", fp);
	fclose(fp);
}

int
svc_db_pages_read(struct svc_db *db, unsigned long *read,
    unsigned long *total)
{
	MDB_envinfo info;
	MDB_stat ms;
	struct stat st;
	char line[512];
	unsigned long long at, kb;
	FILE *fp;
	int rc = -1;

	*read = *total = 0;
	if (mdb_env_info(db->env, &info) || mdb_env_stat(db->env, &ms) ||
	    data_stat(db, &st))
		return -1;
	*total = (unsigned long)info.me_last_pgno + 1;
	if (!(fp = fopen("/proc/self/smaps", "r")))
		return -1;
	if (find_map(fp, &st, &at))
		while (fgets(line, sizeof line, fp))
			if (sscanf(line, "Referenced: %llu kB", &kb) == 1) {
				*read = (unsigned long)(kb * 1024 /
				    ms.ms_psize);
				rc = 0;
				break;
			}
	fclose(fp);
	return rc;
}

size_t
svc_db_map_size(struct svc_db *db)
{
	return db->mapsize;
}

int
svc_db_grow(struct svc_db *db, struct svc_err *err)
{
	size_t want = db->mapsize * 2;
	int rc;

	if (want < db->mapsize)
		return svc_err_set(err, SVC_ESYSTEM, "store map cannot grow");
	if ((rc = mdb_env_set_mapsize(db->env, want)))
		return svc_db_fail(NULL, rc, "growing the store map", err);
	db->mapsize = want;
	return 0;
}

int
svc_db_backup(struct svc_db *db, const char *path, struct svc_err *err)
{
	char *tmp = NULL;
	int fd, rc, to_stdout = strcmp(path, "-") == 0;

	if (to_stdout)
		fd = STDOUT_FILENO;
	else {
		if (!(tmp = malloc(strlen(path) + 8)))
			return svc_err_set(err, SVC_ESYSTEM, "out of memory");
		sprintf(tmp, "%s.tmp", path);
		fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0) {
			rc = svc_err_set(err, SVC_EIO, "cannot write %s: %s",
			    tmp, strerror(errno));
			free(tmp);
			return rc;
		}
	}
	rc = mdb_env_copyfd2(db->env, fd, MDB_CP_COMPACT);
	if (rc) {
		svc_db_fail(NULL, rc, "backup", err);
		if (!to_stdout) {
			close(fd);
			unlink(tmp);
		}
		free(tmp);
		return err->status;
	}
	if (!to_stdout) {
		if (fsync(fd) < 0 || close(fd) < 0 || rename(tmp, path) < 0) {
			rc = svc_err_set(err, SVC_EIO, "cannot write %s: %s",
			    path, strerror(errno));
			unlink(tmp);
			free(tmp);
			return rc;
		}
	}
	free(tmp);
	return 0;
}

#if defined(__GLIBC__) && defined(M_TOP_PAD) && defined(MADV_HUGEPAGE)
#define HEAP_HUGE 1
#endif

#ifdef HEAP_HUGE
/* How much the heap of a writing process grows at a time. */
#define HEAP_STEP (32 << 20)
#define HUGE_PAGE ((uintptr_t)2 << 20)

/* The heap is asked for huge pages from heap_from (the first huge page
 * wholly above the break when the first write began) up to heap_told;
 * 0: not at all. */
static uintptr_t heap_from, heap_told;
#endif

/* LMDB copies each page a write transaction touches into memory of its
 * own, malloc'd 4 KiB at a time: an import, a generation or a bill run
 * touches hundreds of MiB of fresh heap, a page fault for every 4 KiB,
 * and a page fault is dear on a virtual machine (some 10 us on the
 * bench's).  From the first write transaction of a process on, the
 * heap grows HEAP_STEP at a time and what it grew by is asked for
 * transparent huge pages (granted where
 * /sys/kernel/mm/transparent_hugepage/enabled is "madvise" or
 * "always"): a fault for every 2 MiB.  The heap is trimmed as before.
 * Not under a limit of address space (ulimit -v), which the steps would
 * eat into, nor with SVC_HEAP=plain. */
static void
heap_begin(void)
{
#ifdef HEAP_HUGE
	struct rlimit rl;
	const char *e = getenv("SVC_HEAP");

	if (heap_told || (e && strcmp(e, "plain") == 0) ||
	    getrlimit(RLIMIT_AS, &rl) != 0 || rl.rlim_cur != RLIM_INFINITY)
		return;
	mallopt(M_TOP_PAD, HEAP_STEP);
	heap_from = heap_told = ((uintptr_t)sbrk(0) + HUGE_PAGE - 1) &
	    ~(HUGE_PAGE - 1);
#endif
}

void
svc_heap_watch(void)
{
#ifdef HEAP_HUGE
	/* sbrk(0) reads a variable: cheap enough for every put */
	uintptr_t to = (uintptr_t)sbrk(0) & ~(HUGE_PAGE - 1);

	if (!heap_told || to == heap_told)
		return;
	if (to > heap_told)
		madvise((void *)heap_told, to - heap_told, MADV_HUGEPAGE);
	/* trimmed: what grows again from here is asked for again */
	heap_told = to > heap_from ? to : heap_from;
#endif
}

void
svc_heap_end(void)
{
#ifdef HEAP_HUGE
	/* LMDB frees the pages it kept one by one as the store is closed,
	 * and the heap would be trimmed again and again as they go: the
	 * process ends, and its exit gives the memory back at once */
	if (heap_told)
		mallopt(M_TRIM_THRESHOLD, INT_MAX);
#endif
}

int
svc_txn_begin(struct svc_db *db, int write, struct svc_txn **out,
    struct svc_err *err)
{
	struct svc_txn *txn = calloc(1, sizeof *txn);
	int rc;

	if (!txn)
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	txn->db = db;
	txn->write = write;
	if (write)
		heap_begin();
	rc = mdb_txn_begin(db->env, NULL, write ? 0 : MDB_RDONLY, &txn->txn);
	if (rc == MDB_READERS_FULL) {
		/* the slots of processes that died since the store was
		 * opened are freed, and the begin tried once more */
		int dead = 0;

		if (mdb_reader_check(db->env, &dead) == 0 && dead > 0)
			rc = mdb_txn_begin(db->env, NULL,
			    write ? 0 : MDB_RDONLY, &txn->txn);
	}
	if (rc) {
		free(txn);
		return svc_db_fail(NULL, rc, "beginning a transaction", err);
	}
	*out = txn;
	return 0;
}

static void
txn_free(struct svc_txn *txn)
{
	int i, w;

	for (i = 0; i < SVC_MAX_TABLES; i++)
		for (w = 0; w < 3; w++)
			svc_buf_free(&txn->notes[i][w]);
	for (i = 0; i < (int)(sizeof txn->recs / sizeof txn->recs[0]); i++)
		svc_buf_free(&txn->recs[i].kv);
	svc_buf_free(&txn->append.parent);
	free(txn);
}

/* write transactions this process has committed */
static volatile sig_atomic_t commits;

int
svc_db_commits(void)
{
	return commits;
}

int
svc_txn_commit(struct svc_txn *txn, struct svc_err *err)
{
	int rc = mdb_txn_commit(txn->txn);

	if (!rc && txn->write)
		commits++;

	dbi_end(txn, rc == 0);
	if (rc && disk_full(txn->db->path, rc))
		svc_err_set(err, SVC_EIO, "commit: no space left on device "
		    "(%s): nothing was changed", txn->db->path);
	else if (rc)
		svc_db_fail(txn, rc, "commit", err);
	txn_free(txn);
	return rc ? err->status : 0;
}

void
svc_txn_abort(struct svc_txn *txn)
{
	if (!txn)
		return;
	mdb_txn_abort(txn->txn);
	dbi_end(txn, 0);
	txn_free(txn);
}

int
svc_txn_map_full(struct svc_txn *txn)
{
	return txn->map_full;
}

int
svc_txn_is_write(struct svc_txn *txn)
{
	return txn->write;
}

int
svc_txn_note(struct svc_txn *txn, int table, int what, const char *key,
    size_t n, struct svc_err *err)
{
	struct svc_buf *b = &txn->notes[table][what];
	size_t last;

	/* an order written again and again (its lines, its progress) is
	 * noted once */
	if (b->len >= n + 1) {
		last = b->len - n - 1;
		if ((last == 0 || b->p[last - 1] == '\0') &&
		    memcmp(b->p + last, key, n) == 0)
			return 0;
	}
	txn->changes++;
	if (svc_buf_add(b, key, n) < 0 || svc_buf_add(b, "", 1) < 0)
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	txn->counts[table][what]++;
	return 0;
}

int
svc_txn_changed(struct svc_txn *txn)
{
	return txn->changes > 0;
}

unsigned long
svc_txn_noted(struct svc_txn *txn, int table, int what, const char **keys,
    size_t *len)
{
	*keys = txn->notes[table][what].p;
	*len = txn->notes[table][what].len;
	return txn->counts[table][what];
}

/* the largest key and value kept together */
#define REC_KEPT_MAX 2048

static struct svc_rec_kept *
rec_slot(struct svc_txn *txn, const struct svc_table *t, const char *key,
    size_t klen)
{
	return &txn->recs[svc_txn_hash(t, key, klen,
	    sizeof txn->recs / sizeof txn->recs[0])];
}

int
svc_rec_kept(struct svc_txn *txn, const struct svc_table *t, const char *key,
    size_t klen, MDB_val *v)
{
	struct svc_rec_kept *r = rec_slot(txn, t, key, klen);

	if (r->t != t || r->klen != klen || memcmp(r->kv.p, key, klen))
		return 0;
	v->mv_data = r->kv.p + klen;
	v->mv_size = r->kv.len - klen;
	return 1;
}

void
svc_rec_keep(struct svc_txn *txn, const struct svc_table *t, const char *key,
    size_t klen, const void *val, size_t vlen)
{
	struct svc_rec_kept *r = rec_slot(txn, t, key, klen);

	r->t = NULL;
	if (klen + vlen > REC_KEPT_MAX)
		return;		/* the slot forgets what it had */
	svc_buf_reset(&r->kv);
	if (svc_buf_add(&r->kv, key, klen) < 0 ||
	    svc_buf_add(&r->kv, val, vlen) < 0)
		return;
	r->t = t;
	r->klen = klen;
}

void
svc_rec_forget(struct svc_txn *txn, const struct svc_table *t,
    const char *key, size_t klen)
{
	struct svc_rec_kept *r = rec_slot(txn, t, key, klen);

	if (r->t == t && r->klen == klen && !memcmp(r->kv.p, key, klen))
		r->t = NULL;
}

void
svc_rec_forget_all(struct svc_txn *txn)
{
	size_t i;

	for (i = 0; i < sizeof txn->recs / sizeof txn->recs[0]; i++)
		txn->recs[i].t = NULL;
}

int
svc_db_drop_named(struct svc_txn *txn, const char *name, struct svc_err *err)
{
	MDB_dbi dbi;
	int rc = mdb_dbi_open(txn->txn, name, MDB_DUPSORT, &dbi);

	if (rc == MDB_NOTFOUND)
		return 0;
	if (!rc && !(rc = mdb_drop(txn->txn, dbi, 1)))
		txn->changes++;
	return rc ? svc_db_fail(txn, rc, name, err) : 0;
}

int
svc_db_clear(struct svc_txn *txn, MDB_dbi dbi, struct svc_err *err)
{
	int rc = mdb_drop(txn->txn, dbi, 0);

	/* the references and records remembered may be of records it
	 * held */
	memset(txn->refs, 0, sizeof txn->refs);
	svc_rec_forget_all(txn);
	txn->append.t = NULL;
	txn->changes++;
	return rc ? svc_db_fail(txn, rc, "clearing a database", err) : 0;
}

int
svc_meta_get(struct svc_txn *txn, const char *key, char **val,
    struct svc_err *err)
{
	MDB_val k = { strlen(key), (void *)key }, v;
	int rc = mdb_get(txn->txn, txn->db->meta, &k, &v);

	*val = NULL;
	if (rc == MDB_NOTFOUND)
		return 0;
	if (rc)
		return svc_db_fail(txn, rc, key, err);
	if (!(*val = malloc(v.mv_size + 1)))
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	memcpy(*val, v.mv_data, v.mv_size);
	(*val)[v.mv_size] = '\0';
	return 0;
}

int
svc_meta_put(struct svc_txn *txn, const char *key, const char *val,
    struct svc_err *err)
{
	MDB_val k = { strlen(key), (void *)key }, v = { strlen(val), (void *)val };
	int rc = mdb_put(txn->txn, txn->db->meta, &k, &v, 0);

	txn->changes++;
	return rc ? svc_db_fail(txn, rc, key, err) : 0;
}

int
svc_meta_del(struct svc_txn *txn, const char *key, struct svc_err *err)
{
	MDB_val k = { strlen(key), (void *)key };
	int rc = mdb_del(txn->txn, txn->db->meta, &k, NULL);

	txn->changes += rc == 0;
	return rc && rc != MDB_NOTFOUND ? svc_db_fail(txn, rc, key, err) : 0;
}

int
svc_meta_each(struct svc_txn *txn, const char *prefix,
    int (*fn)(void *arg, const char *key, const char *val), void *arg,
    struct svc_err *err)
{
	size_t plen = strlen(prefix);
	MDB_cursor *cur;
	MDB_val k = { plen, (void *)prefix }, v;
	char *ks = NULL, *vs = NULL;
	int rc, op = MDB_SET_RANGE;

	if ((rc = mdb_cursor_open(txn->txn, txn->db->meta, &cur)))
		return svc_db_fail(txn, rc, "meta", err);
	if (plen == 0)
		op = MDB_FIRST;
	while ((rc = mdb_cursor_get(cur, &k, &v, op)) == 0) {
		op = MDB_NEXT;
		if (k.mv_size < plen || memcmp(k.mv_data, prefix, plen) != 0)
			break;
		ks = strndup(k.mv_data, k.mv_size);
		vs = strndup(v.mv_data, v.mv_size);
		if (!ks || !vs) {
			rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
			goto out;
		}
		if ((rc = fn(arg, ks, vs)))
			goto out;
		free(ks);
		free(vs);
		ks = vs = NULL;
	}
	rc = rc == MDB_NOTFOUND || rc == 0 ? 0 : svc_db_fail(txn, rc, "meta", err);
out:
	free(ks);
	free(vs);
	mdb_cursor_close(cur);
	return rc;
}

int
svc_meta_next(struct svc_txn *txn, const char *name, uint64_t *n,
    struct svc_err *err)
{
	char key[128], num[32], *val = NULL;
	int rc;

	snprintf(key, sizeof key, "next.%s", name);
	if ((rc = svc_meta_get(txn, key, &val, err)))
		return rc;
	*n = val ? strtoull(val, NULL, 10) : 1;
	free(val);
	snprintf(num, sizeof num, "%llu", (unsigned long long)(*n + 1));
	return svc_meta_put(txn, key, num, err);
}

static void
be64(unsigned char *p, uint64_t v)
{
	int i;

	for (i = 7; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)v;
}

static uint64_t
seq_of(const MDB_val *k)
{
	uint64_t seq = 0;
	size_t i;

	for (i = 0; i < 8 && i < k->mv_size; i++)
		seq = seq << 8 | ((const unsigned char *)k->mv_data)[i];
	return seq;
}

/* SHA-256 of the parts (a NULL part ends them); 0 or -1. */
static int
sha256(unsigned char out[SVC_AUDIT_HASH], const void *p1, size_t n1,
    const void *p2, size_t n2)
{
	const struct svc_crypto *c = CRYPTO;
	EVP_MD_CTX *md = c->EVP_MD_CTX_new();
	unsigned len = 0;
	int ok;

	if (!md)
		return -1;
	ok = c->EVP_DigestInit_ex(md, c->EVP_sha256(), NULL) &&
	    c->EVP_DigestUpdate(md, p1, n1) &&
	    (!p2 || c->EVP_DigestUpdate(md, p2, n2)) &&
	    c->EVP_DigestFinal_ex(md, out, &len) && len == SVC_AUDIT_HASH;
	c->EVP_MD_CTX_free(md);
	return ok ? 0 : -1;
}

static int
hashed(const MDB_val *v)
{
	return v->mv_size >= 1 + 2 * SVC_AUDIT_HASH &&
	    *(const unsigned char *)v->mv_data >= 2;
}

/* The hash that the entry after v names: its own, or for an entry
 * without one (version 1) the hash of its bytes. */
static int
link_of(const MDB_val *v, unsigned char out[SVC_AUDIT_HASH])
{
	if (hashed(v)) {
		memcpy(out, (const char *)v->mv_data + v->mv_size -
		    SVC_AUDIT_HASH, SVC_AUDIT_HASH);
		return 0;
	}
	return sha256(out, v->mv_data, v->mv_size, NULL, 0);
}

/* The hash of the entry numbered seq whose bytes up to its own hash are
 * rec (n bytes). */
static int
entry_hash(uint64_t seq, const void *rec, size_t n,
    unsigned char out[SVC_AUDIT_HASH])
{
	unsigned char num[8];

	be64(num, seq);
	return sha256(out, num, 8, rec, n);
}

int
svc_audit_append(struct svc_txn *txn, const void *rec, size_t n,
    struct svc_err *err)
{
	unsigned char key[8], prev[SVC_AUDIT_HASH], *full = NULL;
	MDB_cursor *cur;
	MDB_val k, v;
	uint64_t next = 1;
	int rc;

	memset(prev, 0, sizeof prev);
	if ((rc = svc_crypto_load(err)))
		return rc;
	if ((rc = mdb_cursor_open(txn->txn, txn->db->audit, &cur)))
		return svc_db_fail(txn, rc, "audit", err);
	rc = mdb_cursor_get(cur, &k, &v, MDB_LAST);
	if (rc == 0 && k.mv_size == 8) {
		next = seq_of(&k) + 1;
		if (link_of(&v, prev) < 0) {
			mdb_cursor_close(cur);
			return svc_err_set(err, SVC_ESYSTEM, "SHA-256 failed");
		}
	}
	mdb_cursor_close(cur);
	if (rc && rc != MDB_NOTFOUND)
		return svc_db_fail(txn, rc, "audit", err);
	be64(key, next);
	k.mv_size = 8;
	k.mv_data = key;
	v.mv_size = n;
	v.mv_data = (void *)rec;
	if (n >= 1 && *(const unsigned char *)rec >= 2) {
		/* the entry, the previous hash, its own hash */
		if (!(full = malloc(n + 2 * SVC_AUDIT_HASH)))
			return svc_err_set(err, SVC_ESYSTEM, "out of memory");
		memcpy(full, rec, n);
		memcpy(full + n, prev, SVC_AUDIT_HASH);
		if (entry_hash(next, full, n + SVC_AUDIT_HASH,
		    full + n + SVC_AUDIT_HASH) < 0) {
			free(full);
			return svc_err_set(err, SVC_ESYSTEM, "SHA-256 failed");
		}
		v.mv_size = n + 2 * SVC_AUDIT_HASH;
		v.mv_data = full;
	}
	rc = mdb_put(txn->txn, txn->db->audit, &k, &v, MDB_APPEND);
	free(full);
	return rc ? svc_db_fail(txn, rc, "audit", err) : 0;
}

int
svc_audit_each(struct svc_txn *txn,
    int (*fn)(void *arg, uint64_t seq, const void *rec, size_t n),
    void *arg, struct svc_err *err)
{
	MDB_cursor *cur;
	MDB_val k, v;
	int rc, op = MDB_FIRST;

	if ((rc = mdb_cursor_open(txn->txn, txn->db->audit, &cur)))
		return svc_db_fail(txn, rc, "audit", err);
	while ((rc = mdb_cursor_get(cur, &k, &v, op)) == 0) {
		op = MDB_NEXT;
		if ((rc = fn(arg, seq_of(&k), v.mv_data, hashed(&v) ?
		    v.mv_size - 2 * SVC_AUDIT_HASH : v.mv_size)))
			break;
	}
	mdb_cursor_close(cur);
	if (rc == MDB_NOTFOUND)
		return 0;
	return rc;
}

int
svc_audit_verify(struct svc_txn *txn, uint64_t *seq, char *why,
    size_t whylen, struct svc_err *err)
{
	unsigned char prev[SVC_AUDIT_HASH], mine[SVC_AUDIT_HASH];
	MDB_cursor *cur;
	MDB_val k, v;
	uint64_t want = 1, at;
	int rc, op = MDB_FIRST, chained = 0;
	const unsigned char *p;

	*seq = 0;
	why[0] = '\0';
	memset(prev, 0, sizeof prev);
	if ((rc = svc_crypto_load(err)))
		return rc;
	if ((rc = mdb_cursor_open(txn->txn, txn->db->audit, &cur)))
		return svc_db_fail(txn, rc, "audit", err);
	while ((rc = mdb_cursor_get(cur, &k, &v, op)) == 0) {
		op = MDB_NEXT;
		at = seq_of(&k);
		p = v.mv_data;
		if (k.mv_size != 8 || at != want) {
			*seq = at;
			if (k.mv_size == 8 && at == want + 1)
				snprintf(why, whylen, "entry %llu before it is "
				    "missing", (unsigned long long)want);
			else if (k.mv_size == 8 && at > want)
				snprintf(why, whylen, "entries %llu to %llu "
				    "before it are missing",
				    (unsigned long long)want,
				    (unsigned long long)(at - 1));
			else
				snprintf(why, whylen, "a bad entry number "
				    "(%llu was next)", (unsigned long long)want);
			break;
		}
		want++;
		if (v.mv_size < 1 || p[0] > 2) {
			*seq = at;
			snprintf(why, whylen, "an entry of unknown version %d",
			    v.mv_size ? p[0] : -1);
			break;
		}
		if (p[0] == 1 && chained) {
			*seq = at;
			snprintf(why, whylen, "an entry without a hash after "
			    "hashed entries");
			break;
		}
		if (p[0] >= 2 && !hashed(&v)) {
			*seq = at;
			snprintf(why, whylen, "an entry too short for its "
			    "hashes");
			break;
		}
		if (p[0] >= 2) {
			chained = 1;
			if (memcmp(p + v.mv_size - 2 * SVC_AUDIT_HASH, prev,
			    SVC_AUDIT_HASH)) {
				*seq = at;
				snprintf(why, whylen, "it does not follow entry "
				    "%llu: the hash it names is not that "
				    "entry's (an entry before it was changed, "
				    "removed or added)",
				    (unsigned long long)(at - 1));
				break;
			}
			if (entry_hash(at, p, v.mv_size - SVC_AUDIT_HASH,
			    mine) < 0) {
				rc = svc_err_set(err, SVC_ESYSTEM,
				    "SHA-256 failed");
				goto out;
			}
			if (memcmp(mine, p + v.mv_size - SVC_AUDIT_HASH,
			    SVC_AUDIT_HASH)) {
				*seq = at;
				snprintf(why, whylen, "it was changed after it "
				    "was written: its hash does not match its "
				    "content");
				break;
			}
		}
		if (link_of(&v, prev) < 0) {
			rc = svc_err_set(err, SVC_ESYSTEM, "SHA-256 failed");
			goto out;
		}
	}
	rc = rc == 0 || rc == MDB_NOTFOUND ? 0 : svc_db_fail(txn, rc, "audit",
	    err);
out:
	mdb_cursor_close(cur);
	return rc;
}
