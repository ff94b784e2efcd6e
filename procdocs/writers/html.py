"""HTML writer: the document tree as a standalone, print-ready HTML page.

Where the typst package is missing, the layout stage renders this same HTML with WeasyPrint for the
PDF (elsewhere Typst typesets the tree from the same style sheet, procdocs.writers.typeset). The CSS
is the static layout sheet (``common/styles/print.css``) followed by rules generated from the shared
style sheet (fonts, sizes, spacing, page setup).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, BinaryIO, Literal

from procdocs.doctree.nodes import (
    Blank,
    Block,
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
    keep_runs,
)
from procdocs.escaping import css_string, html_attribute, html_text
from procdocs.styles import StyleName, StyleSheet
from procdocs.writers.base import (
    CJK_SINGLE_LINE_EM,
    FOOTER_TEXT,
    SIGNATURE_BLANK_CHARS,
    Assets,
    contents_entries,
    contents_line_spacing,
    signature_indent_pt,
)

if TYPE_CHECKING:  # the layout stage renders this module's HTML: only its type is needed here
    from procdocs.writers.layout import Layout

Part = Literal["all", "front", "body"]


def write(document: Document, assets: Assets, target: BinaryIO, layout: Layout | None) -> None:
    """A browser has no pages: the layout is not used (the contents are links only)."""
    target.write(document_html(document, assets).encode("utf-8"))


def document_html(document: Document, assets: Assets, part: Part = "all",
                  toc_pages: dict[int, int] | None = None) -> str:
    """The document (or only its front matter or body, for the layout stage) as one HTML page.

    `toc_pages` gives the contents page its page numbers (heading index -> page); without it the
    contents are links only, as in a browser, where pages do not exist.
    """
    css = assets.print_css + "\n" + generated_css(assets.stylesheet, document.header)
    writer = _BlockWriter(document, assets.stylesheet, toc_pages or {})
    blocks = {"all": document.blocks, "front": document.front_matter, "body": document.body}[part]
    body = "\n".join(writer.blocks(blocks))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html_text(document.title)}</title>\n"
        f'<meta name="description" content="{html_attribute(document.subject)}">\n'
        '<meta name="generator" content="procdocs">\n'
        f"<style>\n{css}\n</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


# -- CSS from the style sheet ----------------------------------------------------------------------

_SELECTORS: dict[StyleName, str] = {
    "body": "body, p, .list p",
    "title": "p.title",
    "subtitle": "p.subtitle",
    "heading1": "h1",
    "heading2": "h2",
    "heading3": "h3",
    "heading4": "h4, h5, h6",
    "table": "table, th, td",
    "note": "p.note",
    # The cover and the contents draw with their own styles, as in the DOCX.
    "cover_text": ".cover p, .cover td",
    "cover_title": ".cover p.title",
    "cover_subtitle": ".cover p.subtitle",
    "toc_title": ".toc-title",
    "toc": ".toc-entry",
}


HEADING_LEVELS = 6  # h1 … h6: the deepest a contents entry can be


def generated_css(stylesheet: StyleSheet, header: str) -> str:
    page = stylesheet.page
    header_style = stylesheet.styles["header"]
    footer_style = stylesheet.styles["footer"]
    # The header and footer boxes are given the page's whole width: with `width: auto`, WeasyPrint
    # measures the preferred widths of the three boxes of the row on every page to share the width out
    # (CSS Paged Media 6.3.2), about a fifth of a long document's layout; the centre box alone gets all
    # of it either way, so the pages are the same (checked pixel by pixel on every bundled example).
    rules = [
        "@page {\n"
        f"  size: {page.width_mm}mm {page.height_mm}mm;\n"
        f"  margin: {page.margin_top_mm}mm {page.margin_right_mm}mm {page.margin_bottom_mm}mm {page.margin_left_mm}mm;\n"
        f"  @top-center {{ content: {css_string(header)}; font-family: {_font_stack(stylesheet, 'header')};"
        f" font-size: {header_style.size}pt; width: 100%; }}\n"
        f"  @bottom-center {{ content: {css_string(FOOTER_TEXT[0])} counter(page) {css_string(FOOTER_TEXT[1])}"
        f" counter(pages) {css_string(FOOTER_TEXT[2])}; font-family: {_font_stack(stylesheet, 'footer')};"
        f" font-size: {footer_style.size}pt; width: 100%; }}\n"
        "}",
    ]
    for name, selector in _SELECTORS.items():
        style = stylesheet.styles[name]
        rules.append(
            f"{selector} {{ font-family: {_font_stack(stylesheet, name)}; font-size: {style.size}pt;"
            f" font-weight: {'bold' if style.bold else 'normal'};"
            f" line-height: {style.line_spacing * CJK_SINGLE_LINE_EM:.3f};"
            f" margin-top: {style.space_before_pt}pt; margin-bottom: {style.space_after_pt}pt; }}"
        )
    body_size = stylesheet.styles["body"].size
    body_line = body_size * stylesheet.styles["body"].line_spacing * CJK_SINGLE_LINE_EM
    rules.append(f".indent {{ text-indent: {2 * body_size}pt; }}"
                 f" p.space-before {{ margin-top: {body_line}pt; }}")
    measures = stylesheet.measures
    rules += [
        f"table {{ margin: {measures.table_space_before_pt}pt 0 {measures.table_space_after_pt}pt 0; }}",
        f"table.grid th, table.grid td {{ border: {measures.rule_pt}pt solid #000; }}",
        f"th, td {{ padding: {measures.cell_padding_y_pt}pt {measures.cell_padding_x_pt}pt; }}",
        f".blank {{ border-bottom: {measures.blank_rule_pt}pt solid #000; }}",
        f".signature {{ margin-top: {measures.signature_space_before_pt}pt; }}"
        f" .signature p {{ margin-bottom: {measures.signature_line_space_pt}pt; }}",
        *(f".toc-{level} {{ padding-left: {measures.contents_indent_em * (level - 1)}em; }}"
          for level in range(2, HEADING_LEVELS + 1)),
    ]
    return "\n".join(rules)


def _font_stack(stylesheet: StyleSheet, style: StyleName) -> str:
    return ", ".join(css_string(family) for family in stylesheet.font_of(style).pdf)


# -- blocks ---------------------------------------------------------------------------------------

def heading_anchor(index: int) -> str:
    """The id of the index-th body heading: the target of contents links and bookmarks."""
    return f"h{index}"


class _BlockWriter:
    def __init__(self, document: Document, stylesheet: StyleSheet, toc_pages: dict[int, int]) -> None:
        self.document = document
        self.stylesheet = stylesheet
        self.toc_pages = toc_pages
        self.heading_index = {id(heading): index for index, heading in enumerate(document.headings())}

    def blocks(self, blocks: list[Block]) -> list[str]:
        """The blocks' HTML, each run of blocks kept together wrapped in one unbreakable box.

        A run is blocks chained by keep_with_next. When every block of it is also kept together
        (a heading with a signature block, a caption with a short table), one ``div.keep`` with
        ``break-inside: avoid`` holds it: WeasyPrint honours that reliably, unlike ``break-after:
        avoid`` between siblings. Otherwise each block keeps its own ``keep-next`` class, so that a
        heading before a long table does not drag the whole table to the next page.
        """
        return [self.run(item) if isinstance(item, list) else self.block(item) for item in keep_runs(blocks)]

    def run(self, run: list[Keepable]) -> str:
        html = "".join(self.block(block) for block in run)
        if len(run) > 1 and all(block.keep_together for block in run):
            return f'<div class="keep">{html}</div>'
        return html

    def block(self, block: Block) -> str:
        if isinstance(block, Heading):
            level = min(block.level, 6)
            classes = block.align + (" new-page" if block.page_break_before else "") + _keep_classes(block)
            anchor = self.heading_index.get(id(block))
            ident = f' id="{heading_anchor(anchor)}"' if anchor is not None else ""
            return f'<h{level}{ident} class="{classes}">{_inlines_html(block.inlines)}</h{level}>'
        if isinstance(block, Paragraph):
            classes = [block.style, block.align]
            if block.indent:
                classes.append("indent")
            if block.space_before:
                classes.append("space-before")
            return f'<p class="{" ".join(classes)}{_keep_classes(block)}">{_inlines_html(block.inlines)}</p>'
        if isinstance(block, ListBlock):
            items = "".join(
                f'<p class="body justify indent">{html_text(item.label)}{_inlines_html(item.inlines)}</p>'
                for item in block.items
            )
            return f'<div class="list{_keep_classes(block)}">{items}</div>'
        if isinstance(block, Table):
            return _table_html(block)
        if isinstance(block, PageBreak):
            return '<div class="page-break"></div>'
        if isinstance(block, Signature):
            indent = signature_indent_pt(block, self.stylesheet)
            lines = "".join(
                f'<p class="body left">{html_text(field.label)}：'
                f'{_inlines_html(field.value or [Blank(SIGNATURE_BLANK_CHARS)])}</p>'
                for field in block.fields
            )
            return (f'<div class="signature{_keep_classes(block)}" style="margin-left: {indent:.1f}pt">'
                    f"{lines}</div>")
        if isinstance(block, Cover):
            return '<div class="cover">' + "".join(self.blocks(block.blocks)) + "</div>"
        if isinstance(block, TableOfContents):
            return self.contents(block)
        raise TypeError(f"unknown block {block!r}")  # pragma: no cover

    def contents(self, toc: TableOfContents) -> str:
        entries = []
        # "1.5 倍行距" is 1.5 × 1.3 em in CSS: the leading officers know from Word.
        line_height = contents_line_spacing(self.document, toc, self.stylesheet) * CJK_SINGLE_LINE_EM
        listed = {id(heading) for heading in contents_entries(self.document, toc)}
        for index, heading in enumerate(self.document.headings()):
            if id(heading) not in listed:
                continue
            page = self.toc_pages.get(index)
            number = f' data-page="{page}"' if page is not None else ""
            entries.append(f'<p class="toc-entry toc-{heading.level}" style="line-height: {line_height:.3f}">'
                           f'<a href="#{heading_anchor(index)}"{number}>{_inlines_html(heading.inlines)}</a></p>')
        return f'<nav class="toc"><p class="toc-title">{html_text(toc.title)}</p>{"".join(entries)}</nav>'


def _keep_classes(block: Keepable) -> str:
    """` keep-next` (break-after: avoid) and ` keep` (break-inside: avoid) as the block asks."""
    return (" keep-next" if block.keep_with_next else "") + (" keep" if block.keep_together else "")


def _table_html(table: Table) -> str:
    total = sum(table.column_widths)
    columns = "".join(f'<col style="width: {100 * width / total:.3f}%">' for width in table.column_widths)
    head_rows: list[Row] = []
    for row in table.rows:
        if not row.header:
            break
        head_rows.append(row)
    body_rows = table.rows[len(head_rows):]
    parts = [f'<table class="{"grid" if table.bordered else "plain"}{_keep_classes(table)}"><colgroup>{columns}</colgroup>']
    if head_rows:
        parts.append("<thead>" + "".join(_row_html(row) for row in head_rows) + "</thead>")
    parts.extend(_body_groups_html(body_rows, table.rows_joined_to_next()[len(head_rows):]))
    parts.append("</table>")
    return "".join(parts)


def _body_groups_html(rows: list[Row], joined: list[bool]) -> list[str]:
    """The body rows in <tbody> groups: rows the template joins (a title row and the row after it, a
    lot's items) form a group that is not split (` keep`), as a single row is not; the other rows
    share plain groups."""
    groups: list[tuple[bool, list[Row]]] = []
    run: list[Row] = []
    for row, runs_on in zip(rows, joined, strict=True):
        run.append(row)
        if runs_on:
            continue
        kept = len(run) > 1
        if not kept and groups and not groups[-1][0]:
            groups[-1][1].extend(run)
        else:
            groups.append((kept, run))
        run = []
    keep = ' class="keep"'
    return [f"<tbody{keep if kept else ''}>" + "".join(_row_html(row) for row in group) + "</tbody>"
            for kept, group in groups]


def _row_html(row: Row) -> str:
    cells = []
    for cell in row.cells:
        tag = "th" if cell.header else "td"
        spans = ""
        if cell.colspan > 1:
            spans += f' colspan="{cell.colspan}"'
        if cell.rowspan > 1:
            spans += f' rowspan="{cell.rowspan}"'
        content = "<br>".join(_inlines_html(inlines) for inlines in cell.inlines_by_paragraph)
        cells.append(f'<{tag}{spans} class="{cell.align}">{content}</{tag}>')
    return "<tr>" + "".join(cells) + "</tr>"


def _inlines_html(inlines: list[Inline]) -> str:
    parts: list[str] = []
    for inline in inlines:
        if isinstance(inline, Text):
            text = html_text(inline.text)
            if inline.underline:
                text = f"<u>{text}</u>"
            if inline.italic:
                text = f"<em>{text}</em>"
            if inline.bold:
                text = f"<strong>{text}</strong>"
            parts.append(text)
        elif isinstance(inline, Blank):
            parts.append(f'<span class="blank" style="width: {inline.chars}em"></span>')
        elif isinstance(inline, LineBreak):
            parts.append("<br>")
    return "".join(parts)
