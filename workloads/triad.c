/*
 * triad.c - the STREAM triad kernel, a[i] = b[i] + s * c[i], as its address
 * stream: per element a load of b[i], a load of c[i] and a store of a[i],
 * each `elem` bytes, over three arrays placed as STREAM's static arrays are
 * (a, then b, then c; `pad` is STREAM's OFFSET):
 *
 *   base
 *   │ a[0] a[1] ... a[N-1] │pad│ b[0] ... b[N-1] │pad│ c[0] ... c[N-1] │
 *        ▲ W                      ▲ R                   ▲ R
 *
 *   iteration i:  [I code]  R b[i]   R c[i]   W a[i]
 *
 * Three unit-stride streams, two read and one written: the bandwidth-bound
 * pattern (McCalpin, "Memory bandwidth and machine balance in current high
 * performance computers", IEEE TCCA Newsletter, 1995). Each stream stays on
 * a page for P / elem iterations (page size P), so with 3 frames or more LRU
 * faults once per page per pass, and a pass touches 3 N elem / P distinct
 * pages (arrays page-aligned, N elem a multiple of P).
 *
 * One pass is N iterations, 3 references each (4 with ifetch: the loop
 * body's fetch first); `passes` repeats it (STREAM's NTIMES), refs = 0
 * means all passes, more repeats them.
 *
 * Parameters: elems (N, required), passes (1), elem (8), base, pad, align,
 * ifetch, code, and refs, asid, seed (unused: the kernel is deterministic).
 * Memory held: none.
 */
#include <config.h>

#include <stdlib.h>

#include <vmlab/workload.h>

#include "gen.h"

struct triad {
    struct gen g;
    uint64_t a, b, c; /* byte addresses of a[0], b[0], c[0] */
    uint64_t n;       /* elements per array */
    uint64_t i;       /* current element */
    uint16_t elem;    /* bytes per element */
    unsigned slot;    /* 0: fetch, 1: load b, 2: load c, 3: store a */
};

static void triad_next(struct gen *g, struct vmlab_ref *r)
{
    struct triad *t = (struct triad *)g;
    uint64_t off = t->i * t->elem;
    switch (t->slot) {
    case 0:
        t->slot = 1;
        if (g->ifetch) {
            gen_ifetch(g, r, 0);
            return;
        }
        /* fall through */
    case 1:
        gen_data(r, t->b + off, VMLAB_OP_READ, t->elem);
        t->slot = 2;
        return;
    case 2:
        gen_data(r, t->c + off, VMLAB_OP_READ, t->elem);
        t->slot = 3;
        return;
    default:
        gen_data(r, t->a + off, VMLAB_OP_WRITE, t->elem);
        t->slot = 0;
        t->i = t->i + 1 == t->n ? 0 : t->i + 1;
        return;
    }
}

static void triad_restart(struct gen *g)
{
    struct triad *t = (struct triad *)g;
    t->i = 0;
    t->slot = 0;
}

GEN_STREAM_REFS(triad, triad_next);

static const struct vmlab_param_desc triad_params[] = {
    {"elems", VMLAB_PARAM_COUNT, NULL, VMLAB_RANGE(1, 1e15), NULL,
     "elements N of each array (STREAM_ARRAY_SIZE)"},
    {"passes", VMLAB_PARAM_COUNT, "1", VMLAB_RANGE(1, 1e9), NULL,
     "passes over the arrays in one run (STREAM's NTIMES)"},
    GEN_ELEM_PARAM("8"),
    GEN_PLACE_PARAMS,
    GEN_IFETCH_PARAMS,
    GEN_KERNEL_PARAMS,
    {0},
};

static int triad_open(struct vmlab_stream **out, const struct vmlab_params *p,
                      const struct vmlab_workload_env *env, struct vmlab_error *err)
{
    struct triad *t = calloc(1, sizeof *t);
    if (!t)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    t->n = vmlab_param_u64(p, "elems");
    t->elem = (uint16_t)vmlab_param_u64(p, "elem");
    t->g.restart = triad_restart;
    unsigned per = vmlab_param_bool(p, "ifetch") ? 4 : 3;
    t->g.run = gen_mul(gen_mul(t->n, per), vmlab_param_u64(p, "passes"));
    uint64_t bytes = gen_mul(t->n, t->elem);
    uint64_t bytes3[3] = {bytes, bytes, bytes}, start[3];
    int rc = gen_place(&t->g, p, env, bytes3, 3, start, "triad", err);
    if (rc) {
        free(t);
        return rc;
    }
    t->a = start[0];
    t->b = start[1];
    t->c = start[2];
    return gen_open(out, &triad_ops, &t->g, p, env, err);
}

const struct vmlab_workload vmlab_workload_triad = {
    .abi = VMLAB_WORKLOAD_ABI,
    .name = "triad",
    .summary = "STREAM triad a[i] = b[i] + s*c[i]: loads of b, c and a store of a per element",
    .params = triad_params,
    .open = triad_open,
};
