/*
 * mem.c - memory for the model's large tables (vmlab/mem.h).
 */
#include <config.h>

#include <stdlib.h>
#include <sys/mman.h>

#include <vmlab/mem.h>

#define HUGE_PAGE ((size_t)2 << 20)

void *vmlab_alloc_large(size_t bytes)
{
    if (bytes < HUGE_PAGE)
        return malloc(bytes ? bytes : 1);
    void *p;
    if (posix_memalign(&p, HUGE_PAGE, bytes))
        return NULL;
#ifdef MADV_HUGEPAGE
    /* advice only: a host without THP keeps 4 KiB pages, nothing else changes */
    (void)madvise(p, bytes & ~(HUGE_PAGE - 1), MADV_HUGEPAGE);
#endif
    return p;
}
