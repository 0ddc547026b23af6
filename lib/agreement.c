/* agreement.c - service agreements: states, lines, renewal, and the orders they generate */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agreement.h"
#include "caltable.h"
#include "date.h"
#include "meter.h"
#include "money.h"
#include "recur.h"


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
	struct svc_field *f = &row->f[INTERVAL_recurrence];
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
	if (row->f[WINDOW_days_before].i < 0 || row->f[WINDOW_days_after].i < 0)
		return svc_err_set(err, SVC_EDATA, "days_before and days_after "
		    "cannot be negative");
	if (!svc_field_is(&row->f[WINDOW_method], "manual") &&
	    (row->f[WINDOW_days_before].i || row->f[WINDOW_days_after].i))
		return svc_err_set(err, SVC_EDATA, "days_before and days_after "
		    "belong to the manual method");
	return 0;
}

/* start and end: the columns of the dates in row's table */
static int
dates_in_order(struct svc_row *row, int start, int end, struct svc_err *err)
{
	struct svc_field *s = &row->f[start], *e = &row->f[end];

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
	return dates_in_order(row, AGREEMENT_start_date, AGREEMENT_end_date, err);
}

/* A line recurs by the calendar (interval_id) or by usage (every and
 * meter, of the line's object), not both; with neither it is one visit
 * on its start date. */
static int
usage_rule(struct svc_row *row, struct svc_err *err)
{
	struct svc_field *every = &row->f[AGREEMENT_LINE_every],
	    *meter = &row->f[AGREEMENT_LINE_meter];

	if (every->null && meter->null)
		return 0;
	if (every->null || meter->null)
		return svc_err_set(err, SVC_EDATA, "column '%s': a usage line "
		    "needs every and meter", every->null ? "every" : "meter");
	if (every->i <= 0)
		return svc_err_set(err, SVC_EDATA, "column 'every': must be "
		    "above 0");
	if (!row->f[AGREEMENT_LINE_interval_id].null)
		return svc_err_set(err, SVC_EDATA, "column 'interval_id': a "
		    "line recurs by interval or by usage (every, meter), not "
		    "both");
	if (row->f[AGREEMENT_LINE_object_id].null)
		return svc_err_set(err, SVC_EDATA, "column 'object_id': a usage "
		    "line needs the object whose meter it follows");
	return 0;
}

static int
agreement_line_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	int rc;

	(void)t;
	if ((rc = dates_in_order(row, AGREEMENT_LINE_start_date,
	    AGREEMENT_LINE_end_date, err)))
		return rc;
	if ((rc = usage_rule(row, err)))
		return rc;
	return svc_line_type_rule(txn, row, AGREEMENT_LINE_type,
	    AGREEMENT_LINE_category_id, AGREEMENT_LINE_item_id, err);
}

/* A service object of an agreement is its customer's. */
static int
agreement_object_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	return svc_order_object_rule(txn, t, row, AGREEMENT_customer_id, err);
}

/* --- agreements --- */

/* Relates id (column col of t) to the agreement (column acol). */
static int
relate(struct svc_txn *txn, const struct svc_table *t, int acol,
    const char *agreement, int col, const char *id, struct svc_err *err)
{
	struct svc_row row;
	int rc;

	if (!svc_id_valid(id, strlen(id)))
		return svc_err_set(err, SVC_EDATA, "bad id '%s'", id);
	svc_row_init(&row, t);
	svc_row_set_text(&row, acol, agreement, strlen(agreement));
	svc_row_set_text(&row, col, id, strlen(id));
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
	static const int own[] = { AGREEMENT_currency, AGREEMENT_state,
		AGREEMENT_renews_id, AGREEMENT_renewed_by_id,
		AGREEMENT_created_at, -1 };
	const int cc = AGREEMENT_customer_id, cur = AGREEMENT_currency;
	struct svc_texts ain = *in;
	struct svc_row row, cust;
	struct svc_field *f;
	char *agreement;
	int rc, c, i;

	for (i = 0; own[i] >= 0 && !(flags & SVC_ORDER_IMPORT); i++) {
		c = own[i];
		if (in->given[c] && in->n[c])
			return svc_err_set(err, SVC_EDATA, "column '%s' cannot be "
			    "given here", t->cols[c].name);
	}
	svc_row_init(&row, t);
	svc_row_init(&cust, ct);
	if (in->given[cc] && in->n[cc]) {
		char *cid = svc_arena_strndup(&cust.arena, in->s[cc], in->n[cc]);
		if ((rc = svc_table_must_load(txn, ct, cid, &cust, err))) {
			svc_err_prefix(err, "column 'customer_id': ");
			err->status = rc = SVC_EDATA;
			goto out;
		}
		f = &cust.f[CUSTOMER_currency];
		ain.s[cur] = f->p;
		ain.n[cur] = f->n;
		ain.given[cur] = 1;
	}
	if ((rc = svc_table_build(txn, t, &ain, SVC_BUILD_ADD, &row, err)))
		goto out;
	if (row.f[AGREEMENT_created_at].null)
		svc_row_set_int(&row, AGREEMENT_created_at, who->now);
	if ((rc = svc_table_put(txn, t, &row, SVC_PUT_NEW, NULL, err)))
		goto out;
	agreement = id_of(&row);
	for (i = 0; i < nobjects && !rc; i++)
		if (!(rc = svc_object_of_customer(txn, objects[i],
		    strlen(objects[i]), &row.f[AGREEMENT_customer_id], err)))
			rc = relate(txn, &svc_agreement_object_table,
			    AGREEMENT_OBJECT_agreement_id, agreement,
			    AGREEMENT_OBJECT_object_id, objects[i], err);
	for (i = 0; i < ntasks && !rc; i++)
		rc = relate(txn, &svc_agreement_task_table,
		    AGREEMENT_TASK_agreement_id, agreement, AGREEMENT_TASK_task_id,
		    tasks[i], err);
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
	st = &row.f[AGREEMENT_state];
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
	svc_row_set_text(&row, AGREEMENT_state, moves[i].to, strlen(moves[i].to));
	rc = svc_table_put(txn, t, &row, SVC_PUT_UPDATE, NULL, err);
out:
	svc_row_free(&row);
	return rc;
}

/* --- lines --- */

