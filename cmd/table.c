/* table.c - the generic verbs of every table: add set show list delete import export */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib/buf.h"
#include "../lib/csvio.h"
#include "../lib/order.h"
#include "../lib/table.h"
#include "../lib/date.h"
#include "../lib/import.h"
#include "../lib/caltable.h"
#include "cmd.h"

static const struct svc_table *
cmd_table(struct svc_ctx *ctx)
{
	return ctx->table ? ctx->table : svc_table_named(ctx->cmd->noun);
}

/* The store's key for a key as people write it ("SO-1/10"); 0 when it
 * cannot name a record of t. */
static int
user_key(const struct svc_table *t, const char *id, struct svc_buf *key)
{
	struct svc_err err;

	return svc_table_key_parse(t, id, strlen(id), key, &err) == 0;
}

/* --- output --- */

struct svc_rowout {
	const struct svc_table *t;
	int cols[SVC_ROW_MAX];
	int ncols;
	struct svc_out *out;
	struct svc_buf vals[SVC_ROW_MAX];
};

static void
json_kinds(const struct svc_table *t, const int *cols, int ncols,
    enum svc_json_kind *k)
{
	int i;

	for (i = 0; i < ncols; i++) {
		enum svc_type ty = t->cols[cols[i]].type;
		k[i] = ty == SVC_T_BOOL ? SVC_JSON_BOOL :
		    ty == SVC_T_INT || ty == SVC_T_DURATION ||
		    ty == SVC_T_DECIMAL || ty == SVC_T_MONEY ? SVC_JSON_NUMBER :
		    ty == SVC_T_LIST ? (t->cols[cols[i]].flags & SVC_COL_SKILLS ?
		    SVC_JSON_SKILLS : SVC_JSON_LIST) : SVC_JSON_STRING;
	}
}

struct svc_rowout *
svc_rowout_begin(FILE *fp, int format, const struct svc_table *t,
    const int *cols, int ncols)
{
	struct svc_rowout *ro = calloc(1, sizeof *ro);
	const char *names[SVC_ROW_MAX];
	enum svc_json_kind kinds[SVC_ROW_MAX];
	int i;

	if (!ro)
		return NULL;
	ro->t = t;
	ro->ncols = cols ? ncols : t->ncols;
	for (i = 0; i < ro->ncols; i++) {
		ro->cols[i] = cols ? cols[i] : i;
		names[i] = t->cols[ro->cols[i]].name;
	}
	json_kinds(t, ro->cols, ro->ncols, kinds);
	if (!(ro->out = svc_out_begin(fp, format, names, kinds, ro->ncols))) {
		free(ro);
		return NULL;
	}
	return ro;
}

int
svc_rowout_row(void *arg, struct svc_row *row)
{
	struct svc_rowout *ro = arg;
	const char *v[SVC_ROW_MAX];
	size_t n[SVC_ROW_MAX];
	int i;

	for (i = 0; i < ro->ncols; i++) {
		svc_buf_reset(&ro->vals[i]);
		if (svc_table_format(ro->t, row, ro->cols[i], &ro->vals[i]) < 0)
			return SVC_ESYSTEM;
		v[i] = ro->vals[i].p;
		n[i] = ro->vals[i].len;
	}
	return svc_out_row(ro->out, v, n);
}

int
svc_rowout_end(struct svc_rowout *ro)
{
	int i, rc = svc_out_end(ro->out);

	for (i = 0; i < SVC_ROW_MAX; i++)
		svc_buf_free(&ro->vals[i]);
	free(ro);
	return rc;
}

/* svc_rowout_begin of every column on ctx->out, with ctx's --columns
 * and --where on the text written (svc_out_select); NULL after a
 * message (out_status set) or when memory ran out. */
static struct svc_rowout *
rowout_ctx(struct svc_ctx *ctx, const struct svc_table *t)
{
	struct svc_rowout *ro = svc_rowout_begin(ctx->out, svc_out_format(ctx),
	    t, NULL, 0);
	struct svc_err err;
	int rc;

	if (!ro)
		return NULL;
	if ((rc = svc_out_select(ro->out, ctx->columns, ctx->where,
	    ctx->nwhere, &err))) {
		svc_warn(ctx, "%s", err.text);
		ctx->out_status = rc;
		svc_out_discard(ro->out);
		free(ro);
		return NULL;
	}
	return ro;
}

struct kept {
	struct svc_ctx *ctx;
	struct svc_rowout *ro;
	struct svc_err *err;
};

/* A row the command's keep function accepts goes out. */
static int
kept_row(void *arg, struct svc_row *row)
{
	struct kept *k = arg;
	int rc = k->ctx->keep(k->ctx->keep_arg, row, k->err);

	if (rc == 1)
		return svc_rowout_row(k->ro, row);
	return rc < 0 ? -rc : 0;
}

static int parse_columns(struct svc_ctx *ctx, const struct svc_table *t,
    const char *arg, int *cols);

/* The filters given and those of ctx's --where, in *all (to free) */
static int
with_ctx_where(struct svc_ctx *ctx, const struct svc_table *t,
    const struct svc_filter *filters, int nfilters, struct svc_filter **all)
{
	struct svc_err err;
	int i;

	if (!(*all = calloc((size_t)(nfilters + ctx->nwhere + 1), sizeof **all)))
		return SVC_ESYSTEM;
	for (i = 0; i < nfilters; i++)
		(*all)[i] = filters[i];
	for (i = 0; i < ctx->nwhere; i++)
		if (svc_filter_parse(t, ctx->where[i], &(*all)[nfilters + i],
		    &err)) {
			while (i--)
				svc_filter_free(&(*all)[nfilters + i]);
			free(*all);
			*all = NULL;
			return svc_fail(ctx, &err);
		}
	return 0;
}

