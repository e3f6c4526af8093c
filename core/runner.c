/*
 * runner.c - experiments, cell by cell (runner.h).
 *
 * A cell's workload gets the cell's seed unless its spec fixes one; the
 * labels written into the results are canonical (every parameter, defaults
 * included), so a run is reproduced from its params alone.
 *
 * The unit of work is a task: one cell, or the cells of one curve (the
 * sizes of one workload and policy, which curves.c runs together: one pass
 * of stack distances, or one decode feeding a memory manager per size).
 * Tasks are independent: with jobs > 1 worker threads take them in sweep
 * order from a shared counter, each into its own slot, and the document is
 * assembled in cell order afterwards, so it is the same whatever the number
 * of threads (timing aside). A task's state is its own (vm, policy,
 * stream); registries are read-only once the run starts.
 *
 * A worker takes a unit: a task, with the tasks after it in the same decode
 * group (tasks reading the same workload, seed and page size) while their
 * cells fit in unit_cells (at most VMLAB_CURVE_BATCH, and at most the cells
 * to run over the threads, so that no thread idles). A unit of several
 * tasks runs from one decode (curves.c: vmlab_curve_run_shared), the same
 * runs as its tasks alone; its runs are split back into their tasks.
 *
 *   tasks ─► [todo: not in journal] ─► units ─► workers ─► slot[task] ─┬─► journal line (fsync)
 *                                                                       └─► document, in cell order
 *
 * The journal makes a killed sweep resumable: every finished task is
 * appended to it as one JSON line {"cell", "hash", "runs"} and flushed to
 * disk before the next is reported; a new run of the same experiment takes
 * from it every task whose hash (of its cells' params and the vmlab version)
 * it holds and runs only the rest. A torn last line (the process killed
 * while writing) is dropped. The journal is removed once the document is
 * written.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <vmlab/vmlab.h>

#include "curves.h"
#include "mmu/desc.h"
#include "results/results.h"
#include "results/summary.h"
#include "runner.h"

char *vmlab_spec_label(const char *name, const struct vmlab_params *p)
{
    size_t plen = vmlab_params_format(p, NULL, 0);
    size_t nlen = strlen(name);
    char *s = malloc(nlen + plen + 2);
    if (!s)
        return NULL;
    memcpy(s, name, nlen);
    s[nlen] = '\0';
    if (plen) {
        s[nlen] = ':';
        vmlab_params_format(p, s + nlen + 1, plen + 1);
    }
    return s;
}

static bool has_param(const struct vmlab_params *p, const char *name)
{
    for (unsigned i = 0; i < p->n; i++)
        if (!strcmp(p->desc[i].name, name))
            return true;
    return false;
}

/* Does the cell's seed fill in @spec's seed parameter (the spec left it open)? */
static bool takes_run_seed(const struct vmlab_spec *spec)
{
    return has_param(&spec->params, "seed") && !vmlab_param_is_set(&spec->params, "seed");
}

/* The cell's parameters of @spec: a copy, with the cell's seed where the spec left it open. */
static int cell_params(struct vmlab_params *out, const struct vmlab_spec *spec, uint64_t seed,
                       struct vmlab_error *err)
{
    if (vmlab_params_copy(out, &spec->params))
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    if (takes_run_seed(spec)) {
        char buf[32];
        snprintf(buf, sizeof buf, "%llu", (unsigned long long)seed);
        int rc = vmlab_params_set(out, "seed", buf, spec->where, err);
        if (rc) {
            vmlab_params_free(out);
            return rc;
        }
    }
    return 0;
}

static int open_workload(const struct vmlab_experiment *e, const struct vmlab_cell *c,
                         const struct vmlab_params *wp, struct vmlab_stream **s,
                         struct vmlab_error *err)
{
    struct vmlab_workload_env env = {.page_size = c->page_size, .base_dir = e->base_dir};
    int rc = c->workload->workload->open(s, wp, &env, err);
    if (rc)
        vmlab_error_prefix(err, "%s", c->workload->where);
    return rc;
}

/* Open every workload once before the first cell: a missing trace is found in a second. */
static int check_workloads(const struct vmlab_experiment *e, struct vmlab_error *err)
{
    for (size_t i = 0; i < e->nworkloads; i++) {
        struct vmlab_cell c = {.workload = &e->workloads[i], .page_size = e->page_sizes[0]};
        struct vmlab_params wp;
        int rc = cell_params(&wp, c.workload, e->seeds[0], err);
        struct vmlab_stream *s = NULL;
        if (!rc)
            rc = open_workload(e, &c, &wp, &s, err);
        vmlab_stream_close(s);
        vmlab_params_free(&wp);
        if (rc)
            return rc;
    }
    return 0;
}

/* FNV-1a, 64 bits, over @n bytes of @p, continuing from @h. */
static uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * UINT64_C(0x100000001b3);
    return h;
}

