/* test-csv.c - the CSV and TSV reader, field quoting and the output formats */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/buf.h"
#include "../../lib/csvio.h"
#include "unit.h"

/* Every record read, as "row:field|field|...\n", with control
 * characters shown as \r \n \t and a field's length checked. */
struct seen {
	struct svc_buf text;
	int headers, rows;
	int stop_at;		/* a row number whose callback returns 42 */
	int bad_len;
};

static int
collect(void *arg, const struct svc_record *rec)
{
	struct seen *s = arg;
	int i;
	size_t j;

	svc_buf_printf(&s->text, "%ld:", rec->row);
	for (i = 0; i < rec->nf; i++) {
		if (strlen(rec->f[i]) != rec->n[i])
			s->bad_len++;
		if (i)
			svc_buf_addc(&s->text, '|');
		for (j = 0; j < rec->n[i]; j++) {
			char c = rec->f[i][j];
			if (c == '\r')
				svc_buf_adds(&s->text, "\\r");
			else if (c == '\n')
				svc_buf_adds(&s->text, "\\n");
			else if (c == '\t')
				svc_buf_adds(&s->text, "\\t");
			else
				svc_buf_addc(&s->text, c);
		}
	}
	svc_buf_addc(&s->text, '\n');
	return s->stop_at == rec->row ? 42 : 0;
}

static int
on_header(void *arg, const struct svc_record *rec)
{
	((struct seen *)arg)->headers++;
	return collect(arg, rec);
}

static int
on_row(void *arg, const struct svc_record *rec)
{
	((struct seen *)arg)->rows++;
	return collect(arg, rec);
}

/* The delimiter read_mem reads CSV with. */
static int read_delim = ',';

/* Reads n bytes of in; the records seen go to out (the caller frees
 * seen->text). */
static int
read_mem(const char *in, size_t n, int tsv, struct seen *seen,
    struct svc_err *err)
{
	FILE *fp = fmemopen((void *)in, n, "r");
	int rc;

	if (!fp) {
		perror("fmemopen");
		exit(1);
	}
	err->status = 0;
	err->text[0] = '\0';
	rc = svc_csv_read_delim(fp, tsv, read_delim, on_header, on_row, seen,
	    err);
	fclose(fp);
	return rc;
}

/* Reads in and checks the status and the records seen. */
static void
reads(const char *desc, const char *in, size_t n, int tsv, int want_rc,
    const char *want)
{
	struct seen seen;
	struct svc_err err;
	int rc;

	memset(&seen, 0, sizeof seen);
	rc = read_mem(in, n, tsv, &seen, &err);
	is_int(rc, want_rc, "%s: status", desc);
	is_str(seen.text.p ? seen.text.p : "", want, "%s: records", desc);
	if (seen.bad_len)
		ok(0, "%s: field lengths match their text", desc);
	svc_buf_free(&seen.text);
}

#define MEM(s) s, sizeof s - 1

/* Reads in, expecting SVC_EDATA with err text containing each of want1
 * and want2. */
static void
refuses(const char *desc, const char *in, size_t n, int tsv,
    const char *want1, const char *want2)
{
	struct seen seen;
	struct svc_err err;
	int rc;

	memset(&seen, 0, sizeof seen);
	rc = read_mem(in, n, tsv, &seen, &err);
	is_int(rc, SVC_EDATA, "%s: refused with SVC_EDATA", desc);
	is_int(err.status, SVC_EDATA, "%s: err.status", desc);
	if (!ok(strstr(err.text, want1) != NULL, "%s: the text names '%s'", desc,
	    want1))
		printf("# text: %s\n", err.text);
	if (want2 && !ok(strstr(err.text, want2) != NULL,
	    "%s: the text says '%s'", desc, want2))
		printf("# text: %s\n", err.text);
	svc_buf_free(&seen.text);
}

