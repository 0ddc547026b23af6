/* money.c - ISO 4217 minor units and exact fixed-point text conversion */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "money.h"

/* Active ISO 4217 codes; the digit after each is its number of minor
 * units.  Sorted, for bsearch. */
static const char currencies[][5] = {
	"AED2", "AFN2", "ALL2", "AMD2", "ANG2", "AOA2", "ARS2", "AUD2",
	"AWG2", "AZN2", "BAM2", "BBD2", "BDT2", "BGN2", "BHD3", "BIF0",
	"BMD2", "BND2", "BOB2", "BOV2", "BRL2", "BSD2", "BTN2", "BWP2",
	"BYN2", "BZD2", "CAD2", "CDF2", "CHE2", "CHF2", "CHW2", "CLF4",
	"CLP0", "CNY2", "COP2", "COU2", "CRC2", "CUC2", "CUP2", "CVE2",
	"CZK2", "DJF0", "DKK2", "DOP2", "DZD2", "EGP2", "ERN2", "ETB2",
	"EUR2", "FJD2", "FKP2", "GBP2", "GEL2", "GHS2", "GIP2", "GMD2",
	"GNF0", "GTQ2", "GYD2", "HKD2", "HNL2", "HTG2", "HUF2", "IDR2",
	"ILS2", "INR2", "IQD3", "IRR2", "ISK0", "JMD2", "JOD3", "JPY0",
	"KES2", "KGS2", "KHR2", "KMF0", "KPW2", "KRW0", "KWD3", "KYD2",
	"KZT2", "LAK2", "LBP2", "LKR2", "LRD2", "LSL2", "LYD3", "MAD2",
	"MDL2", "MGA2", "MKD2", "MMK2", "MNT2", "MOP2", "MRU2", "MUR2",
	"MVR2", "MWK2", "MXN2", "MXV2", "MYR2", "MZN2", "NAD2", "NGN2",
	"NIO2", "NOK2", "NPR2", "NZD2", "OMR3", "PAB2", "PEN2", "PGK2",
	"PHP2", "PKR2", "PLN2", "PYG0", "QAR2", "RON2", "RSD2", "RUB2",
	"RWF0", "SAR2", "SBD2", "SCR2", "SDG2", "SEK2", "SGD2", "SHP2",
	"SLE2", "SLL2", "SOS2", "SRD2", "SSP2", "STN2", "SVC2", "SYP2",
	"SZL2", "THB2", "TJS2", "TMT2", "TND3", "TOP2", "TRY2", "TTD2",
	"TWD2", "TZS2", "UAH2", "UGX0", "USD2", "USN2", "UYI0", "UYU2",
	"UYW4", "UZS2", "VED2", "VES2", "VND0", "VUV0", "WST2", "XAF0",
	"XCD2", "XCG2", "XOF0", "XPF0", "YER2", "ZAR2", "ZMW2", "ZWG2",
	"ZWL2",
};

static int
cmp3(const void *a, const void *b)
{
	return memcmp(a, b, 3);
}

int
svc_currency_exponent(const char *code, size_t n)
{
	/* the last code asked for: a listing asks for each money value */
	static char last[3];
	static int last_exp = -1;
	const char *hit;

	if (n != 3)
		return -1;
	if (last_exp >= 0 && memcmp(code, last, 3) == 0)
		return last_exp;
	hit = bsearch(code, currencies, sizeof currencies / sizeof currencies[0],
	    sizeof currencies[0], cmp3);
	if (!hit)
		return -1;
	memcpy(last, code, 3);
	return last_exp = hit[3] - '0';
}

int
svc_fixed_parse(const char *s, size_t n, int scale, int64_t *v)
{
	uint64_t acc = 0, lim;
	size_t i = 0;
	int neg = 0, frac = 0, any = 0;

	if (i < n && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, any = 1) {
		if (acc > (lim - (unsigned)(s[i] - '0')) / 10)
			return -3;
		acc = acc * 10 + (unsigned)(s[i] - '0');
	}
	if (i < n && s[i] == '.') {
		i++;
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, any = 1) {
			if (frac == scale) {
				if (s[i] != '0')
					return -2;
				continue;
			}
			if (acc > (lim - (unsigned)(s[i] - '0')) / 10)
				return -3;
			acc = acc * 10 + (unsigned)(s[i] - '0');
			frac++;
		}
	}
	if (i != n || !any)
		return -1;
	for (; frac < scale; frac++) {
		if (acc > lim / 10)
			return -3;
		acc *= 10;
	}
	*v = neg ? (int64_t)(0 - acc) : (int64_t)acc;
	return 0;
}

void
svc_fixed_format(int64_t v, int scale, char *out)
{
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	char tmp[48];
	int n = 0, i;

	/* the digits from the last: scale of them after the point (zeros
	 * where u has none), then the whole part, at least "0" (as
	 * printf's "%llu.%0*llu" writes it, without its cost) */
	for (i = 0; i < scale && n < 40; i++) {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	}
	if (scale > 0)
		tmp[n++] = '.';
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		tmp[n++] = '-';
	for (i = 0; i < n && i < 31; i++)
		out[i] = tmp[n - 1 - i];
	out[i] = '\0';
}

void
svc_fixed_format_trim(int64_t v, int scale, char *out)
{
	size_t n;

	svc_fixed_format(v, scale, out);
	if (scale == 0)
		return;
	n = strlen(out);
	while (out[n - 1] == '0')
		out[--n] = '\0';
	if (out[n - 1] == '.')
		out[--n] = '\0';
}

int64_t
svc_fixed_round(int64_t v, int from, int to)
{
	int64_t p = 1, q, r;
	int i;

	for (i = to; i < from; i++)
		p *= 10;
	q = v / p;
	r = v % p;
	if (r >= 0 ? 2 * r >= p : -2 * r >= p)
		q += v < 0 ? -1 : 1;
	return q;
}

int
svc_muldiv(int64_t a, int64_t b, int64_t c, int64_t *out)
{
	__int128 p = (__int128)a * b, q, r;

	if (c == 0)
		return -1;
	q = p / c;
	r = p % c;
	if (r < 0)
		r = -r;
	if (r * 2 >= (c < 0 ? -(__int128)c : (__int128)c))
		q += (p < 0) != (c < 0) ? -1 : 1;
	if (q > INT64_MAX || q < INT64_MIN)
		return -1;
	*out = (int64_t)q;
	return 0;
}

int
svc_money_fits(int64_t v)
{
	return v >= -SVC_MONEY_MAX && v <= SVC_MONEY_MAX;
}

int
svc_money_add(int64_t a, int64_t b, int64_t *out)
{
	int64_t r;

	if (__builtin_add_overflow(a, b, &r) || !svc_money_fits(r))
		return -1;
	*out = r;
	return 0;
}

int
svc_money_muldiv(int64_t a, int64_t b, int64_t c, int64_t *out)
{
	int64_t r;

	if (svc_muldiv(a, b, c, &r) || !svc_money_fits(r))
		return -1;
	*out = r;
	return 0;
}