int
svc_write_table(struct svc_ctx *ctx, FILE *fp, int format,
    const struct svc_table *t, const int *cols, int ncols,
    const struct svc_filter *filters, int nfilters)
{
	struct svc_rowout *ro;
	struct svc_filter *all = NULL;
	struct svc_err err;
	struct kept k;
	int rc, rc2, i, sel[SVC_ROW_MAX];

	/* --columns and --where of a command that prints rows */
	if (fp == ctx->out && ctx->columns) {
		if ((ncols = parse_columns(ctx, t, ctx->columns, sel)) < 0)
			return SVC_EUSAGE;
		cols = sel;
	}
	if (fp == ctx->out && ctx->nwhere) {
		if ((rc = with_ctx_where(ctx, t, filters, nfilters, &all)))
			return rc;
		filters = all;
		nfilters += ctx->nwhere;
	}
	ro = svc_rowout_begin(fp, format, t, cols, ncols);
	k.ctx = ctx;
	k.ro = ro;
	k.err = &err;
	if (!ro) {
		svc_warn(ctx, "out of memory");
		rc = SVC_ESYSTEM;
		goto out;
	}
	if (ctx->keep)
		rc = svc_table_scan(ctx->txn, t, filters, nfilters, kept_row, &k,
		    &err);
	else
		rc = svc_table_scan(ctx->txn, t, filters, nfilters,
		    svc_rowout_row, ro, &err);
	rc2 = svc_rowout_end(ro);
	if (rc == SVC_EIO || (!rc && rc2)) {
		svc_warn(ctx, "write error");
		rc = SVC_EIO;
	} else if (rc)
		rc = svc_fail(ctx, &err);
out:
	if (all) {
		for (i = nfilters - ctx->nwhere; i < nfilters; i++)
			svc_filter_free(&all[i]);
		free(all);
	}
	return rc;
}

static int
all_columns(const struct svc_table *t, int *cols)
{
	int i;

	for (i = 0; i < t->ncols; i++)
		cols[i] = i;
	return t->ncols;
}

int
svc_read(struct svc_ctx *ctx, FILE *in, const char *name,
    int (*header)(void *arg, const struct svc_record *rec),
    int (*row)(void *arg, const struct svc_record *rec), void *arg)
{
	struct svc_err err;
	int rc = svc_csv_read(in, ctx->format == SVC_FMT_TSV, header, row, arg,
	    &err);

	if (rc && err.text[0])
		svc_warn(ctx, "%s%s", name, err.text);
	return rc;
}

/* --- ids from arguments or stdin --- */

struct idreader {
	struct svc_ctx *ctx;
	const struct svc_table *t;
	int col[2];
	int (*fn)(void *, const char *);
	void *arg;
	struct svc_buf id;
};

static int
ids_header(void *arg, const struct svc_record *rec)
{
	struct idreader *r = arg;
	char want[80];
	int i, k;

	r->col[0] = r->col[1] = -1;
	snprintf(want, sizeof want, "%s_id", r->t->name);
	for (i = 0; i < rec->nf; i++) {
		if (r->t->nkey == 1 && strcmp(rec->f[i], want) == 0)
			r->col[0] = i;
		for (k = 0; k < r->t->nkey; k++)
			if (strcmp(rec->f[i], r->t->cols[k].name) == 0 &&
			    (k || r->col[0] < 0 || r->t->nkey > 1))
				r->col[k] = i;
	}
	for (k = 0; k < r->t->nkey; k++)
		if (r->col[k] < 0) {
			svc_warn(r->ctx, "stdin: no column '%s'%s%s%s",
			    r->t->nkey == 1 ? want : r->t->cols[k].name,
			    r->t->nkey == 1 ? " or '" : "",
			    r->t->nkey == 1 ? r->t->cols[0].name : "",
			    r->t->nkey == 1 ? "'" : "");
			return SVC_EUSAGE;
		}
	return 0;
}

static int
ids_row(void *arg, const struct svc_record *rec)
{
	struct idreader *r = arg;
	int k;

	svc_buf_reset(&r->id);
	for (k = 0; k < r->t->nkey; k++) {
		if (r->col[k] >= rec->nf) {
			svc_warn(r->ctx, "stdin: row %ld: too few fields", rec->row);
			return SVC_EDATA;
		}
		if (k)
			svc_buf_addc(&r->id, '/');
		svc_buf_add(&r->id, rec->f[r->col[k]], rec->n[r->col[k]]);
	}
	if (!r->id.p)
		return SVC_ESYSTEM;
	if (r->id.len == 0)
		return 0;
	return r->fn(r->arg, r->id.p);
}

int
svc_each_id(struct svc_ctx *ctx, int argc, char **argv,
    const struct svc_table *t, int (*fn)(void *arg, const char *id),
    void *arg)
{
	struct idreader r;
	int i, rc;

	if (argc == 1 && strcmp(argv[0], "-") == 0) {
		ctx->read_stdin = 1;
		memset(&r, 0, sizeof r);
		r.ctx = ctx;
		r.t = t;
		r.fn = fn;
		r.arg = arg;
		rc = svc_read(ctx, stdin, "stdin: ", ids_header, ids_row, &r);
		svc_buf_free(&r.id);
		return rc;
	}
	for (i = 0; i < argc; i++)
		if ((rc = fn(arg, argv[i])))
			return rc;
	return 0;
}

