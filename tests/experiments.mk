# tests/experiments.mk: tests of this area (included from tests/local.mk).
# Check programs go inside "if HAVE_CHECK ... endif"; add them to check_PROGRAMS
# and TESTS, with CPPFLAGS/CFLAGS/LDADD from $(TESTS_CPPFLAGS), $(TESTS_CFLAGS),
# $(TESTS_LDADD); shell tests to E2E_TESTS and EXTRA_DIST.

# translation experiments (issue 7): the shipped tlb-reach, walk-caches and
# nested experiments run end to end and show what docs/experiments.md says
# (experiments.sh); the plot kinds of translation runs on hand-worked cases
# (plot-translation.sh). Every results document they leave is validated
# against the JSON Schema (tests/e2e/tap.sh).
E2E_TESTS += tests/e2e/experiments.sh tests/e2e/plot-translation.sh
EXTRA_DIST += tests/e2e/experiments.sh tests/e2e/plot-translation.sh

# replacement experiments (issue 7): the shipped scan and thrashing
# experiments run end to end and show what docs/experiments.md says, which
# documents every shipped experiment (experiments-policies.sh)
E2E_TESTS += tests/e2e/experiments-policies.sh
EXTRA_DIST += tests/e2e/experiments-policies.sh
