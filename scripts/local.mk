# scripts/: the figure style, dependency installer and helper scripts.

dist_pkgdata_DATA += scripts/vmlab-style.gp
EXTRA_DIST += scripts/install-deps scripts/quickstart
