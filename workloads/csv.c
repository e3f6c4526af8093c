/*
 * csv.c - CSV cache traces (read), as libCacheSim's csv reader takes them
 * (its options time-col, obj-id-col, obj-size-col, delimiter, has-header,
 * obj-id-is-num become id, size, op, delimiter, header, ids here), so the
 * CSV request logs of the replacement literature run unchanged:
 *
 *   timestamp,obj_id,obj_size,op          a header naming the columns (optional)
 *   1,42,4096,get                         one request a line
 *   2,"k17",512,set                       fields may be "quoted" ("" is a quote)
 *
 * Each request is one reference to the page that stands for its object id
 * (unit page; ids are numbers, decimal or 0x-hex, or with ids=hash any
 * string, hashed with XXH64; ids at or above 2^52 - 1 are mapped into range,
 * see ids.h). With an op column, get/read-like values are reads and
 * set/write-like values writes (delete requests are skipped: they are not
 * accesses); the size column goes into the reference's size (saturated at
 * 65535), and requests of size 0 are skipped by default, as libCacheSim does.
 *
 * Columns are chosen by 1-based number or by header name; "auto" looks for
 * the usual names in the header (id: obj_id, id, key, object, obj, block,
 * lba, page, addr; size: obj_size, size, bytes, len; op: op, op_type,
 * operation, type, rw). The delimiter is recognised from the first line
 * (the most frequent of , tab ; | space) and the header by a first line
 * that names a column: one of the usual names above (or time, timestamp,
 * clock_time), or a name the options give.
 *
 * Parameters: id (auto), size (auto), op (auto), delimiter (auto), header
 * (auto), ids (num | hash), zero_size (skip | keep), asid (0).
 */
#include <config.h>

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <vmlab/input.h>
#include <vmlab/workload.h>

#include "reader.h"

#include "core/xxh64.h"
#include "ids.h"

#define FIELDS_MAX 256

struct field {
    const char *s;
    size_t n;
};

struct csv {
    struct vmlab_input *in;
    char delim;
    bool header; /* the first line names the columns */
    bool hash_ids;
    bool keep_zero;
    uint32_t asid;
    int id_col, size_col, op_col; /* 0-based; -1: none */
    int need;                     /* fields a line must have: 1 + the largest column used */
    char *first; /* a first line held back (read to recognise the layout, not a header) */
    size_t first_len;
    bool first_pending;
    char *unq; /* scratch for unquoting a field */
    size_t unqcap;
};

static const char *const id_names[] = {"obj_id", "id",  "key",  "object", "obj",     "object_id",
                                       "block",  "lba", "page", "addr",   "address", NULL};
static const char *const size_names[] = {"obj_size", "size", "bytes", "len", "length", NULL};
static const char *const op_names[] = {"op", "op_type", "operation", "type", "rw", "opcode", NULL};
static const char *const time_names[] = {"time",       "timestamp", "ts",
                                         "clock_time", "real_time", NULL};

/* Split @s into fields at @delim (quotes respected). Return: the number of fields. */
static int split(const char *s, size_t n, char delim, struct field *f, int max)
{
    int k = 0;
    size_t i = 0;
    for (;;) {
        size_t start = i;
        if (i < n && s[i] == '"') {
            for (i++; i < n; i++) {
                if (s[i] == '"' && (i + 1 >= n || s[i + 1] != '"'))
                    break;
                if (s[i] == '"')
                    i++; /* "" inside quotes */
            }
            if (i < n)
                i++; /* the closing quote */
        }
        while (i < n && s[i] != delim)
            i++;
        if (k < max)
            f[k] = (struct field){s + start, i - start};
        k++;
        if (i >= n)
            return k;
        i++;
    }
}

/* The field without surrounding blanks and quotes ("" left as is: for header names). */
static struct field trim(struct field f)
{
    while (f.n && (f.s[0] == ' ' || f.s[0] == '\t'))
        f.s++, f.n--;
    while (f.n && (f.s[f.n - 1] == ' ' || f.s[f.n - 1] == '\t'))
        f.n--;
    if (f.n >= 2 && f.s[0] == '"' && f.s[f.n - 1] == '"')
        f.s++, f.n -= 2;
    return f;
}

