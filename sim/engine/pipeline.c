/* pipeline.c - one replication: draw, resolve, run the stages on the calendar, sum (see
 * pipeline.h). */
#include "engine/pipeline.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"
#include "base/metrics.h"
#include "realism/profile.h"
#include "rng/rng.h"
#include "engine/trial.h"

typedef struct site_rt {
    double pue, usd_per_kwh, idle_w;
    double ci_kg_per_kwh; /* without an hourly profile */
    double ci_scale;      /* with one: its scale, dimensionless */
    nc_cluster cluster;
} site_rt;

struct nc_pipeline_ws {
    gsl_rng *r;
    site_rt *sites;
    nc_stage_rt *stages;
    double *per_mix; /* backing store of the stages' per-profile arrays */
    double *heaps;   /* backing store of the sites' clusters */
    double *waits;   /* per stage: the sum of its trials' queue waits */
    double *timeline; /* NULL, or CO2e per day of this replication */
    int days;
    nc_trial_batch *batch;
    const volatile sig_atomic_t *cancel; /* NULL, or a flag polled once per batch of trials */
    int64_t trial_cap;                   /* > 0: simulate at most this many trials a stage */
};

void nc_pipeline_set_trial_cap(nc_pipeline_ws *ws, int64_t cap)
{
    ws->trial_cap = cap;
}

void nc_pipeline_set_cancel(nc_pipeline_ws *ws, const volatile sig_atomic_t *cancel)
{
    ws->cancel = cancel;
}

void nc_pipeline_set_timeline(nc_pipeline_ws *ws, double *timeline, int days)
{
    ws->timeline = timeline;
    ws->days = days;
}

/* Spread 'kg' evenly over the hours [start, end) across the day bins of 'timeline'. */
static void spread(double *timeline, int days, double start, double end, double kg)
{
    if (end <= start) {
        int d = (int)(start / 24.0);
        if (d >= 0 && d < days)
            timeline[d] += kg;
        return;
    }
    double rate = kg / (end - start);
    for (int d = (int)(start / 24.0); d < days && d * 24.0 < end; d++) {
        double lo = fmax(start, d * 24.0), hi = fmin(end, (d + 1) * 24.0);
        if (hi > lo)
            timeline[d] += rate * (hi - lo);
    }
}

enum { PER_MIX_ARRAYS = 6 };

static size_t total_mix(const nc_scenario *sc)
{
    size_t n = 0;
    for (size_t i = 0; i < sc->n_stages; i++)
        n += sc->stages[i].n_mix;
    return n;
}

static size_t total_gpus(const nc_scenario *sc)
{
    size_t n = 0;
    for (size_t i = 0; i < sc->n_sites; i++)
        n += nc_cluster_storage((size_t)sc->sites[i].cluster_gpus);
    return n;
}

static void carve(nc_pipeline_ws *ws, const nc_scenario *sc)
{
    double *at = ws->per_mix, *heap = ws->heaps;
    for (size_t i = 0; i < sc->n_stages; i++) {
        size_t n = sc->stages[i].n_mix;
        nc_stage_rt *rt = &ws->stages[i];
        rt->tdp_w = at, rt->pf = at + n, rt->scale = at + 2 * n;
        rt->hw_price = at + 3 * n, rt->gpu_hours = at + 4 * n, rt->emb_kg_per_gpu_h = at + 5 * n;
        at += PER_MIX_ARRAYS * n;
    }
    for (size_t i = 0; i < sc->n_sites; i++) {
        nc_cluster_init(&ws->sites[i].cluster, heap, (size_t)sc->sites[i].cluster_gpus);
        heap += nc_cluster_storage((size_t)sc->sites[i].cluster_gpus);
    }
}

int nc_pipeline_ws_alloc(nc_pipeline_ws **out, const nc_scenario *sc, nc_error *err)
{
    nc_pipeline_ws *ws = calloc(1, sizeof *ws);
    *out = NULL;
    if (!ws || !(ws->r = gsl_rng_alloc(nc_rng_philox)) ||
        !(ws->sites = calloc(sc->n_sites, sizeof *ws->sites)) ||
        !(ws->stages = calloc(sc->n_stages, sizeof *ws->stages)) ||
        !(ws->per_mix = calloc(total_mix(sc) * PER_MIX_ARRAYS, sizeof *ws->per_mix)) ||
        !(ws->heaps = calloc(total_gpus(sc) + 1, sizeof *ws->heaps)) ||
        !(ws->waits = calloc(sc->n_stages, sizeof *ws->waits)) ||
        !(ws->batch = malloc(sizeof *ws->batch))) {
        nc_pipeline_ws_free(ws);
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    }
    carve(ws, sc);
    *out = ws;
    return 0;
}

