/*
 * alloc.c - processes and frame allocation: per-process pools, fixed quotas,
 * working-set and page-fault-frequency allocation, load control.
 *
 * POOLS. In local scope the engine's frame table is cut into one run of
 * frame slots per process, in ascending ASID order. Each process has its own
 * instance of the replacement policy, which sees frames 0..cap-1 of its pool
 * through a struct vmlab_frames whose arrays point into the engine's table,
 * so a pool-local frame number is the global one minus the pool's base:
 *
 *   engine slots   0  1  2 | 3  4  5  6  7 | 8  9
 *                  asid 0  |    asid 1     | asid 7
 *   asid 1's policy sees frames 0..4 = slots 3..7; global = base + local
 *
 * A pool's free slots are a stack (lowest first at the start; a released
 * slot is reused first). The policy is asked for a victim only when its
 * process must replace within its own pages.
 *
 *   fixed:   cap = the process's quota; the quotas sum to `frames`.
 *            equal: frames/P each; proportional: to each process's distinct
 *            pages (counted by a first pass over the stream); shares: to given
 *            weights, one per process by ascending ASID. Largest-remainder
 *            apportionment, ties to the lower ASID; a process apportioned no
 *            frame takes one from the largest quota (lowest ASID among equals).
 *   ws, pff: cap = min(frames, the process's distinct pages); the slots in use
 *            over all pools never exceed `frames`, physical memory.
 *
 * VIRTUAL TIME. A process's clock v counts its own references executed so
 * far (the current one included); a suspended process's clock stops.
 *
 * THE POLICY'S TIMER (vmlab/policy.h, tick). Every pool's instance ticks on
 * the run's clock, references of all processes executed so far, as the
 * accesses it sees are stamped (vmlab_access.time): an OS's timer interrupt
 * falls in real time, whichever process runs, and Denning's virtual time is
 * the working set's window, not the timer's. The stand-in's tick hook calls
 * the instances that are due and returns the earliest next tick, so the
 * engine still cuts its blocks at one time per tick. A suspended process's
 * instance keeps ticking (its pool is empty); an exited one's stops. At a
 * time when load control ticks too (ws, pff: `interval`), load control goes
 * first: its working-set scan reads the bits of the interval before a
 * policy's tick may clear them.
 *
 * WORKING SET (Denning, "The working set model for program behavior", CACM
 * 11(5), 1968). W(v, tau) = the pages of the process's last tau references.
 *   exact visibility: the engine sees every reference. Each process's
 *     resident pages are kept most recently used first with the virtual time
 *     of their last use; a page leaves memory at the reference that makes it
 *     tau references old (last use <= v - tau). The resident set is the
 *     working set.
 *   hardware visibility: only accessed bits. Every `interval` references (of
 *     all processes: a timer), the OS scans each active process's frames: a
 *     set bit gives the page last use = v now and is cleared with a TLB
 *     invalidation (a shoot-down, counted); a clear bit with last use <= v -
 *     tau releases the page. The estimate lags by up to one interval, and a
 *     policy that clears bits itself (CLOCK) hides references from it.
 *   A fault adds its page to the working set: a free frame, or load control.
 *
 * PAGE-FAULT FREQUENCY (Chu and Opderbeck, "The page fault frequency
 * replacement algorithm", AFIPS FJCC 1972; the two thresholds are the
 * textbooks'). At a fault at virtual time v, the previous one at v0, d = v - v0:
 *   d > 1/lower: release every page not referenced since v0, then load into
 *                a frame of its own (the allocation shrinks, then grows by one)
 *   d < 1/upper: load into a new frame (grows by one): load control if none
 *   otherwise:   replace within its own pages (the policy's victim)
 * "Referenced since v0": exact, last use >= v0; hardware, the accessed bit,
 * which the OS clears (one shoot-down per set bit) on every resident page of
 * the process at every fault. upper = lower is the paper's single threshold.
 *
 * LOAD CONTROL. A process needs a frame (ws or pff growing) and none is free:
 *   1. if it holds every frame, it replaces within its own (policy victim);
 *   2. else the most recently activated process is suspended: among the
 *      processes started (faulted once), not suspended, not running their
 *      backlog, and holding frames (or the faulting process itself). Its
 *      frames are released (dirty pages written back) and it joins the FIFO
 *      of suspended processes with a demand = the frames it held (+1 when its
 *      own fault suspended it: that reference is deferred). Repeat.
 * A process is activated at its first fault and again at every resumption.
 * A process whose last reference has run exits: its frames are released.
 *
 * DEFERRED REFERENCES. The stream is read in order and a reference runs at
 * once, unless its process is suspended: then it joins that process's queue.
 * At every `interval` tick and whenever a reference of a suspended process
 * arrives, the oldest suspended process resumes if its demand fits in the
 * free frames (then the next, in FIFO order). A resumed process runs its whole
 * backlog at once, before the stream goes on, and is not suspended while it
 * does. A reference arriving at a full queue (defer_max) resumes its process
 * regardless (a forced resumption, counted); load control then makes room.
 * At the end of the input the suspended processes resume in FIFO order. Every
 * reference runs exactly once and each process's own order is kept; only the
 * interleaving changes. Memory: at most defer_max queued references per
 * process (16 bytes each, 24 with next-use times), allocated as needed.
 *
 * MODELLED TIME (vm.c): refs + fault_cost x faults; throughput = refs /
 * modelled time, Denning's efficiency 1 / (1 + T f) ("Thrashing: its causes
 * and prevention", AFIPS FJCC 1968): the processor waits out each fault.
 */
