/* table_impl.h - what the files of the table layer share (value.c, record.c, table.c, scan.c, tablecheck.c) and nobody else */
#ifndef SVC_TABLE_IMPL_H
#define SVC_TABLE_IMPL_H

#include <lmdb.h>

#include "db_impl.h"
#include "table.h"

#define RECORD_VERSION 1
#define INDEX_KEY_MAX 400	/* LMDB keys stop at 511 bytes */
#define FILTER_SCALE 4		/* money filters compare at this scale */

/* 1 when the n bytes at nd occur in the hn bytes at h. */
int svc_mem_has(const char *h, size_t hn, const char *nd, size_t nn);
/* The currency column of money column c, or -1. */
int svc_currency_col(const struct svc_table *t, int c);

/* Integers as stored: 8 big-endian bytes, the sign bit flipped, so
 * that they sort as numbers do. */
void svc_put_i64(unsigned char *p, int64_t v);
int64_t svc_get_i64(const unsigned char *p);
/* The record of row (record.c); decoding points the fields into data. */
int svc_record_encode(const struct svc_table *t, const struct svc_row *row,
    struct svc_buf *b);
int svc_record_decode(const struct svc_table *t, const void *data,
    size_t len, struct svc_row *row, struct svc_err *err);
/* A key as the store has it, as people write it (into out). */
void svc_key_shown(const struct svc_table *t, const char *key, size_t n,
    struct svc_buf *out);

/* The place of t in the store's catalog: its databases are
 * db->tab[slot] and db->idx[slot][column]. */
int svc_table_slot(struct svc_txn *txn, const struct svc_table *t);
/* Looks the record up: its value in *v when *found. */
int svc_table_lookup(struct svc_txn *txn, const struct svc_table *t,
    const char *key, size_t klen, MDB_val *v, int *found,
    struct svc_err *err);
/* The index key of a field: its stored bytes, cut to fit LMDB (num is
 * room for an integer's 8 bytes). */
void svc_index_key(const struct svc_table *t, int c,
    const struct svc_field *f, unsigned char *num, MDB_val *k);
/* Puts (del 0) or deletes (del 1) the entry of field f of column c
 * for the record key in c's index, if c has one (table.c). */
int svc_index_op(struct svc_txn *txn, const struct svc_table *t, int c,
    const struct svc_field *f, const char *key, size_t klen, int del,
    struct svc_err *err);
/* 1 when a module watches t (SVC_TABLE_WATCHES): its writes take the
 * whole way of svc_table_put. */
int svc_table_watched(struct svc_txn *txn, const struct svc_table *t);
/* Reference column c of row names a record there is (0), or not
 * (SVC_EDATA, naming it); svc_table_check_refs for one column. */
int svc_table_check_ref(struct svc_txn *txn, const struct svc_table *t,
    const struct svc_row *row, int c, struct svc_err *err);
/* 1 when row passes every filter. */
int svc_filter_matches(const struct svc_table *t, const struct svc_row *row,
    const struct svc_filter *filters, int nfilters);

/* While a bulk write is under way (bulk.c): svc_bulk_after_last is 1
 * when t is an import's and key sorts after every key of t (so it is
 * new, and appended); svc_bulk_put notes a key put into t (-1 when
 * memory ran out: nothing is appended any more); svc_bulk_hold keeps an
 * index entry of t (column c, database dbi) to write at the end, and is
 * 0, a status, or -1 when the entry is for the common path to put;
 * svc_bulk_flush writes the entries held of t's index c now (before
 * that index is read, or an entry of it deleted). */
int svc_bulk_after_last(struct svc_txn *txn, const struct svc_table *t,
    const struct svc_buf *key);
int svc_bulk_put(struct svc_txn *txn, const struct svc_table *t,
    const struct svc_buf *key);
int svc_bulk_hold(struct svc_txn *txn, const struct svc_table *t, int c,
    MDB_dbi dbi, const MDB_val *k, const MDB_val *v, struct svc_err *err);
int svc_bulk_flush(struct svc_txn *txn, const struct svc_table *t, int c,
    struct svc_err *err);

#endif
