/*
 * alloc.h - processes and frame allocation: the other half of the memory
 * manager (module-internal; vm.c calls it, it calls back through vm.h).
 *
 * In local scope the frame table is cut into one pool per process, each
 * with its own instance of the replacement policy; fixed quotas, working-set
 * (ws) or page-fault-frequency (pff) allocation size the pools, and ws/pff
 * suspend processes when memory is overcommitted (load control). alloc.c
 * explains the model.
 */
#ifndef VMLAB_ALLOC_H
#define VMLAB_ALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vmlab/error.h>
#include <vmlab/policy.h>
#include <vmlab/ref.h>
#include <vmlab/sim.h>

struct alloc;
struct vmlab_vm;

/* What a first pass over the stream tells of its processes. */
struct alloc_census {
    uint64_t refs[VMLAB_ASID_MAX + 1];  /* references of each ASID */
    uint32_t pages[VMLAB_ASID_MAX + 1]; /* distinct pages of each ASID */
};

/* What alloc_fault decided. */
enum alloc_decision {
    ALLOC_FREE = 0,   /* the frame is free: load the page into it */
    ALLOC_VICTIM = 1, /* the frame holds the process's victim: evict it, then load */
    ALLOC_DEFER = 2,  /* the process was suspended: the reference waits for its resumption */
};

/*
 * Check @cfg against the processes of @census; *nslots: the frame slots the
 * pools need (the size of the engine's frame table). Return: 0, or
 * VMLAB_EINPUT naming the JSON path ($.quota, $.frames, $.allocation).
 */
int alloc_check(const struct vmlab_sim_config *cfg, const struct alloc_census *census,
                uint32_t *nslots, struct vmlab_error *err);

/*
 * Create the pools over the engine's frame table @table (the slots that
 * alloc_check counted; its arrays owned by @vm) and one instance of
 * cfg->policy per process. @free_slots (table->n entries, the engine's,
 * borrowed) becomes the pools' stacks of free slots. Return: 0 or < 0 with
 * @err filled.
 */
int alloc_new(struct alloc **out, struct vmlab_vm *vm, const struct vmlab_sim_config *cfg,
              const struct alloc_census *census, const struct vmlab_frames *table,
              uint32_t *free_slots, struct vmlab_error *err);

/* Cross-parameter checks of an allocation's finished parameters (pff: lower <= upper). */
int alloc_params_check(int allocation, const struct vmlab_params *p, const char *where,
                       struct vmlab_error *err);

void alloc_free(struct alloc *al);

/* The policy the engine drives: its hit hook forwards to the process's instance. */
const struct vmlab_policy *alloc_policy(const struct alloc *al);

/* Whether references go through alloc_run (ws, pff: processes may be suspended). */
bool alloc_defers(const struct alloc *al);

/* A fault of a's process: *frame and what to do with it (enum alloc_decision), or < 0. */
int alloc_fault(struct alloc *al, const struct vmlab_access *a, uint32_t *frame,
                struct vmlab_error *err);

/* a's page was loaded into @frame (after ALLOC_FREE or ALLOC_VICTIM). */
void alloc_insert(struct alloc *al, uint32_t frame, const struct vmlab_access *a);

/* Run @n references (ws, pff): suspended processes' references are deferred. */
int alloc_run(struct alloc *al, const struct vmlab_ref *refs, size_t n, unsigned shift,
              const uint64_t *next_use, struct vmlab_error *err);

/* The input has ended: resume every suspended process and run its backlog. */
int alloc_finish(struct alloc *al, struct vmlab_error *err);

/* Add process @asid's load-control counters (suspensions, deferred references...) to @m. */
void alloc_proc_metrics(const struct alloc *al, uint32_t asid, struct vmlab_metrics *m);

#endif /* VMLAB_ALLOC_H */
