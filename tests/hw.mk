# tests/hw.mk: hwcounters (discovery, counters, calibration).
if HAVE_CHECK
check_PROGRAMS += tests/test_hw
TESTS += tests/test_hw
tests_test_hw_SOURCES = tests/test_hw.c
tests_test_hw_CPPFLAGS = $(TESTS_CPPFLAGS)
tests_test_hw_CFLAGS = $(TESTS_CFLAGS)
tests_test_hw_LDADD = $(TESTS_LDADD)
endif
E2E_TESTS += tests/e2e/hw.sh
EXTRA_DIST += tests/hw.mk
