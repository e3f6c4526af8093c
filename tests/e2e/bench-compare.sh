#!/bin/sh
# bench-compare.sh - bench/compare, the paired comparison of two builds'
# speed (docs/performance.md): on two stand-in benches whose figures are
# fixed per call, its ratios and intervals are the ones worked out below,
# its rounds alternate, its errors say what is wrong; on the real bench it
# finds every figure the bench prints.
. "$top_srcdir/tests/e2e/tap.sh"
plan 11

C="$top_srcdir/bench/compare"
B="$top_builddir/bench/vmlab-bench"

# fake SIDE LIRS... : a stand-in bench printing bench.c's tables; its k-th
# call gives lirs the k-th of its rates, and logs SIDE to calls.log
fake() {
    side=$1
    shift
    {
        echo '#!/bin/sh'
        echo "echo $side >>'$T/calls.log'"
        echo "k=\$(grep -c . '$T/calls.$side' 2>/dev/null || echo 0); echo x >>'$T/calls.$side'"
        echo "set -- $*; shift \$k; lirs=\$1"
        echo 'echo "vmlab-bench 0.1.0: zipf:pages=1000000,alpha=0.9,refs=1e7,seed=1"'
        echo 'echo "10000000 references, 65536 frames, visibility exact, best of 1; trace materialised in 0.40 s"'
        echo 'echo'
        echo 'echo "policy               Mrefs/s  CPU Mrefs/s     faults    fault ratio  model MiB  B/frame"'
        echo 'echo "lirs                  $lirs         15.6    3614879       0.361488       26.2    419.9"'
        if [ "$side" = base ]; then
            echo 'echo "fifo                    50.0         50.0    4535712       0.453571       18.6    297.0"'
        else
            echo 'echo "fifo                    25.0         25.0    4535712       0.453571       18.6    297.0"'
            echo 'echo "sieve                   70.0         70.0    3531256       0.353126       18.8    302.0"'
        fi
        echo 'echo'
        echo 'echo "format       decode (CPU)  decode (wall)  bytes/ref          write"'
        echo 'echo "                  Mrefs/s        Mrefs/s                   Mrefs/s"'
        echo 'echo "native              375.5          300.0       2.49           43.2"'
        echo 'echo'
        echo 'echo "zipf:pages=100000,alpha=0.9,refs=1e7,seed=1, 10000000 references, 65536 frames, LRU pages:"'
        echo 'echo "pipeline                              Mrefs/s    L1 miss  walks/ref   cycles/ref"'
        if [ "$side" = base ]; then
            echo 'echo "L1 64x4, STLB 1536x12, PSC, radix4       20.0     0.8759     0.6160      4638.09"'
        else
            echo 'echo "L1 64x4, STLB 1536x12, PSC, radix4       40.0     0.8759     0.6160      4638.09"'
        fi
    } >"$T/$side"
    chmod +x "$T/$side"
}
fake base 10.0 10.0 10.0 10.0 10.0 10.0
fake new 12.0 15.0 12.0 15.0 12.0 15.0
"$C" --rounds 2 "$T/base" "$T/new" >out.txt 2>err.txt
is "two rounds of the stand-ins: exit 0" "$?" 0
# lirs: ratios 1.2 and 1.5: geometric mean sqrt(1.8) = 1.342; logarithms
# 0.1823 and 0.4055, standard deviation 0.1578, t(1) = 12.706: half-width
# 12.706 * 0.1578 / sqrt(2) = 1.4177, so exp(0.2939 -+ 1.4177) = [0.325, 5.537]
is "...lirs: the geometric mean of 1.2 and 1.5, Student t's interval with one degree of freedom" \
    "$(grep ' policy lirs$' out.txt | tr -s ' ')" \
    " 10.0 13.5 1.342 [0.325, 5.537] same policy lirs"
is "...fifo: half as fast in both rounds: an interval of one point, slower" \
    "$(grep ' policy fifo$' out.txt | tr -s ' ')" \
    " 50.0 25.0 0.500 [0.500, 0.500] slower policy fifo"
is "...decode (wall clock) unchanged: same; the pipeline twice as fast: faster" \
    "$(grep -E 'decode native|radix4' out.txt | tr -s ' ')" \
    " 300.0 300.0 1.000 [1.000, 1.000] same decode native
 20.0 40.0 2.000 [2.000, 2.000] faster zipf:pages=100000,alpha=0.9,refs=1e7,seed=1: L1 64x4, STLB 1536x12, PSC, radix4"
is "...a figure only one build prints is named, not compared" \
    "$(grep 'sieve' out.txt | tr -s ' ')" \
    " - - - - - policy sieve (in fewer than 2 rounds of both)"
is "...the order alternates: base first, then new first" "$(tr '\n' ' ' <calls.log)" "base new new base "

is "...no warning for self-contained benches" "$(cat err.txt)" ""
# libtool's wrapper runs the library as built now: a copy of it is no old build
{ echo '#!/bin/sh'; echo '# x - temporary wrapper script for .libs/x'; tail -n +2 "$T/base"; } >wrapped
chmod +x wrapped
"$C" --rounds 2 ./wrapped "$T/new" >/dev/null 2>wrapped.err
is "a libtool wrapper: compared, and named in a warning" \
    "$? $(grep -c "^bench/compare: warning: ./wrapped is libtool's wrapper" wrapped.err)" "0 1"
exits "a build that fails: exit 2" 2 "$C" --rounds 2 "$T/base" /bin/false
is "bad --rounds: named, with what is expected" \
    "$("$C" --rounds 1 "$T/base" "$T/new" 2>&1)" \
    "bench/compare: --rounds: expected at least 2 rounds, not '1'"

# the real bench against itself, two rounds of a small run: every figure found
"$C" --rounds 2 "$B" "$B" --workload zipf:pages=1000,alpha=0.9,refs=1e4,seed=1 \
    --policy fifo,lru --mrc lru --lines 2 --mmu-workload zipf:pages=500,alpha=0.9,refs=1e4,seed=1 \
    >real.txt 2>real.err
is "the real bench: every figure it prints, in its order" \
    "$(sed -e '1d' -e '$d' real.txt | awk '{ $1 = $2 = $3 = $4 = $5 = $6 = ""; sub(/^ +/, ""); print }')" \
    "policy fifo
policy lru
decode native
decode text
curve lru
zipf:pages=1000,alpha=0.9,refs=1e4,seed=1: none (page model only)
zipf:pages=1000,alpha=0.9,refs=1e4,seed=1: L1 64x4, STLB 1536x12, PSC, radix4
zipf:pages=1000,alpha=0.9,refs=1e4,seed=1: the same, TLB LRU through its table
zipf:pages=500,alpha=0.9,refs=1e4,seed=1: none (page model only)
zipf:pages=500,alpha=0.9,refs=1e4,seed=1: L1 64x4, STLB 1536x12, PSC, radix4
zipf:pages=500,alpha=0.9,refs=1e4,seed=1: the same, TLB LRU through its table
zipf:pages=500,alpha=0.9,refs=1e4,seed=1, 2 lines per page visit: none (page model only)
zipf:pages=500,alpha=0.9,refs=1e4,seed=1, 2 lines per page visit: L1 64x4, STLB 1536x12, PSC, radix4
zipf:pages=500,alpha=0.9,refs=1e4,seed=1, 2 lines per page visit: the same, TLB LRU through its table"
