/* bill.c - the bill run: billable items from every source, invoices per customer and currency, credit notes */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bill.h"
#include "date.h"
#include "money.h"
#include "subscription.h"

#define T(name) svc_table_find(name)
#define F(row, col) svc_row_field(row, col)

static void
copy(char *dst, size_t size, const struct svc_field *f)
{
	snprintf(dst, size, "%.*s", f->null ? 0 : (int)f->n,
	    f->null ? "" : f->p);
}

/* Scans table where col <= through (an indexed date column). */
static int
scan_through(struct svc_txn *txn, const char *table, const char *col,
    int64_t through, int (*fn)(void *, struct svc_row *), void *arg,
    struct svc_err *err)
{
	struct svc_filter f;
	char expr[64], d[16];
	int rc;

	svc_date_format(through, d);
	snprintf(expr, sizeof expr, "%s<=%s", col, d);
	if ((rc = svc_filter_parse(T(table), expr, &f, err)))
		return rc;
	rc = svc_table_scan(txn, T(table), &f, 1, fn, arg, err);
	svc_filter_free(&f);
	return rc;
}

struct each {
	struct svc_txn *txn;
	int (*fn)(void *, const struct svc_billable *);
	void *arg;
	struct svc_err *err;
};

/* Sets a source record's invoice_id (or clears it). */
static int
mark(struct svc_txn *txn, const char *table, const char *key,
    const char *invoice, struct svc_err *err)
{
	struct svc_row row;
	int rc;

	svc_row_init(&row, T(table));
	if (!(rc = svc_table_must_load(txn, T(table), key, &row, err))) {
		if (invoice)
			svc_row_set_text(&row, "invoice_id", invoice,
			    strlen(invoice));
		else
			svc_row_set_null(&row, "invoice_id");
		rc = svc_table_put(txn, T(table), &row, SVC_PUT_UPDATE, NULL, err);
	}
	svc_row_free(&row);
	return rc;
}

/* --- source: the journal of posted order lines --- */

static int
journal_row(void *arg, struct svc_row *row)
{
	struct each *e = arg;
	struct svc_billable b;
	struct svc_row line;
	struct svc_field *f;
	char key[160];
	int rc;

	if (!F(row, "invoice_id")->null)
		return 0;
	memset(&b, 0, sizeof b);
	b.kind = "journal";
	copy(b.source, sizeof b.source, &row->f[0]);
	copy(b.customer, sizeof b.customer, F(row, "customer_id"));
	copy(b.currency, sizeof b.currency, F(row, "currency"));
	copy(b.category, sizeof b.category, F(row, "category_id"));
	copy(b.tax_code, sizeof b.tax_code, F(row, "tax_code"));
	b.date = F(row, "date")->i;
	b.quantity = F(row, "quantity")->i;
	b.net = F(row, "sales_amount")->i;
	b.period_start = b.period_end = SVC_BILL_NONE;
	/* the description: the order line's, else its category or item */
	f = F(row, "order_id");
	snprintf(key, sizeof key, "%.*s/%lld", (int)f->n, f->p,
	    (long long)F(row, "line")->i);
	svc_row_init(&line, T("order-line"));
	rc = svc_table_load(e->txn, T("order-line"), key, strlen(key), &line,
	    e->err);
	if (rc < 0) {
		svc_row_free(&line);
		return -rc;
	}
	f = rc > 0 ? F(&line, "description") : NULL;
	if (!f || f->null)
		f = !F(row, "item_id")->null ? F(row, "item_id") :
		    F(row, "category_id");
	snprintf(b.description, sizeof b.description, "%s: %.*s", key,
	    f->null ? 0 : (int)f->n, f->null ? "" : f->p);
	svc_row_free(&line);
	return e->fn(e->arg, &b);
}

static int
journal_each(struct svc_txn *txn, int64_t through,
    int (*fn)(void *, const struct svc_billable *), void *arg,
    struct svc_err *err)
{
	struct each e = { txn, fn, arg, err };

