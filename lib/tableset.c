/* tableset.c - changing one column of a record: only that column's reference and index entries are checked and written */
#include <string.h>

#include "db_impl.h"
#include "table.h"
#include "table_impl.h"

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
	if (t->validate || svc_table_watched(txn, t)) {
		rc = svc_table_put(txn, t, row, SVC_PUT_UPDATE, NULL, err);
		goto out;
	}
	if (row->bad) {
		/* svc_table_put says why */
		rc = svc_table_put(txn, t, row, SVC_PUT_UPDATE, NULL, err);
		goto out;
	}
	if (!txn->defer_refs &&
	    (rc = svc_table_check_ref(txn, t, row, col, err)))
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
	svc_heap_watch();
	if ((rc = mdb_put(txn->txn, svc_db_tab(txn, ti), &k, &v, 0))) {
		rc = svc_db_fail(txn, rc, t->name, err);
		goto out;
	}
	svc_rec_keep(txn, t, key.p, key.len, enc.p, enc.len);
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
