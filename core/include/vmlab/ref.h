/*
 * vmlab/ref.h - one memory reference, the unit every stream hands out.
 *
 * A reference is 16 bytes: the address (a byte address or a page number,
 * according to the stream's unit), the address-space id of the process that
 * made it, its size in bytes and its operation. Streams hand references out in
 * blocks so that no per-reference indirect call sits on the hot path.
 */
#ifndef VMLAB_REF_H
#define VMLAB_REF_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum vmlab_op {
    VMLAB_OP_READ = 0,    /* data load */
    VMLAB_OP_WRITE = 1,   /* data store: dirties the page */
    VMLAB_OP_IFETCH = 2,  /* instruction fetch */
};

/* What a stream's addresses mean. */
enum vmlab_unit {
    VMLAB_UNIT_PAGE = 0,  /* addr is a page number */
    VMLAB_UNIT_BYTE = 1,  /* addr is a byte address; page = addr >> page shift */
};

/* ASIDs are 12 bits, as x86-64 PCIDs: 0..4095. */
#define VMLAB_ASID_MAX 4095u
/* Page numbers are below 2^52 - 1 (a 64-bit address space with 4 KiB pages). */
#define VMLAB_PAGE_LIMIT ((UINT64_C(1) << 52) - 1)

struct vmlab_ref {
    uint64_t addr;  /* byte address or page number (see the stream's unit) */
    uint32_t asid;  /* address-space id, 0..VMLAB_ASID_MAX */
    uint16_t size;  /* bytes accessed (0 when the trace does not say) */
    uint8_t op;     /* enum vmlab_op */
    uint8_t pad;    /* zero */
};

_Static_assert(sizeof(struct vmlab_ref) == 16, "a reference is 16 bytes");

/* The engine's key of a page: its number and its process in one word. */
static inline uint64_t vmlab_page_key(uint64_t page, uint32_t asid)
{
    return page | ((uint64_t)asid << 52);
}

static inline uint64_t vmlab_page_key_page(uint64_t key)
{
    return key & ((UINT64_C(1) << 52) - 1);
}

static inline uint32_t vmlab_page_key_asid(uint64_t key)
{
    return (uint32_t)(key >> 52);
}

/* "R", "W" or "I". */
const char *vmlab_op_name(enum vmlab_op op);
/* "page" or "byte". */
const char *vmlab_unit_name(enum vmlab_unit unit);

#ifdef __cplusplus
}
#endif

#endif /* VMLAB_REF_H */
