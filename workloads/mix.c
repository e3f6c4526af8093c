/*
 * mix.c - several workloads run as separate processes under a round-robin
 * scheduler: each process (a child workload with its own ASID) runs for a
 * quantum of `quantum` references, then the next one runs; a process that
 * finishes leaves the rotation, the rest go on until every one is done.
 *
 *   procs='zipf:pages=1000;loop:pages=500,refs=300', quantum=200
 *
 *   ASID  0 0 0 ... 0 │ 1 1 1 ... 1 │ 0 0 0 ... 0 │ 1 ... 1 (100) │ 0 0 0 ...
 *         └── 200 ──┘  └── 200 ──┘               └ done: leaves ┘
 *
 * The multiprogrammed workload of global-versus-local replacement and of
 * context-switch studies: with separate ASIDs the processes share the
 * frames but not their pages, and a TLB without PCIDs is flushed at every
 * switch (the translation model counts them from the ASID changes).
 *
 * procs is a list of workload specs separated by ';' (a spec holding a ';'
 * or a ',' of its own quotes it: `inline:refs='1,2'`; the whole list is
 * quoted inside the mix's spec, with the other kind of quote:
 * mix:procs="inline:refs='1,2';loop:pages=5"). In an experiment file procs
 * may be a JSON array of specs, strings or objects (docs/config.md). Process
 * i gets ASID i unless its spec sets `asid` (two processes with one ASID
 * are two threads of one address space), and the seed seed + i unless its
 * spec sets `seed`. A child without an asid parameter (a trace) is
 * relabelled ASID i, and one whose addresses are page numbers has them
 * turned into byte addresses, so the mix is one stream of byte addresses.
 * A mix cannot hold a mix.
 *
 * Parameters: procs (required), quantum (10000 references), refs (0: until
 * every process has finished; else at most this many), seed.
 * Memory held: the processes' own.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vmlab/workload.h>

#define MIX_MAX_PROCS 256

struct mix_proc {
    struct vmlab_stream *s;
    uint32_t asid;
    bool relabel;  /* set each reference's ASID (the child has no asid parameter) */
    bool to_bytes; /* the child's addresses are page numbers */
};

struct mix {
    struct mix_proc proc[MIX_MAX_PROCS];
    unsigned nprocs;
    unsigned order[MIX_MAX_PROCS]; /* the rotation: processes still running */
    unsigned nlive;                /* entries of order[] */
    unsigned cur;                  /* index in order[] of the running process */
    uint64_t quantum;              /* references per turn */
    uint64_t used;                 /* references of the current turn so far */
    uint64_t refs, t;              /* at most refs references (0: no limit); emitted so far */
    unsigned shift;                /* log2(page size) */
};

/* The running process is done: it leaves the rotation; the next one starts a turn. */
static void mix_leave(struct mix *m)
{
    memmove(&m->order[m->cur], &m->order[m->cur + 1], (m->nlive - m->cur - 1) * sizeof m->order[0]);
    m->nlive--;
    if (m->cur == m->nlive)
        m->cur = 0;
    m->used = 0;
}

static long mix_read(void *state, struct vmlab_ref *buf, size_t cap, struct vmlab_error *err)
{
    struct mix *m = state;
    if (m->refs && m->refs - m->t < cap)
        cap = (size_t)(m->refs - m->t);
    size_t n = 0;
    while (n < cap && m->nlive) {
        unsigned i = m->order[m->cur];
        struct mix_proc *p = &m->proc[i];
        uint64_t want = m->quantum - m->used;
        if (want > cap - n)
            want = cap - n;
        long k = vmlab_stream_read(p->s, buf + n, (size_t)want, err);
        if (k < 0)
            return vmlab_error_prefix(err, "procs[%u]", i);
        if (k == 0) {
            mix_leave(m);
            continue;
        }
        if (p->relabel || p->to_bytes)
            for (long j = 0; j < k; j++) {
                if (p->relabel)
                    buf[n + j].asid = p->asid;
                if (p->to_bytes)
                    buf[n + j].addr <<= m->shift;
            }
        n += (size_t)k;
        m->used += (uint64_t)k;
        if (m->used == m->quantum) {
            m->cur = m->cur + 1 == m->nlive ? 0 : m->cur + 1;
            m->used = 0;
        }
    }
    m->t += n;
    return (long)n;
}

static void mix_start(struct mix *m)
{
    for (unsigned i = 0; i < m->nprocs; i++)
        m->order[i] = i;
    m->nlive = m->nprocs;
    m->cur = 0;
    m->used = 0;
    m->t = 0;
}

static int mix_rewind(void *state, struct vmlab_error *err)
{
    struct mix *m = state;
    for (unsigned i = 0; i < m->nprocs; i++) {
        int rc = vmlab_stream_rewind(m->proc[i].s, err);
        if (rc)
            return vmlab_error_prefix(err, "procs[%u]", i);
    }
    mix_start(m);
    return 0;
}

