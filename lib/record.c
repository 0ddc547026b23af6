/* record.c - the record codec and keys: how a row is stored and named */
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "db_impl.h"
#include "money.h"
#include "table.h"
#include "table_impl.h"

/* Keys: the key columns joined by '/'.  An integer key column (a line
 * number) is written with ten digits inside the store, so that keys sort
 * as the numbers do, and without them for people. */
/* Adds v to key in decimal, padded: with ten digits at least, as
 * "%010lld" writes it. */
static int
key_number(struct svc_buf *key, int64_t v, int padded)
{
	char d[24];
	int n = 0;
	uint64_t u;

	if (v < 0)
		return svc_buf_printf(key, padded ? "%010lld" : "%lld",
		    (long long)v);
	u = (uint64_t)v;
	do
		d[sizeof d - ++n] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	while (padded && n < 10)
		d[sizeof d - ++n] = '0';
	return svc_buf_add(key, d + sizeof d - n, (size_t)n);
}

static int
key_of(const struct svc_table *t, const struct svc_row *row, int padded,
    struct svc_buf *key)
{
	int c, rc;

	svc_buf_reset(key);
	for (c = 0; c < t->nkey; c++) {
		if (row->f[c].null)
			return SVC_ESYSTEM;
		if (c && svc_buf_addc(key, '/') < 0)
			return SVC_ESYSTEM;
		if (svc_type_is_int(t->cols[c].type))
			rc = key_number(key, row->f[c].i, padded);
		else
			rc = svc_buf_add(key, row->f[c].p, row->f[c].n);
		if (rc < 0)
			return SVC_ESYSTEM;
	}
	return 0;
}

int
svc_key_with_number(const char *id, size_t n, int64_t num, int text,
    struct svc_buf *key)
{
	svc_buf_reset(key);
	return svc_buf_add(key, id, n) < 0 || svc_buf_addc(key, '/') < 0 ||
	    key_number(key, num, !text) < 0 ? SVC_ESYSTEM : 0;
}

int
svc_table_key(const struct svc_table *t, const struct svc_row *row,
    struct svc_buf *key)
{
	return key_of(t, row, 1, key);
}

int
svc_table_key_text(const struct svc_table *t, const struct svc_row *row,
    struct svc_buf *key)
{
	return key_of(t, row, 0, key);
}

/* A key as the store has it, as people write it: the ten-digit integer
 * parts without their leading zeros. */
void
svc_key_shown(const struct svc_table *t, const char *key, size_t n,
    struct svc_buf *out)
{
	size_t at = 0, len;
	const char *slash;
	int c;

	svc_buf_reset(out);
	for (c = 0; c < t->nkey && at <= n; c++) {
		slash = c + 1 < t->nkey ? memchr(key + at, '/', n - at) : NULL;
		len = slash ? (size_t)(slash - (key + at)) : n - at;
		if (c)
			svc_buf_addc(out, '/');
		if (svc_type_is_int(t->cols[c].type))
			while (len > 1 && key[at] == '0') {
				at++;
				len--;
			}
		svc_buf_add(out, key + at, len);
		at += len + 1;
	}
}

int
svc_table_key_parse(const struct svc_table *t, const char *s, size_t n,
    struct svc_buf *key, struct svc_err *err)
{
	struct svc_field f;
	size_t at = 0, len;
	const char *slash;
	char q[SVC_QUOTE_MAX];
	int c, rc;

	svc_buf_reset(key);
	for (c = 0; c < t->nkey; c++) {
		slash = c + 1 < t->nkey ? memchr(s + at, '/', n - at) : NULL;
		if (c + 1 < t->nkey && !slash)
			goto bad;
		len = slash ? (size_t)(slash - (s + at)) : n - at;
		if (svc_table_parse_value(t, c, s + at, len, NULL, NULL, &f, err))
			goto bad;
		if (c && svc_buf_addc(key, '/') < 0)
			return svc_err_set(err, SVC_ESYSTEM, "out of memory");
		if (svc_type_is_int(t->cols[c].type)) {
			if (f.i < 0)
				goto bad;
			rc = key_number(key, f.i, 1);
		} else
			rc = svc_buf_add(key, s + at, len);
		if (rc < 0)
			return svc_err_set(err, SVC_ESYSTEM, "out of memory");
		at += len + 1;
	}
	if (!key->p)
		goto bad;
	return 0;
bad:
	if (t->nkey == 1)
		return svc_err_set(err, SVC_ENOTFOUND, "no %s '%s'", t->name,
		    svc_quote(q, s, n));
	return svc_err_set(err, SVC_ENOTFOUND, "no %s '%s' (a key is %s/%s)",
	    t->name, svc_quote(q, s, n), t->cols[0].name, t->cols[1].name);
}