	return scan_through(txn, "journal", "date", through, journal_row, &e,
	    err);
}

static int
journal_mark(struct svc_txn *txn, const char *source, const char *invoice,
    struct svc_err *err)
{
	return mark(txn, "journal", source, invoice, err);
}

/* --- source: subscription fees --- */

static int
fee_row(void *arg, struct svc_row *row)
{
	struct each *e = arg;
	struct svc_billable b;
	struct svc_row cat, cust;
	struct svc_buf key = SVC_BUF_INIT;
	struct svc_field *f;
	char d1[16], d2[16];
	int rc;

	if (!F(row, "invoice_id")->null)
		return 0;
	memset(&b, 0, sizeof b);
	b.kind = "fee";
	if (svc_table_key_text(T("fee"), row, &key) < 0)
		return SVC_ESYSTEM;
	snprintf(b.source, sizeof b.source, "%s", key.p);
	svc_buf_free(&key);
	copy(b.customer, sizeof b.customer, F(row, "customer_id"));
	copy(b.currency, sizeof b.currency, F(row, "currency"));
	copy(b.category, sizeof b.category, F(row, "category_id"));
	b.date = F(row, "due_date")->i;
	b.quantity = 10000;
	b.net = F(row, "amount")->i;
	b.period_start = F(row, "period_start")->i;
	b.period_end = F(row, "period_end")->i;
	svc_date_format(b.period_start, d1);
	svc_date_format(b.period_end, d2);
	f = F(row, "subscription_id");
	snprintf(b.description, sizeof b.description, "%.*s %.*s %s..%s",
	    (int)f->n, f->p, (int)F(row, "kind")->n, F(row, "kind")->p, d1, d2);
	/* the tax code: the category's, else the customer's */
	svc_row_init(&cat, T("category"));
	svc_row_init(&cust, T("customer"));
	f = F(row, "category_id");
	if ((rc = svc_table_load(e->txn, T("category"), f->p, f->n, &cat,
	    e->err)) > 0 && !F(&cat, "tax_code")->null)
		copy(b.tax_code, sizeof b.tax_code, F(&cat, "tax_code"));
	else if (rc >= 0) {
		f = F(row, "customer_id");
		if ((rc = svc_table_load(e->txn, T("customer"), f->p, f->n,
		    &cust, e->err)) > 0)
			copy(b.tax_code, sizeof b.tax_code, F(&cust, "tax_code"));
	}
	svc_row_free(&cat);
	svc_row_free(&cust);
	if (rc < 0)
		return -rc;
	return e->fn(e->arg, &b);
}

static int
fee_each(struct svc_txn *txn, int64_t through,
    int (*fn)(void *, const struct svc_billable *), void *arg,
    struct svc_err *err)
{
	struct each e = { txn, fn, arg, err };

	return scan_through(txn, "fee", "due_date", through, fee_row, &e, err);
}

