/* dispatch.c - the verbs of dispatch: assign, unassign, reassign, suggest, the board, mine, list */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/caltable.h"
#include "../lib/date.h"
#include "../lib/dispatch.h"
#include "../lib/master.h"
#include "../lib/order.h"
#include "cmd.h"


static int
open_plan(struct svc_ctx *ctx, struct svc_dispatch **d)
{
	struct svc_err err;

	if (svc_dispatch_open(ctx->txn, ctx->now, d, &err))
		return svc_fail(ctx, &err);
	return 0;
}

static int
parse_minutes(struct svc_ctx *ctx, const char *arg, int64_t *m)
{
	if (svc_duration_parse(arg, strlen(arg), m) || *m <= 0) {
		svc_warn(ctx, "--for: bad duration '%s' (want minutes or 1h30m)",
		    arg);
		return SVC_EUSAGE;
	}
	return 0;
}

static void
when(int64_t t, char *buf)
{
	if (t == SVC_DISPATCH_NONE)
		buf[0] = '\0';
	else
		svc_datetime_format(t, buf);
}

static const char *const priority_names[] = { "high", "normal", "low" };

/* --- assign --auto --- */

struct plan {
	struct svc_ctx *ctx;
	struct svc_out *out;
	struct svc_buf held;	/* the unplaced: order, deadline, why\0 */
};

static int
placed(void *arg, const struct svc_placement *p)
{
	struct plan *pl = arg;
	char s[SVC_DATETIME_MAX], e[SVC_DATETIME_MAX], dl[SVC_DATETIME_MAX];
	const char *v[8];

	if (p->why) {
		/* after the placed ones: order, deadline and reason */
		when(p->needs->deadline, dl);
		if (svc_buf_printf(&pl->held, "%s%c%s%c%s%c", p->needs->order, 0,
		    dl, 0, p->why, 0) < 0)
			return SVC_ESYSTEM;
		return 0;
	}

	when(p->why ? SVC_DISPATCH_NONE : p->start, s);
	when(p->why ? SVC_DISPATCH_NONE : p->end, e);
	when(p->needs->deadline, dl);
	v[0] = p->needs->order;
	v[1] = p->why ? "unplaced" : "assigned";
	v[2] = p->assignment ? p->assignment : "";
	v[3] = p->worker ? p->worker : "";
	v[4] = s;
	v[5] = e;
	v[6] = dl;
	v[7] = p->why ? p->why : "";
	return svc_out_row(pl->out, v, NULL);
}

static int
assign_auto(struct svc_ctx *ctx, int64_t from, int64_t to, const char *team,
    const char *roles, int dry)
{
	static const char *const names[] = { "order_id", "result",
		"assignment_id", "worker_id", "start_at", "end_at", "deadline",
		"reason" };
	struct svc_dispatch *d = NULL;
	struct svc_actor who = svc_actor_of(ctx);
	struct plan pl = { ctx, NULL, SVC_BUF_INIT };
	struct svc_err err = { 0, "" };
	size_t at;
	int rc, rc2;

	if (from == SVC_DISPATCH_NONE || to == SVC_DISPATCH_NONE || to <= from) {
		svc_warn(ctx, "--auto needs --from and a later --to");
		return SVC_EUSAGE;
	}
	if ((rc = open_plan(ctx, &d)))
		return rc;
	if (!(pl.out = svc_out_ctx(ctx, names, NULL, 8))) {
		svc_dispatch_close(d);
		return SVC_ESYSTEM;
	}
	/* the placed rows as they come, then the unplaced ones, held */
	rc = svc_dispatch_auto(d, from, to, team, roles, &who, placed, &pl, &err);
	if (rc && rc != SVC_EIO && err.text[0])
		rc = svc_fail(ctx, &err);
	for (at = 0; !rc && at < pl.held.len; ) {
		const char *v[8] = { NULL };
		const char *order = pl.held.p + at;
		const char *dl = order + strlen(order) + 1;
		const char *why = dl + strlen(dl) + 1;

		v[0] = order;
		v[1] = "unplaced";
		v[6] = dl;
		v[7] = why;
		at = (size_t)(why + strlen(why) + 1 - pl.held.p);
		rc = svc_out_row(pl.out, v, NULL);
	}
	svc_buf_free(&pl.held);
	rc2 = svc_out_end(pl.out);
	svc_dispatch_close(d);
	ctx->dry_run = dry;
	return rc ? rc : rc2;
}

/* --- assign, reassign, unassign --- */

struct assign_opts {
	struct svc_slot slot;
	struct svc_buf lines;
	int autom, dry;
	int64_t from, to;
	const char *team, *roles;
};

