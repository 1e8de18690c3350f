"""Layers of the attention model; attention sits inside the decoder."""
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

FILENAME = 'attention-layers.svg'


def draw():
    """Draw attention-layers.svg into this folder."""
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
    save(fig, FILENAME)


if __name__ == '__main__':
    draw()