#include <config.h>

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vmlab/params.h>

#include "alloc.h"
#include "policies/lib/dlist.h"
#include "vm.h"

#define NO_POOL UINT16_MAX

/* ---- names and parameters ---- */

static const struct vmlab_param_desc ws_params[] = {
    {"tau", VMLAB_PARAM_COUNT, "10000", VMLAB_RANGE(1, 1e15), NULL,
     "window: the pages of the process's last tau references (its virtual time)"},
    {"interval", VMLAB_PARAM_COUNT, "1000", VMLAB_RANGE(1, 1e15), NULL,
     "load-control tick in references of all processes (resumptions; in hardware visibility "
     "the accessed-bit scan)"},
    {"defer_max", VMLAB_PARAM_COUNT, "65536", VMLAB_RANGE(1, 1e9), NULL,
     "references a suspended process may have waiting before it is resumed regardless"},
    {0},
};

static const struct vmlab_param_desc pff_params[] = {
    {"upper", VMLAB_PARAM_REAL, "0.001", VMLAB_RANGE(1e-15, 1), NULL,
     "faults/reference above which a fault adds a frame (inter-fault time < 1/upper)"},
    {"lower", VMLAB_PARAM_REAL, "0.0001", VMLAB_RANGE(1e-15, 1), NULL,
     "faults/reference below which a fault first releases the pages unreferenced since the "
     "previous fault (inter-fault time > 1/lower)"},
    {"interval", VMLAB_PARAM_COUNT, "1000", VMLAB_RANGE(1, 1e15), NULL,
     "load-control tick in references of all processes (resumptions)"},
    {"defer_max", VMLAB_PARAM_COUNT, "65536", VMLAB_RANGE(1, 1e9), NULL,
     "references a suspended process may have waiting before it is resumed regardless"},
    {0},
};

static const struct vmlab_param_desc no_params[] = {{0}};

const char *vmlab_scope_name(int scope)
{
    return scope == VMLAB_SCOPE_LOCAL ? "local" : "global";
}

const char *vmlab_quota_name(int quota)
{
    return quota == VMLAB_QUOTA_PROPORTIONAL ? "proportional"
           : quota == VMLAB_QUOTA_SHARES     ? "shares"
                                             : "equal";
}

const char *vmlab_allocation_name(int allocation)
{
    return allocation == VMLAB_ALLOC_WS ? "ws" : allocation == VMLAB_ALLOC_PFF ? "pff" : "fixed";
}

const struct vmlab_param_desc *vmlab_allocation_params(int allocation)
{
    return allocation == VMLAB_ALLOC_WS    ? ws_params
           : allocation == VMLAB_ALLOC_PFF ? pff_params
                                           : no_params;
}

int alloc_params_check(int allocation, const struct vmlab_params *p, const char *where,
                       struct vmlab_error *err)
{
    if (allocation == VMLAB_ALLOC_PFF &&
        vmlab_param_real(p, "lower") > vmlab_param_real(p, "upper"))
        return vmlab_error_set(err, VMLAB_EINPUT,
                               "%s: pff lower (%g) must not exceed upper (%g): a fault rate "
                               "cannot be both above and below them",
                               where, vmlab_param_real(p, "lower"), vmlab_param_real(p, "upper"));
    return 0;
}

/* ---- state ---- */

enum proc_state {
    PROC_ACTIVE = 0, /* runs its references as they come */
    PROC_SUSPENDED,  /* holds no frame; its references wait in its queue */
    PROC_DONE,       /* its last reference has run: exited */
};

struct proc {
    uint32_t asid;
    uint32_t base, cap;       /* its slots: [base, base + cap) of the frame table */
    uint32_t nfree;           /* free slots: free[base .. base + nfree), next on top */
    struct vmlab_frames view; /* what its policy instance sees: the slots from base */
    void *pstate;             /* its policy instance */
    uint64_t next_tick;       /* run time of its instance's next tick() (0 at first) */
    uint64_t refs;            /* its references in the stream (first pass) */
    /* ws, pff */
    uint8_t state;           /* enum proc_state */
    bool started;            /* has faulted: takes part in load control */
    bool draining;           /* running its backlog: never suspended meanwhile */
    uint64_t stamp;          /* activation order: the larger, the more recent */
    uint64_t last_fault;     /* virtual time of its last fault (pff) */
    uint32_t demand;         /* free frames it waits for to resume */
    struct vmlab_ref *queue; /* deferred references, oldest first */
    uint64_t *qnext;         /* their next-use times (policies that need the future) */
    size_t qlen, qcap;
    uint64_t suspensions, forced, deferred; /* counters for the results */
};

