/*
 * capture.h - recording a real program's memory references: the program
 * runs under Valgrind's lackey tool (--trace-mem=yes), whose output comes
 * through a pipe (--log-fd) into the lackey reader, a filter, and a trace
 * writer, as it is produced: no temporary text file, memory bounded.
 */
#ifndef VMLAB_WORKLOADS_CAPTURE_H
#define VMLAB_WORKLOADS_CAPTURE_H

#include <stdbool.h>
#include <stdint.h>

#include <vmlab/error.h>
#include <vmlab/trace.h>

struct vmlab_capture {
    char *const *argv;          /* PROGRAM ARGS..., NULL-ended */
    const char *output;         /* the trace file ("-": standard output) */
    const char *format;         /* writer spec: "native" (default when NULL), "text" */
    const char *valgrind;       /* the valgrind program (NULL: VMLAB_VALGRIND from configure) */
    struct vmlab_filter filter; /* what to keep; with a limit the program is stopped there */
    const char *producer;       /* recorded as metadata "producer" (NULL: "vmlab capture") */
};

struct vmlab_capture_result {
    uint64_t refs;             /* references written */
    bool limited;              /* the limit was reached and the program killed */
    int status;                /* the program's wait(2) status (valgrind passes its exit code on) */
    char valgrind_version[64]; /* "valgrind-3.19.0" */
};

/*
 * Run @c->argv under lackey and write the trace. The file is written only
 * when the capture succeeds (temporary name, renamed). The program failing
 * is not an error (r->status says); valgrind missing or failing to start
 * the program with no reference recorded is. Return: 0 or < 0.
 */
int vmlab_capture_run(const struct vmlab_capture *c, struct vmlab_capture_result *r,
                      struct vmlab_error *err);

/* Quote @argv as a shell would need it, into @buf ("prog 'a b' c"). */
void vmlab_capture_command_line(char *const *argv, char *buf, size_t len);

#endif /* VMLAB_WORKLOADS_CAPTURE_H */