/* Record codec: a version byte, then per column a varint (0 = empty,
 * else length + 1) and the bytes; ints as 8 big-endian bytes with the
 * sign bit flipped, so that their bytes sort as the numbers do. */

void
svc_put_i64(unsigned char *p, int64_t v)
{
	uint64_t u = (uint64_t)v ^ ((uint64_t)1 << 63);
	int i;

	for (i = 7; i >= 0; i--, u >>= 8)
		p[i] = (unsigned char)u;
}

int64_t
svc_get_i64(const unsigned char *p)
{
	uint64_t u = 0;
	int i;

	for (i = 0; i < 8; i++)
		u = u << 8 | p[i];
	return (int64_t)(u ^ ((uint64_t)1 << 63));
}

static int
put_varint(struct svc_buf *b, uint64_t v)
{
	unsigned char tmp[10];
	int n = 0;

	do {
		tmp[n] = (unsigned char)(v & 0x7f);
		v >>= 7;
		if (v)
			tmp[n] |= 0x80;
		n++;
	} while (v);
	return svc_buf_add(b, tmp, (size_t)n);
}

static int
get_varint(const unsigned char **p, const unsigned char *e, uint64_t *v)
{
	int shift = 0;

	*v = 0;
	while (*p < e && shift < 64) {
		unsigned char c = *(*p)++;
		*v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return 0;
		shift += 7;
	}
	return -1;
}

int
svc_record_encode(const struct svc_table *t, const struct svc_row *row, struct svc_buf *b)
{
	unsigned char num[8];
	size_t need = 1 + 10;
	int c;

	/* the buffer grown once, not doubled field by field: a length
	 * takes at most 10 bytes */
	for (c = 0; c < t->ncols; c++)
		need += 10 + (row->f[c].null ? 0 :
		    svc_type_is_int(t->cols[c].type) ? 8 : row->f[c].n);
	svc_buf_reset(b);
	if (svc_buf_grow(b, need) < 0 ||
	    svc_buf_addc(b, RECORD_VERSION) < 0 ||
	    put_varint(b, (uint64_t)t->ncols) < 0)
		return -1;
	for (c = 0; c < t->ncols; c++) {
		const struct svc_field *f = &row->f[c];

		if (f->null) {
			if (put_varint(b, 0) < 0)
				return -1;
		} else if (svc_type_is_int(t->cols[c].type)) {
			svc_put_i64(num, f->i);
			if (put_varint(b, 9) < 0 || svc_buf_add(b, num, 8) < 0)
				return -1;
		} else if (put_varint(b, (uint64_t)f->n + 1) < 0 ||
		    svc_buf_add(b, f->p, f->n) < 0)
			return -1;
	}
	return 0;
}

/* Whether a stored number of type type is one svc can work with: days
 * and instants in the years 1 to 9999 (date.h); a damaged record's
 * would overflow the calendar arithmetic. */
static int
in_range(enum svc_type type, int64_t v)
{
	if (type == SVC_T_DATE)
		return v >= SVC_DAY_MIN && v <= SVC_DAY_MAX;
	if (type == SVC_T_DATETIME)
		return v >= SVC_INSTANT_MIN && v <= SVC_INSTANT_MAX;
	return 1;
}

/* records decoded by this process (svc --stats) */
static unsigned long long decoded;

unsigned long long
svc_records_read(void)
{
	return decoded;
}

/* Decodes a record; fields point into data.  Columns the record does
 * not have (it was written by an older schema) are empty. */