struct alloc {
    struct vmlab_vm *vm;
    const struct vmlab_policy *policy; /* the run's policy: one instance per process */
    struct vmlab_policy mux;           /* what the engine drives (hit hook: alloc_hit) */
    int allocation;                    /* enum vmlab_allocation */
    bool exact;                        /* visibility exact: every access is seen */
    bool future;                       /* the policy reads next-use times */
    uint32_t frames;                   /* physical frames */
    uint32_t held;                     /* slots in use over all pools, <= frames */
    uint32_t *free;                    /* [slots]: each pool's stack of free slots (the engine's) */
    struct proc *procs;                /* by ascending ASID */
    uint32_t nprocs;
    uint16_t pool_of[VMLAB_ASID_MAX + 1]; /* index in procs, or NO_POOL */
    /* ws, pff */
    struct dlist res;     /* list h = resident slots of procs[h], most recently used first */
    uint64_t *last_use;   /* per slot: virtual time of the page's last known use */
    uint64_t tau;         /* ws window */
    double upper, lower;  /* pff fault-rate thresholds, faults/reference */
    uint64_t interval;    /* load-control tick */
    uint64_t defer_max;   /* queue bound per process */
    uint64_t next_tick;   /* run time of the next tick */
    uint64_t activations; /* activations so far (stamps) */
    uint32_t *waiting;    /* suspended processes (indexes), oldest first */
    uint32_t nwaiting;
    unsigned shift; /* address shift of the stream in hand */
};

static uint32_t held_by(const struct proc *p)
{
    return p->cap - p->nfree;
}

static uint32_t index_of(const struct alloc *al, const struct proc *p)
{
    return (uint32_t)(p - al->procs);
}

/* Slots in use never exceed physical memory, and each pool's count adds up. */
__attribute__((unused)) static bool alloc_consistent(const struct alloc *al)
{
    uint64_t sum = 0;
    for (uint32_t i = 0; i < al->nprocs; i++)
        sum += held_by(&al->procs[i]);
    return sum == al->held && al->held <= al->frames;
}

/* ---- quotas ---- */

struct share_rem {
    unsigned __int128 rem; /* remainder of total x weight / sum */
    uint32_t i;
};

static int by_remainder(const void *x, const void *y)
{
    const struct share_rem *a = x, *b = y;
    if (a->rem != b->rem)
        return a->rem < b->rem ? 1 : -1;
    return a->i < b->i ? -1 : a->i > b->i;
}

/* Largest-remainder apportionment of @total >= @n frames to @n weights; every quota >= 1. */
static int apportion(uint32_t total, const uint64_t *w, uint32_t n, uint32_t *q)
{
    unsigned __int128 sum = 0;
    for (uint32_t i = 0; i < n; i++)
        sum += w[i];
    struct share_rem *r = malloc((size_t)n * sizeof *r);
    if (!r)
        return -1;
    uint64_t given = 0;
    for (uint32_t i = 0; i < n; i++) {
        unsigned __int128 x = (unsigned __int128)total * w[i];
        q[i] = (uint32_t)(x / sum);
        r[i] = (struct share_rem){x % sum, i};
        given += q[i];
    }
    qsort(r, n, sizeof *r, by_remainder);
    for (uint32_t k = 0; given < total; k++, given++)
        q[r[k].i]++;
    free(r);
    for (uint32_t i = 0; i < n; i++) {
        if (q[i])
            continue;
        uint32_t big = 0;
        for (uint32_t j = 1; j < n; j++)
            if (q[j] > q[big])
                big = j;
        q[big]--;
        q[i]++;
    }
    return 0;
}

/* ---- creation ---- */

static uint32_t census_procs(const struct alloc_census *c)
{
    uint32_t n = 0;
    for (uint32_t a = 0; a <= VMLAB_ASID_MAX; a++)
        n += c->refs[a] != 0;
    return n;
}

