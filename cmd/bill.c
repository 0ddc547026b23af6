/* bill.c - the verbs of invoices: run, list, show, void, print */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/bill.h"
#include "../lib/date.h"
#include "../lib/master.h"
#include "../lib/money.h"
#include "../lib/param.h"
#include "cmd.h"

/* --- output: a row per line with its invoice's columns, or ledger --- */

static const char *const run_names[] = { "invoice_id", "kind", "date",
	"customer_id", "currency", "line", "source_kind", "source_id",
	"description", "category_id", "quantity", "net", "tax_code",
	"tax_rate", "tax", "total", "period_start", "period_end",
	"invoice_net", "invoice_tax", "invoice_total", "voids_id" };
#define RUN_COLS ((int)(sizeof run_names / sizeof run_names[0]))
#define S_ SVC_JSON_STRING
#define N_ SVC_JSON_NUMBER
static const enum svc_json_kind run_kinds[RUN_COLS] = { S_, S_, S_, S_, S_,
	N_, S_, S_, S_, S_, N_, N_, S_, N_, N_, N_, S_, S_, N_, N_, N_, S_ };
#undef S_
#undef N_

/* A field for "%.*s": its length and bytes, "" when empty. */
#define FIELD_TEXT(f) ((f)->null ? 0 : (int)(f)->n), ((f)->null ? "" : (f)->p)

struct printer {
	struct svc_ctx *ctx;
	struct svc_out *out;	/* NULL: ledger */
	int invoices, lines;
};

/* The currency column of an invoice or of an invoice line. */
static int
currency_col(const struct svc_row *row)
{
	return row->t == &svc_invoice_table ? INVOICE_currency :
	    INVOICE_LINE_currency;
}

/* A money column in its currency's decimals (buf: 32 bytes). */
static void
money_of(struct svc_row *row, int col, char *buf)
{
	struct svc_field *f = &row->f[col], *c = &row->f[currency_col(row)];
	int e = c->null ? -1 : svc_currency_exponent(c->p, c->n);

	if (f->null)
		buf[0] = '\0';
	else
		svc_fixed_format(f->i, e < 0 ? 2 : e, buf);
}

/* A date column (buf: 16 bytes). */
static void
date_of(struct svc_row *row, int col, char *buf)
{
	struct svc_field *f = &row->f[col];

	if (f->null)
		buf[0] = '\0';
	else
		svc_date_format(f->i, buf);
}

/* Column col of row as value k of a line of svc_out_row. */
static void
text_of(const struct svc_row *row, int col, const char **vp, size_t *vn,
    int k)
{
	const struct svc_field *f = &row->f[col];

	vp[k] = f->null ? "" : f->p;
	vn[k] = f->null ? 0 : f->n;
}

/* Value k is the text formatted in v[k]. */
static void
formatted(char (*v)[32], const char **vp, size_t *vn, int k)
{
	vp[k] = v[k];
	vn[k] = strlen(v[k]);
}

