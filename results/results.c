/*
 * results.c - building, writing and reading the results document
 * (results.h). Metrics are written in the order of vmlab_metric_table, keys
 * in insertion order, with two-space indentation: stable, diffable output.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <vmlab/vmlab.h>

#include "core/output.h"
#include "hwcounters/host.h"
#include "results/results.h"

const struct vmlab_metric_desc vmlab_metric_table[] = {
    {"refs", "references", "references simulated; refs = hits + faults"},
    {"hits", "references", "references to a page resident in memory"},
    {"faults", "faults",
     "references to a page not resident in memory (page faults); faults = compulsory_faults + "
     "major_faults"},
    {"compulsory_faults", "faults",
     "faults on a page's first touch (minor, zero-fill faults): the distinct pages referenced"},
    {"major_faults", "faults",
     "faults on a page that was resident before and was evicted (a swap-in)"},
    {"evictions", "pages", "pages removed from memory to free a frame for another"},
    {"writebacks", "pages",
     "evicted pages that were dirty (written since loaded): each costs a write to swap"},
    {"cleanings", "pages",
     "dirty pages the policy had written back ahead of eviction (WSClock's scheduled writes), "
     "off the fault's path; writebacks + cleanings is the whole swap-write traffic"},
    {"shootdowns", "invalidations",
     "TLB invalidations: in hardware visibility, clearing an accessed bit with a flush, "
     "cleaning a dirty page whose translation a TLB may hold, and evicting such a page; 0 in "
     "exact visibility"},
    {"reads", "references", "data loads"},
    {"writes", "references", "data stores (they set the dirty bit)"},
    {"ifetches", "references", "instruction fetches"},
    {"fault_ratio", "faults/reference", "faults / refs (0 when refs is 0): the miss ratio"},
    {"hit_ratio", "hits/reference", "hits / refs"},
    /* processes and allocation (docs/config.md, "Processes and allocation") */
    {"frames_end", "frames",
     "frames held at the end of the run; 0 under ws and pff, where a process exits after its "
     "last reference and frees its frames"},
    {"frames_avg", "frames",
     "frames held after each reference, averaged over the run's references (over the whole "
     "run for a process too, so they add up to the total's)"},
    {"frames_max", "frames",
     "most frames held at once; the run's total is the peak of the sum over processes, not the "
     "sum of their peaks"},
    {"suspensions", "suspensions",
     "times load control suspended a process, releasing its frames (ws, pff)"},
    {"forced_resumes", "resumptions",
     "resumptions forced because a suspended process's queue of deferred references was full "
     "(defer_max)"},
    {"deferred_refs", "references",
     "references that waited in a queue because their process was suspended (each ran later, "
     "once)"},
    {"modelled_time", "reference times",
     "refs + fault_cost x faults: a reference takes one time unit, a fault fault_cost more"},
    {"throughput", "references/reference time",
     "refs / modelled_time, Denning's efficiency 1 / (1 + fault_cost x fault_ratio): useful "
     "references per unit of modelled time"},
};
const size_t vmlab_metric_count = sizeof vmlab_metric_table / sizeof vmlab_metric_table[0];