static int
assign_args(struct svc_ctx *ctx, int argc, char **argv, struct assign_opts *o)
{
	static const struct option opts[] = {
		{ "at", required_argument, NULL, 'a' },
		{ "for", required_argument, NULL, 'm' },
		{ "line", required_argument, NULL, 'l' },
		{ "force", no_argument, NULL, 'x' },
		{ "note", required_argument, NULL, 'n' },
		{ "auto", no_argument, NULL, 'A' },
		{ "from", required_argument, NULL, 's' },
		{ "to", required_argument, NULL, 'e' },
		{ "team", required_argument, NULL, 'T' },
		{ "role", required_argument, NULL, 'R' },
		{ "dry-run", no_argument, NULL, 'd' },
		OUTPUT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	char *end;
	int opt, rc;

	while ((opt = svc_getopt(argc, argv, "t", opts, NULL)) != -1) {
		switch (opt) {
		case 'a':
			if ((rc = svc_time_arg(ctx, "--at", optarg, &o->slot.start)))
				return rc;
			break;
		case 'm':
			if ((rc = parse_minutes(ctx, optarg, &o->slot.minutes)))
				return rc;
			break;
		case 'l':
			if (strtol(optarg, &end, 10) <= 0 || *end) {
				svc_warn(ctx, "--line: bad line number '%s'", optarg);
				return SVC_EUSAGE;
			}
			if (o->lines.len)
				svc_buf_addc(&o->lines, ';');
			svc_buf_adds(&o->lines, optarg);
			break;
		case 'x':
			o->slot.force = 1;
			break;
		case 'n':
			o->slot.note = optarg;
			break;
		case 'A':
			o->autom = 1;
			break;
		case 's':
			if ((rc = svc_time_arg(ctx, "--from", optarg, &o->from)))
				return rc;
			break;
		case 'e':
			if ((rc = svc_time_arg(ctx, "--to", optarg, &o->to)))
				return rc;
			break;
		case 'T':
			o->team = optarg;
			break;
		case 'R': {
			/* each a word of a worker's role, as the column has */
			const char *p = optarg, *e;
			struct svc_field f;
			struct svc_err err;

			for (;; p = e + 1) {
				e = strchr(p, ',');
				if (svc_table_parse_value(&svc_worker_table,
				    WORKER_role, p, e ? (size_t)(e - p) :
				    strlen(p), NULL, NULL, &f, &err)) {
					svc_warn(ctx, "--role: %s", err.text);
					return SVC_EUSAGE;
				}
				if (!e)
					break;
			}
			o->roles = optarg;
			break;
		}
		case 'd':
			o->dry = 1;
			break;
		default:
			if ((rc = svc_output_opt(ctx, opt, optarg)) != 1)
				return rc < 0 ? SVC_EUSAGE : svc_usage(ctx);
		}
	}
	o->slot.lines = o->lines.p;
	return 0;
}

/* assign (re 0) and reassign (re 1): the same options, one record */
static int
assign_cmd(int argc, char **argv, struct svc_ctx *ctx, int re)
{
	struct assign_opts o;
	struct svc_dispatch *d = NULL;
	struct svc_actor who = svc_actor_of(ctx);
	struct svc_buf id = SVC_BUF_INIT, notice = SVC_BUF_INIT;
	struct svc_err err;
	int rc;

	memset(&o, 0, sizeof o);
	o.slot.start = o.from = o.to = SVC_DISPATCH_NONE;
	o.slot.notice = &notice;
	if ((rc = assign_args(ctx, argc, argv, &o)))
		goto out;
	if (o.autom && !re) {
		if (optind != argc || o.slot.start != SVC_DISPATCH_NONE ||
		    o.slot.minutes || o.lines.len || o.slot.force ||
		    o.slot.note) {
			svc_warn(ctx, "--auto takes no order, worker, --at, --for, "
			    "--line, --force or --note");
			rc = SVC_EUSAGE;
		} else if (!o.team || !(rc = svc_filter_names(ctx, "--team",
		    &svc_team_table, o.team)))
			rc = assign_auto(ctx, o.from, o.to, o.team, o.roles,
			    o.dry);
		goto out;
	}
	/* one order or assignment and a worker; --at but to reassign */
	if (argc - optind != 2 || o.autom || o.team || o.roles ||
	    o.from != SVC_DISPATCH_NONE || o.to != SVC_DISPATCH_NONE ||
	    (!re && o.slot.start == SVC_DISPATCH_NONE)) {
		rc = svc_usage(ctx);
		goto out;
	}
	o.slot.worker = argv[optind + 1];
	if ((rc = open_plan(ctx, &d)))
		goto out;
	if (re ? svc_dispatch_reassign(d, argv[optind], &o.slot, &who, &id,
	    &err) : svc_dispatch_assign(d, argv[optind], &o.slot, &who, &id,
	    &err))
		rc = svc_fail(ctx, &err);
	else {
		if (notice.len)
			svc_warn(ctx, "%s", notice.p);
		fprintf(ctx->out, "%s\n", id.p);
	}
	ctx->dry_run = o.dry;
out:
	svc_dispatch_close(d);
	svc_buf_free(&o.lines);
	svc_buf_free(&id);
	svc_buf_free(&notice);
	return rc;
}

int
cmd_dispatch_assign(int argc, char **argv, struct svc_ctx *ctx)
{
	return assign_cmd(argc, argv, ctx, 0);
}

int
cmd_dispatch_reassign(int argc, char **argv, struct svc_ctx *ctx)
{
	return assign_cmd(argc, argv, ctx, 1);
}

struct unassign {
	struct svc_ctx *ctx;
	struct svc_dispatch *d;
	const char *note;
};

static int
unassign_one(void *arg, const char *what)
{
	struct unassign *u = arg;
	struct svc_actor who = svc_actor_of(u->ctx);
	struct svc_err err;
	int n;

	if (svc_dispatch_unassign(u->d, what, u->note, &who, &n, &err))
		return svc_fail(u->ctx, &err);
	return 0;
}

int
cmd_dispatch_unassign(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "note", required_argument, NULL, 'n' },
		{ "tsv", no_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	struct unassign u = { ctx, NULL, NULL };
	int opt, rc;

	while ((opt = svc_getopt(argc, argv, "t", opts, NULL)) != -1) {
		if (opt == 'n')
			u.note = optarg;
		else if (svc_output_opt(ctx, opt, optarg) != 1)
			return svc_usage(ctx);
	}
	if (optind >= argc)
		return svc_usage(ctx);
	if ((rc = open_plan(ctx, &u.d)))
		return rc;
	rc = svc_each_id(ctx, argc - optind, argv + optind, &svc_assignment_table,
	    unassign_one, &u);
	svc_dispatch_close(u.d);
	return rc;
}

/* --- suggest --- */

static const char *
yes_no(int v)
{
	return v > 0 ? "yes" : v == 0 ? "no" : "";
}

int
cmd_dispatch_suggest(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "top", required_argument, NULL, 'n' },
		{ "from", required_argument, NULL, 's' },
		{ "to", required_argument, NULL, 'e' },
		{ "team", required_argument, NULL, 'T' },
		OUTPUT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	static const char *const names[] = { "rank", "worker_id", "name",
		"eligible", "skills", "area", "active", "start_at", "end_at",
		"load_minutes", "preferred", "meets_deadline", "deadline" };
	static const enum svc_json_kind kinds[] = { SVC_JSON_NUMBER,
		SVC_JSON_STRING, SVC_JSON_STRING, SVC_JSON_BOOL, SVC_JSON_STRING,
		SVC_JSON_BOOL, SVC_JSON_BOOL, SVC_JSON_STRING, SVC_JSON_STRING,
		SVC_JSON_NUMBER, SVC_JSON_BOOL, SVC_JSON_BOOL, SVC_JSON_STRING };
	struct svc_dispatch *d = NULL;
	struct svc_candidate *c = NULL;
	struct svc_needs n = { 0 };
	struct svc_out *out = NULL;
	struct svc_err err;
	int64_t from = ctx->now, to = SVC_DISPATCH_NONE;
	const char *team = NULL;
	long top = 0;
	char *end;
	int opt, rc, nc, i;

	while ((opt = svc_getopt(argc, argv, "t", opts, NULL)) != -1) {
		switch (opt) {
		case 'n':
			top = strtol(optarg, &end, 10);
			if (top <= 0 || *end) {
				svc_warn(ctx, "--top: want a number above 0");
				return SVC_EUSAGE;
			}
			break;
		case 's':
			if ((rc = svc_time_arg(ctx, "--from", optarg, &from)))
				return rc;
			break;
		case 'e':
			if ((rc = svc_time_arg(ctx, "--to", optarg, &to)))
				return rc;
			break;
		case 'T':
			team = optarg;
			break;
		default:
			if ((rc = svc_output_opt(ctx, opt, optarg)) != 1)
				return rc < 0 ? SVC_EUSAGE : svc_usage(ctx);
		}
	}
	if (argc - optind != 1)
		return svc_usage(ctx);
	if ((rc = open_plan(ctx, &d)))
		return rc;
	if (svc_dispatch_needs(d, argv[optind], &n, &err)) {
		rc = svc_fail(ctx, &err);
		goto out;
	}
	if (!n.open) {
		svc_warn(ctx, "order '%s' is not open for dispatch (cancelled, "
		    "signed off, posted or completed)", n.order);
		rc = SVC_EDATA;
		goto out;
	}
	if (to == SVC_DISPATCH_NONE)
		to = from + 28 * 86400;	/* four weeks ahead */
	if (to <= from) {
		svc_warn(ctx, "--to must be after --from");
		rc = SVC_EUSAGE;
		goto out;
	}
	if (team && (rc = svc_filter_names(ctx, "--team", &svc_team_table,
	    team)))
		goto out;
	if (svc_dispatch_candidates(d, &n, from, to, team, NULL, 1, &c, &nc,
	    &err)) {
		rc = svc_fail(ctx, &err);
		goto out;
	}
	if (!(out = svc_out_ctx(ctx, names, kinds, 13))) {
		rc = SVC_ESYSTEM;
		goto out;
	}
	for (i = 0; i < nc && (!top || i < top) && !rc; i++) {
		char rank[16], sk[32], load[24], s[SVC_DATETIME_MAX],
		    e[SVC_DATETIME_MAX], dl[SVC_DATETIME_MAX];
		const char *v[13];

		snprintf(rank, sizeof rank, "%d", i + 1);
		snprintf(sk, sizeof sk, "%d/%d", c[i].skills_matched,
		    c[i].skills_needed);
		when(c[i].start, s);
		when(c[i].end, e);
		snprintf(load, sizeof load, "%lld", (long long)c[i].load);
		when(n.deadline, dl);
		v[0] = rank;
		v[1] = c[i].worker;
		v[2] = c[i].name;
		v[3] = yes_no(c[i].fails == 0);
		v[4] = sk;
		v[5] = yes_no(!(c[i].fails & SVC_FAIL_AREA));
		v[6] = yes_no(!(c[i].fails & SVC_FAIL_INACTIVE));
		v[7] = s;
		v[8] = e;
		v[9] = c[i].start == SVC_DISPATCH_NONE ? "" : load;
		v[10] = yes_no(c[i].preferred);
		v[11] = yes_no(c[i].meets);
		v[12] = dl;
		rc = svc_out_row(out, v, NULL);
	}
	i = svc_out_end(out);
	rc = rc ? rc : i;
out:
	free(c);
	svc_dispatch_needs_free(&n);
	svc_dispatch_close(d);
	return rc;
}

