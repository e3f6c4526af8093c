/*
 * cmd_host.c - `vmlab host [--json]`: what vmlab learns about this machine's
 * memory system: topology and caches (hwloc), page sizes and transparent
 * huge pages (/sys), the TLBs CPUID describes, what PAPI can count and which
 * perf software events work. Anything unavailable says why.
 */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <vmlab/vmlab.h>

#include "cli.h"
#include "hwcounters/discover.h"

static void usage(FILE *out)
{
    fprintf(out, "usage: vmlab host [--json]\n"
                 "\n"
                 "Describe this machine's memory system: topology and caches (hwloc), page\n"
                 "sizes and transparent huge pages, the TLBs CPUID reports, hardware counters\n"
                 "(PAPI) and perf software events. A VM may report made-up CPUID values and\n"
                 "usually has no hardware counters; both are said plainly.\n"
                 "\n"
                 "  --json    print it as JSON\n");
}

static void size_text(json_int_t b, char *buf, size_t len)
{
    vmlab_format_size((uint64_t)b, buf, len);
}

static void print_human(const json_t *d)
{
    const json_t *h = json_object_get(d, "host");
    printf("host:       %s (%s)\n", json_string_value(json_object_get(h, "hostname")),
           json_string_value(json_object_get(h, "os")));
    const char *cpu = json_string_value(json_object_get(h, "cpu_model"));
    printf("cpu:        %s; %lld package(s), %lld core(s), %lld PU(s), %lld NUMA node(s)\n",
           cpu ? cpu : "?", (long long)json_integer_value(json_object_get(h, "packages")),
           (long long)json_integer_value(json_object_get(h, "cores")),
           (long long)json_integer_value(json_object_get(h, "pus")),
           (long long)json_integer_value(json_object_get(h, "numa_nodes")));
    printf("caches:    ");
    const char *k;
    const json_t *v;
    json_object_foreach((json_t *)json_object_get(h, "caches"), k, v) {
        char s[32];
        size_text(json_integer_value(v), s, sizeof s);
        printf(" %s %s", k, s);
    }
    printf("\npage sizes:");
    size_t i;
    json_array_foreach(json_object_get(d, "page_sizes"), i, v) {
        char s[32];
        size_text(json_integer_value(v), s, sizeof s);
        printf(" %s", s);
    }
    const json_t *thp = json_object_get(d, "thp");
    const char *en = json_string_value(json_object_get(thp, "enabled"));
    printf("\nTHP:        %s", en ? en : json_string_value(json_object_get(thp, "reason")));
    if (json_object_get(thp, "defrag"))
        printf(" (defrag %s)", json_string_value(json_object_get(thp, "defrag")));
    const json_t *c = json_object_get(d, "cpuid");
    if (json_object_get(c, "reason")) {
        printf("\nCPUID TLBs: unavailable: %s\n", json_string_value(json_object_get(c, "reason")));
    } else {
        bool hv = json_is_true(json_object_get(c, "hypervisor"));
        printf("\nCPUID TLBs (%s%s):%s\n", json_string_value(json_object_get(c, "vendor")),
               hv ? ", under a hypervisor: its values may be made up"
                  : "; a virtual machine may report made-up values",
               json_array_size(json_object_get(c, "tlbs"))
                   ? ""
                   : " none described (a hypervisor may hide them)");
        static const char *const head[] = {"level", "type", "page sizes", "entries", "ways"};
        static const int right[] = {1, 0, 0, 1, 1};
        struct table t;
        table_init(&t, 5, head, right);
        json_array_foreach(json_object_get(c, "tlbs"), i, v) {
            char lvl[8], ps[64] = "", ent[16], ways[16];
            snprintf(lvl, sizeof lvl, "L%lld", (long long)json_integer_value(json_object_get(v, "level")));
            size_t j;
            const json_t *p;
            json_array_foreach(json_object_get(v, "page_sizes"), j, p) {
                strncat(ps, j ? "," : "", sizeof ps - strlen(ps) - 1);
                strncat(ps, json_string_value(p), sizeof ps - strlen(ps) - 1);
            }
            snprintf(ent, sizeof ent, "%lld", (long long)json_integer_value(json_object_get(v, "entries")));
            const json_t *w = json_object_get(v, "ways");
            if (json_is_string(w))
                snprintf(ways, sizeof ways, "%s", json_string_value(w));
            else if (w)
                snprintf(ways, sizeof ways, "%lld", (long long)json_integer_value(w));
            else
                snprintf(ways, sizeof ways, "?");
            const char *row[] = {lvl, json_string_value(json_object_get(v, "type")), ps, ent, ways};
            table_row(&t, row);
        }
        if (json_array_size(json_object_get(c, "tlbs")))
            table_print(&t, stdout);
        table_free(&t);
    }
    const json_t *p = json_object_get(d, "papi");
    const char *ver = json_string_value(json_object_get(p, "version"));
    if (json_is_true(json_object_get(p, "available"))) {
        printf("PAPI %s:   %lld hardware counters; presets:", ver ? ver : "",
               (long long)json_integer_value(json_object_get(p, "hardware_counters")));
        json_object_foreach((json_t *)json_object_get(p, "presets"), k, v)
            printf(" %s%s", k, json_is_true(v) ? "" : " (absent)");
        printf("\n");
    } else {
        printf("PAPI%s%s: %s\n", ver ? " " : "", ver ? ver : "",
               json_string_value(json_object_get(p, "reason")));
    }
    printf("perf software events:");
    json_object_foreach((json_t *)json_object_get(d, "perf_software"), k, v) {
        if (json_is_true(json_object_get(v, "available")))
            printf(" %s (%s)", k, json_string_value(json_object_get(v, "source")));
        else
            printf(" %s (unavailable: %s)", k, json_string_value(json_object_get(v, "reason")));
    }
    printf("\n");
}

int cmd_host(int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0},
    };
    bool json = false;
    optind = 1;
    for (int c; (c = getopt_long(argc, argv, "h", opts, NULL)) != -1;) {
        switch (c) {
        case 'j': json = true; break;
        case 'h': usage(stdout); return EXIT_OK;
        default: return cli_usage("host", "unknown option");
        }
    }
    if (optind != argc)
        return cli_usage("host", "unexpected argument '%s'", argv[optind]);
    json_t *d = vmlab_discover_json();
    if (!d) {
        fprintf(stderr, "vmlab host: out of memory\n");
        return EXIT_RUNTIME;
    }
    if (json) {
        json_dumpf(d, stdout, JSON_INDENT(2));
        putchar('\n');
    } else {
        print_human(d);
    }
    json_decref(d);
    return EXIT_OK;
}
