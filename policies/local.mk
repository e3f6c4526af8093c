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
	policies/clock.c \
	policies/random.c

# modern policies (issue 3) and the ghost tables they share
libvmlab_la_SOURCES += \
	policies/lib/ghost.h \
	policies/lib/refbits.h \
	policies/twoq.c \
	policies/lru_k.c \
	policies/arc.c \
	policies/car.c \
	policies/clock_pro.c \
	policies/lirs.c \
	policies/linux_lru.c \
	policies/mglru.c \
	policies/s3fifo.c \
	policies/sieve.c
