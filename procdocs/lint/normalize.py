"""Text normalisation for matching, with a map back to the original characters.

Rules are written against one canonical form so that the way a draft happens to be typed does not
decide whether a clause is caught:

* full-width digits, letters and ％＋－ become ASCII (``５００万`` → ``500万``);
* ASCII ``, : ; ( ) ! ?`` become the Chinese full-width forms ``，：；（）！？`` that documents use, so
  a rule written with Chinese punctuation matches both;
* every kind of white space is removed (stray spaces inside Chinese text are common in drafts);
* ``〔〕﹝﹞[]`` stay as they are (document numbers), ``≧ ≦`` become ``≥ ≤``.

The original text is never changed: findings report spans in it, computed through ``positions``.
Never use ``\\b`` in patterns: Chinese characters are word characters, so there is no boundary
between them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TO_CHINESE_PUNCTUATION = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "!": "！", "?": "？"}
_EXTRA = {"≧": "≥", "≦": "≤", "＞": ">", "＜": "<", "＝": "=", "～": "~", "﹪": "%", "．": ".", "｡": "。"}


def _canonical_char(char: str) -> str:
    code = ord(char)
    if 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A:
        char = chr(code - 0xFEE0)  # full-width digit or letter
    elif char in "％＋－":
        char = chr(code - 0xFEE0)
    char = _EXTRA.get(char, char)
    return _TO_CHINESE_PUNCTUATION.get(char, char)


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


def normalize(original: str) -> NormalizedText:
    characters: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(original):
        if char.isspace() or char in "\u200b\ufeff":
            continue
        characters.append(_canonical_char(char))
        positions.append(index)
    return NormalizedText("".join(characters), tuple(positions))


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
