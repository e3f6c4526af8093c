# core/: the engine, its public headers, and the vmlab command.

pkginclude_HEADERS += \
	core/include/vmlab/vmlab.h \
	core/include/vmlab/error.h \
	core/include/vmlab/ref.h \
	core/include/vmlab/params.h \
	core/include/vmlab/frames.h \
	core/include/vmlab/policy.h \
	core/include/vmlab/rng.h \
	core/include/vmlab/stream.h \
	core/include/vmlab/workload.h \
	core/include/vmlab/sim.h \
	core/include/vmlab/mem.h

# trace formats (issue 5): byte sources, metadata, writers, filters, trace statistics
pkginclude_HEADERS += \
	core/include/vmlab/input.h \
	core/include/vmlab/trace.h
libvmlab_la_SOURCES += \
	core/input.c \
	core/output.c core/output.h \
	core/trace.c \
	core/tracestat.c core/tracestat.h \
	core/xxh64.c core/xxh64.h
# one-pass curves (issue 8)
pkginclude_HEADERS += core/include/vmlab/mrc.h
libvmlab_la_SOURCES += core/mrc.c core/nextuse.h core/curves.c core/curves.h

libvmlab_la_SOURCES += \
	core/error.c \
	core/mem.c \
	core/params.c \
	core/stream.c \
	core/pagemap.c core/pagemap.h \
	core/vm.c core/vm.h \
	core/sim.c \
	core/config.c core/config.h \
	core/runner.c core/runner.h \
	core/version.c

# processes and frame allocation (alloc): pools, ws/pff, load control
libvmlab_la_SOURCES += core/alloc.c core/alloc.h

bin_PROGRAMS += vmlab
vmlab_SOURCES = \
	core/cli/main.c \
	core/cli/cli.h \
	core/cli/table.c \
	core/cli/cmd_list.c \
	core/cli/cmd_sim.c \
	core/cli/cmd_run.c \
	core/cli/cmd_plot.c \
	core/cli/cmd_host.c \
	core/cli/cmd_calibrate.c
# trace formats (issue 5): vmlab trace, vmlab capture
vmlab_SOURCES += core/cli/cmd_trace.c
nodist_vmlab_SOURCES = core/cli/style.inc
vmlab_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS) -DVMLAB_GNUPLOT='"$(GNUPLOT)"'
vmlab_LDADD = libvmlab.la $(JANSSON_LIBS)

# the figure style, compiled into the command as a C string
BUILT_SOURCES += core/cli/style.inc
CLEANFILES += core/cli/style.inc
core/cli/style.inc: $(top_srcdir)/scripts/vmlab-style.gp
	$(AM_V_GEN)$(MKDIR_P) core/cli && \
	$(SED) -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $< > $@.tmp && mv $@.tmp $@

# results and plots (issue 7)
vmlab_SOURCES += core/cli/cmd_results.c core/cli/view.c \
	core/cli/plot.h core/cli/plot_out.c core/cli/plot_results.c core/cli/plot_calib.c
# one-pass curves (issue 8): the inputs shared by sim and mrc, and vmlab mrc
vmlab_SOURCES += core/cli/input.c core/cli/cmd_mrc.c
