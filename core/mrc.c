/*
 * mrc.c - miss-ratio curves in one pass (vmlab/mrc.h): the stack distance of
 * every reference, hence the faults of LRU or OPT at every memory size.
 *
 * Pages are keyed as the engine keys them (vmlab_page_key of page and ASID;
 * byte-unit streams shifted by the page size) in the engine's own page table
 * (pagemap.h), so the curve and a simulation see the same pages.
 *
 * LRU: a Fenwick tree over last-access times
 * ------------------------------------------
 * The LRU stack distance of a reference to page p is one more than the number
 * of distinct pages referenced since p's previous reference. Give every
 * reference a slot on a time axis and keep a mark (a 1 bit) at the slot of
 * each page's latest reference; then the distinct pages referenced after
 * slot t' are the marks right of t':
 *
 *   slots:   0  1  2  3  4  5  6          refs: 1 2 3 1 2 4 .
 *   marks:   0  0  1  1  1  1  .          (pages 3 1 2 4 at slots 2 3 4 5)
 *   reference 1 at slot 6: t' = 3, marks right of 3: slots 4, 5  ->  d = 2 + 1 = 3
 *
 *   d = live - rank(t') + 1,  then  unmark t',  mark now     (rank: marks <= t')
 *
 * rank() and the updates are O(log n) with a Fenwick (binary indexed) tree
 * (Fenwick, "A new data structure for cumulative frequency tables",
 * Software: Practice and Experience 24(3), 1994; the counting idea is
 * Bennett and Kruskal, "LRU stack processing", IBM J. R&D 19(4), 1975).
 * Here the tree counts the marks of 64-slot words and the marks themselves
 * are a bitmap: rank(t) = the tree's prefix over the words before t's plus a
 * popcount in t's word.
 *
 *   bits:  [word 0: 64 marks][word 1][word 2] ...      1 bit a slot
 *   wsum:  Fenwick tree over the words' counts         1/16 byte a slot
 *
 * That is 64 times smaller than a tree over slots: for a million pages, 0.5
 * MiB instead of 16, so the structure stays in the L2 cache and the
 * references' work is the page-table probe (prefetched ahead) and one
 * histogram increment (batched per block, so the misses overlap). The word
 * being filled joins the tree only when the axis moves past it, so marking
 * the newest slot is one bit most of the time. A
 * balanced order-statistic tree over pages (Olken 1981) has the same
 * O(log n) but a node per page and a pointer chase per level.
 *
 * Compaction bounds the axis by the distinct pages, not the trace length:
 * when the axis is full, the marks (one per page, in time order) are
 * renumbered 0..live-1, and the axis doubles if more than half of it is
 * live. So it holds 2 to 4 slots per distinct page and compacts at most
 * once per (slots - live) >= live references: O(1) amortised. who[slot]
 * names the page-table slot of the page whose mark sits there, and a page's
 * table slot holds its mark's position in its `frame` field (which this
 * module uses for nothing else), so compaction is one sequential scan (with
 * the page-table slots it rewrites prefetched two words ahead).
 *
 * Metrics beyond faults, exactly, for every size C at once:
 *   evictions(C) = faults(C) - #{pages at depth <= C at the end}: every load
 *     is evicted later except the pages still resident at the end (depth <= C).
 *   write-backs: a page is dirty when evicted with C frames if it was written
 *     since its last load with C frames. Keep per page M = the largest
 *     distance of its references since its last write (0 right after a
 *     write; "clean" when never written): the eviction before a reference of
 *     distance d (sizes C < d), or at the end (sizes C < final depth), is
 *     dirty exactly for C >= M. Each adds 1 on the size range [max(M,1), d) of
 *     a difference array. Per process likewise (the page's ASID).
 *
 * OPT: the stack with next-use priority
 * -------------------------------------
 * OPT (Belady's MIN) is a stack algorithm whose priority is the next use
 * (Mattson et al. 1970): with C frames it evicts, of the C pages on top, the
 * one used again last. A reference to x at depth d (a first touch: d = the
 * bottom) updates the stack so: the old top is carried down; at every depth
 * i < d whose page is used again later than the carried one (a new running
 * maximum of next use) the two swap; the last carried page takes depth d,
 * and x goes on top.
 *
 *   before:  [y:9  a:5  b:12  c:7  x:now  ...]      (page:next use)
 *   carried y(9) passes a(5); at b(12) swap: b carried, y stays at depth 3;
 *   c(7) < 12 is passed; b lands at x's depth:
 *   after:   [x:?  a:5  y:9  c:7  b:12  ...]
 *
 * The next-use times come from the engine's own backward pass
 * (nextuse.h, the one vmlab_simulate uses for OPT). Sugumar and Abraham,
 * "Efficient simulation of caches under optimal replacement with
 * applications to miss characterization", SIGMETRICS 1993, made one-pass
 * OPT stack simulation practical. Here the stack keeps only next uses, one
 * word a depth (which page sits where is never needed), and the update works
 * on runs: the swaps come as runs of records in a row (depths whose next uses
 * ascend strictly from the carried one), each run moving down one depth as a
 * whole (one memmove; its last page carried on), and between runs the pages
 * used before the carried one stay where they are. In the example, [y] and
 * [b] are runs, a and c stay: the update is "x, then each run after the
 * pages that follow it". On Zipf traces a reference passes hundreds of
 * records in about three runs. Summaries find the runs' ends and the page:
 *
 *   snu:   [9 5 12 7 | 30 14 40 31 | 33 ...]   next use at each depth
 *   bmin:  [5        | 14          | ...]      exact minimum of OPT_BLOCK depths
 *   bmax:  [12       | 40          | ...]      exact maximum
 *   basc:  [0        | 0           | ...]      1: they ascend strictly
 *   smin, smax:                                the same of OPT_SUPER blocks
 *
 * The referenced page is the one whose next use is now (no other page's
 * is), so it lies in the block (superblock) whose minimum is now; one whose
 * maximum is at most the carried value holds no record: the scan between
 * runs skips it. A run goes through an ascending block in one step. A block
 * (superblock) a run covers whole ascends after the move, so its summary is
 * its first and last values; the blocks a run covers in part, the page's old
 * block and the top are summarised again once, at the end of the update
 * (until then their old maximums still bound them). A first touch stops
 * at its first page that is never used again (nothing passes it, the pages
 * below keep their depths). So a reference costs d / (OPT_BLOCK OPT_SUPER)
 * superblock summaries, a few blocks' summaries and values around each run
 * and the page, and a memmove of its records; the worst case is still O(d).
 * Pages never used again tie; which one a simulation evicts (the engine's
 * OPT: the lowest frame) changes no fault, so distances are exact, but it
 * decides which dirty page is written back and whose page leaves: those
 * metrics are absent from OPT curves of streams with writes / several
 * processes (vmlab_mrc_absent). O(log V) per reference is possible
 * (Bilardi, Ekanadham and Pattnaik, "Optimal on-line computation of stack
 * distances for MIN and OPT", CF 2017); not done here: it would keep the
 * stack as a balanced tree, whose nodes a reference visits at random, where
 * the runs above touch a few contiguous stretches.
 *
 * SHARDS: sampled curves
 * ----------------------
 * Waldspurger, Park, Garthwaite and Ahmad, "Efficient MRC construction with
 * SHARDS", FAST 2015. A page is in the sample when a hash of its key
 * (salted with the run's seed, 53 bits) is below a threshold T: the rate is
 * R = T / 2^53, and the sampled references behave as a memory R times
 * smaller, so each sampled distance is scaled by 1/R.
 *   fixed rate: R is given; the histogram is corrected by the difference
 *     between the expected (N R) and actual sampled references, added to the
 *     smallest distance (SHARDS_adj).
 *   fixed size: at most max_pages pages are sampled; when one more enters,
 *     the page of largest hash leaves (a max-heap by hash) and T drops to its
 *     hash; the histogram gathered so far is scaled by R_new / R_old (kept as
 *     one running factor, so a drop is O(1)); the same correction of the
 *     expected weight applies at the end (each reference counts at the rate
 *     of its time). LRU only (leaving OPT's stack is O(depth)).
 * The curve's error against the exact one is vmlab_mrc_mae.
 *
 * Memory (exact; D distinct pages, P processes, N references):
 *   page table 32-64 B/page, LRU time axis 8-17 B/page, histograms
 *   8 B (OPT) or 24 B (LRU: distances, write-back and end-depth arrays) per
 *   depth per process, per-page write state 4 B/page once a write is seen;
 *   OPT adds its stack (8.6 B/page) and the next-use times, 8 B/reference
 *   (as vmlab_simulate's OPT). Fixed-size SHARDS bounds the time axis and
 *   histograms by max_pages; the page table keeps the pages that ever
 *   entered the sample (about max_pages (1 + ln(D / max_pages))). Nothing is
 *   allocated per reference: tables grow by doubling.
 */
