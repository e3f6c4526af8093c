/*
 * capture.c - vmlab capture: a program's references recorded under
 * Valgrind's lackey (capture.h).
 *
 *   vmlab ── fork ─► valgrind --tool=lackey --trace-mem=yes --basic-counts=no --log-fd=N PROGRAM
 * ARGS ▲                                                     │ lines "I  addr,size", " L|S|M
 * addr,size" └──────────── pipe (read end) ◄───────────────────────┘ lackey reader ─► filter (only
 * / skip / window / every / limit) ─► writer (native) ─► OUT.tmp ─► OUT
 *
 * The program's own standard input, output and error are vmlab's. When
 * the filter's limit is reached the program is killed (SIGKILL) and the
 * trace finished. A failed exec is reported through a close-on-exec pipe.
 * The header's metadata records the producer, the command line, the
 * valgrind version, the tool and the filter.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <vmlab/input.h>
#include <vmlab/trace.h>
#include <vmlab/vmlab.h>
#include <vmlab/workload.h>

#include "capture.h"

void vmlab_capture_command_line(char *const *argv, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; argv[i] && used + 1 < len; i++) {
        const char *a = argv[i];
        bool plain = *a != '\0';
        for (const char *c = a; *c; c++)
            plain &= (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                     (*c >= '0' && *c <= '9') || strchr("-_./=:,+@%", *c);
        used += (size_t)snprintf(buf + used, len - used, "%s", i ? " " : "");
        if (plain) {
            used += (size_t)snprintf(buf + used, len - used, "%s", a);
            continue;
        }
        used += (size_t)snprintf(buf + used, len - used, "'");
        for (const char *c = a; *c && used + 5 < len; c++)
            used += (size_t)snprintf(buf + used, len - used, *c == '\'' ? "'\\''" : "%c", *c);
        used += (size_t)snprintf(buf + used, len - used, "'");
    }
    if (used >= len && len > 4)
        memcpy(buf + len - 4, "...", 4);
}

/*
 * Start @argv with @keep_fd left open across exec and, when @out_fd >= 0,
 * @out_fd as its standard output. Return: the child's pid, or -1 with @err
 * filled (the exec's failure included).
 */
static pid_t spawn(char *const *argv, int keep_fd, int out_fd, struct vmlab_error *err)
{
    int ep[2];
    if (pipe2(ep, O_CLOEXEC))
        return vmlab_error_set(err, VMLAB_ESYSTEM, "pipe: %s", strerror(errno)), -1;
    pid_t pid = fork();
    if (pid < 0) {
        close(ep[0]);
        close(ep[1]);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "fork: %s", strerror(errno)), -1;
    }
    if (pid == 0) {
        if (keep_fd >= 0)
            fcntl(keep_fd, F_SETFD, 0);
        if (out_fd >= 0)
            dup2(out_fd, 1);
        execvp(argv[0], argv);
        int e = errno;
        (void)!write(ep[1], &e, sizeof e);
        _exit(127);
    }
    close(ep[1]);
    int e = 0;
    ssize_t k;
    do
        k = read(ep[0], &e, sizeof e);
    while (k < 0 && errno == EINTR);
    close(ep[0]);
    if (k == (ssize_t)sizeof e) {
        waitpid(pid, NULL, 0);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "cannot run %s: %s%s", argv[0], strerror(e),
                               e == ENOENT ? " (vmlab capture needs valgrind: Debian package "
                                             "valgrind, or --valgrind PATH)"
                                           : ""),
               -1;
    }
    return pid;
}

/* "valgrind --version" into @buf. Return: 0 or < 0. */
static int valgrind_version(const char *valgrind, char *buf, size_t len, struct vmlab_error *err)
{
    int p[2];
    if (pipe2(p, O_CLOEXEC))
        return vmlab_error_set(err, VMLAB_ESYSTEM, "pipe: %s", strerror(errno));
    char *argv[] = {(char *)valgrind, "--version", NULL};
    pid_t pid = spawn(argv, -1, p[1], err);
    close(p[1]);
    size_t n = 0;
    ssize_t k;
    while (pid > 0 && n + 1 < len && (k = read(p[0], buf + n, len - 1 - n)) != 0)
        if (k > 0)
            n += (size_t)k;
        else if (errno != EINTR)
            break;
    close(p[0]);
    buf[n] = '\0';
    buf[strcspn(buf, "\r\n")] = '\0';
    if (pid < 0)
        return VMLAB_ESYSTEM;
    int status;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) || !buf[0])
        return vmlab_error_set(err, VMLAB_ESYSTEM, "%s --version failed", valgrind);
    return 0;
}