static void
test_csv_read(void)
{
	struct seen seen;
	struct svc_err err;
	int rc;

	reads("plain", MEM("id,name\nC-1,Ann\nC-2,Bob\n"), 0, 0,
	    "1:id|name\n2:C-1|Ann\n3:C-2|Bob\n");
	reads("no final line end", MEM("id,name\nC-1,Ann"), 0, 0,
	    "1:id|name\n2:C-1|Ann\n");
	reads("header only", MEM("id,name\n"), 0, 0, "1:id|name\n");
	reads("quoted comma", MEM("a,b\n\"x,y\",z\n"), 0, 0, "1:a|b\n2:x,y|z\n");
	reads("quoted quotes", MEM("a,b\n\"say \"\"hi\"\"\",\"\"\"\"\n"), 0, 0,
	    "1:a|b\n2:say \"hi\"|\"\n");
	reads("quoted newline", MEM("a,b\n\"line 1\nline 2\",z\nq,r\n"), 0, 0,
	    "1:a|b\n2:line 1\\nline 2|z\n3:q|r\n");
	reads("quoted CRLF is kept", MEM("a\r\n\"x\r\ny\"\r\n"), 0, 0,
	    "1:a\n2:x\\r\\ny\n");
	reads("CRLF line ends", MEM("id,name\r\nC-1,Ann\r\nC-2,Bob\r\n"), 0, 0,
	    "1:id|name\n2:C-1|Ann\n3:C-2|Bob\n");
	reads("byte order mark", MEM("\xef\xbb\xbfid,name\nC-1,Ann\n"), 0, 0,
	    "1:id|name\n2:C-1|Ann\n");
	reads("a BOM later is data", MEM("id\n\xef\xbb\xbfx\n"), 0, 0,
	    "1:id\n2:\xef\xbb\xbfx\n");
	reads("empty fields", MEM("a,b,c\n,,\nx,,\n,,z\n"), 0, 0,
	    "1:a|b|c\n2:||\n3:x||\n4:||z\n");
	reads("quoted empty field", MEM("a,b\n\"\",x\n"), 0, 0, "1:a|b\n2:|x\n");
	reads("spaces are data", MEM("a,b\n x , y\n"), 0, 0,
	    "1:a|b\n2: x | y\n");
	reads("non-ASCII", MEM("name\nZo\xc3\xab \xe6\x9d\xb1\xe4\xba\xac\n"), 0, 0,
	    "1:name\n2:Zo\xc3\xab \xe6\x9d\xb1\xe4\xba\xac\n");
	reads("a quoted last field without a line end", MEM("a,b\nx,\"y,z\""),
	    0, 0, "1:a|b\n2:x|y,z\n");

	refuses("a NUL byte", MEM("a,b\nx,y\nx\0y,z\n"), 0, "row 3", "NUL");
	refuses("a NUL byte in the header", MEM("a\0,b\nx,y\n"), 0, "row 1",
	    "NUL");
	refuses("an unterminated quote", MEM("a,b\nx,\"y\n"), 0, "row 2",
	    "not closed");
	refuses("an unterminated quote on a later row",
	    MEM("a,b\nx,y\n\"x,y\nz\n"), 0, "row 3", "not closed");
	refuses("a quote inside an unquoted field", MEM("a,b\nx,y\nx,y\"z\n"), 0,
	    "row 3", "column 2");
	refuses("text after a closing quote", MEM("a,b\n\"x\"y,z\n"), 0,
	    "row 2", "column 1");
	refuses("empty input", MEM(""), 0, "empty", NULL);
	refuses("only a BOM", MEM("\xef\xbb\xbf"), 0, "empty", NULL);

	/* a callback's status stops the reading and is returned */
	memset(&seen, 0, sizeof seen);
	seen.stop_at = 1;
	rc = read_mem(MEM("a\nb\nc\n"), 0, &seen, &err);
	is_int(rc, 42, "a header callback's status is returned");
	is_int(seen.rows, 0, "no row is read after the header callback stops");
	svc_buf_free(&seen.text);
	memset(&seen, 0, sizeof seen);
	seen.stop_at = 2;
	rc = read_mem(MEM("a\nb\nc\nd\n"), 0, &seen, &err);
	is_int(rc, 42, "a row callback's status is returned");
	is_int(seen.rows, 1, "no row is read after the row callback stops");
	svc_buf_free(&seen.text);
	memset(&seen, 0, sizeof seen);
	seen.stop_at = 3;
	rc = read_mem(MEM("a\tb\nc\td\ne\tf\ng\th\n"), 1, &seen, &err);
	is_int(rc, 42, "a TSV row callback's status is returned");
	is_int(seen.rows, 2, "no TSV row is read after the callback stops");
	svc_buf_free(&seen.text);
}

