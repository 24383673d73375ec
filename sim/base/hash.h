/*
 * hash.h - FNV-1a, 64-bit (Fowler, Noll & Vo; http://www.isthe.com/chongo/tech/comp/fnv/):
 * the key of an input's random stream (rng.h) and the digest that ties a results folder's
 * files to the run that wrote them (results.h). Not a cryptographic hash: it tells files of
 * different runs apart, it does not resist someone forging one.
 */
#ifndef NC_HASH_H
#define NC_HASH_H

#include <stddef.h>
#include <stdint.h>

#define NC_HASH_FNV1A_BASIS UINT64_C(0xcbf29ce484222325) /* FNV-1a 64 offset basis */

/* 'hash' (NC_HASH_FNV1A_BASIS to start) continued over the 'n' bytes at 'data'. */
uint64_t nc_hash_fnv1a(uint64_t hash, const void *data, size_t n);

#endif
