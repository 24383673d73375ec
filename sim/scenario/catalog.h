/*
 * catalog.h - the data beside the code (models/): accelerators, grids, PUE and electricity
 * price presets, and CO2e equivalents, each value with its source.
 *
 * Every value is an uncertain input like a scenario's, with a path of its own
 * ("hardware.v100-sxm2.power_fraction"), so two stages on the same hardware share its
 * per-replication draws. A scenario may override any field under its `catalog:` key.
 */
#ifndef NC_CATALOG_H
#define NC_CATALOG_H

#include <stddef.h>

#include "base/error.h"
#include "scenario/input.h"
#include "load/node.h"

typedef struct nc_hardware {
    const char *id, *name, *kind;
    long year;
    nc_input *tdp_w;           /* board power / TDP, W */
    nc_input *power_fraction;  /* typical training draw / TDP */
    nc_input *idle_w;          /* NULL when unknown */
    nc_input *speed;           /* relative training throughput, V100 = 1 */
    nc_input *embodied_kg;     /* kgCO2e per accelerator, host share included */
    nc_input *lifetime_h;
    nc_input *utilisation;     /* fraction of the lifetime in use */
    nc_input *price_on_demand; /* USD per accelerator-hour; NULL when not sold as cloud */
    nc_input *price_spot;
    nc_input *price_committed;
    const nc_node *node;       /* the entry as written, with its sources */
} nc_hardware;

/* A named value: a grid's carbon intensity, a PUE preset, an electricity price. */
typedef struct nc_preset {
    const char *id, *name;
    nc_input *value;
    const nc_node *node;
} nc_preset;

typedef struct nc_equivalent {
    const char *id, *name, *per;
    const char *label; /* how a table counts them ("car lifetimes"); NULL: JSON only */
    double co2e_kg;
    const nc_node *node;
} nc_equivalent;

typedef enum nc_catalog_part {
    NC_CAT_HARDWARE = 0,
    NC_CAT_GRIDS,
    NC_CAT_PUE,
    NC_CAT_PRICES,
    NC_CAT_EQUIVALENTS,
    NC_CAT__COUNT
} nc_catalog_part;

/* One name a catalog entry answers to: its id or one of its aliases. */
typedef struct nc_catalog_name {
    const char *name;
    size_t entry;     /* index in the part's array */
    const char *file; /* where the name is written */
    int line, col;
} nc_catalog_name;

typedef struct nc_catalog {
    char *dir;                    /* the models/ directory read */
    nc_node *files[4];            /* hardware, grids, sites, equivalents trees */
    nc_hardware *hardware;
    size_t n_hardware;
    nc_preset *presets[NC_CAT__COUNT]; /* GRIDS, PUE, PRICES (others unused) */
    size_t n_presets[NC_CAT__COUNT];
    nc_equivalent *equivalents;
    size_t n_equivalents;
    nc_catalog_name *names[NC_CAT__COUNT]; /* every id and alias of a part, sorted by name */
    size_t n_names[NC_CAT__COUNT];
} nc_catalog;

/* The key a catalog part has in YAML ("hardware", "grids", "pue", "electricity_price",
 * "equivalents"). */
const char *nc_catalog_part_key(nc_catalog_part part);

/*
 * Load the catalog from directory 'dir' (hardware.yaml, grids.yaml, sites.yaml,
 * equivalents.yaml). 'overrides' (may be NULL) is a scenario's `catalog:` mapping, merged over
 * the files before they are read: an override named by an alias of an entry (`v100:`) changes
 * that entry (`v100-sxm2`), as `hardware: v100` in a stage names it. Within a part, ids and
 * aliases must be unique: a new entry, or an alias, that takes a name another entry already
 * answers to is an error (it would silently shadow it). Errors are positioned where the value
 * at fault was written: in the scenario for what it overrides, else in the catalog's file.
 */
int nc_catalog_load(nc_catalog **out, const char *dir, const nc_node *overrides,
                    nc_error *err);

void nc_catalog_free(nc_catalog *cat);

/* Look up an accelerator by id or alias; NULL if none. */
const nc_hardware *nc_catalog_hardware(const nc_catalog *cat, const char *name);

/* Look up a grid, PUE preset or electricity price by id or alias; NULL if none. */
const nc_preset *nc_catalog_preset(const nc_catalog *cat, nc_catalog_part part,
                                   const char *name);

/* Record "unknown hardware 'a1000' (did you mean 'a100-pcie-40gb'?)" at 'node'. */
int nc_catalog_unknown(const nc_catalog *cat, nc_catalog_part part, const nc_node *node,
                       const char *name, nc_error *err);

/* The directory holding models/ and scenarios/: $NASCOST_DATA, else the install prefix's
 * share/nascost next to the running binary, else the source tree it was built from. */
const char *nc_catalog_data_dir(void);

#endif
