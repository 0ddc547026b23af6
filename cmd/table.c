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

enum svc_json_kind
svc_json_kind_of(const struct svc_column *col)
{
	enum svc_type ty = col->type;

	return ty == SVC_T_BOOL ? SVC_JSON_BOOL :
	    ty == SVC_T_INT || ty == SVC_T_DURATION ||
	    ty == SVC_T_DECIMAL || ty == SVC_T_MONEY ? SVC_JSON_NUMBER :
	    ty == SVC_T_LIST ? (col->flags & SVC_COL_SKILLS ?
	    SVC_JSON_SKILLS : SVC_JSON_LIST) : SVC_JSON_STRING;
}

static void
json_kinds(const struct svc_table *t, const int *cols, int ncols,
    enum svc_json_kind *k)
{
	int i;

	for (i = 0; i < ncols; i++)
		k[i] = svc_json_kind_of(&t->cols[cols[i]]);
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
struct svc_rowout *
svc_rowout_ctx(struct svc_ctx *ctx, const struct svc_table *t)
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

struct all_ids {
	struct svc_ctx *ctx;
	int (*fn)(void *arg, const char *id, struct svc_err *err);
	void *arg;
	int failed;
};

static int
all_one(void *arg, const char *id)
{
	struct all_ids *a = arg;
	struct svc_err err;
	int rc = a->fn(a->arg, id, &err);

	if (rc == SVC_ENOTFOUND || rc == SVC_EDATA) {
		svc_fail(a->ctx, &err);
		if (!a->failed || rc == SVC_EDATA)
			a->failed = rc;
		return 0;
	}
	return rc ? svc_fail(a->ctx, &err) : 0;
}

int
svc_each_id_all(struct svc_ctx *ctx, int argc, char **argv,
    const struct svc_table *t, int (*fn)(void *arg, const char *id,
    struct svc_err *err), void *arg)
{
	struct all_ids a = { ctx, fn, arg, 0 };
	int rc = svc_each_id(ctx, argc, argv, t, all_one, &a);

