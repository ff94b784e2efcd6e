"""DOCX writer: the document tree as a Word file that opens cleanly in Word, WPS and LibreOffice.

It starts from procdocs' own base document (``data/base_docx/``: a Chinese theme, styles with
explicit ``w:eastAsia`` fonts, ``compressPunctuation``) rather than python-docx's default, applies
the shared style sheet, and writes tables with explicit widths because WPS ignores autofit.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources
from typing import BinaryIO
from zipfile import ZIP_DEFLATED, ZipFile

import docx
from docx.oxml.ns import NamespacePrefixedTag, qn
from docx.oxml.parser import oxml_parser
from docx.section import Section as DocxSection
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml.etree import SubElement

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
from procdocs.writers.base import (
    CJK_SINGLE_LINE_EM,
    SIGNATURE_BLANK_CHARS,
    Assets,
    contents_entries,
    contents_line_spacing,
    signature_indent_pt,
)
from procdocs.writers.layout import Layout, PageFacts

TWIPS_PER_MM = 1440 / 25.4
IDEOGRAPHIC_SPACE = "\u3000"  # one Chinese character wide; underlined, it makes a fill-in blank

_ALIGNMENTS = {  # w:jc values
    "left": "left",
    "center": "center",
    "right": "right",
    "justify": "both",
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
    "cover_title": ["CoverTitle"],
    "cover_subtitle": ["CoverSubtitle"],
    "cover_text": ["CoverText"],
    "toc_title": ["TOCTitle"],
    "toc": ["TOC1", "TOC2", "TOC3"],
    "header": ["Header"],
    "footer": ["Footer"],
}
# On the cover, paragraphs take the cover's larger styles.
_COVER_STYLE_IDS = {"title": "CoverTitle", "subtitle": "CoverSubtitle", "body": "CoverText"}
TOC_BOOKMARK_BASE = 100_000  # heading i is bookmarked _Toc{base + i}: unique, Word-like names
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


def write(document: Document, assets: Assets, target: BinaryIO, layout: Layout | None) -> None:
    """Write `document` as DOCX to the binary stream `target`.

    With a `layout`, the contents' page numbers and the footer's page count are cached in their
    fields; without one the fields are left for Word or WPS to compute when they update them.
    """
    writer = _DocxWriter(assets.stylesheet, layout.facts if layout is not None else None)
    writer.write(document)
    writer.docx.save(target)


class _DocxWriter:
    def __init__(self, stylesheet: StyleSheet, page_facts: PageFacts | None) -> None:
        self.stylesheet = stylesheet
        self.page_facts = page_facts
        self.docx = docx.Document(io.BytesIO(base_document_bytes()))
        self.body = self.docx.element.body
        self.text_width_twips = round(stylesheet.page.text_width_mm * TWIPS_PER_MM)
        self.at_section_start = False

    # -- document level ------------------------------------------------------------------------

    def write(self, document: Document) -> None:
        self.document = document
        self.heading_index = {id(heading): index for index, heading in enumerate(document.headings())}
        self.has_toc = any(isinstance(block, TableOfContents) for block in document.front_matter)
        self._apply_page_setup()
        self._apply_styles()
        front_matter = document.front_matter
        for block in front_matter:
            self._write_front_matter(block)
        if front_matter:
            # Body pages are numbered from 1; the cover and contents sections show no number.
            page_numbering = _element("w:pgNumType")
            page_numbering.set(qn("w:start"), "1")
            self._body_section_properties().append(page_numbering)
        self._write_header(document.header)
        self._write_footer(count_section_only=bool(front_matter))
        if self.has_toc:
            self._ask_word_to_update_fields()
        # The section break before the body already starts a page: a page break there would add an empty one.
        self.at_section_start = bool(front_matter)
        previous: Block | None = None
        for block in document.body:
            if isinstance(block, Table) and isinstance(previous, Table):
                # Word merges adjacent tables unless a paragraph separates them; it passes the keep on.
                separator = self._new_paragraph("Normal")
                _keep(separator, with_next=previous.keep_with_next, together=False)
            self._write_block(block)
            self.at_section_start = False
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
        header = self.docx.sections[-1].header
        header.is_linked_to_previous = False  # its own part, not the (empty) front-matter header
        paragraph = header.paragraphs[0]
        _set_style_id(paragraph, "Header")
        paragraph.add_run(text)

    def _write_footer(self, count_section_only: bool) -> None:
        """第 X 页 共 Y 页, or 第 X 页 alone when a cover and contents come before the body.

        Y would then count the body section only (SECTIONPAGES), which Word and WPS compute but
        LibreOffice does not: it shows the cached count, taken from the PDF's layout, while it lays
        the DOCX out a few pages longer — 第 69 页 共 66 页. A document must not depend on a reader
        refreshing its fields, so the body's footer carries the page number, which every reader
        computes, and the PDF, whose pages are final, carries the total too."""
        footer = self.docx.sections[-1].footer
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        _set_style_id(paragraph, "Footer")
        paragraph.add_run("第 ")
        _add_field(paragraph, "PAGE", "1")
        if count_section_only:
            paragraph.add_run(" 页")
            return
        total = str(self.page_facts.body_pages) if self.page_facts else ""
        paragraph.add_run(" 页 共 ")
        _add_field(paragraph, "NUMPAGES", total)
        paragraph.add_run(" 页")

    def _body_section_properties(self):
        return self.body[-1]  # python-docx keeps the document's last sectPr as the body's last child

    def _ask_word_to_update_fields(self) -> None:
        # Word refreshes the contents and page references when the file is opened; WPS, which does
        # not, shows the cached entries written below.
        settings = self.docx.settings.element
        update = _element("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.find(qn("w:compat")).addprevious(update)

    # -- front matter ------------------------------------------------------------------------------

    def _write_front_matter(self, block: Block) -> None:
        if isinstance(block, Cover):
            for inner in block.blocks:
                if isinstance(inner, Paragraph):
                    paragraph = self._new_paragraph(_COVER_STYLE_IDS.get(inner.style, "CoverText"))
                    self._set_alignment(paragraph, "center" if inner.style in _COVER_STYLE_IDS else inner.align)
                    if inner.space_before:
                        self._space_before_one_line(paragraph)
                    self._add_inlines(paragraph, inner.inlines)
                else:
                    self._write_block(inner, text_style="CoverText")
        elif isinstance(block, TableOfContents):
            self._write_contents(block)
        self._section_break()

    def _section_break(self) -> None:
        """End the current section (next page) without header or footer of its own."""
        paragraph = self._new_paragraph("Normal")
        properties = _element("w:sectPr")
        body_properties = self._body_section_properties()
        for tag in ("w:pgSz", "w:pgMar", "w:cols"):
            element = body_properties.find(qn(tag))
            if element is not None:
                properties.append(copy.deepcopy(element))
        paragraph._p.get_or_add_pPr().append(properties)
        # Explicitly empty header and footer: Word would show none anyway, but LibreOffice gives a
        # section without its own header the document's header.
        section = DocxSection(properties, self.docx.part)
        for part in (section.header, section.footer):
            part.is_linked_to_previous = False
            # The new part's empty paragraph has the Header/Footer style, whose bottom rule would
            # draw a stray line across the cover and the contents: it gets Normal instead.
            for paragraph in part.paragraphs:
                _clear_style(paragraph)

    def _write_contents(self, toc: TableOfContents) -> None:
        """The contents as a Word TOC field whose shown result lists the chapters and sections
        without page numbers, each a link to its heading.

        Page numbers depend on the reader's layout: Word, WPS and LibreOffice each paginate the
        DOCX differently from the PDF and from each other, so numbers taken from any one layout are
        wrong in the others. The field is marked dirty and Word is asked to update fields: Word (and
        WPS when it updates the contents) fills in its own page numbers; a reader that does not
        update fields shows the titles, never a wrong number. The PDF has the real numbers.
        """
        self._size_contents_lines(toc)
        title = self._new_paragraph("TOCTitle")
        title.add_run(toc.title)
        listed = {id(heading) for heading in contents_entries(self.document, toc)}
        entries = [(index, heading) for index, heading in enumerate(self.document.headings())
                   if id(heading) in listed]
        tab_position = str(self.text_width_twips)
        for position, (index, heading) in enumerate(entries):
            paragraph = self._new_paragraph(f"TOC{min(heading.level, 3)}")
            tabs = _element("w:tabs")
            tab = _element("w:tab")
            tab.set(qn("w:val"), "right")
            tab.set(qn("w:leader"), "dot")
            tab.set(qn("w:pos"), tab_position)
            tabs.append(tab)
            paragraph._p.get_or_add_pPr().append(tabs)  # where Word puts the numbers it fills in
            if position == 0:
                _add_field_start(paragraph, f'TOC \\o "1-{toc.levels}" \\h \\z \\u', dirty=True)
            link = _element("w:hyperlink")
            link.set(qn("w:anchor"), _bookmark_name(index))
            link.set(qn("w:history"), "1")
            paragraph._p.append(link)
            self._add_inlines(DocxParagraph(link, paragraph._parent), heading.inlines)
        closing = self._new_paragraph("TOC1")
        _add_field_end(closing)

    def _size_contents_lines(self, toc: TableOfContents) -> None:
        """Entries at an exact line height, planned so that the contents ends with a full page
        (contents_line_spacing): exact, so that Word, WPS and LibreOffice draw the same lines
        whatever face they substitute; on the TOC styles, so that Word keeps it when it rebuilds."""
        size = self.stylesheet.styles["toc"].size
        height = Pt(size * contents_line_spacing(self.document, toc, self.stylesheet) * CJK_SINGLE_LINE_EM)
        by_id = {style.style_id: style for style in self.docx.styles}
        for style_id in _STYLE_IDS["toc"]:
            by_id[style_id].paragraph_format.line_spacing = height

    # -- blocks ----------------------------------------------------------------------------------

    def _write_block(self, block: Block, text_style: str = "TableText") -> None:
        if isinstance(block, Heading):
            paragraph = self._new_paragraph(f"Heading{min(block.level, 6)}")
            self._set_alignment(paragraph, block.align)
            if block.page_break_before and not self.at_section_start:
                paragraph.paragraph_format.page_break_before = True
            _keep(paragraph, with_next=block.keep_with_next, together=block.keep_together)
            index = self.heading_index.get(id(block))
            if self.has_toc and index is not None:
                _bookmark(paragraph, index, lambda: self._add_inlines(paragraph, block.inlines))
            else:
                self._add_inlines(paragraph, block.inlines)
        elif isinstance(block, Paragraph):
            paragraph = self._new_paragraph(_PARAGRAPH_STYLE_IDS[block.style])
            self._set_alignment(paragraph, block.align)
            if block.indent:
                self._indent_first_line(paragraph, "body")
            _keep(paragraph, with_next=block.keep_with_next, together=block.keep_together)
            if block.space_before:
                self._space_before_one_line(paragraph)
            self._add_inlines(paragraph, block.inlines)
        elif isinstance(block, ListBlock):
            for number, item in enumerate(block.items, 1):
                paragraph = self._new_paragraph("Normal")
                last = number == len(block.items)
                _keep(paragraph, with_next=block.keep_with_next if last else block.keep_together,
                      together=block.keep_together)
                self._indent_first_line(paragraph, "body")
                paragraph.add_run(item.label)
                self._add_inlines(paragraph, item.inlines)
        elif isinstance(block, Table):
            self._write_table(block, text_style)
        elif isinstance(block, PageBreak):
            paragraph = self._new_paragraph("Normal")
            run = paragraph.add_run()
            br = _element("w:br")
            br.set(qn("w:type"), "page")
            run._r.append(br)
        elif isinstance(block, Signature):
            self._write_signature(block)
        else:  # pragma: no cover - the parser produces no other blocks
            raise TypeError(f"unknown block {block!r}")

    def _new_paragraph(self, style_id: str, container=None) -> DocxParagraph:
        p = _element("w:p")
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

    def _space_before_one_line(self, paragraph: DocxParagraph) -> None:
        body = self.stylesheet.styles["body"]
        paragraph.paragraph_format.space_before = Pt(body.size * body.line_spacing)

    def _set_alignment(self, paragraph: DocxParagraph, align: Align) -> None:
        _paragraph_property(paragraph._p, _JC).set(_VAL, _ALIGNMENTS[align])

    def _indent_first_line(self, paragraph: DocxParagraph, style: StyleName) -> None:
        # Two characters: firstLineChars for Word and WPS, the twips value for LibreOffice.
        size = self.stylesheet.styles[style].size
        ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
        ind.set(qn("w:firstLineChars"), "200")
        ind.set(qn("w:firstLine"), str(round(size * 2 * 20)))

    def _add_inlines(self, paragraph: DocxParagraph, inlines: Iterable[Inline]) -> None:
        p = paragraph._p
        for inline in inlines:
            if isinstance(inline, Text):
                _append_run(p, inline.text, bold=inline.bold, italic=inline.italic, underline=inline.underline)
            elif isinstance(inline, Blank):
                _append_run(p, IDEOGRAPHIC_SPACE * inline.chars, underline=True)
            elif isinstance(inline, LineBreak):
                SubElement(_append_run(p), _BR)

    # -- tables ----------------------------------------------------------------------------------

    def _write_table(self, table: Table, text_style: str = "TableText") -> None:
        total = sum(table.column_widths)
        grid = [round(self.text_width_twips * width / total) for width in table.column_widths]
        tbl = _element("w:tbl")
        tbl.append(self._table_properties(table))
        tbl_grid = _element("w:tblGrid")
        for width in grid:
            grid_col = _element("w:gridCol")
            grid_col.set(qn("w:w"), str(width))
            tbl_grid.append(grid_col)
        tbl.append(tbl_grid)

        carried: dict[int, tuple[int, int]] = {}  # column -> (rows still to cover, colspan)
        joined = table.rows_joined_to_next()
        for number, row in enumerate(table.rows, 1):
            tr = _element("w:tr")
            tbl.append(tr)
            # No row is split across a page break, as in the PDF; header rows repeat on every page.
            tr_pr = _element("w:trPr")
            tr_pr.append(_element("w:cantSplit"))
            if row.header:
                tr_pr.append(_element("w:tblHeader"))
            tr.append(tr_pr)
            # keepNext in a row keeps it with the next row: header rows with the first body row, a row
            # the template joins to the next (a title row, a lot's items), a kept-together table's rows
            # with each other, its last row with the block after it.
            last = number == len(table.rows)
            keep_next = table.keep_with_next if last else (row.header or joined[number - 1] or table.keep_together)
            cells = iter(row.cells)
            column = 0
            next_carried: dict[int, tuple[int, int]] = {}
            while column < len(grid):
                if column in carried:
                    remaining, span = carried[column]
                    tr.append(self._cell_xml(grid, column, span, merge="continue", paragraphs=[[]],
                                             align="left", header=False, text_style=text_style,
                                             keep_next=keep_next))
                    if remaining > 1:
                        next_carried[column] = (remaining - 1, span)
                    column += span
                    continue
                cell = next(cells, None)
                if cell is None:
                    # A short row: pad with empty cells so every row spans the grid (Word requires it).
                    tr.append(self._cell_xml(grid, column, 1, merge=None, paragraphs=[[]], align="left",
                                             header=False, text_style=text_style, keep_next=keep_next))
                    column += 1
                    continue
                span = min(cell.colspan, len(grid) - column)
                merge = "restart" if cell.rowspan > 1 else None
                if cell.rowspan > 1:
                    next_carried[column] = (cell.rowspan - 1, span)
                tr.append(self._cell_xml(grid, column, span, merge=merge, paragraphs=cell.inlines_by_paragraph,
                                         align=cell.align, header=cell.header, text_style=text_style,
                                         keep_next=keep_next))
                column += span
            carried = next_carried
        self.body.insert(len(self.body) - 1, tbl)

    def _table_properties(self, table: Table):
        tbl_pr = _element("w:tblPr")
        style = _element("w:tblStyle")
        style.set(qn("w:val"), "TableGrid" if table.bordered else "TableNormal")
        tbl_pr.append(style)
        width = _element("w:tblW")
        width.set(qn("w:w"), str(self.text_width_twips))
        width.set(qn("w:type"), "dxa")
        tbl_pr.append(width)
        jc = _element("w:jc")
        jc.set(qn("w:val"), "center")
        tbl_pr.append(jc)
        layout = _element("w:tblLayout")
        layout.set(qn("w:type"), "fixed")  # WPS ignores autofit: fixed widths look the same everywhere
        tbl_pr.append(layout)
        look = _element("w:tblLook")
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
                  paragraphs: list[list[Inline]], align: Align, header: bool, text_style: str,
                  keep_next: bool = False):
        tc = _element("w:tc")
        tc_pr = _element("w:tcPr")
        width = _element("w:tcW")
        width.set(qn("w:w"), str(sum(grid[column:column + span])))
        width.set(qn("w:type"), "dxa")
        tc_pr.append(width)
        if span > 1:
            grid_span = _element("w:gridSpan")
            grid_span.set(qn("w:val"), str(span))
            tc_pr.append(grid_span)
        if merge is not None:
            v_merge = _element("w:vMerge")
            if merge == "restart":
                v_merge.set(qn("w:val"), "restart")
            tc_pr.append(v_merge)
        v_align = _element("w:vAlign")
        v_align.set(qn("w:val"), "center")
        tc_pr.append(v_align)
        tc.append(tc_pr)
        for inlines in paragraphs or [[]]:
            paragraph = self._new_paragraph(text_style, container=tc)
            self._set_alignment(paragraph, align)
            _keep(paragraph, with_next=keep_next, together=False)
            if header:
                inlines = [Text(i.text, True, i.italic, i.underline) if isinstance(i, Text) else i for i in inlines]
            self._add_inlines(paragraph, inlines)
        return tc

    # -- signature blocks ------------------------------------------------------------------------

    def _write_signature(self, signature: Signature) -> None:
        indent = round(signature_indent_pt(signature, self.stylesheet) * 20)  # twips
        for number, signature_field in enumerate(signature.fields, 1):
            paragraph = self._new_paragraph("Normal")
            last = number == len(signature.fields)
            _keep(paragraph, with_next=signature.keep_with_next if last else signature.keep_together,
                  together=signature.keep_together)
            self._set_alignment(paragraph, "left")
            paragraph._p.get_or_add_pPr().get_or_add_ind().set(qn("w:left"), str(indent))
            paragraph.add_run(f"{signature_field.label}：")
            if signature_field.value:
                self._add_inlines(paragraph, signature_field.value)
            else:
                self._add_inlines(paragraph, [Blank(SIGNATURE_BLANK_CHARS)])


def _keep(paragraph: DocxParagraph, *, with_next: bool, together: bool) -> None:
    """w:keepNext and w:keepLines as the tree asks, written on the paragraph itself so that they
    hold whatever a user's style says; nothing is written when nothing is kept."""
    if with_next:
        _paragraph_property(paragraph._p, _KEEP_NEXT)
    if together:
        _paragraph_property(paragraph._p, _KEEP_LINES)


