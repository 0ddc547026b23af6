/* csvio.c - CSV and TSV in, CSV, TSV, aligned tables and JSON Lines out */
#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"

int
svc_format_parse(const char *s)
{
	if (strcmp(s, "csv") == 0)
		return SVC_FMT_CSV;
	if (strcmp(s, "tsv") == 0)
		return SVC_FMT_TSV;
	if (strcmp(s, "table") == 0)
		return SVC_FMT_TABLE;
	if (strcmp(s, "json") == 0)
		return SVC_FMT_JSON;
	return -1;
}

/* The record being assembled: fields live in one buffer, separated by
 * NULs; offsets are turned into pointers when the record is complete. */
struct reader {
	struct svc_buf data;
	size_t *off, *len;
	char **ptr;
	int nf, cap;
	long row;
	int (*header)(void *, const struct svc_record *);
	int (*rowfn)(void *, const struct svc_record *);
	void *arg;
	int stop;		/* a callback's non-zero status */
	int oom;
};

/* Room for one more field. */
static int
grow(struct reader *r)
{
	int cap = r->cap ? r->cap * 2 : 16;
	size_t *off = realloc(r->off, sizeof *off * (size_t)cap);
	size_t *len;
	char **ptr;

	if (off)
		r->off = off;
	len = off ? realloc(r->len, sizeof *len * (size_t)cap) : NULL;
	if (len)
		r->len = len;
	ptr = len ? realloc(r->ptr, sizeof *ptr * (size_t)cap) : NULL;
	if (!ptr)
		return -1;
	r->ptr = ptr;
	r->cap = cap;
	return 0;
}

static int
add_field(struct reader *r, const char *s, size_t n)
{
	if (r->nf == r->cap && grow(r) < 0)
		return -1;
	r->off[r->nf] = r->data.len;
	r->len[r->nf] = n;
	if (svc_buf_add(&r->data, s, n) < 0 || svc_buf_addc(&r->data, 0) < 0)
		return -1;
	r->nf++;
	return 0;
}

/* Hands the record of r->ptr and r->len to its callback. */
static void
emit(struct reader *r)
{
	struct svc_record rec;

	r->row++;
	rec.row = r->row;
	rec.nf = r->nf;
	rec.f = r->ptr;
	rec.n = r->len;
	r->stop = r->row == 1 ? r->header(r->arg, &rec) : r->rowfn(r->arg, &rec);
	r->nf = 0;
}

static void
end_record(struct reader *r)
{
	int i;

	if (r->stop)
		return;
	for (i = 0; i < r->nf; i++)
		r->ptr[i] = r->data.p + r->off[i];
	emit(r);
	svc_buf_reset(&r->data);
}

/* A line of CSV (s, n: without its LF) whose fields need no more than
 * splitting: each unquoted without a quote in it, or quoted without a
 * quote inside (no doubled quote, no line end: the closing quote is the
 * next one), and no CR in the line but one that ends it.  Such a line is
 * read here, to the record libcsv makes of it (spaces are data, an empty
 * line is no record), the fields cut in place; libcsv's state machine
 * takes each byte through a test and a copy, a fifth of a customer
 * import's time (bench/README).  Any other line is libcsv's: its
 * doubled quotes, quoted line ends, CR line ends and errors.  Returns
 * 0 when the line was read, 1 when libcsv is to read it, -1 when memory
 * ran out. */
static int
plain_line(struct reader *r, char *s, size_t n, int delim)
{
	char *e, *q, *end;
	int i;

	if (n && s[n - 1] == '\r')
		n--;
	if (memchr(s, '\r', n))
		return 1;
	if (n == 0)
		return 0;
	e = s + n;
	if (!(q = memchr(s, '"', n)))
		q = e;
	r->nf = 0;
	for (;;) {
		if (r->nf == r->cap && grow(r) < 0)
			return -1;
		if (s == q && q < e) {
			/* quoted: to the next quote, then a delimiter or
			 * the end */
			if (!(end = memchr(s + 1, '"', (size_t)(e - s - 1))) ||
			    (end + 1 < e && end[1] != delim))
				goto libcsv;
			r->ptr[r->nf] = s + 1;
			r->len[r->nf] = (size_t)(end - s - 1);
			end++;
			if (!(q = memchr(end, '"', (size_t)(e - end))))
				q = e;
		} else {
			if (!(end = memchr(s, delim, (size_t)(e - s))))
				end = e;
			if (q < end)
				goto libcsv;
			r->ptr[r->nf] = s;
			r->len[r->nf] = (size_t)(end - s);
		}
		r->nf++;
		if (end == e)
			break;
		s = end + 1;
	}
	for (i = 0; i < r->nf; i++)
		r->ptr[i][r->len[i]] = '\0';
	emit(r);
	return 0;
libcsv:
	r->nf = 0;
	return 1;
}

static void
cb_field(void *s, size_t n, void *arg)
{
	struct reader *r = arg;

	if (r->stop)
		return;
	if (add_field(r, s ? s : "", s ? n : 0) < 0) {
		r->oom = 1;
		r->stop = SVC_ESYSTEM;
	}
}

