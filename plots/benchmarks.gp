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
