/* vmlab/vmlab.h - everything a policy plugin or an embedding program needs. */
#ifndef VMLAB_VMLAB_H
#define VMLAB_VMLAB_H

#include <vmlab/error.h>
#include <vmlab/frames.h>
#include <vmlab/input.h>
#include <vmlab/mem.h>
#include <vmlab/mmu.h>
#include <vmlab/params.h>
#include <vmlab/policy.h>
#include <vmlab/ref.h>
#include <vmlab/sim.h>
#include <vmlab/stream.h>
#include <vmlab/trace.h>
#include <vmlab/tlb_policy.h>
#include <vmlab/workload.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The library's version, "MAJOR.MINOR.PATCH". */
const char *vmlab_version(void);

#ifdef __cplusplus
}
#endif

#endif /* VMLAB_VMLAB_H */
