/* test-recur.c - intervals by hand, RFC 5545 rules against python3-dateutil */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/date.h"
#include "../../lib/recur.h"
#include "unit.h"

/* The expansions tests/rrule-oracle.py wrote with python3-dateutil. */
#define CASES "tests/data/rrule/cases.tsv"

struct text {
	char *s;
	size_t len, cap;
};

static void
text_add(struct text *t, const char *s)
{
	size_t n = strlen(s);

	if (t->len + n + 1 > t->cap) {
		t->cap = (t->len + n + 1) * 2;
		if (!(t->s = realloc(t->s, t->cap))) {
			perror("realloc");
			exit(2);
		}
	}
	memcpy(t->s + t->len, s, n + 1);
	t->len += n;
}

/* Collects the occurrences as YYYY-MM-DD;YYYY-MM-DD... */
static int
collect(void *arg, int64_t day)
{
	struct text *t = arg;
	char d[16];

	svc_date_format(day, d);
	if (t->len)
		text_add(t, ";");
	text_add(t, d);
	return 0;
}

static int64_t
day(const char *s)
{
	int64_t d;

	if (svc_date_parse(s, strlen(s), &d) != 0) {
		printf("# bad date in the test: '%s'\n", s);
		exit(2);
	}
	return d;
}

/* The occurrences of spec anchored at anchor in [from, to], or
 * "error: ..." when the spec is refused; into t (emptied first). */
static const char *
expand(struct text *t, const char *spec, int64_t anchor, int64_t from,
    int64_t to)
{
	struct svc_recur *r;
	struct svc_err err;
	int rc;

	t->len = 0;
	text_add(t, "");
	memset(&err, 0, sizeof err);
	if ((rc = svc_recur_parse(spec, &r, &err)) == 0) {
		rc = svc_recur_each(r, anchor, from, to, collect, t, &err);
		svc_recur_free(r);
	}
	if (rc != 0) {
		t->len = 0;
		text_add(t, "error: ");
		text_add(t, err.text);
	}
	return t->s;
}

/* Rules libical expands unlike RFC 5545 are refused by svc_recur_parse
 * with "is not supported" (lib/recur.c, known_wrong): for those the
 * oracle's dates do not apply. */
static int
unsupported(const char *got)
{
	return strncmp(got, "error: ", 7) == 0 &&
	    strstr(got, "is not supported") != NULL;
}

static void
check(const char *spec, const char *anchor, const char *from, const char *to,
    const char *want)
{
	struct text t = { 0 };
	const char *got = expand(&t, spec, day(anchor), day(from), day(to));

	if (unsupported(got))
		skip("%s: svc refuses it (%s)", spec, got);
	else
		is_str(got, want, "%s from %s in %s..%s", spec, anchor, from, to);
	free(t.s);
}