static int
fee_mark(struct svc_txn *txn, const char *source, const char *invoice,
    struct svc_err *err)
{
	return mark(txn, "fee", source, invoice, err);
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

/* The sources, in the order their lines appear on an invoice. */
static const struct svc_bill_source sources[] = {
	{ "journal", NULL, journal_each, journal_mark },
	{ "fee", fee_prepare, fee_each, fee_mark },
};
#define NSOURCES ((int)(sizeof sources / sizeof sources[0]))

static const struct svc_bill_source *
source_of(const char *kind, size_t n)
{
	int i;

	for (i = 0; i < NSOURCES; i++)
		if (strlen(sources[i].kind) == n &&
		    memcmp(sources[i].kind, kind, n) == 0)
			return &sources[i];
	return NULL;
}

/* --- the run --- */

struct items {
	struct svc_billable *b;
	int n, cap;
	int (*want)(void *, const char *);
	void *want_arg;
	int order;		/* the current source's place */
	int *rank;
};

static int
collect(void *arg, const struct svc_billable *b)
{
	struct items *it = arg;
	struct svc_billable *nb;
	int *nr;

	if (it->want && !it->want(it->want_arg, b->customer))
		return 0;
	if (it->n == it->cap) {
		it->cap = it->cap ? it->cap * 2 : 64;
		if (!(nb = realloc(it->b, sizeof *nb * (size_t)it->cap)))
			return SVC_ESYSTEM;
		it->b = nb;
		if (!(nr = realloc(it->rank, sizeof *nr * (size_t)it->cap)))
			return SVC_ESYSTEM;
		it->rank = nr;
	}
	it->b[it->n] = *b;
	it->rank[it->n] = it->order;
	it->n++;
	return 0;
}

static struct items *sort_items;

static int
item_cmp(const void *pa, const void *pb)
{
	int a = *(const int *)pa, b = *(const int *)pb, c;
	const struct svc_billable *x = &sort_items->b[a], *y = &sort_items->b[b];

	if ((c = strcmp(x->customer, y->customer)))
		return c;
	if ((c = strcmp(x->currency, y->currency)))
		return c;
	if (sort_items->rank[a] != sort_items->rank[b])
		return sort_items->rank[a] - sort_items->rank[b];
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return strcmp(x->source, y->source);
}

/* The rate of a tax code in basis points; "" is 0. */
static int
tax_rate(struct svc_txn *txn, const char *code, int64_t *bp,
    struct svc_err *err)
{
	struct svc_row tc;
	int rc;

	*bp = 0;
	if (!*code)
		return 0;
	svc_row_init(&tc, T("tax-code"));
	rc = svc_table_load(txn, T("tax-code"), code, strlen(code), &tc, err);
	if (rc > 0)
		*bp = F(&tc, "rate_bp")->i;
	svc_row_free(&tc);
	if (rc < 0)
		return -rc;
	if (rc == 0)
		return svc_err_set(err, SVC_EDATA, "unknown tax code '%s' (svc "
		    "tax-code add --id %s --rate_bp N)", code, code);
	return 0;
}

void
svc_bill_free(struct svc_invoice_out *out)
{
	int i;

	if (out->invoice) {
		svc_row_free(out->invoice);
		free(out->invoice);
	}
	for (i = 0; i < out->nlines; i++)
		svc_row_free(&out->lines[i]);
	free(out->lines);
	memset(out, 0, sizeof *out);
}

static int
add_line_row(struct svc_invoice_out *out)
{
	struct svc_row *nl = realloc(out->lines, sizeof *nl *
	    (size_t)(out->nlines + 1));

	if (!nl)
		return -1;
	out->lines = nl;
	svc_row_init(&out->lines[out->nlines], T("invoice-line"));
	return out->nlines++;
}

/* A new invoice header (totals zero), its id drawn. */
static int
new_invoice(struct svc_txn *txn, const char *kind, const char *customer,
    const char *currency, int64_t date, int64_t through,
    const struct svc_actor *who, struct svc_invoice_out *out,
    struct svc_err *err)
{
	const struct svc_table *t = T("invoice");
	struct svc_row *inv;

	memset(out, 0, sizeof *out);
	if (!(inv = malloc(sizeof *inv)))
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	svc_row_init(inv, t);
	out->invoice = inv;
	svc_row_set_text(inv, "kind", kind, strlen(kind));
	svc_row_set_text(inv, "customer_id", customer, strlen(customer));
	svc_row_set_text(inv, "currency", currency, strlen(currency));
	svc_row_set_int(inv, "date", date);
	if (through != SVC_BILL_NONE)
		svc_row_set_int(inv, "through_date", through);
	svc_row_set_int(inv, "net", 0);
	svc_row_set_int(inv, "tax", 0);
	svc_row_set_int(inv, "total", 0);
	svc_row_set_int(inv, "created_at", who->now);
	svc_row_set_text(inv, "user", who->user, strlen(who->user));
	return svc_table_draw_id(txn, t, inv, err);
}

/* Puts the header with the totals of its lines, then the lines. */
static int
put_invoice(struct svc_txn *txn, struct svc_invoice_out *out,
    struct svc_err *err)
{
	int64_t net = 0, tax = 0;
	int i, rc;