/* translation model (issue 4): the members of a run's "translation" object */
const struct vmlab_metric_desc vmlab_translation_metric_table[] = {
    {"tlb[].lookups", "lookups",
     "references that looked the TLB structure's level up for a translation of a page size it "
     "holds (misses attributed by page size, as hardware counters do)"},
    {"tlb[].hits", "lookups", "lookups that found the translation in it"},
    {"tlb[].misses", "lookups", "lookups - hits"},
    {"tlb[].mpki", "misses/kiloreference", "misses per thousand references of the run"},
    {"tlb[].evictions", "entries", "valid entries replaced by a fill"},
    {"tlb[].invalidations", "entries", "entries removed by shoot-downs and flushes"},
    {"walks", "walks", "page walks: references that missed every TLB"},
    {"walk_refs", "references",
     "walk memory references by page-table level, root first (hashed: [anchors, entries]; "
     "cuckoo: [probes])"},
    {"host_walk_refs", "references", "nested paging: host-dimension references by level"},
    {"pwc[].lookups", "lookups", "lookups of the walk cache (nested TLB, cuckoo walk cache)"},
    {"pwc[].hits", "lookups", "lookups that hit"},
    {"walk_cycles", "cycles", "cycles of page walks: walk-cache hits and memory references"},
    {"pt_bytes", "bytes", "page-table memory at the end of the run"},
    {"host_pt_bytes", "bytes", "nested paging: the host page table's memory"},
    {"shootdowns", "invalidations",
     "TLB invalidations the OS issued: evictions (unmaps), flushed accessed-bit clears, collapses"},
    {"context_switches", "switches", "changes of address space between consecutive references"},
    {"flushes", "flushes", "whole-TLB flushes (switches without PCID, PCID reuse)"},
    {"dirty_sets", "references",
     "writes through a TLB entry of a clean 4 KiB page (dirty-bit update; huge mappings are "
     "made dirty)"},
    {"promotions", "regions", "regions mapped by a huge page"},
    {"demotions", "regions", "huge mappings split because a page of theirs was evicted"},
    {"prefaulted", "pages", "pages loaded by a huge-page promotion without being referenced"},
    {"cycles.tlb_hit", "cycles", "TLB lookups: each level's latency for every lookup of it"},
    {"cycles.pwc_hit", "cycles", "walk-cache (and nested-TLB) hits at their latency"},
    {"cycles.walk_mem", "cycles", "walk memory steps (and dirty-bit updates) at walk_mem cycles"},
    {"cycles.minor_fault", "cycles", "compulsory faults at the minor-fault cost"},
    {"cycles.major_fault", "cycles", "major faults at the major-fault cost"},
    {"cycles.writeback", "cycles", "write-backs at the write-back cost"},
    {"cycles.shootdown", "cycles", "shoot-downs at the shoot-down cost"},
    {"cycles.context_switch", "cycles", "context switches at the switch cost"},
    {"cycles.total", "cycles", "the sum of the above: translation and paging cycles"},
    {"cycles_per_ref", "cycles/reference", "cycles.total / refs (an AMAT-style figure)"},
};
const size_t vmlab_translation_metric_count =
    sizeof vmlab_translation_metric_table / sizeof vmlab_translation_metric_table[0];

