"""Beam search, beam size 2, vocabulary {A, B, <eos>}, three steps."""
import figure_numbers as numbers
from figure_style import (
    ATTENTION,
    DECODER,
    MONO,
    MUTED,
    NOTE,
    TEXT,
    arrow,
    box,
    canvas,
    frame,
    heading,
    label,
    save,
    signed,
    token,
)

FILENAME = 'beam-search.svg'


def draw():
    """Draw beam-search.svg into this folder."""
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
    save(fig, FILENAME)


if __name__ == '__main__':
    draw()
