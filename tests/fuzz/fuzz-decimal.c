/* fuzz-decimal.c - fixed-point decimals: read at a scale, written, read again, compared; a*b/c against 128-bit arithmetic */
#include <inttypes.h>

#include "../../lib/csvio.h"
#include "../../lib/money.h"
#include "fuzz.h"

/* a * b / c rounded half away from zero, or -1 when it does not fit */
static int
oracle(int64_t a, int64_t b, int64_t c, int64_t *out)
{
	__int128 p = (__int128)a * b, q, r;

	if (c == 0)
		return -1;
	q = p / c;
	r = p % c;
	if (r < 0)
		r = -r;
	if (2 * r >= (c < 0 ? -(__int128)c : c))
		q += (p < 0) != (c < 0) ? -1 : 1;
	if (q > INT64_MAX || q < INT64_MIN)
		return -1;
	*out = (int64_t)q;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data + 1, *bar;
	char out[32], trim[32];
	int64_t v, w, again, got, want;
	int scale, cmp, rc, ok;
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
		ok = oracle(v, w, unit, &want) == 0;
		rc = svc_muldiv(v, w, unit, &got);
		FUZZ_ASSERT((rc == 0) == ok, "%" PRId64 " * %" PRId64 " / %"
		    PRId64 ": status %d", v, w, unit, rc);
		FUZZ_ASSERT(!ok || got == want, "%" PRId64 " * %" PRId64 " / %"
		    PRId64 " is %" PRId64 ", not %" PRId64, v, w, unit, got, want);
		/* the order of two numbers is the order of their texts */
		svc_fixed_format(w, scale, trim);
		FUZZ_ASSERT(svc_decimal_cmp(out, strlen(out), trim, strlen(trim),
		    &cmp) == 0 && cmp == (v < w ? -1 : v > w), "%s vs %s: %d",
		    out, trim, cmp);
	}
	return 0;
}
