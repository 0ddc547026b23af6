/* bill.c - the bill run: billable items from every source, invoices per customer and currency, credit notes */
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "bill.h"
#include "master.h"
#include "date.h"
#include "money.h"

int
svc_bill_mark(struct svc_txn *txn, const struct svc_table *t, int col,
    const char *key, const char *invoice, struct svc_err *err)
{
	struct svc_row row;
	int rc;

	svc_row_init(&row, t);
	rc = svc_table_set_column(txn, t, key, strlen(key), col, invoice,
	    invoice ? strlen(invoice) : 0, &row, err);
	svc_row_free(&row);
	return rc;
}

/* The keys of the records svc_bill_unmark takes (NUL after each). */
struct unmark {
	int (*pick)(void *arg, const struct svc_row *row);
	void *arg;
	struct svc_buf keys, key;
};

static int
note_unmark(void *arg, struct svc_row *row)
{
	struct unmark *u = arg;
	int rc;

	if (u->pick && (rc = u->pick(u->arg, row)) != 1)
		return rc;
	return svc_table_key_text(row->t, row, &u->key) ||
	    svc_buf_add(&u->keys, u->key.p, u->key.len) < 0 ||
	    svc_buf_addc(&u->keys, 0) < 0 ? SVC_ESYSTEM : 0;
}

int
svc_bill_unmark(struct svc_txn *txn, const struct svc_table *t, int col,
    const char *invoice, int (*pick)(void *arg, const struct svc_row *row),
    void *arg, struct svc_err *err)
{
	struct unmark u = { pick, arg, SVC_BUF_INIT, SVC_BUF_INIT };
	size_t at;
	int rc;

	rc = svc_table_scan_where(txn, t, col, "=", invoice, note_unmark, &u,
	    err);
	if (rc == SVC_ESYSTEM)
		svc_err_set(err, rc, "out of memory");
	for (at = 0; !rc && at < u.keys.len; at += strlen(u.keys.p + at) + 1)
		rc = svc_bill_mark(txn, t, col, u.keys.p + at, NULL, err);
	svc_buf_free(&u.keys);
	svc_buf_free(&u.key);
	return rc;
}

/* The source registered for kind (n bytes), or NULL; *place gets its
 * place among the sources (the order of their lines on an invoice). */
static const struct svc_bill_source *
source_of(struct svc_txn *txn, const char *kind, size_t n, int *place)
{
	const struct svc_bill_source *src;
	int pos = 0, i = 0;

	while ((src = svc_catalog_hook(svc_txn_catalog(txn), SVC_BILL_SOURCES,
	    &pos))) {
		if (strlen(src->kind) == n && memcmp(src->kind, kind, n) == 0) {
			if (place)
				*place = i;
			return src;
		}
		i++;
	}
	return NULL;
}

static int
voided_row(void *arg, struct svc_row *row)
{
	struct svc_buf *b = arg;
	struct svc_field *f = &row->f[INVOICE_voids_id];

	if (f->null)
		return 0;
	return svc_buf_printf(b, "%.*s\n", (int)f->n, f->p) < 0 ?
	    SVC_ESYSTEM : 0;
}

int
svc_bill_voided_invoices(struct svc_txn *txn, struct svc_buf *voided,
    struct svc_err *err)
{
	int rc;

	if (svc_buf_addc(voided, '\n') < 0)
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	rc = svc_table_scan(txn, &svc_invoice_table, NULL, 0, voided_row,
	    voided, err);
	if (rc == SVC_ESYSTEM)
		svc_err_set(err, rc, "out of memory");
	return rc;
}

int
svc_bill_ever_invoiced(struct svc_txn *txn, const char *source, int *yes,
    struct svc_err *err)
{
	return svc_table_has_value(txn, &svc_invoice_line_table,
	    INVOICE_LINE_source_id, source, yes, err);
}

/* --- the run --- */

