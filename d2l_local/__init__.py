"""Helpers shared by the seq2seq-mxnet notebooks: `import d2l_local as d2l`."""
from . import numpy_compat

numpy_compat.restore()  # before MXNet is imported: the NumPy names MXNet 1.9.1 reads

from mxnet import npx  # noqa: E402

npx.set_np()

from d2l.mxnet import Accumulator, Timer, Vocab  # noqa: E402  (reused as they are)

from .attention import (MLPAttention, Seq2SeqAttentionDecoder,  # noqa: E402
                        masked_softmax, plot_attention)
from .data import (PRONOUN_BE, RESERVED_TOKENS, DataError, BatchIterator,  # noqa: E402
                   build_array_nmt, data_dir, fra_eng_path, load_data_held_out,
                   load_data_nmt, preprocess_nmt, read_data_nmt, references_of,
                   select_pairs, split_by_source, tokenize_nmt, truncate_pad)
from .checkpoints import cache_dir, load_run, save_run, training_key  # noqa: E402
from .decoding import (Candidate, beam_search, bleu, bleu_by_length,  # noqa: E402
                       corpus_bleu, encode_source, predict_seq2seq,
                       predict_seq2seq_batch, reorder_state)
from .losses import MaskedSoftmaxCELoss  # noqa: E402
from .models import (Decoder, Encoder, EncoderDecoder, Seq2SeqDecoder,  # noqa: E402
                     Seq2SeqEncoder)
from .plotting import Animator, use_png_display  # noqa: E402
from .runtime import checkout, set_seed, try_gpu, versions  # noqa: E402
from .training import (decoder_input, evaluate_loss, grad_clipping,  # noqa: E402
                       report_training, report_validated, run_key, train_epoch,
                       train_seq2seq, train_seq2seq_validated)

use_png_display()
from .addition import (CharTable, KerasLSTM, RepeatVector, build_addition_model, count_parameters, exact_match_accuracy, generate_questions, keras_lstm_parameters, learning_rate_at, make_addition_data, predict_batched, sample_lines, shuffle_split, train_addition, train_addition_epoch)  # noqa: E402,E501
