/*
 * curves.c - a sweep's sizes of one workload and policy run together
 * (curves.h; issue 8, docs/mrc.md).
 *
 * Stack policies (VMLAB_POLICY_STACK_LRU / _OPT) get every size from one
 * pass of stack distances (core/mrc.c): each run holds the counters a
 * simulation with that size gives, to the bit, and a "method" member that
 * names the algorithm and the metrics it cannot give (absent from the run).
 *
 * The other policies are simulated, but from one decode of the workload:
 *
 *   block of refs ─┬─► vm (frames = 1000) ─► run
 *   (decoded once) ├─► vm (frames = 2000) ─► run
 *                  └─► ...  VMLAB_CURVE_BATCH memory managers per pass
 *
 * Each memory manager sees the same blocks it would see alone (vmlab_vm_run
 * in the same order), so the runs are those of separate cells, byte for
 * byte (timing aside); a policy that needs the future gets the next-use
 * times of one backward pass shared by all sizes. Memory: one model per
 * size of the batch, and 8 bytes per reference for the next-use times.
 * The same path runs the cells of several tasks that read one workload
 * (vmlab_curve_run_shared: other policies, visibilities, translation
 * models), each member with its own policy. Blocks are decoded into chunks
 * of SHARED_CHUNK_BLOCKS and each memory manager runs through a chunk, block
 * by block, before the next: the models take turns in the caches a chunk at
 * a time, not a block at a time.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <vmlab/mrc.h>

#include "curves.h"
#include "nextuse.h"
#include "pagemap.h"
#include "results/results.h"
#include "vm.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* One pool of all frames, fixed: the only memory manager stack distances model (alloc). */
static bool global_fixed(const struct vmlab_cell *c)
{
    return c->manager->scope == VMLAB_SCOPE_GLOBAL &&
           c->manager->allocation->allocation == VMLAB_ALLOC_FIXED;
}

static bool stack_curve(const struct vmlab_experiment *e, const struct vmlab_cell *c)
{
    return e->curve.one_pass && global_fixed(c) && (c->policy->policy->flags & VMLAB_POLICY_STACK) &&
           c->visibility == VMLAB_VIS_EXACT &&
           (e->curve.to_all || e->nsizes >= VMLAB_CURVE_MIN_SIZES ||
            e->curve.sampling != VMLAB_MRC_EXACT);
}

bool vmlab_curve_applies(const struct vmlab_experiment *e, const struct vmlab_cell *c,
                         const struct vmlab_run_hooks *h)
{
    if (c->index % e->nsizes)
        return false;
    if (c->mmu)
        return false; /* translated runs are simulated cell by cell (no curve models an MMU) */
    if (e->curve.to_all)
        return true; /* the sizes are only known here */
    /* per-process pools make their own first pass: their cells run one by one (alloc) */
    return !(h && h->step) && e->curve.one_pass && global_fixed(c) &&
           (e->nsizes >= 2 || stack_curve(e, c));
}

