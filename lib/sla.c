/* sla.c - service level agreements: assignment, the clock's time log, due times and status */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caltable.h"
#include "sla.h"

#define T(name) svc_table_find(name)
#define F(row, col) svc_row_field(row, col)

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

int
svc_sla_validate(struct svc_txn *txn, const struct svc_table *t,
    struct svc_row *row, struct svc_err *err)
{
	int64_t w = F(row, "warning_percent")->i;

	(void)txn;
	(void)t;
	if (F(row, "response")->i <= 0)
		return svc_err_set(err, SVC_EDATA, "column 'response': the "
		    "target must be above zero");
	if (F(row, "resolution")->i <= 0)
		return svc_err_set(err, SVC_EDATA, "column 'resolution': the "
		    "target must be above zero");
	if (w < 1 || w > 100)
		return svc_err_set(err, SVC_EDATA, "column 'warning_percent': "
		    "%lld is not within 1..100", (long long)w);
	return 0;
}

/* --- which SLA --- */

/* Loads the record id of table: 1, 0 when there is none (or no id), or
 * a negative status. */
static int
sla_of(struct svc_txn *txn, const char *table, const struct svc_field *id,
    struct svc_row *rec, struct svc_err *err)
{
	int rc;

	if (id->null)
		return 0;
	rc = svc_table_load(txn, T(table), id->p, id->n, rec, err);
	return rc;
}

int
svc_sla_assign(struct svc_txn *txn, struct svc_row *order, struct svc_err *err)
{
	struct svc_row ag, grp, cust, sla;
	struct svc_field *found = NULL;
	int rc;

	if (!F(order, "sla_id")->null)
		return 0;
	svc_row_init(&ag, T("agreement"));
	svc_row_init(&grp, T("agreement-group"));
	svc_row_init(&cust, T("customer"));
	svc_row_init(&sla, T("sla"));
	if ((rc = sla_of(txn, "agreement", F(order, "agreement_id"), &ag,
	    err)) < 0)
		goto out;
	if (rc > 0 && !F(&ag, "sla_id")->null)
		found = F(&ag, "sla_id");
	if (!found && rc > 0) {
		if ((rc = sla_of(txn, "agreement-group", F(&ag, "group_id"),
		    &grp, err)) < 0)
			goto out;
		if (rc > 0 && !F(&grp, "sla_id")->null)
			found = F(&grp, "sla_id");
	}
	if (!found) {
		if ((rc = sla_of(txn, "customer", F(order, "customer_id"), &cust,
		    err)) < 0)
			goto out;
		if (rc > 0 && !F(&cust, "sla_id")->null)
			found = F(&cust, "sla_id");
	}
	rc = 0;
	if (!found)
		goto out;
	if (svc_field_is(F(order, "origin"), "agreement")) {
		if ((rc = svc_table_load(txn, T("sla"), found->p, found->n, &sla,
		    err)) < 0) {
			rc = -rc;
			goto out;
		}
		rc = 0;
		if (!F(&sla, "generated")->i)
			goto out;
	}
	svc_row_set_text(order, "sla_id", found->p, found->n);
out:
	if (rc < 0)
		rc = -rc;
	svc_row_free(&ag);
	svc_row_free(&grp);
	svc_row_free(&cust);
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
	f = F(row, "event");
	for (i = 0; i < 5; i++)
		if (svc_field_is(f, event_names[i]))
			e->what = (enum svc_sla_event)i;
	e->at = F(row, "at")->i;
	f = F(row, "source");
	snprintf(e->source, sizeof e->source, "%.*s", (int)f->n, f->p);
	f = F(row, "reason_id");
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
	rc = svc_table_children(txn, T("sla-log"), order, collect, ev, err);
	if (rc == SVC_ESYSTEM)
		svc_err_set(err, SVC_ESYSTEM, "out of memory");
	return rc;
}

