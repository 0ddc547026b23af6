/* calendar.c - working time over local wall-clock hours, through libical's time zones */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "date.h"
#include "dynlib.h"

#define MAX_SPANS 8
/* how far a search for working time goes before giving up */
#define HORIZON_DAYS (366 * 20)

struct span {
	int start, end;		/* minutes of the local day */
};

/* The UTC instants of a local day's midnight and the next: when they
 * are a whole day apart, the zone's offset is the same all day, and a
 * minute of the day is its midnight plus the minutes (the days a clock
 * changes ask libical for every minute). */
struct midnights {
	int64_t day, start, next;
	int known;
};

#define MIDNIGHTS 64		/* remembered days, by day number */

struct svc_calendar {
	icaltimezone *zone;
	struct span week[7][MAX_SPANS];	/* 0 = Monday */
	int nspan[7];
	int64_t *closed;	/* sorted day numbers */
	int nclosed;
	struct midnights *midnights;	/* MIDNIGHTS of them, a cache */
};

static const char *const daynames[] = { "mon", "tue", "wed", "thu", "fri",
	"sat", "sun" };

static int
dayname(const char *s, size_t n)
{
	int i;

	for (i = 0; i < 7; i++)
		if (n == 3 && strncmp(s, daynames[i], 3) == 0)
			return i;
	return -1;
}

static int
hhmm(const char *s, size_t n, int *minutes)
{
	if (n != 5 || s[2] != ':' || s[0] < '0' || s[0] > '2' || s[1] < '0' ||
	    s[1] > '9' || s[3] < '0' || s[3] > '5' || s[4] < '0' || s[4] > '9')
		return -1;
	*minutes = ((s[0] - '0') * 10 + (s[1] - '0')) * 60 +
	    (s[3] - '0') * 10 + (s[4] - '0');
	return *minutes > 24 * 60 ? -1 : 0;
}

/* One "days intervals" clause of the weekly hours. */
static int
clause(struct svc_calendar *cal, const char *s, size_t n, struct svc_err *err)
{
	const char *sp = memchr(s, ' ', n), *p, *e = s + n;
	int days[7] = { 0 }, a, b, d, k, st, en;

	if (!sp)
		return svc_err_set(err, SVC_EDATA, "hours: '%.*s' wants days and "
		    "intervals, such as mon-fri 08:00-17:00", (int)n, s);
	for (p = s; p < sp; ) {
		const char *comma = memchr(p, ',', (size_t)(sp - p));
		const char *end = comma ? comma : sp, *dash = memchr(p, '-',
		    (size_t)(end - p));

		a = dayname(p, (size_t)((dash ? dash : end) - p));
		b = dash ? dayname(dash + 1, (size_t)(end - dash - 1)) : a;
		if (a < 0 || b < 0 || b < a)
			return svc_err_set(err, SVC_EDATA, "hours: bad days "
			    "'%.*s' (want mon..sun, such as mon-fri or sat,sun)",
			    (int)(sp - s), s);
		for (d = a; d <= b; d++)
			days[d] = 1;
		p = comma ? comma + 1 : sp;
	}
	for (p = sp; p < e && *p == ' '; p++)
		;
	while (p < e) {
		const char *comma = memchr(p, ',', (size_t)(e - p));
		const char *end = comma ? comma : e, *dash = memchr(p, '-',
		    (size_t)(end - p));

		while (end > p && end[-1] == ' ')
			end--;
		if (!dash || hhmm(p, (size_t)(dash - p), &st) ||
		    hhmm(dash + 1, (size_t)(end - dash - 1), &en) || en <= st)
			return svc_err_set(err, SVC_EDATA, "hours: bad interval "
			    "'%.*s' (want HH:MM-HH:MM, the end after the start)",
			    (int)(end - p), p);
		for (d = 0; d < 7; d++) {
			if (!days[d])
				continue;
			k = cal->nspan[d];
			if (k == MAX_SPANS)
				return svc_err_set(err, SVC_EDATA, "hours: at most "
				    "%d intervals a day", MAX_SPANS);
			if (k && cal->week[d][k - 1].end > st)
				return svc_err_set(err, SVC_EDATA, "hours: the "
				    "intervals of %s overlap or are out of order",
				    daynames[d]);
			cal->week[d][k].start = st;
			cal->week[d][k].end = en;
			cal->nspan[d]++;
		}
		p = comma ? comma + 1 : e;
		while (p < e && *p == ' ')
			p++;
	}
	return 0;
}

