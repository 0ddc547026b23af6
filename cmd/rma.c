/* rma.c - the verbs of return orders: create, line add, open, cancel, receive, dispose, show, import, export, print */
#include <stdlib.h>
#include <string.h>

#include "../lib/money.h"
#include "../lib/rma.h"
#include "../lib/table.h"
#include "cmd.h"

/* Short options, each a column (500 + column). */
#define SHORT(name, col) { name, required_argument, NULL, 500 + (col) }

struct shortcols {
	struct svc_texts *in;
	int ncols;
};

static int
shorthand(void *arg, int opt, char *optarg)
{
	struct shortcols *sc = arg;
	int c = opt - 500;

	if (c < 0 || c >= sc->ncols)
		return -1;
	sc->in->s[c] = optarg;
	sc->in->n[c] = strlen(optarg);
	sc->in->given[c] = 1;
	return 0;
}

int
cmd_return_create(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option extra[] = {
		SHORT("reason", RETURN_reason_id),
		SHORT("customer", RETURN_customer_id),
		{ NULL, 0, NULL, 0 }
	};
	struct svc_actor who = svc_actor_of(ctx);
	struct svc_texts in;
	struct shortcols sc = { &in, RETURN_NCOLS };
	struct svc_buf id = SVC_BUF_INIT;
	struct svc_err err;
	int first, rc = 0;

	if ((first = svc_column_args(ctx, &svc_return_table, argc, argv, &in,
	    extra, shorthand, &sc)) < 0)
		return SVC_EUSAGE;
	if (first != argc)
		return svc_usage(ctx);
	if (svc_rma_create(ctx->txn, &in, 0, &who, &id, &err))
		rc = svc_fail(ctx, &err);
	else
		fprintf(ctx->out, "%s\n", id.p);
	svc_buf_free(&id);
	return rc;
}

static int
line_add(int argc, char **argv, struct svc_ctx *ctx, int arg)
{
	static const struct option extra[] = {
		SHORT("item", RETURN_LINE_item_id),
		SHORT("object", RETURN_LINE_object_id),
		SHORT("code", RETURN_LINE_disposition_id),
		SHORT("disposition", RETURN_LINE_disposition_id),
		{ NULL, 0, NULL, 0 }
	};
	struct svc_actor who = svc_actor_of(ctx);
	struct svc_texts in;
	struct shortcols sc = { &in, RETURN_LINE_NCOLS };
	struct svc_err err;
	int64_t line;
	int first;

	(void)arg;
	if ((first = svc_column_args(ctx, &svc_return_line_table, argc, argv,
	    &in, extra, shorthand, &sc)) < 0)
		return SVC_EUSAGE;
	if (first + 1 != argc)
		return svc_usage(ctx);
	if (in.given[RETURN_LINE_item_id] && in.given[RETURN_LINE_object_id]) {
		svc_warn(ctx, "give --item or --object, not both");
		return SVC_EUSAGE;
	}
	if (svc_rma_line_add(ctx->txn, argv[first], &in, 0, &who, &line, &err))
		return svc_fail(ctx, &err);
	fprintf(ctx->out, "%s/%lld\n", argv[first], (long long)line);
	return 0;
}

int
cmd_return_line(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct svc_subverb verbs[] = {
		{ "add", line_add, 0 },
		{ NULL, NULL, 0 }
	};

	return svc_run_subverb(ctx, argc, argv, verbs);
}

struct each_status {
	struct svc_ctx *ctx;
	int cancel;
};

static int
one_status(void *arg, const char *id)
{
	struct each_status *e = arg;
	struct svc_actor who = svc_actor_of(e->ctx);
	struct svc_err err;

	if ((e->cancel ? svc_rma_cancel : svc_rma_open)(e->ctx->txn, id, &who,
	    &err))
		return svc_fail(e->ctx, &err);
	return 0;
}

