/*
 * tlb.c - building, filling and invalidating set-associative translation
 * structures (tlb.h). Lookups are inline in tlb.h; everything here runs on a
 * miss, a shoot-down or a flush.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tlb.h"

static uint8_t builtin_index(const struct vmlab_tlb_policy *p)
{
#define TLB_POLICY(n)                                                                              \
    if (p == &vmlab_tlb_policy_##n)                                                                \
        return TLBP_##n;
#include "policies/tlb/list.h"
#undef TLB_POLICY
    return TLBP_PLUGIN;
}

int tlb_init(struct tlb *t, const struct vmlab_cache_desc *d, uint64_t seed,
             struct vmlab_error *err)
{
    memset(t, 0, sizeof *t);
    snprintf(t->name, sizeof t->name, "%s", d->name);
    if (!d->entries || !d->ways || d->ways > d->entries || d->entries % d->ways)
        return vmlab_error_set(err, VMLAB_EINPUT,
                               "%s: %u entries cannot be split into sets of %u ways", d->name,
                               d->entries, d->ways);
    t->ways = d->ways;
    t->sets = d->entries / d->ways;
    t->pow2 = !(t->sets & (t->sets - 1));
    t->set_mask = t->sets - 1;
    t->latency = d->latency;
    t->policy = d->policy ? d->policy : &vmlab_tlb_policy_lru;
    t->pol = builtin_index(t->policy);
    size_t n = (size_t)t->sets * t->ways;
    t->tag = malloc(n * sizeof *t->tag);
    t->pay = calloc(n, sizeof *t->pay);
    t->valid = calloc(t->sets, sizeof *t->valid);
    if (t->ways >= TLB_FP_WAYS) {
        t->fpw = (t->ways + 7) / 8;
        t->fp = calloc((size_t)t->sets * t->fpw, 8);
        uint8_t last[8] = {0}; /* the flags of the ways in a set's last word, in memory order */
        for (uint32_t w = 8 * (t->fpw - 1); w < t->ways; w++)
            last[w % 8] = 0x80;
        memcpy(&t->fp_last, last, sizeof t->fp_last);
    }
    if (!t->tag || !t->pay || !t->valid || (t->fpw && !t->fp)) {
        tlb_fini(t);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory for %s (%u entries)", d->name,
                               d->entries);
    }
    for (size_t i = 0; i < n; i++)
        t->tag[i] = TLB_INVALID;
    struct vmlab_tlb_policy_env env = {.sets = t->sets, .ways = t->ways, .seed = seed};
    /* a description built in code may leave the parameters empty: defaults then */
    struct vmlab_params defaults;
    const struct vmlab_params *params = &d->params;
    bool own = false;
    if (!d->params.desc) {
        int rc = vmlab_params_parse(&defaults, t->policy->params, NULL, d->name, err);
        if (rc) {
            tlb_fini(t);
            return rc;
        }
        params = &defaults;
        own = true;
    }
    int rc = t->policy->init(&t->pstate, &env, params, err);
    if (own)
        vmlab_params_free(&defaults);
    if (!rc && t->pol == TLBP_lru && ((struct tlbp_lru *)t->pstate)->r.order) {
        t->order = ((struct tlbp_lru *)t->pstate)->r.order;
        t->order_last = ((struct tlbp_lru *)t->pstate)->r.last;
    }
    if (rc) {
        t->policy = NULL;
        tlb_fini(t);
        return vmlab_error_prefix(err, "%s: TLB policy %s", d->name,
                                  d->policy ? d->policy->name : "lru");
    }
    return 0;
}

void tlb_fini(struct tlb *t)
{
    if (t->policy && t->policy->fini && t->pstate)
        t->policy->fini(t->pstate);
    free(t->tag);
    free(t->pay);
    free(t->valid);
    free(t->fp);
    t->tag = NULL;
    t->pay = NULL;
    t->valid = NULL;
    t->fp = NULL;
    t->order = NULL;
    t->policy = NULL;
}

void tlb_other_touch(struct tlb *t, uint32_t set, uint32_t way)
{
    switch (t->pol) {
#define TLB_POLICY(n)                                                                              \
    case TLBP_##n:                                                                                 \
        tlbp_##n##_touch((struct tlbp_##n *)t->pstate, set, way);                                  \
        break;
#include "policies/tlb/list.h"
#undef TLB_POLICY
    default: t->policy->touch(t->pstate, set, way); break;
    }
}

void tlb_other_insert(struct tlb *t, uint32_t set, uint32_t way)
{
    switch (t->pol) {
#define TLB_POLICY(n)                                                                              \
    case TLBP_##n:                                                                                 \
        tlbp_##n##_insert((struct tlbp_##n *)t->pstate, set, way);                                 \
        break;
#include "policies/tlb/list.h"
#undef TLB_POLICY
    default: t->policy->insert(t->pstate, set, way); break;
    }
}

uint32_t tlb_other_victim(struct tlb *t, uint32_t set)
{
    switch (t->pol) {
#define TLB_POLICY(n)                                                                              \
    case TLBP_##n:                                                                                 \
        return tlbp_##n##_victim((struct tlbp_##n *)t->pstate, set);
#include "policies/tlb/list.h"
#undef TLB_POLICY
    default: {
        uint32_t w = t->policy->victim(t->pstate, set);
        return w < t->ways ? w : w % t->ways; /* a plugin's bad answer stays in range */
    }
    }
}

static void policy_invalidate(struct tlb *t, uint32_t set, uint32_t way)
{
    switch (t->pol) {
#define TLB_POLICY(n)                                                                              \
    case TLBP_##n:                                                                                 \
        tlbp_##n##_invalidate((struct tlbp_##n *)t->pstate, set, way);                             \
        break;
#include "policies/tlb/list.h"
#undef TLB_POLICY
    default:
        if (t->policy->invalidate)
            t->policy->invalidate(t->pstate, set, way);
        break;
    }
}

void tlb_remove(struct tlb *t, long slot)
{
    uint32_t set = (uint32_t)((size_t)slot / t->ways);
    if (t->held && t->pay[slot].frame != VMLAB_NO_FRAME)
        t->held[t->pay[slot].frame]--;
    t->tag[slot] = TLB_INVALID;
    t->valid[set]--;
    policy_invalidate(t, set, (uint32_t)((size_t)slot % t->ways));
}

bool tlb_invalidate(struct tlb *t, uint64_t tag)
{
    long slot = tlb_peek(t, tag);
    if (slot < 0)
        return false;
    tlb_remove(t, slot);
    t->invalidations++;
    return true;
}

uint64_t tlb_flush(struct tlb *t, uint32_t asid)
{
    uint64_t n = 0;
    size_t total = (size_t)t->sets * t->ways;
    for (size_t i = 0; i < total; i++) {
        if (t->tag[i] == TLB_INVALID || (asid != UINT32_MAX && tlb_tag_asid(t->tag[i]) != asid))
            continue;
        tlb_remove(t, (long)i);
        n++;
    }
    t->invalidations += n;
    return n;
}
