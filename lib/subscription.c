/* subscription.c - service subscriptions: prices, fees per invoice period, reductions, indexation, cancellation, accrual */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "money.h"
#include "bill.h"
#include "master.h"
#include "subscription.h"

#define F(row, col) svc_row_field_named(row, col)
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

static int
subscription_group_validate(struct svc_txn *txn, const struct svc_table *t,
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

static int
subscription_validate(struct svc_txn *txn, const struct svc_table *t,
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
	svc_row_init(&other, &svc_category_table);
	f = F(row, "category_id");
	rc = svc_table_load_old(txn, &svc_category_table, f->p, f->n, &other, err);
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

	if ((rc = svc_table_must_load(txn, &svc_subscription_table, id, sub, err)))
		return rc;
	f = F(sub, "group_id");
	rc = svc_table_load_old(txn, &svc_subscription_group_table, f->p, f->n, grp, err);
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
	b.sub = svc_row_text_named(sub, "id");
	b.cust = svc_row_text_named(sub, "customer_id");
	b.cat = svc_row_text_named(sub, "category_id");
	b.cur = svc_row_text_named(sub, "currency");
	b.day = day;
	b.score = -1;
	if ((rc = svc_table_scan(txn, &svc_subscription_price_table, NULL, 0,
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

	svc_row_init(&sub, &svc_subscription_table);
	svc_row_init(&grp, &svc_subscription_group_table);
	if (!(rc = load_sub(txn, subscription, &sub, &grp, err)))
		rc = price_of(txn, &sub, &grp, day, price, err);
	svc_row_free(&sub);
	svc_row_free(&grp);
	return rc;
}

/* --- fees --- */

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
	const struct svc_table *t = &svc_fee_table;
	struct svc_row fee;
	struct svc_field *f;
	int rc;

	svc_row_init(&fee, t);
	svc_row_set_text_named(&fee, "subscription_id", sub->f[0].p, sub->f[0].n);
	svc_row_set_text_named(&fee, "kind", s->kind, strlen(s->kind));
	f = F(sub, "customer_id");
	svc_row_set_text_named(&fee, "customer_id", f->p, f->n);
	f = F(sub, "category_id");
	svc_row_set_text_named(&fee, "category_id", f->p, f->n);
	svc_row_set_int_named(&fee, "period_start", s->first);
	svc_row_set_int_named(&fee, "period_end", s->last);
	svc_row_set_int_named(&fee, "days", s->days);
	svc_row_set_int_named(&fee, "period_days", s->period_days);
	svc_row_set_int_named(&fee, "period_price", s->period_price);
	svc_row_set_int_named(&fee, "amount", s->amount);
	f = F(sub, "currency");
	svc_row_set_text_named(&fee, "currency", f->p, f->n);
	svc_row_set_int_named(&fee, "due_date", s->due);
	svc_row_set_text_named(&fee, "source", s->source, strlen(s->source));
	svc_row_set_int_named(&fee, "created_at", who->now);
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
	int found;
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
		if ((rc = svc_table_has_value(txn, &svc_fee_table, FEE_source, src,
		    &found, err)))
			return rc;
		if (found)
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
	    !a->want(a->want_arg, svc_row_text_named(row, "customer_id")))
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

	svc_row_init(&sub, &svc_subscription_table);
	svc_row_init(&grp, &svc_subscription_group_table);
	if (subscription) {
		if (!(rc = load_sub(txn, subscription, &sub, &grp, err)))
			rc = fees_of(txn, &sub, &grp, through, who, fn, arg, err);
		goto out;
	}
	/* the ids first: fees are written while subscriptions are read */
	if ((rc = svc_table_scan(txn, &svc_subscription_table, NULL, 0, collect_sub,
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
	rc = svc_table_children(txn, &svc_fee_table, subscription, keep_fee, l, err);
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

	svc_row_init(&sub, &svc_subscription_table);
	svc_row_init(&grp, &svc_subscription_group_table);
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
	const struct svc_table *t = &svc_subscription_table;
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
		svc_row_set_int_named(&sub, base ? "base_price" : "index", v);
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

static int
is_voided(const struct svc_buf *voided, const struct svc_field *inv)
{
	char needle[100];

	if (inv->null)
		return 0;
	snprintf(needle, sizeof needle, "\n%.*s\n", (int)inv->n, inv->p);
	return voided->p && strstr(voided->p, needle) != NULL;
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
	int found;
	const struct svc_table *ft = &svc_fee_table;
	struct svc_row sub, grp;
	struct fee_list l = { NULL, 0, 0 };
	struct svc_buf key = SVC_BUF_INIT, voided = SVC_BUF_INIT;
	int64_t fs, fe, pp, pd, amount, nd, na;
	char src[160], d1[16], d2[16];
	int rc, i, prorate, reduction, arrears;

	svc_row_init(&sub, &svc_subscription_table);
	svc_row_init(&grp, &svc_subscription_group_table);
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
	svc_row_set_int_named(&sub, "end_date", last);
	svc_row_set_int_named(&sub, "cancelled_at", who->now);
	if ((rc = svc_table_put(txn, &svc_subscription_table, &sub, SVC_PUT_UPDATE,
	    NULL, err)))
		goto out;
	prorate = svc_field_is(F(&grp, "proration"), "days");
	arrears = svc_field_is(F(&grp, "billing"), "arrears");
	if ((rc = svc_bill_voided_invoices(txn, &voided, err)))
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
		if ((rc = svc_bill_ever_invoiced(txn, key.p, &found, err)))
			break;
		if (nd == 0 && standing == 0 && !found) {
			/* never on an invoice: nothing names it */
			svc_buf_reset(&key);
			if (svc_table_key(ft, f, &key) < 0)
				rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
			else
				rc = svc_table_delete(txn, ft, key.p, key.len, err);
			continue;
		}
		if (nd > 0)
			svc_row_set_int_named(f, "period_end", last);
		svc_row_set_int_named(f, "days", nd);
		svc_row_set_int_named(f, "amount", na - standing);
		if (arrears && F(f, "due_date")->i > last)
			svc_row_set_int_named(f, "due_date", last);
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
	const struct svc_table *at = &svc_accrual_table;
	int rc;

	svc_row_set_text_named(e, "source", source, strlen(source));
	svc_row_set_int_named(e, "created_at", who->now);
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
	if ((rc = svc_filter_parse(&svc_accrual_table, expr, &flt, err)))
		return rc;
	rc = svc_table_scan(txn, &svc_accrual_table, &flt, 1, keep_fee, &l, err);
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
		svc_row_set_null_named(e, "id");
		svc_row_set_text_named(e, "invoice_id", credit_note,
		    strlen(credit_note));
		svc_row_set_int_named(e, "amount", -F(e, "amount")->i);
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
	int found;
	const struct svc_table *at = &svc_accrual_table;
	struct fee_list l = { NULL, 0, 0 };
	struct svc_row sub, grp, e;
	struct svc_buf key = SVC_BUF_INIT, voided = SVC_BUF_INIT;
	int rc, i, months;
	int64_t fs, fe, ps, pe, s, x, amount, total, sum, part;
	char src[300], d[16];

	svc_row_init(&sub, &svc_subscription_table);
	svc_row_init(&grp, &svc_subscription_group_table);
	svc_row_init(&e, at);
	if ((rc = svc_bill_voided_invoices(txn, &voided, err)))
		goto out;
	if ((rc = svc_table_scan(txn, &svc_fee_table, NULL, 0, keep_invoiced, &l,
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
		if (svc_table_key_text(&svc_fee_table, f, &key) < 0) {
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
			if ((rc = svc_table_has_value(txn, &svc_accrual_table,
			    ACCRUAL_source, src, &found, err)))
				break;
			if (found)
				continue;
			svc_row_clear(&e);
			svc_row_set_text_named(&e, "fee_id", key.p, key.len);
			svc_row_set_text_named(&e, "subscription_id", sid->p, sid->n);
			svc_row_set_text_named(&e, "customer_id",
			    F(f, "customer_id")->p, F(f, "customer_id")->n);
			svc_row_set_text_named(&e, "invoice_id", F(f, "invoice_id")->p,
			    F(f, "invoice_id")->n);
			svc_row_set_text_named(&e, "category_id",
			    F(f, "category_id")->p, F(f, "category_id")->n);
			svc_row_set_int_named(&e, "period_start", s);
			svc_row_set_int_named(&e, "period_end", x);
			svc_row_set_int_named(&e, "amount", part);
			svc_row_set_text_named(&e, "currency", F(f, "currency")->p,
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

/* --- the bill run's source: subscription fees --- */

struct fee_each {
	struct svc_txn *txn;
	int (*fn)(void *, const struct svc_billable *);
	void *arg;
	struct svc_err *err;
};

static int
fee_row(void *arg, struct svc_row *row)
{
	struct fee_each *e = arg;
	struct svc_billable b;
	struct svc_row cat, cust;
	struct svc_buf key = SVC_BUF_INIT, desc = SVC_BUF_INIT;
	struct svc_field *f, *k;
	char d1[16], d2[16];
	int rc;

	if (!row->f[FEE_invoice_id].null)
		return 0;
	svc_row_init(&cat, &svc_category_table);
	svc_row_init(&cust, &svc_customer_table);
	memset(&b, 0, sizeof b);
	b.kind = "fee";
	b.customer = svc_row_text(row, FEE_customer_id);
	b.currency = svc_row_text(row, FEE_currency);
	b.category = svc_row_text(row, FEE_category_id);
	b.tax_code = "";
	b.date = row->f[FEE_due_date].i;
	b.quantity = 10000;
	b.net = row->f[FEE_amount].i;
	b.period_start = row->f[FEE_period_start].i;
	b.period_end = row->f[FEE_period_end].i;
	svc_date_format(b.period_start, d1);
	svc_date_format(b.period_end, d2);
	f = &row->f[FEE_subscription_id];
	k = &row->f[FEE_kind];
	if (svc_table_key_text(&svc_fee_table, row, &key) < 0 ||
	    svc_buf_printf(&desc, "%.*s %.*s %s..%s", (int)f->n, f->p,
	    (int)k->n, k->p, d1, d2) < 0 || !b.customer || !b.currency ||
	    !b.category) {
		rc = svc_err_set(e->err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	b.source = key.p;
	b.description = desc.p;
	/* the tax code: the category's, else the customer's */
	f = &row->f[FEE_category_id];
	if ((rc = svc_table_load_old(e->txn, &svc_category_table, f->p, f->n, &cat,
	    e->err)) > 0 && !cat.f[CATEGORY_tax_code].null)
		b.tax_code = svc_row_text(&cat, CATEGORY_tax_code);
	else if (rc >= 0) {
		f = &row->f[FEE_customer_id];
		if ((rc = svc_table_load_old(e->txn, &svc_customer_table, f->p, f->n,
		    &cust, e->err)) > 0)
			b.tax_code = svc_row_text(&cust, CUSTOMER_tax_code);
	}
	if (rc < 0) {
		rc = -rc;
		goto out;
	}
	if (!b.tax_code) {
		rc = svc_err_set(e->err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	rc = e->fn(e->arg, &b);
out:
	svc_buf_free(&key);
	svc_buf_free(&desc);
	svc_row_free(&cat);
	svc_row_free(&cust);
	return rc;
}

static int
fee_each(struct svc_txn *txn, int64_t through,
    int (*fn)(void *, const struct svc_billable *), void *arg,
    struct svc_err *err)
{
	struct fee_each e = { txn, fn, arg, err };
	struct svc_filter f;
	char expr[64], d[16];
	int rc;

	svc_date_format(through, d);
	snprintf(expr, sizeof expr, "due_date<=%s", d);
	if ((rc = svc_filter_parse(&svc_fee_table, expr, &f, err)))
		return rc;
	rc = svc_table_scan(txn, &svc_fee_table, &f, 1, fee_row, &e, err);
	svc_filter_free(&f);
	return rc;
}

static int
fee_mark(struct svc_txn *txn, const char *source, const char *invoice,
    struct svc_err *err)
{
	return svc_bill_mark(txn, &svc_fee_table, FEE_invoice_id, source,
	    invoice, err);
}

/* The fees due through the day, made before they are collected. */
static int
fee_prepare(struct svc_txn *txn, int64_t through,
    int (*want)(void *, const char *), void *want_arg,
    const struct svc_actor *who, struct svc_err *err)
{
	return svc_subscription_fees_of(txn, NULL, through, want, want_arg, who,
	    NULL, NULL, err);
}

const struct svc_bill_source svc_fee_bill_source = {
	"fee", fee_prepare, fee_each, fee_mark, svc_subscription_unaccrue
};

/* --- the tables --- */

#define REQ SVC_COL_REQUIRED
#define IDX SVC_COL_INDEXED

static const char *const periods[] = {
	"month", "quarter", "half-year", "year", NULL
};

static const struct svc_column subscription_group_cols[] = {
	[SUBSCRIPTION_GROUP_id] = { "id", SVC_T_ID, REQ, .doc = "subscription group id" },
	[SUBSCRIPTION_GROUP_description] = { "description", SVC_T_TEXT, 0, .doc = "description" },
	[SUBSCRIPTION_GROUP_period] = { "period", SVC_T_ENUM, REQ, .def = "month", .words = periods,
	  .doc = "invoice period: month, quarter, half-year or year" },
	[SUBSCRIPTION_GROUP_billing] = { "billing", SVC_T_ENUM, REQ, .def = "advance",
	  .words = (const char *const[]){ "advance", "arrears", NULL },
	  .doc = "advance (billable when the period starts) or arrears (when "
	  "it ends)" },
	[SUBSCRIPTION_GROUP_proration] = { "proration", SVC_T_ENUM, REQ, .def = "days",
	  .words = (const char *const[]){ "days", "none", NULL },
	  .doc = "days: partial periods by days; none: in full" },
	[SUBSCRIPTION_GROUP_accrual] = { "accrual", SVC_T_ENUM, 0, .words = periods,
	  .doc = "accrual period, not longer than the invoice period "
	  "(default: the invoice period)" },
};
SVC_COLUMNS_MATCH(subscription_group_cols, SUBSCRIPTION_GROUP_NCOLS);
const struct svc_table svc_subscription_group_table = {
	"subscription-group", "a group of subscriptions",
	SVC_COLS(subscription_group_cols), 1, NULL, subscription_group_validate, NULL
};

static const struct svc_column subscription_cols[] = {
	[SUBSCRIPTION_id] = { "id", SVC_T_ID, REQ, .doc = "subscription id" },
	[SUBSCRIPTION_description] = { "description", SVC_T_TEXT, 0, .doc = "description" },
	[SUBSCRIPTION_customer_id] = { "customer_id", SVC_T_REF, REQ, .ref = "customer", .doc = "customer" },
	[SUBSCRIPTION_group_id] = { "group_id", SVC_T_REF, REQ, .ref = "subscription-group",
	  .doc = "subscription group: period, billing, proration" },
	[SUBSCRIPTION_category_id] = { "category_id", SVC_T_REF, REQ, .ref = "category",
	  .doc = "fee category (a category of type fee)" },
	[SUBSCRIPTION_currency] = { "currency", SVC_T_CURRENCY, REQ, .def_from = "customer_id.currency",
	  .doc = "currency (default: the customer's)" },
	[SUBSCRIPTION_base_price] = { "base_price", SVC_T_MONEY, REQ, .currency = "currency",
	  .doc = "price of one invoice period before the index" },
	[SUBSCRIPTION_index] = { "index", SVC_T_DECIMAL, REQ, .def = "100", .scale = 4,
	  .doc = "index in percent: the price is base_price x index / 100" },
	[SUBSCRIPTION_start_date] = { "start_date", SVC_T_DATE, REQ, .doc = "first day" },
	[SUBSCRIPTION_end_date] = { "end_date", SVC_T_DATE, 0, .doc = "last day (empty: open ended)" },
	[SUBSCRIPTION_active] = { "active", SVC_T_BOOL, REQ, .def = "true",
	  .doc = "fees are made only for active subscriptions" },
	[SUBSCRIPTION_cancelled_at] = { "cancelled_at", SVC_T_DATETIME, 0, .doc = "when it was cancelled" },
};
SVC_COLUMNS_MATCH(subscription_cols, SUBSCRIPTION_NCOLS);
const struct svc_table svc_subscription_table = {
	"subscription", "a service subscription", SVC_COLS(subscription_cols), 1,
	"SUB-%06d", subscription_validate, NULL
};

static const struct svc_column subscription_price_cols[] = {
	[SUBSCRIPTION_PRICE_id] = { "id", SVC_T_ID, REQ, .doc = "price id" },
	[SUBSCRIPTION_PRICE_valid_from] = { "valid_from", SVC_T_DATE, REQ, .doc = "first day it applies" },
	[SUBSCRIPTION_PRICE_subscription_id] = { "subscription_id", SVC_T_REF, 0, .ref = "subscription",
	  .doc = "for this subscription only" },
	[SUBSCRIPTION_PRICE_customer_id] = { "customer_id", SVC_T_REF, 0, .ref = "customer",
	  .doc = "for this customer only" },
	[SUBSCRIPTION_PRICE_category_id] = { "category_id", SVC_T_REF, 0, .ref = "category",
	  .doc = "for this fee category only" },
	[SUBSCRIPTION_PRICE_period] = { "period", SVC_T_ENUM, REQ, .def = "month", .words = periods,
	  .doc = "the period the price is for" },
	[SUBSCRIPTION_PRICE_currency] = { "currency", SVC_T_CURRENCY, REQ, .def_param = "currency",
	  .doc = "currency" },
	[SUBSCRIPTION_PRICE_price] = { "price", SVC_T_MONEY, REQ, .currency = "currency",
	  .doc = "price of one period" },
};
SVC_COLUMNS_MATCH(subscription_price_cols, SUBSCRIPTION_PRICE_NCOLS);
const struct svc_table svc_subscription_price_table = {
	"subscription-price", "a price of subscriptions",
	SVC_COLS(subscription_price_cols), 1, "SP-%06d", NULL, NULL
};

static const struct svc_column fee_cols[] = {
	[FEE_subscription_id] = { "subscription_id", SVC_T_REF, REQ, .ref = "subscription",
	  .doc = "subscription" },
	[FEE_line] = { "line", SVC_T_INT, REQ, .doc = "fee number within the subscription" },
	[FEE_kind] = { "kind", SVC_T_ENUM, REQ, .def = "fee",
	  .words = (const char *const[]){ "fee", "reduction", "credit", NULL },
	  .doc = "fee, reduction (days taken out) or credit (a cancellation "
	  "after invoicing)" },
	[FEE_customer_id] = { "customer_id", SVC_T_REF, REQ, .ref = "customer", .doc = "customer" },
	[FEE_category_id] = { "category_id", SVC_T_REF, REQ, .ref = "category",
	  .doc = "fee category" },
	[FEE_period_start] = { "period_start", SVC_T_DATE, REQ, .doc = "first day it is for" },
	[FEE_period_end] = { "period_end", SVC_T_DATE, REQ, .doc = "last day it is for" },
	[FEE_days] = { "days", SVC_T_INT, REQ, .doc = "days it is for" },
	[FEE_period_days] = { "period_days", SVC_T_INT, REQ,
	  .doc = "days of the whole invoice period" },
	[FEE_period_price] = { "period_price", SVC_T_MONEY, REQ, .currency = "currency",
	  .doc = "price of the whole invoice period" },
	[FEE_amount] = { "amount", SVC_T_MONEY, REQ, .currency = "currency",
	  .doc = "amount: the period price prorated by days" },
	[FEE_currency] = { "currency", SVC_T_CURRENCY, REQ, .doc = "currency" },
	[FEE_due_date] = { "due_date", SVC_T_DATE, REQ | IDX,
	  .doc = "billable from: the period's start (advance) or end (arrears)" },
	[FEE_source] = { "source", SVC_T_TEXT, REQ | IDX,
	  .doc = "what made it: SUBSCRIPTION/KIND/FIRST-DAY, once" },
	[FEE_invoice_id] = { "invoice_id", SVC_T_REF, 0, .ref = "invoice",
	  .doc = "the invoice that billed it" },
	[FEE_created_at] = { "created_at", SVC_T_DATETIME, 0, .doc = "when it was made" },
};
SVC_COLUMNS_MATCH(fee_cols, FEE_NCOLS);
const struct svc_table svc_fee_table = {
	"fee", "a fee of a subscription", SVC_COLS(fee_cols), 2, NULL, NULL, NULL
};

static const struct svc_column accrual_cols[] = {
	[ACCRUAL_id] = { "id", SVC_T_ID, REQ, .doc = "accrual entry id" },
	[ACCRUAL_fee_id] = { "fee_id", SVC_T_TEXT, REQ | IDX, .doc = "the fee (SUBSCRIPTION/N)" },
	[ACCRUAL_subscription_id] = { "subscription_id", SVC_T_REF, REQ, .ref = "subscription",
	  .doc = "subscription" },
	[ACCRUAL_customer_id] = { "customer_id", SVC_T_REF, REQ, .ref = "customer", .doc = "customer" },
	[ACCRUAL_invoice_id] = { "invoice_id", SVC_T_REF, REQ, .ref = "invoice",
	  .doc = "the invoice that billed the fee" },
	[ACCRUAL_category_id] = { "category_id", SVC_T_REF, REQ, .ref = "category",
	  .doc = "fee category" },
	[ACCRUAL_period_start] = { "period_start", SVC_T_DATE, REQ | IDX,
	  .doc = "first day of the accrual period" },
	[ACCRUAL_period_end] = { "period_end", SVC_T_DATE, REQ, .doc = "last day" },
	[ACCRUAL_amount] = { "amount", SVC_T_MONEY, REQ, .currency = "currency",
	  .doc = "revenue of the period" },
	[ACCRUAL_currency] = { "currency", SVC_T_CURRENCY, REQ, .doc = "currency" },
	[ACCRUAL_source] = { "source", SVC_T_TEXT, REQ | IDX,
	  .doc = "FEE/INVOICE/FIRST-DAY: made once" },
	[ACCRUAL_created_at] = { "created_at", SVC_T_DATETIME, REQ, .doc = "when it was made" },
};
SVC_COLUMNS_MATCH(accrual_cols, ACCRUAL_NCOLS);
const struct svc_table svc_accrual_table = {
	"accrual", "a revenue accrual entry", SVC_COLS(accrual_cols), 1,
	"ACR-%08d", NULL, NULL
};
