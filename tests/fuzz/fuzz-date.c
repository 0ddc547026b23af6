/* fuzz-date.c - dates (YYYY-MM-DD and the relative words): a date read is a real one and is written back as read */
#include "../../lib/date.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char out[64], *s;
	int64_t day, again;
	int y, m, d;

	if (svc_date_parse((const char *)data, size, &day) == 0) {
		svc_date_to_ymd(day, &y, &m, &d);
		FUZZ_ASSERT(svc_date_valid(y, m, d), "%d-%d-%d", y, m, d);
		svc_date_format(day, out);
		FUZZ_ASSERT(size == 10 && memcmp(out, data, 10) == 0,
		    "read as %s", out);
		FUZZ_ASSERT(svc_date_parse(out, strlen(out), &again) == 0 &&
		    again == day, "%s", out);
	}
	s = fuzz_str(data, size);
	/* today is 2026-11-26 */
	if (svc_date_relative(s, svc_date_from_ymd(2026, 11, 26), &day) == 0) {
		svc_date_to_ymd(day, &y, &m, &d);
		FUZZ_ASSERT(y >= 1 && y <= 9999 && svc_date_valid(y, m, d),
		    "'%s' is %d-%d-%d", s, y, m, d);
	}
	free(s);
	return 0;
}
