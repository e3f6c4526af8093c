# tests/generators.mk: tests of this area (included from tests/local.mk).
# Check programs go inside "if HAVE_CHECK ... endif"; add them to check_PROGRAMS
# and TESTS, with CPPFLAGS/CFLAGS/LDADD from $(TESTS_CPPFLAGS), $(TESTS_CFLAGS),
# $(TESTS_LDADD); shell tests to E2E_TESTS and EXTRA_DIST.
