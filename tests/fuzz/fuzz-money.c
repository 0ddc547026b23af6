/* fuzz-money.c - amounts in a currency's minor units: read, written with the currency's decimals, read again */
#include <inttypes.h>

#include "../../lib/money.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char out[32], trim[32];
	int64_t v, again;
	int exp, rc;

	/* the first three bytes are the currency code, the rest the amount */
	if (size < 3)
		return 0;
	exp = svc_currency_exponent((const char *)data, 3);
	FUZZ_ASSERT(exp >= -1 && exp <= 4, "exponent %d", exp);
	if (exp < 0)
		return 0;
	rc = svc_fixed_parse((const char *)data + 3, size - 3, exp, &v);
	FUZZ_ASSERT(rc <= 0 && rc >= -3, "status %d", rc);
	if (rc)
		return 0;
	svc_fixed_format(v, exp, out);
	FUZZ_ASSERT(memchr(out, '\0', sizeof out), "unterminated");
	FUZZ_ASSERT(svc_fixed_parse(out, strlen(out), exp, &again) == 0 &&
	    again == v, "%" PRId64 " written as %s", v, out);
	svc_fixed_format_trim(v, exp, trim);
	FUZZ_ASSERT(svc_fixed_parse(trim, strlen(trim), exp, &again) == 0 &&
	    again == v, "%" PRId64 " written as %s", v, trim);
	return 0;
}
