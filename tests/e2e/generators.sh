#!/bin/sh
# generators.sh - the generator suite through the command: closed-form fault
# counts of kernels under `vmlab sim --workload`, a chase being a loop up to
# relabelling, a mix written as a JSON array in an experiment, the listing
# and a mix error naming its process.
. "$top_srcdir/tests/e2e/tap.sh"
plan 9

# triad over three page-aligned 32 KiB arrays (8 pages each): with 3 frames
# LRU faults once per page (24) and writes back a's pages but the last (7);
# with 2 frames the three streams evict each other on every reference.
out=$("$VMLAB" sim --workload 'triad:elems=4096,align=4K' --policy lru --frames 2,3 | tail -2)
is "triad: 2 frames fault always, 3 frames once per page" "$out" \
"lru          2  12288   12288       1.0000         4095
lru          3  12288      24       0.0020            7"

# a pointer chase over 100 pages is a loop over them in another order: the
# same faults for every policy (LRU at N-1 frames: all; OPT: 100 + 9)
chase=$("$VMLAB" sim --workload 'chase:nodes=100,refs=1000' --policy lru,opt --frames 99,100)
loop=$("$VMLAB" sim --workload 'loop:pages=100,refs=1000' --policy lru,opt --frames 99,100)
is "chase faults as a loop does" "$chase" "$loop"
like "chase: OPT at 99 frames faults 109 times" "$chase" '^opt +99 +1000 +109 '

# a mix on the command line: two processes, quantum 10
out=$("$VMLAB" sim --workload "mix:procs='loop:pages=5,refs=50;sequential:pages=20',quantum=10" \
    --policy lru --frames 100 | tail -1)
is "mix: distinct pages of both processes are compulsory faults" "$out" \
"lru        100    70      25       0.3571            0"

# the same with procs as a JSON array of a string and an object
cat >mix.json <<'EOF'
{"name": "mix", "policy": "lru", "frames": 100,
 "workload": {"name": "mix", "quantum": 10,
              "procs": ["loop:pages=5,refs=50", {"name": "sequential", "pages": 20}]}}
EOF
ok "mix from JSON runs" "$VMLAB" run mix.json -q -o mix-out.json
res=$(tr -d ' \n' <mix-out.json)
like "mix from JSON: canonical spec quotes the list" "$res" \
    "\"workload\":\"mix:procs='loop:pages=5,refs=50;sequential:pages=20',quantum=10"
like "mix from JSON: per-process refs 50 and 20" "$res" \
    '"processes":\[\{"asid":0,"metrics":\{"refs":50,.*\},\{"asid":1,"metrics":\{"refs":20,'

"$VMLAB" sim --workload "mix:procs='loop:pages=3;zipff:pages=3'" --policy lru --frames 4 \
    >err.out 2>&1
is "mix error: exit 2" "$?" "2"

names=$("$VMLAB" list workloads | awk '/^  [a-z]/ {print $1}' | tr '\n' ' ')
like "list names the suite" "$names" \
    'strided hotcold phases chase gups triad matmul stencil bfs hashjoin mix'
