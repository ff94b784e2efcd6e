"""PDF with a text layer (pypdf): lines joined back into paragraphs, page furniture dropped.

Refused with a message, never read as “no text”: an encrypted PDF (one that opens with an empty
password — permissions only — is read), a scan without a text layer (more than half of the pages are
images without text), a PDF whose text cannot be extracted or comes out garbled, a corrupt file.

Text is extracted per page in pypdf's plain mode (content-stream order), which keeps Chinese lines
intact; layout mode pads with spaces to reproduce positions. Then, per page, non-empty lines are
numbered from 1 (``Location.line`` counts them, page furniture included) and dropped are:

- page numbers: “第 3 页 共 40 页”, “共40页 第3页”, “- 3 -”, “3/40”, “Page 3 of 40” anywhere; bare
  numbers (“3”) and roman numerals only among the first or last :data:`EDGE_LINES` lines of a page;
- table-of-contents entries (a title, a dot leader, a page number): they repeat the headings;
- running headers and footers: a line that occurs (with its digits ignored if it holds a page
  number: “招标文件 第3页”) at the same place among the first or last :data:`EDGE_LINES` lines
  (say, always the last line but one) of more than half of the pages, and at least two.

The remaining lines, across page breaks, are joined into paragraphs by ``_text.join_lines``: a line
continues the previous one unless the previous ends with 。！？；：, or is clearly shorter than a
full line (a heading or the last line of a paragraph), or the line starts a new item (第X章, 一、,
（一）, 1., 1.1, （1）, ★, ▲, ①, 附件 …). A block's location is the page and line of its first line.
No heading levels: a PDF does not say which lines are headings.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from pathlib import Path
from typing import Any, BinaryIO

from procdocs.inputs import open_input
from procdocs.lint.model import Block, Location
from procdocs.lint.readers import BlockList, LintInputError, fail
from procdocs.lint.readers._text import PAGE_NUMBER, is_toc_entry, join_lines, split_lines

EDGE_LINES = 3  # lines at the top and at the bottom of a page where headers, footers and page numbers are
MIN_PAGE_CHARS = 10  # a page with fewer extracted characters has no usable text layer
MAX_GARBLED_SHARE = 0.2  # private-use/replacement characters above this share mean unusable text

_BARE_NUMBER = re.compile(r"^(?:\d{1,4}|(?i:[ivxlcdm]{1,7}))$")
_PAGE_WORD = re.compile(r"页|\d/\d|(?i:page)")
_DIGITS = re.compile(r"\d+")
_GARBLED = re.compile(r"[\ue000-\uf8ff\ufffd]")
_AES_MESSAGE = "PDF 已加密（AES），解密需要 cryptography 库（pip install cryptography）；或请提供未加密的文件"
_OCR_ADVICE = "请先进行文字识别（OCR），或提供由 Word/WPS 直接导出的 PDF"


def read(path: Path) -> list[Block]:
    try:
        import pypdf
    except ImportError:  # pypdf is only in the "test" extra so far
        fail(path, "读取 PDF 需要 pypdf 库，请先安装：pip install pypdf")
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)  # pypdf warns about every quirk of real-world PDFs
    try:
        with open_input(path, "files.pdf_bytes", "PDF 文件", error=LintInputError) as stream:
            pages = _page_texts(stream, path, pypdf)
    finally:
        logger.setLevel(level)
    return _blocks(_clean(pages))


def _page_texts(stream: BinaryIO, path: Path, pypdf: Any) -> list[list[str]]:
    """Each page's non-empty lines, after checking that the PDF can be read and has a text layer."""
    try:
        reader = pypdf.PdfReader(stream, strict=False)
        encrypted = reader.is_encrypted
    except Exception:
        fail(path, "PDF 文件已损坏或不是有效的 PDF，无法审查")
    if encrypted:
        try:
            opened = reader.decrypt("")
        except pypdf.errors.DependencyError:
            fail(path, _AES_MESSAGE)
        except Exception:
            opened = 0
        if not opened:
            fail(path, "PDF 已加密（设置了打开密码），无法审查；请提供未加密的文件")
    try:
        page_objects = list(reader.pages)
    except Exception:
        fail(path, "PDF 文件已损坏（无法读取页面），无法审查")
    if not page_objects:
        fail(path, "PDF 没有任何页面，无法审查")
    pages: list[list[str]] = []
    failed = scanned = characters = garbled = 0
    for page in page_objects:
        try:
            text = page.extract_text() or ""
        except pypdf.errors.DependencyError:  # AES-encrypted streams without the cryptography package
            fail(path, _AES_MESSAGE)
        except Exception:
            failed += 1
            text = ""
        lines = [line.strip() for line in split_lines(text)]
        lines = [line for line in lines if line]
        count = sum(len(line.replace(" ", "")) for line in lines)
        if count < MIN_PAGE_CHARS and _has_images(page):
            scanned += 1
        characters += count
        garbled += sum(len(_GARBLED.findall(line)) for line in lines)
        pages.append(lines)
    total = len(page_objects)
    if failed == total:
        fail(path, "PDF 文件已损坏（无法提取任何页面的文字），无法审查")
    if scanned == total:
        fail(path, f"这是扫描件，没有文字层，无法审查；{_OCR_ADVICE}")
    if scanned * 2 > total:
        fail(path, f"PDF 的 {total} 页中有 {scanned} 页是没有文字层的扫描图像，无法完整审查；{_OCR_ADVICE}")
    if characters < MIN_PAGE_CHARS:
        fail(path, "PDF 中提取不到文字（文字可能被转成了图形或曲线），无法审查；请提供由 Word/WPS 直接导出的 PDF")
    if garbled > MAX_GARBLED_SHARE * characters:
        fail(path, "PDF 中的文字无法正确提取（字体缺少编码信息，提取出来是乱码），无法审查；请提供由 Word/WPS 直接导出的 PDF")
    return pages


def _has_images(page: Any, depth: int = 0) -> bool:
    """Whether a page (or a form it draws) holds an image XObject."""
    try:
        resources = page.get("/Resources")
        resources = resources.get_object() if resources is not None else None
        xobjects = resources.get("/XObject") if resources is not None else None
        if xobjects is None:
            return False
        for value in xobjects.get_object().values():
            xobject = value.get_object()
            subtype = xobject.get("/Subtype")
            if subtype == "/Image" or (subtype == "/Form" and depth < 3 and _has_images(xobject, depth + 1)):
                return True
    except Exception:
        return False
    return False


def _key(line: str) -> str:
    """A line as compared across pages: digits count only where they are not a page number."""
    compact = line.replace(" ", "")
    return _DIGITS.sub("#", compact) if _PAGE_WORD.search(compact) else compact


def _clean(pages: list[list[str]]) -> list[tuple[int, int, str]]:
    """(page, line, text) of every line that is not a page number or a running header/footer."""
    slots: Counter[tuple[int, str]] = Counter()
    for lines in pages:
        slots.update({(slot, _key(line)) for index, line in enumerate(lines)
                      if (slot := _slot(index, len(lines))) is not None})
    running = {key for key, count in slots.items() if count >= 2 and count * 2 > len(pages)}
    kept: list[tuple[int, int, str]] = []
    for page_number, lines in enumerate(pages, 1):
        for index, line in enumerate(lines):
            compact = line.replace(" ", "")
            slot = _slot(index, len(lines))
            if PAGE_NUMBER.match(compact) or is_toc_entry(line) or (slot is not None and (
                    _BARE_NUMBER.match(compact) or (slot, _key(line)) in running)):
                continue
            kept.append((page_number, index + 1, line))
    return kept


def _slot(index: int, count: int) -> int | None:
    """A line's place among the first (0, 1, 2 …) or last (-1, -2 …) EDGE_LINES of its page, if it is there."""
    if index < EDGE_LINES:
        return index
    if index >= count - EDGE_LINES:
        return index - count
    return None


def _blocks(lines: list[tuple[int, int, str]]) -> list[Block]:
    paragraphs = join_lines([text for _, _, text in lines])
    blocks: list[Block] = BlockList()
    for start, text in paragraphs:
        blocks.append(Block(text, Location(page=lines[start][0], line=lines[start][1])))
    return blocks