/* --- add and set --- */

/* Long options named after the columns (tax_code, also tax-code), then
 * the extra ones. */
static struct option *
column_options(const struct svc_table *t, const struct option *extra)
{
	struct option *o;
	int c, n = 0, k = 0;

	while (extra && extra[k].name)
		k++;
	if (!(o = calloc((size_t)t->ncols * 2 + (size_t)k + 1, sizeof *o)))
		return NULL;
	for (c = 0; c < t->ncols; c++) {
		o[n].name = t->cols[c].name;
		o[n].has_arg = required_argument;
		o[n].val = 1000 + c;
		n++;
		if (strchr(t->cols[c].name, '_')) {
			char *alt = strdup(t->cols[c].name), *p;
			if (!alt)
				continue;
			for (p = alt; *p; p++)
				if (*p == '_')
					*p = '-';
			o[n].name = alt;
			o[n].has_arg = required_argument;
			o[n].val = 2000 + c;
			n++;
		}
	}
	while (k--)
		o[n++] = *extra++;
	return o;
}

static void
free_options(struct option *o)
{
	int i;

	for (i = 0; o && o[i].name; i++)
		if (o[i].val >= 2000)
			free((char *)o[i].name);
	free(o);
}

int
svc_column_args(struct svc_ctx *ctx, const struct svc_table *t, int argc,
    char **argv, struct svc_texts *in, const struct option *extra,
    int (*other)(void *arg, int opt, char *optarg), void *arg)
{
	struct option *o = column_options(t, extra);
	int opt, c;

	if (!o) {
		svc_warn(ctx, "out of memory");
		return -1;
	}
	memset(in, 0, sizeof *in);
	while ((opt = getopt_long(argc, argv, "", o, NULL)) != -1) {
		if (opt < 1000) {
			if (!other || opt == '?' || other(arg, opt, optarg) < 0) {
				free_options(o);
				svc_usage(ctx);
				return -1;
			}
			continue;
		}
		c = opt % 1000;
		in->s[c] = optarg;
		in->n[c] = strlen(optarg);
		in->given[c] = 1;
	}
	free_options(o);
	return optind;
}

static int
column_args(struct svc_ctx *ctx, const struct svc_table *t, int argc,
    char **argv, struct svc_texts *in)
{
	return svc_column_args(ctx, t, argc, argv, in, NULL, NULL, NULL);
}

int
cmd_table_add(int argc, char **argv, struct svc_ctx *ctx)
{
	const struct svc_table *t = cmd_table(ctx);
	struct svc_texts in;
	struct svc_row row;
	struct svc_buf key = SVC_BUF_INIT;
	struct svc_err err;
	int rc, first;

	if ((first = column_args(ctx, t, argc, argv, &in)) < 0)
		return SVC_EUSAGE;
	if (first < argc) {
		svc_warn(ctx, "unexpected argument '%s' (columns are given as "
		    "--column value)", SVC_QUOTED(argv[first]));
		return SVC_EUSAGE;
	}
	svc_row_init(&row, t);
	if ((rc = svc_table_build(ctx->txn, t, &in, SVC_BUILD_ADD, &row, &err)) ||
	    (rc = svc_table_put(ctx->txn, t, &row, SVC_PUT_NEW, NULL, &err)))
		rc = svc_fail(ctx, &err);
	else if (svc_table_key_text(t, &row, &key) == 0)
		fprintf(ctx->out, "%s\n", key.p);
	svc_buf_free(&key);
	svc_row_free(&row);
	return rc;
}

int
cmd_table_set(int argc, char **argv, struct svc_ctx *ctx)
{
	const struct svc_table *t = cmd_table(ctx);
	struct svc_texts in;
	struct svc_row row;
	struct svc_buf key = SVC_BUF_INIT;
	struct svc_err err;
	int rc, first, c, any = 0, found;

	if ((first = column_args(ctx, t, argc, argv, &in)) < 0)
		return SVC_EUSAGE;
	if (first + 1 != argc)
		return svc_usage(ctx);
	for (c = 0; c < t->ncols; c++)
		any |= in.given[c];
	if (!any) {
		svc_warn(ctx, "nothing to change (give --column value)");
		return SVC_EUSAGE;
	}
	svc_row_init(&row, t);
	found = 0;
	rc = user_key(t, argv[first], &key) ? svc_table_get(ctx->txn, t, key.p,
	    key.len, &row, &found, &err) : 0;
	if (rc)
		rc = svc_fail(ctx, &err);
	else if (!found) {
		svc_warn(ctx, "no %s '%s'", t->name, SVC_QUOTED(argv[first]));
		rc = SVC_ENOTFOUND;
	}
	else if ((rc = svc_table_build(ctx->txn, t, &in, SVC_BUILD_SET, &row,
	    &err)) || (rc = svc_table_put(ctx->txn, t, &row, SVC_PUT_UPDATE,
	    NULL, &err)))
		rc = svc_fail(ctx, &err);
	svc_row_free(&row);
	svc_buf_free(&key);
	return rc;
}

/* --- show --- */

struct shower {
	struct svc_ctx *ctx;
	const struct svc_table *t;
	struct svc_out *out;
	struct svc_row row;
	struct svc_buf vals[SVC_ROW_MAX];
	struct svc_buf key;
	int shown, missing;
};

