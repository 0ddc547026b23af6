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

/* The map size in bytes; doubles it (no transaction may be open). */
size_t svc_db_map_size(struct svc_db *db);
int svc_db_grow(struct svc_db *db, struct svc_err *err);

/* Writes a compacted, consistent copy of the store to the file path
 * (LMDB's data file format; open it with mdb tools or restore it as
 * DIR/data.mdb). */
int svc_db_backup(struct svc_db *db, const char *path, struct svc_err *err);

/* One transaction: read-only (write = 0) or the command's one write. */
int svc_txn_begin(struct svc_db *db, int write, struct svc_txn **out,
    struct svc_err *err);
int svc_txn_commit(struct svc_txn *txn, struct svc_err *err);
void svc_txn_abort(struct svc_txn *txn);
/* 1 when a write failed because the map was full: abort, grow, retry. */
int svc_txn_map_full(struct svc_txn *txn);
int svc_txn_is_write(struct svc_txn *txn);

/* Per-table counts of what this transaction added, changed, deleted. */
void svc_txn_count(struct svc_txn *txn, int table, int what);
enum { SVC_COUNT_ADD, SVC_COUNT_CHANGE, SVC_COUNT_DELETE };
unsigned long svc_txn_counted(struct svc_txn *txn, int table, int what);

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

/* Appends an entry to the audit database under the next number. */
int svc_audit_append(struct svc_txn *txn, const void *rec, size_t n,
    struct svc_err *err);
/* Calls fn for every audit entry, oldest first. */
int svc_audit_each(struct svc_txn *txn,
    int (*fn)(void *arg, uint64_t seq, const void *rec, size_t n),
    void *arg, struct svc_err *err);

#endif
