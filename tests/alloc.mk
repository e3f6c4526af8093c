# tests/alloc.mk: tests of this area (included from tests/local.mk).
# Check programs go inside "if HAVE_CHECK ... endif"; add them to check_PROGRAMS
# and TESTS, with CPPFLAGS/CFLAGS/LDADD from $(TESTS_CPPFLAGS), $(TESTS_CFLAGS),
# $(TESTS_LDADD); shell tests to E2E_TESTS and EXTRA_DIST.

if HAVE_CHECK
check_PROGRAMS += tests/test_alloc
TESTS += tests/test_alloc
tests_test_alloc_SOURCES = tests/test_alloc.c
tests_test_alloc_CPPFLAGS = $(TESTS_CPPFLAGS)
tests_test_alloc_CFLAGS = $(TESTS_CFLAGS)
tests_test_alloc_LDADD = $(TESTS_LDADD)
check_PROGRAMS += tests/test_sdk
TESTS += tests/test_sdk
tests_test_sdk_SOURCES = tests/test_sdk.c
tests_test_sdk_CPPFLAGS = $(TESTS_CPPFLAGS)
tests_test_sdk_CFLAGS = $(TESTS_CFLAGS)
tests_test_sdk_LDADD = $(TESTS_LDADD)
endif
E2E_TESTS += tests/e2e/alloc.sh

# The plugin SDK (alloc): `make check` stages an install (DESTDIR) and builds
# the out-of-tree example policies/examples/lifo.c against it with nothing
# but pkg-config and the staged vmlab.pc; tests/e2e/sdk.sh loads it into the
# built and into the staged vmlab.
SDK_STAGE = $(abs_top_builddir)/tests/sdk-stage
SDK_PKG_CONFIG = PKG_CONFIG_PATH='$(SDK_STAGE)$(pkgconfigdir)' \
	PKG_CONFIG_LIBDIR='$(SDK_STAGE)$(pkgconfigdir)' PKG_CONFIG_SYSROOT_DIR='$(SDK_STAGE)' \
	$(PKG_CONFIG)
check_SCRIPTS += tests/sdk/example-lifo.so
tests/sdk/example-lifo.so: $(top_srcdir)/policies/examples/lifo.c libvmlab.la vmlab$(EXEEXT) vmlab.pc
	$(AM_V_GEN)rm -rf '$(SDK_STAGE)' && \
	$(MAKE) $(AM_MAKEFLAGS) install DESTDIR='$(SDK_STAGE)' >/dev/null && \
	$(MKDIR_P) tests/sdk && \
	$(CC) $(CFLAGS) $(VMLAB_WARN_CFLAGS) -shared -fPIC \
		`$(SDK_PKG_CONFIG) --cflags vmlab` $(top_srcdir)/policies/examples/lifo.c \
		-o $@ `$(SDK_PKG_CONFIG) --libs vmlab`
clean-local: clean-local-sdk
clean-local-sdk:
	rm -rf '$(SDK_STAGE)' tests/sdk
.PHONY: clean-local-sdk
AM_TESTS_ENVIRONMENT += \
	SDK_STAGE='$(SDK_STAGE)'; export SDK_STAGE; \
	SDK_BINDIR='$(bindir)'; export SDK_BINDIR; \
	SDK_LIBDIR='$(libdir)'; export SDK_LIBDIR; \
	SDK_INCLUDEDIR='$(includedir)'; export SDK_INCLUDEDIR; \
	SDK_PKGCONFIGDIR='$(pkgconfigdir)'; export SDK_PKGCONFIGDIR; \
	PKG_CONFIG='$(PKG_CONFIG)'; export PKG_CONFIG; \
	MAKE='$(MAKE)'; export MAKE;
E2E_TESTS += tests/e2e/sdk.sh

# The policy ABI (alloc): a plugin built for ABI 1 that calls the frame verbs
# ABI 1 exported is refused by its ABI number (tests/e2e/plugin.sh)
if HAVE_CHECK
check_LTLIBRARIES += tests/plugins/abi1_plugin.la
tests_plugins_abi1_plugin_la_SOURCES = tests/plugins/abi1_plugin.c
tests_plugins_abi1_plugin_la_LDFLAGS = -module -avoid-version -shared -rpath /nowhere
endif