static int
show_one(void *arg, const char *id)
{
	struct shower *s = arg;
	const struct svc_table *t = s->t;
	struct svc_err err;
	const char *v[SVC_ROW_MAX];
	size_t n[SVC_ROW_MAX];
	int rc, c, found;

	found = 0;
	rc = user_key(t, id, &s->key) ? svc_table_get(s->ctx->txn, t,
	    s->key.p, s->key.len, &s->row, &found, &err) : 0;
	if (rc)
		return svc_fail(s->ctx, &err);
	if (!found) {
		svc_warn(s->ctx, "no %s '%s'", t->name, SVC_QUOTED(id));
		s->missing++;
		return 0;
	}
	for (c = 0; c < t->ncols; c++) {
		svc_buf_reset(&s->vals[c]);
		if (svc_table_format(t, &s->row, c, &s->vals[c]) < 0)
			return SVC_ESYSTEM;
		v[c] = s->vals[c].p;
		n[c] = s->vals[c].len;
	}
	if (s->ctx->format == SVC_FMT_TABLE) {
		/* one record, for people: a column per line */
		static const char *const names[] = { "column", "value" };
		struct svc_out *o;

		if (s->shown)
			fputc('\n', s->ctx->out);
		fflush(s->ctx->out);
		if (!(o = svc_out_begin(s->ctx->out, SVC_FMT_TABLE |
		    (s->ctx->excel_safe ? SVC_OUT_EXCEL_SAFE : 0), names, NULL,
		    2)))
			return SVC_ESYSTEM;
		for (c = 0; c < t->ncols; c++) {
			const char *pv[2] = { t->cols[c].name, v[c] };
			size_t pn[2] = { strlen(t->cols[c].name), n[c] };
			svc_out_row(o, pv, pn);
		}
		rc = svc_out_end(o);
	} else
		rc = svc_out_row(s->out, v, n);
	s->shown++;
	return rc;
}

int
cmd_table_show(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = { OUTPUT_LONGOPTS, { NULL, 0, NULL, 0 } };
	const struct svc_table *t = cmd_table(ctx);
	const char *names[SVC_ROW_MAX];
	enum svc_json_kind kinds[SVC_ROW_MAX];
	int cols[SVC_ROW_MAX];
	struct shower s;
	int opt, rc, c;

	while ((opt = getopt_long(argc, argv, "t", opts, NULL)) != -1)
		if ((rc = svc_output_opt(ctx, opt, optarg)) != 1)
			return rc < 0 ? SVC_EUSAGE : svc_usage(ctx);
	if (optind >= argc)
		return svc_usage(ctx);
	memset(&s, 0, sizeof s);
	s.ctx = ctx;
	s.t = t;
	svc_row_init(&s.row, t);
	all_columns(t, cols);
	for (c = 0; c < t->ncols; c++)
		names[c] = t->cols[c].name;
	json_kinds(t, cols, t->ncols, kinds);
	if (ctx->format != SVC_FMT_TABLE &&
	    !(s.out = svc_out_ctx(ctx, names, kinds,
	    t->ncols))) {
		svc_row_free(&s.row);
		return SVC_ESYSTEM;
	}
	rc = svc_each_id(ctx, argc - optind, argv + optind, t, show_one, &s);
	if (s.out && svc_out_end(s.out) && !rc)
		rc = SVC_EIO;
	for (c = 0; c < SVC_ROW_MAX; c++)
		svc_buf_free(&s.vals[c]);
	svc_buf_free(&s.key);
	svc_row_free(&s.row);
	if (!rc && s.missing)
		rc = SVC_ENOTFOUND;
	return rc;
}

/* --- list and export --- */

static int
parse_columns(struct svc_ctx *ctx, const struct svc_table *t, const char *arg,
    int *cols)
{
	const char *p = arg;
	int n = 0, c;

	while (*p) {
		size_t len = strcspn(p, ",");

		if (n == SVC_ROW_MAX) {
			svc_warn(ctx, "too many columns");
			return -1;
		}
		if ((c = svc_column_find(t, p, len)) < 0) {
			svc_warn(ctx, "no column '%s' in %s", svc_quote((char[
			    SVC_QUOTE_MAX]){ 0 }, p, len), t->name);
			return -1;
		}
		cols[n++] = c;
		p += len;
		if (*p == ',')
			p++;
	}
	if (n == 0) {
		svc_warn(ctx, "--columns needs column names");
		return -1;
	}
	return n;
}

int
cmd_table_list(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "where", required_argument, NULL, 'w' },
		{ "columns", required_argument, NULL, 'c' },
		OUTPUT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	const struct svc_table *t = cmd_table(ctx);
	struct svc_filter *fs = NULL, *nf;
	struct svc_err err;
	int cols[SVC_ROW_MAX], ncols, nfs = 0, opt, rc = 0, i;

	ncols = all_columns(t, cols);
	while ((opt = getopt_long(argc, argv, "tw:c:", opts, NULL)) != -1) {
		switch (opt) {
		case 'w':
			if (!(nf = realloc(fs, sizeof *fs * (size_t)(nfs + 1)))) {
				rc = SVC_ESYSTEM;
				goto out;
			}
			fs = nf;
			if (svc_filter_parse(t, optarg, &fs[nfs], &err)) {
				rc = svc_fail(ctx, &err);
				goto out;
			}
			nfs++;
			break;
		case 'c':
			if ((ncols = parse_columns(ctx, t, optarg, cols)) < 0) {
				rc = SVC_EUSAGE;
				goto out;
			}
			break;
		default:
			if ((rc = svc_output_opt(ctx, opt, optarg)) != 1) {
				rc = rc < 0 ? SVC_EUSAGE : svc_usage(ctx);
				goto out;
			}
			rc = 0;
		}
	}
	if (optind < argc) {
		rc = svc_usage(ctx);
		goto out;
	}
	rc = svc_write_table(ctx, ctx->out, svc_out_format(ctx), t, cols, ncols, fs, nfs);
