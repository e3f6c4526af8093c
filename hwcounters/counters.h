/*
 * counters.h - count events around a region of code (module-internal).
 *
 * Three sources, each used only where it works on this host:
 *   papi    hardware events by PAPI name (PAPI_TLB_DM, PAPI_TOT_CYC, or a
 *           native name such as dtlb_load_misses.walk_completed);
 *   perf    Linux perf software events: minor-faults, major-faults,
 *           task-clock (ns), context-switches;
 *   rusage  getrusage(RUSAGE_SELF) fault counts, when perf is refused.
 * An event that cannot be counted is reported as unavailable with the reason
 * (no PAPI in this build, PAPI found no hardware counters, the event does not
 * exist on this CPU, perf_event_open refused...). No number is ever invented:
 * an unavailable event has no value.
 */
#ifndef VMLAB_HWCOUNTERS_COUNTERS_H
#define VMLAB_HWCOUNTERS_COUNTERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#define COUNTERS_MAX 16

struct counter {
    char name[64];
    const char *source;  /* "papi", "perf", "rusage", or NULL when unavailable */
    char reason[160];    /* why unavailable */
    bool available;
    uint64_t value;      /* after counters_stop; meaningful only when available */
    int fd;              /* perf */
    int papi_index;      /* position in the PAPI event set */
};

struct counters {
    size_t n;
    struct counter c[COUNTERS_MAX];
    int papi_set;          /* PAPI event set, or -1 */
    int npapi;
    long long rusage_min, rusage_maj;
};

/* What a TLB event counts (calibration reports each per access). */
enum counter_role { COUNTER_TLB_MISSES, COUNTER_WALKS, COUNTER_WALK_CYCLES, COUNTER_CYCLES };

struct counter_event {
    const char *name; /* PAPI preset, or a native name of Intel's or AMD's event lists */
    int role;         /* enum counter_role */
};

/*
 * The TLB events calibration asks for and `vmlab host` probes, {NULL}-ended:
 * PAPI_TLB_DM and AMD's ls_l1_d_tlb_miss.all (first-level data TLB misses),
 * Intel's dtlb_load_misses.walk_completed and AMD's ls_tablewalker.dside
 * (page walks), Intel's dtlb_load_misses.walk_active (cycles a walk is
 * active), PAPI_TOT_CYC.
 */
extern const struct counter_event counters_tlb_events[];

/* Prepare to count @names (NULL-ended). Never fails: unavailable events say why. */
void counters_open(struct counters *cs, const char *const *names);
void counters_start(struct counters *cs);
void counters_stop(struct counters *cs);
void counters_close(struct counters *cs);

/* {"name": {"source", "value"} or {"available": false, "reason"}} */
json_t *counters_json(const struct counters *cs);

/*
 * What PAPI offers here: {"available": bool, "version", "hardware_counters",
 * "reason", "presets": {"PAPI_TLB_DM": bool, ...}}.
 */
json_t *counters_papi_json(void);

#endif /* VMLAB_HWCOUNTERS_COUNTERS_H */
