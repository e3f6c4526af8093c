/*
 * fuzz_trace.c - the libFuzzer harness of the trace readers (make fuzz).
 * The input is a trace file's bytes; $FUZZ_FORMAT names the reader (a
 * format name, or auto: through the probe and the decompressors). Each
 * input is opened from memory (seekable: the native reader's index path),
 * read to its end in blocks of varying size, rewound, read again, and
 * sought into; any outcome but a crash, a leak, undefined behaviour or a
 * hang is fine, but an error must name the input.
 */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vmlab/vmlab.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *format(void)
{
    const char *f = getenv("FUZZ_FORMAT");
    return f && *f ? f : "auto";
}

static void drain(struct vmlab_stream *s, size_t cap)
{
    static struct vmlab_ref buf[4096];
    struct vmlab_error err = {0};
    for (int blocks = 0; blocks < 100000; blocks++) {
        long k = vmlab_stream_read(s, buf, cap, &err);
        if (k < 0 && !strstr(err.msg, "fuzz-input"))
            abort(); /* an error that does not say where */
        if (k <= 0)
            return;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct vmlab_error err = {0};
    struct vmlab_input *in;
    if (vmlab_input_memory(&in, data, size, "fuzz-input", &err))
        return 0;
    struct vmlab_stream *s;
    struct vmlab_trace_opts o = {.page_size = 4096};
    if (vmlab_trace_open_input(&s, in, format(), &o, &err)) {
        if (err.code == VMLAB_EINPUT && !strstr(err.msg, "fuzz-input"))
            abort();
        return 0;
    }
    size_t cap = size ? 1 + data[size - 1] % 64 : 1;
    drain(s, cap);
    if (!vmlab_stream_rewind(s, &err))
        drain(s, 4096);
    if (!vmlab_stream_seek(s, size / 3, &err))
        drain(s, 7);
    vmlab_stream_close(s);
    return 0;
}
