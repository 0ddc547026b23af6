/* sla.c - service level agreements: assignment, the clock's time log, due times and status */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caltable.h"
#include "master.h"
#include "order.h"
#include "agreement.h"
#include "param.h"
#include "sla.h"

static const char *const event_names[] = {
	"start", "stop", "respond", "resolve", "cancel"
};
static const char *const status_names[] = {
	"on-track", "at-risk", "breached", "met", "cancelled"
};

const char *
svc_sla_status_name(enum svc_sla_status s)
{
	return status_names[s];
}

int
svc_sla_status_find(const char *s, size_t n)
{
	int i;

	for (i = 0; i < 5; i++)
		if (strlen(status_names[i]) == n &&
		    memcmp(status_names[i], s, n) == 0)
			return i;
	return -1;
}

static int
sla_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	int64_t w = row->f[SLA_warning_percent].i;

	(void)txn;
	(void)t;
	if (row->f[SLA_response].i <= 0)
		return svc_err_set(err, SVC_EDATA, "column 'response': the "
		    "target must be above zero");
	if (row->f[SLA_resolution].i <= 0)
		return svc_err_set(err, SVC_EDATA, "column 'resolution': the "
		    "target must be above zero");
	if (w < 1 || w > 100)
		return svc_err_set(err, SVC_EDATA, "column 'warning_percent': "
		    "%lld is not within 1..100", (long long)w);
	return 0;
}

/* --- which SLA --- */

/* Loads the record of table t that id names: *found = 0 when there is
 * none, or no id. */
static int
sla_of(struct svc_txn *txn, const struct svc_table *t, const struct svc_field *id,
    struct svc_row *rec, int *found, struct svc_err *err)
{
	*found = 0;
	if (id->null)
		return 0;
	return svc_table_load(txn, t, id->p, id->n, rec, found, err);
}

int
svc_sla_named(struct svc_txn *txn, const struct svc_row *order,
    struct svc_buf *id, struct svc_err *err)
{
	struct svc_row ag, grp, cust;
	const struct svc_field *sla_id = NULL;
	int found, rc;

	svc_buf_reset(id);
	svc_row_init(&ag, &svc_agreement_table);
	svc_row_init(&grp, &svc_agreement_group_table);
	svc_row_init(&cust, &svc_customer_table);
	if ((rc = sla_of(txn, &svc_agreement_table,
	    &order->f[ORDER_agreement_id], &ag, &found, err)))
		goto out;
	if (found && !ag.f[AGREEMENT_sla_id].null)
		sla_id = &ag.f[AGREEMENT_sla_id];
	if (!sla_id && found) {
		if ((rc = sla_of(txn, &svc_agreement_group_table,
		    &ag.f[AGREEMENT_group_id], &grp, &found, err)))
			goto out;
		if (found && !grp.f[AGREEMENT_GROUP_sla_id].null)
			sla_id = &grp.f[AGREEMENT_GROUP_sla_id];
	}
	if (!sla_id) {
		if ((rc = sla_of(txn, &svc_customer_table,
		    &order->f[ORDER_customer_id], &cust, &found, err)))
			goto out;
		if (found && !cust.f[CUSTOMER_sla_id].null)
			sla_id = &cust.f[CUSTOMER_sla_id];
	}
	if (sla_id && svc_buf_add(id, sla_id->p, sla_id->n) < 0)
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
out:
	svc_row_free(&ag);
	svc_row_free(&grp);
	svc_row_free(&cust);
	return rc;
}

static int
sla_assign(struct svc_txn *txn, struct svc_row *order, struct svc_err *err)
{
	struct svc_buf named = SVC_BUF_INIT;
	struct svc_row sla;
	int found, rc;

	if (!order->f[ORDER_sla_id].null)
		return 0;
	svc_row_init(&sla, &svc_sla_table);
	if ((rc = svc_sla_named(txn, order, &named, err)) || !named.len)
		goto out;
	if (svc_field_is(&order->f[ORDER_origin], "agreement")) {
		if ((rc = svc_table_load(txn, &svc_sla_table, named.p,
		    named.len, &sla, &found, err)))
			goto out;
		if (!sla.f[SLA_generated].i)
			goto out;
	}
	svc_row_set_text(order, ORDER_sla_id, named.p, named.len);
out:
	svc_buf_free(&named);
	svc_row_free(&sla);
	return rc;
}

