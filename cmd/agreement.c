/* agreement.c - the verbs of service agreements, and order generation */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/agreement.h"
#include "../lib/buf.h"
#include "../lib/date.h"
#include "../lib/money.h"
#include "../lib/order.h"
#include "../lib/sla.h"
#include "../lib/table.h"
#include "cmd.h"


int
cmd_agreement_create(int argc, char **argv, struct svc_ctx *ctx)
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

	first = svc_column_args(ctx, &svc_agreement_table, argc, argv, &in, extra,
	    svc_add_relation, &r);
	if (first < 0)
		rc = SVC_EUSAGE;
	else if (first < argc)
		rc = svc_usage(ctx);
	else if ((rc = svc_agreement_create(ctx->txn, &in, r.objects,
	    r.nobjects, r.tasks, r.ntasks, 0, &who, &id, &err)))
		rc = svc_fail(ctx, &err);
	else
		fprintf(ctx->out, "%s\n", id.p);
	free(r.objects);
	free(r.tasks);
	svc_buf_free(&id);
	return rc;
}

/* activate, suspend, resume, cancel: each agreement named */
struct stater {
	struct svc_ctx *ctx;
	const char *verb;
};

static int
state_one(void *arg, const char *id)
{
	struct stater *st = arg;
	struct svc_err err;

	if (svc_agreement_state(st->ctx->txn, id, st->verb, &err))
		return svc_fail(st->ctx, &err);
	return 0;
}

static int
state_cmd(int argc, char **argv, struct svc_ctx *ctx, const char *verb)
{
	struct stater st = { ctx, verb };
	int opt;

	while ((opt = getopt(argc, argv, "t")) != -1)
		if (svc_output_opt(ctx, opt, optarg) != 1)
			return svc_usage(ctx);
	if (optind >= argc)
		return svc_usage(ctx);
	return svc_each_id(ctx, argc - optind, argv + optind, &svc_agreement_table,
	    state_one, &st);
}

int
cmd_agreement_activate(int argc, char **argv, struct svc_ctx *ctx)
{
	return state_cmd(argc, argv, ctx, "activate");
}

int
cmd_agreement_suspend(int argc, char **argv, struct svc_ctx *ctx)
{
	return state_cmd(argc, argv, ctx, "suspend");
}

int
cmd_agreement_resume(int argc, char **argv, struct svc_ctx *ctx)
{
	return state_cmd(argc, argv, ctx, "resume");
}

int
cmd_agreement_cancel(int argc, char **argv, struct svc_ctx *ctx)
{
	return state_cmd(argc, argv, ctx, "cancel");
}

/* --- lines --- */

static int
line_add(int argc, char **argv, struct svc_ctx *ctx, int unused)
{
	struct svc_texts in;
	struct svc_err err;
	const char *key;
	int64_t line;
	int rc;

	(void)unused;
	if ((rc = svc_operand_and_columns(ctx, &svc_agreement_line_table, argc, argv, &in,
	    &key)))
		return rc;
	if (svc_agreement_line_add(ctx->txn, key, &in, &line, &err))
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
	int rc;

	(void)unused;
	if ((rc = svc_operand_and_columns(ctx, &svc_agreement_line_table, argc, argv, &in,
	    &key)))
		return rc;
	if (svc_agreement_line_set(ctx->txn, key, &in, &err))
		return svc_fail(ctx, &err);
	return 0;
}

static int
line_stop(int argc, char **argv, struct svc_ctx *ctx, int stop)
{
	struct svc_err err;
	int i;

	if (argc < 2)
		return svc_usage(ctx);
	for (i = 1; i < argc; i++)
		if (svc_agreement_line_stop(ctx->txn, argv[i], stop, &err))
			return svc_fail(ctx, &err);
	return 0;
}

int
cmd_agreement_line(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct svc_subverb verbs[] = {
		{ "add", line_add, 0 },
		{ "set", line_set, 0 },
		{ "stop", line_stop, 1 },
		{ "resume", line_stop, 0 },
		{ NULL, NULL, 0 }
	};

	return svc_run_subverb(ctx, argc, argv, verbs);
}

int
cmd_agreement_lines(int argc, char **argv, struct svc_ctx *ctx)
{
	int first = svc_output_args(ctx, argc, argv);

	if (first < 0)
		return -first;
	return svc_list_children(ctx, &svc_agreement_table, &svc_agreement_line_table,
	    argc - first, argv + first);
}

