# tests/generators.mk: tests of this area (included from tests/local.mk).
# Check programs go inside "if HAVE_CHECK ... endif"; add them to check_PROGRAMS
# and TESTS, with CPPFLAGS/CFLAGS/LDADD from $(TESTS_CPPFLAGS), $(TESTS_CFLAGS),
# $(TESTS_LDADD); shell tests to E2E_TESTS and EXTRA_DIST.

# the generator suite (issue 5)
E2E_TESTS += tests/e2e/generators.sh
EXTRA_DIST += tests/e2e/generators.sh
if HAVE_CHECK
check_PROGRAMS += tests/test_generators
TESTS += tests/test_generators
tests_test_generators_SOURCES = tests/test_generators.c
tests_test_generators_CPPFLAGS = $(TESTS_CPPFLAGS)
tests_test_generators_CFLAGS = $(TESTS_CFLAGS)
tests_test_generators_LDADD = $(TESTS_LDADD)
endif
