# experiments/: ready experiment files.

experimentsdir = $(pkgdatadir)/experiments
dist_experiments_DATA = experiments/quickstart.json experiments/belady.json

# translation model (issue 4)
dist_experiments_DATA += experiments/translation.json

# calibration (issue 6): the chase through the calibrated host profile and shipped ones
dist_experiments_DATA += experiments/calibration.json