/*
 * The field's text without surrounding blanks and quotes, "" unescaped into
 * @scratch: valid until the next call with the same scratch.
 */
static struct field clean(struct field f, char **scratch, size_t *cap)
{
    while (f.n && (f.s[0] == ' ' || f.s[0] == '\t'))
        f.s++, f.n--;
    while (f.n && (f.s[f.n - 1] == ' ' || f.s[f.n - 1] == '\t'))
        f.n--;
    if (f.n < 2 || f.s[0] != '"' || f.s[f.n - 1] != '"')
        return f;
    if (*cap < f.n) {
        char *nb = realloc(*scratch, f.n);
        if (!nb)
            return (struct field){f.s + 1, f.n - 2};
        *scratch = nb;
        *cap = f.n;
    }
    size_t m = 0;
    for (size_t i = 1; i + 1 < f.n; i++) {
        (*scratch)[m++] = f.s[i];
        if (f.s[i] == '"' && f.s[i + 1] == '"')
            i++;
    }
    return (struct field){*scratch, m};
}

/* A whole field as an unsigned number: decimal or 0x-hex. Return: 0, or -1. */
static int number(struct field f, uint64_t *v)
{
    uint64_t x = 0;
    if (!f.n)
        return -1;
    if (f.n > 2 && f.s[0] == '0' && (f.s[1] == 'x' || f.s[1] == 'X')) {
        if (f.n > 18)
            return -1;
        for (size_t i = 2; i < f.n; i++) {
            int c = f.s[i];
            if (!isxdigit(c))
                return -1;
            x = x << 4 | (uint64_t)(isdigit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
        }
    } else {
        for (size_t i = 0; i < f.n; i++) {
            if (f.s[i] < '0' || f.s[i] > '9')
                return -1;
            unsigned d = (unsigned)(f.s[i] - '0');
            if (x > (UINT64_MAX - d) / 10)
                return -1;
            x = x * 10 + d;
        }
    }
    *v = x;
    return 0;
}

static bool numeric(struct field f)
{
    uint64_t v;
    if (!number(f, &v))
        return true;
    char *end;
    char buf[64];
    if (f.n == 0 || f.n >= sizeof buf)
        return false;
    memcpy(buf, f.s, f.n);
    buf[f.n] = '\0';
    strtod(buf, &end);
    return *end == '\0';
}

static bool named(struct field f, const char *const *names)
{
    for (size_t i = 0; names[i]; i++)
        if (strlen(names[i]) == f.n && !strncasecmp(f.s, names[i], f.n))
            return true;
    return false;
}

/* The most frequent delimiter of the line (earlier in the list on a tie); ',' when none. */
static char guess_delim(const char *s, size_t n)
{
    static const char cands[] = {',', '\t', ';', '|', ' '};
    char best = ',';
    size_t most = 0;
    for (size_t c = 0; c < sizeof cands; c++) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            k += s[i] == cands[c];
        if (k > most) {
            most = k;
            best = cands[c];
        }
    }
    return best;
}

/*
 * Column @spec ("auto", "none", a 1-based number or a header name) among the
 * @nf header fields @hf. Return: 0 with *col (-1: none), or -1 when a name or
 * number does not fit.
 */
static int column_of(const char *spec, const char *const *names, const struct field *hf, int nf,
                     bool header, int *col)
{
    *col = -1;
    if (!strcmp(spec, "none"))
        return 0;
    if (!strcmp(spec, "auto")) {
        for (int i = 0; header && i < nf && i < FIELDS_MAX; i++)
            if (named(hf[i], names)) {
                *col = i;
                return 0;
            }
        return 0;
    }
    uint64_t v;
    struct field sf = {spec, strlen(spec)};
    if (!number(sf, &v)) {
        if (v < 1 || v > FIELDS_MAX)
            return -1;
        *col = (int)v - 1;
        return 0;
    }
    for (int i = 0; header && i < nf && i < FIELDS_MAX; i++) {
        if (hf[i].n == sf.n && !strncasecmp(hf[i].s, sf.s, sf.n)) {
            *col = i;
            return 0;
        }
    }
    return -1;
}

