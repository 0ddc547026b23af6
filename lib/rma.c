/* rma.c - returns (RMA): return orders and lines, arrival, dispositions, repair and replacement orders, the credits' bill source; the return tables */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bill.h"
#include "date.h"
#include "master.h"
#include "money.h"
#include "order.h"
#include "param.h"
#include "repair.h"
#include "rma.h"


/* Line n of return order rma into row. */
static int
load_line(struct svc_txn *txn, const char *rma, int64_t n,
    struct svc_row *row, struct svc_err *err)
{
	char key[128];

	snprintf(key, sizeof key, "%s/%lld", rma, (long long)n);
	return svc_table_must_load(txn, &svc_return_line_table, key, row, err);
}

int
svc_rma_action(struct svc_txn *txn, const char *code, size_t n,
    char *action, size_t size, struct svc_err *err)
{
	struct svc_buf key = SVC_BUF_INIT;
	struct svc_row row;
	struct svc_field *a;
	int rc, found = 0;

	if (svc_buf_printf(&key, "disposition/%.*s", (int)n, code) < 0)
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	svc_row_init(&row, &svc_code_table);
	rc = svc_table_get(txn, &svc_code_table, key.p, key.len, &row, &found,
	    err);
	if (!rc && !found)
		rc = svc_err_set(err, SVC_EDATA, "unknown disposition '%.*s'",
		    (int)n, code);
	else if (!rc) {
		a = &row.f[CODE_action];
		snprintf(action, size, "%.*s", a->null ? 0 : (int)a->n,
		    a->null ? "" : a->p);
	}
	svc_row_free(&row);
	svc_buf_free(&key);
	return rc;
}

/* --- return orders --- */

int
svc_rma_create(struct svc_txn *txn, const struct svc_texts *in,
    unsigned flags, const struct svc_actor *who, struct svc_buf *id,
    struct svc_err *err)
{
	static const int own[] = { RETURN_status, RETURN_created_at,
		RETURN_currency, RETURN_replacement_order_id, -1 };
	const struct svc_table *t = &svc_return_table;
	struct svc_row row;
	char *days = NULL;
	int rc;

	if (!(flags & SVC_RMA_IMPORT) &&
	    (rc = svc_texts_refuse(t, in, own, err)))
		return rc;
	svc_row_init(&row, t);
	if ((rc = svc_table_build(txn, t, in, SVC_BUILD_ADD, &row, err)))
		goto out;
	if (row.f[RETURN_created_at].null)
		svc_row_set_int(&row, RETURN_created_at, who->now);
	if (row.f[RETURN_deadline].null) {
		if ((rc = svc_param_get(txn, "return_validity_days", &days,
		    err)))
			goto out;
		svc_row_set_int(&row, RETURN_deadline, svc_date_of_instant(
		    row.f[RETURN_created_at].i) + strtoll(days, NULL, 10));
	}
	if ((rc = svc_table_put(txn, t, &row, SVC_PUT_NEW, NULL, err)))
		goto out;
	svc_buf_reset(id);
	if (svc_table_key_text(t, &row, id))
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
out:
	free(days);
	svc_row_free(&row);
	return rc;
}

/* The return order rma into row; refused unless its status is want
 * (doing says what was refused). */
static int
load_in_status(struct svc_txn *txn, const char *rma, struct svc_row *row,
    const char *want, const char *doing, struct svc_err *err)
{
	struct svc_field *st = &row->f[RETURN_status];
	int rc;

	if ((rc = svc_table_must_load(txn, &svc_return_table, rma, row, err)))
		return rc;
	if (svc_field_is(st, want))
		return 0;
	if (svc_field_is(st, "created"))
		return svc_err_set(err, SVC_EDATA, "return order '%s' is created, "
		    "not open: open it first (svc return open)", rma);
	return svc_err_set(err, SVC_EDATA, "return order '%s' is %.*s: %s",
	    rma, (int)st->n, st->p, doing);
}

static int
set_status(struct svc_txn *txn, const char *rma, const char *from,
    const char *to, const char *doing, struct svc_err *err)
{
	struct svc_row row;
	int rc;

	svc_row_init(&row, &svc_return_table);
	if (!(rc = load_in_status(txn, rma, &row, from, doing, err))) {
		svc_row_set_text(&row, RETURN_status, to, strlen(to));
		rc = svc_table_put(txn, &svc_return_table, &row, SVC_PUT_UPDATE,
		    NULL, err);
	}
	svc_row_free(&row);
	return rc;
}

int
svc_rma_open(struct svc_txn *txn, const char *rma,
    const struct svc_actor *who, struct svc_err *err)
{
	(void)who;
	return set_status(txn, rma, "created", "open",
	    "only a created return order is opened", err);
}

int
svc_rma_cancel(struct svc_txn *txn, const char *rma,
    const struct svc_actor *who, struct svc_err *err)
{
	struct svc_row row;
	int rc;

	(void)who;
	svc_row_init(&row, &svc_return_table);
	if ((rc = svc_table_must_load(txn, &svc_return_table, rma, &row, err)))
		goto out;
	if (!svc_field_is(&row.f[RETURN_status], "created")) {
		rc = svc_err_set(err, SVC_EDATA, "return order '%s' is %.*s: only "
		    "a created return order is cancelled", rma,
		    (int)row.f[RETURN_status].n, row.f[RETURN_status].p);
		goto out;
	}
	svc_row_set_text(&row, RETURN_status, "cancelled", 9);
	rc = svc_table_put(txn, &svc_return_table, &row, SVC_PUT_UPDATE, NULL,
	    err);
out:
	svc_row_free(&row);
	return rc;
}

