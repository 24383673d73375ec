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
