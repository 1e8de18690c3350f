"""Draw the teaching figures of the seq2seq-mxnet notebooks.

Every SVG file in this folder is produced by this script, with matplotlib only
(patches, lines and text; no graphviz).  To regenerate all figures, run from
the repository root::

    .venv/bin/python img/make_figures.py

The files are written next to this script, whatever the current directory.
The output is deterministic: running the script twice gives identical bytes.
"""
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use('svg')

import figure_numbers as numbers  # noqa: E402  (beside this script)
import matplotlib.pyplot as plt  # noqa: E402  (the backend is chosen first)
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import FancyBboxPatch  # noqa: E402

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
    """Write the figure as SVG next to this script, without a timestamp."""
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


# ----------------------------------------------------------------- figures --

SOURCE = ['they', 'are', 'watching', '.', '<eos>']
TARGET = ['ils', 'regardent', '.', '<eos>']


def draw_seq2seq():
    """Encoder-decoder unrolled over time, linked by the encoder's state."""
    fig, ax = canvas(9.0, 3.3)
    cell_y, in_y, out_y = 1.45, 0.55, 2.35
    enc_xs = [0.75 + 0.8 * i for i in range(len(SOURCE))]
    dec_xs = [5.55 + 0.93 * i for i in range(len(TARGET))]

    frame(ax, 0.3, 1.08, 4.4, 1.82, ENCODER)
    frame(ax, 5.1, 1.08, 8.79, 1.82, DECODER)
    for title, sub, x, style in [
            ('Encoder', 'reads the whole source sentence', 2.35, ENCODER),
            ('Decoder', 'writes the target one token at a time', 6.95,
             DECODER)]:
        label(ax, x, 3.05, title, size=12, color=style.edge, weight='bold')
        label(ax, x, 2.78, sub, color=NOTE)

    enc = [box(ax, x, cell_y, style=ENCODER, w=0.6, h=0.5) for x in enc_xs]
    dec = [box(ax, x, cell_y, style=DECODER, w=0.6, h=0.5) for x in dec_xs]
    for cells in (enc, dec):
        for a, b in zip(cells, cells[1:]):
            arrow(ax, a.right, b.left)

    for cell, word in zip(enc, SOURCE):
        label(ax, cell.x, in_y, word, family=MONO)
        arrow(ax, (cell.x, in_y + 0.13), cell.bottom)
    for cell, word_in, word_out in zip(dec, ['<bos>'] + TARGET, TARGET):
        label(ax, cell.x, in_y, word_in, family=MONO)
        arrow(ax, (cell.x, in_y + 0.13), cell.bottom)
        arrow(ax, cell.top, (cell.x, out_y - 0.13))
        label(ax, cell.x, out_y, word_out, family=MONO, weight='bold',
              color=DECODER.edge)

    arrow(ax, enc[-1].right, dec[0].left, lw=2.2, color=ATTENTION.edge)
    label(ax, 4.75, cell_y + 0.2, 'state', color=ATTENTION.edge,
          weight='bold')
    label(ax, 2.35, 0.17, 'source tokens', color=NOTE, style='italic')
    label(ax, 6.95, 0.17, 'decoder input: <bos>, then the target tokens',
          color=NOTE, style='italic')
    save(fig, 'seq2seq.svg')


def draw_seq2seq_layers():
    """Embedding and stacked LSTM layers; each layer passes on its state."""
    fig, ax = canvas(9.0, 4.5)
    enc_x, dec_x, w = 1.85, 7.15, 2.3
    frame(ax, enc_x - 1.3, 0.7, enc_x + 1.3, 3.15, ENCODER, 'Encoder')
    frame(ax, dec_x - 1.3, 0.7, dec_x + 1.3, 3.9, DECODER, 'Decoder')

    def column(x, style, words, layers):
        label(ax, x, 0.3, words, family=MONO)
        boxes = [box(ax, x, 1.05, 'Embedding', style, w=w, h=0.45)]
        boxes += [box(ax, x, 1.1 + 0.7 * k, f'LSTM layer {k}', style, w=w,
                      h=0.45) for k in range(1, layers + 1)]
        arrow(ax, (x, 0.45), boxes[0].bottom)
        for a, b in zip(boxes, boxes[1:]):
            arrow(ax, a.top, b.bottom)
        return boxes

    enc = column(enc_x, ENCODER, 'they are watching . <eos>', 2)
    dec = column(dec_x, DECODER, '<bos> ils regardent .', 2)
    dense = box(ax, dec_x, 3.35, 'Dense (one score per word)', DECODER, w=w,
                h=0.45)
    arrow(ax, dec[-1].top, dense.bottom)
    arrow(ax, dense.top, (dec_x, 4.15))
    label(ax, dec_x, 4.3, 'scores over the target vocabulary', color=NOTE)

    for k, (a, b) in enumerate(zip(enc[1:], dec[1:]), start=1):
        arrow(ax, a.right, b.left, lw=2.0, color=ATTENTION.edge)
        label(ax, (a.right[0] + b.left[0]) / 2, a.y + 0.17,
              f'final (h, c) of layer {k}', color=ATTENTION.edge)
    label(ax, (enc_x + dec_x) / 2, 1.05,
          'both need the same number\nof layers and hidden size',
          color=NOTE, style='italic')
    save(fig, 'seq2seq-layers.svg')