/* The cell's processes-and-allocation params: scope, quota (local fixed), allocation, fault_cost. */
static int manager_params(json_t *params, const struct vmlab_experiment *e,
                          const struct vmlab_cell *c)
{
    const struct vmlab_manager *m = c->manager;
    char *alabel = vmlab_spec_label(vmlab_allocation_name(m->allocation->allocation),
                                    &m->allocation->params);
    if (!params || !alabel) {
        free(alabel);
        return -1;
    }
    json_object_set_new(params, "scope", json_string(vmlab_scope_name(m->scope)));
    if (m->has_quota && m->quota == VMLAB_QUOTA_SHARES) {
        json_t *a = json_array();
        for (size_t i = 0; i < m->nshares; i++)
            json_array_append_new(a, json_integer(m->shares[i]));
        json_object_set_new(params, "quota", a);
    } else if (m->has_quota) {
        json_object_set_new(params, "quota", json_string(vmlab_quota_name(m->quota)));
    }
    json_object_set_new(params, "allocation", json_string(alabel));
    json_object_set_new(params, "allocation_name",
                        json_string(vmlab_allocation_name(m->allocation->allocation)));
    json_object_set_new(params, "fault_cost", json_integer((json_int_t)e->fault_cost));
    free(alabel);
    return 0;
}

static json_t *run_params(const struct vmlab_experiment *e, const struct vmlab_cell *c,
                          const char *wlabel, const char *plabel)
{
    json_t *p = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:s}", "workload", wlabel,
                          "workload_name", c->workload->workload->name, "policy", plabel,
                          "policy_name", c->policy->policy->name, "frames", (json_int_t)c->frames,
                          "memory_bytes", (json_int_t)((uint64_t)c->frames * c->page_size),
                          "page_size", (json_int_t)c->page_size, "seed", (json_int_t)c->seed,
                          "visibility", vmlab_visibility_name(c->visibility));
    if (p && c->mmu) {
        /* translation model (issue 4) */
        static const char *const huge[] = {"never", "always", "khugepaged"};
        json_object_set_new(p, "huge_pages", json_string(huge[c->huge_pages.policy]));
        json_object_set_new(p, "pcid", c->pcid < 0    ? json_false()
                                       : c->pcid == 0 ? json_true()
                                                      : json_integer(c->pcid));
        /*
         * The model as a label "NAME:digest=HEX" (the FNV-1a digest of its canonical
         * description: two models of one name are different cells) and its name alone.
         */
        json_t *model = mmu_desc_json(c->mmu);
        char *text = model ? json_dumps(model, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
        char label[128] = "";
        if (text)
            snprintf(label, sizeof label, "%s:digest=%016llx", c->mmu->name,
                     (unsigned long long)fnv1a(UINT64_C(0xcbf29ce484222325), text, strlen(text)));
        json_object_set_new(p, "mmu", json_string(label));
        json_object_set_new(p, "mmu_name", json_string(c->mmu->name));
        free(text);
        json_decref(model);
    }
    if (manager_params(p, e, c)) {
        json_decref(p);
        return NULL;
    }
    return p;
}

/* ---- one cell ---- */

/*
 * Name, in @run, the params whose spec took the run's seed: their labels say
 * seed=N only because the run's seed is N, so runs that differ in nothing but
 * the seed are one cell (results/summary.h). Return: 0 or < 0.
 */
static int mark_seeded(json_t *run, const struct vmlab_cell *c, struct vmlab_error *err)
{
    json_t *seeded = json_array();
    if (seeded && takes_run_seed(c->workload))
        json_array_append_new(seeded, json_string("workload"));
    if (seeded && takes_run_seed(c->policy))
        json_array_append_new(seeded, json_string("policy"));
    if (seeded && !json_array_size(seeded)) {
        json_decref(seeded);
        return 0;
    }
    if (!seeded || json_object_set_new(run, "seeded", seeded))
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    return 0;
}

/*
 * Complete the @run of cell @c as every path gives it: its translation
 * model as run (issue 4), when it has translation counters, and "seeded".
 * Return: 0 or < 0.
 */
static int run_complete(json_t *run, const struct vmlab_cell *c, struct vmlab_error *err)
{
    json_t *tr = json_object_get(run, "translation");
    if (tr && json_object_set_new(tr, "model", mmu_desc_json(c->mmu)))
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    return mark_seeded(run, c, err);
}