	for (i = 0; i < out->nlines; i++) {
		net += F(&out->lines[i], "net")->i;
		tax += F(&out->lines[i], "tax")->i;
	}
	svc_row_set_int(out->invoice, "net", net);
	svc_row_set_int(out->invoice, "tax", tax);
	svc_row_set_int(out->invoice, "total", net + tax);
	if ((rc = svc_table_put(txn, T("invoice"), out->invoice, SVC_PUT_NEW,
	    NULL, err)))
		return rc;
	for (i = 0; i < out->nlines && !rc; i++)
		rc = svc_table_put(txn, T("invoice-line"), &out->lines[i],
		    SVC_PUT_NEW, NULL, err);
	return rc;
}

static int
bill_line(struct svc_txn *txn, struct svc_invoice_out *out,
    const struct svc_billable *b, struct svc_err *err)
{
	struct svc_row *l;
	struct svc_field *id = &out->invoice->f[0];
	int64_t bp, tax;
	int k, rc;

	if ((rc = tax_rate(txn, b->tax_code, &bp, err)))
		return rc;
	if (svc_muldiv(b->net, bp, 10000, &tax))
		return svc_err_set(err, SVC_EDATA, "tax out of range");
	if ((k = add_line_row(out)) < 0)
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	l = &out->lines[k];
	svc_row_set_text(l, "invoice_id", id->p, id->n);
	svc_row_set_int(l, "line", k + 1);
	svc_row_set_text(l, "source_kind", b->kind, strlen(b->kind));
	svc_row_set_text(l, "source_id", b->source, strlen(b->source));
	svc_row_set_text(l, "description", b->description,
	    strlen(b->description));
	if (*b->category)
		svc_row_set_text(l, "category_id", b->category,
		    strlen(b->category));
	svc_row_set_int(l, "quantity", b->quantity);
	svc_row_set_int(l, "net", b->net);
	if (*b->tax_code)
		svc_row_set_text(l, "tax_code", b->tax_code, strlen(b->tax_code));
	svc_row_set_int(l, "tax_rate_bp", bp);
	svc_row_set_int(l, "tax", tax);
	svc_row_set_int(l, "total", b->net + tax);
	svc_row_set_text(l, "currency", b->currency, strlen(b->currency));
	if (b->period_start != SVC_BILL_NONE) {
		svc_row_set_int(l, "period_start", b->period_start);
		svc_row_set_int(l, "period_end", b->period_end);
	}
	return 0;
}

int
svc_bill_run(struct svc_txn *txn, int64_t through, int64_t date,
    int (*want)(void *arg, const char *customer), void *want_arg,
    const struct svc_actor *who,
    int (*fn)(void *arg, const struct svc_invoice_out *inv), void *arg,
    struct svc_err *err)
{
	struct items it = { NULL, 0, 0, want, want_arg, 0, NULL };
	struct svc_invoice_out out = { NULL, NULL, 0 };
	int *idx = NULL, i, j, k, rc = 0;