struct items {
	struct svc_arena arena;	/* the texts of the items */
	struct svc_billable *b;
	int n, cap;
	int (*want)(void *, const char *);
	void *want_arg;
	int order;		/* the current source's place */
	int *rank;
	struct svc_billable last;	/* the texts kept last, to share */
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
	nb = &it->b[it->n];
	/* a text the item before had is shared (kinds, currencies,
	 * categories and tax codes are few) */
#define KEEP(x) if (it->last.x && b->x && strcmp(it->last.x, b->x) == 0) \
		nb->x = it->last.x; \
	else if (!(nb->x = it->last.x = svc_arena_strndup(&it->arena, \
	    b->x ? b->x : "", b->x ? strlen(b->x) : 0))) \
		return SVC_ESYSTEM
	KEEP(kind); KEEP(source); KEEP(customer); KEEP(currency);
	KEEP(category); KEEP(tax_code); KEEP(description);
#undef KEEP
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
	int rc, found;

	*bp = 0;
	if (!*code)
		return 0;
	svc_row_init(&tc, &svc_tax_code_table);
	rc = svc_table_load(txn, &svc_tax_code_table, code, strlen(code), &tc,
	    &found, err);
	if (!rc && found)
		*bp = tc.f[TAX_CODE_rate_bp].i;
	svc_row_free(&tc);
	if (rc)
		return rc;
	if (!found)
		return svc_err_set(err, SVC_EDATA, "unknown tax code '%s' (svc "
		    "tax-code add --id %s --rate-bp N)", code, code);
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
	for (i = 0; i < out->nlines || i < out->nrows; i++)
		svc_row_free(&out->lines[i]);
	free(out->lines);
	memset(out, 0, sizeof *out);
}

/* Frees the header of out and empties its lines, keeping their rows
 * (and the memory of their texts) for the next invoice of a run. */
static void
bill_reuse(struct svc_invoice_out *out)
{
	if (out->invoice) {
		svc_row_free(out->invoice);
		free(out->invoice);
		out->invoice = NULL;
	}
	if (out->nlines > out->nrows)
		out->nrows = out->nlines;
	out->nlines = 0;
}

/* Makes room in out for n lines in all. */
static int
reserve_lines(struct svc_invoice_out *out, int n)
{
	struct svc_row *nl;

	if (n <= out->caplines)
		return 0;
	if (!(nl = realloc(out->lines, sizeof *nl * (size_t)n)))
		return SVC_ESYSTEM;
	out->lines = nl;
	out->caplines = n;
	return 0;
}

/* A new, empty line at the end of out: *line (a row kept from an
 * invoice before is emptied).  The room doubles, so an invoice of n
 * lines costs O(n) copies, not O(n^2). */
static int
add_line_row(struct svc_invoice_out *out, struct svc_row **line)
{
	if (out->nlines == out->caplines && (out->caplines > INT_MAX / 2 ||
	    reserve_lines(out, out->caplines ? 2 * out->caplines : 16)))
		return SVC_ESYSTEM;
	*line = &out->lines[out->nlines++];
	if (out->nlines <= out->nrows)
		svc_row_clear(*line);
	else
		svc_row_init(*line, &svc_invoice_line_table);
	return 0;
}

/* A new invoice header (totals zero), its id drawn. */
static int
new_invoice(struct svc_txn *txn, const char *kind, const char *customer,
    const char *currency, int64_t date, int64_t through,
    const struct svc_actor *who, struct svc_invoice_out *out,
    struct svc_err *err)
{
	const struct svc_table *t = &svc_invoice_table;
	struct svc_row *inv;

