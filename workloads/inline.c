/*
 * inline.c - the "inline" workload: a reference string written in the
 * experiment itself, in the text format's syntax ("7,0,1,2,0,3,0,4"), as an
 * operating-systems course writes it on the board.
 *
 * Parameters: refs (the string), unit (default page).
 */
#include <config.h>

#include <string.h>

#include <vmlab/workload.h>

#include "text.h"

static const struct vmlab_param_desc inline_params[] = {
    {"refs", VMLAB_PARAM_STRING, NULL, VMLAB_ANY, NULL,
     "the references, in the text trace syntax (e.g. '7,0,1,2,0,3')"},
    {"unit", VMLAB_PARAM_STRING, "page", VMLAB_ANY, "page|byte",
     "whether the numbers are page numbers or byte addresses"},
    {0},
};

static int inline_open(struct vmlab_stream **out, const struct vmlab_params *p,
                       const struct vmlab_workload_env *env, struct vmlab_error *err)
{
    enum vmlab_unit unit =
        strcmp(vmlab_param_string(p, "unit"), "byte") ? VMLAB_UNIT_PAGE : VMLAB_UNIT_BYTE;
    return vmlab_text_open_string(out, vmlab_param_string(p, "refs"), "refs", unit, err);
}

const struct vmlab_workload vmlab_workload_inline = {
    .abi = VMLAB_WORKLOAD_ABI,
    .name = "inline",
    .summary = "a reference string written inline (text trace syntax)",
    .params = inline_params,
    .open = inline_open,
};
