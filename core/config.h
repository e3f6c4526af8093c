/*
 * config.h - experiment files: parsing, validation and the sweep into cells
 * (module-internal; used by the command and by tests).
 *
 * An experiment is a JSON object. Keys whose value is a list are sweep axes;
 * the cells are their cartesian product, enumerated with the workload
 * outermost and the memory size innermost:
 *
 *   workload × mmu × huge_pages × pcid × page_size × visibility × manager × seed × policy
 *   × (frames | memory)
 *
 * where a manager is one way of dividing frames among processes: an
 * allocation × scope × quota (the quota only for local scope with fixed
 * allocation).
 *
 * Every error names the JSON path ("$.policy[1]") and what was expected.
 */
#ifndef VMLAB_CONFIG_H
#define VMLAB_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include <vmlab/error.h>
#include <vmlab/mmu.h>
#include <vmlab/params.h>
#include <vmlab/policy.h>
#include <vmlab/workload.h>

/* What a spec names (vmlab_spec_parse's @is_policy). */
enum vmlab_spec_kind {
    VMLAB_SPEC_WORKLOAD = 0,
    VMLAB_SPEC_POLICY = 1,
    VMLAB_SPEC_ALLOCATION = 2,  /* "fixed", "ws:tau=...", "pff:upper=..." */
};

/* A policy or workload with its parameters, as named in the experiment. */
struct vmlab_spec {
    const struct vmlab_policy *policy;      /* one of these two is set */
    const struct vmlab_workload *workload;  /* (or neither, for an allocation) */
    int allocation;                         /* VMLAB_SPEC_ALLOCATION: enum vmlab_allocation */
    struct vmlab_params params;             /* finished: defaults applied */
    char *where;                            /* its JSON path, for errors while running */
};

/*
 * One-pass curves (issue 8, docs/mrc.md): sizes resolved from the workload
 * ("frames": "all", or a range up to "all"), and how a sweep's sizes of one
 * workload and policy are run: one pass of stack distances for stack
 * policies, one decode feeding many caches for the others.
 */
struct vmlab_curve_spec {
    int to_all;          /* the sizes end at the workload's distinct pages, known when it runs:
                            the sweep holds one placeholder size 0 per curve */
    uint64_t from;       /* first size of that range */
    uint64_t step;       /* its arithmetic step, or 0 when geometric */
    double factor;       /* its geometric factor (> 1), or 0 */
    int one_pass;        /* "one_pass" (default true): take the one-pass paths */
    int sampling;        /* "sample": enum vmlab_mrc_sampling */
    double rate;         /* "rate:R" */
    uint32_t max_pages;  /* "size:N" */
    int sample_error;    /* "sample_error": also the exact curve, for the sampled one's error */
};

/* A stack policy's curve takes one pass from this many sizes up (or "all"). */
#define VMLAB_CURVE_MIN_SIZES 16

struct vmlab_experiment {
    char *name;                /* "name", or the file's base name */
    char *base_dir;            /* folder of the experiment file: relative paths start here */
    json_t *doc;               /* the experiment as given (owned) */
    struct vmlab_spec *workloads;
    size_t nworkloads;
    struct vmlab_spec *policies;
    size_t npolicies;
    uint64_t *sizes;           /* frames, or bytes of memory when by_memory */
    size_t nsizes;
    int by_memory;
    uint64_t *page_sizes;
    size_t npage_sizes;
    uint64_t *seeds;
    size_t nseeds;
    int *visibilities;
    size_t nvisibilities;
    /* processes and allocation (alloc): the manager axis and the cost of a fault */
    struct vmlab_spec *allocations;
    size_t nallocations;
    struct vmlab_manager *managers;
    size_t nmanagers;
    uint64_t fault_cost;       /* references */
    struct vmlab_curve_spec curve;  /* one-pass curves (issue 8) */
    /* translation model (issue 4) */
    struct vmlab_mmu_desc **mmus;        /* NULL items: "none" */
    size_t nmmus;
    struct vmlab_huge_pages *huge_pages;
    size_t nhuge_pages;
    int32_t *pcids;                      /* -1: no PCID, 0: one per address space, N */
    size_t npcids;
};

/* One way of dividing frames among processes: a point of the manager axis. */
struct vmlab_manager {
    int scope;                           /* enum vmlab_scope */
    int quota;                           /* enum vmlab_quota (local scope, fixed allocation) */
    bool has_quota;                      /* quota applies: local scope, fixed allocation */
    uint32_t *shares;                    /* VMLAB_QUOTA_SHARES: by ascending ASID (owned) */
    size_t nshares;
    const struct vmlab_spec *allocation; /* in the experiment's allocations */
};

/* One point of the sweep. */
struct vmlab_cell {
    size_t index;                          /* 0..ncells-1, in sweep order */
    const struct vmlab_spec *workload;
    const struct vmlab_spec *policy;
    uint64_t page_size;                    /* bytes */
    uint64_t seed;
    int visibility;
    const struct vmlab_manager *manager;   /* scope, quota, allocation */
    uint32_t frames;
    uint64_t memory;                       /* bytes asked for, when by_memory (else 0) */
    /* translation model (issue 4) */
    const struct vmlab_mmu_desc *mmu;      /* NULL: no MMU modelled */
    struct vmlab_huge_pages huge_pages;
    int32_t pcid;
};

/* Parse the experiment file @path (plugins it names are loaded). Return: 0 or < 0. */
int vmlab_experiment_load(struct vmlab_experiment *e, const char *path, struct vmlab_error *err);

/*
 * Parse an experiment from a JSON object (borrowed; copied) whose relative
 * paths start at @base_dir; @source names it in errors. Return: 0 or < 0.
 */
int vmlab_experiment_parse(struct vmlab_experiment *e, const json_t *doc, const char *source,
                           const char *base_dir, const char *default_name,
                           struct vmlab_error *err);

void vmlab_experiment_free(struct vmlab_experiment *e);

size_t vmlab_experiment_cells(const struct vmlab_experiment *e);

/* Cell @i of the sweep. Return: 0, or VMLAB_EINPUT (memory smaller than a page, ...). */
int vmlab_experiment_cell(const struct vmlab_experiment *e, size_t i, struct vmlab_cell *c,
                          struct vmlab_error *err);

/*
 * Parse a spec "name[:k=v,...]" of a policy or workload into @s (exactly one
 * of @policy / @workload lookups is made, by @is_policy). Return: 0 or < 0.
 */
int vmlab_spec_parse(struct vmlab_spec *s, const char *text, int is_policy, const char *where,
                     struct vmlab_error *err);
void vmlab_spec_free(struct vmlab_spec *s);

/*
 * One-pass curves (issue 8): the sizes from @from to @to by @step (or by
 * @factor when @step is 0: each the previous times factor, rounded up, at
 * least one more), @to always last, into *out (malloc'd). Return: 0 or < 0.
 */
int vmlab_curve_sizes(uint64_t from, uint64_t to, uint64_t step, double factor, uint64_t **out,
                      size_t *n, struct vmlab_error *err);
/* The text of a scalar JSON value (string, number, boolean) as a parameter value. Return: 0 or -1. */
int vmlab_json_param_text(const json_t *v, char *buf, size_t len);

#endif /* VMLAB_CONFIG_H */
