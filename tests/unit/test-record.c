/* test-record.c - the record decoder refuses damaged records: days and instants out of range */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../../lib/date.h"
#include "../../lib/modules.h"
#include "../../lib/table_impl.h"
#include "unit.h"

/* The first column of type type in a table of the modules, in *t. */
static int
first_of(enum svc_type type, const struct svc_table **t)
{
	int i, c;

	for (i = 0; i < svc_modules.ntables; i++)
		for (c = 0; c < svc_modules.tables[i]->ncols; c++)
			if (svc_modules.tables[i]->cols[c].type == type) {
				*t = svc_modules.tables[i];
				return c;
			}
	return -1;
}

/* Encodes a row whose column c holds v (the rest empty), decodes it and
 * returns the decoder's status. */
static int
round_trip(const struct svc_table *t, int c, int64_t v, int64_t *back,
    struct svc_err *err)
{
	struct svc_row row, out;
	struct svc_buf b = SVC_BUF_INIT;
	int rc;

	svc_row_init(&row, t);
	svc_row_init(&out, t);
	svc_row_set_int(&row, c, v);
	if (svc_record_encode(t, &row, &b))
		rc = -1;
	else
		rc = svc_record_decode(t, b.p, b.len, &out, err);
	*back = rc == 0 ? out.f[c].i : 0;
	svc_row_free(&row);
	svc_row_free(&out);
	svc_buf_free(&b);
	return rc;
}

/* A text column takes UTF-8 without a NUL, wherever in a long text a
 * bad byte is (the check reads ASCII eight bytes at a time). */
static void
test_text(void)
{
	static const struct {
		const char *s;
		size_t n;
		int good;
	} cases[] = {
		{ "abcdefghijklmnopqrstuvwxyz", 26, 1 },
		{ "abcdefgh\xc3\xa4ijklmnop", 18, 1 },
		{ "abcdefghijklmno\xf0\x9f\x99\x82", 19, 1 },
		{ "abcdefghij\0lmnopq", 17, 0 },
		{ "abcdefg\0", 8, 0 },
		{ "\0bcdefghijklmnop", 16, 0 },
		{ "abcdefghijklmnop\xff", 17, 0 },
		{ "abcdefghi\xc0\xafklmnop", 17, 0 },
		{ "abcdefgh\xed\xa0\x80ijklmno", 18, 0 },
		{ "abcdefghijklmnop\xc3", 17, 0 },
	};
	const struct svc_table *t;
	struct svc_field f;
	struct svc_err err;
	size_t i;
	int c;

	if ((c = first_of(SVC_T_TEXT, &t)) < 0) {
		printf("Bail out! no text column\n");
		return;
	}
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		is_int(svc_table_parse_value(t, c, cases[i].s, cases[i].n, NULL,
		    NULL, &f,
		    &err) == 0, cases[i].good, "text %zu is %s", i,
		    cases[i].good ? "taken" : "refused");
}

int
main(void)
{
	static const struct {
		enum svc_type type;
		const char *name;
		int64_t ok[4], bad[4];
	} cases[] = {
		{ SVC_T_DATE, "day",
		  { SVC_DAY_MIN, SVC_DAY_MAX, 0, 20000 },
		  { SVC_DAY_MIN - 1, SVC_DAY_MAX + 1, INT64_MAX, INT64_MIN } },
		{ SVC_T_DATETIME, "instant",
		  { SVC_INSTANT_MIN, SVC_INSTANT_MAX, 0, 1790000000 },
		  { SVC_INSTANT_MIN - 1, SVC_INSTANT_MAX + 1, INT64_MAX,
		    INT64_MIN } },
	};
	const struct svc_table *t = NULL;
	struct svc_err err;
	int64_t back;
	size_t k;
	int c, i, rc;

	/* the bounds are 0001-01-01 and 9999-12-31 */
	is_int(SVC_DAY_MIN, svc_date_from_ymd(1, 1, 1), "the first day");
	is_int(SVC_DAY_MAX, svc_date_from_ymd(9999, 12, 31), "the last day");
	for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		if ((c = first_of(cases[k].type, &t)) < 0) {
			printf("Bail out! no %s column\n", cases[k].name);
			return 1;
		}
		for (i = 0; i < 4; i++) {
			rc = round_trip(t, c, cases[k].ok[i], &back, &err);
			is_int(rc, 0, "%s %s.%s %lld decodes", cases[k].name,
			    t->name, t->cols[c].name,
			    (long long)cases[k].ok[i]);
			is_int(back, cases[k].ok[i], "... as itself");
		}
		for (i = 0; i < 4; i++) {
			rc = round_trip(t, c, cases[k].bad[i], &back, &err);
			is_int(rc, SVC_EINTERNAL, "%s %lld is a damaged record",
			    cases[k].name, (long long)cases[k].bad[i]);
			if (rc)
				ok(strstr(err.text, "out of range in column") !=
				    NULL, "... saying so: %s", err.text);
			else
				ok(0, "... saying so");
		}
	}
	test_text();
	return done_testing();
}
