/* fuzz.h - what the libFuzzer harnesses of tests/fuzz share */
#ifndef SVC_FUZZ_H
#define SVC_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A NUL-terminated copy of the input (the parsers that take C strings
 * stop at its first NUL, as they would at a command-line argument's). */
static inline char *
fuzz_str(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* A property that does not hold: a crash, so libFuzzer keeps the input. */
#define FUZZ_ASSERT(cond, ...) do { \
	if (!(cond)) { \
		fprintf(stderr, "fuzz: %s:%d: %s: ", __FILE__, __LINE__, #cond); \
		fprintf(stderr, __VA_ARGS__); \
		fputc('\n', stderr); \
		abort(); \
	} \
} while (0)

/* Open defects (tests/fuzz/README, "Known"): unless FUZZ_STRICT is
 * defined, the harnesses pass over the inputs of each such class, so a
 * smoke run still finds new ones.  make fuzz-build FUZZ_STRICT=1 builds
 * them without, for tests/fuzz/known. */
#ifdef FUZZ_STRICT
#define FUZZ_KNOWN(cond) 0
#else
#define FUZZ_KNOWN(cond) (cond)
#endif

#endif
