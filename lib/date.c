/* date.c - calendar arithmetic on day numbers (civil-from-days, after H. Hinnant) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "dynlib.h"

int64_t
svc_date_from_ymd(int y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
svc_date_to_ymd(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int
svc_date_days_in_month(int y, int m)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 ? 28 + leap : dim[m - 1];
}

int
svc_date_valid(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	    d <= svc_date_days_in_month(y, m);
}

int64_t
svc_date_add_months(int64_t days, int n)
{
	int y, m, d, dim;
	int64_t mi;

	svc_date_to_ymd(days, &y, &m, &d);
	mi = (int64_t)y * 12 + (m - 1) + n;
	y = (int)(mi >= 0 ? mi / 12 : (mi - 11) / 12);
	m = (int)(mi - (int64_t)y * 12) + 1;
	dim = svc_date_days_in_month(y, m);
	return svc_date_from_ymd(y, m, d > dim ? dim : d);
}

static int
digits(const char *s, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

int
svc_date_parse(const char *s, size_t n, int64_t *days)
{
	int y, m, d;

	if (n != 10 || s[4] != '-' || s[7] != '-' ||
	    digits(s, 4, &y) || digits(s + 5, 2, &m) || digits(s + 8, 2, &d) ||
	    !svc_date_valid(y, m, d))
		return -1;
	*days = svc_date_from_ymd(y, m, d);
	return 0;
}

/* --- the zone --- */

static struct {
	icaltimezone *tz;	/* NULL: UTC */
	char name[64];
	int write_utc;
	/* per UTC day: the offsets at its start and end (equal: no change
	 * within it, for no zone changes twice in a day) */
	struct { int64_t day; int32_t a, b; } cache[4096];
} zone = { NULL, "UTC", 0, { { 0, 0, 0 } } };

icaltimezone *
svc_zone_find(const char *name)
{
	if (!name || !*name || strcmp(name, "UTC") == 0)
		return ICAL->icaltimezone_get_utc_timezone();
	return ICAL->icaltimezone_get_builtin_timezone(name);
}

int
svc_zone_set(const char *name)
{
	icaltimezone *tz = NULL;
	size_t i;

	if (!name)
		name = "";
	/* UTC needs no libical (dynlib.h): most stores never load it */
	if (*name && strcmp(name, "UTC") != 0) {
		if (!(tz = svc_zone_find(name)) ||
		    strlen(name) >= sizeof zone.name)
			return -1;
		if (tz == ICAL->icaltimezone_get_utc_timezone())
			tz = NULL;
	}
	zone.tz = tz;
	snprintf(zone.name, sizeof zone.name, "%s", zone.tz ? name : "UTC");
	/* UTC asks no cache: its 64 KiB stay untouched */
	for (i = 0; zone.tz && i < sizeof zone.cache / sizeof zone.cache[0];
	    i++)
		zone.cache[i].day = INT64_MIN;
	return 0;
}

const char *
svc_zone_name(void)
{
	return zone.name;
}

void
svc_zone_write_utc(int on)
{
	zone.write_utc = on;
}

static int64_t
utc_day(int64_t secs)
{
	return secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
}

static int32_t
offset_at(int64_t t)
{
	const struct svc_ical *ic = ICAL;
	struct icaltimetype tt = ic->icaltime_from_timet_with_zone((time_t)t,
	    0, ic->icaltimezone_get_utc_timezone());
	int dst;

	return (int32_t)ic->icaltimezone_get_utc_offset_of_utc_time(zone.tz,
	    &tt, &dst);
}

int64_t
svc_zone_offset(int64_t t)
{
	int64_t day;
	size_t k;

	if (!zone.tz)
		return 0;
	day = utc_day(t);
	k = (size_t)(day & 4095);
	if (zone.cache[k].day != day) {
		zone.cache[k].day = day;
		zone.cache[k].a = offset_at(day * 86400);
		zone.cache[k].b = offset_at(day * 86400 + 86399);
	}
	if (zone.cache[k].a == zone.cache[k].b)
		return zone.cache[k].a;
	return offset_at(t);
}

/* The instant of wall time w (seconds as if the wall clock were UTC):
 * 0, SVC_TIME_GAP or SVC_TIME_AMBIGUOUS; *before and *after are the
 * offsets around it. */
static int
from_wall(int64_t w, int64_t *t, int64_t *before, int64_t *after)
{
	int64_t a = svc_zone_offset(w - 86400), b = svc_zone_offset(w + 86400);
	int ok_a = svc_zone_offset(w - a) == a, ok_b = svc_zone_offset(w - b) == b;

	*before = a;
	*after = b;
	if (a == b || (ok_a && !ok_b)) {
		*t = w - a;
		return 0;
	}
	if (ok_b && !ok_a) {
		*t = w - b;
		return 0;
	}
	*t = w - a;
	return ok_a ? SVC_TIME_AMBIGUOUS : SVC_TIME_GAP;
}

