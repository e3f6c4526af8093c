/*
 * reader.h - what trace readers share: refusing a unit that contradicts
 * the format's, and (for the readers of fixed-size binary records,
 * champsim and oracleGeneral) reading whole records a chunk at a time,
 * naming a record that the input cuts short.
 */
#ifndef VMLAB_WORKLOADS_READER_H
#define VMLAB_WORKLOADS_READER_H

#include <stddef.h>
#include <stdint.h>

#include <vmlab/input.h>
#include <vmlab/workload.h>

/*
 * A format whose numbers are always @unit (what: "lackey traces hold byte
 * addresses"): when @opts asks for the other unit, fill @err, close @in.
 * Return: 0, or VMLAB_EINPUT.
 */
static inline int reader_unit_check(struct vmlab_input *in, const struct vmlab_trace_opts *opts,
                                    enum vmlab_unit unit, const char *what, struct vmlab_error *err)
{
    if (!opts->unit_given || opts->unit == unit)
        return 0;
    int rc = vmlab_error_set(err, VMLAB_EINPUT, "%s: %s; unit %s does not apply",
                             vmlab_input_name(in), what, vmlab_unit_name(opts->unit));
    vmlab_input_close(in);
    return rc;
}

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

#endif /* VMLAB_WORKLOADS_READER_H */