int vmlab_capture_run(const struct vmlab_capture *c, struct vmlab_capture_result *r,
                      struct vmlab_error *err)
{
    memset(r, 0, sizeof *r);
    const char *valgrind = c->valgrind ? c->valgrind : VMLAB_VALGRIND;
    int rc = valgrind_version(valgrind, r->valgrind_version, sizeof r->valgrind_version, err);
    if (rc)
        return rc;
    size_t nargs = 0;
    while (c->argv[nargs])
        nargs++;
    if (!nargs)
        return vmlab_error_set(err, VMLAB_EINPUT, "no program to capture");
    int p[2];
    if (pipe2(p, O_CLOEXEC))
        return vmlab_error_set(err, VMLAB_ESYSTEM, "pipe: %s", strerror(errno));
    char logfd[32];
    snprintf(logfd, sizeof logfd, "--log-fd=%d", p[1]);
    char **argv = calloc(nargs + 6, sizeof *argv);
    if (!argv) {
        close(p[0]);
        close(p[1]);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    argv[0] = (char *)valgrind;
    argv[1] = "--tool=lackey";
    argv[2] = "--trace-mem=yes";
    argv[3] = "--basic-counts=no";
    argv[4] = logfd;
    memcpy(argv + 5, c->argv, (nargs + 1) * sizeof *argv);

    /* the header: what produced the trace */
    struct vmlab_meta *m = vmlab_meta_new();
    char cmd[4096], filt[256], prod[128];
    vmlab_capture_command_line(c->argv, cmd, sizeof cmd);
    vmlab_filter_describe(&c->filter, filt, sizeof filt);
    snprintf(prod, sizeof prod, "vmlab %s capture", vmlab_version());
    if (!m || vmlab_meta_set(m, "producer", c->producer ? c->producer : prod) ||
        vmlab_meta_set(m, "command", cmd) || vmlab_meta_set(m, "valgrind", r->valgrind_version) ||
        vmlab_meta_set(m, "tool", "lackey --trace-mem=yes") || vmlab_meta_set(m, "filter", filt))
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    long ps = sysconf(_SC_PAGESIZE);
    struct vmlab_trace_header h = {
        .unit = VMLAB_UNIT_BYTE, .page_size = ps > 0 ? (uint64_t)ps : 4096, .meta = m};
    struct vmlab_writer *w = NULL;
    if (!rc)
        rc = vmlab_writer_open(&w, c->output, c->format ? c->format : "native", &h, err);
    vmlab_meta_free(m);
    pid_t pid = -1;
    if (!rc)
        pid = spawn(argv, p[1], -1, err);
    free(argv);
    close(p[1]);
    if (rc || pid < 0) {
        close(p[0]);
        vmlab_writer_abort(w);
        return rc ? rc : VMLAB_ESYSTEM;
    }

    struct vmlab_input *in = NULL;
    struct vmlab_stream *lackey = NULL, *s = NULL;
    struct vmlab_trace_opts opts = {.unit = VMLAB_UNIT_BYTE, .page_size = h.page_size};
    rc = vmlab_input_fd(&in, p[0], "valgrind's lackey output", true, err);
    if (rc)
        close(p[0]);
    else
        rc = vmlab_trace_open_input(&lackey, in, "lackey", &opts, err);
    if (!rc)
        rc = vmlab_stream_filter(&s, lackey, &c->filter, err);
    if (!rc)
        rc = vmlab_writer_copy(w, s, err);
    r->limited = !rc && vmlab_stream_filter_limited(s);
    if (rc || r->limited)
        kill(pid, SIGKILL);
    vmlab_stream_close(s);
    while (waitpid(pid, &r->status, 0) < 0 && errno == EINTR)
        ;
    r->refs = vmlab_writer_count(w);
    bool failed = !r->limited && !(WIFEXITED(r->status) && WEXITSTATUS(r->status) == 0);
    if (!rc && failed && r->refs == 0)
        rc = vmlab_error_set(
            err, VMLAB_ESYSTEM,
            "valgrind recorded no reference and exited with status %d (could "
            "it start %s? its messages are above)",
            WIFEXITED(r->status) ? WEXITSTATUS(r->status) : 128 + WTERMSIG(r->status), c->argv[0]);
    if (rc) {
        vmlab_writer_abort(w);
        return rc;
    }
    return vmlab_writer_close(w, err);
}
