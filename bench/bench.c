/*
 * bench.c - the benchmark harness: references per second of each policy
 * through the whole engine (page table, frame table, policy), on a trace
 * held in memory so that trace generation or decoding is not measured.
 *
 * Default: the reference point, a Zipf trace of 10 million
 * references over 1 million pages (alpha 0.9, seed 1) at 65,536 frames.
 * Each policy runs --repeat times; the best time is reported (the least
 * disturbed by the rest of the machine), with peak resident memory.
 *
 * Then the trace readers: the same references written as a native trace
 * (and a text trace) in $TMPDIR, decoded into blocks of VMLAB_BLOCK_REFS
 * references as the engine asks for them; references per second, best of
 * --repeat, with the file's bytes per reference. The decode rate is given
 * per second of CPU time (what one core achieves, however busy the machine)
 * and per second of wall time. --formats-only skips the policies.
 *
 *   make bench
 *   make bench BENCH_ARGS='--policy lru,clock --frames 4096 --repeat 5'
 *   make bench BENCH_ARGS='--trace ../shared/data/cloudPhysicsIO.txt --frames 4096'
 *   make bench BENCH_ARGS='--formats-only --repeat 5'
 *   make bench BENCH_ARGS='--workload zipf:pages=1000000,alpha=0.9,refs=1e8,seed=1 \
 *                          --policy none --mrc lru --repeat 1'
 *   make bench BENCH_ARGS='--trace mix.txt --allocation ws:tau=10000'   (local scope)
 */
#include <config.h>

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <vmlab/mrc.h>
#include <vmlab/vmlab.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* CPU time of this process: what a decoder costs on one core, whoever else runs. */
static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static long peak_rss_kib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static bool in_list(const char *list, const char *name)
{
    size_t len = strlen(name);
    const char *hit = strstr(list, name);
    while (hit && !((hit == list || hit[-1] == ',') && (hit[len] == '\0' || hit[len] == ',')))
        hit = strstr(hit + 1, name);
    return hit != NULL;
}

static void die(const struct vmlab_error *err)
{
    fprintf(stderr, "vmlab-bench: %s\n", err->msg);
    exit(1);
}

/*
 * Write @refs as a trace in @format, then decode it @repeat times into
 * blocks; print the best rate.
 */
static void bench_format(const char *format, const struct vmlab_ref *refs, size_t n,
                         enum vmlab_unit unit, int repeat)
{
    struct vmlab_error err = {0};
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/vmlab-bench.%ld.%s", dir && *dir ? dir : "/tmp", (long)getpid(),
             format);
    struct vmlab_trace_header h = {.unit = unit, .page_size = 4096};
    struct vmlab_writer *w;
    double t = now_s();
    if (vmlab_writer_open(&w, path, format, &h, &err) || vmlab_writer_write(w, refs, n, &err) ||
        vmlab_writer_close(w, &err))
        die(&err);
    double wt = now_s() - t;
    struct stat st;
    stat(path, &st);
    struct vmlab_ref *buf = malloc(VMLAB_BLOCK_REFS * sizeof *buf);
    double best = 1e300, best_cpu = 1e300;
    uint64_t check = 0, total = 0;
    for (int k = 0; k < repeat; k++) {
        struct vmlab_stream *s;
        struct vmlab_trace_opts o = {.page_size = 4096};
        double c = cpu_s();
        t = now_s();
        if (vmlab_trace_open(&s, path, format, &o, &err))
            die(&err);
        total = 0;
        for (long got; (got = vmlab_stream_read(s, buf, VMLAB_BLOCK_REFS, &err)) != 0;) {
            if (got < 0)
                die(&err);
            check += buf[got - 1].addr; /* keep the decoding observable */
            total += (uint64_t)got;
        }
        vmlab_stream_close(s);
        t = now_s() - t;
        c = cpu_s() - c;
        if (t < best)
            best = t;
        if (c < best_cpu)
            best_cpu = c;
    }
    unlink(path);
    free(buf);
    if (total != n) {
        fprintf(stderr, "vmlab-bench: %s decoded %llu references of %zu\n", format,
                (unsigned long long)total, n);
        exit(1);
    }
    printf("%-10s %14.1f %14.1f %10.2f %14.1f%s\n", format, (double)n / best_cpu / 1e6,
           (double)n / best / 1e6, (double)st.st_size / (double)n, (double)n / wt / 1e6,
           check ? "" : " ");
}

