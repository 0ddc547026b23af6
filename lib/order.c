/* order.c - the rules of service orders: stage tree, lines, prices, progress, sign-off, posting */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "money.h"
#include "bill.h"
#include "order.h"
#include "param.h"

#define F(row, col) svc_row_field_named(row, col)

static int
is_true(struct svc_row *row, const char *col)
{
	struct svc_field *f = F(row, col);

	return f && !f->null && f->i;
}

/* --- stages --- */

struct children {
	struct svc_buf names;
	char first[80];
	int n;
};

static int
count_child(void *arg, struct svc_row *row)
{
	struct children *ch = arg;

	if (ch->n == 0)
		snprintf(ch->first, sizeof ch->first, "%.*s", (int)row->f[0].n,
		    row->f[0].p);
	svc_buf_printf(&ch->names, "%s%.*s", ch->n ? ", " : "",
	    (int)row->f[0].n, row->f[0].p);
	ch->n++;
	return 0;
}

/* The stages whose parent is id (id NULL: the roots). */
static int
stage_children(struct svc_txn *txn, const char *id, struct children *ch,
    struct svc_err *err)
{
	const struct svc_table *t = &svc_stage_table;
	struct svc_filter f;
	char expr[120];
	int rc;

	memset(ch, 0, sizeof *ch);
	snprintf(expr, sizeof expr, "parent_id=%s", id ? id : "");
	if ((rc = svc_filter_parse(t, expr, &f, err)))
		return rc;
	rc = svc_table_scan(txn, t, &f, 1, count_child, ch, err);
	svc_filter_free(&f);
	return rc;
}

static int
stage_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	struct svc_field *parent = F(row, "parent_id");
	struct svc_row up;
	struct children ch;
	char at[80];
	int rc, depth;

	if (parent->null) {
		/* one initial stage */
		if ((rc = stage_children(txn, NULL, &ch, err)))
			return rc;
		svc_buf_free(&ch.names);
		if (ch.n > 1 || (ch.n == 1 && (strlen(ch.first) != row->f[0].n ||
		    memcmp(ch.first, row->f[0].p, row->f[0].n))))
			return svc_err_set(err, SVC_EDATA, "column 'parent_id': "
			    "'%s' is the initial stage already; a stage needs "
			    "a parent", ch.first);
		return 0;
	}
	/* no cycles: walking up from the parent never meets the stage */
	snprintf(at, sizeof at, "%.*s", (int)parent->n, parent->p);
	svc_row_init(&up, t);
	for (depth = 0; depth < 1000; depth++) {
		if (strlen(at) == row->f[0].n &&
		    memcmp(at, row->f[0].p, row->f[0].n) == 0) {
			svc_row_free(&up);
			return svc_err_set(err, SVC_EDATA, "column 'parent_id': "
			    "the stages would form a loop");
		}
		rc = svc_table_get_old(txn, t, at, strlen(at), &up, err);
		if (rc < 0) {
			svc_row_free(&up);
			return -rc;
		}
		if (rc == 0 || up.f[2].null)
			break;
		snprintf(at, sizeof at, "%.*s", (int)up.f[2].n, up.f[2].p);
	}
	svc_row_free(&up);
	return 0;
}

int
svc_stage_seed(struct svc_txn *txn, struct svc_err *err)
{
	/* id, description, parent, position, modify, cancel, delete,
	 * post, reason, stops SLA */
	static const char *const stages[][10] = {
		{ "new", "New: received, not planned yet", "", "0",
		  "true", "true", "true", "false", "false", "false" },
		{ "scheduled", "Scheduled: a visit is planned", "new", "0",
		  "true", "true", "false", "false", "false", "false" },
		{ "in-progress", "In progress: work has started", "scheduled",
		  "0", "true", "true", "false", "false", "false", "false" },
		{ "completed", "Completed: the work is done", "in-progress", "0",
		  "true", "false", "false", "true", "false", "false" },
		{ "waiting", "Waiting: for the customer or for parts",
		  "in-progress", "1", "true", "true", "false", "false", "true",
		  "true" },
	};
	const struct svc_table *t = &svc_stage_table;
	struct children ch;
	struct svc_texts in;
	struct svc_row row;
	size_t i;
	int c, rc = 0;

	if ((rc = stage_children(txn, NULL, &ch, err)))
		return rc;
	svc_buf_free(&ch.names);
	if (ch.n)
		return 0;
	svc_row_init(&row, t);
	for (i = 0; i < sizeof stages / sizeof stages[0] && !rc; i++) {
		memset(&in, 0, sizeof in);
		for (c = 0; c < 10; c++) {
			in.s[c] = stages[i][c];
			in.n[c] = strlen(stages[i][c]);
			in.given[c] = 1;
		}
		svc_row_clear(&row);
		if (!(rc = svc_table_build(txn, t, &in, SVC_BUILD_ADD, &row, err)))
			rc = svc_table_put(txn, t, &row, SVC_PUT_NEW, NULL, err);
	}
	svc_row_free(&row);
	return rc;
}

/* The stage an order is in. */
static int
order_stage(struct svc_txn *txn, struct svc_row *order, struct svc_row *stage,
    struct svc_err *err)
{
	struct svc_field *s = F(order, "stage_id");

	return svc_table_must_load(txn, &svc_stage_table, svc_arena_strndup(&stage->arena,
	    s->p, s->n), stage, err);
}

/* Refuses unless the order's stage allows what (a stage flag). */
static int
stage_allows(struct svc_txn *txn, struct svc_row *order, const char *flag,
    const char *doing, struct svc_err *err)
{
	const struct svc_table *st = &svc_stage_table;
	struct svc_row stage;
	int rc;

	svc_row_init(&stage, st);
	if (!(rc = order_stage(txn, order, &stage, err)) &&
	    !is_true(&stage, flag))
		rc = svc_err_set(err, SVC_EDATA, "order '%.*s' is in stage "
		    "'%.*s', which does not allow %s", (int)order->f[0].n,
		    order->f[0].p, (int)stage.f[0].n, stage.f[0].p, doing);
	svc_row_free(&stage);
	return rc;
}

static char *
order_id_of(struct svc_row *order)
{
	return svc_arena_strndup(&order->arena, order->f[0].p, order->f[0].n);
}

/* --- history --- */

/* Appends an entry to the order's history. */
static int
log_event(struct svc_txn *txn, const char *order, const char *event,
    const char *stage, const char *reason, const char *note,
    const struct svc_actor *who, struct svc_err *err)
{
	const struct svc_table *t = &svc_order_history_table;
	struct svc_row row;
	int rc;

	svc_row_init(&row, t);
	svc_row_set_text_named(&row, "order_id", order, strlen(order));
	svc_row_set_text_named(&row, "stage_id", stage, strlen(stage));
	if (reason && *reason)
		svc_row_set_text_named(&row, "reason_id", reason, strlen(reason));
	if (note && *note)
		svc_row_set_text_named(&row, "note", note, strlen(note));
	svc_row_set_int_named(&row, "at", who->now);
	svc_row_set_text_named(&row, "user", who->user, strlen(who->user));
	svc_row_set_text_named(&row, "event", event, strlen(event));
	rc = svc_table_append(txn, t, &row, err);
	if (rc && strstr(err->text, "reason_id"))
		svc_err_set(err, SVC_EDATA, "unknown stage-reason code '%s'",
		    reason);
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
	int rc;

	svc_row_init(&obj, &svc_object_table);
	rc = svc_table_load_old(txn, &svc_object_table, object, n, &obj, err);
	if (rc > 0) {
		c = F(&obj, "customer_id");
		rc = c->n == customer->n && memcmp(c->p, customer->p, c->n) == 0 ?
		    0 : svc_err_set(err, SVC_EDATA, "object '%.*s' is customer "
		    "'%.*s''s, not the order's ('%.*s')", (int)n, object,
		    (int)c->n, c->p, (int)customer->n, customer->p);
	} else
		rc = rc < 0 ? -rc : svc_err_set(err, SVC_EDATA, "unknown object "
		    "'%.*s'", (int)n, object);
	svc_row_free(&obj);
	return rc;
}

static int
relate(struct svc_txn *txn, const struct svc_table *t, const char *order,
    const char *col, const char *id, struct svc_err *err)
{
	struct svc_row row;
	int rc;

	svc_row_init(&row, t);
	svc_row_set_text_named(&row, "order_id", order, strlen(order));
	svc_row_set_text_named(&row, col, id, strlen(id));
	if (!svc_id_valid(id, strlen(id)))
		rc = svc_err_set(err, SVC_EDATA, "bad id '%s'", id);
	else if ((rc = svc_table_put(txn, t, &row, SVC_PUT_NEW, NULL, err)) &&
	    strstr(err->text, "exists already"))
		rc = svc_err_set(err, SVC_EDATA, "%s '%s' is named twice",
		    strcmp(col, "object_id") ? "task" : "object", id);
	svc_row_free(&row);
	return rc;
}