/* The cell's params object and its labels. Return: 0 or < 0. */
static int cell_describe(const struct vmlab_experiment *e, const struct vmlab_cell *c,
                         struct vmlab_params *wp, struct vmlab_params *pp, json_t **params,
                         struct vmlab_error *err)
{
    int rc = cell_params(wp, c->workload, c->seed, err);
    if (rc)
        return rc;
    rc = cell_params(pp, c->policy, c->seed, err);
    if (rc) {
        vmlab_params_free(wp);
        return rc;
    }
    char *wlabel = vmlab_spec_label(c->workload->workload->name, wp);
    char *plabel = vmlab_spec_label(c->policy->policy->name, pp);
    *params = wlabel && plabel ? run_params(e, c, wlabel, plabel) : NULL;
    free(wlabel);
    free(plabel);
    if (!*params) {
        vmlab_params_free(wp);
        vmlab_params_free(pp);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    return 0;
}

/*
 * Simulate cell @c (params described by @wp, @pp and @params, all borrowed)
 * into @r (to be freed by the caller). Return: the run object (new
 * reference), or NULL with @err filled.
 */
static json_t *run_cell(const struct vmlab_experiment *e, const struct vmlab_cell *c,
                        const struct vmlab_params *wp, const struct vmlab_params *pp,
                        const json_t *params, const struct vmlab_run_hooks *h,
                        struct vmlab_sim_result *r, struct vmlab_error *err)
{
    const char *wlabel = json_string_value(json_object_get(params, "workload"));
    const char *plabel = json_string_value(json_object_get(params, "policy"));
    struct vmlab_stream *s = NULL;
    int rc = open_workload(e, c, wp, &s, err);
    if (!rc) {
        struct vmlab_sim_config cfg = {
            .policy = c->policy->policy,
            .policy_params = pp,
            .frames = c->frames,
            .page_size = c->page_size,
            .visibility = c->visibility,
            .seed = c->seed,
            .step = h ? h->step : NULL,
            .step_arg = h ? h->arg : NULL,
            .mmu = c->mmu, /* translation model (issue 4) */
            .huge_pages = c->huge_pages,
            .pcid = c->pcid,
            /* processes and allocation */
            .scope = c->manager->scope,
            .quota = c->manager->quota,
            .shares = c->manager->shares,
            .nshares = c->manager->nshares,
            .allocation = c->manager->allocation->allocation,
            .alloc_params = &c->manager->allocation->params,
            .fault_cost = e->fault_cost,
        };
        rc = vmlab_simulate(&cfg, s, r, err);
    }
    if (rc)
        vmlab_error_prefix(err, "cell %zu (%s, %u frames, %s)", c->index, plabel, c->frames,
                           wlabel);
    json_t *run = NULL;
    if (!rc) {
        run = vmlab_results_run(json_deep_copy(params), r);
        if (!run)
            vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
        else if (run_complete(run, c, err)) {
            json_decref(run);
            run = NULL;
        }
    }
    vmlab_stream_close(s);
    return run;
}

/* ---- tasks ---- */

/*
 * The sweep's tasks: first[t] is the first cell of task t, len[t] its cells,
 * group[t] its decode group: tasks of one group read the same workload
 * (spec, seed and page size) and can run from one decode (curves.c's
 * vmlab_curve_run_shared); NO_GROUP for a task that makes its own pass.
 */
struct tasks {
    size_t n;
    size_t *first;
    size_t *len;
    size_t *group;
};

#define NO_GROUP SIZE_MAX

static void tasks_free(struct tasks *t)
{
    free(t->first);
    free(t->len);
    free(t->group);
}

/* Do cells @a and @b read the same stream (workload, its seed, page size)? */
static bool same_input(const struct vmlab_cell *a, const struct vmlab_cell *b)
{
    return a->workload == b->workload && a->page_size == b->page_size &&
           (!takes_run_seed(a->workload) || a->seed == b->seed);
}

/* Cut @e's cells into tasks: a curve's sizes together when curves.c takes them. */
static int tasks_plan(const struct vmlab_experiment *e, const struct vmlab_run_hooks *hooks,
                      struct tasks *t, struct vmlab_error *err)
{
    size_t n = vmlab_experiment_cells(e);
    t->n = 0;
    t->first = malloc((n ? n : 1) * sizeof *t->first);
    t->len = malloc((n ? n : 1) * sizeof *t->len);
    t->group = malloc((n ? n : 1) * sizeof *t->group);
    if (!t->first || !t->len || !t->group)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    struct vmlab_cell prev = {0};
    size_t groups = 0;
    for (size_t i = 0; i < n;) {
        struct vmlab_cell c;
        int rc = vmlab_experiment_cell(e, i, &c, err);
        if (rc)
            return rc;
        size_t len = vmlab_curve_applies(e, &c, hooks) ? e->nsizes : 1;
        size_t group = NO_GROUP;
        if (vmlab_curve_shareable(e, &c, hooks)) /* the previous task's group, or a new one */
            group = t->n && t->group[t->n - 1] != NO_GROUP && same_input(&prev, &c)
                        ? t->group[t->n - 1]
                        : groups++;
        t->first[t->n] = i;
        t->group[t->n] = group;
        t->len[t->n++] = len;
        prev = c;
        i += len;
    }
    return 0;
}

int vmlab_experiment_tasks(const struct vmlab_experiment *e, size_t **first, size_t *n,
                           struct vmlab_error *err)
{
    struct tasks t = {0};
    int rc = tasks_plan(e, NULL, &t, err);
    free(t.len);
    free(t.group);
    if (rc) {
        free(t.first);
        return rc;
    }
    *first = t.first;
    *n = t.n;
    return 0;
}

/*
 * The params object of every cell of task @k (a new array), and the task's
 * hash: its cells' params (canonical, sorted keys) and the vmlab version.
 */
static int task_identity(const struct vmlab_experiment *e, const struct tasks *t, size_t k,
                         json_t **params, char hash[17], struct vmlab_error *err)
{
    json_t *all = json_array();
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    h = fnv1a(h, vmlab_version(), strlen(vmlab_version()) + 1);
    int rc = all ? 0 : vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    for (size_t i = t->first[k]; !rc && i < t->first[k] + t->len[k]; i++) {
        struct vmlab_cell c;
        struct vmlab_params wp, pp;
        json_t *p;
        vmlab_experiment_cell(e, i, &c, err);  /* checked before the start */
        if ((rc = cell_describe(e, &c, &wp, &pp, &p, err)))
            break;
        vmlab_params_free(&wp);
        vmlab_params_free(&pp);
        char *text = json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS);
        if (!text || json_array_append_new(all, p))
            rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
        else
            h = fnv1a(h, text, strlen(text) + 1);
        free(text);
    }
    if (rc) {
        json_decref(all);
        return rc;
    }
    snprintf(hash, 17, "%016llx", (unsigned long long)h);
    *params = all;
    return 0;
}