/* --- the time log --- */

struct event {
	enum svc_sla_event what;
	int64_t at;
	char source[16], reason[72];
};

struct events {
	struct event *e;
	int n, cap;
};

static int
collect(void *arg, struct svc_row *row)
{
	struct events *ev = arg;
	struct event *e;
	struct svc_field *f;
	int i;

	if (ev->n == ev->cap) {
		int cap = ev->cap ? ev->cap * 2 : 8;
		struct event *ne = realloc(ev->e, sizeof *ne * (size_t)cap);
		if (!ne)
			return SVC_ESYSTEM;
		ev->e = ne;
		ev->cap = cap;
	}
	e = &ev->e[ev->n++];
	memset(e, 0, sizeof *e);
	f = &row->f[SLA_LOG_event];
	for (i = 0; i < 5; i++)
		if (svc_field_is(f, event_names[i]))
			e->what = (enum svc_sla_event)i;
	e->at = row->f[SLA_LOG_at].i;
	f = &row->f[SLA_LOG_source];
	snprintf(e->source, sizeof e->source, "%.*s", (int)f->n, f->p);
	f = &row->f[SLA_LOG_reason_id];
	if (!f->null)
		snprintf(e->reason, sizeof e->reason, "%.*s", (int)f->n, f->p);
	return 0;
}

static int
load_events(struct svc_txn *txn, const char *order, struct events *ev,
    struct svc_err *err)
{
	int rc;

	ev->e = NULL;
	ev->n = ev->cap = 0;
	rc = svc_table_children(txn, &svc_sla_log_table, order, collect, ev, err);
	if (rc == SVC_ESYSTEM)
		svc_err_set(err, SVC_ESYSTEM, "out of memory");
	return rc;
}

static int
log_event(struct svc_txn *txn, const char *order, enum svc_sla_event what,
    const char *source, const char *reason, const char *note,
    const struct svc_actor *who, struct svc_err *err)
{
	const struct svc_table *t = &svc_sla_log_table;
	struct svc_row row;
	int rc;

	svc_row_init(&row, t);
	svc_row_set_text(&row, SLA_LOG_order_id, order, strlen(order));
	svc_row_set_text(&row, SLA_LOG_event, event_names[what],
	    strlen(event_names[what]));
	svc_row_set_int(&row, SLA_LOG_at, who->now);
	svc_row_set_text(&row, SLA_LOG_source, source, strlen(source));
	if (reason && *reason)
		svc_row_set_text(&row, SLA_LOG_reason_id, reason, strlen(reason));
	if (note && *note)
		svc_row_set_text(&row, SLA_LOG_note, note, strlen(note));
	svc_row_set_text(&row, SLA_LOG_user, who->user, strlen(who->user));
	rc = svc_table_append(txn, t, &row, err);
	/* a reference that failed: the reason code */
	if (rc && strstr(err->text, t->cols[SLA_LOG_reason_id].name))
		rc = svc_err_set(err, SVC_EDATA, "unknown %s code '%s'",
		    strcmp(source, "stage") ? "sla-reason" : "stage-reason",
		    reason);
	svc_row_free(&row);
	return rc;
}

/* --- the walk --- */

struct walk {
	struct svc_sla_state *st;
	const struct svc_calendar *cal;
	void (*step)(void *, const struct svc_sla_step *);
	void *arg;
};

/* Counts the working time of [a, b) while the clock ran. */
static void
count(struct walk *w, int64_t a, int64_t b)
{
	struct svc_sla_state *st = w->st;
	int64_t s, e, before;
	int open;

	while (svc_calendar_next_span(w->cal, a, b, &s, &e)) {
		open = st->responded == SVC_SLA_NONE;
		before = st->resolution_used;
		st->resolution_used += e - s;
		if (st->resolution_due == SVC_SLA_NONE &&
		    st->resolution_used >= st->resolution_target)
			st->resolution_due = s + (st->resolution_target - before);
		if (open) {
			before = st->response_used;
			st->response_used += e - s;
			if (st->response_due == SVC_SLA_NONE &&
			    st->response_used >= st->response_target)
				st->response_due = s +
				    (st->response_target - before);
		}
		if (w->step) {
			struct svc_sla_step sp = { .kind = SVC_SLA_STEP_SPAN,
				.from = s, .to = e,
				.response_total = st->response_used,
				.resolution_total = st->resolution_used,
				.for_response = open };
			w->step(w->arg, &sp);
		}
		a = e;
	}
}

