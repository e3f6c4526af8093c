/*
 * vm.h - the page-level memory manager (module-internal; the public entry
 * point is vmlab_simulate in vmlab/sim.h).
 *
 * The vm owns the page table (pagemap.h), the frame pool and its frame table,
 * the per-process counters, and drives the replacement policy. One vm is one
 * run's whole state: no globals, so runs on different threads never meet.
 */
#ifndef VMLAB_VM_H
#define VMLAB_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vmlab/error.h>
#include <vmlab/ref.h>
#include <vmlab/sim.h>

struct vmlab_vm;

/* log2(@page_size) for byte-unit streams, 0 for page-unit ones: page = addr >> shift. */
static inline unsigned vmlab_page_shift(enum vmlab_unit unit, uint64_t page_size)
{
    unsigned s = 0;
    if (unit == VMLAB_UNIT_BYTE)
        while (((uint64_t)1 << s) < page_size)
            s++;
    return s;
}

/* A reference the model cannot take: page beyond 2^52 - 1, ASID beyond 4095, bad operation. */
static inline bool vmlab_ref_invalid(const struct vmlab_ref *r, uint64_t page)
{
    return page >= VMLAB_PAGE_LIMIT || r->asid > VMLAB_ASID_MAX || r->op > VMLAB_OP_IFETCH;
}

/* Fill @err for the invalid reference @r (page @page, index @time in the run). Return: VMLAB_EINPUT. */
int vmlab_ref_error(const struct vmlab_ref *r, uint64_t page, uint64_t time,
                    struct vmlab_error *err);

/* Create a vm for @cfg (policy initialised). Return: 0 or < 0 with @err filled. */
int vmlab_vm_new(struct vmlab_vm **out, const struct vmlab_sim_config *cfg, uint64_t expect_pages,
                 struct vmlab_error *err);

/*
 * Simulate @n references of unit @unit. @next_use (NULL unless the policy
 * needs the future) gives each reference's next-use time. Return: 0 or < 0
 * (a bad reference, a misbehaving policy, no memory).
 */
int vmlab_vm_run(struct vmlab_vm *vm, const struct vmlab_ref *refs, size_t n,
                 enum vmlab_unit unit, const uint64_t *next_use, struct vmlab_error *err);

/* Totals and per-process counters so far (procs malloc'd, ascending ASID). */
int vmlab_vm_result(const struct vmlab_vm *vm, struct vmlab_sim_result *out);

void vmlab_vm_free(struct vmlab_vm *vm);

#endif /* VMLAB_VM_H */
