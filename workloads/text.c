/*
 * text.c - the text trace format, for hand-written reference strings and for
 * traces from other tools that print one reference per line.
 *
 * Grammar (a line at a time; '#' starts a comment; commas and white space
 * separate tokens; numbers are decimal or 0x-hex):
 *
 *   line   := refs | column | meta | (empty)
 *   refs   := NUMBER { NUMBER }            each number one read reference
 *   column := NUMBER OP [ASID [SIZE]] | OP NUMBER [ASID [SIZE]]
 *   OP     := R | W | I                    read, write, instruction fetch (any case)
 *   meta   := "#@" KEY "=" VALUE           metadata, before the first reference
 *
 *   "7 0 1 2 0 3"       six reads of pages 7, 0, 1, 2, 0, 3
 *   "0x7fff1000 W 3"    a write by process 3
 *   "0x7fff1000 W 3 8"  the same, of 8 bytes
 *   "R 42"              a read of 42
 *   "#@ unit=byte"      the numbers are byte addresses (unless the reader is told otherwise)
 *
 * Numbers are page numbers or byte addresses as the trace declares
 * ("#@ unit=") or the reader is told (default: page numbers). Errors name
 * the file and line and show the offending token. The reader streams
 * through a vmlab_input (so .zst/.xz/.gz text works): memory is the
 * input's buffer and the references of one line that do not fit the
 * caller's block.
 *
 * The writer writes one reference a line, as compactly as the grammar
 * allows without losing anything: "ADDR" for a read of ASID 0 with no
 * size, else "ADDR OP [ASID [SIZE]]"; page numbers in decimal, byte
 * addresses in 0x-hex; the unit, page size and metadata as "#@" lines.
 */
#include <config.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vmlab/input.h>
#include <vmlab/trace.h>
#include <vmlab/workload.h>

#include "core/output.h"
#include "text.h"

struct text {
    struct vmlab_input *in; /* the bytes (owned) */
    const char *name;       /* the input's name, for messages */
    enum vmlab_unit unit;
    struct vmlab_ref *pend; /* references of a long line that did not fit a block */
    size_t npend, pendpos, pendcap;
};

static bool is_sep(char c)
{
    return c == ' ' || c == '\t' || c == ',' || c == '\r' || c == '\v' || c == '\f';
}

static int op_of(const char *t, size_t n)
{
    if (n != 1)
        return -1;
    switch (t[0]) {
    case 'r': case 'R': return VMLAB_OP_READ;
    case 'w': case 'W': return VMLAB_OP_WRITE;
    case 'i': case 'I': return VMLAB_OP_IFETCH;
    }
    return -1;
}

