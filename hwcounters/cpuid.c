/*
 * cpuid.c - decoding the TLB descriptions of CPUID (cpuid.h).
 */
#include <config.h>

#include <string.h>

#include "hwcounters/cpuid.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define HAVE_X86_CPUID 1
#endif

static void add(struct cpuid_tlbs *t, int level, int type, unsigned pages, unsigned entries,
                int ways)
{
    if (t->n < CPUID_TLBS_MAX && entries)
        t->tlb[t->n++] = (struct cpuid_tlb){level, type, pages, entries, ways};
}

/* Intel SDM vol. 2A, CPUID leaf 2 descriptors that describe TLBs. */
static const struct {
    uint8_t d;
    int level, type;
    unsigned pages, entries;
    int ways;
} intel[] = {
    {0x01, 1, CPUID_TLB_INSTR, CPUID_PAGE_4K, 32, 4},
    {0x02, 1, CPUID_TLB_INSTR, CPUID_PAGE_4M, 2, 0},
    {0x03, 1, CPUID_TLB_DATA, CPUID_PAGE_4K, 64, 4},
    {0x04, 1, CPUID_TLB_DATA, CPUID_PAGE_4M, 8, 4},
    {0x05, 1, CPUID_TLB_DATA, CPUID_PAGE_4M, 32, 4},
    {0x0B, 1, CPUID_TLB_INSTR, CPUID_PAGE_4M, 4, 4},
    {0x4F, 1, CPUID_TLB_INSTR, CPUID_PAGE_4K, 32, -1},
    {0x50, 1, CPUID_TLB_INSTR, CPUID_PAGE_4K | CPUID_PAGE_2M | CPUID_PAGE_4M, 64, -1},
    {0x51, 1, CPUID_TLB_INSTR, CPUID_PAGE_4K | CPUID_PAGE_2M | CPUID_PAGE_4M, 128, -1},
    {0x52, 1, CPUID_TLB_INSTR, CPUID_PAGE_4K | CPUID_PAGE_2M | CPUID_PAGE_4M, 256, -1},
    {0x55, 1, CPUID_TLB_INSTR, CPUID_PAGE_2M | CPUID_PAGE_4M, 7, 0},
    {0x56, 1, CPUID_TLB_DATA, CPUID_PAGE_4M, 16, 4},
    {0x57, 1, CPUID_TLB_DATA, CPUID_PAGE_4K, 16, 4},
    {0x59, 1, CPUID_TLB_DATA, CPUID_PAGE_4K, 16, 0},
    {0x5A, 1, CPUID_TLB_DATA, CPUID_PAGE_2M | CPUID_PAGE_4M, 32, 4},
    {0x5B, 1, CPUID_TLB_DATA, CPUID_PAGE_4K | CPUID_PAGE_4M, 64, -1},
    {0x5C, 1, CPUID_TLB_DATA, CPUID_PAGE_4K | CPUID_PAGE_4M, 128, -1},
    {0x5D, 1, CPUID_TLB_DATA, CPUID_PAGE_4K | CPUID_PAGE_4M, 256, -1},
    {0x61, 1, CPUID_TLB_INSTR, CPUID_PAGE_4K, 48, 0},
    {0x63, 1, CPUID_TLB_DATA, CPUID_PAGE_2M | CPUID_PAGE_4M, 32, 4},
    {0x63, 1, CPUID_TLB_DATA, CPUID_PAGE_1G, 4, 4},
    {0x64, 1, CPUID_TLB_DATA, CPUID_PAGE_4K, 512, 4},
    {0x6A, 1, CPUID_TLB_DATA, CPUID_PAGE_4K, 64, 8},
    {0x6B, 1, CPUID_TLB_DATA, CPUID_PAGE_4K, 256, 8},
    {0x6C, 1, CPUID_TLB_DATA, CPUID_PAGE_2M | CPUID_PAGE_4M, 128, 8},
    {0x6D, 1, CPUID_TLB_DATA, CPUID_PAGE_1G, 16, 0},
    {0x76, 1, CPUID_TLB_INSTR, CPUID_PAGE_2M | CPUID_PAGE_4M, 8, 0},
    {0xA0, 1, CPUID_TLB_DATA, CPUID_PAGE_4K, 32, 0},
    {0xB0, 1, CPUID_TLB_INSTR, CPUID_PAGE_4K, 128, 4},
    {0xB1, 1, CPUID_TLB_INSTR, CPUID_PAGE_2M, 8, 4},
    {0xB2, 1, CPUID_TLB_INSTR, CPUID_PAGE_4K, 64, 4},
    {0xB3, 1, CPUID_TLB_DATA, CPUID_PAGE_4K, 128, 4},
    {0xB4, 1, CPUID_TLB_DATA, CPUID_PAGE_4K, 256, 4},
    {0xB5, 1, CPUID_TLB_INSTR, CPUID_PAGE_4K, 64, 8},
    {0xB6, 1, CPUID_TLB_INSTR, CPUID_PAGE_4K, 128, 8},
    {0xBA, 1, CPUID_TLB_DATA, CPUID_PAGE_4K, 64, 4},
    {0xC0, 1, CPUID_TLB_DATA, CPUID_PAGE_4K | CPUID_PAGE_4M, 8, 4},
    {0xC1, 2, CPUID_TLB_UNIFIED, CPUID_PAGE_4K | CPUID_PAGE_2M, 1024, 8},
    {0xC2, 1, CPUID_TLB_DATA, CPUID_PAGE_4K | CPUID_PAGE_2M, 16, 4},
    {0xC3, 2, CPUID_TLB_UNIFIED, CPUID_PAGE_4K | CPUID_PAGE_2M, 1536, 6},
    {0xC3, 2, CPUID_TLB_UNIFIED, CPUID_PAGE_1G, 16, 4},
    {0xC4, 1, CPUID_TLB_DATA, CPUID_PAGE_2M | CPUID_PAGE_4M, 32, 4},
    {0xCA, 2, CPUID_TLB_UNIFIED, CPUID_PAGE_4K, 512, 4},
};

