/* subscription.c - the verbs of subscriptions: fees, reduce, index, cancel, accrue, prices */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/date.h"
#include "../lib/money.h"
#include "../lib/subscription.h"
#include "cmd.h"


/* Writes the rows made (fees, accrual entries) as the table lists them. */
struct rows {
	struct svc_ctx *ctx;
	struct svc_rowout *ro;
	int count;
};

static int
row_out(void *arg, struct svc_row *row)
{
	struct rows *r = arg;

	r->count++;
	return svc_rowout_row(r->ro, row);
}

static int
rows_begin(struct svc_ctx *ctx, const struct svc_table *table,
    struct rows *r)
{
	r->ctx = ctx;
	r->count = 0;
	if (!(r->ro = svc_rowout_ctx(ctx, table)))
		return ctx->out_status ? ctx->out_status : SVC_ESYSTEM;
	return 0;
}

static int
rows_end(struct rows *r, int rc)
{
	int rc2 = svc_rowout_end(r->ro);

	return rc ? rc : rc2;
}

/* --- fees --- */

struct fees {
	struct svc_ctx *ctx;
	struct rows r;
	int64_t through;
};

static int
fees_one(void *arg, const char *id)
{
	struct fees *f = arg;
	struct svc_actor who = svc_actor_of(f->ctx);
	struct svc_err err;

	if (svc_subscription_fees(f->ctx->txn, id, f->through, &who, row_out,
	    &f->r, &err))
		return svc_fail(f->ctx, &err);
	return 0;
}

int
cmd_subscription_fees(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "through", required_argument, NULL, 'T' },
		{ "subscription", required_argument, NULL, 's' },
		{ "dry-run", no_argument, NULL, 'n' },
		OUTPUT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct fees f = { ctx, { NULL, NULL, 0 }, INT64_MIN };
	struct svc_actor who = svc_actor_of(ctx);
	struct svc_err err;
	const char *sub = NULL;
	int opt, rc, dry = 0;

	while ((opt = svc_getopt(argc, argv, "t", opts, NULL)) != -1) {
		switch (opt) {
		case 'T':
			if ((rc = svc_day_arg(ctx, "--through", optarg, &f.through)))
				return rc;
			break;
		case 's':
			sub = optarg;
			break;
		case 'n':
			dry = 1;
			break;
		default:
			if ((rc = svc_output_opt(ctx, opt, optarg)) != 1)
				return rc < 0 ? SVC_EUSAGE : svc_usage(ctx);
		}
	}
	if (optind != argc || f.through == INT64_MIN) {
		svc_warn(ctx, "give --through DATE");
		return SVC_EUSAGE;
	}
	if ((rc = rows_begin(ctx, &svc_fee_table, &f.r)))
		return rc;
	if (sub) {
		char *one[1] = { (char *)sub };
		rc = svc_each_id(ctx, 1, one, &svc_subscription_table, fees_one, &f);
	} else if (svc_subscription_fees(ctx->txn, NULL, f.through, &who,
	    row_out, &f.r, &err))
		rc = svc_fail(ctx, &err);
	ctx->dry_run = dry;
	return rows_end(&f.r, rc);
}

/* --- reduce --- */

int
cmd_subscription_reduce(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 'T' },
		OUTPUT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct svc_actor who = svc_actor_of(ctx);
	struct svc_err err;
	struct rows r;
	int64_t from = INT64_MIN, to = INT64_MIN;
	int opt, rc;

	while ((opt = svc_getopt(argc, argv, "t", opts, NULL)) != -1) {
		if (opt == 'f') {
			if ((rc = svc_day_arg(ctx, "--from", optarg, &from)))
				return rc;
		} else if (opt == 'T') {
			if ((rc = svc_day_arg(ctx, "--to", optarg, &to)))
				return rc;
		} else if ((rc = svc_output_opt(ctx, opt, optarg)) != 1)
			return rc < 0 ? SVC_EUSAGE : svc_usage(ctx);
	}
	if (argc - optind != 1 || from == INT64_MIN || to == INT64_MIN)
		return svc_usage(ctx);
	if ((rc = svc_day_range(ctx, from, to)))
		return rc;
	if ((rc = rows_begin(ctx, &svc_fee_table, &r)))
		return rc;
	if (svc_subscription_reduce(ctx->txn, argv[optind], from, to, &who,
	    row_out, &r, &err))
		rc = svc_fail(ctx, &err);
	return rows_end(&r, rc);
}

