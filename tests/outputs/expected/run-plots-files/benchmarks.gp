# benchmarks.gp - a figure by nascost 0.1.0 (plots/common.gp and plots/benchmarks.gp with the
# settings below). Redraw it in this directory: gnuplot benchmarks.gp
# (writes benchmarks.png, benchmarks.svg, benchmarks.pdf from benchmarks.csv; gnuplot -e "formats='png'" benchmarks.gp
# for one format).
if (!exists("outbase")) outbase = 'benchmarks'
if (!exists("formats")) formats = "png svg pdf"
datafile = 'benchmarks.csv'
caption = 'lisa-rnd: One paper' . "'" . 's research and development: 4,789 jobs over six months · seed 7 · 100 replications · nascost 0.1.0'
title_text = 'lisa-rnd beside everyday CO₂e'
note_text = 'yardsticks as in Strubell, Ganesh & McCallum 2019, Table 1 (models/equivalents.yaml)'
xlabel_text = 'CO₂e (kg), log scale'
log_axis = 1
array row_label[5] = ['Air travel, 1 passenger, NY↔SF', 'Human life, avg, 1 year', 'American life, avg, 1 year', 'lisa-rnd (P50, P5-P95)', 'Car, avg incl. fuel, 1 lifetime']
array row_text[5] = ['900 kg', '5,000 kg', '16,400 kg', '42,949 kg' . "\n" . 'P5-P95: 32,679 - 55,156', '57,153 kg']
array row_note[5] = ['', '', '', '', '']

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

# benchmarks.gp - the chart that made Strubell, Ganesh & McCallum (2019, Table 1) famous: a
# flight, a person's year, an American's year, a car's lifetime, and this pipeline with its
# P5-P95 band, as horizontal bars in ascending order.
#
# Expects: datafile (pipeline (0/1), co2e, p5, p95, what; a header line), row_label and
# row_text (per row: what it is, its CO2e as text), title_text, xlabel_text, note_text (a line above the caption), log_axis (1:
# logarithmic, when the bars span more than a factor of 50).

stats datafile skip 1 using 3 nooutput
rows = STATS_records
v_lo = STATS_min
stats datafile skip 1 using 4 nooutput
v_hi = STATS_max

set label 90 title_text at screen 0.5, screen 0.955 center font ",20"
set tmargin 4
set xlabel xlabel_text
set label 101 note_text at screen 0.01, screen 0.06 left font ",12" textcolor rgb "#555555"
set bmargin 6
set yrange [rows - 0.5 : -0.5]
set ytics out nomirror
set xtics out nomirror
set grid xtics
if (log_axis) {
    set logscale x
    x_min = 10.0 ** floor(log10(v_lo * 0.9))
    x_max = v_hi * 30
    eval sprintf("set xtics (%s)", decade_ticks(x_min, x_max))
    set mxtics 10
} else {
    x_min = 0
    x_max = v_hi * 1.7
    eval sprintf("set xtics (%s)", ticks(x_min, x_max, 6))
}
set xrange [x_min : x_max]

bar = 0.3
do for [fmt in formats] {
    eval "set terminal ".terminal_for(fmt)
    set output outbase.".".fmt
    plot datafile skip 1 using (x_min):0:(x_min):($1 > 0.5 ? NaN : $2):($0 - bar):($0 + bar):ytic(row_label[int($0) + 1]) \
             with boxxyerror fs solid 0.55 border lc rgb oi_black lc rgb oi_sky notitle, \
         '' skip 1 using (x_min):0:(x_min):($1 > 0.5 ? $2 : NaN):($0 - bar):($0 + bar) \
             with boxxyerror fs solid 0.85 border lc rgb oi_black lc rgb oi_vermillion notitle, \
         '' skip 1 using ($1 > 0.5 ? $2 : NaN):0:3:4 with xerrorbars lc rgb oi_black lw 2 pt 7 \
             ps 0.8 notitle, \
         '' skip 1 using ($1 > 0.5 ? $4 : $2):0:(" ".row_text[int($0) + 1]) with labels left \
             offset 0.5, 0 font ",15" notitle
    set output
}
