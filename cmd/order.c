/* order.c - the verbs of service orders: create, line, stage, sign, post, list, show, import, export, print */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/access.h"
#include "../lib/bom.h"
#include "../lib/buf.h"
#include "../lib/date.h"
#include "../lib/money.h"
#include "../lib/order.h"
#include "../lib/table.h"
#include "../lib/dispatch.h"
#include "../lib/repair.h"
#include "cmd.h"


int
cmd_order_create(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option extra[] = {
		{ "object", required_argument, NULL, 'o' },
		{ "task", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 }
	};
	struct svc_relations r = { NULL, NULL, 0, 0 };
	struct svc_actor who = svc_actor_of(ctx);
	struct svc_buf id = SVC_BUF_INIT;
	struct svc_texts in;
	struct svc_err err;
	int first, rc;

	first = svc_column_args(ctx, &svc_order_table, argc, argv, &in, extra,
	    svc_add_relation, &r);
	if (first < 0)
		rc = SVC_EUSAGE;
	else if (first < argc)
		rc = svc_usage(ctx);
	else if ((rc = svc_order_create(ctx->txn, &in, r.objects, r.nobjects,
	    r.tasks, r.ntasks, 0, &who, &id, &err)))
		rc = svc_fail(ctx, &err);
	else
		fprintf(ctx->out, "%s\n", id.p);
	free(r.objects);
	free(r.tasks);
	svc_buf_free(&id);
	return rc;
}

struct order_setter {
	const struct svc_texts *in;
	struct svc_txn *txn;
	struct svc_actor who;
};

static int
order_set_one(void *arg, const char *order, struct svc_err *err)
{
	struct order_setter *s = arg;

	return svc_order_set(s->txn, order, s->in, &s->who, err);
}

/* svc order set ORDER... (or - for ids on stdin) --COLUMN VALUE...:
 * every order, or none. */
int
cmd_order_set(int argc, char **argv, struct svc_ctx *ctx)
{
	struct svc_texts in;
	struct order_setter s = { &in, ctx->txn, svc_actor_of(ctx) };
	int first;

	if ((first = svc_column_args(ctx, &svc_order_table, argc, argv, &in,
	    NULL, NULL, NULL)) < 0)
		return SVC_EUSAGE;
	if (first >= argc)
		return svc_usage(ctx);
	return svc_each_id_all(ctx, argc - first, argv + first,
	    &svc_order_table, order_set_one, &s);
}

/* --- operations on orders named by arguments or on stdin --- */

struct each {
	struct svc_ctx *ctx;
	const char *to, *reason, *note;
	int64_t line, through;
	int posted, orders, quiet;
	const char *force;	/* sign --force CODE */
	const char *by;		/* sign --by NAME */
	struct svc_out *out;
	int (*op)(struct each *e, const char *order, struct svc_err *err);
};

static int
each_order(void *arg, const char *id)
{
	struct each *e = arg;
	struct svc_err err;
	int rc = e->op(e, id, &err);

	return rc ? svc_fail(e->ctx, &err) : 0;
}

/* Runs e->op on every order named after the options (or "-"). */
static int
for_orders(struct svc_ctx *ctx, int argc, char **argv, struct each *e)
{
	if (optind >= argc)
		return svc_usage(ctx);
	e->ctx = ctx;
	return svc_each_id(ctx, argc - optind, argv + optind, &svc_order_table,
	    each_order, e);
}

static int
op_stage(struct each *e, const char *order, struct svc_err *err)
{
	struct svc_actor who = svc_actor_of(e->ctx);
	int rc;

	if ((rc = svc_access_order(e->ctx->txn, e->ctx->user, e->ctx->role,
	    order, NULL, err)))
		return rc;
	return svc_order_stage(e->ctx->txn, order, e->to, e->reason, e->note,
	    &who, err);
}

static int
op_cancel(struct each *e, const char *order, struct svc_err *err)
{
	struct svc_actor who = svc_actor_of(e->ctx);

	return svc_order_cancel(e->ctx->txn, order, e->reason, e->note, &who,
	    err);
}

static int
op_revoke(struct each *e, const char *order, struct svc_err *err)
{
	struct svc_actor who = svc_actor_of(e->ctx);

	return svc_order_revoke(e->ctx->txn, order, &who, err);
}

static int
op_delete(struct each *e, const char *order, struct svc_err *err)
{
	return svc_order_delete(e->ctx->txn, order, err);
}

static int
op_sign(struct each *e, const char *order, struct svc_err *err)
{
	struct svc_actor who = svc_actor_of(e->ctx);
	int rc;

	if ((rc = svc_access_order(e->ctx->txn, e->ctx->user, e->ctx->role,
	    order, NULL, err)))
		return rc;
	return svc_order_sign(e->ctx->txn, order, e->line, e->reason,
	    e->force, e->by, &who, err);
}

