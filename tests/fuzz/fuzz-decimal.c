/* fuzz-decimal.c - fixed-point decimals: read at a scale, written, read again, compared; a*b/c checked in 128-bit arithmetic against what a rounded quotient must satisfy */
#include <inttypes.h>

#include "../../lib/csvio.h"
#include "../../lib/money.h"
#include "fuzz.h"

/* Whether q is a * b / c (c > 0) rounded half away from zero: checked
 * from what it must satisfy, not computed again the way svc_muldiv
 * computes it.  The exact product minus q * c is at most half of c
 * either way, and at exactly half q lies away from zero. */
static int
is_rounded_quotient(int64_t a, int64_t b, int64_t c, int64_t q)
{
	__int128 p = (__int128)a * b, d = p - (__int128)q * c;
	__int128 twice = d < 0 ? -2 * d : 2 * d;

	if (twice > c)
		return 0;
	if (twice == c)
		return p > 0 ? d < 0 : d > 0;
	return 1;
}

/* Whether a * b / c (c > 0) is out of int64 range, or at its very edge,
 * where a refusal is right */
static int
out_of_range(int64_t a, int64_t b, int64_t c)
{
	__int128 t = (__int128)a * b / c;

	return t >= (__int128)INT64_MAX - 1 || t <= (__int128)INT64_MIN + 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data + 1, *bar;
	char out[32], trim[32];
	int64_t v, w, again, got;
	int scale, cmp, rc;
	size_t n;

	if (size < 1)
		return 0;
	scale = data[0] % 9;
	n = size - 1;
	/* "A|B": both read, A*B/10^scale checked */
	bar = memchr(s, '|', n);
	rc = svc_fixed_parse(s, bar ? (size_t)(bar - s) : n, scale, &v);
	FUZZ_ASSERT(rc <= 0 && rc >= -3, "status %d", rc);
	if (rc)
		return 0;
	svc_fixed_format(v, scale, out);
	FUZZ_ASSERT(svc_fixed_parse(out, strlen(out), scale, &again) == 0 &&
	    again == v, "%" PRId64 " at scale %d written as %s", v, scale, out);
	svc_fixed_format_trim(v, scale, trim);
	FUZZ_ASSERT(svc_fixed_parse(trim, strlen(trim), scale, &again) == 0 &&
	    again == v, "%" PRId64 " written as %s", v, trim);
	FUZZ_ASSERT(svc_decimal_cmp(out, strlen(out), trim, strlen(trim),
	    &cmp) == 0 && cmp == 0, "%s and %s", out, trim);
	if (!bar || svc_fixed_parse(bar + 1, n - (size_t)(bar + 1 - s), scale,
	    &w))
		return 0;
	{
		int64_t unit = 1;
		int i;

		for (i = 0; i < scale; i++)
			unit *= 10;
		rc = svc_muldiv(v, w, unit, &got);
		FUZZ_ASSERT(rc == 0 || out_of_range(v, w, unit), "%" PRId64
		    " * %" PRId64 " / %" PRId64 ": refused", v, w, unit);
		FUZZ_ASSERT(rc != 0 || is_rounded_quotient(v, w, unit, got),
		    "%" PRId64 " * %" PRId64 " / %" PRId64 " is not %" PRId64,
		    v, w, unit, got);
		/* the order of two numbers is the order of their texts */
		svc_fixed_format(w, scale, trim);
		FUZZ_ASSERT(svc_decimal_cmp(out, strlen(out), trim, strlen(trim),
		    &cmp) == 0 && cmp == (v < w ? -1 : v > w), "%s vs %s: %d",
		    out, trim, cmp);
	}
	return 0;
}