out:
	for (i = 0; i < nfs; i++)
		svc_filter_free(&fs[i]);
	free(fs);
	return rc;
}

int
cmd_table_export(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = { OUTPUT_LONGOPTS, { NULL, 0, NULL, 0 } };
	const struct svc_table *t = cmd_table(ctx);
	int cols[SVC_ROW_MAX], ncols, opt, rc;

	while ((opt = getopt_long(argc, argv, "t", opts, NULL)) != -1)
		if ((rc = svc_output_opt(ctx, opt, optarg)) != 1)
			return rc < 0 ? SVC_EUSAGE : svc_usage(ctx);
	if (optind < argc)
		return svc_usage(ctx);
	if (ctx->format != SVC_FMT_CSV && ctx->format != SVC_FMT_TSV) {
		svc_warn(ctx, "export writes csv or tsv");
		return SVC_EUSAGE;
	}
	ncols = all_columns(t, cols);
	return svc_write_table(ctx, ctx->out, svc_out_format(ctx), t, cols, ncols,
	    NULL, 0);
}

/* --- delete --- */

struct deleter {
	struct svc_ctx *ctx;
	const struct svc_table *t;
	int (*del)(struct svc_ctx *, const struct svc_table *, const char *,
	    struct svc_err *);
	int failed;
};

static int
delete_one(void *arg, const char *id)
{
	struct deleter *d = arg;
	struct svc_err err;
	int rc = d->del(d->ctx, d->t, id, &err);

	if (rc == SVC_ENOTFOUND || rc == SVC_EDATA) {
		/* go on, to report every refusal; nothing is committed */
		svc_fail(d->ctx, &err);
		if (!d->failed || rc == SVC_EDATA)
			d->failed = rc;
		return 0;
	}
	return rc ? svc_fail(d->ctx, &err) : 0;
}

int
svc_delete_ids(struct svc_ctx *ctx, int argc, char **argv,
    const struct svc_table *t, int (*del)(struct svc_ctx *ctx,
    const struct svc_table *t, const char *id, struct svc_err *err))
{
	struct deleter d = { ctx, t, del, 0 };
	int opt, rc;

	while ((opt = getopt(argc, argv, "t")) != -1)
		if (svc_output_opt(ctx, opt, optarg) != 1)
			return svc_usage(ctx);
	if (optind >= argc)
		return svc_usage(ctx);
	rc = svc_each_id(ctx, argc - optind, argv + optind, t, delete_one, &d);
	return rc ? rc : d.failed;
}

/* A record as people name it, deleted by the table layer. */
static int
delete_row(struct svc_ctx *ctx, const struct svc_table *t, const char *id,
    struct svc_err *err)
{
	struct svc_buf key = SVC_BUF_INIT;
	int rc;

	if (user_key(t, id, &key))
		rc = svc_table_delete(ctx->txn, t, key.p, key.len, err);
	else
		rc = svc_err_set(err, SVC_ENOTFOUND, "no %s '%s'", t->name,
		    SVC_QUOTED(id));
	svc_buf_free(&key);
	return rc;
}

int
cmd_table_delete(int argc, char **argv, struct svc_ctx *ctx)
{
	return svc_delete_ids(ctx, argc, argv, cmd_table(ctx), delete_row);
}

/* --- import --- */

struct importer {
	struct svc_ctx *ctx;
	const char *name;	/* "FILE: " before messages, or "" */
	FILE *rejects;
	struct svc_out *rout;
	int nf;
	int tty;
};

/* A good header: the rejects file gets it, with an error column. */
static int
import_header(void *arg, const struct svc_record *rec)
{
	struct importer *im = arg;
	const char *names[SVC_IMPORT_MAX_FIELDS + 2];
	int i;

	im->nf = rec->nf;
	if (!im->rejects)
		return 0;
	for (i = 0; i < rec->nf; i++)
		names[i] = rec->f[i];
	names[i] = "error";
	if (!(im->rout = svc_out_begin(im->rejects, im->ctx->format ==
	    SVC_FMT_TSV ? SVC_FMT_TSV : SVC_FMT_CSV, names, NULL, rec->nf + 1)))
		return SVC_ESYSTEM;
	return 0;
}

/* A problem: said on stderr; a bad row also goes to the rejects file. */
static int
import_problem(void *arg, long row, const struct svc_record *rec,
    const char *why)
{
	struct importer *im = arg;
	const char *v[SVC_IMPORT_MAX_FIELDS + 2];
	size_t n[SVC_IMPORT_MAX_FIELDS + 2];
	int i, k;

	if (im->tty)
		fputs("\r\033[K", stderr);
	svc_warn(im->ctx, "%srow %ld: %s", im->name, row, why);
	if (!rec || !im->rout)
		return 0;
	k = rec->nf < SVC_IMPORT_MAX_FIELDS ? rec->nf : SVC_IMPORT_MAX_FIELDS;
	for (i = 0; i < im->nf && i < SVC_IMPORT_MAX_FIELDS; i++) {
		v[i] = i < k ? rec->f[i] : NULL;
		n[i] = i < k ? rec->n[i] : 0;
	}
	v[i] = why;
	n[i] = strlen(why);
	return svc_out_row(im->rout, v, n);
}

