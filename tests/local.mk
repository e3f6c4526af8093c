# tests/: Check unit tests per module (TAP, one line per test) and
# end-to-end tests of the command (TAP shell scripts). Every test's result is
# counted by the automake TAP driver into test-suite.log.
#
# A new unit test: tests/test_<module>.c, a line in UNIT_TESTS and its
# _SOURCES/_LDADD pair below. A new end-to-end test: tests/e2e/<name>.sh,
# sourcing tests/e2e/tap.sh, added to E2E_TESTS.

LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
SH_LOG_DRIVER = $(LOG_DRIVER)
TEST_EXTENSIONS = .sh
AM_TESTS_ENVIRONMENT = \
	VMLAB='$(abs_top_builddir)/vmlab'; export VMLAB; \
	top_srcdir='$(abs_top_srcdir)'; export top_srcdir; \
	top_builddir='$(abs_top_builddir)'; export top_builddir; \
	SHARED_DATA='$(SHARED_DATA)'; export SHARED_DATA; \
	SCHEMA_PYTHON='$(SCHEMA_PYTHON)'; export SCHEMA_PYTHON; \
	GNUPLOT='$(GNUPLOT)'; export GNUPLOT; \
	VMLAB_PLUGIN_PATH=; export VMLAB_PLUGIN_PATH; \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1; export ASAN_OPTIONS; \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1; export UBSAN_OPTIONS;

TESTS_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests -DSHARED_DATA='"$(SHARED_DATA)"' \
	-DTOP_SRCDIR='"$(abs_top_srcdir)"'
TESTS_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(JANSSON_CFLAGS)
TESTS_LDADD = tests/libtestlib.la libvmlab.la $(CHECK_LIBS) $(JANSSON_LIBS) -lm

UNIT_TESTS = \
	tests/test_params \
	tests/test_text \
	tests/test_workloads \
	tests/test_vm \
	tests/test_policies \
	tests/test_config

E2E_TESTS = \
	tests/e2e/sim.sh \
	tests/e2e/run.sh \
	tests/e2e/errors.sh \
	tests/e2e/plugin.sh \
	tests/e2e/plot.sh

EXTRA_DIST += tests/e2e/tap.sh $(E2E_TESTS) tests/data/belady.txt tests/data/ops.txt \
	tests/data/bad-line.txt tests/data/malformed.json

if HAVE_CHECK
check_LTLIBRARIES += tests/libtestlib.la
tests_libtestlib_la_SOURCES = tests/testlib.c tests/testlib.h
tests_libtestlib_la_CPPFLAGS = $(TESTS_CPPFLAGS)
tests_libtestlib_la_CFLAGS = $(TESTS_CFLAGS)

check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)

tests_test_params_SOURCES = tests/test_params.c
tests_test_params_CPPFLAGS = $(TESTS_CPPFLAGS)
tests_test_params_CFLAGS = $(TESTS_CFLAGS)
tests_test_params_LDADD = $(TESTS_LDADD)

tests_test_text_SOURCES = tests/test_text.c
tests_test_text_CPPFLAGS = $(TESTS_CPPFLAGS)
tests_test_text_CFLAGS = $(TESTS_CFLAGS)
tests_test_text_LDADD = $(TESTS_LDADD)

tests_test_workloads_SOURCES = tests/test_workloads.c
tests_test_workloads_CPPFLAGS = $(TESTS_CPPFLAGS)
tests_test_workloads_CFLAGS = $(TESTS_CFLAGS)
tests_test_workloads_LDADD = $(TESTS_LDADD)

tests_test_vm_SOURCES = tests/test_vm.c
tests_test_vm_CPPFLAGS = $(TESTS_CPPFLAGS)
tests_test_vm_CFLAGS = $(TESTS_CFLAGS)
tests_test_vm_LDADD = $(TESTS_LDADD)

tests_test_policies_SOURCES = tests/test_policies.c
tests_test_policies_CPPFLAGS = $(TESTS_CPPFLAGS)
tests_test_policies_CFLAGS = $(TESTS_CFLAGS)
tests_test_policies_LDADD = $(TESTS_LDADD)

tests_test_config_SOURCES = tests/test_config.c
tests_test_config_CPPFLAGS = $(TESTS_CPPFLAGS)
tests_test_config_CFLAGS = $(TESTS_CFLAGS)
tests_test_config_LDADD = $(TESTS_LDADD)

# an out-of-tree style plugin, built as a loadable module, and one built for
# a wrong ABI (refused)
check_LTLIBRARIES += tests/plugins/mru_plugin.la tests/plugins/badabi_plugin.la
tests_plugins_mru_plugin_la_SOURCES = tests/plugins/mru_plugin.c
tests_plugins_mru_plugin_la_LDFLAGS = -module -avoid-version -shared -rpath /nowhere
tests_plugins_badabi_plugin_la_SOURCES = tests/plugins/badabi_plugin.c
tests_plugins_badabi_plugin_la_LDFLAGS = -module -avoid-version -shared -rpath /nowhere
endif

check_SCRIPTS = vmlab$(EXEEXT)
TESTS += $(E2E_TESTS)
include tests/policies-a.mk
include tests/policies-b.mk
include tests/alloc.mk
include tests/generators.mk
include tests/formats.mk
include tests/results.mk
include tests/mmu.mk
EXTRA_DIST += tests/policies-a.mk tests/policies-b.mk tests/alloc.mk tests/generators.mk tests/formats.mk tests/results.mk tests/mmu.mk
include tests/hw.mk
include tests/sweep.mk
include tests/mrc.mk
EXTRA_DIST += tests/mrc.mk
include tests/experiments.mk
EXTRA_DIST += tests/experiments.mk
