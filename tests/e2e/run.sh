#!/bin/sh
# run.sh - `vmlab run`: a sweep from an experiment file, results written
# atomically where asked (default out/NAME.json), exact values in them.
. "$top_srcdir/tests/e2e/tap.sh"
plan 9

cat >belady.json <<'JSON'
{
  "name": "anomaly",
  "workload": "inline:refs='1,2,3,4,1,2,5,1,2,3,4,5'",
  "policy": ["fifo", "lru", "opt"],
  "frames": [3, 4]
}
JSON
ok "run exits 0" "$VMLAB" run belady.json -q
ok "default output out/NAME.json" test -s out/anomaly.json

# faults of the six runs, in sweep order (policy, then frames)
faults=$(grep '"faults": [0-9]' out/anomaly.json | awk 'NR % 2 == 1' | tr -dc '0-9\n' | tr '\n' ' ')
is "faults per run: FIFO 9 10, LRU 10 8, OPT 7 6" "$faults" "9 10 10 8 7 6 "

ok "-o writes where asked" "$VMLAB" run belady.json -q -o res/x.json
ok "no temporary file left beside the results" test "$(ls res)" = "x.json"

out=$("$VMLAB" run belady.json -o - | head -2)
like "-o - prints the document" "$out" '"schema": "vmlab-results/1"'

# a config that names a relative trace: resolved from the experiment's folder
mkdir -p sub && printf '1\n2\n3\n1\n' >sub/t.txt
printf '{"workload": "trace:path=t.txt", "policy": "lru", "frames": 2}\n' >sub/exp.json
ok "relative trace paths start at the experiment's folder" "$VMLAB" run sub/exp.json -q -o rel.json
is "...and give LRU 4 faults on 1 2 3 1 with 2 frames" \
    "$(grep -m1 '"faults": [0-9]' rel.json | tr -dc 0-9)" "4"

# the shipped quick-start experiment parses and its sweep is the one the README promises
out=$("$VMLAB" run "$top_srcdir/experiments/belady.json" -q -o b.json && grep -c '"policy_name"' b.json)
like "experiments/belady.json runs" "$out" '^[0-9]+$'
done_testing
