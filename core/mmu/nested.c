/*
 * nested.c - two-dimensional page walks (nested paging: Intel EPT, AMD NPT).
 *
 * A guest's page table maps guest-virtual to guest-physical addresses; the
 * host's maps guest-physical to host-physical. Every guest table entry the
 * walk reads lives at a guest-physical address, so it needs a host walk
 * first; so does the data page at the end:
 *
 *            host levels h4 h3 h2 h1  guest entry
 *   gL4:         ●  ●  ●  ●  ─►  ●        a guest level costs h + 1 references
 *   gL3:         ●  ●  ●  ●  ─►  ●
 *   gL2:         ●  ●  ●  ●  ─►  ●        4 × (4 + 1) + 4 = 24 references for
 *   gL1:         ●  ●  ●  ●  ─►  ●        4 + 4 levels with every cache cold
 *   data gPA:    ●  ●  ●  ●
 *
 * Caches of both dimensions cut this down: the guest walk caches (the
 * model's `pwc`, tagged by guest-virtual prefix) skip guest levels and the
 * host walks they would have needed; the host walk caches (`nested.pwc`,
 * tagged by guest-physical prefix) shorten host walks; a nested TLB
 * (`nested.ntlb`: guest-physical page -> host-physical page) skips a host
 * walk entirely.
 *
 * Guest-physical memory: the memory manager's frames are guest pages
 * 0..frames-1; the guest's table pages follow them, in allocation order.
 * The host maps guest-physical memory on first touch with pages of
 * `nested.page_size` (a host walk to a 2 MiB leaf reads one level fewer);
 * host faults are not modelled.
 *
 * Source: Bhargava, Serebrin, Spadini and Manne, "Accelerating
 * two-dimensional page walks for virtualized systems", ASPLOS 2008.
 */
#include <config.h>

#include "walker.h"

/* Translate guest-physical 4 KiB page @gpa through the host dimension. */
static void host_translate(struct mmu *m, uint64_t gpa)
{
    const uint64_t *cost = m->d->cost.walk_mem;
    uint64_t tag = tlb_tag(gpa >> (9 * m->host_code), m->host_code, 0);
    if (m->has_ntlb) {
        m->nest_tlb.lookups++;
        if (tlb_find(&m->nest_tlb, tag) >= 0) {
            m->nest_tlb.hits++;
            return;
        }
    }
    /* the host maps guest memory when first touched; out of memory only loses pt_bytes */
    (void)pt_radix_map(&m->host, 0, gpa, m->host_leaf);
    unsigned levels = m->host_levels;
    for (unsigned read = pwc_walk(&m->host_pwc, levels, 0, gpa, m->host_leaf); read;
         read &= read - 1) {
        unsigned l = (unsigned)__builtin_ctz(read);
        m->host_refs[levels - l]++;
        m->mem_cycles += cost[levels - l];
    }
    if (m->has_ntlb) {
        uint64_t old;
        struct tlb_payload op;
        tlb_insert(&m->nest_tlb, tag, (struct tlb_payload){0, 0}, &old, &op);
    }
}

void nested_walk(struct mmu *m, uint32_t asid, uint64_t vpn, unsigned leaf, uint32_t frame)
{
    const uint64_t *cost = m->d->cost.walk_mem;
    unsigned levels = m->radix.levels;
    unsigned read = pwc_walk(&m->pwc, levels, asid, vpn, leaf);
    for (unsigned l = levels; l >= leaf; l--) {
        if (!(read & (1u << l)))
            continue;
        /* the guest table page holding this level's entry, at its guest-physical address */
        host_translate(m, m->guest_pt_base + pt_radix_node(&m->radix, asid, vpn, l));
        m->walk_refs[levels - l]++;
        m->mem_cycles += cost[levels - l];
    }
    host_translate(m, (uint64_t)frame << (m->base_shift - 12));
}
