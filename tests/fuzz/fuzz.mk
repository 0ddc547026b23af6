# fuzz.mk - builds the libFuzzer harnesses of tests/fuzz with clang into
# tests/fuzz/build, apart from svc's own objects; `make fuzz-build`
FUZZ_CC ?= clang
FUZZ_FLAGS ?= -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all
B = tests/fuzz/build
override FUZZ_CFLAGS = -std=c99 -D_POSIX_C_SOURCE=200809L -Wall -Wextra \
	-DSVC_VERSION='"fuzz"' -DSVC_MANDIR='"/nonexistent"' $(FUZZ_FLAGS)
LMDB_CFLAGS != pkg-config --cflags lmdb 2>/dev/null || true
LMDB_LIBS != pkg-config --libs lmdb 2>/dev/null || echo -llmdb
# libical and libcrypto: headers only, loaded by lib/dynlib.c
ICAL_CFLAGS != pkg-config --cflags libical 2>/dev/null || true
CRYPTO_CFLAGS != pkg-config --cflags libcrypto 2>/dev/null || true
DEPS_CFLAGS = $(LMDB_CFLAGS) $(ICAL_CFLAGS) $(CRYPTO_CFLAGS)
LIBS = $(LMDB_LIBS) -lcsv -ldl

HARNESSES = csv tsv record date instant duration money decimal rrule calendar
LIB_SRC = $(wildcard lib/*.c)
LIB_OBJ = $(patsubst lib/%.c,$(B)/lib/%.o,$(LIB_SRC))

all: $(patsubst %,$(B)/fuzz-%,$(HARNESSES))
# without the guards of open defects (fuzz.h, FUZZ_KNOWN), for known/
strict: $(patsubst %,$(B)/strict/fuzz-%,$(HARNESSES))

$(B)/lib/%.o: lib/%.c
	@mkdir -p $(B)/lib
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(DEPS_CFLAGS) \
		-MMD -MP -c -o $@ $<

$(B)/libsvc.a: $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

$(B)/fuzz-%: tests/fuzz/fuzz-%.c tests/fuzz/fuzz.h tests/fuzz/roundtrip.h $(B)/libsvc.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(DEPS_CFLAGS) -o $@ $< \
		$(B)/libsvc.a $(LIBS)

$(B)/strict/fuzz-%: tests/fuzz/fuzz-%.c tests/fuzz/fuzz.h tests/fuzz/roundtrip.h $(B)/libsvc.a
	@mkdir -p $(B)/strict
	$(FUZZ_CC) $(FUZZ_CFLAGS) -DFUZZ_STRICT -fsanitize=fuzzer $(DEPS_CFLAGS) \
		-o $@ $< $(B)/libsvc.a $(LIBS)

.PHONY: all strict
-include $(LIB_OBJ:.o=.d)
