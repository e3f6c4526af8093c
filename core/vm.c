/*
 * vm.c - the page-level memory manager: demand paging over a frame pool.
 *
 * For every reference: find the page in the page table (one probe in the
 * common case); on a hit set the PTE bits in the frame table and, in exact
 * visibility, tell the policy; on a fault take a free frame or ask the policy
 * for a victim, evict it (write-back if dirty, shoot-down if a TLB may hold
 * it) and load the page.
 *
 *   ref ─► key=(page,asid) ─► pagemap slot ─┬─ frame != NONE ─► hit: flags |= A (|D)
 *                                           └─ NONE ─► fault ─► free frame | policy.victim
 *                                                         ─► evict ─► load ─► policy.insert
 *
 * Accessed bits follow hardware: a reference sets ACCESSED only when no TLB
 * holds the translation (CACHED clear), i.e. when the MMU would walk. Without
 * a TLB model the translation is taken to stay cached until the OS
 * invalidates it; in exact visibility every clear invalidates, so every
 * access is seen.
 *
 * Hot-path rules: no allocation, no I/O, one indirect call per hit at most
 * (the policy's own hit hook), counters as plain integers summed at the end.
 * The policy's timer (its tick hook) costs nothing per reference: a block is
 * cut at the next tick time, its part before the tick runs, the tick, then
 * the rest (vmlab_vm_run); only single references (vm_run_one) compare the
 * clock with the tick time each.
 *
 * Processes: in global scope (alloc == NULL) one policy instance manages
 * every frame. In local scope the allocator (alloc.c) cuts the frame table
 * into per-process pools, stands in for the policy (its hit hook forwards to
 * the process's own instance) and decides every fault; ws and pff allocation
 * also run each reference through alloc_run, which defers the references of
 * suspended processes. The loop below is the same in every case.
 */
#include <config.h>

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "mmu/mmu.h"
#include "mmu/translate.h"
#include "pagemap.h"
#include "policies/lirs.h"
#include "policies/lru.h"
#include "vm.h"

/* Per-process counters kept on the hot path; hits, refs etc. derive at the end. */
struct proc_counters {
    uint64_t ops[4];  /* references by enum vmlab_op (index 3 unused) */
    uint64_t faults, compulsory, evictions, writebacks, cleanings, shootdowns;
};

/* Frames a process holds, kept apart from the hot counters (changed in the fault path only). */
struct proc_frames {
    uint64_t held, held_max;  /* now, and at most */
    uint64_t since;           /* time of the last change of held */
    double area;              /* sum over references of the frames held after each */
};

struct vmlab_vm {
    struct pagemap pm;
    uint32_t nframes;
    uint32_t nfree;
    uint32_t *free;             /* stack of free frames, lowest number on top */
    uint8_t *flags;             /* per frame: VMLAB_FRAME_* */
    uint64_t *key;              /* per frame: resident page key, PAGEMAP_EMPTY when free */
    struct vmlab_frames view;   /* what the policy sees */
    const struct vmlab_policy *policy;
    void *pstate;
    int visibility;
    uint64_t page_shift;        /* log2(page size) */
    uint64_t time;              /* references simulated so far */
    uint64_t next_tick;         /* time of the policy's next tick(), VMLAB_NEVER: none */
    uint64_t shootdowns;        /* all invalidations (view.shootdowns points here) */
    struct proc_counters *proc; /* [VMLAB_ASID_MAX + 1] */
    void (*step)(void *arg, const struct vmlab_step *s);
    void *step_arg;
    struct mmu *mmu;            /* translation model (issue 4), or NULL */
    /* processes and allocation (alloc.c); alloc NULL: one global pool */
    struct alloc *alloc;      /* local scope: pools, ws/pff, load control */
    struct proc_frames *pf;   /* [VMLAB_ASID_MAX + 1] */
    bool deferred;            /* the reference in hand was deferred (its process suspended) */
    uint64_t fault_cost;      /* modelled time of one fault, in references */
    uint64_t held, held_max;  /* frames held by all processes: now, at most */
};

/* Process @asid gains (@d = 1) or gives up (@d = -1) a frame after reference @now. */
static inline void held_change(struct vmlab_vm *vm, uint32_t asid, uint64_t now, int d)
{
    struct proc_frames *pf = &vm->pf[asid];
    pf->area += (double)pf->held * (double)(now - pf->since);
    pf->since = now;
    pf->held += (uint64_t)(int64_t)d;
    vm->held += (uint64_t)(int64_t)d;
    if (pf->held > pf->held_max)
        pf->held_max = pf->held;
    if (vm->held > vm->held_max)
        vm->held_max = vm->held;
}

/* A frame passes from process @from to process @to after reference @now. */
__attribute__((noinline, cold)) static void held_move(struct vmlab_vm *vm, uint32_t from, uint32_t to,
                                                uint64_t now)
{
    held_change(vm, from, now, -1);
    held_change(vm, to, now, 1);
}

const char *vmlab_visibility_name(int visibility)
{
    return visibility == VMLAB_VIS_HARDWARE ? "hardware" : "exact";
}

/* ---- the frame-table verbs a policy may use (vmlab/frames.h) ---- */

void vmlab_frame_clear_accessed_hardware(struct vmlab_frames *fr, uint32_t f, bool flush)
{
    assert(f < fr->n);
    uint8_t fl = fr->flags[f] & (uint8_t)~VMLAB_FRAME_ACCESSED;
    if (fr->visibility == VMLAB_VIS_EXACT) {
        fl &= (uint8_t)~VMLAB_FRAME_CACHED;
    } else if (flush) {
        fl &= (uint8_t)~VMLAB_FRAME_CACHED;
        (*fr->shootdowns)++;
        struct vmlab_vm *vm = fr->engine;
        if (vm && (fl & VMLAB_FRAME_USED))
            vm->proc[vmlab_page_key_asid(fr->key[f])].shootdowns++;
        /* translation model (issue 4): the real TLBs lose the translation */
        if (vm && vm->mmu && (fl & VMLAB_FRAME_USED))
            mmu_invalidate(vm->mmu, fr->key[f]);
    }
    fr->flags[f] = fl;
}

void vmlab_frame_clear_dirty(struct vmlab_frames *fr, uint32_t f)
{
    assert(f < fr->n);
    uint8_t fl = fr->flags[f];
    if (!(fl & VMLAB_FRAME_DIRTY))
        return;
    fl &= (uint8_t)~VMLAB_FRAME_DIRTY;
    struct vmlab_vm *vm = fr->engine;
    struct proc_counters *pc =
        vm && (fl & VMLAB_FRAME_USED) ? &vm->proc[vmlab_page_key_asid(fr->key[f])] : NULL;
    if (pc)
        pc->cleanings++;
    /* a TLB entry caches the dirty bit: without invalidating it, later writes
       through it would not set the bit again */
    bool cached = vm && vm->mmu ? (fl & VMLAB_FRAME_USED) : (fl & VMLAB_FRAME_CACHED);
    if (fr->visibility == VMLAB_VIS_HARDWARE && cached) {
        fl &= (uint8_t)~VMLAB_FRAME_CACHED;
        (*fr->shootdowns)++;
        if (pc)
            pc->shootdowns++;
        /* translation model (issue 4): the real TLBs lose the translation */
        if (vm && vm->mmu)
            mmu_invalidate(vm->mmu, fr->key[f]);
    }
    fr->flags[f] = fl;
}

