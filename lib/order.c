/* order.c - service orders: create, change, lines, progress, cancel, move, sign-off, their events; the order tables */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "object.h"
#include "order.h"
#include "order_impl.h"
#include "param.h"

static char *
order_id_of(struct svc_row *order)
{
	return svc_arena_strndup(&order->arena, order->f[ORDER_id].p,
	    order->f[ORDER_id].n);
}

/* --- history --- */

int
svc_order_log_event(struct svc_txn *txn, const char *order, const char *event,
    const char *stage, const char *reason, const char *note,
    const struct svc_actor *who, struct svc_err *err)
{
	const struct svc_table *t = &svc_order_history_table;
	struct svc_row row;
	int rc;

	svc_row_init(&row, t);
	svc_row_set_text(&row, ORDER_HISTORY_order_id, order, strlen(order));
	svc_row_set_text(&row, ORDER_HISTORY_stage_id, stage, strlen(stage));
	if (reason && *reason)
		svc_row_set_text(&row, ORDER_HISTORY_reason_id, reason,
		    strlen(reason));
	if (note && *note)
		svc_row_set_text(&row, ORDER_HISTORY_note, note, strlen(note));
	svc_row_set_int(&row, ORDER_HISTORY_at, who->now);
	svc_row_set_text(&row, ORDER_HISTORY_user, who->user, strlen(who->user));
	svc_row_set_text(&row, ORDER_HISTORY_event, event, strlen(event));
	rc = svc_table_append(txn, t, &row, err);
	/* the reference check names the column; people know the code */
	if (rc && strstr(err->text, t->cols[ORDER_HISTORY_reason_id].name))
		rc = svc_err_set(err, SVC_EDATA, "unknown stage-reason code "
		    "'%s'", reason);
	svc_row_free(&row);
	return rc;
}

/* --- orders --- */

/* A service object on an order is the order's customer's. */
int
svc_object_of_customer(struct svc_txn *txn, const char *object, size_t n,
    const struct svc_field *customer, struct svc_err *err)
{
	struct svc_row obj;
	struct svc_field *c;
	int rc, found;

	svc_row_init(&obj, &svc_object_table);
	rc = svc_table_load(txn, &svc_object_table, object, n, &obj, &found,
	    err);
	if (!rc && !found)
		rc = svc_err_set(err, SVC_EDATA, "unknown object '%.*s'",
		    (int)n, object);
	else if (!rc) {
		c = &obj.f[OBJECT_customer_id];
		if (c->n != customer->n || memcmp(c->p, customer->p, c->n))
			rc = svc_err_set(err, SVC_EDATA, "object '%.*s' is "
			    "customer '%.*s''s, not the order's ('%.*s')",
			    (int)n, object, (int)c->n, c->p, (int)customer->n,
			    customer->p);
	}
	svc_row_free(&obj);
	return rc;
}

/* Relates id (column id_col of t) to the order (column order_col). */
static int
relate(struct svc_txn *txn, const struct svc_table *t, int order_col,
    int id_col, const char *order, const char *id, struct svc_err *err)
{
	struct svc_row row;
	int rc;

	svc_row_init(&row, t);
	svc_row_set_text(&row, order_col, order, strlen(order));
	svc_row_set_text(&row, id_col, id, strlen(id));
	if (!svc_id_valid(id, strlen(id)))
		rc = svc_err_set(err, SVC_EDATA, "bad id '%s'", id);
	else if ((rc = svc_table_put(txn, t, &row, SVC_PUT_NEW, NULL, err)) &&
	    strstr(err->text, "exists already"))
		rc = svc_err_set(err, SVC_EDATA, "%s '%s' is named twice",
		    t == &svc_order_object_table ? "object" : "task", id);
	svc_row_free(&row);
	return rc;
}

/* A line's service object is one of the order's: the customer's, and
 * related to the order (related here when it is not yet). */
static int
line_object(struct svc_txn *txn, struct svc_row *ord, struct svc_row *line,
    struct svc_err *err)
{
	struct svc_field *o = &line->f[ORDER_LINE_object_id];
	struct svc_row rel;
	int rc;

	if (o->null)
		return 0;
	if ((rc = svc_object_of_customer(txn, o->p, o->n,
	    &ord->f[ORDER_customer_id], err)))
		return rc;
	svc_row_init(&rel, &svc_order_object_table);
	svc_row_set_text(&rel, ORDER_OBJECT_order_id, ord->f[ORDER_id].p,
	    ord->f[ORDER_id].n);
	svc_row_set_text(&rel, ORDER_OBJECT_object_id, o->p, o->n);
	rc = svc_table_put(txn, &svc_order_object_table, &rel, SVC_PUT_ONCE,
	    NULL, err);
	svc_row_free(&rel);
	return rc;
}

/* The objects related to an order: how many, and the first. */
struct order_objects {
	int n;
	struct svc_buf first;
};

static int
count_object(void *arg, struct svc_row *row)
{
	struct order_objects *o = arg;
	struct svc_field *f = &row->f[ORDER_OBJECT_object_id];

	if (o->n++ == 0 && (svc_buf_add(&o->first, f->p, f->n) < 0 ||
	    svc_buf_addc(&o->first, 0) < 0))
		return SVC_ESYSTEM;
	return 0;
}

/* Warranty: when the line's object (object_id, else the order's one
 * related object) is under warranty on the line's line_date, sets its
 * sales price to 0 and its column warranty to true; lines from an
 * agreement (agreement_line) are passed over. */
static int
line_warranty(struct svc_txn *txn, struct svc_row *order,
    struct svc_row *line, struct svc_err *err)
{
	struct svc_field *obj = &line->f[ORDER_LINE_object_id];
	struct svc_field *day = &line->f[ORDER_LINE_line_date];
	struct order_objects o = { 0, SVC_BUF_INIT };
	int rc = 0, under = 0;
	int64_t ends;

	if (!line->f[ORDER_LINE_agreement_line].null || day->null)
		return 0;
	if (!obj->null) {
		if (svc_buf_add(&o.first, obj->p, obj->n) < 0 ||
		    svc_buf_addc(&o.first, 0) < 0)
			rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
		o.n = 1;
	} else {
		struct svc_field *id = &order->f[ORDER_id];
		char *oid = svc_arena_strndup(&order->arena, id->p, id->n);

		if (!oid)
			rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
		else if ((rc = svc_table_children(txn, &svc_order_object_table,
		    oid, count_object, &o, err)) == SVC_ESYSTEM)
			rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
	}
	/* an order of several objects says nothing of the line's */
	if (!rc && o.n == 1)
		rc = svc_object_warranty(txn, o.first.p, day->i, &under, &ends,
		    err);
	if (!rc && under) {
		svc_row_set_int(line, ORDER_LINE_sales_price, 0);
		svc_row_set_int(line, ORDER_LINE_warranty, 1);
	}
	svc_buf_free(&o.first);
	return rc;
}

int
svc_order_announce(struct svc_txn *txn, const struct svc_order_event *ev,
    struct svc_err *err)
{
	const struct svc_catalog *cat = svc_txn_catalog(txn);
	const struct svc_order_handler *h;
	int pos = 0, rc;

	while ((h = svc_catalog_hook(cat, SVC_ORDER_EVENTS, &pos)))
		if ((rc = h->on_event(txn, ev, err)))
			return rc;
	return 0;
}

static int
announce(struct svc_txn *txn, enum svc_order_event_kind kind,
    const char *order, struct svc_row *row, const struct svc_actor *who,
    struct svc_err *err)
{
	struct svc_order_event ev = { kind, order, row, NULL, NULL, 0, NULL,
		who, 0 };

	return svc_order_announce(txn, &ev, err);
}

/* Announces an event of a line (its order and number from the row). */
static int
announce_line(struct svc_txn *txn, enum svc_order_event_kind kind,
    struct svc_row *line, const char *reason, const struct svc_actor *who,
    struct svc_err *err)
{
	struct svc_order_event ev = { kind, NULL, NULL, NULL, NULL,
		line->f[ORDER_LINE_line].i, reason, who, 0 };
	char *order = svc_row_text(line, ORDER_LINE_order_id);

	if (!order)
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	ev.order = order;
	return svc_order_announce(txn, &ev, err);
}

static int
announce_moved(struct svc_txn *txn, const char *order, int64_t line,
    const struct svc_actor *who, struct svc_err *err)
{
	struct svc_order_event ev = { SVC_ORDER_LINE_MOVED, order, NULL, NULL,
		NULL, line, NULL, who, 0 };

	return svc_order_announce(txn, &ev, err);
}

int
svc_order_create(struct svc_txn *txn, const struct svc_texts *in,
    char *const *objects, int nobjects, char *const *tasks, int ntasks,
    unsigned flags, const struct svc_actor *who, struct svc_buf *id,
    struct svc_err *err)
{
	static const int own[] = { ORDER_stage_id, ORDER_progress,
		ORDER_currency, ORDER_signed_off, ORDER_signed_at,
		ORDER_signed_by, ORDER_cancelled, ORDER_created_at,
		ORDER_origin, -1 };
	int imported = (flags & SVC_ORDER_IMPORT) != 0;
	const struct svc_table *t = &svc_order_table, *ct = &svc_customer_table;
	struct svc_row row, cust;
	struct svc_texts oin;
	struct svc_field *f;
	char *order = NULL, first[80];
	int rc, i, c, found;

