/* fuzz-duration.c - durations (90, 2h, 2h30m, 45m): what is read is minutes that read back the same */
#include <inttypes.h>

#include "../../lib/date.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char out[32];
	int64_t min, again;

	if (svc_duration_parse((const char *)data, size, &min))
		return 0;
	FUZZ_ASSERT(min >= 0, "%" PRId64 " minutes", min);
	snprintf(out, sizeof out, "%" PRId64, min);
	FUZZ_ASSERT(svc_duration_parse(out, strlen(out), &again) == 0 &&
	    again == min, "'%.*s' is %s minutes, which does not read back",
	    (int)size, (const char *)data, out);
	return 0;
}
