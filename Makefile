# SPDX-License-Identifier: GPL-2.0-or-later
# pasid-scan: where can a virtual PASID capability go?

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
MANDIR	?= $(PREFIX)/share/man
DESTDIR	?=
BUILD	?= build
PKG_CONFIG ?= pkg-config

# What the tool links, and what the whole project builds against.
PKGS		:= libpci jansson sqlite3 yaml-0.1
TEST_PKGS	:= cmocka
ALL_PKGS	:= libpci jansson sqlite3 yaml-0.1 cmocka

# src/ has a folder per stage of the data flow (docs/design.md); every
# folder is on the include path, and objects go flat into $(BUILD).
SRC_DIRS := $(patsubst %/,%,$(sort $(dir $(wildcard src/*.c src/*/*.c))))
HDRS	:= $(wildcard src/*.h src/*/*.h)
INCLUDES := $(SRC_DIRS:%=-I%)
vpath %.c $(SRC_DIRS)

# Quiet: one short line a file, as the kernel's build; V=1 shows the
# whole commands.
ifeq ($(V),1)
Q :=
say := @true
else
Q := @
say := @printf '  %-6s %s\n'
endif

CC	?= cc
CFLAGS	?= -O2 -g
XCFLAGS	:= -std=gnu11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	   -Wmissing-prototypes -D_GNU_SOURCE $(INCLUDES) \
	   $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
LIBS	:= $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
TEST_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(TEST_PKGS) 2>/dev/null) -Itests
TEST_LIBS := $(shell $(PKG_CONFIG) --libs $(TEST_PKGS) 2>/dev/null)

# One module per stage of the data flow (docs/design.md).
CORE	:= cfg cap_table caps layout guest placement analysis snapset source_dump \
	   filter names err emit_show_text emit_show_json emit_record \
	   atomic_file sysfs_facts source_live spill sha256 hex16 store store_ingest \
	   store_load store_query dump_dir dump_index consensus consensus_load \
	   kernel_vendors emit_gen emit_kernel emit_qemu emit_yaml map_read \
	   probe probe_journal probe_policy probe_host cell_map emit_svg \
	   emit_term_map key_picture emit_report emit_guest
CLI	:= main usage cmd_show cmd_scan cmd_replay cmd_merge cmd_db cmd_gen \
	   cmd_lookup cmd_qemu_args cmd_restore cmd_map cmd_report
