# vmlab-style.gp - the one style of vmlab's figures (paper-ready).
#
# `vmlab plot` copies this file into every script it writes, so a script
# runs on its own. Variables chosen before it runs (gnuplot -e "..."):
#
#   fmt     "pdf" (default), "png" (300 dpi) or "svg"
#   size    "column" (default): 3.3 in wide, one column of a two-column paper;
#           "page": 7 in wide, across both columns
#   height  inches (default: column_height, which each figure's script sets
#           (2.2 unless told), and 0.4 in more across a page)
#   base    output file name without extension
#
# Text is 8 pt Helvetica (Liberation Sans or Nimbus Sans where Helvetica is
# absent), data lines 1 pt, axes 0.5 pt, at every size and in every format:
# a PNG is the PDF at 300 dpi, pixel for pixel, and an SVG the same at 96
# px/in. The cairo terminals size fonts at 96 dpi after a default scale of
# 1/2 (pdfcairo) and lines at 144 dpi, points at 72; hence the factors below.
# Colours: the Okabe-Ito palette (Okabe and Ito, "Color Universal Design",
# 2008), safe for the common colour-vision deficiencies. Every line style
# also has its own dash pattern and point type, and the fills of bars
# alternate dark and light, so a figure printed in black and white still
# tells its series apart. No chart junk: two axes, outward ticks, a faint
# grid on y, a key without a box.

if (!exists("fmt")) fmt = "pdf"
if (!exists("size")) size = "column"
if (!exists("base")) base = "figure"
vmlab_w = (size eq "page") ? 7.0 : 3.3
if (!exists("column_height")) column_height = 2.2
if (!exists("height")) height = (size eq "page") ? column_height + 0.4 : column_height
vmlab_dpi = 300.0

if (fmt eq "pdf") {
    set terminal pdfcairo enhanced color rounded size vmlab_w, height \
        font "Helvetica,8" fontscale 0.75 linewidth 1
    vmlab_ps = 1.0
} else {
    if (fmt eq "png") {
        set terminal pngcairo enhanced color rounded size vmlab_w * vmlab_dpi, height * vmlab_dpi \
            font "Helvetica,8" fontscale vmlab_dpi / 96 linewidth vmlab_dpi / 144 \
            dashlength 144 / vmlab_dpi
        vmlab_ps = vmlab_dpi / 72
    } else {
        set terminal svg enhanced rounded size vmlab_w * 96, height * 96 \
            font "Helvetica,8" fontscale 4.0 / 3 linewidth 2.0 / 3 background rgb "white"
        vmlab_ps = 1.25
    }
}
set output sprintf("%s.%s", base, fmt)

# lines: 1 pt wide (the unit is half a point), each its own colour, dashes and points;
# points 3 pt across (ps 1 is 6.5 pt)
set style line 1 lc rgb "#0072B2" lw 2 dt 1 pt 7  ps 0.5 * vmlab_ps  # blue, solid, filled circle
set style line 2 lc rgb "#D55E00" lw 2 dt 2 pt 5  ps 0.5 * vmlab_ps  # vermillion, dashed, filled square
set style line 3 lc rgb "#009E73" lw 2 dt 4 pt 9  ps 0.6 * vmlab_ps  # bluish green, dash-dot, filled triangle
set style line 4 lc rgb "#CC79A7" lw 2 dt 3 pt 13 ps 0.6 * vmlab_ps  # reddish purple, dotted, filled diamond
set style line 5 lc rgb "#E69F00" lw 2 dt 5 pt 6  ps 0.5 * vmlab_ps  # orange, long dash, open circle
set style line 6 lc rgb "#56B4E9" lw 2 dt 1 pt 4  ps 0.5 * vmlab_ps  # sky blue, solid, open square
set style line 7 lc rgb "#000000" lw 2 dt 2 pt 8  ps 0.6 * vmlab_ps  # black, dashed, open triangle
set style line 8 lc rgb "#999999" lw 2 dt 4 pt 12 ps 0.6 * vmlab_ps  # grey, dash-dot, open diamond
set style increment user

# bar fills in an order that alternates dark and light (luminance 0.30 ... 0.64)
array vmlab_fill[8] = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", \
                       "#000000", "#999999"]

set border 3 lw 1
set tics nomirror out scale 0.5
set mxtics default
set grid ytics lc rgb "#e0e0e0" lw 0.5 dt 1
set grid noxtics
set key nobox noopaque samplen 2.5 spacing 1.0 width 0 height 0.5
set style data linespoints
set datafile commentschars "#"
set datafile missing "?"
set datafile separator whitespace
set style fill solid 1.0 border lc rgb "#000000"
set style histogram clustered gap 1
set boxwidth 0.9 relative
set bars small