int
svc_record_decode(const struct svc_table *t, const void *data, size_t len,
    struct svc_row *row, struct svc_err *err)
{
	const unsigned char *p = data, *e = p + len;
	uint64_t nf, l;
	int c;

	decoded++;
	/* the row is one of t now: cleared and filled over t's columns */
	row->t = t;
	svc_row_clear(row);
	if (len < 2 || *p++ != RECORD_VERSION || get_varint(&p, e, &nf))
		return svc_err_set(err, SVC_EINTERNAL, "%s: a record does not "
		    "decode", t->name);
	for (c = 0; (uint64_t)c < nf; c++) {
		if (get_varint(&p, e, &l) || l > (uint64_t)(e - p) + 1)
			return svc_err_set(err, SVC_EINTERNAL, "%s: a record "
			    "does not decode", t->name);
		if (l == 0)
			continue;
		l--;
		if (c >= t->ncols) {
			p += l;
			continue;
		}
		row->f[c].null = 0;
		if (svc_type_is_int(t->cols[c].type)) {
			if (l != 8)
				return svc_err_set(err, SVC_EINTERNAL, "%s: a "
				    "record does not decode", t->name);
			row->f[c].i = svc_get_i64(p);
			if (!in_range(t->cols[c].type, row->f[c].i))
				return svc_err_set(err, SVC_EINTERNAL, "%s: a "
				    "record has a %s out of range in column "
				    "'%s'", t->name, t->cols[c].type ==
				    SVC_T_DATE ? "day" : "time",
				    t->cols[c].name);
		} else {
			row->f[c].p = (const char *)p;
			row->f[c].n = (size_t)l;
		}
		p += l;
	}
	if (p != e)
		return svc_err_set(err, SVC_EINTERNAL, "%s: a record does not "
		    "decode", t->name);
	return 0;
}

int
svc_table_slot(struct svc_txn *txn, const struct svc_table *t)
{
	size_t n = sizeof txn->slots / sizeof txn->slots[0];
	size_t h = svc_txn_hash(t, NULL, 0, n);

	/* a write asks for its table's slot several times a row */
	if (txn->slots[h].t != t) {
		txn->slots[h].t = t;
		txn->slots[h].ti = svc_catalog_index(txn->db->cat, t);
	}
	return txn->slots[h].ti;
}

int
svc_table_watched(struct svc_txn *txn, const struct svc_table *t)
{
	const struct svc_table_watch *w;
	int pos = 0, ti = svc_table_slot(txn, t), some = 0;

	/* most tables have none, and every write asks */
	if (ti >= 0 && txn->watched[ti])
		return txn->watched[ti] == 2;
	while (!some &&
	    (w = svc_catalog_hook(txn->db->cat, SVC_TABLE_WATCHES, &pos)))
		some = w->table == t;
	if (ti >= 0)
		txn->watched[ti] = some ? 2 : 1;
	return some;
}

/* Looks the record up: 1 and its value in *v, 0 when there is none, or
 * a negative status. */
int
svc_table_lookup(struct svc_txn *txn, const struct svc_table *t, const char *key,
    size_t klen, MDB_val *v, int *found, struct svc_err *err)
{
	MDB_val k = { klen, (void *)key };
	int rc;

	*found = 0;
	if (klen == 0 || klen > 200)
		return 0;
	rc = mdb_get(txn->txn, svc_db_tab(txn, svc_table_slot(txn, t)), &k,
	    v);
	if (rc == MDB_NOTFOUND)
		return 0;
	if (rc)
		return svc_db_fail(txn, rc, t->name, err);
	*found = 1;
	return 0;
}

/* The index key of a field: its stored bytes, cut to fit LMDB. */
void
svc_index_key(const struct svc_table *t, int c, const struct svc_field *f,
    unsigned char *num, MDB_val *k)
{
	if (svc_type_is_int(t->cols[c].type)) {
		svc_put_i64(num, f->i);
		k->mv_data = num;
		k->mv_size = 8;
	} else {
		k->mv_data = (void *)f->p;
		k->mv_size = f->n > INDEX_KEY_MAX ? INDEX_KEY_MAX : f->n;
	}
}
