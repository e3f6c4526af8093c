# tests/alloc.mk: tests of this area (included from tests/local.mk).
# Check programs go inside "if HAVE_CHECK ... endif"; add them to check_PROGRAMS
# and TESTS, with CPPFLAGS/CFLAGS/LDADD from $(TESTS_CPPFLAGS), $(TESTS_CFLAGS),
# $(TESTS_LDADD); shell tests to E2E_TESTS and EXTRA_DIST.

if HAVE_CHECK
check_PROGRAMS += tests/test_alloc
TESTS += tests/test_alloc
tests_test_alloc_SOURCES = tests/test_alloc.c
tests_test_alloc_CPPFLAGS = $(TESTS_CPPFLAGS)
tests_test_alloc_CFLAGS = $(TESTS_CFLAGS)
tests_test_alloc_LDADD = $(TESTS_LDADD)
endif
E2E_TESTS += tests/e2e/alloc.sh