static int
csv_invoice(struct printer *p, const struct svc_invoice_out *inv)
{
	struct svc_row *h = inv->invoice;
	char v[RUN_COLS][32];
	const char *vp[RUN_COLS];
	size_t vn[RUN_COLS];
	int i, rc = 0;

	/* the invoice's columns, the same on each of its lines */
	text_of(h, INVOICE_id, vp, vn, 0);
	text_of(h, INVOICE_kind, vp, vn, 1);
	date_of(h, INVOICE_date, v[2]);
	formatted(v, vp, vn, 2);
	text_of(h, INVOICE_customer_id, vp, vn, 3);
	text_of(h, INVOICE_currency, vp, vn, 4);
	money_of(h, INVOICE_net, v[18]);
	formatted(v, vp, vn, 18);
	money_of(h, INVOICE_tax, v[19]);
	formatted(v, vp, vn, 19);
	money_of(h, INVOICE_total, v[20]);
	formatted(v, vp, vn, 20);
	text_of(h, INVOICE_voids_id, vp, vn, 21);
	for (i = 0; i < inv->nlines && !rc; i++) {
		struct svc_row *l = &inv->lines[i];

		snprintf(v[5], sizeof v[5], "%lld",
		    (long long)l->f[INVOICE_LINE_line].i);
		formatted(v, vp, vn, 5);
		text_of(l, INVOICE_LINE_source_kind, vp, vn, 6);
		text_of(l, INVOICE_LINE_source_id, vp, vn, 7);
		text_of(l, INVOICE_LINE_description, vp, vn, 8);
		text_of(l, INVOICE_LINE_category_id, vp, vn, 9);
		svc_fixed_format_trim(l->f[INVOICE_LINE_quantity].i, 4, v[10]);
		formatted(v, vp, vn, 10);
		money_of(l, INVOICE_LINE_net, v[11]);
		formatted(v, vp, vn, 11);
		text_of(l, INVOICE_LINE_tax_code, vp, vn, 12);
		svc_fixed_format(l->f[INVOICE_LINE_tax_rate_bp].i, 2, v[13]);
		formatted(v, vp, vn, 13);
		money_of(l, INVOICE_LINE_tax, v[14]);
		formatted(v, vp, vn, 14);
		money_of(l, INVOICE_LINE_total, v[15]);
		formatted(v, vp, vn, 15);
		date_of(l, INVOICE_LINE_period_start, v[16]);
		formatted(v, vp, vn, 16);
		date_of(l, INVOICE_LINE_period_end, v[17]);
		formatted(v, vp, vn, 17);
		rc = svc_out_row(p->out, vp, vn);
		p->lines++;
	}
	return rc;
}

/* An amount for a ledger posting: "-12.90 EUR". */
static int
ledger_amount(int64_t v, struct svc_row *row, struct svc_buf *buf)
{
	struct svc_field *c = &row->f[currency_col(row)];
	int e = c->null ? -1 : svc_currency_exponent(c->p, c->n);
	char n[32];

	svc_fixed_format(v, e < 0 ? 2 : e, n);
	svc_buf_reset(buf);
	return svc_buf_printf(buf, "%s %.*s", n, FIELD_TEXT(c)) < 0 ?
	    SVC_ESYSTEM : 0;
}

/* One posting: "    ACCOUNT  AMOUNT" and an optional comment. */
static int
ledger_posting(FILE *out, struct svc_buf *acct, int64_t v,
    struct svc_row *row, const char *comment)
{
	struct svc_buf amt = SVC_BUF_INIT;
	int rc;

	if (!(rc = ledger_amount(v, row, &amt))) {
		if (comment)
			fprintf(out, "    %-50s  %s  ; %s\n", acct->p, amt.p,
			    comment);
		else
			fprintf(out, "    %-50s  %s\n", acct->p, amt.p);
	}
	svc_buf_free(&amt);
	return rc;
}

/* 1 when lines a and b have the same tax code (or both none). */
static int
same_tax_code(const struct svc_row *a, const struct svc_row *b)
{
	const struct svc_field *x = &a->f[INVOICE_LINE_tax_code];
	const struct svc_field *y = &b->f[INVOICE_LINE_tax_code];
	size_t xn = x->null ? 0 : x->n, yn = y->null ? 0 : y->n;

	return xn == yn && (xn == 0 || memcmp(x->p, y->p, xn) == 0);
}

/* hledger/ledger: the invoice number as the entry's code, the customer's
 * name as its payee; the receivable against revenue per line and tax per
 * tax code; the postings of one entry sum to zero (the invoice's tax is
 * the sum of its lines'). */