/* --ending-before DATE: the agreements that end before the day. */
static int
keep_ending_before(void *arg, struct svc_row *row, struct svc_err *err)
{
	const struct svc_field *end = &row->f[AGREEMENT_end_date];

	(void)err;
	return !end->null && end->i < *(int64_t *)arg;
}

struct ending_before {
	struct svc_ctx *ctx;
	int64_t day;
	int given;
};

static int
ending_before_opt(void *arg, int opt, char *v)
{
	struct ending_before *e = arg;
	int rc;

	if (opt == 0) {
		if (e->given) {
			e->ctx->keep = keep_ending_before;
			e->ctx->keep_arg = &e->day;
		}
		return 0;
	}
	if (e->given) {
		svc_warn(e->ctx, "--ending-before: once");
		return SVC_EUSAGE;
	}
	if ((rc = svc_day_arg(e->ctx, "--ending-before", v, &e->day)))
		return rc;
	e->given = 1;
	return 0;
}

/* svc agreement list: the generic list, and --ending-before DATE. */
int
cmd_agreement_list(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "ending-before", required_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 }
	};
	struct ending_before e = { ctx, 0, 0 };
	int rc;

	rc = svc_list(ctx, argc, argv, opts, ending_before_opt, &e);
	ctx->keep = NULL;
	ctx->keep_arg = NULL;
	return rc;
}

/* --- renew --- */

struct renewer {
	struct svc_ctx *ctx;
	int months;
	int64_t uplift;
	struct svc_out *out;
};

static int
renew_one(void *arg, const char *id)
{
	struct renewer *rn = arg;
	struct svc_actor who = svc_actor_of(rn->ctx);
	struct svc_buf newid = SVC_BUF_INIT;
	struct svc_err err;
	const char *v[2];
	size_t n[2];
	int rc;

	if (svc_agreement_renew(rn->ctx->txn, id, rn->months, rn->uplift, &who,
	    &newid, &err)) {
		svc_buf_free(&newid);
		return svc_fail(rn->ctx, &err);
	}
	v[0] = id;
	v[1] = newid.p;
	n[0] = strlen(id);
	n[1] = newid.len;
	rc = svc_out_row(rn->out, v, n);
	svc_buf_free(&newid);
	return rc;
}

int
cmd_agreement_renew(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "term", required_argument, NULL, 'T' },
		{ "uplift", required_argument, NULL, 'u' },
		{ "dry-run", no_argument, NULL, 'n' },
		OUTPUT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	static const char *const names[] = { "agreement_id", "renewed_by_id" };
	struct renewer rn = { ctx, 0, 0, NULL };
	int opt, rc, rc2, dry = 0;
	char *end;
	long v;

	while ((opt = svc_getopt(argc, argv, "t", opts, NULL)) != -1) {
		switch (opt) {
		case 'T':
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || v < 1 || v > 1200 || (*end != 'm' &&
			    *end != 'y') || end[1]) {
				svc_warn(ctx, "--term: want months or years, such as "
				    "12m or 1y");
				return SVC_EUSAGE;
			}
			rn.months = (int)(*end == 'y' ? v * 12 : v);
			break;
		case 'u': {
			size_t len = strlen(optarg);
			int sign = len && optarg[len - 1] == '%';

			if (sign)
				len--;
			if (svc_fixed_parse(optarg, len, 2, &rn.uplift)) {
				svc_warn(ctx, "--uplift: want a percentage such as "
				    "3.5%% (at most two decimals)");
				return SVC_EUSAGE;
			}
			/* 0.03 is a fraction to some and a percentage to
			 * others: below one percent, the sign says which */
			if (!sign && rn.uplift != 0 && rn.uplift > -100 &&
			    rn.uplift < 100) {
				char pct[32];

				svc_fixed_format_trim(rn.uplift * 100, 2, pct);
				svc_warn(ctx, "--uplift %s: %s%% or %s%%? write the "
				    "percent sign (--uplift %s%% or --uplift "
				    "%s%%)", optarg, pct, optarg, pct, optarg);
				return SVC_EUSAGE;
			}
			break;
		}
		case 'n':
			dry = 1;
			break;
		default:
			if ((rc = svc_output_opt(ctx, opt, optarg)) != 1)
				return rc < 0 ? SVC_EUSAGE : svc_usage(ctx);
		}
	}
	if (optind >= argc)
		return svc_usage(ctx);
	if (!(rn.out = svc_out_ctx(ctx, names, NULL, 2)))
		return SVC_ESYSTEM;
	rc = svc_each_id(ctx, argc - optind, argv + optind, &svc_agreement_table,
	    renew_one, &rn);
	rc2 = svc_out_end(rn.out);
	ctx->dry_run = dry;
	return rc ? rc : rc2;
}

