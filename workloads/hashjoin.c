/*
 * hashjoin.c - a hash join R ⋈ S as its address stream: a build phase that
 * inserts every tuple of R into a chained hash table, then a probe phase
 * that looks up every tuple of S and walks its bucket's chain:
 *
 *   heads[B]: │ • │ ∅ │ • │ ...        entries[|R|] (16 bytes: key, next)
 *               └──► e7 ──► e2 ──► ∅    a chain, newest entry first
 *
 *   build, tuple i of R (key k, bucket h = k mod B):
 *       [I loop 0]  R R[i]  R heads[h]  W entries[i]  W heads[h]
 *   probe, tuple j of S (bucket h):
 *       [I loop 1]  R S[j]  R heads[h]  then per chain entry e:  [I loop 2]  R entries[e]
 *
 * The no-partitioning join of main-memory join studies (Blanas, Li and
 * Patel, SIGMOD 2011; Balkesen et al., ICDE 2013): R's keys are a random
 * permutation of 0..|R|-1 (a primary key), hashed by their low part
 * (k mod B), so chains have floor or ceil of |R|/B entries; a probe key is
 * one of R's with probability `match`, else a key in |R|..2|R|-1 that is not
 * in R (a chain is walked to its end either way, as when keys need not be
 * unique). The random bucket of every probe is the TLB-hostile part: the
 * table is |R| x 16 + B x 8 bytes.
 *
 * One run is |R| (4 + f) + sum over probes of (2 + f + chain (1 + f))
 * references (f = 1 with ifetch); when B divides |R| every chain holds |R|/B
 * entries and the probe phase is |S| (2 + f + (|R|/B)(1 + f)) exactly,
 * otherwise open counts it with one pass over the probe draws (a few ns per
 * probe). refs = 0 means one run; more repeats it (the build again, with new
 * probe draws).
 *
 * The arrays: R and S (tuple bytes per tuple), heads (8 bytes per bucket),
 * entries (16 bytes per tuple of R), in that order, placed by base, pad,
 * align.
 *
 * Parameters: build (|R|, required, at most 2^27), probe (|S|; 0: 16 |R|,
 * the 1:16 ratio of Balkesen et al.'s workload A), buckets (B; 0: |R|, at
 * most 2^27), match (1), tuple (16 bytes), base, pad, align, ifetch, code,
 * and refs, asid, seed.
 * Memory held: 4 (2 |R| + B) bytes (each tuple's bucket, the chains' links,
 * the heads; 1.5 GiB at the limits), built once at open from the seed.
 */
#include <config.h>

#include <stdlib.h>

#include <vmlab/workload.h>

#include "gen.h"

#define HJ_MAX (UINT64_C(1) << 27)
#define HJ_NONE UINT32_MAX

enum hj_array { HJ_R, HJ_S, HJ_HEADS, HJ_ENTRIES, HJ_ARRAYS };

struct hashjoin {
    struct gen g;
    uint64_t at[HJ_ARRAYS]; /* byte address of each array */
    uint32_t *bucket;       /* bucket[i]: the bucket of R's tuple i */
    uint32_t *next;         /* next[i]: the entry after i in its chain (HJ_NONE: last) */
    uint32_t *head;         /* head[h]: the first entry of bucket h's chain (HJ_NONE: empty) */
    uint64_t nr, ns, nb;    /* |R|, |S|, B */
    double match;           /* fraction of probes whose key is in R */
    uint16_t tuple;         /* bytes per tuple of R and S */
    struct vmlab_rng prng;  /* probe keys */
    bool probing;           /* in the probe phase */
    uint64_t i;             /* current tuple (of R, or of S when probing) */
    uint32_t h;             /* its bucket */
    uint32_t e;             /* probe: the chain entry read next */
    unsigned slot;          /* position within the tuple's references */
};

/* The bucket of the next probe tuple's key. */
static inline uint32_t hj_probe_bucket(struct vmlab_rng *rng, uint64_t nr, uint64_t nb,
                                       double match)
{
    uint64_t key =
        vmlab_rng_double(rng) < match ? vmlab_rng_below(rng, nr) : nr + vmlab_rng_below(rng, nr);
    return (uint32_t)(key % nb);
}

