/* post.c - posting signed-off order lines into the journal, and the journal as a source of the bill run */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bill.h"
#include "date.h"
#include "order.h"
#include "order_impl.h"

int64_t
svc_order_line_date(struct svc_row *line)
{
	struct svc_field *f;

	if (!(f = &line->f[ORDER_LINE_executed_date])->null)
		return f->i;
	if (!(f = &line->f[ORDER_LINE_end_at])->null)
		return svc_date_of_instant(f->i);
	f = &line->f[ORDER_LINE_line_date];
	return f->null ? 0 : f->i;
}

/* The journal entry of a posted line. */
static int
journal_entry(struct svc_txn *txn, struct svc_row *ord, struct svc_row *line,
    int64_t date, const struct svc_actor *who, struct svc_err *err)
{
	/* what the entry takes from the line as it is */
	static const struct {
		int line, journal;
	} same[] = {
		{ ORDER_LINE_type, JOURNAL_type },
		{ ORDER_LINE_category_id, JOURNAL_category_id },
		{ ORDER_LINE_item_id, JOURNAL_item_id },
		{ ORDER_LINE_worker_id, JOURNAL_worker_id },
		{ ORDER_LINE_quantity, JOURNAL_quantity },
		{ ORDER_LINE_currency, JOURNAL_currency },
	};
	const struct svc_table *jt = &svc_journal_table;
	struct svc_row j, cat, cust;
	struct svc_field *f, *q = &line->f[ORDER_LINE_quantity];
	int64_t cost = 0, sales = 0;
	size_t i;
	int rc, found;

	svc_row_init(&j, jt);
	svc_row_init(&cat, &svc_category_table);
	svc_row_init(&cust, &svc_customer_table);
	for (i = 0; i < sizeof same / sizeof same[0]; i++) {
		f = &line->f[same[i].line];
		if (f->null)
			continue;
		if (svc_type_is_int(jt->cols[same[i].journal].type))
			svc_row_set_int(&j, same[i].journal, f->i);
		else
			svc_row_set_text(&j, same[i].journal, f->p, f->n);
	}
	svc_row_set_int(&j, JOURNAL_date, date);
	f = &ord->f[ORDER_customer_id];
	svc_row_set_text(&j, JOURNAL_customer_id, f->p, f->n);
	svc_row_set_text(&j, JOURNAL_order_id, ord->f[ORDER_id].p,
	    ord->f[ORDER_id].n);
	svc_row_set_int(&j, JOURNAL_line, line->f[ORDER_LINE_line].i);
	if ((!line->f[ORDER_LINE_cost_price].null && svc_order_amount(q->i,
	    line->f[ORDER_LINE_cost_price].i, &cost)) ||
	    svc_order_amount(q->i, line->f[ORDER_LINE_sales_price].i, &sales)) {
		rc = svc_err_set(err, SVC_EDATA, "line %lld: the amount is too "
		    "large", (long long)line->f[ORDER_LINE_line].i);
		goto out;
	}
	svc_row_set_int(&j, JOURNAL_cost_amount, cost);
	svc_row_set_int(&j, JOURNAL_sales_amount, sales);
	/* the tax code of the category, else the customer's */
	f = &line->f[ORDER_LINE_category_id];
	found = 0;
	if (!f->null && (rc = svc_table_get(txn, &svc_category_table, f->p,
	    f->n, &cat, &found, err)))
		goto out;
	if (found && !cat.f[CATEGORY_tax_code].null) {
		f = &cat.f[CATEGORY_tax_code];
		svc_row_set_text(&j, JOURNAL_tax_code, f->p, f->n);
	} else {
		f = &ord->f[ORDER_customer_id];
		if ((rc = svc_table_get(txn, &svc_customer_table, f->p, f->n,
		    &cust, &found, err)))
			goto out;
		if (found && !(f = &cust.f[CUSTOMER_tax_code])->null)
			svc_row_set_text(&j, JOURNAL_tax_code, f->p, f->n);
	}
	svc_row_set_int(&j, JOURNAL_posted_at, who->now);
	svc_row_set_text(&j, JOURNAL_user, who->user, strlen(who->user));
	if ((rc = svc_table_draw_id(txn, jt, &j, err)))
		goto out;
	rc = svc_table_put(txn, jt, &j, SVC_PUT_NEW, NULL, err);
out:
	svc_row_free(&j);
	svc_row_free(&cat);
	svc_row_free(&cust);
	return rc;
}

