/*
 * test_capture.c - vmlab capture of tests/progs/walk, whose data references
 * are known: a static array of 16 pages, stored to every STRIDE bytes in
 * order, PASSES times (see walk.c). The trace must hold exactly those
 * stores, in that order, among the program's other references; the
 * filters (data only, a limit that stops the program) must hold.
 *
 * Skipped, saying why, only when valgrind is not installed.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testlib.h"
#include "workloads/capture.h"

static char dir[4096];
static uint64_t array_addr;

static bool have_valgrind(void)
{
    return access(VMLAB_VALGRIND, X_OK) == 0 ||
           (strchr(VMLAB_VALGRIND, '/') == NULL && system("command -v valgrind >/dev/null") == 0);
}

/* Capture walk PASSES STRIDE into @path with @f; the array's address from walk's output. */
static struct vmlab_capture_result capture(const char *path, const char *passes, const char *stride,
                                           struct vmlab_filter f)
{
    char out[4200];
    snprintf(out, sizeof out, "%s/walk.out", dir);
    char *argv[] = {WALK, (char *)passes, (char *)stride, NULL};
    struct vmlab_capture c = {.argv = argv, .output = path, .filter = f};
    struct vmlab_capture_result r;
    struct vmlab_error err = {0};
    /* walk prints "array ADDR SIZE" on its standard output, ours: send it to a file */
    fflush(stdout);
    int saved = dup(1);
    FILE *o = fopen(out, "w");
    dup2(fileno(o), 1);
    int rc = vmlab_capture_run(&c, &r, &err);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    fclose(o);
    ck_assert_msg(rc == 0, "%s", err.msg);
    o = fopen(out, "r");
    unsigned long a = 0;
    int size = 0;
    if (fscanf(o, "array 0x%lx %d", &a, &size) == 2 && size == 16 * 4096)
        array_addr = a;
    fclose(o);
    return r;
}

static size_t slurp(const char *path, struct vmlab_ref **refs, struct vmlab_stream **keep)
{
    struct vmlab_error err = {0};
    struct vmlab_stream *s;
    struct vmlab_trace_opts o = {.page_size = 4096};
    ck_assert_msg(vmlab_trace_open(&s, path, "auto", &o, &err) == 0, "%s", err.msg);
    size_t n;
    ck_assert_msg(vmlab_stream_slurp(s, refs, &n, &err) == 0, "%s", err.msg);
    *keep = s;
    return n;
}

START_TEST(capture_walk)
{
    if (!have_valgrind())
        return;
    char path[4200];
    snprintf(path, sizeof path, "%s/walk.vmt", dir);
    struct vmlab_capture_result r = capture(path, "3", "64", (struct vmlab_filter){0});
    ck_assert(!r.limited);
    ck_assert(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0);
    ck_assert_msg(!strncmp(r.valgrind_version, "valgrind-", 9), "%s", r.valgrind_version);
    ck_assert_uint_ne(array_addr, 0);
    ck_assert_uint_eq(array_addr % 4096, 0);
    struct vmlab_ref *refs;
    struct vmlab_stream *s;
    size_t n = slurp(path, &refs, &s);
    ck_assert_uint_eq(n, r.refs);
    ck_assert_int_eq(s->unit, VMLAB_UNIT_BYTE);
    /* the header says what made it */
    const struct vmlab_meta *m = vmlab_stream_meta(s);
    ck_assert_str_eq(vmlab_meta_get(m, "valgrind"), r.valgrind_version);
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "%s 3 64", WALK);
    ck_assert_str_eq(vmlab_meta_get(m, "command"), cmd);
    ck_assert_str_eq(vmlab_meta_get(m, "tool"), "lackey --trace-mem=yes");
    vmlab_stream_close(s);
    /* the references into the array: 3 passes x 1024 one-byte stores, in order */
    size_t k = 0, ifetches = 0;
    bool pages[16] = {0};
    for (size_t i = 0; i < n; i++) {
        ifetches += refs[i].op == VMLAB_OP_IFETCH;
        if (refs[i].addr < array_addr || refs[i].addr >= array_addr + 16 * 4096)
            continue;
        uint64_t want = array_addr + 64 * (k % 1024);
        ck_assert_msg(refs[i].addr == want && refs[i].op == VMLAB_OP_WRITE && refs[i].size == 1,
                      "array reference %zu: 0x%llx op %u size %u, expected a 1-byte store to "
                      "0x%llx",
                      k, (unsigned long long)refs[i].addr, refs[i].op, refs[i].size,
                      (unsigned long long)want);
        pages[(refs[i].addr - array_addr) / 4096] = true;
        k++;
    }
    ck_assert_uint_eq(k, 3 * 1024);
    for (int p = 0; p < 16; p++)
        ck_assert(pages[p]);
    ck_assert_uint_gt(ifetches, 3 * 1024); /* at least one instruction per store */
    free(refs);
}
END_TEST

