# docs/: the user documentation.

dist_doc_DATA += \
	docs/architecture.md \
	docs/config.md \
	docs/results.md \
	docs/calibration.md

# the plugin SDK guide (alloc)
dist_doc_DATA += docs/writing-a-policy.md
