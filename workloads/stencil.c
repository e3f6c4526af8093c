/*
 * stencil.c - a 5-point 2-D stencil (Jacobi sweeps) over a rows x cols grid
 * of elem-byte elements, row-major, as its address stream. Each sweep
 * reads one grid and writes the other's interior; the next sweep swaps them:
 *
 *              j-1  j  j+1
 *        i-1 │    │ N  │    │
 *        i   │ W  │ C  │ E  │    out[i][j] = (N + W + C + E + S) / 5
 *        i+1 │    │ S  │    │
 *
 *   point (i, j), i in 1..rows-2, j in 1..cols-2 (row by row):
 *       [I code]  R N  R W  R C  R E  R S  W out[i][j]
 *
 * Three rows of the input are live at a time (row i is read again as the
 * north row of i+1 and the south row of i-1), and one of the output, so
 * with rows of several pages (page size P) LRU needs about 4 cols elem / P
 * frames to fault only once per page per sweep: the reuse-distance pattern of
 * structured-grid codes (the Jacobi kernel of the Rodinia and PolyBench
 * suites, e.g. PolyBench jacobi-2d).
 *
 * The grids: in, then out, rows cols elem bytes each, placed by base, pad,
 * align; sweep s reads in when s is even, out when odd. One run is
 * sweeps (rows-2)(cols-2)(6 + f) references (f = 1 with ifetch).
 *
 * Parameters: rows (required, at least 3), cols (0: rows), sweeps (1), elem
 * (8), base, pad, align, ifetch, code, and refs, asid, seed (unused).
 * Memory held: none.
 */
#include <config.h>

#include <stdlib.h>

#include <vmlab/workload.h>

#include "gen.h"

struct stencil {
    struct gen g;
    uint64_t grid[2]; /* byte addresses of the two grids */
    uint64_t rows, cols;
    uint64_t sweeps; /* sweeps in one run */
    uint64_t sweep;  /* current sweep, 0..sweeps-1 */
    uint64_t i, j;   /* current point */
    uint16_t elem;   /* bytes per element */
    unsigned slot;   /* 0: fetch, 1..5: N W C E S, 6: store */
};

static void stencil_next(struct gen *g, struct vmlab_ref *r)
{
    struct stencil *s = (struct stencil *)g;
    uint64_t e = s->elem, cols = s->cols;
    uint64_t in = s->grid[s->sweep & 1], at = (s->i * cols + s->j) * e;
    switch (s->slot) {
    case 0:
        s->slot = 1;
        if (g->ifetch) {
            gen_ifetch(g, r, 0);
            return;
        }
        /* fall through */
    case 1: gen_data(r, in + at - cols * e, VMLAB_OP_READ, s->elem); break;
    case 2: gen_data(r, in + at - e, VMLAB_OP_READ, s->elem); break;
    case 3: gen_data(r, in + at, VMLAB_OP_READ, s->elem); break;
    case 4: gen_data(r, in + at + e, VMLAB_OP_READ, s->elem); break;
    case 5: gen_data(r, in + at + cols * e, VMLAB_OP_READ, s->elem); break;
    default:
        gen_data(r, s->grid[!(s->sweep & 1)] + at, VMLAB_OP_WRITE, s->elem);
        s->slot = 0;
        if (++s->j < cols - 1)
            return;
        s->j = 1;
        if (++s->i < s->rows - 1)
            return;
        s->i = 1;
        if (++s->sweep == s->sweeps)
            s->sweep = 0;
        return;
    }
    s->slot++;
}

static void stencil_restart(struct gen *g)
{
    struct stencil *s = (struct stencil *)g;
    s->i = s->j = 1;
    s->sweep = 0;
    s->slot = 0;
}

GEN_STREAM_REFS(stencil, stencil_next);

static const struct vmlab_param_desc stencil_params[] = {
    {"rows", VMLAB_PARAM_COUNT, NULL, VMLAB_RANGE(3, 1e9), NULL, "rows of the grid"},
    {"cols", VMLAB_PARAM_COUNT, "0", VMLAB_RANGE(0, 1e9), NULL,
     "columns of the grid (0: as many as rows; else at least 3)"},
    {"sweeps", VMLAB_PARAM_COUNT, "1", VMLAB_RANGE(1, 1e9), NULL,
     "sweeps in one run (each swaps the input and output grids)"},
    GEN_ELEM_PARAM("8"),
    GEN_PLACE_PARAMS,
    GEN_IFETCH_PARAMS,
    GEN_KERNEL_PARAMS,
    {0},
};

static int stencil_open(struct vmlab_stream **out, const struct vmlab_params *p,
                        const struct vmlab_workload_env *env, struct vmlab_error *err)
{
    uint64_t rows = vmlab_param_u64(p, "rows"), cols = vmlab_param_u64(p, "cols");
    if (!cols)
        cols = rows;
    if (cols < 3)
        return vmlab_error_set(err, VMLAB_EINPUT, "stencil: cols must be at least 3, got %llu",
                               (unsigned long long)cols);
    struct stencil *s = calloc(1, sizeof *s);
    if (!s)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    s->rows = rows;
    s->cols = cols;
    s->sweeps = vmlab_param_u64(p, "sweeps");
    s->elem = (uint16_t)vmlab_param_u64(p, "elem");
    s->g.restart = stencil_restart;
    uint64_t per = vmlab_param_bool(p, "ifetch") ? 7 : 6;
    s->g.run = gen_mul(gen_mul((rows - 2) * (cols - 2), per), s->sweeps);
    uint64_t bytes = gen_mul(gen_mul(rows, cols), s->elem), sizes[2] = {bytes, bytes};
    int rc = gen_place(&s->g, p, env, sizes, 2, s->grid, "stencil", err);
    if (rc) {
        free(s);
        return rc;
    }
    return gen_open(out, &stencil_ops, &s->g, p, env, err);
}

const struct vmlab_workload vmlab_workload_stencil = {
    .abi = VMLAB_WORKLOAD_ABI,
    .name = "stencil",
    .summary = "5-point 2-D stencil (Jacobi sweeps) over a row-major grid (address stream)",
    .params = stencil_params,
    .open = stencil_open,
};
