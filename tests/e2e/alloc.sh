#!/bin/sh
# alloc.sh - processes and allocation through the command: `vmlab sim`
# --scope, --quota, --allocation, --fault-cost and the same keys in an
# experiment run by `vmlab run` (the allocation axis of the sweep); results
# that carry the new params and metrics (and validate against the schema);
# errors that name the flag or the JSON path, exit status 2.
. "$top_srcdir/tests/e2e/tap.sh"
plan 23

# value of the Nth occurrence of metric NAME in FILE (runs list their totals
# first, then one entry per process)
nth() { grep "\"$2\": [0-9]" "$1" | sed -n "${3}p" | sed 's/.*: //; s/,$//'; }

# A: 1 2 3 1 2 3 (ASID 0), B: 1 1 1 (ASID 1), interleaved A A B A A B A A B
printf '1 R 0\n2 R 0\n1 R 1\n3 R 0\n1 R 0\n1 R 1\n2 R 0\n3 R 0\n1 R 1\n' >two.txt

# worked in tests/test_alloc.c: global LRU 4 faults, local equal 7, shares [3, 1] 4
out=$("$VMLAB" sim two.txt --policy lru --frames 4 | tail -1)
is "global scope (default): 4 faults" "$out" "lru          4     9       4       0.4444            0"
out=$("$VMLAB" sim two.txt --policy lru --frames 4 --scope local | tail -1)
is "--scope local: equal quotas, 7 faults" "$out" "lru          4     9       7       0.7778            0"
out=$("$VMLAB" sim two.txt --policy lru --frames 4 --scope local --quota 3,1 | tail -1)
is "--quota 3,1: shares by ascending ASID, 4 faults" "$out" "lru          4     9       4       0.4444            0"
out=$("$VMLAB" sim two.txt --policy lru --frames 4 --scope local --quota proportional | tail -1)
is "--quota proportional: 4 faults" "$out" "lru          4     9       4       0.4444            0"

# the step-by-step table shows the pools side by side: A in f0 f1, B in f2 f3
out=$("$VMLAB" sim two.txt --policy lru --frames 4 --scope local --steps | sed -n 6p)
is "--steps in local scope: B's first page goes to its own pool, f2" "$out" "3  1:1   1   2  1:1      F"

# working set: B is suspended when the working sets (2 + 3 pages) exceed 4 frames
printf '1 R 0\n2 R 0\n1 R 1\n2 R 1\n3 R 1\n1 R 0\n2 R 0\n1 R 1\n2 R 1\n3 R 1\n' >ws.txt
"$VMLAB" sim ws.txt --policy lru --frames 4 --allocation ws:tau=5 --fault-cost 10 --json >ws.json
is "--allocation ws: 7 faults (10 with global LRU)" "$(nth ws.json faults 1)" "7"
is "...1 suspension, 2 deferred references" "$(nth ws.json suspensions 1) $(nth ws.json deferred_refs 1)" "1 2"
is "...--fault-cost 10: modelled time 10 + 10 x 7" "$(nth ws.json modelled_time 1)" "80"
is "...params name the scope, the allocation and the cost" \
    "$(grep -E '"(scope|allocation|fault_cost)":' ws.json | tail -3 | tr -d ' ,' | tr '\n' ' ')" \
    '"scope":"local" "allocation":"ws:tau=5interval=1000defer_max=65536" "fault_cost":10 '
if [ -n "${SCHEMA_PYTHON:-}" ]; then
    ok "...and the document validates against the JSON Schema" "$SCHEMA_PYTHON" -c '
import json, sys, jsonschema
schema = json.load(open(sys.argv[1])); doc = json.load(open(sys.argv[2]))
jsonschema.validate(doc, schema, cls=jsonschema.Draft202012Validator)
assert doc["units"]["throughput"] == "references/reference time"' \
        "$top_srcdir/results/vmlab-results-1.schema.json" ws.json
else
    skip "...and the document validates against the JSON Schema" "no Python with jsonschema"
fi

# through the translation model: the same decisions, and its TLBs see the releases
"$VMLAB" sim ws.txt --policy lru --frames 4 --allocation ws:tau=5 --mmu profile:zen4 --json >wsm.json
is "--allocation ws with --mmu: the same 7 faults and 1 suspension" \
    "$(nth wsm.json faults 1) $(nth wsm.json suspensions 1)" "7 1"
like "...and a translation record" "$(cat wsm.json)" '"translation": \{'

# an experiment: the allocation axis, scope left to each allocation
cat >exp.json <<'JSON'
{
  "name": "cure",
  "workload": {"trace": "ws.txt"},
  "policy": "lru",
  "frames": 4,
  "allocation": ["fixed", "ws:tau=5", "pff"],
  "fault_cost": 10
}
JSON
ok "vmlab run with allocation [fixed, ws, pff]" "$VMLAB" run exp.json -q -o cure.json
is "...3 runs: global fixed, local ws, local pff" \
    "$(grep '"scope":' cure.json | tr -dc 'a-z\n' | sed 's/scope//' | tr '\n' ' ')" "global local local "
is "...faults 10, 7, 7" "$(nth cure.json faults 1) $(nth cure.json faults 4) $(nth cure.json faults 7)" \
    "10 7 7"
like "...its table names each run's scope and allocation, and counts suspensions" \
    "$("$VMLAB" run exp.json -o c2.json | sed -n 4p)" \
    '^local +ws:tau=5,interval=1000,defer_max=65536 +lru +4 +10 +7 +0\.7000 +0 +1$'

# the shipped experiment (docs/experiments.md): global LRU thrashes, ws cures it
ok "experiments/thrashing.json runs" "$VMLAB" run "$top_srcdir/experiments/thrashing.json" -q -o thr.json
is "...900 frames: global LRU 360000 faults, ws 2400 (5 suspensions), pff 2400" \
    "$(nth thr.json faults 6) $(nth thr.json faults 26) $(nth thr.json suspensions 26) $(nth thr.json faults 46)" \
    "360000 2400 5 2400"

like "vmlab list allocations: ws and its window" "$("$VMLAB" list allocations)" 'tau +count +10000'

# errors: the flag or the JSON path, exit status 2
exits "--scope galactic: exit 2" 2 "$VMLAB" sim two.txt --frames 4 --scope galactic
like "...naming --scope" "$("$VMLAB" sim two.txt --frames 4 --scope galactic 2>&1)" \
    '^vmlab: --scope: expected "global" or "local", got "galactic"$'
like "--quota 1,2,1 for 2 processes: names --quota" \
    "$({ "$VMLAB" sim two.txt --frames 4 --scope local --quota 1,2,1 2>&1; echo "exit $?"; } | tr '\n' ' ')" \
    '--quota: 3 shares for 2 processes \(ASIDs 0, 1\).*exit 2'
printf '{"workload": "inline:refs=1", "policy": "lru", "frames": 2, "allocation": "ws", "scope": "global"}' >bad.json
like "experiment: ws in global scope names \$.scope, exit 2" \
    "$({ "$VMLAB" run bad.json -q -o x.json 2>&1; echo "exit $?"; } | tr '\n' ' ')" \
    '\$\.scope: allocation "ws".*exit 2'
done_testing