int alloc_check(const struct vmlab_sim_config *cfg, const struct alloc_census *census,
                uint32_t *nslots, struct vmlab_error *err)
{
    if (cfg->allocation != VMLAB_ALLOC_FIXED && cfg->scope != VMLAB_SCOPE_LOCAL)
        return vmlab_error_set(err, VMLAB_EINPUT,
                               "$.allocation: \"%s\" sizes each process's own pool: it needs "
                               "scope \"local\"",
                               vmlab_allocation_name(cfg->allocation));
    if (!census)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "local scope needs the first pass's census");
    uint32_t np = census_procs(census);
    if (cfg->allocation == VMLAB_ALLOC_FIXED) {
        if (cfg->frames < np)
            return vmlab_error_set(err, VMLAB_EINPUT,
                                   "$.frames: %u frames cannot give each of the %u processes "
                                   "a frame of its own (scope \"local\")",
                                   cfg->frames, np);
        if (cfg->quota == VMLAB_QUOTA_SHARES && cfg->nshares != np) {
            char list[128] = "";
            size_t used = 0;
            for (uint32_t a = 0, k = 0; a <= VMLAB_ASID_MAX && used < sizeof list - 8; a++)
                if (census->refs[a])
                    used += (size_t)snprintf(list + used, sizeof list - used, "%s%u",
                                             k++ ? ", " : "", a);
            return vmlab_error_set(err, VMLAB_EINPUT,
                                   "$.quota: %zu shares for %u processes (ASIDs %s): give one "
                                   "share per process, by ascending ASID",
                                   cfg->nshares, np, list);
        }
        for (size_t i = 0; cfg->quota == VMLAB_QUOTA_SHARES && i < cfg->nshares; i++)
            if (!cfg->shares[i])
                return vmlab_error_set(err, VMLAB_EINPUT, "$.quota[%zu]: a share must be >= 1", i);
        *nslots = cfg->frames;
        return 0;
    }
    if (cfg->alloc_params) {
        int rc = alloc_params_check(cfg->allocation, cfg->alloc_params, "$.allocation", err);
        if (rc)
            return rc;
    }
    uint64_t sum = 0;
    for (uint32_t a = 0; a <= VMLAB_ASID_MAX; a++)
        if (census->refs[a])
            sum += census->pages[a] < cfg->frames ? census->pages[a] : cfg->frames;
    if (sum >= UINT32_MAX)
        return vmlab_error_set(
            err, VMLAB_ESYSTEM,
            "the pools of %u processes need %llu frame slots, more than 2^32 - 1", np,
            (unsigned long long)sum);
    *nslots = sum ? (uint32_t)sum : 1;
    return 0;
}

static void alloc_hit(void *state, uint32_t f, const struct vmlab_access *a);
static uint64_t alloc_tick(void *state, uint64_t time);

/* The stand-in policy's victim(): none, so that the engine hands the fault to alloc_fault. */
static uint32_t alloc_no_victim(void *state, const struct vmlab_access *a)
{
    (void)state;
    (void)a;
    return VMLAB_NO_FRAME;
}

static int read_params(struct alloc *al, const struct vmlab_sim_config *cfg,
                       struct vmlab_error *err)
{
    struct vmlab_params dflt;
    const struct vmlab_params *p = cfg->alloc_params;
    if (!p) {
        int rc = vmlab_params_parse(&dflt, vmlab_allocation_params(cfg->allocation), NULL,
                                    "$.allocation", err);
        if (rc)
            return rc;
        p = &dflt;
    }
    if (cfg->allocation == VMLAB_ALLOC_WS) {
        al->tau = vmlab_param_u64(p, "tau");
    } else {
        al->upper = vmlab_param_real(p, "upper");
        al->lower = vmlab_param_real(p, "lower");
    }
    al->interval = vmlab_param_u64(p, "interval");
    al->defer_max = vmlab_param_u64(p, "defer_max");
    al->next_tick = al->interval;
    if (p == &dflt)
        vmlab_params_free(&dflt);
    return 0;
}

/* Cut the slots into pools: their sizes, in ascending ASID order. */
static int size_pools(struct alloc *al, const struct vmlab_sim_config *cfg,
                      const struct alloc_census *c, uint32_t *cap)
{
    uint32_t n = al->nprocs;
    if (cfg->allocation != VMLAB_ALLOC_FIXED) {
        for (uint32_t i = 0; i < n; i++) {
            uint32_t pages = c->pages[al->procs[i].asid];
            cap[i] = pages < cfg->frames ? pages : cfg->frames;
        }
        return 0;
    }
    uint64_t *w = malloc((size_t)n * sizeof *w);
    if (!w)
        return -1;
    for (uint32_t i = 0; i < n; i++)
        w[i] = cfg->quota == VMLAB_QUOTA_PROPORTIONAL ? c->pages[al->procs[i].asid]
               : cfg->quota == VMLAB_QUOTA_SHARES     ? cfg->shares[i]
                                                      : 1;
    int rc = apportion(cfg->frames, w, n, cap);
    free(w);
    return rc;
}

