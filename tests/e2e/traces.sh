#!/bin/sh
# traces.sh - the trace tools (vmlab trace info/head/convert/gen) on the small
# traces of tests/data/traces, whose numbers are worked by hand below; every
# format read through the command; compressed files; bad files (exit 2, the
# byte named); the shared real trace converted to native and back gives the
# same simulations.
. "$top_srcdir/tests/e2e/tap.sh"
plan 48

D="$top_srcdir/tests/data/traces"

# small.txt: 7 0 1 2 0 3 (reads), 0x10 W, R 4 (ASID 1), 4 W (ASID 1, 8 bytes)
# pages (page, ASID): 7 0 1 2 3 16 and 4 of ASID 1: 7 distinct; 2 reuses:
#   0 at t=4, since t=1: 1 2 0 -> distance 3;  4 of ASID 1 at t=8: -> 1
# sorted 1 3: min 1, median (1st) 1, p90 (2nd) 3, max 3, mean 2
out=$("$VMLAB" trace info "$D/small.txt")
is "info: a text trace, worked by hand" "$out" "trace               $D/small.txt
format              text
unit                page numbers (pages of 4096 bytes)
references          9
  reads             7 (77.8%)
  writes            2 (22.2%)
  ifetches          0 (0.0%)
processes           2 (ASIDs 0..1)
distinct pages      7 (page numbers 0..16)
footprint           28672 bytes (28K)
reuses              2 (the rest are first touches)
LRU stack distance  min 1, median 1, p90 3, p99 3, max 3, mean 2.00"

out=$("$VMLAB" trace info "$D/small.txt.gz" | sed -n '2p;4p')
is "info: gzip recognised by its magic bytes" "$out" "format              text, compressed with gzip
references          9"

out=$("$VMLAB" trace info "$D/small.vmt" | tail -3)
is "info: native keeps the metadata of the conversion" "$out" "metadata
  converted_from    small.txt (text)
  page_size         4096"

"$VMLAB" trace info "$D/small.txt" --json >info.json
out=$(tr -d ' \n' <info.json | grep -o '"refs":9,"reads":7,"writes":2,"ifetches":0,"asids":2,"pages":7,"page_min":0,"page_max":16,"footprint_bytes":28672,"reuse_distance":{"reuses":2,"min":1,"p50":1,"p90":3,"p99":3,"max":3,"mean":2.0,"log2_histogram":\[1,1\]}')
like "info --json: the same numbers" "$out" 'refs'

out=$(cat "$D/small.txt.gz" | "$VMLAB" trace info - | sed -n '2p;4p')
is "standard input: recognised and decompressed too" "$out" "format              text, compressed with gzip
references          9"
out=$(cat "$D/small.vmt" | "$VMLAB" sim - --policy lru,opt --frames 2 | tail -2)
is "standard input: native, simulated with OPT's two passes" "$out" \
    "$("$VMLAB" sim "$D/small.txt" --policy lru,opt --frames 2 | tail -2)"

out=$("$VMLAB" trace head "$D/small.vmt" -n 3 --from 6)
is "head --from through the native index" "$out" "16 W 0 0
4 R 1 0
4 W 1 8"

out=$("$VMLAB" trace head "$D/small.txt" -n 2)
is "head -n" "$out" "7 R 0 0
0 R 0 0"

# lackey.txt: lines I I S I S I, M M (a read then a write each), S S S S:
# 4 ifetches, 2 reads, 2 + 2 + 4 = 8 writes
out=$("$VMLAB" trace info "$D/lackey.txt" | sed -n '2,7p')
is "lackey: I, L, S and M lines" "$out" "format              lackey
unit                byte addresses (pages of 4096 bytes)
references          14
  reads             2 (14.3%)
  writes            8 (57.1%)
  ifetches          4 (28.6%)"
out=$("$VMLAB" trace head "$D/lackey.txt" -n 2 --from 6)
is "lackey: M is a read then a write" "$out" "0x4033e06 R 0 1
0x4033e06 W 0 1"
out=$("$VMLAB" trace info "$D/lackey.txt" --format lackey:modify=write | sed -n 4p)
is "lackey: modify=write" "$out" "references          12"