static int
op_post(struct each *e, const char *order, struct svc_err *err)
{
	struct svc_actor who = svc_actor_of(e->ctx);
	char num[24];
	const char *v[2];
	size_t n[2];
	int posted, rc;

	/* posting everything: orders with nothing to post are passed over */
	rc = svc_order_post(e->ctx->txn, order, e->through, e->quiet, &who,
	    &posted, err);
	if (rc || posted == 0)
		return rc;
	snprintf(num, sizeof num, "%d", posted);
	v[0] = order;
	v[1] = num;
	n[0] = strlen(order);
	n[1] = strlen(num);
	e->posted += posted;
	e->orders++;
	return svc_out_row(e->out, v, n);
}

static const struct option reason_opts[] = {
	{ "reason", required_argument, NULL, 'r' },
	{ "note", required_argument, NULL, 'n' },
	{ NULL, 0, NULL, 0 }
};

/* Options of the verbs that take a reason and a note. */
static int
reason_args(struct svc_ctx *ctx, int argc, char **argv, struct each *e)
{
	int opt;

	while ((opt = svc_getopt(argc, argv, "t", reason_opts, NULL)) != -1) {
		if (opt == 'r')
			e->reason = optarg;
		else if (opt == 'n')
			e->note = optarg;
		else if (svc_output_opt(ctx, opt, optarg) != 1)
			return svc_usage(ctx);
	}
	return 0;
}

int
cmd_order_stage(int argc, char **argv, struct svc_ctx *ctx)
{
	struct each e = { .op = op_stage };
	int rc;

	if ((rc = reason_args(ctx, argc, argv, &e)))
		return rc;
	if (optind + 2 > argc)
		return svc_usage(ctx);
	/* the last operand is where to: next, prev or a stage */
	e.to = argv[--argc];
	return for_orders(ctx, argc, argv, &e);
}

/* The verbs that do one thing to each order named. */
static int
order_each(int argc, char **argv, struct svc_ctx *ctx,
    int (*op)(struct each *, const char *, struct svc_err *))
{
	struct each e = { .op = op };
	int rc;

	if ((rc = reason_args(ctx, argc, argv, &e)))
		return rc;
	return for_orders(ctx, argc, argv, &e);
}

int
cmd_order_cancel(int argc, char **argv, struct svc_ctx *ctx)
{
	return order_each(argc, argv, ctx, op_cancel);
}

int
cmd_order_revoke(int argc, char **argv, struct svc_ctx *ctx)
{
	return order_each(argc, argv, ctx, op_revoke);
}

int
cmd_order_delete(int argc, char **argv, struct svc_ctx *ctx)
{
	return order_each(argc, argv, ctx, op_delete);
}

static int
parse_line_number(struct svc_ctx *ctx, const char *s, int64_t *n)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < 1) {
		svc_warn(ctx, "bad line number '%s'", s);
		return SVC_EUSAGE;
	}
	*n = v;
	return 0;
}

int
cmd_order_sign(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "line", required_argument, NULL, 'l' },
		{ "reason", required_argument, NULL, 'r' },
		{ "force", required_argument, NULL, 'f' },
		{ "by", required_argument, NULL, 'b' },
		OUTPUT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct each e = { .op = op_sign };
	int opt, rc;

	while ((opt = svc_getopt(argc, argv, "tl:", opts, NULL)) != -1) {
		if (opt == 'l') {
			if ((rc = parse_line_number(ctx, optarg, &e.line)))
				return rc;
		} else if (opt == 'r')
			e.reason = optarg;
		else if (opt == 'f')
			e.force = optarg;
		else if (opt == 'b')
			e.by = optarg;
		else if (svc_output_opt(ctx, opt, optarg) != 1)
			return svc_usage(ctx);
	}
	if (e.line && argc - optind != 1) {
		svc_warn(ctx, "--line goes with one order");
		return SVC_EUSAGE;
	}
	return for_orders(ctx, argc, argv, &e);
}

struct postable {
	struct svc_buf ids;
};

static int
note_order(void *arg, struct svc_row *row)
{
	struct postable *p = arg;

	return svc_buf_add(&p->ids, row->f[0].p, row->f[0].n) < 0 ||
	    svc_buf_addc(&p->ids, 0) < 0 ? SVC_ESYSTEM : 0;
}

