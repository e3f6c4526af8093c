/*
 * trace.c - the "trace" workload: references read from a file through a
 * trace format (by name, or recognised from the file's first bytes).
 * Relative paths are resolved against the experiment file's folder.
 *
 * Parameters: path, format (default auto; a spec with the format's options,
 * "csv:id=obj_id"), unit (auto: as the trace declares, else the format's own;
 * page or byte: what the numbers of formats that can hold either mean).
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include <vmlab/workload.h>

static const struct vmlab_param_desc trace_params[] = {
    {"path", VMLAB_PARAM_STRING, NULL, VMLAB_ANY, NULL,
     "trace file (relative to the experiment file; - is standard input)"},
    {"format", VMLAB_PARAM_STRING, "auto", VMLAB_ANY, NULL,
     "trace format with its options, NAME[:k=v,...] (see `vmlab list formats`), or auto: "
     "recognised from its first bytes"},
    {"unit", VMLAB_PARAM_STRING, "auto", VMLAB_ANY, "auto|page|byte",
     "whether the trace's numbers are page numbers or byte addresses (auto: as the trace or "
     "its format says)"},
    {0},
};

static int trace_open(struct vmlab_stream **out, const struct vmlab_params *p,
                      const struct vmlab_workload_env *env, struct vmlab_error *err)
{
    const char *path = vmlab_param_string(p, "path");
    char full[4096];
    if (path[0] != '/' && strcmp(path, "-") && env->base_dir && env->base_dir[0]) {
        if ((size_t)snprintf(full, sizeof full, "%s/%s", env->base_dir, path) >= sizeof full)
            return vmlab_error_set(err, VMLAB_EINPUT, "trace path too long: %s", path);
        path = full;
    }
    const char *unit = vmlab_param_string(p, "unit");
    struct vmlab_trace_opts opts = {
        .unit = strcmp(unit, "byte") ? VMLAB_UNIT_PAGE : VMLAB_UNIT_BYTE,
        .page_size = env->page_size,
        .unit_given = strcmp(unit, "auto") != 0,
    };
    return vmlab_trace_open(out, path, vmlab_param_string(p, "format"), &opts, err);
}

const struct vmlab_workload vmlab_workload_trace = {
    .abi = VMLAB_WORKLOAD_ABI,
    .name = "trace",
    .summary = "references read from a trace file",
    .params = trace_params,
    .open = trace_open,
};
