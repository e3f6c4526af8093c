/*
 * vmlab/input.h - a byte source for trace readers: a file, standard input,
 * a pipe or bytes in memory, decompressed on the fly when it starts with
 * the magic bytes of zstd, xz or gzip (never judged by its name).
 *
 * Every trace reader reads through one, so compression is handled once and
 * the format probe sees decompressed bytes: a ".txt.zst" text trace, an
 * ".xz" ChampSim trace and a ".zst" oracleGeneral trace all just work.
 * Offsets are offsets in the decompressed bytes (the bytes the format
 * defines); error messages built with vmlab_input_error() say which.
 *
 *   fd / memory ──► raw buffer ──► zstd | xz | gzip | (copy) ──► buffer ──► reader
 *                                                                 └ peek: the probe
 *
 * Memory is two fixed buffers (the decompressed one grows only for a text
 * line longer than it), so a trace larger than memory streams.
 */
#ifndef VMLAB_INPUT_H
#define VMLAB_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vmlab/error.h>

#ifdef __cplusplus
extern "C" {
#endif

struct vmlab_input;

/* Open file @path ("-": standard input). Return: 0 or < 0 (VMLAB_EINPUT: cannot open). */
int vmlab_input_open(struct vmlab_input **out, const char *path, struct vmlab_error *err);

/*
 * Read from descriptor @fd (a pipe from a subprocess, say), named @name in
 * messages; with @own the descriptor is closed with the input. Return: 0 or < 0.
 */
int vmlab_input_fd(struct vmlab_input **out, int fd, const char *name, bool own,
                   struct vmlab_error *err);

/* Read the @n bytes at @data (copied), named @name in messages. Return: 0 or < 0. */
int vmlab_input_memory(struct vmlab_input **out, const void *data, size_t n, const char *name,
                       struct vmlab_error *err);

/* Close @in (NULL is fine). */
void vmlab_input_close(struct vmlab_input *in);

/*
 * Make at least @want bytes available (fewer only at the end of the input)
 * without consuming them; *@p points at them, valid until the next call on
 * @in. Return: the bytes available (>= 0), or < 0 with @err filled.
 */
long vmlab_input_peek(struct vmlab_input *in, size_t want, const uint8_t **p,
                      struct vmlab_error *err);

/* Consume @n bytes of those the last peek made available. */
void vmlab_input_skip(struct vmlab_input *in, size_t n);

/*
 * Read up to @n bytes into @dst (fewer only at the end). Large reads of an
 * uncompressed file go straight into @dst. Return: bytes read, or < 0.
 */
long vmlab_input_read(struct vmlab_input *in, void *dst, size_t n, struct vmlab_error *err);

/*
 * The next line, without its '\n' (and a '\r' before it); the last line
 * of the input may lack the '\n'. *@line is valid until the next call.
 * Lines are numbered from 1 (vmlab_input_line_number).
 * Return: 1 a line, 0 the end, < 0 an error (a line over 64 MiB, I/O).
 */
int vmlab_input_line(struct vmlab_input *in, const char **line, size_t *len,
                     struct vmlab_error *err);

/* Number of the line vmlab_input_line last returned (0 before the first). */
uint64_t vmlab_input_line_number(const struct vmlab_input *in);

/* Offset of the next byte to be consumed, in the decompressed bytes. */
uint64_t vmlab_input_offset(const struct vmlab_input *in);

/* Back to the first byte. Return: 0, or VMLAB_EINPUT for a pipe. */
int vmlab_input_rewind(struct vmlab_input *in, struct vmlab_error *err);

/*
 * Whether @in can seek: an uncompressed regular file or memory. Then
 * vmlab_input_size is its size in bytes and vmlab_input_seek moves to
 * offset @off. Return: 0 or < 0.
 */
bool vmlab_input_seekable(const struct vmlab_input *in);
uint64_t vmlab_input_size(const struct vmlab_input *in);
int vmlab_input_seek(struct vmlab_input *in, uint64_t off, struct vmlab_error *err);

/* The name given at open ("<stdin>" for standard input). */
const char *vmlab_input_name(const struct vmlab_input *in);

/* "zstd", "xz", "gzip", or NULL when the input is not compressed. */
const char *vmlab_input_compression(const struct vmlab_input *in);

/*
 * Fill @err with VMLAB_EINPUT and "NAME: byte OFF: MESSAGE" (for compressed
 * input "NAME: byte OFF of the decompressed xz data: ..."). Return: VMLAB_EINPUT.
 */
int vmlab_input_error(const struct vmlab_input *in, struct vmlab_error *err, uint64_t off,
                      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The same naming line vmlab_input_line_number() ("NAME:LINE: MESSAGE"). */
int vmlab_input_line_error(const struct vmlab_input *in, struct vmlab_error *err, const char *fmt,
                           ...) __attribute__((format(printf, 3, 4)));

#ifdef __cplusplus
}
#endif

#endif /* VMLAB_INPUT_H */