/* Intervals: occurrence k is anchor + k units, months clamped. */
static void
test_intervals(void)
{
	check("month:1", "2024-01-31", "2024-01-01", "2024-12-31",
	    "2024-01-31;2024-02-29;2024-03-31;2024-04-30;2024-05-31;"
	    "2024-06-30;2024-07-31;2024-08-31;2024-09-30;2024-10-31;"
	    "2024-11-30;2024-12-31");
	check("month:1", "2026-01-31", "2026-01-31", "2026-06-30",
	    "2026-01-31;2026-02-28;2026-03-31;2026-04-30;2026-05-31;"
	    "2026-06-30");
	check("year:1", "2024-02-29", "2024-02-29", "2028-12-31",
	    "2024-02-29;2025-02-28;2026-02-28;2027-02-28;2028-02-29");
	check("year:1", "2024-02-29", "2100-01-01", "2100-12-31",
	    "2100-02-28");
	check("year:2", "2024-02-29", "2025-01-01", "2030-12-31",
	    "2026-02-28;2028-02-29;2030-02-28");
	/* 2026-11-26 is a Thursday */
	check("week:2", "2026-11-26", "2026-11-26", "2027-01-31",
	    "2026-11-26;2026-12-10;2026-12-24;2027-01-07;2027-01-21");
	check("week:1", "2024-02-29", "2024-03-01", "2024-03-31",
	    "2024-03-07;2024-03-14;2024-03-21;2024-03-28");
	/* DOMAIN: starting today, day x 10, one month: 3 occurrences */
	check("day:10", "2026-11-26", "2026-11-26", "2026-12-25",
	    "2026-11-26;2026-12-06;2026-12-16");
	/* ... but a 31-day window from the anchor holds day 30 as well */
	check("day:10", "2027-01-01", "2027-01-01", "2027-01-31",
	    "2027-01-01;2027-01-11;2027-01-21;2027-01-31");
	check("day:10", "2026-11-26", "2026-12-01", "2026-12-31",
	    "2026-12-06;2026-12-16;2026-12-26");
	/* counted from the anchor, never from the clamped date before */
	check("month:3", "2026-11-30", "2026-11-30", "2027-11-30",
	    "2026-11-30;2027-02-28;2027-05-30;2027-08-30;2027-11-30");
	check("month:1", "2026-03-31", "2026-04-01", "2026-07-31",
	    "2026-04-30;2026-05-31;2026-06-30;2026-07-31");
	check("month:12", "2024-02-29", "2027-01-01", "2028-12-31",
	    "2027-02-28;2028-02-29");
	/* far from the anchor: k is computed, not walked to */
	check("day:1", "2026-01-01", "2126-01-01", "2126-01-05",
	    "2126-01-01;2126-01-02;2126-01-03;2126-01-04;2126-01-05");
	check("month:1", "2024-01-31", "2124-02-01", "2124-03-31",
	    "2124-02-29;2124-03-31");
	check("week:3", "2026-01-01", "2126-01-01", "2126-01-31",
	    "2126-01-17");
	/* nothing before the anchor */
	check("month:1", "2026-06-15", "2026-01-01", "2026-06-14", "");
	check("day:1", "2026-06-15", "2020-01-01", "2026-06-14", "");
	check("FREQ=DAILY", "2026-06-15", "2026-06-01", "2026-06-14", "");
	check("day:10", "2026-06-15", "2026-06-01", "2026-06-30",
	    "2026-06-15;2026-06-25");
	check("FREQ=DAILY;INTERVAL=10", "2026-06-15", "2026-06-01",
	    "2026-06-30", "2026-06-15;2026-06-25");
	/* an empty window */
	check("day:1", "2026-06-15", "2026-07-02", "2026-07-01", "");
	check("day:1", "2026-06-15", "2026-07-01", "2026-07-01",
	    "2026-07-01");
}