void nc_pipeline_ws_free(nc_pipeline_ws *ws)
{
    if (!ws)
        return;
    if (ws->r)
        gsl_rng_free(ws->r);
    free(ws->sites);
    free(ws->stages);
    free(ws->per_mix);
    free(ws->heaps);
    free(ws->waits);
    free(ws->batch);
    free(ws);
}

/* ---- per replication: draw the systematic inputs -------------------------------------------- */

typedef struct draw_ctx {
    nc_draw dw;
    int point;
    nc_error *err;
} draw_ctx;

static int draw(const draw_ctx *cx, const nc_input *in, double fallback, double *out)
{
    if (!in)
        return *out = fallback, 0;
    return nc_input_draw(in, &cx->dw, out, cx->err);
}

/* A per-trial distribution for this replication; in point mode the nominal value, fixed. */
static int resolve(const draw_ctx *cx, const nc_input *in, double fallback, nc_dist *out)
{
    if (!in)
        return nc_dist_fixed(out, fallback, cx->err);
    if (cx->point)
        return nc_dist_fixed(out, nc_input_nominal(in), cx->err);
    return nc_input_resolve(in, &cx->dw, out, cx->err);
}

static int draw_sites(const draw_ctx *cx, const nc_scenario *sc, site_rt *sites)
{
    int rc = 0;
    for (size_t i = 0; i < sc->n_sites && !rc; i++) {
        const nc_site *s = &sc->sites[i];
        rc = draw(cx, s->pue, 1.0, &sites[i].pue);
        if (!rc)
            rc = draw(cx, s->ci_kg_per_kwh, 0.0, &sites[i].ci_kg_per_kwh);
        if (!rc)
            rc = draw(cx, s->ci_scale, 1.0, &sites[i].ci_scale);
        if (!rc)
            rc = draw(cx, s->usd_per_kwh, 0.0, &sites[i].usd_per_kwh);
        if (!rc)
            rc = draw(cx, s->idle_w, 0.0, &sites[i].idle_w);
        nc_cluster_reset(&sites[i].cluster);
    }
    return rc;
}

static const nc_input *profile_price(const nc_hardware *hw, nc_price_mode mode)
{
    return mode == NC_PRICE_ON_DEMAND ? hw->price_on_demand
           : mode == NC_PRICE_SPOT    ? hw->price_spot
           : mode == NC_PRICE_COMMITTED ? hw->price_committed
                                        : NULL;
}

/* Duration scale per profile: by relative speed against the reference profile, or so that
 * the mix's average duration is the stage's `duration` (see README, "The model"). */
static void speed_scales(const nc_stage *st, const double *speed, double ref_speed,
                         double *scale)
{
    double inv_mean = 0.0;
    for (size_t h = 0; h < st->n_mix; h++)
        inv_mean += st->mix[h].share / speed[h];
    for (size_t h = 0; h < st->n_mix; h++)
        scale[h] = st->duration_on ? ref_speed / speed[h]
                   : st->n_mix > 1 ? 1.0 / (speed[h] * inv_mean)
                                   : 1.0;
}

/* Embodied kg CO2e per accelerator-hour: embodied / (lifetime x utilisation). */
static int draw_embodied(const draw_ctx *cx, const nc_hardware *hw, double *out)
{
    double kg, life_h, util;
    int rc = draw(cx, hw->embodied_kg, 0.0, &kg);
    if (!rc)
        rc = draw(cx, hw->lifetime_h, 1.0, &life_h);
    if (!rc)
        rc = draw(cx, hw->utilisation, 1.0, &util);
    *out = rc || util <= 0.0 ? 0.0 : kg / (life_h * util);
    return rc;
}

