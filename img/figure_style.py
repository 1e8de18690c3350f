"""Style and drawing helpers shared by the figure modules (`fig_*.py`).

Importing this module chooses matplotlib's SVG backend and sets the rcParams that
make the output deterministic, so a figure module imports it before anything that
draws. Data units of every canvas are inches, origin bottom left.
"""
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use('svg')  # before pyplot is imported; ruff's E402 allows imports after it

import matplotlib.pyplot as plt
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch

OUT_DIR = Path(__file__).resolve().parent

plt.rcParams.update({
    'svg.hashsalt': 'seq2seq-mxnet',  # stable ids inside the SVG files
    'svg.fonttype': 'none',           # keep text as text: small, searchable
    'font.family': 'DejaVu Sans',
    'font.size': 10,
})

MONO = 'DejaVu Sans Mono'   # font for tokens
SUBSCRIPT = '₀₁₂₃₄₅₆₇₈₉'    # Unicode digits render anywhere, unlike mathtext
TEXT = '#222222'            # ordinary text
NOTE = '#555555'            # captions and annotations
LINE = '#444444'            # ordinary arrows


@dataclass(frozen=True)
class Style:
    """Fill and edge colour of one kind of box."""
    fill: str
    edge: str


ENCODER = Style('#dbe9f6', '#2b6596')
DECODER = Style('#fde4cc', '#b65a17')
ATTENTION = Style('#e9dff5', '#6a4a9a')
TOKEN = Style('#f3f3f3', '#777777')
MUTED = Style('#ffffff', '#aaaaaa')


@dataclass(frozen=True)
class Box:
    """Centre and size of a drawn box, with its anchor points."""
    x: float
    y: float
    w: float
    h: float

    def at(self, fx=0.0, fy=0.0):
        """Point at relative position (fx, fy); (+-1, +-1) are the corners."""
        return (self.x + fx * self.w / 2, self.y + fy * self.h / 2)

    @property
    def left(self):
        return self.at(-1, 0)

    @property
    def right(self):
        return self.at(1, 0)

    @property
    def top(self):
        return self.at(0, 1)

    @property
    def bottom(self):
        return self.at(0, -1)


# ----------------------------------------------------------------- helpers --

def canvas(width, height):
    """A blank figure whose data units are inches, origin bottom left."""
    fig = plt.figure(figsize=(width, height), facecolor='white')
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.axis('off')
    return fig, ax


def save(fig, name):
    """Write the figure as SVG into this folder, without a timestamp."""
    fig.savefig(OUT_DIR / name, format='svg', facecolor='white',
                metadata={'Date': None})
    plt.close(fig)


def label(ax, x, y, text, size=10, color=TEXT, ha='center', va='center',
          **kwargs):
    """Plain text at (x, y)."""
    ax.text(x, y, text, fontsize=size, color=color, ha=ha, va=va, zorder=4,
            **kwargs)


def box(ax, x, y, text='', style=TOKEN, w=1.0, h=0.4, size=10,
        text_color=TEXT, lw=1.2, hatch=None, rounding=0.06, **text_kwargs):
    """A rounded box centred at (x, y) with centred text; returns its Box."""
    ax.add_patch(FancyBboxPatch(
        (x - w / 2, y - h / 2), w, h,
        boxstyle=f'round,pad=0,rounding_size={rounding}',
        facecolor=style.fill, edgecolor=style.edge, linewidth=lw,
        hatch=hatch, zorder=2))
    if text:
        label(ax, x, y, text, size=size, color=text_color, **text_kwargs)
    return Box(x, y, w, h)


def token(ax, x, y, text, style=TOKEN, w=0.9, **kwargs):
    """A token chip: a small box with monospaced text."""
    return box(ax, x, y, text, style, w=w, h=0.34, family=MONO, **kwargs)


def frame(ax, x0, y0, x1, y1, style, title=None, title_at='above'):
    """A dashed, lightly tinted region grouping boxes, with a bold title.

    ``title_at`` is 'above' (just over the top-left corner) or 'inside'
    (in the top-left corner).
    """
    ax.add_patch(FancyBboxPatch(
        (x0, y0), x1 - x0, y1 - y0, boxstyle='round,pad=0,rounding_size=0.12',
        facecolor='#fcfcfc', edgecolor=style.edge, linewidth=1.0,
        linestyle=(0, (4, 3)), zorder=0))
    if title:
        y = y1 + 0.16 if title_at == 'above' else y1 - 0.17
        label(ax, x0 + 0.1, y, title, size=11, color=style.edge, ha='left',
              weight='bold')


def arrow(ax, *points, color=LINE, lw=1.3, dashed=False):
    """A polyline through ``points`` with a solid arrow head at the last one.

    The head is drawn as its own short solid segment so that dashed arrows
    still get a crisp tip that touches the target box.
    """
    (x0, y0), (x1, y1) = points[-2], points[-1]
    length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
    head = min(0.12, length)
    neck = (x1 - (x1 - x0) * head / length, y1 - (y1 - y0) * head / length)
    xs, ys = zip(*points[:-1], neck)
    ax.add_line(Line2D(xs, ys, color=color, lw=lw, zorder=1,
                       linestyle=(0, (4, 2.5)) if dashed else '-',
                       solid_capstyle='butt'))
    ax.annotate('', xy=(x1, y1), xytext=neck, zorder=1, arrowprops=dict(
        arrowstyle='-|>', color=color, lw=lw, shrinkA=0, shrinkB=0,
        mutation_scale=12))


def heading(ax, x, y, text):
    """A grey bold heading such as 'step 1'."""
    label(ax, x, y, text, size=11, weight='bold', color=NOTE)


def signed(value, decimals=1):
    """A number with `decimals` decimals and a typographic minus sign."""
    return f'{value:.{decimals}f}'.replace('-', '−')


def line(ax, *points, color=LINE, lw=1.0):
    """A plain polyline without a head."""
    xs, ys = zip(*points)
    ax.add_line(Line2D(xs, ys, color=color, lw=lw, zorder=1))


def bar_chart(ax, x, y, values, w=0.8, h=0.55, style=DECODER):
    """Tiny bar chart centred on x, baseline y; the largest bar stands out."""
    n = len(values)
    slot = w / n
    top = max(values)
    for i, v in enumerate(values):
        best = v == top
        ax.add_patch(FancyBboxPatch(
            (x - w / 2 + i * slot + slot * 0.15, y), slot * 0.7, h * v / top,
            boxstyle='square,pad=0', linewidth=0.8, zorder=2,
            facecolor=style.fill if best else '#e6e6e6',
            edgecolor=style.edge if best else '#9a9a9a'))
    line(ax, (x - w / 2, y), (x + w / 2, y), color='#777777')


# ---------------------------------------------------------- example pair --

# The example sentence pair of the notebooks, token by token.
SOURCE = ['they', 'are', 'watching', '.', '<eos>']
TARGET = ['ils', 'regardent', '.', '<eos>']
