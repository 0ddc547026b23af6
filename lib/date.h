/* date.h - dates as days since 1970-01-01, instants as UTC seconds, durations in minutes */
#ifndef SVC_DATE_H
#define SVC_DATE_H

#include <stddef.h>
#include <stdint.h>

/* The days svc supports, 0001-01-01 to 9999-12-31, as day numbers; and
 * the instants, those days with a day either side for zone offsets.
 * A stored value outside them is a damaged record. */
#define SVC_DAY_MIN (-719162)
#define SVC_DAY_MAX 2932896
#define SVC_INSTANT_MIN ((int64_t)(SVC_DAY_MIN - 1) * 86400)
#define SVC_INSTANT_MAX ((int64_t)(SVC_DAY_MAX + 2) * 86400 - 1)

/* The longest duration, in minutes (about 190 years): a duration is
 * written as its minutes, which must read again. */
#define SVC_DURATION_MAX 100000000

/* Days since 1970-01-01 of a proleptic Gregorian date. */
int64_t svc_date_from_ymd(int y, int m, int d);
/* The civil date of a day number. */
void svc_date_to_ymd(int64_t days, int *y, int *m, int *d);
/* 1 when y-m-d is a real date (years 1..9999). */
int svc_date_valid(int y, int m, int d);
int svc_date_days_in_month(int y, int m);
/* Adds n months, clamping the day to the month's last day. */
int64_t svc_date_add_months(int64_t days, int n);

/* Parses exactly YYYY-MM-DD (n bytes); 0 on success, -1 otherwise. */
int svc_date_parse(const char *s, size_t n, int64_t *days);
/* Writes YYYY-MM-DD and a NUL into out (at least 11 bytes). */
void svc_date_format(int64_t days, char *out);
/* A day as people say it, from today: today, tomorrow, yesterday,
 * +3d, -1w, +2m (months, clamped to the month's end), +1y, monday ...
 * sunday (the next one after today), month-end (of today's month).
 * 0, or -1 when s is none of these or falls outside years 1..9999. */
int svc_date_relative(const char *s, int64_t today, int64_t *day);

/* The store's zone, one per process: times without an offset are read
 * in it, times are written in it with their offset, and a day (today,
 * a date given for a time) is its day.  UTC until svc_zone_set. */
struct _icaltimezone;
/* The libical zone of an IANA name ("Europe/Berlin", "UTC"), or NULL. */
struct _icaltimezone *svc_zone_find(const char *name);
/* Makes name the zone (NULL or "" is UTC); 0, or -1 for an unknown name
 * (the zone is then unchanged). */
int svc_zone_set(const char *name);
const char *svc_zone_name(void);
/* on: times are written in UTC with Z, whatever the zone. */
void svc_zone_write_utc(int on);
/* Seconds east of UTC of the zone at instant t. */
int64_t svc_zone_offset(int64_t t);

/* Parses an ISO 8601 instant: YYYY-MM-DDTHH:MM[:SS], then Z, an offset
 * (+HH:MM, -HH:MM, +HHMM, +HH) or nothing: a time without one is a wall
 * time in the zone.  A space may stand for the T.  0, or
 * SVC_TIME_BAD, SVC_TIME_GAP (the wall time does not exist: the clocks
 * went forward over it) or SVC_TIME_AMBIGUOUS (it happened twice: the
 * clocks went back); svc_datetime_explain says which in words. */
#define SVC_TIME_BAD (-1)
#define SVC_TIME_GAP (-2)
#define SVC_TIME_AMBIGUOUS (-3)
int svc_datetime_parse(const char *s, size_t n, int64_t *secs);
/* The reason for svc_datetime_parse's rc about s, for "bad time 's': ". */
void svc_datetime_explain(int rc, const char *s, size_t n, char *buf,
    size_t len);
/* Writes YYYY-MM-DDTHH:MM:SS and the zone's offset (+01:00; Z for UTC
 * or after svc_zone_write_utc) and a NUL into out. */
#define SVC_DATETIME_MAX 32
void svc_datetime_format(int64_t secs, char out[SVC_DATETIME_MAX]);
/* Always YYYY-MM-DDTHH:MM:SSZ, for what is kept rather than shown. */
void svc_datetime_format_utc(int64_t secs, char out[SVC_DATETIME_MAX]);
/* The zone's day of an instant. */
int64_t svc_date_of_instant(int64_t secs);
/* The first instant of the zone's day. */
int64_t svc_day_start(int64_t day);

/* Parses minutes: "90", "2h", "2h30m", "45m"; 0, or -1 (also past
 * SVC_DURATION_MAX). */
int svc_duration_parse(const char *s, size_t n, int64_t *minutes);

#endif