static void
cb_record(int c, void *arg)
{
	(void)c;
	end_record(arg);
}

/* libcsv's state (pstate) between records: ROW_NOT_BEGUN in libcsv.c */
#define BETWEEN_ROWS 0

static int
never_space(unsigned char c)
{
	(void)c;
	return 0;
}

/* TSV: fields split by TAB, records by LF (a CR before it is dropped),
 * with \t \n \r \\ escapes. */
static int
tsv_line(struct reader *r, char *line, size_t n, struct svc_err *err)
{
	size_t i, start;
	char *w;

	if (n && line[n - 1] == '\r')
		n--;
	if (n == 0)
		return 0;
	start = 0;
	for (i = 0; i <= n; i++) {
		if (i < n && line[i] != '\t')
			continue;
		/* unescape the field in place */
		{
			char *s = line + start, *e = line + i;
			w = s;
			while (s < e) {
				if (*s != '\\') {
					*w++ = *s++;
					continue;
				}
				if (s + 1 == e)
					return svc_err_set(err, SVC_EDATA, "row %ld: "
					    "column %d: a backslash ends the field",
					    r->row + 1, r->nf + 1);
				switch (s[1]) {
				case 't': *w++ = '\t'; break;
				case 'n': *w++ = '\n'; break;
				case 'r': *w++ = '\r'; break;
				case '\\': *w++ = '\\'; break;
				default:
					if ((unsigned char)s[1] >= 0x80)
						return svc_err_set(err, SVC_EDATA,
						    "row %ld: column %d: a backslash "
						    "before a non-ASCII character",
						    r->row + 1, r->nf + 1);
					return svc_err_set(err, SVC_EDATA, "row %ld: "
					    "column %d: unknown escape '\\%c'",
					    r->row + 1, r->nf + 1, s[1]);
				}
				s += 2;
			}
			if (add_field(r, line + start, (size_t)(w - (line + start))) < 0)
				return svc_err_set(err, SVC_ESYSTEM, "out of memory");
		}
		start = i + 1;
	}
	end_record(r);
	return 0;
}

int
svc_csv_guess_delim(const char *p, size_t n)
{
	static const char cand[] = { ',', ';', '\t', '|' };
	size_t count[4] = { 0, 0, 0, 0 }, i;
	int quoted = 0, k, best = 0;

	for (i = 0; i < n; i++) {
		if (p[i] == '"')
			quoted = !quoted;
		else if (!quoted && (p[i] == '\n' || p[i] == '\r'))
			break;
		else if (!quoted)
			for (k = 0; k < 4; k++)
				count[k] += p[i] == cand[k];
	}
	for (k = 1; k < 4; k++)
		if (count[k] > count[best])
			best = k;
	return cand[best];
}

/* The name of a delimiter in messages. */
static const char *
delim_name(int c)
{
	switch (c) {
	case '\t': return "tab";
	case ';': return "';'";
	case '|': return "'|'";
	default: return "','";
	}
}

/* What a strict parse error means: libcsv stops in a field begun
 * unquoted (a quote inside it) or after a quoted field's closing quote
 * (text after it).  guess is the delimiter the header suggests. */
static int
parse_error(struct svc_err *err, const struct csv_parser *p,
    const struct reader *r, int delim, int guess)
{
	char hint[96];

	if (guess != delim)
		snprintf(hint, sizeof hint, " \xe2\x80\x94 is the delimiter %s?",
		    delim_name(guess));
	else
		hint[0] = '\0';
	if (p->pstate == 2 && !p->quoted)
		return svc_err_set(err, SVC_EDATA, "row %ld: column %d: a quote "
		    "inside an unquoted field%s", r->row + 1, r->nf + 1,
		    hint[0] ? hint : " \xe2\x80\x94 quote the whole field and "
		    "write each quote in it twice");
	if (p->pstate == 3)
		return svc_err_set(err, SVC_EDATA, "row %ld: column %d: text "
		    "after a closing quote%s", r->row + 1, r->nf + 1,
		    hint[0] ? hint : " \xe2\x80\x94 a quote inside a quoted "
		    "field is written twice");
	return svc_err_set(err, SVC_EDATA, "row %ld: column %d: %s (a quote "
	    "inside an unquoted field, or text after a closing quote)%s",
	    r->row + 1, r->nf + 1, csv_strerror(csv_error((struct csv_parser *)p)),
	    hint);
}

int
svc_csv_read(FILE *in, int tsv,
    int (*header)(void *arg, const struct svc_record *rec),
    int (*rowfn)(void *arg, const struct svc_record *rec),
    void *arg, struct svc_err *err)
{
	return svc_csv_read_delim(in, tsv, ',', header, rowfn, arg, err);
}

