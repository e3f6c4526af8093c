#!/bin/sh
# sweep.sh - `vmlab run` at scale: tasks on several threads give the same
# document as one thread; one task on its own (--cell) gives that cell of the
# sweep; a killed sweep resumes from its journal without running a finished
# task again. A task is a cell, or the sizes of one curve run together.
. "$top_srcdir/tests/e2e/tap.sh"
plan 19

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

# three sizes of one policy and workload are one task (one decode, three memory managers)
is "--list-cells prints the first cell of every task" \
    "$("$VMLAB" run sweep.json --list-cells | tr '\n' ' ')" "$(seq 0 3 57 | tr '\n' ' ')"
ok "--cell 37 runs the task of cell 37" "$VMLAB" run sweep.json --cell 37 -q -o c37.json
is "...cells 36 to 38, as in the sweep" \
    "$(field c37.json '(r["cell"], r["params"], r["metrics"])')" \
    "$(field one.json '(r["cell"], r["params"], r["metrics"])' | sed -n 37,39p)"
exits "--cell beyond the sweep is a usage error" 2 "$VMLAB" run sweep.json --cell 60 -q -o x.json
# a range: the tasks that hold cells 31 to 37 (those of 30, 33 and 36), in one document
ok "--cell 31-37 runs the tasks of cells 31 to 37" "$VMLAB" run sweep.json --cell 31-37 -q \
    -o c31.json
is "...cells 30 to 38, as in the sweep" \
    "$(field c31.json '(r["cell"], r["params"], r["metrics"])')" \
    "$(field one.json '(r["cell"], r["params"], r["metrics"])' | sed -n 31,39p)"
exits "--cell 5-3 (backwards) is a usage error" 2 "$VMLAB" run sweep.json --cell 5-3 -q -o x.json

# a killed sweep: cells slow enough that the kill comes mid-way
cat >slow.json <<'JSON'
{
  "name": "slow",
  "workload": "zipf:pages=100000,alpha=0.8,refs=3000000",
  "policy": ["lru", "fifo", "clock"],
  "frames": 2048,
  "seed": [7, 8, 9, 10]
}
JSON
"$VMLAB" run slow.json -q -o slow.out.json &
pid=$!
i=0
while [ "$i" -lt 600 ]; do  # until two tasks are in the journal (a minute at most)
    [ -f slow.out.json.journal ] && [ "$(wc -l <slow.out.json.journal)" -ge 3 ] && break
    sleep 0.1
    i=$((i + 1))
done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
kept=$(($(wc -l <slow.out.json.journal) - 1))
like "the killed sweep left its finished tasks in the journal, no document" \
    "$kept $(test -e slow.out.json && echo document)" '^([2-9]|1[01]) $'
# wall_s of the journalled tasks' runs: a task run again would get new ones
before=$(python3 -c 'import json, sys
for line in list(open(sys.argv[1]))[1:]:
    for r in json.loads(line)["runs"]:
        print(r["params"]["seed"], r["params"]["policy_name"], repr(r["timing"]["wall_s"]))' \
    slow.out.json.journal | sort)
ok "the same command resumes" "$VMLAB" run slow.json -q -o slow.out.json
after=$(field slow.out.json '"%d %s %r" % (r["params"]["seed"], r["params"]["policy_name"],
    r["timing"]["wall_s"])' | sort | grep -xF "$before")
is "...without running the journalled tasks again" "$after" "$before"
"$VMLAB" run slow.json -q -o fresh.json
is "...and the resumed document is the uninterrupted one, timing aside" \
    "$(canon slow.out.json)" "$(canon fresh.json)"

# a journal of another experiment is not taken for this one's
printf '{"journal":"vmlab-journal/1","experiment":"other"}\n' >x.json.journal
exits "a journal of another experiment is refused (exit 2)" 2 "$VMLAB" run sweep.json -q -o x.json
done_testing