static int draw_profiles(const draw_ctx *cx, const nc_scenario *sc, const nc_stage *st,
                         nc_stage_rt *rt)
{
    double speed[64], ref_speed = 1.0;
    int rc = 0;
    if (st->n_mix > 64)
        return nc_error_set(cx->err, NC_EINPUT, "stage '%s': more than 64 profiles in a mix",
                            st->name);
    for (size_t h = 0; h < st->n_mix && !rc; h++) {
        const nc_hardware *hw = st->mix[h].hw;
        rc = draw(cx, hw->tdp_w, 0.0, &rt->tdp_w[h]);
        if (!rc)
            rc = draw(cx, hw->power_fraction, 1.0, &rt->pf[h]);
        if (!rc)
            rc = draw(cx, hw->speed, 1.0, &speed[h]);
        if (!rc)
            rc = draw(cx, profile_price(hw, st->pricing.mode), 0.0, &rt->hw_price[h]);
        rt->emb_kg_per_gpu_h[h] = 0.0;
        if (!rc && sc->embodied)
            rc = draw_embodied(cx, hw, &rt->emb_kg_per_gpu_h[h]);
        rt->gpu_hours[h] = 0.0;
    }
    if (!rc && st->duration_on)
        rc = draw(cx, st->duration_on->speed, 1.0, &ref_speed);
    if (!rc)
        speed_scales(st, speed, ref_speed, rt->scale);
    return rc;
}

static int draw_owned(const draw_ctx *cx, const nc_pricing *pr, double *usd_per_gpu_h)
{
    double price, hours, util;
    *usd_per_gpu_h = 0.0;
    if (pr->mode != NC_PRICE_OWNED)
        return 0;
    int rc = draw(cx, pr->purchase_usd, 0.0, &price);
    if (!rc)
        rc = draw(cx, pr->amortise_h, 1.0, &hours);
    if (!rc)
        rc = draw(cx, pr->utilisation, 1.0, &util);
    if (!rc && util > 0.0)
        *usd_per_gpu_h = price / (hours * util);
    return rc;
}

static int draw_trial_count(const draw_ctx *cx, const nc_stage *st, const nc_stage_rt *stages,
                            int64_t *out)
{
    double trials, fraction;
    int rc = draw(cx, st->trials, 0.0, &trials);
    if (!rc && st->trials_of >= 0 && !(rc = draw(cx, st->trials_fraction, 1.0, &fraction)))
        trials = fraction * (double)stages[st->trials_of].trials;
    *out = (int64_t)llround(trials);
    return rc;
}

static int draw_stage(const draw_ctx *cx, const nc_scenario *sc, size_t i, nc_stage_rt *stages)
{
    const nc_stage *st = &sc->stages[i];
    nc_stage_rt *rt = &stages[i];
    double host = 0.0, cpu = 0.0, dram = 0.0;
    int rc = draw_trial_count(cx, st, stages, &rt->trials);
    if (!rc)
        rc = resolve(cx, st->duration_h, 0.0, &rt->duration);
    if (!rc)
        rc = resolve(cx, st->power, 0.0, &rt->power);
    if (!rc)
        rc = resolve(cx, st->fail_at, 0.5, &rt->fail_at);
    if (!rc)
        rc = draw(cx, st->fail_p, 0.0, &rt->fail_p);
    if (!rc)
        rc = draw(cx, st->host_w_per_gpu, 0.0, &host);
    if (!rc)
        rc = draw(cx, st->cpu_w, 0.0, &cpu);
    if (!rc)
        rc = draw(cx, st->dram_w, 0.0, &dram);
    if (!rc)
        rc = draw(cx, st->pricing.gpu_hour_usd, 0.0, &rt->price);
    if (!rc)
        rc = draw(cx, st->preempt_per_h, 0.0, &rt->preempt_per_h);
    if (!rc)
        rc = draw(cx, st->checkpoint_h, 0.0, &rt->checkpoint_h);
    if (!rc)
        rc = draw(cx, st->restart_h, 0.0, &rt->restart_h);
    if (!rc)
        rc = draw_owned(cx, &st->pricing, &rt->owned_usd_per_gpu_h);
    rt->host_w = (double)st->gpus * host + cpu + dram;
    nc_trial_stream_keys(rt, st, cx->dw.seed);
    if (!rc)
        rc = nc_trial_sensitivity(rt, st, cx->dw.u, cx->err);
    return rc ? rc : draw_profiles(cx, sc, st, rt);
}

