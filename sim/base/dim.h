/*
 * dim.h - the dimensions of quantities and a field's plausible values (types only; the
 * dimensions' canonical units are listed in units.h).
 */
#ifndef NC_DIM_H
#define NC_DIM_H

typedef enum nc_dim {
    NC_DIM_NONE = 0,
    NC_DIM_TIME,
    NC_DIM_POWER,
    NC_DIM_ENERGY,
    NC_DIM_MASS,
    NC_DIM_CI,
    NC_DIM_MONEY,
    NC_DIM_USD_PER_H,
    NC_DIM_USD_PER_KWH,
    NC_DIM__COUNT
} nc_dim;

/* What a field's values plausibly are, in the canonical unit: from 'lo' to 'hi', about
 * 'typical'; 0 is also plausible when 'zero_ok' ("none"). See ranges.h. */
typedef struct nc_plausible {
    double lo, typical, hi;
    int zero_ok;
} nc_plausible;

#endif
