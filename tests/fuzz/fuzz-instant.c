/* fuzz-instant.c - instants (ISO 8601 with or without an offset) in a zone with DST: read, written, read again */
#include "../../lib/date.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int zoned;
	char out[SVC_DATETIME_MAX], why[256];
	int64_t t, again;
	int rc;

	if (!zoned) {
		/* a zone with gaps and doubled hours */
		if (svc_zone_set("Europe/Berlin"))
			abort();
		zoned = 1;
	}
	rc = svc_datetime_parse((const char *)data, size, &t);
	why[0] = '\0';
	svc_datetime_explain(rc, (const char *)data, size, why, sizeof why);
	FUZZ_ASSERT(memchr(why, '\0', sizeof why), "explain");
	if (rc) {
		FUZZ_ASSERT(rc == SVC_TIME_BAD || rc == SVC_TIME_GAP ||
		    rc == SVC_TIME_AMBIGUOUS, "status %d", rc);
		return 0;
	}
	svc_datetime_format(t, out);
	FUZZ_ASSERT(svc_datetime_parse(out, strlen(out), &again) == 0 &&
	    again == t, "%lld written as %s", (long long)t, out);
	svc_datetime_format_utc(t, out);
	FUZZ_ASSERT(svc_datetime_parse(out, strlen(out), &again) == 0 &&
	    again == t, "%lld written as %s", (long long)t, out);
	return 0;
}
