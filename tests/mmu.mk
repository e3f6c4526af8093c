# tests/mmu.mk: tests of this area (included from tests/local.mk).
# Check programs go inside "if HAVE_CHECK ... endif"; add them to check_PROGRAMS
# and TESTS, with CPPFLAGS/CFLAGS/LDADD from $(TESTS_CPPFLAGS), $(TESTS_CFLAGS),
# $(TESTS_LDADD); shell tests to E2E_TESTS and EXTRA_DIST.

# translation model (issue 4): the profiles of the source tree, before installation
AM_TESTS_ENVIRONMENT += VMLAB_MMU_PATH='$(abs_top_srcdir)/core/mmu/profiles'; export VMLAB_MMU_PATH;

if HAVE_CHECK
check_PROGRAMS += tests/test_mmu
TESTS += tests/test_mmu
tests_test_mmu_SOURCES = tests/test_mmu.c
tests_test_mmu_CPPFLAGS = $(TESTS_CPPFLAGS)
tests_test_mmu_CFLAGS = $(TESTS_CFLAGS)
tests_test_mmu_LDADD = $(TESTS_LDADD)

# a TLB policy plugin as a user would build one
check_LTLIBRARIES += tests/plugins/tlb_mru_plugin.la
tests_plugins_tlb_mru_plugin_la_SOURCES = tests/plugins/tlb_mru_plugin.c
tests_plugins_tlb_mru_plugin_la_LDFLAGS = -module -avoid-version -shared -rpath /nowhere
endif

E2E_TESTS += tests/e2e/mmu.sh
EXTRA_DIST += tests/e2e/mmu.sh
