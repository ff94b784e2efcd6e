"""PDF with a text layer (pdfium, through pypdfium2): lines joined back into paragraphs, page furniture dropped.

Refused with a message, never read as “no text”: an encrypted PDF (one that opens with an empty
password — permissions only — is read, RC4 or AES alike), a scan without a text layer (more than half
of the pages are images without text), a PDF whose text cannot be extracted or comes out garbled, a
corrupt file, a PDF without pages.

Text is extracted per page from pdfium's text page (``FPDFText_GetText``: the characters in content-
stream order, with the line breaks and word spaces pdfium infers from their positions), which keeps
Chinese lines intact. pdfium's output is brought to the lines pypdf gave, which the rest of the reader
was written for: its line ends (CR LF, “\\r\\n”) split like any other, a hyphen that pdfium marks as breaking a word
at the end of a line (U+FFFE, or U+0002) becomes “-” followed by the line break it stands for, other
control characters are dropped and runs of white space inside a line become one space. Spaces are
pdfium's: where Word or LibreOffice set Chinese apart from digits and Latin letters (不低于 500 万元),
or leave out the space characters a writer typed, pdfium puts a space for the gap, on both sides of
the digits (pypdf on one side, or none); matching ignores white space. Then, per page,
non-empty lines are numbered from 1 (``Location.line`` counts them, page furniture included) and
dropped are:

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

A table comes out cell after cell, a cell's wrapped lines as lines (pypdf put a row's cells on one
line); they are joined like any other lines. The file is read whole through
:func:`procdocs.inputs.read_input` (``open_input``, size limit ``files.pdf_bytes``) and pdfium parses
it in memory, in forked child processes held to ``lint.pdf_parser_bytes`` of address space between
them (a large file in :data:`PARTS`, each extracting a share of the pages): pdfium inflates compressed
streams without a cap and aborts when memory runs out. Every document, page and text page is closed as
soon as it has been read.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import pickle
import re
import signal
import traceback
import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from procdocs.input_limits import input_limit
from procdocs.inputs import read_input
from procdocs.lint.model import Block, Location
from procdocs.lint.readers import BlockList, LintInputError, fail
from procdocs.lint.readers._text import PAGE_NUMBER, is_toc_entry, join_lines, split_lines

if TYPE_CHECKING:
    import pypdfium2

EDGE_LINES = 3  # lines at the top and at the bottom of a page where headers, footers and page numbers are
MIN_PAGE_CHARS = 10  # a page with fewer extracted characters has no usable text layer
MAX_GARBLED_SHARE = 0.2  # private-use/replacement characters above this share mean unusable text
IMAGE_DEPTH = 3  # form XObjects looked into for the images of a scanned page
# A PDF this large is read by PARTS child processes, each extracting a share of the pages (on a machine
# with more than one core): smaller ones take less time to read than a second fork costs.
SPLIT_BYTES = 256 * 1024
PARTS = 2

_BARE_NUMBER = re.compile(r"^(?:\d{1,4}|(?i:[ivxlcdm]{1,7}))$")
_PAGE_WORD = re.compile(r"页|\d/\d|(?i:page)")
_DIGITS = re.compile(r"\d+")
_GARBLED = re.compile(r"[\ue000-\uf8ff\ufffd]")
# pdfium's marks: U+FFFE (GetText) or U+0002 (GetBoundedText) for a hyphen that ends a line inside a
# word, whose line break pdfium then leaves out; NUL after the last character of some pages.
_HYPHEN_MARK = re.compile("[\ufffe\x02]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[^\S\n\u3000]+")  # white space but line breaks and the ideographic space
_OCR_ADVICE = "请先进行文字识别（OCR），或提供由 Word/WPS 直接导出的 PDF"

# One page as extracted (_page_lines): its lines (None: its text could not be extracted), their
# characters but spaces, and whether it is a scan.
_PageResult = tuple[list[str] | None, int, bool]


# The text is extracted in a forked child where the platform can fork: the caller's next work can run
# meanwhile (see readers.read).
WAITS_FOR_CHILD = hasattr(os, "fork")


def read(path: Path, while_waiting: Callable[[], object] | None = None) -> list[Block]:
    try:
        import pypdfium2
    except ImportError:
        fail(path, "读取 PDF 需要 pypdfium2 库，请先安装：pip install pypdfium2")
    data = read_input(path, "files.pdf_bytes", "PDF 文件", error=LintInputError)
    return _blocks(_clean(_isolated_page_texts(data, path, pypdfium2, while_waiting)))


def _isolated_page_texts(data: bytes, path: Path, pdfium: Any,
                         while_waiting: Callable[[], object] | None = None) -> list[list[str]]:
    """The pages' lines, extracted in forked children held to ``lint.pdf_parser_bytes`` of address space
    between them.

    pdfium inflates a compressed stream to whatever size it declares (it has no cap) and aborts the
    process when an allocation fails, so a small hostile PDF could take all memory or kill procdocs.
    Each child sends back its share of the pages or a refusal; if one dies instead, the PDF is refused.
    A file of :data:`SPLIT_BYTES` or more is read by :data:`PARTS` children, each extracting a share of
    the pages on a core of its own; the document's verdict (a scan, no text, garbled text) is then given
    on all pages. Where there is no fork (Windows), the text is extracted in this process, without the
    bound. `while_waiting` runs in this process while the children extract (each writes its answer at
    the end, so none is held up); where there is no fork it is left to the caller."""
    if not hasattr(os, "fork"):
        return _verdict(path, *_page_texts(data, path, pdfium))
    budget = input_limit("lint.pdf_parser_bytes")
    parts = PARTS if len(data) >= SPLIT_BYTES and (os.cpu_count() or 1) > 1 else 1
    children: list[tuple[int, int]] = []  # (pid, reading end of its pipe)
    try:
        for part in range(parts):
            children.append(_fork_reader(data, path, pdfium, (part, parts), budget.value // parts))
        if while_waiting is not None:
            while_waiting()
        answers = []
        while children:
            pid, reader = children.pop(0)  # _answer closes its pipe and reaps it, whatever happens
            answers.append(_answer(pid, reader))
    except BaseException:  # interrupted (Ctrl-C, SIGTERM), or the caller's work failed: no child is waited for
        for pid, reader in children:
            _stop(pid, reader)
        raise
    total = 0
    results: list[_PageResult] = []
    for ended_well, payload in answers:  # in the order of the parts: the first part's refusal is given
        if not ended_well:
            fail(path, f"PDF 文件无法读取：解析时超出内存上限（{budget.text}）或解析器出错，可能是损坏或恶意构造的文件，已拒绝读取")
        kind, value = pickle.loads(payload)  # written by the child (_fork_reader)
        if kind == "refused":
            fail(path, value)
        if kind == "defect":
            raise RuntimeError(f"the PDF reader failed on {path} in its child process:\n{value}")
        total, part_results = value
        results += part_results
    return _verdict(path, total, results)


def _fork_reader(data: bytes, path: Path, pdfium: Any, part: tuple[int, int], budget: int) -> tuple[int, int]:
    """Fork a child that extracts `part` of the pages and writes its pickled answer to a pipe: the
    child's pid and the pipe's reading end."""
    reader, writer = os.pipe()
    with warnings.catch_warnings():  # Python 3.12+ warns about fork with threads: the child only calls
        warnings.simplefilter("ignore", DeprecationWarning)  # pdfium, writes to a pipe and leaves with _exit
        pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; its work is checked through what the parent receives
        os.close(reader)
        status = 1
        try:
            faulthandler.disable()  # pdfium aborting is a verdict here, not a crash to print a traceback for
            _limit_address_space(budget)
            try:
                result: tuple[str, Any] = ("pages", _page_texts(data, path, pdfium, part))
            except LintInputError as error:
                result = ("refused", error.problems[0].message)
            except MemoryError:
                raise  # the bound reached in Python's own allocations: a refusal, like pdfium aborting
            except Exception:  # a defect of the reader, not of the PDF: raised again in the parent
                result = ("defect", traceback.format_exc())
            with os.fdopen(writer, "wb") as stream:
                stream.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
            status = 0
        finally:
            os._exit(status)
    os.close(writer)
    return pid, reader


def _answer(pid: int, reader: int) -> tuple[bool, bytes]:
    """What a child wrote, once it has ended, and whether it ended well (exit status 0 and an answer).
    The pipe is closed and the child reaped whatever happens, also when reading is interrupted."""
    payload = b""
    try:
        with os.fdopen(reader, "rb") as stream:
            payload = stream.read()
    except BaseException:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
        raise
    finally:
        _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0 and bool(payload), payload


def _stop(pid: int, reader: int) -> None:
    """End a child whose answer is no longer wanted, close its pipe and reap it."""
    with contextlib.suppress(OSError):
        os.close(reader)
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def _limit_address_space(budget: int) -> None:
    """Hold this process to `budget` bytes of address space more than it has now (Linux; elsewhere
    RLIMIT_AS is missing or not enforced, and nothing is done)."""
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as statm:
            used = int(statm.read().split()[0]) * resource.getpagesize()
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    except (ImportError, OSError, ValueError, IndexError):
        return
    limit = used + budget
    for current in (soft, hard):
        if current != resource.RLIM_INFINITY:
            limit = min(limit, current)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _page_texts(data: bytes, path: Path, pdfium: Any,
                part: tuple[int, int] = (0, 1)) -> tuple[int, list[_PageResult]]:
    """The document's page count and, for the pages of `part` (the i-th of n shares, in page order),
    each page as extracted (:func:`_page_lines`), once the PDF has opened.

    Opened with pdfium's own call rather than ``PdfDocument(data)``, which reports a PDF without pages
    as a load failure with whatever error an earlier failure left (and does not close it). pdfium reads
    `data` in place: it is referenced here until the document is closed."""
    raw = pdfium.raw.FPDF_LoadMemDocument64(data, len(data), None)
    if not raw:
        code = pdfium.raw.FPDF_GetLastError()
        if code == pdfium.raw.FPDF_ERR_PASSWORD:
            fail(path, "PDF 已加密（设置了打开密码），无法审查；请提供未加密的文件")
        if code == pdfium.raw.FPDF_ERR_SECURITY:
            fail(path, "PDF 已加密（加密方式不受支持），无法审查；请提供未加密的文件")
        fail(path, "PDF 文件已损坏或不是有效的 PDF，无法审查")
    document = pdfium.PdfDocument(raw)
    try:
        total = len(document)
        if not total:
            fail(path, "PDF 没有任何页面，无法审查")
        index, parts = part
        pages = range(total * index // parts, total * (index + 1) // parts)
        return total, [_page_lines(document, page, pdfium) for page in pages]
    finally:
        document.close()


def _verdict(path: Path, total: int, results: list[_PageResult]) -> list[list[str]]:
    """Each page's lines, once all the pages show that the PDF has a usable text layer."""
    pages: list[list[str]] = []
    failed = scanned = characters = garbled = 0
    for lines, count, scan in results:
        if lines is None:
            failed += 1
            lines = []
        scanned += scan
        characters += count
        garbled += sum(len(_GARBLED.findall(line)) for line in lines)
        pages.append(lines)
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