/*
 * Run the cells of curve task @c (its first cell) through curves.c, with
 * hooks @h. Return: the runs (new array), or NULL with @err filled.
 */
static json_t *run_curve(const struct vmlab_experiment *e, const struct vmlab_cell *c,
                         size_t ncells, const struct vmlab_run_hooks *h, struct vmlab_error *err)
{
    struct vmlab_params wp, pp;
    json_t *params;
    if (cell_describe(e, c, &wp, &pp, &params, err))
        return NULL;
    const char *wlabel = json_string_value(json_object_get(params, "workload"));
    const char *plabel = json_string_value(json_object_get(params, "policy"));
    struct vmlab_stream *s = NULL;
    json_t *doc = json_pack("{s:[]}", "runs");
    int rc = doc ? open_workload(e, c, &wp, &s, err)
                 : vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    if (!rc) {
        struct vmlab_curve_cells g = {
            .e = e, .first = c, .ncells = ncells, .hooks = h, .policy_params = &pp,
            .wlabel = wlabel, .plabel = plabel, .in = s, .params = run_params,
        };
        rc = vmlab_curve_run(&g, doc, err);
    }
    json_t *runs = rc ? NULL : json_incref(json_object_get(doc, "runs"));
    size_t i;
    json_t *run;
    json_array_foreach(runs, i, run) {
        if (run_complete(run, c, err)) {
            json_decref(runs);
            runs = NULL;
            break;
        }
    }
    vmlab_stream_close(s);
    json_decref(doc);
    json_decref(params);
    vmlab_params_free(&wp);
    vmlab_params_free(&pp);
    return runs;
}

/* ---- the journal ---- */

struct journal {
    int fd;            /* open for appending once a task finishes, or -1 */
    json_t *done;      /* {hash: runs} of the tasks it holds */
    char *path;
    const char *name;  /* the experiment's (borrowed) */
    off_t good;        /* bytes of whole lines in the file found at the start */
};

#define JOURNAL_TAG "vmlab-journal/2"

/*
 * Read the tasks an earlier run of @name left in journal @path, if there is
 * one (a torn last line is ignored, and cut off when the journal is next
 * written). The file is created only when a task finishes, so a sweep that
 * fails before any leaves none. Return: 0 or < 0.
 */
