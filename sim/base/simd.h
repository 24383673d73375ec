/*
 * simd.h - NC_VECTOR_CLONES: compile a function with vector loops three times (AVX-512,
 * AVX2, baseline x86-64) and let the loader pick the one the CPU runs best (GCC's
 * target_clones, resolved once through an ifunc). Only for loops whose results do not depend
 * on the vector width: integer arithmetic, or IEEE operations lane by lane (no reductions of
 * floating-point sums, and -ffp-contract=off keeps fused multiply-adds out).
 */
#ifndef NC_SIMD_H
#define NC_SIMD_H

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__gnu_linux__)
#define NC_VECTOR_CLONES \
    __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define NC_VECTOR_CLONES
#endif

#endif
