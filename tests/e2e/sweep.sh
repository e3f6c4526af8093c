#!/bin/sh
# sweep.sh - `vmlab run` at scale: cells on several threads give the same
# document as one thread; one cell on its own (--cell) is that cell of the
# sweep; a killed sweep resumes from its journal without running a finished
# cell again; --emit parallel writes one command per cell.
. "$top_srcdir/tests/e2e/tap.sh"
plan 16

# the document without its timing fields (wall clock), keys sorted: what -j must not change
canon() {
    python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
for r in d["runs"]:
    r.pop("timing", None)
print(json.dumps(d, sort_keys=True))' "$1"
}
# field $2 (a Python expression over run r) of every run of document $1, one per line
field() {
    python3 -c 'import json, sys
for r in json.load(open(sys.argv[1]))["runs"]:
    print(eval(sys.argv[2]))' "$1" "$2"
}

cat >sweep.json <<'JSON'
{
  "name": "sweep",
  "workload": ["zipf:pages=5000,alpha=0.8,refs=20000", "loop:pages=300,refs=20000"],
  "policy": ["lru", "fifo", "clock", "random", "opt"],
  "frames": [64, 256, 1024],
  "seed": [1, 2]
}
JSON
ok "one thread" "$VMLAB" run sweep.json -q -o one.json
ok "two threads" "$VMLAB" run sweep.json -q -j 2 -o two.json
ok "four threads" "$VMLAB" run sweep.json -q -j 4 -o four.json
is "-j 2 gives the document of -j 1, timing aside" "$(canon two.json)" "$(canon one.json)"
is "-j 4 too" "$(canon four.json)" "$(canon one.json)"
is "runs are in cell order, each with its index" "$(field two.json 'r["cell"]' | tr '\n' ' ')" \
    "$(seq 0 59 | tr '\n' ' ')"
is "no journal left once the document is written" "$(ls one.json* two.json*)" "one.json
two.json"

is "--list-cells prints every cell index" "$("$VMLAB" run sweep.json --list-cells | tr '\n' ' ')" \
    "$(seq 0 59 | tr '\n' ' ')"
ok "--cell 37 runs one cell" "$VMLAB" run sweep.json --cell 37 -q -o c37.json
is "...which is cell 37 of the sweep" \
    "$(field c37.json '(r["cell"], r["params"], r["metrics"])')" \
    "$(field one.json '(r["cell"], r["params"], r["metrics"])' | sed -n 38p)"
exits "--cell beyond the sweep is a usage error" 2 "$VMLAB" run sweep.json --cell 60 -q -o x.json

# a killed sweep: cells slow enough that the kill comes mid-way
cat >slow.json <<'JSON'
{
  "name": "slow",
  "workload": "zipf:pages=100000,alpha=0.8,refs=3000000",
  "policy": ["lru", "fifo", "clock"],
  "frames": [512, 1024, 2048, 4096],
  "seed": 7
}
JSON
"$VMLAB" run slow.json -q -o slow.out.json &
pid=$!
i=0
while [ "$i" -lt 600 ]; do  # until two cells are in the journal (a minute at most)
    [ -f slow.out.json.journal ] && [ "$(wc -l <slow.out.json.journal)" -ge 3 ] && break
    sleep 0.1
    i=$((i + 1))
done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
kept=$(($(wc -l <slow.out.json.journal) - 1))
like "the killed sweep left its finished cells in the journal, no document" \
    "$kept $(test -e slow.out.json && echo document)" '^([2-9]|1[01]) $'
# wall_s of the journalled cells: a cell run again would get a new one
before=$(python3 -c 'import json, sys
for line in list(open(sys.argv[1]))[1:]:
    o = json.loads(line)
    print(o["cell"], o["run"]["timing"]["wall_s"])' slow.out.json.journal | sort -n)
ok "the same command resumes" "$VMLAB" run slow.json -q -o slow.out.json
after=$(field slow.out.json '"%d %r" % (r["cell"], r["timing"]["wall_s"])' | head -n "$kept")
is "...without running the journalled cells again" "$after" "$before"
"$VMLAB" run slow.json -q -o fresh.json
is "...and the resumed document is the uninterrupted one, timing aside" \
    "$(canon slow.out.json)" "$(canon fresh.json)"

# a journal of another experiment is not taken for this one's
printf '{"journal":"vmlab-journal/1","experiment":"other"}\n' >x.json.journal
exits "a journal of another experiment is refused (exit 2)" 2 "$VMLAB" run sweep.json -q -o x.json
done_testing
