/* test-values.c - dates, instants, durations, currencies and fixed-point numbers */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../../lib/date.h"
#include "../../lib/money.h"
#include "unit.h"

#define S(s) s, strlen(s)

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && leap(y) ? 29 : dim[m - 1];
}

/* Walks every day from 1900-01-01 to 2100-12-31 with a calendar of its
 * own, starting from the day number python3's datetime gives. */
static void
test_every_day(void)
{
	int64_t want = -25567, bad_from = 0, bad_to = 0, bad_parse = 0,
	    bad_format = 0, bad_valid = 0, days;
	int y = 1900, m = 1, d = 1, gy, gm, gd;
	char text[40], out[16];
	long n = 0;

	for (;;) {
		if (svc_date_from_ymd(y, m, d) != want && bad_from++ == 0)
			printf("# from_ymd(%d-%02d-%02d) = %lld, want %lld\n", y, m,
			    d, (long long)svc_date_from_ymd(y, m, d),
			    (long long)want);
		svc_date_to_ymd(want, &gy, &gm, &gd);
		if ((gy != y || gm != m || gd != d) && bad_to++ == 0)
			printf("# to_ymd(%lld) = %d-%02d-%02d, want %d-%02d-%02d\n",
			    (long long)want, gy, gm, gd, y, m, d);
		snprintf(text, sizeof text, "%04d-%02d-%02d", y, m, d);
		if ((svc_date_parse(text, 10, &days) != 0 || days != want) &&
		    bad_parse++ == 0)
			printf("# date_parse(%s) failed\n", text);
		memset(out, 'x', sizeof out);
		svc_date_format(want, out);
		if (strcmp(out, text) != 0 && bad_format++ == 0)
			printf("# date_format(%lld) = '%.15s', want '%s'\n",
			    (long long)want, out, text);
		if (!svc_date_valid(y, m, d) && bad_valid++ == 0)
			printf("# date_valid(%s) = 0\n", text);
		n++;
		if (y == 2100 && m == 12 && d == 31)
			break;
		want++;
		if (++d > month_days(y, m)) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
	is_int(want, 47846, "the walk ends at day 47846 (2100-12-31)");
	is_int(n, 73414, "the walk covers 73414 days");
	is_int(bad_from, 0, "svc_date_from_ymd matches every day 1900..2100");
	is_int(bad_to, 0, "svc_date_to_ymd matches every day 1900..2100");
	is_int(bad_parse, 0, "svc_date_parse reads every day 1900..2100");
	is_int(bad_format, 0, "svc_date_format writes every day 1900..2100");
	is_int(bad_valid, 0, "svc_date_valid accepts every day 1900..2100");
}

static void
test_dates(void)
{
	int64_t days;
	int y, m, d;
	char out[16];

	is_int(svc_date_from_ymd(1970, 1, 1), 0, "1970-01-01 is day 0");
	is_int(svc_date_from_ymd(2000, 3, 1), 11017, "2000-03-01 is day 11017");
	is_int(svc_date_from_ymd(2026, 11, 26), 20783, "2026-11-26 is day 20783");
	is_int(svc_date_from_ymd(2025, 11, 26), 20418, "2025-11-26 is day 20418");
	is_int(svc_date_from_ymd(1969, 12, 31), -1, "1969-12-31 is day -1");
	is_int(svc_date_from_ymd(2024, 2, 29), 19782, "2024-02-29 is day 19782");
	is_int(svc_date_from_ymd(1, 1, 1), -719162, "0001-01-01 is day -719162");
	is_int(svc_date_from_ymd(9999, 12, 31), 2932896,
	    "9999-12-31 is day 2932896");
	svc_date_to_ymd(-719162, &y, &m, &d);
	ok(y == 1 && m == 1 && d == 1, "day -719162 is 0001-01-01");
	svc_date_to_ymd(2932896, &y, &m, &d);
	ok(y == 9999 && m == 12 && d == 31, "day 2932896 is 9999-12-31");
	svc_date_format(-1, out);
	is_str(out, "1969-12-31", "svc_date_format(-1)");
	svc_date_format(-719162, out);
	is_str(out, "0001-01-01", "svc_date_format of the first day");
	svc_date_format(2932896, out);
	is_str(out, "9999-12-31", "svc_date_format of the last day");

	/* leap years */
	is_int(svc_date_days_in_month(1900, 2), 28, "1900 is not a leap year");
	is_int(svc_date_days_in_month(2000, 2), 29, "2000 is a leap year");
	is_int(svc_date_days_in_month(2024, 2), 29, "2024 is a leap year");
	is_int(svc_date_days_in_month(2100, 2), 28, "2100 is not a leap year");
	is_int(svc_date_days_in_month(2026, 4), 30, "april has 30 days");
	is_int(svc_date_days_in_month(2026, 12), 31, "december has 31 days");
	ok(!svc_date_valid(1900, 2, 29), "1900-02-29 is not a date");
	ok(svc_date_valid(2000, 2, 29), "2000-02-29 is a date");
	ok(svc_date_valid(2024, 2, 29), "2024-02-29 is a date");
	ok(!svc_date_valid(2026, 4, 31), "2026-04-31 is not a date");
	ok(!svc_date_valid(2026, 0, 1), "month 0 is not a date");
	ok(!svc_date_valid(2026, 1, 0), "day 0 is not a date");
	ok(!svc_date_valid(0, 1, 1), "year 0 is refused");
	ok(!svc_date_valid(10000, 1, 1), "year 10000 is refused");

	/* parsing */
	days = 12345;
	ok(svc_date_parse(S("2026-11-26"), &days) == 0 && days == 20783,
	    "parse 2026-11-26");
	ok(svc_date_parse(S("2024-02-29"), &days) == 0 && days == 19782,
	    "parse 2024-02-29");
	ok(svc_date_parse(S("2026-02-29"), &days) < 0, "refuse 2026-02-29");
	ok(svc_date_parse(S("1900-02-29"), &days) < 0, "refuse 1900-02-29");
	ok(svc_date_parse(S("2026-13-01"), &days) < 0, "refuse 2026-13-01");
	ok(svc_date_parse(S("2026-00-10"), &days) < 0, "refuse 2026-00-10");
	ok(svc_date_parse(S("2026-11-31"), &days) < 0, "refuse 2026-11-31");
	ok(svc_date_parse(S("2026-11-00"), &days) < 0, "refuse 2026-11-00");
	ok(svc_date_parse(S("2026-1-01"), &days) < 0, "refuse 2026-1-01");
	ok(svc_date_parse(S("2026-01-1"), &days) < 0, "refuse 2026-01-1");
	ok(svc_date_parse(S("20261101"), &days) < 0, "refuse 20261101");
	ok(svc_date_parse(S("2026/11/01"), &days) < 0, "refuse 2026/11/01");
	ok(svc_date_parse(S("2026-11-01 "), &days) < 0,
	    "refuse a trailing space");
	ok(svc_date_parse(S("2026-+1-01"), &days) < 0, "refuse a sign");
	ok(svc_date_parse(S(""), &days) < 0, "refuse an empty date");
	ok(svc_date_parse("2026-11-269", 10, &days) == 0 && days == 20783,
	    "only n bytes are read");
	ok(svc_date_parse("2026-11-2", 9, &days) < 0, "a short n is refused");

	/* months, clamped to the month's end */
	svc_date_format(svc_date_add_months(svc_date_from_ymd(2026, 1, 31), 1),
	    out);
	is_str(out, "2026-02-28", "2026-01-31 +1 month");
	svc_date_format(svc_date_add_months(svc_date_from_ymd(2024, 1, 31), 1),
	    out);
	is_str(out, "2024-02-29", "2024-01-31 +1 month");
	svc_date_format(svc_date_add_months(svc_date_from_ymd(2026, 3, 31), -1),
	    out);
	is_str(out, "2026-02-28", "2026-03-31 -1 month");
	svc_date_format(svc_date_add_months(svc_date_from_ymd(2024, 2, 29), 12),
	    out);
	is_str(out, "2025-02-28", "2024-02-29 +12 months");
	svc_date_format(svc_date_add_months(svc_date_from_ymd(2024, 2, 29), 48),
	    out);
	is_str(out, "2028-02-29", "2024-02-29 +48 months");
	svc_date_format(svc_date_add_months(svc_date_from_ymd(2026, 11, 15), 2),
	    out);
	is_str(out, "2027-01-15", "2026-11-15 +2 months crosses the year");
	svc_date_format(svc_date_add_months(svc_date_from_ymd(2026, 1, 15), -1),
	    out);
	is_str(out, "2025-12-15", "2026-01-15 -1 month crosses the year");
	svc_date_format(svc_date_add_months(svc_date_from_ymd(2026, 1, 15), -13),
	    out);
	is_str(out, "2024-12-15", "2026-01-15 -13 months");
	svc_date_format(svc_date_add_months(svc_date_from_ymd(2026, 5, 31), 0),
	    out);
	is_str(out, "2026-05-31", "+0 months changes nothing");
	svc_date_format(svc_date_add_months(svc_date_from_ymd(2026, 8, 31), 1),
	    out);
	is_str(out, "2026-09-30", "2026-08-31 +1 month");
}

/* The zone: Europe/Berlin; expected instants from python3's zoneinfo. */
static void
test_zone(void)
{
	int64_t s;
	char out[SVC_DATETIME_MAX], why[160];

	ok(svc_zone_set("Nowhere/Atlantis") < 0, "an unknown zone is refused");
	is_str(svc_zone_name(), "UTC", "and the zone stays UTC");
	ok(svc_zone_set("Europe/Berlin") == 0, "set Europe/Berlin");
	s = 0;
	ok(svc_datetime_parse(S("2026-12-08T09:00"), &s) == 0 &&
	    s == 1796716800, "a winter wall time is +01:00");
	ok(svc_datetime_parse(S("2026-07-01T09:00"), &s) == 0 &&
	    s == 1782889200, "a summer wall time is +02:00");
	ok(svc_datetime_parse(S("2026-12-08T09:00Z"), &s) == 0 &&
	    s == 1796720400, "Z still means UTC");
	svc_datetime_format(1796716800, out);
	is_str(out, "2026-12-08T09:00:00+01:00", "written with the offset");
	svc_datetime_format(1782889200, out);
	is_str(out, "2026-07-01T09:00:00+02:00", "summer written with +02:00");
	ok(svc_datetime_parse(S("2027-03-28T02:30"), &s) == SVC_TIME_GAP,
	    "a time the clocks skip is refused");
	svc_datetime_explain(SVC_TIME_GAP, S("2027-03-28T02:30"), why,
	    sizeof why);
	ok(strstr(why, "forward from +01:00 to +02:00") != NULL,
	    "and the reason says so: %s", why);
	ok(svc_datetime_parse(S("2026-10-25T02:30"), &s) == SVC_TIME_AMBIGUOUS,
	    "a time that happens twice is refused");
	svc_datetime_explain(SVC_TIME_AMBIGUOUS, S("2026-10-25T02:30"), why,
	    sizeof why);
	ok(strstr(why, "+02:00 and again at +01:00") != NULL,
	    "and the reason gives both offsets: %s", why);
	ok(svc_datetime_parse(S("2026-10-25T02:30+01:00"), &s) == 0 &&
	    s == 1792891800, "with its offset it is one instant");
	ok(svc_datetime_parse(S("2026-10-25T03:30"), &s) == 0 &&
	    s == 1792891800 + 3600, "the hour after the change is plain");
	ok(svc_day_start(svc_date_from_ymd(2026, 12, 8)) == 1796684400,
	    "a day starts at the zone's midnight");
	/* 2026-11-25T23:30Z is 00:30 on the 26th in Berlin */
	ok(svc_date_of_instant(1795649400) == svc_date_from_ymd(2026, 11, 26),
	    "the day of an instant is the zone's");
	/* before 1893 Berlin kept local mean time, +00:53:28 */
	ok(svc_datetime_parse(S("1850-06-01T12:00"), &s) == 0 &&
	    s == -3773739208LL, "local mean time is read with its seconds");
	svc_datetime_format(-3773739208LL, out);
	is_str(out, "1850-06-01T11:06:32+00:00",
	    "an offset of seconds has no written form: written in UTC");
	ok(svc_datetime_parse(out, strlen(out), &s) == 0 &&
	    s == -3773739208LL, "and read back to the second");
	svc_zone_write_utc(1);
	svc_datetime_format(1796716800, out);
	is_str(out, "2026-12-08T08:00:00Z", "--utc writes Z");
	svc_zone_write_utc(0);
	svc_datetime_format_utc(1796716800, out);
	is_str(out, "2026-12-08T08:00:00Z", "what is kept is UTC");
	ok(svc_zone_set("UTC") == 0 && svc_date_of_instant(1795649400) ==
	    svc_date_from_ymd(2026, 11, 25), "back to UTC");
}

static void
test_datetimes(void)
{
	int64_t s;
	char out[32];

	/* 2026-11-26T10:00:00Z is 1795687200 (python3 calendar.timegm) */
	s = 0;
	ok(svc_datetime_parse(S("2026-11-26T10:00:00Z"), &s) == 0 &&
	    s == 1795687200, "parse with Z");
	s = 0;
	ok(svc_datetime_parse(S("2026-11-26T10:00:00+02:00"), &s) == 0 &&
	    s == 1795680000, "parse with +02:00");
	s = 0;
	ok(svc_datetime_parse(S("2026-11-26T10:00:00-0530"), &s) == 0 &&
	    s == 1795707000, "parse with -0530");
	s = 0;
	ok(svc_datetime_parse(S("2026-11-26T10:00:00+02"), &s) == 0 &&
	    s == 1795680000, "parse with +02");
	s = 0;
	ok(svc_datetime_parse(S("2026-11-26 10:00:00Z"), &s) == 0 &&
	    s == 1795687200, "parse with a space for the T");
	s = 0;
	ok(svc_datetime_parse(S("2026-11-26T10:00Z"), &s) == 0 &&
	    s == 1795687200, "parse without seconds");
	s = 0;
	ok(svc_datetime_parse(S("2026-11-26T10:00+01:00"), &s) == 0 &&
	    s == 1795683600, "parse without seconds, with an offset");
	s = 0;
	ok(svc_datetime_parse(S("2026-11-26T10:00:59Z"), &s) == 0 &&
	    s == 1795687259, "parse 59 seconds");
	s = 1;
	ok(svc_datetime_parse(S("1970-01-01T01:00:00+01:00"), &s) == 0 &&
	    s == 0, "an offset that lands on the epoch");
	s = 0;
	ok(svc_datetime_parse(S("1970-01-01T00:00:00+00:01"), &s) == 0 &&
	    s == -60, "an instant before the epoch");
	s = 0;
	ok(svc_datetime_parse(S("2026-11-26T00:30:00+01:00"), &s) == 0 &&
	    s == 1795649400, "an offset that moves to the day before");

	s = 0;
	ok(svc_datetime_parse(S("2026-11-26T10:00:00"), &s) == 0 &&
	    s == 1795687200, "without an offset: the zone's, here UTC");
	svc_datetime_format(1795687200, out);
	is_str(out, "2026-11-26T10:00:00Z", "UTC is written with Z");
	ok(svc_datetime_parse(S("2026-11-26T24:00:00Z"), &s) < 0,
	    "refuse 24:00");
	ok(svc_datetime_parse(S("2026-11-26T10:60:00Z"), &s) < 0,
	    "refuse minute 60");
	ok(svc_datetime_parse(S("2026-11-26T10:00:60Z"), &s) < 0,
	    "refuse second 60");
	ok(svc_datetime_parse(S("2026-11-26T10:00:00+2:00"), &s) < 0,
	    "refuse offset +2:00");
	ok(svc_datetime_parse(S("2026-11-26T10:00:00+02:60"), &s) < 0,
	    "refuse offset +02:60");
	ok(svc_datetime_parse(S("2026-11-26T10:00:00+24:00"), &s) < 0,
	    "refuse offset +24:00");
	ok(svc_datetime_parse(S("2026-11-26T10:00:00+020"), &s) < 0,
	    "refuse offset +020");
	ok(svc_datetime_parse(S("2026-11-26T10:00:00+02:00:00"), &s) < 0,
	    "refuse offset with seconds");
	ok(svc_datetime_parse(S("2026-11-26T10:00:00+a2:00"), &s) < 0,
	    "refuse offset with a letter");
	ok(svc_datetime_parse(S("2026-11-26T10:00:00ZZ"), &s) < 0,
	    "refuse text after the Z");
	ok(svc_datetime_parse(S("2026-11-26T10:00:00z"), &s) < 0,
	    "refuse a lower case z");
	ok(svc_datetime_parse(S("2026-11-26X10:00:00Z"), &s) < 0,
	    "refuse another separator");
	ok(svc_datetime_parse(S("2026-02-29T10:00:00Z"), &s) < 0,
	    "refuse a date that does not exist");
	ok(svc_datetime_parse(S("2026-11-26T1:00:00Z"), &s) < 0,
	    "refuse a one-digit hour");
	ok(svc_datetime_parse(S("2026-11-26"), &s) < 0, "refuse a date alone");

	svc_datetime_format(0, out);
	is_str(out, "1970-01-01T00:00:00Z", "format 0");
	svc_datetime_format(1795687200, out);
	is_str(out, "2026-11-26T10:00:00Z", "format 1795687200");
	svc_datetime_format(1000000000, out);
	is_str(out, "2001-09-09T01:46:40Z", "format 1000000000");
	svc_datetime_format(-1, out);
	is_str(out, "1969-12-31T23:59:59Z", "format -1");
	svc_datetime_format(-86400, out);
	is_str(out, "1969-12-31T00:00:00Z", "format -86400");
	svc_datetime_format(-86401, out);
	is_str(out, "1969-12-30T23:59:59Z", "format -86401");
	svc_datetime_format(253402300799LL, out);
	is_str(out, "9999-12-31T23:59:59Z", "format the last second of 9999");
	s = 0;
	ok(svc_datetime_parse(S("1969-12-31T23:59:59Z"), &s) == 0 && s == -1,
	    "parse the second before the epoch");
}

static void
test_durations(void)
{
	int64_t m;

	m = -1;
	ok(svc_duration_parse(S("90"), &m) == 0 && m == 90, "duration 90");
	m = -1;
	ok(svc_duration_parse(S("0"), &m) == 0 && m == 0, "duration 0");
	m = -1;
	ok(svc_duration_parse(S("2h"), &m) == 0 && m == 120, "duration 2h");
	m = -1;
	ok(svc_duration_parse(S("2h30m"), &m) == 0 && m == 150,
	    "duration 2h30m");
	m = -1;
	ok(svc_duration_parse(S("45m"), &m) == 0 && m == 45, "duration 45m");
	m = -1;
	ok(svc_duration_parse(S("2h30"), &m) == 0 && m == 150, "duration 2h30");
	m = -1;
	ok(svc_duration_parse(S("1h90m"), &m) == 0 && m == 150,
	    "duration 1h90m");
	ok(svc_duration_parse(S(""), &m) < 0, "refuse an empty duration");
	ok(svc_duration_parse(S("h"), &m) < 0, "refuse h");
	ok(svc_duration_parse(S("m"), &m) < 0, "refuse m");
	ok(svc_duration_parse(S("2x"), &m) < 0, "refuse 2x");
	ok(svc_duration_parse(S("30m2h"), &m) < 0, "refuse 30m2h");
	ok(svc_duration_parse(S("2h3h"), &m) < 0, "refuse 2h3h");
	ok(svc_duration_parse(S("30m5"), &m) < 0, "refuse 30m5");
	ok(svc_duration_parse(S("2hm"), &m) < 0, "refuse 2hm");
	ok(svc_duration_parse(S("-5"), &m) < 0, "refuse -5");
	ok(svc_duration_parse(S(" 5"), &m) < 0, "refuse a leading space");
	ok(svc_duration_parse(S("99999999999999999999"), &m) < 0,
	    "refuse a duration that overflows");
}

static void
test_currencies(void)
{
	is_int(svc_currency_exponent(S("EUR")), 2, "EUR has 2 decimals");
	is_int(svc_currency_exponent(S("USD")), 2, "USD has 2 decimals");
	is_int(svc_currency_exponent(S("JPY")), 0, "JPY has 0 decimals");
	is_int(svc_currency_exponent(S("KRW")), 0, "KRW has 0 decimals");
	is_int(svc_currency_exponent(S("KWD")), 3, "KWD has 3 decimals");
	is_int(svc_currency_exponent(S("BHD")), 3, "BHD has 3 decimals");
	is_int(svc_currency_exponent(S("CLF")), 4, "CLF has 4 decimals");
	is_int(svc_currency_exponent(S("AED")), 2, "AED (the first code)");
	is_int(svc_currency_exponent(S("ZWL")), 2, "ZWL (the last code)");
	is_int(svc_currency_exponent(S("EUX")), -1, "EUX is unknown");
	/* the last code is remembered: asked again, and after another */
	is_int(svc_currency_exponent(S("JPY")), 0, "JPY after EUX");
	is_int(svc_currency_exponent(S("JPY")), 0, "JPY twice");
	is_int(svc_currency_exponent(S("EUX")), -1, "EUX after JPY");
	is_int(svc_currency_exponent(S("KWD")), 3, "KWD after JPY");
	is_int(svc_currency_exponent(S("JPX")), -1, "JPX after KWD");
	is_int(svc_currency_exponent(S("eur")), -1, "eur (lower case) is unknown");
	is_int(svc_currency_exponent(S("EU")), -1, "EU is unknown");
	is_int(svc_currency_exponent(S("EURO")), -1, "EURO is unknown");
	is_int(svc_currency_exponent(S("")), -1, "the empty code is unknown");
	is_int(svc_currency_exponent("EURX", 3), 2, "only n bytes are read");
}

static void
test_fixed_parse(void)
{
	int64_t v;

	v = 0;
	ok(svc_fixed_parse(S("12.9"), 2, &v) == 0 && v == 1290, "12.9 -> 1290");
	v = 0;
	ok(svc_fixed_parse(S("-0.05"), 2, &v) == 0 && v == -5, "-0.05 -> -5");
	v = 0;
	ok(svc_fixed_parse(S("1200"), 2, &v) == 0 && v == 120000,
	    "1200 -> 120000");
	is_int(svc_fixed_parse(S("12.345"), 2, &v), -2, "12.345 has too many decimals");
	v = 0;
	ok(svc_fixed_parse(S("12.340"), 2, &v) == 0 && v == 1234,
	    "12.340 -> 1234 (a trailing zero is fine)");
	v = 0;
	ok(svc_fixed_parse(S("12.34000"), 2, &v) == 0 && v == 1234,
	    "12.34000 -> 1234");
	v = 0;
	ok(svc_fixed_parse(S("+7"), 2, &v) == 0 && v == 700, "+7 -> 700");
	v = 1;
	ok(svc_fixed_parse(S("-0"), 2, &v) == 0 && v == 0, "-0 -> 0");
	v = 0;
	ok(svc_fixed_parse(S("0.125"), 3, &v) == 0 && v == 125,
	    "0.125 at scale 3 -> 125");
	v = 0;
	ok(svc_fixed_parse(S("7"), 0, &v) == 0 && v == 7, "7 at scale 0");
	is_int(svc_fixed_parse(S("7.5"), 0, &v), -2, "7.5 at scale 0 is refused");
	v = 0;
	ok(svc_fixed_parse(S("7.0"), 0, &v) == 0 && v == 7,
	    "7.0 at scale 0 -> 7");
	v = 0;
	ok(svc_fixed_parse(S("000000000000000000000000001"), 2, &v) == 0 &&
	    v == 100, "leading zeros do not overflow");
	is_int(svc_fixed_parse(S("1e5"), 2, &v), -1, "1e5 is refused");
	is_int(svc_fixed_parse(S(""), 2, &v), -1, "the empty text is refused");
	is_int(svc_fixed_parse(S("-"), 2, &v), -1, "- is refused");
	is_int(svc_fixed_parse(S("+"), 2, &v), -1, "+ is refused");
	is_int(svc_fixed_parse(S("."), 2, &v), -1, ". is refused");
	is_int(svc_fixed_parse(S("-."), 2, &v), -1, "-. is refused");
	is_int(svc_fixed_parse(S("1.2.3"), 2, &v), -1, "1.2.3 is refused");
	is_int(svc_fixed_parse(S("1,5"), 2, &v), -1, "1,5 is refused");
	is_int(svc_fixed_parse(S(" 1"), 2, &v), -1, "a leading space is refused");
	is_int(svc_fixed_parse(S("1 "), 2, &v), -1, "a trailing space is refused");
	is_int(svc_fixed_parse(S("--1"), 2, &v), -1, "--1 is refused");
	is_int(svc_fixed_parse(S("0x10"), 2, &v), -1, "0x10 is refused");
	is_int(svc_fixed_parse(S("99999999999999999999"), 2, &v), -3,
	    "99999999999999999999 overflows");
	is_int(svc_fixed_parse(S("99999999999999999999"), 0, &v), -3,
	    "99999999999999999999 overflows at scale 0");

	/* the edges of int64 */
	v = 0;
	ok(svc_fixed_parse(S("9223372036854775807"), 0, &v) == 0 &&
	    v == INT64_MAX, "INT64_MAX at scale 0");
	is_int(svc_fixed_parse(S("9223372036854775808"), 0, &v), -3,
	    "INT64_MAX + 1 overflows");
	v = 0;
	ok(svc_fixed_parse(S("-9223372036854775808"), 0, &v) == 0 &&
	    v == INT64_MIN, "INT64_MIN at scale 0");
	is_int(svc_fixed_parse(S("-9223372036854775809"), 0, &v), -3,
	    "INT64_MIN - 1 overflows");
	v = 0;
	ok(svc_fixed_parse(S("92233720368547758.07"), 2, &v) == 0 &&
	    v == INT64_MAX, "92233720368547758.07 at scale 2 is INT64_MAX");
	is_int(svc_fixed_parse(S("92233720368547758.08"), 2, &v), -3,
	    "92233720368547758.08 at scale 2 overflows");
	v = 0;
	ok(svc_fixed_parse(S("-92233720368547758.08"), 2, &v) == 0 &&
	    v == INT64_MIN, "-92233720368547758.08 at scale 2 is INT64_MIN");
	is_int(svc_fixed_parse(S("-92233720368547758.09"), 2, &v), -3,
	    "-92233720368547758.09 at scale 2 overflows");
	v = 0;
	ok(svc_fixed_parse(S("92233720368547758"), 2, &v) == 0 &&
	    v == 9223372036854775800LL, "92233720368547758 at scale 2");
	is_int(svc_fixed_parse(S("92233720368547759"), 2, &v), -3,
	    "92233720368547759 at scale 2 overflows while scaling");
	is_int(svc_fixed_parse(S("922337203685477581"), 1, &v), -3,
	    "922337203685477581 at scale 1 overflows while scaling");
	v = 0;
	ok(svc_fixed_parse("12.9xyz", 4, 2, &v) == 0 && v == 1290,
	    "only n bytes are read");
}

static void
test_fixed_format(void)
{
	char out[32];

	svc_fixed_format(1290, 2, out);
	is_str(out, "12.90", "format 1290 at scale 2");
	svc_fixed_format(-5, 2, out);
	is_str(out, "-0.05", "format -5 at scale 2");
	svc_fixed_format(0, 2, out);
	is_str(out, "0.00", "format 0 at scale 2");
	svc_fixed_format(-1234, 3, out);
	is_str(out, "-1.234", "format -1234 at scale 3");
	svc_fixed_format(1, 4, out);
	is_str(out, "0.0001", "format 1 at scale 4");
	svc_fixed_format(7, 0, out);
	is_str(out, "7", "format 7 at scale 0");
	svc_fixed_format(-7, 0, out);
	is_str(out, "-7", "format -7 at scale 0");
	svc_fixed_format(INT64_MAX, 2, out);
	is_str(out, "92233720368547758.07", "format INT64_MAX at scale 2");
	svc_fixed_format(INT64_MIN, 2, out);
	is_str(out, "-92233720368547758.08", "format INT64_MIN at scale 2");
	svc_fixed_format(INT64_MIN, 0, out);
	is_str(out, "-9223372036854775808", "format INT64_MIN at scale 0");
	svc_fixed_format(INT64_MAX, 0, out);
	is_str(out, "9223372036854775807", "format INT64_MAX at scale 0");

	svc_fixed_format_trim(1290, 2, out);
	is_str(out, "12.9", "trim 1290 at scale 2");
	svc_fixed_format_trim(1200, 2, out);
	is_str(out, "12", "trim 1200 at scale 2");
	svc_fixed_format_trim(1234, 2, out);
	is_str(out, "12.34", "trim 1234 at scale 2");
	svc_fixed_format_trim(0, 2, out);
	is_str(out, "0", "trim 0 at scale 2");
	svc_fixed_format_trim(-50, 2, out);
	is_str(out, "-0.5", "trim -50 at scale 2");
	svc_fixed_format_trim(-100, 2, out);
	is_str(out, "-1", "trim -100 at scale 2");
	svc_fixed_format_trim(100, 0, out);
	is_str(out, "100", "trim keeps the zeros of an integer at scale 0");
	svc_fixed_format_trim(0, 0, out);
	is_str(out, "0", "trim 0 at scale 0");
	svc_fixed_format_trim(10, 1, out);
	is_str(out, "1", "trim 10 at scale 1");
	svc_fixed_format_trim(1000, 1, out);
	is_str(out, "100", "trim 1000 at scale 1 keeps the integer zeros");
	svc_fixed_format_trim(10001, 4, out);
	is_str(out, "1.0001", "trim 10001 at scale 4");
}

static void
test_fixed_round(void)
{
	is_int(svc_fixed_round(125, 3, 2), 13, "round 0.125 to 0.13");
	is_int(svc_fixed_round(-125, 3, 2), -13, "round -0.125 to -0.13");
	is_int(svc_fixed_round(124, 3, 2), 12, "round 0.124 to 0.12");
	is_int(svc_fixed_round(-124, 3, 2), -12, "round -0.124 to -0.12");
	is_int(svc_fixed_round(126, 3, 2), 13, "round 0.126 to 0.13");
	is_int(svc_fixed_round(-126, 3, 2), -13, "round -0.126 to -0.13");
	is_int(svc_fixed_round(120, 3, 2), 12, "round 0.120 to 0.12");
	is_int(svc_fixed_round(5, 1, 0), 1, "round 0.5 to 1");
	is_int(svc_fixed_round(-5, 1, 0), -1, "round -0.5 to -1");
	is_int(svc_fixed_round(4, 1, 0), 0, "round 0.4 to 0");
	is_int(svc_fixed_round(-4, 1, 0), 0, "round -0.4 to 0");
	is_int(svc_fixed_round(25, 1, 0), 3, "round 2.5 to 3");
	is_int(svc_fixed_round(-25, 1, 0), -3, "round -2.5 to -3");
	is_int(svc_fixed_round(1234567, 4, 0), 123, "round 123.4567 to 123");
	is_int(svc_fixed_round(1235000, 4, 0), 124, "round 123.5000 to 124");
	is_int(svc_fixed_round(1234999, 4, 0), 123, "round 123.4999 to 123");
	is_int(svc_fixed_round(-1235000, 4, 2), -12350, "round -123.5000 to -123.50");
	is_int(svc_fixed_round(999, 3, 0), 1, "round 0.999 to 1");
	is_int(svc_fixed_round(499, 3, 0), 0, "round 0.499 to 0");
	is_int(svc_fixed_round(INT64_MAX, 2, 0), 92233720368547758LL,
	    "round INT64_MAX at scale 2 to scale 0");
	is_int(svc_fixed_round(INT64_MIN, 2, 0), -92233720368547758LL,
	    "round INT64_MIN at scale 2 to scale 0");
	is_int(svc_fixed_round(INT64_MAX, 1, 0), 922337203685477581LL,
	    "round INT64_MAX at scale 1 to scale 0 (.7 goes up)");
}

int
main(void)
{
	test_every_day();
	test_dates();
	test_datetimes();
	test_zone();
	test_durations();
	test_currencies();
	test_fixed_parse();
	test_fixed_format();
	test_fixed_round();
	return done_testing();
}