/* A field of 100000 bytes crosses the reader's 64 KB reads. */
static void
test_long_input(int tsv)
{
	struct svc_buf in = SVC_BUF_INIT, want = SVC_BUF_INIT;
	size_t i;

	svc_buf_adds(&in, tsv ? "a\tb\n1\t" : "a,b\n1,\"");
	svc_buf_adds(&want, "1:a|b\n2:1|");
	for (i = 0; i < 100000; i++) {
		svc_buf_addc(&in, 'x');
		svc_buf_addc(&want, 'x');
	}
	svc_buf_adds(&in, tsv ? "\\ny\n2\tz\n" : "\ny\"\n2,z\n");
	svc_buf_adds(&want, "\\ny\n3:2|z\n");
	reads(tsv ? "TSV a field across reads" : "CSV a field across reads",
	    in.p, in.len, tsv, 0, want.p);
	svc_buf_free(&in);
	svc_buf_free(&want);
}

static void
test_tsv_read(void)
{
	reads("TSV plain", MEM("id\tname\nC-1\tAnn Smith\n"), 1, 0,
	    "1:id|name\n2:C-1|Ann Smith\n");
	reads("TSV commas and quotes are data", MEM("a\tb\nx,y\t\"z\"\n"), 1, 0,
	    "1:a|b\n2:x,y|\"z\"\n");
	reads("TSV escapes", MEM("a\tb\nx\\ty\\nz\tback\\\\slash\\r\n"), 1, 0,
	    "1:a|b\n2:x\\ty\\nz|back\\slash\\r\n");
	reads("TSV CRLF", MEM("a\tb\r\nx\ty\r\n"), 1, 0, "1:a|b\n2:x|y\n");
	reads("TSV empty fields", MEM("a\tb\tc\n\t\t\nx\t\t\n"), 1, 0,
	    "1:a|b|c\n2:||\n3:x||\n");
	reads("TSV no final line end", MEM("a\tb\nx\ty"), 1, 0,
	    "1:a|b\n2:x|y\n");
	reads("TSV byte order mark", MEM("\xef\xbb\xbf" "a\tb\nx\ty\n"), 1, 0,
	    "1:a|b\n2:x|y\n");
	refuses("TSV unknown escape", MEM("a\tb\nx\ty\nx\t\\q\n"), 1, "row 3",
	    "column 2");
	refuses("TSV a backslash at the end of a field", MEM("a\tb\nx\\\ty\n"),
	    1, "row 2", "column 1");
	refuses("TSV a NUL byte", MEM("a\tb\nx\ty\nx\0\ty\n"), 1, "row 3", "NUL");
	refuses("TSV empty input", MEM(""), 1, "empty", NULL);
}

static void
field(const char *desc, int tsv, const char *in, size_t n, const char *want)
{
	struct svc_buf b = SVC_BUF_INIT;

	svc_buf_adds(&b, "<");
	ok((tsv ? svc_tsv_field : svc_csv_field)(&b, in, n) == 0,
	    "%s: returns 0", desc);
	svc_buf_adds(&b, ">");
	is_str(b.p, want, "%s", desc);
	svc_buf_free(&b);
}

#define STR(s) s, strlen(s)

