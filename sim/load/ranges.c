/*
 * ranges.c - the plausible range of every dimensioned field (see ranges.h).
 *
 * One row per physical quantity; a row's patterns (separated by '|') name every field that
 * holds it, in the scenario (sites., stages., pricing.) and the catalog (hardware., grids.,
 * pue., electricity_price.). The bounds are written as a scenario would write them, so that
 * the table reads as its own documentation, and messages quote them as written.
 */
#include "load/ranges.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const nc_field_range RANGES[] = {
    /* PUE is facility over IT energy, so at least 1 by definition (The Green Grid, White
     * Paper 49, 2012). Uptime Institute surveys: the industry average fell from 2.5 (2007) to
     * 1.56-1.67 (2018-2024); small on-premises and academic rooms 1.2-2.0 (data-sources.md 2
     * and "Most uncertain" 4). No survey average reaches 3. */
    {"sites.*.pue|pue.*", NC_DIM_NONE, "1", "1.5", "3", 0, "data centre's PUE", NULL},
    /* Coal-fired generation emits about 1 kg/kWh (CodeCarbon carbon_intensity_per_source.json:
     * coal 995 g/kWh) and the most carbon-intensive national grids are below it (Ember 2024 /
     * Our World in Data 2023: India 709-713 g/kWh, China 558-582 g/kWh; data-sources.md 3a);
     * 1.5 kg/kWh leaves half again. 0: a market-based zero-carbon contract. Typical: the
     * world, 475 g/kWh (IEA 2019; data-sources.md 3a). */
    {"sites.*.carbon_intensity|grids.*", NC_DIM_CI, "0 kg/kWh", "475 g/kWh", "1.5 kg/kWh", 0,
     "grid's carbon intensity", NULL},
    /* The scale of an hourly profile: 1.5 kg/kWh (above) over the cleanest shipped profile's
     * annual mean, France 2023 at 30 g/kWh (data-sources.md 3c), is 50. */
    {"sites.*.carbon_intensity.scale", NC_DIM_NONE, "0", "1", "50", 0, "scale of an hourly grid",
     "it is a factor: 1 keeps the profile, 110% is 1.1"},
    /* The dearest prices in data-sources.md 4b are 0.285 EUR/kWh (EU households, second half
     * of 2023, Eurostat) and 23.9 US cents/kWh (California commercial, EIA 2023); 1 USD/kWh is
     * over three times them. Typical: 0.12 USD/kWh (US commercial, 2023). */
    {"sites.*.electricity_price|electricity_price.*", NC_DIM_USD_PER_KWH, "0 USD/kWh",
     "0.12 USD/kWh", "1 USD/kWh", 0, "electricity price", "12 cents a kWh is 0.12 USD/kWh"},
    /* Idle draw per accelerator: 8-46 W, about 11% of the maximum (Cloud Carbon Footprint
     * min/max watts, data-sources.md 1a); 1 kW is a B200 at full power (data-sources.md 1a). */
    {"sites.*.cluster.idle_w|hardware.*.idle", NC_DIM_POWER, "0 W", "40 W", "1 kW", 0,
     "accelerator's idle power", NULL},
    /* The dearest per-GPU price in data-sources.md 4a is 12.29 USD/h (AWS p5.48xlarge, 8 x H100,
     * 98.32 USD/h per instance); 50 USD/h is four times it and below any 8-GPU instance. */
    {"pricing.gpu_hour|stages.*.pricing.gpu_hour|hardware.*.price_on_demand|"
     "hardware.*.price_spot|hardware.*.price_committed",
     NC_DIM_USD_PER_H, "0 USD/h", "2 USD/h", "50 USD/h", 0, "GPU-hour's price",
     "a price is per accelerator: divide a machine's hourly price by its GPUs"},
    /* The purchase price of one accelerator: from a ~100 USD consumer card to ~60 kUSD, an
     * eighth of an 8-GPU DGX B200 system (UNVERIFIED: list prices, 2025); the shipped scenarios
     * use 12-26 kUSD (scenarios/grant-phd.yaml). */
    {"pricing.owned.price_per_gpu|stages.*.pricing.owned.price_per_gpu", NC_DIM_MONEY, "100 USD",
     "15 kUSD", "200 kUSD", 0, "accelerator's purchase price", NULL},
    /* Service life and amortisation: 4-6 y in every source (CCF 4 y, LLMCarbon 5 y, BLOOM 6 y;
     * data-sources.md 1c); a month to 30 years covers a rented-then-sold card and a machine
     * kept for decades. */
    {"hardware.*.lifetime|pricing.owned.amortise_over|stages.*.pricing.owned.amortise_over",
     NC_DIM_TIME, "1 month", "5 y", "30 y", 0, "hardware's service life", NULL},
    /* Embodied CO2e per accelerator: 6-15 kg for a die alone (LLMCarbon) to 463 kg per H100
     * with its server share (Morrison et al. 2025); a whole GPU server without GPUs is 2,500 kg
     * (BLOOM; data-sources.md 1c). 10 t is beyond any share of one. 0: not counted. */
    {"hardware.*.embodied", NC_DIM_MASS, "1 kg", "300 kg", "10 t", 1, "accelerator's embodied CO2e",
     NULL},
    /* Speed relative to a V100 SXM2: the catalog spans 0.1 (K80) to 8-12 (B200)
     * (models/hardware.yaml, UNVERIFIED throughput ratios); 100 is beyond any accelerator's
     * peak ratio to a V100. */
    {"hardware.*.speed", NC_DIM_NONE, "0.01", "1", "100", 0, "accelerator's relative speed",
     "it is relative to a V100 SXM2, whose speed is 1"},
    /* An accelerator's power: the T4 and L4 draw 70-72 W, a B200 1,000-1,200 W
     * (data-sources.md 1a); a whole GB200 superchip, two B200 and a Grace CPU, is rated about
     * 2.7 kW (NVIDIA GB200 NVL72 specifications, UNVERIFIED). 3 kW is above any; below 1 W no
     * accelerator trains. */
    {"stages.*.gpu_w|hardware.*.tdp", NC_DIM_POWER, "1 W", "300 W", "3 kW", 0,
     "accelerator's power", "gpu_w and tdp are per accelerator"},
    /* The power of a trial's whole configuration: 1,515 W for 8 P100 and 12 kW for 64 V100
     * (Strubell et al. 2019, Table 3; scenarios/strubell2019); ~100,000 GPUs at 1.05-1.3 kW
     * each with their nodes (8.4-10.2 kW per 8-GPU node, Latif et al. 2024, data-sources.md 1b)
     * draw ~130 MW. 5 W is less than any accelerator with its host. */
    {"stages.*.config_w", NC_DIM_POWER, "5 W", "1.5 kW", "200 MW", 0, "trial's configuration power",
     NULL},
    /* The rest of a node per GPU: up to ~575 W (8 x H100 HGX, Latif et al. 2024) and 428 W
     * with the GPU (p4d, Chien et al. 2023; data-sources.md 1b). 0: not counted. */
    {"stages.*.host_w_per_gpu", NC_DIM_POWER, "1 W", "100 W", "2 kW", 1, "host's power per GPU",
     NULL},
    /* A trial's CPU and DRAM power (Strubell's p_c, p_r): a two-socket host draws up to ~1 kW
     * of CPU (12 W per core, GreenAlgorithms) and 2 TB of DRAM ~750 W (0.3725 W/GB,
     * GreenAlgorithms; data-sources.md 1b); 100 kW is a hundred such hosts. 0: not counted. */
    {"stages.*.cpu_w|stages.*.dram_w", NC_DIM_POWER, "1 W", "100 W", "100 kW", 1,
     "trial's CPU or DRAM power", NULL},
    /* Below a second a trial is no training run; the longest single trial of the shipped
     * scenarios is Strubell et al. 2019's NAS, 274,120 h (31 y) on 8 P100
     * (scenarios/strubell2019/nas-p100.yaml). */
    {"stages.*.duration", NC_DIM_TIME, "1 s", "10 h", "50 y", 0, "trial's duration", NULL},
    /* A share of an earlier stage's trials is a fraction (README, "trials: {of, fraction}"). */
    {"stages.*.trials.fraction", NC_DIM_NONE, "0", "0.1", "1", 0,
     "share of an earlier stage's trials", "it is a fraction: 5% is 0.05"},
    /* The typical draw over TDP is 0.55-0.95 (data-sources.md, "Most uncertain" 1); an
     * accelerator at work draws at least its idle power, ~11% of its maximum (CCF,
     * data-sources.md 1a). As 0 is allowed (zero_ok), a wide distribution truncated at 0 is
     * held only to 0 at its low end. */
    {"stages.*.power_fraction|hardware.*.power_fraction", NC_DIM_NONE, "0.05", "0.75", "1", 1,
     "accelerator's power fraction", "it is a fraction of TDP: 75% is 0.75"},
    /* Probabilities and shares lie in [0, 1] by definition. */
    {"stages.*.failures.probability|stages.*.failures.at|hardware.*.utilisation|"
     "pricing.owned.utilisation|stages.*.pricing.owned.utilisation",
     NC_DIM_NONE, "0", "0.5", "1", 0, "fraction", "it is a fraction: 5% is 0.05"},
    /* Pre-emption hazard per hour: no GPU rates are published; data-sources.md 4a suggests
     * 0.5-5% per hour, and AWS's worst Spot Advisor bucket is "> 20% a month". One per hour
     * is twenty times the pessimistic end. */
    {"stages.*.preemption.per_hour", NC_DIM_NONE, "0", "0.02", "1", 0,
     "pre-emption hazard per hour", "it is pre-emptions per hour: 2% per hour is 0.02"},
    /* Checkpoints every few minutes to hours (README: 1 h); a year is longer than any run
     * that checkpoints. 0: no checkpoints (preempt.h). */
    {"stages.*.preemption.checkpoint", NC_DIM_TIME, "1 s", "1 h", "1 y", 1, "checkpoint interval",
     NULL},
    /* A restart costs minutes (README: 10 min; the shipped spot scenario 5-20 min); a week is
     * beyond any queue. 0: free. */
    {"stages.*.preemption.restart", NC_DIM_TIME, "1 s", "10 min", "1 wk", 1, "restart overhead",
     NULL},
    /* Calendar times, read by scenario_realism.c: a deadline or submission window from an
     * hour to a century (README: 180 d); a carbon-aware delay up to a year (it is refused
     * beyond the hourly profile's year anyway); an evaluation overhead per rung of early
     * stopping of seconds to a day (README: 5 min). */
    {"deadline|stages.*.submit.over", NC_DIM_TIME, "1 h", "180 d", "100 y", 0,
     "deadline or submission window", NULL},
    {"stages.*.carbon_aware.max_delay", NC_DIM_TIME, "1 min", "12 h", "1 y", 0,
     "carbon-aware delay", NULL},
    {"stages.*.early_stopping.eval_overhead", NC_DIM_TIME, "1 s", "5 min", "1 d", 1,
     "evaluation overhead", NULL},
    /* What an equivalent weighs (models/equivalents.yaml): from a km by car, 175-251 g
     * (GreenAlgorithms referenceValues.csv), to a car's lifetime, 57.2 t (Strubell et al. 2019,
     * Table 1); a gram to a thousand tonnes spans every everyday comparison. */
    {"equivalents.*.co2e", NC_DIM_MASS, "1 g", "1 t", "1000 t", 0, "equivalent's CO2e", NULL},
};
#define N_RANGES (sizeof RANGES / sizeof RANGES[0])

