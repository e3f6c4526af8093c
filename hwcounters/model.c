/*
 * model.c - the calibrated profile and chases through the translation model
 * (model.h explains the mapping from ns to cycles).
 */
#include <config.h>

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vmlab/policy.h>
#include <vmlab/sim.h>
#include <vmlab/workload.h>

#include "hwcounters/model.h"

#define WARM_LAPS 1     /* the lap that faults the pages in and fills the TLBs */
#define MEASURED_LAPS 2 /* laps whose figures are the model's (LRU repeats from lap 2 on) */

/* The translation of @laps laps of the chase. */
static int run_laps(const struct vmlab_mmu_desc *d, uint64_t page_size, uint64_t nodes,
                    uint64_t spacing, uint64_t seed, uint64_t laps, struct vmlab_translation *t,
                    struct vmlab_error *err)
{
    char spec[160];
    snprintf(spec, sizeof spec, "chase:nodes=%llu,spacing=%llu,refs=%llu",
             (unsigned long long)nodes, (unsigned long long)spacing,
             (unsigned long long)(nodes * laps));
    struct vmlab_workload_env env = {.page_size = page_size, .base_dir = NULL};
    struct vmlab_stream *s;
    int rc = vmlab_workload_open_spec(&s, spec, seed, 0, &env, "calibration model", err);
    if (rc)
        return rc;
    const struct vmlab_policy *lru = vmlab_policy_find("lru");
    struct vmlab_params pp;
    vmlab_params_init(&pp, lru->params);
    rc = vmlab_params_finish(&pp, "lru", err);
    /* frames for every page the chase touches: no replacement, only translation */
    uint64_t bytes = nodes * (spacing ? spacing : page_size);
    uint64_t frames = (bytes + page_size - 1) / page_size;
    struct vmlab_sim_config cfg = {
        .policy = lru,
        .policy_params = &pp,
        .frames = (uint32_t)(frames ? frames : 1),
        .page_size = page_size,
        .visibility = VMLAB_VIS_EXACT,
        .seed = seed,
        .mmu = d,
        .pcid = 0,
    };
    struct vmlab_sim_result r;
    if (!rc && !(rc = vmlab_simulate(&cfg, s, &r, err))) {
        *t = *r.translation;
        vmlab_sim_result_free(&r);
    }
    vmlab_params_free(&pp);
    vmlab_stream_close(s);
    return rc;
}

static double translation_cycles(const struct vmlab_translation *t)
{
    return (double)(t->cycles.tlb_hit + t->cycles.pwc_hit + t->cycles.walk_mem);
}

static double level1_hits(const struct vmlab_translation *t)
{
    uint64_t h = 0;
    for (unsigned i = 0; i < t->ntlb; i++)
        if (t->tlb[i].level == 1)
            h += t->tlb[i].hits;
    return (double)h;
}

int calib_model_chase(const struct vmlab_mmu_desc *d, uint64_t page_size, uint64_t nodes,
                      uint64_t spacing, uint64_t seed, struct calib_model_point *out,
                      struct vmlab_error *err)
{
    struct vmlab_translation warm, all;
    int rc = run_laps(d, page_size, nodes, spacing, seed, WARM_LAPS, &warm, err);
    if (!rc)
        rc = run_laps(d, page_size, nodes, spacing, seed, WARM_LAPS + MEASURED_LAPS, &all, err);
    if (rc)
        return rc;
    double refs = (double)(nodes * MEASURED_LAPS);
    out->cycles = (translation_cycles(&all) - translation_cycles(&warm)) / refs;
    out->walks = (double)(all.walks - warm.walks) / refs;
    out->l1_misses = 1 - (level1_hits(&all) - level1_hits(&warm)) / refs;
    return 0;
}

unsigned calib_tlb_levels(const struct calib_fit *f, int given, const uint64_t *pages,
                          const double *walks, size_t n, int cpuid_levels)
{
    unsigned m = f->nsteps, L;
    if (given > 0) {
        L = (unsigned)given;
    } else if (walks) {
        /* the walk step: the last whose capacity is below the first N that walks */
        size_t i = 0;
        while (i < n && walks[i] < 0.5)
            i++;
        L = 0;
        for (unsigned k = 0; k < m; k++)
            if (i == n || f->step[k].entries < pages[i])
                L = k + 1;
        if (i == n)
            L = m + 1; /* no walks seen: the walk is beyond the curve */
    } else if (cpuid_levels > 0) {
        L = (unsigned)cpuid_levels;
    } else {
        L = m + 1;
        double tallest = m ? f->step[0].miss_ns : 0;
        for (unsigned k = 1; k < m && L == m + 1; k++) {
            if (f->step[k].miss_ns > tallest)
                L = k + 1;
            tallest = fmax(tallest, f->step[k].miss_ns);
        }
    }
    return L ? L : 1;
}

