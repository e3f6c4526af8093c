# docs/: the user documentation.

dist_doc_DATA += \
	docs/architecture.md \
	docs/config.md \
	docs/results.md \
	docs/calibration.md
# generator suite (issue 5)
dist_doc_DATA += docs/workloads.md

# results and plots (issue 7): the user guide, the generated reference, the
# experiments, plotting, the man page. `make docs-reference` regenerates
# what comes from the registries (docs/reference.md, the metric table of
# docs/results.md); tests/e2e/docs.sh fails when they differ from the code.
dist_doc_DATA += docs/guide.md docs/reference.md docs/experiments.md docs/plotting.md
dist_man1_MANS = docs/vmlab.1
EXTRA_DIST += scripts/update-docs

docs-reference: vmlab$(EXEEXT)
	$(SHELL) $(srcdir)/scripts/update-docs ./vmlab$(EXEEXT) $(srcdir)
.PHONY: docs-reference
dist_doc_DATA += docs/sweeps.md

# trace formats (issue 5)
dist_doc_DATA += docs/traces.md
dist_doc_DATA += docs/mrc.md
# translation model (issue 4)
dist_doc_DATA += docs/mmu.md

# replacement policies (issue 3)
dist_doc_DATA += docs/policies.md

# the plugin SDK guide (alloc)
dist_doc_DATA += docs/writing-a-policy.md

# performance figures and comparisons (issue 8)
dist_doc_DATA += docs/performance.md
