/* flat.c - import and export of a record with its lines as one CSV row per line */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/buf.h"
#include "../lib/order.h"
#include "../lib/table.h"
#include "cmd.h"


/* The flat columns: the parent's (id named PARENT_id), then the line's
 * but the parent's id and currency, those the parent has too taking a
 * line_ prefix. */
struct flatcol {
	const struct svc_table *t;
	int col;
	char name[64];
};

static int
flat_columns(const struct svc_flat *spec, struct flatcol *fc)
{
	const struct svc_table *ot = spec->parent, *lt = spec->child;
	int n = 0, c;

	for (c = 0; c < ot->ncols; c++) {
		fc[n].t = ot;
		fc[n].col = c;
		if (c == 0)
			snprintf(fc[n].name, sizeof fc[n].name, "%s_id", ot->name);
		else
			snprintf(fc[n].name, sizeof fc[n].name, "%s",
			    ot->cols[c].name);
		n++;
	}
	for (c = 1; c < lt->ncols; c++) {
		const char *name = lt->cols[c].name;
		if (strcmp(name, "currency") == 0)
			continue;
		fc[n].t = lt;
		fc[n].col = c;
		snprintf(fc[n].name, sizeof fc[n].name, "%s%s",
		    svc_column_find(ot, name, strlen(name)) >= 0 ? "line_" : "",
		    name);
		n++;
	}
	return n;
}

#define FLAT_MAX (2 * SVC_ROW_MAX)

struct svc_flat_out {
	const struct svc_flat *spec;
	struct svc_ctx *ctx;
	struct svc_out *out;
	struct flatcol fc[FLAT_MAX];
	int n;
	struct svc_row order;
	struct svc_buf vals[FLAT_MAX];
	int lines;
};

static int
flat_row(struct svc_flat_out *fo, struct svc_row *line)
{
	const char *v[FLAT_MAX];
	size_t n[FLAT_MAX];
	int i;

	for (i = 0; i < fo->n; i++) {
		struct svc_row *src = fo->fc[i].t == fo->order.t ? &fo->order : line;
		svc_buf_reset(&fo->vals[i]);
		if (src && svc_table_format(fo->fc[i].t, src, fo->fc[i].col,
		    &fo->vals[i]) < 0)
			return SVC_ESYSTEM;
		v[i] = src ? fo->vals[i].p : NULL;
		n[i] = src ? fo->vals[i].len : 0;
	}
	return svc_out_row(fo->out, v, n);
}

static int
flat_line(void *arg, struct svc_row *line)
{
	struct svc_flat_out *fo = arg;

	fo->lines++;
	return flat_row(fo, line);
}

struct svc_flat_out *
svc_flat_begin(struct svc_ctx *ctx, const struct svc_flat *spec)
{
	struct svc_flat_out *fo;
	const char *names[FLAT_MAX];
	enum svc_json_kind kinds[FLAT_MAX];
	int i;

	if (!(fo = calloc(1, sizeof *fo)))
		return NULL;
	fo->ctx = ctx;
	fo->spec = spec;
	fo->n = flat_columns(spec, fo->fc);
	for (i = 0; i < fo->n; i++) {
		names[i] = fo->fc[i].name;
		kinds[i] = svc_json_kind_of(&fo->fc[i].t->cols[fo->fc[i].col]);
	}
	svc_row_init(&fo->order, spec->parent);
	if (!(fo->out = svc_out_ctx(ctx, names, kinds, fo->n))) {
		svc_row_free(&fo->order);
		free(fo);
		return NULL;
	}
	return fo;
}

int
svc_flat_record(void *arg, struct svc_row *row)
{
	struct svc_flat_out *fo = arg;
	struct svc_err err;
	char *id;
	int rc;

	if (svc_row_copy(&fo->order, row))
		return SVC_ESYSTEM;
	id = svc_arena_strndup(&fo->order.arena, row->f[0].p, row->f[0].n);
	fo->lines = 0;
	rc = svc_table_children(fo->ctx->txn, fo->spec->child, id, flat_line,
	    fo, &err);
	if (rc)
		return rc == SVC_EIO ? rc : svc_fail(fo->ctx, &err);
	/* a record without lines still has its row */
	return fo->lines ? 0 : flat_row(fo, NULL);
}

int
svc_flat_end(struct svc_flat_out *fo)
{
	int i, rc = svc_out_end(fo->out);

	for (i = 0; i < FLAT_MAX; i++)
		svc_buf_free(&fo->vals[i]);
	svc_row_free(&fo->order);
	free(fo);
	return rc;
}

