/*
 * error.c - struct vmlab_error: one-line messages that say where and what.
 */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <vmlab/error.h>

int vmlab_error_set(struct vmlab_error *err, int code, const char *fmt, ...)
{
    if (!err)
        return code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    err->code = code;
    return code;
}

int vmlab_error_prefix(struct vmlab_error *err, const char *fmt, ...)
{
    if (!err)
        return VMLAB_EINPUT;
    char prefix[VMLAB_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    size_t plen = strlen(prefix), mlen = strlen(err->msg);
    if (plen + 2 >= sizeof err->msg)
        plen = sizeof err->msg - 3;
    if (plen + 2 + mlen >= sizeof err->msg)
        mlen = sizeof err->msg - plen - 3;
    memmove(err->msg + plen + 2, err->msg, mlen);
    memcpy(err->msg, prefix, plen);
    err->msg[plen] = ':';
    err->msg[plen + 1] = ' ';
    err->msg[plen + 2 + mlen] = '\0';
    return err->code;
}

void vmlab_error_clear(struct vmlab_error *err)
{
    if (err) {
        err->code = VMLAB_OK;
        err->msg[0] = '\0';
    }
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 31 || lb > 31)
        return 99;
    size_t d[32][32];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            size_t c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            size_t x = d[i - 1][j] + 1, y = d[i][j - 1] + 1;
            d[i][j] = c < x ? (c < y ? c : y) : (x < y ? x : y);
        }
    return d[la][lb];
}

void vmlab_suggest(const char *name, const char *const *names, size_t n, char *buf, size_t len)
{
    size_t best = 3;
    const char *pick = NULL;
    for (size_t i = 0; i < n; i++) {
        size_t d = edit_distance(name, names[i]);
        if (d < best) {
            best = d;
            pick = names[i];
        }
    }
    if (pick)
        snprintf(buf, len, "; did you mean '%s'?", pick);
    else
        buf[0] = '\0';
}
