/*
 * runner.c - experiments, cell by cell (runner.h).
 *
 * A cell's workload gets the cell's seed unless its spec fixes one; the
 * labels written into the results are canonical (every parameter, defaults
 * included), so a run is reproduced from its params alone.
 *
 * Cells are independent: with jobs > 1 worker threads take them in sweep
 * order from a shared counter, each into its own slot, and the document is
 * assembled in cell order afterwards, so it is the same whatever the number
 * of threads (timing aside). A run's state is its cell's alone (vm, policy,
 * stream); registries are read-only once the run starts.
 *
 *   cells ─► [todo: not in journal] ─► workers ─► slot[cell] ─┬─► journal line (fsync)
 *                                                              └─► document, in cell order
 *
 * The journal makes a killed sweep resumable: every finished cell is
 * appended to it as one JSON line {"cell", "hash", "run"} and flushed to
 * disk before the next is reported; a new run of the same experiment takes
 * from it every cell whose hash (of its params and the vmlab version) it
 * holds and runs only the rest. A torn last line (the process killed while
 * writing) is dropped. The journal is removed once the document is written.
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

/* FNV-1a, 64 bits, over @n bytes of @p, continuing from @h. */
static uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * UINT64_C(0x100000001b3);
    return h;
}

/* The identity of a cell's result: its params (canonical, sorted keys) and the vmlab version. */
static int cell_hash(const json_t *params, char out[17])
{
    char *text = json_dumps(params, JSON_COMPACT | JSON_SORT_KEYS);
    if (!text)
        return -1;
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    h = fnv1a(h, vmlab_version(), strlen(vmlab_version()) + 1);
    h = fnv1a(h, text, strlen(text));
    free(text);
    snprintf(out, 17, "%016llx", (unsigned long long)h);
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
        else if (mark_seeded(run, c, err)) {
            json_decref(run);
            run = NULL;
        }
    }
    vmlab_stream_close(s);
    return run;
}

/* ---- the journal ---- */

struct journal {
    int fd;            /* open for appending once a cell finishes, or -1 */
    json_t *done;      /* {hash: run} of the cells it holds */
    char *path;
    const char *name;  /* the experiment's (borrowed) */
    off_t good;        /* bytes of whole lines in the file found at the start */
};

#define JOURNAL_TAG "vmlab-journal/1"

