# workloads/: synthetic generators and trace formats, one file each.
# A new one: its file here, and one line in workloads/list.h.

libvmlab_la_SOURCES += \
	workloads/list.h \
	workloads/registry.c \
	workloads/gen.c workloads/gen.h \
	workloads/trace.c \
	workloads/inline.c \
	workloads/text.c workloads/text.h \
	workloads/sequential.c \
	workloads/loop.c \
	workloads/uniform.c \
	workloads/zipf.c

# generator suite (issue 5)
libvmlab_la_SOURCES += \
	workloads/strided.c \
	workloads/hotcold.c \
	workloads/phases.c \
	workloads/chase.c \
	workloads/gups.c \
	workloads/triad.c \
	workloads/matmul.c \
	workloads/stencil.c \
	workloads/bfs.c \
	workloads/hashjoin.c \
	workloads/mix.c

# scan-resistance experiment (issue 7): a hot set and one-time scans
libvmlab_la_SOURCES += workloads/scan.c

# trace formats (issue 5): one file per format, capture of real programs
libvmlab_la_SOURCES += \
	workloads/native.c \
	workloads/lackey.c \
	workloads/champsim.c \
	workloads/oracle.c \
	workloads/csv.c \
	workloads/ids.h \
	workloads/reader.h \
	workloads/capture.c workloads/capture.h
