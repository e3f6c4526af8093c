/*
 * sim.c - vmlab_simulate: one cell from a stream to its counters.
 *
 * Streams are read a block at a time into one buffer, reused for the whole
 * run. A policy that needs the future (OPT) gets each reference's next-use
 * time from one backward pass the engine makes beforehand:
 *
 *   pass 1 (forward):  id[t] = dense id of the page of reference t
 *   pass 2 (backward): next[t] = last[id[t]]; last[id[t]] = t
 *   pass 3:            rewind the stream and simulate with next[]
 *
 * Local scope (per-process pools) needs to know the processes before the
 * first reference: pass 1 also counts each ASID's references and distinct
 * pages (the census), and is made for that alone when no policy needs the
 * future.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <vmlab/mem.h>
#include <vmlab/sim.h>

#include "alloc.h"
#include "nextuse.h"
#include "pagemap.h"
#include "vm.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

double vmlab_metrics_fault_ratio(const struct vmlab_metrics *m)
{
    return m->refs ? (double)m->faults / (double)m->refs : 0.0;
}

double vmlab_metrics_throughput(const struct vmlab_metrics *m)
{
    return m->modelled_time ? (double)m->refs / (double)m->modelled_time : 0.0;
}

void vmlab_sim_result_free(struct vmlab_sim_result *r)
{
    free(r->procs);
    r->procs = NULL;
    r->nprocs = 0;
    free(r->translation);
    r->translation = NULL;
}

/*
 * The first pass over @in (then rewound): the next-use time of every
 * reference when @out is not NULL (*len: references), and the census of its
 * processes when @census is not NULL.
 */
static int first_pass(struct vmlab_stream *in, uint64_t page_size, struct vmlab_ref *buf,
                      uint64_t **out, size_t *len, struct alloc_census *census,
                      struct vmlab_error *err)
{
    struct pagemap pm;
    if (pagemap_init(&pm, 0))
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    size_t cap = !out ? 0 : in->length ? (size_t)in->length : (1u << 20), n = 0;
    uint32_t *ids = out ? malloc(cap * sizeof *ids) : NULL;
    int rc = ids || !out ? 0 : vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    unsigned shift = vmlab_page_shift(in->unit, page_size);
    while (!rc) {
        long k = vmlab_stream_read(in, buf, VMLAB_BLOCK_REFS, err);
        if (k <= 0) {
            rc = (int)k;
            break;
        }
        if (out && n + (size_t)k > cap) {
            size_t ncap = 2 * cap + (size_t)k;
            uint32_t *nids = realloc(ids, ncap * sizeof *ids);
            if (!nids) {
                rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory (%zu references)", n);
                break;
            }
            ids = nids;
            cap = ncap;
        }
        for (long i = 0; i < k; i++) {
            bool fresh;
            /* out-of-range pages and ASIDs are reported by the simulation pass */
            uint64_t key = vmlab_page_key((buf[i].addr >> shift) & VMLAB_PAGE_LIMIT,
                                          buf[i].asid & VMLAB_ASID_MAX);
            struct pagemap_slot *s = pagemap_intern(&pm, key, &fresh);
            if (!s) {
                rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory for page ids");
                break;
            }
            if (census) {
                census->refs[buf[i].asid & VMLAB_ASID_MAX]++;
                census->pages[buf[i].asid & VMLAB_ASID_MAX] += fresh;
            }
            if (out)
                ids[n++] = s->id;
        }
    }
    if (!rc && !out) {
        pagemap_free(&pm);
        return vmlab_stream_rewind(in, err);
    }
    uint32_t npages = pm.count;
    pagemap_free(&pm);
    uint64_t *next = NULL, *last = NULL;
    if (!rc) {
        next = vmlab_alloc_large((n ? n : 1) * sizeof *next);
        last = vmlab_alloc_large((npages ? npages : 1) * sizeof *last);
        if (!next || !last)
            rc = vmlab_error_set(err, VMLAB_ESYSTEM,
                                 "out of memory for next-use times (%zu references)", n);
    }
    if (!rc) {
        for (uint32_t p = 0; p < npages; p++)
            last[p] = VMLAB_NEVER;
        for (size_t t = n; t-- > 0;) {
            next[t] = last[ids[t]];
            last[ids[t]] = t;
        }
        rc = vmlab_stream_rewind(in, err);
    }
    free(ids);
    free(last);
    if (rc) {
        free(next);
        return rc;
    }
    *out = next;
    *len = n;
    return 0;
}

int vmlab_next_uses(struct vmlab_stream *in, uint64_t page_size, struct vmlab_ref *buf,
                    uint64_t **out, size_t *len, struct vmlab_error *err)
{
    return first_pass(in, page_size, buf, out, len, NULL, err);
}

long vmlab_next_block(struct vmlab_stream *in, struct vmlab_ref *buf, size_t done,
                      const uint64_t *next, size_t nnext, const struct vmlab_ref **block,
                      struct vmlab_error *err)
{
    long k = vmlab_stream_next(in, buf, VMLAB_BLOCK_REFS, block, err);
    if (k > 0 && next && done + (size_t)k > nnext)
        return vmlab_error_set(err, VMLAB_EINPUT, "the input changed between its two passes");
    return k;
}

int vmlab_simulate(const struct vmlab_sim_config *cfg, struct vmlab_stream *in,
                   struct vmlab_sim_result *out, struct vmlab_error *err)
{
    memset(out, 0, sizeof *out);
    struct vmlab_ref *buf = malloc(VMLAB_BLOCK_REFS * sizeof *buf);
    if (!buf)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    double t0 = now_s();
    uint64_t *next = NULL;
    size_t nnext = 0;
    int rc = 0;
    bool future = cfg->policy->flags & VMLAB_POLICY_NEEDS_FUTURE;
    struct alloc_census *census = NULL;
    if (cfg->scope == VMLAB_SCOPE_LOCAL && !(census = calloc(1, sizeof *census)))
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    if (!rc && (future || census))
        rc = first_pass(in, cfg->page_size, buf, future ? &next : NULL, &nnext, census, err);
    if (rc && census)
        vmlab_error_prefix(err, "scope \"local\" (a first pass over the input)");
    struct vmlab_vm *vm = NULL;
    if (!rc)
        rc = vmlab_vm_new(&vm, cfg, census, vmlab_vm_page_bound(in, cfg->page_size), err);
    free(census);
    size_t done = 0;
    while (!rc) {
        const struct vmlab_ref *block;
        long k = vmlab_next_block(in, buf, done, next, nnext, &block, err);
        if (k <= 0) {
            rc = (int)k;
            break;
        }
        rc = vmlab_vm_run(vm, block, (size_t)k, in->unit, next ? next + done : NULL, err);
        done += (size_t)k;
    }
    if (!rc)
        rc = vmlab_vm_finish(vm, err);
    if (!rc && vmlab_vm_result(vm, out))
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    out->wall_s = now_s() - t0;
    vmlab_vm_free(vm);
    free(next);
    free(buf);
    return rc;
}
