"""Tolerances for nbval: compare rounding-dependent numbers within stated bounds.

nbval compares a cell's new text output with the stored one, character for character
(after `tests/nbval_sanitize.cfg`). That is right for what is exact by construction
(shapes, vocabularies, token indices, parameter counts), and wrong for floats whose
last digits, or whose whole training run, depend on the CPU's kernels. A code cell may
therefore carry a list of rules in its metadata, invisible in the lesson:

    "metadata": {"tolerance": [
        {"pattern": "loss ([0-9.]+) per token", "abs": 0.15,
         "why": "final loss over kernel caps and seeds: 0.242-0.377"},
        {"abs": 2e-05, "why": "float32 rounding of fixed inputs"},
        {"pattern": "=> (.*)$", "any": true,
         "why": "which translation comes out; the cell asserts 2 of 4 are right"}
    ]}

A rule's `pattern` (a regular expression, default: every number) is searched in the
stored and in the new text; both must have the same number of matches. Each captured
group (the whole match if the pattern has none) is a number that may differ from the
stored one by at most `abs + rel * |stored|`; with `"any": true` the group may be any
text. Every rule needs a `why`. Where all groups are within their bounds, the new text
takes the stored values, and nbval's exact comparison checks everything else, with runs
of spaces read as one (column alignment follows the width of the numbers; line breaks
count). A pattern that spans lines can let a counted block of illustrative lines
vary (`((?:.*\n){3})`), never an open-ended one.
A value outside its bound is left as it is, so nbval reports the difference, and the
report names the rule.
"""
import copy
import math
import re

NUMBER = r'[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?(?:nan|inf)\b'
KEYS = {'pattern', 'abs', 'rel', 'any', 'why'}


class RuleError(ValueError):
    """A malformed rule in a cell's metadata."""


def check_rule(rule):
    """Raise RuleError unless `rule` is a well-formed tolerance rule."""
    if not isinstance(rule, dict) or set(rule) - KEYS:
        raise RuleError(f'a tolerance rule takes only {sorted(KEYS)}: {rule!r}')
    if not str(rule.get('why', '')).strip():
        raise RuleError(f'a tolerance rule needs a "why": {rule!r}')
    bounds = 'abs' in rule or 'rel' in rule
    if bool(rule.get('any')) == bounds:
        raise RuleError(f'a rule has either "abs"/"rel" bounds or "any": true: {rule!r}')
    if any(rule.get(k, 0) < 0 for k in ('abs', 'rel')):
        raise RuleError(f'bounds cannot be negative: {rule!r}')
    pattern = rule.get('pattern', NUMBER)
    re.compile(pattern)
    if rule.get('any') and re.search(r'\\d|\[0-9', pattern):
        raise RuleError(f'"any" lets any text through, so never a number; give the number '
                        f'a bound: {rule!r}')
    if swallows_lines(pattern):
        raise RuleError(f'the pattern can take any number of lines, up to the end of the '
                        f'output; count the lines ({{3}}) or match one line: {rule!r}')
    if bounds and not re.search(r'\d', rule['why']):
        raise RuleError(f'a bound\'s "why" states the measured spread it comes from: {rule!r}')
    if 'before the decoders swapped' in rule['why']:
        raise RuleError(f'a bound measured on older code: measure it again: {rule!r}')


def _matches(items, char, dotall):
    """Whether some part of the parsed pattern `items` can consume `char`."""
    classes = {'CATEGORY_DIGIT': r'\d', 'CATEGORY_NOT_DIGIT': r'\D', 'CATEGORY_SPACE': r'\s',
               'CATEGORY_NOT_SPACE': r'\S', 'CATEGORY_WORD': r'\w', 'CATEGORY_NOT_WORD': r'\W'}

    def in_set(members):
        negate, found = False, False
        for op, av in members:
            name = str(op)
            if name == 'NEGATE':
                negate = True
            elif name == 'LITERAL':
                found |= chr(av) == char
            elif name == 'RANGE':
                found |= av[0] <= ord(char) <= av[1]
            elif name == 'CATEGORY':
                found |= bool(re.fullmatch(classes.get(str(av), r'[^\s\S]'), char))
        return found != negate

    for op, av in items:
        name = str(op)
        if name == 'LITERAL' and chr(av) == char or name == 'NOT_LITERAL' and chr(av) != char:
            return True
        if name == 'ANY' and (char != '\n' or dotall):
            return True
        if name == 'IN' and in_set(av):
            return True
        if name == 'SUBPATTERN' and _matches(av[-1], char, dotall):
            return True
        if name == 'BRANCH' and any(_matches(alt, char, dotall) for alt in av[1]):
            return True
        if name.endswith('REPEAT') and _matches(av[2], char, dotall):
            return True
    return False


