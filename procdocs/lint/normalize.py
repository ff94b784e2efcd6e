"""Text normalisation for matching, with a map back to the original characters.

Rules are written against one canonical form so that the way a draft happens to be typed does not
decide whether a clause is caught:

* full-width digits, letters and ％＋－ become ASCII (``５００万`` → ``500万``);
* ASCII ``, : ; ( ) ! ?`` become the Chinese full-width forms ``，：；（）！？`` that documents use, so
  a rule written with Chinese punctuation matches both — except a comma between digit groups
  (``1,000``), which stays a thousands separator;
* every kind of white space is removed (stray spaces inside Chinese text are common in drafts);
* ``〔〕﹝﹞[]`` stay as they are (document numbers), ``≧ ≦`` become ``≥ ≤``.

The original text is never changed: findings report spans in it, computed through ``positions``.
Never use ``\\b`` in patterns: Chinese characters are word characters, so there is no boundary
between them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_TO_CHINESE_PUNCTUATION = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "!": "！", "?": "？"}
_EXTRA = {"≧": "≥", "≦": "≤", "＞": ">", "＜": "<", "＝": "=", "～": "~", "﹪": "%", "．": ".", "｡": "。"}


def _translation_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for code in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]:
        table[code] = chr(code - 0xFEE0)  # full-width digits and letters
    for char in "％＋－":
        table[ord(char)] = chr(ord(char) - 0xFEE0)
    for char, replacement in _EXTRA.items():
        table[ord(char)] = replacement
    for char, replacement in _TO_CHINESE_PUNCTUATION.items():
        table[ord(char)] = replacement
    for code in [*_WHITESPACE]:
        table[code] = None
    return table


_WHITESPACE = {ord(c) for c in " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000"
                                "\u200b\ufeff"} | set(range(0x2000, 0x200B))
_TABLE = _translation_table()


@dataclass(frozen=True)
class NormalizedText:
    text: str  # canonical form, for matching
    positions: tuple[int, ...]  # positions[i]: index in the original of canonical character i

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that canonical characters start..end came from."""
        if start >= len(self.positions):
            return (self.positions[-1] + 1, self.positions[-1] + 1) if self.positions else (0, 0)
        first = self.positions[start]
        last = self.positions[max(start, end - 1)] + 1
        return first, last

    def index_of(self, original_index: int) -> int:
        """The canonical index of the first canonical character at or after an original index."""
        return bisect.bisect_left(self.positions, original_index)


_THOUSANDS = re.compile(r"(?<=\d)，(?=\d{3}(?!\d))")


def normalize(original: str) -> NormalizedText:
    # A comma between digit groups (1,000) is a thousands separator, not Chinese punctuation.
    text = _THOUSANDS.sub(",", original.translate(_TABLE))
    if len(text) == len(original):  # nothing removed: the common case for a single sentence of a cell
        return NormalizedText(text, tuple(range(len(original))))
    positions = tuple(index for index, char in enumerate(original) if ord(char) not in _WHITESPACE)
    return NormalizedText(text, positions)


# Sentences end at these marks (and at line breaks); a rule matches within one sentence, so that a
# prohibition in one sentence cannot excuse a restriction in the next.
_SENTENCE_END = re.compile(r"[。；！？;!?\n]+")


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) of the sentences of `text`, end marks included, empty ones skipped."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if text[start:match.start()].strip():
            spans.append((start, match.end()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans
