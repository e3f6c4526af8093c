/*
 * template.c - the skeleton of a replacement policy: FIFO, optionally with
 * second chance, every hook written out and explained. Copy this file to
 * start a policy (docs/writing-a-policy.md walks through it); it is
 * registered as "template", so it runs as is:
 *
 *   vmlab sim --refs 1,2,3,4,1,2,5,1,2,3,4,5 --policy template --frames 3,4
 *
 * The algorithm. Frames wait in a ring in the order their pages were loaded;
 * the victim is the oldest (FIFO, Belady 1966). With second_chance, an
 * oldest page whose accessed bit is set is spared once: the bit is cleared
 * and the page goes to the back of the ring, as if just loaded (Corbató's
 * second chance, the list form of CLOCK). With an interval, a timer clears
 * every accessed bit each `interval` references, as an OS's clock interrupt
 * does (the tick hook), so the pages spared are those used since the last
 * tick rather than since the hand last passed.
 *
 *   insert ─► [ back ... front ] ─► victim      ring: q[head], q[head+1], ... (len of them)
 *                    ▲         │ A=1 and second_chance: clear A, move to the back
 *                    └─────────┘
 *
 * Parameters:
 *   second_chance (default false) - spare a page whose accessed bit is set
 *   flush (default true) - clear that bit with a TLB invalidation (in
 *     hardware visibility without it a cached page looks unreferenced)
 *   interval (default 0 = no timer) - references between two clearings of
 *     every accessed bit
 *
 * Both visibilities: the policy needs no hit hook, only the accessed bits the
 * engine keeps in the frame table, so it runs where an OS sees only bits.
 *
 * The file uses nothing but the installed headers (<vmlab/policy.h>), so the
 * same code builds in-tree or as a plugin; out of the tree drop the
 * <config.h> include and end the file with VMLAB_PLUGIN_POLICIES(&...).
 *
 * Source: Belady, "A study of replacement algorithms for a virtual-storage
 * computer", IBM Systems Journal 5(2), 1966; second chance: Corbató, MIT
 * Project MAC MAC-M-384, 1968.
 */
#include <config.h>

#include <assert.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <vmlab/policy.h>

/*
 * Parameters: name, type, default (text), range, choices, one line of doc.
 * The engine validates, applies defaults and prints them in `vmlab list`.
 */
static const struct vmlab_param_desc template_params[] = {
    {"second_chance", VMLAB_PARAM_BOOL, "false", VMLAB_ANY, NULL,
     "spare the oldest page once if its accessed bit is set"},
    {"flush", VMLAB_PARAM_BOOL, "true", VMLAB_ANY, NULL,
     "clear accessed bits with a TLB invalidation (a shoot-down in hardware visibility)"},
    {"interval", VMLAB_PARAM_COUNT, "0", VMLAB_RANGE(0, 1e15), NULL,
     "references between two clearings of every accessed bit by a timer (0: no timer)"},
    {0},
};

/*
 * The state: all of it hangs off this struct (no globals), so runs on other
 * threads or other processes' pools (local scope) never meet. A policy owns
 * only its ordering; pages, flags and the page->frame map are the engine's.
 */
struct template_state {
    struct vmlab_frames *fr; /* the engine's frame table of our pool (borrowed) */
    uint32_t *q;             /* ring of frames, oldest at q[head] */
    uint32_t n;              /* frames in the pool: the ring's capacity */
    uint32_t head, len;      /* position of the oldest; frames in the ring */
    uint64_t interval;       /* references between two ticks; 0: no timer */
    bool second_chance, flush;
};

/* The ring never holds more frames than the pool has (checked in debug builds). */
static inline bool template_ring_ok(const struct template_state *s)
{
    return s->len <= s->n && s->head < s->n;
}

/*
 * init: called once before the first reference. env->nframes is the size of
 * the pool this instance manages (all frames, or a process's pool in local
 * scope); env->frames its frame table, valid until fini. Read parameters with
 * the typed getters. Return 0, or a negative code with @err filled: the
 * message is shown to the user, prefixed with the policy's name.
 */
static int template_init(void **state, const struct vmlab_policy_env *env,
                         const struct vmlab_params *params, struct vmlab_error *err)
{
    struct template_state *s = calloc(1, sizeof *s);
    if (s)
        s->q = malloc((env->nframes ? env->nframes : 1) * sizeof *s->q);
    if (!s || !s->q) {
        if (s)
            free(s);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory for %u frames", env->nframes);
    }
    s->fr = env->frames;
    s->n = env->nframes;
    s->second_chance = vmlab_param_bool(params, "second_chance");
    s->flush = vmlab_param_bool(params, "flush");
    s->interval = vmlab_param_u64(params, "interval");
    *state = s;
    return 0;
}