	if (!imported && (rc = svc_texts_refuse(t, in, own, err)))
		return rc;
	svc_row_init(&row, t);
	svc_row_init(&cust, ct);
	/* an import that names the stage needs no initial one (svc order
	 * import and generation seed the stage tree before their first) */
	if ((!imported || !in->given[ORDER_stage_id] ||
	    !in->n[ORDER_stage_id]) &&
	    (rc = svc_stage_initial(txn, first, sizeof first, err)))
		goto out;
	/* the columns that are not the caller's, before the checks */
	oin = *in;
	c = ORDER_customer_id;
	if (oin.given[c] && oin.n[c]) {
		rc = svc_table_load(txn, ct, oin.s[c], oin.n[c], &cust, &found,
		    err);
		if (rc || !found) {
			if (!rc)
				rc = SVC_EDATA;
			svc_err_prefix(err, "column 'customer_id': ");
			err->status = rc;
			goto out;
		}
		f = &cust.f[CUSTOMER_currency];
		oin.s[ORDER_currency] = f->p;
		oin.n[ORDER_currency] = f->n;
		oin.given[ORDER_currency] = 1;
	}
	c = ORDER_stage_id;
	if (!imported || !oin.given[c] || !oin.n[c]) {
		oin.s[c] = first;
		oin.n[c] = strlen(first);
		oin.given[c] = 1;
	}
	oin.s[ORDER_progress] = "in-process";
	oin.n[ORDER_progress] = 10;
	oin.given[ORDER_progress] = 1;
	if ((rc = svc_table_build(txn, t, &oin, SVC_BUILD_ADD, &row, err)))
		goto out;
	if (imported && !oin.given[ORDER_origin])
		svc_row_set_text(&row, ORDER_origin, "import", 6);
	else if (flags & SVC_ORDER_RETURN)
		svc_row_set_text(&row, ORDER_origin, "return", 6);
	{
		struct svc_order_event ev = { SVC_ORDER_CREATING, NULL, &row,
			NULL, NULL, 0, NULL, who, flags };

		if ((rc = svc_order_announce(txn, &ev, err)))
			goto out;
	}
	/* sign-off follows from the lines */
	svc_row_set_int(&row, ORDER_signed_off, 0);
	if (!imported) {
		svc_row_set_null(&row, ORDER_signed_at);
		svc_row_set_null(&row, ORDER_signed_by);
	}
	if (row.f[ORDER_address].null && !cust.f[CUSTOMER_address].null) {
		f = &cust.f[CUSTOMER_address];
		svc_row_set_text(&row, ORDER_address, f->p, f->n);
	}
	if (row.f[ORDER_created_at].null)
		svc_row_set_int(&row, ORDER_created_at, who->now);
	if ((rc = svc_table_put(txn, t, &row, SVC_PUT_NEW, NULL, err)) ||
	    (rc = svc_table_key_text(t, &row, id) ? SVC_ESYSTEM : 0))
		goto out;
	order = strdup(id->p);
	if (!order) {
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	for (i = 0; i < nobjects && !rc; i++)
		if (!(rc = svc_object_of_customer(txn, objects[i],
		    strlen(objects[i]), &row.f[ORDER_customer_id], err)))
			rc = relate(txn, &svc_order_object_table,
			    ORDER_OBJECT_order_id, ORDER_OBJECT_object_id, order,
			    objects[i], err);
	for (i = 0; i < ntasks && !rc; i++)
		rc = relate(txn, &svc_order_task_table, ORDER_TASK_order_id,
		    ORDER_TASK_task_id, order, tasks[i], err);
	if (!rc)
		rc = svc_order_log_event(txn, order, "create",
		    svc_row_text(&row, ORDER_stage_id), NULL, NULL, who, err);
	if (!rc)
		rc = announce(txn, SVC_ORDER_CREATED, order, &row, who, err);
out:
	free(order);
	svc_row_free(&row);
	svc_row_free(&cust);
	return rc;
}

/* An item line of one of the customer's orders, priced by price.c. */
int
svc_order_item_price(struct svc_txn *txn, const char *customer,
    const char *item, const char *currency, int64_t *price,
    struct svc_err *err)
{
	struct svc_row order, line;
	int rc;

	svc_row_init(&order, &svc_order_table);
	svc_row_init(&line, &svc_order_line_table);
	svc_row_set_text(&order, ORDER_customer_id, customer, strlen(customer));
	svc_row_set_text(&line, ORDER_LINE_type, "item", 4);
	svc_row_set_text(&line, ORDER_LINE_item_id, item, strlen(item));
	svc_row_set_text(&line, ORDER_LINE_currency, currency,
	    strlen(currency));
	if (!(rc = svc_order_line_prices(txn, &order, &line, err)))
		*price = line.f[ORDER_LINE_sales_price].i;
	svc_row_free(&order);
	svc_row_free(&line);
	return rc;
}

int
svc_order_set(struct svc_txn *txn, const char *order,
    const struct svc_texts *in, const struct svc_actor *who,
    struct svc_err *err)
{
	static const int own[] = { ORDER_stage_id, ORDER_progress,
		ORDER_currency, ORDER_signed_off, ORDER_signed_at,
		ORDER_signed_by, ORDER_cancelled, ORDER_customer_id,
		ORDER_created_at, ORDER_origin, -1 };
	const struct svc_table *t = &svc_order_table;
	struct svc_order_event ev = { SVC_ORDER_CHANGING, order, NULL, NULL,
		NULL, 0, NULL, who, 0 };
	struct svc_row row, old;
	int rc;

	if ((rc = svc_texts_refuse(t, in, own, err)))
		return rc;
	svc_row_init(&row, t);
	svc_row_init(&old, t);
	ev.row = &row;
	ev.from = &old;
	if (!(rc = svc_table_must_load(txn, t, order, &row, err)) &&
	    !(rc = svc_row_copy(&old, &row) ? svc_err_set(err, SVC_ESYSTEM,
	    "out of memory") : 0) &&
	    !(rc = svc_stage_allows(txn, &row, STAGE_may_modify, "changes",
	    err)) &&
	    !(rc = svc_table_build(txn, t, in, SVC_BUILD_SET, &row, err)) &&
	    !(rc = svc_order_announce(txn, &ev, err)) &&
	    !(rc = svc_table_put(txn, t, &row, SVC_PUT_UPDATE, NULL, err)))
		rc = announce(txn, SVC_ORDER_CHANGED, order, &row, who, err);
	svc_row_free(&row);
	svc_row_free(&old);
	return rc;
}

static int
order_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	struct svc_field *s = &row->f[ORDER_preferred_start_at];
	struct svc_field *e = &row->f[ORDER_preferred_end_at];
	int allowed, rc;

	(void)t;
	if (!s->null && !e->null && e->i < s->i)
		return svc_err_set(err, SVC_EDATA, "column 'preferred_end_at': "
		    "before preferred_start_at");
	if ((rc = svc_param_bool(txn, "orders_without_agreement", &allowed, err)))
		return rc;
	if (!allowed && row->f[ORDER_agreement_id].null)
		return svc_err_set(err, SVC_EDATA, "column 'agreement_id': orders "
		    "need an agreement (parameter orders_without_agreement)");
	return 0;
}

int
svc_order_object_rule(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, int customer, struct svc_err *err)
{
	/* the parent is the table the key's first column refers to */
	const struct svc_table *pt = svc_catalog_table(svc_txn_catalog(txn),
	    t->cols[0].ref, strlen(t->cols[0].ref));
	struct svc_field *o = &row->f[1];
	struct svc_row parent;
	int rc, found;

	svc_row_init(&parent, pt);
	rc = svc_table_get(txn, pt, row->f[0].p, row->f[0].n, &parent, &found,
	    err);
	if (!rc && found)
		rc = svc_object_of_customer(txn, o->p, o->n,
		    &parent.f[customer], err);
	svc_row_free(&parent);
	return rc;
}

static int
order_object_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	return svc_order_object_rule(txn, t, row, ORDER_customer_id, err);
}

/* --- lines --- */

static int
order_line_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	struct svc_field *s = &row->f[ORDER_LINE_start_at];
	struct svc_field *e = &row->f[ORDER_LINE_end_at];

	static const int prices[] = { ORDER_LINE_cost_price,
		ORDER_LINE_sales_price };
	int64_t amount;
	size_t i;

	if (!s->null && !e->null && e->i < s->i)
		return svc_err_set(err, SVC_EDATA, "column 'end_at': before "
		    "start_at");
	if (row->f[ORDER_LINE_line].i < 1 ||
	    row->f[ORDER_LINE_line].i > SVC_ORDER_MAX_LINE)
		return svc_err_set(err, SVC_EDATA, "column 'line': line numbers "
		    "go from 1 to %d", SVC_ORDER_MAX_LINE);
	/* every amount the line makes fits an amount, with room for an
	 * order's or an invoice's sum of many */
	for (i = 0; i < sizeof prices / sizeof prices[0]; i++)
		if (!row->f[prices[i]].null &&
		    (svc_order_amount(row->f[ORDER_LINE_quantity].i,
		    row->f[prices[i]].i, &amount) ||
		    amount > SVC_ORDER_MAX_AMOUNT ||
		    amount < -SVC_ORDER_MAX_AMOUNT))
			return svc_err_set(err, SVC_EDATA, "column '%s': "
			    "quantity times %s is too large an amount",
			    t->cols[prices[i]].name, t->cols[prices[i]].name);
	return svc_line_type_rule(txn, row, ORDER_LINE_type,
	    ORDER_LINE_category_id, ORDER_LINE_item_id, err);
}