static int
load_sla(struct svc_txn *txn, struct svc_row *ord, struct svc_sla_state *st,
    struct svc_calendar **cal, struct svc_err *err)
{
	struct svc_row sla;
	struct svc_field *f = &ord->f[ORDER_sla_id];
	char cal_id[72];
	int rc;

	svc_row_init(&sla, &svc_sla_table);
	snprintf(st->sla, sizeof st->sla, "%.*s", (int)f->n, f->p);
	if ((rc = svc_table_must_load(txn, &svc_sla_table, st->sla, &sla, err)))
		goto out;
	st->response_target = sla.f[SLA_response].i * 60;
	st->resolution_target = sla.f[SLA_resolution].i * 60;
	st->warning = sla.f[SLA_warning_percent].i;
	f = &sla.f[SLA_calendar_id];
	snprintf(cal_id, sizeof cal_id, "%.*s", (int)f->n, f->null ? "" : f->p);
	rc = svc_calendar_or_default(txn, cal_id, st->calendar, cal, err);
out:
	svc_row_free(&sla);
	return rc;
}

/* An SLA as a state needs it, with its calendar parsed. */
struct memo_sla {
	char sla[72], calendar[72];
	int64_t response_target, resolution_target, warning;
	struct svc_calendar *cal;
};

struct svc_sla_memo {
	struct memo_sla *s;
	int n, cap;
};

struct svc_sla_memo *
svc_sla_memo_new(void)
{
	return calloc(1, sizeof (struct svc_sla_memo));
}

void
svc_sla_memo_free(struct svc_sla_memo *m)
{
	int i;

	if (!m)
		return;
	for (i = 0; i < m->n; i++)
		svc_calendar_free(m->s[i].cal);
	free(m->s);
	free(m);
}

/* load_sla through the memo: each SLA is read and its calendar parsed
 * once; *cal belongs to the memo. */
static int
memo_sla(struct svc_txn *txn, struct svc_sla_memo *m, struct svc_row *ord,
    struct svc_sla_state *st, struct svc_calendar **cal, struct svc_err *err)
{
	struct svc_field *f = &ord->f[ORDER_sla_id];
	struct memo_sla *e;
	int i, rc;

	for (i = 0; i < m->n; i++)
		if (strlen(m->s[i].sla) == f->n &&
		    memcmp(m->s[i].sla, f->p, f->n) == 0)
			break;
	if (i == m->n) {
		if (m->n == m->cap) {
			int cap = m->cap ? 2 * m->cap : 8;

			if (!(e = realloc(m->s, sizeof *e * (size_t)cap)))
				return svc_err_set(err, SVC_ESYSTEM,
				    "out of memory");
			m->s = e;
			m->cap = cap;
		}
		if ((rc = load_sla(txn, ord, st, cal, err)))
			return rc;
		e = &m->s[m->n++];
		memcpy(e->sla, st->sla, sizeof e->sla);
		memcpy(e->calendar, st->calendar, sizeof e->calendar);
		e->response_target = st->response_target;
		e->resolution_target = st->resolution_target;
		e->warning = st->warning;
		e->cal = *cal;
		return 0;
	}
	e = &m->s[i];
	memcpy(st->sla, e->sla, sizeof st->sla);
	memcpy(st->calendar, e->calendar, sizeof st->calendar);
	st->response_target = e->response_target;
	st->resolution_target = e->resolution_target;
	st->warning = e->warning;
	*cal = e->cal;
	return 0;
}

static int64_t
per_mille(int64_t used, int64_t target)
{
	/* rounded half up; used and target are far below 2^53 */
	return (used * 2000 + target) / (2 * target);
}

/* svc_sla_state, with the SLA and its calendar from the memo m when
 * given (then calp is NULL). */