static int journal_open(struct journal *j, const char *path, const char *name,
                        struct vmlab_error *err)
{
    j->fd = -1;
    j->name = name;
    j->done = json_object();
    j->path = strdup(path);
    if (!j->done || !j->path)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    FILE *f = fopen(path, "r");
    off_t good = 0;
    if (f) {
        char *line = NULL;
        size_t cap = 0;
        ssize_t len;
        bool first = true;
        while ((len = getline(&line, &cap, f)) > 0) {
            if (line[len - 1] != '\n')
                break;  /* torn: the writer was killed in the middle */
            json_t *o = json_loadb(line, (size_t)len, 0, NULL);
            if (first) {
                const char *tag = json_string_value(json_object_get(o, "journal"));
                const char *jname = json_string_value(json_object_get(o, "experiment"));
                if (!tag || strcmp(tag, JOURNAL_TAG) || !jname || strcmp(jname, name)) {
                    json_decref(o);
                    free(line);
                    fclose(f);
                    return vmlab_error_set(err, VMLAB_EINPUT,
                                           "%s: line 1: not a %s journal of experiment '%s' "
                                           "(remove it, or choose another output)",
                                           path, JOURNAL_TAG, name);
                }
                first = false;
            } else {
                const char *hash = json_string_value(json_object_get(o, "hash"));
                json_t *runs = json_object_get(o, "runs");
                if (!hash || !json_is_array(runs)) {
                    json_decref(o);
                    break;
                }
                json_object_set(j->done, hash, runs);
            }
            json_decref(o);
            good += len;
        }
        free(line);
        fclose(f);
    }
    j->good = good;
    return 0;
}

/* Open the journal for appending: created with its head line, or cut after its last whole line. */
static int journal_start(struct journal *j, struct vmlab_error *err)
{
    j->fd = open(j->path, O_WRONLY | O_CREAT | O_APPEND, 0666);
    if (j->fd < 0 || ftruncate(j->fd, j->good))
        return vmlab_error_set(err, VMLAB_ESYSTEM, "%s: cannot write the journal: %s", j->path,
                               strerror(errno));
    if (j->good == 0) {
        json_t *head = json_pack("{s:s, s:s}", "journal", JOURNAL_TAG, "experiment", j->name);
        char *text = head ? json_dumps(head, JSON_COMPACT) : NULL;
        json_decref(head);
        bool bad = !text || dprintf(j->fd, "%s\n", text) < 0;
        free(text);
        if (bad)
            return vmlab_error_set(err, VMLAB_ESYSTEM, "%s: cannot write the journal: %s",
                                   j->path, strerror(errno));
    }
    return 0;
}

/* Append the @runs of the task of first cell @cell, on disk before this returns. Return: 0 or < 0. */
static int journal_add(struct journal *j, size_t cell, const char *hash, json_t *runs,
                       struct vmlab_error *err)
{
    if (j->fd < 0 && journal_start(j, err))
        return err->code;
    json_t *o = json_pack("{s:I, s:s, s:O}", "cell", (json_int_t)cell, "hash", hash, "runs", runs);
    char *text = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17))
                   : NULL;
    json_decref(o);
    size_t len = text ? strlen(text) : 0;
    bool bad = !text;
    if (text) {
        text[len] = '\n';  /* json_dumps leaves room for its NUL: the line is written whole */
        bad = write(j->fd, text, len + 1) != (ssize_t)(len + 1) || fdatasync(j->fd);
    }
    free(text);
    if (bad)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "%s: cannot write the journal: %s", j->path,
                               strerror(errno));
    return 0;
}

static void journal_close(struct journal *j)
{
    if (j->fd >= 0)
        close(j->fd);
    json_decref(j->done);
    free(j->path);
}

/* ---- the sweep ---- */

/* What the workers of one sweep share; every field below @lock is guarded by it. */
struct sweep {
    const struct vmlab_experiment *e;
    const struct vmlab_run_hooks *hooks;  /* the caller's */
    struct vmlab_run_hooks locked;        /* the same, called under @lock (for curves.c) */
    const struct tasks *tasks;
    size_t ncells;
    size_t *todo;             /* tasks to run, ascending */
    size_t ntodo;
    size_t unit_cells;        /* cells a unit of tasks of one decode group may hold */
    json_t **runs;            /* per task: its runs (an array) once finished */
    char (*hash)[17];         /* per task: the hash of its cells' params */
    struct journal *journal;  /* or NULL */
    pthread_mutex_t lock;
    size_t next;              /* next index into todo */
    bool stop;                /* a task failed: take no more */
    size_t failed;            /* the lowest task that failed (tasks->n: none) */
    struct vmlab_error err;   /* its error */
};

static void locked_begin(void *arg, const struct vmlab_cell *c, size_t ncells, const char *policy,
                         const char *workload)
{
    struct sweep *sw = arg;
    pthread_mutex_lock(&sw->lock);
    sw->hooks->cell_begin(sw->hooks->arg, c, ncells, policy, workload);
    pthread_mutex_unlock(&sw->lock);
}

static void locked_end(void *arg, const struct vmlab_cell *c, size_t ncells,
                       const struct vmlab_sim_result *r)
{
    struct sweep *sw = arg;
    pthread_mutex_lock(&sw->lock);
    sw->hooks->cell_end(sw->hooks->arg, c, ncells, r);
    pthread_mutex_unlock(&sw->lock);
}

