/*
 * vmlab/policy.h - the page-replacement policy interface.
 *
 * A policy is a table of functions and a private state. The engine owns the
 * page->frame map and the frame table (struct vmlab_frames); the policy owns
 * only its ordering of frames and whatever history it keeps. The engine calls:
 *
 *   init(&state, env, params)  once, before the first reference
 *   hit(state, f, a)           a resident page in frame f was accessed
 *                              (exact visibility only; may be NULL)
 *   victim(state, a)           memory is full and a's page is not resident:
 *                              return the frame to evict
 *   insert(state, f, a)        a's page was just loaded into frame f
 *   remove(state, f)           frame f was freed for another reason
 *   tick(state, time)          the policy's timer (may be NULL): returns the
 *                              time of its next call
 *   fini(state)                once, at the end
 *
 * Frames are numbered 0..env->nframes-1 within the pool the policy manages.
 * Free frames are used before victim() is ever called, lowest number first.
 *
 * The timer. Time counts the references of the run, as vmlab_access.time
 * does: time T is the moment after references 0..T-1 have run and before
 * reference T runs. The engine calls tick(state, 0) before the first
 * reference, and then tick(state, T) when the run reaches the time T that
 * the previous call returned, between two references: every reference
 * before T has run, none after; in hardware visibility the frame table holds
 * the bits those references set. A tick is the work an OS does in its
 * timer interrupt (NRU clears the accessed bits, Aging shifts them into its
 * registers); the policy may read and clear bits there as at a fault. It
 * returns the time of the next tick, later than @time, or VMLAB_NEVER for
 * none; a return not after @time is a bug, and the run stops with an error
 * naming the policy. A time the run does not reach is never called (no tick
 * after the last reference). The engine splits its blocks of references at
 * tick times, so the hook costs nothing per reference; a NULL hook, nothing.
 * Time is global: in local scope (one instance per process pool) every
 * instance ticks on the run's clock, counting every process's references,
 * as a timer interrupt does, not on its process's own virtual time; a
 * process suspended by ws/pff allocation keeps ticking, one that has exited
 * does not. Ticks at the same time as the allocator's (ws, pff) come after
 * it.
 *
 * Out-of-tree policies are shared objects that export, through
 * VMLAB_PLUGIN_POLICIES(), the ABI number they were built for and a NULL-ended
 * array of policies; vmlab refuses a plugin built for another ABI. Build one
 * with `cc -shared -fPIC $(pkg-config --cflags vmlab) mine.c -o mine.so`.
 */
#ifndef VMLAB_POLICY_H
#define VMLAB_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include <vmlab/error.h>
#include <vmlab/frames.h>
#include <vmlab/params.h>
#include <vmlab/ref.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Bump on any change to the structs in this header, frames.h, params.h or ref.h.
 * 2: struct vmlab_policy's tick hook; the frame verbs of frames.h inline.
 */
#define VMLAB_POLICY_ABI 2u

#define VMLAB_NEVER UINT64_MAX  /* no such time: a page not referenced again, no next tick */

/* What the engine tells a policy about the reference being handled. */
struct vmlab_access {
    uint64_t key;       /* page key: vmlab_page_key(page, asid) */
    uint64_t time;      /* index of this reference in the run, from 0 */
    uint64_t next_use;  /* time of the page's next reference, or VMLAB_NEVER
                           (only for VMLAB_POLICY_NEEDS_FUTURE; else VMLAB_NEVER) */
    uint32_t page_id;   /* dense id of the page, in order of first touch */
    uint32_t asid;      /* process */
    uint8_t op;         /* enum vmlab_op */
};

struct vmlab_policy_env {
    uint32_t nframes;             /* frames in the pool */
    uint64_t seed;                /* the run's seed, for randomised policies */
    int visibility;               /* enum vmlab_visibility */
    struct vmlab_frames *frames;  /* the pool's frame table, valid until fini */
};

enum vmlab_policy_flags {
    VMLAB_POLICY_NEEDS_FUTURE = 1u << 0,  /* reads vmlab_access.next_use (OPT) */
    VMLAB_POLICY_NEEDS_EXACT = 1u << 1,   /* needs hit() on every access: refused
                                             in hardware visibility */
    /*
     * One-pass curves (issue 8): the policy is a stack algorithm (Mattson et
     * al. 1970) whose priority is the one named, so the engine computes its
     * faults at every memory size in one pass of stack distances
     * (vmlab/mrc.h) instead of one simulation per size. A policy sets at most
     * one, and only if its parameters never change its choices. Old plugins
     * do not set them and are simulated size by size; a vmlab that does not
     * know them ignores them. The ABI number is unchanged: flag values are
     * not layout, and both directions stay correct.
     */
    VMLAB_POLICY_STACK_LRU = 1u << 2,     /* priority: recency (LRU) */
    VMLAB_POLICY_STACK_OPT = 1u << 3,     /* priority: next use (OPT, Belady's MIN) */
};

/* Either stack flag: the policy has a one-pass miss-ratio curve. */
#define VMLAB_POLICY_STACK (VMLAB_POLICY_STACK_LRU | VMLAB_POLICY_STACK_OPT)

struct vmlab_policy {
    uint32_t abi;                           /* VMLAB_POLICY_ABI */
    const char *name;                       /* lower case, [a-z0-9_-]+ */
    const char *summary;                    /* one line for `vmlab list` */
    const char *source;                     /* the paper or book it comes from */
    const struct vmlab_param_desc *params;  /* NULL-name-ended table, or NULL */
    uint32_t flags;                         /* enum vmlab_policy_flags */

    /* Return 0, or a negative code with @err filled (bad parameters, no memory). */
    int (*init)(void **state, const struct vmlab_policy_env *env,
                const struct vmlab_params *params, struct vmlab_error *err);
    void (*hit)(void *state, uint32_t frame, const struct vmlab_access *a);
    uint32_t (*victim)(void *state, const struct vmlab_access *a);
    void (*insert)(void *state, uint32_t frame, const struct vmlab_access *a);
    void (*remove)(void *state, uint32_t frame);
    void (*fini)(void *state);
    /* The timer (see above): NULL, or called at time 0 and at each time it returns. */
    uint64_t (*tick)(void *state, uint64_t time);
};

/* In a plugin: VMLAB_PLUGIN_POLICIES(&my_policy, &my_other_policy) */
#define VMLAB_PLUGIN_POLICIES(...)                                           \
    const uint32_t vmlab_plugin_abi = VMLAB_POLICY_ABI;                      \
    const struct vmlab_policy *const vmlab_plugin_policies[] = {__VA_ARGS__, \
                                                                NULL}

/* The registry: in-tree policies, then plugins in the order loaded. */
const struct vmlab_policy *vmlab_policy_find(const char *name);
size_t vmlab_policy_count(void);
const struct vmlab_policy *vmlab_policy_at(size_t i);

/* Add @p (borrowed, must outlive the process). Return: 0 or VMLAB_EPLUGIN (bad ABI, taken name). */
int vmlab_policy_register(const struct vmlab_policy *p, struct vmlab_error *err);

/* Load the policies of the shared object at @path. Return: 0 or VMLAB_EPLUGIN. */
int vmlab_policy_load_plugin(const char *path, struct vmlab_error *err);

/*
 * Load every plugin named by VMLAB_PLUGIN_PATH: a colon-separated list of
 * shared objects and of directories whose *.so files are loaded in name order.
 */
int vmlab_policy_load_plugin_path(struct vmlab_error *err);

#ifdef __cplusplus
}
#endif

#endif /* VMLAB_POLICY_H */