/* --- lines --- */

/* The order line a return line came from (from_line, ORDER/N): the
 * customer's; its item, object and sales price fill those not given. */
static int
from_order_line(struct svc_txn *txn, const struct svc_field *from,
    const struct svc_field *customer, struct svc_row *line,
    struct svc_err *err)
{
	struct svc_row ord;
	struct svc_field *c;
	int rc, found;

	if ((rc = svc_table_load(txn, &svc_order_line_table, from->p, from->n,
	    line, &found, err)))
		return rc;
	if (!found)
		return svc_err_set(err, SVC_EDATA, "column 'from_line': no order "
		    "line '%.*s'", (int)from->n, from->p);
	svc_row_init(&ord, &svc_order_table);
	c = &line->f[ORDER_LINE_order_id];
	if (!(rc = svc_table_load(txn, &svc_order_table, c->p, c->n, &ord,
	    &found, err)) && found) {
		c = &ord.f[ORDER_customer_id];
		if (c->n != customer->n || memcmp(c->p, customer->p, c->n))
			rc = svc_err_set(err, SVC_EDATA, "column 'from_line': "
			    "'%.*s' is an order line of customer '%.*s', not "
			    "'%.*s'", (int)from->n, from->p, (int)c->n, c->p,
			    (int)customer->n, customer->p);
	}
	svc_row_free(&ord);
	return rc;
}

int
svc_rma_line_add(struct svc_txn *txn, const char *rma,
    const struct svc_texts *in, unsigned flags, const struct svc_actor *who,
    int64_t *line, struct svc_err *err)
{
	static const int own[] = { RETURN_LINE_status, RETURN_LINE_order_id,
		RETURN_LINE_received_at, RETURN_LINE_disposed_at,
		RETURN_LINE_scrapped, RETURN_LINE_warranty, RETURN_LINE_credit,
		RETURN_LINE_credit_date, RETURN_LINE_invoice_id, -1 };
	static const int never[] = { RETURN_LINE_return_id, RETURN_LINE_line,
		RETURN_LINE_currency, -1 };
	const struct svc_table *t = &svc_return_line_table;
	int imported = (flags & SVC_RMA_IMPORT) != 0;
	struct svc_row row, ret, from, obj;
	struct svc_texts rin = *in;
	struct svc_field *f, *cur;
	char *s;
	int rc, found;

	if ((rc = svc_texts_refuse(t, in, never, err)) ||
	    (!imported && (rc = svc_texts_refuse(t, in, own, err))))
		return rc;
	svc_row_init(&row, t);
	svc_row_init(&ret, &svc_return_table);
	svc_row_init(&from, &svc_order_line_table);
	svc_row_init(&obj, &svc_object_table);
	if ((rc = svc_table_must_load(txn, &svc_return_table, rma, &ret, err)))
		goto out;
	f = &ret.f[RETURN_status];
	if (!imported && !svc_field_is(f, "created") &&
	    !svc_field_is(f, "open")) {
		rc = svc_err_set(err, SVC_EDATA, "return order '%s' is %.*s: "
		    "lines are added while it is created or open", rma,
		    (int)f->n, f->p);
		goto out;
	}
	cur = &ret.f[RETURN_currency];
	SVC_GIVE(&rin, RETURN_LINE_return_id, ret.f[RETURN_id].p,
	    ret.f[RETURN_id].n);
	/* a stand-in for the build: svc_table_append numbers the line */
	SVC_GIVE(&rin, RETURN_LINE_line, "1", 1);
	SVC_GIVE(&rin, RETURN_LINE_currency, cur->p, cur->n);
	if ((rc = svc_table_build(txn, t, &rin, SVC_BUILD_ADD, &row, err)))
		goto out;
	f = &row.f[RETURN_LINE_from_line];
	if (!f->null) {
		if ((rc = from_order_line(txn, f, &ret.f[RETURN_customer_id],
		    &from, err)))
			goto out;
		if (row.f[RETURN_LINE_item_id].null &&
		    !from.f[ORDER_LINE_item_id].null)
			svc_row_set_text(&row, RETURN_LINE_item_id,
			    from.f[ORDER_LINE_item_id].p,
			    from.f[ORDER_LINE_item_id].n);
		if (row.f[RETURN_LINE_object_id].null &&
		    row.f[RETURN_LINE_item_id].null &&
		    !from.f[ORDER_LINE_object_id].null)
			svc_row_set_text(&row, RETURN_LINE_object_id,
			    from.f[ORDER_LINE_object_id].p,
			    from.f[ORDER_LINE_object_id].n);
		if (row.f[RETURN_LINE_price].null) {
			f = &from.f[ORDER_LINE_currency];
			if (f->n != cur->n || memcmp(f->p, cur->p, cur->n)) {
				rc = svc_err_set(err, SVC_EDATA, "column "
				    "'from_line': the order line is in %.*s, "
				    "the return in %.*s: give the price",
				    (int)f->n, f->p, (int)cur->n, cur->p);
				goto out;
			}
			svc_row_set_int(&row, RETURN_LINE_price,
			    from.f[ORDER_LINE_sales_price].i);
		}
	}
	/* an object's unit is of the object's item, and under warranty
	 * when the object is on the day of the return */
	f = &row.f[RETURN_LINE_object_id];
	if (!f->null) {
		int under;
		int64_t ends, day = ret.f[RETURN_created_at].null ?
		    svc_date_of_instant(who->now) :
		    svc_date_of_instant(ret.f[RETURN_created_at].i);

		if ((rc = svc_table_load(txn, &svc_object_table, f->p, f->n, &obj,
		    &found, err)))
			goto out;
		if (found && row.f[RETURN_LINE_item_id].null &&
		    !obj.f[OBJECT_item_id].null)
			svc_row_set_text(&row, RETURN_LINE_item_id,
			    obj.f[OBJECT_item_id].p, obj.f[OBJECT_item_id].n);
		if (found && !imported) {
			if ((rc = svc_object_warranty_of(txn, &obj, day, &under,
			    &ends, err)))
				goto out;
			svc_row_set_int(&row, RETURN_LINE_warranty, under);
		}
	}
	if (row.f[RETURN_LINE_price].null) {
		int64_t price;
		char *cust = svc_row_text(&ret, RETURN_customer_id);
		char *cu = svc_row_text(&ret, RETURN_currency);

		if (row.f[RETURN_LINE_item_id].null) {
			rc = svc_err_set(err, SVC_EDATA, "column 'price': the "
			    "line has no item to take the price of: give it");
			goto out;
		}
		if (!(s = svc_row_text(&row, RETURN_LINE_item_id)) || !cust ||
		    !cu) {
			rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
			goto out;
		}
		if ((rc = svc_order_item_price(txn, cust, s, cu, &price, err))) {
			svc_err_prefix(err, "column 'price': ");
			goto out;
		}
		svc_row_set_int(&row, RETURN_LINE_price, price);
	}
	if ((rc = svc_table_append(txn, t, &row, err)))
		goto out;
	*line = row.f[RETURN_LINE_line].i;
out:
	svc_row_free(&row);
	svc_row_free(&ret);
	svc_row_free(&from);
	svc_row_free(&obj);
	return rc;
}

