"""Titles broken into balanced lines at word boundaries, the same in every writer.

A renderer breaks Chinese text between any two characters, so a long title wraps inside a word
(「新能/源」, 「询/价公告」) or leaves one character on its last line. WeasyPrint has no
``text-wrap: balance`` and Word none at all, so procdocs breaks each title that does not fit one
line itself: it measures the title against the line the style sheet gives it, chooses the fewest
lines that fit, and among the breaks between words (``data/title_breaks.yaml``) the set whose lines
are the most even. The breaks are line breaks in the document tree, so DOCX and PDF show the same
lines.
"""

from __future__ import annotations

import itertools
import math
import unicodedata
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

from procdocs.doctree.nodes import COVER_STYLES, Block, Cover, LineBreak, Paragraph, Text
from procdocs.packagedata import load_package_yaml
from procdocs.styles import StyleSheet
from procdocs.writers.base import POINTS_PER_MM

# What one character takes, in ems: a Chinese character one, a Latin letter or digit a little more
# than half (Times New Roman 0.5; the wider faces a reader may substitute up to 0.6).
NARROW_EM = 0.6
# Fonts differ between writers and readers: a title line is planned a little shorter than the text
# block, so that no reader's face wraps it again.
SAFE_SHARE = 0.94
# The cost of breaking a title after a character that usually ends a word, and after any other
# character (inside a word, as far as procdocs can tell), in ems of imbalance between lines.
WORD_EDGE_COST = 1.0
WORD_FINAL_COST = 3.0
ANY_COST = 12.0
FORBIDDEN = math.inf
MAX_EXTRA_LINES = 2  # lines beyond the fewest that fit, when that avoids breaking inside a word
TITLE_STYLES = ("title", "subtitle")


@dataclass(frozen=True)
class _BreakRules:
    words: tuple[str, ...]
    before: tuple[str, ...]
    after: tuple[str, ...]
    word_final: frozenset[str]


@cache
def _rules() -> _BreakRules:
    raw = load_package_yaml(resources.files("procdocs").joinpath("data/title_breaks.yaml").read_text(encoding="utf-8"))
    return _BreakRules(tuple(raw["words"]), tuple(raw["break_before"]), tuple(raw["break_after"]),
                       frozenset(raw["word_final"]))


def balance_titles(blocks: list[Block], stylesheet: StyleSheet) -> list[Block]:
    """The blocks with every title and subtitle paragraph (on the cover too) broken into lines."""
    width_pt = stylesheet.page.text_width_mm * POINTS_PER_MM
    result: list[Block] = []
    for block in blocks:
        if isinstance(block, Cover):
            block = Cover([_balanced(inner, stylesheet.styles[COVER_STYLES[inner.style]].size, width_pt)
                           if isinstance(inner, Paragraph) and inner.style in COVER_STYLES else inner
                           for inner in block.blocks])
        elif isinstance(block, Paragraph) and block.style in TITLE_STYLES:
            block = _balanced(block, stylesheet.styles[block.style].size, width_pt)
        result.append(block)
    return result


def _balanced(paragraph: Paragraph, size_pt: float, width_pt: float) -> Paragraph:
    """The paragraph with line breaks where its one plain run should break; others unchanged."""
    if len(paragraph.inlines) != 1 or not isinstance(paragraph.inlines[0], Text):
        return paragraph  # formatted or already broken by the template: left as written
    run = paragraph.inlines[0]
    lines = title_lines(run.text, width_pt * SAFE_SHARE / size_pt)
    if len(lines) == 1:
        return paragraph
    inlines: list[Text | LineBreak] = []
    for number, line in enumerate(lines):
        if number:
            inlines.append(LineBreak())
        inlines.append(Text(line, run.bold, run.italic, run.underline))
    return replace(paragraph, inlines=inlines)


def title_lines(text: str, capacity_em: float) -> list[str]:
    """`text` as the fewest lines of at most `capacity_em` ems, broken between words, balanced."""
    widths = [_em(character) for character in text]
    total = sum(widths)
    if total <= capacity_em or len(text) < 2:
        return [text]
    costs = _break_costs(text)
    fewest = math.ceil(total / capacity_em)
    best: tuple[float, list[int]] | None = None
    for count in range(fewest, fewest + MAX_EXTRA_LINES + 1):
        found = _best_breaks(widths, costs, count, capacity_em)
        if found is not None and (best is None or found[0] < best[0]):
            best = found
        if best is not None and best[0] < WORD_FINAL_COST:
            break  # breaks between known words, lines even: more lines would not be better
    if best is None:
        return [text]  # nothing fits (a single huge word): the renderer wraps it as before
    starts = [0, *best[1], len(text)]
    return [text[a:b] for a, b in itertools.pairwise(starts)]


