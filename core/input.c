/*
 * input.c - byte sources for trace readers, decompressing zstd, xz and
 * gzip input recognised by its first bytes.
 *
 *   zstd   28 b5 2f fd               (RFC 8878; any number of frames)
 *   xz     fd 37 7a 58 5a 00         ("\xfd7zXZ\0"; concatenated streams)
 *   gzip   1f 8b                     (RFC 1952; concatenated members)
 *
 * State: a raw buffer of bytes as read (compressed input only) and the
 * buffer of bytes as the format defines them, buf[pos..len) not yet
 * consumed, buf[0] at offset base of the decompressed stream. Plain memory
 * input is its own buffer (no copy beyond the one made at open).
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <lzma.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <vmlab/input.h>

#define INPUT_BUF (256 * 1024) /* decompressed buffer, grown only for long lines */
#define RAW_BUF (128 * 1024)   /* compressed bytes read at a time */
#define LINE_MAX_BYTES (64u << 20)

enum comp { COMP_NONE, COMP_ZSTD, COMP_XZ, COMP_GZIP };

static const char *const comp_names[] = {NULL, "zstd", "xz", "gzip"};

struct vmlab_input {
    char *name;   /* for messages */
    int fd;       /* -1: memory */
    bool own_fd;  /* close fd with the input */
    bool regular; /* fd is a regular file: lseek works */
    enum comp comp;
    uint8_t *raw; /* compressed bytes: raw[raw_pos..raw_len) not yet decoded */
    size_t raw_pos, raw_len, raw_cap;
    bool raw_eof;      /* nothing more to read into raw */
    uint64_t raw_base; /* offset in the file of raw[0] */
    uint8_t *buf;      /* decoded bytes: buf[pos..len) not yet consumed */
    size_t pos, len, cap;
    uint64_t base; /* offset of buf[0] in the decoded stream */
    bool eof;      /* nothing more will be appended to buf */
    uint64_t size; /* plain regular file or memory: bytes */
    uint8_t *mem;  /* memory input: the copy (owned) */
    size_t memlen;
    ZSTD_DStream *zs;
    size_t zhint; /* last ZSTD_decompressStream result: 0 at a frame's end */
    lzma_stream xz;
    bool xz_live;
    z_stream gz;
    bool gz_live;
    uint64_t line;       /* number of the line last returned */
    size_t line_pending; /* bytes of that line (and its '\n') still to consume */
    size_t line_want;    /* bytes to look at for the next newline */
};

static bool is_memory(const struct vmlab_input *in)
{
    return in->fd < 0;
}

static int sys_error(struct vmlab_input *in, struct vmlab_error *err, const char *what)
{
    return vmlab_error_set(err, VMLAB_ESYSTEM, "%s: %s: %s", in->name, what, strerror(errno));
}

/* read(2) into @dst, retried on EINTR. Return: bytes (0 at the end) or -1. */
static ssize_t read_fd(int fd, void *dst, size_t n)
{
    ssize_t k;
    do
        k = read(fd, dst, n);
    while (k < 0 && errno == EINTR);
    return k;
}

static int corrupt(struct vmlab_input *in, struct vmlab_error *err, const char *what)
{
    return vmlab_error_set(
        err, VMLAB_EINPUT, "%s: %s data %s at compressed byte %llu (decompressed byte %llu)",
        in->name, comp_names[in->comp], what, (unsigned long long)(in->raw_base + in->raw_pos),
        (unsigned long long)(in->base + in->len));
}

/* Refill raw when it is used up. Return: 0 or < 0. */
static int raw_fill(struct vmlab_input *in, struct vmlab_error *err)
{
    if (in->raw_pos < in->raw_len || in->raw_eof)
        return 0;
    if (is_memory(in)) {
        in->raw_eof = true;
        return 0;
    }
    in->raw_base += in->raw_len;
    in->raw_pos = in->raw_len = 0;
    ssize_t k = read_fd(in->fd, in->raw, in->raw_cap);
    if (k < 0)
        return sys_error(in, err, "read failed");
    if (k == 0)
        in->raw_eof = true;
    in->raw_len = (size_t)k;
    return 0;
}