static void hj_next_tuple(struct hashjoin *j)
{
    j->slot = 0;
    if (++j->i < (j->probing ? j->ns : j->nr))
        return;
    j->i = 0;
    j->probing = !j->probing;
}

static void hashjoin_next(struct gen *g, struct vmlab_ref *r)
{
    struct hashjoin *j = (struct hashjoin *)g;
    if (!j->probing) {
        switch (j->slot++) {
        case 0:
            j->h = j->bucket[j->i];
            if (g->ifetch) {
                gen_ifetch(g, r, 0);
                return;
            }
            j->slot++;
            /* fall through */
        case 1: gen_data(r, j->at[HJ_R] + j->i * j->tuple, VMLAB_OP_READ, j->tuple); return;
        case 2: gen_data(r, j->at[HJ_HEADS] + 8 * (uint64_t)j->h, VMLAB_OP_READ, 8); return;
        case 3: gen_data(r, j->at[HJ_ENTRIES] + 16 * j->i, VMLAB_OP_WRITE, 16); return;
        default:
            gen_data(r, j->at[HJ_HEADS] + 8 * (uint64_t)j->h, VMLAB_OP_WRITE, 8);
            hj_next_tuple(j);
            return;
        }
    }
    switch (j->slot) {
    case 0:
        j->h = hj_probe_bucket(&j->prng, j->nr, j->nb, j->match);
        j->e = j->head[j->h];
        j->slot = 1;
        if (g->ifetch) {
            gen_ifetch(g, r, 1);
            return;
        }
        /* fall through */
    case 1:
        gen_data(r, j->at[HJ_S] + j->i * j->tuple, VMLAB_OP_READ, j->tuple);
        j->slot = 2;
        return;
    case 2:
        gen_data(r, j->at[HJ_HEADS] + 8 * (uint64_t)j->h, VMLAB_OP_READ, 8);
        if (j->e == HJ_NONE)
            hj_next_tuple(j);
        else
            j->slot = 3;
        return;
    case 3:
        j->slot = 4;
        if (g->ifetch) {
            gen_ifetch(g, r, 2);
            return;
        }
        /* fall through */
    default:
        gen_data(r, j->at[HJ_ENTRIES] + 16 * (uint64_t)j->e, VMLAB_OP_READ, 16);
        j->e = j->next[j->e];
        if (j->e == HJ_NONE)
            hj_next_tuple(j);
        else
            j->slot = 3;
        return;
    }
}

static void hashjoin_restart(struct gen *g)
{
    struct hashjoin *j = (struct hashjoin *)g;
    vmlab_rng_seed(&j->prng, g->seed, 4);
    j->probing = false;
    j->i = 0;
    j->slot = 0;
}

static void hashjoin_fini(struct gen *g)
{
    struct hashjoin *j = (struct hashjoin *)g;
    free(j->bucket);
    free(j->next);
    free(j->head);
}

GEN_STREAM_REFS(hashjoin, hashjoin_next);

static const struct vmlab_param_desc hashjoin_params[] = {
    {"build", VMLAB_PARAM_COUNT, NULL, VMLAB_RANGE(1, 134217728), NULL,
     "tuples |R| of the build relation (at most 2^27)"},
    {"probe", VMLAB_PARAM_COUNT, "0", VMLAB_RANGE(0, 1e15), NULL,
     "tuples |S| of the probe relation (0: 16 x build)"},
    {"buckets", VMLAB_PARAM_COUNT, "0", VMLAB_RANGE(0, 134217728), NULL,
     "buckets B of the hash table (0: as many as build tuples; at most 2^27)"},
    {"match", VMLAB_PARAM_REAL, "1", VMLAB_RANGE(0, 1), NULL,
     "fraction of probe tuples whose key is in the build relation"},
    {"tuple", VMLAB_PARAM_SIZE, "16", VMLAB_RANGE(1, 65535), NULL,
     "bytes per tuple of either relation (the size of a tuple's read)"},
    GEN_PLACE_PARAMS,
    GEN_IFETCH_PARAMS,
    GEN_KERNEL_PARAMS,
    {0},
};