/* ---- creation ---- */

uint64_t vmlab_vm_page_bound(const struct vmlab_stream *in, uint64_t page_size)
{
    if (in->asid_bound != 1 || !in->addr_bound)
        return 0;
    uint64_t bound = in->addr_bound;
    if (in->unit == VMLAB_UNIT_BYTE)
        bound = ((bound - 1) >> vmlab_page_shift(VMLAB_UNIT_BYTE, page_size)) + 1;
    /* a sparse space costs more to hold directly than it saves: 4 keys a reference at most */
    uint64_t most = in->length ? 4 * in->length : 0;
    if (most < (UINT64_C(1) << 16))
        most = UINT64_C(1) << 16;
    return bound <= PAGEMAP_DIRECT_MAX && bound <= most ? bound : 0;
}

int vmlab_vm_new(struct vmlab_vm **out, const struct vmlab_sim_config *cfg,
                 const struct alloc_census *census, uint64_t page_bound,
                 struct vmlab_error *err)
{
    const struct vmlab_policy *p = cfg->policy;
    if (cfg->frames < 1)
        return vmlab_error_set(err, VMLAB_EINPUT, "frames must be at least 1");
    if (!cfg->page_size || (cfg->page_size & (cfg->page_size - 1)))
        return vmlab_error_set(err, VMLAB_EINPUT, "page size must be a power of two, got %llu",
                               (unsigned long long)cfg->page_size);
    if (cfg->visibility == VMLAB_VIS_HARDWARE && (p->flags & VMLAB_POLICY_NEEDS_EXACT))
        return vmlab_error_set(err, VMLAB_EINPUT,
                               "policy '%s' needs visibility 'exact': it must be told of every "
                               "access, and an OS sees only accessed/dirty bits",
                               p->name);
    /* local scope: the frame table holds every process's pool side by side */
    uint32_t n = cfg->frames;
    uint64_t expect_pages = 0; /* the page table's first size */
    if (cfg->scope == VMLAB_SCOPE_LOCAL || cfg->allocation != VMLAB_ALLOC_FIXED) {
        int rc = alloc_check(cfg, census, &n, err);
        if (rc)
            return rc;
        if (cfg->step && cfg->allocation != VMLAB_ALLOC_FIXED)
            return vmlab_error_set(err, VMLAB_EINPUT,
                                   "the step-by-step table is drawn for fixed allocation only "
                                   "(ws and pff defer references)");
        if (census)
            for (uint32_t a = 0; a <= VMLAB_ASID_MAX; a++)
                expect_pages += census->pages[a];
        if (cfg->mmu && cfg->huge_pages.policy != VMLAB_HUGE_NEVER)
            return vmlab_error_set(err, VMLAB_EINPUT,
                                   "$.huge_pages: huge-page promotion is modelled with one global "
                                   "pool only (scope \"global\", allocation \"fixed\")");
    }

    struct vmlab_vm *vm = calloc(1, sizeof *vm);
    if (!vm)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    vm->nframes = n;
    vm->free = malloc((size_t)n * sizeof *vm->free);
    vm->flags = calloc(n, sizeof *vm->flags);
    vm->key = malloc((size_t)n * sizeof *vm->key);
    vm->proc = calloc(VMLAB_ASID_MAX + 1, sizeof *vm->proc);
    vm->pf = calloc(VMLAB_ASID_MAX + 1, sizeof *vm->pf);
    if (!vm->free || !vm->flags || !vm->key || !vm->proc || !vm->pf ||
        (page_bound ? pagemap_init_direct(&vm->pm, page_bound)
                    : pagemap_init(&vm->pm, expect_pages))) {
        vmlab_vm_free(vm);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory for %u frames", n);
    }
    for (uint32_t i = 0; i < n; i++) {
        vm->free[i] = n - 1 - i;
        vm->key[i] = PAGEMAP_EMPTY;
    }
    vm->nfree = n;
    vm->visibility = cfg->visibility;
    vm->page_shift = vmlab_page_shift(VMLAB_UNIT_BYTE, cfg->page_size);
    vm->step = cfg->step;
    vm->step_arg = cfg->step_arg;
    vm->fault_cost = cfg->fault_cost;
    vm->view = (struct vmlab_frames){
        .n = n,
        .flags = vm->flags,
        .key = vm->key,
        .visibility = cfg->visibility,
        .shootdowns = &vm->shootdowns,
        .engine = vm,
    };
    int rc;
    if (cfg->scope == VMLAB_SCOPE_LOCAL) {
        rc = alloc_new(&vm->alloc, vm, cfg, census, &vm->view, vm->free, err);
        if (rc) {
            vmlab_vm_free(vm);
            return rc;
        }
        vm->policy = alloc_policy(vm->alloc);
        vm->pstate = vm->alloc;
        vm->nfree = 0; /* every fault goes to the allocator (see load()) */
    } else {
        vm->policy = p;
        struct vmlab_policy_env env = {
            .nframes = n,
            .seed = cfg->seed,
            .visibility = cfg->visibility,
            .frames = &vm->view,
        };
        struct vmlab_params none;
        const struct vmlab_params *params = cfg->policy_params;
        if (!params) {
            vmlab_params_init(&none, NULL);
            params = &none;
        }
        rc = p->init(&vm->pstate, &env, params, err);
        if (rc) {
            vm->policy = NULL;
            vmlab_vm_free(vm);
            return vmlab_error_prefix(err, "policy %s", p->name);
        }
    }
    vm->next_tick = vm->policy->tick ? 0 : VMLAB_NEVER; /* the first tick: at time 0 */
    if (cfg->mmu) {
        /* translation model (issue 4) */
        struct mmu_env menv = {
            .nframes = n,
            .page_shift = (unsigned)vm->page_shift,
            .visibility = cfg->visibility,
            .huge = cfg->huge_pages,
            .pcid = cfg->pcid,
            .seed = cfg->seed,
        };
        rc = mmu_new(&vm->mmu, cfg->mmu, &menv, err);
        if (rc) {
            vmlab_vm_free(vm);
            return vmlab_error_prefix(err, "mmu %s", cfg->mmu->name);
        }
    }
    *out = vm;
    return 0;
}

void vmlab_vm_free(struct vmlab_vm *vm)
{
    if (!vm)
        return;
    if (vm->alloc)
        alloc_free(vm->alloc);
    else if (vm->policy && vm->policy->fini)
        vm->policy->fini(vm->pstate);
    mmu_free(vm->mmu);
    pagemap_free(&vm->pm);
    free(vm->free);
    free(vm->flags);
    free(vm->key);
    free(vm->proc);
    free(vm->pf);
    free(vm);
}

/* ---- the fault path (cold: kept out of the hit loop) ---- */