	/* the lines' room and rows stay (bill_reuse) */
	out->invoice = NULL;
	out->nlines = 0;
	if (!(inv = malloc(sizeof *inv))) {
		svc_err_set(err, SVC_ESYSTEM, "out of memory");
		return SVC_ESYSTEM;
	}
	svc_row_init(inv, t);
	out->invoice = inv;
	svc_row_set_text(inv, INVOICE_kind, kind, strlen(kind));
	svc_row_set_text(inv, INVOICE_customer_id, customer, strlen(customer));
	svc_row_set_text(inv, INVOICE_currency, currency, strlen(currency));
	svc_row_set_int(inv, INVOICE_date, date);
	if (through != SVC_BILL_NONE)
		svc_row_set_int(inv, INVOICE_through_date, through);
	svc_row_set_int(inv, INVOICE_net, 0);
	svc_row_set_int(inv, INVOICE_tax, 0);
	svc_row_set_int(inv, INVOICE_total, 0);
	svc_row_set_int(inv, INVOICE_created_at, who->now);
	svc_row_set_text(inv, INVOICE_user, who->user, strlen(who->user));
	return svc_table_draw_id(txn, t, inv, err);
}

/* Puts the header with the totals of its lines, then the lines. */
static int
put_invoice(struct svc_txn *txn, struct svc_invoice_out *out,
    struct svc_err *err)
{
	int64_t net = 0, tax = 0, total;
	int i, rc;

	for (i = 0; i < out->nlines; i++)
		if (svc_money_add(net, out->lines[i].f[INVOICE_LINE_net].i,
		    &net) ||
		    svc_money_add(tax, out->lines[i].f[INVOICE_LINE_tax].i,
		    &tax))
			break;
	if (i < out->nlines || svc_money_add(net, tax, &total)) {
		struct svc_field *c = &out->invoice->f[INVOICE_customer_id];

		return svc_err_set(err, SVC_EDATA, "the invoice of customer "
		    "'%.*s' would total more than an amount can be (%lld in "
		    "minor units): bill its items in smaller runs",
		    (int)c->n, c->p, (long long)SVC_MONEY_MAX);
	}
	svc_row_set_int(out->invoice, INVOICE_net, net);
	svc_row_set_int(out->invoice, INVOICE_tax, tax);
	svc_row_set_int(out->invoice, INVOICE_total, total);
	if ((rc = svc_table_put(txn, &svc_invoice_table, out->invoice, SVC_PUT_NEW,
	    NULL, err)))
		return rc;
	for (i = 0; i < out->nlines && !rc; i++)
		rc = svc_table_put(txn, &svc_invoice_line_table, &out->lines[i],
		    SVC_PUT_NEW, NULL, err);
	return rc;
}

/* The rates of the tax codes a run has met (their codes are the items'
 * texts, which last as long as the run): a run has few codes and many
 * lines. */
struct rates {
	const char *code[16];
	int64_t bp[16];
	int n;
};

/* tax_rate through the rates known. */
static int
run_tax_rate(struct svc_txn *txn, struct rates *r, const char *code,
    int64_t *bp, struct svc_err *err)
{
	int i, rc;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->code[i], code) == 0) {
			*bp = r->bp[i];
			return 0;
		}
	if ((rc = tax_rate(txn, code, bp, err)))
		return rc;
	if (r->n < (int)(sizeof r->code / sizeof r->code[0])) {
		r->code[r->n] = code;
		r->bp[r->n++] = *bp;
	}
	return 0;
}

