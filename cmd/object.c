/* object.c - the verbs of service objects beyond the generic ones: tree, read, history, list --warranty */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/meter.h"
#include "../lib/money.h"
#include "../lib/object.h"
#include "cmd.h"

struct tree_out {
	struct svc_out *out;
	int table;
	struct svc_buf indent;
};

static int
tree_row(void *arg, const struct svc_object_node *node)
{
	struct tree_out *to = arg;
	struct svc_row *row = node->row;
	char depth[16];
	const char *v[6];
	int i;

	snprintf(depth, sizeof depth, "%d", node->depth);
	if (to->table) {
		/* for people: the id indented two spaces a level */
		svc_buf_reset(&to->indent);
		for (i = 0; i < node->depth; i++)
			svc_buf_adds(&to->indent, "  ");
		svc_buf_add(&to->indent, row->f[OBJECT_id].p, row->f[OBJECT_id].n);
		if (!to->indent.p)
			return SVC_ESYSTEM;
		v[0] = to->indent.p;
		v[1] = svc_row_text(row, OBJECT_description);
		v[2] = svc_row_text(row, OBJECT_customer_id);
		return svc_out_row(to->out, v, NULL);
	}
	v[0] = depth;
	v[1] = node->path;
	v[2] = svc_row_text(row, OBJECT_id);
	v[3] = svc_row_text(row, OBJECT_parent_id);
	v[4] = svc_row_text(row, OBJECT_description);
	v[5] = svc_row_text(row, OBJECT_customer_id);
	return svc_out_row(to->out, v, NULL);
}

int
cmd_object_tree(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "customer", required_argument, NULL, 'c' },
		OUTPUT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	static const char *const names[] = { "depth", "path", "id",
		"parent_id", "description", "customer_id" };
	static const enum svc_json_kind kinds[] = { SVC_JSON_NUMBER, 0, 0, 0,
		0, 0 };
	static const char *const table_names[] = { "object", "description",
		"customer_id" };
	struct tree_out to = { NULL, 0, SVC_BUF_INIT };
	struct svc_err err = { 0, "" };
	const char *cust = NULL, *object = NULL;
	int opt, rc, rc2;

	while ((opt = svc_getopt(argc, argv, "t", opts, NULL)) != -1) {
		if (opt == 'c')
			cust = optarg;
		else if ((rc = svc_output_opt(ctx, opt, optarg)) != 1)
			return rc < 0 ? SVC_EUSAGE : svc_usage(ctx);
	}
	if (optind < argc)
		object = argv[optind++];
	if (optind != argc || (object && cust))
		return svc_usage(ctx);
	if (cust && (rc = svc_filter_names(ctx, "--customer",
	    &svc_customer_table, cust)))
		return rc;
	to.table = ctx->format == SVC_FMT_TABLE;
	to.out = to.table ? svc_out_ctx(ctx, table_names,
	    NULL, 3) : svc_out_ctx(ctx, names, kinds, 6);
	if (!to.out)
		return SVC_ESYSTEM;
	rc = svc_object_tree(ctx->txn, object, cust, tree_row, &to, &err);
	if (rc && err.text[0])
		rc = svc_fail(ctx, &err);
	rc2 = svc_out_end(to.out);
	svc_buf_free(&to.indent);
	return rc ? rc : rc2;
}

