/*
 * scenario.h - a research pipeline and where it runs, validated, units resolved, catalog
 * references bound (DESIGN.md, "Concepts" and "Scenario format").
 *
 * Which inputs are drawn when (DESIGN.md, "Two levels of uncertainty"):
 *   per replication: sites (PUE, carbon intensity, electricity price), prices, trial counts,
 *                    host power, failure probabilities, every catalog value of a profile
 *                    (TDP, mean power fraction, speed), and every parameter of a per-trial
 *                    distribution;
 *   per trial:       duration, power (a stage's power_fraction, gpu_w or config_w), which
 *                    profile of a mix the trial lands on, failure and when it happens.
 */
#ifndef NC_SCENARIO_H
#define NC_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

#include "scenario/catalog.h"
#include "base/error.h"
#include "scenario/input.h"
#include "scenario/text_pool.h"
#include "realism/sched.h"
#include "realism/stopping.h"

struct nc_profile;

#define NC_MAX_REPLICATIONS 100000000LL /* 1e8: the per-replication results are kept */
#define NC_MAX_TRIALS 1000000000LL      /* 1e9 trials in one stage */
#define NC_MAX_GPUS 1000000LL

typedef struct nc_site {
    const char *name;
    nc_written description;    /* its `description:` as written; NULL text: none */
    nc_input *pue;
    nc_input *ci_kg_per_kwh;   /* carbon intensity, kg/kWh; NULL with an hourly profile */
    nc_input *ci_scale;        /* with an hourly profile: its scale, dimensionless (1 = as is);
                                  NULL without one */
    nc_input *usd_per_kwh;     /* NULL: electricity cost not counted */
    struct nc_profile *profile; /* hourly carbon intensity; NULL: ci is one figure */
    int64_t cluster_gpus;      /* 0: unlimited capacity, trials start when submitted */
    nc_input *idle_w;          /* per cluster GPU while idle; NULL: idle not counted */
    int idle_counted;          /* `idle: counted`: idle_w from the catalog's idle power of
                                  the one profile the stages there run on */
    int used;                  /* a stage runs here, or its idle GPUs are counted */
} nc_site;

typedef struct nc_mix {
    const nc_hardware *hw;
    double share; /* normalised: the shares of a stage sum to 1 */
} nc_mix;

typedef enum nc_power_mode {
    NC_POWER_FRACTION = 0, /* gpu_w = tdp * fraction (stage's, else the profile's) */
    NC_POWER_GPU_W,        /* measured watts per accelerator */
    NC_POWER_CONFIG_W      /* whole configuration (all GPUs + host) per trial, Strubell T3 */
} nc_power_mode;

typedef enum nc_price_mode {
    NC_PRICE_NONE = 0,   /* no cloud price: cloud_usd is 0 */
    NC_PRICE_INPUT,      /* a price per GPU-hour given in the scenario */
    NC_PRICE_ON_DEMAND,  /* the hardware's catalog price of that kind */
    NC_PRICE_SPOT,
    NC_PRICE_COMMITTED,
    NC_PRICE_OWNED       /* owned hardware: purchase price amortised per GPU-hour */
} nc_price_mode;

typedef struct nc_pricing {
    nc_price_mode mode;
    nc_input *gpu_hour_usd;  /* NC_PRICE_INPUT */
    nc_input *purchase_usd;  /* NC_PRICE_OWNED: price of one accelerator (with its host share) */
    nc_input *amortise_h;    /* NC_PRICE_OWNED: over how long */
    nc_input *utilisation;   /* NC_PRICE_OWNED: the fraction of that time it is in use */
} nc_pricing;