static int
open_or_cancel(int argc, char **argv, struct svc_ctx *ctx, int cancel)
{
	struct each_status e = { ctx, cancel };
	int first = svc_output_args(ctx, argc, argv);

	if (first < 0)
		return -first;
	if (first >= argc)
		return svc_usage(ctx);
	return svc_each_id(ctx, argc - first, argv + first, &svc_return_table,
	    one_status, &e);
}

int
cmd_return_open(int argc, char **argv, struct svc_ctx *ctx)
{
	return open_or_cancel(argc, argv, ctx, 0);
}

int
cmd_return_cancel(int argc, char **argv, struct svc_ctx *ctx)
{
	return open_or_cancel(argc, argv, ctx, 1);
}

/* A line number from an option: 1 or more. */
static int
line_number(struct svc_ctx *ctx, const char *s, int64_t *n)
{
	char *end;

	*n = strtoll(s, &end, 10);
	if (*s && !*end && *n > 0)
		return 0;
	svc_warn(ctx, "--line wants a line number, not '%s'", s);
	return SVC_EUSAGE;
}

int
cmd_return_receive(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "line", required_argument, NULL, 'l' },
		{ "quantity", required_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 }
	};
	struct svc_actor who = svc_actor_of(ctx);
	struct svc_rma_receipt r;
	struct svc_err err;
	int64_t line = 0, qty = 0;
	int opt, rc;
	char d[16];

	while ((opt = svc_getopt(argc, argv, "", opts, NULL)) != -1) {
		if (opt == 'l') {
			if ((rc = line_number(ctx, optarg, &line)))
				return rc;
		} else if (opt == 'q') {
			if (svc_fixed_parse(optarg, strlen(optarg), 4, &qty) ||
			    qty <= 0) {
				svc_warn(ctx, "--quantity wants a number above 0, "
				    "not '%s'", optarg);
				return SVC_EUSAGE;
			}
		} else
			return svc_usage(ctx);
	}
	if (optind + 1 != argc)
		return svc_usage(ctx);
	if (qty && !line) {
		svc_warn(ctx, "--quantity needs --line");
		return SVC_EUSAGE;
	}
	if (svc_rma_receive(ctx->txn, argv[optind], line, qty, &who, &r, &err))
		return svc_fail(ctx, &err);
	if (r.late) {
		svc_date_format(r.deadline, d);
		svc_warn(ctx, "warning: %s is past its deadline (%s)",
		    argv[optind], d);
	}
	if (r.split)
		fprintf(ctx->out, "%s/%lld\n", argv[optind], (long long)r.split);
	return 0;
}

int
cmd_return_dispose(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "line", required_argument, NULL, 'l' },
		{ "code", required_argument, NULL, 'c' },
		{ "condition", required_argument, NULL, 'C' },
		{ "symptom-area", required_argument, NULL, 'A' },
		{ "symptom", required_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 }
	};
	struct svc_actor who = svc_actor_of(ctx);
	struct svc_rma_repair rep = { NULL, NULL, NULL };
	struct svc_err err;
	const char *code = NULL;
	int64_t line = 0;
	int opt, rc, n;

	while ((opt = svc_getopt(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'l':
			if ((rc = line_number(ctx, optarg, &line)))
				return rc;
			break;
		case 'c':
			code = optarg;
			break;
		case 'C':
			rep.condition = optarg;
			break;
		case 'A':
			rep.symptom_area = optarg;
			break;
		case 'S':
			rep.symptom = optarg;
			break;
		default:
			return svc_usage(ctx);
		}
	}
	if (optind + 1 != argc)
		return svc_usage(ctx);
	if (svc_rma_dispose(ctx->txn, argv[optind], line, code, &rep, &who, &n,
	    &err))
		return svc_fail(ctx, &err);
	return 0;
}

/* --- flat import and export: one row per line with its return's --- */

