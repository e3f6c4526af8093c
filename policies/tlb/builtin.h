/*
 * builtin.h - every in-tree TLB policy of list.h, its inline functions and
 * its registry entry (module-internal: the registry and the translation
 * model's lookups include it).
 */
#ifndef VMLAB_POLICIES_TLB_BUILTIN_H
#define VMLAB_POLICIES_TLB_BUILTIN_H

#include <vmlab/tlb_policy.h>

#include "fifo.h"
#include "lru.h"
#include "nru.h"
#include "plru.h"
#include "random.h"
#include "srrip.h"

#define TLB_POLICY(n) extern const struct vmlab_tlb_policy vmlab_tlb_policy_##n;
#include "list.h"
#undef TLB_POLICY

#endif /* VMLAB_POLICIES_TLB_BUILTIN_H */
