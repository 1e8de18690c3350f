"""How sure a comparison of two systems on the same test sentences is.

The paired bootstrap (Koehn, 2004; sacrebleu's `paired-bs` test) draws the test set
again, sentence by sentence with replacement, many times, and scores both systems on
each draw. The middle 95% of the differences is the interval; where it holds 0, the
test set cannot tell the two systems apart."""
import numpy as onp


def bleu_statistics(translations, references):
    """Each sentence's BLEU counts, as sacrebleu sums them for a corpus: an array
    (number of sentences, 2 + 4 + 4) of the translation's and the closest reference's
    lengths, then matches and totals per n-gram order; our tokens as they are, as in
    `corpus_bleu`. `bleu_of_statistics` scores any set of its rows."""
    from sacrebleu.metrics import BLEU  # only the notebooks that score BLEU need it

    width = max(len(refs) for refs in references)
    streams = [[refs[i] if i < len(refs) else None for refs in references]
               for i in range(width)]
    metric = BLEU(tokenize='none', force=True)
    return onp.array(metric._extract_corpus_statistics(translations, streams), dtype=float)


def bleu_of_statistics(statistics):
    """Corpus BLEU (0-100) of the sentences whose counts are the rows of `statistics`."""
    from sacrebleu.metrics import BLEU

    counts = [int(x) for x in onp.asarray(statistics).sum(axis=0)]
    return BLEU(tokenize='none', force=True)._compute_score_from_stats(counts).score


def mean_of_statistics(statistics):
    """The mean of per-sentence scores (one column): an accuracy for 0/1 scores."""
    return float(onp.asarray(statistics).mean())


def paired_bootstrap(stats_a, stats_b, score, samples=1000, seed=12345):
    """Score difference B - A on the test set, and its 95% paired-bootstrap interval.

    `stats_a` and `stats_b` hold one row per test sentence, for systems A and B, in the
    same order; `score` turns a set of rows into a corpus score (`bleu_of_statistics`,
    `mean_of_statistics`). Each of `samples` draws takes the same sentences (with
    replacement) for both. Returns (difference, low, high)."""
    stats_a = onp.asarray(stats_a, dtype=float).reshape(len(stats_a), -1)
    stats_b = onp.asarray(stats_b, dtype=float).reshape(len(stats_b), -1)
    if len(stats_a) != len(stats_b) or not len(stats_a):
        raise ValueError(f'the two systems need the same test sentences: {len(stats_a)} '
                         f'rows against {len(stats_b)}')
    rows = onp.random.default_rng(seed).integers(0, len(stats_a), (samples, len(stats_a)))
    differences = [score(stats_b[r]) - score(stats_a[r]) for r in rows]
    low, high = onp.percentile(differences, [2.5, 97.5])
    return score(stats_b) - score(stats_a), float(low), float(high)


def describe_difference(name_a, name_b, difference, low, high, unit=''):
    """One line: B ahead of A, behind it, or within noise, with the interval."""
    if low > 0:
        verdict = f'{name_b} ahead of {name_a}'
    elif high < 0:
        verdict = f'{name_b} behind {name_a}'
    else:
        verdict = f'{name_b} and {name_a} within noise'
    return (f'{name_b} - {name_a}: {difference:+.1f}{unit}, 95% interval '
            f'[{low:+.1f}, {high:+.1f}]{unit}: {verdict}')
