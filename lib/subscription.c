/* subscription.c - service subscriptions: prices, fees per invoice period, reductions, indexation, cancellation, accrual */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "money.h"
#include "subscription.h"

#define T(name) svc_table_find(name)
#define F(row, col) svc_row_field(row, col)
#define NONE INT64_MIN

static const char *const period_words[] = { "month", "quarter", "half-year",
	"year" };
static const int period_len[] = { 1, 3, 6, 12 };

int
svc_period_months(const char *word, size_t n)
{
	int i;

	for (i = 0; i < 4; i++)
		if (strlen(period_words[i]) == n &&
		    memcmp(period_words[i], word, n) == 0)
			return period_len[i];
	return 0;
}

void
svc_period_of(int64_t day, int months, int64_t *first, int64_t *last)
{
	int y, m, d, k;

	svc_date_to_ymd(day, &y, &m, &d);
	k = (m - 1) - (m - 1) % months;
	*first = svc_date_from_ymd(y, k + 1, 1);
	*last = svc_date_add_months(*first, months) - 1;
}

static int
months_of(struct svc_row *row, const char *col)
{
	struct svc_field *f = F(row, col);

	return f->null ? 0 : svc_period_months(f->p, f->n);
}

/* --- table rules --- */

int
svc_tax_code_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	int64_t r = F(row, "rate_bp")->i;

	(void)txn;
	(void)t;
	if (r < 0 || r > 100000)
		return svc_err_set(err, SVC_EDATA, "column 'rate_bp': %lld is not "
		    "within 0..100000", (long long)r);
	return 0;
}

int
svc_subscription_group_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	(void)txn;
	(void)t;
	if (!F(row, "accrual")->null &&
	    months_of(row, "accrual") > months_of(row, "period"))
		return svc_err_set(err, SVC_EDATA, "column 'accrual': longer than "
		    "the invoice period");
	return 0;
}

int
svc_subscription_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	struct svc_row other;
	struct svc_field *f;
	int rc;

	(void)t;
	if (!F(row, "end_date")->null &&
	    F(row, "end_date")->i < F(row, "start_date")->i - 1)
		return svc_err_set(err, SVC_EDATA, "column 'end_date': before "
		    "start_date");
	if (F(row, "index")->i <= 0)
		return svc_err_set(err, SVC_EDATA, "column 'index': must be above "
		    "zero");
	svc_row_init(&other, T("category"));
	f = F(row, "category_id");
	rc = svc_table_load(txn, T("category"), f->p, f->n, &other, err);
	if (rc > 0 && !svc_field_is(F(&other, "type"), "fee"))
		rc = -svc_err_set(err, SVC_EDATA, "column 'category_id': category "
		    "'%.*s' is not of type fee", (int)f->n, f->p);
	svc_row_free(&other);
	if (rc < 0)
		return -rc;
	return 0;
}

/* --- prices --- */

struct best {
	const char *sub, *cust, *cat, *cur;
	int64_t day;
	int score;
	int64_t from, price;
	int months;
};

static int
field_is_n(const struct svc_field *f, const char *s)
{
	return !f->null && strlen(s) == f->n && memcmp(f->p, s, f->n) == 0;
}

static int
price_row(void *arg, struct svc_row *row)
{
	struct best *b = arg;
	struct svc_field *s = F(row, "subscription_id"), *c = F(row,
	    "customer_id"), *k = F(row, "category_id");
	int score = 0;
	int64_t from = F(row, "valid_from")->i;

	if (from > b->day || !field_is_n(F(row, "currency"), b->cur))
		return 0;
	if (!s->null) {
		if (!field_is_n(s, b->sub))
			return 0;
		score += 4;
	}
	if (!c->null) {
		if (!field_is_n(c, b->cust))
			return 0;
		score += 2;
	}
	if (!k->null) {
		if (!field_is_n(k, b->cat))
			return 0;
		score += 1;
	}
	if (score > b->score || (score == b->score && from > b->from)) {
		b->score = score;
		b->from = from;
		b->price = F(row, "price")->i;
		b->months = months_of(row, "period");
	}
	return 0;
}