int
svc_line_type_rule(struct svc_txn *txn, struct svc_row *row, int type_col,
    int category_col, int item_col, struct svc_err *err)
{
	struct svc_field *type = &row->f[type_col], *cat = &row->f[category_col];
	struct svc_field *ctype;
	struct svc_row c;
	int rc, found;

	if (svc_field_is(type, "item") && row->f[item_col].null)
		return svc_err_set(err, SVC_EDATA, "column 'item_id': an item "
		    "line needs an item");
	if (!svc_field_is(type, "item") && cat->null)
		return svc_err_set(err, SVC_EDATA, "column 'category_id': %s %.*s "
		    "line needs a category", svc_field_is(type, "expense") ||
		    svc_field_is(type, "hour") ? "an" : "a", (int)type->n, type->p);
	if (cat->null)
		return 0;
	svc_row_init(&c, &svc_category_table);
	rc = svc_table_get(txn, &svc_category_table, cat->p, cat->n, &c, &found,
	    err);
	ctype = &c.f[CATEGORY_type];
	/* a category that is not there: the reference check names it */
	if (!rc && found && !(ctype->n == type->n &&
	    memcmp(ctype->p, type->p, type->n) == 0))
		rc = svc_err_set(err, SVC_EDATA, "column 'category_id': "
		    "category '%.*s' is for %.*s lines, not %.*s", (int)cat->n,
		    cat->p, (int)ctype->n, ctype->p, (int)type->n, type->p);
	svc_row_free(&c);
	return rc;
}

struct lines {
	int64_t last_signed;
	int n, created, posted, cancelled, signed_open;
};

static int
count_line(void *arg, struct svc_row *row)
{
	struct lines *l = arg;
	struct svc_field *st = &row->f[ORDER_LINE_status];
	struct svc_field *at = &row->f[ORDER_LINE_signed_at];

	if (!at->null && at->i > l->last_signed)
		l->last_signed = at->i;
	l->n++;
	if (svc_field_is(st, "created")) {
		l->created++;
		if (!svc_row_true(row, ORDER_LINE_signed_off))
			l->signed_open++;
	} else if (svc_field_is(st, "posted"))
		l->posted++;
	else
		l->cancelled++;
	return 0;
}

int
svc_order_lines(struct svc_txn *txn, const char *order,
    int (*fn)(void *arg, struct svc_row *row), void *arg,
    struct svc_err *err)
{
	return svc_table_children(txn, &svc_order_line_table, order, fn, arg, err);
}

/* What an order's progress and sign-off are, from its lines. */
static int
derive(struct svc_txn *txn, struct svc_row *order, const char **progress,
    int *signed_off, int64_t *signed_at, struct svc_err *err)
{
	struct lines l = { 0, 0, 0, 0, 0, 0 };
	int rc;

	if ((rc = svc_order_lines(txn, order_id_of(order), count_line, &l, err)))
		return rc;
	if (l.n == 0)
		*progress = svc_row_true(order, ORDER_cancelled) ? "cancelled" :
		    "in-process";
	else if (l.created)
		*progress = "in-process";
	else if (l.cancelled == l.n)
		*progress = "cancelled";
	else
		*progress = "posted";
	*signed_off = l.created + l.posted > 0 && l.signed_open == 0;
	/* signed off when its last open line was */
	*signed_at = l.last_signed;
	return 0;
}

/* Brings the order's progress and sign-off to what its lines say:
 * from every line (all), or, when a line was just added that is open
 * and not signed off, to what any such line makes them without reading
 * the others (in process, not signed off). */
static int
refresh(struct svc_txn *txn, const char *order, int all, struct svc_err *err)
{
	const struct svc_table *t = &svc_order_table;
	struct svc_row row;
	const char *progress = "in-process";
	int64_t signed_at = 0;
	int rc, signed_off = 0;

	svc_row_init(&row, t);
	if ((rc = svc_table_must_load(txn, t, order, &row, err)) ||
	    (all && (rc = derive(txn, &row, &progress, &signed_off, &signed_at,
	    err))))
		goto out;
	if (!svc_field_is(&row.f[ORDER_progress], progress) ||
	    svc_row_true(&row, ORDER_signed_off) != signed_off ||
	    (signed_off && row.f[ORDER_signed_at].null)) {
		svc_row_set_text(&row, ORDER_progress, progress,
		    strlen(progress));
		svc_row_set_int(&row, ORDER_signed_off, signed_off);
		if (!signed_off) {
			svc_row_set_null(&row, ORDER_signed_at);
			svc_row_set_null(&row, ORDER_signed_by);
		}
		else if (row.f[ORDER_signed_at].null && signed_at)
			svc_row_set_int(&row, ORDER_signed_at, signed_at);
		rc = svc_table_put(txn, t, &row, SVC_PUT_UPDATE, NULL, err);
	}
out:
	svc_row_free(&row);
	return rc;
}

int
svc_order_refresh(struct svc_txn *txn, const char *order, struct svc_err *err)
{
	return refresh(txn, order, 1, err);
}

struct checker {
	struct svc_txn *txn;
	void (*report)(void *, const char *);
	void *arg;
	long problems;
	struct svc_err *err;
};

static int
check_order(void *arg, struct svc_row *row)
{
	struct checker *ck = arg;
	const char *progress;
	char msg[200];
	int64_t signed_at;
	int rc, signed_off;

	if ((rc = derive(ck->txn, row, &progress, &signed_off, &signed_at,
	    ck->err)))
		return rc;
	if (!svc_field_is(&row->f[ORDER_progress], progress) ||
	    svc_row_true(row, ORDER_signed_off) != signed_off) {
		snprintf(msg, sizeof msg, "order '%.*s': progress or sign-off "
		    "does not follow from its lines (want %s, %s)",
		    (int)row->f[ORDER_id].n, row->f[ORDER_id].p, progress,
		    signed_off ? "signed off" : "not signed off");
		ck->report(ck->arg, msg);
		ck->problems++;
	}
	return 0;
}

int
svc_order_check(struct svc_txn *txn, void (*report)(void *, const char *),
    void *arg, long *problems, struct svc_err *err)
{
	struct checker ck = { txn, report, arg, 0, err };
	int rc = svc_table_scan(txn, &svc_order_table, NULL, 0, check_order,
	    &ck, err);

	*problems = ck.problems;
	return rc;
}

const struct svc_check svc_order_checker = { "order", svc_order_check };

/* Loads the order of a line key "SO-1/2" into order and the line into
 * line. */
static int
load_line(struct svc_txn *txn, const char *key, struct svc_row *order,
    struct svc_row *line, struct svc_err *err)
{
	struct svc_field *o;
	int rc;

	if ((rc = svc_table_must_load(txn, &svc_order_line_table, key, line, err)))
		return rc;
	o = &line->f[ORDER_LINE_order_id];
	return svc_table_must_load(txn, &svc_order_table,
	    svc_arena_strndup(&line->arena, o->p, o->n), order, err);
}

int
svc_order_line_load(struct svc_txn *txn, const char *order, int64_t n,
    struct svc_row *line, struct svc_err *err)
{
	char key[120];

	snprintf(key, sizeof key, "%s/%lld", order, (long long)n);
	return svc_table_must_load(txn, &svc_order_line_table, key, line, err);
}

static int
line_is(struct svc_row *line, const char *status, const char *doing,
    struct svc_err *err)
{
	struct svc_field *st = &line->f[ORDER_LINE_status];
	struct svc_field *o = &line->f[ORDER_LINE_order_id];
	long long n = (long long)line->f[ORDER_LINE_line].i;

	if (svc_field_is(st, status))
		return 0;
	if (svc_field_is(st, "posted"))
		return svc_err_set(err, SVC_EDATA, "line %.*s/%lld is posted: "
		    "posted lines never change (add a correcting line)",
		    (int)o->n, o->p, n);
	return svc_err_set(err, SVC_EDATA, "line %.*s/%lld is %.*s: cannot %s "
	    "it", (int)o->n, o->p, n, (int)st->n, st->p, doing);
}

/* An item line without a unit takes the item's. */
static int
item_unit(struct svc_txn *txn, struct svc_row *line, struct svc_err *err)
{
	struct svc_field *item = &line->f[ORDER_LINE_item_id], *u;
	struct svc_row it;
	int rc, found;

	if (item->null || !line->f[ORDER_LINE_unit].null)
		return 0;
	svc_row_init(&it, &svc_item_table);
	rc = svc_table_get(txn, &svc_item_table, item->p, item->n, &it, &found,
	    err);
	if (!rc && found && !(u = &it.f[ITEM_unit])->null)
		svc_row_set_text(line, ORDER_LINE_unit, u->p, u->n);
	svc_row_free(&it);
	return rc;
}

/* --- the quantity of hour lines --- */

/* 10 to the power of the quantity's scale: one hour */
static int64_t
quantity_unit(void)
{
	int64_t unit = 1;
	int i;

	for (i = 0; i < svc_order_line_table.cols[ORDER_LINE_quantity].scale;
	    i++)
		unit *= 10;
	return unit;
}

/* A quantity given as hours and minutes (H:MM, minutes 00 to 59) is
 * taken out of what the build parses (*hm 1, the quantity in *q, the
 * minutes' fraction rounded half up to the scale); any other text is
 * left to the build. */
