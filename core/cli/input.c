/*
 * input.c - what `vmlab sim` and `vmlab mrc` share: the input options (a
 * trace file, --refs, --workload, --format, --unit) and the model options
 * (--policy, --frames, --memory, --page-size, --visibility, --seed,
 * --plugin), turned into an experiment object that the runner runs like any
 * experiment file; and the mapping of its JSON paths back to option names
 * in errors.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <vmlab/vmlab.h>

#include "cli.h"

void cli_input_init(struct cli_input *in)
{
    *in = (struct cli_input){
        .unit = NULL, .policy = "lru", .page = "4K", .vis = "exact", .seed = "1"};
}

int cli_input_option(struct cli_input *in, int opt, const char *arg, int *status)
{
    *status = 0;
    switch (opt) {
    case CLI_O_FORMAT: in->format = arg; return 1;
    case CLI_O_UNIT: in->unit = arg; return 1;
    case CLI_O_REFS: in->refs = arg; return 1;
    case CLI_O_WORKLOAD: in->workload = arg; return 1;
    case CLI_O_POLICY: in->policy = arg; return 1;
    case CLI_O_FRAMES: in->frames = arg; return 1;
    case CLI_O_MEMORY: in->memory = arg; return 1;
    case CLI_O_PAGE: in->page = arg; return 1;
    case CLI_O_VIS: in->vis = arg; return 1;
    case CLI_O_SEED: in->seed = arg; return 1;
    case CLI_O_PLUGIN: *status = cli_load_plugin(arg); return 1;
    case CLI_O_SCOPE: in->scope = arg; return 1;
    case CLI_O_QUOTA: in->quota = arg; return 1;
    case CLI_O_ALLOC: in->allocation = arg; return 1;
    case CLI_O_FCOST: in->fault_cost = arg; return 1;
    default: return 0;
    }
}

/* Split @list at commas; an item "k=v" without ':' continues the previous spec. */
static json_t *split_specs(const char *list)
{
    json_t *a = json_array();
    char *copy = cli_need(strdup(list)), *save = NULL;
    char *cur = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (cur && strchr(tok, '=') && (!strchr(tok, ':') || strchr(tok, ':') > strchr(tok, '='))) {
            size_t n = strlen(cur) + strlen(tok) + 2;
            char *joined = cli_need(malloc(n));
            snprintf(joined, n, "%s,%s", cur, tok);
            free(cur);
            cur = joined;
            continue;
        }
        if (cur) {
            json_array_append_new(a, json_string(cur));
            free(cur);
        }
        cur = cli_need(strdup(tok));
    }
    if (cur) {
        json_array_append_new(a, json_string(cur));
        free(cur);
    }
    free(copy);
    return a;
}

/*
 * One-pass curves (issue 8): "all", or a range "A-B:STEP" / "A-all:STEP"
 * (STEP a number or xK) as the experiment's range object. Return: NULL
 * when @list is neither.
 */
static json_t *parse_frame_range(const char *list)
{
    if (!strcmp(list, "all"))
        return json_string("all");
    const char *colon = strchr(list, ':'), *dash = strchr(list, '-');
    bool to_all = dash && !strncmp(dash + 1, "all", 3) && (dash[4] == '\0' || dash + 4 == colon);
    if (!dash || strchr(list, ',') || (!colon && !to_all))
        return NULL;
    uint64_t from, to = 0, step = 0;
    char a[32], b[32];
    snprintf(a, sizeof a, "%.*s", (int)(dash - list), list);
    snprintf(b, sizeof b, "%.*s", (int)((colon ? colon : dash + strlen(dash)) - dash - 1),
             dash + 1);
    if (vmlab_parse_count(a, &from) || (!to_all && vmlab_parse_count(b, &to)))
        return NULL;
    json_t *o = json_pack("{s:I}", "from", (json_int_t)from);
    json_object_set_new(o, "to", to_all ? json_string("all") : json_integer((json_int_t)to));
    if (colon && (colon[1] == 'x' || colon[1] == '*'))
        json_object_set_new(o, "step", json_string(colon + 1));
    else if (colon && !vmlab_parse_count(colon + 1, &step))
        json_object_set_new(o, "step", json_integer((json_int_t)step));
    else if (colon) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* "3,4,1024" or "1-8": a JSON array of frame counts. Return: NULL on a bad item. */
static json_t *parse_frames(const char *list, char *bad, size_t badlen)
{
    json_t *range = parse_frame_range(list);
    if (range)
        return range;
    json_t *a = json_array();
    char *copy = cli_need(strdup(list)), *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        uint64_t lo, hi;
        char *dash = strchr(tok, '-');
        int ok;
        if (dash) {
            *dash = '\0';
            ok = !vmlab_parse_count(tok, &lo) && !vmlab_parse_count(dash + 1, &hi) && lo <= hi &&
                 hi - lo < 100000;
            *dash = '-';
        } else {
            ok = !vmlab_parse_count(tok, &lo);
            hi = lo;
        }
        if (!ok || lo < 1 || hi >= UINT32_MAX) {
            snprintf(bad, badlen, "%s", tok);
            json_decref(a);
            free(copy);
            return NULL;
        }
        for (uint64_t f = lo; f <= hi; f++)
            json_array_append_new(a, json_integer((json_int_t)f));
    }
    free(copy);
    if (!json_array_size(a)) {
        snprintf(bad, badlen, "%s", list);
        json_decref(a);
        return NULL;
    }
    return a;
}