static void
test_fields(void)
{
	field("CSV plain", 0, STR("plain text"), "<plain text>");
	field("CSV empty", 0, STR(""), "<>");
	field("CSV spaces need no quotes", 0, STR(" a "), "< a >");
	field("CSV a comma", 0, STR("a,b"), "<\"a,b\">");
	field("CSV quotes", 0, STR("say \"hi\""), "<\"say \"\"hi\"\"\">");
	field("CSV a lone quote", 0, STR("\""), "<\"\"\"\">");
	field("CSV a newline", 0, STR("a\nb"), "<\"a\nb\">");
	field("CSV a CR", 0, STR("a\rb"), "<\"a\rb\">");
	field("CSV a tab needs no quotes", 0, STR("a\tb"), "<a\tb>");
	field("CSV a semicolon needs no quotes", 0, STR("a;b"), "<a;b>");
	field("CSV non-ASCII", 0, STR("Zo\xc3\xab"), "<Zo\xc3\xab>");
	field("CSV only n bytes", 0, "ab,c", 2, "<ab>");
	/* fields of up to 32 bytes are looked through a byte at a time,
	 * longer ones with memchr: either side of the line */
	field("CSV 32 bytes, a comma last", 0,
	    STR("0123456789012345678901234567890,"),
	    "<\"0123456789012345678901234567890,\">");
	field("CSV 32 bytes, a quote first", 0,
	    STR("\"123456789012345678901234567890x"),
	    "<\"\"\"123456789012345678901234567890x\">");
	field("CSV 32 plain bytes", 0, STR("01234567890123456789012345678901"),
	    "<01234567890123456789012345678901>");
	field("CSV 33 bytes, a CR last", 0,
	    STR("01234567890123456789012345678901\r"),
	    "<\"01234567890123456789012345678901\r\">");
	field("CSV 33 plain bytes", 0, STR("012345678901234567890123456789012"),
	    "<012345678901234567890123456789012>");
	field("CSV 33 bytes, a newline first", 0,
	    STR("\n12345678901234567890123456789012"),
	    "<\"\n12345678901234567890123456789012\">");
	field("TSV plain", 1, STR("plain text, \"quoted\""),
	    "<plain text, \"quoted\">");
	field("TSV empty", 1, STR(""), "<>");
	field("TSV a tab", 1, STR("a\tb"), "<a\\tb>");
	field("TSV a newline", 1, STR("a\nb"), "<a\\nb>");
	field("TSV a CR", 1, STR("a\rb"), "<a\\rb>");
	field("TSV a backslash", 1, STR("a\\b"), "<a\\\\b>");
	field("TSV only n bytes", 1, "ab\tc", 2, "<ab>");
}

/* Writes rows of 3 columns in format; the output is in *text. */
static int
write_out(int format, const char *const *names,
    const enum svc_json_kind *kinds, int ncols, const char *const *vals,
    int nrows, char **text)
{
	size_t size = 0, lens[8];
	FILE *fp = open_memstream(text, &size);
	struct svc_out *o;
	int r, c, rc = 0;

	if (!fp) {
		perror("open_memstream");
		exit(1);
	}
	o = svc_out_begin(fp, format, names, kinds, ncols);
	if (!o) {
		fclose(fp);
		return -1;
	}
	for (r = 0; r < nrows; r++) {
		const char *const *row = vals + r * ncols;
		for (c = 0; c < ncols; c++)
			lens[c] = row[c] ? strlen(row[c]) : 0;
		if (svc_out_row(o, row, lens))
			rc = -1;
	}
	if (svc_out_end(o))
		rc = -1;
	fclose(fp);
	return rc;
}

