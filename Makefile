# svc - service management from the shell
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
# the store of an installation running svc setgid (make install-setgid):
# db=PATH in $(SYSCONFDIR)/svc.conf, else SYSTEM_DB
SYSCONFDIR ?= /etc
SYSTEM_DB ?= /var/lib/svc
GROUP ?= svc
VERSION = 0.1

CC ?= cc
CFLAGS ?= -g -O2
override CFLAGS += -std=c99 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -MMD -MP \
	-DSVC_VERSION='"$(VERSION)"' -DSVC_MANDIR='"$(MANDIR)"' $(WERROR)
LMDB_CFLAGS != pkg-config --cflags lmdb 2>/dev/null || true
LMDB_LIBS != pkg-config --libs lmdb 2>/dev/null || echo -llmdb
override CFLAGS += $(LMDB_CFLAGS)
# libical and libcrypto are built against (their headers) but loaded
# only when a command needs them (lib/dynlib.c, dlopen)
ICAL_CFLAGS != pkg-config --cflags libical 2>/dev/null || true
override CFLAGS += $(ICAL_CFLAGS)
CRYPTO_CFLAGS != pkg-config --cflags libcrypto 2>/dev/null || true
override CFLAGS += $(CRYPTO_CFLAGS)
LDLIBS = $(LMDB_LIBS) -lcsv -ldl