# Writing a paragraph's runs and properties through python-docx's proxies costs most of the DOCX
# writer's time (each property looks up where it belongs among all the schema's successors, each run's
# text goes character by character): the hot paths below build the same elements directly.
_R, _R_PR, _T, _BR, _TAB = qn("w:r"), qn("w:rPr"), qn("w:t"), qn("w:br"), qn("w:tab")
_B, _I, _U, _VAL, _SPACE = qn("w:b"), qn("w:i"), qn("w:u"), qn("w:val"), qn("xml:space")
_P_PR, _JC, _KEEP_NEXT, _KEEP_LINES = qn("w:pPr"), qn("w:jc"), qn("w:keepNext"), qn("w:keepLines")
# The order of w:pPr's children in the schema (CT_PPr), up to the ones this writer sets.
_P_PR_ORDER = {qn(f"w:{tag}"): rank for rank, tag in enumerate((
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr", "suppressLineNumbers",
    "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct",
    "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
    "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl",
    "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"))}


@cache
def _clark(prefixed_tag: str) -> tuple[str, dict[str, str]]:
    tag = NamespacePrefixedTag(prefixed_tag)
    return tag.clark_name, tag.nsmap


def _element(prefixed_tag: str):
    """A new element "w:tag", as docx.oxml.OxmlElement makes it, with the tag's parts looked up once."""
    clark_name, nsmap = _clark(prefixed_tag)
    return oxml_parser.makeelement(clark_name, nsmap=nsmap)


