/*
 * registry.c - the workload and trace-format registries (list.h), opening
 * a trace with its format chosen by name or recognised from the file's
 * first (decompressed) bytes, and the trace writers around the formats'
 * create hooks.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vmlab/input.h>
#include <vmlab/trace.h>
#include <vmlab/workload.h>

#include "core/config.h"
#include "core/output.h"

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

const struct vmlab_format *vmlab_format_probe(const uint8_t *head, size_t n)
{
    const struct vmlab_format *f = NULL;
    int best = 0;
    for (size_t i = 0; i < COUNT(formats); i++) {
        int score = formats[i]->probe ? formats[i]->probe(head, n) : 0;
        if (score > best) {
            best = score;
            f = formats[i];
        }
    }
    return f;
}

/* The format a spec "NAME[:k=v]" names, its options parsed into @p. Return: 0 or < 0. */
static int format_of_spec(const struct vmlab_format **out, struct vmlab_params *p,
                          const char *spec, bool writing, struct vmlab_error *err)
{
    char name[64], names[256];
    const char *ptext;
    format_names(names, sizeof names);
    int rc = vmlab_spec_split(spec, name, sizeof name, &ptext, "trace format", err);
    if (rc)
        return rc;
    const struct vmlab_format *f = vmlab_format_find(name);
    if (!f && !writing && !strcmp(name, "auto")) {
        if (ptext && *ptext)
            return vmlab_error_set(err, VMLAB_EINPUT,
                                   "trace format auto takes no options (got '%s'): name the "
                                   "format, e.g. csv:%s",
                                   ptext, ptext);
        *out = NULL;
        vmlab_params_init(p, NULL);
        return 0;
    }
    if (!f)
        return vmlab_error_set(err, VMLAB_EINPUT, "unknown trace format '%s' (known: %s)", name,
                               names);
    if (writing && !f->create)
        return vmlab_error_set(err, VMLAB_EINPUT,
                               "trace format '%s' can be read but not written (written: "
                               "native, text)",
                               name);
    char where[80];
    snprintf(where, sizeof where, "trace format %s", name);
    rc = vmlab_params_parse(p, writing ? f->write_params : f->params, ptext, where, err);
    if (!rc)
        *out = f;
    return rc;
}

int vmlab_trace_open_input(struct vmlab_stream **out, struct vmlab_input *in, const char *format,
                           const struct vmlab_trace_opts *opts, struct vmlab_error *err)
{
    const struct vmlab_format *f;
    struct vmlab_params p;
    int rc = format_of_spec(&f, &p, format, false, err);
    if (rc) {
        vmlab_input_close(in);
        return rc;
    }
    if (!f) {
        const uint8_t *head;
        long n = vmlab_input_peek(in, 4096, &head, err);
        if (n < 0) {
            vmlab_input_close(in);
            return (int)n;
        }
        if (!(f = vmlab_format_probe(head, (size_t)n))) {
            char hex[64] = "", names[256];
            for (long i = 0; i < n && i < 8; i++)
                snprintf(hex + 3 * i, sizeof hex - 3 * (size_t)i, "%02x ", head[i]);
            format_names(names, sizeof names);
            rc = vmlab_error_set(err, VMLAB_EINPUT,
                                 "%s: not a trace format vmlab knows (first bytes%s: %s; "
                                 "formats: %s)",
                                 vmlab_input_name(in),
                                 vmlab_input_compression(in) ? " after decompression" : "", hex,
                                 names);
            vmlab_input_close(in);
            return rc;
        }
        if ((rc = vmlab_params_parse(&p, f->params, NULL, f->name, err))) {
            vmlab_input_close(in);
            return rc;
        }
    }
    const char *compression = vmlab_input_compression(in);
    rc = f->open(out, in, opts, &p, err);
    vmlab_params_free(&p);
    if (!rc) {
        (*out)->format = f->name;
        (*out)->compression = compression;
    }
    return rc;
}

int vmlab_trace_open(struct vmlab_stream **out, const char *path, const char *format,
                     const struct vmlab_trace_opts *opts, struct vmlab_error *err)
{
    struct vmlab_input *in;
    int rc = vmlab_input_open(&in, path, err);
    if (rc)
        return rc;
    return vmlab_trace_open_input(out, in, format, opts, err);
}

/* ---- writers ---- */

struct vmlab_writer {
    const struct vmlab_writer_ops *ops;
    void *state;
    struct vmlab_output *out;
    uint64_t count;  /* references written */
};

int vmlab_writer_open(struct vmlab_writer **out, const char *path, const char *format,
                      const struct vmlab_trace_header *h, struct vmlab_error *err)
{
    const struct vmlab_format *f;
    struct vmlab_params p;
    int rc = format_of_spec(&f, &p, format, true, err);
    if (rc)
        return rc;
    struct vmlab_writer *w = calloc(1, sizeof *w);
    if (!w) {
        vmlab_params_free(&p);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    rc = vmlab_output_open(&w->out, path, err);
    if (!rc)
        rc = f->create(&w->state, &w->ops, w->out, h, &p, err);
    vmlab_params_free(&p);
    if (rc) {
        vmlab_output_abort(w->out);
        free(w);
        return rc;
    }
    *out = w;
    return 0;
}

int vmlab_writer_write(struct vmlab_writer *w, const struct vmlab_ref *refs, size_t n,
                       struct vmlab_error *err)
{
    w->count += n;
    return w->ops->write(w->state, refs, n, err);
}

uint64_t vmlab_writer_count(const struct vmlab_writer *w)
{
    return w->count;
}

int vmlab_writer_close(struct vmlab_writer *w, struct vmlab_error *err)
{
    int rc = w->ops->finish(w->state, err);
    w->ops->free(w->state);
    if (rc)
        vmlab_output_abort(w->out);
    else
        rc = vmlab_output_commit(w->out, err);
    free(w);
    return rc;
}

void vmlab_writer_abort(struct vmlab_writer *w)
{
    if (!w)
        return;
    w->ops->free(w->state);
    vmlab_output_abort(w->out);
    free(w);
}

int vmlab_writer_copy(struct vmlab_writer *w, struct vmlab_stream *s, struct vmlab_error *err)
{
    struct vmlab_ref *buf = malloc(VMLAB_BLOCK_REFS * sizeof *buf);
    if (!buf)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    int rc = 0;
    for (;;) {
        long k = vmlab_stream_read(s, buf, VMLAB_BLOCK_REFS, err);
        if (k <= 0) {
            rc = (int)k;
            break;
        }
        if ((rc = vmlab_writer_write(w, buf, (size_t)k, err)))
            break;
    }
    free(buf);
    return rc;
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
