#!/bin/sh
# mmu.sh - the translation model (issue 4) from the command line: `vmlab sim
# --mmu`, its translation table, profiles, context switches from a trace's
# ASID column, a TLB policy plugin, the results document against the schema,
# and bad MMU configurations (exit 2, the JSON path named).
. "$top_srcdir/tests/e2e/tap.sh"
plan 20

# a 2-entry fully associative LRU TLB on the loop 0 1 2 (x3): every access misses
out=$("$VMLAB" sim --refs 0,1,2,0,1,2,0,1,2 --frames 4 --mmu '{"tlb": [{"entries": 2}]}')
like "sim --mmu prints the translation table" "$out" 'L1 +1 +9 +0 +9 +1000\.000 +7'
like "...walks and references by level" "$out" 'walks 9, walk references 36 \(9 9 9 9 by level'
like "...and the cycle breakdown" "$out" 'minor faults +7500 +833\.333'

# the same loop with an MRU plugin policy: 3 hits (tests/plugins/tlb_mru_plugin.c)
mru="$top_builddir/tests/plugins/.libs/tlb_mru_plugin.so"
out=$("$VMLAB" sim --plugin "$mru" --refs 0,1,2,0,1,2,0,1,2 --frames 4 \
    --mmu '{"tlb": [{"entries": 2, "policy": "tlb-mru"}]}')
like "a TLB policy plugin: MRU keeps one page of the loop" "$out" 'L1 +1 +9 +3 +6 '
like "vmlab list tlb-policies lists the in-tree six and the plugin" \
    "$("$VMLAB" list tlb-policies --plugin "$mru" | grep -c '^  [a-z]')" '^7$'

is "vmlab list mmu lists the shipped profiles" "$("$VMLAB" list mmu | awk 'NR > 1 {printf "%s ", $1}')" \
    "icelake neoverse-n1 sapphire-rapids skylake zen3 zen4 zen5 "

# two processes from a trace's ASID column, one reference each in turn
printf '1 R 1\n1 R 2\n1 R 1\n1 R 2\n1 R 1\n1 R 2\n' >two.txt
on=$("$VMLAB" sim two.txt --frames 4 --mmu profile:skylake --json | grep -A8 '"name": "L1d-4K"' | grep -m1 '"hits"' | tr -dc 0-9)
is "with PCID the two processes keep their entries: 4 L1 hits of 6" "$on" "4"
off=$("$VMLAB" sim two.txt --frames 4 --mmu profile:skylake --pcid off --json)
is "without PCID every switch flushes: 0 hits" \
    "$(printf '%s' "$off" | grep -A8 '"name": "L1d-4K"' | grep -m1 '"hits"' | tr -dc 0-9)" "0"
is "...and the 5 switches are counted" \
    "$(printf '%s' "$off" | grep -m1 '"context_switches"' | tr -dc 0-9)" "5"

# a sweep over two profiles and no MMU: the runs table names the model
out=$("$VMLAB" sim --workload zipf:pages=2000,refs=20000 --unit byte --frames 1024 \
    --mmu none --mmu profile:zen4 --mmu profile:neoverse-n1)
like "a sweep over --mmu: one run per model" "$out" 'none.*zen4.*neoverse-n1|zen4'

"$VMLAB" sim --workload zipf:pages=5000,refs=20000 --frames 2048 --mmu profile:skylake \
    --huge-pages khugepaged --visibility hardware --policy clock --json >tr.json
if [ -n "${SCHEMA_PYTHON:-}" ]; then
    ok "a document with translation validates against the JSON Schema" "$SCHEMA_PYTHON" -c '
import json, sys, jsonschema
schema = json.load(open(sys.argv[1])); doc = json.load(open(sys.argv[2]))
jsonschema.Draft202012Validator.check_schema(schema)
jsonschema.validate(doc, schema, cls=jsonschema.Draft202012Validator)
t = doc["runs"][0]["translation"]
assert t["model"]["name"] == "skylake", t["model"]
assert t["cycles"]["total"] == sum(v for k, v in t["cycles"].items() if k != "total")
assert all(u in doc["units"] for u in ("translation.walks", "translation.cycles.total"))' \
        "$top_srcdir/results/vmlab-results-1.schema.json" tr.json
else
    skip "a document with translation validates against the JSON Schema" "no Python with jsonschema"
fi

# bad configurations: exit 2 and the JSON path
cat >bad.json <<'JSON'
{"workload": "loop:pages=4", "policy": "fifo", "frames": 2,
 "mmu": {"tlb": [{"entries": 64, "ways": 4}, {"name": "L2", "level": 2, "entries": 96, "ways": 7}]}}
JSON
exits "a bad MMU: exit 2" 2 "$VMLAB" run bad.json -q -o bad-out.json
like "...naming the JSON path" "$("$VMLAB" run bad.json -q -o bad-out.json 2>&1)" \
    '\$\.mmu\.tlb\[1\]\.ways: expected a way count that divides the 96 entries, got 7'
ok "...and writing no results" test ! -e bad-out.json
exits "an unknown profile: exit 2" 2 "$VMLAB" sim --refs 1 --frames 1 --mmu profile:skylak
like "...suggesting the closest" "$("$VMLAB" sim --refs 1 --frames 1 --mmu profile:skylak 2>&1)" \
    "unknown MMU profile 'skylak'; did you mean 'skylake'"
like "an address beyond the 48-bit space is refused, exit 2" \
    "$({ "$VMLAB" sim --refs 0x1000000000000 --unit byte --frames 1 --mmu profile:zen3 2>&1; echo "status $?"; } | tr '\n' ' ')" \
    'address 0x1000000000000 is beyond the 48-bit virtual address space.*status 2'

# the shipped translation experiment runs: 3 MMUs x 2 huge-page policies x 2 memory sizes
ok "experiments/translation.json runs" "$VMLAB" run "$top_srcdir/experiments/translation.json" -q -o t.json
is "...12 runs, each with its translation" "$(grep -c '"cycles_per_ref"' t.json)" "12"

# in exact visibility the model changes no page-level count: a faulting access sets its
# bits before the policy's insert(), with or without it (bit-reading policies included)
w='zipf:pages=5000,alpha=0.8,refs=100000,writes=0.2'
pols=clock,car,clock-pro,sieve,linux-lru,mglru,nru,aging,wsclock,lru,arc
counts() {
    "$VMLAB" sim --workload "$w" --policy "$pols" --frames 500 --json "$@" | python3 -c '
import json, sys
for r in json.load(sys.stdin)["runs"]:
    m = r["metrics"]
    print(r["params"]["policy_name"], m["faults"], m["writebacks"], m["evictions"])'
}
is "exact visibility: the same faults, write-backs, evictions with the model as without" \
    "$(counts --mmu profile:skylake)" "$(counts)"
done_testing