int
cmd_order_post(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "through", required_argument, NULL, 'T' },
		OUTPUT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	static const char *const names[] = { "order_id", "lines" };
	static const enum svc_json_kind kinds[] = { SVC_JSON_STRING,
		SVC_JSON_NUMBER };
	struct each e = { .op = op_post, .through = INT64_MAX };
	struct svc_err err;
	int opt, rc = 0, rc2;

	while ((opt = svc_getopt(argc, argv, "t", opts, NULL)) != -1) {
		if (opt == 'T') {
			if ((rc = svc_day_arg(ctx, "--through", optarg,
			    &e.through)))
				return rc;
		} else if (svc_output_opt(ctx, opt, optarg) != 1)
			return svc_usage(ctx);
	}
	if (!(e.out = svc_out_ctx(ctx, names, kinds, 2)))
		return SVC_ESYSTEM;
	e.ctx = ctx;
	if (optind < argc)
		rc = for_orders(ctx, argc, argv, &e);
	else {
		/* every order whose stage allows posting */
		struct postable p = { SVC_BUF_INIT };
		size_t at;

		e.quiet = 1;
		rc = svc_table_scan(ctx->txn, &svc_order_table, NULL, 0, note_order, &p,
		    &err);
		if (rc)
			rc = svc_fail(ctx, &err);
		for (at = 0; !rc && p.ids.p && at < p.ids.len;
		    at += strlen(p.ids.p + at) + 1)
			rc = each_order(&e, p.ids.p + at);
		svc_buf_free(&p.ids);
	}
	rc2 = svc_out_end(e.out);
	return rc ? rc : rc2;
}

/* --- lines --- */

/* svc order line add's option beyond the columns */
static int
line_add_opt(void *arg, int opt, char *optarg)
{
	(void)optarg;
	if (opt != 'B')
		return -1;
	*(unsigned *)arg |= SVC_ORDER_BILL_ANYWAY;
	return 0;
}

/* The type a line add or set gives, "" when none (for the rules by
 * row: a consultant's lines are hour or expense lines). */
static void
line_type(const struct svc_texts *in, char *type, size_t size)
{
	type[0] = '\0';
	if (in->given[ORDER_LINE_type] && in->s[ORDER_LINE_type])
		snprintf(type, size, "%.*s", (int)in->n[ORDER_LINE_type],
		    in->s[ORDER_LINE_type]);
}

static int
line_add(int argc, char **argv, struct svc_ctx *ctx, int unused)
{
	static const struct option extra[] = {
		{ "bill-anyway", no_argument, NULL, 'B' },
		{ NULL, 0, NULL, 0 }
	};
	struct svc_actor who = svc_actor_of(ctx);
	struct svc_texts in;
	struct svc_err err;
	const char *key;
	char type[32];
	unsigned flags = 0;
	int64_t line;
	int first;

	(void)unused;
	first = svc_column_args(ctx, &svc_order_line_table, argc, argv, &in,
	    extra, line_add_opt, &flags);
	if (first < 0)
		return SVC_EUSAGE;
	if (first + 1 != argc)
		return svc_usage(ctx);
	key = argv[first];
	line_type(&in, type, sizeof type);
	if (svc_access_order(ctx->txn, ctx->user, ctx->role, key,
	    type[0] ? type : NULL, &err) ||
	    svc_order_line_add(ctx->txn, key, &in, flags, &who, &line, &err))
		return svc_fail(ctx, &err);
	fprintf(ctx->out, "%s/%lld\n", key, (long long)line);
	return 0;
}

static int
line_set(int argc, char **argv, struct svc_ctx *ctx, int unused)
{
	struct svc_texts in;
	struct svc_err err;
	const char *key;
	char type[32];
	int rc;

	(void)unused;
	if ((rc = svc_operand_and_columns(ctx, &svc_order_line_table, argc, argv, &in,
	    &key)))
		return rc;
	line_type(&in, type, sizeof type);
	if (svc_access_line(ctx->txn, ctx->user, ctx->role, key,
	    type[0] ? type : NULL, &err) ||
	    svc_order_line_set(ctx->txn, key, &in, &err))
		return svc_fail(ctx, &err);
	return 0;
}

static int
line_cancel_revoke(int argc, char **argv, struct svc_ctx *ctx, int cancel)
{
	struct svc_actor who = svc_actor_of(ctx);
	struct each e = { 0 };
	struct svc_err err;
	int rc, i;

	if ((rc = reason_args(ctx, argc, argv, &e)))
		return rc;
	if (optind >= argc)
		return svc_usage(ctx);
	for (i = optind; i < argc; i++) {
		if (svc_access_line(ctx->txn, ctx->user, ctx->role, argv[i],
		    NULL, &err))
			return svc_fail(ctx, &err);
		rc = cancel ? svc_order_line_cancel(ctx->txn, argv[i], e.reason,
		    &who, &err) : svc_order_line_revoke(ctx->txn, argv[i], &who,
		    &err);
		if (rc)
			return svc_fail(ctx, &err);
	}
	return 0;
}

