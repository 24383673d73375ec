# timeline.gp - a figure by nascost 0.1.0 (plots/common.gp and plots/timeline.gp with the
# settings below). Redraw it in this directory: gnuplot timeline.gp
# (writes timeline.png, timeline.svg, timeline.pdf from timeline.csv; gnuplot -e "formats='png'" timeline.gp
# for one format).
if (!exists("outbase")) outbase = 'timeline'
if (!exists("formats")) formats = "png svg pdf"
datafile = 'timeline.csv'
caption = 'lisa-rnd: One paper' . "'" . 's research and development: 4,789 jobs over six months · seed 7 · 100 replications · nascost 0.1.0'
title_text = 'Cumulative CO₂e of lisa-rnd over the calendar'
ylabel_text = 'cumulative CO₂e (kg)'
deadline = 180
note_text = 'each trial' . "'" . 's CO₂e (operational and embodied) spread over the hours it ran'

# common.gp - what every nascost figure shares. nascost writes each figure's script as
# its settings (file names, texts, numbers), then this file, then the figure's own file
# (distribution.gp, stages.gp, ...), so that the script it leaves beside the figure redraws
# it on its own: `cd DIR && gnuplot distribution.gp`.
#
# Expects: formats ("png svg pdf" or a subset), caption (small line at the bottom left).
#
# Text from a scenario, the catalog or a file name reaches these scripts only as the string
# variables nascost sets above them, each written by nc_cli_gp_string (single-quoted parts,
# so no backquote, @macro or escape in it is run or expanded); the scripts only draw those
# variables and never `eval` them or build commands from them: `eval` sees only numbers
# (the tick lists) and the terminal names below. Every terminal is noenhanced, so that
# "x_1^2 {a}" is drawn as typed.

set encoding utf8
set datafile separator comma

# The Okabe & Ito (2008) palette ("Color Universal Design", J*Fly), told apart by readers
# with every common colour-vision deficiency; figures also vary dash and fill so that they
# survive black-and-white printing.
oi_black = "#000000"
oi_orange = "#E69F00"
oi_sky = "#56B4E9"
oi_green = "#009E73"
oi_yellow = "#F0E442"
oi_blue = "#0072B2"
oi_vermillion = "#D55E00"
oi_purple = "#CC79A7"
oi_grey = "#888888"

# 1200 x 800 pixels with 18-point text for slides; the PDF is 9 x 6 inches with the same
# proportions (fontscale 0.6 keeps text the same size relative to the page).
terminal_for(fmt) = \
    fmt eq "png" ? "pngcairo size 1200,800 noenhanced font 'Sans,18' linewidth 2" : \
    fmt eq "svg" ? "svg size 1200,800 noenhanced font 'Sans,18' linewidth 2 background '#ffffff'" : \
    "pdfcairo size 9in,6in noenhanced font 'Sans,18' linewidth 2 fontscale 0.6"

set border 3 lw 1 lc rgb oi_black
set tics nomirror out
set grid back lc rgb "#dddddd" lw 1 dt 1
set grid noxtics noytics
set key noautotitle
set label 100 caption at screen 0.01, screen 0.025 left font ",12" textcolor rgb "#555555"
set bmargin 5
set style textbox opaque fillcolor rgb "#ffffff" border lc rgb "#aaaaaa" margins 0.5, 0.5

# Tick labels with thousands separators ("40,000"; the C locale has none): ticks(lo, hi, n)
# gives about n ticks at 1, 2 or 5 times a power of ten, for `set xtics (...)`; lo < hi.
digits3(x) = sprintf("%03.0f", x)
thousands(x) = x < 1000 ? sprintf("%.0f", x) : \
    thousands(floor(x / 1000)) . "," . digits3(x - 1000 * floor(x / 1000))
grouped(x) = (x < 0 ? "-" : "") . thousands(abs(x))
nice_step(span, n) = (raw = span / n, mag = 10.0 ** floor(log10(raw)), \
    (raw / mag < 1.5 ? 1 : raw / mag < 3 ? 2 : raw / mag < 7 ? 5 : 10) * mag)
tick_text(v, step) = step >= 1 ? grouped(v) : sprintf("%g", abs(v) < step * 1e-9 ? 0 : v)
tick_list(v, hi, step) = sprintf("\"%s\" %.15g", tick_text(v, step), v) . \
    (v + step > hi + step * 1e-9 ? "" : ", " . tick_list(v + step, hi, step))
ticks(lo, hi, n) = (tick_step = nice_step(1.0 * hi - lo, n), \
    tick_list(ceil(1.0 * lo / tick_step) * tick_step, hi, tick_step))
# Ticks at each power of ten from lo to hi, for a logarithmic axis.
decade_ticks(lo, hi) = sprintf("\"%s\" %.15g", tick_text(lo, lo), lo) . \
    (lo * 10 > hi * 1.0001 ? "" : ", " . decade_ticks(lo * 10, hi))

# timeline.gp - the CO2e emitted by the end of each calendar day: P50 line, P5-P95 fan,
# and the deadline when the scenario has one.
#
# Expects: datafile (day, p5, p50, p95; a header line; day 0 first), title_text, ylabel_text,
# deadline (days; 0 for none), note_text (a second caption line).

stats datafile skip 1 using 1 nooutput
last_day = STATS_max
stats datafile skip 1 using 4 nooutput
y_top = STATS_max > 0 ? STATS_max * 1.05 : 1

set label 90 title_text at screen 0.5, screen 0.955 center font ",20"
set tmargin 4
set xlabel "days since the start"
set ylabel ylabel_text
set xrange [0 : (deadline > last_day ? deadline : last_day) * 1.02]
set yrange [0 : y_top]
eval sprintf("set ytics (%s)", ticks(0, y_top, 6))
set grid ytics
set key top left reverse Left samplen 2 spacing 1.2
set label 101 note_text at screen 0.01, screen 0.06 left font ",12" textcolor rgb "#555555"
set bmargin 6
if (deadline > 0) {
    set arrow 1 from deadline, graph 0 to deadline, graph 1 nohead lw 2 dt (3, 4) \
        lc rgb oi_vermillion front
    set label 1 sprintf("deadline: day %g", deadline) at deadline, graph 0.04 right \
        offset -0.5, 0 textcolor rgb oi_vermillion front
}

do for [fmt in formats] {
    eval "set terminal ".terminal_for(fmt)
    set output outbase.".".fmt
    plot datafile skip 1 using 1:2:4 with filledcurves fc rgb oi_sky fs solid 0.45 noborder \
             title "P5-P95", \
         '' skip 1 using 1:2 with lines lc rgb oi_blue lw 1.5 dt (6, 4) notitle, \
         '' skip 1 using 1:4 with lines lc rgb oi_blue lw 1.5 dt (6, 4) notitle, \
         '' skip 1 using 1:3 with lines lc rgb oi_black lw 3 title "P50 (median)"
    set output
}
