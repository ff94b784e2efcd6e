"""The layout stage with Typst: the document tree typeset into PDF pages.

Typst (the ``typst`` package, its compiler built in) lays a 100-page 招标文件 out in well under a
second, where WeasyPrint took seconds; the pages follow the same style sheet (``styles.yaml``: page
box, font roles, 字号, line spacing, spacing before and after) and the same keep flags of the tree.
The tree is written as Typst markup in which every piece of user text is a string literal
(:func:`procdocs.escaping.typst_string`), so no text can act as markup or code; the compiler's root
is a temporary directory holding the source alone, so it can read no other file.

What the HTML layout sheet (``print.css``) says about blocks is said here in Typst terms: the cover
and the contents on pages of their own without header or footer, the body numbered from 1 with
「第 X 页 共 Y 页」, header rows repeated on every page, rows never split, headings kept with what
follows them.
"""

from __future__ import annotations

import json
import math
import re
import tempfile
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO, cast

from procdocs.doctree.nodes import (
    Blank,
    Block,
    Cell,
    Cover,
    Document,
    Heading,
    Inline,
    Keepable,
    LineBreak,
    ListBlock,
    PageBreak,
    Paragraph,
    Row,
    Signature,
    Table,
    TableOfContents,
    Text,
    cover_style,
    heading_style,
    keep_runs,
    plain_text,
)
from procdocs.escaping import typst_string
from procdocs.styles import StyleName, StyleSheet
from procdocs.writers.base import (
    CJK_SINGLE_LINE_EM,
    FOOTER_TEXT,
    POINTS_PER_MM,
    SIGNATURE_BLANK_CHARS,
    Assets,
    contents_entries,
    contents_line_spacing,
    signature_indent_pt,
)
from procdocs.writers.layout import Layout, PageFacts

PAGES_LABEL = "procdocs-pages"  # the metadata that reports each heading's page and the body's page count
# The line box of a CJK font is its em: the ascender and descender of the Noto and Source Han faces
# (0.88 / 0.12 em). The leading between lines then makes a line spacing of 1.5 the 1.5 × 1.3 em Word draws.
TOP_EDGE_EM = 0.88
BOTTOM_EDGE_EM = 0.12
BLANK_BASELINE_EM = 0.15  # the blank's underline sits a little below the baseline, as the HTML's
HEADER_FOOTER_GAP_MM = 1  # room between the header or footer line and its distance from the page edge

BLANK_RULE_VARIABLE = "blank-rule"  # the line under a blank, set in the preamble from the style sheet
BOOKMARKED_LEVELS = 4  # h5 and h6 are not bookmarked (as print.css)


class TypesetPages:
    """The typeset PDF, serialised as the PDF writer asks a layout to."""

    def __init__(self, pdf: bytes) -> None:
        self.pdf = pdf

    def write_pdf(self, target: BinaryIO) -> None:
        target.write(self.pdf)


@cache
def _fonts() -> Any:
    """The installed fonts, looked up once per process: a compiler given the same fonts reuses what an
    earlier one laid out with them (a second document typesets several times faster)."""
    import typst

    return typst.Fonts()


def typeset(document: Document, assets: Assets) -> Layout:
    """Lay `document` out: the page facts (each heading's body page, the body's page count) and the PDF."""
    import typst  # the compiler loads in a few milliseconds, but only a PDF needs it

    source = document_typst(document, assets.stylesheet)
    with tempfile.TemporaryDirectory(prefix="procdocs-typst-") as root:  # nothing else to read: a root of its own
        main = Path(root) / "document.typ"
        main.write_text(source, encoding="utf-8")
        compiler = typst.Compiler(str(main), root=root, font_paths=_fonts())
        pdf = compiler.compile(format="pdf", pdf_tags=False)
        facts = json.loads(compiler.query(f"<{PAGES_LABEL}>", field="value", one=True))
    assert isinstance(pdf, bytes)
    headings = dict(enumerate(facts["headings"]))
    return Layout(PageFacts(headings, facts["body_pages"]), TypesetPages(pdf))