/* Refuses the given columns that are not the caller's to set. */
static int
refuse_given(const struct svc_table *t, const struct svc_texts *in,
    const char *const *cols, struct svc_err *err)
{
	int i, c;

	for (i = 0; cols[i]; i++) {
		c = svc_column_find(t, cols[i], strlen(cols[i]));
		if (in->given[c] && in->n[c])
			return svc_err_set(err, SVC_EDATA, "column '%s' cannot be "
			    "given here", cols[i]);
	}
	return 0;
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
		who };

	return svc_order_announce(txn, &ev, err);
}

/* Announces an event of a line (its order and number from the row). */
static int
announce_line(struct svc_txn *txn, enum svc_order_event_kind kind,
    struct svc_row *line, const char *reason, const struct svc_actor *who,
    struct svc_err *err)
{
	struct svc_order_event ev = { kind, NULL, NULL, NULL, NULL,
		line->f[ORDER_LINE_line].i, reason, who };
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
		NULL, line, NULL, who };

	return svc_order_announce(txn, &ev, err);
}

int
svc_order_create(struct svc_txn *txn, const struct svc_texts *in,
    char *const *objects, int nobjects, char *const *tasks, int ntasks,
    unsigned flags, const struct svc_actor *who, struct svc_buf *id,
    struct svc_err *err)
{
	static const char *const own[] = { "stage_id", "progress", "currency",
		"signed_off", "signed_at", "cancelled", "created_at", "origin",
		NULL };
	int imported = (flags & SVC_ORDER_IMPORT) != 0;
	const struct svc_table *t = &svc_order_table, *ct = &svc_customer_table;
	struct svc_row row, cust;
	struct children roots;
	struct svc_texts oin;
	struct svc_field *f;
	char *order = NULL;
	int rc, i, c;

	if (!imported && (rc = refuse_given(t, in, own, err)))
		return rc;
	svc_row_init(&row, t);
	svc_row_init(&cust, ct);
	if ((rc = svc_stage_seed(txn, err)) ||
	    (rc = stage_children(txn, NULL, &roots, err)))
		goto out;
	svc_buf_free(&roots.names);
	/* the columns that are not the caller's, before the checks */
	oin = *in;
	c = svc_column_find(t, "customer_id", 11);
	if (oin.given[c] && oin.n[c]) {
		rc = svc_table_load_old(txn, ct, oin.s[c], oin.n[c], &cust, err);
		if (rc <= 0) {
			rc = rc < 0 ? -rc : SVC_EDATA;
			svc_err_prefix(err, "column 'customer_id': ");
			err->status = rc;
			goto out;
		}
		f = F(&cust, "currency");
		c = svc_column_find(t, "currency", 8);
		oin.s[c] = f->p;
		oin.n[c] = f->n;
		oin.given[c] = 1;
	}
	c = svc_column_find(t, "stage_id", 8);
	if (!imported || !oin.given[c] || !oin.n[c]) {
		oin.s[c] = roots.first;
		oin.n[c] = strlen(roots.first);
		oin.given[c] = 1;
	}
	c = svc_column_find(t, "progress", 8);
	oin.s[c] = "in-process";
	oin.n[c] = 10;
	oin.given[c] = 1;
	if ((rc = svc_table_build(txn, t, &oin, SVC_BUILD_ADD, &row, err)) ||
	    (rc = announce(txn, SVC_ORDER_CREATING, NULL, &row, who, err)))
		goto out;
	/* sign-off follows from the lines */
	svc_row_set_int_named(&row, "signed_off", 0);
	if (!imported)
		svc_row_set_null_named(&row, "signed_at");
	if (imported && !oin.given[svc_column_find(t, "origin", 6)])
		svc_row_set_text_named(&row, "origin", "import", 6);
	if (F(&row, "address")->null && !F(&cust, "address")->null) {
		f = F(&cust, "address");
		svc_row_set_text_named(&row, "address", f->p, f->n);
	}
	if (F(&row, "created_at")->null)
		svc_row_set_int_named(&row, "created_at", who->now);
	if ((rc = svc_table_put(txn, t, &row, SVC_PUT_NEW, NULL, err)) ||
	    (rc = svc_table_key_text(t, &row, id) < 0 ? SVC_ESYSTEM : 0))
		goto out;
	order = strdup(id->p);
	if (!order) {
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	for (i = 0; i < nobjects && !rc; i++)
		if (!(rc = svc_object_of_customer(txn, objects[i], strlen(objects[i]),
		    F(&row, "customer_id"), err)))
			rc = relate(txn, &svc_order_object_table, order, "object_id",
			    objects[i], err);
	for (i = 0; i < ntasks && !rc; i++)
		rc = relate(txn, &svc_order_task_table, order, "task_id", tasks[i], err);
	if (!rc) {
		f = F(&row, "stage_id");
		char *stage = svc_arena_strndup(&row.arena, f->p, f->n);
		rc = log_event(txn, order, "create", stage, NULL, NULL, who, err);
	}
	if (!rc)
		rc = announce(txn, SVC_ORDER_CREATED, order, &row, who, err);
out:
	free(order);
	svc_row_free(&row);
	svc_row_free(&cust);
	return rc;
}

int
svc_order_set(struct svc_txn *txn, const char *order,
    const struct svc_texts *in, const struct svc_actor *who,
    struct svc_err *err)
{
	static const char *const own[] = { "stage_id", "progress", "currency",
		"signed_off", "signed_at", "cancelled", "customer_id",
		"created_at", "origin", NULL };
	const struct svc_table *t = &svc_order_table;
	struct svc_row row;
	int rc;

	if ((rc = refuse_given(t, in, own, err)))
		return rc;
	svc_row_init(&row, t);
	if (!(rc = svc_table_must_load(txn, t, order, &row, err)) &&
	    !(rc = stage_allows(txn, &row, "may_modify", "changes", err)) &&
	    !(rc = svc_table_build(txn, t, in, SVC_BUILD_SET, &row, err)) &&
	    !(rc = svc_table_put(txn, t, &row, SVC_PUT_UPDATE, NULL, err)))
		rc = announce(txn, SVC_ORDER_CHANGED, order, &row, who, err);
	svc_row_free(&row);
	return rc;
}

static int
order_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	struct svc_field *s = F(row, "preferred_start_at");
	struct svc_field *e = F(row, "preferred_end_at");

	int allowed, rc;

	(void)t;
	if (!s->null && !e->null && e->i < s->i)
		return svc_err_set(err, SVC_EDATA, "column 'preferred_end_at': "
		    "before preferred_start_at");
	if ((rc = svc_param_bool(txn, "orders_without_agreement", &allowed, err)))
		return rc;
	if (!allowed && F(row, "agreement_id")->null)
		return svc_err_set(err, SVC_EDATA, "column 'agreement_id': orders "
		    "need an agreement (parameter orders_without_agreement)");
	return 0;
}

/* The rule of order-object and agreement-object: the object is the
 * customer's of the order or agreement it is related to. */
int
svc_order_object_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	/* the parent is the table the key's first column refers to */
	const struct svc_table *pt = svc_catalog_table(svc_txn_catalog(txn),
	    t->cols[0].ref, strlen(t->cols[0].ref));
	struct svc_field *o = &row->f[1];
	struct svc_row parent;
	int rc;

	svc_row_init(&parent, pt);
	rc = svc_table_get_old(txn, pt, row->f[0].p, row->f[0].n, &parent, err);
	if (rc > 0)
		rc = svc_object_of_customer(txn, o->p, o->n, F(&parent,
		    "customer_id"), err);
	else
		rc = rc < 0 ? -rc : 0;	/* the reference check names it */
	svc_row_free(&parent);
	return rc;
}

/* --- lines --- */

static int
order_line_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	struct svc_field *s = F(row, "start_at"), *e = F(row, "end_at");

	if (!s->null && !e->null && e->i < s->i)
		return svc_err_set(err, SVC_EDATA, "column 'end_at': before "
		    "start_at");
	return svc_line_type_check(txn, t, row, err);
}

