/*
 * test_config.c - experiment files: the sweep (cartesian product of the
 * list-valued keys, in a fixed order) and errors that name the JSON path and
 * what was expected.
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "core/config.h"
#include "testlib.h"

static int parse(struct vmlab_experiment *e, const char *json, struct vmlab_error *err)
{
    return test_parse_experiment(e, json, err);
}

static void expect_error(const char *json, const char *msg)
{
    struct vmlab_experiment e;
    struct vmlab_error err = {0};
    ck_assert_int_eq(parse(&e, json, &err), VMLAB_EINPUT);
    ck_assert_str_eq(err.msg, msg);
}

START_TEST(sweep_is_the_cartesian_product)
{
    struct vmlab_experiment e;
    struct vmlab_error err = {0};
    ck_assert_msg(parse(&e,
                        "{\"workload\": [\"loop:pages=5\", \"zipf:pages=9\"],"
                        " \"policy\": [\"lru\", \"fifo\", \"opt\"],"
                        " \"frames\": [2, 4], \"seed\": [1, 2]}",
                        &err) == 0,
                  "%s", err.msg);
    ck_assert_str_eq(e.name, "exp");
    /* 2 workloads x 2 seeds x 3 policies x 2 sizes */
    ck_assert_uint_eq(vmlab_experiment_cells(&e), 24);
    struct vmlab_cell c;
    /* order: workload, page size, visibility, seed, policy, size (fastest) */
    ck_assert_int_eq(vmlab_experiment_cell(&e, 0, &c, &err), 0);
    ck_assert_str_eq(c.workload->workload->name, "loop");
    ck_assert_str_eq(c.policy->policy->name, "lru");
    ck_assert_uint_eq(c.frames, 2);
    ck_assert_uint_eq(c.seed, 1);
    ck_assert_int_eq(vmlab_experiment_cell(&e, 1, &c, &err), 0);
    ck_assert_uint_eq(c.frames, 4);
    ck_assert_int_eq(vmlab_experiment_cell(&e, 2, &c, &err), 0);
    ck_assert_str_eq(c.policy->policy->name, "fifo");
    ck_assert_int_eq(vmlab_experiment_cell(&e, 6, &c, &err), 0);
    ck_assert_uint_eq(c.seed, 2);
    ck_assert_str_eq(c.policy->policy->name, "lru");
    ck_assert_int_eq(vmlab_experiment_cell(&e, 23, &c, &err), 0);
    ck_assert_str_eq(c.workload->workload->name, "zipf");
    ck_assert_str_eq(c.policy->policy->name, "opt");
    ck_assert_uint_eq(c.frames, 4);
    ck_assert_uint_eq(c.seed, 2);
    vmlab_experiment_free(&e);
}
END_TEST

START_TEST(memory_sizes_become_frames)
{
    struct vmlab_experiment e;
    struct vmlab_error err = {0};
    ck_assert_msg(parse(&e,
                        "{\"workload\": \"loop:pages=5\", \"policy\": \"lru\","
                        " \"memory\": [\"64K\", \"1M\"], \"page_size\": [\"4K\", \"16K\"]}",
                        &err) == 0,
                  "%s", err.msg);
    ck_assert_uint_eq(vmlab_experiment_cells(&e), 4);
    struct vmlab_cell c;
    static const uint32_t frames[] = {16, 256, 4, 64};
    for (size_t i = 0; i < 4; i++) {
        ck_assert_int_eq(vmlab_experiment_cell(&e, i, &c, &err), 0);
        ck_assert_uint_eq(c.frames, frames[i]);
    }
    vmlab_experiment_free(&e);
}
END_TEST

START_TEST(object_specs)
{
    struct vmlab_experiment e;
    struct vmlab_error err = {0};
    ck_assert_msg(parse(&e,
                        "{\"workload\": {\"name\": \"zipf\", \"pages\": 1000, \"alpha\": 1.2},"
                        " \"policy\": [{\"name\": \"clock\", \"flush\": false}], \"frames\": 8}",
                        &err) == 0,
                  "%s", err.msg);
    ck_assert_double_eq(vmlab_param_real(&e.workloads[0].params, "alpha"), 1.2);
    ck_assert(!vmlab_param_bool(&e.policies[0].params, "flush"));
    vmlab_experiment_free(&e);
}
END_TEST

