"""Figures in notebooks, as PNG.

d2l's helpers switch Jupyter to SVG, whose text embeds every plotted
coordinate and changing ids; strict nbval compares SVG text but not PNG, so
the helpers here switch back to PNG after d2l draws."""
import io

from d2l import mxnet as d2l
from IPython import display
from matplotlib_inline import backend_inline


def use_png_display():
    """Show matplotlib figures in Jupyter as PNG."""
    backend_inline.set_matplotlib_formats('png')


class Animator(d2l.Animator):
    """d2l's incrementally redrawn plot, shown as PNG.

    Each redraw updates one display in place (by its display id) instead of
    clearing the cell's output, which nbval cannot replay: a stored notebook
    holds exactly one figure per plot. The margins are fixed, so a redraw renders
    the figure once (Jupyter's "tight" bounding box renders it twice)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_png_display()
        d2l.plt.close(self.fig)  # shown by `add` only, not again at the cell's end
        self.fig.subplots_adjust(left=0.19, bottom=0.19, right=0.95, top=0.95)
        self.handle = None

    def add(self, x, y):
        if not hasattr(y, '__len__'):
            y = [y]
        if not hasattr(x, '__len__'):
            x = [x] * len(y)
        if not self.X:
            self.X, self.Y = [[] for _ in y], [[] for _ in y]
        for xs, ys, a, b in zip(self.X, self.Y, x, y):
            if a is not None and b is not None:
                xs.append(a)
                ys.append(b)
        self.axes[0].cla()
        for xs, ys, fmt in zip(self.X, self.Y, self.fmts):
            self.axes[0].plot(xs, ys, fmt)
        self.config_axes()
        image = self.png()
        if self.handle is None:
            self.handle = display.display(image, display_id=True)
        else:
            self.handle.update(image)

    def png(self):
        """The figure as it is now, as a PNG image for Jupyter."""
        buffer = io.BytesIO()
        self.fig.savefig(buffer, format='png')
        return display.Image(buffer.getvalue(), format='png')

