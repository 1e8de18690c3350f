"""Embedding and stacked LSTM layers; each layer passes on its state."""
from figure_style import (
    ATTENTION,
    DECODER,
    ENCODER,
    MONO,
    NOTE,
    arrow,
    box,
    canvas,
    frame,
    label,
    save,
)

FILENAME = 'seq2seq-layers.svg'


def draw():
    """Draw seq2seq-layers.svg into this folder."""
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
    save(fig, FILENAME)


if __name__ == '__main__':
    draw()
