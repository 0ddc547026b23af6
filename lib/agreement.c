/* agreement.c - service agreements: states, lines, renewal, and the orders they generate */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agreement.h"
#include "caltable.h"
#include "date.h"
#include "money.h"
#include "recur.h"

#define F(row, col) svc_row_field_named(row, col)

static int
is_true(struct svc_row *row, const char *col)
{
	struct svc_field *f = F(row, col);

	return f && !f->null && f->i;
}

static char *
id_of(struct svc_row *row)
{
	return svc_arena_strndup(&row->arena, row->f[0].p, row->f[0].n);
}

/* --- table rules --- */

static int
interval_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	struct svc_field *f = F(row, "recurrence");
	struct svc_recur *r;
	char *spec;
	int rc;

	(void)txn;
	(void)t;
	if (!(spec = svc_arena_strndup(&row->arena, f->p, f->n)))
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	if ((rc = svc_recur_parse(spec, &r, err)))
		svc_err_prefix(err, "column 'recurrence': ");
	else
		svc_recur_free(r);
	return rc;
}

static int
window_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	(void)txn;
	(void)t;
	if (F(row, "days_before")->i < 0 || F(row, "days_after")->i < 0)
		return svc_err_set(err, SVC_EDATA, "days_before and days_after "
		    "cannot be negative");
	if (!svc_field_is(F(row, "method"), "manual") &&
	    (F(row, "days_before")->i || F(row, "days_after")->i))
		return svc_err_set(err, SVC_EDATA, "days_before and days_after "
		    "belong to the manual method");
	return 0;
}

static int
dates_in_order(struct svc_row *row, struct svc_err *err)
{
	struct svc_field *s = F(row, "start_date"), *e = F(row, "end_date");

	if (!s->null && !e->null && e->i < s->i)
		return svc_err_set(err, SVC_EDATA, "column 'end_date': before "
		    "start_date");
	return 0;
}

static int
agreement_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	(void)txn;
	(void)t;
	return dates_in_order(row, err);
}

static int
agreement_line_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	int rc;

	if ((rc = dates_in_order(row, err)))
		return rc;
	return svc_line_type_check(txn, t, row, err);
}

/* --- agreements --- */

static int
relate(struct svc_txn *txn, const struct svc_table *t, const char *agreement,
    const char *col, const char *id, struct svc_err *err)
{
	struct svc_row row;
	int rc;

	if (!svc_id_valid(id, strlen(id)))
		return svc_err_set(err, SVC_EDATA, "bad id '%s'", id);
	svc_row_init(&row, t);
	svc_row_set_text_named(&row, "agreement_id", agreement, strlen(agreement));
	svc_row_set_text_named(&row, col, id, strlen(id));
	rc = svc_table_put(txn, t, &row, SVC_PUT_NEW, NULL, err);
	svc_row_free(&row);
	return rc;
}

int
svc_agreement_create(struct svc_txn *txn, const struct svc_texts *in,
    char *const *objects, int nobjects, char *const *tasks, int ntasks,
    unsigned flags, const struct svc_actor *who, struct svc_buf *id,
    struct svc_err *err)
{
	const struct svc_table *t = &svc_agreement_table, *ct = &svc_customer_table;
	static const char *const own[] = { "currency", "state", "renews_id",
		"renewed_by_id", "created_at", NULL };
	struct svc_texts ain = *in;
	struct svc_row row, cust;
	struct svc_field *f;
	char *agreement;
	int rc, c, i;

	for (i = 0; own[i] && !(flags & SVC_ORDER_IMPORT); i++) {
		c = svc_column_find(t, own[i], strlen(own[i]));
		if (in->given[c] && in->n[c])
			return svc_err_set(err, SVC_EDATA, "column '%s' cannot be "
			    "given here", own[i]);
	}
	svc_row_init(&row, t);
	svc_row_init(&cust, ct);
	c = svc_column_find(t, "customer_id", 11);
	if (in->given[c] && in->n[c]) {
		char *cid = svc_arena_strndup(&cust.arena, in->s[c], in->n[c]);
		if ((rc = svc_table_must_load(txn, ct, cid, &cust, err))) {
			svc_err_prefix(err, "column 'customer_id': ");
			err->status = rc = SVC_EDATA;
			goto out;
		}
		f = F(&cust, "currency");
		c = svc_column_find(t, "currency", 8);
		ain.s[c] = f->p;
		ain.n[c] = f->n;
		ain.given[c] = 1;
	}
	if ((rc = svc_table_build(txn, t, &ain, SVC_BUILD_ADD, &row, err)))
		goto out;
	if (F(&row, "created_at")->null)
		svc_row_set_int_named(&row, "created_at", who->now);
	if ((rc = svc_table_put(txn, t, &row, SVC_PUT_NEW, NULL, err)))
		goto out;
	agreement = id_of(&row);
	for (i = 0; i < nobjects && !rc; i++)
		if (!(rc = svc_object_of_customer(txn, objects[i],
		    strlen(objects[i]), F(&row, "customer_id"), err)))
			rc = relate(txn, &svc_agreement_object_table, agreement,
			    "object_id", objects[i], err);
	for (i = 0; i < ntasks && !rc; i++)
		rc = relate(txn, &svc_agreement_task_table, agreement, "task_id", tasks[i],
		    err);
	if (!rc && svc_buf_adds(id, agreement) < 0)
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
out:
	svc_row_free(&row);
	svc_row_free(&cust);
	return rc;
}

int
svc_agreement_state(struct svc_txn *txn, const char *agreement,
    const char *verb, struct svc_err *err)
{
	static const struct {
		const char *verb, *from, *to;
	} moves[] = {
		{ "activate", "draft", "active" },
		{ "suspend", "active", "suspended" },
		{ "resume", "suspended", "active" },
		{ "cancel", "draft", "cancelled" },
		{ "cancel", "active", "cancelled" },
		{ "cancel", "suspended", "cancelled" },
	};
	const struct svc_table *t = &svc_agreement_table;
	struct svc_row row;
	struct svc_field *st;
	size_t i;
	int rc;

	svc_row_init(&row, t);
	if ((rc = svc_table_must_load(txn, t, agreement, &row, err)))
		goto out;
	st = F(&row, "state");
	for (i = 0; i < sizeof moves / sizeof moves[0]; i++)
		if (strcmp(moves[i].verb, verb) == 0 &&
		    svc_field_is(st, moves[i].from))
			break;
	if (i == sizeof moves / sizeof moves[0]) {
		rc = svc_err_set(err, SVC_EDATA, "agreement '%s' is %.*s: it "
		    "cannot be %s", agreement, (int)st->n, st->p,
		    strcmp(verb, "activate") == 0 ? "activated" :
		    strcmp(verb, "suspend") == 0 ? "suspended" :
		    strcmp(verb, "resume") == 0 ? "resumed" : "cancelled");
		goto out;
	}
	svc_row_set_text_named(&row, "state", moves[i].to, strlen(moves[i].to));
	rc = svc_table_put(txn, t, &row, SVC_PUT_UPDATE, NULL, err);
out:
	svc_row_free(&row);
	return rc;
}