int alloc_new(struct alloc **out, struct vmlab_vm *vm, const struct vmlab_sim_config *cfg,
              const struct alloc_census *census, const struct vmlab_frames *table,
              uint32_t *free_slots, struct vmlab_error *err)
{
    struct alloc *al = calloc(1, sizeof *al);
    if (!al)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    al->vm = vm;
    al->policy = cfg->policy;
    al->allocation = cfg->allocation;
    al->exact = cfg->visibility == VMLAB_VIS_EXACT;
    al->future = cfg->policy->flags & VMLAB_POLICY_NEEDS_FUTURE;
    al->frames = cfg->frames;
    al->nprocs = census_procs(census);
    uint32_t np = al->nprocs, nslots = table->n;
    al->procs = calloc(np ? np : 1, sizeof *al->procs);
    al->free = free_slots;
    uint32_t *cap = calloc(np ? np : 1, sizeof *cap);
    int rc = al->procs && al->free && cap ? 0 : -1;
    if (!rc && al->allocation != VMLAB_ALLOC_FIXED) {
        al->last_use = calloc(nslots, sizeof *al->last_use);
        al->waiting = malloc((np ? np : 1) * sizeof *al->waiting);
        rc = al->last_use && al->waiting && !dlist_init(&al->res, nslots, np ? np : 1) ? 0 : -1;
    }
    for (uint32_t a = 0, i = 0; a <= VMLAB_ASID_MAX; a++) {
        al->pool_of[a] = census->refs[a] ? (uint16_t)i : NO_POOL;
        if (census->refs[a] && !rc) {
            al->procs[i].asid = a;
            al->procs[i].refs = census->refs[a];
        }
        i += census->refs[a] != 0;
    }
    if (!rc)
        rc = size_pools(al, cfg, census, cap);
    if (rc) {
        free(cap);
        alloc_free(al);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory for %u processes' pools", np);
    }
    if (cfg->allocation != VMLAB_ALLOC_FIXED && (rc = read_params(al, cfg, err))) {
        free(cap);
        alloc_free(al);
        return rc;
    }
    struct vmlab_params none;
    const struct vmlab_params *params = cfg->policy_params;
    if (!params) {
        vmlab_params_init(&none, NULL);
        params = &none;
    }
    uint32_t base = 0;
    for (uint32_t i = 0; i < np && !rc; i++) {
        struct proc *p = &al->procs[i];
        p->base = base;
        p->cap = cap[i];
        p->nfree = cap[i];
        for (uint32_t k = 0; k < cap[i]; k++)
            al->free[base + k] = base + cap[i] - 1 - k;
        base += cap[i];
        p->view = *table;
        p->view.n = p->cap;
        p->view.flags = table->flags + p->base;
        p->view.key = table->key + p->base;
        struct vmlab_policy_env env = {
            .nframes = p->cap,
            /* each process its own random stream; ASID 0 keeps the run's seed */
            .seed = cfg->seed ^ ((uint64_t)p->asid * UINT64_C(0x9E3779B97F4A7C15)),
            .visibility = cfg->visibility,
            .frames = &p->view,
        };
        rc = cfg->policy->init(&p->pstate, &env, params, err);
        if (rc) {
            p->pstate = NULL;
            vmlab_error_prefix(err, "policy %s (process %u)", cfg->policy->name, p->asid);
        }
    }
    free(cap);
    if (rc) {
        alloc_free(al);
        return rc;
    }
    /* the engine's policy: its hit hook forwards; its victim() sends faults to alloc_fault */
    al->mux = (struct vmlab_policy){
        .abi = VMLAB_POLICY_ABI,
        .name = cfg->policy->name,
        .flags = cfg->policy->flags,
        .victim = alloc_no_victim,
        .hit = al->exact && (cfg->policy->hit || al->allocation != VMLAB_ALLOC_FIXED) ? alloc_hit
                                                                                      : NULL,
        .tick = cfg->policy->tick ? alloc_tick : NULL,
    };
    *out = al;
    return 0;
}

void alloc_free(struct alloc *al)
{
    if (!al)
        return;
    for (uint32_t i = 0; al->procs && i < al->nprocs; i++) {
        struct proc *p = &al->procs[i];
        if (p->pstate && al->policy->fini)
            al->policy->fini(p->pstate);
        free(p->queue);
        free(p->qnext);
    }
    if (al->res.link)
        dlist_free(&al->res);
    free(al->procs);
    free(al->last_use);
    free(al->waiting);
    free(al);
}

const struct vmlab_policy *alloc_policy(const struct alloc *al)
{
    return &al->mux;
}

bool alloc_defers(const struct alloc *al)
{
    return al->allocation != VMLAB_ALLOC_FIXED;
}

/* ---- frames of a pool ---- */

static uint32_t take_free(struct alloc *al, struct proc *p)
{
    assert(p->nfree > 0 && al->held < al->frames);
    al->held++;
    return al->free[p->base + --p->nfree];
}

/* Slot @f of @p's pool gives up its page at time @now (evicted, or @exiting) and is free. */
static void release_as(struct alloc *al, struct proc *p, uint32_t f, uint64_t now, bool exiting)
{
    assert(f >= p->base && f < p->base + p->cap);
    if (al->policy->remove)
        al->policy->remove(p->pstate, f - p->base);
    vm_evict_frame(al->vm, f, now, exiting);
    if (al->res.link)
        dlist_unlink(&al->res, f);
    al->free[p->base + p->nfree++] = f;
    al->held--;
}

static void release(struct alloc *al, struct proc *p, uint32_t f, uint64_t now)
{
    release_as(al, p, f, now, false);
}

static void release_all(struct alloc *al, struct proc *p, uint64_t now, bool exiting)
{
    for (uint32_t f; (f = dlist_front(&al->res, index_of(al, p))) != DLIST_NONE;)
        release_as(al, p, f, now, exiting);
}