def _paragraph_property(p, tag: str):
    """The paragraph's property element `tag` (w:jc, w:keepNext …), added in schema order if missing."""
    p_pr = p[0] if len(p) and p[0].tag == _P_PR else p.get_or_add_pPr()  # w:pPr comes first
    found = p_pr.find(tag)
    if found is not None:
        return found
    element = p_pr.makeelement(tag, {})
    rank = _P_PR_ORDER[tag]
    for index, child in enumerate(p_pr):
        if _P_PR_ORDER.get(child.tag, len(_P_PR_ORDER)) > rank:
            p_pr.insert(index, element)
            return element
    p_pr.append(element)
    return element


def _append_run(p, text: str = "", *, bold: bool = False, italic: bool = False, underline: bool = False):
    """A w:r at the end of the paragraph `p`, as python-docx's add_run makes it: the text in w:t
    elements (spaces kept), a tab as w:tab, a line break as w:br; bold, italic, single underline."""
    r = SubElement(p, _R)
    if bold or italic or underline:
        r_pr = SubElement(r, _R_PR)
        if bold:
            SubElement(r_pr, _B)
        if italic:
            SubElement(r_pr, _I)
        if underline:
            SubElement(r_pr, _U).set(_VAL, "single")
    if text:
        for piece in _RUN_CONTENT.split(text):
            if piece == "\t":
                SubElement(r, _TAB)
            elif piece in ("\r", "\n"):
                SubElement(r, _BR)
            elif piece:
                t = SubElement(r, _T)
                t.text = piece
                if len(piece.strip()) < len(piece):
                    t.set(_SPACE, "preserve")
    return r