# champsim.trace: loads 0x7ffe0010; 0x600000 0x600040, store 0x600080; a branch
out=$("$VMLAB" trace head "$D/champsim.trace.xz" -n 10)
is "champsim (xz): memory operands, loads before stores" "$out" "0x7ffe0010 R 0 0
0x600000 R 0 0
0x600040 R 0 0
0x600080 W 0 0"
out=$("$VMLAB" trace info "$D/champsim.trace.xz" --format champsim:ifetch=true | sed -n '2p;4p;7p')
is "champsim: ifetch=true adds the instruction fetches" "$out" "format              champsim, compressed with xz
references          7
  ifetches          3 (42.9%)"

# oracle.bin: ids 5 7 5 (size 0: skipped) 2^60 5
out=$("$VMLAB" trace info "$D/oracle.bin.zst" | sed -n '2,4p')
is "oracleGeneral (zstd)" "$out" "format              oracleGeneral, compressed with zstd
unit                page numbers (pages of 4096 bytes)
references          4"
out=$("$VMLAB" trace head "$D/oracle.bin" -n 2)
is "oracleGeneral: objects are pages, sizes kept (saturated)" "$out" "5 R 0 4096
7 R 0 65535"

# requests.csv: 42 get, 43 set, 42 get, 44 (size 0: skipped), 43 delete (skipped), 0x2a get
out=$("$VMLAB" trace head "$D/requests.csv")
is "csv: columns from the header, set is a write, delete skipped" "$out" "42 R 0 4096
43 W 0 512
42 R 0 4096
42 R 0 4096"
out=$("$VMLAB" sim "$D/requests.csv" --frames 1 | tail -1)
is "csv: simulated (LRU, 1 frame: 42 43 42 42 -> 3 faults, 1 write-back)" "$out" \
    "lru          1     4       3       0.7500            1"

# format options in an experiment file and in a spec string: op=none reads every request,
# the delete too: 42 43 42 43 42, 5 faults with 1 frame
printf '{"workload": {"trace": "%s", "format": "csv:id=obj_id,op=none"}, "policy": "lru", "frames": 1}\n' \
    "$D/requests.csv" >e.json
"$VMLAB" run e.json -q -o e.out.json
like "an experiment names the format and its options" "$(tr -d ' \n' <e.out.json)" '"refs":5,"hits":0,"faults":5,'
out=$("$VMLAB" sim --workload "trace:path=$D/requests.csv,format='csv:id=2,op=none'" --frames 1 | tail -1)
is "a spec string, the format's options quoted" "$out" "lru          1     5       5       1.0000            0"

# conversion: text -> native -> text keeps every reference
ok "convert text to native" "$VMLAB" trace convert "$D/small.txt" s.vmt
ok "convert native to text" "$VMLAB" trace convert s.vmt s.txt
is "round trip: the same references" "$("$VMLAB" trace head s.txt -n 100)" \
    "$("$VMLAB" trace head "$D/small.txt" -n 100)"
out=$("$VMLAB" trace convert "$D/small.txt" - --to text | grep -v '^#')
is "convert to standard output, compact lines" "$out" "7
0
1
2
0
3
16 W
4 R 1
4 W 1 8"
ok "convert with a filter" "$VMLAB" trace convert "$D/lackey.txt" d.vmt --only data --limit 5
out=$("$VMLAB" trace info d.vmt | grep -E '^references|ifetches|filter')
is "the filter applied and recorded" "$out" "references          5
  ifetches          0 (0.0%)
  filter            data references only, at most 5"

# gen: deterministic, byte for byte
ok "gen a workload" "$VMLAB" trace gen 'zipf:pages=1000,alpha=0.8,refs=20000' -o z1.vmt
"$VMLAB" trace gen 'zipf:pages=1000,alpha=0.8,refs=20000' -o z2.vmt
ok "gen twice: identical files" cmp z1.vmt z2.vmt
out=$("$VMLAB" trace info z1.vmt | grep -E '^references|workload|seed')
is "gen: the references, the spec and the seed recorded" "$out" "references          20000
  workload          zipf:pages=1000,alpha=0.8,refs=20000
  seed              1"
out1=$("$VMLAB" sim z1.vmt --policy lru,clock --frames 100 | tail -2)
out2=$("$VMLAB" sim --workload 'zipf:pages=1000,alpha=0.8,refs=20000' --policy lru,clock --frames 100 | tail -2)
is "gen: the trace simulates as the workload" "$out1" "$out2"

