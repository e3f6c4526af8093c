/*
 * nextuse.h - the backward pass that gives every reference of a stream the
 * time of its page's next reference (module-internal; in core/sim.c).
 *
 * OPT needs the future: vmlab_simulate hands each access its next use, and
 * the one-pass OPT curve (core/mrc.c) ranks its stack by it. Both take it
 * from this one pass:
 *
 *   pass 1 (forward):  id[t] = dense id of the page of reference t
 *   pass 2 (backward): next[t] = last[id[t]]; last[id[t]] = t
 *
 * Memory: 8 bytes per reference for the result (4 more while it is built),
 * plus the page table of the distinct pages.
 */
#ifndef VMLAB_NEXTUSE_H
#define VMLAB_NEXTUSE_H

#include <stddef.h>
#include <stdint.h>

#include <vmlab/error.h>
#include <vmlab/stream.h>

/*
 * Next-use time of every reference of @in (VMLAB_NEVER when its page is not
 * referenced again), pages keyed as the engine keys them (byte-unit streams
 * shifted by @page_size). @buf: VMLAB_BLOCK_REFS references of scratch.
 * *out (malloc'd, owned by the caller) gets *len entries; @in is rewound
 * afterwards. Return: 0 or < 0 with @err filled.
 */
int vmlab_next_uses(struct vmlab_stream *in, uint64_t page_size, struct vmlab_ref *buf,
                    uint64_t **out, size_t *len, struct vmlab_error *err);

/*
 * The next block of a later pass over @in (*block: in @buf, VMLAB_BLOCK_REFS
 * references, or lent by the stream: vmlab_stream_next), @done read so far:
 * with next-use times (@next, @nnext of them) an input that grew since they
 * were computed is an error. Return: references read (> 0), 0 at the end,
 * or < 0 with @err filled.
 */
long vmlab_next_block(struct vmlab_stream *in, struct vmlab_ref *buf, size_t done,
                      const uint64_t *next, size_t nnext, const struct vmlab_ref **block,
                      struct vmlab_error *err);

#endif /* VMLAB_NEXTUSE_H */