static void
import_progress(void *arg, unsigned long rows)
{
	struct importer *im = arg;

	if (im->tty)
		fprintf(stderr, "\r%s: %lu rows", im->ctx->prog, rows);
}

int
svc_import_opt(struct svc_ctx *ctx, int c, const char *arg,
    struct svc_import_opts *o, int *rc)
{
	struct svc_err err;
	FILE *fp;

	err.text[0] = '\0';
	switch (c) {
	case 'd':
		if (!(o->delim = svc_import_delim(arg))) {
			svc_warn(ctx, "bad delimiter '%s' (want ',', ';', '|', "
			    "'\\t' or auto)", SVC_QUOTED(arg));
			*rc = SVC_EUSAGE;
			return -1;
		}
		return 1;
	case OPT_MAP:
		*rc = svc_import_map(o, arg, &err);
		break;
	case OPT_MAP_FILE:
		if (!(fp = svc_user_fopen(arg, "r"))) {
			svc_warn(ctx, "cannot open %s: %s", arg, strerror(errno));
			*rc = SVC_ENOINPUT;
			return -1;
		}
		*rc = svc_import_map_file(o, fp, &err);
		fclose(fp);
		if (*rc && err.text[0]) {
			svc_warn(ctx, "%s: %s", arg, err.text);
			return -1;
		}
		break;
	case OPT_IGNORE:
		*rc = svc_import_ignore(o, arg, &err);
		break;
	case OPT_SET:
		*rc = svc_import_set(o, arg, &err);
		break;
	default:
		return 0;
	}
	if (*rc) {
		svc_fail(ctx, &err);
		return -1;
	}
	return 1;
}

int
svc_import_opts_check(struct svc_ctx *ctx, const struct svc_import_opts *o)
{
	if (o->delim && ctx->format == SVC_FMT_TSV) {
		svc_warn(ctx, "-d is for CSV: TSV (-t) has tabs only");
		return SVC_EUSAGE;
	}
	return 0;
}

int
svc_import_stream(struct svc_ctx *ctx, FILE *in, const char *name,
    const struct svc_table *t, int how, const struct svc_import_opts *opts,
    FILE *rejects, struct svc_import_stats *st)
{
	struct importer im;
	struct svc_import_report rep = { import_header, import_problem,
		import_progress, &im };
	struct svc_err err;
	int rc, rc2 = 0;

	memset(&im, 0, sizeof im);
	im.ctx = ctx;
	im.name = name;
	im.rejects = rejects;
	im.tty = isatty(STDERR_FILENO);
	rc = svc_import_table(ctx->txn, t, how, in, ctx->format == SVC_FMT_TSV,
	    opts, &rep, st, &err);
	/* bad rows were told; this is the reader's or the store's error (a
	 * full map is not the user's: run() grows it and reruns) */
	if (rc && err.text[0] && !svc_txn_map_full(ctx->txn))
		svc_warn(ctx, "%s%s", name, err.text);
	if (im.tty)
		fputs("\r\033[K", stderr);
	if (im.rout)
		rc2 = svc_out_end(im.rout);
	if (rc && rc != SVC_EDATA)
		return rc;
	if (rc2) {
		svc_warn(ctx, "cannot write the rejects file");
		return SVC_EIO;
	}
	return rc;
}

