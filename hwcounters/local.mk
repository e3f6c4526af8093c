# hwcounters/: the host's description (hwloc), counters and calibration.

libvmlab_la_SOURCES += hwcounters/host.c hwcounters/host.h
libvmlab_la_SOURCES += \
	hwcounters/cpuid.c hwcounters/cpuid.h \
	hwcounters/counters.c hwcounters/counters.h \
	hwcounters/chase.c hwcounters/chase.h \
	hwcounters/calib.c hwcounters/calib.h \
	hwcounters/discover.c hwcounters/discover.h
