/* value.c - rows and their values: parsing and formatting typed values, setters, id sequences */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "db_impl.h"
#include "money.h"
#include "table.h"
#include "table_impl.h"

/* The fields a row of t uses: its columns (no field past them is read,
 * and a row is made and cleared several times a record written). */
static int
row_cols(const struct svc_table *t)
{
	return t && t->ncols <= SVC_ROW_MAX ? t->ncols : SVC_ROW_MAX;
}

void
svc_row_init(struct svc_row *row, const struct svc_table *t)
{
	int i, n = row_cols(t);

	/* as svc_row_clear leaves a row, with nothing to free first; the
	 * fields past the table's columns are left as they are */
	row->t = t;
	memset(row->f, 0, (size_t)n * sizeof row->f[0]);
	memset(&row->arena, 0, sizeof *row - offsetof(struct svc_row, arena));
	for (i = 0; i < n; i++)
		row->f[i].null = 1;
}

void
svc_row_clear(struct svc_row *row)
{
	int i, n = row_cols(row->t);

	svc_arena_reset(&row->arena);
	row->bad = 0;
	row->bad_oom = 0;
	row->bad_value = NULL;
	row->bad_why = NULL;
	for (i = 0; i < n; i++) {
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

int
svc_row_true(const struct svc_row *row, int col)
{
	return !row->f[col].null && row->f[col].i;
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
	struct svc_err perr;
	struct svc_field f;
	char *p;

	if (c < 0 || c >= row->t->ncols)
		return row_bad(row, c, s, n);
	col = &row->t->cols[c];
	if (svc_type_is_int(col->type))
		return row_bad(row, c, s, n);
	if (col->type != SVC_T_TEXT && svc_table_parse_value(row->t, c, s, n,
	    NULL, NULL, &f, &perr)) {
		/* a value as build would refuse it: bad data, not a bug */
		row_bad(row, c, s, n);
		if (!row->bad_why)
			row->bad_why = svc_arena_strndup(&row->arena, perr.text,
			    strlen(perr.text));
		return SVC_EDATA;
	}
	if (!(p = svc_arena_strndup(&row->arena, s, n))) {
		/* not set: the row must not be put without it */
		row_bad(row, c, NULL, 0);
		row->bad_oom = 1;
		return SVC_ESYSTEM;
	}
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
			return SVC_ESYSTEM;
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

static int
utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + n;
	unsigned char lo, hi;
	int k;

	while (p < e) {
		if (e - p >= 8) {
			/* eight bytes of ASCII without a NUL at a time */
			const uint64_t hibits = 0x8080808080808080u;
			uint64_t w;

			memcpy(&w, p, 8);
			if (!(w & hibits) && !((w - 0x0101010101010101u) & ~w &
			    hibits)) {
				p += 8;
				continue;
			}
		}
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
	char q[SVC_QUOTE_MAX];

	while (i < n) {
		for (j = i; j < n && s[j] != ';'; j++)
			;
		for (c = i; c < j && s[c] != ':'; c++)
			;
		if (c == j || !svc_id_valid(s + i, c - i) || j - c != 2 ||
		    s[c + 1] < '1' || s[c + 1] > '5')
			return svc_err_set(err, SVC_EDATA, "bad skill '%s' "
			    "(want skill:level, level 1 to 5)",
			    svc_quote(q, s + i, j - i));
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
	char q[SVC_QUOTE_MAX];
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
			return svc_err_set(err, SVC_EDATA, "bad id '%s' (want "
			    "1 to 64 of A-Z a-z 0-9 . _ -)", svc_quote(q, s, n));
		break;
	case SVC_T_CURRENCY:
		if (svc_currency_exponent(s, n) < 0)
			return svc_err_set(err, SVC_EDATA, "unknown currency '%s'",
			    svc_quote(q, s, n));
		break;
	case SVC_T_INT:
		rc = svc_fixed_parse(s, n, 0, &f->i);
		if (rc == -3)
			return svc_err_set(err, SVC_EDATA, "number too large '%s'",
			    svc_quote(q, s, n));
		if (rc)
			return svc_err_set(err, SVC_EDATA, "bad integer '%s'",
			    svc_quote(q, s, n));
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
			return svc_err_set(err, SVC_EDATA, "bad amount '%s' "
			    "(%.*s has %d decimals)", svc_quote(q, s, n),
			    (int)cur->n, cur->p, exp);
		if (rc == -2)
			return svc_err_set(err, SVC_EDATA, "bad number '%s' "
			    "(at most %d decimals)", svc_quote(q, s, n), exp);
		if (rc == -3)
			return svc_err_set(err, SVC_EDATA, "number too large '%s'",
			    svc_quote(q, s, n));
		if (rc)
			return svc_err_set(err, SVC_EDATA, "bad %s '%s'",
			    col->type == SVC_T_MONEY ? "amount" : "number",
			    svc_quote(q, s, n));
		if (col->type == SVC_T_MONEY && !svc_money_fits(f->i)) {
			char max[32];

			svc_fixed_format(SVC_MONEY_MAX, exp, max);
			return svc_err_set(err, SVC_EDATA, "amount too large "
			    "'%s' (at most %s)", svc_quote(q, s, n),
			    max);
		}
		break;
	case SVC_T_DATE:
		if (svc_date_parse(s, n, &f->i))
			return svc_err_set(err, SVC_EDATA, "bad date '%s' "
			    "(want YYYY-MM-DD)", svc_quote(q, s, n));
		break;
	case SVC_T_DATETIME:
		if ((rc = svc_datetime_parse(s, n, &f->i))) {
			char why[160];

			svc_datetime_explain(rc, s, n, why, sizeof why);
			return svc_err_set(err, SVC_EDATA, "bad time '%s' (%s)",
			    svc_quote(q, s, n), why);
		}
		break;
	case SVC_T_DURATION:
		if (svc_duration_parse(s, n, &f->i))
			return svc_err_set(err, SVC_EDATA, "bad duration '%s' "
			    "(want minutes or 2h30m)", svc_quote(q, s, n));
		break;
	case SVC_T_BOOL:
		if (n == 4 && memcmp(s, "true", 4) == 0)
			f->i = 1;
		else if (n == 5 && memcmp(s, "false", 5) == 0)
			f->i = 0;
		else
			return svc_err_set(err, SVC_EDATA, "bad boolean '%s' "
			    "(want true or false)", svc_quote(q, s, n));
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
			svc_err_set(err, SVC_EDATA, "bad value '%s' (want one "
			    "of %s)", svc_quote(q, s, n), b.p ? b.p : "");
			svc_buf_free(&b);
			return SVC_EDATA;
		}
		break;
	case SVC_T_LIST:
		if (!utf8_valid(s, n))
			return svc_err_set(err, SVC_EDATA, "not valid UTF-8 text");
		if (n && (s[0] == ';' || s[n - 1] == ';' ||
		    svc_mem_has(s, n, ";;", 2)))
			return svc_err_set(err, SVC_EDATA, "an empty item in the "
			    "list '%s'", svc_quote(q, s, n));
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

int
svc_currency_col(const struct svc_table *t, int c)
{
	/* found by name once a table: a listing asks for every money
	 * value it writes (-2: not looked for yet) */
	static const struct svc_table *memo_t;
	static signed char memo[SVC_MAX_COLUMNS];

	if (!t->cols[c].currency)
		return -1;
	if (memo_t != t) {
		memset(memo, -2, sizeof memo);
		memo_t = t;
	}
	if (memo[c] == -2)
		memo[c] = (signed char)svc_column_find(t, t->cols[c].currency,
		    strlen(t->cols[c].currency));
	return memo[c];
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
	case SVC_T_DURATION:
		svc_fixed_format(f->i, 0, tmp);
		break;
	case SVC_T_DECIMAL:
		svc_fixed_format_trim(f->i, t->cols[c].scale, tmp);
		break;
	case SVC_T_MONEY:
		cc = svc_currency_col(t, c);
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

int
svc_mem_has(const char *h, size_t hn, const char *nd, size_t nn)
{
	size_t i;

	if (nn == 0)
		return 1;
	for (i = 0; i + nn <= hn; i++)
		if (memcmp(h + i, nd, nn) == 0)
			return 1;
	return 0;
}

int
svc_numbers_add(struct svc_numbers *nums, int64_t v)
{
	if (nums->count == nums->cap) {
		int cap = nums->cap ? nums->cap * 2 : 16;
		int64_t *n = realloc(nums->n, sizeof *n * (size_t)cap);

		if (!n)
			return SVC_ESYSTEM;
		nums->n = n;
		nums->cap = cap;
	}
	nums->n[nums->count++] = v;
	return 0;
}

char *
svc_row_text(struct svc_row *row, int col)
{
	struct svc_field *f = &row->f[col];

	return svc_arena_strndup(&row->arena, f->null ? "" : f->p,
	    f->null ? 0 : f->n);
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
