/* test-calendar.c - working-time arithmetic: ERPNext's SLA vectors, breaks, holidays, DST */
#include <stdlib.h>
#include <string.h>

#include "../../lib/calendar.h"
#include "../../lib/date.h"
#include "unit.h"

static int64_t
at(const char *s)
{
	int64_t t = 0;

	if (svc_datetime_parse(s, strlen(s), &t))
		printf("# bad instant %s\n", s);
	return t;
}

static const char *
fmt(int64_t t)
{
	static char buf[4][24];
	static int k;

	k = (k + 1) % 4;
	svc_datetime_format(t, buf[k]);
	return buf[k];
}

/* start + minutes of working time is want. */
static void
adds(struct svc_calendar *cal, const char *start, int64_t minutes,
    const char *want, const char *why)
{
	struct svc_err err;
	int64_t got;

	if (svc_calendar_add_working_minutes(cal, at(start), minutes, &got,
	    &err)) {
		ok(0, "%s: %s", why, err.text);
		return;
	}
	is_str(fmt(got), want, "%s", why);
}

static struct svc_calendar *
cal_of(const char *zone, const char *hours, const char *closed)
{
	struct svc_calendar *cal;
	struct svc_err err;

	if (svc_calendar_parse(zone, hours, closed, &cal, &err)) {
		printf("# %s\n", err.text);
		exit(1);
	}
	return cal;
}

static void
refused(const char *zone, const char *hours, const char *closed,
    const char *why)
{
	struct svc_calendar *cal;
	struct svc_err err;
	int rc = svc_calendar_parse(zone, hours, closed, &cal, &err);

	ok(rc == SVC_EDATA && err.text[0], "refused: %s (%s)", why,
	    rc ? err.text : "accepted");
	if (!rc)
		svc_calendar_free(cal);
}