def draw_greedy_decoding():
    """Greedy decoding: the argmax token of each step is the next input."""
    fig, ax = canvas(9.0, 3.95)
    in_y, cell_y, bars_y, out_y = 0.45, 1.35, 2.02, 3.2
    xs = [1.55 + 1.95 * i for i in range(4)]
    inputs = ['<bos>'] + TARGET[:-1]
    scores = [[1, 5, 2, 1, 1], [2, 1, 6, 1, 2], [1, 2, 1, 5, 1],
              [2, 1, 1, 2, 6]]

    arrow(ax, (0.1, cell_y), (xs[0] - 0.5, cell_y), lw=2.0,
          color=ATTENTION.edge)
    label(ax, 0.12, cell_y + 0.25, 'encoder\nstate', ha='left',
          color=ATTENTION.edge)
    label(ax, xs[0] - 0.48, bars_y + 0.25, 'scores', ha='right', color=NOTE)

    cells = []
    for t, (x, word, values, predicted) in enumerate(
            zip(xs, inputs, scores, TARGET), start=1):
        heading(ax, x, 3.7, f'step {t}')
        chip = token(ax, x, in_y, word)
        cell = box(ax, x, cell_y, 'decoder', DECODER, w=1.0, h=0.5)
        arrow(ax, chip.top, cell.bottom)
        arrow(ax, cell.top, (x, bars_y - 0.02))
        bar_chart(ax, x, bars_y, values)
        out = token(ax, x, out_y, predicted, DECODER, text_color=DECODER.edge,
                    weight='bold')
        arrow(ax, (x, bars_y + 0.6), out.bottom)
        label(ax, x + 0.08, bars_y + 0.85, 'argmax', ha='left', color=NOTE,
              style='italic')
        cells.append((cell, out))

    for (cell, out), (nxt, _) in zip(cells, cells[1:]):
        arrow(ax, cell.right, nxt.left)
        label(ax, (out.right[0] + 0.27 + nxt.left[0]) / 2, cell_y + 0.17,
              'state', color=NOTE)
        turn = out.right[0] + 0.27
        arrow(ax, out.right, (turn, out_y), (turn, in_y),
              (nxt.x - 0.45, in_y), dashed=True, color=DECODER.edge)
    last = cells[-1][1]
    label(ax, last.right[0] + 0.1, out_y, 'stop', ha='left', weight='bold',
          color=DECODER.edge)
    label(ax, 4.5, 0.05, 'dashed: the predicted token becomes the next input',
          color=NOTE, style='italic', va='bottom')
    save(fig, 'greedy-decoding.svg')


