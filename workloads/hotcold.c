/*
 * hotcold.c - the two-pool workload: a hot set of H pages takes a fraction
 * f of the references, the cold set (the other N - H pages) the rest, each
 * page uniform within its pool (independent references):
 *
 *   pages  0 ........ H-1 │ H ................................ N-1
 *          hot: f / H each │ cold: (1 - f) / (N - H) each
 *
 * The experiment of the LRU-K paper (O'Neil, O'Neil and Weikum, "The LRU-K
 * page replacement algorithm for database disk buffering", SIGMOD 1993,
 * section 4.1: pools of N1 = 100 and N2 = 10,000 pages, references split
 * evenly between them: hotcold:pages=10100,hot=100,hot_refs=0.5) and of the
 * 2Q paper (Johnson and Shasha, VLDB 1994), and the "80-20" rule of thumb
 * (the defaults: 20% of the pages take 80% of the references). LRU keeps cold
 * pages that a frequency-aware policy would drop. When a hot page is likelier
 * than a cold one (f/H > (1-f)/(N-H)) and F >= H frames, the best a policy
 * without foresight can do (A0: keep the F likeliest pages) holds the hot set
 * and F - H cold pages, a hit ratio of f + (1 - f)(F - H)/(N - H).
 *
 * Parameters: pages (N, required), hot (H; 0, the default, is N/5, at least
 * 1), hot_refs (f, default 0.8), and the common ones.
 * Memory held: none.
 */
#include <config.h>

#include <stdlib.h>

#include <vmlab/workload.h>

#include "gen.h"

struct hotcold {
    struct gen g;
    uint64_t hot;    /* pages in the hot pool: 0 .. hot-1 */
    uint64_t cold;   /* pages in the cold pool: hot .. hot+cold-1 */
    double hot_refs; /* probability that a reference goes to the hot pool */
};

static uint64_t hotcold_next(struct gen *g)
{
    struct hotcold *h = (struct hotcold *)g;
    if (vmlab_rng_double(&g->rng) < h->hot_refs)
        return vmlab_rng_below(&g->rng, h->hot);
    return h->hot + vmlab_rng_below(&g->rng, h->cold);
}

GEN_STREAM(hotcold, hotcold_next);

static const struct vmlab_param_desc hotcold_params[] = {
    {"pages", VMLAB_PARAM_COUNT, NULL, VMLAB_RANGE(2, 4503599627370495.0), NULL,
     "pages N of both pools"},
    {"hot", VMLAB_PARAM_COUNT, "0", VMLAB_RANGE(0, 4503599627370495.0), NULL,
     "pages in the hot pool, pages 0..hot-1 (0: pages/5)"},
    {"hot_refs", VMLAB_PARAM_REAL, "0.8", VMLAB_RANGE(0, 1), NULL,
     "fraction of references to the hot pool"},
    GEN_COMMON_PARAMS("1000000"),
    {0},
};

static int hotcold_open(struct vmlab_stream **out, const struct vmlab_params *p,
                        const struct vmlab_workload_env *env, struct vmlab_error *err)
{
    uint64_t n = vmlab_param_u64(p, "pages"), hot = vmlab_param_u64(p, "hot");
    if (!hot)
        hot = n / 5 ? n / 5 : 1;
    if (hot >= n)
        return vmlab_error_set(err, VMLAB_EINPUT,
                               "hotcold: hot must be less than pages (%llu), got %llu",
                               (unsigned long long)n, (unsigned long long)hot);
    struct hotcold *h = calloc(1, sizeof *h);
    if (!h)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    h->hot = hot;
    h->cold = n - hot;
    h->hot_refs = vmlab_param_real(p, "hot_refs");
    h->g.max_page = n - 1;
    return gen_open(out, &hotcold_ops, &h->g, p, env, err);
}

const struct vmlab_workload vmlab_workload_hotcold = {
    .abi = VMLAB_WORKLOAD_ABI,
    .name = "hotcold",
    .summary = "two pools: a hot set takes a fraction of the references (LRU-K, 2Q)",
    .params = hotcold_params,
    .open = hotcold_open,
};