int main(int argc, char **argv)
{
    const char *workload = "zipf:pages=1000000,alpha=0.9,refs=1e7,seed=1";
    const char *trace = NULL, *policies = NULL, *curves = "lru";
    uint32_t frames = 65536;
    int repeat = 3;
    const char *allocation = NULL; /* processes and allocation: "fixed", "ws:...", "pff:..." */
    bool local = false;
    bool formats_only = false;
    static const struct option opts[] = {
        {"workload", required_argument, NULL, 'w'}, {"trace", required_argument, NULL, 't'},
        {"policy", required_argument, NULL, 'p'},   {"frames", required_argument, NULL, 'f'},
        {"repeat", required_argument, NULL, 'r'},   {"help", no_argument, NULL, 'h'},
        {"formats-only", no_argument, NULL, 'F'},   {"mrc", required_argument, NULL, 'm'},
        {"allocation", required_argument, NULL, 'a'}, {"local", no_argument, NULL, 'l'},
        {0},
    };
    int c;
    while ((c = getopt_long(argc, argv, "w:t:p:f:r:m:a:lh", opts, NULL)) != -1) {
        switch (c) {
        case 'w': workload = optarg; break;
        case 't': trace = optarg; break;
        case 'p': policies = optarg; break;
        case 'f': frames = (uint32_t)strtoul(optarg, NULL, 10); break;
        case 'r': repeat = atoi(optarg); break;
        case 'a': allocation = optarg; break;
        case 'l': local = true; break;
        case 'F': formats_only = true; break;
        case 'm': curves = optarg; break;
        default:
            printf("usage: vmlab-bench [--workload SPEC | --trace FILE] [--policy a,b|none] "
                   "[--frames N] [--repeat N] [--mrc lru,opt|none] [--formats-only]\n"
                   "                   [--local] [--allocation fixed|ws:...|pff:...]\n");
            return c == 'h' ? 0 : 2;
        }
    }
    struct vmlab_error err = {0};
    int alloc_kind = VMLAB_ALLOC_FIXED;
    struct vmlab_params ap;
    vmlab_params_init(&ap, NULL);
    if (allocation) {
        char name[16];
        const char *atext;
        if (vmlab_spec_split(allocation, name, sizeof name, &atext, "--allocation", &err))
            die(&err);
        while (alloc_kind <= VMLAB_ALLOC_PFF && strcmp(name, vmlab_allocation_name(alloc_kind)))
            alloc_kind++;
        if (alloc_kind > VMLAB_ALLOC_PFF) {
            fprintf(stderr, "vmlab-bench: unknown allocation %s (fixed, ws, pff)\n", name);
            return 2;
        }
        if (vmlab_params_parse(&ap, vmlab_allocation_params(alloc_kind), atext, "--allocation",
                               &err))
            die(&err);
        local |= alloc_kind != VMLAB_ALLOC_FIXED;
    }
    struct vmlab_stream *src;
    const char *what = trace ? trace : workload;
    if (trace) {
        struct vmlab_trace_opts o = {.unit = VMLAB_UNIT_PAGE, .page_size = 4096};
        if (vmlab_trace_open(&src, trace, "auto", &o, &err))
            die(&err);
    } else {
        char name[64];
        const char *ptext;
        if (vmlab_spec_split(workload, name, sizeof name, &ptext, "--workload", &err))
            die(&err);
        const struct vmlab_workload *w = vmlab_workload_find(name);
        if (!w) {
            fprintf(stderr, "vmlab-bench: unknown workload %s\n", name);
            return 2;
        }
        struct vmlab_params p;
        if (vmlab_params_parse(&p, w->params, ptext, "--workload", &err))
            die(&err);
        struct vmlab_workload_env env = {.page_size = 4096};
        if (w->open(&src, &p, &env, &err))
            die(&err);
        vmlab_params_free(&p);
    }
    struct vmlab_ref *refs;
    size_t n;
    double t0 = now_s();
    if (vmlab_stream_slurp(src, &refs, &n, &err))
        die(&err);
    enum vmlab_unit unit = src->unit;
    vmlab_stream_close(src);
    printf("vmlab-bench %s: %s\n", vmlab_version(), what);
    printf("%zu references, %u frames, best of %d; trace materialised in %.2f s\n", n, frames,
           repeat, now_s() - t0);
    printf("scope %s, allocation %s\n\n", local ? "local" : "global",
           allocation ? allocation : "fixed");
    printf("%-10s %12s %10s %14s %12s\n", "policy", "Mrefs/s", "faults", "fault ratio",
           "peak RSS MiB");
    long base_rss = peak_rss_kib();
    for (size_t i = 0; !formats_only && i < vmlab_policy_count(); i++) {
        const struct vmlab_policy *pol = vmlab_policy_at(i);
        if (policies && !in_list(policies, pol->name))
            continue;
        struct vmlab_params pp;
        if (vmlab_params_parse(&pp, pol->params, NULL, pol->name, &err))
            die(&err);
        double best = 1e300;
        struct vmlab_sim_result r = {0};
        for (int k = 0; k < repeat; k++) {
            struct vmlab_stream *s = vmlab_stream_memory(refs, n, unit, false);
            struct vmlab_sim_config cfg = {
                .policy = pol, .policy_params = &pp, .frames = frames, .page_size = 4096, .seed = 1,
                .scope = local ? VMLAB_SCOPE_LOCAL : VMLAB_SCOPE_GLOBAL,
                .allocation = alloc_kind, .alloc_params = allocation ? &ap : NULL,
            };
            vmlab_sim_result_free(&r);
            double t = now_s();
            if (vmlab_simulate(&cfg, s, &r, &err))
                die(&err);
            t = now_s() - t;
            if (t < best)
                best = t;
            vmlab_stream_close(s);
        }
        printf("%-10s %12.1f %10" PRIu64 " %14.6f %12.1f\n", pol->name, (double)n / best / 1e6,
               r.total.faults, vmlab_metrics_fault_ratio(&r.total),
               (double)(peak_rss_kib() > base_rss ? peak_rss_kib() : base_rss) / 1024.0);
        vmlab_sim_result_free(&r);
        vmlab_params_free(&pp);
    }
    printf("\n%-10s %14s %14s %10s %14s\n", "format", "decode (CPU)", "decode (wall)",
           "bytes/ref", "write");
    printf("%-10s %14s %14s %10s %14s\n", "", "Mrefs/s", "Mrefs/s", "", "Mrefs/s");
    bench_format("native", refs, n, unit, repeat);
    bench_format("text", refs, n, unit, repeat);
    /* one-pass curves (issue 8): every size at once */
    for (int algo = VMLAB_MRC_LRU; algo <= VMLAB_MRC_OPT; algo++) {
        const char *name = algo == VMLAB_MRC_LRU ? "lru" : "opt";
        if (formats_only || !in_list(curves, name))
            continue;
        if (algo == VMLAB_MRC_LRU)
            printf("\n%-10s %12s %12s %10s %14s %12s %8s\n", "curve", "Mrefs/s", "CPU Mrefs/s",
                   "pages", "fault ratio", "peak RSS MiB", "B/page");
        double best = 1e300, best_cpu = 1e300;
        struct vmlab_mrc *m = NULL;
        for (int k = 0; k < repeat; k++) {
            struct vmlab_stream *s = vmlab_stream_memory(refs, n, unit, false);
            struct vmlab_mrc_config cfg = {.algo = algo, .page_size = 4096};
            vmlab_mrc_free(m);
            double t = now_s(), cpu = cpu_s();
            if (vmlab_mrc_compute(&m, &cfg, s, &err))
                die(&err);
            t = now_s() - t;
            cpu = cpu_s() - cpu;
            best = t < best ? t : best;
            best_cpu = cpu < best_cpu ? cpu : best_cpu;
            vmlab_stream_close(s);
        }
        uint64_t pages = vmlab_mrc_pages(m);
        printf("%-10s %12.1f %12.1f %10" PRIu64 " %14.6f %12.1f %8.1f\n", name,
               (double)n / best / 1e6, (double)n / best_cpu / 1e6, pages,
               vmlab_mrc_miss_ratio(m, frames),
               (double)(peak_rss_kib() > base_rss ? peak_rss_kib() : base_rss) / 1024.0,
               pages ? (double)vmlab_mrc_bytes(m) / (double)pages : 0.0);
        vmlab_mrc_free(m);
    }
    free(refs);
    vmlab_params_free(&ap);
    return 0;
}