/* ---- per replication: run the stages on the calendar --------------------------------------- */

typedef struct stage_sums {
    double it_wh, wait_h;
    double it_co2_g; /* with an hourly profile: of the IT energy, before PUE and its scale */
} stage_sums;

/* The earliest a stage may start: when the last of the stages it comes after has ended. */
static double stage_start(const nc_stage *st, const nc_stage_rt *stages)
{
    double start = 0.0;
    for (size_t j = 0; j < st->n_after; j++)
        start = fmax(start, stages[st->after[j]].end_h);
    return start;
}

static double max2(double a, double b)
{
    return a > b ? a : b;
}

/* Put lane i of batch 'b' on the calendar: submitted, maybe delayed to a
 * cleaner hour, queued. Adds its energy (and, with an hourly profile, its energy x intensity)
 * to 'sum'. */
static void schedule(const nc_scenario *sc, const nc_stage *st, nc_stage_rt *rt,
                     site_rt *site, const nc_trial_batch *b, size_t i, stage_sums *sum,
                     double *timeline, int days)
{
    const nc_site *spec = &sc->sites[st->site];
    double wall = b->wall_h[i], node_w = b->node_w[i];
    double ready = rt->start_h + b->submitted[i];
    if (st->carbon_delay)
        ready = nc_profile_best_start(spec->profile, st->carbon_delay, sc->start_hour, ready);
    double start = spec->cluster_gpus > 0
                       ? nc_cluster_place(&site->cluster, st->gpus, ready, wall)
                       : ready;
    sum->wait_h += start - ready;
    rt->end_h = max2(rt->end_h, start + wall);
    sum->it_wh += wall * node_w;
    double it_co2_g = spec->profile ? node_w * nc_profile_integral(spec->profile, sc->start_hour,
                                                                   start, start + wall)
                                    : node_w * wall * site->ci_kg_per_kwh;
    if (spec->profile)
        sum->it_co2_g += it_co2_g;
    if (timeline) {
        double op = site->pue * (spec->profile ? site->ci_scale : 1.0) * it_co2_g / 1000.0;
        double emb = wall * (double)st->gpus * rt->emb_kg_per_gpu_h[b->profile[i]];
        spread(timeline, days, start, start + wall, op + emb);
    }
}

/* schedule() for a stage without an hourly profile, carbon-aware delay or timeline: each
 * trial starts when it is submitted or, on a cluster, when a GPU is free; only the sums and the
 * stage's end are kept. */
static void schedule_plain(nc_stage_rt *rt, nc_cluster *cluster, int64_t gpus,
                           const nc_trial_batch *b, size_t n, stage_sums *sum)
{
    double it_wh = sum->it_wh, wait_h = sum->wait_h, end = rt->end_h;
    for (size_t i = 0; i < n; i++) {
        double ready = rt->start_h + b->submitted[i], wall = b->wall_h[i];
        double start = cluster ? nc_cluster_place(cluster, gpus, ready, wall) : ready;
        wait_h += start - ready;
        end = max2(end, start + wall);
        it_wh += wall * b->node_w[i];
    }
    sum->it_wh = it_wh;
    sum->wait_h = wait_h;
    rt->end_h = end;
}

