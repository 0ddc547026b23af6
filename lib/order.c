/* order.c - the rules of service orders: stage tree, lines, prices, progress, sign-off, posting */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "money.h"
#include "order.h"
#include "dispatch.h"
#include "sla.h"
#include "store.h"

#define T(name) svc_table_find(name)
#define F(row, col) svc_row_field(row, col)

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
	const struct svc_table *t = T("stage");
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

int
svc_stage_validate(struct svc_txn *txn, const struct svc_table *t,
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
		rc = svc_table_get(txn, t, at, strlen(at), &up, err);
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
	const struct svc_table *t = T("stage");
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

	return svc_table_must_load(txn, T("stage"), svc_arena_strndup(&stage->arena,
	    s->p, s->n), stage, err);
}

/* Refuses unless the order's stage allows what (a stage flag). */
static int
stage_allows(struct svc_txn *txn, struct svc_row *order, const char *flag,
    const char *doing, struct svc_err *err)
{
	const struct svc_table *st = T("stage");
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
	const struct svc_table *t = T("order-history");
	struct svc_row row;
	int rc;

	svc_row_init(&row, t);
	svc_row_set_text(&row, "order_id", order, strlen(order));
	svc_row_set_text(&row, "stage_id", stage, strlen(stage));
	if (reason && *reason)
		svc_row_set_text(&row, "reason_id", reason, strlen(reason));
	if (note && *note)
		svc_row_set_text(&row, "note", note, strlen(note));
	svc_row_set_int(&row, "at", who->now);
	svc_row_set_text(&row, "user", who->user, strlen(who->user));
	svc_row_set_text(&row, "event", event, strlen(event));
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

	svc_row_init(&obj, T("object"));
	rc = svc_table_load(txn, T("object"), object, n, &obj, err);
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
relate(struct svc_txn *txn, const char *table, const char *order,
    const char *col, const char *id, struct svc_err *err)
{
	const struct svc_table *t = T(table);
	struct svc_row row;
	int rc;

	svc_row_init(&row, t);
	svc_row_set_text(&row, "order_id", order, strlen(order));
	svc_row_set_text(&row, col, id, strlen(id));
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
svc_order_create(struct svc_txn *txn, const struct svc_texts *in,
    char *const *objects, int nobjects, char *const *tasks, int ntasks,
    unsigned flags, const struct svc_actor *who, struct svc_buf *id,
    struct svc_err *err)
{
	static const char *const own[] = { "stage_id", "progress", "currency",
		"signed_off", "signed_at", "cancelled", "created_at", "origin",
		NULL };
	int imported = (flags & SVC_ORDER_IMPORT) != 0;
	const struct svc_table *t = T("order"), *ct = T("customer");
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
		rc = svc_table_load(txn, ct, oin.s[c], oin.n[c], &cust, err);
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
	    (rc = svc_sla_assign(txn, &row, err)))
		goto out;
	/* sign-off follows from the lines */
	svc_row_set_int(&row, "signed_off", 0);
	if (!imported)
		svc_row_set_null(&row, "signed_at");
	if (imported && !oin.given[svc_column_find(t, "origin", 6)])
		svc_row_set_text(&row, "origin", "import", 6);
	if (F(&row, "address")->null && !F(&cust, "address")->null) {
		f = F(&cust, "address");
		svc_row_set_text(&row, "address", f->p, f->n);
	}
	if (F(&row, "created_at")->null)
		svc_row_set_int(&row, "created_at", who->now);
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
			rc = relate(txn, "order-object", order, "object_id",
			    objects[i], err);
	for (i = 0; i < ntasks && !rc; i++)
		rc = relate(txn, "order-task", order, "task_id", tasks[i], err);
	if (!rc) {
		f = F(&row, "stage_id");
		char *stage = svc_arena_strndup(&row.arena, f->p, f->n);
		rc = log_event(txn, order, "create", stage, NULL, NULL, who, err);
	}
	if (!rc)
		rc = svc_sla_start_clock(txn, order, 1, who, err);
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
	const struct svc_table *t = T("order");
	struct svc_row row;
	int rc;

	if ((rc = refuse_given(t, in, own, err)))
		return rc;
	svc_row_init(&row, t);
	if (!(rc = svc_table_must_load(txn, t, order, &row, err)) &&
	    !(rc = stage_allows(txn, &row, "may_modify", "changes", err)) &&
	    !(rc = svc_table_build(txn, t, in, SVC_BUILD_SET, &row, err)) &&
	    !(rc = svc_table_put(txn, t, &row, SVC_PUT_UPDATE, NULL, err)))
		rc = svc_sla_start_clock(txn, order, 0, who, err);
	svc_row_free(&row);
	return rc;
}

int
svc_order_validate(struct svc_txn *txn, const struct svc_table *t,
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
	const struct svc_table *pt = T(strcmp(t->name, "order-object") == 0 ?
	    "order" : "agreement");
	struct svc_field *o = &row->f[1];
	struct svc_row parent;
	int rc;

	svc_row_init(&parent, pt);
	rc = svc_table_get(txn, pt, row->f[0].p, row->f[0].n, &parent, err);
	if (rc > 0)
		rc = svc_object_of_customer(txn, o->p, o->n, F(&parent,
		    "customer_id"), err);
	else
		rc = rc < 0 ? -rc : 0;	/* the reference check names it */
	svc_row_free(&parent);
	return rc;
}

/* --- lines --- */

int
svc_order_line_validate(struct svc_txn *txn, const struct svc_table *t,
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
	svc_row_init(&c, T("category"));
	rc = svc_table_get(txn, T("category"), cat->p, cat->n, &c, err);
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

	svc_row_init(&price, T("price"));
	svc_row_init(&crow, T("category"));
	svc_row_init(&irow, T("item"));
	svc_row_init(&wrow, T("worker"));
	if (!cat->null) {
		struct svc_field *cu = F(order, "customer_id");
		svc_buf_printf(&key, "%.*s/%.*s", (int)cu->n, cu->p, (int)cat->n,
		    cat->p);
		if ((got = svc_table_get(txn, T("price"), key.p, key.len, &price,
		    err)) < 0 || (have_cat = svc_table_get(txn, T("category"),
		    cat->p, cat->n, &crow, err)) < 0) {
			rc = got < 0 ? -got : -have_cat;
			goto out;
		}
		have_price = got;
	}
	if (!item->null && (have_item = svc_table_get(txn, T("item"), item->p,
	    item->n, &irow, err)) < 0) {
		rc = -have_item;
		goto out;
	}
	if (!wk->null && svc_field_is(type, "hour") &&
	    (have_worker = svc_table_get(txn, T("worker"), wk->p, wk->n, &wrow,
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
			svc_row_set_int(line, cols[i], v);
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
	return svc_table_children(txn, T("order-line"), order, fn, arg, err);
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
	const struct svc_table *t = T("order");
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
		svc_row_set_text(&row, "progress", progress, strlen(progress));
		svc_row_set_int(&row, "signed_off", signed_off);
		if (!signed_off)
			svc_row_set_null(&row, "signed_at");
		else if (F(&row, "signed_at")->null && signed_at)
			svc_row_set_int(&row, "signed_at", signed_at);
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
	int rc = svc_table_scan(txn, T("order"), NULL, 0, check_order, &ck, err);

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

	if ((rc = svc_table_must_load(txn, T("order-line"), key, line, err)))
		return rc;
	o = F(line, "order_id");
	return svc_table_must_load(txn, T("order"), svc_arena_strndup(&line->arena, o->p,
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
	svc_row_init(&it, T("item"));
	rc = svc_table_get(txn, T("item"), item->p, item->n, &it, err);
	if (rc > 0 && !(u = F(&it, "unit"))->null)
		svc_row_set_text(line, "unit", u->p, u->n);
	svc_row_free(&it);
	return rc < 0 ? -rc : 0;
}

int
svc_order_line_add(struct svc_txn *txn, const char *order,
    const struct svc_texts *in, unsigned flags, const struct svc_actor *who,
    int64_t *line, struct svc_err *err)
{
	const struct svc_table *t = T("order-line"), *ot = T("order");
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
		svc_row_set_int(&row, "line_date", (f->null ? who->now : f->i) /
		    86400);
	}
	/* what is wrong with the line itself first, then its prices */
	if ((rc = svc_table_check_refs(txn, t, &row, err)) ||
	    (rc = svc_order_line_validate(txn, t, &row, err)) ||
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
	const struct svc_table *t = T("order-line");
	struct svc_row ord, line;
	int rc, c, reprice = 0;

	if ((rc = refuse_given(t, in, own, err)))
		return rc;
	for (c = 0; priced[c]; c++)
		reprice |= in->given[svc_column_find(t, priced[c],
		    strlen(priced[c]))];
	svc_row_init(&ord, T("order"));
	svc_row_init(&line, t);
	if ((rc = load_line(txn, key, &ord, &line, err)) ||
	    (rc = line_is(&line, "created", "change", err)) ||
	    (rc = stage_allows(txn, &ord, "may_modify", "changes", err)) ||
	    (rc = svc_table_build(txn, t, in, SVC_BUILD_SET, &line, err)))
		goto out;
	if (reprice && ((rc = svc_table_check_refs(txn, t, &line, err)) ||
	    (rc = svc_order_line_validate(txn, t, &line, err))))
		goto out;
	if (reprice) {
		/* what the price came from changed: look it up again, unless
		 * it is given too */
		if (!in->given[svc_column_find(t, "cost_price", 10)])
			svc_row_set_null(&line, "cost_price");
		if (!in->given[svc_column_find(t, "sales_price", 11)])
			svc_row_set_null(&line, "sales_price");
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

/* An order signed off in full resolves its SLA, however it came to be
 * (signing, or cancelling or moving away its last open line). */
static int
resolve_if_signed(struct svc_txn *txn, const char *order, const char *reason,
    const struct svc_actor *who, struct svc_err *err)
{
	struct svc_row ord;
	int rc;

	svc_row_init(&ord, T("order"));
	if (!(rc = svc_table_must_load(txn, T("order"), order, &ord, err)) &&
	    is_true(&ord, "signed_off"))
		rc = svc_sla_on_sign(txn, order, reason, who, err);
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
	svc_row_set_text(line, "status", status, strlen(status));
	svc_row_set_int(line, "cancelled_with_order", by_order);
	if (reason && *reason)
		svc_row_set_text(line, "cancel_reason_id", reason, strlen(reason));
	else
		svc_row_set_null(line, "cancel_reason_id");
	if (strcmp(status, "created") == 0) {
		svc_row_set_int(line, "signed_off", 0);
		svc_row_set_null(line, "signed_at");
	}
	return svc_table_put(txn, T("order-line"), line, SVC_PUT_UPDATE, NULL,
	    err);
}

int
svc_order_line_cancel(struct svc_txn *txn, const char *key,
    const char *reason, const struct svc_actor *who, struct svc_err *err)
{
	struct svc_row ord, line;
	int rc;

	(void)who;
	svc_row_init(&ord, T("order"));
	svc_row_init(&line, T("order-line"));
	if (!(rc = load_line(txn, key, &ord, &line, err)) &&
	    !(rc = line_is(&line, "created", "cancel", err)) &&
	    !(rc = stage_allows(txn, &ord, "may_cancel", "cancelling", err)) &&
	    !(rc = reason_check(txn, reason, err)) &&
	    !(rc = set_status(txn, &line, "cancelled", reason, 0, err)) &&
	    !(rc = svc_order_refresh(txn, order_id_of(&ord), err)))
		rc = resolve_if_signed(txn, order_id_of(&ord), NULL, who, err);
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
	svc_row_init(&ord, T("order"));
	svc_row_init(&line, T("order-line"));
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
	const struct svc_table *ot = T("order"), *st = T("stage");
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
	svc_row_set_text(&ord, "stage_id", target, strlen(target));
	if (!(rc = svc_table_put(txn, ot, &ord, SVC_PUT_UPDATE, NULL, err)) &&
	    !(rc = log_event(txn, order, "stage", target, reason, note, who,
	    err)))
		rc = svc_sla_on_stage(txn, order, &cur, &next, reason, who, err);
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
	return svc_table_child_numbers(txn, T("order-line"), order, "status",
	    status, pk, err);
}

static int
load_line_n(struct svc_txn *txn, const char *order, int64_t n,
    struct svc_row *line, struct svc_err *err)
{
	char key[120];

	snprintf(key, sizeof key, "%s/%lld", order, (long long)n);
	return svc_table_must_load(txn, T("order-line"), key, line, err);
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
	svc_row_init(&line, T("order-line"));
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
	const struct svc_table *ot = T("order");
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
	svc_row_set_int(&ord, "cancelled", 1);
	if ((rc = svc_table_put(txn, ot, &ord, SVC_PUT_UPDATE, NULL, err)) ||
	    (rc = change_lines(txn, order, 1, reason, err)) ||
	    (rc = svc_dispatch_release(txn, order, "order cancelled", who,
	    err)) ||
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
	const struct svc_table *ot = T("order");
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
	svc_row_set_int(&ord, "cancelled", 0);
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

static int
collect_key(void *arg, struct svc_row *row)
{
	struct svc_buf *keys = arg, key = SVC_BUF_INIT;
	int rc;

	rc = svc_table_key(row->t, row, &key) < 0 ||
	    svc_buf_add(keys, key.p, key.len + 1) < 0 ? SVC_ESYSTEM : 0;
	svc_buf_free(&key);
	return rc;
}

/* Deletes every row of t that belongs to the order. */
static int
delete_children(struct svc_txn *txn, const struct svc_table *t,
    const char *order, struct svc_err *err)
{
	struct svc_buf keys = SVC_BUF_INIT, key = SVC_BUF_INIT;
	struct svc_filter f;
	char expr[120];
	size_t at;
	int rc;

	/* collect the keys first, then delete */
	snprintf(expr, sizeof expr, "%s=%s", t->cols[0].name, order);
	if ((rc = svc_filter_parse(t, expr, &f, err)))
		return rc;
	rc = svc_table_scan(txn, t, &f, 1, collect_key, &keys, err);
	svc_filter_free(&f);
	for (at = 0; !rc && keys.p && at < keys.len; at += strlen(keys.p + at) + 1)
		rc = svc_table_delete(txn, t, keys.p + at, strlen(keys.p + at), err);
	svc_buf_free(&keys);
	svc_buf_free(&key);
	return rc;
}

int
svc_order_delete(struct svc_txn *txn, const char *order, struct svc_err *err)
{
	const struct svc_table *ot = T("order");
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
	if ((rc = delete_children(txn, T("order-line"), order, err)) ||
	    (rc = delete_children(txn, T("order-object"), order, err)) ||
	    (rc = delete_children(txn, T("order-task"), order, err)) ||
	    (rc = delete_children(txn, T("order-history"), order, err)) ||
	    (rc = delete_children(txn, T("sla-log"), order, err)) ||
	    (rc = svc_dispatch_forget(txn, order, err)))
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
	const struct svc_table *lt = T("order-line"), *ot = T("order");
	struct lines l = { 0, 0, 0, 0, 0, 0, 0 };
	struct svc_row from, dest, line;
	struct svc_buf k = SVC_BUF_INIT;
	char *fromid;
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
	if (svc_table_key(lt, &line, &k) < 0 ||
	    (rc = svc_table_delete(txn, lt, k.p, k.len, err)))
		goto out;
	svc_row_set_text(&line, "order_id", to, strlen(to));
	svc_row_set_int(&line, "line", l.max + 1);
	svc_row_set_int(&line, "signed_off", 0);
	svc_row_set_null(&line, "signed_at");
	if ((rc = svc_table_put(txn, lt, &line, SVC_PUT_NEW, NULL, err)) ||
	    (rc = svc_order_refresh(txn, fromid, err)) ||
	    (rc = svc_order_refresh(txn, to, err)) ||
	    (rc = resolve_if_signed(txn, fromid, NULL, who, err)))
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
	const struct svc_table *ot = T("order"), *lt = T("order-line");
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
		svc_row_set_int(&line, "signed_off", 1);
		svc_row_set_int(&line, "signed_at", who->now);
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
		svc_row_set_int(&ord, "signed_at", who->now);
		if ((rc = svc_table_put(txn, ot, &ord, SVC_PUT_UPDATE, NULL, err)))
			goto out;
	}
	if ((rc = resolve_if_signed(txn, order, reason, who, err)))
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
	const struct svc_table *jt = T("journal");
	struct svc_row j, cat, cust;
	struct svc_field *f;
	int64_t cost = 0, sales = 0;
	static const char *const same[] = { "type", "category_id", "item_id",
		"worker_id", "quantity", "currency", NULL };
	int rc, i, got;

	svc_row_init(&j, jt);
	svc_row_init(&cat, T("category"));
	svc_row_init(&cust, T("customer"));
	for (i = 0; same[i]; i++) {
		f = F(line, same[i]);
		if (f->null)
			continue;
		if (svc_type_is_int(jt->cols[svc_column_find(jt, same[i],
		    strlen(same[i]))].type))
			svc_row_set_int(&j, same[i], f->i);
		else
			svc_row_set_text(&j, same[i], f->p, f->n);
	}
	svc_row_set_int(&j, "date", date);
	f = F(ord, "customer_id");
	svc_row_set_text(&j, "customer_id", f->p, f->n);
	svc_row_set_text(&j, "order_id", ord->f[0].p, ord->f[0].n);
	svc_row_set_int(&j, "line", line->f[1].i);
	if ((!F(line, "cost_price")->null && svc_order_amount(F(line,
	    "quantity")->i, F(line, "cost_price")->i, &cost) < 0) ||
	    svc_order_amount(F(line, "quantity")->i, F(line, "sales_price")->i,
	    &sales) < 0) {
		rc = svc_err_set(err, SVC_EDATA, "line %lld: the amount is too "
		    "large", (long long)line->f[1].i);
		goto out;
	}
	svc_row_set_int(&j, "cost_amount", cost);
	svc_row_set_int(&j, "sales_amount", sales);
	/* the tax code of the category, else the customer's */
	f = F(line, "category_id");
	got = f->null ? 0 : svc_table_get(txn, T("category"), f->p, f->n, &cat,
	    err);
	if (got < 0) {
		rc = -got;
		goto out;
	}
	if (got && !F(&cat, "tax_code")->null) {
		f = F(&cat, "tax_code");
		svc_row_set_text(&j, "tax_code", f->p, f->n);
	} else {
		f = F(ord, "customer_id");
		got = svc_table_get(txn, T("customer"), f->p, f->n, &cust, err);
		if (got < 0) {
			rc = -got;
			goto out;
		}
		if (got && !(f = F(&cust, "tax_code"))->null)
			svc_row_set_text(&j, "tax_code", f->p, f->n);
	}
	svc_row_set_int(&j, "posted_at", who->now);
	svc_row_set_text(&j, "user", who->user, strlen(who->user));
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
	const struct svc_table *ot = T("order"), *lt = T("order-line");
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
		svc_row_set_text(&line, "status", "posted", 6);
		svc_row_set_int(&line, "posted_at", who->now);
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
