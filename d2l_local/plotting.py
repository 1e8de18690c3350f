"""Figures in notebooks, as PNG.

d2l's helpers switch Jupyter to SVG, whose text embeds every plotted
coordinate and changing ids; strict nbval compares SVG text but not PNG, so
the helpers here switch back to PNG after d2l draws."""
from d2l import mxnet as d2l
from matplotlib_inline import backend_inline


def use_png_display():
    """Show matplotlib figures in Jupyter as PNG."""
    backend_inline.set_matplotlib_formats('png')


class Animator(d2l.Animator):
    """d2l's incrementally redrawn plot, shown as PNG."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_png_display()


def show_heatmaps(*args, **kwargs):
    """d2l's heat maps (matrices of shape (rows, cols, queries, keys)), as PNG."""
    d2l.show_heatmaps(*args, **kwargs)
    use_png_display()