/* The subscription and its group. */
static int
load_sub(struct svc_txn *txn, const char *id, struct svc_row *sub,
    struct svc_row *grp, struct svc_err *err)
{
	struct svc_field *f;
	int rc;

	if ((rc = svc_table_must_load(txn, T("subscription"), id, sub, err)))
		return rc;
	f = F(sub, "group_id");
	rc = svc_table_load(txn, T("subscription-group"), f->p, f->n, grp, err);
	if (rc <= 0)
		return rc < 0 ? -rc : svc_err_set(err, SVC_EINTERNAL,
		    "subscription '%s': no group", id);
	return 0;
}

static int
price_of(struct svc_txn *txn, struct svc_row *sub, struct svc_row *grp,
    int64_t day, int64_t *price, struct svc_err *err)
{
	struct best b;
	int rc, months = months_of(grp, "period");

	memset(&b, 0, sizeof b);
	b.sub = svc_row_text(sub, "id");
	b.cust = svc_row_text(sub, "customer_id");
	b.cat = svc_row_text(sub, "category_id");
	b.cur = svc_row_text(sub, "currency");
	b.day = day;
	b.score = -1;
	if ((rc = svc_table_scan(txn, T("subscription-price"), NULL, 0,
	    price_row, &b, err)))
		return rc;
	if (b.score >= 0 && b.months > 0) {
		if (svc_muldiv(b.price, months, b.months, price))
			return svc_err_set(err, SVC_EDATA, "price out of range");
		return 0;
	}
	if (svc_muldiv(F(sub, "base_price")->i, F(sub, "index")->i, 1000000,
	    price))
		return svc_err_set(err, SVC_EDATA, "price out of range");
	return 0;
}

int
svc_subscription_price(struct svc_txn *txn, const char *subscription,
    int64_t day, int64_t *price, struct svc_err *err)
{
	struct svc_row sub, grp;
	int rc;

	svc_row_init(&sub, T("subscription"));
	svc_row_init(&grp, T("subscription-group"));
	if (!(rc = load_sub(txn, subscription, &sub, &grp, err)))
		rc = price_of(txn, &sub, &grp, day, price, err);
	svc_row_free(&sub);
	svc_row_free(&grp);
	return rc;
}

/* --- fees --- */

struct count_arg {
	int n;
};

static int
count_row(void *arg, struct svc_row *row)
{
	(void)row;
	((struct count_arg *)arg)->n++;
	return 0;
}

/* 1 when a record of table has value in column col (an indexed one),
 * 0 when none, or a negative status. */
static int
has_value(struct svc_txn *txn, const char *table, const char *col,
    const char *value, struct svc_err *err)
{
	struct svc_filter f;
	struct svc_buf expr = SVC_BUF_INIT;
	struct count_arg c = { 0 };
	int rc;

	if (svc_buf_printf(&expr, "%s=%s", col, value) < 0)
		return -svc_err_set(err, SVC_ESYSTEM, "out of memory");
	rc = svc_filter_parse(T(table), expr.p, &f, err);
	svc_buf_free(&expr);
	if (rc)
		return -rc;
	rc = svc_table_scan(txn, T(table), &f, 1, count_row, &c, err);
	svc_filter_free(&f);
	return rc ? -rc : c.n > 0;
}

struct fee_spec {
	const char *kind;
	int64_t first, last, days, period_days, period_price, amount, due;
	const char *source;
};

static int
put_fee(struct svc_txn *txn, struct svc_row *sub, const struct fee_spec *s,
    const struct svc_actor *who, svc_fee_fn fn, void *arg,
    struct svc_err *err)
{
	const struct svc_table *t = T("fee");
	struct svc_row fee;
	struct svc_field *f;
	int rc;

