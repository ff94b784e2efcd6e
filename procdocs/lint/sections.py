"""Heading paths: which headings each block sits under, and the scoring factor a block is about.

Readers mark headings they know from styles (DOCX outline levels, Markdown #, HTML h1–h6). Many
drafts only type the numbering ("一、资格要求" in bold Body Text), so short paragraphs that start
like a heading of a Chinese procurement document are taken as headings too. Such a typed heading
is also a clause: "1.投标人须在本市注册" without a full stop looks like a heading, and is one for the
blocks after it, but it is still linted (its ``heading_level`` stays unset, so the engine reads it).

A heading that names a scoring factor with its points ("（三）企业业绩（10分）", and an unnumbered
"企业业绩（10分）" on a line of its own, which is taken as a heading one level below the last
heading that names no factor) gives the lines under it the factor as context (:func:`context_of`): "每提供一个本市
项目业绩得2分" is read as "（三）企业业绩（10分）：每提供一个本市项目业绩得2分".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from procdocs.lint.model import Block
from procdocs.lint.normalize import CONTEXT_SEPARATOR, strip_invisible
from procdocs.lint.numbers import NUMBER_PATTERN
from procdocs.lint.regexcache import compile_regex

MAX_HEADING_LENGTH = 40  # a heading is short; a numbered clause of the body is longer
_CN = "一二三四五六七八九十百零〇"
# Numbering patterns of headings and the level each usually has in a 招标文件.
_NUMBERED_HEADINGS: tuple[tuple[re.Pattern[str], int], ...] = (
    (compile_regex(rf"^\s*第[{_CN}\d]+[章篇部分卷]"), 1),
    (compile_regex(rf"^\s*[{_CN}]+\s*[、.．]"), 2),
    (compile_regex(rf"^\s*[（(][{_CN}]+[）)]"), 3),
    (compile_regex(r"^\s*\d+\s*[、．.](?!\d)"), 4),
)
_SENTENCE_END = compile_regex(r"[。；;，,：:]\s*$")
# The points at the end of a factor's title: 企业业绩（10分）, 服务方案(满分20分), 业绩 10 分, 业绩（最高5分）.
_POINTS = compile_regex(rf"(?:[（(](?:满分|最高|最多|共|计|分值)?[:：]?\s*{NUMBER_PATTERN}\s*分[）)]"
                        rf"|\s{NUMBER_PATTERN}\s*分)\s*$")
# A cell that only numbers its row (序号): 1, 1., 1、, (1), 一, 一、
_SEQUENCE = compile_regex(r"^\s*(?:[（(]?\d{1,4}[)）]?[.、．]?|[一二三四五六七八九十]{1,3}[、.．]?)\s*$")
_CLAUSE_MARKS = compile_regex(r"[，。；,;]")
_ONLY_POINTS = compile_regex(rf"^\s*(?:{NUMBER_PATTERN})\s*(?:分\s*)?$")
# Words of a scoring criterion, not of a factor's title: "每提供一个得2分（最高10分）" is a criterion.
_CRITERION = compile_regex(rf"[得加扣减]{NUMBER_PATTERN}|[，。；,;]|得分")


# The kinds of item numbering, outermost first. Items numbered in the same kind are siblings: a lead-in
# "2、投标人资格要求：" introduces the items after it until "3、…" (roles.py).
_NUMBERING_STYLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("chapter", compile_regex(rf"^\s*第[{_CN}\d]+[章篇部分卷节条]")),
    ("chinese", compile_regex(rf"^\s*[{_CN}]+\s*[、.．]")),
    ("chinese-parenthesised", compile_regex(rf"^\s*[（(]\s*[{_CN}]+\s*[）)]")),
    ("decimal", compile_regex(r"^\s*\d+(?:[.．]\d+)+(?![\d.．])")),
    ("arabic", compile_regex(r"^\s*\d+\s*[、．.](?!\d)")),
    ("arabic-parenthesised", compile_regex(r"^\s*[（(]\s*\d+\s*[）)]")),
    ("circled", compile_regex(r"^\s*[①-⑳]")),
)


def numbering_style(text: str) -> str | None:
    """The kind of numbering a paragraph starts with (arabic for "2、", chinese-parenthesised for
    "（一）"), or None for an unnumbered one."""
    text = strip_invisible(text)
    return next((name for name, pattern in _NUMBERING_STYLES if pattern.match(text)), None)


def is_sequence_number(text: str) -> bool:
    return bool(_SEQUENCE.match(text))


def text_heading_level(block: Block) -> int | None:
    """The level of a paragraph that reads like a heading ("第二章 投标人须知", "三、评分标准")."""
    text = strip_invisible(block.text).strip()  # 二\u200d、资格要求 is still numbered like a heading
    if block.column_header is not None or block.row_header is not None or not text:
        return None
    if len(text) > MAX_HEADING_LENGTH or _SENTENCE_END.search(text):
        return None
    for pattern, level in _NUMBERED_HEADINGS:
        if pattern.match(text):
            return level
    return None


@lru_cache(maxsize=4096)  # asked for every heading above every block
def carries_points(text: str) -> bool:
    """Whether a heading names a scoring factor with its points: "（三）企业业绩（10分）"."""
    text = strip_invisible(text).strip()
    points = _POINTS.search(text)
    return points is not None and len(text) <= MAX_HEADING_LENGTH and not _CRITERION.search(text[:points.start()])


MAX_CONTEXT_CELL = 40  # a factor's name, its points or a label is short; a longer cell is a clause of its own
CONTEXT_CELLS = 4  # the cells left of a criterion that can name it: 序号, 商务部分, 企业业绩, 10分


def row_context(left: Sequence[str]) -> str:
    """A table cell's context: the cells to its left in the row (the last :data:`CONTEXT_CELLS`), joined
    with "：" (企业所在地：3分), so that a scoring criterion is read with its factor. Cells that only number
    the row (序号) or give its points (3分), empty cells, and long ones or sentences (clauses of their
    own, linted on their own) are left out, as is a label's colon."""
    parts = []
    for text in left[-CONTEXT_CELLS:]:
        text = text.strip()
        if (text and len(text) <= MAX_CONTEXT_CELL and not is_sequence_number(text) and not only_points(text)
                and not _CLAUSE_MARKS.search(text)):
            parts.append(text.rstrip("：:").rstrip())
    return CONTEXT_SEPARATOR.join(part for part in parts if part)