static int
cmp_day(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static int
closed_days(struct svc_calendar *cal, const char *s, struct svc_err *err)
{
	const char *p = s;
	int64_t a, b, d;
	int cap = 0;

	while (p && *p) {
		size_t n = strcspn(p, ";");

		if (n == 22 && p[10] == '.' && p[11] == '.' &&
		    !svc_date_parse(p, 10, &a) && !svc_date_parse(p + 12, 10, &b) &&
		    b >= a && b - a < 3660)
			;
		else if (n == 10 && !svc_date_parse(p, 10, &a))
			b = a;
		else
			return svc_err_set(err, SVC_EDATA, "closed: bad day '%.*s' "
			    "(want YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD)", (int)n,
			    p);
		for (d = a; d <= b; d++) {
			if (cal->nclosed == cap) {
				int64_t *c;
				cap = cap ? cap * 2 : 32;
				if (!(c = realloc(cal->closed, sizeof *c * (size_t)cap)))
					return svc_err_set(err, SVC_ESYSTEM,
					    "out of memory");
				cal->closed = c;
			}
			cal->closed[cal->nclosed++] = d;
		}
		p += n;
		if (*p == ';')
			p++;
	}
	if (cal->nclosed)
		qsort(cal->closed, (size_t)cal->nclosed, sizeof *cal->closed,
		    cmp_day);
	return 0;
}

int
svc_calendar_parse(const char *zone, const char *hours, const char *closed,
    struct svc_calendar **out, struct svc_err *err)
{
	struct svc_calendar *cal = calloc(1, sizeof *cal);
	const char *p = hours;
	int rc, d, any = 0;

	if (!cal || !(cal->midnights = calloc(MIDNIGHTS,
	    sizeof *cal->midnights))) {
		free(cal);
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	}
	if ((rc = svc_ical_load(err))) {
		free(cal->midnights);
		free(cal);
		return rc;
	}
	if (!(cal->zone = *zone ? svc_zone_find(zone) : NULL)) {
		free(cal->midnights);
		free(cal);
		return svc_err_set(err, SVC_EDATA, "unknown time zone '%.60s' "
		    "(want an IANA name such as Europe/Berlin)", zone);
	}
	while (*p) {
		size_t n = strcspn(p, ";");

		while (n && *p == ' ') {
			p++;
			n--;
		}
		if (n && (rc = clause(cal, p, n, err)))
			goto fail;
		p += n;
		if (*p == ';')
			p++;
	}
	for (d = 0; d < 7; d++)
		any |= cal->nspan[d] > 0;
	if (!any) {
		rc = svc_err_set(err, SVC_EDATA, "hours: no working time in the "
		    "week");
		goto fail;
	}
	if ((rc = closed_days(cal, closed, err)))
		goto fail;
	*out = cal;
	return 0;
fail:
	free(cal->closed);
	free(cal->midnights);
	free(cal);
	return rc;
}

void
svc_calendar_free(struct svc_calendar *cal)
{
	if (!cal)
		return;
	free(cal->closed);
	free(cal->midnights);
	free(cal);
}

/* Monday 0 .. Sunday 6; 1970-01-01 was a Thursday. */
static int
weekday(int64_t day)
{
	int64_t w = (day + 3) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

int
svc_calendar_day_closed(const struct svc_calendar *cal, int64_t day)
{
	return cal->nspan[weekday(day)] == 0 ||
	    svc_calendar_day_listed(cal, day);
}

static int64_t instant(const struct svc_calendar *cal, int64_t day, int m);

int
svc_calendar_day_listed(const struct svc_calendar *cal, int64_t day)
{
	return cal->nclosed && bsearch(&day, cal->closed, (size_t)cal->nclosed,
	    sizeof *cal->closed, cmp_day) != NULL;
}

int64_t
svc_calendar_instant(const struct svc_calendar *cal, int64_t day, int minute)
{
	return instant(cal, day, minute);
}

/* The UTC instant of minute m of local day, through libical. */
static int64_t
zone_instant(const struct svc_calendar *cal, int64_t day, int m)
{
	struct icaltimetype t = ICAL->icaltime_null_time();
	int y, mo, d;

	svc_date_to_ymd(day, &y, &mo, &d);
	t.year = y;
	t.month = mo;
	t.day = d;
	t.hour = m / 60;
	t.minute = m % 60;
	t.zone = cal->zone;
	return (int64_t)ICAL->icaltime_as_timet_with_zone(t, cal->zone);
}

/* The midnights of local day, from the cache or libical. */
static const struct midnights *
midnights_of(const struct svc_calendar *cal, int64_t day)
{
	struct midnights *mn = &cal->midnights[(uint64_t)day % MIDNIGHTS];

	if (!mn->known || mn->day != day) {
		mn->day = day;
		mn->start = zone_instant(cal, day, 0);
		mn->next = zone_instant(cal, day + 1, 0);
		mn->known = 1;
	}
	return mn;
}

/* The UTC instant of minute m of local day. */
static int64_t
instant(const struct svc_calendar *cal, int64_t day, int m)
{
	const struct midnights *mn;

	if (m == 24 * 60) {
		day++;
		m = 0;
	}
	mn = midnights_of(cal, day);
	if (mn->next - mn->start == 86400)
		return mn->start + (int64_t)m * 60;
	return zone_instant(cal, day, m);
}

/* The local day of instant t. */
static int64_t
local_day(const struct svc_calendar *cal, int64_t t)
{
	int64_t utc = t >= 0 ? t / 86400 : -((-t + 86399) / 86400), day;
	const struct midnights *mn;
	struct icaltimetype lt;

	/* a local day lies within a day of the UTC one: inside one whose
	 * offset does not change, t is in it */
	for (day = utc - 1; day <= utc + 1; day++) {
		mn = midnights_of(cal, day);
		if (mn->next - mn->start == 86400 && mn->start <= t &&
		    t < mn->next)
			return day;
	}
	lt = ICAL->icaltime_from_timet_with_zone((time_t)t, 0, cal->zone);
	return svc_date_from_ymd(lt.year, lt.month, lt.day);
}

int
svc_calendar_add_working_seconds(const struct svc_calendar *cal, int64_t t,
    int64_t seconds, int64_t *out, struct svc_err *err)
{
	int64_t left = seconds, day, s, e, from;
	int k, n;

	/* a day early: a local day may start before t in UTC */
	for (day = local_day(cal, t) - 1, n = 0; n < HORIZON_DAYS; day++, n++) {
		if (svc_calendar_day_closed(cal, day))
			continue;
		for (k = 0; k < cal->nspan[weekday(day)]; k++) {
			s = instant(cal, day, cal->week[weekday(day)][k].start);
			e = instant(cal, day, cal->week[weekday(day)][k].end);
			from = s > t ? s : t;
			if (from >= e)
				continue;
			if (left <= e - from) {
				*out = from + left;
				return 0;
			}
			left -= e - from;
		}
	}
	return svc_err_set(err, SVC_EDATA, "no working time within %d years",
	    HORIZON_DAYS / 366);
}

int
svc_calendar_add_working_minutes(const struct svc_calendar *cal, int64_t t,
    int64_t minutes, int64_t *out, struct svc_err *err)
{
	return svc_calendar_add_working_seconds(cal, t, minutes * 60, out, err);
}

int
svc_calendar_next_span(const struct svc_calendar *cal, int64_t t,
    int64_t limit, int64_t *from, int64_t *to)
{
	int64_t day, last, s, e;
	int k;

	if (limit <= t)
		return 0;
	last = local_day(cal, limit) + 1;
	for (day = local_day(cal, t) - 1; day <= last; day++) {
		if (svc_calendar_day_closed(cal, day))
			continue;
		for (k = 0; k < cal->nspan[weekday(day)]; k++) {
			s = instant(cal, day, cal->week[weekday(day)][k].start);
			e = instant(cal, day, cal->week[weekday(day)][k].end);
			if (s < t)
				s = t;
			if (e > limit)
				e = limit;
			if (e > s) {
				*from = s;
				*to = e;
				return 1;
			}
		}
	}
	return 0;
}

void
svc_calendar_local(const struct svc_calendar *cal, int64_t t, char buf[24])
{
	struct icaltimetype lt = ICAL->icaltime_from_timet_with_zone(
	    (time_t)t, 0, cal->zone);

	snprintf(buf, 24, "%04d-%02d-%02d %02d:%02d", lt.year, lt.month, lt.day,
	    lt.hour, lt.minute);
}

int64_t
svc_calendar_day(const struct svc_calendar *cal, int64_t t)
{
	return local_day(cal, t);
}

const char *
svc_calendar_zone(const struct svc_calendar *cal)
{
	const char *loc = ICAL->icaltimezone_get_location(cal->zone);

	return loc ? loc : "UTC";
}

int64_t
svc_calendar_working_seconds(const struct svc_calendar *cal, int64_t t1,
    int64_t t2)
{
	int64_t day, last, s, e, sum = 0;
	int k;

	if (t2 <= t1)
		return 0;
	last = local_day(cal, t2) + 1;
	for (day = local_day(cal, t1) - 1; day <= last; day++) {
		if (svc_calendar_day_closed(cal, day))
			continue;
		for (k = 0; k < cal->nspan[weekday(day)]; k++) {
			s = instant(cal, day, cal->week[weekday(day)][k].start);
			e = instant(cal, day, cal->week[weekday(day)][k].end);
			if (s < t1)
				s = t1;
			if (e > t2)
				e = t2;
			if (e > s)
				sum += e - s;
		}
	}
	return sum;
}