int
svc_order_post(struct svc_txn *txn, const char *order, int64_t through,
    int quiet, const struct svc_actor *who, int *posted, struct svc_err *err)
{
	const struct svc_table *ot = &svc_order_table, *lt = &svc_order_line_table;
	struct svc_row ord, line;
	struct svc_numbers pk = { NULL, 0, 0 };
	int rc, i, unsigned_lines = 0;
	int64_t date;

	*posted = 0;
	svc_row_init(&ord, ot);
	svc_row_init(&line, lt);
	if ((rc = svc_table_must_load(txn, ot, order, &ord, err)))
		goto out;
	if ((rc = svc_stage_allows(txn, &ord, STAGE_may_post, "posting", err))) {
		if (quiet && rc == SVC_EDATA)
			rc = 0;
		goto out;
	}
	/* the numbers first: the lines change while they are walked */
	if ((rc = svc_table_child_numbers(txn, lt, order, ORDER_LINE_status,
	    "created", &pk, err)))
		goto out;
	for (i = 0; i < pk.count && !rc; i++) {
		if ((rc = svc_order_line_load(txn, order, pk.n[i], &line, err)))
			break;
		if (!svc_row_true(&line, ORDER_LINE_signed_off)) {
			unsigned_lines++;
			continue;
		}
		date = svc_order_line_date(&line);
		if (date > through)
			continue;
		if ((rc = journal_entry(txn, &ord, &line, date, who, err)))
			break;
		svc_row_set_text(&line, ORDER_LINE_status, "posted", 6);
		svc_row_set_int(&line, ORDER_LINE_posted_at, who->now);
		rc = svc_table_put(txn, lt, &line, SVC_PUT_UPDATE, NULL, err);
		(*posted)++;
	}
	if (rc)
		goto out;
	if (*posted == 0 && quiet)
		goto out;
	if (*posted == 0) {
		rc = pk.count == 0 ? svc_err_set(err, SVC_EDATA, "order '%s' has no "
		    "open lines to post", order) : unsigned_lines == pk.count ?
		    svc_err_set(err, SVC_EDATA, "order '%s': no line is signed "
		    "off (svc order sign)", order) : svc_err_set(err, SVC_EDATA,
		    "order '%s': no signed-off line is dated through the date "
		    "given", order);
		goto out;
	}
	if (!(rc = svc_order_refresh(txn, order, err)))
		rc = svc_order_log_event(txn, order, "post",
		    svc_row_text(&ord, ORDER_stage_id), NULL, NULL, who, err);
out:
	free(pk.n);
	svc_row_free(&ord);
	svc_row_free(&line);
	return rc;
}

/* --- signed off, not posted --- */

struct unposted {
	struct svc_txn *txn;
	int (*want)(void *, const char *);
	void *want_arg;
	struct svc_buf ids;	/* NUL-separated */
	struct svc_err *err;
};

static int
note_unposted(void *arg, struct svc_row *row)
{
	struct unposted *u = arg;
	struct svc_row stage;
	char *cust;
	int rc, may;

	if (!row->f[ORDER_signed_off].i || row->f[ORDER_cancelled].i ||
	    !svc_field_is(&row->f[ORDER_progress], "in-process"))
		return 0;
	if (u->want && (!(cust = svc_row_text(row, ORDER_customer_id)) ||
	    !u->want(u->want_arg, cust)))
		return cust ? 0 : SVC_ESYSTEM;
	svc_row_init(&stage, &svc_stage_table);
	rc = svc_stage_of_order(u->txn, row, &stage, u->err);
	may = !rc && svc_row_true(&stage, STAGE_may_post);
	svc_row_free(&stage);
	if (rc || !may)
		return rc;
	return svc_buf_add(&u->ids, row->f[ORDER_id].p, row->f[ORDER_id].n) ||
	    svc_buf_addc(&u->ids, '\0') ? SVC_ESYSTEM : 0;
}

int
svc_order_unposted(struct svc_txn *txn,
    int (*want)(void *arg, const char *customer), void *want_arg,
    int (*fn)(void *arg, const char *order), void *arg, struct svc_err *err)
{
	struct unposted u = { txn, want, want_arg, SVC_BUF_INIT, err };
	size_t at;
	int rc;

	/* collected first: posting changes the orders being walked */
	rc = svc_table_scan(txn, &svc_order_table, NULL, 0, note_unposted, &u,
	    err);
	if (rc == SVC_ESYSTEM)
		svc_err_set(err, rc, "out of memory");
	for (at = 0; !rc && at < u.ids.len; at += strlen(u.ids.p + at) + 1)
		rc = fn(arg, u.ids.p + at);
	svc_buf_free(&u.ids);
	return rc;
}