/* Stage metrics from its sums and the replication's site, prices and profiles. */
static void stage_metrics(const nc_scenario *sc, const nc_stage *st, const nc_stage_rt *rt,
                          const site_rt *site, const stage_sums *sum, double *m)
{
    double gpu_hours = 0.0, cloud = 0.0, embodied = 0.0;
    for (size_t h = 0; h < st->n_mix; h++) {
        gpu_hours += rt->gpu_hours[h];
        cloud += rt->gpu_hours[h] *
                 (st->pricing.mode == NC_PRICE_INPUT ? rt->price : rt->hw_price[h]);
        embodied += rt->gpu_hours[h] * rt->emb_kg_per_gpu_h[h];
    }
    m[NC_M_GPU_HOURS] = gpu_hours;
    m[NC_M_IT_KWH] = sum->it_wh / 1000.0;
    m[NC_M_FACILITY_KWH] = m[NC_M_IT_KWH] * site->pue;
    m[NC_M_CO2E_OPERATIONAL_KG] = sc->sites[st->site].profile
                                      ? site->pue * site->ci_scale * sum->it_co2_g / 1000.0
                                      : m[NC_M_FACILITY_KWH] * site->ci_kg_per_kwh;
    m[NC_M_CO2E_EMBODIED_KG] = embodied;
    m[NC_M_CO2E_KG] = m[NC_M_CO2E_OPERATIONAL_KG] + embodied;
    m[NC_M_CLOUD_USD] = st->pricing.mode == NC_PRICE_OWNED ? 0.0 : cloud;
    m[NC_M_ELECTRICITY_USD] = m[NC_M_FACILITY_KWH] * site->usd_per_kwh;
    m[NC_M_HARDWARE_USD] = gpu_hours * rt->owned_usd_per_gpu_h;
    m[NC_M_MAKESPAN_DAYS] = (rt->end_h - rt->start_h) / 24.0;
    m[NC_M_QUEUE_WAIT_HOURS] = rt->trials > 0 ? sum->wait_h / (double)rt->trials : 0.0;
    m[NC_M_ON_TIME] = sc->deadline_h > 0 && rt->end_h <= sc->deadline_h;
}

static int run_stage(const nc_trial_ctx *tc, const nc_scenario *sc, size_t i,
                     nc_pipeline_ws *ws, double *m, nc_error *err)
{
    const nc_stage *st = &sc->stages[i];
    nc_stage_rt *rt = &ws->stages[i];
    site_rt *site = &ws->sites[st->site];
    stage_sums sum = {0.0, 0.0, 0.0};
    nc_trial_batch *b = ws->batch;
    const nc_site *spec = &sc->sites[st->site];
    int plain = !spec->profile && !st->carbon_delay && !ws->timeline;
    nc_cluster *cluster = spec->cluster_gpus > 0 ? &site->cluster : NULL;
    double gpus = (double)st->gpus;
    rt->start_h = rt->end_h = stage_start(st, ws->stages);
    memset(m, 0, NC_M__COUNT * sizeof *m);
    int64_t trials = ws->trial_cap > 0 && rt->trials > ws->trial_cap ? ws->trial_cap : rt->trials;
    for (int64_t t0 = 0; t0 < trials; t0 += NC_TRIAL_BATCH) {
        if (ws->cancel && *ws->cancel) /* one load per 64 trials: a stop within microseconds */
            return nc_error_set(err, NC_EINTR, "interrupted");
        size_t n = (size_t)(trials - t0 < NC_TRIAL_BATCH ? trials - t0 : NC_TRIAL_BATCH);
        int rc = nc_trial_run_batch(tc, st, rt, t0, n, b, err);
        if (rc)
            return rc;
        m[NC_M_TRIALS] += b->attempts;
        m[NC_M_FAILED_TRIALS] += b->failed;
        m[NC_M_PREEMPTIONS] += b->preemptions;
        for (size_t j = 0; j < n; j++)
            rt->gpu_hours[b->profile[j]] += b->wall_h[j] * gpus;
        if (plain)
            schedule_plain(rt, cluster, st->gpus, b, n, &sum);
        else
            for (size_t j = 0; j < n; j++)
                schedule(sc, st, rt, site, b, j, &sum, ws->timeline, ws->days);
    }
    ws->waits[i] = sum.wait_h;
    stage_metrics(sc, st, rt, site, &sum, m);
    return 0;
}

/* ---- the pipeline's total ------------------------------------------------------------------ */

/* Idle GPUs of reserved clusters over the pipeline's calendar, into the total. */
static void add_idle(const nc_scenario *sc, const nc_pipeline_ws *ws, double end_h,
                     double *total)
{
    for (size_t i = 0; i < sc->n_sites; i++) {
        const nc_site *spec = &sc->sites[i];
        const site_rt *s = &ws->sites[i];
        if (spec->cluster_gpus == 0 || !spec->idle_w || end_h <= 0.0)
            continue;
        double idle_gpu_h = fmax(0.0, (double)spec->cluster_gpus * end_h - s->cluster.busy_gpu_h);
        double kwh = idle_gpu_h * s->idle_w / 1000.0, facility = kwh * s->pue;
        double ci_kg_per_kwh =
            spec->profile ? s->ci_scale *
                                nc_profile_integral(spec->profile, sc->start_hour, 0, end_h) /
                                end_h
                          : s->ci_kg_per_kwh;
        total[NC_M_IDLE_KWH] += kwh;
        total[NC_M_IT_KWH] += kwh;
        total[NC_M_FACILITY_KWH] += facility;
        total[NC_M_CO2E_OPERATIONAL_KG] += facility * ci_kg_per_kwh;
        total[NC_M_CO2E_KG] += facility * ci_kg_per_kwh;
        total[NC_M_ELECTRICITY_USD] += facility * s->usd_per_kwh;
    }
}

