/* table.c - rows of schema-defined tables: parsing, records, indexes, references, scans */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "db_impl.h"
#include "money.h"
#include "store.h"
#include "table.h"

#define RECORD_VERSION 1
#define INDEX_KEY_MAX 400	/* LMDB keys stop at 511 bytes */
#define FILTER_SCALE 4		/* money filters compare at this scale */

void
svc_txn_defer_refs(struct svc_txn *txn, int on)
{
	txn->defer_refs = on;
}

void
svc_row_init(struct svc_row *row, const struct svc_table *t)
{
	memset(row, 0, sizeof *row);
	row->t = t;
	svc_row_clear(row);
}

void
svc_row_clear(struct svc_row *row)
{
	int i;

	svc_arena_reset(&row->arena);
	row->bad = 0;
	row->bad_value = NULL;
	for (i = 0; i < SVC_ROW_MAX; i++) {
		row->f[i].null = 1;
		row->f[i].i = 0;
		row->f[i].p = NULL;
		row->f[i].n = 0;
	}
}

void
svc_row_free(struct svc_row *row)
{
	svc_arena_free(&row->arena);
	svc_buf_free(&row->rec);
}

/* Notes a value a setter could not take, for svc_table_put to refuse:
 * a setter is checked as svc_table_build checks its input. */
static int
row_bad(struct svc_row *row, int c, const char *s, size_t n)
{
	if (!row->bad) {
		row->bad = c + 1;
		row->bad_value = s ? svc_arena_strndup(&row->arena, s, n) : NULL;
	}
	return SVC_EINTERNAL;
}

struct svc_field *
svc_row_field(struct svc_row *row, int col)
{
	return &row->f[col];
}

int
svc_row_set_text(struct svc_row *row, int c, const char *s, size_t n)
{
	const struct svc_column *col;
	struct svc_field f;
	char *p;

	if (c < 0 || c >= row->t->ncols)
		return row_bad(row, c, s, n);
	col = &row->t->cols[c];
	if (svc_type_is_int(col->type))
		return row_bad(row, c, s, n);
	if (col->type != SVC_T_TEXT && svc_table_parse_value(row->t, c, s, n,
	    NULL, NULL, &f, NULL))
		return row_bad(row, c, s, n);
	if (!(p = svc_arena_strndup(&row->arena, s, n)))
		return SVC_ESYSTEM;
	row->f[c].null = 0;
	row->f[c].p = p;
	row->f[c].n = n;
	return 0;
}

int
svc_row_set_int(struct svc_row *row, int c, int64_t v)
{
	if (c < 0 || c >= row->t->ncols ||
	    !svc_type_is_int(row->t->cols[c].type))
		return row_bad(row, c, NULL, 0);
	if (row->t->cols[c].type == SVC_T_BOOL && v != 0 && v != 1)
		return row_bad(row, c, NULL, 0);
	row->f[c].null = 0;
	row->f[c].i = v;
	return 0;
}

int
svc_row_set_null(struct svc_row *row, int c)
{
	if (c < 0 || c >= row->t->ncols)
		return row_bad(row, c, NULL, 0);
	row->f[c].null = 1;
	return 0;
}

static int
named(const struct svc_row *row, const char *col)
{
	return svc_column_find(row->t, col, strlen(col));
}

struct svc_field *
svc_row_field_named(struct svc_row *row, const char *col)
{
	int c = named(row, col);

	return c < 0 ? NULL : &row->f[c];
}

int
svc_row_set_text_named(struct svc_row *row, const char *col, const char *s,
    size_t n)
{
	return svc_row_set_text(row, named(row, col), s, n);
}

int
svc_row_set_int_named(struct svc_row *row, const char *col, int64_t v)
{
	return svc_row_set_int(row, named(row, col), v);
}

int
svc_row_set_null_named(struct svc_row *row, const char *col)
{
	return svc_row_set_null(row, named(row, col));
}

int
svc_row_copy(struct svc_row *dst, const struct svc_row *src)
{
	int c;

	svc_row_clear(dst);
	for (c = 0; c < src->t->ncols; c++) {
		dst->f[c] = src->f[c];
		if (!src->f[c].null && !svc_type_is_int(src->t->cols[c].type) &&
		    !(dst->f[c].p = svc_arena_strndup(&dst->arena, src->f[c].p,
		    src->f[c].n)))
			return -1;
	}
	return 0;
}

int
svc_field_is(const struct svc_field *f, const char *s)
{
	return !f->null && f->n == strlen(s) && (f->n == 0 ||
	    memcmp(f->p, s, f->n) == 0);
}

int
svc_id_valid(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 64)
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

/* UTF-8 as RFC 3629 has it: no overlong forms, no surrogates, nothing
 * above U+10FFFF; and no NUL. */
static int memmem_has(const char *h, size_t hn, const char *nd, size_t nn);

static int
utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + n;
	unsigned char lo, hi;
	int k;

	while (p < e) {
		if (*p == 0)
			return 0;
		if (*p < 0x80) {
			p++;
			continue;
		}
		lo = 0x80;
		hi = 0xbf;
		if (*p >= 0xc2 && *p <= 0xdf)
			k = 1;
		else if (*p >= 0xe0 && *p <= 0xef) {
			k = 2;
			if (*p == 0xe0)
				lo = 0xa0;
			else if (*p == 0xed)
				hi = 0x9f;
		} else if (*p >= 0xf0 && *p <= 0xf4) {
			k = 3;
			if (*p == 0xf0)
				lo = 0x90;
			else if (*p == 0xf4)
				hi = 0x8f;
		} else
			return 0;
		if (e - p <= k || p[1] < lo || p[1] > hi)
			return 0;
		for (p++; k; k--, p++)
			if ((*p & 0xc0) != 0x80)
				return 0;
	}
	return 1;
}

