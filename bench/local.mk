# bench/: the benchmark harness (`make bench`); not a test.

EXTRA_PROGRAMS += bench/vmlab-bench
bench_vmlab_bench_SOURCES = bench/bench.c
bench_vmlab_bench_LDADD = libvmlab.la
CLEANFILES += bench/vmlab-bench

BENCH_ARGS =
bench: bench/vmlab-bench$(EXEEXT)
	./bench/vmlab-bench $(BENCH_ARGS)
.PHONY: bench
