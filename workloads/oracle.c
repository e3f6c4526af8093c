/*
 * oracle.c - libCacheSim's oracleGeneral binary traces (read): the format of
 * the public cache traces converted by libCacheSim (https://github.com/
 * 1a1a11a/libCacheSim, libCacheSim/traceReader/customizedReader/oracle/
 * oracleGeneralBin.h), often zstd-compressed (.oracleGeneral.zst,
 * decompressed on the fly by vmlab_input).
 *
 * One 24-byte record per request, packed, little-endian:
 *
 *    0  4  clock_time          request time (seconds)
 *    4  8  obj_id              the object
 *   12  4  obj_size            bytes
 *   16  8  next_access_vtime   index of the object's next request; -1 or 2^63-1: none
 *
 * Each request is a read of one page, the object (unit page; ids at or
 * above 2^52 - 1 are mapped into range, see ids.h), its size kept in the
 * reference's size (saturated at 65535). Requests of size 0 are skipped by
 * default, as libCacheSim's readers do, so fault counts match its miss
 * counts. The time and next-access columns are not used (the engine
 * computes next uses itself for OPT).
 *
 * No magic bytes: the probe accepts a head of at least two records whose
 * times never decrease and whose next_access_vtime is -1, 2^63-1, or after
 * the record and below 2^48.
 *
 * Parameters: zero_size (skip | keep, default skip), asid (0).
 */
#include <config.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <vmlab/input.h>
#include <vmlab/workload.h>

#include "ids.h"
#include "reader.h"

#define REC 24
#define CHUNK 4096

struct oracle {
    struct vmlab_input *in;
    bool keep_zero;
    uint32_t asid;
    uint8_t *buf; /* records read, buf[pos..nrec) not handed out */
    size_t pos, nrec;
};

static inline uint64_t le(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static long oracle_read(void *state, struct vmlab_ref *out, size_t cap, struct vmlab_error *err)
{
    struct oracle *x = state;
    size_t n = 0;
    while (n < cap) {
        if (x->pos == x->nrec) {
            long k = records_read(x->in, x->buf, REC, CHUNK, "oracleGeneral", err);
            if (k < 0)
                return k;
            x->pos = 0;
            x->nrec = (size_t)k;
            if (k == 0)
                break;
        }
        const uint8_t *p = x->buf + REC * x->pos++;
        uint64_t size = le(p + 12, 4);
        if (!size && !x->keep_zero)
            continue;
        out[n++] = (struct vmlab_ref){.addr = trace_page_of_id(le(p + 4, 8)),
                                      .asid = x->asid,
                                      .size = trace_size16(size),
                                      .op = VMLAB_OP_READ};
    }
    return (long)n;
}

static int oracle_rewind(void *state, struct vmlab_error *err)
{
    struct oracle *x = state;
    x->pos = x->nrec = 0;
    return vmlab_input_rewind(x->in, err);
}

static void oracle_close(void *state)
{
    struct oracle *x = state;
    vmlab_input_close(x->in);
    free(x->buf);
    free(x);
}

static const struct vmlab_stream_ops oracle_ops = {
    .read = oracle_read,
    .rewind = oracle_rewind,
    .close = oracle_close,
};

static int oracle_open(struct vmlab_stream **out, struct vmlab_input *in,
                       const struct vmlab_trace_opts *opts, const struct vmlab_params *params,
                       struct vmlab_error *err)
{
    int rc = reader_unit_check(in, opts, VMLAB_UNIT_PAGE,
                               "oracleGeneral traces name objects (one page each)", err);
    if (rc)
        return rc;
    struct oracle *x = calloc(1, sizeof *x);
    if (x)
        x->buf = malloc(REC * CHUNK);
    uint64_t size = vmlab_input_size(in);
    bool keep = !strcmp(vmlab_param_string(params, "zero_size"), "keep");
    /* uncompressed and every request kept: the length is known */
    uint64_t len = keep && size % REC == 0 ? size / REC : 0;
    if (!x || !x->buf || !(*out = vmlab_stream_new(&oracle_ops, x, VMLAB_UNIT_PAGE, len))) {
        if (x)
            free(x->buf);
        free(x);
        vmlab_input_close(in);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    x->in = in;
    x->keep_zero = keep;
    x->asid = (uint32_t)vmlab_param_int(params, "asid");
    return 0;
}

static int oracle_probe(const uint8_t *head, size_t n)
{
    if (n < 2 * REC)
        return 0;
    uint64_t prev_time = 0;
    for (size_t i = 0; (i + 1) * REC <= n; i++) {
        const uint8_t *p = head + i * REC;
        uint64_t t = le(p, 4);
        int64_t next = (int64_t)le(p + 16, 8);
        if (t < prev_time)
            return 0;
        if (next != -1 && next != INT64_MAX && (next <= (int64_t)i || next >= (INT64_C(1) << 48)))
            return 0;
        prev_time = t;
    }
    return 1;
}

static const struct vmlab_param_desc oracle_params[] = {
    {"zero_size", VMLAB_PARAM_STRING, "skip", VMLAB_ANY, "skip|keep",
     "requests of size 0: skipped (as libCacheSim does) or kept"},
    {"asid", VMLAB_PARAM_INT, "0", VMLAB_RANGE(0, 4095), NULL, "address-space id of the requests"},
    {0},
};

const struct vmlab_format vmlab_format_oracleGeneral = {
    .abi = VMLAB_WORKLOAD_ABI,
    .name = "oracleGeneral",
    .summary = "libCacheSim oracleGeneral binary: 24-byte requests, one page per object (read)",
    .params = oracle_params,
    .probe = oracle_probe,
    .open = oracle_open,
};
