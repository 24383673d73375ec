# sweep-line.gp - a sweep of one numeric input (`sweep --vary PATH=...`): the metric's
# median along it, with the P5-P95 band.
#
# Expects: datafile (x, p5, p50, p95; a header line), title_text, xlabel_text, ylabel_text.

stats datafile skip 1 using 4 nooutput
y_top = STATS_max > 0 ? STATS_max * 1.08 : 1

set label 90 title_text at screen 0.5, screen 0.955 center font ",20"
set tmargin 4
set xlabel xlabel_text
set ylabel ylabel_text
set yrange [0 : y_top]
eval sprintf("set ytics (%s)", ticks(0, y_top, 6))
set grid xtics ytics
set key top left reverse Left samplen 2 spacing 1.2
set offsets graph 0.02, graph 0.02, 0, 0

do for [fmt in formats] {
    eval "set terminal ".terminal_for(fmt)
    set output outbase.".".fmt
    plot datafile skip 1 using 1:2:4 with filledcurves fc rgb oi_sky fs solid 0.45 noborder \
             title "P5-P95", \
         '' skip 1 using 1:2 with lines lc rgb oi_blue lw 1.5 dt (6, 4) notitle, \
         '' skip 1 using 1:4 with lines lc rgb oi_blue lw 1.5 dt (6, 4) notitle, \
         '' skip 1 using 1:3 with linespoints lc rgb oi_black lw 3 pt 7 ps 1.2 \
             title "P50 (median)"
    set output
}