static int
bill_line(struct svc_txn *txn, struct svc_invoice_out *out,
    const struct svc_billable *b, struct rates *rates, struct svc_err *err)
{
	struct svc_row *l;
	struct svc_field *id = &out->invoice->f[INVOICE_id];
	int64_t bp, tax, total;
	int rc;

	if ((rc = run_tax_rate(txn, rates, b->tax_code, &bp, err)))
		return rc;
	if (!svc_money_fits(b->net) ||
	    svc_money_muldiv(b->net, bp, 10000, &tax) ||
	    svc_money_add(b->net, tax, &total))
		return svc_err_set(err, SVC_EDATA, "%s %s: its amount with "
		    "tax is more than an amount can be (%lld in minor units)",
		    b->kind, b->source, (long long)SVC_MONEY_MAX);
	if (add_line_row(out, &l)) {
		svc_err_set(err, SVC_ESYSTEM, "out of memory");
		return SVC_ESYSTEM;
	}
	svc_row_set_text(l, INVOICE_LINE_invoice_id, id->p, id->n);
	svc_row_set_int(l, INVOICE_LINE_line, out->nlines);
	svc_row_set_text(l, INVOICE_LINE_source_kind, b->kind, strlen(b->kind));
	svc_row_set_text(l, INVOICE_LINE_source_id, b->source,
	    strlen(b->source));
	svc_row_set_text(l, INVOICE_LINE_description, b->description,
	    strlen(b->description));
	if (*b->category)
		svc_row_set_text(l, INVOICE_LINE_category_id, b->category,
		    strlen(b->category));
	svc_row_set_int(l, INVOICE_LINE_quantity, b->quantity);
	svc_row_set_int(l, INVOICE_LINE_net, b->net);
	if (*b->tax_code)
		svc_row_set_text(l, INVOICE_LINE_tax_code, b->tax_code,
		    strlen(b->tax_code));
	svc_row_set_int(l, INVOICE_LINE_tax_rate_bp, bp);
	svc_row_set_int(l, INVOICE_LINE_tax, tax);
	svc_row_set_int(l, INVOICE_LINE_total, total);
	svc_row_set_text(l, INVOICE_LINE_currency, b->currency,
	    strlen(b->currency));
	if (b->period_start != SVC_BILL_NONE) {
		svc_row_set_int(l, INVOICE_LINE_period_start, b->period_start);
		svc_row_set_int(l, INVOICE_LINE_period_end, b->period_end);
	}
	return 0;
}

/* The order of marking: by source, then by key (the sources' records
 * are read and written in the order they are stored, not scattered as
 * the invoices' customers scatter them). */
static int
mark_cmp(const void *pa, const void *pb)
{
	int a = *(const int *)pa, b = *(const int *)pb;

	if (sort_items->rank[a] != sort_items->rank[b])
		return sort_items->rank[a] - sort_items->rank[b];
	return strcmp(sort_items->b[a].source, sort_items->b[b].source);
}

/* Marks every item invoiced by the invoice that billed it (inv, by
 * item), each by its own source. */
static int
mark_items(struct svc_txn *txn, struct items *it, const char **inv,
    struct svc_err *err)
{
	const struct svc_bill_source *src = NULL;
	int *order, k, rc = 0;

	if (!(order = malloc(sizeof *order * (size_t)(it->n + 1))))
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	for (k = 0; k < it->n; k++)
		order[k] = k;
	sort_items = it;
	qsort(order, (size_t)it->n, sizeof *order, mark_cmp);
	for (k = 0; k < it->n && !rc; k++) {
		const struct svc_billable *b = &it->b[order[k]];

		if ((!src || strcmp(src->kind, b->kind) != 0) &&
		    !(src = source_of(txn, b->kind, strlen(b->kind), NULL))) {
			rc = svc_err_set(err, SVC_EINTERNAL, "no source of kind "
			    "'%s' to mark '%s' invoiced", b->kind, b->source);
			break;
		}
		rc = src->mark(txn, b->source, inv[order[k]], err);
	}
	free(order);
	return rc;
}

int
svc_bill_run(struct svc_txn *txn, int64_t through, int64_t date,
    int (*want)(void *arg, const char *customer), void *want_arg,
    const struct svc_actor *who,
    int (*fn)(void *arg, const struct svc_invoice_out *inv), void *arg,
    struct svc_err *err)
{
	const struct svc_catalog *cat = svc_txn_catalog(txn);
	const struct svc_bill_source *src;
	struct items it;
	struct svc_invoice_out out = { NULL, NULL, 0, 0, 0 };
	struct rates rates;
	const char **inv = NULL;	/* the invoice of each item */
	int *idx = NULL, i, j, k, pos, rc = 0;