/* Finish task @k: its runs into its slot and the journal; or note its failure. */
static void task_done(struct sweep *sw, size_t k, const struct vmlab_cell *c, json_t *runs,
                      const struct vmlab_sim_result *r, const struct vmlab_error *terr)
{
    struct vmlab_error jerr = {0};
    pthread_mutex_lock(&sw->lock);
    if (runs && sw->journal &&
        journal_add(sw->journal, sw->tasks->first[k], sw->hash[k], runs, &jerr)) {
        json_decref(runs);
        runs = NULL;
        terr = &jerr;
    }
    if (runs) {
        sw->runs[k] = runs;
        if (r && sw->hooks && sw->hooks->cell_end)  /* a curve told the hooks itself */
            sw->hooks->cell_end(sw->hooks->arg, c, sw->ncells, r);
    } else {
        sw->stop = true;
        if (k < sw->failed) {
            sw->failed = k;
            sw->err = *terr;
        }
    }
    pthread_mutex_unlock(&sw->lock);
}

/* Run task @k: a curve through curves.c, or one cell. */
static void task_run(struct sweep *sw, size_t k)
{
    const struct vmlab_run_hooks *h = sw->hooks;
    struct vmlab_cell c;
    struct vmlab_error err = {0};
    vmlab_experiment_cell(sw->e, sw->tasks->first[k], &c, &err);  /* checked before the start */
    if (sw->tasks->len[k] > 1 || vmlab_curve_applies(sw->e, &c, h)) {
        json_t *runs = run_curve(sw->e, &c, sw->ncells, h ? &sw->locked : NULL, &err);
        task_done(sw, k, &c, runs, NULL, &err);
        return;
    }
    struct vmlab_params wp, pp;
    json_t *params = NULL, *run = NULL;
    struct vmlab_sim_result r = {0};
    if (!cell_describe(sw->e, &c, &wp, &pp, &params, &err)) {
        if (h && h->cell_begin)
            locked_begin(sw, &c, sw->ncells,
                         json_string_value(json_object_get(params, "policy")),
                         json_string_value(json_object_get(params, "workload")));
        run = run_cell(sw->e, &c, &wp, &pp, params, h, &r, &err);
        vmlab_params_free(&wp);
        vmlab_params_free(&pp);
        json_decref(params);
    }
    json_t *runs = run ? json_array() : NULL;
    if (run && (!runs || json_array_append_new(runs, run))) {
        json_decref(runs);
        runs = NULL;
        vmlab_error_set(&err, VMLAB_ESYSTEM, "out of memory");
    }
    task_done(sw, k, &c, runs, &r, &err);
    vmlab_sim_result_free(&r);
}

/*
 * Run the @nk tasks todo[@i..] (of one decode group) from one decode: their
 * cells' runs, split back into their tasks, each journalled as if it had run
 * alone. A failure fails them all (the error names the cell).
 */
static void unit_run(struct sweep *sw, size_t i, size_t nk)
{
    const struct vmlab_experiment *e = sw->e;
    const struct tasks *t = sw->tasks;
    size_t n = 0;
    for (size_t j = 0; j < nk; j++)
        n += t->len[sw->todo[i + j]];
    struct vmlab_error err = {0};
    struct vmlab_shared_cell *m = calloc(n, sizeof *m);
    struct vmlab_params *pp = calloc(n, sizeof *pp);
    json_t **params = calloc(n, sizeof *params);
    json_t *doc = json_pack("{s:[]}", "runs");
    struct vmlab_params wp = {0};
    struct vmlab_stream *s = NULL;
    int rc = m && pp && params && doc ? 0 : vmlab_error_set(&err, VMLAB_ESYSTEM, "out of memory");
    size_t described = 0;
    for (size_t j = 0, x = 0; !rc && j < nk; j++)
        for (size_t c = t->first[sw->todo[i + j]];
             !rc && c < t->first[sw->todo[i + j]] + t->len[sw->todo[i + j]]; c++, x++) {
            struct vmlab_params cwp;
            vmlab_experiment_cell(e, c, &m[x].cell, &err); /* checked before the start */
            if ((rc = cell_describe(e, &m[x].cell, &cwp, &pp[x], &params[x], &err)))
                break;
            described++;
            m[x].policy_params = &pp[x];
            m[x].plabel = json_string_value(json_object_get(params[x], "policy"));
            if (x == 0)
                wp = cwp; /* every cell's is the same: the same input */
            else
                vmlab_params_free(&cwp);
        }
    if (!rc)
        rc = open_workload(e, &m[0].cell, &wp, &s, &err);
    if (!rc) {
        struct vmlab_curve_cells g = {
            .e = e,
            .first = &m[0].cell,
            .ncells = sw->ncells,
            .hooks = sw->hooks ? &sw->locked : NULL,
            .wlabel = json_string_value(json_object_get(params[0], "workload")),
            .in = s,
            .params = run_params,
        };
        rc = vmlab_curve_run_shared(&g, m, n, doc, &err);
    }
    /* the runs as their tasks would have given them */
    json_t *all = json_object_get(doc, "runs");
    for (size_t x = 0; !rc && x < n; x++)
        rc = run_complete(json_array_get(all, x), &m[x].cell, &err);
    for (size_t j = 0, x = 0; j < nk; j++) {
        size_t k = sw->todo[i + j];
        json_t *runs = rc ? NULL : json_array();
        for (size_t r = 0; runs && r < t->len[k]; r++, x++)
            if (json_array_append(runs, json_array_get(all, x))) {
                json_decref(runs);
                runs = NULL;
                vmlab_error_set(&err, VMLAB_ESYSTEM, "out of memory");
            }
        struct vmlab_cell c;
        vmlab_experiment_cell(e, t->first[k], &c, &err);
        task_done(sw, k, &c, runs, NULL, &err);
    }
    vmlab_stream_close(s);
    json_decref(doc);
    for (size_t x = 0; x < described; x++) {
        vmlab_params_free(&pp[x]);
        json_decref(params[x]);
    }
    if (described)
        vmlab_params_free(&wp);
    free(m);
    free(pp);
    free(params);
}

