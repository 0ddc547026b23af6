/* subscription.c - service subscriptions: prices, fees per invoice period, reductions, indexation, cancellation, accrual */
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "money.h"
#include "bill.h"
#include "master.h"
#include "subscription.h"

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

/* The months of the period word in column col of row, or 0. */
static int
months_of(struct svc_row *row, int col)
{
	struct svc_field *f = &row->f[col];

	return f->null ? 0 : svc_period_months(f->p, f->n);
}

/* The months of a group's period in column col (the invoice period, or
 * the accrual period that defaults to it); a group without one is
 * refused rather than divided by. */
static int
group_months(struct svc_row *grp, int col, int *months, struct svc_err *err)
{
	struct svc_field *id = &grp->f[SUBSCRIPTION_GROUP_id];

	if (!(*months = months_of(grp, col)))
		*months = months_of(grp, SUBSCRIPTION_GROUP_period);
	if (*months > 0)
		return 0;
	svc_err_set(err, SVC_EINTERNAL, "subscription group '%.*s': no invoice "
	    "period", id->null ? 0 : (int)id->n, id->null ? "" : id->p);
	return SVC_EINTERNAL;
}

/* --- table rules --- */

static int
subscription_group_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	(void)txn;
	(void)t;
	if (!row->f[SUBSCRIPTION_GROUP_accrual].null &&
	    months_of(row, SUBSCRIPTION_GROUP_accrual) >
	    months_of(row, SUBSCRIPTION_GROUP_period))
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
	int rc, found;

	(void)t;
	if (!row->f[SUBSCRIPTION_end_date].null &&
	    row->f[SUBSCRIPTION_end_date].i <
	    row->f[SUBSCRIPTION_start_date].i - 1)
		return svc_err_set(err, SVC_EDATA, "column 'end_date': before "
		    "start_date");
	if (row->f[SUBSCRIPTION_index].i <= 0)
		return svc_err_set(err, SVC_EDATA, "column 'index': must be above "
		    "zero");
	/* a category that does not exist is the reference check's to report */
	svc_row_init(&other, &svc_category_table);
	f = &row->f[SUBSCRIPTION_category_id];
	rc = svc_table_load(txn, &svc_category_table, f->p, f->n, &other,
	    &found, err);
	if (!rc && found && !svc_field_is(&other.f[CATEGORY_type], "fee"))
		rc = svc_err_set(err, SVC_EDATA, "column 'category_id': category "
		    "'%.*s' is not of type fee", (int)f->n, f->p);
	svc_row_free(&other);
	return rc;
}

/* --- prices --- */

/* The price rows that may price a subscription, whatever the day: its
 * currency, and its id, customer and category or none of them; score
 * says how closely (4 its id, 2 its customer, 1 its category).  Read
 * once for a run of its fees, which picks among them by day. */
struct price_match {
	int64_t from, price;
	int score, months;
};

struct prices {
	const char *sub, *cust, *cat, *cur;
	struct price_match *m;
	int n, cap;
};

static int
field_is_n(const struct svc_field *f, const char *s)
{
	return !f->null && strlen(s) == f->n && memcmp(f->p, s, f->n) == 0;
}

static int
price_row(void *arg, struct svc_row *row)
{
	struct prices *l = arg;
	struct svc_field *s = &row->f[SUBSCRIPTION_PRICE_subscription_id];
	struct svc_field *c = &row->f[SUBSCRIPTION_PRICE_customer_id];
	struct svc_field *k = &row->f[SUBSCRIPTION_PRICE_category_id];
	struct price_match *m;
	int score = 0;

	if (!field_is_n(&row->f[SUBSCRIPTION_PRICE_currency], l->cur))
		return 0;
	if (!s->null) {
		if (!field_is_n(s, l->sub))
			return 0;
		score += 4;
	}
	if (!c->null) {
		if (!field_is_n(c, l->cust))
			return 0;
		score += 2;
	}
	if (!k->null) {
		if (!field_is_n(k, l->cat))
			return 0;
		score += 1;
	}
	if (l->n == l->cap) {
		int cap = l->cap ? 2 * l->cap : 8;

		if (!(m = realloc(l->m, (size_t)cap * sizeof *m)))
			return SVC_ESYSTEM;
		l->m = m;
		l->cap = cap;
	}
	m = &l->m[l->n++];
	m->from = row->f[SUBSCRIPTION_PRICE_valid_from].i;
	m->price = row->f[SUBSCRIPTION_PRICE_price].i;
	m->score = score;
	m->months = months_of(row, SUBSCRIPTION_PRICE_period);
	return 0;
}

static void
prices_free(struct prices *l)
{
	free(l->m);
	l->m = NULL;
	l->n = l->cap = 0;
}

/* The price rows of subscription sub (its texts stay in sub). */
static int
prices_read(struct svc_txn *txn, struct svc_row *sub, struct prices *l,
    struct svc_err *err)
{
	int rc;

	memset(l, 0, sizeof *l);
	l->sub = svc_row_text(sub, SUBSCRIPTION_id);
	l->cust = svc_row_text(sub, SUBSCRIPTION_customer_id);
	l->cat = svc_row_text(sub, SUBSCRIPTION_category_id);
	l->cur = svc_row_text(sub, SUBSCRIPTION_currency);
	if (!l->sub || !l->cust || !l->cat || !l->cur)
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	rc = svc_table_scan(txn, &svc_subscription_price_table, NULL, 0,
	    price_row, l, err);
	if (rc == SVC_ESYSTEM)
		svc_err_set(err, rc, "out of memory");
	return rc;
}

/* The price of a period of sub from day: of the rows valid on day, the
 * closest (score), then the latest; without one, the base price times
 * the index. */
static int
price_on(const struct prices *l, struct svc_row *sub, struct svc_row *grp,
    int64_t day, int64_t *price, struct svc_err *err)
{
	const struct price_match *b = NULL;
	int rc, months, i;

	if ((rc = group_months(grp, SUBSCRIPTION_GROUP_period, &months, err)))
		return rc;
	for (i = 0; i < l->n; i++) {
		const struct price_match *m = &l->m[i];

		if (m->from > day)
			continue;
		if (!b || m->score > b->score ||
		    (m->score == b->score && m->from > b->from))
			b = m;
	}
	if (b && b->months > 0 ?
	    svc_money_muldiv(b->price, months, b->months, price) :
	    svc_money_muldiv(sub->f[SUBSCRIPTION_base_price].i,
	    sub->f[SUBSCRIPTION_index].i, 1000000, price)) {
		char d[16];

		svc_date_format(day, d);
		return svc_err_set(err, SVC_EDATA, "subscription '%s': its "
		    "price for the period from %s is more than an amount can "
		    "be (%lld in minor units)", l->sub, d,
		    (long long)SVC_MONEY_MAX);
	}
	return 0;
}

