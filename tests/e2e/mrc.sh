#!/bin/sh
# mrc.sh - `vmlab mrc` (one-pass miss-ratio curves, issue 8): the curve of a
# reference string worked by hand, the same curve as simulating every size,
# the results document (valid against the schema), ranges up to the distinct
# pages of the real trace, SHARDS sampling with its error, "frames": "all" in
# an experiment, and errors that name the option.
. "$top_srcdir/tests/e2e/tap.sh"
plan 15

# Belady's string; LRU distances - - - - 4 4 - 3 3 5 5 5, OPT - - - - 2 3 - 2 3 4 5 2
# (tests/test_mrc.c works both by hand): faults = 5 first touches + distances > frames
out=$("$VMLAB" mrc --refs 1,2,3,4,1,2,5,1,2,3,4,5 --policy lru,opt)
is "the curve of Belady's string, every size from 1 to the 5 pages" "$out" "policy  frames  faults  fault ratio
------  ------  ------  -----------
lru          1      12     1.000000
lru          2      12     1.000000
lru          3      10     0.833333
lru          4       8     0.666667
lru          5       5     0.416667
opt          1      12     1.000000
opt          2       9     0.750000
opt          3       7     0.583333
opt          4       6     0.500000
opt          5       5     0.416667"

w='zipf:pages=500,alpha=0.8,refs=20000,writes=0.2'
"$VMLAB" mrc --workload "$w" --policy lru,opt,fifo >curve.txt
"$VMLAB" mrc --workload "$w" --policy lru,opt,fifo --simulate >simulated.txt
ok "one pass gives the table of simulating every size" cmp curve.txt simulated.txt
is "... all 3 x distinct-pages sizes" "$(wc -l <curve.txt)" "$((2 + 3 * $(grep -c '^lru' curve.txt)))"

"$VMLAB" mrc --workload "$w" --policy lru,opt --frames 1-600:25 --json >mrc.json
ok "--json exits 0" test -s mrc.json
like "runs carry their method" "$(cat mrc.json)" '"name": "opt-stack"'
if [ -n "${SCHEMA_PYTHON:-}" ]; then
    ok "the results document validates against the JSON Schema" "$SCHEMA_PYTHON" -c '
import json, sys, jsonschema
schema = json.load(open(sys.argv[1])); doc = json.load(open(sys.argv[2]))
jsonschema.Draft202012Validator.check_schema(schema)
jsonschema.validate(doc, schema, cls=jsonschema.Draft202012Validator)
runs = doc["runs"]
assert len(runs) == 2 * 25, len(runs)
assert [r["params"]["frames"] for r in runs[:3]] == [1, 26, 51]
assert runs[-1]["params"]["frames"] == 600
lru, opt = runs[0]["method"], runs[25]["method"]
frames = ["frames_end", "frames_avg", "frames_max"]  # frames held over time: no curve has them
assert lru["absent"] == frames and "writebacks" in runs[0]["metrics"]
assert opt["absent"] == ["writebacks"] + frames and "writebacks" not in runs[25]["metrics"]' \
        "$top_srcdir/results/vmlab-results-1.schema.json" mrc.json
else
    skip "the results document validates against the JSON Schema" "no Python with jsonschema"
fi

if [ -n "${SHARED_DATA:-}" ] && [ -f "$SHARED_DATA/cloudPhysicsIO.txt" ]; then
    out=$("$VMLAB" mrc "$SHARED_DATA/cloudPhysicsIO.txt" --frames 1-all:x4 | tail -3)
    # (vmlab sim of the trace at 4096 and 16384 frames: 92713 and 74972 faults)
    is "the real trace, sizes x4 up to its 48,974 pages" "$out" "lru       4096   92713     0.814186
lru      16384   74972     0.658388
lru      48974   48974     0.430079"
    out=$("$VMLAB" mrc "$SHARED_DATA/cloudPhysicsIO.txt" --frames 1000,20000,48000 --sample rate:0.1 --error | head -1)
    like "SHARDS at rate 0.1 reports its error" "$out" \
        '^lru: shards-fixed-rate, rate 0.1: 1[0-9]{4} of 113872 references sampled; mean absolute error of the miss ratio 0\.0[0-9]+$'
else
    skip "the real trace, sizes x4 up to its 48,974 pages" "SHARED_DATA not set"
    skip "SHARDS at rate 0.1 reports its error" "SHARED_DATA not set"
fi

cat >exp.json <<'JSON'
{"name": "curve", "workload": "loop:pages=20,refs=400", "policy": ["lru", "fifo"], "frames": "all"}
JSON
"$VMLAB" run exp.json -o exp.out.json -q
ok "an experiment with \"frames\": \"all\" runs" test -s exp.out.json
is "... 20 sizes for each policy" "$(grep -c '"frames": [0-9]' exp.out.json)" "40"

out=$("$VMLAB" mrc --refs 1,2 --policy opt --sample size:10 2>&1)
is "fixed-size sampling of OPT is refused, naming the option" "$out" \
    "vmlab: --sample: fixed-size sampling applies to LRU curves; policy 'opt' is OPT-like (use \"rate:R\")"
exits "... with status 2" 2 "$VMLAB" mrc --refs 1,2 --policy opt --sample size:10
out=$("$VMLAB" mrc --refs 1,2 --frames 5-2:x2 2>&1)
is "a range that ends before it starts" "$out" "vmlab: --frames.to: expected a frame count >= from (5), or \"all\""
out=$("$VMLAB" sim --refs 1,2 --frames all --steps 2>&1)
is "all cannot be stepped" "$out" "vmlab: --frames: \"all\" cannot be shown step by step (give the sizes)"
like "vmlab --help lists mrc" "$("$VMLAB" --help)" '^  mrc +miss-ratio curve'
