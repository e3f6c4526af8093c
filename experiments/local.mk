# experiments/: ready experiment files.

experimentsdir = $(pkgdatadir)/experiments
dist_experiments_DATA = experiments/quickstart.json experiments/belady.json

# translation model (issue 4)
dist_experiments_DATA += experiments/translation.json