/*
 * Take the next unit of work: a task, and the tasks after it in the same
 * decode group while their cells fit in sw->unit_cells; run it.
 */
static void *worker(void *arg)
{
    struct sweep *sw = arg;
    const struct tasks *t = sw->tasks;
    for (;;) {
        pthread_mutex_lock(&sw->lock);
        size_t i = sw->stop || sw->next == sw->ntodo ? SIZE_MAX : sw->next++, nk = 1;
        if (i != SIZE_MAX) {
            size_t g = t->group[sw->todo[i]], cells = t->len[sw->todo[i]];
            while (g != NO_GROUP && sw->next < sw->ntodo && t->group[sw->todo[sw->next]] == g &&
                   cells + t->len[sw->todo[sw->next]] <= sw->unit_cells) {
                cells += t->len[sw->todo[sw->next++]];
                nk++;
            }
        }
        pthread_mutex_unlock(&sw->lock);
        if (i == SIZE_MAX)
            return NULL;
        if (nk == 1)
            task_run(sw, sw->todo[i]);
        else
            unit_run(sw, i, nk);
    }
}

/* The task that holds cell @cell. */
static size_t task_of(const struct tasks *t, size_t cell)
{
    size_t k = 0;
    while (k + 1 < t->n && t->first[k + 1] <= cell)
        k++;
    return k;
}

