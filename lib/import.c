/* import.c - reading CSV or TSV rows into tables: the header names columns, each row is built and put, bad rows reported and counted */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "import.h"

static int
tell(struct svc_import *im, long row, const struct svc_record *rec,
    const char *fmt, const char *a, int i)
{
	struct svc_buf why = SVC_BUF_INIT;
	int rc;

	if (svc_buf_printf(&why, fmt, i, a ? a : "", im->what) < 0)
		return SVC_ESYSTEM;
	rc = im->report.problem(im->report.arg, row, rec, why.p);
	svc_buf_free(&why);
	return rc;
}

static int
import_header(void *arg, const struct svc_record *rec)
{
	struct svc_import *im = arg;
	unsigned char seen[SVC_IMPORT_MAX_SLOTS];
	int i, k, rc, bad = 0;

	memset(seen, 0, sizeof seen);
	if (rec->nf > SVC_IMPORT_MAX_FIELDS) {
		if ((rc = im->report.problem(im->report.arg, 1, NULL, "too many columns")))
			return rc;
		return SVC_EDATA;
	}
	im->nf = rec->nf;
	for (i = 0; i < rec->nf; i++) {
		im->map[i] = -1;
		if (rec->n[i] == 0)
			continue;
		for (k = 0; k < im->ncols; k++)
			if (strcmp(im->cols[k].name, rec->f[i]) == 0)
				break;
		if (k == im->ncols) {
			rc = tell(im, 1, NULL, "column %d: unknown column '%s' "
			    "for %s", rec->f[i], i + 1);
			bad = 1;
		} else if (seen[k]++) {
			rc = tell(im, 1, NULL, "column %d: '%s' appears twice",
			    rec->f[i], i + 1);
			bad = 1;
		} else {
			im->map[i] = k;
			rc = 0;
		}
		if (rc)
			return rc;
	}
	for (k = 0; k < im->ncols; k++) {
		if (!im->cols[k].required || seen[k])
			continue;
		char why[160];

		snprintf(why, sizeof why, "missing column '%s'",
		    im->cols[k].name);
		if ((rc = im->report.problem(im->report.arg, 1, NULL, why)))
			return rc;
		bad = 1;
	}
	if (bad)
		return SVC_EDATA;
	return im->report.header ? im->report.header(im->report.arg, rec) : 0;
}

static int
import_row(void *arg, const struct svc_record *rec)
{
	struct svc_import *im = arg;
	struct svc_import_row r;
	struct svc_err err;
	int i, k, rc;

	if (++im->rows % SVC_IMPORT_PROGRESS == 0 && im->report.progress)
		im->report.progress(im->report.arg, im->rows);
	if (rec->nf != im->nf) {
		char why[96];

		snprintf(why, sizeof why, "%d fields, the header has %d",
		    rec->nf, im->nf);
		im->bad++;
		return im->report.problem(im->report.arg, rec->row, rec, why);
	}
	memset(&r, 0, sizeof r);
	r.row = rec->row;
	r.rec = rec;
	for (i = 0; i < rec->nf; i++) {
		if (im->map[i] < 0) {
			if (rec->n[i] && im->reject_unnamed) {
				im->bad++;
				return tell(im, rec->row, rec, "column %d: a value "
				    "under an empty header", NULL, i + 1);
			}
			continue;
		}
		k = im->cols[im->map[i]].slot;
		r.s[k] = rec->f[i];
		r.n[k] = rec->n[i];
		r.given[k] = 1;
	}
	err.text[0] = '\0';
	rc = im->row(im->arg, &r, &err);
	if (rc == SVC_EDATA || rc == SVC_ENOTFOUND) {
		im->bad++;
		return im->report.problem(im->report.arg, rec->row, rec, err.text);
	}
	if (rc && err.text[0])
		*im->err = err;
	return rc;
}

int
svc_import_read(struct svc_import *im, FILE *in, int tsv, struct svc_err *err)
{
	int rc;

	im->rows = im->bad = 0;
	im->err = err;
	err->text[0] = '\0';
	rc = svc_csv_read(in, tsv, import_header, import_row, im, err);
	if (rc)
		return rc;
	return im->bad ? SVC_EDATA : 0;
}

/* --- into one table --- */

struct table_import {
	struct svc_txn *txn;
	const struct svc_table *t;
	int how;
	struct svc_row row;
	struct svc_buf key, skey;
	struct svc_import_stats *st;
	const struct svc_import_report *report;
	struct svc_err *err;	/* a failure that stops the import */
};

