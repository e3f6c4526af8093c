# docs/: the user documentation.

dist_doc_DATA += \
	docs/architecture.md \
	docs/config.md \
	docs/results.md \
	docs/calibration.md
dist_doc_DATA += docs/mrc.md
