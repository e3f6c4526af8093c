/*
 * pagemap.c - allocation and growth of the engine's page table (pagemap.h).
 */
#include <config.h>

#include <stdlib.h>

#include <vmlab/mem.h>

#include "pagemap.h"

static int alloc_slots(struct pagemap *pm, unsigned bits)
{
    size_t n = (size_t)1 << bits;
    struct pagemap_slot *slots = vmlab_alloc_large(n * sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < n; i++)
        slots[i].key = PAGEMAP_EMPTY;
    pm->slots = slots;
    pm->mask = n - 1;
    pm->shift = 64 - bits;
    pm->grow_at = bits >= 33 ? UINT32_MAX : (uint32_t)(n / 2);
    return 0;
}

int pagemap_init(struct pagemap *pm, uint64_t expect)
{
    unsigned bits = 10; /* >= PAGEMAP_GROUP_BITS + 1 */
    while (bits < 33 && ((uint64_t)1 << (bits - 1)) < expect)
        bits++;
    pm->count = 0;
    pm->direct = 0;
    return alloc_slots(pm, bits);
}

int pagemap_init_direct(struct pagemap *pm, uint64_t bound)
{
    if (bound < 1 || bound > PAGEMAP_DIRECT_MAX)
        return -1;
    unsigned bits = 10;
    while (((uint64_t)1 << bits) < bound)
        bits++;
    pm->count = 0;
    if (alloc_slots(pm, bits))
        return -1;
    pm->direct = pm->mask + 1; /* every key below the table's size is its own slot */
    pm->grow_at = UINT32_MAX;  /* a key beyond it makes the table hashed (pagemap_undirect) */
    return 0;
}

/* Move every key of @old (then freed) into @pm's fresh hashed table. */
static void rehash(struct pagemap *pm, struct pagemap *old)
{
    pm->count = old->count;
    for (uint64_t i = 0; i <= old->mask; i++) {
        if (old->slots[i].key == PAGEMAP_EMPTY)
            continue;
        uint64_t h = pagemap_hash(pm, old->slots[i].key);
        while (pm->slots[h].key != PAGEMAP_EMPTY)
            h = (h + 1) & pm->mask;
        pm->slots[h] = old->slots[i];
    }
    free(old->slots);
}

int pagemap_undirect(struct pagemap *pm)
{
    struct pagemap old = *pm;
    unsigned bits = 10;
    while (bits < 33 && ((uint64_t)1 << (bits - 1)) < (uint64_t)old.count + 1)
        bits++;
    pm->direct = 0;
    if (alloc_slots(pm, bits)) {
        *pm = old;
        return -1;
    }
    rehash(pm, &old);
    return 0;
}

void pagemap_free(struct pagemap *pm)
{
    free(pm->slots);
    pm->slots = NULL;
}

int pagemap_grow(struct pagemap *pm)
{
    if (pm->direct)
        return pagemap_undirect(pm); /* a direct table does not grow: it has every key's slot */
    struct pagemap old = *pm;
    unsigned bits = 64 - old.shift + 1;
    if (bits > 33 || old.count == UINT32_MAX)
        return -1;
    if (alloc_slots(pm, bits)) {
        *pm = old;
        return -1;
    }
    rehash(pm, &old);
    return 0;
}