static int
state(struct svc_txn *txn, struct svc_sla_memo *m, const char *order,
    struct svc_row *given, int64_t at, struct svc_sla_state *st,
    void (*step)(void *arg, const struct svc_sla_step *s), void *arg,
    struct svc_calendar **calp, struct svc_err *err)
{
	struct svc_calendar *cal = NULL;
	struct svc_row ordrow, *ord = given ? given : &ordrow;
	struct events ev = { NULL, 0, 0 };
	struct walk w = { st, NULL, step, arg };
	int64_t seg = 0, from;
	int rc, i, ended = 0;

	memset(st, 0, sizeof *st);
	st->started = st->responded = st->resolved = st->cancelled =
	    st->response_due = st->resolution_due = SVC_SLA_NONE;
	svc_row_init(&ordrow, &svc_order_table);
	if (!given && (rc = svc_table_must_load(txn, &svc_order_table, order,
	    &ordrow, err)))
		goto out;
	if (ord->f[ORDER_sla_id].null)
		goto out;
	st->has = 1;
	if ((rc = m ? memo_sla(txn, m, ord, st, &cal, err) :
	    load_sla(txn, ord, st, &cal, err)) ||
	    (rc = load_events(txn, order, &ev, err)))
		goto out;
	w.cal = cal;
	for (i = 0; i < ev.n && !ended; i++) {
		struct event *e = &ev.e[i];

		if (e->at > at)
			break;
		if (step) {
			struct svc_sla_step sp = { .kind = SVC_SLA_STEP_EVENT,
				.event = e->what, .from = e->at,
				.source = e->source, .reason = e->reason };
			step(arg, &sp);
		}
		switch (e->what) {
		case SVC_SLA_START:
			if (st->started == SVC_SLA_NONE)
				st->started = e->at;
			if (!st->running) {
				st->running = 1;
				seg = e->at;
			}
			st->stopped_by_hand = 0;
			break;
		case SVC_SLA_STOP:
			if (st->running) {
				count(&w, seg, e->at);
				st->running = 0;
			}
			st->stopped_by_hand = strcmp(e->source, "manual") == 0;
			break;
		case SVC_SLA_RESPOND:
			if (st->responded != SVC_SLA_NONE)
				break;
			if (st->running) {
				count(&w, seg, e->at);
				seg = e->at;
			}
			st->responded = e->at;
			break;
		case SVC_SLA_RESOLVE:
		case SVC_SLA_CANCEL:
			if (st->running)
				count(&w, seg, e->at);
			st->running = 0;
			if (e->what == SVC_SLA_RESOLVE)
				st->resolved = e->at;
			else
				st->cancelled = e->at;
			ended = 1;
			break;
		}
	}
	if (st->running)
		count(&w, seg, at);
	/* due times not reached yet: the rest of the budget, counted on from
	 * the end of the walk (a pause lasts until then) */
	if (st->response_due == SVC_SLA_NONE) {
		from = st->responded != SVC_SLA_NONE ? st->responded :
		    st->resolved != SVC_SLA_NONE ? st->resolved :
		    st->cancelled != SVC_SLA_NONE ? st->cancelled : at;
		if (st->started != SVC_SLA_NONE && from < st->started)
			from = st->started;
		if ((rc = svc_calendar_add_working_seconds(cal, from,
		    st->response_target - st->response_used, &st->response_due,
		    err)))
			goto out;
	}
	if (st->resolution_due == SVC_SLA_NONE) {
		from = st->resolved != SVC_SLA_NONE ? st->resolved :
		    st->cancelled != SVC_SLA_NONE ? st->cancelled : at;
		if (st->started != SVC_SLA_NONE && from < st->started)
			from = st->started;
		if ((rc = svc_calendar_add_working_seconds(cal, from,
		    st->resolution_target - st->resolution_used,
		    &st->resolution_due, err)))
			goto out;
	}
	st->compliance = per_mille(st->resolution_used, st->resolution_target);
	st->response_breached = st->response_used > st->response_target;
	st->resolution_breached = st->resolution_used > st->resolution_target;
	if (st->cancelled != SVC_SLA_NONE || ord->f[ORDER_cancelled].i)
		st->status = SVC_SLA_CANCELLED;
	else if (st->response_breached || st->resolution_breached)
		st->status = SVC_SLA_BREACHED;
	else if (st->resolved != SVC_SLA_NONE)
		st->status = SVC_SLA_MET;
	else if (st->resolution_used * 100 >= st->warning *
	    st->resolution_target || (st->responded == SVC_SLA_NONE &&
	    st->response_used * 100 >= st->warning * st->response_target))
		st->status = SVC_SLA_AT_RISK;
	else
		st->status = SVC_SLA_ON_TRACK;
out:
	if (calp && !rc)
		*calp = cal;
	else if (!m)
		svc_calendar_free(cal);
	free(ev.e);
	svc_row_free(&ordrow);
	return rc;
}

