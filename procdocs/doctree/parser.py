"""Parse the HTML subset templates produce into the document tree.

The subset (documented in ``docs/templates.md``):

* blocks: ``h1``–``h4``; ``p``; ``ol``/``ul`` with ``li``; ``table`` with ``colgroup``/``col``,
  ``thead``, ``tbody``, ``tr``, ``th``, ``td`` (``colspan``, ``rowspan``); ``pagebreak``;
  ``signature`` with ``field``; ``section`` (headings inside are one level deeper); ``keep`` (the
  blocks inside stay on one page).
* front matter, only at the very start: ``cover`` (holding ``p`` and ``table``) and ``toc``.
* inline: ``strong``/``b``, ``em``/``i``, ``u``, ``br``, ``blank`` (a fill-in blank).

Anything else — an unknown tag, an unknown class or attribute, text outside a block — is an error
naming the template and line: a document must never silently lose content.

Whitespace follows the needs of Chinese text: a line break in the template source is dropped
(Chinese has no spaces between words), other runs of spaces become one space.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from procdocs.characters import first_refused
from procdocs.cnformat import chinese_number, strip_list_marker
from procdocs.doctree.nodes import (
    FRONT_MATTER,
    KEEPABLE,
    Align,
    Blank,
    Block,
    Cell,
    Cover,
    Heading,
    Inline,
    LineBreak,
    ListBlock,
    ListItem,
    PageBreak,
    Paragraph,
    Row,
    Signature,
    SignatureField,
    Table,
    TableOfContents,
    Text,
)
from procdocs.errors import Problem, TemplateError
from procdocs.input_limits import input_limit

MAX_HEADING_LEVEL = 6
_LARGEST_WIDTH = 1e6  # column widths are proportions; their sum must stay a finite number
_LONGEST_INTEGER = 18  # digits of any other whole-number attribute (a list's start): beyond any document
# From the start of a run of spaces only: tried inside the run, each try would scan to its end.
_BREAKING_WHITESPACE = re.compile(r"(?<![ \t\r\f\v])[ \t\r\f\v]*\n\s*")
_SPACES = re.compile(r"[ \t\r\f\v]+")

# Tags that never have content and may be written <tag> or <tag/>.
_VOID_TAGS = {"br", "col", "pagebreak", "blank", "toc"}
_INLINE_STYLE_TAGS = {"strong": "bold", "b": "bold", "em": "italic", "i": "italic", "u": "underline"}
_ALIGN_CLASSES: dict[str, Align] = {"left": "left", "center": "center", "right": "right", "justify": "justify"}

_ALLOWED: dict[str, dict[str, set[str] | None]] = {
    # tag: {attribute: allowed values, or None for free values}
    **{f"h{n}": {"class": {"center", "right", "new-page"}} for n in range(1, 5)},
    "p": {"class": {"title", "subtitle", "note", "center", "right", "left", "noindent", "keep-next", "space-before"}},
    "ol": {"type": {"1", "paren", "cn", "circled"}, "start": None, "class": {"keep-next"}},
    "ul": {"class": {"keep-next"}},
    "li": {},
    "table": {"class": {"plain"}},
    "colgroup": {},
    "col": {"width": None},
    "thead": {},
    "tbody": {},
    "tr": {"class": {"keep-next"}},
    "th": {"colspan": None, "rowspan": None, "class": {"left", "center", "right"}},
    "td": {"colspan": None, "rowspan": None, "class": {"left", "center", "right"}},
    "pagebreak": {},
    "cover": {},
    "toc": {"title": None, "levels": {"1", "2", "3"}},
    "signature": {},
    "field": {"label": None},
    "section": {},
    "keep": {},
    "strong": {}, "b": {}, "em": {}, "i": {}, "u": {},
    "br": {},
    "blank": {"chars": None},
}


def parse_document(html: str, source: str) -> list[Block]:
    """Parse rendered template output into blocks; raise TemplateError naming `source`."""
    parser = _TreeBuilder(source)
    parser.feed(html)
    parser.close()
    return parser.finish()


@dataclass
class _TableBuilder:
    widths: list[float] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    in_head: bool = False
    bordered: bool = True


class _TreeBuilder(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.blocks: list[Block] = []
        self.document_blocks = self.blocks  # self.blocks points into a <cover> while one is open
        self.open_tags: list[str] = []
        self.section_depth = 0
        self.style_counts = {"bold": 0, "italic": 0, "underline": 0}
        # The inline container text currently goes into (None: text is not allowed here).
        self.inlines: list[Inline] | None = None
        self.block_attrs: dict[str, str] = {}
        self.list_stack: list[tuple[ListBlock, str, int]] = []
        self.table: _TableBuilder | None = None
        self.row: Row | None = None
        self.cell: Cell | None = None
        self.signature: Signature | None = None
        self.keep_start: int | None = None  # index in self.blocks where the open <keep> group starts

    # -- errors --------------------------------------------------------------------------------

    def fail(self, message: str) -> TemplateError:
        line, _ = self.getpos()
        return TemplateError(Problem(f"模板输出第 {line} 行：{message}", file=self.source))

    def _documentable(self, text: str) -> str:
        """`text`, unless it holds a character no document may carry: spec strings are refused
        earlier, this catches a user template's own text (which the DOCX writer could not write)."""
        refused = first_refused(text)
        if refused is not None:
            raise self.fail(f"含有{refused.description}，请从模板中删除")
        return text

    # -- HTMLParser callbacks ------------------------------------------------------------------

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID_TAGS:
            self.handle_endtag(tag)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = self._check_attributes(tag, attrs)
        if tag in _INLINE_STYLE_TAGS:
            self._require_inline_context(tag)
            self.style_counts[_INLINE_STYLE_TAGS[tag]] += 1
        elif tag == "br":
            self._require_inline_context(tag)
            assert self.inlines is not None
            self.inlines.append(LineBreak())
            return
        elif tag == "blank":
            self._require_inline_context(tag)
            assert self.inlines is not None
            self.inlines.append(Blank(self._int_attr(attributes, "chars", 8, "templates.blank_chars")))
            return
        elif tag == "col":
            if self.table is None:
                raise self.fail("<col> 只能出现在 <table> 的 <colgroup> 中")
            self.table.widths.append(self._number_attr(attributes, "width", 1.0))
            return
        elif tag == "pagebreak":
            self._require_block_context(tag)
            self.blocks.append(PageBreak())
            return
        elif tag == "toc":
            self._require_front_matter_position(tag)
            levels = int(attributes.get("levels", "2"))
            self.blocks.append(TableOfContents(attributes.get("title") or "目　录", levels))
            return
        else:
            self._start_block(tag, attributes)
        self.open_tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID_TAGS:
            return
        if not self.open_tags or self.open_tags[-1] != tag:
            expected = f"</{self.open_tags[-1]}>" if self.open_tags else "没有未闭合的标签"
            raise self.fail(f"标签 </{tag}> 不匹配（应为 {expected}）")
        self.open_tags.pop()
        if tag in _INLINE_STYLE_TAGS:
            self.style_counts[_INLINE_STYLE_TAGS[tag]] -= 1
        else:
            self._end_block(tag)

    def handle_data(self, data: str) -> None:
        text = _SPACES.sub(" ", _BREAKING_WHITESPACE.sub("", self._documentable(data)))
        if not text:
            return
        if self.inlines is None:
            if text.strip():
                raise self.fail(f"文字「{text.strip()[:20]}」不在任何段落、标题或表格单元格中")
            return
        self.inlines.append(Text(
            text,
            bold=self.style_counts["bold"] > 0,
            italic=self.style_counts["italic"] > 0,
            underline=self.style_counts["underline"] > 0,
        ))

    def handle_comment(self, data: str) -> None:
        pass  # HTML comments in templates are notes for template authors

    def handle_decl(self, decl: str) -> None:
        raise self.fail(f"不支持 <!{decl}> 声明")

    def handle_pi(self, data: str) -> None:
        raise self.fail("不支持处理指令 <?…>")

    def unknown_decl(self, data: str) -> None:
        raise self.fail("不支持 CDATA 等声明")

    def close(self) -> None:
        super().close()
        if self.open_tags:
            raise self.fail(f"标签 <{self.open_tags[-1]}> 没有闭合")

    def finish(self) -> list[Block]:
        return self.blocks

    # -- validation helpers ------------------------------------------------------------------

    def _check_attributes(self, tag: str, attrs: list[tuple[str, str | None]]) -> dict[str, str]:
        if tag not in _ALLOWED:
            raise self.fail(f"不支持的标签 <{tag}>（可用标签见 docs/templates.md）")
        allowed = _ALLOWED[tag]
        attributes: dict[str, str] = {}
        for name, value in attrs:
            if name not in allowed:
                raise self.fail(f"<{tag}> 不支持属性 {name}")
            value = self._documentable(value or "")
            choices = allowed[name]
            if choices is not None:
                for word in value.split():
                    if word not in choices:
                        raise self.fail(f"<{tag} {name}=\"{value}\"> 中的「{word}」不可用（可用：{'、'.join(sorted(choices))}）")
            attributes[name] = value
        return attributes

    def _int_attr(self, attributes: dict[str, str], name: str, default: int, maximum: str | None = None) -> int:
        """A positive whole number; at most the input limit `maximum` (data/input_limits.yaml), since
        the writers lay out what a span or a blank asks for."""
        if name not in attributes:
            return default
        text = attributes[name].strip()
        if not (text.isascii() and text.isdigit()) or not text.strip("0"):
            raise self.fail(f"属性 {name}=\"{attributes[name]}\" 应为正整数")
        limit = input_limit(maximum) if maximum else None
        value = int(text) if len(text) <= _LONGEST_INTEGER else None  # int() refuses thousands of digits
        if value is None or (limit is not None and value > limit.value):
            most = f"，最多 {limit.text}" if limit is not None else ""
            raise self.fail(f"属性 {name}=\"{attributes[name]}\" 过大{most}")
        return value

    def _number_attr(self, attributes: dict[str, str], name: str, default: float) -> float:
        if name not in attributes:
            return default
        try:
            value = float(attributes[name].rstrip("%"))
        except ValueError:
            raise self.fail(f"属性 {name}=\"{attributes[name]}\" 应为数字") from None
        if not math.isfinite(value) or value <= 0:  # nan, inf and 1e308 (whose sum is inf) make no width
            raise self.fail(f"属性 {name}=\"{attributes[name]}\" 应为大于 0 的数字")
        if value > _LARGEST_WIDTH:
            raise self.fail(f"属性 {name}=\"{attributes[name]}\" 过大（各列宽度按比例分配，写成如 1、2 或 30%）")
        return value

    def _require_inline_context(self, tag: str) -> None:
        if self.inlines is None:
            raise self.fail(f"<{tag}> 只能出现在段落、标题、列表项或单元格中")

    def _require_front_matter_position(self, tag: str) -> None:
        self._require_block_context(tag)
        if self.blocks is not self.document_blocks or self.section_depth:
            raise self.fail(f"<{tag}> 不能嵌套在其他元素中")
        if any(not isinstance(block, FRONT_MATTER) for block in self.blocks):
            raise self.fail(f"<{tag}> 只能出现在文件开头（封面、目录在正文之前）")

    def _require_block_context(self, tag: str) -> None:
        if self.inlines is not None or self.table is not None or self.signature is not None or self.list_stack:
            raise self.fail(f"<{tag}> 不能嵌套在段落、列表、表格或签署栏中")

    # -- blocks --------------------------------------------------------------------------------

    def _start_block(self, tag: str, attributes: dict[str, str]) -> None:
        classes = set(attributes.get("class", "").split())
        if tag == "section":
            self._require_block_context(tag)
            self.section_depth += 1
        elif tag == "keep":
            self._require_block_context(tag)
            if self.keep_start is not None:
                raise self.fail("<keep> 不能嵌套在另一个 <keep> 中")
            if self.blocks is not self.document_blocks:
                raise self.fail("<keep> 不能用在 <cover> 中（封面本身单独成页）")
            self.keep_start = len(self.blocks)
        elif tag == "cover":
            self._require_front_matter_position(tag)
            self.blocks = []
        elif tag in {"h1", "h2", "h3", "h4", "p"}:
            self._require_block_context(tag)
            self.inlines = []
            self.block_attrs = {"class": " ".join(sorted(classes))}
        elif tag in {"ol", "ul"}:
            if self.inlines is not None or self.table is not None or self.signature is not None:
                raise self.fail(f"<{tag}> 不能嵌套在段落、表格或签署栏中")
            kind = attributes.get("type", "1") if tag == "ol" else "bullet"
            block = ListBlock([], keep_with_next="keep-next" in classes)
            self.list_stack.append((block, kind, self._int_attr(attributes, "start", 1)))
        elif tag == "li":
            if not self.list_stack or self.inlines is not None:
                raise self.fail("<li> 只能直接出现在 <ol> 或 <ul> 中")
            self.inlines = []
        elif tag == "table":
            self._require_block_context(tag)
            self.table = _TableBuilder(bordered="plain" not in classes)
        elif tag in {"colgroup", "thead", "tbody"}:
            if self.table is None or self.row is not None:
                raise self.fail(f"<{tag}> 只能直接出现在 <table> 中")
            if tag == "thead":
                self.table.in_head = True
        elif tag == "tr":
            if self.table is None or self.row is not None:
                raise self.fail("<tr> 只能出现在 <table>、<thead> 或 <tbody> 中")
            self.row = Row([], header=self.table.in_head, keep_with_next="keep-next" in classes)
        elif tag in {"td", "th"}:
            if self.row is None or self.cell is not None:
                raise self.fail(f"<{tag}> 只能直接出现在 <tr> 中")
            align = next((_ALIGN_CLASSES[c] for c in classes if c in _ALIGN_CLASSES), "center" if tag == "th" else "left")
            self.cell = Cell([], colspan=self._int_attr(attributes, "colspan", 1, "templates.table_columns"),
                             rowspan=self._int_attr(attributes, "rowspan", 1, "templates.table_rowspan"),
                             header=tag == "th", align=align)
            self.inlines = []
        elif tag == "signature":
            self._require_block_context(tag)
            self.signature = Signature([])
        elif tag == "field":
            if self.signature is None or self.inlines is not None:
                raise self.fail("<field> 只能直接出现在 <signature> 中")
            if not attributes.get("label"):
                raise self.fail("<field> 须有 label 属性，如 <field label=\"投标人（盖章）\">")
            self.signature.fields.append(SignatureField(attributes["label"]))
            self.inlines = self.signature.fields[-1].value
        else:  # pragma: no cover - every allowed tag is handled above
            raise self.fail(f"不支持的标签 <{tag}>")

    def _end_block(self, tag: str) -> None:
        if tag == "section":
            self.section_depth -= 1
        elif tag == "keep":
            self._keep_group()
        elif tag == "cover":
            if any(isinstance(block, (Heading, PageBreak, Signature, ListBlock)) for block in self.blocks):
                raise self.fail("<cover> 中只能有段落和表格")
            cover = Cover(self.blocks)
            self.blocks = self.document_blocks
            self.blocks.append(cover)
        elif tag in {"h1", "h2", "h3", "h4"}:
            level = int(tag[1]) + self.section_depth
            if level > MAX_HEADING_LEVEL:
                raise self.fail(f"标题层级 {level} 超过 {MAX_HEADING_LEVEL} 级（<section> 嵌套过深）")
            classes = self.block_attrs.get("class", "").split()
            align: Align = "center" if "center" in classes else "right" if "right" in classes else "left"
            self.blocks.append(Heading(level, _trim(self._take_inlines()), align=align,
                                       page_break_before="new-page" in classes))
        elif tag == "p":
            self.blocks.append(self._paragraph(self._take_inlines()))
        elif tag in {"ol", "ul"}:
            block, _, _ = self.list_stack.pop()
            self.blocks.append(block)
        elif tag == "li":
            block, kind, start = self.list_stack[-1]
            label = _list_label(kind, start + len(block.items))
            block.items.append(ListItem(label, _unmarked(_trim(self._take_inlines()))))
        elif tag == "table":
            assert self.table is not None
            self.blocks.append(self._finish_table(self.table))
            self.table = None
        elif tag == "thead":
            assert self.table is not None
            self.table.in_head = False
        elif tag == "tr":
            assert self.table is not None and self.row is not None
            self.table.rows.append(self.row)
            self.row = None
        elif tag in {"td", "th"}:
            assert self.row is not None and self.cell is not None
            self.cell.inlines_by_paragraph = _split_cell_paragraphs(self._take_inlines())
            self.row.cells.append(self.cell)
            self.cell = None
        elif tag == "signature":
            assert self.signature is not None
            if not self.signature.fields:
                raise self.fail("<signature> 中至少需要一个 <field>")
            # A signature block signs the text above it: it never stands alone at the top of a page.
            if self.blocks and isinstance(self.blocks[-1], KEEPABLE):
                self.blocks[-1].keep_with_next = True
            self.blocks.append(self.signature)
            self.signature = None
        elif tag == "field":
            assert self.signature is not None
            self.signature.fields[-1].value[:] = _trim(self.signature.fields[-1].value)
            self.inlines = None

    def _keep_group(self) -> None:
        """Mark the blocks of the closing <keep> as one unit: none is split, none is parted from
        the next, the last one's own keep_with_next (a heading's) left as it is."""
        assert self.keep_start is not None
        group = self.blocks[self.keep_start:]
        self.keep_start = None
        if not group:
            raise self.fail("<keep> 中没有任何内容")
        for block in group:
            if not isinstance(block, KEEPABLE):
                raise self.fail("<keep> 中只能有标题、段落、列表、表格和签署栏（不能有分页符、封面或目录）")
            block.keep_together = True
        for block in group[:-1]:
            assert isinstance(block, KEEPABLE)
            block.keep_with_next = True

    def _take_inlines(self) -> list[Inline]:
        inlines = self.inlines or []
        self.inlines = None
        return inlines

    def _paragraph(self, inlines: list[Inline]) -> Paragraph:
        classes = set(self.block_attrs.get("class", "").split())
        style = next((s for s in ("title", "subtitle", "note") if s in classes), "body")
        align: Align = next((_ALIGN_CLASSES[c] for c in ("center", "right", "left") if c in classes), "justify")
        if style in {"title", "subtitle"}:
            align = "center"
        indent = style == "body" and align == "justify" and "noindent" not in classes
        return Paragraph(_trim(inlines), style=style, align=align, indent=indent,
                         keep_with_next="keep-next" in classes, space_before="space-before" in classes)

    def _finish_table(self, builder: _TableBuilder) -> Table:
        grid_columns = _grid_width(builder.rows)
        if grid_columns == 0:
            raise self.fail("<table> 中没有任何单元格")
        most = input_limit("templates.table_columns")
        if grid_columns > most.value:
            raise self.fail(f"<table> 有 {grid_columns:,} 列，超过上限 {most.text}")
        widths = builder.widths or [1.0] * grid_columns
        if len(widths) != grid_columns:
            raise self.fail(f"<colgroup> 定义了 {len(widths)} 列，但表格实际有 {grid_columns} 列")
        return Table(builder.rows, widths, bordered=builder.bordered)


