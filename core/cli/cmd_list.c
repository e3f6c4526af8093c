/*
 * cmd_list.c - `vmlab list [policies|workloads|formats|metrics] [--json]`:
 * every registered item with its one-line summary and its parameters, read
 * from the registries themselves so the listing cannot drift from the code.
 */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <vmlab/vmlab.h>

#include "cli.h"
#include "results/results.h"

static void print_params(const struct vmlab_param_desc *d)
{
    for (; d && d->name; d++) {
        char range[96] = "";
        if (d->type == VMLAB_PARAM_STRING && d->choices)
            snprintf(range, sizeof range, " (%s)", d->choices);
        else if (d->type != VMLAB_PARAM_BOOL && d->type != VMLAB_PARAM_STRING && d->min <= d->max)
            snprintf(range, sizeof range, " [%g, %g]", d->min, d->max);
        printf("      %-10s %-6s %-12s %s%s\n", d->name, vmlab_param_type_name(d->type),
               d->def ? d->def : "(required)", d->doc, range);
    }
}

static json_t *params_json(const struct vmlab_param_desc *d)
{
    json_t *a = json_array();
    for (; d && d->name; d++) {
        json_t *p = json_pack("{s:s, s:s, s:s?, s:s}", "name", d->name, "type",
                              vmlab_param_type_name(d->type), "default", d->def, "doc", d->doc);
        if (d->choices)
            json_object_set_new(p, "choices", json_string(d->choices));
        if (d->type != VMLAB_PARAM_BOOL && d->type != VMLAB_PARAM_STRING && d->min <= d->max)
            json_object_set_new(p, "range", json_pack("[f, f]", d->min, d->max));
        json_array_append_new(a, p);
    }
    return a;
}

static void list_policies(json_t *j)
{
    json_t *a = j ? json_array() : NULL;
    if (!j)
        printf("policies (%zu):\n", vmlab_policy_count());
    for (size_t i = 0; i < vmlab_policy_count(); i++) {
        const struct vmlab_policy *p = vmlab_policy_at(i);
        bool exact = p->flags & VMLAB_POLICY_NEEDS_EXACT;
        bool future = p->flags & VMLAB_POLICY_NEEDS_FUTURE;
        if (j) {
            json_array_append_new(
                a, json_pack("{s:s, s:s, s:s?, s:b, s:b, s:o}", "name", p->name, "summary",
                             p->summary ? p->summary : "", "source", p->source, "needs_exact",
                             exact, "needs_future", future, "params", params_json(p->params)));
            continue;
        }
        printf("  %-10s %s\n", p->name, p->summary ? p->summary : "");
        printf("  %-10s visibility: %s%s\n", "", exact ? "exact only" : "exact, hardware",
               future ? "; knows the future (an offline bound)" : "");
        if (p->source)
            printf("  %-10s source: %s\n", "", p->source);
        print_params(p->params);
    }
    if (j)
        json_object_set_new(j, "policies", a);
}

static void list_workloads(json_t *j)
{
    json_t *a = j ? json_array() : NULL;
    if (!j)
        printf("workloads (%zu):\n", vmlab_workload_count());
    for (size_t i = 0; i < vmlab_workload_count(); i++) {
        const struct vmlab_workload *w = vmlab_workload_at(i);
        if (j) {
            json_array_append_new(a, json_pack("{s:s, s:s, s:o}", "name", w->name, "summary",
                                               w->summary, "params", params_json(w->params)));
            continue;
        }
        printf("  %-10s %s\n", w->name, w->summary);
        print_params(w->params);
    }
    if (j)
        json_object_set_new(j, "workloads", a);
}

static void list_formats(json_t *j)
{
    json_t *a = j ? json_array() : NULL;
    if (!j)
        printf("trace formats (%zu):\n", vmlab_format_count());
    for (size_t i = 0; i < vmlab_format_count(); i++) {
        const struct vmlab_format *f = vmlab_format_at(i);
        if (j)
            json_array_append_new(a, json_pack("{s:s, s:s}", "name", f->name, "summary",
                                               f->summary));
        else
            printf("  %-10s %s\n", f->name, f->summary);
    }
    if (j)
        json_object_set_new(j, "formats", a);
}

