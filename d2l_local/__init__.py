"""Helpers shared by the seq2seq-mxnet notebooks: `import d2l_local as d2l`.

Import it before MXNet: it first gives MXNet 1.9.1 the NumPy names it reads
(`numpy_compat`), then switches MXNet to its NumPy interface (`npx.set_np()`, once for
the whole package) and matplotlib to PNG figures.
"""
from . import numpy_compat

numpy_compat.restore()  # before MXNet is imported: the NumPy names MXNet 1.9.1 reads

from mxnet import npx  # noqa: E402

npx.set_np()

from d2l.mxnet import Timer, Vocab  # noqa: E402  (reused as they are)

from .addition import (CharTable, KerasLSTM, RepeatVector,  # noqa: E402
                       build_addition_model, count_parameters, exact_match_accuracy,
                       generate_questions, keras_lstm_parameters, learning_rate_at,
                       make_addition_data, predict_batched, sample_lines, shuffle_split,
                       train_addition, train_addition_epoch)
from .attention import (MLPAttention, Seq2SeqAttentionDecoder,  # noqa: E402
                        masked_softmax, plot_attention)
from .checkpoints import (cache_dir, load_run, save_run, start_training,  # noqa: E402
                          training_key)
from .data import (PRONOUN_BE, RESERVED_TOKENS, BatchIterator, DataError,  # noqa: E402
                   build_array_nmt, data_dir, fra_eng_path, load_data_held_out,
                   load_data_nmt, preprocess_nmt, read_data_nmt, references_of,
                   select_pairs, split_by_source, tokenize_nmt, truncate_pad)
from .decoding import (Candidate, beam_search, bleu, bleu_by_length,  # noqa: E402
                       corpus_bleu, encode_source, predict_seq2seq,
                       predict_seq2seq_batch, reorder_state)
from .losses import MaskedSoftmaxCELoss  # noqa: E402
from .models import (Decoder, Encoder, EncoderDecoder, Seq2SeqDecoder,  # noqa: E402
                     Seq2SeqEncoder)
from .plotting import Animator, use_png_display  # noqa: E402
from .runtime import checkout, set_seed, try_gpu, versions  # noqa: E402
from .significance import (bleu_of_statistics, bleu_statistics,  # noqa: E402
                           describe_difference, mean_of_statistics, paired_bootstrap)
from .transformer import (AddNorm, DotProductAttention, MultiHeadAttention,  # noqa: E402
                          PositionalEncoding, PositionWiseFFN, TransformerDecoder,
                          TransformerDecoderBlock, TransformerEncoder,
                          TransformerEncoderBlock, plot_heads, sinusoids)
from .training import (decoder_input, evaluate_loss, grad_clipping,  # noqa: E402
                       report_training, report_validated, run_key, train_epoch,
                       train_seq2seq, train_seq2seq_validated)

use_png_display()

__all__ = [
    # d2l's own, reused as they are
    'Timer', 'Vocab',
    # addition: notebook 07
    'CharTable', 'KerasLSTM', 'RepeatVector', 'build_addition_model', 'count_parameters',
    'exact_match_accuracy', 'generate_questions', 'keras_lstm_parameters',
    'learning_rate_at', 'make_addition_data', 'predict_batched', 'sample_lines',
    'shuffle_split', 'train_addition', 'train_addition_epoch',
    # attention: notebook 06
    'MLPAttention', 'Seq2SeqAttentionDecoder', 'masked_softmax', 'plot_attention',
    # checkpoints: saved training runs
    'cache_dir', 'load_run', 'save_run', 'start_training', 'training_key',
    # data: notebooks 04 and 08
    'PRONOUN_BE', 'RESERVED_TOKENS', 'BatchIterator', 'DataError', 'build_array_nmt',
    'data_dir', 'fra_eng_path', 'load_data_held_out', 'load_data_nmt', 'preprocess_nmt',
    'read_data_nmt', 'references_of', 'select_pairs', 'split_by_source', 'tokenize_nmt',
    'truncate_pad',
    # decoding: notebooks 05 and 08
    'Candidate', 'beam_search', 'bleu', 'bleu_by_length', 'corpus_bleu', 'encode_source',
    'predict_seq2seq', 'predict_seq2seq_batch', 'reorder_state',
    # losses, models: notebooks 01-03
    'MaskedSoftmaxCELoss', 'Decoder', 'Encoder', 'EncoderDecoder', 'Seq2SeqDecoder',
    'Seq2SeqEncoder',
    # plotting, runtime
    'Animator', 'use_png_display', 'checkout', 'set_seed', 'try_gpu', 'versions',
    # significance: notebooks 05, 06 and 08
    'bleu_of_statistics', 'bleu_statistics', 'describe_difference', 'mean_of_statistics',
    'paired_bootstrap',
    # training: notebooks 04 and 08
    'decoder_input', 'evaluate_loss', 'grad_clipping', 'report_training',
    'report_validated', 'run_key', 'train_epoch', 'train_seq2seq',
    'train_seq2seq_validated',
    # transformer: notebook 09
    'AddNorm', 'DotProductAttention', 'MultiHeadAttention', 'PositionalEncoding',
    'PositionWiseFFN', 'TransformerDecoder', 'TransformerDecoderBlock', 'TransformerEncoder',
    'TransformerEncoderBlock', 'plot_heads', 'sinusoids',
]