static int own_victim(struct alloc *al, struct proc *p, const struct vmlab_access *a,
                      uint32_t *frame, struct vmlab_error *err)
{
    uint32_t lf = al->policy->victim(p->pstate, a);
    if (lf >= p->cap || !vmlab_frame_used(&p->view, lf))
        return vm_bad_victim(err, al->policy, lf, p->cap);
    *frame = p->base + lf;
    return ALLOC_VICTIM;
}

/* Pages of @p last used tau or more references ago leave (ws, exact visibility). */
static void ws_trim(struct alloc *al, struct proc *p, uint64_t v, uint64_t now)
{
    uint32_t h = index_of(al, p);
    for (uint32_t f; (f = dlist_back(&al->res, h)) != DLIST_NONE && al->last_use[f] + al->tau <= v;)
        release(al, p, f, now);
}

/* The hit hook the engine calls (exact visibility): track, then tell the process's policy. */
static void alloc_hit(void *state, uint32_t f, const struct vmlab_access *a)
{
    struct alloc *al = state;
    uint32_t h = al->pool_of[a->asid];
    struct proc *p = &al->procs[h];
    if (al->allocation != VMLAB_ALLOC_FIXED) {
        uint64_t v = vm_proc_time(al->vm, a->asid);
        al->last_use[f] = v;
        dlist_move_front(&al->res, h, f);
        if (al->allocation == VMLAB_ALLOC_WS)
            ws_trim(al, p, v, a->time);
    }
    if (al->policy->hit)
        al->policy->hit(p->pstate, f - p->base, a);
}

/*
 * The tick hook the engine calls (the policy's timer, vmlab/policy.h; not
 * load control's tick() below): the instances whose tick is due, on the
 * run's clock (a timer interrupt's, not the processes' virtual time); a
 * process that has exited has no more. Return: the earliest next tick of
 * them all, so that the engine calls again then; a policy's bad answer (not
 * after @time) comes out as the earliest, for the engine to report.
 */
static uint64_t alloc_tick(void *state, uint64_t time)
{
    struct alloc *al = state;
    uint64_t next = VMLAB_NEVER;
    for (uint32_t i = 0; i < al->nprocs; i++) {
        struct proc *p = &al->procs[i];
        if (p->state == PROC_DONE)
            continue;
        assert(p->next_tick >= time); /* the engine calls at the earliest */
        if (p->next_tick == time)
            p->next_tick = al->policy->tick(p->pstate, time);
        if (p->next_tick < next)
            next = p->next_tick;
    }
    return next;
}

/* ---- load control ---- */

static void suspend(struct alloc *al, struct proc *q, bool self, uint64_t now)
{
    uint32_t held = held_by(q);
    release_all(al, q, now, false);
    q->state = PROC_SUSPENDED;
    q->demand = held + self;
    q->suspensions++;
    al->waiting[al->nwaiting++] = index_of(al, q);
}

/* The process load control suspends first: the most recently activated one. */
static struct proc *youngest(struct alloc *al, const struct proc *p)
{
    struct proc *best = NULL;
    for (uint32_t i = 0; i < al->nprocs; i++) {
        struct proc *q = &al->procs[i];
        if (q->state != PROC_ACTIVE || !q->started || q->draining || (q != p && !held_by(q)))
            continue;
        if (!best || q->stamp > best->stamp)
            best = q;
    }
    return best;
}

/* @p's allocation grows by a frame: a free one, or load control makes one. */
static int need_frame(struct alloc *al, struct proc *p, const struct vmlab_access *a,
                      uint32_t *frame, struct vmlab_error *err)
{
    for (;;) {
        if (al->held < al->frames) {
            if (!p->nfree)
                return vmlab_error_set(err, VMLAB_EINPUT,
                                       "process %u has more pages than the first pass counted: "
                                       "the input changed between its two passes",
                                       p->asid);
            *frame = take_free(al, p);
            return ALLOC_FREE;
        }
        if (held_by(p) == al->frames)
            return own_victim(al, p, a, frame, err);
        struct proc *q = youngest(al, p);
        if (!q) {
            if (held_by(p))
                return own_victim(al, p, a, frame, err);
            return vmlab_error_set(err, VMLAB_ESYSTEM, "load control found no frame for process %u",
                                   p->asid);
        }
        if (q == p) {
            suspend(al, p, true, a->time);
            return ALLOC_DEFER;
        }
        suspend(al, q, false, a->time);
    }
}

/* pff, inter-fault time above 1/lower: release @p's pages unreferenced since @v0. */
static void pff_shrink(struct alloc *al, struct proc *p, uint64_t v0, uint64_t now)
{
    uint32_t h = index_of(al, p);
    if (al->exact) {
        for (uint32_t f; (f = dlist_back(&al->res, h)) != DLIST_NONE && al->last_use[f] < v0;)
            release(al, p, f, now);
        return;
    }
    for (uint32_t f = dlist_front(&al->res, h), next; f != DLIST_NONE; f = next) {
        next = dlist_next(&al->res, h, f);
        if (!vmlab_frame_accessed(&p->view, f - p->base))
            release(al, p, f, now);
    }
}