/* Rules by hand: examples of RFC 5545 itself, and its DTSTART rule. */
static void
test_rules(void)
{
	/* RFC 5545 3.8.5.3: WKST decides which week a day belongs to */
	check("FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO",
	    "1997-08-05", "1997-01-01", "1997-12-31",
	    "1997-08-05;1997-08-10;1997-08-19;1997-08-24");
	check("FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU",
	    "1997-08-05", "1997-01-01", "1997-12-31",
	    "1997-08-05;1997-08-17;1997-08-19;1997-08-31");
	/* RFC 5545 3.8.5.3: the last work day of the month */
	check("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
	    "1997-09-29", "1997-09-01", "1998-03-31",
	    "1997-09-30;1997-10-31;1997-11-28;1997-12-31;1998-01-30;"
	    "1998-02-27;1998-03-31");
	/* an anchor the rule does not match is no occurrence, and COUNT
	 * does not count it (2024-01-15 is a Monday) */
	check("FREQ=MONTHLY;BYDAY=-1FR;COUNT=3", "2024-01-15", "2024-01-01",
	    "2024-12-31", "2024-01-26;2024-02-23;2024-03-29");
	check("FREQ=MONTHLY;BYMONTHDAY=-1", "2024-01-15", "2024-01-01",
	    "2024-04-30", "2024-01-31;2024-02-29;2024-03-31;2024-04-30");
	/* a day a month lacks is skipped, not moved */
	check("FREQ=MONTHLY;BYMONTHDAY=31", "2024-01-31", "2024-01-01",
	    "2024-06-30", "2024-01-31;2024-03-31;2024-05-31");
	check("FREQ=YEARLY", "2024-02-29", "2024-01-01", "2032-12-31",
	    "2024-02-29;2028-02-29;2032-02-29");
	check("RRULE:FREQ=WEEKLY;UNTIL=20240314", "2024-02-29",
	    "2024-01-01", "2024-12-31", "2024-02-29;2024-03-07;2024-03-14");
	/* the anchor is the first occurrence; with WKST=WE, Tuesday
	 * 2024-01-02 ends the week of Wed Dec 27, Sunday Jan 14 is in the
	 * week of Wed Jan 10 (as in RFC 5545's WKST=SU example above) */
	check("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,SU;WKST=WE", "2024-01-02",
	    "2024-01-01", "2024-01-31",
	    "2024-01-02;2024-01-14;2024-01-16;2024-01-28;2024-01-30");
	/* BYMONTHDAY limits a DAILY rule, negative values too */
	check("FREQ=DAILY;BYMONTHDAY=-1", "2022-12-31", "2022-12-01",
	    "2023-03-31", "2022-12-31;2023-01-31;2023-02-28;2023-03-31");
	check("FREQ=DAILY;BYMONTH=1;BYMONTHDAY=-2", "2026-01-30",
	    "2026-01-01", "2027-12-31", "2026-01-30;2027-01-30");
	/* YEARLY with BYMONTHDAY and no BYMONTH: the month is DTSTART's
	 * (RFC 5545 3.3.10: a missing BYMONTH "would have been retrieved
	 * from the DTSTART property").  The RFC's table of BYxxx parts
	 * ("Expand") is read by dateutil as every month instead, so these
	 * are not in the oracle's file. */
	check("FREQ=YEARLY;BYMONTHDAY=15", "2026-03-15", "2026-01-01",
	    "2028-12-31", "2026-03-15;2027-03-15;2028-03-15");
	check("FREQ=YEARLY;BYMONTHDAY=-1", "2024-02-29", "2024-01-01",
	    "2026-12-31", "2024-02-29;2025-02-28;2026-02-28");
}

static int
stop_at_two(void *arg, int64_t day)
{
	(void)day;
	return ++*(int *)arg == 2 ? 7 : 0;
}

/* fn's non-zero return stops the walk and is returned. */
static void
test_stop(void)
{
	static const char *const specs[] = { "day:1", "FREQ=DAILY" };
	struct svc_recur *r;
	struct svc_err err;
	int i, calls, rc;

	for (i = 0; i < 2; i++) {
		calls = 0;
		if (!ok(svc_recur_parse(specs[i], &r, &err) == 0, "parse %s",
		    specs[i]))
			continue;
		rc = svc_recur_each(r, day("2026-01-01"), day("2026-01-01"),
		    day("2026-12-31"), stop_at_two, &calls, &err);
		is_int(rc, 7, "%s: fn's return is returned", specs[i]);
		is_int(calls, 2, "%s: no call after it", specs[i]);
		svc_recur_free(r);
	}
}

static void
refused(const char *spec)
{
	struct svc_recur *r = NULL;
	struct svc_err err;
	int rc;

	memset(&err, 0, sizeof err);
	rc = svc_recur_parse(spec, &r, &err);
	ok(rc == SVC_EDATA && err.text[0] != '\0',
	    "'%s' is refused with a message", spec);
	if (rc == 0)
		svc_recur_free(r);
	else
		printf("#   %s\n", err.text);
}

/* Refused when read, or else when expanded: never dates from it. */
static void
refused_late(const char *spec)
{
	struct text t = { 0 };
	const char *got = expand(&t, spec, day("2026-01-01"),
	    day("2026-01-01"), day("2026-12-31"));

	ok(strncmp(got, "error: ", 7) == 0 && got[7] != '\0',
	    "'%s' is refused with a message", spec);
	printf("#   %.200s\n", got);
	free(t.s);
}

