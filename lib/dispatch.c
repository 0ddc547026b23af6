/* dispatch.c - assignments: what an order needs, what a worker offers, free slots, ranking, the automatic plan */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agreement.h"
#include "param.h"
#include "master.h"
#include "order.h"
#include "caltable.h"
#include "date.h"
#include "db.h"
#include "dispatch.h"

/* the private return of a scan callback that has seen enough */
#define SCAN_DONE (-1001)

/* A growing list of skills; the names are allocated. */
struct skills {
	struct svc_skill *s;
	int n, cap;
};

struct worker {
	const char *id, *name, *team, *role;	/* in the session's arena */
	int active;
	struct skills skills;
	const char *areas;	/* "a;b" or "" (every area) */
	struct svc_calendar *cal;
	/* the worker's active assignments in time order, read from the slot
	 * index once (booked) and kept as the session assigns */
	struct svc_booking *bk;
	int nbk, capbk, booked;
};

/* Where an order is done, as travel sees it: its customer and its area
 * (the needs' area); the texts are in the session's arena. */
struct place {
	const char *order, *customer, *area;
};

struct svc_dispatch {
	struct svc_txn *txn;
	int64_t now;
	int64_t travel;		/* the parameter travel_minutes */
	struct worker *w;
	int nw;
	struct place *places;	/* the orders whose place was asked, hashed
				 * by id: a plan asks the same ones often */
	size_t nplaces, places_cap;	/* places_cap: 0 or a power of 2 */
	struct svc_arena mem;
	/* the writes to assignments the transaction had noted when the
	 * workers' bookings were read or last kept up to date: any other
	 * write makes them be read again */
	unsigned long bk_writes;
	/* the SLAs and their calendars, read once for the orders' needs
	 * (a session writes neither) */
	struct svc_sla_memo *slas;
};

/* 1 when the sep-separated list has the item word. */
static int
svc_list_has(const char *list, int sep, const char *word)
{
	size_t n = strlen(word);
	const char *p = list, *e;

	for (;;) {
		e = strchr(p, sep);
		if ((size_t)((e ? e : p + strlen(p)) - p) == n &&
		    memcmp(p, word, n) == 0)
			return 1;
		if (!e)
			return 0;
		p = e + 1;
	}
}

/* --- skills and areas --- */

static void
skills_free(struct skills *sk)
{
	int i;

	for (i = 0; i < sk->n; i++)
		free(sk->s[i].name);
	free(sk->s);
	sk->s = NULL;
	sk->n = sk->cap = 0;
}

/* Adds "skill:level;..." (n bytes) to sk, keeping the highest level of
 * each skill: 0 or SVC_ESYSTEM. */
static int
skills_add(struct skills *sk, const char *p, size_t n)
{
	const char *e = p + n, *item, *colon, *q;
	struct svc_skill *ns;
	size_t len;
	int i, level;

	while (p < e) {
		item = p;
		while (p < e && *p != ';')
			p++;
		colon = memchr(item, ':', (size_t)(p - item));
		if (colon && colon > item) {
			len = (size_t)(colon - item);
			level = 0;
			for (q = colon + 1; q < p && *q >= '0' && *q <= '9';
			    q++)
				level = level * 10 + (*q - '0');
			for (i = 0; i < sk->n; i++)
				if (strlen(sk->s[i].name) == len &&
				    memcmp(sk->s[i].name, item, len) == 0)
					break;
			if (i == sk->n) {
				if (sk->n == sk->cap) {
					int cap = sk->cap ? sk->cap * 2 : 8;

					if (!(ns = realloc(sk->s, sizeof *ns *
					    (size_t)cap)))
						return SVC_ESYSTEM;
					sk->s = ns;
					sk->cap = cap;
				}
				if (!(sk->s[i].name = strndup(item, len)))
					return SVC_ESYSTEM;
				sk->s[i].level = 0;
				sk->n++;
			}
			if (level > sk->s[i].level)
				sk->s[i].level = level;
		}
		if (p < e)
			p++;
	}
	return 0;
}

static int
skill_cmp(const void *a, const void *b)
{
	return strcmp(((const struct svc_skill *)a)->name,
	    ((const struct svc_skill *)b)->name);
}

/* The level the worker has of a skill, 0 when none. */
static int
skill_level(const struct worker *w, const char *name)
{
	int i;

	for (i = 0; i < w->skills.n; i++)
		if (strcmp(w->skills.s[i].name, name) == 0)
			return w->skills.s[i].level;
	return 0;
}

static int
serves(const struct worker *w, const char *area)
{
	const char *p = w->areas;
	size_t n = strlen(area), k;

	if (!*area || !*p)
		return 1;
	for (;;) {
		k = strcspn(p, ";");
		if (k == n && memcmp(p, area, n) == 0)
			return 1;
		if (!p[k])
			return 0;
		p += k + 1;
	}
}

/* --- workers --- */

/* The text of a field, copied into a; "" when empty; NULL when memory
 * ran out. */
static const char *
field_text(struct svc_arena *a, const struct svc_field *f)
{
	return svc_arena_strndup(a, f->null ? "" : f->p, f->null ? 0 : f->n);
}

static int
load_worker(void *arg, struct svc_row *row)
{
	struct svc_dispatch *d = arg;
	struct worker *w, *nw;
	struct svc_field *f;
	struct svc_err err;
	char used[72];
	const char *calid;
	int rc;

	if (!(nw = realloc(d->w, sizeof *nw * (size_t)(d->nw + 1))))
		return SVC_ESYSTEM;
	d->w = nw;
	w = &d->w[d->nw++];	/* counted at once: closing frees it */
	memset(w, 0, sizeof *w);
	if (!(w->id = field_text(&d->mem, &row->f[WORKER_id])) ||
	    !(w->name = field_text(&d->mem, &row->f[WORKER_name])) ||
	    !(w->team = field_text(&d->mem, &row->f[WORKER_team_id])) ||
	    !(w->role = field_text(&d->mem, &row->f[WORKER_role])) ||
	    !(w->areas = field_text(&d->mem, &row->f[WORKER_areas])) ||
	    !(calid = field_text(&d->mem, &row->f[WORKER_calendar])))
		return SVC_ESYSTEM;
	w->active = (int)row->f[WORKER_active].i;
	f = &row->f[WORKER_skills];
	if (!f->null && (rc = skills_add(&w->skills, f->p, f->n)))
		return rc;
	if (svc_calendar_or_default(d->txn, calid, used, &w->cal, &err))
		return err.status;
	return 0;
}

/* A duration parameter, in minutes. */
static int
param_int(struct svc_txn *txn, const char *name, int64_t *v,
    struct svc_err *err)
{
	char *val;
	int rc;

	if ((rc = svc_param_get(txn, name, &val, err)))
		return rc;
	rc = svc_duration_parse(val, strlen(val), v);
	free(val);
	return rc ? svc_err_set(err, SVC_EDATA, "parameter %s is not a "
	    "duration", name) : 0;
}

int
svc_dispatch_open(struct svc_txn *txn, int64_t now, struct svc_dispatch **dp,
    struct svc_err *err)
{
	struct svc_dispatch *d = calloc(1, sizeof *d);
	int rc;

	if (!d)
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	d->txn = txn;
	d->now = now;
	if (!(d->slas = svc_sla_memo_new())) {
		svc_dispatch_close(d);
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	}
	if ((rc = param_int(txn, "travel_minutes", &d->travel, err))) {
		svc_dispatch_close(d);
		return rc;
	}
	if ((rc = svc_table_scan(txn, &svc_worker_table, NULL, 0, load_worker, d,
	    err))) {
		if (rc == SVC_ESYSTEM)
			svc_err_set(err, SVC_ESYSTEM, "out of memory");
		else if (rc == SVC_EDATA || rc == SVC_ENOTFOUND)
			svc_err_set(err, SVC_EDATA, "a worker's calendar is "
			    "missing or wrong (svc check)");
		svc_dispatch_close(d);
		return rc;
	}
	*dp = d;
	return 0;
}

void
svc_dispatch_close(struct svc_dispatch *d)
{
	int i;

	if (!d)
		return;
	for (i = 0; i < d->nw; i++) {
		skills_free(&d->w[i].skills);
		svc_calendar_free(d->w[i].cal);
		free(d->w[i].bk);
	}
	free(d->w);
	free(d->places);
	svc_sla_memo_free(d->slas);
	svc_arena_free(&d->mem);
	free(d);
}

