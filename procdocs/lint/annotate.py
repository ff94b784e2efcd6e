"""``procdocs lint --annotate OUT.docx``: a copy of the input DOCX with one Word comment per finding.

Each comment (author “procdocs”, initials “PD”) is anchored on exactly the words that matched
(at most ``lint.annotate_comments`` comments, errors first: the rest are only in the report):
the runs holding them are split at the match boundaries — each piece keeps the run's formatting
(``w:rPr`` is copied) — and the comment range starts before the first piece and ends after the
last. The comment says ``[C07 错误] message``, then ``依据：…`` and ``建议：…`` on their own lines.

Finding a block again: the linter's blocks come from ``procdocs.lint.readers.docx``, which numbers
body paragraphs, tables, rows and grid columns in its own way (non-empty paragraphs only, nested
tables and tables in headers counted in walking order …). Rather than imitate those rules, the
locator here *is* that reader's walker, run over python-docx's own XML tree and recording which
``w:p`` or ``w:tc`` produced each block; a finding's block is then found by its location and
text. The characters of that element are mapped back to their ``w:t`` nodes with the same rules
the reader uses to build the text, and checked against the block's text before anything is
split; if they differ, or the text sits where Word cannot hold a comment (headers, footers,
footnotes), the comment goes on the whole paragraph or cell (or on the first paragraph, for
headers and footers) and says where the words are.

The input is never modified: python-docx reads it, and the copy is written atomically to the
target, which must not exist unless ``--force`` is given and may never be the input itself.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from procdocs.errors import Problem, UserError
from procdocs.lint.model import Block, Finding, Location
from procdocs.lint.readers import docx as reader
from procdocs.output import NO_INPUTS, RunInputs, atomic_write, refuse_existing

AUTHOR = "procdocs"
INITIALS = "PD"
SEVERITY_NAMES = {"error": "错误", "warning": "警告"}
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

Char = tuple[str, Any, int | None]  # (character, the w:t or run-level element it came from, offset in w:t)


class AnnotateError(UserError):
    """The annotated copy cannot be written (wrong target, the input itself, not a DOCX)."""


@dataclass
class AnnotateResult:
    target: Path
    comments: int = 0
    approximate: list[Finding] = field(default_factory=list)  # on a whole paragraph/cell, not the words
    omitted: int = 0  # findings past the limit on comments (lint.annotate_comments), not annotated


def check_target(source: Path, target: Path, force: bool, inputs: RunInputs = NO_INPUTS) -> None:
    """Refuse, before any work, a target that is not .docx, is the input (or another input of the
    run), is not a regular file, or exists without --force."""
    if source.suffix.lower() != ".docx":
        raise AnnotateError(Problem("--annotate 只能用于 .docx 文件（批注写在 Word 文档的副本中）", file=str(source)))
    if target.suffix.lower() != ".docx":
        raise AnnotateError(Problem("--annotate 的输出文件应以 .docx 结尾", file=str(target)))
    if RunInputs.of([source]).includes(target):  # the same file, by another name or a hard link too
        raise AnnotateError(Problem("--annotate 的输出文件不能是输入文件本身（输入文件不会被修改）", file=str(target)))
    refuse_existing([target], force, inputs=inputs | RunInputs.of([source]))


def comment_text(finding: Finding, note: str | None = None) -> str:
    severity = SEVERITY_NAMES.get(finding.severity, finding.severity)
    lines = [f"[{finding.rule} {severity}] {finding.message}", f"依据：{finding.basis}", f"建议：{finding.suggestion}"]
    if note:
        lines.append(note)
    return "\n".join(lines)


def annotate(source: Path, findings: list[Finding], target: Path, force: bool = False,
             inputs: RunInputs = NO_INPUTS) -> AnnotateResult:
    """Write `target`: a copy of `source` with one comment per finding, anchored on the match."""
    import docx

    inputs = inputs | RunInputs.of([source])
    check_target(source, target, force, inputs)
    try:
        document = docx.Document(str(source))
    except Exception as exc:  # python-docx raises many kinds; the reader already accepted the file
        raise AnnotateError(Problem(f"无法以 python-docx 打开该文档，未生成批注副本：{exc}", file=str(source))) from None
    from procdocs.input_limits import input_limit

    locator = Locator(document)
    result = AnnotateResult(target)
    limit = input_limit("lint.annotate_comments").value
    if len(findings) > limit:  # errors first; each severity in document order (the sort is stable)
        result.omitted = len(findings) - limit
        findings = sorted(findings, key=lambda finding: finding.severity != "error")[:limit]
    locator.prepare(findings)
    for finding in findings:
        if locator.comment(finding):
            result.comments += 1
            if locator.last_approximate:
                result.approximate.append(finding)
    atomic_write(target, document.save, force, inputs=inputs)
    return result


class Locator:
    """Find a finding's words in a python-docx document and put a comment on them.

    :meth:`prepare` splits the runs for all the findings at once, element by element (each
    paragraph's characters are read twice in all, whatever the number of findings in it), then
    :meth:`comment` adds each comment on the runs found.
    """

    def __init__(self, document: Any) -> None:
        self.document = document
        self.walker = _RecordingWalker(_parts(document))
        self.blocks = self.walker.blocks()
        self.w = self.walker.w
        self.by_key: dict[tuple[Location, str], Any] = {}
        self.by_text: dict[str, Any] = {}
        self.by_location: dict[Location, Any] = {}  # body blocks' elements, for notes and text boxes
        for block in self.blocks:
            element = self.walker.sources.get(id(block))
            if element is None:
                continue
            self.by_key.setdefault((block.location, block.text), element)
            self.by_text.setdefault(block.text, element)
            if self._in_body(element):
                self.by_location.setdefault(block.location, element)
        self.last_approximate = False
        self.exact: dict[int, list[Any]] = {}  # id(finding) -> [first run, last run]
        self.prepared: set[int] = set()  # ids of the findings prepare() has seen
        self._runs: dict[int, list[Any]] = {}  # id(element) -> its own runs, once no more splits happen
        self._first: Any | None = None  # the first body paragraph or cell with runs, once looked for
        self._first_found = False

    # -- placing a comment ------------------------------------------------------------------------

    def prepare(self, findings: list[Finding]) -> None:
        """Split runs so that each finding's words are whole runs, for all findings of each element at once."""
        groups: dict[int, tuple[Any, list[Finding]]] = {}
        for finding in findings:
            self.prepared.add(id(finding))
            element = self._element(finding.block)
            if element is not None and self._in_body(element):
                groups.setdefault(id(element), (element, []))[1].append(finding)
        for element, members in groups.values():
            self._prepare_element(element, members)
        self._runs.clear()

    def comment(self, finding: Finding) -> bool:
        """Add the finding's comment; False if there is nowhere at all to put it (an empty body)."""
        if id(finding) not in self.prepared:
            self.prepare([finding])
        self.last_approximate = False
        block = finding.block
        element = self._element(block)
        if element is not None and self._in_body(element):
            runs = self.exact.get(id(finding))
            if runs is not None:
                self._add(runs, comment_text(finding))
                return True
            runs = self._own_runs_once(element)
            if runs:
                self.last_approximate = True
                self._add(runs, comment_text(finding, f"（未能定位到「{finding.match}」的确切位置，批注附在整段）"))
                return True
        anchor = self._anchor(block.location)
        runs = self._own_runs_once(anchor) if anchor is not None else []
        if not runs:
            return False
        self.last_approximate = True
        where = block.location.describe()
        self._add(runs, comment_text(finding, f"（原文位于{where}：「{finding.match}」，Word 不能在该处批注，批注附在此处）"))
        return True

    def _element(self, block: Block) -> Any | None:
        element = self.by_key.get((block.location, block.text))
        if element is None:  # lxml elements are falsy when childless: never `or` them
            element = self.by_text.get(block.text)
        return element

    def _add(self, runs: list[Any], text: str) -> None:
        from docx.text.run import Run

        first, last = Run(runs[0], None), Run(runs[-1], None)  # type: ignore[arg-type]
        self.document.add_comment([first, last], text=text, author=AUTHOR, initials=INITIALS)

    def _in_body(self, element: Any) -> bool:
        return element.getroottree().getroot() is self.document.element

    def _own_runs_once(self, element: Any) -> list[Any]:
        """_own_runs, remembered: after prepare() nothing is split any more."""
        if id(element) not in self._runs:
            self._runs[id(element)] = self._own_runs(element)
        return self._runs[id(element)]

    def _anchor(self, location: Location) -> Any | None:
        """Where a comment on a header, footer or note goes: its anchor paragraph/cell, else the first paragraph."""
        if location.part in ("脚注", "尾注", "文本框") and (location.paragraph or location.table):
            body = Location(paragraph=location.paragraph, table=location.table, row=location.row,
                            column=location.column)
            element = self.by_location.get(body)
            if element is not None:
                return element
        if not self._first_found:
            self._first_found = True
            for block in self.blocks:
                element = self.walker.sources.get(id(block))
                if element is not None and block.location.part is None and self._in_body(element) \
                        and self._own_runs(element):
                    self._first = element
                    break
        return self._first

    # -- exact placement --------------------------------------------------------------------------

    def _prepare_element(self, element: Any, findings: list[Finding]) -> None:
        """Split the element's runs at every boundary of its findings, from the last boundary to the
        first (a split keeps the characters before it where they were), then note each finding's runs."""
        chars = self.chars(element)
        if chars is None or "".join(char for char, _, _ in chars) != findings[0].block.text:
            return
        spans: dict[int, tuple[int, int]] = {}
        for finding in findings:
            start, end = finding.start, finding.end
            if not 0 <= start < end <= len(chars):
                continue
            while start < end and chars[start][1] is None:  # a line break joining a cell's paragraphs
                start += 1
            while end > start and chars[end - 1][1] is None:
                end -= 1
            if start < end:
                spans[id(finding)] = (start, end)
        boundaries: dict[int, bool] = {}  # position -> split after the character before it (else before it)
        for _, end in spans.values():
            boundaries[end] = True
        for start, _ in spans.values():
            boundaries.setdefault(start, False)
        for position in sorted(boundaries, reverse=True):
            if boundaries[position]:
                self._split_after(chars[position - 1])
            else:
                self._split_before(chars[position])
        chars = self.chars(element)
        assert chars is not None
        for key, (start, end) in spans.items():
            first, last = self._run_of(chars[start][1]), self._run_of(chars[end - 1][1])
            if first is not None and last is not None:
                self.exact[key] = [first, last]

    def _run_of(self, element: Any) -> Any | None:
        while element is not None and element.tag != self.w.r:
            element = element.getparent()
        return element

    def _split_before(self, char: Char) -> None:
        _, element, offset = char
        run = self._run_of(element)
        if run is None:
            return
        content = self._content(run)
        if element.tag == self.w.t and offset:
            self._split(run, element, offset)
        elif content and content[0] is not element:
            self._split(run, element, 0)

    def _split_after(self, char: Char) -> None:
        _, element, offset = char
        run = self._run_of(element)
        if run is None:
            return
        if element.tag == self.w.t and offset is not None and offset + 1 < len(element.text or ""):
            self._split(run, element, offset + 1)
            return
        content = self._content(run)
        index = content.index(element) if element in content else -1
        if 0 <= index < len(content) - 1:
            self._split(run, content[index + 1], 0)

    def _content(self, run: Any) -> list[Any]:
        return [child for child in run if child.tag != self.w.rPr]

    def _split(self, run: Any, child: Any, offset: int) -> Any:
        """Split `run` before `child` (at character `offset` of a w:t): the rest moves to a copy after it."""
        twin = copy.deepcopy(run)
        content, twin_content = self._content(run), self._content(twin)
        index = content.index(child)
        if offset:
            text = child.text or ""
            child.text, twin_content[index].text = text[:offset], text[offset:]
            child.set(_XML_SPACE, "preserve")
            twin_content[index].set(_XML_SPACE, "preserve")
            keep_from = index + 1
        else:
            keep_from = index
        for element in content[keep_from:]:
            run.remove(element)
        for element in twin_content[:index]:
            twin.remove(element)
        run.addnext(twin)
        return twin

    def _own_runs(self, element: Any) -> list[Any]:
        """The runs of a paragraph or cell itself: not those inside its text boxes or nested tables."""
        w = self.w
        runs = []
        for run in element.iter(w.r):
            parent = run.getparent()
            while parent is not None and parent is not element and parent.tag not in (w.txbxContent, w.tbl):
                parent = parent.getparent()
            if parent is element:
                runs.append(run)
        return runs

    # -- text, character by character, as the reader builds it ------------------------------------

    def chars(self, element: Any) -> list[Char] | None:
        """The characters of a body paragraph (w:p) or table cell (w:tc) as the reader's block text."""
        w = self.w
        if element.tag == w.p:
            return _stripped(self._inline(element, []))
        if element.tag == w.tc:
            pieces: list[list[Char]] = []
            self._cell(element, pieces)
            joined: list[Char] = []
            for piece in (piece for piece in pieces if piece):
                if joined:
                    joined.append(("\n", None, None))
                joined.extend(piece)
            return joined
        return None

    def _cell(self, element: Any, pieces: list[list[Char]]) -> None:
        w = self.w
        for child in element:
            if child.tag == w.p:
                style_id, _ = self.walker._paragraph_style(child)
                if not self.walker._is_toc(style_id):
                    pieces.append(_stripped(self._inline(child, [])))
            elif child.tag in (w.sdt, w.sdtContent, w.customXml):
                self._cell(child, pieces)

    def _inline(self, element: Any, out: list[Char]) -> list[Char]:
        """Mirror of the reader's _inline: visible text with the element each character came from."""
        w = self.w
        for child in element:
            tag = child.tag
            if tag == w.t:
                out.extend((char, child, index) for index, char in enumerate(child.text or ""))
            elif tag == w.r:
                self._inline(child, out)
            elif not isinstance(tag, str) or tag in self.walker._skip:
                continue
            elif tag in (w.tab, w.ptab):
                out.append(("\t", child, None))
            elif tag == w.br:
                if child.get(w.type) in (None, "textWrapping"):
                    out.append(("\n", child, None))
            elif tag == w.cr:
                out.append(("\n", child, None))
            elif tag == w.noBreakHyphen:
                out.append(("-", child, None))
            elif tag in (w.drawing, w.pict, w.object, reader._ALTERNATE, w.footnoteReference, w.endnoteReference):
                continue
            else:
                self._inline(child, out)
        return out


def _stripped(chars: list[Char]) -> list[Char]:
    """The characters of "".join(chars).strip(), with their sources."""
    text = "".join(char for char, _, _ in chars)
    stripped = text.strip()
    if not stripped:
        return []
    lead = len(text) - len(text.lstrip())
    return chars[lead:lead + len(stripped)]


class _RecordingWalker(reader._Walker):
    """The DOCX reader's walker, noting which w:p or w:tc each block it emits came from."""

    def __init__(self, parts: Any) -> None:
        super().__init__(parts)
        self.sources: dict[int, Any] = {}
        self.current: Any = None
        self.out = _Recorded(self)

    def _paragraph(self, p: Any, context: Any) -> None:
        self.current = p
        super()._paragraph(p, context)

    def _cell_content(self, element: Any, pieces: list[str], boxes: list[Any], notes: list[tuple[str, str]],
                      nested: list[Any]) -> None:
        if element.tag == self.w.tc:
            self.current = element
        super()._cell_content(element, pieces, boxes, notes, nested)


class _Recorded(list):
    def __init__(self, walker: _RecordingWalker) -> None:
        super().__init__()
        self.walker = walker

    def append(self, block: Block) -> None:
        self.walker.sources[id(block)] = self.walker.current
        super().append(block)


def _parts(document: Any) -> Any:
    """The reader's view of the package (document, styles, notes, headers) from python-docx's parts."""
    headers: dict[str, tuple[str, Any]] = {}
    found: dict[str, Any] = {}
    for rel_id, rel in document.part.rels.items():
        if rel.is_external:
            continue
        kind = rel.reltype.rsplit("/", 1)[-1]
        if kind in ("header", "footer"):
            element = _element(rel.target_part)
            if element is not None:
                headers[rel_id] = ("页眉" if kind == "header" else "页脚", element)
        elif kind in ("styles", "footnotes", "endnotes") and kind not in found:
            found[kind] = _element(rel.target_part)
    return reader._Parts(document=document.element, styles=found.get("styles"), footnotes=found.get("footnotes"),
                         endnotes=found.get("endnotes"), headers=headers)


def _element(part: Any) -> Any | None:
    element = getattr(part, "element", None)
    if element is not None:
        return element
    blob = getattr(part, "blob", None)
    if not blob:
        return None
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True)
    try:
        return etree.fromstring(blob, parser)
    except etree.XMLSyntaxError:
        return None
