/*
 * list.h - the in-tree workloads and trace formats, one line each, in the
 * order `vmlab list` prints them. Adding one: a new file workloads/NAME.c
 * defining `vmlab_workload_NAME` (or `vmlab_format_NAME`), one line here and
 * one in workloads/local.mk.
 */
#ifdef VMLAB_WORKLOAD
VMLAB_WORKLOAD(trace)
VMLAB_WORKLOAD(inline)
VMLAB_WORKLOAD(sequential)
VMLAB_WORKLOAD(loop)
VMLAB_WORKLOAD(uniform)
VMLAB_WORKLOAD(zipf)
/* generator suite (issue 5) */
VMLAB_WORKLOAD(strided)
VMLAB_WORKLOAD(hotcold)
VMLAB_WORKLOAD(phases)
VMLAB_WORKLOAD(chase)
VMLAB_WORKLOAD(gups)
VMLAB_WORKLOAD(triad)
VMLAB_WORKLOAD(matmul)
VMLAB_WORKLOAD(stencil)
VMLAB_WORKLOAD(bfs)
VMLAB_WORKLOAD(hashjoin)
VMLAB_WORKLOAD(mix)
/* scan-resistance experiment (issue 7) */
VMLAB_WORKLOAD(scan)
#endif
#ifdef VMLAB_FORMAT
VMLAB_FORMAT(text)
/* trace formats (issue 5) */
VMLAB_FORMAT(native)
VMLAB_FORMAT(lackey)
VMLAB_FORMAT(champsim)
VMLAB_FORMAT(oracleGeneral)
VMLAB_FORMAT(csv)
#endif