static int
table_problem(void *arg, long row, const struct svc_record *rec,
    const char *why)
{
	struct table_import *ti = arg;

	if (rec)
		ti->st->bad++;
	return ti->report->problem(ti->report->arg, row, rec, why);
}

static int
table_header(void *arg, const struct svc_record *rec)
{
	struct table_import *ti = arg;

	return ti->report->header ? ti->report->header(ti->report->arg, rec) :
	    0;
}

static void
table_progress(void *arg, unsigned long rows)
{
	struct table_import *ti = arg;

	if (ti->report->progress)
		ti->report->progress(ti->report->arg, rows);
}

static int
table_row(void *arg, const struct svc_import_row *r, struct svc_err *err)
{
	struct table_import *ti = arg;
	const struct svc_table *t = ti->t;
	struct svc_texts in;
	int c, rc, added = 0, exists = 0, mode = SVC_BUILD_ADD;

	memset(&in, 0, sizeof in);
	for (c = 0; c < t->ncols; c++) {
		in.s[c] = r->s[c];
		in.n[c] = r->n[c];
		in.given[c] = r->given[c];
	}
	svc_row_clear(&ti->row);
	if (ti->how == SVC_PUT_ANY) {
		/* an existing record is changed: only given columns */
		svc_buf_reset(&ti->key);
		for (c = 0; c < t->nkey; c++) {
			if ((c && svc_buf_addc(&ti->key, '/') < 0) ||
			    svc_buf_add(&ti->key, in.s[c] ? in.s[c] : "",
			    in.n[c]) < 0)
				return svc_err_set(ti->err, SVC_ESYSTEM,
				    "out of memory");
		}
		if (svc_table_key_parse(t, ti->key.p, ti->key.len, &ti->skey,
		    err) == 0 && (rc = svc_table_get(ti->txn, t, ti->skey.p,
		    ti->skey.len, &ti->row, &exists, ti->err)))
			return rc;
		if (exists)
			mode = SVC_BUILD_SET;
	}
	rc = svc_table_build(ti->txn, t, &in, mode, &ti->row, err);
	if (!rc)
		rc = svc_table_put(ti->txn, t, &ti->row, exists ?
		    SVC_PUT_UPDATE : SVC_PUT_NEW, &added, err);
	if (rc == SVC_EDATA || rc == SVC_ENOTFOUND)
		return rc;
	if (rc) {
		*ti->err = *err;
		return rc;
	}
	if (added)
		ti->st->added++;
	else
		ti->st->changed++;
	return 0;
}

int
svc_import_table(struct svc_txn *txn, const struct svc_table *t, int how,
    FILE *in, int tsv, const struct svc_import_report *report,
    struct svc_import_stats *st, struct svc_err *err)
{
	struct svc_import_column cols[SVC_MAX_COLUMNS];
	struct svc_import im;
	struct table_import ti;
	int c, rc, has_seq;

	memset(st, 0, sizeof *st);
	if ((rc = svc_table_has_seq(txn, t, &has_seq, err)))
		return rc;
	for (c = 0; c < t->ncols; c++) {
		const struct svc_column *col = &t->cols[c];
		int needed = (col->flags & SVC_COL_REQUIRED) && !col->def &&
		    !col->def_param && !col->def_from;

		if (c < t->nkey)
			needed = !has_seq || how != SVC_PUT_NEW;
		else if (how != SVC_PUT_NEW)
			needed = 0;	/* existing rows keep their values */
		cols[c].name = col->name;
		cols[c].slot = c;
		cols[c].required = needed;
	}
	memset(&ti, 0, sizeof ti);
	ti.txn = txn;
	ti.t = t;
	ti.how = how;
	ti.st = st;
	ti.report = report;
	ti.err = err;
	svc_row_init(&ti.row, t);
	memset(&im, 0, sizeof im);
	im.cols = cols;
	im.ncols = t->ncols;
	im.what = t->name;
	im.reject_unnamed = 1;
	im.row = table_row;
	im.arg = &ti;
	im.report.header = table_header;
	im.report.problem = table_problem;
	im.report.progress = table_progress;
	im.report.arg = &ti;
	rc = svc_import_read(&im, in, tsv, err);
	svc_row_free(&ti.row);
	svc_buf_free(&ti.key);
	svc_buf_free(&ti.skey);
	return rc;
}