def only_points(text: str) -> bool:
    """Whether a text only gives points or a number (3分, 10, 2.5): a 分值 cell, which has no clause to read."""
    return bool(_ONLY_POINTS.match(strip_invisible(text)))


def context_of(block: Block) -> str:
    """What the block's clauses are read after: the innermost factor heading above it (企业业绩（10分）)
    and the block's own context (a table cell's factor, from the cells to its left). A cell that only
    gives points has none: "经营年限：3分" is not a clause about 经营年限."""
    factor = _factor(block.headings)
    if not (factor or block.context) or only_points(block.text):  # most blocks have no context to look at
        return ""
    if not block.context:
        return factor
    return f"{factor}{CONTEXT_SEPARATOR}{block.context}" if factor else block.context


@lru_cache(maxsize=1024)  # a document repeats a few heading paths over thousands of blocks
def _factor(headings: tuple[str, ...]) -> str:
    """The innermost heading of the path that names a scoring factor with its points, or ""."""
    return next((heading for heading in reversed(headings) if carries_points(heading)), "")


def assign(blocks: list[Block]) -> None:
    """Set `headings` on every block (headings themselves get the path above them)."""
    stack: list[tuple[int, str]] = []
    path: tuple[str, ...] = ()  # the texts of the stack: one tuple shared by the blocks under the same headings
    for block in blocks:
        level = block.heading_level
        if level is None and block.location.table is None:
            level = text_heading_level(block)  # typed numbering: a heading for the path, still linted
            if level is None and block.role_hint is None and carries_points(block.text):
                # 企业业绩（10分） on its own: one level below the last heading that names no factor
                base = next((entry_level for entry_level, text in reversed(stack) if not carries_points(text)), 0)
                level = base + 1
        if block.role_hint is not None and block.headings:
            continue  # the reader already knows (the spec reader sets its own paths)
        if level is not None:
            while stack and stack[-1][0] >= level:
                stack.pop()
            block.headings = tuple(text for _, text in stack)
            stack.append((level, block.text.strip()))
            path = (*block.headings, stack[-1][1])
        else:
            block.headings = path