int vmlab_ref_error(const struct vmlab_ref *r, uint64_t page, uint64_t time,
                    struct vmlab_error *err)
{
    if (page >= VMLAB_PAGE_LIMIT)
        return vmlab_error_set(err, VMLAB_EINPUT,
                               "reference %llu: page number %#llx is beyond the modelled address "
                               "space (pages < 2^52 - 1)",
                               (unsigned long long)time, (unsigned long long)page);
    if (r->asid > VMLAB_ASID_MAX)
        return vmlab_error_set(err, VMLAB_EINPUT, "reference %llu: ASID %u is beyond %u",
                               (unsigned long long)time, r->asid, VMLAB_ASID_MAX);
    return vmlab_error_set(err, VMLAB_EINPUT, "reference %llu: invalid operation %u",
                           (unsigned long long)time, r->op);
}

/*
 * The page leaves frame @f; its slot keeps a stale frame number (see
 * pagemap.h). @mmu: vm->mmu is set; @asid0: every page is of ASID 0 (the
 * direct loop's); constants where the caller knows them. Return: the page's
 * key.
 */
__attribute__((always_inline)) static inline uint64_t
evict(struct vmlab_vm *vm, uint32_t f, struct vmlab_step *st, bool mmu, bool asid0)
{
    assert(mmu == (vm->mmu != NULL));
    uint64_t key = vm->key[f];
    assert(pagemap_find(&vm->pm, key) && pagemap_find(&vm->pm, key)->frame == f);
    assert(!asid0 || vmlab_page_key_asid(key) == 0);
    vm->key[f] = PAGEMAP_EMPTY;
    struct proc_counters *pc = &vm->proc[asid0 ? 0 : vmlab_page_key_asid(key)];
    pc->evictions++;
    uint8_t fl = vm->flags[f];
    if (fl & VMLAB_FRAME_DIRTY)
        pc->writebacks++;
    if (mmu) {
        /* translation model (issue 4): unmapping the page shoots its translations down */
        mmu_unmap(vm->mmu, key, f);
        vm->shootdowns++;
        pc->shootdowns++;
    } else if (vm->visibility == VMLAB_VIS_HARDWARE && (fl & VMLAB_FRAME_CACHED)) {
        vm->shootdowns++;
        pc->shootdowns++;
    }
    vm->flags[f] = 0;
    if (st) {
        st->evicted = true;
        st->victim_key = key;
    }
    return key;
}

int vm_bad_victim(struct vmlab_error *err, const struct vmlab_policy *p, uint32_t f, uint32_t n)
{
    return vmlab_error_set(err, VMLAB_ESYSTEM,
                           "policy %s chose frame %u as victim, which does not hold a page "
                           "(%u frames)",
                           p->name, f, n);
}

/*
 * A fault in local scope: the allocator chooses the frame, or suspends the
 * process. fault() counted it as a global one would (@fresh: first touch of
 * the page's slot).
 */
__attribute__((noinline, cold)) static int load_local(struct vmlab_vm *vm,
                                                      struct pagemap_slot *s, bool fresh,
                                                      const struct vmlab_access *a, uint8_t fl,
                                                      struct vmlab_step *st,
                                                      struct vmlab_error *err)
{
    struct proc_counters *pc = &vm->proc[a->asid];
    /* a first touch deferred by a suspension is still a first touch when it runs */
    bool first = s->frame == VMLAB_NO_FRAME;
    pc->compulsory += (uint64_t)first - fresh;
    uint32_t f;
    int rc = alloc_fault(vm->alloc, a, &f, err);
    if (rc < 0)
        return rc;
    if (rc == ALLOC_DEFER) {
        /* not executed: uncount it; it runs again when its process resumes */
        pc->ops[a->op]--;
        pc->faults--;
        pc->compulsory -= first;
        vm->deferred = true;
        return 0;
    }
    if (rc == ALLOC_VICTIM)
        /* a pool's victim is its own page: frames held do not change */
        evict(vm, f, st, vm->mmu != NULL, false);
    else
        held_change(vm, a->asid, a->time, 1);
    bool again = s->frame != VMLAB_NO_FRAME; /* the page was loaded before */
    s->frame = f;
    vm->key[f] = a->key;
    vm->flags[f] = fl;
    alloc_insert(vm->alloc, f, a);
    /* translation model (issue 4): the page-table entry becomes present */
    if (vm->mmu && mmu_map(vm->mmu, a->key, f, again))
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory for the page table");
    return 0;
}

/*
 * Load a's page into a free frame or a victim's, with PTE bits @fl (@fresh:
 * its first touch). In local scope nfree stays 0 and the stand-in policy
 * (alloc.c) answers every victim() with VMLAB_NO_FRAME: the out-of-line
 * check hands the fault to the allocator, so global scope pays nothing for it.
 * @mmu, @asid0: as evict()'s; @lru: the policy is the in-tree LRU, its
 * victim and insert inline (policies/lru.h), as the direct loop knows.
 */
__attribute__((always_inline)) static inline int load(struct vmlab_vm *vm, struct pagemap_slot *s,
                                                      bool fresh, const struct vmlab_access *a,
                                                      uint8_t fl, struct vmlab_step *st, bool mmu,
                                                      bool asid0, bool lru,
                                                      struct vmlab_error *err)
{
    assert(!lru || vm->policy == &vmlab_policy_lru);
    uint32_t f;
    if (vm->nfree) {
        f = vm->free[--vm->nfree];
        held_change(vm, a->asid, a->time, 1);
    } else {
        f = lru ? lru_take_oldest(vm->pstate) : vm->policy->victim(vm->pstate, a);
        if (__builtin_expect(f >= vm->nframes || !(vm->flags[f] & VMLAB_FRAME_USED), 0)) {
            if (vm->alloc)
                return load_local(vm, s, fresh, a, fl, st, err);
            if (f == VMLAB_NO_FRAME)
                return vmlab_error_set(err, VMLAB_ESYSTEM,
                                       "policy %s found no victim among %u full frames (out of "
                                       "memory, or its state lost track of the frames)",
                                       vm->policy->name, vm->nframes);
            return vm_bad_victim(err, vm->policy, f, vm->nframes);
        }
        uint64_t vkey = evict(vm, f, st, mmu, asid0);
        if (!asid0 && __builtin_expect((vkey ^ a->key) >> 52, 0)) /* another process's page */
            held_move(vm, vmlab_page_key_asid(vkey), a->asid, a->time);
    }
    bool again = s->frame != VMLAB_NO_FRAME; /* the page was loaded before */
    s->frame = f;
    vm->key[f] = a->key;
    vm->flags[f] = fl;
    if (lru)
        lru_push(vm->pstate, f);
    else
        vm->policy->insert(vm->pstate, f, a);
    /* translation model (issue 4): the page-table entry becomes present */
    if (mmu && mmu_map(vm->mmu, a->key, f, again))
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory for the page table");
    return 0;
}

void vm_evict_frame(struct vmlab_vm *vm, uint32_t f, uint64_t now, bool exiting)
{
    uint32_t asid = vmlab_page_key_asid(vm->key[f]);
    if (exiting) {
        /* the address space goes away whole: nothing to write back or shoot down (a
           translation model still unmaps the page: no stale translation may outlive it) */
        if (vm->mmu)
            mmu_unmap(vm->mmu, vm->key[f], f);
        vm->key[f] = PAGEMAP_EMPTY;
        vm->flags[f] = 0;
    } else {
        evict(vm, f, NULL, vm->mmu != NULL, false);
    }
    held_change(vm, asid, now, -1);
}

