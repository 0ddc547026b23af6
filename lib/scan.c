/* scan.c - filters and scans: col op value, walked through an index when one serves */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "db_impl.h"
#include "money.h"
#include "table.h"
#include "table_impl.h"

/* Filters */

int
svc_filter_parse(const struct svc_table *t, const char *expr,
    struct svc_filter *f, struct svc_err *err)
{
	size_t n = strcspn(expr, "=!<>~");
	const char *op = expr + n, *val;
	char q[SVC_QUOTE_MAX];
	int c, rc;

	memset(f, 0, sizeof *f);
	svc_quote(q, expr, strlen(expr));
	if (!*op)
		return svc_err_set(err, SVC_EUSAGE, "bad filter '%s' (want "
		    "column=value, or != < <= > >= ~)", q);
	c = svc_column_find(t, expr, n);
	if (c < 0)
		return svc_err_set(err, SVC_EUSAGE, "no column '%s' in %s",
		    svc_quote(q, expr, n), t->name);
	if (op[0] == '=' && op[1] == '=')
		return svc_err_set(err, SVC_EUSAGE, "bad filter '%s': '==' is "
		    "not an operator; for equals write one '=' (%s=...)", q,
		    t->cols[c].name);
	if (op[0] == '=') { f->op = SVC_OP_EQ; val = op + 1; }
	else if (op[0] == '!' && op[1] == '=') { f->op = SVC_OP_NE; val = op + 2; }
	else if (op[0] == '<' && op[1] == '=') { f->op = SVC_OP_LE; val = op + 2; }
	else if (op[0] == '>' && op[1] == '=') { f->op = SVC_OP_GE; val = op + 2; }
	else if (op[0] == '<') { f->op = SVC_OP_LT; val = op + 1; }
	else if (op[0] == '>') { f->op = SVC_OP_GT; val = op + 1; }
	else if (op[0] == '~') { f->op = SVC_OP_HAS; val = op + 1; }
	else
		return svc_err_set(err, SVC_EUSAGE, "bad filter '%s'", q);
	f->col = c;
	if (!(f->text = strdup(val)))
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	f->v.null = *val == '\0';
	f->v.p = f->text;
	f->v.n = strlen(f->text);
	if (f->v.null || f->op == SVC_OP_HAS ||
	    t->cols[c].type == SVC_T_LIST)
		return 0;
	if (t->cols[c].type == SVC_T_MONEY) {
		rc = svc_fixed_parse(val, strlen(val), FILTER_SCALE, &f->v.i);
		rc = rc ? svc_err_set(err, SVC_EUSAGE, "bad amount '%s'",
		    svc_quote(q, val, strlen(val))) : 0;
	} else
		rc = svc_table_parse_value(t, c, val, strlen(val), NULL, NULL,
		    &f->v, err);
	if (rc) {
		svc_err_prefix(err, "filter '%s': ", svc_quote(q, expr,
		    strlen(expr)));
		err->status = SVC_EUSAGE;
		free(f->text);
		f->text = NULL;
		return SVC_EUSAGE;
	}
	f->v.p = f->text;
	return 0;
}

void
svc_filter_free(struct svc_filter *f)
{
	free(f->text);
	f->text = NULL;
}

static int64_t
money_at_filter_scale(const struct svc_table *t, const struct svc_row *row,
    int c)
{
	int cc = svc_currency_col(t, c), exp = 2, i;
	int64_t v = row->f[c].i;

	if (cc >= 0 && !row->f[cc].null)
		exp = svc_currency_exponent(row->f[cc].p, row->f[cc].n);
	for (i = exp; i < FILTER_SCALE; i++)
		v *= 10;
	return v;
}

static int
list_has(const struct svc_field *f, const char *s, size_t n)
{
	size_t i = 0, j, c;

	while (i < f->n) {
		for (j = i; j < f->n && f->p[j] != ';'; j++)
			;
		for (c = i; c < j && f->p[c] != ':'; c++)
			;
		if ((j - i == n && memcmp(f->p + i, s, n) == 0) ||
		    (c - i == n && memcmp(f->p + i, s, n) == 0))
			return 1;
		i = j + 1;
	}
	return 0;
}