static int
refuse_closed(struct svc_row *ag, struct svc_err *err)
{
	struct svc_field *st = &ag->f[AGREEMENT_state];

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
	const int ac = AGREEMENT_LINE_agreement_id, lc = AGREEMENT_LINE_line,
	    cur = AGREEMENT_LINE_currency;
	struct svc_texts lin = *in;
	struct svc_row row, ag;
	struct svc_field *f;
	int rc, numbered;

	if ((in->given[ac] && in->n[ac]) || (in->given[cur] && in->n[cur]))
		return svc_err_set(err, SVC_EDATA, "agreement_id and currency "
		    "are the agreement's");
	svc_row_init(&row, t);
	svc_row_init(&ag, at);
	if ((rc = svc_table_must_load(txn, at, agreement, &ag, err)) ||
	    (rc = refuse_closed(&ag, err)))
		goto out;
	lin.s[ac] = ag.f[AGREEMENT_id].p;
	lin.n[ac] = ag.f[AGREEMENT_id].n;
	lin.given[ac] = 1;
	numbered = lin.given[lc] && lin.n[lc];
	if (!numbered) {
		/* a stand-in for the build: svc_table_append numbers the line */
		lin.s[lc] = "1";
		lin.n[lc] = 1;
		lin.given[lc] = 1;
	}
	f = &ag.f[AGREEMENT_currency];
	lin.s[cur] = f->p;
	lin.n[cur] = f->n;
	lin.given[cur] = 1;
	if ((rc = svc_table_build(txn, t, &lin, SVC_BUILD_ADD, &row, err)))
		goto out;
	if (row.f[lc].i < 1) {
		rc = svc_err_set(err, SVC_EDATA, "column 'line': line numbers "
		    "start at 1");
		goto out;
	}
	f = &row.f[AGREEMENT_LINE_object_id];
	if (!f->null && (rc = svc_object_of_customer(txn, f->p, f->n,
	    &ag.f[AGREEMENT_customer_id], err)))
		goto out;
	if ((rc = numbered ? svc_table_put(txn, t, &row, SVC_PUT_NEW, NULL, err) :
	    svc_table_append(txn, t, &row, err)))
		goto out;
	*line = row.f[lc].i;
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
	const int ac = AGREEMENT_LINE_agreement_id, cur = AGREEMENT_LINE_currency;
	struct svc_row row;
	int rc;

	if ((in->given[ac] && in->n[ac]) || (in->given[cur] && in->n[cur]))
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
		if (svc_row_true(&row, AGREEMENT_LINE_stopped) == stop)
			rc = svc_err_set(err, SVC_EDATA, "line %s is %s already",
			    key, stop ? "stopped" : "running");
		else {
			svc_row_set_int(&row, AGREEMENT_LINE_stopped, stop);
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
	int (*fn)(void *, const struct svc_generated *, struct svc_err *);
	void *arg;
	struct svc_err *err;
	/* the orders of the current agreement that take more lines, read
	 * once per agreement (open_read) in the order of the agreement_id
	 * index, with those generated since added: an occurrence looks
	 * through them instead of reading every order again */
	struct open_order *open;
	size_t nopen, capopen;
	int open_read;
	const char *key;
	char stage[80];		/* the initial stage, of every new order */
	struct svc_buf made;	/* the source of the last occurrence made */
};

/* An order of the agreement that an occurrence may join. */
struct open_order {
	char *id;
	char *key;		/* its combine key, "" for none */
	int64_t date;
	int earlier;		/* made by an earlier run */
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
	struct svc_field *c = &g->ag.f[AGREEMENT_combine], *f;

	if (svc_field_is(c, "task"))
		f = &g->line.f[AGREEMENT_LINE_task_id];
	else if (svc_field_is(c, "worker"))
		f = &g->line.f[AGREEMENT_LINE_worker_id];
	else if (svc_field_is(c, "object"))
		f = &g->line.f[AGREEMENT_LINE_object_id];
	else
		return "";
	return f->null ? "" : svc_arena_strndup(&g->line.arena, f->p, f->n);
}

void
svc_window_span(const struct svc_row *win, int64_t day, int64_t *first,
    int64_t *last)
{
	const struct svc_field *method = &win->f[WINDOW_method];
	int y, m, d;

	if (svc_field_is(method, "week")) {
		/* Monday to Sunday; 1970-01-01 was a Thursday */
		*first = (day + 3) / 7 * 7 - 3;
		*last = *first + 6;
	} else if (svc_field_is(method, "month")) {
		svc_date_to_ymd(day, &y, &m, &d);
		*first = svc_date_from_ymd(y, m, 1);
		*last = *first + svc_date_days_in_month(y, m) - 1;
	} else {
		*first = day - win->f[WINDOW_days_before].i;
		*last = day + win->f[WINDOW_days_after].i;
	}
}

/* Does an order dated od take an occurrence on d, by the line's window? */
static int
in_window(struct gen *g, int64_t od, int64_t d)
{
	int64_t first, last;

	if (!g->has_window)
		return od == d;
	svc_window_span(&g->win, d, &first, &last);
	return od >= first && od <= last;
}

/* Does an order of the agreement take more lines: dated, in process,
 * generated, not cancelled, and in a stage that takes changes (one whose
 * stage cannot be read does not)? */
static int
takes_lines(struct gen *g, struct svc_row *row)
{
	struct svc_field *stage = &row->f[ORDER_stage_id];
	struct svc_row st;
	struct svc_err e;
	int open, found;

	if (row->f[ORDER_order_date].null ||
	    svc_row_true(row, ORDER_cancelled) ||
	    !svc_field_is(&row->f[ORDER_progress], "in-process") ||
	    !svc_field_is(&row->f[ORDER_origin], "agreement"))
		return 0;
	svc_row_init(&st, &svc_stage_table);
	open = svc_table_get(g->txn, &svc_stage_table, stage->p, stage->n, &st,
	    &found, &e) == 0 && found && svc_row_true(&st, STAGE_may_modify);
	svc_row_free(&st);
	return open;
}

static void
open_orders_clear(struct gen *g)
{
	size_t i;

	for (i = 0; i < g->nopen; i++) {
		free(g->open[i].id);
		free(g->open[i].key);
	}
	g->nopen = 0;
	g->open_read = 0;
}

/* Adds an order (row) that takes lines to g->open, in the index's order
 * of ids (bytes, then length), which is the order the scan met them. */
static int
open_order_add(struct gen *g, struct svc_row *row, int earlier)
{
	struct svc_field *id = &row->f[0], *ck = &row->f[ORDER_combine_key];
	struct open_order o;
	size_t at = g->nopen;

	if (g->nopen == g->capopen) {
		size_t cap = g->capopen ? 2 * g->capopen : 64;
		struct open_order *p = realloc(g->open, cap * sizeof *p);

		if (!p)
			return SVC_ESYSTEM;
		g->open = p;
		g->capopen = cap;
	}
	o.date = row->f[ORDER_order_date].i;
	o.earlier = earlier;
	o.id = strndup(id->p, id->n);
	o.key = ck->null ? strdup("") : strndup(ck->p, ck->n);
	if (!o.id || !o.key) {
		free(o.id);
		free(o.key);
		return SVC_ESYSTEM;
	}
	while (at > 0) {
		const char *prev = g->open[at - 1].id;
		size_t pn = strlen(prev);
		int c = memcmp(prev, o.id, pn < id->n ? pn : id->n);

		if (c < 0 || (c == 0 && pn <= id->n))
			break;
		at--;
	}
	memmove(g->open + at + 1, g->open + at,
	    (g->nopen - at) * sizeof *g->open);
	g->open[at] = o;
	g->nopen++;
	return 0;
}

static int
note_open_order(void *arg, struct svc_row *row)
{
	struct gen *g = arg;

	return takes_lines(g, row) ? open_order_add(g, row, 1) : 0;
}

/* The order for an occurrence on day want with the combine key g->key:
 * of the agreement's orders that take lines, the one nearest to want
 * that the line's window reaches (the first of equals), or NULL. */
static const struct open_order *
nearest_open_order(struct gen *g, int64_t want)
{
	const struct open_order *found = NULL;
	int64_t dist, found_dist = 0;
	size_t i;

	for (i = 0; i < g->nopen; i++) {
		struct open_order *o = &g->open[i];

		if (strcmp(o->key, g->key) != 0 || !in_window(g, o->date, want))
			continue;
		dist = o->date > want ? o->date - want : want - o->date;
		if (!found || dist < found_dist) {
			found = o;
			found_dist = dist;
		}
	}
	return found;
}

/* A column of one table and the column of another it is copied to. */
struct colpair {
	int from, to;
};

/* what an order takes from its agreement */
static const struct colpair agreement_to_order[] = {
	{ AGREEMENT_customer_id, ORDER_customer_id },
	{ AGREEMENT_responsible_id, ORDER_responsible_id },
	{ AGREEMENT_preferred_worker_id, ORDER_preferred_worker_id },
	{ AGREEMENT_description, ORDER_description },
	{ -1, -1 }
};

/* what an order line takes from its agreement line */
static const struct colpair line_to_order_line[] = {
	{ AGREEMENT_LINE_type, ORDER_LINE_type },
	{ AGREEMENT_LINE_category_id, ORDER_LINE_category_id },
	{ AGREEMENT_LINE_description, ORDER_LINE_description },
	{ AGREEMENT_LINE_task_id, ORDER_LINE_task_id },
	{ AGREEMENT_LINE_object_id, ORDER_LINE_object_id },
	{ AGREEMENT_LINE_worker_id, ORDER_LINE_worker_id },
	{ AGREEMENT_LINE_quantity, ORDER_LINE_quantity },
	{ AGREEMENT_LINE_unit, ORDER_LINE_unit },
	{ AGREEMENT_LINE_item_id, ORDER_LINE_item_id },
	{ AGREEMENT_LINE_cost_price, ORDER_LINE_cost_price },
	{ AGREEMENT_LINE_sales_price, ORDER_LINE_sales_price },
	{ -1, -1 }
};

/* what an order's objects and tasks take from the agreement's */
static const struct colpair object_to_order[] = {
	{ AGREEMENT_OBJECT_object_id, ORDER_OBJECT_object_id },
	{ -1, -1 }
};
static const struct colpair task_to_order[] = {
	{ AGREEMENT_TASK_task_id, ORDER_TASK_task_id },
	{ AGREEMENT_TASK_internal_note, ORDER_TASK_internal_note },
	{ AGREEMENT_TASK_external_note, ORDER_TASK_external_note },
	{ -1, -1 }
};

/* Puts a copy of an object or task relation of an agreement (row) for
 * the order or agreement to (how: SVC_PUT_NEW or SVC_PUT_ONCE). */
static int
put_relation(struct svc_txn *txn, struct svc_row *row, const char *to,
    int to_order, int how, struct svc_err *err)
{
	int tasks = row->t == &svc_agreement_task_table;
	const struct svc_table *t;
	const struct colpair *p;
	struct svc_row out;
	int rc;

	if (to_order) {
		t = tasks ? &svc_order_task_table : &svc_order_object_table;
		svc_row_init(&out, t);
		svc_row_set_text(&out, tasks ? ORDER_TASK_order_id :
		    ORDER_OBJECT_order_id, to, strlen(to));
		for (p = tasks ? task_to_order : object_to_order; p->from >= 0;
		    p++)
			if (!row->f[p->from].null)
				svc_row_set_text(&out, p->to, row->f[p->from].p,
				    row->f[p->from].n);
	} else {
		t = row->t;
		svc_row_init(&out, t);
		if (svc_row_copy(&out, row)) {
			svc_row_free(&out);
			return svc_err_set(err, SVC_ESYSTEM, "out of memory");
		}
		svc_row_set_text(&out, tasks ? AGREEMENT_TASK_agreement_id :
		    AGREEMENT_OBJECT_agreement_id, to, strlen(to));
	}
	rc = svc_table_put(txn, t, &out, how, NULL, err);
	svc_row_free(&out);
	return rc;
}

struct copyrel {
	struct svc_txn *txn;
	const char *order;
	struct svc_err *err;
};

/* Relates an agreement's object or task (row) to a generated order,
 * once: a relation there already is kept as it is. */
static int
copy_relation(void *arg, struct svc_row *row)
{
	struct copyrel *cr = arg;

	return put_relation(cr->txn, row, cr->order, 1, SVC_PUT_ONCE, cr->err);
}

/* The tasks of a generated order come from its lines: a line's own task
 * (with the agreement's notes for it), else, for an hour line, every
 * task of the agreement; fee, expense and item lines bring none. */
static int
line_tasks(struct gen *g, const char *order)
{
	struct svc_field *task = &g->line.f[AGREEMENT_LINE_task_id];
	struct copyrel cr = { g->txn, order, g->err };
	struct svc_row at;
	struct svc_buf key = SVC_BUF_INIT;
	int rc, found;

	if (task->null) {
		if (!svc_field_is(&g->line.f[AGREEMENT_LINE_type], "hour"))
			return 0;
		return svc_table_children(g->txn, &svc_agreement_task_table,
		    id_of(&g->ag), copy_relation, &cr, g->err);
	}
	svc_row_init(&at, &svc_agreement_task_table);
	if (svc_buf_printf(&key, "%s/%.*s", id_of(&g->ag), (int)task->n,
	    task->p) < 0) {
		rc = svc_err_set(g->err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	if ((rc = svc_table_get(g->txn, &svc_agreement_task_table, key.p,
	    key.len, &at, &found, g->err)))
		goto out;
	if (!found) {
		/* a task the agreement does not list: the relation alone */
		svc_row_set_text(&at, AGREEMENT_TASK_agreement_id,
		    g->ag.f[AGREEMENT_id].p, g->ag.f[AGREEMENT_id].n);
		svc_row_set_text(&at, AGREEMENT_TASK_task_id, task->p, task->n);
	}
	rc = copy_relation(&cr, &at);
out:
	svc_buf_free(&key);
	svc_row_free(&at);
	return rc;
}

static int
is_closed(struct gen *g, int64_t d)
{
	return (g->company && svc_calendar_day_closed(g->company, d)) ||
	    (g->closed && svc_calendar_day_closed(g->closed, d));
}

/* Gives column c the NUL-terminated text s. */
static void
give(struct svc_texts *in, int c, const char *s)
{
	in->s[c] = s;
	in->n[c] = strlen(s);
	in->given[c] = 1;
}

/* The order for an occurrence: one of the agreement's with the same
 * combine key whose date the line's window reaches (*earlier = 1 when
 * an earlier run made it), else a new one (*made = 1). */
static int
order_for(struct gen *g, int64_t d, struct svc_buf *order, int *made,
    int *earlier)
{
	struct svc_texts in;
	struct svc_buf id = SVC_BUF_INIT;
	struct svc_field *f;
	const struct svc_table *ot = &svc_order_table;
	const struct colpair *p;
	char day[11], *agreement = id_of(&g->ag);
	const struct open_order *found;
	struct copyrel cr;
	struct svc_row row;
	int rc, exists;

	*made = *earlier = 0;
	if (!g->open_read) {
		if ((rc = svc_table_scan_where(g->txn, ot, ORDER_agreement_id,
		    "=", agreement, note_open_order, g, g->err))) {
			if (rc == SVC_ESYSTEM)
				svc_err_set(g->err, rc, "out of memory");
			return rc;
		}
		g->open_read = 1;
	}
	svc_buf_reset(order);
	if ((found = nearest_open_order(g, d))) {
		*earlier = found->earlier;
		return svc_buf_adds(order, found->id) < 0 ? SVC_ESYSTEM : 0;
	}
	memset(&in, 0, sizeof in);
	for (p = agreement_to_order; p->from >= 0; p++) {
		f = &g->ag.f[p->from];
		if (f->null)
			continue;
		in.s[p->to] = f->p;
		in.n[p->to] = f->n;
		in.given[p->to] = 1;
	}
	give(&in, ORDER_agreement_id, agreement);
	give(&in, ORDER_stage_id, g->stage);
	give(&in, ORDER_origin, "agreement");
	svc_date_format(d, day);
	give(&in, ORDER_order_date, day);
	if (*g->key)
		give(&in, ORDER_combine_key, g->key);
	give(&in, ORDER_calendar_conflict, is_closed(g, d) ? "true" : "false");
	if ((rc = svc_order_create(g->txn, &in, NULL, 0, NULL, 0,
	    SVC_ORDER_IMPORT, g->who, &id, g->err)))
		goto out;
	/* the agreement's objects go with it; tasks come with the lines */
	cr.txn = g->txn;
	cr.order = id.p;
	cr.err = g->err;
	if ((rc = svc_table_children(g->txn, &svc_agreement_object_table, agreement,
	    copy_relation, &cr, g->err)))
		goto out;
	/* later occurrences may join it, as they would once it is read */
	svc_row_init(&row, ot);
	if (!(rc = svc_table_get(g->txn, ot, id.p, id.len, &row, &exists,
	    g->err)) && exists && takes_lines(g, &row) &&
	    (rc = open_order_add(g, &row, 0)))
		svc_err_set(g->err, rc, "out of memory");
	svc_row_free(&row);
	if (rc)
		goto out;
	rc = svc_buf_adds(order, id.p) < 0 ? SVC_ESYSTEM : 0;
	*made = !rc;
out:
	svc_buf_free(&id);
	return rc;
}

/* The texts of an order line made from an agreement line (vals hold
 * them; free with free_texts). */
#define LINE_COLS 16
static void
order_line_texts(struct svc_row *al, struct svc_texts *in,
    struct svc_buf *vals)
{
	const struct svc_table *at = &svc_agreement_line_table;
	int i;

	memset(in, 0, sizeof *in);
	for (i = 0; line_to_order_line[i].from >= 0; i++) {
		int ac = line_to_order_line[i].from, c = line_to_order_line[i].to;

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

/* One occurrence of the current line on day d, named source (which
 * this frees). */
static int
occurrence_named(struct gen *g, int64_t d, struct svc_buf *src)
{
	const struct svc_table *lt = &svc_order_line_table;
	struct svc_buf source = *src, order = SVC_BUF_INIT;
	struct svc_buf vals[LINE_COLS];
	struct svc_texts in;
	struct svc_generated made;
	char day[11], num[24];
	int64_t line;
	int rc, seen = 0, new_order, earlier;

	svc_date_format(d, day);
	if (!source.p)
		return svc_err_set(g->err, SVC_ESYSTEM, "out of memory");
	/* made before (this run or an earlier one): left alone.  The
	 * source index has an earlier run's lines; this run's are held
	 * (svc_order_generate), and a line's occurrences come in order,
	 * so one made in this run is the last one made, again (a rule
	 * that names a day twice) */
	rc = 0;
	if (g->made.p && strcmp(g->made.p, source.p) == 0)
		goto out;
	if ((rc = svc_table_had_value(g->txn, lt, ORDER_LINE_source, source.p,
	    &seen, g->err)) || seen)
		goto out;
	g->key = combine_key(g);
	if ((rc = order_for(g, d, &order, &new_order, &earlier)))
		goto out;
	memset(vals, 0, sizeof vals);
	order_line_texts(&g->line, &in, vals);
	snprintf(num, sizeof num, "%lld", (long long)g->line.f[1].i);
	give(&in, ORDER_LINE_agreement_line, num);
	give(&in, ORDER_LINE_occurrence_date, day);
	give(&in, ORDER_LINE_line_date, day);
	give(&in, ORDER_LINE_source, source.p);
	rc = svc_order_line_add(g->txn, order.p, &in, SVC_ORDER_IMPORT, g->who,
	    &line, g->err);
	free_texts(vals);
	if (rc) {
		svc_err_prefix(g->err, "agreement %.*s line %lld on %s: ",
		    (int)g->ag.f[0].n, g->ag.f[0].p, (long long)g->line.f[1].i,
		    day);
		goto out;
	}
	if ((rc = line_tasks(g, order.p)))
		goto out;
	svc_buf_reset(&g->made);
	if (svc_buf_adds(&g->made, source.p) < 0) {
		rc = svc_err_set(g->err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	if (g->fn) {
		made.order = order.p;
		made.new_order = new_order;
		made.earlier_order = earlier;
		made.line = line;
		made.agreement = id_of(&g->ag);
		made.agreement_line = g->line.f[1].i;
		made.date = d;
		rc = g->fn(g->arg, &made, g->err);
	}
out:
	svc_buf_free(&source);
	svc_buf_free(&order);
	return rc;
}

/* One occurrence of the current calendar line on day d: its source is
 * AGREEMENT/LINE/DATE. */
static int
occurrence(void *arg, int64_t d)
{
	struct gen *g = arg;
	struct svc_buf source = SVC_BUF_INIT;
	char day[11], num[24];

	/* built piece by piece: a format here is a tenth of a second a
	 * million lines */
	svc_date_format(d, day);
	svc_fixed_format(g->line.f[1].i, 0, num);
	if (svc_buf_add(&source, g->ag.f[0].p, g->ag.f[0].n) < 0 ||
	    svc_buf_addc(&source, '/') < 0 || svc_buf_adds(&source, num) < 0 ||
	    svc_buf_addc(&source, '/') < 0 || svc_buf_adds(&source, day) < 0)
		svc_buf_free(&source);
	return occurrence_named(g, d, &source);
}

/* The occurrence of the current usage line for the multiple m of every
 * on day d: its source is AGREEMENT/LINE/uM, with /RESET (the id of the
 * meter's last reset reading) once the meter was reset, since counting
 * starts again there. */
static int
usage_occurrence(struct gen *g, int64_t m, int64_t d,
    const struct svc_meter_trend *tr)
{
	struct svc_buf source = SVC_BUF_INIT;
	char v[40];

	svc_fixed_format_trim(m, SVC_METER_SCALE, v);
	svc_buf_printf(&source, "%.*s/%lld/u%s%s%s", (int)g->ag.f[0].n,
	    g->ag.f[0].p, (long long)g->line.f[1].i, v, tr->epoch[0] ? "/" : "",
	    tr->epoch);
	return occurrence_named(g, d, &source);
}

/* The first day whose start the instant t has reached: the day a
 * projection crosses a threshold, counted whole (14.75 days after a
 * midnight is the 15th day after it). */
static int64_t
first_whole_day(int64_t t)
{
	int64_t d = svc_date_of_instant(t);

	return svc_day_start(d) < t ? d + 1 : d;
}

/* at most this many thresholds of one line in one run */
#define MAX_THRESHOLDS 10000

/* The occurrences of the current usage line in [llo, lhi]: each multiple
 * of every above the older of the last two readings, on the day the line
 * through them reaches it, once; multiples reached before anchor are
 * not the agreement's; of those reached before llo the highest is
 * caught up on llo (once; lower ones are passed over). */
static int
usage_occurrences(struct gen *g, int64_t anchor, int64_t llo, int64_t lhi)
{
	struct svc_field *every = &g->line.f[AGREEMENT_LINE_every];
	struct svc_meter_trend tr;
	char *object = svc_row_text(&g->line, AGREEMENT_LINE_object_id);
	char *meter = svc_row_text(&g->line, AGREEMENT_LINE_meter);
	int64_t k, m, t, d, missed = -1;
	int rc, n;

	if (!object || !meter)
		return svc_err_set(g->err, SVC_ESYSTEM, "out of memory");
	if ((rc = svc_meter_trend(g->txn, object, meter, &tr, g->err)))
		return rc;
	if (tr.n < 2)
		return 0;
	k = tr.value[0] / every->i + 1;
	for (n = 0; n < MAX_THRESHOLDS; n++, k++) {
		if (k > INT64_MAX / every->i)
			break;
		m = k * every->i;
		if (!svc_meter_reaches(&tr, m, &t))
			break;
		d = first_whole_day(t);
		if (d < anchor)
			continue;
		if (d < llo) {
			missed = m;
			continue;
		}
		if (missed >= 0) {
			if ((rc = usage_occurrence(g, missed, llo, &tr)))
				return rc;
			missed = -1;
		}
		if (d > lhi)
			break;
		if ((rc = usage_occurrence(g, m, d, &tr)))
			return rc;
	}
	if (missed >= 0)
		return usage_occurrence(g, missed, llo, &tr);
	return 0;
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
	int rc, i, found;

	svc_row_init(&grp, &svc_agreement_group_table);
	open_orders_clear(g);
	if ((rc = svc_table_must_load(g->txn, at, agreement, &g->ag, g->err)))
		goto out;
	/* only active agreements outside template groups make orders (a
	 * group that cannot be read is taken for no template) */
	if (!svc_field_is(&g->ag.f[AGREEMENT_state], "active"))
		goto out;
	f = &g->ag.f[AGREEMENT_group_id];
	if (!f->null && svc_table_get(g->txn, &svc_agreement_group_table, f->p,
	    f->n, &grp, &found, g->err) == 0 && found &&
	    svc_row_true(&grp, AGREEMENT_GROUP_template))
		goto out;
	lo = later(g->from, g->ag.f[AGREEMENT_start_date].i);
	hi = g->ag.f[AGREEMENT_end_date].null ? g->to :
	    sooner(g->to, g->ag.f[AGREEMENT_end_date].i);
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
		if (svc_row_true(&g->line, AGREEMENT_LINE_stopped) ||
		    !type_wanted(g, &g->line.f[AGREEMENT_LINE_type]))
			continue;
		f = &g->line.f[AGREEMENT_LINE_start_date];
		anchor = f->null ? g->ag.f[AGREEMENT_start_date].i : f->i;
		llo = later(lo, anchor);
		f = &g->line.f[AGREEMENT_LINE_end_date];
		lhi = f->null ? hi : sooner(hi, f->i);
		if (llo > lhi)
			continue;
		g->has_window = 0;
		f = &g->line.f[AGREEMENT_LINE_window_id];
		if (!f->null) {
			if ((rc = svc_table_get(g->txn, &svc_window_table, f->p,
			    f->n, &g->win, &found, g->err)))
				break;
			g->has_window = found;
		}
		if (!g->line.f[AGREEMENT_LINE_every].null) {
			rc = usage_occurrences(g, anchor, llo, lhi);
			continue;
		}
		f = &g->line.f[AGREEMENT_LINE_interval_id];
		if (f->null) {
			/* no interval: one visit on the start date */
			if (anchor >= llo && anchor <= lhi)
				rc = occurrence(g, anchor);
			continue;
		}
		{
			struct svc_row iv;
			svc_row_init(&iv, &svc_interval_table);
			rc = svc_table_get(g->txn, &svc_interval_table, f->p, f->n,
			    &iv, &found, g->err);
			if (!rc && found) {
				struct svc_field *rf = &iv.f[INTERVAL_recurrence];
				char *spec = svc_arena_strndup(&iv.arena, rf->p, rf->n);
				if ((rc = svc_recur_parse(spec, &r, g->err)))
					svc_err_prefix(g->err, "interval '%.*s': ",
					    (int)f->n, f->p);
			} else if (!rc)
				rc = svc_err_set(g->err, SVC_EDATA,
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
    int (*fn)(void *arg, const struct svc_generated *made,
    struct svc_err *err),
    void *arg, struct svc_err *err)
{
	struct gen g;
	struct agids a = { SVC_BUF_INIT };
	struct svc_err e2;
	char *closed = NULL;
	size_t at;
	int i, rc, rc2, on, holding = 0;

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
	if ((rc = svc_meta_get(txn, "param.closed_dates", &closed, err)))
		goto out;
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
	if ((rc = svc_stage_initial(txn, g.stage, sizeof g.stage, err)))
		goto out;
	/* the index entries of what is made are held and written sorted
	 * at the end (lib/bulk.c): an order's and a line's are a dozen */
	for (i = 0; !rc && svc_order_made_tables[i]; i++) {
		rc = svc_table_hold_begin(txn, svc_order_made_tables[i], &on,
		    err);
		holding |= on;
	}
	if (rc)
		goto out;
	if (agreement)
		rc = generate_agreement(&g, agreement);
	else {
		/* every active agreement, found through the state index */
		rc = svc_table_scan_where(txn, &svc_agreement_table,
		    AGREEMENT_state, "=", "active", note_agreement, &a, err);
		for (at = 0; !rc && a.ids.p && at < a.ids.len;
		    at += strlen(a.ids.p + at) + 1)
			rc = generate_agreement(&g, a.ids.p + at);
	}
out:
	/* what was made has its entries, whatever the caller does after
	 * an error */
	if (holding && (rc2 = svc_table_bulk_end(txn, 1, &e2)) && !rc) {
		*err = e2;
		rc = rc2;
	}
	open_orders_clear(&g);
	free(g.open);
	svc_buf_free(&g.made);
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
	struct svc_err *err;
};

/* Raises the price in column c of a line by rn's uplift, rounded half
 * away from zero. */
static int
raise_price(struct renew *rn, struct svc_row *line, int c)
{
	struct svc_field *f = &line->f[c];

	if (f->null)
		return 0;
	if (rn->uplift_bp > INT64_MAX - 10000 ||
	    svc_muldiv(f->i, 10000 + rn->uplift_bp, 10000, &f->i) ||
	    (line->t->cols[c].type == SVC_T_MONEY && !svc_money_fits(f->i)))
		return svc_err_set(rn->err, SVC_EDATA, "the uplift makes the %s "
		    "of line %lld too large", line->t->cols[c].name,
		    (long long)line->f[AGREEMENT_LINE_line].i);
	return 0;
}

static int
renew_line(void *arg, struct svc_row *row)
{
	struct renew *rn = arg;
	const struct svc_table *t = &svc_agreement_line_table;
	struct svc_row out;
	struct svc_field *f;
	int rc;

	if (svc_row_true(row, AGREEMENT_LINE_stopped))
		return 0;
	svc_row_init(&out, t);
	if (svc_row_copy(&out, row)) {
		svc_row_free(&out);
		return svc_err_set(rn->err, SVC_ESYSTEM, "out of memory");
	}
	svc_row_set_text(&out, AGREEMENT_LINE_agreement_id, rn->to,
	    strlen(rn->to));
	if (!(f = &out.f[AGREEMENT_LINE_start_date])->null)
		f->i = svc_date_add_months(f->i, rn->months);
	if (!(f = &out.f[AGREEMENT_LINE_end_date])->null)
		f->i = svc_date_add_months(f->i + 1, rn->months) - 1;
	if ((rc = raise_price(rn, &out, AGREEMENT_LINE_sales_price)) ||
	    (rc = raise_price(rn, &out, AGREEMENT_LINE_cost_price)))
		svc_err_prefix(rn->err, "agreement '%.*s': ", (int)row->f[0].n,
		    row->f[0].p);
	else
		rc = svc_table_put(rn->txn, t, &out, SVC_PUT_NEW, NULL, rn->err);
	svc_row_free(&out);
	return rc;
}

static int
renew_relation(void *arg, struct svc_row *row)
{
	struct renew *rn = arg;

	return put_relation(rn->txn, row, rn->to, 0, SVC_PUT_NEW, rn->err);
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
	if (!(f = &old.f[AGREEMENT_renewed_by_id])->null) {
		rc = svc_err_set(err, SVC_EDATA, "agreement '%s' is renewed "
		    "already, by '%.*s'", agreement, (int)f->n, f->p);
		goto out;
	}
	if (svc_field_is(&old.f[AGREEMENT_state], "cancelled")) {
		rc = svc_err_set(err, SVC_EDATA, "agreement '%s' is cancelled",
		    agreement);
		goto out;
	}
	start = old.f[AGREEMENT_start_date].i;
	if (old.f[AGREEMENT_end_date].null) {
		rc = svc_err_set(err, SVC_EDATA, "agreement '%s' has no end date: "
		    "nothing to renew", agreement);
		goto out;
	}
	end = old.f[AGREEMENT_end_date].i;
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
	if (svc_row_copy(&neu, &old)) {
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	svc_row_set_null(&neu, AGREEMENT_id);
	if ((rc = svc_table_draw_id(txn, t, &neu, err)))
		goto out;
	/* the next term: the old one's dates shifted by the term */
	neu.f[AGREEMENT_start_date].i = svc_date_add_months(start, months);
	neu.f[AGREEMENT_end_date].i = svc_date_add_months(end + 1, months) - 1;
	/* the next term runs as the old one did, or is active when that one
	 * ran out (expired) */
	if (!svc_field_is(&old.f[AGREEMENT_state], "draft") &&
	    !svc_field_is(&old.f[AGREEMENT_state], "suspended"))
		svc_row_set_text(&neu, AGREEMENT_state, "active", 6);
	svc_row_set_text(&neu, AGREEMENT_renews_id, old.f[AGREEMENT_id].p,
	    old.f[AGREEMENT_id].n);
	svc_row_set_null(&neu, AGREEMENT_renewed_by_id);
	svc_row_set_int(&neu, AGREEMENT_created_at, who->now);
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
	old.f[AGREEMENT_end_date].i = neu.f[AGREEMENT_start_date].i - 1;
	svc_row_set_text(&old, AGREEMENT_renewed_by_id, newid, strlen(newid));
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
	char *to = id_of(&cp->to);
	struct svc_field *cur = &cp->to.f[cp->to_order ? ORDER_currency :
	    AGREEMENT_currency], *rc_cur;
	int64_t n;
	int rc;

	if (svc_row_true(row, AGREEMENT_LINE_stopped))
		return 0;
	rc_cur = &row->f[AGREEMENT_LINE_currency];
	if ((!row->f[AGREEMENT_LINE_sales_price].null ||
	    !row->f[AGREEMENT_LINE_cost_price].null) &&
	    (rc_cur->n != cur->n || memcmp(rc_cur->p, cur->p, cur->n)))
		return svc_err_set(cp->err, SVC_EDATA, "line %lld is priced in "
		    "%.*s, '%s' is in %.*s", (long long)row->f[1].i,
		    (int)rc_cur->n, rc_cur->p, to, (int)cur->n, cur->p);
	cp->count++;
	if (cp->to_order) {
		char num[24];

		memset(vals, 0, sizeof vals);
		order_line_texts(row, &in, vals);
		snprintf(num, sizeof num, "%lld",
		    (long long)row->f[AGREEMENT_LINE_line].i);
		give(&in, ORDER_LINE_agreement_line, num);
		rc = svc_order_line_add(cp->txn, to, &in, 0, cp->who, &n, cp->err);
		free_texts(vals);
		return rc;
	}
	/* the next number of the agreement copied to */
	svc_row_init(&line, &svc_agreement_line_table);
	if (svc_row_copy(&line, row))
		rc = svc_err_set(cp->err, SVC_ESYSTEM, "out of memory");
	else {
		svc_row_set_text(&line, AGREEMENT_LINE_agreement_id, to,
		    strlen(to));
		rc = svc_table_append(cp->txn, &svc_agreement_line_table, &line,
		    cp->err);
	}
	svc_row_free(&line);
	return rc;
}

static int
copy_rel(void *arg, struct svc_row *row)
{
	struct copier *cp = arg;

	return put_relation(cp->txn, row, id_of(&cp->to), cp->to_order,
	    SVC_PUT_ANY, cp->err);
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
	struct svc_field *end = &row->f[AGREEMENT_end_date],
	    *state = &row->f[AGREEMENT_state];

	if (end->null || end->i >= ex->before ||
	    !(svc_field_is(state, "active") || svc_field_is(state, "suspended")))
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
		svc_row_set_text(&row, AGREEMENT_state, "expired", 7);
		if (!(rc = svc_table_put(txn, t, &row, SVC_PUT_UPDATE, NULL, err)) &&
		    fn)
			rc = fn(arg, ex.ids.p + at);
	}
	svc_buf_free(&ex.ids);
	svc_row_free(&row);
	return rc;
}

/* --- orders made by hand for an agreement --- */

/* An order made or changed by hand names an agreement that exists, is
 * active and is the order's customer's; imported orders keep what
 * their system had, and generated ones come from active agreements. */
static int
check_order_agreement(struct svc_txn *txn, struct svc_row *order,
    struct svc_err *err)
{
	struct svc_field *a = &order->f[ORDER_agreement_id];
	struct svc_field *c = &order->f[ORDER_customer_id];
	struct svc_field *ac, *st;
	struct svc_row ag;
	int rc, found;

	if (a->null)
		return 0;
	svc_row_init(&ag, &svc_agreement_table);
	if ((rc = svc_table_load(txn, &svc_agreement_table, a->p, a->n, &ag,
	    &found, err)))
		goto out;
	ac = &ag.f[AGREEMENT_customer_id];
	st = &ag.f[AGREEMENT_state];
	if (!found)
		rc = svc_err_set(err, SVC_EDATA, "column 'agreement_id': unknown "
		    "agreement '%.*s'", (int)a->n, a->p);
	else if (ac->n != c->n || memcmp(ac->p, c->p, c->n))
		rc = svc_err_set(err, SVC_EDATA, "column 'agreement_id': "
		    "agreement '%.*s' is customer '%.*s''s, not the order's "
		    "('%.*s')", (int)a->n, a->p, (int)ac->n, ac->p, (int)c->n,
		    c->p);
	else if (!svc_field_is(st, "active"))
		rc = svc_err_set(err, SVC_EDATA, "column 'agreement_id': "
		    "agreement '%.*s' is %.*s: orders are made for active "
		    "agreements", (int)a->n, a->p, (int)st->n, st->p);
out:
	svc_row_free(&ag);
	return rc;
}

static int
on_order(struct svc_txn *txn, const struct svc_order_event *ev,
    struct svc_err *err)
{
	struct svc_field *was, *now;

	switch (ev->kind) {
	case SVC_ORDER_CREATING:
		if ((ev->flags & SVC_ORDER_IMPORT) ||
		    !svc_field_is(&ev->row->f[ORDER_origin], "manual"))
			return 0;
		return check_order_agreement(txn, ev->row, err);
	case SVC_ORDER_CHANGING:
		/* an order keeps the agreement it has, whatever its state */
		was = &ev->from->f[ORDER_agreement_id];
		now = &ev->row->f[ORDER_agreement_id];
		if (was->null == now->null && (now->null || (was->n == now->n &&
		    memcmp(was->p, now->p, now->n) == 0)))
			return 0;
		return check_order_agreement(txn, ev->row, err);
	default:
		return 0;
	}
}

const struct svc_order_handler svc_agreement_order_handler = {
	"agreement", on_order
};

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
	[INTERVAL_description] = { "description", SVC_T_TEXT, 0,
	  .doc = "description" },
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
	[WINDOW_description] = { "description", SVC_T_TEXT, 0,
	  .doc = "description" },
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
	[AGREEMENT_GROUP_id] = { "id", SVC_T_ID, REQ,
	  .doc = "agreement group id" },
	[AGREEMENT_GROUP_description] = { "description", SVC_T_TEXT, 0,
	  .doc = "description" },
	[AGREEMENT_GROUP_template] = { "template", SVC_T_BOOL, REQ,
	  .def = "false",
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
	[AGREEMENT_description] = { "description", SVC_T_TEXT, 0,
	  .doc = "description" },
	[AGREEMENT_customer_id] = { "customer_id", SVC_T_REF, REQ | IDX,
	  .ref = "customer",
	  .doc = "customer" },
	[AGREEMENT_group_id] = { "group_id", SVC_T_REF, 0,
	  .ref = "agreement-group",
	  .doc = "agreement group" },
	[AGREEMENT_start_date] = { "start_date", SVC_T_DATE, REQ,
	  .doc = "first day" },
	[AGREEMENT_end_date] = { "end_date", SVC_T_DATE, IDX,
	  .doc = "last day (empty: open ended)" },
	[AGREEMENT_combine] = { "combine", SVC_T_ENUM, REQ, .def = "agreement",
	  .words = combines,
	  .doc = "what lines of one order share: agreement, task, worker, "
	  "object" },
	[AGREEMENT_responsible_id] = { "responsible_id", SVC_T_REF, 0,
	  .ref = "worker",
	  .doc = "responsible worker" },
	[AGREEMENT_preferred_worker_id] = { "preferred_worker_id", SVC_T_REF, 0,
	  .ref = "worker",
	  .doc = "preferred technician" },
	[AGREEMENT_currency] = { "currency", SVC_T_CURRENCY, REQ,
	  .doc = "the customer's currency" },
	[AGREEMENT_state] = { "state", SVC_T_ENUM, REQ | IDX, .def = "draft",
	  .words = agreement_states,
	  .doc = "draft, active, suspended, expired or cancelled" },
	[AGREEMENT_renews_id] = { "renews_id", SVC_T_REF, 0, .ref = "agreement",
	  .doc = "the agreement this one renews" },
	[AGREEMENT_renewed_by_id] = { "renewed_by_id", SVC_T_REF, 0,
	  .ref = "agreement",
	  .doc = "the agreement that renews this one" },
	[AGREEMENT_created_at] = { "created_at", SVC_T_DATETIME, 0,
	  .doc = "when it was created" },
	[AGREEMENT_sla_id] = { "sla_id", SVC_T_REF, 0, .ref = "sla",
	  .doc = "service level agreement of its orders" },
};
SVC_COLUMNS_MATCH(agreement_cols, AGREEMENT_NCOLS);
const struct svc_table svc_agreement_table = {
	"agreement", "a service agreement", SVC_COLS(agreement_cols), 1, "AG-%06d",
	agreement_validate, NULL
};

static const struct svc_column agreement_line_cols[] = {
	[AGREEMENT_LINE_agreement_id] = { "agreement_id", SVC_T_REF, REQ,
	  .ref = "agreement",
	  .doc = "service agreement" },
	[AGREEMENT_LINE_line] = { "line", SVC_T_INT, REQ,
	  .doc = "line number" },
	[AGREEMENT_LINE_type] = { "type", SVC_T_ENUM, REQ,
	  .words = svc_line_types,
	  .doc = "transaction type: hour, expense, item or fee" },
	[AGREEMENT_LINE_category_id] = { "category_id", SVC_T_REF, 0,
	  .ref = "category",
	  .doc = "price category (required but for item lines)" },
	[AGREEMENT_LINE_description] = { "description", SVC_T_TEXT, 0,
	  .doc = "description" },
	[AGREEMENT_LINE_task_id] = { "task_id", SVC_T_REF, 0, .ref = "task",
	  .doc = "service task" },
	[AGREEMENT_LINE_object_id] = { "object_id", SVC_T_REF, 0,
	  .ref = "object", .doc = "service object" },
	[AGREEMENT_LINE_worker_id] = { "worker_id", SVC_T_REF, 0,
	  .ref = "worker", .doc = "worker" },
	[AGREEMENT_LINE_quantity] = { "quantity", SVC_T_DECIMAL, REQ,
	  .def = "1", .scale = 4,
	  .doc = "quantity" },
	[AGREEMENT_LINE_unit] = { "unit", SVC_T_ID, 0,
	  .doc = "unit of measure" },
	[AGREEMENT_LINE_item_id] = { "item_id", SVC_T_REF, 0, .ref = "item",
	  .doc = "item" },
	[AGREEMENT_LINE_cost_price] = { "cost_price", SVC_T_MONEY, 0,
	  .currency = "currency",
	  .doc = "cost price of one unit" },
	[AGREEMENT_LINE_sales_price] = { "sales_price", SVC_T_MONEY, 0,
	  .currency = "currency",
	  .doc = "agreed sales price of one unit" },
	[AGREEMENT_LINE_currency] = { "currency", SVC_T_CURRENCY, REQ,
	  .doc = "the agreement's currency" },
	[AGREEMENT_LINE_interval_id] = { "interval_id", SVC_T_REF, 0,
	  .ref = "interval",
	  .doc = "how often (empty: one visit on the start date)" },
	[AGREEMENT_LINE_window_id] = { "window_id", SVC_T_REF, 0,
	  .ref = "window",
	  .doc = "how far a visit may move to join an order" },
	[AGREEMENT_LINE_start_date] = { "start_date", SVC_T_DATE, 0,
	  .doc = "first day, the anchor of the interval (default: the "
	  "agreement's)" },
	[AGREEMENT_LINE_end_date] = { "end_date", SVC_T_DATE, 0,
	  .doc = "last day" },
	[AGREEMENT_LINE_stopped] = { "stopped", SVC_T_BOOL, REQ, .def = "false",
	  .doc = "a stopped line makes no orders" },
	[AGREEMENT_LINE_every] = { "every", SVC_T_DECIMAL, 0,
	  .scale = SVC_METER_SCALE,
	  .doc = "usage interval: an order each time the meter reaches a "
	  "multiple of this (instead of interval_id)" },
	[AGREEMENT_LINE_meter] = { "meter", SVC_T_ID, 0,
	  .doc = "usage interval: the meter of the line's object (hours, "
	  "starts, km ...)" },
};
SVC_COLUMNS_MATCH(agreement_line_cols, AGREEMENT_LINE_NCOLS);
const struct svc_table svc_agreement_line_table = {
	"agreement-line", "a line of a service agreement",
	SVC_COLS(agreement_line_cols), 2, NULL, agreement_line_validate, NULL
};

static const struct svc_column agreement_object_cols[] = {
	[AGREEMENT_OBJECT_agreement_id] = { "agreement_id", SVC_T_REF, REQ,
	  .ref = "agreement",
	  .doc = "service agreement" },
	[AGREEMENT_OBJECT_object_id] = { "object_id", SVC_T_REF, REQ,
	  .ref = "object",
	  .doc = "a service object the agreement covers" },
};
SVC_COLUMNS_MATCH(agreement_object_cols, AGREEMENT_OBJECT_NCOLS);
const struct svc_table svc_agreement_object_table = {
	"agreement-object", "a service object of an agreement",
	SVC_COLS(agreement_object_cols), 2, NULL, agreement_object_validate, NULL
};

static const struct svc_column agreement_task_cols[] = {
	[AGREEMENT_TASK_agreement_id] = { "agreement_id", SVC_T_REF, REQ,
	  .ref = "agreement",
	  .doc = "service agreement" },
	[AGREEMENT_TASK_task_id] = { "task_id", SVC_T_REF, REQ, .ref = "task",
	  .doc = "a service task of the agreement" },
	[AGREEMENT_TASK_internal_note] = { "internal_note", SVC_T_TEXT, 0,
	  .doc = "note for the technician" },
	[AGREEMENT_TASK_external_note] = { "external_note", SVC_T_TEXT, 0,
	  .doc = "note for the customer" },
};
SVC_COLUMNS_MATCH(agreement_task_cols, AGREEMENT_TASK_NCOLS);
const struct svc_table svc_agreement_task_table = {
	"agreement-task", "a service task of an agreement",
	SVC_COLS(agreement_task_cols), 2, NULL, NULL, NULL
};
