/*
 * ids.h - object ids of cache traces as page numbers (the formats whose
 * unit is the object: oracleGeneral, csv). Each object id is one page. Page
 * numbers must stay below VMLAB_PAGE_LIMIT (2^52 - 1); ids at or above it
 * (hashed 64-bit ids are common in public traces) are mapped into range by
 * a 64-bit mix, so two ids share a page with probability about
 * D^2 / 2^53 for D such ids (about 1e-4 for a million).
 */
#ifndef VMLAB_WORKLOADS_IDS_H
#define VMLAB_WORKLOADS_IDS_H

#include <stdint.h>

#include <vmlab/ref.h>

/* The page that stands for object @id. */
static inline uint64_t trace_page_of_id(uint64_t id)
{
    if (id < VMLAB_PAGE_LIMIT)
        return id;
    uint64_t z = id; /* splitmix64's finaliser: every bit of id reaches the top 52 */
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    z ^= z >> 31;
    z >>= 12;
    return z == VMLAB_PAGE_LIMIT ? 0 : z;
}

/* A size in bytes as a reference's 16-bit size: saturated at 65535. */
static inline uint16_t trace_size16(uint64_t size)
{
    return size > UINT16_MAX ? UINT16_MAX : (uint16_t)size;
}

#endif /* VMLAB_WORKLOADS_IDS_H */
