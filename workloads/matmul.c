/*
 * matmul.c - dense matrix multiply C += A B of n x n row-major matrices, as
 * its address stream, naive (i, j, k loops) or tiled (blocked) with T x T
 * tiles:
 *
 *   for ii, jj, kk in 0..n step T          (naive: T = n, one tile)
 *     for i in ii..ii+T, j in jj..jj+T
 *       R C[i][j]
 *       for k in kk..kk+T:  [I code]  R A[i][k]  R B[k][j]
 *       W C[i][j]
 *
 * (tiles at the matrix edge are cut to fit when T does not divide n). C[i][j]
 * is kept in a register across the k loop, so it is loaded and stored once
 * per (i, j) per k-tile. In the naive order B is walked down a column: n
 * elements n * elem bytes apart, a new page per reference once a row is a
 * page or more, so with fewer frames (or TLB entries) than n the naive
 * multiply misses on nearly every B reference, while a tile whose three
 * T x T blocks fit stays resident (Lam, Rothberg and Wolf, "The cache
 * performance and optimizations of blocked algorithms", ASPLOS 1991).
 *
 * The arrays: A, then B, then C, n^2 elem bytes each, placed by base, pad,
 * align. Both orders make the same n^3 multiply-adds; one run is
 * 2 n^2 ceil(n/T) + n^3 (2 + f) references (f = 1 with ifetch).
 *
 * Parameters: n (required), tile (T; 0, the default, is naive), elem (8),
 * base, pad, align, ifetch, code, and refs, asid, seed (unused).
 * Memory held: none.
 */
#include <config.h>

#include <stdlib.h>

#include <vmlab/workload.h>

#include "gen.h"

enum mm_slot { MM_LOAD_C, MM_FETCH, MM_A, MM_B, MM_STORE_C };

struct matmul {
    struct gen g;
    uint64_t a, b, c;    /* byte addresses of A[0][0], B[0][0], C[0][0] */
    uint64_t n, tile;    /* dimension, tile size (n when naive) */
    uint64_t ii, jj, kk; /* origin of the current tile */
    uint64_t i, j, k;    /* current element indices */
    uint16_t elem;       /* bytes per element */
    enum mm_slot slot;   /* the next reference of the current (i, j) */
};

static inline uint64_t mm_end(const struct matmul *m, uint64_t origin)
{
    return origin + m->tile < m->n ? origin + m->tile : m->n;
}

/* After the store of C[i][j]: the next (i, j) of the tile, or the next tile. */
static void mm_advance(struct matmul *m)
{
    m->k = m->kk;
    if (++m->j < mm_end(m, m->jj))
        return;
    m->j = m->jj;
    if (++m->i < mm_end(m, m->ii))
        return;
    m->i = m->ii;
    if ((m->kk += m->tile) < m->n)
        goto tile;
    m->kk = 0;
    if ((m->jj += m->tile) < m->n)
        goto tile;
    m->jj = 0;
    if ((m->ii += m->tile) >= m->n)
        m->ii = 0; /* the multiply is over: start again */
tile:
    m->i = m->ii;
    m->j = m->jj;
    m->k = m->kk;
}

static void matmul_next(struct gen *g, struct vmlab_ref *r)
{
    struct matmul *m = (struct matmul *)g;
    uint64_t e = m->elem, n = m->n;
    switch (m->slot) {
    case MM_LOAD_C:
        gen_data(r, m->c + (m->i * n + m->j) * e, VMLAB_OP_READ, m->elem);
        m->slot = g->ifetch ? MM_FETCH : MM_A;
        return;
    case MM_FETCH:
        gen_ifetch(g, r, 0);
        m->slot = MM_A;
        return;
    case MM_A:
        gen_data(r, m->a + (m->i * n + m->k) * e, VMLAB_OP_READ, m->elem);
        m->slot = MM_B;
        return;
    case MM_B:
        gen_data(r, m->b + (m->k * n + m->j) * e, VMLAB_OP_READ, m->elem);
        if (++m->k < mm_end(m, m->kk))
            m->slot = g->ifetch ? MM_FETCH : MM_A;
        else
            m->slot = MM_STORE_C;
        return;
    case MM_STORE_C:
        gen_data(r, m->c + (m->i * n + m->j) * e, VMLAB_OP_WRITE, m->elem);
        mm_advance(m);
        m->slot = MM_LOAD_C;
        return;
    }
}

static void matmul_restart(struct gen *g)
{
    struct matmul *m = (struct matmul *)g;
    m->ii = m->jj = m->kk = m->i = m->j = m->k = 0;
    m->slot = MM_LOAD_C;
}

GEN_STREAM_REFS(matmul, matmul_next);

static const struct vmlab_param_desc matmul_params[] = {
    {"n", VMLAB_PARAM_COUNT, NULL, VMLAB_RANGE(1, 1000000), NULL,
     "matrix dimension: A, B and C are n x n, row-major"},
    {"tile", VMLAB_PARAM_COUNT, "0", VMLAB_RANGE(0, 1000000), NULL,
     "tile (block) size T of the tiled order (0: naive i, j, k order)"},
    GEN_ELEM_PARAM("8"),
    GEN_PLACE_PARAMS,
    GEN_IFETCH_PARAMS,
    GEN_KERNEL_PARAMS,
    {0},
};

static int matmul_open(struct vmlab_stream **out, const struct vmlab_params *p,
                       const struct vmlab_workload_env *env, struct vmlab_error *err)
{
    struct matmul *m = calloc(1, sizeof *m);
    if (!m)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    uint64_t n = m->n = vmlab_param_u64(p, "n");
    m->tile = vmlab_param_u64(p, "tile");
    if (!m->tile || m->tile > n)
        m->tile = n;
    m->elem = (uint16_t)vmlab_param_u64(p, "elem");
    m->g.restart = matmul_restart;
    uint64_t ktiles = (n + m->tile - 1) / m->tile, f = vmlab_param_bool(p, "ifetch");
    m->g.run = 2 * n * n * ktiles + n * n * n * (2 + f);
    uint64_t bytes = gen_mul(n * n, m->elem), sizes[3] = {bytes, bytes, bytes}, start[3];
    int rc = gen_place(&m->g, p, env, sizes, 3, start, "matmul", err);
    if (rc) {
        free(m);
        return rc;
    }
    m->a = start[0];
    m->b = start[1];
    m->c = start[2];
    return gen_open(out, &matmul_ops, &m->g, p, env, err);
}

const struct vmlab_workload vmlab_workload_matmul = {
    .abi = VMLAB_WORKLOAD_ABI,
    .name = "matmul",
    .summary = "matrix multiply C += AB, naive (ijk) or tiled, row-major (address stream)",
    .params = matmul_params,
    .open = matmul_open,
};
