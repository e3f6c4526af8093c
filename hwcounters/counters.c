/*
 * counters.c - events counted around a region of code (counters.h).
 */
#include <config.h>

#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifdef HAVE_PAPI
#include <papi.h>
#endif

#include "hwcounters/counters.h"

static const struct {
    const char *name;
    uint64_t config;
} perf_sw[] = {
    {"minor-faults", PERF_COUNT_SW_PAGE_FAULTS_MIN},
    {"major-faults", PERF_COUNT_SW_PAGE_FAULTS_MAJ},
    {"task-clock", PERF_COUNT_SW_TASK_CLOCK},
    {"context-switches", PERF_COUNT_SW_CONTEXT_SWITCHES},
};

const struct counter_event counters_tlb_events[] = {
    {"PAPI_TLB_DM", COUNTER_TLB_MISSES},
    {"ls_l1_d_tlb_miss.all", COUNTER_TLB_MISSES},
    {"dtlb_load_misses.walk_completed", COUNTER_WALKS},
    {"ls_tablewalker.dside", COUNTER_WALKS},
    {"dtlb_load_misses.walk_active", COUNTER_WALK_CYCLES},
    {"PAPI_TOT_CYC", COUNTER_CYCLES},
    {NULL, 0},
};

static int perf_open(uint64_t config)
{
    struct perf_event_attr a;
    memset(&a, 0, sizeof a);
    a.size = sizeof a;
    a.type = PERF_TYPE_SOFTWARE;
    a.config = config;
    a.disabled = 1;
    a.exclude_hv = 1;
    return (int)syscall(SYS_perf_event_open, &a, 0, -1, -1, 0);
}

#ifdef HAVE_PAPI
/* Return: NULL when PAPI is usable, else why not. */
static const char *papi_ready(void)
{
    static int state; /* 0 unknown, 1 ready, -1 not */
    static char why[160];
    if (!state) {
        int v = PAPI_library_init(PAPI_VER_CURRENT);
        if (v != PAPI_VER_CURRENT) {
            snprintf(why, sizeof why, "PAPI_library_init failed: %s",
                     v < 0 ? PAPI_strerror(v) : "version mismatch");
            state = -1;
        } else if (PAPI_num_cmp_hwctrs(0) <= 0) {
            const PAPI_component_info_t *ci = PAPI_get_component_info(0);
            snprintf(why, sizeof why, "PAPI reports 0 hardware counters%s%.100s",
                     ci && ci->disabled_reason[0] ? ": " : " (virtual machine?)",
                     ci && ci->disabled_reason[0] ? ci->disabled_reason : "");
            state = -1;
        } else {
            state = 1;
        }
    }
    return state > 0 ? NULL : why;
}
#endif

void counters_open(struct counters *cs, const char *const *names)
{
    memset(cs, 0, sizeof *cs);
    cs->papi_set = -1;
    for (size_t i = 0; names[i] && cs->n < COUNTERS_MAX; i++) {
        struct counter *c = &cs->c[cs->n++];
        snprintf(c->name, sizeof c->name, "%s", names[i]);
        c->fd = -1;
        c->papi_index = -1;
        int sw = -1;
        for (size_t k = 0; k < sizeof perf_sw / sizeof perf_sw[0]; k++)
            if (!strcmp(names[i], perf_sw[k].name))
                sw = (int)k;
        if (sw >= 0) {
            c->fd = perf_open(perf_sw[sw].config);
            if (c->fd >= 0) {
                c->source = "perf";
                c->available = true;
            } else if (sw <= 1) {
                c->source = "rusage"; /* fault counts survive a refused perf */
                c->available = true;
            } else {
                snprintf(c->reason, sizeof c->reason, "perf_event_open refused: %s",
                         strerror(errno));
            }
            continue;
        }
#ifdef HAVE_PAPI
        const char *why = papi_ready();
        if (why) {
            snprintf(c->reason, sizeof c->reason, "counters unavailable: %s", why);
            continue;
        }
        if (cs->papi_set < 0) {
            int es = PAPI_NULL;
            int rc = PAPI_create_eventset(&es);
            if (rc != PAPI_OK) {
                snprintf(c->reason, sizeof c->reason, "counters unavailable: %s",
                         PAPI_strerror(rc));
                continue;
            }
            cs->papi_set = es;
        }
        int code;
        int rc = PAPI_event_name_to_code((char *)names[i], &code);
        if (rc == PAPI_OK)
            rc = PAPI_add_event(cs->papi_set, code);
        if (rc != PAPI_OK) {
            snprintf(c->reason, sizeof c->reason, "counters unavailable: PAPI cannot count %s: %s",
                     names[i], PAPI_strerror(rc));
            continue;
        }
        c->source = "papi";
        c->available = true;
        c->papi_index = cs->npapi++;
#else
        snprintf(c->reason, sizeof c->reason,
                 "counters unavailable: this vmlab was built without PAPI (--with-papi)");
#endif
    }
}

static void rusage_faults(long long *min, long long *maj)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    *min = ru.ru_minflt;
    *maj = ru.ru_majflt;
}