/* R's keys (a permutation of 0..nr-1 in build order) hashed into buckets, and the chains. */
static void hj_build_table(struct hashjoin *j, uint64_t seed)
{
    struct vmlab_rng rng;
    vmlab_rng_seed(&rng, seed, 3);
    uint32_t n = (uint32_t)j->nr;
    for (uint32_t i = 0; i < n; i++)
        j->bucket[i] = i;
    for (uint32_t i = n - 1; i > 0; i--) { /* Fisher-Yates */
        uint32_t k = (uint32_t)vmlab_rng_below(&rng, (uint64_t)i + 1), t = j->bucket[i];
        j->bucket[i] = j->bucket[k];
        j->bucket[k] = t;
    }
    for (uint64_t h = 0; h < j->nb; h++)
        j->head[h] = HJ_NONE;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t h = j->bucket[i] = (uint32_t)(j->bucket[i] % j->nb);
        j->next[i] = j->head[h];
        j->head[h] = i;
    }
}

/* References of one run (see the top of the file). */
static uint64_t hj_run(const struct hashjoin *j, uint64_t seed, uint64_t f)
{
    uint64_t run = j->nr * (4 + f) + j->ns * (2 + f);
    if (j->nr % j->nb == 0)
        return run + gen_mul(j->ns, (j->nr / j->nb) * (1 + f));
    uint32_t *len = calloc(j->nb, sizeof *len);
    if (!len)
        return 0;
    for (uint64_t i = 0; i < j->nr; i++)
        len[j->bucket[i]]++;
    struct vmlab_rng rng;
    vmlab_rng_seed(&rng, seed, 4);
    uint64_t chain = 0;
    for (uint64_t i = 0; i < j->ns; i++)
        chain += len[hj_probe_bucket(&rng, j->nr, j->nb, j->match)];
    free(len);
    return run + chain * (1 + f);
}

static int hashjoin_open(struct vmlab_stream **out, const struct vmlab_params *p,
                         const struct vmlab_workload_env *env, struct vmlab_error *err)
{
    struct hashjoin *j = calloc(1, sizeof *j);
    if (!j)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    j->nr = vmlab_param_u64(p, "build");
    j->ns = vmlab_param_u64(p, "probe");
    if (!j->ns)
        j->ns = 16 * j->nr;
    j->nb = vmlab_param_u64(p, "buckets");
    if (!j->nb)
        j->nb = j->nr;
    j->match = vmlab_param_real(p, "match");
    j->tuple = (uint16_t)vmlab_param_u64(p, "tuple");
    j->g.restart = hashjoin_restart;
    j->g.fini = hashjoin_fini;
    uint64_t sizes[HJ_ARRAYS] = {gen_mul(j->nr, j->tuple), gen_mul(j->ns, j->tuple), 8 * j->nb,
                                 16 * j->nr};
    int rc = gen_place(&j->g, p, env, sizes, HJ_ARRAYS, j->at, "hashjoin", err);
    if (!rc) {
        j->bucket = malloc(j->nr * sizeof *j->bucket);
        j->next = malloc(j->nr * sizeof *j->next);
        j->head = malloc(j->nb * sizeof *j->head);
        if (!j->bucket || !j->next || !j->head)
            rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory for the hash table");
    }
    uint64_t seed = vmlab_param_u64(p, "seed");
    if (!rc) {
        hj_build_table(j, seed);
        if (!(j->g.run = hj_run(j, seed, vmlab_param_bool(p, "ifetch"))))
            rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    if (rc) {
        hashjoin_fini(&j->g);
        free(j);
        return rc;
    }
    return gen_open(out, &hashjoin_ops, &j->g, p, env, err);
}

const struct vmlab_workload vmlab_workload_hashjoin = {
    .abi = VMLAB_WORKLOAD_ABI,
    .name = "hashjoin",
    .summary = "hash join: build a chained hash table from R, probe it with S (address stream)",
    .params = hashjoin_params,
    .open = hashjoin_open,
};
