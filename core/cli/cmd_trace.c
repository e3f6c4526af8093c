/*
 * cmd_trace.c - `vmlab trace info|head|convert|gen` and `vmlab capture`:
 * looking into traces, converting them between formats, materialising
 * synthetic workloads, recording real programs.
 */
#include <config.h>

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vmlab/vmlab.h>

#include "cli.h"
#include "core/tracestat.h"
#include "workloads/capture.h"

/* ---- options shared by the subcommands ---- */

enum {
    O_FORMAT = 256,
    O_UNIT,
    O_PAGE,
    O_JSON,
    O_TO,
    O_ONLY,
    O_SKIP,
    O_WINDOW,
    O_EVERY,
    O_LIMIT,
    O_FROM,
    O_SEED,
    O_VALGRIND,
    O_QUIET,
};

// clang-format off
#define INPUT_OPTIONS                                                                       \
    {"format", required_argument, NULL, O_FORMAT}, {"unit", required_argument, NULL, O_UNIT}, \
        {"page-size", required_argument, NULL, O_PAGE}

#define FILTER_OPTIONS                                                                      \
    {"only", required_argument, NULL, O_ONLY}, {"skip", required_argument, NULL, O_SKIP},   \
        {"window", required_argument, NULL, O_WINDOW},                                      \
        {"every", required_argument, NULL, O_EVERY}, {"limit", required_argument, NULL, O_LIMIT}

#define INPUT_HELP                                                                          \
    "  --format SPEC      trace format and options (default: recognised from the file)\n"  \
    "  --unit page|byte   what the trace's numbers are (default: as it or its format says)\n" \
    "  --page-size SIZE   page size for byte addresses (default: the trace's, else 4K)\n"

#define FILTER_HELP                                                                         \
    "  --only data|ifetch keep only data references (reads, writes) or instruction fetches\n" \
    "  --skip N           drop the first N references (kept by --only)\n"                    \
    "  --window K,S       then keep K references out of every K+S (time windows)\n"          \
    "  --every N          then keep every N-th reference (sampling)\n"                       \
    "  --limit N          then stop after N references\n"
// clang-format on

struct input_args {
    const char *format; /* NULL: auto */
    const char *unit;   /* NULL: auto */
    uint64_t page_size; /* 0: the trace's, else 4096 */
};

/* Parse an input option. Return: 1 taken, 0 not an input option, < 0 a usage error. */
static int input_option(const char *cmd, int c, struct input_args *a)
{
    switch (c) {
    case O_FORMAT: a->format = optarg; return 1;
    case O_UNIT:
        if (strcmp(optarg, "page") && strcmp(optarg, "byte"))
            return -cli_usage(cmd, "--unit: expected page or byte, got '%s'", optarg);
        a->unit = optarg;
        return 1;
    case O_PAGE:
        if (vmlab_parse_size(optarg, &a->page_size) || !a->page_size ||
            (a->page_size & (a->page_size - 1)))
            return -cli_usage(cmd, "--page-size: expected a power of two such as 4K, got '%s'",
                              optarg);
        return 1;
    }
    return 0;
}

/* Parse a filter option. Return: 1 taken, 0 not a filter option, < 0 a usage error. */
static int filter_option(const char *cmd, int c, struct vmlab_filter *f)
{
    uint64_t *field = NULL;
    switch (c) {
    case O_ONLY:
        if (!strcmp(optarg, "data"))
            f->keep = VMLAB_KEEP_DATA;
        else if (!strcmp(optarg, "ifetch"))
            f->keep = VMLAB_KEEP_IFETCH;
        else
            return -cli_usage(cmd, "--only: expected data or ifetch, got '%s'", optarg);
        return 1;
    case O_WINDOW: {
        const char *comma = strchr(optarg, ',');
        char k[64];
        if (!comma || (size_t)(comma - optarg) >= sizeof k)
            return -cli_usage(cmd, "--window: expected KEEP,SKIP (counts), got '%s'", optarg);
        snprintf(k, sizeof k, "%.*s", (int)(comma - optarg), optarg);
        if (vmlab_parse_count(k, &f->window_keep) ||
            vmlab_parse_count(comma + 1, &f->window_skip) || !f->window_keep)
            return -cli_usage(cmd, "--window: expected KEEP,SKIP with KEEP > 0, got '%s'", optarg);
        return 1;
    }
    case O_SKIP: field = &f->skip; break;
    case O_EVERY: field = &f->every; break;
    case O_LIMIT: field = &f->limit; break;
    default: return 0;
    }
    if (vmlab_parse_count(optarg, field) || (c != O_SKIP && !*field))
        return -cli_usage(cmd, "--%s: expected a positive count, got '%s'",
                          c == O_EVERY   ? "every"
                          : c == O_LIMIT ? "limit"
                                         : "skip",
                          optarg);
    return 1;
}

