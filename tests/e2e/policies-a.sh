#!/bin/sh
# policies-a.sh - the classic policies through the command: listed with
# their parameters and visibility, refused where they cannot run, bad
# parameters named, and WSClock's cleanings in the results document.
. "$top_srcdir/tests/e2e/tap.sh"
plan 9

"$VMLAB" list policies --json >list.json
ok "list --json: every classic policy, visibility and parameters as documented" python3 -c '
import json
p = {x["name"]: x for x in json.load(open("list.json"))["policies"]}
exact = {"lfu", "lfu_aging", "lfu_da", "mru", "ws"}
both = {"nru", "enhanced_clock", "second_chance", "gclock", "aging", "lifo", "wsclock"}
for n in exact | both:
    assert n in p, n
    assert p[n]["needs_exact"] == (n in exact), n
    assert p[n]["source"], n
params = {n: [q["name"] for q in p[n]["params"]] for n in p}
assert params["nru"] == ["interval", "flush"], params["nru"]
assert params["gclock"] == ["init", "max", "flush"], params["gclock"]
assert params["aging"] == ["bits", "interval", "flush"], params["aging"]
assert params["lfu"] == ["tie", "counts"], params["lfu"]
assert params["ws"] == ["tau"], params["ws"]
assert params["wsclock"] == ["tau", "max_writes", "flush"], params["wsclock"]'
like "list policies prints the parameters" "$("$VMLAB" list policies)" 'max_writes +count +0 +write-backs a single fault may schedule'

exits "lfu in hardware visibility: exit status 2" 2 \
    "$VMLAB" sim --refs 1,2,3 --policy lfu --visibility hardware --frames 2
like "...and says why" "$(cat .out)" "policy 'lfu' needs visibility \"exact\""
exits "gclock init above max: exit status 2" 2 \
    "$VMLAB" sim --refs 1,2,3 --policy gclock:init=4,max=2 --frames 2
like "...and names the parameters" "$(cat .out)" 'policy gclock: init \(4\) must not exceed max \(2\)'

# WSClock, tau 2, 3 frames: page 1 is old and dirty at t8, written back
# ahead of eviction, then evicted clean (worked in tests/test_policies_a.c)
printf '1 W\n2\n3\n3\n3\n4\n3\n3\n5\n' >w.txt
"$VMLAB" sim w.txt --policy wsclock:tau=2 --frames 3 --json >w.json
ok "results: 1 cleaning, 0 write-backs, unit pages" python3 -c '
import json
d = json.load(open("w.json"))
m = d["runs"][0]["metrics"]
assert (m["faults"], m["cleanings"], m["writebacks"]) == (5, 1, 0), m
assert d["units"]["cleanings"] == "pages", d["units"]'
like "list metrics names cleanings" "$("$VMLAB" list metrics)" 'cleanings +pages'
if [ -n "${SCHEMA_PYTHON:-}" ]; then
    ok "the document validates against the JSON Schema" "$SCHEMA_PYTHON" -c '
import json, sys, jsonschema
schema = json.load(open(sys.argv[1])); doc = json.load(open(sys.argv[2]))
jsonschema.validate(doc, schema, cls=jsonschema.Draft202012Validator)' \
        "$top_srcdir/results/vmlab-results-1.schema.json" w.json
else
    skip "the document validates against the JSON Schema" "no Python with jsonschema"
fi
done_testing
