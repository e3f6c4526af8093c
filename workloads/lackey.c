/*
 * lackey.c - traces printed by Valgrind's lackey tool with --trace-mem=yes
 * (valgrind --tool=lackey --trace-mem=yes PROGRAM; lackey's documentation in
 * the Valgrind manual, "Lackey: an example tool"). One access a line:
 *
 *   "I  0023C790,2"     instruction fetch of 2 bytes at 0x23c790
 *   " L BE801950,4"     load (read) of 4 bytes
 *   " S BE80199C,4"     store (write)
 *   " M 0025747C,1"     modify: an instruction that loads and stores the
 *                       same bytes (inc [mem]); by default a read then a write
 *   "==1234== ..."      Valgrind's own messages: skipped
 *
 *   col  0   1   2   3...
 *        I  ' ' ' '  HEX ',' DEC        instruction
 *       ' '  L|S|M  ' ' HEX ',' DEC     data
 *
 * Addresses are hexadecimal without 0x, sizes decimal; the unit is bytes.
 * M as a read then a write is what the access really does (and how lackey
 * itself counts it, a load and a store); modify=write keeps only the write
 * (the page is dirtied either way). Anything else is an error naming file
 * and line: a lackey trace has nothing else in it.
 *
 * Parameters: modify (read-write | write, default read-write), asid (0).
 */
#include <config.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <vmlab/input.h>
#include <vmlab/workload.h>

#include "reader.h"

enum kind { K_NONE, K_REF, K_MODIFY, K_MESSAGE };

/* Parse one line. Return: its kind (K_NONE: not a lackey line), the reference in @r. */
static enum kind parse(const char *s, size_t n, struct vmlab_ref *r)
{
    if (n >= 2 && s[0] == '=' && s[1] == '=')
        return K_MESSAGE;
    if (n < 6 || s[2] != ' ')
        return K_NONE;
    enum kind kind = K_REF;
    if (s[0] == 'I' && s[1] == ' ')
        r->op = VMLAB_OP_IFETCH;
    else if (s[0] == ' ' && s[1] == 'L')
        r->op = VMLAB_OP_READ;
    else if (s[0] == ' ' && s[1] == 'S')
        r->op = VMLAB_OP_WRITE;
    else if (s[0] == ' ' && s[1] == 'M')
        r->op = VMLAB_OP_READ, kind = K_MODIFY;
    else
        return K_NONE;
    uint64_t a = 0, size = 0;
    size_t i = 3, digits = 0;
    for (; i < n && s[i] != ','; i++, digits++) {
        char c = s[i];
        unsigned d;
        if (c >= '0' && c <= '9')
            d = (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            d = (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            d = (unsigned)(c - 'A' + 10);
        else
            return K_NONE;
        a = a << 4 | d;
    }
    if (digits < 1 || digits > 16 || i == n)
        return K_NONE;
    size_t sd = 0;
    for (i++; i < n; i++, sd++) {
        if (s[i] < '0' || s[i] > '9' || size > 65535)
            return K_NONE;
        size = size * 10 + (uint64_t)(s[i] - '0');
    }
    if (!sd || size > 65535)
        return K_NONE;
    r->addr = a;
    r->size = (uint16_t)size;
    return kind;
}

struct lackey {
    struct vmlab_input *in;
    bool modify_write_only; /* M: only the write */
    uint32_t asid;
    bool pending; /* the write of an M that did not fit the block */
    struct vmlab_ref pend;
};

static long lackey_read(void *state, struct vmlab_ref *out, size_t cap, struct vmlab_error *err)
{
    struct lackey *x = state;
    size_t n = 0;
    if (x->pending && cap > 0) {
        out[n++] = x->pend;
        x->pending = false;
    }
    while (n < cap) {
        const char *line;
        size_t len;
        int rc = vmlab_input_line(x->in, &line, &len, err);
        if (rc < 0)
            return rc;
        if (rc == 0)
            break;
        struct vmlab_ref r = {.asid = x->asid};
        switch (parse(line, len, &r)) {
        case K_MESSAGE: continue;
        case K_REF: out[n++] = r; continue;
        case K_MODIFY:
            if (!x->modify_write_only)
                out[n++] = r;
            r.op = VMLAB_OP_WRITE;
            if (n < cap)
                out[n++] = r;
            else
                x->pend = r, x->pending = true;
            continue;
        case K_NONE:
            if (len == 0)
                continue;
            return vmlab_input_line_error(x->in, err,
                                          "expected a lackey line ('I  ADDR,SIZE', ' L|S|M "
                                          "ADDR,SIZE' or a '==PID==' message), got '%.*s'%s",
                                          len > 40 ? 40 : (int)len, line, len > 40 ? "..." : "");
        }
    }
    return (long)n;
}

static int lackey_rewind(void *state, struct vmlab_error *err)
{
    struct lackey *x = state;
    x->pending = false;
    return vmlab_input_rewind(x->in, err);
}

static void lackey_close(void *state)
{
    struct lackey *x = state;
    vmlab_input_close(x->in);
    free(x);
}

static const struct vmlab_stream_ops lackey_ops = {
    .read = lackey_read,
    .rewind = lackey_rewind,
    .close = lackey_close,
};

static int lackey_open(struct vmlab_stream **out, struct vmlab_input *in,
                       const struct vmlab_trace_opts *opts, const struct vmlab_params *params,
                       struct vmlab_error *err)
{
    int rc = reader_unit_check(in, opts, VMLAB_UNIT_BYTE, "lackey traces hold byte addresses", err);
    if (rc)
        return rc;
    struct lackey *x = calloc(1, sizeof *x);
    if (!x || !(*out = vmlab_stream_new(&lackey_ops, x, VMLAB_UNIT_BYTE, 0))) {
        free(x);
        vmlab_input_close(in);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    x->in = in;
    x->modify_write_only = !strcmp(vmlab_param_string(params, "modify"), "write");
    x->asid = (uint32_t)vmlab_param_int(params, "asid");
    return 0;
}

/* Certain when the first line that is not a Valgrind message is a lackey access. */
static int lackey_probe(const uint8_t *head, size_t n)
{
    const char *s = (const char *)head, *end = s + n;
    bool banner = false;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        struct vmlab_ref r;
        if (!nl) /* a last line, perhaps cut by the end of the head: only a match counts */
            return parse(s, (size_t)(end - s), &r) == K_REF || banner ? 2 : 0;
        size_t len = (size_t)(nl - s) - (nl > s && nl[-1] == '\r');
        switch (parse(s, len, &r)) {
        case K_REF:
        case K_MODIFY: return 2;
        case K_MESSAGE: banner |= len > 6 && memmem(s, len, "Lackey", 6) != NULL; break;
        case K_NONE: return 0;
        }
        s = nl + 1;
    }
    return banner ? 2 : 0;
}

static const struct vmlab_param_desc lackey_params[] = {
    {"modify", VMLAB_PARAM_STRING, "read-write", VMLAB_ANY, "read-write|write",
     "an M line (load and store of the same bytes): a read then a write, or only the write"},
    {"asid", VMLAB_PARAM_INT, "0", VMLAB_RANGE(0, 4095), NULL, "address-space id of the process"},
    {0},
};

const struct vmlab_format vmlab_format_lackey = {
    .abi = VMLAB_WORKLOAD_ABI,
    .name = "lackey",
    .summary = "Valgrind lackey --trace-mem=yes output: I/L/S/M lines (read)",
    .params = lackey_params,
    .probe = lackey_probe,
    .open = lackey_open,
};
