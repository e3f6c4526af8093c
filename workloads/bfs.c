/*
 * bfs.c - breadth-first search over a random graph in CSR form, as its
 * address stream: the pattern of graph analytics that defeats TLBs and
 * prefetchers (a random vertex per edge, with a power-law degree skew).
 *
 * The graph: 2^scale vertices and E = edgefactor x 2^scale undirected edges,
 * either R-MAT (Chakrabarti, Zhan and Faloutsos, "R-MAT: a recursive model
 * for graph mining", SDM 2004; the Graph500 generator): each edge picks one
 * quadrant of the adjacency matrix per level, scale times,
 *
 *        ┌─────┬─────┐
 *        │  a  │  b  │   a = 0.57, b = c = 0.19, d = 1 - a - b - c = 0.05
 *        ├─────┼─────┤   (Graph500's values): vertex 0 collects
 *        │  c  │  d  │   E ((a+b)^scale + (a+c)^scale) edge ends on average
 *        └─────┴─────┘
 *
 * (each level's choice from 32 random bits), or uniform (both ends uniform:
 * degrees binomial around 2 edgefactor).
 * Vertex labels are then shuffled (permute=true, as Graph500 does) so that
 * the hubs are scattered over the arrays. Self-loops and repeated edges are
 * kept, as in Graph500's edge list. Each edge (u, v) is stored both ways, in
 * the order the edges were drawn:
 *
 *   offsets[V+1] (8 bytes) ──► edges[2E] (4-byte vertex ids)
 *   parent[V] (4 bytes, -1: unvisited)      queue[V] (4 bytes, the frontier)
 *
 * laid out in that order by base, pad, align. One BFS from a root (a random
 * vertex of nonzero degree, as Graph500 picks them):
 *
 *   for v:  [I loop 0]  W parent[v]                      (parent[v] = -1)
 *   W parent[root]  W queue[0]
 *   while head < tail:
 *       [I loop 1]  R queue[head] (u)  R offsets[u]  R offsets[u+1]
 *       for e in offsets[u] .. offsets[u+1]-1:
 *           [I loop 2]  R edges[e] (v)  R parent[v]
 *           if parent[v] = -1:  W parent[v]  W queue[tail++]
 *
 * One run is `roots` searches (roots drawn from the seed, repeats allowed):
 * per search V (1 + f) + 2 + sum over reached u of (3 + f + deg(u) (2 + f))
 * + 2 (reached - 1) references (f = 1 with ifetch), counted at open by
 * running the searches once. refs = 0 means one run; more repeats it.
 *
 * Parameters: scale (required, 1..24), edgefactor (16), graph (rmat |
 * uniform), a, b, c (R-MAT), permute (true), roots (1), base, pad, align,
 * ifetch, code, and refs, asid, seed.
 * Memory held: the graph and the search's state, 12 V + 8 E + 4 bytes,
 * built at open from the seed without an edge list (the edges are drawn
 * twice: once to count degrees, once to fill). E is at most 2^26 (704 MiB
 * at scale 24): Graph500's scale 22 at edgefactor 16 fits.
 */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <vmlab/workload.h>

#include "gen.h"

#define BFS_MAX_EDGES (UINT64_C(1) << 26)
#define BFS_NONE UINT32_MAX

enum bfs_array { BFS_OFFSETS, BFS_EDGES, BFS_PARENT, BFS_QUEUE, BFS_ARRAYS };
enum bfs_phase { BFS_INIT, BFS_ROOT, BFS_POP, BFS_EDGE };

struct bfs {
    struct gen g;
    uint64_t at[BFS_ARRAYS]; /* byte address of each array */
    uint32_t nv;             /* vertices V */
    uint32_t *off;           /* offsets[V+1]: u's neighbours are adj[off[u] .. off[u+1]) */
    uint32_t *adj;           /* adj[2E]: neighbour ids */
    uint32_t *parent;        /* parent[V], BFS_NONE: unvisited (the search's state) */
    uint32_t *queue;         /* queue[V]: the frontier, head..tail */
    uint32_t *roots;         /* roots[nroots] */
    uint32_t nroots, root;   /* roots, and the current one's index */
    enum bfs_phase phase;
    unsigned slot;       /* position within the current step's references */
    uint32_t v;          /* INIT: vertex; EDGE: the neighbour read */
    uint32_t u;          /* the vertex being expanded */
    uint32_t head, tail; /* queue[head..tail) is the frontier */
    uint32_t e, eend;    /* u's edge read next, and its end */
};