uint64_t vm_proc_time(const struct vmlab_vm *vm, uint32_t asid)
{
    const struct proc_counters *pc = &vm->proc[asid];
    return pc->ops[0] + pc->ops[1] + pc->ops[2];
}

uint64_t vm_time(const struct vmlab_vm *vm)
{
    return vm->time;
}

__attribute__((always_inline)) static inline int fault(struct vmlab_vm *vm, struct pagemap_slot *s,
                                                       bool fresh, const struct vmlab_access *a,
                                                       struct vmlab_step *st, bool mmu, bool asid0,
                                                       bool lru, struct vmlab_error *err)
{
    assert(!asid0 || a->asid == 0);
    struct proc_counters *pc = &vm->proc[asid0 ? 0 : a->asid];
    pc->faults++;
    pc->compulsory += fresh;
    return load(vm, s, fresh, a,
                VMLAB_FRAME_USED | VMLAB_FRAME_ACCESSED | VMLAB_FRAME_CACHED |
                    (a->op == VMLAB_OP_WRITE ? VMLAB_FRAME_DIRTY : 0),
                st, mmu, asid0, lru, err);
}

/* ---- the hot loop ---- */

/* How many references ahead the loop prefetches page-table slots: enough to
   cover a memory latency with the work of the references in between. */
#define PREFETCH_AHEAD 16

/* Count @ops, operations in 16-bit fields of one word (reads, writes, fetches), for @asid. */
static inline void count_ops(struct vmlab_vm *vm, uint32_t asid, uint64_t ops)
{
    struct proc_counters *pc = &vm->proc[asid];
    pc->ops[VMLAB_OP_READ] += ops & 0xffff;
    pc->ops[VMLAB_OP_WRITE] += ops >> 16 & 0xffff;
    pc->ops[VMLAB_OP_IFETCH] += ops >> 32 & 0xffff;
}

/* The largest block whose operations count in 16-bit fields (census(), run_direct()). */
#define OPS_BLOCK_MAX 0xffff

/*
 * Check and count a block before it runs, in one pass the compiler
 * vectorises: every reference valid (a page inside the modelled space, an
 * ASID, an operation), and its operation counted for its process. Return:
 * false when a reference is invalid (nothing counted: the careful loop
 * finds it and names it).
 */
static inline bool census(struct vmlab_vm *vm, const struct vmlab_ref *refs, size_t n,
                          unsigned shift)
{
    if (!n)
        return true;
    /* operations counted in 16-bit fields of one word (a block is at most 65535 references) */
    uint64_t amax = 0, ops = 0;
    uint32_t a0 = refs[0].asid, adiff = 0, aor = 0;
    for (size_t i = 0; i < n; i++) {
        const struct vmlab_ref *r = &refs[i];
        amax = r->addr > amax ? r->addr : amax;
        adiff |= r->asid ^ a0;
        aor |= r->asid;
        ops += UINT64_C(1) << (16 * (r->op & 3));
    }
    uint64_t reads = ops & 0xffff, writes = ops >> 16 & 0xffff, fetches = ops >> 32 & 0xffff;
    if ((amax >> shift) >= VMLAB_PAGE_LIMIT || aor > VMLAB_ASID_MAX || n > OPS_BLOCK_MAX ||
        reads + writes + fetches != n) /* an operation above VMLAB_OP_IFETCH */
        return false;
    if (!adiff) { /* one process: the common case */
        count_ops(vm, a0, ops);
    } else {
        for (size_t i = 0; i < n; i++)
            vm->proc[refs[i].asid].ops[refs[i].op]++;
    }
    return true;
}

static int run_general(struct vmlab_vm *vm, const struct vmlab_ref *refs, size_t n, unsigned shift,
                       const uint64_t *next_use, struct vmlab_error *err);

/* The policy's hit hook as the page loop calls it: none in hardware visibility. */
static inline void (*run_hit_hook(const struct vmlab_vm *vm))(void *, uint32_t,
                                                              const struct vmlab_access *)
{
    return vm->visibility == VMLAB_VIS_HARDWARE ? NULL : vm->policy->hit;
}

/* What run() knows of the hit hook. */
/* Whether the loop prefetches ahead: a constant where the caller knows it (run_direct). */
enum ahead {
    AHEAD_TEST,   /* up to PREFETCH_AHEAD references before the end (tested each reference) */
    AHEAD_ALWAYS, /* every reference: the caller's block goes on PREFETCH_AHEAD further */
    AHEAD_NEVER,  /* none: the block's last PREFETCH_AHEAD references */
};

enum hook {
    HOOK_ASK,  /* test it each hit */
    HOOK_NONE, /* none: a hit changes only the frame's bits */
    HOOK_CALL, /* one: call it each hit */
    HOOK_LRU,  /* the in-tree LRU's: inline (policies/lru.h) */
    HOOK_LIRS, /* the in-tree LIRS's: a LIR page's inline, the others called (policies/lirs.h) */
};

/*
 * The loop over a block, specialised by the compiler for each combination
 * of its constant flags: @stepping (the step hook after every reference),
 * @checked (each reference checked and counted here, as census() does
 * for a whole block in the fast case) and @direct (the page table is direct
 * and every reference is checked to lie in its bound, of ASID 0, with a
 * valid operation, counted as census() counts: a key is its page, its slot
 * the table's entry at that index, no hash, no probe; from the first
 * reference that is not so, the rest of the block runs the general way,
 * which reports it or makes the table hashed); @hook says what is known of
 * the hit hook (enum hook). The main part prefetches the page slot
 * PREFETCH_AHEAD references ahead; the tail has nothing left to fetch.
 */
