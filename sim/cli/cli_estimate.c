/* cli_estimate.c - how long a command will take, said before it starts (see cli_estimate.h). */
#include "cli/cli_estimate.h"

#include <math.h>
#include <stdio.h>

void nc_cli_estimate_add(nc_cli_estimate *e, const nc_cli_args *a, const nc_scenario *sc,
                         double replications)
{
    nc_estimate est;
    nc_error err;
    if (a->quiet || e->failed)
        return;
    if (nc_engine_estimate(&est, sc, &a->run, &err)) {
        e->failed = 1;
        return;
    }
    /* replications run in parallel, one per thread at a time */
    e->seconds += ceil(replications / est.threads) * est.seconds_per_rep;
    e->trials += replications * est.trials_per_rep;
    e->threads = est.threads;
}

/* "about 4 min", "about 2.5 h", "about 3 days". */
static void duration_text(char *out, size_t size, double s)
{
    if (s < 5400)
        snprintf(out, size, "about %.0f min", ceil(s / 60.0));
    else if (s < 48 * 3600.0)
        snprintf(out, size, "about %.1f h", s / 3600.0);
    else
        snprintf(out, size, "about %.0f days", s / 86400.0);
}

/* Plain digits below 10^5 ("4789"), else "2.0e9". */
static void count_text(char *out, size_t size, double n)
{
    if (n < 1e5) {
        snprintf(out, size, "%.0f", n);
        return;
    }
    int exp10 = (int)floor(log10(n));
    double mantissa = n / pow(10.0, exp10);
    if (mantissa >= 9.95) /* rounds up to 10.0 */
        mantissa /= 10.0, exp10++;
    snprintf(out, size, "%.1fe%d", mantissa, exp10);
}

/* 3.1e7 -> "31 M". */
static void rate_text(char *out, size_t size, double per_s)
{
    static const char *const prefix[] = {"", " k", " M", " G"};
    int i = 0;
    while (per_s >= 1000.0 && i < 3)
        per_s /= 1000.0, i++;
    snprintf(out, size, per_s >= 9.95 ? "%.0f%s" : "%.1f%s", per_s, prefix[i]);
}

void nc_cli_estimate_say(const nc_cli_estimate *e, const nc_cli_args *a, const char *what)
{
    char when[32], trials[32], rate[32];
    if (a->quiet || e->failed || !(e->seconds > NC_CLI_ESTIMATE_SAY_S))
        return;
    duration_text(when, sizeof when, e->seconds);
    count_text(trials, sizeof trials, e->trials);
    rate_text(rate, sizeof rate, e->trials / e->seconds);
    fprintf(stderr,
            "nascost: %s estimated to take %s (%s trials at ~%s trials/s on %d thread%s); "
            "Ctrl-C stops it\n",
            what, when, trials, rate, e->threads, e->threads == 1 ? "" : "s");
}

void nc_cli_estimate_one(const nc_cli_args *a, const nc_scenario *sc, double replications,
                         const char *what)
{
    nc_cli_estimate e = {0.0, 0.0, 0, 0};
    nc_cli_estimate_add(&e, a, sc, replications);
    nc_cli_estimate_say(&e, a, what);
}
