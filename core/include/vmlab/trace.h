/*
 * vmlab/trace.h - what traces carry besides their references (metadata),
 * writing traces, and the filters that sample a stream.
 *
 * Metadata is an ordered list of key/value strings: what produced the
 * trace, its command line, free-form notes. The native format stores it in
 * its header, the text format in "#@ key=value" comment lines; readers
 * hand it out with the stream (vmlab_stream_meta), so converting a trace
 * carries it over.
 *
 * A writer takes blocks of references and produces a file in a format
 * that can be written (`native`, `text`). The file appears whole or not at
 * all: it is written under a temporary name and renamed when closed.
 */
#ifndef VMLAB_TRACE_H
#define VMLAB_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vmlab/error.h>
#include <vmlab/params.h>
#include <vmlab/ref.h>
#include <vmlab/stream.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- metadata ---- */

struct vmlab_meta {
    size_t n, cap;
    char **keys;   /* n keys, each unique, owned */
    char **values; /* n values, owned */
};

/* A new empty list. Return: NULL when out of memory. */
struct vmlab_meta *vmlab_meta_new(void);
/* A deep copy of @m (NULL gives an empty list). Return: NULL when out of memory. */
struct vmlab_meta *vmlab_meta_copy(const struct vmlab_meta *m);
void vmlab_meta_free(struct vmlab_meta *m);
/* Set @key to @value (replacing an earlier value, keeping its place). Return: 0 or < 0. */
int vmlab_meta_set(struct vmlab_meta *m, const char *key, const char *value);
/* The value of @key, or NULL. */
const char *vmlab_meta_get(const struct vmlab_meta *m, const char *key);

/* The metadata the trace of @s carries (borrowed; NULL when none). */
const struct vmlab_meta *vmlab_stream_meta(const struct vmlab_stream *s);

/* ---- writing ---- */

struct vmlab_trace_header {
    enum vmlab_unit unit;          /* what the addresses mean */
    uint64_t page_size;            /* bytes: the page size of the traced machine (informational) */
    const struct vmlab_meta *meta; /* may be NULL; copied */
};

struct vmlab_writer;

/*
 * Create trace @path ("-": standard output) in format @format, a spec
 * "NAME[:k=v,...]" naming a writable format ("native", "text:..."; see
 * `vmlab list formats`). Return: 0 or < 0 (VMLAB_EINPUT for a bad spec).
 */
int vmlab_writer_open(struct vmlab_writer **out, const char *path, const char *format,
                      const struct vmlab_trace_header *h, struct vmlab_error *err);

/* Append @n references. Return: 0 or < 0. */
int vmlab_writer_write(struct vmlab_writer *w, const struct vmlab_ref *refs, size_t n,
                       struct vmlab_error *err);

/* References written so far. */
uint64_t vmlab_writer_count(const struct vmlab_writer *w);

/* Finish the file (index, footer), rename it into place and free @w. Return: 0 or < 0. */
int vmlab_writer_close(struct vmlab_writer *w, struct vmlab_error *err);

/* Give up: remove the partial file and free @w (NULL is fine). */
void vmlab_writer_abort(struct vmlab_writer *w);

/* Copy every reference of @s (to its end) into @w. Return: 0 or < 0. */
int vmlab_writer_copy(struct vmlab_writer *w, struct vmlab_stream *s, struct vmlab_error *err);

/* ---- filters ---- */

enum vmlab_keep { VMLAB_KEEP_ALL, VMLAB_KEEP_DATA, VMLAB_KEEP_IFETCH };

/*
 * What a filter keeps, applied in this order: the operations kept; then
 * the first @skip of those dropped; then, when @window_keep > 0, periods of
 * window_keep + window_skip references of which the first window_keep are
 * kept; then every @every-th (1: all) of the references left; then at most
 * @limit (0: no limit). Zero-initialised: keeps everything.
 */
struct vmlab_filter {
    enum vmlab_keep keep;
    uint64_t skip;
    uint64_t window_keep, window_skip;
    uint64_t every;
    uint64_t limit;
};

/* Whether @f keeps every reference (filtering is then not needed). */
bool vmlab_filter_is_identity(const struct vmlab_filter *f);

/* Describe @f in words ("data only, every 10th, at most 1000000") into @buf. */
void vmlab_filter_describe(const struct vmlab_filter *f, char *buf, size_t len);

/*
 * A stream of the references of @in that @f keeps; @in is owned (closed
 * with it), its metadata shared. Return: 0 or < 0 (out of memory; @in is
 * then closed).
 */
int vmlab_stream_filter(struct vmlab_stream **out, struct vmlab_stream *in,
                        const struct vmlab_filter *f, struct vmlab_error *err);

/* Whether a filter stream stopped because it reached its limit (not the input's end). */
bool vmlab_stream_filter_limited(const struct vmlab_stream *s);

#ifdef __cplusplus
}
#endif

#endif /* VMLAB_TRACE_H */