/* The next vertex to expand, or the next search when the frontier is empty. */
static void bfs_pop_next(struct bfs *b)
{
    b->slot = 0;
    if (b->head < b->tail) {
        b->phase = BFS_POP;
        return;
    }
    b->root = b->root + 1 == b->nroots ? 0 : b->root + 1;
    b->phase = BFS_INIT;
    b->v = 0;
}

/* After one neighbour of u: the next, or the next vertex. */
static void bfs_edge_next(struct bfs *b)
{
    b->slot = 0;
    if (++b->e < b->eend)
        b->phase = BFS_EDGE;
    else
        bfs_pop_next(b);
}

static void bfs_next(struct gen *g, struct vmlab_ref *r)
{
    struct bfs *b = (struct bfs *)g;
    switch (b->phase) {
    case BFS_INIT:
        if (b->slot == 0 && g->ifetch) {
            b->slot = 1;
            gen_ifetch(g, r, 0);
            return;
        }
        gen_data(r, b->at[BFS_PARENT] + 4 * (uint64_t)b->v, VMLAB_OP_WRITE, 4);
        b->parent[b->v] = BFS_NONE;
        b->slot = 0;
        if (++b->v == b->nv)
            b->phase = BFS_ROOT;
        return;
    case BFS_ROOT: {
        uint32_t root = b->roots[b->root];
        if (b->slot == 0) {
            gen_data(r, b->at[BFS_PARENT] + 4 * (uint64_t)root, VMLAB_OP_WRITE, 4);
            b->parent[root] = root;
            b->slot = 1;
            return;
        }
        gen_data(r, b->at[BFS_QUEUE], VMLAB_OP_WRITE, 4);
        b->queue[0] = root;
        b->head = 0;
        b->tail = 1;
        b->phase = BFS_POP;
        b->slot = 0;
        return;
    }
    case BFS_POP:
        switch (b->slot) {
        case 0:
            b->slot = 1;
            if (g->ifetch) {
                gen_ifetch(g, r, 1);
                return;
            }
            /* fall through */
        case 1:
            gen_data(r, b->at[BFS_QUEUE] + 4 * (uint64_t)b->head, VMLAB_OP_READ, 4);
            b->u = b->queue[b->head++];
            b->slot = 2;
            return;
        case 2:
            gen_data(r, b->at[BFS_OFFSETS] + 8 * (uint64_t)b->u, VMLAB_OP_READ, 8);
            b->slot = 3;
            return;
        default:
            gen_data(r, b->at[BFS_OFFSETS] + 8 * ((uint64_t)b->u + 1), VMLAB_OP_READ, 8);
            b->e = b->off[b->u];
            b->eend = b->off[b->u + 1];
            b->e--; /* bfs_edge_next steps to the first edge */
            bfs_edge_next(b);
            return;
        }
    case BFS_EDGE:
        switch (b->slot) {
        case 0:
            b->slot = 1;
            if (g->ifetch) {
                gen_ifetch(g, r, 2);
                return;
            }
            /* fall through */
        case 1:
            gen_data(r, b->at[BFS_EDGES] + 4 * (uint64_t)b->e, VMLAB_OP_READ, 4);
            b->v = b->adj[b->e];
            b->slot = 2;
            return;
        case 2:
            gen_data(r, b->at[BFS_PARENT] + 4 * (uint64_t)b->v, VMLAB_OP_READ, 4);
            if (b->parent[b->v] == BFS_NONE)
                b->slot = 3;
            else
                bfs_edge_next(b);
            return;
        case 3:
            gen_data(r, b->at[BFS_PARENT] + 4 * (uint64_t)b->v, VMLAB_OP_WRITE, 4);
            b->parent[b->v] = b->u;
            b->slot = 4;
            return;
        default:
            gen_data(r, b->at[BFS_QUEUE] + 4 * (uint64_t)b->tail, VMLAB_OP_WRITE, 4);
            b->queue[b->tail++] = b->v;
            bfs_edge_next(b);
            return;
        }
    }
}

static void bfs_restart(struct gen *g)
{
    struct bfs *b = (struct bfs *)g;
    b->root = 0;
    b->phase = BFS_INIT;
    b->slot = 0;
    b->v = 0;
}

static void bfs_fini(struct gen *g)
{
    struct bfs *b = (struct bfs *)g;
    free(b->off);
    free(b->adj);
    free(b->parent);
    free(b->queue);
    free(b->roots);
}

GEN_STREAM_REFS(bfs, bfs_next);