int vmlab_experiment_run_opts(const struct vmlab_experiment *e, const struct vmlab_run_opts *opts,
                              const struct vmlab_run_hooks *hooks, json_t **results,
                              struct vmlab_error *err)
{
    static const struct vmlab_run_opts defaults = {.jobs = 1, .cell = SIZE_MAX};
    if (!opts)
        opts = &defaults;
    *results = NULL;
    size_t n = vmlab_experiment_cells(e);
    size_t cell_to = opts->cell_to > opts->cell ? opts->cell_to : opts->cell;
    if (opts->cell != SIZE_MAX && cell_to >= n)
        return vmlab_error_set(err, VMLAB_EINPUT, "--cell %zu: the experiment has %zu cells "
                               "(0 to %zu)", cell_to, n, n ? n - 1 : 0);
    struct vmlab_cell c;
    for (size_t i = 0; i < n; i++) {
        int rc = vmlab_experiment_cell(e, i, &c, err);
        if (rc)
            return rc;
    }
    int rc = check_workloads(e, err);
    if (rc)
        return rc;
    struct tasks t = {0};
    rc = tasks_plan(e, hooks, &t, err);
    struct sweep sw = {.e = e, .hooks = hooks, .tasks = &t, .ncells = n, .failed = t.n};
    if (hooks)
        sw.locked = (struct vmlab_run_hooks){
            .cell_begin = hooks->cell_begin ? locked_begin : NULL,
            .cell_end = hooks->cell_end ? locked_end : NULL,
            .step = hooks->step,  /* steps run on the calling thread alone */
            .arg = &sw,
        };
    struct journal jn = {.fd = -1};
    size_t nt = t.n ? t.n : 1;
    sw.runs = calloc(nt, sizeof *sw.runs);
    sw.hash = calloc(nt, sizeof *sw.hash);
    sw.todo = malloc(nt * sizeof *sw.todo);
    /* the experiment as given, with its name (the file's base name when it has none) */
    json_t *exp = json_deep_copy(e->doc);
    if (exp && !json_object_get(exp, "name"))
        json_object_set_new(exp, "name", json_string(e->name));
    json_t *doc = exp ? vmlab_results_new(exp) : NULL;
    json_decref(exp);
    if (!rc && (!sw.runs || !sw.hash || !sw.todo || !doc))
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    if (!rc && opts->journal && opts->cell == SIZE_MAX) {
        rc = journal_open(&jn, opts->journal, e->name, err);
        sw.journal = &jn;
    }
    /* which tasks the journal holds already, which are to run */
    size_t first = 0, last = t.n;
    if (opts->cell != SIZE_MAX) {
        first = task_of(&t, opts->cell);
        last = task_of(&t, cell_to) + 1;
    }
    for (size_t k = first; k < last && !rc; k++) {
        json_t *params;
        rc = task_identity(e, &t, k, &params, sw.hash[k], err);
        if (rc)
            break;
        /* the hash says it; the params say it again (a curve over "all" has a run per size) */
        json_t *kept = sw.journal ? json_object_get(jn.done, sw.hash[k]) : NULL;
        bool same = kept && json_array_size(kept) > 0;
        if (same && !e->curve.to_all) {
            same = json_array_size(kept) == json_array_size(params);
            for (size_t i = 0; same && i < json_array_size(params); i++)
                same = json_equal(json_object_get(json_array_get(kept, i), "params"),
                                  json_array_get(params, i));
        }
        if (same) {
            sw.runs[k] = json_incref(kept);
            if (hooks && hooks->cell_end) {
                struct vmlab_sim_result r = {0};
                vmlab_experiment_cell(e, t.first[k], &c, err);
                for (size_t i = 0; i < json_array_size(kept); i++)
                    hooks->cell_end(hooks->arg, &c, n, &r);
            }
        } else {
            sw.todo[sw.ntodo++] = k;
        }
        json_decref(params);
    }
    /* the tasks, on @jobs threads (the calling thread when 1, or for step hooks) */
    unsigned jobs = opts->jobs ? opts->jobs : 1;
    if (hooks && hooks->step)
        jobs = 1;
    if (jobs > sw.ntodo)
        jobs = sw.ntodo ? (unsigned)sw.ntodo : 1;
    /* units of at most VMLAB_CURVE_BATCH cells, and enough of them for every thread */
    size_t todo_cells = 0;
    for (size_t i = 0; i < sw.ntodo; i++)
        todo_cells += t.len[sw.todo[i]];
    sw.unit_cells = (todo_cells + jobs - 1) / jobs;
    if (sw.unit_cells > VMLAB_CURVE_BATCH)
        sw.unit_cells = VMLAB_CURVE_BATCH;
    if (!rc && pthread_mutex_init(&sw.lock, NULL))
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "cannot create a lock");
    if (!rc) {
        pthread_t *tid = calloc(jobs, sizeof *tid);
        unsigned started = 0;
        if (jobs > 1 && tid) {
            for (; started < jobs; started++)
                if (pthread_create(&tid[started], NULL, worker, &sw))
                    break;
        }
        if (started == 0)
            worker(&sw);  /* one thread, or none could be started: this one */
        for (unsigned i = 0; i < started; i++)
            pthread_join(tid[i], NULL);
        free(tid);
        pthread_mutex_destroy(&sw.lock);
        if (sw.failed < t.n) {
            *err = sw.err;
            size_t kept = 0;
            for (size_t k = 0; k < t.n; k++)
                kept += sw.runs[k] ? json_array_size(sw.runs[k]) : 0;
            if (sw.journal && kept) {
                size_t used = strlen(err->msg);
                snprintf(err->msg + used, sizeof err->msg - used,
                         "; the %zu runs finished are kept in %s: the same command resumes", kept,
                         jn.path);
            }
            rc = err->code ? err->code : VMLAB_ESYSTEM;
        }
    }
    /* the document, in cell order; the runs of a curve over "all" sizes share its cell */
    for (size_t k = first; k < last && !rc; k++) {
        size_t i;
        json_t *run;
        json_array_foreach(sw.runs[k], i, run) {
            size_t cell = t.first[k] + (e->curve.to_all ? 0 : i);
            json_object_set_new(run, "cell", json_integer((json_int_t)cell));
            if (json_array_append(json_object_get(doc, "runs"), run)) {
                rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
                break;
            }
        }
    }
    if (!rc)
        rc = vmlab_results_summarize(doc, err);
    for (size_t k = 0; k < t.n; k++)
        json_decref(sw.runs[k]);
    free(sw.runs);
    free(sw.hash);
    free(sw.todo);
    tasks_free(&t);
    if (sw.journal)
        journal_close(&jn);
    if (rc) {
        json_decref(doc);
        return rc;
    }
    *results = doc;
    return 0;
}

int vmlab_experiment_run(const struct vmlab_experiment *e, const struct vmlab_run_hooks *hooks,
                         json_t **results, struct vmlab_error *err)
{
    return vmlab_experiment_run_opts(e, NULL, hooks, results, err);
}