/* The rules of a return line, for every way it is written: an item or
 * an object (the return's customer's), a positive quantity, and the
 * order line it came from exists. */
static int
line_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	struct svc_row ret, ol;
	struct svc_field *f = &row->f[RETURN_LINE_object_id];
	int rc = 0, found = 0;

	(void)t;
	if (row->f[RETURN_LINE_line].i < 1)
		return svc_err_set(err, SVC_EDATA, "column 'line': line numbers "
		    "start at 1");
	if (row->f[RETURN_LINE_quantity].i <= 0)
		return svc_err_set(err, SVC_EDATA, "column 'quantity': a "
		    "returned quantity is above 0");
	if (f->null && row->f[RETURN_LINE_item_id].null)
		return svc_err_set(err, SVC_EDATA, "column 'item_id': a return "
		    "line needs an item or a service object (object_id)");
	svc_row_init(&ret, &svc_return_table);
	svc_row_init(&ol, &svc_order_line_table);
	if (!f->null) {
		struct svc_field *r = &row->f[RETURN_LINE_return_id];

		if (!(rc = svc_table_load(txn, &svc_return_table, r->p, r->n,
		    &ret, &found, err)) && found &&
		    (rc = svc_object_of_customer(txn, f->p, f->n,
		    &ret.f[RETURN_customer_id], err)))
			svc_err_prefix(err, "column 'object_id': ");
	}
	f = &row->f[RETURN_LINE_from_line];
	if (!rc && !f->null && !(rc = svc_table_load(txn,
	    &svc_order_line_table, f->p, f->n, &ol, &found, err)) && !found)
		rc = svc_err_set(err, SVC_EDATA, "column 'from_line': no order "
		    "line '%.*s'", (int)f->n, f->p);
	svc_row_free(&ret);
	svc_row_free(&ol);
	return rc;
}

/* --- arrival --- */

