/* roundtrip.h - the CSV and TSV readers on any bytes: what one reads,
 * written again field by field (svc_csv_field or svc_tsv_field), reads
 * again to the same records.  fuzz-csv.c and fuzz-tsv.c differ only in
 * the format and the delimiters they try. */
#include "../../lib/buf.h"
#include "../../lib/csvio.h"
#include "fuzz.h"

/* The records of one reading, as one buffer: per record its field
 * count, then per field its length and bytes. */
struct seen {
	int tsv;
	struct svc_buf all;
	struct svc_buf out;	/* the records written again */
	long records;
};

static int
keep(void *arg, const struct svc_record *rec)
{
	struct seen *s = arg;
	int i;

	s->records++;
	/* TSV has no quoted line breaks: a row is a line */
	if (s->tsv)
		FUZZ_ASSERT(rec->row == s->records, "row %ld is record %ld",
		    rec->row, s->records);
	if (svc_buf_add(&s->all, &rec->nf, sizeof rec->nf) < 0)
		abort();
	for (i = 0; i < rec->nf; i++) {
		FUZZ_ASSERT(strlen(rec->f[i]) == rec->n[i], "a field of row %ld "
		    "holds a NUL", rec->row);
		if (svc_buf_add(&s->all, &rec->n[i], sizeof rec->n[i]) < 0 ||
		    svc_buf_add(&s->all, rec->f[i], rec->n[i]) < 0)
			abort();
		if ((i && svc_buf_addc(&s->out, s->tsv ? '\t' : ',') < 0) ||
		    (s->tsv ? svc_tsv_field(&s->out, rec->f[i], rec->n[i]) :
		    svc_csv_field(&s->out, rec->f[i], rec->n[i])) < 0)
			abort();
	}
	/* one empty CSV field is an empty line, which readers pass over: a
	 * writer must quote it (TSV has no quoting: its reader keeps the
	 * empty line) */
	if (!s->tsv && rec->nf == 1 && rec->n[0] == 0 &&
	    svc_buf_add(&s->out, "\"\"", 2) < 0)
		abort();
	if (svc_buf_addc(&s->out, '\n') < 0)
		abort();
	return 0;
}

static int
read_all(const char *p, size_t n, int delim, struct seen *s,
    struct svc_err *err)
{
	FILE *in = fmemopen((void *)p, n, "r");
	int rc;

	if (!in)
		abort();
	rc = svc_csv_read_delim(in, s->tsv, delim, keep, keep, s, err);
	fclose(in);
	return rc;
}

/* Reads p with delim; what it read, written again, must read again (with
 * the format's own delimiter) to the same records. */
static int
roundtrip(const char *p, size_t n, int tsv, int delim)
{
	struct seen a = { tsv, SVC_BUF_INIT, SVC_BUF_INIT, 0 };
	struct seen b = { tsv, SVC_BUF_INIT, SVC_BUF_INIT, 0 };
	struct svc_err err;
	int rc;

	rc = read_all(p, n, delim, &a, &err);
	if (rc) {
		FUZZ_ASSERT(rc == SVC_EDATA && err.text[0], "status %d, text '%s'",
		    rc, err.text);
		FUZZ_ASSERT(strncmp(err.text, "row ", 4) == 0 ||
		    strstr(err.text, "empty"), "no row in '%s'", err.text);
		goto out;
	}
	FUZZ_ASSERT(a.records >= 1, "success without a header");
	/* a BOM the reader took off a first field must be written again */
	if (a.out.len >= 3 && memcmp(a.out.p, "\xef\xbb\xbf", 3) == 0)
		goto out;
	rc = read_all(a.out.p, a.out.len, tsv ? '\t' : ',', &b, &err);
	FUZZ_ASSERT(rc == 0, "what was written does not read again: %s "
	    "(status %d)", err.text, rc);
	FUZZ_ASSERT(a.records == b.records, "%ld records, then %ld", a.records,
	    b.records);
	FUZZ_ASSERT(a.all.len == b.all.len && memcmp(a.all.p, b.all.p,
	    a.all.len) == 0, "the records read again differ");
out:
	svc_buf_free(&a.all);
	svc_buf_free(&a.out);
	svc_buf_free(&b.all);
	svc_buf_free(&b.out);
	return 0;
}