def _page_lines(document: pypdfium2.PdfDocument, index: int, pdfium: Any) -> tuple[list[str] | None, int, bool]:
    """A page's non-empty lines (None if its text cannot be extracted), their characters but spaces,
    and whether the page is a scan: images and fewer than MIN_PAGE_CHARS characters."""
    try:
        page = document[index]
    except Exception:
        return None, 0, False
    try:
        try:
            textpage = page.get_textpage()
            try:
                text = textpage.get_text_range()
            finally:
                textpage.close()
        except Exception:
            return None, 0, _has_images(page, pdfium)
        lines = _lines(text)
        count = sum(len(line.replace(" ", "")) for line in lines)
        return lines, count, count < MIN_PAGE_CHARS and _has_images(page, pdfium)
    finally:
        page.close()


def _lines(text: str) -> list[str]:
    """pdfium's text of a page as the non-empty lines pypdf gave (see the module docstring)."""
    text = _CONTROL.sub("", _HYPHEN_MARK.sub("-\n", text))
    lines = (_SPACES.sub(" ", line).strip() for line in split_lines(text))
    return [line for line in lines if line]


def _has_images(page: pypdfium2.PdfPage, pdfium: Any) -> bool:
    """Whether a page draws an image, itself or in a form XObject (up to IMAGE_DEPTH levels down)."""
    try:
        images = page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE], max_depth=IMAGE_DEPTH)
        return next(images, None) is not None
    except Exception:
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