	for (i = 0; i < NSOURCES && !rc; i++)
		if (sources[i].prepare)
			rc = sources[i].prepare(txn, through, want, want_arg, who,
			    err);
	for (i = 0; i < NSOURCES && !rc; i++) {
		it.order = i;
		rc = sources[i].each(txn, through, collect, &it, err);
		if (rc == SVC_ESYSTEM)
			svc_err_set(err, rc, "out of memory");
	}
	if (rc)
		goto out;
	if (!(idx = malloc(sizeof *idx * (size_t)(it.n + 1)))) {
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	for (i = 0; i < it.n; i++)
		idx[i] = i;
	sort_items = &it;
	qsort(idx, (size_t)it.n, sizeof *idx, item_cmp);
	for (i = 0; i < it.n && !rc; i = j) {
		const struct svc_billable *first = &it.b[idx[i]];

		for (j = i; j < it.n &&
		    strcmp(it.b[idx[j]].customer, first->customer) == 0 &&
		    strcmp(it.b[idx[j]].currency, first->currency) == 0; j++)
			;
		if ((rc = new_invoice(txn, "invoice", first->customer,
		    first->currency, date, through, who, &out, err)))
			break;
		for (k = i; k < j && !rc; k++)
			rc = bill_line(txn, &out, &it.b[idx[k]], err);
		if (!rc)
			rc = put_invoice(txn, &out, err);
		for (k = i; k < j && !rc; k++) {
			const struct svc_billable *b = &it.b[idx[k]];
			char inv[80];

			copy(inv, sizeof inv, &out.invoice->f[0]);
			rc = source_of(b->kind, strlen(b->kind))->mark(txn,
			    b->source, inv, err);
		}
		if (!rc && fn)
			rc = fn(arg, &out);
		svc_bill_free(&out);
	}
out:
	svc_bill_free(&out);
	free(idx);
	free(it.b);
	free(it.rank);
	return rc;
}

/* --- loading and voiding --- */

static int
keep_line(void *arg, struct svc_row *row)
{
	struct svc_invoice_out *out = arg;
	int k = add_line_row(out);

	if (k < 0 || svc_row_copy(&out->lines[k], row) < 0)
		return SVC_ESYSTEM;
	return 0;
}

int
svc_bill_load(struct svc_txn *txn, const char *invoice,
    struct svc_invoice_out *out, struct svc_err *err)
{
	int rc;

	memset(out, 0, sizeof *out);
	if (!(out->invoice = malloc(sizeof *out->invoice)))
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	svc_row_init(out->invoice, T("invoice"));
	if ((rc = svc_table_must_load(txn, T("invoice"), invoice, out->invoice,
	    err)))
		return rc;
	rc = svc_table_children(txn, T("invoice-line"), invoice, keep_line, out,
	    err);
	if (rc == SVC_ESYSTEM)
		svc_err_set(err, rc, "out of memory");
	return rc;
}

struct voided {
	char by[80];
};

static int
voided_row(void *arg, struct svc_row *row)
{
	copy(((struct voided *)arg)->by, 80, &row->f[0]);
	return 0;
}

int
svc_bill_void(struct svc_txn *txn, const char *invoice, const char *reason,
    int rebill, int64_t date, const struct svc_actor *who,
    int (*fn)(void *arg, const struct svc_invoice_out *inv), void *arg,
    struct svc_err *err)
{
	struct svc_invoice_out orig, out = { NULL, NULL, 0 };
	struct svc_filter f;
	struct voided v = { "" };
	char expr[128], cust[72], cur[8], src[160], kind[16];
	int rc, i, k;