static int
receive_one(struct svc_txn *txn, const char *rma, int64_t n,
    int64_t quantity, const struct svc_actor *who, struct svc_rma_receipt *r,
    int must, struct svc_err *err)
{
	const struct svc_table *t = &svc_return_line_table;
	struct svc_row row, rest;
	struct svc_field *st;
	char q[48];
	int rc;

	svc_row_init(&row, t);
	svc_row_init(&rest, t);
	if ((rc = load_line(txn, rma, n, &row, err)))
		goto out;
	st = &row.f[RETURN_LINE_status];
	if (!svc_field_is(st, "expected")) {
		if (must)
			rc = svc_err_set(err, SVC_EDATA, "line %s/%lld is %.*s, not "
			    "expected", rma, (long long)n, (int)st->n, st->p);
		goto out;
	}
	if (quantity > 0 && quantity > row.f[RETURN_LINE_quantity].i) {
		svc_fixed_format_trim(row.f[RETURN_LINE_quantity].i, 4, q);
		rc = svc_err_set(err, SVC_EDATA, "line %s/%lld: only %s %s "
		    "expected", rma, (long long)n, q,
		    strcmp(q, "1") ? "are" : "is");
		goto out;
	}
	if (quantity > 0 && quantity < row.f[RETURN_LINE_quantity].i) {
		/* the rest stays expected, on a line of its own */
		if (svc_row_copy(&rest, &row)) {
			rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
			goto out;
		}
		svc_row_set_int(&rest, RETURN_LINE_quantity,
		    row.f[RETURN_LINE_quantity].i - quantity);
		if ((rc = svc_table_append(txn, t, &rest, err)))
			goto out;
		r->split = rest.f[RETURN_LINE_line].i;
		svc_row_set_int(&row, RETURN_LINE_quantity, quantity);
	}
	svc_row_set_text(&row, RETURN_LINE_status, "received", 8);
	svc_row_set_int(&row, RETURN_LINE_received_at, who->now);
	if (!(rc = svc_table_put(txn, t, &row, SVC_PUT_UPDATE, NULL, err)))
		r->lines++;
out:
	svc_row_free(&row);
	svc_row_free(&rest);
	return rc;
}

int
svc_rma_receive(struct svc_txn *txn, const char *rma, int64_t line,
    int64_t quantity, const struct svc_actor *who, struct svc_rma_receipt *r,
    struct svc_err *err)
{
	struct svc_row ret;
	struct svc_numbers nums = { NULL, 0, 0 };
	char d[16];
	int rc, strict = 0, i;

	memset(r, 0, sizeof *r);
	svc_row_init(&ret, &svc_return_table);
	if ((rc = load_in_status(txn, rma, &ret, "open", "arrivals are "
	    "registered while it is open", err)))
		goto out;
	r->deadline = ret.f[RETURN_deadline].i;
	r->late = !ret.f[RETURN_deadline].null &&
	    svc_date_of_instant(who->now) > r->deadline;
	if (r->late && (rc = svc_param_bool(txn, "return_deadline_strict",
	    &strict, err)))
		goto out;
	if (r->late && strict) {
		svc_date_format(r->deadline, d);
		rc = svc_err_set(err, SVC_EDATA, "return order '%s': its deadline "
		    "was %s, and return_deadline_strict refuses later arrivals",
		    rma, d);
		goto out;
	}
	if (line > 0) {
		rc = receive_one(txn, rma, line, quantity, who, r, 1, err);
		goto out;
	}
	if ((rc = svc_table_child_numbers(txn, &svc_return_line_table, rma,
	    RETURN_LINE_status, "expected", &nums, err)))
		goto out;
	for (i = 0; i < nums.count && !rc; i++)
		rc = receive_one(txn, rma, nums.n[i], 0, who, r, 1, err);
	if (!rc && !r->lines)
		rc = svc_err_set(err, SVC_EDATA, "return order '%s' has no "
		    "expected line", rma);
out:
	free(nums.n);
	svc_row_free(&ret);
	return rc;
}

/* --- dispositions --- */

/* Closes the return order when it has lines and every one is done. */
static int
close_if_done(struct svc_txn *txn, const char *rma, struct svc_err *err)
{
	struct svc_numbers all = { NULL, 0, 0 }, done = { NULL, 0, 0 };
	int rc;

	if (!(rc = svc_table_child_numbers(txn, &svc_return_line_table, rma,
	    -1, NULL, &all, err)) &&
	    !(rc = svc_table_child_numbers(txn, &svc_return_line_table, rma,
	    RETURN_LINE_status, "done", &done, err)) &&
	    all.count && all.count == done.count)
		rc = set_status(txn, rma, "open", "closed",
		    "only an open return order is closed", err);
	free(all.n);
	free(done.n);
	return rc;
}

/* The item line of the replacement for line on the return order's
 * replacement order (made the first time, and noted on ret). */