	return rc ? rc : a.failed;
}

/* --- add and set --- */

static void
free_options(struct option *o)
{
	int i;

	for (i = 0; o && o[i].name; i++)
		if (o[i].val >= 1000 && o[i].val < 1000 + SVC_ROW_MAX)
			free((char *)o[i].name);
	free(o);
}

/* Long options named after the columns, spelled with dashes (tax-code
 * for tax_code; svc_getopt takes tax_code too), after the extra ones
 * (an exact name there wins).  Column c's option has the value
 * 1000 + c. */
static struct option *
column_options(const struct svc_table *t, const struct option *extra)
{
	struct option *o;
	int c, n = 0, k = 0;

	while (extra && extra[k].name)
		k++;
	if (!(o = calloc((size_t)t->ncols + (size_t)k + 1, sizeof *o)))
		return NULL;
	while (k--)
		o[n++] = *extra++;
	for (c = 0; c < t->ncols; c++) {
		char *name = strdup(t->cols[c].name), *p;

		if (!name) {
			free_options(o);
			return NULL;
		}
		for (p = name; *p; p++)
			if (*p == '_')
				*p = '-';
		o[n].name = name;
		o[n].has_arg = required_argument;
		o[n].val = 1000 + c;
		n++;
	}
	return o;
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
	while ((opt = svc_getopt(argc, argv, "", o, NULL)) != -1) {
		if (opt < 1000 || opt >= 1000 + SVC_ROW_MAX) {
			if (!other || opt == '?' || other(arg, opt, optarg) < 0) {
				free_options(o);
				svc_usage(ctx);
				return -1;
			}
			continue;
		}
		c = opt - 1000;
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

struct setter {
	struct svc_ctx *ctx;
	const struct svc_table *t;
	const struct svc_texts *in;
};

/* The record named id, with the columns given. */
static int
set_one(void *arg, const char *id, struct svc_err *err)
{
	struct setter *s = arg;
	struct svc_row row;
	struct svc_buf key = SVC_BUF_INIT;
	int rc, found = 0;

	svc_row_init(&row, s->t);
	rc = user_key(s->t, id, &key) ? svc_table_get(s->ctx->txn, s->t, key.p,
	    key.len, &row, &found, err) : 0;
	if (!rc && !found)
		rc = svc_err_set(err, SVC_ENOTFOUND, "no %s '%s'", s->t->name,
		    SVC_QUOTED(id));
	if (!rc && !(rc = svc_table_build(s->ctx->txn, s->t, s->in,
	    SVC_BUILD_SET, &row, err)))
		rc = svc_table_put(s->ctx->txn, s->t, &row, SVC_PUT_UPDATE,
		    NULL, err);
	svc_row_free(&row);
	svc_buf_free(&key);
	return rc;
}

/* svc NOUN set ID... (or - for ids on stdin) --COLUMN VALUE...: every
 * record, or none. */
int
cmd_table_set(int argc, char **argv, struct svc_ctx *ctx)
{
	const struct svc_table *t = cmd_table(ctx);
	struct svc_texts in;
	struct setter s = { ctx, t, &in };
	int first, c, any = 0;

	if ((first = column_args(ctx, t, argc, argv, &in)) < 0)
		return SVC_EUSAGE;
	if (first >= argc)
		return svc_usage(ctx);
	for (c = 0; c < t->ncols; c++)
		any |= in.given[c];
	if (!any) {
		svc_warn(ctx, "nothing to change (give --column value)");
		return SVC_EUSAGE;
	}
	return svc_each_id_all(ctx, argc - first, argv + first, t, set_one, &s);
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

	while ((opt = svc_getopt(argc, argv, "t", opts, NULL)) != -1)
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

/* --COLUMN VALUE of a list, the option as given in argv[at]: the
 * filter COLUMN=VALUE in fs[*nfs]; a reference must name a record.  0
 * or a status after a message. */
static int
column_filter(struct svc_ctx *ctx, const struct svc_table *t, int c,
    const char *given, const char *v, struct svc_filter *fs, int *nfs)
{
	const struct svc_column *col = &t->cols[c];
	const struct svc_table *to;
	struct svc_err err;
	char opt[80];
	int rc;

	snprintf(opt, sizeof opt, "%.*s", (int)strcspn(given, "="), given);
	if (col->ref && !col->ref_kind && !col->ref_kind_of && *v &&
	    (to = svc_catalog_table(&svc_modules, col->ref, strlen(col->ref))) &&
	    to->nkey == 1 && (rc = svc_filter_names(ctx, opt, to, v)))
		return rc;
	if (svc_filter_on(t, c, "=", v, &fs[*nfs], &err))
		return svc_fail(ctx, &err);
	(*nfs)++;
	return 0;
}

int
svc_list(struct svc_ctx *ctx, int argc, char **argv,
    const struct option *extra, int (*other)(void *arg, int opt,
    char *optarg), void *arg)
{
	static const struct option own[] = {
		{ "where", required_argument, NULL, 'w' },
		{ "columns", required_argument, NULL, 'c' },
		OUTPUT_LONGOPTS,
	};
	const struct svc_table *t = cmd_table(ctx);
	struct option *mine, *o = NULL;
	struct svc_filter *fs;
	struct svc_err err;
	int cols[SVC_ROW_MAX], ncols, nfs = 0, opt, rc = 0, i, k = 0;
	size_t nown = sizeof own / sizeof own[0];

	while (extra && extra[k].name)
		k++;
	/* a filter an option: at most one for each argument */
	fs = calloc((size_t)argc + 1, sizeof *fs);
	mine = calloc(nown + (size_t)k + 1, sizeof *mine);
	if (fs && mine) {
		memcpy(mine, own, sizeof own);
		if (k)
			memcpy(mine + nown, extra, sizeof *extra * (size_t)k);
		o = column_options(t, mine);
	}
	if (!o) {
		free(fs);
		free(mine);
		return SVC_ESYSTEM;
	}
	ncols = all_columns(t, cols);
	while ((opt = svc_getopt(argc, argv, "tw:c:", o, NULL)) != -1) {
		switch (opt) {
		case 'w':
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
			if (opt >= 1000 && opt < 1000 + t->ncols) {
				/* the option is the argument before its
				 * value, or holds it after '=' */
				if ((rc = column_filter(ctx, t, opt - 1000,
				    argv[optind - 1 - (optarg == argv[optind - 1])],
				    optarg, fs, &nfs)))
					goto out;
				break;
			}
			if ((rc = svc_output_opt(ctx, opt, optarg)) == 1) {
				rc = 0;
				break;
			}
			if (rc < 0) {
				rc = SVC_EUSAGE;
				goto out;
			}
			if (!other || opt == '?' ||
			    (rc = other(arg, opt, optarg)) < 0) {
				rc = svc_usage(ctx);
				goto out;
			}
			if (rc)
				goto out;
		}
	}
	if (optind < argc) {
		rc = svc_usage(ctx);
		goto out;
	}
	if (other && (rc = other(arg, 0, NULL))) {
		if (rc < 0)
			rc = svc_usage(ctx);
		goto out;
	}
	rc = svc_write_table(ctx, ctx->out, svc_out_format(ctx), t, cols, ncols, fs, nfs);
out:
	for (i = 0; i < nfs; i++)
		svc_filter_free(&fs[i]);
	free(fs);
	free_options(o);
	free(mine);
	return rc;
}

int
cmd_table_list(int argc, char **argv, struct svc_ctx *ctx)
{
	return svc_list(ctx, argc, argv, NULL, NULL, NULL);
}

/* svc TABLE export of every row and column, without --columns,
 * --where or --excel-safe: each record is written straight into a
 * large buffer, fields as svc_out_row writes them (a row of one empty
 * field as ""), the buffer written as it fills. */
struct export {
	FILE *fp;
	const struct svc_table *t;
	int tsv;
	struct svc_buf line;
	struct svc_buf val[SVC_ROW_MAX];	/* the text of a number */
};

enum { EXPORT_CHUNK = 64 * 1024 };

/* Field c of a row, or of the header, at o (room for 2 * n + 3). */
static char *
export_put(struct export *x, char *o, const char *s, size_t n, int c)
{
	if (c)
		*o++ = x->tsv ? '\t' : ',';
	if (x->tsv)
		return svc_tsv_put(o, s, n);
	if (n == 0 && x->t->ncols == 1) {
		*o++ = '"';
		*o++ = '"';
		return o;
	}
	return svc_csv_put(o, s, n);
}

static int
export_flush(struct export *x)
{
	if (x->line.len && fwrite(x->line.p, 1, x->line.len, x->fp) !=
	    x->line.len)
		return SVC_EIO;
	svc_buf_reset(&x->line);
	return 0;
}

static int
export_row(void *arg, struct svc_row *row)
{
	struct export *x = arg;
	const struct svc_table *t = x->t;
	const char *s[SVC_ROW_MAX];
	size_t n[SVC_ROW_MAX], need = 1;
	char *o;
	int c;

	for (c = 0; c < t->ncols; c++) {
		const struct svc_field *f = &row->f[c];

		s[c] = f->p ? f->p : "";
		n[c] = f->null ? 0 : f->n;
		if (!f->null && svc_type_is_int(t->cols[c].type)) {
			svc_buf_reset(&x->val[c]);
			if (svc_table_format(t, row, c, &x->val[c]) < 0)
				return SVC_ESYSTEM;
			s[c] = x->val[c].p ? x->val[c].p : "";
			n[c] = x->val[c].len;
		}
		if (n[c] > (SIZE_MAX - need) / 2 - 3)
			return SVC_ESYSTEM;
		need += 2 * n[c] + 3;
	}
	if (svc_buf_grow(&x->line, need) < 0)
		return SVC_ESYSTEM;
	o = x->line.p + x->line.len;
	for (c = 0; c < t->ncols; c++)
		o = export_put(x, o, s[c], n[c], c);
	*o++ = '\n';
	*o = '\0';
	x->line.len = (size_t)(o - x->line.p);
	return x->line.len >= EXPORT_CHUNK ? export_flush(x) : 0;
}

static int
export_all(struct svc_ctx *ctx, const struct svc_table *t)
{
	struct export x;
	struct svc_err err = { 0, "" };
	int c, rc = 0;

	memset(&x, 0, sizeof x);
	x.fp = ctx->out;
	x.t = t;
	x.tsv = ctx->format == SVC_FMT_TSV;
	if (svc_buf_grow(&x.line, EXPORT_CHUNK + 4096) < 0)
		rc = SVC_ESYSTEM;
	for (c = 0; !rc && !ctx->no_header && c < t->ncols; c++) {
		/* the header, a row of the columns' names */
		size_t n = strlen(t->cols[c].name);
		char *o;

		if (svc_buf_grow(&x.line, 2 * n + 4) < 0) {
			rc = SVC_ESYSTEM;
			break;
		}
		o = export_put(&x, x.line.p + x.line.len, t->cols[c].name, n,
		    c);
		if (c == t->ncols - 1)
			*o++ = '\n';
		*o = '\0';
		x.line.len = (size_t)(o - x.line.p);
	}
	if (!rc)
		rc = svc_table_scan(ctx->txn, t, NULL, 0, export_row, &x, &err);
	if (!rc)
		rc = export_flush(&x);
	if (!rc && (fflush(x.fp) == EOF || ferror(x.fp)))
		rc = SVC_EIO;
	svc_buf_free(&x.line);
	for (c = 0; c < SVC_ROW_MAX; c++)
		svc_buf_free(&x.val[c]);
	if (rc == SVC_EIO)
		svc_warn(ctx, "write error");
	else if (rc == SVC_ESYSTEM && !err.text[0])
		svc_warn(ctx, "out of memory");
	else if (rc)
		rc = svc_fail(ctx, &err);
	return rc;
}

int
cmd_table_export(int argc, char **argv, struct svc_ctx *ctx)
{
	static const struct option opts[] = { OUTPUT_LONGOPTS, { NULL, 0, NULL, 0 } };
	const struct svc_table *t = cmd_table(ctx);
	int cols[SVC_ROW_MAX], ncols, opt, rc;

	while ((opt = svc_getopt(argc, argv, "t", opts, NULL)) != -1)
		if ((rc = svc_output_opt(ctx, opt, optarg)) != 1)
			return rc < 0 ? SVC_EUSAGE : svc_usage(ctx);
	if (optind < argc)
		return svc_usage(ctx);
	if (ctx->format != SVC_FMT_CSV && ctx->format != SVC_FMT_TSV) {
		svc_warn(ctx, "export writes csv or tsv");
		return SVC_EUSAGE;
	}
	if (!ctx->columns && !ctx->nwhere && !ctx->keep && !ctx->excel_safe)
		return export_all(ctx, t);
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
};

static int
delete_one(void *arg, const char *id, struct svc_err *err)
{
	struct deleter *d = arg;

	return d->del(d->ctx, d->t, id, err);
}

int
svc_delete_ids(struct svc_ctx *ctx, int argc, char **argv,
    const struct svc_table *t, int (*del)(struct svc_ctx *ctx,
    const struct svc_table *t, const char *id, struct svc_err *err))
{
	struct deleter d = { ctx, t, del };
	int opt;

	while ((opt = getopt(argc, argv, "t")) != -1)
		if (svc_output_opt(ctx, opt, optarg) != 1)
			return svc_usage(ctx);
	if (optind >= argc)
		return svc_usage(ctx);
	return svc_each_id_all(ctx, argc - optind, argv + optind, t, delete_one,
	    &d);
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
	while ((opt = svc_getopt(argc, argv, "tnuvr:d:", opts, NULL)) != -1) {
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
	if (!(ch.ro = svc_rowout_ctx(ctx, t)))
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

	while ((opt = svc_getopt(argc, argv, "t", opts, NULL)) != -1)
		if ((rc = svc_output_opt(ctx, opt, optarg)) != 1)
			return rc < 0 ? -SVC_EUSAGE : -svc_usage(ctx);
	return optind;
}

/* --- a record with its parts --- */

struct parted {
	struct svc_ctx *ctx;
	const struct svc_show *spec;
	const struct svc_table *parent;
	struct svc_flat_out *flat;	/* CSV, TSV, --columns, --where */
	struct svc_row row;
	struct svc_buf key, id, json, val;
	int shown, missing, members;
};

/* The columns of row as members of a JSON object, typed as JSON rows
 * are. */
static int
json_members(struct parted *p, struct svc_row *row)
{
	const struct svc_table *t = row->t;
	int c;

	for (c = 0; c < t->ncols; c++) {
		svc_buf_reset(&p->val);
		if (svc_table_format(t, row, c, &p->val) < 0 ||
		    svc_json_key(&p->json, c == 0, t->cols[c].name) ||
		    svc_json_value(&p->json, svc_json_kind_of(&t->cols[c]),
		    p->val.p ? p->val.p : "", p->val.len))
			return SVC_ESYSTEM;
	}
	return 0;
}

/* A row of a part: an object of the part's array. */
static int
json_part_row(void *arg, struct svc_row *row)
{
	struct parted *p = arg;

	if ((p->members++ && svc_buf_addc(&p->json, ',')) ||
	    svc_buf_addc(&p->json, '{') || json_members(p, row) ||
	    svc_buf_addc(&p->json, '}'))
		return SVC_ESYSTEM;
	return 0;
}

/* The record in p->row as one line of JSON: its columns, then each part
 * as an array under its title. */
static int
show_json(struct parted *p)
{
	const struct svc_show *spec = p->spec;
	struct svc_err err;
	int i, rc;

	svc_buf_reset(&p->json);
	if (svc_buf_addc(&p->json, '{') || json_members(p, &p->row))
		return SVC_ESYSTEM;
	for (i = 0; i < spec->nparts; i++) {
		p->members = 0;
		if (svc_json_key(&p->json, 0, spec->titles[i]) ||
		    svc_buf_addc(&p->json, '['))
			return SVC_ESYSTEM;
		err.text[0] = '\0';
		if ((rc = svc_table_children(p->ctx->txn,
		    spec->parts[i], p->id.p, json_part_row, p,
		    &err)))
			return err.text[0] ? svc_fail(p->ctx, &err) : rc;
		if (svc_buf_addc(&p->json, ']'))
			return SVC_ESYSTEM;
	}
	if (svc_buf_adds(&p->json, "}\n") < 0)
		return SVC_ESYSTEM;
	if (fwrite(p->json.p, 1, p->json.len, p->ctx->out) != p->json.len)
		return SVC_EIO;
	return 0;
}

/* For people: the record as the generic show has it (a column a line),
 * then each part after a blank line and its title. */
static int
show_sections(struct parted *p)
{
	const struct svc_show *spec = p->spec;
	char *av[] = { "show", p->id.p, NULL };
	int i, rc;

	if (p->shown)
		fputc('\n', p->ctx->out);
	optind = 0;
	if ((rc = cmd_table_show(2, av, p->ctx)))
		return rc;
	for (i = 0; i < spec->nparts; i++) {
		fprintf(p->ctx->out, "\n%s:\n", spec->titles[i]);
		if ((rc = svc_list_children(p->ctx, p->parent, spec->parts[i],
		    1, av + 1)))
			return rc;
	}
	return 0;
}

static int
show_parted(void *arg, const char *id)
{
	struct parted *p = arg;
	struct svc_err err;
	int rc, found = 0;

	rc = user_key(p->parent, id, &p->key) ? svc_table_get(p->ctx->txn,
	    p->parent, p->key.p, p->key.len, &p->row, &found, &err) : 0;
	if (rc)
		return svc_fail(p->ctx, &err);
	if (!found) {
		svc_warn(p->ctx, "no %s '%s'", p->parent->name, SVC_QUOTED(id));
		p->missing++;
		return 0;
	}
	svc_buf_reset(&p->id);
	if (svc_table_key_text(p->parent, &p->row, &p->id))
		return SVC_ESYSTEM;
	if (p->flat)
		rc = svc_flat_record(p->flat, &p->row);
	else if (p->ctx->format == SVC_FMT_JSON)
		rc = show_json(p);
	else
		rc = show_sections(p);
	p->shown++;
	return rc;
}

int
svc_show_with_parts(struct svc_ctx *ctx, int argc, char **argv,
    const struct svc_show *spec)
{
	struct parted p;
	int first = svc_output_args(ctx, argc, argv), rc, rc2;

	if (first < 0)
		return -first;
	if (first >= argc)
		return svc_usage(ctx);
	memset(&p, 0, sizeof p);
	p.ctx = ctx;
	p.spec = spec;
	p.parent = spec->flat->parent;
	/* the generic show of the sections shows the parent */
	ctx->table = p.parent;
	if ((ctx->format == SVC_FMT_CSV || ctx->format == SVC_FMT_TSV ||
	    ctx->columns || ctx->nwhere) &&
	    !(p.flat = svc_flat_begin(ctx, spec->flat)))
		return ctx->out_status ? ctx->out_status : SVC_ESYSTEM;
	svc_row_init(&p.row, p.parent);
	rc = svc_each_id(ctx, argc - first, argv + first, p.parent, show_parted,
	    &p);
	if (p.flat && (rc2 = svc_flat_end(p.flat)) && !rc)
		rc = rc2;
	svc_row_free(&p.row);
	svc_buf_free(&p.key);
	svc_buf_free(&p.id);
	svc_buf_free(&p.json);
	svc_buf_free(&p.val);
	return rc ? rc : p.missing ? SVC_ENOTFOUND : 0;
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