static int open_input(const char *path, const struct input_args *a, struct vmlab_stream **s,
                      struct vmlab_error *err)
{
    struct vmlab_trace_opts o = {
        .unit = a->unit && !strcmp(a->unit, "byte") ? VMLAB_UNIT_BYTE : VMLAB_UNIT_PAGE,
        .page_size = a->page_size ? a->page_size : 4096,
        .unit_given = a->unit != NULL,
    };
    return vmlab_trace_open(s, path, a->format ? a->format : "auto", &o, err);
}

/* The page size to count pages with: given, else the trace's, else 4 KiB. */
static uint64_t page_size_of(const struct vmlab_stream *s, const struct input_args *a)
{
    const char *ps = vmlab_meta_get(vmlab_stream_meta(s), "page_size");
    uint64_t v;
    if (a->page_size)
        return a->page_size;
    if (ps && !vmlab_parse_size(ps, &v) && v && !(v & (v - 1)))
        return v;
    return 4096;
}

/* The writer spec for --to (default: text when OUT ends in .txt, else native). */
static const char *writer_format(const char *to, const char *out)
{
    if (to)
        return to;
    size_t n = strlen(out);
    return n > 4 && !strcmp(out + n - 4, ".txt") ? "text" : "native";
}

/* ---- trace info ---- */

static void print_pct(const char *name, uint64_t v, uint64_t total)
{
    printf("  %-17s %" PRIu64 " (%.1f%%)\n", name, v,
           total ? 100.0 * (double)v / (double)total : 0);
}