int cpuid_intel_descriptor(struct cpuid_tlbs *t, uint8_t d)
{
    if (d == 0xFF) {
        t->leaf18 = 1;
        return 1;
    }
    int found = 0;
    for (size_t i = 0; i < sizeof intel / sizeof intel[0]; i++)
        if (intel[i].d == d) {
            add(t, intel[i].level, intel[i].type, intel[i].pages, intel[i].entries, intel[i].ways);
            found = 1;
        }
    return found;
}

void cpuid_intel_leaf18(struct cpuid_tlbs *t, uint32_t ebx, uint32_t ecx, uint32_t edx)
{
    int type = (int)(edx & 0x1F);
    if (!type)
        return; /* a null subleaf */
    int level = (int)((edx >> 5) & 0x7);
    int fully = (edx >> 8) & 1;
    unsigned pages = ebx & 0xF;
    unsigned ways = (ebx >> 16) & 0xFFFF;
    unsigned sets = ecx;
    add(t, level, type, pages, ways * sets, fully ? 0 : (int)ways);
}

/* AMD APM vol. 3, CPUID Fn8000_0006: 4-bit associativity encodings (0xF fully). */
static int amd_ways4(unsigned code)
{
    static const int ways[16] = {-2, 1, 2, 3, 4, 6, 8, -1, 16, -1, 32, 48, 64, 96, 128, 0};
    return ways[code & 0xF];
}

/* L1 (Fn8000_0005): 8-bit associativity, 0xFF fully */
static void amd_l1(struct cpuid_tlbs *t, uint32_t r, unsigned pages)
{
    unsigned dways = r >> 24, dn = (r >> 16) & 0xFF, iways = (r >> 8) & 0xFF, in = r & 0xFF;
    if (dways)
        add(t, 1, CPUID_TLB_DATA, pages, dn, dways == 0xFF ? 0 : (int)dways);
    if (iways)
        add(t, 1, CPUID_TLB_INSTR, pages, in, iways == 0xFF ? 0 : (int)iways);
}

/* L2 (Fn8000_0006) and 1 GiB (Fn8000_0019) layout: 4-bit assoc, 12-bit size */
static void amd_l2(struct cpuid_tlbs *t, int level, uint32_t r, unsigned pages)
{
    int dways = amd_ways4(r >> 28), iways = amd_ways4((r >> 12) & 0xF);
    unsigned dn = (r >> 16) & 0xFFF, in = r & 0xFFF;
    if (dways != -2)
        add(t, level, CPUID_TLB_DATA, pages, dn, dways);
    if (iways != -2)
        add(t, level, CPUID_TLB_INSTR, pages, in, iways);
}