	svc_row_init(&fee, t);
	svc_row_set_text(&fee, "subscription_id", sub->f[0].p, sub->f[0].n);
	svc_row_set_text(&fee, "kind", s->kind, strlen(s->kind));
	f = F(sub, "customer_id");
	svc_row_set_text(&fee, "customer_id", f->p, f->n);
	f = F(sub, "category_id");
	svc_row_set_text(&fee, "category_id", f->p, f->n);
	svc_row_set_int(&fee, "period_start", s->first);
	svc_row_set_int(&fee, "period_end", s->last);
	svc_row_set_int(&fee, "days", s->days);
	svc_row_set_int(&fee, "period_days", s->period_days);
	svc_row_set_int(&fee, "period_price", s->period_price);
	svc_row_set_int(&fee, "amount", s->amount);
	f = F(sub, "currency");
	svc_row_set_text(&fee, "currency", f->p, f->n);
	svc_row_set_int(&fee, "due_date", s->due);
	svc_row_set_text(&fee, "source", s->source, strlen(s->source));
	svc_row_set_int(&fee, "created_at", who->now);
	if (!(rc = svc_table_append(txn, t, &fee, err)) && fn)
		rc = fn(arg, &fee);
	svc_row_free(&fee);
	return rc;
}

static int
fees_of(struct svc_txn *txn, struct svc_row *sub, struct svc_row *grp,
    int64_t through, const struct svc_actor *who, svc_fee_fn fn, void *arg,
    struct svc_err *err)
{
	int months = months_of(grp, "period");
	int advance = svc_field_is(F(grp, "billing"), "advance");
	int prorate = svc_field_is(F(grp, "proration"), "days");
	int64_t start = F(sub, "start_date")->i;
	int64_t end = F(sub, "end_date")->null ? NONE : F(sub, "end_date")->i;
	int64_t ps, pe, fs, fe, price, amount;
	char src[160], d[16];
	int rc;

	if (!F(sub, "active")->i)
		return 0;
	for (svc_period_of(start, months, &ps, &pe);
	    end == NONE || ps <= end;
	    svc_period_of(pe + 1, months, &ps, &pe)) {
		fs = ps > start ? ps : start;
		fe = end != NONE && end < pe ? end : pe;
		if (fs > fe)
			break;
		if ((advance ? fs : fe) > through)
			break;
		svc_date_format(fs, d);
		snprintf(src, sizeof src, "%.*s/fee/%s", (int)sub->f[0].n,
		    sub->f[0].p, d);
		if ((rc = has_value(txn, "fee", "source", src, err)) < 0)
			return -rc;
		if (rc)
			continue;
		if ((rc = price_of(txn, sub, grp, fs, &price, err)))
			return rc;
		amount = price;
		if (prorate && svc_muldiv(price, fe - fs + 1, pe - ps + 1,
		    &amount))
			return svc_err_set(err, SVC_EDATA, "amount out of range");
		{
			struct fee_spec s = { "fee", fs, fe, fe - fs + 1,
				pe - ps + 1, price, amount, advance ? fs : fe, src };
			if ((rc = put_fee(txn, sub, &s, who, fn, arg, err)))
				return rc;
		}
	}
	return 0;
}

struct all_subs {
	struct svc_buf ids;
	int (*want)(void *, const char *);
	void *want_arg;
};

static int
collect_sub(void *arg, struct svc_row *row)
{
	struct all_subs *a = arg;

	if (!F(row, "active")->i)
		return 0;
	if (a->want &&
	    !a->want(a->want_arg, svc_row_text(row, "customer_id")))
		return 0;
	if (svc_buf_add(&a->ids, row->f[0].p, row->f[0].n) < 0 ||
	    svc_buf_addc(&a->ids, '\n') < 0)
		return SVC_ESYSTEM;
	return 0;
}

int
svc_subscription_fees(struct svc_txn *txn, const char *subscription,
    int64_t through, const struct svc_actor *who, svc_fee_fn fn, void *arg,
    struct svc_err *err)
{
	return svc_subscription_fees_of(txn, subscription, through, NULL, NULL,
	    who, fn, arg, err);
}

int
svc_subscription_fees_of(struct svc_txn *txn, const char *subscription,
    int64_t through, int (*want)(void *, const char *), void *want_arg,
    const struct svc_actor *who, svc_fee_fn fn, void *arg,
    struct svc_err *err)
{
	struct svc_row sub, grp;
	struct all_subs a = { SVC_BUF_INIT, want, want_arg };
	char *p, *save = NULL;
	int rc = 0;

