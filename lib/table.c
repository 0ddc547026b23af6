/* table.c - records in the store: get, build, put with references and indexes, delete, children */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "db_impl.h"
#include "money.h"
#include "table.h"
#include "table_impl.h"

void
svc_txn_defer_refs(struct svc_txn *txn, int on)
{
	txn->defer_refs = on;
}

int
svc_table_has_seq(struct svc_txn *txn, const struct svc_table *t, int *has,
    struct svc_err *err)
{
	char key[64], *fmt = NULL;
	int rc;

	*has = t->nkey == 1 && t->seq;
	if (t->nkey != 1 || t->seq)
		return 0;
	snprintf(key, sizeof key, "seq.%s", t->name);
	rc = svc_meta_get(txn, key, &fmt, err);
	*has = fmt != NULL;
	free(fmt);
	return rc;
}

int
svc_table_seq_set_next(struct svc_txn *txn, const struct svc_table *t,
    uint64_t n, struct svc_err *err)
{
	char key[64], idbuf[96], num[32], *fmt = NULL;
	int rc, found = 0;

	if (t->nkey != 1)
		return svc_err_set(err, SVC_EUSAGE, "%s has no id sequence",
		    t->name);
	if (n == 0)
		return svc_err_set(err, SVC_EDATA, "next.%s: numbers start at 1",
		    t->name);
	snprintf(key, sizeof key, "seq.%s", t->name);
	if ((rc = svc_meta_get(txn, key, &fmt, err)))
		return rc;
	if (fmt || t->seq) {
		svc_seq_format(fmt ? fmt : t->seq, n, idbuf, sizeof idbuf);
		rc = svc_table_exists(txn, t, idbuf, strlen(idbuf), &found, err);
		if (!rc && found)
			rc = svc_err_set(err, SVC_EDATA, "next.%s %llu: %s '%s' "
			    "exists already (the next number must make a free "
			    "id)", t->name, (unsigned long long)n, t->name,
			    idbuf);
	}
	free(fmt);
	if (rc)
		return rc;
	snprintf(key, sizeof key, "next.%s", t->name);
	snprintf(num, sizeof num, "%llu", (unsigned long long)n);
	return svc_meta_put(txn, key, num, err);
}

int
svc_table_draw_id(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	char key[64], idbuf[96], *fmt = NULL;
	uint64_t n;
	int rc, tries, found;

	snprintf(key, sizeof key, "seq.%s", t->name);
	if ((rc = svc_meta_get(txn, key, &fmt, err)))
		return rc;
	if (!fmt && !t->seq)
		return svc_err_set(err, SVC_EDATA, "column '%s': a value is "
		    "required (or set an id format: svc config set seq.%s)",
		    t->cols[0].name, t->name);
	for (tries = 0; tries < 1000000; tries++) {
		if ((rc = svc_meta_next(txn, t->name, &n, err)))
			break;
		svc_seq_format(fmt ? fmt : t->seq, n, idbuf, sizeof idbuf);
		if (!svc_id_valid(idbuf, strlen(idbuf))) {
			rc = svc_err_set(err, SVC_EDATA, "sequence %s makes a bad "
			    "id '%s'", key, idbuf);
			break;
		}
		if ((rc = svc_table_exists(txn, t, idbuf, strlen(idbuf), &found,
		    err)))
			break;
		if (!found) {
			row->f[0].null = 0;
			row->f[0].p = svc_arena_strndup(&row->arena, idbuf,
			    strlen(idbuf));
			row->f[0].n = strlen(idbuf);
			rc = row->f[0].p ? 0 :
			    svc_err_set(err, SVC_ESYSTEM, "out of memory");
			break;
		}
	}
	free(fmt);
	return rc;
}

/* The table a reference column names (svc_catalog_check made sure
 * there is one). */
static const struct svc_table *
ref_table(struct svc_txn *txn, const struct svc_column *col)
{
	size_t h = svc_txn_hash(col, NULL, 0,
	    sizeof txn->reftabs / sizeof txn->reftabs[0]);

	/* a name looked up among the tables, once a transaction */
	if (txn->reftabs[h].col != col) {
		txn->reftabs[h].col = col;
		txn->reftabs[h].t = svc_catalog_table(txn->db->cat, col->ref,
		    strlen(col->ref));
	}
	return txn->reftabs[h].t;
}

/* Column c's default from the record its def_from names ("customer_id.
 * currency": the currency of the row's customer), when there is one. */
static int
default_from(struct svc_txn *txn, const struct svc_table *t, int c,
    struct svc_row *row, struct svc_err *err)
{
	const char *spec = t->cols[c].def_from, *dot = strchr(spec, '.');
	int rc = svc_column_find(t, spec, (size_t)(dot - spec));
	const struct svc_table *rt;
	struct svc_row rec;
	struct svc_field *f;
	int rcol, ref, found;

	if (rc < 0 || row->f[rc].null || !txn ||
	    !(rt = ref_table(txn, &t->cols[rc])) ||
	    (rcol = svc_column_find(rt, dot + 1, strlen(dot + 1))) < 0)
		return 0;
	svc_row_init(&rec, rt);
	ref = rc;
	rc = svc_table_load(txn, rt, row->f[ref].p, row->f[ref].n, &rec, &found,
	    err);
	f = &rec.f[rcol];
	if (!rc && found && !f->null)
		rc = svc_table_parse_value(t, c, f->p, f->n, NULL, &row->arena,
		    &row->f[c], err);
	else if (!rc && !found)
		rc = svc_err_set(err, SVC_EDATA, "column '%s': unknown %s '%.*s'",
		    t->cols[ref].name, rt->name, (int)row->f[ref].n,
		    row->f[ref].p);
	svc_row_free(&rec);
	return rc;
}

