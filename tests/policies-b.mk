# tests/policies-b.mk: tests of this area (included from tests/local.mk).
# Check programs go inside "if HAVE_CHECK ... endif"; add them to check_PROGRAMS
# and TESTS, with CPPFLAGS/CFLAGS/LDADD from $(TESTS_CPPFLAGS), $(TESTS_CFLAGS),
# $(TESTS_LDADD); shell tests to E2E_TESTS and EXTRA_DIST.

# the modern policies (2Q ... SIEVE) and their ghost tables
if HAVE_CHECK
check_PROGRAMS += tests/test_policies_b
TESTS += tests/test_policies_b
tests_test_policies_b_SOURCES = tests/test_policies_b.c
tests_test_policies_b_CPPFLAGS = $(TESTS_CPPFLAGS)
tests_test_policies_b_CFLAGS = $(TESTS_CFLAGS)
tests_test_policies_b_LDADD = $(TESTS_LDADD)
endif

E2E_TESTS += tests/e2e/policies-b.sh