	svc_row_init(&sub, T("subscription"));
	svc_row_init(&grp, T("subscription-group"));
	if (subscription) {
		if (!(rc = load_sub(txn, subscription, &sub, &grp, err)))
			rc = fees_of(txn, &sub, &grp, through, who, fn, arg, err);
		goto out;
	}
	/* the ids first: fees are written while subscriptions are read */
	if ((rc = svc_table_scan(txn, T("subscription"), NULL, 0, collect_sub,
	    &a, err))) {
		if (rc == SVC_ESYSTEM)
			svc_err_set(err, rc, "out of memory");
		goto out;
	}
	for (p = a.ids.p ? strtok_r(a.ids.p, "\n", &save) : NULL; p && !rc;
	    p = strtok_r(NULL, "\n", &save))
		if (!(rc = load_sub(txn, p, &sub, &grp, err)))
			rc = fees_of(txn, &sub, &grp, through, who, fn, arg, err);
out:
	svc_buf_free(&a.ids);
	svc_row_free(&sub);
	svc_row_free(&grp);
	return rc;
}

/* --- the fees of one subscription, as rows --- */

struct fee_list {
	struct svc_row *rows;
	int n, cap;
};

static int
keep_fee(void *arg, struct svc_row *row)
{
	struct fee_list *l = arg;
	struct svc_row *nr;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		if (!(nr = realloc(l->rows, sizeof *nr * (size_t)l->cap)))
			return SVC_ESYSTEM;
		l->rows = nr;
	}
	svc_row_init(&l->rows[l->n], row->t);
	if (svc_row_copy(&l->rows[l->n], row) < 0)
		return SVC_ESYSTEM;
	l->n++;
	return 0;
}

static void
fee_list_free(struct fee_list *l)
{
	int i;

	for (i = 0; i < l->n; i++)
		svc_row_free(&l->rows[i]);
	free(l->rows);
}

static int
fees_list(struct svc_txn *txn, const char *subscription, struct fee_list *l,
    struct svc_err *err)
{
	int rc;

	memset(l, 0, sizeof *l);
	rc = svc_table_children(txn, T("fee"), subscription, keep_fee, l, err);
	if (rc == SVC_ESYSTEM)
		svc_err_set(err, rc, "out of memory");
	return rc;
}

/* --- reduction days --- */

int
svc_subscription_reduce(struct svc_txn *txn, const char *subscription,
    int64_t from, int64_t to, const struct svc_actor *who, svc_fee_fn fn,
    void *arg, struct svc_err *err)
{
	struct svc_row sub, grp;
	struct fee_list l = { NULL, 0, 0 };
	int64_t start, end, ps, pe, rs, re, fs, fe, price, amount;
	char src[160], d1[16], d2[16];
	int rc, i, months, advance;

	svc_row_init(&sub, T("subscription"));
	svc_row_init(&grp, T("subscription-group"));
	if ((rc = load_sub(txn, subscription, &sub, &grp, err)) ||
	    (rc = fees_list(txn, subscription, &l, err)))
		goto out;
	start = F(&sub, "start_date")->i;
	end = F(&sub, "end_date")->null ? NONE : F(&sub, "end_date")->i;
	if (from > to || from < start || (end != NONE && to > end)) {
		rc = svc_err_set(err, SVC_EDATA, "the days to reduce must lie "
		    "within the subscription's, first before last");
		goto out;
	}
	for (i = 0; i < l.n; i++)
		if (svc_field_is(F(&l.rows[i], "kind"), "reduction") &&
		    F(&l.rows[i], "period_start")->i <= to &&
		    F(&l.rows[i], "period_end")->i >= from) {
			svc_date_format(F(&l.rows[i], "period_start")->i, d1);
			svc_date_format(F(&l.rows[i], "period_end")->i, d2);
			rc = svc_err_set(err, SVC_EDATA, "days %s..%s are reduced "
			    "already", d1, d2);
			goto out;
		}
	months = months_of(&grp, "period");
	advance = svc_field_is(F(&grp, "billing"), "advance");
	for (svc_period_of(from, months, &ps, &pe); ps <= to && !rc;
	    svc_period_of(pe + 1, months, &ps, &pe)) {
		rs = from > ps ? from : ps;
		re = to < pe ? to : pe;
		fs = ps > start ? ps : start;
		fe = end != NONE && end < pe ? end : pe;
		/* the period's price as its fee has it, else as it is now */
		price = NONE;
		for (i = 0; i < l.n; i++)
			if (svc_field_is(F(&l.rows[i], "kind"), "fee") &&
			    F(&l.rows[i], "period_start")->i == fs)
				price = F(&l.rows[i], "period_price")->i;
		if (price == NONE && (rc = price_of(txn, &sub, &grp, fs, &price,
		    err)))
			break;
		if (svc_muldiv(-price, re - rs + 1, pe - ps + 1, &amount)) {
			rc = svc_err_set(err, SVC_EDATA, "amount out of range");
			break;
		}
		svc_date_format(rs, d1);
		svc_date_format(re, d2);
		snprintf(src, sizeof src, "%s/reduction/%s..%s", subscription, d1,
		    d2);
		{
			struct fee_spec s = { "reduction", rs, re, re - rs + 1,
				pe - ps + 1, price, amount, advance ? fs : fe, src };
			rc = put_fee(txn, &sub, &s, who, fn, arg, err);
		}
	}
out:
	fee_list_free(&l);
	svc_row_free(&sub);
	svc_row_free(&grp);
	return rc;
}