__attribute__((always_inline)) static inline int run(struct vmlab_vm *vm,
                                                     const struct vmlab_ref *refs, size_t n,
                                                     unsigned shift, const uint64_t *next_use,
                                                     bool stepping, bool checked, bool direct,
                                                     enum hook hook, enum ahead ahead_mode,
                                                     struct vmlab_error *err)
{
    assert(!direct || (!stepping && !checked));
    void (*hit)(void *, uint32_t, const struct vmlab_access *) = run_hit_hook(vm);
    /* the caller may know it: a constant lets the loop drop the test (run_direct) */
    if (hook == HOOK_NONE)
        hit = NULL;
    assert((hook != HOOK_CALL && hook != HOOK_LIRS) || hit);
    uint8_t *const flags = vm->flags;
    const uint64_t *const fkey = vm->key;
    struct proc_counters *const proc = vm->proc;
    struct pagemap *const pm = &vm->pm;
    /* a direct table neither grows nor moves while its keys stay below its bound */
    struct pagemap_slot *const dslots = pm->slots;
    const uint64_t dbound = pm->direct, dmask = pm->mask;
    uint64_t dops = 0; /* direct: operations counted so far (count_ops) */
    uint64_t time = vm->time;
    size_t ahead_end = n > PREFETCH_AHEAD ? n - PREFETCH_AHEAD : 0;
    for (size_t i = 0; i < n; i++, time++) {
        const struct vmlab_ref *r = &refs[i];
        uint64_t page = r->addr >> shift;
        if (checked) {
            if (__builtin_expect(vmlab_ref_invalid(r, page), 0)) {
                vm->time = time;
                return vmlab_ref_error(r, page, time, err);
            }
            proc[r->asid].ops[r->op]++;
        }
        if (direct) {
            if (__builtin_expect(page >= dbound || r->asid || r->op > VMLAB_OP_IFETCH, 0)) {
                vm->time = time;
                count_ops(vm, 0, dops);
                return run_general(vm, r, n - i, shift, next_use ? next_use + i : NULL, err);
            }
            dops += UINT64_C(1) << (16 * r->op);
        }
        uint64_t key = direct ? page : vmlab_page_key(page, r->asid);
        if (ahead_mode == AHEAD_ALWAYS || (ahead_mode == AHEAD_TEST && i < ahead_end)) {
            /* unchecked, masked: a bad reference ahead is reported when reached, not fetched */
            const struct vmlab_ref *ahead = &refs[i + PREFETCH_AHEAD];
            if (direct) /* masked: a key beyond the bound is not fetched from outside */
                __builtin_prefetch(&dslots[(ahead->addr >> shift) & dmask]);
            else
                pagemap_prefetch(pm, checked
                                         ? vmlab_page_key((ahead->addr >> shift) & VMLAB_PAGE_LIMIT,
                                                          ahead->asid & VMLAB_ASID_MAX)
                                         : vmlab_page_key(ahead->addr >> shift, ahead->asid));
        }
        bool fresh;
        struct pagemap_slot *s =
            direct ? pagemap_intern_direct(pm, key, &fresh) : pagemap_intern(pm, key, &fresh);
        if (__builtin_expect(!direct && !s, 0)) {
            vm->time = time;
            return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory for the page table (%u pages)",
                                   pm->count);
        }
        struct vmlab_step st;
        if (stepping)
            st = (struct vmlab_step){.time = time, .ref = r, .key = key};
        uint32_t f = s->frame;
        /* no hint: faults are common (40% on the bench) */
        if (f != VMLAB_NO_FRAME && fkey[f] == key) {
            uint8_t fl = flags[f];
            /* the MMU sets A on a walk: only when no TLB holds the translation */
            uint8_t set = fl & VMLAB_FRAME_CACHED ? 0 : VMLAB_FRAME_ACCESSED | VMLAB_FRAME_CACHED;
            flags[f] = fl | set | (r->op == VMLAB_OP_WRITE ? VMLAB_FRAME_DIRTY : 0);
            if (hook == HOOK_LRU) {
                lru_touch(vm->pstate, f);
            } else if (hook == HOOK_CALL || (hook == HOOK_LIRS && !lirs_touch_lir(vm->pstate, f)) ||
                       (hook == HOOK_ASK && hit)) {
                struct vmlab_access a = {
                    .key = key,
                    .time = time,
                    .next_use = next_use ? next_use[i] : VMLAB_NEVER,
                    .page_id = s->id,
                    .asid = r->asid,
                    .op = r->op,
                };
                hit(vm->pstate, f, &a);
            }
        } else {
            struct vmlab_access a = {
                .key = key,
                .time = time,
                .next_use = next_use ? next_use[i] : VMLAB_NEVER,
                .page_id = s->id,
                .asid = r->asid,
                .op = r->op,
            };
            /* no mmu here; the direct loop's pages are all of ASID 0 */
            int rc = fault(vm, s, fresh, &a, stepping ? &st : NULL, false, direct, hook == HOOK_LRU,
                           err);
            if (rc) {
                vm->time = time;
                if (direct)
                    count_ops(vm, 0, dops); /* the references run so far, this one too */
                return rc;
            }
            f = s->frame;
            if (stepping) {
                st.fault = true;
                st.compulsory = fresh;
            }
        }
        if (stepping) {
            st.frame = f;
            st.frames = &vm->view;
            vm->step(vm->step_arg, &st);
        }
    }
    vm->time = time;
    if (direct)
        count_ops(vm, 0, dops);
    return 0;
}

/* The plain loop: a block census()'s has checked and counted (the fast path). */
static int run_fast(struct vmlab_vm *vm, const struct vmlab_ref *refs, size_t n, unsigned shift,
                    const uint64_t *next_use, struct vmlab_error *err)
{
    return run(vm, refs, n, shift, next_use, false, false, false, HOOK_ASK, AHEAD_TEST, err);
}

/* The direct loop without next-use times, in two parts: all but the block's last
   PREFETCH_AHEAD references prefetch with no test, those none. */
__attribute__((always_inline)) static inline int run_direct_parts(struct vmlab_vm *vm,
                                                                  const struct vmlab_ref *refs,
                                                                  size_t n, unsigned shift,
                                                                  enum hook hook,
                                                                  struct vmlab_error *err)
{
    size_t head = n > PREFETCH_AHEAD ? n - PREFETCH_AHEAD : 0;
    int rc = run(vm, refs, head, shift, NULL, false, false, true, hook, AHEAD_ALWAYS, err);
    if (rc)
        return rc;
    return run(vm, refs + head, n - head, shift, NULL, false, false, true, hook, AHEAD_NEVER, err);
}

/*
 * run_direct_parts for each hook, a function each, so that each loop's
 * registers and code layout are its own: compiled into one function, the
 * loops of four hooks ran 12-20% slower (LRU, FIFO, ARC, LIRS) than those
 * of three.
 */
#define RUN_DIRECT_HOOK(name, hook)                                                                \
    __attribute__((noinline)) static int name(struct vmlab_vm *vm, const struct vmlab_ref *refs,   \
                                              size_t n, unsigned shift, struct vmlab_error *err)   \
    {                                                                                              \
        return run_direct_parts(vm, refs, n, shift, hook, err);                                    \
    }
RUN_DIRECT_HOOK(run_direct_lru, HOOK_LRU)
RUN_DIRECT_HOOK(run_direct_lirs, HOOK_LIRS)
RUN_DIRECT_HOOK(run_direct_call, HOOK_CALL)
RUN_DIRECT_HOOK(run_direct_none, HOOK_NONE)

/* The plain loop over a direct page table, checking and counting as it goes. */
static int run_direct(struct vmlab_vm *vm, const struct vmlab_ref *refs, size_t n, unsigned shift,
                      const uint64_t *next_use, struct vmlab_error *err)
{
    /* constants where they are known: no test a reference */
    if (next_use) /* OPT's */
        return run(vm, refs, n, shift, next_use, false, false, true, HOOK_ASK, AHEAD_TEST, err);
    if (run_hit_hook(vm) && vm->policy == &vmlab_policy_lru)
        return run_direct_lru(vm, refs, n, shift, err);
    if (run_hit_hook(vm) && vm->policy == &vmlab_policy_lirs)
        return run_direct_lirs(vm, refs, n, shift, err);
    if (run_hit_hook(vm))
        return run_direct_call(vm, refs, n, shift, err);
    return run_direct_none(vm, refs, n, shift, err);
}