/* pff, hardware visibility: clear the accessed bits of @p's pages but @except. */
static void pff_reset_bits(struct alloc *al, struct proc *p, uint32_t except)
{
    uint32_t h = index_of(al, p);
    for (uint32_t f = dlist_front(&al->res, h); f != DLIST_NONE; f = dlist_next(&al->res, h, f))
        if (f != except && vmlab_frame_accessed(&p->view, f - p->base))
            vmlab_frame_clear_accessed(&p->view, f - p->base, true);
}

static int fault_pff(struct alloc *al, struct proc *p, const struct vmlab_access *a,
                     uint32_t *frame, struct vmlab_error *err)
{
    uint64_t v = vm_proc_time(al->vm, a->asid), d = v - p->last_fault;
    bool grow;
    if (held_by(p) && (double)d * al->lower > 1.0) {
        pff_shrink(al, p, p->last_fault, a->time);
        grow = true;
    } else {
        grow = !held_by(p) || (double)d * al->upper < 1.0;
    }
    int rc = grow ? need_frame(al, p, a, frame, err) : own_victim(al, p, a, frame, err);
    if (rc < 0 || rc == ALLOC_DEFER)
        return rc;
    p->last_fault = v;
    if (!al->exact)
        pff_reset_bits(al, p, rc == ALLOC_VICTIM ? *frame : VMLAB_NO_FRAME);
    return rc;
}

int alloc_fault(struct alloc *al, const struct vmlab_access *a, uint32_t *frame,
                struct vmlab_error *err)
{
    uint16_t h = al->pool_of[a->asid];
    if (h == NO_POOL)
        return vmlab_error_set(err, VMLAB_EINPUT,
                               "reference %llu: process %u is not in the first pass: the input "
                               "changed between its two passes",
                               (unsigned long long)a->time, a->asid);
    struct proc *p = &al->procs[h];
    switch (al->allocation) {
    case VMLAB_ALLOC_WS:
    case VMLAB_ALLOC_PFF:
        if (!p->started) {
            p->started = true;
            p->stamp = ++al->activations;
        }
        if (al->allocation == VMLAB_ALLOC_PFF)
            return fault_pff(al, p, a, frame, err);
        if (al->exact)
            ws_trim(al, p, vm_proc_time(al->vm, a->asid), a->time);
        return need_frame(al, p, a, frame, err);
    default:
        if (p->nfree) {
            *frame = take_free(al, p);
            return ALLOC_FREE;
        }
        return own_victim(al, p, a, frame, err);
    }
}

void alloc_insert(struct alloc *al, uint32_t frame, const struct vmlab_access *a)
{
    uint32_t h = al->pool_of[a->asid];
    struct proc *p = &al->procs[h];
    if (al->allocation != VMLAB_ALLOC_FIXED) {
        al->last_use[frame] = vm_proc_time(al->vm, a->asid);
        if (dlist_linked(&al->res, frame))
            dlist_unlink(&al->res, frame);
        dlist_push_front(&al->res, h, frame);
    }
    al->policy->insert(p->pstate, frame - p->base, a);
    assert(alloc_consistent(al));
}

/* ---- the references of ws and pff: deferral, resumption, ticks ---- */

/* The hardware-visibility working-set estimate: scan the accessed bits. */
static void ws_sample(struct alloc *al, uint64_t now)
{
    for (uint32_t h = 0; h < al->nprocs; h++) {
        struct proc *p = &al->procs[h];
        if (p->state != PROC_ACTIVE)
            continue;
        uint64_t v = vm_proc_time(al->vm, p->asid);
        for (uint32_t f = dlist_front(&al->res, h), next; f != DLIST_NONE; f = next) {
            next = dlist_next(&al->res, h, f);
            if (vmlab_frame_accessed(&p->view, f - p->base)) {
                vmlab_frame_clear_accessed(&p->view, f - p->base, true);
                al->last_use[f] = v;
            } else if (al->last_use[f] + al->tau <= v) {
                release(al, p, f, now);
            }
        }
    }
}

static int defer(struct alloc *al, struct proc *p, const struct vmlab_ref *r, const uint64_t *next,
                 struct vmlab_error *err)
{
    assert(p->qlen < al->defer_max);
    if (p->qlen == p->qcap) {
        size_t ncap = p->qcap ? 2 * p->qcap : 256;
        if (ncap > al->defer_max)
            ncap = (size_t)al->defer_max;
        struct vmlab_ref *nq = realloc(p->queue, ncap * sizeof *nq);
        if (nq)
            p->queue = nq;
        uint64_t *nn = al->future ? realloc(p->qnext, ncap * sizeof *nn) : NULL;
        if (nn)
            p->qnext = nn;
        if (!nq || (al->future && !nn))
            return vmlab_error_set(err, VMLAB_ESYSTEM,
                                   "out of memory for %zu deferred references of process %u", ncap,
                                   p->asid);
        p->qcap = ncap;
    }
    p->queue[p->qlen] = *r;
    if (al->future)
        p->qnext[p->qlen] = next ? *next : VMLAB_NEVER;
    p->qlen++;
    p->deferred++;
    return 0;
}

