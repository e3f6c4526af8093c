/*
 * translation.c - the translation table of `vmlab sim` (issue 4): for each
 * run with an MMU, its TLB structures (lookups, misses, MPKI), walks and
 * walk caches, and the cycle breakdown, AMAT-style:
 *
 *   cycles/ref = (TLB lookups + walk caches + walk memory + faults + ...) / refs
 *
 * Read from the results document, so it shows exactly what was written.
 */
#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static uint64_t u(const json_t *o, const char *key)
{
    return (uint64_t)json_integer_value(json_object_get(o, key));
}

static void print_one(FILE *out, const json_t *run)
{
    const json_t *t = json_object_get(run, "translation");
    const json_t *p = json_object_get(run, "params");
    uint64_t refs = u(json_object_get(run, "metrics"), "refs");
    fprintf(out, "\ntranslation: mmu %s, %s, %" PRIu64 " frames, huge pages %s\n",
            json_string_value(json_object_get(p, "mmu_name")),
            json_string_value(json_object_get(p, "policy")), u(p, "frames"),
            json_string_value(json_object_get(p, "huge_pages")));
    static const char *const head[] = {"structure", "level", "lookups",  "hits",
                                       "misses",    "MPKI",  "evictions"};
    static const int right[] = {0, 1, 1, 1, 1, 1, 1};
    struct table tb;
    table_init(&tb, 7, head, right);
    size_t i;
    const json_t *x;
    json_array_foreach(json_object_get(t, "tlb"), i, x)
    {
        char b[6][32];
        snprintf(b[0], sizeof b[0], "%" PRIu64, u(x, "level"));
        snprintf(b[1], sizeof b[1], "%" PRIu64, u(x, "lookups"));
        snprintf(b[2], sizeof b[2], "%" PRIu64, u(x, "hits"));
        snprintf(b[3], sizeof b[3], "%" PRIu64, u(x, "misses"));
        snprintf(b[4], sizeof b[4], "%.3f", json_real_value(json_object_get(x, "mpki")));
        snprintf(b[5], sizeof b[5], "%" PRIu64, u(x, "evictions"));
        const char *cells[] = {
            json_string_value(json_object_get(x, "name")), b[0], b[1], b[2], b[3], b[4], b[5]};
        table_row(&tb, cells);
    }
    json_array_foreach(json_object_get(t, "pwc"), i, x)
    {
        char b[4][32];
        uint64_t look = u(x, "lookups"), hits = u(x, "hits");
        snprintf(b[0], sizeof b[0], "%" PRIu64, look);
        snprintf(b[1], sizeof b[1], "%" PRIu64, hits);
        snprintf(b[2], sizeof b[2], "%" PRIu64, look - hits);
        snprintf(b[3], sizeof b[3], "%.3f",
                 refs ? 1000.0 * (double)(look - hits) / (double)refs : 0.0);
        const char *cells[] = {
            json_string_value(json_object_get(x, "name")), "walk", b[0], b[1], b[2], b[3], NULL};
        table_row(&tb, cells);
    }
    table_print(&tb, out);
    table_free(&tb);

    uint64_t walks = u(t, "walks");
    fprintf(out, "walks %" PRIu64, walks);
    const json_t *wr = json_object_get(t, "walk_refs");
    uint64_t total = 0;
    json_array_foreach(wr, i, x) total += (uint64_t)json_integer_value(x);
    const json_t *hr = json_object_get(t, "host_walk_refs");
    uint64_t host = 0;
    json_array_foreach(hr, i, x) host += (uint64_t)json_integer_value(x);
    fprintf(out, ", walk references %" PRIu64 " (", total + host);
    json_array_foreach(wr, i, x)
        fprintf(out, "%s%" JSON_INTEGER_FORMAT, i ? " " : "", json_integer_value(x));
    fprintf(out, " by level, root first");
    if (json_array_size(hr)) {
        fprintf(out, "; host");
        json_array_foreach(hr, i, x) fprintf(out, " %" JSON_INTEGER_FORMAT, json_integer_value(x));
    }
    fprintf(out, "), %.2f per walk\n", walks ? (double)(total + host) / (double)walks : 0.0);
    fprintf(out,
            "page tables %" PRIu64 " bytes, shoot-downs %" PRIu64 ", context switches %" PRIu64
            ", flushes %" PRIu64,
            u(t, "pt_bytes") + u(t, "host_pt_bytes"), u(t, "shootdowns"), u(t, "context_switches"),
            u(t, "flushes"));
    if (u(t, "promotions") || u(t, "demotions"))
        fprintf(out, ", huge promotions %" PRIu64 ", demotions %" PRIu64, u(t, "promotions"),
                u(t, "demotions"));
    fprintf(out, "\n");

    static const char *const parts[][2] = {
        {"tlb_hit", "TLB lookups"},
        {"pwc_hit", "walk-cache hits"},
        {"walk_mem", "walk memory"},
        {"minor_fault", "minor faults"},
        {"major_fault", "major faults"},
        {"writeback", "write-backs"},
        {"shootdown", "shoot-downs"},
        {"context_switch", "context switches"},
        {"total", "total"},
    };
    static const char *const chead[] = {"cycles", "total", "per ref", "share"};
    static const int cright[] = {0, 1, 1, 1};
    table_init(&tb, 4, chead, cright);
    const json_t *cyc = json_object_get(t, "cycles");
    uint64_t all = u(cyc, "total");
    for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++) {
        uint64_t c = u(cyc, parts[k][0]);
        char b[3][32];
        snprintf(b[0], sizeof b[0], "%" PRIu64, c);
        snprintf(b[1], sizeof b[1], "%.3f", refs ? (double)c / (double)refs : 0.0);
        snprintf(b[2], sizeof b[2], "%.1f%%", all ? 100.0 * (double)c / (double)all : 0.0);
        const char *cells[] = {parts[k][1], b[0], b[1], b[2]};
        table_row(&tb, cells);
    }
    table_print(&tb, out);
    table_free(&tb);
}

void cli_print_translation(FILE *out, const json_t *results)
{
    size_t i;
    const json_t *run;
    json_array_foreach(json_object_get(results, "runs"), i,
                       run) if (json_object_get(run, "translation")) print_one(out, run);
}