static int
ledger_invoice(struct printer *p, const struct svc_invoice_out *inv)
{
	FILE *out = p->ctx->out;
	struct svc_row *h = inv->invoice, c;
	struct svc_buf acct = SVC_BUF_INIT, note = SVC_BUF_INIT;
	const char *id = svc_row_text(h, INVOICE_id);
	const char *cust = svc_row_text(h, INVOICE_customer_id);
	const char *voids = svc_row_text(h, INVOICE_voids_id);
	struct svc_err err;
	struct svc_field *name;
	char d[16];
	int i, rc = 0, found;

	if (!id || !cust || !voids)
		return SVC_ESYSTEM;
	svc_row_init(&c, &svc_customer_table);
	if (svc_table_load(p->ctx->txn, &svc_customer_table, cust,
	    strlen(cust), &c, &found, &err)) {
		svc_row_free(&c);
		return svc_fail(p->ctx, &err);
	}
	name = found ? &c.f[CUSTOMER_name] : &h->f[INVOICE_customer_id];
	date_of(h, INVOICE_date, d);
	/* a payee holds no '|' (the note's separator) nor a line end */
	fprintf(out, "%s (%s) ", d, id);
	for (i = 0; i < (int)name->n; i++)
		fputc(name->p[i] == '|' || name->p[i] == '\n' ||
		    name->p[i] == '\r' ? ' ' : name->p[i], out);
	if (*voids)
		fprintf(out, " | credit note voiding %s\n", voids);
	else
		fprintf(out, " | invoice\n");
	svc_row_free(&c);
	if (svc_buf_printf(&acct, "assets:receivable:%s", cust) < 0) {
		rc = SVC_ESYSTEM;
		goto out;
	}
	if ((rc = ledger_posting(out, &acct, h->f[INVOICE_total].i, h, NULL)))
		goto out;
	for (i = 0; i < inv->nlines && !rc; i++) {
		struct svc_row *l = &inv->lines[i];
		struct svc_field *cat = &l->f[INVOICE_LINE_category_id];
		struct svc_field *kind = &l->f[INVOICE_LINE_source_kind];
		struct svc_field *src = &l->f[INVOICE_LINE_source_id];
		struct svc_field *a = cat->null || !cat->n ? kind : cat;

		svc_buf_reset(&acct);
		svc_buf_reset(&note);
		if (svc_buf_printf(&acct, "revenue:%.*s", FIELD_TEXT(a)) < 0 ||
		    svc_buf_printf(&note, "%.*s %.*s", FIELD_TEXT(kind),
		    FIELD_TEXT(src)) < 0) {
			rc = SVC_ESYSTEM;
			break;
		}
		rc = ledger_posting(out, &acct, -l->f[INVOICE_LINE_net].i, l,
		    note.p);
	}
	/* tax: one posting per tax code, in the order the codes come */
	for (i = 0; i < inv->nlines && !rc; i++) {
		struct svc_row *l = &inv->lines[i];
		struct svc_field *code = &l->f[INVOICE_LINE_tax_code];
		int64_t sum = 0;
		int j, seen = 0;

		for (j = 0; j < i && !seen; j++)
			seen = same_tax_code(l, &inv->lines[j]);
		if (seen)
			continue;
		for (j = i; j < inv->nlines; j++)
			if (same_tax_code(l, &inv->lines[j]))
				sum += inv->lines[j].f[INVOICE_LINE_tax].i;
		if (sum == 0)
			continue;
		svc_buf_reset(&acct);
		if (svc_buf_printf(&acct, "liabilities:tax:%.*s",
		    FIELD_TEXT(code)) < 0) {
			rc = SVC_ESYSTEM;
			break;
		}
		rc = ledger_posting(out, &acct, -sum, l, NULL);
	}
	if (!rc)
		fputc('\n', out);
out:
	svc_buf_free(&acct);
	svc_buf_free(&note);
	if (rc)
		return rc;
	return ferror(out) ? SVC_EIO : 0;
}

static int
print_invoice(void *arg, const struct svc_invoice_out *inv)
{
	struct printer *p = arg;

	p->invoices++;
	return p->out ? csv_invoice(p, inv) : ledger_invoice(p, inv);
}

/* -t, --format (csv tsv table json ledger) */
static int
format_opt(struct svc_ctx *ctx, int opt, const char *arg, int *ledger)
{
	if (opt == 'F' && strcmp(arg, "ledger") == 0) {
		*ledger = 1;
		return 1;
	}
	return svc_output_opt(ctx, opt, arg);
}

