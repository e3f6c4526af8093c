/*
 * discover.c - the host's memory system as vmlab sees it (discover.h).
 */
#include <config.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hwcounters/counters.h"
#include "hwcounters/cpuid.h"
#include "hwcounters/discover.h"
#include "hwcounters/host.h"

static int cmp_int(const void *a, const void *b)
{
    json_int_t x = *(const json_int_t *)a, y = *(const json_int_t *)b;
    return (x > y) - (x < y);
}

static json_t *page_sizes(void)
{
    json_int_t v[16];
    size_t n = 0;
    v[n++] = sysconf(_SC_PAGESIZE);
    DIR *d = opendir("/sys/kernel/mm/hugepages");
    if (d) {
        for (struct dirent *e; (e = readdir(d)) && n < 16;) {
            long kb;
            if (sscanf(e->d_name, "hugepages-%ldkB", &kb) == 1)
                v[n++] = (json_int_t)kb * 1024;
        }
        closedir(d);
    }
    qsort(v, n, sizeof *v, cmp_int);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_integer(v[i]));
    return a;
}

/* the [selected] word of a sysfs choice file, or NULL */
static json_t *sysfs_choice(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    char line[256];
    json_t *r = NULL;
    if (fgets(line, sizeof line, f)) {
        char *l = strchr(line, '['), *rb = l ? strchr(l, ']') : NULL;
        if (l && rb) {
            *rb = '\0';
            r = json_string(l + 1);
        }
    }
    fclose(f);
    return r;
}

json_t *vmlab_discover_json(void)
{
    json_t *o = json_object();
    json_object_set_new(o, "host", vmlab_host_json());
    json_object_set_new(o, "page_sizes", page_sizes());
    json_t *thp = json_object();
    json_t *en = sysfs_choice("/sys/kernel/mm/transparent_hugepage/enabled");
    json_t *df = sysfs_choice("/sys/kernel/mm/transparent_hugepage/defrag");
    if (en)
        json_object_set_new(thp, "enabled", en);
    if (df)
        json_object_set_new(thp, "defrag", df);
    if (!en && !df)
        json_object_set_new(thp, "reason", json_string("no /sys/kernel/mm/transparent_hugepage"));
    json_object_set_new(o, "thp", thp);
    struct cpuid_tlbs t;
    if (cpuid_read(&t) == 0)
        json_object_set_new(o, "cpuid", json_pack("{s:s, s:b, s:o}", "vendor", t.vendor,
                                                  "hypervisor", t.hypervisor, "tlbs",
                                                  cpuid_tlbs_json(&t)));
    else
        json_object_set_new(o, "cpuid", json_pack("{s:b, s:s}", "available", 0, "reason",
                                                  "CPUID exists only on x86"));
    json_object_set_new(o, "papi", counters_papi_json());
    struct counters cs;
    const char *const sw[] = {"minor-faults", "major-faults", "task-clock", NULL};
    counters_open(&cs, sw);
    counters_start(&cs);
    counters_stop(&cs);
    json_t *p = json_object();
    for (size_t i = 0; i < cs.n; i++)
        json_object_set_new(p, cs.c[i].name,
                            cs.c[i].available
                                ? json_pack("{s:b, s:s}", "available", 1, "source", cs.c[i].source)
                                : json_pack("{s:b, s:s}", "available", 0, "reason",
                                            cs.c[i].reason));
    counters_close(&cs);
    json_object_set_new(o, "perf_software", p);
    return o;
}