int
cmd_order_line(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct svc_subverb verbs[] = {
		{ "add", line_add, 0 },
		{ "set", line_set, 0 },
		{ "cancel", line_cancel_revoke, 1 },
		{ "revoke", line_cancel_revoke, 0 },
		{ NULL, NULL, 0 }
	};

	return svc_run_subverb(ctx, argc, argv, verbs);
}

int
cmd_order_move(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "to", required_argument, NULL, 'T' },
		{ NULL, 0, NULL, 0 }
	};
	const char *to = NULL;
	struct svc_err err;
	int64_t line;
	int opt, i;

	while ((opt = svc_getopt(argc, argv, "", opts, NULL)) != -1) {
		if (opt != 'T')
			return svc_usage(ctx);
		to = optarg;
	}
	if (!to || optind >= argc)
		return svc_usage(ctx);
	for (i = optind; i < argc; i++) {
		struct svc_actor who = svc_actor_of(ctx);

		if (svc_order_move(ctx->txn, argv[i], to, &who, &line, &err))
			return svc_fail(ctx, &err);
		fprintf(ctx->out, "%s/%lld\n", to, (long long)line);
	}
	return 0;
}

/* --- listings --- */

int
cmd_order_lines(int argc, char **argv, struct svc_ctx *ctx)
{
	int first = svc_output_args(ctx, argc, argv);

	if (first < 0)
		return -first;
	return svc_list_children(ctx, &svc_order_table, &svc_order_line_table,
	    argc - first, argv + first);
}

int
cmd_order_history(int argc, char **argv, struct svc_ctx *ctx)
{
	int first = svc_output_args(ctx, argc, argv);

	if (first < 0)
		return -first;
	if (first >= argc)
		return svc_usage(ctx);
	return svc_list_children(ctx, &svc_order_table, &svc_order_history_table,
	    argc - first, argv + first);
}

/* svc order list: the generic list, with the usual filters spelt out. */
/* The filters of order list that are computed, not stored (--sla,
 * --unassigned, the period): a row is kept when every one keeps it. */
struct keeps {
	int n;
	int (*fn[4])(void *, struct svc_row *, struct svc_err *);
	void *arg[4];
	int64_t from, to;	/* the period, days; INT64_MIN when open */
	int sla;		/* --sla given */
};

static int
keep_all(void *arg, struct svc_row *row, struct svc_err *err)
{
	struct keeps *k = arg;
	int i, rc;

	for (i = 0; i < k->n; i++)
		if ((rc = k->fn[i](k->arg[i], row, err)) != 1)
			return rc;
	return 1;
}

/* --from/--to: the orders due in the period, that is whose preferred
 * start (else order date) falls on one of its days (UTC). */
static int
keep_due(void *arg, struct svc_row *row, struct svc_err *err)
{
	struct keeps *k = arg;
	struct svc_field *ps = &row->f[ORDER_preferred_start_at];
	struct svc_field *od = &row->f[ORDER_order_date];
	int64_t day;

	(void)err;
	if (!ps->null)
		day = svc_date_of_instant(ps->i);
	else if (!od->null)
		day = od->i;
	else
		return 0;
	return (k->from == INT64_MIN || day >= k->from) &&
	    (k->to == INT64_MIN || day <= k->to);
}

/* --mine: the caller's orders (assigned, responsible or preferred). */
static int
keep_mine(void *arg, struct svc_row *row, struct svc_err *err)
{
	int mine, rc;

	if ((rc = svc_access_mine_has(arg, row, &mine, err)))
		return -rc;
	return mine;
}

/* The options of order list beyond the generic list's. */
struct order_list {
	struct svc_ctx *ctx;
	struct keeps keep;
	struct svc_dispatch *plan;
	struct svc_access_mine *mine;
};

enum { OL_FROM = 1, OL_TO, OL_MINE, OL_UNASSIGNED, OL_SLA };