/* --- lines --- */

static int
refuse_closed(struct svc_row *ag, struct svc_err *err)
{
	struct svc_field *st = F(ag, "state");

	if (svc_field_is(st, "cancelled") || svc_field_is(st, "expired"))
		return svc_err_set(err, SVC_EDATA, "agreement '%.*s' is %.*s",
		    (int)ag->f[0].n, ag->f[0].p, (int)st->n, st->p);
	return 0;
}

int
svc_agreement_line_add(struct svc_txn *txn, const char *agreement,
    const struct svc_texts *in, int64_t *line, struct svc_err *err)
{
	const struct svc_table *t = &svc_agreement_line_table, *at = &svc_agreement_table;
	struct svc_texts lin = *in;
	int64_t last;
	struct svc_row row, ag;
	struct svc_field *f;
	char num[24];
	int rc, c;

	c = svc_column_find(t, "currency", 8);
	if ((in->given[0] && in->n[0]) || (in->given[c] && in->n[c]))
		return svc_err_set(err, SVC_EDATA, "agreement_id and currency "
		    "are the agreement's");
	svc_row_init(&row, t);
	svc_row_init(&ag, at);
	if ((rc = svc_table_must_load(txn, at, agreement, &ag, err)) ||
	    (rc = refuse_closed(&ag, err)) ||
	    (rc = svc_table_last_number(txn, t, agreement, &last, err)))
		goto out;
	lin.s[0] = ag.f[0].p;
	lin.n[0] = ag.f[0].n;
	lin.given[0] = 1;
	if (!lin.given[1] || !lin.n[1]) {
		snprintf(num, sizeof num, "%lld", (long long)last + 1);
		lin.s[1] = num;
		lin.n[1] = strlen(num);
		lin.given[1] = 1;
	}
	f = F(&ag, "currency");
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
	f = F(&row, "object_id");
	if ((!f->null && (rc = svc_object_of_customer(txn, f->p, f->n,
	    F(&ag, "customer_id"), err))) ||
	    (rc = svc_table_put(txn, t, &row, SVC_PUT_NEW, NULL, err)))
		goto out;
	*line = row.f[1].i;
out:
	svc_row_free(&row);
	svc_row_free(&ag);
	return rc;
}

int
svc_agreement_line_set(struct svc_txn *txn, const char *key,
    const struct svc_texts *in, struct svc_err *err)
{
	const struct svc_table *t = &svc_agreement_line_table;
	struct svc_row row;
	int rc, c;

	c = svc_column_find(t, "currency", 8);
	if ((in->given[0] && in->n[0]) || (in->given[c] && in->n[c]))
		return svc_err_set(err, SVC_EDATA, "agreement_id and currency "
		    "are the agreement's");
	svc_row_init(&row, t);
	if (!(rc = svc_table_must_load(txn, t, key, &row, err)) &&
	    !(rc = svc_table_build(txn, t, in, SVC_BUILD_SET, &row, err)))
		rc = svc_table_put(txn, t, &row, SVC_PUT_UPDATE, NULL, err);
	svc_row_free(&row);
	return rc;
}

int
svc_agreement_line_stop(struct svc_txn *txn, const char *key, int stop,
    struct svc_err *err)
{
	const struct svc_table *t = &svc_agreement_line_table;
	struct svc_row row;
	int rc;

	svc_row_init(&row, t);
	if (!(rc = svc_table_must_load(txn, t, key, &row, err))) {
		if (is_true(&row, "stopped") == stop)
			rc = svc_err_set(err, SVC_EDATA, "line %s is %s already",
			    key, stop ? "stopped" : "running");
		else {
			svc_row_set_int_named(&row, "stopped", stop);
			rc = svc_table_put(txn, t, &row, SVC_PUT_UPDATE, NULL, err);
		}
	}
	svc_row_free(&row);
	return rc;
}

/* --- order generation --- */

struct gen {
	struct svc_txn *txn;
	const struct svc_actor *who;
	const char *const *types;
	int64_t from, to;
	struct svc_row ag, line, win;
	int has_window;
	struct svc_calendar *closed;	/* the closed_dates parameter */
	struct svc_calendar *company;
	int (*fn)(void *, const char *, int64_t, const char *, int64_t, int64_t);
	void *arg;
	struct svc_err *err;
	/* the order found for an occurrence */
	char found[80];
	int64_t found_dist;
	int64_t want;
	const char *key;
};

static int
type_wanted(struct gen *g, struct svc_field *type)
{
	const char *const *t;

	if (!g->types)
		return 1;
	for (t = g->types; *t; t++)
		if (svc_field_is(type, *t))
			return 1;
	return 0;
}

/* What lines of one order share, by the agreement's combine rule. */
static const char *
combine_key(struct gen *g)
{
	struct svc_field *c = F(&g->ag, "combine"), *f;

	if (svc_field_is(c, "task"))
		f = F(&g->line, "task_id");
	else if (svc_field_is(c, "worker"))
		f = F(&g->line, "worker_id");
	else if (svc_field_is(c, "object"))
		f = F(&g->line, "object_id");
	else
		return "";
	return f->null ? "" : svc_arena_strndup(&g->line.arena, f->p, f->n);
}

/* Does an order dated od take an occurrence on d, by the line's window? */
static int
in_window(struct gen *g, int64_t od, int64_t d)
{
	int y1, m1, dd1, y2, m2, dd2;

	if (!g->has_window)
		return od == d;
	if (svc_field_is(F(&g->win, "method"), "week"))
		/* the same Monday-to-Sunday week; 1970-01-01 was a Thursday */
		return (od + 3) / 7 == (d + 3) / 7;
	if (svc_field_is(F(&g->win, "method"), "month")) {
		svc_date_to_ymd(od, &y1, &m1, &dd1);
		svc_date_to_ymd(d, &y2, &m2, &dd2);
		return y1 == y2 && m1 == m2;
	}
	return od >= d - F(&g->win, "days_before")->i &&
	    od <= d + F(&g->win, "days_after")->i;
}

