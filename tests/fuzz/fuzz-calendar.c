/* fuzz-calendar.c - calendar hours and closed days: parsed or refused with a reason; working-time arithmetic stays consistent */
#include "../../lib/calendar.h"
#include "../../lib/date.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct svc_calendar *cal = NULL;
	struct svc_err err;
	char *s, *closed, local[24];
	int64_t t0, t, secs;
	int rc;

	if (size > 4096)
		return 0;
	/* the hours, then after a NUL the closed days */
	s = fuzz_str(data, size);
	closed = memchr(data, '\0', size) ? s + strlen(s) + 1 : NULL;
	rc = svc_calendar_parse("Europe/Berlin", s, closed, &cal, &err);
	if (rc) {
		FUZZ_ASSERT(rc == SVC_EDATA && err.text[0], "status %d, '%s'", rc,
		    err.text);
		goto out;
	}
	FUZZ_ASSERT(cal != NULL, "no calendar and no error");
	/* 2026-03-28, the Saturday before the clocks go forward */
	t0 = svc_day_start(svc_date_from_ymd(2026, 3, 28));
	rc = svc_calendar_add_working_minutes(cal, t0, 600, &t, &err);
	if (rc == 0) {
		FUZZ_ASSERT(t >= t0, "600 minutes after %lld is %lld",
		    (long long)t0, (long long)t);
		secs = svc_calendar_working_seconds(cal, t0, t);
		FUZZ_ASSERT(secs == 600 * 60, "%lld working seconds in the "
		    "600 minutes", (long long)secs);
		svc_calendar_local(cal, t, local);
		FUZZ_ASSERT(memchr(local, '\0', sizeof local), "local");
	} else
		FUZZ_ASSERT(err.text[0], "status %d without a reason", rc);
	svc_calendar_day_closed(cal, svc_date_from_ymd(2026, 12, 24));
out:
	svc_calendar_free(cal);
	free(s);
	return 0;
}
