#!/usr/bin/env python3
"""make_profiles.py - build nascost's hourly carbon-intensity profiles (models/grids/*.csv).

Usage (from the repository root):

    python3 models/grids/make_profiles.py ../shared/reference/grid [OUTDIR]

SOURCE is the directory holding gb_neso_hourly_2019.csv ... gb_neso_hourly_2022.csv and
ci_shape_profiles.csv (see models/grids/README.md); OUTDIR defaults to this script's directory.
Python 3 standard library only. The output is deterministic: re-running it on the same input
gives byte-identical files.

Every output is a one-column CSV: the header line `kg_co2e_per_kwh`, then exactly 8760 values,
hour 0 = January 1 00:00 of a 365-day year (what sim/realism/profile.c loads).

- gb-YYYY.csv: NESO hourly GB carbon intensity, hours in UTC. February 29 of a leap year is
  dropped; a missing hour is filled by linear interpolation between its present neighbours
  (counted and printed). Duplicate timestamps, negative or non-numeric values are errors.
  Values are written with 3 decimals, as in the source.
- <zone>-2023-shape.csv: a SYNTHETIC "typical year" built from the 24 hour-of-day and 12 month
  multipliers of ci_shape_profiles.csv: annual mean x hour multiplier x month multiplier,
  renormalised so that the annual mean equals the source's annual mean exactly. Values are
  written in micro-kg (6 decimals), rounded by largest remainder so that the 8760 written
  decimals sum to exactly 8760 x the annual mean.
"""

import csv
import datetime
import os
import sys

HOURS = 8760
MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # a 365-day year
HEADER = "kg_co2e_per_kwh"
GB_YEARS = (2019, 2020, 2021, 2022)
# zone in ci_shape_profiles.csv -> output file
SHAPES = {
    "DE": "de-2023-shape.csv",
    "FR": "fr-2023-shape.csv",
    "US-CAL-CISO": "us-ciso-2023-shape.csv",
    "US-MIDA-PJM": "us-pjm-2023-shape.csv",
}
SHAPE_YEAR = "2023"
MICRO = 10**6  # shape values are written in units of 1e-6 kg/kWh


class DataError(Exception):
    pass


def hour_of_365_year(stamp, year):
    """Hour index 0..8759 of 'stamp' in a 365-day year, or None for February 29."""
    if stamp.month == 2 and stamp.day == 29:
        return None
    day = sum(MONTH_DAYS[: stamp.month - 1]) + stamp.day - 1
    return day * 24 + stamp.hour


def read_gb(path, year):
    """Return (values: list of 8760 floats or None for a missing hour, rows, feb29_rows)."""
    values = [None] * HOURS
    rows = feb29 = 0
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        if len(header) != 2 or header[0] != "datetime" or "kg_CO2/kWh" not in header[1]:
            raise DataError(f"{path}: unexpected header {header}")
        for lineno, row in enumerate(reader, start=2):
            if len(row) != 2:
                raise DataError(f"{path}:{lineno}: expected 2 columns, got {row}")
            stamp = datetime.datetime.strptime(row[0], "%Y-%m-%d %H:%M:%S")
            if stamp.year != year or stamp.minute or stamp.second:
                raise DataError(f"{path}:{lineno}: timestamp {row[0]} not on an hour of {year}")
            try:
                value = float(row[1])
            except ValueError:
                raise DataError(f"{path}:{lineno}: not a number: {row[1]!r}") from None
            if not value >= 0.0 or value == float("inf"):
                raise DataError(f"{path}:{lineno}: not a non-negative finite number: {row[1]!r}")
            rows += 1
            hour = hour_of_365_year(stamp, year)
            if hour is None:
                feb29 += 1
                continue
            if values[hour] is not None:
                raise DataError(f"{path}:{lineno}: duplicate timestamp {row[0]}")
            values[hour] = value
    return values, rows, feb29


