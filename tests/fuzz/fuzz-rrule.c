/* fuzz-rrule.c - recurrences (day:N ... and RFC 5545 rules): parsed or refused with a reason, occurrences in order and in range */
#include "../../lib/date.h"
#include "../../lib/recur.h"
#include "fuzz.h"

struct walk {
	int64_t last, from, to;
	long n;
};

static int
each(void *arg, int64_t day)
{
	struct walk *w = arg;

	FUZZ_ASSERT(day >= w->from && day <= w->to, "day %lld outside "
	    "[%lld, %lld]", (long long)day, (long long)w->from,
	    (long long)w->to);
	FUZZ_ASSERT(w->n == 0 || day > w->last, "day %lld after %lld",
	    (long long)day, (long long)w->last);
	w->last = day;
	/* a daily rule over the range is at most this many */
	return ++w->n > 800 ? 1 : 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct svc_recur *r = NULL;
	struct svc_err err;
	struct walk w;
	int64_t anchor = svc_date_from_ymd(2026, 1, 31);
	char *s;
	int rc;

	if (size > 4096)
		return 0;
	s = fuzz_str(data, size);
	rc = svc_recur_parse(s, &r, &err);
	if (rc) {
		FUZZ_ASSERT(rc == SVC_EDATA && err.text[0], "status %d, '%s'", rc,
		    err.text);
		FUZZ_ASSERT(r == NULL, "a rule and an error");
		goto out;
	}
	FUZZ_ASSERT(r != NULL, "no rule and no error");
	/* a BYSETPOS no set reaches (the second of one last Friday) sends
	 * libical's iterator far before it gives up: too slow for a smoke
	 * run, though generation caps it (tests/fuzz/README) */
	if (strstr(s, "BYSETPOS") != NULL)
		goto out;
	memset(&w, 0, sizeof w);
	w.from = anchor;
	w.to = anchor + 2 * 366;
	rc = svc_recur_each(r, anchor, w.from, w.to, each, &w, &err);
	FUZZ_ASSERT(rc == 0 || rc == 1 || (rc == SVC_EDATA && err.text[0]),
	    "status %d", rc);
	FUZZ_ASSERT(w.n <= 2 * 366 + 1, "%ld occurrences in two years", w.n);
out:
	svc_recur_free(r);
	free(s);
	return 0;
}