static void
test_out(void)
{
	static const char *const names[] = { "id", "name", "amount" };
	static const enum svc_json_kind kinds[] = {
		SVC_JSON_STRING, SVC_JSON_STRING, SVC_JSON_NUMBER
	};
	static const char *const rows[] = {
		"C-1", "Ann", "12.50",
		"C-10", "Smith, \"Bob\"", "-3",
		"C-2", "", NULL,
		"C-3", "tab\there\nnewline", "0.00",
		"C-4", "Zo\xc3\xab \xe6\x9d\xb1", "7",
	};
	static const char *const bools[] = { "flag", "n" };
	static const enum svc_json_kind bool_kinds[] = {
		SVC_JSON_BOOL, SVC_JSON_NUMBER
	};
	static const char *const bool_rows[] = {
		"true", "1",
		"false", "",
	};
	static const char *const odd[] = { "a\\b", "c\"d" };
	static const char *const odd_rows[] = { "\x01", "x" };
	char *text = NULL;

	ok(write_out(SVC_FMT_CSV, names, kinds, 3, rows, 5, &text) == 0,
	    "CSV output succeeds");
	is_str(text,
	    "id,name,amount\n"
	    "C-1,Ann,12.50\n"
	    "C-10,\"Smith, \"\"Bob\"\"\",-3\n"
	    "C-2,,\n"
	    "C-3,\"tab\there\nnewline\",0.00\n"
	    "C-4,Zo\xc3\xab \xe6\x9d\xb1,7\n",
	    "CSV output");
	free(text);

	text = NULL;
	ok(write_out(SVC_FMT_TSV, names, kinds, 3, rows, 5, &text) == 0,
	    "TSV output succeeds");
	is_str(text,
	    "id\tname\tamount\n"
	    "C-1\tAnn\t12.50\n"
	    "C-10\tSmith, \"Bob\"\t-3\n"
	    "C-2\t\t\n"
	    "C-3\ttab\\there\\nnewline\t0.00\n"
	    "C-4\tZo\xc3\xab \xe6\x9d\xb1\t7\n",
	    "TSV output");
	free(text);

	/* widths count characters, not bytes; no spaces end a line */
	text = NULL;
	ok(write_out(SVC_FMT_TABLE, names, kinds, 3, rows, 5, &text) == 0,
	    "table output succeeds");
	is_str(text,
	    "id    name                amount\n"
	    "C-1   Ann                 12.50\n"
	    "C-10  Smith, \"Bob\"        -3\n"
	    "C-2\n"
	    "C-3   tab\\there\\nnewline  0.00\n"
	    "C-4   Zo\xc3\xab \xe6\x9d\xb1               7\n",
	    "table output");
	free(text);

	text = NULL;
	ok(write_out(SVC_FMT_JSON, names, kinds, 3, rows, 5, &text) == 0,
	    "JSON output succeeds");
	is_str(text,
	    "{\"id\":\"C-1\",\"name\":\"Ann\",\"amount\":12.50}\n"
	    "{\"id\":\"C-10\",\"name\":\"Smith, \\\"Bob\\\"\",\"amount\":-3}\n"
	    "{\"id\":\"C-2\",\"name\":null,\"amount\":null}\n"
	    "{\"id\":\"C-3\",\"name\":\"tab\\there\\nnewline\",\"amount\":0.00}\n"
	    "{\"id\":\"C-4\",\"name\":\"Zo\xc3\xab \xe6\x9d\xb1\",\"amount\":7}\n",
	    "JSON output");
	free(text);

	text = NULL;
	ok(write_out(SVC_FMT_JSON, bools, bool_kinds, 2, bool_rows, 2,
	    &text) == 0, "JSON booleans succeed");
	is_str(text,
	    "{\"flag\":true,\"n\":1}\n"
	    "{\"flag\":false,\"n\":null}\n",
	    "JSON booleans are unquoted, empty numbers null");
	free(text);

	text = NULL;
	ok(write_out(SVC_FMT_JSON, odd, NULL, 2, odd_rows, 1, &text) == 0,
	    "JSON with escapes succeeds");
	is_str(text, "{\"a\\\\b\":\"\\u0001\",\"c\\\"d\":\"x\"}\n",
	    "JSON escapes names and control characters; no kinds: strings");
	free(text);

	text = NULL;
	ok(write_out(SVC_FMT_CSV, odd, NULL, 2, odd_rows, 0, &text) == 0,
	    "CSV without rows succeeds");
	is_str(text, "a\\b,\"c\"\"d\"\n", "CSV without rows: the header");
	free(text);

	text = NULL;
	ok(write_out(SVC_FMT_TABLE, odd, NULL, 2, odd_rows, 0, &text) == 0,
	    "table without rows succeeds");
	is_str(text, "a\\\\b  c\"d\n", "table without rows: the header");
	free(text);

	text = NULL;
	ok(write_out(SVC_FMT_JSON, odd, NULL, 2, odd_rows, 0, &text) == 0,
	    "JSON without rows succeeds");
	is_str(text, "", "JSON without rows writes nothing");
	free(text);

	is_int(svc_format_parse("csv"), SVC_FMT_CSV, "format csv");
	is_int(svc_format_parse("tsv"), SVC_FMT_TSV, "format tsv");
	is_int(svc_format_parse("table"), SVC_FMT_TABLE, "format table");
	is_int(svc_format_parse("json"), SVC_FMT_JSON, "format json");
	is_int(svc_format_parse("JSON"), -1, "format JSON is unknown");
	is_int(svc_format_parse("xml"), -1, "format xml is unknown");
}