/* --- order generation --- */

/* What a run made: the rows printed, and what its summary counts. */
struct generated {
	struct svc_out *out;
	struct svc_txn *txn;
	unsigned long orders, closed, no_sla, earlier;
};

/* Counts the order id (made in this run) for the summary. */
static int
count_order(struct generated *g, const struct svc_row *order,
    struct svc_err *err)
{
	struct svc_buf named = SVC_BUF_INIT;
	int rc = 0;

	g->orders++;
	if (svc_row_true(order, ORDER_calendar_conflict))
		g->closed++;
	if (order->f[ORDER_sla_id].null) {
		/* none although one is named: not flagged generated */
		rc = svc_sla_named(g->txn, order, &named, err);
		if (!rc && named.len)
			g->no_sla++;
	}
	svc_buf_free(&named);
	return rc;
}

static int
print_generated(void *arg, const struct svc_generated *made,
    struct svc_err *err)
{
	struct generated *g = arg;
	struct svc_row order;
	struct svc_buf sla = SVC_BUF_INIT, conflict = SVC_BUF_INIT;
	char l[24], al[24], d[11];
	const char *v[7];
	size_t n[7];
	int rc, found, i;

	svc_row_init(&order, &svc_order_table);
	if ((rc = svc_table_get(g->txn, &svc_order_table, made->order,
	    strlen(made->order), &order, &found, err)))
		goto out;
	if (!found) {
		rc = svc_err_set(err, SVC_EINTERNAL, "no order '%s'", made->order);
		goto out;
	}
	if (made->new_order)
		rc = count_order(g, &order, err);
	else if (made->earlier_order)
		g->earlier++;
	if (rc)
		goto out;
	svc_fixed_format(made->line, 0, l);
	svc_fixed_format(made->agreement_line, 0, al);
	svc_date_format(made->date, d);
	if (svc_table_format(&svc_order_table, &order, ORDER_sla_id, &sla) ||
	    svc_table_format(&svc_order_table, &order, ORDER_calendar_conflict,
	    &conflict)) {
		rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
		goto out;
	}
	v[0] = made->order;
	v[1] = l;
	v[2] = made->agreement;
	v[3] = al;
	v[4] = d;
	for (i = 0; i < 5; i++)
		n[i] = strlen(v[i]);
	v[5] = sla.p;
	n[5] = sla.len;
	v[6] = conflict.p;
	n[6] = conflict.len;
	if ((rc = svc_out_row(g->out, v, n)))
		svc_err_set(err, rc, "cannot write the output");
out:
	svc_buf_free(&sla);
	svc_buf_free(&conflict);
	svc_row_free(&order);
	return rc;
}

/* The summary on stderr: one line, the parts that are not zero. */
static void
summarize(struct svc_ctx *ctx, const struct generated *g, int dry)
{
	char closed[64] = "", no_sla[160] = "", earlier[64] = "";

	if (g->closed)
		snprintf(closed, sizeof closed, ", %lu on a closed day",
		    g->closed);
	if (g->no_sla)
		snprintf(no_sla, sizeof no_sla, ", %lu without the SLA their "
		    "agreement or customer names (only SLAs flagged generated "
		    "go on generated orders)", g->no_sla);
	if (g->earlier)
		snprintf(earlier, sizeof earlier, ", %lu line%s added to "
		    "earlier orders", g->earlier, g->earlier == 1 ? "" : "s");
	svc_warn(ctx, "%s%lu order%s generated%s%s%s", dry ? "dry run: " : "",
	    g->orders, g->orders == 1 ? "" : "s", closed, no_sla, earlier);
}

struct genargs {
	struct svc_ctx *ctx;
	int64_t from, to;
	const char *const *types;
	struct generated *g;
};

