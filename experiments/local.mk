# experiments/: ready experiment files.

experimentsdir = $(pkgdatadir)/experiments
dist_experiments_DATA = experiments/quickstart.json experiments/belady.json