int
svc_line_type_check(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	struct svc_field *type = F(row, "type"), *cat = F(row, "category_id");
	struct svc_row c;
	int rc;

	(void)t;
	if (svc_field_is(type, "item") && F(row, "item_id")->null)
		return svc_err_set(err, SVC_EDATA, "column 'item_id': an item "
		    "line needs an item");
	if (!svc_field_is(type, "item") && cat->null)
		return svc_err_set(err, SVC_EDATA, "column 'category_id': %s %.*s "
		    "line needs a category", svc_field_is(type, "expense") ||
		    svc_field_is(type, "hour") ? "an" : "a", (int)type->n, type->p);
	if (cat->null)
		return 0;
	svc_row_init(&c, &svc_category_table);
	rc = svc_table_get_old(txn, &svc_category_table, cat->p, cat->n, &c, err);
	if (rc > 0 && !(F(&c, "type")->n == type->n &&
	    memcmp(F(&c, "type")->p, type->p, type->n) == 0))
		rc = -svc_err_set(err, SVC_EDATA, "column 'category_id': "
		    "category '%.*s' is for %.*s lines, not %.*s", (int)cat->n,
		    cat->p, (int)F(&c, "type")->n, F(&c, "type")->p,
		    (int)type->n, type->p);
	svc_row_free(&c);
	return rc < 0 ? -rc : 0;
}

int
svc_order_amount(int64_t quantity, int64_t price, int64_t *amount)
{
	__int128 p = (__int128)quantity * price, q, r;
	const __int128 scale = 10000;

	q = p / scale;
	r = p % scale;
	if ((r < 0 ? -r : r) * 2 >= scale)
		q += p < 0 ? -1 : 1;
	if (q > INT64_MAX || q < INT64_MIN)
		return -1;
	*amount = (int64_t)q;
	return 0;
}

/* A price found in a record: 1 and *v when the record has it in the
 * order's currency; a price in another currency is an error. */
static int
price_from(struct svc_row *src, const char *col, const struct svc_field *cur,
    const char *what, int64_t *v, struct svc_err *err)
{
	struct svc_field *p = F(src, col), *c = F(src, "currency");

	if (!p || p->null)
		return 0;
	if (c && !c->null && (c->n != cur->n || memcmp(c->p, cur->p, cur->n)))
		return -svc_err_set(err, SVC_EDATA, "column '%s': the %s price "
		    "is in %.*s, the order in %.*s: give the price", col, what,
		    (int)c->n, c->p, (int)cur->n, cur->p);
	*v = p->i;
	return 1;
}

/* Looks up the line's prices that were not given, most specific first:
 * the customer's price for the category, then for cost the item's (item
 * lines) or the worker's hourly cost (hour lines), then the category's,
 * then for sales the item's. */
static int
look_up_prices(struct svc_txn *txn, struct svc_row *order,
    struct svc_row *line, struct svc_err *err)
{
	const char *cols[2] = { "cost_price", "sales_price" };
	struct svc_field *cur = F(line, "currency"), *cat = F(line, "category_id");
	struct svc_field *item = F(line, "item_id"), *wk = F(line, "worker_id");
	struct svc_field *type = F(line, "type");
	struct svc_row price, crow, irow, wrow;
	struct svc_buf key = SVC_BUF_INIT;
	int have_price = 0, have_cat = 0, have_item = 0, have_worker = 0;
	int i, rc = 0, got;
	int64_t v;

	svc_row_init(&price, &svc_price_table);
	svc_row_init(&crow, &svc_category_table);
	svc_row_init(&irow, &svc_item_table);
	svc_row_init(&wrow, &svc_worker_table);
	if (!cat->null) {
		struct svc_field *cu = F(order, "customer_id");
		svc_buf_printf(&key, "%.*s/%.*s", (int)cu->n, cu->p, (int)cat->n,
		    cat->p);
		if ((got = svc_table_get_old(txn, &svc_price_table, key.p, key.len, &price,
		    err)) < 0 || (have_cat = svc_table_get_old(txn, &svc_category_table,
		    cat->p, cat->n, &crow, err)) < 0) {
			rc = got < 0 ? -got : -have_cat;
			goto out;
		}
		have_price = got;
	}
	if (!item->null && (have_item = svc_table_get_old(txn, &svc_item_table, item->p,
	    item->n, &irow, err)) < 0) {
		rc = -have_item;
		goto out;
	}
	if (!wk->null && svc_field_is(type, "hour") &&
	    (have_worker = svc_table_get_old(txn, &svc_worker_table, wk->p, wk->n, &wrow,
	    err)) < 0) {
		rc = -have_worker;
		goto out;
	}
	for (i = 0; i < 2; i++) {
		int sales = i == 1;

		if (!F(line, cols[i])->null)
			continue;
		got = 0;
		if (have_price)
			got = price_from(&price, cols[i], cur, "customer's", &v, err);
		if (!got && !sales && have_item && svc_field_is(type, "item"))
			got = price_from(&irow, cols[i], cur, "item's", &v, err);
		if (!got && !sales && have_worker)
			got = price_from(&wrow, "hourly_cost", cur, "worker's", &v,
			    err);
		if (!got && have_cat)
			got = price_from(&crow, cols[i], cur, "category's", &v, err);
		if (!got && sales && have_item)
			got = price_from(&irow, cols[i], cur, "item's", &v, err);
		if (got < 0) {
			rc = err->status;
			goto out;
		}
		if (got)
			svc_row_set_int_named(line, cols[i], v);
		else if (sales) {
			rc = svc_err_set(err, SVC_EDATA, "column 'sales_price': "
			    "no price found (give one, or set a price for the "
			    "category)");
			goto out;
		}
	}
out:
	svc_buf_free(&key);
	svc_row_free(&price);
	svc_row_free(&crow);
	svc_row_free(&irow);
	svc_row_free(&wrow);
	return rc;
}

struct lines {
	int64_t max, last_signed;
	int n, created, posted, cancelled, signed_open;
};