static int
generate_one(void *arg, const char *id)
{
	struct genargs *ga = arg;
	struct svc_actor who = svc_actor_of(ga->ctx);
	struct svc_err err;

	if (svc_order_generate(ga->ctx->txn, ga->from, ga->to, id, ga->types,
	    &who, print_generated, ga->g, &err))
		return svc_fail(ga->ctx, &err);
	return 0;
}

int
cmd_order_generate(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 'T' },
		{ "agreement", required_argument, NULL, 'a' },
		{ "types", required_argument, NULL, 'y' },
		{ "dry-run", no_argument, NULL, 'n' },
		OUTPUT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	static const char *const names[] = { "order_id", "line", "agreement_id",
		"agreement_line", "occurrence_date", "sla_id",
		"calendar_conflict" };
	static const enum svc_json_kind kinds[] = { SVC_JSON_STRING,
		SVC_JSON_NUMBER, SVC_JSON_STRING, SVC_JSON_NUMBER,
		SVC_JSON_STRING, SVC_JSON_STRING, SVC_JSON_BOOL };
	struct generated g;
	struct genargs ga = { ctx, INT64_MIN, INT64_MIN, NULL, &g };
	char *typebuf = NULL, *types[8], *p;
	const char *agreement = NULL;
	struct svc_actor who = svc_actor_of(ctx);
	struct svc_err err;
	int opt, rc, rc2, dry = 0, nt = 0, found;

	memset(&g, 0, sizeof g);
	g.txn = ctx->txn;
	while ((opt = svc_getopt(argc, argv, "t", opts, NULL)) != -1) {
		switch (opt) {
		case 'f':
		case 'T':
			if ((rc = svc_day_arg(ctx, opt == 'f' ? "--from" : "--to",
			    optarg, opt == 'f' ? &ga.from : &ga.to)))
				goto out;
			break;
		case 'a':
			agreement = optarg;
			break;
		case 'y':
			/* types points into typebuf until the end */
			free(typebuf);
			if (!(typebuf = strdup(optarg))) {
				rc = SVC_ESYSTEM;
				goto out;
			}
			nt = 0;
			for (p = strtok(typebuf, ","); p && nt < 7;
			    p = strtok(NULL, ",")) {
				if (strcmp(p, "hour") && strcmp(p, "expense") &&
				    strcmp(p, "item") && strcmp(p, "fee")) {
					svc_warn(ctx, "--types: unknown type '%s' (want "
					    "hour, expense, item, fee)", p);
					rc = SVC_EUSAGE;
					goto out;
				}
				types[nt++] = p;
			}
			types[nt] = NULL;
			ga.types = (const char *const *)types;
			break;
		case 'n':
			dry = 1;
			break;
		default:
			if ((rc = svc_output_opt(ctx, opt, optarg)) != 1) {
				rc = rc < 0 ? SVC_EUSAGE : svc_usage(ctx);
				goto out;
			}
		}
	}
	if (ga.from == INT64_MIN || ga.to == INT64_MIN || optind != argc) {
		svc_warn(ctx, "give --from and --to");
		rc = SVC_EUSAGE;
		goto out;
	}
	if ((rc = svc_day_range(ctx, ga.from, ga.to)))
		goto out;
	if (!(g.out = svc_out_ctx(ctx, names, kinds, 7))) {
		rc = SVC_ESYSTEM;
		goto out;
	}
	if (agreement && strcmp(agreement, "-") == 0) {
		char *dash[1] = { "-" };
		rc = svc_each_id(ctx, 1, dash, &svc_agreement_table, generate_one, &ga);
	} else if (agreement) {
		if ((rc = svc_table_exists(ctx->txn, &svc_agreement_table,
		    agreement, strlen(agreement), &found, &err)))
			rc = svc_fail(ctx, &err);
		else if (!found) {
			svc_warn(ctx, "no agreement '%s'", agreement);
			rc = SVC_ENOTFOUND;
		} else
			rc = generate_one(&ga, agreement);
	} else if ((rc = svc_order_generate(ctx->txn, ga.from, ga.to, NULL,
	    ga.types, &who, print_generated, &g, &err)))
		rc = svc_fail(ctx, &err);
	rc2 = svc_out_end(g.out);
	ctx->dry_run = dry;
	if (!rc)
		rc = rc2;
	if (!rc)
		summarize(ctx, &g, dry);
out:
	free(typebuf);
	return rc;
}

