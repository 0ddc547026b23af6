/* bill.c - the verbs of invoices: run, list, show, void, print */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/bill.h"
#include "../lib/date.h"
#include "../lib/money.h"
#include "cmd.h"

#define F(row, col) svc_row_field_named(row, col)

/* --- output: a row per line with its invoice's columns, or ledger --- */

static const char *const run_names[] = { "invoice_id", "kind", "date",
	"customer_id", "currency", "line", "source_kind", "source_id",
	"description", "category_id", "quantity", "net", "tax_code",
	"tax_rate", "tax", "total", "period_start", "period_end",
	"invoice_net", "invoice_tax", "invoice_total", "voids_id" };
#define RUN_COLS ((int)(sizeof run_names / sizeof run_names[0]))

struct printer {
	struct svc_ctx *ctx;
	struct svc_out *out;	/* NULL: ledger */
	int invoices, lines;
};

static void
text_of(struct svc_row *row, const char *col, char *buf, size_t size)
{
	struct svc_field *f = F(row, col);

	snprintf(buf, size, "%.*s", f->null ? 0 : (int)f->n, f->null ? "" :
	    f->p);
}

/* A money column in its currency's decimals. */
static void
money_of(struct svc_row *row, const char *col, char *buf)
{
	struct svc_field *f = F(row, col), *c = F(row, "currency");
	int e = svc_currency_exponent(c->p, c->n);

	if (f->null)
		buf[0] = '\0';
	else
		svc_fixed_format(f->i, e < 0 ? 2 : e, buf);
}

static void
date_of(struct svc_row *row, const char *col, char *buf)
{
	struct svc_field *f = F(row, col);

	if (f->null)
		buf[0] = '\0';
	else
		svc_date_format(f->i, buf);
}

static int
csv_invoice(struct printer *p, const struct svc_invoice_out *inv)
{
	char v[RUN_COLS][300];
	const char *vp[RUN_COLS];
	int i, k, rc = 0;

	for (i = 0; i < inv->nlines && !rc; i++) {
		struct svc_row *h = inv->invoice, *l = &inv->lines[i];

		text_of(h, "id", v[0], 300);
		text_of(h, "kind", v[1], 300);
		date_of(h, "date", v[2]);
		text_of(h, "customer_id", v[3], 300);
		text_of(h, "currency", v[4], 300);
		snprintf(v[5], 300, "%lld", (long long)F(l, "line")->i);
		text_of(l, "source_kind", v[6], 300);
		text_of(l, "source_id", v[7], 300);
		text_of(l, "description", v[8], 300);
		text_of(l, "category_id", v[9], 300);
		svc_fixed_format_trim(F(l, "quantity")->i, 4, v[10]);
		money_of(l, "net", v[11]);
		text_of(l, "tax_code", v[12], 300);
		svc_fixed_format(F(l, "tax_rate_bp")->i, 2, v[13]);
		money_of(l, "tax", v[14]);
		money_of(l, "total", v[15]);
		date_of(l, "period_start", v[16]);
		date_of(l, "period_end", v[17]);
		money_of(h, "net", v[18]);
		money_of(h, "tax", v[19]);
		money_of(h, "total", v[20]);
		text_of(h, "voids_id", v[21], 300);
		for (k = 0; k < RUN_COLS; k++)
			vp[k] = v[k];
		rc = svc_out_row(p->out, vp, NULL);
		p->lines++;
	}
	return rc;
}

/* An amount for a ledger posting: "-12.90 EUR". */
static void
ledger_amount(int64_t v, struct svc_row *row, char *buf)
{
	struct svc_field *c = F(row, "currency");
	int e = svc_currency_exponent(c->p, c->n);
	char n[32];

	svc_fixed_format(v, e < 0 ? 2 : e, n);
	snprintf(buf, 48, "%s %.*s", n, (int)c->n, c->p);
}

/* hledger/ledger: the receivable against revenue per line and tax per
 * tax code; the postings of one entry sum to zero (the invoice's tax is
 * the sum of its lines'). */