/* --date and --days of board and mine: *taken = 1 when opt was one of
 * them; 0 or a usage status. */
static int
day_opts(struct svc_ctx *ctx, int opt, const char *arg, int64_t *day,
    long *days, int *taken)
{
	char *end;

	*taken = opt == 'D' || opt == 'n';
	if (opt == 'D')
		return svc_day_arg(ctx, "--date", arg, day) ? SVC_EUSAGE : 0;
	if (opt == 'n') {
		*days = strtol(arg, &end, 10);
		if (*days >= 1 && *days <= 366 && !*end)
			return 0;
		svc_warn(ctx, "--days: want 1 to 366");
		return SVC_EUSAGE;
	}
	return 0;
}

/* --- the board --- */

#define BOARD_LABEL 14
#define BOARD_CELLS 64

struct board {
	struct svc_ctx *ctx;
	struct svc_dispatch *d;
	const struct svc_calendar *zone;	/* the board's time zone */
	struct svc_calendar *own;
	const char *team;
	struct svc_out *csv;
};

/* The short label of an order on a bar: its number without the prefix
 * and leading zeros ("SO-000012" -> "12"). */
static const char *
short_id(const char *id)
{
	const char *p = strrchr(id, '-');

	p = p ? p + 1 : id;
	while (*p == '0' && p[1])
		p++;
	return p;
}

