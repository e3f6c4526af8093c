# tests/policies-a.mk: tests of this area (included from tests/local.mk).
# Check programs go inside "if HAVE_CHECK ... endif"; add them to check_PROGRAMS
# and TESTS, with CPPFLAGS/CFLAGS/LDADD from $(TESTS_CPPFLAGS), $(TESTS_CFLAGS),
# $(TESTS_LDADD); shell tests to E2E_TESTS and EXTRA_DIST.

# the classic policies of issue 3 (NRU ... WSClock)
if HAVE_CHECK
check_PROGRAMS += tests/test_policies_a
TESTS += tests/test_policies_a
tests_test_policies_a_SOURCES = tests/test_policies_a.c
tests_test_policies_a_CPPFLAGS = $(TESTS_CPPFLAGS)
tests_test_policies_a_CFLAGS = $(TESTS_CFLAGS)
tests_test_policies_a_LDADD = $(TESTS_LDADD)
endif
E2E_TESTS += tests/e2e/policies-a.sh
