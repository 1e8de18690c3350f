"""Greedy decoding: the argmax token of each step is the next input."""
from figure_style import (
    ATTENTION,
    DECODER,
    NOTE,
    TARGET,
    arrow,
    bar_chart,
    box,
    canvas,
    heading,
    label,
    save,
    token,
)

FILENAME = 'greedy-decoding.svg'


def draw():
    """Draw greedy-decoding.svg into this folder."""
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
    save(fig, FILENAME)


if __name__ == '__main__':
    draw()
