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

#include <stddef.h>
#include <stdint.h>

#include <vmlab/error.h>
#include <vmlab/ref.h>
#include <vmlab/sim.h>

struct vmlab_vm;

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