static int
price_of(struct svc_txn *txn, struct svc_row *sub, struct svc_row *grp,
    int64_t day, int64_t *price, struct svc_err *err)
{
	struct prices l;
	int rc;

	if (!(rc = prices_read(txn, sub, &l, err)))
		rc = price_on(&l, sub, grp, day, price, err);
	prices_free(&l);
	return rc;
}

/* The subscription and its group. */
static int
load_sub(struct svc_txn *txn, const char *id, struct svc_row *sub,
    struct svc_row *grp, struct svc_err *err)
{
	struct svc_field *f;
	int rc, found;

	if ((rc = svc_table_must_load(txn, &svc_subscription_table, id, sub, err)))
		return rc;
	f = &sub->f[SUBSCRIPTION_group_id];
	if ((rc = svc_table_load(txn, &svc_subscription_group_table, f->p, f->n,
	    grp, &found, err)))
		return rc;
	if (!found)
		return svc_err_set(err, SVC_EINTERNAL, "subscription '%s': no "
		    "group", id);
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

/* Puts the fee s of sub, made in the row fee (of the fee table, kept
 * from one fee to the next with the memory it took). */
static int
put_fee(struct svc_txn *txn, struct svc_row *sub, struct svc_row *fee,
    const struct fee_spec *s, const struct svc_actor *who, svc_fee_fn fn,
    void *arg, struct svc_err *err)
{
	const struct svc_table *t = &svc_fee_table;
	struct svc_field *f;
	int rc;

	svc_row_clear(fee);
	f = &sub->f[SUBSCRIPTION_id];
	svc_row_set_text(fee, FEE_subscription_id, f->p, f->n);
	svc_row_set_text(fee, FEE_kind, s->kind, strlen(s->kind));
	f = &sub->f[SUBSCRIPTION_customer_id];
	svc_row_set_text(fee, FEE_customer_id, f->p, f->n);
	f = &sub->f[SUBSCRIPTION_category_id];
	svc_row_set_text(fee, FEE_category_id, f->p, f->n);
	svc_row_set_int(fee, FEE_period_start, s->first);
	svc_row_set_int(fee, FEE_period_end, s->last);
	svc_row_set_int(fee, FEE_days, s->days);
	svc_row_set_int(fee, FEE_period_days, s->period_days);
	svc_row_set_int(fee, FEE_period_price, s->period_price);
	svc_row_set_int(fee, FEE_amount, s->amount);
	f = &sub->f[SUBSCRIPTION_currency];
	svc_row_set_text(fee, FEE_currency, f->p, f->n);
	svc_row_set_int(fee, FEE_due_date, s->due);
	svc_row_set_text(fee, FEE_source, s->source, strlen(s->source));
	svc_row_set_int(fee, FEE_created_at, who->now);
	if (!(rc = svc_table_append(txn, t, fee, err)) && fn)
		rc = fn(arg, fee);
	return rc;
}

/* put_fee in a row of its own. */
static int
put_fee_one(struct svc_txn *txn, struct svc_row *sub,
    const struct fee_spec *s, const struct svc_actor *who, svc_fee_fn fn,
    void *arg, struct svc_err *err)
{
	struct svc_row fee;
	int rc;

	svc_row_init(&fee, &svc_fee_table);
	rc = put_fee(txn, sub, &fee, s, who, fn, arg, err);
	svc_row_free(&fee);
	return rc;
}

static int
fees_of(struct svc_txn *txn, struct svc_row *sub, struct svc_row *grp,
    struct svc_row *fee, int64_t through, const struct svc_actor *who,
    svc_fee_fn fn, void *arg, struct svc_err *err)
{
	int found, months;
	int advance = svc_field_is(&grp->f[SUBSCRIPTION_GROUP_billing],
	    "advance");
	int prorate = svc_field_is(&grp->f[SUBSCRIPTION_GROUP_proration],
	    "days");
	struct svc_field *id = &sub->f[SUBSCRIPTION_id];
	struct svc_field *endf = &sub->f[SUBSCRIPTION_end_date];
	int64_t start = sub->f[SUBSCRIPTION_start_date].i;
	int64_t end = endf->null ? NONE : endf->i;
	int64_t ps, pe, fs, fe, price, amount;
	struct svc_buf src = SVC_BUF_INIT;
	struct prices prices;
	char d[16];
	int rc = 0;

	if (!sub->f[SUBSCRIPTION_active].i)
		return 0;
	if ((rc = group_months(grp, SUBSCRIPTION_GROUP_period, &months, err)))
		return rc;
	if ((rc = prices_read(txn, sub, &prices, err))) {
		prices_free(&prices);
		return rc;
	}
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
		svc_buf_reset(&src);
		if (svc_buf_add(&src, id->p, id->n) < 0 ||
		    svc_buf_adds(&src, "/fee/") < 0 ||
		    svc_buf_adds(&src, d) < 0) {
			rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
			break;
		}
		if ((rc = svc_table_had_value(txn, &svc_fee_table, FEE_source,
		    src.p, &found, err)))
			break;
		if (found)
			continue;
		if ((rc = price_on(&prices, sub, grp, fs, &price, err)))
			break;
		amount = price;
		if (prorate && svc_money_muldiv(price, fe - fs + 1,
		    pe - ps + 1, &amount)) {
			rc = svc_err_set(err, SVC_EDATA, "amount out of range");
			break;
		}
		{
			struct fee_spec s = { "fee", fs, fe, fe - fs + 1,
				pe - ps + 1, price, amount, advance ? fs : fe,
				src.p };
			if ((rc = put_fee(txn, sub, fee, &s, who, fn, arg,
			    err)))
				break;
		}
	}
	svc_buf_free(&src);
	prices_free(&prices);
	return rc;
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
	struct svc_field *id = &row->f[SUBSCRIPTION_id];
	char *cust;

