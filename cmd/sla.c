/* sla.c - the verbs of service level agreements: status, explain, the clock by hand, the time log */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/date.h"
#include "../lib/sla.h"
#include "cmd.h"


/* A set of statuses from "at-risk,breached"; 0 or a usage status. */
static int
parse_statuses(struct svc_ctx *ctx, const char *opt, const char *arg,
    unsigned *set)
{
	const char *p = arg, *e;
	int s;

	*set = 0;
	for (;;) {
		e = strchr(p, ',');
		if (!e)
			e = p + strlen(p);
		if ((s = svc_sla_status_find(p, (size_t)(e - p))) < 0) {
			svc_warn(ctx, "%s: unknown status '%.*s' (want on-track, "
			    "at-risk, breached, met, cancelled)", opt,
			    (int)(e - p), p);
			return SVC_EUSAGE;
		}
		*set |= 1u << s;
		if (!*e)
			return 0;
		p = e + 1;
	}
}

static void
fmt_instant(int64_t t, char *buf)
{
	if (t == SVC_SLA_NONE)
		buf[0] = '\0';
	else
		svc_datetime_format(t, buf);
}

/* --- svc sla status, svc order list --sla --- */

struct status {
	struct svc_ctx *ctx;
	struct svc_out *out;
	unsigned want;		/* statuses shown; 0: all */
	int open;		/* only clocks not resolved or cancelled */
	int64_t at;
	struct svc_sla_memo *memo;	/* the SLAs read once, or NULL */
};

/* The state of an order, and *show = 1 when it is one to show; 0 or a
 * status with err set. */
static int
wanted(struct status *s, struct svc_row *row, struct svc_sla_state *st,
    int *show, struct svc_err *err)
{
	const char *id;
	int rc;

	*show = 0;
	if (row->f[ORDER_sla_id].null)
		return 0;
	if (s->memo)
		rc = svc_sla_state_of(s->ctx->txn, s->memo, row, s->at, st, err);
	else if (!(id = svc_row_text(row, ORDER_id)))
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	else
		rc = svc_sla_state(s->ctx->txn, id, s->at, st, NULL, NULL, NULL,
		    err);
	if (rc)
		return rc;
	if (!st->has || st->started == SVC_SLA_NONE)
		return 0;
	if (s->want && !(s->want & (1u << st->status)))
		return 0;
	if (s->open && (st->status == SVC_SLA_MET ||
	    st->status == SVC_SLA_CANCELLED || st->resolved != SVC_SLA_NONE))
		return 0;
	*show = 1;
	return 0;
}

/* The keep function of listings: 1 shows, 0 passes over, a negative
 * status stops. */
static int
keep_order(void *arg, struct svc_row *row, struct svc_err *err)
{
	struct svc_sla_state st;
	int show, rc;

	if ((rc = wanted(arg, row, &st, &show, err)))
		return -rc;
	return show;
}

/* v in decimal at buf (room for 24), as "%lld" writes it. */
static char *
decimal(char *buf, long long v)
{
	char tmp[24];
	unsigned long long u = v < 0 ? 0 - (unsigned long long)v :
	    (unsigned long long)v;
	int n = 0;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*buf++ = '-';
	while (n)
		*buf++ = tmp[--n];
	*buf = '\0';
	return buf;
}

static void
minutes(int64_t secs, char *buf)
{
	decimal(buf, (long long)(secs / 60));
}

/* n bytes of s as snprintf(buf, 80, "%.*s") keeps them. */
static void
text80(char *buf, const char *s, size_t n)
{
	if (n > 79)
		n = 79;
	if (n)
		memcpy(buf, s, n);
	buf[n] = '\0';
}

