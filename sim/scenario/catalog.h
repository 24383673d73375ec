/*
 * catalog.h - the data beside the code (models/): accelerators, grids, PUE and electricity
 * price presets, and CO2e equivalents, each value with its source.
 *
 * Every value is an uncertain input like a scenario's, with a path of its own
 * ("hardware.v100-sxm2.power_fraction"), so two stages on the same hardware share its
 * per-replication draws. A scenario may override any field under its `catalog:` key.
 * Loading it from models/ is load/catalog_load.h; here are its data and lookups.
 */
#ifndef NC_CATALOG_H
#define NC_CATALOG_H

#include <stddef.h>

#include "base/error.h"
#include "scenario/input.h"
#include "scenario/text_pool.h"

/* One line of an entry's `sources:`: the key of the value it speaks for ("tdp") and its text. */
typedef struct nc_source {
    const char *key;
    nc_written text;
} nc_source;

/* A catalog entry as written, captured when the catalog is loaded: what `nascost catalog`
 * shows and the report cites. */
typedef struct nc_catalog_entry {
    const char *id, *name;
    const char *year;       /* as written; NULL when not given */
    const char *listing;    /* its keys and values, one per line, each indented two spaces
                               more than its parent, as `nascost catalog NAME` prints them */
    const char *file;       /* where the entry (its value) is written */
    int line;
    const char **aliases;
    size_t n_aliases;
    nc_source *sources;     /* each scalar of its `sources:`, in the order written */
    size_t n_sources;
} nc_catalog_entry;

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
    nc_catalog_entry entry;    /* the entry as written, with its sources */
} nc_hardware;

/* A named value: a grid's carbon intensity, a PUE preset, an electricity price. */
typedef struct nc_preset {
    const char *id, *name;
    nc_input *value;
    nc_catalog_entry entry;
} nc_preset;

typedef struct nc_equivalent {
    const char *id, *name, *per;
    const char *label; /* how a table counts them ("car lifetimes"); NULL: JSON only */
    double co2e_kg;
    nc_catalog_entry entry;
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
    nc_hardware *hardware;
    size_t n_hardware;
    nc_preset *presets[NC_CAT__COUNT]; /* GRIDS, PUE, PRICES (others unused) */
    size_t n_presets[NC_CAT__COUNT];
    nc_equivalent *equivalents;
    size_t n_equivalents;
    nc_catalog_name *names[NC_CAT__COUNT]; /* every id and alias of a part, sorted by name */
    size_t n_names[NC_CAT__COUNT];
    const char **overrides[NC_CAT__COUNT]; /* the keys of a scenario's `catalog:` overrides,
                                              per part, as written (an id or an alias) */
    size_t n_overrides[NC_CAT__COUNT];
    nc_text_pool text;            /* every string above */
} nc_catalog;

/* The key a catalog part has in YAML ("hardware", "grids", "pue", "electricity_price",
 * "equivalents"). */
const char *nc_catalog_part_key(nc_catalog_part part);

/* What an entry of a part is called in messages ("hardware", "grid", "PUE preset",
 * "electricity price", "equivalent"). */
const char *nc_catalog_part_what(nc_catalog_part part);

/* Free a catalog (nc_catalog_load, load/catalog_load.h). NULL does nothing. */
void nc_catalog_free(nc_catalog *cat);

/* Look up an accelerator by id or alias; NULL if none. */
const nc_hardware *nc_catalog_hardware(const nc_catalog *cat, const char *name);

/* Look up a grid, PUE preset or electricity price by id or alias; NULL if none. */
const nc_preset *nc_catalog_preset(const nc_catalog *cat, nc_catalog_part part,
                                   const char *name);

/* The number of entries of part 'part'. */
size_t nc_catalog_count(const nc_catalog *cat, nc_catalog_part part);

/* Entry 'i' (< nc_catalog_count) of part 'part', as written. */
const nc_catalog_entry *nc_catalog_entry_at(const nc_catalog *cat, nc_catalog_part part,
                                            size_t i);

/* The source entry 'e' gives for its value 'key' ("tdp"), or NULL. */
const nc_written *nc_catalog_source(const nc_catalog_entry *e, const char *key);

/* The name of 'names' (n of them, sorted by name) that is 'name', or NULL. */
const nc_catalog_name *nc_catalog_find_name(const nc_catalog_name *names, size_t n,
                                            const char *name);

/* 1 when 'file' is one of the catalog's own files (not a scenario's `catalog:` override). */
int nc_catalog_has_file(const nc_catalog *cat, const char *file);

/* The directory holding models/ and scenarios/: $NASCOST_DATA, else the install prefix's
 * share/nascost next to the running binary, else the source tree it was built from. */
const char *nc_catalog_data_dir(void);

#endif