static int
log_event(struct svc_txn *txn, const char *order, enum svc_sla_event what,
    const char *source, const char *reason, const char *note,
    const struct svc_actor *who, struct svc_err *err)
{
	const struct svc_table *t = T("sla-log");
	struct svc_row row;
	int rc;

	svc_row_init(&row, t);
	svc_row_set_text(&row, "order_id", order, strlen(order));
	svc_row_set_text(&row, "event", event_names[what],
	    strlen(event_names[what]));
	svc_row_set_int(&row, "at", who->now);
	svc_row_set_text(&row, "source", source, strlen(source));
	if (reason && *reason)
		svc_row_set_text(&row, "reason_id", reason, strlen(reason));
	if (note && *note)
		svc_row_set_text(&row, "note", note, strlen(note));
	svc_row_set_text(&row, "user", who->user, strlen(who->user));
	rc = svc_table_append(txn, t, &row, err);
	if (rc && strstr(err->text, "reason_id"))
		svc_err_set(err, SVC_EDATA, "unknown %s code '%s'",
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
	struct svc_field *f = F(ord, "sla_id");
	char cal_id[72];
	int rc;

	svc_row_init(&sla, T("sla"));
	snprintf(st->sla, sizeof st->sla, "%.*s", (int)f->n, f->p);
	if ((rc = svc_table_must_load(txn, T("sla"), st->sla, &sla, err)))
		goto out;
	st->response_target = F(&sla, "response")->i * 60;
	st->resolution_target = F(&sla, "resolution")->i * 60;
	st->warning = F(&sla, "warning_percent")->i;
	f = F(&sla, "calendar_id");
	snprintf(cal_id, sizeof cal_id, "%.*s", (int)f->n, f->null ? "" : f->p);
	rc = svc_calendar_or_default(txn, cal_id, st->calendar, cal, err);
out:
	svc_row_free(&sla);
	return rc;
}

static int64_t
per_mille(int64_t used, int64_t target)
{
	/* rounded half up; used and target are far below 2^53 */
	return (used * 2000 + target) / (2 * target);
}

int
svc_sla_state(struct svc_txn *txn, const char *order, int64_t at,
    struct svc_sla_state *st,
    void (*step)(void *arg, const struct svc_sla_step *s), void *arg,
    struct svc_calendar **calp, struct svc_err *err)
{
	struct svc_calendar *cal = NULL;
	struct svc_row ord;
	struct events ev = { NULL, 0, 0 };
	struct walk w = { st, NULL, step, arg };
	int64_t seg = 0, from;
	int rc, i, ended = 0;

	memset(st, 0, sizeof *st);
	st->started = st->responded = st->resolved = st->cancelled =
	    st->response_due = st->resolution_due = SVC_SLA_NONE;
	svc_row_init(&ord, T("order"));
	if ((rc = svc_table_must_load(txn, T("order"), order, &ord, err)))
		goto out;
	if (F(&ord, "sla_id")->null)
		goto out;
	st->has = 1;
	if ((rc = load_sla(txn, &ord, st, &cal, err)) ||
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
	if (st->cancelled != SVC_SLA_NONE || F(&ord, "cancelled")->i)
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
	else
		svc_calendar_free(cal);
	free(ev.e);
	svc_row_free(&ord);
	return rc;
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

int
svc_sla_start_clock(struct svc_txn *txn, const char *order, int on_create,
    const struct svc_actor *who, struct svc_err *err)
{
	struct svc_row ord;
	struct svc_actor at = *who;
	int64_t last;
	int rc;

	svc_row_init(&ord, T("order"));
	if (!(rc = svc_table_must_load(txn, T("order"), order, &ord, err)) &&
	    !F(&ord, "sla_id")->null &&
	    !(rc = svc_table_last_number(txn, T("sla-log"), order, &last,
	    err)) && last == 0) {
		struct svc_row stage;
		struct svc_field *f = F(&ord, "stage_id");

		if (on_create && !F(&ord, "created_at")->null)
			at.now = F(&ord, "created_at")->i;
		rc = log_event(txn, order, SVC_SLA_START,
		    on_create ? "create" : "set", NULL, NULL, &at, err);
		/* in a stage that stops the clock, it stops at once */
		svc_row_init(&stage, T("stage"));
		if (!rc) {
			int got = svc_table_load(txn, T("stage"), f->p, f->n,
			    &stage, err);

			if (got < 0)
				rc = -got;
			else if (got > 0 && F(&stage, "stops_sla")->i)
				rc = log_event(txn, order, SVC_SLA_STOP, "stage",
				    NULL, NULL, &at, err);
		}
		svc_row_free(&stage);
	}
	svc_row_free(&ord);
	return rc;
}

int
svc_sla_on_stage(struct svc_txn *txn, const char *order,
    struct svc_row *from, struct svc_row *to, const char *reason,
    const struct svc_actor *who, struct svc_err *err)
{
	struct svc_sla_state st;
	int rc, stops = (int)F(to, "stops_sla")->i;

	if ((rc = state_now(txn, order, who, &st, err)) || !st.has)
		return rc;
	if (st.resolved != SVC_SLA_NONE || st.status == SVC_SLA_CANCELLED)
		return 0;
	if (st.responded == SVC_SLA_NONE && F(from, "parent_id")->null &&
	    (rc = log_event(txn, order, SVC_SLA_RESPOND, "stage", NULL, NULL,
	    who, err)))
		return rc;
	if (F(to, "may_post")->i) {
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
	    F(from, "stops_sla")->i)
		return log_event(txn, order, SVC_SLA_START, "stage", reason,
		    NULL, who, err);
	return 0;
}

int
svc_sla_on_sign(struct svc_txn *txn, const char *order, const char *reason,
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
