/*
 * test_params.c - typed parameters: sizes, counts, ranges, choices, defaults,
 * the canonical spelling, and errors that name where and what was expected.
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "testlib.h"

static const struct vmlab_param_desc DESC[] = {
    {"pages", VMLAB_PARAM_COUNT, NULL, VMLAB_RANGE(1, 1e9), NULL, "pages"},
    {"alpha", VMLAB_PARAM_REAL, "0.9", VMLAB_RANGE(0, 10), NULL, "exponent"},
    {"size", VMLAB_PARAM_SIZE, "4K", VMLAB_ANY, NULL, "bytes"},
    {"delta", VMLAB_PARAM_INT, "-3", VMLAB_ANY, NULL, "signed"},
    {"flush", VMLAB_PARAM_BOOL, "true", VMLAB_ANY, NULL, "flag"},
    {"mode", VMLAB_PARAM_STRING, "fast", VMLAB_ANY, "fast|slow", "choice"},
    {"refs", VMLAB_PARAM_STRING, "", VMLAB_ANY, NULL, "free text"},
    {NULL, 0, NULL, 0, 0, NULL, NULL},
};

START_TEST(parse_sizes)
{
    uint64_t b;
    ck_assert_int_eq(vmlab_parse_size("4096", &b), 0);
    ck_assert_uint_eq(b, 4096);
    ck_assert_int_eq(vmlab_parse_size("4K", &b), 0);
    ck_assert_uint_eq(b, 4096);
    ck_assert_int_eq(vmlab_parse_size("2M", &b), 0);
    ck_assert_uint_eq(b, 2u << 20);
    ck_assert_int_eq(vmlab_parse_size("1G", &b), 0);
    ck_assert_uint_eq(b, 1u << 30);
    ck_assert_int_eq(vmlab_parse_size("4KiB", &b), 0);
    ck_assert_uint_eq(b, 4096);
    ck_assert_int_eq(vmlab_parse_size("1T", &b), 0);
    ck_assert_uint_eq(b, 1ull << 40);
    ck_assert_int_lt(vmlab_parse_size("4Q", &b), 0);
    ck_assert_int_lt(vmlab_parse_size("", &b), 0);
    ck_assert_int_lt(vmlab_parse_size("-4K", &b), 0);
    ck_assert_int_lt(vmlab_parse_size("99999999999999999999", &b), 0);
    ck_assert_int_lt(vmlab_parse_size("17179869184G", &b), 0); /* 2^64: overflow */
}
END_TEST

START_TEST(parse_counts)
{
    uint64_t c;
    ck_assert_int_eq(vmlab_parse_count("1e7", &c), 0);
    ck_assert_uint_eq(c, 10000000);
    ck_assert_int_eq(vmlab_parse_count("2.5e6", &c), 0);
    ck_assert_uint_eq(c, 2500000);
    ck_assert_int_eq(vmlab_parse_count("12", &c), 0);
    ck_assert_uint_eq(c, 12);
    ck_assert_int_lt(vmlab_parse_count("2.5", &c), 0); /* not a whole number */
    ck_assert_int_lt(vmlab_parse_count("1e-3", &c), 0);
    ck_assert_int_lt(vmlab_parse_count("x", &c), 0);
    int64_t i;
    ck_assert_int_eq(vmlab_parse_int("0x1f", &i), 0);
    ck_assert_int_eq(i, 31);
    ck_assert_int_eq(vmlab_parse_int("-7", &i), 0);
    ck_assert_int_eq(i, -7);
    bool b;
    ck_assert_int_eq(vmlab_parse_bool("off", &b), 0);
    ck_assert(!b);
    ck_assert_int_eq(vmlab_parse_bool("yes", &b), 0);
    ck_assert(b);
    ck_assert_int_lt(vmlab_parse_bool("maybe", &b), 0);
}
END_TEST

