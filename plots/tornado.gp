# tornado.gp - one-at-a-time sensitivity (`nascost sensitivity`): the metric with every input
# at its median, then each input alone at its P5 (light bar) and at its P95 (hatched bar);
# the inputs that move it most at the top.
#
# Expects: datafile (input_p5, input_p95, at_p5, at_p95, input_unit, input; a header line;
# ranked by swing), row_text (per row: the input and its P5 and P95), title_text,
# xlabel_text, baseline (the metric with every input at its median).

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

set title title_text font ",20"
set xlabel xlabel_text
set yrange [rows - 0.5 : -0.5]
set xrange [lo - 0.1 * span : hi + 0.1 * span]
set ytics out nomirror font ",14"
set xtics out nomirror
eval sprintf("set xtics (%s)", ticks(lo - 0.1 * span, hi + 0.1 * span, 6))
set grid xtics
set key bottom right samplen 2 spacing 1.2 opaque box
set arrow 1 from baseline, graph 0 to baseline, graph 1 nohead lw 2 lc rgb oi_black front
set label 1 "every input at its median" at baseline, graph 1.03 center font ",14"

bar = 0.34
do for [fmt in formats] {
    eval "set terminal ".terminal_for(fmt)
    set output outbase.".".fmt
    plot datafile skip 1 using (baseline):0:(baseline < $3 ? baseline : $3):(baseline < $3 ? $3 : baseline):($0 - bar):($0 + bar):ytic(row_text[int($0) + 1]) \
             with boxxyerror fs solid 0.6 border lc rgb oi_black lc rgb oi_sky \
             title "input at its P5", \
         '' skip 1 using (baseline):0:(baseline < $4 ? baseline : $4):(baseline < $4 ? $4 : baseline):($0 - bar):($0 + bar) \
             with boxxyerror fs pattern 4 border lc rgb oi_black lc rgb oi_vermillion \
             title "input at its P95"
    set output
}