/* Other delimiters, given and found in the header. */
static void
test_delim(void)
{
	is_int(svc_csv_guess_delim(MEM("a;b;c\nx,y,z,w\n")), ';',
	    "guess: the header line only");
	is_int(svc_csv_guess_delim(MEM("\"a,b,c\";d;e\n")), ';',
	    "guess: delimiters inside quotes do not count");
	is_int(svc_csv_guess_delim(MEM("a\tb|c\td\n")), '\t', "guess: a tab");
	is_int(svc_csv_guess_delim(MEM("a|b|c\r\n")), '|', "guess: '|'");
	is_int(svc_csv_guess_delim(MEM("name\n")), ',', "guess: none is ','");
	is_int(svc_csv_guess_delim(MEM("a;b,c\n")), ',', "guess: a tie is ','");

	read_delim = ';';
	reads("';' with a quoted ';', CRLF, BOM",
	    MEM("\xef\xbb\xbf" "a;b\r\n\"x;y\";z\r\n"), 0, 0,
	    "1:a|b\n2:x;y|z\n");
	refuses("a quote inside an unquoted field, with ';'",
	    MEM("a;b\nx;y\"z\n"), 0, "row 2: column 2", "quote the whole field");
	read_delim = ',';
	refuses("';' quoted header read with ','", MEM("\"a\";\"b\"\n"), 0,
	    "row 1: column 1: text after a closing quote",
	    "is the delimiter ';'?");
	read_delim = SVC_CSV_AUTO;
	reads("auto: '|'", MEM("a|b\nx|\"y|z\"\n"), 0, 0, "1:a|b\n2:x|y|z\n");
	reads("auto: a tab", MEM("a\tb\nx\ty\n"), 0, 0, "1:a|b\n2:x|y\n");
	read_delim = ',';
}

static int
dcmp(const char *a, const char *b)
{
	int c = 9;

	if (svc_decimal_cmp(a, strlen(a), b, strlen(b), &c) < 0)
		return 9;
	return c;
}