static json_t *parse_sizes(const char *list, char *bad, size_t badlen)
{
    json_t *a = json_array();
    char *copy = cli_need(strdup(list)), *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        uint64_t v;
        if (vmlab_parse_size(tok, &v) || !v) {
            snprintf(bad, badlen, "%s", tok);
            json_decref(a);
            free(copy);
            return NULL;
        }
        json_array_append_new(a, json_string(tok));
    }
    free(copy);
    return a;
}

/* "a,b": a JSON array of the items; "a": a string. */
static json_t *string_or_list(const char *text)
{
    if (!strchr(text, ','))
        return json_string(text);
    json_t *a = json_array();
    char *copy = cli_need(strdup(text)), *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
        json_array_append_new(a, json_string(tok));
    free(copy);
    return a;
}

/*
 * --scope, --quota, --allocation, --fault-cost into @doc's keys (processes
 * and allocation); the experiment parser checks them. "--quota 1,2,1"
 * (integers) is one list of shares. Return: -1 when --fault-cost is not a
 * count.
 */
static int add_manager_keys(json_t *doc, const struct cli_input *in)
{
    if (in->scope)
        json_object_set_new(doc, "scope", string_or_list(in->scope));
    if (in->quota) {
        json_t *q = string_or_list(in->quota);
        size_t i;
        json_t *x;
        uint64_t v;
        bool shares = true;
        json_array_foreach(q, i, x) shares &= !vmlab_parse_count(json_string_value(x), &v);
        if (json_is_string(q) && !vmlab_parse_count(json_string_value(q), &v)) {
            json_decref(q);
            q = json_pack("[I]", (json_int_t)v);
        } else if (json_is_array(q) && shares) {
            json_t *n = json_array();
            json_array_foreach(q, i, x) {
                vmlab_parse_count(json_string_value(x), &v);
                json_array_append_new(n, json_integer((json_int_t)v));
            }
            json_decref(q);
            q = n;
        }
        json_object_set_new(doc, "quota", q);
    }
    if (in->allocation)
        json_object_set_new(doc, "allocation", split_specs(in->allocation));
    if (in->fault_cost) {
        uint64_t v;
        if (vmlab_parse_count(in->fault_cost, &v) || v > INT64_MAX)
            return -1;
        json_object_set_new(doc, "fault_cost", json_integer((json_int_t)v));
    }
    return 0;
}