static void
bar(char *cells, int c0, int c1, const char *label)
{
	int i, n = c1 - c0, k = (int)strlen(label), at = c0;

	for (i = c0; i < c1; i++)
		cells[i] = '=';
	if (n >= k + 2) {
		cells[c0] = '[';
		cells[c1 - 1] = ']';
		at = c0 + 1;
	}
	for (i = 0; i < k && at + i < c1; i++)
		cells[at + i] = label[i];
}

/* The wall-clock minute of the board's day at instant t, 0 before the
 * day and 1440 after it (on a day with a DST change, elapsed time and
 * the clock differ by an hour). */
static int
local_minute(const struct svc_calendar *zone, int64_t day, int64_t t)
{
	char buf[24];

	if (t <= svc_calendar_instant(zone, day, 0))
		return 0;
	if (t >= svc_calendar_instant(zone, day + 1, 0))
		return 24 * 60;
	svc_calendar_local(zone, t, buf);
	return atoi(buf + 11) * 60 + atoi(buf + 14);
}

/* The working hours shown: the first and last hour any shown worker
 * works that day, or holds an assignment; 8 to 17 when none. */
static void
hours_of(struct board *b, int64_t day, int64_t d0, int64_t d1, int *h0,
    int *h1)
{
	const char *id, *name, *team;
	int i, active, lo = 24 * 60, hi = 0;
	int64_t s, e, t;

	for (i = 0; (id = svc_dispatch_worker(b->d, i, &name, &team, &active));
	    i++) {
		const struct svc_calendar *cal;
		struct svc_booking *bk;
		struct svc_err err;
		int n, k;

		if (b->team && strcmp(team, b->team))
			continue;
		cal = svc_dispatch_calendar(b->d, id);
		for (t = d0; svc_calendar_next_span(cal, t, d1, &s, &e); t = e) {
			if (local_minute(b->zone, day, s) < lo)
				lo = local_minute(b->zone, day, s);
			if (local_minute(b->zone, day, e) > hi)
				hi = local_minute(b->zone, day, e);
		}
		if (svc_dispatch_bookings(b->d, id, d0, d1, &bk, &n, &err) == 0) {
			for (k = 0; k < n; k++) {
				if (local_minute(b->zone, day, bk[k].start) < lo)
					lo = local_minute(b->zone, day, bk[k].start);
				if (local_minute(b->zone, day, bk[k].end) > hi)
					hi = local_minute(b->zone, day, bk[k].end);
			}
			free(bk);
		}
	}
	if (lo >= hi) {
		*h0 = 8;
		*h1 = 17;
		return;
	}
	*h0 = lo / 60;
	*h1 = (hi + 59) / 60;
	if (*h1 > 24)
		*h1 = 24;
}

/* A row of the board: the order's priority and SLA status from n when
 * given, its id from order else. */
static int
csv_row(struct board *b, const char *date, const char *worker,
    const char *kind, int64_t s, int64_t e, const struct svc_needs *n,
    const char *order, const char *assignment)
{
	char st[SVC_DATETIME_MAX], en[SVC_DATETIME_MAX];
	const char *v[9];

	when(s, st);
	when(e, en);
	v[0] = date;
	v[1] = worker;
	v[2] = kind;
	v[3] = st;
	v[4] = en;
	v[5] = n ? n->order : order ? order : "";
	v[6] = assignment ? assignment : "";
	v[7] = n ? priority_names[n->priority] : "";
	v[8] = n && n->has_sla ? svc_sla_status_name(n->sla) : "";
	return svc_out_row(b->csv, v, NULL);
}

