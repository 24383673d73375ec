# tornado.gp - one-at-a-time sensitivity (`nascost sensitivity`): the metric with every input
# at its median (the vertical line), then each input alone at its P5 (light bar) and at its
# P95 (hatched bar), the input's value written at the bar's end; the inputs that move it
# most at the top.
#
# Expects: datafile (input_p5, input_p95, at_p5, at_p95, input_unit, input; a header line;
# ranked by swing), row_label (the inputs), row_text and row_note (their P5 and P95 as text),
# title_text, xlabel_text, baseline (the metric with every input at its median).

stats datafile skip 1 using 3 nooutput
rows = STATS_records
a_lo = STATS_min
a_hi = STATS_max
stats datafile skip 1 using 4 nooutput
lo = (STATS_min < a_lo ? STATS_min : a_lo)
hi = (STATS_max > a_hi ? STATS_max : a_hi)
lo = lo < baseline ? lo : baseline
hi = hi > baseline ? hi : baseline
span = hi > lo ? hi - lo : 1
x_lo = lo - 0.3 * span          # room for the values at the bars' ends
x_hi = hi + 0.3 * span

set label 90 title_text at screen 0.5, screen 0.96 center font ",20"
set tmargin 6
set xlabel xlabel_text
set yrange [rows - 0.5 : -0.5]
set xrange [x_lo : x_hi]
set ytics out nomirror font ",15"
set xtics out nomirror
eval sprintf("set xtics (%s)", ticks(x_lo, x_hi, 4))
set grid xtics
set key at screen 0.5, screen 0.905 center top horizontal samplen 2 width 1 font ",15"
set arrow 1 from baseline, graph 0 to baseline, graph 1 nohead lw 2 lc rgb oi_black front

bar = 0.34
do for [fmt in formats] {
    eval "set terminal ".terminal_for(fmt)
    set output outbase.".".fmt
    plot datafile skip 1 using (baseline):0:(baseline < $3 ? baseline : $3):(baseline < $3 ? $3 : baseline):($0 - bar):($0 + bar):ytic(row_label[int($0) + 1]) \
             with boxxyerror fs solid 0.6 border lc rgb oi_black lc rgb oi_sky \
             title "input at its P5", \
         '' skip 1 using (baseline):0:(baseline < $4 ? baseline : $4):(baseline < $4 ? $4 : baseline):($0 - bar):($0 + bar) \
             with boxxyerror fs pattern 4 border lc rgb oi_black lc rgb oi_vermillion \
             title "input at its P95", \
         keyentry with lines lw 2 lc rgb oi_black title "every input at its median", \
         '' skip 1 using ($3 > baseline ? $3 : NaN):0:(row_text[int($0) + 1]) with labels left \
             offset 0.4, 0 font ",13" notitle, \
         '' skip 1 using ($3 > baseline ? NaN : $3):0:(row_text[int($0) + 1]) with labels right \
             offset -0.4, 0 font ",13" notitle, \
         '' skip 1 using ($4 > baseline ? $4 : NaN):0:(row_note[int($0) + 1]) with labels left \
             offset 0.4, 0 font ",13" notitle, \
         '' skip 1 using ($4 > baseline ? NaN : $4):0:(row_note[int($0) + 1]) with labels right \
             offset -0.4, 0 font ",13" notitle
    set output
}
