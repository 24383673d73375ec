/*
 * profile.h - hourly carbon-intensity profiles: one 365-day year of 8,760 values, repeated
 * (DESIGN.md, "Pipeline realism": time-varying carbon intensity).
 *
 * Time. The engine's calendar starts at t = 0 (hours). A profile is indexed by hour of year
 * 0..8759 (hour 0 = January 1 00:00 in the profile's own time zone: UTC for the GB files,
 * local standard time for the Electricity Maps shapes; see models/grids/README.md). A caller
 * says which hour of the year t = 0 falls on with 'offset_h' (any finite real; it is reduced
 * modulo 8,760, and may be fractional). Within an hour the intensity is constant, so the
 * emissions of a constant load P (kW) over [t0, t1] are P x nc_profile_integral(...).
 *
 * File format (the .csv files in models/grids/), decided here:
 *   - the first line that is not blank or a comment is the header, exactly `kg_co2e_per_kwh`
 *     (surrounding blanks allowed): it pins the unit, so a file in g/kWh cannot be read as
 *     kg/kWh by mistake;
 *   - then exactly 8,760 lines of one number each, hour 0 first: decimal, finite, >= 0 and
 *     at most NC_PROFILE_CI_MAX (kg/kWh); NaN, infinities and hexadecimal are refused;
 *   - blank lines and lines whose first non-blank character is '#' are skipped anywhere (they
 *     are not hours, but line numbers in messages count them); CRLF line ends and a UTF-8
 *     byte-order mark are accepted.
 * A leap year's file must drop February 29 (models/grids/make_profiles.py does).
 *
 * The per-trial functions (nc_profile_integral, nc_profile_best_start) are O(1), pure and
 * allocate nothing; nc_profile_argmin_window is run once per window, before the trials.
 */
#ifndef NC_PROFILE_H
#define NC_PROFILE_H

#include "base/error.h"

#define NC_PROFILE_HOURS  8760 /* one 365-day year */
#define NC_PROFILE_HEADER "kg_co2e_per_kwh"
/*
 * Largest accepted value, kg/kWh: a guard against files in g/kWh, not a source. Coal, the most
 * carbon-intensive generation, emits 0.74-0.91 kg/kWh over its life cycle (IPCC AR5 WG3
 * Annex III, Table A.III.2, pulverised coal, median 0.82), so a grid hour above 3 kg/kWh is
 * a unit error.
 */
#define NC_PROFILE_CI_MAX 3.0

typedef struct nc_profile {
    char *name;                          /* the path it was loaded from (owned) */
    double ci[NC_PROFILE_HOURS];         /* kg CO2e/kWh during hour h of the year */
    double prefix[NC_PROFILE_HOURS + 1]; /* prefix[i] = ci[0] + ... + ci[i-1], kg/kWh x h */
    double mean;                         /* annual mean, prefix[8760] / 8760, kg/kWh */
} nc_profile;

/*
 * Load the profile at 'path' (format above) into a new *out. Returns 0; NC_EIO if the file
 * cannot be opened or read; NC_EINPUT for a malformed file, with the position (file, line,
 * col) of the fault in 'err': a missing or different header, a value that is not a number,
 * NaN or infinite, negative, above NC_PROFILE_CI_MAX, a second column, more than 8,760 values
 * (at the first extra one) or fewer (at the end of the file: "has 8759 hours, expected 8760
 * (one 365-day year)"); NC_ENOMEM. *out is NULL on failure. Free with nc_profile_free.
 */
int nc_profile_load(nc_profile **out, const char *path, nc_error *err);

/* Free 'p' and its name. NULL does nothing. */
void nc_profile_free(nc_profile *p);

/*
 * The integral of the intensity over the calendar interval [t0, t1] (hours after t = 0),
 * where t = 0 is hour 'offset_h' of the profile's year and the year repeats: kg/kWh x h.
 * O(1) from the prefix sums, for any number of whole years and fractional ends. Returns 0
 * when t1 <= t0 (t1 < t0 is a caller's bug and asserts in debug builds). The absolute
 * rounding error is a few ulps of prefix[8760] x (1 + (t1 - t0) / 8760).
 */
double nc_profile_integral(const nc_profile *p, double offset_h, double t0, double t1);

/*
 * Carbon-aware scheduling, step 1: for a window of 'window_h' hours (>= 0), fill
 * 'delay_out[h]' (8,760 entries) for each hour h of the year with the offset k in
 * 0..window_h of the lowest-intensity hour among h, h + 1, ..., h + window_h (the year
 * wrapping), the earliest on ties. A window of 8,759 hours or more sees every hour of the
 * year, so it is treated as 8,759. O(8,760 + window) with a monotonic deque (D. Lemire,
 * "Streaming maximum-minimum filter using no more than three comparisons per element",
 * Nordic Journal of Computing 13(4):328-339, 2006). Returns 0; NC_EINPUT for a negative
 * window; NC_ENOMEM (it allocates one scratch array, freed before it returns).
 */
int nc_profile_argmin_window(const nc_profile *p, int window_h, int *delay_out, nc_error *err);

/*
 * Carbon-aware scheduling, step 2: the start time (hours after t = 0) of a trial that may
 * start at 't' or later but no later than t + window_h, using the table 'delay' that
 * nc_profile_argmin_window filled for that window: the start of the lowest-intensity hour
 * among the hours that [t, t + window_h] touches, or 't' itself when that is t's own hour.
 * The result lies in [t, t + window_h]. It picks the cleanest hour to START in; it does not
 * look at how long the trial runs. 'p' is the profile the table was built from (debug builds
 * check the table against it). O(1); allocates nothing.
 */
double nc_profile_best_start(const nc_profile *p, const int *delay, double offset_h, double t);

#endif
