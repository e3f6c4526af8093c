/*
 * champsim.c - ChampSim instruction traces (read): the binary traces of the
 * ChampSim simulator (https://github.com/ChampSim/ChampSim, inc/
 * trace_instruction.h, struct input_instr), as distributed for the data
 * prefetching and cache replacement championships (DPC-3, CRC-2), usually
 * xz- or gzip-compressed (decompressed on the fly by vmlab_input).
 *
 * One 64-byte record per instruction, little-endian:
 *
 *    0  8  ip                         instruction address
 *    8  1  is_branch                  0 or 1
 *    9  1  branch_taken               0 or 1
 *   10  2  destination_registers[2]
 *   12  4  source_registers[4]
 *   16 16  destination_memory[2]      addresses the instruction stores to (0: none)
 *   32 32  source_memory[4]           addresses it loads from (0: none)
 *
 * Each instruction becomes, in this order: an instruction fetch of ip (with
 * ifetch=true), a read per non-zero source address, a write per non-zero
 * destination address. ChampSim records no operand sizes (size 0) and no
 * process (the asid parameter). Byte addresses.
 *
 * The format has no magic bytes; the probe accepts a head whose records
 * all have branch flags 0 or 1 (taken only if a branch), a non-zero ip and
 * addresses below 2^57, and the reader rejects a record whose branch flags
 * are not 0 or 1 (so garbage is caught, not simulated).
 *
 * Parameters: ifetch (false), asid (0).
 */
#include <config.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <vmlab/input.h>
#include <vmlab/workload.h>

#include "reader.h"

#define REC 64
#define CHUNK 1024 /* records read at a time */
#define PER_REC 7  /* references one record can give */
#define ADDR_LIMIT (UINT64_C(1) << 57)

struct champsim {
    struct vmlab_input *in;
    bool ifetch;
    uint32_t asid;
    uint8_t *buf; /* records read, buf[pos..nrec) not yet turned into references */
    size_t pos, nrec;
    uint64_t recno;                 /* number of buf[0] in the trace */
    struct vmlab_ref pend[PER_REC]; /* references of a record that did not fit the block */
    size_t npend, pendpos;
};

static inline uint64_t le64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

/* The references of record @p into @out (room for PER_REC). Return: how many. */
static size_t expand(const struct champsim *x, const uint8_t *p, struct vmlab_ref *out)
{
    size_t n = 0;
    if (x->ifetch)
        out[n++] = (struct vmlab_ref){.addr = le64(p), .asid = x->asid, .op = VMLAB_OP_IFETCH};
    for (int i = 0; i < 4; i++) {
        uint64_t a = le64(p + 32 + 8 * i);
        if (a)
            out[n++] = (struct vmlab_ref){.addr = a, .asid = x->asid, .op = VMLAB_OP_READ};
    }
    for (int i = 0; i < 2; i++) {
        uint64_t a = le64(p + 16 + 8 * i);
        if (a)
            out[n++] = (struct vmlab_ref){.addr = a, .asid = x->asid, .op = VMLAB_OP_WRITE};
    }
    return n;
}

static long champsim_read(void *state, struct vmlab_ref *out, size_t cap, struct vmlab_error *err)
{
    struct champsim *x = state;
    size_t n = 0;
    while (x->pendpos < x->npend && n < cap)
        out[n++] = x->pend[x->pendpos++];
    while (n < cap) {
        if (x->pos == x->nrec) {
            x->recno += x->nrec;
            x->pos = 0;
            long k = records_read(x->in, x->buf, REC, CHUNK, "ChampSim", err);
            if (k < 0)
                return k;
            x->nrec = (size_t)k;
            if (k == 0)
                break;
        }
        const uint8_t *p = x->buf + REC * x->pos;
        if (p[8] > 1 || p[9] > 1)
            return vmlab_input_error(x->in, err, (x->recno + x->pos) * REC + 8,
                                     "instruction %llu: branch flags %u %u, expected 0 or 1: not "
                                     "a ChampSim trace, or corrupt",
                                     (unsigned long long)(x->recno + x->pos), p[8], p[9]);
        x->pos++;
        if (cap - n >= PER_REC) {
            n += expand(x, p, out + n);
        } else {
            x->npend = expand(x, p, x->pend);
            x->pendpos = 0;
            while (x->pendpos < x->npend && n < cap)
                out[n++] = x->pend[x->pendpos++];
        }
    }
    return (long)n;
}

static int champsim_rewind(void *state, struct vmlab_error *err)
{
    struct champsim *x = state;
    x->pos = x->nrec = 0;
    x->recno = 0;
    x->npend = x->pendpos = 0;
    return vmlab_input_rewind(x->in, err);
}

static void champsim_close(void *state)
{
    struct champsim *x = state;
    vmlab_input_close(x->in);
    free(x->buf);
    free(x);
}

static const struct vmlab_stream_ops champsim_ops = {
    .read = champsim_read,
    .rewind = champsim_rewind,
    .close = champsim_close,
};

static int champsim_open(struct vmlab_stream **out, struct vmlab_input *in,
                         const struct vmlab_trace_opts *opts, const struct vmlab_params *params,
                         struct vmlab_error *err)
{
    int rc =
        reader_unit_check(in, opts, VMLAB_UNIT_BYTE, "ChampSim traces hold byte addresses", err);
    if (rc)
        return rc;
    struct champsim *x = calloc(1, sizeof *x);
    if (x)
        x->buf = malloc(REC * CHUNK);
    if (!x || !x->buf || !(*out = vmlab_stream_new(&champsim_ops, x, VMLAB_UNIT_BYTE, 0))) {
        if (x)
            free(x->buf);
        free(x);
        vmlab_input_close(in);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    x->in = in;
    x->ifetch = vmlab_param_bool(params, "ifetch");
    x->asid = (uint32_t)vmlab_param_int(params, "asid");
    return 0;
}

static int champsim_probe(const uint8_t *head, size_t n)
{
    if (n < REC)
        return 0;
    for (size_t r = 0; r + REC <= n; r += REC) {
        const uint8_t *p = head + r;
        uint64_t ip = le64(p);
        if (p[8] > 1 || p[9] > p[8] || !ip || ip >= ADDR_LIMIT)
            return 0;
        for (int i = 0; i < 6; i++)
            if (le64(p + 16 + 8 * i) >= ADDR_LIMIT)
                return 0;
    }
    return 1;
}

static const struct vmlab_param_desc champsim_params[] = {
    {"ifetch", VMLAB_PARAM_BOOL, "false", VMLAB_ANY, NULL,
     "also an instruction fetch of each instruction's ip, before its loads and stores"},
    {"asid", VMLAB_PARAM_INT, "0", VMLAB_RANGE(0, 4095), NULL, "address-space id of the process"},
    {0},
};

const struct vmlab_format vmlab_format_champsim = {
    .abi = VMLAB_WORKLOAD_ABI,
    .name = "champsim",
    .summary = "ChampSim instruction traces (64-byte input_instr records; .xz/.gz) (read)",
    .params = champsim_params,
    .probe = champsim_probe,
    .open = champsim_open,
};
