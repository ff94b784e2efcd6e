"""Heading paths: which headings each block sits under.

Readers mark headings they know from styles (DOCX outline levels, Markdown #, HTML h1–h6). Many
drafts only type the numbering ("一、资格要求" in bold Body Text), so short paragraphs that start
like a heading of a Chinese procurement document are taken as headings too.
"""

from __future__ import annotations

import re

from procdocs.lint.model import Block
from procdocs.lint.normalize import strip_invisible

MAX_HEADING_LENGTH = 40  # a heading is short; a numbered clause of the body is longer
_CN = "一二三四五六七八九十百零〇"
# Numbering patterns of headings and the level each usually has in a 招标文件.
_NUMBERED_HEADINGS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(rf"^\s*第[{_CN}\d]+[章篇部分卷]"), 1),
    (re.compile(rf"^\s*[{_CN}]+\s*[、.．]"), 2),
    (re.compile(rf"^\s*[（(][{_CN}]+[）)]"), 3),
    (re.compile(r"^\s*\d+\s*[、．.](?!\d)"), 4),
)
_SENTENCE_END = re.compile(r"[。；;，,：:]\s*$")


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


def assign(blocks: list[Block]) -> None:
    """Set `headings` on every block (headings themselves get the path above them)."""
    stack: list[tuple[int, str]] = []
    for block in blocks:
        level = block.heading_level
        if level is None and block.location.table is None:
            level = text_heading_level(block)
            if level is not None:
                block.heading_level = level
        if block.role_hint is not None and block.headings:
            continue  # the reader already knows (the spec reader sets its own paths)
        if level is not None:
            while stack and stack[-1][0] >= level:
                stack.pop()
            block.headings = tuple(text for _, text in stack)
            stack.append((level, block.text.strip()))
        else:
            block.headings = tuple(text for _, text in stack)