# -- the source -----------------------------------------------------------------------------------

def document_typst(document: Document, stylesheet: StyleSheet) -> str:
    """The whole document as Typst markup."""
    writer = _Writer(document, stylesheet)
    parts = [writer.preamble()]
    for block in document.front_matter:
        parts.append(writer.block(block))
        parts.append("#pagebreak(weak: true)")
    parts.append(writer.body_pages())
    parts.extend(writer.blocks(document.body))
    parts.append(writer.facts())
    return "\n".join(parts) + "\n"


def _pt(value: float) -> str:
    return f"{value:.2f}pt"


class _Writer:
    def __init__(self, document: Document, stylesheet: StyleSheet) -> None:
        self.document = document
        self.stylesheet = stylesheet
        self.heading_index = {id(heading): index for index, heading in enumerate(document.headings())}
        self.in_cover = False

    # -- page, styles and facts --------------------------------------------------------------------

    def preamble(self) -> str:
        page = self.stylesheet.page
        lines = [
            f"#set document(title: {typst_string(self.document.title)}, "
            f"description: {typst_string(self.document.subject)})",
            f"#set page(width: {page.width_mm}mm, height: {page.height_mm}mm, margin: (top: {page.margin_top_mm}mm,"
            f" bottom: {page.margin_bottom_mm}mm, left: {page.margin_left_mm}mm, right: {page.margin_right_mm}mm),"
            " header: none, footer: none)",
            f'#set text(lang: "zh", region: "cn", fallback: false, cjk-latin-spacing: none, overhang: false,'
            f" top-edge: {TOP_EDGE_EM}em, bottom-edge: -{BOTTOM_EDGE_EM}em)",
            "#set par(spacing: 0pt)",
            "#set block(spacing: 0pt)",
            "#set heading(numbering: none)",
            "#show heading: it => it.body",
        ]
        for name, style in self.stylesheet.styles.items():
            families = ", ".join(typst_string(family) for family in self.stylesheet.fonts[style.font].pdf)
            weight = '"bold"' if style.bold else '"regular"'
            lines.append(f"#let {self._style_variable(name)} = (font: ({families},), size: {_pt(style.size)},"
                         f" weight: {weight})")
        lines.append(f"#let {BLANK_RULE_VARIABLE} = {_pt(self.stylesheet.measures.blank_rule_pt)}")
        return "\n".join(lines)

    def body_pages(self) -> str:
        """The page setup of the body: the running header and the footer, numbered from 1."""
        page = self.stylesheet.page
        header = self.stylesheet.styles["header"]
        footer = self.stylesheet.styles["footer"]
        header_ascent = page.margin_top_mm - page.header_distance_mm - header.size / 72 * 25.4 - HEADER_FOOTER_GAP_MM
        footer_descent = page.margin_bottom_mm - page.footer_distance_mm - footer.size / 72 * 25.4 - HEADER_FOOTER_GAP_MM
        before, between, after = (typst_string(part) for part in FOOTER_TEXT)
        header_text = f"[{_breakable(self.document.header)}]"
        return (
            f"#set page(header-ascent: {max(header_ascent, 0):.2f}mm, footer-descent: {max(footer_descent, 0):.2f}mm,"
            f" header: align(center, text(..{self._style_variable('header')}, {header_text})),"
            f" footer: context align(center, text(..{self._style_variable('footer')}, {before}"
            f" + str(counter(page).get().first()) + {between} + str(counter(page).final().first()) + {after})))\n"
            "#counter(page).update(1)"
        )

    def facts(self) -> str:
        """Metadata the layout stage reads back: each body heading's page and the body's page count."""
        count = len(self.heading_index)
        return (
            f"#context [#metadata((headings: range({count}).map(i => counter(page).at(label(\"h\" + str(i))).first()),"
            f" body_pages: counter(page).final().first())) <{PAGES_LABEL}>]"
        )

    @staticmethod
    def _style_variable(name: str) -> str:
        return "style-" + name.replace("_", "-")

    def _line_em(self, name: StyleName, spacing: float | None = None) -> float:
        style = self.stylesheet.styles[name]
        return (spacing if spacing is not None else style.line_spacing) * CJK_SINGLE_LINE_EM

    def _box(self, name: StyleName, content: str, *, align: str = "left", indent: bool = False,
             keep_with_next: bool = False, keep_together: bool = False, space_before: float | None = None,
             space_after: float | None = None, spacing: float | None = None, inset_left: float = 0) -> str:
        """One block in style `name`: its font, size and line spacing, its spaces before and after (CSS
        margins, which collapse as Typst's block spacing does), and the half-leading above its first
        line and below its last that a CSS line box has."""
        style = self.stylesheet.styles[name]
        line = self._line_em(name, spacing)
        half = (line - 1) / 2
        above = style.space_before_pt if space_before is None else space_before
        below = style.space_after_pt if space_after is None else space_after
        justify = "true" if align == "justify" else "false"
        first_indent = f"(amount: {2 * self.stylesheet.styles['body'].size:.2f}pt, all: true)" if indent else "0pt"
        aligned = "" if align in ("justify", "left") else f"#set align({align});"
        left = f", left: {_pt(inset_left)}" if inset_left else ""
        return (
            f"#block(width: 100%, above: {_pt(above)}, below: {_pt(below)}, inset: (top: {half:.3f}em,"
            f" bottom: {half:.3f}em{left}), sticky: {'true' if keep_with_next else 'false'},"
            f" breakable: {'false' if keep_together else 'true'})"
            f"[#set text(..{self._style_variable(name)});#set par(leading: {line - 1:.3f}em, justify: {justify},"
            f" first-line-indent: {first_indent});{aligned}#par[{content}]]"
        )

    # -- blocks ----------------------------------------------------------------------------------

    def _fits(self, blocks: list[Block]) -> bool:
        """Whether blocks kept together are short enough to be: an unbreakable block taller than a page
        runs off it in Typst, where a browser breaks it anyway."""
        page = self.stylesheet.page
        room = page.text_height_mm * POINTS_PER_MM * KEPT_SHARE_OF_PAGE
        return sum(self._height_pt(block) for block in blocks) <= room

    def _height_pt(self, block: Block) -> float:
        width_pt = self.stylesheet.page.text_width_mm * POINTS_PER_MM
        measures = self.stylesheet.measures

        def lines_pt(text: str, name: StyleName) -> float:
            style = self.stylesheet.styles[name]
            lines = max(1, math.ceil(len(text) / max(1.0, width_pt / style.size - 2)))
            return lines * self._line_em(name) * style.size + style.space_before_pt + style.space_after_pt

        if isinstance(block, Heading):
            return lines_pt(plain_text(block.inlines), cast(StyleName, heading_style(block.level)))
        if isinstance(block, Paragraph):
            return lines_pt(plain_text(block.inlines), block.style)
        if isinstance(block, ListBlock):
            return sum(lines_pt(item.label + plain_text(item.inlines), "body") for item in block.items)
        if isinstance(block, Signature):
            return measures.signature_space_before_pt + len(block.fields) * (lines_pt("", "body")
                                                                             + measures.signature_line_space_pt)
        if isinstance(block, Table):
            fit = _RowFit(block, self.stylesheet, "table")
            return (measures.table_space_before_pt + measures.table_space_after_pt
                    + sum(fit.height_pt(row) for row in block.rows))
        return 0.0

    def blocks(self, blocks: list[Block]) -> list[str]:
        """The blocks' markup; a run chained by keep_with_next whose blocks all keep together is one
        unbreakable block (as the HTML's div.keep)."""
        return [self.run(item) if isinstance(item, list) else self.block(item) for item in keep_runs(blocks)]

    def run(self, run: list[Keepable]) -> str:
        markup = "\n".join(self.block(block) for block in run)
        if len(run) > 1 and all(block.keep_together for block in run) and self._fits(list(run)):
            return f"#block(width: 100%, breakable: false)[\n{markup}\n]"
        return markup

    def block(self, block: Block) -> str:
        if isinstance(block, Heading):
            return self.heading(block)
        if isinstance(block, Paragraph):
            style = cast(StyleName, cover_style(block.style)) if self.in_cover else block.style
            body_line = self._line_em("body") * self.stylesheet.styles["body"].size
            before = body_line if block.space_before else None
            return self._box(style, _inlines(block.inlines), align=block.align, indent=block.indent and not self.in_cover,
                             keep_with_next=block.keep_with_next,
                             keep_together=block.keep_together and self._fits([block]),
                             space_before=before)
        if isinstance(block, ListBlock):
            items = [self._box("body", f"#{typst_string(item.label)}" + _inlines(item.inlines), align="justify",
                               indent=True) for item in block.items]
            return (f"#block(width: 100%, sticky: {'true' if block.keep_with_next else 'false'},"
                    f" breakable: {'false' if block.keep_together and self._fits([block]) else 'true'})[\n"
                    + "\n".join(items) + "\n]")
        if isinstance(block, Table):
            return self.table(block)
        if isinstance(block, PageBreak):
            return "#pagebreak(weak: true)"
        if isinstance(block, Signature):
            indent = signature_indent_pt(block, self.stylesheet)
            lines = [self._box("body", f"#{typst_string(field.label + '：')}"
                               + _inlines(field.value or [Blank(SIGNATURE_BLANK_CHARS)]),
                               space_after=self.stylesheet.measures.signature_line_space_pt, inset_left=indent)
                     for field in block.fields]
            return (f"#block(width: 100%, above: {_pt(self.stylesheet.measures.signature_space_before_pt)},"
                    f" sticky: {'true' if block.keep_with_next else 'false'},"
                    f" breakable: {'false' if block.keep_together and self._fits([block]) else 'true'})[\n"
                    + "\n".join(lines) + "\n]")
        if isinstance(block, Cover):
            self.in_cover = True
            try:
                return "\n".join(self.blocks(block.blocks))
            finally:
                self.in_cover = False
        if isinstance(block, TableOfContents):
            return self.contents(block)
        raise TypeError(f"unknown block {block!r}")  # pragma: no cover

    def heading(self, heading: Heading) -> str:
        style = cast(StyleName, heading_style(heading.level))
        index = None if self.in_cover else self.heading_index.get(id(heading))
        listed = "true" if index is not None else "false"
        bookmarked = "true" if index is not None and heading.level <= BOOKMARKED_LEVELS else "false"
        label = f" <h{index}>" if index is not None else ""
        # (the heading's own show-set rules — bold, larger — give way to the style sheet's text)
        content = (f"#heading(level: {min(heading.level, 6)}, outlined: {listed}, bookmarked: {bookmarked})"
                   f"[#text(..{self._style_variable(style)})[{_inlines(heading.inlines)}]]{label}")
        box = self._box(style, content, align=heading.align, keep_with_next=heading.keep_with_next,
                        keep_together=heading.keep_together)
        return ("#pagebreak(weak: true)\n" if heading.page_break_before else "") + box

    def contents(self, toc: TableOfContents) -> str:
        """The contents: each listed heading with a dot leader and the body page it starts on."""
        spacing = contents_line_spacing(self.document, toc, self.stylesheet)
        listed = {id(heading) for heading in contents_entries(self.document, toc)}
        lines = [self._box("toc_title", f"#{typst_string(toc.title)}", align="center")]
        for index, heading in enumerate(self.document.headings()):
            if id(heading) not in listed:
                continue
            entry = (f"#link(<h{index}>)[{_inlines(heading.inlines)}#box(width: 1fr, repeat[.])"
                     f"#context str(counter(page).at(<h{index}>).first())]")
            indent = self.stylesheet.measures.contents_indent_em * (heading.level - 1) * self.stylesheet.styles["toc"].size
            lines.append(self._box("toc", entry, spacing=spacing, inset_left=indent))
        return "\n".join(lines)

    def table(self, table: Table) -> str:
        """A table; one kept with the next block (a form before its signature) that may break across
        pages is written as two tables, the second its last rows, which stick to the next block (Typst
        keeps a block with the next only when it does not break)."""
        cut = _tail_start(table) if table.keep_with_next and not table.keep_together else None
        if cut is None:
            return self._table(table, table.rows)
        head = Table(table.rows[:cut], table.column_widths, table.bordered)
        tail = Table(table.rows[cut:], table.column_widths, table.bordered, keep_with_next=True, keep_together=True)
        return self._table(head, head.rows, space_after=0) + "\n" + self._table(tail, tail.rows, space_before=0)

    def _table(self, table: Table, rows: list[Row], space_before: float | None = None,
               space_after: float | None = None) -> str:
        measures = self.stylesheet.measures
        space_before = measures.table_space_before_pt if space_before is None else space_before
        space_after = measures.table_space_after_pt if space_after is None else space_after
        total = sum(table.column_widths)
        columns = ", ".join(f"{width / total:.4f}fr" for width in table.column_widths)
        head_count = next((n for n, row in enumerate(rows) if not row.header), len(rows))
        stroke = _pt(measures.rule_pt) if table.bordered else "none"
        style: StyleName = "cover_text" if self.in_cover else "table"  # the cover's seal lines are a table
        line = self._line_em(style)
        fit = _RowFit(table, self.stylesheet, style)
        cells_head = ", ".join(self._cell(cell, fit.kept_whole(row)) for row in rows[:head_count] for cell in row.cells)
        cells_body = ", ".join(self._cell(cell, fit.kept_whole(row)) for row in rows[head_count:] for cell in row.cells)
        header = f"table.header(repeat: true, {cells_head}), " if head_count else ""
        return (
            f"#block(width: 100%, above: {_pt(space_before)}, below: {_pt(space_after)},"
            f" sticky: {'true' if table.keep_with_next else 'false'},"
            f" breakable: {'false' if table.keep_together and self._fits([table]) else 'true'})"
            f"[#set text(..{self._style_variable(style)});#set par(leading: {line - 1:.3f}em, justify: false,"
            f" first-line-indent: 0pt);"
            f"#table(columns: ({columns},), stroke: {stroke}, inset: (x: {_pt(measures.cell_padding_x_pt)},"
            f" y: {_pt(measures.cell_padding_y_pt + (line - 1) / 2 * self.stylesheet.styles[style].size)}),"
            f" align: left + horizon, {header}{cells_body})]"
        )

    def _cell(self, cell: Cell, kept_whole: bool) -> str:
        align = "center" if cell.header and cell.align == "left" else cell.align
        if align == "justify":
            align = "left"
        content = "#linebreak()".join(_inlines(inlines) for inlines in cell.inlines_by_paragraph)
        if cell.header:
            content = f"#strong[{content}]"
        spans = f", colspan: {cell.colspan}" if cell.colspan > 1 else ""
        # A row is not split (as CSS's tr { break-inside: avoid }) unless it could not fit a page: Typst
        # would let an unbreakable row run off the page, where a browser splits it. A cell merged down
        # many rows (a lot beside its items) breaks between them.
        spans += f", rowspan: {cell.rowspan}" if cell.rowspan > 1 else ""
        spans += ", breakable: false" if kept_whole and cell.rowspan == 1 else ", breakable: true"
        return f"table.cell(align: {align} + horizon{spans})[{content}]"