int64_t
svc_date_of_instant(int64_t secs)
{
	return utc_day(secs + svc_zone_offset(secs));
}

int64_t
svc_day_start(int64_t day)
{
	int64_t t, a, b;

	/* midnight, or when the clocks went forward over it: the instant
	 * its old offset reached it */
	if (from_wall(day * 86400, &t, &a, &b) == SVC_TIME_GAP)
		t = day * 86400 - a;
	return t;
}

static int
parse_time(const char *s, size_t n, int64_t *wall, int *has_off,
    int64_t *off)
{
	int64_t days;
	int hh, mm, ss = 0, oh, om, sign;
	size_t i;

	if (n < 16 || svc_date_parse(s, 10, &days) < 0 ||
	    (s[10] != 'T' && s[10] != ' ') ||
	    digits(s + 11, 2, &hh) || s[13] != ':' || digits(s + 14, 2, &mm))
		return SVC_TIME_BAD;
	i = 16;
	if (i < n && s[i] == ':') {
		if (i + 3 > n || digits(s + i + 1, 2, &ss))
			return SVC_TIME_BAD;
		i += 3;
	}
	if (hh > 23 || mm > 59 || ss > 59)
		return SVC_TIME_BAD;
	*wall = days * 86400 + hh * 3600 + mm * 60 + ss;
	*has_off = 1;
	*off = 0;
	if (i == n) {
		*has_off = 0;
		return 0;
	}
	if (i == n - 1 && s[i] == 'Z')
		return 0;
	if (s[i] != '+' && s[i] != '-')
		return SVC_TIME_BAD;
	sign = s[i] == '+' ? 1 : -1;
	i++;
	if (n - i == 5 && s[i + 2] == ':') {
		if (digits(s + i, 2, &oh) || digits(s + i + 3, 2, &om))
			return SVC_TIME_BAD;
	} else if (n - i == 4) {
		if (digits(s + i, 2, &oh) || digits(s + i + 2, 2, &om))
			return SVC_TIME_BAD;
	} else if (n - i == 2) {
		if (digits(s + i, 2, &oh))
			return SVC_TIME_BAD;
		om = 0;
	} else
		return SVC_TIME_BAD;
	if (oh > 23 || om > 59)
		return SVC_TIME_BAD;
	*off = sign * (oh * 3600 + om * 60);
	return 0;
}

int
svc_datetime_parse(const char *s, size_t n, int64_t *secs)
{
	int64_t wall, off, a, b;
	int has_off, rc;

	if ((rc = parse_time(s, n, &wall, &has_off, &off)))
		return rc;
	if (has_off) {
		*secs = wall - off;
		return 0;
	}
	return from_wall(wall, secs, &a, &b);
}

static void
format_offset(int64_t off, char *out, size_t n)
{
	int64_t m = (off < 0 ? -off : off) / 60;

	snprintf(out, n, "%c%02d:%02d", off < 0 ? '-' : '+', (int)(m / 60),
	    (int)(m % 60));
}

/* v (0 to 99) in two digits at o; the end. */
static char *
put2(char *o, int v)
{
	o[0] = (char)('0' + v / 10);
	o[1] = (char)('0' + v % 10);
	return o + 2;
}

/* v (0 to 9999) in four digits at o; the end. */
static char *
put4(char *o, int v)
{
	return put2(put2(o, v / 100), v % 100);
}

void
svc_date_format(int64_t days, char *out)
{
	int y, m, d;

	svc_date_to_ymd(days, &y, &m, &d);
	if (y < 0 || y > 9999) {
		snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
		return;
	}
	/* what the snprintf above writes, without its cost */
	out = put4(out, y);
	*out++ = '-';
	out = put2(out, m);
	*out++ = '-';
	out = put2(out, d);
	*out = '\0';
}

void
svc_datetime_explain(int rc, const char *s, size_t n, char *buf, size_t len)
{
	int64_t wall, off, t, a, b;
	int has_off;
	char oa[8], ob[8];

	if (rc == SVC_TIME_BAD || parse_time(s, n, &wall, &has_off, &off) ||
	    has_off) {
		snprintf(buf, len, "want YYYY-MM-DDTHH:MM[:SS], with Z, an "
		    "offset such as +01:00, or none for %s time", zone.name);
		return;
	}
	from_wall(wall, &t, &a, &b);
	format_offset(a, oa, sizeof oa);
	format_offset(b, ob, sizeof ob);
	if (rc == SVC_TIME_GAP)
		snprintf(buf, len, "no such time in %s: the clocks go forward "
		    "from %s to %s over it", zone.name, oa, ob);
	else
		snprintf(buf, len, "ambiguous in %s: the clocks go back, it "
		    "happens at %s and again at %s; give the offset", zone.name,
		    oa, ob);
}

