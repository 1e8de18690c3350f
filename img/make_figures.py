"""Draw the teaching figures of the seq2seq-mxnet notebooks.

Every SVG file in this folder is drawn by one module beside this script, with
matplotlib only (patches, lines and text; no graphviz): `fig_seq2seq.py` draws
`seq2seq.svg`, and so on. They share the style and helpers of `figure_style.py`
and take their numbers from `figure_numbers.py`. To regenerate all figures, or
only the ones named (with or without `.svg`), run from the repository root::

    .venv/bin/python img/make_figures.py
    .venv/bin/python img/make_figures.py beam-search attention-step.svg

A figure module also runs on its own: `.venv/bin/python img/fig_seq2seq.py`.
The files are written next to this script, whatever the current directory.
The output is deterministic: running the script twice gives identical bytes.
"""
import argparse

import fig_attention_layers
import fig_attention_step
import fig_beam_search
import fig_greedy_decoding
import fig_seq2seq
import fig_seq2seq_layers

# Figure name (its file name without .svg) -> the module that draws it, in the
# order `main` draws them.
FIGURES = {module.FILENAME.removesuffix('.svg'): module for module in [
    fig_seq2seq, fig_seq2seq_layers, fig_greedy_decoding, fig_attention_step,
    fig_attention_layers, fig_beam_search]}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('names', nargs='*', metavar='figure',
                        help=f'one of {", ".join(FIGURES)} (default: all)')
    names = [name.removesuffix('.svg') for name in parser.parse_args(argv).names]
    unknown = [name for name in names if name not in FIGURES]
    if unknown:
        parser.error(f'unknown figure {", ".join(unknown)}; '
                     f'choose from {", ".join(FIGURES)}')
    for name, module in FIGURES.items():
        if not names or name in names:
            module.draw()


if __name__ == '__main__':
    main()