/* --- flat import and export: a row per line with its agreement's columns --- */

static int
agreement_create_imported(struct svc_txn *txn, const struct svc_texts *in,
    const struct svc_actor *who, struct svc_buf *id, struct svc_err *err)
{
	return svc_agreement_create(txn, in, NULL, 0, NULL, 0, SVC_ORDER_IMPORT,
	    who, id, err);
}

static int
agreement_line_imported(struct svc_txn *txn, const char *agreement,
    const struct svc_texts *in, const struct svc_actor *who, int64_t *line,
    struct svc_err *err)
{
	(void)who;
	return svc_agreement_line_add(txn, agreement, in, line, err);
}

/* the currency is the customer's; renewal links name other agreements,
 * which need not come first in the file */
static const int agreement_derived[] = { AGREEMENT_currency,
	AGREEMENT_renews_id, AGREEMENT_renewed_by_id, -1 };
static const struct svc_flat agreement_flat = { &svc_agreement_table,
	&svc_agreement_line_table, agreement_derived, agreement_create_imported,
	agreement_line_imported, NULL, NULL };

int
cmd_agreement_export(int argc, char **argv, struct svc_ctx *ctx)
{
	return svc_flat_export(ctx, &agreement_flat, argc, argv);
}

int
cmd_agreement_import(int argc, char **argv, struct svc_ctx *ctx)
{
	return svc_flat_import(ctx, &agreement_flat, argc, argv);
}

/* svc agreement show: export's rows, or sections, or one JSON object */
int
cmd_agreement_show(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct svc_table *const parts[] = {
		&svc_agreement_line_table, &svc_agreement_object_table,
		&svc_agreement_task_table };
	static const char *const titles[] = { "lines", "objects", "tasks" };
	static const struct svc_show spec = { &agreement_flat, parts, titles,
		3 };

	return svc_show_with_parts(ctx, argc, argv, &spec);
}

int
cmd_agreement_copy_lines(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 'T' },
		{ "to-order", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	struct svc_actor who = svc_actor_of(ctx);
	const char *from = NULL, *to = NULL;
	struct svc_err err;
	int opt, to_order = 0, count;

	while ((opt = svc_getopt(argc, argv, "", opts, NULL)) != -1) {
		if (opt == 'f')
			from = optarg;
		else if (opt == 'T' || opt == 'o') {
			if (to) {
				svc_warn(ctx, "--to or --to-order, once");
				return SVC_EUSAGE;
			}
			to = optarg;
			to_order = opt == 'o';
		} else
			return svc_usage(ctx);
	}
	if (!from || !to || optind != argc)
		return svc_usage(ctx);
	if (svc_agreement_copy_lines(ctx->txn, from, to, to_order, &who, &count,
	    &err))
		return svc_fail(ctx, &err);
	fprintf(ctx->out, "%d\n", count);
	return 0;
}

static int
print_expired(void *arg, const char *agreement)
{
	const char *v[1] = { agreement };
	size_t n[1] = { strlen(agreement) };

	return svc_out_row(arg, v, n);
}

int
cmd_agreement_expire(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "through", required_argument, NULL, 'T' },
		OUTPUT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	static const char *const names[] = { "agreement_id" };
	int64_t day = svc_date_of_instant(ctx->now);
	struct svc_out *out;
	struct svc_err err;
	int opt, rc, rc2;

	while ((opt = svc_getopt(argc, argv, "t", opts, NULL)) != -1) {
		if (opt == 'T') {
			if (svc_date_parse(optarg, strlen(optarg), &day)) {
				svc_warn(ctx, "--through: bad date '%s' (want "
				    "YYYY-MM-DD)", optarg);
				return SVC_EUSAGE;
			}
			day++;
		} else if ((rc = svc_output_opt(ctx, opt, optarg)) != 1)
			return rc < 0 ? SVC_EUSAGE : svc_usage(ctx);
	}
	if (optind != argc)
		return svc_usage(ctx);
	if (!(out = svc_out_ctx(ctx, names, NULL, 1)))
		return SVC_ESYSTEM;
	/* without --through: those that ended before today */
	rc = svc_agreement_expire(ctx->txn, day, print_expired, out, &err);
	rc2 = svc_out_end(out);
	if (rc)
		return rc == SVC_EIO ? rc : svc_fail(ctx, &err);
	return rc2;
}