static int
quantity_hours_minutes(const struct svc_texts *in, struct svc_texts *lin,
    int64_t *q, int *hm, struct svc_err *err)
{
	const int qc = ORDER_LINE_quantity;
	const char *s = in->s[qc], *colon;
	size_t n = in->n[qc], i, h;
	int64_t hours = 0, minutes;

	*hm = 0;
	if (!in->given[qc] || !n || !(colon = memchr(s, ':', n)))
		return 0;
	h = (size_t)(colon - s);
	for (i = 0; i < n; i++)
		if (i != h && !isdigit((unsigned char)s[i]))
			break;
	if (i < n || h < 1 || h > 6 || n - h - 1 != 2 ||
	    (minutes = (s[h + 1] - '0') * 10 + (s[h + 2] - '0')) > 59)
		return svc_err_set(err, SVC_EDATA, "column 'quantity': bad "
		    "hours '%.*s' (want H:MM, minutes 00 to 59)",
		    (int)(n > 40 ? 40 : n), s);
	for (i = 0; i < h; i++)
		hours = hours * 10 + (s[i] - '0');
	*q = hours * quantity_unit() + (minutes * quantity_unit() + 30) / 60;
	*hm = 1;
	lin->given[qc] = 0;
	return 0;
}

/* The quantity of an hour line: hours and minutes given (hm), or, when
 * no quantity is given and its start and end are (times: the build
 * took them now), the hours between them rounded half up to the
 * scale. */
static int
line_hours(struct svc_row *row, const struct svc_texts *in, int times,
    int hm, int64_t q, struct svc_err *err)
{
	const int qc = ORDER_LINE_quantity;
	struct svc_field *s = &row->f[ORDER_LINE_start_at];
	struct svc_field *e = &row->f[ORDER_LINE_end_at];
	int hour = svc_field_is(&row->f[ORDER_LINE_type], "hour");

	if (hm && !hour)
		return svc_err_set(err, SVC_EDATA, "column 'quantity': hours "
		    "and minutes (H:MM) are for hour lines");
	if (hm)
		return svc_row_set_int(row, qc, q) ? svc_err_set(err,
		    SVC_EDATA, "column 'quantity': bad hours") : 0;
	if (!hour || !times || (in->given[qc] && in->n[qc]) || s->null ||
	    e->null || e->i < s->i)
		return 0;
	svc_row_set_int(row, qc, ((e->i - s->i) * quantity_unit() + 1800) /
	    3600);
	return 0;
}

int
svc_order_line_add(struct svc_txn *txn, const char *order,
    const struct svc_texts *in, unsigned flags, const struct svc_actor *who,
    int64_t *line, struct svc_err *err)
{
	static const int own[] = { ORDER_LINE_order_id, ORDER_LINE_currency,
		ORDER_LINE_status, ORDER_LINE_signed_off, ORDER_LINE_signed_at,
		ORDER_LINE_posted_at, ORDER_LINE_cancel_reason_id,
		ORDER_LINE_source, ORDER_LINE_warranty, -1 };
	static const int own_import[] = { ORDER_LINE_order_id,
		ORDER_LINE_currency, -1 };
	const struct svc_table *t = &svc_order_line_table, *ot = &svc_order_table;
	const int oc = ORDER_LINE_order_id, lc = ORDER_LINE_line,
	    cur = ORDER_LINE_currency, pc = ORDER_LINE_posted_at;
	struct svc_texts lin = *in;
	struct svc_row row, ord;
	struct svc_field *f;
	int64_t hours = 0;
	int rc, numbered, hm;

	if ((flags & SVC_ORDER_IMPORT) && in->given[pc] && in->n[pc])
		return svc_err_set(err, SVC_EDATA, "column 'posted_at': posted "
		    "lines are not imported (their journal is elsewhere)");
	if ((rc = svc_texts_refuse(t, in, flags & SVC_ORDER_IMPORT ? own_import :
	    own, err)))
		return rc;
	svc_row_init(&row, t);
	svc_row_init(&ord, ot);
	/* an import brings orders as they are in the other system */
	if ((rc = svc_table_must_load(txn, ot, order, &ord, err)) ||
	    (!(flags & SVC_ORDER_IMPORT) &&
	    (rc = svc_stage_allows(txn, &ord, STAGE_may_modify, "changes",
	    err))))
		goto out;
	if (svc_row_true(&ord, ORDER_cancelled) && !(flags & SVC_ORDER_IMPORT)) {
		rc = svc_err_set(err, SVC_EDATA, "order '%s' is cancelled "
		    "(revoke the cancellation first)", order);
		goto out;
	}
	lin.s[oc] = ord.f[ORDER_id].p;
	lin.n[oc] = ord.f[ORDER_id].n;
	lin.given[oc] = 1;
	numbered = lin.given[lc] && lin.n[lc];
	if (!numbered) {
		/* a stand-in for the build: svc_table_append numbers the line */
		lin.s[lc] = "1";
		lin.n[lc] = 1;
		lin.given[lc] = 1;
	}
	f = &ord.f[ORDER_currency];
	lin.s[cur] = f->p;
	lin.n[cur] = f->n;
	lin.given[cur] = 1;
	if ((rc = quantity_hours_minutes(in, &lin, &hours, &hm, err)) ||
	    (rc = svc_table_build(txn, t, &lin, SVC_BUILD_ADD, &row, err)) ||
	    (rc = line_hours(&row, in, 1, hm, hours, err)))
		goto out;
	if (row.f[lc].i < 1) {
		rc = svc_err_set(err, SVC_EDATA, "column 'line': line numbers "
		    "start at 1");
		goto out;
	}
	if (svc_field_is(&row.f[ORDER_LINE_status], "posted")) {
		rc = svc_err_set(err, SVC_EDATA, "column 'status': lines are "
		    "posted by svc order post");
		goto out;
	}
	if (row.f[ORDER_LINE_line_date].null) {
		f = &ord.f[ORDER_preferred_start_at];
		svc_row_set_int(&row, ORDER_LINE_line_date,
		    svc_date_of_instant(f->null ? who->now : f->i));
	}
	/* what is wrong with the line itself first, then its prices */
	if ((rc = svc_table_check_refs(txn, t, &row, err)) ||
	    (rc = order_line_validate(txn, t, &row, err)) ||
	    (rc = line_object(txn, &ord, &row, err)) ||
	    (rc = item_unit(txn, &row, err)) ||
	    (rc = svc_order_line_prices(txn, &ord, &row, err)) ||
	    (!(flags & (SVC_ORDER_IMPORT | SVC_ORDER_BILL_ANYWAY)) &&
	    (rc = line_warranty(txn, &ord, &row, err))) ||
	    (rc = numbered ? svc_table_put(txn, t, &row, SVC_PUT_NEW, NULL, err) :
	    svc_table_append(txn, t, &row, err)) ||
	    (rc = refresh(txn, order, !svc_field_is(&row.f[ORDER_LINE_status],
	    "created") || svc_row_true(&row, ORDER_LINE_signed_off), err)))
		goto out;
	*line = row.f[lc].i;
out:
	svc_row_free(&row);
	svc_row_free(&ord);
	return rc;
}

int
svc_order_line_set(struct svc_txn *txn, const char *key,
    const struct svc_texts *in, struct svc_err *err)
{
	static const int own[] = { ORDER_LINE_order_id, ORDER_LINE_line,
		ORDER_LINE_currency, ORDER_LINE_status, ORDER_LINE_signed_off,
		ORDER_LINE_signed_at, ORDER_LINE_posted_at,
		ORDER_LINE_cancel_reason_id, ORDER_LINE_warranty, -1 };
	/* what the prices are looked up by */
	static const int priced[] = { ORDER_LINE_type, ORDER_LINE_category_id,
		ORDER_LINE_item_id, ORDER_LINE_worker_id, -1 };
	const struct svc_table *t = &svc_order_line_table;
	struct svc_texts lin = *in;
	struct svc_row ord, line;
	int64_t hours = 0;
	int rc, c, hm, reprice = 0;

	if ((rc = svc_texts_refuse(t, in, own, err)))
		return rc;
	for (c = 0; priced[c] >= 0; c++)
		reprice |= in->given[priced[c]];
	svc_row_init(&ord, &svc_order_table);
	svc_row_init(&line, t);
	if ((rc = load_line(txn, key, &ord, &line, err)) ||
	    (rc = line_is(&line, "created", "change", err)) ||
	    (rc = svc_stage_allows(txn, &ord, STAGE_may_modify, "changes",
	    err)) ||
	    (rc = quantity_hours_minutes(in, &lin, &hours, &hm, err)) ||
	    (rc = svc_table_build(txn, t, &lin, SVC_BUILD_SET, &line, err)) ||
	    (rc = line_hours(&line, in, in->given[ORDER_LINE_start_at] ||
	    in->given[ORDER_LINE_end_at], hm, hours, err)))
		goto out;
	if (reprice && ((rc = svc_table_check_refs(txn, t, &line, err)) ||
	    (rc = order_line_validate(txn, t, &line, err))))
		goto out;
	if (in->given[ORDER_LINE_object_id] &&
	    (rc = line_object(txn, &ord, &line, err)))
		goto out;
	if (reprice) {
		/* what the price came from changed: look it up again, unless
		 * it is given too */
		if (!in->given[ORDER_LINE_cost_price])
			svc_row_set_null(&line, ORDER_LINE_cost_price);
		if (!in->given[ORDER_LINE_sales_price])
			svc_row_set_null(&line, ORDER_LINE_sales_price);
		if ((rc = svc_order_line_prices(txn, &ord, &line, err)))
			goto out;
		/* a line not charged under warranty stays so */
		if (svc_row_true(&line, ORDER_LINE_warranty) &&
		    !in->given[ORDER_LINE_sales_price])
			svc_row_set_int(&line, ORDER_LINE_sales_price, 0);
	}
	/* a sales price given bills the line */
	if (in->given[ORDER_LINE_sales_price] &&
	    svc_row_true(&line, ORDER_LINE_warranty))
		svc_row_set_null(&line, ORDER_LINE_warranty);
	if (!(rc = svc_table_put(txn, t, &line, SVC_PUT_UPDATE, NULL, err)))
		rc = svc_order_refresh(txn, order_id_of(&ord), err);
out:
	svc_row_free(&ord);
	svc_row_free(&line);
	return rc;
}

