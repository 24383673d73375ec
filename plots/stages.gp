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
