#!/bin/sh
# plot.sh - `vmlab plot`: a miss-ratio-curve figure in PDF, PNG and SVG, with
# the .gp script and .dat data beside it; the data are the run's values; a
# results file with a missing value is refused, not drawn wrong.
. "$top_srcdir/tests/e2e/tap.sh"
plan 10

"$VMLAB" sim --refs 1,2,3,4,1,2,5,1,2,3,4,5 --policy fifo,opt --frames 1-5 --json >r.json
ok "plot exits 0" "$VMLAB" plot r.json -o fig --format pdf,png,svg --kind mrc
ok "PDF written" test -s fig/mrc.pdf
ok "PNG written" test -s fig/mrc.png
ok "SVG written" test -s fig/mrc.svg
is "PDF magic" "$(head -c 4 fig/mrc.pdf)" "%PDF"
is "PNG magic" "$(od -An -c -N4 fig/mrc.png | tr -d ' ')" "211PNG"
like "SVG is SVG" "$(head -c 400 fig/mrc.svg)" '<svg'
ok "the gnuplot script is kept beside the figure" test -s fig/mrc.gp
# FIFO on Belady's string, frames 1..5: faults 12 12 9 10 5 (ratios /12)
fifo=$(awk '!/^#/ && NF {printf "%s %.6g ", $1, $2}' fig/mrc.dat | cut -d' ' -f1-10)
is "the .dat holds FIFO's fault ratios (12 12 9 10 5 of 12)" "$fifo" "1 1 2 1 3 0.75 4 0.833333 5 0.416667"

sed 's/"fault_ratio": [0-9.e-]*/"fault_ratio": "n\/a"/' r.json >bad.json
exits "a non-numeric value is refused (exit 2)" 2 "$VMLAB" plot bad.json -o badfig --kind mrc
done_testing
