/*
 * text.h - the text trace format's entry points beyond the format table:
 * reading references from a string (the "inline" workload, --refs).
 */
#ifndef VMLAB_WORKLOADS_TEXT_H
#define VMLAB_WORKLOADS_TEXT_H

#include <vmlab/stream.h>

/*
 * A stream over the references written in @text (the text format's syntax);
 * @name stands for the source in error messages ("--refs"). Return: 0 or < 0.
 */
int vmlab_text_open_string(struct vmlab_stream **out, const char *text, const char *name,
                           enum vmlab_unit unit, struct vmlab_error *err);

#endif /* VMLAB_WORKLOADS_TEXT_H */
