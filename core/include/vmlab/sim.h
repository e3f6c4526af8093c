/*
 * vmlab/sim.h - simulate one cell: a stream of references through a
 * page-level memory manager whose replacement policy is @policy.
 *
 * Demand paging: the first touch of a page is a compulsory (minor, zero-fill)
 * fault; a page that was evicted and comes back is a major fault (swap-in);
 * evicting a dirty page costs a write-back. Frames are shared by every
 * process (ASID) in the stream: in one pool (global scope) or in per-process
 * pools, fixed or sized by working-set or page-fault-frequency allocation
 * with load control (local scope).
 */
#ifndef VMLAB_SIM_H
#define VMLAB_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vmlab/error.h>
#include <vmlab/frames.h>
#include <vmlab/mmu.h>
#include <vmlab/params.h>
#include <vmlab/policy.h>
#include <vmlab/stream.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Counters of a run, or of one process in it. Every field counts events. */
struct vmlab_metrics {
    uint64_t refs;               /* references simulated */
    uint64_t hits;               /* references to a resident page */
    uint64_t faults;             /* references to a non-resident page */
    uint64_t compulsory_faults;  /* faults on a page's first touch (= distinct pages) */
    uint64_t major_faults;       /* faults on a page that was evicted before */
    uint64_t evictions;          /* pages removed to free a frame */
    uint64_t writebacks;         /* evicted pages that were dirty */
    uint64_t cleanings;          /* dirty pages written back ahead of eviction by the policy */
    uint64_t shootdowns;         /* TLB invalidations (hardware visibility) */
    uint64_t reads, writes, ifetches;  /* references by operation */
    /* processes and allocation (docs/results.md): frames held, load control, modelled time */
    uint64_t frames_end;      /* frames held at the end of the run */
    uint64_t frames_max;      /* most frames held at once */
    double frames_avg;        /* frames held, averaged over the run's references */
    uint64_t suspensions;     /* times a process was suspended by load control (ws, pff) */
    uint64_t forced_resumes;  /* resumptions forced by a full buffer of deferred references */
    uint64_t deferred_refs;   /* references held back while their process was suspended */
    uint64_t modelled_time;   /* refs + fault_cost x faults, in reference times */
};

struct vmlab_proc_metrics {
    uint32_t asid;
    struct vmlab_metrics m;  /* shootdowns: invalidations of this process's pages */
};

/*
 * The modelled time of a page fault when an experiment does not say, in
 * references: the order of magnitude Denning (AFIPS FJCC 1968) gives for a
 * drum's page transfer against a memory reference; an SSD read against a
 * DRAM access is of the same order, a disk's is ten times more.
 */
#define VMLAB_DEFAULT_FAULT_COST 10000

/* How frames are divided among processes (ASIDs); docs/config.md, "Processes and allocation". */
enum vmlab_scope {
    VMLAB_SCOPE_GLOBAL = 0,  /* one policy instance over every frame */
    VMLAB_SCOPE_LOCAL = 1,   /* one policy instance per process, over its own frames */
};

enum vmlab_quota {
    VMLAB_QUOTA_EQUAL = 0,         /* frames / processes each */
    VMLAB_QUOTA_PROPORTIONAL = 1,  /* in proportion to each process's distinct pages */
    VMLAB_QUOTA_SHARES = 2,        /* in proportion to explicit shares */
};

enum vmlab_allocation {
    VMLAB_ALLOC_FIXED = 0,  /* pools fixed for the run: all frames, or per-process quotas */
    VMLAB_ALLOC_WS = 1,     /* working set: a process holds its working set (Denning) */
    VMLAB_ALLOC_PFF = 2,    /* page-fault frequency (Chu and Opderbeck) */
};

/* "global"/"local", "equal"/"proportional"/"shares", "fixed"/"ws"/"pff". */
const char *vmlab_scope_name(int scope);
const char *vmlab_quota_name(int quota);
const char *vmlab_allocation_name(int allocation);

