/* cli_report_sources.c - the report's equivalents and inputs, each with its source (see
 * cli_report_sources.h). */
#include "cli/cli_report_sources.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli_html.h"
#include "output/output_format.h"
#include "scenario/catalog.h"

/* The total CO2e in the catalog's labelled yardsticks, each with its source. */
void nc_cli_report_equivalents(FILE *f, const nc_cli_page *pg)
{
    const nc_scenario *sc = nc_cli_page_scenario(pg);
    const nc_catalog *cat = sc->catalog;
    const nc_summary *co2 = nc_report_get(pg->rep, NC_ROW_TOTAL, NC_M_CO2E_KG);
    fputs("<section id=\"equivalents\" aria-labelledby=\"equivalents-h\">\n"
          "<h2 id=\"equivalents-h\">Equivalents</h2>\n",
          f);
    if (!cat->n_equivalents || co2->p95 <= 0) {
        fputs("<p>No equivalents: the catalog has none, or the pipeline emits nothing.</p>\n"
              "</section>\n",
              f);
        return;
    }
    int band = !pg->rep->res->point; /* a point estimate has none */
    fprintf(f,
            "<p>The total CO\u2082e in everyday yardsticks (%s), each with the CO\u2082e of one "
            "unit and its source.</p>\n<div class=\"table-wrap\"><table>\n<thead><tr><th "
            "scope=\"col\">The total equals</th><th scope=\"col\" class=\"num\">%s</th>%s<th "
            "scope=\"col\">One of them</th><th scope=\"col\">Source</th></tr></thead>\n<tbody>\n",
            band ? "median and P5\u2013P95 band" : "every input at its nominal value",
            band ? "Median" : "Value",
            band ? "<th scope=\"col\" class=\"num\">P5\u2013P95</th>" : "");
    double factor;
    const char *unit;
    nc_output_scale(&factor, &unit, NC_M_CO2E_KG, pg->rep->mass_unit, NULL);
    for (size_t i = 0; i < cat->n_equivalents; i++) {
        const nc_equivalent *e = &cat->equivalents[i];
        if (!e->label)
            continue;
        nc_summary s = nc_stats_scale(co2, e->co2e_kg);
        const nc_written *src = nc_catalog_source(&e->entry, "co2e");
        fputs("<tr><th scope=\"row\">", f);
        nc_cli_html(f, e->label);
        fputs("</th><td class=\"num\">", f);
        nc_cli_html_number(f, s.p50);
        if (band) {
            fputs("</td><td class=\"num\">", f);
            nc_cli_html_band(f, -1, &s);
        }
        fputs("</td><td>", f);
        nc_cli_html(f, e->name);
        fputs(": ", f);
        nc_cli_html_number(f, e->co2e_kg * factor);
        nc_cli_html_unit(f, unit);
        fputs("</td><td class=\"source\">", f);
        if (src)
            nc_cli_html_source(f, src->text, src->file, src->line);
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody>\n</table></div>\n</section>\n", f);
}

/* Where input 'in' comes from: the catalog entry's name, year and source; or the scenario's
 * file and line; or the command line; or nascost's default. */
static void write_provenance(FILE *f, const nc_input_info *in)
{
    if (in->from_catalog) {
        fputs("<span class=\"origin\">catalog</span> ", f);
        nc_cli_html(f, in->catalog_name ? in->catalog_name : in->path);
        if (in->catalog_year) {
            fputs(", ", f);
            nc_cli_html(f, in->catalog_year);
        }
        fputs(". ", f);
        if (in->source)
            nc_cli_html_source(f, in->source, in->source_file, in->source_line);
        else
            nc_cli_html_where(f, in->file, in->line);
    } else if (in->file && !strcmp(in->file, "<command line>"))
        fputs("<span class=\"origin\">command line</span> set with <code>--set</code>", f);
    else if (in->file) {
        fputs("<span class=\"origin\">scenario</span> from the scenario (", f);
        nc_cli_html_where(f, in->file, in->line);
        fputs(")", f);
    } else
        fputs("<span class=\"origin\">default</span> nascost's default for this field", f);
}

/* One row of the inputs table. */
static void write_input(FILE *f, const nc_input_info *in)
{
    char text[512];
    size_t len, ulen = strlen(in->unit);
    snprintf(text, sizeof text, "%s", in->distribution);
    len = strlen(text);
    if (ulen && len > ulen + 1 && !strcmp(text + len - ulen, in->unit) &&
        text[len - ulen - 1] == ' ')
        text[len - ulen - 1] = '\0'; /* the unit has a column of its own */
    fputs("<tr><th scope=\"row\"><code>", f);
    nc_cli_html(f, in->path);
    fputs("</code></th><td>", f);
    nc_cli_html(f, text);
    fputs("</td><td class=\"num\">", f);
    nc_cli_html_number(f, in->nominal);
    fputs("</td><td>", f);
    nc_cli_html(f, in->unit);
    fputs("</td><td class=\"source\">", f);
    write_provenance(f, in);
    fputs("</td></tr>\n", f);
}

/* Every input the scenario uses (nc_scenario_input), with its provenance. */
void nc_cli_report_inputs(FILE *f, const nc_cli_page *pg)
{
    const nc_scenario *sc = nc_cli_page_scenario(pg);
    nc_input_info in;
    fputs("<section id=\"inputs\" aria-labelledby=\"inputs-h\">\n<h2 id=\"inputs-h\">Inputs "
          "and sources</h2>\n<p>Every input the run used, in canonical units (h, W, kWh, kg, "
          "kg/kWh, USD): its distribution as resolved, the nominal value a point estimate "
          "would use, and where it comes from. Catalog values give their source and year; "
          "<span class=\"unverified\">unverified</span> marks a figure no source backs.</p>\n"
          "<div class=\"table-wrap\"><table class=\"inputs\">\n<thead><tr><th "
          "scope=\"col\">Input</th><th scope=\"col\">Distribution</th><th scope=\"col\" "
          "class=\"num\">Nominal</th><th scope=\"col\">Unit</th><th "
          "scope=\"col\">Source</th></tr></thead>\n<tbody>\n",
          f);
    for (size_t i = 0; i < nc_scenario_input_count(sc) && !ferror(f); i++)
        if (!nc_scenario_input(&in, sc, i, NULL))
            write_input(f, &in);
    fputs("</tbody>\n</table></div>\n</section>\n", f);
}