/* --- indexation --- */

int
svc_subscription_index(struct svc_txn *txn, const char *subscription,
    int64_t percent, int has_percent, const char *to, int base,
    struct svc_err *err)
{
	const struct svc_table *t = T("subscription");
	struct svc_row sub;
	struct svc_texts in;
	int64_t v;
	char buf[40];
	int rc, c;

	svc_row_init(&sub, t);
	if ((rc = svc_table_must_load(txn, t, subscription, &sub, err)))
		goto out;
	memset(&in, 0, sizeof in);
	c = svc_column_find(t, base ? "base_price" : "index",
	    strlen(base ? "base_price" : "index"));
	if (has_percent) {
		if (svc_muldiv(F(&sub, base ? "base_price" : "index")->i,
		    1000000 + percent, 1000000, &v)) {
			rc = svc_err_set(err, SVC_EDATA, "out of range");
			goto out;
		}
		svc_row_set_int(&sub, base ? "base_price" : "index", v);
		rc = svc_table_put(txn, t, &sub, SVC_PUT_UPDATE, NULL, err);
		goto out;
	}
	/* to a value, read as the column reads it */
	snprintf(buf, sizeof buf, "%s", to);
	in.s[c] = buf;
	in.n[c] = strlen(buf);
	in.given[c] = 1;
	if (!(rc = svc_table_build(txn, t, &in, SVC_BUILD_SET, &sub, err)))
		rc = svc_table_put(txn, t, &sub, SVC_PUT_UPDATE, NULL, err);
out:
	svc_row_free(&sub);
	return rc;
}

/* The invoices voided by credit notes, as "\nINV\n..." */
static int
voided_row(void *arg, struct svc_row *row)
{
	struct svc_buf *b = arg;
	struct svc_field *f = F(row, "voids_id");

	if (f->null)
		return 0;
	return svc_buf_printf(b, "%.*s\n", (int)f->n, f->p) < 0 ?
	    SVC_ESYSTEM : 0;
}

static int
is_voided(const struct svc_buf *voided, const struct svc_field *inv)
{
	char needle[100];

	if (inv->null)
		return 0;
	snprintf(needle, sizeof needle, "\n%.*s\n", (int)inv->n, inv->p);
	return voided->p && strstr(voided->p, needle) != NULL;
}

/* The invoices voided so far. */
static int
voided_invoices(struct svc_txn *txn, struct svc_buf *voided,
    struct svc_err *err)
{
	int rc;

	if (svc_buf_addc(voided, '\n') < 0)
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	rc = svc_table_scan(txn, T("invoice"), NULL, 0, voided_row, voided,
	    err);
	if (rc == SVC_ESYSTEM)
		svc_err_set(err, rc, "out of memory");
	return rc;
}

