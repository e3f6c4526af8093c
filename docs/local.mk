# docs/: the user documentation.

dist_doc_DATA += \
	docs/architecture.md \
	docs/config.md \
	docs/results.md \
	docs/calibration.md
# generator suite (issue 5)
dist_doc_DATA += docs/workloads.md

# trace formats (issue 5)
dist_doc_DATA += docs/traces.md
