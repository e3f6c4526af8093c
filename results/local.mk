# results/: the results document, its schema and its reader/writer.

libvmlab_la_SOURCES += results/results.c results/results.h
dist_pkgdata_DATA += results/vmlab-results-1.schema.json
