/*
 * gen.h - what every synthetic generator shares: the common parameters
 * (refs, writes, asid, seed), the block loop and the operation draw. A
 * generator supplies only its page sequence: a function from its state to the
 * next page number.
 *
 * Generators emit byte addresses (page << page shift), so one workload drives
 * the page model and the translation model alike. Randomness comes from two
 * generators seeded from the run's seed: one for pages, one for read/write
 * choice, so changing `writes` never changes the page sequence.
 */
#ifndef VMLAB_WORKLOADS_GEN_H
#define VMLAB_WORKLOADS_GEN_H

#include <stdint.h>

#include <vmlab/params.h>
#include <vmlab/rng.h>
#include <vmlab/stream.h>
#include <vmlab/workload.h>

/* Table entries of the common parameters; @refs_default as text. */
#define GEN_COMMON_PARAMS(refs_default)                                                     \
    {"refs", VMLAB_PARAM_COUNT, refs_default, VMLAB_RANGE(0, 1e15), NULL,                   \
     "references to generate"},                                                             \
    {"writes", VMLAB_PARAM_REAL, "0", VMLAB_RANGE(0, 1), NULL,                              \
     "fraction of references that are writes (drawn independently)"},                       \
    {"asid", VMLAB_PARAM_INT, "0", VMLAB_RANGE(0, 4095), NULL, "address-space id of the process"}, \
    {"seed", VMLAB_PARAM_COUNT, "1", VMLAB_ANY, NULL, "random seed (default: the run's seed)"}

struct gen {
    uint64_t refs;          /* references in all */
    uint64_t t;             /* references emitted so far */
    double writes;          /* write fraction */
    uint64_t seed;
    uint32_t asid;
    unsigned shift;         /* log2(page size) */
    uint64_t max_page;      /* largest page the sequence can emit (set before gen_open) */
    struct vmlab_rng rng;   /* page draws */
    struct vmlab_rng oprng; /* read/write draws */
    /* back to the first reference (the page sequence's own state; may be NULL) */
    void (*restart)(struct gen *g);
};

/*
 * The block loop, inlined into each generator with its own next-page
 * function, so no indirect call is made per reference.
 */
static inline long gen_fill(struct gen *g, struct vmlab_ref *buf, size_t cap,
                            uint64_t (*next_page)(struct gen *g))
{
    uint64_t left = g->refs - g->t;
    size_t n = left < cap ? (size_t)left : cap;
    unsigned shift = g->shift;
    uint32_t asid = g->asid;
    if (g->writes <= 0) {
        for (size_t i = 0; i < n; i++)
            buf[i] = (struct vmlab_ref){.addr = next_page(g) << shift, .asid = asid,
                                        .op = VMLAB_OP_READ};
    } else {
        for (size_t i = 0; i < n; i++) {
            uint8_t op = vmlab_rng_double(&g->oprng) < g->writes ? VMLAB_OP_WRITE : VMLAB_OP_READ;
            buf[i] = (struct vmlab_ref){.addr = next_page(g) << shift, .asid = asid, .op = op};
        }
    }
    g->t += n;
    return (long)n;
}

/* Define NAME_read and NAME_ops, the stream of a generator whose page sequence is @next. */
#define GEN_STREAM(name, next)                                                              \
    static long name##_read(void *state, struct vmlab_ref *buf, size_t cap,                 \
                            struct vmlab_error *err)                                        \
    {                                                                                       \
        return gen_fill(state, buf, cap, next);                                             \
    }                                                                                       \
    static const struct vmlab_stream_ops name##_ops = {                                     \
        .read = name##_read,                                                                \
        .rewind = gen_rewind,                                                               \
        .close = gen_close,                                                                 \
    }

int gen_rewind(void *state, struct vmlab_error *err);
void gen_close(void *state);

/*
 * Fill @g's common fields from @p and @env and wrap it in a stream with @ops
 * whose state is @g (malloc'd by the caller, struct gen first; freed on close,
 * or here on failure). Return: 0 or < 0.
 */
int gen_open(struct vmlab_stream **out, const struct vmlab_stream_ops *ops, struct gen *g,
             const struct vmlab_params *p, const struct vmlab_workload_env *env,
             struct vmlab_error *err);

#endif /* VMLAB_WORKLOADS_GEN_H */
