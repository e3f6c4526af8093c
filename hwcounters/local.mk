# hwcounters/: the host's description (hwloc), counters and calibration.

libvmlab_la_SOURCES += hwcounters/host.c hwcounters/host.h
