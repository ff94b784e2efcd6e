"""The items of an authority's ruling that it dismisses: read as lawful, not as the practice they quote.

A 投诉处理决定书 or a typical-case write-up tells each complaint item in a paragraph — the allegation with
the clause it quotes, the authority's reasoning, the verdict — over several sentences. The verdict is
the last of them, so a sentence rule reading the allegation alone would report the quoted clause even
where the authority found it lawful (投诉事项5不成立). The patterns (``complaint_verdicts`` in
``data/lint/exceptions.yaml``) name the verdicts; here a block's sentences are grouped into items, each
closed by a verdict, and the sentences of a dismissed item are set aside.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from procdocs.lint.concepts import DeferredPattern, compile_pattern
from procdocs.lint.exceptionsets import shared_exceptions
from procdocs.lint.normalize import Clause
from procdocs.lint.regexcache import compile_regex


@cache
def _verdicts(kind: str) -> tuple[DeferredPattern, ...]:
    return tuple(compile_pattern(pattern) for pattern in shared_exceptions()["complaint_verdicts"][kind])


def _says(kind: str, text: str) -> bool:
    return any(pattern.search(text) for pattern in _verdicts(kind))


# Every verdict of complaint_verdicts holds one of these: a block with none of them is no ruling's item, and
# its sentences are not searched for verdicts at all (most blocks of a document).
VERDICT_WORDS = ("成立", "驳回", "认定", "不属于", "不构成", "缺乏", "查无", "不予支持", "不予处理", "不纳入")
_VERDICT_WORD = compile_regex("|".join(VERDICT_WORDS))  # one search per sentence, not one per word


def dismissed_items(sentences: Sequence[Clause]) -> frozenset[int]:
    """The indices of the block's sentences that belong to a complaint item its verdict dismisses: from the
    sentence after the previous verdict (or the block's first) to the dismissing one. An item whose verdict
    also upholds something (投诉事项1成立，投诉事项2不成立), or that names no authority's work, is kept."""
    if not any(_VERDICT_WORD.search(clause.text) for clause in sentences):
        return frozenset()
    set_aside: set[int] = set()
    item_start = 0
    for index, clause in enumerate(sentences):
        text = clause.text[clause.prefix_length:]
        dismisses, upholds = _says("dismissed", text), _says("upheld", text)
        if not (dismisses or upholds):
            continue
        item = range(item_start, index + 1)
        if dismisses and not upholds and any(
                _says("authority", sentences[member].text[sentences[member].prefix_length:]) for member in item):
            set_aside.update(item)
        item_start = index + 1
    return frozenset(set_aside)
