/* calendar.h - working calendars: weekly hours in a time zone, closed days, working-time arithmetic */
#ifndef SVC_CALENDAR_H
#define SVC_CALENDAR_H

#include <stdint.h>

#include "msg.h"

struct svc_calendar;

/* Parses a calendar:
 *   zone   an IANA time zone ("Europe/Berlin"; "UTC");
 *   hours  weekly working intervals in local wall-clock time, such as
 *          "mon-fri 08:00-12:00,13:00-17:00; sat 09:00-12:00" (days are
 *          mon tue wed thu fri sat sun, single, in ranges or listed with
 *          commas; 24:00 ends a day);
 *   closed closed days, ';'-separated: "2026-12-24..2026-12-26;2027-01-01"
 *          (may be NULL or empty). */
int svc_calendar_parse(const char *zone, const char *hours,
    const char *closed, struct svc_calendar **cal, struct svc_err *err);
void svc_calendar_free(struct svc_calendar *cal);

/* 1 when day (days since 1970-01-01, the calendar's local date) is closed:
 * listed as closed, or without working hours. */
int svc_calendar_day_closed(const struct svc_calendar *cal, int64_t day);

/* 1 when day is one of the closed days listed (time off, holidays),
 * whatever its weekly hours. */
int svc_calendar_day_listed(const struct svc_calendar *cal, int64_t day);

/* The instant N working minutes after t (UTC seconds): time counts only
 * inside working intervals; N = 0 gives the next open instant (t itself
 * when open).  A budget that ends exactly at closing time ends there. */
int svc_calendar_add_working_minutes(const struct svc_calendar *cal,
    int64_t t, int64_t minutes, int64_t *out, struct svc_err *err);

/* The same, in seconds. */
int svc_calendar_add_working_seconds(const struct svc_calendar *cal,
    int64_t t, int64_t seconds, int64_t *out, struct svc_err *err);

/* The first working interval inside [t, limit), clipped to it, in *from
 * and *to: 1, or 0 when there is none. */
int svc_calendar_next_span(const struct svc_calendar *cal, int64_t t,
    int64_t limit, int64_t *from, int64_t *to);

/* The UTC instant of minute (0..1440) of a local day. */
int64_t svc_calendar_instant(const struct svc_calendar *cal, int64_t day,
    int minute);
/* Instant t as local wall-clock time "YYYY-MM-DD HH:MM" in buf. */
/* The local day of instant t in the calendar's zone. */
int64_t svc_calendar_day(const struct svc_calendar *cal, int64_t t);
void svc_calendar_local(const struct svc_calendar *cal, int64_t t,
    char buf[24]);
/* The calendar's IANA zone name. */
const char *svc_calendar_zone(const struct svc_calendar *cal);

/* Working seconds in [t1, t2) (0 when t2 <= t1). */
int64_t svc_calendar_working_seconds(const struct svc_calendar *cal,
    int64_t t1, int64_t t2);

#endif
