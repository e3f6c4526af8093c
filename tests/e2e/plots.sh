#!/bin/sh
# plots.sh - every kind of `vmlab plot` renders: PNG, PDF and SVG that are
# what they claim (magic bytes, a real size, the PNG's dimensions from its
# IHDR chunk: 3.3 x 2.2 in or 7 x 2.6 in at 300 dpi), the .gp beside them
# runs on its own, and the .dat holds exactly the values of the JSON (means
# over seeds, hand-worked where the numbers are small). Missing values are
# named in a warning and their line left out.
. "$top_srcdir/tests/e2e/tap.sh"
plan 49

# png_size FILE: "WIDTHxHEIGHT" from the IHDR chunk (bytes 16..23, big-endian)
png_size() {
    od -An -tu1 -j16 -N8 "$1" | awk '{printf "%dx%d", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8}'
}
# figure DIR/NAME WxH: the three renderings are valid and the PNG has the size
figure() {
    f=$1
    [ "$(head -c 5 "$f.pdf")" = "%PDF-" ] || { echo "$f.pdf: not a PDF"; return 1; }
    tail -c 32 "$f.pdf" | grep -q '%%EOF' || { echo "$f.pdf: no %%EOF trailer"; return 1; }
    [ "$(od -An -c -N8 "$f.png" | tr -d ' ')" = '211PNG\r\n032\n' ] || { echo "$f.png: not a PNG"; return 1; }
    [ "$(png_size "$f.png")" = "$2" ] || { echo "$f.png: $(png_size "$f.png"), expected $2"; return 1; }
    grep -q '<svg' "$f.svg" && grep -q '</svg>' "$f.svg" || { echo "$f.svg: not a whole SVG"; return 1; }
    for x in pdf png svg; do
        [ "$(wc -c <"$f.$x")" -gt 4000 ] || { echo "$f.$x: only $(wc -c <"$f.$x") bytes"; return 1; }
    done
    [ -s "$f.gp" ] && [ -s "$f.dat" ] || { echo "$f: no .gp or .dat beside it"; return 1; }
}
ALL=pdf,png,svg

# ---- mrc: fault ratio against memory, a line per policy, seeds as error bars ----
cat >mrc.json <<'JSON'
{"name": "mrc", "workload": "zipf:pages=500,alpha=0.8,refs=5000",
 "policy": ["lru", "fifo", "opt"], "frames": [16, 32, 64, 128, 256], "seeds": [1, 2]}
JSON
"$VMLAB" run mrc.json -q -o mrc-out.json
ok "mrc: plot exits 0" "$VMLAB" plot mrc-out.json -o fig --format $ALL
ok "mrc: PDF, PNG (990x660: 3.3 x 2.2 in at 300 dpi), SVG" figure fig/mrc 990x660
ok "mrc: seeds drawn with error bars" grep -q 'with yerrorlines' fig/mrc.gp
ok "mrc: log2 axis over 16x of frames, tics labelled" grep -q '^set xtics ("16" 16 0' fig/mrc.gp
check=$(python3 - mrc-out.json fig/mrc.dat <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
blocks = open(sys.argv[2]).read().strip().split("\n\n\n")
got = {}
for b in blocks:
    lines = b.splitlines()
    pol = [l for l in lines if l.startswith("# block")][0].split(": ", 1)[1]
    got[pol] = [list(map(float, l.split())) for l in lines if not l.startswith("#")]
bad = []
for pol in ("lru", "fifo", "opt"):
    for f, row in zip((16, 32, 64, 128, 256), got[pol]):
        x = [r["metrics"]["fault_ratio"] for r in d["runs"]
             if r["params"]["policy"] == pol and r["params"]["frames"] == f]
        m = x[0] if min(x) == max(x) else sum(x) / len(x)
        cell = [c for c in d["summary"]["cells"]
                if c["params"]["policy"] == pol and c["params"]["frames"] == f][0]
        ci = cell["stats"]["metrics.fault_ratio"]["ci95"]
        if row[0] != f or row[1] != m or abs(row[2] - (m - ci)) > 1e-15 or abs(row[3] - (m + ci)) > 1e-15:
            bad.append("%s %d: %r, expected %r %r" % (pol, f, row, m, ci))
print(" ".join(sorted(got)), len(sum(got.values(), [])), bad or "exact")
PY
)
is "mrc: the .dat holds each policy's mean fault ratio and its interval, exactly" "$check" \
    "fifo lru opt 15 exact"
ok "mrc --size page: 7 x 2.6 in" "$VMLAB" plot mrc-out.json -o page --format png --size page --kind mrc
is "...a 2100x780 PNG" "$(png_size page/mrc.png)" "2100x780"
ok "mrc: the .gp renders on its own, in its folder" sh -c "cd fig && '$GNUPLOT' -e \"fmt='png'; base='again'\" mrc.gp && test -s again.png"
ok "--no-title: no title, no key title" sh -c "'$VMLAB' plot mrc-out.json -o nt --format png --no-title && ! grep -q 'title \"zipf\"' nt/mrc.gp"
ok "--format svg writes SVG only" sh -c "'$VMLAB' plot mrc-out.json -o svgonly --format svg && test -s svgonly/mrc.svg && test ! -e svgonly/mrc.png"