int
svc_csv_read_delim(FILE *in, int tsv, int delim,
    int (*header)(void *arg, const struct svc_record *rec),
    int (*rowfn)(void *arg, const struct svc_record *rec),
    void *arg, struct svc_err *err)
{
	struct reader r;
	struct csv_parser p;
	struct svc_buf line = SVC_BUF_INIT;
	char buf[65536], *nl, *nul;
	size_t n, got, pos, first = 1;
	int rc = 0, guess = ',';

	if (err) {
		/* a text here afterwards is the reader's own complaint */
		err->status = 0;
		err->text[0] = '\0';
	}
	memset(&r, 0, sizeof r);
	r.header = header;
	r.rowfn = rowfn;
	r.arg = arg;
	if (!tsv) {
		if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL))
			return svc_err_set(err, SVC_ESYSTEM, "out of memory");
		/* spaces are data: libcsv would trim them around a field */
		csv_set_space_func(&p, never_space);
	}
	while (!r.stop && (got = fread(buf, 1, sizeof buf, in)) > 0) {
		char *s = buf;

		n = got;
		if (first) {
			first = 0;
			if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
				s += 3;
				n -= 3;
			}
			guess = svc_csv_guess_delim(s, n);
			if (delim == SVC_CSV_AUTO)
				delim = guess;
			if (!tsv)
				csv_set_delim(&p, (unsigned char)delim);
		}
		/* input up to a NUL byte is read first, so that the error
		 * names the row the NUL is in */
		if ((nul = memchr(s, '\0', n)))
			n = (size_t)(nul - s);
		/* CSV: a line at a time, libcsv reading the lines that are
		 * not plain (plain_line) and the rest of a record it began */
		while (!tsv && n && !r.stop) {
			size_t k;

			nl = memchr(s, '\n', n);
			k = nl ? (size_t)(nl - s) + 1 : n;
			if (nl && p.pstate == BETWEEN_ROWS &&
			    (rc = plain_line(&r, s, k - 1, delim)) <= 0) {
				if (rc < 0) {
					rc = svc_err_set(err, SVC_ESYSTEM,
					    "out of memory");
					goto out;
				}
			} else if (csv_parse(&p, s, k, cb_field, cb_record, &r) != k &&
			    !r.stop) {
				rc = parse_error(err, &p, &r, delim, guess);
				goto out;
			}
			s += k;
			n -= k;
		}
		rc = 0;
		if (!tsv) {
			if (nul)
				goto nul_byte;
			continue;
		}
		/* TSV: complete lines are handled as they arrive */
		if (svc_buf_add(&line, s, n) < 0) {
			rc = svc_err_set(err, SVC_ESYSTEM, "out of memory");
			goto out;
		}
		pos = 0;
		while (!r.stop && (nl = memchr(line.p + pos, '\n', line.len - pos))) {
			if ((rc = tsv_line(&r, line.p + pos,
			    (size_t)(nl - (line.p + pos)), err)))
				goto out;
			pos = (size_t)(nl - line.p) + 1;
		}
		memmove(line.p, line.p + pos, line.len - pos);
		line.len -= pos;
		if (nul)
			goto nul_byte;
	}
	if (r.stop) {
		rc = r.oom ? svc_err_set(err, SVC_ESYSTEM, "out of memory") : r.stop;
		goto out;
	}
	if (ferror(in)) {
		rc = svc_err_set(err, SVC_EIO, "read error: %s", strerror(errno));
		goto out;
	}
	if (!tsv) {
		if (csv_fini(&p, cb_field, cb_record, &r) && !r.stop) {
			rc = svc_err_set(err, SVC_EDATA, "row %ld: column %d: a "
			    "quoted field is not closed", r.row + 1, r.nf + 1);
			goto out;
		}
	} else if (line.len && (rc = tsv_line(&r, line.p, line.len, err)))
		goto out;
	goto done;
nul_byte:
	if (r.stop)
		rc = r.oom ? svc_err_set(err, SVC_ESYSTEM, "out of memory") : r.stop;
	else {
		/* the fields of the row before the NUL are complete */
		int col = r.nf + 1;
		size_t i;

		for (i = 0; tsv && i < line.len; i++)
			col += line.p[i] == '\t';
		rc = svc_err_set(err, SVC_EDATA, "row %ld: column %d: a NUL "
		    "byte in the input", r.row + 1, col);
	}
	goto out;
done:
	if (r.stop)
		rc = r.oom ? svc_err_set(err, SVC_ESYSTEM, "out of memory") : r.stop;
	else if (r.row == 0)
		rc = svc_err_set(err, SVC_EDATA, "the input is empty (a header "
		    "row is required)");
out:
	if (!tsv)
		csv_free(&p);
	svc_buf_free(&line);
	svc_buf_free(&r.data);
	free(r.off);
	free(r.len);
	free(r.ptr);
	return rc;
}

