/*
 * output.h - a buffered byte sink that makes a file appear whole or not at
 * all: bytes go to a temporary file beside the target (PATH.tmp.XXXXXX),
 * which is synced and renamed over PATH on commit and removed on abort.
 * "-" writes standard output directly. Trace writers, results documents and
 * CSV exports write through it.
 */
#ifndef VMLAB_CORE_OUTPUT_H
#define VMLAB_CORE_OUTPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <vmlab/error.h>

struct vmlab_output;

/* Start writing @path ("-": standard output). Return: 0 or VMLAB_ESYSTEM. */
int vmlab_output_open(struct vmlab_output **out, const char *path, struct vmlab_error *err);

/* Append @n bytes. Return: 0 or VMLAB_ESYSTEM (disk full...). */
int vmlab_output_write(struct vmlab_output *o, const void *data, size_t n, struct vmlab_error *err);

/* Bytes written so far (the offset of the next byte). */
uint64_t vmlab_output_offset(const struct vmlab_output *o);

/* The target's name, for messages. */
const char *vmlab_output_name(const struct vmlab_output *o);

/* Flush, sync and rename into place; frees @o. Return: 0 or VMLAB_ESYSTEM (@o freed anyway). */
int vmlab_output_commit(struct vmlab_output *o, struct vmlab_error *err);

/* Remove the temporary file and free @o (NULL is fine). */
void vmlab_output_abort(struct vmlab_output *o);

/*
 * Write @path atomically through an output: @put puts the whole content on
 * the stream it is given and returns 0, or -1 on a write error; the file
 * then appears whole, or keeps its old content. "-" writes standard output.
 * Return: 0 or VMLAB_ESYSTEM.
 */
int vmlab_write_atomic(const char *path, int (*put)(FILE *f, void *arg), void *arg,
                       struct vmlab_error *err);

#endif /* VMLAB_CORE_OUTPUT_H */
