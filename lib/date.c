/* date.c - calendar arithmetic on day numbers (civil-from-days, after H. Hinnant) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

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

void
svc_date_format(int64_t days, char *out)
{
	int y, m, d;

	svc_date_to_ymd(days, &y, &m, &d);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

int
svc_datetime_parse(const char *s, size_t n, int64_t *secs)
{
	int64_t days;
	int hh, mm, ss = 0, oh, om, sign;
	size_t i;

	if (n < 17 || svc_date_parse(s, 10, &days) < 0 ||
	    (s[10] != 'T' && s[10] != ' ') ||
	    digits(s + 11, 2, &hh) || s[13] != ':' || digits(s + 14, 2, &mm))
		return -1;
	i = 16;
	if (i < n && s[i] == ':') {
		if (i + 3 > n || digits(s + i + 1, 2, &ss))
			return -1;
		i += 3;
	}
	if (hh > 23 || mm > 59 || ss > 59)
		return -1;
	*secs = days * 86400 + hh * 3600 + mm * 60 + ss;
	if (i == n - 1 && s[i] == 'Z')
		return 0;
	if (i >= n || (s[i] != '+' && s[i] != '-'))
		return -1;
	sign = s[i] == '+' ? 1 : -1;
	i++;
	if (n - i == 5 && s[i + 2] == ':') {
		if (digits(s + i, 2, &oh) || digits(s + i + 3, 2, &om))
			return -1;
	} else if (n - i == 4) {
		if (digits(s + i, 2, &oh) || digits(s + i + 2, 2, &om))
			return -1;
	} else if (n - i == 2) {
		if (digits(s + i, 2, &oh))
			return -1;
		om = 0;
	} else
		return -1;
	if (oh > 23 || om > 59)
		return -1;
	*secs -= sign * (oh * 3600 + om * 60);
	return 0;
}

int64_t
svc_date_of_instant(int64_t secs)
{
	return secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
}

void
svc_datetime_format(int64_t secs, char *out)
{
	int64_t days = svc_date_of_instant(secs);
	int64_t rem = secs - days * 86400;
	int y, m, d;

	char tmp[64];

	svc_date_to_ymd(days, &y, &m, &d);
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d,
	    (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
	memcpy(out, tmp, 21);
	out[20] = '\0';
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
			if (v > 100000000)
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
	return 0;
}
