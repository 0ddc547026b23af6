/* import.h - reading CSV or TSV rows into tables: the header names columns, each row is built and put, bad rows reported and counted */
#ifndef SVC_IMPORT_H
#define SVC_IMPORT_H

#include <stdio.h>

#include "csvio.h"
#include "db.h"
#include "msg.h"
#include "table.h"

#define SVC_IMPORT_MAX_FIELDS 255	/* fields of a record, at most */
#define SVC_IMPORT_MAX_SLOTS 64		/* columns an import may name */

/* A column the header of an import may name, and the slot its values
 * go to (for a table, the column's index). */
struct svc_import_column {
	const char *name;
	int slot;
	int required;		/* the header must name it */
};

/* One data row as the header mapped it: texts by slot. */
struct svc_import_row {
	long row;		/* as in messages: the header is row 1 */
	const char *s[SVC_IMPORT_MAX_SLOTS];
	size_t n[SVC_IMPORT_MAX_SLOTS];
	unsigned char given[SVC_IMPORT_MAX_SLOTS];
	const struct svc_record *rec;	/* the record as read */
};

/* Who hears how an import goes. */
struct svc_import_report {
	/* a good header, before the first row; may be NULL */
	int (*header)(void *arg, const struct svc_record *rec);
	/* each problem: a bad row (rec, its number, why) or a bad header
	 * (rec NULL, row 1); a non-zero return stops the import */
	int (*problem)(void *arg, long row, const struct svc_record *rec,
	    const char *why);
	/* every SVC_IMPORT_PROGRESS data rows read so far; may be NULL */
	void (*progress)(void *arg, unsigned long rows);
	void *arg;
};
#define SVC_IMPORT_PROGRESS 100000

/* How to read another system's export: its delimiter, names for its
 * header's columns, columns to pass over, values for every row.  Names
 * are matched without regard to ASCII case and '_', '-' and space. */
#define SVC_IMPORT_MAX_NAMES 255
struct svc_import_opts {
	int delim;		/* ',' ';' TAB '|' or SVC_CSV_AUTO; 0: ',' */
	int nmap;
	char *from[SVC_IMPORT_MAX_NAMES];	/* a header's column */
	char *to[SVC_IMPORT_MAX_NAMES];	/* svc's column; "": passed over */
	int nset;
	char *set[SVC_IMPORT_MAX_NAMES];	/* a column ... */
	char *value[SVC_IMPORT_MAX_NAMES];	/* ... and its value */
};

/* Adds mappings "Source=column,..." (text) or one a line, blank lines
 * and lines starting with '#' passed over (a file); "Source=" passes
 * the column over.  --ignore-columns "A,B" adds "A=" and "B=".  --set
 * "column=value" adds a value for every row.  0, SVC_EUSAGE (err says
 * what is wrong) or SVC_ESYSTEM. */
int svc_import_map(struct svc_import_opts *o, const char *text,
    struct svc_err *err);
int svc_import_map_file(struct svc_import_opts *o, FILE *fp,
    struct svc_err *err);
int svc_import_ignore(struct svc_import_opts *o, const char *text,
    struct svc_err *err);
int svc_import_set(struct svc_import_opts *o, const char *text,
    struct svc_err *err);
/* Parses a --delimiter: ',' ';' '|', a tab as itself, "\t" or "tab",
 * "auto" (SVC_CSV_AUTO); 0 when it is none of them. */
int svc_import_delim(const char *s);
/* Frees what the adders kept (o stays usable, empty). */
void svc_import_opts_free(struct svc_import_opts *o);

/* 1 when a and b are the same name without regard to ASCII case and
 * '_', '-' and space ("Customer ID" is "customer_id"). */
int svc_import_same_name(const char *a, const char *b);

struct svc_import {
	/* set by the caller */
	const struct svc_import_opts *opts;	/* or NULL */
	const struct svc_import_column *cols;
	int ncols;
	const char *what;	/* "customer": unknown column 'x' for customer */
	int reject_unnamed;	/* a value under an empty header is a bad
				 * row (else it is passed over) */
	/* makes one row: 0; SVC_EDATA or SVC_ENOTFOUND when the row is
	 * bad (err says why, and reading goes on); any other status stops
	 * the import */
	int (*row)(void *arg, const struct svc_import_row *r,
	    struct svc_err *err);
	void *arg;		/* row's */
	struct svc_import_report report;
	/* counted */
	unsigned long rows, bad;
	/* internal */
	struct svc_err *err;
	int nf;
	int map[SVC_IMPORT_MAX_FIELDS + 1];
	unsigned char pass[SVC_IMPORT_MAX_FIELDS + 1];	/* ignored */
	int mapcol[SVC_IMPORT_MAX_NAMES];	/* opts' mapping: -1 ignores */
	int setcol[SVC_IMPORT_MAX_NAMES];	/* opts' values' columns */
	unsigned char setk[SVC_IMPORT_MAX_SLOTS];	/* given by --set */
};

/* Reads in (CSV, or TSV when tsv) to the end: the header through cols
 * (and opts: its mapping first, then the columns' own names; an unknown
 * column is told with the closest name), every data row through row()
 * with opts' values set; a row whose every field is empty is passed
 * over.  A mapping or --set naming no column of cols is SVC_EUSAGE
 * before anything is read; a header that names a column --set gives
 * is bad.  Every problem goes to problem(); the
 * reading goes on past bad rows so that all are told.  0 when every row
 * was made; SVC_EDATA when the header or any row was bad (the caller
 * then aborts its transaction: nothing is imported); another status
 * when reading or making a row failed (err says why, unless it was a
 * callback's own status). */
int svc_import_read(struct svc_import *im, FILE *in, int tsv,
    struct svc_err *err);

/* What svc_import_table did. */
struct svc_import_stats {
	unsigned long added, changed, bad;
};

/* Imports rows into t, whose columns the header names.  how:
 * SVC_PUT_NEW (every row new) or SVC_PUT_ANY (a row whose key exists
 * changes the columns it gives).  Each row is parsed, checked and put
 * as svc_table_build and svc_table_put do; the report hears of every
 * bad row.  opts (or NULL) as svc_import_read takes them.  Returns as svc_import_read. */
int svc_import_table(struct svc_txn *txn, const struct svc_table *t, int how,
    FILE *in, int tsv, const struct svc_import_opts *opts,
    const struct svc_import_report *report,
    struct svc_import_stats *st, struct svc_err *err);

#endif