char *
svc_csv_put(char *o, const char *s, size_t n)
{
	const char *q;
	size_t i;

	if (n <= 32) {
		/* a short field, as most are, is copied as it is looked
		 * through: four memchr calls cost more than its bytes */
		for (i = 0; i < n; i++) {
			char c = s[i];

			if (c == ',' || c == '"' || c == '\n' || c == '\r')
				break;
			o[i] = c;
		}
		if (i == n)
			return o + n;
	} else if (!memchr(s, ',', n) && !memchr(s, '"', n) &&
	    !memchr(s, '\n', n) && !memchr(s, '\r', n)) {
		memcpy(o, s, n);
		return o + n;
	}
	/* copied a run up to each '"' at a time, the '"' doubled */
	*o++ = '"';
	while (n && (q = memchr(s, '"', n))) {
		i = (size_t)(q - s) + 1;
		memcpy(o, s, i);
		o += i;
		*o++ = '"';
		s += i;
		n -= i;
	}
	memcpy(o, s, n);
	o += n;
	*o++ = '"';
	return o;
}

int
svc_csv_field(struct svc_buf *b, const char *s, size_t n)
{
	if (n > (SIZE_MAX - 3) / 2 || svc_buf_grow(b, 2 * n + 2) < 0)
		return -1;
	b->len = (size_t)(svc_csv_put(b->p + b->len, s, n) - b->p);
	b->p[b->len] = '\0';
	return 0;
}

char *
svc_tsv_put(char *o, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '\t': *o++ = '\\'; *o++ = 't'; break;
		case '\n': *o++ = '\\'; *o++ = 'n'; break;
		case '\r': *o++ = '\\'; *o++ = 'r'; break;
		case '\\': *o++ = '\\'; *o++ = '\\'; break;
		default: *o++ = s[i];
		}
	}
	return o;
}

int
svc_tsv_field(struct svc_buf *b, const char *s, size_t n)
{
	if (n == 0)
		return 0;
	if (n > (SIZE_MAX - 3) / 2 || svc_buf_grow(b, 2 * n) < 0)
		return -1;
	b->len = (size_t)(svc_tsv_put(b->p + b->len, s, n) - b->p);
	b->p[b->len] = '\0';
	return 0;
}

static int
json_string(struct svc_buf *b, const char *s, size_t n)
{
	size_t i;
	int rc = svc_buf_addc(b, '"');

	for (i = 0; i < n && rc == 0; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': rc = svc_buf_add(b, "\\\"", 2); break;
		case '\\': rc = svc_buf_add(b, "\\\\", 2); break;
		case '\n': rc = svc_buf_add(b, "\\n", 2); break;
		case '\r': rc = svc_buf_add(b, "\\r", 2); break;
		case '\t': rc = svc_buf_add(b, "\\t", 2); break;
		default:
			if (c < 0x20)
				rc = svc_buf_printf(b, "\\u%04x", c);
			else
				rc = svc_buf_addc(b, c);
		}
	}
	return rc ? rc : svc_buf_addc(b, '"');
}

int
svc_json_key(struct svc_buf *b, int first, const char *name)
{
	int rc = first ? 0 : svc_buf_addc(b, ',');

	if (!rc)
		rc = json_string(b, name, strlen(name));
	return rc ? rc : svc_buf_addc(b, ':');
}

/* A filter of svc_out_select, on the text of an input column. */
enum out_op { OUT_EQ, OUT_NE, OUT_LT, OUT_LE, OUT_GT, OUT_GE, OUT_HAS };
struct out_filter {
	int col;
	enum out_op op;
	char *val;
	size_t n;
};

struct svc_out {
	FILE *fp;
	int format;
	int excel_safe;
	int no_header;
	int header_done;
	int ncols;		/* the columns given to svc_out_begin */
	char **names;
	enum svc_json_kind *kinds;
	int nsel;		/* the columns written: sel[i] of the given */
	int *sel;
	int nfilters;
	struct out_filter *filters;
	struct svc_buf line;
	/* table format: every cell kept until the end */
	char **cells;
	size_t ncells, capcells;
	int failed;
};

static int
put_line(struct svc_out *o)
{
	if (fwrite(o->line.p, 1, o->line.len, o->fp) != o->line.len)
		o->failed = 1;
	svc_buf_reset(&o->line);
	return o->failed ? SVC_EIO : 0;
}

/* A cell of a table: as TSV writes it (\t \n \r \\), and every other
 * character svc_shown_len refuses (ESC, DEL, C1 controls, bytes that
 * are not UTF-8) as \xNN. */
static int
table_cell(struct svc_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0, len;
	int rc = 0;

	while (i < n && rc == 0) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\t' || c == '\n' || c == '\r' || c == '\\') {
			rc = svc_tsv_field(b, s + i, 1);
			i++;
		} else if ((len = svc_shown_len(s + i, n - i)) > 0) {
			rc = svc_buf_add(b, s + i, len);
			i += len;
		} else {
			char esc[4] = { '\\', 'x', hex[c >> 4], hex[c & 15] };

			rc = svc_buf_add(b, esc, 4);
			i++;
		}
	}
	return rc;
}