static void
test_refusals(void)
{
	refused("month:0");
	refused("fortnight:1");
	refused("FREQ=SECONDLY");
	refused("FREQ=HOURLY");
	refused("FREQ=MINUTELY");
	refused("FREQ=MONTHLY;BYDAY=XX");
	refused("");
	refused("day:");
	refused("day:x");
	refused("day:-1");
	refused("week:1x");
	refused("RRULE:");
	refused("FREQ=FORTNIGHTLY");
	refused("FREQ=MONTHLY;INTERVAL=0");
	refused("FREQ=MONTHLY;BYMONTHDAY=32");
	refused("FREQ=MONTHLY;COUNT=x");
	/* RFC 5545: BYMONTHDAY "MUST NOT be specified" with FREQ=WEEKLY */
	refused_late("FREQ=WEEKLY;BYMONTHDAY=1");
	refused_late("FREQ=MONTHLY;BYMONTH=13");
}

/* Splits line at tabs into at most n fields; returns how many. */
static int
fields(char *line, char **f, int n)
{
	int i = 0;

	line[strcspn(line, "\r\n")] = '\0';
	f[i++] = line;
	while (i < n && (line = strchr(line, '\t'))) {
		*line++ = '\0';
		f[i++] = line;
	}
	return i;
}

static const char *
open_cases(const char *argv0, FILE **fp)
{
	static char path[4096];
	const char *env = getenv("SVC_RRULE_CASES"), *slash;

	if (env && *env)
		return *fp = fopen(env, "r"), env;
	if ((*fp = fopen(CASES, "r")))
		return CASES;
	/* next to the binary: tests/unit/test-recur */
	slash = strrchr(argv0, '/');
	snprintf(path, sizeof path, "%.*s../data/rrule/cases.tsv",
	    slash ? (int)(slash - argv0 + 1) : 0, argv0);
	*fp = fopen(path, "r");
	return path;
}

/* Each rule of the file, expanded by svc_recur_each, against dateutil. */
static void
test_oracle(const char *argv0)
{
	struct text t = { 0 };
	char *line = NULL, *f[6];
	size_t cap = 0;
	const char *path, *got;
	long lineno = 0, cases = 0, bad = 0;
	int64_t a, from, to;
	FILE *fp;

	path = open_cases(argv0, &fp);
	if (!ok(fp != NULL, "the oracle's cases are readable (%s)", path))
		return;
	while (getline(&line, &cap, fp) > 0) {
		lineno++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (fields(line, f, 6) != 5 ||
		    svc_date_parse(f[1], strlen(f[1]), &a) != 0 ||
		    svc_date_parse(f[2], strlen(f[2]), &from) != 0 ||
		    svc_date_parse(f[3], strlen(f[3]), &to) != 0) {
			ok(0, "%s:%ld is a case (rule, anchor, from, to, "
			    "expected)", path, lineno);
			continue;
		}
		cases++;
		got = expand(&t, f[0], a, from, to);
		if (unsupported(got)) {
			skip("%s:%ld: %s: svc refuses it", path, lineno, f[0]);
			continue;
		}
		if (!ok(strcmp(got, f[4]) == 0, "%s:%ld: %s from %s in %s..%s",
		    path, lineno, f[0], f[1], f[2], f[3])) {
			bad++;
			printf("#   rule: %s\n# anchor: %s\n# window: %s..%s\n"
			    "#    got: %s\n#   want: %s\n", f[0], f[1], f[2], f[3],
			    got, f[4]);
		}
	}
	if (ferror(fp))
		ok(0, "reading %s", path);
	fclose(fp);
	free(line);
	free(t.s);
	ok(cases >= 300, "the oracle gave %ld cases", cases);
	if (bad)
		printf("# %ld of %ld rules differ from python3-dateutil\n", bad,
		    cases);
}

int
main(int argc, char **argv)
{
	(void)argc;
	test_intervals();
	test_rules();
	test_stop();
	test_refusals();
	test_oracle(argv[0]);
	return done_testing();
}
