/* db_impl.h - the store's internals, shared by db.c, table.c and store.c only */
#ifndef SVC_DB_IMPL_H
#define SVC_DB_IMPL_H

#include <lmdb.h>

#include "buf.h"
#include "catalog.h"
#include "db.h"

struct svc_db {
	const struct svc_catalog *cat;
	MDB_env *env;
	char *path;
	size_t mapsize;
	MDB_dbi meta, audit;
	MDB_dbi tab[SVC_MAX_TABLES];
	MDB_dbi idx[SVC_MAX_TABLES][SVC_MAX_COLUMNS];
	int missing;		/* named databases not in the store yet */
};

struct svc_txn {
	struct svc_db *db;
	MDB_txn *txn;
	int write;
	int map_full;
	int defer_refs;		/* see svc_txn_defer_refs */
	unsigned long changes;	/* records noted, meta keys written */
	struct svc_bulk *bulk;	/* an import of new records (bulk.c) */
	/* the keys written, as people write them: per table and
	 * SVC_NOTE_ADD/CHANGE/DELETE, each followed by a NUL */
	struct svc_buf notes[SVC_MAX_TABLES][3];
	unsigned long counts[SVC_MAX_TABLES][3];
};

/* Turns an LMDB return code into a status and error text; notes a full
 * map on the transaction (when txn is not NULL). */
int svc_db_fail(struct svc_txn *txn, int rc, const char *what,
    struct svc_err *err);

/* The name of the index database of column c of table t
 * ("object.customer_id"). */
void svc_db_index_name(const struct svc_table *t, int c, char *out,
    size_t n);

/* Opens (with create: creates) every named database of the schema in
 * txn; those missing are counted in db->missing when create is 0. */
int svc_db_open_all(struct svc_txn *txn, int create, struct svc_err *err);

/* Empties the named database dbi. */
int svc_db_clear(struct svc_txn *txn, MDB_dbi dbi, struct svc_err *err);

#endif
