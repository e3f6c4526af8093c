/*
 * runner.c - experiments, cell by cell (runner.h).
 *
 * A cell's workload gets the cell's seed unless its spec fixes one; the
 * labels written into the results are canonical (every parameter, defaults
 * included), so a run is reproduced from its params alone.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vmlab/vmlab.h>

#include "results/results.h"
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

/* The cell's parameters of @spec: a copy, with the cell's seed where the spec left it open. */
static int cell_params(struct vmlab_params *out, const struct vmlab_spec *spec, uint64_t seed,
                       struct vmlab_error *err)
{
    if (vmlab_params_copy(out, &spec->params))
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    if (has_param(out, "seed") && !vmlab_param_is_set(out, "seed")) {
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

static int run_cell(const struct vmlab_experiment *e, const struct vmlab_cell *c, size_t ncells,
                    const struct vmlab_run_hooks *h, json_t *doc, struct vmlab_error *err)
{
    struct vmlab_params wp, pp;
    int rc = cell_params(&wp, c->workload, c->seed, err);
    if (rc)
        return rc;
    rc = cell_params(&pp, c->policy, c->seed, err);
    if (rc) {
        vmlab_params_free(&wp);
        return rc;
    }
    char *wlabel = vmlab_spec_label(c->workload->workload->name, &wp);
    char *plabel = vmlab_spec_label(c->policy->policy->name, &pp);
    struct vmlab_stream *s = NULL;
    struct vmlab_sim_result r = {0};
    if (!wlabel || !plabel)
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    if (!rc && h && h->cell_begin)
        h->cell_begin(h->arg, c, ncells, plabel, wlabel);
    if (!rc)
        rc = open_workload(e, c, &wp, &s, err);
    if (!rc) {
        struct vmlab_sim_config cfg = {
            .policy = c->policy->policy,
            .policy_params = &pp,
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
        rc = vmlab_simulate(&cfg, s, &r, err);
        if (rc)
            vmlab_error_prefix(err, "cell %zu (%s, %u frames, %s)", c->index, plabel, c->frames,
                               wlabel);
    }
    if (!rc && vmlab_results_add_run(doc, run_params(e, c, wlabel, plabel), &r))
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    if (!rc && h && h->cell_end)
        h->cell_end(h->arg, c, ncells, &r);
    vmlab_sim_result_free(&r);
    vmlab_stream_close(s);
    free(wlabel);
    free(plabel);
    vmlab_params_free(&wp);
    vmlab_params_free(&pp);
    return rc;
}

int vmlab_experiment_run(const struct vmlab_experiment *e, const struct vmlab_run_hooks *hooks,
                         json_t **results, struct vmlab_error *err)
{
    *results = NULL;
    size_t n = vmlab_experiment_cells(e);
    struct vmlab_cell c;
    for (size_t i = 0; i < n; i++) {
        int rc = vmlab_experiment_cell(e, i, &c, err);
        if (rc)
            return rc;
    }
    int rc = check_workloads(e, err);
    if (rc)
        return rc;
    json_t *doc = vmlab_results_new(e->doc);
    if (!doc)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    for (size_t i = 0; i < n && !rc; i++) {
        vmlab_experiment_cell(e, i, &c, err);
        rc = run_cell(e, &c, n, hooks, doc, err);
    }
    if (rc) {
        json_decref(doc);
        return rc;
    }
    *results = doc;
    return 0;
}