/* Parse a whole token as a number. Return: 0, or -1 (not a number), -2 (overflow). */
static int number_of(const char *t, size_t n, uint64_t *out)
{
    uint64_t v = 0;
    if (n > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) {
        for (size_t i = 2; i < n; i++) {
            char c = t[i];
            unsigned d;
            if (c >= '0' && c <= '9')
                d = (unsigned)(c - '0');
            else if (c >= 'a' && c <= 'f')
                d = (unsigned)(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                d = (unsigned)(c - 'A' + 10);
            else
                return -1;
            if (v >> 60)
                return -2;
            v = v << 4 | d;
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            char c = t[i];
            if (c < '0' || c > '9')
                return -1;
            unsigned d = (unsigned)(c - '0');
            if (v > (UINT64_MAX - d) / 10)
                return -2;
            v = v * 10 + d;
        }
    }
    *out = v;
    return 0;
}

static int bad_token(struct text *x, const char *t, size_t n, const char *expected,
                     struct vmlab_error *err)
{
    return vmlab_input_line_error(x->in, err, "expected %s, got '%.*s'%s", expected,
                                  n > 40 ? 40 : (int)n, t, n > 40 ? "..." : "");
}

static int address_of(struct text *x, const char *t, size_t n, uint64_t *out,
                      struct vmlab_error *err)
{
    int rc = number_of(t, n, out);
    if (rc == -1)
        return bad_token(x, t, n, "a number (decimal or 0x-hex) or an operation R/W/I", err);
    if (rc == -2)
        return bad_token(x, t, n, "a number below 2^64", err);
    if (x->unit == VMLAB_UNIT_PAGE && *out >= VMLAB_PAGE_LIMIT)
        return bad_token(x, t, n, "a page number below 2^52 - 1", err);
    return 0;
}

/* Append a reference to the caller's block or, when full, to the pending list. */
static int emit(struct text *x, struct vmlab_ref *out, size_t cap, size_t *n,
                struct vmlab_ref r, struct vmlab_error *err)
{
    if (*n < cap) {
        out[(*n)++] = r;
        return 0;
    }
    if (x->npend == x->pendcap) {
        size_t nc = x->pendcap ? 2 * x->pendcap : 1024;
        struct vmlab_ref *p = realloc(x->pend, nc * sizeof *p);
        if (!p)
            return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
        x->pend = p;
        x->pendcap = nc;
    }
    x->pend[x->npend++] = r;
    return 0;
}

/* Next token of [*s, end): its start and length; false at the end or a comment. */
static bool next_token(const char **s, const char *end, const char **t, size_t *n)
{
    const char *p = *s;
    while (p < end && is_sep(*p))
        p++;
    if (p == end || *p == '#') {
        *s = end;
        return false;
    }
    const char *q = p;
    while (q < end && !is_sep(*q) && *q != '#')
        q++;
    *t = p;
    *n = (size_t)(q - p);
    *s = q;
    return true;
}

static int parse_line(struct text *x, const char *s, const char *end, struct vmlab_ref *out,
                      size_t cap, size_t *n, struct vmlab_error *err)
{
    const char *t0, *t1, *t2, *t3;
    size_t n0, n1, n2, n3;
    if (!next_token(&s, end, &t0, &n0))
        return 0;
    int op0 = op_of(t0, n0);
    uint64_t a;
    bool more = next_token(&s, end, &t1, &n1);
    int op1 = more ? op_of(t1, n1) : -1;
    if (op0 >= 0 || op1 >= 0) {
        /* column form: OP ADDR [ASID] or ADDR OP [ASID] */
        const char *at = op0 >= 0 ? t1 : t0;
        size_t an = op0 >= 0 ? n1 : n0;
        if (!more)
            return bad_token(x, t0, n0, "an address after the operation", err);
        int rc = address_of(x, at, an, &a, err);
        if (rc)
            return rc;
        struct vmlab_ref r = {.addr = a, .op = (uint8_t)(op0 >= 0 ? op0 : op1)};
        if (next_token(&s, end, &t2, &n2)) {
            uint64_t asid, size;
            if (number_of(t2, n2, &asid) || asid > VMLAB_ASID_MAX)
                return bad_token(x, t2, n2, "an ASID (0..4095) as the third column", err);
            r.asid = (uint32_t)asid;
            if (next_token(&s, end, &t3, &n3)) {
                if (number_of(t3, n3, &size) || size > UINT16_MAX)
                    return bad_token(x, t3, n3, "a size in bytes (0..65535) as the fourth column",
                                     err);
                r.size = (uint16_t)size;
                if (next_token(&s, end, &t3, &n3))
                    return bad_token(x, t3, n3,
                                     "the end of the line (columns are ADDR OP [ASID [SIZE]] or "
                                     "OP ADDR [ASID [SIZE]])",
                                     err);
            }
        }
        return emit(x, out, cap, n, r, err);
    }
    /* a list of addresses */
    int rc = address_of(x, t0, n0, &a, err);
    if (rc)
        return rc;
    rc = emit(x, out, cap, n, (struct vmlab_ref){.addr = a}, err);
    const char *t = t1;
    size_t tn = n1;
    while (!rc && more) {
        if (op_of(t, tn) >= 0)
            return bad_token(x, t, tn,
                             "an address (an operation letter goes only in ADDR OP [ASID] lines)",
                             err);
        rc = address_of(x, t, tn, &a, err);
        if (!rc)
            rc = emit(x, out, cap, n, (struct vmlab_ref){.addr = a}, err);
        more = next_token(&s, end, &t, &tn);
    }
    return rc;
}

static long text_read(void *state, struct vmlab_ref *out, size_t cap, struct vmlab_error *err)
{
    struct text *x = state;
    size_t n = 0;
    while (x->pendpos < x->npend && n < cap)
        out[n++] = x->pend[x->pendpos++];
    if (x->pendpos == x->npend)
        x->pendpos = x->npend = 0;
    while (n < cap && x->npend == 0) {
        const char *line;
        size_t len;
        int rc = vmlab_input_line(x->in, &line, &len, err);
        if (rc <= 0) {
            if (rc < 0)
                return rc;
            break; /* end of input */
        }
        rc = parse_line(x, line, line + len, out, cap, &n, err);
        if (rc)
            return rc;
    }
    /* a long line may have left references pending */
    while (x->pendpos < x->npend && n < cap)
        out[n++] = x->pend[x->pendpos++];
    return (long)n;
}

static int text_rewind(void *state, struct vmlab_error *err)
{
    struct text *x = state;
    x->npend = x->pendpos = 0;
    return vmlab_input_rewind(x->in, err);
}

static void text_close(void *state)
{
    struct text *x = state;
    vmlab_input_close(x->in);
    free(x->pend);
    free(x);
}

static const struct vmlab_stream_ops text_ops = {
    .read = text_read,
    .rewind = text_rewind,
    .close = text_close,
};

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/*
 * The "#@ key=value" lines of the comment block that opens the input, read
 * from a peek (nothing is consumed: the reader later skips them as comments).
 */
static int read_meta(struct text *x, struct vmlab_meta *m, const char **unit,
                     struct vmlab_error *err)
{
    const uint8_t *p;
    long k = vmlab_input_peek(x->in, 64 * 1024, &p, err);
    if (k < 0)
        return (int)k;
    const char *s = (const char *)p, *end = s + k;
    *unit = NULL;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        if (!nl)
            break; /* a partial line: the block is over as far as we look */
        const char *a = s, *b = nl;
        s = nl + 1;
        while (a < b && is_space(*a))
            a++;
        while (b > a && is_space(b[-1]))
            b--;
        if (a == b)
            continue;
        if (*a != '#')
            break;
        if (b - a < 2 || a[1] != '@')
            continue;
        a += 2;
        while (a < b && is_space(*a))
            a++;
        const char *eq = memchr(a, '=', (size_t)(b - a));
        if (!eq || eq == a)
            continue;
        const char *ke = eq;
        while (ke > a && is_space(ke[-1]))
            ke--;
        const char *v = eq + 1;
        while (v < b && is_space(*v))
            v++;
        char key[128], val[4096];
        snprintf(key, sizeof key, "%.*s", (int)(ke - a), a);
        snprintf(val, sizeof val, "%.*s", (int)(b - v), v);
        if (!strcmp(key, "unit")) {
            *unit = !strcmp(val, "byte") ? "byte" : !strcmp(val, "page") ? "page" : "?";
            if (**unit == '?')
                return vmlab_error_set(err, VMLAB_EINPUT,
                                       "%s: '#@ unit=%s': expected unit=page or unit=byte",
                                       x->name, val);
            continue;
        }
        if (vmlab_meta_set(m, key, val))
            return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    return 0;
}

/* Start a text stream over @in (owned). @unit_given: @unit overrides what the trace declares. */
static int text_start(struct vmlab_stream **out, struct vmlab_input *in, enum vmlab_unit unit,
                      bool unit_given, struct vmlab_error *err)
{
    struct text *x = calloc(1, sizeof *x);
    struct vmlab_meta *m = vmlab_meta_new();
    if (!x || !m) {
        free(x);
        vmlab_meta_free(m);
        vmlab_input_close(in);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    x->in = in;
    x->name = vmlab_input_name(in);
    const char *declared;
    int rc = read_meta(x, m, &declared, err);
    if (!rc && declared && unit_given && strcmp(declared, vmlab_unit_name(unit)))
        rc = vmlab_error_set(err, VMLAB_EINPUT,
                             "%s declares unit=%s (its '#@ unit' line), but unit %s was asked for",
                             x->name, declared, vmlab_unit_name(unit));
    if (!rc && !unit_given && declared)
        unit = strcmp(declared, "byte") ? VMLAB_UNIT_PAGE : VMLAB_UNIT_BYTE;
    x->unit = unit;
    if (!rc && !(*out = vmlab_stream_new(&text_ops, x, unit, 0)))
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    if (rc) {
        vmlab_meta_free(m);
        text_close(x);
        return rc;
    }
    if (m->n)
        (*out)->meta = m;
    else
        vmlab_meta_free(m);
    return 0;
}

static int text_open(struct vmlab_stream **out, struct vmlab_input *in,
                     const struct vmlab_trace_opts *opts, const struct vmlab_params *params,
                     struct vmlab_error *err)
{
    return text_start(out, in, opts->unit_given ? opts->unit : VMLAB_UNIT_PAGE, opts->unit_given,
                      err);
}

int vmlab_text_open_string(struct vmlab_stream **out, const char *text, const char *name,
                           enum vmlab_unit unit, struct vmlab_error *err)
{
    struct vmlab_input *in;
    int rc = vmlab_input_memory(&in, text, strlen(text), name, err);
    if (rc)
        return rc;
    return text_start(out, in, unit, true, err);
}

/* ---- the writer ---- */

struct text_writer {
    struct vmlab_output *out;  /* borrowed */
    bool hex;                  /* byte addresses: 0x-hex */
    char *buf;                 /* a block's lines */
};

#define TEXT_LINE_MAX 48 /* "0x" + 16 digits, " W", " 4095", " 65535", '\n' */

static char *put_dec(char *p, uint64_t v)
{
    char t[24];
    int n = 0;
    do
        t[n++] = (char)('0' + v % 10);
    while ((v /= 10));
    while (n)
        *p++ = t[--n];
    return p;
}

static char *put_hex(char *p, uint64_t v)
{
    static const char digits[] = "0123456789abcdef";
    *p++ = '0';
    *p++ = 'x';
    int shift = 60;
    while (shift > 0 && !(v >> shift))
        shift -= 4;
    for (; shift >= 0; shift -= 4)
        *p++ = digits[(v >> shift) & 15];
    return p;
}

static int text_write(void *state, const struct vmlab_ref *refs, size_t n,
                      struct vmlab_error *err)
{
    struct text_writer *w = state;
    while (n > 0) {
        size_t k = n < VMLAB_BLOCK_REFS ? n : VMLAB_BLOCK_REFS;
        char *p = w->buf;
        for (size_t i = 0; i < k; i++) {
            const struct vmlab_ref *r = &refs[i];
            p = w->hex ? put_hex(p, r->addr) : put_dec(p, r->addr);
            if (r->op != VMLAB_OP_READ || r->asid || r->size) {
                *p++ = ' ';
                *p++ = *vmlab_op_name((enum vmlab_op)r->op);
                if (r->asid || r->size) {
                    *p++ = ' ';
                    p = put_dec(p, r->asid);
                }
                if (r->size) {
                    *p++ = ' ';
                    p = put_dec(p, r->size);
                }
            }
            *p++ = '\n';
        }
        int rc = vmlab_output_write(w->out, w->buf, (size_t)(p - w->buf), err);
        if (rc)
            return rc;
        refs += k;
        n -= k;
    }
    return 0;
}

static int text_finish(void *state, struct vmlab_error *err)
{
    return 0;
}

static void text_writer_free(void *state)
{
    struct text_writer *w = state;
    free(w->buf);
    free(w);
}

static const struct vmlab_writer_ops text_writer_ops = {
    .write = text_write,
    .finish = text_finish,
    .free = text_writer_free,
};

/* Write "#@ key=value" with newlines in either turned into spaces. */
static int put_meta(struct vmlab_output *o, const char *key, const char *value,
                    struct vmlab_error *err)
{
    size_t n = strlen(key) + strlen(value) + 6;
    char *line = malloc(n);
    if (!line)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    snprintf(line, n, "#@ %s=%s\n", key, value);
    for (char *c = line; c[1]; c++)
        if (*c == '\n' || *c == '\r')
            *c = ' ';
    int rc = vmlab_output_write(o, line, strlen(line), err);
    free(line);
    return rc;
}

static int text_create(void **state, const struct vmlab_writer_ops **ops, struct vmlab_output *out,
                       const struct vmlab_trace_header *h, const struct vmlab_params *params,
                       struct vmlab_error *err)
{
    struct text_writer *w = calloc(1, sizeof *w);
    if (!w || !(w->buf = malloc(VMLAB_BLOCK_REFS * TEXT_LINE_MAX))) {
        free(w);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    w->out = out;
    w->hex = h->unit == VMLAB_UNIT_BYTE;
    static const char title[] = "# vmlab text trace: ADDR [OP [ASID [SIZE]]] a line "
                                "(docs/traces.md)\n";
    char ps[32];
    snprintf(ps, sizeof ps, "%llu", (unsigned long long)h->page_size);
    int rc = vmlab_output_write(out, title, sizeof title - 1, err);
    if (!rc)
        rc = put_meta(out, "unit", vmlab_unit_name(h->unit), err);
    if (!rc && h->page_size)
        rc = put_meta(out, "page_size", ps, err);
    for (size_t i = 0; !rc && h->meta && i < h->meta->n; i++)
        if (strcmp(h->meta->keys[i], "unit") && strcmp(h->meta->keys[i], "page_size"))
            rc = put_meta(out, h->meta->keys[i], h->meta->values[i], err);
    if (rc) {
        text_writer_free(w);
        return rc;
    }
    *state = w;
    *ops = &text_writer_ops;
    return 0;
}

/* Text: printable ASCII and white space only. */
static int text_probe(const uint8_t *head, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t c = head[i];
        if (!(c == '\n' || c == '\r' || c == '\t' || (c >= 0x20 && c < 0x7f)))
            return 0;
    }
    return 1;
}

const struct vmlab_format vmlab_format_text = {
    .abi = VMLAB_WORKLOAD_ABI,
    .name = "text",
    .summary = "one reference per line or many per line; decimal or 0x-hex; "
               "optional R/W/I, ASID and size columns; # comments (read, write)",
    .probe = text_probe,
    .open = text_open,
    .create = text_create,
};