static int decoder_start(struct vmlab_input *in, struct vmlab_error *err)
{
    switch (in->comp) {
    case COMP_NONE: return 0;
    case COMP_ZSTD:
        if (!in->zs && !(in->zs = ZSTD_createDStream()))
            return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
        ZSTD_DCtx_reset(in->zs, ZSTD_reset_session_only);
        in->zhint = 1;
        return 0;
    case COMP_XZ:
        if (in->xz_live)
            lzma_end(&in->xz);
        in->xz = (lzma_stream)LZMA_STREAM_INIT;
        in->xz_live = lzma_stream_decoder(&in->xz, UINT64_MAX, LZMA_CONCATENATED) == LZMA_OK;
        return in->xz_live ? 0 : vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory (xz)");
    case COMP_GZIP:
        if (in->gz_live)
            return inflateReset(&in->gz) == Z_OK ? 0 : corrupt(in, err, "reset");
        memset(&in->gz, 0, sizeof in->gz);
        in->gz_live = inflateInit2(&in->gz, 15 + 16) == Z_OK;
        return in->gz_live ? 0 : vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory (zlib)");
    }
    return 0;
}

/* Decode some raw bytes into buf[len..cap). Return: 0 (maybe setting eof) or < 0. */
static int decode_some(struct vmlab_input *in, struct vmlab_error *err)
{
    int rc = raw_fill(in, err);
    if (rc)
        return rc;
    size_t before = in->len;
    bool in_done = in->raw_eof && in->raw_pos == in->raw_len;
    switch (in->comp) {
    case COMP_NONE: return 0;
    case COMP_ZSTD: {
        if (in_done && in->zhint == 0) {
            in->eof = true; /* the last frame ended with the input */
            return 0;
        }
        ZSTD_inBuffer zi = {in->raw, in->raw_len, in->raw_pos};
        ZSTD_outBuffer zo = {in->buf, in->cap, in->len};
        size_t r = ZSTD_decompressStream(in->zs, &zo, &zi);
        if (ZSTD_isError(r))
            return corrupt(in, err, ZSTD_getErrorName(r));
        in->raw_pos = zi.pos;
        in->len = zo.pos;
        in->zhint = r;
        if (in_done && in->len == before && in->zhint)
            return corrupt(in, err, "truncated (the input ends inside a frame)");
        return 0;
    }
    case COMP_XZ: {
        in->xz.next_in = in->raw + in->raw_pos;
        in->xz.avail_in = in->raw_len - in->raw_pos;
        in->xz.next_out = in->buf + in->len;
        in->xz.avail_out = in->cap - in->len;
        lzma_ret r = lzma_code(&in->xz, in_done ? LZMA_FINISH : LZMA_RUN);
        in->raw_pos = in->raw_len - in->xz.avail_in;
        in->len = in->cap - in->xz.avail_out;
        if (r == LZMA_STREAM_END) {
            in->eof = true;
            return 0;
        }
        if (r == LZMA_BUF_ERROR && in_done)
            return corrupt(in, err, "truncated (the input ends inside a stream)");
        if (r != LZMA_OK && r != LZMA_BUF_ERROR)
            return corrupt(in, err, r == LZMA_MEM_ERROR ? "needs too much memory" : "corrupt");
        return 0;
    }
    case COMP_GZIP: {
        in->gz.next_in = in->raw + in->raw_pos;
        in->gz.avail_in = (uInt)(in->raw_len - in->raw_pos);
        in->gz.next_out = in->buf + in->len;
        in->gz.avail_out = (uInt)(in->cap - in->len);
        int r = inflate(&in->gz, Z_NO_FLUSH);
        in->raw_pos = in->raw_len - in->gz.avail_in;
        in->len = in->cap - in->gz.avail_out;
        if (r == Z_STREAM_END) {
            /* another member may follow (gzip files concatenate) */
            rc = raw_fill(in, err);
            if (rc)
                return rc;
            if (in->raw_eof && in->raw_pos == in->raw_len)
                in->eof = true;
            else if (inflateReset(&in->gz) != Z_OK)
                return corrupt(in, err, "corrupt");
            return 0;
        }
        if (r == Z_BUF_ERROR && in_done && in->len == before)
            return corrupt(in, err, "truncated (the input ends inside a member)");
        if (r != Z_OK && r != Z_BUF_ERROR)
            return corrupt(in, err, in->gz.msg ? in->gz.msg : "corrupt");
        return 0;
    }
    }
    return 0;
}

