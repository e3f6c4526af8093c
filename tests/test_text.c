/*
 * test_text.c - the text trace reader: numbers in every accepted spelling,
 * op and ASID columns, comments, and errors that name file and line.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "workloads/text.h"

static size_t read_all(const char *text, enum vmlab_unit unit, struct vmlab_ref **refs)
{
    struct vmlab_error err = {0};
    struct vmlab_stream *s;
    ck_assert_msg(vmlab_text_open_string(&s, text, "t", unit, &err) == 0, "%s", err.msg);
    size_t n;
    ck_assert_msg(vmlab_stream_slurp(s, refs, &n, &err) == 0, "%s", err.msg);
    vmlab_stream_close(s);
    return n;
}

static void read_error(const char *text, const char *msg)
{
    struct vmlab_error err = {0};
    struct vmlab_stream *s;
    int rc = vmlab_text_open_string(&s, text, "t.txt", VMLAB_UNIT_PAGE, &err);
    if (rc == 0) {
        struct vmlab_ref *refs = NULL;
        size_t n;
        rc = vmlab_stream_slurp(s, &refs, &n, &err);
        free(refs);
        vmlab_stream_close(s);
    }
    ck_assert_int_eq(rc, VMLAB_EINPUT);
    ck_assert_str_eq(err.msg, msg);
}

START_TEST(separators_and_bases)
{
    struct vmlab_ref *r;
    size_t n = read_all("1,2 3\t4\n0x10, 0X1f\n\n  7  # seven\n# only a comment\n8", VMLAB_UNIT_PAGE,
                        &r);
    static const uint64_t want[] = {1, 2, 3, 4, 16, 31, 7, 8};
    ck_assert_uint_eq(n, 8);
    for (size_t i = 0; i < n; i++) {
        ck_assert_uint_eq(r[i].addr, want[i]);
        ck_assert_uint_eq(r[i].op, VMLAB_OP_READ);
        ck_assert_uint_eq(r[i].asid, 0);
    }
    free(r);
}
END_TEST

START_TEST(ops_and_asids)
{
    struct vmlab_ref *r;
    /* ADDR OP [ASID] and OP ADDR [ASID], op letters in either case */
    size_t n = read_all("0x1000 R\n0x2000 W 1\nW 0x3000 2\nI 0x1fff\n0x2004 w 1\n",
                        VMLAB_UNIT_BYTE, &r);
    ck_assert_uint_eq(n, 5);
    ck_assert_uint_eq(r[0].addr, 0x1000);
    ck_assert_uint_eq(r[0].op, VMLAB_OP_READ);
    ck_assert_uint_eq(r[1].addr, 0x2000);
    ck_assert_uint_eq(r[1].op, VMLAB_OP_WRITE);
    ck_assert_uint_eq(r[1].asid, 1);
    ck_assert_uint_eq(r[2].addr, 0x3000);
    ck_assert_uint_eq(r[2].asid, 2);
    ck_assert_uint_eq(r[3].op, VMLAB_OP_IFETCH);
    ck_assert_uint_eq(r[4].op, VMLAB_OP_WRITE);
    free(r);
}
END_TEST

START_TEST(byte_unit_pages)
{
    /*
     * As byte addresses with 4 KiB pages: page 1, page 2 of ASID 1 (written),
     * page 3 of ASID 2 (written), page 1 again (0x1fff), page 2 of ASID 1
     * (0x2004, written). LRU with 2 frames, worked on paper:
     *   1 F; 2/1 F; 3/2 F evicts 1 (clean); 1 F evicts 2/1 (dirty: write-back);
     *   2/1 F evicts 3/2 (dirty: write-back).
     * 5 faults, 3 compulsory, 2 major, 3 evictions, 2 write-backs.
     * With 8 frames: 3 faults, 2 hits.
     */
    const char *text = "0x1000 R\n0x2000 W 1\nW 0x3000 2\nI 0x1fff\n0x2004 w 1\n";
    struct vmlab_error err = {0};
    struct vmlab_stream *s;
    ck_assert_int_eq(vmlab_text_open_string(&s, text, "t", VMLAB_UNIT_BYTE, &err), 0);
    struct vmlab_metrics m = test_sim_stream("lru", s, 2, VMLAB_VIS_EXACT, 1);
    vmlab_stream_close(s);
    ck_assert_uint_eq(m.refs, 5);
    ck_assert_uint_eq(m.faults, 5);
    ck_assert_uint_eq(m.compulsory_faults, 3);
    ck_assert_uint_eq(m.major_faults, 2);
    ck_assert_uint_eq(m.evictions, 3);
    ck_assert_uint_eq(m.writebacks, 2);
    ck_assert_uint_eq(m.reads, 1);
    ck_assert_uint_eq(m.writes, 3);
    ck_assert_uint_eq(m.ifetches, 1);
    ck_assert_int_eq(vmlab_text_open_string(&s, text, "t", VMLAB_UNIT_BYTE, &err), 0);
    m = test_sim_stream("lru", s, 8, VMLAB_VIS_EXACT, 1);
    vmlab_stream_close(s);
    ck_assert_uint_eq(m.faults, 3);
    ck_assert_uint_eq(m.hits, 2);
}
END_TEST

START_TEST(errors_name_file_and_line)
{
    read_error("1\n2\n# c\n3\n4 X\n",
               "t.txt:5: expected a number (decimal or 0x-hex) or an operation R/W/I, got 'X'");
    read_error("1\n0xZZ\n", "t.txt:2: expected a number (decimal or 0x-hex) or an operation "
                            "R/W/I, got '0xZZ'");
    read_error("1 R 99999\n", "t.txt:1: expected an ASID (0..4095) as the third column, got '99999'");
    read_error("R\n", "t.txt:1: expected an address after the operation, got 'R'");
}
END_TEST

START_TEST(empty_input)
{
    struct vmlab_ref *r = NULL;
    size_t n = read_all("# nothing\n\n", VMLAB_UNIT_PAGE, &r);
    ck_assert_uint_eq(n, 0);
    free(r);
}
END_TEST

START_TEST(file_reader)
{
    struct vmlab_error err = {0};
    struct vmlab_stream *s;
    struct vmlab_trace_opts o = {.unit = VMLAB_UNIT_PAGE, .page_size = 4096};
    ck_assert_msg(vmlab_trace_open(&s, TOP_SRCDIR "/tests/data/belady.txt", "auto", &o, &err) == 0,
                  "%s", err.msg);
    struct vmlab_metrics m = test_sim_stream("fifo", s, 3, VMLAB_VIS_EXACT, 1);
    ck_assert_uint_eq(m.faults, 9);
    vmlab_stream_close(s);
    /* a missing file names itself */
    int rc = vmlab_trace_open(&s, "/nonexistent/trace.txt", "auto", &o, &err);
    ck_assert_int_lt(rc, 0);
    ck_assert_ptr_nonnull(strstr(err.msg, "/nonexistent/trace.txt"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("text");
    ADD_TEST(s, separators_and_bases);
    ADD_TEST(s, ops_and_asids);
    ADD_TEST(s, byte_unit_pages);
    ADD_TEST(s, errors_name_file_and_line);
    ADD_TEST(s, empty_input);
    ADD_TEST(s, file_reader);
    return test_run_suite(s);
}