# db/schema.sql and db/migrate/*.sql, compiled in (scripts/sql2c.sh).
SQL	:= db/schema.sql $(sort $(wildcard db/migrate/*.sql))
CORE_OBJS := $(CORE:%=$(BUILD)/%.o) $(BUILD)/store_sql.o
CLI_OBJS  := $(CLI:%=$(BUILD)/%.o)

UNIT_TESTS := $(basename $(notdir $(wildcard tests/test_*.c)))

TEST_BINS  := $(UNIT_TESTS:%=$(BUILD)/tests/%)

FIXTURES := tests/fixtures
SYNTH    := $(BUILD)/fixtures/synthetic

# Fuzz harnesses (tests/fuzz): linked with replay_main.c they run each
# input given once, which is how make check replays the corpus the
# fuzzers kept; make fuzz links them with libFuzzer instead.
FUZZERS   := $(basename $(notdir $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_BINS := $(FUZZERS:%=$(BUILD)/fuzz/%)
FUZZ_MAIN ?= tests/fuzz/replay_main.c
FUZZ_LINK ?=
FUZZ_SECONDS ?= 60
FUZZ_JOBS ?= 2
FUZZ_CFLAGS := -O1 -g -fsanitize=fuzzer-no-link,address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer

.PHONY: all fixtures check check-deps check-unit check-cli check-asan check-valgrind check-lab check-kmod \
	fuzz fuzz-bins bench demo deps quirks picture install uninstall clean

all: $(BUILD)/pasid-scan pasid-scan

pasid-scan: $(BUILD)/pasid-scan
	$(Q)ln -sf $(BUILD)/pasid-scan $@

$(BUILD)/pasid-scan: $(CORE_OBJS) $(CLI_OBJS)
	$(say) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/%.o: %.c $(HDRS) | $(BUILD)
	$(say) CC $@
	$(Q)$(CC) $(CFLAGS) $(XCFLAGS) -c -o $@ $<

$(BUILD)/store_sql.c: $(SQL) scripts/sql2c.sh | $(BUILD)
	$(say) SQL2C $@
	$(Q)scripts/sql2c.sh $(SQL) >$@.tmp && mv $@.tmp $@

$(BUILD)/store_sql.o: $(BUILD)/store_sql.c $(filter %/store_sql.h,$(HDRS))
	$(say) CC $@
	$(Q)$(CC) $(CFLAGS) $(XCFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/%.c $(CORE_OBJS) $(wildcard tests/*.h) | $(BUILD)/tests
	$(say) CC $@
	$(Q)$(CC) $(CFLAGS) $(XCFLAGS) $(TEST_CFLAGS) -o $@ $< $(CORE_OBJS) \
		$(LIBS) $(TEST_LIBS)

$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/invariants.c tests/fuzz/fuzz.h $(FUZZ_MAIN) \
		$(CORE_OBJS) | $(BUILD)/fuzz
	$(say) CC $@
	$(Q)$(CC) $(CFLAGS) $(XCFLAGS) $(FUZZ_LINK) -Itests/fuzz -o $@ $< \
		tests/fuzz/invariants.c $(FUZZ_MAIN) $(CORE_OBJS) $(LIBS)

fuzz-bins: $(FUZZ_BINS)

$(BUILD) $(BUILD)/tests $(BUILD)/fuzz $(SYNTH):
	mkdir -p $@

# Test helpers: synthetic dumps of modeled devices (tests/mkfixtures.c
# says what each is) and the benchmark's fleets (tests/mkfleet.c).
HELPERS := $(BUILD)/tests/mkfixtures $(BUILD)/tests/mkfleet
$(HELPERS): $(BUILD)/tests/%: tests/%.c $(CORE_OBJS) tests/cfgbuild.h | $(BUILD)/tests
	$(say) CC $@
	$(Q)$(CC) $(CFLAGS) $(XCFLAGS) -Itests -o $@ $< $(CORE_OBJS) $(LIBS)

$(SYNTH)/.stamp: $(BUILD)/tests/mkfixtures | $(SYNTH)
	$(say) GEN $(SYNTH)
	$(Q)$< $(SYNTH) && touch $@

fixtures: $(SYNTH)/.stamp

# The whole suite; the last line is the total.
check: check-deps
	@$(MAKE) -s --no-print-directory $(BUILD)/pasid-scan $(TEST_BINS) $(FUZZ_BINS) $(HELPERS) fixtures
	@scripts/run-tests.sh $(BUILD)

# What the suite runs, installed as root when missing; not root, said
# and left for the tests that need it to skip.
check-deps:
	@scripts/install-deps.sh --soft

check-unit: $(TEST_BINS)
	@scripts/run-tests.sh --unit $(BUILD)

check-cli: $(BUILD)/pasid-scan $(FUZZ_BINS) $(HELPERS) fixtures
	@scripts/run-tests.sh --cli $(BUILD)

# The suite again, built with AddressSanitizer and UBSan, errors fatal.
check-asan:
	PASID_SCAN_SANITIZED=1 $(MAKE) BUILD=build-asan CC=clang \
		CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
		LDFLAGS="-fsanitize=address,undefined" check

# The unit tests, and the fuzz harnesses on their kept inputs, under
# valgrind memcheck: any error or leak fails them.
check-valgrind: $(BUILD)/pasid-scan $(TEST_BINS) $(FUZZ_BINS)
	@scripts/run-tests.sh --valgrind $(BUILD)

# Each harness for FUZZ_SECONDS under libFuzzer with ASan and UBSan,
# FUZZ_JOBS at a time, from the seeds in tests/fixtures and what earlier
# runs kept in build-fuzz/corpus; inputs that fail are left in
# build-fuzz/crashes/NAME for tests/fixtures/fuzz/NAME (scripts/fuzz.sh).
fuzz: all
	$(MAKE) BUILD=build-fuzz CC=clang CFLAGS="$(FUZZ_CFLAGS)" FUZZ_MAIN= \
		FUZZ_LINK="-fsanitize=fuzzer,address,undefined" fuzz-bins
	@scripts/fuzz.sh build-fuzz $(FUZZ_SECONDS) $(FUZZ_JOBS) $(FUZZERS)

# pasid-scan against lspci on synthetic fleets of 1,000 to 100,000
# functions (tests/mkfleet.c): replay, a live scan of a sysfs tree, gen;
# the median of BENCH_RUNS runs, with peak memory (scripts/bench.sh).
# Not a test: nothing here is timed inside make check.
BENCH_RUNS ?= 5
bench: $(BUILD)/pasid-scan $(BUILD)/tests/mkfleet fixtures
	@scripts/bench.sh $(BUILD) $(BENCH_RUNS)

# End to end: a Debian kernel in a QEMU q35 guest with SR-IOV VFs scans
# itself with the freshly built binary; the host checks the recording
# against the guest's own sysfs (scripts/check-lab.sh).
check-lab: $(BUILD)/pasid-scan
	@scripts/check-lab.sh $(BUILD)/pasid-scan

# The tables gen writes, built as their users build them: the kernel
# header into tests/kmod's module against the installed kernel headers
# (W=1 -Werror; skipped without headers), the QEMU table with -Werror.
# make check runs it too.
check-kmod: $(BUILD)/pasid-scan fixtures
	@PASID_SCAN=$(BUILD)/pasid-scan SYNTH=$(SYNTH) scripts/check-kmod.sh --out $(BUILD)/kmod

deps:
	@scripts/install-deps.sh

# quirks/ from the project's recordings (scripts/gen-quirks.sh says
# which); make check fails when what is committed there is stale.
quirks: $(BUILD)/pasid-scan
	scripts/gen-quirks.sh $(BUILD)/pasid-scan quirks

# The main job on the bundled fixtures, in under 100 lines once built:
# the lab guest's functions and their verdicts, the tables, the one case
# where QEMU's default is wrong and why, lookup, qemu-args, the report
# (scripts/demo.sh; tests/demo.sh keeps it short and whole).
DEMO_OUT := $(BUILD)/demo
demo:
	@scripts/install-deps.sh --demo
	@$(MAKE) -s --no-print-directory all fixtures
	@scripts/demo.sh $(BUILD)/pasid-scan $(DEMO_OUT) $(SYNTH)

# The README's picture: the lab guest's NVMe VF beside its PF, drawn
# from the recording; tests/map.sh fails when it is stale.
PICTURE := docs/lab-nvme-vf.svg
picture: $(BUILD)/pasid-scan
	$(BUILD)/pasid-scan map $(FIXTURES)/lab/root.rec -s 01:00.1 -o $(PICTURE)

install: $(BUILD)/pasid-scan
	install -D -m 0755 $(BUILD)/pasid-scan $(DESTDIR)$(BINDIR)/pasid-scan
	install -D -m 0644 man/pasid-scan.8 $(DESTDIR)$(MANDIR)/man8/pasid-scan.8

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/pasid-scan $(DESTDIR)$(MANDIR)/man8/pasid-scan.8

clean:
	rm -rf build build-asan build-fuzz pasid-scan
