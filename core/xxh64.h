/*
 * xxh64.h - XXH64, the 64-bit xxHash of Yann Collet, written from its
 * specification (https://github.com/Cyan4973/xxHash/blob/dev/doc/xxhash_spec.md).
 * It checksums the blocks of native traces (docs/traces.md) and hashes
 * string object ids; it runs at about 10 GB/s, which keeps checksumming
 * below a tenth of the decoding time (zlib's CRC-32 runs at 2 GB/s here).
 *
 * libzstd computes XXH64 internally (its frame checksum is the low 32 bits)
 * but does not export it, so it lives here, once.
 */
#ifndef VMLAB_CORE_XXH64_H
#define VMLAB_CORE_XXH64_H

#include <stddef.h>
#include <stdint.h>

/* XXH64 of the @n bytes at @data with @seed. */
uint64_t vmlab_xxh64(const void *data, size_t n, uint64_t seed);

#endif /* VMLAB_CORE_XXH64_H */