int
svc_sla_state(struct svc_txn *txn, const char *order, int64_t at,
    struct svc_sla_state *st,
    void (*step)(void *arg, const struct svc_sla_step *s), void *arg,
    struct svc_calendar **calp, struct svc_err *err)
{
	return state(txn, NULL, order, NULL, at, st, step, arg, calp, err);
}

int
svc_sla_state_memo(struct svc_txn *txn, struct svc_sla_memo *m,
    const char *order, int64_t at, struct svc_sla_state *st,
    struct svc_err *err)
{
	return state(txn, m, order, NULL, at, st, NULL, NULL, NULL, err);
}

int
svc_sla_state_of(struct svc_txn *txn, struct svc_sla_memo *m,
    struct svc_row *order, int64_t at, struct svc_sla_state *st,
    struct svc_err *err)
{
	const char *id = svc_row_text(order, ORDER_id);

	if (!id)
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	return state(txn, m, id, order, at, st, NULL, NULL, NULL, err);
}

/* --- the hooks --- */

/* Loads the order's state now; 0 with st->has 0 for an order without
 * an SLA. */
static int
state_now(struct svc_txn *txn, const char *order, const struct svc_actor *who,
    struct svc_sla_state *st, struct svc_err *err)
{
	return svc_sla_state(txn, order, who->now, st, NULL, NULL, NULL, err);
}

/* After a breach, a stop or the resolution needs a reason when the
 * parameter says so. */
static int
breach_reason(struct svc_txn *txn, const struct svc_sla_state *st,
    const char *reason, const char *what, const char *opt,
    struct svc_err *err)
{
	int need, rc;

	if (st->status != SVC_SLA_BREACHED || (reason && *reason))
		return 0;
	if ((rc = svc_param_bool(txn, "sla_breach_reason_required", &need,
	    err)))
		return rc;
	if (need)
		return svc_err_set(err, SVC_EDATA, "the SLA %s is breached: %s "
		    "needs a reason (%s, parameter sla_breach_reason_required)",
		    st->sla, what, opt);
	return 0;
}

static int
sla_start_clock(struct svc_txn *txn, const char *order, int on_create,
    const struct svc_actor *who, struct svc_err *err)
{
	struct svc_row ord;
	struct svc_actor at = *who;
	int64_t last;
	int rc;

	svc_row_init(&ord, &svc_order_table);
	if (!(rc = svc_table_must_load(txn, &svc_order_table, order, &ord, err)) &&
	    !ord.f[ORDER_sla_id].null &&
	    !(rc = svc_table_last_number(txn, &svc_sla_log_table, order, &last,
	    err)) && last == 0) {
		struct svc_row stage;
		struct svc_field *f = &ord.f[ORDER_stage_id];
		int found;

		if (on_create && !ord.f[ORDER_created_at].null)
			at.now = ord.f[ORDER_created_at].i;
		rc = log_event(txn, order, SVC_SLA_START,
		    on_create ? "create" : "set", NULL, NULL, &at, err);
		/* in a stage that stops the clock, it stops at once */
		svc_row_init(&stage, &svc_stage_table);
		if (!rc && !(rc = svc_table_load(txn, &svc_stage_table, f->p,
		    f->n, &stage, &found, err)) && found &&
		    stage.f[STAGE_stops_sla].i)
			rc = log_event(txn, order, SVC_SLA_STOP, "stage", NULL,
			    NULL, &at, err);
		svc_row_free(&stage);
	}
	svc_row_free(&ord);
	return rc;
}