START_TEST(defaults_and_values)
{
    struct vmlab_params p;
    struct vmlab_error err = {0};
    ck_assert_int_eq(vmlab_params_parse(&p, DESC, "pages=1e5,size=2M", "$.w", &err), 0);
    ck_assert_uint_eq(vmlab_param_u64(&p, "pages"), 100000);
    ck_assert_uint_eq(vmlab_param_u64(&p, "size"), 2u << 20);
    ck_assert_double_eq(vmlab_param_real(&p, "alpha"), 0.9);
    ck_assert_int_eq(vmlab_param_int(&p, "delta"), -3);
    ck_assert(vmlab_param_bool(&p, "flush"));
    ck_assert_str_eq(vmlab_param_string(&p, "mode"), "fast");
    ck_assert(vmlab_param_is_set(&p, "pages"));
    ck_assert(!vmlab_param_is_set(&p, "alpha"));
    vmlab_params_free(&p);
}
END_TEST

START_TEST(quoted_values)
{
    struct vmlab_params p;
    struct vmlab_error err = {0};
    ck_assert_int_eq(vmlab_params_parse(&p, DESC, "pages=3,refs='1,2,3'", "x", &err), 0);
    ck_assert_str_eq(vmlab_param_string(&p, "refs"), "1,2,3");
    vmlab_params_free(&p);
}
END_TEST

START_TEST(canonical_format)
{
    struct vmlab_params p;
    struct vmlab_error err = {0};
    ck_assert_int_eq(vmlab_params_parse(&p, DESC, "mode=slow,pages=10", "x", &err), 0);
    char buf[256];
    vmlab_params_format(&p, buf, sizeof buf);
    /* every parameter, in table order, defaults included */
    ck_assert_str_eq(buf, "pages=10,alpha=0.9,size=4K,delta=-3,flush=true,mode=slow,refs=''");
    vmlab_params_free(&p);
}
END_TEST

static void expect_error(const char *text, const char *msg)
{
    struct vmlab_params p;
    struct vmlab_error err = {0};
    int rc = vmlab_params_parse(&p, DESC, text, "$.workload", &err);
    ck_assert_int_eq(rc, VMLAB_EINPUT);
    ck_assert_int_eq(err.code, VMLAB_EINPUT);
    ck_assert_str_eq(err.msg, msg);
}

START_TEST(errors_name_where)
{
    expect_error("alpha=0.5", "$.workload: parameter 'pages' is required (pages)");
    expect_error("pages=0", "$.workload: pages must be in [1, 1e+09], got 0");
    expect_error("pages=10,alpha=11",
                 "$.workload: alpha must be in [0, 10], got 11");
    expect_error("pages=10,mode=medium",
                 "$.workload: mode must be one of fast|slow, got 'medium'");
    expect_error("pages=10,pagez=3",
                 "$.workload: unknown parameter 'pagez'; did you mean 'pages'? "
                 "(known: pages, alpha, size, delta, flush, mode, refs)");
    expect_error("pages=10,pages=11", "$.workload.pages: given twice");
    expect_error("pages", "$.workload: expected name=value, got 'pages'");
}
END_TEST

START_TEST(spec_split)
{
    char name[32];
    const char *params;
    struct vmlab_error err = {0};
    ck_assert_int_eq(vmlab_spec_split("zipf:pages=10", name, sizeof name, &params, "x", &err), 0);
    ck_assert_str_eq(name, "zipf");
    ck_assert_str_eq(params, "pages=10");
    ck_assert_int_eq(vmlab_spec_split("lru", name, sizeof name, &params, "x", &err), 0);
    ck_assert_str_eq(name, "lru");
    ck_assert_ptr_null(params);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("params");
    ADD_TEST(s, parse_sizes);
    ADD_TEST(s, parse_counts);
    ADD_TEST(s, defaults_and_values);
    ADD_TEST(s, quoted_values);
    ADD_TEST(s, canonical_format);
    ADD_TEST(s, errors_name_where);
    ADD_TEST(s, spec_split);
    return test_run_suite(s);
}