int
cmd_table_import(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = {
		{ "update", no_argument, NULL, 'u' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "rejects", required_argument, NULL, 'r' },
		{ "verbose", no_argument, NULL, 'v' },
		OUTPUT_LONGOPTS,
		IMPORT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	const struct svc_table *t = cmd_table(ctx);
	struct svc_import_stats st = { 0, 0, 0 };
	struct svc_import_opts *io;
	const char *rejects = NULL, *file = "-";
	FILE *in = stdin, *rj = NULL;
	int opt, rc, how = SVC_PUT_NEW, dry = 0, verbose = 0, opt_status = 0;

	if (!(io = calloc(1, sizeof *io)))
		return SVC_ESYSTEM;
	while ((opt = getopt_long(argc, argv, "tnuvr:d:", opts, NULL)) != -1) {
		switch (opt) {
		case 'u': how = SVC_PUT_ANY; break;
		case 'n': dry = 1; break;
		case 'r': rejects = optarg; break;
		case 'v': verbose = 1; break;
		default:
			if ((rc = svc_import_opt(ctx, opt, optarg, io, &opt_status)) == 1)
				break;
			if (rc == 0 &&
			    (rc = svc_output_opt(ctx, opt, optarg)) == 1)
				break;
			svc_import_opts_free(io);
			free(io);
			return opt_status ? opt_status : rc < 0 ? SVC_EUSAGE : svc_usage(ctx);
		}
	}
	rc = optind + 1 < argc ? svc_usage(ctx) : svc_import_opts_check(ctx, io);
	if (!rc && optind < argc)
		file = argv[optind];
	if (rc)
		;
	else if (strcmp(file, "-") == 0)
		ctx->read_stdin = 1;
	else if (!(in = svc_user_fopen(file, "r"))) {
		svc_warn(ctx, "cannot open %s: %s", file, strerror(errno));
		rc = SVC_ENOINPUT;
	}
	if (!rc && rejects && !(rj = svc_user_fopen(rejects, "w"))) {
		svc_warn(ctx, "cannot write %s: %s", rejects, strerror(errno));
		if (in != stdin)
			fclose(in);
		rc = SVC_EIO;
	}
	if (rc) {
		svc_import_opts_free(io);
		free(io);
		return rc;
	}
	rc = svc_import_stream(ctx, in, "", t, how, io, rj, &st);
	svc_import_opts_free(io);
	free(io);
	if (in != stdin)
		fclose(in);
	if (rj && fclose(rj) == EOF && !rc) {
		svc_warn(ctx, "cannot write %s", rejects);
		rc = SVC_EIO;
	}
	if (rc == SVC_EDATA && st.bad)
		svc_warn(ctx, "%lu bad row%s: nothing imported", st.bad,
		    st.bad == 1 ? "" : "s");
	else if (rc == SVC_EDATA)
		svc_warn(ctx, "nothing imported");
	if (rc)
		return rc;
	if (verbose || dry)
		svc_warn(ctx, "%s%lu added, %lu changed", dry ? "dry run: " : "",
		    st.added, st.changed);
	ctx->dry_run = dry;
	return 0;
}

/* --- rows belonging to records of another table --- */

struct children {
	struct svc_ctx *ctx;
	const struct svc_table *parent, *t;
	struct svc_rowout *ro;
};

static int
children_of_one(void *arg, const char *id)
{
	struct children *ch = arg;
	struct svc_err err;
	int rc, found;

	if ((rc = svc_table_exists(ch->ctx->txn, ch->parent, id, strlen(id),
	    &found, &err)))
		return svc_fail(ch->ctx, &err);
	if (!found) {
		svc_warn(ch->ctx, "no %s '%s'", ch->parent->name,
		    SVC_QUOTED(id));
		return SVC_ENOTFOUND;
	}
	rc = svc_table_children(ch->ctx->txn, ch->t, id, svc_rowout_row, ch->ro,
	    &err);
	return rc && rc != SVC_EIO ? svc_fail(ch->ctx, &err) : rc;
}

int
svc_list_children(struct svc_ctx *ctx, const struct svc_table *parent,
    const struct svc_table *t, int argc, char **argv)
{
	struct children ch = { ctx, parent, t, NULL };
	struct svc_err err;
	int rc, rc2;

	fflush(ctx->out);
	if (!(ch.ro = rowout_ctx(ctx, t)))
		return ctx->out_status ? ctx->out_status : SVC_ESYSTEM;
	if (argc == 0) {
		rc = svc_table_scan(ctx->txn, t, NULL, 0, svc_rowout_row, ch.ro,
		    &err);
		if (rc && rc != SVC_EIO)
			rc = svc_fail(ctx, &err);
	} else
		rc = svc_each_id(ctx, argc, argv, parent, children_of_one, &ch);
	rc2 = svc_rowout_end(ch.ro);
	return rc ? rc : rc2;
}

struct svc_actor
svc_actor_of(struct svc_ctx *ctx)
{
	struct svc_actor who = { ctx->now, ctx->user };

	return who;
}

int
svc_add_relation(void *arg, int opt, char *optarg)
{
	struct svc_relations *r = arg;
	char ***list = opt == 'o' ? &r->objects : &r->tasks;
	int *n = opt == 'o' ? &r->nobjects : &r->ntasks;
	char **grown = realloc(*list, sizeof **list * (size_t)(*n + 1));

	if (!grown)
		return -1;
	*list = grown;
	(*list)[(*n)++] = optarg;
	return 0;
}

int
svc_operand_and_columns(struct svc_ctx *ctx, const struct svc_table *t,
    int argc, char **argv, struct svc_texts *in, const char **operand)
{
	return svc_operand_and_options(ctx, t, argc, argv, in, NULL, NULL,
	    NULL, operand);
}

int
svc_operand_and_options(struct svc_ctx *ctx, const struct svc_table *t,
    int argc, char **argv, struct svc_texts *in, const struct option *extra,
    int (*other)(void *arg, int opt, char *optarg), void *arg,
    const char **operand)
{
	int first = svc_column_args(ctx, t, argc, argv, in, extra, other, arg);

	if (first < 0)
		return SVC_EUSAGE;
	if (first + 1 != argc)
		return svc_usage(ctx);
	*operand = argv[first];
	return 0;
}

int
svc_output_args(struct svc_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = { OUTPUT_LONGOPTS, { NULL, 0, NULL, 0 } };
	int opt, rc;

	while ((opt = getopt_long(argc, argv, "t", opts, NULL)) != -1)
		if ((rc = svc_output_opt(ctx, opt, optarg)) != 1)
			return rc < 0 ? -SVC_EUSAGE : -svc_usage(ctx);
	return optind;
}

int
svc_show_with_parts(struct svc_ctx *ctx, int argc, char **argv,
    const struct svc_table *parent, const char *const *parts,
    const char *const *titles, int nparts)
{
	struct svc_err err;
	char *one[1];
	int first = svc_output_args(ctx, argc, argv), rc, i, found;

	if (first < 0)
		return -first;
	if (first + 1 != argc)
		return svc_usage(ctx);
	if ((rc = svc_table_exists(ctx->txn, parent, argv[first],
	    strlen(argv[first]), &found, &err)))
		return svc_fail(ctx, &err);
	if (!found) {
		svc_warn(ctx, "no %s '%s'", parent->name,
		    SVC_QUOTED(argv[first]));
		return SVC_ENOTFOUND;
	}
	/* the record as its list has it, then each part after a blank line
	 * (with a title for people) */
	optind = 0;
	if ((rc = cmd_table_show(argc, argv, ctx)))
		return rc;
	one[0] = argv[first];
	for (i = 0; i < nparts; i++) {
		fprintf(ctx->out, "\n");
		if (ctx->format == SVC_FMT_TABLE)
			fprintf(ctx->out, "%s:\n", titles[i]);
		if ((rc = svc_list_children(ctx, parent, svc_table_named(parts[i]),
		    1, one)))
			return rc;
	}
	return 0;
}

int
svc_run_subverb(struct svc_ctx *ctx, int argc, char **argv,
    const struct svc_subverb *verbs)
{
	const char *sub = argc > 1 ? argv[1] : "";
	struct svc_buf names = SVC_BUF_INIT;
	const struct svc_subverb *v;

	/* the sub-verb takes the verb's place for getopt */
	for (v = verbs; v->name; v++)
		if (strcmp(sub, v->name) == 0)
			return v->fn(argc - 1, argv + 1, ctx, v->arg);
	for (v = verbs; v->name; v++)
		svc_buf_printf(&names, "%s%s", v == verbs ? "" : v[1].name ? ", " :
		    " or ", v->name);
	svc_warn(ctx, "%s%s%s(want %s)", *sub ? "unknown '" : "", sub,
	    *sub ? "' " : "", names.p ? names.p : "");
	svc_buf_free(&names);
	return SVC_EUSAGE;
}

/* Today: the day of now in the store's zone. */
static int64_t
today(struct svc_ctx *ctx)
{
	return svc_date_of_instant(ctx->now);
}

int
svc_time_arg(struct svc_ctx *ctx, const char *opt, const char *arg, int64_t *t)
{
	int64_t day;
	char why[160];
	int rc;

	if (strcmp(arg, "now") == 0) {
		*t = ctx->now;
		return 0;
	}
	if ((rc = svc_datetime_parse(arg, strlen(arg), t)) == 0)
		return 0;
	if (svc_date_parse(arg, strlen(arg), &day) == 0 ||
	    svc_date_relative(arg, today(ctx), &day) == 0) {
		*t = svc_day_start(day);
		return 0;
	}
	if (rc != SVC_TIME_BAD) {
		svc_datetime_explain(rc, arg, strlen(arg), why, sizeof why);
		svc_warn(ctx, "%s: bad time '%s' (%s)", opt, SVC_QUOTED(arg),
		    why);
	} else
		svc_warn(ctx, "%s: bad time '%s' (want YYYY-MM-DDTHH:MM, in %s "
		    "time unless it ends in Z or an offset such as +01:00; "
		    "YYYY-MM-DD; now; or a day such as today or +3d)", opt,
		    SVC_QUOTED(arg), svc_zone_name());
	return SVC_EUSAGE;
}

int
svc_day_arg(struct svc_ctx *ctx, const char *opt, const char *arg,
    int64_t *day)
{
	if (svc_date_parse(arg, strlen(arg), day) == 0 ||
	    svc_date_relative(arg, today(ctx), day) == 0)
		return 0;
	svc_warn(ctx, "%s: bad date '%s' (want YYYY-MM-DD, or a day such as "
	    "today, tomorrow, +3d, -1w, +2m, monday or month-end)", opt,
	    SVC_QUOTED(arg));
	return SVC_EUSAGE;
}

struct some_ids {
	struct svc_buf list;
	int n;
};

static int
some_id(void *arg, struct svc_row *row)
{
	struct some_ids *s = arg;
	struct svc_buf key = SVC_BUF_INIT;
	int rc;

	if (s->n++ == 8)
		return svc_buf_adds(&s->list, ", ...") < 0 ? SVC_ESYSTEM : -1;
	rc = svc_table_key_text(row->t, row, &key) ||
	    svc_buf_printf(&s->list, "%s%s", s->n > 1 ? ", " : "", key.p) < 0 ?
	    SVC_ESYSTEM : 0;
	svc_buf_free(&key);
	return rc;
}

int
svc_filter_names(struct svc_ctx *ctx, const char *opt,
    const struct svc_table *t, const char *id)
{
	struct some_ids s = { SVC_BUF_INIT, 0 };
	struct svc_err err;
	int rc, found;

	if ((rc = svc_table_exists(ctx->txn, t, id, strlen(id), &found, &err)))
		return svc_fail(ctx, &err);
	if (found)
		return 0;
	rc = svc_table_scan(ctx->txn, t, NULL, 0, some_id, &s, &err);
	if (rc && rc != -1) {
		svc_buf_free(&s.list);
		return rc == SVC_ESYSTEM ? rc : svc_fail(ctx, &err);
	}
	if (s.n)
		svc_warn(ctx, "%s: no %s '%s'; there are %s", opt, t->name,
		    SVC_QUOTED(id), s.list.p);
	else
		svc_warn(ctx, "%s: no %s '%s'; there are none", opt, t->name,
		    SVC_QUOTED(id));
	svc_buf_free(&s.list);
	return SVC_EDATA;
}

int
svc_day_range(struct svc_ctx *ctx, int64_t from, int64_t to)
{
	char f[16], t[16];

	if (from <= to)
		return 0;
	svc_date_format(from, f);
	svc_date_format(to, t);
	svc_warn(ctx, "--from %s is after --to %s", f, t);
	return SVC_EUSAGE;
}