/* An op column's value: 0 read, 1 write, 2 skip (delete), -1 unknown. */
static int op_value(struct field f)
{
    static const char *const reads[] = {"r", "read", "get", "gets", "load", "l", "0", NULL};
    static const char *const writes[] = {"w",       "write", "set",    "put",     "update", "add",
                                         "replace", "cas",   "append", "prepend", "incr",   "decr",
                                         "store",   "s",     "1",      NULL};
    static const char *const skips[] = {"delete", "del", "remove", NULL};
    if (named(f, reads))
        return 0;
    if (named(f, writes))
        return 1;
    if (named(f, skips))
        return 2;
    return -1;
}

/* Parse one data line into @r. Return: 1 a reference, 0 skipped, < 0 an error. */
static int parse_line(struct csv *x, const char *s, size_t n, struct vmlab_ref *r,
                      struct vmlab_error *err)
{
    struct field f[FIELDS_MAX];
    int nf = split(s, n, x->delim, f, FIELDS_MAX);
    if (n == 0 || (nf == 1 && clean(f[0], &x->unq, &x->unqcap).n == 0))
        return 0; /* a blank line */
    if (nf < x->need)
        return vmlab_input_line_error(
            x->in, err, "%d field%s, but column %d is used (delimiter '%s')", nf,
            nf == 1 ? "" : "s", x->need, x->delim == '\t' ? "\\t" : (char[]){x->delim, 0});
    *r = (struct vmlab_ref){.asid = x->asid, .op = VMLAB_OP_READ};
    if (x->op_col >= 0) {
        struct field o = clean(f[x->op_col], &x->unq, &x->unqcap);
        int v = op_value(o);
        if (v < 0)
            return vmlab_input_line_error(x->in, err,
                                          "column %d: expected an operation (get/read or "
                                          "set/write-like, or delete), got '%.*s'",
                                          x->op_col + 1, o.n > 40 ? 40 : (int)o.n, o.s);
        if (v == 2)
            return 0;
        r->op = (uint8_t)(v ? VMLAB_OP_WRITE : VMLAB_OP_READ);
    }
    if (x->size_col >= 0) {
        uint64_t size;
        struct field z = clean(f[x->size_col], &x->unq, &x->unqcap);
        if (number(z, &size))
            return vmlab_input_line_error(x->in, err,
                                          "column %d: expected an object size in bytes, got "
                                          "'%.*s'",
                                          x->size_col + 1, z.n > 40 ? 40 : (int)z.n, z.s);
        if (!size && !x->keep_zero)
            return 0;
        r->size = trace_size16(size);
    }
    struct field id = clean(f[x->id_col], &x->unq, &x->unqcap);
    uint64_t v;
    if (x->hash_ids) {
        v = vmlab_xxh64(id.s, id.n, 0);
    } else if (number(id, &v)) {
        return vmlab_input_line_error(x->in, err,
                                      "column %d: expected a numeric object id, got '%.*s' "
                                      "(ids=hash takes any string)",
                                      x->id_col + 1, id.n > 40 ? 40 : (int)id.n, id.s);
    }
    r->addr = trace_page_of_id(v);
    return 1;
}

static long csv_read(void *state, struct vmlab_ref *out, size_t cap, struct vmlab_error *err)
{
    struct csv *x = state;
    size_t n = 0;
    while (n < cap) {
        const char *line;
        size_t len;
        int rc;
        if (x->first_pending) {
            x->first_pending = false;
            line = x->first;
            len = x->first_len;
        } else if ((rc = vmlab_input_line(x->in, &line, &len, err)) <= 0) {
            if (rc < 0)
                return rc;
            break;
        }
        rc = parse_line(x, line, len, &out[n], err);
        if (rc < 0)
            return rc;
        n += (size_t)rc;
    }
    return (long)n;
}