/* 1 when an invoice line (of any invoice) names the fee key. */
static int
invoiced_ever(struct svc_txn *txn, const char *key, struct svc_err *err)
{
	return has_value(txn, "invoice-line", "source_id", key, err);
}

/* --- cancellation --- */

/* The credits made before for the fee whose source prefix is given,
 * but those a voided invoice took back. */
static int64_t
credited(const struct fee_list *l, const char *prefix,
    const struct svc_buf *voided)
{
	struct svc_field *f;
	int64_t sum = 0;
	size_t n = strlen(prefix);
	int i;

	for (i = 0; i < l->n; i++) {
		f = F(&l->rows[i], "source");
		if (svc_field_is(F(&l->rows[i], "kind"), "credit") &&
		    f->n > n && memcmp(f->p, prefix, n) == 0 &&
		    !is_voided(voided, F(&l->rows[i], "invoice_id")))
			sum += F(&l->rows[i], "amount")->i;
	}
	return sum;
}

int
svc_subscription_cancel(struct svc_txn *txn, const char *subscription,
    int64_t last, const struct svc_actor *who, svc_fee_fn fn, void *arg,
    struct svc_err *err)
{
	const struct svc_table *ft = T("fee");
	struct svc_row sub, grp;
	struct fee_list l = { NULL, 0, 0 };
	struct svc_buf key = SVC_BUF_INIT, voided = SVC_BUF_INIT;
	int64_t fs, fe, pp, pd, amount, nd, na;
	char src[160], d1[16], d2[16];
	int rc, i, prorate, reduction, arrears;

	svc_row_init(&sub, T("subscription"));
	svc_row_init(&grp, T("subscription-group"));
	if ((rc = load_sub(txn, subscription, &sub, &grp, err)) ||
	    (rc = fees_list(txn, subscription, &l, err)))
		goto out;
	if (last < F(&sub, "start_date")->i - 1) {
		rc = svc_err_set(err, SVC_EDATA, "the last day is before the "
		    "subscription's start");
		goto out;
	}
	if (!F(&sub, "end_date")->null && last > F(&sub, "end_date")->i) {
		svc_date_format(F(&sub, "end_date")->i, d1);
		rc = svc_err_set(err, SVC_EDATA, "subscription '%s' ends on %s "
		    "already: a cancellation cannot extend it", subscription, d1);
		goto out;
	}
	svc_row_set_int(&sub, "end_date", last);
	svc_row_set_int(&sub, "cancelled_at", who->now);
	if ((rc = svc_table_put(txn, T("subscription"), &sub, SVC_PUT_UPDATE,
	    NULL, err)))
		goto out;
	prorate = svc_field_is(F(&grp, "proration"), "days");
	arrears = svc_field_is(F(&grp, "billing"), "arrears");
	if ((rc = voided_invoices(txn, &voided, err)))
		goto out;
	for (i = 0; i < l.n && !rc; i++) {
		struct svc_row *f = &l.rows[i];
		int64_t standing;

		if (svc_field_is(F(f, "kind"), "credit"))
			continue;
		/* a fee its voided invoice took back is gone for good */
		if (is_voided(&voided, F(f, "invoice_id")))
			continue;
		reduction = svc_field_is(F(f, "kind"), "reduction");
		fs = F(f, "period_start")->i;
		fe = F(f, "period_end")->i;
		if (fe <= last)
			continue;
		pp = F(f, "period_price")->i;
		pd = F(f, "period_days")->i;
		amount = F(f, "amount")->i;
		nd = fs > last ? 0 : last - fs + 1;
		/* what it would have been had it ended on the last day */
		if (nd == 0)
			na = 0;
		else if (reduction || prorate) {
			if (svc_muldiv(reduction ? -pp : pp, nd, pd, &na)) {
				rc = svc_err_set(err, SVC_EDATA, "out of range");
				break;
			}
		} else
			na = pp;
		/* the credits that stand against it */
		svc_date_format(fs, d1);
		snprintf(src, sizeof src, "%s/credit/%s/%s/", subscription,
		    reduction ? "reduction" : "fee", d1);
		standing = credited(&l, src, &voided);
		if (!F(f, "invoice_id")->null) {
			if (na == amount + standing)
				continue;
			svc_date_format(last, d2);
			snprintf(src, sizeof src, "%s/credit/%s/%s/%s", subscription,
			    reduction ? "reduction" : "fee", d1, d2);
			{
				int64_t cs = fs > last ? fs : last + 1;
				struct fee_spec s = { "credit", cs, fe, fe - cs + 1,
					pd, pp, na - amount - standing,
					F(f, "due_date")->i, src };
				rc = put_fee(txn, &sub, &s, who, fn, arg, err);
			}
			continue;
		}
		/* not invoiced (or billable again): cut it, so that with the
		 * credits that stand it comes to what it would have been */
		svc_buf_reset(&key);
		if (svc_table_key_text(ft, f, &key) < 0) {
			rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
			break;
		}
		if ((rc = invoiced_ever(txn, key.p, err)) < 0) {
			rc = -rc;
			break;
		}
		if (nd == 0 && standing == 0 && !rc) {
			/* never on an invoice: nothing names it */
			svc_buf_reset(&key);
			if (svc_table_key(ft, f, &key) < 0)
				rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
			else
				rc = svc_table_delete(txn, ft, key.p, key.len, err);
			continue;
		}
		if (nd > 0)
			svc_row_set_int(f, "period_end", last);
		svc_row_set_int(f, "days", nd);
		svc_row_set_int(f, "amount", na - standing);
		if (arrears && F(f, "due_date")->i > last)
			svc_row_set_int(f, "due_date", last);
		rc = svc_table_put(txn, ft, f, SVC_PUT_UPDATE, NULL, err);
	}
out:
	svc_buf_free(&key);
	svc_buf_free(&voided);
	fee_list_free(&l);
	svc_row_free(&sub);
	svc_row_free(&grp);
	return rc;
}

