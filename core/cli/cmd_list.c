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
#include "core/mmu/desc.h"
#include "results/results.h"

/* What values @d takes: its choices "a|b|c", a numeric range "[1, 64]", or "" (anything). */
static const char *range_text(const struct vmlab_param_desc *d, char *buf, size_t len)
{
    buf[0] = '\0';
    if (d->type == VMLAB_PARAM_STRING && d->choices)
        snprintf(buf, len, "%s", d->choices);
    else if (d->type != VMLAB_PARAM_BOOL && d->type != VMLAB_PARAM_STRING && d->min <= d->max)
        snprintf(buf, len, "[%g, %g]", d->min, d->max);
    return buf;
}

static void print_params(const struct vmlab_param_desc *d)
{
    for (; d && d->name; d++) {
        char range[96], shown[100] = "";
        if (*range_text(d, range, sizeof range))
            snprintf(shown, sizeof shown, range[0] == '[' ? " %s" : " (%s)", range);
        printf("      %-10s %-6s %-12s %s%s\n", d->name, vmlab_param_type_name(d->type),
               d->def ? d->def : "(required)", d->doc, shown);
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

/* ---- Markdown (docs/reference.md, the metrics table of docs/results.md) ---- */

/* @s in a Markdown table cell: '|' escaped, nothing else touched. */
static void md_cell(const char *s)
{
    for (; s && *s; s++) {
        if (*s == '|')
            putchar('\\');
        putchar(*s);
    }
}

static void md_params(const struct vmlab_param_desc *d)
{
    if (!d || !d->name) {
        printf("Parameters: none.\n\n");
        return;
    }
    printf("| parameter | type | default | range | meaning |\n| --- | --- | --- | --- | --- |\n");
    for (; d->name; d++) {
        char range[96];
        range_text(d, range, sizeof range);
        printf("| `%s` | %s | %s%s%s | ", d->name, vmlab_param_type_name(d->type),
               d->def ? "`" : "", d->def ? (*d->def ? d->def : "\"\"") : "required",
               d->def ? "`" : "");
        md_cell(range);
        printf(" | ");
        md_cell(d->doc);
        printf(" |\n");
    }
    printf("\n");
}

static void md_policies(void)
{
    printf("## Policies\n\n");
    for (size_t i = 0; i < vmlab_policy_count(); i++) {
        const struct vmlab_policy *p = vmlab_policy_at(i);
        printf("### `%s`\n\n%s.\n\n", p->name, p->summary ? p->summary : "");
        bool exact = p->flags & VMLAB_POLICY_NEEDS_EXACT;
        bool future = p->flags & VMLAB_POLICY_NEEDS_FUTURE;
        printf("Visibility: %s%s.", exact ? "exact only" : "exact, hardware",
               future ? "; knows the future (an offline bound)" : "");
        if (p->source)
            printf(" Source: %s.", p->source);
        printf("\n\n");
        md_params(p->params);
    }
}

static void md_workloads(void)
{
    printf("## Workloads\n\n");
    for (size_t i = 0; i < vmlab_workload_count(); i++) {
        const struct vmlab_workload *w = vmlab_workload_at(i);
        printf("### `%s`\n\n%s.\n\n", w->name, w->summary);
        md_params(w->params);
    }
}

static void md_formats(void)
{
    printf("## Trace formats\n\n| format | what it reads |\n| --- | --- |\n");
    for (size_t i = 0; i < vmlab_format_count(); i++) {
        const struct vmlab_format *f = vmlab_format_at(i);
        printf("| `%s` | ", f->name);
        md_cell(f->summary);
        printf(" |\n");
    }
    printf("\n");
    /* trace formats (issue 5): the options of each, as NAME:k=v (docs/traces.md) */
    for (size_t i = 0; i < vmlab_format_count(); i++) {
        const struct vmlab_format *f = vmlab_format_at(i);
        if (f->params && f->params->name) {
            printf("### `%s` options\n\n", f->name);
            md_params(f->params);
        }
        if (f->write_params && f->write_params->name) {
            printf("### `%s` writer options\n\n", f->name);
            md_params(f->write_params);
        }
    }
}

static void md_metrics(void)
{
    printf("## Metrics\n\nPer run (`metrics`) and per process (`processes[].metrics`):\n\n"
           "| metric | unit | meaning |\n| --- | --- | --- |\n");
    for (size_t i = 0; i < vmlab_metric_count; i++) {
        const struct vmlab_metric_desc *m = &vmlab_metric_table[i];
        printf("| `%s` | %s | ", m->name, m->unit);
        md_cell(m->doc);
        printf(" |\n");
    }
    printf("\n");
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
        if (j) {
            json_array_append_new(a, json_pack("{s:s, s:s, s:o, s:b, s:o}", "name", f->name,
                                               "summary", f->summary, "params",
                                               params_json(f->params), "writable", f->create != NULL,
                                               "write_params", params_json(f->write_params)));
            continue;
        }
        printf("  %-10s %s\n", f->name, f->summary);
        print_params(f->params);
        if (f->write_params && f->write_params->name) {
            printf("    writing:\n");
            print_params(f->write_params);
        }
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
    /* translation model (issue 4): the members of a run's "translation" */
    if (!j)
        printf("translation (%zu), per run with an MMU:\n", vmlab_translation_metric_count);
    for (size_t i = 0; i < vmlab_translation_metric_count; i++) {
        const struct vmlab_metric_desc *m = &vmlab_translation_metric_table[i];
        char name[96];
        snprintf(name, sizeof name, "translation.%s", m->name);
        if (j)
            json_array_append_new(a, json_pack("{s:s, s:s, s:s}", "name", name, "unit", m->unit,
                                               "doc", m->doc));
        else
            printf("  %-22s %-20s %s\n", m->name, m->unit, m->doc);
    }
    if (j)
        json_object_set_new(j, "metrics", a);
}

/* processes and allocation (alloc): fixed, ws, pff and their parameters */
static const char *const alloc_summary[] = {
    "fixed pools: all frames (scope global) or per-process quotas (scope local)",
    "working set: a process holds the pages of its last tau references (Denning 1968)",
    "page-fault frequency: grow above the upper fault rate, shrink below the lower "
    "(Chu and Opderbeck 1972)",
};

static void list_allocations(json_t *j)
{
    json_t *a = j ? json_array() : NULL;
    if (!j)
        printf("allocations (3), with load control for ws and pff:\n");
    for (int k = VMLAB_ALLOC_FIXED; k <= VMLAB_ALLOC_PFF; k++) {
        const struct vmlab_param_desc *d = vmlab_allocation_params(k);
        if (j) {
            json_array_append_new(a, json_pack("{s:s, s:s, s:o}", "name", vmlab_allocation_name(k),
                                               "summary", alloc_summary[k], "params",
                                               params_json(d)));
            continue;
        }
        printf("  %-10s %s\n", vmlab_allocation_name(k), alloc_summary[k]);
        print_params(d);
    }
    if (j)
        json_object_set_new(j, "allocations", a);
}

static void md_allocations(void)
{
    printf("## Allocations\n\nThe `allocation` key ([config.md](config.md#processes-and-allocation)):"
           "\n\n");
    for (int k = VMLAB_ALLOC_FIXED; k <= VMLAB_ALLOC_PFF; k++) {
        printf("### `%s`\n\n%s.\n\n", vmlab_allocation_name(k), alloc_summary[k]);
        md_params(vmlab_allocation_params(k));
    }
}

/* ---- translation model (issue 4): TLB policies, MMU profiles, translation metrics ---- */

static void list_tlb_policies(json_t *j)
{
    json_t *a = j ? json_array() : NULL;
    if (!j)
        printf("TLB replacement policies (%zu):\n", vmlab_tlb_policy_count());
    for (size_t i = 0; i < vmlab_tlb_policy_count(); i++) {
        const struct vmlab_tlb_policy *p = vmlab_tlb_policy_at(i);
        if (j) {
            json_array_append_new(a, json_pack("{s:s, s:s, s:s?, s:o}", "name", p->name, "summary",
                                               p->summary ? p->summary : "", "source", p->source,
                                               "params", params_json(p->params)));
            continue;
        }
        printf("  %-10s %s\n", p->name, p->summary ? p->summary : "");
        if (p->source)
            printf("  %-10s source: %s\n", "", p->source);
        print_params(p->params);
    }
    if (j)
        json_object_set_new(j, "tlb-policies", a);
}

static void md_tlb_policies(void)
{
    printf("## TLB replacement policies\n\n");
    for (size_t i = 0; i < vmlab_tlb_policy_count(); i++) {
        const struct vmlab_tlb_policy *p = vmlab_tlb_policy_at(i);
        printf("### `%s`\n\n%s.", p->name, p->summary ? p->summary : "");
        if (p->source)
            printf(" Source: %s.", p->source);
        printf("\n\n");
        md_params(p->params);
    }
}

static void one_profile(void *arg, const char *name, const char *path)
{
    json_t *a = arg;
    struct vmlab_error err = {0};
    struct vmlab_mmu_desc *d = NULL;
    char spec[96];
    snprintf(spec, sizeof spec, "profile:%s", name);
    int rc = vmlab_mmu_desc_load(&d, spec, "", name, &err);
    if (a) {
        json_array_append_new(a, json_pack("{s:s, s:s, s:s?}", "name", name, "path", path,
                                           rc ? "error" : "source", rc ? err.msg
                                           : d->source ? d->source : ""));
    } else if (rc) {
        printf("  %-16s (does not load: %s)\n", name, err.msg);
    } else {
        printf("  %-16s %u TLBs, %s, %s\n", name, d->ntlb, path,
               d->pt.kind == VMLAB_PT_RADIX ? "radix" : "other page table");
    }
    vmlab_mmu_desc_free(d);
}

static void list_mmu(json_t *j)
{
    json_t *a = j ? json_array() : NULL;
    if (!j)
        printf("MMU profiles (\"mmu\": \"profile:NAME\"; VMLAB_MMU_PATH, then the installed ones):\n");
    mmu_profile_foreach(one_profile, a);
    if (j)
        json_object_set_new(j, "mmu", a);
}

static void help(void)
{
    printf("usage: vmlab list [policies|workloads|formats|metrics|tlb-policies|mmu|\n"
           "                   allocations ...] [--json | --markdown] [--plugin PATH]\n"
           "\n"
           "List what vmlab knows, with every parameter (name, type, default, meaning).\n"
           "Without a kind, lists all. --json prints the same as one JSON object;\n"
           "--markdown as the reference pages (docs/reference.md is its output: run\n"
           "`make docs-reference` after adding a policy, workload, format or metric).\n");
}

int cmd_list(int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'j'},
        {"markdown", no_argument, NULL, 'm'},
        {"plugin", required_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    bool as_json = false, markdown = false;
    int c;
    while ((c = getopt_long(argc, argv, "jp:h", opts, NULL)) != -1) {
        switch (c) {
        case 'j': as_json = true; break;
        case 'm': markdown = true; break;
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
        void (*md)(void);
    } kinds[] = {
        {"policies", list_policies, md_policies},
        {"workloads", list_workloads, md_workloads},
        {"formats", list_formats, md_formats},
        {"metrics", list_metrics, md_metrics},
        /* translation model (issue 4) */
        {"tlb-policies", list_tlb_policies, md_tlb_policies},
        {"mmu", list_mmu, NULL},
        {"allocations", list_allocations, md_allocations},
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
            return cli_usage("list", "unknown kind '%s' (policies, workloads, formats, metrics, "
                             "tlb-policies, mmu, allocations)",
                             argv[i]);
        want[k] = true;
    }
    if (as_json && markdown)
        return cli_usage("list", "give --json or --markdown, not both");
    if (markdown) {
        bool all = optind >= argc;
        if (all)
            printf("# Reference: policies, workloads, trace formats, metrics, allocations\n\n"
                   "Generated from vmlab's registries by `vmlab list --markdown` (`make "
                   "docs-reference`\nrewrites this file); do not edit it by hand. Experiment "
                   "files are described in\n[config.md](config.md), results in "
                   "[results.md](results.md).\n\n");
        for (size_t k = 0; k < nkinds; k++)
            if (want[k] && kinds[k].md)
                kinds[k].md();
        return EXIT_OK;
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