void cpuid_amd(struct cpuid_tlbs *t, const uint32_t l5[2], const uint32_t l6[2],
               const uint32_t l19[2])
{
    amd_l1(t, l5[1], CPUID_PAGE_4K);
    amd_l1(t, l5[0], CPUID_PAGE_2M | CPUID_PAGE_4M);
    amd_l2(t, 2, l6[1], CPUID_PAGE_4K);
    amd_l2(t, 2, l6[0], CPUID_PAGE_2M | CPUID_PAGE_4M);
    amd_l2(t, 1, l19[0], CPUID_PAGE_1G);
    amd_l2(t, 2, l19[1], CPUID_PAGE_1G);
}

int cpuid_read(struct cpuid_tlbs *t)
{
    memset(t, 0, sizeof *t);
#ifdef HAVE_X86_CPUID
    unsigned a, b, c, d;
    if (!__get_cpuid(0, &a, &b, &c, &d))
        return -1;
    unsigned max = a;
    memcpy(t->vendor, &b, 4);
    memcpy(t->vendor + 4, &d, 4);
    memcpy(t->vendor + 8, &c, 4);
    t->vendor[12] = '\0';
    if (max >= 1) {
        __cpuid(1, a, b, c, d);
        t->hypervisor = (c >> 31) & 1;
    }
    if (!strcmp(t->vendor, "GenuineIntel")) {
        if (max >= 2) {
            __cpuid(2, a, b, c, d);
            uint32_t regs[4] = {a & ~0xFFu, b, c, d}; /* AL is the iteration count */
            for (int r = 0; r < 4; r++) {
                if (regs[r] & 0x80000000u)
                    continue; /* register holds no descriptors */
                for (int k = 0; k < 4; k++)
                    cpuid_intel_descriptor(t, (uint8_t)(regs[r] >> (8 * k)));
            }
        }
        if (t->leaf18 && max >= 0x18) {
            __cpuid_count(0x18, 0, a, b, c, d);
            unsigned nsub = a;
            for (unsigned s = 0; s <= nsub && s < 64; s++) {
                __cpuid_count(0x18, s, a, b, c, d);
                cpuid_intel_leaf18(t, b, c, d);
            }
        }
    } else if (!strcmp(t->vendor, "AuthenticAMD") || !strcmp(t->vendor, "HygonGenuine")) {
        __cpuid(0x80000000u, a, b, c, d);
        unsigned emax = a;
        uint32_t l5[2] = {0, 0}, l6[2] = {0, 0}, l19[2] = {0, 0};
        if (emax >= 0x80000005u) {
            __cpuid(0x80000005u, a, b, c, d);
            l5[0] = a;
            l5[1] = b;
        }
        if (emax >= 0x80000006u) {
            __cpuid(0x80000006u, a, b, c, d);
            l6[0] = a;
            l6[1] = b;
        }
        if (emax >= 0x80000019u) {
            __cpuid(0x80000019u, a, b, c, d);
            l19[0] = a;
            l19[1] = b;
        }
        cpuid_amd(t, l5, l6, l19);
    }
    return 0;
#else
    return -1;
#endif
}

const char *cpuid_tlb_type_name(int type)
{
    switch (type) {
    case CPUID_TLB_DATA: return "data";
    case CPUID_TLB_INSTR: return "instruction";
    case CPUID_TLB_UNIFIED: return "unified";
    case CPUID_TLB_LOAD: return "load";
    case CPUID_TLB_STORE: return "store";
    default: return "unknown";
    }
}

json_t *cpuid_tlbs_json(const struct cpuid_tlbs *t)
{
    json_t *a = json_array();
    static const char *const names[] = {"4K", "2M", "4M", "1G"};
    for (unsigned i = 0; a && i < t->n; i++) {
        const struct cpuid_tlb *x = &t->tlb[i];
        json_t *ps = json_array();
        for (int k = 0; k < 4; k++)
            if (x->pages & (1u << k))
                json_array_append_new(ps, json_string(names[k]));
        json_t *o = json_pack("{s:i, s:s, s:o, s:I}", "level", x->level, "type",
                              cpuid_tlb_type_name(x->type), "page_sizes", ps, "entries",
                              (json_int_t)x->entries);
        if (o && x->ways >= 0)
            json_object_set_new(o, "ways", x->ways ? json_integer(x->ways) : json_string("full"));
        if (o)
            json_array_append_new(a, o);
    }
    return a;
}