START_TEST(errors_name_the_json_path)
{
    /* the list of known policies grows with every policy added: check its start */
    struct vmlab_experiment e;
    struct vmlab_error err = {0};
    ck_assert_int_eq(parse(&e,
                           "{\"workload\": \"loop:pages=5\", \"policy\": [\"lru\", \"nope\"], "
                           "\"frames\": 3}",
                           &err),
                     VMLAB_EINPUT);
    const char *start = "$.policy[1]: unknown policy 'nope'; did you mean 'opt'? "
                        "(known: opt, fifo, lru, clock, random";
    ck_assert_msg(!strncmp(err.msg, start, strlen(start)), "%s", err.msg);
    expect_error("{\"workload\": \"loop:pages=5\", \"policy\": \"lru\", \"frames\": [4, 0]}",
                 "$.frames[1]: must be in [1, 4294967294], got 0");
    expect_error("{\"workload\": \"loop:pages=5\", \"policy\": \"lru\", \"frames\": \"x\"}",
                 "$.frames: expected a positive integer, got \"x\"");
    expect_error("{\"workload\": \"loop:pages=5\", \"policy\": \"lru\"}",
                 "$.frames: missing (a frame count or a list; or give \"memory\")");
    expect_error("{\"workload\": \"loop:pages=5\", \"policy\": \"lru\", \"frames\": 2, "
                 "\"fram\": 2}",
                 "$.fram: unknown key; did you mean 'frames'? (known: name, description, "
                 "workload, policy, frames, memory, page_size, seed, visibility, plugins, scope, "
                 "quota, allocation, fault_cost, seeds, one_pass, sample, sample_error, mmu, "
                 "huge_pages, pcid)");
    expect_error("{\"workload\": {\"name\": \"zipf\", \"pages\": -4}, \"policy\": \"lru\", "
                 "\"frames\": 2}",
                 "$.workload: pages expects a non-negative integer (e.g. 1000 or 1e7), got '-4'");
    expect_error("{\"workload\": \"loop:pages=5\", \"policy\": \"lru\", \"frames\": 2, "
                 "\"page_size\": \"3K\"}",
                 "$.page_size: a page size must be a power of two, got 3072");
    expect_error("{\"workload\": \"loop:pages=5\", \"policy\": \"lru\", \"frames\": 2, "
                 "\"visibility\": \"psychic\"}",
                 "$.visibility: expected \"exact\" or \"hardware\", got \"psychic\"");
    expect_error("[1, 2]", "$: expected an object of experiment settings");
    expect_error("{\"workload\": \"loop:pages=5\", \"policy\": \"lru\", \"frames\": \"all\", "
                 "\"mmu\": [\"none\", \"profile:zen4\"]}",
                 "$.frames: \"all\" sizes come from a one-pass curve, which models no MMU "
                 "(mmu 'zen4'): give the sizes");
}
END_TEST

START_TEST(load_reports_malformed_json_with_line)
{
    struct vmlab_experiment e;
    struct vmlab_error err = {0};
    int rc = vmlab_experiment_load(&e, TOP_SRCDIR "/tests/data/malformed.json", &err);
    ck_assert_int_eq(rc, VMLAB_EINPUT);
    ck_assert_str_eq(err.msg, TOP_SRCDIR "/tests/data/malformed.json:3:14: malformed JSON: "
                              "unexpected token near ']'");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("config");
    ADD_TEST(s, sweep_is_the_cartesian_product);
    ADD_TEST(s, memory_sizes_become_frames);
    ADD_TEST(s, object_specs);
    ADD_TEST(s, errors_name_the_json_path);
    ADD_TEST(s, load_reports_malformed_json_with_line);
    return test_run_suite(s);
}
