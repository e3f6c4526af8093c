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

#include "hwcounters/host.h"
#include "results/results.h"

const struct vmlab_metric_desc vmlab_metric_table[] = {
    {"refs", "references", "memory references simulated"},
    {"hits", "references", "references to a page resident in memory"},
    {"faults", "faults", "references to a page not resident in memory (page faults)"},
    {"compulsory_faults", "faults",
     "faults on a page's first touch (minor, zero-fill): the distinct pages touched"},
    {"major_faults", "faults", "faults on a page evicted earlier (a swap-in or re-read)"},
    {"evictions", "pages", "pages removed from memory to free a frame"},
    {"writebacks", "pages", "evicted pages that were dirty and had to be written back"},
    {"shootdowns", "invalidations",
     "TLB invalidations for cleared accessed bits and evictions (hardware visibility only)"},
    {"reads", "references", "data reads"},
    {"writes", "references", "data writes"},
    {"ifetches", "references", "instruction fetches"},
    {"fault_ratio", "faults/reference", "faults / refs (the miss ratio)"},
    {"hit_ratio", "hits/reference", "hits / refs"},
    /* processes and allocation (docs/config.md, "Processes and allocation") */
    {"frames_end", "frames", "frames held at the end of the run (ws/pff: 0, processes exit)"},
    {"frames_avg", "frames",
     "frames held after each reference, averaged over the run's references"},
    {"frames_max", "frames",
     "most frames held at once (the run's total: the peak of the sum over processes)"},
    {"suspensions", "suspensions",
     "times load control suspended a process, releasing its frames (ws, pff)"},
    {"forced_resumes", "resumptions",
     "resumptions forced because a suspended process's deferred references filled defer_max"},
    {"deferred_refs", "references",
     "references that waited in a queue because their process was suspended"},
    {"modelled_time", "reference times",
     "refs + fault_cost x faults: a reference takes one time unit, a fault fault_cost more"},
    {"throughput", "references/reference time",
     "refs / modelled_time: useful references per unit of modelled time (Denning's "
     "efficiency 1 / (1 + fault_cost x fault_ratio))"},
};
const size_t vmlab_metric_count = sizeof vmlab_metric_table / sizeof vmlab_metric_table[0];

static const char *const timing_units[][2] = {
    {"wall_s", "seconds"},
    {"refs_per_s", "references/second"},
};

json_t *vmlab_metrics_json(const struct vmlab_metrics *m)
{
    const uint64_t v[] = {
        m->refs,       m->hits,       m->faults, m->compulsory_faults, m->major_faults,
        m->evictions,  m->writebacks, m->shootdowns, m->reads, m->writes, m->ifetches,
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
    return json_pack("{s:s, s:s, s:o, s:O, s:o, s:[]}", "schema", VMLAB_RESULTS_SCHEMA, "vmlab",
                     vmlab_version(), "host", vmlab_host_json(), "experiment", experiment,
                     "units", units, "runs");
}

int vmlab_results_add_run(json_t *doc, json_t *params, const struct vmlab_sim_result *r)
{
    json_t *procs = json_array();
    for (size_t i = 0; i < r->nprocs; i++)
        json_array_append_new(procs, json_pack("{s:i, s:o}", "asid", (json_int_t)r->procs[i].asid,
                                               "metrics", vmlab_metrics_json(&r->procs[i].m)));
    double rate = r->wall_s > 0 ? (double)r->total.refs / r->wall_s : 0.0;
    json_t *run = json_pack("{s:o, s:o, s:o, s:{s:f, s:f}}", "params", params, "metrics",
                            vmlab_metrics_json(&r->total), "processes", procs, "timing", "wall_s",
                            r->wall_s, "refs_per_s", rate);
    if (!run || json_array_append_new(json_object_get(doc, "runs"), run))
        return VMLAB_ESYSTEM;
    return 0;
}

int vmlab_results_write(const json_t *doc, const char *path, struct vmlab_error *err)
{
    const size_t flags = JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17);
    if (!strcmp(path, "-")) {
        if (json_dumpf(doc, stdout, flags) || fputc('\n', stdout) == EOF || fflush(stdout))
            return vmlab_error_set(err, VMLAB_ESYSTEM, "cannot write the results: %s",
                                   strerror(errno));
        return 0;
    }
    size_t len = strlen(path);
    char *tmp = malloc(len + 16);
    if (!tmp)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    snprintf(tmp, len + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "%s: cannot create a file beside it: %s", path,
                               strerror(e));
    }
    mode_t mask = umask(0);
    umask(mask);
    (void)fchmod(fd, 0666 & ~mask); /* as a file created normally, not mkstemp's 0600 */
    FILE *f = fdopen(fd, "w");
    int bad = !f || json_dumpf(doc, f, flags) || fputc('\n', f) == EOF || fflush(f) ||
              fsync(fileno(f));
    int e = errno;
    if (f)
        bad |= fclose(f) != 0;
    else
        close(fd);
    if (!bad && rename(tmp, path))
        bad = 1, e = errno;
    if (bad) {
        unlink(tmp);
        free(tmp);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "%s: cannot write: %s", path, strerror(e));
    }
    free(tmp);
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
    if (!json_is_array(json_object_get(doc, "runs"))) {
        json_decref(doc);
        vmlab_error_set(err, VMLAB_EINPUT, "%s: $.runs: expected an array of runs", path);
        return NULL;
    }
    return doc;
}
