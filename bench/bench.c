/*
 * bench.c - the benchmark harness: references per second of each policy
 * through the whole engine (page table, frame table, policy), on a trace
 * held in memory so that trace generation or decoding is not measured.
 *
 * Default: the reference point, a Zipf trace of 10 million
 * references over 1 million pages (alpha 0.9, seed 1) at 65,536 frames.
 * Each policy runs --repeat times; the best time is reported (the least
 * disturbed by the rest of the machine), as references per second of wall
 * time and of this process's CPU time (which other work on a shared machine
 * disturbs less), with the model's memory: each policy runs in a child
 * process, whose peak resident memory less that of a child that only reads
 * the trace is what the run held (frame table, page table of the pages
 * touched, the policy's state), also given per frame. A policy may carry parameters
 * ("s3-fifo:small=0.2,ghost=0"), and --visibility hardware runs the policies
 * that read only accessed bits as an OS would.
 *
 * Then the trace readers: the same references written as a native trace
 * (and a text trace) in $TMPDIR, decoded into blocks of VMLAB_BLOCK_REFS
 * references as the engine asks for them; references per second, best of
 * --repeat, with the file's bytes per reference. The decode rate is given
 * per second of CPU time (what one core achieves, however busy the machine)
 * and per second of wall time. --formats-only skips the policies.
 *
 * Then the translation pipeline (issue 4): an L1 dTLB of 64 entries x 4
 * ways, an STLB of 1536 x 12, paging-structure caches (PML4E 2, PDPTE 4,
 * PDE 32 x 4) and a 4-level radix table, with the LRU page policy; once with
 * the in-tree LRU of the TLBs inlined, once with the same policy called
 * through its table as a plugin's would be. On three byte-address Zipf
 * traces: the trace above; a Zipf trace over 100,000 pages (--mmu-workload);
 * and the same draws, each page visited for --lines consecutive 64-byte lines
 * (default 8), the spatial locality of a real byte-address trace. A page
 * draw per reference makes most references miss the TLBs (a stress test);
 * with lines most hit, as in programs.
 *
 *
 *   make bench
 *   make bench BENCH_ARGS='--policy lru,clock --frames 4096 --repeat 5'
 *   make bench BENCH_ARGS='--policy sieve,s3-fifo:ghost=0 --visibility hardware'
 *   make bench BENCH_ARGS='--trace ../shared/data/cloudPhysicsIO.txt --frames 4096'
 *   make bench BENCH_ARGS='--formats-only --repeat 5'
 *   make bench BENCH_ARGS='--workload zipf:pages=1000000,alpha=0.9,refs=1e8,seed=1 \
 *                          --policy none --mrc lru --repeat 1'
 *   make bench BENCH_ARGS='--mmu profile:zen4 --policy lru'
 */
#include <config.h>

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
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

/*
 * Copy the next policy spec of the --policy list at *@p into @buf and advance
 * past it: "name" or "name:k=v", with the "k=v" items that follow attached
 * (as the command's --policy reads "lru,s3-fifo:small=0.2,ghost=0").
 */
