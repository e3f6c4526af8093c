/*
 * cpuid.h - the TLBs the processor describes through CPUID (module-internal).
 *
 * Intel: leaf 0x2 one-byte descriptors (Intel SDM vol. 2A, CPUID, table
 * "Encoding of CPUID Leaf 2 Descriptors") and, when a descriptor is 0xFF,
 * the deterministic address-translation parameters of leaf 0x18.
 * AMD: leaves 0x80000005 (L1 TLBs), 0x80000006 (L2 TLBs) and 0x80000019
 * (1 GiB TLBs) (AMD64 Architecture Programmer's Manual vol. 3, appendix E).
 *
 * The decoders take register values so they can be tested with the values
 * of known processors; vmlab_cpuid_read runs the instruction on this host.
 * A virtual machine may report whatever its hypervisor chose.
 */
#ifndef VMLAB_HWCOUNTERS_CPUID_H
#define VMLAB_HWCOUNTERS_CPUID_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

enum cpuid_tlb_type { CPUID_TLB_DATA = 1, CPUID_TLB_INSTR, CPUID_TLB_UNIFIED, CPUID_TLB_LOAD,
                      CPUID_TLB_STORE };

/* page-size bits of struct cpuid_tlb.pages */
#define CPUID_PAGE_4K 0x1u
#define CPUID_PAGE_2M 0x2u
#define CPUID_PAGE_4M 0x4u
#define CPUID_PAGE_1G 0x8u

struct cpuid_tlb {
    int level;       /* 1, 2, ... */
    int type;        /* enum cpuid_tlb_type */
    unsigned pages;  /* CPUID_PAGE_* the structure holds */
    unsigned entries;
    int ways;        /* 0: fully associative; -1: not stated */
};

#define CPUID_TLBS_MAX 32

struct cpuid_tlbs {
    char vendor[13];
    unsigned n;
    struct cpuid_tlb tlb[CPUID_TLBS_MAX];
    int leaf18;  /* Intel: a 0xFF descriptor asked for leaf 0x18 */
    int hypervisor; /* leaf 1 ECX bit 31: running under a hypervisor (its CPUID may be made up) */
};

/* Intel leaf 0x2: add the TLBs of descriptor byte @d. Return: 1 known TLB descriptor, 0 not a TLB one. */
int cpuid_intel_descriptor(struct cpuid_tlbs *t, uint8_t d);

/* Intel leaf 0x18, one subleaf's EBX, ECX, EDX. */
void cpuid_intel_leaf18(struct cpuid_tlbs *t, uint32_t ebx, uint32_t ecx, uint32_t edx);

/* AMD leaves 0x80000005, 0x80000006, 0x80000019: their EAX and EBX (0 when absent). */
void cpuid_amd(struct cpuid_tlbs *t, const uint32_t l5[2], const uint32_t l6[2],
               const uint32_t l19[2]);

/* Read this host's TLBs. Return: 0, or -1 when CPUID is not available (not x86). */
int cpuid_read(struct cpuid_tlbs *t);

/* [{"level", "type", "page_sizes": ["4K", ...], "entries", "ways"}] */
json_t *cpuid_tlbs_json(const struct cpuid_tlbs *t);

const char *cpuid_tlb_type_name(int type);

#endif /* VMLAB_HWCOUNTERS_CPUID_H */