# ---- belady: faults against frames as steps, the anomaly circled ----
"$VMLAB" run "$top_srcdir/experiments/belady.json" -q -o belady.json
ok "belady: chosen for a small frame sweep" "$VMLAB" plot belady.json -o bel --format $ALL
ok "belady: PDF, PNG, SVG" figure bel/belady 990x660
# worked by hand on 1,2,3,4,1,2,5,1,2,3,4,5 with 1..7 frames
is "belady: FIFO's faults" "$(awk '/^# block 0/{b=1} /^# block 1/{b=0} b && !/^#/ && NF {printf "%s ", $2}' bel/belady.dat)" \
    "12 12 9 10 5 5 5 "
is "belady: LRU's" "$(awk '/^# block 1/{b=1} /^# block 2/{b=0} b && !/^#/ && NF {printf "%s ", $2}' bel/belady.dat)" \
    "12 12 10 8 5 5 5 "
is "belady: OPT's" "$(awk '/^# block 2/{b=1} /^# block 3/{b=0} b && !/^#/ && NF {printf "%s ", $2}' bel/belady.dat)" \
    "12 9 7 6 5 5 5 "
is "belady: the anomaly: FIFO with 4 frames faults more (10) than with 3" \
    "$(awk '/^# block 3/{b=1} b && !/^#/ && NF' bel/belady.dat)" "4 10"
ok "belady: steps, and the anomaly in the key" sh -c "grep -q 'with steps' bel/belady.gp && grep -q 'title \"anomaly\"' bel/belady.gp"
ok "belady: titled by its reference string" grep -q 'refs 1,2,3,4,1,2,5,1,2,3,4,5' bel/belady.gp

# ---- bars: faults per policy by workload, relative to OPT on the same seed ----
cat >bars.json <<'JSON'
{"name": "bars", "workload": ["loop:pages=40,refs=2000", "zipf:pages=200,alpha=0.9,refs=2000"],
 "policy": ["opt", "lru", "fifo"], "frames": 32, "seeds": [1, 2]}
JSON
"$VMLAB" run bars.json -q -o bars-out.json
ok "bars: chosen for several workloads" "$VMLAB" plot bars-out.json -o bars --format $ALL
ok "bars: PDF, PNG, SVG" figure bars/bars 990x660
check=$(python3 - bars-out.json bars/bars.dat <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
rows = [l for l in open(sys.argv[2]) if not l.startswith("#") and l.strip()]
out = []
for w, row in zip(("loop", "zipf"), rows):
    vals = row.split('"')[2].split()
    for i, pol in enumerate(("lru", "fifo")):
        ratios = []
        for seed in (1, 2):
            f = {r["params"]["policy"]: r["metrics"]["faults"] for r in d["runs"]
                 if r["params"]["workload_name"] == w and r["params"]["seed"] == seed}
            ratios.append(f[pol] / f["opt"])
        m = ratios[0] if min(ratios) == max(ratios) else sum(ratios) / 2
        out.append("ok" if float(vals[2 * i]) == m else "%s/%s %s != %r" % (w, pol, vals[2 * i], m))
print(" ".join(r.split('"')[1] for r in rows), out)
PY
)
is "bars: per workload, LRU's and FIFO's faults over OPT's, seed by seed, averaged" "$check" \
    "loop zipf ['ok', 'ok', 'ok', 'ok']"
# loop over 40 pages with 32 frames: LRU and FIFO fault on every reference, OPT far less
like "bars: on the loop LRU is worse than OPT" "$(awk -F'"' '/^"loop"/ {print $3}' bars/bars.dat | awk '{print ($1 > 1.5)}')" '^1$'
ok "bars: relative to opt, the line at 1" sh -c "grep -q 'faults relative to opt' bars/bars.gp && grep -q 'first 1 to graph 1, first 1' bars/bars.gp"
ok "bars --baseline none: faults as they are" sh -c "'$VMLAB' plot bars-out.json -o raw --format png --kind bars --baseline none && grep -q 'set ylabel \"faults\"' raw/bars.gp"
is "...three bars per workload (opt too)" "$(awk -F'"' '/^"loop"/ {print $3}' raw/bars.dat | wc -w)" "6"

# ---- tlb and cycles: the translation object (hand-made runs, tests/data/translation.json) ----
tr="$top_srcdir/tests/data/translation.json"
ok "tlb, cycles: chosen for runs with translation" "$VMLAB" plot "$tr" -o tr --format $ALL
ok "tlb: PDF, PNG, SVG" figure tr/tlb 990x660
ok "cycles: PDF, PNG, SVG (a taller figure: 2.4 in)" figure tr/cycles 990x720
# mean MPKI over seeds 1, 2 (misses per 1000 of 1000 refs); structures a configuration
# lacks are '?' (no bar); ci95 of two values a, b: t(0.975, 1) |a - b| / 2 = 12.7062 x 5
is "tlb: structures by configuration" "$(grep -v '^#' tr/tlb.dat | awk '{printf "%s %s %s %s %s|", $1, $2, $4, $6, $8}')" \
    '"L1d-4K" 125 ? 610 ?|"L2" 45 5 410 105|"L1d-2M" ? 25 ? 305|'
