/*
 * walk.c - the program `vmlab capture` is tested on (tests/e2e/capture.sh):
 * its data references are known exactly. It prints the address and size of
 * a static, page-aligned array, then stores one byte every STRIDE bytes of
 * it, from the first to the last, PASSES times:
 *
 *   for p in 0..PASSES-1: for i = 0, STRIDE, 2 STRIDE, ... < SIZE: array[i] = p
 *
 * so lackey must see PASSES x SIZE / STRIDE one-byte stores into the array,
 * in address order, covering its SIZE / 4096 pages. Built without
 * sanitizers (valgrind runs it), at -O1 so the loop keeps one store per
 * element and no other reference into the array.
 *
 *   usage: walk [PASSES [STRIDE]]      (defaults 3 and 64)
 */
#include <stdio.h>
#include <stdlib.h>

#define SIZE (16 * 4096)

static volatile unsigned char array[SIZE] __attribute__((aligned(4096)));

int main(int argc, char **argv)
{
    int passes = argc > 1 ? atoi(argv[1]) : 3;
    long stride = argc > 2 ? atol(argv[2]) : 64;
    if (passes < 0 || stride < 1)
        return 2;
    printf("array 0x%lx %d\n", (unsigned long)(size_t)array, SIZE);
    fflush(stdout);
    for (int p = 0; p < passes; p++)
        for (long i = 0; i < SIZE; i += stride)
            array[i] = (unsigned char)p;
    return 0;
}