static void mix_close(void *state)
{
    struct mix *m = state;
    for (unsigned i = 0; i < m->nprocs; i++)
        vmlab_stream_close(m->proc[i].s);
    free(m);
}

static const struct vmlab_stream_ops mix_ops = {
    .read = mix_read,
    .rewind = mix_rewind,
    .close = mix_close,
};

/*
 * The end of the spec starting at @s: the next ';' outside quotes, or the
 * end of the text.
 */
static const char *spec_end(const char *s)
{
    char quote = 0;
    for (; *s; s++) {
        if (quote) {
            if (*s == quote)
                quote = 0;
        } else if (*s == '\'' || *s == '"') {
            quote = *s;
        } else if (*s == ';') {
            break;
        }
    }
    return s;
}

/* Open process @i from the spec text @text (@len bytes). */
static int mix_open_proc(struct mix *m, unsigned i, const char *text, size_t len, uint64_t seed,
                         const struct vmlab_workload_env *env, struct vmlab_error *err)
{
    char where[32], name[64];
    snprintf(where, sizeof where, "procs[%u]", i);
    char *spec = strndup(text, len);
    if (!spec)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    const char *ptext;
    int rc = vmlab_spec_split(spec, name, sizeof name, &ptext, where, err);
    const struct vmlab_workload *w = rc ? NULL : vmlab_workload_find(name);
    if (w && !strcmp(w->name, "mix"))
        rc = vmlab_error_set(err, VMLAB_EINPUT, "%s: a mix cannot hold a mix", where);
    struct mix_proc *p = &m->proc[i];
    if (w) {
        struct vmlab_params table;
        vmlab_params_init(&table, w->params);
        p->relabel = !vmlab_param_has(&table, "asid");
        p->asid = i;
    }
    if (!rc)
        rc = vmlab_workload_open_spec(&p->s, spec, seed + i, i, env, where, err);
    if (!rc)
        p->to_bytes = p->s->unit == VMLAB_UNIT_PAGE;
    free(spec);
    return rc;
}

static const struct vmlab_param_desc mix_params[] = {
    {"procs", VMLAB_PARAM_STRING, NULL, VMLAB_ANY, NULL,
     "the processes: workload specs separated by ';' (process i: ASID i, seed seed+i)"},
    {"quantum", VMLAB_PARAM_COUNT, "10000", VMLAB_RANGE(1, 1e15), NULL,
     "references a process runs before the next one's turn"},
    {"refs", VMLAB_PARAM_COUNT, "0", VMLAB_RANGE(0, 1e15), NULL,
     "references to generate (0: until every process has finished)"},
    {"seed", VMLAB_PARAM_COUNT, "1", VMLAB_ANY, NULL,
     "random seed; process i gets seed + i unless its spec sets one"},
    {0},
};

static int mix_open(struct vmlab_stream **out, const struct vmlab_params *p,
                    const struct vmlab_workload_env *env, struct vmlab_error *err)
{
    struct mix *m = calloc(1, sizeof *m);
    if (!m)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    m->quantum = vmlab_param_u64(p, "quantum");
    m->refs = vmlab_param_u64(p, "refs");
    while (((uint64_t)1 << m->shift) < env->page_size)
        m->shift++;
    uint64_t seed = vmlab_param_u64(p, "seed");
    const char *s = vmlab_param_string(p, "procs");
    int rc = 0;
    for (;;) {
        const char *end = spec_end(s);
        if (m->nprocs == MIX_MAX_PROCS) {
            rc = vmlab_error_set(err, VMLAB_EINPUT, "procs: more than %d processes", MIX_MAX_PROCS);
            break;
        }
        if (end == s) {
            rc = vmlab_error_set(err, VMLAB_EINPUT, "procs[%u]: empty spec", m->nprocs);
            break;
        }
        rc = mix_open_proc(m, m->nprocs, s, (size_t)(end - s), seed, env, err);
        if (rc)
            break;
        m->nprocs++;
        if (!*end)
            break;
        s = end + 1;
    }
    uint64_t length = 0;
    for (unsigned i = 0; !rc && i < m->nprocs; i++) {
        if (!m->proc[i].s->length) {
            length = 0;
            break;
        }
        length += m->proc[i].s->length;
    }
    if (m->refs && length > m->refs)
        length = m->refs;
    mix_start(m);
    if (!rc && !(*out = vmlab_stream_new(&mix_ops, m, VMLAB_UNIT_BYTE, length)))
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    if (rc)
        mix_close(m);
    return rc;
}

const struct vmlab_workload vmlab_workload_mix = {
    .abi = VMLAB_WORKLOAD_ABI,
    .name = "mix",
    .summary = "several workloads as processes (ASIDs) under a round-robin quantum",
    .params = mix_params,
    .open = mix_open,
};
