# vmlab-style.gp - the one style of vmlab's figures (paper-ready).
#
# Included at the top of every script `vmlab plot` writes. Choose the output
# with variables before loading: fmt ("pdf", "png" or "svg"), columns (1 for
# a one-column figure, 3.5 in wide; 2 for a two-column one, 7 in), base (the
# output file name without extension).
#
# Colours: the Okabe-Ito palette (Okabe and Ito, "Color Universal Design",
# 2008), safe for the common colour-vision deficiencies. Every line style
# also has its own dash pattern and point type, so a figure printed in black
# and white still tells its lines apart. No chart junk: two axes, outward
# ticks, a light grid on y only, no box around the key.

if (!exists("fmt")) fmt = "pdf"
if (!exists("columns")) columns = 1
if (!exists("base")) base = "figure"
vmlab_w = (columns == 2) ? 7.0 : 3.5
vmlab_h = (columns == 2) ? 2.6 : 2.4

if (fmt eq "pdf") {
    set terminal pdfcairo enhanced color size vmlab_w, vmlab_h font "Helvetica,8" linewidth 1
} else {
    if (fmt eq "png") {
        # 300 dpi; cairo sizes fonts at 72 dpi, so fonts and lines scale by 300/72
        set terminal pngcairo enhanced color size vmlab_w * 300, vmlab_h * 300 \
            font "Helvetica,33" linewidth 4
    } else {
        set terminal svg enhanced size vmlab_w * 96, vmlab_h * 96 font "Helvetica,11" \
            linewidth 1.3 background rgb "white"
    }
}
set output sprintf("%s.%s", base, fmt)

set style line 1 lc rgb "#0072B2" lw 1.5 dt 1 pt 7  ps 0.55  # blue, solid, filled circle
set style line 2 lc rgb "#D55E00" lw 1.5 dt 2 pt 5  ps 0.55  # vermillion, dashed, filled square
set style line 3 lc rgb "#009E73" lw 1.5 dt 4 pt 9  ps 0.65  # bluish green, dash-dot, triangle
set style line 4 lc rgb "#CC79A7" lw 1.5 dt 3 pt 13 ps 0.65  # reddish purple, dotted, diamond
set style line 5 lc rgb "#E69F00" lw 1.5 dt 5 pt 6  ps 0.55  # orange, long dash, open circle
set style line 6 lc rgb "#56B4E9" lw 1.5 dt 1 pt 4  ps 0.55  # sky blue, solid, open square
set style line 7 lc rgb "#000000" lw 1.5 dt 2 pt 8  ps 0.65  # black, dashed, open triangle
set style line 8 lc rgb "#999999" lw 1.5 dt 4 pt 12 ps 0.65  # grey, dash-dot, open diamond
set style increment user

set border 3 lw 0.8
set tics nomirror out scale 0.5
set grid ytics lc rgb "#dddddd" lw 0.5 dt 1
set key top right nobox samplen 2.5 spacing 1.1 noopaque
set style data linespoints
set datafile commentschars "#"
set datafile missing "?"