int
svc_texts_refuse(const struct svc_table *t, const struct svc_texts *in,
    const int *cols, struct svc_err *err)
{
	int i;

	for (i = 0; cols[i] >= 0; i++)
		if (in->given[cols[i]] && in->n[cols[i]])
			return svc_err_set(err, SVC_EDATA, "column '%s' cannot be "
			    "given here", t->cols[cols[i]].name);
	return 0;
}

int
svc_table_build(struct svc_txn *txn, const struct svc_table *t,
    const struct svc_texts *in, int mode, struct svc_row *row,
    struct svc_err *err)
{
	int c, pass, rc, cc;
	char *pv;
	char pkey[80];

	/* money comes second: its scale is the currency's */
	for (pass = 0; pass < 2; pass++) {
		for (c = 0; c < t->ncols; c++) {
			const struct svc_column *col = &t->cols[c];
			const char *s = in->s[c];
			size_t n = in->n[c];

			if ((col->type == SVC_T_MONEY) != pass)
				continue;
			if (mode == SVC_BUILD_SET && !in->given[c]) {
				/* an amount kept while its currency changes */
				if (pass && !row->f[c].null &&
				    (cc = svc_currency_col(t, c)) >= 0 && in->given[cc])
					return svc_err_set(err, SVC_EDATA,
					    "column '%s': give it again when "
					    "changing '%s'", col->name,
					    t->cols[cc].name);
				continue;
			}
			if (mode == SVC_BUILD_SET && c < t->nkey) {
				if (n != row->f[c].n || memcmp(s, row->f[c].p, n))
					return svc_err_set(err, SVC_EDATA,
					    "column '%s': a key cannot change",
					    col->name);
				continue;
			}
			if (!in->given[c] || n == 0) {
				row->f[c].null = 1;
				if (mode == SVC_BUILD_ADD && col->def_param) {
					snprintf(pkey, sizeof pkey, "param.%s",
					    col->def_param);
					if ((rc = svc_meta_get(txn, pkey, &pv,
					    err)))
						return rc;
					if (!pv) {
						const struct svc_param *p =
						    svc_catalog_param(txn->db->cat,
						    col->def_param);
						s = p ? p->def : NULL;
						pv = NULL;
					} else
						s = pv;
					if (s && *s) {
						rc = svc_table_parse_value(t, c, s,
						    strlen(s), NULL, &row->arena,
						    &row->f[c], err);
						free(pv);
						if (rc)
							goto bad;
					} else
						free(pv);
				} else if (mode == SVC_BUILD_ADD && col->def_from) {
					/* its message names the column it read */
					if ((rc = default_from(txn, t, c, row, err)))
						return rc;
				} else if (mode == SVC_BUILD_ADD && col->def) {
					s = col->def;
					if ((rc = svc_table_parse_value(t, c, s,
					    strlen(s), NULL, &row->arena,
					    &row->f[c], err)))
						goto bad;
				}
				continue;
			}
			cc = pass ? svc_currency_col(t, c) : -1;
			if ((rc = svc_table_parse_value(t, c, s, n,
			    cc >= 0 ? &row->f[cc] : NULL, &row->arena,
			    &row->f[c], err)))
				goto bad;
		}
	}
	if (mode == SVC_BUILD_ADD && row->f[0].null && t->nkey == 1 && txn) {
		if ((rc = svc_table_draw_id(txn, t, row, err)))
			return rc;
	}
	for (c = 0; c < t->ncols; c++)
		if ((t->cols[c].flags & SVC_COL_REQUIRED) && row->f[c].null)
			return svc_err_set(err, SVC_EDATA, "column '%s': a value "
			    "is required", t->cols[c].name);
	return 0;
bad:
	svc_err_prefix(err, "column '%s': ", t->cols[c].name);
	return rc;
}



int
svc_table_get(struct svc_txn *txn, const struct svc_table *t,
    const char *key, size_t klen, struct svc_row *row, int *found,
    struct svc_err *err)
{
	MDB_val v;
	int rc;

	if (svc_rec_kept(txn, t, key, klen, &v))
		*found = 1;
	else if ((rc = svc_table_lookup(txn, t, key, klen, &v, found, err)) ||
	    !*found)
		return rc;
	else
		svc_rec_keep(txn, t, key, klen, v.mv_data, v.mv_size);
	/* a copy: LMDB's values last only until the next write, and callers
	 * read a record, write, and read it again */
	svc_buf_reset(&row->rec);
	if (svc_buf_add(&row->rec, v.mv_data, v.mv_size) < 0)
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	return svc_record_decode(t, row->rec.p, row->rec.len, row, err);
}

int
svc_table_exists(struct svc_txn *txn, const struct svc_table *t,
    const char *key, size_t klen, int *found, struct svc_err *err)
{
	MDB_val v;

	return svc_table_lookup(txn, t, key, klen, &v, found, err);
}

int
svc_index_op(struct svc_txn *txn, const struct svc_table *t, int c,
    const struct svc_field *f, const char *key, size_t klen, int del,
    struct svc_err *err)
{
	MDB_dbi dbi;
	unsigned char num[8];
	MDB_val k, v = { klen, (void *)key };
	int rc;

	if (f->null || !svc_db_has_index(t, c))
		return 0;
	/* 0: the store lacks the index, and the put below says so */
	dbi = svc_db_idx(txn, svc_table_slot(txn, t), c);
	svc_index_key(t, c, f, num, &k);
	if (del) {
		/* the entry may be among those held */
		if ((rc = svc_bulk_flush(txn, t, c, err)))
			return rc;
		rc = mdb_del(txn->txn, dbi, &k, &v);
		if (rc == MDB_NOTFOUND)
			rc = 0;
	} else if ((rc = svc_bulk_hold(txn, t, c, dbi, &k, &v, err)) >= 0) {
		return rc;	/* held, to be written at the import's end */
	} else {
		rc = mdb_put(txn->txn, dbi, &k, &v, MDB_NODUPDATA);
		if (rc == MDB_KEYEXIST)
			rc = 0;
	}
	return rc ? svc_db_fail(txn, rc, t->name, err) : 0;
}