static int
board_day(struct board *b, int64_t day)
{
	FILE *out = b->ctx->out;
	int64_t d0 = svc_calendar_instant(b->zone, day, 0);
	int64_t d1 = svc_calendar_instant(b->zone, day + 1, 0);
	int64_t t;
	const char *id, *name, *team;
	char date[16], cells[BOARD_CELLS + 1], label[BOARD_LABEL + 1];
	int h0, h1, k, ncells, i, c, active, rc = 0, cellmin;
	struct svc_err err;

	svc_date_format(day, date);
	hours_of(b, day, d0, d1, &h0, &h1);
	k = BOARD_CELLS / (h1 - h0);
	if (k > 6)
		k = 6;
	if (k < 1)
		k = 1;
	ncells = k * (h1 - h0);
	if (ncells > BOARD_CELLS)
		ncells = BOARD_CELLS;
	cellmin = 60 / k;
	if (!b->csv) {
		fprintf(out, "%s %s (%s)\n", date,
		    (const char *[]){ "Thursday", "Friday", "Saturday", "Sunday",
		    "Monday", "Tuesday", "Wednesday" }[((day % 7) + 7) % 7],
		    svc_calendar_zone(b->zone));
		memset(cells, ' ', sizeof cells);
		for (i = h0; i < h1; i++) {
			c = (i - h0) * k;
			if (c + 1 < ncells || (c < ncells && k == 1)) {
				cells[c] = (char)('0' + i / 10);
				if (c + 1 < ncells)
					cells[c + 1] = (char)('0' + i % 10);
			}
		}
		cells[ncells] = '\0';
		for (i = ncells; i > 0 && cells[i - 1] == ' '; i--)
			cells[i - 1] = '\0';
		fprintf(out, "%*s %s\n", BOARD_LABEL, "", cells);
	}
	for (i = 0; (id = svc_dispatch_worker(b->d, i, &name, &team, &active));
	    i++) {
		const struct svc_calendar *cal = svc_dispatch_calendar(b->d, id);
		struct svc_booking *bk = NULL;
		char local[24];
		int64_t wday;
		int n, j, off;

		if (b->team && strcmp(team, b->team))
			continue;
		if ((rc = svc_dispatch_bookings(b->d, id, d0, d1, &bk, &n, &err)))
			return svc_fail(b->ctx, &err);
		svc_calendar_local(cal, d0 + 12 * 3600, local);
		local[10] = '\0';
		off = !svc_date_parse(local, 10, &wday) &&
		    svc_calendar_day_listed(cal, wday);
		if (b->csv) {
			if (off)
				rc = csv_row(b, date, id, "off", d0, d1, NULL, NULL,
				    NULL);
			for (j = 0; j < n && !rc; j++) {
				struct svc_needs nd;
				int64_t ts = 0, te = 0;

				if ((j && svc_dispatch_travel(b->d, &bk[j - 1], &bk[j],
				    &ts, &te, &err)) ||
				    svc_dispatch_needs(b->d, bk[j].order, &nd, &err)) {
					free(bk);
					return svc_fail(b->ctx, &err);
				}
				if (j && ts < te)
					rc = csv_row(b, date, id, "travel", ts, te, NULL,
					    bk[j].order, bk[j].id);
				if (!rc)
					rc = csv_row(b, date, id, "assignment",
					    bk[j].start, bk[j].end, &nd, NULL, bk[j].id);
				svc_dispatch_needs_free(&nd);
			}
			free(bk);
			if (rc)
				return rc;
			continue;
		}
		for (c = 0; c < ncells; c++) {
			int64_t s, e;

			t = svc_calendar_instant(b->zone, day, h0 * 60 + c * cellmin);
			cells[c] = svc_calendar_next_span(cal, t,
			    svc_calendar_instant(b->zone, day,
			    h0 * 60 + (c + 1) * cellmin), &s,
			    &e) ? '.' : off ? '#' : ' ';
		}
		cells[ncells] = '\0';
		/* the travel to each job from the one before, under the bars */
		for (j = 1; j < n; j++) {
			int64_t ts, te, c0, c1;

			if (svc_dispatch_travel(b->d, &bk[j - 1], &bk[j], &ts, &te,
			    &err)) {
				free(bk);
				return svc_fail(b->ctx, &err);
			}
			if (ts >= te)
				continue;
			c0 = (local_minute(b->zone, day, ts) - h0 * 60) / cellmin;
			c1 = (local_minute(b->zone, day, te) - h0 * 60 + cellmin -
			    1) / cellmin;
			for (c = c0 < 0 ? 0 : (int)c0; c < c1 && c < ncells; c++)
				cells[c] = '~';
		}
		for (j = 0; j < n; j++) {
			struct svc_needs nd;
			char lab[96];
			int64_t c0, c1;

			if (svc_dispatch_needs(b->d, bk[j].order, &nd, &err)) {
				free(bk);
				return svc_fail(b->ctx, &err);
			}
			snprintf(lab, sizeof lab, "%s%s%s",
			    nd.priority == 0 ? "!" : "", short_id(nd.order),
			    nd.has_sla && (nd.sla == SVC_SLA_AT_RISK ||
			    nd.sla == SVC_SLA_BREACHED) ? "*" : "");
			svc_dispatch_needs_free(&nd);
			c0 = (local_minute(b->zone, day, bk[j].start) - h0 * 60) /
			    cellmin;
			c1 = (local_minute(b->zone, day, bk[j].end) - h0 * 60 +
			    cellmin - 1) / cellmin;
			if (c0 < 0)
				c0 = 0;
			if (c1 > ncells)
				c1 = ncells;
			if (c1 > c0)
				bar(cells, (int)c0, (int)c1, lab);
		}
		free(bk);
		snprintf(label, sizeof label, "%s %s", id, name);
		fprintf(out, "%-*s|%s|\n", BOARD_LABEL, label, cells);
	}
	return 0;
}