/* --- the bill run's source: the journal of posted order lines --- */

struct journal_each {
	struct svc_txn *txn;
	int (*fn)(void *, const struct svc_billable *);
	void *arg;
	struct svc_err *err;
	struct svc_row line, item;	/* read again for each entry */
	struct svc_buf key, desc;
};

static int
journal_row(void *arg, struct svc_row *row)
{
	struct journal_each *e = arg;
	struct svc_billable b;
	struct svc_buf *key = &e->key, *desc = &e->desc;
	struct svc_row *line = &e->line, *item = &e->item;
	struct svc_field *f;
	int rc, found;

	if (!row->f[JOURNAL_invoice_id].null)
		return 0;
	svc_buf_reset(key);
	svc_buf_reset(desc);
	memset(&b, 0, sizeof b);
	b.kind = "journal";
	b.source = svc_row_text(row, JOURNAL_id);
	b.customer = svc_row_text(row, JOURNAL_customer_id);
	b.currency = svc_row_text(row, JOURNAL_currency);
	b.category = svc_row_text(row, JOURNAL_category_id);
	b.tax_code = svc_row_text(row, JOURNAL_tax_code);
	b.date = row->f[JOURNAL_date].i;
	b.quantity = row->f[JOURNAL_quantity].i;
	b.net = row->f[JOURNAL_sales_amount].i;
	b.period_start = b.period_end = SVC_BILL_NONE;
	/* the description: the order line's, else its category or item */
	f = &row->f[JOURNAL_order_id];
	if (svc_key_with_number(f->p, f->n, row->f[JOURNAL_line].i, 0, key))
		return svc_err_set(e->err, SVC_ESYSTEM, "out of memory");
	if ((rc = svc_table_get(e->txn, &svc_order_line_table, key->p, key->len,
	    line, &found, e->err)))
		return rc;
	/* ... which begins with the line as people write it */
	if (svc_key_with_number(f->p, f->n, row->f[JOURNAL_line].i, 1, desc))
		return svc_err_set(e->err, SVC_ESYSTEM, "out of memory");
	f = found ? &line->f[ORDER_LINE_description] : NULL;
	if ((!f || f->null) && !row->f[JOURNAL_item_id].null) {
		/* an item is told by its description, its id when it has none */
		f = &row->f[JOURNAL_item_id];
		if ((rc = svc_table_load(e->txn, &svc_item_table, f->p, f->n,
		    item, &found, e->err)))
			return rc;
		if (found && !item->f[ITEM_description].null)
			f = &item->f[ITEM_description];
	} else if (!f || f->null)
		f = &row->f[JOURNAL_category_id];
	if (svc_buf_add(desc, ": ", 2) < 0 ||
	    svc_buf_add(desc, f->p, f->null ? 0 : f->n) < 0 || !b.source ||
	    !b.customer || !b.currency || !b.category || !b.tax_code)
		return svc_err_set(e->err, SVC_ESYSTEM, "out of memory");
	b.description = desc->p;
	return e->fn(e->arg, &b);
}

static int
journal_each(struct svc_txn *txn, int64_t through,
    int (*fn)(void *, const struct svc_billable *), void *arg,
    struct svc_err *err)
{
	const struct svc_table *jt = &svc_journal_table;
	struct journal_each e;
	char d[16];
	int rc;

	memset(&e, 0, sizeof e);	/* the buffers empty */
	e.txn = txn;
	e.fn = fn;
	e.arg = arg;
	e.err = err;
	svc_row_init(&e.line, &svc_order_line_table);
	svc_row_init(&e.item, &svc_item_table);
	svc_date_format(through, d);
	rc = svc_table_scan_where(txn, jt, JOURNAL_date, "<=", d, journal_row,
	    &e, err);
	svc_row_free(&e.line);
	svc_row_free(&e.item);
	svc_buf_free(&e.key);
	svc_buf_free(&e.desc);
	return rc;
}

static int
journal_mark(struct svc_txn *txn, const char *source, const char *invoice,
    struct svc_err *err)
{
	return svc_bill_mark(txn, &svc_journal_table, JOURNAL_invoice_id,
	    source, invoice, err);
}

const struct svc_bill_source svc_journal_bill_source = {
	"journal", NULL, journal_each, journal_mark, NULL
};
