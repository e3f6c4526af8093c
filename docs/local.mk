# docs/: the user documentation.

dist_doc_DATA += \
	docs/architecture.md \
	docs/config.md \
	docs/results.md \
	docs/calibration.md

# translation model (issue 4)
dist_doc_DATA += docs/mmu.md
