/* fuzz-tsv.c - the TSV reader on any bytes; what it reads, written with svc_tsv_field and read again, is the same */
#include "../../lib/buf.h"
#include "../../lib/csvio.h"
#include "fuzz.h"

struct seen {
	struct svc_buf all;	/* per record: field count, lengths, bytes */
	struct svc_buf tsv;	/* the records written again */
	long records;
};

static int
keep(void *arg, const struct svc_record *rec)
{
	struct seen *s = arg;
	int i;

	s->records++;
	FUZZ_ASSERT(rec->row == s->records, "row %ld is record %ld", rec->row,
	    s->records);
	if (svc_buf_add(&s->all, &rec->nf, sizeof rec->nf) < 0)
		abort();
	for (i = 0; i < rec->nf; i++) {
		FUZZ_ASSERT(strlen(rec->f[i]) == rec->n[i], "a field of row %ld "
		    "holds a NUL", rec->row);
		if (svc_buf_add(&s->all, &rec->n[i], sizeof rec->n[i]) < 0 ||
		    svc_buf_add(&s->all, rec->f[i], rec->n[i]) < 0)
			abort();
		if ((i && svc_buf_addc(&s->tsv, '\t') < 0) ||
		    svc_tsv_field(&s->tsv, rec->f[i], rec->n[i]) < 0)
			abort();
	}
	if (svc_buf_addc(&s->tsv, '\n') < 0)
		abort();
	return 0;
}

static int
read_all(const char *p, size_t n, struct seen *s, struct svc_err *err)
{
	FILE *in = fmemopen((void *)p, n, "r");
	int rc;

	if (!in)
		abort();
	rc = svc_csv_read_delim(in, 1, '\t', keep, keep, s, err);
	fclose(in);
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seen a = { SVC_BUF_INIT, SVC_BUF_INIT, 0 };
	struct seen b = { SVC_BUF_INIT, SVC_BUF_INIT, 0 };
	struct svc_err err;
	int rc;

	if (size < 1 || size > 1 << 20)
		return 0;
	rc = read_all((const char *)data, size, &a, &err);
	if (rc) {
		FUZZ_ASSERT(rc == SVC_EDATA && err.text[0], "status %d, text '%s'",
		    rc, err.text);
		FUZZ_ASSERT(strncmp(err.text, "row ", 4) == 0 ||
		    strstr(err.text, "empty"), "no row in '%s'", err.text);
		goto out;
	}
	FUZZ_ASSERT(a.records >= 1, "success without a header");
	if (a.tsv.len >= 3 && memcmp(a.tsv.p, "\xef\xbb\xbf", 3) == 0)
		goto out;
	rc = read_all(a.tsv.p, a.tsv.len, &b, &err);
	FUZZ_ASSERT(rc == 0, "what was written does not read again: %s "
	    "(status %d)", err.text, rc);
	FUZZ_ASSERT(a.records == b.records, "%ld records, then %ld", a.records,
	    b.records);
	FUZZ_ASSERT(a.all.len == b.all.len && memcmp(a.all.p, b.all.p,
	    a.all.len) == 0, "the records read again differ");
out:
	svc_buf_free(&a.all);
	svc_buf_free(&a.tsv);
	svc_buf_free(&b.all);
	svc_buf_free(&b.tsv);
	return 0;
}