static void next_spec(const char **p, char *buf, size_t len)
{
    const char *s = *p, *e = s;
    for (;;) {
        e += strcspn(e, ",");
        const char *item = *e == ',' ? e + 1 : e;
        size_t n = strcspn(item, ",");
        if (!*e || !memchr(item, '=', n) || memchr(item, ':', n))
            break;
        e = item; /* a k=v item: part of this spec */
    }
    snprintf(buf, len, "%.*s", (int)(e - s), s);
    *p = *e == ',' ? e + 1 : e;
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

/* The reference pipeline; @policy names the TLBs' replacement policy. */
static const char *pipeline_json(const char *policy, char *buf, size_t len)
{
    snprintf(buf, len,
             "{\"name\": \"bench-%s\", \"tlb\": ["
             "{\"name\": \"L1d\", \"level\": 1, \"type\": \"data\", \"entries\": 64, "
             "\"ways\": 4, \"latency\": 1, \"policy\": \"%s\"},"
             "{\"name\": \"STLB\", \"level\": 2, \"entries\": 1536, \"ways\": 12, "
             "\"latency\": 9, \"policy\": \"%s\"}],"
             "\"page_table\": {\"type\": \"radix\", \"levels\": 4},"
             "\"pwc\": {\"type\": \"psc\", \"caches\": ["
             "{\"level\": \"PML4E\", \"entries\": 2}, {\"level\": \"PDPTE\", \"entries\": 4},"
             "{\"level\": \"PDE\", \"entries\": 32, \"ways\": 4}]}}",
             policy, policy, policy);
    return buf;
}

static struct vmlab_ref *materialise(const char *workload, size_t *n, enum vmlab_unit *unit)
{
    struct vmlab_error err = {0};
    char name[64];
    const char *ptext;
    if (vmlab_spec_split(workload, name, sizeof name, &ptext, "--workload", &err))
        die(&err);
    const struct vmlab_workload *w = vmlab_workload_find(name);
    if (!w) {
        fprintf(stderr, "vmlab-bench: unknown workload %s\n", name);
        exit(2);
    }
    struct vmlab_params p;
    if (vmlab_params_parse(&p, w->params, ptext, "--workload", &err))
        die(&err);
    struct vmlab_workload_env env = {.page_size = 4096};
    struct vmlab_stream *src;
    if (w->open(&src, &p, &env, &err))
        die(&err);
    vmlab_params_free(&p);
    struct vmlab_ref *refs;
    if (vmlab_stream_slurp(src, &refs, n, &err))
        die(&err);
    *unit = src->unit;
    vmlab_stream_close(src);
    return refs;
}

/* Best of @repeat runs of @refs through @mmu (NULL: none) with policy @pol. */
/*
 * Run @pol (with parameters @ptext, or NULL for the defaults) @repeat times.
 * Return: the best wall time; *@best_cpu (may be NULL) the best CPU time.
 */
static double time_runs(const struct vmlab_policy *pol, const char *ptext,
                        const struct vmlab_mmu_desc *mmu, struct vmlab_ref *refs, size_t n,
                        enum vmlab_unit unit, uint32_t frames, int visibility, int repeat,
                        struct vmlab_sim_result *r, double *best_cpu)
{
    struct vmlab_error err = {0};
    struct vmlab_params pp;
    if (vmlab_params_parse(&pp, pol->params, ptext, pol->name, &err))
        die(&err);
    double best = 1e300, cpu_best = 1e300;
    for (int k = 0; k < repeat; k++) {
        struct vmlab_stream *s = vmlab_stream_memory(refs, n, unit, false);
        struct vmlab_sim_config cfg = {
            .policy = pol, .policy_params = &pp, .frames = frames, .page_size = 4096, .seed = 1,
            .mmu = mmu, .visibility = visibility,
        };
        vmlab_sim_result_free(r);
        double t = now_s(), cpu = cpu_s();
        if (vmlab_simulate(&cfg, s, r, &err))
            die(&err);
        t = now_s() - t;
        cpu = cpu_s() - cpu;
        best = t < best ? t : best;
        cpu_best = cpu < cpu_best ? cpu : cpu_best;
        vmlab_stream_close(s);
    }
    vmlab_params_free(&pp);
    if (best_cpu)
        *best_cpu = cpu_best;
    return best;
}

/* ---- each policy in a child process, for its own peak memory ---- */

/* What a child reports through its pipe. */
struct child_result {
    double wall, cpu;  /* best times, seconds */
    uint64_t faults;
    double fault_ratio;
};

/* Peak resident KiB of child @pid, waited for; the child's exit status must be 0. */
static long reap(pid_t pid)
{
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status)) {
        fprintf(stderr, "vmlab-bench: a measuring child failed\n");
        exit(1);
    }
    return ru.ru_maxrss;
}

