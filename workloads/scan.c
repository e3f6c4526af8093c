/*
 * scan.c - a hot set and one-time scans in one address space: a fraction p
 * of the references go to a hot set of H pages (uniform within it), the
 * others continue a sequential scan of S further pages, in bursts of B
 * consecutive pages:
 *
 *   pages  0 ..... H-1 │ H ..................................... H+S-1
 *          hot: p / H   │ scan: H, H+1, H+2, ...  (wraps after S pages)
 *
 *   stream  h h h [s s s s] h h [s s s s] h [s s s s] h h h h ...   B = 4
 *                  └─ B ─┘                                 h: a hot page
 *
 * Each step draws once: with probability q one hot reference, else a burst
 * of B scan references, q = p B / (p B + 1 - p), so that a fraction p of the
 * references is hot whatever B (B = 1: every reference is independently hot
 * with probability p, else the next scan page). Between two bursts there are
 * on average q / (1 - q) = p B / (1 - p) hot references. The scan never
 * repeats a page before S scan references (S = 0, the default: as many as
 * the run has references, so none ever does): every scan reference is a
 * compulsory fault, and a page kept for the scan's sake is a frame lost to
 * the hot set.
 *
 * The workload of the scan-resistance claims (Johnson and Shasha, "2Q: a
 * low overhead high performance buffer management replacement algorithm",
 * VLDB 1994; Megiddo and Modha, "ARC: a self-tuning, low overhead
 * replacement cache", FAST 2003; Jiang and Zhang, "LIRS", SIGMETRICS 2002;
 * Yang et al., "FIFO queues are all you need for cache eviction", SOSP 2023;
 * Zhang et al., "SIEVE is simpler than LRU", NSDI 2024): a policy that
 * admits every page as most recently used (LRU) lets each scan page push a
 * hot page towards eviction, and a burst longer than memory flushes the hot
 * set, while a scan-resistant policy passes the scan through a small part of
 * memory and keeps the hot set. With F >= H + 1 frames OPT keeps the hot set
 * and one frame for the scan: its faults are the compulsory ones, the
 * distinct hot pages touched plus every scan reference.
 *
 * Parameters: hot (H, default 1000), hot_refs (p, default 0.5), pages (S,
 * default 0: the run's references), burst (B, default 1), and the common
 * ones. Memory held: none.
 */
#include <config.h>

#include <stdlib.h>

#include <vmlab/workload.h>

#include "gen.h"

struct scan {
    struct gen g;
    uint64_t hot;   /* pages in the hot set: 0 .. hot-1 */
    uint64_t pages; /* pages the scan visits before it wraps: hot .. hot+pages-1 */
    uint64_t burst; /* scan references in a burst */
    double step;    /* q: probability that a step is one hot reference (else a burst) */
    uint64_t pos;   /* next scan page, hot + pos, pos < pages */
    uint64_t left;  /* scan references left in the current burst */
};

static uint64_t scan_next(struct gen *g)
{
    struct scan *s = (struct scan *)g;
    if (!s->left) {
        if (vmlab_rng_double(&g->rng) < s->step)
            return vmlab_rng_below(&g->rng, s->hot);
        s->left = s->burst;
    }
    s->left--;
    uint64_t page = s->hot + s->pos;
    s->pos = s->pos + 1 == s->pages ? 0 : s->pos + 1;
    return page;
}

static void scan_restart(struct gen *g)
{
    struct scan *s = (struct scan *)g;
    s->pos = 0;
    s->left = 0;
}

GEN_STREAM(scan, scan_next);

static const struct vmlab_param_desc scan_params[] = {
    {"hot", VMLAB_PARAM_COUNT, "1000", VMLAB_RANGE(1, 4503599627370495.0), NULL,
     "pages in the hot set, pages 0..hot-1, referenced uniformly"},
    {"hot_refs", VMLAB_PARAM_REAL, "0.5", VMLAB_RANGE(0, 1), NULL,
     "fraction of references to the hot set"},
    {"pages", VMLAB_PARAM_COUNT, "0", VMLAB_RANGE(0, 4503599627370495.0), NULL,
     "pages the scan visits, from page hot on, before it wraps (0: refs, never)"},
    {"burst", VMLAB_PARAM_COUNT, "1", VMLAB_RANGE(1, 1e15), NULL,
     "consecutive scan pages in a burst (1: each reference drawn on its own)"},
    GEN_COMMON_PARAMS("1000000"),
    {0},
};

static int scan_open(struct vmlab_stream **out, const struct vmlab_params *p,
                     const struct vmlab_workload_env *env, struct vmlab_error *err)
{
    uint64_t hot = vmlab_param_u64(p, "hot"), pages = vmlab_param_u64(p, "pages");
    if (!pages)
        pages = vmlab_param_u64(p, "refs");
    if (!pages)
        pages = 1;
    if (pages > VMLAB_PAGE_LIMIT - hot)
        return vmlab_error_set(err, VMLAB_EINPUT, "scan: hot + pages must stay below 2^52 - 1");
    struct scan *s = calloc(1, sizeof *s);
    if (!s)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    double f = vmlab_param_real(p, "hot_refs"), b = (double)vmlab_param_u64(p, "burst");
    s->hot = hot;
    s->pages = pages;
    s->burst = vmlab_param_u64(p, "burst");
    s->step = f >= 1 ? 1 : f * b / (f * b + 1 - f);
    s->g.restart = scan_restart;
    s->g.max_page = hot + pages - 1;
    return gen_open(out, &scan_ops, &s->g, p, env, err);
}

const struct vmlab_workload vmlab_workload_scan = {
    .abi = VMLAB_WORKLOAD_ABI,
    .name = "scan",
    .summary = "a hot set and one-time sequential scans in bursts, one address space",
    .params = scan_params,
    .open = scan_open,
};
