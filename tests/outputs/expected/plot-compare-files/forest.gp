# forest.gp - a figure by nascost 0.1.0 (plots/common.gp and plots/forest.gp with the
# settings below). Redraw it in this directory: gnuplot forest.gp
# (writes forest.png, forest.svg, forest.pdf from forest.csv; gnuplot -e "formats='png'" forest.gp
# for one format).
if (!exists("outbase")) outbase = 'forest'
if (!exists("formats")) formats = "png svg pdf"
datafile = 'forest.csv'
caption = 'compare of whatif-grid-search · seed 7 · 300 replications, common random numbers · nascost 0.1.0'
title_text = 'Total CO₂e: each run, and its paired difference from grid-search'
xlabel_text = 'total CO₂e (kg)'
diff_xlabel_text = 'difference from grid-search (kg)'
label_chars = 11
array row_label[2] = ['grid-search', 'asha']
array row_text[2] = ['', '']
array row_note[2] = ['', '']

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

# forest.gp - runs compared with common random numbers (`compare`, `sweep`): on the left each
# run's median and P5-P95 band; on the right the paired difference from the first run,
# replication by replication, with P(lower), the probability that the run is below the first,
# written above each difference.
#
# Expects: datafile (index, p5, p50, p95, diff_p5, diff_p50, diff_p95, p_lower, run; a header
# line; the first run's differences NaN), row_label (the runs' labels), title_text,
# xlabel_text, diff_xlabel_text, label_chars (the longest label, for the left margin).

stats datafile skip 1 using 2 nooutput
rows = STATS_records
v_lo = STATS_min
stats datafile skip 1 using 4 nooutput
v_hi = STATS_max
d_lo = 0
d_hi = 0
if (rows > 1) {
    stats datafile skip 1 every ::1 using 5 nooutput
    d_lo = STATS_min < 0 ? STATS_min : 0
    stats datafile skip 1 every ::1 using 7 nooutput
    d_hi = STATS_max > 0 ? STATS_max : 0
}
v_span = v_hi > v_lo ? v_hi - v_lo : (v_hi != 0 ? abs(v_hi) : 1)
d_span = d_hi > d_lo ? d_hi - d_lo : 1
left = label_chars * 0.0125 + 0.05
left = left > 0.42 ? 0.42 : left
middle = rows > 1 ? left + (0.97 - left) * 0.5 : 1.0   # one run: no difference to show

set yrange [rows - 0.5 : -0.5]
set xtics out nomirror
set ytics out nomirror
set grid xtics
set tmargin at screen 0.86
set label 102 "dot: median; bar: P5-P95 over the replications" at screen 0.5, screen 0.895 \
    center font ",14" textcolor rgb "#555555"
set bmargin at screen 0.17

do for [fmt in formats] {
    eval "set terminal ".terminal_for(fmt)
    set output outbase.".".fmt
    set multiplot title title_text font ",20"

    set lmargin at screen left
    set rmargin at screen middle - 0.03
    set xrange [v_lo - 0.08 * v_span : v_hi + 0.08 * v_span]
    eval sprintf("set xtics (%s)", ticks(v_lo - 0.08 * v_span, v_hi + 0.08 * v_span, 3))
    set xlabel xlabel_text
    set ytics out nomirror
    unset arrow 1
    unset label 103
    plot datafile skip 1 using 3:0:2:4:ytic(row_label[int($0) + 1]) with xerrorbars lc rgb oi_black lw 2 pt 7 \
        ps 1.2 notitle

    if (rows > 1) {  # (gnuplot 5.4.4 crashes on labels whose points are all NaN)
        set lmargin at screen middle + 0.02
        set rmargin at screen 0.97
        set xrange [d_lo - 0.08 * d_span : d_hi + 0.08 * d_span]
        eval sprintf("set xtics (%s)", ticks(d_lo - 0.08 * d_span, d_hi + 0.08 * d_span, 3))
        set xlabel diff_xlabel_text
        unset ytics
        set arrow 1 from 0, graph 0 to 0, graph 1 nohead lw 1.5 dt (4, 4) lc rgb oi_grey back
        if (d_hi > 0) {
            set label 103 "baseline" at first 0, first 0 left offset 0.5, 0 textcolor rgb oi_grey
        } else {
            set label 103 "baseline" at first 0, first 0 right offset -0.5, 0 textcolor rgb oi_grey
        }
        plot datafile skip 1 using 6:0:5:7 with xerrorbars lc rgb oi_vermillion lw 2 pt 5 \
                 ps 1.1 notitle, \
             '' skip 1 using ($0 == 0 ? NaN : $6):($0 - 0.22):(sprintf("P(lower) %.2f", $8)) \
                 with labels center font ",14" notitle
    }

    unset multiplot
    set output
}
