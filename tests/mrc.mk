# tests/mrc.mk: tests of this area (included from tests/local.mk).
# Check programs go inside "if HAVE_CHECK ... endif"; add them to check_PROGRAMS
# and TESTS, with CPPFLAGS/CFLAGS/LDADD from $(TESTS_CPPFLAGS), $(TESTS_CFLAGS),
# $(TESTS_LDADD); shell tests to E2E_TESTS and EXTRA_DIST.

# one-pass curves (issue 8): core/mrc.c, frames "all", the many-caches pass, vmlab mrc
if HAVE_CHECK
check_PROGRAMS += tests/test_mrc
TESTS += tests/test_mrc
tests_test_mrc_SOURCES = tests/test_mrc.c
tests_test_mrc_CPPFLAGS = $(TESTS_CPPFLAGS)
tests_test_mrc_CFLAGS = $(TESTS_CFLAGS)
tests_test_mrc_LDADD = $(TESTS_LDADD)
endif

E2E_TESTS += tests/e2e/mrc.sh
EXTRA_DIST += tests/e2e/mrc.sh