static int
return_create_imported(struct svc_txn *txn, const struct svc_texts *in,
    const struct svc_actor *who, struct svc_buf *id, struct svc_err *err)
{
	return svc_rma_create(txn, in, SVC_RMA_IMPORT, who, id, err);
}

static int
return_line_imported(struct svc_txn *txn, const char *rma,
    const struct svc_texts *in, const struct svc_actor *who, int64_t *line,
    struct svc_err *err)
{
	return svc_rma_line_add(txn, rma, in, SVC_RMA_IMPORT, who, line, err);
}

static const struct svc_flat return_flat_spec = { &svc_return_table,
	&svc_return_line_table, NULL, return_create_imported,
	return_line_imported, NULL, NULL };

static int
return_flat(struct svc_ctx *ctx, int argc, char **argv, int import)
{
	return import ? svc_flat_import(ctx, &return_flat_spec, argc, argv) :
	    svc_flat_export(ctx, &return_flat_spec, argc, argv);
}

/* svc return show: export's rows, or sections, or one JSON object */
int
cmd_return_show(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct svc_table *const parts[] = {
		&svc_return_line_table };
	static const char *const titles[] = { "lines" };
	static const struct svc_show spec = { &return_flat_spec, parts, titles,
		1 };

	return svc_show_with_parts(ctx, argc, argv, &spec);
}

int
cmd_return_export(int argc, char **argv, struct svc_ctx *ctx)
{
	return return_flat(ctx, argc, argv, 0);
}

int
cmd_return_import(int argc, char **argv, struct svc_ctx *ctx)
{
	return return_flat(ctx, argc, argv, 1);
}

/* --- print: the return slip --- */

struct slip {
	struct svc_ctx *ctx;
	struct svc_buf a, b;
};

/* Column c of row as text in buf ("" when empty). */
static const char *
text_in(struct svc_row *row, int c, struct svc_buf *buf)
{
	svc_buf_reset(buf);
	if (svc_table_format(row->t, row, c, buf) < 0 || !buf->p)
		return "";
	return buf->p;
}

/* What happens to a line, in words. */
static void
outcome(struct slip *s, struct svc_row *l)
{
	FILE *out = s->ctx->out;
	struct svc_err err;
	struct svc_field *c = &l->f[RETURN_LINE_disposition_id];
	int done = svc_field_is(&l->f[RETURN_LINE_status], "done") ||
	    svc_field_is(&l->f[RETURN_LINE_status], "in-repair");
	char action[32] = "";

	if (c->null) {
		fputs("to be inspected", out);
		return;
	}
	if (svc_rma_action(s->ctx->txn, c->p, c->n, action, sizeof action,
	    &err))
		action[0] = '\0';
	if (!strcmp(action, "return"))
		fputs(done ? "sent back to you" : "to be sent back to you", out);
	else if (!strcmp(action, "repair"))
		fprintf(out, "%s %s", done ? "repaired on order" :
		    "to be repaired", done ? text_in(l, RETURN_LINE_order_id,
		    &s->a) : "");
	else {
		if (!strncmp(action, "replace-", 8))
			fprintf(out, "%s %s, ", done ? "replaced on order" :
			    "to be replaced", done ? text_in(l,
			    RETURN_LINE_order_id, &s->a) : "");
		if (!strcmp(action, "scrap") || !strcmp(action, "replace-scrap"))
			fputs(done ? "scrapped, " : "to be scrapped, ", out);
		if (!l->f[RETURN_LINE_credit].null)
			fprintf(out, "credited %s", text_in(l, RETURN_LINE_credit,
			    &s->a));
		else
			fputs("to be credited", out);
	}
}

