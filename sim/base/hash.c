/* hash.c - FNV-1a, 64-bit (see hash.h). */
#include "base/hash.h"

#define FNV1A_PRIME UINT64_C(0x100000001b3) /* FNV-1a 64 prime (Fowler, Noll & Vo) */

uint64_t nc_hash_fnv1a(uint64_t hash, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        hash ^= p[i];
        hash *= FNV1A_PRIME;
    }
    return hash;
}