ROW_SHARE_OF_PAGE = 0.4  # a row estimated taller than this share of the text block may be split
KEPT_SHARE_OF_PAGE = 0.85  # blocks kept together estimated taller than this share may be split


class _RowFit:
    """Whether a table's row is short enough to be kept whole: its tallest cell estimated from its
    characters, the width of its columns and the table style's size and line spacing."""

    def __init__(self, table: Table, stylesheet: StyleSheet, style: StyleName) -> None:
        page = stylesheet.page
        text_style = stylesheet.styles[style]
        total = sum(table.column_widths)
        width_pt = page.text_width_mm * POINTS_PER_MM
        self.padding_y_pt = stylesheet.measures.cell_padding_y_pt
        padding_x_pt = stylesheet.measures.cell_padding_x_pt
        self.column_chars = [max(1.0, (width_pt * width / total - 2 * padding_x_pt) / text_style.size)
                             for width in table.column_widths]
        self.line_pt = text_style.size * text_style.line_spacing * CJK_SINGLE_LINE_EM
        self.room_pt = page.text_height_mm * POINTS_PER_MM * ROW_SHARE_OF_PAGE

    def kept_whole(self, row: Row) -> bool:
        return self.height_pt(row) <= self.room_pt

    def height_pt(self, row: Row) -> float:
        """The row's estimated height: its tallest cell's lines (cells after a merged one are counted
        from the first column, an estimate that errs towards more lines)."""
        column = 0
        tallest = 0.0
        for cell in row.cells:
            chars = sum(self.column_chars[column:column + cell.colspan]) or self.column_chars[-1]
            lines = sum(max(1, math.ceil(len(plain_text(inlines)) / chars)) for inlines in cell.inlines_by_paragraph)
            tallest = max(tallest, lines * self.line_pt + 2 * self.padding_y_pt)
            column += cell.colspan
        return tallest


