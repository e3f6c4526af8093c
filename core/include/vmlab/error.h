/*
 * vmlab/error.h - error reporting shared by every module.
 *
 * Functions that can fail return 0 on success or a negative error code, and
 * fill a caller-provided struct vmlab_error with a one-line message that says
 * where (JSON path, file:line or byte offset) and what was expected. Only the
 * command-line layer prints the message and chooses the exit status:
 * VMLAB_EINPUT (bad config, usage or trace) exits 2, anything else exits 1.
 */
#ifndef VMLAB_ERROR_H
#define VMLAB_ERROR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

enum vmlab_errcode {
    VMLAB_OK = 0,
    VMLAB_EINPUT = -1,   /* bad input: config, usage, parameter, trace content */
    VMLAB_ESYSTEM = -2,  /* a runtime failure: I/O, memory, a subprocess, a misbehaving policy */
    VMLAB_EPLUGIN = -3,  /* a plugin misbehaved or could not be loaded */
};

#define VMLAB_ERROR_MSG_MAX 1024

struct vmlab_error {
    int code;                       /* one of enum vmlab_errcode */
    char msg[VMLAB_ERROR_MSG_MAX];  /* one line, no trailing newline */
};

/* Fill @err (may be NULL) with @code and a printf-style message. Return: @code. */
int vmlab_error_set(struct vmlab_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prepend "CONTEXT: " to the message already in @err (keeps its code). Return: err->code. */
int vmlab_error_prefix(struct vmlab_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Reset @err to "no error". */
void vmlab_error_clear(struct vmlab_error *err);

/*
 * Write "; did you mean 'x'?" into @buf for the closest of the @n @names to
 * @name (edit distance at most 2), or "" when none is close.
 */
void vmlab_suggest(const char *name, const char *const *names, size_t n, char *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* VMLAB_ERROR_H */
