/* recur.c - intervals by date arithmetic, RFC 5545 rules through libical's iterator */
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "dynlib.h"
#include "recur.h"

enum unit { DAY, WEEK, MONTH, YEAR, RULE };

struct svc_recur {
	enum unit unit;
	int every;
	struct icalrecurrencetype rule;
};

static struct icaltimetype ical_date(int64_t day);

/* Checks each NUMBERS of a rule part ("1,-1,15") lie in [lo, hi], not 0;
 * ordinals: BYDAY items may carry one ("-1FR"). */
static int
numbers_in(const char *v, size_t n, long lo, long hi)
{
	const char *p = v, *e = v + n;
	char *end;
	long x;

	while (p < e) {
		x = strtol(p, &end, 10);
		if (end == p || x < lo || x > hi || x == 0 ||
		    (end < e && *end != ','))
			return 0;
		p = end + 1;
	}
	return 1;
}

/* The parts of a rule, checked one by one so that a refusal names the
 * part (libical's own parser says only "MALFORMEDDATA"). */
static const char *
rule_parts(const char *spec)
{
	static char why[SVC_QUOTE_MAX + 40];
	char q[SVC_QUOTE_MAX];
	const char *p = spec, *freq = NULL;
	int count = 0, until = 0, numbered = 0, monthday = 0, bymonth = 0;
	long max_ordinal = 0;

	while (*p) {
		size_t n = strcspn(p, ";"), k = strcspn(p, "=");
		const char *v = p + k + 1;
		size_t vn = n > k ? n - k - 1 : 0;

		if (k >= n) {
			snprintf(why, sizeof why, "'%s' is not NAME=VALUE",
			    svc_quote(q, p, n));
			return why;
		}
#define IS(name) (k == strlen(name) && strncmp(p, name, k) == 0)
		if (IS("FREQ")) {
			static const char *const f[] = { "SECONDLY", "MINUTELY",
				"HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY", NULL };
			int i;
			for (i = 0; f[i]; i++)
				if (strlen(f[i]) == vn && strncmp(v, f[i], vn) == 0)
					break;
			if (!f[i]) {
				snprintf(why, sizeof why, "unknown FREQ '%s'",
				    svc_quote(q, v, vn));
				return why;
			}
			freq = v;
		} else if (IS("BYMONTH")) {
			if (!numbers_in(v, vn, 1, 12))
				return "BYMONTH takes months 1 to 12";
			bymonth = 1;
		} else if (IS("BYMONTHDAY")) {
			if (!numbers_in(v, vn, -31, 31))
				return "BYMONTHDAY takes days 1 to 31 or -31 to -1";
			monthday = 1;
		} else if (IS("BYSETPOS")) {
			if (!numbers_in(v, vn, -366, 366))
				return "BYSETPOS takes 1 to 366 or -366 to -1";
		} else if (IS("BYDAY")) {
			size_t i;
			long o;
			for (i = 0; i < vn; i++)
				if ((v[i] >= '0' && v[i] <= '9') || v[i] == '-' ||
				    v[i] == '+') {
					numbered = 1;
					o = labs(strtol(v + i, NULL, 10));
					if (o > max_ordinal)
						max_ordinal = o;
					i += strspn(v + i, "+-0123456789");
				}
		} else if (IS("COUNT"))
			count = 1;
		else if (IS("UNTIL"))
			until = 1;
		else if (!IS("INTERVAL") && !IS("WKST") && !IS("BYYEARDAY") &&
		    !IS("BYWEEKNO") && !IS("BYHOUR") && !IS("BYMINUTE") &&
		    !IS("BYSECOND")) {
			snprintf(why, sizeof why, "unknown part '%s'",
			    svc_quote(q, p, k));
			return why;
		}
#undef IS
		p += n;
		if (*p == ';')
			p++;
	}
	if (count && until)
		return "COUNT and UNTIL exclude each other";
	if (monthday && freq && strncmp(freq, "WEEKLY", 6) == 0)
		return "BYMONTHDAY does not go with FREQ=WEEKLY";
	if (numbered && freq && strncmp(freq, "MONTHLY", 7) &&
	    strncmp(freq, "YEARLY", 6))
		return "a numbered BYDAY (1MO, -1FR) needs FREQ=MONTHLY or YEARLY";
	/* a month has at most 5 of a weekday, a year 53 */
	if (max_ordinal > 5 && freq && (strncmp(freq, "MONTHLY", 7) == 0 ||
	    bymonth))
		return "a numbered BYDAY in a month goes from -5 to 5 (a month "
		    "has at most five of a weekday): the rule never occurs";
	if (max_ordinal > 53)
		return "a numbered BYDAY in a year goes from -53 to 53: the rule "
		    "never occurs";
	return NULL;
}

static int
has(const short *list)
{
	return list[0] != ICAL_RECURRENCE_ARRAY_MAX;
}

/* Rules libical 3.0 expands differently from RFC 5545 (checked against
 * python3-dateutil in tests/data/rrule): refused rather than answered
 * wrongly. */