/*
 * The baseline: the peak resident memory of a child that only reads the
 * trace (which fork shares with it), so that a policy's child's peak minus
 * it is the model's memory: frame table, page table, the policy's state.
 */
static long child_peak_kib(const struct vmlab_ref *refs, size_t n)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        perror("vmlab-bench: fork");
        exit(1);
    }
    if (pid == 0) {
        volatile uint64_t sum = 0;
        for (size_t i = 0; i < n; i++)
            sum += refs[i].addr;
        _exit(0);
    }
    return reap(pid);
}

/* Time policy @pol in a child; *@out gets its figures. Return: the child's peak resident KiB. */
static long policy_in_child(const struct vmlab_policy *pol, const char *ptext,
                            struct vmlab_ref *refs, size_t n, enum vmlab_unit unit,
                            uint32_t frames, int visibility, int repeat, struct child_result *out)
{
    int fd[2];
    fflush(stdout);
    if (pipe(fd)) {
        perror("vmlab-bench: pipe");
        exit(1);
    }
    pid_t pid = fork();
    if (pid < 0) {
        perror("vmlab-bench: fork");
        exit(1);
    }
    if (pid == 0) {
        close(fd[0]);
        struct vmlab_sim_result r = {0};
        struct child_result c;
        c.wall = time_runs(pol, ptext, NULL, refs, n, unit, frames, visibility, repeat, &r, &c.cpu);
        c.faults = r.total.faults;
        c.fault_ratio = vmlab_metrics_fault_ratio(&r.total);
        vmlab_sim_result_free(&r);
        _exit(write(fd[1], &c, sizeof c) == (ssize_t)sizeof c ? 0 : 1);
    }
    close(fd[1]);
    ssize_t got = read(fd[0], out, sizeof *out);
    close(fd[0]);
    long kib = reap(pid);
    if (got != (ssize_t)sizeof *out) {
        fprintf(stderr, "vmlab-bench: no figures from the child of %s\n", pol->name);
        exit(1);
    }
    return kib;
}

static void pipeline_row(const char *label, const struct vmlab_mmu_desc *mmu, struct vmlab_ref *refs,
                         size_t n, enum vmlab_unit unit, uint32_t frames, int repeat)
{
    struct vmlab_sim_result r = {0};
    double best = time_runs(vmlab_policy_find("lru"), NULL, mmu, refs, n, unit, frames,
                            VMLAB_VIS_EXACT, repeat, &r, NULL);
    const struct vmlab_translation *t = r.translation;
    double l1 = t && t->tlb[0].lookups ? 1.0 - (double)t->tlb[0].hits / (double)t->tlb[0].lookups
                                       : 0.0;
    printf("%-34s %10.1f %10.4f %10.4f %12.2f\n", label, (double)n / best / 1e6, l1,
           t && n ? (double)t->walks / (double)n : 0.0,
           t && n ? (double)t->cycles.total / (double)n : 0.0);
    vmlab_sim_result_free(&r);
}

/* Each reference of @refs followed by @k - 1 more to the next 64-byte lines of its page. */
static struct vmlab_ref *expand_lines(const struct vmlab_ref *refs, size_t n, unsigned k,
                                      size_t *out)
{
    struct vmlab_ref *x = malloc(n * k * sizeof *x);
    if (!x) {
        fprintf(stderr, "vmlab-bench: out of memory\n");
        exit(1);
    }
    for (size_t i = 0; i < n; i++)
        for (unsigned j = 0; j < k; j++) {
            x[i * k + j] = refs[i];
            x[i * k + j].addr += (uint64_t)(j % 64) * 64;
        }
    *out = n * k;
    return x;
}

/* The LRU of the TLBs as a plugin would give it: same functions, called through the table. */
static struct vmlab_tlb_policy lru_indirect;