static int
consider_order(void *arg, struct svc_row *row)
{
	struct gen *g = arg;
	struct svc_field *od = F(row, "order_date"), *ck = F(row, "combine_key");
	size_t kl = strlen(g->key);
	int64_t dist;

	struct svc_row st;
	struct svc_err e;
	int open;

	if (od->null || is_true(row, "cancelled") ||
	    !svc_field_is(F(row, "progress"), "in-process") ||
	    !svc_field_is(F(row, "origin"), "agreement"))
		return 0;
	/* an order whose stage takes no changes gets no more lines */
	svc_row_init(&st, &svc_stage_table);
	open = svc_table_get_old(g->txn, &svc_stage_table, F(row, "stage_id")->p,
	    F(row, "stage_id")->n, &st, &e) > 0 && is_true(&st, "may_modify");
	svc_row_free(&st);
	if (!open)
		return 0;
	if (!(ck->null ? kl == 0 : ck->n == kl && memcmp(ck->p, g->key, kl) == 0))
		return 0;
	if (!in_window(g, od->i, g->want))
		return 0;
	dist = od->i > g->want ? od->i - g->want : g->want - od->i;
	if (!g->found[0] || dist < g->found_dist) {
		snprintf(g->found, sizeof g->found, "%.*s", (int)row->f[0].n,
		    row->f[0].p);
		g->found_dist = dist;
	}
	return 0;
}

struct copyrel {
	struct svc_txn *txn;
	const char *order;
	int tasks;
	struct svc_err *err;
};

static int
copy_relation(void *arg, struct svc_row *row)
{
	struct copyrel *cr = arg;
	const struct svc_table *t = (cr->tasks ? &svc_order_task_table :
	    &svc_order_object_table);
	struct svc_row out;
	int c, rc;

	svc_row_init(&out, t);
	svc_row_set_text_named(&out, "order_id", cr->order, strlen(cr->order));
	for (c = 1; c < row->t->ncols; c++) {
		struct svc_field *f = &row->f[c];
		if (!f->null)
			svc_row_set_text_named(&out, row->t->cols[c].name, f->p, f->n);
	}
	rc = svc_table_put(cr->txn, t, &out, SVC_PUT_ANY, NULL, cr->err);
	svc_row_free(&out);
	return rc;
}

static int
is_closed(struct gen *g, int64_t d)
{
	return (g->company && svc_calendar_day_closed(g->company, d)) ||
	    (g->closed && svc_calendar_day_closed(g->closed, d));
}

/* The order for an occurrence: one of the agreement's with the same
 * combine key whose date the line's window reaches, else a new one. */
static int
order_for(struct gen *g, int64_t d, struct svc_buf *order)
{
	struct svc_texts in;
	struct svc_buf id = SVC_BUF_INIT;
	struct svc_field *f;
	const struct svc_table *ot = &svc_order_table;
	char day[11], *agreement = id_of(&g->ag);
	static const char *const copied[] = { "customer_id", "responsible_id",
		"preferred_worker_id", "description", NULL };
	struct copyrel cr;
	struct svc_filter flt;
	struct svc_buf expr = SVC_BUF_INIT;
	int i, c, rc;

	g->found[0] = '\0';
	g->want = d;
	svc_buf_printf(&expr, "agreement_id=%s", agreement);
	if ((rc = svc_filter_parse(ot, expr.p, &flt, g->err)) == 0) {
		rc = svc_table_scan(g->txn, ot, &flt, 1, consider_order, g, g->err);
		svc_filter_free(&flt);
	}
	svc_buf_free(&expr);
	if (rc)
		return rc;
	svc_buf_reset(order);
	if (g->found[0])
		return svc_buf_adds(order, g->found) < 0 ? SVC_ESYSTEM : 0;
	memset(&in, 0, sizeof in);
	for (i = 0; copied[i]; i++) {
		f = F(&g->ag, copied[i]);
		c = svc_column_find(ot, copied[i], strlen(copied[i]));
		if (f->null)
			continue;
		in.s[c] = f->p;
		in.n[c] = f->n;
		in.given[c] = 1;
	}
#define SET(col, val) do { c = svc_column_find(ot, col, strlen(col)); \
	in.s[c] = val; in.n[c] = strlen(val); in.given[c] = 1; } while (0)
	SET("agreement_id", agreement);
	SET("origin", "agreement");
	svc_date_format(d, day);
	SET("order_date", day);
	if (*g->key)
		SET("combine_key", g->key);
	SET("calendar_conflict", is_closed(g, d) ? "true" : "false");
#undef SET
	if ((rc = svc_order_create(g->txn, &in, NULL, 0, NULL, 0,
	    SVC_ORDER_IMPORT, g->who, &id, g->err)))
		goto out;
	/* the agreement's objects and tasks go with it */
	cr.txn = g->txn;
	cr.order = id.p;
	cr.err = g->err;
	cr.tasks = 0;
	if ((rc = svc_table_children(g->txn, &svc_agreement_object_table, agreement,
	    copy_relation, &cr, g->err)))
		goto out;
	cr.tasks = 1;
	if ((rc = svc_table_children(g->txn, &svc_agreement_task_table, agreement,
	    copy_relation, &cr, g->err)))
		goto out;
	rc = svc_buf_adds(order, id.p) < 0 ? SVC_ESYSTEM : 0;
out:
	svc_buf_free(&id);
	return rc;
}

static int
note_seen(void *arg, struct svc_row *row)
{
	(void)row;
	*(int *)arg = 1;
	return 0;
}

/* The texts of an order line made from an agreement line (vals hold
 * them; free with free_texts). */
#define LINE_COLS 16
static void
order_line_texts(struct svc_row *al, struct svc_texts *in,
    struct svc_buf *vals)
{
	static const char *const same[] = { "type", "category_id",
		"description", "task_id", "object_id", "worker_id", "quantity",
		"unit", "item_id", "cost_price", "sales_price", NULL };
	const struct svc_table *lt = &svc_order_line_table, *at = &svc_agreement_line_table;
	int i, c, ac;

