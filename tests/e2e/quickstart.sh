#!/bin/sh
# quickstart.sh - the README's first command, end to end: the two vmlab
# commands scripts/quickstart runs after building (run the quick-start
# experiment, plot it) give the results and figures the README promises.
. "$top_srcdir/tests/e2e/tap.sh"
plan 8

grep -q '^\./vmlab run experiments/quickstart.json -o out/quickstart.json$' "$top_srcdir/scripts/quickstart" &&
    grep -q '^\./vmlab plot out/quickstart.json -o out/quickstart --format pdf,png$' "$top_srcdir/scripts/quickstart"
ok "scripts/quickstart runs the commands tested here" test $? = 0

ok "vmlab run experiments/quickstart.json" "$VMLAB" run "$top_srcdir/experiments/quickstart.json" -q -o out/quickstart.json
is "...40 runs: 5 policies x 8 sizes" \
    "$(python3 -c 'import json; print(len(json.load(open("out/quickstart.json"))["runs"]))')" "40"
ok "vmlab plot out/quickstart.json" "$VMLAB" plot out/quickstart.json -o out/quickstart --format pdf,png
ok "out/quickstart/mrc.pdf is a PDF" sh -c '[ "$(head -c 5 out/quickstart/mrc.pdf)" = "%PDF-" ]'
is "out/quickstart/mrc.png is a 990x660 PNG" \
    "$(od -An -tu1 -j16 -N8 out/quickstart/mrc.png | awk '{printf "%dx%d", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8}')" \
    "990x660"
is "the figure has a line per policy, 8 points each" \
    "$(awk '/^# block/ {printf "%s ", $4} !/^#/ && NF {n++} END {print n}' out/quickstart/mrc.dat)" \
    "opt lru clock:flush=true fifo random 40"
# OPT is a lower bound: at every size its fault ratio is the smallest
ok "OPT's line lies under every other" python3 -c '
import json
d = json.load(open("out/quickstart.json"))
by = {}
for r in d["runs"]:
    by.setdefault(r["params"]["frames"], {})[r["params"]["policy"]] = r["metrics"]["fault_ratio"]
assert all(v["opt"] == min(v.values()) for v in by.values()), by'
done_testing