static int
slip_line(void *arg, struct svc_row *l)
{
	struct slip *s = arg;
	FILE *out = s->ctx->out;
	int c = l->f[RETURN_LINE_item_id].null ? RETURN_LINE_object_id :
	    RETURN_LINE_item_id;

	fprintf(out, "%4lld  %s", (long long)l->f[RETURN_LINE_line].i,
	    text_in(l, c, &s->a));
	fprintf(out, "  quantity %s", text_in(l, RETURN_LINE_quantity, &s->a));
	fprintf(out, " at %s", text_in(l, RETURN_LINE_price, &s->a));
	fprintf(out, "  %s\n", text_in(l, RETURN_LINE_status, &s->a));
	if (c == RETURN_LINE_item_id && !l->f[RETURN_LINE_object_id].null)
		fprintf(out, "      object %s\n", text_in(l,
		    RETURN_LINE_object_id, &s->a));
	if (!l->f[RETURN_LINE_serial].null)
		fprintf(out, "      serial %s\n", text_in(l, RETURN_LINE_serial,
		    &s->a));
	fprintf(out, "      %s%s", text_in(l, RETURN_LINE_disposition_id,
	    &s->b), l->f[RETURN_LINE_disposition_id].null ? "" : ": ");
	outcome(s, l);
	fputc('\n', out);
	return ferror(out) ? SVC_EIO : 0;
}

int
cmd_return_print(int argc, char **argv, struct svc_ctx *ctx)
{
	struct slip s = { ctx, SVC_BUF_INIT, SVC_BUF_INIT };
	struct svc_row ret, cust, code;
	struct svc_buf key = SVC_BUF_INIT;
	struct svc_err err;
	struct svc_field *f;
	FILE *out = ctx->out;
	int first = svc_output_args(ctx, argc, argv), rc, found;

	if (first < 0)
		return -first;
	if (first + 1 != argc)
		return svc_usage(ctx);
	svc_row_init(&ret, &svc_return_table);
	svc_row_init(&cust, &svc_customer_table);
	svc_row_init(&code, &svc_code_table);
	if ((rc = svc_table_must_load(ctx->txn, &svc_return_table, argv[first],
	    &ret, &err))) {
		rc = svc_fail(ctx, &err);
		goto out;
	}
	/* names that cannot be read are left empty */
	f = &ret.f[RETURN_customer_id];
	svc_table_get(ctx->txn, &svc_customer_table, f->p, f->n, &cust, &found,
	    &err);
	f = &ret.f[RETURN_reason_id];
	if (svc_buf_printf(&key, "return-reason/%.*s", (int)f->n, f->p) >= 0)
		svc_table_get(ctx->txn, &svc_code_table, key.p, key.len, &code,
		    &found, &err);
	fprintf(out, "Return slip %s\n\n", argv[first]);
	fprintf(out, "Customer:  %s", text_in(&ret, RETURN_customer_id, &s.a));
	fprintf(out, " %s\n", text_in(&cust, CUSTOMER_name, &s.a));
	fprintf(out, "Reason:    %s", text_in(&ret, RETURN_reason_id, &s.a));
	fprintf(out, " %s\n", text_in(&code, CODE_description, &s.a));
	fprintf(out, "Deadline:  %s\n", text_in(&ret, RETURN_deadline, &s.a));
	fprintf(out, "Status:    %s\n", text_in(&ret, RETURN_status, &s.a));
	if (!ret.f[RETURN_replacement_order_id].null)
		fprintf(out, "Replacements: order %s\n", text_in(&ret,
		    RETURN_replacement_order_id, &s.a));
	if (!ret.f[RETURN_note].null)
		fprintf(out, "Note:      %s\n", text_in(&ret, RETURN_note, &s.a));
	fputs("\nLines:\n", out);
	if ((rc = svc_table_children(ctx->txn, &svc_return_line_table,
	    argv[first], slip_line, &s, &err)))
		rc = rc == SVC_EIO ? rc : svc_fail(ctx, &err);
out:
	svc_buf_free(&s.a);
	svc_buf_free(&s.b);
	svc_buf_free(&key);
	svc_row_free(&ret);
	svc_row_free(&cust);
	svc_row_free(&code);
	return rc;
}