static int
filter_match(const struct svc_table *t, const struct svc_row *row,
    const struct svc_filter *f)
{
	const struct svc_field *x = &row->f[f->col];
	enum svc_type ty = t->cols[f->col].type;
	int cmp;

	if (f->op == SVC_OP_HAS) {
		struct svc_buf b = SVC_BUF_INIT;
		int hit;

		if (svc_table_format(t, row, f->col, &b) < 0)
			return 0;
		hit = svc_mem_has(b.p ? b.p : "", b.len, f->v.p, f->v.n);
		svc_buf_free(&b);
		return hit;
	}
	if (f->v.null || x->null) {
		/* col= matches empty values, col!= non-empty ones */
		if (f->op == SVC_OP_EQ)
			return x->null && f->v.null;
		if (f->op == SVC_OP_NE)
			return !(x->null && f->v.null);
		return 0;
	}
	if (ty == SVC_T_LIST) {
		int has = list_has(x, f->v.p, f->v.n);
		return f->op == SVC_OP_EQ ? has : f->op == SVC_OP_NE ? !has : 0;
	}
	if (ty == SVC_T_MONEY) {
		int64_t a = money_at_filter_scale(t, row, f->col);
		cmp = a < f->v.i ? -1 : a > f->v.i;
	} else if (svc_type_is_int(ty))
		cmp = x->i < f->v.i ? -1 : x->i > f->v.i;
	else {
		size_t m = x->n < f->v.n ? x->n : f->v.n;
		cmp = memcmp(x->p, f->v.p, m);
		if (cmp == 0)
			cmp = x->n < f->v.n ? -1 : x->n > f->v.n;
	}
	switch (f->op) {
	case SVC_OP_EQ: return cmp == 0;
	case SVC_OP_NE: return cmp != 0;
	case SVC_OP_LT: return cmp < 0;
	case SVC_OP_LE: return cmp <= 0;
	case SVC_OP_GT: return cmp > 0;
	case SVC_OP_GE: return cmp >= 0;
	default: return 0;
	}
}

int
svc_filter_matches(const struct svc_table *t, const struct svc_row *row,
    const struct svc_filter *fs, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (!filter_match(t, row, &fs[i]))
			return 0;
	return 1;
}

/* Can filter f be answered by walking the index of its column (or the
 * records, for the key)?  Money is stored per currency, lists and
 * substring tests are not ordered: those scan. */
static int
indexable(struct svc_txn *txn, const struct svc_table *t,
    const struct svc_filter *f)
{
	enum svc_type ty = t->cols[f->col].type;

	if (f->v.null || f->op == SVC_OP_NE || f->op == SVC_OP_HAS ||
	    ty == SVC_T_MONEY || ty == SVC_T_LIST)
		return 0;
	if (f->col == 0 && t->nkey == 1)
		return 1;
	return svc_db_idx(txn, svc_table_slot(txn, t), f->col) != 0 &&
	    (svc_type_is_int(ty) || f->v.n <= INDEX_KEY_MAX);
}

/* Compares the index key k with the filter's value; text keys were cut
 * to INDEX_KEY_MAX, so a cut key compares equal to longer values it
 * begins (those rows are checked against the record afterwards). */
static int
key_cmp(const struct svc_table *t, const struct svc_filter *f, const MDB_val *k)
{
	unsigned char num[8];
	size_t m;
	int cmp;

	if (svc_type_is_int(t->cols[f->col].type)) {
		svc_put_i64(num, f->v.i);
		return memcmp(k->mv_data, num, 8);
	}
	m = k->mv_size < f->v.n ? k->mv_size : f->v.n;
	cmp = memcmp(k->mv_data, f->v.p, m);
	if (cmp == 0 && k->mv_size != f->v.n)
		cmp = k->mv_size == INDEX_KEY_MAX ? 0 :
		    (k->mv_size < f->v.n ? -1 : 1);
	return cmp;
}

static int
emit(struct svc_txn *txn, const struct svc_table *t, const MDB_val *v,
    const struct svc_filter *fs, int n, struct svc_row *row,
    int (*fn)(void *, struct svc_row *), void *arg, struct svc_err *err)
{
	int rc;

	(void)txn;
	if ((rc = svc_record_decode(t, v->mv_data, v->mv_size, row, err)))
		return rc;
	if (!svc_filter_matches(t, row, fs, n))
		return 0;
	return fn(arg, row);
}

