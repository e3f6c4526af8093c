/*
 * host.h - a description of the machine a run happened on, for the "host"
 * member of results (module-internal).
 */
#ifndef VMLAB_HWCOUNTERS_HOST_H
#define VMLAB_HWCOUNTERS_HOST_H

#include <jansson.h>

/*
 * {"hostname", "os", "cpu_model", "packages", "cores", "pus", "numa_nodes",
 *  "caches": {"L1d": bytes, ...}} from uname, /proc/cpuinfo and the hwloc
 * topology. Fields that cannot be read are left out. Return: new reference.
 */
json_t *vmlab_host_json(void);

#endif /* VMLAB_HWCOUNTERS_HOST_H */
