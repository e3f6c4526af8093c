/*
 * discover.h - everything vmlab can learn about the host's memory system
 * (module-internal): `vmlab host` prints it, calibration records it.
 */
#ifndef VMLAB_HWCOUNTERS_DISCOVER_H
#define VMLAB_HWCOUNTERS_DISCOVER_H

#include <jansson.h>

/*
 * {"host": vmlab_host_json(), "page_sizes": [4096, 2097152, ...] (bytes, from
 * /sys/kernel/mm/hugepages), "thp": {"enabled", "defrag"} (the bracketed
 * choice of /sys/kernel/mm/transparent_hugepage), "cpuid": {"vendor",
 * "hypervisor" (CPUID leaf 1 says so), "tlbs": [...]} or {"available": false, "reason"}, "papi": {...},
 * "perf_software": {"minor-faults": {...}, ...}}. Return: new reference.
 */
json_t *vmlab_discover_json(void);

#endif /* VMLAB_HWCOUNTERS_DISCOVER_H */