static int
sla_on_stage(struct svc_txn *txn, const char *order,
    struct svc_row *from, struct svc_row *to, const char *reason,
    const struct svc_actor *who, struct svc_err *err)
{
	struct svc_sla_state st;
	int rc, stops = (int)to->f[STAGE_stops_sla].i;

	if ((rc = state_now(txn, order, who, &st, err)) || !st.has)
		return rc;
	if (st.resolved != SVC_SLA_NONE || st.status == SVC_SLA_CANCELLED)
		return 0;
	if (st.responded == SVC_SLA_NONE && from->f[STAGE_parent_id].null &&
	    (rc = log_event(txn, order, SVC_SLA_RESPOND, "stage", NULL, NULL,
	    who, err)))
		return rc;
	if (to->f[STAGE_may_post].i) {
		if ((rc = breach_reason(txn, &st, reason, "completing the order",
		    "--reason CODE", err)))
			return rc;
		return log_event(txn, order, SVC_SLA_RESOLVE, "stage", reason,
		    NULL, who, err);
	}
	if (stops && st.running) {
		if ((rc = breach_reason(txn, &st, reason, "entering a stage that "
		    "stops the clock", "--reason CODE", err)))
			return rc;
		return log_event(txn, order, SVC_SLA_STOP, "stage", reason, NULL,
		    who, err);
	}
	/* leaving a stage that stopped it starts it, unless a person
	 * stopped it by hand: then a person starts it */
	if (!stops && !st.running && !st.stopped_by_hand &&
	    from->f[STAGE_stops_sla].i)
		return log_event(txn, order, SVC_SLA_START, "stage", reason,
		    NULL, who, err);
	return 0;
}

static int
sla_on_sign(struct svc_txn *txn, const char *order, const char *reason,
    const struct svc_actor *who, struct svc_err *err)
{
	struct svc_sla_state st;
	int rc;

	if ((rc = state_now(txn, order, who, &st, err)) || !st.has)
		return rc;
	if (st.resolved != SVC_SLA_NONE || st.status == SVC_SLA_CANCELLED)
		return 0;
	if ((rc = breach_reason(txn, &st, reason, "signing off",
	    "--reason CODE", err)))
		return rc;
	return log_event(txn, order, SVC_SLA_RESOLVE, "sign", reason, NULL, who,
	    err);
}

int
svc_sla_respond(struct svc_txn *txn, const char *order, const char *source,
    const struct svc_actor *who, struct svc_err *err)
{
	struct svc_sla_state st;
	int rc;

	if ((rc = state_now(txn, order, who, &st, err)) || !st.has)
		return rc;
	if (st.responded != SVC_SLA_NONE || st.resolved != SVC_SLA_NONE ||
	    st.status == SVC_SLA_CANCELLED)
		return 0;
	return log_event(txn, order, SVC_SLA_RESPOND, source, NULL, NULL, who,
	    err);
}

int
svc_sla_manual(struct svc_txn *txn, const char *order, enum svc_sla_event what,
    const char *reason, const char *note, const struct svc_actor *who,
    struct svc_err *err)
{
	struct svc_sla_state st;
	int rc, need = 1;

	if ((rc = state_now(txn, order, who, &st, err)))
		return rc;
	if (!st.has)
		return svc_err_set(err, SVC_EDATA, "order '%s' has no SLA",
		    order);
	if (st.status == SVC_SLA_CANCELLED)
		return svc_err_set(err, SVC_EDATA, "the SLA clock of order '%s' "
		    "is cancelled", order);
	if (st.resolved != SVC_SLA_NONE)
		return svc_err_set(err, SVC_EDATA, "the SLA of order '%s' is "
		    "resolved already", order);
	if (what == SVC_SLA_STOP && !st.running)
		return svc_err_set(err, SVC_EDATA, "the SLA clock of order '%s' "
		    "is stopped already", order);
	if (what == SVC_SLA_START && st.running)
		return svc_err_set(err, SVC_EDATA, "the SLA clock of order '%s' "
		    "is running already", order);
	if (what == SVC_SLA_CANCEL &&
	    (rc = svc_param_bool(txn, "sla_cancel_reason_required", &need,
	    err)))
		return rc;
	if (need && (!reason || !*reason))
		return svc_err_set(err, SVC_EDATA, "a reason is required "
		    "(--reason CODE, an sla-reason code)");
	return log_event(txn, order, what, "manual", reason, note, who, err);
}

/* The clock follows the order: it gets its SLA when built, starts when
 * created (or when an SLA is set later), follows the stages and stops
 * for good when the order is signed off. */
