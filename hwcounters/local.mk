# hwcounters/: the host's description (hwloc), counters and calibration.

libvmlab_la_SOURCES += hwcounters/host.c hwcounters/host.h
libvmlab_la_SOURCES += \
	hwcounters/cpuid.c hwcounters/cpuid.h \
	hwcounters/counters.c hwcounters/counters.h \
	hwcounters/chase.c hwcounters/chase.h \
	hwcounters/calib.c hwcounters/calib.h \
	hwcounters/discover.c hwcounters/discover.h
# calibration against the translation model (issue 6)
libvmlab_la_SOURCES += \
	hwcounters/curve.c hwcounters/curve.h \
	hwcounters/model.c hwcounters/model.h