def fill_gaps(values):
    """Fill None entries by linear interpolation between the nearest present neighbours (the
    nearest present value at either end of the year). Returns the number of hours filled."""
    present = [i for i, v in enumerate(values) if v is not None]
    if not present:
        raise DataError("no values at all")
    filled = 0
    for i, v in enumerate(values):
        if v is not None:
            continue
        before = max((j for j in present if j < i), default=None)
        after = min((j for j in present if j > i), default=None)
        if before is None:
            values[i] = values[after]
        elif after is None:
            values[i] = values[before]
        else:
            w = (i - before) / (after - before)
            values[i] = values[before] + w * (values[after] - values[before])
        filled += 1
    return filled


def write_profile(path, lines):
    with open(path, "w", newline="\n") as f:
        f.write(HEADER + "\n")
        for line in lines:
            f.write(line + "\n")


def make_gb(src, out):
    for year in GB_YEARS:
        values, rows, feb29 = read_gb(os.path.join(src, f"gb_neso_hourly_{year}.csv"), year)
        missing = fill_gaps(values)
        lines = [f"{v:.3f}" for v in values]
        mean = sum(float(x) for x in lines) / HOURS
        name = f"gb-{year}.csv"
        write_profile(os.path.join(out, name), lines)
        print(f"{name}: {rows} source rows, {feb29} Feb 29 hours dropped, {missing} missing "
              f"hours interpolated; mean {mean:.6f} kg/kWh; min {min(values):.3f}, "
              f"max {max(values):.3f}")


def month_of_hour(hour):
    day = hour // 24
    for month, days in enumerate(MONTH_DAYS):
        if day < days:
            return month
        day -= days
    raise AssertionError(hour)


def round_to_sum(reals, total):
    """Round non-negative 'reals' to integers summing to the integer 'total' (largest
    remainder, ties to the earlier hour)."""
    floors = [int(x) for x in reals]
    short = total - sum(floors)
    if not 0 <= short <= len(reals):
        raise AssertionError(short)
    order = sorted(range(len(reals)), key=lambda i: (-(reals[i] - floors[i]), i))
    for i in order[:short]:
        floors[i] += 1
    return floors


def make_shapes(src, out):
    with open(os.path.join(src, "ci_shape_profiles.csv"), newline="") as f:
        rows = {(r["zone"], r["year"]): r for r in csv.DictReader(f)}
    for zone, name in SHAPES.items():
        row = rows[(zone, SHAPE_YEAR)]
        mean_g = row["annual_mean_gCO2_per_kWh"]
        hod = [float(row[f"h{h:02d}"]) for h in range(24)]
        month = [float(row[f"m{m:02d}"]) for m in range(1, 13)]
        raw = [hod[h % 24] * month[month_of_hour(h)] for h in range(HOURS)]
        # the annual mean as an exact integer in 1e-6 kg/kWh: "329.3" g/kWh -> 329300
        mean_micro = int(round(float(mean_g) * 1000))
        if abs(mean_micro - float(mean_g) * 1000) > 1e-6:
            raise DataError(f"{zone}: annual mean {mean_g} has more than 3 decimals")
        scale = mean_micro * HOURS / sum(raw)
        micro = round_to_sum([x * scale for x in raw], mean_micro * HOURS)
        lines = [f"{m // MICRO}.{m % MICRO:06d}" for m in micro]
        write_profile(os.path.join(out, name), lines)
        print(f"{name}: synthetic, annual mean {mean_micro / MICRO:.6f} kg/kWh "
              f"(source {mean_g} g/kWh, {row['basis']}); renormalisation factor "
              f"{HOURS / sum(raw):.6f}; min {min(micro) / MICRO:.6f}, max {max(micro) / MICRO:.6f}")


def main(argv):
    if len(argv) not in (2, 3):
        sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
        return 2
    src = argv[1]
    out = argv[2] if len(argv) == 3 else os.path.dirname(os.path.abspath(__file__))
    try:
        make_gb(src, out)
        make_shapes(src, out)
    except (DataError, OSError, KeyError, ValueError) as e:
        sys.stderr.write(f"make_profiles.py: error: {e}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