/*
 * hit: a resident page in @frame was accessed. FIFO's order does not change
 * on a hit, so this policy leaves the hook NULL (see the table at the end):
 * the engine then makes no call at all on the hot path, and the policy runs
 * in hardware visibility, where no hit is ever reported. A policy that must
 * see every access (LRU) fills the hook, keeps it cheap (it runs for every
 * hit) and sets VMLAB_POLICY_NEEDS_EXACT.
 */

/*
 * victim: memory (our pool) is full and @a's page is not resident: return
 * the frame to evict, one that holds a page. @a tells which reference
 * faults (page key, time, process); OPT-like policies (NEEDS_FUTURE) also
 * read a->next_use. The engine evicts the page and then calls insert() with
 * the same frame; victim() must forget the frame it returns.
 */
static uint32_t template_victim(void *state, const struct vmlab_access *a)
{
    struct template_state *s = state;
    (void)a;
    /* with second chance at most len + 1 steps: the first pass clears every bit */
    for (uint32_t step = 0; step <= s->len; step++) {
        uint32_t f = s->q[s->head];
        s->head = s->head + 1 == s->n ? 0 : s->head + 1;
        if (s->second_chance && vmlab_frame_test_clear_accessed(s->fr, f, s->flush)) {
            s->q[(s->head + s->len - 1) % s->n] = f; /* back of the ring */
            continue;
        }
        s->len--;
        return f;
    }
    return VMLAB_NO_FRAME; /* an empty ring: the engine reports the misbehaviour */
}

/*
 * insert: @a's page was just loaded into @frame (free, or the victim just
 * evicted). Free frames are used before victim() is ever called, lowest
 * number first.
 */
static void template_insert(void *state, uint32_t frame, const struct vmlab_access *a)
{
    struct template_state *s = state;
    (void)a;
    s->q[(s->head + s->len) % s->n] = frame;
    s->len++;
    assert(template_ring_ok(s));
}

/*
 * remove: @frame's page left memory for a reason of the engine's (in local
 * scope a working-set window passed it, PFF shrank the allocation, its
 * process was suspended). Forget the frame. Rare next to victim and insert,
 * so a linear search in the ring is fine here.
 */
static void template_remove(void *state, uint32_t frame)
{
    struct template_state *s = state;
    for (uint32_t i = 0; i < s->len; i++) {
        uint32_t at = (s->head + i) % s->n;
        if (s->q[at] != frame)
            continue;
        for (uint32_t j = i; j + 1 < s->len; j++) /* close the gap */
            s->q[(s->head + j) % s->n] = s->q[(s->head + j + 1) % s->n];
        s->len--;
        return;
    }
}

/*
 * tick: the policy's timer, the work an OS does in its clock interrupt; may
 * be NULL. Time counts references: the engine calls tick(state, 0) before
 * the first reference, then tick(state, T) when the run reaches the time T
 * the previous call returned, between references T-1 and T (the frame table
 * holds the bits of every reference before T), fault or no fault. Return the
 * time of the next tick, later than @time, or VMLAB_NEVER for none. The
 * engine cuts its blocks of references at tick times, so a timer costs
 * nothing per reference; a tick that visits every frame costs O(frames), so
 * keep the interval at least about the number of frames.
 */
static uint64_t template_tick(void *state, uint64_t time)
{
    struct template_state *s = state;
    if (!s->interval)
        return VMLAB_NEVER; /* no timer: the call at time 0 is the only one */
    for (uint32_t f = 0; f < s->n; f++)
        if (vmlab_frame_used(s->fr, f) && vmlab_frame_accessed(s->fr, f))
            vmlab_frame_clear_accessed(s->fr, f, s->flush);
    return time + s->interval;
}

/* fini: once, at the end; free everything init allocated. */
static void template_fini(void *state)
{
    struct template_state *s = state;
    free(s->q);
    free(s);
}

/*
 * The table the registry holds. In-tree: `const struct vmlab_policy
 * vmlab_policy_NAME` and the line VMLAB_POLICY(NAME) in policies/list.h.
 * Out of the tree: any name, then VMLAB_PLUGIN_POLICIES(&it).
 */
const struct vmlab_policy vmlab_policy_template = {
    .abi = VMLAB_POLICY_ABI, /* the plugin loader refuses another ABI */
    .name = "template",      /* [a-z0-9_-]+, unique among loaded policies */
    .summary = "FIFO with optional second chance: the annotated skeleton of policies/template.c",
    .source = "Belady, IBM Systems Journal 5(2), 1966",
    .params = template_params,
    .flags = 0, /* VMLAB_POLICY_NEEDS_EXACT, VMLAB_POLICY_NEEDS_FUTURE */
    .init = template_init,
    .hit = NULL, /* FIFO ignores hits (see the comment above) */
    .victim = template_victim,
    .insert = template_insert,
    .remove = template_remove,
    .fini = template_fini,
    .tick = template_tick, /* NULL for a policy without a timer */
};
