# bench/: the benchmark harness (`make bench`); not a test. Built by `make
# check` too: tests/e2e/bench-compare.sh runs it (bench/compare, the paired
# comparison of two builds' speed).

check_PROGRAMS += bench/vmlab-bench
bench_vmlab_bench_SOURCES = bench/bench.c
bench_vmlab_bench_LDADD = libvmlab.la
# bench/compare, the paired comparison of two builds' speed, and its test
EXTRA_DIST += bench/compare tests/e2e/bench-compare.sh
E2E_TESTS += tests/e2e/bench-compare.sh

BENCH_ARGS =
bench: bench/vmlab-bench$(EXEEXT)
	./bench/vmlab-bench $(BENCH_ARGS)
.PHONY: bench

# generation speed of the synthetic generators (issue 5): `make bench-gen`
EXTRA_PROGRAMS += bench/vmlab-genbench
bench_vmlab_genbench_SOURCES = bench/genbench.c
bench_vmlab_genbench_LDADD = libvmlab.la
CLEANFILES += bench/vmlab-genbench

BENCH_GEN_ARGS =
bench-gen: bench/vmlab-genbench$(EXEEXT)
	./bench/vmlab-genbench $(BENCH_GEN_ARGS)
.PHONY: bench-gen
