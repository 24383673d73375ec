# distribution.gp - a figure by nascost 0.1.0 (plots/common.gp and plots/distribution.gp with the
# settings below). Redraw it in this directory: gnuplot distribution.gp
# (writes distribution.png, distribution.svg, distribution.pdf from distribution.csv; gnuplot -e "formats='png'" distribution.gp
# for one format).
if (!exists("outbase")) outbase = 'distribution'
if (!exists("formats")) formats = "png svg pdf"
datafile = 'distribution.csv'
caption = 'lisa-rnd: One paper' . "'" . 's research and development: 4,789 jobs over six months · seed 7 · 100 replications · nascost 0.1.0'
title_text = 'Total CO₂e of lisa-rnd'
xlabel_text = 'total CO₂e (kg)'
p5 = 32679.316015827044
p50 = 42949.236205005349
p95 = 55155.546669242642
p5_text = 'P5 32,679 kg'
p50_text = 'P50 42,949 kg'
p95_text = 'P95 55,156 kg'
equiv_text = 'Total CO₂e equals' . "\n" . "\n" . '0.751 [0.572 - 0.965]' . "\n" . '   car lifetimes (incl. fuel)' . "\n" . "\n" . '47.7 [36.3 - 61.3]' . "\n" . '   round-trip flights NY-SF, one' . "\n" . '   passenger' . "\n" . "\n" . '8.59 [6.54 - 11.0]' . "\n" . '   years of an average person' . "\n" . "\n" . '2.62 [1.99 - 3.36]' . "\n" . '   years of an average American' . "\n" . "\n" . '9.34 [7.10 - 12.0]' . "\n" . '   years of driving a US car'

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

# distribution.gp - how a metric is spread over the replications: a histogram, with the P5,
# P50 and P95 marked and, for CO2e, the equivalents of the total (models/equivalents.yaml).
#
# Expects (set by nascost above): datafile (bin_low, bin_high, bin_mid, replications,
# share_pct; a header line), title_text, xlabel_text, p5, p50, p95 and p5_text, p50_text,
# p95_text (the marks and their labels), equiv_text ("" for none; lines split by \n).

stats datafile skip 1 using 5 nooutput
peak = STATS_max
stats datafile skip 1 using 1 nooutput
x_lo = STATS_min
stats datafile skip 1 using 2 nooutput
x_hi = STATS_max
x_pad = (x_hi - x_lo) * 0.04

set label 90 title_text at screen 0.5, screen 0.955 center font ",20"
set tmargin 7.5
set xlabel xlabel_text
set ylabel "share of replications (%)"
set xrange [x_lo - x_pad : x_hi + x_pad]
set yrange [0 : peak * 1.08]
set xtics out nomirror
eval sprintf("set xtics (%s)", ticks(x_lo - x_pad, x_hi + x_pad, 5))
set ytics out nomirror
set grid ytics

# P5 and P95 dashed in vermillion, P50 solid black: told apart without colour.
set arrow 1 from p5, graph 0 to p5, graph 1 nohead lw 2 dt (8, 5) lc rgb oi_vermillion front
set arrow 2 from p50, graph 0 to p50, graph 1 nohead lw 3 dt 1 lc rgb oi_black front
set arrow 3 from p95, graph 0 to p95, graph 1 nohead lw 2 dt (8, 5) lc rgb oi_vermillion front
set label 1 p5_text at p5, graph 1.06 center textcolor rgb oi_vermillion
set label 2 p50_text at p50, graph 1.15 center
set label 3 p95_text at p95, graph 1.06 center textcolor rgb oi_vermillion
if (p95 <= p5) {    # one value (a point estimate): the median alone
    unset arrow 1
    unset arrow 3
    unset label 1
    unset label 3
}

# The equivalents in a column on the right, beside the histogram.
if (strlen(equiv_text) > 0) {
    set rmargin at screen 0.64
    set label 4 equiv_text at screen 0.67, graph 0.97 left front font ",15"
}

set style fill solid 0.6 border lc rgb oi_black
set boxwidth 1.0 relative

do for [fmt in formats] {
    eval "set terminal ".terminal_for(fmt)
    set output outbase.".".fmt
    plot datafile skip 1 using 3:5:($2 - $1) with boxes lc rgb oi_sky
    set output
}