#include <config.h>

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <vmlab/mrc.h>

#include "nextuse.h"
#include "pagemap.h"
#include "policies/lib/heap.h"
#include "vm.h"

#define CLEAN UINT32_MAX              /* wmax[]: a page never written (clean with every size) */
#define HASH_SPACE 9007199254740992.0 /* 2^53: sampling hashes are below it */
#define MAX_PAGES (UINT32_C(1) << 31) /* slots are 32-bit and the axis twice the pages */
#define PREFETCH_AHEAD 16
#define OPT_BLOCK 32 /* depths per block of OPT's stack summaries */
#define OPT_SUPER 16 /* blocks per superblock (a summary of their summaries) */

/* Counters of one process (ASID); the arrays are indexed by depth. */
struct proc {
    uint64_t ops[3];  /* references by enum vmlab_op */
    uint64_t cold;    /* first touches = the process's distinct pages */
    uint64_t *hist;   /* [d]: references at finite distance d; once finished, cumulative
                         (hist[C] = hits with C frames) */
    uint64_t *wb;     /* LRU: difference array of write-backs; once finished, write-backs
                         with C frames */
    uint64_t *endpos; /* LRU: [p]: the process's pages at depth p at the end; once finished,
                         cumulative (pages resident at the end with C frames) */
    size_t cap;       /* entries in each array */
};

struct vmlab_mrc {
    int algo;                              /* enum vmlab_mrc_algo */
    int sampling;                          /* enum vmlab_mrc_sampling */
    unsigned shift;                        /* page = addr >> shift */
    bool finished;                         /* arrays cumulative */
    bool writes;                           /* a write was seen */
    uint64_t refs;                         /* references read */
    struct pagemap pm;                     /* page key -> id; frame: LRU slot of the last access */
    struct proc *proc[VMLAB_ASID_MAX + 1]; /* per ASID, created on its first reference */
    uint32_t nprocs;
    uint32_t only; /* the ASID when nprocs == 1 */

    /* LRU: the time axis */
    uint64_t *bits; /* [slot / 64]: bit slot % 64 set at each page's latest access (a mark) */
    uint32_t *wsum; /* Fenwick tree over words (index w + 1 for word w): counts of marks */
    uint32_t *who;  /* [slot]: page-table slot index of the page marked there (where marked) */
    uint32_t cap;   /* slots, a power of two >= 64 */
    uint32_t now;   /* next slot to use */
    uint32_t live;  /* marks = pages in the stack */
    uint32_t tw;    /* words counted in wsum: all below the one being filled */
    uint32_t *wmax; /* [page id]: largest distance since the page's last write, or CLEAN;
                       NULL until the first write */
    size_t wcap;

    /* OPT: the stack */
    uint64_t *snu;  /* [depth - 1]: the next use of the page at that depth */
    uint64_t *bmin; /* [block]: the smallest next use of OPT_BLOCK depths (exact) */
    uint64_t *bmax; /* [block]: their largest (exact) */
    uint8_t *basc;  /* [block]: 1 when they ascend strictly (a run of records skips it whole) */
    uint64_t *smin; /* [superblock]: the smallest bmin of OPT_SUPER blocks */
    uint64_t *smax; /* [superblock]: their largest bmax */
    size_t scap;    /* entries of snu */
    size_t bcap;    /* entries of bmin, bmax, basc */
    size_t sbcap;   /* entries of smin, smax */
    uint32_t depth; /* pages in the stack */
    uint64_t *next; /* next-use time of every reference (held for the pass) */
    size_t nnext;

    /* SHARDS */
    uint64_t salt;      /* mixed into the hash: the seed */
    uint64_t threshold; /* a page is sampled iff hash < threshold */
    double rate;        /* threshold / 2^53 */
    double scale;       /* a raw weight w counts w * scale references (fixed size) */
    double *whist;      /* [b]: raw weight at scaled distance b */
    size_t whcap;
    double wcold;       /* raw weight of first touches */
    uint64_t srefs;     /* sampled references */
    uint64_t spages;    /* pages that entered the sample */
    uint32_t max_pages; /* fixed size: pages kept */
    struct heap sheap;  /* fixed size: sampled pages by hash (node = sample slot) */
    uint64_t *skey;     /* [node]: the page key held by a heap node */
    uint32_t *sfree;    /* free heap nodes */
    uint32_t nfree;

    struct pending {
        uint32_t d, asid;
    } pend[VMLAB_BLOCK_REFS]; /* histogram increments of the block in hand */
    size_t npend;
    uint64_t *dist; /* optional record of each reference's distance */
    size_t ndist;
    size_t peak; /* bytes held at the end of the pass (arrays only grow) */
};

/* ---- small helpers ---- */

static int oom(struct vmlab_error *err, const char *what)
{
    return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory for %s", what);
}

/* Grow @*p (of @*cap elements of @size bytes, zero-filled) to at least @need elements. */
static int grow(void *p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 64;
    while (n < need)
        n *= 2;
    void *q = realloc(*(void **)p, n * size);
    if (!q)
        return -1;
    memset((char *)q + *cap * size, 0, (n - *cap) * size);
    *(void **)p = q;
    *cap = n;
    return 0;
}

/* The 53-bit sampling hash of a page key (splitmix64's finaliser). */
static inline uint64_t page_hash(uint64_t key, uint64_t salt)
{
    uint64_t z = key + salt;
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return (z ^ (z >> 31)) >> 11;
}

static bool lru_tracks_writes(const struct vmlab_mrc *m)
{
    return m->algo == VMLAB_MRC_LRU && m->sampling == VMLAB_MRC_EXACT;
}

static struct proc *proc_new(struct vmlab_mrc *m, uint32_t asid)
{
    struct proc *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    m->proc[asid] = p;
    m->nprocs++;
    m->only = asid;
    return p;
}

/* Make @p's arrays hold depth @d. */
static int proc_reserve(const struct vmlab_mrc *m, struct proc *p, size_t d)
{
    if (d < p->cap)
        return 0;
    size_t cap = p->cap, c2 = p->cap, c3 = p->cap;
    if (grow(&p->hist, &cap, d + 1, sizeof *p->hist))
        return -1;
    if (lru_tracks_writes(m) && (grow(&p->wb, &c2, d + 1, sizeof *p->wb) ||
                                 grow(&p->endpos, &c3, d + 1, sizeof *p->endpos)))
        return -1;
    p->cap = cap;
    return 0;
}

static void proc_free(struct proc *p)
{
    if (!p)
        return;
    free(p->hist);
    free(p->wb);
    free(p->endpos);
    free(p);
}

/* cum[i], or the last entry when i is past the end (cumulative arrays only). */
static uint64_t at(const uint64_t *cum, size_t cap, uint64_t i)
{
    return cap ? cum[i < cap ? i : cap - 1] : 0;
}

/* ---- the LRU time axis ---- */

