#!/bin/sh
# capture.sh - `vmlab capture` on tests/progs/walk (a known access pattern;
# the exact references are checked by tests/test_capture.c): the command, its
# summary, the trace's metadata, the options; skipped only without valgrind.
. "$top_srcdir/tests/e2e/tap.sh"
plan 7

WALK="$top_builddir/tests/progs/walk"
exits "no program: exit 2" 2 "$VMLAB" capture -o x.vmt
exits "no output: exit 2" 2 "$VMLAB" capture -- "$WALK"
if ! command -v valgrind >/dev/null 2>&1; then
    for t in "capture exits 0" "the summary" "the header records the command and valgrind" \
        "the array's 16 pages among the data pages" "text output"; do
        skip "$t" "valgrind is not installed (scripts/install-deps installs it)"
    done
    done_testing
fi
"$VMLAB" capture -o w.vmt --only data -- "$WALK" 2 64 >walk.out 2>capture.err
_report $? "capture exits 0" capture.err
like "the summary" "$(cat capture.err)" \
    "^vmlab capture: [0-9]+ references \\(data references only\\) into w.vmt \\(valgrind-[0-9.]+\\)$"
out=$("$VMLAB" trace info w.vmt | grep -E '^  (command|valgrind|tool|filter)')
like "the header records the command and valgrind" "$out" \
    "command +$WALK 2 64
  valgrind +valgrind-[0-9.]+
  tool +lackey --trace-mem=yes
  filter +data references only"
# the array is 16 pages: with them, the program's data pages (stack, libc, loader)
pages=$("$VMLAB" trace info w.vmt | sed -n 's/^distinct pages *\([0-9]*\).*/\1/p')
is "the array's 16 pages among the data pages ($pages)" "$([ "${pages:-0}" -gt 16 ] && echo more)" more
"$VMLAB" capture -q -o w.txt --to text --limit 100 -- "$WALK" 1 64 >/dev/null
out=$("$VMLAB" trace info w.txt | sed -n 4p)
is "text output" "$out" "references          100"
done_testing