def draw_attention_step():
    """One decoder step with additive attention over the encoder outputs."""
    fig, ax = canvas(9.0, 4.75)
    rows = [3.05 - 0.44 * i for i in range(6)]
    words = SOURCE + ['<pad>']
    scores = numbers.ATTENTION_SCORES                 # None: masked padding
    weights = numbers.masked_softmax(scores)
    key_x, score_x, bar_x, value_x = 1.35, 2.45, 3.2, 4.95
    top, bottom = 3.3, 0.6

    frame(ax, key_x - 0.38, bottom, key_x + 0.38, top, ENCODER)
    frame(ax, score_x - 0.4, bottom, score_x + 0.4, top, ATTENTION)
    frame(ax, bar_x - 0.15, bottom, bar_x + 1.05, top, ATTENTION)
    frame(ax, value_x - 0.38, bottom, value_x + 0.38, top, ENCODER)
    for x, text in [(0.6, 'source'), (key_x, 'keys'), (score_x, 'scores'),
                    (bar_x + 0.45, 'masked softmax'), (value_x, 'values')]:
        label(ax, x, 0.4, text, weight='bold', color=NOTE)
    label(ax, 3.3, 0.12, 'keys = values = encoder outputs h; '
          'the padding position gets weight 0', color=NOTE, style='italic')

    context = box(ax, 6.0, 1.95, 'context', ATTENTION, w=0.85, h=0.6,
                  weight='bold')
    for i, (y, word, score, weight) in enumerate(
            zip(rows, words, scores, weights), start=1):
        padded = score is None
        style, hatch = (MUTED, '////') if padded else (ENCODER, None)
        label(ax, 0.9, y, word, family=MONO, ha='right',
              color=NOTE if padded else TEXT)
        key = box(ax, key_x, y, f'h{SUBSCRIPT[i]}', style, w=0.55, h=0.32,
                  hatch=hatch)
        cell = box(ax, score_x, y, 'masked' if padded else signed(score),
                   MUTED if padded else ATTENTION,
                   w=0.62, h=0.32, text_color=NOTE if padded else TEXT)
        arrow(ax, key.right, cell.left, lw=1.0)
        arrow(ax, cell.right, (bar_x - 0.02, y), lw=1.0)
        if weight:
            box(ax, bar_x + weight * 0.55, y, '', ATTENTION, w=weight * 1.1,
                h=0.22, lw=0.8, rounding=0.02)
        label(ax, bar_x + weight * 1.1 + 0.06, y, f'{weight:.2f}', ha='left')
        label(ax, value_x - 0.48, y, '×', color=NOTE)
        value = box(ax, value_x, y, f'h{SUBSCRIPT[i]}', style, w=0.55, h=0.32,
                    hatch=hatch)
        if not padded:
            arrow(ax, value.right,
                  context.at(-1, (y - context.y) / context.h * 0.6), lw=1.0)
    label(ax, context.x, context.y - 0.5, 'Σ weight × value', color=NOTE)

    query = box(ax, score_x, 4.3, 'query q\n(last LSTM layer)', ATTENTION,
                w=1.7, h=0.55)
    arrow(ax, query.bottom, (score_x, top))
    label(ax, score_x + 0.1, (query.bottom[1] + top) / 2, 'additive score',
          ha='left', color=ATTENTION.edge, style='italic')

    dec_x = 7.75
    frame(ax, 6.75, 0.75, 8.78, 4.05, DECODER, 'decoder step t', 'inside')
    embed = box(ax, dec_x, 1.1, 'Embedding', DECODER, w=1.7, h=0.4)
    concat = box(ax, dec_x, 1.95, 'concat', DECODER, w=1.7, h=0.4)
    lstm = box(ax, dec_x, 2.75, 'LSTM', DECODER, w=1.7, h=0.4)
    dense = box(ax, dec_x, 3.5, 'Dense', DECODER, w=1.7, h=0.4)
    label(ax, dec_x, 0.4, 'ils', family=MONO)
    arrow(ax, (dec_x, 0.53), embed.bottom)
    for a, b in [(embed, concat), (concat, lstm), (lstm, dense)]:
        arrow(ax, a.top, b.bottom)
    arrow(ax, context.right, concat.left, lw=2.0, color=ATTENTION.edge)
    arrow(ax, dense.top, (dec_x, 4.3))
    label(ax, dec_x, 4.45, 'scores for step t', color=NOTE)
    arrow(ax, lstm.at(-1, 0.3), (6.5, lstm.at(-1, 0.3)[1]), (6.5, query.y),
          query.right, dashed=True, color=ATTENTION.edge)
    label(ax, 4.9, query.y + 0.14, 'hidden state from step t−1',
          color=ATTENTION.edge)
    save(fig, 'attention-step.svg')