static const char *
known_wrong(const struct icalrecurrencetype *r)
{
	int i;

	if (r->freq == ICAL_DAILY_RECURRENCE)
		for (i = 0; i < ICAL_BY_MONTHDAY_SIZE && r->by_month_day[i] !=
		    ICAL_RECURRENCE_ARRAY_MAX; i++)
			if (r->by_month_day[i] < 0)
				return "a DAILY rule with a negative BYMONTHDAY "
				    "(use FREQ=MONTHLY)";
	if (r->freq == ICAL_WEEKLY_RECURRENCE && r->interval > 1 &&
	    has(r->by_day) && r->week_start != ICAL_MONDAY_WEEKDAY &&
	    r->week_start != ICAL_SUNDAY_WEEKDAY)
		return "a WEEKLY rule with an INTERVAL, BYDAY and a WKST other "
		    "than MO or SU";
	return NULL;
}

/* The weekday of a day number as libical counts them (1 = Sunday). */
static int
ical_weekday(int64_t day)
{
	int64_t w = (day + 4) % 7;

	return (int)(w < 0 ? w + 7 : w) + 1;
}

/* A WEEKLY rule with an INTERVAL and BYDAY whose start is not one of
 * its days: RFC 5545 counts the weeks from the week of the start, but
 * libical from the first day that matches.  Starting libical on the
 * first real occurrence makes the two agree (COUNT does not count a
 * start that does not match, in either). */
static int64_t
weekly_start(const struct icalrecurrencetype *r, int64_t anchor)
{
	int wkst = r->week_start, i, k;
	int64_t week, best = INT64_MAX, d;

	if (r->freq != ICAL_WEEKLY_RECURRENCE || r->interval < 2 ||
	    !has(r->by_day) || has(r->by_month) || has(r->by_set_pos) ||
	    has(r->by_month_day) || has(r->by_year_day) || has(r->by_week_no))
		return anchor;
	week = anchor - (ical_weekday(anchor) - wkst + 7) % 7;
	for (k = 0; k < 2 && best == INT64_MAX; k++, week += 7 * r->interval)
		for (i = 0; i < ICAL_BY_DAY_SIZE && r->by_day[i] !=
		    ICAL_RECURRENCE_ARRAY_MAX; i++) {
			d = week + ((int)ICAL->icalrecurrencetype_day_day_of_week(
			    r->by_day[i]) - wkst + 7) % 7;
			if (d >= anchor && d < best)
				best = d;
		}
	return best == INT64_MAX ? anchor : best;
}

/* The search for a rule's first date starts here: libical gives up
 * (no iterator) on a rule that names no date within its own bound of
 * steps from its start, which takes it up to a second; once at input,
 * not once per line at each generation. */
#define PROBE_YEAR 1900

static int
occurs(const struct icalrecurrencetype *rule)
{
	struct icalrecurrencetype every = *rule;
	icalrecur_iterator *it;
	struct icaltimetype t;
	int found;

	/* whether its parts name any date at all: which dates an INTERVAL
	 * keeps depends on the anchor, and RFC 5545 lets it keep none */
	every.interval = 1;
	every.count = 0;
	every.until = ICAL->icaltime_null_time();
	it = ICAL->icalrecur_iterator_new(every, ical_date(svc_date_from_ymd(
	    PROBE_YEAR, 1, 1)));
	if (!it) {
		ICAL->icalerror_clear_errno();
		return 0;
	}
	t = ICAL->icalrecur_iterator_next(it);
	found = !ICAL->icaltime_is_null_time(t);
	ICAL->icalrecur_iterator_free(it);
	return found;
}

