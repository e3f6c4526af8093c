/*
 * output.c - the atomic, buffered byte sink of trace writers (output.h).
 */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/output.h"

#define OUTPUT_BUF (256 * 1024)

struct vmlab_output {
    char *path; /* target */
    char *tmp;  /* temporary file (NULL for standard output) */
    int fd;
    uint8_t *buf; /* buf[0..len) not yet written */
    size_t len;
    uint64_t off; /* bytes accepted so far */
};

static int write_all(struct vmlab_output *o, const void *data, size_t n, struct vmlab_error *err)
{
    const uint8_t *p = data;
    while (n > 0) {
        ssize_t k = write(o->fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return vmlab_error_set(err, VMLAB_ESYSTEM, "%s: cannot write: %s", o->path,
                                   strerror(errno));
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

static int flush(struct vmlab_output *o, struct vmlab_error *err)
{
    int rc = write_all(o, o->buf, o->len, err);
    o->len = 0;
    return rc;
}

static void output_free(struct vmlab_output *o)
{
    free(o->path);
    free(o->tmp);
    free(o->buf);
    free(o);
}

int vmlab_output_open(struct vmlab_output **out, const char *path, struct vmlab_error *err)
{
    struct vmlab_output *o = calloc(1, sizeof *o);
    if (!o || !(o->path = strdup(path)) || !(o->buf = malloc(OUTPUT_BUF))) {
        if (o)
            output_free(o);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    if (!strcmp(path, "-")) {
        o->fd = 1;
        *out = o;
        return 0;
    }
    size_t n = strlen(path) + 16;
    if (!(o->tmp = malloc(n))) {
        output_free(o);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    snprintf(o->tmp, n, "%s.tmp.XXXXXX", path);
    o->fd = mkstemp(o->tmp);
    if (o->fd < 0) {
        int e = errno;
        output_free(o);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "%s: cannot create a file beside it: %s", path,
                               strerror(e));
    }
    mode_t mask = umask(0);
    umask(mask);
    (void)fchmod(o->fd, 0666 & ~mask); /* as a file created normally, not mkstemp's 0600 */
    *out = o;
    return 0;
}

int vmlab_output_write(struct vmlab_output *o, const void *data, size_t n, struct vmlab_error *err)
{
    o->off += n;
    if (o->len + n <= OUTPUT_BUF) {
        memcpy(o->buf + o->len, data, n);
        o->len += n;
        return 0;
    }
    int rc = flush(o, err);
    if (rc)
        return rc;
    if (n >= OUTPUT_BUF / 2)
        return write_all(o, data, n, err);
    memcpy(o->buf, data, n);
    o->len = n;
    return 0;
}

uint64_t vmlab_output_offset(const struct vmlab_output *o)
{
    return o->off;
}

const char *vmlab_output_name(const struct vmlab_output *o)
{
    return o->path;
}

int vmlab_output_commit(struct vmlab_output *o, struct vmlab_error *err)
{
    int rc = flush(o, err);
    if (!o->tmp) {
        output_free(o);
        return rc;
    }
    if (!rc && fsync(o->fd))
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "%s: cannot sync: %s", o->path, strerror(errno));
    if (close(o->fd) && !rc)
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "%s: cannot write: %s", o->path, strerror(errno));
    if (!rc && rename(o->tmp, o->path))
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "%s: cannot rename %s into place: %s", o->path,
                             o->tmp, strerror(errno));
    if (rc)
        unlink(o->tmp);
    output_free(o);
    return rc;
}

void vmlab_output_abort(struct vmlab_output *o)
{
    if (!o)
        return;
    if (o->tmp) {
        close(o->fd);
        unlink(o->tmp);
    }
    output_free(o);
}

/* A stdio stream over an output, so that writers built on FILE * (jansson, fprintf) use it. */
struct cookie {
    struct vmlab_output *o;
    struct vmlab_error err;
    bool failed;
};

static ssize_t cookie_write(void *arg, const char *buf, size_t n)
{
    struct cookie *c = arg;
    if (c->failed || vmlab_output_write(c->o, buf, n, &c->err)) {
        c->failed = true;
        errno = EIO;
        return -1;
    }
    return (ssize_t)n;
}

int vmlab_write_atomic(const char *path, int (*put)(FILE *f, void *arg), void *arg,
                       struct vmlab_error *err)
{
    struct cookie c = {0};
    int rc = vmlab_output_open(&c.o, path, err);
    if (rc)
        return rc;
    FILE *f = fopencookie(&c, "w", (cookie_io_functions_t){.write = cookie_write});
    if (!f) {
        vmlab_output_abort(c.o);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    int bad = put(f, arg);
    bad |= fclose(f) != 0;
    if (bad) {
        vmlab_output_abort(c.o);
        if (c.failed) {
            *err = c.err;
            return err->code;
        }
        return vmlab_error_set(err, VMLAB_ESYSTEM, "%s: cannot write: %s", path, strerror(errno));
    }
    return vmlab_output_commit(c.o, err);
}