/* Read the first line: delimiter, header, columns. Return: 0 or < 0. */
static int csv_layout(struct csv *x, const struct vmlab_params *p, struct vmlab_error *err)
{
    const char *line;
    size_t len;
    int rc = vmlab_input_line(x->in, &line, &len, err);
    if (rc < 0)
        return rc;
    if (rc == 0)
        len = 0, line = "";
    const char *d = vmlab_param_string(p, "delimiter");
    static const char *const dnames[] = {"comma", "tab", "semicolon", "pipe", "space", "colon"};
    static const char dchars[] = {',', '\t', ';', '|', ' ', ':'};
    x->delim = guess_delim(line, len);
    for (size_t i = 0; i < sizeof dchars; i++)
        if (!strcmp(d, dnames[i]))
            x->delim = dchars[i];
    struct field f[FIELDS_MAX];
    int nf = len ? split(line, len, x->delim, f, FIELDS_MAX) : 0;
    for (int i = 0; i < nf && i < FIELDS_MAX; i++)
        f[i] = trim(f[i]);
    const char *h = vmlab_param_string(p, "header");
    const char *id = vmlab_param_string(p, "id"), *size = vmlab_param_string(p, "size"),
               *op = vmlab_param_string(p, "op");
    if (!strcmp(h, "auto")) {
        /* a header names a column we know, or one the options name */
        x->header = false;
        for (int i = 0; i < nf && i < FIELDS_MAX; i++) {
            struct field sf = f[i];
            x->header |= !numeric(sf) && (named(sf, id_names) || named(sf, size_names) ||
                                          named(sf, op_names) || named(sf, time_names) ||
                                          named(sf, (const char *const[]){id, size, op, NULL}));
        }
    } else {
        x->header = !strcmp(h, "true");
    }
    const char *name = vmlab_input_name(x->in);
    if (column_of(id, id_names, f, nf, x->header, &x->id_col) ||
        column_of(size, size_names, f, nf, x->header, &x->size_col) ||
        column_of(op, op_names, f, nf, x->header, &x->op_col))
        return vmlab_error_set(err, VMLAB_EINPUT,
                               "%s: a column (id=%s, size=%s, op=%s) is neither a number 1..%d "
                               "nor a name in the header%s",
                               name, id, size, op, FIELDS_MAX, x->header ? "" : " (it has none)");
    if (x->id_col < 0 && !strcmp(id, "auto")) {
        if (nf <= 1)
            x->id_col = 0; /* one column: the id */
        else
            return vmlab_error_set(err, VMLAB_EINPUT,
                                   "%s: which of the %d columns is the object id? Give "
                                   "csv:id=N (1-based) or a header name%s",
                                   name, nf, x->header ? "" : " (the trace has no header)");
    }
    if (x->id_col < 0)
        return vmlab_error_set(err, VMLAB_EINPUT, "%s: id=none: the object id is needed", name);
    x->need = 1 + x->id_col;
    if (x->size_col + 1 > x->need)
        x->need = x->size_col + 1;
    if (x->op_col + 1 > x->need)
        x->need = x->op_col + 1;
    if (!x->header && rc == 1) {
        if (!(x->first = malloc(len ? len : 1)))
            return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
        memcpy(x->first, line, len);
        x->first_len = len;
        x->first_pending = true;
    }
    return 0;
}

static int csv_rewind(void *state, struct vmlab_error *err)
{
    struct csv *x = state;
    int rc = vmlab_input_rewind(x->in, err);
    if (rc)
        return rc;
    const char *line;
    size_t len;
    rc = vmlab_input_line(x->in, &line, &len, err); /* the first line: header or held back */
    x->first_pending = x->first != NULL;
    return rc < 0 ? rc : 0;
}

static void csv_close(void *state)
{
    struct csv *x = state;
    vmlab_input_close(x->in);
    free(x->first);
    free(x->unq);
    free(x);
}