/* Append to buf what the source has, once. Return: 0 or < 0. */
static int produce(struct vmlab_input *in, struct vmlab_error *err)
{
    if (in->comp != COMP_NONE)
        return decode_some(in, err);
    ssize_t k = read_fd(in->fd, in->buf + in->len, in->cap - in->len);
    if (k < 0)
        return sys_error(in, err, "read failed");
    if (k == 0)
        in->eof = true;
    in->len += (size_t)k;
    return 0;
}

long vmlab_input_peek(struct vmlab_input *in, size_t want, const uint8_t **p,
                      struct vmlab_error *err)
{
    if (in->len - in->pos < want && !in->eof) {
        if (in->pos > 0) {
            memmove(in->buf, in->buf + in->pos, in->len - in->pos);
            in->base += in->pos;
            in->len -= in->pos;
            in->pos = 0;
        }
        if (want > in->cap) {
            size_t nc = in->cap;
            while (nc < want)
                nc *= 2;
            uint8_t *nb = realloc(in->buf, nc);
            if (!nb)
                return vmlab_error_set(err, VMLAB_ESYSTEM, "%s: out of memory", in->name);
            in->buf = nb;
            in->cap = nc;
        }
        while (in->len < want && !in->eof) {
            int rc = produce(in, err);
            if (rc)
                return rc;
        }
    }
    *p = in->buf + in->pos;
    return (long)(in->len - in->pos);
}

void vmlab_input_skip(struct vmlab_input *in, size_t n)
{
    in->pos += n < in->len - in->pos ? n : in->len - in->pos;
}

long vmlab_input_read(struct vmlab_input *in, void *dst, size_t n, struct vmlab_error *err)
{
    uint8_t *d = dst;
    if (n == 0)
        return 0;
    size_t got = in->len - in->pos < n ? in->len - in->pos : n;
    memcpy(d, in->buf + in->pos, got);
    in->pos += got;
    if (got < n && in->comp == COMP_NONE && !is_memory(in) && n - got >= in->cap / 2) {
        /* large read of a plain file: straight into the caller's memory */
        in->base += in->len;
        in->pos = in->len = 0;
        while (got < n && !in->eof) {
            ssize_t k = read_fd(in->fd, d + got, n - got);
            if (k < 0)
                return sys_error(in, err, "read failed");
            if (k == 0)
                in->eof = true;
            got += (size_t)k;
            in->base += (uint64_t)k;
        }
        return (long)got;
    }
    while (got < n) {
        const uint8_t *p = NULL; /* set by a successful vmlab_input_peek */
        size_t want = n - got < in->cap ? n - got : in->cap;
        long k = vmlab_input_peek(in, want, &p, err);
        if (k < 0)
            return k;
        if (k == 0)
            break;
        size_t take = (size_t)k < n - got ? (size_t)k : n - got;
        memcpy(d + got, p, take);
        in->pos += take;
        got += take;
    }
    return (long)got;
}

