/* version.c - the library's version string. */
#include <config.h>

#include <vmlab/vmlab.h>

const char *vmlab_version(void)
{
    return PACKAGE_VERSION;
}