/* Each reference checked and counted as it runs: a bad block, single references. */
static int run_checked(struct vmlab_vm *vm, const struct vmlab_ref *refs, size_t n,
                       unsigned shift, const uint64_t *next_use, struct vmlab_error *err)
{
    return run(vm, refs, n, shift, next_use, false, true, false, HOOK_ASK, AHEAD_TEST, err);
}

/* A block census() checks and counts whole, or the careful loop when it finds a bad reference. */
static int run_general(struct vmlab_vm *vm, const struct vmlab_ref *refs, size_t n, unsigned shift,
                       const uint64_t *next_use, struct vmlab_error *err)
{
    if (census(vm, refs, n, shift))
        return run_fast(vm, refs, n, shift, next_use, err);
    return run_checked(vm, refs, n, shift, next_use, err);
}

/* With the step hook, for the step-by-step table: every reference on its own. */
static int run_steps(struct vmlab_vm *vm, const struct vmlab_ref *refs, size_t n,
                     unsigned shift, const uint64_t *next_use, struct vmlab_error *err)
{
    return run(vm, refs, n, shift, next_use, true, true, false, HOOK_ASK, AHEAD_TEST, err);
}

/* ---- the hot loop through a translation model (issue 4) ---- */

/* Load the pages of a region being mapped huge, @except aside (its fault follows). */
static int prefault(struct vmlab_vm *vm, uint64_t first, uint32_t npages, uint64_t except,
                    uint64_t time, struct vmlab_error *err)
{
    for (uint32_t i = 0; i < npages; i++) {
        uint64_t key = first + i;
        bool fresh;
        struct pagemap_slot *s = key == except ? NULL : pagemap_intern(&vm->pm, key, &fresh);
        if (key == except || (s && s->frame != VMLAB_NO_FRAME && vm->key[s->frame] == key))
            continue;
        if (!s)
            return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory for the page table");
        struct vmlab_access a = {.key = key, .time = time, .next_use = VMLAB_NEVER,
                                 .page_id = s->id, .asid = vmlab_page_key_asid(key),
                                 .op = VMLAB_OP_READ};
        int rc = load(vm, s, fresh, &a, VMLAB_FRAME_USED, NULL, true, false, false, err);
        if (rc)
            return rc;
        vm->mmu->prefaulted++;
    }
    return 0;
}

/*
 * Reference @r goes through a huge mapping to the page in @frame. The OS
 * maps anonymous huge pages dirty (Linux's THP fault and khugepaged's
 * collapse both set the PMD's dirty bit), so a write through one never
 * updates a dirty bit: the page is marked dirty here, for its write-back,
 * and the reference loop finds nothing to set.
 */
static inline void huge_write(struct vmlab_vm *vm, const struct vmlab_ref *r, uint32_t frame)
{
    if (r->op == VMLAB_OP_WRITE)
        vm->flags[frame] |= VMLAB_FRAME_DIRTY;
}

/*
 * Page @key of reference @r is not resident (its slot, if any, in *@s):
 * the fault, with a huge-page collapse if one is due. Return: 0 with *@s
 * the page's slot, or NULL when its process was suspended; < 0 with @err.
 */
__attribute__((noinline)) static int translate_fault(struct vmlab_vm *vm, const struct vmlab_ref *r,
                                                     uint64_t key, uint64_t time, uint64_t next_use,
                                                     struct vmlab_step *st,
                                                     struct pagemap_slot **sp,
                                                     struct vmlab_error *err)
{
    struct mmu *m = vm->mmu;
    struct pagemap_slot *s = *sp;
    uint64_t first;
    uint32_t npages;
    bool partial;
    bool collapse =
        m->huge.policy != VMLAB_HUGE_NEVER && mmu_collapse_due(m, key, &first, &npages, &partial);
    if (collapse) {
        int rc = prefault(vm, first, npages, key, time, err);
        if (rc)
            return rc;
        s = pagemap_find(&vm->pm, key); /* the loads may have grown the table */
    }
    bool fresh = false;
    if (!s && !(s = pagemap_intern(&vm->pm, key, &fresh)))
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory for the page table (%u "
                               "pages)", vm->pm.count);
    struct vmlab_access a = {.key = key, .time = time, .next_use = next_use,
                             .page_id = s->id, .asid = r->asid, .op = r->op};
    int rc = fault(vm, s, fresh, &a, st, true, false, false, err);
    if (rc)
        return rc;
    if (__builtin_expect(vm->deferred, 0)) {
        /* its process was suspended (local scope, ws/pff): the reference waits */
        *sp = NULL;
        return 0;
    }
    if (collapse)
        mmu_collapse(m, key, partial);
    if (st) {
        st->fault = true;
        st->compulsory = fresh;
    }
    *sp = s;
    return 0;
}

/* What translate_miss found: the page's frame (VMLAB_NO_FRAME: its process was suspended) and
   id, and whether the reference faulted. */
struct translated {
    uint32_t frame, id;
    bool faulted;
    bool walked; /* a walk without a fault: it set the entry's bits (nothing left to set) */
};

/*
 * Reference @r (page @key) missed the first-level TLB probe: the other TLBs,
 * then the OS (fault, huge-page collapse) and the page walk. Fills *@out.
 * @pair: the class is of the common shape (mmu.h, m->pair), whose pipeline
 * is specialised (translate.h, mmu_lookup_pair).
 */
__attribute__((always_inline)) static inline int
translate_miss_in(struct vmlab_vm *vm, const struct vmlab_ref *r, uint64_t key, uint64_t time,
                  uint64_t next_use, struct vmlab_step *st, struct translated *out, bool pair,
                  struct vmlab_error *err)
{
    struct mmu *m = vm->mmu;
    unsigned cls = mmu_class(r->op);
    struct tlb_payload pay;
    uint32_t set = 0;
    out->faulted = false;
    out->walked = false;
    struct pagemap_slot *s;
    bool resident;
    int hit;
    if (pair) {
        /*
         * The page first (the loop prefetched its slot): a page that is not
         * resident, or whose frame no TLB entry translates to (held), is in
         * no TLB, and the second level's search would miss.
         */
        s = pagemap_find(&vm->pm, key);
        resident = s && s->frame != VMLAB_NO_FRAME && vm->key[s->frame] == key;
        hit = mmu_lookup_pair(m, key, cls, !resident || !m->held[s->frame], &set, &pay);
    } else {
        /* if the other TLBs miss too, the page's slot is needed: fetch it during their lookups */
        pagemap_prefetch(&vm->pm, key);
        hit = mmu_lookup(m, key, cls, m->fast[cls] != NULL, &pay);
        if (hit != MMU_HIT) {
            s = pagemap_find(&vm->pm, key);
            resident = s && s->frame != VMLAB_NO_FRAME && vm->key[s->frame] == key;
        }
    }
    if (hit == MMU_HIT) {
        out->frame = pay.frame;
        out->id = pay.id;
        return 0;
    }
    if (!pair && hit == MMU_HIT_HUGE) {
        /* a huge entry covers the page; which frame holds it is the page table's to say */
        assert(resident);
        huge_write(vm, r, s->frame);
        out->frame = s->frame;
        out->id = s->id;
        return 0;
    }
    if (!resident) {
        int rc = translate_fault(vm, r, key, time, next_use, st, &s, err);
        if (rc || !s) {
            out->frame = VMLAB_NO_FRAME; /* (s NULL: deferred) */
            return rc;
        }
        out->faulted = true;
    }
    /*
     * The walk sets the entry's accessed bit, and its dirty bit for a write.
     * After a fault, as without a translation model, the faulting access has
     * set them before the policy's insert() (load()): what insert() makes of
     * them stands, so a policy sees the same bits with and without the model.
     */
    if (!out->faulted) {
        vm->flags[s->frame] |=
            VMLAB_FRAME_ACCESSED | (r->op == VMLAB_OP_WRITE ? VMLAB_FRAME_DIRTY : 0);
        out->walked = true;
    }
    if (pair && m->pair[cls]) /* (a collapse above may have mapped a region huge: no more) */
        mmu_walk_pair(m, key, cls, set, (struct tlb_payload){s->frame, s->id});
    else if (mmu_walk(m, key, cls, (struct tlb_payload){s->frame, s->id}))
        huge_write(vm, r, s->frame);
    out->frame = s->frame;
    out->id = s->id;
    return 0;
}