/* Bits set in @x (inline: without -mpopcnt the builtin is a library call). */
static inline uint32_t popcount64(uint64_t x)
{
    x -= (x >> 1) & UINT64_C(0x5555555555555555);
    x = (x & UINT64_C(0x3333333333333333)) + ((x >> 2) & UINT64_C(0x3333333333333333));
    x = (x + (x >> 4)) & UINT64_C(0x0f0f0f0f0f0f0f0f);
    return (uint32_t)((x * UINT64_C(0x0101010101010101)) >> 56);
}

/* Marks at slots <= @t: the words before t's (Fenwick prefix) + t's word up to t. */
static inline uint32_t axis_rank(const struct vmlab_mrc *m, uint32_t t)
{
    uint32_t s = 0;
    for (uint32_t i = t >> 6; i; i &= i - 1)
        s += m->wsum[i];
    unsigned b = t & 63;
    uint64_t mask = b == 63 ? ~UINT64_C(0) : (UINT64_C(2) << b) - 1;
    return s + popcount64(m->bits[t >> 6] & mask);
}

/* Add @v (1, or UINT32_MAX to subtract one) to the count of word @w. */
static inline void axis_word_add(struct vmlab_mrc *m, uint32_t w, uint32_t v)
{
    uint32_t nw = m->cap >> 6;
    for (uint32_t i = w + 1; i <= nw; i += i & -i)
        m->wsum[i] += v;
}

/*
 * Mark slot @t (the newest). The word being filled is counted in the tree
 * only once the axis moves past it (rank never asks for a word's own count),
 * so most marks cost a bit: words below m->tw are in the tree.
 */
static inline void axis_mark(struct vmlab_mrc *m, uint32_t t)
{
    uint32_t w = t >> 6;
    if (w < m->tw)
        axis_word_add(m, w, 1);
    for (; m->tw < w; m->tw++)
        axis_word_add(m, m->tw, popcount64(m->bits[m->tw]));
    m->bits[w] |= UINT64_C(1) << (t & 63);
}

static inline void axis_unmark(struct vmlab_mrc *m, uint32_t t)
{
    m->bits[t >> 6] &= ~(UINT64_C(1) << (t & 63));
    if ((t >> 6) < m->tw)
        axis_word_add(m, t >> 6, UINT32_MAX);
}

/* who[] again from the page table, whose slots moved (it grew). */
static void axis_rewho(struct vmlab_mrc *m)
{
    for (uint64_t j = 0; j <= m->pm.mask; j++) {
        const struct pagemap_slot *s = &m->pm.slots[j];
        if (s->key != PAGEMAP_EMPTY && s->frame != VMLAB_NO_FRAME)
            m->who[s->frame] = (uint32_t)j;
    }
}

/* Bits and word counts of @k marks at slots 0..k-1 (the rest clear). */
static void axis_fill(struct vmlab_mrc *m, uint32_t k)
{
    uint32_t nw = m->cap >> 6;
    for (uint32_t w = 0; w < nw; w++) {
        uint32_t lo = w << 6, n = k > lo ? (k - lo < 64 ? k - lo : 64) : 0;
        m->bits[w] = n == 64 ? ~UINT64_C(0) : (UINT64_C(1) << n) - 1;
        m->wsum[w + 1] = n;
    }
    for (uint32_t i = 1; i <= nw; i++) { /* Fenwick tree of the counts, in place, O(n) */
        uint32_t j = i + (i & -i);
        if (j <= nw)
            m->wsum[j] += m->wsum[i];
    }
    m->tw = (k + 63) >> 6;
}

/* Renumber the marks 0..live-1 in time order; double the axis if more than half live. */
static int axis_compact(struct vmlab_mrc *m, struct vmlab_error *err)
{
    uint32_t k = 0, nw = (m->now + 63) >> 6;
    for (uint32_t w = 0; w < nw; w++) {
        /* the page-table slots of two words on: each write below is a cache miss */
        for (uint64_t a = w + 2 < nw ? m->bits[w + 2] : 0; a; a &= a - 1)
            __builtin_prefetch(&m->pm.slots[m->who[((w + 2) << 6) | (uint32_t)__builtin_ctzll(a)]],
                               1);
        for (uint64_t word = m->bits[w]; word; word &= word - 1) {
            uint32_t j = m->who[(w << 6) | (uint32_t)__builtin_ctzll(word)];
            m->who[k] = j;
            m->pm.slots[j].frame = k++;
        }
    }
    uint32_t cap = m->cap;
    while ((uint64_t)cap < 2 * (uint64_t)m->live + 2)
        cap *= 2;
    if (cap != m->cap) {
        uint64_t *bits = realloc(m->bits, (size_t)(cap >> 6) * sizeof *bits);
        if (bits)
            m->bits = bits;
        uint32_t *wsum = bits ? realloc(m->wsum, ((size_t)(cap >> 6) + 1) * sizeof *wsum) : NULL;
        if (wsum)
            m->wsum = wsum;
        uint32_t *who = wsum ? realloc(m->who, (size_t)cap * sizeof *who) : NULL;
        if (!who)
            return oom(err, "the LRU time axis");
        m->who = who;
        m->cap = cap;
    }
    axis_fill(m, k);
    m->now = k;
    return 0;
}

static int axis_init(struct vmlab_mrc *m)
{
    m->cap = 1024;
    m->bits = malloc((size_t)(m->cap >> 6) * sizeof *m->bits);
    m->wsum = malloc(((size_t)(m->cap >> 6) + 1) * sizeof *m->wsum);
    m->who = malloc((size_t)m->cap * sizeof *m->who);
    if (!m->bits || !m->wsum || !m->who)
        return -1;
    axis_fill(m, 0);
    return 0;
}

/* ---- sampling ---- */

static void set_threshold(struct vmlab_mrc *m, uint64_t t)
{
    double r = (double)t / HASH_SPACE;
    if (m->rate > 0)
        m->scale *= r / m->rate;
    m->threshold = t;
    m->rate = r;
}

static int add_weighted(struct vmlab_mrc *m, uint64_t d, struct vmlab_error *err)
{
    double w = 1.0 / m->scale;
    m->srefs++;
    if (d == VMLAB_MRC_COLD) {
        m->wcold += w;
        return 0;
    }
    double b = nearbyint((double)d / m->rate);
    size_t bi = b < 1 ? 1 : b > 1e15 ? (size_t)1e15 : (size_t)b;
    if (bi >= m->whcap && grow(&m->whist, &m->whcap, bi + 1, sizeof *m->whist))
        return oom(err, "the sampled histogram");
    m->whist[bi] += w;
    return 0;
}

/*
 * Fixed size: may the new page @key (hash @h) enter? If the sample is full
 * and @h is the largest, no: the threshold drops to @h. Return: true to admit.
 */
static bool sample_admit(struct vmlab_mrc *m, uint64_t h)
{
    if (m->live < m->max_pages)
        return true;
    uint32_t top = heap_top(&m->sheap);
    if (h < m->sheap.key[top])
        return true;
    set_threshold(m, h);
    return false;
}

/* Fixed size: the page @key (hash @h) entered; if one too many, the largest hash leaves. */
static void sample_enter(struct vmlab_mrc *m, uint64_t key, uint64_t h)
{
    uint32_t node = m->sfree[--m->nfree];
    m->skey[node] = key;
    heap_push(&m->sheap, node, h);
    if (m->live <= m->max_pages)
        return;
    uint32_t top = heap_top(&m->sheap);
    uint64_t th = m->sheap.key[top];
    heap_remove(&m->sheap, top);
    m->sfree[m->nfree++] = top;
    struct pagemap_slot *s = pagemap_find(&m->pm, m->skey[top]);
    axis_unmark(m, s->frame);
    s->frame = VMLAB_NO_FRAME; /* out for good: its hash is at or above the threshold now */
    m->live--;
    set_threshold(m, th);
}

/* ---- the passes ---- */