static int trace_info(int argc, char **argv)
{
    static const struct option opts[] = {
        INPUT_OPTIONS,
        {"json", no_argument, NULL, O_JSON},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    struct input_args a = {0};
    bool json = false;
    int c, t;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if ((t = input_option("trace info", c, &a)))
            if (t < 0)
                return -t;
            else
                continue;
        else if (c == O_JSON)
            json = true;
        else if (c == 'h') {
            printf("usage: vmlab trace info FILE [--json] [input options]\n"
                   "\n"
                   "Read the whole trace and describe it: format, references, the mix of\n"
                   "reads, writes and instruction fetches, processes, distinct pages,\n"
                   "footprint, LRU stack (reuse) distances, metadata.\n"
                   "\n" INPUT_HELP "  --json             print a JSON object\n");
            return EXIT_OK;
        } else
            return cli_usage("trace info", "unknown option");
    }
    if (optind + 1 != argc)
        return cli_usage("trace info", "expected one FILE");
    const char *path = argv[optind];
    struct vmlab_error err = {0};
    struct vmlab_stream *s;
    if (open_input(path, &a, &s, &err))
        return cli_fail(&err);
    uint64_t ps = page_size_of(s, &a);
    struct vmlab_trace_stats st;
    if (vmlab_trace_stats(s, ps, &st, &err)) {
        vmlab_stream_close(s);
        return cli_fail(&err);
    }
    const struct vmlab_meta *m = vmlab_stream_meta(s);
    if (json) {
        json_t *hist = json_array();
        int last = 0;
        for (int i = 0; i < TRACESTAT_LOG2_BUCKETS; i++)
            if (st.rd_log2[i])
                last = i + 1;
        for (int i = 0; i < last; i++)
            json_array_append_new(hist, json_integer((json_int_t)st.rd_log2[i]));
        json_t *meta = json_object();
        for (size_t i = 0; m && i < m->n; i++)
            json_object_set_new(meta, m->keys[i], json_string(m->values[i]));
        json_t *j = json_pack(
            "{s:s, s:s, s:o, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:{s:I, s:I, "
            "s:I, s:I, s:I, s:I, s:f, s:o}, s:o}",
            "path", path, "format", s->format, "compression",
            s->compression ? json_string(s->compression) : json_null(), "unit",
            vmlab_unit_name(s->unit), "page_size", (json_int_t)ps, "refs", (json_int_t)st.refs,
            "reads", (json_int_t)st.reads, "writes", (json_int_t)st.writes, "ifetches",
            (json_int_t)st.ifetches, "asids", (json_int_t)st.asids, "pages", (json_int_t)st.pages,
            "page_min", (json_int_t)st.page_min, "page_max", (json_int_t)st.page_max,
            "footprint_bytes", (json_int_t)st.footprint, "reuse_distance", "reuses",
            (json_int_t)st.reuses, "min", (json_int_t)st.rd_min, "p50", (json_int_t)st.rd_p50,
            "p90", (json_int_t)st.rd_p90, "p99", (json_int_t)st.rd_p99, "max",
            (json_int_t)st.rd_max, "mean", st.rd_mean, "log2_histogram", hist, "metadata", meta);
        json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        printf("\n");
        json_decref(j);
    } else {
        char fp[32];
        vmlab_format_size(st.footprint, fp, sizeof fp);
        printf("trace               %s\n", path);
        printf("format              %s%s%s\n", s->format,
               s->compression ? ", compressed with " : "", s->compression ? s->compression : "");
        printf("unit                %s (pages of %" PRIu64 " bytes)\n",
               s->unit == VMLAB_UNIT_BYTE ? "byte addresses" : "page numbers", ps);
        printf("references          %" PRIu64 "\n", st.refs);
        print_pct("reads", st.reads, st.refs);
        print_pct("writes", st.writes, st.refs);
        print_pct("ifetches", st.ifetches, st.refs);
        printf("processes           %u (ASIDs %u..%u)\n", st.asids, st.asid_min, st.asid_max);
        printf("distinct pages      %" PRIu64 " (page numbers %" PRIu64 "..%" PRIu64 ")\n",
               st.pages, st.page_min, st.page_max);
        printf("footprint           %" PRIu64 " bytes (%s)\n", st.footprint, fp);
        printf("reuses              %" PRIu64 " (the rest are first touches)\n", st.reuses);
        printf("LRU stack distance  min %" PRIu64 ", median %" PRIu64 ", p90 %" PRIu64
               ", p99 %" PRIu64 ", max %" PRIu64 ", mean %.2f\n",
               st.rd_min, st.rd_p50, st.rd_p90, st.rd_p99, st.rd_max, st.rd_mean);
        if (m && m->n) {
            printf("metadata\n");
            for (size_t i = 0; i < m->n; i++)
                printf("  %-17s %s\n", m->keys[i], m->values[i]);
        }
    }
    vmlab_stream_close(s);
    return EXIT_OK;
}

/* ---- trace head ---- */