/* The parameter table of an allocation (NULL-name-ended; "fixed" has none). */
const struct vmlab_param_desc *vmlab_allocation_params(int allocation);

/* One step, for the textbook step-by-step table (--steps). */
struct vmlab_step {
    uint64_t time;                     /* index of the reference, from 0 */
    const struct vmlab_ref *ref;
    uint64_t key;                      /* page key of the reference */
    bool fault;
    bool compulsory;
    uint32_t frame;                    /* frame that holds the page after the step */
    bool evicted;                      /* a page was evicted to make room */
    uint64_t victim_key;               /* its key, when evicted */
    const struct vmlab_frames *frames; /* the frame table after the step */
};

struct vmlab_sim_config {
    const struct vmlab_policy *policy;
    const struct vmlab_params *policy_params;  /* finished (defaults applied) */
    uint32_t frames;                           /* physical frames, >= 1 */
    uint64_t page_size;                        /* bytes, power of two (byte-unit streams) */
    int visibility;                            /* enum vmlab_visibility */
    uint64_t seed;
    /*
     * Processes and allocation (alloc). All zero: one global pool, as before,
     * and faults that cost nothing in modelled time. Local scope and ws/pff
     * make a first pass over the stream (it must rewind) to learn the
     * processes, their references and distinct pages.
     */
    int scope;                                /* enum vmlab_scope; ws and pff need LOCAL */
    int quota;                                /* enum vmlab_quota (local scope, fixed allocation) */
    const uint32_t *shares;                   /* VMLAB_QUOTA_SHARES: one per process, by
                                                 ascending ASID, each >= 1 */
    size_t nshares;
    int allocation;                           /* enum vmlab_allocation */
    const struct vmlab_params *alloc_params;  /* finished parameters of ws/pff; NULL: defaults */
    uint64_t fault_cost;                      /* modelled time of one fault, in references
                                                 (experiments: VMLAB_DEFAULT_FAULT_COST) */
    /* Called after every reference when set (a slow path, for teaching). */
    void (*step)(void *arg, const struct vmlab_step *s);
    void *step_arg;
    /* translation model (issue 4) */
    const struct vmlab_mmu_desc *mmu;    /* the MMU every reference goes through; NULL: none */
    struct vmlab_huge_pages huge_pages;  /* promotion of 4K pages (zero: never) */
    int32_t pcid;                        /* -1: no PCID, a switch flushes; 0: one PCID per
                                            address space; N > 0: N PCIDs reused LRU */
};

struct vmlab_sim_result {
    struct vmlab_metrics total;
    struct vmlab_proc_metrics *procs;  /* by ascending ASID; owned */
    size_t nprocs;
    double wall_s;                     /* seconds spent simulating (wall clock) */
    struct vmlab_translation *translation;  /* translation model (issue 4): NULL without an
                                               MMU; owned */
};

/*
 * Run @in to its end through the memory manager. OPT-like policies
 * (VMLAB_POLICY_NEEDS_FUTURE) need a rewindable stream: a first pass computes
 * every reference's next use (8 bytes per reference, held in memory).
 * Local scope also needs a rewindable stream (a first pass counts each
 * process's references and distinct pages).
 * Return: 0, or < 0 with @err filled.
 */
int vmlab_simulate(const struct vmlab_sim_config *cfg, struct vmlab_stream *in,
                   struct vmlab_sim_result *out, struct vmlab_error *err);

void vmlab_sim_result_free(struct vmlab_sim_result *r);

/* fault_ratio = faults / refs (0 when refs is 0). */
double vmlab_metrics_fault_ratio(const struct vmlab_metrics *m);

/* throughput = refs / modelled_time: Denning's efficiency 1 / (1 + fault_cost x fault rate). */
double vmlab_metrics_throughput(const struct vmlab_metrics *m);

#ifdef __cplusplus
}
#endif

#endif /* VMLAB_SIM_H */