/* The counters of one reference; creates its process. Return: it, or NULL (no memory). */
static inline struct proc *count_ref(struct vmlab_mrc *m, const struct vmlab_ref *r)
{
    struct proc *p = m->proc[r->asid];
    if (__builtin_expect(!p, 0) && !(p = proc_new(m, r->asid)))
        return NULL;
    p->ops[r->op]++;
    m->writes |= r->op == VMLAB_OP_WRITE;
    return p;
}

/* Count stack distance @d of the reference (exact: per process; sampled: weighted). */
static inline int count_distance(struct vmlab_mrc *m, struct proc *p, uint32_t asid, uint64_t d,
                                 bool sampled, struct vmlab_error *err)
{
    if (sampled)
        return add_weighted(m, d, err);
    if (d == VMLAB_MRC_COLD) {
        p->cold++;
        return 0;
    }
    if (__builtin_expect(d >= p->cap, 0) && proc_reserve(m, p, d))
        return oom(err, "the distance histogram");
    m->pend[m->npend++] = (struct pending){(uint32_t)d, asid};
    return 0;
}

/*
 * The histogram increments of a block, apart from the work that finds the
 * distances: each is a cache miss at a random depth, and a loop of nothing
 * else keeps many of them in flight at once.
 */
static void flush_pending(struct vmlab_mrc *m)
{
    const struct pending *q = m->pend;
    size_t n = m->npend;
    if (m->nprocs == 1) {
        uint64_t *h = m->proc[m->only]->hist;
        for (size_t i = 0; i < n; i++) {
            if (i + PREFETCH_AHEAD < n)
                __builtin_prefetch(&h[q[i + PREFETCH_AHEAD].d], 1);
            h[q[i].d]++;
        }
    } else {
        for (size_t i = 0; i < n; i++)
            m->proc[q[i].asid]->hist[q[i].d]++;
    }
    m->npend = 0;
}

/* Exact LRU: the write-back ranges of a reference of distance @d (COLD: first touch). */
static inline int track_writes(struct vmlab_mrc *m, struct proc *p, uint32_t id, uint64_t d,
                               uint8_t op, struct vmlab_error *err)
{
    if (!m->wmax) {
        if (op != VMLAB_OP_WRITE)
            return 0;
        /* before the first write every page is clean with every size */
        if (grow(&m->wmax, &m->wcap, (size_t)m->pm.count + 1, sizeof *m->wmax))
            return oom(err, "the write-back state");
        memset(m->wmax, 0xff, m->wcap * sizeof *m->wmax);
    }
    if (id >= m->wcap) {
        size_t old = m->wcap;
        if (grow(&m->wmax, &m->wcap, (size_t)id + 1, sizeof *m->wmax))
            return oom(err, "the write-back state");
        memset(m->wmax + old, 0xff, (m->wcap - old) * sizeof *m->wmax);
    }
    uint32_t mx = m->wmax[id];
    if (d != VMLAB_MRC_COLD && mx != CLEAN) {
        uint64_t lo = mx ? mx : 1;
        if (lo < d) {
            p->wb[lo]++;
            p->wb[d]--;
        }
    }
    if (op == VMLAB_OP_WRITE)
        m->wmax[id] = 0;
    else if (d == VMLAB_MRC_COLD)
        m->wmax[id] = CLEAN;
    else if (mx != CLEAN && d > mx)
        m->wmax[id] = (uint32_t)d;
    return 0;
}

/*
 * The start of every reference's work: the checks a simulation makes (and
 * its messages), the page key, a prefetch of a later reference's page-table
 * slot, the process's counters. Return: the process, or NULL with *rc set.
 */
__attribute__((always_inline)) static inline struct proc *
ref_begin(struct vmlab_mrc *m, const struct vmlab_ref *refs, size_t i, size_t n, uint64_t *key,
          int *rc, struct vmlab_error *err)
{
    const struct vmlab_ref *r = &refs[i];
    uint64_t page = r->addr >> m->shift;
    if (__builtin_expect(vmlab_ref_invalid(r, page), 0)) {
        *rc = vmlab_ref_error(r, page, m->refs, err);
        return NULL;
    }
    *key = vmlab_page_key(page, r->asid);
    if (i + PREFETCH_AHEAD < n) {
        const struct vmlab_ref *ahead = &refs[i + PREFETCH_AHEAD];
        pagemap_prefetch(&m->pm, vmlab_page_key((ahead->addr >> m->shift) & VMLAB_PAGE_LIMIT,
                                                ahead->asid & VMLAB_ASID_MAX));
    }
    struct proc *p = count_ref(m, r);
    if (!p) {
        *rc = oom(err, "process counters");
        return NULL;
    }
    m->refs++;
    return p;
}

static inline int lru_block(struct vmlab_mrc *m, const struct vmlab_ref *refs, size_t n,
                            bool sampled, bool fixed_size, bool record, struct vmlab_error *err)
{
    const bool writes = lru_tracks_writes(m);
    for (size_t i = 0; i < n; i++) {
        const struct vmlab_ref *r = &refs[i];
        uint64_t key;
        int rc;
        struct proc *p = ref_begin(m, refs, i, n, &key, &rc, err);
        if (!p)
            return rc;
        uint64_t h = 0;
        if (sampled) {
            h = page_hash(key, m->salt);
            if (h >= m->threshold)
                continue;
            if (fixed_size && !pagemap_find(&m->pm, key) && !sample_admit(m, h))
                continue;
        }
        uint64_t mask = m->pm.mask;
        bool fresh;
        struct pagemap_slot *s = pagemap_intern(&m->pm, key, &fresh);
        if (__builtin_expect(!s || m->pm.count >= MAX_PAGES, 0))
            return s ? vmlab_error_set(err, VMLAB_EINPUT, "more than 2^31 distinct pages")
                     : oom(err, "the page table");
        if (__builtin_expect(m->pm.mask != mask, 0))
            axis_rewho(m);
        uint64_t d;
        if (fresh) {
            d = VMLAB_MRC_COLD;
            m->live++;
            m->spages++;
        } else {
            uint32_t t0 = s->frame;
            d = m->live - axis_rank(m, t0) + 1;
            axis_unmark(m, t0);
        }
        if (__builtin_expect(m->now == m->cap, 0) && axis_compact(m, err))
            return err->code;
        axis_mark(m, m->now);
        m->who[m->now] = (uint32_t)(s - m->pm.slots);
        s->frame = m->now++;
        if (record && m->refs - 1 < m->ndist)
            m->dist[m->refs - 1] = d;
        if (count_distance(m, p, r->asid, d, sampled, err))
            return err->code;
        if (writes && track_writes(m, p, s->id, d, r->op, err))
            return err->code;
        if (fixed_size && fresh)
            sample_enter(m, key, h);
    }
    return 0;
}

/* OPT: the summary of superblock @sb, from its blocks'. */
static void opt_super(struct vmlab_mrc *m, uint32_t sb)
{
    uint32_t nblocks = (m->depth + OPT_BLOCK - 1) / OPT_BLOCK;
    uint32_t b0 = sb * OPT_SUPER, b1 = b0 + OPT_SUPER < nblocks ? b0 + OPT_SUPER : nblocks;
    uint64_t mn = UINT64_MAX, mx = 0;
    for (uint32_t b = b0; b < b1; b++) {
        mn = m->bmin[b] < mn ? m->bmin[b] : mn;
        mx = m->bmax[b] > mx ? m->bmax[b] : mx;
    }
    m->smin[sb] = mn;
    m->smax[sb] = mx;
}

/*
 * OPT: block @b's summary changed from minimum @omn and maximum @omx: its
 * superblock's, again from its blocks only when @b held its extreme and
 * moved away from it.
 */
static inline void opt_super_changed(struct vmlab_mrc *m, uint32_t b, uint64_t omn, uint64_t omx)
{
    uint32_t sb = b / OPT_SUPER;
    uint64_t mn = m->bmin[b], mx = m->bmax[b];
    if ((omn == m->smin[sb] && mn > omn) || (omx == m->smax[sb] && mx < omx)) {
        opt_super(m, sb);
        return;
    }
    m->smin[sb] = mn < m->smin[sb] ? mn : m->smin[sb];
    m->smax[sb] = mx > m->smax[sb] ? mx : m->smax[sb];
}