	if ((rc = svc_bill_load(txn, invoice, &orig, err)))
		goto out;
	if (!svc_field_is(F(orig.invoice, "kind"), "invoice")) {
		rc = svc_err_set(err, SVC_EDATA, "'%s' is a credit note: only "
		    "invoices are voided", invoice);
		goto out;
	}
	snprintf(expr, sizeof expr, "voids_id=%s", invoice);
	if ((rc = svc_filter_parse(T("invoice"), expr, &f, err)))
		goto out;
	rc = svc_table_scan(txn, T("invoice"), &f, 1, voided_row, &v, err);
	svc_filter_free(&f);
	if (rc)
		goto out;
	if (v.by[0]) {
		rc = svc_err_set(err, SVC_EDATA, "invoice '%s' is voided already "
		    "(by %s)", invoice, v.by);
		goto out;
	}
	if (!reason || !*reason) {
		rc = svc_err_set(err, SVC_EDATA, "a reason is required (--reason "
		    "CODE, a void-reason code)");
		goto out;
	}
	copy(cust, sizeof cust, F(orig.invoice, "customer_id"));
	copy(cur, sizeof cur, F(orig.invoice, "currency"));
	if ((rc = new_invoice(txn, "credit-note", cust, cur, date,
	    SVC_BILL_NONE, who, &out, err)))
		goto out;
	svc_row_set_text(out.invoice, "voids_id", invoice, strlen(invoice));
	svc_row_set_text(out.invoice, "reason_id", reason, strlen(reason));
	for (i = 0; i < orig.nlines; i++) {
		struct svc_row *o = &orig.lines[i], *l;

		if ((k = add_line_row(&out)) < 0 ||
		    svc_row_copy(&out.lines[k], o) < 0) {
			rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
			goto out;
		}
		l = &out.lines[k];
		svc_row_set_text(l, "invoice_id", out.invoice->f[0].p,
		    out.invoice->f[0].n);
		svc_row_set_int(l, "quantity", -F(o, "quantity")->i);
		svc_row_set_int(l, "net", -F(o, "net")->i);
		svc_row_set_int(l, "tax", -F(o, "tax")->i);
		svc_row_set_int(l, "total", -F(o, "total")->i);
	}
	if ((rc = put_invoice(txn, &out, err))) {
		if (strstr(err->text, "reason_id"))
			svc_err_set(err, SVC_EDATA, "unknown void-reason code '%s'",
			    reason);
		goto out;
	}
	{
		char cn[80];

		copy(cn, sizeof cn, &out.invoice->f[0]);
		if ((rc = svc_subscription_unaccrue(txn, invoice, cn, who, err)))
			goto out;
	}
	for (i = 0; rebill && i < orig.nlines && !rc; i++) {
		copy(kind, sizeof kind, F(&orig.lines[i], "source_kind"));
		copy(src, sizeof src, F(&orig.lines[i], "source_id"));
		rc = source_of(kind, strlen(kind))->mark(txn, src, NULL, err);
	}
	if (!rc && fn)
		rc = fn(arg, &out);
out:
	svc_bill_free(&orig);
	svc_bill_free(&out);
	return rc;
}

/* --- svc check --- */

struct bill_check {
	struct svc_txn *txn;
	void (*report)(void *, const char *);
	void *arg;
	long problems;
	struct svc_err *err;
};

static int
check_invoice(void *arg, struct svc_row *row)
{
	struct bill_check *bc = arg;
	struct svc_invoice_out inv;
	char id[80], msg[200];
	int64_t net = 0, tax = 0;
	int i, rc;

	copy(id, sizeof id, &row->f[0]);
	if ((rc = svc_bill_load(bc->txn, id, &inv, bc->err))) {
		svc_bill_free(&inv);
		return rc;
	}
	for (i = 0; i < inv.nlines; i++) {
		net += F(&inv.lines[i], "net")->i;
		tax += F(&inv.lines[i], "tax")->i;
		if (F(&inv.lines[i], "total")->i != F(&inv.lines[i], "net")->i +
		    F(&inv.lines[i], "tax")->i) {
			snprintf(msg, sizeof msg, "invoice %s line %d: total is not "
			    "net plus tax", id, i + 1);
			bc->report(bc->arg, msg);
			bc->problems++;
		}
	}
	if (net != F(row, "net")->i || tax != F(row, "tax")->i ||
	    F(row, "total")->i != net + tax) {
		snprintf(msg, sizeof msg, "invoice %s: its totals are not the sums "
		    "of its lines", id);
		bc->report(bc->arg, msg);
		bc->problems++;
	}
	svc_bill_free(&inv);
	return 0;
}

long
svc_bill_check(struct svc_txn *txn, void (*report)(void *, const char *),
    void *arg, struct svc_err *err)
{
	struct bill_check bc = { txn, report, arg, 0, err };
	int rc = svc_table_scan(txn, T("invoice"), NULL, 0, check_invoice, &bc,
	    err);

	return rc ? -rc : bc.problems;
}
