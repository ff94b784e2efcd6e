"""Readers: turn an input file into :class:`~procdocs.lint.model.Block`s, each with its location.

One module per format (``docx``, ``pdf``, ``text`` for .txt/.md, ``html``, ``spec`` for procdocs'
own YAML), imported only when a file of that format is read, so that ``procdocs lint --help`` does
not pay for lxml or pypdfium2. Every reader returns the blocks in document order and fills ``text``,
``location``, ``heading_level`` (only when the format says so: DOCX outline levels, Markdown ``#``,
HTML ``h1``–``h6``), ``column_header``/``row_header`` for table cells and ``role_hint`` (spec only).
``headings`` and ``role`` are left to ``sections`` and ``roles``, except in the spec reader, which
knows its heading path from the field.

Anything wrong with an input — a legacy .doc, an encrypted or scanned PDF, a corrupt or hostile
DOCX, an undecodable text file — raises :class:`LintInputError` with one Chinese problem naming the
file: a document the linter cannot read must never pass as a document without findings.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from procdocs.errors import Problem, UserError
from procdocs.lint.model import Block

# extension -> (reader module, kind reported in LintedFile.kind)
_READERS: dict[str, tuple[str, str]] = {
    ".docx": ("docx", "docx"),
    ".pdf": ("pdf", "pdf"),
    ".md": ("text", "md"),
    ".markdown": ("text", "md"),
    ".txt": ("text", "txt"),
    ".html": ("html", "html"),
    ".htm": ("html", "html"),
    ".yaml": ("spec", "spec"),
    ".yml": ("spec", "spec"),
}
SUPPORTED = frozenset(_READERS)

# Formats an officer may well have but that we cannot read, with what to do instead.
LEGACY: dict[str, str] = {
    ".doc": "这是旧版 Word 文档（.doc），无法审查，请用 Word/WPS 另存为 .docx 后再审查",
    ".dot": "这是旧版 Word 模板（.dot），无法审查，请用 Word/WPS 另存为 .docx 后再审查",
    ".wps": "这是 WPS 文字文档（.wps），无法审查，请用 Word/WPS 另存为 .docx 后再审查",
    ".wpt": "这是 WPS 文字模板（.wpt），无法审查，请用 Word/WPS 另存为 .docx 后再审查",
    ".rtf": "这是 RTF 文档，无法审查，请用 Word/WPS 另存为 .docx 后再审查",
    ".odt": "这是 OpenDocument 文档（.odt），无法审查，请用 WPS/LibreOffice 另存为 .docx 后再审查",
    ".et": "这是 WPS 表格文件（.et），无法审查，请将其内容放入 .docx，或导出为带文字层的 .pdf 后再审查",
    ".dps": "这是 WPS 演示文件（.dps），无法审查，请导出为带文字层的 .pdf 后再审查",
}

SUPPORTED_TEXT = "支持 .docx、.pdf、.md、.txt、.html 和 procdocs 项目文件（.yaml）"

# A directory's YAML files are read only if they look like a procdocs spec (a top-level project: key);
# other YAML (CI configs, data files) in a folder of documents is not an input.
_SPEC_KEY = re.compile(r"^project\s*:", re.MULTILINE)


class LintInputError(UserError):
    """An input file cannot be linted: unsupported, legacy, encrypted, scanned, corrupt or hostile."""


def fail(path: Path | str, message: str, line: int | None = None) -> NoReturn:
    """Raise a LintInputError with one Chinese problem naming the file."""
    raise LintInputError(Problem(message, file=str(path), line=line))


class TooManyBlocks(Exception):
    """A reader emitted more blocks than one document may have (``lint.blocks``)."""


class BlockList(list):
    """The blocks a reader emits, refused past ``lint.blocks`` while reading, before memory runs out."""

    def __init__(self) -> None:
        from procdocs.input_limits import input_limit  # yaml and pydantic: only once a file is read

        super().__init__()
        self.limit = input_limit("lint.blocks").value

    def append(self, block: Block) -> None:
        if len(self) >= self.limit:
            raise TooManyBlocks
        super().append(block)


def discover(paths: list[Path]) -> list[Path]:
    """The files to lint: explicit files as given, directories searched recursively (sorted).

    Explicitly named files must be of a supported type; in a directory, hidden entries and Office
    lock files (``~$…``) are skipped, YAML files that are not procdocs specs are ignored and legacy
    formats (.doc, .wps …) are errors, so that a folder is never silently linted only in part.
    All problems are reported together.
    """
    found: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if not path.exists():
            problems.append(Problem("文件或目录不存在", file=str(path)))
        elif path.is_dir():
            files, dir_problems = _search(path)
            problems += dir_problems
            if not files and not dir_problems:
                problems.append(Problem(f"目录中没有可审查的文件（{SUPPORTED_TEXT}）", file=str(path)))
            found += files
        else:
            problem = _check_explicit(path)
            if problem:
                problems.append(problem)
            else:
                found.append(path)
    if problems:
        raise LintInputError(problems)
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def _check_explicit(path: Path) -> Problem | None:
    suffix = path.suffix.lower()
    if suffix in SUPPORTED:
        return None
    if suffix in LEGACY:
        return Problem(LEGACY[suffix], file=str(path))
    kind = f"文件类型 {suffix}" if suffix else "没有扩展名的文件"
    return Problem(f"不支持的{kind}（{SUPPORTED_TEXT}）", file=str(path))


def _search(directory: Path) -> tuple[list[Path], list[Problem]]:
    files: list[Path] = []
    problems: list[Problem] = []
    for root, dirs, names in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith((".", "~$")):
                continue
            path = Path(root, name)
            suffix = path.suffix.lower()
            if suffix in LEGACY:
                problems.append(Problem(LEGACY[suffix], file=str(path)))
            elif suffix in SUPPORTED and (_READERS[suffix][0] != "spec" or _looks_like_spec(path)):
                files.append(path)
    return files, problems


def _looks_like_spec(path: Path) -> bool:
    if not path.is_file():
        return True  # a device, FIFO or dangling link: never opened here, the reader says why
    try:
        with path.open("rb") as stream:
            head = stream.read(256 * 1024)
    except OSError:
        return True  # let the reader report why it cannot be read
    return bool(_SPEC_KEY.search(head.decode("utf-8", errors="replace")))


def kind_of(path: Path) -> str:
    """The kind of input a path is (docx, pdf, md, txt, html, spec), by its extension."""
    return _READERS[path.suffix.lower()][1]


def read(path: Path, while_waiting: Callable[[], object] | None = None) -> tuple[str, list[Block]]:
    """Read one file into (kind, blocks); raise LintInputError if it cannot be linted or holds no text.

    `while_waiting` is work the caller will need next (loading the rulebook): a reader that extracts the
    text in another process (``WAITS_FOR_CHILD``: PDF) runs it while the child works, instead of idling;
    the others leave it to the caller."""
    suffix = path.suffix.lower()
    if suffix not in _READERS:
        problem = _check_explicit(path)
        raise LintInputError(problem or Problem("不支持的文件类型", file=str(path)))
    if not path.exists():
        fail(path, "文件不存在")
    if path.is_dir():
        fail(path, "这是一个目录，不是文件")
    module_name, kind = _READERS[suffix]
    module = importlib.import_module(f"procdocs.lint.readers.{module_name}")
    try:
        if while_waiting is not None and getattr(module, "WAITS_FOR_CHILD", False):
            blocks: list[Block] = module.read(path, while_waiting=while_waiting)
        else:
            blocks = module.read(path)
    except TooManyBlocks:
        from procdocs.input_limits import input_limit

        fail(path, f"段落、标题和表格单元格超过 {input_limit('lint.blocks').text}，不像是正常的采购文件，已停止审查")
    _refuse_too_much_text(path, blocks)
    if not blocks:
        fail(path, f"文件中没有可审查的文字{_EMPTY_HINTS.get(kind, '')}")
    return kind, blocks


def _refuse_too_much_text(path: Path, blocks: list[Block]) -> None:
    """The rules take time in proportion to the text: refuse more than ``lint.document_chars``."""
    from procdocs.input_limits import input_limit

    limit = input_limit("lint.document_chars")
    count = sum(len(block.text) for block in blocks)
    if count > limit.value:
        fail(path, f"文件的文字超过 {limit.text}（共 {count:,} 字），不像是正常的采购文件，已停止审查")


_EMPTY_HINTS = {
    "docx": "（内容可能全是图片或扫描件，请提供文字版本）",
    "spec": "（项目文件中没有需求、资格、评分等文字内容）",
}