static int
count_line(void *arg, struct svc_row *row)
{
	struct lines *l = arg;
	struct svc_field *st = F(row, "status");

	if (row->f[1].i > l->max)
		l->max = row->f[1].i;
	if (!F(row, "signed_at")->null && F(row, "signed_at")->i > l->last_signed)
		l->last_signed = F(row, "signed_at")->i;
	l->n++;
	if (svc_field_is(st, "created")) {
		l->created++;
		if (!is_true(row, "signed_off"))
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
	struct lines l = { 0, 0, 0, 0, 0, 0, 0 };
	int rc;

	if ((rc = svc_order_lines(txn, order_id_of(order), count_line, &l, err)))
		return rc;
	if (l.n == 0)
		*progress = is_true(order, "cancelled") ? "cancelled" :
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

int
svc_order_refresh(struct svc_txn *txn, const char *order, struct svc_err *err)
{
	const struct svc_table *t = &svc_order_table;
	struct svc_row row;
	const char *progress;
	int64_t signed_at;
	int rc, signed_off;

	svc_row_init(&row, t);
	if ((rc = svc_table_must_load(txn, t, order, &row, err)) ||
	    (rc = derive(txn, &row, &progress, &signed_off, &signed_at, err)))
		goto out;
	if (!svc_field_is(F(&row, "progress"), progress) ||
	    is_true(&row, "signed_off") != signed_off ||
	    (signed_off && F(&row, "signed_at")->null)) {
		svc_row_set_text_named(&row, "progress", progress, strlen(progress));
		svc_row_set_int_named(&row, "signed_off", signed_off);
		if (!signed_off)
			svc_row_set_null_named(&row, "signed_at");
		else if (F(&row, "signed_at")->null && signed_at)
			svc_row_set_int_named(&row, "signed_at", signed_at);
		rc = svc_table_put(txn, t, &row, SVC_PUT_UPDATE, NULL, err);
	}
out:
	svc_row_free(&row);
	return rc;
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
	if (!svc_field_is(F(row, "progress"), progress) ||
	    is_true(row, "signed_off") != signed_off) {
		snprintf(msg, sizeof msg, "order '%.*s': progress or sign-off "
		    "does not follow from its lines (want %s, %s)",
		    (int)row->f[0].n, row->f[0].p, progress,
		    signed_off ? "signed off" : "not signed off");
		ck->report(ck->arg, msg);
		ck->problems++;
	}
	return 0;
}

long
svc_order_check(struct svc_txn *txn, void (*report)(void *, const char *),
    void *arg, struct svc_err *err)
{
	struct checker ck = { txn, report, arg, 0, err };
	int rc = svc_table_scan(txn, &svc_order_table, NULL, 0, check_order, &ck, err);

	return rc ? -rc : ck.problems;
}

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
	o = F(line, "order_id");
	return svc_table_must_load(txn, &svc_order_table, svc_arena_strndup(&line->arena, o->p,
	    o->n), order, err);
}

static int
line_is(struct svc_row *line, const char *status, const char *doing,
    struct svc_err *err)
{
	struct svc_field *st = F(line, "status");

	if (svc_field_is(st, status))
		return 0;
	if (svc_field_is(st, "posted"))
		return svc_err_set(err, SVC_EDATA, "line %.*s/%lld is posted: "
		    "posted lines never change (add a correcting line)",
		    (int)line->f[0].n, line->f[0].p, (long long)line->f[1].i);
	return svc_err_set(err, SVC_EDATA, "line %.*s/%lld is %.*s: cannot %s "
	    "it", (int)line->f[0].n, line->f[0].p, (long long)line->f[1].i,
	    (int)st->n, st->p, doing);
}

/* An item line without a unit takes the item's. */
static int
item_unit(struct svc_txn *txn, struct svc_row *line, struct svc_err *err)
{
	struct svc_field *item = F(line, "item_id"), *u;
	struct svc_row it;
	int rc;

	if (item->null || !F(line, "unit")->null)
		return 0;
	svc_row_init(&it, &svc_item_table);
	rc = svc_table_get_old(txn, &svc_item_table, item->p, item->n, &it, err);
	if (rc > 0 && !(u = F(&it, "unit"))->null)
		svc_row_set_text_named(line, "unit", u->p, u->n);
	svc_row_free(&it);
	return rc < 0 ? -rc : 0;
}

int
svc_order_line_add(struct svc_txn *txn, const char *order,
    const struct svc_texts *in, unsigned flags, const struct svc_actor *who,
    int64_t *line, struct svc_err *err)
{
	const struct svc_table *t = &svc_order_line_table, *ot = &svc_order_table;
	struct svc_texts lin = *in;
	struct lines l = { 0, 0, 0, 0, 0, 0, 0 };
	struct svc_row row, ord;
	struct svc_field *f;
	char num[24];
	int rc, c;
	static const char *const own[] = { "order_id", "currency", "status",
		"signed_off", "signed_at", "posted_at", "cancel_reason_id",
		"source", NULL };
	static const char *const own_import[] = { "order_id", "currency",
		NULL };

	c = svc_column_find(t, "posted_at", 9);
	if ((flags & SVC_ORDER_IMPORT) && in->given[c] && in->n[c])
		return svc_err_set(err, SVC_EDATA, "column 'posted_at': posted "
		    "lines are not imported (their journal is elsewhere)");
	if ((rc = refuse_given(t, in, flags & SVC_ORDER_IMPORT ? own_import :
	    own, err)))
		return rc;
	svc_row_init(&row, t);
	svc_row_init(&ord, ot);
	/* an import brings orders as they are in the other system */
	if ((rc = svc_table_must_load(txn, ot, order, &ord, err)) ||
	    (!(flags & SVC_ORDER_IMPORT) &&
	    (rc = stage_allows(txn, &ord, "may_modify", "changes", err))))
		goto out;
	if (is_true(&ord, "cancelled") && !(flags & SVC_ORDER_IMPORT)) {
		rc = svc_err_set(err, SVC_EDATA, "order '%s' is cancelled "
		    "(revoke the cancellation first)", order);
		goto out;
	}
	if ((rc = svc_order_lines(txn, order, count_line, &l, err)))
		goto out;
	lin.s[0] = ord.f[0].p;
	lin.n[0] = ord.f[0].n;
	lin.given[0] = 1;
	if (!lin.given[1] || lin.n[1] == 0) {
		snprintf(num, sizeof num, "%lld", (long long)l.max + 1);
		lin.s[1] = num;
		lin.n[1] = strlen(num);
		lin.given[1] = 1;
	}
	c = svc_column_find(t, "currency", 8);
	f = F(&ord, "currency");
	lin.s[c] = f->p;
	lin.n[c] = f->n;
	lin.given[c] = 1;
	if ((rc = svc_table_build(txn, t, &lin, SVC_BUILD_ADD, &row, err)))
		goto out;
	if (row.f[1].i < 1) {
		rc = svc_err_set(err, SVC_EDATA, "column 'line': line numbers "
		    "start at 1");
		goto out;
	}
	if (svc_field_is(F(&row, "status"), "posted")) {
		rc = svc_err_set(err, SVC_EDATA, "column 'status': lines are "
		    "posted by svc order post");
		goto out;
	}
	if (F(&row, "line_date")->null) {
		f = F(&ord, "preferred_start_at");
		svc_row_set_int_named(&row, "line_date", (f->null ? who->now : f->i) /
		    86400);
	}
	/* what is wrong with the line itself first, then its prices */
	if ((rc = svc_table_check_refs(txn, t, &row, err)) ||
	    (rc = order_line_validate(txn, t, &row, err)) ||
	    (!(f = F(&row, "object_id"))->null &&
	    (rc = svc_object_of_customer(txn, f->p, f->n, F(&ord, "customer_id"),
	    err))) ||
	    (rc = item_unit(txn, &row, err)) ||
	    (rc = look_up_prices(txn, &ord, &row, err)) ||
	    (rc = svc_table_put(txn, t, &row, SVC_PUT_NEW, NULL, err)) ||
	    (rc = svc_order_refresh(txn, order, err)))
		goto out;
	*line = row.f[1].i;
out:
	svc_row_free(&row);
	svc_row_free(&ord);
	return rc;
}

int
svc_order_line_set(struct svc_txn *txn, const char *key,
    const struct svc_texts *in, struct svc_err *err)
{
	static const char *const own[] = { "order_id", "line", "currency",
		"status", "signed_off", "signed_at", "posted_at",
		"cancel_reason_id", NULL };
	static const char *const priced[] = { "type", "category_id", "item_id",
		"worker_id", NULL };
	const struct svc_table *t = &svc_order_line_table;
	struct svc_row ord, line;
	int rc, c, reprice = 0;

	if ((rc = refuse_given(t, in, own, err)))
		return rc;
	for (c = 0; priced[c]; c++)
		reprice |= in->given[svc_column_find(t, priced[c],
		    strlen(priced[c]))];
	svc_row_init(&ord, &svc_order_table);
	svc_row_init(&line, t);
	if ((rc = load_line(txn, key, &ord, &line, err)) ||
	    (rc = line_is(&line, "created", "change", err)) ||
	    (rc = stage_allows(txn, &ord, "may_modify", "changes", err)) ||
	    (rc = svc_table_build(txn, t, in, SVC_BUILD_SET, &line, err)))
		goto out;
	if (reprice && ((rc = svc_table_check_refs(txn, t, &line, err)) ||
	    (rc = order_line_validate(txn, t, &line, err))))
		goto out;
	if (reprice) {
		/* what the price came from changed: look it up again, unless
		 * it is given too */
		if (!in->given[svc_column_find(t, "cost_price", 10)])
			svc_row_set_null_named(&line, "cost_price");
		if (!in->given[svc_column_find(t, "sales_price", 11)])
			svc_row_set_null_named(&line, "sales_price");
		if ((rc = look_up_prices(txn, &ord, &line, err)))
			goto out;
	}
	if (!(rc = svc_table_put(txn, t, &line, SVC_PUT_UPDATE, NULL, err))) {
		char *o = svc_arena_strndup(&ord.arena, ord.f[0].p, ord.f[0].n);
		rc = svc_order_refresh(txn, o, err);
	}
out:
	svc_row_free(&ord);
	svc_row_free(&line);
	return rc;
}

/* An order signed off in full is announced, however it came to be
 * (signing, or cancelling or moving away its last open line). */
static int
announce_if_signed(struct svc_txn *txn, const char *order, const char *reason,
    const struct svc_actor *who, struct svc_err *err)
{
	struct svc_order_event ev = { SVC_ORDER_SIGNED, order, NULL, NULL,
		NULL, 0, reason, who };
	struct svc_row ord;
	int rc;

	svc_row_init(&ord, &svc_order_table);
	if (!(rc = svc_table_must_load(txn, &svc_order_table, order, &ord,
	    err)) && is_true(&ord, "signed_off")) {
		ev.row = &ord;
		rc = svc_order_announce(txn, &ev, err);
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
	svc_row_set_text_named(line, "status", status, strlen(status));
	svc_row_set_int_named(line, "cancelled_with_order", by_order);
	if (reason && *reason)
		svc_row_set_text_named(line, "cancel_reason_id", reason, strlen(reason));
	else
		svc_row_set_null_named(line, "cancel_reason_id");
	if (strcmp(status, "created") == 0) {
		svc_row_set_int_named(line, "signed_off", 0);
		svc_row_set_null_named(line, "signed_at");
	}
	return svc_table_put(txn, &svc_order_line_table, line, SVC_PUT_UPDATE, NULL,
	    err);
}

int
svc_order_line_cancel(struct svc_txn *txn, const char *key,
    const char *reason, const struct svc_actor *who, struct svc_err *err)
{
	struct svc_row ord, line;
	int rc;

	(void)who;
	svc_row_init(&ord, &svc_order_table);
	svc_row_init(&line, &svc_order_line_table);
	if (!(rc = load_line(txn, key, &ord, &line, err)) &&
	    !(rc = line_is(&line, "created", "cancel", err)) &&
	    !(rc = stage_allows(txn, &ord, "may_cancel", "cancelling", err)) &&
	    !(rc = reason_check(txn, reason, err)) &&
	    !(rc = set_status(txn, &line, "cancelled", reason, 0, err)) &&
	    !(rc = svc_order_refresh(txn, order_id_of(&ord), err)) &&
	    !(rc = announce_line(txn, SVC_ORDER_LINE_CANCELLED, &line, reason,
	    who, err)))
		rc = announce_if_signed(txn, order_id_of(&ord), NULL, who, err);
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
	    !(rc = stage_allows(txn, &ord, "may_modify", "changes", err))) {
		if (is_true(&ord, "cancelled"))
			rc = svc_err_set(err, SVC_EDATA, "order '%.*s' is "
			    "cancelled (revoke the order's cancellation)",
			    (int)ord.f[0].n, ord.f[0].p);
		else if (!(rc = set_status(txn, &line, "created", NULL, 0, err)))
			rc = svc_order_refresh(txn, order_id_of(&ord), err);
	}
	svc_row_free(&ord);
	svc_row_free(&line);
	return rc;
}

/* --- stage moves, cancel, revoke, delete, move --- */

int
svc_order_stage(struct svc_txn *txn, const char *order, const char *to,
    const char *reason, const char *note, const struct svc_actor *who,
    struct svc_err *err)
{
	const struct svc_table *ot = &svc_order_table, *st = &svc_stage_table;
	struct svc_row ord, cur, next;
	struct children ch = { SVC_BUF_INIT, "", 0 };
	char curid[80], target[80];
	struct svc_field *parent;
	int rc;

	svc_row_init(&ord, ot);
	svc_row_init(&cur, st);
	svc_row_init(&next, st);
	if ((rc = svc_table_must_load(txn, ot, order, &ord, err)) ||
	    (rc = order_stage(txn, &ord, &cur, err)))
		goto out;
	snprintf(curid, sizeof curid, "%.*s", (int)cur.f[0].n, cur.f[0].p);
	if (is_true(&ord, "cancelled")) {
		rc = svc_err_set(err, SVC_EDATA, "order '%s' is cancelled", order);
		goto out;
	}
	parent = F(&cur, "parent_id");
	if ((rc = stage_children(txn, curid, &ch, err)))
		goto out;
	if (strcmp(to, "next") == 0) {
		if (ch.n != 1) {
			rc = ch.n ? svc_err_set(err, SVC_EDATA, "stage '%s' has "
			    "several next stages (%s): name one", curid,
			    ch.names.p) : svc_err_set(err, SVC_EDATA, "stage "
			    "'%s' is the last", curid);
			goto out;
		}
		snprintf(target, sizeof target, "%s", ch.first);
	} else if (strcmp(to, "prev") == 0) {
		if (parent->null) {
			rc = svc_err_set(err, SVC_EDATA, "stage '%s' is the first",
			    curid);
			goto out;
		}
		snprintf(target, sizeof target, "%.*s", (int)parent->n, parent->p);
	} else {
		snprintf(target, sizeof target, "%s", to);
		if (strcmp(target, curid) == 0) {
			rc = svc_err_set(err, SVC_EDATA, "order '%s' is in stage "
			    "'%s' already", order, curid);
			goto out;
		}
	}
	if ((rc = svc_table_must_load(txn, st, target, &next, err)))
		goto out;
	/* a move goes one step along the tree: to a child or the parent */
	if (!(F(&next, "parent_id")->n == strlen(curid) &&
	    memcmp(F(&next, "parent_id")->p, curid, strlen(curid)) == 0) &&
	    !(!parent->null && parent->n == strlen(target) &&
	    memcmp(parent->p, target, parent->n) == 0)) {
		rc = svc_err_set(err, SVC_EDATA, "order '%s' cannot go from "
		    "stage '%s' to '%s' (next: %s%s)", order, curid, target,
		    ch.n ? ch.names.p : "none", parent->null ? "" : "; or prev");
		goto out;
	}
	if (is_true(&next, "reason_required") && (!reason || !*reason)) {
		rc = svc_err_set(err, SVC_EDATA, "entering stage '%s' needs a "
		    "reason (--reason CODE)", target);
		goto out;
	}
	svc_row_set_text_named(&ord, "stage_id", target, strlen(target));
	if (!(rc = svc_table_put(txn, ot, &ord, SVC_PUT_UPDATE, NULL, err)) &&
	    !(rc = log_event(txn, order, "stage", target, reason, note, who,
	    err)))
	{
		struct svc_order_event ev = { SVC_ORDER_STAGED, order, &ord,
			&cur, &next, 0, reason, who };
		rc = svc_order_announce(txn, &ev, err);
	}
out:
	svc_buf_free(&ch.names);
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
	    ORDER_LINE_status,
	    status, pk, err);
}