def fits_one_line(text: str, size_pt: float, stylesheet: StyleSheet) -> bool:
    """Whether the text, at the given size, fits one line of the text block in every reader's faces."""
    capacity_em = stylesheet.page.text_width_mm * POINTS_PER_MM * SAFE_SHARE / size_pt
    return sum(_em(character) for character in text) <= capacity_em


def _em(character: str) -> float:
    return NARROW_EM if unicodedata.east_asian_width(character) in ("Na", "H", "N") else 1.0


def _break_costs(text: str) -> list[float]:
    """The cost of breaking before each position 1 … len-1 (index 0 unused)."""
    rules = _rules()
    costs = [FORBIDDEN] + [ANY_COST] * (len(text) - 1)
    for position in range(1, len(text)):
        if text[position - 1] in rules.word_final:
            costs[position] = WORD_FINAL_COST
    # The edges of known words are good places; after a name (局, 2026年) or before the kind of
    # document (采购项目, 招标公告) better still.
    for words, at_end, cost in ((rules.words, None, WORD_EDGE_COST), (rules.after, True, 0.0),
                                (rules.before, False, 0.0)):
        for word in words:
            start = text.find(word)
            while start != -1:
                end = start + len(word)
                for position in (end,) if at_end else (start,) if at_end is False else (start, end):
                    if 0 < position < len(text):
                        costs[position] = min(costs[position], cost)
                start = text.find(word, start + 1)
    for word in rules.words:  # never inside a known word, whatever else says so
        start = text.find(word)
        while start != -1:
            for position in range(start + 1, start + len(word)):
                costs[position] = FORBIDDEN
            start = text.find(word, start + 1)
    for position in range(1, len(text)):
        before, after = text[position - 1], text[position]
        if before.isdigit() or (_em(before) < 1 and _em(after) < 1 and after.isalnum()):
            costs[position] = FORBIDDEN  # never inside a number or a Latin word, nor between a number and its unit
        elif unicodedata.category(after) in ("Pe", "Po") or unicodedata.category(before) == "Ps":
            costs[position] = FORBIDDEN  # no line starts with a closing mark or ends with an opening one
    return costs


def _best_breaks(widths: list[float], costs: list[float], count: int,
                 capacity: float) -> tuple[float, list[int]] | None:
    """The `count - 1` break positions with lines within `capacity` and the least cost.

    Cost: the breaks' own costs plus how unevenly the lines fill, Σ (width − mean)² / mean, so
    that a long and a short line cost more than two even ones. Dynamic programming over positions.
    """
    n = len(widths)
    prefix = [0.0]
    for width in widths:
        prefix.append(prefix[-1] + width)
    mean = prefix[-1] / count
    candidates = [0, *(p for p in range(1, n) if costs[p] != FORBIDDEN), n]
    # best[k][i]: least cost of k lines covering text[:candidates[i]], and the previous index.
    best: list[dict[int, tuple[float, int]]] = [{0: (0.0, -1)}]
    for lines in range(1, count + 1):
        layer: dict[int, tuple[float, int]] = {}
        for i, end in enumerate(candidates):
            if end == 0 or (lines == count) != (end == n):
                continue
            for j, (cost, _) in best[lines - 1].items():
                start = candidates[j]
                width = prefix[end] - prefix[start]
                if start >= end or width > capacity:
                    continue
                total = cost + (width - mean) ** 2 / mean + (costs[end] if end < n else 0.0)
                if i not in layer or total < layer[i][0]:
                    layer[i] = (total, j)
        best.append(layer)
    last = len(candidates) - 1
    if last not in best[count]:
        return None
    breaks: list[int] = []
    index, lines = last, count
    total = best[count][last][0]
    while lines > 0:
        previous = best[lines][index][1]
        if lines > 1:
            breaks.append(candidates[previous])
        index, lines = previous, lines - 1
    return total, sorted(breaks)
