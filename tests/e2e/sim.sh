#!/bin/sh
# sim.sh - `vmlab sim`: the table, the step-by-step table, JSON output (valid
# against the schema), inputs (refs, trace, workload) and --help/--version.
. "$top_srcdir/tests/e2e/tap.sh"
plan 14

out=$("$VMLAB" sim --refs 1,2,3,4,1,2,5,1,2,3,4,5 --policy fifo,lru,opt --frames 3,4)
is "table: Belady's anomaly and LRU/OPT" "$out" "policy  frames  refs  faults  fault ratio  write-backs
------  ------  ----  ------  -----------  -----------
fifo         3    12       9       0.7500            0
fifo         4    12      10       0.8333            0
lru          3    12      10       0.8333            0
lru          4    12       8       0.6667            0
opt          3    12       7       0.5833            0
opt          4    12       6       0.5000            0"

out=$("$VMLAB" sim --refs 7,0,1,2,0,3,0,4 --policy lru --frames 3 --steps)
is "steps: the textbook table (LRU, Silberschatz's string)" "$out" "lru, 3 frames, inline:refs='7,0,1,2,0,3,0,4',unit=page
t  ref  f0  f1  f2  fault  victim
-  ---  --  --  --  -----  ------
1    7   7          F
2    0   7   0      F
3    1   7   0   1  F
4    2   2   0   1  F      7
5    0   2   0   1
6    3   2   0   3  F      1
7    0   2   0   3
8    4   4   0   3  F      2
6 faults in 8 references (6 compulsory)

policy  frames  refs  faults  fault ratio  write-backs
------  ------  ----  ------  -----------  -----------
lru          3     8       6       0.7500            0"

"$VMLAB" sim "$top_srcdir/tests/data/belady.txt" --policy fifo --frames 4 --json >run.json
ok "trace file, --json exits 0" test -s run.json
faults=$(grep -m1 '"faults": [0-9]' run.json | tr -dc 0-9)
is "trace file through the text reader: FIFO 4 frames 10 faults" "$faults" "10"
like "results document names its schema" "$(cat run.json)" '"schema": "vmlab-results/1"'
if [ -n "${SCHEMA_PYTHON:-}" ]; then
    ok "results document validates against the JSON Schema" "$SCHEMA_PYTHON" -c '
import json, sys, jsonschema
schema = json.load(open(sys.argv[1])); doc = json.load(open(sys.argv[2]))
jsonschema.Draft202012Validator.check_schema(schema)
jsonschema.validate(doc, schema, cls=jsonschema.Draft202012Validator)' \
        "$top_srcdir/results/vmlab-results-1.schema.json" run.json
else
    skip "results document validates against the JSON Schema" "no Python with jsonschema"
fi

out=$("$VMLAB" sim --workload 'loop:pages=11,refs=1100' --policy lru,opt --frames 10 --unit page 2>&1 | tail -2)
is "workload: loop over N+1 pages, N frames (LRU all faults, OPT N + (n-1)/N)" "$out" \
"lru         10  1100    1100       1.0000            0
opt         10  1100     119       0.1082            0"

out=$("$VMLAB" sim --workload 'sequential:pages=8' --policy lru --memory 16K --page-size 4K | tail -1)
is "--memory 16K with 4K pages is 4 frames" "$out" "lru          4     16K     8       8       1.0000            0"

out=$("$VMLAB" sim --refs 0x1000,0x1fff,0x2000 --unit byte --page-size 4K --policy lru --frames 1 | tail -1)
is "--unit byte: addresses map to pages" "$out" "lru          1     3       2       0.6667            0"

out=$(printf '1\n2\n1\n' | "$VMLAB" sim - --policy lru --frames 1 | tail -1)
is "trace from standard input" "$out" "lru          1     3       3       1.0000            0"

ok "--help" "$VMLAB" --help
ok "sim --help" "$VMLAB" sim --help
like "--version" "$("$VMLAB" --version)" '^vmlab [0-9]+\.[0-9]+'
like "list policies names every first policy" "$("$VMLAB" list policies)" 'opt.*'
done_testing