static int
keep_cell(struct svc_out *o, const char *s, size_t n)
{
	struct svc_buf b = SVC_BUF_INIT;

	if (o->ncells == o->capcells) {
		size_t cap = o->capcells ? o->capcells * 2 : 256;
		char **c = realloc(o->cells, sizeof *c * cap);
		if (!c)
			return -1;
		o->cells = c;
		o->capcells = cap;
	}
	/* control characters would break the alignment, or reach the
	 * terminal as commands: escape them */
	if (table_cell(&b, s, n) < 0 || svc_buf_add(&b, "", 0) < 0) {
		svc_buf_free(&b);
		return -1;
	}
	o->cells[o->ncells++] = b.p;
	return 0;
}

int
svc_out_excel_unsafe(const char *s, size_t n)
{
	size_t i = 1, digits = 0;

	if (n == 0 || !strchr("=+-@\t\r", s[0]))
		return 0;
	if (s[0] != '-' && s[0] != '+')
		return 1;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (digits && i < n && s[i] == '.')
		for (i++, digits = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	return !digits || i < n;
}

/* The parts of a decimal number's text: 0 when it is one. */
static int
decimal_parts(const char *s, size_t n, int *neg, const char **ip, size_t *in,
    const char **fp, size_t *fn)
{
	size_t i = 0;

	*neg = 0;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		*neg = s[i++] == '-';
	while (i < n && s[i] == '0' && i + 1 < n && s[i + 1] >= '0' &&
	    s[i + 1] <= '9')
		i++;
	*ip = s + i;
	for (*in = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		(*in)++;
	*fp = s + i;
	*fn = 0;
	if (i < n && s[i] == '.') {
		*fp = s + ++i;
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			(*fn)++;
		if (*fn == 0)
			return -1;
	}
	if (*in == 0 || i != n)
		return -1;
	/* trailing zeros of the fraction do not count */
	while (*fn && (*fp)[*fn - 1] == '0')
		(*fn)--;
	return 0;
}

/* Compares the magnitudes of two decimals given by their parts. */
static int
magnitude_cmp(const char *ai, size_t an, const char *af, size_t afn,
    const char *bi, size_t bn, const char *bf, size_t bfn)
{
	size_t i;
	int c;

	if (an == 1 && ai[0] == '0')
		an = 0;
	if (bn == 1 && bi[0] == '0')
		bn = 0;
	if (an != bn)
		return an < bn ? -1 : 1;
	if ((c = memcmp(ai, bi, an)))
		return c < 0 ? -1 : 1;
	for (i = 0; i < afn || i < bfn; i++) {
		char x = i < afn ? af[i] : '0', y = i < bfn ? bf[i] : '0';
		if (x != y)
			return x < y ? -1 : 1;
	}
	return 0;
}

int
svc_decimal_cmp(const char *a, size_t an, const char *b, size_t bn, int *cmp)
{
	const char *ai, *af, *bi, *bf;
	size_t ain, afn, bin, bfn;
	int aneg, bneg, m;

	if (decimal_parts(a, an, &aneg, &ai, &ain, &af, &afn) ||
	    decimal_parts(b, bn, &bneg, &bi, &bin, &bf, &bfn))
		return -1;
	m = magnitude_cmp(ai, ain, af, afn, bi, bin, bf, bfn);
	/* -0 is 0 */
	if (aneg && magnitude_cmp(ai, ain, af, afn, "0", 1, "", 0) == 0)
		aneg = 0;
	if (bneg && magnitude_cmp(bi, bin, bf, bfn, "0", 1, "", 0) == 0)
		bneg = 0;
	if (aneg != bneg)
		*cmp = aneg ? -1 : 1;
	else
		*cmp = aneg ? -m : m;
	return 0;
}

/* A number JSON accepts as it is: -?(0|[1-9][0-9]*)(.[0-9]+)? */
static int
json_number_ok(const char *s, size_t n)
{
	size_t i = 0, d;

	if (i < n && s[i] == '-')
		i++;
	for (d = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		d++;
	if (d == 0 || (d > 1 && s[i - d] == '0'))
		return 0;
	if (i < n && s[i] == '.') {
		for (i++, d = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			d++;
		if (d == 0)
			return 0;
	}
	return i == n;
}

int
svc_json_value(struct svc_buf *b, enum svc_json_kind kind, const char *s,
    size_t n)
{
	size_t i, j, c;
	int rc = 0;

	if (n == 0)
		return svc_buf_adds(b, "null");
	switch (kind) {
	case SVC_JSON_NUMBER:
		if (json_number_ok(s, n))
			return svc_buf_add(b, s, n);
		break;
	case SVC_JSON_BOOL:
		/* reports that say yes or no to people say true or false */
		if ((n == 4 && memcmp(s, "true", 4) == 0) ||
		    (n == 3 && memcmp(s, "yes", 3) == 0))
			return svc_buf_adds(b, "true");
		if ((n == 5 && memcmp(s, "false", 5) == 0) ||
		    (n == 2 && memcmp(s, "no", 2) == 0))
			return svc_buf_adds(b, "false");
		break;
	case SVC_JSON_LIST:
	case SVC_JSON_SKILLS:
		rc = svc_buf_addc(b, '[');
		for (i = 0; i < n && rc == 0; i = j + 1) {
			for (j = i; j < n && s[j] != ';'; j++)
				;
			for (c = i; c < j && s[c] != ':'; c++)
				;
			if (i && (rc = svc_buf_addc(b, ',')))
				break;
			if (kind == SVC_JSON_LIST || c == j ||
			    !json_number_ok(s + c + 1, j - c - 1)) {
				rc = json_string(b, s + i, j - i);
				continue;
			}
			rc = svc_buf_adds(b, "{\"skill\":");
			if (!rc)
				rc = json_string(b, s + i, c - i);
			if (!rc)
				rc = svc_buf_adds(b, ",\"level\":");
			if (!rc)
				rc = svc_buf_add(b, s + c + 1, j - c - 1);
			if (!rc)
				rc = svc_buf_addc(b, '}');
		}
		return rc ? rc : svc_buf_addc(b, ']');
	case SVC_JSON_STRING:
		break;
	}
	return json_string(b, s, n);
}

struct svc_out *
svc_out_begin(FILE *fp, int format, const char *const *names,
    const enum svc_json_kind *kinds, int ncols)
{
	struct svc_out *o = calloc(1, sizeof *o);
	int i;

	if (!o)
		return NULL;
	o->fp = fp;
	o->excel_safe = (format & SVC_OUT_EXCEL_SAFE) != 0;
	o->no_header = (format & SVC_OUT_NO_HEADER) != 0;
	o->format = format & ~(SVC_OUT_EXCEL_SAFE | SVC_OUT_NO_HEADER);
	o->ncols = o->nsel = ncols;
	o->names = calloc((size_t)ncols + 1, sizeof *o->names);
	o->kinds = calloc((size_t)ncols + 1, sizeof *o->kinds);
	o->sel = calloc((size_t)ncols + 1, sizeof *o->sel);
	if (!o->names || !o->kinds || !o->sel)
		goto fail;
	for (i = 0; i < ncols; i++) {
		if (!(o->names[i] = strdup(names[i])))
			goto fail;
		o->kinds[i] = kinds ? kinds[i] : SVC_JSON_STRING;
		o->sel[i] = i;
	}
	return o;
fail:
	o->failed = 1;
	svc_out_end(o);
	return NULL;
}

static int
out_column(const struct svc_out *o, const char *s, size_t n)
{
	int i;

	for (i = 0; i < o->ncols; i++)
		if (strlen(o->names[i]) == n && memcmp(o->names[i], s, n) == 0)
			return i;
	return -1;
}

static int
no_column(const struct svc_out *o, const char *s, size_t n,
    struct svc_err *err)
{
	struct svc_buf b = SVC_BUF_INIT;
	int i;

	for (i = 0; i < o->ncols; i++)
		svc_buf_printf(&b, "%s%s", i ? "," : "", o->names[i]);
	char q[SVC_QUOTE_MAX];

	svc_err_set(err, SVC_EUSAGE, "no column '%s' (the columns are %s)",
	    svc_quote(q, s, n), b.p ? b.p : "");
	svc_buf_free(&b);
	return SVC_EUSAGE;
}

int
svc_out_select(struct svc_out *o, const char *columns,
    const char *const *where, int nwhere, struct svc_err *err)
{
	const char *p;
	int i, c;

	if (columns) {
		int *sel = calloc(strlen(columns) / 2 + 2, sizeof *sel);
		int n = 0;

		if (!sel)
			return svc_err_set(err, SVC_ESYSTEM, "out of memory");
		for (p = columns; *p; ) {
			size_t len = strcspn(p, ",");

			if ((c = out_column(o, p, len)) < 0) {
				free(sel);
				return no_column(o, p, len, err);
			}
			sel[n++] = c;
			p += len;
			if (*p == ',')
				p++;
		}
		if (n == 0) {
			free(sel);
			return svc_err_set(err, SVC_EUSAGE,
			    "--columns needs column names");
		}
		free(o->sel);
		o->sel = sel;
		o->nsel = n;
	}
	if (nwhere <= 0)
		return 0;
	if (!(o->filters = calloc((size_t)nwhere, sizeof *o->filters)))
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	for (i = 0; i < nwhere; i++) {
		struct out_filter *f = &o->filters[i];
		size_t n = strcspn(where[i], "=!<>~");
		const char *op = where[i] + n, *val;
		char q[SVC_QUOTE_MAX], qv[SVC_QUOTE_MAX];

		svc_quote(q, where[i], strlen(where[i]));
		if (!*op)
			return svc_err_set(err, SVC_EUSAGE, "bad filter '%s' "
			    "(want column=value, or != < <= > >= ~)", q);
		if ((f->col = out_column(o, where[i], n)) < 0)
			return no_column(o, where[i], n, err);
		if (op[0] == '=' && op[1] == '=')
			return svc_err_set(err, SVC_EUSAGE, "bad filter '%s': "
			    "'==' is not an operator; for equals write one '=' "
			    "(%s=...)", q, o->names[f->col]);
		if (op[0] == '=') { f->op = OUT_EQ; val = op + 1; }
		else if (op[0] == '!' && op[1] == '=') { f->op = OUT_NE; val = op + 2; }
		else if (op[0] == '<' && op[1] == '=') { f->op = OUT_LE; val = op + 2; }
		else if (op[0] == '>' && op[1] == '=') { f->op = OUT_GE; val = op + 2; }
		else if (op[0] == '<') { f->op = OUT_LT; val = op + 1; }
		else if (op[0] == '>') { f->op = OUT_GT; val = op + 1; }
		else if (op[0] == '~') { f->op = OUT_HAS; val = op + 1; }
		else
			return svc_err_set(err, SVC_EUSAGE, "bad filter '%s'",
			    q);
		f->n = strlen(val);
		if (o->kinds[f->col] == SVC_JSON_NUMBER && f->n &&
		    f->op != OUT_HAS &&
		    svc_decimal_cmp(val, f->n, "0", 1, &c) < 0)
			return svc_err_set(err, SVC_EUSAGE, "filter '%s': bad "
			    "number '%s'", q, svc_quote(qv, val, f->n));
		if (!(f->val = strdup(val)))
			return svc_err_set(err, SVC_ESYSTEM, "out of memory");
		o->nfilters = i + 1;
	}
	return 0;
}

static int
mem_has(const char *h, size_t hn, const char *nd, size_t nn)
{
	size_t i;

	for (i = 0; i + nn <= hn; i++)
		if (memcmp(h + i, nd, nn) == 0)
			return 1;
	return 0;
}

/* Does a list's text ("a;b:3") have the item (or the skill) s? */
static int
out_list_has(const char *p, size_t pn, const char *s, size_t n)
{
	size_t i = 0, j, c;

	while (i < pn) {
		for (j = i; j < pn && p[j] != ';'; j++)
			;
		for (c = i; c < j && p[c] != ':'; c++)
			;
		if ((j - i == n && memcmp(p + i, s, n) == 0) ||
		    (c - i == n && memcmp(p + i, s, n) == 0))
			return 1;
		i = j + 1;
	}
	return 0;
}

static int
out_filter_match(const struct svc_out *o, const struct out_filter *f,
    const char *s, size_t n)
{
	enum svc_json_kind k = o->kinds[f->col];
	int cmp;

	if (f->op == OUT_HAS)
		return mem_has(s, n, f->val, f->n);
	if (f->n == 0 || n == 0) {
		/* col= matches empty values, col!= non-empty ones */
		if (f->op == OUT_EQ)
			return n == 0 && f->n == 0;
		if (f->op == OUT_NE)
			return !(n == 0 && f->n == 0);
		return 0;
	}
	if (k == SVC_JSON_LIST || k == SVC_JSON_SKILLS) {
		int has = out_list_has(s, n, f->val, f->n);
		return f->op == OUT_EQ ? has : f->op == OUT_NE ? !has : 0;
	}
	if (k != SVC_JSON_NUMBER ||
	    svc_decimal_cmp(s, n, f->val, f->n, &cmp) < 0) {
		size_t m = n < f->n ? n : f->n;
		cmp = memcmp(s, f->val, m);
		if (cmp == 0)
			cmp = n < f->n ? -1 : n > f->n;
	}
	switch (f->op) {
	case OUT_EQ: return cmp == 0;
	case OUT_NE: return cmp != 0;
	case OUT_LT: return cmp < 0;
	case OUT_LE: return cmp <= 0;
	case OUT_GT: return cmp > 0;
	case OUT_GE: return cmp >= 0;
	default: return 0;
	}
}

/* The header, once: before the first row, or at the end. */
static int
out_header(struct svc_out *o)
{
	int i, rc = 0;

	if (o->header_done)
		return 0;
	o->header_done = 1;
	if (o->no_header)
		return 0;
	switch (o->format) {
	case SVC_FMT_CSV:
	case SVC_FMT_TSV:
		for (i = 0; i < o->nsel && rc == 0; i++) {
			const char *name = o->names[o->sel[i]];

			if (i && (rc = svc_buf_addc(&o->line, o->format ==
			    SVC_FMT_CSV ? ',' : '\t')) < 0)
				break;
			rc = (o->format == SVC_FMT_CSV ? svc_csv_field :
			    svc_tsv_field)(&o->line, name, strlen(name));
		}
		if (rc || svc_buf_addc(&o->line, '\n') < 0)
			return SVC_ESYSTEM;
		return put_line(o);
	case SVC_FMT_TABLE:
		for (i = 0; i < o->nsel; i++)
			if (keep_cell(o, o->names[o->sel[i]],
			    strlen(o->names[o->sel[i]])) < 0)
				return SVC_ESYSTEM;
		break;
	}
	return 0;
}

int
svc_out_row(struct svc_out *o, const char *const *vals, const size_t *lens)
{
	int i, rc = 0;

	for (i = 0; i < o->nfilters; i++) {
		int c = o->filters[i].col;
		const char *s = vals[c] ? vals[c] : "";
		size_t n = !vals[c] ? 0 : lens ? lens[c] : strlen(vals[c]);

		if (!out_filter_match(o, &o->filters[i], s, n))
			return 0;
	}
	if ((rc = out_header(o)))
		return rc;
	for (i = 0; i < o->nsel && rc == 0; i++) {
		int c = o->sel[i];
		const char *s = vals[c] ? vals[c] : "";
		size_t n = !vals[c] ? 0 : lens ? lens[c] : strlen(vals[c]);
		struct svc_buf safe = SVC_BUF_INIT;

		/* JSON carries types: a spreadsheet does not evaluate it */
		if (o->excel_safe && o->format != SVC_FMT_JSON &&
		    svc_out_excel_unsafe(s, n)) {
			if (svc_buf_addc(&safe, '\'') < 0 ||
			    svc_buf_add(&safe, s, n) < 0) {
				svc_buf_free(&safe);
				return SVC_ESYSTEM;
			}
			s = safe.p;
			n = safe.len;
		}

		switch (o->format) {
		case SVC_FMT_CSV:
			if (i)
				rc = svc_buf_addc(&o->line, ',');
			/* a row of one empty field is "", not a blank line
			 * that readers pass over as no row at all */
			if (!rc && o->nsel == 1 && n == 0)
				rc = svc_buf_add(&o->line, "\"\"", 2);
			else if (!rc)
				rc = svc_csv_field(&o->line, s, n);
			break;
		case SVC_FMT_TSV:
			if (i)
				rc = svc_buf_addc(&o->line, '\t');
			if (!rc)
				rc = svc_tsv_field(&o->line, s, n);
			break;
		case SVC_FMT_TABLE:
			rc = keep_cell(o, s, n);
			break;
		case SVC_FMT_JSON:
			if (!i)
				rc = svc_buf_addc(&o->line, '{');
			if (!rc)
				rc = svc_json_key(&o->line, i == 0, o->names[c]);
			if (!rc)
				rc = svc_json_value(&o->line, o->kinds[c], s, n);
			break;
		}
		svc_buf_free(&safe);
	}
	if (rc)
		return SVC_ESYSTEM;
	if (o->format == SVC_FMT_TABLE)
		return 0;
	if (o->format == SVC_FMT_JSON &&
	    svc_buf_adds(&o->line, o->nsel ? "}\n" : "{}\n") < 0)
		return SVC_ESYSTEM;
	if (o->format != SVC_FMT_JSON && svc_buf_addc(&o->line, '\n') < 0)
		return SVC_ESYSTEM;
	return put_line(o);
}

/* Display width: UTF-8 code points (continuation bytes do not count). */
static size_t
width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

void
svc_out_discard(struct svc_out *o)
{
	if (!o)
		return;
	o->header_done = 1;
	o->format = SVC_FMT_JSON;
	svc_out_end(o);
}

int
svc_out_end(struct svc_out *o)
{
	size_t *w = NULL, r, i, nrows;
	int c, rc;

	if (!o)
		return SVC_ESYSTEM;
	if (!o->failed && out_header(o))
		o->failed = 1;
	if (o->format == SVC_FMT_TABLE && !o->failed && o->nsel > 0) {
		w = calloc((size_t)o->nsel, sizeof *w);
		if (!w)
			o->failed = 1;
		nrows = o->ncells / (size_t)o->nsel;
		for (i = 0; w && i < o->ncells; i++) {
			size_t cw = width(o->cells[i]);
			if (cw > w[i % (size_t)o->nsel])
				w[i % (size_t)o->nsel] = cw;
		}
		for (r = 0; w && r < nrows && !o->failed; r++) {
			for (c = 0; c < o->nsel; c++) {
				const char *s = o->cells[r * (size_t)o->nsel + (size_t)c];
				svc_buf_adds(&o->line, s);
				if (c + 1 < o->nsel) {
					size_t pad = w[c] - width(s) + 2;
					while (pad--)
						svc_buf_addc(&o->line, ' ');
				}
			}
			/* no padding at the end of a line */
			while (o->line.len && o->line.p[o->line.len - 1] == ' ')
				o->line.len--;
			svc_buf_addc(&o->line, '\n');
			put_line(o);
		}
	}
	if (fflush(o->fp) == EOF || ferror(o->fp))
		o->failed = 1;
	rc = o->failed ? SVC_EIO : 0;
	for (i = 0; i < o->ncells; i++)
		free(o->cells[i]);
	free(o->cells);
	for (c = 0; o->names && c < o->ncols; c++)
		free(o->names[c]);
	free(o->names);
	free(o->kinds);
	free(o->sel);
	for (c = 0; c < o->nfilters; c++)
		free(o->filters[c].val);
	free(o->filters);
	free(w);
	svc_buf_free(&o->line);
	free(o);
	return rc;
}
