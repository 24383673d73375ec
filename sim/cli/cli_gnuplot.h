/*
 * cli_gnuplot.h - where a command's figures go and how they are drawn (cli_gnuplot.c): finds
 * gnuplot, runs it in the output directory on NAME.gp, and renames what it wrote into place
 * (a figure is complete or absent); and gnuplot's SVG made fit to inline in a page. Figures
 * flow one way: the command (cli_plot.c, cli_report.c) gets the figures' objects
 * (figure_run.h, figure_analysis.h), the figure files (cli_figure_kit.h, cli_figures_run.h,
 * cli_figures_analysis.h) word them and write NAME.csv and NAME.gp, this file draws them.
 */
#ifndef NC_CLI_GNUPLOT_H
#define NC_CLI_GNUPLOT_H

#include <stddef.h>
#include <stdio.h>

#include "cli/cli_common.h" /* nc_error */

#define NC_CLI_PATH_MAX    4096 /* bytes of a path the figure files build */
#define NC_CLI_MAX_FIGURES 8    /* figure names a plotter remembers (a run draws at most 4) */

/* Where figures go and how they are drawn: one per command, filled by nc_cli_plotter_init. */
typedef struct nc_cli_plotter {
    const char *dir;               /* where the figures go */
    char gnuplot[NC_CLI_PATH_MAX]; /* the executable, or "" when there is none */
    const char *wanted;            /* what was looked for ("gnuplot on PATH", $NASCOST_GNUPLOT) */
    const char *formats;           /* NULL: png, svg and pdf; or a subset such as "svg" */
    int list;                      /* print each figure written */
    size_t written, drawn;         /* figures whose data and script were written; drawn */
    char names[NC_CLI_MAX_FIGURES][32]; /* the figures written, in order */
} nc_cli_plotter;

/*
 * Make directory 'dir' if needed and set 'p' up to draw into it: gnuplot is looked for at
 * $NASCOST_GNUPLOT when set, else on PATH ('p->gnuplot' stays "" when there is none); all three
 * formats; 'list' prints each figure written. NC_EIO when the directory cannot be made.
 */
int nc_cli_plotter_init(nc_cli_plotter *p, const char *dir, int list, nc_error *err);

/*
 * Run gnuplot on DIR/NAME.gp in DIR (fork and exec, no shell), telling it to write each of
 * p->formats into a new private directory DIR/NAME.partial-XXXXXX (mkdtemp), from which they
 * are renamed to DIR/NAME.EXT only when gnuplot succeeded and each is a regular file and not
 * empty; the directory is then removed. No name gnuplot opens can be a link planted by
 * someone else. NC_EIO naming the script (gnuplot failed: its messages are on standard error)
 * or the missing image.
 */
int nc_cli_gnuplot_draw(const nc_cli_plotter *p, const char *name, nc_error *err);

/* Remove directory 'dir' and the files in it (a directory nascost made for its own files). */
void nc_cli_remove_dir(const char *dir);

/*
 * Without gnuplot, tell standard error that the figures written were not drawn, where their
 * data and scripts are, and how to install gnuplot. Returns 1 when it said so (gnuplot missing
 * and something written), else 0 and prints nothing.
 */
int nc_cli_gnuplot_missing(const nc_cli_plotter *p);

/*
 * Write gnuplot's SVG document 'svg' to 'f' as an element of an HTML page: its XML
 * declaration, doctype and comments dropped; namespace declarations dropped (the HTML parser
 * puts <svg> in the SVG namespace); every id and in-page reference (href="#ID", url(#ID))
 * prefixed with 'prefix' and a dash, so that several figures share a page; the root given
 * role="img" and 'label' as its accessible name and <title> (gnuplot's own says "Gnuplot"; the
 * tooltips "gnuplot_plot_N" of untitled plots are dropped). 'label' must be HTML-escaped
 * already. Text between tags is copied as it is: gnuplot escapes '<' and '&' in it, so every
 * '<' starts a tag, and every tag is checked. NC_EIO, and part of the element written, when
 * the SVG has an element that runs or loads anything (script, style, a, image, animations...),
 * an event handler, a reference outside itself, or is not what gnuplot writes.
 */
int nc_cli_gnuplot_svg(FILE *f, const char *svg, const char *prefix, const char *label,
                       nc_error *err);

#endif