const nc_field_range *nc_field_ranges(size_t *n)
{
    *n = N_RANGES;
    return RANGES;
}

/* Does [pat, pat + len), with at most one '*' standing for a non-empty name, match 'path'? */
static int matches(const char *pat, size_t len, const char *path)
{
    const char *star = memchr(pat, '*', len);
    size_t n = strlen(path);
    if (!star)
        return n == len && memcmp(pat, path, len) == 0;
    size_t before = (size_t)(star - pat), after = len - before - 1;
    return n > before + after && memcmp(path, pat, before) == 0 &&
           memcmp(path + n - after, star + 1, after) == 0;
}

const nc_field_range *nc_field_range_find(const char *path, nc_dim dim)
{
    for (size_t i = 0; i < N_RANGES; i++) {
        const char *p = RANGES[i].pattern;
        while (RANGES[i].dim == dim) {
            const char *bar = strchr(p, '|');
            size_t len = bar ? (size_t)(bar - p) : strlen(p);
            if (matches(p, len, path))
                return &RANGES[i];
            if (!bar)
                break;
            p = bar + 1;
        }
    }
    return NULL;
}

int nc_field_range_values(const nc_field_range *r, nc_plausible *out, nc_error *err)
{
    out->zero_ok = r->zero_ok;
    if (nc_quantity_parse(r->low, r->dim, &out->lo, err) ||
        nc_quantity_parse(r->typical, r->dim, &out->typical, err) ||
        nc_quantity_parse(r->high, r->dim, &out->hi, err) || !(out->lo <= out->typical) ||
        !(out->typical <= out->hi))
        return nc_error_set(err, NC_EINTERNAL, "the plausible range of %s is not one", r->pattern);
    return 0;
}

