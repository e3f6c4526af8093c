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
struct alloc_census;

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

/*
 * The bound below which the page keys of @in (shifted by @page_size when its
 * unit is bytes) lie, when @in knows its bounds and they make a dense page
 * space worth a direct page table (pagemap.h): a single process (ASID 0), at
 * most PAGEMAP_DIRECT_MAX keys and not far more keys than references. Else 0.
 */
uint64_t vmlab_vm_page_bound(const struct vmlab_stream *in, uint64_t page_size);

/*
 * Create a vm for @cfg (policy initialised). @census (from a first pass over
 * the stream) is required in local scope, NULL otherwise. @page_bound (0:
 * unknown) from vmlab_vm_page_bound makes the page table a direct array.
 * Return: 0 or < 0 with @err filled.
 */
int vmlab_vm_new(struct vmlab_vm **out, const struct vmlab_sim_config *cfg,
                 const struct alloc_census *census, uint64_t page_bound,
                 struct vmlab_error *err);

/*
 * Simulate @n references of unit @unit. @next_use (NULL unless the policy
 * needs the future) gives each reference's next-use time. Return: 0 or < 0
 * (a bad reference, a misbehaving policy, no memory).
 */
int vmlab_vm_run(struct vmlab_vm *vm, const struct vmlab_ref *refs, size_t n,
                 enum vmlab_unit unit, const uint64_t *next_use, struct vmlab_error *err);

/*
 * The input has ended: run the references still deferred by suspended
 * processes (ws, pff). Call once, after the last vmlab_vm_run. Return: 0 or < 0.
 */
int vmlab_vm_finish(struct vmlab_vm *vm, struct vmlab_error *err);

/* Totals and per-process counters so far (procs malloc'd, ascending ASID). */
int vmlab_vm_result(const struct vmlab_vm *vm, struct vmlab_sim_result *out);

void vmlab_vm_free(struct vmlab_vm *vm);

/* ---- for the allocator (alloc.c), the other half of the memory manager ---- */

/*
 * Simulate the one reference @r (@next_use: its next-use time, or NULL).
 * *executed is false when its process was suspended by its own fault: the
 * reference was not executed (nothing counted) and must be deferred.
 */
int vm_run_one(struct vmlab_vm *vm, const struct vmlab_ref *r, unsigned shift,
               const uint64_t *next_use, bool *executed, struct vmlab_error *err);

/*
 * Take the page out of frame @f at time @now: an eviction (write-back,
 * shoot-down, counted), or when @exiting the frame of a process that has
 * exited (only frames held change).
 */
void vm_evict_frame(struct vmlab_vm *vm, uint32_t f, uint64_t now, bool exiting);

/* References executed so far by process @asid: its virtual time. */
uint64_t vm_proc_time(const struct vmlab_vm *vm, uint32_t asid);

/* References executed so far by every process: the run's time. */
uint64_t vm_time(const struct vmlab_vm *vm);

/* The error of a policy that chose @f, which holds no page, among @n frames. */
int vm_bad_victim(struct vmlab_error *err, const struct vmlab_policy *p, uint32_t f, uint32_t n);

#endif /* VMLAB_VM_H */