static int
status_row(void *arg, struct svc_row *row)
{
	struct status *s = arg;
	struct svc_sla_state st;
	struct svc_err err;
	char v[14][80], *p;
	const char *vp[14];
	int show, rc, i;

	if ((rc = wanted(s, row, &st, &show, &err)))
		return svc_fail(s->ctx, &err);
	if (!show)
		return 0;
	text80(v[0], row->f[ORDER_id].p, row->f[ORDER_id].n);
	text80(v[1], row->f[ORDER_customer_id].p, row->f[ORDER_customer_id].n);
	text80(v[2], st.sla, strlen(st.sla));
	vp[3] = svc_sla_status_name(st.status);
	text80(v[3], vp[3], strlen(vp[3]));
	vp[4] = st.resolved != SVC_SLA_NONE || st.cancelled != SVC_SLA_NONE ?
	    "ended" : st.running ? "running" : "stopped";
	text80(v[4], vp[4], strlen(vp[4]));
	fmt_instant(st.started, v[5]);
	fmt_instant(st.response_due, v[6]);
	fmt_instant(st.responded, v[7]);
	fmt_instant(st.resolution_due, v[8]);
	fmt_instant(st.resolved, v[9]);
	minutes(st.response_used, v[10]);
	minutes(st.resolution_used, v[11]);
	minutes(st.resolution_target, v[12]);
	p = decimal(v[13], (long long)(st.compliance / 10));
	*p++ = '.';
	decimal(p, (long long)(st.compliance % 10));
	for (i = 0; i < 14; i++)
		vp[i] = v[i];
	return svc_out_row(s->out, vp, NULL);
}

int
cmd_sla_status(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "at", required_argument, NULL, 'a' },
		{ "status", required_argument, NULL, 's' },
		{ "customer", required_argument, NULL, 'c' },
		{ "open", no_argument, NULL, 'o' },
		OUTPUT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	static const char *const names[] = { "order_id", "customer_id",
		"sla_id", "status", "clock", "started_at", "response_due",
		"responded_at", "resolution_due", "resolved_at",
		"response_minutes", "resolution_minutes", "target_minutes",
		"compliance" };
	static const enum svc_json_kind kinds[] = { 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, SVC_JSON_NUMBER, SVC_JSON_NUMBER, SVC_JSON_NUMBER,
		SVC_JSON_NUMBER };
	struct status s = { ctx, NULL, 0, 0, ctx->now, NULL };
	struct svc_filter f;
	struct svc_err err = { 0, "" };
	char *cust = NULL;
	int opt, rc, rc2, nf = 0;

	while ((opt = svc_getopt(argc, argv, "t", opts, NULL)) != -1) {
		switch (opt) {
		case 'a':
			if ((rc = svc_time_arg(ctx, "--at", optarg, &s.at)))
				return rc;
			break;
		case 's':
			if ((rc = parse_statuses(ctx, "--status", optarg, &s.want)))
				return rc;
			break;
		case 'c':
			cust = optarg;
			break;
		case 'o':
			s.open = 1;
			break;
		default:
			if ((rc = svc_output_opt(ctx, opt, optarg)) != 1)
				return rc < 0 ? SVC_EUSAGE : svc_usage(ctx);
		}
	}
	if (optind != argc)
		return svc_usage(ctx);
	if (cust && (rc = svc_filter_names(ctx, "--customer",
	    &svc_customer_table, cust)))
		return rc;
	if (cust) {
		struct svc_buf b = SVC_BUF_INIT;

		svc_buf_printf(&b, "%s=%s",
		    svc_order_table.cols[ORDER_customer_id].name, cust);
		rc = b.p ? svc_filter_parse(&svc_order_table, b.p, &f, &err) :
		    svc_err_set(&err, SVC_ESYSTEM, "out of memory");
		svc_buf_free(&b);
		if (rc)
			return svc_fail(ctx, &err);
		nf = 1;
	}
	if (!(s.memo = svc_sla_memo_new()) ||
	    !(s.out = svc_out_ctx(ctx, names, kinds, 14))) {
		rc = SVC_ESYSTEM;
		goto out;
	}
	rc = svc_table_scan(ctx->txn, &svc_order_table, nf ? &f : NULL, nf,
	    status_row, &s, &err);
	if (rc && rc != SVC_EIO && err.text[0])
		rc = svc_fail(ctx, &err);
	rc2 = svc_out_end(s.out);
	rc = rc ? rc : rc2;