int
svc_flat_export(struct svc_ctx *ctx, const struct svc_flat *spec, int argc,
    char **argv)
{
	static const struct option opts[] = { OUTPUT_LONGOPTS, { NULL, 0, NULL, 0 } };
	struct svc_flat_out *fo;
	struct svc_err err;
	int rc, rc2, opt;

	while ((opt = svc_getopt(argc, argv, "t", opts, NULL)) != -1)
		if ((rc = svc_output_opt(ctx, opt, optarg)) != 1)
			return rc < 0 ? SVC_EUSAGE : svc_usage(ctx);
	if (optind != argc)
		return svc_usage(ctx);
	if (ctx->format != SVC_FMT_CSV && ctx->format != SVC_FMT_TSV) {
		svc_warn(ctx, "export writes csv or tsv");
		return SVC_EUSAGE;
	}
	if (!(fo = svc_flat_begin(ctx, spec)))
		return ctx->out_status ? ctx->out_status : SVC_ESYSTEM;
	rc = svc_table_scan(ctx->txn, spec->parent, NULL, 0, svc_flat_record, fo,
	    &err);
	if (rc && rc != SVC_EIO && err.text[0] && rc != SVC_EDATA)
		rc = svc_fail(ctx, &err);
	rc2 = svc_flat_end(fo);
	return rc ? rc : rc2;
}

struct flatin {
	const struct svc_flat *spec;
	struct svc_ctx *ctx;
	struct flatcol fc[FLAT_MAX];
	int nfc;
	struct svc_strset made;	/* parents this import created */
	unsigned long orders, lines;
	struct svc_row order;
	struct svc_import_opts io;	/* -d, --map, --set ... */
	struct svc_buf text;
};

/* Columns of the parent that follow from its lines or other records: an
 * import leaves them to be derived. */
static int
derived(const struct svc_flat *spec, int col)
{
	const int *d;

	for (d = spec->derived; d && *d >= 0; d++)
		if (*d == col)
			return 1;
	return 0;
}

static int
flat_problem(void *arg, long row, const struct svc_record *rec,
    const char *why)
{
	struct flatin *fi = arg;

	(void)rec;
	svc_warn(fi->ctx, "row %ld: %s", row, why);
	return 0;
}

static int
flat_in_row(void *arg, const struct svc_import_row *r, struct svc_err *err)
{
	struct flatin *fi = arg;
	const struct svc_table *ot = fi->spec->parent;
	struct svc_actor who = { fi->ctx->now, fi->ctx->user };
	struct svc_texts oin, lin;
	struct svc_buf id = SVC_BUF_INIT;
	const char *order;
	int k, rc, any_line = 0, found;
	int64_t line;

	memset(&oin, 0, sizeof oin);
	memset(&lin, 0, sizeof lin);
	for (k = 0; k < fi->nfc; k++) {
		struct svc_texts *in;

		if (!r->given[k])
			continue;
		if (fi->fc[k].t == ot && derived(fi->spec, fi->fc[k].col))
			continue;
		in = fi->fc[k].t == ot ? &oin : &lin;
		in->s[fi->fc[k].col] = r->s[k];
		in->n[fi->fc[k].col] = r->n[k];
		in->given[fi->fc[k].col] = 1;
		if (in == &lin && r->n[k])
			any_line = 1;
	}
	order = oin.s[0];
	if (!order || !*order)
		return svc_err_set(err, SVC_EDATA, "column '%s': a value is "
		    "required", fi->fc[0].name);
	if (!svc_strset_has(&fi->made, order)) {
		if ((rc = svc_table_exists(fi->ctx->txn, ot, order, strlen(order),
		    &found, err)))
			return rc == SVC_EDATA ? SVC_EINTERNAL : rc;
		if (found)
			return svc_err_set(err, SVC_EDATA, "%s '%s' exists "
			    "already", ot->name, order);
		rc = fi->spec->create(fi->ctx->txn, &oin, &who, &id, err);
		svc_buf_free(&id);
		if (rc)
			return rc;
		if (svc_strset_add(&fi->made, order) < 0)
			return svc_err_set(err, SVC_ESYSTEM, "out of memory");
		fi->orders++;
	} else {
		/* a later row of the order: its columns agree with the first */
		if ((rc = svc_table_get(fi->ctx->txn, ot, order, strlen(order),
		    &fi->order, &found, err)))
			return rc == SVC_EDATA ? SVC_EINTERNAL : rc;
		if (!found)
			return svc_err_set(err, SVC_EINTERNAL, "%s '%s' made by "
			    "this import is gone", ot->name, order);
		for (k = 1; k < ot->ncols; k++) {
			if (!oin.given[k] || oin.n[k] == 0)
				continue;
			svc_buf_reset(&fi->text);
			svc_table_format(ot, &fi->order, k, &fi->text);
			if (fi->text.len != oin.n[k] ||
			    memcmp(fi->text.p, oin.s[k], oin.n[k]))
				return svc_err_set(err, SVC_EDATA, "column '%s': "
				    "'%.*s' differs from the %s's first row "
				    "('%s')", ot->cols[k].name, (int)oin.n[k],
				    oin.s[k], ot->name,
				    fi->text.p ? fi->text.p : "");
		}
	}
	if (!any_line)
		return 0;
	if ((rc = fi->spec->add(fi->ctx->txn, order, &lin, &who, &line, err)))
		return rc;
	fi->lines++;
	return 0;
}