def _grid_width(rows: list[Row]) -> int:
    """Number of grid columns once rowspans carried down from rows above are counted."""
    carried: dict[int, int] = {}  # column -> rows still covered by a rowspan from above
    width = 0
    for row in rows:
        column = 0
        next_carried: dict[int, int] = {c: n - 1 for c, n in carried.items() if n > 1}
        for cell in row.cells:
            while carried.get(column, 0) > 0:
                column += 1
            if cell.rowspan > 1:
                for offset in range(cell.colspan):
                    next_carried[column + offset] = cell.rowspan - 1
            column += cell.colspan
        while carried.get(column, 0) > 0:
            column += 1
        width = max(width, column)
        carried = next_carried
    return width


def _split_cell_paragraphs(inlines: list[Inline]) -> list[list[Inline]]:
    """A cell holds lines separated by <br>; each becomes its own paragraph in the writers."""
    paragraphs: list[list[Inline]] = [[]]
    for inline in inlines:
        if isinstance(inline, LineBreak):
            paragraphs.append([])
        else:
            paragraphs[-1].append(inline)
    return [_trim(p) for p in paragraphs]


def _trim(inlines: list[Inline]) -> list[Inline]:
    """Drop spaces at the start and end of a block, and empty text runs."""
    result = [i for i in inlines if not (isinstance(i, Text) and not i.text)]
    if result and isinstance(result[0], Text):
        result[0] = Text(result[0].text.lstrip(), result[0].bold, result[0].italic, result[0].underline)
    if result and isinstance(result[-1], Text):
        result[-1] = Text(result[-1].text.rstrip(), result[-1].bold, result[-1].italic, result[-1].underline)
    return [i for i in result if not (isinstance(i, Text) and not i.text)]


def _unmarked(inlines: list[Inline]) -> list[Inline]:
    """A list item without the marker typed before its text: the list writes its own label ("6.")."""
    if inlines and isinstance(inlines[0], Text):
        first = inlines[0]
        inlines = [Text(strip_list_marker(first.text), first.bold, first.italic, first.underline), *inlines[1:]]
    return [i for i in inlines if not (isinstance(i, Text) and not i.text)]


def _list_label(kind: str, number: int) -> str:
    if kind == "bullet":
        return "•"
    if kind == "paren":
        return f"（{number}）"
    if kind == "cn":
        return chinese_number(number) + "、"
    if kind == "circled":
        return chr(0x2460 + number - 1) if number <= 20 else f"({number})"
    return f"{number}."