/* Each item of a skills list is skill:level, level 1..5. */
static int
skills_valid(const char *s, size_t n, struct svc_err *err)
{
	size_t i = 0, j, c;

	while (i < n) {
		for (j = i; j < n && s[j] != ';'; j++)
			;
		for (c = i; c < j && s[c] != ':'; c++)
			;
		if (c == j || !svc_id_valid(s + i, c - i) || j - c != 2 ||
		    s[c + 1] < '1' || s[c + 1] > '5')
			return svc_err_set(err, SVC_EDATA, "bad skill '%.*s' "
			    "(want skill:level, level 1 to 5)", (int)(j - i),
			    s + i);
		i = j + 1;
	}
	return 0;
}

int
svc_table_parse_value(const struct svc_table *t, int c, const char *s,
    size_t n, const struct svc_field *cur, struct svc_arena *a,
    struct svc_field *f, struct svc_err *err)
{
	const struct svc_column *col = &t->cols[c];
	const char *const *w;
	int rc, exp;

	f->null = 0;
	f->p = s;
	f->n = n;
	f->i = 0;
	switch (col->type) {
	case SVC_T_TEXT:
		if (!utf8_valid(s, n))
			return svc_err_set(err, SVC_EDATA, "not valid UTF-8 text");
		break;
	case SVC_T_ID:
	case SVC_T_REF:
		if (!svc_id_valid(s, n))
			return svc_err_set(err, SVC_EDATA, "bad id '%.*s' (want "
			    "1 to 64 of A-Z a-z 0-9 . _ -)", (int)(n > 80 ? 80 : n), s);
		break;
	case SVC_T_CURRENCY:
		if (svc_currency_exponent(s, n) < 0)
			return svc_err_set(err, SVC_EDATA, "unknown currency '%.*s'",
			    (int)(n > 20 ? 20 : n), s);
		break;
	case SVC_T_INT:
		rc = svc_fixed_parse(s, n, 0, &f->i);
		if (rc == -3)
			return svc_err_set(err, SVC_EDATA, "number too large '%.*s'",
			    (int)(n > 40 ? 40 : n), s);
		if (rc)
			return svc_err_set(err, SVC_EDATA, "bad integer '%.*s'",
			    (int)(n > 40 ? 40 : n), s);
		break;
	case SVC_T_DECIMAL:
	case SVC_T_MONEY:
		if (col->type == SVC_T_MONEY) {
			exp = cur && !cur->null ?
			    svc_currency_exponent(cur->p, cur->n) : -1;
			if (exp < 0)
				return svc_err_set(err, SVC_EDATA,
				    "an amount needs a known currency");
		} else
			exp = col->scale;
		rc = svc_fixed_parse(s, n, exp, &f->i);
		if (rc == -2 && col->type == SVC_T_MONEY)
			return svc_err_set(err, SVC_EDATA, "bad amount '%.*s' "
			    "(%.*s has %d decimals)", (int)(n > 40 ? 40 : n), s,
			    (int)cur->n, cur->p, exp);
		if (rc == -2)
			return svc_err_set(err, SVC_EDATA, "bad number '%.*s' "
			    "(at most %d decimals)", (int)(n > 40 ? 40 : n), s, exp);
		if (rc == -3)
			return svc_err_set(err, SVC_EDATA, "number too large '%.*s'",
			    (int)(n > 40 ? 40 : n), s);
		if (rc)
			return svc_err_set(err, SVC_EDATA, "bad %s '%.*s'",
			    col->type == SVC_T_MONEY ? "amount" : "number",
			    (int)(n > 40 ? 40 : n), s);
		break;
	case SVC_T_DATE:
		if (svc_date_parse(s, n, &f->i))
			return svc_err_set(err, SVC_EDATA, "bad date '%.*s' "
			    "(want YYYY-MM-DD)", (int)(n > 40 ? 40 : n), s);
		break;
	case SVC_T_DATETIME:
		if (svc_datetime_parse(s, n, &f->i))
			return svc_err_set(err, SVC_EDATA, "bad instant '%.*s' "
			    "(want YYYY-MM-DDTHH:MM:SSZ or an offset)",
			    (int)(n > 40 ? 40 : n), s);
		break;
	case SVC_T_DURATION:
		if (svc_duration_parse(s, n, &f->i))
			return svc_err_set(err, SVC_EDATA, "bad duration '%.*s' "
			    "(want minutes or 2h30m)", (int)(n > 40 ? 40 : n), s);
		break;
	case SVC_T_BOOL:
		if (n == 4 && memcmp(s, "true", 4) == 0)
			f->i = 1;
		else if (n == 5 && memcmp(s, "false", 5) == 0)
			f->i = 0;
		else
			return svc_err_set(err, SVC_EDATA, "bad boolean '%.*s' "
			    "(want true or false)", (int)(n > 40 ? 40 : n), s);
		break;
	case SVC_T_ENUM:
		for (w = col->words; *w; w++)
			if (strlen(*w) == n && memcmp(*w, s, n) == 0)
				break;
		if (!*w) {
			struct svc_buf b = SVC_BUF_INIT;
			for (w = col->words; *w; w++)
				svc_buf_printf(&b, "%s%s", w == col->words ? "" :
				    ", ", *w);
			svc_err_set(err, SVC_EDATA, "bad value '%.*s' (want one "
			    "of %s)", (int)(n > 40 ? 40 : n), s, b.p ? b.p : "");
			svc_buf_free(&b);
			return SVC_EDATA;
		}
		break;
	case SVC_T_LIST:
		if (!utf8_valid(s, n))
			return svc_err_set(err, SVC_EDATA, "not valid UTF-8 text");
		if (n && (s[0] == ';' || s[n - 1] == ';' ||
		    memmem_has(s, n, ";;", 2)))
			return svc_err_set(err, SVC_EDATA, "an empty item in the "
			    "list '%.*s'", (int)(n > 40 ? 40 : n), s);
		if ((col->flags & SVC_COL_SKILLS) && (rc = skills_valid(s, n, err)))
			return rc;
		break;
	}
	if (!svc_type_is_int(col->type) && a) {
		if (!(f->p = svc_arena_strndup(a, s, n)))
			return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	}
	return 0;
}