/* --- accrual --- */

static int
keep_invoiced(void *arg, struct svc_row *row)
{
	return F(row, "invoice_id")->null ? 0 : keep_fee(arg, row);
}

static int
put_accrual(struct svc_txn *txn, struct svc_row *e, const char *source,
    const struct svc_actor *who, int (*fn)(void *, struct svc_row *),
    void *arg, struct svc_err *err)
{
	const struct svc_table *at = T("accrual");
	int rc;

	svc_row_set_text(e, "source", source, strlen(source));
	svc_row_set_int(e, "created_at", who->now);
	if (!(rc = svc_table_draw_id(txn, at, e, err)) &&
	    !(rc = svc_table_put(txn, at, e, SVC_PUT_NEW, NULL, err)) && fn)
		rc = fn(arg, e);
	return rc;
}

int
svc_subscription_unaccrue(struct svc_txn *txn, const char *invoice,
    const char *credit_note, const struct svc_actor *who,
    struct svc_err *err)
{
	struct fee_list l = { NULL, 0, 0 };
	struct svc_filter flt;
	struct svc_buf src = SVC_BUF_INIT;
	char expr[128];
	int rc, i;

	snprintf(expr, sizeof expr, "invoice_id=%s", invoice);
	if ((rc = svc_filter_parse(T("accrual"), expr, &flt, err)))
		return rc;
	rc = svc_table_scan(txn, T("accrual"), &flt, 1, keep_fee, &l, err);
	svc_filter_free(&flt);
	if (rc == SVC_ESYSTEM)
		svc_err_set(err, rc, "out of memory");
	for (i = 0; i < l.n && !rc; i++) {
		struct svc_row *e = &l.rows[i];
		struct svc_field *f = F(e, "fee_id");
		char d[16];

		svc_date_format(F(e, "period_start")->i, d);
		svc_buf_reset(&src);
		if (svc_buf_printf(&src, "%.*s/%s/%s", (int)f->n, f->p,
		    credit_note, d) < 0) {
			rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
			break;
		}
		svc_row_set_null(e, "id");
		svc_row_set_text(e, "invoice_id", credit_note,
		    strlen(credit_note));
		svc_row_set_int(e, "amount", -F(e, "amount")->i);
		rc = put_accrual(txn, e, src.p, who, NULL, NULL, err);
	}
	svc_buf_free(&src);
	fee_list_free(&l);
	return rc;
}