static struct worker *
find_worker(struct svc_dispatch *d, const char *id)
{
	int lo = 0, hi = d->nw - 1, mid, c;

	/* loaded in key order, which is strcmp order for ids */
	while (lo <= hi) {
		mid = (lo + hi) / 2;
		c = strcmp(id, d->w[mid].id);
		if (c == 0)
			return &d->w[mid];
		if (c < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return NULL;
}

const struct svc_calendar *
svc_dispatch_calendar(struct svc_dispatch *d, const char *worker)
{
	struct worker *w = find_worker(d, worker);

	return w ? w->cal : NULL;
}

const char *
svc_dispatch_worker(struct svc_dispatch *d, int i, const char **name,
    const char **team, int *active)
{
	if (i < 0 || i >= d->nw)
		return NULL;
	*name = d->w[i].name;
	*team = d->w[i].team;
	*active = d->w[i].active;
	return d->w[i].id;
}

/* --- bookings, through the slot index (WORKER/END) --- */

/* A walk along a worker's slots: the bookings in time order from the
 * first ending after a time, until one starts at or after to, or max
 * were found (0: no limit). */
struct walk {
	const char *worker;
	size_t wlen;
	int64_t to;
	int max;
	struct svc_booking *b;
	int n, cap;
};

static int
walk_row(void *arg, struct svc_row *row)
{
	struct walk *w = arg;
	struct svc_field *s = &row->f[ASSIGNMENT_slot];
	struct svc_booking *b;

	if (s->null || s->n <= w->wlen || memcmp(s->p, w->worker, w->wlen) ||
	    s->p[w->wlen] != '/' || row->f[ASSIGNMENT_start_at].i >= w->to)
		return SCAN_DONE;
	if (w->n == w->cap) {
		int cap = w->cap ? w->cap * 2 : 8;

		if (!(b = realloc(w->b, sizeof *b * (size_t)cap)))
			return SVC_ESYSTEM;
		w->b = b;
		w->cap = cap;
	}
	b = &w->b[w->n++];
	snprintf(b->id, sizeof b->id, "%.*s",
	    (int)row->f[ASSIGNMENT_id].n, row->f[ASSIGNMENT_id].p);
	s = &row->f[ASSIGNMENT_order_id];
	snprintf(b->order, sizeof b->order, "%.*s", (int)s->n, s->p);
	b->start = row->f[ASSIGNMENT_start_at].i;
	b->end = row->f[ASSIGNMENT_end_at].i;
	b->minutes = row->f[ASSIGNMENT_minutes].i;
	return w->max && w->n == w->max ? SCAN_DONE : 0;
}

/* Walks the worker's slot index (WORKER/END) from the first active
 * assignment ending after t.  A worker's active assignments never
 * overlap, so they end in the order they start: the walk meets them in
 * time order. */
static int
walk_from(struct svc_dispatch *d, int64_t t, struct walk *w,
    struct svc_err *err)
{
	const struct svc_table *at = &svc_assignment_table;
	struct svc_filter flt;
	struct svc_buf expr = SVC_BUF_INIT;
	char dt[SVC_DATETIME_MAX];
	int rc;

	svc_datetime_format_utc(t, dt);
	if (svc_buf_printf(&expr, "%s>%s/%s", at->cols[ASSIGNMENT_slot].name,
	    w->worker, dt) < 0)
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	rc = svc_filter_parse(at, expr.p, &flt, err);
	svc_buf_free(&expr);
	if (rc)
		return rc;
	rc = svc_table_scan(d->txn, at, &flt, 1, walk_row, w, err);
	svc_filter_free(&flt);
	if (rc == SVC_ESYSTEM)
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	return rc == SCAN_DONE ? 0 : rc;
}

/* How many writes to assignments the transaction has noted. */
static unsigned long
assignment_writes(struct svc_dispatch *d)
{
	const char *keys;
	size_t len;
	int t = svc_catalog_index(svc_txn_catalog(d->txn),
	    &svc_assignment_table);

	return svc_txn_noted(d->txn, t, SVC_NOTE_ADD, &keys, &len) +
	    svc_txn_noted(d->txn, t, SVC_NOTE_CHANGE, &keys, &len) +
	    svc_txn_noted(d->txn, t, SVC_NOTE_DELETE, &keys, &len);
}

/* The worker's bookings, read through the slot index unless they are
 * held and no assignment was written since but by put_assignment. */
static int
bookings_of(struct svc_dispatch *d, struct worker *w, struct svc_err *err)
{
	const struct svc_table *at = &svc_assignment_table;
	struct walk wk = { w->id, strlen(w->id), INT64_MAX, 0, NULL, 0, 0 };
	struct svc_filter flt;
	struct svc_buf expr = SVC_BUF_INIT;
	unsigned long writes = assignment_writes(d);
	int i, rc;

	if (writes != d->bk_writes) {
		for (i = 0; i < d->nw; i++)
			d->w[i].booked = 0;
		d->bk_writes = writes;
	}
	if (w->booked)
		return 0;
	/* every slot of the worker: WORKER/END sorts after WORKER/ */
	if (svc_buf_printf(&expr, "%s>%s/", at->cols[ASSIGNMENT_slot].name,
	    w->id) < 0)
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	rc = svc_filter_parse(at, expr.p, &flt, err);
	svc_buf_free(&expr);
	if (rc)
		return rc;
	rc = svc_table_scan(d->txn, at, &flt, 1, walk_row, &wk, err);
	svc_filter_free(&flt);
	if (rc == SCAN_DONE)
		rc = 0;
	if (rc) {
		free(wk.b);
		return rc == SVC_ESYSTEM ? svc_err_set(err, rc, "out of memory") :
		    rc;
	}
	free(w->bk);
	w->bk = wk.b;
	w->nbk = wk.n;
	w->capbk = wk.cap;
	w->booked = 1;
	return 0;
}

/* The place in w's bookings of the first ending after t (nbk: none). */
static int
first_ending_after(const struct worker *w, int64_t t)
{
	int lo = 0, hi = w->nbk;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if (w->bk[mid].end > t)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* Keeps the worker's bookings up to date with one the session made. */
static int
keep_booking(struct svc_dispatch *d, struct worker *w,
    const struct svc_booking *b)
{
	struct svc_booking *nb;
	int at;

	if (assignment_writes(d) != d->bk_writes + 1) {
		/* written by others too: every worker's are read again */
		w->booked = 0;
		return 0;
	}
	d->bk_writes++;
	if (!w->booked)
		return 0;	/* read, with this one, when asked */
	if (w->nbk == w->capbk) {
		int cap = w->capbk ? w->capbk * 2 : 8;

		if (!(nb = realloc(w->bk, sizeof *nb * (size_t)cap))) {
			w->booked = 0;
			return SVC_ESYSTEM;
		}
		w->bk = nb;
		w->capbk = cap;
	}
	at = first_ending_after(w, b->end);
	memmove(w->bk + at + 1, w->bk + at, sizeof *w->bk *
	    (size_t)(w->nbk - at));
	w->bk[at] = *b;
	w->nbk++;
	return 0;
}

/* The worker's bookings from the first ending after from until one
 * starts at or after to (a copy in *out, to free). */
static int
bookings_between(struct svc_dispatch *d, struct worker *w, int64_t from,
    int64_t to, struct svc_booking **out, int *count, struct svc_err *err)
{
	int first, n, rc;

	*out = NULL;
	*count = 0;
	if ((rc = bookings_of(d, w, err)))
		return rc;
	first = first_ending_after(w, from);
	for (n = 0; first + n < w->nbk && w->bk[first + n].start < to; n++)
		;
	if (n == 0)
		return 0;
	if (!(*out = malloc(sizeof **out * (size_t)n)))
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	memcpy(*out, w->bk + first, sizeof **out * (size_t)n);
	*count = n;
	return 0;
}

/* The worker's first active assignment ending after t: *found and *b.
 * It is the only one that can overlap a slot starting at t. */
static int
first_after(struct svc_dispatch *d, struct worker *w, int64_t t,
    struct svc_booking *b, int *found, struct svc_err *err)
{
	int at, rc;

	*found = 0;
	if ((rc = bookings_of(d, w, err)))
		return rc;
	at = first_ending_after(w, t);
	if (at < w->nbk) {
		*b = w->bk[at];
		*found = 1;
	}
	return 0;
}

int
svc_dispatch_bookings(struct svc_dispatch *d, const char *worker,
    int64_t from, int64_t to, struct svc_booking **out, int *count,
    struct svc_err *err)
{
	struct worker *w = find_worker(d, worker);
	struct walk wk = { worker, strlen(worker), to, 0, NULL, 0, 0 };
	int rc;

	if (w)
		return bookings_between(d, w, from, to, out, count, err);
	/* a worker not loaded (there is none such in a session): the index */
	if ((rc = walk_from(d, from, &wk, err))) {
		free(wk.b);
		wk.b = NULL;
		wk.n = 0;
	}
	*out = wk.b;
	*count = wk.n;
	return rc;
}

/* The filter of the assignments of an order. */
static int
of_order(const char *order, struct svc_filter *flt, struct svc_err *err)
{
	return svc_filter_on(&svc_assignment_table, ASSIGNMENT_order_id, "=",
	    order, flt, err);
}

/* --- an order's needs --- */

struct gather {
	struct svc_dispatch *d;
	struct svc_needs *n;
	struct skills sk;
	char **tasks;		/* the tasks seen, each once */
	int ntasks, cap;
	int64_t task_minutes, hour_minutes;
	int assigned;
	int lines, work_lines;	/* open lines; of them hour and item lines */
	const struct svc_field *agreement;	/* the order's */
	int64_t od;		/* its order date, or SVC_DISPATCH_NONE */
	struct svc_err *err;
};

/* Widens the days the order is due by the time window of the agreement
 * line a line of it came from. */
static int
widen_by_window(struct gather *g, int64_t agreement_line)
{
	struct svc_row al, win;
	struct svc_buf key = SVC_BUF_INIT;
	struct svc_field *w;
	int64_t first, last;
	int rc, found;

	if (g->agreement->null)
		return 0;
	svc_row_init(&al, &svc_agreement_line_table);
	svc_row_init(&win, &svc_window_table);
	if (svc_buf_printf(&key, "%.*s/%lld", (int)g->agreement->n,
	    g->agreement->p, (long long)agreement_line) < 0) {
		rc = svc_err_set(g->err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	if ((rc = svc_table_load(g->d->txn, &svc_agreement_line_table, key.p,
	    key.len, &al, &found, g->err)) || !found)
		goto out;
	w = &al.f[AGREEMENT_LINE_window_id];
	if (w->null || (rc = svc_table_load(g->d->txn, &svc_window_table, w->p,
	    w->n, &win, &found, g->err)) || !found)
		goto out;
	svc_window_span(&win, g->od, &first, &last);
	if (first < g->n->due_from)
		g->n->due_from = first;
	if (last > g->n->due_to)
		g->n->due_to = last;
out:
	svc_buf_free(&key);
	svc_row_free(&al);
	svc_row_free(&win);
	return rc;
}

static int
add_task(struct gather *g, const char *id, size_t n)
{
	struct svc_row task;
	struct svc_field *f;
	char **nt;
	int i, found, rc;

	for (i = 0; i < g->ntasks; i++)
		if (strlen(g->tasks[i]) == n && memcmp(g->tasks[i], id, n) == 0)
			return 0;
	if (g->ntasks == g->cap) {
		int cap = g->cap ? g->cap * 2 : 16;

		if (!(nt = realloc(g->tasks, sizeof *nt * (size_t)cap)))
			return svc_err_set(g->err, SVC_ESYSTEM,
			    "out of memory");
		g->tasks = nt;
		g->cap = cap;
	}
	if (!(g->tasks[g->ntasks] = strndup(id, n)))
		return svc_err_set(g->err, SVC_ESYSTEM, "out of memory");
	g->ntasks++;
	svc_row_init(&task, &svc_task_table);
	rc = svc_table_load(g->d->txn, &svc_task_table, id, n, &task, &found,
	    g->err);
	if (!rc && found) {
		f = &task.f[TASK_skills];
		if (!f->null && skills_add(&g->sk, f->p, f->n))
			rc = svc_err_set(g->err, SVC_ESYSTEM, "out of memory");
		f = &task.f[TASK_standard_minutes];
		if (!f->null)
			g->task_minutes += f->i;
	}
	svc_row_free(&task);
	return rc;
}

static int
gather_task(void *arg, struct svc_row *row)
{
	struct gather *g = arg;
	struct svc_field *f = &row->f[ORDER_TASK_task_id];

	return add_task(g, f->p, f->n);
}

static int
gather_line(void *arg, struct svc_row *row)
{
	struct gather *g = arg;
	struct svc_field *f = &row->f[ORDER_LINE_task_id];
	int rc;

	if (svc_field_is(&row->f[ORDER_LINE_status], "cancelled"))
		return 0;
	g->lines++;
	if (svc_field_is(&row->f[ORDER_LINE_type], "hour") ||
	    svc_field_is(&row->f[ORDER_LINE_type], "item"))
		g->work_lines++;
	if (!f->null && (rc = add_task(g, f->p, f->n)))
		return rc;
	if (svc_field_is(&row->f[ORDER_LINE_type], "hour"))
		/* quantity has 4 decimals: hours to minutes, rounded up */
		g->hour_minutes += (row->f[ORDER_LINE_quantity].i * 60 + 9999) /
		    10000;
	if (g->od != SVC_DISPATCH_NONE &&
	    !row->f[ORDER_LINE_agreement_line].null)
		return widen_by_window(g, row->f[ORDER_LINE_agreement_line].i);
	return 0;
}

struct area_of {
	struct svc_txn *txn;
	char *area;
	struct svc_err *err;
};

static int
object_area(void *arg, struct svc_row *row)
{
	struct area_of *a = arg;
	struct svc_row obj;
	struct svc_field *f = &row->f[ORDER_OBJECT_object_id];
	int found, rc;

	if (a->area)
		return 0;
	svc_row_init(&obj, &svc_object_table);
	rc = svc_table_load(a->txn, &svc_object_table, f->p, f->n, &obj,
	    &found, a->err);
	f = &obj.f[OBJECT_area];
	if (!rc && found && !f->null && !(a->area = strndup(f->p, f->n)))
		rc = svc_err_set(a->err, SVC_ESYSTEM, "out of memory");
	svc_row_free(&obj);
	return rc;
}

/* The area of an order of customer: that of its first related object
 * that has one, else its customer's, else ""; *area is allocated. */
static int
order_area(struct svc_txn *txn, const char *order, const char *customer,
    char **area, struct svc_err *err)
{
	struct area_of a = { txn, NULL, err };
	struct svc_row cust;
	struct svc_field *f;
	int found, rc;

	*area = NULL;
	svc_row_init(&cust, &svc_customer_table);
	if ((rc = svc_table_children(txn, &svc_order_object_table, order,
	    object_area, &a, err)) || a.area)
		goto out;
	if ((rc = svc_table_load(txn, &svc_customer_table, customer,
	    strlen(customer), &cust, &found, err)))
		goto out;
	f = &cust.f[CUSTOMER_area];
	if (!(a.area = found && !f->null ? strndup(f->p, f->n) : strdup("")))
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
out:
	svc_row_free(&cust);
	if (rc)
		free(a.area);
	else
		*area = a.area;
	return rc;
}

static int
gather_assignment(void *arg, struct svc_row *row)
{
	struct gather *g = arg;

	if (svc_field_is(&row->f[ASSIGNMENT_state], "assigned"))
		g->assigned = 1;
	return 0;
}

/* Copies the text of a field into *dst ("" when empty): 0, or -1 when
 * memory ran out. */
static int
dup_field(char **dst, const struct svc_field *f)
{
	*dst = f->null ? strdup("") : strndup(f->p, f->n);
	return *dst ? 0 : -1;
}

/* Gives n the skills gathered, in name order, and their text. */
static int
keep_skills(struct svc_needs *n, struct skills *sk)
{
	struct svc_buf text = SVC_BUF_INIT;
	int i;

	if (sk->n)
		qsort(sk->s, (size_t)sk->n, sizeof sk->s[0], skill_cmp);
	for (i = 0; i < sk->n; i++)
		if (svc_buf_printf(&text, "%s%s:%d", i ? ";" : "",
		    sk->s[i].name, sk->s[i].level) < 0) {
			svc_buf_free(&text);
			return -1;
		}
	if (!(n->skills = text.p ? text.p : strdup("")))
		return -1;
	/* the names move from sk to n */
	n->skill = sk->s;
	n->nskills = sk->n;
	sk->s = NULL;
	sk->n = sk->cap = 0;
	return 0;
}

int
svc_dispatch_needs(struct svc_dispatch *d, const char *order,
    struct svc_needs *n, struct svc_err *err)
{
	struct gather g;
	struct svc_row ord, stage;
	struct svc_sla_state st;
	struct svc_filter flt;
	struct svc_field *f;
	int i, found, rc;

	memset(n, 0, sizeof *n);
	memset(&g, 0, sizeof g);
	g.d = d;
	g.n = n;
	g.err = err;
	svc_row_init(&ord, &svc_order_table);
	svc_row_init(&stage, &svc_stage_table);
	if ((rc = svc_table_must_load(d->txn, &svc_order_table, order, &ord, err)))
		goto out;
	if (dup_field(&n->order, &ord.f[ORDER_id]) ||
	    dup_field(&n->customer, &ord.f[ORDER_customer_id]) ||
	    dup_field(&n->preferred, &ord.f[ORDER_preferred_worker_id]))
		goto nomem;
	f = &ord.f[ORDER_priority];
	n->priority = svc_field_is(f, "high") ? 0 : svc_field_is(f, "low") ? 2 : 1;
	f = &ord.f[ORDER_preferred_start_at];
	n->pref_start = f->null ? SVC_DISPATCH_NONE : f->i;
	f = &ord.f[ORDER_preferred_end_at];
	n->pref_end = f->null ? SVC_DISPATCH_NONE : f->i;
	/* without a preferred start, an order is due on its order date,
	 * widened by the time windows of the agreement lines it has */
	f = &ord.f[ORDER_order_date];
	g.agreement = &ord.f[ORDER_agreement_id];
	g.od = n->pref_start == SVC_DISPATCH_NONE && !f->null ? f->i :
	    SVC_DISPATCH_NONE;
	n->due_from = n->due_to = g.od;
	f = &ord.f[ORDER_stage_id];
	if ((rc = svc_table_load(d->txn, &svc_stage_table, f->p, f->n, &stage,
	    &found, err)))
		goto out;
	n->open = !ord.f[ORDER_cancelled].i && !ord.f[ORDER_signed_off].i &&
	    svc_field_is(&ord.f[ORDER_progress], "in-process") &&
	    !(found && stage.f[STAGE_may_post].i);
	/* tasks, hours, the area, assignments */
	if ((rc = svc_table_children(d->txn, &svc_order_task_table, n->order,
	    gather_task, &g, err)) ||
	    (rc = svc_table_children(d->txn, &svc_order_line_table, n->order,
	    gather_line, &g, err)) ||
	    (rc = order_area(d->txn, n->order, n->customer, &n->area, err)))
		goto out;
	if ((rc = of_order(n->order, &flt, err)))
		goto out;
	rc = svc_table_scan(d->txn, &svc_assignment_table, &flt, 1,
	    gather_assignment, &g, err);
	svc_filter_free(&flt);
	if (rc)
		goto out;
	n->assigned = g.assigned;
	/* fees and expenses need no technician: an order of only those is
	 * not dispatched */
	if (g.lines > 0 && g.work_lines == 0 && g.ntasks == 0)
		n->open = 0;
	if (keep_skills(n, &g.sk))
		goto nomem;
	if (g.task_minutes > 0)
		n->minutes = g.task_minutes;
	else if (g.hour_minutes > 0)
		n->minutes = g.hour_minutes;
	else if ((rc = param_int(d->txn, "dispatch_minutes", &n->minutes, err)))
		goto out;
	/* the deadline: the SLA's resolution, else the preferred end */
	if ((rc = svc_sla_state_memo(d->txn, d->slas, n->order, d->now, &st,
	    err)))
		goto out;
	n->has_sla = st.has;
	n->sla = st.status;
	n->deadline = n->pref_end;
	if (st.has && st.resolved == SVC_SLA_NONE &&
	    st.cancelled == SVC_SLA_NONE && st.status != SVC_SLA_CANCELLED)
		n->deadline = st.resolution_due;
	goto out;
nomem:
	rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
out:
	if (rc)
		svc_dispatch_needs_free(n);
	skills_free(&g.sk);
	for (i = 0; i < g.ntasks; i++)
		free(g.tasks[i]);
	free(g.tasks);
	svc_row_free(&ord);
	svc_row_free(&stage);
	return rc;
}

void
svc_dispatch_needs_free(struct svc_needs *n)
{
	struct skills sk = { n->skill, n->nskills, n->nskills };

	skills_free(&sk);
	free(n->order);
	free(n->customer);
	free(n->skills);
	free(n->area);
	free(n->preferred);
	memset(n, 0, sizeof *n);
}

void
svc_dispatch_needs_free_all(struct svc_needs *n, int count)
{
	int i;

	for (i = 0; i < count; i++)
		svc_dispatch_needs_free(&n[i]);
	free(n);
}

/* --- places and travel --- */

/* Appends "; " and a text to why. */
static void
why_add(struct svc_buf *why, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void
why_add(struct svc_buf *why, const char *fmt, ...)
{
	va_list ap;

	if (why->len)
		svc_buf_adds(why, "; ");
	va_start(ap, fmt);
	svc_buf_vprintf(why, fmt, ap);
	va_end(ap);
}

/* FNV-1a, for the table of places. */
static size_t
text_hash(const char *s)
{
	size_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* The slot of order in the table of places: its entry, or the empty one
 * where it goes. */
static struct place *
place_slot(struct place *t, size_t cap, const char *order)
{
	size_t i;

	for (i = text_hash(order) & (cap - 1); t[i].order;
	    i = (i + 1) & (cap - 1))
		if (strcmp(t[i].order, order) == 0)
			break;
	return &t[i];
}

/* The place of an order, kept for the session: *p stays valid until it
 * is closed.  An order that does not exist is SVC_ENOTFOUND. */
static int
place_of(struct svc_dispatch *d, const char *order, const struct place **p,
    struct svc_err *err)
{
	struct place *e, *nt;
	struct svc_row ord;
	char *area = NULL;
	size_t i, cap;
	int rc;

	if (d->places_cap && (e = place_slot(d->places, d->places_cap,
	    order))->order) {
		*p = e;
		return 0;
	}
	/* at most half full, so that probes stay short */
	if (2 * (d->nplaces + 1) > d->places_cap) {
		cap = d->places_cap ? d->places_cap * 2 : 64;
		if (!(nt = calloc(cap, sizeof *nt)))
			return svc_err_set(err, SVC_ESYSTEM, "out of memory");
		for (i = 0; i < d->places_cap; i++)
			if (d->places[i].order)
				*place_slot(nt, cap, d->places[i].order) =
				    d->places[i];
		free(d->places);
		d->places = nt;
		d->places_cap = cap;
	}
	svc_row_init(&ord, &svc_order_table);
	if ((rc = svc_table_must_load(d->txn, &svc_order_table, order, &ord,
	    err)))
		goto out;
	e = place_slot(d->places, d->places_cap, order);
	if (!(e->customer = field_text(&d->mem, &ord.f[ORDER_customer_id]))) {
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	if ((rc = order_area(d->txn, order, e->customer, &area, err)))
		goto out;
	if (!(e->area = svc_arena_strndup(&d->mem, area, strlen(area))) ||
	    !(e->order = svc_arena_strndup(&d->mem, order, strlen(order)))) {
		e->order = NULL;
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	d->nplaces++;
	*p = e;
out:
	free(area);
	svc_row_free(&ord);
	return rc;
}

/* *differ = 1 when the booking's order is done at another customer or in
 * another area than the order n: the worker travels between them. */
static int
elsewhere(struct svc_dispatch *d, const struct svc_booking *b,
    const char *customer, const char *area, int *differ,
    struct svc_err *err)
{
	const struct place *p;
	int rc;

	if ((rc = place_of(d, b->order, &p, err)))
		return rc;
	*differ = strcmp(p->customer, customer) || strcmp(p->area, area);
	return 0;
}

int
svc_dispatch_travel(struct svc_dispatch *d, const struct svc_booking *prev,
    const struct svc_booking *next, int64_t *from, int64_t *to,
    struct svc_err *err)
{
	const struct place *p;
	int differ, rc;

	*from = *to = next->start;
	if (d->travel <= 0)
		return 0;
	if ((rc = place_of(d, next->order, &p, err)) ||
	    (rc = elsewhere(d, prev, p->customer, p->area, &differ, err)))
		return rc;
	if (differ)
		*from = prev->end > next->start - d->travel * 60 ? prev->end :
		    next->start - d->travel * 60;
	return 0;
}

/* Of a worker's bookings b (in time order), the first that overlaps
 * [s, e), the last that ends by s and the first that starts at e or
 * later; each NULL when there is none. */
static void
around(const struct svc_booking *b, int nb, int64_t s, int64_t e,
    const struct svc_booking **over, const struct svc_booking **prev,
    const struct svc_booking **next)
{
	int i;

	*over = *prev = *next = NULL;
	for (i = 0; i < nb; i++)
		if (b[i].end <= s)
			*prev = &b[i];
		else if (b[i].start >= e) {
			if (!*next)
				*next = &b[i];
		} else if (!*over)
			*over = &b[i];
}

/* *close = 1 when the booking b (NULL: none), next to the order n's job
 * on [s, e), is at another place and leaves less than the travel time
 * between them. */
static int
too_close(struct svc_dispatch *d, const struct svc_needs *n,
    const struct svc_booking *b, int64_t s, int64_t e, int *close,
    struct svc_err *err)
{
	int64_t between;

	*close = 0;
	if (!b)
		return 0;
	between = b->end <= s ? s - b->end : b->start - e;
	if (between >= d->travel * 60)
		return 0;
	return elsewhere(d, b, n->customer, n->area, close, err);
}

/* Whether the worker w is free for the order n on [s, e) with the travel
 * time around it kept: *clear, else *retry, the instant from which to
 * look again (the end of a booking in the way, or of the travel from
 * the job before). */
static int
free_with_travel(struct svc_dispatch *d, struct worker *w,
    const struct svc_needs *n, int64_t s, int64_t e, int *clear,
    int64_t *retry, struct svc_err *err)
{
	const struct svc_booking *over, *prev, *next;
	struct svc_booking *b;
	int64_t gap = d->travel * 60;
	int nb, before, after, rc;

	*clear = 0;
	if ((rc = bookings_between(d, w, s - gap, e + gap, &b, &nb,
	    err)))
		return rc;
	around(b, nb, s, e, &over, &prev, &next);
	if (over)
		*retry = over->end;
	else if (!(rc = too_close(d, n, prev, s, e, &before, err)) &&
	    !(rc = too_close(d, n, next, s, e, &after, err))) {
		if (before)
			*retry = prev->end + gap;
		else if (after)
			*retry = next->end;
		*clear = !before && !after;
	}
	free(b);
	return rc;
}

static void
tell_travel(struct svc_buf *notice, const char *worker, const char *first,
    const char *second, int64_t seconds, int64_t travel)
{
	why_add(notice, "%s has %lld minutes between %s and %s, at another "
	    "customer or area: less than travel_minutes (%lld)", worker,
	    (long long)(seconds / 60), first, second, (long long)travel);
}

/* Tells in notice (when not NULL) that the order n on [s, e) leaves the
 * worker less than travel_minutes after the job before or before the
 * job after, at another customer or area. */
static int
travel_notice(struct svc_dispatch *d, struct worker *w,
    const struct svc_needs *n, int64_t s, int64_t e, struct svc_buf *notice,
    struct svc_err *err)
{
	const struct svc_booking *over, *prev, *next;
	struct svc_booking *b;
	int64_t gap = d->travel * 60;
	int nb, before, after, rc;

	if (!notice || gap <= 0)
		return 0;
	if ((rc = bookings_between(d, w, s - gap, e + gap, &b, &nb,
	    err)))
		return rc;
	around(b, nb, s, e, &over, &prev, &next);
	if (!(rc = too_close(d, n, prev, s, e, &before, err)) &&
	    !(rc = too_close(d, n, next, s, e, &after, err))) {
		if (before)
			tell_travel(notice, w->id, prev->order, n->order,
			    s - prev->end, d->travel);
		if (after)
			tell_travel(notice, w->id, n->order, next->order,
			    next->start - e, d->travel);
	}
	free(b);
	return rc;
}

/* --- checks --- */

/* The skills and area checks: fails bits, matched and needed counts, and
 * the reasons in why (may be NULL). */
static unsigned
fit(const struct worker *w, const struct svc_needs *n, int *matched,
    int *needed, struct svc_buf *why)
{
	const struct svc_skill *need = n->skill;
	unsigned fails = 0;
	int i, have;

	*matched = *needed = 0;
	if (!w->active) {
		fails |= SVC_FAIL_INACTIVE;
		if (why)
			why_add(why, "worker %s is inactive", w->id);
	}
	for (i = 0; i < n->nskills; i++) {
		(*needed)++;
		have = skill_level(w, need[i].name);
		if (have >= need[i].level) {
			(*matched)++;
			continue;
		}
		fails |= SVC_FAIL_SKILLS;
		if (why && have)
			why_add(why, "worker %s has %s:%d, the order needs %s:%d",
			    w->id, need[i].name, have, need[i].name,
			    need[i].level);
		else if (why)
			why_add(why, "worker %s lacks skill %s (the order needs "
			    "%s:%d)", w->id, need[i].name, need[i].name,
			    need[i].level);
	}
	if (!serves(w, n->area)) {
		fails |= SVC_FAIL_AREA;
		if (why)
			why_add(why, "worker %s does not serve area %s", w->id,
			    n->area);
	}
	return fails;
}

/* 1 when t is working time of the calendar. */
static int
open_at(const struct svc_calendar *cal, int64_t t)
{
	int64_t s, e;

	return svc_calendar_next_span(cal, t, t + 1, &s, &e) && s == t;
}

/* The end of minutes of working time from start: through the worker's
 * calendar when start is working time, else wall-clock minutes. */
static int
slot_end(const struct worker *w, int64_t start, int64_t minutes, int64_t *end,
    struct svc_err *err)
{
	if (!open_at(w->cal, start)) {
		*end = start + minutes * 60;
		return 0;
	}
	return svc_calendar_add_working_seconds(w->cal, start, minutes * 60, end,
	    err);
}

/* *busy = 1 when an active assignment b of the worker overlaps
 * [start, end). */
static int
booked(struct svc_dispatch *d, struct worker *w, int64_t start,
    int64_t end, struct svc_booking *b, int *busy, struct svc_err *err)
{
	int found, rc;

	*busy = 0;
	if ((rc = first_after(d, w, start, b, &found, err)))
		return rc;
	*busy = found && b->start < end;
	return 0;
}

static void
fmt_time(int64_t t, char *buf)
{
	svc_datetime_format(t, buf);
}

/* --- assign, unassign, reassign --- */

static int
put_assignment(struct svc_dispatch *d, const struct svc_needs *n,
    struct worker *w, const struct svc_slot *slot, int forced,
    const struct svc_actor *who, struct svc_buf *id, struct svc_err *err)
{
	const struct svc_table *t = &svc_assignment_table;
	struct svc_row row;
	struct svc_buf key = SVC_BUF_INIT;
	char dt[SVC_DATETIME_MAX];
	int rc;

	svc_row_init(&row, t);
	svc_row_set_text(&row, ASSIGNMENT_order_id, n->order, strlen(n->order));
	if (slot->lines && *slot->lines)
		svc_row_set_text(&row, ASSIGNMENT_lines, slot->lines,
		    strlen(slot->lines));
	svc_row_set_text(&row, ASSIGNMENT_worker_id, w->id, strlen(w->id));
	svc_row_set_int(&row, ASSIGNMENT_start_at, slot->start);
	svc_row_set_int(&row, ASSIGNMENT_end_at, slot->end);
	svc_row_set_int(&row, ASSIGNMENT_minutes, slot->minutes);
	svc_row_set_text(&row, ASSIGNMENT_state, "assigned", 8);
	/* the key's time is UTC, for keys sort as their instants */
	svc_datetime_format_utc(slot->end, dt);
	svc_buf_printf(&key, "%s/%s", w->id, dt);
	svc_row_set_text(&row, ASSIGNMENT_slot, key.p, key.len);
	svc_row_set_int(&row, ASSIGNMENT_forced, forced);
	svc_row_set_int(&row, ASSIGNMENT_created_at, who->now);
	svc_row_set_text(&row, ASSIGNMENT_created_by, who->user,
	    strlen(who->user));
	if (slot->note && *slot->note)
		svc_row_set_text(&row, ASSIGNMENT_note, slot->note,
		    strlen(slot->note));
	if (!(rc = svc_table_draw_id(d->txn, t, &row, err)) &&
	    !(rc = svc_table_put(d->txn, t, &row, SVC_PUT_NEW, NULL, err))) {
		svc_buf_reset(id);
		if (svc_table_key_text(t, &row, id))
			rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
	}
	if (!rc) {
		struct svc_booking b;

		snprintf(b.id, sizeof b.id, "%.*s",
		    (int)row.f[ASSIGNMENT_id].n, row.f[ASSIGNMENT_id].p);
		snprintf(b.order, sizeof b.order, "%s", n->order);
		b.start = slot->start;
		b.end = slot->end;
		b.minutes = slot->minutes;
		if (keep_booking(d, w, &b))
			rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
	}
	svc_buf_free(&key);
	svc_row_free(&row);
	return rc;
}

/* Checks and makes an assignment of the order n; the reasons of a
 * refusal in err. */
static int
assign(struct svc_dispatch *d, const struct svc_needs *n, struct svc_slot *slot,
    const struct svc_actor *who, struct svc_buf *id, struct svc_err *err)
{
	struct worker *w = find_worker(d, slot->worker);
	struct svc_buf why = SVC_BUF_INIT;
	struct svc_booking b;
	unsigned fails;
	char t1[SVC_DATETIME_MAX], t2[SVC_DATETIME_MAX];
	int matched, needed, busy, rc;

	if (!w)
		return svc_err_set(err, SVC_ENOTFOUND, "no worker '%s'",
		    slot->worker);
	if (!n->open)
		return svc_err_set(err, SVC_EDATA, "order '%s' is not open for "
		    "dispatch (cancelled, signed off, posted or completed)",
		    n->order);
	if (slot->minutes <= 0)
		slot->minutes = n->minutes;
	if ((rc = slot_end(w, slot->start, slot->minutes, &slot->end, err)))
		return rc;
	fails = fit(w, n, &matched, &needed, &why);
	if (!open_at(w->cal, slot->start)) {
		fails |= SVC_FAIL_OFF;
		fmt_time(slot->start, t1);
		why_add(&why, "worker %s is not working at %s", w->id, t1);
	}
	if ((rc = booked(d, w, slot->start, slot->end, &b, &busy, err))) {
		svc_buf_free(&why);
		return rc;
	}
	if (busy) {
		fails |= SVC_FAIL_BOOKED;
		fmt_time(b.start, t1);
		fmt_time(b.end, t2);
		why_add(&why, "worker %s is booked %s..%s (%s, order %s)%s",
		    w->id, t1, t2, b.id, b.order,
		    slot->force ? "; --force does not override that" : "");
	}
	if (fails && (!slot->force || (fails & SVC_FAIL_BOOKED))) {
		rc = svc_err_set(err, SVC_EDATA, "cannot assign %s: %s", n->order,
		    why.p);
		svc_buf_free(&why);
		return rc;
	}
	svc_buf_free(&why);
	if ((rc = travel_notice(d, w, n, slot->start, slot->end, slot->notice,
	    err)) ||
	    (rc = put_assignment(d, n, w, slot, fails != 0, who, id, err)))
		return rc;
	return svc_sla_respond(d->txn, n->order, "assign", who, err);
}

/* "1;3" from the order's lines: each must exist. */
static int
check_lines(struct svc_dispatch *d, const char *order, const char *lines,
    struct svc_err *err)
{
	const char *p = lines;
	struct svc_row line;
	char key[160];
	long v;
	char *e;
	int rc = 0;

	svc_row_init(&line, &svc_order_line_table);
	while (p && *p && !rc) {
		v = strtol(p, &e, 10);
		if (e == p || v <= 0 || (*e && *e != ';')) {
			rc = svc_err_set(err, SVC_EDATA, "bad line numbers "
			    "'%s' (want N;N...)", lines);
			break;
		}
		snprintf(key, sizeof key, "%s/%ld", order, v);
		rc = svc_table_must_load(d->txn, &svc_order_line_table, key, &line, err);
		p = *e ? e + 1 : e;
	}
	svc_row_free(&line);
	return rc;
}

int
svc_dispatch_assign(struct svc_dispatch *d, const char *order,
    struct svc_slot *slot, const struct svc_actor *who, struct svc_buf *id,
    struct svc_err *err)
{
	struct svc_needs n;
	int rc;

	if ((rc = svc_dispatch_needs(d, order, &n, err)))
		return rc;
	if (!slot->lines || !(rc = check_lines(d, n.order, slot->lines, err)))
		rc = assign(d, &n, slot, who, id, err);
	svc_dispatch_needs_free(&n);
	return rc;
}

/* The active assignments named by what: an assignment id, or an order
 * (its active ones); their keys go to keys, ';'-separated. */
struct named {
	struct svc_buf keys;
	int count;
};

static int
named_row(void *arg, struct svc_row *row)
{
	struct named *nm = arg;

	if (!svc_field_is(&row->f[ASSIGNMENT_state], "assigned"))
		return 0;
	if (nm->count)
		svc_buf_addc(&nm->keys, ';');
	svc_buf_add(&nm->keys, row->f[ASSIGNMENT_id].p,
	    row->f[ASSIGNMENT_id].n);
	nm->count++;
	return 0;
}

static int
any_row(void *arg, struct svc_row *row)
{
	struct named *nm = arg;

	if (nm->count)
		svc_buf_addc(&nm->keys, ';');
	svc_buf_add(&nm->keys, row->f[ASSIGNMENT_id].p,
	    row->f[ASSIGNMENT_id].n);
	nm->count++;
	return 0;
}

static int
dispatch_forget(struct svc_txn *txn, const char *order,
    struct svc_err *err)
{
	const struct svc_table *t = &svc_assignment_table;
	struct named nm = { SVC_BUF_INIT, 0 };
	struct svc_filter flt;
	struct svc_row row;
	char *p, *save = NULL;
	int pass, rc;

	if ((rc = of_order(order, &flt, err)))
		return rc;
	rc = svc_table_scan(txn, t, &flt, 1, any_row, &nm, err);
	svc_filter_free(&flt);
	svc_row_init(&row, t);
	/* the links between them first, then the records */
	for (pass = 0; pass < 2 && !rc && nm.keys.p; pass++) {
		char *keys = strdup(nm.keys.p);

		if (!keys) {
			rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
			break;
		}
		save = NULL;
		for (p = strtok_r(keys, ";", &save); p && !rc;
		    p = strtok_r(NULL, ";", &save)) {
			if (pass == 1) {
				rc = svc_table_delete(txn, t, p, strlen(p), err);
				continue;
			}
			if (!(rc = svc_table_must_load(txn, t, p, &row, err)) &&
			    !row.f[ASSIGNMENT_next_id].null) {
				svc_row_set_null(&row, ASSIGNMENT_next_id);
				rc = svc_table_put(txn, t, &row, SVC_PUT_UPDATE, NULL,
				    err);
			}
		}
		free(keys);
	}
	svc_row_free(&row);
	svc_buf_free(&nm.keys);
	return rc;
}

/* The keys of the active assignments of an order, ';'-separated. */
static int
active_of(struct svc_txn *txn, const char *order, struct named *nm,
    struct svc_err *err)
{
	struct svc_filter flt;
	int rc;

	if ((rc = of_order(order, &flt, err)))
		return rc;
	rc = svc_table_scan(txn, &svc_assignment_table, &flt, 1, named_row, nm,
	    err);
	svc_filter_free(&flt);
	return rc;
}

static int
find_named(struct svc_dispatch *d, const char *what, struct named *nm,
    struct svc_err *err)
{
	struct svc_row row;
	int found, rc;

	svc_row_init(&row, &svc_assignment_table);
	rc = svc_table_load(d->txn, &svc_assignment_table, what, strlen(what),
	    &row, &found, err);
	if (!rc && found) {
		if (!svc_field_is(&row.f[ASSIGNMENT_state], "assigned"))
			rc = svc_err_set(err, SVC_EDATA, "assignment '%s' is "
			    "not active", what);
		else
			rc = named_row(nm, &row);
	}
	svc_row_free(&row);
	if (rc || found)
		return rc;
	if ((rc = svc_table_exists(d->txn, &svc_order_table, what, strlen(what),
	    &found, err)))
		return rc;
	if (!found)
		return svc_err_set(err, SVC_ENOTFOUND, "no assignment or order "
		    "'%s'", what);
	rc = active_of(d->txn, what, nm, err);
	if (!rc && nm->count == 0)
		rc = svc_err_set(err, SVC_EDATA, "order '%s' has no active "
		    "assignment", what);
	return rc;
}

/* Ends the active assignment key: state, who and when; off the slot
 * index. */
static int
end_one(struct svc_txn *txn, const char *key, const char *state,
    const char *note, const char *next, const struct svc_actor *who,
    struct svc_err *err)
{
	const struct svc_table *t = &svc_assignment_table;
	struct svc_row row;
	int rc;

	svc_row_init(&row, t);
	if (!(rc = svc_table_must_load(txn, t, key, &row, err))) {
		svc_row_set_text(&row, ASSIGNMENT_state, state, strlen(state));
		svc_row_set_null(&row, ASSIGNMENT_slot);
		svc_row_set_int(&row, ASSIGNMENT_ended_at, who->now);
		svc_row_set_text(&row, ASSIGNMENT_ended_by, who->user,
		    strlen(who->user));
		if (note && *note)
			svc_row_set_text(&row, ASSIGNMENT_note, note,
			    strlen(note));
		if (next)
			svc_row_set_text(&row, ASSIGNMENT_next_id, next,
			    strlen(next));
		rc = svc_table_put(txn, t, &row, SVC_PUT_UPDATE, NULL, err);
	}
	svc_row_free(&row);
	return rc;
}

/* Ends every key of nm in state, with note. */
static int
end_all(struct svc_txn *txn, struct named *nm, const char *state,
    const char *note, const struct svc_actor *who, int *count,
    struct svc_err *err)
{
	char *p, *save = NULL;
	int rc = 0;

	if (!nm->keys.p)
		return 0;
	for (p = strtok_r(nm->keys.p, ";", &save); p && !rc;
	    p = strtok_r(NULL, ";", &save)) {
		rc = end_one(txn, p, state, note, NULL, who, err);
		(*count)++;
	}
	return rc;
}

static int
dispatch_release(struct svc_txn *txn, const char *order,
    const char *note, const struct svc_actor *who, struct svc_err *err)
{
	struct named nm = { SVC_BUF_INIT, 0 };
	int n = 0, rc;

	if (!(rc = active_of(txn, order, &nm, err)))
		rc = end_all(txn, &nm, "unassigned", note, who, &n, err);
	svc_buf_free(&nm.keys);
	return rc;
}

int
svc_dispatch_unassign(struct svc_dispatch *d, const char *what,
    const char *note, const struct svc_actor *who, int *count,
    struct svc_err *err)
{
	struct named nm = { SVC_BUF_INIT, 0 };
	int rc;

	*count = 0;
	if (!(rc = find_named(d, what, &nm, err)))
		rc = end_all(d->txn, &nm, "unassigned", note, who, count, err);
	svc_buf_free(&nm.keys);
	return rc;
}

int
svc_dispatch_reassign(struct svc_dispatch *d, const char *what,
    struct svc_slot *slot, const struct svc_actor *who, struct svc_buf *id,
    struct svc_err *err)
{
	struct named nm = { SVC_BUF_INIT, 0 };
	struct svc_row old;
	struct svc_needs n;
	const char *key, *order, *lines, *given = slot->lines;
	int rc;

	memset(&n, 0, sizeof n);
	svc_row_init(&old, &svc_assignment_table);
	if ((rc = find_named(d, what, &nm, err)))
		goto out;
	if (nm.count > 1) {
		rc = svc_err_set(err, SVC_EDATA, "order '%s' has %d active "
		    "assignments: name one (%s)", what, nm.count, nm.keys.p);
		goto out;
	}
	key = nm.keys.p;
	if ((rc = svc_table_must_load(d->txn, &svc_assignment_table, key, &old,
	    err)))
		goto out;
	/* in old's arena, until the end */
	if (!(order = svc_row_text(&old, ASSIGNMENT_order_id)) ||
	    !(lines = svc_row_text(&old, ASSIGNMENT_lines))) {
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	if (slot->start == SVC_DISPATCH_NONE)
		slot->start = old.f[ASSIGNMENT_start_at].i;
	if (slot->minutes <= 0)
		slot->minutes = old.f[ASSIGNMENT_minutes].i;
	if (!slot->lines)
		slot->lines = lines;
	else if ((rc = check_lines(d, order, slot->lines, err)))
		goto out;
	/* the old one first, so that it does not stand in the new one's way */
	if ((rc = end_one(d->txn, key, "reassigned", slot->note, NULL, who,
	    err)) ||
	    (rc = svc_dispatch_needs(d, order, &n, err)) ||
	    (rc = assign(d, &n, slot, who, id, err)))
		goto out;
	rc = end_one(d->txn, key, "reassigned", slot->note, id->p, who, err);
out:
	slot->lines = given;
	svc_dispatch_needs_free(&n);
	svc_buf_free(&nm.keys);
	svc_row_free(&old);
	return rc;
}

static int
assignment_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	(void)txn;
	(void)t;
	if (row->f[ASSIGNMENT_end_at].i <= row->f[ASSIGNMENT_start_at].i)
		return svc_err_set(err, SVC_EDATA, "column 'end_at': not after "
		    "start_at");
	if (row->f[ASSIGNMENT_minutes].i <= 0)
		return svc_err_set(err, SVC_EDATA, "column 'minutes': must be "
		    "above zero");
	return 0;
}

/* --- candidates --- */

/* The worker's earliest free slot for the order n, its minutes of
 * working time starting at or after from and ending by to, travel time
 * kept: *found, with *s and *e.  No working time from t on (the calendar
 * says so) is no slot. */
static int
earliest(struct svc_dispatch *d, struct worker *w,
    const struct svc_needs *n, int64_t from, int64_t to, int64_t *s,
    int64_t *e, int *found, struct svc_err *err)
{
	int64_t t = from;
	int i, clear, rc;

	*found = 0;
	for (i = 0; i < 10000; i++) {
		if (svc_calendar_add_working_seconds(w->cal, t, 0, s, err) ||
		    *s >= to)
			return 0;
		if ((rc = svc_calendar_add_working_seconds(w->cal, *s,
		    n->minutes * 60, e, err)))
			return rc;
		if (*e > to)
			return 0;
		if ((rc = free_with_travel(d, w, n, *s, *e, &clear, &t, err)))
			return rc;
		if (clear) {
			*found = 1;
			return 0;
		}
	}
	return 0;
}

/* Minutes the worker has assigned on the local day of t. */
static int
load_on(struct svc_dispatch *d, struct worker *w, int64_t t,
    int64_t *load, struct svc_err *err)
{
	struct svc_booking *b;
	char buf[24];
	int64_t day, lo, hi;
	int n, i, rc;

	svc_calendar_local(w->cal, t, buf);
	buf[10] = '\0';
	if (svc_date_parse(buf, 10, &day))
		return svc_err_set(err, SVC_EINTERNAL, "bad local day");
	/* the local day lies within a day and a half of its UTC midnight */
	lo = day * 86400 - 14 * 3600;
	hi = (day + 1) * 86400 + 14 * 3600;
	if ((rc = bookings_between(d, w, lo, hi, &b, &n, err)))
		return rc;
	*load = 0;
	for (i = 0; i < n; i++) {
		svc_calendar_local(w->cal, b[i].start, buf);
		buf[10] = '\0';
		int64_t bd;
		if (!svc_date_parse(buf, 10, &bd) && bd == day)
			*load += b[i].minutes;
	}
	free(b);
	return 0;
}

static int
cand_cmp(const void *pa, const void *pb)
{
	const struct svc_candidate *a = pa, *b = pb;
	int ea = a->fails == 0, eb = b->fails == 0;
	int sa = a->start != SVC_DISPATCH_NONE, sb = b->start != SVC_DISPATCH_NONE;

	if (ea != eb)
		return eb - ea;
	if (sa != sb)
		return sb - sa;
	if (a->meets != b->meets)
		return b->meets - a->meets;
	if (a->preferred != b->preferred)
		return b->preferred - a->preferred;
	if (sa && a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->load != b->load)
		return a->load < b->load ? -1 : 1;
	return strcmp(a->worker, b->worker);
}

int
svc_dispatch_candidates(struct svc_dispatch *d, const struct svc_needs *n,
    int64_t from, int64_t to, const char *team, const char *roles, int all,
    struct svc_candidate **out, int *count, struct svc_err *err)
{
	struct svc_candidate *c;
	int64_t wf, wt, a, b;
	int i, k = 0, found, rc;

	*out = NULL;
	*count = 0;
	if (!(c = calloc((size_t)d->nw + 1, sizeof *c)))
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	if (n->pref_start != SVC_DISPATCH_NONE && n->pref_start > from)
		from = n->pref_start;
	for (i = 0; i < d->nw; i++) {
		struct worker *w = &d->w[i];
		struct svc_candidate *x = &c[k];

		if (team && *team && strcmp(w->team, team))
			continue;
		if (roles && !svc_list_has(roles, ',', w->role))
			continue;
		k++;
		x->worker = w->id;
		x->name = w->name;
		x->team = w->team;
		x->fails = fit(w, n, &x->skills_matched, &x->skills_needed,
		    NULL);
		x->preferred = n->preferred[0] && strcmp(n->preferred, w->id) == 0;
		x->start = x->end = SVC_DISPATCH_NONE;
		x->meets = -1;
		if (x->fails && !all)
			continue;
		wf = from;
		wt = to;
		if (!all) {
			/* the plan keeps to the order's own window: its days
			 * in the worker's zone, its preferred end */
			if (n->due_from != SVC_DISPATCH_NONE) {
				a = w->cal ? svc_calendar_instant(w->cal,
				    n->due_from, 0) : svc_day_start(n->due_from);
				b = w->cal ? svc_calendar_instant(w->cal,
				    n->due_to + 1, 0) : svc_day_start(n->due_to + 1);
				wf = a > wf ? a : wf;
				wt = b < wt ? b : wt;
			}
			if (n->pref_end != SVC_DISPATCH_NONE && n->pref_end < wt)
				wt = n->pref_end;
		}
		if ((rc = earliest(d, w, n, wf, wt, &x->start, &x->end,
		    &found, err))) {
			free(c);
			return rc;
		}
		if (!found) {
			x->start = x->end = SVC_DISPATCH_NONE;
			x->meets = n->deadline == SVC_DISPATCH_NONE ? -1 : 0;
			continue;
		}
		if (n->deadline != SVC_DISPATCH_NONE)
			x->meets = x->end <= n->deadline;
		if ((rc = load_on(d, w, x->start, &x->load, err))) {
			free(c);
			return rc;
		}
	}
	qsort(c, (size_t)k, sizeof *c, cand_cmp);
	*out = c;
	*count = k;
	return 0;
}

/* --- the orders to place --- */

struct pending {
	struct svc_needs *n;
	int count, cap;
	struct svc_dispatch *d;
	int64_t before;
	struct svc_err *err;
};

static int
collect_open(void *arg, struct svc_row *row)
{
	struct pending *p = arg;
	struct svc_needs *nn;
	const char *id;
	int rc;

	if (row->f[ORDER_cancelled].i ||
	    !svc_field_is(&row->f[ORDER_progress], "in-process"))
		return 0;
	if (!(id = svc_row_text(row, ORDER_id)))
		return SVC_ESYSTEM;
	if (p->count == p->cap) {
		int cap = p->cap ? p->cap * 2 : 64;

		if (!(nn = realloc(p->n, sizeof *nn * (size_t)cap)))
			return SVC_ESYSTEM;
		p->n = nn;
		p->cap = cap;
	}
	nn = &p->n[p->count];
	if ((rc = svc_dispatch_needs(p->d, id, nn, p->err)))
		return rc;
	if (nn->open && !nn->assigned &&
	    (nn->pref_start == SVC_DISPATCH_NONE || nn->pref_start < p->before))
		p->count++;
	else
		svc_dispatch_needs_free(nn);
	return 0;
}

static int64_t
or_max(int64_t v)
{
	return v == SVC_DISPATCH_NONE ? INT64_MAX : v;
}

static int
urgency_cmp(const void *pa, const void *pb)
{
	const struct svc_needs *a = pa, *b = pb;

	if (or_max(a->deadline) != or_max(b->deadline))
		return or_max(a->deadline) < or_max(b->deadline) ? -1 : 1;
	if (a->priority != b->priority)
		return a->priority - b->priority;
	if (or_max(a->pref_start) != or_max(b->pref_start))
		return or_max(a->pref_start) < or_max(b->pref_start) ? -1 : 1;
	return strcmp(a->order, b->order);
}

int
svc_dispatch_unassigned(struct svc_dispatch *d, int64_t before,
    struct svc_needs **out, int *count, struct svc_err *err)
{
	struct pending p = { NULL, 0, 0, d, before, err };
	int rc;

	*out = NULL;
	*count = 0;
	if ((rc = svc_table_scan(d->txn, &svc_order_table, NULL, 0, collect_open, &p,
	    err))) {
		if (rc == SVC_ESYSTEM)
			svc_err_set(err, SVC_ESYSTEM, "out of memory");
		svc_dispatch_needs_free_all(p.n, p.count);
		return rc;
	}
	qsort(p.n, (size_t)p.count, sizeof *p.n, urgency_cmp);
	*out = p.n;
	*count = p.count;
	return 0;
}

/* --- the automatic plan --- */

/* Why no candidate could take the order. */
static void
unplaced_why(const struct svc_candidate *c, int n, const struct svc_needs *nd,
    struct svc_buf *why)
{
	int i, skills = 0, area = 0, active = 0, eligible = 0;

	for (i = 0; i < n; i++) {
		if (!(c[i].fails & SVC_FAIL_INACTIVE))
			active++;
		if (!(c[i].fails & (SVC_FAIL_INACTIVE | SVC_FAIL_SKILLS)))
			skills++;
		if (!(c[i].fails & (SVC_FAIL_INACTIVE | SVC_FAIL_AREA)))
			area++;
		if (!c[i].fails)
			eligible++;
	}
	if (!active)
		svc_buf_adds(why, "no active worker");
	else if (!skills)
		svc_buf_printf(why, "no active worker has the skills %s",
		    nd->skills);
	else if (!area)
		svc_buf_printf(why, "no active worker serves area %s", nd->area);
	else if (!eligible)
		svc_buf_printf(why, "no active worker has the skills %s and "
		    "serves area %s", nd->skills, nd->area);
	else
		svc_buf_printf(why, "no free %lld minutes in working time of the "
		    "%d workers who could do it", (long long)nd->minutes,
		    eligible);
}

int
svc_dispatch_auto(struct svc_dispatch *d, int64_t from, int64_t to,
    const char *team, const char *roles, const struct svc_actor *who,
    int (*fn)(void *arg, const struct svc_placement *p), void *arg,
    struct svc_err *err)
{
	struct svc_needs *pn = NULL;
	struct svc_candidate *c = NULL;
	struct svc_buf id = SVC_BUF_INIT, why = SVC_BUF_INIT;
	int i, nc, np, rc;

	if ((rc = svc_dispatch_unassigned(d, to, &pn, &np, err)))
		return rc;
	for (i = 0; i < np && !rc; i++) {
		struct svc_placement pl = { &pn[i], NULL, NULL, 0, 0, NULL };
		const struct svc_needs *n = &pn[i];

		/* an order due wholly outside the period is not the plan's */
		if ((n->pref_end != SVC_DISPATCH_NONE && n->pref_end <= from) ||
		    (n->due_from != SVC_DISPATCH_NONE &&
		    (svc_day_start(n->due_from) >= to ||
		    svc_day_start(n->due_to + 1) <= from)))
			continue;
		free(c);
		c = NULL;
		if ((rc = svc_dispatch_candidates(d, &pn[i], from, to, team,
		    roles ? roles : "technician", 0, &c, &nc, err)))
			break;
		if (nc > 0 && c[0].fails == 0 && c[0].start != SVC_DISPATCH_NONE) {
			struct svc_slot slot = { c[0].worker, c[0].start, 0,
				pn[i].minutes, NULL, 0, NULL, NULL };

			if ((rc = assign(d, &pn[i], &slot, who, &id, err)))
				break;
			pl.assignment = id.p;
			pl.worker = c[0].worker;
			pl.start = slot.start;
			pl.end = slot.end;
		} else {
			svc_buf_reset(&why);
			if (nc == 0)
				svc_buf_printf(&why, "no worker%s%s with the role "
				    "%s", team ? " in team " : "", team ? team : "",
				    roles ? roles : "technician");
			else
				unplaced_why(c, nc, &pn[i], &why);
			pl.why = why.p;
		}
		rc = fn(arg, &pl);
	}
	free(c);
	svc_dispatch_needs_free_all(pn, np);
	svc_buf_free(&id);
	svc_buf_free(&why);
	return rc;
}

/* A cancelled order's active assignments end; a deleted order's go. */
static int
on_order(struct svc_txn *txn, const struct svc_order_event *ev,
    struct svc_err *err)
{
	switch (ev->kind) {
	case SVC_ORDER_CANCELLED:
		return dispatch_release(txn, ev->order, "order cancelled",
		    ev->who, err);
	case SVC_ORDER_DELETED:
		return dispatch_forget(txn, ev->order, err);
	default:
		return 0;
	}
}

const struct svc_order_handler svc_dispatch_order_handler = {
	"dispatch", on_order
};

/* --- the tables --- */

#define REQ SVC_COL_REQUIRED
#define IDX SVC_COL_INDEXED


static const struct svc_column assignment_cols[] = {
	[ASSIGNMENT_id] = { "id", SVC_T_ID, REQ, .doc = "assignment id" },
	[ASSIGNMENT_order_id] = { "order_id", SVC_T_REF, REQ, .ref = "order",
	  .doc = "service order" },
	[ASSIGNMENT_lines] = { "lines", SVC_T_LIST, 0,
	  .doc = "the order's lines it covers, ';'-separated (empty: all)" },
	[ASSIGNMENT_worker_id] = { "worker_id", SVC_T_REF, REQ, .ref = "worker",
	  .doc = "worker" },
	[ASSIGNMENT_start_at] = { "start_at", SVC_T_DATETIME, REQ | IDX,
	  .doc = "start" },
	[ASSIGNMENT_end_at] = { "end_at", SVC_T_DATETIME, REQ,
	  .doc = "end: the minutes of working time counted from the start" },
	[ASSIGNMENT_minutes] = { "minutes", SVC_T_DURATION, REQ,
	  .doc = "working time" },
	[ASSIGNMENT_state] = { "state", SVC_T_ENUM, REQ | IDX,
	  .def = "assigned",
	  .words = (const char *const[]){ "assigned", "unassigned",
	  "reassigned", NULL },
	  .doc = "assigned, unassigned or reassigned" },
	[ASSIGNMENT_slot] = { "slot", SVC_T_TEXT, IDX,
	  .doc = "active ones: WORKER/END, the index of the worker's time" },
	[ASSIGNMENT_forced] = { "forced", SVC_T_BOOL, REQ, .def = "false",
	  .doc = "made with --force over failed checks" },
	[ASSIGNMENT_created_at] = { "created_at", SVC_T_DATETIME, REQ,
	  .doc = "when it was made" },
	[ASSIGNMENT_created_by] = { "created_by", SVC_T_TEXT, REQ,
	  .doc = "who made it" },
	[ASSIGNMENT_ended_at] = { "ended_at", SVC_T_DATETIME, 0,
	  .doc = "when it was unassigned or reassigned" },
	[ASSIGNMENT_ended_by] = { "ended_by", SVC_T_TEXT, 0,
	  .doc = "who ended it" },
	[ASSIGNMENT_note] = { "note", SVC_T_TEXT, 0, .doc = "note" },
	[ASSIGNMENT_next_id] = { "next_id", SVC_T_REF, 0, .ref = "assignment",
	  .doc = "reassigned: the assignment that took its place" },
};
SVC_COLUMNS_MATCH(assignment_cols, ASSIGNMENT_NCOLS);
const struct svc_table svc_assignment_table = {
	"assignment", "an assignment of an order to a worker",
	SVC_COLS(assignment_cols), 1, "AS-%06d", assignment_validate, NULL
};
