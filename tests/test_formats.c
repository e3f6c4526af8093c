/*
 * test_formats.c - the trace formats: native round trips of many shapes
 * (and seeking through its index), its layout decoded by hand from the
 * documented byte offsets, exact decoding of small hand-made files of every
 * other format, compressed input recognised by magic bytes, errors naming
 * the byte offset or line, the filters, and the trace statistics (LRU
 * stack distances worked by hand, and against a naive stack on a long
 * random trace).
 */
#include <config.h>

#include <dirent.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <vmlab/rng.h>

#include "core/tracestat.h"
#include "core/xxh64.h"
#include "testlib.h"
#include "workloads/ids.h"
#include "workloads/text.h"

/* ---- helpers ---- */

static char scratch[4096];

/* A path in the scratch folder (made by main, removed at the end). */
static const char *tmp_path(const char *name)
{
    static char buf[4][4200];
    static int k;
    char *b = buf[k++ % 4];
    snprintf(b, sizeof buf[0], "%s/%s", scratch, name);
    return b;
}

static void write_file(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(data, 1, n, f), n);
    fclose(f);
}

static uint8_t *read_file(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    *n = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = malloc(*n + 1);
    ck_assert_uint_eq(fread(b, 1, *n, f), *n);
    fclose(f);
    return b;
}