json_t *cli_input_experiment(const char *cmd, struct cli_input *in, int argc, char **argv,
                             int optind_, int *status)
{
    *status = EXIT_USAGE;
    in->trace = optind_ < argc ? argv[optind_] : NULL;
    if (optind_ + 1 < argc) {
        cli_usage(cmd, "one trace at a time (got '%s' and '%s')", argv[optind_], argv[optind_ + 1]);
        return NULL;
    }
    if (!!in->trace + !!in->refs + !!in->workload != 1) {
        cli_usage(cmd, "give exactly one input: a TRACE file, --refs or --workload");
        return NULL;
    }
    if (in->unit && strcmp(in->unit, "page") && strcmp(in->unit, "byte")) {
        cli_usage(cmd, "--unit: expected page or byte, got '%s'", in->unit);
        return NULL;
    }
    if (!in->frames && !in->memory) {
        cli_usage(cmd, "give --frames or --memory");
        return NULL;
    }
    if (in->frames && in->memory) {
        cli_usage(cmd, "give --frames or --memory, not both");
        return NULL;
    }
    if (in->format && !in->trace) {
        cli_usage(cmd, "--format applies to a TRACE file");
        return NULL;
    }
    uint64_t seedv;
    if (vmlab_parse_count(in->seed, &seedv)) {
        cli_usage(cmd, "--seed: expected a non-negative integer, got '%s'", in->seed);
        return NULL;
    }
    uint64_t pagev;
    if (vmlab_parse_size(in->page, &pagev) || !pagev || (pagev & (pagev - 1))) {
        cli_usage(cmd, "--page-size: expected a power of two such as 4K or 2M, got '%s'", in->page);
        return NULL;
    }
    in->page_bytes = pagev;
    char bad[256];
    json_t *sizes = in->frames ? parse_frames(in->frames, bad, sizeof bad)
                               : parse_sizes(in->memory, bad, sizeof bad);
    if (!sizes) {
        if (in->frames)
            cli_usage(cmd,
                      "--frames: expected positive integers, ranges A-B, A-B:STEP, or all, "
                      "got '%s'",
                      bad);
        else
            cli_usage(cmd, "--memory: expected sizes such as 64M, got '%s'", bad);
        return NULL;
    }
    json_t *w;
    if (in->trace) {
        w = json_pack("{s:s, s:s, s:s, s:s}", "name", "trace", "path", in->trace, "format",
                      in->format ? in->format : "auto", "unit", in->unit ? in->unit : "auto");
        in->input_opt = in->trace;
    } else if (in->refs) {
        w = json_pack("{s:s, s:s, s:s}", "name", "inline", "refs", in->refs, "unit",
                      in->unit ? in->unit : "page");
        in->input_opt = "--refs";
    } else {
        w = json_string(in->workload);
        in->input_opt = "--workload";
    }
    json_t *doc = json_pack("{s:s, s:o, s:o, s:o, s:s, s:I, s:s}", "name", cmd, "workload", w,
                            "policy", split_specs(in->policy), in->frames ? "frames" : "memory",
                            sizes, "page_size", in->page, "seed", (json_int_t)seedv,
                            "visibility", in->vis);
    if (doc && add_manager_keys(doc, in)) {
        json_decref(doc);
        cli_usage(cmd, "--fault-cost: expected a non-negative integer, got '%s'", in->fault_cost);
        return NULL;
    }
    *status = EXIT_OK;
    return doc;
}

void cli_map_paths(struct vmlab_error *err, const char *input_opt)
{
    static const char *const map[][2] = {
        {"$.policy", "--policy"},       {"$.frames", "--frames"},
        {"$.memory", "--memory"},       {"$.seed", "--seed"},
        {"$.page_size", "--page-size"}, {"$.visibility", "--visibility"},
        {"$.sample_error", "--error"},  {"$.sample", "--sample"},
        {"$.workload", NULL},
        /* processes and allocation */
        {"$.scope", "--scope"},         {"$.quota", "--quota"},
        {"$.allocation", "--allocation"}, {"$.fault_cost", "--fault-cost"},
        /* translation model (issue 4) */
        {"$.mmu", "--mmu"},             {"$.huge_pages", "--huge-pages"},
        {"$.pcid", "--pcid"},
    };
    char *p = strstr(err->msg, "$.");
    if (!p)
        return;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        size_t n = strlen(map[i][0]);
        if (strncmp(p, map[i][0], n))
            continue;
        const char *to = map[i][1] ? map[i][1] : input_opt;
        char rest[VMLAB_ERROR_MSG_MAX];
        snprintf(rest, sizeof rest, "%s", p + n);
        size_t head = (size_t)(p - err->msg);
        snprintf(p, sizeof err->msg - head, "%s%s", to, rest);
        return;
    }
}