/* --- index --- */

struct index {
	struct svc_ctx *ctx;
	int64_t percent;
	int has_percent, base, count;
	const char *to, *group;
};

static int
index_one(void *arg, const char *id)
{
	struct index *x = arg;
	struct svc_err err;

	if (svc_subscription_index(x->ctx->txn, id, x->percent, x->has_percent,
	    x->to, x->base, &err)) {
		svc_err_prefix(&err, "subscription '%s': ", id);
		return svc_fail(x->ctx, &err);
	}
	x->count++;
	return 0;
}

struct group_ids {
	struct svc_buf ids;
};

static int
group_row(void *arg, struct svc_row *row)
{
	struct group_ids *g = arg;
	struct svc_field *id = &row->f[SUBSCRIPTION_id];

	if (!row->f[SUBSCRIPTION_active].i)
		return 0;
	if (svc_buf_add(&g->ids, id->p, id->n) < 0 ||
	    svc_buf_addc(&g->ids, '\n') < 0)
		return SVC_ESYSTEM;
	return 0;
}

int
cmd_subscription_index(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "percent", required_argument, NULL, 'p' },
		{ "to", required_argument, NULL, 'T' },
		{ "base", no_argument, NULL, 'b' },
		{ "group", required_argument, NULL, 'g' },
		{ "tsv", no_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	struct index x = { ctx, 0, 0, 0, 0, NULL, NULL };
	int opt, rc;

	while ((opt = svc_getopt(argc, argv, "t", opts, NULL)) != -1) {
		switch (opt) {
		case 'p': {
			const char *p = optarg;
			size_t n = strlen(p);
			if (n && p[n - 1] == '%')
				n--;
			if (svc_fixed_parse(p, n, 4, &x.percent)) {
				svc_warn(ctx, "--percent: bad number '%s'", optarg);
				return SVC_EUSAGE;
			}
			x.has_percent = 1;
			break;
		}
		case 'T':
			x.to = optarg;
			break;
		case 'b':
			x.base = 1;
			break;
		case 'g':
			x.group = optarg;
			break;
		default:
			if (svc_output_opt(ctx, opt, optarg) != 1)
				return svc_usage(ctx);
		}
	}
	if (x.has_percent == (x.to != NULL)) {
		svc_warn(ctx, "give --percent P or --to VALUE");
		return SVC_EUSAGE;
	}
	if ((optind < argc) == (x.group != NULL)) {
		svc_warn(ctx, "name the subscriptions (or -), or give --group");
		return SVC_EUSAGE;
	}
	if (x.group) {
		struct group_ids g = { SVC_BUF_INIT };
		struct svc_buf expr = SVC_BUF_INIT;
		struct svc_filter f;
		struct svc_err err;
		char *p, *save = NULL;
		int found;

		if (svc_table_exists(ctx->txn, &svc_subscription_group_table,
		    x.group, strlen(x.group), &found, &err))
			return svc_fail(ctx, &err);
		if (!found) {
			svc_warn(ctx, "no subscription group '%s'", x.group);
			return SVC_ENOTFOUND;
		}
		/* the subscriptions of the group: group_id=GROUP */
		if (svc_buf_printf(&expr, "%s=%s",
		    svc_subscription_table.cols[SUBSCRIPTION_group_id].name,
		    x.group) < 0)
			return SVC_ESYSTEM;
		rc = svc_filter_parse(&svc_subscription_table, expr.p, &f,
		    &err);
		svc_buf_free(&expr);
		if (rc)
			return svc_fail(ctx, &err);
		rc = svc_table_scan(ctx->txn, &svc_subscription_table, &f, 1, group_row,
		    &g, &err);
		svc_filter_free(&f);
		if (rc) {
			svc_buf_free(&g.ids);
			return rc == SVC_ESYSTEM ? rc : svc_fail(ctx, &err);
		}
		for (p = g.ids.p ? strtok_r(g.ids.p, "\n", &save) : NULL;
		    p && !rc; p = strtok_r(NULL, "\n", &save))
			rc = index_one(&x, p);
		svc_buf_free(&g.ids);
		return rc;
	}
	return svc_each_id(ctx, argc - optind, argv + optind, &svc_subscription_table,
	    index_one, &x);
}

/* --- cancel --- */

struct cancel {
	struct svc_ctx *ctx;
	struct rows r;
	int64_t last;
};

