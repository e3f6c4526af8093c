/*
 * vmlab/mem.h - memory for the model's large tables.
 *
 * Per-page and per-frame tables of large runs span tens of megabytes and are
 * touched at random: with 4 KiB pages nearly every lookup also misses the
 * host's TLB. vmlab_alloc_large backs such tables with transparent huge
 * pages where the host allows it (madvise(MADV_HUGEPAGE); THP "madvise" or
 * "always"), and is plain malloc otherwise or for small sizes.
 */
#ifndef VMLAB_MEM_H
#define VMLAB_MEM_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* @bytes of uninitialised memory (2 MiB-aligned from 2 MiB up), freed with free(). NULL: out of memory. */
void *vmlab_alloc_large(size_t bytes);

#ifdef __cplusplus
}
#endif

#endif /* VMLAB_MEM_H */
