/*
 * vmlab/tlb_policy.h - the TLB (per-set, hardware) replacement-policy interface.
 *
 * A TLB, a walk cache or a nested TLB of the translation model is an array of
 * sets of ways. The structure owns the entries (tags and translations); its
 * replacement policy owns only an ordering of the ways of each set, behind
 * the verbs hardware has (gem5's replacement policies have the same shape):
 *
 *   init(&state, env, params)  once: env->sets sets of env->ways ways
 *   insert(state, set, way)    a translation was just filled into (set, way)
 *   touch(state, set, way)     a lookup hit (set, way)
 *   victim(state, set)         every way of @set is valid: the way to replace
 *   invalidate(state, set, way)  (set, way) was invalidated (shoot-down, flush)
 *   fini(state)
 *
 * The structure fills invalid ways first, lowest way first, so victim() is
 * called only on a full set. insert() is distinct from touch() because
 * insertion and promotion differ for FIFO and the RRIP family; a policy for
 * which they are the same gives the same function for both.
 *
 *            set s:  | way 0 | way 1 | way 2 | way 3 |     entries: the structure's
 *                       ▲ touch(s, 1)       ▲ victim(s) = 3   ordering: the policy's
 *
 * The in-tree policies (LRU, tree-PLRU, NRU, FIFO, random, SRRIP) are
 * inlined into the lookup loop of the model; a plugin's are called through
 * this table. Out-of-tree policies are shared objects exporting, through
 * VMLAB_PLUGIN_TLB_POLICIES(), the ABI number they were built for and a
 * NULL-ended array; one shared object may export page-replacement policies
 * (vmlab/policy.h) too. vmlab refuses a plugin built for another ABI.
 */
#ifndef VMLAB_TLB_POLICY_H
#define VMLAB_TLB_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include <vmlab/error.h>
#include <vmlab/params.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bump on any change to the structs in this header or params.h. */
#define VMLAB_TLB_POLICY_ABI 1u

struct vmlab_tlb_policy_env {
    uint32_t sets; /* sets of the structure, >= 1 */
    uint32_t ways; /* ways per set, >= 1 (ways = entries: fully associative) */
    uint64_t seed; /* for randomised policies: derived from the run's seed */
};

struct vmlab_tlb_policy {
    uint32_t abi;                          /* VMLAB_TLB_POLICY_ABI */
    const char *name;                      /* lower case, [a-z0-9_-]+ */
    const char *summary;                   /* one line for `vmlab list` */
    const char *source;                    /* the paper or manual it comes from */
    const struct vmlab_param_desc *params; /* NULL-name-ended table, or NULL */

    /* Return 0, or a negative code with @err filled (bad parameters, no memory). */
    int (*init)(void **state, const struct vmlab_tlb_policy_env *env,
                const struct vmlab_params *params, struct vmlab_error *err);
    void (*insert)(void *state, uint32_t set, uint32_t way);
    void (*touch)(void *state, uint32_t set, uint32_t way);
    /* Return: a way of @set, < env->ways. */
    uint32_t (*victim)(void *state, uint32_t set);
    void (*invalidate)(void *state, uint32_t set, uint32_t way); /* may be NULL */
    void (*fini)(void *state);
};

/* In a plugin: VMLAB_PLUGIN_TLB_POLICIES(&my_tlb_policy, ...) */
#define VMLAB_PLUGIN_TLB_POLICIES(...)                                                             \
    const uint32_t vmlab_plugin_tlb_abi = VMLAB_TLB_POLICY_ABI;                                    \
    const struct vmlab_tlb_policy *const vmlab_plugin_tlb_policies[] = {__VA_ARGS__, NULL}

/* The registry: in-tree TLB policies, then plugins in the order loaded. */
const struct vmlab_tlb_policy *vmlab_tlb_policy_find(const char *name);
size_t vmlab_tlb_policy_count(void);
const struct vmlab_tlb_policy *vmlab_tlb_policy_at(size_t i);

/*
 * Add @p (borrowed, must outlive the process). Return: 0 or VMLAB_EPLUGIN
 * (bad ABI, missing verbs, taken name). Plugins are loaded with
 * vmlab_policy_load_plugin (vmlab/policy.h), which registers both kinds.
 */
int vmlab_tlb_policy_register(const struct vmlab_tlb_policy *p, struct vmlab_error *err);

#ifdef __cplusplus
}
#endif

#endif /* VMLAB_TLB_POLICY_H */