out:
	svc_sla_memo_free(s.memo);
	if (nf)
		svc_filter_free(&f);
	return rc;
}

/* svc order list --sla STATUS[,STATUS]: the keep function it sets. */
int
svc_sla_list_filter(struct svc_ctx *ctx, const char *arg)
{
	static struct status s;
	int rc;

	memset(&s, 0, sizeof s);
	s.ctx = ctx;
	s.at = ctx->now;
	if ((rc = parse_statuses(ctx, "--sla", arg, &s.want)))
		return rc;
	ctx->keep = keep_order;
	ctx->keep_arg = &s;
	return 0;
}

/* --- svc sla explain --- */

struct explain {
	FILE *out;
	const struct svc_calendar *cal;
	const struct svc_sla_state *st;
};

static const char *const event_words[] = {
	"start", "stop", "respond", "resolve", "cancel"
};

static void
both(const struct svc_calendar *cal, int64_t t, char *buf)
{
	char utc[SVC_DATETIME_MAX], loc[24];

	svc_datetime_format_utc(t, utc);
	svc_calendar_local(cal, t, loc);
	snprintf(buf, 64, "%s (%s)", loc, utc);
}

static void
hm(int64_t secs, char *buf)
{
	int64_t m = secs / 60;

	if (secs % 60)
		snprintf(buf, 32, "%lldh%02lldm%02llds", (long long)(m / 60),
		    (long long)(m % 60), (long long)(secs % 60));
	else
		snprintf(buf, 32, "%lldh%02lldm", (long long)(m / 60),
		    (long long)(m % 60));
}

static void
explain_step(void *arg, const struct svc_sla_step *sp)
{
	struct explain *x = arg;
	char a[64], b[24], c[32], d[32], e[32];

	if (sp->kind == SVC_SLA_STEP_EVENT) {
		both(x->cal, sp->from, a);
		fprintf(x->out, "%s  %s (%s%s%s)\n", a, event_words[sp->event],
		    sp->source, sp->reason && *sp->reason ? ", reason " : "",
		    sp->reason ? sp->reason : "");
		return;
	}
	svc_calendar_local(x->cal, sp->from, a);
	svc_calendar_local(x->cal, sp->to, b);
	hm(sp->to - sp->from, c);
	hm(sp->resolution_total, d);
	hm(sp->response_total, e);
	if (sp->for_response)
		fprintf(x->out, "    counted %s - %s  %s  resolution %s  "
		    "response %s\n", a, b + 11, c, d, e);
	else
		fprintf(x->out, "    counted %s - %s  %s  resolution %s\n", a,
		    b + 11, c, d);
}

static int
explain_one(struct svc_ctx *ctx, const char *order, int64_t at)
{
	struct svc_sla_state st;
	struct svc_calendar *cal = NULL;
	struct svc_err err;
	struct explain x = { ctx->out, NULL, &st };
	char a[64], r[32], s[32];

	/* the calendar first, for the walk's local times */
	if (svc_sla_state(ctx->txn, order, at, &st, NULL, NULL, &cal, &err))
		return svc_fail(ctx, &err);
	if (!st.has) {
		svc_warn(ctx, "order '%s' has no SLA", order);
		return SVC_EDATA;
	}
	x.cal = cal;
	hm(st.response_target, r);
	hm(st.resolution_target, s);
	fprintf(ctx->out, "order %s, SLA %s: response %s, resolution %s, "
	    "at risk from %lld%%\n", order, st.sla, r, s,
	    (long long)st.warning);
	fprintf(ctx->out, "calendar %s, zone %s; times local (UTC)\n",
	    st.calendar[0] ? st.calendar : "(around the clock)",
	    svc_calendar_zone(cal));
	svc_datetime_format(at, a);
	fprintf(ctx->out, "as of %s:\n", a);
	if (svc_sla_state(ctx->txn, order, at, &st, explain_step, &x, NULL,
	    &err)) {
		svc_calendar_free(cal);
		return svc_fail(ctx, &err);
	}
	hm(st.response_used, r);
	both(cal, st.response_due, a);
	fprintf(ctx->out, "response: %s counted; due %s", r, a);
	if (st.responded != SVC_SLA_NONE) {
		both(cal, st.responded, a);
		fprintf(ctx->out, "; responded %s", a);
	}
	fprintf(ctx->out, "%s\n", st.response_breached ? "; breached" : "");
	hm(st.resolution_used, r);
	both(cal, st.resolution_due, a);
	fprintf(ctx->out, "resolution: %s counted; due %s", r, a);
	if (st.resolved != SVC_SLA_NONE) {
		both(cal, st.resolved, a);
		fprintf(ctx->out, "; resolved %s", a);
	}
	fprintf(ctx->out, "%s\n", st.resolution_breached ? "; breached" : "");
	fprintf(ctx->out, "clock %s; compliance %lld.%lld%%; status %s\n",
	    st.resolved != SVC_SLA_NONE || st.cancelled != SVC_SLA_NONE ?
	    "ended" : st.running ? "running" : "stopped",
	    (long long)(st.compliance / 10), (long long)(st.compliance % 10),
	    svc_sla_status_name(st.status));
	svc_calendar_free(cal);
	return 0;
}