/* Holds the index entries of the tables an import writes (the parent's,
 * the child's and those the spec names) to be sorted and written at its
 * end (svc_table_hold_begin); *holding is 1 when some are.  Holds do not
 * nest: nothing an import calls may end a hold (svc_table_bulk_end ends
 * every one), and a bulk write begun inside it is not begun. */
static int
hold(struct svc_txn *txn, const struct svc_flat *spec, int *holding,
    struct svc_err *err)
{
	const struct svc_table *const two[] = { spec->parent, spec->child,
		NULL };
	const struct svc_table *const *t;
	int rc = 0, on, pass;

	for (pass = 0; pass < 2; pass++)
		for (t = pass ? spec->held : two; !rc && t && *t; t++) {
			rc = svc_table_hold_begin(txn, *t, &on, err);
			*holding |= on;
		}
	return rc;
}

int
svc_flat_import(struct svc_ctx *ctx, const struct svc_flat *spec, int argc,
    char **argv)
{
	static const struct option opts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "verbose", no_argument, NULL, 'v' },
		OUTPUT_LONGOPTS,
		IMPORT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct svc_import_column cols[FLAT_MAX];
	struct svc_import im;
	struct flatin *fi;
	struct svc_err err;
	const char *file = "-";
	FILE *in = stdin;
	int opt, rc, rc2, dry = 0, verbose = 0, i, opt_status = 0, holding = 0;

	if (!(fi = calloc(1, sizeof *fi)))
		return SVC_ESYSTEM;
	while ((opt = svc_getopt(argc, argv, "tnvd:", opts, NULL)) != -1) {
		if (opt == 'n')
			dry = 1;
		else if (opt == 'v')
			verbose = 1;
		else if ((rc = svc_import_opt(ctx, opt, optarg, &fi->io,
		    &opt_status)) == 1)
			;
		else if (rc || (rc = svc_output_opt(ctx, opt, optarg)) != 1) {
			svc_import_opts_free(&fi->io);
			free(fi);
			return opt_status ? opt_status : rc < 0 ? SVC_EUSAGE :
			    svc_usage(ctx);
		}
	}
	rc = optind + 1 < argc ? svc_usage(ctx) :
	    svc_import_opts_check(ctx, &fi->io);
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
	if (rc) {
		svc_import_opts_free(&fi->io);
		free(fi);
		return rc;
	}
	fi->ctx = ctx;
	fi->spec = spec;
	fi->nfc = flat_columns(spec, fi->fc);
	for (i = 0; i < fi->nfc; i++) {
		cols[i].name = fi->fc[i].name;
		cols[i].slot = i;
		cols[i].required = i == 0;
	}
	memset(&im, 0, sizeof im);
	im.opts = &fi->io;
	im.cols = cols;
	im.ncols = fi->nfc;
	im.what = spec->parent->name;
	im.row = flat_in_row;
	im.arg = fi;
	im.report.problem = flat_problem;
	im.report.arg = fi;
	svc_row_init(&fi->order, spec->parent);
	if ((spec->before && (rc = spec->before(ctx->txn, &err))) ||
	    (rc = hold(ctx->txn, spec, &holding, &err)))
		rc = svc_fail(ctx, &err);
	else if ((rc = svc_import_read(&im, in, ctx->format == SVC_FMT_TSV,
	    &err)) && err.text[0] && !svc_txn_map_full(ctx->txn))
		svc_warn(ctx, "%s", err.text);
	/* the entries held are written; after a failure the transaction
	 * is given up, and they with it */
	if (holding && (rc2 = svc_table_bulk_end(ctx->txn, !rc, &err)) && !rc)
		rc = svc_fail(ctx, &err);
	if (in != stdin)
		fclose(in);
	if (rc == SVC_EDATA && im.bad)
		svc_warn(ctx, "%lu bad row%s: nothing imported", im.bad,
		    im.bad == 1 ? "" : "s");
	else if (rc == SVC_EDATA)
		svc_warn(ctx, "nothing imported");
	else if (!rc && (verbose || dry))
		svc_warn(ctx, "%s%lu %ss, %lu lines", dry ? "dry run: " : "",
		    fi->orders, spec->parent->name, fi->lines);
	ctx->dry_run = dry;
	svc_strset_free(&fi->made);
	svc_row_free(&fi->order);
	svc_buf_free(&fi->text);
	svc_import_opts_free(&fi->io);
	free(fi);
	return rc;
}
