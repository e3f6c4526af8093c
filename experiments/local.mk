# experiments/: ready experiment files.

experimentsdir = $(pkgdatadir)/experiments
dist_experiments_DATA = experiments/quickstart.json experiments/belady.json

# processes and allocation (alloc): the thrashing cure
dist_experiments_DATA += experiments/thrashing.json
# translation model (issue 4)
dist_experiments_DATA += experiments/translation.json

# translation experiments (issue 7): TLB reach, page-walk caches, nested paging
dist_experiments_DATA += experiments/tlb-reach.json experiments/walk-caches.json \
	experiments/nested.json

# calibration (issue 6): the chase through the calibrated host profile and shipped ones
dist_experiments_DATA += experiments/calibration.json

# replacement experiments (issue 7): scan resistance
dist_experiments_DATA += experiments/scan.json