static int
currency_col(const struct svc_table *t, int c)
{
	return t->cols[c].currency ?
	    svc_column_find(t, t->cols[c].currency, strlen(t->cols[c].currency)) : -1;
}

int
svc_table_has_seq(struct svc_txn *txn, const struct svc_table *t,
    struct svc_err *err)
{
	char key[64], *fmt = NULL;
	int rc;

	if (t->nkey != 1)
		return 0;
	if (t->seq)
		return 1;
	snprintf(key, sizeof key, "seq.%s", t->name);
	rc = svc_meta_get_old(txn, key, &fmt, err);
	free(fmt);
	return rc;
}

int
svc_table_draw_id(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	char key[64], idbuf[96], *fmt = NULL;
	uint64_t n;
	int rc, tries;

	snprintf(key, sizeof key, "seq.%s", t->name);
	if ((rc = svc_meta_get_old(txn, key, &fmt, err)) < 0)
		return -rc;
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
		rc = svc_table_exists_old(txn, t, idbuf, strlen(idbuf), err);
		if (rc < 0) {
			rc = -rc;
			break;
		}
		if (rc == 0) {
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
	return svc_catalog_table(txn->db->cat, col->ref, strlen(col->ref));
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
	int rcol, ref;

	if (rc < 0 || row->f[rc].null || !txn ||
	    !(rt = ref_table(txn, &t->cols[rc])) ||
	    (rcol = svc_column_find(rt, dot + 1, strlen(dot + 1))) < 0)
		return 0;
	svc_row_init(&rec, rt);
	ref = rc;
	rc = svc_table_load_old(txn, rt, row->f[ref].p, row->f[ref].n, &rec, err);
	f = &rec.f[rcol];
	if (rc > 0 && !f->null)
		rc = svc_table_parse_value(t, c, f->p, f->n, NULL, &row->arena,
		    &row->f[c], err);
	else if (rc == 0)
		rc = svc_err_set(err, SVC_EDATA, "column '%s': unknown %s '%.*s'",
		    t->cols[ref].name, rt->name, (int)row->f[ref].n,
		    row->f[ref].p);
	else
		rc = rc < 0 ? -rc : 0;
	svc_row_free(&rec);
	return rc;
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
				    (cc = currency_col(t, c)) >= 0 && in->given[cc])
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
					rc = svc_meta_get_old(txn, pkey, &pv, err);
					if (rc < 0)
						return -rc;
					if (rc == 0) {
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
			cc = pass ? currency_col(t, c) : -1;
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
svc_table_format(const struct svc_table *t, const struct svc_row *row,
    int c, struct svc_buf *out)
{
	const struct svc_field *f = &row->f[c];
	char tmp[40];
	int exp, cc;

	if (f->null)
		return 0;
	switch (t->cols[c].type) {
	case SVC_T_INT:
		snprintf(tmp, sizeof tmp, "%lld", (long long)f->i);
		break;
	case SVC_T_DURATION:
		snprintf(tmp, sizeof tmp, "%lld", (long long)f->i);
		break;
	case SVC_T_DECIMAL:
		svc_fixed_format_trim(f->i, t->cols[c].scale, tmp);
		break;
	case SVC_T_MONEY:
		cc = currency_col(t, c);
		exp = cc >= 0 && !row->f[cc].null ?
		    svc_currency_exponent(row->f[cc].p, row->f[cc].n) : 2;
		svc_fixed_format(f->i, exp < 0 ? 2 : exp, tmp);
		break;
	case SVC_T_DATE:
		svc_date_format(f->i, tmp);
		break;
	case SVC_T_DATETIME:
		svc_datetime_format(f->i, tmp);
		break;
	case SVC_T_BOOL:
		strcpy(tmp, f->i ? "true" : "false");
		break;
	default:
		return svc_buf_add(out, f->p, f->n);
	}
	return svc_buf_adds(out, tmp);
}

/* Keys: the key columns joined by '/'.  An integer key column (a line
 * number) is written with ten digits inside the store, so that keys sort
 * as the numbers do, and without them for people. */
static int
key_of(const struct svc_table *t, const struct svc_row *row, int padded,
    struct svc_buf *key)
{
	int c, rc;

	svc_buf_reset(key);
	for (c = 0; c < t->nkey; c++) {
		if (row->f[c].null)
			return -1;
		if (c && svc_buf_addc(key, '/') < 0)
			return -1;
		if (svc_type_is_int(t->cols[c].type))
			rc = svc_buf_printf(key, padded ? "%010lld" : "%lld",
			    (long long)row->f[c].i);
		else
			rc = svc_buf_add(key, row->f[c].p, row->f[c].n);
		if (rc < 0)
			return -1;
	}
	return 0;
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
static void
key_shown(const struct svc_table *t, const char *key, size_t n,
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
			rc = svc_buf_printf(key, "%010lld", (long long)f.i);
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
		return svc_err_set(err, SVC_ENOTFOUND, "no %s '%.*s'", t->name,
		    (int)(n > 80 ? 80 : n), s);
	return svc_err_set(err, SVC_ENOTFOUND, "no %s '%.*s' (a key is %s/%s)",
	    t->name, (int)(n > 80 ? 80 : n), s, t->cols[0].name,
	    t->cols[1].name);
}

/* Record codec: a version byte, then per column a varint (0 = empty,
 * else length + 1) and the bytes; ints as 8 big-endian bytes with the
 * sign bit flipped, so that their bytes sort as the numbers do. */

static void
put_i64(unsigned char *p, int64_t v)
{
	uint64_t u = (uint64_t)v ^ ((uint64_t)1 << 63);
	int i;

	for (i = 7; i >= 0; i--, u >>= 8)
		p[i] = (unsigned char)u;
}

static int64_t
get_i64(const unsigned char *p)
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

static int
encode(const struct svc_table *t, const struct svc_row *row, struct svc_buf *b)
{
	unsigned char num[8];
	int c;

	svc_buf_reset(b);
	if (svc_buf_addc(b, RECORD_VERSION) < 0 ||
	    put_varint(b, (uint64_t)t->ncols) < 0)
		return -1;
	for (c = 0; c < t->ncols; c++) {
		const struct svc_field *f = &row->f[c];

		if (f->null) {
			if (put_varint(b, 0) < 0)
				return -1;
		} else if (svc_type_is_int(t->cols[c].type)) {
			put_i64(num, f->i);
			if (put_varint(b, 9) < 0 || svc_buf_add(b, num, 8) < 0)
				return -1;
		} else if (put_varint(b, (uint64_t)f->n + 1) < 0 ||
		    svc_buf_add(b, f->p, f->n) < 0)
			return -1;
	}
	return 0;
}

/* Decodes a record; fields point into data.  Columns the record does
 * not have (it was written by an older schema) are empty. */
static int
decode(const struct svc_table *t, const void *data, size_t len,
    struct svc_row *row, struct svc_err *err)
{
	const unsigned char *p = data, *e = p + len;
	uint64_t nf, l;
	int c;

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
			row->f[c].i = get_i64(p);
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

static int
tindex(struct svc_txn *txn, const struct svc_table *t)
{
	return svc_catalog_index(txn->db->cat, t);
}

/* Looks the record up: 1 and its value in *v, 0 when there is none, or
 * a negative status. */
static int
lookup(struct svc_txn *txn, const struct svc_table *t, const char *key,
    size_t klen, MDB_val *v, struct svc_err *err)
{
	MDB_val k = { klen, (void *)key };
	int rc;

	if (klen == 0 || klen > 200)
		return 0;
	rc = mdb_get(txn->txn, txn->db->tab[tindex(txn, t)], &k, v);
	if (rc == MDB_NOTFOUND)
		return 0;
	if (rc)
		return -svc_db_fail(txn, rc, t->name, err);
	return 1;
}

int
svc_table_get_old(struct svc_txn *txn, const struct svc_table *t,
    const char *key, size_t klen, struct svc_row *row, struct svc_err *err)
{
	MDB_val v;
	int rc = lookup(txn, t, key, klen, &v, err);

	if (rc <= 0)
		return rc;
	/* a copy: LMDB's values last only until the next write, and callers
	 * read a record, write, and read it again */
	svc_buf_reset(&row->rec);
	if (svc_buf_add(&row->rec, v.mv_data, v.mv_size) < 0)
		return -svc_err_set(err, SVC_ESYSTEM, "out of memory");
	if ((rc = decode(t, row->rec.p, row->rec.len, row, err)))
		return -rc;
	return 1;
}

/* As svc_table_get, with the copy in a buffer of the caller's. */
static int
get_owned(struct svc_txn *txn, const struct svc_table *t, const char *key,
    size_t klen, struct svc_row *row, struct svc_buf *copy,
    struct svc_err *err)
{
	MDB_val v;
	int rc = lookup(txn, t, key, klen, &v, err);

	if (rc <= 0)
		return rc;
	svc_buf_reset(copy);
	if (svc_buf_add(copy, v.mv_data, v.mv_size) < 0)
		return -svc_err_set(err, SVC_ESYSTEM, "out of memory");
	if ((rc = decode(t, copy->p, copy->len, row, err)))
		return -rc;
	return 1;
}

int
svc_table_exists_old(struct svc_txn *txn, const struct svc_table *t,
    const char *key, size_t klen, struct svc_err *err)
{
	MDB_val v;

	return lookup(txn, t, key, klen, &v, err);
}

int
svc_table_get(struct svc_txn *txn, const struct svc_table *t,
    const char *key, size_t klen, struct svc_row *row, int *found,
    struct svc_err *err)
{
	int rc = svc_table_get_old(txn, t, key, klen, row, err);

	*found = rc > 0;
	return rc < 0 ? -rc : 0;
}

int
svc_table_exists(struct svc_txn *txn, const struct svc_table *t,
    const char *key, size_t klen, int *found, struct svc_err *err)
{
	MDB_val v;
	int rc = lookup(txn, t, key, klen, &v, err);

	*found = rc > 0;
	return rc < 0 ? -rc : 0;
}

/* The index key of a field: its stored bytes, cut to fit LMDB. */
static void
index_key(const struct svc_table *t, int c, const struct svc_field *f,
    unsigned char *num, MDB_val *k)
{
	if (svc_type_is_int(t->cols[c].type)) {
		put_i64(num, f->i);
		k->mv_data = num;
		k->mv_size = 8;
	} else {
		k->mv_data = (void *)f->p;
		k->mv_size = f->n > INDEX_KEY_MAX ? INDEX_KEY_MAX : f->n;
	}
}

static int
index_op(struct svc_txn *txn, const struct svc_table *t, int c,
    const struct svc_field *f, const char *key, size_t klen, int del,
    struct svc_err *err)
{
	MDB_dbi dbi = txn->db->idx[tindex(txn, t)][c];
	unsigned char num[8];
	MDB_val k, v = { klen, (void *)key };
	int rc;

	if (!dbi || f->null)
		return 0;
	index_key(t, c, f, num, &k);
	if (del) {
		rc = mdb_del(txn->txn, dbi, &k, &v);
		if (rc == MDB_NOTFOUND)
			rc = 0;
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

int
svc_table_check_refs(struct svc_txn *txn, const struct svc_table *t,
    const struct svc_row *row, struct svc_err *err)
{
	const struct svc_table *rt;
	char key[160];
	int c, rc;

	for (c = 0; c < t->ncols; c++) {
		const struct svc_column *col = &t->cols[c];
		const struct svc_field *f = &row->f[c];

		const char *kind = col->ref_kind;

		if (col->type != SVC_T_REF || f->null)
			continue;
		if (col->ref_kind_of && !(kind = col->ref_kind_of(row)))
			continue;	/* the table's rule refuses it */
		rt = ref_table(txn, col);
		if (kind)
			snprintf(key, sizeof key, "%s/%.*s", kind, (int)f->n,
			    f->p);
		else
			snprintf(key, sizeof key, "%.*s", (int)f->n, f->p);
		rc = svc_table_exists_old(txn, rt, key, strlen(key), err);
		if (rc < 0)
			return -rc;
		if (!rc)
			return svc_err_set(err, SVC_EDATA, "column '%s': unknown "
			    "%s '%.*s'", col->name, kind ? kind : col->ref,
			    (int)f->n, f->p);
	}
	return 0;
}

int
svc_table_put(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, int how, int *added, struct svc_err *err)
{
	struct svc_buf key = SVC_BUF_INIT, enc = SVC_BUF_INIT, swap;
	struct svc_row old;
	MDB_val k, v;
	int ti = tindex(txn, t), rc, c, exists;

	svc_row_init(&old, t);
	if (row->bad) {
		rc = svc_err_set(err, SVC_EINTERNAL, "%s: column %s was set to "
		    "'%s', which its type refuses", t->name,
		    row->bad - 1 < t->ncols ? t->cols[row->bad - 1].name : "?",
		    row->bad_value ? row->bad_value : "(a number)");
		goto out;
	}
	if (svc_table_key(t, row, &key) < 0) {
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	if (!txn->defer_refs && (rc = svc_table_check_refs(txn, t, row, err)))
		goto out;
	if (t->validate && (rc = t->validate(txn, t, row, err)))
		goto out;
	/* the row may point into its own record buffer: encode beside it */
	if (encode(t, row, &enc) < 0) {
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	swap = row->rec;
	row->rec = enc;
	enc = swap;
	/* the row may point into the map, and values there last only until
	 * the next write: from here on it points into its own record */
	if ((rc = decode(t, row->rec.p, row->rec.len, row, err)))
		goto out;
	exists = get_owned(txn, t, key.p, key.len, &old, &old.rec, err);
	if (exists < 0) {
		rc = -exists;
		goto out;
	}
	if ((exists && how == SVC_PUT_NEW) || (!exists && how == SVC_PUT_UPDATE)) {
		struct svc_buf shown = SVC_BUF_INIT;

		svc_table_key_text(t, row, &shown);
		rc = exists ? svc_err_set(err, SVC_EDATA, "%s '%s' exists already",
		    t->name, shown.p ? shown.p : "") : svc_err_set(err,
		    SVC_ENOTFOUND, "no %s '%s'", t->name, shown.p ? shown.p : "");
		svc_buf_free(&shown);
		goto out;
	}
	for (c = 0; exists && c < t->ncols; c++)
		if (!same_field(t, c, &old.f[c], &row->f[c]) &&
		    (rc = index_op(txn, t, c, &old.f[c], key.p, key.len, 1, err)))
			goto out;
	k.mv_size = key.len;
	k.mv_data = key.p;
	v.mv_size = row->rec.len;
	v.mv_data = row->rec.p;
	if ((rc = mdb_put(txn->txn, txn->db->tab[ti], &k, &v, 0))) {
		rc = svc_db_fail(txn, rc, t->name, err);
		goto out;
	}
	for (c = 0; c < t->ncols; c++)
		if ((rc = index_op(txn, t, c, &row->f[c], key.p, key.len, 0, err)))
			goto out;
	svc_txn_count(txn, ti, exists ? SVC_COUNT_CHANGE : SVC_COUNT_ADD);
	if (added)
		*added = !exists;
	rc = 0;
out:
	svc_row_free(&old);
	svc_buf_free(&key);
	svc_buf_free(&enc);
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
	int i, c, rc = 0, got;
	struct svc_row other;
	struct svc_buf shown = SVC_BUF_INIT;
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
			if ((rc = mdb_cursor_open(txn->txn, txn->db->idx[i][c],
			    &cur))) {
				cur = NULL;
				rc = svc_db_fail(txn, rc, rt->name, err);
				goto out;
			}
			while ((rc = mdb_cursor_get(cur, &k, &v, op)) == 0) {
				op = MDB_NEXT_DUP;
				if (kind && col->ref_kind_of) {
					/* the kind referred to is the row's */
					const char *rk;

					got = svc_table_get_old(txn, rt, v.mv_data,
					    v.mv_size, &other, err);
					if (got < 0) {
						rc = -got;
						goto out;
					}
					rk = got ? col->ref_kind_of(&other) : NULL;
					if (!rk || strlen(rk) != kindlen ||
					    memcmp(rk, kind, kindlen))
						continue;
				}
				if (*found < 5) {
					key_shown(rt, v.mv_data, v.mv_size, &shown);
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
		if ((got = svc_meta_get_old(txn, pkey, &val, err)) < 0) {
			rc = -got;
			goto out;
		}
		if (got && strlen(val) == klen && memcmp(val, key, klen) == 0) {
			svc_buf_printf(who, "%sparameter %s", *found ? ", " : "",
			    p->name);
			++*found;
		}
		free(got ? val : NULL);
	}
	if (*found > 5)
		svc_buf_printf(who, " and %d more", *found - 5);
out:
	if (cur)
		mdb_cursor_close(cur);
	svc_row_free(&other);
	svc_buf_free(&shown);
	return rc;
}

int
svc_table_delete(struct svc_txn *txn, const struct svc_table *t,
    const char *key, size_t klen, struct svc_err *err)
{
	struct svc_buf who = SVC_BUF_INIT, shown = SVC_BUF_INIT;
	struct svc_row old;
	MDB_val k = { klen, (void *)key };
	int ti = tindex(txn, t), rc, c, found;

	svc_row_init(&old, t);
	rc = get_owned(txn, t, key, klen, &old, &old.rec, err);
	if (rc <= 0) {
		rc = rc < 0 ? -rc : svc_err_set(err, SVC_ENOTFOUND, "no %s '%.*s'",
		    t->name, (int)klen, key);
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
	if (t->may_delete && (rc = t->may_delete(txn, t, &old, err)))
		goto out;
	for (c = 0; c < t->ncols; c++)
		if ((rc = index_op(txn, t, c, &old.f[c], key, klen, 1, err)))
			goto out;
	if ((rc = mdb_del(txn->txn, txn->db->tab[ti], &k, NULL))) {
		rc = svc_db_fail(txn, rc, t->name, err);
		goto out;
	}
	svc_txn_count(txn, ti, SVC_COUNT_DELETE);
	rc = 0;
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
	int ti = tindex(txn, t), c, rc;

	if ((rc = svc_db_clear(txn, txn->db->tab[ti], err)))
		return rc;
	for (c = 0; c < t->ncols; c++)
		if (txn->db->idx[ti][c] &&
		    (rc = svc_db_clear(txn, txn->db->idx[ti][c], err)))
			return rc;
	return 0;
}

/* Filters */

int
svc_filter_parse(const struct svc_table *t, const char *expr,
    struct svc_filter *f, struct svc_err *err)
{
	size_t n = strcspn(expr, "=!<>~");
	const char *op = expr + n, *val;
	int c, rc;

	memset(f, 0, sizeof *f);
	if (!*op)
		return svc_err_set(err, SVC_EUSAGE, "bad filter '%s' (want "
		    "column=value, or != < <= > >= ~)", expr);
	c = svc_column_find(t, expr, n);
	if (c < 0)
		return svc_err_set(err, SVC_EUSAGE, "no column '%.*s' in %s",
		    (int)n, expr, t->name);
	if (op[0] == '=') { f->op = SVC_OP_EQ; val = op + 1; }
	else if (op[0] == '!' && op[1] == '=') { f->op = SVC_OP_NE; val = op + 2; }
	else if (op[0] == '<' && op[1] == '=') { f->op = SVC_OP_LE; val = op + 2; }
	else if (op[0] == '>' && op[1] == '=') { f->op = SVC_OP_GE; val = op + 2; }
	else if (op[0] == '<') { f->op = SVC_OP_LT; val = op + 1; }
	else if (op[0] == '>') { f->op = SVC_OP_GT; val = op + 1; }
	else if (op[0] == '~') { f->op = SVC_OP_HAS; val = op + 1; }
	else
		return svc_err_set(err, SVC_EUSAGE, "bad filter '%s'", expr);
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
		rc = rc ? svc_err_set(err, SVC_EUSAGE, "bad amount '%s'", val) : 0;
	} else
		rc = svc_table_parse_value(t, c, val, strlen(val), NULL, NULL,
		    &f->v, err);
	if (rc) {
		svc_err_prefix(err, "filter '%s': ", expr);
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
	int cc = currency_col(t, c), exp = 2, i;
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
memmem_has(const char *h, size_t hn, const char *nd, size_t nn)
{
	size_t i;

	if (nn == 0)
		return 1;
	for (i = 0; i + nn <= hn; i++)
		if (memcmp(h + i, nd, nn) == 0)
			return 1;
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
		hit = memmem_has(b.p ? b.p : "", b.len, f->v.p, f->v.n);
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

static int
matches(const struct svc_table *t, const struct svc_row *row,
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
	return txn->db->idx[tindex(txn, t)][f->col] != 0 &&
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
		put_i64(num, f->v.i);
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
	if ((rc = decode(t, v->mv_data, v->mv_size, row, err)))
		return rc;
	if (!matches(t, row, fs, n))
		return 0;
	return fn(arg, row);
}

int
svc_table_scan(struct svc_txn *txn, const struct svc_table *t,
    const struct svc_filter *fs, int n,
    int (*fn)(void *arg, struct svc_row *row), void *arg, struct svc_err *err)
{
	int ti = tindex(txn, t), rc, i, op, cmp, fi = -1;
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
	svc_row_init(&row, t);
	dbi = fi < 0 || (fs[fi].col == 0 && t->nkey == 1) ?
	    txn->db->tab[ti] : txn->db->idx[ti][fs[fi].col];
	if ((rc = mdb_cursor_open(txn->txn, dbi, &cur))) {
		rc = svc_db_fail(txn, rc, t->name, err);
		goto out;
	}
	op = MDB_FIRST;
	if (fi >= 0 && fs[fi].op != SVC_OP_LT && fs[fi].op != SVC_OP_LE) {
		index_key(t, fs[fi].col, &fs[fi].v, num, &k);
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
		if (dbi == txn->db->tab[ti])
			rc = emit(txn, t, &v, fs, n, &row, fn, arg, err);
		else {
			/* v is the primary key of an indexed row */
			rc = mdb_get(txn->txn, txn->db->tab[ti], &v, &rv);
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

	if (svc_table_key(r->t, row, &r->key) < 0)
		return svc_err_set(r->err, SVC_ESYSTEM, "out of memory");
	return index_op(r->txn, r->t, r->c, &row->f[r->c], r->key.p,
	    r->key.len, 0, r->err);
}

int
svc_table_reindex(struct svc_txn *txn, const struct svc_table *t, int c,
    struct svc_err *err)
{
	struct reindex r = { txn, t, c, SVC_BUF_INIT, err };
	MDB_dbi dbi = txn->db->idx[tindex(txn, t)][c];
	int rc;

	if (!dbi)
		return svc_err_set(err, SVC_EINTERNAL, "%s.%s has no index",
		    t->name, t->cols[c].name);
	if ((rc = svc_db_clear(txn, dbi, err)))
		return rc;
	rc = svc_table_scan(txn, t, NULL, 0, reindex_row, &r, err);
	svc_buf_free(&r.key);
	return rc;
}

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

	if (svc_table_key(t, row, &ck->key) < 0)
		return svc_err_set(ck->err, SVC_ESYSTEM, "out of memory");
	if (svc_table_check_refs(ck->txn, t, row, &e))
		problem(ck, "%s '%s': %s", t->name, ck->key.p, e.text);
	if (ck->refs_only)
		return 0;
	/* every value still passes its column's checks */
	for (c = 0; c < t->ncols; c++) {
		struct svc_field f;
		int cc = currency_col(t, c);

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
		MDB_dbi dbi = ck->txn->db->idx[tindex(ck->txn, t)][c];
		unsigned char num[8];
		MDB_val k, v = { ck->key.len, ck->key.p };
		MDB_cursor *cur;

		if (!dbi || row->f[c].null)
			continue;
		index_key(t, c, &row->f[c], num, &k);
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

long
svc_table_check(struct svc_txn *txn, const struct svc_table *t,
    int refs_only, void (*report)(void *arg, const char *problem),
    void *arg, struct svc_err *err)
{
	struct check ck;
	MDB_cursor *cur = NULL;
	MDB_val k, v, rv;
	int ti = tindex(txn, t), c, rc, op;
	struct svc_row row;

	memset(&ck, 0, sizeof ck);
	ck.txn = txn;
	ck.t = t;
	ck.refs_only = refs_only;
	ck.report = report;
	ck.arg = arg;
	ck.err = err;
	svc_row_init(&row, t);
	/* every record decodes (scan would stop at the first bad one) */
	if ((rc = mdb_cursor_open(txn->txn, txn->db->tab[ti], &cur)))
		goto lmdb;
	op = MDB_FIRST;
	while ((rc = mdb_cursor_get(cur, &k, &v, op)) == 0) {
		struct svc_err e;
		char id[300];

		op = MDB_NEXT;
		snprintf(id, sizeof id, "%.*s", (int)k.mv_size, (char *)k.mv_data);
		if (decode(t, v.mv_data, v.mv_size, &row, &e)) {
			problem(&ck, "%s '%s': the record does not decode",
			    t->name, id);
			continue;
		}
		if (svc_table_key(t, &row, &ck.key) < 0 || ck.key.len !=
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
		MDB_dbi dbi = txn->db->idx[ti][c];

		if (!dbi)
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
			rc = mdb_get(txn->txn, txn->db->tab[ti], &v, &rv);
			if (rc == MDB_NOTFOUND) {
				problem(&ck, "%s: an entry of the index of %s "
				    "names a missing record", t->name,
				    t->cols[c].name);
				continue;
			}
			if (rc)
				goto lmdb;
			if (decode(t, rv.mv_data, rv.mv_size, &row, &e))
				continue;	/* reported above */
			if (!row.f[c].null)
				index_key(t, c, &row.f[c], num, &want);
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
	return rc ? -rc : ck.problems;
}

/* --- conveniences of the domain modules --- */

int
svc_table_load_old(struct svc_txn *txn, const struct svc_table *t, const char *id,
    size_t n, struct svc_row *row, struct svc_err *err)
{
	struct svc_buf key = SVC_BUF_INIT;
	int rc;

	if (svc_table_key_parse(t, id, n, &key, err)) {
		svc_buf_free(&key);
		return 0;
	}
	rc = svc_table_get_old(txn, t, key.p, key.len, row, err);
	if (rc == 0)
		svc_err_set(err, SVC_ENOTFOUND, "no %s '%.*s'", t->name,
		    (int)(n > 80 ? 80 : n), id);
	svc_buf_free(&key);
	return rc;
}

int
svc_table_load(struct svc_txn *txn, const struct svc_table *t, const char *id,
    size_t n, struct svc_row *row, int *found, struct svc_err *err)
{
	int rc = svc_table_load_old(txn, t, id, n, row, err);

	*found = rc > 0;
	return rc < 0 ? -rc : 0;
}

int
svc_table_must_load(struct svc_txn *txn, const struct svc_table *t,
    const char *id, struct svc_row *row, struct svc_err *err)
{
	int rc = svc_table_load_old(txn, t, id, strlen(id), row, err);

	return rc > 0 ? 0 : rc == 0 ? SVC_ENOTFOUND : -rc;
}

int
svc_table_children(struct svc_txn *txn, const struct svc_table *t,
    const char *id, int (*fn)(void *arg, struct svc_row *row), void *arg,
    struct svc_err *err)
{
	struct svc_filter f;
	struct svc_buf expr = SVC_BUF_INIT;
	int rc;

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

int
svc_table_has_value(struct svc_txn *txn, const struct svc_table *t, int col,
    const char *value, int *found, struct svc_err *err)
{
	struct svc_filter f;
	struct svc_buf expr = SVC_BUF_INIT;
	int rc, n = 0;

	*found = 0;
	if (svc_buf_printf(&expr, "%s=%s", t->cols[col].name, value) < 0)
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	rc = svc_filter_parse(t, expr.p, &f, err);
	svc_buf_free(&expr);
	if (rc)
		return rc;
	rc = svc_table_scan(txn, t, &f, 1, count_one, &n, err);
	svc_filter_free(&f);
	*found = n > 0;
	return rc;
}

static int
collect_key(void *arg, struct svc_row *row)
{
	struct svc_buf *keys = arg, key = SVC_BUF_INIT;
	int rc;

	rc = svc_table_key(row->t, row, &key) < 0 ||
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

	for (i = 0; i < cat->ntables && !rc; i++) {
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

int
svc_table_last_number(struct svc_txn *txn, const struct svc_table *t,
    const char *id, int64_t *last, struct svc_err *err)
{
	*last = 0;
	return svc_table_children(txn, t, id, note_last, last, err);
}

int
svc_numbers_add(struct svc_numbers *nums, int64_t v)
{
	if (nums->count == nums->cap) {
		int cap = nums->cap ? nums->cap * 2 : 16;
		int64_t *n = realloc(nums->n, sizeof *n * (size_t)cap);

		if (!n)
			return -1;
		nums->n = n;
		nums->cap = cap;
	}
	nums->n[nums->count++] = v;
	return 0;
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
	return svc_numbers_add(pk->out, row->f[1].i) < 0 ? SVC_ESYSTEM : 0;
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
	int64_t last;
	int rc;

	if (row->f[0].n >= sizeof parent)
		return svc_err_set(err, SVC_EDATA, "%s: key too long", t->name);
	snprintf(parent, sizeof parent, "%.*s", (int)row->f[0].n, row->f[0].p);
	if ((rc = svc_table_last_number(txn, t, parent, &last, err)))
		return rc;
	row->f[1].null = 0;
	row->f[1].i = last + 1;
	return svc_table_put(txn, t, row, SVC_PUT_NEW, NULL, err);
}

char *
svc_row_text(struct svc_row *row, int col)
{
	struct svc_field *f = &row->f[col];

	return svc_arena_strndup(&row->arena, f->null ? "" : f->p,
	    f->null ? 0 : f->n);
}

char *
svc_row_text_named(struct svc_row *row, const char *col)
{
	return svc_row_text(row, named(row, col));
}

/* Splits fmt around its one conversion; -1 when it is not valid. */
static int
seq_parse(const char *fmt, int *zero, int *width, size_t *conv, size_t *end)
{
	size_t i, found = 0;
	int have = 0;

	for (i = 0; fmt[i]; i++) {
		if (fmt[i] != '%')
			continue;
		if (fmt[i + 1] == '%') {
			i++;
			continue;
		}
		if (have)
			return -1;
		have = 1;
		found = i;
		i++;
		*zero = fmt[i] == '0';
		if (*zero)
			i++;
		*width = 0;
		while (fmt[i] >= '0' && fmt[i] <= '9') {
			*width = *width * 10 + (fmt[i++] - '0');
			if (*width > 30)
				return -1;
		}
		if (fmt[i] != 'd' && fmt[i] != 'u')
			return -1;
		*end = i + 1;
	}
	*conv = found;
	return have ? 0 : -1;
}

int
svc_seq_format_valid(const char *fmt)
{
	char id[128];

	/* the smallest and a large number both make valid ids */
	return strlen(fmt) < 60 &&
	    svc_seq_format(fmt, 1, id, sizeof id) == 0 &&
	    svc_id_valid(id, strlen(id)) &&
	    svc_seq_format(fmt, 999999999999ULL, id, sizeof id) == 0 &&
	    svc_id_valid(id, strlen(id));
}

static size_t
literal(const char *s, size_t n, char *out, size_t at, size_t cap)
{
	size_t i;

	for (i = 0; i < n && at + 1 < cap; i++) {
		out[at++] = s[i];
		if (s[i] == '%' && i + 1 < n && s[i + 1] == '%')
			i++;
	}
	return at;
}

int
svc_seq_format(const char *fmt, uint64_t n, char *out, size_t cap)
{
	int zero = 0, width = 0;
	size_t conv, end, at;
	char num[64];

	if (cap == 0 || seq_parse(fmt, &zero, &width, &conv, &end) < 0)
		return -1;
	at = literal(fmt, conv, out, 0, cap);
	snprintf(num, sizeof num, zero ? "%0*llu" : "%*llu", width,
	    (unsigned long long)n);
	at = literal(num, strlen(num), out, at, cap);
	at = literal(fmt + end, strlen(fmt + end), out, at, cap);
	out[at] = '\0';
	return 0;
}
