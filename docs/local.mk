# docs/: the user documentation.

dist_doc_DATA += \
	docs/architecture.md \
	docs/config.md \
	docs/results.md \
	docs/calibration.md

# replacement policies (issue 3)
dist_doc_DATA += docs/policies.md