int
svc_subscription_accrue(struct svc_txn *txn, int64_t through,
    const struct svc_actor *who,
    int (*fn)(void *arg, struct svc_row *entry), void *arg,
    struct svc_err *err)
{
	const struct svc_table *at = T("accrual");
	struct fee_list l = { NULL, 0, 0 };
	struct svc_row sub, grp, e;
	struct svc_buf key = SVC_BUF_INIT, voided = SVC_BUF_INIT;
	int rc, i, months;
	int64_t fs, fe, ps, pe, s, x, amount, total, sum, part;
	char src[300], d[16];

	svc_row_init(&sub, T("subscription"));
	svc_row_init(&grp, T("subscription-group"));
	svc_row_init(&e, at);
	if ((rc = voided_invoices(txn, &voided, err)))
		goto out;
	if ((rc = svc_table_scan(txn, T("fee"), NULL, 0, keep_invoiced, &l,
	    err))) {
		if (rc == SVC_ESYSTEM)
			svc_err_set(err, rc, "out of memory");
		goto out;
	}
	for (i = 0; i < l.n && !rc; i++) {
		struct svc_row *f = &l.rows[i];
		struct svc_field *sid = F(f, "subscription_id");
		char *subid = svc_arena_strndup(&f->arena, sid->p, sid->n);

		/* revenue of a voided invoice is not spread any more */
		if (is_voided(&voided, F(f, "invoice_id")))
			continue;
		if ((rc = load_sub(txn, subid, &sub, &grp, err)))
			break;
		months = months_of(&grp, "accrual");
		if (!months)
			months = months_of(&grp, "period");
		svc_buf_reset(&key);
		if (svc_table_key_text(T("fee"), f, &key) < 0) {
			rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
			break;
		}
		fs = F(f, "period_start")->i;
		fe = F(f, "period_end")->i;
		amount = F(f, "amount")->i;
		total = fe - fs + 1;
		sum = 0;
		for (svc_period_of(fs, months, &ps, &pe); ps <= fe && !rc;
		    svc_period_of(pe + 1, months, &ps, &pe)) {
			s = ps > fs ? ps : fs;
			x = pe < fe ? pe : fe;
			if (x == fe)
				part = amount - sum;	/* the remainder */
			else if (svc_muldiv(amount, x - s + 1, total, &part)) {
				rc = svc_err_set(err, SVC_EDATA, "out of range");
				break;
			}
			sum += part;
			if (x > through)
				break;
			svc_date_format(s, d);
			snprintf(src, sizeof src, "%s/%.*s/%s", key.p,
			    (int)F(f, "invoice_id")->n, F(f, "invoice_id")->p, d);
			if ((rc = has_value(txn, "accrual", "source", src, err)) < 0) {
				rc = -rc;
				break;
			}
			if (rc) {
				rc = 0;
				continue;
			}
			svc_row_clear(&e);
			svc_row_set_text(&e, "fee_id", key.p, key.len);
			svc_row_set_text(&e, "subscription_id", sid->p, sid->n);
			svc_row_set_text(&e, "customer_id",
			    F(f, "customer_id")->p, F(f, "customer_id")->n);
			svc_row_set_text(&e, "invoice_id", F(f, "invoice_id")->p,
			    F(f, "invoice_id")->n);
			svc_row_set_text(&e, "category_id",
			    F(f, "category_id")->p, F(f, "category_id")->n);
			svc_row_set_int(&e, "period_start", s);
			svc_row_set_int(&e, "period_end", x);
			svc_row_set_int(&e, "amount", part);
			svc_row_set_text(&e, "currency", F(f, "currency")->p,
			    F(f, "currency")->n);
			rc = put_accrual(txn, &e, src, who, fn, arg, err);
		}
	}
out:
	svc_buf_free(&key);
	svc_buf_free(&voided);
	fee_list_free(&l);
	svc_row_free(&sub);
	svc_row_free(&grp);
	svc_row_free(&e);
	return rc;
}