static int
ledger_invoice(struct printer *p, const struct svc_invoice_out *inv)
{
	FILE *out = p->ctx->out;
	struct svc_row *h = inv->invoice;
	char id[80], d[16], cust[80], acct[200], amt[48];
	int i;

	text_of(h, "id", id, sizeof id);
	date_of(h, "date", d);
	text_of(h, "customer_id", cust, sizeof cust);
	fprintf(out, "%s %s %s %s\n", d, id, svc_field_is(F(h, "kind"),
	    "credit-note") ? "credit note for" : "invoice to", cust);
	ledger_amount(F(h, "total")->i, h, amt);
	snprintf(acct, sizeof acct, "assets:receivable:%s", cust);
	fprintf(out, "    %-50s  %s\n", acct, amt);
	for (i = 0; i < inv->nlines; i++) {
		struct svc_row *l = &inv->lines[i];
		char cat[80], src[160], kind[16];

		text_of(l, "category_id", cat, sizeof cat);
		text_of(l, "source_kind", kind, sizeof kind);
		text_of(l, "source_id", src, sizeof src);
		snprintf(acct, sizeof acct, "revenue:%s", *cat ? cat : kind);
		ledger_amount(-F(l, "net")->i, l, amt);
		fprintf(out, "    %-50s  %s  ; %s %s\n", acct, amt, kind, src);
	}
	/* tax: one posting per tax code, in the order the codes come */
	for (i = 0; i < inv->nlines; i++) {
		struct svc_row *l = &inv->lines[i];
		char code[80], other[80];
		int64_t sum = 0;
		int j, seen = 0;

		text_of(l, "tax_code", code, sizeof code);
		for (j = 0; j < i && !seen; j++) {
			text_of(&inv->lines[j], "tax_code", other, sizeof other);
			seen = strcmp(code, other) == 0;
		}
		if (seen)
			continue;
		for (j = i; j < inv->nlines; j++) {
			text_of(&inv->lines[j], "tax_code", other, sizeof other);
			if (strcmp(code, other) == 0)
				sum += F(&inv->lines[j], "tax")->i;
		}
		if (sum == 0)
			continue;
		snprintf(acct, sizeof acct, "liabilities:tax:%s", code);
		ledger_amount(-sum, l, amt);
		fprintf(out, "    %-50s  %s\n", acct, amt);
	}
	fputc('\n', out);
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
	if (!(p->out = svc_out_begin(ctx->out, ctx->format, run_names, NULL,
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
	int rc = svc_table_exists_old(w->ctx->txn, &svc_customer_table, id, strlen(id),
	    &err);

	if (rc <= 0) {
		if (rc < 0)
			return svc_fail(w->ctx, &err);
		svc_warn(w->ctx, "no customer '%s'", id);
		return SVC_ENOTFOUND;
	}
	return svc_buf_printf(&w->ids, "%s\n", id) < 0 ? SVC_ESYSTEM : 0;
}

static int
wanted(void *arg, const char *customer)
{
	struct wanted *w = arg;
	char needle[100];

	snprintf(needle, sizeof needle, "\n%s\n", customer);
	return w->ids.p && strstr(w->ids.p, needle) != NULL;
}

int
cmd_bill_run(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "through", required_argument, NULL, 'T' },
		{ "date", required_argument, NULL, 'd' },
		{ "customer", required_argument, NULL, 'c' },
		{ "dry-run", no_argument, NULL, 'n' },
		OUTPUT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct svc_actor who = svc_actor_of(ctx);
	struct wanted w = { SVC_BUF_INIT, 1, ctx };
	struct printer p;
	struct svc_err err;
	int64_t through = INT64_MIN, date = ctx->now / 86400;
	const char *cust = NULL;
	int opt, rc, dry = 0, ledger = 0;

	while ((opt = getopt_long(argc, argv, "t", opts, NULL)) != -1) {
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
	int64_t date = ctx->now / 86400;
	const char *reason = NULL;
	int opt, rc, rebill = 0, ledger = 0;

	while ((opt = getopt_long(argc, argv, "t", opts, NULL)) != -1) {
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

int
cmd_bill_show(int argc, char **argv, struct svc_ctx *ctx)
{
	static const char *const parts[] = { "invoice-line" };
	static const char *const titles[] = { "lines" };

	ctx->table = &svc_invoice_table;
	return svc_show_with_parts(ctx, argc, argv, &svc_invoice_table, parts, titles,
	    1);
}

int
cmd_bill_list(int argc, char **argv, struct svc_ctx *ctx)
{
	ctx->table = &svc_invoice_table;
	return cmd_table_list(argc, argv, ctx);
}

/* A plain-text invoice for the customer. */
int
cmd_bill_print(int argc, char **argv, struct svc_ctx *ctx)
{
	struct svc_invoice_out inv;
	struct svc_row cust;
	struct svc_err err;
	FILE *out = ctx->out;
	char a[300], b[64], c[64], d[64], e[64];
	int first = svc_output_args(ctx, argc, argv), rc, i;

	if (first < 0)
		return -first;
	if (first + 1 != argc)
		return svc_usage(ctx);
	if (svc_bill_load(ctx->txn, argv[first], &inv, &err)) {
		rc = svc_fail(ctx, &err);
		svc_bill_free(&inv);
		return rc;
	}
	svc_row_init(&cust, &svc_customer_table);
	text_of(inv.invoice, "customer_id", a, sizeof a);
	rc = svc_table_load_old(ctx->txn, &svc_customer_table, a, strlen(a), &cust, &err);
	text_of(inv.invoice, "id", b, sizeof b);
	date_of(inv.invoice, "date", c);
	fprintf(out, "%-50s %28s\n", svc_field_is(F(inv.invoice, "kind"),
	    "credit-note") ? "CREDIT NOTE" : "INVOICE", b);
	fprintf(out, "%-50s %28s\n", "", c);
	fprintf(out, "\nCustomer: %s\n", a);
	if (rc > 0) {
		text_of(&cust, "name", a, sizeof a);
		fprintf(out, "          %s\n", a);
		text_of(&cust, "address", a, sizeof a);
		if (*a) {
			char *s, *save = NULL;
			for (s = strtok_r(a, "\n", &save); s;
			    s = strtok_r(NULL, "\n", &save))
				fprintf(out, "          %s\n", s);
		}
	}
	text_of(inv.invoice, "voids_id", a, sizeof a);
	if (*a) {
		text_of(inv.invoice, "reason_id", b, sizeof b);
		fprintf(out, "\nReverses invoice %s (reason %s).\n", a, b);
	}
	date_of(inv.invoice, "through_date", c);
	if (*c)
		fprintf(out, "\nFor what was due by %s.\n", c);
	fprintf(out, "\n%3s  %-42s %8s %12s %5s\n", "#", "Description",
	    "Quantity", "Net", "Tax%");
	for (i = 0; i < inv.nlines; i++) {
		struct svc_row *l = &inv.lines[i];

		text_of(l, "description", a, sizeof a);
		svc_fixed_format_trim(F(l, "quantity")->i, 4, b);
		money_of(l, "net", c);
		svc_fixed_format_trim(F(l, "tax_rate_bp")->i, 2, d);
		fprintf(out, "%3lld  %-42.42s %8s %12s %5s\n",
		    (long long)F(l, "line")->i, a, b, c, d);
	}
	money_of(inv.invoice, "net", c);
	money_of(inv.invoice, "tax", d);
	money_of(inv.invoice, "total", e);
	text_of(inv.invoice, "currency", b, sizeof b);
	fprintf(out, "\n%56s %12s\n", "Net", c);
	fprintf(out, "%56s %12s\n", "Tax", d);
	fprintf(out, "%56s %12s %s\n", "Total", e, b);
	svc_row_free(&cust);
	svc_bill_free(&inv);
	return ferror(out) ? SVC_EIO : 0;
}