	memset(in, 0, sizeof *in);
	for (i = 0; same[i]; i++) {
		ac = svc_column_find(at, same[i], strlen(same[i]));
		c = svc_column_find(lt, same[i], strlen(same[i]));
		if (al->f[ac].null)
			continue;
		svc_table_format(at, al, ac, &vals[i]);
		in->s[c] = vals[i].p ? vals[i].p : "";
		in->n[c] = vals[i].len;
		in->given[c] = 1;
	}
}

static void
free_texts(struct svc_buf *vals)
{
	int i;

	for (i = 0; i < LINE_COLS; i++)
		svc_buf_free(&vals[i]);
}

/* One occurrence of the current line on day d. */
static int
occurrence(void *arg, int64_t d)
{
	struct gen *g = arg;
	const struct svc_table *lt = &svc_order_line_table;
	struct svc_buf source = SVC_BUF_INIT, order = SVC_BUF_INIT;
	struct svc_buf vals[LINE_COLS];
	struct svc_texts in;
	struct svc_filter f;
	char day[11], num[24], *expr;
	int64_t line;
	int rc, c, seen = 0;

	svc_date_format(d, day);
	svc_buf_printf(&source, "%.*s/%lld/%s", (int)g->ag.f[0].n, g->ag.f[0].p,
	    (long long)g->line.f[1].i, day);
	/* made before (this run or an earlier one): left alone */
	expr = malloc(source.len + 8);
	if (!expr)
		return svc_err_set(g->err, SVC_ESYSTEM, "out of memory");
	sprintf(expr, "source=%s", source.p);
	if ((rc = svc_filter_parse(lt, expr, &f, g->err)) == 0) {
		rc = svc_table_scan(g->txn, lt, &f, 1, note_seen, &seen, g->err);
		svc_filter_free(&f);
	}
	free(expr);
	if (rc || seen)
		goto out;
	g->key = combine_key(g);
	if ((rc = order_for(g, d, &order)))
		goto out;
	memset(vals, 0, sizeof vals);
	order_line_texts(&g->line, &in, vals);
	snprintf(num, sizeof num, "%lld", (long long)g->line.f[1].i);
#define SET(col, val) do { c = svc_column_find(lt, col, strlen(col)); \
	in.s[c] = val; in.n[c] = strlen(val); in.given[c] = 1; } while (0)
	SET("agreement_line", num);
	SET("occurrence_date", day);
	SET("line_date", day);
	SET("source", source.p);
#undef SET
	rc = svc_order_line_add(g->txn, order.p, &in, SVC_ORDER_IMPORT, g->who,
	    &line, g->err);
	free_texts(vals);
	if (rc) {
		svc_err_prefix(g->err, "agreement %.*s line %lld on %s: ",
		    (int)g->ag.f[0].n, g->ag.f[0].p, (long long)g->line.f[1].i,
		    day);
		goto out;
	}
	if (g->fn)
		rc = g->fn(g->arg, order.p, line, id_of(&g->ag), g->line.f[1].i, d);
out:
	svc_buf_free(&source);
	svc_buf_free(&order);
	return rc;
}