/* svc_out_select: projection and filters on the text; typed JSON */
static void
test_select(void)
{
	static const char *const names[] = { "id", "amount", "areas",
		"skills", "ok" };
	static const enum svc_json_kind kinds[] = { SVC_JSON_STRING,
		SVC_JSON_NUMBER, SVC_JSON_LIST, SVC_JSON_SKILLS, SVC_JSON_BOOL };
	static const char *const rows[][5] = {
		{ "A", "108.00", "north;east", "hvac:4;gas:2", "yes" },
		{ "B", "9.5", "", "", "false" },
		{ "C", "-10", "south", "hvac:1", "" },
	};
	const char *where[] = { "amount>=9.50", "areas!=east" };
	const char *bad[] = { "nope=1" };
	struct svc_err err;
	char *text = NULL;
	size_t size = 0;
	FILE *fp;
	struct svc_out *o;
	int r;

	is_int(dcmp("108.00", "108"), 0, "108.00 = 108");
	is_int(dcmp("9.5", "10"), -1, "9.5 < 10");
	is_int(dcmp("-10", "-9.99"), -1, "-10 < -9.99");
	is_int(dcmp("-0.00", "0"), 0, "-0.00 = 0");
	is_int(dcmp("0012.10", "12.1"), 0, "leading and trailing zeros");
	is_int(dcmp("1e3", "1"), 9, "1e3 is not a decimal");

	fp = open_memstream(&text, &size);
	o = svc_out_begin(fp, SVC_FMT_JSON, names, kinds, 5);
	is_int(svc_out_select(o, NULL, bad, 1, &err), SVC_EUSAGE,
	    "a filter on a column not written is refused");
	svc_out_discard(o);
	o = svc_out_begin(fp, SVC_FMT_JSON, names, kinds, 5);
	ok(svc_out_select(o, "amount,areas,skills,ok", where, 2, &err) == 0,
	    "select amount,areas,skills,ok where amount>=9.50, areas!=east");
	for (r = 0; r < 3; r++)
		svc_out_row(o, rows[r], NULL);
	svc_out_end(o);
	fclose(fp);
	is_str(text, "{\"amount\":9.5,\"areas\":null,\"skills\":null,"
	    "\"ok\":false}\n",
	    "only B passes; JSON typed");
	free(text);

	text = NULL;
	fp = open_memstream(&text, &size);
	o = svc_out_begin(fp, SVC_FMT_JSON, names, kinds, 5);
	svc_out_row(o, rows[0], NULL);
	svc_out_end(o);
	fclose(fp);
	is_str(text, "{\"id\":\"A\",\"amount\":108.00,\"areas\":"
	    "[\"north\",\"east\"],\"skills\":[{\"skill\":\"hvac\",\"level\":4},"
	    "{\"skill\":\"gas\",\"level\":2}],\"ok\":true}\n",
	    "JSON: exact number, list array, skills objects, yes is true");
	free(text);

	text = NULL;
	fp = open_memstream(&text, &size);
	o = svc_out_begin(fp, SVC_FMT_CSV | SVC_OUT_NO_HEADER, names, kinds, 5);
	ok(svc_out_select(o, "id", NULL, 0, &err) == 0, "select id");
	for (r = 0; r < 3; r++)
		svc_out_row(o, rows[r], NULL);
	svc_out_end(o);
	fclose(fp);
	is_str(text, "A\nB\nC\n", "CSV without its header, one column");
	free(text);
}

/* libcsv alone, as the reader sets it up, over the whole input: the
 * reference for the lines the reader splits itself (plain_line). */
struct ref {
	struct seen seen;
	struct svc_buf data;	/* the fields of the record, NUL after each */
	size_t off[64], len[64];
	int nf, row, over;
};

static void
ref_field(void *s, size_t n, void *arg)
{
	struct ref *f = arg;

	if (f->nf == 64) {
		f->over = 1;
		return;
	}
	f->off[f->nf] = f->data.len;
	f->len[f->nf++] = n;
	svc_buf_add(&f->data, s ? s : "", s ? n : 0);
	svc_buf_addc(&f->data, 0);
}

static void
ref_row(int c, void *arg)
{
	struct ref *f = arg;
	struct svc_record rec;
	char *ptr[64];
	int i;

	(void)c;
	for (i = 0; i < f->nf; i++)
		ptr[i] = f->data.p + f->off[i];
	rec.row = ++f->row;
	rec.nf = f->nf;
	rec.f = ptr;
	rec.n = f->len;
	collect(&f->seen, &rec);
	f->nf = 0;
	svc_buf_reset(&f->data);
}

static int
ref_no_space(unsigned char c)
{
	(void)c;
	return 0;
}

/* Reads in by libcsv alone: 0, or 1 when libcsv refuses it. */
static int
ref_read(const char *in, size_t n, int delim, struct ref *f)
{
	struct csv_parser p;
	int bad;

	memset(f, 0, sizeof *f);
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)) {
		perror("csv_init");
		exit(1);
	}
	csv_set_space_func(&p, ref_no_space);
	csv_set_delim(&p, (unsigned char)delim);
	bad = csv_parse(&p, in, n, ref_field, ref_row, f) != n ||
	    csv_fini(&p, ref_field, ref_row, f) != 0;
	csv_free(&p);
	svc_buf_free(&f->data);
	return bad;
}

