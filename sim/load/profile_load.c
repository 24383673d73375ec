/* profile_load.c - a site's hourly carbon-intensity profile (see profile_load.h). */
#include "load/profile_load.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "base/text.h"
#include "load/input_load.h"
#include "load/schema.h"
#include "realism/profile.h"

static int profile_path(char *out, size_t size, const nc_scenario *sc, const nc_node *node,
                        const char *name)
{
    size_t len = strlen(name);
    int n;
    if (len > 4 && strcmp(name + len - 4, ".csv") == 0) {
        const char *slash = strrchr(node->file, '/');
        n = name[0] == '/' || !slash
                ? snprintf(out, size, "%s", name)
                : snprintf(out, size, "%.*s/%s", (int)(slash - node->file), node->file, name);
    } else
        n = snprintf(out, size, "%s/grids/%s.csv", sc->catalog->dir, name);
    return n > 0 && (size_t)n < size ? 0 : -1;
}

int nc_profile_load_site(nc_scenario *sc, nc_site *site, const nc_node *ci, nc_error *err)
{
    static const char *const keys[] = {"profile", "scale", NULL};
    char path[PATH_MAX], input_path[300];
    const nc_node *name = nc_node_get(ci, "profile"), *scale = nc_node_get(ci, "scale");
    const char *text;
    if (ci->kind != NC_NODE_MAP || !name)
        return 0;
    int rc = nc_schema_keys(ci, keys, "an hourly carbon-intensity profile", err);
    if (!rc)
        rc = nc_schema_text(&text, name, "a profile name", err);
    if (!rc && profile_path(path, sizeof path, sc, name, text))
        rc = nc_node_error(err, name, NC_EINPUT, "profile path too long");
    if (!rc && (rc = nc_profile_load(&site->profile, path, err)) == NC_EIO)
        rc = nc_node_error(err, name, NC_EINPUT,
                           "no hourly profile '%s' (looked for %s; the shipped ones are in "
                           "models/grids/)",
                           nc_quote(text).text, nc_quote(path).text);
    else if (rc == NC_EINPUT && err->line == 0) /* not a regular file, or too large */
        rc = nc_node_error(err, name, NC_EINPUT, "the hourly profile '%s': %s", nc_quote(path).text,
                           err->message);
    snprintf(input_path, sizeof input_path, "sites.%s.carbon_intensity.scale", site->name);
    if (!rc && scale)
        rc = nc_input_load(&site->ci_scale, scale, input_path, NC_DIM_NONE, &NC_DOMAIN_NONNEG,
                           err);
    else if (!rc && !(site->ci_scale = nc_input_new_fixed(input_path, NC_DIM_NONE, 1.0)))
        rc = nc_error_set(err, NC_ENOMEM, "out of memory");
    sc->calendar = 1;
    return rc ? rc : 1;
}
