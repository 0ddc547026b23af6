/* tablecheck.c - the consistency check of a table: records, indexes, references */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "db_impl.h"
#include "money.h"
#include "table.h"
#include "table_impl.h"

/* Consistency check */

struct check {
	struct svc_txn *txn;
	const struct svc_table *t;
	int refs_only;
	void (*report)(void *, const char *);
	void *arg;
	long problems;
	struct svc_buf key, text, msg;
	struct svc_err *err;
};

static void __attribute__((format(printf, 2, 3)))
problem(struct check *ck, const char *fmt, ...)
{
	va_list ap;

	svc_buf_reset(&ck->msg);
	va_start(ap, fmt);
	svc_buf_vprintf(&ck->msg, fmt, ap);
	va_end(ap);
	ck->report(ck->arg, ck->msg.p ? ck->msg.p : "");
	ck->problems++;
}

static int
check_row(void *arg, struct svc_row *row)
{
	struct check *ck = arg;
	const struct svc_table *t = ck->t;
	struct svc_err e;
	int c, rc;

	if (svc_table_key(t, row, &ck->key))
		return svc_err_set(ck->err, SVC_ESYSTEM, "out of memory");
	if (svc_table_check_refs(ck->txn, t, row, &e))
		problem(ck, "%s '%s': %s", t->name, ck->key.p, e.text);
	if (ck->refs_only)
		return 0;
	/* every value still passes its column's checks */
	for (c = 0; c < t->ncols; c++) {
		struct svc_field f;
		int cc = svc_currency_col(t, c);

		if (row->f[c].null) {
			if (t->cols[c].flags & SVC_COL_REQUIRED)
				problem(ck, "%s '%s': column '%s' is empty",
				    t->name, ck->key.p, t->cols[c].name);
			continue;
		}
		svc_buf_reset(&ck->text);
		if (svc_table_format(t, row, c, &ck->text) < 0)
			return svc_err_set(ck->err, SVC_ESYSTEM, "out of memory");
		if (svc_table_parse_value(t, c, ck->text.p ? ck->text.p : "",
		    ck->text.len, cc >= 0 ? &row->f[cc] : NULL, NULL, &f, &e))
			problem(ck, "%s '%s': column '%s': %s", t->name,
			    ck->key.p, t->cols[c].name, e.text);
	}
	/* every index holds this row's entry */
	for (c = 0; c < t->ncols; c++) {
		MDB_dbi dbi = svc_db_idx(ck->txn, svc_table_slot(ck->txn, t),
		    c);
		unsigned char num[8];
		MDB_val k, v = { ck->key.len, ck->key.p };
		MDB_cursor *cur;

		if (!dbi || dbi == SVC_DBI_MISSING || row->f[c].null)
			continue;
		svc_index_key(t, c, &row->f[c], num, &k);
		if ((rc = mdb_cursor_open(ck->txn->txn, dbi, &cur)))
			return svc_db_fail(ck->txn, rc, t->name, ck->err);
		rc = mdb_cursor_get(cur, &k, &v, MDB_GET_BOTH);
		mdb_cursor_close(cur);
		if (rc == MDB_NOTFOUND)
			problem(ck, "%s '%s': missing from the index of %s",
			    t->name, ck->key.p, t->cols[c].name);
		else if (rc)
			return svc_db_fail(ck->txn, rc, t->name, ck->err);
	}
	return 0;
}

int
svc_table_check(struct svc_txn *txn, const struct svc_table *t,
    int refs_only, void (*report)(void *arg, const char *problem),
    void *arg, long *problems, struct svc_err *err)
{
	struct check ck;
	MDB_cursor *cur = NULL;
	MDB_val k, v, rv;
	int ti = svc_table_slot(txn, t), c, rc, op;
	struct svc_row row;

	memset(&ck, 0, sizeof ck);
	ck.txn = txn;
	ck.t = t;
	ck.refs_only = refs_only;
	ck.report = report;
	ck.arg = arg;
	ck.err = err;
	/* the index entries held are written, to be checked with the rest */
	for (c = 0; c < t->ncols; c++)
		if ((rc = svc_bulk_flush(txn, t, c, err)))
			return rc;
	svc_row_init(&row, t);
	/* every record decodes (scan would stop at the first bad one) */
	if ((rc = mdb_cursor_open(txn->txn, svc_db_tab(txn, ti), &cur)))
		goto lmdb;
	op = MDB_FIRST;
	while ((rc = mdb_cursor_get(cur, &k, &v, op)) == 0) {
		struct svc_err e;
		char id[300];

		op = MDB_NEXT;
		snprintf(id, sizeof id, "%.*s", (int)k.mv_size, (char *)k.mv_data);
		if (svc_record_decode(t, v.mv_data, v.mv_size, &row, &e)) {
			problem(&ck, "%s '%s': the record does not decode",
			    t->name, id);
			continue;
		}
		if (svc_table_key(t, &row, &ck.key) || ck.key.len !=
		    k.mv_size || memcmp(ck.key.p, k.mv_data, k.mv_size)) {
			problem(&ck, "%s '%s': the record's key does not match "
			    "it", t->name, id);
			continue;
		}
		if ((rc = check_row(&ck, &row)))
			goto out;
	}
	mdb_cursor_close(cur);
	cur = NULL;
	if (rc != MDB_NOTFOUND)
		goto lmdb;
	rc = 0;
	if (refs_only)
		goto out;
	/* every index entry points at a record with that value */
	for (c = 0; c < t->ncols; c++) {
		MDB_dbi dbi = svc_db_idx(txn, ti, c);

		if (dbi == SVC_DBI_MISSING)
			problem(&ck, "%s: the index of %s is missing from the "
			    "store", t->name, t->cols[c].name);
		if (!dbi || dbi == SVC_DBI_MISSING)
			continue;
		if ((rc = mdb_cursor_open(txn->txn, dbi, &cur)))
			goto lmdb;
		op = MDB_FIRST;
		while ((rc = mdb_cursor_get(cur, &k, &v, op)) == 0) {
			unsigned char num[8];
			MDB_val want;
			char id[300];
			struct svc_err e;

			op = MDB_NEXT;
			snprintf(id, sizeof id, "%.*s", (int)v.mv_size,
			    (char *)v.mv_data);
			rc = mdb_get(txn->txn, svc_db_tab(txn, ti), &v, &rv);
			if (rc == MDB_NOTFOUND) {
				problem(&ck, "%s: an entry of the index of %s "
				    "names a missing record", t->name,
				    t->cols[c].name);
				continue;
			}
			if (rc)
				goto lmdb;
			if (svc_record_decode(t, rv.mv_data, rv.mv_size, &row, &e))
				continue;	/* reported above */
			if (!row.f[c].null)
				svc_index_key(t, c, &row.f[c], num, &want);
			if (row.f[c].null || want.mv_size != k.mv_size ||
			    memcmp(want.mv_data, k.mv_data, k.mv_size))
				problem(&ck, "%s '%s': a stale entry in the "
				    "index of %s", t->name, id, t->cols[c].name);
		}
		mdb_cursor_close(cur);
		cur = NULL;
		if (rc != MDB_NOTFOUND)
			goto lmdb;
		rc = 0;
	}
	goto out;
lmdb:
	rc = svc_db_fail(txn, rc, t->name, err);
out:
	if (cur)
		mdb_cursor_close(cur);
	svc_row_free(&row);
	svc_buf_free(&ck.key);
	svc_buf_free(&ck.text);
	svc_buf_free(&ck.msg);
	*problems = ck.problems;
	return rc;
}
