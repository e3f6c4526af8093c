/*
 * gen.h - what every synthetic generator shares: the common parameters
 * (refs, writes, asid, seed), the block loops and the operation draw, and for
 * the kernels (triad, matmul, stencil, gups, bfs, hashjoin) the array layout
 * and the optional instruction-fetch stream.
 *
 * Two kinds of generator:
 *
 *   page-level  next_page(g) -> page      gen_fill: addr = page << shift,
 *                                          op drawn from `writes`, size 0
 *   byte-level  next_ref(g, &ref)         gen_fill_refs: the generator sets
 *                                          addr (bytes), op and size itself
 *
 * Either way the per-reference function is inlined into the block loop (no
 * indirect call per reference) and the stream's addresses are bytes, so one
 * workload drives the page model and the translation model alike.
 * Randomness comes from two generators seeded from the run's seed: one for
 * the sequence, one for read/write choice, so changing `writes` never changes
 * the page sequence. A generator that builds a structure at open (a
 * permutation, a graph) seeds its own generator from the seed with another
 * stream number, so rewinding replays the same structure without rebuilding.
 *
 * refs = 0 means one full run of the pattern where the pattern has a natural
 * end (g->run: a scan, a kernel); refs larger than a run repeats it.
 *
 * Kernel layout: the arrays of a kernel are placed one after another from
 * `base`, each at a multiple of `align`, `pad` bytes apart:
 *
 *   base                   (end + pad) rounded up to align
 *   │ array 0 ........... │pad│░│ array 1 ........... │pad│░│ array 2 ...
 *
 * Instruction fetches (ifetch=true): every iteration of a kernel's inner loop
 * starts with one fetch (op I) of its loop body, modelled as one 64-byte line
 * at code + 64 * loop (loop 0, 1, ... numbers the kernel's loops, e.g. the
 * build and the probe loop of a hash join). Data and code pages then share
 * the TLB the way a real loop's do: one code page, hit every iteration.
 */
#ifndef VMLAB_WORKLOADS_GEN_H
#define VMLAB_WORKLOADS_GEN_H

#include <stdbool.h>
#include <stdint.h>

#include <vmlab/params.h>
#include <vmlab/rng.h>
#include <vmlab/stream.h>
#include <vmlab/workload.h>

/* Table entries of the common parameters; @refs_default as text. */
/* clang-format off */
#define GEN_REFS_PARAM(refs_default)                                                        \
    {"refs", VMLAB_PARAM_COUNT, refs_default, VMLAB_RANGE(0, 1e15), NULL,                   \
     "references to generate"}
#define GEN_WRITES_PARAM                                                                    \
    {"writes", VMLAB_PARAM_REAL, "0", VMLAB_RANGE(0, 1), NULL,                              \
     "fraction of references that are writes (drawn independently)"}
#define GEN_ID_PARAMS                                                                       \
    {"asid", VMLAB_PARAM_INT, "0", VMLAB_RANGE(0, 4095), NULL, "address-space id of the process"}, \
    {"seed", VMLAB_PARAM_COUNT, "1", VMLAB_ANY, NULL, "random seed (default: the run's seed)"}
#define GEN_COMMON_PARAMS(refs_default)                                                     \
    GEN_REFS_PARAM(refs_default), GEN_WRITES_PARAM, GEN_ID_PARAMS

/* The common parameters of a generator whose operations are its own (no `writes`). */
#define GEN_KERNEL_PARAMS                                                                   \
    {"refs", VMLAB_PARAM_COUNT, "0", VMLAB_RANGE(0, 1e15), NULL,                            \
     "references to generate (0: one run of the kernel; more repeats it)"},                 \
    GEN_ID_PARAMS

/* Array layout of kernels (see the top of this file). */
#define GEN_ELEM_PARAM(elem_default)                                                        \
    {"elem", VMLAB_PARAM_SIZE, elem_default, VMLAB_RANGE(1, 65535), NULL,                   \
     "element size, bytes (the size of each data reference)"}
#define GEN_BASE_PARAM                                                                      \
    {"base", VMLAB_PARAM_INT, "0", VMLAB_RANGE(0, 9.2e18), NULL,                            \
     "byte address of the first array"}
#define GEN_PLACE_PARAMS                                                                    \
    GEN_BASE_PARAM,                                                                         \
    {"pad", VMLAB_PARAM_SIZE, "0", VMLAB_RANGE(0, 1099511627776.0), NULL,                   \
     "bytes left free after each array (STREAM's OFFSET)"},                                 \
    {"align", VMLAB_PARAM_SIZE, "1", VMLAB_RANGE(1, 1099511627776.0), NULL,                 \
     "arrays start at multiples of this, a power of two (4K: page-aligned allocations)"}
#define GEN_IFETCH_PARAMS                                                                   \
    {"ifetch", VMLAB_PARAM_BOOL, "false", VMLAB_ANY, NULL,                                  \
     "one instruction fetch of the loop body before each inner-loop iteration"},            \
    {"code", VMLAB_PARAM_INT, "0x400000", VMLAB_RANGE(0, 9.2e18), NULL,                     \
     "byte address of the kernel's code (loop bodies of 64 bytes, one after another)"}

/* clang-format on */

#define GEN_BODY_BYTES 64u /* a loop body: one instruction-cache line */
#define GEN_MAX_LOOPS 4u   /* loop bodies a kernel may fetch (code .. code + 256) */