/* OPT: the summary of block @b of the stack: its exact minimum, maximum and whether it ascends. */
static void opt_block_summary(struct vmlab_mrc *m, uint32_t b)
{
    uint32_t lo = b * OPT_BLOCK, hi = lo + OPT_BLOCK < m->depth ? lo + OPT_BLOCK : m->depth;
    const uint64_t *v = m->snu;
    uint64_t mn = v[lo], mx = v[lo];
    unsigned desc = 0; /* pairs not ascending */
    for (uint32_t i = lo + 1; i < hi; i++) {
        mn = v[i] < mn ? v[i] : mn;
        mx = v[i] > mx ? v[i] : mx;
        desc |= v[i] <= v[i - 1];
    }
    m->bmin[b] = mn;
    m->bmax[b] = mx;
    m->basc[b] = !desc;
}

/* opt_block_summary, and its superblock's. */
static void opt_block_exact(struct vmlab_mrc *m, uint32_t b)
{
    uint64_t omn = m->bmin[b], omx = m->bmax[b];
    opt_block_summary(m, b);
    opt_super_changed(m, b, omn, omx);
}

/*
 * OPT: what an update changed, summarised once at its end (opt_settle): the
 * blocks a run covers in part, and the superblocks it covers in part, in
 * order down the stack. Until then their old summaries still serve the
 * update's scans: a run takes its largest value out and brings in one
 * smaller than all it moves, so each maximum stays a bound, and the page
 * itself never moves, so a minimum is still now exactly where it is.
 */
#define OPT_PENDING 32
struct opt_pending {
    uint32_t block[OPT_PENDING], super[OPT_PENDING];
    unsigned nblock, nsuper;
};

static void opt_settle(struct vmlab_mrc *m, struct opt_pending *p)
{
    for (unsigned k = 0; k < p->nblock; k++)
        opt_block_summary(m, p->block[k]);
    for (unsigned k = 0; k < p->nsuper; k++)
        opt_super(m, p->super[k]);
    p->nblock = p->nsuper = 0;
}

static inline void opt_pend(struct vmlab_mrc *m, struct opt_pending *p, uint32_t b)
{
    if (p->nblock == OPT_PENDING || p->nsuper == OPT_PENDING)
        opt_settle(m, p);
    if (!p->nblock || p->block[p->nblock - 1] != b)
        p->block[p->nblock++] = b;
    if (!p->nsuper || p->super[p->nsuper - 1] != b / OPT_SUPER)
        p->super[p->nsuper++] = b / OPT_SUPER;
}

/*
 * OPT: the summaries of the blocks over depths @i..@e-1, whose values just
 * moved down one (a run of records, now ascending). A block (or superblock)
 * wholly inside the run ascends: its first value is its minimum, its last
 * its maximum. The run's end blocks, and the superblocks it covers in part,
 * wait for opt_settle.
 */
static void opt_run_summaries(struct vmlab_mrc *m, struct opt_pending *p, uint32_t i, uint32_t e)
{
    const uint64_t *snu = m->snu;
    uint32_t lo = i / OPT_BLOCK, hi = (e - 1) / OPT_BLOCK;
    opt_pend(m, p, lo);
    for (uint32_t b = lo + 1; b < hi; b++) {
        m->bmin[b] = snu[b * OPT_BLOCK];
        m->bmax[b] = snu[b * OPT_BLOCK + OPT_BLOCK - 1];
        m->basc[b] = 1;
    }
    /* the superblocks between those of its end blocks: inside the run */
    for (uint32_t sb = lo / OPT_SUPER + 1; sb < hi / OPT_SUPER; sb++) {
        m->smin[sb] = snu[sb * OPT_SUPER * OPT_BLOCK];
        m->smax[sb] = snu[(sb + 1) * OPT_SUPER * OPT_BLOCK - 1];
    }
    opt_pend(m, p, hi);
}

/*
 * OPT: the reference at time @t moves its page (@fresh: a first touch, not in
 * the stack) to the top with next use @nu; the old top is carried down,
 * swapping at every later running maximum of next use, to the page's depth
 * index (the bottom for a first touch). Only next uses are kept: the pages'
 * identities are never needed. Return: the depth index (0-based).
 *
 * The swaps come in runs. Records in a row (each used later than the one
 * before: strictly ascending next uses) each take the previous one's depth,
 * the first the carried page's, and the last is carried on: one memmove.
 * The pages between two such runs (used before the carried one) stay where
 * they are, and a scan for the next record or the page itself skips every
 * block whose maximum is at most the carried value and whose minimum is not
 * @t (the page is the one whose next use is @t: no other page's is). On
 * Zipf traces the records are hundreds a reference and the runs a few.
 */
static inline uint32_t opt_update(struct vmlab_mrc *m, uint64_t t, bool fresh, uint64_t nu)
{
    uint64_t *snu = m->snu, *bmin = m->bmin, *bmax = m->bmax;
    uint8_t *basc = m->basc;
    uint32_t depth = m->depth, d = depth;
    uint64_t cv = snu[0];
    if (!fresh && cv == t) { /* on top already */
        snu[0] = nu;
        opt_block_exact(m, 0);
        return 0;
    }
    struct opt_pending pend = {.nblock = 0};
    if (depth) {
        uint32_t i = 1;
        for (;;) {
            /* records in a row from depth i: each moves down one, the last is carried */
            uint32_t e = i;
            for (uint64_t prev = cv; e < depth && snu[e] > prev;) {
                uint32_t b = e / OPT_BLOCK;
                if (e % OPT_BLOCK == 0 && basc[b]) { /* the whole block: records */
                    e = (b + 1) * OPT_BLOCK < depth ? (b + 1) * OPT_BLOCK : depth;
                    prev = bmax[b]; /* (it ascends: its last) */
                } else {
                    prev = snu[e++];
                }
            }
            if (e > i) {
                uint64_t out = snu[e - 1];
                memmove(&snu[i + 1], &snu[i], (size_t)(e - 1 - i) * sizeof *snu);
                snu[i] = cv;
                cv = out;
                opt_run_summaries(m, &pend, i, e);
                i = e;
            }
            if (i == depth || (fresh && cv == VMLAB_NEVER))
                break; /* (nothing passes a page never used again) */
            /* pages used before the carried one stay: up to the next record or the page */
            uint64_t v = 0;
            while (i < depth) {
                uint32_t sb = i / (OPT_BLOCK * OPT_SUPER);
                if (m->smax[sb] <= cv && (fresh || m->smin[sb] != t)) {
                    uint32_t send = (sb + 1) * OPT_BLOCK * OPT_SUPER;
                    i = send < depth ? send : depth;
                    continue;
                }
                uint32_t b = i / OPT_BLOCK;
                uint32_t end = (b + 1) * OPT_BLOCK < depth ? (b + 1) * OPT_BLOCK : depth;
                if (bmax[b] <= cv && (fresh || bmin[b] != t)) {
                    i = end;
                    continue;
                }
                /* v > cv or v == t in one test: every next use is above t but the page's, so
                   v - (t + 1) wraps for it alone (cv > t) */
                const uint64_t lim = cv - t;
                for (; i + 4 <= end; i += 4) {
                    const uint64_t *q = &snu[i];
                    if ((q[0] - t - 1 >= lim) | (q[1] - t - 1 >= lim) | (q[2] - t - 1 >= lim) |
                        (q[3] - t - 1 >= lim))
                        break;
                }
                for (; i < end; i++) {
                    v = snu[i];
                    if (v - t - 1 >= lim)
                        goto stop;
                }
            }
        stop:
            if (i == depth)
                break;
            if (!fresh && v == t) {
                d = i;
                goto found;
            }
        }
        assert(fresh); /* a page of the stack is found above its bottom */
    found:
        snu[d] = cv;
    }
    if (d == depth) { /* the new bottom: its block's and superblock's summaries take it in */
        uint32_t b = d / OPT_BLOCK;
        if (d % OPT_BLOCK == 0) {
            bmin[b] = bmax[b] = cv;
            basc[b] = 1;
        }
        uint64_t omn = bmin[b], omx = bmax[b];
        basc[b] &= d % OPT_BLOCK == 0 || cv > snu[d - 1];
        bmin[b] = cv < bmin[b] ? cv : bmin[b];
        bmax[b] = cv > bmax[b] ? cv : bmax[b];
        m->depth++;
        if (d % (OPT_BLOCK * OPT_SUPER) == 0)
            m->smin[b / OPT_SUPER] = m->smax[b / OPT_SUPER] = cv;
        else
            opt_super_changed(m, b, omn, omx);
    } else {
        opt_pend(m, &pend, d / OPT_BLOCK); /* (below every run) */
    }
    snu[0] = nu;
    bool top = pend.nblock && pend.block[0] == 0;
    opt_settle(m, &pend);
    if (!top)
        opt_block_exact(m, 0);
    return d;
}