def draw_attention_layers():
    """Layers of the attention model; attention sits inside the decoder."""
    fig, ax = canvas(9.0, 4.6)
    enc_x, att_x, dec_x = 1.5, 4.65, 7.3
    frame(ax, 0.45, 0.7, 2.55, 2.5, ENCODER, 'Encoder')
    frame(ax, 3.6, 0.7, 8.75, 4.0, DECODER, 'Decoder', 'inside')

    label(ax, enc_x, 0.3, 'they are watching . <eos>', family=MONO)
    enc_embed = box(ax, enc_x, 1.05, 'Embedding', ENCODER, w=1.6, h=0.45)
    enc_lstm = box(ax, enc_x, 1.95, 'LSTM\n(2 layers)', ENCODER, w=1.6,
                   h=0.6)
    arrow(ax, (enc_x, 0.45), enc_embed.bottom)
    arrow(ax, enc_embed.top, enc_lstm.bottom)

    label(ax, dec_x, 0.3, '<bos> ils regardent .', family=MONO)
    embed = box(ax, dec_x, 1.05, 'Embedding', DECODER, w=2.0, h=0.45)
    concat = box(ax, dec_x, 1.95, 'concat', DECODER, w=2.0, h=0.45)
    lstm = box(ax, dec_x, 2.8, 'LSTM (2 layers)', DECODER, w=2.0, h=0.5)
    dense = box(ax, dec_x, 3.55, 'Dense', DECODER, w=2.0, h=0.45)
    attention = box(ax, att_x, 1.95, 'Attention\n(additive)', ATTENTION,
                    w=1.5, h=0.6, weight='bold')
    arrow(ax, (dec_x, 0.45), embed.bottom)
    for a, b in [(embed, concat), (concat, lstm), (lstm, dense)]:
        arrow(ax, a.top, b.bottom)
    arrow(ax, dense.top, (dec_x, 4.3))
    label(ax, dec_x, 4.45, 'scores over the target vocabulary', color=NOTE)

    arrow(ax, enc_lstm.right, attention.left, lw=2.0, color=ENCODER.edge)
    label(ax, 3.07, 2.15, 'outputs at\nall steps', color=ENCODER.edge)
    label(ax, 3.07, 1.72, 'keys, values', color=ENCODER.edge,
          style='italic')
    arrow(ax, attention.right, concat.left, lw=2.0, color=ATTENTION.edge)
    label(ax, (attention.right[0] + concat.left[0]) / 2, 2.1, 'context',
          color=ATTENTION.edge)

    query_y = lstm.at(0, -0.4)[1]
    arrow(ax, (lstm.left[0], query_y), (att_x, query_y), attention.top,
          dashed=True, color=ATTENTION.edge)
    label(ax, att_x + 0.1, 2.45, 'query (state at t−1)', ha='left',
          color=ATTENTION.edge)

    state_y = lstm.at(0, 0.5)[1]
    arrow(ax, enc_lstm.top, (enc_x, state_y), (lstm.left[0], state_y),
          lw=1.6, color=ENCODER.edge)
    label(ax, 4.95, state_y + 0.16, 'final state = initial decoder state',
          color=ENCODER.edge)
    save(fig, 'attention-layers.svg')


def draw_beam_search():
    """Beam search, beam size 2, vocabulary {A, B, <eos>}, three steps."""
    fig, ax = canvas(9.0, 4.6)
    columns = [(2.05, 1.3), (4.4, 1.55), (6.95, 1.85)]   # (x, box width)
    rows = [[1, 4, 2.5], [0, 1, 2, 3, 4, 5], [0, 1, 2]]  # where each step's nodes go
    looks = {'kept': (DECODER, 1.6, 'bold', TEXT), 'finished': (ATTENTION, 1.6, 'bold', TEXT),
             'pruned': (MUTED, 1.0, 'normal', '#8a8a8a')}

    def row_y(r):
        """y of a (possibly fractional) row index."""
        return 3.75 - 0.48 * r

    steps = numbers.beam_steps()
    root = token(ax, 0.55, row_y(2.5), '<bos>', w=0.75)
    placed = {(): root}
    for t, ((x, w), step, step_rows) in enumerate(zip(columns, steps, rows), start=1):
        heading(ax, x, 4.35, f'step {t}')
        for r, (seq, log_p, parent, status) in zip(step_rows, step):
            style, lw, weight, color = looks[status]
            node = box(ax, x, row_y(r), '', style, w=w, h=0.34, lw=lw)
            look = dict(color=color, family=MONO, weight=weight)
            label(ax, node.at(-1)[0] + 0.1, node.y, ' '.join(seq), ha='left', **look)
            label(ax, node.at(1)[0] - 0.1, node.y, signed(log_p, 2), ha='right', **look)
            arrow(ax, placed[parent].right, node.left, lw=1.4 if status != 'pruned' else 0.9,
                  color=style.edge if status != 'pruned' else '#b5b5b5')
            placed[seq] = node

    for y, style, text in [(4.35, DECODER, 'kept'), (4.05, ATTENTION, 'finished'),
                           (3.75, MUTED, 'pruned')]:
        box(ax, 0.27, y, '', style, w=0.24, h=0.18)
        label(ax, 0.47, y, text, ha='left', color=NOTE)

    frame(ax, 0.15, 0.1, 8.85, 1.02, DECODER)
    label(ax, 4.5, 0.82, 'Beam size 2: each step keeps the 2 best extensions; a finished '
          'one leaves the beam. Numbers are log P so far.')
    label(ax, 4.5, 0.56, 'Final pick: the highest length-normalised score '
          f'log P / Lᵅ, here with α = {numbers.ALPHA}')
    final = numbers.finalists(steps)
    for x, (seq, log_p, length, score) in zip((2.6, 6.6), final[::-1]):
        text = f'{" ".join(seq)}: {signed(log_p, 2)} / {length}ᵅ = {signed(score, 2)}'
        if score == final[0][3]:
            text += ' (best)'
        label(ax, x, 0.28, text, family=MONO)
    save(fig, 'beam-search.svg')


def main():
    draw_seq2seq()
    draw_seq2seq_layers()
    draw_greedy_decoding()
    draw_attention_step()
    draw_attention_layers()
    draw_beam_search()


if __name__ == '__main__':
    main()