static int
printer_begin(struct svc_ctx *ctx, int ledger, struct printer *p)
{
	memset(p, 0, sizeof *p);
	p->ctx = ctx;
	if (ledger)
		return 0;
	if (!(p->out = svc_out_ctx(ctx, run_names, run_kinds,
	    RUN_COLS)))
		return SVC_ESYSTEM;
	return 0;
}

static int
printer_end(struct printer *p, int rc)
{
	int rc2 = p->out ? svc_out_end(p->out) : 0;

	return rc ? rc : rc2;
}

/* --- run --- */

struct wanted {
	struct svc_buf ids;	/* "\nC1\nC2\n" */
	int all;
	struct svc_ctx *ctx;
};

static int
want_id(void *arg, const char *id)
{
	struct wanted *w = arg;
	struct svc_err err;
	int found;

	if (svc_table_exists(w->ctx->txn, &svc_customer_table, id, strlen(id),
	    &found, &err))
		return svc_fail(w->ctx, &err);
	if (!found) {
		svc_warn(w->ctx, "no customer '%s'", id);
		return SVC_ENOTFOUND;
	}
	return svc_buf_printf(&w->ids, "%s\n", id) < 0 ? SVC_ESYSTEM : 0;
}

/* 1 when customer is among the ids given ("\nC1\nC2\n"). */
static int
wanted(void *arg, const char *customer)
{
	struct wanted *w = arg;
	size_t n = strlen(customer);
	const char *p, *end;

	if (!w->ids.p)
		return 0;
	end = w->ids.p + w->ids.len;
	for (p = w->ids.p; (p = memchr(p, '\n', (size_t)(end - p))); p++)
		if ((size_t)(end - p) > n + 1 &&
		    memcmp(p + 1, customer, n) == 0 && p[n + 1] == '\n')
			return 1;
	return 0;
}

/* Orders signed off but not posted: posted first (--post), or named in
 * a warning, since the run bills only what is posted. */
struct unposted {
	struct svc_ctx *ctx;
	int post;
	int64_t through;
	struct svc_actor who;
	int n;
	struct svc_buf first;	/* the first few ids, for the warning */
	struct svc_err *err;
};

static int
unposted_one(void *arg, const char *order)
{
	struct unposted *u = arg;
	int posted;

	if (u->post)
		return svc_order_post(u->ctx->txn, order, u->through, 1, &u->who,
		    &posted, u->err);
	if (u->n++ < 5 && svc_buf_printf(&u->first, "%s%s", u->n > 1 ?
	    ", " : "", order) < 0)
		return svc_err_set(u->err, SVC_ESYSTEM, "out of memory");
	return 0;
}