static int
load_line_n(struct svc_txn *txn, const char *order, int64_t n,
    struct svc_row *line, struct svc_err *err)
{
	char key[120];

	snprintf(key, sizeof key, "%s/%lld", order, (long long)n);
	return svc_table_must_load(txn, &svc_order_line_table, key, line, err);
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
		if ((rc = load_line_n(txn, order, pk.n[i], &line, err)))
			break;
		if (cancel)
			rc = set_status(txn, &line, "cancelled", reason, 1, err);
		else if (is_true(&line, "cancelled_with_order"))
			rc = set_status(txn, &line, "created", NULL, 0, err);
	}
	svc_row_free(&line);
	free(pk.n);
	return rc;
}

static char *
order_stage_id(struct svc_row *order)
{
	struct svc_field *f = F(order, "stage_id");

	return svc_arena_strndup(&order->arena, f->p, f->n);
}

int
svc_order_cancel(struct svc_txn *txn, const char *order,
    const char *reason, const char *note, const struct svc_actor *who,
    struct svc_err *err)
{
	const struct svc_table *ot = &svc_order_table;
	struct lines l = { 0, 0, 0, 0, 0, 0, 0 };
	struct svc_row ord;
	int rc;

	svc_row_init(&ord, ot);
	if ((rc = svc_table_must_load(txn, ot, order, &ord, err)) ||
	    (rc = stage_allows(txn, &ord, "may_cancel", "cancelling", err)) ||
	    (rc = reason_check(txn, reason, err)) ||
	    (rc = svc_order_lines(txn, order, count_line, &l, err)))
		goto out;
	if (is_true(&ord, "cancelled")) {
		rc = svc_err_set(err, SVC_EDATA, "order '%s' is cancelled "
		    "already", order);
		goto out;
	}
	if (l.posted) {
		rc = svc_err_set(err, SVC_EDATA, "order '%s' has posted lines: "
		    "it cannot be cancelled", order);
		goto out;
	}
	svc_row_set_int_named(&ord, "cancelled", 1);
	if ((rc = svc_table_put(txn, ot, &ord, SVC_PUT_UPDATE, NULL, err)) ||
	    (rc = change_lines(txn, order, 1, reason, err)) ||
	    (rc = announce(txn, SVC_ORDER_CANCELLED, order, &ord, who, err)) ||
	    (rc = svc_order_refresh(txn, order, err)))
		goto out;
	rc = log_event(txn, order, "cancel", order_stage_id(&ord), reason, note,
	    who, err);
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
	    (rc = stage_allows(txn, &ord, "may_cancel", "revoking a "
	    "cancellation", err)))
		goto out;
	if (!is_true(&ord, "cancelled")) {
		rc = svc_err_set(err, SVC_EDATA, "order '%s' is not cancelled",
		    order);
		goto out;
	}
	svc_row_set_int_named(&ord, "cancelled", 0);
	if ((rc = svc_table_put(txn, ot, &ord, SVC_PUT_UPDATE, NULL, err)) ||
	    (rc = change_lines(txn, order, 0, NULL, err)) ||
	    (rc = svc_order_refresh(txn, order, err)))
		goto out;
	rc = log_event(txn, order, "revoke", order_stage_id(&ord), NULL, NULL,
	    who, err);
out:
	svc_row_free(&ord);
	return rc;
}