	if (!row->f[SUBSCRIPTION_active].i)
		return 0;
	if (a->want) {
		if (!(cust = svc_row_text(row, SUBSCRIPTION_customer_id)))
			return SVC_ESYSTEM;
		if (!a->want(a->want_arg, cust))
			return 0;
	}
	if (svc_buf_add(&a->ids, id->p, id->n) < 0 ||
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
	struct svc_row sub, grp, fee;
	struct all_subs a = { SVC_BUF_INIT, want, want_arg };
	char *p, *save = NULL;
	int64_t horizon;
	int bulk = 0, rc = 0;

	/* fees are written out to a horizon, not to the end of time */
	horizon = svc_date_add_months(svc_date_of_instant(who->now),
	    12 * SVC_FEE_HORIZON_YEARS);
	if (through > horizon) {
		char d1[16], d2[16];

		svc_date_format(through, d1);
		svc_date_format(horizon, d2);
		return svc_err_set(err, SVC_EUSAGE, "fees through %s: that is "
		    "past the horizon of %d years from today (%s)", d1,
		    SVC_FEE_HORIZON_YEARS, d2);
	}
	svc_row_init(&sub, &svc_subscription_table);
	svc_row_init(&grp, &svc_subscription_group_table);
	svc_row_init(&fee, &svc_fee_table);
	/* the fees' index entries are held and written sorted at the end
	 * (lib/bulk.c).  fees_of asks the source index whether a period's
	 * fee was made before: by an earlier run, whose entries are there;
	 * this run makes each subscription's period once */
	if ((rc = svc_table_bulk_begin(txn, &svc_fee_table, &bulk, err)))
		goto out;
	if (subscription) {
		if (!(rc = load_sub(txn, subscription, &sub, &grp, err)))
			rc = fees_of(txn, &sub, &grp, &fee, through, who, fn,
			    arg, err);
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
			rc = fees_of(txn, &sub, &grp, &fee, through, who, fn,
			    arg, err);
out:
	if (bulk) {
		/* the fees written have their entries, whatever the caller
		 * does after an error */
		struct svc_err e2;
		int rc2 = svc_table_bulk_end(txn, 1, &e2);

		if (rc2 && !rc) {
			*err = e2;
			rc = rc2;
		}
	}
	svc_buf_free(&a.ids);
	svc_row_free(&sub);
	svc_row_free(&grp);
	svc_row_free(&fee);
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
	if (svc_row_copy(&l->rows[l->n], row)) {
		svc_row_free(&l->rows[l->n]);
		return SVC_ESYSTEM;
	}
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

/* 1 when inv names one of the voided invoices ("\nINV-1\nINV-7\n"). */
static int
is_voided(const struct svc_buf *voided, const struct svc_field *inv)
{
	const char *p, *end;

	if (inv->null || !voided->p)
		return 0;
	end = voided->p + voided->len;
	for (p = voided->p; (p = memchr(p, '\n', (size_t)(end - p))); p++)
		if ((size_t)(end - p) > inv->n + 1 &&
		    memcmp(p + 1, inv->p, inv->n) == 0 && p[inv->n + 1] == '\n')
			return 1;
	return 0;
}

/* 1 when day falls in the period of a fee of l that a voided invoice
 * took back whole (voided without --rebill): the period is gone for
 * good, and nothing reduces or credits it any more. */
static int
taken_back(const struct fee_list *l, const struct svc_buf *voided,
    int64_t day)
{
	int i;

	for (i = 0; i < l->n; i++) {
		const struct svc_field *f = l->rows[i].f;

		if (svc_field_is(&f[FEE_kind], "fee") &&
		    f[FEE_period_start].i <= day && day <= f[FEE_period_end].i &&
		    is_voided(voided, &f[FEE_invoice_id]))
			return 1;
	}
	return 0;
}

/* --- reduction days --- */

int
svc_subscription_reduce(struct svc_txn *txn, const char *subscription,
    int64_t from, int64_t to, const struct svc_actor *who, svc_fee_fn fn,
    void *arg, struct svc_err *err)
{
	struct svc_row sub, grp;
	struct fee_list l = { NULL, 0, 0 };
	struct svc_buf src = SVC_BUF_INIT, voided = SVC_BUF_INIT;
	struct svc_field *endf;
	int64_t start, end, ps, pe, rs, re, fs, fe, price, amount;
	char d1[16], d2[16];
	int rc, i, months, advance;

	svc_row_init(&sub, &svc_subscription_table);
	svc_row_init(&grp, &svc_subscription_group_table);
	if ((rc = load_sub(txn, subscription, &sub, &grp, err)) ||
	    (rc = fees_list(txn, subscription, &l, err)) ||
	    (rc = svc_bill_voided_invoices(txn, &voided, err)))
		goto out;
	start = sub.f[SUBSCRIPTION_start_date].i;
	endf = &sub.f[SUBSCRIPTION_end_date];
	end = endf->null ? NONE : endf->i;
	if (from > to || from < start || (end != NONE && to > end)) {
		rc = svc_err_set(err, SVC_EDATA, "the days to reduce must lie "
		    "within the subscription's, first before last");
		goto out;
	}
	for (i = 0; i < l.n; i++) {
		struct svc_field *f = l.rows[i].f;

		if (svc_field_is(&f[FEE_kind], "reduction") &&
		    f[FEE_period_start].i <= to &&
		    f[FEE_period_end].i >= from) {
			svc_date_format(f[FEE_period_start].i, d1);
			svc_date_format(f[FEE_period_end].i, d2);
			rc = svc_err_set(err, SVC_EDATA, "days %s..%s are reduced "
			    "already", d1, d2);
			goto out;
		}
	}
	if ((rc = group_months(&grp, SUBSCRIPTION_GROUP_period, &months, err)))
		goto out;
	/* a period taken back whole is billed no more, nor reduced */
	for (svc_period_of(from, months, &ps, &pe); ps <= to;
	    svc_period_of(pe + 1, months, &ps, &pe)) {
		rs = from > ps ? from : ps;
		if (taken_back(&l, &voided, rs)) {
			svc_date_format(ps, d1);
			svc_date_format(pe, d2);
			rc = svc_err_set(err, SVC_EDATA, "days %s..%s were taken "
			    "back whole: their fee's invoice is voided", d1, d2);
			goto out;
		}
	}
	advance = svc_field_is(&grp.f[SUBSCRIPTION_GROUP_billing], "advance");
	for (svc_period_of(from, months, &ps, &pe); ps <= to && !rc;
	    svc_period_of(pe + 1, months, &ps, &pe)) {
		rs = from > ps ? from : ps;
		re = to < pe ? to : pe;
		fs = ps > start ? ps : start;
		fe = end != NONE && end < pe ? end : pe;
		/* the period's price as its fee has it, else as it is now */
		price = NONE;
		for (i = 0; i < l.n; i++)
			if (svc_field_is(&l.rows[i].f[FEE_kind], "fee") &&
			    l.rows[i].f[FEE_period_start].i == fs)
				price = l.rows[i].f[FEE_period_price].i;
		if (price == NONE && (rc = price_of(txn, &sub, &grp, fs, &price,
		    err)))
			break;
		if (svc_money_muldiv(-price, re - rs + 1, pe - ps + 1,
		    &amount)) {
			rc = svc_err_set(err, SVC_EDATA, "amount out of range");
			break;
		}
		svc_date_format(rs, d1);
		svc_date_format(re, d2);
		svc_buf_reset(&src);
		if (svc_buf_printf(&src, "%s/reduction/%s..%s", subscription,
		    d1, d2) < 0) {
			rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
			break;
		}
		{
			struct fee_spec s = { "reduction", rs, re, re - rs + 1,
				pe - ps + 1, price, amount, advance ? fs : fe,
				src.p };
			rc = put_fee_one(txn, &sub, &s, who, fn, arg, err);
		}
	}
out:
	svc_buf_free(&src);
	svc_buf_free(&voided);
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
	const int c = base ? SUBSCRIPTION_base_price : SUBSCRIPTION_index;
	struct svc_row sub;
	struct svc_texts in;
	int64_t v;
	int rc;

	svc_row_init(&sub, t);
	if ((rc = svc_table_must_load(txn, t, subscription, &sub, err)))
		goto out;
	if (has_percent) {
		int64_t factor;

		if (__builtin_add_overflow(percent, 1000000, &factor) ||
		    svc_muldiv(sub.f[c].i, factor, 1000000, &v) ||
		    (base && !svc_money_fits(v))) {
			rc = svc_err_set(err, SVC_EDATA, "subscription '%s': "
			    "the %s raised by that percentage is more than "
			    "%s can be", subscription, t->cols[c].name,
			    base ? "an amount" : "a number");
			goto out;
		}
		svc_row_set_int(&sub, c, v);
		rc = svc_table_put(txn, t, &sub, SVC_PUT_UPDATE, NULL, err);
		goto out;
	}
	/* to a value, read as the column reads it */
	memset(&in, 0, sizeof in);
	in.s[c] = to;
	in.n[c] = strlen(to);
	in.given[c] = 1;
	if (!(rc = svc_table_build(txn, t, &in, SVC_BUILD_SET, &sub, err)))
		rc = svc_table_put(txn, t, &sub, SVC_PUT_UPDATE, NULL, err);
out:
	svc_row_free(&sub);
	return rc;
}

/* --- cancellation --- */

/* The source every credit made for fee f (a fee or a reduction of
 * subscription) begins with: SUBSCRIPTION/credit/KIND/START/, the last
 * day following; -1 when memory ran out. */
static int
credit_prefix(struct svc_buf *b, const char *subscription,
    const struct svc_row *f)
{
	char d[16];

	svc_date_format(f->f[FEE_period_start].i, d);
	svc_buf_reset(b);
	return svc_buf_printf(b, "%s/credit/%s/%s/", subscription,
	    svc_field_is(&f->f[FEE_kind], "reduction") ? "reduction" : "fee",
	    d);
}

/* 1 when the text of f begins with prefix and goes on. */
static int
has_prefix(const struct svc_field *f, const char *prefix)
{
	size_t n = strlen(prefix);

	return !f->null && f->n > n && memcmp(f->p, prefix, n) == 0;
}

/* 1 when row r is a credit made for the fee whose source prefix is
 * given, on no voided invoice. */
static int
credit_for(const struct svc_row *r, const char *prefix,
    const struct svc_buf *voided)
{
	return svc_field_is(&r->f[FEE_kind], "credit") &&
	    has_prefix(&r->f[FEE_source], prefix) &&
	    !is_voided(voided, &r->f[FEE_invoice_id]);
}

/* The credits made before for the fee whose source prefix is given,
 * but those a voided invoice took back. */
static int64_t
credited(const struct fee_list *l, const char *prefix,
    const struct svc_buf *voided)
{
	struct svc_field *f;
	int64_t sum = 0;
	int i;

	for (i = 0; i < l->n; i++) {
		f = l->rows[i].f;
		if (credit_for(&l->rows[i], prefix, voided))
			/* amounts are bounded: a sum that passes the
			 * bound is held there, and what it makes refused */
			if (svc_money_add(sum, f[FEE_amount].i, &sum))
				return f[FEE_amount].i < 0 ? -SVC_MONEY_MAX - 1 :
				    SVC_MONEY_MAX + 1;
	}
	return sum;
}

/* The subscription as fee row f names it (its id, customer, category and
 * currency), in as: what a credit of f is made for, whatever the
 * subscription says now. */
static void
sub_as_fee(const struct svc_row *f, struct svc_row *as)
{
	static const int map[][2] = {
		{ FEE_subscription_id, SUBSCRIPTION_id },
		{ FEE_customer_id, SUBSCRIPTION_customer_id },
		{ FEE_category_id, SUBSCRIPTION_category_id },
		{ FEE_currency, SUBSCRIPTION_currency },
	};
	size_t i;

	svc_row_clear(as);
	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		svc_row_set_text(as, map[i][1], f->f[map[i][0]].p,
		    f->f[map[i][0]].n);
}

int
svc_subscription_cancel(struct svc_txn *txn, const char *subscription,
    int64_t last, const struct svc_actor *who, svc_fee_fn fn, void *arg,
    struct svc_err *err)
{
	int found;
	const struct svc_table *ft = &svc_fee_table;
	struct svc_row sub, grp, as;
	struct fee_list l = { NULL, 0, 0 };
	struct svc_buf key = SVC_BUF_INIT, voided = SVC_BUF_INIT;
	struct svc_buf src = SVC_BUF_INIT;
	struct svc_field *endf;
	int64_t fs, fe, pp, pd, amount, nd, na;
	char d1[16], d2[16];
	int rc, i, prorate, reduction, arrears;

	svc_row_init(&sub, &svc_subscription_table);
	svc_row_init(&grp, &svc_subscription_group_table);
	svc_row_init(&as, &svc_subscription_table);
	if ((rc = load_sub(txn, subscription, &sub, &grp, err)) ||
	    (rc = fees_list(txn, subscription, &l, err)))
		goto out;
	if (last < sub.f[SUBSCRIPTION_start_date].i - 1) {
		rc = svc_err_set(err, SVC_EDATA, "the last day is before the "
		    "subscription's start");
		goto out;
	}
	endf = &sub.f[SUBSCRIPTION_end_date];
	if (!endf->null && last > endf->i) {
		svc_date_format(endf->i, d1);
		rc = svc_err_set(err, SVC_EDATA, "subscription '%s' ends on %s "
		    "already: a cancellation cannot extend it", subscription, d1);
		goto out;
	}
	svc_row_set_int(&sub, SUBSCRIPTION_end_date, last);
	svc_row_set_int(&sub, SUBSCRIPTION_cancelled_at, who->now);
	if ((rc = svc_table_put(txn, &svc_subscription_table, &sub, SVC_PUT_UPDATE,
	    NULL, err)))
		goto out;
	prorate = svc_field_is(&grp.f[SUBSCRIPTION_GROUP_proration], "days");
	arrears = svc_field_is(&grp.f[SUBSCRIPTION_GROUP_billing], "arrears");
	if ((rc = svc_bill_voided_invoices(txn, &voided, err)))
		goto out;
	for (i = 0; i < l.n && !rc; i++) {
		struct svc_row *f = &l.rows[i];
		int64_t standing;

		if (svc_field_is(&f->f[FEE_kind], "credit"))
			continue;
		/* a fee its voided invoice took back is gone for good, and
		 * the reductions of its period with it */
		reduction = svc_field_is(&f->f[FEE_kind], "reduction");
		fs = f->f[FEE_period_start].i;
		if (is_voided(&voided, &f->f[FEE_invoice_id]) ||
		    (reduction && taken_back(&l, &voided, fs)))
			continue;
		fe = f->f[FEE_period_end].i;
		if (fe <= last)
			continue;
		pp = f->f[FEE_period_price].i;
		pd = f->f[FEE_period_days].i;
		amount = f->f[FEE_amount].i;
		nd = fs > last ? 0 : last - fs + 1;
		/* what it would have been had it ended on the last day */
		if (nd == 0)
			na = 0;
		else if (reduction || prorate) {
			if (svc_money_muldiv(reduction ? -pp : pp, nd, pd,
			    &na)) {
				rc = svc_err_set(err, SVC_EDATA, "subscription "
				    "'%s': a credit is more than an amount can "
				    "be", subscription);
				break;
			}
		} else
			na = pp;
		/* the credits that stand against it */
		if (credit_prefix(&src, subscription, f) < 0) {
			rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
			break;
		}
		standing = credited(&l, src.p, &voided);
		/* each term is at most SVC_MONEY_MAX + 1: no overflow */
		if (!svc_money_fits(na - amount - standing) ||
		    !svc_money_fits(na - standing)) {
			rc = svc_err_set(err, SVC_EDATA, "subscription '%s': "
			    "a credit is more than an amount can be",
			    subscription);
			break;
		}
		if (!f->f[FEE_invoice_id].null) {
			if (na == amount + standing)
				continue;
			svc_date_format(last, d2);
			if (svc_buf_printf(&src, "%s", d2) < 0) {
				rc = svc_err_set(err, SVC_ESYSTEM,
				    "out of memory");
				break;
			}
			{
				int64_t cs = fs > last ? fs : last + 1;
				struct fee_spec s = { "credit", cs, fe,
					fe - cs + 1, pd, pp,
					na - amount - standing,
					f->f[FEE_due_date].i, src.p };

				/* for whom the fee was, in its currency */
				sub_as_fee(f, &as);
				rc = put_fee_one(txn, &as, &s, who, fn, arg,
				    err);
			}
			continue;
		}
		/* not invoiced (or billable again): cut it, so that with the
		 * credits that stand it comes to what it would have been */
		svc_buf_reset(&key);
		if (svc_table_key_text(ft, f, &key)) {
			rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
			break;
		}
		if ((rc = svc_bill_ever_invoiced(txn, key.p, &found, err)))
			break;
		if (nd == 0 && standing == 0 && !found) {
			/* never on an invoice: nothing names it */
			svc_buf_reset(&key);
			if (svc_table_key(ft, f, &key))
				rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
			else
				rc = svc_table_delete(txn, ft, key.p, key.len, err);
			continue;
		}
		if (nd > 0)
			svc_row_set_int(f, FEE_period_end, last);
		svc_row_set_int(f, FEE_days, nd);
		svc_row_set_int(f, FEE_amount, na - standing);
		if (arrears && f->f[FEE_due_date].i > last)
			svc_row_set_int(f, FEE_due_date, last);
		rc = svc_table_put(txn, ft, f, SVC_PUT_UPDATE, NULL, err);
	}
out:
	svc_buf_free(&src);
	svc_buf_free(&key);
	svc_buf_free(&voided);
	fee_list_free(&l);
	svc_row_free(&sub);
	svc_row_free(&grp);
	svc_row_free(&as);
	return rc;
}

/* --- accrual --- */

static int
keep_invoiced(void *arg, struct svc_row *row)
{
	return row->f[FEE_invoice_id].null ? 0 : keep_fee(arg, row);
}

static int
put_accrual(struct svc_txn *txn, struct svc_row *e, const char *source,
    const struct svc_actor *who, int (*fn)(void *, struct svc_row *),
    void *arg, struct svc_err *err)
{
	const struct svc_table *at = &svc_accrual_table;
	int rc;

	svc_row_set_text(e, ACCRUAL_source, source, strlen(source));
	svc_row_set_int(e, ACCRUAL_created_at, who->now);
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
	int rc, i;

	if ((rc = svc_filter_on(&svc_accrual_table, ACCRUAL_invoice_id, "=",
	    invoice, &flt, err)))
		return rc;
	rc = svc_table_scan(txn, &svc_accrual_table, &flt, 1, keep_fee, &l, err);
	svc_filter_free(&flt);
	if (rc == SVC_ESYSTEM)
		svc_err_set(err, rc, "out of memory");
	for (i = 0; i < l.n && !rc; i++) {
		struct svc_row *e = &l.rows[i];
		struct svc_field *f = &e->f[ACCRUAL_fee_id];
		char d[16];

		svc_date_format(e->f[ACCRUAL_period_start].i, d);
		svc_buf_reset(&src);
		if (svc_buf_printf(&src, "%.*s/%s/%s", (int)f->n, f->p,
		    credit_note, d) < 0) {
			rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
			break;
		}
		svc_row_set_null(e, ACCRUAL_id);
		svc_row_set_text(e, ACCRUAL_invoice_id, credit_note,
		    strlen(credit_note));
		svc_row_set_int(e, ACCRUAL_amount, -e->f[ACCRUAL_amount].i);
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
	struct svc_buf src = SVC_BUF_INIT;
	int rc, i, months;
	int64_t fs, fe, ps, pe, s, x, amount, total, sum, part;
	char d[16];

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
		struct svc_field *inv = &f->f[FEE_invoice_id];
		struct svc_field *sid = &f->f[FEE_subscription_id];
		struct svc_field *cust = &f->f[FEE_customer_id];
		struct svc_field *cat = &f->f[FEE_category_id];
		struct svc_field *cur = &f->f[FEE_currency];
		char *subid;

		/* revenue of a voided invoice is not spread any more */
		if (is_voided(&voided, inv))
			continue;
		if (!(subid = svc_row_text(f, FEE_subscription_id))) {
			rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
			break;
		}
		if ((rc = load_sub(txn, subid, &sub, &grp, err)) ||
		    (rc = group_months(&grp, SUBSCRIPTION_GROUP_accrual,
		    &months, err)))
			break;
		svc_buf_reset(&key);
		if (svc_table_key_text(&svc_fee_table, f, &key)) {
			rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
			break;
		}
		fs = f->f[FEE_period_start].i;
		fe = f->f[FEE_period_end].i;
		amount = f->f[FEE_amount].i;
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
			svc_buf_reset(&src);
			if (svc_buf_printf(&src, "%s/%.*s/%s", key.p,
			    (int)inv->n, inv->p, d) < 0) {
				rc = svc_err_set(err, SVC_ESYSTEM,
				    "out of memory");
				break;
			}
			if ((rc = svc_table_has_value(txn, &svc_accrual_table,
			    ACCRUAL_source, src.p, &found, err)))
				break;
			if (found)
				continue;
			svc_row_clear(&e);
			svc_row_set_text(&e, ACCRUAL_fee_id, key.p, key.len);
			svc_row_set_text(&e, ACCRUAL_subscription_id, sid->p,
			    sid->n);
			svc_row_set_text(&e, ACCRUAL_customer_id, cust->p,
			    cust->n);
			svc_row_set_text(&e, ACCRUAL_invoice_id, inv->p,
			    inv->n);
			svc_row_set_text(&e, ACCRUAL_category_id, cat->p,
			    cat->n);
			svc_row_set_int(&e, ACCRUAL_period_start, s);
			svc_row_set_int(&e, ACCRUAL_period_end, x);
			svc_row_set_int(&e, ACCRUAL_amount, part);
			svc_row_set_text(&e, ACCRUAL_currency, cur->p, cur->n);
			rc = put_accrual(txn, &e, src.p, who, fn, arg, err);
		}
	}
out:
	svc_buf_free(&src);
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
	int rc, found;

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
	if (svc_table_key_text(&svc_fee_table, row, &key) ||
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
	if ((rc = svc_table_load(e->txn, &svc_category_table, f->p, f->n, &cat,
	    &found, e->err)))
		goto out;
	if (found && !cat.f[CATEGORY_tax_code].null)
		b.tax_code = svc_row_text(&cat, CATEGORY_tax_code);
	else {
		f = &row->f[FEE_customer_id];
		if ((rc = svc_table_load(e->txn, &svc_customer_table, f->p,
		    f->n, &cust, &found, e->err)))
			goto out;
		if (found)
			b.tax_code = svc_row_text(&cust, CUSTOMER_tax_code);
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
	char d[16];
	int rc;

	svc_date_format(through, d);
	if ((rc = svc_filter_on(&svc_fee_table, FEE_due_date, "<=", d, &f, err)))
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

/* What fee_voided asks of a credit on the voided invoice. */
struct owed {
	struct svc_txn *txn;
	struct svc_buf voided;	/* svc_bill_voided_invoices */
	struct svc_err *err;
};

/* 1 when row is a credit whose fee stands, 0 when it is not a credit or
 * its fee was taken back whole (its invoice voided without --rebill:
 * no credit is owed for it), else a status. */
static int
credit_owed(void *arg, const struct svc_row *row)
{
	struct owed *o = arg;
	const struct svc_field *src = &row->f[FEE_source];
	struct fee_list l = { NULL, 0, 0 };
	struct svc_buf pre = SVC_BUF_INIT;
	char *sub;
	int rc, i, owed = 1;

	if (!svc_field_is(&row->f[FEE_kind], "credit"))
		return 0;
	if (!(sub = strndup(row->f[FEE_subscription_id].p,
	    row->f[FEE_subscription_id].n)))
		return svc_err_set(o->err, SVC_ESYSTEM, "out of memory");
	rc = fees_list(o->txn, sub, &l, o->err);
	for (i = 0; !rc && owed && i < l.n; i++) {
		struct svc_row *f = &l.rows[i];

		if (svc_field_is(&f->f[FEE_kind], "credit") ||
		    !is_voided(&o->voided, &f->f[FEE_invoice_id]))
			continue;
		if (credit_prefix(&pre, sub, f) < 0)
			rc = svc_err_set(o->err, SVC_ESYSTEM, "out of memory");
		else if (has_prefix(src, pre.p))
			owed = 0;
	}
	free(sub);
	svc_buf_free(&pre);
	fee_list_free(&l);
	return rc ? rc : owed;
}

/* The subscriptions whose fees an invoice billed, a line each. */
struct billed_subs {
	struct svc_txn *txn;
	struct svc_strset seen;
	struct svc_buf subs;
	struct svc_err *err;
};

static int
note_billed_sub(void *arg, struct svc_row *line)
{
	struct billed_subs *b = arg;
	const struct svc_field *src = &line->f[INVOICE_LINE_source_id];
	struct svc_row fee;
	char *sub = NULL;
	int rc, found;

	if (!svc_field_is(&line->f[INVOICE_LINE_source_kind], "fee"))
		return 0;
	svc_row_init(&fee, &svc_fee_table);
	if (!(rc = svc_table_load(b->txn, &svc_fee_table, src->p, src->n,
	    &fee, &found, b->err)) && found) {
		if (!(sub = svc_row_text(&fee, FEE_subscription_id)) ||
		    (!svc_strset_has(&b->seen, sub) &&
		    (svc_strset_add(&b->seen, sub) < 0 ||
		    svc_buf_adds(&b->subs, sub) < 0 ||
		    svc_buf_addc(&b->subs, '\n') < 0)))
			rc = svc_err_set(b->err, SVC_ESYSTEM, "out of memory");
	}
	svc_row_free(&fee);
	return rc;
}

/* The rows that stand for fee f (among the first n of l, none on a
 * voided invoice; those still to be billed too): the credits made for
 * it, and for a fee the reductions of its period with their credits (a
 * reduction taken back whole is taken back on its own).  *in[i] is set
 * for each. */
static int
standing_for(const struct fee_list *l, int n, const struct svc_row *f,
    const char *subscription, const struct svc_buf *voided, char *in,
    struct svc_err *err)
{
	struct svc_buf pre = SVC_BUF_INIT, rpre = SVC_BUF_INIT;
	int fee = svc_field_is(&f->f[FEE_kind], "fee"), i, j;

	memset(in, 0, (size_t)n);
	if (credit_prefix(&pre, subscription, f) < 0)
		goto oom;
	for (i = 0; i < n; i++) {
		const struct svc_row *r = &l->rows[i];

		if (credit_for(r, pre.p, voided))
			in[i] = 1;
		else if (fee && svc_field_is(&r->f[FEE_kind], "reduction") &&
		    !is_voided(voided, &r->f[FEE_invoice_id]) &&
		    r->f[FEE_period_start].i >= f->f[FEE_period_start].i &&
		    r->f[FEE_period_start].i <= f->f[FEE_period_end].i) {
			in[i] = 1;
			if (credit_prefix(&rpre, subscription, r) < 0)
				goto oom;
			for (j = 0; j < n; j++)
				if (credit_for(&l->rows[j], rpre.p, voided))
					in[j] = 1;
		}
	}
	svc_buf_free(&pre);
	svc_buf_free(&rpre);
	return 0;
oom:
	svc_buf_free(&pre);
	svc_buf_free(&rpre);
	return svc_err_set(err, SVC_ESYSTEM, "out of memory");
}

/* The line a taking back of fee f's rows mirrors (its source is f's
 * credit prefix, "void/", the credit note, "/" and the line), else -1. */
static int64_t
mirrored_line(const struct svc_row *r, const char *prefix)
{
	const struct svc_field *s = &r->f[FEE_source];
	size_t n = strlen(prefix), k;
	int64_t line = 0;

	if (!has_prefix(s, prefix) || s->n < n + 5 ||
	    memcmp(s->p + n, "void/", 5) != 0)
		return -1;
	for (k = s->n; k > n && s->p[k - 1] != '/'; k--)
		;
	if (k == s->n || k <= n + 5)
		return -1;
	for (; k < s->n; k++) {
		if (s->p[k] < '0' || s->p[k] > '9' || line > INT64_MAX / 10)
			return -1;
		line = line * 10 + (s->p[k] - '0');
	}
	return line;
}

/* A fee taken back whole (its invoice voided, not billed again) is owed
 * no credit: each row that stands for it (standing_for) is taken back by
 * a credit of the opposite amount, for the same days, due when the row
 * is, made for the customer, category and currency of the row (source:
 * the fee's credit prefix, "void/", the credit note, "/", the row's
 * line), unless a taking back that stands pairs with it already.  Row
 * by row, so that each line's tax is undone to the cent. */
static int
take_back_credits(struct svc_txn *txn, const char *subscription,
    const char *credit_note, const struct svc_buf *voided,
    const struct svc_actor *who, struct svc_err *err)
{
	struct fee_list l = { NULL, 0, 0 };
	struct svc_row as;
	struct svc_buf pre = SVC_BUF_INIT, src = SVC_BUF_INIT;
	char *in = NULL, *paired = NULL;
	int rc, i, j, k, n;

	svc_row_init(&as, &svc_subscription_table);
	if ((rc = fees_list(txn, subscription, &l, err)))
		goto out;
	n = l.n;	/* the takings back made here take back nothing */
	if (n && (!(in = malloc((size_t)n)) || !(paired = malloc((size_t)n)))) {
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	for (i = 0; i < n && !rc; i++) {
		const struct svc_row *f = &l.rows[i];

		if (svc_field_is(&f->f[FEE_kind], "credit") ||
		    !is_voided(voided, &f->f[FEE_invoice_id]))
			continue;
		if ((rc = standing_for(&l, n, f, subscription, voided, in,
		    err)))
			break;
		if (credit_prefix(&pre, subscription, f) < 0) {
			rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
			break;
		}
		/* a taking back and the row it mirrors, both standing, are
		 * a pair that comes to nothing */
		memset(paired, 0, (size_t)n);
		for (j = 0; j < n; j++) {
			int64_t line = in[j] && !paired[j] ?
			    mirrored_line(&l.rows[j], pre.p) : -1;

			for (k = 0; line >= 0 && k < n; k++)
				if (in[k] && !paired[k] && k != j &&
				    l.rows[k].f[FEE_line].i == line) {
					paired[j] = paired[k] = 1;
					break;
				}
		}
		for (j = 0; j < n && !rc; j++) {
			const struct svc_row *r = &l.rows[j];
			char num[24];

			if (!in[j] || paired[j])
				continue;
			svc_fixed_format(r->f[FEE_line].i, 0, num);
			svc_buf_reset(&src);
			if (svc_buf_adds(&src, pre.p) < 0 ||
			    svc_buf_adds(&src, "void/") < 0 ||
			    svc_buf_adds(&src, credit_note) < 0 ||
			    svc_buf_addc(&src, '/') < 0 ||
			    svc_buf_adds(&src, num) < 0) {
				rc = svc_err_set(err, SVC_ESYSTEM,
				    "out of memory");
				break;
			}
			sub_as_fee(r, &as);
			{
				struct fee_spec s = { "credit",
					r->f[FEE_period_start].i,
					r->f[FEE_period_end].i,
					r->f[FEE_days].i,
					r->f[FEE_period_days].i,
					r->f[FEE_period_price].i,
					-r->f[FEE_amount].i,
					r->f[FEE_due_date].i, src.p };

				rc = put_fee_one(txn, &as, &s, who, NULL, NULL,
				    err);
			}
		}
	}
out:
	free(in);
	free(paired);
	svc_buf_free(&pre);
	svc_buf_free(&src);
	fee_list_free(&l);
	svc_row_free(&as);
	return rc;
}

/* invoice was voided (and its lines made billable again when rebilled):
 * its accruals are taken back, and its credits are billable again as a
 * return's are: a credit owed stays owed until an invoice that stands
 * has it.  A credit for a fee taken back whole is not owed, wherever it
 * stands: take_back_credits. */
static int
fee_voided(struct svc_txn *txn, const char *invoice, const char *credit_note,
    const struct svc_actor *who, struct svc_err *err)
{
	struct owed o = { txn, SVC_BUF_INIT, err };
	struct billed_subs b = { txn, { NULL, 0, 0 }, SVC_BUF_INIT, err };
	char *p, *save = NULL;
	int rc;

	if (!(rc = svc_subscription_unaccrue(txn, invoice, credit_note, who,
	    err)) && !(rc = svc_bill_voided_invoices(txn, &o.voided, err)))
		rc = svc_bill_unmark(txn, &svc_fee_table, FEE_invoice_id,
		    invoice, credit_owed, &o, err);
	if (!rc)
		rc = svc_table_children(txn, &svc_invoice_line_table, invoice,
		    note_billed_sub, &b, err);
	for (p = b.subs.p ? strtok_r(b.subs.p, "\n", &save) : NULL; p && !rc;
	    p = strtok_r(NULL, "\n", &save))
		rc = take_back_credits(txn, p, credit_note, &o.voided, who,
		    err);
	svc_strset_free(&b.seen);
	svc_buf_free(&b.subs);
	svc_buf_free(&o.voided);
	return rc;
}

const struct svc_bill_source svc_fee_bill_source = {
	"fee", fee_prepare, fee_each, fee_mark, fee_voided
};

/* --- the tables --- */

#define REQ SVC_COL_REQUIRED
#define IDX SVC_COL_INDEXED

static const char *const periods[] = {
	"month", "quarter", "half-year", "year", NULL
};

static const struct svc_column subscription_group_cols[] = {
	[SUBSCRIPTION_GROUP_id] = { "id", SVC_T_ID, REQ,
	  .doc = "subscription group id" },
	[SUBSCRIPTION_GROUP_description] = { "description", SVC_T_TEXT, 0,
	  .doc = "description" },
	[SUBSCRIPTION_GROUP_period] = { "period", SVC_T_ENUM, REQ,
	  .def = "month", .words = periods,
	  .doc = "invoice period: month, quarter, half-year or year" },
	[SUBSCRIPTION_GROUP_billing] = { "billing", SVC_T_ENUM, REQ,
	  .def = "advance",
	  .words = (const char *const[]){ "advance", "arrears", NULL },
	  .doc = "advance (billable when the period starts) or arrears (when "
	  "it ends)" },
	[SUBSCRIPTION_GROUP_proration] = { "proration", SVC_T_ENUM, REQ,
	  .def = "days",
	  .words = (const char *const[]){ "days", "none", NULL },
	  .doc = "days: partial periods by days; none: in full" },
	[SUBSCRIPTION_GROUP_accrual] = { "accrual", SVC_T_ENUM, 0,
	  .words = periods,
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
	[SUBSCRIPTION_description] = { "description", SVC_T_TEXT, 0,
	  .doc = "description" },
	[SUBSCRIPTION_customer_id] = { "customer_id", SVC_T_REF, REQ,
	  .ref = "customer", .doc = "customer" },
	[SUBSCRIPTION_group_id] = { "group_id", SVC_T_REF, REQ,
	  .ref = "subscription-group",
	  .doc = "subscription group: period, billing, proration" },
	[SUBSCRIPTION_category_id] = { "category_id", SVC_T_REF, REQ,
	  .ref = "category",
	  .doc = "fee category (a category of type fee)" },
	[SUBSCRIPTION_currency] = { "currency", SVC_T_CURRENCY, REQ,
	  .def_from = "customer_id.currency",
	  .doc = "currency (default: the customer's)" },
	[SUBSCRIPTION_base_price] = { "base_price", SVC_T_MONEY, REQ,
	  .currency = "currency",
	  .doc = "price of one invoice period before the index" },
	[SUBSCRIPTION_index] = { "index", SVC_T_DECIMAL, REQ, .def = "100",
	  .scale = 4,
	  .doc = "index in percent: the price is base_price x index / 100" },
	[SUBSCRIPTION_start_date] = { "start_date", SVC_T_DATE, REQ,
	  .doc = "first day" },
	[SUBSCRIPTION_end_date] = { "end_date", SVC_T_DATE, 0,
	  .doc = "last day (empty: open ended)" },
	[SUBSCRIPTION_active] = { "active", SVC_T_BOOL, REQ, .def = "true",
	  .doc = "fees are made only for active subscriptions" },
	[SUBSCRIPTION_cancelled_at] = { "cancelled_at", SVC_T_DATETIME, 0,
	  .doc = "when it was cancelled" },
};
SVC_COLUMNS_MATCH(subscription_cols, SUBSCRIPTION_NCOLS);
const struct svc_table svc_subscription_table = {
	"subscription", "a service subscription", SVC_COLS(subscription_cols), 1,
	"SUB-%06d", subscription_validate, NULL
};

static const struct svc_column subscription_price_cols[] = {
	[SUBSCRIPTION_PRICE_id] = { "id", SVC_T_ID, REQ, .doc = "price id" },
	[SUBSCRIPTION_PRICE_valid_from] = { "valid_from", SVC_T_DATE, REQ,
	  .doc = "first day it applies" },
	[SUBSCRIPTION_PRICE_subscription_id] = { "subscription_id", SVC_T_REF,
	  0, .ref = "subscription",
	  .doc = "for this subscription only" },
	[SUBSCRIPTION_PRICE_customer_id] = { "customer_id", SVC_T_REF, 0,
	  .ref = "customer",
	  .doc = "for this customer only" },
	[SUBSCRIPTION_PRICE_category_id] = { "category_id", SVC_T_REF, 0,
	  .ref = "category",
	  .doc = "for this fee category only" },
	[SUBSCRIPTION_PRICE_period] = { "period", SVC_T_ENUM, REQ,
	  .def = "month", .words = periods,
	  .doc = "the period the price is for" },
	[SUBSCRIPTION_PRICE_currency] = { "currency", SVC_T_CURRENCY, REQ,
	  .def_param = "currency",
	  .doc = "currency" },
	[SUBSCRIPTION_PRICE_price] = { "price", SVC_T_MONEY, REQ,
	  .currency = "currency",
	  .doc = "price of one period" },
};
SVC_COLUMNS_MATCH(subscription_price_cols, SUBSCRIPTION_PRICE_NCOLS);
const struct svc_table svc_subscription_price_table = {
	"subscription-price", "a price of subscriptions",
	SVC_COLS(subscription_price_cols), 1, "SP-%06d", NULL, NULL
};

static const struct svc_column fee_cols[] = {
	[FEE_subscription_id] = { "subscription_id", SVC_T_REF, REQ,
	  .ref = "subscription",
	  .doc = "subscription" },
	[FEE_line] = { "line", SVC_T_INT, REQ,
	  .doc = "fee number within the subscription" },
	[FEE_kind] = { "kind", SVC_T_ENUM, REQ, .def = "fee",
	  .words = (const char *const[]){ "fee", "reduction", "credit", NULL },
	  .doc = "fee, reduction (days taken out) or credit (a cancellation "
	  "after invoicing)" },
	[FEE_customer_id] = { "customer_id", SVC_T_REF, REQ, .ref = "customer",
	  .doc = "customer" },
	[FEE_category_id] = { "category_id", SVC_T_REF, REQ, .ref = "category",
	  .doc = "fee category" },
	[FEE_period_start] = { "period_start", SVC_T_DATE, REQ,
	  .doc = "first day it is for" },
	[FEE_period_end] = { "period_end", SVC_T_DATE, REQ,
	  .doc = "last day it is for" },
	[FEE_days] = { "days", SVC_T_INT, REQ, .doc = "days it is for" },
	[FEE_period_days] = { "period_days", SVC_T_INT, REQ,
	  .doc = "days of the whole invoice period" },
	[FEE_period_price] = { "period_price", SVC_T_MONEY, REQ,
	  .currency = "currency",
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
	[FEE_created_at] = { "created_at", SVC_T_DATETIME, 0,
	  .doc = "when it was made" },
};
SVC_COLUMNS_MATCH(fee_cols, FEE_NCOLS);
const struct svc_table svc_fee_table = {
	"fee", "a fee of a subscription", SVC_COLS(fee_cols), 2, NULL, NULL, NULL
};

static const struct svc_column accrual_cols[] = {
	[ACCRUAL_id] = { "id", SVC_T_ID, REQ, .doc = "accrual entry id" },
	[ACCRUAL_fee_id] = { "fee_id", SVC_T_TEXT, REQ | IDX,
	  .doc = "the fee (SUBSCRIPTION/N)" },
	[ACCRUAL_subscription_id] = { "subscription_id", SVC_T_REF, REQ,
	  .ref = "subscription",
	  .doc = "subscription" },
	[ACCRUAL_customer_id] = { "customer_id", SVC_T_REF, REQ,
	  .ref = "customer", .doc = "customer" },
	[ACCRUAL_invoice_id] = { "invoice_id", SVC_T_REF, REQ, .ref = "invoice",
	  .doc = "the invoice that billed the fee" },
	[ACCRUAL_category_id] = { "category_id", SVC_T_REF, REQ,
	  .ref = "category",
	  .doc = "fee category" },
	[ACCRUAL_period_start] = { "period_start", SVC_T_DATE, REQ | IDX,
	  .doc = "first day of the accrual period" },
	[ACCRUAL_period_end] = { "period_end", SVC_T_DATE, REQ,
	  .doc = "last day" },
	[ACCRUAL_amount] = { "amount", SVC_T_MONEY, REQ, .currency = "currency",
	  .doc = "revenue of the period" },
	[ACCRUAL_currency] = { "currency", SVC_T_CURRENCY, REQ,
	  .doc = "currency" },
	[ACCRUAL_source] = { "source", SVC_T_TEXT, REQ | IDX,
	  .doc = "FEE/INVOICE/FIRST-DAY: made once" },
	[ACCRUAL_created_at] = { "created_at", SVC_T_DATETIME, REQ,
	  .doc = "when it was made" },
};
SVC_COLUMNS_MATCH(accrual_cols, ACCRUAL_NCOLS);
const struct svc_table svc_accrual_table = {
	"accrual", "a revenue accrual entry", SVC_COLS(accrual_cols), 1,
	"ACR-%08d", NULL, NULL
};