static void
format_at(int64_t secs, int64_t off, char *out)
{
	int64_t local = secs + off, days = utc_day(local);
	int64_t rem = local - days * 86400;
	int y, m, d;
	char z[8];

	svc_date_to_ymd(days, &y, &m, &d);
	if (off == 0 && (!zone.tz || zone.write_utc))
		strcpy(z, "Z");
	else
		format_offset(off, z, sizeof z);
	if (y < 0 || y > 9999) {
		snprintf(out, SVC_DATETIME_MAX, "%04d-%02d-%02dT%02d:%02d:%02d%s",
		    y, m, d, (int)(rem / 3600), (int)(rem / 60 % 60),
		    (int)(rem % 60), z);
		return;
	}
	/* what the snprintf above writes, without its cost (a listing
	 * formats several instants a row) */
	out = put4(out, y);
	*out++ = '-';
	out = put2(out, m);
	*out++ = '-';
	out = put2(out, d);
	*out++ = 'T';
	out = put2(out, (int)(rem / 3600));
	*out++ = ':';
	out = put2(out, (int)(rem / 60 % 60));
	*out++ = ':';
	out = put2(out, (int)(rem % 60));
	strcpy(out, z);
}

void
svc_datetime_format(int64_t secs, char out[SVC_DATETIME_MAX])
{
	int64_t off = zone.write_utc ? 0 : svc_zone_offset(secs);

	/* an offset of seconds (local mean time before a zone's standard
	 * time: Berlin's +00:53:28 before 1893) has no written form: such
	 * an instant is written in UTC, so that it reads back the same */
	if (off % 60)
		off = 0;
	format_at(secs, off, out);
}

void
svc_datetime_format_utc(int64_t secs, char out[SVC_DATETIME_MAX])
{
	int w = zone.write_utc;

	zone.write_utc = 1;
	format_at(secs, 0, out);
	zone.write_utc = w;
}

int
svc_duration_parse(const char *s, size_t n, int64_t *minutes)
{
	int64_t total = 0, v;
	size_t i = 0;
	int seen_h = 0, seen_m = 0, any = 0;

	if (n == 0)
		return -1;
	while (i < n) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = 0;
		while (i < n && s[i] >= '0' && s[i] <= '9') {
			if (v > SVC_DURATION_MAX)
				return -1;
			v = v * 10 + (s[i++] - '0');
		}
		if (i == n) {
			/* a bare number is minutes, alone or after hours */
			if (seen_m || (any && !seen_h))
				return -1;
			total += v;
			any = 1;
			break;
		}
		if (s[i] == 'h' && !seen_h && !seen_m) {
			total += v * 60;
			seen_h = 1;
		} else if (s[i] == 'm' && !seen_m) {
			total += v;
			seen_m = 1;
		} else
			return -1;
		i++;
		any = 1;
	}
	/* what is written as minutes must read again */
	if (total > SVC_DURATION_MAX)
		return -1;
	*minutes = total;
	return 0;
}

int
svc_date_relative(const char *s, int64_t today, int64_t *day)
{
	static const char *const wdays[] = { "monday", "tuesday", "wednesday",
		"thursday", "friday", "saturday", "sunday" };
	int y, m, d, i;
	long n;
	char *end;

	if (strcmp(s, "today") == 0)
		*day = today;
	else if (strcmp(s, "tomorrow") == 0)
		*day = today + 1;
	else if (strcmp(s, "yesterday") == 0)
		*day = today - 1;
	else if (strcmp(s, "month-end") == 0) {
		svc_date_to_ymd(today, &y, &m, &d);
		*day = svc_date_from_ymd(y, m, svc_date_days_in_month(y, m));
	} else if ((s[0] == '+' || s[0] == '-') && s[1] >= '0' && s[1] <= '9') {
		n = strtol(s, &end, 10);
		if (n < -100000 || n > 100000 || end[0] == '\0' || end[1])
			return -1;
		switch (end[0]) {
		case 'd': *day = today + n; break;
		case 'w': *day = today + 7 * n; break;
		case 'm': *day = svc_date_add_months(today, (int)n); break;
		case 'y': *day = svc_date_add_months(today, (int)n * 12); break;
		default: return -1;
		}
	} else {
		for (i = 0; i < 7 && strcmp(s, wdays[i]); i++)
			;
		if (i == 7)
			return -1;
		/* the next such day after today; 1970-01-01 was a Thursday */
		d = (int)(((today + 3) % 7 + 7) % 7);
		*day = today + ((i - d + 6) % 7) + 1;
	}
	/* a day svc holds: years 1 to 9999 */
	return *day < SVC_DAY_MIN || *day > SVC_DAY_MAX ? -1 : 0;
}