json_t *vmlab_translation_json(const struct vmlab_translation *t)
{
    double kref = t->refs ? (double)t->refs / 1000.0 : 1.0;
    json_t *tlb = json_array();
    for (unsigned i = 0; i < t->ntlb; i++) {
        const struct vmlab_tlb_metrics *x = &t->tlb[i];
        json_array_append_new(
            tlb, json_pack("{s:s, s:i, s:I, s:I, s:I, s:f, s:I, s:I}", "name", x->name, "level",
                           (int)x->level, "lookups", (json_int_t)x->lookups, "hits",
                           (json_int_t)x->hits, "misses", (json_int_t)(x->lookups - x->hits),
                           "mpki", (double)(x->lookups - x->hits) / kref, "evictions",
                           (json_int_t)x->evictions, "invalidations",
                           (json_int_t)x->invalidations));
    }
    json_t *refs = json_array(), *host = json_array(), *pwc = json_array();
    for (unsigned l = 0; l < t->walk_levels; l++)
        json_array_append_new(refs, json_integer((json_int_t)t->walk_refs[l]));
    for (unsigned l = 0; l < t->host_levels; l++)
        json_array_append_new(host, json_integer((json_int_t)t->host_walk_refs[l]));
    for (unsigned i = 0; i < t->npwc; i++)
        json_array_append_new(pwc, json_pack("{s:s, s:I, s:I}", "name", t->pwc[i].name, "lookups",
                                             (json_int_t)t->pwc[i].lookups, "hits",
                                             (json_int_t)t->pwc[i].hits));
    json_t *cycles = json_pack(
        "{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "tlb_hit", (json_int_t)t->cycles.tlb_hit,
        "pwc_hit", (json_int_t)t->cycles.pwc_hit, "walk_mem", (json_int_t)t->cycles.walk_mem,
        "minor_fault", (json_int_t)t->cycles.minor_fault, "major_fault",
        (json_int_t)t->cycles.major_fault, "writeback", (json_int_t)t->cycles.writeback,
        "shootdown", (json_int_t)t->cycles.shootdown, "context_switch",
        (json_int_t)t->cycles.context_switch, "total", (json_int_t)t->cycles.total);
    json_t *o = json_pack("{s:o, s:I, s:o, s:o, s:o, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, "
                          "s:I, s:I, s:o, s:f}",
                          "tlb", tlb, "walks", (json_int_t)t->walks, "walk_refs", refs,
                          "host_walk_refs", host, "pwc", pwc, "walk_cycles",
                          (json_int_t)t->walk_cycles, "pt_bytes", (json_int_t)t->pt_bytes,
                          "host_pt_bytes", (json_int_t)t->host_pt_bytes, "shootdowns",
                          (json_int_t)t->shootdowns, "context_switches",
                          (json_int_t)t->context_switches, "flushes", (json_int_t)t->flushes,
                          "dirty_sets", (json_int_t)t->dirty_sets, "promotions",
                          (json_int_t)t->promotions, "demotions", (json_int_t)t->demotions,
                          "prefaulted", (json_int_t)t->prefaulted, "cycles", cycles,
                          "cycles_per_ref",
                          t->refs ? (double)t->cycles.total / (double)t->refs : 0.0);
    return o;
}

static const char *const timing_units[][2] = {
    {"wall_s", "seconds"},
    {"refs_per_s", "references/second"},
};

json_t *vmlab_metrics_json(const struct vmlab_metrics *m)
{
    const uint64_t v[] = {
        m->refs,       m->hits,       m->faults, m->compulsory_faults, m->major_faults,
        m->evictions,  m->writebacks, m->cleanings, m->shootdowns, m->reads, m->writes,
        m->ifetches,
    };
    json_t *o = json_object();
    if (!o)
        return NULL;
    size_t i = 0;
    for (; i < sizeof v / sizeof v[0]; i++)
        json_object_set_new(o, vmlab_metric_table[i].name, json_integer((json_int_t)v[i]));
    double refs = m->refs ? (double)m->refs : 1.0;
    json_object_set_new(o, vmlab_metric_table[i++].name, json_real((double)m->faults / refs));
    json_object_set_new(o, vmlab_metric_table[i++].name, json_real((double)m->hits / refs));
    /* processes and allocation */
    json_object_set_new(o, vmlab_metric_table[i++].name, json_integer((json_int_t)m->frames_end));
    json_object_set_new(o, vmlab_metric_table[i++].name, json_real(m->frames_avg));
    json_object_set_new(o, vmlab_metric_table[i++].name, json_integer((json_int_t)m->frames_max));
    json_object_set_new(o, vmlab_metric_table[i++].name, json_integer((json_int_t)m->suspensions));
    json_object_set_new(o, vmlab_metric_table[i++].name,
                        json_integer((json_int_t)m->forced_resumes));
    json_object_set_new(o, vmlab_metric_table[i++].name,
                        json_integer((json_int_t)m->deferred_refs));
    json_object_set_new(o, vmlab_metric_table[i++].name,
                        json_integer((json_int_t)m->modelled_time));
    json_object_set_new(o, vmlab_metric_table[i++].name, json_real(vmlab_metrics_throughput(m)));
    return o;
}