/* An order signed off in full is announced, however it came to be
 * (signing, or cancelling or moving away its last open line); when it
 * came by a line (signing 1), the handlers hear SVC_ORDER_SIGNING first
 * and may refuse, as they may refuse svc order sign. */
static int
announce_if_signed(struct svc_txn *txn, const char *order, int signing,
    const char *reason, const struct svc_actor *who, struct svc_err *err)
{
	struct svc_order_event ev = { SVC_ORDER_SIGNING, order, NULL, NULL,
		NULL, 0, reason, who, 0 };
	struct svc_row ord;
	int rc;

	svc_row_init(&ord, &svc_order_table);
	if (!(rc = svc_table_must_load(txn, &svc_order_table, order, &ord,
	    err)) && svc_row_true(&ord, ORDER_signed_off)) {
		ev.row = &ord;
		if (!signing || !(rc = svc_order_announce(txn, &ev, err))) {
			ev.kind = SVC_ORDER_SIGNED;
			rc = svc_order_announce(txn, &ev, err);
		}
	}
	svc_row_free(&ord);
	return rc;
}

/* Refuses a cancellation without a reason when the parameter asks one. */
static int
reason_check(struct svc_txn *txn, const char *reason, struct svc_err *err)
{
	int need, rc;

	if ((rc = svc_param_bool(txn, "cancel_reason_required", &need, err)))
		return rc;
	if (need && (!reason || !*reason))
		return svc_err_set(err, SVC_EDATA, "a reason is required "
		    "(--reason CODE, parameter cancel_reason_required)");
	return 0;
}

static int
set_status(struct svc_txn *txn, struct svc_row *line, const char *status,
    const char *reason, int by_order, struct svc_err *err)
{
	svc_row_set_text(line, ORDER_LINE_status, status, strlen(status));
	svc_row_set_int(line, ORDER_LINE_cancelled_with_order, by_order);
	/* a reason that cannot be a code names none there is */
	if (reason && *reason && svc_row_set_text(line,
	    ORDER_LINE_cancel_reason_id, reason, strlen(reason)))
		return svc_err_set(err, SVC_EDATA, "column 'cancel_reason_id': "
		    "unknown stage-reason '%s'", reason);
	else if (!reason || !*reason)
		svc_row_set_null(line, ORDER_LINE_cancel_reason_id);
	if (strcmp(status, "created") == 0) {
		svc_row_set_int(line, ORDER_LINE_signed_off, 0);
		svc_row_set_null(line, ORDER_LINE_signed_at);
	}
	return svc_table_put(txn, &svc_order_line_table, line, SVC_PUT_UPDATE,
	    NULL, err);
}

int
svc_order_line_cancel(struct svc_txn *txn, const char *key,
    const char *reason, const struct svc_actor *who, struct svc_err *err)
{
	struct svc_row ord, line;
	int rc;

	svc_row_init(&ord, &svc_order_table);
	svc_row_init(&line, &svc_order_line_table);
	if (!(rc = load_line(txn, key, &ord, &line, err)) &&
	    !(rc = line_is(&line, "created", "cancel", err)) &&
	    !(rc = svc_stage_allows(txn, &ord, STAGE_may_cancel, "cancelling",
	    err)) &&
	    !(rc = reason_check(txn, reason, err)) &&
	    !(rc = set_status(txn, &line, "cancelled", reason, 0, err)) &&
	    !(rc = svc_order_refresh(txn, order_id_of(&ord), err)) &&
	    !(rc = announce_line(txn, SVC_ORDER_LINE_CANCELLED, &line, reason,
	    who, err)))
		rc = announce_if_signed(txn, order_id_of(&ord), 1, NULL, who,
		    err);
	svc_row_free(&ord);
	svc_row_free(&line);
	return rc;
}

int
svc_order_line_revoke(struct svc_txn *txn, const char *key,
    const struct svc_actor *who, struct svc_err *err)
{
	struct svc_row ord, line;
	int rc;

	(void)who;
	svc_row_init(&ord, &svc_order_table);
	svc_row_init(&line, &svc_order_line_table);
	if (!(rc = load_line(txn, key, &ord, &line, err)) &&
	    !(rc = line_is(&line, "cancelled", "revoke", err)) &&
	    !(rc = svc_stage_allows(txn, &ord, STAGE_may_modify, "changes",
	    err))) {
		if (svc_row_true(&ord, ORDER_cancelled))
			rc = svc_err_set(err, SVC_EDATA, "order '%.*s' is "
			    "cancelled (revoke the order's cancellation)",
			    (int)ord.f[ORDER_id].n, ord.f[ORDER_id].p);
		else if (!(rc = set_status(txn, &line, "created", NULL, 0, err)))
			rc = svc_order_refresh(txn, order_id_of(&ord), err);
	}
	svc_row_free(&ord);
	svc_row_free(&line);
	return rc;
}

/* --- stage moves, cancel, revoke, delete, move --- */

/* The stage tree (stage.c) says where the order may go; the order, its
 * history and the handlers are told here. */
int
svc_order_stage(struct svc_txn *txn, const char *order, const char *to,
    const char *reason, const char *note, const struct svc_actor *who,
    struct svc_err *err)
{
	const struct svc_table *ot = &svc_order_table, *st = &svc_stage_table;
	struct svc_row ord, cur, next;
	char *target;
	int rc;

	svc_row_init(&ord, ot);
	svc_row_init(&cur, st);
	svc_row_init(&next, st);
	if ((rc = svc_table_must_load(txn, ot, order, &ord, err)) ||
	    (rc = svc_stage_of_order(txn, &ord, &cur, err)))
		goto out;
	if (svc_row_true(&ord, ORDER_cancelled)) {
		rc = svc_err_set(err, SVC_EDATA, "order '%s' is cancelled", order);
		goto out;
	}
	if ((rc = svc_stage_step(txn, order, &cur, to, reason, &next, err)))
		goto out;
	if (!(target = svc_row_text(&next, STAGE_id))) {
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	svc_row_set_text(&ord, ORDER_stage_id, target, strlen(target));
	if (!(rc = svc_table_put(txn, ot, &ord, SVC_PUT_UPDATE, NULL, err)) &&
	    !(rc = svc_order_log_event(txn, order, "stage", target, reason,
	    note, who, err))) {
		struct svc_order_event ev = { SVC_ORDER_STAGED, order, &ord,
			&cur, &next, 0, reason, who, 0 };

		rc = svc_order_announce(txn, &ev, err);
	}
out:
	svc_row_free(&ord);
	svc_row_free(&cur);
	svc_row_free(&next);
	return rc;
}

/* The numbers of an order's lines in one status (collected first: the
 * lines change while their table would be walked). */
static int
pick_lines(struct svc_txn *txn, const char *order, const char *status,
    struct svc_numbers *pk, struct svc_err *err)
{
	return svc_table_child_numbers(txn, &svc_order_line_table, order,
	    ORDER_LINE_status, status, pk, err);
}

/* Cancels the open lines of an order with it (cancel), or brings back
 * those cancelled with it (revoke); lines cancelled on their own stay
 * cancelled. */
static int
change_lines(struct svc_txn *txn, const char *order, int cancel,
    const char *reason, struct svc_err *err)
{
	struct svc_row line;
	struct svc_numbers pk;
	int i, rc;

	if ((rc = pick_lines(txn, order, cancel ? "created" : "cancelled", &pk,
	    err)))
		return rc;
	svc_row_init(&line, &svc_order_line_table);
	for (i = 0; i < pk.count && !rc; i++) {
		if ((rc = svc_order_line_load(txn, order, pk.n[i], &line, err)))
			break;
		if (cancel)
			rc = set_status(txn, &line, "cancelled", reason, 1, err);
		else if (svc_row_true(&line, ORDER_LINE_cancelled_with_order))
			rc = set_status(txn, &line, "created", NULL, 0, err);
	}
	svc_row_free(&line);
	free(pk.n);
	return rc;
}

int
svc_order_cancel(struct svc_txn *txn, const char *order,
    const char *reason, const char *note, const struct svc_actor *who,
    struct svc_err *err)
{
	const struct svc_table *ot = &svc_order_table;
	struct lines l = { 0, 0, 0, 0, 0, 0 };
	struct svc_row ord;
	int rc;

