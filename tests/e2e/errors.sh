#!/bin/sh
# errors.sh - bad input: each a one-line error naming where (JSON path, or
# file:line), exit status 2, and no results file (partial or temporary) left
# behind; an earlier results file at the same path is kept intact.
. "$top_srcdir/tests/e2e/tap.sh"
plan 21

mkdir out
echo '{"keep": "me"}' >out/prev.json

check() {  # name expected-message-regex experiment-text
    printf '%s' "$3" >exp.json
    "$VMLAB" run exp.json -q -o out/prev.json >stdout 2>stderr
    rc=$?
    is "$1: exit status 2" "$rc" "2"
    like "$1: message" "$(cat stderr)" "$2"
    is "$1: earlier results kept, nothing else written" "$(ls out) $(cat out/prev.json)" 'prev.json {"keep": "me"}'
}

check "malformed JSON" '^vmlab: exp\.json:3:15: malformed JSON: unexpected token near' \
'{"workload": "loop:pages=3",
 "policy": "lru",
 "frames": [4,]}'
check "unknown policy" "^vmlab: exp\\.json: \\\$\\.policy\\[1\\]: unknown policy 'lruu'; did you mean 'lru'\\?" \
'{"workload": "loop:pages=3", "policy": ["fifo", "lruu"], "frames": 4}'
check "non-positive frames" '^vmlab: exp\.json: \$\.frames\[1\]: must be in \[1, 4294967294\], got 0$' \
'{"workload": "loop:pages=3", "policy": "lru", "frames": [2, 0]}'
printf '1\n2\n# c\n3\n4 X\n' >bad.txt
check "garbage trace line" "^vmlab: cell 0 .*bad\\.txt:5: expected a number .* got 'X'$" \
'{"workload": "trace:path=bad.txt", "policy": "lru", "frames": 2}'
check "unreadable trace" "^vmlab: .*missing\\.txt.*No such file" \
'{"workload": "trace:path=missing.txt", "policy": "lru", "frames": 2}'

exits "sim: unknown policy is exit 2" 2 "$VMLAB" sim --refs 1,2 --frames 2 --policy nope
exits "sim: frames 0 is exit 2" 2 "$VMLAB" sim --refs 1,2 --frames 0
exits "sim: bad trace line is exit 2" 2 "$VMLAB" sim bad.txt --frames 2
msg=$("$VMLAB" sim bad.txt --frames 2 2>&1)
is "sim: bad trace line names file and line, one line" "$msg" \
    "vmlab: cell 0 (lru, 2 frames, trace:path=bad.txt,format=auto,unit=auto): bad.txt:5: expected a number (decimal or 0x-hex) or an operation R/W/I, got 'X'"
exits "unknown command is exit 2" 2 "$VMLAB" frobnicate
exits "missing experiment file is exit 2" 2 "$VMLAB" run nothing-here.json
done_testing