typedef struct nc_stage {
    const char *name;
    nc_written description;    /* its `description:` as written; NULL text: none */
    size_t site;
    nc_input *trials;          /* per replication; rounded to a whole number */
    int64_t gpus;              /* accelerators per trial */
    nc_mix *mix;
    size_t n_mix;
    double *mix_cum;           /* cumulative shares, for the per-trial choice */
    const nc_hardware *duration_on; /* NULL: `duration` is the mix's average */
    nc_input *duration_h;      /* per trial */
    nc_power_mode power_mode;
    nc_input *power;           /* fraction, W per GPU or W per trial; NULL: the profile's */
    nc_input *host_w_per_gpu;  /* per replication; NULL when given as cpu_w + dram_w or absent */
    nc_input *cpu_w, *dram_w;  /* per replication, per trial (Strubell's p_c, p_r) */
    nc_input *fail_p;          /* per replication; NULL: no failures */
    nc_input *fail_at;         /* per trial: the fraction of the run done when it fails */
    int64_t max_attempts;      /* 1 without retry */
    nc_pricing pricing;
    size_t *after;             /* stages that must end before this one starts */
    size_t n_after;
    long trials_of;            /* >= 0: trials = round(trials_fraction x that stage's trials) */
    nc_input *trials_fraction;
    nc_submit submit;          /* when trials are submitted, from the stage's start */
    nc_stopping stopping;      /* early stopping: each trial runs a rung's share of `duration` */
    nc_input *preempt_per_h;   /* spot: pre-emption hazard per hour; NULL: never pre-empted */
    nc_input *checkpoint_h, *restart_h;
    double carbon_delay_h;     /* carbon-aware: delay a start up to this to a cleaner hour */
    int *carbon_delay;         /* per hour of the year: hours to wait (from the site profile) */
    uint64_t key_hardware, key_failures, key_submit, key_stopping, key_preempt;
} nc_stage;

/* A hardware profile the stages run on, and which of its inputs the model reads. */
typedef struct nc_profile_use {
    const nc_hardware *hw;
    unsigned fields; /* NC_USES_* */
} nc_profile_use;

enum {
    NC_USES_TDP = 1u << 0,
    NC_USES_POWER_FRACTION = 1u << 1,
    NC_USES_SPEED = 1u << 2,
    NC_USES_PRICE_ON_DEMAND = 1u << 3,
    NC_USES_PRICE_SPOT = 1u << 4,
    NC_USES_PRICE_COMMITTED = 1u << 5,
    NC_USES_EMBODIED = 1u << 6 /* embodied, lifetime and utilisation */
};

typedef struct nc_scenario {
    const char *name, *title, *source;
    char *file;
    uint64_t seed;
    int64_t replications;
    nc_site *sites;
    size_t n_sites;
    nc_stage *stages;
    size_t n_stages;
    nc_written description;    /* the scenario's `description:` as written (NULL text: none,
                                  or not one text) */
    nc_catalog *catalog;
    double start_hour;         /* hour of the year at t = 0 (hourly profiles) */
    double deadline_h;         /* 0: none */
    int embodied;              /* count embodied CO2e in co2e_kg (default 1) */
    int calendar;              /* any of: submit windows, clusters, after, deadline, profiles */
    nc_profile_use *profiles;  /* each profile a stage runs on (or measures durations on) once,
                                  in the order first named */
    size_t n_profiles;
    struct nc_names *site_index, *stage_index; /* while loading: names sorted (names.h) */
    struct nc_input_list *inputs; /* the inputs for nc_scenario_input (scenario/input_list.h) */
    nc_text_pool text;         /* the names, titles and descriptions above (catalog: its own) */
} nc_scenario;

/* nc_scenario_free is public (nascost.h); loading is load/scenario_load.h. */

/* Free the inputs of 'pr' (not 'pr' itself). */
void nc_pricing_free(nc_pricing *pr);

/* While loading: the index of the first of the stages loaded so far named 'name', or -1. */
long nc_scenario_find_stage(const nc_scenario *sc, const char *name);

/*
 * Call 'fn' for every input the model reads for this scenario, in a fixed order: sites where
 * a stage runs (or idle GPUs are counted), the stages' inputs and pricing, and the inputs of
 * the catalog profiles its stages run on, each once, that the result depends on (no power
 * fraction or TDP where a stage gives gpu_w or config_w, no embodied values with `embodied:
 * false`, only the catalog price of the stages' pricing mode, speeds only where durations are
 * scaled between profiles). `check`, the JSON and report inputs and, through nc_input.used,
 * the sensitivity analyses all list exactly these. Stops at the first non-zero return of
 * 'fn' and returns it.
 */
typedef int (*nc_input_visitor)(void *ctx, const nc_input *in);
int nc_scenario_each_input(const nc_scenario *sc, nc_input_visitor fn, void *ctx);

/* At the end of loading: find the profiles the stages use and mark every input the model
 * reads (nc_scenario_each_input, with its parameters' inputs) with nc_input.used = 1. */
int nc_scenario_mark_used(nc_scenario *sc, nc_error *err);
#endif