static int
board_unassigned(struct board *b, int64_t before)
{
	struct svc_needs *n;
	struct svc_err err;
	int count, i, rc = 0;

	if (svc_dispatch_unassigned(b->d, before, &n, &count, &err))
		return svc_fail(b->ctx, &err);
	if (!b->csv)
		fprintf(b->ctx->out, "\nunassigned orders, most urgent first: "
		    "%d\n", count);
	for (i = 0; i < count && !rc; i++) {
		char dl[32], local[24];

		if (b->csv) {
			rc = csv_row(b, "", "", "unassigned", n[i].pref_start,
			    n[i].pref_end, &n[i], NULL, NULL);
			continue;
		}
		/* when it is due: its SLA's deadline, else its preferred
		 * start, else its order date (and window) */
		if (n[i].deadline != SVC_DISPATCH_NONE) {
			svc_calendar_local(b->zone, n[i].deadline, local);
			snprintf(dl, sizeof dl, "due %s", local);
		} else if (n[i].pref_start != SVC_DISPATCH_NONE) {
			svc_calendar_local(b->zone, n[i].pref_start, local);
			snprintf(dl, sizeof dl, "at %s", local);
		} else if (n[i].due_from != SVC_DISPATCH_NONE) {
			char d1[11], d2[11];

			svc_date_format(n[i].due_from, d1);
			svc_date_format(n[i].due_to, d2);
			if (n[i].due_to != n[i].due_from)
				snprintf(dl, sizeof dl, "on %.5s..%.5s", d1 + 5,
				    d2 + 5);
			else
				snprintf(dl, sizeof dl, "on %s", d1);
		} else
			snprintf(dl, sizeof dl, "no date");
		{
			char line[1024];

			/* cut to the 80 columns of the board */
			snprintf(line, sizeof line, "  %-10s %-6s %-20s %3lld min  "
			    "%s%s%s%s%s", n[i].order, priority_names[n[i].priority],
			    dl, (long long)n[i].minutes, n[i].has_sla &&
			    (n[i].sla == SVC_SLA_AT_RISK ||
			    n[i].sla == SVC_SLA_BREACHED) ? "* " : "",
			    n[i].skills[0] ? "skills " : "", n[i].skills,
			    n[i].area[0] ? (n[i].skills[0] ? ", area " :
			    "area ") : "", n[i].area);
			fprintf(b->ctx->out, "%.80s\n", line);
		}
	}
	svc_dispatch_needs_free_all(n, count);
	return rc;
}

int
cmd_dispatch_board(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "date", required_argument, NULL, 'D' },
		{ "days", required_argument, NULL, 'n' },
		{ "team", required_argument, NULL, 'T' },
		OUTPUT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	static const char *const names[] = { "date", "worker_id", "kind",
		"start_at", "end_at", "order_id", "assignment_id", "priority",
		"sla_status" };
	struct board b = { ctx, NULL, NULL, NULL, NULL, NULL };
	struct svc_err err;
	char used[72];
	int64_t day = 0, i;
	long days = 1;
	int opt, rc = 0, rc2, csv, day_given = 0, taken;

	while ((opt = svc_getopt(argc, argv, "t", opts, NULL)) != -1) {
		if ((rc = day_opts(ctx, opt, optarg, &day, &days, &taken)))
			return rc;
		day_given |= opt == 'D';
		if (taken)
			continue;
		switch (opt) {
		case 'T':
			b.team = optarg;
			break;
		default:
			if ((rc = svc_output_opt(ctx, opt, optarg)) != 1)
				return rc < 0 ? SVC_EUSAGE : svc_usage(ctx);
			rc = 0;
		}
	}
	if (optind != argc)
		return svc_usage(ctx);
	if (b.team && (rc = svc_filter_names(ctx, "--team", &svc_team_table,
	    b.team)))
		return rc;
	/* text unless a format was asked for */
	csv = ctx->format_given;
	if ((rc = open_plan(ctx, &b.d)))
		return rc;
	if (svc_calendar_or_default(ctx->txn, NULL, used, &b.own, &err)) {
		rc = svc_fail(ctx, &err);
		goto out;
	}
	b.zone = b.own;
	if (!day_given)
		day = svc_calendar_day(b.zone, ctx->now);
	if (csv && !(b.csv = svc_out_ctx(ctx, names, NULL,
	    9))) {
		rc = SVC_ESYSTEM;
		goto out;
	}
	for (i = 0; i < days && !rc; i++) {
		if (i && !csv)
			fputc('\n', ctx->out);
		rc = board_day(&b, day + i);
	}
	if (!rc)
		rc = board_unassigned(&b, svc_calendar_instant(b.zone, day + days,
		    0));
	if (!rc && !csv)
		fprintf(ctx->out, "\n[!12*] order ...12: ! high priority, * SLA "
		    "at risk; . working, # off, ~ travel\n");
	if (b.csv) {
		rc2 = svc_out_end(b.csv);
		rc = rc ? rc : rc2;
	}