static int
order_list_opt(void *arg, int opt, char *v)
{
	struct order_list *l = arg;
	struct svc_ctx *ctx = l->ctx;
	struct keeps *keep = &l->keep;
	struct svc_err err;
	int64_t day;
	int rc;

	switch (opt) {
	case 0:
		/* all read: the rows must pass every keep function */
		if (keep->from != INT64_MIN && keep->to != INT64_MIN &&
		    (rc = svc_day_range(ctx, keep->from, keep->to)))
			return rc;
		if (keep->from != INT64_MIN || keep->to != INT64_MIN) {
			keep->fn[keep->n] = keep_due;
			keep->arg[keep->n++] = keep;
		}
		if (keep->n > 1 || (keep->n == 1 &&
		    (keep->fn[0] == keep_due || keep->fn[0] == keep_mine))) {
			ctx->keep = keep_all;
			ctx->keep_arg = keep;
		}
		return 0;
	case OL_FROM:
	case OL_TO:
		if ((rc = svc_day_arg(ctx, opt == OL_FROM ? "--from" : "--to",
		    v, &day)))
			return rc;
		if (opt == OL_FROM)
			keep->from = day;
		else
			keep->to = day;
		return 0;
	case OL_MINE:
		if (l->mine)
			return 0;
		if ((rc = svc_access_mine_open(ctx->txn, ctx->user, &l->mine,
		    &err)))
			return svc_fail(ctx, &err);
		if (svc_access_mine_workers(l->mine) == 0)
			svc_warn(ctx, "no worker has user '%s' (svc worker "
			    "set WORKER --user %s): no order is yours",
			    ctx->user, ctx->user);
		keep->fn[keep->n] = keep_mine;
		keep->arg[keep->n++] = l->mine;
		return 0;
	case OL_UNASSIGNED:
		if (l->plan)
			return 0;
		if ((rc = svc_dispatch_list_filter(ctx, &l->plan)))
			return rc;
		keep->fn[keep->n] = ctx->keep;
		keep->arg[keep->n++] = ctx->keep_arg;
		return 0;
	case OL_SLA:
		if (keep->sla)
			return 0;
		if ((rc = svc_sla_list_filter(ctx, v)))
			return rc;
		keep->sla = 1;
		keep->fn[keep->n] = ctx->keep;
		keep->arg[keep->n++] = ctx->keep_arg;
		return 0;
	}
	return -1;
}

/* svc order list: the generic list (where --stage, --customer and
 * --agreement are the columns' options they begin), with the period,
 * --mine, --unassigned and --sla. */
int
cmd_order_list(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, OL_FROM },
		{ "to", required_argument, NULL, OL_TO },
		{ "mine", no_argument, NULL, OL_MINE },
		{ "unassigned", no_argument, NULL, OL_UNASSIGNED },
		{ "sla", required_argument, NULL, OL_SLA },
		{ NULL, 0, NULL, 0 }
	};
	struct order_list l;
	int rc;

	memset(&l, 0, sizeof l);
	l.ctx = ctx;
	l.keep.from = l.keep.to = INT64_MIN;
	rc = svc_list(ctx, argc, argv, opts, order_list_opt, &l);
	svc_dispatch_close(l.plan);
	svc_access_mine_close(l.mine);
	return rc;
}

/* --- flat import and export: one row per line with its order's columns --- */

static int
order_create_imported(struct svc_txn *txn, const struct svc_texts *in,
    const struct svc_actor *who, struct svc_buf *id, struct svc_err *err)
{
	return svc_order_create(txn, in, NULL, 0, NULL, 0, SVC_ORDER_IMPORT, who,
	    id, err);
}

static int
order_line_imported(struct svc_txn *txn, const char *order,
    const struct svc_texts *in, const struct svc_actor *who, int64_t *line,
    struct svc_err *err)
{
	return svc_order_line_add(txn, order, in, SVC_ORDER_IMPORT, who, line,
	    err);
}

/* Orders: progress, sign-off and currency follow from lines and the
 * customer; the stage tree must exist before the first order. */
static const int order_derived[] = { ORDER_progress, ORDER_signed_off,
	ORDER_currency, -1 };

static const struct svc_flat order_flat_spec = { &svc_order_table,
	&svc_order_line_table, order_derived, order_create_imported,
	order_line_imported, svc_stage_seed, svc_order_made_tables };

static int
order_flat(struct svc_ctx *ctx, int argc, char **argv, int import)
{
	return import ? svc_flat_import(ctx, &order_flat_spec, argc, argv) :
	    svc_flat_export(ctx, &order_flat_spec, argc, argv);
}

/* --- show: export's rows, or sections, or one JSON object --- */

int
cmd_order_show(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct svc_table *const parts[] = {
		&svc_order_line_table, &svc_order_object_table,
		&svc_order_task_table, &svc_order_history_table };
	static const char *const titles[] = { "lines", "objects", "tasks",
		"history" };
	static const struct svc_show spec = { &order_flat_spec, parts, titles,
		4 };

	return svc_show_with_parts(ctx, argc, argv, &spec);
}

int
cmd_order_export(int argc, char **argv, struct svc_ctx *ctx)
{
	return order_flat(ctx, argc, argv, 0);
}

int
cmd_order_import(int argc, char **argv, struct svc_ctx *ctx)
{
	return order_flat(ctx, argc, argv, 1);
}

/* --- print --- */