static int64_t
later(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

static int64_t
sooner(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static int
generate_agreement(struct gen *g, const char *agreement)
{
	const struct svc_table *at = &svc_agreement_table, *lt = &svc_agreement_line_table;
	struct svc_numbers ln = { NULL, 0, 0 };
	struct svc_row grp;
	struct svc_recur *r = NULL;
	struct svc_field *f;
	char key[120];
	int64_t lo, hi, llo, lhi, anchor;
	int rc, i;

	svc_row_init(&grp, &svc_agreement_group_table);
	if ((rc = svc_table_must_load(g->txn, at, agreement, &g->ag, g->err)))
		goto out;
	/* only active agreements outside template groups make orders */
	if (!svc_field_is(F(&g->ag, "state"), "active"))
		goto out;
	f = F(&g->ag, "group_id");
	if (!f->null && svc_table_get_old(g->txn, &svc_agreement_group_table, f->p, f->n,
	    &grp, g->err) > 0 && is_true(&grp, "template"))
		goto out;
	lo = later(g->from, F(&g->ag, "start_date")->i);
	hi = F(&g->ag, "end_date")->null ? g->to :
	    sooner(g->to, F(&g->ag, "end_date")->i);
	if (lo > hi)
		goto out;
	/* the lines are collected first, since generating writes */
	if ((rc = svc_table_child_numbers(g->txn, lt, agreement, -1, NULL, &ln,
	    g->err)))
		goto out;
	for (i = 0; i < ln.count && !rc; i++) {
		snprintf(key, sizeof key, "%s/%lld", agreement, (long long)ln.n[i]);
		if ((rc = svc_table_must_load(g->txn, lt, key, &g->line, g->err)))
			break;
		if (is_true(&g->line, "stopped") ||
		    !type_wanted(g, F(&g->line, "type")))
			continue;
		f = F(&g->line, "start_date");
		anchor = f->null ? F(&g->ag, "start_date")->i : f->i;
		llo = later(lo, anchor);
		lhi = F(&g->line, "end_date")->null ? hi :
		    sooner(hi, F(&g->line, "end_date")->i);
		if (llo > lhi)
			continue;
		g->has_window = 0;
		f = F(&g->line, "window_id");
		if (!f->null) {
			rc = svc_table_get_old(g->txn, &svc_window_table, f->p, f->n, &g->win,
			    g->err);
			if (rc < 0) {
				rc = -rc;
				break;
			}
			g->has_window = rc > 0;
			rc = 0;
		}
		f = F(&g->line, "interval_id");
		if (f->null) {
			/* no interval: one visit on the start date */
			if (anchor >= llo && anchor <= lhi)
				rc = occurrence(g, anchor);
			continue;
		}
		{
			struct svc_row iv;
			svc_row_init(&iv, &svc_interval_table);
			rc = svc_table_get_old(g->txn, &svc_interval_table, f->p, f->n, &iv,
			    g->err);
			if (rc > 0) {
				struct svc_field *rf = F(&iv, "recurrence");
				char *spec = svc_arena_strndup(&iv.arena, rf->p, rf->n);
				rc = svc_recur_parse(spec, &r, g->err);
			} else
				rc = rc < 0 ? -rc : svc_err_set(g->err, SVC_EDATA,
				    "no interval '%.*s'", (int)f->n, f->p);
			svc_row_free(&iv);
		}
		if (!rc)
			rc = svc_recur_each(r, anchor, llo, lhi, occurrence, g,
			    g->err);
		svc_recur_free(r);
		r = NULL;
	}
out:
	free(ln.n);
	svc_row_free(&grp);
	return rc;
}

struct agids {
	struct svc_buf ids;
};

static int
note_agreement(void *arg, struct svc_row *row)
{
	struct agids *a = arg;

	return svc_buf_add(&a->ids, row->f[0].p, row->f[0].n) < 0 ||
	    svc_buf_addc(&a->ids, 0) < 0 ? SVC_ESYSTEM : 0;
}

int
svc_order_generate(struct svc_txn *txn, int64_t from, int64_t to,
    const char *agreement, const char *const *types,
    const struct svc_actor *who,
    int (*fn)(void *arg, const char *order, int64_t line,
    const char *agreement, int64_t agreement_line, int64_t date),
    void *arg, struct svc_err *err)
{
	struct gen g;
	struct agids a = { SVC_BUF_INIT };
	struct svc_filter f;
	char *closed = NULL;
	size_t at;
	int rc;

	memset(&g, 0, sizeof g);
	g.txn = txn;
	g.who = who;
	g.types = types;
	g.from = from;
	g.to = to;
	g.fn = fn;
	g.arg = arg;
	g.err = err;
	svc_row_init(&g.ag, &svc_agreement_table);
	svc_row_init(&g.line, &svc_agreement_line_table);
	svc_row_init(&g.win, &svc_window_table);
	if ((rc = svc_meta_get_old(txn, "param.closed_dates", &closed, err)) < 0) {
		rc = -rc;
		goto out;
	}
	/* the closed days of the parameter, as a calendar open every day */
	if (closed && *closed &&
	    (rc = svc_calendar_parse("UTC", "mon-sun 00:00-24:00", closed,
	    &g.closed, err))) {
		svc_err_prefix(err, "parameter closed_dates: ");
		free(closed);
		goto out;
	}
	free(closed);
	if ((rc = svc_calendar_company(txn, &g.company, err)))
		goto out;
	if ((rc = svc_stage_seed(txn, err)))
		goto out;
	if (agreement)
		rc = generate_agreement(&g, agreement);
	else {
		/* every active agreement, found through the state index */
		if ((rc = svc_filter_parse(&svc_agreement_table, "state=active", &f,
		    err)))
			goto out;
		rc = svc_table_scan(txn, &svc_agreement_table, &f, 1, note_agreement, &a,
		    err);
		svc_filter_free(&f);
		for (at = 0; !rc && a.ids.p && at < a.ids.len;
		    at += strlen(a.ids.p + at) + 1)
			rc = generate_agreement(&g, a.ids.p + at);
	}
out:
	svc_calendar_free(g.closed);
	svc_calendar_free(g.company);
	svc_buf_free(&a.ids);
	svc_row_free(&g.ag);
	svc_row_free(&g.line);
	svc_row_free(&g.win);
	return rc;
}

/* --- renewal --- */

struct renew {
	struct svc_txn *txn;
	const char *to;
	int months;
	int64_t uplift_bp;
	int tasks;
	struct svc_err *err;
};

static int64_t
raise(int64_t price, int64_t bp)
{
	__int128 p = (__int128)price * (10000 + bp), q = p / 10000, r = p % 10000;

	if ((r < 0 ? -r : r) * 2 >= 10000)
		q += p < 0 ? -1 : 1;
	return (int64_t)q;
}

static int
renew_line(void *arg, struct svc_row *row)
{
	struct renew *rn = arg;
	const struct svc_table *t = &svc_agreement_line_table;
	struct svc_row out;
	struct svc_field *f;
	int rc;

	if (is_true(row, "stopped"))
		return 0;
	svc_row_init(&out, t);
	if (svc_row_copy(&out, row) < 0)
		return svc_err_set(rn->err, SVC_ESYSTEM, "out of memory");
	svc_row_set_text_named(&out, "agreement_id", rn->to, strlen(rn->to));
	if (!(f = F(&out, "start_date"))->null)
		f->i = svc_date_add_months(f->i, rn->months);
	if (!(f = F(&out, "end_date"))->null)
		f->i = svc_date_add_months(f->i + 1, rn->months) - 1;
	if (!(f = F(&out, "sales_price"))->null)
		f->i = raise(f->i, rn->uplift_bp);
	if (!(f = F(&out, "cost_price"))->null)
		f->i = raise(f->i, rn->uplift_bp);
	rc = svc_table_put(rn->txn, t, &out, SVC_PUT_NEW, NULL, rn->err);
	svc_row_free(&out);
	return rc;
}

static int
renew_relation(void *arg, struct svc_row *row)
{
	struct renew *rn = arg;
	struct svc_row out;
	int rc;

	svc_row_init(&out, row->t);
	if (svc_row_copy(&out, row) < 0)
		return svc_err_set(rn->err, SVC_ESYSTEM, "out of memory");
	svc_row_set_text_named(&out, "agreement_id", rn->to, strlen(rn->to));
	rc = svc_table_put(rn->txn, row->t, &out, SVC_PUT_NEW, NULL, rn->err);
	svc_row_free(&out);
	return rc;
}

int
svc_agreement_renew(struct svc_txn *txn, const char *agreement,
    int months, int64_t uplift_bp, const struct svc_actor *who,
    struct svc_buf *id, struct svc_err *err)
{
	const struct svc_table *t = &svc_agreement_table;
	struct svc_row old, neu;
	struct renew rn;
	struct svc_field *f;
	int64_t start, end;
	int rc, y, m, d, y2, m2, d2;
	char *newid;

	svc_row_init(&old, t);
	svc_row_init(&neu, t);
	if ((rc = svc_table_must_load(txn, t, agreement, &old, err)))
		goto out;
	if (!(f = F(&old, "renewed_by_id"))->null) {
		rc = svc_err_set(err, SVC_EDATA, "agreement '%s' is renewed "
		    "already, by '%.*s'", agreement, (int)f->n, f->p);
		goto out;
	}
	if (svc_field_is(F(&old, "state"), "cancelled")) {
		rc = svc_err_set(err, SVC_EDATA, "agreement '%s' is cancelled",
		    agreement);
		goto out;
	}
	start = F(&old, "start_date")->i;
	if (F(&old, "end_date")->null) {
		rc = svc_err_set(err, SVC_EDATA, "agreement '%s' has no end date: "
		    "nothing to renew", agreement);
		goto out;
	}
	end = F(&old, "end_date")->i;
	if (months == 0) {
		/* its own term: whole months from start to the day after end */
		svc_date_to_ymd(start, &y, &m, &d);
		svc_date_to_ymd(end + 1, &y2, &m2, &d2);
		months = (y2 - y) * 12 + (m2 - m);
		if (months < 1 || svc_date_add_months(start, months) != end + 1) {
			rc = svc_err_set(err, SVC_EDATA, "agreement '%s' does not "
			    "run whole months: give the term (--term)", agreement);
			goto out;
		}
	}
	if (svc_row_copy(&neu, &old) < 0) {
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	svc_row_set_null_named(&neu, "id");
	if ((rc = svc_table_draw_id(txn, t, &neu, err)))
		goto out;
	/* the next term: the old one's dates shifted by the term */
	F(&neu, "start_date")->i = svc_date_add_months(start, months);
	F(&neu, "end_date")->i = svc_date_add_months(end + 1, months) - 1;
	/* the next term runs as the old one did, or is active when that one
	 * ran out (expired) */
	if (!svc_field_is(F(&old, "state"), "draft") &&
	    !svc_field_is(F(&old, "state"), "suspended"))
		svc_row_set_text_named(&neu, "state", "active", 6);
	svc_row_set_text_named(&neu, "renews_id", old.f[0].p, old.f[0].n);
	svc_row_set_null_named(&neu, "renewed_by_id");
	svc_row_set_int_named(&neu, "created_at", who->now);
	if ((rc = svc_table_put(txn, t, &neu, SVC_PUT_NEW, NULL, err)))
		goto out;
	newid = id_of(&neu);
	rn.txn = txn;
	rn.to = newid;
	rn.months = months;
	rn.uplift_bp = uplift_bp;
	rn.err = err;
	if ((rc = svc_table_children(txn, &svc_agreement_line_table, agreement, renew_line,
	    &rn, err)) ||
	    (rc = svc_table_children(txn, &svc_agreement_object_table, agreement,
	    renew_relation, &rn, err)) ||
	    (rc = svc_table_children(txn, &svc_agreement_task_table, agreement,
	    renew_relation, &rn, err)))
		goto out;
	/* the old one ends the day before, and knows its successor */
	F(&old, "end_date")->i = F(&neu, "start_date")->i - 1;
	svc_row_set_text_named(&old, "renewed_by_id", newid, strlen(newid));
	if ((rc = svc_table_put(txn, t, &old, SVC_PUT_UPDATE, NULL, err)))
		goto out;
	rc = svc_buf_adds(id, newid) < 0 ? SVC_ESYSTEM : 0;
out:
	svc_row_free(&old);
	svc_row_free(&neu);
	return rc;
}

/* --- copying lines from an agreement or a template --- */

struct copier {
	struct svc_txn *txn;
	struct svc_row to;
	int to_order;
	const struct svc_actor *who;
	int count;
	struct svc_err *err;
};

static int
copy_line(void *arg, struct svc_row *row)
{
	struct copier *cp = arg;
	struct svc_buf vals[LINE_COLS];
	struct svc_texts in;
	struct svc_row line;
	int64_t last;
	char *to = id_of(&cp->to);
	struct svc_field *cur = F(&cp->to, "currency"), *rc_cur;
	int64_t n;
	int rc;

	if (is_true(row, "stopped"))
		return 0;
	rc_cur = F(row, "currency");
	if ((!F(row, "sales_price")->null || !F(row, "cost_price")->null) &&
	    (rc_cur->n != cur->n || memcmp(rc_cur->p, cur->p, cur->n)))
		return svc_err_set(cp->err, SVC_EDATA, "line %lld is priced in "
		    "%.*s, '%s' is in %.*s", (long long)row->f[1].i,
		    (int)rc_cur->n, rc_cur->p, to, (int)cur->n, cur->p);
	cp->count++;
	if (cp->to_order) {
		char num[24];
		int c;

		memset(vals, 0, sizeof vals);
		order_line_texts(row, &in, vals);
		snprintf(num, sizeof num, "%lld", (long long)row->f[1].i);
		c = svc_column_find(&svc_order_line_table, "agreement_line", 14);
		in.s[c] = num;
		in.n[c] = strlen(num);
		in.given[c] = 1;
		rc = svc_order_line_add(cp->txn, to, &in, 0, cp->who, &n, cp->err);
		free_texts(vals);
		return rc;
	}
	if ((rc = svc_table_last_number(cp->txn, &svc_agreement_line_table, to,
	    &last, cp->err)))
		return rc;
	svc_row_init(&line, &svc_agreement_line_table);
	if (svc_row_copy(&line, row) < 0)
		rc = svc_err_set(cp->err, SVC_ESYSTEM, "out of memory");
	else {
		svc_row_set_text_named(&line, "agreement_id", to, strlen(to));
		svc_row_set_int_named(&line, "line", last + 1);
		rc = svc_table_put(cp->txn, &svc_agreement_line_table, &line,
		    SVC_PUT_NEW, NULL, cp->err);
	}
	svc_row_free(&line);
	return rc;
}

static int
copy_rel(void *arg, struct svc_row *row)
{
	struct copier *cp = arg;
	const char *to = id_of(&cp->to);
	int tasks = svc_column_find(row->t, "task_id", 7) >= 0;
	const struct svc_table *t = cp->to_order ?
	    (tasks ? &svc_order_task_table : &svc_order_object_table) :
	    (tasks ? &svc_agreement_task_table : &svc_agreement_object_table);
	struct svc_row out;
	int c, rc;

	svc_row_init(&out, t);
	svc_row_set_text_named(&out, t->cols[0].name, to, strlen(to));
	for (c = 1; c < row->t->ncols; c++)
		if (!row->f[c].null)
			svc_row_set_text_named(&out, row->t->cols[c].name, row->f[c].p,
			    row->f[c].n);
	rc = svc_table_put(cp->txn, t, &out, SVC_PUT_ANY, NULL, cp->err);
	svc_row_free(&out);
	return rc;
}

int
svc_agreement_copy_lines(struct svc_txn *txn, const char *from,
    const char *to, int to_order, const struct svc_actor *who, int *count,
    struct svc_err *err)
{
	struct copier cp;
	struct svc_row src;
	int rc;

	memset(&cp, 0, sizeof cp);
	cp.txn = txn;
	cp.to_order = to_order;
	cp.who = who;
	cp.err = err;
	svc_row_init(&src, &svc_agreement_table);
	svc_row_init(&cp.to, to_order ? &svc_order_table :
	    &svc_agreement_table);
	if ((rc = svc_table_must_load(txn, &svc_agreement_table, from, &src, err)) ||
	    (rc = svc_table_must_load(txn, cp.to.t, to, &cp.to, err)))
		goto out;
	if (!to_order && (rc = refuse_closed(&cp.to, err)))
		goto out;
	if ((rc = svc_table_children(txn, &svc_agreement_line_table, from, copy_line, &cp,
	    err)) ||
	    (rc = svc_table_children(txn, &svc_agreement_object_table, from, copy_rel, &cp,
	    err)) ||
	    (rc = svc_table_children(txn, &svc_agreement_task_table, from, copy_rel, &cp,
	    err)))
		goto out;
	*count = cp.count;
out:
	svc_row_free(&src);
	svc_row_free(&cp.to);
	return rc;
}

/* --- expiry --- */

struct expiry {
	struct svc_buf ids;
	int64_t before;
};

static int
note_expired(void *arg, struct svc_row *row)
{
	struct expiry *ex = arg;
	struct svc_field *end = F(row, "end_date");

	if (end->null || end->i >= ex->before ||
	    !(svc_field_is(F(row, "state"), "active") ||
	    svc_field_is(F(row, "state"), "suspended")))
		return 0;
	return svc_buf_add(&ex->ids, row->f[0].p, row->f[0].n) < 0 ||
	    svc_buf_addc(&ex->ids, 0) < 0 ? SVC_ESYSTEM : 0;
}

int
svc_agreement_expire(struct svc_txn *txn, int64_t before,
    int (*fn)(void *arg, const char *agreement), void *arg,
    struct svc_err *err)
{
	const struct svc_table *t = &svc_agreement_table;
	struct expiry ex = { SVC_BUF_INIT, before };
	struct svc_row row;
	size_t at;
	int rc;

	svc_row_init(&row, t);
	rc = svc_table_scan(txn, t, NULL, 0, note_expired, &ex, err);
	if (rc == SVC_ESYSTEM && !err->text[0])
		svc_err_set(err, SVC_ESYSTEM, "out of memory");
	for (at = 0; !rc && ex.ids.p && at < ex.ids.len;
	    at += strlen(ex.ids.p + at) + 1) {
		if ((rc = svc_table_must_load(txn, t, ex.ids.p + at, &row, err)))
			break;
		svc_row_set_text_named(&row, "state", "expired", 7);
		if (!(rc = svc_table_put(txn, t, &row, SVC_PUT_UPDATE, NULL, err)) &&
		    fn)
			rc = fn(arg, ex.ids.p + at);
	}
	svc_buf_free(&ex.ids);
	svc_row_free(&row);
	return rc;
}

/* --- the tables --- */

#define REQ SVC_COL_REQUIRED
#define IDX SVC_COL_INDEXED

static const char *const window_methods[] = { "week", "month", "manual", NULL };
static const char *const combines[] = {
	"agreement", "task", "worker", "object", NULL
};
static const char *const agreement_states[] = {
	"draft", "active", "suspended", "expired", "cancelled", NULL
};

static const struct svc_column interval_cols[] = {
	[INTERVAL_id] = { "id", SVC_T_ID, REQ, .doc = "interval id" },
	[INTERVAL_description] = { "description", SVC_T_TEXT, 0, .doc = "description" },
	[INTERVAL_recurrence] = { "recurrence", SVC_T_TEXT, REQ,
	  .doc = "UNIT:N (day, week, month, year) or an RFC 5545 rule" },
};
SVC_COLUMNS_MATCH(interval_cols, INTERVAL_NCOLS);
const struct svc_table svc_interval_table = {
	"interval", "an interval of agreement lines", SVC_COLS(interval_cols), 1,
	NULL, interval_validate, NULL
};

static const struct svc_column window_cols[] = {
	[WINDOW_id] = { "id", SVC_T_ID, REQ, .doc = "time window id" },
	[WINDOW_description] = { "description", SVC_T_TEXT, 0, .doc = "description" },
	[WINDOW_method] = { "method", SVC_T_ENUM, REQ, .words = window_methods,
	  .doc = "week, month or manual" },
	[WINDOW_days_before] = { "days_before", SVC_T_INT, REQ, .def = "0",
	  .doc = "manual: days a date may move earlier" },
	[WINDOW_days_after] = { "days_after", SVC_T_INT, REQ, .def = "0",
	  .doc = "manual: days a date may move later" },
};
SVC_COLUMNS_MATCH(window_cols, WINDOW_NCOLS);
const struct svc_table svc_window_table = {
	"window", "a time window of agreement lines", SVC_COLS(window_cols), 1,
	NULL, window_validate, NULL
};

static const struct svc_column agreement_group_cols[] = {
	[AGREEMENT_GROUP_id] = { "id", SVC_T_ID, REQ, .doc = "agreement group id" },
	[AGREEMENT_GROUP_description] = { "description", SVC_T_TEXT, 0, .doc = "description" },
	[AGREEMENT_GROUP_template] = { "template", SVC_T_BOOL, REQ, .def = "false",
	  .doc = "its agreements are templates: they never make orders" },
	[AGREEMENT_GROUP_sla_id] = { "sla_id", SVC_T_REF, 0, .ref = "sla",
	  .doc = "service level agreement of its agreements' orders" },
};
SVC_COLUMNS_MATCH(agreement_group_cols, AGREEMENT_GROUP_NCOLS);
const struct svc_table svc_agreement_group_table = {
	"agreement-group", "a group of agreements", SVC_COLS(agreement_group_cols),
	1, NULL, NULL, NULL
};

static const struct svc_column agreement_cols[] = {
	[AGREEMENT_id] = { "id", SVC_T_ID, REQ, .doc = "service agreement id" },
	[AGREEMENT_description] = { "description", SVC_T_TEXT, 0, .doc = "description" },
	[AGREEMENT_customer_id] = { "customer_id", SVC_T_REF, REQ | IDX, .ref = "customer",
	  .doc = "customer" },
	[AGREEMENT_group_id] = { "group_id", SVC_T_REF, 0, .ref = "agreement-group",
	  .doc = "agreement group" },
	[AGREEMENT_start_date] = { "start_date", SVC_T_DATE, REQ, .doc = "first day" },
	[AGREEMENT_end_date] = { "end_date", SVC_T_DATE, IDX, .doc = "last day (empty: open ended)" },
	[AGREEMENT_combine] = { "combine", SVC_T_ENUM, REQ, .def = "agreement", .words = combines,
	  .doc = "what lines of one order share: agreement, task, worker, "
	  "object" },
	[AGREEMENT_responsible_id] = { "responsible_id", SVC_T_REF, 0, .ref = "worker",
	  .doc = "responsible worker" },
	[AGREEMENT_preferred_worker_id] = { "preferred_worker_id", SVC_T_REF, 0, .ref = "worker",
	  .doc = "preferred technician" },
	[AGREEMENT_currency] = { "currency", SVC_T_CURRENCY, REQ, .doc = "the customer's currency" },
	[AGREEMENT_state] = { "state", SVC_T_ENUM, REQ | IDX, .def = "draft",
	  .words = agreement_states,
	  .doc = "draft, active, suspended, expired or cancelled" },
	[AGREEMENT_renews_id] = { "renews_id", SVC_T_REF, 0, .ref = "agreement",
	  .doc = "the agreement this one renews" },
	[AGREEMENT_renewed_by_id] = { "renewed_by_id", SVC_T_REF, 0, .ref = "agreement",
	  .doc = "the agreement that renews this one" },
	[AGREEMENT_created_at] = { "created_at", SVC_T_DATETIME, 0, .doc = "when it was created" },
	[AGREEMENT_sla_id] = { "sla_id", SVC_T_REF, 0, .ref = "sla",
	  .doc = "service level agreement of its orders" },
};
SVC_COLUMNS_MATCH(agreement_cols, AGREEMENT_NCOLS);
const struct svc_table svc_agreement_table = {
	"agreement", "a service agreement", SVC_COLS(agreement_cols), 1, "AG-%06d",
	agreement_validate, NULL
};

static const struct svc_column agreement_line_cols[] = {
	[AGREEMENT_LINE_agreement_id] = { "agreement_id", SVC_T_REF, REQ, .ref = "agreement",
	  .doc = "service agreement" },
	[AGREEMENT_LINE_line] = { "line", SVC_T_INT, REQ, .doc = "line number" },
	[AGREEMENT_LINE_type] = { "type", SVC_T_ENUM, REQ, .words = svc_line_types,
	  .doc = "transaction type: hour, expense, item or fee" },
	[AGREEMENT_LINE_category_id] = { "category_id", SVC_T_REF, 0, .ref = "category",
	  .doc = "price category (required but for item lines)" },
	[AGREEMENT_LINE_description] = { "description", SVC_T_TEXT, 0, .doc = "description" },
	[AGREEMENT_LINE_task_id] = { "task_id", SVC_T_REF, 0, .ref = "task", .doc = "service task" },
	[AGREEMENT_LINE_object_id] = { "object_id", SVC_T_REF, 0, .ref = "object", .doc = "service object" },
	[AGREEMENT_LINE_worker_id] = { "worker_id", SVC_T_REF, 0, .ref = "worker", .doc = "worker" },
	[AGREEMENT_LINE_quantity] = { "quantity", SVC_T_DECIMAL, REQ, .def = "1", .scale = 4,
	  .doc = "quantity" },
	[AGREEMENT_LINE_unit] = { "unit", SVC_T_ID, 0, .doc = "unit of measure" },
	[AGREEMENT_LINE_item_id] = { "item_id", SVC_T_REF, 0, .ref = "item", .doc = "item" },
	[AGREEMENT_LINE_cost_price] = { "cost_price", SVC_T_MONEY, 0, .currency = "currency",
	  .doc = "cost price of one unit" },
	[AGREEMENT_LINE_sales_price] = { "sales_price", SVC_T_MONEY, 0, .currency = "currency",
	  .doc = "agreed sales price of one unit" },
	[AGREEMENT_LINE_currency] = { "currency", SVC_T_CURRENCY, REQ, .doc = "the agreement's currency" },
	[AGREEMENT_LINE_interval_id] = { "interval_id", SVC_T_REF, 0, .ref = "interval",
	  .doc = "how often (empty: one visit on the start date)" },
	[AGREEMENT_LINE_window_id] = { "window_id", SVC_T_REF, 0, .ref = "window",
	  .doc = "how far a visit may move to join an order" },
	[AGREEMENT_LINE_start_date] = { "start_date", SVC_T_DATE, 0,
	  .doc = "first day, the anchor of the interval (default: the "
	  "agreement's)" },
	[AGREEMENT_LINE_end_date] = { "end_date", SVC_T_DATE, 0, .doc = "last day" },
	[AGREEMENT_LINE_stopped] = { "stopped", SVC_T_BOOL, REQ, .def = "false",
	  .doc = "a stopped line makes no orders" },
};
SVC_COLUMNS_MATCH(agreement_line_cols, AGREEMENT_LINE_NCOLS);
const struct svc_table svc_agreement_line_table = {
	"agreement-line", "a line of a service agreement",
	SVC_COLS(agreement_line_cols), 2, NULL, agreement_line_validate, NULL
};

static const struct svc_column agreement_object_cols[] = {
	[AGREEMENT_OBJECT_agreement_id] = { "agreement_id", SVC_T_REF, REQ, .ref = "agreement",
	  .doc = "service agreement" },
	[AGREEMENT_OBJECT_object_id] = { "object_id", SVC_T_REF, REQ, .ref = "object",
	  .doc = "a service object the agreement covers" },
};
SVC_COLUMNS_MATCH(agreement_object_cols, AGREEMENT_OBJECT_NCOLS);
const struct svc_table svc_agreement_object_table = {
	"agreement-object", "a service object of an agreement",
	SVC_COLS(agreement_object_cols), 2, NULL, svc_order_object_validate, NULL
};

static const struct svc_column agreement_task_cols[] = {
	[AGREEMENT_TASK_agreement_id] = { "agreement_id", SVC_T_REF, REQ, .ref = "agreement",
	  .doc = "service agreement" },
	[AGREEMENT_TASK_task_id] = { "task_id", SVC_T_REF, REQ, .ref = "task",
	  .doc = "a service task of the agreement" },
	[AGREEMENT_TASK_internal_note] = { "internal_note", SVC_T_TEXT, 0, .doc = "note for the technician" },
	[AGREEMENT_TASK_external_note] = { "external_note", SVC_T_TEXT, 0, .doc = "note for the customer" },
};
SVC_COLUMNS_MATCH(agreement_task_cols, AGREEMENT_TASK_NCOLS);
const struct svc_table svc_agreement_task_table = {
	"agreement-task", "a service task of an agreement",
	SVC_COLS(agreement_task_cols), 2, NULL, NULL, NULL
};
