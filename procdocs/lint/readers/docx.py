"""DOCX: paragraphs, table cells, text boxes, headers/footers and footnotes, in document order.

Safety first. The file must be a regular file within ``files.docx_bytes``; the zip container is
checked by :mod:`procdocs.zipinput` before anything is parsed (member count, declared sizes and
compression ratios — a zip bomb is refused before it is inflated —, compression methods, encrypted
members, DTDs and entity declarations in any XML part); the parts we parse are read whole, each at
most ``files.docx_xml_bytes``, with a parser that does not resolve entities, load DTDs or touch the
network in any case. An encrypted document (Office puts it in an OLE container), a .doc renamed to
.docx, or anything that is not a Word zip gets its own message. Limits: ``data/input_limits.yaml``.

The XML is walked with lxml directly rather than through python-docx: python-docx would load every
part (images included) into memory, costs ~85 ms to import, and its object model hides what a
linter needs (inserted/deleted revisions, text boxes, merged cells, nested tables, field results).

What becomes a block:

- Body paragraphs: the text of all runs joined (inside hyperlinks, content controls, smart tags,
  fields' displayed results, and tracked insertions; deleted text and field instructions are left
  out), ``\\t`` for tabs and ``\\n`` for line breaks, stripped. Automatic list numbering is not text
  and is not added. ``Location.paragraph`` counts the body's **non-empty** paragraphs (outside
  tables) from 1 — the paragraphs a reader sees; empty spacing paragraphs are not counted, a
  paragraph holding only a text box is. Table-of-contents paragraphs (styles “toc N”) are counted
  but not emitted: they repeat the headings.
- ``heading_level`` comes from the paragraph's outline level — its own ``w:outlineLvl``, else its
  style's, following ``basedOn``, where a style named “heading N” counts as level N. Never from
  the text.
- Tables: one block per cell (its paragraphs joined by ``\\n``) with ``Location.table`` (tables
  numbered in document order, nested tables included), ``row`` (1-based) and ``column`` (the grid
  column, so a cell after a ``gridSpan`` of 2 is column 3). Merged cells are emitted once, at their
  first row/column. When a table has at least two rows, its header rows — the leading rows marked
  “repeat as header row”, else the first row if it reads as headers (short cells, none a “label：”)
  — give each column's ``column_header`` (the lowest header row wins); ``row_header`` is the text
  of the row's first cell (through vertical merges), or of its second cell where the first only
  numbers the row (序号: 1, 2, 一 …), for the cells to the right of it; ``context`` joins the cells to
  the left of a cell (``_text.row_context``: 企业所在地：3分), so that a criterion is read with its factor.
- Text boxes (``w:txbxContent``; the VML fallback copy is skipped): blocks with ``part="文本框"``
  after the paragraph that anchors them, located by that paragraph's number or cell.
- Footnotes/endnotes: blocks with ``part="脚注"``/``"尾注"`` after the paragraph that references them.
- Headers and footers referenced by the sections: blocks with ``part="页眉"``/``"页脚"``, each
  distinct text once, before the body; page numbers (“第 1 页 共 65 页”) are left out.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from procdocs.input_limits import input_limit
from procdocs.inputs import open_input
from procdocs.lint.model import Block, Location
from procdocs.lint.readers import BlockList, LintInputError, fail
from procdocs.lint.readers._text import PAGE_NUMBER, looks_like_header_row
from procdocs.lint.sections import is_sequence_number, row_context
from procdocs.zipinput import OLE_MAGIC, ZipKind, is_encrypted_ole, open_archive, parse_xml, read_member

_RESAVE = "请用 Word/WPS 打开后另存为 .docx 再审查"
_DOCX = ZipKind("DOCX", _RESAVE, "files.docx_uncompressed_bytes", "files.docx_xml_bytes", LintInputError)

_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_FALLBACK = f"{{{_MC}}}Fallback"
_ALTERNATE = f"{{{_MC}}}AlternateContent"
_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_TOC_NAME = re.compile(r"^(?:toc|目录)\s*[1-9]$", re.IGNORECASE)


def read(path: Path) -> list[Block]:
    parts = _open(path)
    return _Walker(parts).blocks()


# -- the container -------------------------------------------------------------------------------


@dataclass
class _Parts:
    """The XML parts the walker needs, parsed: the document, its styles, notes, headers and footers."""

    document: Any
    styles: Any | None
    footnotes: Any | None
    endnotes: Any | None
    headers: dict[str, tuple[str, Any]]  # relationship id -> (kind 页眉/页脚, root)


def _open(path: Path) -> _Parts:
    with open_input(path, "files.docx_bytes", "DOCX 文件", error=LintInputError) as stream:
        head = stream.read(8)
        if head.startswith(OLE_MAGIC):
            if is_encrypted_ole(stream, input_limit("files.docx_bytes").value):
                fail(path, "文件已加密（设置了打开密码），无法审查；请在 Word/WPS 中取消密码后另存为 .docx 再审查")
            fail(path, f"这是旧版 Word 文档（.doc 格式），只是扩展名为 .docx，无法审查；{_RESAVE}")
        if head.startswith(b"{\\rtf"):
            fail(path, f"这是 RTF 文档，只是扩展名为 .docx，无法审查；{_RESAVE}")
        if head.startswith(b"%PDF"):
            fail(path, "这是 PDF 文件，只是扩展名为 .docx；请将扩展名改为 .pdf 后再审查")
        stream.seek(0)
        with open_archive(stream, str(path), _DOCX) as archive:
            return _parts(archive, path)


def _parts(archive: zipfile.ZipFile, path: Path) -> _Parts:
    names = {info.filename: info for info in archive.infolist()}
    parsed: dict[str, Any] = {}

    def parse(name: str | None) -> Any | None:
        if name is None or name not in names:
            return None
        if name not in parsed:
            parsed[name] = parse_xml(read_member(archive, names[name], str(path), _DOCX), name, str(path), _DOCX)
        return parsed[name]

    main = _target(parse("_rels/.rels"), "", "officeDocument") or "word/document.xml"
    document = parse(main)
    if document is None:
        fail(path, f"DOCX 文件不完整（缺少正文 {main}），可能已损坏或不是 Word 文档；{_RESAVE}")
    rels_name = posixpath.join(posixpath.dirname(main), "_rels", posixpath.basename(main) + ".rels")
    rels = parse(rels_name)
    base = posixpath.dirname(main)
    headers: dict[str, tuple[str, Any]] = {}
    for rel_id, kind, target in _relationships(rels, base):
        if kind in ("header", "footer"):
            root = parse(target)
            if root is not None:
                headers[rel_id] = ("页眉" if kind == "header" else "页脚", root)
    return _Parts(
        document=document,
        styles=parse(_target(rels, base, "styles")),
        footnotes=parse(_target(rels, base, "footnotes")),
        endnotes=parse(_target(rels, base, "endnotes")),
        headers=headers,
    )


def _relationships(rels: Any | None, base: str) -> Iterator[tuple[str, str, str]]:
    """(id, type's last segment, target part name) of each internal relationship."""
    if rels is None:
        return
    for rel in rels:
        if not isinstance(rel.tag, str) or not rel.tag.endswith("Relationship"):
            continue
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target") or ""
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
        yield rel.get("Id") or "", (rel.get("Type") or "").rsplit("/", 1)[-1], name


def _target(rels: Any | None, base: str, kind: str) -> str | None:
    return next((name for _, rel_kind, name in _relationships(rels, base) if rel_kind == kind), None)


# -- the walk ------------------------------------------------------------------------------------


class _Names:
    """Clark names in the document's WordprocessingML namespace (transitional or strict)."""

    def __init__(self, namespace: str):
        for local in ("body", "p", "r", "t", "tab", "ptab", "br", "cr", "noBreakHyphen", "tbl", "tr", "tc",
                      "txbxContent", "moveFrom", "delText", "instrText", "pPr", "rPr", "tblPr", "tblGrid",
                      "trPr", "tcPr", "sectPr", "pStyle", "outlineLvl", "gridSpan", "gridBefore", "vMerge",
                      "hMerge", "tblHeader", "footnoteReference", "endnoteReference", "footnote", "endnote",
                      "headerReference", "footerReference", "style", "name", "basedOn", "sdt", "sdtContent",
                      "customXml", "drawing", "pict", "object", "sdtPr", "sdtEndPr", "rt"):
            setattr(self, local, f"{{{namespace}}}{local}")
        self.deleted = f"{{{namespace}}}del"
        self.val = f"{{{namespace}}}val"
        self.id = f"{{{namespace}}}id"
        self.type = f"{{{namespace}}}type"
        self.style_id = f"{{{namespace}}}styleId"


@dataclass
class _Style:
    based_on: str | None = None
    outline: int | None = None  # 0-based outline level; 9 = body text
    name: str = ""


@dataclass
class _TableState:
    header: dict[int, str] = field(default_factory=dict)  # grid column -> column header text
    merged_text: dict[int, str] = field(default_factory=dict)  # grid column -> text of its vMerge restart


@dataclass
class _Cell:
    element: Any  # the w:tc
    column: int  # first grid column, 1-based
    span: int
    continued: bool  # the continuation of a merged cell: not emitted again
    text: str | None = None  # read when first needed


class _Walker:
    def __init__(self, parts: _Parts):
        self.parts = parts
        root = parts.document
        namespace = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""
        self.w = _Names(namespace)
        self.styles = self._read_styles(parts.styles)
        self._levels: dict[str, int | None] = {}
        self.notes = {"脚注": self._read_notes(parts.footnotes, self.w.footnote),
                      "尾注": self._read_notes(parts.endnotes, self.w.endnote)}
        self.out: list[Block] = BlockList()
        self.paragraph = 0
        self.table_count = 0
        # Elements whose subtree holds no visible text (or text we emit elsewhere).
        w = self.w
        self._skip = {w.deleted, w.moveFrom, w.delText, w.instrText, w.pPr, w.rPr, w.tblPr, w.tblGrid, w.trPr,
                      w.tcPr, w.sectPr, w.sdtPr, w.sdtEndPr, w.rt, _FALLBACK}

    # -- styles ---------------------------------------------------------------------------------

    def _read_styles(self, root: Any | None) -> dict[str, _Style]:
        styles: dict[str, _Style] = {}
        if root is None:
            return styles
        w = self.w
        for element in root.iter(w.style):
            style = _Style()
            for child in element:
                if child.tag == w.basedOn:
                    style.based_on = child.get(w.val)
                elif child.tag == w.name:
                    style.name = (child.get(w.val) or "").strip()
                elif child.tag == w.pPr:
                    outline = child.find(w.outlineLvl)
                    if outline is not None:
                        style.outline = _int(outline.get(w.val))
            styles[element.get(w.style_id) or ""] = style
        return styles

    def _style_level(self, style_id: str) -> int | None:
        """The heading level (1-9) a paragraph style gives, following basedOn; None for body text."""
        if style_id in self._levels:
            return self._levels[style_id]
        level: int | None = None
        seen: set[str] = set()
        current: str | None = style_id
        while current and current not in seen and current in self.styles:
            seen.add(current)
            style = self.styles[current]
            if style.outline is not None:
                level = style.outline + 1 if 0 <= style.outline <= 8 else None
                break
            match = _HEADING_NAME.match(style.name)
            if match:
                level = int(match[1])
                break
            current = style.based_on
        self._levels[style_id] = level
        return level

    def _is_toc(self, style_id: str) -> bool:
        style = self.styles.get(style_id)
        return bool(style and _TOC_NAME.match(style.name))

    def _paragraph_style(self, p: Any) -> tuple[str, int | None]:
        """(style id, level from the paragraph's own outline level if set: 0 means body text)."""
        w = self.w
        ppr = p.find(w.pPr)
        if ppr is None:
            return "", None
        style = ppr.find(w.pStyle)
        outline = ppr.find(w.outlineLvl)
        own = None
        if outline is not None:
            value = _int(outline.get(w.val))
            own = value + 1 if value is not None and 0 <= value <= 8 else 0
        return (style.get(w.val) or "") if style is not None else "", own

    # -- notes, headers ---------------------------------------------------------------------------

    def _read_notes(self, root: Any | None, tag: str) -> dict[str, Any]:
        if root is None:
            return {}
        return {note.get(self.w.id) or "": note for note in root.iter(tag)
                if note.get(self.w.type) not in ("separator", "continuationSeparator", "continuationNotice")}

    def _headers(self) -> None:
        w = self.w
        seen_parts: set[str] = set()
        seen_texts: set[tuple[str, str]] = set()
        for sect in self.parts.document.iter(w.sectPr):
            for reference in sect:
                if reference.tag not in (w.headerReference, w.footerReference):
                    continue
                rel_id = next((value for key, value in reference.attrib.items() if key.endswith("}id")), None)
                if not rel_id or rel_id in seen_parts or rel_id not in self.parts.headers:
                    continue
                seen_parts.add(rel_id)
                kind, root = self.parts.headers[rel_id]
                start = len(self.out)
                self._container(root, _Context(part=kind))
                kept = []
                for block in self.out[start:]:
                    key = (kind, block.text)
                    if PAGE_NUMBER.match(block.text.replace(" ", "")):
                        continue  # 第 1 页 共 65 页: page furniture
                    if key not in seen_texts:
                        seen_texts.add(key)
                        kept.append(block)
                self.out[start:] = kept

    # -- body -------------------------------------------------------------------------------------

    def blocks(self) -> list[Block]:
        self._headers()
        body = self.parts.document.find(self.w.body)
        if body is not None:
            self._container(body, _Context(body=True))
        return self.out

    def _container(self, element: Any, context: _Context) -> None:
        """Walk block-level content: paragraphs, tables, and the wrappers around them."""
        w = self.w
        for child in element:
            tag = child.tag
            if tag == w.p:
                self._paragraph(child, context)
            elif tag == w.tbl:
                self._table(child, context)
            elif tag in (w.sdt, w.sdtContent, w.customXml):
                self._container(child, context)
            elif tag == _ALTERNATE:
                choice = next(iter(child), None)
                if choice is not None and choice.tag != _FALLBACK:
                    self._container(choice, context)

    def _paragraph(self, p: Any, context: _Context) -> None:
        pieces: list[str] = []
        boxes: list[Any] = []
        notes: list[tuple[str, str]] = []
        self._inline(p, pieces, boxes, notes)
        text = "".join(pieces).strip()
        if context.body and (text or boxes):
            self.paragraph += 1
        if text:
            style_id, own_level = self._paragraph_style(p)
            if not self._is_toc(style_id):
                level = None
                if context.body:
                    level = (own_level or None) if own_level is not None else self._style_level(style_id)
                location = Location(paragraph=self.paragraph, part=context.part) if context.body else context.location()
                self.out.append(Block(text, location, heading_level=level))
        self._attachments(boxes, notes, context)

    def _attachments(self, boxes: list[Any], notes: list[tuple[str, str]], context: _Context) -> None:
        """Emit the text boxes and notes found in a paragraph or cell, located at their anchor."""
        if not boxes and not notes:
            return  # most paragraphs anchor nothing: no place to work out
        anchor = context.anchor(self.paragraph)
        for box in boxes:
            self._container(box, anchor.inside(context.part or "文本框"))
        for kind, note_id in notes:
            note = self.notes[kind].get(note_id)
            if note is not None:
                self._container(note, anchor.inside(kind))

    def _inline(self, element: Any, pieces: list[str], boxes: list[Any], notes: list[tuple[str, str]]) -> None:
        """Collect the visible text under a paragraph (runs, hyperlinks, fields, insertions …)."""
        w = self.w
        text_tag, run_tag = w.t, w.r  # (the two tags nearly every child has, looked up once per call)
        for child in element:
            tag = child.tag
            if tag == text_tag:
                if child.text:
                    pieces.append(child.text)
            elif tag == run_tag:
                self._inline(child, pieces, boxes, notes)
            elif tag in self._skip or not isinstance(tag, str):
                continue
            elif tag in (w.tab, w.ptab):
                pieces.append("\t")
            elif tag == w.br:
                if child.get(w.type) in (None, "textWrapping"):
                    pieces.append("\n")
            elif tag == w.cr:
                pieces.append("\n")
            elif tag == w.noBreakHyphen:
                pieces.append("-")
            elif tag in (w.drawing, w.pict, w.object, _ALTERNATE):
                boxes.extend(self._text_boxes(child))
            elif tag == w.footnoteReference:
                notes.append(("脚注", child.get(w.id) or ""))
            elif tag == w.endnoteReference:
                notes.append(("尾注", child.get(w.id) or ""))
            elif tag == w.p:  # not valid here, but never lose text
                self._inline(child, pieces, boxes, notes)
            else:  # hyperlink, ins, moveTo, smartTag, customXml, sdt, sdtContent, fldSimple, bdo, dir …
                self._inline(child, pieces, boxes, notes)

    def _text_boxes(self, element: Any) -> list[Any]:
        """The outermost text box contents under a drawing, not counting the VML fallback copy."""
        found = []
        for box in element.iter(self.w.txbxContent):
            parent = box.getparent()
            inner = False
            while parent is not None and parent is not element:
                if parent.tag in (_FALLBACK, self.w.txbxContent):
                    inner = True
                    break
                parent = parent.getparent()
            if not inner:
                found.append(box)
        return found

    # -- tables -----------------------------------------------------------------------------------

    def _rows(self, table: Any) -> list[Any]:
        return self._children(table, self.w.tr)

    def _cells(self, row: Any) -> list[Any]:
        return self._children(row, self.w.tc)

    def _children(self, parent: Any, tag: str) -> list[Any]:
        """Children with `tag`, also inside content controls and custom XML that wrap rows or cells."""
        w = self.w
        found: list[Any] = []
        for child in parent:
            if child.tag == tag:
                found.append(child)
            elif child.tag in (w.sdt, w.sdtContent, w.customXml):
                found.extend(self._children(child, tag))
        return found

    def _table(self, table: Any, context: _Context) -> None:
        w = self.w
        self.table_count += 1
        number = self.table_count
        rows = self._rows(table)
        header_rows = 0  # how many leading rows are column headers
        if len(rows) >= 2:
            for candidate in rows:
                trpr = candidate.find(w.trPr)
                flag = trpr.find(w.tblHeader) if trpr is not None else None
                if flag is None or _off(flag, w):
                    break
                header_rows += 1
        state = _TableState()
        for row_index, row in enumerate(rows, 1):
            cells = self._row_cells(row, state)
            # Texts needed before any cell of the row is emitted: the first row's (is it a header
            # row?) and the first two cells' (the row header).
            for cell in cells if row_index == 1 else cells[:2]:
                cell.text = self._cell_text(cell, state)
            if row_index == 1 and len(rows) >= 2 and not header_rows and looks_like_header_row(
                    [cell.text or "" for cell in cells]):
                header_rows = 1
            is_header = row_index <= header_rows
            # The row header is the first cell, or the second where the first only numbers the row (序号).
            heads = [cell for cell in cells[:2] if not cell.continued or cell.text]
            head = heads[0] if heads else None
            if head is not None and len(heads) > 1 and (not head.text or is_sequence_number(head.text)):
                head = heads[1]
            row_header = (head.text or None) if head is not None and not is_header else None
            left: list[str] = []  # the texts of the cells emitted so far in this row, merged ones included
            for cell in cells:
                if cell.continued:
                    text = self._cell_text(cell, state)
                else:
                    # Read (again) just before emitting, so that a subclass hooking _cell_content
                    # (the annotator's recording walker) sees the cell each block comes from.
                    pieces: list[str] = []
                    boxes: list[Any] = []
                    notes: list[tuple[str, str]] = []
                    nested: list[Any] = []
                    self._cell_content(cell.element, pieces, boxes, notes, nested)
                    text = "\n".join(piece for piece in pieces if piece)
                    for spanned in range(cell.column, cell.column + cell.span):
                        state.merged_text[spanned] = text
                if is_header:
                    for spanned in range(cell.column, cell.column + cell.span):
                        state.header[spanned] = text
                if cell.continued:
                    left.append(text)
                    continue
                cell_context = context.cell(number, row_index, cell.column)
                if text:
                    self.out.append(Block(
                        text, cell_context.location(),
                        column_header=None if is_header or not header_rows else state.header.get(cell.column) or None,
                        row_header=row_header if head is not None and head.column < cell.column else None,
                        context="" if is_header else row_context(left),
                    ))
                left.append(text)
                self._attachments(boxes, notes, cell_context)
                for inner in nested:
                    self._table(inner, cell_context)

    def _row_cells(self, row: Any, state: _TableState) -> list[_Cell]:
        """The cells of a row with their grid columns and spans; vertically merged continuations marked."""
        w = self.w
        column = 1
        trpr = row.find(w.trPr)
        if trpr is not None:
            before = trpr.find(w.gridBefore)
            if before is not None:
                column += max(0, _int(before.get(w.val)) or 0)
        cells: list[_Cell] = []
        for element in self._cells(row):
            tcpr = element.find(w.tcPr)
            span, continued = 1, False
            if tcpr is not None:
                grid_span = tcpr.find(w.gridSpan)
                if grid_span is not None:
                    span = max(1, min(_int(grid_span.get(w.val)) or 1, 64))  # Word tables have at most 63 columns
                vmerge = tcpr.find(w.vMerge)
                hmerge = tcpr.find(w.hMerge)
                continued = (vmerge is not None and vmerge.get(w.val) in (None, "continue")) or (
                    hmerge is not None and hmerge.get(w.val) in (None, "continue"))
            cells.append(_Cell(element, column, span, continued))
            column += span
        return cells

    def _cell_text(self, cell: _Cell, state: _TableState) -> str:
        """A cell's text: a merged continuation carries the text of the cell it continues."""
        if cell.continued:
            return state.merged_text.get(cell.column, "")
        if cell.text is None:
            pieces: list[str] = []
            self._cell_content(cell.element, pieces, [], [], [])
            cell.text = "\n".join(piece for piece in pieces if piece)
        return cell.text

    def _cell_content(self, element: Any, pieces: list[str], boxes: list[Any], notes: list[tuple[str, str]],
                      nested: list[Any]) -> None:
        w = self.w
        for child in element:
            tag = child.tag
            if tag == w.p:
                paragraph: list[str] = []
                self._inline(child, paragraph, boxes, notes)
                style_id, _ = self._paragraph_style(child)
                if not self._is_toc(style_id):
                    pieces.append("".join(paragraph).strip())
            elif tag == w.tbl:
                nested.append(child)
            elif tag in (w.sdt, w.sdtContent, w.customXml):
                self._cell_content(child, pieces, boxes, notes, nested)


@dataclass(frozen=True)
class _Context:
    """Where the content being walked is: the body, a part (页眉 …), a table cell or an anchor."""

    body: bool = False
    part: str | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None
    paragraph: int | None = None

    def location(self) -> Location:
        return Location(paragraph=self.paragraph if self.table is None else None, table=self.table, row=self.row,
                        column=self.column, part=self.part)

    def cell(self, table: int, row: int, column: int) -> _Context:
        return _Context(part=self.part, table=table, row=row, column=column)

    def anchor(self, paragraph: int) -> _Context:
        """The place of something anchored here: the current body paragraph, or this cell/part."""
        if self.body:
            return _Context(paragraph=paragraph or None)
        return _Context(part=self.part, table=self.table, row=self.row, column=self.column, paragraph=self.paragraph)

    def inside(self, part: str) -> _Context:
        return _Context(part=part, table=self.table, row=self.row, column=self.column, paragraph=self.paragraph)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _off(element: Any, w: _Names) -> bool:
    return element.get(w.val) in ("0", "false", "off")