out:
	svc_calendar_free(b.own);
	svc_dispatch_close(b.d);
	return rc;
}

/* --- mine --- */

struct me {
	char worker[72];
	int found;
};

static int
me_row(void *arg, struct svc_row *row)
{
	struct me *m = arg;

	snprintf(m->worker, sizeof m->worker, "%.*s",
	    (int)row->f[WORKER_id].n, row->f[WORKER_id].p);
	m->found++;
	return 0;
}

/* What a technician needs of an order on the way: the customer's name
 * and phone, the order's address and description, its tasks ("TASK:
 * description; ..."). */
struct visit {
	struct svc_txn *txn;
	struct svc_buf name, address, phone, description, tasks;
};

static int
field_to(struct svc_buf *b, const struct svc_row *row, int c)
{
	const struct svc_field *f = &row->f[c];

	return f->null ? 0 : svc_buf_add(b, f->p, f->n);
}

static int
visit_task(void *arg, struct svc_row *row)
{
	struct visit *v = arg;
	const struct svc_field *id = &row->f[ORDER_TASK_task_id];
	struct svc_row task;
	struct svc_err err;
	int found = 0, rc;

	svc_row_init(&task, &svc_task_table);
	rc = svc_table_get(v->txn, &svc_task_table, id->p, id->n, &task,
	    &found, &err);
	if (!rc && ((v->tasks.len && svc_buf_add(&v->tasks, "; ", 2) < 0) ||
	    svc_buf_add(&v->tasks, id->p, id->n) < 0 ||
	    (found && !task.f[TASK_description].null &&
	    (svc_buf_add(&v->tasks, ": ", 2) < 0 ||
	    field_to(&v->tasks, &task, TASK_description) < 0))))
		rc = SVC_ESYSTEM;
	svc_row_free(&task);
	return rc;
}

