/*
 * chase.c - a pointer chase: N nodes, `spacing` bytes apart, each holding
 * the address of the next, linked in a random order that forms one cycle
 * through all of them, so each lap loads every node exactly once and no
 * load can start before the previous one ends:
 *
 *   node:  0    1    2    3    4            succ: 0→3→1→4→2→0
 *         ┌──┐ ┌──┐ ┌──┐ ┌──┐ ┌──┐
 *         │ 3│ │ 4│ │ 0│ │ 1│ │ 2│          lap: 0 3 1 4 2 | 0 3 1 4 2 | ...
 *         └──┘ └──┘ └──┘ └──┘ └──┘
 *
 * The latency benchmark of lmbench's lat_mem_rd (McVoy and Staelin, USENIX
 * 1996) and of TLB-reach measurements (one node per page: every load is a
 * TLB miss once N exceeds the TLB's reach, and no prefetcher can guess the
 * next page). The cycle is a uniformly random cyclic permutation drawn by
 * Sattolo's algorithm (Sattolo, "An algorithm to generate a random cyclic
 * permutation", Inf. Proc. Letters 22(6), 1986): for i = N-1 down to 1,
 * swap a[i] with a[j], j uniform in [0, i) (strictly below i, which is what
 * makes a single cycle). The chase starts at node 0.
 *
 * References: loads (op R) of 8 bytes (a pointer) at base + node * spacing;
 * with ifetch=true each is preceded by the fetch of the one-line loop body.
 * One lap is N references (2N with ifetch); refs = 0 means one lap, more
 * laps follow the same cycle. Distinct pages of a lap with spacing equal to
 * the page size: N.
 *
 * Parameters: nodes (N, required, at most 2^28), spacing (0: the page size),
 * base (0), ifetch, code, and refs, asid, seed.
 * The generator holds the lap in visiting order (the cycle walked once at
 * open), so emitting a load reads that array sequentially instead of
 * chasing through it: the generator runs at streaming speed whatever N.
 * Memory held: 4 bytes per node (1 GiB at 2^28 nodes; twice that while
 * the cycle is built at open from the seed).
 */
#include <config.h>

#include <stdlib.h>

#include <vmlab/workload.h>

#include "gen.h"

#define CHASE_MAX_NODES (UINT64_C(1) << 28)

struct chase {
    struct gen g;
    uint32_t *lap;    /* lap[k]: the node loaded k-th in a lap (lap[0] = 0) */
    uint64_t base;    /* byte address of node 0 */
    uint64_t spacing; /* bytes between nodes */
    uint32_t k;       /* position in the lap of the next load */
    uint32_t n;       /* nodes */
    bool fetched;     /* the loop body of this load was fetched */
};

static void chase_next(struct gen *g, struct vmlab_ref *r)
{
    struct chase *c = (struct chase *)g;
    if (g->ifetch && !c->fetched) {
        c->fetched = true;
        gen_ifetch(g, r, 0);
        return;
    }
    c->fetched = false;
    gen_data(r, c->base + c->lap[c->k] * c->spacing, VMLAB_OP_READ, 8);
    c->k = c->k + 1 == c->n ? 0 : c->k + 1;
}

static void chase_restart(struct gen *g)
{
    struct chase *c = (struct chase *)g;
    c->k = 0;
    c->fetched = false;
}

static void chase_fini(struct gen *g)
{
    free(((struct chase *)g)->lap);
}

GEN_STREAM_REFS(chase, chase_next);

static const struct vmlab_param_desc chase_params[] = {
    {"nodes", VMLAB_PARAM_COUNT, NULL, VMLAB_RANGE(1, 268435456), NULL,
     "nodes N in the cycle (at most 2^28: 4 bytes each are held)"},
    {"spacing", VMLAB_PARAM_SIZE, "0", VMLAB_RANGE(0, 1099511627776.0), NULL,
     "bytes from one node to the next in memory (0: the page size, one node per page)"},
    GEN_BASE_PARAM,
    GEN_IFETCH_PARAMS,
    GEN_KERNEL_PARAMS,
    {0},
};

/* Sattolo's algorithm: a uniformly random cyclic permutation of 0..n-1 into succ. */
static void sattolo(uint32_t *succ, uint32_t n, struct vmlab_rng *rng)
{
    for (uint32_t i = 0; i < n; i++)
        succ[i] = i;
    for (uint32_t i = n - 1; i > 0; i--) {
        uint32_t j = (uint32_t)vmlab_rng_below(rng, i);
        uint32_t t = succ[i];
        succ[i] = succ[j];
        succ[j] = t;
    }
}

static int chase_open(struct vmlab_stream **out, const struct vmlab_params *p,
                      const struct vmlab_workload_env *env, struct vmlab_error *err)
{
    struct chase *c = calloc(1, sizeof *c);
    if (!c)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    uint64_t n = vmlab_param_u64(p, "nodes");
    c->spacing = vmlab_param_u64(p, "spacing");
    if (!c->spacing)
        c->spacing = env->page_size;
    if (c->spacing < 8) {
        free(c);
        return vmlab_error_set(err, VMLAB_EINPUT,
                               "chase: spacing must be at least 8 bytes (a node holds a pointer)");
    }
    c->g.fini = chase_fini;
    c->g.restart = chase_restart;
    c->g.run = n * (vmlab_param_bool(p, "ifetch") ? 2 : 1);
    uint64_t bytes = gen_mul(n, c->spacing);
    int rc = gen_place(&c->g, p, env, &bytes, 1, &c->base, "chase", err);
    uint32_t *succ = NULL;
    if (!rc && (!(c->lap = malloc(n * sizeof *c->lap)) || !(succ = malloc(n * sizeof *succ))))
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory for %llu nodes",
                             (unsigned long long)n);
    if (rc) {
        chase_fini(&c->g);
        free(c);
        return rc;
    }
    struct vmlab_rng rng;
    vmlab_rng_seed(&rng, vmlab_param_u64(p, "seed"), 3);
    sattolo(succ, (uint32_t)n, &rng);
    c->n = (uint32_t)n;
    for (uint32_t k = 0, node = 0; k < c->n; k++, node = succ[node])
        c->lap[k] = node;
    free(succ);
    return gen_open(out, &chase_ops, &c->g, p, env, err);
}

const struct vmlab_workload vmlab_workload_chase = {
    .abi = VMLAB_WORKLOAD_ABI,
    .name = "chase",
    .summary = "pointer chase: one random cycle through N nodes (Sattolo), a load per node",
    .params = chase_params,
    .open = chase_open,
};
