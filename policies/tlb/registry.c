/*
 * registry.c - the TLB replacement-policy registry: the in-tree policies of
 * list.h (each wrapped from its inline functions into a struct
 * vmlab_tlb_policy), then plugins in the order loaded (policies/plugin.c).
 * Built at start-up, read-only afterwards.
 */
#include <config.h>

#include <string.h>

#include <vmlab/tlb_policy.h>

#include "builtin.h"
#include "policies/lib/registry.h"

#define TLBP_FIELDS(n, sum, src, par) .name = n, .summary = sum, .source = src, .params = par
#define TLBP_FIELDS_(...) TLBP_FIELDS(__VA_ARGS__)

#define TLB_POLICY(n)                                                                              \
    static int n##_init(void **state, const struct vmlab_tlb_policy_env *env,                      \
                        const struct vmlab_params *params, struct vmlab_error *err)                \
    {                                                                                              \
        struct tlbp_##n *s = calloc(1, sizeof *s);                                                 \
        if (!s)                                                                                    \
            return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");                           \
        int rc = tlbp_##n##_init(s, env, params, err);                                             \
        if (rc) {                                                                                  \
            free(s);                                                                               \
            return rc;                                                                             \
        }                                                                                          \
        *state = s;                                                                                \
        return 0;                                                                                  \
    }                                                                                              \
    static void n##_insert(void *s, uint32_t set, uint32_t way)                                    \
    {                                                                                              \
        tlbp_##n##_insert(s, set, way);                                                            \
    }                                                                                              \
    static void n##_touch(void *s, uint32_t set, uint32_t way)                                     \
    {                                                                                              \
        tlbp_##n##_touch(s, set, way);                                                             \
    }                                                                                              \
    static uint32_t n##_victim(void *s, uint32_t set)                                              \
    {                                                                                              \
        return tlbp_##n##_victim(s, set);                                                          \
    }                                                                                              \
    static void n##_invalidate(void *s, uint32_t set, uint32_t way)                                \
    {                                                                                              \
        tlbp_##n##_invalidate(s, set, way);                                                        \
    }                                                                                              \
    static void n##_fini(void *s)                                                                  \
    {                                                                                              \
        tlbp_##n##_fini(s);                                                                        \
        free(s);                                                                                   \
    }                                                                                              \
    const struct vmlab_tlb_policy vmlab_tlb_policy_##n = {                                         \
        .abi = VMLAB_TLB_POLICY_ABI,                                                               \
        TLBP_FIELDS_(TLBP_INFO_##n),                                                               \
        .init = n##_init,                                                                          \
        .insert = n##_insert,                                                                      \
        .touch = n##_touch,                                                                        \
        .victim = n##_victim,                                                                      \
        .invalidate = n##_invalidate,                                                              \
        .fini = n##_fini,                                                                          \
    };
#include "list.h"
#undef TLB_POLICY

static const struct vmlab_tlb_policy *const builtin[] = {
#define TLB_POLICY(n) &vmlab_tlb_policy_##n,
#include "list.h"
#undef TLB_POLICY
};

#define NBUILTIN (sizeof builtin / sizeof builtin[0])

static struct registry_list extra; /* plugins, registered at start-up */

size_t vmlab_tlb_policy_count(void)
{
    return NBUILTIN + extra.n;
}

const struct vmlab_tlb_policy *vmlab_tlb_policy_at(size_t i)
{
    if (i < NBUILTIN)
        return builtin[i];
    return i - NBUILTIN < extra.n ? extra.items[i - NBUILTIN] : NULL;
}

const struct vmlab_tlb_policy *vmlab_tlb_policy_find(const char *name)
{
    for (size_t i = 0; i < vmlab_tlb_policy_count(); i++)
        if (!strcmp(vmlab_tlb_policy_at(i)->name, name))
            return vmlab_tlb_policy_at(i);
    return NULL;
}

int vmlab_tlb_policy_register(const struct vmlab_tlb_policy *p, struct vmlab_error *err)
{
    if (p->abi != VMLAB_TLB_POLICY_ABI)
        return vmlab_error_set(err, VMLAB_EPLUGIN,
                               "TLB policy built for TLB policy ABI %u, but this vmlab has TLB "
                               "policy ABI %u: rebuild it against this vmlab's headers",
                               p->abi, VMLAB_TLB_POLICY_ABI);
    if (!p->name || !p->name[0] || !p->init || !p->insert || !p->touch || !p->victim)
        return vmlab_error_set(err, VMLAB_EPLUGIN,
                               "TLB policy lacks a name or one of init, insert, touch, victim");
    if (!registry_name_ok(p->name))
        return vmlab_error_set(err, VMLAB_EPLUGIN,
                               "TLB policy name '%s' may hold only a-z, 0-9, '_' and '-'",
                               p->name);
    if (vmlab_tlb_policy_find(p->name))
        return vmlab_error_set(err, VMLAB_EPLUGIN, "a TLB policy named '%s' is already registered",
                               p->name);
    if (registry_append(&extra, p))
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    return 0;
}
