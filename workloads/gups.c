/*
 * gups.c - GUPS, HPCC RandomAccess: random read-modify-write updates of a
 * table of 2^k 64-bit words. Each update advances a pseudo-random value ran
 * and does Table[ran & (entries - 1)] ^= ran: a load (op R) and a store
 * (op W) of the same 8-byte word, nothing else, so every update is a fresh
 * random page once the table exceeds the TLB's reach:
 *
 *   update u (lane j = u mod lanes):  ran_j <- ran_j * x  (mod P)
 *       R base + 8 * (ran_j & mask)
 *       W base + 8 * (ran_j & mask)
 *
 * The values are HPCC's own: the sequence x^n modulo the polynomial
 * P = x^64 + x^2 + x + 1 over GF(2), one step being
 * ran = (ran << 1) ^ (top bit ? 7 : 0). Like HPCC's serial reference
 * (Luszczek et al., "The HPC Challenge (HPCC) benchmark suite", SC 2006;
 * RandomAccess core_single_cpu), `lanes` streams are interleaved, lane j
 * starting at x^(start + j * ceil(updates / lanes)), the n-th element
 * computed by square-and-multiply in GF(2)[x] (HPCC_starts). With seed=0,
 * start = 0: with lanes=128 and the default updates (4 x entries, HPCC's
 * NUPDATE) the address stream is exactly HPCC's, including its warm-up: the
 * lanes start at sparse polynomials (lane 0 at 1: its first 64 updates hit
 * words 2, 4, 8, ...), so the first updates crowd the table's low words.
 * Any other seed starts at a pseudo-random position (splitmix64 of the
 * seed), where the values are dense from the first update.
 *
 * One run is `updates` updates, 2 references each (3 with ifetch: the loop
 * body's fetch first); refs = 0 means one run, more continues the stream.
 *
 * Parameters: table (bytes, a power of two, required), updates (0: 4 x
 * entries), lanes (128), base, ifetch, code, and refs, asid, seed.
 * Memory held: the lanes' values (8 bytes each, at most 1024).
 */
#include <config.h>

#include <stdlib.h>

#include <vmlab/workload.h>

#include "gen.h"

#define GUPS_POLY UINT64_C(7)
#define GUPS_MAX_LANES 1024

struct gups {
    struct gen g;
    uint64_t base;   /* byte address of Table[0] */
    uint64_t mask;   /* entries - 1 */
    uint64_t spread; /* updates between lane starts: ceil(updates / lanes) */
    uint64_t start;  /* position of lane 0's start (0: HPCC's) */
    uint32_t lanes;
    uint32_t lane;                /* lane of the current update */
    unsigned slot;                /* 0: fetch, 1: load, 2: store */
    uint64_t addr;                /* the current update's word */
    uint64_t ran[GUPS_MAX_LANES]; /* each lane's last value */
};

/* ran * x modulo P: one step of HPCC's sequence */
static inline uint64_t gf_mulx(uint64_t v)
{
    return (v << 1) ^ ((int64_t)v < 0 ? GUPS_POLY : 0);
}

/* a * b modulo P in GF(2)[x] (Horner over b's bits) */
static uint64_t gf_mul(uint64_t a, uint64_t b)
{
    uint64_t r = 0;
    for (int i = 63; i >= 0; i--) {
        r = gf_mulx(r);
        if ((b >> i) & 1)
            r ^= a;
    }
    return r;
}

/* x^n modulo P: the n-th element of the sequence that starts at 1 (HPCC_starts) */
static uint64_t gups_starts(uint64_t n)
{
    uint64_t r = 1, sq = 2; /* sq = x^(2^i) */
    for (; n; n >>= 1) {
        if (n & 1)
            r = gf_mul(r, sq);
        sq = gf_mul(sq, sq);
    }
    return r;
}

static void gups_next(struct gen *g, struct vmlab_ref *r)
{
    struct gups *u = (struct gups *)g;
    switch (u->slot) {
    case 0:
        u->slot = 1;
        if (g->ifetch) {
            gen_ifetch(g, r, 0);
            return;
        }
        /* fall through */
    case 1: {
        uint64_t v = u->ran[u->lane] = gf_mulx(u->ran[u->lane]);
        u->addr = u->base + 8 * (v & u->mask);
        gen_data(r, u->addr, VMLAB_OP_READ, 8);
        u->slot = 2;
        return;
    }
    default:
        gen_data(r, u->addr, VMLAB_OP_WRITE, 8);
        u->slot = 0;
        u->lane = u->lane + 1 == u->lanes ? 0 : u->lane + 1;
        return;
    }
}

static void gups_restart(struct gen *g)
{
    struct gups *u = (struct gups *)g;
    for (uint32_t j = 0; j < u->lanes; j++)
        u->ran[j] = gups_starts(u->start + j * u->spread);
    u->lane = 0;
    u->slot = 0;
}

GEN_STREAM_REFS(gups, gups_next);

static const struct vmlab_param_desc gups_params[] = {
    {"table", VMLAB_PARAM_SIZE, NULL, VMLAB_RANGE(8, 1125899906842624.0), NULL,
     "table bytes, a power of two (entries of 8 bytes)"},
    {"updates", VMLAB_PARAM_COUNT, "0", VMLAB_RANGE(0, 1e15), NULL,
     "updates in one run (0: 4 x entries, HPCC's NUPDATE)"},
    {"lanes", VMLAB_PARAM_COUNT, "128", VMLAB_RANGE(1, GUPS_MAX_LANES), NULL,
     "interleaved random streams (HPCC's serial reference: 128)"},
    GEN_BASE_PARAM,
    GEN_IFETCH_PARAMS,
    GEN_KERNEL_PARAMS,
    {0},
};

static int gups_open(struct vmlab_stream **out, const struct vmlab_params *p,
                     const struct vmlab_workload_env *env, struct vmlab_error *err)
{
    uint64_t bytes = vmlab_param_u64(p, "table");
    if (bytes & (bytes - 1))
        return vmlab_error_set(err, VMLAB_EINPUT, "gups: table must be a power of two, got %llu",
                               (unsigned long long)bytes);
    struct gups *u = calloc(1, sizeof *u);
    if (!u)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    uint64_t updates = vmlab_param_u64(p, "updates");
    if (!updates)
        updates = 4 * (bytes / 8);
    u->mask = bytes / 8 - 1;
    u->lanes = (uint32_t)vmlab_param_u64(p, "lanes");
    u->spread = (updates + u->lanes - 1) / u->lanes;
    uint64_t seed = vmlab_param_u64(p, "seed");
    u->start = seed ? vmlab_splitmix64(&seed) : 0;
    u->g.restart = gups_restart;
    u->g.run = gen_mul(updates, vmlab_param_bool(p, "ifetch") ? 3 : 2);
    int rc = gen_place(&u->g, p, env, &bytes, 1, &u->base, "gups", err);
    if (rc) {
        free(u);
        return rc;
    }
    return gen_open(out, &gups_ops, &u->g, p, env, err);
}

const struct vmlab_workload vmlab_workload_gups = {
    .abi = VMLAB_WORKLOAD_ABI,
    .name = "gups",
    .summary = "GUPS (HPCC RandomAccess): random read-modify-write of 8-byte table words",
    .params = gups_params,
    .open = gups_open,
};
