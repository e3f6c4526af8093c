/*
 * tracestat.c - trace statistics (tracestat.h): one pass that counts the
 * operations, processes and pages of a trace and feeds its references to an
 * exact LRU curve (vmlab/mrc.h), whose histogram of stack distances gives
 * the reuse-distance summary: exact nearest-rank percentiles, the mean, the
 * power-of-two buckets. Memory: the curve's, proportional to the distinct
 * pages, not to the trace.
 */
#include <config.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <vmlab/mrc.h>

#include "core/tracestat.h"

/* Nearest-rank percentile @p (0 < p <= 100) of the @n distances of histogram @h[0..len). */
static uint64_t percentile(const uint64_t *h, size_t len, uint64_t n, unsigned p)
{
    uint64_t rank = (n * p + 99) / 100, seen = 0;
    for (size_t d = 0; d < len; d++) {
        seen += h[d];
        if (seen >= rank && h[d])
            return d;
    }
    return 0;
}

int vmlab_trace_stats(struct vmlab_stream *s, uint64_t page_size, struct vmlab_trace_stats *st,
                      struct vmlab_error *err)
{
    memset(st, 0, sizeof *st);
    unsigned shift = 0;
    if (s->unit == VMLAB_UNIT_BYTE)
        while ((UINT64_C(1) << shift) < page_size)
            shift++;
    struct vmlab_mrc *m = NULL;
    struct vmlab_mrc_config cfg = {.algo = VMLAB_MRC_LRU, .page_size = page_size};
    struct vmlab_ref *buf = malloc(VMLAB_BLOCK_REFS * sizeof *buf);
    uint64_t asid_seen[(VMLAB_ASID_MAX + 1) / 64] = {0};
    int rc = buf ? vmlab_mrc_begin(&m, &cfg, s->unit, err)
                 : vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    st->page_min = UINT64_MAX;
    st->asid_min = UINT32_MAX;
    while (!rc) {
        long k = vmlab_stream_read(s, buf, VMLAB_BLOCK_REFS, err);
        if (k <= 0) {
            rc = (int)k;
            break;
        }
        for (long i = 0; i < k; i++) {
            const struct vmlab_ref *r = &buf[i];
            uint64_t page = r->addr >> shift;
            st->reads += r->op == VMLAB_OP_READ;
            st->writes += r->op == VMLAB_OP_WRITE;
            st->ifetches += r->op == VMLAB_OP_IFETCH;
            st->page_min = page < st->page_min ? page : st->page_min;
            st->page_max = page > st->page_max ? page : st->page_max;
            uint32_t a = r->asid & VMLAB_ASID_MAX;
            asid_seen[a / 64] |= UINT64_C(1) << (a % 64);
        }
        rc = vmlab_mrc_add(m, buf, (size_t)k, err);
        st->refs += (uint64_t)k;
    }
    if (!rc)
        rc = vmlab_mrc_end(m, err);
    uint64_t *h = NULL;
    size_t len = 0;
    if (!rc && !(len = vmlab_mrc_distances(m, &h)))
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    if (!rc) {
        st->pages = vmlab_mrc_pages(m);
        st->reuses = st->refs - st->pages;
        st->footprint = st->pages * page_size;
        for (uint32_t a = 0; a <= VMLAB_ASID_MAX; a++) {
            if (asid_seen[a / 64] >> (a % 64) & 1) {
                st->asids++;
                st->asid_min = a < st->asid_min ? a : st->asid_min;
                st->asid_max = a;
            }
        }
        if (!st->refs)
            st->page_min = 0, st->asid_min = 0;
        double sum = 0;
        for (size_t d = 1; d < len; d++) {
            if (!h[d])
                continue;
            sum += (double)d * (double)h[d];
            st->rd_min = st->rd_min ? st->rd_min : d;
            st->rd_max = d;
            unsigned b = 63 - (unsigned)__builtin_clzll((uint64_t)d);
            st->rd_log2[b < TRACESTAT_LOG2_BUCKETS ? b : TRACESTAT_LOG2_BUCKETS - 1] += h[d];
        }
        if (st->reuses) {
            st->rd_mean = sum / (double)st->reuses;
            st->rd_p50 = percentile(h, len, st->reuses, 50);
            st->rd_p90 = percentile(h, len, st->reuses, 90);
            st->rd_p99 = percentile(h, len, st->reuses, 99);
        }
    }
    free(h);
    vmlab_mrc_free(m);
    free(buf);
    return rc;
}
