"""Encoder-decoder unrolled over time, linked by the encoder's state."""
from figure_style import (
    ATTENTION,
    DECODER,
    ENCODER,
    MONO,
    NOTE,
    SOURCE,
    TARGET,
    arrow,
    box,
    canvas,
    frame,
    label,
    save,
)

FILENAME = 'seq2seq.svg'


def draw():
    """Draw seq2seq.svg into this folder."""
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
    save(fig, FILENAME)


if __name__ == '__main__':
    draw()