/* Run @r of @p now; a reference its own fault suspended waits in its queue. */
static int execute(struct alloc *al, struct proc *p, const struct vmlab_ref *r,
                   const uint64_t *next, struct vmlab_error *err)
{
    bool ran;
    int rc = vm_run_one(al->vm, r, al->shift, next, &ran, err);
    if (rc)
        return rc;
    if (!ran)
        return defer(al, p, r, next, err);
    if (vm_proc_time(al->vm, p->asid) == p->refs) {
        /* its last reference: the process exits and gives its frames back */
        release_all(al, p, vm_time(al->vm), true);
        p->state = PROC_DONE;
    }
    return 0;
}

static int tick(struct alloc *al, bool may_resume, struct vmlab_error *err);

/* @p leaves the suspended list and runs its backlog before anything else. */
static int resume(struct alloc *al, struct proc *p, struct vmlab_error *err)
{
    uint32_t h = index_of(al, p), k = 0;
    while (al->waiting[k] != h)
        k++;
    memmove(al->waiting + k, al->waiting + k + 1, (al->nwaiting - k - 1) * sizeof *al->waiting);
    al->nwaiting--;
    p->state = PROC_ACTIVE;
    p->stamp = ++al->activations;
    p->draining = true;
    int rc = 0;
    for (size_t i = 0; i < p->qlen && !rc; i++) {
        rc = tick(al, false, err);
        if (!rc)
            rc = execute(al, p, &p->queue[i], al->future ? &p->qnext[i] : NULL, err);
        /* a process running its backlog is never suspended, so nothing joins the queue */
        assert(rc || p->state != PROC_SUSPENDED);
    }
    p->qlen = 0;
    p->draining = false;
    return rc;
}

/* Resume suspended processes, oldest first, while the oldest one's demand fits. */
static int try_resume(struct alloc *al, struct vmlab_error *err)
{
    while (al->nwaiting) {
        struct proc *s = &al->procs[al->waiting[0]];
        if (s->demand > al->frames - al->held)
            return 0;
        int rc = resume(al, s, err);
        if (rc)
            return rc;
    }
    return 0;
}

static int tick(struct alloc *al, bool may_resume, struct vmlab_error *err)
{
    uint64_t now = vm_time(al->vm);
    if (now < al->next_tick)
        return 0;
    al->next_tick = now + al->interval;
    if (al->allocation == VMLAB_ALLOC_WS && !al->exact)
        ws_sample(al, now);
    return may_resume ? try_resume(al, err) : 0;
}

static int handle(struct alloc *al, const struct vmlab_ref *r, const uint64_t *next,
                  struct vmlab_error *err)
{
    int rc = tick(al, true, err);
    if (rc)
        return rc;
    uint16_t h = r->asid <= VMLAB_ASID_MAX ? al->pool_of[r->asid] : NO_POOL;
    if (h == NO_POOL) {
        /* the engine reports the bad ASID, or alloc_fault the unknown process */
        bool ran;
        return vm_run_one(al->vm, r, al->shift, next, &ran, err);
    }
    struct proc *p = &al->procs[h];
    if (p->state == PROC_DONE)
        return vmlab_error_set(err, VMLAB_EINPUT,
                               "process %u has more references than the first pass counted: the "
                               "input changed between its two passes",
                               p->asid);
    if (p->state == PROC_SUSPENDED) {
        if (p->qlen < al->defer_max) {
            rc = defer(al, p, r, next, err);
            return rc ? rc : try_resume(al, err);
        }
        p->forced++; /* its queue is full: it runs now, whatever memory holds */
        if ((rc = resume(al, p, err)))
            return rc;
    }
    return execute(al, p, r, next, err);
}

int alloc_run(struct alloc *al, const struct vmlab_ref *refs, size_t n, unsigned shift,
              const uint64_t *next_use, struct vmlab_error *err)
{
    al->shift = shift;
    for (size_t i = 0; i < n; i++) {
        int rc = handle(al, &refs[i], next_use ? &next_use[i] : NULL, err);
        if (rc)
            return rc;
    }
    return 0;
}

int alloc_finish(struct alloc *al, struct vmlab_error *err)
{
    while (al->nwaiting) {
        int rc = resume(al, &al->procs[al->waiting[0]], err);
        if (rc)
            return rc;
    }
    return 0;
}

void alloc_proc_metrics(const struct alloc *al, uint32_t asid, struct vmlab_metrics *m)
{
    if (asid > VMLAB_ASID_MAX || al->pool_of[asid] == NO_POOL)
        return;
    const struct proc *p = &al->procs[al->pool_of[asid]];
    m->suspensions += p->suspensions;
    m->forced_resumes += p->forced;
    m->deferred_refs += p->deferred;
}