int
cmd_bill_run(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "through", required_argument, NULL, 'T' },
		{ "date", required_argument, NULL, 'd' },
		{ "customer", required_argument, NULL, 'c' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "post", no_argument, NULL, 'p' },
		OUTPUT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct svc_actor who = svc_actor_of(ctx);
	struct wanted w = { SVC_BUF_INIT, 1, ctx };
	struct unposted u;
	struct printer p;
	struct svc_err err;
	int64_t through = INT64_MIN, date = svc_date_of_instant(ctx->now);
	const char *cust = NULL;
	int opt, rc, dry = 0, ledger = 0, post = 0;

	while ((opt = svc_getopt(argc, argv, "t", opts, NULL)) != -1) {
		switch (opt) {
		case 'T':
		case 'd':
			if ((rc = svc_day_arg(ctx, opt == 'T' ? "--through" :
			    "--date", optarg, opt == 'T' ? &through : &date)))
				return rc;
			break;
		case 'c':
			cust = optarg;
			break;
		case 'n':
			dry = 1;
			break;
		case 'p':
			post = 1;
			break;
		default:
			if ((rc = format_opt(ctx, opt, optarg, &ledger)) != 1)
				return rc < 0 ? SVC_EUSAGE : svc_usage(ctx);
		}
	}
	if (optind != argc || through == INT64_MIN) {
		svc_warn(ctx, "give --through DATE");
		return SVC_EUSAGE;
	}
	if (cust) {
		char *one[1] = { (char *)cust };

		w.all = 0;
		if (svc_buf_addc(&w.ids, '\n') < 0)
			return SVC_ESYSTEM;
		if ((rc = svc_each_id(ctx, 1, one, &svc_customer_table, want_id, &w))) {
			svc_buf_free(&w.ids);
			return rc;
		}
	}
	memset(&u, 0, sizeof u);
	u.ctx = ctx;
	u.post = post;
	u.through = through;
	u.who = who;
	u.err = &err;
	if (svc_order_unposted(ctx->txn, w.all ? NULL : wanted, &w,
	    unposted_one, &u, &err)) {
		svc_buf_free(&w.ids);
		svc_buf_free(&u.first);
		return svc_fail(ctx, &err);
	}
	if (u.n)
		svc_warn(ctx, "%d order%s signed off but not posted, so not "
		    "billed: %s%s (svc order post, or svc bill run --post)", u.n,
		    u.n == 1 ? " is" : "s are", u.first.p, u.n > 5 ? ", ..." : "");
	svc_buf_free(&u.first);
	if ((rc = printer_begin(ctx, ledger, &p))) {
		svc_buf_free(&w.ids);
		return rc;
	}
	if (svc_bill_run(ctx->txn, through, date, w.all ? NULL : wanted, &w,
	    &who, print_invoice, &p, &err))
		rc = svc_fail(ctx, &err);
	svc_buf_free(&w.ids);
	ctx->dry_run = dry;
	return printer_end(&p, rc);
}

/* --- void, show, print --- */

int
cmd_bill_void(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "rebill", no_argument, NULL, 'b' },
		{ "date", required_argument, NULL, 'd' },
		OUTPUT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct svc_actor who = svc_actor_of(ctx);
	struct printer p;
	struct svc_err err;
	int64_t date = svc_date_of_instant(ctx->now);
	const char *reason = NULL;
	int opt, rc, rebill = 0, ledger = 0;

	while ((opt = svc_getopt(argc, argv, "t", opts, NULL)) != -1) {
		if (opt == 'r')
			reason = optarg;
		else if (opt == 'b')
			rebill = 1;
		else if (opt == 'd') {
			if ((rc = svc_day_arg(ctx, "--date", optarg, &date)))
				return rc;
		} else if ((rc = format_opt(ctx, opt, optarg, &ledger)) != 1)
			return rc < 0 ? SVC_EUSAGE : svc_usage(ctx);
	}
	if (argc - optind != 1)
		return svc_usage(ctx);
	if ((rc = printer_begin(ctx, ledger, &p)))
		return rc;
	if (svc_bill_void(ctx->txn, argv[optind], reason, rebill, date, &who,
	    print_invoice, &p, &err))
		rc = svc_fail(ctx, &err);
	return printer_end(&p, rc);
}

/* 1 when the arguments ask for --format ledger (which the generic
 * show and list do not know). */
static int
asks_ledger(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--format=ledger") == 0 ||
		    (strcmp(argv[i], "--format") == 0 && i + 1 < argc &&
		    strcmp(argv[i + 1], "ledger") == 0))
			return 1;
	return 0;
}

struct ledger_list {
	struct printer *p;
	struct svc_buf ids;	/* NUL-separated */
};

static int
note_invoice(void *arg, struct svc_row *row)
{
	struct ledger_list *l = arg;

	return svc_buf_add(&l->ids, row->f[INVOICE_id].p, row->f[INVOICE_id].n)
	    || svc_buf_addc(&l->ids, '\0') ? SVC_ESYSTEM : 0;
}

/* An invoice named on the command line (or on stdin), noted once it
 * is known. */