int
svc_order_delete(struct svc_txn *txn, const char *order, struct svc_err *err)
{
	const struct svc_table *ot = &svc_order_table;
	struct lines l = { 0, 0, 0, 0, 0, 0, 0 };
	struct svc_buf key = SVC_BUF_INIT;
	struct svc_row ord;
	int rc;

	svc_row_init(&ord, ot);
	if ((rc = svc_table_must_load(txn, ot, order, &ord, err)) ||
	    (rc = stage_allows(txn, &ord, "may_delete", "deleting", err)) ||
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
	if (svc_table_key(ot, &ord, &key) < 0)
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
	else
		rc = svc_table_delete(txn, ot, key.p, key.len, err);
out:
	svc_buf_free(&key);
	svc_row_free(&ord);
	return rc;
}

static int
same_field(struct svc_row *a, struct svc_row *b, const char *col)
{
	struct svc_field *x = F(a, col), *y = F(b, col);

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
	struct lines l = { 0, 0, 0, 0, 0, 0, 0 };
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
	    (rc = stage_allows(txn, &from, "may_modify", "changes", err)) ||
	    (rc = stage_allows(txn, &dest, "may_modify", "changes", err)))
		goto out;
	fromid = order_id_of(&from);
	if (strcmp(fromid, to) == 0) {
		rc = svc_err_set(err, SVC_EDATA, "line %s is on order '%s' "
		    "already", key, to);
		goto out;
	}
	if (!same_field(&from, &dest, "agreement_id") ||
	    !same_field(&from, &dest, "customer_id")) {
		rc = svc_err_set(err, SVC_EDATA, "lines move only between orders "
		    "of the same customer and agreement ('%s' and '%s' differ)",
		    fromid, to);
		goto out;
	}
	if (is_true(&dest, "cancelled")) {
		rc = svc_err_set(err, SVC_EDATA, "order '%s' is cancelled", to);
		goto out;
	}
	if ((rc = svc_order_lines(txn, to, count_line, &l, err)))
		goto out;
	oldline = line.f[ORDER_LINE_line].i;
	if (svc_table_key(lt, &line, &k) < 0 ||
	    (rc = svc_table_delete(txn, lt, k.p, k.len, err)))
		goto out;
	svc_row_set_text_named(&line, "order_id", to, strlen(to));
	svc_row_set_int_named(&line, "line", l.max + 1);
	svc_row_set_int_named(&line, "signed_off", 0);
	svc_row_set_null_named(&line, "signed_at");
	if ((rc = svc_table_put(txn, lt, &line, SVC_PUT_NEW, NULL, err)) ||
	    (rc = svc_order_refresh(txn, fromid, err)) ||
	    (rc = svc_order_refresh(txn, to, err)) ||
	    (rc = announce_moved(txn, fromid, oldline, who, err)) ||
	    (rc = announce_if_signed(txn, fromid, NULL, who, err)))
		goto out;
	*newline = l.max + 1;
out:
	svc_buf_free(&k);
	svc_row_free(&from);
	svc_row_free(&dest);
	svc_row_free(&line);
	return rc;
}

