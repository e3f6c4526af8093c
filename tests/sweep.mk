# tests/sweep.mk: sweeps at scale (included from tests/local.mk): threads,
# single cells, resume from the journal, cluster engines.
E2E_TESTS += tests/e2e/sweep.sh tests/e2e/cluster.sh
EXTRA_DIST += tests/sweep.mk
