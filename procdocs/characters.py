"""Characters a procurement document must not carry, and how to name one in a message.

Three kinds are refused wherever user text enters a document (spec strings, batch cells, template
output) and kept out of file names and terminal output:

* control characters (C0 except tab, line feed and carriage return; DEL; C1, which includes the
  terminal's escape sequences): XML 1.0 cannot carry most of them, so the DOCX writer could not
  write them, and echoed raw they drive the terminal;
* invisible format characters (Unicode category Cf): zero-width spaces and joiners, the word joiner,
  the soft hyphen, the byte-order mark inside text, and the bidirectional controls that reorder
  what a reader sees (U+202E shows "abc" as "cba"). They have no business in a procurement document
  and can disguise its wording from a reader or from the lint;
* code points that are not characters at all: lone surrogates and the noncharacters (U+FFFE,
  U+FFFF, U+FDD0–U+FDEF, and the last two of every plane), which XML also forbids.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

RefusedKind = Literal["control", "direction", "format", "noncharacter"]

_ALLOWED_CONTROLS = "\t\n\r"
# Bidirectional embedding, override and isolate controls, and the implicit marks (LRM, RLM, ALM).
_DIRECTION_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
KIND_NAMES: dict[RefusedKind, str] = {
    "control": "不可见的控制字符",
    "direction": "不可见的文字方向控制字符",
    "format": "不可见的格式字符（如零宽字符、软连字符）",
    "noncharacter": "不是有效文字的字符",
}
@dataclass(frozen=True)
class RefusedCharacter:
    char: str
    kind: RefusedKind
    index: int  # position in the text, from 0

    @property
    def code(self) -> str:
        return code_point(self.char)

    @property
    def description(self) -> str:
        """'不可见的控制字符（U+001B）'."""
        return f"{KIND_NAMES[self.kind]}（{self.code}）"


def code_point(char: str) -> str:
    """'\\x1b' -> 'U+001B'."""
    return f"U+{ord(char):04X}"


def refused_kind(char: str) -> RefusedKind | None:
    """Why `char` may not appear in a document, or None when it may."""
    if char in _ALLOWED_CONTROLS:
        return None
    category = unicodedata.category(char)
    if category == "Cc":
        return "control"
    if char in _DIRECTION_CONTROLS:
        return "direction"
    if category == "Cf":
        return "format"
    if category == "Cs" or _is_noncharacter(char):
        return "noncharacter"
    return None


def _is_noncharacter(char: str) -> bool:
    value = ord(char)
    return 0xFDD0 <= value <= 0xFDEF or value & 0xFFFE == 0xFFFE


def first_refused(text: str) -> RefusedCharacter | None:
    """The first character of `text` a document must not carry, or None."""
    if text.isprintable():  # the fast path: every refused character is non-printable
        return None
    for index, char in enumerate(text):
        kind = refused_kind(char)
        if kind is not None:
            return RefusedCharacter(char, kind, index)
    return None


def without_refused(text: str, replacement: str = "") -> str:
    """`text` with every refused character replaced (for file names, where nothing invisible belongs)."""
    if text.isprintable():
        return text
    return "".join(replacement if refused_kind(char) else char for char in text)
