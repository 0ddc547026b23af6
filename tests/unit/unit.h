/* unit.h - a small TAP producer for the C unit tests of lib/ */
#ifndef SVC_UNIT_H
#define SVC_UNIT_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int unit_count, unit_failed;

/* Prints "ok N - description" or "not ok N - description"; passes on cond. */
#define UNIT_REPORT(cond) int r = (cond); va_list ap; \
	unit_count++; unit_failed += !r; \
	printf("%sok %d - ", r ? "" : "not ", unit_count); \
	va_start(ap, fmt); vprintf(fmt, ap); va_end(ap); putchar('\n')

static inline int __attribute__((format(printf, 2, 3)))
ok(int cond, const char *fmt, ...)
{
	UNIT_REPORT(cond);
	return r;
}

/* Passes when both strings are equal (or both NULL). */
static inline int __attribute__((format(printf, 3, 4)))
is_str(const char *got, const char *want, const char *fmt, ...)
{
	UNIT_REPORT(got && want ? strcmp(got, want) == 0 : got == want);
	if (!r)
		printf("#   got: '%.300s'\n# want: '%.300s'\n",
		    got ? got : "(null)", want ? want : "(null)");
	return r;
}

static inline int __attribute__((format(printf, 3, 4)))
is_int(long long got, long long want, const char *fmt, ...)
{
	UNIT_REPORT(got == want);
	if (!r)
		printf("#   got: %lld\n# want: %lld\n", got, want);
	return r;
}

/* Counts a check that does not apply here: "ok N # SKIP why". */
static inline void __attribute__((format(printf, 1, 2)))
skip(const char *fmt, ...)
{
	va_list ap;

	unit_count++;
	printf("ok %d # SKIP ", unit_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* Prints the plan; returns the exit status (non-zero when any failed). */
static inline int
done_testing(void)
{
	printf("1..%d\n", unit_count);
	return fflush(stdout) == EOF || unit_failed != 0;
}

#endif