static int
note_invoice_id(void *arg, const char *id)
{
	struct ledger_list *l = arg;
	struct svc_err err;
	int rc, found;

	if ((rc = svc_table_exists(l->p->ctx->txn, &svc_invoice_table, id,
	    strlen(id), &found, &err)))
		return svc_fail(l->p->ctx, &err);
	if (!found) {
		svc_warn(l->p->ctx, "no invoice '%s'", id);
		return SVC_ENOTFOUND;
	}
	return svc_buf_add(&l->ids, id, strlen(id) + 1) ? SVC_ESYSTEM : 0;
}

/* Writes invoices as ledger entries, as the run wrote them: those named
 * (show), or those that pass the --where filters (list). */
static int
ledger_invoices(struct svc_ctx *ctx, int argc, char **argv, int named)
{
	static const struct option opts[] = {
		{ "where", required_argument, NULL, 'w' },
		OUTPUT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct svc_filter f[16];
	struct ledger_list l = { NULL, SVC_BUF_INIT };
	struct svc_invoice_out inv;
	struct printer p;
	struct svc_err err;
	int opt, rc = 0, nf = 0, ledger = 0, i;
	size_t at;

	while ((opt = svc_getopt(argc, argv, "t", opts, NULL)) != -1) {
		if (opt == 'w' && !named && nf < 16) {
			if (svc_filter_parse(&svc_invoice_table, optarg, &f[nf],
			    &err)) {
				rc = svc_fail(ctx, &err);
				rc = rc == SVC_EDATA ? SVC_EUSAGE : rc;
				goto out;
			}
			nf++;
		} else if (opt == 'w') {
			rc = svc_usage(ctx);
			goto out;
		} else if ((rc = format_opt(ctx, opt, optarg, &ledger)) != 1) {
			rc = rc < 0 ? SVC_EUSAGE : svc_usage(ctx);
			goto out;
		}
	}
	/* --where taken by run() (bill list prints rows) */
	for (i = 0; !named && i < ctx->nwhere; i++) {
		if (nf == 16) {
			rc = svc_usage(ctx);
			goto out;
		}
		if (svc_filter_parse(&svc_invoice_table, ctx->where[i], &f[nf],
		    &err)) {
			rc = svc_fail(ctx, &err);
			rc = rc == SVC_EDATA ? SVC_EUSAGE : rc;
			goto out;
		}
		nf++;
	}
	rc = 0;
	if (named ? optind >= argc : optind != argc) {
		rc = svc_usage(ctx);
		goto out;
	}
	printer_begin(ctx, 1, &p);
	l.p = &p;
	if (named)
		rc = svc_each_id(ctx, argc - optind, argv + optind,
		    &svc_invoice_table, note_invoice_id, &l);
	else if ((rc = svc_table_scan(ctx->txn, &svc_invoice_table, f, nf,
	    note_invoice, &l, &err)))
		rc = rc == SVC_ESYSTEM ? rc : svc_fail(ctx, &err);
	for (at = 0; !rc && at < l.ids.len; at += strlen(l.ids.p + at) + 1) {
		if (svc_bill_load(ctx->txn, l.ids.p + at, &inv, &err)) {
			rc = svc_fail(ctx, &err);
			break;
		}
		rc = ledger_invoice(&p, &inv);
		svc_bill_free(&inv);
	}
out:
	for (i = 0; i < nf; i++)
		svc_filter_free(&f[i]);
	svc_buf_free(&l.ids);
	return rc;
}

/* Invoices with their lines as one row per line, as svc order export
 * writes orders: what svc bill show writes as CSV.  Invoices are made by
 * the bill run only, so there is no import. */
static const struct svc_flat invoice_flat = { &svc_invoice_table,
	&svc_invoice_line_table, NULL, NULL, NULL, NULL, NULL };

int
cmd_bill_show(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct svc_table *const parts[] = {
		&svc_invoice_line_table };
	static const char *const titles[] = { "lines" };
	static const struct svc_show spec = { &invoice_flat, parts, titles, 1 };

	if (asks_ledger(argc, argv))
		return ledger_invoices(ctx, argc, argv, 1);
	return svc_show_with_parts(ctx, argc, argv, &spec);
}

int
cmd_bill_list(int argc, char **argv, struct svc_ctx *ctx)
{
	if (asks_ledger(argc, argv))
		return ledger_invoices(ctx, argc, argv, 0);
	ctx->table = &svc_invoice_table;
	return cmd_table_list(argc, argv, ctx);
}

/* The next piece of a description at most width bytes wide, from *at:
 * broken after the last space that fits or at a line break, a word
 * wider than width cut (not inside a UTF-8 character).  0 when none is
 * left. */
static int
wrap_next(const char *s, size_t n, size_t *at, size_t width, size_t *start,
    size_t *len)
{
	size_t i = *at, end, brk = 0;

	while (i < n && isspace((unsigned char)s[i]))
		i++;
	if (i >= n)
		return 0;
	*start = i;
	for (end = i; end < n && end <= i + width; end++) {
		if (s[end] == '\n') {
			brk = end;
			break;
		}
		if (isspace((unsigned char)s[end]))
			brk = end;
	}
	if (end == n && n - i <= width)
		brk = n;
	if (brk > i)
		*len = brk - i;
	else {
		*len = width;
		while (*len > 1 && ((unsigned char)s[i + *len] & 0xC0) == 0x80)
			(*len)--;
	}
	*at = i + *len;
	while (*len > 0 && isspace((unsigned char)s[i + *len - 1]))
		(*len)--;
	return 1;
}

/* A configuration parameter's text in *val (to be freed; "" when unset). */
static int
param_text(struct svc_ctx *ctx, const char *name, char **val)
{
	struct svc_err err;

	*val = NULL;
	if (svc_param_get(ctx->txn, name, val, &err))
		return svc_fail(ctx, &err);
	if (!*val && !(*val = strdup("")))
		return SVC_ESYSTEM;
	return 0;
}

/* Lines of a configured text, separated by ';' or line breaks, each
 * after indent. */
static void
print_lines(FILE *out, const char *indent, const char *s)
{
	size_t n;

	while (*s) {
		while (*s == ' ' || *s == ';' || *s == '\n')
			s++;
		n = strcspn(s, ";\n");
		while (n > 0 && s[n - 1] == ' ')
			n--;
		if (n)
			fprintf(out, "%s%.*s\n", indent, (int)n, s);
		s += strcspn(s, ";\n");
	}
}

/* The seller (company_name, company_address, company_vat_id), when
 * configured. */
static int
print_seller(struct svc_ctx *ctx, FILE *out)
{
	char *name = NULL, *addr = NULL, *vat = NULL;
	int rc;

	if ((rc = param_text(ctx, "company_name", &name)) ||
	    (rc = param_text(ctx, "company_address", &addr)) ||
	    (rc = param_text(ctx, "company_vat_id", &vat)))
		goto out;
	if (*name || *addr || *vat) {
		fprintf(out, "\nFrom:     %s\n", name);
		print_lines(out, "          ", addr);
		if (*vat)
			fprintf(out, "          VAT ID: %s\n", vat);
	}
out:
	free(name);
	free(addr);
	free(vat);
	return rc;
}

/* A plain-text invoice for the customer. */
int
cmd_bill_print(int argc, char **argv, struct svc_ctx *ctx)
{
	struct svc_invoice_out inv;
	struct svc_row cust, *h;
	struct svc_err err;
	FILE *out = ctx->out;
	const char *custid, *id, *voids, *reason, *cur;
	char c[32], d[32], e[32];
	int first = svc_output_args(ctx, argc, argv), rc, i, found;

	if (first < 0)
		return -first;
	if (first + 1 != argc)
		return svc_usage(ctx);
	svc_row_init(&cust, &svc_customer_table);
	if (svc_bill_load(ctx->txn, argv[first], &inv, &err)) {
		rc = svc_fail(ctx, &err);
		goto out;
	}
	h = inv.invoice;
	custid = svc_row_text(h, INVOICE_customer_id);
	id = svc_row_text(h, INVOICE_id);
	voids = svc_row_text(h, INVOICE_voids_id);
	reason = svc_row_text(h, INVOICE_reason_id);
	cur = svc_row_text(h, INVOICE_currency);
	if (!custid || !id || !voids || !reason || !cur) {
		rc = SVC_ESYSTEM;
		goto out;
	}
	if (svc_table_load(ctx->txn, &svc_customer_table, custid,
	    strlen(custid), &cust, &found, &err)) {
		rc = svc_fail(ctx, &err);
		goto out;
	}
	date_of(h, INVOICE_date, c);
	fprintf(out, "%-50s %28s\n", svc_field_is(&h->f[INVOICE_kind],
	    "credit-note") ? "CREDIT NOTE" : "INVOICE", id);
	fprintf(out, "%-50s %28s\n", "", c);
	if ((rc = print_seller(ctx, out)))
		goto out;
	fprintf(out, "\nCustomer: %s\n", custid);
	if (found) {
		char *name = svc_row_text(&cust, CUSTOMER_name);
		char *addr = svc_row_text(&cust, CUSTOMER_address);
		char *line, *save = NULL;

		if (!name || !addr) {
			rc = SVC_ESYSTEM;
			goto out;
		}
		fprintf(out, "          %s\n", name);
		for (line = strtok_r(addr, "\n", &save); line;
		    line = strtok_r(NULL, "\n", &save))
			fprintf(out, "          %s\n", line);
	}
	if (*voids)
		fprintf(out, "\nReverses invoice %s (reason %s).\n", voids,
		    reason);
	date_of(h, INVOICE_through_date, c);
	if (*c)
		fprintf(out, "\nFor what was due by %s.\n", c);
	fprintf(out, "\n%3s  %-42s %8s %12s %5s\n", "#", "Description",
	    "Quantity", "Net", "Tax%");
	for (i = 0; i < inv.nlines; i++) {
		struct svc_row *l = &inv.lines[i];
		struct svc_field *desc = &l->f[INVOICE_LINE_description];
		const char *dp = desc->null ? "" : desc->p;
		size_t dn = desc->null ? 0 : desc->n, at = 0, start = 0, len = 0;

		svc_fixed_format_trim(l->f[INVOICE_LINE_quantity].i, 4, c);
		money_of(l, INVOICE_LINE_net, d);
		svc_fixed_format_trim(l->f[INVOICE_LINE_tax_rate_bp].i, 2, e);
		/* a long description goes on below, under its column */
		wrap_next(dp, dn, &at, 42, &start, &len);
		fprintf(out, "%3lld  %-42.*s %8s %12s %5s\n",
		    (long long)l->f[INVOICE_LINE_line].i, (int)len, dp + start,
		    c, d, e);
		while (wrap_next(dp, dn, &at, 42, &start, &len))
			fprintf(out, "     %.*s\n", (int)len, dp + start);
	}
	money_of(h, INVOICE_net, c);
	money_of(h, INVOICE_tax, d);
	money_of(h, INVOICE_total, e);
	fprintf(out, "\n%56s %12s\n", "Net", c);
	fprintf(out, "%56s %12s\n", "Tax", d);
	fprintf(out, "%56s %12s %s\n", "Total", e, cur);
	if (!svc_field_is(&h->f[INVOICE_kind], "credit-note") &&
	    !h->f[INVOICE_date].null) {
		char *terms = NULL;

		/* the due date: the invoice's date plus the payment terms */
		if ((rc = param_text(ctx, "payment_terms_days", &terms)))
			goto out;
		svc_date_format(h->f[INVOICE_date].i + atol(terms), c);
		fprintf(out, "\nDue: %s (payment terms: %ld days)\n", c,
		    atol(terms));
		free(terms);
	}
	rc = ferror(out) ? SVC_EIO : 0;
out:
	svc_row_free(&cust);
	svc_bill_free(&inv);
	return rc;
}