struct gen {
    uint64_t refs; /* references in all */
    uint64_t t;    /* references emitted so far */
    uint64_t run;  /* references of one run of the pattern (refs = 0 means this; 0: none) */
    double writes; /* write fraction (generators with a `writes` parameter) */
    uint64_t seed;
    uint32_t asid;
    unsigned shift;         /* log2(page size) */
    uint64_t max_page;      /* largest page the sequence can emit (set before gen_open) */
    bool ifetch;            /* kernels: emit the loop bodies' instruction fetches */
    uint64_t code;          /* kernels: byte address of loop body 0 */
    struct vmlab_rng rng;   /* sequence draws */
    struct vmlab_rng oprng; /* read/write draws */
    /* back to the first reference (the sequence's own state; may be NULL) */
    void (*restart)(struct gen *g);
    /* free what the sequence holds beyond its struct (may be NULL) */
    void (*fini)(struct gen *g);
};

/* A read or a write, a write with probability `writes` (no draw when it is 0). */
static inline uint8_t gen_draw_op(struct gen *g)
{
    if (g->writes <= 0)
        return VMLAB_OP_READ;
    return vmlab_rng_double(&g->oprng) < g->writes ? VMLAB_OP_WRITE : VMLAB_OP_READ;
}

/* References left for this block of at most @cap. */
static inline size_t gen_block(const struct gen *g, size_t cap)
{
    uint64_t left = g->refs - g->t;
    return left < cap ? (size_t)left : cap;
}

/*
 * The block loop of a page-level generator, inlined into each with its own
 * next-page function, so no indirect call is made per reference.
 */
static inline long gen_fill(struct gen *g, struct vmlab_ref *buf, size_t cap,
                            uint64_t (*next_page)(struct gen *g))
{
    size_t n = gen_block(g, cap);
    unsigned shift = g->shift;
    uint32_t asid = g->asid;
    if (g->writes <= 0) {
        for (size_t i = 0; i < n; i++)
            buf[i] = (struct vmlab_ref){
                .addr = next_page(g) << shift, .asid = asid, .op = VMLAB_OP_READ};
    } else {
        for (size_t i = 0; i < n; i++) {
            uint8_t op = gen_draw_op(g);
            buf[i] = (struct vmlab_ref){.addr = next_page(g) << shift, .asid = asid, .op = op};
        }
    }
    g->t += n;
    return (long)n;
}

/*
 * The block loop of a byte-level generator: @next_ref sets the address (in
 * bytes), operation and size of *r, which arrives zeroed with its ASID set.
 */
static inline long gen_fill_refs(struct gen *g, struct vmlab_ref *buf, size_t cap,
                                 void (*next_ref)(struct gen *g, struct vmlab_ref *r))
{
    size_t n = gen_block(g, cap);
    uint32_t asid = g->asid;
    for (size_t i = 0; i < n; i++) {
        buf[i] = (struct vmlab_ref){.asid = asid};
        next_ref(g, &buf[i]);
    }
    g->t += n;
    return (long)n;
}

/* Set *r to the instruction fetch of loop body @loop of a kernel. */
static inline void gen_ifetch(const struct gen *g, struct vmlab_ref *r, unsigned loop)
{
    r->addr = g->code + (uint64_t)loop * GEN_BODY_BYTES;
    r->op = VMLAB_OP_IFETCH;
    r->size = GEN_BODY_BYTES;
}

/* Set *r to a data reference. */
static inline void gen_data(struct vmlab_ref *r, uint64_t addr, uint8_t op, uint16_t size)
{
    r->addr = addr;
    r->op = op;
    r->size = size;
}

/* Define NAME_read and NAME_ops, the stream of a generator: @fill with @next. */
#define GEN_STREAM_FILL(name, fill, next)                                                          \
    static long name##_read(void *state, struct vmlab_ref *buf, size_t cap,                        \
                            struct vmlab_error *err)                                               \
    {                                                                                              \
        (void)err;                                                                                 \
        return fill(state, buf, cap, next);                                                        \
    }                                                                                              \
    static const struct vmlab_stream_ops name##_ops = {                                            \
        .read = name##_read,                                                                       \
        .rewind = gen_rewind,                                                                      \
        .close = gen_close,                                                                        \
    }
/* ... of a page-level generator whose page sequence is @next */
#define GEN_STREAM(name, next) GEN_STREAM_FILL(name, gen_fill, next)
/* ... of a byte-level generator whose references come from @next */
#define GEN_STREAM_REFS(name, next) GEN_STREAM_FILL(name, gen_fill_refs, next)

int gen_rewind(void *state, struct vmlab_error *err);
void gen_close(void *state);

/*
 * Fill @g's common fields from @p and @env and wrap it in a stream with @ops
 * whose state is @g (malloc'd by the caller, struct gen first; freed on close,
 * or here on failure, after g->fini). Return: 0 or < 0.
 */
int gen_open(struct vmlab_stream **out, const struct vmlab_stream_ops *ops, struct gen *g,
             const struct vmlab_params *p, const struct vmlab_workload_env *env,
             struct vmlab_error *err);

/*
 * Place @n arrays of @bytes[i] bytes by the layout parameters of @p (base;
 * pad and align when the table has them, else 0 and 1): start[i] is array
 * i's first byte. Raises g->max_page to the
 * last page they cover. @name prefixes errors. Return: 0 or VMLAB_EINPUT.
 */
int gen_place(struct gen *g, const struct vmlab_params *p, const struct vmlab_workload_env *env,
              const uint64_t *bytes, size_t n, uint64_t *start, const char *name,
              struct vmlab_error *err);

/* a * b, or UINT64_MAX when it overflows (sizes are then refused by a range check). */
static inline uint64_t gen_mul(uint64_t a, uint64_t b)
{
    uint64_t r;
    return __builtin_mul_overflow(a, b, &r) ? UINT64_MAX : r;
}

#endif /* VMLAB_WORKLOADS_GEN_H */