static int
cancel_one(void *arg, const char *id)
{
	struct cancel *c = arg;
	struct svc_actor who = svc_actor_of(c->ctx);
	struct svc_err err;

	if (svc_subscription_cancel(c->ctx->txn, id, c->last, &who, row_out,
	    &c->r, &err))
		return svc_fail(c->ctx, &err);
	return 0;
}

int
cmd_subscription_cancel(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "date", required_argument, NULL, 'd' },
		OUTPUT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct cancel c = { ctx, { NULL, NULL, 0 }, svc_date_of_instant(ctx->now) };
	int opt, rc;

	while ((opt = svc_getopt(argc, argv, "t", opts, NULL)) != -1) {
		if (opt == 'd') {
			if ((rc = svc_day_arg(ctx, "--date", optarg, &c.last)))
				return rc;
		} else if ((rc = svc_output_opt(ctx, opt, optarg)) != 1)
			return rc < 0 ? SVC_EUSAGE : svc_usage(ctx);
	}
	if (optind >= argc)
		return svc_usage(ctx);
	if ((rc = rows_begin(ctx, &svc_fee_table, &c.r)))
		return rc;
	rc = svc_each_id(ctx, argc - optind, argv + optind, &svc_subscription_table,
	    cancel_one, &c);
	return rows_end(&c.r, rc);
}

/* --- accrue --- */

int
cmd_subscription_accrue(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "through", required_argument, NULL, 'T' },
		{ "dry-run", no_argument, NULL, 'n' },
		OUTPUT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct svc_actor who = svc_actor_of(ctx);
	struct svc_err err;
	struct rows r;
	int64_t through = INT64_MIN;
	int opt, rc, dry = 0;

	while ((opt = svc_getopt(argc, argv, "t", opts, NULL)) != -1) {
		if (opt == 'T') {
			if ((rc = svc_day_arg(ctx, "--through", optarg, &through)))
				return rc;
		} else if (opt == 'n')
			dry = 1;
		else if ((rc = svc_output_opt(ctx, opt, optarg)) != 1)
			return rc < 0 ? SVC_EUSAGE : svc_usage(ctx);
	}
	if (optind != argc || through == INT64_MIN) {
		svc_warn(ctx, "give --through DATE");
		return SVC_EUSAGE;
	}
	if ((rc = rows_begin(ctx, &svc_accrual_table, &r)))
		return rc;
	if (svc_subscription_accrue(ctx->txn, through, &who, row_out, &r, &err))
		rc = svc_fail(ctx, &err);
	ctx->dry_run = dry;
	return rows_end(&r, rc);
}

/* --- show, fee list, prices --- */

/* Subscriptions with their fees as one row per fee: what svc
 * subscription show writes as CSV.  Fees are made by svc subscription
 * fees only, so there is no import. */
static const struct svc_flat subscription_flat = { &svc_subscription_table,
	&svc_fee_table, NULL, NULL, NULL, NULL, NULL };

int
cmd_subscription_show(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct svc_table *const parts[] = { &svc_fee_table };
	static const char *const titles[] = { "fees" };
	static const struct svc_show spec = { &subscription_flat, parts, titles,
		1 };

	return svc_show_with_parts(ctx, argc, argv, &spec);
}

static int
on_table(int argc, char **argv, struct svc_ctx *ctx,
    const struct svc_table *table,
    int (*fn)(int, char **, struct svc_ctx *))
{
	ctx->table = table;
	return fn(argc, argv, ctx);
}

/* the generic verb arg names, on the price table */
static int
price_verb(int argc, char **argv, struct svc_ctx *ctx, int arg)
{
	static int (*const verbs[])(int, char **, struct svc_ctx *) = {
		cmd_table_add, cmd_table_list, cmd_table_delete
	};

	return on_table(argc, argv, ctx, &svc_subscription_price_table, verbs[arg]);
}

int
cmd_subscription_price(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct svc_subverb verbs[] = {
		{ "add", price_verb, 0 },
		{ "list", price_verb, 1 },
		{ "delete", price_verb, 2 },
		{ NULL, NULL, 0 }
	};

	return svc_run_subverb(ctx, argc, argv, verbs);
}

int
cmd_subscription_fee_list(int argc, char **argv, struct svc_ctx *ctx)
{
	return on_table(argc, argv, ctx, &svc_fee_table, cmd_table_list);
}

int
cmd_subscription_accruals(int argc, char **argv, struct svc_ctx *ctx)
{
	return on_table(argc, argv, ctx, &svc_accrual_table, cmd_table_list);
}