static const struct vmlab_stream_ops csv_ops = {
    .read = csv_read,
    .rewind = csv_rewind,
    .close = csv_close,
};

static int csv_open(struct vmlab_stream **out, struct vmlab_input *in,
                    const struct vmlab_trace_opts *opts, const struct vmlab_params *params,
                    struct vmlab_error *err)
{
    int rc = reader_unit_check(in, opts, VMLAB_UNIT_PAGE,
                               "CSV cache traces name objects (one page each)", err);
    if (rc)
        return rc;
    struct csv *x = calloc(1, sizeof *x);
    if (!x) {
        vmlab_input_close(in);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    x->in = in;
    x->hash_ids = !strcmp(vmlab_param_string(params, "ids"), "hash");
    x->keep_zero = !strcmp(vmlab_param_string(params, "zero_size"), "keep");
    x->asid = (uint32_t)vmlab_param_int(params, "asid");
    rc = csv_layout(x, params, err);
    if (!rc && !(*out = vmlab_stream_new(&csv_ops, x, VMLAB_UNIT_PAGE, 0)))
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    if (rc)
        csv_close(x);
    return rc;
}

/* Certain when the first line is a header that names an object-id column. */
static int csv_probe(const uint8_t *head, size_t n)
{
    const char *s = (const char *)head;
    const char *nl = memchr(s, '\n', n);
    size_t len = nl ? (size_t)(nl - s) : n;
    if (len && s[len - 1] == '\r')
        len--;
    if (len && s[0] == '#')
        return 0; /* a comment: text traces have them, CSV headers do not */
    for (size_t i = 0; i < len; i++)
        if (!(s[i] == '\t' || (s[i] >= 0x20 && s[i] < 0x7f)))
            return 0;
    char delim = guess_delim(s, len);
    if (!memchr(s, delim, len))
        return 0;
    struct field f[FIELDS_MAX];
    int nf = split(s, len, delim, f, FIELDS_MAX), found = 0;
    for (int i = 0; i < nf && i < FIELDS_MAX && !found; i++)
        found = named(trim(f[i]), id_names);
    return found ? 2 : 0;
}

static const struct vmlab_param_desc csv_params[] = {
    {"id", VMLAB_PARAM_STRING, "auto", VMLAB_ANY, NULL,
     "column of the object id: 1-based number, header name, or auto (obj_id, id, key...)"},
    {"size", VMLAB_PARAM_STRING, "auto", VMLAB_ANY, NULL,
     "column of the object size in bytes: number, name, none, or auto (obj_size, size...)"},
    {"op", VMLAB_PARAM_STRING, "auto", VMLAB_ANY, NULL,
     "column of the operation (get/read, set/write...): number, name, none, or auto (op, type...)"},
    {"delimiter", VMLAB_PARAM_STRING, "auto", VMLAB_ANY,
     "auto|comma|tab|semicolon|pipe|space|colon",
     "field separator; auto: the most frequent of , tab ; | space in the first line"},
    {"header", VMLAB_PARAM_STRING, "auto", VMLAB_ANY, "auto|true|false",
     "whether the first line names the columns; auto: when it holds a usual column name"},
    {"ids", VMLAB_PARAM_STRING, "num", VMLAB_ANY, "num|hash",
     "object ids are numbers (decimal or 0x-hex), or any strings, hashed"},
    {"zero_size", VMLAB_PARAM_STRING, "skip", VMLAB_ANY, "skip|keep",
     "requests of size 0 (with a size column): skipped (as libCacheSim does) or kept"},
    {"asid", VMLAB_PARAM_INT, "0", VMLAB_RANGE(0, 4095), NULL, "address-space id of the requests"},
    {0},
};

const struct vmlab_format vmlab_format_csv = {
    .abi = VMLAB_WORKLOAD_ABI,
    .name = "csv",
    .summary = "CSV cache traces (libCacheSim csv): one request a line, columns by number or "
               "header name (read)",
    .params = csv_params,
    .probe = csv_probe,
    .open = csv_open,
};