/* Room for one more page in the OPT stack. Return: 0, or -1 when out of memory. */
static int opt_reserve(struct vmlab_mrc *m)
{
    if (m->depth < m->scap)
        return 0;
    size_t cap = m->scap, c2 = m->bcap, c3 = m->bcap, c4 = m->bcap, c5 = m->sbcap, c6 = m->sbcap;
    if (grow(&m->snu, &cap, (size_t)m->depth + 1, sizeof *m->snu) ||
        grow(&m->bmin, &c2, cap / OPT_BLOCK + 1, sizeof *m->bmin) ||
        grow(&m->bmax, &c3, cap / OPT_BLOCK + 1, sizeof *m->bmax) ||
        grow(&m->basc, &c4, cap / OPT_BLOCK + 1, sizeof *m->basc) ||
        grow(&m->smin, &c5, cap / OPT_BLOCK / OPT_SUPER + 1, sizeof *m->smin) ||
        grow(&m->smax, &c6, cap / OPT_BLOCK / OPT_SUPER + 1, sizeof *m->smax))
        return -1;
    m->scap = cap;
    m->bcap = c2;
    m->sbcap = c5;
    return 0;
}

static inline int opt_block(struct vmlab_mrc *m, const struct vmlab_ref *refs, size_t n,
                            const uint64_t *next, bool sampled, bool record,
                            struct vmlab_error *err)
{
    for (size_t i = 0; i < n; i++) {
        const struct vmlab_ref *r = &refs[i];
        uint64_t key;
        int rc;
        struct proc *p = ref_begin(m, refs, i, n, &key, &rc, err);
        if (!p)
            return rc;
        if (sampled && page_hash(key, m->salt) >= m->threshold)
            continue;
        bool fresh;
        struct pagemap_slot *s = pagemap_intern(&m->pm, key, &fresh);
        if (__builtin_expect(!s || m->pm.count >= MAX_PAGES, 0))
            return s ? vmlab_error_set(err, VMLAB_EINPUT, "more than 2^31 distinct pages")
                     : oom(err, "the page table");
        if (fresh) {
            if (opt_reserve(m))
                return oom(err, "the OPT stack");
            m->spages++;
        }
        uint32_t d = opt_update(m, m->refs - 1, fresh, next[i]);
        uint64_t dist = fresh ? VMLAB_MRC_COLD : (uint64_t)d + 1;
        if (record && m->refs - 1 < m->ndist)
            m->dist[m->refs - 1] = dist;
        if (count_distance(m, p, r->asid, dist, sampled, err))
            return err->code;
    }
    return 0;
}

/* One block through the pass of @m; @next: this block's next-use times (OPT). */
static int run_block(struct vmlab_mrc *m, const struct vmlab_ref *buf, size_t k,
                     const uint64_t *next, struct vmlab_error *err)
{
    bool sampled = m->sampling != VMLAB_MRC_EXACT, record = m->dist != NULL;
    int rc;
    if (m->algo == VMLAB_MRC_OPT)
        rc = sampled  ? opt_block(m, buf, k, next, true, false, err)
             : record ? opt_block(m, buf, k, next, false, true, err)
                      : opt_block(m, buf, k, next, false, false, err);
    else if (m->sampling == VMLAB_MRC_FIXED_SIZE)
        rc = lru_block(m, buf, k, true, true, false, err);
    else
        rc = sampled  ? lru_block(m, buf, k, true, false, false, err)
             : record ? lru_block(m, buf, k, false, false, true, err)
                      : lru_block(m, buf, k, false, false, false, err);
    flush_pending(m);
    return rc;
}

/* ---- the end of the pass ---- */

/* LRU: each page's depth at the end, and the write-back of its last eviction. */
static int lru_end(struct vmlab_mrc *m, struct vmlab_error *err)
{
    uint64_t depth = 0;
    /* the marks from the newest down: depth 1, 2, ... */
    for (uint32_t w = (m->now + 63) >> 6; w-- > 0;)
        for (uint64_t word = m->bits[w]; word;) {
            unsigned b = 63 - (unsigned)__builtin_clzll(word);
            word &= ~(UINT64_C(1) << b);
            uint32_t j = m->who[(w << 6) | b];
            depth++;
            const struct pagemap_slot *s = &m->pm.slots[j];
            struct proc *p = m->proc[vmlab_page_key_asid(s->key)];
            if (proc_reserve(m, p, depth))
                return oom(err, "the end-depth histogram");
            p->endpos[depth]++;
            uint32_t mx = m->wmax && s->id < m->wcap ? m->wmax[s->id] : CLEAN;
            uint64_t lo = mx ? mx : 1;
            if (mx != CLEAN && lo < depth) {
                p->wb[lo]++;
                p->wb[depth]--;
            }
        }
    return 0;
}

static void cumulate(uint64_t *a, size_t n)
{
    for (size_t i = 1; i < n; i++)
        a[i] += a[i - 1];
}

static int finish(struct vmlab_mrc *m, struct vmlab_error *err)
{
    if (m->sampling == VMLAB_MRC_EXACT && m->algo == VMLAB_MRC_LRU && lru_end(m, err))
        return err->code;
    for (uint32_t a = 0; a <= VMLAB_ASID_MAX; a++) {
        struct proc *p = m->proc[a];
        if (!p)
            continue;
        cumulate(p->hist, p->cap);
        if (p->wb)
            cumulate(p->wb, p->cap);
        if (p->endpos)
            cumulate(p->endpos, p->cap);
    }
    if (m->sampling != VMLAB_MRC_EXACT) {
        /*
         * SHARDS_adj: the expected sampled weight minus the actual, as hits at
         * the smallest distance. Each reference is sampled with the rate of
         * its time, R_t, and a sample then weighs R / R_t in units of the final
         * rate R, so N R is expected; raw weights are these divided by scale.
         */
        double raw = m->wcold;
        if (grow(&m->whist, &m->whcap, 2, sizeof *m->whist))
            return oom(err, "the sampled histogram");
        for (size_t i = 1; i < m->whcap; i++)
            raw += m->whist[i];
        m->whist[1] += (double)m->refs * m->rate / m->scale - raw;
        for (size_t i = 1; i < m->whcap; i++)
            m->whist[i] += m->whist[i - 1];
    }
    size_t bytes = (size_t)(m->pm.mask + 1) * sizeof *m->pm.slots +
                   (m->who ? (size_t)m->cap * 4 + m->cap / 8 + m->cap / 16 : 0) +
                   m->wcap * sizeof *m->wmax + m->scap * 8 + m->bcap * 16 + m->nnext * 8 +
                   m->whcap * sizeof *m->whist;
    for (uint32_t a = 0; a <= VMLAB_ASID_MAX; a++)
        if (m->proc[a])
            bytes += sizeof(struct proc) +
                     m->proc[a]->cap * 8 * (1 + !!m->proc[a]->wb + !!m->proc[a]->endpos);
    m->peak = bytes;
    m->finished = true;
    return 0;
}