static void write_trace(const char *path, const char *format, const struct vmlab_ref *refs,
                        size_t n, enum vmlab_unit unit, const struct vmlab_meta *m)
{
    struct vmlab_error err = {0};
    struct vmlab_trace_header h = {.unit = unit, .page_size = 4096, .meta = m};
    struct vmlab_writer *w;
    ck_assert_msg(vmlab_writer_open(&w, path, format, &h, &err) == 0, "%s", err.msg);
    ck_assert_msg(vmlab_writer_write(w, refs, n, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(vmlab_writer_count(w), n);
    ck_assert_msg(vmlab_writer_close(w, &err) == 0, "%s", err.msg);
}

static struct vmlab_stream *open_trace(const char *path, const char *format)
{
    struct vmlab_error err = {0};
    struct vmlab_stream *s;
    struct vmlab_trace_opts o = {.page_size = 4096};
    ck_assert_msg(vmlab_trace_open(&s, path, format, &o, &err) == 0, "%s", err.msg);
    return s;
}

/* All references of @s, read @cap at a time. */
static size_t read_stream(struct vmlab_stream *s, size_t cap, struct vmlab_ref **out)
{
    struct vmlab_error err = {0};
    size_t n = 0, room = 1024;
    struct vmlab_ref *r = malloc(room * sizeof *r);
    for (;;) {
        if (room - n < cap) {
            room = 2 * room + cap;
            r = realloc(r, room * sizeof *r);
        }
        long k = vmlab_stream_read(s, r + n, cap, &err);
        ck_assert_msg(k >= 0, "%s", err.msg);
        if (k == 0)
            break;
        n += (size_t)k;
    }
    *out = r;
    return n;
}

static size_t read_path(const char *path, const char *format, struct vmlab_ref **out)
{
    struct vmlab_stream *s = open_trace(path, format);
    size_t n = read_stream(s, VMLAB_BLOCK_REFS, out);
    vmlab_stream_close(s);
    return n;
}

/* The error reading @path to its end (opening included). Return: the code. */
static int read_error(const char *path, const char *format, char *msg, size_t len)
{
    struct vmlab_error err = {0};
    struct vmlab_stream *s;
    struct vmlab_trace_opts o = {.page_size = 4096};
    int rc = vmlab_trace_open(&s, path, format, &o, &err);
    struct vmlab_ref buf[512];
    long k = 1;
    while (!rc && k > 0)
        k = vmlab_stream_read(s, buf, 512, &err);
    if (!rc) {
        rc = (int)k;
        vmlab_stream_close(s);
    }
    snprintf(msg, len, "%s", err.msg);
    return rc;
}

static void refs_equal(const struct vmlab_ref *a, const struct vmlab_ref *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ck_assert_msg(a[i].addr == b[i].addr && a[i].asid == b[i].asid && a[i].op == b[i].op &&
                          a[i].size == b[i].size,
                      "reference %zu: %llx %u %u %u != %llx %u %u %u", i,
                      (unsigned long long)a[i].addr, a[i].asid, a[i].op, a[i].size,
                      (unsigned long long)b[i].addr, b[i].asid, b[i].op, b[i].size);
    }
}

static uint64_t le(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

/* ---- XXH64 ---- */

START_TEST(xxh64_known_values)
{
    /* the specification's values, and zstd's frame checksums (the low 32 bits of XXH64) */
    ck_assert_uint_eq(vmlab_xxh64("", 0, 0), UINT64_C(0xEF46DB3751D8E999));
    ck_assert_uint_eq(vmlab_xxh64("a", 1, 0), UINT64_C(0xD24EC4F1A98C6E5B));
    ck_assert_uint_eq(vmlab_xxh64("abc", 3, 0), UINT64_C(0x44BC2CF5AD770999));
    uint8_t data[1000], frame[1200];
    for (int i = 0; i < 1000; i++)
        data[i] = (uint8_t)(i * 7 + 3);
    ZSTD_CCtx *c = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
    for (size_t n = 0; n < 1000; n += 37) {
        size_t z = ZSTD_compress2(c, frame, sizeof frame, data, n);
        ck_assert(!ZSTD_isError(z));
        ck_assert_uint_eq(le(frame + z - 4, 4), vmlab_xxh64(data, n, 0) & 0xffffffffu);
    }
    ZSTD_freeCCtx(c);
}
END_TEST

/* ---- native: round trips ---- */

enum shape { RANDOM, SEQUENTIAL, CONSTANT, STRIDES, WRAP, PAGES };

static struct vmlab_ref *make_refs(enum shape shape, size_t n, uint64_t seed)
{
    struct vmlab_rng rng;
    vmlab_rng_seed(&rng, seed, 0);
    struct vmlab_ref *r = calloc(n ? n : 1, sizeof *r);
    for (size_t i = 0; i < n; i++) {
        switch (shape) {
        case RANDOM:
            r[i] = (struct vmlab_ref){.addr = vmlab_rng_next(&rng),
                                      .asid = (uint32_t)vmlab_rng_below(&rng, 4096),
                                      .size = (uint16_t)vmlab_rng_below(&rng, 65536),
                                      .op = (uint8_t)vmlab_rng_below(&rng, 3)};
            break;
        case SEQUENTIAL:
            r[i] = (struct vmlab_ref){.addr = 0x7f0000000000 + 64 * i, .size = 8};
            break;
        case CONSTANT: r[i] = (struct vmlab_ref){.addr = 0x1234, .asid = 7, .op = 1}; break;
        case STRIDES: /* forwards and backwards, mixed ops, a few ASIDs */
            r[i] = (struct vmlab_ref){.addr = (i % 3 ? 0x10000 + 4096 * (i % 17) : 0x20000 - 8 * i),
                                      .asid = (uint32_t)(i % 5),
                                      .op = (uint8_t)(i % 3)};
            break;
        case WRAP: /* deltas across the ends of the 64-bit space */
            r[i] = (struct vmlab_ref){.addr = i % 2 ? UINT64_MAX - i : i};
            break;
        case PAGES:
            r[i] = (struct vmlab_ref){.addr = vmlab_rng_below(&rng, VMLAB_PAGE_LIMIT)};
            break;
        }
    }
    return r;
}

static void roundtrip(enum shape shape, size_t n, unsigned block_refs, enum vmlab_unit unit)
{
    struct vmlab_ref *r = make_refs(shape, n, 42 + shape);
    char spec[64], name[64];
    snprintf(spec, sizeof spec, "native:block_refs=%u", block_refs);
    snprintf(name, sizeof name, "rt-%d-%zu-%u.vmt", shape, n, block_refs);
    const char *path = tmp_path(name);
    write_trace(path, spec, r, n, unit, NULL);
    static const size_t caps[] = {1, 3, 4096, 100000};
    for (size_t c = 0; c < 4; c++) {
        struct vmlab_stream *s = open_trace(path, "auto");
        ck_assert_str_eq(s->format, "native");
        ck_assert_int_eq(s->unit, unit);
        ck_assert_uint_eq(s->length, n); /* from the footer */
        struct vmlab_ref *got;
        size_t k = read_stream(s, caps[c], &got);
        ck_assert_uint_eq(k, n);
        refs_equal(got, r, n);
        free(got);
        /* rewound, the same again */
        struct vmlab_error err = {0};
        ck_assert_int_eq(vmlab_stream_rewind(s, &err), 0);
        k = read_stream(s, caps[c], &got);
        ck_assert_uint_eq(k, n);
        refs_equal(got, r, n);
        free(got);
        vmlab_stream_close(s);
    }
    free(r);
}

START_TEST(native_roundtrip_shapes)
{
    roundtrip(RANDOM, 10000, 1000, VMLAB_UNIT_BYTE);     /* every field varies: all columns */
    roundtrip(SEQUENTIAL, 5000, 65536, VMLAB_UNIT_BYTE); /* one block */
    roundtrip(CONSTANT, 3000, 256, VMLAB_UNIT_BYTE);     /* w = 0, constant fields */
    roundtrip(STRIDES, 4097, 64, VMLAB_UNIT_BYTE);       /* many blocks, the last partial */
    roundtrip(WRAP, 1000, 100, VMLAB_UNIT_BYTE);         /* w = 8 */
    roundtrip(PAGES, 2048, 1024, VMLAB_UNIT_PAGE);       /* exactly two full blocks */
    roundtrip(RANDOM, 1, 1, VMLAB_UNIT_BYTE);            /* one reference */
    roundtrip(STRIDES, 10, 1, VMLAB_UNIT_BYTE);          /* a block per reference */
}
END_TEST

START_TEST(native_empty)
{
    const char *path = tmp_path("empty.vmt");
    write_trace(path, "native", NULL, 0, VMLAB_UNIT_PAGE, NULL);
    struct vmlab_ref *got;
    ck_assert_uint_eq(read_path(path, "auto", &got), 0);
    free(got);
    /* header (44 bytes: no metadata), the index (16 + 8) and the footer (32) */
    size_t n;
    free(read_file(path, &n));
    ck_assert_uint_eq(n, 44 + 24 + 32);
}
END_TEST

START_TEST(native_seek)
{
    size_t n = 1000;
    struct vmlab_ref *r = make_refs(STRIDES, n, 3);
    const char *path = tmp_path("seek.vmt");
    write_trace(path, "native:block_refs=100", r, n, VMLAB_UNIT_BYTE, NULL);
    struct vmlab_stream *s = open_trace(path, "native");
    static const uint64_t at[] = {0, 1, 99, 100, 101, 550, 999, 1000, 5000, 7};
    for (size_t t = 0; t < sizeof at / sizeof at[0]; t++) {
        struct vmlab_error err = {0};
        ck_assert_msg(vmlab_stream_seek(s, at[t], &err) == 0, "%s", err.msg);
        struct vmlab_ref buf[150];
        long k = vmlab_stream_read(s, buf, 150, &err);
        size_t want = at[t] >= n ? 0 : (n - at[t] < 150 ? n - at[t] : 150);
        ck_assert_int_eq(k, (long)want);
        refs_equal(buf, r + (at[t] < n ? at[t] : 0), want);
    }
    vmlab_stream_close(s);
    free(r);
}
END_TEST

START_TEST(native_layout_by_hand)
{
    /*
     * Three references in one block, decoded from the bytes as docs/traces.md
     * lays them out: 0x1000 R, 0x3000 W, 0x2000 R of ASID 5, 8 bytes each.
     * shift = 12 (every address is a multiple of 4096), values 1, 3, 2, deltas
     * 0, +2, -1, zigzag 0, 4, 1: w = 1, one plane "00 04 01"; the op column
     * "00 01 00"; constant ASID 5 and size 8.
     */
    const struct vmlab_ref r[] = {
        {.addr = 0x1000, .asid = 5, .size = 8, .op = 0},
        {.addr = 0x3000, .asid = 5, .size = 8, .op = 1},
        {.addr = 0x2000, .asid = 5, .size = 8, .op = 0},
    };
    struct vmlab_meta *m = vmlab_meta_new();
    vmlab_meta_set(m, "producer", "test");
    const char *path = tmp_path("layout.vmt");
    write_trace(path, "native", r, 3, VMLAB_UNIT_BYTE, m);
    vmlab_meta_free(m);
    size_t n;
    uint8_t *b = read_file(path, &n);
    ck_assert_mem_eq(b, "\x89VMT\r\n\x1a\n", 8);
    ck_assert_uint_eq(le(b + 8, 2), 1);  /* major */
    ck_assert_uint_eq(le(b + 10, 2), 0); /* minor */
    size_t hlen = le(b + 12, 4);
    ck_assert_uint_eq(hlen, 36 + (4 + 8 + 4 + 4) + 8); /* one entry "producer" = "test" */
    ck_assert_uint_eq(b[16], 1);                       /* byte addresses */
    ck_assert_uint_eq(le(b + 20, 4), 65536);           /* block_refs */
    ck_assert_uint_eq(le(b + 24, 8), 4096);
    ck_assert_uint_eq(le(b + 32, 4), 1);
    ck_assert_uint_eq(le(b + 36, 4), 8);
    ck_assert_mem_eq(b + 40, "producer", 8);
    ck_assert_uint_eq(le(b + 48, 4), 4);
    ck_assert_mem_eq(b + 52, "test", 4);
    ck_assert_uint_eq(le(b + hlen - 8, 8), vmlab_xxh64(b, hlen - 8, 0));
    const uint8_t *blk = b + hlen;
    ck_assert_mem_eq(blk, "VBLK", 4);
    ck_assert_uint_eq(le(blk + 4, 4), 3);
    ck_assert_uint_eq(le(blk + 8, 4), 3 + 3); /* one plane, the op column */
    size_t zlen = le(blk + 12, 4);
    ck_assert_uint_eq(le(blk + 16, 8), 0x1000);
    ck_assert_uint_eq(blk[24], 1); /* w */
    ck_assert_uint_eq(blk[25], 1); /* an op column only */
    ck_assert_uint_eq(blk[26], 0);
    ck_assert_uint_eq(blk[27], 12);        /* shift */
    ck_assert_uint_eq(le(blk + 28, 2), 5); /* asid */
    ck_assert_uint_eq(le(blk + 30, 2), 8); /* size */
    ck_assert_uint_eq(le(blk + 32, 8), vmlab_xxh64(blk + 40, zlen, vmlab_xxh64(blk, 32, 0)));
    uint8_t raw[16];
    ck_assert_uint_eq(ZSTD_decompress(raw, sizeof raw, blk + 40, zlen), 6);
    ck_assert_mem_eq(raw, "\x00\x04\x01\x00\x01\x00", 6);
    const uint8_t *idx = blk + 40 + zlen;
    ck_assert_mem_eq(idx, "VIDX", 4);
    ck_assert_uint_eq(le(idx + 8, 8), 1);
    ck_assert_uint_eq(le(idx + 16, 8), hlen); /* block 0's offset */
    ck_assert_uint_eq(le(idx + 24, 8), 0);    /* and first reference */
    ck_assert_uint_eq(le(idx + 32, 8), vmlab_xxh64(idx, 32, 0));
    const uint8_t *f = idx + 40;
    ck_assert_uint_eq((size_t)(f + 32 - b), n);
    ck_assert_uint_eq(le(f, 8), (uint64_t)(idx - b));
    ck_assert_uint_eq(le(f + 8, 8), 3);
    ck_assert_uint_eq(le(f + 16, 8), vmlab_xxh64(f, 16, 0));
    ck_assert_mem_eq(f + 24, "\x89VMTEND\n", 8);
    free(b);
    /* and the metadata is handed out with the stream */
    struct vmlab_stream *s = open_trace(path, "auto");
    ck_assert_str_eq(vmlab_meta_get(vmlab_stream_meta(s), "producer"), "test");
    ck_assert_str_eq(vmlab_meta_get(vmlab_stream_meta(s), "page_size"), "4096");
    vmlab_stream_close(s);
}
END_TEST

/* A native file of 3 blocks of 100 references; its bytes in *b (size *n), block offsets in off[].
 */
static const char *three_blocks(uint8_t **b, size_t *n, uint64_t off[3])
{
    struct vmlab_ref *r = make_refs(RANDOM, 300, 9);
    const char *path = tmp_path("three.vmt");
    write_trace(path, "native:block_refs=100", r, 300, VMLAB_UNIT_BYTE, NULL);
    free(r);
    *b = read_file(path, n);
    off[0] = 44;
    for (int i = 1; i < 3; i++)
        off[i] = off[i - 1] + 40 + le(*b + off[i - 1] + 12, 4);
    return path;
}

START_TEST(native_errors_name_the_byte)
{
    uint8_t *b;
    size_t n;
    uint64_t off[3];
    three_blocks(&b, &n, off);
    char msg[VMLAB_ERROR_MSG_MAX], want[VMLAB_ERROR_MSG_MAX];
    const char *p = tmp_path("bad.vmt");

    /* truncated in block 2: the footer is missing, found at open */
    write_file(p, b, off[2] + 50);
    ck_assert_int_eq(read_error(p, "auto", msg, sizeof msg), VMLAB_EINPUT);
    snprintf(want, sizeof want,
             "%s: byte %llu: no footer at the end of the file: truncated, or not finished (an "
             "interrupted write?)",
             p, (unsigned long long)(off[2] + 50 - 32));
    ck_assert_str_eq(msg, want);

    /* a byte of block 1's payload flipped: its checksum */
    memcpy(want, b, 0);
    b[off[1] + 40 + 5] ^= 0x40;
    write_file(p, b, n);
    ck_assert_int_eq(read_error(p, "auto", msg, sizeof msg), VMLAB_EINPUT);
    snprintf(want, sizeof want, "%s: byte %llu: block 1: checksum mismatch", p,
             (unsigned long long)off[1]);
    ck_assert_msg(!strncmp(msg, want, strlen(want)), "%s", msg);
    b[off[1] + 40 + 5] ^= 0x40;

    /* a newer major version */
    b[8] = 2;
    write_file(p, b, n);
    ck_assert_int_eq(read_error(p, "auto", msg, sizeof msg), VMLAB_EINPUT);
    snprintf(want, sizeof want,
             "%s: byte 8: native format version 2.0; this vmlab reads version 1.x (written by a "
             "newer vmlab?)",
             p);
    ck_assert_str_eq(msg, want);
    b[8] = 1;

    /* the header's page size changed: its checksum */
    b[25] ^= 1;
    write_file(p, b, n);
    ck_assert_int_eq(read_error(p, "auto", msg, sizeof msg), VMLAB_EINPUT);
    snprintf(want, sizeof want, "%s: byte 36: header checksum mismatch", p);
    ck_assert_msg(!strncmp(msg, want, strlen(want)), "%s", msg);
    b[25] ^= 1;

    /* the index: an entry changed */
    uint64_t ioff = le(b + n - 32, 8);
    b[ioff + 16 + 16] ^= 1;
    write_file(p, b, n);
    ck_assert_int_eq(read_error(p, "auto", msg, sizeof msg), VMLAB_EINPUT);
    snprintf(want, sizeof want, "%s: byte %llu: index checksum mismatch", p,
             (unsigned long long)(n - 32 - 8));
    ck_assert_msg(!strncmp(msg, want, strlen(want)), "%s", msg);
    b[ioff + 16 + 16] ^= 1;

    /* garbage after the magic */
    uint8_t g[200];
    memcpy(g, b, 8);
    for (int i = 8; i < 200; i++)
        g[i] = (uint8_t)(i * 31);
    write_file(p, g, sizeof g);
    ck_assert_int_eq(read_error(p, "auto", msg, sizeof msg), VMLAB_EINPUT);
    ck_assert_msg(strstr(msg, p) && strstr(msg, ": byte "), "%s", msg);

    /* intact, it reads */
    write_file(p, b, n);
    ck_assert_int_eq(read_error(p, "auto", msg, sizeof msg), 0);
    free(b);
}
END_TEST

/* zstd-compress @n bytes of @b into file @path: a stream the reader cannot seek in. */
static void write_zstd(const char *path, const void *b, size_t n)
{
    size_t cap = ZSTD_compressBound(n);
    void *z = malloc(cap);
    size_t zn = ZSTD_compress(z, cap, b, n, 3);
    ck_assert(!ZSTD_isError(zn));
    write_file(path, z, zn);
    free(z);
}

START_TEST(native_streamed_truncation)
{
    /* compressed, the file cannot seek: the index is checked when reached, truncation where it ends
     */
    uint8_t *b;
    size_t n;
    uint64_t off[3];
    three_blocks(&b, &n, off);
    char msg[VMLAB_ERROR_MSG_MAX], want[VMLAB_ERROR_MSG_MAX];
    const char *p = tmp_path("stream.vmt.zst");
    write_zstd(p, b, n);
    struct vmlab_ref *got;
    ck_assert_uint_eq(read_path(p, "auto", &got), 300);
    free(got);
    /* cut inside block 2's payload */
    write_zstd(p, b, off[2] + 50);
    ck_assert_int_eq(read_error(p, "auto", msg, sizeof msg), VMLAB_EINPUT);
    snprintf(want, sizeof want,
             "%s: byte %llu of the decompressed zstd data: truncated: the file ends inside a block "
             "(%llu of its %llu bytes, starting at byte %llu)",
             p, (unsigned long long)(off[2] + 50), (unsigned long long)(50 - 40),
             (unsigned long long)le(b + off[2] + 12, 4), (unsigned long long)(off[2] + 40));
    ck_assert_str_eq(msg, want);
    /* cut after the last block: no index */
    uint64_t ioff = le(b + n - 32, 8);
    write_zstd(p, b, ioff);
    ck_assert_int_eq(read_error(p, "auto", msg, sizeof msg), VMLAB_EINPUT);
    snprintf(want, sizeof want,
             "%s: byte %llu of the decompressed zstd data: truncated: the file ends after 3 "
             "blocks (300 references) without its index (an interrupted write?)",
             p, (unsigned long long)ioff);
    ck_assert_str_eq(msg, want);
    /* cut inside the footer */
    write_zstd(p, b, n - 1);
    ck_assert_int_eq(read_error(p, "auto", msg, sizeof msg), VMLAB_EINPUT);
    ck_assert_msg(strstr(msg, "truncated: the file ends inside the footer"), "%s", msg);
    free(b);
}
END_TEST

/* ---- text ---- */

START_TEST(text_writer_roundtrip)
{
    struct vmlab_ref *r = make_refs(STRIDES, 500, 1);
    r[3].size = 8; /* a size column */
    struct vmlab_meta *m = vmlab_meta_new();
    vmlab_meta_set(m, "producer", "test\nwith a newline");
    const char *path = tmp_path("t.txt");
    write_trace(path, "text", r, 500, VMLAB_UNIT_BYTE, m);
    vmlab_meta_free(m);
    struct vmlab_stream *s = open_trace(path, "auto");
    ck_assert_str_eq(s->format, "text");
    ck_assert_int_eq(s->unit, VMLAB_UNIT_BYTE); /* from its "#@ unit=byte" line */
    ck_assert_str_eq(vmlab_meta_get(vmlab_stream_meta(s), "producer"), "test with a newline");
    ck_assert_str_eq(vmlab_meta_get(vmlab_stream_meta(s), "page_size"), "4096");
    struct vmlab_ref *got;
    ck_assert_uint_eq(read_stream(s, 7, &got), 500);
    refs_equal(got, r, 500);
    vmlab_stream_close(s);
    free(got);
    /* the lines themselves: hex byte addresses, the shortest column form */
    size_t n;
    char *t = (char *)read_file(path, &n);
    t[n] = '\0';
    ck_assert_msg(strstr(t, "\n0x20000\n0x11000 W 1\n0x12000 I 2\n0x1ffe8 R 3 8\n"), "%s", t);
    free(t);
    /* page numbers in decimal; a read of ASID 0 without size is the number alone */
    const struct vmlab_ref p[] = {{.addr = 7}, {.addr = 12, .op = 1}, {.addr = 3, .asid = 2}};
    write_trace(path, "text", p, 3, VMLAB_UNIT_PAGE, NULL);
    t = (char *)read_file(path, &n);
    t[n] = '\0';
    ck_assert_str_eq(t, "# vmlab text trace: ADDR [OP [ASID [SIZE]]] a line (docs/traces.md)\n"
                        "#@ unit=page\n#@ page_size=4096\n7\n12 W\n3 R 2\n");
    free(t);
    free(r);
}
END_TEST

/* ---- compressed input ---- */

static size_t compress_xz(const void *in, size_t n, uint8_t *out, size_t cap)
{
    size_t pos = 0;
    ck_assert_int_eq(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, NULL, in, n, out, &pos, cap),
                     LZMA_OK);
    return pos;
}

static size_t compress_gz(const void *in, size_t n, uint8_t *out, size_t cap)
{
    z_stream z = {0};
    ck_assert_int_eq(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    z.next_in = (Bytef *)in;
    z.avail_in = (uInt)n;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    ck_assert_int_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
    size_t k = z.total_out;
    deflateEnd(&z);
    return k;
}

START_TEST(compressed_text_by_magic)
{
    /* one text trace, three compressors, names that say nothing: all read the same */
    const char *text = "# a text trace\n1 R\n2 W\n0x10 I 3\n1\n";
    size_t n = strlen(text), cap = 4096;
    uint8_t *z = malloc(cap);
    static const char *const names[] = {"zstd", "xz", "gzip"};
    for (int c = 0; c < 3; c++) {
        size_t zn = c == 0   ? ZSTD_compress(z, cap, text, n, 19)
                    : c == 1 ? compress_xz(text, n, z, cap)
                             : compress_gz(text, n, z, cap);
        const char *p = tmp_path("trace.dat");
        write_file(p, z, zn);
        struct vmlab_stream *s = open_trace(p, "auto");
        ck_assert_str_eq(s->format, "text");
        ck_assert_str_eq(s->compression, names[c]);
        struct vmlab_ref *got;
        ck_assert_uint_eq(read_stream(s, 2, &got), 4);
        const struct vmlab_ref want[] = {
            {.addr = 1}, {.addr = 2, .op = 1}, {.addr = 16, .asid = 3, .op = 2}, {.addr = 1}};
        refs_equal(got, want, 4);
        free(got);
        vmlab_stream_close(s);
        /* cut short, the decompressor says so, naming the byte */
        write_file(p, z, zn - 3);
        char msg[VMLAB_ERROR_MSG_MAX], want_msg[256];
        ck_assert_int_eq(read_error(p, "auto", msg, sizeof msg), VMLAB_EINPUT);
        snprintf(want_msg, sizeof want_msg, "%s: %s data ", p, names[c]);
        ck_assert_msg(!strncmp(msg, want_msg, strlen(want_msg)) && strstr(msg, "compressed byte"),
                      "%s", msg);
    }
    /* two gzip members one after the other are one stream (as gzip -d reads them) */
    size_t a = compress_gz(text, n, z, cap);
    size_t b = compress_gz(text, n, z + a, cap - a);
    const char *p = tmp_path("two.gz");
    write_file(p, z, a + b);
    struct vmlab_ref *got;
    ck_assert_uint_eq(read_path(p, "auto", &got), 8);
    free(got);
    free(z);
}
END_TEST

START_TEST(input_lines)
{
    /* CRLF, a last line without newline, a line longer than the buffers */
    size_t big = 700 * 1024;
    char *t = malloc(big + 64);
    strcpy(t, "a\r\n\nb");
    memset(t + 5, 'x', big);
    strcpy(t + 5 + big, "\nlast");
    struct vmlab_error err = {0};
    struct vmlab_input *in;
    ck_assert_int_eq(vmlab_input_memory(&in, t, strlen(t), "mem", &err), 0);
    const char *line;
    size_t len;
    ck_assert_int_eq(vmlab_input_line(in, &line, &len, &err), 1);
    ck_assert_uint_eq(len, 1);
    ck_assert_int_eq(line[0], 'a');
    ck_assert_int_eq(vmlab_input_line(in, &line, &len, &err), 1);
    ck_assert_uint_eq(len, 0);
    ck_assert_int_eq(vmlab_input_line(in, &line, &len, &err), 1);
    ck_assert_uint_eq(len, big + 1);
    ck_assert_int_eq(vmlab_input_line(in, &line, &len, &err), 1);
    ck_assert_uint_eq(vmlab_input_line_number(in), 4);
    ck_assert_uint_eq(len, 4);
    ck_assert_int_eq(memcmp(line, "last", 4), 0);
    ck_assert_int_eq(vmlab_input_line(in, &line, &len, &err), 0);
    vmlab_input_close(in);
    /* the same through a file, compressed: lines cross buffer refills */
    size_t cap = ZSTD_compressBound(strlen(t));
    void *z = malloc(cap);
    size_t zn = ZSTD_compress(z, cap, t, strlen(t), 1);
    const char *p = tmp_path("lines.zst");
    write_file(p, z, zn);
    ck_assert_int_eq(vmlab_input_open(&in, p, &err), 0);
    size_t lens[5], k = 0;
    while (vmlab_input_line(in, &line, &len, &err) == 1)
        lens[k++] = len;
    ck_assert_uint_eq(k, 4);
    ck_assert_uint_eq(lens[2], big + 1);
    ck_assert_uint_eq(vmlab_input_offset(in), strlen(t));
    vmlab_input_close(in);
    free(z);
    free(t);
}
END_TEST

/* ---- lackey ---- */

static const char lackey_sample[] = "==4242== Lackey, an example Valgrind tool\n"
                                    "==4242== Command: ./walk\n"
                                    "==4242== \n"
                                    "I  04001000,3\n"
                                    " L 1ffefff8a0,8\n"
                                    " S 0010e040,1\n"
                                    " M 7ff00010,4\n"
                                    "I  04001003,5\n"
                                    "==4242== \n";

START_TEST(lackey_exact)
{
    const char *p = tmp_path("l.txt");
    write_file(p, lackey_sample, strlen(lackey_sample));
    struct vmlab_stream *s = open_trace(p, "auto");
    ck_assert_str_eq(s->format, "lackey");
    ck_assert_int_eq(s->unit, VMLAB_UNIT_BYTE);
    struct vmlab_ref *got;
    /* read 1 at a time: the M's write is carried over to the next read */
    ck_assert_uint_eq(read_stream(s, 1, &got), 6);
    const struct vmlab_ref want[] = {
        {.addr = 0x4001000, .size = 3, .op = 2},  {.addr = 0x1ffefff8a0, .size = 8, .op = 0},
        {.addr = 0x10e040, .size = 1, .op = 1},   {.addr = 0x7ff00010, .size = 4, .op = 0},
        {.addr = 0x7ff00010, .size = 4, .op = 1}, {.addr = 0x4001003, .size = 5, .op = 2},
    };
    refs_equal(got, want, 6);
    free(got);
    vmlab_stream_close(s);
    /* modify=write: only the write of M */
    ck_assert_uint_eq(read_path(p, "lackey:modify=write,asid=3", &got), 5);
    ck_assert_uint_eq(got[3].op, VMLAB_OP_WRITE);
    ck_assert_uint_eq(got[3].asid, 3);
    free(got);
    /* a line that is not lackey's */
    const char bad[] = "I  04001000,3\n L 10,zz\n";
    write_file(p, bad, strlen(bad));
    char msg[VMLAB_ERROR_MSG_MAX], want_msg[512];
    ck_assert_int_eq(read_error(p, "lackey", msg, sizeof msg), VMLAB_EINPUT);
    snprintf(want_msg, sizeof want_msg,
             "%s:2: expected a lackey line ('I  ADDR,SIZE', ' L|S|M ADDR,SIZE' or a '==PID==' "
             "message), got ' L 10,zz'",
             p);
    ck_assert_str_eq(msg, want_msg);
}
END_TEST

/* ---- ChampSim ---- */

static void put64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* Three instructions: a load, a load+load+store, a taken branch with no memory operand. */
static size_t champsim_sample(uint8_t *b)
{
    memset(b, 0, 3 * 64);
    put64(b, 0x401000);
    b[11] = 1;                 /* a destination register: no effect */
    put64(b + 32, 0x7ffe0010); /* source_memory[0] */
    put64(b + 64, 0x401004);
    put64(b + 64 + 32, 0x600000); /* source_memory[0] */
    put64(b + 64 + 48, 0x600040); /* source_memory[2] (slot 1 empty) */
    put64(b + 64 + 24, 0x600080); /* destination_memory[1] */
    put64(b + 128, 0x401008);
    b[128 + 8] = 1; /* is_branch */
    b[128 + 9] = 1; /* branch_taken */
    return 3 * 64;
}

START_TEST(champsim_exact)
{
    uint8_t b[3 * 64 + 16];
    size_t n = champsim_sample(b);
    const char *p = tmp_path("c.champsimtrace");
    write_file(p, b, n);
    struct vmlab_ref *got;
    struct vmlab_stream *s = open_trace(p, "auto");
    ck_assert_str_eq(s->format, "champsim");
    ck_assert_uint_eq(read_stream(s, 1, &got), 4);
    vmlab_stream_close(s);
    const struct vmlab_ref data[] = {
        {.addr = 0x7ffe0010, .op = 0},
        {.addr = 0x600000, .op = 0},
        {.addr = 0x600040, .op = 0},
        {.addr = 0x600080, .op = 1},
    };
    refs_equal(got, data, 4);
    free(got);
    /* with instruction fetches, each before its instruction's operands */
    ck_assert_uint_eq(read_path(p, "champsim:ifetch=true,asid=9", &got), 7);
    const struct vmlab_ref all[] = {
        {.addr = 0x401000, .asid = 9, .op = 2}, {.addr = 0x7ffe0010, .asid = 9, .op = 0},
        {.addr = 0x401004, .asid = 9, .op = 2}, {.addr = 0x600000, .asid = 9, .op = 0},
        {.addr = 0x600040, .asid = 9, .op = 0}, {.addr = 0x600080, .asid = 9, .op = 1},
        {.addr = 0x401008, .asid = 9, .op = 2},
    };
    refs_equal(got, all, 7);
    free(got);
    /* xz-compressed, as the championship traces are */
    uint8_t z[1024];
    write_file(p, z, compress_xz(b, n, z, sizeof z));
    s = open_trace(p, "auto");
    ck_assert_str_eq(s->format, "champsim");
    ck_assert_str_eq(s->compression, "xz");
    vmlab_stream_close(s);
    /* truncated: 10 bytes of a fourth record */
    memset(b + n, 0, 10);
    write_file(p, b, n + 10);
    char msg[VMLAB_ERROR_MSG_MAX], want[512];
    ck_assert_int_eq(read_error(p, "champsim", msg, sizeof msg), VMLAB_EINPUT);
    snprintf(want, sizeof want,
             "%s: byte 192: truncated: the last ChampSim record (number 3) has 10 of its 64 bytes",
             p);
    ck_assert_str_eq(msg, want);
    /* garbage: a branch flag that is not 0 or 1 */
    b[64 + 9] = 7;
    write_file(p, b, n);
    ck_assert_int_eq(read_error(p, "champsim", msg, sizeof msg), VMLAB_EINPUT);
    snprintf(want, sizeof want,
             "%s: byte 72: instruction 1: branch flags 0 7, expected 0 or 1: not a ChampSim "
             "trace, or corrupt",
             p);
    ck_assert_str_eq(msg, want);
}
END_TEST

/* ---- oracleGeneral ---- */

static void oracle_rec(uint8_t *p, uint32_t t, uint64_t id, uint32_t size, int64_t next)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(t >> (8 * i)), p[12 + i] = (uint8_t)(size >> (8 * i));
    put64(p + 4, id);
    put64(p + 16, (uint64_t)next);
}

START_TEST(oracle_exact)
{
    /* requests 5 7 5 (size 0: skipped) 2^60 5; next_access_vtime as the converter writes it */
    uint8_t b[5 * 24 + 8];
    oracle_rec(b, 10, 5, 4096, 2);
    oracle_rec(b + 24, 10, 7, 100000, -1);
    oracle_rec(b + 48, 11, 5, 0, 4);
    oracle_rec(b + 72, 12, UINT64_C(1) << 60, 512, -1);
    oracle_rec(b + 96, 12, 5, 64, INT64_MAX);
    const char *p = tmp_path("o.oracleGeneral");
    write_file(p, b, 120);
    struct vmlab_stream *s = open_trace(p, "auto");
    ck_assert_str_eq(s->format, "oracleGeneral");
    ck_assert_int_eq(s->unit, VMLAB_UNIT_PAGE);
    struct vmlab_ref *got;
    ck_assert_uint_eq(read_stream(s, 2, &got), 4);
    vmlab_stream_close(s);
    uint64_t big = trace_page_of_id(UINT64_C(1) << 60);
    ck_assert_uint_lt(big, VMLAB_PAGE_LIMIT);
    ck_assert_uint_ne(big, trace_page_of_id((UINT64_C(1) << 60) + 1));
    const struct vmlab_ref want[] = {{.addr = 5, .size = 4096},
                                     {.addr = 7, .size = 65535},
                                     {.addr = big, .size = 512},
                                     {.addr = 5, .size = 64}};
    refs_equal(got, want, 4);
    free(got);
    ck_assert_uint_eq(read_path(p, "oracleGeneral:zero_size=keep", &got), 5);
    free(got);
    /* zstd-compressed, as libCacheSim's public traces are */
    write_zstd(p, b, 120);
    s = open_trace(p, "auto");
    ck_assert_str_eq(s->format, "oracleGeneral");
    ck_assert_str_eq(s->compression, "zstd");
    vmlab_stream_close(s);
    /* truncated */
    write_file(p, b, 120 - 5);
    char msg[VMLAB_ERROR_MSG_MAX], wmsg[512];
    ck_assert_int_eq(read_error(p, "oracleGeneral", msg, sizeof msg), VMLAB_EINPUT);
    snprintf(wmsg, sizeof wmsg,
             "%s: byte 96: truncated: the last oracleGeneral record (number 4) has 19 of its 24 "
             "bytes",
             p);
    ck_assert_str_eq(msg, wmsg);
}
END_TEST

/* ---- CSV ---- */

START_TEST(csv_exact)
{
    const char *p = tmp_path("t.csv");
    const char with_header[] = "timestamp,obj_id,obj_size,op\n"
                               "1,42,4096,get\n"
                               "2,\"43\",0,get\n"   /* size 0: skipped */
                               "3,0x10,70000,SET\n" /* a write; size saturated */
                               "4,42,1,delete\n"    /* not an access */
                               "\n"
                               "5,42,8,read\n";
    write_file(p, with_header, strlen(with_header));
    struct vmlab_stream *s = open_trace(p, "auto");
    ck_assert_str_eq(s->format, "csv");
    struct vmlab_ref *got;
    ck_assert_uint_eq(read_stream(s, 1, &got), 3);
    const struct vmlab_ref want[] = {
        {.addr = 42, .size = 4096}, {.addr = 16, .size = 65535, .op = 1}, {.addr = 42, .size = 8}};
    refs_equal(got, want, 3);
    free(got);
    /* rewound: the header is skipped again */
    struct vmlab_error err = {0};
    ck_assert_int_eq(vmlab_stream_rewind(s, &err), 0);
    ck_assert_uint_eq(read_stream(s, 100, &got), 3);
    free(got);
    vmlab_stream_close(s);
    /* no header, tab-separated, id in column 2, string ids hashed */
    const char plain[] = "1\tk1\n2\tk2\n3\tk1\n";
    write_file(p, plain, strlen(plain));
    ck_assert_uint_eq(read_path(p, "csv:id=2,ids=hash", &got), 3);
    ck_assert_uint_eq(got[0].addr, trace_page_of_id(vmlab_xxh64("k1", 2, 0)));
    ck_assert_uint_eq(got[0].addr, got[2].addr);
    ck_assert_uint_ne(got[0].addr, got[1].addr);
    free(got);
    /* ids must be numbers unless hashed: the error names line and column */
    char msg[VMLAB_ERROR_MSG_MAX], wmsg[512];
    ck_assert_int_eq(read_error(p, "csv:id=2", msg, sizeof msg), VMLAB_EINPUT);
    snprintf(wmsg, sizeof wmsg,
             "%s:1: column 2: expected a numeric object id, got 'k1' (ids=hash takes any string)",
             p);
    ck_assert_str_eq(msg, wmsg);
    /* no header and no id=: which column? */
    ck_assert_int_eq(read_error(p, "csv", msg, sizeof msg), VMLAB_EINPUT);
    ck_assert_msg(strstr(msg, "which of the 2 columns is the object id?"), "%s", msg);
    /* by header name, a line too short for it */
    const char named[] = "a;b;key\n1;2;3\n4;5\n";
    write_file(p, named, strlen(named));
    ck_assert_int_eq(read_error(p, "csv:id=key,size=none,op=none", msg, sizeof msg), VMLAB_EINPUT);
    snprintf(wmsg, sizeof wmsg, "%s:3: 2 fields, but column 3 is used (delimiter ';')", p);
    ck_assert_str_eq(msg, wmsg);
}
END_TEST

/* ---- the probe ---- */

START_TEST(probe_chooses)
{
    uint8_t b[3 * 64];
    champsim_sample(b);
    uint8_t o[5 * 24];
    for (int i = 0; i < 5; i++)
        oracle_rec(o + 24 * i, (uint32_t)(100 + i), (uint64_t)i, 10, -1);
    struct vmlab_ref r = {.addr = 1};
    const char *np = tmp_path("p.vmt");
    write_trace(np, "native", &r, 1, VMLAB_UNIT_PAGE, NULL);
    size_t nn;
    uint8_t *nb = read_file(np, &nn);
    const struct {
        const void *head;
        size_t n;
        const char *format;
    } cases[] = {
        {nb, nn, "native"},
        {"1 2 3\n4 W\n", 10, "text"},
        {lackey_sample, sizeof lackey_sample - 1, "lackey"},
        {"I  04001000,3\n", 14, "lackey"},
        {b, sizeof b, "champsim"},
        {o, sizeof o, "oracleGeneral"},
        {"time,obj_id,size\n1,2,3\n", 23, "csv"},
        {"1,2,3\n", 6, "text"}, /* numbers and commas, no header: the text format */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct vmlab_format *f = vmlab_format_probe(cases[i].head, cases[i].n);
        ck_assert_msg(f && !strcmp(f->name, cases[i].format), "case %zu: %s, expected %s", i,
                      f ? f->name : "none", cases[i].format);
    }
    uint8_t junk[64];
    for (int i = 0; i < 64; i++)
        junk[i] = (uint8_t)(i * 37 + 200);
    ck_assert_ptr_null(vmlab_format_probe(junk, sizeof junk));
    free(nb);
}
END_TEST

/* ---- filters ---- */

START_TEST(filter_stages)
{
    /* 12 references: ops I R W repeated; pages 0..11 */
    struct vmlab_ref r[12];
    for (int i = 0; i < 12; i++)
        r[i] = (struct vmlab_ref){.addr = (uint64_t)i, .op = (uint8_t)(i % 3 == 0 ? 2 : i % 3 - 1)};
    const struct {
        struct vmlab_filter f;
        const char *want;
    } cases[] = {
        {{0}, "0 1 2 3 4 5 6 7 8 9 10 11"},
        {{.keep = VMLAB_KEEP_DATA}, "1 2 4 5 7 8 10 11"},
        {{.keep = VMLAB_KEEP_IFETCH}, "0 3 6 9"},
        {{.skip = 5}, "5 6 7 8 9 10 11"},
        {{.window_keep = 2, .window_skip = 3}, "0 1 5 6 10 11"},
        {{.every = 4}, "0 4 8"},
        {{.limit = 3}, "0 1 2"},
        /* data only (1 2 4 5 7 8 10 11), skip 1, windows 3 of 4 (2 4 5 . 8 10 11),
         * every 2nd (2 5 10), at most 2 */
        {{.keep = VMLAB_KEEP_DATA,
          .skip = 1,
          .window_keep = 3,
          .window_skip = 1,
          .every = 2,
          .limit = 2},
         "2 5"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct vmlab_error err = {0};
        struct vmlab_stream *s;
        ck_assert_int_eq(vmlab_stream_filter(&s, vmlab_stream_memory(r, 12, VMLAB_UNIT_PAGE, false),
                                             &cases[c].f, &err),
                         0);
        struct vmlab_ref *got;
        size_t n = read_stream(s, 1, &got);
        char buf[128] = "";
        for (size_t i = 0; i < n; i++)
            snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%llu", i ? " " : "",
                     (unsigned long long)got[i].addr);
        ck_assert_msg(!strcmp(buf, cases[c].want), "case %zu: %s", c, buf);
        ck_assert_int_eq(vmlab_stream_filter_limited(s), cases[c].f.limit != 0);
        free(got);
        vmlab_stream_close(s);
    }
}
END_TEST

/* ---- statistics ---- */

static struct vmlab_trace_stats stats_of(const char *refs, enum vmlab_unit unit)
{
    struct vmlab_error err = {0};
    struct vmlab_stream *s;
    ck_assert_int_eq(vmlab_text_open_string(&s, refs, "refs", unit, &err), 0);
    struct vmlab_trace_stats st;
    ck_assert_msg(vmlab_trace_stats(s, 4096, &st, &err) == 0, "%s", err.msg);
    vmlab_stream_close(s);
    return st;
}

START_TEST(stats_by_hand)
{
    /*
     * t    0 1 2 3 4 5 6 7 8 9
     * page 1 2 3 1 2 4 1 1 5 3
     * distance (distinct pages since the page's last reference, itself
     * included):       3 3 . 3 1 . 5
     *   t=3 page 1: since t=0: 2 3 1 -> 3     t=4 page 2: since t=1: 3 1 2 -> 3
     *   t=6 page 1: since t=3: 2 4 1 -> 3     t=7 page 1: 1 -> 1
     *   t=9 page 3: since t=2: 1 2 4 5 3 -> 5
     * reuses 5, sorted 1 3 3 3 5: min 1, median (3rd) 3, p90 (5th) 5, p99 5,
     * max 5, mean 15/5 = 3; log2 buckets [1] 1, [2,3] 3, [4,7] 1.
     */
    struct vmlab_trace_stats st = stats_of("1 2 3 1 2 4 1 1 5 3", VMLAB_UNIT_PAGE);
    ck_assert_uint_eq(st.refs, 10);
    ck_assert_uint_eq(st.pages, 5);
    ck_assert_uint_eq(st.reuses, 5);
    ck_assert_uint_eq(st.footprint, 5 * 4096);
    ck_assert_uint_eq(st.rd_min, 1);
    ck_assert_uint_eq(st.rd_p50, 3);
    ck_assert_uint_eq(st.rd_p90, 5);
    ck_assert_uint_eq(st.rd_p99, 5);
    ck_assert_uint_eq(st.rd_max, 5);
    ck_assert(st.rd_mean == 3.0);
    ck_assert_uint_eq(st.rd_log2[0], 1);
    ck_assert_uint_eq(st.rd_log2[1], 3);
    ck_assert_uint_eq(st.rd_log2[2], 1);
    /* ops, ASIDs and byte addresses: 0x1000 and 0x1fff are one page, ASIDs split pages */
    st = stats_of("0x1000 R\n0x1fff W\n0x1000 R 2\n0x5000 I 2\n", VMLAB_UNIT_BYTE);
    ck_assert_uint_eq(st.reads, 2);
    ck_assert_uint_eq(st.writes, 1);
    ck_assert_uint_eq(st.ifetches, 1);
    ck_assert_uint_eq(st.pages, 3);
    ck_assert_uint_eq(st.asids, 2);
    ck_assert_uint_eq(st.asid_max, 2);
    ck_assert_uint_eq(st.page_min, 1);
    ck_assert_uint_eq(st.page_max, 5);
    ck_assert_uint_eq(st.reuses, 1);
    ck_assert_uint_eq(st.rd_max, 1);
}
END_TEST

START_TEST(stats_against_a_naive_stack)
{
    /* 300000 references over 5000 pages (the tree is renumbered many times), against a list */
    enum { N = 300000, P = 5000 };
    struct vmlab_ref *r = malloc(N * sizeof *r);
    struct vmlab_rng rng;
    vmlab_rng_seed(&rng, 11, 0);
    for (int i = 0; i < N; i++)
        r[i] = (struct vmlab_ref){.addr = vmlab_rng_below(&rng, i % 7 ? P : 40)};
    uint64_t *stack = malloc(P * sizeof *stack), depth = 0, *hist = calloc(P + 2, sizeof *hist);
    uint64_t reuses = 0, sum = 0;
    for (int i = 0; i < N; i++) {
        uint64_t d = 0;
        while (d < depth && stack[d] != r[i].addr)
            d++;
        if (d < depth) {
            hist[d + 1]++;
            reuses++;
            sum += d + 1;
        } else {
            depth++;
        }
        memmove(stack + 1, stack, d * sizeof *stack);
        stack[0] = r[i].addr;
    }
    uint64_t want50 = 0, want99 = 0, seen = 0, max = 0;
    for (uint64_t d = 1; d <= P; d++) {
        seen += hist[d];
        if (!want50 && seen >= (reuses * 50 + 99) / 100)
            want50 = d;
        if (!want99 && seen >= (reuses * 99 + 99) / 100)
            want99 = d;
        if (hist[d])
            max = d;
    }
    struct vmlab_error err = {0};
    struct vmlab_stream *s = vmlab_stream_memory(r, N, VMLAB_UNIT_PAGE, true);
    struct vmlab_trace_stats st;
    ck_assert_int_eq(vmlab_trace_stats(s, 4096, &st, &err), 0);
    vmlab_stream_close(s);
    ck_assert_uint_eq(st.pages, depth);
    ck_assert_uint_eq(st.reuses, reuses);
    ck_assert_uint_eq(st.rd_p50, want50);
    ck_assert_uint_eq(st.rd_p99, want99);
    ck_assert_uint_eq(st.rd_max, max);
    ck_assert(st.rd_mean == (double)sum / (double)reuses);
    free(stack);
    free(hist);
}
END_TEST

/* ---- inputs the fuzzers found, and the fuzzing seeds: never a crash ---- */

START_TEST(fuzz_regressions)
{
    const char *dirs[] = {TOP_SRCDIR "/tests/data/fuzz", TOP_SRCDIR "/tests/data/traces"};
    size_t files = 0;
    for (int d = 0; d < 2; d++) {
        DIR *dir = opendir(dirs[d]);
        ck_assert_ptr_nonnull(dir);
        for (struct dirent *e; (e = readdir(dir));) {
            if (e->d_name[0] == '.' || strstr(e->d_name, ".md"))
                continue;
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", dirs[d], e->d_name);
            for (size_t f = 0; f <= vmlab_format_count(); f++) {
                const char *name = f < vmlab_format_count() ? vmlab_format_at(f)->name : "auto";
                char msg[VMLAB_ERROR_MSG_MAX];
                int rc = read_error(path, name, msg, sizeof msg);
                ck_assert_msg(rc == 0 || rc == VMLAB_EINPUT, "%s as %s: %d %s", path, name, rc,
                              msg);
                ck_assert_msg(rc == 0 || strstr(msg, path), "%s as %s: %s", path, name, msg);
            }
            files++;
        }
        closedir(dir);
    }
    ck_assert_uint_gt(files, 5);
    /* what the findings must now say */
    static const char *const want[][3] = {
        {"native-empty-payload", "native", "block 0: its compressed length is out of range"},
        {"native-metadata-lengths", "native", "byte 36: metadata entry 1 of 1 is malformed"},
        {"csv-quoted-header", "csv", ":2: 1 field, but column 26 is used"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char path[4096], msg[VMLAB_ERROR_MSG_MAX];
        snprintf(path, sizeof path, "%s/%s", dirs[0], want[i][0]);
        ck_assert_int_eq(read_error(path, want[i][1], msg, sizeof msg), VMLAB_EINPUT);
        ck_assert_msg(strstr(msg, want[i][2]), "%s: %s", want[i][0], msg);
    }
}
END_TEST

int main(void)
{
    const char *dir = getenv("TMPDIR");
    snprintf(scratch, sizeof scratch, "%s/vmlab-formats.XXXXXX", dir && *dir ? dir : "/tmp");
    if (!mkdtemp(scratch))
        return 99;
    Suite *s = suite_create("formats");
    ADD_TEST(s, xxh64_known_values);
    ADD_TEST(s, native_roundtrip_shapes);
    ADD_TEST(s, native_empty);
    ADD_TEST(s, native_seek);
    ADD_TEST(s, native_layout_by_hand);
    ADD_TEST(s, native_errors_name_the_byte);
    ADD_TEST(s, native_streamed_truncation);
    ADD_TEST(s, text_writer_roundtrip);
    ADD_TEST(s, compressed_text_by_magic);
    ADD_TEST(s, input_lines);
    ADD_TEST(s, lackey_exact);
    ADD_TEST(s, champsim_exact);
    ADD_TEST(s, oracle_exact);
    ADD_TEST(s, csv_exact);
    ADD_TEST(s, probe_chooses);
    ADD_TEST(s, filter_stages);
    ADD_TEST(s, stats_by_hand);
    ADD_TEST(s, stats_against_a_naive_stack);
    ADD_TEST(s, fuzz_regressions);
    int rc = test_run_suite(s);
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", scratch);
    (void)!system(cmd);
    return rc;
}
