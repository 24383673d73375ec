/* scenario_load.c - from a merged document to a validated nc_scenario (see scenario_load.h). */
#include "load/scenario_load.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/input_list.h"
#include "base/names.h"
#include "load/catalog_load.h"
#include "load/pricing_load.h"
#include "load/scenario_doc.h"
#include "load/scenario_realism.h"
#include "load/schema.h"
#include "load/site_load.h"
#include "load/stage_load.h"

static const char *const TOP_KEYS[] = {
    "scenario", "title",  "source",  "description", "seed",     "replications", "sites",
    "pricing",  "stages", "catalog", "start",       "deadline", "embodied",     NULL};

static int load_header(nc_scenario *sc, const nc_node *root, nc_error *err)
{
    const nc_node *node = nc_node_get(root, "scenario");
    int64_t v;
    int rc = nc_schema_keys(root, TOP_KEYS, "the scenario", err);
    if (!rc && !node)
        rc = nc_node_error(err, root, NC_EINPUT,
                           "missing required key 'scenario' (every scenario has a short name, "
                           "e.g. 'scenario: my-search')");
    if (!rc)
        rc = nc_schema_text_copy(&sc->name, &sc->text, node, "the scenario's name", err);
    if (!rc && (node = nc_node_get(root, "title")))
        rc = nc_schema_text_copy(&sc->title, &sc->text, node, "a title", err);
    if (!rc && (node = nc_node_get(root, "source")))
        rc = nc_schema_text_copy(&sc->source, &sc->text, node, "a source", err);
    if (!rc)
        rc = nc_schema_written(&sc->description, &sc->text, root, "description", err);
    sc->seed = 1;
    if (!rc && (node = nc_node_get(root, "seed")) &&
        !(rc = nc_schema_int(&v, node, 0, INT64_MAX, "'seed'", err)))
        sc->seed = (uint64_t)v;
    sc->replications = 10000;
    if (!rc && (node = nc_node_get(root, "replications")))
        rc = nc_schema_int(&sc->replications, node, 1, NC_MAX_REPLICATIONS, "'replications'", err);
    if (!rc)
        rc = nc_realism_load_header(sc, root, err);
    return rc;
}

static void free_index(struct nc_names **ix)
{
    if (*ix)
        nc_names_free(*ix);
    free(*ix);
    *ix = NULL;
}

static int load_model(nc_scenario *sc, const nc_node *root, const nc_load_opts *opts, nc_error *err)
{
    char models[PATH_MAX];
    const nc_node *pricing;
    nc_pricing global = {.mode = NC_PRICE_NONE};
    int rc = load_header(sc, root, err);
    if (rc)
        return rc;
    if (opts && opts->models_dir)
        snprintf(models, sizeof models, "%s", opts->models_dir);
    else if (snprintf(models, sizeof models, "%s/models", nc_catalog_data_dir()) >=
             (int)sizeof models)
        return nc_error_set(err, NC_EINPUT, "data directory path too long");
    rc = nc_catalog_load(&sc->catalog, models, nc_node_get(root, "catalog"), err);
    if (!rc)
        rc = nc_site_load_all(sc, root, err);
    if (!rc && (pricing = nc_node_get(root, "pricing")))
        rc = nc_pricing_load(&global, pricing, "", err);
    if (!rc)
        rc = nc_stage_load_all(sc, root, &global, err);
    if (!rc)
        rc = nc_realism_bind_idle(sc, root, err);
    if (!rc)
        rc = nc_scenario_mark_used(sc, err);
    if (!rc)
        rc = nc_input_list_build(sc, err);
    nc_pricing_free(&global);
    free_index(&sc->site_index);
    free_index(&sc->stage_index);
    return rc;
}

/* The scenario of document 'tree' (freed here), read from 'file'; 'rc' the document's
 * loading. */
static int load_tree(nc_scenario **out, const char *file, nc_node *tree, int rc,
                     const nc_load_opts *opts, nc_error *err)
{
    nc_scenario *sc = calloc(1, sizeof *sc);
    *out = NULL;
    if (!sc || !(sc->file = malloc(strlen(file) + 1))) {
        free(sc);
        nc_node_free(tree);
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    }
    strcpy(sc->file, file);
    for (size_t i = 0; !rc && opts && i < opts->n_sets; i++)
        rc = nc_scenario_doc_set(tree, opts->sets[i], err);
    for (size_t i = 0; !rc && opts && i < opts->n_overrides; i++)
        rc = nc_scenario_doc_override(tree, &opts->overrides[i], err);
    if (!rc)
        rc = load_model(sc, tree, opts, err);
    nc_node_free(tree);
    if (rc) {
        nc_scenario_free(sc);
        return rc;
    }
    *out = sc;
    return 0;
}

int nc_scenario_read(nc_scenario **out, const char *path, const nc_load_opts *opts, nc_error *err)
{
    nc_node *tree = NULL;
    int rc = nc_scenario_doc_load(&tree, path, err);
    return load_tree(out, path, tree, rc, opts, err);
}

int nc_scenario_read_text(nc_scenario **out, const char *text, const char *name,
                          const nc_load_opts *opts, nc_error *err)
{
    nc_node *tree = NULL;
    int rc = nc_scenario_doc_load_text(&tree, text, name, err);
    return load_tree(out, name, tree, rc, opts, err);
}