/* ---- the profile ---- */

static const char *const size_name[2] = {"4K", "2M"};

static void note(json_t *notes, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(json_t *notes, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    json_array_append_new(notes, json_string(buf));
}

static json_int_t cycles_of(double ns, double ghz)
{
    double c = ns * ghz;
    return c > 0 ? (json_int_t)llround(c) : 0;
}

/* the levels a size's structures occupy: capacities known, and one more when the walk was
   not reached (its capacity at least the largest N) */
static unsigned size_levels(const struct calib_size *s)
{
    unsigned m = s->fit->nsteps;
    return s->levels <= m + 1 ? s->levels : m + 1;
}

static bool walk_measured(const struct calib_size *s)
{
    return s->present && s->fit->nsteps >= s->levels;
}

static json_t *ways_json(uint64_t ways, uint64_t entries)
{
    return ways >= entries ? json_string("full") : json_integer((json_int_t)ways);
}

static bool name_taken(const json_t *tlbs, const char *name)
{
    size_t i;
    const json_t *t;
    json_array_foreach(tlbs, i, t)
        if (!strcmp(json_string_value(json_object_get(t, "name")), name))
            return true;
    return false;
}

/* instruction TLBs as CPUID describes them (4K and 2M), at the data levels' latencies */
static size_t add_itlbs(json_t *tlbs, const struct cpuid_tlbs *c, unsigned maxlevel,
                        const json_int_t *latency)
{
    size_t added = 0;
    for (unsigned i = 0; c && i < c->n && json_array_size(tlbs) < VMLAB_MMU_MAX_TLBS; i++) {
        const struct cpuid_tlb *t = &c->tlb[i];
        if (t->type != CPUID_TLB_INSTR || t->level < 1 || (unsigned)t->level > maxlevel)
            continue;
        bool k4 = t->pages & CPUID_PAGE_4K, m2 = t->pages & CPUID_PAGE_2M;
        if (!k4 && !m2)
            continue;
        char name[32];
        snprintf(name, sizeof name, "L%di-%s", t->level, k4 && m2 ? "4K+2M" : k4 ? "4K" : "2M");
        for (unsigned d = 2; name_taken(tlbs, name); d++)
            snprintf(name, sizeof name, "L%di-%s-%u", t->level,
                     k4 && m2 ? "4K+2M"
                     : k4     ? "4K"
                              : "2M",
                     d);
        json_t *sizes = json_array();
        if (k4)
            json_array_append_new(sizes, json_string("4K"));
        if (m2)
            json_array_append_new(sizes, json_string("2M"));
        bool full = t->ways <= 0 || (unsigned)t->ways >= t->entries || t->entries % t->ways;
        json_array_append_new(tlbs,
                              json_pack("{s:s, s:i, s:s, s:o, s:I, s:o, s:I}", "name", name,
                                        "level", t->level, "type", "instruction", "page_sizes",
                                        sizes, "entries", (json_int_t)t->entries, "ways",
                                        full ? json_string("full") : json_integer(t->ways),
                                        "latency", latency[t->level]));
        added++;
    }
    return added;
}

json_t *calib_profile_json(const struct calib_profile_in *in, json_t *notes)
{
    /* the latency of each level: the 4K curve's step into it, else the 2M curve's */
    json_int_t latency[CALIB_STEPS_MAX + 2] = {0};
    unsigned maxlevel = 0;
    bool have[CALIB_STEPS_MAX + 2] = {false};
    for (int s = 0; s < 2; s++) {
        const struct calib_size *z = &in->size[s];
        if (!z->present)
            continue;
        unsigned lv = size_levels(z);
        if (lv > maxlevel)
            maxlevel = lv;
        for (unsigned j = 2; j <= lv; j++) {
            json_int_t c = cycles_of(z->fit->step[j - 2].miss_ns, in->ghz);
            if (!have[j]) {
                latency[j] = c;
                have[j] = true;
            } else if (llabs((long long)(c - latency[j])) > 1) {
                note(notes,
                     "level %u: the 2M curve's step is %lld cycles, the 4K curve's %lld; the "
                     "model prices a level at one latency (the 4K's)",
                     j, (long long)c, (long long)latency[j]);
            }
        }
    }
    latency[1] = 1;
    if (maxlevel > CALIB_STEPS_MAX + 1)
        maxlevel = CALIB_STEPS_MAX + 1;

    bool itlb = false;
    for (unsigned i = 0; in->cpuid && i < in->cpuid->n; i++)
        if (in->cpuid->tlb[i].type == CPUID_TLB_INSTR && in->cpuid->tlb[i].level >= 1 &&
            (unsigned)in->cpuid->tlb[i].level <= maxlevel &&
            (in->cpuid->tlb[i].pages & (CPUID_PAGE_4K | CPUID_PAGE_2M)))
            itlb = true;
    json_t *tlbs = json_array();
    for (unsigned j = 1; j <= maxlevel; j++)
        for (int s = 0; s < 2; s++) {
            const struct calib_size *z = &in->size[s];
            if (!z->present || j > size_levels(z))
                continue;
            bool known = j <= z->fit->nsteps;
            const struct calib_step *st = known ? &z->fit->step[j - 1] : NULL;
            uint64_t entries = known ? st->entries : z->max_pages;
            uint64_t ways = known && st->ways_shown ? st->ways : entries;
            if (!known)
                note(notes,
                     "%s level %u: no step up to %llu pages: its capacity is at least that "
                     "(entries %llu, fully associative, in the profile)",
                     size_name[s], j, (unsigned long long)z->max_pages,
                     (unsigned long long)entries);
            else if (!st->ways_shown)
                note(notes,
                     "%s level %u: no point inside its rise: ways unknown, fully associative "
                     "in the profile",
                     size_name[s], j);
            if (entries > (1u << 24))
                entries = 1u << 24, ways = entries;
            char name[32];
            snprintf(name, sizeof name, "L%u%s-%s", j, itlb && j == 1 ? "d" : "", size_name[s]);
            json_array_append_new(
                tlbs, json_pack("{s:s, s:i, s:s, s:[s], s:I, s:o, s:I}", "name", name, "level",
                                (int)j, "type", itlb ? "data" : "unified", "page_sizes",
                                size_name[s], "entries", (json_int_t)entries, "ways",
                                ways_json(ways, entries), "latency", latency[j]));
        }
    if (itlb)
        add_itlbs(tlbs, in->cpuid, maxlevel, latency);
    else
        note(notes, "CPUID describes no instruction TLB: the measured structures serve "
                    "instruction fetches too (type unified)");

    /* the walk */
    const struct calib_size *z4 = &in->size[0], *z2 = &in->size[1];
    bool m4 = walk_measured(z4), m2 = walk_measured(z2);
    json_int_t w4 = m4 ? cycles_of(z4->fit->step[z4->levels - 1].miss_ns, in->ghz) : 0;
    json_int_t w2 = m2 ? cycles_of(z2->fit->step[z2->levels - 1].miss_ns, in->ghz) : 0;
    json_t *cost = json_object();
    if (m4 && m2 && w2 <= w4) {
        json_object_set_new(cost, "walk_mem", json_pack("[i, i, I, I]", 0, 0, w2, w4 - w2));
    } else if (m4 || m2) {
        json_object_set_new(cost, "walk_mem", json_pack("[i, i, I, i]", 0, 0, m4 ? w4 : w2, 0));
        if (m4 && m2)
            note(notes,
                 "the 2M walk (%lld cycles) costs more than the 4K walk (%lld): the model's "
                 "2M walk reads a subset of a 4K walk's levels; both priced as the 4K walk",
                 (long long)w2, (long long)w4);
        else
            note(notes, "the %s walk was not reached: priced as the %s walk (%lld cycles)",
                 m4 ? "2M" : "4K", m4 ? "4K" : "2M", (long long)(m4 ? w4 : w2));
    } else {
        note(notes, "no walk was reached: walk_mem keeps the model's default");
    }
    for (int s = 0; s < 2; s++) {
        const struct calib_size *z = &in->size[s];
        for (unsigned k = z->levels; z->present && k < z->fit->nsteps; k++)
            note(notes,
                 "%s: a step past the walk at %llu pages (+%.1f ns): a walk cost the model "
                 "does not price (page-table entries leaving the data caches?)",
                 size_name[s], (unsigned long long)z->fit->step[k].entries,
                 z->fit->step[k].miss_ns);
    }
    if (in->minor_fault)
        json_object_set_new(cost, "minor_fault", json_integer((json_int_t)in->minor_fault));

    char source[2048];
    snprintf(source, sizeof source,
             "%s. Measured (docs/calibration.md): TLB capacities, ways and the steps' heights "
             "from pointer chases over N consecutive pages in one random cyclic order, at 4K "
             "pages%s; latencies and the walk's cost (walk_mem) are the heights in ns times the "
             "measured clock of %.3f GHz, rounded to cycles%s. Assumed: LRU replacement and "
             "modulo set indexing (the ways are read through them), level 1's latency (1 "
             "cycle), no walk caches (a walk's measured cost on the PD and PT levels), one "
             "structure per page size per level, %s; the other costs are the model's defaults.",
             in->origin, z2->present ? " and 2M pages" : "", in->ghz,
             in->minor_fault ? "; minor_fault from timed first touches" : "",
             itlb ? "instruction TLBs as CPUID describes them" : "no instruction TLB apart");
    json_t *p = json_pack("{s:s, s:s, s:o, s:s, s:s, s:s}", "name", "host", "source", source, "tlb",
                          tlbs, "inclusion", "non-inclusive", "page_table", "radix", "pwc", "none");
    if (json_object_size(cost))
        json_object_set_new(p, "cost", cost);
    else
        json_decref(cost);
    return p;
}

/* ---- CPUID ---- */

json_t *calib_compare_cpuid(const struct cpuid_tlbs *t, const struct calib_fit *f,
                            const char *label, unsigned bit, unsigned levels)
{
    json_t *a = json_array();
    for (unsigned k = 0; k < f->nsteps && k < levels; k++) {
        const struct calib_step *st = &f->step[k];
        json_t *o = json_pack("{s:s, s:i, s:I, s:o}", "page_size", label, "level", (int)k + 1,
                              "inferred_entries", (json_int_t)st->entries, "inferred_ways",
                              st->ways >= st->entries ? json_string("full")
                                                      : json_integer((json_int_t)st->ways));
        const struct cpuid_tlb *best = NULL;
        for (unsigned i = 0; t && i < t->n && !best; i++)
            if (t->tlb[i].level == (int)k + 1 && (t->tlb[i].pages & bit) &&
                t->tlb[i].type != CPUID_TLB_INSTR && t->tlb[i].type != CPUID_TLB_STORE)
                best = &t->tlb[i];
        if (!best) {
            json_object_set_new(o, "cpuid_entries", json_null());
            json_object_set_new(o, "agrees", json_null());
            json_object_set_new(
                o, "note",
                json_string(t && t->n ? "CPUID describes no such TLB" : "CPUID describes no TLB"));
            json_array_append_new(a, o);
            continue;
        }
        double ratio = (double)st->entries / best->entries;
        /* a TLB under a random order, or shared with the chase's own code and stack, starts
           missing before it is full: within a factor of 1.25 either way counts as agreeing */
        bool entries_ok = ratio >= 0.8 && ratio <= 1.25;
        json_object_set_new(o, "cpuid_entries", json_integer(best->entries));
        json_object_set_new(o, "cpuid_ways",
                            best->ways < 0    ? json_null()
                            : best->ways == 0 ? json_string("full")
                                              : json_integer(best->ways));
        json_object_set_new(o, "ratio", json_real(ratio));
        json_t *ways_ok = json_null();
        if (best->ways >= 0 && st->ways_shown) {
            bool full = st->ways >= st->entries;
            json_decref(ways_ok);
            ways_ok = json_boolean(best->ways == 0 ? full : !full && (int)st->ways == best->ways);
        }
        json_object_set_new(o, "ways_agree", ways_ok);
        json_object_set_new(o, "agrees", json_boolean(entries_ok && !json_is_false(ways_ok)));
        json_array_append_new(a, o);
    }
    return a;
}