/* ---- entry points ---- */

void vmlab_mrc_free(struct vmlab_mrc *m)
{
    if (!m)
        return;
    pagemap_free(&m->pm);
    for (uint32_t a = 0; a <= VMLAB_ASID_MAX; a++)
        proc_free(m->proc[a]);
    free(m->bits);
    free(m->wsum);
    free(m->who);
    free(m->wmax);
    free(m->snu);
    free(m->bmin);
    free(m->bmax);
    free(m->basc);
    free(m->smin);
    free(m->smax);
    free(m->next);
    free(m->whist);
    if (m->sfree)
        heap_free(&m->sheap);
    free(m->skey);
    free(m->sfree);
    free(m);
}

static int check_config(const struct vmlab_mrc_config *cfg, struct vmlab_error *err)
{
    if (cfg->algo != VMLAB_MRC_LRU && cfg->algo != VMLAB_MRC_OPT)
        return vmlab_error_set(err, VMLAB_EINPUT, "miss-ratio curves: unknown algorithm %d",
                               cfg->algo);
    if (!cfg->page_size || (cfg->page_size & (cfg->page_size - 1)))
        return vmlab_error_set(err, VMLAB_EINPUT, "page size must be a power of two, got %llu",
                               (unsigned long long)cfg->page_size);
    if (cfg->sampling == VMLAB_MRC_FIXED_RATE && !(cfg->rate > 0 && cfg->rate <= 1))
        return vmlab_error_set(err, VMLAB_EINPUT, "sampling rate must be in (0, 1], got %g",
                               cfg->rate);
    if (cfg->sampling == VMLAB_MRC_FIXED_SIZE) {
        if (cfg->max_pages < 1)
            return vmlab_error_set(err, VMLAB_EINPUT, "sample size must be at least 1 page");
        if (cfg->algo != VMLAB_MRC_LRU)
            return vmlab_error_set(err, VMLAB_EINPUT,
                                   "fixed-size sampling applies to LRU curves (use a fixed "
                                   "rate for OPT)");
    }
    if (cfg->sampling < VMLAB_MRC_EXACT || cfg->sampling > VMLAB_MRC_FIXED_SIZE)
        return vmlab_error_set(err, VMLAB_EINPUT, "miss-ratio curves: unknown sampling %d",
                               cfg->sampling);
    return 0;
}

/* A curve of @cfg for references of unit @unit, before its first reference. Return: 0 or < 0. */
static int mrc_new(struct vmlab_mrc **out, const struct vmlab_mrc_config *cfg,
                   enum vmlab_unit unit, struct vmlab_error *err)
{
    *out = NULL;
    int rc = check_config(cfg, err);
    if (rc)
        return rc;
    struct vmlab_mrc *m = calloc(1, sizeof *m);
    if (!m || pagemap_init(&m->pm, 0)) {
        vmlab_mrc_free(m);
        return oom(err, "a miss-ratio curve");
    }
    m->algo = cfg->algo;
    m->sampling = cfg->sampling;
    m->shift = vmlab_page_shift(unit, cfg->page_size);
    m->scale = 1.0;
    m->salt = (cfg->seed + 1) * UINT64_C(0x9E3779B97F4A7C15);
    if (cfg->sampling == VMLAB_MRC_EXACT) {
        m->dist = cfg->distances;
        m->ndist = cfg->distances ? cfg->ndistances : 0;
    }
    if (cfg->sampling == VMLAB_MRC_FIXED_RATE)
        set_threshold(m,
                      cfg->rate >= 1 ? (uint64_t)HASH_SPACE : (uint64_t)(cfg->rate * HASH_SPACE));
    else
        set_threshold(m, (uint64_t)HASH_SPACE);
    if (cfg->sampling == VMLAB_MRC_FIXED_SIZE) {
        m->max_pages = cfg->max_pages;
        uint32_t nodes = cfg->max_pages + 1;
        m->skey = malloc((size_t)nodes * sizeof *m->skey);
        m->sfree = malloc((size_t)nodes * sizeof *m->sfree);
        if (!m->skey || !m->sfree || heap_init(&m->sheap, nodes)) {
            free(m->sfree);
            m->sfree = NULL;
            rc = oom(err, "the sample");
        }
        for (uint32_t i = 0; !rc && i < nodes; i++)
            m->sfree[m->nfree++] = nodes - 1 - i;
    }
    if (!rc && m->algo == VMLAB_MRC_LRU && axis_init(m))
        rc = oom(err, "the LRU time axis");
    if (rc) {
        vmlab_mrc_free(m);
        return rc;
    }
    *out = m;
    return 0;
}

int vmlab_mrc_begin(struct vmlab_mrc **out, const struct vmlab_mrc_config *cfg,
                    enum vmlab_unit unit, struct vmlab_error *err)
{
    if (cfg->algo == VMLAB_MRC_OPT) {
        *out = NULL;
        return vmlab_error_set(err, VMLAB_EINPUT,
                               "an OPT curve needs every reference's next use: compute it from "
                               "a stream (vmlab_mrc_compute)");
    }
    return mrc_new(out, cfg, unit, err);
}

int vmlab_mrc_add(struct vmlab_mrc *m, const struct vmlab_ref *refs, size_t n,
                  struct vmlab_error *err)
{
    assert(!m->finished && m->algo == VMLAB_MRC_LRU);
    return run_block(m, refs, n, NULL, err);
}

int vmlab_mrc_end(struct vmlab_mrc *m, struct vmlab_error *err)
{
    assert(!m->finished);
    return finish(m, err);
}

int vmlab_mrc_compute(struct vmlab_mrc **out, const struct vmlab_mrc_config *cfg,
                      struct vmlab_stream *in, struct vmlab_error *err)
{
    struct vmlab_mrc *m;
    int rc = mrc_new(&m, cfg, in->unit, err);
    if (rc) {
        *out = NULL;
        return rc;
    }
    struct vmlab_ref *buf = malloc(VMLAB_BLOCK_REFS * sizeof *buf);
    if (!buf)
        rc = oom(err, "a miss-ratio curve");
    if (!rc && m->algo == VMLAB_MRC_OPT)
        rc = vmlab_next_uses(in, cfg->page_size, buf, &m->next, &m->nnext, err);
    size_t done = 0;
    while (!rc) {
        const struct vmlab_ref *block;
        long k = vmlab_next_block(in, buf, done, m->next, m->nnext, &block, err);
        if (k <= 0) {
            rc = (int)k;
            break;
        }
        rc = run_block(m, block, (size_t)k, m->next ? m->next + done : NULL, err);
        done += (size_t)k;
    }
    free(buf);
    if (!rc)
        rc = finish(m, err);
    free(m->next); /* the pass is over: only the histograms are needed */
    m->next = NULL;
    if (rc) {
        vmlab_mrc_free(m);
        m = NULL;
    }
    *out = m;
    return rc;
}

size_t vmlab_mrc_distances(const struct vmlab_mrc *m, uint64_t **hist)
{
    assert(m->finished && m->sampling == VMLAB_MRC_EXACT);
    size_t cap = 1;
    for (uint32_t a = 0; a <= VMLAB_ASID_MAX; a++)
        if (m->proc[a] && m->proc[a]->cap > cap)
            cap = m->proc[a]->cap;
    uint64_t *h = calloc(cap, sizeof *h);
    if (!h) {
        *hist = NULL;
        return 0;
    }
    for (uint32_t a = 0; a <= VMLAB_ASID_MAX; a++) {
        const struct proc *p = m->proc[a];
        for (size_t d = 1; p && d < p->cap; d++)
            h[d] += p->hist[d] - p->hist[d - 1];
    }
    *hist = h;
    return cap;
}

