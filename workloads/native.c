/*
 * native.c - vmlab's own trace format (read and write): blocks of
 * references, each delta-encoded, split into columns and compressed with
 * zstd, each checksummed; an index of the blocks at the end for seeking.
 * Specified for other readers in docs/traces.md ("The native format").
 *
 * All integers are little-endian. A file is a header, blocks, the index
 * and a footer:
 *
 *   header   0  8  magic 89 56 4d 54 0d 0a 1a 0a ("\x89VMT\r\n\x1a\n")
 *            8  2  major version (1: readers refuse any other)
 *           10  2  minor version (0; a higher minor only adds what readers may ignore)
 *           12  4  header_len: bytes of the header, checksum included
 *           16  1  unit: 0 page numbers, 1 byte addresses
 *           17  1  flags (0)      18  2  reserved (0)
 *           20  4  block_refs: most references a block holds (1..2^20)
 *           24  8  page_size: bytes, a power of two (the traced machine's)
 *           32  4  nmeta, then nmeta x { u32 key_len, key, u32 value_len, value } (UTF-8)
 *   header_len-8  8  XXH64 (seed 0) of header bytes [0, header_len - 8)
 *
 *   block    0  4  "VBLK"
 *            4  4  n: references (1..block_refs)
 *            8  4  raw_len: bytes of the payload once decompressed
 *           12  4  zlen: bytes of the compressed payload after this 40-byte header
 *           16  8  base: address of the block's first reference
 *           24  1  w: bytes per address delta (0..8)
 *           25  1  columns: bit 0 op, bit 1 asid, bit 2 size (others 0)
 *           26  1  op when it has no column        27  1  shift (0..63)
 *           28  2  asid when it has no column      30  2  size when it has no column
 *           32  8  XXH64(payload, seed = XXH64(bytes 0..31 of this header, seed 0))
 *           40  zlen  one zstd frame; decompressed (raw_len bytes):
 *                 w planes of n bytes: plane k holds byte k of every zigzag delta
 *                               d[i] = zigzag((addr[i] >> shift) - (addr[i-1] >> shift)),
 *                               addr[-1] = base (so d[0] = 0)
 *                 n bytes       op       (with column bit 0)
 *                 n x 2 bytes   asid     (with column bit 1)
 *                 n x 2 bytes   size     (with column bit 2)
 *
 *   index    0  4  "VIDX"   4  4  reserved (0)   8  8  nblocks
 *           16  nblocks x { u64 offset of the block, u64 number of its first reference }
 *            ..  8  XXH64 (seed 0) of the index bytes before it
 *   footer   0  8  offset of the index   8  8  references in all
 *           16  8  XXH64 (seed 0) of footer bytes 0..15
 *           24  8  89 56 4d 54 45 4e 44 0a ("\x89VMTEND\n")
 *
 * zigzag(d) = (d << 1) ^ (d >> 63) (arithmetic shift) maps small deltas of
 * either sign to small numbers; w is the fewest bytes that hold the
 * block's largest; shift is the number of low zero bits every address of
 * the block has (12 for page-aligned byte addresses), which the deltas do
 * without. A sequential scan needs one byte a reference before zstd, a
 * constant stride none at all (w = 0 when all deltas are 0). Bytes of equal
 * weight sit together in planes, which zstd compresses better and decodes
 * faster than interleaved deltas.
 *
 * Decoding runs at memory speed: a block is decompressed once (the zstd
 * context reused) into a scratch buffer, then each read decodes straight
 * into the caller's block: one branch-free loop, compiled once per width w
 * (its w plane loads unrolled), sums the deltas into addresses and writes
 * whole references; op/asid/size columns, when
 * present, are patched in by their own loops, and validated once per block.
 *
 * Errors name the file and byte offset: a bad checksum, a version this
 * reader does not know, a truncated file (a seekable file's footer is read
 * at open, so truncation is found before the first reference; a pipe's at
 * the point it ends).
 *
 * Writer parameters: block_refs (65536), level (zstd level, 3).
 */
#include <config.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include <vmlab/input.h>
#include <vmlab/trace.h>
#include <vmlab/workload.h>

#include "core/output.h"
#include "core/xxh64.h"

#define MAGIC "\x89VMT\r\n\x1a\n"
#define END_MAGIC "\x89VMTEND\n"
#define MAJOR 1
#define MINOR 0
#define HDR_FIXED 36       /* header bytes before the metadata */
#define HDR_MAX (1u << 20) /* largest header a reader accepts */
#define BLK_HDR 40
#define IDX_HDR 16
#define FOOTER 32
#define BLOCK_REFS_MAX (1u << 20)
#define COL_OP 1u
#define COL_ASID 2u
#define COL_SIZE 4u
#define REF_BYTES_MAX 13 /* raw payload bytes a reference can take: 8 + 1 + 2 + 2 */

/*
 * Whether stored checksum @stored matches @computed. Fuzzing builds (make
 * fuzz) accept any, so that the fuzzer reaches the decoding behind them.
 */
static inline bool sum_ok(uint64_t stored, uint64_t computed)
{
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
    (void)stored, (void)computed;
    return true;
#else
    return stored == computed;
#endif
}

/* ---- little-endian fields ---- */

