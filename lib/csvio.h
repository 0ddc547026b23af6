/* csvio.h - reading CSV (RFC 4180, through libcsv) and TSV; writing CSV, TSV, tables, JSON Lines */
#ifndef SVC_CSVIO_H
#define SVC_CSVIO_H

#include <stddef.h>
#include <stdio.h>

#include "buf.h"
#include "msg.h"

enum svc_format { SVC_FMT_CSV, SVC_FMT_TSV, SVC_FMT_TABLE, SVC_FMT_JSON };

/* Parses a --format word; -1 when unknown. */
int svc_format_parse(const char *s);

/* One record as read: nf fields, each NUL-terminated (a field may hold
 * no NUL itself: input with NUL bytes is refused). */
struct svc_record {
	long row;		/* 1 is the header, 2 the first data row */
	int nf;
	char **f;
	size_t *n;
};

/* Reads in (CSV when tsv is 0) to the end: the first record is the
 * header and goes to header(), every later one to row().  A callback's
 * non-zero return stops the reading and is returned.  Malformed input
 * fills err with the row (and column where known) and returns
 * SVC_EDATA; a read error SVC_EIO.  A UTF-8 byte order mark and CRLF
 * line ends are accepted.  err's text is empty unless the reader itself
 * failed (a callback's status comes back with it untouched). */
int svc_csv_read(FILE *in, int tsv,
    int (*header)(void *arg, const struct svc_record *rec),
    int (*row)(void *arg, const struct svc_record *rec),
    void *arg, struct svc_err *err);

/* The delimiter of svc_csv_read_delim: detected from the header line,
 * the one of ',' ';' TAB '|' found most often outside quotes (',' on a
 * tie or when none is). */
#define SVC_CSV_AUTO (-1)

/* The delimiter a header line uses most often outside quotes, as
 * SVC_CSV_AUTO detects it: the first line of p (n bytes). */
int svc_csv_guess_delim(const char *p, size_t n);

/* As svc_csv_read, with delim (',' ';' TAB '|', or SVC_CSV_AUTO)
 * between the fields of CSV; tsv's format knows no other delimiter.
 * A parse error says what was likely wrong, with its row and column:
 * a quote inside an unquoted field, or text after a closing quote,
 * naming the delimiter the header suggests when it is not delim. */
int svc_csv_read_delim(FILE *in, int tsv, int delim,
    int (*header)(void *arg, const struct svc_record *rec),
    int (*row)(void *arg, const struct svc_record *rec),
    void *arg, struct svc_err *err);

/* Column kinds, for JSON output and for --where: strings are quoted;
 * numbers (integers, decimals, money) are written as their exact text
 * and compared as numbers; booleans are true or false (yes and no
 * are written so); a list
 * ("a;b") is an array of strings, skills ("hvac:4;gas:2") an array of
 * {"skill":"hvac","level":4}.  An empty value is null. */
enum svc_json_kind { SVC_JSON_STRING, SVC_JSON_NUMBER, SVC_JSON_BOOL,
	SVC_JSON_LIST, SVC_JSON_SKILLS };

struct svc_out;

/* The pieces of a JSON object written by hand (a record with its
 * parts): svc_json_key appends "name": to b, after a comma unless it
 * is the first member; svc_json_value appends s (n bytes) as a value of
 * kind, as JSON rows have it (an empty value is null).  0, or -1 when
 * memory ran out. */
int svc_json_key(struct svc_buf *b, int first, const char *name);
int svc_json_value(struct svc_buf *b, enum svc_json_kind kind, const char *s,
    size_t n);

/* A flag or-ed into svc_out_begin's format: cells a spreadsheet would
 * evaluate as a formula are written as text (svc_out_excel_safe). */
#define SVC_OUT_EXCEL_SAFE 0x100
/* A flag or-ed into svc_out_begin's format: CSV, TSV and tables
 * without their header row. */
#define SVC_OUT_NO_HEADER 0x200

/* Starts output of ncols named columns to fp in format (an enum
 * svc_format, with SVC_OUT_EXCEL_SAFE or not). kinds may be NULL (all
 * strings).  Returns NULL when memory ran out. */
struct svc_out *svc_out_begin(FILE *fp, int format, const char *const *names,
    const enum svc_json_kind *kinds, int ncols);
/* Selects what o writes, before its first row: columns (NULL: all; else
 * names joined by ',', in the order wanted) and the filters of where
 * ("column=value", or != < <= > >= ~), which every row written must
 * pass.  The filters compare the text written: numbers as numbers, a
 * list's = and != ask whether it has the item, ~ whether the text
 * holds the value; col= matches an empty value, col!= a non-empty
 * one.  SVC_EUSAGE with err set names a column o does not have. */
int svc_out_select(struct svc_out *o, const char *columns,
    const char *const *where, int nwhere, struct svc_err *err);
/* Frees o without writing anything more (not even a header that has
 * not been written). */
void svc_out_discard(struct svc_out *o);
/* Writes one row; vals[i] NULL or empty is an empty value; lens NULL:
 * the values are NUL-terminated. */
int svc_out_row(struct svc_out *o, const char *const *vals, const size_t *lens);
/* Finishes (tables are printed here) and frees o; 0 or SVC_EIO. */
int svc_out_end(struct svc_out *o);

/* 1 when a cell written with SVC_OUT_EXCEL_SAFE gets a leading "'":
 * it starts with '=', '+', '-', '@', a tab or a carriage return and is
 * not a plain number (an optional sign, digits, an optional fraction),
 * which a spreadsheet reads as a number, never as a formula. */
int svc_out_excel_unsafe(const char *s, size_t n);

/* Compares two decimal numbers written as text (an optional sign,
 * digits, an optional fraction) exactly: -1, 0 or 1 in *cmp; -1 when
 * either is not such a number. */
int svc_decimal_cmp(const char *a, size_t an, const char *b, size_t bn,
    int *cmp);

/* Appends one field to b as CSV (quoted only when needed) or TSV. */
int svc_csv_field(struct svc_buf *b, const char *s, size_t n);
int svc_tsv_field(struct svc_buf *b, const char *s, size_t n);
/* The same, written at o, which has room for 2 * n + 2 bytes (no NUL
 * added); the end of what was written. */
char *svc_csv_put(char *o, const char *s, size_t n);
char *svc_tsv_put(char *o, const char *s, size_t n);

#endif
