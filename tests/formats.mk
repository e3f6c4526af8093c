# tests/formats.mk: tests of this area (included from tests/local.mk).
# Check programs go inside "if HAVE_CHECK ... endif"; add them to check_PROGRAMS
# and TESTS, with CPPFLAGS/CFLAGS/LDADD from $(TESTS_CPPFLAGS), $(TESTS_CFLAGS),
# $(TESTS_LDADD); shell tests to E2E_TESTS and EXTRA_DIST.

# trace formats (issue 5): readers and writers, capture, trace tools, fuzzing

if HAVE_CHECK
check_PROGRAMS += tests/test_formats tests/test_capture
TESTS += tests/test_formats tests/test_capture

tests_test_formats_SOURCES = tests/test_formats.c
tests_test_formats_CPPFLAGS = $(TESTS_CPPFLAGS)
tests_test_formats_CFLAGS = $(TESTS_CFLAGS) $(ZSTD_CFLAGS) $(LZMA_CFLAGS) $(ZLIB_CFLAGS)
tests_test_formats_LDADD = $(TESTS_LDADD) $(ZSTD_LIBS) $(LZMA_LIBS) $(ZLIB_LIBS)

tests_test_capture_SOURCES = tests/test_capture.c
tests_test_capture_CPPFLAGS = $(TESTS_CPPFLAGS) -DWALK='"$(abs_top_builddir)/tests/progs/walk"'
tests_test_capture_CFLAGS = $(TESTS_CFLAGS)
tests_test_capture_LDADD = $(TESTS_LDADD)
endif

# the program capture is tested on: plain -O1, no sanitizers (valgrind runs it)
check_PROGRAMS += tests/progs/walk
tests_progs_walk_SOURCES = tests/progs/walk.c
tests_progs_walk_CFLAGS = -std=gnu11 -O1
tests_progs_walk_LDFLAGS =

E2E_TESTS += tests/e2e/traces.sh tests/e2e/capture.sh
EXTRA_DIST += tests/e2e/traces.sh tests/e2e/capture.sh tests/data/traces tests/data/fuzz \
	tests/fuzz/fuzz_trace.c

# make fuzz: a libFuzzer harness per reader (and one through the probe),
# built with clang from the library's sources, each run for FUZZ_TIME
# seconds from a corpus seeded with tests/data/traces (checksums are not
# enforced in this build, so that mutated files reach the decoders behind
# them). Crashes are written
# to fuzz/crash-*; keep each, once fixed, in tests/data/fuzz/.
FUZZ_TIME = 60
FUZZ_FORMATS = auto native text lackey champsim oracleGeneral csv
FUZZ_CFLAGS = -g -O1 -std=gnu11 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
FUZZ_LIBS = $(JANSSON_LIBS) $(ZSTD_LIBS) $(LZMA_LIBS) $(ZLIB_LIBS) $(HWLOC_LIBS) $(PAPI_LIBS) \
	$(LIBS) -lm
fuzz-build: core/cli/style.inc
	@test -n "$(FUZZ_CC)" || { echo "make fuzz: needs clang with libFuzzer (configure FUZZ_CC=...)"; exit 1; }
	$(MKDIR_P) fuzz
	$(AM_V_CC)$(FUZZ_CC) $(FUZZ_CFLAGS) $(DEFS) -I$(top_builddir) -I$(top_srcdir) \
	  -I$(top_srcdir)/core/include $(JANSSON_CFLAGS) $(ZSTD_CFLAGS) $(LZMA_CFLAGS) \
	  $(ZLIB_CFLAGS) $(HWLOC_CFLAGS) $(PAPI_CFLAGS) \
	  $(addprefix $(top_srcdir)/,$(filter %.c,$(libvmlab_la_SOURCES))) \
	  $(top_srcdir)/tests/fuzz/fuzz_trace.c -o fuzz/fuzz_trace $(FUZZ_LIBS)
fuzz: fuzz-build
	@for f in $(FUZZ_FORMATS); do \
	  $(MKDIR_P) fuzz/corpus-$$f; \
	  cp $(top_srcdir)/tests/data/traces/* $(top_srcdir)/tests/data/fuzz/* fuzz/corpus-$$f/ 2>/dev/null; \
	  echo "fuzz: $$f for $(FUZZ_TIME) s"; \
	  FUZZ_FORMAT=$$f ./fuzz/fuzz_trace -max_total_time=$(FUZZ_TIME) -rss_limit_mb=1024 \
	    -timeout=10 -artifact_prefix=fuzz/crash-$$f- -print_final_stats=1 fuzz/corpus-$$f \
	    2>fuzz/$$f.log || { tail -40 fuzz/$$f.log; exit 1; }; \
	  grep -E "stat::number_of_executed_units|stat::new_units_added" fuzz/$$f.log | tr '\n' ' '; echo; \
	done
.PHONY: fuzz fuzz-build
clean-fuzz:
	rm -rf fuzz
.PHONY: clean-fuzz
