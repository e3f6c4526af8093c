/*
 * text.c - the text trace format, for hand-written reference strings and for
 * traces from other tools that print one reference per line.
 *
 * Grammar (a line at a time; '#' starts a comment; commas and white space
 * separate tokens; numbers are decimal or 0x-hex):
 *
 *   line   := refs | column | (empty)
 *   refs   := NUMBER { NUMBER }            each number one read reference
 *   column := NUMBER OP [ASID] | OP NUMBER [ASID]
 *   OP     := R | W | I                    read, write, instruction fetch (any case)
 *
 *   "7 0 1 2 0 3"       six reads of pages 7, 0, 1, 2, 0, 3
 *   "0x7fff1000 W 3"    a write by process 3
 *   "R 42"              a read of 42
 *
 * Numbers are page numbers or byte addresses as the reader's unit says.
 * Errors name the file and line and show the offending token. The reader
 * streams: memory is one buffer (grown only for a line longer than it) and
 * the references of one line that do not fit the caller's block.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <vmlab/workload.h>

#include "text.h"

#define TEXT_BUF (256 * 1024)

struct text {
    int fd;                 /* -1 for a string source */
    char *name;             /* file name for messages */
    enum vmlab_unit unit;
    char *buf;              /* window on the input: buf[pos..len) not yet parsed */
    size_t cap, len, pos;
    bool eof;               /* nothing more to read into buf */
    uint64_t line;          /* number of the next line to parse, from 1 */
    struct vmlab_ref *pend; /* references of a long line that did not fit a block */
    size_t npend, pendpos, pendcap;
    char *src;              /* the string of a string source (owned) */
    size_t srclen;
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
    return vmlab_error_set(err, VMLAB_EINPUT, "%s:%llu: expected %s, got '%.*s'%s", x->name,
                           (unsigned long long)x->line, expected, n > 40 ? 40 : (int)n, t,
                           n > 40 ? "..." : "");
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
            uint64_t asid;
            if (number_of(t2, n2, &asid) || asid > VMLAB_ASID_MAX)
                return bad_token(x, t2, n2, "an ASID (0..4095) as the third column", err);
            r.asid = (uint32_t)asid;
            if (next_token(&s, end, &t3, &n3))
                return bad_token(x, t3, n3,
                                 "the end of the line (columns are ADDR OP [ASID] or OP ADDR [ASID])",
                                 err);
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

/* Make buf[pos..len) hold a whole line (or the rest of the input). Return: 0 or < 0. */
static int refill(struct text *x, struct vmlab_error *err)
{
    if (x->pos > 0) {
        memmove(x->buf, x->buf + x->pos, x->len - x->pos);
        x->len -= x->pos;
        x->pos = 0;
    }
    if (x->len == x->cap) {
        size_t nc = 2 * x->cap;
        char *nb = realloc(x->buf, nc);
        if (!nb)
            return vmlab_error_set(err, VMLAB_ESYSTEM, "%s:%llu: out of memory for a %zu-byte line",
                                   x->name, (unsigned long long)x->line, x->len);
        x->buf = nb;
        x->cap = nc;
    }
    ssize_t k;
    do
        k = read(x->fd, x->buf + x->len, x->cap - x->len);
    while (k < 0 && errno == EINTR);
    if (k < 0)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "%s: read failed: %s", x->name, strerror(errno));
    if (k == 0)
        x->eof = true;
    x->len += (size_t)k;
    return 0;
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
        char *start = x->buf + x->pos;
        char *nl = memchr(start, '\n', x->len - x->pos);
        if (!nl && !x->eof) {
            int rc = refill(x, err);
            if (rc)
                return rc;
            continue;
        }
        if (!nl && x->pos == x->len)
            break; /* end of input */
        char *end = nl ? nl : x->buf + x->len;
        int rc = parse_line(x, start, end, out, cap, &n, err);
        if (rc)
            return rc;
        x->pos = (size_t)(end - x->buf) + (nl ? 1 : 0);
        x->line++;
    }
    /* a long line may have left references pending */
    while (x->pendpos < x->npend && n < cap)
        out[n++] = x->pend[x->pendpos++];
    return (long)n;
}

static int text_rewind(void *state, struct vmlab_error *err)
{
    struct text *x = state;
    x->line = 1;
    x->npend = x->pendpos = 0;
    if (x->src) {
        x->pos = 0;
        return 0;
    }
    if (lseek(x->fd, 0, SEEK_SET) < 0)
        return vmlab_error_set(err, VMLAB_EINPUT, "%s: cannot read it twice (%s); save it to a file",
                               x->name, strerror(errno));
    x->pos = x->len = 0;
    x->eof = false;
    return 0;
}

static void text_close(void *state)
{
    struct text *x = state;
    if (x->fd > 0)
        close(x->fd);
    if (!x->src)
        free(x->buf);
    free(x->src);
    free(x->pend);
    free(x->name);
    free(x);
}

static const struct vmlab_stream_ops text_ops = {
    .read = text_read,
    .rewind = text_rewind,
    .close = text_close,
};

static int text_open(struct vmlab_stream **out, const char *path,
                     const struct vmlab_trace_opts *opts, struct vmlab_error *err)
{
    struct text *x = calloc(1, sizeof *x);
    if (!x)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    x->unit = opts->unit;
    x->line = 1;
    x->cap = TEXT_BUF;
    x->buf = malloc(x->cap);
    x->name = strdup(strcmp(path, "-") ? path : "<stdin>");
    x->fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : 0;
    int rc = 0;
    if (!x->buf || !x->name)
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    else if (x->fd < 0)
        rc = vmlab_error_set(err, VMLAB_EINPUT, "%s: cannot open: %s", path, strerror(errno));
    else if (!(*out = vmlab_stream_new(&text_ops, x, x->unit, 0)))
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    if (rc) {
        if (x->fd < 0)
            x->fd = 0;
        text_close(x);
    }
    return rc;
}

int vmlab_text_open_string(struct vmlab_stream **out, const char *text, const char *name,
                           enum vmlab_unit unit, struct vmlab_error *err)
{
    struct text *x = calloc(1, sizeof *x);
    if (!x)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    x->fd = -1;
    x->unit = unit;
    x->line = 1;
    x->src = strdup(text);
    x->name = strdup(name);
    x->eof = true;
    int rc = 0;
    if (!x->src || !x->name) {
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    } else {
        x->buf = x->src;
        x->len = x->cap = x->srclen = strlen(text);
        if (!(*out = vmlab_stream_new(&text_ops, x, unit, 0)))
            rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    if (rc)
        text_close(x);
    return rc;
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
               "optional R/W/I and ASID columns; # comments",
    .probe = text_probe,
    .open = text_open,
};