static int trace_head(int argc, char **argv)
{
    static const struct option opts[] = {
        INPUT_OPTIONS,
        {"from", required_argument, NULL, O_FROM},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    struct input_args a = {0};
    uint64_t n = 10, from = 0;
    int c, t;
    while ((c = getopt_long(argc, argv, "hn:", opts, NULL)) != -1) {
        if ((t = input_option("trace head", c, &a))) {
            if (t < 0)
                return -t;
        } else if (c == 'n') {
            if (vmlab_parse_count(optarg, &n))
                return cli_usage("trace head", "-n: expected a count, got '%s'", optarg);
        } else if (c == O_FROM) {
            if (vmlab_parse_count(optarg, &from))
                return cli_usage("trace head", "--from: expected a count, got '%s'", optarg);
        } else if (c == 'h') {
            printf("usage: vmlab trace head FILE [-n N] [--from K] [input options]\n"
                   "\n"
                   "Print N references (default 10) from number K (default 0, the first),\n"
                   "one a line: ADDRESS OP ASID SIZE (the text format's syntax). --from seeks\n"
                   "through the index of a native trace.\n"
                   "\n" INPUT_HELP);
            return EXIT_OK;
        } else {
            return cli_usage("trace head", "unknown option");
        }
    }
    if (optind + 1 != argc)
        return cli_usage("trace head", "expected one FILE");
    struct vmlab_error err = {0};
    struct vmlab_stream *s;
    if (open_input(argv[optind], &a, &s, &err))
        return cli_fail(&err);
    int rc = from ? vmlab_stream_seek(s, from, &err) : 0;
    struct vmlab_ref buf[256];
    while (!rc && n > 0) {
        long k = vmlab_stream_read(s, buf, n < 256 ? (size_t)n : 256, &err);
        if (k <= 0) {
            rc = (int)k;
            break;
        }
        for (long i = 0; i < k; i++)
            printf(s->unit == VMLAB_UNIT_BYTE ? "0x%" PRIx64 " %s %u %u\n"
                                              : "%" PRIu64 " %s %u %u\n",
                   buf[i].addr, vmlab_op_name((enum vmlab_op)buf[i].op), buf[i].asid, buf[i].size);
        n -= (uint64_t)k;
    }
    vmlab_stream_close(s);
    return rc ? cli_fail(&err) : EXIT_OK;
}

/* ---- trace convert ---- */

/* Write all of @s to @out in @format with metadata @m. Return: 0 or < 0. */
static int write_stream(struct vmlab_stream *s, const char *out, const char *format,
                        uint64_t page_size, const struct vmlab_meta *m, struct vmlab_error *err)
{
    struct vmlab_trace_header h = {.unit = s->unit, .page_size = page_size, .meta = m};
    struct vmlab_writer *w;
    int rc = vmlab_writer_open(&w, out, format, &h, err);
    if (rc)
        return rc;
    rc = vmlab_writer_copy(w, s, err);
    if (rc) {
        vmlab_writer_abort(w);
        return rc;
    }
    return vmlab_writer_close(w, err);
}

static int trace_convert(int argc, char **argv)
{
    static const struct option opts[] = {
        INPUT_OPTIONS,
        FILTER_OPTIONS,
        {"to", required_argument, NULL, O_TO},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    struct input_args a = {0};
    struct vmlab_filter f = {0};
    const char *to = NULL;
    int c, t;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if ((t = input_option("trace convert", c, &a)) ||
            (t = filter_option("trace convert", c, &f))) {
            if (t < 0)
                return -t;
        } else if (c == O_TO) {
            to = optarg;
        } else if (c == 'h') {
            printf("usage: vmlab trace convert IN OUT [--to native|text[:options]] [options]\n"
                   "\n"
                   "Convert a trace in any format vmlab reads into the native format or text\n"
                   "(default: text when OUT ends in .txt, else native; - for standard output),\n"
                   "carrying its metadata over. Writer options: native:block_refs=N,level=L.\n"
                   "\n" INPUT_HELP FILTER_HELP);
            return EXIT_OK;
        } else {
            return cli_usage("trace convert", "unknown option");
        }
    }
    if (optind + 2 != argc)
        return cli_usage("trace convert", "expected IN and OUT");
    const char *in = argv[optind], *out = argv[optind + 1];
    struct vmlab_error err = {0};
    struct vmlab_stream *s;
    if (open_input(in, &a, &s, &err))
        return cli_fail(&err);
    uint64_t ps = page_size_of(s, &a);
    struct vmlab_meta *m = vmlab_meta_copy(vmlab_stream_meta(s));
    char buf[512];
    snprintf(buf, sizeof buf, "%s (%s%s%s)", in, s->format, s->compression ? ", " : "",
             s->compression ? s->compression : "");
    int rc = m && !vmlab_meta_set(m, "converted_from", buf)
                 ? 0
                 : vmlab_error_set(&err, VMLAB_ESYSTEM, "out of memory");
    if (!rc && !vmlab_filter_is_identity(&f)) {
        vmlab_filter_describe(&f, buf, sizeof buf);
        if (vmlab_meta_set(m, "filter", buf))
            rc = vmlab_error_set(&err, VMLAB_ESYSTEM, "out of memory");
        else
            rc = vmlab_stream_filter(&s, s, &f, &err);
        if (rc)
            s = NULL;
    }
    if (!rc)
        rc = write_stream(s, out, writer_format(to, out), ps, m, &err);
    vmlab_meta_free(m);
    vmlab_stream_close(s);
    return rc ? cli_fail(&err) : EXIT_OK;
}

/* ---- trace gen ---- */

static int trace_gen(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, NULL, 'o'},
        {"to", required_argument, NULL, O_TO},
        {"page-size", required_argument, NULL, O_PAGE},
        {"seed", required_argument, NULL, O_SEED},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    const char *out = NULL, *to = NULL, *seed = "1";
    struct input_args a = {0};
    int c, t;
    while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
        if (c == O_PAGE) {
            if ((t = input_option("trace gen", c, &a)) < 0)
                return -t;
        } else if (c == 'o') {
            out = optarg;
        } else if (c == O_TO) {
            to = optarg;
        } else if (c == O_SEED) {
            seed = optarg;
        } else if (c == 'h') {
            printf("usage: vmlab trace gen WORKLOAD -o FILE [--to native|text] [--seed N]\n"
                   "                       [--page-size SIZE]\n"
                   "\n"
                   "Materialise a synthetic workload, given as `vmlab sim --workload` takes it\n"
                   "('zipf:pages=100000,alpha=0.9,refs=1e7'; see vmlab list workloads), into a\n"
                   "trace file. Same spec and seed, same file, byte for byte.\n");
            return EXIT_OK;
        } else {
            return cli_usage("trace gen", "unknown option");
        }
    }
    if (optind + 1 != argc)
        return cli_usage("trace gen", "expected one WORKLOAD spec");
    if (!out)
        return cli_usage("trace gen", "give -o FILE");
    uint64_t seedv;
    if (vmlab_parse_count(seed, &seedv))
        return cli_usage("trace gen", "--seed: expected a non-negative integer, got '%s'", seed);
    const char *spec = argv[optind];
    struct vmlab_error err = {0};
    uint64_t ps = a.page_size ? a.page_size : 4096;
    struct vmlab_workload_env env = {.page_size = ps};
    struct vmlab_stream *s = NULL;
    int rc = vmlab_workload_open_spec(&s, spec, seedv, 0, &env, "WORKLOAD", &err);
    struct vmlab_meta *m = rc ? NULL : vmlab_meta_new();
    if (m) {
        char prod[96], sv[32];
        snprintf(prod, sizeof prod, "vmlab %s trace gen", vmlab_version());
        snprintf(sv, sizeof sv, "%" PRIu64, seedv);
        if (vmlab_meta_set(m, "producer", prod) || vmlab_meta_set(m, "workload", spec) ||
            vmlab_meta_set(m, "seed", sv))
            rc = vmlab_error_set(&err, VMLAB_ESYSTEM, "out of memory");
    } else if (!rc) {
        rc = vmlab_error_set(&err, VMLAB_ESYSTEM, "out of memory");
    }
    if (!rc)
        rc = write_stream(s, out, writer_format(to, out), ps, m, &err);
    vmlab_meta_free(m);
    vmlab_stream_close(s);
    return rc ? cli_fail(&err) : EXIT_OK;
}