static double utilisation(const nc_scenario *sc, const nc_pipeline_ws *ws, double end_h)
{
    double busy = 0.0, capacity = 0.0;
    for (size_t i = 0; i < sc->n_sites; i++) {
        busy += ws->sites[i].cluster.busy_gpu_h;
        capacity += (double)sc->sites[i].cluster_gpus * end_h;
    }
    return capacity > 0.0 ? busy / capacity : 0.0;
}

static void pipeline_total(const nc_scenario *sc, const nc_pipeline_ws *ws, double *out)
{
    double *total = out + NC_ROW_TOTAL * NC_M__COUNT, end_h = 0.0, waits = 0.0;
    memset(total, 0, NC_M__COUNT * sizeof *total);
    for (size_t i = 0; i < sc->n_stages; i++) {
        const double *m = out + nc_row_of_stage(i) * NC_M__COUNT;
        for (int k = 0; k < NC_M__COUNT; k++)
            if (nc_metric_is_sum((nc_metric)k))
                total[k] += m[k];
        end_h = fmax(end_h, ws->stages[i].end_h);
        waits += ws->waits[i];
    }
    add_idle(sc, ws, end_h, total);
    total[NC_M_MAKESPAN_DAYS] = end_h / 24.0;
    total[NC_M_QUEUE_WAIT_HOURS] = total[NC_M_TRIALS] > 0 ? waits / total[NC_M_TRIALS] : 0.0;
    total[NC_M_UTILISATION] = utilisation(sc, ws, end_h);
    total[NC_M_ON_TIME] = sc->deadline_h > 0 && end_h <= sc->deadline_h;
    total[NC_M_CO2E_SHARE] = 1.0;
    for (size_t i = 0; i < sc->n_stages; i++) {
        double *m = out + nc_row_of_stage(i) * NC_M__COUNT;
        m[NC_M_CO2E_SHARE] = total[NC_M_CO2E_KG] > 0 ? m[NC_M_CO2E_KG] / total[NC_M_CO2E_KG] : 0.0;
    }
}

static int draw_all(nc_pipeline_ws *ws, const nc_scenario *sc, const draw_ctx *cx)
{
    int rc = draw_sites(cx, sc, ws->sites);
    for (size_t i = 0; i < sc->n_stages && !rc; i++)
        rc = draw_stage(cx, sc, i, ws->stages);
    return rc;
}

int nc_pipeline_draw(nc_pipeline_ws *ws, const nc_scenario *sc, uint64_t seed, uint64_t rep,
                     nc_error *err)
{
    draw_ctx cx = {{ws->r, seed, rep, 0, NULL}, 0, err};
    return draw_all(ws, sc, &cx);
}

const nc_stage_rt *nc_pipeline_stage(const nc_pipeline_ws *ws, size_t i)
{
    return &ws->stages[i];
}

int nc_pipeline_replicate(nc_pipeline_ws *ws, const nc_scenario *sc, uint64_t seed,
                          uint64_t rep, int point, const double *u, double *out,
                          double *trials_run, nc_error *err)
{
    draw_ctx cx = {{ws->r, seed, rep, point, u}, point, err};
    nc_trial_ctx tc = {ws->r, seed, rep, point};
    int rc = draw_all(ws, sc, &cx);
    *trials_run = 0.0;
    for (size_t i = 0; i < sc->n_stages && !rc; i++) {
        rc = run_stage(&tc, sc, i, ws, out + nc_row_of_stage(i) * NC_M__COUNT, err);
        *trials_run += (double)ws->stages[i].trials;
    }
    if (!rc)
        pipeline_total(sc, ws, out);
    return rc;
}