json_t *vmlab_results_new(const json_t *experiment)
{
    json_t *units = json_object();
    for (size_t i = 0; i < vmlab_metric_count; i++)
        json_object_set_new(units, vmlab_metric_table[i].name,
                            json_string(vmlab_metric_table[i].unit));
    for (size_t i = 0; i < sizeof timing_units / sizeof timing_units[0]; i++)
        json_object_set_new(units, timing_units[i][0], json_string(timing_units[i][1]));
    /* translation model (issue 4) */
    for (size_t i = 0; i < vmlab_translation_metric_count; i++) {
        char name[96];
        snprintf(name, sizeof name, "translation.%s", vmlab_translation_metric_table[i].name);
        json_object_set_new(units, name, json_string(vmlab_translation_metric_table[i].unit));
    }
    return json_pack("{s:s, s:s, s:o, s:O, s:o, s:[]}", "schema", VMLAB_RESULTS_SCHEMA, "vmlab",
                     vmlab_version(), "host", vmlab_host_json(), "experiment", experiment,
                     "units", units, "runs");
}

json_t *vmlab_results_run(json_t *params, const struct vmlab_sim_result *r)
{
    json_t *procs = json_array();
    for (size_t i = 0; i < r->nprocs; i++)
        json_array_append_new(procs, json_pack("{s:i, s:o}", "asid", (json_int_t)r->procs[i].asid,
                                               "metrics", vmlab_metrics_json(&r->procs[i].m)));
    double rate = r->wall_s > 0 ? (double)r->total.refs / r->wall_s : 0.0;
    json_t *run = json_pack("{s:o, s:o, s:o, s:{s:f, s:f}}", "params", params, "metrics",
                            vmlab_metrics_json(&r->total), "processes", procs, "timing", "wall_s",
                            r->wall_s, "refs_per_s", rate);
    if (run && r->translation) /* translation model (issue 4) */
        json_object_set_new(run, "translation", vmlab_translation_json(r->translation));
    return run;
}

int vmlab_results_add_run(json_t *doc, json_t *params, const struct vmlab_sim_result *r)
{
    json_t *run = vmlab_results_run(params, r);
    if (!run || json_array_append_new(json_object_get(doc, "runs"), run))
        return VMLAB_ESYSTEM;
    return 0;
}

/* one-pass curves (issue 8) */
int vmlab_results_mark_run(json_t *doc, json_t *method, const char *const *absent,
                           const char *const *proc_absent, bool no_processes)
{
    json_t *runs = json_object_get(doc, "runs");
    json_t *run = json_array_get(runs, json_array_size(runs) - 1);
    if (!run || !method) {
        json_decref(method);
        return VMLAB_ESYSTEM;
    }
    json_t *metrics = json_object_get(run, "metrics"), *procs = json_object_get(run, "processes");
    for (const char *const *a = absent; *a; a++)
        json_object_del(metrics, *a);
    size_t i;
    json_t *p;
    json_array_foreach(procs, i, p) {
        for (const char *const *a = proc_absent; *a; a++)
            json_object_del(json_object_get(p, "metrics"), *a);
    }
    if (no_processes)
        json_object_del(run, "processes");
    return json_object_set_new(run, "method", method) ? VMLAB_ESYSTEM : 0;
}

static int dump_json(FILE *f, void *doc)
{
    const size_t flags = JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17);
    return json_dumpf(doc, f, flags) || fputc('\n', f) == EOF ? -1 : 0;
}

int vmlab_results_write(const json_t *doc, const char *path, struct vmlab_error *err)
{
    return vmlab_write_atomic(path, dump_json, (void *)doc, err);
}

/*
 * The containers readers rely on: runs an array of objects, each with a
 * params object and, when present, a metrics object, a processes array of
 * objects, a translation object, a source index into the sources array.
 * Values inside are checked where they are used (a plot names a
 * non-numeric metric and leaves its line out).
 */
