"""Helpers shared by the readers: decoding text files and joining wrapped lines into paragraphs."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from procdocs.lint.readers import fail
from procdocs.textcodec import UndecodableText, decode_text

# -- decoding ------------------------------------------------------------------------------------

# Control characters that never occur in a text document (tab, newlines and form feed do).
_BINARY = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode(data: bytes, path: Path) -> str:
    """Decode a text file: BOM (UTF-8, UTF-16), else UTF-8, else UTF-16 without BOM, else GB18030."""
    text = _decode(data, path)
    match = _BINARY.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        fail(path, "这不是文本文件（含二进制内容）", line=line)
    return text


def _decode(data: bytes, path: Path) -> str:
    try:
        return decode_text(data)
    except UndecodableText as exc:
        fail(path, exc.reason, line=exc.line)


def split_lines(text: str) -> list[str]:
    """Lines as an editor numbers them (\\r\\n, \\r or \\n; not the other separators splitlines knows)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


# -- joining -------------------------------------------------------------------------------------


def is_cjk(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def join_all(pieces: Sequence[str]) -> str:
    """Join the wrapped pieces of one paragraph: no space in Chinese, one space between Latin words.
    All at once: joining them one by one would copy the growing paragraph for every line."""
    parts: list[str] = []
    previous = ""
    for piece in pieces:
        if previous and piece and _latin(previous[-1]) and _latin(piece[0]):
            parts.append(" ")
        parts.append(piece)
        previous = piece or previous
    return "".join(parts)


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


_SPACES = re.compile(r"\s+")


def collapse_spaces(text: str) -> str:
    """HTML-like whitespace: each run becomes one space, or nothing where a line break in the source
    falls between two CJK characters (a wrapped line, not a word space)."""

    def replace(match: re.Match[str]) -> str:
        start, end = match.start(), match.end()
        if "\n" in match[0] and start > 0 and end < len(text) and is_cjk(text[start - 1]) and is_cjk(text[end]):
            return ""
        return " "

    return _SPACES.sub(replace, text)


def width(text: str) -> float:
    """Display width in ems: CJK and full-width characters 1, others ½."""
    return sum(1.0 if is_cjk(char) else 0.5 for char in text)


# Characters that end a paragraph (followed only by closing quotes or brackets).
ENDS_PARAGRAPH = re.compile(r"[。！？；：!?;:][”’」』）)】]*\s*$")


def join_lines(lines: Sequence[str], full_width: float | None = None) -> list[tuple[int, str]]:
    """Join hard-wrapped lines back into paragraphs: [(index of the paragraph's first line, text)].

    A line continues the previous one unless the previous ends a sentence (。！？；：), the line
    starts a new item (第一章, 一、, （一）, 1., 1.1, （1）, ★, ▲, ①, 附件 …), or the previous line
    is clearly shorter than a full line (a heading or a paragraph's last line) — and the break is not
    visibly inside a clause (``normalize.line_continues``: 得3 | 分, 以营 | 业执照为准。, a narrow
    table column or a line broken by hand). Empty strings in
    `lines` are paragraph breaks. `full_width` is the width of a full line; by default it is taken
    from the lines themselves (the 90th percentile of their widths).
    """
    # Imported here, not with the module: normalize's patterns load the compiled-regex cache (a tenth of a
    # second), which a PDF's reader leaves for the time its child processes extract the text (run.lint_file).
    from procdocs.lint.normalize import NEW_ITEM, line_continues

    if full_width is None:
        full_width = typical_width(lines)
    paragraphs: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    previous = ""
    for index, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            if current:
                paragraphs.append((start, join_all(current)))
                current = []
            previous = ""
            continue
        continues = (
            current
            and not ENDS_PARAGRAPH.search(previous)
            and not NEW_ITEM.match(line)
            and (width(previous) >= 0.8 * full_width or line_continues(previous, line))
        )
        if continues:
            current.append(line)
        else:
            if current:
                paragraphs.append((start, join_all(current)))
            current, start = [line], index
        previous = line
    if current:
        paragraphs.append((start, join_all(current)))
    return paragraphs


def typical_width(lines: Sequence[str]) -> float:
    widths = sorted(width(line.strip()) for line in lines if line.strip())
    if not widths:
        return 0.0
    if len(widths) < 10:
        return widths[-1]
    return widths[int(len(widths) * 0.9)]


# -- tables and contents -------------------------------------------------------------------------



def looks_like_header_row(texts: Sequence[str]) -> bool:
    """Whether a table's first row reads as column headers rather than a first record or label/value pair:
    some text, every cell short (≤ 20 characters) and none a label ending in a colon (项目编号：)."""
    cells = [text.strip() for text in texts if text.strip()]
    return bool(cells) and all(len(text) <= 20 and not text.endswith(("：", ":")) for text in cells)


# A table-of-contents entry: a title, a dot leader and (usually) a page number. Not a sentence
# trailing off in an ellipsis (“……”).
TOC_LEADERS = ".．·…"
TOC_MIN_LEADERS = 6  # without a page number
TOC_MIN_LEADERS_NUMBERED = 3  # before a page number


def is_toc_entry(line: str) -> bool:
    """Whether a line ends in a dot leader of at least 6 marks (spaces between them allowed), or of
    at least 3 followed by a page number. Read from the end, once: searching for the leader with a
    pattern would try it from every mark of a long run of dots, for a time quadratic in its length."""
    body = line.rstrip()
    stripped = _strip_decimals(body)
    numbered = len(stripped) < len(body)
    leaders = 0
    for char in reversed(stripped):
        if char in TOC_LEADERS:
            leaders += 1
        elif not char.isspace():
            break
    return leaders >= (TOC_MIN_LEADERS_NUMBERED if numbered else TOC_MIN_LEADERS)


def _strip_decimals(text: str) -> str:
    """The text without its trailing decimal digits of any script (what a pattern's \\d matches)."""
    end = len(text)
    while end and text[end - 1].isdecimal():
        end -= 1
    return text[:end]

# A line that is only a page number: 第 3 页 共 40 页, 共40页 第3页, - 3 -, 3/40, Page 3 of 40 (spaces removed).
PAGE_NUMBER = re.compile(
    r"""^(?:
        第\d+页(?:[,，/]?共\d+页)?
      | 共\d+页[,，/]?第\d+页
      | [-—–－]\d+[-—–－]
      | \d+/\d+
      | (?i:page\d+(?:of\d+)?)
    )$""",
    re.VERBOSE,
)