int nc_field_range_suggest(const nc_field_range *r, const char *text, char *buf, size_t size)
{
    nc_plausible p;
    if (size)
        buf[0] = '\0';
    if (!r || nc_field_range_values(r, &p, NULL))
        return 0;
    return nc_unit_reread(text, r->dim, &p, buf, size);
}

/* Is 'text' a number alone, or a range of numbers, without a unit (of a field that has one)? */
static int is_bare(const char *text, nc_dim dim)
{
    double v, w;
    return dim != NC_DIM_NONE && (nc_quantity_parse(text, NC_DIM_NONE, &v, NULL) == 0 ||
                                  nc_range_parse(text, NC_DIM_NONE, &v, &w, NULL) == 1);
}

/* "(at most 1.5 kg/kWh)", "(at least 1 W, or 0 for none)", then the hint and suggestion. */
static int out_of_range(const nc_field_range *r, int above, const char *shown, const char *again,
                        nc_error *err)
{
    char tail[400] = "";
    if (again && again[0])
        snprintf(tail, sizeof tail, ": did you mean %s?", again);
    if (r->hint)
        snprintf(tail + strlen(tail), sizeof tail - strlen(tail),
                 again && again[0] ? " (%s)" : "; %s", r->hint);
    return nc_error_set(err, NC_EINPUT, "%s is %s any %s (%s %s%s)%s", shown,
                        above ? "above" : "below", r->what, above ? "at most" : "at least",
                        above ? r->high : r->low, !above && r->zero_ok ? ", or 0 for none" : "",
                        tail);
}

