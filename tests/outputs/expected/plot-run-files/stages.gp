# stages.gp - a figure by nascost 0.1.0 (plots/common.gp and plots/stages.gp with the
# settings below). Redraw it in this directory: gnuplot stages.gp
# (writes stages.png, stages.svg, stages.pdf from stages.csv; gnuplot -e "formats='png'" stages.gp
# for one format).
if (!exists("outbase")) outbase = 'stages'
if (!exists("formats")) formats = "png svg pdf"
datafile = 'stages.csv'
caption = 'lisa-rnd: One paper' . "'" . 's research and development: 4,789 jobs over six months · seed 7 · 100 replications · nascost 0.1.0'
title_text = 'CO₂e per stage of lisa-rnd'
xlabel_text = 'CO₂e (kg)'
array row_label[1] = ['grid-searches']
array row_text[1] = ['42,949 [32,679 - 55,156] kg']
array row_note[1] = ['']

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

# stages.gp - each stage's median as a bar with its P5-P95 whisker (and the total, hatched,
# when the pipeline has several stages).
#
# Expects: datafile (total (0/1), p5, p50, p95, stage; a header line), row_label and
# row_text (per row: the stage's name, the band as text), title_text, xlabel_text.

stats datafile skip 1 using 4 nooutput
rows = STATS_records
x_hi = STATS_max
stats datafile skip 1 using 2 nooutput
x_lo = STATS_min < 0 ? STATS_min * 1.1 : 0
stats datafile skip 1 using 1 nooutput
has_total = STATS_max > 0.5
x_top = x_hi > 0 ? x_hi * 1.75 : 1         # room on the right for the numbers

set label 90 title_text at screen 0.5, screen 0.955 center font ",20"
set tmargin 4
set xlabel xlabel_text
set xrange [x_lo : x_top]
set yrange [rows - 0.5 : -1.1]             # the first stage at the top, the key above it
set ytics out nomirror
set xtics out nomirror
eval sprintf("set xtics (%s)", ticks(x_lo, x_top, 6))
set grid xtics
set key inside top right horizontal samplen 2 width 1

bar = 0.3
do for [fmt in formats] {
    eval "set terminal ".terminal_for(fmt)
    set output outbase.".".fmt
    plot datafile skip 1 using (0):0:(0):($1 > 0.5 ? NaN : $3):($0 - bar):($0 + bar):ytic(row_label[int($0) + 1]) \
             with boxxyerror fs solid 0.6 border lc rgb oi_black lc rgb oi_sky title "median", \
         '' skip 1 using (0):0:(0):($1 > 0.5 ? $3 : NaN):($0 - bar):($0 + bar) \
             with boxxyerror fs pattern 4 border lc rgb oi_black lc rgb oi_vermillion \
             title (has_total ? "total (median)" : ""), \
         '' skip 1 using 3:0:2:4 with xerrorbars lc rgb oi_black lw 2 pt 7 ps 0.8 \
             title "P5-P95", \
         '' skip 1 using 4:0:(" ".row_text[int($0) + 1]) with labels left offset 0.5, 0 \
             font ",15" notitle
    set output
}
