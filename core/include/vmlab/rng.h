/*
 * vmlab/rng.h - the one random number generator of vmlab.
 *
 * xoshiro256** (Blackman and Vigna, "Scrambled linear pseudorandom number
 * generators", ACM TOMS 2021), seeded through splitmix64 so that any 64-bit
 * seed, 0 included, gives a well-mixed state. Everything random in a run
 * derives from the run's seed through this generator: same seed, same run.
 */
#ifndef VMLAB_RNG_H
#define VMLAB_RNG_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct vmlab_rng {
    uint64_t s[4];
};

static inline uint64_t vmlab_splitmix64(uint64_t *x)
{
    uint64_t z = (*x += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Seed @r from @seed; @stream separates independent generators of one run. */
static inline void vmlab_rng_seed(struct vmlab_rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed ^ (stream * UINT64_C(0xD1B54A32D192ED03));
    for (int i = 0; i < 4; i++)
        r->s[i] = vmlab_splitmix64(&x);
}

static inline uint64_t vmlab_rng_rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t vmlab_rng_next(struct vmlab_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = vmlab_rng_rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = vmlab_rng_rotl(s[3], 45);
    return result;
}

/* Uniform double in [0, 1), 53 random bits. */
static inline double vmlab_rng_double(struct vmlab_rng *r)
{
    return (double)(vmlab_rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform integer in [0, n), n >= 1, without modulo bias (Lemire 2019). */
static inline uint64_t vmlab_rng_below(struct vmlab_rng *r, uint64_t n)
{
    __uint128_t m = (__uint128_t)vmlab_rng_next(r) * n;
    uint64_t lo = (uint64_t)m;
    if (lo < n) {
        uint64_t threshold = -n % n;
        while (lo < threshold) {
            m = (__uint128_t)vmlab_rng_next(r) * n;
            lo = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
}

#ifdef __cplusplus
}
#endif

#endif /* VMLAB_RNG_H */
