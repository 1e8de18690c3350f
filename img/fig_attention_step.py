"""One decoder step with additive attention over the encoder outputs."""
import figure_numbers as numbers
from figure_style import (
    ATTENTION,
    DECODER,
    ENCODER,
    MONO,
    MUTED,
    NOTE,
    SOURCE,
    SUBSCRIPT,
    TEXT,
    arrow,
    box,
    canvas,
    frame,
    label,
    save,
    signed,
)

FILENAME = 'attention-step.svg'


def draw():
    """Draw attention-step.svg into this folder."""
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
    save(fig, FILENAME)


if __name__ == '__main__':
    draw()