/* translate_miss_in, any shape. */
__attribute__((noinline)) static int translate_miss(struct vmlab_vm *vm, const struct vmlab_ref *r,
                                                    uint64_t key, uint64_t time, uint64_t next_use,
                                                    struct vmlab_step *st, struct translated *out,
                                                    struct vmlab_error *err)
{
    return translate_miss_in(vm, r, key, time, next_use, st, out, false, err);
}

/* translate_miss_in, a class of the common shape, with no step hook and no next-use times. */
__attribute__((noinline)) static int translate_miss_pair(struct vmlab_vm *vm,
                                                         const struct vmlab_ref *r, uint64_t key,
                                                         uint64_t time, struct translated *out,
                                                         struct vmlab_error *err)
{
    return translate_miss_in(vm, r, key, time, VMLAB_NEVER, NULL, out, true, err);
}

/* The loop through a translation model; @stepping and @hook: as run()'s. */
__attribute__((always_inline)) static inline int
run_mmu(struct vmlab_vm *vm, const struct vmlab_ref *refs, size_t n, unsigned shift,
        const uint64_t *next_use, bool stepping, enum hook hook, struct vmlab_error *err)
{
    void (*hit)(void *, uint32_t, const struct vmlab_access *) = run_hit_hook(vm);
    bool exact = vm->visibility != VMLAB_VIS_HARDWARE;
    struct mmu *const m = vm->mmu;
    uint8_t *const flags = vm->flags;
    struct proc_counters *const proc = vm->proc;
    /* pages beyond the virtual address space of the page table are refused */
    uint64_t page_limit = mmu_va_limit(m) >> vm->page_shift;
    uint64_t time = vm->time;
    for (size_t i = 0; i < n; i++, time++) {
        const struct vmlab_ref *r = &refs[i];
        uint64_t page = r->addr >> shift;
        if (__builtin_expect(page >= page_limit || r->asid > VMLAB_ASID_MAX ||
                                 r->op > VMLAB_OP_IFETCH,
                             0)) {
            vm->time = time;
            if (page >= page_limit)
                return vmlab_error_set(err, VMLAB_EINPUT,
                                       "reference %llu: %s %#llx is beyond the %u-bit virtual "
                                       "address space of the modelled page table",
                                       (unsigned long long)time, shift ? "address" : "page",
                                       (unsigned long long)r->addr,
                                       (unsigned)__builtin_ctzll(mmu_va_limit(m)));
            return vmlab_ref_error(r, 0, time, err); /* its ASID or operation */
        }
        if (__builtin_expect(r->asid != m->cur_asid || !m->started, 0))
            mmu_switch(m, r->asid);
        uint64_t key = vmlab_page_key(page, r->asid);
        if (i + PREFETCH_AHEAD < n) {
            /* a TLB miss needs the page's slot: have it on the way, as the page loop does */
            const struct vmlab_ref *ahead = &refs[i + PREFETCH_AHEAD];
            pagemap_prefetch(&vm->pm, vmlab_page_key((ahead->addr >> shift) & VMLAB_PAGE_LIMIT,
                                                     ahead->asid & VMLAB_ASID_MAX));
        }
        proc[r->asid].ops[r->op]++;
        struct vmlab_step st;
        if (stepping)
            st = (struct vmlab_step){.time = time, .ref = r, .key = key};
        uint32_t f, id;
        bool faulted = false, walked = false;
        unsigned cls = mmu_class(r->op);
        const struct tlb_payload *p =
            m->pair[cls] ? mmu_fast_as(m, key, cls, true) : mmu_fast(m, key, cls);
        if (__builtin_expect(p != NULL, 1)) {
            f = p->frame;
            id = p->id;
        } else {
            struct translated tr;
            uint64_t nu = next_use ? next_use[i] : VMLAB_NEVER;
            int rc = m->pair[cls] && !stepping && !next_use
                         ? translate_miss_pair(vm, r, key, time, &tr, err)
                         : translate_miss(vm, r, key, time, nu, stepping ? &st : NULL, &tr, err);
            if (rc) {
                vm->time = time;
                return rc;
            }
            if (__builtin_expect(tr.frame == VMLAB_NO_FRAME, 0))
                continue; /* deferred: vm_run_one takes the reference back */
            f = tr.frame;
            id = tr.id;
            faulted = tr.faulted;
            walked = tr.walked;
        }
        if (!walked) {
            uint8_t fl = flags[f];
            if (exact && !faulted) /* a faulting access set its bits before insert() */
                fl |= VMLAB_FRAME_ACCESSED;
            if (r->op == VMLAB_OP_WRITE && !(fl & VMLAB_FRAME_DIRTY)) {
                /* a write through a clean translation: the MMU sets the dirty bit */
                fl |= VMLAB_FRAME_DIRTY;
                m->dirty_sets++;
            }
            flags[f] = fl;
        }
        if (hook == HOOK_LRU && !faulted) {
            lru_touch(vm->pstate, f);
        } else if (hook == HOOK_ASK && hit && !faulted) {
            struct vmlab_access a = {
                .key = key,
                .time = time,
                .next_use = next_use ? next_use[i] : VMLAB_NEVER,
                .page_id = id,
                .asid = r->asid,
                .op = r->op,
            };
            hit(vm->pstate, f, &a);
        }
        if (stepping) {
            st.frame = f;
            st.frames = &vm->view;
            vm->step(vm->step_arg, &st);
        }
    }
    vm->time = time;
    return 0;
}

/* run_mmu with the in-tree LRU's hit inline. */
static int run_mmu_lru(struct vmlab_vm *vm, const struct vmlab_ref *refs, size_t n, unsigned shift,
                       const uint64_t *next_use, struct vmlab_error *err)
{
    return run_mmu(vm, refs, n, shift, next_use, false, HOOK_LRU, err);
}

/* ---- the policy's timer (vmlab/policy.h: tick) ---- */

/*
 * The run has reached the policy's tick time: call it, between references
 * (every reference before vm->time has run, none after). Return: 0, or
 * VMLAB_ESYSTEM when the policy asks for a next tick that is not later.
 */