# bad files: exit 2, the file and byte named, never a short run
cp "$D/small.vmt" good.vmt
size=$(wc -c <good.vmt)
head -c $((size - 10)) good.vmt >cut.vmt
exits "truncated native: exit 2" 2 "$VMLAB" sim cut.vmt --frames 2
msg=$("$VMLAB" trace info cut.vmt 2>&1)
is "truncated native: found at open, the byte named" "$msg" \
    "vmlab: cut.vmt: byte $((size - 10 - 32)): no footer at the end of the file: truncated, or not finished (an interrupted write?)"
# flip a byte of the first block's payload: the block starts where the header ends
hlen=$(od -An -tu4 -j12 -N4 good.vmt | tr -d ' ')
cp good.vmt bad.vmt
printf '\377' | dd of=bad.vmt bs=1 seek=$((hlen + 45)) conv=notrunc 2>/dev/null
msg=$("$VMLAB" trace info bad.vmt 2>&1)
like "corrupt native: the block's checksum, at its byte" "$msg" \
    "^vmlab: bad.vmt: byte $hlen: block 0: checksum mismatch \\(stored [0-9a-f]{16}, computed [0-9a-f]{16}\\): the file is corrupt$"
exits "corrupt native: exit 2" 2 "$VMLAB" trace head bad.vmt
cp good.vmt new.vmt
printf '\002' | dd of=new.vmt bs=1 seek=8 conv=notrunc 2>/dev/null
msg=$("$VMLAB" sim new.vmt --frames 2 2>&1)
like "a newer version: refused, saying so" "$msg" \
    "new.vmt: byte 8: native format version 2.0; this vmlab reads version 1.x \\(written by a newer vmlab\\?\\)$"
head -c 300 /dev/urandom | tr '\000-\377' '\200-\377\200-\377' >garbage.bin
msg=$("$VMLAB" trace info garbage.bin 2>&1)
like "garbage: not a trace format" "$msg" "^vmlab: garbage.bin: not a trace format vmlab knows \\(first bytes: "
exits "garbage: exit 2" 2 "$VMLAB" trace info garbage.bin
exits "unknown format: exit 2" 2 "$VMLAB" trace info "$D/small.txt" --format nosuch
exits "a reader-only format cannot be written: exit 2" 2 "$VMLAB" trace convert "$D/small.txt" x --to lackey

for c in "trace --help" "trace info --help" "trace head --help" "trace convert --help" \
    "trace gen --help" "capture --help"; do
    # shellcheck disable=SC2086
    ok "$c" "$VMLAB" $c
done

out=$("$VMLAB" list formats | grep '^  [^ ]' | awk '{print $1}' | tr '\n' ' ')
like "list formats: every format" "$out" "text native lackey champsim oracleGeneral csv"

# the shared real trace: native and back, the same simulations
if [ -n "${SHARED_DATA:-}" ] && [ -f "$SHARED_DATA/cloudPhysicsIO.txt" ]; then
    C="$SHARED_DATA/cloudPhysicsIO.txt"
    "$VMLAB" trace convert "$C" c.vmt && "$VMLAB" trace convert c.vmt c.txt
    want=$("$VMLAB" sim "$C" --policy lru,fifo,clock,opt --frames 1000,10000 | cut -c1-40)
    is "cloudPhysicsIO as native: the same simulations" \
        "$("$VMLAB" sim c.vmt --policy lru,fifo,clock,opt --frames 1000,10000 | cut -c1-40)" "$want"
    is "cloudPhysicsIO native to text: the same simulations" \
        "$("$VMLAB" sim c.txt --policy lru,fifo,clock,opt --frames 1000,10000 | cut -c1-40)" "$want"
    out=$("$VMLAB" trace info c.vmt | grep -E '^references|^distinct')
    is "cloudPhysicsIO: 113872 references, 48974 distinct pages" "$out" "references          113872
distinct pages      48974 (page numbers $("$VMLAB" trace info "$C" | sed -n 's/.*(page numbers \(.*\))/\1/p'))"
else
    skip "cloudPhysicsIO as native: the same simulations" "no shared data ($SHARED_DATA)"
    skip "cloudPhysicsIO native to text: the same simulations" "no shared data"
    skip "cloudPhysicsIO: 113872 references, 48974 distinct pages" "no shared data"
fi
done_testing