int
main(void)
{
	struct svc_calendar *cal;

	/* ERPNext's published SLA vectors: 10:00-18:00 on weekdays, holiday
	 * 2019-03-05 (a Tuesday); response 4 h, resolution 6 h */
	cal = cal_of("UTC", "mon-fri 10:00-18:00", "2019-03-05");
	adds(cal, "2019-03-04T12:00:00Z", 240, "2019-03-04T16:00:00Z",
	    "created 12:00: response by 16:00");
	adds(cal, "2019-03-04T12:00:00Z", 360, "2019-03-04T18:00:00Z",
	    "created 12:00: resolution by 18:00 (ends at closing time)");
	adds(cal, "2019-03-04T07:00:00Z", 240, "2019-03-04T14:00:00Z",
	    "created 07:00: response by 14:00");
	adds(cal, "2019-03-04T07:00:00Z", 360, "2019-03-04T16:00:00Z",
	    "created 07:00: resolution by 16:00");
	adds(cal, "2019-03-04T20:00:00Z", 240, "2019-03-06T14:00:00Z",
	    "created 20:00: response on the 6th (the 5th is a holiday)");
	adds(cal, "2019-03-04T20:00:00Z", 360, "2019-03-06T16:00:00Z",
	    "created 20:00: resolution on the 6th at 16:00");
	/* Saturday 2019-03-09: the clock starts Monday morning */
	adds(cal, "2019-03-09T11:00:00Z", 0, "2019-03-11T10:00:00Z",
	    "received on Saturday: open Monday 10:00");
	adds(cal, "2019-03-08T16:00:00Z", 180, "2019-03-11T11:00:00Z",
	    "Friday 16:00 + 3 h: 2 h on Friday, 1 h on Monday");
	is_int(svc_calendar_working_seconds(cal, at("2019-03-08T16:00:00Z"),
	    at("2019-03-11T12:00:00Z")), 4 * 3600,
	    "Friday 16:00 to Monday 12:00: the weekend does not count");
	is_int(svc_calendar_working_seconds(cal, at("2019-03-04T09:00:00Z"),
	    at("2019-03-06T11:00:00Z")), 9 * 3600,
	    "Monday 09:00 to Wednesday 11:00, the holiday between: 8 h + 1 h");
	ok(svc_calendar_day_closed(cal, svc_date_from_ymd(2019, 3, 5)),
	    "the holiday is closed");
	ok(svc_calendar_day_closed(cal, svc_date_from_ymd(2019, 3, 9)),
	    "Saturday is closed");
	ok(!svc_calendar_day_closed(cal, svc_date_from_ymd(2019, 3, 6)),
	    "Wednesday is open");
	svc_calendar_free(cal);

	/* a lunch break, and Saturday mornings */
	cal = cal_of("UTC", "mon-fri 08:00-12:00,13:00-17:00; sat 09:00-12:00",
	    "2026-12-24..2026-12-26");
	adds(cal, "2026-11-26T11:00:00Z", 120, "2026-11-26T14:00:00Z",
	    "11:00 + 2 h over the lunch break: 14:00");
	adds(cal, "2026-11-26T12:30:00Z", 0, "2026-11-26T13:00:00Z",
	    "during lunch, the next open instant is 13:00");
	adds(cal, "2026-11-27T16:00:00Z", 120, "2026-11-28T10:00:00Z",
	    "Friday 16:00 + 2 h: 1 h Friday, 1 h Saturday morning");
	adds(cal, "2026-12-23T16:00:00Z", 120, "2026-12-28T09:00:00Z",
	    "closed 24-26 December (Sat 26 too): Wednesday, then Monday");
	is_int(svc_calendar_working_seconds(cal, at("2026-11-26T00:00:00Z"),
	    at("2026-11-27T00:00:00Z")), 8 * 3600, "a weekday holds 8 h");
	svc_calendar_free(cal);

	/* DST in Europe/Berlin: Sunday 2026-03-29 02:00 CET becomes 03:00
	 * CEST; 08:00-17:00 is 07:00-16:00 UTC before, 06:00-15:00 after */
	cal = cal_of("Europe/Berlin", "mon-fri 08:00-17:00", "");
	adds(cal, "2026-03-27T15:00:00Z", 120, "2026-03-30T07:00:00Z",
	    "Berlin: Friday 16:00 CET + 2 h ends Monday 09:00 CEST");
	is_int(svc_calendar_working_seconds(cal, at("2026-03-27T07:00:00Z"),
	    at("2026-03-30T15:00:00Z")), 18 * 3600,
	    "Berlin: the DST weekend changes no working hour");
	adds(cal, "2026-10-23T14:00:00Z", 120, "2026-10-26T08:00:00Z",
	    "Berlin: Friday 16:00 CEST + 2 h ends Monday 09:00 CET (08:00Z)");
	svc_calendar_free(cal);

	/* America/New_York: 2026-03-08 02:00 EST becomes 03:00 EDT */
	cal = cal_of("America/New_York", "mon-fri 09:00-17:00", "");
	adds(cal, "2026-03-06T21:00:00Z", 120, "2026-03-09T14:00:00Z",
	    "New York: Friday 16:00 EST + 2 h ends Monday 10:00 EDT");
	adds(cal, "2026-03-09T12:00:00Z", 0, "2026-03-09T13:00:00Z",
	    "New York: Monday opens at 09:00 EDT = 13:00Z");
	svc_calendar_free(cal);

	refused("Mars/Olympus", "mon-fri 08:00-17:00", "", "an unknown zone");
	refused("UTC", "mon-fri 17:00-08:00", "", "an interval ending first");
	refused("UTC", "mon-fri 08:00-12:00,11:00-13:00", "", "overlapping");
	refused("UTC", "funday 08:00-12:00", "", "a bad day name");
	refused("UTC", "mon-fri 8:00-12:00", "", "a time without two digits");
	refused("UTC", "", "", "no working time at all");
	refused("UTC", "mon 08:00-12:00", "2026-02-30", "a closed day that "
	    "does not exist");
	refused("UTC", "mon 08:00-12:00", "2026-01-05..2026-01-01",
	    "a closed range backwards");
	cal = cal_of("UTC", "sat,sun 10:00-24:00", "");
	adds(cal, "2026-11-28T23:00:00Z", 120, "2026-11-29T11:00:00Z",
	    "24:00 closes the day: Saturday 23-24, then Sunday from 10:00");
	svc_calendar_free(cal);
	return done_testing();
}