static int
same_field(const struct svc_table *t, int c, const struct svc_field *a,
    const struct svc_field *b)
{
	if (a->null || b->null)
		return a->null == b->null;
	if (svc_type_is_int(t->cols[c].type))
		return a->i == b->i;
	return a->n == b->n && memcmp(a->p, b->p, a->n) == 0;
}

/* The key a reference names: KIND/VALUE or VALUE, in key (cut to its
 * size less one, as snprintf would); its length. */
static size_t
ref_key(char *key, size_t size, const char *kind, const struct svc_field *f)
{
	const char *z;
	size_t n = 0, m;

	if (kind) {
		m = strlen(kind);
		if (m > size - 2)
			m = size - 2;
		memcpy(key, kind, m);
		key[m] = '/';
		n = m + 1;
	}
	m = !f->n ? 0 : (z = memchr(f->p, '\0', f->n)) ?
	    (size_t)(z - f->p) : f->n;
	if (m > size - 1 - n)
		m = size - 1 - n;
	if (m)
		memcpy(key + n, f->p, m);
	n += m;
	key[n] = '\0';
	return n;
}

/* The slot of txn->refs where the record of t with the given key is
 * remembered, if anywhere; NULL for a key too long to remember. */
static struct svc_ref_seen *
ref_slot(struct svc_txn *txn, const struct svc_table *t, const char *key,
    size_t n)
{
	if (n > SVC_REF_SEEN_KEY)
		return NULL;
	return &txn->refs[svc_txn_hash(t, key, n,
	    sizeof txn->refs / sizeof txn->refs[0])];
}

static int
ref_seen(struct svc_txn *txn, const struct svc_table *t, const char *key,
    size_t n)
{
	struct svc_ref_seen *r = ref_slot(txn, t, key, n);

	return r && r->t == t && r->n == n && memcmp(r->key, key, n) == 0;
}

static void
ref_remember(struct svc_txn *txn, const struct svc_table *t, const char *key,
    size_t n)
{
	struct svc_ref_seen *r = ref_slot(txn, t, key, n);

	if (!r)
		return;
	r->t = t;
	r->n = (unsigned char)n;
	memcpy(r->key, key, n);
}

static void
ref_forget(struct svc_txn *txn, const struct svc_table *t, const char *key,
    size_t n)
{
	struct svc_ref_seen *r = ref_slot(txn, t, key, n);

	if (r && r->t == t && r->n == n && memcmp(r->key, key, n) == 0)
		r->t = NULL;
}

int
svc_table_check_ref(struct svc_txn *txn, const struct svc_table *t,
    const struct svc_row *row, int c, struct svc_err *err)
{
	const struct svc_column *col = &t->cols[c];
	const struct svc_field *f = &row->f[c];
	const char *kind = col->ref_kind;
	const struct svc_table *rt;
	char key[160];
	size_t n;
	int rc, found;

	if (col->type != SVC_T_REF || f->null)
		return 0;
	if (col->ref_kind_of && !(kind = col->ref_kind_of(row)))
		return 0;	/* the table's rule refuses it */
	rt = ref_table(txn, col);
	n = ref_key(key, sizeof key, kind, f);
	/* an import's or a generation's rows name the same few records
	 * again and again */
	if (ref_seen(txn, rt, key, n))
		return 0;
	if ((rc = svc_table_exists(txn, rt, key, n, &found, err)))
		return rc;
	if (!found)
		return svc_err_set(err, SVC_EDATA, "column '%s': unknown %s "
		    "'%.*s'", col->name, kind ? kind : col->ref, (int)f->n,
		    f->p);
	ref_remember(txn, rt, key, n);
	return 0;
}

int
svc_table_check_refs(struct svc_txn *txn, const struct svc_table *t,
    const struct svc_row *row, struct svc_err *err)
{
	int c, rc;

	for (c = 0; c < t->ncols; c++)
		if ((rc = svc_table_check_ref(txn, t, row, c, err)))
			return rc;
	return 0;
}

enum { WATCH_WRITING, WATCH_WRITTEN, WATCH_DELETING };

/* Runs the watches of t registered at SVC_TABLE_WATCHES: their writing,
 * written or deleting functions (when). */
static int
watches(struct svc_txn *txn, const struct svc_table *t, struct svc_row *row,
    int when, struct svc_err *err)
{
	const struct svc_table_watch *w;
	int pos = 0, rc;

	if (!svc_table_watched(txn, t))
		return 0;
	while ((w = svc_catalog_hook(txn->db->cat, SVC_TABLE_WATCHES, &pos))) {
		if (w->table != t)
			continue;
		if (when == WATCH_WRITING && w->writing &&
		    (rc = w->writing(txn, row, err)))
			return rc;
		if (when == WATCH_WRITTEN && w->written &&
		    (rc = w->written(txn, row, err)))
			return rc;
		if (when == WATCH_DELETING && w->deleting &&
		    (rc = w->deleting(txn, row, err)))
			return rc;
	}
	return 0;
}

/* "exists already", and when this command added it (an earlier row of
 * the same import or pipeline), that too */
static int
exists_already(struct svc_txn *txn, const struct svc_table *t, int ti,
    struct svc_row *row, struct svc_err *err)
{
	struct svc_buf shown = SVC_BUF_INIT;
	const char *keys, *p, *end;
	size_t len;
	int earlier = 0, rc;

	/* the keys added are searched while the searches have read less
	 * than 256 MB in all: a file repeating a million rows of a large
	 * import is refused in seconds, without the hint past that */
	static size_t budget = (size_t)256 << 20;

