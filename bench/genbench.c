/*
 * genbench.c - generation speed: references per second of each synthetic
 * generator alone, read in blocks of VMLAB_BLOCK_REFS into one buffer (as
 * the engine reads them), no simulation. Opening (building a permutation, a
 * graph, a hash table) is timed apart. Each workload runs --repeat times; the
 * best time is reported (the least disturbed by the rest of the machine).
 *
 *   make bench-gen
 *   make bench-gen BENCH_GEN_ARGS='--workload zipf:pages=1e6,refs=1e8 --repeat 5'
 */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <vmlab/vmlab.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void die(const struct vmlab_error *err)
{
    fprintf(stderr, "vmlab-genbench: %s\n", err->msg);
    exit(1);
}

/* One of each generator, about 10^7 references. */
static const char *const defaults[] = {
    "sequential:pages=1e7",
    "loop:pages=100000,refs=1e7",
    "uniform:pages=1000000,refs=1e7",
    "zipf:pages=1000000,alpha=0.9,refs=1e7",
    "strided:elems=1e7,writes=0.3",
    "hotcold:pages=1000000,refs=1e7",
    "phases:pages=1000000,locality=1000,overlap=200,phase=100000,refs=1e7",
    "chase:nodes=1000000,refs=1e7",
    "gups:table=64M,updates=5e6",
    "triad:elems=1e6,passes=3,ifetch=true",
    "matmul:n=200,tile=32",
    "stencil:rows=1000,sweeps=2",
    "bfs:scale=20,edgefactor=4",
    "hashjoin:build=1000000,probe=2000000",
    "mix:procs='zipf:pages=100000,refs=5e6;chase:nodes=100000,refs=5e6',quantum=10000",
    NULL,
};

static void run(const char *spec, int repeat, struct vmlab_ref *buf)
{
    struct vmlab_error err = {0};
    struct vmlab_workload_env env = {.page_size = 4096};
    struct vmlab_stream *s;
    double t0 = now_s();
    if (vmlab_workload_open_spec(&s, spec, 1, 0, &env, "--workload", &err))
        die(&err);
    double open_s = now_s() - t0, best = 0;
    uint64_t n = 0, check = 0;
    for (int k = 0; k < repeat; k++) {
        if (k && vmlab_stream_rewind(s, &err))
            die(&err);
        n = 0;
        t0 = now_s();
        long got;
        while ((got = vmlab_stream_read(s, buf, VMLAB_BLOCK_REFS, &err)) > 0) {
            n += (uint64_t)got;
            check += buf[got - 1].addr; /* touch the block */
        }
        if (got < 0)
            die(&err);
        double dt = now_s() - t0;
        if (!k || dt < best)
            best = dt;
    }
    int namelen = (int)strcspn(spec, ":");
    printf("%-10.*s %12.1f %12llu %10.3f   %s\n", namelen, spec,
           best > 0 ? (double)n / best / 1e6 : 0.0, (unsigned long long)n, open_s, spec);
    if (check == 1)
        printf("\n"); /* keeps the touch */
    vmlab_stream_close(s);
}

int main(int argc, char **argv)
{
    const char *only[64];
    int nonly = 0, repeat = 3;
    static const struct option opts[] = {
        {"workload", required_argument, NULL, 'w'},
        {"repeat", required_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    int c;
    while ((c = getopt_long(argc, argv, "w:r:h", opts, NULL)) != -1) {
        switch (c) {
        case 'w':
            if (nonly < 64)
                only[nonly++] = optarg;
            break;
        case 'r': repeat = atoi(optarg) > 0 ? atoi(optarg) : 1; break;
        default:
            printf("usage: vmlab-genbench [--workload SPEC]... [--repeat N]\n");
            return c == 'h' ? 0 : 2;
        }
    }
    struct vmlab_ref *buf = malloc(VMLAB_BLOCK_REFS * sizeof *buf);
    if (!buf)
        return 1;
    printf("vmlab-genbench %s: generation alone, blocks of %d, best of %d\n\n", vmlab_version(),
           VMLAB_BLOCK_REFS, repeat);
    printf("%-10s %12s %12s %10s   %s\n", "workload", "Mrefs/s", "refs", "open s", "spec");
    if (nonly)
        for (int i = 0; i < nonly; i++)
            run(only[i], repeat, buf);
    else
        for (const char *const *sp = defaults; *sp; sp++)
            run(*sp, repeat, buf);
    free(buf);
    return 0;
}
