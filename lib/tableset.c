/* tableset.c - changing one column of a record: only that column's reference and index entries are checked and written */
#include <stdio.h>
#include <string.h>

#include "db_impl.h"
#include "table.h"
#include "table_impl.h"

/* 1 when a module watches t (its writing or written may fill columns or
 * refuse the row, so the row takes the whole way of svc_table_put). */
static int
watched(struct svc_txn *txn, const struct svc_table *t)
{
	const struct svc_table_watch *w;
	int pos = 0;

	while ((w = svc_catalog_hook(txn->db->cat, SVC_TABLE_WATCHES, &pos)))
		if (w->table == t)
			return 1;
	return 0;
}

/* The reference of column c of row names an existing record: what
 * svc_table_check_refs checks, for the one column. */
static int
check_ref(struct svc_txn *txn, const struct svc_table *t,
    const struct svc_row *row, int c, struct svc_err *err)
{
	const struct svc_column *col = &t->cols[c];
	const struct svc_field *f = &row->f[c];
	const struct svc_table *rt;
	const char *kind = col->ref_kind;
	char key[160];
	int rc, found;

	if (col->type != SVC_T_REF || f->null || txn->defer_refs)
		return 0;
	if (col->ref_kind_of && !(kind = col->ref_kind_of(row)))
		return svc_table_check_refs(txn, t, row, err);
	rt = svc_catalog_table(txn->db->cat, col->ref, strlen(col->ref));
	if (kind)
		snprintf(key, sizeof key, "%s/%.*s", kind, (int)f->n, f->p);
	else
		snprintf(key, sizeof key, "%.*s", (int)f->n, f->p);
	if ((rc = svc_table_exists(txn, rt, key, strlen(key), &found, err)))
		return rc;
	if (!found)
		return svc_err_set(err, SVC_EDATA, "column '%s': unknown %s "
		    "'%.*s'", col->name, kind ? kind : col->ref, (int)f->n,
		    f->p);
	return 0;
}

int
svc_table_set_column(struct svc_txn *txn, const struct svc_table *t,
    const char *id, size_t n, int col, const char *value, size_t vlen,
    struct svc_row *row, struct svc_err *err)
{
	struct svc_buf key = SVC_BUF_INIT, enc = SVC_BUF_INIT;
	struct svc_buf shown = SVC_BUF_INIT;
	struct svc_field old;
	MDB_val k, v;
	int ti = svc_table_slot(txn, t), rc, found;

	if (col < t->nkey || col >= t->ncols)
		return svc_err_set(err, SVC_EINTERNAL, "%s: column %d is not "
		    "one to set", t->name, col);
	if ((rc = svc_table_load(txn, t, id, n, row, &found, err)))
		goto out;
	if (!found) {
		rc = SVC_ENOTFOUND;
		goto out;
	}
	old = row->f[col];
	if (value)
		svc_row_set_text(row, col, value, vlen);
	else
		svc_row_set_null(row, col);
	/* a table with a rule or a watch sees the whole row */
	if (t->validate || watched(txn, t)) {
		rc = svc_table_put(txn, t, row, SVC_PUT_UPDATE, NULL, err);
		goto out;
	}
	if (row->bad) {
		/* svc_table_put says why */
		rc = svc_table_put(txn, t, row, SVC_PUT_UPDATE, NULL, err);
		goto out;
	}
	if ((rc = check_ref(txn, t, row, col, err)))
		goto out;
	if (svc_table_key(t, row, &key) || svc_record_encode(t, row, &enc) < 0) {
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	/* the old value's entry goes, the new one's comes; the fields
	 * point into the row's copy of the record, not into the map */
	if ((rc = svc_index_op(txn, t, col, &old, key.p, key.len, 1, err)))
		goto out;
	k.mv_size = key.len;
	k.mv_data = key.p;
	v.mv_size = enc.len;
	v.mv_data = enc.p;
	if ((rc = mdb_put(txn->txn, svc_db_tab(txn, ti), &k, &v, 0))) {
		rc = svc_db_fail(txn, rc, t->name, err);
		goto out;
	}
	if ((rc = svc_index_op(txn, t, col, &row->f[col], key.p, key.len, 0,
	    err)))
		goto out;
	svc_key_shown(t, key.p, key.len, &shown);
	rc = svc_txn_note(txn, ti, SVC_NOTE_CHANGE, shown.p ? shown.p : "",
	    shown.len, err);
out:
	svc_buf_free(&key);
	svc_buf_free(&enc);
	svc_buf_free(&shown);
	return rc;
}