static void list_metrics(json_t *j)
{
    json_t *a = j ? json_array() : NULL;
    if (!j)
        printf("metrics (%zu), per run and per process:\n", vmlab_metric_count);
    for (size_t i = 0; i < vmlab_metric_count; i++) {
        const struct vmlab_metric_desc *m = &vmlab_metric_table[i];
        if (j)
            json_array_append_new(a, json_pack("{s:s, s:s, s:s}", "name", m->name, "unit", m->unit,
                                               "doc", m->doc));
        else
            printf("  %-18s %-18s %s\n", m->name, m->unit, m->doc);
    }
    if (j)
        json_object_set_new(j, "metrics", a);
}

/* processes and allocation (alloc): fixed, ws, pff and their parameters */
static void list_allocations(json_t *j)
{
    static const char *const summary[] = {
        "fixed pools: all frames (scope global) or per-process quotas (scope local)",
        "working set: a process holds the pages of its last tau references (Denning 1968)",
        "page-fault frequency: grow above the upper fault rate, shrink below the lower "
        "(Chu and Opderbeck 1972)",
    };
    json_t *a = j ? json_array() : NULL;
    if (!j)
        printf("allocations (3), with load control for ws and pff:\n");
    for (int k = VMLAB_ALLOC_FIXED; k <= VMLAB_ALLOC_PFF; k++) {
        const struct vmlab_param_desc *d = vmlab_allocation_params(k);
        if (j) {
            json_array_append_new(a, json_pack("{s:s, s:s, s:o}", "name", vmlab_allocation_name(k),
                                               "summary", summary[k], "params", params_json(d)));
            continue;
        }
        printf("  %-10s %s\n", vmlab_allocation_name(k), summary[k]);
        print_params(d);
    }
    if (j)
        json_object_set_new(j, "allocations", a);
}

static void help(void)
{
    printf("usage: vmlab list [policies|workloads|formats|metrics|allocations ...] [--json]\n"
           "                  [--plugin PATH]\n"
           "\n"
           "List what vmlab knows, with every parameter (name, type, default, meaning).\n"
           "Without a kind, lists all. --json prints the same as one JSON object.\n");
}

int cmd_list(int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'j'},
        {"plugin", required_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    bool as_json = false;
    int c;
    while ((c = getopt_long(argc, argv, "jp:h", opts, NULL)) != -1) {
        switch (c) {
        case 'j': as_json = true; break;
        case 'p': {
            int rc = cli_load_plugin(optarg);
            if (rc)
                return rc;
            break;
        }
        case 'h': help(); return EXIT_OK;
        default: return cli_usage("list", "unknown option");
        }
    }
    static const struct {
        const char *name;
        void (*fn)(json_t *);
    } kinds[] = {
        {"policies", list_policies},
        {"workloads", list_workloads},
        {"formats", list_formats},
        {"metrics", list_metrics},
        {"allocations", list_allocations},
    };
    const size_t nkinds = sizeof kinds / sizeof kinds[0];
    bool want[sizeof kinds / sizeof kinds[0]];
    for (size_t k = 0; k < nkinds; k++)
        want[k] = optind >= argc;
    for (int i = optind; i < argc; i++) {
        size_t k = 0;
        while (k < nkinds && strcmp(argv[i], kinds[k].name) &&
               strncmp(argv[i], kinds[k].name, strlen(argv[i]) > 3 ? strlen(argv[i]) : 99))
            k++;
        if (k == nkinds)
            return cli_usage("list",
                             "unknown kind '%s' (policies, workloads, formats, metrics, "
                             "allocations)",
                             argv[i]);
        want[k] = true;
    }
    json_t *j = as_json ? json_object() : NULL;
    bool first = true;
    for (size_t k = 0; k < nkinds; k++) {
        if (!want[k])
            continue;
        if (!j && !first)
            printf("\n");
        kinds[k].fn(j);
        first = false;
    }
    if (j) {
        json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        printf("\n");
        json_decref(j);
    }
    return EXIT_OK;
}