_RUN_CONTENT = re.compile("([\t\r\n])")


def _set_east_asia_font(r_pr, east_asia: str, latin: str) -> None:
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = _element("w:rFonts")
        r_pr.insert(0, fonts)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    for theme_attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme_attribute), None)
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = _element("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _set_style_id(paragraph: DocxParagraph, style_id: str) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    p_style = p_pr.find(qn("w:pStyle"))
    if p_style is None:
        p_style = _element("w:pStyle")
        p_pr.insert(0, p_style)
    p_style.set(qn("w:val"), style_id)


def _clear_style(paragraph: DocxParagraph) -> None:
    p_pr = paragraph._p.pPr
    if p_pr is not None and p_pr.find(qn("w:pStyle")) is not None:
        p_pr.remove(p_pr.find(qn("w:pStyle")))


def _add_field(paragraph: DocxParagraph, instruction: str, cached_result: str) -> None:
    """A complex field (PAGE, NUMPAGES, PAGEREF …) with the result shown until it is updated."""
    _add_field_start(paragraph, instruction)
    if cached_result:
        paragraph.add_run(cached_result)
    _add_field_end(paragraph)


def _add_field_start(paragraph: DocxParagraph, instruction: str, dirty: bool = False) -> None:
    """The first half of a field: begin, instruction, separate. A TOC's result spans paragraphs.
    A dirty field is one Word recomputes when it opens the document."""
    begin = _add_field_char(paragraph, "begin")
    if dirty:
        begin.set(qn("w:dirty"), "true")
    instr = _element("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    _add_field_char(paragraph, "separate")


def _add_field_end(paragraph: DocxParagraph) -> None:
    _add_field_char(paragraph, "end")


def _add_field_char(paragraph: DocxParagraph, kind: str):
    fld = _element("w:fldChar")
    fld.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(fld)
    return fld


def _bookmark_name(index: int) -> str:
    return f"_Toc{TOC_BOOKMARK_BASE + index}"


def _bookmark(paragraph: DocxParagraph, index: int, write_content: Callable[[], None]) -> None:
    """Wrap what write_content adds to the paragraph in the heading's bookmark (TOC and PAGEREF target)."""
    start = _element("w:bookmarkStart")
    start.set(qn("w:id"), str(index))
    start.set(qn("w:name"), _bookmark_name(index))
    paragraph._p.append(start)
    write_content()
    end = _element("w:bookmarkEnd")
    end.set(qn("w:id"), str(index))
    paragraph._p.append(end)
