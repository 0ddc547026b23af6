/* db_impl.h - the store's internals, shared by db.c, table.c and store.c only */
#ifndef SVC_DB_IMPL_H
#define SVC_DB_IMPL_H

#include <lmdb.h>
#include <stdint.h>

#include "buf.h"
#include "catalog.h"
#include "db.h"

struct svc_db {
	const struct svc_catalog *cat;
	MDB_env *env;
	char *path;
	size_t mapsize;
	MDB_dbi meta, audit;
	/* the handles of tables and indexes, opened on first use
	 * (svc_db_tab, svc_db_idx), never all at the open: a command
	 * pays for the databases it reads */
	MDB_dbi tab[SVC_MAX_TABLES];
	MDB_dbi idx[SVC_MAX_TABLES][SVC_MAX_COLUMNS];
	/* per table, its indexes then (at SVC_MAX_COLUMNS) the table:
	 * SVC_DBI_* */
	unsigned char dbi[SVC_MAX_TABLES][SVC_MAX_COLUMNS + 1];
	int missing;		/* named databases not in the store yet */
};

#define SVC_DBI_OPEN 1		/* the handle is in tab or idx */
#define SVC_DBI_NONE 2		/* no such database (not an index column,
				 * or missing from the store) */
#define SVC_DBI_TXN 4		/* learnt in the transaction under way:
				 * forgotten if it does not commit, as
				 * LMDB closes the handle */
#define SVC_DBI_TABLE SVC_MAX_COLUMNS

#define SVC_REF_SEEN_KEY 47	/* longer keys are looked up each time */

struct svc_txn {
	struct svc_db *db;
	MDB_txn *txn;
	int write;
	int map_full;
	int defer_refs;		/* see svc_txn_defer_refs */
	unsigned long changes;	/* records noted, meta keys written */
	struct svc_bulk *bulk;	/* index entries held (bulk.c) */
	int opened;		/* some db->dbi has SVC_DBI_TXN */
	char missing[128];	/* a database the schema wants and the
				 * store lacks, for svc_db_fail */
	/* the keys written, as people write them: per table and
	 * SVC_NOTE_ADD/CHANGE/DELETE, each followed by a NUL */
	struct svc_buf notes[SVC_MAX_TABLES][3];
	unsigned long counts[SVC_MAX_TABLES][3];
	/* what a write looks up again and again, remembered for the rest
	 * of the transaction (table.c, record.c): */
	/* the slots of tables in the catalog, by the table's address */
	struct { const struct svc_table *t; int ti; } slots[64];
	/* the tables reference columns name */
	struct {
		const struct svc_column *col;
		const struct svc_table *t;
	} reftabs[64];
	/* per table slot: 1 no watch, 2 some (SVC_TABLE_WATCHES), 0 not
	 * looked for yet */
	signed char watched[SVC_MAX_TABLES];
	/* the last svc_table_append (table.c): the number it gave to a
	 * row of t under parent.  The next append under the same parent
	 * takes the next number without looking for the last (a
	 * subscription's fees); any other put or delete of t, and
	 * svc_db_clear, forget it */
	struct {
		const struct svc_table *t;	/* NULL: none */
		struct svc_buf parent;
		int64_t last;
		unsigned long writes;	/* puts and deletes, of any table */
	} append;
	/* records read or written, as they are now (record.c
	 * svc_table_get: the customer, agreement or SLA a generation
	 * reads for every order); every write of a record keeps or
	 * forgets it here */
	struct svc_rec_kept {
		const struct svc_table *t;	/* NULL: an empty slot */
		size_t klen;
		struct svc_buf kv;		/* the key, then the value */
	} recs[256];
	/* records a reference was found to name; svc_table_delete and
	 * svc_db_clear forget what they take away */
	struct svc_ref_seen {
		const struct svc_table *t;	/* NULL: an empty slot */
		unsigned char n;
		char key[SVC_REF_SEEN_KEY];
	} refs[256];
};

/* Where in a table of n slots a transaction keeps what it remembers of
 * the record of t with the given key. */
static inline size_t
svc_txn_hash(const void *t, const char *key, size_t klen, size_t n)
{
	uint64_t h = 14695981039346656037u;
	size_t i;

	for (i = 0; i < klen; i++)
		h = (h ^ (unsigned char)key[i]) * 1099511628211u;
	/* the address mixed into every bit */
	h = (h ^ (uint64_t)(uintptr_t)t) * 11400714819323198485u;
	return (size_t)((h >> 32) % n);
}

/* The records a transaction keeps (record.c): svc_rec_keep remembers
 * the record of t with the given key as it is now (after a write: as
 * written), svc_rec_forget forgets it (a delete), svc_rec_forget_all
 * everything (a table cleared). */
void svc_rec_keep(struct svc_txn *txn, const struct svc_table *t,
    const char *key, size_t klen, const void *val, size_t vlen);
void svc_rec_forget(struct svc_txn *txn, const struct svc_table *t,
    const char *key, size_t klen);
void svc_rec_forget_all(struct svc_txn *txn);
/* 1 and the record in *v when the transaction keeps the record of t
 * with the given key, else 0. */
int svc_rec_kept(struct svc_txn *txn, const struct svc_table *t,
    const char *key, size_t klen, MDB_val *v);

/* Turns an LMDB return code into a status and error text; notes a full
 * map on the transaction (when txn is not NULL). */
int svc_db_fail(struct svc_txn *txn, int rc, const char *what,
    struct svc_err *err);

/* Whether column c of t has an index database: an indexed column, or a
 * reference (kept for the referrers check of a delete) that does not
 * begin a longer key.  The records of such a table (an order's lines,
 * order_id/line) are in the order of that reference already, and what
 * an index would find, the keys that begin with it find: a scan with
 * the column (lib/scan.c) and the referrers check (table.c). */
static inline int
svc_db_has_index(const struct svc_table *t, int c)
{
	const struct svc_column *col = &t->cols[c];

	return (col->flags & SVC_COL_INDEXED) ||
	    (col->type == SVC_T_REF && !(c == 0 && t->nkey > 1));
}

/* The name of the index database of column c of table t
 * ("object.customer_id"). */
void svc_db_index_name(const struct svc_table *t, int c, char *out,
    size_t n);

/* Opens (with create: creates) every named database of the schema in
 * txn; those missing are counted in db->missing when create is 0.  For
 * creating and migrating a store; commands open what they use. */
int svc_db_open_all(struct svc_txn *txn, int create, struct svc_err *err);

/* The handle of table slot ti, or of the index of its column c, opened
 * in txn on its first use; 0 for a column without an index;
 * SVC_DBI_MISSING for a database the store lacks (a damaged store: the
 * open of a store creates every database of its schema), on which every
 * LMDB call fails (EINVAL) and svc_db_fail names the database. */
#define SVC_DBI_MISSING ((MDB_dbi)-1)
MDB_dbi svc_db_dbi(struct svc_txn *txn, int ti, int c);
#define svc_db_tab(txn, ti) svc_db_dbi((txn), (ti), SVC_DBI_TABLE)
#define svc_db_idx(txn, ti, c) svc_db_dbi((txn), (ti), (c))

/* Empties the named database dbi. */
int svc_db_clear(struct svc_txn *txn, MDB_dbi dbi, struct svc_err *err);

/* Deletes the named database from the store, when it has one (for a
 * migration that retires an index). */
int svc_db_drop_named(struct svc_txn *txn, const char *name,
    struct svc_err *err);

#endif