__attribute__((noinline)) static int policy_tick(struct vmlab_vm *vm, struct vmlab_error *err)
{
    uint64_t now = vm->time;
    assert(now == vm->next_tick); /* the blocks are split at tick times: none is skipped */
    uint64_t next = vm->policy->tick(vm->pstate, now);
    if (next <= now)
        return vmlab_error_set(err, VMLAB_ESYSTEM,
                               "policy %s: its tick at time %llu asked for the next one at "
                               "%llu; the next tick must come later (or be VMLAB_NEVER)",
                               vm->policy->name, (unsigned long long)now,
                               (unsigned long long)next);
    vm->next_tick = next;
    return 0;
}

/* A block (or a part of one without a tick inside) through the loop that fits the run. */
static int run_part(struct vmlab_vm *vm, const struct vmlab_ref *refs, size_t n, unsigned shift,
                    const uint64_t *next_use, struct vmlab_error *err)
{
    if (vm->mmu && vm->step)
        return run_mmu(vm, refs, n, shift, next_use, true, HOOK_ASK, err);
    if (vm->mmu && run_hit_hook(vm) && vm->policy == &vmlab_policy_lru)
        return run_mmu_lru(vm, refs, n, shift, next_use, err);
    if (vm->mmu)
        return run_mmu(vm, refs, n, shift, next_use, false, HOOK_ASK, err);
    if (vm->step)
        return run_steps(vm, refs, n, shift, next_use, err);
    if (vm->pm.direct && n <= OPS_BLOCK_MAX)
        return run_direct(vm, refs, n, shift, next_use, err);
    return run_general(vm, refs, n, shift, next_use, err);
}

/*
 * The block is cut at the policy's tick times: the part before a tick runs,
 * the tick, the rest. Without a tick hook next_tick is VMLAB_NEVER and the
 * block runs whole: the timer costs a comparison per block, none per
 * reference.
 */
int vmlab_vm_run(struct vmlab_vm *vm, const struct vmlab_ref *refs, size_t n,
                 enum vmlab_unit unit, const uint64_t *next_use, struct vmlab_error *err)
{
    unsigned shift = unit == VMLAB_UNIT_BYTE ? (unsigned)vm->page_shift : 0;
    if (vm->alloc && alloc_defers(vm->alloc))
        return alloc_run(vm->alloc, refs, n, shift, next_use, err); /* one by one: vm_run_one */
    while (n) {
        if (__builtin_expect(vm->time == vm->next_tick, 0)) {
            int rc = policy_tick(vm, err);
            if (rc)
                return rc;
        }
        size_t part = n;
        if (vm->next_tick - vm->time < part)
            part = (size_t)(vm->next_tick - vm->time);
        int rc = run_part(vm, refs, part, shift, next_use, err);
        if (rc)
            return rc;
        refs += part;
        next_use = next_use ? next_use + part : NULL;
        n -= part;
    }
    return 0;
}

int vm_run_one(struct vmlab_vm *vm, const struct vmlab_ref *r, unsigned shift,
               const uint64_t *next_use, bool *executed, struct vmlab_error *err)
{
    vm->deferred = false;
    *executed = false;
    if (__builtin_expect(vm->time == vm->next_tick, 0)) {
        /* a deferred reference leaves the clock where it was: its tick is not called again */
        int rc = policy_tick(vm, err);
        if (rc)
            return rc;
    }
    int rc = vm->mmu ? run_mmu(vm, r, 1, shift, next_use, false, HOOK_ASK, err)
                     : run_checked(vm, r, 1, shift, next_use, err);
    *executed = !vm->deferred;
    if (vm->deferred)
        vm->time--;  /* run() stepped the clock past a reference that did not run */
    return rc;
}

int vmlab_vm_finish(struct vmlab_vm *vm, struct vmlab_error *err)
{
    return vm->alloc && alloc_defers(vm->alloc) ? alloc_finish(vm->alloc, err) : 0;
}

static void add_metrics(struct vmlab_metrics *m, const struct proc_counters *pc)
{
    uint64_t refs = pc->ops[0] + pc->ops[1] + pc->ops[2];
    m->refs += refs;
    m->hits += refs - pc->faults;
    m->faults += pc->faults;
    m->compulsory_faults += pc->compulsory;
    m->major_faults += pc->faults - pc->compulsory;
    m->evictions += pc->evictions;
    m->writebacks += pc->writebacks;
    m->cleanings += pc->cleanings;
    m->shootdowns += pc->shootdowns;
    m->reads += pc->ops[VMLAB_OP_READ];
    m->writes += pc->ops[VMLAB_OP_WRITE];
    m->ifetches += pc->ops[VMLAB_OP_IFETCH];
}

/* Frames held and modelled time of process @a over a run of @time references. */
static void add_alloc_metrics(struct vmlab_metrics *m, const struct vmlab_vm *vm, uint32_t a)
{
    const struct proc_counters *pc = &vm->proc[a];
    const struct proc_frames *pf = &vm->pf[a];
    uint64_t refs = pc->ops[0] + pc->ops[1] + pc->ops[2];
    double area = pf->area + (double)pf->held * (double)(vm->time - pf->since);
    m->frames_end += pf->held;
    m->frames_max += pf->held_max;
    m->frames_avg += vm->time ? area / (double)vm->time : 0.0;
    m->modelled_time += refs + vm->fault_cost * pc->faults;
    if (vm->alloc)
        alloc_proc_metrics(vm->alloc, a, m);
}

int vmlab_vm_result(const struct vmlab_vm *vm, struct vmlab_sim_result *out)
{
    memset(out, 0, sizeof *out);
    size_t np = 0;
    for (uint32_t a = 0; a <= VMLAB_ASID_MAX; a++)
        np += vm->proc[a].ops[0] + vm->proc[a].ops[1] + vm->proc[a].ops[2] != 0;
    out->procs = calloc(np ? np : 1, sizeof *out->procs);
    if (!out->procs)
        return VMLAB_ESYSTEM;
    for (uint32_t a = 0; a <= VMLAB_ASID_MAX; a++) {
        const struct proc_counters *pc = &vm->proc[a];
        if (pc->ops[0] + pc->ops[1] + pc->ops[2] == 0)
            continue;
        struct vmlab_proc_metrics *pm = &out->procs[out->nprocs++];
        pm->asid = a;
        add_metrics(&pm->m, pc);
        add_metrics(&out->total, pc);
        add_alloc_metrics(&pm->m, vm, a);
        add_alloc_metrics(&out->total, vm, a);
    }
    /* shoot-downs of frames freed before attribution are in the total only */
    out->total.shootdowns = vm->shootdowns;
    /* the peak of the sum, not the sum of the peaks */
    out->total.frames_max = vm->held_max;
    if (vm->mmu) {
        /* translation model (issue 4) */
        out->translation = malloc(sizeof *out->translation);
        if (!out->translation)
            return VMLAB_ESYSTEM;
        struct mmu_os_counts os = {.refs = out->total.refs,
                                   .compulsory = out->total.compulsory_faults,
                                   .major = out->total.major_faults,
                                   .writebacks = out->total.writebacks};
        mmu_result(vm->mmu, &os, out->translation);
        out->total.shootdowns = out->translation->shootdowns;
    }
    return 0;
}
