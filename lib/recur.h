/* recur.h - recurrences: intervals counted from an anchor, and RFC 5545 rules */
#ifndef SVC_RECUR_H
#define SVC_RECUR_H

#include <stdint.h>

#include "msg.h"

struct svc_recur;

/* Parses a recurrence:
 *   "day:N", "week:N", "month:N", "year:N" - every N units from the
 *       anchor; occurrence k is anchor + k*N units, always counted from
 *       the anchor, months and years clamped to the month's last day;
 *   "FREQ=...;..." (optionally after "RRULE:") - an RFC 5545 rule over
 *       dates (FREQ DAILY to YEARLY, INTERVAL, BYDAY with ordinals,
 *       BYMONTHDAY with negatives, BYMONTH, BYSETPOS, COUNT, UNTIL...),
 *       with RFC 5545's meaning: dates that do not exist are skipped.
 * A rule whose parts name no date at all (BYDAY=11MO in a month,
 * BYSETPOS=6 of the Mondays of a month, April 31) is refused: it never
 * occurs.  The error names what is wrong (libical's reason for a rule). */
int svc_recur_parse(const char *spec, struct svc_recur **r,
    struct svc_err *err);
void svc_recur_free(struct svc_recur *r);

/* Calls fn for every occurrence (a day number) in [from, to], in order,
 * for a recurrence anchored at anchor (the first occurrence, and the
 * DTSTART of a rule).  fn's non-zero return stops and is returned.  A
 * rule is walked from its anchor through at most 100000 dates (SVC_EDATA
 * beyond). */
int svc_recur_each(const struct svc_recur *r, int64_t anchor, int64_t from,
    int64_t to, int (*fn)(void *arg, int64_t day), void *arg,
    struct svc_err *err);

#endif
