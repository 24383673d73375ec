/*
 * pipeline.h - one replication of a pipeline: trial and stage arithmetic (DESIGN.md, "The
 * model").
 *
 * For a trial of duration d hours on g accelerators of profile h at site s:
 *     it_kwh          = d * (g * gpu_w + host_w) / 1000
 *     facility_kwh    = it_kwh * pue(s)
 *     co2e_kg         = facility_kwh * ci(s)
 *     cloud_usd       = d * g * price_per_gpu_hour
 *     electricity_usd = facility_kwh * electricity_price(s)
 * which is Strubell et al. (2019), eq. 1-2, with their pue = 1.58 and ci = 0.954 lb/kWh.
 * PUE, ci and prices are per replication, so a stage's sums are taken over its trials first
 * and multiplied once.
 */
#ifndef NC_PIPELINE_H
#define NC_PIPELINE_H

#include <signal.h>
#include <stdint.h>
#include <gsl/gsl_rng.h>

#include "dist/dist.h"
#include "base/error.h"
#include "scenario/scenario.h"

/* A workspace for one thread: everything a replication needs, allocated once. */
typedef struct nc_pipeline_ws nc_pipeline_ws;

int nc_pipeline_ws_alloc(nc_pipeline_ws **out, const nc_scenario *sc, nc_error *err);
void nc_pipeline_ws_free(nc_pipeline_ws *ws);

/* Accumulate the next replication's CO2e per calendar day into 'days' entries of
 * 'timeline' (zeroed by the caller; NULL: none). */
void nc_pipeline_set_timeline(nc_pipeline_ws *ws, double *timeline, int days);

/* Poll '*cancel' (NULL: never) before each batch of trials: once it is non-zero,
 * nc_pipeline_replicate stops and returns NC_EINTR (engine.h). */
void nc_pipeline_set_cancel(nc_pipeline_ws *ws, const volatile sig_atomic_t *cancel);

/* Simulate at most 'cap' trials of each stage (0: all), for a pilot that times the engine
 * (nc_engine_estimate): the metrics are then those of the first 'cap' trials only. */
void nc_pipeline_set_trial_cap(nc_pipeline_ws *ws, int64_t cap);

/*
 * Simulate replication 'rep' of 'sc' with master seed 'seed' ('point': every input at its
 * nominal value, per-trial choices spread evenly; 'u': NULL, or the uniforms a sensitivity
 * analysis sets its inputs' quantiles by, see nc_draw) and write (n_stages + 1) x
 * NC_M__COUNT metrics to 'out', the total first (NC_ROW_TOTAL, nc_row_of_stage). '*trials_run' gets the number of trials
 * drawn. Allocates nothing. NC_EINTR when the cancel flag is raised (nc_pipeline_set_cancel).
 */
int nc_pipeline_replicate(nc_pipeline_ws *ws, const nc_scenario *sc, uint64_t seed,
                          uint64_t rep, int point, const double *u, double *out,
                          double *trials_run, nc_error *err);

/* Draw replication 'rep's systematic inputs into 'ws' without running a trial, and give the
 * resolved stage 'i' (its per-trial distributions and stream keys): for the random-number
 * floor benchmark (tests/bench/floor.c), which draws what the trials would. */
int nc_pipeline_draw(nc_pipeline_ws *ws, const nc_scenario *sc, uint64_t seed, uint64_t rep,
                     nc_error *err);
const struct nc_stage_rt *nc_pipeline_stage(const nc_pipeline_ws *ws, size_t i);

#endif