	svc_table_key_text(t, row, &shown);
	svc_txn_noted(txn, ti, SVC_NOTE_ADD, &keys, &len);
	if (len > budget)
		len = 0;
	budget -= len;
	for (p = keys, end = keys + len; shown.p && p && p < end;
	    p += strlen(p) + 1)
		if (strcmp(p, shown.p) == 0) {
			earlier = 1;
			break;
		}
	rc = svc_err_set(err, SVC_EDATA, "%s '%s' exists already%s", t->name,
	    shown.p ? shown.p : "", earlier ? " (an earlier row added it)" : "");
	svc_buf_free(&shown);
	return rc;
}

int
svc_table_put(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, int how, int *added, struct svc_err *err)
{
	struct svc_buf key = SVC_BUF_INIT, enc = SVC_BUF_INIT, swap;
	struct svc_buf shown = SVC_BUF_INIT;
	struct svc_row old;
	MDB_val k, v;
	int ti = svc_table_slot(txn, t), rc, c, exists, absent = 0;

	/* a put may make a key an append would number: it looks again */
	txn->append.writes++;
	if (txn->append.t == t)
		txn->append.t = NULL;
	svc_row_init(&old, t);
	if (row->bad && row->bad_oom) {
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	if (row->bad && row->bad_why) {
		rc = svc_err_set(err, SVC_EDATA, "column '%s': %s",
		    t->cols[row->bad - 1].name, row->bad_why);
		goto out;
	}
	if (row->bad) {
		rc = svc_err_set(err, SVC_EINTERNAL, "%s: column %s was set to "
		    "'%s', which its type refuses", t->name,
		    row->bad - 1 < t->ncols ? t->cols[row->bad - 1].name : "?",
		    row->bad_value ? row->bad_value : "(a number)");
		goto out;
	}
	if (svc_table_key(t, row, &key)) {
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	/* a row put once that is there already is left as it is: nothing
	 * is written, so there is nothing to check or encode */
	if (how == SVC_PUT_ONCE) {
		MDB_val there;

		if ((rc = svc_table_lookup(txn, t, key.p, key.len, &there,
		    &exists, err)))
			goto out;
		if (exists) {
			if (added)
				*added = 0;
			goto out;
		}
	}
	if (!txn->defer_refs && (rc = svc_table_check_refs(txn, t, row, err)))
		goto out;
	if (!txn->defer_refs && (rc = watches(txn, t, row, WATCH_WRITING, err)))
		goto out;
	/* a new record whose key is taken is told so, not what the
	 * table's own rules would say of it as a second one */
	if (t->validate && how == SVC_PUT_NEW) {
		k.mv_size = key.len;
		k.mv_data = key.p;
		rc = mdb_get(txn->txn, svc_db_tab(txn, ti), &k, &v);
		if (rc == 0) {
			rc = exists_already(txn, t, ti, row, err);
			goto out;
		}
		if (rc != MDB_NOTFOUND) {
			rc = svc_db_fail(txn, rc, t->name, err);
			goto out;
		}
		absent = 1;
	}
	if (t->validate && (rc = t->validate(txn, t, row, err)))
		goto out;
	/* the row may point into its own record buffer: encode beside it */
	if (svc_record_encode(t, row, &enc) < 0) {
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	swap = row->rec;
	row->rec = enc;
	enc = swap;
	/* the row may point into the map, and values there last only until
	 * the next write: from here on it points into its own record */
	if ((rc = svc_record_decode(t, row->rec.p, row->rec.len, row, err)))
		goto out;
	/* a key after every key of an import's table is new; a row put
	 * once is not there (looked up above), nor a new one looked up
	 * before its rules (a rule writes no record of its own table) */
	if (absent || svc_bulk_after_last(txn, t, &key))
		exists = 0;
	else if (how != SVC_PUT_ONCE &&
	    (rc = svc_table_get(txn, t, key.p, key.len, &old, &exists, err)))
		goto out;
	if (exists && how == SVC_PUT_ONCE) {
		if (added)
			*added = 0;
		goto out;
	}
	if (exists && how == SVC_PUT_NEW) {
		rc = exists_already(txn, t, ti, row, err);
		goto out;
	}
	if (!exists && how == SVC_PUT_UPDATE) {
		svc_table_key_text(t, row, &shown);
		rc = svc_err_set(err, SVC_ENOTFOUND, "no %s '%s'", t->name,
		    shown.p ? shown.p : "");
		goto out;
	}
	/* (columns without an index are passed over here, not in
	 * svc_index_op, which would find the table's slot for each) */
	for (c = 0; exists && c < t->ncols; c++)
		if (svc_db_has_index(t, c) &&
		    !same_field(t, c, &old.f[c], &row->f[c]) &&
		    (rc = svc_index_op(txn, t, c, &old.f[c], key.p, key.len, 1, err)))
			goto out;
	k.mv_size = key.len;
	k.mv_data = key.p;
	v.mv_size = row->rec.len;
	v.mv_data = row->rec.p;
	/* a new key after every other (an import's, orders and their lines
	 * and history as they are made) goes at the end without a search,
	 * and fills its pages before the next; any other is refused, and
	 * put */
	svc_heap_watch();
	rc = exists ? MDB_KEYEXIST : mdb_put(txn->txn, svc_db_tab(txn, ti),
	    &k, &v, MDB_APPEND);
	if (rc == MDB_KEYEXIST)
		rc = mdb_put(txn->txn, svc_db_tab(txn, ti), &k, &v, 0);
	if (rc) {
		rc = svc_db_fail(txn, rc, t->name, err);
		goto out;
	}
	svc_rec_keep(txn, t, key.p, key.len, row->rec.p, row->rec.len);
	if (svc_bulk_put(txn, t, &key) < 0) {
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	/* an index entry of a value that did not change is there already */
	for (c = 0; c < t->ncols; c++)
		if (svc_db_has_index(t, c) &&
		    !(exists && same_field(t, c, &old.f[c], &row->f[c])) &&
		    (rc = svc_index_op(txn, t, c, &row->f[c], key.p, key.len, 0, err)))
			goto out;
	/* the change log names the key as people write it */
	svc_key_shown(t, key.p, key.len, &shown);
	if ((rc = svc_txn_note(txn, ti, exists ? SVC_NOTE_CHANGE :
	    SVC_NOTE_ADD, shown.p ? shown.p : "", shown.len, err)))
		goto out;
	if (added)
		*added = !exists;
	rc = txn->defer_refs ? 0 : watches(txn, t, row, WATCH_WRITTEN, err);
out:
	svc_row_free(&old);
	svc_buf_free(&key);
	svc_buf_free(&enc);
	svc_buf_free(&shown);
	return rc;
}

/* Counts in *found what refers to the record of t with the given key
 * (references of rows through their indexes, and parameters that name
 * it), naming the first few in who; 0 or a status. */
static int
referrers(struct svc_txn *txn, const struct svc_table *t, const char *key,
    size_t klen, struct svc_buf *who, int *found, struct svc_err *err)
{
	const struct svc_param *p;
	const char *id = key;
	size_t idlen = klen;
	const char *kind = NULL;
	size_t kindlen = 0;
	int i, c, rc = 0, got, by_key;
	struct svc_row other;
	struct svc_buf shown = SVC_BUF_INIT, prefix = SVC_BUF_INIT;
	MDB_cursor *cur = NULL;
	char *val;

	*found = 0;
	svc_row_init(&other, t);
	if (t->nkey == 2) {
		const char *slash = memchr(key, '/', klen);
		if (!slash)
			goto out;
		kind = key;
		kindlen = (size_t)(slash - key);
		id = slash + 1;
		idlen = klen - kindlen - 1;
	}
	for (i = 0; i < txn->db->cat->ntables && !rc; i++) {
		const struct svc_table *rt = txn->db->cat->tables[i];

		for (c = 0; c < rt->ncols && !rc; c++) {
			const struct svc_column *col = &rt->cols[c];
			MDB_val k = { idlen, (void *)id }, v;
			int op = MDB_SET;

			if (col->type != SVC_T_REF || strcmp(col->ref, t->name))
				continue;
			if (kind && !col->ref_kind_of && (!col->ref_kind ||
			    strlen(col->ref_kind) != kindlen ||
			    memcmp(col->ref_kind, kind, kindlen)))
				continue;
			/* the first column of a longer key has no index: the
			 * keys that begin with it are the rows (r below is the
			 * key of a row that refers) */
			by_key = !svc_db_has_index(rt, c);
			if (by_key) {
				svc_buf_reset(&prefix);
				if (svc_buf_add(&prefix, id, idlen) < 0 ||
				    svc_buf_addc(&prefix, '/') < 0) {
					rc = svc_err_set(err, SVC_ESYSTEM,
					    "out of memory");
					goto out;
				}
				k.mv_data = prefix.p;
				k.mv_size = prefix.len;
				op = MDB_SET_RANGE;
			}
			if (!by_key && (rc = svc_bulk_flush(txn, rt, c, err)))
				goto out;
			if ((rc = mdb_cursor_open(txn->txn, by_key ?
			    svc_db_tab(txn, i) : svc_db_idx(txn, i, c), &cur))) {
				cur = NULL;
				rc = svc_db_fail(txn, rc, rt->name, err);
				goto out;
			}
			while ((rc = mdb_cursor_get(cur, &k, &v, op)) == 0) {
				MDB_val r = by_key ? k : v;

				op = by_key ? MDB_NEXT : MDB_NEXT_DUP;
				if (by_key && (k.mv_size < prefix.len ||
				    memcmp(k.mv_data, prefix.p, prefix.len))) {
					rc = MDB_NOTFOUND;
					break;
				}
				if (by_key || (kind && col->ref_kind_of)) {
					if ((rc = svc_table_get(txn, rt, r.mv_data,
					    r.mv_size, &other, &got, err)))
						goto out;
					if (!got)
						continue;
				}
				/* an id with a '/' of its own begins with this
				 * one and is another */
				if (by_key && (other.f[c].n != idlen ||
				    memcmp(other.f[c].p, id, idlen)))
					continue;
				if (kind && col->ref_kind_of) {
					/* the kind referred to is the row's */
					const char *rk = col->ref_kind_of(&other);

					if (!rk || strlen(rk) != kindlen ||
					    memcmp(rk, kind, kindlen))
						continue;
				}
				if (*found < 5) {
					svc_key_shown(rt, r.mv_data, r.mv_size, &shown);
					svc_buf_printf(who, "%s%s '%s'",
					    *found ? ", " : "", rt->name,
					    shown.p ? shown.p : "");
				}
				++*found;
			}
			mdb_cursor_close(cur);
			cur = NULL;
			if (rc != MDB_NOTFOUND) {
				rc = svc_db_fail(txn, rc, rt->name, err);
				goto out;
			}
			rc = 0;
		}
	}
	/* a parameter that names the record refers to it as a column does */
	for (p = txn->db->cat->params; !kind && p && p->name; p++) {
		char pkey[80];

		if (!p->ref || strcmp(p->ref, t->name))
			continue;
		snprintf(pkey, sizeof pkey, "param.%s", p->name);
		if ((rc = svc_meta_get(txn, pkey, &val, err)))
			goto out;
		if (val && strlen(val) == klen && memcmp(val, key, klen) == 0) {
			svc_buf_printf(who, "%sparameter %s", *found ? ", " : "",
			    p->name);
			++*found;
		}
		free(val);
	}
	if (*found > 5)
		svc_buf_printf(who, " and %d more", *found - 5);
out:
	if (cur)
		mdb_cursor_close(cur);
	svc_row_free(&other);
	svc_buf_free(&shown);
	svc_buf_free(&prefix);
	return rc;
}

int
svc_table_delete(struct svc_txn *txn, const struct svc_table *t,
    const char *key, size_t klen, struct svc_err *err)
{
	struct svc_buf who = SVC_BUF_INIT, shown = SVC_BUF_INIT;
	struct svc_row old;
	MDB_val k = { klen, (void *)key };
	int ti = svc_table_slot(txn, t), rc, c, found, got;

	txn->append.writes++;
	if (txn->append.t == t)
		txn->append.t = NULL;
	svc_row_init(&old, t);
	if ((rc = svc_table_get(txn, t, key, klen, &old, &got, err)))
		goto out;
	if (!got) {
		rc = svc_err_set(err, SVC_ENOTFOUND, "no %s '%.*s'", t->name,
		    (int)klen, key);
		goto out;
	}
	svc_table_key_text(t, &old, &shown);
	if ((rc = referrers(txn, t, key, klen, &who, &found, err)))
		goto out;
	if (found > 0) {
		rc = svc_err_set(err, SVC_EDATA, "%s '%s' is referred to by %s",
		    t->name, shown.p ? shown.p : "", who.p);
		goto out;
	}
	if ((t->may_delete && (rc = t->may_delete(txn, t, &old, err))) ||
	    (rc = watches(txn, t, &old, WATCH_DELETING, err)))
		goto out;
	for (c = 0; c < t->ncols; c++)
		if ((rc = svc_index_op(txn, t, c, &old.f[c], key, klen, 1, err)))
			goto out;
	if ((rc = mdb_del(txn->txn, svc_db_tab(txn, ti), &k, NULL))) {
		rc = svc_db_fail(txn, rc, t->name, err);
		goto out;
	}
	ref_forget(txn, t, key, klen);
	svc_rec_forget(txn, t, key, klen);
	rc = svc_txn_note(txn, ti, SVC_NOTE_DELETE, shown.p ? shown.p : "",
	    shown.len, err);
out:
	svc_buf_free(&who);
	svc_buf_free(&shown);
	svc_row_free(&old);
	return rc;
}

int
svc_table_clear(struct svc_txn *txn, const struct svc_table *t,
    struct svc_err *err)
{
	int ti = svc_table_slot(txn, t), c, rc;

	if ((rc = svc_db_clear(txn, svc_db_tab(txn, ti), err)))
		return rc;
	/* (entries held are written, then cleared with the rest) */
	for (c = 0; c < t->ncols; c++)
		if (svc_db_idx(txn, ti, c) &&
		    ((rc = svc_bulk_flush(txn, t, c, err)) ||
		    (rc = svc_db_clear(txn, svc_db_idx(txn, ti, c), err))))
			return rc;
	return 0;
}

struct reindex {
	struct svc_txn *txn;
	const struct svc_table *t;
	int c;
	struct svc_buf key;
	struct svc_err *err;
};

static int
reindex_row(void *arg, struct svc_row *row)
{
	struct reindex *r = arg;

	if (svc_table_key(r->t, row, &r->key))
		return svc_err_set(r->err, SVC_ESYSTEM, "out of memory");
	return svc_index_op(r->txn, r->t, r->c, &row->f[r->c], r->key.p,
	    r->key.len, 0, r->err);
}

int
svc_table_reindex(struct svc_txn *txn, const struct svc_table *t, int c,
    struct svc_err *err)
{
	struct reindex r = { txn, t, c, SVC_BUF_INIT, err };
	MDB_dbi dbi = svc_db_idx(txn, svc_table_slot(txn, t), c);
	int rc;

	if (!dbi)
		return svc_err_set(err, SVC_EINTERNAL, "%s.%s has no index",
		    t->name, t->cols[c].name);
	if ((rc = svc_bulk_flush(txn, t, c, err)) ||
	    (rc = svc_db_clear(txn, dbi, err)))
		return rc;
	rc = svc_table_scan(txn, t, NULL, 0, reindex_row, &r, err);
	svc_buf_free(&r.key);
	return rc;
}

/* --- conveniences of the domain modules --- */

int
svc_table_load(struct svc_txn *txn, const struct svc_table *t, const char *id,
    size_t n, struct svc_row *row, int *found, struct svc_err *err)
{
	struct svc_buf key = SVC_BUF_INIT;
	int rc;

	*found = 0;
	if (svc_table_key_parse(t, id, n, &key, err)) {
		svc_buf_free(&key);
		return 0;	/* it names no record: err says so */
	}
	rc = svc_table_get(txn, t, key.p, key.len, row, found, err);
	if (!rc && !*found)
		svc_err_set(err, SVC_ENOTFOUND, "no %s '%.*s'", t->name,
		    (int)(n > 80 ? 80 : n), id);
	svc_buf_free(&key);
	return rc;
}

int
svc_table_must_load(struct svc_txn *txn, const struct svc_table *t,
    const char *id, struct svc_row *row, struct svc_err *err)
{
	int found, rc = svc_table_load(txn, t, id, strlen(id), row, &found,
	    err);

	return rc ? rc : found ? 0 : SVC_ENOTFOUND;
}

/* The children of id in key order, walking the keys that begin with
 * "ID/" (each row's first column checked to be id itself): the filter
 * of svc_table_children without its parse and index lookups. */
static int
children_walk(struct svc_txn *txn, const struct svc_table *t, const char *id,
    size_t n, int (*fn)(void *arg, struct svc_row *row), void *arg,
    struct svc_err *err)
{
	struct svc_buf prefix = SVC_BUF_INIT;
	struct svc_row row;
	MDB_cursor *cur = NULL;
	MDB_val k, v;
	int rc, op = MDB_SET_RANGE;

	svc_row_init(&row, t);
	if (svc_buf_add(&prefix, id, n) < 0 || svc_buf_addc(&prefix, '/') < 0) {
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	if ((rc = mdb_cursor_open(txn->txn, svc_db_tab(txn,
	    svc_table_slot(txn, t)), &cur))) {
		cur = NULL;
		rc = svc_db_fail(txn, rc, t->name, err);
		goto out;
	}
	k.mv_data = prefix.p;
	k.mv_size = prefix.len;
	while ((rc = mdb_cursor_get(cur, &k, &v, op)) == 0) {
		op = MDB_NEXT;
		if (k.mv_size < prefix.len || memcmp(k.mv_data, prefix.p,
		    prefix.len))
			break;
		if ((rc = svc_record_decode(t, v.mv_data, v.mv_size, &row, err)))
			goto out;
		if (row.f[0].null || row.f[0].n != n ||
		    memcmp(row.f[0].p, id, n))
			continue;
		if ((rc = fn(arg, &row)))
			goto out;
	}
	rc = rc == 0 || rc == MDB_NOTFOUND ? 0 : svc_db_fail(txn, rc, t->name,
	    err);
out:
	if (cur)
		mdb_cursor_close(cur);
	svc_row_free(&row);
	svc_buf_free(&prefix);
	return rc;
}

int
svc_table_children(struct svc_txn *txn, const struct svc_table *t,
    const char *id, int (*fn)(void *arg, struct svc_row *row), void *arg,
    struct svc_err *err)
{
	struct svc_filter f;
	struct svc_buf expr = SVC_BUF_INIT;
	struct svc_field idf;
	struct svc_err e2;
	int rc;

	/* an id the filter would take (else its message, below) */
	if (t->nkey > 1 && *id && !svc_type_is_int(t->cols[0].type) &&
	    t->cols[0].type != SVC_T_MONEY && t->cols[0].type != SVC_T_LIST &&
	    svc_table_parse_value(t, 0, id, strlen(id), NULL, NULL, &idf,
	    &e2) == 0)
		return children_walk(txn, t, id, strlen(id), fn, arg, err);

	svc_buf_printf(&expr, "%s=%s", t->cols[0].name, id);
	if (!expr.p)
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	if ((rc = svc_filter_parse(t, expr.p, &f, err)) == 0) {
		rc = svc_table_scan(txn, t, &f, 1, fn, arg, err);
		svc_filter_free(&f);
	}
	svc_buf_free(&expr);
	return rc;
}

static int
count_one(void *arg, struct svc_row *row)
{
	(void)row;
	++*(int *)arg;
	return 0;
}

/* has_value of a text column with an index: the first entry of the
 * value's in the index, and its record read to be sure (1 in *sure),
 * without a filter parsed and a cursor opened; *sure 0 when that cannot
 * tell (a value the index cuts or the filter would refuse, an entry
 * whose record says otherwise), and the scan decides. */
static int
has_text(struct svc_txn *txn, const struct svc_table *t, int col,
    const char *value, int held, int *found, int *sure, struct svc_err *err)
{
	MDB_dbi dbi = svc_db_idx(txn, svc_table_slot(txn, t), col);
	size_t n = strlen(value), i;
	MDB_val k = { n, (void *)value }, id;
	struct svc_row row;
	int rc, there;

	*sure = 0;
	if (!dbi || dbi == SVC_DBI_MISSING || t->cols[col].type != SVC_T_TEXT ||
	    n == 0 ||
	    n > INDEX_KEY_MAX)
		return 0;
	if (held && (rc = svc_bulk_flush(txn, t, col, err)))
		return rc;
	/* printable ASCII, which the filter would take as it is */
	for (i = 0; i < n; i++)
		if (value[i] < 0x20 || value[i] > 0x7e)
			return 0;
	rc = mdb_get(txn->txn, dbi, &k, &id);
	if (rc == MDB_NOTFOUND) {
		*found = 0;
		*sure = 1;
		return 0;
	}
	if (rc)
		return svc_db_fail(txn, rc, t->name, err);
	svc_row_init(&row, t);
	if (!(rc = svc_table_get(txn, t, id.mv_data, id.mv_size, &row, &there,
	    err)) && there && svc_field_is(&row.f[col], value))
		*found = *sure = 1;
	svc_row_free(&row);
	return rc;
}

/* has_value, and had_value when held is 0 */
static int
has_value(struct svc_txn *txn, const struct svc_table *t, int col,
    const char *value, int held, int *found, struct svc_err *err)
{
	int rc, n = 0, sure;

	if ((rc = has_text(txn, t, col, value, held, found, &sure, err)) ||
	    sure)
		return rc;
	rc = svc_table_scan_where(txn, t, col, "=", value, count_one, &n, err);
	*found = n > 0;
	return rc;
}

int
svc_table_has_value(struct svc_txn *txn, const struct svc_table *t, int col,
    const char *value, int *found, struct svc_err *err)
{
	return has_value(txn, t, col, value, 1, found, err);
}

int
svc_table_had_value(struct svc_txn *txn, const struct svc_table *t, int col,
    const char *value, int *found, struct svc_err *err)
{
	return has_value(txn, t, col, value, 0, found, err);
}

static int
collect_key(void *arg, struct svc_row *row)
{
	struct svc_buf *keys = arg, key = SVC_BUF_INIT;
	int rc;

	rc = svc_table_key(row->t, row, &key) ||
	    svc_buf_add(keys, key.p, key.len + 1) < 0 ? SVC_ESYSTEM : 0;
	svc_buf_free(&key);
	return rc;
}

int
svc_table_delete_children(struct svc_txn *txn, const struct svc_table *t,
    const char *id, struct svc_err *err)
{
	const struct svc_catalog *cat = txn->db->cat;
	struct svc_buf keys = SVC_BUF_INIT;
	size_t at;
	int i, rc = 0;

	/* the last in load order first: a child may refer to a sibling
	 * (a repair line to the order's object) */
	for (i = cat->ntables - 1; i >= 0 && !rc; i--) {
		const struct svc_table *ct = cat->tables[i];

		if (ct->nkey < 2 || ct->cols[0].type != SVC_T_REF ||
		    strcmp(ct->cols[0].ref, t->name) != 0)
			continue;
		/* collect the keys first, then delete */
		keys.len = 0;
		if ((rc = svc_table_children(txn, ct, id, collect_key, &keys,
		    err))) {
			if (rc == SVC_ESYSTEM)
				svc_err_set(err, rc, "out of memory");
			break;
		}
		for (at = 0; !rc && keys.p && at < keys.len;
		    at += strlen(keys.p + at) + 1)
			rc = svc_table_delete(txn, ct, keys.p + at,
			    strlen(keys.p + at), err);
	}
	svc_buf_free(&keys);
	return rc;
}

static int
note_last(void *arg, struct svc_row *row)
{
	int64_t *max = arg;

	if (row->f[1].i > *max)
		*max = row->f[1].i;
	return 0;
}

/* The keys of id's rows are "ID/" and ten digits, and sort as their
 * numbers do: the last is the key before "ID0" ('0' follows '/'), found
 * with one seek instead of reading every row of id. */
static int
last_key_number(struct svc_txn *txn, const struct svc_table *t,
    const char *id, int64_t *last, struct svc_err *err)
{
	size_t n = strlen(id), i;
	char *probe;
	const char *k;
	MDB_cursor *cur;
	MDB_val key, val;
	int64_t v = 0;
	int rc;

	if (!(probe = malloc(n + 2)))
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	memcpy(probe, id, n);
	probe[n] = '0';
	probe[n + 1] = '\0';
	if ((rc = mdb_cursor_open(txn->txn,
	    svc_db_tab(txn, svc_table_slot(txn, t)), &cur))) {
		free(probe);
		return svc_db_fail(txn, rc, t->name, err);
	}
	key.mv_data = probe;
	key.mv_size = n + 1;
	rc = mdb_cursor_get(cur, &key, &val, MDB_SET_RANGE);
	if (rc == 0)
		rc = mdb_cursor_get(cur, &key, &val, MDB_PREV);
	else if (rc == MDB_NOTFOUND)
		rc = mdb_cursor_get(cur, &key, &val, MDB_LAST);
	if (rc == 0) {
		k = key.mv_data;
		if (key.mv_size > n + 1 && memcmp(k, id, n) == 0 &&
		    k[n] == '/')
			for (i = n + 1; i < key.mv_size && k[i] >= '0' &&
			    k[i] <= '9'; i++)
				v = v * 10 + (k[i] - '0');
	}
	mdb_cursor_close(cur);
	free(probe);
	if (rc && rc != MDB_NOTFOUND)
		return svc_db_fail(txn, rc, t->name, err);
	*last = v;
	return 0;
}

int
svc_table_last_number(struct svc_txn *txn, const struct svc_table *t,
    const char *id, int64_t *last, struct svc_err *err)
{
	*last = 0;
	if (t->nkey >= 2 && svc_type_is_int(t->cols[1].type) &&
	    !strchr(id, '/') && svc_db_tab(txn, svc_table_slot(txn, t)))
		return last_key_number(txn, t, id, last, err);
	return svc_table_children(txn, t, id, note_last, last, err);
}

struct picker {
	int col;
	const char *value;
	struct svc_numbers *out;
};

static int
pick_number(void *arg, struct svc_row *row)
{
	struct picker *pk = arg;

	if (pk->col >= 0 && !svc_field_is(&row->f[pk->col], pk->value))
		return 0;
	return svc_numbers_add(pk->out, row->f[1].i) ? SVC_ESYSTEM : 0;
}

int
svc_table_child_numbers(struct svc_txn *txn, const struct svc_table *t,
    const char *id, int col, const char *value, struct svc_numbers *out,
    struct svc_err *err)
{
	struct picker pk = { col, value, out };
	int rc;

	memset(out, 0, sizeof *out);
	err->text[0] = '\0';
	rc = svc_table_children(txn, t, id, pick_number, &pk, err);
	if (rc == SVC_ESYSTEM && !err->text[0])
		svc_err_set(err, SVC_ESYSTEM, "out of memory");
	return rc;
}

int
svc_table_append(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	char parent[400];
	struct svc_buf *memo = &txn->append.parent;
	unsigned long writes;
	int64_t last;
	int rc;

	if (row->f[0].n >= sizeof parent)
		return svc_err_set(err, SVC_EDATA, "%s: key too long", t->name);
	memcpy(parent, row->f[0].p, row->f[0].n);
	parent[row->f[0].n] = '\0';
	if (txn->append.t == t && memo->len == row->f[0].n &&
	    memcmp(memo->p, parent, memo->len) == 0)
		last = txn->append.last;
	else if ((rc = svc_table_last_number(txn, t, parent, &last, err)))
		return rc;
	row->f[1].null = 0;
	row->f[1].i = last + 1;
	writes = txn->append.writes;
	if ((rc = svc_table_put(txn, t, row, SVC_PUT_NEW, NULL, err)))
		return rc;
	/* remembered when its put wrote nothing else (no watch of t's) */
	svc_buf_reset(memo);
	if (txn->append.writes == writes + 1 &&
	    svc_buf_add(memo, parent, row->f[0].n) == 0) {
		txn->append.t = t;
		txn->append.last = last + 1;
	}
	return 0;
}