int
svc_recur_parse(const char *spec, struct svc_recur **out, struct svc_err *err)
{
	static const char *const units[] = { "day", "week", "month", "year" };
	struct svc_recur *r;
	const char *colon = strchr(spec, ':'), *why;
	char *end, q[SVC_QUOTE_MAX];
	icalerrorenum e;
	long n;
	int u, rc;

	if (!(r = calloc(1, sizeof *r)))
		return svc_err_set(err, SVC_ESYSTEM, "out of memory");
	if (strncmp(spec, "RRULE:", 6) == 0)
		spec += 6;
	if (strncmp(spec, "FREQ=", 5) == 0 || strstr(spec, ";FREQ=")) {
		if ((why = rule_parts(spec))) {
			free(r);
			return svc_err_set(err, SVC_EDATA, "bad rule '%s': %s",
			    svc_quote(q, spec, strlen(spec)), why);
		}
		if ((rc = svc_ical_load(err))) {
			free(r);
			return rc;
		}
		ICAL->icalerror_clear_errno();
		r->rule = ICAL->icalrecurrencetype_from_string(spec);
		e = *ICAL->icalerrno_return();
		if (r->rule.freq == ICAL_NO_RECURRENCE || e != ICAL_NO_ERROR) {
			why = e != ICAL_NO_ERROR ? ICAL->icalerror_strerror(e) :
			    "no FREQ";
			ICAL->icalerror_clear_errno();
			free(r);
			return svc_err_set(err, SVC_EDATA, "bad rule '%s': %s",
			    svc_quote(q, spec, strlen(spec)), why);
		}
		if (r->rule.freq < ICAL_DAILY_RECURRENCE) {
			free(r);
			return svc_err_set(err, SVC_EDATA, "bad rule '%s': "
			    "occurrences are dates (FREQ DAILY to YEARLY)",
			    svc_quote(q, spec, strlen(spec)));
		}
		if ((why = known_wrong(&r->rule))) {
			free(r);
			return svc_err_set(err, SVC_EDATA, "rule '%s' is not "
			    "supported: %s", svc_quote(q, spec, strlen(spec)), why);
		}
		if (!occurs(&r->rule)) {
			free(r);
			return svc_err_set(err, SVC_EDATA, "bad rule '%s': it "
			    "never occurs (no date from %d on matches all its "
			    "parts, even every period)", svc_quote(q, spec,
			    strlen(spec)), PROBE_YEAR);
		}
		r->unit = RULE;
		*out = r;
		return 0;
	}
	for (u = 0; colon && u < 4; u++)
		if ((size_t)(colon - spec) == strlen(units[u]) &&
		    strncmp(spec, units[u], strlen(units[u])) == 0)
			break;
	n = colon ? strtol(colon + 1, &end, 10) : 0;
	if (!colon || u == 4 || *end || n < 1 || n > 10000 || end == colon + 1) {
		free(r);
		return svc_err_set(err, SVC_EDATA, "bad interval '%s' (want "
		    "day:N, week:N, month:N, year:N or an RFC 5545 rule "
		    "FREQ=...)", svc_quote(q, spec, strlen(spec)));
	}
	r->unit = (enum unit)u;
	r->every = (int)n;
	*out = r;
	return 0;
}

void
svc_recur_free(struct svc_recur *r)
{
	free(r);
}

/* Occurrence k of an interval, from the anchor (never from the one before). */
static int64_t
nth(const struct svc_recur *r, int64_t anchor, int64_t k)
{
	switch (r->unit) {
	case DAY:
		return anchor + k * r->every;
	case WEEK:
		return anchor + k * 7 * r->every;
	case MONTH:
		return svc_date_add_months(anchor, (int)(k * r->every));
	default:
		return svc_date_add_months(anchor, (int)(k * 12 * r->every));
	}
}

static struct icaltimetype
ical_date(int64_t day)
{
	/* not icaltime_null_date(): its time fields of -1 lead the
	 * iterator astray (weekly rules with an interval skip no weeks) */
	struct icaltimetype t = ICAL->icaltime_null_time();
	int y, m, d;

	svc_date_to_ymd(day, &y, &m, &d);
	t.year = y;
	t.month = m;
	t.day = d;
	t.is_date = 1;
	return t;
}

/* The most dates a rule is walked through for one window, from its
 * anchor: 270 years of a daily rule. */
#define RULE_STEPS_MAX 100000

int
svc_recur_each(const struct svc_recur *r, int64_t anchor, int64_t from,
    int64_t to, int (*fn)(void *arg, int64_t day), void *arg,
    struct svc_err *err)
{
	icalrecur_iterator *it;
	struct icaltimetype t;
	int64_t k, day;
	int rc = 0, steps;

	if (from < anchor)
		from = anchor;
	if (from > to)
		return 0;
	if (r->unit != RULE) {
		/* start near from: every unit is at least 28 days of a month */
		switch (r->unit) {
		case DAY: k = (from - anchor) / r->every; break;
		case WEEK: k = (from - anchor) / (7 * r->every); break;
		case MONTH: k = (from - anchor) / (31 * r->every); break;
		default: k = (from - anchor) / (366 * r->every); break;
		}
		for (; (day = nth(r, anchor, k)) <= to && !rc; k++)
			if (day >= from)
				rc = fn(arg, day);
		return rc;
	}
	it = ICAL->icalrecur_iterator_new(r->rule,
	    ical_date(weekly_start(&r->rule, anchor)));
	if (!it) {
		/* the rule passed its checks: libical found no date it names
		 * (BYMONTH=2;BYMONTHDAY=30), and RFC 5545 ignores such values */
		ICAL->icalerror_clear_errno();
		return 0;
	}
	for (steps = 0;; steps++) {
		if (steps == RULE_STEPS_MAX) {
			char d[16];

			svc_date_format(to, d);
			rc = svc_err_set(err, SVC_EDATA, "rule '%s' gives more "
			    "than %d dates from its start to %s: start it later",
			    ICAL->icalrecurrencetype_as_string(
			    (struct icalrecurrencetype *)&r->rule),
			    RULE_STEPS_MAX, d);
			break;
		}
		t = ICAL->icalrecur_iterator_next(it);
		if (ICAL->icaltime_is_null_time(t))
			break;
		day = svc_date_from_ymd(t.year, t.month, t.day);
		if (day > to)
			break;
		if (day >= from && (rc = fn(arg, day)))
			break;
	}
	ICAL->icalrecur_iterator_free(it);
	return rc;
}
