# tests/results.mk: tests of this area (included from tests/local.mk).
# Check programs go inside "if HAVE_CHECK ... endif"; add them to check_PROGRAMS
# and TESTS, with CPPFLAGS/CFLAGS/LDADD from $(TESTS_CPPFLAGS), $(TESTS_CFLAGS),
# $(TESTS_LDADD); shell tests to E2E_TESTS and EXTRA_DIST.

# results and plots (issue 7): the results module in unit tests; the results
# command, the plots, the quick start and the generated documentation end to
# end. Every results document an end-to-end test leaves behind is validated
# against the JSON Schema (tests/e2e/tap.sh, validate.py).
E2E_TESTS += tests/e2e/results.sh tests/e2e/plots.sh tests/e2e/quickstart.sh tests/e2e/docs.sh
EXTRA_DIST += tests/e2e/validate.py tests/data/translation.json tests/data/calibration.json

if HAVE_CHECK
check_PROGRAMS += tests/test_results
TESTS += tests/test_results
tests_test_results_SOURCES = tests/test_results.c
tests_test_results_CPPFLAGS = $(TESTS_CPPFLAGS)
tests_test_results_CFLAGS = $(TESTS_CFLAGS)
tests_test_results_LDADD = $(TESTS_LDADD)
endif
