"""The document tree: the small, writer-neutral structure every template renders into.

Templates emit a documented subset of HTML (see :mod:`procdocs.doctree.parser` and
``docs/templates.md``); the parser turns it into these nodes; each writer (DOCX, PDF, HTML) walks
the same nodes. Nothing here knows about procurement — only about documents.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

Align = Literal["left", "center", "right", "justify"]

# Keeping blocks on one page is a property of the tree, declared once by the templates (a heading;
# <keep>…</keep> around a group; a signature block) and honoured by every paged writer:
#   keep_with_next  the block ends on the page where the next block starts (no page break after it);
#   keep_together   the block is never split across pages.
# Writers read these flags; none of them sets one.


# -- inline content ----------------------------------------------------------------------------

@dataclass
class Text:
    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False


@dataclass
class Blank:
    """A fill-in blank for the supplier: an underlined gap `chars` characters wide."""

    chars: int = 8


@dataclass
class LineBreak:
    pass


Inline = Text | Blank | LineBreak


# -- blocks --------------------------------------------------------------------------------------

@dataclass
class Heading:
    level: int  # 1–6, after section nesting has been applied
    inlines: list[Inline]
    align: Align = "left"
    page_break_before: bool = False  # chapters and forms start on a new page
    keep_with_next: bool = True  # a heading never ends a page: it stays with what it introduces
    keep_together: bool = True


@dataclass
class Paragraph:
    inlines: list[Inline]
    style: Literal["body", "title", "subtitle", "note"] = "body"
    align: Align = "justify"
    indent: bool = True  # first-line indent of two characters, as Chinese body text uses
    keep_with_next: bool = False
    keep_together: bool = False
    space_before: bool = False  # one empty line above, e.g. before a sign-off


@dataclass
class ListItem:
    label: str  # "1." / "（1）" / "•" — written as text, not Word numbering, so WPS shows it right
    inlines: list[Inline]


@dataclass
class ListBlock:
    items: list[ListItem]
    keep_with_next: bool = False
    keep_together: bool = False


@dataclass
class Cell:
    inlines_by_paragraph: list[list[Inline]]
    colspan: int = 1
    rowspan: int = 1
    header: bool = False
    align: Align = "left"


@dataclass
class Row:
    cells: list[Cell]
    header: bool = False  # repeated at the top of each page
    keep_with_next: bool = False  # a group's title row: never the last row on a page


@dataclass
class Table:
    rows: list[Row]
    column_widths: list[float]  # relative weights, one per grid column
    bordered: bool = True
    keep_with_next: bool = False
    keep_together: bool = False  # rows are never split in any table; this keeps the rows together

    @property
    def column_count(self) -> int:
        return len(self.column_widths)

    def rows_joined_to_next(self) -> list[bool]:
        """For each row, whether it may not end a page: the template keeps it with the next row
        (a group's title row, a lot's items under its merged lot cells). Rows merged by a rowspan
        are not joined by themselves: a long group (an item and its many requirements) kept whole
        left most of a page blank."""
        return [row.keep_with_next for row in self.rows[:-1]] + [False] * bool(self.rows)


@dataclass
class PageBreak:
    pass


@dataclass
class SignatureField:
    label: str
    value: list[Inline] = field(default_factory=list)  # empty: a blank for the signer


@dataclass
class Signature:
    """A right-aligned block of "label：value" lines, e.g. 投标人（盖章）：____ 日期：____."""

    fields: list[SignatureField]
    keep_with_next: bool = False
    keep_together: bool = True  # a signature block is signed as one: 「日期」 never goes to the next page


@dataclass
class Cover:
    """The cover page: its own page, without header, footer or page number."""

    blocks: list[Block]


@dataclass
class TableOfContents:
    """A contents page listing the headings down to `levels` that follow it."""

    title: str = "目　录"
    levels: int = 2


Block = Heading | Paragraph | ListBlock | Table | PageBreak | Signature | Cover | TableOfContents
Keepable = Heading | Paragraph | ListBlock | Table | Signature  # the blocks that carry the keep flags
KEEPABLE = (Heading, Paragraph, ListBlock, Table, Signature)
FRONT_MATTER = (Cover, TableOfContents)
def keep_runs(blocks: list[Block]) -> Iterator[list[Keepable] | Block]:
    """The blocks in order, each run chained by keep_with_next gathered in a list (one block alone is a
    run of one); a block that carries no keep flags (a page break, the cover, the contents) ends any run
    and comes on its own. Paged writers keep each run on a page as they can."""
    run: list[Keepable] = []
    for block in blocks:
        if not isinstance(block, KEEPABLE):
            if run:
                yield run
                run = []
            yield block
            continue
        run.append(block)
        if not block.keep_with_next:
            yield run
            run = []
    if run:
        yield run


# On the cover, paragraph styles are drawn larger: the style-sheet entry for each.
COVER_STYLES = {"title": "cover_title", "subtitle": "cover_subtitle"}


def cover_style(style: str) -> str:
    """The style-sheet entry a paragraph of this style is drawn with on the cover."""
    return COVER_STYLES.get(style, "cover_text")


def heading_style(level: int) -> str:
    """The style-sheet entry of a heading of this level (levels below 4 are drawn as 4)."""
    return f"heading{min(level, 4)}"


@dataclass
class Document:
    title: str  # metadata title and the title of the PDF
    subject: str  # metadata subject
    header: str  # running header text on every body page
    blocks: list[Block]
    # Page numbers are not part of the tree: they come from the layout stage (procdocs.writers.layout).

    @property
    def front_matter(self) -> list[Block]:
        """The cover and contents blocks at the start; the parser allows them nowhere else."""
        count = 0
        while count < len(self.blocks) and isinstance(self.blocks[count], FRONT_MATTER):
            count += 1
        return self.blocks[:count]

    @property
    def body(self) -> list[Block]:
        return self.blocks[len(self.front_matter):]

    def headings(self) -> list[Heading]:
        """The body's headings in order; their index is their identity in links and bookmarks."""
        return [block for block in self.body if isinstance(block, Heading)]

    def text_runs(self) -> Iterator[TextRun]:
        """Every piece of text the document prints, with its paragraph style and where it sits.

        The header and footer are included: they are printed on every page too.
        """
        yield TextRun("页眉", "header", [Text(self.header)])
        for block in self.front_matter:
            if isinstance(block, Cover):
                for run in Document(self.title, self.subject, "", block.blocks).text_runs():
                    if run.style != "header":
                        style = cover_style(run.style)
                        yield TextRun(f"封面{run.where}", style, run.inlines)
            elif isinstance(block, TableOfContents):
                yield TextRun("目录", "toc_title", [Text(block.title)])
                for heading in self.headings():
                    if heading.level <= block.levels:
                        yield TextRun("目录", "toc", heading.inlines)
        heading = ""
        for number, block in enumerate(self.body, 1):
            if isinstance(block, Heading):
                heading = plain_text(block.inlines)
                yield TextRun(f"标题「{heading}」", heading_style(block.level), block.inlines)
                continue
            where = f"「{heading}」下第 {number} 块" if heading else f"第 {number} 块"
            if isinstance(block, Paragraph):
                yield TextRun(where, block.style, block.inlines)
            elif isinstance(block, ListBlock):
                for item in block.items:
                    yield TextRun(f"{where}（列表项 {item.label}）", "body", [Text(item.label), *item.inlines])
            elif isinstance(block, Table):
                for row_number, row in enumerate(block.rows, 1):
                    for column, cell in enumerate(row.cells, 1):
                        for inlines in cell.inlines_by_paragraph:
                            yield TextRun(f"{where}（表格第 {row_number} 行第 {column} 格）", "table", inlines)
            elif isinstance(block, Signature):
                for signature_field in block.fields:
                    yield TextRun(f"{where}（签署栏「{signature_field.label}」）", "body",
                                  [Text(signature_field.label + "："), *signature_field.value])


@dataclass(frozen=True)
class TextRun:
    where: str  # a description an officer can find: 「一、项目基本情况」下第 5 块（表格第 2 行第 3 格）
    style: str  # the style-sheet entry that draws it: body, title, heading1, table, header …
    inlines: list[Inline]

    @property
    def text(self) -> str:
        return "".join(inline.text for inline in self.inlines if isinstance(inline, Text))


def plain_text(inlines: list[Inline]) -> str:
    parts: list[str] = []
    for inline in inlines:
        if isinstance(inline, Text):
            parts.append(inline.text)
        elif isinstance(inline, Blank):
            parts.append("_" * inline.chars)
        else:
            parts.append("\n")
    return "".join(parts)
