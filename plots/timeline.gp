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
