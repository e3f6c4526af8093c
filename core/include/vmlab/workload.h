/*
 * vmlab/workload.h - registries of workloads (synthetic generators and
 * traces) and of trace formats.
 *
 * A workload turns a spec ("zipf:pages=100000,alpha=0.9,refs=1e7") into a
 * stream. Generators emit byte addresses (page << page shift), so the same
 * workload drives both the page model and the translation model. The "trace"
 * workload reads a file through a trace format; a format is chosen by name or
 * recognised from the file's first bytes (its magic), never from its name.
 */
#ifndef VMLAB_WORKLOAD_H
#define VMLAB_WORKLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vmlab/error.h>
#include <vmlab/params.h>
#include <vmlab/stream.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VMLAB_WORKLOAD_ABI 1u

struct vmlab_workload_env {
    uint64_t page_size;    /* bytes; a power of two */
    const char *base_dir;  /* relative trace paths are resolved here (NULL: cwd) */
};

struct vmlab_workload {
    uint32_t abi;                           /* VMLAB_WORKLOAD_ABI */
    const char *name;
    const char *summary;
    const struct vmlab_param_desc *params;  /* NULL-name-ended; "seed" is filled from the run */
    int (*open)(struct vmlab_stream **out, const struct vmlab_params *params,
                const struct vmlab_workload_env *env, struct vmlab_error *err);
};

const struct vmlab_workload *vmlab_workload_find(const char *name);
size_t vmlab_workload_count(void);
const struct vmlab_workload *vmlab_workload_at(size_t i);

/*
 * Open the workload that @spec names ("zipf:pages=10,alpha=1"), its `seed`
 * and `asid` parameters @seed and @asid unless the spec sets them (or the
 * workload has none). @where prefixes error messages ("--workload",
 * "procs[1]"). Return: 0 with *out, or < 0 with @err filled.
 */
int vmlab_workload_open_spec(struct vmlab_stream **out, const char *spec, uint64_t seed,
                             uint32_t asid, const struct vmlab_workload_env *env,
                             const char *where, struct vmlab_error *err);

/* How a trace file is read. */
struct vmlab_trace_opts {
    enum vmlab_unit unit;  /* what the numbers mean, when unit_given */
    uint64_t page_size;    /* bytes */
    bool unit_given;       /* false: the unit the trace declares, else the format's own */
};

struct vmlab_input;
struct vmlab_output;
struct vmlab_trace_header;

/* A trace writer's verbs (see vmlab/trace.h for the API around them). */
struct vmlab_writer_ops {
    /* Append @n references. Return: 0 or < 0. */
    int (*write)(void *state, const struct vmlab_ref *refs, size_t n, struct vmlab_error *err);
    /* Write what ends the file (index, footer) into the output. Return: 0 or < 0. */
    int (*finish)(void *state, struct vmlab_error *err);
    /* Free the state (the output is the caller's). */
    void (*free)(void *state);
};

struct vmlab_format {
    uint32_t abi;  /* VMLAB_WORKLOAD_ABI */
    const char *name;
    const char *summary;
    const struct vmlab_param_desc *params;  /* reader options, "NAME:k=v"; NULL: none */
    /*
     * How surely @head (the first @n bytes of a trace, decompressed; n may
     * be small) is this format: 0 no, 1 plausible (text, or records that
     * look right), 2 certain (magic bytes, or a header naming its columns).
     */
    int (*probe)(const uint8_t *head, size_t n);
    /*
     * Read the trace @in (owned from here on: closed with the stream, or
     * here on failure) with @opts and the options @params. Return: 0 or < 0.
     */
    int (*open)(struct vmlab_stream **out, struct vmlab_input *in,
                const struct vmlab_trace_opts *opts, const struct vmlab_params *params,
                struct vmlab_error *err);
    /* writer options (NULL: none) */
    const struct vmlab_param_desc *write_params;
    /*
     * Start writing a trace described by @h into @out (borrowed). NULL: the
     * format cannot be written. Return: 0 or < 0.
     */
    int (*create)(void **state, const struct vmlab_writer_ops **ops, struct vmlab_output *out,
                  const struct vmlab_trace_header *h, const struct vmlab_params *params,
                  struct vmlab_error *err);
};

const struct vmlab_format *vmlab_format_find(const char *name);
size_t vmlab_format_count(void);
const struct vmlab_format *vmlab_format_at(size_t i);

/*
 * Open trace @path ("-" is standard input) with format @format: a spec
 * "NAME[:k=v,...]" ("csv:id=obj_id"), or "auto": recognised from its first
 * (decompressed) bytes. Compressed files (zstd, xz, gzip) are decompressed
 * on the fly. Return: 0 or < 0 with @err naming the file.
 */
int vmlab_trace_open(struct vmlab_stream **out, const char *path, const char *format,
                     const struct vmlab_trace_opts *opts, struct vmlab_error *err);

/* The same over an input already open (owned from here on, closed on failure too). */
int vmlab_trace_open_input(struct vmlab_stream **out, struct vmlab_input *in, const char *format,
                           const struct vmlab_trace_opts *opts, struct vmlab_error *err);

/*
 * The format of the trace whose first (decompressed) bytes are @head,
 * chosen by the formats' probes (the best score; the first in list order
 * on a tie), or NULL when none recognises it.
 */
const struct vmlab_format *vmlab_format_probe(const uint8_t *head, size_t n);

#ifdef __cplusplus
}
#endif

#endif /* VMLAB_WORKLOAD_H */
