"""DOCX writer: the document tree as a Word file that opens cleanly in Word, WPS and LibreOffice.

It starts from procdocs' own base document (``data/base_docx/``: a Chinese theme, styles with
explicit ``w:eastAsia`` fonts, ``compressPunctuation``) rather than python-docx's default, applies
the shared style sheet, and writes tables with explicit widths because WPS ignores autofit.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import BinaryIO
from zipfile import ZIP_DEFLATED, ZipFile

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from procdocs.doctree.nodes import (
    Align,
    Blank,
    Block,
    Cover,
    Document,
    Heading,
    Inline,
    LineBreak,
    ListBlock,
    PageBreak,
    Paragraph,
    Signature,
    Table,
    TableOfContents,
    Text,
)
from procdocs.styles import StyleName, StyleSheet
from procdocs.writers.base import Assets

TWIPS_PER_MM = 1440 / 25.4
IDEOGRAPHIC_SPACE = "\u3000"  # one Chinese character wide; underlined, it makes a fill-in blank
SIGNATURE_INDENT_SHARE = 0.45  # signature lines start a little left of the page's middle

_ALIGNMENTS = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
# Word style ids in the base document for each style-sheet entry.
_STYLE_IDS: dict[StyleName, list[str]] = {
    "body": ["Normal"],
    "title": ["Title"],
    "subtitle": ["Subtitle"],
    "heading1": ["Heading1"],
    "heading2": ["Heading2"],
    "heading3": ["Heading3"],
    "heading4": ["Heading4", "Heading5", "Heading6"],
    "table": ["TableText"],
    "note": ["Note"],
    "header": ["Header"],
    "footer": ["Footer"],
}
_PARAGRAPH_STYLE_IDS = {"body": "Normal", "title": "Title", "subtitle": "Subtitle", "note": "Note"}


@cache
def base_document_bytes() -> bytes:
    """The base .docx, zipped from the XML parts kept as readable source in data/base_docx/."""
    root = resources.files("procdocs").joinpath("data/base_docx")
    buffer = io.BytesIO()
    with ZipFile(buffer, "w", ZIP_DEFLATED) as archive:
        # [Content_Types].xml must come first for some strict readers.
        for relative in ["[Content_Types].xml", *_part_names(root)]:
            archive.writestr(relative, root.joinpath(relative).read_bytes())
    return buffer.getvalue()


def _part_names(root) -> list[str]:
    names: list[str] = []

    def walk(node, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            relative = f"{prefix}{child.name}"
            if child.is_dir():
                walk(child, relative + "/")
            elif relative != "[Content_Types].xml":
                names.append(relative)

    walk(root, "")
    return names


def write(document: Document, assets: Assets, target: BinaryIO) -> None:
    """Write `document` as DOCX to the binary stream `target`."""
    writer = _DocxWriter(assets.stylesheet)
    writer.write(document)
    writer.docx.save(target)


class _DocxWriter:
    def __init__(self, stylesheet: StyleSheet) -> None:
        self.stylesheet = stylesheet
        self.docx = docx.Document(io.BytesIO(base_document_bytes()))
        self.body = self.docx.element.body
        self.text_width_twips = round(stylesheet.page.text_width_mm * TWIPS_PER_MM)

    # -- document level ------------------------------------------------------------------------

    def write(self, document: Document) -> None:
        self.document = document
        self._apply_page_setup()
        self._apply_styles()
        self._write_header(document.header)
        self._write_footer()
        previous: Block | None = None
        for block in document.blocks:
            if isinstance(block, Table) and isinstance(previous, Table):
                self._new_paragraph("Normal")  # Word merges adjacent tables unless a paragraph separates them
            self._write_block(block)
            previous = block
        if isinstance(previous, Table):
            self._new_paragraph("Normal")  # a document body must end with a paragraph
        properties = self.docx.core_properties
        properties.title = document.title
        properties.subject = document.subject
        properties.author = ""
        properties.language = "zh-CN"

    def _apply_page_setup(self) -> None:
        page = self.stylesheet.page
        section = self.docx.sections[0]
        section.page_width, section.page_height = Mm(page.width_mm), Mm(page.height_mm)
        section.top_margin, section.bottom_margin = Mm(page.margin_top_mm), Mm(page.margin_bottom_mm)
        section.left_margin, section.right_margin = Mm(page.margin_left_mm), Mm(page.margin_right_mm)
        section.header_distance, section.footer_distance = Mm(page.header_distance_mm), Mm(page.footer_distance_mm)

    def _apply_styles(self) -> None:
        styles = self.docx.styles
        by_id = {style.style_id: style for style in styles}
        for name, style_ids in _STYLE_IDS.items():
            text_style = self.stylesheet.styles[name]
            role = self.stylesheet.font_of(name)
            for style_id in style_ids:
                style = by_id[style_id]
                font = style.font
                font.size = Pt(text_style.size)
                font.bold = text_style.bold
                font.name = role.docx_latin  # sets w:ascii and w:hAnsi
                _set_east_asia_font(style.element.get_or_add_rPr(), role.docx_east_asia, role.docx_latin)
                paragraph_format = style.paragraph_format
                paragraph_format.line_spacing = text_style.line_spacing
                paragraph_format.space_before = Pt(text_style.space_before_pt)
                paragraph_format.space_after = Pt(text_style.space_after_pt)
        # Body text: first-line indent of two characters is applied per paragraph, not in Normal,
        # because headings, tables and signatures inherit from Normal.

    def _write_header(self, text: str) -> None:
        paragraph = self.docx.sections[0].header.paragraphs[0]
        _set_style_id(paragraph, "Header")
        paragraph.add_run(text)

    def _write_footer(self) -> None:
        paragraph = self.docx.sections[0].footer.paragraphs[0]
        _set_style_id(paragraph, "Footer")
        paragraph.add_run("第 ")
        _add_field(paragraph, "PAGE", "1")
        paragraph.add_run(" 页 共 ")
        _add_field(paragraph, "NUMPAGES", "1")
        paragraph.add_run(" 页")

    # -- blocks ----------------------------------------------------------------------------------

    def _write_block(self, block: Block) -> None:
        if isinstance(block, Heading):
            paragraph = self._new_paragraph(f"Heading{min(block.level, 6)}")
            self._set_alignment(paragraph, block.align)
            if block.page_break_before:
                paragraph.paragraph_format.page_break_before = True
            self._add_inlines(paragraph, block.inlines)
        elif isinstance(block, Paragraph):
            paragraph = self._new_paragraph(_PARAGRAPH_STYLE_IDS[block.style])
            self._set_alignment(paragraph, block.align)
            if block.indent:
                self._indent_first_line(paragraph, "body")
            if block.keep_with_next:
                paragraph.paragraph_format.keep_with_next = True
            if block.space_before:
                body = self.stylesheet.styles["body"]
                paragraph.paragraph_format.space_before = Pt(body.size * body.line_spacing)
            self._add_inlines(paragraph, block.inlines)
        elif isinstance(block, ListBlock):
            for item in block.items:
                paragraph = self._new_paragraph("Normal")
                self._indent_first_line(paragraph, "body")
                paragraph.add_run(item.label)
                self._add_inlines(paragraph, item.inlines)
        elif isinstance(block, Table):
            self._write_table(block)
        elif isinstance(block, PageBreak):
            paragraph = self._new_paragraph("Normal")
            run = paragraph.add_run()
            br = OxmlElement("w:br")
            br.set(qn("w:type"), "page")
            run._r.append(br)
        elif isinstance(block, Signature):
            self._write_signature(block)
        elif isinstance(block, Cover):
            for inner in block.blocks:
                self._write_block(inner)
            self._write_block(PageBreak())
        elif isinstance(block, TableOfContents):
            self._write_block(Paragraph([Text(block.title)], style="title"))
            for heading in self.document.headings():
                if heading.level <= block.levels:
                    self._write_block(Paragraph(heading.inlines, indent=False, align="left"))
            self._write_block(PageBreak())
        else:  # pragma: no cover - the parser produces no other blocks
            raise TypeError(f"unknown block {block!r}")

    def _new_paragraph(self, style_id: str, container=None) -> DocxParagraph:
        p = OxmlElement("w:p")
        if container is None:
            self.body.insert(len(self.body) - 1, p)  # before the final sectPr
            parent = self.docx._body
        else:
            container.append(p)
            parent = None
        paragraph = DocxParagraph(p, parent)
        if style_id != "Normal":
            _set_style_id(paragraph, style_id)
        return paragraph

    def _set_alignment(self, paragraph: DocxParagraph, align: Align) -> None:
        paragraph.paragraph_format.alignment = _ALIGNMENTS[align]

    def _indent_first_line(self, paragraph: DocxParagraph, style: StyleName) -> None:
        # Two characters: firstLineChars for Word and WPS, the twips value for LibreOffice.
        size = self.stylesheet.styles[style].size
        ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
        ind.set(qn("w:firstLineChars"), "200")
        ind.set(qn("w:firstLine"), str(round(size * 2 * 20)))

    def _add_inlines(self, paragraph: DocxParagraph, inlines: Iterable[Inline]) -> None:
        for inline in inlines:
            if isinstance(inline, Text):
                run = paragraph.add_run(inline.text)
                if inline.bold:
                    run.bold = True
                if inline.italic:
                    run.italic = True
                if inline.underline:
                    run.underline = True
            elif isinstance(inline, Blank):
                run = paragraph.add_run(IDEOGRAPHIC_SPACE * inline.chars)
                run.underline = True
            elif isinstance(inline, LineBreak):
                paragraph.add_run().add_break()

    # -- tables ----------------------------------------------------------------------------------

    def _write_table(self, table: Table) -> None:
        total = sum(table.column_widths)
        grid = [round(self.text_width_twips * width / total) for width in table.column_widths]
        tbl = OxmlElement("w:tbl")
        tbl.append(self._table_properties(table))
        tbl_grid = OxmlElement("w:tblGrid")
        for width in grid:
            grid_col = OxmlElement("w:gridCol")
            grid_col.set(qn("w:w"), str(width))
            tbl_grid.append(grid_col)
        tbl.append(tbl_grid)

        carried: dict[int, tuple[int, int]] = {}  # column -> (rows still to cover, colspan)
        for row in table.rows:
            tr = OxmlElement("w:tr")
            tbl.append(tr)
            if row.header:
                # Header rows repeat on every page and are never split across a page break.
                tr_pr = OxmlElement("w:trPr")
                tr_pr.append(OxmlElement("w:cantSplit"))
                tr_pr.append(OxmlElement("w:tblHeader"))
                tr.append(tr_pr)
            cells = iter(row.cells)
            column = 0
            next_carried: dict[int, tuple[int, int]] = {}
            while column < len(grid):
                if column in carried:
                    remaining, span = carried[column]
                    tr.append(self._cell_xml(grid, column, span, merge="continue", paragraphs=[[]],
                                             align="left", header=False))
                    if remaining > 1:
                        next_carried[column] = (remaining - 1, span)
                    column += span
                    continue
                cell = next(cells, None)
                if cell is None:
                    # A short row: pad with empty cells so every row spans the grid (Word requires it).
                    tr.append(self._cell_xml(grid, column, 1, merge=None, paragraphs=[[]], align="left",
                                             header=False))
                    column += 1
                    continue
                span = min(cell.colspan, len(grid) - column)
                merge = "restart" if cell.rowspan > 1 else None
                if cell.rowspan > 1:
                    next_carried[column] = (cell.rowspan - 1, span)
                tr.append(self._cell_xml(grid, column, span, merge=merge, paragraphs=cell.inlines_by_paragraph,
                                         align=cell.align, header=cell.header))
                column += span
            carried = next_carried
        self.body.insert(len(self.body) - 1, tbl)

    def _table_properties(self, table: Table):
        tbl_pr = OxmlElement("w:tblPr")
        style = OxmlElement("w:tblStyle")
        style.set(qn("w:val"), "TableGrid" if table.bordered else "TableNormal")
        tbl_pr.append(style)
        width = OxmlElement("w:tblW")
        width.set(qn("w:w"), str(self.text_width_twips))
        width.set(qn("w:type"), "dxa")
        tbl_pr.append(width)
        jc = OxmlElement("w:jc")
        jc.set(qn("w:val"), "center")
        tbl_pr.append(jc)
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")  # WPS ignores autofit: fixed widths look the same everywhere
        tbl_pr.append(layout)
        look = OxmlElement("w:tblLook")
        look.set(qn("w:val"), "04A0")
        look.set(qn("w:firstRow"), "1")
        look.set(qn("w:lastRow"), "0")
        look.set(qn("w:firstColumn"), "1")
        look.set(qn("w:lastColumn"), "0")
        look.set(qn("w:noHBand"), "0")
        look.set(qn("w:noVBand"), "1")
        tbl_pr.append(look)
        return tbl_pr

    def _cell_xml(self, grid: list[int], column: int, span: int, *, merge: str | None,
                  paragraphs: list[list[Inline]], align: Align, header: bool):
        tc = OxmlElement("w:tc")
        tc_pr = OxmlElement("w:tcPr")
        width = OxmlElement("w:tcW")
        width.set(qn("w:w"), str(sum(grid[column:column + span])))
        width.set(qn("w:type"), "dxa")
        tc_pr.append(width)
        if span > 1:
            grid_span = OxmlElement("w:gridSpan")
            grid_span.set(qn("w:val"), str(span))
            tc_pr.append(grid_span)
        if merge is not None:
            v_merge = OxmlElement("w:vMerge")
            if merge == "restart":
                v_merge.set(qn("w:val"), "restart")
            tc_pr.append(v_merge)
        v_align = OxmlElement("w:vAlign")
        v_align.set(qn("w:val"), "center")
        tc_pr.append(v_align)
        tc.append(tc_pr)
        for inlines in paragraphs or [[]]:
            paragraph = self._new_paragraph("TableText", container=tc)
            self._set_alignment(paragraph, align)
            if header:
                inlines = [Text(i.text, True, i.italic, i.underline) if isinstance(i, Text) else i for i in inlines]
            self._add_inlines(paragraph, inlines)
        return tc

    # -- signature blocks ------------------------------------------------------------------------

    def _write_signature(self, signature: Signature) -> None:
        indent = round(self.text_width_twips * SIGNATURE_INDENT_SHARE)
        for signature_field in signature.fields:
            paragraph = self._new_paragraph("Normal")
            self._set_alignment(paragraph, "left")
            paragraph._p.get_or_add_pPr().get_or_add_ind().set(qn("w:left"), str(indent))
            paragraph.add_run(f"{signature_field.label}：")
            if signature_field.value:
                self._add_inlines(paragraph, signature_field.value)
            else:
                self._add_inlines(paragraph, [Blank(10)])


def _set_east_asia_font(r_pr, east_asia: str, latin: str) -> None:
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    for theme_attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme_attribute), None)
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _set_style_id(paragraph: DocxParagraph, style_id: str) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    p_style = p_pr.find(qn("w:pStyle"))
    if p_style is None:
        p_style = OxmlElement("w:pStyle")
        p_pr.insert(0, p_style)
    p_style.set(qn("w:val"), style_id)


def _add_field(paragraph: DocxParagraph, instruction: str, placeholder: str) -> None:
    """A complex field (PAGE, NUMPAGES) that Word, WPS and LibreOffice compute when they lay out."""
    for kind, text in (("begin", None), ("instr", f" {instruction} "), ("separate", None),
                       ("text", placeholder), ("end", None)):
        run = paragraph.add_run()
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        elif kind == "text":
            run.text = text
        else:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