static inline uint64_t get_le(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static inline void put_le(uint8_t *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static inline uint16_t load16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint64_t zigzag(uint64_t d)
{
    return (d << 1) ^ (0 - (d >> 63)); /* all ones when d is negative: no signed shift */
}

static inline uint64_t unzigzag(uint64_t z)
{
    return (z >> 1) ^ (0 - (z & 1));
}

/* ---- the reader ---- */

struct block_entry {
    uint64_t offset; /* of the block's header */
    uint64_t first;  /* number of its first reference */
};

struct native {
    struct vmlab_input *in; /* owned */
    const char *name;
    enum vmlab_unit unit;
    uint32_t block_refs;
    uint64_t header_len; /* = offset of the first block */
    /* the index (read at open when the input can seek) */
    bool indexed;
    struct block_entry *index;
    uint64_t nblocks, total, index_offset;
    /* decoding */
    ZSTD_DCtx *dctx;
    uint8_t *z; /* compressed payload */
    size_t zcap;
    uint8_t *raw; /* decompressed payload */
    size_t rawcap;
    /* the current block */
    uint64_t blocks_read; /* blocks loaded so far */
    uint64_t block_off;   /* offset of the current block */
    uint64_t first;       /* number of its first reference */
    uint32_t n, i;        /* its references; the next to hand out */
    unsigned w;           /* delta planes */
    unsigned shift;       /* low zero bits of every address */
    uint64_t prev;        /* address of reference i - 1, >> shift (base before the first) */
    const uint8_t *deltas, *ops, *asids, *sizes; /* columns (NULL: constant) */
    struct vmlab_ref tmpl;                       /* asid, size, op of references without columns */
    bool at_end;                                 /* the index was reached */
};

/* Read exactly @n bytes at the current offset; a short read is a truncation. */
static int read_exact(struct native *x, void *dst, size_t n, const char *what,
                      struct vmlab_error *err)
{
    uint64_t off = vmlab_input_offset(x->in);
    long k = vmlab_input_read(x->in, dst, n, err);
    if (k < 0)
        return (int)k;
    if ((size_t)k < n)
        return vmlab_input_error(x->in, err, off + (uint64_t)k,
                                 "truncated: the file ends inside %s (%zu of its %zu bytes, "
                                 "starting at byte %llu)",
                                 what, (size_t)k, n, (unsigned long long)off);
    return 0;
}

static int grow(uint8_t **buf, size_t *cap, size_t need, struct vmlab_error *err)
{
    if (need < 1)
        need = 1;
    if (need <= *cap)
        return 0;
    uint8_t *nb = realloc(*buf, need);
    if (!nb)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    *buf = nb;
    *cap = need;
    return 0;
}

static int read_header(struct native *x, struct vmlab_meta *m, struct vmlab_error *err)
{
    uint8_t fixed[HDR_FIXED];
    long k = vmlab_input_read(x->in, fixed, sizeof fixed, err);
    if (k < 0)
        return (int)k;
    if (k < 8 || memcmp(fixed, MAGIC, 8))
        return vmlab_input_error(x->in, err, 0, "not a vmlab native trace (no magic bytes)");
    unsigned major = (unsigned)get_le(fixed + 8, 2), minor = (unsigned)get_le(fixed + 10, 2);
    if (major != MAJOR)
        return vmlab_input_error(x->in, err, 8,
                                 "native format version %u.%u; this vmlab reads version %u.x "
                                 "(written by %s vmlab?)",
                                 major, minor, MAJOR, major > MAJOR ? "a newer" : "another");
    if (k < HDR_FIXED)
        return vmlab_input_error(x->in, err, (uint64_t)k,
                                 "truncated: the file ends inside the header");
    uint64_t hlen = get_le(fixed + 12, 4);
    if (hlen < HDR_FIXED + 8 || hlen > HDR_MAX)
        return vmlab_input_error(x->in, err, 12, "header length %llu, expected %u..%u bytes",
                                 (unsigned long long)hlen, HDR_FIXED + 8, HDR_MAX);
    uint8_t *h = malloc(hlen);
    if (!h)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    memcpy(h, fixed, HDR_FIXED);
    int rc = read_exact(x, h + HDR_FIXED, hlen - HDR_FIXED, "the header", err);
    uint64_t sum = rc ? 0 : vmlab_xxh64(h, hlen - 8, 0);
    if (!rc && !sum_ok(get_le(h + hlen - 8, 8), sum))
        rc =
            vmlab_input_error(x->in, err, hlen - 8,
                              "header checksum mismatch (stored %016llx, computed %016llx): "
                              "the file is corrupt",
                              (unsigned long long)get_le(h + hlen - 8, 8), (unsigned long long)sum);
    if (!rc && h[16] > 1)
        rc = vmlab_input_error(x->in, err, 16, "unit %u, expected 0 (page) or 1 (byte)", h[16]);
    if (!rc && (h[17] || h[18] || h[19]))
        rc = vmlab_input_error(x->in, err, 17, "reserved header bytes are not zero");
    uint64_t br = get_le(h + 20, 4), ps = get_le(h + 24, 8), nmeta = get_le(h + 32, 4);
    if (!rc && (br < 1 || br > BLOCK_REFS_MAX))
        rc = vmlab_input_error(x->in, err, 20, "block_refs %llu, expected 1..%u",
                               (unsigned long long)br, BLOCK_REFS_MAX);
    if (!rc && (!ps || (ps & (ps - 1))))
        rc = vmlab_input_error(x->in, err, 24, "page size %llu is not a power of two",
                               (unsigned long long)ps);
    size_t p = HDR_FIXED, end = hlen - 8;
    for (uint64_t i = 0; !rc && i < nmeta; i++) {
        size_t left = end - p; /* p <= end always */
        uint64_t kl = left >= 8 ? get_le(h + p, 4) : UINT64_MAX;
        uint64_t vl = left >= 8 && kl <= left - 8 ? get_le(h + p + 4 + kl, 4) : UINT64_MAX;
        if (left < 8 || kl > left - 8 || vl > left - 8 - kl || kl == 0 ||
            memchr(h + p + 4, 0, kl) || memchr(h + p + 8 + kl, 0, vl)) {
            rc = vmlab_input_error(x->in, err, p,
                                   "metadata entry %llu of %llu is malformed (lengths beyond "
                                   "the header, an empty key or a NUL byte)",
                                   (unsigned long long)i + 1, (unsigned long long)nmeta);
            break;
        }
        char *key = strndup((const char *)h + p + 4, kl);
        char *val = strndup((const char *)h + p + 8 + kl, vl);
        if (!key || !val || vmlab_meta_set(m, key, val))
            rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
        free(key);
        free(val);
        p += 8 + kl + vl;
    }
    if (!rc && minor == 0 && p != end)
        rc = vmlab_input_error(x->in, err, p, "%zu unexpected bytes after the metadata", end - p);
    if (!rc) {
        char pss[32];
        snprintf(pss, sizeof pss, "%llu", (unsigned long long)ps);
        if (vmlab_meta_set(m, "page_size", pss))
            rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
        x->unit = h[16] ? VMLAB_UNIT_BYTE : VMLAB_UNIT_PAGE;
        x->block_refs = (uint32_t)br;
        x->header_len = hlen;
    }
    free(h);
    return rc;
}

/* Read and check the footer and index of a seekable file. Return: 0 or < 0. */
static int read_index(struct native *x, struct vmlab_error *err)
{
    uint64_t size = vmlab_input_size(x->in);
    if (size < x->header_len + IDX_HDR + 8 + FOOTER)
        return vmlab_input_error(x->in, err, size,
                                 "truncated: %llu bytes, too short to hold the index and footer "
                                 "(an interrupted write?)",
                                 (unsigned long long)size);
    uint8_t f[FOOTER];
    uint64_t foff = size - FOOTER;
    int rc = vmlab_input_seek(x->in, foff, err);
    if (!rc)
        rc = read_exact(x, f, FOOTER, "the footer", err);
    if (rc)
        return rc;
    if (memcmp(f + 24, END_MAGIC, 8))
        return vmlab_input_error(x->in, err, foff,
                                 "no footer at the end of the file: truncated, or not finished "
                                 "(an interrupted write?)");
    uint64_t sum = vmlab_xxh64(f, 16, 0);
    if (!sum_ok(get_le(f + 16, 8), sum))
        return vmlab_input_error(x->in, err, foff + 16,
                                 "footer checksum mismatch (stored %016llx, computed %016llx)",
                                 (unsigned long long)get_le(f + 16, 8), (unsigned long long)sum);
    x->index_offset = get_le(f, 8);
    x->total = get_le(f + 8, 8);
    if (x->index_offset < x->header_len || x->index_offset > foff - IDX_HDR - 8)
        return vmlab_input_error(x->in, err, foff, "index offset %llu outside the file",
                                 (unsigned long long)x->index_offset);
    uint8_t ih[IDX_HDR];
    rc = vmlab_input_seek(x->in, x->index_offset, err);
    if (!rc)
        rc = read_exact(x, ih, IDX_HDR, "the index", err);
    if (rc)
        return rc;
    x->nblocks = get_le(ih + 8, 8);
    uint64_t room = foff - x->index_offset - IDX_HDR - 8;
    if (memcmp(ih, "VIDX", 4) || get_le(ih + 4, 4) || room % 16 || x->nblocks != room / 16)
        return vmlab_input_error(x->in, err, x->index_offset,
                                 "no index where the footer says (%llu blocks in %llu bytes)",
                                 (unsigned long long)x->nblocks, (unsigned long long)room);
    size_t ilen = IDX_HDR + (size_t)room + 8;
    uint8_t *ib = malloc(ilen);
    x->index = malloc((x->nblocks ? x->nblocks : 1) * sizeof *x->index);
    if (!ib || !x->index) {
        free(ib);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    memcpy(ib, ih, IDX_HDR);
    rc = read_exact(x, ib + IDX_HDR, ilen - IDX_HDR, "the index", err);
    if (!rc && !sum_ok(get_le(ib + ilen - 8, 8), sum = vmlab_xxh64(ib, ilen - 8, 0)))
        rc = vmlab_input_error(x->in, err, x->index_offset + ilen - 8,
                               "index checksum mismatch (stored %016llx, computed %016llx)",
                               (unsigned long long)get_le(ib + ilen - 8, 8),
                               (unsigned long long)sum);
    for (uint64_t b = 0; !rc && b < x->nblocks; b++) {
        struct block_entry e = {get_le(ib + IDX_HDR + 16 * b, 8),
                                get_le(ib + IDX_HDR + 16 * b + 8, 8)};
        bool ok = e.offset >= x->header_len && e.offset + BLK_HDR <= x->index_offset &&
                  e.first < x->total &&
                  (b == 0 ? e.offset == x->header_len && e.first == 0
                          : e.offset > x->index[b - 1].offset && e.first > x->index[b - 1].first);
        if (!ok)
            rc = vmlab_input_error(x->in, err, x->index_offset + IDX_HDR + 16 * b,
                                   "index entry %llu (block at byte %llu, first reference %llu) "
                                   "is inconsistent",
                                   (unsigned long long)b, (unsigned long long)e.offset,
                                   (unsigned long long)e.first);
        x->index[b] = e;
    }
    if (!rc && !x->nblocks && (x->total || x->index_offset != x->header_len))
        rc = vmlab_input_error(x->in, err, x->index_offset,
                               "an empty index, but %llu references or bytes before it",
                               (unsigned long long)x->total);
    free(ib);
    if (!rc)
        rc = vmlab_input_seek(x->in, x->header_len, err);
    if (!rc)
        x->indexed = true;
    return rc;
}

/* At the index of a stream that cannot seek: check it and the footer, then the end. */
static int stream_index(struct native *x, const uint8_t *tag8, struct vmlab_error *err)
{
    uint64_t off = vmlab_input_offset(x->in) - 8;
    uint8_t ih[IDX_HDR];
    memcpy(ih, tag8, 8);
    int rc = read_exact(x, ih + 8, 8, "the index", err);
    if (rc)
        return rc;
    uint64_t nb = get_le(ih + 8, 8);
    if (get_le(ih + 4, 4) || nb != x->blocks_read)
        return vmlab_input_error(x->in, err, off,
                                 "the index lists %llu blocks, the file holds %llu",
                                 (unsigned long long)nb, (unsigned long long)x->blocks_read);
    size_t ilen = IDX_HDR + 16 * (size_t)nb + 8;
    uint8_t *ib = malloc(ilen);
    if (!ib)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    memcpy(ib, ih, IDX_HDR);
    rc = read_exact(x, ib + IDX_HDR, ilen - IDX_HDR, "the index", err);
    uint64_t sum = rc ? 0 : vmlab_xxh64(ib, ilen - 8, 0);
    if (!rc && !sum_ok(get_le(ib + ilen - 8, 8), sum))
        rc = vmlab_input_error(x->in, err, off + ilen - 8,
                               "index checksum mismatch (stored %016llx, computed %016llx)",
                               (unsigned long long)get_le(ib + ilen - 8, 8),
                               (unsigned long long)sum);
    free(ib);
    uint8_t f[FOOTER];
    if (!rc)
        rc = read_exact(x, f, FOOTER, "the footer", err);
    if (rc)
        return rc;
    uint64_t foff = vmlab_input_offset(x->in) - FOOTER;
    if (memcmp(f + 24, END_MAGIC, 8) || !sum_ok(get_le(f + 16, 8), vmlab_xxh64(f, 16, 0)) ||
        get_le(f, 8) != off || get_le(f + 8, 8) != x->first + x->n)
        return vmlab_input_error(x->in, err, foff,
                                 "bad footer (its magic, checksum, index offset or reference "
                                 "count does not match)");
    uint8_t extra;
    long k = vmlab_input_read(x->in, &extra, 1, err);
    if (k < 0)
        return (int)k;
    if (k)
        return vmlab_input_error(x->in, err, foff + FOOTER, "bytes after the footer");
    return 0;
}

/* Check a decompressed block's columns once: ops 0..2, ASIDs up to 4095. */
static int check_columns(struct native *x, struct vmlab_error *err)
{
    unsigned bad_op = 0, bad_asid = 0;
    for (uint32_t i = 0; x->ops && i < x->n; i++)
        bad_op |= x->ops[i] > VMLAB_OP_IFETCH;
    for (uint32_t i = 0; x->asids && i < x->n; i++)
        bad_asid |= load16(x->asids + 2 * i) > VMLAB_ASID_MAX;
    if (bad_op || bad_asid)
        return vmlab_input_error(x->in, err, x->block_off,
                                 "block %llu holds %s out of range (its checksum matched: "
                                 "written by a faulty writer?)",
                                 (unsigned long long)x->blocks_read - 1,
                                 bad_op ? "operations" : "ASIDs");
    return 0;
}

/* Load the next block. Return: 1 loaded, 0 the end, < 0 an error. */
static int next_block(struct native *x, struct vmlab_error *err)
{
    if (x->at_end)
        return 0;
    uint64_t next_first = x->first + x->n;
    uint64_t off = vmlab_input_offset(x->in);
    if (x->indexed && x->blocks_read == x->nblocks) {
        if (next_first != x->total || off != x->index_offset)
            return vmlab_input_error(x->in, err, off,
                                     "the blocks end at byte %llu with %llu references, the "
                                     "footer says byte %llu and %llu",
                                     (unsigned long long)off, (unsigned long long)next_first,
                                     (unsigned long long)x->index_offset,
                                     (unsigned long long)x->total);
        x->at_end = true;
        return 0;
    }
    uint8_t h[BLK_HDR];
    long k = vmlab_input_read(x->in, h, 8, err);
    if (k < 0)
        return (int)k;
    if (k == 0)
        return vmlab_input_error(x->in, err, off,
                                 "truncated: the file ends after %llu blocks (%llu references) "
                                 "without its index (an interrupted write?)",
                                 (unsigned long long)x->blocks_read,
                                 (unsigned long long)next_first);
    if (k < 8)
        return vmlab_input_error(x->in, err, off + (uint64_t)k,
                                 "truncated: the file ends inside the block header starting at "
                                 "byte %llu",
                                 (unsigned long long)off);
    if (!x->indexed && !memcmp(h, "VIDX", 4)) {
        x->first = next_first;
        x->n = x->i = 0;
        int rc = stream_index(x, h, err);
        if (!rc)
            x->at_end = true;
        return rc;
    }
    if (memcmp(h, "VBLK", 4))
        return vmlab_input_error(
            x->in, err, off, "expected a block (\"VBLK\")%s, got %02x %02x %02x %02x",
            x->indexed ? "" : " or the index (\"VIDX\")", h[0], h[1], h[2], h[3]);
    if (x->indexed &&
        (off != x->index[x->blocks_read].offset || next_first != x->index[x->blocks_read].first))
        return vmlab_input_error(x->in, err, off,
                                 "block %llu starts at byte %llu with reference %llu; the index "
                                 "says byte %llu, reference %llu",
                                 (unsigned long long)x->blocks_read, (unsigned long long)off,
                                 (unsigned long long)next_first,
                                 (unsigned long long)x->index[x->blocks_read].offset,
                                 (unsigned long long)x->index[x->blocks_read].first);
    int rc = read_exact(x, h + 8, BLK_HDR - 8, "a block header", err);
    if (rc)
        return rc;
    uint32_t n = (uint32_t)get_le(h + 4, 4);
    size_t raw_len = (size_t)get_le(h + 8, 4), zlen = (size_t)get_le(h + 12, 4);
    unsigned w = h[24], cols = h[25];
    size_t want = (size_t)n * w + (cols & COL_OP ? n : 0) + (cols & COL_ASID ? 2 * (size_t)n : 0) +
                  (cols & COL_SIZE ? 2 * (size_t)n : 0);
    size_t zmax = ZSTD_compressBound((size_t)x->block_refs * REF_BYTES_MAX);
    const char *why = NULL;
    if (n < 1 || n > x->block_refs)
        why = "its reference count is out of range";
    else if (w > 8 || cols > 7 || h[27] > 63 || (get_le(h + 16, 8) & ((UINT64_C(1) << h[27]) - 1)))
        why = "its delta width, columns or shift is invalid";
    else if (raw_len != want)
        why = "its payload length does not match its references";
    else if (zlen < 1 || zlen > zmax)
        why = "its compressed length is out of range";
    else if ((!(cols & COL_OP) && h[26] > VMLAB_OP_IFETCH) ||
             (!(cols & COL_ASID) && get_le(h + 28, 2) > VMLAB_ASID_MAX))
        why = "its constant operation or ASID is out of range";
    uint64_t hsum = vmlab_xxh64(h, 32, 0);
    if (why)
        return vmlab_input_error(x->in, err, off, "block %llu: %s (a corrupt file?)",
                                 (unsigned long long)x->blocks_read, why);
    if ((rc = grow(&x->z, &x->zcap, zlen, err)) || (rc = grow(&x->raw, &x->rawcap, raw_len, err)))
        return rc;
    if ((rc = read_exact(x, x->z, zlen, "a block", err)))
        return rc;
    uint64_t sum = vmlab_xxh64(x->z, zlen, hsum);
    if (!sum_ok(get_le(h + 32, 8), sum))
        return vmlab_input_error(x->in, err, off,
                                 "block %llu: checksum mismatch (stored %016llx, computed "
                                 "%016llx): the file is corrupt",
                                 (unsigned long long)x->blocks_read,
                                 (unsigned long long)get_le(h + 32, 8), (unsigned long long)sum);
    size_t got = ZSTD_decompressDCtx(x->dctx, x->raw, raw_len, x->z, zlen);
    if (ZSTD_isError(got) || got != raw_len)
        return vmlab_input_error(x->in, err, off + BLK_HDR,
                                 "block %llu: its payload does not decompress to %zu bytes (%s)",
                                 (unsigned long long)x->blocks_read, raw_len,
                                 ZSTD_isError(got) ? ZSTD_getErrorName(got) : "wrong length");
    x->block_off = off;
    x->blocks_read++;
    x->first = next_first;
    x->n = n;
    x->i = 0;
    x->w = w;
    x->shift = h[27];
    x->prev = get_le(h + 16, 8) >> x->shift;
    const uint8_t *p = x->raw;
    x->deltas = p;
    p += (size_t)n * w;
    x->ops = cols & COL_OP ? p : NULL;
    p += cols & COL_OP ? n : 0;
    x->asids = cols & COL_ASID ? p : NULL;
    p += cols & COL_ASID ? 2 * (size_t)n : 0;
    x->sizes = cols & COL_SIZE ? p : NULL;
    x->tmpl = (struct vmlab_ref){
        .asid = (uint32_t)get_le(h + 28, 2), .size = (uint16_t)get_le(h + 30, 2), .op = h[26]};
    rc = check_columns(x, err);
    return rc ? rc : 1;
}

/* Delta @j of planes @p of a block of @n references, @w bytes wide. */
static inline __attribute__((always_inline)) uint64_t plane_delta(const uint8_t *restrict p,
                                                                  size_t n, size_t j, unsigned w)
{
    uint64_t z = 0;
#pragma GCC unroll 8
    for (unsigned k = 0; k < w; k++)
        z |= (uint64_t)p[k * n + j] << (8 * k);
    return z;
}

/*
 * The address loop for a constant @w (inlined once per width, so the plane
 * loads unroll): references j0..j0+k of the block into @o from @t's fields.
 * Return: the OR of (address >= limit) over them.
 */
static inline __attribute__((always_inline)) uint64_t
addresses(const uint8_t *restrict p, size_t n, size_t j0, size_t k, unsigned w, unsigned shift,
          uint64_t limit, uint64_t *prev, struct vmlab_ref t, struct vmlab_ref *restrict o)
{
    /* a reference as two words: the address, and asid/size/op/pad as they lie in memory */
    uint64_t hi;
    memcpy(&hi, (const char *)&t + 8, 8);
    uint64_t a = *prev, over = 0;
    char *restrict dst = (char *)o;
    for (size_t j = 0; j < k; j++) {
        a += unzigzag(plane_delta(p, n, j0 + j, w));
        uint64_t addr = a << shift;
        over |= addr >= limit;
        memcpy(dst + 16 * j, &addr, 8);
        memcpy(dst + 16 * j + 8, &hi, 8);
    }
    *prev = a;
    return over;
}

/*
 * Decode references i..i+k of the current block into @out: the addresses
 * with the constant fields, then the columns. Return: whether every address
 * is valid for the unit (page numbers below VMLAB_PAGE_LIMIT).
 */
static bool decode(struct native *x, struct vmlab_ref *restrict out, size_t k)
{
    const uint64_t limit = x->unit == VMLAB_UNIT_PAGE ? VMLAB_PAGE_LIMIT : UINT64_MAX;
    const uint8_t *p = x->deltas;
    uint64_t over = 0;
    switch (x->w) {
#define W(n_)                                                                                      \
    case n_: over = addresses(p, x->n, x->i, k, n_, x->shift, limit, &x->prev, x->tmpl, out); break;
        W(0) W(1) W(2) W(3) W(4) W(5) W(6) W(7) W(8)
#undef W
    }
    if (x->ops) {
        const uint8_t *o = x->ops + x->i;
        for (size_t j = 0; j < k; j++)
            out[j].op = o[j];
    }
    if (x->asids) {
        const uint8_t *s = x->asids + 2 * (size_t)x->i;
        for (size_t j = 0; j < k; j++)
            out[j].asid = load16(s + 2 * j);
    }
    if (x->sizes) {
        const uint8_t *s = x->sizes + 2 * (size_t)x->i;
        for (size_t j = 0; j < k; j++)
            out[j].size = load16(s + 2 * j);
    }
    x->i += (uint32_t)k;
    return !over;
}

static long native_read(void *state, struct vmlab_ref *out, size_t cap, struct vmlab_error *err)
{
    struct native *x = state;
    size_t n = 0;
    while (n < cap) {
        if (x->i == x->n) {
            int rc = next_block(x, err);
            if (rc < 0)
                return rc;
            if (rc == 0)
                break;
        }
        size_t k = cap - n < x->n - x->i ? cap - n : x->n - x->i;
        uint32_t from = x->i;
        if (!decode(x, out + n, k))
            return vmlab_input_error(x->in, err, x->block_off,
                                     "block %llu: a page number among references %llu..%llu is "
                                     "not below 2^52 - 1",
                                     (unsigned long long)x->blocks_read - 1,
                                     (unsigned long long)(x->first + from),
                                     (unsigned long long)(x->first + from + k - 1));
        n += k;
    }
    return (long)n;
}

static void reset_position(struct native *x)
{
    x->blocks_read = 0;
    x->first = 0;
    x->n = x->i = 0;
    x->at_end = false;
}

static int native_rewind(void *state, struct vmlab_error *err)
{
    struct native *x = state;
    reset_position(x);
    if (x->indexed)
        return vmlab_input_seek(x->in, x->header_len, err);
    int rc = vmlab_input_rewind(x->in, err);
    uint8_t skip[256];
    for (uint64_t left = x->header_len; !rc && left > 0;) {
        size_t k = left < sizeof skip ? (size_t)left : sizeof skip;
        rc = read_exact(x, skip, k, "the header", err);
        left -= k;
    }
    return rc;
}

static int native_seek(void *state, uint64_t ref, struct vmlab_error *err)
{
    struct native *x = state;
    reset_position(x);
    if (ref >= x->total || !x->nblocks) {
        /* at the end: past the last block */
        x->blocks_read = x->nblocks;
        x->first = x->total;
        return vmlab_input_seek(x->in, x->index_offset, err);
    }
    uint64_t lo = 0, hi = x->nblocks; /* the last block whose first reference is <= ref */
    while (hi - lo > 1) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (x->index[mid].first <= ref)
            lo = mid;
        else
            hi = mid;
    }
    x->blocks_read = lo;
    x->first = x->index[lo].first;
    int rc = vmlab_input_seek(x->in, x->index[lo].offset, err);
    if (!rc)
        rc = next_block(x, err);
    if (rc < 0)
        return rc;
    /* run the deltas up to @ref without writing references */
    uint64_t skip = ref - x->first, a = x->prev;
    if (skip >= x->n)
        return vmlab_input_error(x->in, err, x->block_off,
                                 "block %llu is shorter than the index says",
                                 (unsigned long long)lo);
    for (uint64_t j = 0; j < skip; j++)
        a += unzigzag(plane_delta(x->deltas, x->n, (size_t)j, x->w));
    x->prev = a;
    x->i = (uint32_t)skip;
    return 0;
}

static void native_close(void *state)
{
    struct native *x = state;
    vmlab_input_close(x->in);
    ZSTD_freeDCtx(x->dctx);
    free(x->index);
    free(x->z);
    free(x->raw);
    free(x);
}

static const struct vmlab_stream_ops native_ops = {
    .read = native_read,
    .rewind = native_rewind,
    .close = native_close,
};

static const struct vmlab_stream_ops native_indexed_ops = {
    .read = native_read,
    .rewind = native_rewind,
    .close = native_close,
    .seek = native_seek,
};

static int native_open(struct vmlab_stream **out, struct vmlab_input *in,
                       const struct vmlab_trace_opts *opts, const struct vmlab_params *params,
                       struct vmlab_error *err)
{
    struct native *x = calloc(1, sizeof *x);
    struct vmlab_meta *m = vmlab_meta_new();
    if (!x || !m || !(x->dctx = ZSTD_createDCtx())) {
        free(x);
        vmlab_meta_free(m);
        vmlab_input_close(in);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    x->in = in;
    x->name = vmlab_input_name(in);
    int rc = read_header(x, m, err);
    if (!rc && opts->unit_given && opts->unit != x->unit)
        rc = vmlab_error_set(err, VMLAB_EINPUT,
                             "%s holds %s (its header says so); unit %s does not apply", x->name,
                             x->unit == VMLAB_UNIT_BYTE ? "byte addresses" : "page numbers",
                             vmlab_unit_name(opts->unit));
    if (!rc && vmlab_input_seekable(in))
        rc = read_index(x, err);
    if (!rc && !(*out = vmlab_stream_new(x->indexed ? &native_indexed_ops : &native_ops, x, x->unit,
                                         x->indexed ? x->total : 0)))
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    if (rc) {
        vmlab_meta_free(m);
        native_close(x);
        return rc;
    }
    (*out)->meta = m;
    return 0;
}

static int native_probe(const uint8_t *head, size_t n)
{
    return n >= 8 && !memcmp(head, MAGIC, 8) ? 2 : 0;
}

/* ---- the writer ---- */

struct native_writer {
    struct vmlab_output *out; /* borrowed */
    uint32_t block_refs;
    int level;
    struct vmlab_ref *pend; /* the block being filled */
    size_t npend;
    ZSTD_CCtx *cctx;
    uint8_t *raw; /* a block's columns */
    uint8_t *z;   /* ... compressed */
    size_t zcap;
    struct block_entry *index;
    size_t nindex, indexcap;
    uint64_t refs; /* references in the blocks written */
};

static int put(struct native_writer *w, const void *p, size_t n, struct vmlab_error *err)
{
    return vmlab_output_write(w->out, p, n, err);
}

static int flush_block(struct native_writer *w, struct vmlab_error *err)
{
    const struct vmlab_ref *r = w->pend;
    size_t n = w->npend;
    if (!n)
        return 0;
    uint64_t bits = 0;
    bool op_col = false, asid_col = false, size_col = false;
    for (size_t i = 0; i < n; i++) {
        bits |= r[i].addr;
        op_col |= r[i].op != r[0].op;
        asid_col |= r[i].asid != r[0].asid;
        size_col |= r[i].size != r[0].size;
    }
    unsigned shift = bits ? (unsigned)__builtin_ctzll(bits) : 0;
    uint64_t maxz = 0, prev = r[0].addr >> shift;
    for (size_t i = 0; i < n; i++) {
        uint64_t v = r[i].addr >> shift;
        maxz |= zigzag(v - prev);
        prev = v;
    }
    unsigned wd = 0;
    while (wd < 8 && (maxz >> (8 * wd)))
        wd++;
    uint8_t *p = w->raw;
    prev = r[0].addr >> shift;
    for (size_t i = 0; i < n; i++) {
        uint64_t v = r[i].addr >> shift, z = zigzag(v - prev);
        prev = v;
        for (unsigned k = 0; k < wd; k++)
            p[(size_t)k * n + i] = (uint8_t)(z >> (8 * k));
    }
    p += (size_t)wd * n;
    if (op_col)
        for (size_t i = 0; i < n; i++)
            *p++ = r[i].op;
    if (asid_col)
        for (size_t i = 0; i < n; i++, p += 2)
            put_le(p, r[i].asid, 2);
    if (size_col)
        for (size_t i = 0; i < n; i++, p += 2)
            put_le(p, r[i].size, 2);
    size_t raw_len = (size_t)(p - w->raw);
    size_t zlen = ZSTD_compressCCtx(w->cctx, w->z, w->zcap, w->raw, raw_len, w->level);
    if (ZSTD_isError(zlen))
        return vmlab_error_set(err, VMLAB_ESYSTEM, "zstd: %s", ZSTD_getErrorName(zlen));
    uint8_t h[BLK_HDR] = {'V', 'B', 'L', 'K'};
    put_le(h + 4, n, 4);
    put_le(h + 8, raw_len, 4);
    put_le(h + 12, zlen, 4);
    put_le(h + 16, r[0].addr, 8);
    h[24] = (uint8_t)wd;
    h[25] =
        (uint8_t)((op_col ? COL_OP : 0) | (asid_col ? COL_ASID : 0) | (size_col ? COL_SIZE : 0));
    h[27] = (uint8_t)shift;
    h[26] = op_col ? 0 : r[0].op;
    put_le(h + 28, asid_col ? 0 : r[0].asid, 2);
    put_le(h + 30, size_col ? 0 : r[0].size, 2);
    put_le(h + 32, vmlab_xxh64(w->z, zlen, vmlab_xxh64(h, 32, 0)), 8);
    if (w->nindex == w->indexcap) {
        size_t nc = w->indexcap ? 2 * w->indexcap : 64;
        struct block_entry *ni = realloc(w->index, nc * sizeof *ni);
        if (!ni)
            return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
        w->index = ni;
        w->indexcap = nc;
    }
    w->index[w->nindex++] = (struct block_entry){vmlab_output_offset(w->out), w->refs};
    w->refs += n;
    w->npend = 0;
    int rc = put(w, h, BLK_HDR, err);
    return rc ? rc : put(w, w->z, zlen, err);
}

static int native_write(void *state, const struct vmlab_ref *refs, size_t n,
                        struct vmlab_error *err)
{
    struct native_writer *w = state;
    while (n > 0) {
        size_t k = w->block_refs - w->npend < n ? w->block_refs - w->npend : n;
        memcpy(w->pend + w->npend, refs, k * sizeof *refs);
        w->npend += k;
        refs += k;
        n -= k;
        if (w->npend == w->block_refs) {
            int rc = flush_block(w, err);
            if (rc)
                return rc;
        }
    }
    return 0;
}

static int native_finish(void *state, struct vmlab_error *err)
{
    struct native_writer *w = state;
    int rc = flush_block(w, err);
    if (rc)
        return rc;
    uint64_t ioff = vmlab_output_offset(w->out);
    size_t ilen = IDX_HDR + 16 * w->nindex + 8;
    uint8_t *ib = calloc(1, ilen);
    if (!ib)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    memcpy(ib, "VIDX", 4);
    put_le(ib + 8, w->nindex, 8);
    for (size_t b = 0; b < w->nindex; b++) {
        put_le(ib + IDX_HDR + 16 * b, w->index[b].offset, 8);
        put_le(ib + IDX_HDR + 16 * b + 8, w->index[b].first, 8);
    }
    put_le(ib + ilen - 8, vmlab_xxh64(ib, ilen - 8, 0), 8);
    rc = put(w, ib, ilen, err);
    free(ib);
    uint8_t f[FOOTER];
    put_le(f, ioff, 8);
    put_le(f + 8, w->refs, 8);
    put_le(f + 16, vmlab_xxh64(f, 16, 0), 8);
    memcpy(f + 24, END_MAGIC, 8);
    return rc ? rc : put(w, f, FOOTER, err);
}

static void native_writer_free(void *state)
{
    struct native_writer *w = state;
    ZSTD_freeCCtx(w->cctx);
    free(w->pend);
    free(w->raw);
    free(w->z);
    free(w->index);
    free(w);
}

static const struct vmlab_writer_ops native_writer_ops = {
    .write = native_write,
    .finish = native_finish,
    .free = native_writer_free,
};

static int write_header(struct native_writer *w, const struct vmlab_trace_header *th,
                        struct vmlab_error *err)
{
    const struct vmlab_meta *m = th->meta;
    size_t len = HDR_FIXED + 8, nmeta = 0;
    for (size_t i = 0; m && i < m->n; i++) {
        if (!strcmp(m->keys[i], "page_size") || !strcmp(m->keys[i], "unit"))
            continue;
        len += 8 + strlen(m->keys[i]) + strlen(m->values[i]);
        nmeta++;
    }
    if (len > HDR_MAX)
        return vmlab_error_set(err, VMLAB_EINPUT, "%s: metadata too large (%zu bytes; at most %u)",
                               vmlab_output_name(w->out), len, HDR_MAX);
    uint8_t *h = calloc(1, len);
    if (!h)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    uint64_t ps = th->page_size ? th->page_size : 4096;
    memcpy(h, MAGIC, 8);
    put_le(h + 8, MAJOR, 2);
    put_le(h + 10, MINOR, 2);
    put_le(h + 12, len, 4);
    h[16] = th->unit == VMLAB_UNIT_BYTE;
    put_le(h + 20, w->block_refs, 4);
    put_le(h + 24, ps, 8);
    put_le(h + 32, nmeta, 4);
    size_t p = HDR_FIXED;
    for (size_t i = 0; m && i < m->n; i++) {
        if (!strcmp(m->keys[i], "page_size") || !strcmp(m->keys[i], "unit"))
            continue;
        size_t kl = strlen(m->keys[i]), vl = strlen(m->values[i]);
        put_le(h + p, kl, 4);
        memcpy(h + p + 4, m->keys[i], kl);
        put_le(h + p + 4 + kl, vl, 4);
        memcpy(h + p + 8 + kl, m->values[i], vl);
        p += 8 + kl + vl;
    }
    put_le(h + len - 8, vmlab_xxh64(h, len - 8, 0), 8);
    int rc = put(w, h, len, err);
    free(h);
    return rc;
}

static int native_create(void **state, const struct vmlab_writer_ops **ops,
                         struct vmlab_output *out, const struct vmlab_trace_header *h,
                         const struct vmlab_params *params, struct vmlab_error *err)
{
    struct native_writer *w = calloc(1, sizeof *w);
    if (!w)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    w->out = out;
    w->block_refs = (uint32_t)vmlab_param_u64(params, "block_refs");
    w->level = (int)vmlab_param_int(params, "level");
    size_t rawcap = (size_t)w->block_refs * REF_BYTES_MAX;
    w->zcap = ZSTD_compressBound(rawcap);
    w->pend = malloc((size_t)w->block_refs * sizeof *w->pend);
    w->raw = malloc(rawcap);
    w->z = malloc(w->zcap);
    w->cctx = ZSTD_createCCtx();
    int rc = 0;
    if (!w->pend || !w->raw || !w->z || !w->cctx)
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    if (!rc)
        rc = write_header(w, h, err);
    if (rc) {
        native_writer_free(w);
        return rc;
    }
    *state = w;
    *ops = &native_writer_ops;
    return 0;
}

static const struct vmlab_param_desc native_write_params[] = {
    {"block_refs", VMLAB_PARAM_COUNT, "65536", VMLAB_RANGE(1, BLOCK_REFS_MAX), NULL,
     "references per block (the unit of seeking and of checksums)"},
    {"level", VMLAB_PARAM_INT, "3", VMLAB_RANGE(1, 19), NULL,
     "zstd compression level (higher: smaller and slower to write; reading speed barely changes)"},
    {0},
};

const struct vmlab_format vmlab_format_native = {
    .abi = VMLAB_WORKLOAD_ABI,
    .name = "native",
    .summary = "vmlab's binary format: delta-encoded, zstd-compressed, checksummed blocks, "
               "an index for seeking (read, write)",
    .probe = native_probe,
    .open = native_open,
    .write_params = native_write_params,
    .create = native_create,
};
