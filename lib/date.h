/* date.h - dates as days since 1970-01-01, instants as UTC seconds, durations in minutes */
#ifndef SVC_DATE_H
#define SVC_DATE_H

#include <stddef.h>
#include <stdint.h>

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
 * 0, or -1 when s is none of these. */
int svc_date_relative(const char *s, int64_t today, int64_t *day);

/* Parses an ISO 8601 instant: YYYY-MM-DDTHH:MM[:SS] followed by Z or an
 * offset (+HH:MM, -HH:MM, +HHMM); a space may stand for the T.  A time
 * without a zone is refused: it names no instant.  0 or -1. */
int svc_datetime_parse(const char *s, size_t n, int64_t *secs);
/* Writes YYYY-MM-DDTHH:MM:SSZ and a NUL into out (at least 21 bytes). */
void svc_datetime_format(int64_t secs, char *out);
/* The UTC day of an instant (whole days before 1970 count down). */
int64_t svc_date_of_instant(int64_t secs);

/* Parses minutes: "90", "2h", "2h30m", "45m"; 0 or -1. */
int svc_duration_parse(const char *s, size_t n, int64_t *minutes);

#endif