void counters_start(struct counters *cs)
{
    rusage_faults(&cs->rusage_min, &cs->rusage_maj);
    for (size_t i = 0; i < cs->n; i++)
        if (cs->c[i].fd >= 0) {
            ioctl(cs->c[i].fd, PERF_EVENT_IOC_RESET, 0);
            ioctl(cs->c[i].fd, PERF_EVENT_IOC_ENABLE, 0);
        }
#ifdef HAVE_PAPI
    if (cs->npapi && PAPI_start(cs->papi_set) != PAPI_OK)
        for (size_t i = 0; i < cs->n; i++)
            if (cs->c[i].papi_index >= 0) {
                cs->c[i].available = false;
                cs->c[i].source = NULL;
                snprintf(cs->c[i].reason, sizeof cs->c[i].reason,
                         "counters unavailable: PAPI_start failed");
            }
#endif
}

void counters_stop(struct counters *cs)
{
#ifdef HAVE_PAPI
    long long v[COUNTERS_MAX] = {0};
    bool papi_ok = cs->npapi && PAPI_stop(cs->papi_set, v) == PAPI_OK;
#endif
    long long min, maj;
    rusage_faults(&min, &maj);
    for (size_t i = 0; i < cs->n; i++) {
        struct counter *c = &cs->c[i];
        if (!c->available)
            continue;
        if (c->fd >= 0) {
            ioctl(c->fd, PERF_EVENT_IOC_DISABLE, 0);
            uint64_t x = 0;
            if (read(c->fd, &x, sizeof x) == (ssize_t)sizeof x) {
                c->value = x;
            } else {
                c->available = false;
                snprintf(c->reason, sizeof c->reason, "reading the perf counter failed");
            }
        } else if (c->source && !strcmp(c->source, "rusage")) {
            c->value = (uint64_t)(strcmp(c->name, "minor-faults") ? maj - cs->rusage_maj
                                                                  : min - cs->rusage_min);
        }
#ifdef HAVE_PAPI
        else if (c->papi_index >= 0) {
            if (papi_ok) {
                c->value = (uint64_t)v[c->papi_index];
            } else {
                c->available = false;
                snprintf(c->reason, sizeof c->reason, "counters unavailable: PAPI_stop failed");
            }
        }
#endif
    }
}

void counters_close(struct counters *cs)
{
    for (size_t i = 0; i < cs->n; i++)
        if (cs->c[i].fd >= 0)
            close(cs->c[i].fd);
#ifdef HAVE_PAPI
    if (cs->papi_set >= 0) {
        PAPI_cleanup_eventset(cs->papi_set);
        PAPI_destroy_eventset(&cs->papi_set);
    }
#endif
    cs->n = 0;
}

json_t *counters_json(const struct counters *cs)
{
    json_t *o = json_object();
    for (size_t i = 0; o && i < cs->n; i++) {
        const struct counter *c = &cs->c[i];
        json_object_set_new(o, c->name,
                            c->available ? json_pack("{s:s, s:I}", "source", c->source, "value",
                                                     (json_int_t)c->value)
                                         : json_pack("{s:b, s:s}", "available", 0, "reason",
                                                     c->reason));
    }
    return o;
}

json_t *counters_papi_json(void)
{
#ifdef HAVE_PAPI
    const char *why = papi_ready();
    json_t *o = json_pack("{s:b, s:s}", "available", why == NULL, "version", "");
    char ver[32];
    snprintf(ver, sizeof ver, "%d.%d.%d", PAPI_VERSION_MAJOR(PAPI_VERSION),
             PAPI_VERSION_MINOR(PAPI_VERSION), PAPI_VERSION_REVISION(PAPI_VERSION));
    json_object_set_new(o, "version", json_string(ver));
    if (why) {
        json_object_set_new(o, "reason", json_string(why));
        return o;
    }
    json_object_set_new(o, "hardware_counters", json_integer(PAPI_num_cmp_hwctrs(0)));
    static const char *const presets[] = {"PAPI_TLB_DM", "PAPI_TLB_IM", "PAPI_TOT_CYC",
                                          "PAPI_TOT_INS", "PAPI_L1_DCM", "PAPI_L2_DCM"};
    json_t *p = json_object();
    for (size_t i = 0; i < sizeof presets / sizeof presets[0]; i++) {
        int code;
        bool ok = PAPI_event_name_to_code((char *)presets[i], &code) == PAPI_OK &&
                  PAPI_query_event(code) == PAPI_OK;
        json_object_set_new(p, presets[i], json_boolean(ok));
    }
    json_object_set_new(o, "presets", p);
    json_t *nat = json_object();
    for (const struct counter_event *e = counters_tlb_events; e->name; e++) {
        int code;
        if (strncmp(e->name, "PAPI_", 5))
            json_object_set_new(
                nat, e->name,
                json_boolean(PAPI_event_name_to_code((char *)e->name, &code) == PAPI_OK));
    }
    json_object_set_new(o, "native", nat);
    /* an event set is the real test: a VM may list events it cannot count */
    struct counters cs;
    const char *const probe[] = {"PAPI_TOT_CYC", NULL};
    counters_open(&cs, probe);
    if (!cs.c[0].available) {
        json_object_set_new(o, "available", json_false());
        json_object_set_new(o, "reason", json_string(cs.c[0].reason));
    }
    counters_close(&cs);
    return o;
#else
    return json_pack("{s:b, s:s}", "available", 0, "reason",
                     "this vmlab was built without PAPI (--with-papi)");
#endif
}
