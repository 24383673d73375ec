/*
 * fuzz_profile.c - libFuzzer harness for the hourly carbon-intensity CSV reader
 * (sim/realism/profile.c).
 *
 * Each input is loaded twice from a scratch file with nc_profile_load:
 *   1. as it is;
 *   2. "tiled": its first line, then the rest repeated until it has 8,760 lines, so that a
 *      small input can reach a whole year (and the checks on a loaded profile) - a fuzzer
 *      would rarely grow a 17 KB file of valid lines by itself.
 * Properties: a failure is NC_EINPUT/NC_EIO with a message; a loaded profile has 8,760 finite
 * values in [0, NC_PROFILE_CI_MAX], finite non-decreasing prefix sums whose last is 8,760 x
 * the mean, integrals over a few intervals that are finite and >= 0, and carbon-aware start
 * tables whose delays stay inside their window.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_common.h"
#include "realism/profile.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *tiled;      /* scratch for the tiled copy */
static size_t tiled_cap;
static int delay[NC_PROFILE_HOURS];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_scratch_dir();
    return 0;
}

static void check_integrals(const nc_profile *p)
{
    static const double cases[][3] = {
        /* offset_h, t0, t1 */
        {0, 0, 1},          {0.5, 3.25, 100.75},   {8759.9, 0, 20000},
        {123, 17.3, 26297}, {-5000.5, 1e6, 1e6 + 1}, {4380, 0.001, 0.002},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double v = nc_profile_integral(p, cases[i][0], cases[i][1], cases[i][2]);
        FUZZ_CHECK(isfinite(v) && v >= 0, "integral over [%g, %g] at offset %g is %g",
                   cases[i][1], cases[i][2], cases[i][0], v);
    }
}

static void check_windows(const nc_profile *p)
{
    static const int windows[] = {0, 7, 24, 9000};
    for (size_t i = 0; i < sizeof windows / sizeof windows[0]; i++) {
        nc_error err = {0};
        int w = windows[i];
        if (fuzz_result(nc_profile_argmin_window(p, w, delay, &err), &err,
                        "nc_profile_argmin_window"))
            continue;
        int cap = w < NC_PROFILE_HOURS - 1 ? w : NC_PROFILE_HOURS - 1;
        for (int h = 0; h < NC_PROFILE_HOURS; h++)
            FUZZ_CHECK(delay[h] >= 0 && delay[h] <= cap, "window %d: delay[%d] = %d", w, h,
                       delay[h]);
        double t = 17.25, start = nc_profile_best_start(p, delay, 3.5, t);
        FUZZ_CHECK(start >= t && start <= t + w, "window %d: start %g for t %g", w, start, t);
    }
}

static void check_profile(const nc_profile *p)
{
    double sum = 0;
    FUZZ_CHECK(p->prefix[0] == 0, "prefix[0] = %g", p->prefix[0]);
    for (int h = 0; h < NC_PROFILE_HOURS; h++) {
        FUZZ_CHECK(isfinite(p->ci[h]) && p->ci[h] >= 0 && p->ci[h] <= NC_PROFILE_CI_MAX,
                   "hour %d: %g", h, p->ci[h]);
        FUZZ_CHECK(isfinite(p->prefix[h + 1]) && p->prefix[h + 1] >= p->prefix[h],
                   "prefix[%d] = %g after %g", h + 1, p->prefix[h + 1], p->prefix[h]);
        sum += p->ci[h];
    }
    FUZZ_CHECK(isfinite(p->mean) && p->mean >= 0, "mean %g", p->mean);
    FUZZ_CHECK(fabs(p->prefix[NC_PROFILE_HOURS] - sum) <= 1e-9 * (1 + sum),
               "prefix[8760] = %.17g, sum %.17g", p->prefix[NC_PROFILE_HOURS], sum);
    check_integrals(p);
    check_windows(p);
}

static void load_and_check(const char *name, const void *bytes, size_t len)
{
    char path[1024];
    nc_error err = {0};
    nc_profile *p = NULL;
    fuzz_write_file(path, sizeof path, fuzz_scratch_dir(), name, bytes, len);
    int rc = nc_profile_load(&p, path, &err);
    if (fuzz_result(rc, &err, "nc_profile_load")) {
        FUZZ_CHECK(p == NULL, "nc_profile_load failed but set *out");
        return;
    }
    FUZZ_CHECK(p != NULL, "nc_profile_load succeeded without a profile");
    check_profile(p);
    nc_profile_free(p);
}

/* The first line of 'data', then the rest repeated to 8,760 lines; its length, or 0 when the
 * input has no second line to repeat. */
static size_t tile(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size);
    if (!nl || (size_t)(nl - data) + 1 == size)
        return 0;
    size_t head = (size_t)(nl - data) + 1, body = size - head, at = head;
    if (tiled_cap < head + NC_PROFILE_HOURS * (body + 1)) {
        free(tiled);
        tiled_cap = head + NC_PROFILE_HOURS * (body + 1);
        tiled = malloc(tiled_cap);
        FUZZ_CHECK(tiled != NULL, "out of memory tiling %zu bytes", size);
    }
    memcpy(tiled, data, head);
    for (int lines = 0; lines < NC_PROFILE_HOURS;) {
        for (size_t i = head; i < size && lines < NC_PROFILE_HOURS; i++) {
            tiled[at++] = (char)data[i];
            lines += data[i] == '\n';
        }
        if (data[size - 1] != '\n' && lines < NC_PROFILE_HOURS) {
            tiled[at++] = '\n';
            lines++;
        }
    }
    return at;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    load_and_check("profile.csv", data, size);
    if (size <= 4096) { /* larger inputs are whole files already */
        size_t len = tile(data, size);
        if (len)
            load_and_check("tiled.csv", tiled, len);
    }
    return 0;
}