def _tail_start(table: Table) -> int | None:
    """Where a table's last group of body rows starts (the rows the template joins, at least the last
    row), or None when the table cannot be cut there: no body row before it, or a cell spanning into it."""
    joined = table.rows_joined_to_next()
    cut = len(table.rows) - 1
    while cut > 0 and joined[cut - 1]:
        cut -= 1
    first_body = next((n for n, row in enumerate(table.rows) if not row.header), len(table.rows))
    if cut <= first_body:
        return None
    reach = [0] * len(table.rows)  # for each row, how far down the cells starting there span
    for number, row in enumerate(table.rows):
        reach[number] = number + max((cell.rowspan for cell in row.cells), default=1) - 1
    if any(reach[number] >= cut for number in range(cut)):
        return None
    return cut


# A long string without break opportunities (a serial number, a URL, a typing accident) wraps at the
# edge of its box instead of running off the page, as CSS's overflow-wrap: anywhere: each of its
# characters in a box of its own may end a line (Chinese breaks anywhere anyway). Nothing is added to
# the text: a zero-width space would be copied out of the PDF, and read by lint, with the text.
_UNBROKEN = re.compile(r"[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]{24,}")


def _breakable(text: str) -> str:
    """Markup printing `text`: string literals, long unbroken runs one boxed character at a time."""
    parts: list[str] = []
    start = 0
    for match in _UNBROKEN.finditer(text):
        if match.start() > start:
            parts.append(f"#{typst_string(text[start:match.start()])}")
        parts.append(f"#{{for c in {typst_string(match.group())}.clusters() {{ box(c) }}}}")
        start = match.end()
    if start < len(text):
        parts.append(f"#{typst_string(text[start:])}")
    return "".join(parts)


def _inlines(inlines: list[Inline]) -> str:
    parts: list[str] = []
    for inline in inlines:
        if isinstance(inline, Text):
            if not inline.text:
                continue
            text = _breakable(inline.text)
            if inline.underline:
                text = f"#underline[{text}]"
            if inline.italic:
                text = f"#emph[{text}]"
            if inline.bold:
                text = f"#strong[{text}]"
            parts.append(text)
        elif isinstance(inline, Blank):
            parts.append(f"#box(width: {inline.chars}em, height: 1em, baseline: {BLANK_BASELINE_EM}em,"
                         f" stroke: (bottom: {BLANK_RULE_VARIABLE}))")
        elif isinstance(inline, LineBreak):
            parts.append("#linebreak()")
    return "".join(parts)
