/*
 * registry.c - the workload and trace-format registries (list.h), and
 * opening a trace with its format chosen by name or recognised from the
 * file's first bytes.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <vmlab/workload.h>

#include "core/config.h"

#define VMLAB_WORKLOAD(n) extern const struct vmlab_workload vmlab_workload_##n;
#define VMLAB_FORMAT(n) extern const struct vmlab_format vmlab_format_##n;
#include "list.h"
#undef VMLAB_WORKLOAD
#undef VMLAB_FORMAT

static const struct vmlab_workload *const workloads[] = {
#define VMLAB_WORKLOAD(n) &vmlab_workload_##n,
#include "list.h"
#undef VMLAB_WORKLOAD
};

static const struct vmlab_format *const formats[] = {
#define VMLAB_FORMAT(n) &vmlab_format_##n,
#include "list.h"
#undef VMLAB_FORMAT
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

size_t vmlab_workload_count(void)
{
    return COUNT(workloads);
}

const struct vmlab_workload *vmlab_workload_at(size_t i)
{
    return i < COUNT(workloads) ? workloads[i] : NULL;
}

const struct vmlab_workload *vmlab_workload_find(const char *name)
{
    for (size_t i = 0; i < COUNT(workloads); i++)
        if (!strcmp(workloads[i]->name, name))
            return workloads[i];
    return NULL;
}

size_t vmlab_format_count(void)
{
    return COUNT(formats);
}

const struct vmlab_format *vmlab_format_at(size_t i)
{
    return i < COUNT(formats) ? formats[i] : NULL;
}

const struct vmlab_format *vmlab_format_find(const char *name)
{
    for (size_t i = 0; i < COUNT(formats); i++)
        if (!strcmp(formats[i]->name, name))
            return formats[i];
    return NULL;
}

static void format_names(char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < COUNT(formats) && used < len; i++)
        used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? ", " : "", formats[i]->name);
}

int vmlab_trace_open(struct vmlab_stream **out, const char *path, const char *format,
                     const struct vmlab_trace_opts *opts, struct vmlab_error *err)
{
    char names[256];
    format_names(names, sizeof names);
    const struct vmlab_format *f = NULL;
    if (strcmp(format, "auto")) {
        f = vmlab_format_find(format);
        if (!f)
            return vmlab_error_set(err, VMLAB_EINPUT, "unknown trace format '%s' (known: %s)",
                                   format, names);
    } else if (!strcmp(path, "-")) {
        f = vmlab_format_find("text"); /* a pipe cannot be looked at twice */
    } else {
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return vmlab_error_set(err, VMLAB_EINPUT, "%s: cannot open: %s", path,
                                   strerror(errno));
        uint8_t head[4096];
        ssize_t n = read(fd, head, sizeof head);
        int e = errno;
        close(fd);
        if (n < 0)
            return vmlab_error_set(err, VMLAB_EINPUT, "%s: cannot read: %s", path, strerror(e));
        int best = 0;
        for (size_t i = 0; i < COUNT(formats); i++) {
            int score = formats[i]->probe ? formats[i]->probe(head, (size_t)n) : 0;
            if (score > best) {
                best = score;
                f = formats[i];
            }
        }
        if (!f) {
            char hex[64] = "";
            for (ssize_t i = 0; i < n && i < 8; i++)
                snprintf(hex + 3 * i, sizeof hex - 3 * (size_t)i, "%02x ", head[i]);
            return vmlab_error_set(err, VMLAB_EINPUT,
                                   "%s: not a trace format vmlab knows (first bytes: %s; "
                                   "formats: %s)",
                                   path, hex, names);
        }
    }
    return f->open(out, path, opts, err);
}

/* Give @spec the default @name=@value unless it sets it or has no such parameter. */
static int param_default(struct vmlab_spec *spec, const char *name, unsigned long long value,
                         const char *where, struct vmlab_error *err)
{
    if (!vmlab_param_has(&spec->params, name) || vmlab_param_is_set(&spec->params, name))
        return 0;
    char text[32];
    snprintf(text, sizeof text, "%llu", value);
    return vmlab_params_set(&spec->params, name, text, where, err);
}

int vmlab_workload_open_spec(struct vmlab_stream **out, const char *spec, uint64_t seed,
                             uint32_t asid, const struct vmlab_workload_env *env,
                             const char *where, struct vmlab_error *err)
{
    struct vmlab_spec w;
    int rc = vmlab_spec_parse(&w, spec, 0, where, err);
    if (rc)
        return rc;
    rc = param_default(&w, "seed", seed, where, err);
    if (!rc)
        rc = param_default(&w, "asid", asid, where, err);
    if (!rc && (rc = w.workload->open(out, &w.params, env, err)))
        vmlab_error_prefix(err, "%s", where);
    vmlab_spec_free(&w);
    return rc;
}
