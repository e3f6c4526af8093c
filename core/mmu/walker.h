/*
 * walker.h - the page walker behind the TLBs (module-internal): one walk of
 * whichever page-table organisation the model has (walker.c), including the
 * two-dimensional walks of nested paging (nested.c).
 */
#ifndef VMLAB_MMU_WALKER_H
#define VMLAB_MMU_WALKER_H

#include <stdint.h>

#include "mmu.h"

/*
 * Walk to the translation of page @key, resident in @frame, mapped with a
 * page of size code @size. Adds the references per level to m->walk_refs
 * (and m->host_refs), their cycles to m->mem_cycles, walk-cache hit cycles
 * to m->pwc_cycles.
 */
void walker_walk(struct mmu *m, uint64_t key, unsigned size, uint32_t frame);

/* Nested paging: the 2-D walk of a guest radix table (nested.c). */
void nested_walk(struct mmu *m, uint32_t asid, uint64_t vpn, unsigned leaf, uint32_t frame);

/* Guest levels of the walk_refs array: what mmu_result reports. */
unsigned walker_levels(const struct mmu *m);

#endif /* VMLAB_MMU_WALKER_H */