/*
 * Read the cells an earlier run of @name left in journal @path, if there is
 * one (a torn last line is ignored, and cut off when the journal is next
 * written). The file is created only when a cell finishes, so a sweep that
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
                                           "%s: line 1: not the journal of experiment '%s' "
                                           "(remove it, or choose another output)",
                                           path, name);
                }
                first = false;
            } else {
                const char *hash = json_string_value(json_object_get(o, "hash"));
                json_t *run = json_object_get(o, "run");
                if (!hash || !json_is_object(run)) {
                    json_decref(o);
                    break;
                }
                json_object_set(j->done, hash, run);
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

/* Append cell @cell's @run, on disk before this returns. Return: 0 or < 0. */
static int journal_add(struct journal *j, size_t cell, const char *hash, json_t *run,
                       struct vmlab_error *err)
{
    if (j->fd < 0 && journal_start(j, err))
        return err->code;
    json_t *o = json_pack("{s:I, s:s, s:O}", "cell", (json_int_t)cell, "hash", hash, "run", run);
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

static void journal_close(struct journal *j, bool remove)
{
    if (j->fd >= 0)
        close(j->fd);
    if (remove && j->path)
        unlink(j->path);
    json_decref(j->done);
    free(j->path);
}

/* ---- the sweep ---- */

/* What the workers of one sweep share; every field below @lock is guarded by it. */
struct sweep {
    const struct vmlab_experiment *e;
    const struct vmlab_run_hooks *hooks;
    size_t ncells;
    size_t *todo;             /* cells to simulate, ascending */
    size_t ntodo;
    json_t **runs;            /* per cell: its run once finished */
    char (*hash)[17];         /* per cell: the hash of its params */
    struct journal *journal;  /* or NULL */
    pthread_mutex_t lock;
    size_t next;              /* next index into todo */
    bool stop;                /* a cell failed: take no more */
    size_t failed;            /* the lowest cell that failed (ncells: none) */
    struct vmlab_error err;   /* its error */
};

/* Finish cell @i: its run into its slot, the journal, the hooks; or note its failure. */
static void cell_done(struct sweep *sw, const struct vmlab_cell *c, json_t *run,
                      const struct vmlab_sim_result *r, const struct vmlab_error *cerr)
{
    struct vmlab_error jerr = {0};
    pthread_mutex_lock(&sw->lock);
    if (run && sw->journal && journal_add(sw->journal, c->index, sw->hash[c->index], run, &jerr)) {
        json_decref(run);
        run = NULL;
        cerr = &jerr;
    }
    if (run) {
        sw->runs[c->index] = run;
        if (sw->hooks && sw->hooks->cell_end)
            sw->hooks->cell_end(sw->hooks->arg, c, sw->ncells, r);
    } else {
        sw->stop = true;
        if (c->index < sw->failed) {
            sw->failed = c->index;
            sw->err = *cerr;
        }
    }
    pthread_mutex_unlock(&sw->lock);
}

static void *worker(void *arg)
{
    struct sweep *sw = arg;
    const struct vmlab_run_hooks *h = sw->hooks;
    for (;;) {
        pthread_mutex_lock(&sw->lock);
        size_t k = sw->stop || sw->next == sw->ntodo ? SIZE_MAX : sw->next++;
        pthread_mutex_unlock(&sw->lock);
        if (k == SIZE_MAX)
            return NULL;
        struct vmlab_cell c;
        struct vmlab_error err = {0};
        struct vmlab_params wp, pp;
        json_t *params = NULL, *run = NULL;
        struct vmlab_sim_result r = {0};
        vmlab_experiment_cell(sw->e, sw->todo[k], &c, &err);  /* checked before the start */
        if (!cell_describe(sw->e, &c, &wp, &pp, &params, &err)) {
            if (h && h->cell_begin) {
                pthread_mutex_lock(&sw->lock);
                h->cell_begin(h->arg, &c, sw->ncells,
                              json_string_value(json_object_get(params, "policy")),
                              json_string_value(json_object_get(params, "workload")));
                pthread_mutex_unlock(&sw->lock);
            }
            run = run_cell(sw->e, &c, &wp, &pp, params, h, &r, &err);
            vmlab_params_free(&wp);
            vmlab_params_free(&pp);
            json_decref(params);
        }
        cell_done(sw, &c, run, &r, &err);
        vmlab_sim_result_free(&r);
    }
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
    if (opts->cell != SIZE_MAX && opts->cell >= n)
        return vmlab_error_set(err, VMLAB_EINPUT, "--cell %zu: the experiment has %zu cells "
                               "(0 to %zu)", opts->cell, n, n ? n - 1 : 0);
    struct vmlab_cell c;
    for (size_t i = 0; i < n; i++) {
        int rc = vmlab_experiment_cell(e, i, &c, err);
        if (rc)
            return rc;
    }
    int rc = check_workloads(e, err);
    if (rc)
        return rc;
    struct sweep sw = {.e = e, .hooks = hooks, .ncells = n, .failed = n};
    struct journal jn = {.fd = -1};
    sw.runs = calloc(n ? n : 1, sizeof *sw.runs);
    sw.hash = calloc(n ? n : 1, sizeof *sw.hash);
    sw.todo = malloc((n ? n : 1) * sizeof *sw.todo);
    /* the experiment as given, with its name (the file's base name when it has none) */
    json_t *exp = json_deep_copy(e->doc);
    if (exp && !json_object_get(exp, "name"))
        json_object_set_new(exp, "name", json_string(e->name));
    json_t *doc = exp ? vmlab_results_new(exp) : NULL;
    json_decref(exp);
    if (!sw.runs || !sw.hash || !sw.todo || !doc)
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    if (!rc && opts->journal && opts->cell == SIZE_MAX) {
        rc = journal_open(&jn, opts->journal, e->name, err);
        sw.journal = &jn;
    }
    /* which cells the journal holds already, which are to run */
    size_t first = opts->cell == SIZE_MAX ? 0 : opts->cell;
    size_t last = opts->cell == SIZE_MAX ? n : opts->cell + 1;
    for (size_t i = first; i < last && !rc; i++) {
        struct vmlab_params wp, pp;
        json_t *params;
        vmlab_experiment_cell(e, i, &c, err);
        rc = cell_describe(e, &c, &wp, &pp, &params, err);
        if (rc)
            break;
        vmlab_params_free(&wp);
        vmlab_params_free(&pp);
        if (cell_hash(params, sw.hash[i]))
            rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
        json_t *kept = sw.journal ? json_object_get(jn.done, sw.hash[i]) : NULL;
        if (kept && json_equal(json_object_get(kept, "params"), params)) {
            sw.runs[i] = json_incref(kept);
            if (hooks && hooks->cell_end) {
                struct vmlab_sim_result r = {0};
                hooks->cell_end(hooks->arg, &c, n, &r);
            }
        } else {
            sw.todo[sw.ntodo++] = i;
        }
        json_decref(params);
    }
    /* the cells, on @jobs threads (the calling thread when 1, or for step hooks) */
    unsigned jobs = opts->jobs ? opts->jobs : 1;
    if (hooks && hooks->step)
        jobs = 1;
    if (jobs > sw.ntodo)
        jobs = sw.ntodo ? (unsigned)sw.ntodo : 1;
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
        for (unsigned t = 0; t < started; t++)
            pthread_join(tid[t], NULL);
        free(tid);
        pthread_mutex_destroy(&sw.lock);
        if (sw.failed < n) {
            *err = sw.err;
            size_t kept = 0;
            for (size_t i = 0; i < n; i++)
                kept += sw.runs[i] != NULL;
            if (sw.journal && kept) {
                size_t used = strlen(err->msg);
                snprintf(err->msg + used, sizeof err->msg - used,
                         "; the %zu cells finished are kept in %s: the same command resumes", kept,
                         jn.path);
            }
            rc = err->code ? err->code : VMLAB_ESYSTEM;
        }
    }
    for (size_t i = first; i < last && !rc; i++) {
        json_object_set_new(sw.runs[i], "cell", json_integer((json_int_t)i));
        if (json_array_append(json_object_get(doc, "runs"), sw.runs[i]))
            rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    if (!rc)
        rc = vmlab_results_summarize(doc, err);
    for (size_t i = 0; i < n; i++)
        json_decref(sw.runs[i]);
    free(sw.runs);
    free(sw.hash);
    free(sw.todo);
    if (sw.journal)
        journal_close(&jn, false);
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