	memset(&it, 0, sizeof it);
	rates.n = 0;
	it.want = want;
	it.want_arg = want_arg;
	pos = 0;
	while (!rc && (src = svc_catalog_hook(cat, SVC_BILL_SOURCES, &pos)))
		if (src->prepare)
			rc = src->prepare(txn, through, want, want_arg, who, err);
	pos = 0;
	for (i = 0; !rc && (src = svc_catalog_hook(cat, SVC_BILL_SOURCES,
	    &pos)); i++) {
		it.order = i;
		rc = src->each(txn, through, collect, &it, err);
		if (rc == SVC_ESYSTEM)
			svc_err_set(err, rc, "out of memory");
	}
	if (rc)
		goto out;
	if (!(idx = malloc(sizeof *idx * (size_t)(it.n + 1))) ||
	    !(inv = malloc(sizeof *inv * (size_t)(it.n + 1)))) {
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
		/* its lines are known: one array of their number */
		if (reserve_lines(&out, j - i)) {
			rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
			break;
		}
		for (k = i; k < j && !rc; k++)
			rc = bill_line(txn, &out, &it.b[idx[k]], &rates, err);
		if (!rc)
			rc = put_invoice(txn, &out, err);
		if (!rc) {
			struct svc_field *id = &out.invoice->f[INVOICE_id];
			const char *p = svc_arena_strndup(&it.arena, id->p,
			    id->n);

			if (!p)
				rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
			for (k = i; k < j && p; k++)
				inv[idx[k]] = p;
		}
		if (!rc && fn)
			rc = fn(arg, &out);
		bill_reuse(&out);
	}
	/* the sources are marked when every invoice is made */
	if (!rc)
		rc = mark_items(txn, &it, inv, err);
out:
	svc_bill_free(&out);
	free(idx);
	free(inv);
	free(it.b);
	free(it.rank);
	svc_arena_free(&it.arena);
	return rc;
}

/* --- loading and voiding --- */

static int
keep_line(void *arg, struct svc_row *row)
{
	struct svc_invoice_out *out = arg;
	struct svc_row *l;

	if (add_line_row(out, &l) || svc_row_copy(l, row))
		return SVC_ESYSTEM;
	return 0;
}

int
svc_bill_load(struct svc_txn *txn, const char *invoice,
    struct svc_invoice_out *out, struct svc_err *err)
{
	int rc;

	memset(out, 0, sizeof *out);
	if (!(out->invoice = malloc(sizeof *out->invoice))) {
		svc_err_set(err, SVC_ESYSTEM, "out of memory");
		return SVC_ESYSTEM;
	}
	svc_row_init(out->invoice, &svc_invoice_table);
	if ((rc = svc_table_must_load(txn, &svc_invoice_table, invoice, out->invoice,
	    err)))
		return rc;
	rc = svc_table_children(txn, &svc_invoice_line_table, invoice, keep_line, out,
	    err);
	if (rc == SVC_ESYSTEM)
		svc_err_set(err, rc, "out of memory");
	return rc;
}

/* The credit note that voids an invoice, as the scan finds it. */
static int
voiding_row(void *arg, struct svc_row *row)
{
	struct svc_buf *by = arg;
	struct svc_field *id = &row->f[INVOICE_id];

	svc_buf_reset(by);
	return svc_buf_add(by, id->p, id->n) < 0 ? SVC_ESYSTEM : 0;
}

int
svc_bill_void(struct svc_txn *txn, const char *invoice, const char *reason,
    int rebill, int64_t date, const struct svc_actor *who,
    int (*fn)(void *arg, const struct svc_invoice_out *inv), void *arg,
    struct svc_err *err)
{
	struct svc_invoice_out orig, out = { NULL, NULL, 0, 0, 0 };
	struct svc_filter f;
	struct svc_buf by = SVC_BUF_INIT;
	char *cust, *cur;
	int rc, i;