static int
replace(struct svc_txn *txn, struct svc_row *ret, struct svc_row *line,
    const char *lineid, const struct svc_actor *who, struct svc_err *err)
{
	struct svc_texts in;
	struct svc_buf id = SVC_BUF_INIT, desc = SVC_BUF_INIT;
	struct svc_field *f;
	char qty[48];
	int64_t n;
	int rc;

	if (line->f[RETURN_LINE_item_id].null)
		return svc_err_set(err, SVC_EDATA, "line %s: a replacement needs "
		    "the line's item", lineid);
	f = &ret->f[RETURN_replacement_order_id];
	if (f->null) {
		memset(&in, 0, sizeof in);
		if (svc_buf_printf(&desc, "replacement for %.*s",
		    (int)ret->f[RETURN_id].n, ret->f[RETURN_id].p) < 0)
			return svc_err_set(err, SVC_ESYSTEM, "out of memory");
		SVC_GIVE(&in, ORDER_customer_id, ret->f[RETURN_customer_id].p,
		    ret->f[RETURN_customer_id].n);
		SVC_GIVE(&in, ORDER_description, desc.p, desc.len);
		rc = svc_order_create(txn, &in, NULL, 0, NULL, 0,
		    SVC_ORDER_RETURN, who, &id, err);
		if (!rc)
			svc_row_set_text(ret, RETURN_replacement_order_id, id.p,
			    id.len);
	} else if (svc_buf_add(&id, f->p, f->n) < 0 || svc_buf_addc(&id, 0) < 0)
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
	else
		rc = 0;
	if (rc)
		goto out;
	svc_buf_reset(&desc);
	memset(&in, 0, sizeof in);
	svc_fixed_format_trim(line->f[RETURN_LINE_quantity].i, 4, qty);
	if (svc_buf_printf(&desc, "replaces %s", lineid) < 0) {
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	SVC_GIVE(&in, ORDER_LINE_type, "item", 4);
	SVC_GIVE(&in, ORDER_LINE_item_id, line->f[RETURN_LINE_item_id].p,
	    line->f[RETURN_LINE_item_id].n);
	SVC_GIVE(&in, ORDER_LINE_quantity, qty, strlen(qty));
	SVC_GIVE(&in, ORDER_LINE_description, desc.p, desc.len);
	if ((rc = svc_order_line_add(txn, id.p, &in, 0, who, &n, err))) {
		svc_err_prefix(err, "line %s: the replacement: ", lineid);
		goto out;
	}
	svc_row_set_text(line, RETURN_LINE_order_id, id.p, strlen(id.p));
out:
	svc_buf_free(&id);
	svc_buf_free(&desc);
	return rc;
}

/* A service order for the line's object with a repair line. */
static int
repair(struct svc_txn *txn, struct svc_row *ret, struct svc_row *line,
    const char *lineid, const struct svc_rma_repair *rep,
    const struct svc_actor *who, struct svc_err *err)
{
	struct svc_texts in;
	struct svc_buf id = SVC_BUF_INIT, desc = SVC_BUF_INIT;
	char *obj = svc_row_text(line, RETURN_LINE_object_id);
	int64_t n;
	int rc;

	if (!obj)
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	if (!*obj)
		return svc_err_set(err, SVC_EDATA, "line %s: a repair needs the "
		    "returned service object (object_id)", lineid);
	if (!rep || !rep->condition || !rep->symptom_area || !rep->symptom)
		return svc_err_set(err, SVC_EDATA, "line %s: a repair needs its "
		    "condition, symptom area and symptom (--condition, "
		    "--symptom-area, --symptom)", lineid);
	memset(&in, 0, sizeof in);
	if (svc_buf_printf(&desc, "repair of %s", lineid) < 0)
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	SVC_GIVE(&in, ORDER_customer_id, ret->f[RETURN_customer_id].p,
	    ret->f[RETURN_customer_id].n);
	SVC_GIVE(&in, ORDER_description, desc.p, desc.len);
	if ((rc = svc_order_create(txn, &in, &obj, 1, NULL, 0,
	    SVC_ORDER_RETURN, who, &id, err)))
		goto out;
	memset(&in, 0, sizeof in);
	SVC_GIVE(&in, REPAIR_object_id, obj, strlen(obj));
	SVC_GIVE(&in, REPAIR_condition_id, rep->condition, strlen(rep->condition));
	SVC_GIVE(&in, REPAIR_symptom_area_id, rep->symptom_area,
	    strlen(rep->symptom_area));
	SVC_GIVE(&in, REPAIR_symptom_id, rep->symptom, strlen(rep->symptom));
	SVC_GIVE(&in, REPAIR_note, lineid, strlen(lineid));
	if ((rc = svc_repair_add(txn, id.p, &in, who, &n, err))) {
		svc_err_prefix(err, "line %s: the repair: ", lineid);
		goto out;
	}
	svc_row_set_text(line, RETURN_LINE_order_id, id.p, strlen(id.p));
out:
	svc_buf_free(&id);
	svc_buf_free(&desc);
	return rc;
}

/* Disposes of line n; *did = 1 when it was (0: passed over, when not
 * must). */
static int
dispose_one(struct svc_txn *txn, struct svc_row *ret, int64_t n,
    const char *code, const struct svc_rma_repair *rep,
    const struct svc_actor *who, int must, int *did, struct svc_err *err)
{
	const struct svc_table *t = &svc_return_line_table;
	struct svc_row row;
	struct svc_field *st, *c;
	char lineid[128], action[32];
	char *rma = svc_row_text(ret, RETURN_id);
	int rc = 0, credit, scrap;
	int64_t amount;

	*did = 0;
	if (!rma)
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	snprintf(lineid, sizeof lineid, "%s/%lld", rma, (long long)n);
	svc_row_init(&row, t);
	if ((rc = load_line(txn, rma, n, &row, err)))
		goto out;
	st = &row.f[RETURN_LINE_status];
	if (svc_field_is(st, "done") || svc_field_is(st, "in-repair")) {
		if (must)
			rc = svc_err_set(err, SVC_EDATA, "line %s is %.*s already",
			    lineid, (int)st->n, st->p);
		goto out;
	}
	if (code)
		svc_row_set_text(&row, RETURN_LINE_disposition_id, code,
		    strlen(code));
	c = &row.f[RETURN_LINE_disposition_id];
	if (c->null) {
		if (must)
			rc = svc_err_set(err, SVC_EDATA, "line %s has no "
			    "disposition code (give --code)", lineid);
		goto out;
	}
	if ((rc = svc_rma_action(txn, c->p, c->n, action, sizeof action, err)))
		goto out;
	if (strcmp(action, "credit-only") && !svc_field_is(st, "received")) {
		if (must)
			rc = svc_err_set(err, SVC_EDATA, "line %s has not arrived "
			    "(svc return receive): only credit-only is disposed "
			    "of without the unit", lineid);
		goto out;
	}
	credit = !strcmp(action, "credit") || !strcmp(action, "credit-only") ||
	    !strcmp(action, "scrap") || !strcmp(action, "replace-credit") ||
	    !strcmp(action, "replace-scrap");
	scrap = !strcmp(action, "scrap") || !strcmp(action, "replace-scrap");
	if (credit) {
		if (row.f[RETURN_LINE_price].null) {
			rc = svc_err_set(err, SVC_EDATA, "line %s has no price to "
			    "credit", lineid);
			goto out;
		}
		if (svc_order_amount(row.f[RETURN_LINE_quantity].i,
		    row.f[RETURN_LINE_price].i, &amount)) {
			rc = svc_err_set(err, SVC_EDATA, "line %s: the credit is "
			    "out of range", lineid);
			goto out;
		}
		svc_row_set_int(&row, RETURN_LINE_credit, amount);
		svc_row_set_int(&row, RETURN_LINE_credit_date,
		    svc_date_of_instant(who->now));
	}
	if (scrap)
		svc_row_set_int(&row, RETURN_LINE_scrapped, 1);
	if (!strncmp(action, "replace-", 8) &&
	    (rc = replace(txn, ret, &row, lineid, who, err)))
		goto out;
	if (!strcmp(action, "repair")) {
		if ((rc = repair(txn, ret, &row, lineid, rep, who, err)))
			goto out;
		svc_row_set_text(&row, RETURN_LINE_status, "in-repair", 9);
	} else
		svc_row_set_text(&row, RETURN_LINE_status, "done", 4);
	svc_row_set_int(&row, RETURN_LINE_disposed_at, who->now);
	if (!(rc = svc_table_put(txn, t, &row, SVC_PUT_UPDATE, NULL, err)))
		*did = 1;
out:
	svc_row_free(&row);
	return rc;
}

int
svc_rma_dispose(struct svc_txn *txn, const char *rma, int64_t line,
    const char *code, const struct svc_rma_repair *rep,
    const struct svc_actor *who, int *disposed, struct svc_err *err)
{
	struct svc_row ret;
	struct svc_numbers nums = { NULL, 0, 0 };
	char action[32];
	int rc, i, did;

	*disposed = 0;
	svc_row_init(&ret, &svc_return_table);
	if ((rc = load_in_status(txn, rma, &ret, "open", "only an open return "
	    "order is disposed of", err)))
		goto out;
	if (code && (rc = svc_rma_action(txn, code, strlen(code), action,
	    sizeof action, err)))
		goto out;
	if (line > 0)
		rc = svc_numbers_add(&nums, line) ? svc_err_set(err,
		    SVC_ESYSTEM, "out of memory") : 0;
	else
		rc = svc_table_child_numbers(txn, &svc_return_line_table, rma, -1,
		    NULL, &nums, err);
	for (i = 0; i < nums.count && !rc; i++) {
		rc = dispose_one(txn, &ret, nums.n[i], code, rep, who, line > 0,
		    &did, err);
		*disposed += did;
	}
	if (rc)
		goto out;
	if (!*disposed) {
		rc = svc_err_set(err, SVC_EDATA, "return order '%s' has no line to "
		    "dispose of (one that arrived, or any for credit-only, with "
		    "a disposition code)", rma);
		goto out;
	}
	/* a replacement order made on the way is the return order's */
	if ((rc = svc_table_put(txn, &svc_return_table, &ret, SVC_PUT_UPDATE,
	    NULL, err)))
		goto out;
	rc = close_if_done(txn, rma, err);
out:
	free(nums.n);
	svc_row_free(&ret);
	return rc;
}

/* --- a repair order signed off: its return line is done --- */

static int
note_repairing(void *arg, struct svc_row *row)
{
	struct svc_buf *ids = arg;

	if (!svc_field_is(&row->f[RETURN_LINE_status], "in-repair"))
		return 0;
	return svc_buf_printf(ids, "%.*s/%lld%c",
	    (int)row->f[RETURN_LINE_return_id].n,
	    row->f[RETURN_LINE_return_id].p,
	    (long long)row->f[RETURN_LINE_line].i, 0) < 0 ? SVC_ESYSTEM : 0;
}

static int
rma_on_signed(struct svc_txn *txn, const char *order, struct svc_err *err)
{
	const struct svc_table *t = &svc_return_line_table;
	struct svc_buf ids = SVC_BUF_INIT;
	struct svc_row row;
	size_t at;
	char *slash;
	int rc;

	/* collected first: the lines change */
	rc = svc_table_scan_where(txn, t, RETURN_LINE_order_id, "=", order,
	    note_repairing, &ids, err);
	if (rc == SVC_ESYSTEM)
		svc_err_set(err, rc, "out of memory");
	svc_row_init(&row, t);
	for (at = 0; !rc && at < ids.len; at += strlen(ids.p + at) + 1) {
		if ((rc = svc_table_must_load(txn, t, ids.p + at, &row, err)))
			break;
		svc_row_set_text(&row, RETURN_LINE_status, "done", 4);
		if ((rc = svc_table_put(txn, t, &row, SVC_PUT_UPDATE, NULL, err)))
			break;
		slash = strrchr(ids.p + at, '/');
		*slash = '\0';
		rc = close_if_done(txn, ids.p + at, err);
		*slash = '/';
	}
	svc_row_free(&row);
	svc_buf_free(&ids);
	return rc;
}

static int
on_order(struct svc_txn *txn, const struct svc_order_event *ev,
    struct svc_err *err)
{
	if (ev->kind == SVC_ORDER_SIGNED)
		return rma_on_signed(txn, ev->order, err);
	return 0;
}

const struct svc_order_handler svc_rma_order_handler = { "return", on_order };

/* --- the bill run's source: the credits of disposed lines --- */

struct credit_each {
	struct svc_txn *txn;
	int64_t through;
	int (*fn)(void *, const struct svc_billable *);
	void *arg;
	struct svc_err *err;
};

static int
credit_row(void *arg, struct svc_row *row)
{
	struct credit_each *e = arg;
	struct svc_billable b;
	struct svc_row ret, cust;
	struct svc_buf key = SVC_BUF_INIT, desc = SVC_BUF_INIT;
	struct svc_field *f;
	int rc, found;

	if (row->f[RETURN_LINE_credit].null ||
	    !row->f[RETURN_LINE_invoice_id].null ||
	    row->f[RETURN_LINE_credit_date].null ||
	    row->f[RETURN_LINE_credit_date].i > e->through)
		return 0;
	svc_row_init(&ret, &svc_return_table);
	svc_row_init(&cust, &svc_customer_table);
	f = &row->f[RETURN_LINE_return_id];
	if ((rc = svc_table_load(e->txn, &svc_return_table, f->p, f->n, &ret,
	    &found, e->err)) || !found)
		goto out;
	f = &ret.f[RETURN_customer_id];
	if ((rc = svc_table_load(e->txn, &svc_customer_table, f->p, f->n, &cust,
	    &found, e->err)))
		goto out;
	memset(&b, 0, sizeof b);
	if (svc_table_key_text(&svc_return_line_table, row, &key)) {
		rc = svc_err_set(e->err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	f = !row->f[RETURN_LINE_item_id].null ? &row->f[RETURN_LINE_item_id] :
	    &row->f[RETURN_LINE_object_id];
	if (svc_buf_printf(&desc, "%s: returned %.*s (%.*s)", key.p,
	    f->null ? 0 : (int)f->n, f->null ? "" : f->p,
	    (int)ret.f[RETURN_reason_id].n, ret.f[RETURN_reason_id].p) < 0) {
		rc = svc_err_set(e->err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	b.kind = "return";
	b.source = key.p;
	b.customer = svc_row_text(&ret, RETURN_customer_id);
	b.currency = svc_row_text(row, RETURN_LINE_currency);
	b.category = "";
	b.tax_code = found ? svc_row_text(&cust, CUSTOMER_tax_code) : "";
	b.date = row->f[RETURN_LINE_credit_date].i;
	b.description = desc.p;
	b.quantity = -row->f[RETURN_LINE_quantity].i;
	b.net = -row->f[RETURN_LINE_credit].i;
	b.period_start = b.period_end = SVC_BILL_NONE;
	if (!b.customer || !b.currency || !b.tax_code)
		rc = svc_err_set(e->err, SVC_ESYSTEM, "out of memory");
	else
		rc = e->fn(e->arg, &b);
out:
	svc_buf_free(&key);
	svc_buf_free(&desc);
	svc_row_free(&ret);
	svc_row_free(&cust);
	return rc;
}

static int
credit_each(struct svc_txn *txn, int64_t through,
    int (*fn)(void *, const struct svc_billable *), void *arg,
    struct svc_err *err)
{
	struct credit_each e = { txn, through, fn, arg, err };
	char d[16];

	svc_date_format(through, d);
	return svc_table_scan_where(txn, &svc_return_line_table,
	    RETURN_LINE_credit_date, "<=", d, credit_row, &e, err);
}

static int
credit_mark(struct svc_txn *txn, const char *source, const char *invoice,
    struct svc_err *err)
{
	return svc_bill_mark(txn, &svc_return_line_table,
	    RETURN_LINE_invoice_id, source, invoice, err);
}

/* A credit owed stays owed until an invoice that stands has it: the
 * credits of a voided invoice are billable again, with or without
 * rebilling its other lines. */
static int
credit_voided(struct svc_txn *txn, const char *invoice,
    const char *credit_note, const struct svc_actor *who,
    struct svc_err *err)
{
	(void)credit_note;
	(void)who;
	return svc_bill_unmark(txn, &svc_return_line_table,
	    RETURN_LINE_invoice_id, invoice, NULL, NULL, err);
}

const struct svc_bill_source svc_rma_bill_source = {
	"return", NULL, credit_each, credit_mark, credit_voided
};

/* --- the tables --- */

#define REQ SVC_COL_REQUIRED
#define IDX SVC_COL_INDEXED

static const char *const return_statuses[] = {
	"created", "open", "closed", "cancelled", NULL
};
static const char *const line_statuses[] = {
	"expected", "received", "in-repair", "done", NULL
};

static const struct svc_column return_cols[] = {
	[RETURN_id] = { "id", SVC_T_ID, REQ, .doc = "RMA number" },
	[RETURN_customer_id] = { "customer_id", SVC_T_REF, REQ,
	  .ref = "customer", .doc = "the customer who returns" },
	[RETURN_reason_id] = { "reason_id", SVC_T_REF, REQ, .ref = "code",
	  .ref_kind = "return-reason", .doc = "return-reason code" },
	[RETURN_status] = { "status", SVC_T_ENUM, REQ | IDX, .def = "created",
	  .words = return_statuses,
	  .doc = "created, open (units may arrive), closed (every line done), "
	  "cancelled" },
	[RETURN_created_at] = { "created_at", SVC_T_DATETIME, 0,
	  .doc = "when it was created" },
	[RETURN_deadline] = { "deadline", SVC_T_DATE, 0,
	  .doc = "the last day units may arrive (default: created plus "
	  "return_validity_days)" },
	[RETURN_currency] = { "currency", SVC_T_CURRENCY, REQ,
	  .def_from = "customer_id.currency",
	  .doc = "currency of prices and credits (the customer's)" },
	[RETURN_replacement_order_id] = { "replacement_order_id", SVC_T_REF, 0,
	  .ref = "order", .doc = "the service order with the replacements" },
	[RETURN_note] = { "note", SVC_T_TEXT, 0, .doc = "note" },
};
SVC_COLUMNS_MATCH(return_cols, RETURN_NCOLS);
const struct svc_table svc_return_table = {
	"return", "a return order (RMA)", SVC_COLS(return_cols), 1,
	"RMA-%06d", NULL, NULL
};

static const struct svc_column return_line_cols[] = {
	[RETURN_LINE_return_id] = { "return_id", SVC_T_REF, REQ,
	  .ref = "return", .doc = "return order" },
	[RETURN_LINE_line] = { "line", SVC_T_INT, REQ, .doc = "line number" },
	[RETURN_LINE_item_id] = { "item_id", SVC_T_REF, 0, .ref = "item",
	  .doc = "the item returned (an object's item by default)" },
	[RETURN_LINE_object_id] = { "object_id", SVC_T_REF, 0, .ref = "object",
	  .doc = "the service object returned, the customer's" },
	[RETURN_LINE_serial] = { "serial", SVC_T_TEXT, 0,
	  .doc = "serial number of the unit" },
	[RETURN_LINE_quantity] = { "quantity", SVC_T_DECIMAL, REQ, .scale = 4,
	  .doc = "quantity returned" },
	[RETURN_LINE_price] = { "price", SVC_T_MONEY, 0,
	  .currency = "currency",
	  .doc = "return price of one unit (default: the order line's, else "
	  "the item's sales price)" },
	[RETURN_LINE_currency] = { "currency", SVC_T_CURRENCY, REQ,
	  .doc = "the return order's currency" },
	[RETURN_LINE_disposition_id] = { "disposition_id", SVC_T_REF, 0,
	  .ref = "code", .ref_kind = "disposition",
	  .doc = "disposition code: what disposing does" },
	[RETURN_LINE_status] = { "status", SVC_T_ENUM, REQ, .def = "expected",
	  .words = line_statuses,
	  .doc = "expected, received, in-repair, done" },
	[RETURN_LINE_from_line] = { "from_line", SVC_T_TEXT, 0,
	  .doc = "the order line (ORDER/N) the unit came from" },
	[RETURN_LINE_order_id] = { "order_id", SVC_T_REF, 0, .ref = "order",
	  .doc = "the repair or replacement order" },
	[RETURN_LINE_received_at] = { "received_at", SVC_T_DATETIME, 0,
	  .doc = "when it arrived" },
	[RETURN_LINE_disposed_at] = { "disposed_at", SVC_T_DATETIME, 0,
	  .doc = "when it was disposed of" },
	[RETURN_LINE_scrapped] = { "scrapped", SVC_T_BOOL, 0,
	  .doc = "the unit was scrapped" },
	[RETURN_LINE_warranty] = { "warranty", SVC_T_BOOL, 0,
	  .doc = "the unit was under warranty on the day of the return" },
	[RETURN_LINE_credit] = { "credit", SVC_T_MONEY, 0,
	  .currency = "currency",
	  .doc = "the customer's credit: quantity times price" },
	[RETURN_LINE_credit_date] = { "credit_date", SVC_T_DATE, IDX,
	  .doc = "the day the credit became billable" },
	[RETURN_LINE_invoice_id] = { "invoice_id", SVC_T_REF, 0,
	  .ref = "invoice", .doc = "the invoice with the credit" },
	[RETURN_LINE_note] = { "note", SVC_T_TEXT, 0, .doc = "note" },
};
SVC_COLUMNS_MATCH(return_line_cols, RETURN_LINE_NCOLS);
const struct svc_table svc_return_line_table = {
	"return-line", "a line of a return order",
	SVC_COLS(return_line_cols), 2, NULL, line_validate, NULL
};
