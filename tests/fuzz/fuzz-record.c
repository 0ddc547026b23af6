/* fuzz-record.c - the record decoder on damaged bytes: it refuses them or gives a row that formats, checks and encodes again */
#include "../../lib/buf.h"
#include "../../lib/modules.h"
#include "../../lib/table.h"
#include "../../lib/table_impl.h"
#include "fuzz.h"

static struct svc_row row, again;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct svc_table *t;
	struct svc_buf text = SVC_BUF_INIT, key = SVC_BUF_INIT;
	struct svc_buf rec = SVC_BUF_INIT;
	struct svc_err err;
	struct svc_field f;
	int c, rc;

	/* the first byte picks the table, the rest is the record, copied so
	 * that a read past its end is seen */
	if (size < 1)
		return 0;
	t = svc_modules.tables[data[0] % svc_modules.ntables];
	{
		uint8_t *copy = malloc(size - 1 ? size - 1 : 1);

		if (!copy)
			abort();
		memcpy(copy, data + 1, size - 1);
		svc_row_init(&row, t);
		rc = svc_record_decode(t, copy, size - 1, &row, &err);
		if (rc) {
			FUZZ_ASSERT(rc == SVC_EINTERNAL && (strstr(err.text,
			    "does not decode") || strstr(err.text,
			    "out of range")), "status %d, '%s'", rc, err.text);
			goto out;
		}
		/* what svc check does with every record */
		if (svc_table_key(t, &row, &key) < 0)
			abort();
		for (c = 0; c < t->ncols; c++) {
			int cc = svc_currency_col(t, c);

			if (row.f[c].null)
				continue;
			svc_buf_reset(&text);
			if (svc_table_format(t, &row, c, &text) < 0)
				abort();
			rc = svc_table_parse_value(t, c, text.p ? text.p : "",
			    text.len, cc >= 0 ? &row.f[cc] : NULL, NULL, &f, &err);
			FUZZ_ASSERT(rc == 0 || (rc == SVC_EDATA && err.text[0]),
			    "column %s: status %d", t->cols[c].name, rc);
		}
		/* encoded again it decodes to the same values */
		FUZZ_ASSERT(svc_record_encode(t, &row, &rec) == 0, "encode");
		svc_row_init(&again, t);
		rc = svc_record_decode(t, rec.p, rec.len, &again, &err);
		FUZZ_ASSERT(rc == 0, "the record encoded again does not decode: "
		    "%s", err.text);
		for (c = 0; c < t->ncols; c++) {
			const struct svc_field *a = &row.f[c], *b = &again.f[c];

			FUZZ_ASSERT(a->null == b->null, "column %s", t->cols[c].name);
			if (a->null)
				continue;
			if (svc_type_is_int(t->cols[c].type))
				FUZZ_ASSERT(a->i == b->i, "column %s",
				    t->cols[c].name);
			else
				FUZZ_ASSERT(a->n == b->n && memcmp(a->p, b->p,
				    a->n) == 0, "column %s", t->cols[c].name);
		}
		svc_row_free(&again);
out:
		svc_row_free(&row);
		free(copy);
	}
	svc_buf_free(&text);
	svc_buf_free(&key);
	svc_buf_free(&rec);
	return 0;
}
