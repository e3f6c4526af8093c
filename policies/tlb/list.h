/*
 * list.h - the in-tree TLB replacement policies, one line each, in the order
 * `vmlab list tlb-policies` prints them. Adding one: a header
 * policies/tlb/NAME.h with the tlbp_NAME_* inline functions and its
 * TLBP_INFO_NAME, one line here, one line in policies/local.mk. The
 * translation model inlines every policy listed here into its lookups.
 */
TLB_POLICY(lru)
TLB_POLICY(plru)
TLB_POLICY(nru)
TLB_POLICY(fifo)
TLB_POLICY(random)
TLB_POLICY(srrip)
