# core/mmu/: the translation model (issue 4): TLBs, walk caches, page
# tables, nested paging, the pipeline, MMU descriptions and profiles.

pkginclude_HEADERS += core/include/vmlab/mmu.h core/include/vmlab/tlb_policy.h

libvmlab_la_SOURCES += \
	core/mmu/tlb.c core/mmu/tlb.h \
	core/mmu/pwc.c core/mmu/pwc.h \
	core/mmu/pt.h core/mmu/pt_radix.c core/mmu/pt_hashed.c core/mmu/pt_cuckoo.c \
	core/mmu/walker.c core/mmu/walker.h core/mmu/nested.c \
	core/mmu/mmu.c core/mmu/mmu.h core/mmu/translate.h \
	core/mmu/desc.c core/mmu/desc.h core/mmu/profiles.c

# profiles are found in $(pkgdatadir)/mmu once installed, in the sources before
AM_CPPFLAGS += -DVMLAB_PKGDATADIR='"$(pkgdatadir)"' \
	-DVMLAB_SRC_PROFILES='"$(abs_top_srcdir)/core/mmu/profiles"'

mmuprofilesdir = $(pkgdatadir)/mmu
dist_mmuprofiles_DATA = \
	core/mmu/profiles/skylake.json \
	core/mmu/profiles/icelake.json \
	core/mmu/profiles/sapphire-rapids.json \
	core/mmu/profiles/zen3.json \
	core/mmu/profiles/zen4.json \
	core/mmu/profiles/zen5.json \
	core/mmu/profiles/neoverse-n1.json

# the translation table of `vmlab sim`
vmlab_SOURCES += core/cli/translation.c

# calls between the library's own functions go direct, not through the PLT
# (nothing interposes on them); the translation model's slow paths are such calls
libvmlab_la_CFLAGS += -fno-semantic-interposition