START_TEST(capture_data_only_with_limit)
{
    if (!have_valgrind())
        return;
    char path[4200];
    snprintf(path, sizeof path, "%s/limit.vmt", dir);
    /* a program that would run long: stopped at 5000 data references */
    struct vmlab_capture_result r = capture(
        path, "100000", "64", (struct vmlab_filter){.keep = VMLAB_KEEP_DATA, .limit = 5000});
    ck_assert(r.limited);
    ck_assert_uint_eq(r.refs, 5000);
    struct vmlab_ref *refs;
    struct vmlab_stream *s;
    ck_assert_uint_eq(slurp(path, &refs, &s), 5000);
    ck_assert_str_eq(vmlab_meta_get(vmlab_stream_meta(s), "filter"),
                     "data references only, at most 5000");
    vmlab_stream_close(s);
    for (size_t i = 0; i < 5000; i++)
        ck_assert_uint_ne(refs[i].op, VMLAB_OP_IFETCH);
    free(refs);
    /* every 2nd instruction fetch only */
    snprintf(path, sizeof path, "%s/ifetch.vmt", dir);
    r = capture(path, "1", "4096", (struct vmlab_filter){.keep = VMLAB_KEEP_IFETCH, .every = 2});
    ck_assert(!r.limited);
    size_t n = slurp(path, &refs, &s);
    vmlab_stream_close(s);
    ck_assert_uint_gt(n, 1000);
    for (size_t i = 0; i < n; i++)
        ck_assert_uint_eq(refs[i].op, VMLAB_OP_IFETCH);
    free(refs);
}
END_TEST

START_TEST(capture_missing_program)
{
    if (!have_valgrind())
        return;
    char path[4200];
    snprintf(path, sizeof path, "%s/none.vmt", dir);
    char *argv[] = {"/nonexistent/program", NULL};
    struct vmlab_capture c = {.argv = argv, .output = path};
    struct vmlab_capture_result r;
    struct vmlab_error err = {0};
    ck_assert_int_eq(vmlab_capture_run(&c, &r, &err), VMLAB_ESYSTEM);
    ck_assert_msg(strstr(err.msg, "valgrind recorded no reference"), "%s", err.msg);
    ck_assert_int_ne(access(path, F_OK), 0); /* no trace left behind */
    /* and a valgrind that is not there */
    c.valgrind = "/nonexistent/valgrind";
    ck_assert_int_eq(vmlab_capture_run(&c, &r, &err), VMLAB_ESYSTEM);
    ck_assert_msg(strstr(err.msg, "cannot run /nonexistent/valgrind"), "%s", err.msg);
}
END_TEST

int main(void)
{
    if (!have_valgrind()) {
        printf("1..0 # SKIP valgrind is not installed (%s): scripts/install-deps installs it\n",
               VMLAB_VALGRIND);
        return 0;
    }
    const char *t = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/vmlab-capture.XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(dir))
        return 99;
    Suite *s = suite_create("capture");
    ADD_TEST(s, capture_walk);
    ADD_TEST(s, capture_data_only_with_limit);
    ADD_TEST(s, capture_missing_program);
    int rc = test_run_suite(s);
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    (void)!system(cmd);
    return rc;
}
