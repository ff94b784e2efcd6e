"""Document integrity: what a rule about the document as a whole finds (``detector:`` in a rule).

Sentence rules match the normalised text, from which invisible characters have been removed, so
that 仅限本市(U+2060)企业 is caught like 仅限本市企业. That the characters were there at all is
worth telling too: they have no business in a procurement document, and they can hide words from a
reviewer's search or, for the bidi controls, make the displayed text differ from the stored one. A
detector reads the original text of every block, headings included, and returns the places it
reports; the engine turns them into findings with the rule's message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from procdocs.lint.model import Block, DetectorHit
from procdocs.lint.normalize import INVISIBLE, Normalizer, normalize, sentences

if TYPE_CHECKING:
    from procdocs.lint.checks import DocumentFacts  # (the detectors' common signature: these read no facts)

MAX_LISTED_CHARACTERS = 8  # distinct code points named in the message; the rest are counted
MAX_LISTED_PLACES = 5  # further places named after the first

# What each kind of invisible character is called in messages, by code point range.
_KINDS: tuple[tuple[int, int, str], ...] = (
    (0x200B, 0x200D, "零宽字符"), (0x2060, 0x2060, "零宽字符"), (0xFEFF, 0xFEFF, "零宽字符"), (0x180E, 0x180E, "零宽字符"),
    (0x200E, 0x200F, "文字方向控制字符"), (0x061C, 0x061C, "文字方向控制字符"), (0x202A, 0x202E, "文字方向控制字符"),
    (0x2066, 0x2069, "文字方向控制字符"),
    (0x00AD, 0x00AD, "软连字符"),
    (0xFE00, 0xFE0F, "变体选择符"), (0xE0100, 0xE01EF, "变体选择符"), (0x180B, 0x180D, "变体选择符"),
    (0x180F, 0x180F, "变体选择符"),
    (0x0000, 0x001F, "控制字符"), (0x007F, 0x009F, "控制字符"),
)


def kind_of(char: str) -> str:
    """零宽字符, 文字方向控制字符 … for an invisible character."""
    code = ord(char)
    return next((name for low, high, name in _KINDS if low <= code <= high), "不可见格式字符")


def invisible_characters(blocks: list[Block], normalized: Normalizer = normalize,
                         facts: DocumentFacts | None = None) -> list[DetectorHit]:
    """One hit for the whole document, at the sentence of the first invisible character, naming the
    code points found anywhere (U+200D …), how many there are and where the others are."""
    places: list[tuple[Block, int]] = []  # each block holding some, with the index of its first
    found: dict[str, int] = {}  # character -> occurrences, in order of first appearance
    for block in blocks:
        if INVISIBLE.search(block.text) is None:  # the common case: one scan, nothing to collect
            continue
        matches = list(INVISIBLE.finditer(block.text))
        places.append((block, matches[0].start()))
        for match in matches:
            found[match.group()] = found.get(match.group(), 0) + 1
    if not places:
        return []
    block, first = places[0]
    start, end = next(((s, e) for s, e in sentences(block.text) if s <= first < e), (first, first + 1))
    listed = [f"U+{ord(char):04X}（{kind_of(char)}）" for char in list(found)[:MAX_LISTED_CHARACTERS]]
    if len(found) > MAX_LISTED_CHARACTERS:
        listed.append(f"等 {len(found)} 种")
    others = [other.location.describe() for other, _ in places[1:MAX_LISTED_PLACES + 1]]
    where = ""
    if others:
        more = f"等 {len(places) - 1} 处" if len(places) - 1 > len(others) else ""
        where = f"；此处为第一处，另见{'、'.join(others)}{more}"
    values = {"chars": "、".join(listed), "count": str(sum(found.values())), "where": where}
    return [DetectorHit(block, start, end, values)]