uint64_t vmlab_mrc_refs(const struct vmlab_mrc *m)
{
    return m->refs;
}

/* Sampled: the estimated fraction of references with scaled distance > @frames (or cold). */
static double sampled_miss_ratio(const struct vmlab_mrc *m, uint64_t frames)
{
    double total = (m->whcap ? m->whist[m->whcap - 1] : 0) + m->wcold;
    if (total <= 0)
        return 0;
    double hits = m->whcap ? m->whist[frames < m->whcap ? frames : m->whcap - 1] : 0;
    double mr = (total - hits) / total;
    return mr < 0 ? 0 : mr > 1 ? 1 : mr;
}

static uint64_t sampled_estimate(const struct vmlab_mrc *m, double fraction)
{
    double v = nearbyint(fraction * (double)m->refs);
    return v < 0 ? 0 : v > (double)m->refs ? m->refs : (uint64_t)v;
}

uint64_t vmlab_mrc_pages(const struct vmlab_mrc *m)
{
    if (m->sampling != VMLAB_MRC_EXACT) {
        double total = (m->whcap ? m->whist[m->whcap - 1] : 0) + m->wcold;
        return total > 0 ? sampled_estimate(m, m->wcold / total) : 0;
    }
    return m->pm.count;
}

uint64_t vmlab_mrc_histogram(const struct vmlab_mrc *m, uint64_t d)
{
    if (m->sampling != VMLAB_MRC_EXACT) {
        double v = d == VMLAB_MRC_COLD ? m->wcold * m->scale
                   : d < m->whcap      ? (m->whist[d] - m->whist[d - 1]) * m->scale
                                       : 0;
        return v > 0 ? (uint64_t)nearbyint(v) : 0;
    }
    uint64_t n = 0;
    for (uint32_t a = 0; a <= VMLAB_ASID_MAX; a++) {
        const struct proc *p = m->proc[a];
        if (!p)
            continue;
        if (d == VMLAB_MRC_COLD)
            n += p->cold;
        else if (d < p->cap)
            n += p->hist[d] - p->hist[d - 1];
    }
    return n;
}

double vmlab_mrc_miss_ratio(const struct vmlab_mrc *m, uint64_t frames)
{
    if (m->sampling != VMLAB_MRC_EXACT)
        return sampled_miss_ratio(m, frames);
    uint64_t hits = 0;
    for (uint32_t a = 0; a <= VMLAB_ASID_MAX; a++)
        if (m->proc[a])
            hits += at(m->proc[a]->hist, m->proc[a]->cap, frames);
    return m->refs ? (double)(m->refs - hits) / (double)m->refs : 0.0;
}

/* The counters of process @p (or, with a NULL @p, the sampled totals) with @frames frames. */
static void proc_metrics(const struct vmlab_mrc *m, const struct proc *p, uint64_t frames,
                         struct vmlab_metrics *x)
{
    memset(x, 0, sizeof *x);
    const uint64_t *ops = p->ops;
    x->refs = ops[0] + ops[1] + ops[2];
    x->reads = ops[VMLAB_OP_READ];
    x->writes = ops[VMLAB_OP_WRITE];
    x->ifetches = ops[VMLAB_OP_IFETCH];
    x->hits = at(p->hist, p->cap, frames);
    x->faults = x->refs - x->hits;
    x->compulsory_faults = p->cold;
    x->major_faults = x->faults - p->cold;
    if (p->endpos)
        x->evictions = x->faults - at(p->endpos, p->cap, frames);
    if (p->wb)
        x->writebacks = at(p->wb, p->cap, frames);
}

static void add_metrics(struct vmlab_metrics *t, const struct vmlab_metrics *x)
{
    t->refs += x->refs;
    t->hits += x->hits;
    t->faults += x->faults;
    t->compulsory_faults += x->compulsory_faults;
    t->major_faults += x->major_faults;
    t->evictions += x->evictions;
    t->writebacks += x->writebacks;
    t->reads += x->reads;
    t->writes += x->writes;
    t->ifetches += x->ifetches;
}

int vmlab_mrc_result(const struct vmlab_mrc *m, uint32_t frames, struct vmlab_sim_result *out)
{
    memset(out, 0, sizeof *out);
    bool sampled = m->sampling != VMLAB_MRC_EXACT;
    out->procs = calloc(m->nprocs && !sampled ? m->nprocs : 1, sizeof *out->procs);
    if (!out->procs)
        return VMLAB_ESYSTEM;
    struct vmlab_metrics *t = &out->total;
    for (uint32_t a = 0; a <= VMLAB_ASID_MAX; a++) {
        const struct proc *p = m->proc[a];
        if (!p)
            continue;
        struct vmlab_metrics x;
        proc_metrics(m, p, frames, &x);
        add_metrics(t, &x);
        if (sampled)
            continue;
        if (m->algo == VMLAB_MRC_OPT)
            x.evictions = m->nprocs == 1 && x.faults > frames ? x.faults - frames : 0;
        struct vmlab_proc_metrics *pm = &out->procs[out->nprocs++];
        pm->asid = a;
        pm->m = x;
    }
    uint64_t resident = m->pm.count < frames ? m->pm.count : frames;
    if (sampled) {
        double mr = sampled_miss_ratio(m, frames);
        uint64_t pages = vmlab_mrc_pages(m);
        t->faults = sampled_estimate(m, mr);
        t->hits = t->refs - t->faults;
        t->compulsory_faults = pages < t->faults ? pages : t->faults;
        t->major_faults = t->faults - t->compulsory_faults;
        resident = pages < frames ? pages : frames;
    }
    if (m->algo == VMLAB_MRC_OPT || sampled)
        t->evictions = t->faults > resident ? t->faults - resident : 0;
    return 0;
}

static const char *const none[] = {NULL};
static const char *const wb_only[] = {"writebacks", NULL};
static const char *const ev_wb[] = {"evictions", "writebacks", NULL};
static const char *const all_counters[] = {
    "refs",       "hits",  "faults", "compulsory_faults", "major_faults", "evictions", "writebacks",
    "shootdowns", "reads", "writes", "ifetches",          "fault_ratio",  "hit_ratio", NULL,
};
static const char *const estimates[] = {
    "hits",      "faults",      "compulsory_faults", "major_faults",
    "evictions", "fault_ratio", "hit_ratio",         NULL,
};

const char *const *vmlab_mrc_absent(const struct vmlab_mrc *m, bool per_process)
{
    if (m->sampling != VMLAB_MRC_EXACT)
        return per_process ? all_counters : wb_only;
    if (m->algo == VMLAB_MRC_LRU)
        return none;
    if (per_process && m->nprocs > 1)
        return ev_wb;
    return m->writes ? wb_only : none;
}

const char *const *vmlab_mrc_estimated(const struct vmlab_mrc *m)
{
    return m->sampling != VMLAB_MRC_EXACT ? estimates : none;
}

uint64_t vmlab_mrc_sampled_refs(const struct vmlab_mrc *m)
{
    return m->sampling != VMLAB_MRC_EXACT ? m->srefs : m->refs;
}

uint64_t vmlab_mrc_sampled_pages(const struct vmlab_mrc *m)
{
    return m->sampling != VMLAB_MRC_EXACT ? m->spages : m->pm.count;
}

double vmlab_mrc_rate(const struct vmlab_mrc *m)
{
    return m->sampling != VMLAB_MRC_EXACT ? m->rate : 1.0;
}

double vmlab_mrc_mae(const struct vmlab_mrc *a, const struct vmlab_mrc *b, const uint64_t *frames,
                     size_t n)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += fabs(vmlab_mrc_miss_ratio(a, frames[i]) - vmlab_mrc_miss_ratio(b, frames[i]));
    return n ? sum / (double)n : 0.0;
}

size_t vmlab_mrc_bytes(const struct vmlab_mrc *m)
{
    return m->peak;
}