int
svc_order_sign(struct svc_txn *txn, const char *order, int64_t only,
    const char *reason, const struct svc_actor *who, struct svc_err *err)
{
	const struct svc_table *ot = &svc_order_table, *lt = &svc_order_line_table;
	struct svc_row ord, line;
	struct svc_numbers pk = { NULL, 0, 0 };
	int rc, i, signed_now = 0;

	svc_row_init(&ord, ot);
	svc_row_init(&line, lt);
	if ((rc = svc_table_must_load(txn, ot, order, &ord, err)))
		goto out;
	if (is_true(&ord, "cancelled")) {
		rc = svc_err_set(err, SVC_EDATA, "order '%s' is cancelled", order);
		goto out;
	}
	if (only > 0) {
		if ((rc = load_line_n(txn, order, only, &line, err)) ||
		    (rc = line_is(&line, "created", "sign off", err)))
			goto out;
		if (svc_numbers_add(&pk, line.f[1].i) < 0) {
			rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
			goto out;
		}
	} else if ((rc = pick_lines(txn, order, "created", &pk, err)))
		goto out;
	for (i = 0; i < pk.count && !rc; i++) {
		if ((rc = load_line_n(txn, order, pk.n[i], &line, err)))
			break;
		if (is_true(&line, "signed_off"))
			continue;
		svc_row_set_int_named(&line, "signed_off", 1);
		svc_row_set_int_named(&line, "signed_at", who->now);
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
	if (is_true(&ord, "signed_off") && F(&ord, "signed_at")->null) {
		svc_row_set_int_named(&ord, "signed_at", who->now);
		if ((rc = svc_table_put(txn, ot, &ord, SVC_PUT_UPDATE, NULL, err)))
			goto out;
	}
	if ((rc = announce_if_signed(txn, order, reason, who, err)))
		goto out;
	if (signed_now)
		rc = log_event(txn, order, "sign", order_stage_id(&ord), NULL,
		    NULL, who, err);
out:
	free(pk.n);
	svc_row_free(&ord);
	svc_row_free(&line);
	return rc;
}

int64_t
svc_order_line_date(struct svc_row *line)
{
	struct svc_field *f;

	if (!(f = F(line, "executed_date"))->null)
		return f->i;
	if (!(f = F(line, "end_at"))->null)
		return f->i >= 0 ? f->i / 86400 : -((-f->i + 86399) / 86400);
	return F(line, "line_date")->null ? 0 : F(line, "line_date")->i;
}

/* The journal entry of a posted line. */
static int
journal_entry(struct svc_txn *txn, struct svc_row *ord, struct svc_row *line,
    int64_t date, const struct svc_actor *who, struct svc_err *err)
{
	const struct svc_table *jt = &svc_journal_table;
	struct svc_row j, cat, cust;
	struct svc_field *f;
	int64_t cost = 0, sales = 0;
	static const char *const same[] = { "type", "category_id", "item_id",
		"worker_id", "quantity", "currency", NULL };
	int rc, i, got;

	svc_row_init(&j, jt);
	svc_row_init(&cat, &svc_category_table);
	svc_row_init(&cust, &svc_customer_table);
	for (i = 0; same[i]; i++) {
		f = F(line, same[i]);
		if (f->null)
			continue;
		if (svc_type_is_int(jt->cols[svc_column_find(jt, same[i],
		    strlen(same[i]))].type))
			svc_row_set_int_named(&j, same[i], f->i);
		else
			svc_row_set_text_named(&j, same[i], f->p, f->n);
	}
	svc_row_set_int_named(&j, "date", date);
	f = F(ord, "customer_id");
	svc_row_set_text_named(&j, "customer_id", f->p, f->n);
	svc_row_set_text_named(&j, "order_id", ord->f[0].p, ord->f[0].n);
	svc_row_set_int_named(&j, "line", line->f[1].i);
	if ((!F(line, "cost_price")->null && svc_order_amount(F(line,
	    "quantity")->i, F(line, "cost_price")->i, &cost) < 0) ||
	    svc_order_amount(F(line, "quantity")->i, F(line, "sales_price")->i,
	    &sales) < 0) {
		rc = svc_err_set(err, SVC_EDATA, "line %lld: the amount is too "
		    "large", (long long)line->f[1].i);
		goto out;
	}
	svc_row_set_int_named(&j, "cost_amount", cost);
	svc_row_set_int_named(&j, "sales_amount", sales);
	/* the tax code of the category, else the customer's */
	f = F(line, "category_id");
	got = f->null ? 0 : svc_table_get_old(txn, &svc_category_table, f->p, f->n, &cat,
	    err);
	if (got < 0) {
		rc = -got;
		goto out;
	}
	if (got && !F(&cat, "tax_code")->null) {
		f = F(&cat, "tax_code");
		svc_row_set_text_named(&j, "tax_code", f->p, f->n);
	} else {
		f = F(ord, "customer_id");
		got = svc_table_get_old(txn, &svc_customer_table, f->p, f->n, &cust, err);
		if (got < 0) {
			rc = -got;
			goto out;
		}
		if (got && !(f = F(&cust, "tax_code"))->null)
			svc_row_set_text_named(&j, "tax_code", f->p, f->n);
	}
	svc_row_set_int_named(&j, "posted_at", who->now);
	svc_row_set_text_named(&j, "user", who->user, strlen(who->user));
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
	if ((rc = stage_allows(txn, &ord, "may_post", "posting", err))) {
		if (quiet && rc == SVC_EDATA)
			rc = 0;
		goto out;
	}
	if ((rc = pick_lines(txn, order, "created", &pk, err)))
		goto out;
	for (i = 0; i < pk.count && !rc; i++) {
		if ((rc = load_line_n(txn, order, pk.n[i], &line, err)))
			break;
		if (!is_true(&line, "signed_off")) {
			unsigned_lines++;
			continue;
		}
		date = svc_order_line_date(&line);
		if (date > through)
			continue;
		if ((rc = journal_entry(txn, &ord, &line, date, who, err)))
			break;
		svc_row_set_text_named(&line, "status", "posted", 6);
		svc_row_set_int_named(&line, "posted_at", who->now);
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
		rc = log_event(txn, order, "post", order_stage_id(&ord), NULL,
		    NULL, who, err);
out:
	free(pk.n);
	svc_row_free(&ord);
	svc_row_free(&line);
	return rc;
}

/* --- the bill run's source: the journal of posted order lines --- */

struct journal_each {
	struct svc_txn *txn;
	int (*fn)(void *, const struct svc_billable *);
	void *arg;
	struct svc_err *err;
};

static int
journal_row(void *arg, struct svc_row *row)
{
	struct journal_each *e = arg;
	struct svc_billable b;
	struct svc_buf key = SVC_BUF_INIT, desc = SVC_BUF_INIT;
	struct svc_row line;
	struct svc_field *f;
	int rc;

	if (!row->f[JOURNAL_invoice_id].null)
		return 0;
	svc_row_init(&line, &svc_order_line_table);
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
	if (svc_buf_printf(&key, "%.*s/%lld", (int)f->n, f->p,
	    (long long)row->f[JOURNAL_line].i) < 0) {
		rc = svc_err_set(e->err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	rc = svc_table_load_old(e->txn, &svc_order_line_table, key.p, key.len,
	    &line, e->err);
	if (rc < 0) {
		rc = -rc;
		goto out;
	}
	f = rc > 0 ? &line.f[ORDER_LINE_description] : NULL;
	if (!f || f->null)
		f = !row->f[JOURNAL_item_id].null ? &row->f[JOURNAL_item_id] :
		    &row->f[JOURNAL_category_id];
	if (svc_buf_printf(&desc, "%s: %.*s", key.p, f->null ? 0 : (int)f->n,
	    f->null ? "" : f->p) < 0 || !b.source || !b.customer ||
	    !b.currency || !b.category || !b.tax_code) {
		rc = svc_err_set(e->err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	b.description = desc.p;
	rc = e->fn(e->arg, &b);
out:
	svc_buf_free(&key);
	svc_buf_free(&desc);
	svc_row_free(&line);
	return rc;
}

static int
journal_each(struct svc_txn *txn, int64_t through,
    int (*fn)(void *, const struct svc_billable *), void *arg,
    struct svc_err *err)
{
	struct journal_each e = { txn, fn, arg, err };
	struct svc_filter f;
	char expr[64], d[16];
	int rc;

	svc_date_format(through, d);
	snprintf(expr, sizeof expr, "date<=%s", d);
	if ((rc = svc_filter_parse(&svc_journal_table, expr, &f, err)))
		return rc;
	rc = svc_table_scan(txn, &svc_journal_table, &f, 1, journal_row, &e,
	    err);
	svc_filter_free(&f);
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

/* --- the tables --- */

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

static const struct svc_column stage_cols[] = {
	[STAGE_id] = { "id", SVC_T_ID, REQ, .doc = "stage id" },
	[STAGE_description] = { "description", SVC_T_TEXT, REQ, .doc = "description" },
	[STAGE_parent_id] = { "parent_id", SVC_T_REF, 0, .ref = "stage",
	  .doc = "the stage before it; empty for the one initial stage" },
	[STAGE_position] = { "position", SVC_T_INT, REQ, .def = "0",
	  .doc = "order among the stages with the same parent" },
	[STAGE_may_modify] = { "may_modify", SVC_T_BOOL, REQ, .def = "true",
	  .doc = "lines of orders in it may be added and changed" },
	[STAGE_may_cancel] = { "may_cancel", SVC_T_BOOL, REQ, .def = "true",
	  .doc = "orders in it may be cancelled" },
	[STAGE_may_delete] = { "may_delete", SVC_T_BOOL, REQ, .def = "false",
	  .doc = "orders in it may be deleted" },
	[STAGE_may_post] = { "may_post", SVC_T_BOOL, REQ, .def = "false",
	  .doc = "orders in it may be posted" },
	[STAGE_reason_required] = { "reason_required", SVC_T_BOOL, REQ, .def = "false",
	  .doc = "entering it needs a stage-reason code" },
	[STAGE_stops_sla] = { "stops_sla", SVC_T_BOOL, REQ, .def = "false",
	  .doc = "orders in it stop their SLA clock" },
};
SVC_COLUMNS_MATCH(stage_cols, STAGE_NCOLS);
const struct svc_table svc_stage_table = {
	"stage", "a stage of service orders", SVC_COLS(stage_cols), 1, NULL,
	stage_validate, NULL
};

static const struct svc_column order_cols[] = {
	[ORDER_id] = { "id", SVC_T_ID, REQ, .doc = "service order id" },
	[ORDER_description] = { "description", SVC_T_TEXT, 0, .doc = "description" },
	[ORDER_customer_id] = { "customer_id", SVC_T_REF, REQ, .ref = "customer", .doc = "customer" },
	[ORDER_agreement_id] = { "agreement_id", SVC_T_ID, IDX, .doc = "service agreement" },
	[ORDER_address] = { "address", SVC_T_TEXT, 0,
	  .doc = "service address (default: the customer's)" },
	[ORDER_preferred_start_at] = { "preferred_start_at", SVC_T_DATETIME, IDX,
	  .doc = "start of the preferred window" },
	[ORDER_preferred_end_at] = { "preferred_end_at", SVC_T_DATETIME, 0,
	  .doc = "end of the preferred window" },
	[ORDER_priority] = { "priority", SVC_T_ENUM, REQ | IDX, .def = "normal", .words = priorities,
	  .doc = "high, normal or low" },
	[ORDER_stage_id] = { "stage_id", SVC_T_REF, REQ, .ref = "stage", .doc = "current stage" },
	[ORDER_progress] = { "progress", SVC_T_ENUM, REQ | IDX, .def = "in-process",
	  .words = progresses, .doc = "from the lines: in-process, posted or "
	  "cancelled" },
	[ORDER_responsible_id] = { "responsible_id", SVC_T_REF, 0, .ref = "worker",
	  .doc = "responsible worker" },
	[ORDER_preferred_worker_id] = { "preferred_worker_id", SVC_T_REF, 0, .ref = "worker",
	  .doc = "preferred technician" },
	[ORDER_currency] = { "currency", SVC_T_CURRENCY, REQ, .doc = "the customer's currency" },
	[ORDER_signed_off] = { "signed_off", SVC_T_BOOL, REQ, .def = "false",
	  .doc = "every line is signed off" },
	[ORDER_signed_at] = { "signed_at", SVC_T_DATETIME, 0, .doc = "when it was signed off" },
	[ORDER_calendar_conflict] = { "calendar_conflict", SVC_T_BOOL, REQ, .def = "false",
	  .doc = "its date is closed in the company calendar" },
	[ORDER_origin] = { "origin", SVC_T_ENUM, REQ, .def = "manual", .words = origins,
	  .doc = "manual, agreement, return or import" },
	[ORDER_cancelled] = { "cancelled", SVC_T_BOOL, REQ, .def = "false",
	  .doc = "the order was cancelled" },
	[ORDER_created_at] = { "created_at", SVC_T_DATETIME, 0, .doc = "when it was created" },
	[ORDER_order_date] = { "order_date", SVC_T_DATE, IDX,
	  .doc = "the day the work is planned for (generated orders)" },
	[ORDER_combine_key] = { "combine_key", SVC_T_TEXT, 0,
	  .doc = "generated orders: what their lines have in common" },
	[ORDER_sla_id] = { "sla_id", SVC_T_REF, 0, .ref = "sla",
	  .doc = "service level agreement (default: the agreement's, its "
	  "group's, the customer's)" },
};
SVC_COLUMNS_MATCH(order_cols, ORDER_NCOLS);
const struct svc_table svc_order_table = {
	"order", "a service order", SVC_COLS(order_cols), 1, "SO-%06d",
	order_validate, NULL
};

static const struct svc_column order_line_cols[] = {
	[ORDER_LINE_order_id] = { "order_id", SVC_T_REF, REQ, .ref = "order", .doc = "service order" },
	[ORDER_LINE_line] = { "line", SVC_T_INT, REQ, .doc = "line number" },
	[ORDER_LINE_type] = { "type", SVC_T_ENUM, REQ, .words = svc_line_types,
	  .doc = "transaction type: hour, expense, item or fee" },
	[ORDER_LINE_category_id] = { "category_id", SVC_T_REF, 0, .ref = "category",
	  .doc = "price category (required but for item lines)" },
	[ORDER_LINE_description] = { "description", SVC_T_TEXT, 0, .doc = "description" },
	[ORDER_LINE_task_id] = { "task_id", SVC_T_REF, 0, .ref = "task", .doc = "service task" },
	[ORDER_LINE_object_id] = { "object_id", SVC_T_REF, 0, .ref = "object", .doc = "service object" },
	[ORDER_LINE_worker_id] = { "worker_id", SVC_T_REF, IDX, .ref = "worker", .doc = "worker" },
	[ORDER_LINE_quantity] = { "quantity", SVC_T_DECIMAL, REQ, .def = "1", .scale = 4,
	  .doc = "quantity (hours for hour lines)" },
	[ORDER_LINE_unit] = { "unit", SVC_T_ID, 0, .doc = "unit of measure" },
	[ORDER_LINE_item_id] = { "item_id", SVC_T_REF, 0, .ref = "item", .doc = "item (item lines)" },
	[ORDER_LINE_cost_price] = { "cost_price", SVC_T_MONEY, 0, .currency = "currency",
	  .doc = "cost price of one unit" },
	[ORDER_LINE_sales_price] = { "sales_price", SVC_T_MONEY, 0, .currency = "currency",
	  .doc = "sales price of one unit" },
	[ORDER_LINE_currency] = { "currency", SVC_T_CURRENCY, REQ, .doc = "the order's currency" },
	[ORDER_LINE_status] = { "status", SVC_T_ENUM, REQ, .def = "created", .words = line_statuses,
	  .doc = "created, posted or cancelled" },
	[ORDER_LINE_signed_off] = { "signed_off", SVC_T_BOOL, REQ, .def = "false", .doc = "signed off" },
	[ORDER_LINE_signed_at] = { "signed_at", SVC_T_DATETIME, 0, .doc = "when it was signed off" },
	[ORDER_LINE_line_date] = { "line_date", SVC_T_DATE, 0, .doc = "calculated date" },
	[ORDER_LINE_executed_date] = { "executed_date", SVC_T_DATE, 0, .doc = "date the work was done" },
	[ORDER_LINE_start_at] = { "start_at", SVC_T_DATETIME, 0, .doc = "actual start (hour lines)" },
	[ORDER_LINE_end_at] = { "end_at", SVC_T_DATETIME, 0, .doc = "actual end (hour lines)" },
	[ORDER_LINE_agreement_line] = { "agreement_line", SVC_T_INT, 0,
	  .doc = "the agreement line it came from" },
	[ORDER_LINE_occurrence_date] = { "occurrence_date", SVC_T_DATE, 0,
	  .doc = "the agreement occurrence it came from" },
	[ORDER_LINE_posted_at] = { "posted_at", SVC_T_DATETIME, 0, .doc = "when it was posted" },
	[ORDER_LINE_cancel_reason_id] = { "cancel_reason_id", SVC_T_REF, 0, .ref = "code",
	  .ref_kind = "stage-reason", .doc = "why it was cancelled" },
	[ORDER_LINE_cancelled_with_order] = { "cancelled_with_order", SVC_T_BOOL, REQ, .def = "false",
	  .doc = "cancelled by cancelling its order (revoking brings it back)" },
	[ORDER_LINE_source] = { "source", SVC_T_TEXT, IDX,
	  .doc = "generated lines: AGREEMENT/LINE/DATE of the occurrence" },
};
SVC_COLUMNS_MATCH(order_line_cols, ORDER_LINE_NCOLS);
const struct svc_table svc_order_line_table = {
	"order-line", "a line of a service order", SVC_COLS(order_line_cols), 2,
	NULL, order_line_validate, NULL
};

static const struct svc_column order_object_cols[] = {
	[ORDER_OBJECT_order_id] = { "order_id", SVC_T_REF, REQ, .ref = "order", .doc = "service order" },
	[ORDER_OBJECT_object_id] = { "object_id", SVC_T_REF, REQ, .ref = "object",
	  .doc = "a service object the order is for" },
};
SVC_COLUMNS_MATCH(order_object_cols, ORDER_OBJECT_NCOLS);
const struct svc_table svc_order_object_table = {
	"order-object", "a service object of an order", SVC_COLS(order_object_cols),
	2, NULL, svc_order_object_validate, NULL
};

static const struct svc_column order_task_cols[] = {
	[ORDER_TASK_order_id] = { "order_id", SVC_T_REF, REQ, .ref = "order", .doc = "service order" },
	[ORDER_TASK_task_id] = { "task_id", SVC_T_REF, REQ, .ref = "task",
	  .doc = "a service task of the order" },
	[ORDER_TASK_internal_note] = { "internal_note", SVC_T_TEXT, 0, .doc = "note for the technician" },
	[ORDER_TASK_external_note] = { "external_note", SVC_T_TEXT, 0, .doc = "note for the customer" },
};
SVC_COLUMNS_MATCH(order_task_cols, ORDER_TASK_NCOLS);
const struct svc_table svc_order_task_table = {
	"order-task", "a service task of an order", SVC_COLS(order_task_cols), 2,
	NULL, NULL, NULL
};

static const struct svc_column order_stage_log_cols[] = {
	[ORDER_HISTORY_order_id] = { "order_id", SVC_T_REF, REQ, .ref = "order", .doc = "service order" },
	[ORDER_HISTORY_seq] = { "seq", SVC_T_INT, REQ, .doc = "1 for the first entry of the order" },
	[ORDER_HISTORY_stage_id] = { "stage_id", SVC_T_REF, REQ, .ref = "stage", .doc = "stage entered" },
	[ORDER_HISTORY_reason_id] = { "reason_id", SVC_T_REF, 0, .ref = "code", .ref_kind = "stage-reason",
	  .doc = "stage-reason code" },
	[ORDER_HISTORY_note] = { "note", SVC_T_TEXT, 0, .doc = "note" },
	[ORDER_HISTORY_at] = { "at", SVC_T_DATETIME, REQ, .doc = "when" },
	[ORDER_HISTORY_user] = { "user", SVC_T_TEXT, REQ, .doc = "who" },
	[ORDER_HISTORY_event] = { "event", SVC_T_ENUM, REQ, .def = "stage", .words = (const char *const[]){
	  "create", "stage", "cancel", "revoke", "sign", "post", NULL },
	  .doc = "what happened: create, stage, cancel, revoke, sign or post" },
};
SVC_COLUMNS_MATCH(order_stage_log_cols, ORDER_HISTORY_NCOLS);
const struct svc_table svc_order_history_table = {
	"order-history", "what happened to an order", SVC_COLS(order_stage_log_cols),
	2, NULL, NULL, NULL
};

static const struct svc_column journal_cols[] = {
	[JOURNAL_id] = { "id", SVC_T_ID, REQ, .doc = "journal entry id" },
	[JOURNAL_date] = { "date", SVC_T_DATE, REQ | IDX, .doc = "transaction date" },
	[JOURNAL_customer_id] = { "customer_id", SVC_T_REF, REQ, .ref = "customer", .doc = "customer" },
	[JOURNAL_order_id] = { "order_id", SVC_T_REF, REQ, .ref = "order", .doc = "service order" },
	[JOURNAL_line] = { "line", SVC_T_INT, REQ, .doc = "order line number" },
	[JOURNAL_type] = { "type", SVC_T_ENUM, REQ, .words = svc_line_types, .doc = "transaction type" },
	[JOURNAL_category_id] = { "category_id", SVC_T_REF, 0, .ref = "category", .doc = "category" },
	[JOURNAL_item_id] = { "item_id", SVC_T_REF, 0, .ref = "item", .doc = "item" },
	[JOURNAL_worker_id] = { "worker_id", SVC_T_REF, 0, .ref = "worker", .doc = "worker" },
	[JOURNAL_quantity] = { "quantity", SVC_T_DECIMAL, REQ, .scale = 4, .doc = "quantity" },
	[JOURNAL_cost_amount] = { "cost_amount", SVC_T_MONEY, REQ, .currency = "currency",
	  .doc = "quantity times cost price, rounded" },
	[JOURNAL_sales_amount] = { "sales_amount", SVC_T_MONEY, REQ, .currency = "currency",
	  .doc = "quantity times sales price, rounded" },
	[JOURNAL_currency] = { "currency", SVC_T_CURRENCY, REQ, .doc = "currency" },
	[JOURNAL_tax_code] = { "tax_code", SVC_T_ID, 0, .doc = "tax code" },
	[JOURNAL_posted_at] = { "posted_at", SVC_T_DATETIME, REQ, .doc = "when it was posted" },
	[JOURNAL_user] = { "user", SVC_T_TEXT, REQ, .doc = "who posted it" },
	[JOURNAL_invoice_id] = { "invoice_id", SVC_T_REF, 0, .ref = "invoice",
	  .doc = "the invoice that billed it" },
};
SVC_COLUMNS_MATCH(journal_cols, JOURNAL_NCOLS);
const struct svc_table svc_journal_table = {
	"journal", "a posted transaction", SVC_COLS(journal_cols), 1, "J-%08d", NULL, NULL
};