def swallows_lines(pattern):
    """Whether `pattern` repeats, without a limit, a part that takes line breaks and
    other text alike (`(?:.*\\n)*`, `[\\s\\S]*`): it can run over any number of lines."""
    from re import _parser  # the standard library's own parse of a pattern

    parsed = _parser.parse(pattern)
    dotall = bool(parsed.state.flags & re.DOTALL)

    def walk(items):
        for op, av in items:
            name = str(op)
            if name.endswith('REPEAT'):
                low, high, body = av
                if (high == _parser.MAXREPEAT and _matches(body, '\n', dotall)
                        and any(_matches(body, c, dotall) for c in 'x7=')):
                    return True
                if walk(body):
                    return True
            elif name == 'SUBPATTERN' and walk(av[-1]):
                return True
            elif name == 'BRANCH' and any(walk(alt) for alt in av[1]):
                return True
        return False

    return walk(parsed)


def _spans(match):
    """The (start, end) spans a match compares: its groups, or the whole match."""
    groups = range(1, (match.re.groups or 0) + 1)
    spans = [match.span(g) for g in groups if match.span(g) != (-1, -1)]
    return spans or [match.span()]


def within(rule, stored, new):
    """Whether text `new` is within `rule`'s bound of text `stored`."""
    if rule.get('any'):
        return True
    try:
        a, b = float(stored), float(new)
    except ValueError:
        return stored == new
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= rule.get('abs', 0) + rule.get('rel', 0) * abs(a)


def fold(text):
    """`text` with each run of spaces and tabs read as one space, lines stripped."""
    return '\n'.join(' '.join(line.split()) for line in text.splitlines())


def reconcile(rules, stored, new):
    """`new` with each value that is within its rule replaced by the stored one.

    Patterns are searched in the texts as printed. Returns the two texts, white space
    folded, and a list of what was out of bounds."""
    problems = []
    for rule in rules:
        pattern = re.compile(rule.get('pattern', NUMBER), re.MULTILINE)
        old_matches, new_matches = list(pattern.finditer(stored)), list(pattern.finditer(new))
        label = rule.get('pattern', 'every number')
        if len(old_matches) != len(new_matches):
            problems.append(f'tolerance rule {label!r}: {len(old_matches)} matches in the '
                            f'stored output, {len(new_matches)} in the new one')
            continue
        edits = []
        for old, cur in zip(old_matches, new_matches):
            old_spans, new_spans = _spans(old), _spans(cur)
            if len(old_spans) != len(new_spans):
                problems.append(f'tolerance rule {label!r}: {old.group()!r} and '
                                f'{cur.group()!r} have different groups')
                continue
            for (a0, a1), (b0, b1) in zip(old_spans, new_spans):
                if within(rule, stored[a0:a1], new[b0:b1]):
                    edits.append((b0, b1, stored[a0:a1]))
                else:
                    bound = ' + '.join(f'{k} {rule[k]:g}' for k in ('abs', 'rel') if k in rule)
                    problems.append(f'{new[b0:b1]} is outside the stored {stored[a0:a1]} '
                                    f'by more than {bound} (rule {label!r}: {rule["why"]})')
        for start, end, text in sorted(edits, reverse=True):
            new = new[:start] + text + new[end:]
    return fold(stored), fold(new), problems


def _texts(output):
    """(container, key) of each text an output holds: stream text, text/plain."""
    if output.get('output_type') == 'stream':
        return [(output, 'text')]
    data = output.get('data', {})
    return [(data, 'text/plain')] if 'text/plain' in data else []


def apply(rules, test, ref, sanitize):
    """Copies of the outputs `test` and `ref`, reconciled under `rules`, and problems.

    Texts are paired in order: the k-th stream of a name, the k-th text/plain."""
    test, ref = copy.deepcopy(list(test)), copy.deepcopy(list(ref))

    def texts(outputs):
        found = {}
        for output in outputs:
            kind = output.get('name') if output.get('output_type') == 'stream' else 'data'
            found.setdefault(kind, []).extend(_texts(output))
        return found

    problems = []
    new_texts, old_texts = texts(test), texts(ref)
    for kind, olds in old_texts.items():
        for (old_box, old_key), (new_box, new_key) in zip(olds, new_texts.get(kind, [])):
            old_box[old_key], new_box[new_key], found = reconcile(
                rules, sanitize(old_box[old_key]), sanitize(new_box[new_key]))
            problems += found
    return test, ref, problems


def tolerant(compare_outputs):
    """Wrap nbval's `IPyNbCell.compare_outputs` to apply the cell's tolerance rules."""
    def compare(self, test, ref, skip_compare=None):
        rules = self.cell.metadata.get('tolerance')
        if not rules:
            return compare_outputs(self, test, ref, skip_compare)
        for rule in rules:
            check_rule(rule)
        test, ref, problems = apply(rules, test, ref, self.sanitize)
        same = compare_outputs(self, test, ref, skip_compare)
        if not same:
            self.comparison_traceback.extend(problems)
        return same

    compare.wrapped = compare_outputs
    return compare


def pytest_configure(config):
    # nbval has no hook for this; its comparison method is wrapped once per process.
    from nbval.plugin import IPyNbCell
    if not hasattr(IPyNbCell.compare_outputs, 'wrapped'):
        IPyNbCell.compare_outputs = tolerant(IPyNbCell.compare_outputs)
