"""Plain text (.txt) and Markdown (.md): paragraphs, Markdown headings and tables, with line numbers.

Encoding: a BOM (UTF-8, UTF-16 LE/BE), else UTF-8, else UTF-16 without BOM (recognised by NUL
bytes on one side), else GB18030 (which covers GBK and GB2312); anything else is an error.

Paragraphs: blank lines separate paragraphs; within a run of lines, hard-wrapped lines are joined
back (``_text.join_lines``: a line continues the previous one unless that one ends a sentence or is
short, or the line starts a new item such as 第一章, 一、, （一）, 1.), so that a text file with one
paragraph per line and one wrapped at 70 columns both give one block per paragraph. In Markdown a
short line does not end a paragraph (line breaks there are soft), the other two rules apply.
Markdown: ``#`` headings (and setext ``===``/``---`` underlines) set ``heading_level``; list items
are blocks of their own (bullet markers dropped, ordered numbers kept since they are visible text);
``> `` quote markers are dropped; GFM tables become one block per cell with table/row/column
(row 1 is the header row), the header text as ``column_header`` and the first cell — the second
where the first only numbers the row (序号) — as ``row_header``, and the cells to the left of a cell as
its ``context`` (``_text.row_context``: 企业所在地：3分, so that a criterion is read with its factor). Fenced code is kept as one block.
Table-of-contents entries (a title, a dot leader, a page number) are left out: they repeat the
headings. ``Location.line`` is the line of the paragraph's first line.
"""

from __future__ import annotations

import re
from pathlib import Path

from procdocs.input_limits import input_limit
from procdocs.inputs import read_input
from procdocs.lint.model import Block, Location
from procdocs.lint.readers import BlockList, LintInputError, fail
from procdocs.lint.readers._text import (
    decode,
    is_toc_entry,
    join_all,
    join_lines,
    split_lines,
)
from procdocs.lint.sections import CONTEXT_CELLS, is_sequence_number, row_context

# Patterns are matched at the start of a line. None rescans: a heading's closing #s are removed in
# code (a lazy .*? before them would scan the rest of the line from every character).
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*))?$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```+|~~~+)")
_BULLET = re.compile(r"^\s*[-*+][ \t]+(?=\S)")
_ORDERED = re.compile(r"^\s*\d{1,9}[.)][ \t]+(?=\S)")
_QUOTE = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_BREAK = re.compile(r"<br\s{0,8}/?>", re.IGNORECASE)
_TABLE_DELIMITER = re.compile(r"^\s*(?:\|\s*)?:?-+:?\s*(?:\|\s*:?-+:?\s*)*(?:\|\s*)?$")


def read(path: Path) -> list[Block]:
    text = decode(read_input(path, "files.text_bytes", "文本文件", error=LintInputError), path)
    limit = input_limit("lint.text_lines")
    if text.count("\n") + text.count("\r") - text.count("\r\n") >= limit.value:  # before splitting: bounded memory
        fail(path, f"文件超过 {limit.text}，不像是正常的采购文件，已拒绝读取")
    # Table-of-contents entries (标题……12) repeat the headings; they become paragraph breaks.
    lines = ["" if is_toc_entry(line) else line for line in split_lines(text)]
    if path.suffix.lower() in (".md", ".markdown"):
        return read_markdown(lines)
    blocks: list[Block] = BlockList()
    for index, paragraph in join_lines(lines):
        blocks.append(Block(paragraph, Location(line=index + 1)))
    return blocks


def read_markdown(lines: list[str]) -> list[Block]:
    blocks: list[Block] = BlockList()
    full_width = 0.0  # Markdown wraps softly: a short line does not end a paragraph, a blank line does
    run: list[str] = []  # consecutive plain lines (a blank line ends the run)
    run_start = 0
    item: list[str] = []  # the current list item's lines
    item_start = 0
    tables = 0

    def flush() -> None:
        nonlocal run, item
        if item:
            blocks.append(Block(join_all(item), Location(line=item_start + 1)))
            item = []
        if run:
            for offset, paragraph in join_lines(run, full_width):
                blocks.append(Block(paragraph, Location(line=run_start + offset + 1)))
            run = []

    index = 0
    while index < len(lines):
        line = _QUOTE.sub("", lines[index]).rstrip()
        fence = _FENCE.match(line)
        if fence:
            flush()
            end = index + 1
            while end < len(lines) and not lines[end].strip().startswith(fence[1]):
                end += 1
            body = "\n".join(lines[index + 1:end]).strip("\n")
            if body.strip():
                blocks.append(Block(body, Location(line=index + 2)))
            index = end + 1
            continue
        if not line.strip():
            flush()
            index += 1
            continue
        heading = _ATX.match(line)
        if heading:
            flush()
            title = _heading_text(heading[2] or "")
            if title:
                blocks.append(Block(title, Location(line=index + 1), heading_level=len(heading[1])))
            index += 1
            continue
        if "|" in line and index + 1 < len(lines) and "|" in lines[index + 1] \
                and _TABLE_DELIMITER.match(lines[index + 1]):
            flush()
            tables += 1
            index = _table(lines, index, tables, blocks)
            continue
        setext = _SETEXT.match(line)
        if setext and run and not item and run[-1].strip():
            # The underlined line(s) since the last blank line form the heading.
            level = 1 if setext[1][0] == "=" else 2
            heading_lines = run
            run = []
            blocks.append(Block(" ".join(part.strip() for part in heading_lines if part.strip()),
                                Location(line=run_start + 1), heading_level=level))
            index += 1
            continue
        if _RULE.match(line):
            flush()
            index += 1
            continue
        bullet = _BULLET.match(line)
        if bullet or _ORDERED.match(line):
            flush()
            item = [line[bullet.end():].strip() if bullet else line.strip()]
            item_start = index
        elif item:
            item.append(line.strip())
        else:
            if not run:
                run_start = index
            run.append(line)
        index += 1
    flush()
    return blocks


def _heading_text(content: str) -> str:
    """An ATX heading's text without its closing sequence (" ##"), which needs a space before it."""
    text = content.rstrip(" \t")
    bare = text.rstrip("#")
    if bare != text and bare[-1:] in (" ", "\t"):
        text = bare
    return text.strip()


def _cells(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    # <br> is how Markdown tables put several lines (several conditions of a criterion) in one cell.
    return [_BREAK.sub("\n", cell.strip().replace("\\|", "|")) for cell in re.split(r"(?<!\\)\|", line)]


def _table(lines: list[str], start: int, number: int, blocks: list[Block]) -> int:
    """Emit the cells of the GFM table starting at `start`; return the index after it."""
    header = _cells(lines[start])
    for column, text in enumerate(header, 1):
        if text:
            blocks.append(Block(text, Location(table=number, row=1, column=column, line=start + 1)))
    row = 1
    index = start + 2
    while index < len(lines) and lines[index].strip() and "|" in lines[index]:
        row += 1
        cells = _cells(lines[index])
        # The row header is the first cell, or the second where the first only numbers the row (序号).
        head = 2 if len(cells) > 1 and (not cells[0] or is_sequence_number(cells[0])) else 1
        for column, text in enumerate(cells, 1):
            if text:
                blocks.append(Block(
                    text, Location(table=number, row=row, column=column, line=index + 1),
                    column_header=(header[column - 1] or None) if column <= len(header) else None,
                    row_header=(cells[head - 1] or None) if column > head else None,
                    context=row_context(cells[max(0, column - 1 - CONTEXT_CELLS):column - 1]),
                ))
        index += 1
    return index
