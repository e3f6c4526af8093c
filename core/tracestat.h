/*
 * tracestat.h - what `vmlab trace info` reports about a trace: its size,
 * operation mix, distinct pages and footprint, and the distribution of its
 * LRU stack distances, in one pass of O(n log D) time and memory
 * proportional to the distinct pages D (not to the trace).
 */
#ifndef VMLAB_CORE_TRACESTAT_H
#define VMLAB_CORE_TRACESTAT_H

#include <stdint.h>

#include <vmlab/error.h>
#include <vmlab/stream.h>

#define TRACESTAT_LOG2_BUCKETS 40

struct vmlab_trace_stats {
    uint64_t refs; /* references */
    uint64_t reads, writes, ifetches;
    uint64_t pages; /* distinct (page, ASID) pairs: the first touches */
    uint32_t asids; /* distinct ASIDs */
    uint32_t asid_min, asid_max;
    uint64_t page_min, page_max; /* lowest and highest page number */
    uint64_t footprint;          /* bytes: pages x page size */
    uint64_t reuses;             /* references that are not first touches: refs - pages */
    /*
     * LRU stack distances of the reuses: the number of distinct pages
     * referenced since the page's previous reference, itself included (1
     * for a page referenced twice in a row). A reuse at distance d hits in
     * an LRU memory of d frames or more. Percentiles are nearest-rank: the
     * smallest d with at least that share of the reuses at or below it.
     * All 0 when there are no reuses.
     */
    uint64_t rd_min, rd_p50, rd_p90, rd_p99, rd_max;
    double rd_mean;
    /* reuses with distance in [2^i, 2^(i+1)) */
    uint64_t rd_log2[TRACESTAT_LOG2_BUCKETS];
};

/*
 * Read @s to its end and fill @st; byte addresses map to pages of
 * @page_size bytes. Return: 0 or < 0 (a read error, out of memory).
 */
int vmlab_trace_stats(struct vmlab_stream *s, uint64_t page_size, struct vmlab_trace_stats *st,
                      struct vmlab_error *err);

#endif /* VMLAB_CORE_TRACESTAT_H */
