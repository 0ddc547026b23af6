/* db.h - the store: one LMDB environment, its named databases, transactions, meta */
#ifndef SVC_DB_H
#define SVC_DB_H

#include <stddef.h>
#include <stdint.h>

#include "msg.h"

struct svc_catalog;
struct svc_db;
struct svc_txn;

/* The modes of a store made by svc_db_create, set exactly (the umask
 * neither widens nor narrows them): one Unix group shares a store. */
#define SVC_DB_DIR_MODE 0770
#define SVC_DB_FILE_MODE 0660

/* Creates a new, empty store in the directory path (made if missing,
 * with SVC_DB_DIR_MODE), its files with SVC_DB_FILE_MODE.  A store
 * already there is an error (SVC_EDATA). */
int svc_db_create(const char *path, const struct svc_catalog *cat,
    struct svc_err *err);

enum {
	SVC_DB_NOMIGRATE = 1	/* open an older store without migrating it */
};

/* Opens the store at path with the tables of cat (which must outlive
 * it); SVC_ENOINPUT when there is none.  Migrating an older schema is
 * svc_store_open's work. */
int svc_db_open(const char *path, const struct svc_catalog *cat, int flags,
    struct svc_db **out, struct svc_err *err);
void svc_db_close(struct svc_db *db);
/* The catalog the store was opened with. */
const struct svc_catalog *svc_db_catalog(const struct svc_db *db);
const struct svc_catalog *svc_txn_catalog(const struct svc_txn *txn);

/* Records the current map size plus extra bytes in DIR/mapsize, so that
 * the next open starts with at least that much (for a command that
 * filled the map and could not be rerun at once).  Best effort. */
void svc_db_note_map_size(struct svc_db *db, size_t extra);

/* Counts the pages of the data file read from the next open on
 * (svc --stats); process-wide, as the zone is.  svc_db_pages_read: the
 * pages of the data file this process has touched since the open, as
 * the Referenced pages of its map in /proc/self/smaps (db.c maps every
 * page at the open and clears the accessed bits, so that a page counts
 * when it was read, however often, and never because the kernel mapped
 * it around a fault; where that cannot be done, as in a setgid svc, the
 * count is Rss, which fault-around may swell by up to 15 neighbours a
 * page).  *total is the pages the data file has in use.  0, or -1 when
 * /proc tells nothing (then *read is 0). */
void svc_db_count_pages(int on);
int svc_db_pages_read(struct svc_db *db, unsigned long *read,
    unsigned long *total);

/* The map size in bytes; doubles it (no transaction may be open). */
size_t svc_db_map_size(struct svc_db *db);
int svc_db_grow(struct svc_db *db, struct svc_err *err);

/* Writes a compacted, consistent copy of the store to the file path
 * (LMDB's data file format; open it with mdb tools or restore it as
 * DIR/data.mdb). */
int svc_db_backup(struct svc_db *db, const char *path, struct svc_err *err);

/* Asks for huge pages on what the heap grew by since the last call,
 * once a write transaction has begun (see heap_begin in db.c); called
 * where records are put. */
void svc_heap_watch(void);

/* The process is about to end: what it freed from now on is not given
 * back to the system one trim at a time (its exit does that). */
void svc_heap_end(void);

/* One transaction: read-only (write = 0) or the command's one write. */
int svc_txn_begin(struct svc_db *db, int write, struct svc_txn **out,
    struct svc_err *err);
int svc_txn_commit(struct svc_txn *txn, struct svc_err *err);
void svc_txn_abort(struct svc_txn *txn);
/* 1 when a write failed because the map was full: abort, grow, retry. */
int svc_txn_map_full(struct svc_txn *txn);
int svc_txn_is_write(struct svc_txn *txn);
/* 1 when the transaction wrote a record or a key of the store's meta
 * (its parameters, sequences), 0 when it changed nothing. */
int svc_txn_changed(struct svc_txn *txn);
/* How many write transactions this process has committed (safe to read
 * in a signal handler). */
int svc_db_commits(void);

/* What this transaction added, changed and deleted: each key of table
 * (its place in the catalog) as people write it ("SO-000012/3"), for
 * the change log.  A key noted twice in a row is kept once.  0, or
 * SVC_ESYSTEM when memory ran out. */
enum { SVC_NOTE_ADD, SVC_NOTE_CHANGE, SVC_NOTE_DELETE };
int svc_txn_note(struct svc_txn *txn, int table, int what, const char *key,
    size_t n, struct svc_err *err);
/* The keys noted for table and what, each followed by a NUL, in *keys
 * (*len bytes; NULL when none), and how many there are. */
unsigned long svc_txn_noted(struct svc_txn *txn, int table, int what,
    const char **keys, size_t *len);

/* The meta database: text values by text key ("schema_version",
 * "seq.order", "param.currency").  get puts a copy in *val (malloc'd,
 * NUL-terminated; the caller frees it), NULL when there is none. */
int svc_meta_get(struct svc_txn *txn, const char *key, char **val,
    struct svc_err *err);
int svc_meta_put(struct svc_txn *txn, const char *key, const char *val,
    struct svc_err *err);
int svc_meta_del(struct svc_txn *txn, const char *key, struct svc_err *err);
/* Calls fn for every meta key starting with prefix, in key order. */
int svc_meta_each(struct svc_txn *txn, const char *prefix,
    int (*fn)(void *arg, const char *key, const char *val), void *arg,
    struct svc_err *err);

/* Draws the next number of the sequence named name (1, 2, ...). */
int svc_meta_next(struct svc_txn *txn, const char *name, uint64_t *n,
    struct svc_err *err);

/* The change log (audit database): entries numbered 1, 2, ... in the
 * order they were written.  An entry of version 2 or later (its first
 * byte) is chained: it ends with the hash of the entry before it and
 * its own, SHA-256 over its number (8 bytes, big-endian), its bytes up
 * to its own hash (the previous hash included).  The hash of a version
 * 1 entry is SHA-256 of its bytes; the entry before the first has
 * 32 zero bytes. */
#define SVC_AUDIT_HASH 32
/* Appends rec (version byte first) under the next number: with the
 * hashes when its version is 2 or later. */
int svc_audit_append(struct svc_txn *txn, const void *rec, size_t n,
    struct svc_err *err);
/* Calls fn for every audit entry, oldest first (rec without the hashes
 * a version 2 entry ends with). */
int svc_audit_each(struct svc_txn *txn,
    int (*fn)(void *arg, uint64_t seq, const void *rec, size_t n),
    void *arg, struct svc_err *err);
/* Verifies the chain: numbers without a gap, each hashed entry naming
 * the hash of the one before it and matching its own hash, no unhashed
 * entry after a hashed one.  The first broken link goes to *seq (0 when
 * none) with what is wrong in why. */
int svc_audit_verify(struct svc_txn *txn, uint64_t *seq, char *why,
    size_t whylen, struct svc_err *err);

#endif
