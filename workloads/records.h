/*
 * records.h - what the readers of fixed-size binary records share
 * (champsim, oracleGeneral): reading whole records a chunk at a time, and
 * naming a record that the input cuts short.
 */
#ifndef VMLAB_WORKLOADS_RECORDS_H
#define VMLAB_WORKLOADS_RECORDS_H

#include <stddef.h>
#include <stdint.h>

#include <vmlab/input.h>

/*
 * Read up to @max records of @size bytes into @buf. Return: the whole
 * records read (0 at the end), or < 0: an I/O error, or the input ending
 * inside a record (a truncated trace: its byte offset and record number).
 */
static inline long records_read(struct vmlab_input *in, uint8_t *buf, size_t size, size_t max,
                                const char *format, struct vmlab_error *err)
{
    uint64_t off = vmlab_input_offset(in);
    long k = vmlab_input_read(in, buf, size * max, err);
    if (k < 0)
        return k;
    if ((size_t)k % size) {
        uint64_t at = off + (uint64_t)k - (uint64_t)k % size;
        return vmlab_input_error(in, err, at,
                                 "truncated: the last %s record (number %llu) has %zu of its %zu "
                                 "bytes",
                                 format, (unsigned long long)(at / size), (size_t)k % size, size);
    }
    return k / (long)size;
}

#endif /* VMLAB_WORKLOADS_RECORDS_H */
