/*
 * host.c - where a run happened: OS, CPU model and the hwloc topology
 * (packages, cores, processing units, NUMA nodes, cache sizes). The same
 * machine always gives the same description, so results stay comparable
 * byte for byte.
 */
#include <config.h>

#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <hwloc.h>

#include "hwcounters/host.h"

static void cpu_model(char *buf, size_t len)
{
    buf[0] = '\0';
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f)
        return;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "model name", 10))
            continue;
        const char *colon = strchr(line, ':');
        if (!colon)
            continue;
        colon++;
        while (*colon == ' ' || *colon == '\t')
            colon++;
        snprintf(buf, len, "%s", colon);
        buf[strcspn(buf, "\n")] = '\0';
        break;
    }
    fclose(f);
}

static void add_count(json_t *o, hwloc_topology_t t, const char *name, hwloc_obj_type_t type)
{
    int n = hwloc_get_nbobjs_by_type(t, type);
    if (n > 0)
        json_object_set_new(o, name, json_integer(n));
}

json_t *vmlab_host_json(void)
{
    json_t *o = json_object();
    char buf[512];
    if (!gethostname(buf, sizeof buf)) {
        buf[sizeof buf - 1] = '\0';
        json_object_set_new(o, "hostname", json_string(buf));
    }
    struct utsname u;
    if (!uname(&u)) {
        snprintf(buf, sizeof buf, "%s %s %s", u.sysname, u.release, u.machine);
        json_object_set_new(o, "os", json_string(buf));
    }
    cpu_model(buf, sizeof buf);
    if (buf[0])
        json_object_set_new(o, "cpu_model", json_string(buf));
    hwloc_topology_t t;
    if (hwloc_topology_init(&t) == 0) {
        if (hwloc_topology_load(t) == 0) {
            add_count(o, t, "packages", HWLOC_OBJ_PACKAGE);
            add_count(o, t, "cores", HWLOC_OBJ_CORE);
            add_count(o, t, "pus", HWLOC_OBJ_PU);
            add_count(o, t, "numa_nodes", HWLOC_OBJ_NUMANODE);
            json_t *caches = json_object();
            static const struct {
                const char *name;
                hwloc_obj_type_t type;
            } levels[] = {
                {"L1d", HWLOC_OBJ_L1CACHE}, {"L1i", HWLOC_OBJ_L1ICACHE},
                {"L2", HWLOC_OBJ_L2CACHE},  {"L3", HWLOC_OBJ_L3CACHE},
            };
            for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++) {
                hwloc_obj_t c = hwloc_get_obj_by_type(t, levels[i].type, 0);
                if (c && c->attr)
                    json_object_set_new(caches, levels[i].name,
                                        json_integer((json_int_t)c->attr->cache.size));
            }
            json_object_set_new(o, "caches", caches);
        }
        hwloc_topology_destroy(t);
    }
    return o;
}