static int
on_order(struct svc_txn *txn, const struct svc_order_event *ev,
    struct svc_err *err)
{
	switch (ev->kind) {
	case SVC_ORDER_CREATING:
		return sla_assign(txn, ev->row, err);
	case SVC_ORDER_CREATED:
		return sla_start_clock(txn, ev->order, 1, ev->who, err);
	case SVC_ORDER_CHANGED:
		return sla_start_clock(txn, ev->order, 0, ev->who, err);
	case SVC_ORDER_STAGED:
		return sla_on_stage(txn, ev->order, ev->from, ev->to, ev->reason,
		    ev->who, err);
	case SVC_ORDER_SIGNED:
		return sla_on_sign(txn, ev->order, ev->reason, ev->who, err);
	default:
		return 0;
	}
}

const struct svc_order_handler svc_sla_order_handler = { "sla", on_order };

/* --- the tables --- */

#define REQ SVC_COL_REQUIRED
#define IDX SVC_COL_INDEXED


static const struct svc_column sla_cols[] = {
	[SLA_id] = { "id", SVC_T_ID, REQ, .doc = "SLA id" },
	[SLA_description] = { "description", SVC_T_TEXT, 0,
	  .doc = "description" },
	[SLA_response] = { "response", SVC_T_DURATION, REQ,
	  .doc = "response target, working time (minutes or 4h)" },
	[SLA_resolution] = { "resolution", SVC_T_DURATION, REQ,
	  .doc = "resolution target, working time (minutes or 8h)" },
	[SLA_warning_percent] = { "warning_percent", SVC_T_INT, REQ,
	  .def = "80",
	  .doc = "at risk from this share of a target used" },
	[SLA_calendar_id] = { "calendar_id", SVC_T_REF, 0, .ref = "calendar",
	  .doc = "working calendar (default: the company calendar, else "
	  "around the clock)" },
	[SLA_generated] = { "generated", SVC_T_BOOL, REQ, .def = "false",
	  .doc = "applies to orders generated from agreements too" },
};
SVC_COLUMNS_MATCH(sla_cols, SLA_NCOLS);
const struct svc_table svc_sla_table = {
	"sla", "a service level agreement", SVC_COLS(sla_cols), 1, NULL,
	sla_validate, NULL
};

/* A reason given with a stage move is a stage-reason code; the others
 * are sla-reason codes. */
static const char *
sla_log_reason_kind(const struct svc_row *row)
{
	return svc_field_is(&row->f[SLA_LOG_source], "stage") ?
	    "stage-reason" : "sla-reason";
}

static const struct svc_column sla_log_cols[] = {
	[SLA_LOG_order_id] = { "order_id", SVC_T_REF, REQ, .ref = "order",
	  .doc = "service order" },
	[SLA_LOG_seq] = { "seq", SVC_T_INT, REQ,
	  .doc = "1 for the first entry of the order" },
	[SLA_LOG_event] = { "event", SVC_T_ENUM, REQ,
	  .words = (const char *const[]){
	  "start", "stop", "respond", "resolve", "cancel", NULL },
	  .doc = "start, stop, respond, resolve or cancel" },
	[SLA_LOG_at] = { "at", SVC_T_DATETIME, REQ, .doc = "when" },
	[SLA_LOG_source] = { "source", SVC_T_ENUM, REQ,
	  .words = (const char *const[]){
	  "create", "set", "stage", "sign", "assign", "manual", NULL },
	  .doc = "what caused it: create, set, stage, sign, assign, manual" },
	[SLA_LOG_reason_id] = { "reason_id", SVC_T_REF, 0, .ref = "code",
	  .ref_kind_of = sla_log_reason_kind,
	  .doc = "reason code (stage-reason for stage moves, else sla-reason)" },
	[SLA_LOG_note] = { "note", SVC_T_TEXT, 0, .doc = "note" },
	[SLA_LOG_user] = { "user", SVC_T_TEXT, REQ, .doc = "who" },
};
SVC_COLUMNS_MATCH(sla_log_cols, SLA_LOG_NCOLS);
const struct svc_table svc_sla_log_table = {
	"sla-log", "an entry of an order's SLA time log", SVC_COLS(sla_log_cols), 2,
	NULL, NULL, NULL
};