static int
visit_of(struct visit *v, const char *order, struct svc_err *err)
{
	struct svc_row ord, cust;
	int rc, found = 0;

	v->name.len = v->address.len = v->phone.len = 0;
	v->description.len = v->tasks.len = 0;
	svc_row_init(&ord, &svc_order_table);
	svc_row_init(&cust, &svc_customer_table);
	if ((rc = svc_table_must_load(v->txn, &svc_order_table, order, &ord,
	    err)))
		goto out;
	if (!ord.f[ORDER_customer_id].null && (rc = svc_table_get(v->txn,
	    &svc_customer_table, ord.f[ORDER_customer_id].p,
	    ord.f[ORDER_customer_id].n, &cust, &found, err)))
		goto out;
	if ((found && (field_to(&v->name, &cust, CUSTOMER_name) < 0 ||
	    field_to(&v->phone, &cust, CUSTOMER_phone) < 0)) ||
	    field_to(&v->address, &ord, ORDER_address) < 0 ||
	    field_to(&v->description, &ord, ORDER_description) < 0) {
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	rc = svc_table_scan_where(v->txn, &svc_order_task_table,
	    ORDER_TASK_order_id, "=", order, visit_task, v, err);
	if (!rc && (svc_buf_addc(&v->name, 0) < 0 ||
	    svc_buf_addc(&v->address, 0) < 0 ||
	    svc_buf_addc(&v->phone, 0) < 0 ||
	    svc_buf_addc(&v->description, 0) < 0 ||
	    svc_buf_addc(&v->tasks, 0) < 0))
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
out:
	svc_row_free(&ord);
	svc_row_free(&cust);
	return rc;
}

int
cmd_dispatch_mine(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "date", required_argument, NULL, 'D' },
		{ "days", required_argument, NULL, 'n' },
		{ "worker", required_argument, NULL, 'w' },
		OUTPUT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	static const char *const names[] = { "assignment_id", "order_id",
		"start_at", "end_at", "minutes", "customer_id", "priority",
		"sla_status", "deadline", "skills", "area", "customer_name",
		"address", "phone", "description", "tasks" };
	static const enum svc_json_kind kinds[] = { SVC_JSON_STRING,
		SVC_JSON_STRING, SVC_JSON_STRING, SVC_JSON_STRING,
		SVC_JSON_NUMBER, SVC_JSON_STRING, SVC_JSON_STRING,
		SVC_JSON_STRING, SVC_JSON_STRING, SVC_JSON_SKILLS,
		SVC_JSON_STRING, SVC_JSON_STRING, SVC_JSON_STRING,
		SVC_JSON_STRING, SVC_JSON_STRING, SVC_JSON_STRING };
	struct visit vis = { ctx->txn, SVC_BUF_INIT, SVC_BUF_INIT,
		SVC_BUF_INIT, SVC_BUF_INIT, SVC_BUF_INIT };
	struct svc_dispatch *d = NULL;
	struct svc_booking *bk = NULL;
	struct svc_out *out = NULL;
	struct svc_err err;
	struct me m = { "", 0 };
	const char *worker = NULL;
	const struct svc_calendar *cal;
	int64_t day = 0;
	long days = 1;
	int opt, rc = 0, n, j, day_given = 0, taken;

	while ((opt = svc_getopt(argc, argv, "t", opts, NULL)) != -1) {
		if ((rc = day_opts(ctx, opt, optarg, &day, &days, &taken)))
			return rc;
		day_given |= opt == 'D';
		if (taken)
			continue;
		switch (opt) {
		case 'w':
			worker = optarg;
			break;
		default:
			if ((rc = svc_output_opt(ctx, opt, optarg)) != 1)
				return rc < 0 ? SVC_EUSAGE : svc_usage(ctx);
			rc = 0;
		}
	}
	if (optind != argc)
		return svc_usage(ctx);
	if (worker && (strcmp(ctx->role, "technician") == 0 ||
	    strcmp(ctx->role, "consultant") == 0)) {
		svc_warn(ctx, "user '%s' is a %s: --worker is for managers and "
		    "dispatchers (without it: your own assignments)", ctx->user,
		    ctx->role);
		return SVC_EPERM;
	}
	if (!worker) {
		struct svc_filter f;
		char expr[128];

		snprintf(expr, sizeof expr, "%s=%s",
		    svc_worker_table.cols[WORKER_user].name, ctx->user);
		if (svc_filter_parse(&svc_worker_table, expr, &f, &err))
			return svc_fail(ctx, &err);
		rc = svc_table_scan(ctx->txn, &svc_worker_table, &f, 1, me_row, &m, &err);
		svc_filter_free(&f);
		if (rc)
			return svc_fail(ctx, &err);
		if (m.found != 1) {
			if (m.found)
				svc_warn(ctx, "%d workers have user '%s'", m.found,
				    ctx->user);
			else
				svc_warn(ctx, "no worker has user '%s' (svc worker "
				    "set WORKER --user %s, or --worker)", ctx->user,
				    ctx->user);
			return SVC_ENOTFOUND;
		}
		worker = m.worker;
	}
	if ((rc = open_plan(ctx, &d)))
		return rc;
	if (!(cal = svc_dispatch_calendar(d, worker))) {
		svc_warn(ctx, "no worker '%s'", worker);
		rc = SVC_ENOTFOUND;
		goto out;
	}
	if (!day_given)
		day = svc_calendar_day(cal, ctx->now);
	if (svc_dispatch_bookings(d, worker, svc_calendar_instant(cal, day, 0),
	    svc_calendar_instant(cal, day + days, 0), &bk, &n, &err)) {
		rc = svc_fail(ctx, &err);
		goto out;
	}
	if (!(out = svc_out_ctx(ctx, names, kinds, 16))) {
		rc = SVC_ESYSTEM;
		goto out;
	}
	for (j = 0; j < n && !rc; j++) {
		struct svc_needs nd;
		char s[SVC_DATETIME_MAX], e[SVC_DATETIME_MAX], mins[24];
		char dl[SVC_DATETIME_MAX];
		const char *v[16];

		if (visit_of(&vis, bk[j].order, &err) ||
		    svc_dispatch_needs(d, bk[j].order, &nd, &err)) {
			rc = svc_fail(ctx, &err);
			break;
		}
		when(bk[j].start, s);
		when(bk[j].end, e);
		when(nd.deadline, dl);
		snprintf(mins, sizeof mins, "%lld", (long long)bk[j].minutes);
		v[0] = bk[j].id;
		v[1] = bk[j].order;
		v[2] = s;
		v[3] = e;
		v[4] = mins;
		v[5] = nd.customer;
		v[6] = priority_names[nd.priority];
		v[7] = nd.has_sla ? svc_sla_status_name(nd.sla) : "";
		v[8] = dl;
		v[9] = nd.skills;
		v[10] = nd.area;
		v[11] = vis.name.p;
		v[12] = vis.address.p;
		v[13] = vis.phone.p;
		v[14] = vis.description.p;
		v[15] = vis.tasks.p;
		rc = svc_out_row(out, v, NULL);
		svc_dispatch_needs_free(&nd);
	}
	j = svc_out_end(out);
	rc = rc ? rc : j;
out:
	svc_buf_free(&vis.name);
	svc_buf_free(&vis.address);
	svc_buf_free(&vis.phone);
	svc_buf_free(&vis.description);
	svc_buf_free(&vis.tasks);
	free(bk);
	svc_dispatch_close(d);
	return rc;
}

/* --- list, and svc order list --unassigned --- */

int
cmd_dispatch_list(int argc, char **argv, struct svc_ctx *ctx)
{
	ctx->table = &svc_assignment_table;
	return cmd_table_list(argc, argv, ctx);
}

static int
keep_unassigned(void *arg, struct svc_row *row, struct svc_err *err)
{
	struct svc_needs n;
	const char *id;
	int keep;

	if (!(id = svc_row_text(row, ORDER_id)))
		return -svc_err_set(err, SVC_ESYSTEM, "out of memory");
	if (svc_dispatch_needs(arg, id, &n, err))
		return -err->status;
	keep = n.open && !n.assigned;
	svc_dispatch_needs_free(&n);
	return keep;
}

int
svc_dispatch_list_filter(struct svc_ctx *ctx, struct svc_dispatch **d)
{
	int rc;

	if ((rc = open_plan(ctx, d)))
		return rc;
	ctx->keep = keep_unassigned;
	ctx->keep_arg = *d;
	return 0;
}