int
cmd_object_read(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "meter", required_argument, NULL, 'm' },
		{ "value", required_argument, NULL, 'v' },
		{ "at", required_argument, NULL, 'a' },
		{ "reset", no_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	struct svc_err err = { 0, "" };
	struct svc_buf id = SVC_BUF_INIT;
	const char *meter = NULL, *value = NULL;
	int64_t at = ctx->now;
	int opt, rc, reset = 0;

	while ((opt = svc_getopt(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'm':
			meter = optarg;
			break;
		case 'v':
			value = optarg;
			break;
		case 'a':
			if ((rc = svc_time_arg(ctx, "--at", optarg, &at)))
				return rc;
			break;
		case 'r':
			reset = 1;
			break;
		default:
			return svc_usage(ctx);
		}
	}
	if (optind + 1 != argc || !meter || !value)
		return svc_usage(ctx);
	if ((rc = svc_meter_read(ctx->txn, argv[optind], meter, at, value,
	    reset, ctx->user, &id, &err)))
		return svc_fail(ctx, &err);
	fprintf(ctx->out, "%s\n", id.p);
	svc_buf_free(&id);
	return 0;
}

struct history_out {
	struct svc_out *out;
};

static int
history_row(void *arg, const struct svc_object_event *ev)
{
	struct history_out *ho = arg;
	char at[SVC_DATETIME_MAX];
	const char *v[6];

	svc_datetime_format(ev->at, at);
	v[0] = at;
	v[1] = ev->kind;
	v[2] = ev->object_id;
	v[3] = ev->id;
	v[4] = ev->order_id;
	v[5] = ev->description;
	return svc_out_row(ho->out, v, NULL);
}

int
cmd_object_history(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "deep", no_argument, NULL, 'd' },
		OUTPUT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	static const char *const names[] = { "at", "kind", "object_id", "id",
		"order_id", "description" };
	struct history_out ho = { NULL };
	struct svc_err err = { 0, "" };
	int opt, rc, rc2, deep = 0;

	while ((opt = svc_getopt(argc, argv, "t", opts, NULL)) != -1) {
		if (opt == 'd')
			deep = 1;
		else if ((rc = svc_output_opt(ctx, opt, optarg)) != 1)
			return rc < 0 ? SVC_EUSAGE : svc_usage(ctx);
	}
	if (optind + 1 != argc)
		return svc_usage(ctx);
	if (!(ho.out = svc_out_ctx(ctx, names, NULL, 6)))
		return SVC_ESYSTEM;
	rc = svc_object_history(ctx->txn, argv[optind], deep, history_row, &ho,
	    &err);
	if (rc && err.text[0])
		rc = svc_fail(ctx, &err);
	rc2 = svc_out_end(ho.out);
	return rc ? rc : rc2;
}

/* svc object list --warranty: today, and which objects to keep */
struct warranty_keep {
	struct svc_ctx *ctx;
	int given;		/* --warranty given */
	struct svc_txn *txn;
	int64_t today;
	int active;		/* 1: under warranty today; 0: one that ended */
};

static int
keep_warranty(void *arg, struct svc_row *row, struct svc_err *err)
{
	struct warranty_keep *w = arg;
	int64_t ends;
	int under, rc;

	if ((rc = svc_object_warranty_of(w->txn, row, w->today, &under, &ends,
	    err)))
		return -rc;
	if (w->active)
		return under;
	return ends != SVC_NO_WARRANTY && !under;
}

static int
warranty_opt(void *arg, int opt, char *word)
{
	struct warranty_keep *w = arg;

	if (opt == 0) {
		if (w->given) {
			w->ctx->keep = keep_warranty;
			w->ctx->keep_arg = w;
		}
		return 0;
	}
	if (strcmp(word, "active") && strcmp(word, "expired")) {
		svc_warn(w->ctx, "--warranty: '%s' is neither active nor "
		    "expired", word);
		return SVC_EUSAGE;
	}
	w->active = strcmp(word, "active") == 0;
	w->given = 1;
	return 0;
}

/* The generic list of objects, with --warranty kept by keep_warranty. */
int
cmd_object_list(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "warranty", required_argument, NULL, 'W' },
		{ NULL, 0, NULL, 0 }
	};
	struct warranty_keep w;
	int rc;

	memset(&w, 0, sizeof w);
	w.ctx = ctx;
	w.txn = ctx->txn;
	w.today = svc_date_of_instant(ctx->now);
	rc = svc_list(ctx, argc, argv, opts, warranty_opt, &w);
	ctx->keep = NULL;
	ctx->keep_arg = NULL;
	return rc;
}