/* Random inputs of quotes, delimiters, spaces, CR, LF and letters, short
 * ones and ones across the reader's 64 KB reads: the reader gives the
 * records libcsv alone gives, and refuses what libcsv refuses, naming
 * the row after the last one read. */
static void
test_against_libcsv(void)
{
	static const char alpha[] = "ab ,;\"\"\r\n\n\xc3\xa9";
	struct svc_buf in = SVC_BUF_INIT;
	unsigned long x = 12345;
	int t, same = 1, plain = 0, quoted = 0, bad = 0;

	for (t = 0; t < 3000 && same; t++) {
		size_t len = t % 100 == 99 ? 150000 : (size_t)(t % 60), i;
		int delim = t % 3 == 2 ? ';' : ',', quotes = (int)(t % 7);
		struct seen seen;
		struct svc_err err;
		struct ref f;
		int rc, want;
		char row[32];

		svc_buf_reset(&in);
		/* a header, then mostly fields of letters, some quoted */
		svc_buf_adds(&in, "h");
		for (i = 0; i < len; i++) {
			x = x * 6364136223846793005UL + 1442695040888963407UL;
			if ((x >> 33) % 8 < (unsigned long)(quotes ? 7 : 8)) {
				unsigned long k = (x >> 40) % 16;
				svc_buf_addc(&in, k < 6 ? 'a' + (char)k :
				    k < 9 ? (char)delim : k < 12 ? '\n' :
				    k < 13 ? ' ' : k < 14 && quotes > 3 ? '\r' :
				    'b');
			} else if ((x >> 36) % 4 == 0)
				svc_buf_addc(&in, alpha[(x >> 41) % (sizeof alpha - 1)]);
			else {
				/* a quoted field, sometimes with a delimiter
				 * or a doubled quote in it, at the start
				 * of a field */
				if (in.p[in.len - 1] != delim &&
				    in.p[in.len - 1] != '\n')
					svc_buf_addc(&in, (char)delim);
				svc_buf_addc(&in, '"');
				svc_buf_adds(&in, (x >> 38) % 3 == 0 ? "x,y;z" :
				    (x >> 38) % 3 == 1 ? "q\"\"r" : "");
				svc_buf_addc(&in, '"');
				svc_buf_addc(&in, (x >> 45) % 2 ? (char)delim : '\n');
			}
		}
		want = ref_read(in.p, in.len, delim, &f);
		if (f.over)
			continue;
		if (!want && f.row == 0)
			want = 1;	/* svc refuses an empty input */
		memset(&seen, 0, sizeof seen);
		read_delim = delim;
		rc = read_mem(in.p, in.len, 0, &seen, &err);
		read_delim = ',';
		same = (rc != 0) == want &&
		    strcmp(seen.text.p ? seen.text.p : "",
		    f.seen.text.p ? f.seen.text.p : "") == 0 && !seen.bad_len;
		snprintf(row, sizeof row, "row %d", f.row + 1);
		if (same && rc && f.row && !strstr(err.text, row))
			same = 0;
		if (!same) {
			printf("# input %d: status %d, libcsv %d (%s)\n", t, rc, want,
			    err.text);
			printf("# svc:\n%s# libcsv:\n%s", seen.text.p ? seen.text.p : "",
			    f.seen.text.p ? f.seen.text.p : "");
		}
		bad += want;
		plain += !memchr(in.p, '"', in.len);
		quoted += memchr(in.p, '"', in.len) != NULL;
		svc_buf_free(&seen.text);
		svc_buf_free(&f.seen.text);
	}
	ok(same, "3000 random inputs read as libcsv alone reads them "
	    "(%d refused, %d with quotes, %d without)", bad, quoted, plain);
	svc_buf_free(&in);
}

int
main(void)
{
	test_csv_read();
	test_delim();
	test_tsv_read();
	test_long_input(0);
	test_long_input(1);
	test_against_libcsv();
	test_fields();
	test_out();
	test_select();
	return done_testing();
}