int
svc_table_scan(struct svc_txn *txn, const struct svc_table *t,
    const struct svc_filter *fs, int n,
    int (*fn)(void *arg, struct svc_row *row), void *arg, struct svc_err *err)
{
	int ti = svc_table_slot(txn, t), rc, i, op, cmp, fi = -1;
	MDB_cursor *cur = NULL;
	MDB_val k, v, rv;
	struct svc_row row;
	unsigned char num[8];
	MDB_dbi dbi;

	struct svc_buf prefix = SVC_BUF_INIT;

	for (i = 0; i < n && fi < 0; i++)
		if (indexable(txn, t, &fs[i]))
			fi = i;
	/* the first column of a longer key: the keys that begin with it */
	for (i = 0; i < n && fi < 0 && t->nkey > 1 && !prefix.p; i++)
		if (fs[i].col == 0 && fs[i].op == SVC_OP_EQ && !fs[i].v.null &&
		    !svc_type_is_int(t->cols[0].type) &&
		    (svc_buf_add(&prefix, fs[i].v.p, fs[i].v.n) < 0 ||
		    svc_buf_addc(&prefix, '/') < 0)) {
			svc_buf_free(&prefix);
			return svc_err_set(err, SVC_ESYSTEM, "out of memory");
		}
	/* an index read finds the entries held too (lib/bulk.c) */
	if (fi >= 0 && !(fs[fi].col == 0 && t->nkey == 1) &&
	    (rc = svc_bulk_flush(txn, t, fs[fi].col, err))) {
		svc_buf_free(&prefix);
		return rc;
	}
	svc_row_init(&row, t);
	dbi = fi < 0 || (fs[fi].col == 0 && t->nkey == 1) ?
	    svc_db_tab(txn, ti) : svc_db_idx(txn, ti, fs[fi].col);
	if ((rc = mdb_cursor_open(txn->txn, dbi, &cur))) {
		rc = svc_db_fail(txn, rc, t->name, err);
		goto out;
	}
	op = MDB_FIRST;
	if (fi >= 0 && fs[fi].op != SVC_OP_LT && fs[fi].op != SVC_OP_LE) {
		svc_index_key(t, fs[fi].col, &fs[fi].v, num, &k);
		op = MDB_SET_RANGE;
	} else if (prefix.p) {
		k.mv_data = prefix.p;
		k.mv_size = prefix.len;
		op = MDB_SET_RANGE;
	}
	while ((rc = mdb_cursor_get(cur, &k, &v, op)) == 0) {
		op = MDB_NEXT;
		if (prefix.p && (k.mv_size < prefix.len ||
		    memcmp(k.mv_data, prefix.p, prefix.len))) {
			rc = MDB_NOTFOUND;
			break;
		}
		if (fi >= 0) {
			cmp = key_cmp(t, &fs[fi], &k);
			if (fs[fi].op == SVC_OP_GT && cmp == 0)
				continue;
			if ((fs[fi].op == SVC_OP_EQ && cmp != 0) ||
			    (fs[fi].op == SVC_OP_LT && cmp >= 0) ||
			    (fs[fi].op == SVC_OP_LE && cmp > 0)) {
				rc = MDB_NOTFOUND;	/* past the range: done */
				break;
			}
		}
		if (dbi == svc_db_tab(txn, ti))
			rc = emit(txn, t, &v, fs, n, &row, fn, arg, err);
		else {
			/* v is the primary key of an indexed row */
			rc = mdb_get(txn->txn, svc_db_tab(txn, ti), &v, &rv);
			if (rc) {
				rc = svc_db_fail(txn, rc, t->name, err);
				goto out;
			}
			rc = emit(txn, t, &rv, fs, n, &row, fn, arg, err);
		}
		if (rc)
			goto out;
	}
	rc = rc == MDB_NOTFOUND ? 0 : svc_db_fail(txn, rc, t->name, err);
out:
	if (cur)
		mdb_cursor_close(cur);
	svc_row_free(&row);
	svc_buf_free(&prefix);
	return rc;
}

int
svc_filter_on(const struct svc_table *t, int col, const char *op,
    const char *value, struct svc_filter *f, struct svc_err *err)
{
	struct svc_buf expr = SVC_BUF_INIT;
	int rc;

	memset(f, 0, sizeof *f);
	if (svc_buf_printf(&expr, "%s%s%s", t->cols[col].name, op, value) < 0)
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	rc = svc_filter_parse(t, expr.p, f, err);
	svc_buf_free(&expr);
	return rc;
}

int
svc_table_scan_where(struct svc_txn *txn, const struct svc_table *t, int col,
    const char *op, const char *value,
    int (*fn)(void *arg, struct svc_row *row), void *arg,
    struct svc_err *err)
{
	struct svc_filter f;
	int rc;

	if ((rc = svc_filter_on(t, col, op, value, &f, err)))
		return rc;
	rc = svc_table_scan(txn, t, &f, 1, fn, arg, err);
	svc_filter_free(&f);
	return rc;
}