struct printer {
	struct svc_ctx *ctx;
	struct svc_out *out;
	int receipt;
	int64_t total;
	int too_large;		/* the total is more than an amount can be */
	int exp;
	int repairs;		/* repair lines printed */
	int parts;		/* parts replaced printed */
	struct svc_buf a, b;
};

/* Column col of row as svc list writes it, in b. */
static const char *
text_of(struct svc_row *row, int col, struct svc_buf *b)
{
	svc_buf_reset(b);
	svc_table_format(row->t, row, col, b);
	return b->p ? b->p : "";
}

static int
print_line(void *arg, struct svc_row *row)
{
	struct printer *p = arg;
	struct svc_buf v[6] = { SVC_BUF_INIT, SVC_BUF_INIT, SVC_BUF_INIT,
		SVC_BUF_INIT, SVC_BUF_INIT, SVC_BUF_INIT };
	const char *vals[6];
	size_t lens[6];
	int64_t amount = 0;
	char num[40];
	int i, rc;

	if (svc_field_is(&row->f[ORDER_LINE_status], "cancelled"))
		return 0;
	text_of(row, ORDER_LINE_line, &v[0]);
	text_of(row, ORDER_LINE_description, &v[1]);
	if (!v[1].len) {
		/* the item's or the category's description */
		struct svc_field *c = &row->f[ORDER_LINE_category_id];
		struct svc_field *it = &row->f[ORDER_LINE_item_id];
		const struct svc_table *t = it->null ? &svc_category_table :
		    &svc_item_table;
		struct svc_field *f = it->null ? c : it;
		struct svc_row src;
		struct svc_err err;
		int found;

		svc_row_init(&src, t);
		if (svc_table_get(p->ctx->txn, t, f->p, f->n, &src, &found,
		    &err) == 0 && found)
			text_of(&src, it->null ? CATEGORY_description :
			    ITEM_description, &v[1]);
		else
			svc_buf_add(&v[1], f->p, f->n);
		svc_row_free(&src);
	}
	text_of(row, ORDER_LINE_type, &v[2]);
	text_of(row, ORDER_LINE_quantity, &v[3]);
	if (p->receipt) {
		text_of(row, ORDER_LINE_sales_price, &v[4]);
		/* an amount too large to hold shows as 0 (it would not
		 * post either) */
		svc_order_amount(row->f[ORDER_LINE_quantity].i,
		    row->f[ORDER_LINE_sales_price].i, &amount);
		svc_fixed_format(amount, p->exp, num);
		svc_buf_adds(&v[5], num);
		if (svc_money_add(p->total, amount, &p->total))
			p->too_large = 1;
	}
	for (i = 0; i < 6; i++) {
		vals[i] = v[i].p ? v[i].p : "";
		lens[i] = v[i].len;
	}
	rc = svc_out_row(p->out, vals, lens);
	for (i = 0; i < 6; i++)
		svc_buf_free(&v[i]);
	return rc;
}

static int
print_relation(void *arg, struct svc_row *row)
{
	struct printer *p = arg;
	struct svc_row rel;
	struct svc_err err;
	int is_task = row->t == &svc_order_task_table;
	struct svc_field *f = &row->f[is_task ? ORDER_TASK_task_id :
	    ORDER_OBJECT_object_id];
	int found;

	svc_row_init(&rel, is_task ? &svc_task_table : &svc_object_table);
	if (svc_table_get(p->ctx->txn, rel.t, f->p, f->n, &rel, &found, &err))
		found = 0;
	fprintf(p->ctx->out, "  %.*s  %s", (int)f->n, f->p,
	    found ? text_of(&rel, is_task ? TASK_description :
	    OBJECT_description, &p->a) : "");
	if (found && !is_task && !rel.f[OBJECT_serial].null)
		fprintf(p->ctx->out, " (serial %s)", text_of(&rel, OBJECT_serial,
		    &p->a));
	fputc('\n', p->ctx->out);
	if (is_task && !row->f[ORDER_TASK_external_note].null)
		fprintf(p->ctx->out, "      %s\n", text_of(row,
		    ORDER_TASK_external_note, &p->a));
	svc_row_free(&rel);
	return 0;
}

/* The description of the code kind/id of column col of row ("" when
 * empty; the id itself when the code cannot be read), in b. */
