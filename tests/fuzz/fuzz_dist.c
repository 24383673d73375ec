/*
 * fuzz_dist.c - libFuzzer harness for the distribution parser (sim/load/input_load.c) and what it
 * builds (sim/scenario/input.c, sim/dist*.c).
 *
 * The input is a YAML document (nc_node_load_string) read as an uncertain input at its root
 * for three fields: a duration (time, > 0), a fraction (plain number, [0, 1]) and a carbon
 * intensity (kg/kWh, >= 0). When one loads, it is copied, described, and resolved for a few
 * replications from a Philox generator (as the engine does), and a few trials are sampled.
 * Properties: every failure is NC_EINPUT with a message; the nominal value and every sample
 * are finite and inside the field's (closed) domain and inside the support
 * that resolution declared; a batch's draws (nc_dist_draw_batch) are bitwise the single ones.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "dist/dist_batch.h"
#include "dist/dist_cdf.h"
#include "dist/dist_moments.h"
#include "dist/dist_quantile.h"
#include "dist/dist_sample.h"
#include "fuzz_common.h"
#include "scenario/input.h"
#include "load/input_load.h"
#include "load/node_yaml.h"
#include "rng/rng.h"
#include "rng/rng_batch.h"

#define REPLICATIONS 3
#define SAMPLES 8

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static gsl_rng *rng;

static const struct field {
    const char *path;
    nc_dim dim;
    const nc_domain *dom;
} FIELDS[] = {
    {"stages.fuzz.duration", NC_DIM_TIME, &NC_DOMAIN_POSITIVE},
    {"stages.fuzz.power_fraction", NC_DIM_NONE, &NC_DOMAIN_FRACTION},
    {"sites.fuzz.carbon_intensity", NC_DIM_CI, &NC_DOMAIN_NONNEG},
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    gsl_set_error_handler_off(); /* as main() does: GSL errors are return codes */
    rng = gsl_rng_alloc(nc_rng_philox);
    if (!rng)
        FUZZ_FAIL("cannot allocate the generator");
    return 0;
}

/* 'x' is finite and in the closed domain; with 'open', not on an open end either (samples are
 * also checked against the support resolution declared, which excludes an open end). */
static void check_in_domain(const nc_input *in, const nc_domain *dom, double x, int open,
                            const char *what)
{
    FUZZ_CHECK(isfinite(x), "%s of %s is %g", what, in->path, x);
    FUZZ_CHECK(x >= dom->lo && x <= dom->hi && !(open && dom->lo_open && x == dom->lo),
               "%s of %s is %.17g, outside its domain (%s)", what, in->path, x, dom->what);
}

static void check_samples(const nc_input *in, const nc_domain *dom, uint64_t rep)
{
    nc_error err = {0};
    nc_draw draw = {.r = rng, .seed = 2019, .rep = rep};
    nc_dist d;
    if (fuzz_result(nc_input_resolve(in, &draw, &d, &err), &err, "nc_input_resolve"))
        return;
    static nc_philox_batch batch;
    double batched[SAMPLES];
    nc_philox_batch_fill(&batch, nc_rng_stream_key(2019, in->key), 0, (uint32_t)rep,
                         NC_RNG_TRIAL, SAMPLES, nc_dist_blocks(&d));
    nc_dist_draw_batch(&d, &batch, batched);
    for (uint32_t trial = 0; trial < SAMPLES; trial++) {
        nc_rng_seek(rng, 2019, in->key, rep, trial, NC_RNG_TRIAL);
        double x = nc_dist_sample(&d, rng);
        check_in_domain(in, dom, x, 0, "a sample");
        FUZZ_CHECK(x >= d.lo && x <= d.hi, "a sample of %s is %.17g, outside [%.17g, %.17g]",
                   in->path, x, d.lo, d.hi);
        FUZZ_CHECK(memcmp(&x, &batched[trial], sizeof x) == 0,
                   "trial %u of %s: the batch drew %.17g, the single draw %.17g", trial,
                   in->path, batched[trial], x);
    }
    double once = 0;
    if (!fuzz_result(nc_input_draw(in, &draw, &once, &err), &err, "nc_input_draw"))
        check_in_domain(in, dom, once, 0, "a replication's draw");
}

static void check_field(const nc_node *root, const struct field *f)
{
    nc_error err = {0};
    nc_input *in = NULL;
    int rc = nc_input_load(&in, root, f->path, f->dim, f->dom, &err);
    if (fuzz_result(rc, &err, "nc_input_load"))
        return;
    FUZZ_CHECK(in != NULL, "nc_input_load succeeded without an input");
    check_in_domain(in, f->dom, nc_input_nominal(in), 0, "the nominal value");
    char text[256];
    nc_input_describe(in, text, sizeof text);
    FUZZ_CHECK(memchr(text, '\0', sizeof text) != NULL, "description not terminated");
    nc_input *copy = nc_input_copy(in);
    FUZZ_CHECK(copy != NULL, "nc_input_copy failed");
    nc_draw point = {.seed = 2019, .point = 1};
    nc_dist d;
    if (!fuzz_result(nc_input_resolve(copy, &point, &d, &err), &err, "nc_input_resolve")) {
        /* NaN is let through: GSL's inverse gamma CDF gives up for shapes near 0 (e.g.
         * `{dist: gamma, mean: 1e-30 h, sd: 1 h}`, shape 1e-60), reported; samples are
         * checked for it below. */
        double median = nc_dist_quantile(&d, 0.5);
        FUZZ_CHECK(isnan(median) || (median >= d.lo && median <= d.hi),
                   "the point-mode median of %s is %.17g", in->path, median);
        (void)nc_dist_mean(&d); /* may overflow for heavy tails; the sanitizers watch it */
        (void)nc_dist_variance(&d);
        (void)nc_dist_cdf(&d, median);
    }
    nc_input_free(copy);
    for (uint64_t rep = 0; rep < REPLICATIONS; rep++)
        check_samples(in, f->dom, rep);
    nc_input_free(in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nc_error err = {0};
    nc_node *root = NULL;
    int rc = nc_node_load_string(&root, (const char *)data, size, "fuzz.yaml", &err);
    if (fuzz_result(rc, &err, "nc_node_load_string"))
        return 0;
    FUZZ_CHECK(root != NULL, "nc_node_load_string succeeded without a tree");
    for (size_t i = 0; i < sizeof FIELDS / sizeof FIELDS[0]; i++)
        check_field(root, &FIELDS[i]);
    nc_node_free(root);
    return 0;
}
