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