static const char *
code_words(struct svc_txn *txn, struct svc_row *row, int col,
    const char *kind, struct svc_buf *b)
{
	struct svc_field *f = &row->f[col];
	struct svc_row code;
	struct svc_buf key = SVC_BUF_INIT;
	struct svc_err err;
	int found = 0;

	svc_buf_reset(b);
	if (f->null)
		return "";
	svc_row_init(&code, &svc_code_table);
	if (svc_buf_printf(&key, "%s/%.*s", kind, (int)f->n, f->p) >= 0 &&
	    svc_table_get(txn, &svc_code_table, key.p, key.len, &code, &found,
	    &err) == 0 && found)
		svc_table_format(code.t, &code, CODE_description, b);
	else
		svc_buf_add(b, f->p, f->n);
	svc_row_free(&code);
	svc_buf_free(&key);
	return b->p ? b->p : "";
}

/* A repair line in words: the object, then what was wrong, found and
 * done as the code lists describe them. */
static int
print_repair(void *arg, struct svc_row *row)
{
	static const struct {
		const char *title;
		int area, col;
		const char *area_kind, *kind;
	} parts[] = {
		{ "Condition", -1, REPAIR_condition_id, NULL, "condition" },
		{ "Symptom", REPAIR_symptom_area_id, REPAIR_symptom_id,
		  "symptom-area", "symptom" },
		{ "Diagnosis", REPAIR_diagnosis_area_id, REPAIR_diagnosis_id,
		  "diagnosis-area", "diagnosis" },
		{ "Resolution", -1, REPAIR_resolution_id, NULL, "resolution" },
		{ "Stage", -1, REPAIR_stage_id, NULL, "repair-stage" },
	};
	struct printer *p = arg;
	struct svc_txn *txn = p->ctx->txn;
	FILE *out = p->ctx->out;
	struct svc_row obj;
	struct svc_err err;
	struct svc_field *o = &row->f[REPAIR_object_id];
	size_t i;
	int found = 0;

	if (!p->repairs++)
		fprintf(out, "\nRepairs:\n");
	svc_row_init(&obj, &svc_object_table);
	if (svc_table_get(txn, &svc_object_table, o->p, o->n, &obj, &found,
	    &err))
		found = 0;
	fprintf(out, "  %lld  %.*s  %s\n", (long long)row->f[REPAIR_line].i,
	    (int)o->n, o->p, found ? text_of(&obj, OBJECT_description, &p->a) :
	    "");
	svc_row_free(&obj);
	for (i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		if (row->f[parts[i].col].null)
			continue;
		fprintf(out, "      %s:%*s", parts[i].title,
		    (int)(12 - strlen(parts[i].title)), "");
		if (parts[i].area >= 0 && !row->f[parts[i].area].null)
			fprintf(out, "%s: ", code_words(txn, row, parts[i].area,
			    parts[i].area_kind, &p->a));
		fprintf(out, "%s", code_words(txn, row, parts[i].col,
		    parts[i].kind, &p->b));
		if (parts[i].col == REPAIR_stage_id &&
		    !row->f[REPAIR_finished_at].null)
			fprintf(out, ", finished %s", text_of(row,
			    REPAIR_finished_at, &p->a));
		fputc('\n', out);
	}
	if (!row->f[REPAIR_note].null)
		fprintf(out, "      Note:        %s\n", text_of(row, REPAIR_note,
		    &p->a));
	return 0;
}

/* A part replaced on the order (a bom-history row naming it). */
static int
print_part(void *arg, struct svc_row *row)
{
	struct printer *p = arg;
	FILE *out = p->ctx->out;
	const struct svc_field *rl = &row->f[BOM_HISTORY_repair_line];
	char words[240];

	if (!p->parts++)
		fprintf(out, "\nParts replaced:\n");
	svc_bom_change_words(row, words, sizeof words);
	fprintf(out, "  %.*s  %s%s%.*s%s\n",
	    (int)row->f[BOM_HISTORY_object_id].n,
	    row->f[BOM_HISTORY_object_id].p, words, rl->null ? "" : " (repair ",
	    rl->null ? 0 : (int)rl->n, rl->null ? "" : rl->p,
	    rl->null ? "" : ")");
	return 0;
}