	svc_row_init(&ord, ot);
	if ((rc = svc_table_must_load(txn, ot, order, &ord, err)) ||
	    (rc = svc_stage_allows(txn, &ord, STAGE_may_cancel, "cancelling",
	    err)) ||
	    (rc = reason_check(txn, reason, err)) ||
	    (rc = svc_order_lines(txn, order, count_line, &l, err)))
		goto out;
	if (svc_row_true(&ord, ORDER_cancelled)) {
		rc = svc_err_set(err, SVC_EDATA, "order '%s' is cancelled "
		    "already", order);
		goto out;
	}
	if (l.posted) {
		rc = svc_err_set(err, SVC_EDATA, "order '%s' has posted lines: "
		    "it cannot be cancelled", order);
		goto out;
	}
	svc_row_set_int(&ord, ORDER_cancelled, 1);
	if ((rc = svc_table_put(txn, ot, &ord, SVC_PUT_UPDATE, NULL, err)) ||
	    (rc = change_lines(txn, order, 1, reason, err)) ||
	    (rc = announce(txn, SVC_ORDER_CANCELLED, order, &ord, who, err)) ||
	    (rc = svc_order_refresh(txn, order, err)))
		goto out;
	rc = svc_order_log_event(txn, order, "cancel",
	    svc_row_text(&ord, ORDER_stage_id), reason, note, who, err);
out:
	svc_row_free(&ord);
	return rc;
}

int
svc_order_revoke(struct svc_txn *txn, const char *order,
    const struct svc_actor *who, struct svc_err *err)
{
	const struct svc_table *ot = &svc_order_table;
	struct svc_row ord;
	int rc;

	svc_row_init(&ord, ot);
	if ((rc = svc_table_must_load(txn, ot, order, &ord, err)) ||
	    (rc = svc_stage_allows(txn, &ord, STAGE_may_cancel, "revoking a "
	    "cancellation", err)))
		goto out;
	if (!svc_row_true(&ord, ORDER_cancelled)) {
		rc = svc_err_set(err, SVC_EDATA, "order '%s' is not cancelled",
		    order);
		goto out;
	}
	svc_row_set_int(&ord, ORDER_cancelled, 0);
	if ((rc = svc_table_put(txn, ot, &ord, SVC_PUT_UPDATE, NULL, err)) ||
	    (rc = change_lines(txn, order, 0, NULL, err)) ||
	    (rc = svc_order_refresh(txn, order, err)))
		goto out;
	rc = svc_order_log_event(txn, order, "revoke",
	    svc_row_text(&ord, ORDER_stage_id), NULL, NULL, who, err);
out:
	svc_row_free(&ord);
	return rc;
}

int
svc_order_delete(struct svc_txn *txn, const char *order, struct svc_err *err)
{
	const struct svc_table *ot = &svc_order_table;
	struct lines l = { 0, 0, 0, 0, 0, 0 };
	struct svc_buf key = SVC_BUF_INIT;
	struct svc_row ord;
	int rc;

	svc_row_init(&ord, ot);
	if ((rc = svc_table_must_load(txn, ot, order, &ord, err)) ||
	    (rc = svc_stage_allows(txn, &ord, STAGE_may_delete, "deleting",
	    err)) ||
	    (rc = svc_order_lines(txn, order, count_line, &l, err)))
		goto out;
	if (l.posted) {
		rc = svc_err_set(err, SVC_EDATA, "order '%s' has posted lines: "
		    "it cannot be deleted", order);
		goto out;
	}
	if ((rc = announce(txn, SVC_ORDER_DELETED, order, &ord, NULL, err)) ||
	    (rc = svc_table_delete_children(txn, ot, order, err)))
		goto out;
	if (svc_table_key(ot, &ord, &key))
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
	else
		rc = svc_table_delete(txn, ot, key.p, key.len, err);
out:
	svc_buf_free(&key);
	svc_row_free(&ord);
	return rc;
}

/* 1 when column col is the same in both rows (of one table). */
static int
same_field(struct svc_row *a, struct svc_row *b, int col)
{
	struct svc_field *x = &a->f[col], *y = &b->f[col];

	if (x->null || y->null)
		return x->null == y->null;
	return x->n == y->n && memcmp(x->p, y->p, x->n) == 0;
}

int
svc_order_move(struct svc_txn *txn, const char *key, const char *to,
    const struct svc_actor *who,
    int64_t *newline, struct svc_err *err)
{
	const struct svc_table *lt = &svc_order_line_table, *ot = &svc_order_table;
	struct svc_row from, dest, line;
	struct svc_buf k = SVC_BUF_INIT;
	char *fromid;
	int64_t oldline;
	int rc;

	svc_row_init(&from, ot);
	svc_row_init(&dest, ot);
	svc_row_init(&line, lt);
	if ((rc = load_line(txn, key, &from, &line, err)) ||
	    (rc = line_is(&line, "created", "move", err)) ||
	    (rc = svc_table_must_load(txn, ot, to, &dest, err)) ||
	    (rc = svc_stage_allows(txn, &from, STAGE_may_modify, "changes",
	    err)) ||
	    (rc = svc_stage_allows(txn, &dest, STAGE_may_modify, "changes",
	    err)))
		goto out;
	fromid = order_id_of(&from);
	if (strcmp(fromid, to) == 0) {
		rc = svc_err_set(err, SVC_EDATA, "line %s is on order '%s' "
		    "already", key, to);
		goto out;
	}
	if (!same_field(&from, &dest, ORDER_agreement_id) ||
	    !same_field(&from, &dest, ORDER_customer_id)) {
		rc = svc_err_set(err, SVC_EDATA, "lines move only between orders "
		    "of the same customer and agreement ('%s' and '%s' differ)",
		    fromid, to);
		goto out;
	}
	if (svc_row_true(&dest, ORDER_cancelled)) {
		rc = svc_err_set(err, SVC_EDATA, "order '%s' is cancelled", to);
		goto out;
	}
	oldline = line.f[ORDER_LINE_line].i;
	if (svc_table_key(lt, &line, &k) ||
	    (rc = svc_table_delete(txn, lt, k.p, k.len, err)))
		goto out;
	/* the next number on the order it goes to */
	svc_row_set_text(&line, ORDER_LINE_order_id, to, strlen(to));
	svc_row_set_int(&line, ORDER_LINE_signed_off, 0);
	svc_row_set_null(&line, ORDER_LINE_signed_at);
	if ((rc = svc_table_append(txn, lt, &line, err)) ||
	    (rc = svc_order_refresh(txn, fromid, err)) ||
	    (rc = svc_order_refresh(txn, to, err)) ||
	    (rc = announce_moved(txn, fromid, oldline, who, err)) ||
	    (rc = announce_if_signed(txn, fromid, 1, NULL, who, err)))
		goto out;
	*newline = line.f[ORDER_LINE_line].i;
out:
	svc_buf_free(&k);
	svc_row_free(&from);
	svc_row_free(&dest);
	svc_row_free(&line);
	return rc;
}

int
svc_order_sign(struct svc_txn *txn, const char *order, int64_t only,
    const char *reason, const char *force, const char *by,
    const struct svc_actor *who, struct svc_err *err)
{
	const struct svc_table *ot = &svc_order_table, *lt = &svc_order_line_table;
	struct svc_row ord, line;
	struct svc_numbers pk = { NULL, 0, 0 };
	struct svc_buf code = SVC_BUF_INIT;
	int rc = 0, i, signed_now = 0, was_signed = 0, found = 0;

	svc_row_init(&ord, ot);
	svc_row_init(&line, lt);
	if (force && (!*force || svc_buf_printf(&code, "stage-reason/%s",
	    force) < 0 || (rc = svc_table_exists(txn, &svc_code_table, code.p,
	    code.len, &found, err)) || !found)) {
		if (!rc)
			rc = svc_err_set(err, SVC_EDATA, "unknown stage-reason "
			    "code '%s' (--force CODE: why it is signed off "
			    "all the same)", force);
		goto out;
	}
	if ((rc = svc_table_must_load(txn, ot, order, &ord, err)))
		goto out;
	if (svc_row_true(&ord, ORDER_cancelled)) {
		rc = svc_err_set(err, SVC_EDATA, "order '%s' is cancelled", order);
		goto out;
	}
	was_signed = svc_row_true(&ord, ORDER_signed_off);
	if (only > 0) {
		if ((rc = svc_order_line_load(txn, order, only, &line, err)) ||
		    (rc = line_is(&line, "created", "sign off", err)))
			goto out;
		if (svc_numbers_add(&pk, line.f[ORDER_LINE_line].i)) {
			rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
			goto out;
		}
	} else if ((rc = pick_lines(txn, order, "created", &pk, err)))
		goto out;
	for (i = 0; i < pk.count && !rc; i++) {
		if ((rc = svc_order_line_load(txn, order, pk.n[i], &line, err)))
			break;
		if (svc_row_true(&line, ORDER_LINE_signed_off))
			continue;
		svc_row_set_int(&line, ORDER_LINE_signed_off, 1);
		svc_row_set_int(&line, ORDER_LINE_signed_at, who->now);
		rc = svc_table_put(txn, lt, &line, SVC_PUT_UPDATE, NULL, err);
		signed_now++;
	}
	if (rc)
		goto out;
	if (pk.count == 0) {
		rc = svc_err_set(err, SVC_EDATA, "order '%s' has no open lines "
		    "to sign off", order);
		goto out;
	}
	if ((rc = svc_order_refresh(txn, order, err)) ||
	    (rc = svc_table_must_load(txn, ot, order, &ord, err)))
		goto out;
	if (svc_row_true(&ord, ORDER_signed_off) && !was_signed) {
		/* signed off in full now: the handlers may still refuse */
		struct svc_order_event ev = { SVC_ORDER_SIGNING, order, &ord,
			NULL, NULL, only, force ? force : reason, who,
			force ? SVC_ORDER_FORCE : 0 };

		if ((rc = svc_order_announce(txn, &ev, err)))
			goto out;
	}
	if (svc_row_true(&ord, ORDER_signed_off) && (ord.f[ORDER_signed_at].null ||
	    (by && *by && !was_signed))) {
		if (ord.f[ORDER_signed_at].null)
			svc_row_set_int(&ord, ORDER_signed_at, who->now);
		if (by && *by && !was_signed)
			svc_row_set_text(&ord, ORDER_signed_by, by, strlen(by));
		if ((rc = svc_table_put(txn, ot, &ord, SVC_PUT_UPDATE, NULL, err)))
			goto out;
	}
	if ((rc = announce_if_signed(txn, order, 0, reason, who, err)))
		goto out;
	/* a forced sign-off keeps its reason in the history */
	if (signed_now)
		rc = svc_order_log_event(txn, order, "sign",
		    svc_row_text(&ord, ORDER_stage_id), force,
		    force ? "forced" : NULL, who, err);
out:
	svc_buf_free(&code);
	free(pk.n);
	svc_row_free(&ord);
	svc_row_free(&line);
	return rc;
}

/* --- the orders and lines of a service object, for its history --- */

struct object_events {
	struct svc_txn *txn;
	const char *object;
	struct svc_buf orders;	/* ids, NUL-separated */
	int (*fn)(void *, const struct svc_object_event *);
	void *arg;
	struct svc_err *err;
};

static int
note_order(void *arg, struct svc_row *rel)
{
	struct object_events *oe = arg;
	struct svc_field *o = &rel->f[ORDER_OBJECT_order_id];

	return svc_buf_add(&oe->orders, o->p, o->n) < 0 ||
	    svc_buf_addc(&oe->orders, 0) < 0 ? SVC_ESYSTEM : 0;
}

/* An order happens on its order date, else when it was created. */
static int
order_event(struct object_events *oe, const char *id)
{
	struct svc_object_event ev;
	struct svc_row ord;
	char *desc;
	int rc;

	svc_row_init(&ord, &svc_order_table);
	if ((rc = svc_table_must_load(oe->txn, &svc_order_table, id, &ord,
	    oe->err)))
		goto out;
	ev.at = !ord.f[ORDER_order_date].null ?
	    svc_day_start(ord.f[ORDER_order_date].i) : ord.f[ORDER_created_at].i;
	if (!(desc = svc_row_text(&ord, ORDER_description))) {
		rc = svc_err_set(oe->err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	ev.kind = "order";
	ev.id = id;
	ev.object_id = oe->object;
	ev.order_id = id;
	ev.description = desc;
	rc = oe->fn(oe->arg, &ev);
out:
	svc_row_free(&ord);
	return rc;
}

/* A line happens on the day it was executed, else its calculated date,
 * else when its order was created. */
static int
line_event(void *arg, struct svc_row *line)
{
	struct object_events *oe = arg;
	struct svc_field *ex = &line->f[ORDER_LINE_executed_date],
	    *ld = &line->f[ORDER_LINE_line_date];
	struct svc_object_event ev;
	struct svc_buf key = SVC_BUF_INIT;
	char *order, *desc;
	int rc;

	order = svc_row_text(line, ORDER_LINE_order_id);
	/* its own description, else its item, else its type */
	desc = svc_row_text(line, !line->f[ORDER_LINE_description].null ?
	    ORDER_LINE_description : !line->f[ORDER_LINE_item_id].null ?
	    ORDER_LINE_item_id : ORDER_LINE_type);
	if (!order || !desc || svc_table_key_text(&svc_order_line_table, line,
	    &key) || !key.p) {
		svc_buf_free(&key);
		return svc_err_set(oe->err, SVC_ESYSTEM, "out of memory");
	}
	ev.at = !ex->null ? svc_day_start(ex->i) : !ld->null ?
	    svc_day_start(ld->i) : 0;
	if (ex->null && ld->null) {
		struct svc_row ord;

		svc_row_init(&ord, &svc_order_table);
		if ((rc = svc_table_must_load(oe->txn, &svc_order_table, order,
		    &ord, oe->err)) == 0)
			ev.at = ord.f[ORDER_created_at].i;
		svc_row_free(&ord);
		if (rc) {
			svc_buf_free(&key);
			return rc;
		}
	}
	ev.kind = "order-line";
	ev.id = key.p;
	ev.object_id = oe->object;
	ev.order_id = order;
	ev.description = desc;
	rc = oe->fn(oe->arg, &ev);
	svc_buf_free(&key);
	return rc;
}

/* The orders the object is related to, and the lines that name it. */
static int
order_events_of(struct svc_txn *txn, const char *object,
    int (*fn)(void *arg, const struct svc_object_event *ev), void *arg,
    struct svc_err *err)
{
	struct object_events oe = { txn, object, SVC_BUF_INIT, fn, arg, err };
	size_t at;
	int rc;

	rc = svc_table_scan_where(txn, &svc_order_object_table,
	    ORDER_OBJECT_object_id, "=", object, note_order, &oe, err);
	if (rc == SVC_ESYSTEM && !err->text[0])
		svc_err_set(err, SVC_ESYSTEM, "out of memory");
	for (at = 0; !rc && oe.orders.p && at < oe.orders.len;
	    at += strlen(oe.orders.p + at) + 1)
		rc = order_event(&oe, oe.orders.p + at);
	if (!rc)
		rc = svc_table_scan_where(txn, &svc_order_line_table,
		    ORDER_LINE_object_id, "=", object, line_event, &oe, err);
	svc_buf_free(&oe.orders);
	return rc;
}

const struct svc_object_history_source svc_order_history_source = {
	"orders", order_events_of
};

/* --- the tables (the stage's is in stage.c, with its rule) --- */

#define REQ SVC_COL_REQUIRED
#define IDX SVC_COL_INDEXED

static const char *const priorities[] = { "high", "normal", "low", NULL };
static const char *const progresses[] = {
	"in-process", "posted", "cancelled", NULL
};
static const char *const origins[] = {
	"manual", "agreement", "return", "import", NULL
};
static const char *const line_statuses[] = {
	"created", "posted", "cancelled", NULL
};

static const struct svc_column order_cols[] = {
	[ORDER_id] = { "id", SVC_T_ID, REQ, .doc = "service order id" },
	[ORDER_description] = { "description", SVC_T_TEXT, 0,
	  .doc = "description" },
	[ORDER_customer_id] = { "customer_id", SVC_T_REF, REQ,
	  .ref = "customer", .doc = "customer" },
	[ORDER_agreement_id] = { "agreement_id", SVC_T_REF, IDX,
	  .ref = "agreement",
	  .doc = "service agreement" },
	[ORDER_address] = { "address", SVC_T_TEXT, 0,
	  .doc = "service address (default: the customer's)" },
	[ORDER_preferred_start_at] = { "preferred_start_at", SVC_T_DATETIME,
	  IDX,
	  .doc = "start of the preferred window" },
	[ORDER_preferred_end_at] = { "preferred_end_at", SVC_T_DATETIME, 0,
	  .doc = "end of the preferred window" },
	[ORDER_priority] = { "priority", SVC_T_ENUM, REQ | IDX, .def = "normal",
	  .words = priorities,
	  .doc = "high, normal or low" },
	[ORDER_stage_id] = { "stage_id", SVC_T_REF, REQ, .ref = "stage",
	  .doc = "current stage" },
	[ORDER_progress] = { "progress", SVC_T_ENUM, REQ | IDX,
	  .def = "in-process",
	  .words = progresses, .doc = "from the lines: in-process, posted or "
	  "cancelled" },
	[ORDER_responsible_id] = { "responsible_id", SVC_T_REF, 0,
	  .ref = "worker",
	  .doc = "responsible worker" },
	[ORDER_preferred_worker_id] = { "preferred_worker_id", SVC_T_REF, 0,
	  .ref = "worker",
	  .doc = "preferred technician" },
	[ORDER_currency] = { "currency", SVC_T_CURRENCY, REQ,
	  .doc = "the customer's currency" },
	[ORDER_signed_off] = { "signed_off", SVC_T_BOOL, REQ, .def = "false",
	  .doc = "every line is signed off" },
	[ORDER_signed_at] = { "signed_at", SVC_T_DATETIME, 0,
	  .doc = "when it was signed off" },
	[ORDER_calendar_conflict] = { "calendar_conflict", SVC_T_BOOL, REQ,
	  .def = "false",
	  .doc = "its date is closed in the company calendar" },
	[ORDER_origin] = { "origin", SVC_T_ENUM, REQ, .def = "manual",
	  .words = origins,
	  .doc = "manual, agreement, return or import" },
	[ORDER_cancelled] = { "cancelled", SVC_T_BOOL, REQ, .def = "false",
	  .doc = "the order was cancelled" },
	[ORDER_created_at] = { "created_at", SVC_T_DATETIME, 0,
	  .doc = "when it was created" },
	[ORDER_order_date] = { "order_date", SVC_T_DATE, IDX,
	  .doc = "the day the work is planned for (generated orders)" },
	[ORDER_combine_key] = { "combine_key", SVC_T_TEXT, 0,
	  .doc = "generated orders: what their lines have in common" },
	[ORDER_sla_id] = { "sla_id", SVC_T_REF, 0, .ref = "sla",
	  .doc = "service level agreement (default: the agreement's, its "
	  "group's, the customer's)" },
	[ORDER_signed_by] = { "signed_by", SVC_T_TEXT, 0,
	  .doc = "who signed it off for the customer (svc order sign --by)" },
};
SVC_COLUMNS_MATCH(order_cols, ORDER_NCOLS);
const struct svc_table svc_order_table = {
	"order", "a service order", SVC_COLS(order_cols), 1, "SO-%06d",
	order_validate, NULL
};

static const struct svc_column order_line_cols[] = {
	[ORDER_LINE_order_id] = { "order_id", SVC_T_REF, REQ, .ref = "order",
	  .doc = "service order" },
	[ORDER_LINE_line] = { "line", SVC_T_INT, REQ, .doc = "line number" },
	[ORDER_LINE_type] = { "type", SVC_T_ENUM, REQ, .words = svc_line_types,
	  .doc = "transaction type: hour, expense, item or fee" },
	[ORDER_LINE_category_id] = { "category_id", SVC_T_REF, 0,
	  .ref = "category",
	  .doc = "price category (required but for item lines)" },
	[ORDER_LINE_description] = { "description", SVC_T_TEXT, 0,
	  .doc = "description" },
	[ORDER_LINE_task_id] = { "task_id", SVC_T_REF, 0, .ref = "task",
	  .doc = "service task" },
	[ORDER_LINE_object_id] = { "object_id", SVC_T_REF, 0, .ref = "object",
	  .doc = "service object" },
	[ORDER_LINE_worker_id] = { "worker_id", SVC_T_REF, IDX, .ref = "worker",
	  .doc = "worker" },
	[ORDER_LINE_quantity] = { "quantity", SVC_T_DECIMAL, REQ, .def = "1",
	  .scale = 4,
	  .doc = "quantity (hours for hour lines)" },
	[ORDER_LINE_unit] = { "unit", SVC_T_ID, 0, .doc = "unit of measure" },
	[ORDER_LINE_item_id] = { "item_id", SVC_T_REF, 0, .ref = "item",
	  .doc = "item (item lines)" },
	[ORDER_LINE_cost_price] = { "cost_price", SVC_T_MONEY, 0,
	  .currency = "currency",
	  .doc = "cost price of one unit" },
	[ORDER_LINE_sales_price] = { "sales_price", SVC_T_MONEY, 0,
	  .currency = "currency",
	  .doc = "sales price of one unit" },
	[ORDER_LINE_currency] = { "currency", SVC_T_CURRENCY, REQ,
	  .doc = "the order's currency" },
	[ORDER_LINE_status] = { "status", SVC_T_ENUM, REQ, .def = "created",
	  .words = line_statuses,
	  .doc = "created, posted or cancelled" },
	[ORDER_LINE_signed_off] = { "signed_off", SVC_T_BOOL, REQ,
	  .def = "false", .doc = "signed off" },
	[ORDER_LINE_signed_at] = { "signed_at", SVC_T_DATETIME, 0,
	  .doc = "when it was signed off" },
	[ORDER_LINE_line_date] = { "line_date", SVC_T_DATE, 0,
	  .doc = "calculated date" },
	[ORDER_LINE_executed_date] = { "executed_date", SVC_T_DATE, 0,
	  .doc = "date the work was done" },
	[ORDER_LINE_start_at] = { "start_at", SVC_T_DATETIME, 0,
	  .doc = "actual start (hour lines)" },
	[ORDER_LINE_end_at] = { "end_at", SVC_T_DATETIME, 0,
	  .doc = "actual end (hour lines)" },
	[ORDER_LINE_agreement_line] = { "agreement_line", SVC_T_INT, 0,
	  .doc = "the agreement line it came from" },
	[ORDER_LINE_occurrence_date] = { "occurrence_date", SVC_T_DATE, 0,
	  .doc = "the agreement occurrence it came from" },
	[ORDER_LINE_posted_at] = { "posted_at", SVC_T_DATETIME, 0,
	  .doc = "when it was posted" },
	[ORDER_LINE_cancel_reason_id] = { "cancel_reason_id", SVC_T_REF, 0,
	  .ref = "code",
	  .ref_kind = "stage-reason", .doc = "why it was cancelled" },
	[ORDER_LINE_cancelled_with_order] = { "cancelled_with_order",
	  SVC_T_BOOL, REQ, .def = "false",
	  .doc = "cancelled by cancelling its order (revoking brings it back)" },
	[ORDER_LINE_source] = { "source", SVC_T_TEXT, IDX,
	  .doc = "generated lines: AGREEMENT/LINE/DATE of the occurrence" },
	[ORDER_LINE_warranty] = { "warranty", SVC_T_BOOL, 0,
	  .doc = "true: not charged, its object under warranty on line_date "
	  "(sales_price 0, cost kept)" },
};
SVC_COLUMNS_MATCH(order_line_cols, ORDER_LINE_NCOLS);
const struct svc_table svc_order_line_table = {
	"order-line", "a line of a service order", SVC_COLS(order_line_cols), 2,
	NULL, order_line_validate, NULL
};

static const struct svc_column order_object_cols[] = {
	[ORDER_OBJECT_order_id] = { "order_id", SVC_T_REF, REQ, .ref = "order",
	  .doc = "service order" },
	[ORDER_OBJECT_object_id] = { "object_id", SVC_T_REF, REQ,
	  .ref = "object",
	  .doc = "a service object the order is for" },
};
SVC_COLUMNS_MATCH(order_object_cols, ORDER_OBJECT_NCOLS);
const struct svc_table svc_order_object_table = {
	"order-object", "a service object of an order", SVC_COLS(order_object_cols),
	2, NULL, order_object_validate, NULL
};

static const struct svc_column order_task_cols[] = {
	[ORDER_TASK_order_id] = { "order_id", SVC_T_REF, REQ, .ref = "order",
	  .doc = "service order" },
	[ORDER_TASK_task_id] = { "task_id", SVC_T_REF, REQ, .ref = "task",
	  .doc = "a service task of the order" },
	[ORDER_TASK_internal_note] = { "internal_note", SVC_T_TEXT, 0,
	  .doc = "note for the technician" },
	[ORDER_TASK_external_note] = { "external_note", SVC_T_TEXT, 0,
	  .doc = "note for the customer" },
};
SVC_COLUMNS_MATCH(order_task_cols, ORDER_TASK_NCOLS);
const struct svc_table svc_order_task_table = {
	"order-task", "a service task of an order", SVC_COLS(order_task_cols), 2,
	NULL, NULL, NULL
};

static const struct svc_column order_stage_log_cols[] = {
	[ORDER_HISTORY_order_id] = { "order_id", SVC_T_REF, REQ, .ref = "order",
	  .doc = "service order" },
	[ORDER_HISTORY_seq] = { "seq", SVC_T_INT, REQ,
	  .doc = "1 for the first entry of the order" },
	[ORDER_HISTORY_stage_id] = { "stage_id", SVC_T_REF, REQ, .ref = "stage",
	  .doc = "stage entered" },
	[ORDER_HISTORY_reason_id] = { "reason_id", SVC_T_REF, 0, .ref = "code",
	  .ref_kind = "stage-reason",
	  .doc = "stage-reason code" },
	[ORDER_HISTORY_note] = { "note", SVC_T_TEXT, 0, .doc = "note" },
	[ORDER_HISTORY_at] = { "at", SVC_T_DATETIME, REQ, .doc = "when" },
	[ORDER_HISTORY_user] = { "user", SVC_T_TEXT, REQ, .doc = "who" },
	[ORDER_HISTORY_event] = { "event", SVC_T_ENUM, REQ, .def = "stage",
	  .words = (const char *const[]){
	  "create", "stage", "cancel", "revoke", "sign", "post", NULL },
	  .doc = "what happened: create, stage, cancel, revoke, sign or post" },
};
SVC_COLUMNS_MATCH(order_stage_log_cols, ORDER_HISTORY_NCOLS);
const struct svc_table svc_order_history_table = {
	"order-history", "what happened to an order", SVC_COLS(order_stage_log_cols),
	2, NULL, NULL, NULL
};

const struct svc_table *const svc_order_made_tables[] = { &svc_order_table,
	&svc_order_line_table, &svc_order_history_table,
	&svc_order_object_table, &svc_order_task_table, NULL };

static const struct svc_column journal_cols[] = {
	[JOURNAL_id] = { "id", SVC_T_ID, REQ, .doc = "journal entry id" },
	[JOURNAL_date] = { "date", SVC_T_DATE, REQ | IDX,
	  .doc = "transaction date" },
	[JOURNAL_customer_id] = { "customer_id", SVC_T_REF, REQ,
	  .ref = "customer", .doc = "customer" },
	[JOURNAL_order_id] = { "order_id", SVC_T_REF, REQ, .ref = "order",
	  .doc = "service order" },
	[JOURNAL_line] = { "line", SVC_T_INT, REQ, .doc = "order line number" },
	[JOURNAL_type] = { "type", SVC_T_ENUM, REQ, .words = svc_line_types,
	  .doc = "transaction type" },
	[JOURNAL_category_id] = { "category_id", SVC_T_REF, 0,
	  .ref = "category", .doc = "category" },
	[JOURNAL_item_id] = { "item_id", SVC_T_REF, 0, .ref = "item",
	  .doc = "item" },
	[JOURNAL_worker_id] = { "worker_id", SVC_T_REF, 0, .ref = "worker",
	  .doc = "worker" },
	[JOURNAL_quantity] = { "quantity", SVC_T_DECIMAL, REQ, .scale = 4,
	  .doc = "quantity" },
	[JOURNAL_cost_amount] = { "cost_amount", SVC_T_MONEY, REQ,
	  .currency = "currency",
	  .doc = "quantity times cost price, rounded" },
	[JOURNAL_sales_amount] = { "sales_amount", SVC_T_MONEY, REQ,
	  .currency = "currency",
	  .doc = "quantity times sales price, rounded" },
	[JOURNAL_currency] = { "currency", SVC_T_CURRENCY, REQ,
	  .doc = "currency" },
	[JOURNAL_tax_code] = { "tax_code", SVC_T_ID, 0, .doc = "tax code" },
	[JOURNAL_posted_at] = { "posted_at", SVC_T_DATETIME, REQ,
	  .doc = "when it was posted" },
	[JOURNAL_user] = { "user", SVC_T_TEXT, REQ, .doc = "who posted it" },
	[JOURNAL_invoice_id] = { "invoice_id", SVC_T_REF, 0, .ref = "invoice",
	  .doc = "the invoice that billed it" },
};
SVC_COLUMNS_MATCH(journal_cols, JOURNAL_NCOLS);
const struct svc_table svc_journal_table = {
	"journal", "a posted transaction", SVC_COLS(journal_cols), 1, "J-%08d", NULL, NULL
};
