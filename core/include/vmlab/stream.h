/*
 * vmlab/stream.h - a source of references handed out in blocks.
 *
 * Synthetic generators and trace readers are streams. The engine asks for a
 * block at a time (thousands of references), so the only per-reference work
 * in a reader is decoding into the caller's buffer.
 */
#ifndef VMLAB_STREAM_H
#define VMLAB_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vmlab/error.h>
#include <vmlab/ref.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VMLAB_BLOCK_REFS 4096  /* references per block the engine asks for */

struct vmlab_meta;

struct vmlab_stream_ops {
    /*
     * Fill @buf with up to @cap references. Return: how many (> 0), 0 at the
     * end, or a negative code with @err filled (it names where in the input).
     */
    long (*read)(void *state, struct vmlab_ref *buf, size_t cap, struct vmlab_error *err);
    /* Start again from the first reference (NULL: not possible). Return: 0 or < 0. */
    int (*rewind)(void *state, struct vmlab_error *err);
    void (*close)(void *state);
    /*
     * Continue from reference number @ref (0 is the first; past the end: at
     * the end). NULL: not possible. Return: 0 or < 0.
     */
    int (*seek)(void *state, uint64_t ref, struct vmlab_error *err);
    /*
     * Optional: point *block at up to @cap of the stream's own references
     * (valid until the next call on the stream) instead of copying them, for
     * streams that hold them already (memory streams). Return: as read.
     */
    long (*view)(void *state, const struct vmlab_ref **block, size_t cap,
                 struct vmlab_error *err);
};

struct vmlab_stream {
    const struct vmlab_stream_ops *ops;
    void *state;
    enum vmlab_unit unit;  /* what ref.addr means */
    uint64_t length;       /* references in the stream when known beforehand, else 0 */
    /*
     * Bounds known beforehand, else 0: every reference's addr is below
     * addr_bound and its ASID below asid_bound. The engine then holds the
     * page table of a dense page space as a direct array (core/pagemap.h).
     */
    uint64_t addr_bound;
    uint32_t asid_bound;
    /* traces (set by vmlab_trace_open; NULL for generators) */
    struct vmlab_meta *meta;  /* the trace's metadata (owned; see vmlab/trace.h) */
    const char *format;       /* name of the trace format read */
    const char *compression;  /* "zstd", "xz", "gzip" or NULL: how the file was compressed */
};

/* Wrap @ops and @state (owned: closed with the stream). Return: NULL when out of memory. */
struct vmlab_stream *vmlab_stream_new(const struct vmlab_stream_ops *ops, void *state,
                                      enum vmlab_unit unit, uint64_t length);

long vmlab_stream_read(struct vmlab_stream *s, struct vmlab_ref *buf, size_t cap,
                       struct vmlab_error *err);
int vmlab_stream_rewind(struct vmlab_stream *s, struct vmlab_error *err);
/*
 * The next block of up to @cap references, read-only: *block points into the
 * stream's own memory when it can lend it (no copy), else at @buf, filled.
 * Valid until the next call. Return: as vmlab_stream_read.
 */
long vmlab_stream_next(struct vmlab_stream *s, struct vmlab_ref *buf, size_t cap,
                       const struct vmlab_ref **block, struct vmlab_error *err);
/*
 * Continue from reference number @ref: through the stream's seek when it has
 * one (the native format's index), else by rewinding and reading @ref
 * references. Return: 0 or < 0.
 */
int vmlab_stream_seek(struct vmlab_stream *s, uint64_t ref, struct vmlab_error *err);
/* Close and free @s (and its metadata; NULL is fine). */
void vmlab_stream_close(struct vmlab_stream *s);

/*
 * A stream over @n references in memory. With @owned the stream frees @refs
 * (which must come from malloc) when closed; otherwise @refs is borrowed and
 * must outlive the stream.
 */
struct vmlab_stream *vmlab_stream_memory(struct vmlab_ref *refs, size_t n, enum vmlab_unit unit,
                                         bool owned);

/*
 * Read all of @s into one malloc'd array (*refs, *n). Return: 0 or < 0.
 * Memory grows with the stream: for tests, tools and small inputs.
 */
int vmlab_stream_slurp(struct vmlab_stream *s, struct vmlab_ref **refs, size_t *n,
                       struct vmlab_error *err);

#ifdef __cplusplus
}
#endif

#endif /* VMLAB_STREAM_H */