static void pipelines(const char *what, struct vmlab_ref *refs, size_t n, enum vmlab_unit unit,
                      uint32_t frames, int repeat, const char *mmu_spec)
{
    struct vmlab_error err = {0};
    char buf[2048];
    struct vmlab_mmu_desc *inl, *ind;
    if (vmlab_mmu_desc_load(&inl, mmu_spec ? mmu_spec : pipeline_json("lru", buf, sizeof buf),
                            "", "--mmu", &err) ||
        vmlab_mmu_desc_load(&ind, pipeline_json("lru-indirect", buf, sizeof buf), "", "--mmu",
                            &err))
        die(&err);
    printf("\n%s, %zu references, %u frames, LRU pages:\n", what, n, frames);
    printf("%-34s %10s %10s %10s %12s\n", "pipeline", "Mrefs/s", "L1 miss", "walks/ref",
           "cycles/ref");
    pipeline_row("none (page model only)", NULL, refs, n, unit, frames, repeat);
    pipeline_row(mmu_spec ? mmu_spec : "L1 64x4, STLB 1536x12, PSC, radix4", inl, refs, n, unit,
                 frames, repeat);
    if (!mmu_spec)
        pipeline_row("the same, TLB LRU through its table", ind, refs, n, unit, frames, repeat);
    vmlab_mmu_desc_free(inl);
    vmlab_mmu_desc_free(ind);
}