int vmlab_input_line(struct vmlab_input *in, const char **line, size_t *len,
                     struct vmlab_error *err)
{
    vmlab_input_skip(in, in->line_pending);
    in->line_pending = 0;
    size_t want = in->line_want;
    for (;;) {
        const uint8_t *p = NULL; /* set by a successful vmlab_input_peek */
        long k = vmlab_input_peek(in, want, &p, err);
        if (k < 0)
            return (int)k;
        const uint8_t *nl = memchr(p, '\n', (size_t)k);
        size_t n;
        if (nl) {
            n = (size_t)(nl - p);
            in->line_pending = n + 1;
        } else if ((size_t)k < want) {
            if (k == 0)
                return 0;
            n = (size_t)k; /* the last line, without '\n' */
            in->line_pending = n;
        } else {
            if ((size_t)k >= LINE_MAX_BYTES)
                return vmlab_error_set(err, VMLAB_EINPUT, "%s:%llu: line longer than %u MiB",
                                       in->name, (unsigned long long)in->line + 1,
                                       LINE_MAX_BYTES >> 20);
            want = 2 * (size_t)k;
            continue;
        }
        if (n > 0 && p[n - 1] == '\r')
            n--;
        in->line++;
        *line = (const char *)p;
        *len = n;
        return 1;
    }
}

uint64_t vmlab_input_line_number(const struct vmlab_input *in)
{
    return in->line;
}

uint64_t vmlab_input_offset(const struct vmlab_input *in)
{
    return in->base + in->pos;
}

/* Reset the decoding state to the first byte of the source (already positioned there). */
static int restart(struct vmlab_input *in, struct vmlab_error *err)
{
    in->line = 0;
    in->line_pending = 0;
    in->base = 0;
    in->pos = 0;
    if (is_memory(in) && in->comp == COMP_NONE) {
        in->len = in->memlen;
        in->eof = true;
        return 0;
    }
    in->len = 0;
    in->eof = false;
    if (is_memory(in)) {
        in->raw_pos = 0;
    } else {
        in->raw_pos = in->raw_len = 0;
        in->raw_base = 0;
        in->raw_eof = false;
    }
    return decoder_start(in, err);
}

int vmlab_input_rewind(struct vmlab_input *in, struct vmlab_error *err)
{
    if (!is_memory(in)) {
        if (!in->regular || lseek(in->fd, 0, SEEK_SET) < 0)
            return vmlab_error_set(err, VMLAB_EINPUT,
                                   "%s: cannot be read twice (a pipe?); save it to a file first",
                                   in->name);
    }
    return restart(in, err);
}

bool vmlab_input_seekable(const struct vmlab_input *in)
{
    return in->comp == COMP_NONE && (is_memory(in) || in->regular);
}

uint64_t vmlab_input_size(const struct vmlab_input *in)
{
    return vmlab_input_seekable(in) ? in->size : 0;
}

int vmlab_input_seek(struct vmlab_input *in, uint64_t off, struct vmlab_error *err)
{
    if (!vmlab_input_seekable(in))
        return vmlab_error_set(err, VMLAB_EINPUT, "%s: cannot seek in %s input", in->name,
                               in->comp ? "compressed" : "this");
    in->line_pending = 0;
    if (off > in->size)
        off = in->size;
    if (off >= in->base && off <= in->base + in->len) {
        in->pos = (size_t)(off - in->base);
        return 0;
    }
    if (lseek(in->fd, (off_t)off, SEEK_SET) < 0)
        return sys_error(in, err, "seek failed");
    in->base = off;
    in->pos = in->len = 0;
    in->eof = false;
    return 0;
}

const char *vmlab_input_name(const struct vmlab_input *in)
{
    return in->name;
}

const char *vmlab_input_compression(const struct vmlab_input *in)
{
    return comp_names[in->comp];
}

static enum comp comp_of(const uint8_t *p, size_t n)
{
    static const uint8_t zstd[] = {0x28, 0xb5, 0x2f, 0xfd};
    static const uint8_t xz[] = {0xfd, '7', 'z', 'X', 'Z', 0x00};
    if (n >= sizeof zstd && !memcmp(p, zstd, sizeof zstd))
        return COMP_ZSTD;
    if (n >= sizeof xz && !memcmp(p, xz, sizeof xz))
        return COMP_XZ;
    if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b)
        return COMP_GZIP;
    return COMP_NONE;
}