int
cmd_sla_explain(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "at", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 }
	};
	int64_t at = ctx->now;
	int opt, rc, i;

	while ((opt = svc_getopt(argc, argv, "", opts, NULL)) != -1) {
		if (opt != 'a')
			return svc_usage(ctx);
		if ((rc = svc_time_arg(ctx, "--at", optarg, &at)))
			return rc;
	}
	if (optind >= argc)
		return svc_usage(ctx);
	for (i = optind; i < argc; i++) {
		if (i > optind)
			fputc('\n', ctx->out);
		if ((rc = explain_one(ctx, argv[i], at)))
			return rc;
	}
	return 0;
}

/* --- svc sla start|stop|cancel --- */

struct manual {
	struct svc_ctx *ctx;
	enum svc_sla_event what;
	const char *reason, *note;
};

static int
manual_one(void *arg, const char *order)
{
	struct manual *m = arg;
	struct svc_actor who = svc_actor_of(m->ctx);
	struct svc_err err;

	if (svc_sla_manual(m->ctx->txn, order, m->what, m->reason, m->note,
	    &who, &err))
		return svc_fail(m->ctx, &err);
	return 0;
}

static int
manual(int argc, char **argv, struct svc_ctx *ctx, enum svc_sla_event what)
{
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "note", required_argument, NULL, 'n' },
		{ "tsv", no_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	struct manual m = { ctx, what, NULL, NULL };
	int opt;

	while ((opt = svc_getopt(argc, argv, "t", opts, NULL)) != -1) {
		if (opt == 'r')
			m.reason = optarg;
		else if (opt == 'n')
			m.note = optarg;
		else if (svc_output_opt(ctx, opt, optarg) != 1)
			return svc_usage(ctx);
	}
	if (optind >= argc)
		return svc_usage(ctx);
	return svc_each_id(ctx, argc - optind, argv + optind, &svc_order_table,
	    manual_one, &m);
}

int
cmd_sla_start(int argc, char **argv, struct svc_ctx *ctx)
{
	return manual(argc, argv, ctx, SVC_SLA_START);
}

int
cmd_sla_stop(int argc, char **argv, struct svc_ctx *ctx)
{
	return manual(argc, argv, ctx, SVC_SLA_STOP);
}

int
cmd_sla_cancel(int argc, char **argv, struct svc_ctx *ctx)
{
	return manual(argc, argv, ctx, SVC_SLA_CANCEL);
}

int
cmd_sla_log(int argc, char **argv, struct svc_ctx *ctx)
{
	int first = svc_output_args(ctx, argc, argv);

	if (first < 0)
		return -first;
	return svc_list_children(ctx, &svc_order_table, &svc_sla_log_table, argc - first,
	    argv + first);
}