	if ((rc = svc_bill_load(txn, invoice, &orig, err)))
		goto out;
	if (!svc_field_is(&orig.invoice->f[INVOICE_kind], "invoice")) {
		rc = svc_err_set(err, SVC_EDATA, "'%s' is a credit note: only "
		    "invoices are voided", invoice);
		goto out;
	}
	if ((rc = svc_filter_on(&svc_invoice_table, INVOICE_voids_id, "=", invoice,
	    &f, err)))
		goto out;
	rc = svc_table_scan(txn, &svc_invoice_table, &f, 1, voiding_row, &by,
	    err);
	svc_filter_free(&f);
	if (rc == SVC_ESYSTEM)
		svc_err_set(err, rc, "out of memory");
	if (rc)
		goto out;
	if (by.len) {
		rc = svc_err_set(err, SVC_EDATA, "invoice '%s' is voided already "
		    "(by %s)", invoice, by.p);
		goto out;
	}
	if (!reason || !*reason) {
		rc = svc_err_set(err, SVC_EDATA, "a reason is required (--reason "
		    "CODE, a void-reason code)");
		goto out;
	}
	cust = svc_row_text(orig.invoice, INVOICE_customer_id);
	cur = svc_row_text(orig.invoice, INVOICE_currency);
	if (!cust || !cur) {
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	if ((rc = new_invoice(txn, "credit-note", cust, cur, date,
	    SVC_BILL_NONE, who, &out, err)))
		goto out;
	svc_row_set_text(out.invoice, INVOICE_voids_id, invoice,
	    strlen(invoice));
	svc_row_set_text(out.invoice, INVOICE_reason_id, reason,
	    strlen(reason));
	for (i = 0; i < orig.nlines; i++) {
		struct svc_row *o = &orig.lines[i], *l;
		struct svc_field *id = &out.invoice->f[INVOICE_id];

		if (add_line_row(&out, &l) || svc_row_copy(l, o)) {
			rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
			goto out;
		}
		svc_row_set_text(l, INVOICE_LINE_invoice_id, id->p, id->n);
		svc_row_set_int(l, INVOICE_LINE_quantity,
		    -o->f[INVOICE_LINE_quantity].i);
		svc_row_set_int(l, INVOICE_LINE_net, -o->f[INVOICE_LINE_net].i);
		svc_row_set_int(l, INVOICE_LINE_tax, -o->f[INVOICE_LINE_tax].i);
		svc_row_set_int(l, INVOICE_LINE_total,
		    -o->f[INVOICE_LINE_total].i);
	}
	if ((rc = put_invoice(txn, &out, err))) {
		if (strstr(err->text,
		    svc_invoice_table.cols[INVOICE_reason_id].name))
			rc = svc_err_set(err, SVC_EDATA, "unknown void-reason "
			    "code '%s'", reason);
		goto out;
	}
	for (i = 0; rebill && i < orig.nlines && !rc; i++) {
		const struct svc_bill_source *s;
		struct svc_row *o = &orig.lines[i];
		struct svc_field *kf = &o->f[INVOICE_LINE_source_kind];
		char *src = svc_row_text(o, INVOICE_LINE_source_id);

		if (!src) {
			rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
			break;
		}
		if (!(s = source_of(txn, kf->p, kf->n, NULL))) {
			rc = svc_err_set(err, SVC_EINTERNAL, "invoice '%s': no "
			    "source of kind '%.*s' to bill again", invoice,
			    (int)kf->n, kf->p);
			break;
		}
		rc = s->mark(txn, src, NULL, err);
	}
	/* the sources are told once the lines are billable again, so that
	 * what they do follows from what stands */
	if (!rc) {
		const struct svc_bill_source *s;
		char *cn = svc_row_text(out.invoice, INVOICE_id);
		int pos = 0;

		while (!rc && cn && (s = svc_catalog_hook(svc_txn_catalog(txn),
		    SVC_BILL_SOURCES, &pos)))
			if (s->voided)
				rc = s->voided(txn, invoice, cn, who, err);
		if (!cn)
			rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
	}
	if (!rc && fn)
		rc = fn(arg, &out);
out:
	svc_buf_free(&by);
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

/* Reports a problem: fmt with its arguments. */
static int
bill_problem(struct bill_check *bc, const char *fmt, ...)
{
	struct svc_buf msg = SVC_BUF_INIT;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = svc_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	if (rc < 0) {
		svc_buf_free(&msg);
		svc_err_set(bc->err, SVC_ESYSTEM, "out of memory");
		return SVC_ESYSTEM;
	}
	bc->report(bc->arg, msg.p);
	bc->problems++;
	svc_buf_free(&msg);
	return 0;
}

static int
check_invoice(void *arg, struct svc_row *row)
{
	struct bill_check *bc = arg;
	struct svc_invoice_out inv;
	char *id = svc_row_text(row, INVOICE_id);
	int64_t net = 0, tax = 0;
	int i, rc;

	if (!id) {
		svc_err_set(bc->err, SVC_ESYSTEM, "out of memory");
		return SVC_ESYSTEM;
	}
	if ((rc = svc_bill_load(bc->txn, id, &inv, bc->err)))
		goto out;
	for (i = 0; i < inv.nlines && !rc; i++) {
		struct svc_field *l = inv.lines[i].f;
		int64_t total;

		if (svc_money_add(net, l[INVOICE_LINE_net].i, &net) ||
		    svc_money_add(tax, l[INVOICE_LINE_tax].i, &tax))
			rc = bill_problem(bc, "invoice %s: its lines sum to "
			    "more than an amount can be", id);
		else if (svc_money_add(l[INVOICE_LINE_net].i,
		    l[INVOICE_LINE_tax].i, &total) ||
		    l[INVOICE_LINE_total].i != total)
			rc = bill_problem(bc, "invoice %s line %d: total is "
			    "not net plus tax", id, i + 1);
	}
	if (!rc && (net != row->f[INVOICE_net].i ||
	    tax != row->f[INVOICE_tax].i ||
	    svc_money_add(net, tax, &net) || row->f[INVOICE_total].i != net))
		rc = bill_problem(bc, "invoice %s: its totals are not the sums "
		    "of its lines", id);
out:
	svc_bill_free(&inv);
	return rc;
}

int
svc_bill_check(struct svc_txn *txn, void (*report)(void *, const char *),
    void *arg, long *problems, struct svc_err *err)
{
	struct bill_check bc = { txn, report, arg, 0, err };
	int rc = svc_table_scan(txn, &svc_invoice_table, NULL, 0, check_invoice,
	    &bc, err);

	*problems = bc.problems;
	return rc;
}

const struct svc_check svc_bill_checker = { "invoice", svc_bill_check };

/* --- the tables --- */

#define REQ SVC_COL_REQUIRED
#define IDX SVC_COL_INDEXED


static const struct svc_column invoice_cols[] = {
	[INVOICE_id] = { "id", SVC_T_ID, REQ, .doc = "invoice number" },
	[INVOICE_kind] = { "kind", SVC_T_ENUM, REQ, .def = "invoice",
	  .words = (const char *const[]){ "invoice", "credit-note", NULL },
	  .doc = "invoice or credit-note" },
	[INVOICE_customer_id] = { "customer_id", SVC_T_REF, REQ | IDX,
	  .ref = "customer",
	  .doc = "customer" },
	[INVOICE_currency] = { "currency", SVC_T_CURRENCY, REQ,
	  .doc = "currency" },
	[INVOICE_date] = { "date", SVC_T_DATE, REQ | IDX,
	  .doc = "invoice date" },
	[INVOICE_through_date] = { "through_date", SVC_T_DATE, 0,
	  .doc = "the bill run's --through: what was billable by then" },
	[INVOICE_net] = { "net", SVC_T_MONEY, REQ, .currency = "currency",
	  .doc = "net total" },
	[INVOICE_tax] = { "tax", SVC_T_MONEY, REQ, .currency = "currency",
	  .doc = "tax total" },
	[INVOICE_total] = { "total", SVC_T_MONEY, REQ, .currency = "currency",
	  .doc = "net plus tax" },
	[INVOICE_voids_id] = { "voids_id", SVC_T_REF, 0, .ref = "invoice",
	  .doc = "credit notes: the invoice it reverses" },
	[INVOICE_reason_id] = { "reason_id", SVC_T_REF, 0, .ref = "code",
	  .ref_kind = "void-reason",
	  .doc = "credit notes: why" },
	[INVOICE_created_at] = { "created_at", SVC_T_DATETIME, REQ,
	  .doc = "when it was made" },
	[INVOICE_user] = { "user", SVC_T_TEXT, REQ, .doc = "who made it" },
};
SVC_COLUMNS_MATCH(invoice_cols, INVOICE_NCOLS);
const struct svc_table svc_invoice_table = {
	"invoice", "an invoice or credit note", SVC_COLS(invoice_cols), 1,
	"INV-%06d", NULL, NULL
};

static const struct svc_column invoice_line_cols[] = {
	[INVOICE_LINE_invoice_id] = { "invoice_id", SVC_T_REF, REQ,
	  .ref = "invoice", .doc = "invoice" },
	[INVOICE_LINE_line] = { "line", SVC_T_INT, REQ, .doc = "line number" },
	[INVOICE_LINE_source_kind] = { "source_kind", SVC_T_ENUM, REQ,
	  .words = (const char *const[]){ "journal", "fee", "return", NULL },
	  .doc = "what it bills: journal (posted order lines), fee, return" },
	[INVOICE_LINE_source_id] = { "source_id", SVC_T_TEXT, REQ | IDX,
	  .doc = "the journal entry, fee (SUBSCRIPTION/N) or return line" },
	[INVOICE_LINE_description] = { "description", SVC_T_TEXT, 0,
	  .doc = "description" },
	[INVOICE_LINE_category_id] = { "category_id", SVC_T_REF, 0,
	  .ref = "category", .doc = "category" },
	[INVOICE_LINE_quantity] = { "quantity", SVC_T_DECIMAL, REQ, .scale = 4,
	  .doc = "quantity" },
	[INVOICE_LINE_net] = { "net", SVC_T_MONEY, REQ, .currency = "currency",
	  .doc = "net amount" },
	[INVOICE_LINE_tax_code] = { "tax_code", SVC_T_ID, 0,
	  .doc = "tax code" },
	[INVOICE_LINE_tax_rate_bp] = { "tax_rate_bp", SVC_T_INT, REQ,
	  .def = "0",
	  .doc = "tax rate in basis points" },
	[INVOICE_LINE_tax] = { "tax", SVC_T_MONEY, REQ, .currency = "currency",
	  .doc = "tax, rounded half away from zero" },
	[INVOICE_LINE_total] = { "total", SVC_T_MONEY, REQ,
	  .currency = "currency",
	  .doc = "net plus tax" },
	[INVOICE_LINE_currency] = { "currency", SVC_T_CURRENCY, REQ,
	  .doc = "currency" },
	[INVOICE_LINE_period_start] = { "period_start", SVC_T_DATE, 0,
	  .doc = "fees: first day" },
	[INVOICE_LINE_period_end] = { "period_end", SVC_T_DATE, 0,
	  .doc = "fees: last day" },
};
SVC_COLUMNS_MATCH(invoice_line_cols, INVOICE_LINE_NCOLS);
const struct svc_table svc_invoice_line_table = {
	"invoice-line", "a line of an invoice", SVC_COLS(invoice_line_cols), 2,
	NULL, NULL, NULL
};