# every .c of lib/ and cmd/ is built: a new module needs no line here
LIB_OBJ = $(patsubst %.c,%.o,$(wildcard lib/*.c))
CMD_OBJ = $(patsubst %.c,%.o,$(wildcard cmd/*.c))
UNIT = tests/unit/test-codec tests/unit/test-values tests/unit/test-csv \
	tests/unit/test-migrate tests/unit/test-order tests/unit/test-recur \
	tests/unit/test-calendar tests/unit/test-core tests/unit/test-db \
	tests/unit/test-record
# helpers of the shell tests (not tests themselves)
HELPERS = tests/unit/log-tamper

all: svc

deps-build:
	@sh tools/deps build
deps-check:
	@sh tools/deps check

svc: $(CMD_OBJ) lib/libsvc.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CMD_OBJ) lib/libsvc.a $(LDLIBS)

# only cmd/trust.c knows where the system store is
TRUST_DEFS = -DSVC_SYSTEM_CONF='"$(SYSCONFDIR)/svc.conf"' \
	-DSVC_SYSTEM_DB='"$(SYSTEM_DB)"'
cmd/trust.o: cmd/trust.c
	$(CC) $(CFLAGS) $(TRUST_DEFS) -c -o $@ cmd/trust.c

# the tests' svc that behaves as if installed setgid (the ids do not
# change: it runs as its caller), its system configuration svc-setgid.conf
# in the working directory, its default store svc-system-store there
svc-setgid-test: tests/bin/svc-setgid
tests/bin/trust-sim.o: cmd/trust.c
	mkdir -p tests/bin
	$(CC) $(CFLAGS) -DSVC_SIMULATE_SETGID \
		-DSVC_SYSTEM_CONF='"svc-setgid.conf"' \
		-DSVC_SYSTEM_DB='"svc-system-store"' -c -o $@ cmd/trust.c
tests/bin/svc-setgid: $(filter-out cmd/trust.o,$(CMD_OBJ)) tests/bin/trust-sim.o \
		lib/libsvc.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(filter-out cmd/trust.o,$(CMD_OBJ)) \
		tests/bin/trust-sim.o lib/libsvc.a $(LDLIBS)

lib/libsvc.a: $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

# header dependencies come from the compiler (-MMD -MP: one .d a .o)
-include $(LIB_OBJ:.o=.d) $(CMD_OBJ:.o=.d) tests/bin/trust-sim.d

# rewrites the change log through liblmdb alone (tests/0970-log.t)
tests/unit/log-tamper: tests/unit/log-tamper.c
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LMDB_LIBS)

tests/unit/%: tests/unit/%.c tests/unit/unit.h lib/libsvc.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< lib/libsvc.a $(LDLIBS)

# check installs what the tests need, then builds (warnings are errors)
# and runs every test
check: deps-check
	$(MAKE) WERROR=-Werror svc $(UNIT) $(HELPERS) tests/bin/svc-setgid
	$(MAKE) lint
	prove -j2 -e '' $(UNIT)
	prove -j2 tests/*.t

# the layering of lib/: no cycle among its objects, the core below the
# domain (tools/layers)
lint: $(LIB_OBJ)
	sh tools/layers $(LIB_OBJ)

lint-man:
	@for m in man/*.[157]; do \
		out=$$(groff -mdoc -ww -z $$m 2>&1); \
		if [ -n "$$out" ]; then echo "$$m: $$out"; fail=1; fi; \
	done; [ -z "$$fail" ]

demo: deps-build
	$(MAKE) svc
	sh examples/demo.sh

SCALE = full
bench:
	@sh tools/deps bench
	$(MAKE) svc
	SCALE=$(SCALE) sh bench/run.sh

asan:
	$(MAKE) clean
	$(MAKE) CFLAGS='-g -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' LDFLAGS='-fsanitize=address,undefined' check

install: svc
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	cp svc $(DESTDIR)$(BINDIR)/svc
	cp man/*.1 $(DESTDIR)$(MANDIR)/man1/
	cp man/*.5 $(DESTDIR)$(MANDIR)/man5/
	cp man/*.7 $(DESTDIR)$(MANDIR)/man7/
	cp completions/svc.bash $(DESTDIR)$(BASHCOMPDIR)/svc
	cp completions/_svc $(DESTDIR)$(ZSHCOMPDIR)/_svc

# svc setgid to GROUP: the store's files are then written only through
# svc, whose roles hold (svc(1), TRUST)
install-setgid: install
	chgrp $(GROUP) $(DESTDIR)$(BINDIR)/svc
	chmod 2755 $(DESTDIR)$(BINDIR)/svc
	@echo "svc is installed setgid to group $(GROUP). Still to do, as root:"
	@echo "  echo db=$(SYSTEM_DB) > $(SYSCONFDIR)/svc.conf   (the store; else $(SYSTEM_DB))"
	@echo "  mkdir -p $(SYSTEM_DB) && chgrp $(GROUP) $(SYSTEM_DB) && chmod 0770 $(SYSTEM_DB)"
	@echo "  an existing store: chgrp $(GROUP) DIR/*.mdb && chmod 0660 DIR/*.mdb"
	@echo "and add no user to group $(GROUP); then 'svc init' makes the store."

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/svc $(DESTDIR)$(BASHCOMPDIR)/svc \
		$(DESTDIR)$(ZSHCOMPDIR)/_svc
	cd man && for m in *.1; do rm -f $(DESTDIR)$(MANDIR)/man1/$$m; done
	cd man && for m in *.5; do rm -f $(DESTDIR)$(MANDIR)/man5/$$m; done
	cd man && for m in *.7; do rm -f $(DESTDIR)$(MANDIR)/man7/$$m; done

clean:
	rm -f svc lib/libsvc.a $(LIB_OBJ) $(CMD_OBJ) $(UNIT) $(HELPERS) lib/*.d cmd/*.d \
		tests/unit/*.d
	rm -rf tests/bin

.PHONY: all deps-build deps-check check lint lint-man demo bench asan \
	install install-setgid uninstall clean svc-setgid-test

# reliability (RELIABILITY.md): kill -9, concurrency, damaged stores and
# stale readers (tests/stress; stress-short is CI's), libFuzzer harnesses
# (tests/fuzz, clang), the test suite with svc under valgrind
STRESS_KILLS ?= 25
STRESS_SCALE ?= 3
# ... and the example company over ten years with its books reconciled
# (tests/stress/ten-years; four months of it in stress-short)
stress: svc
	STRESS_KILLS=$(STRESS_KILLS) STRESS_SCALE=$(STRESS_SCALE) prove -v tests/stress/*.t
	prove -v tests/stress/ten-years
stress-short: svc
	STRESS_KILLS=4 STRESS_SCALE=1 prove tests/stress/*.t
	MONTHS=4 prove tests/stress/ten-years

FUZZ_SECONDS ?= 30
fuzz-build:
	@sh tools/deps fuzz
	$(MAKE) -f tests/fuzz/fuzz.mk all strict
# the smoke run needs the guarded harnesses only, fuzz-known the strict
fuzz-smoke:
	@sh tools/deps fuzz
	$(MAKE) -f tests/fuzz/fuzz.mk all
	sh tests/fuzz/run.sh $(FUZZ_SECONDS)
fuzz-known:
	@sh tools/deps fuzz
	$(MAKE) -f tests/fuzz/fuzz.mk strict
	sh tests/fuzz/run.sh known

VALGRIND_TESTS ?= tests/*.t
VALGRIND_LOGS ?= $(CURDIR)/tests/valgrind/logs
check-valgrind:
	@sh tools/deps valgrind
	$(MAKE) WERROR=-Werror svc $(UNIT) $(HELPERS) tests/bin/svc-setgid
	rm -rf $(VALGRIND_LOGS)
	SVC_VALGRIND=1 SVC_VALGRIND_LOGS=$(VALGRIND_LOGS) prove -j2 $(VALGRIND_TESTS); \
	st=$$?; for f in $(VALGRIND_LOGS)/vg.*.log; do \
		[ -s "$$f" ] && { echo "== $$f"; cat "$$f"; st=1; }; done; exit $$st

.PHONY: stress stress-short fuzz-build fuzz-smoke fuzz-known check-valgrind
