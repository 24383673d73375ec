/*
 * fuzz_units.c - libFuzzer harness for the quantity and unit parser (sim/base/units.c).
 *
 * The input, as a NUL-terminated string, is parsed as a quantity of every dimension, as an
 * "A to B UNIT" range of every dimension, and looked up as a unit symbol. Properties:
 *   - nc_quantity_parse: 0 with a finite value, or NC_EINPUT with a message;
 *   - nc_range_parse: 1 with finite ends lo < hi, 0 (not a range) leaving the ends as they
 *     were, or NC_EINPUT with a message;
 *   - nc_unit_lookup: 0 with a valid dimension and a finite factor > 0, or NC_EINPUT;
 *   - a parsed value converted back to the canonical unit is itself;
 *   - nc_unit_reread, given a plausible range, writes a text that parses to values within it.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_common.h"
#include "base/units.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_quantity(const char *text, nc_dim dim)
{
    nc_error err = {0};
    double value = 1.2345;
    if (fuzz_result(nc_quantity_parse(text, dim, &value, &err), &err, "nc_quantity_parse"))
        return;
    FUZZ_CHECK(isfinite(value), "'%s' as a %s parsed to %g", text, nc_dim_name(dim), value);
    double back = 0;
    int rc = nc_unit_convert(value, dim, nc_dim_unit(dim), &back, &err);
    FUZZ_CHECK(dim == NC_DIM_NONE || rc == 0, "canonical unit '%s' refused: %s", nc_dim_unit(dim),
               err.message);
    FUZZ_CHECK(rc != 0 || back == value, "'%s': canonical conversion changed %.17g to %.17g", text,
               value, back);
}

static void check_range(const char *text, nc_dim dim)
{
    nc_error err = {0};
    double lo = 2.385, hi = 7.5;
    int rc = nc_range_parse(text, dim, &lo, &hi, &err);
    if (rc == 1) {
        FUZZ_CHECK(isfinite(lo) && isfinite(hi) && lo < hi, "'%s' as a %s range gave [%g, %g]",
                   text, nc_dim_name(dim), lo, hi);
        return;
    }
    if (rc == 0) {
        FUZZ_CHECK(lo == 2.385 && hi == 7.5, "'%s': not a range, but the ends were written", text);
        return;
    }
    fuzz_result(rc, &err, "nc_range_parse");
}

static void check_unit(const char *text)
{
    nc_error err = {0};
    nc_dim dim = NC_DIM__COUNT;
    double factor = 0;
    if (fuzz_result(nc_unit_lookup(text, &dim, &factor, &err), &err, "nc_unit_lookup"))
        return;
    FUZZ_CHECK(dim >= NC_DIM_NONE && dim < NC_DIM__COUNT, "unit '%s': dimension %d", text,
               (int)dim);
    FUZZ_CHECK(isfinite(factor) && factor > 0, "unit '%s': factor %g", text, factor);
    double out = 0;
    int rc = nc_unit_convert(2.385, dim, text, &out, &err);
    FUZZ_CHECK(rc == 0 && isfinite(out), "unit '%s' found but not convertible: %s", text,
               err.message);
}

/* A reread for the plausible range [0.001, 1000] around 1 must read back inside it. */
static void check_reread(const char *text, nc_dim dim)
{
    const nc_plausible p = {1e-3, 1, 1e3, 0};
    char again[200];
    if (!nc_unit_reread(text, dim, &p, again, sizeof again)) {
        FUZZ_CHECK(again[0] == '\0', "'%s': no reread, but '%s' written", text, again);
        return;
    }
    double v = 0, lo = 0, hi = 0;
    nc_error err = {0};
    int range = nc_range_parse(again, dim, &lo, &hi, &err);
    if (range == 1) {
        FUZZ_CHECK(lo >= p.lo && hi <= p.hi, "'%s' reread as '%s': [%g, %g]", text, again, lo, hi);
        return;
    }
    FUZZ_CHECK(nc_quantity_parse(again, dim, &v, &err) == 0, "'%s' reread as '%s': %s", text, again,
               err.message);
    FUZZ_CHECK(v >= p.lo && v <= p.hi, "'%s' reread as '%s' = %g", text, again, v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstring(data, size);
    if (!text)
        return 0;
    for (int dim = 0; dim < NC_DIM__COUNT; dim++) {
        check_quantity(text, (nc_dim)dim);
        check_range(text, (nc_dim)dim);
        check_reread(text, (nc_dim)dim);
    }
    check_unit(text);
    free(text);
    return 0;
}