/* ---- trace ---- */

static void trace_help(FILE *out)
{
    fprintf(out, "usage: vmlab trace SUBCOMMAND ...\n"
                 "\n"
                 "  info FILE             format, references, op mix, pages, footprint, reuse\n"
                 "  head FILE [-n N]      the first references\n"
                 "  convert IN OUT        any readable format to native or text\n"
                 "  gen WORKLOAD -o FILE  a synthetic workload materialised as a trace\n"
                 "\n"
                 "`vmlab trace SUBCOMMAND --help` describes each; formats: vmlab list formats;\n"
                 "compressed files (zstd, xz, gzip) are read directly; docs/traces.md.\n");
}

int cmd_trace(int argc, char **argv)
{
    if (argc < 2) {
        trace_help(stderr);
        return EXIT_USAGE;
    }
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } subs[] = {
        {"info", trace_info},
        {"head", trace_head},
        {"convert", trace_convert},
        {"gen", trace_gen},
    };
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        trace_help(stdout);
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
        if (!strcmp(argv[1], subs[i].name))
            return subs[i].fn(argc - 1, argv + 1);
    return cli_usage("trace", "unknown subcommand '%s' (info, head, convert, gen)", argv[1]);
}

/* ---- capture ---- */

int cmd_capture(int argc, char **argv)
{
    static const struct option opts[] = {
        FILTER_OPTIONS,
        {"output", required_argument, NULL, 'o'},
        {"to", required_argument, NULL, O_TO},
        {"valgrind", required_argument, NULL, O_VALGRIND},
        {"quiet", no_argument, NULL, O_QUIET},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    struct vmlab_capture cap = {.output = NULL};
    bool quiet = false;
    int c, t;
    /* "+": stop at the program's name, whose options are its own */
    while ((c = getopt_long(argc, argv, "+ho:q", opts, NULL)) != -1) {
        if ((t = filter_option("capture", c, &cap.filter))) {
            if (t < 0)
                return -t;
        } else if (c == 'o') {
            cap.output = optarg;
        } else if (c == O_TO) {
            cap.format = optarg;
        } else if (c == O_VALGRIND) {
            cap.valgrind = optarg;
        } else if (c == O_QUIET || c == 'q') {
            quiet = true;
        } else if (c == 'h') {
            printf(
                "usage: vmlab capture -o FILE [options] [--] PROGRAM [ARGS...]\n"
                "\n"
                "Run PROGRAM under Valgrind's lackey tool and record its memory references\n"
                "(instruction fetches, loads, stores; byte addresses) into a trace, converted\n"
                "as they come through a pipe. The header records the command line and the\n"
                "valgrind version. With --limit the program is stopped at the limit.\n"
                "\n"
                "  -o, --output FILE  the trace (required; - for standard output)\n"
                "  --to FORMAT        native (default) or text, with writer options\n" FILTER_HELP
                "  --valgrind PATH    the valgrind to run (default: %s)\n"
                "  -q, --quiet        no summary on standard error\n",
                VMLAB_VALGRIND);
            return EXIT_OK;
        } else {
            return cli_usage("capture", "unknown option");
        }
    }
    if (!cap.output)
        return cli_usage("capture", "give -o FILE");
    if (optind >= argc)
        return cli_usage("capture", "give the PROGRAM to capture (after --)");
    cap.argv = argv + optind;
    struct vmlab_capture_result r;
    struct vmlab_error err = {0};
    if (vmlab_capture_run(&cap, &r, &err))
        return cli_fail(&err);
    if (!quiet) {
        char f[256];
        vmlab_filter_describe(&cap.filter, f, sizeof f);
        fprintf(stderr, "vmlab capture: %" PRIu64 " references (%s) into %s (%s)", r.refs, f,
                cap.output, r.valgrind_version);
        if (r.limited)
            fprintf(stderr, "; the limit was reached and the program stopped\n");
        else if (WIFEXITED(r.status) && WEXITSTATUS(r.status))
            fprintf(stderr, "; the program exited with status %d\n", WEXITSTATUS(r.status));
        else if (WIFSIGNALED(r.status))
            fprintf(stderr, "; the program was killed by signal %d\n", WTERMSIG(r.status));
        else
            fprintf(stderr, "\n");
    }
    return EXIT_OK;
}