/* Distinct pages of @in, keyed as the engine keys them; @in is rewound. */
static int count_pages(struct vmlab_stream *in, uint64_t page_size, uint64_t *pages,
                       struct vmlab_error *err)
{
    struct pagemap pm;
    struct vmlab_ref *buf = malloc(VMLAB_BLOCK_REFS * sizeof *buf);
    if (!buf || pagemap_init(&pm, 0)) {
        free(buf);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    unsigned shift = vmlab_page_shift(in->unit, page_size);
    int rc = 0;
    for (long k; !rc && (k = vmlab_stream_read(in, buf, VMLAB_BLOCK_REFS, err)) != 0;) {
        if (k < 0) {
            rc = (int)k;
            break;
        }
        for (long i = 0; i < k; i++) {
            bool fresh;
            if (!pagemap_intern(&pm,
                                vmlab_page_key((buf[i].addr >> shift) & VMLAB_PAGE_LIMIT,
                                               buf[i].asid & VMLAB_ASID_MAX),
                                &fresh)) {
                rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory for the page table");
                break;
            }
        }
    }
    *pages = pm.count;
    pagemap_free(&pm);
    free(buf);
    return rc ? rc : vmlab_stream_rewind(in, err);
}

/* The cells of the curve: the sweep's, or @pages' sizes for "all". */
static int curve_cells(const struct vmlab_curve_cells *g, uint64_t pages, struct vmlab_cell **out,
                       size_t *n, struct vmlab_error *err)
{
    const struct vmlab_experiment *e = g->e;
    const struct vmlab_curve_spec *cs = &e->curve;
    *out = NULL;
    if (!cs->to_all) {
        *n = e->nsizes;
        *out = calloc(*n, sizeof **out);
        if (!*out)
            return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
        for (size_t k = 0; k < *n; k++)
            vmlab_experiment_cell(e, g->first->index + k, &(*out)[k], err); /* checked before */
        return 0;
    }
    uint64_t *sizes;
    uint64_t to = pages > cs->from ? pages : cs->from;
    int rc = vmlab_curve_sizes(cs->from, to, cs->step, cs->factor, &sizes, n, err);
    if (rc)
        return vmlab_error_prefix(err, "$.frames");
    *out = calloc(*n, sizeof **out);
    if (!*out) {
        free(sizes);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    for (size_t k = 0; k < *n; k++) {
        (*out)[k] = *g->first;
        (*out)[k].frames = (uint32_t)sizes[k];
    }
    free(sizes);
    return 0;
}

/* Append the run of cell @c with counters @r (hooks told). Return: 0 or < 0. */
static int append(const struct vmlab_curve_cells *g, const struct vmlab_shared_cell *m,
                  const struct vmlab_sim_result *r, json_t *doc, struct vmlab_error *err)
{
    const struct vmlab_run_hooks *h = g->hooks;
    const struct vmlab_cell *c = &m->cell;
    if (h && h->cell_begin)
        h->cell_begin(h->arg, c, g->ncells, m->plabel, g->wlabel);
    if (vmlab_results_add_run(doc, g->params(g->e, c, g->wlabel, m->plabel), r))
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    if (h && h->cell_end)
        h->cell_end(h->arg, c, g->ncells, r);
    return 0;
}

static int cell_error(const struct vmlab_curve_cells *g, const struct vmlab_shared_cell *m,
                      struct vmlab_error *err)
{
    return vmlab_error_prefix(err, "cell %zu (%s, %u frames, %s)", m->cell.index, m->plabel,
                              m->cell.frames, g->wlabel);
}

static struct vmlab_sim_config sim_config(const struct vmlab_curve_cells *g,
                                          const struct vmlab_cell *c,
                                          const struct vmlab_params *policy_params)
{
    return (struct vmlab_sim_config){
        .policy = c->policy->policy,
        .policy_params = policy_params,
        .frames = c->frames,
        .page_size = c->page_size,
        .visibility = c->visibility,
        .seed = c->seed,
        .mmu = c->mmu, /* translation model (issue 4): cells shared across tasks */
        .huge_pages = c->huge_pages,
        .pcid = c->pcid,
        /* processes and allocation */
        .scope = c->manager->scope,
        .quota = c->manager->quota,
        .shares = c->manager->shares,
        .nshares = c->manager->nshares,
        .allocation = c->manager->allocation->allocation,
        .alloc_params = &c->manager->allocation->params,
        .fault_cost = g->e->fault_cost,
    };
}

/* ---- stack policies: one pass of stack distances ---- */

static json_t *names_json(const char *const *names)
{
    json_t *a = json_array();
    for (; a && *names; names++)
        json_array_append_new(a, json_string(*names));
    return a;
}

/* The NULL-ended list @base, then the @nextra names @extra, in @buf (@len entries). */
static const char *const *names_plus(const char *const *base, const char *const *extra,
                                     size_t nextra, const char **buf, size_t len)
{
    size_t n = 0;
    for (; base[n] && n + nextra + 1 < len; n++)
        buf[n] = base[n];
    for (size_t k = 0; k < nextra; k++)
        buf[n++] = extra[k];
    buf[n] = NULL;
    return buf;
}

/*
 * What a stack-distance curve lacks besides what vmlab_mrc_absent says: the
 * frames each process holds over time (processes and allocation).
 */
static const char *const *with_frames_absent(const char *const *base, const char **buf,
                                             size_t len)
{
    static const char *const frames[] = {"frames_end", "frames_avg", "frames_max"};
    return names_plus(base, frames, 3, buf, len);
}

/* modelled_time of stack-distance counters: refs + fault_cost x faults, total and per process. */
static void add_modelled_time(struct vmlab_sim_result *r, uint64_t fault_cost)
{
    r->total.modelled_time = r->total.refs + fault_cost * r->total.faults;
    for (size_t i = 0; i < r->nprocs; i++)
        r->procs[i].m.modelled_time = r->procs[i].m.refs + fault_cost * r->procs[i].m.faults;
}

/* The "method" member of the curve's runs (docs/results.md). */
static json_t *method_json(const struct vmlab_mrc *m, int algo, const struct vmlab_curve_spec *cs,
                           const double *mae)
{
    bool sampled = cs->sampling != VMLAB_MRC_EXACT;
    const char *b1[32], *b2[32];
    json_t *o = json_pack(
        "{s:s, s:s, s:o}", "name", algo == VMLAB_MRC_OPT ? "opt-stack" : "lru-stack", "source",
        algo == VMLAB_MRC_OPT ? "Mattson et al., IBM Systems Journal 9(2), 1970 (OPT stack, "
                                "next-use priority)"
                              : "Mattson et al., IBM Systems Journal 9(2), 1970 (LRU stack "
                                "distances)",
        "absent", names_json(with_frames_absent(vmlab_mrc_absent(m, false), b1, 32)));
    if (!o)
        return NULL;
    if (!sampled) {
        json_object_set_new(o, "absent_per_process",
                            names_json(with_frames_absent(vmlab_mrc_absent(m, true), b2, 32)));
        return o;
    }
    json_t *s =
        json_pack("{s:s, s:s, s:f, s:I, s:I}", "name",
                  cs->sampling == VMLAB_MRC_FIXED_RATE ? "shards-fixed-rate" : "shards-fixed-size",
                  "source", "Waldspurger et al., FAST 2015", "rate", vmlab_mrc_rate(m),
                  "sampled_refs", (json_int_t)vmlab_mrc_sampled_refs(m), "sampled_pages",
                  (json_int_t)vmlab_mrc_sampled_pages(m));
    if (s && cs->sampling == VMLAB_MRC_FIXED_SIZE)
        json_object_set_new(s, "max_pages", json_integer(cs->max_pages));
    if (s && mae)
        json_object_set_new(s, "mae", json_real(*mae));
    /* modelled time and throughput follow the estimated faults */
    static const char *const timed[] = {"modelled_time", "throughput"};
    const char *b3[32];
    json_object_set_new(o, "estimated",
                        names_json(names_plus(vmlab_mrc_estimated(m), timed, 2, b3, 32)));
    json_object_set_new(o, "sampling", s);
    return o;
}

static int run_stack(const struct vmlab_curve_cells *g, json_t *doc, struct vmlab_error *err)
{
    const struct vmlab_cell *c0 = g->first;
    const struct vmlab_curve_spec *cs = &g->e->curve;
    int algo = c0->policy->policy->flags & VMLAB_POLICY_STACK_OPT ? VMLAB_MRC_OPT : VMLAB_MRC_LRU;
    struct vmlab_mrc_config mc = {
        .algo = algo,
        .page_size = c0->page_size,
        .sampling = cs->sampling,
        .rate = cs->rate,
        .max_pages = cs->max_pages,
        .seed = c0->seed,
    };
    double t0 = now_s();
    struct vmlab_mrc *m = NULL, *exact = NULL;
    int rc = vmlab_mrc_compute(&m, &mc, g->in, err);
    double wall = now_s() - t0;
    if (!rc && cs->sampling != VMLAB_MRC_EXACT && cs->sample_error) {
        mc.sampling = VMLAB_MRC_EXACT;
        rc = vmlab_stream_rewind(g->in, err);
        if (!rc)
            rc = vmlab_mrc_compute(&exact, &mc, g->in, err);
    }
    struct vmlab_cell *cells = NULL;
    size_t n = 0;
    if (!rc)
        rc = curve_cells(g, vmlab_mrc_pages(m), &cells, &n, err);
    double mae = 0;
    if (!rc && exact) {
        uint64_t *sizes = malloc(n * sizeof *sizes);
        if (!sizes)
            rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
        for (size_t k = 0; !rc && k < n; k++)
            sizes[k] = cells[k].frames;
        if (!rc)
            mae = vmlab_mrc_mae(m, exact, sizes, n);
        free(sizes);
    }
    json_t *method = rc ? NULL : method_json(m, algo, cs, exact ? &mae : NULL);
    if (!rc && !method)
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    bool sampled = cs->sampling != VMLAB_MRC_EXACT;
    for (size_t k = 0; !rc && k < n; k++) {
        struct vmlab_sim_result r;
        if (vmlab_mrc_result(m, cells[k].frames, &r)) {
            rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
            break;
        }
        r.wall_s = wall / (double)n; /* the pass's time, shared by its sizes */
        add_modelled_time(&r, g->e->fault_cost);
        rc = append(g, &(struct vmlab_shared_cell){cells[k], g->policy_params, g->plabel}, &r, doc,
                    err);
        const char *b1[32], *b2[32];
        if (!rc && vmlab_results_mark_run(doc, json_deep_copy(method),
                                          with_frames_absent(vmlab_mrc_absent(m, false), b1, 32),
                                          with_frames_absent(vmlab_mrc_absent(m, true), b2, 32),
                                          sampled))
            rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
        vmlab_sim_result_free(&r);
    }
    if (rc)
        cell_error(
            g, &(struct vmlab_shared_cell){n ? cells[0] : *g->first, g->policy_params, g->plabel},
            err);
    json_decref(method);
    free(cells);
    vmlab_mrc_free(m);
    vmlab_mrc_free(exact);
    return rc;
}

/* ---- other policies: one decode, many memory managers ---- */

/*
 * Blocks decoded before the memory managers run through them one after the
 * other (64K references, 1 MiB): each model runs that long before the next
 * evicts it from the caches, and the chunk is read back from the cache.
 */
#define SHARED_CHUNK_BLOCKS 64

/*
 * Run @n members (cells with their policies' params and labels) from one
 * decode of @g->in per VMLAB_CURVE_BATCH of them, appending their runs in
 * order. The next-use times, when a member's policy needs the future, come
 * from one backward pass and go to those members only (as vmlab_simulate
 * gives them).
 */
static int run_members(const struct vmlab_curve_cells *g, const struct vmlab_shared_cell *m,
                       size_t n, json_t *doc, struct vmlab_error *err)
{
    struct vmlab_ref *buf = malloc(SHARED_CHUNK_BLOCKS * VMLAB_BLOCK_REFS * sizeof *buf);
    if (!buf)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    struct vmlab_stream *in = g->in;
    uint64_t *next = NULL;
    size_t nnext = 0;
    bool future = false;
    for (size_t k = 0; k < n; k++)
        future |= (m[k].cell.policy->policy->flags & VMLAB_POLICY_NEEDS_FUTURE) != 0;
    int rc = 0;
    double tn = now_s();
    if (future)
        rc = vmlab_next_uses(in, m[0].cell.page_size, buf, &next, &nnext, err);
    tn = now_s() - tn;
    struct vmlab_vm *vms[VMLAB_CURVE_BATCH];
    bool wants[VMLAB_CURVE_BATCH];
    for (size_t b = 0; !rc && b < n; b += VMLAB_CURVE_BATCH) {
        size_t nb = n - b < VMLAB_CURVE_BATCH ? n - b : VMLAB_CURVE_BATCH, made = 0;
        if (b)
            rc = vmlab_stream_rewind(in, err);
        double t0 = now_s();
        while (!rc && made < nb) {
            const struct vmlab_shared_cell *x = &m[b + made];
            struct vmlab_sim_config cfg = sim_config(g, &x->cell, x->policy_params);
            wants[made] = x->cell.policy->policy->flags & VMLAB_POLICY_NEEDS_FUTURE;
            if ((rc = vmlab_vm_new(&vms[made], &cfg, NULL,
                                   vmlab_vm_page_bound(in, cfg.page_size), err)))
                cell_error(g, x, err);
            else
                made++;
        }
        size_t done = 0;
        for (bool end = false; !rc && !end;) {
            /* a chunk of blocks, then each memory manager through it, block by block */
            size_t len[SHARED_CHUNK_BLOCKS], nblk = 0, off = 0;
            while (nblk < SHARED_CHUNK_BLOCKS) {
                const struct vmlab_ref *block;
                long k = vmlab_next_block(in, buf + off, done + off, next, nnext, &block, err);
                if (k <= 0) {
                    rc = (int)k;
                    end = true;
                    break;
                }
                if (block != buf + off) /* lent by the stream: valid until its next read */
                    memcpy(buf + off, block, (size_t)k * sizeof *block);
                len[nblk++] = (size_t)k;
                off += (size_t)k;
            }
            for (size_t v = 0; !rc && v < nb; v++) {
                size_t at = 0;
                for (size_t j = 0; !rc && j < nblk; at += len[j++])
                    if ((rc = vmlab_vm_run(vms[v], buf + at, len[j], in->unit,
                                           wants[v] ? next + done + at : NULL, err)))
                        cell_error(g, &m[b + v], err);
            }
            done += off;
        }
        double wall = (now_s() - t0 + tn * (double)nb / (double)n) / (double)nb;
        for (size_t v = 0; !rc && v < nb; v++)
            if ((rc = vmlab_vm_finish(vms[v], err)))
                cell_error(g, &m[b + v], err);
        for (size_t v = 0; !rc && v < nb; v++) {
            struct vmlab_sim_result r;
            if (vmlab_vm_result(vms[v], &r)) {
                rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
                break;
            }
            r.wall_s = wall;
            rc = append(g, &m[b + v], &r, doc, err);
            vmlab_sim_result_free(&r);
        }
        for (size_t v = 0; v < made; v++)
            vmlab_vm_free(vms[v]);
    }
    free(next);
    free(buf);
    return rc;
}

/* The sizes of one policy: members of one decode. */
static int run_many(const struct vmlab_curve_cells *g, uint64_t pages, json_t *doc,
                    struct vmlab_error *err)
{
    struct vmlab_cell *cells;
    size_t n;
    int rc = curve_cells(g, pages, &cells, &n, err);
    if (rc)
        return rc;
    struct vmlab_shared_cell *m = malloc(n * sizeof *m);
    if (!m)
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    for (size_t k = 0; !rc && k < n; k++)
        m[k] = (struct vmlab_shared_cell){cells[k], g->policy_params, g->plabel};
    if (!rc)
        rc = run_members(g, m, n, doc, err);
    free(m);
    free(cells);
    return rc;
}

bool vmlab_curve_shareable(const struct vmlab_experiment *e, const struct vmlab_cell *c,
                           const struct vmlab_run_hooks *h)
{
    /* a stack curve makes its own pass; "all" learns its sizes from its own first pass */
    return e->curve.one_pass && !e->curve.to_all && !(h && h->step) && global_fixed(c) &&
           (c->mmu || !stack_curve(e, c));
}

int vmlab_curve_run_shared(const struct vmlab_curve_cells *g, const struct vmlab_shared_cell *m,
                           size_t n, json_t *doc, struct vmlab_error *err)
{
    return run_members(g, m, n, doc, err);
}

/* ---- "one_pass": false with sizes from the workload: one simulation per size ---- */

static int run_separate(const struct vmlab_curve_cells *g, uint64_t pages, json_t *doc,
                        struct vmlab_error *err)
{
    struct vmlab_cell *cells;
    size_t n;
    int rc = curve_cells(g, pages, &cells, &n, err);
    for (size_t k = 0; !rc && k < n; k++) {
        struct vmlab_shared_cell m = {cells[k], g->policy_params, g->plabel};
        struct vmlab_sim_config cfg = sim_config(g, &cells[k], g->policy_params);
        struct vmlab_sim_result r;
        if (k)
            rc = vmlab_stream_rewind(g->in, err);
        if (!rc && (rc = vmlab_simulate(&cfg, g->in, &r, err)))
            cell_error(g, &m, err);
        if (!rc) {
            rc = append(g, &m, &r, doc, err);
            vmlab_sim_result_free(&r);
        }
    }
    free(cells);
    return rc;
}

int vmlab_curve_run(const struct vmlab_curve_cells *g, json_t *doc, struct vmlab_error *err)
{
    const struct vmlab_experiment *e = g->e;
    if (e->curve.to_all && g->hooks && g->hooks->step)
        return vmlab_error_set(err, VMLAB_EINPUT,
                               "$.frames: \"all\" cannot be shown step by step (give the sizes)");
    if (stack_curve(e, g->first))
        return run_stack(g, doc, err);
    uint64_t pages = 0;
    int rc = e->curve.to_all ? count_pages(g->in, g->first->page_size, &pages, err) : 0;
    if (!rc)
        rc = e->curve.one_pass && global_fixed(g->first) ? run_many(g, pages, doc, err)
                                                         : run_separate(g, pages, doc, err);
    return rc;
}
