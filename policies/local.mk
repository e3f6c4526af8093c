# policies/: page-replacement policies, one file each, the registry and the
# plugin loader. A new policy: its file here, and one line in policies/list.h.

libvmlab_la_SOURCES += \
	policies/list.h \
	policies/registry.c \
	policies/plugin.c \
	policies/lib/dlist.h \
	policies/lib/heap.h \
	policies/opt.c \
	policies/fifo.c \
	policies/lru.c \
	policies/lru.h \
	policies/clock.c \
	policies/random.c

# TLB (per-set) replacement policies of the translation model (issue 4): one
# header each, inlined into the model's lookups; a registry wraps them.
libvmlab_la_SOURCES += \
	policies/lib/registry.h \
	policies/tlb/list.h \
	policies/tlb/common.h \
	policies/tlb/builtin.h \
	policies/tlb/registry.c \
	policies/tlb/lru.h \
	policies/tlb/plru.h \
	policies/tlb/nru.h \
	policies/tlb/fifo.h \
	policies/tlb/random.h \
	policies/tlb/srrip.h

# classic policies (issue 3)
libvmlab_la_SOURCES += \
	policies/lib/sweep.h \
	policies/lib/bitset.h \
	policies/nru.c \
	policies/enhanced_clock.c \
	policies/second_chance.c \
	policies/gclock.c \
	policies/aging.c \
	policies/lfu.c \
	policies/mru.c \
	policies/lifo.c \
	policies/ws.c \
	policies/wsclock.c

# the plugin SDK (alloc): the annotated skeleton, registered as "template";
# the out-of-tree example is built by tests/alloc.mk against a staged install
libvmlab_la_SOURCES += policies/template.c
EXTRA_DIST += policies/examples/lifo.c policies/examples/Makefile

# modern policies (issue 3) and the ghost tables they share
libvmlab_la_SOURCES += \
	policies/lib/ghost.h \
	policies/twoq.c \
	policies/lru_k.c \
	policies/arc.c \
	policies/car.c \
	policies/clock_pro.c \
	policies/lirs.c \
	policies/lirs.h \
	policies/linux_lru.c \
	policies/mglru.c \
	policies/s3fifo.c \
	policies/sieve.c