static const struct vmlab_param_desc bfs_params[] = {
    {"scale", VMLAB_PARAM_COUNT, NULL, VMLAB_RANGE(1, 24), NULL, "log2 of the vertex count"},
    {"edgefactor", VMLAB_PARAM_COUNT, "16", VMLAB_RANGE(1, 67108864), NULL,
     "edges per vertex (edgefactor x 2^scale at most 2^26)"},
    {"graph", VMLAB_PARAM_STRING, "rmat", VMLAB_ANY, "rmat|uniform",
     "R-MAT (power-law degrees) or uniform random endpoints"},
    {"a", VMLAB_PARAM_REAL, "0.57", VMLAB_RANGE(0, 1), NULL,
     "R-MAT: top-left quadrant probability"},
    {"b", VMLAB_PARAM_REAL, "0.19", VMLAB_RANGE(0, 1), NULL,
     "R-MAT: top-right quadrant probability"},
    {"c", VMLAB_PARAM_REAL, "0.19", VMLAB_RANGE(0, 1), NULL,
     "R-MAT: bottom-left quadrant probability (d = 1 - a - b - c)"},
    {"permute", VMLAB_PARAM_BOOL, "true", VMLAB_ANY, NULL,
     "shuffle vertex labels (Graph500) so hubs are not all at low ids"},
    {"roots", VMLAB_PARAM_COUNT, "1", VMLAB_RANGE(1, 4096), NULL,
     "searches in one run, each from a random vertex of nonzero degree"},
    GEN_PLACE_PARAMS,
    GEN_IFETCH_PARAMS,
    GEN_KERNEL_PARAMS,
    {0},
};

/* How the edges are drawn. */
struct bfs_model {
    bool rmat;
    unsigned scale;
    uint64_t a, ab, abc; /* R-MAT: cumulative quadrant probabilities, in units of 2^-32 */
    uint32_t *perm;      /* vertex relabelling, or NULL */
};

/* The R-MAT quadrant of the 32 random bits @q: row and column bits (branch-free). */
static inline void rmat_level(const struct bfs_model *m, uint64_t q, uint32_t *x, uint32_t *y)
{
    uint32_t ge_a = q >= m->a, ge_ab = q >= m->ab, ge_abc = q >= m->abc;
    *x = *x << 1 | ge_ab;
    *y = *y << 1 | ((ge_a ^ ge_ab) | ge_abc);
}

static inline void bfs_draw_edge(const struct bfs_model *m, struct vmlab_rng *rng, uint32_t *u,
                                 uint32_t *v)
{
    uint32_t x = 0, y = 0;
    if (m->rmat) {
        unsigned l = 0;
        for (; l + 2 <= m->scale; l += 2) { /* two levels per 64-bit draw */
            uint64_t q = vmlab_rng_next(rng);
            rmat_level(m, q & UINT32_MAX, &x, &y);
            rmat_level(m, q >> 32, &x, &y);
        }
        if (l < m->scale)
            rmat_level(m, vmlab_rng_next(rng) >> 32, &x, &y);
    } else {
        x = (uint32_t)vmlab_rng_below(rng, (uint64_t)1 << m->scale);
        y = (uint32_t)vmlab_rng_below(rng, (uint64_t)1 << m->scale);
    }
    *u = m->perm ? m->perm[x] : x;
    *v = m->perm ? m->perm[y] : y;
}

/*
 * Draw the graph into CSR: once to count degrees, again (same draws) to
 * fill. parent[] serves as the relabelling and queue[] as fill cursors.
 */
static void bfs_build(struct bfs *b, struct bfs_model *m, uint64_t ne, struct vmlab_rng *rng)
{
    uint32_t nv = b->nv;
    if (m->perm) {
        for (uint32_t i = 0; i < nv; i++)
            m->perm[i] = i;
        for (uint32_t i = nv - 1; i > 0; i--) {
            uint32_t k = (uint32_t)vmlab_rng_below(rng, (uint64_t)i + 1), t = m->perm[i];
            m->perm[i] = m->perm[k];
            m->perm[k] = t;
        }
    }
    struct vmlab_rng again = *rng;
    memset(b->off, 0, ((size_t)nv + 1) * sizeof *b->off);
    uint32_t u, v;
    for (uint64_t e = 0; e < ne; e++) {
        bfs_draw_edge(m, rng, &u, &v);
        b->off[u + 1]++;
        b->off[v + 1]++;
    }
    for (uint32_t i = 0; i < nv; i++)
        b->off[i + 1] += b->off[i];
    memcpy(b->queue, b->off, (size_t)nv * sizeof *b->queue);
    for (uint64_t e = 0; e < ne; e++) {
        bfs_draw_edge(m, &again, &u, &v);
        b->adj[b->queue[u]++] = v;
        b->adj[b->queue[v]++] = u;
    }
    for (uint32_t i = 0; i < b->nroots; i++) {
        do
            b->roots[i] = (uint32_t)vmlab_rng_below(rng, nv);
        while (b->off[b->roots[i]] == b->off[b->roots[i] + 1]);
    }
}