static int check_structure(const json_t *doc, const char *path, struct vmlab_error *err)
{
    const json_t *runs = json_object_get(doc, "runs"), *sources = json_object_get(doc, "sources");
    if (!json_is_array(runs))
        return vmlab_error_set(err, VMLAB_EINPUT, "%s: $.runs: expected an array of runs", path);
    if (sources && !json_is_array(sources))
        return vmlab_error_set(err, VMLAB_EINPUT, "%s: $.sources: expected an array", path);
    size_t i;
    const json_t *run;
    json_array_foreach(runs, i, run) {
        if (!json_is_object(run))
            return vmlab_error_set(err, VMLAB_EINPUT, "%s: $.runs[%zu]: expected an object", path,
                                   i);
        static const struct {
            const char *name;
            json_type type;
            bool required;
        } members[] = {
            {"params", JSON_OBJECT, true},      {"metrics", JSON_OBJECT, false},
            {"processes", JSON_ARRAY, false},   {"translation", JSON_OBJECT, false},
            {"timing", JSON_OBJECT, false},     {"seeded", JSON_ARRAY, false},
            {"source", JSON_INTEGER, false},
        };
        for (size_t k = 0; k < sizeof members / sizeof members[0]; k++) {
            const json_t *m = json_object_get(run, members[k].name);
            if (!m && !members[k].required)
                continue;
            if (!m || json_typeof(m) != members[k].type)
                return vmlab_error_set(err, VMLAB_EINPUT, "%s: $.runs[%zu].%s: %s %s", path, i,
                                       members[k].name, m ? "expected" : "missing: expected",
                                       members[k].type == JSON_OBJECT  ? "an object"
                                       : members[k].type == JSON_ARRAY ? "an array"
                                                                       : "an integer");
        }
        const json_t *src = json_object_get(run, "source");
        if (src && (json_integer_value(src) < 0 ||
                    (size_t)json_integer_value(src) >= json_array_size(sources)))
            return vmlab_error_set(err, VMLAB_EINPUT,
                                   "%s: $.runs[%zu].source: %" JSON_INTEGER_FORMAT
                                   " is not an index of $.sources (%zu entries)",
                                   path, i, json_integer_value(src), json_array_size(sources));
        size_t j;
        const json_t *p;
        json_array_foreach(json_object_get(run, "processes"), j, p)
            if (!json_is_object(p) || !json_is_object(json_object_get(p, "metrics")))
                return vmlab_error_set(err, VMLAB_EINPUT,
                                       "%s: $.runs[%zu].processes[%zu]: expected an object with a "
                                       "metrics object",
                                       path, i, j);
    }
    return 0;
}

json_t *vmlab_results_load(const char *path, struct vmlab_error *err)
{
    json_error_t jerr;
    json_t *doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    if (!doc) {
        if (jerr.position == 0)
            vmlab_error_set(err, VMLAB_EINPUT, "%s: %s", path, jerr.text);
        else
            vmlab_error_set(err, VMLAB_EINPUT, "%s:%d:%d: malformed JSON: %s", path, jerr.line,
                            jerr.column, jerr.text);
        return NULL;
    }
    const char *schema = json_string_value(json_object_get(doc, "schema"));
    if (!schema || strncmp(schema, "vmlab-results/", 14)) {
        json_decref(doc);
        vmlab_error_set(err, VMLAB_EINPUT, "%s: $.schema: not a vmlab results document", path);
        return NULL;
    }
    if (strcmp(schema, VMLAB_RESULTS_SCHEMA)) {
        vmlab_error_set(err, VMLAB_EINPUT, "%s: $.schema: is %s; this vmlab reads %s", path,
                        schema, VMLAB_RESULTS_SCHEMA);
        json_decref(doc);
        return NULL;
    }
    if (check_structure(doc, path, err)) {
        json_decref(doc);
        return NULL;
    }
    return doc;
}