like "tlb: the interval of graph 4K's L1d (120, 130): 63.531" "$(awk '/^"L1d-4K"/ {print $3}' tr/tlb.dat)" '^63\.531023'
like "tlb: configurations named by what varies" "$(sed -n 3p tr/tlb.dat)" \
    '"graph, 4K pages" ci95 "graph, 2M pages" ci95 "gups, 4K pages" ci95 "gups, 2M pages" ci95'
# cycles per reference = mean cycles / 1000 refs: graph 4K: tlb_hit 1, pwc 2 x 45 / 1000, walk 4500 / 1000
is "cycles: per reference, by part" "$(awk -F'"' '/^"graph, 4K pages"/ {print $3}' tr/cycles.dat)" \
    " 1 0.09 4.5 0 0 0 0"
ok "cycles: stacked; parts that are 0 everywhere left out of the key" \
    sh -c "grep -q rowstacked tr/cycles.gp && grep -q 'title \"walk mem\"' tr/cycles.gp && ! grep -q 'title \"shootdown\"' tr/cycles.gp"
ok "--where narrows the configurations" "$VMLAB" plot "$tr" -o tr4 --format png --kind tlb --where page_size=4K
is "...to the 4K ones" "$(grep -c '^"' tr4/tlb.dat)" "2"

# ---- calibration: the document `vmlab calibrate -o` writes ----
cal="$top_srcdir/tests/data/calibration.json"
ok "calibration: recognised by its schema" "$VMLAB" plot "$cal" -o cal --format $ALL
ok "calibration: a figure per page size" sh -c "test -s cal/calibration-4K.png && test -s cal/calibration-2M.png"
ok "calibration-4K: PDF, PNG, SVG (2.4 in)" figure cal/calibration-4K 990x720
is "calibration: the .dat is the curve (pages, measured, min, max, dense, model)" \
    "$(grep -v '^#' cal/calibration-4K.dat | sed -n '5p;6p;8p' | tr '\n' '|')" \
    "16 1.5 1.25 2 1.5 1.5|32 3.5 3.25 4 1.5 3.5|128 9.5 9.25 10 1.5 9.5|"
is "calibration: the inferred capacities marked" "$(grep -c '^set arrow .* nohead dt 3' cal/calibration-4K.gp) $(grep -o 'set label [0-9] "[0-9]*"' cal/calibration-4K.gp | tr '\n' ' ')" \
    '2 set label 1 "16" set label 2 "64" '
exits "calibration: --kind mrc is refused" 2 "$VMLAB" plot "$cal" -o x --kind mrc

# ---- missing or non-numeric values: named, and their line left out ----
python3 - mrc-out.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for i, r in enumerate(d["runs"]):
    if r["params"]["policy"] == "fifo" and r["params"]["frames"] == 64 and r["params"]["seed"] == 2:
        r["metrics"]["fault_ratio"] = "n/a"
        bad = i
json.dump(d, open("bad-value.json", "w"))
print(bad)
PY
ok "a non-numeric value: the plot still exits 0" "$VMLAB" plot bad-value.json -o bv --format png --kind mrc
warn=$("$VMLAB" plot bad-value.json -o bv --format png --kind mrc 2>&1 >/dev/null)
like "...a warning names the run, the metric and what is left out" "$warn" \
    '^vmlab plot: bad-value.json: metrics.fault_ratio is missing or not a number in \$\.runs\[[0-9]+\] \("n/a"\): the line of fifo in mrc left out$'
is "...and the .dat has no FIFO line" "$(grep '^# block' bv/mrc.dat | cut -d' ' -f4 | tr '\n' ' ')" "lru opt "
python3 -c '
import json; d = json.load(open("mrc-out.json"))
for r in d["runs"]: del r["metrics"]["fault_ratio"]
json.dump(d, open("bad-none.json", "w"))'
exits "nothing left to draw: exit 2" 2 "$VMLAB" plot bad-none.json -o bn --kind mrc

# ---- usage errors ----
exits "an unknown kind: exit 2" 2 "$VMLAB" plot mrc-out.json --kind pie
exits "an unknown format: exit 2" 2 "$VMLAB" plot mrc-out.json --format gif
exits "tlb of runs without translation: exit 2" 2 "$VMLAB" plot mrc-out.json -o x --kind tlb
is "...saying why" "$("$VMLAB" plot mrc-out.json -o x --kind tlb 2>&1)" \
    "vmlab plot: mrc-out.json: tlb: no run has translation.tlb (runs carry it when an MMU is modelled)"
done_testing