/* References of one run: the searches made once (see the top of the file). */
static uint64_t bfs_run(struct bfs *b, uint64_t f)
{
    uint64_t run = 0;
    for (uint32_t i = 0; i < b->nroots; i++) {
        for (uint32_t v = 0; v < b->nv; v++)
            b->parent[v] = BFS_NONE;
        uint32_t root = b->roots[i], head = 0, tail = 1;
        b->parent[root] = root;
        b->queue[0] = root;
        run += (uint64_t)b->nv * (1 + f) + 2;
        while (head < tail) {
            uint32_t u = b->queue[head++];
            run += 3 + f + (uint64_t)(b->off[u + 1] - b->off[u]) * (2 + f);
            for (uint32_t e = b->off[u]; e < b->off[u + 1]; e++)
                if (b->parent[b->adj[e]] == BFS_NONE) {
                    b->parent[b->adj[e]] = u;
                    b->queue[tail++] = b->adj[e];
                    run += 2;
                }
        }
    }
    return run;
}

/* A cumulative probability in units of 2^-32 (2^32: always below). */
static uint64_t rmat_threshold(double p)
{
    return p >= 1 ? UINT64_C(1) << 32 : (uint64_t)llround(p * 4294967296.0);
}

static int bfs_open(struct vmlab_stream **out, const struct vmlab_params *p,
                    const struct vmlab_workload_env *env, struct vmlab_error *err)
{
    unsigned scale = (unsigned)vmlab_param_u64(p, "scale");
    uint64_t nv = UINT64_C(1) << scale, ne = gen_mul(vmlab_param_u64(p, "edgefactor"), nv);
    if (ne > BFS_MAX_EDGES)
        return vmlab_error_set(err, VMLAB_EINPUT,
                               "bfs: edgefactor x 2^scale must be at most 2^26 edges (the graph "
                               "is held in memory, 8 bytes per edge), got %llu",
                               (unsigned long long)ne);
    double a = vmlab_param_real(p, "a"), ab = a + vmlab_param_real(p, "b");
    double abc = ab + vmlab_param_real(p, "c");
    if (abc > 1 + 1e-9)
        return vmlab_error_set(err, VMLAB_EINPUT,
                               "bfs: a + b + c must be at most 1 (d = 1 - a - b - c), got %g", abc);
    struct bfs_model m = {
        .rmat = !strcmp(vmlab_param_string(p, "graph"), "rmat"),
        .scale = scale,
        .a = rmat_threshold(a),
        .ab = rmat_threshold(ab),
        .abc = rmat_threshold(abc),
    };
    struct bfs *b = calloc(1, sizeof *b);
    if (!b)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    b->nv = (uint32_t)nv;
    b->nroots = (uint32_t)vmlab_param_u64(p, "roots");
    b->g.restart = bfs_restart;
    b->g.fini = bfs_fini;
    uint64_t sizes[BFS_ARRAYS] = {8 * (nv + 1), 8 * ne, 4 * nv, 4 * nv};
    int rc = gen_place(&b->g, p, env, sizes, BFS_ARRAYS, b->at, "bfs", err);
    if (!rc) {
        b->off = malloc((nv + 1) * sizeof *b->off);
        b->adj = malloc(2 * ne * sizeof *b->adj);
        b->parent = malloc(nv * sizeof *b->parent);
        b->queue = malloc(nv * sizeof *b->queue);
        b->roots = malloc(b->nroots * sizeof *b->roots);
        if (!b->off || !b->adj || !b->parent || !b->queue || !b->roots)
            rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory for the graph (%llu edges)",
                                 (unsigned long long)ne);
    }
    if (rc) {
        bfs_fini(&b->g);
        free(b);
        return rc;
    }
    struct vmlab_rng rng;
    vmlab_rng_seed(&rng, vmlab_param_u64(p, "seed"), 3);
    m.perm = vmlab_param_bool(p, "permute") ? b->parent : NULL;
    bfs_build(b, &m, ne, &rng);
    b->g.run = bfs_run(b, vmlab_param_bool(p, "ifetch"));
    return gen_open(out, &bfs_ops, &b->g, p, env, err);
}

const struct vmlab_workload vmlab_workload_bfs = {
    .abi = VMLAB_WORKLOAD_ABI,
    .name = "bfs",
    .summary = "BFS over an R-MAT or uniform random graph in CSR form (address stream)",
    .params = bfs_params,
    .open = bfs_open,
};
