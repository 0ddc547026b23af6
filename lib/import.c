/* import.c - reading CSV or TSV rows into tables: the header names columns, each row is built and put, bad rows reported and counted */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "import.h"

/* --- names and options --- */

/* The next character of a name that counts, lower case; 0 at the end. */
static int
name_char(const char **s)
{
	unsigned char c;

	while ((c = (unsigned char)**s) == '_' || c == '-' || c == ' ')
		(*s)++;
	if (!c)
		return 0;
	(*s)++;
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

int
svc_import_same_name(const char *a, const char *b)
{
	int c;

	do {
		if ((c = name_char(&a)) != name_char(&b))
			return 0;
	} while (c);
	return 1;
}

/* A name as it is compared, cut at 63 characters. */
static size_t
name_key(const char *s, char *out)
{
	size_t n = 0;
	int c;

	while (n < 63 && (c = name_char(&s)))
		out[n++] = (char)c;
	out[n] = '\0';
	return n;
}

/* Levenshtein's distance between two compared names. */
static size_t
distance(const char *a, const char *b)
{
	char ka[64], kb[64];
	size_t na = name_key(a, ka), nb = name_key(b, kb), i, j;
	size_t prev[64], cur[64];

	for (j = 0; j <= nb; j++)
		prev[j] = j;
	for (i = 1; i <= na; i++) {
		cur[0] = i;
		for (j = 1; j <= nb; j++) {
			size_t d = prev[j - 1] + (ka[i - 1] != kb[j - 1]);

			if (prev[j] + 1 < d)
				d = prev[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			cur[j] = d;
		}
		memcpy(prev, cur, sizeof cur[0] * (nb + 1));
	}
	return prev[nb];
}

/* 1 when the compared name a holds b (of 3 characters or more). */
static int
holds(const char *a, const char *b)
{
	char ka[64], kb[64];

	name_key(a, ka);
	return name_key(b, kb) >= 3 && strstr(ka, kb) != NULL;
}

/* The column of cols closest to name by edit distance, when it is close
 * (at most a third of the longer name, or two) or one name holds the
 * other; else NULL. */
static const char *
closest(const struct svc_import_column *cols, int ncols, const char *name)
{
	const char *best = NULL;
	char kn[64], kc[64];
	size_t d, bd = (size_t)-1, n = name_key(name, kn), m, most;
	int k;

	for (k = 0; k < ncols; k++) {
		d = distance(name, cols[k].name);
		m = name_key(cols[k].name, kc);
		most = (n > m ? n : m) / 3;
		if (most < 2)
			most = 2;
		if (d > most && !holds(name, cols[k].name) &&
		    !holds(cols[k].name, name))
			continue;
		if (d < bd) {
			bd = d;
			best = cols[k].name;
		}
	}
	return best;
}

/* " (did you mean 'phone'?)" for an unknown name, into buf; "" when no
 * column is close. */
static const char *
suggest(const struct svc_import_column *cols, int ncols, const char *name,
    char *buf, size_t n)
{
	const char *c = closest(cols, ncols, name);

	if (!c)
		return "";
	snprintf(buf, n, " (did you mean '%s'?)", c);
	return buf;
}

/* The column of cols named name, or -1. */
static int
find_col(const struct svc_import_column *cols, int ncols, const char *name)
{
	int k;

	for (k = 0; k < ncols; k++)
		if (svc_import_same_name(cols[k].name, name))
			return k;
	return -1;
}

static char *
dup_n(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

/* Adds the pair from=to (n and m bytes) to the mapping or the values. */
static int
add_pair(struct svc_import_opts *o, int set, const char *from, size_t n,
    const char *to, size_t m, struct svc_err *err)
{
	int *count = set ? &o->nset : &o->nmap;
	char **a = set ? o->set : o->from, **b = set ? o->value : o->to;

	while (n && (*from == ' ' || *from == '\t'))
		from++, n--;
	while (n && (from[n - 1] == ' ' || from[n - 1] == '\t'))
		n--;
	if (!set) {
		while (m && (*to == ' ' || *to == '\t'))
			to++, m--;
		while (m && (to[m - 1] == ' ' || to[m - 1] == '\t'))
			m--;
	}
	if (n == 0)
		return svc_err_set(err, SVC_EUSAGE, "%s: a column name is "
		    "missing before '='", set ? "--set" : "--map");
	if (*count == SVC_IMPORT_MAX_NAMES)
		return svc_err_set(err, SVC_EUSAGE, "more than %d %s",
		    SVC_IMPORT_MAX_NAMES, set ? "--set values" : "mappings");
	if (!(a[*count] = dup_n(from, n)))
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	if (!(b[*count] = dup_n(to, m))) {
		free(a[*count]);
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	}
	(*count)++;
	return 0;
}

/* One "from=to" of length n. */
static int
add_entry(struct svc_import_opts *o, int set, const char *s, size_t n,
    const char *what, struct svc_err *err)
{
	const char *eq = memchr(s, '=', n);

	if (!eq)
	{
		char q[SVC_QUOTE_MAX];

		return svc_err_set(err, SVC_EUSAGE, "%s: want NAME=%s, not "
		    "'%s'", what, set ? "VALUE" : "COLUMN", svc_quote(q, s, n));
	}
	return add_pair(o, set, s, (size_t)(eq - s), eq + 1,
	    n - (size_t)(eq - s) - 1, err);
}

/* Calls one for each non-empty item of the ','-separated text. */
static int
each_item(struct svc_import_opts *o, const char *text,
    int (*one)(struct svc_import_opts *, const char *, size_t,
    struct svc_err *), struct svc_err *err)
{
	const char *e;
	int rc;

	for (;; text = e + 1) {
		e = strchr(text, ',');
		if (!e)
			e = text + strlen(text);
		if (e > text && (rc = one(o, text, (size_t)(e - text), err)))
			return rc;
		if (!*e)
			return 0;
	}
}

static int
map_one(struct svc_import_opts *o, const char *s, size_t n,
    struct svc_err *err)
{
	return add_entry(o, 0, s, n, "--map", err);
}

int
svc_import_map(struct svc_import_opts *o, const char *text,
    struct svc_err *err)
{
	return each_item(o, text, map_one, err);
}

int
svc_import_map_file(struct svc_import_opts *o, FILE *fp, struct svc_err *err)
{
	char *line = NULL;
	size_t cap = 0, n;
	ssize_t got;
	long no = 0;
	int rc = 0;

	while (!rc && (got = getline(&line, &cap, fp)) >= 0) {
		char *s = line, q[SVC_QUOTE_MAX];

		no++;
		n = (size_t)got;
		if (no == 1 && n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
			s += 3, n -= 3;
		while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
			n--;
		while (n && (*s == ' ' || *s == '\t'))
			s++, n--;
		if (n == 0 || *s == '#')
			continue;
		if (!memchr(s, '=', n))
			rc = svc_err_set(err, SVC_EUSAGE, "--map-file: line %ld: "
			    "want Source=column, not '%s'", no,
			    svc_quote(q, s, n));
		else
			rc = add_entry(o, 0, s, n, "--map-file", err);
	}
	free(line);
	if (!rc && ferror(fp))
		rc = svc_err_set(err, SVC_EIO, "--map-file: read error");
	return rc;
}

/* An ignored column: mapped to no column. */
static int
ignore_one(struct svc_import_opts *o, const char *s, size_t n,
    struct svc_err *err)
{
	return add_pair(o, 0, s, n, "", 0, err);
}

int
svc_import_ignore(struct svc_import_opts *o, const char *text,
    struct svc_err *err)
{
	return each_item(o, text, ignore_one, err);
}

int
svc_import_set(struct svc_import_opts *o, const char *text,
    struct svc_err *err)
{
	return add_entry(o, 1, text, strlen(text), "--set", err);
}

int
svc_import_delim(const char *s)
{
	if (strcmp(s, "auto") == 0)
		return SVC_CSV_AUTO;
	if (strcmp(s, "\\t") == 0 || strcmp(s, "tab") == 0 ||
	    strcmp(s, "\t") == 0)
		return '\t';
	if (strcmp(s, ",") == 0 || strcmp(s, ";") == 0 || strcmp(s, "|") == 0)
		return *s;
	return 0;
}

void
svc_import_opts_free(struct svc_import_opts *o)
{
	int i;

	for (i = 0; i < o->nmap; i++) {
		free(o->from[i]);
		free(o->to[i]);
	}
	for (i = 0; i < o->nset; i++) {
		free(o->set[i]);
		free(o->value[i]);
	}
	o->nmap = o->nset = 0;
}

/* --- reading --- */

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
		const struct svc_import_opts *o = im->opts;
		int m = -1, j;

		im->map[i] = -1;
		im->pass[i] = 0;
		if (rec->n[i] == 0)
			continue;
		for (j = 0; o && j < o->nmap && m < 0; j++)
			if (svc_import_same_name(o->from[j], rec->f[i]))
				m = j;
		if (m >= 0 && im->mapcol[m] < 0) {
			im->pass[i] = 1;	/* ignored */
			continue;
		}
		k = m >= 0 ? im->mapcol[m] : find_col(im->cols, im->ncols,
		    rec->f[i]);
		if (k < 0) {
			struct svc_buf why = SVC_BUF_INIT;
			char q[SVC_QUOTE_MAX];

			int guess = svc_csv_guess_delim(rec->f[0], rec->n[0]);
			char hint[200];

			if (rec->nf == 1 && guess != ',')
				snprintf(hint, sizeof hint, " \xe2\x80\x94 is the "
				    "delimiter %s? (-d auto finds it)", guess ==
				    '\t' ? "tab" : guess == ';' ? "';'" : "'|'");
			else if (!*suggest(im->cols, im->ncols, rec->f[i], hint,
			    sizeof hint))
				snprintf(hint, sizeof hint, " (name its column "
				    "with --map, or pass it over with "
				    "--ignore-columns)");
			if (svc_buf_printf(&why, "column %d: unknown column '%s' "
			    "for %s%s", i + 1, svc_quote(q, rec->f[i], rec->n[i]),
			    im->what, hint) < 0)
				return SVC_ESYSTEM;
			rc = im->report.problem(im->report.arg, 1, NULL, why.p);
			svc_buf_free(&why);
			bad = 1;
		} else if (im->setk[k]) {
			rc = tell(im, 1, NULL, "column %d: '%s' is given by --set "
			    "too (one of them, please)", im->cols[k].name, i + 1);
			bad = 1;
		} else if (seen[k]++) {
			char q[SVC_QUOTE_MAX];

			rc = tell(im, 1, NULL, "column %d: '%s' appears twice",
			    svc_quote(q, rec->f[i], rec->n[i]), i + 1);
			bad = 1;
		} else {
			im->map[i] = k;
			rc = 0;
		}
		if (rc)
			return rc;
	}
	for (k = 0; k < im->ncols; k++) {
		if (!im->cols[k].required || seen[k] || im->setk[k])
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

	for (i = 0; i < rec->nf && rec->n[i] == 0; i++)
		;
	if (i == rec->nf)
		return 0;	/* a spreadsheet's empty row */
	if (++im->rows % SVC_IMPORT_PROGRESS == 0 && im->report.progress)
		im->report.progress(im->report.arg, im->rows);
	if (rec->nf != im->nf) {
		char why[96];

		snprintf(why, sizeof why, "%d field%s, the header has %d",
		    rec->nf, rec->nf == 1 ? "" : "s", im->nf);
		im->bad++;
		return im->report.problem(im->report.arg, rec->row, rec, why);
	}
	memset(&r, 0, sizeof r);
	r.row = rec->row;
	r.rec = rec;
	for (i = 0; i < rec->nf; i++) {
		if (im->map[i] < 0) {
			if (rec->n[i] && im->reject_unnamed && !im->pass[i]) {
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
	for (i = 0; im->opts && i < im->opts->nset; i++) {
		k = im->cols[im->setcol[i]].slot;
		r.s[k] = im->opts->value[i];
		r.n[k] = strlen(im->opts->value[i]);
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

	const struct svc_import_opts *o = im->opts;
	char hint[160], q[SVC_QUOTE_MAX], q2[SVC_QUOTE_MAX];
	int i, k;

	im->rows = im->bad = 0;
	im->err = err;
	err->text[0] = '\0';
	memset(im->setk, 0, sizeof im->setk);
	for (i = 0; o && i < o->nmap; i++) {
		im->mapcol[i] = -1;
		if (!o->to[i][0])
			continue;
		if ((k = find_col(im->cols, im->ncols, o->to[i])) < 0)
			return svc_err_set(err, SVC_EUSAGE, "--map %s=%s: unknown "
			    "column '%s' for %s%s", svc_quote(q, o->from[i],
			    strlen(o->from[i])), svc_quote(q2, o->to[i],
			    strlen(o->to[i])), q2, im->what, suggest(im->cols,
			    im->ncols, o->to[i], hint, sizeof hint));
		im->mapcol[i] = k;
	}
	for (i = 0; o && i < o->nset; i++) {
		if ((k = find_col(im->cols, im->ncols, o->set[i])) < 0)
			return svc_err_set(err, SVC_EUSAGE, "--set %s: unknown "
			    "column '%s' for %s%s", svc_quote(q, o->set[i],
			    strlen(o->set[i])), q, im->what, suggest(im->cols,
			    im->ncols, o->set[i], hint, sizeof hint));
		if (im->setk[k])
			return svc_err_set(err, SVC_EUSAGE, "--set %s: given "
			    "twice", im->cols[k].name);
		im->setk[k] = 1;
		im->setcol[i] = k;
	}
	rc = svc_csv_read_delim(in, tsv, o && o->delim ? o->delim : ',',
	    import_header, import_row, im, err);
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
    FILE *in, int tsv, const struct svc_import_opts *opts,
    const struct svc_import_report *report,
    struct svc_import_stats *st, struct svc_err *err)
{
	struct svc_import_column cols[SVC_MAX_COLUMNS];
	struct svc_import im;
	struct table_import ti;
	int c, rc, has_seq, bulk = 0;

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
	im.opts = opts;
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
	/* new records: appended, their index entries written at the end */
	if (how == SVC_PUT_NEW && (rc = svc_table_bulk_begin(txn, t, &bulk,
	    err)))
		goto out;
	rc = svc_import_read(&im, in, tsv, err);
	if (bulk) {
		/* bad rows were put up to theirs: the store stays consistent
		 * whatever the caller does */
		int write = !rc || rc == SVC_EDATA || rc == SVC_ENOTFOUND, rc2;
		struct svc_err e2;

		rc2 = svc_table_bulk_end(txn, write, &e2);
		if (rc2 && (!rc || rc == SVC_EDATA || rc == SVC_ENOTFOUND)) {
			*err = e2;
			rc = rc2;
		}
	}
out:
	svc_row_free(&ti.row);
	svc_buf_free(&ti.key);
	svc_buf_free(&ti.skey);
	return rc;
}