int
cmd_order_print(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "work-description", no_argument, NULL, 'd' },
		{ "work-receipt", no_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const names[] = { "line", "description", "type",
		"quantity", "price", "amount" };
	struct printer p;
	struct svc_row ord, cust;
	struct svc_err err;
	struct svc_filter f;
	const char *id;
	char expr[120], num[40];
	int opt, kind = 0, rc, i, found;
	FILE *out = ctx->out;

	while ((opt = svc_getopt(argc, argv, "", opts, NULL)) != -1) {
		if (opt != 'd' && opt != 'r')
			return svc_usage(ctx);
		kind = opt;
	}
	if (!kind || optind + 1 != argc) {
		svc_warn(ctx, "name one order and --work-description or "
		    "--work-receipt");
		return SVC_EUSAGE;
	}
	id = argv[optind];
	memset(&p, 0, sizeof p);
	p.ctx = ctx;
	p.receipt = kind == 'r';
	svc_row_init(&ord, &svc_order_table);
	svc_row_init(&cust, &svc_customer_table);
	rc = svc_table_get(ctx->txn, &svc_order_table, id, strlen(id), &ord,
	    &found, &err);
	if (rc || !found) {
		svc_row_free(&ord);
		svc_row_free(&cust);
		if (rc)
			return svc_fail(ctx, &err);
		svc_warn(ctx, "no order '%s'", id);
		return SVC_ENOTFOUND;
	}
	/* a customer that cannot be read leaves its name empty */
	svc_table_get(ctx->txn, &svc_customer_table,
	    ord.f[ORDER_customer_id].p, ord.f[ORDER_customer_id].n, &cust,
	    &found, &err);
	p.exp = svc_currency_exponent(ord.f[ORDER_currency].p, 3);
	fprintf(out, "%s %s\n\n", p.receipt ? "Work receipt" :
	    "Work description", id);
	fprintf(out, "Customer:  %s %s\n", text_of(&ord, ORDER_customer_id,
	    &p.a), text_of(&cust, CUSTOMER_name, &p.b));
	fprintf(out, "Address:   %s\n", text_of(&ord, ORDER_address, &p.a));
	if (!ord.f[ORDER_description].null)
		fprintf(out, "Work:      %s\n", text_of(&ord, ORDER_description,
		    &p.a));
	if (!ord.f[ORDER_preferred_start_at].null)
		fprintf(out, "Preferred: %s", text_of(&ord,
		    ORDER_preferred_start_at, &p.a));
	if (!ord.f[ORDER_preferred_end_at].null)
		fprintf(out, " to %s", text_of(&ord, ORDER_preferred_end_at,
		    &p.a));
	if (!ord.f[ORDER_preferred_start_at].null)
		fputc('\n', out);
	fprintf(out, "Priority:  %s\n", text_of(&ord, ORDER_priority, &p.a));
	if (p.receipt && ord.f[ORDER_signed_off].i) {
		fprintf(out, "Signed off: %s", text_of(&ord, ORDER_signed_at,
		    &p.a));
		if (!ord.f[ORDER_signed_by].null)
			fprintf(out, " by %s", text_of(&ord, ORDER_signed_by,
			    &p.a));
		fputc('\n', out);
	}
	for (i = 0; i < 2; i++) {
		const struct svc_table *t = i ? &svc_order_task_table :
		    &svc_order_object_table;

		snprintf(expr, sizeof expr, "%s=%s", t->cols[i ?
		    ORDER_TASK_order_id : ORDER_OBJECT_order_id].name, id);
		fprintf(out, "\n%s:\n", i ? "Tasks" : "Objects");
		fflush(out);
		if (svc_filter_parse(t, expr, &f, &err) == 0) {
			svc_table_scan(ctx->txn, t, &f, 1, print_relation, &p, &err);
			svc_filter_free(&f);
		}
	}
	fflush(out);
	if ((rc = svc_repair_lines(ctx->txn, id, print_repair, &p, &err))) {
		svc_buf_free(&p.a);
		svc_buf_free(&p.b);
		svc_row_free(&ord);
		svc_row_free(&cust);
		return svc_fail(ctx, &err);
	}
	if ((rc = svc_table_scan_where(ctx->txn, &svc_bom_history_table,
	    BOM_HISTORY_order_id, "=", id, print_part, &p, &err))) {
		svc_buf_free(&p.a);
		svc_buf_free(&p.b);
		svc_row_free(&ord);
		svc_row_free(&cust);
		return svc_fail(ctx, &err);
	}
	fprintf(out, "\nLines:\n");
	fflush(out);
	if (!(p.out = svc_out_begin(out, SVC_FMT_TABLE, names, NULL,
	    p.receipt ? 6 : 4)))
		rc = SVC_ESYSTEM;
	else {
		rc = svc_order_lines(ctx->txn, id, print_line, &p, &err);
		if (svc_out_end(p.out) && !rc)
			rc = SVC_EIO;
	}
	if (!rc && p.receipt && p.too_large) {
		svc_warn(ctx, "the total of order %s is more than an amount "
		    "can be (%lld in minor units)", id,
		    (long long)SVC_MONEY_MAX);
		rc = SVC_EDATA;
	} else if (!rc && p.receipt) {
		svc_fixed_format(p.total, p.exp, num);
		fprintf(out, "\nTotal: %s %s\n", num, text_of(&ord,
		    ORDER_currency, &p.a));
	}
	svc_buf_free(&p.a);
	svc_buf_free(&p.b);
	svc_row_free(&ord);
	svc_row_free(&cust);
	return rc;
}
