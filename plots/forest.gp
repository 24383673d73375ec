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