static struct vmlab_input *input_new(const char *name)
{
    struct vmlab_input *in = calloc(1, sizeof *in);
    if (!in)
        return NULL;
    in->fd = -1;
    in->line_want = 256;
    in->name = strdup(name);
    if (!in->name) {
        free(in);
        return NULL;
    }
    return in;
}

/* With the source's first bytes in buf[0..len), choose plain or a decoder. */
static int detect(struct vmlab_input *in, struct vmlab_error *err)
{
    in->comp = comp_of(in->buf, in->len);
    if (in->comp == COMP_NONE)
        return 0;
    /* those bytes were compressed: they become the raw buffer */
    if (is_memory(in)) {
        in->raw = in->mem;
        in->raw_len = in->memlen;
        in->raw_eof = true;
        in->buf = malloc(INPUT_BUF);
        in->cap = INPUT_BUF;
    } else {
        uint8_t *t = in->raw;
        in->raw = in->buf;
        in->raw_cap = in->cap;
        in->raw_len = in->len;
        in->buf = t;
        in->cap = RAW_BUF;
    }
    in->raw_pos = 0;
    in->len = 0;
    in->eof = false;
    if (!in->buf)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    return decoder_start(in, err);
}

static int fd_setup(struct vmlab_input *in, struct vmlab_error *err)
{
    struct stat st;
    if (fstat(in->fd, &st) == 0 && S_ISREG(st.st_mode)) {
        in->regular = true;
        in->size = (uint64_t)st.st_size;
    } else if (fstat(in->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        return vmlab_error_set(err, VMLAB_EINPUT, "%s: is a folder, not a trace file", in->name);
    }
    in->buf = malloc(INPUT_BUF);
    in->raw = malloc(RAW_BUF);
    in->cap = INPUT_BUF;
    in->raw_cap = RAW_BUF;
    if (!in->buf || !in->raw)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    /* enough bytes to recognise a compressor (pipes may deliver them piecemeal) */
    while (in->len < 6 && !in->eof) {
        int rc = produce(in, err);
        if (rc)
            return rc;
    }
    return detect(in, err);
}

int vmlab_input_fd(struct vmlab_input **out, int fd, const char *name, bool own,
                   struct vmlab_error *err)
{
    struct vmlab_input *in = input_new(name);
    if (!in)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    in->fd = fd;
    in->own_fd = own;
    int rc = fd_setup(in, err);
    if (rc) {
        vmlab_input_close(in);
        return rc;
    }
    *out = in;
    return 0;
}

/*
 * Standard input is copied, once per process, into an unlinked temporary
 * file; each open reads that file through a descriptor of its own. So
 * standard input can be probed, opened by every cell of a sweep, rewound
 * (OPT's second pass), and it still takes no memory.
 */
static pthread_mutex_t spool_lock = PTHREAD_MUTEX_INITIALIZER;
static int spool_fd = -1;

static int spool_stdin(struct vmlab_error *err)
{
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/vmlab-stdin.XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return vmlab_error_set(err, VMLAB_ESYSTEM,
                               "<stdin>: cannot create a temporary file "
                               "to hold it (%s): %s",
                               path, strerror(errno));
    unlink(path);
    uint8_t *buf = malloc(RAW_BUF);
    int rc = buf ? 0 : vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    for (ssize_t k; !rc && (k = read_fd(0, buf, RAW_BUF)) != 0;) {
        if (k < 0) {
            rc = vmlab_error_set(err, VMLAB_ESYSTEM, "<stdin>: read failed: %s", strerror(errno));
            break;
        }
        for (ssize_t done = 0, w; !rc && done < k; done += w)
            if ((w = write(fd, buf + done, (size_t)(k - done))) < 0 && errno != EINTR)
                rc = vmlab_error_set(err, VMLAB_ESYSTEM, "<stdin>: cannot copy it to %s: %s",
                                     dir && *dir ? dir : "/tmp", strerror(errno));
            else if (w < 0)
                w = 0;
    }
    free(buf);
    if (rc) {
        close(fd);
        return rc;
    }
    spool_fd = fd;
    return 0;
}

static int open_stdin(struct vmlab_input **out, struct vmlab_error *err)
{
    pthread_mutex_lock(&spool_lock);
    int rc = spool_fd < 0 ? spool_stdin(err) : 0;
    int fd = -1;
    if (!rc) {
        char p[64];
        snprintf(p, sizeof p, "/proc/self/fd/%d", spool_fd);
        if ((fd = open(p, O_RDONLY | O_CLOEXEC)) < 0)
            rc = vmlab_error_set(err, VMLAB_ESYSTEM, "<stdin>: cannot reopen its copy: %s",
                                 strerror(errno));
    }
    pthread_mutex_unlock(&spool_lock);
    return rc ? rc : vmlab_input_fd(out, fd, "<stdin>", true, err);
}

int vmlab_input_open(struct vmlab_input **out, const char *path, struct vmlab_error *err)
{
    if (!strcmp(path, "-"))
        return open_stdin(out, err);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return vmlab_error_set(err, VMLAB_EINPUT, "%s: cannot open: %s", path, strerror(errno));
    return vmlab_input_fd(out, fd, path, true, err);
}

int vmlab_input_memory(struct vmlab_input **out, const void *data, size_t n, const char *name,
                       struct vmlab_error *err)
{
    struct vmlab_input *in = input_new(name);
    if (!in || !(in->mem = malloc(n ? n : 1))) {
        vmlab_input_close(in);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    if (n)
        memcpy(in->mem, data, n);
    in->memlen = in->size = n;
    in->buf = in->mem;
    in->len = in->cap = n;
    in->eof = true;
    int rc = detect(in, err);
    if (rc) {
        vmlab_input_close(in);
        return rc;
    }
    *out = in;
    return 0;
}

void vmlab_input_close(struct vmlab_input *in)
{
    if (!in)
        return;
    if (in->own_fd && in->fd >= 0)
        close(in->fd);
    if (in->zs)
        ZSTD_freeDStream(in->zs);
    if (in->xz_live)
        lzma_end(&in->xz);
    if (in->gz_live)
        inflateEnd(&in->gz);
    if (in->buf != in->mem)
        free(in->buf);
    if (in->raw != in->mem)
        free(in->raw);
    free(in->mem);
    free(in->name);
    free(in);
}

static int input_verror(const struct vmlab_input *in, struct vmlab_error *err, const char *where,
                        const char *fmt, va_list ap)
{
    char msg[VMLAB_ERROR_MSG_MAX];
    vsnprintf(msg, sizeof msg, fmt, ap);
    return vmlab_error_set(err, VMLAB_EINPUT, "%s:%s: %s", in->name, where, msg);
}

int vmlab_input_error(const struct vmlab_input *in, struct vmlab_error *err, uint64_t off,
                      const char *fmt, ...)
{
    char where[96];
    if (in->comp)
        snprintf(where, sizeof where, " byte %llu of the decompressed %s data",
                 (unsigned long long)off, comp_names[in->comp]);
    else
        snprintf(where, sizeof where, " byte %llu", (unsigned long long)off);
    va_list ap;
    va_start(ap, fmt);
    int rc = input_verror(in, err, where, fmt, ap);
    va_end(ap);
    return rc;
}

int vmlab_input_line_error(const struct vmlab_input *in, struct vmlab_error *err, const char *fmt,
                           ...)
{
    char where[32];
    snprintf(where, sizeof where, "%llu", (unsigned long long)in->line);
    va_list ap;
    va_start(ap, fmt);
    int rc = input_verror(in, err, where, fmt, ap);
    va_end(ap);
    return rc;
}