int nc_field_range_check(const nc_field_range *r, const char *text, double value, nc_error *err)
{
    nc_plausible p;
    if (!r)
        return 0;
    int rc = nc_field_range_values(r, &p, err);
    if (rc)
        return rc;
    int above = value > p.hi, below = value < p.lo && !(value == 0 && p.zero_ok);
    if (!above && !below)
        return 0;
    char shown[300], again[200];
    if (is_bare(text, r->dim))
        snprintf(shown, sizeof shown, "'%.100s', read as %.100s %s,", text, text,
                 nc_dim_unit(r->dim));
    else
        snprintf(shown, sizeof shown, "%.200s", text);
    nc_unit_reread(text, r->dim, &p, again, sizeof again);
    return out_of_range(r, above, shown, again, err);
}

int nc_field_range_check_spread(const nc_field_range *r, double q_lo, double q_hi, nc_error *err)
{
    nc_plausible p;
    if (!r)
        return 0;
    int rc = nc_field_range_values(r, &p, err);
    if (rc)
        return rc;
    double least = p.zero_ok ? 0 : p.lo;
    int above = q_hi > p.hi, below = q_lo < least;
    if (!above && !below)
        return 0;
    const char *unit = nc_dim_unit(r->dim);
    return nc_error_set(err, NC_EINPUT,
                        "this distribution reaches %.4g%s%s at its %s percentile, %s any %s "
                        "(%s %s): narrow it, or bound it with '%s: %s'",
                        above ? q_hi : q_lo, unit[0] ? " " : "", unit, above ? "99.9th" : "0.1st",
                        above ? "above" : "below", r->what, above ? "at most" : "at least",
                        above ? r->high : r->low, above ? "max" : "min", above ? r->high : r->low);
}