int main(int argc, char **argv)
{
    const char *workload = "zipf:pages=1000000,alpha=0.9,refs=1e7,seed=1";
    const char *trace = NULL, *policies = NULL, *curves = "lru";
    bool formats_only = false;
    uint32_t frames = 65536;
    int repeat = 3;
    /* the translation pipeline (issue 4) */
    const char *mmu_spec = NULL;
    const char *mmu_workload = "zipf:pages=100000,alpha=0.9,refs=1e7,seed=1";
    unsigned lines = 8;
    int visibility = VMLAB_VIS_EXACT;
    static const struct option opts[] = {
        {"workload", required_argument, NULL, 'w'}, {"trace", required_argument, NULL, 't'},
        {"policy", required_argument, NULL, 'p'},   {"frames", required_argument, NULL, 'f'},
        {"repeat", required_argument, NULL, 'r'},   {"help", no_argument, NULL, 'h'},
        {"mmu", required_argument, NULL, 'm'},      {"mmu-workload", required_argument, NULL, 'M'},
        {"lines", required_argument, NULL, 'l'},    {"mrc", required_argument, NULL, 'c'},
        {"formats-only", no_argument, NULL, 'F'},   {"visibility", required_argument, NULL, 'v'},
        {0},
    };
    int c;
    while ((c = getopt_long(argc, argv, "w:t:p:f:r:hm:M:l:c:Fv:", opts, NULL)) != -1) {
        switch (c) {
        case 'w': workload = optarg; break;
        case 't': trace = optarg; break;
        case 'p': policies = optarg; break;
        case 'f': frames = (uint32_t)strtoul(optarg, NULL, 10); break;
        case 'r': repeat = atoi(optarg); break;
        case 'm': mmu_spec = optarg; break;
        case 'M': mmu_workload = optarg; break;
        case 'l': lines = (unsigned)strtoul(optarg, NULL, 10); break;
        case 'c': curves = optarg; break;
        case 'F': formats_only = true; break;
        case 'v': visibility = strcmp(optarg, "hardware") ? VMLAB_VIS_EXACT : VMLAB_VIS_HARDWARE; break;
        default:
            printf("usage: vmlab-bench [--workload SPEC | --trace FILE] [--policy a,b:k=v|none] "
                   "[--frames N] [--repeat N] [--mrc lru,opt|none] [--formats-only]\n"
                   "                   [--visibility exact|hardware] [--mmu SPEC|none] "
                   "[--mmu-workload SPEC] [--lines N]\n");
            return c == 'h' ? 0 : 2;
        }
    }
    struct vmlab_error err = {0};
    const char *what = trace ? trace : workload;
    struct vmlab_ref *refs;
    size_t n;
    enum vmlab_unit unit;
    double t0 = now_s();
    if (trace) {
        struct vmlab_stream *src;
        struct vmlab_trace_opts o = {.unit = VMLAB_UNIT_PAGE, .page_size = 4096};
        if (vmlab_trace_open(&src, trace, "auto", &o, &err) ||
            vmlab_stream_slurp(src, &refs, &n, &err))
            die(&err);
        unit = src->unit;
        vmlab_stream_close(src);
    } else {
        refs = materialise(workload, &n, &unit);
    }
    printf("vmlab-bench %s: %s\n", vmlab_version(), what);
    printf("%zu references, %u frames, visibility %s, best of %d; trace materialised in %.2f s\n\n",
           n, frames, vmlab_visibility_name(visibility), repeat, now_s() - t0);
    printf("%-15s %12s %12s %10s %14s %10s %8s\n", "policy", "Mrefs/s", "CPU Mrefs/s", "faults",
           "fault ratio", "model MiB", "B/frame");
    long base_kib = formats_only ? 0 : child_peak_kib(refs, n);
    const char *next = policies && strcmp(policies, "none") ? policies : "";
    for (size_t i = 0; !formats_only && (policies ? *next != '\0' : i < vmlab_policy_count());
         i++) {
        const struct vmlab_policy *pol;
        char spec[256], name[64];
        const char *ptext = NULL;
        if (policies) {
            next_spec(&next, spec, sizeof spec);
            if (vmlab_spec_split(spec, name, sizeof name, &ptext, "--policy", &err))
                die(&err);
            if (!(pol = vmlab_policy_find(name))) {
                fprintf(stderr, "vmlab-bench: unknown policy %s\n", name);
                return 2;
            }
        } else {
            pol = vmlab_policy_at(i);
            snprintf(spec, sizeof spec, "%s", pol->name);
        }
        struct child_result res;
        long kib = policy_in_child(pol, ptext, refs, n, unit, frames, visibility, repeat, &res);
        double model = kib > base_kib ? (double)(kib - base_kib) * 1024.0 : 0.0;
        printf("%-15s %12.1f %12.1f %10" PRIu64 " %14.6f %10.1f %8.1f\n", spec,
               (double)n / res.wall / 1e6, (double)n / res.cpu / 1e6, res.faults,
               res.fault_ratio, model / 1048576.0, model / (double)frames);
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
               (double)peak_rss_kib() / 1024.0,
               pages ? (double)vmlab_mrc_bytes(m) / (double)pages : 0.0);
        vmlab_mrc_free(m);
    }
    /* the translation pipeline (issue 4) */
    if (formats_only || (mmu_spec && !strcmp(mmu_spec, "none"))) {
        free(refs);
        return 0;
    }
    lru_indirect = *vmlab_tlb_policy_find("lru");
    lru_indirect.name = "lru-indirect";
    if (vmlab_tlb_policy_register(&lru_indirect, &err))
        die(&err);
    if (unit == VMLAB_UNIT_BYTE)
        pipelines(what, refs, n, unit, frames, repeat, mmu_spec);
    free(refs);
    size_t mn;
    enum vmlab_unit mu;
    struct vmlab_ref *mrefs = materialise(mmu_workload, &mn, &mu);
    pipelines(mmu_workload, mrefs, mn, mu, frames, repeat, mmu_spec);
    if (lines > 1) {
        size_t ln;
        struct vmlab_ref *lrefs = expand_lines(mrefs, mn / lines, lines, &ln);
        char what2[512];
        snprintf(what2, sizeof what2, "%s, %u lines per page visit", mmu_workload, lines);
        pipelines(what2, lrefs, ln, mu, frames, repeat, mmu_spec);
        free(lrefs);
    }
    free(mrefs);
    return 0;
}
