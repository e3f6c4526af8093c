# results/: the results document, its schema and its reader/writer.

libvmlab_la_SOURCES += results/results.c results/results.h
dist_pkgdata_DATA += results/vmlab-results-1.schema.json
libvmlab_la_SOURCES += \
	results/stats.c results/stats.h \
	results/flat.c results/flat.h \
	results/summary.c results/summary.h
libvmlab_la_SOURCES += \
	results/merge.c results/merge.h \
	results/csv.c results/csv.h
