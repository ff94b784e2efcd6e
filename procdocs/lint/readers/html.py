"""HTML (.html/.htm): headings, paragraphs, list items, table cells.

The tokens come from ``_markup`` (linear time whatever the markup: the standard library's parser
is quadratic on unclosed constructs and raises on some).

``h1``–``h6`` are headings (``heading_level``); ``p``, ``li``, ``div`` and the other block elements
end a block; ``br`` is a line break inside one. Tables give one block per cell with table/row/column
(grid columns, honouring ``colspan``/``rowspan``); the column headers are the rows of ``thead`` (the
lowest wins), else the table's first row if it has ``th`` cells or reads as headers (short cells, none
a “label：”); the row header is the row's first cell, or its second where the first only numbers the
row (序号); a cell's ``context`` joins the cells to its left (``_text.row_context``: 企业所在地：3分), so
that a criterion is read with its factor. A row's cells are emitted when the row ends. Text in ``head``, ``script``, ``style``,
``template`` and ``noscript`` is ignored. Whitespace is collapsed as a browser does; a source line
break between two Chinese characters is dropped.
``Location.line`` is the source line where the block's text starts. Missing end tags (``</p>``,
``</td>``, ``</tr>``, ``</li>``) are tolerated.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path

from procdocs.input_limits import input_limit
from procdocs.inputs import read_input
from procdocs.lint.model import Block, Location
from procdocs.lint.readers import BlockList, LintInputError, fail
from procdocs.lint.readers._markup import EndTag, StartTag, tokens
from procdocs.lint.readers._text import (
    collapse_spaces,
    decode,
    looks_like_header_row,
)
from procdocs.lint.sections import CONTEXT_CELLS, is_sequence_number, row_context

_SKIP = {"head", "script", "style", "template", "noscript", "title", "iframe", "noembed", "noframes"}
_BLOCK = {
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "section", "article", "header", "footer",
    "address", "figure", "figcaption", "caption", "form", "fieldset", "legend", "main", "nav", "aside",
    "center", "hr", "pre", "body", "html",
}
_HEADINGS = {f"h{level}": level for level in range(1, 7)}
# A hard line break inside a block (br, a block boundary inside a table cell, a newline in pre): a
# character decode() never lets through, so that it cannot be confused with a newline in the source.
_BREAK = "\x00"


@dataclass
class _Cell:
    column: int  # first grid column, 1-based
    colspan: int
    rowspan: int
    header: bool  # a th
    pieces: list[str] = field(default_factory=list)
    line: int | None = None
    text: str = ""


@dataclass
class _Table:
    number: int
    row: int = 0
    in_thead: bool = False
    thead_rows: int = 0
    header_rows: int = 0  # leading rows that are column headers
    next_column: int = 1
    row_open: bool = False
    covered: dict[int, tuple[int, str]] = field(default_factory=dict)  # grid column -> (rows still spanned, text)
    header: dict[int, str] = field(default_factory=dict)  # grid column -> header text
    cells: list[_Cell] = field(default_factory=list)  # the current row's finished cells
    cell: _Cell | None = None


class _TooBig(Exception):
    """The document's tables exceed a limit: (message, source line)."""


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.blocks: list[Block] = BlockList()
        self.skip = 0
        self.pre = 0
        self.heading: int | None = None
        self.pieces: list[str] = []
        self.line: int | None = None
        self.tables: list[_Table] = []
        self.table_count = 0
        self.grid_cells = 0  # grid positions the tables have occupied so far
        self.max_grid_cells = input_limit("lint.table_grid_cells")
        self.max_depth = input_limit("lint.table_depth")
        self.offset = 0  # of the token being handled
        self.counted = (0, 1)  # (offset, its line): lines are counted on from the last offset asked about

    def read(self) -> list[Block]:
        for token in tokens(self.source):
            self.offset = token.offset
            if isinstance(token, StartTag):
                self.handle_starttag(token.name, token.attributes)
            elif isinstance(token, EndTag):
                self.handle_endtag(token.name)
            else:
                self.handle_data(token.data)
        self.close()
        return self.blocks

    def line_at(self, offset: int) -> int:
        """The 1-based source line of `offset`; offsets asked about only grow, so counting is linear."""
        counted, line = self.counted
        if offset >= counted:
            line += self.source.count("\n", counted, offset)
        else:
            line -= self.source.count("\n", offset, counted)
        self.counted = (offset, line)
        return line

    # -- text --------------------------------------------------------------------------------

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        cell = self.tables[-1].cell if self.tables else None
        pieces = cell.pieces if cell else self.pieces
        has_line = cell.line if cell else self.line
        if has_line is None and data.strip():
            line = self.line_at(self.offset + len(data) - len(data.lstrip()))
            if cell:
                cell.line = line
            else:
                self.line = line
        pieces.append(data if not self.pre else data.replace("\n", _BREAK))

    def _break(self) -> None:
        """A block boundary: inside a table cell a line break, elsewhere the end of a block."""
        if self.tables and self.tables[-1].cell:
            self.tables[-1].cell.pieces.append(_BREAK)
        else:
            self._flush()

    def _flush(self, heading_level: int | None = None) -> None:
        text = _text(self.pieces, self.pre > 0)
        if text:
            self.blocks.append(Block(text, Location(line=self.line), heading_level=heading_level))
        self.pieces = []
        self.line = None

    # -- tags --------------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: dict[str, str]) -> None:
        if tag in _SKIP:
            self.skip += 1
            return
        if self.skip:
            return
        if tag == "br":
            (self.tables[-1].cell.pieces if self.tables and self.tables[-1].cell else self.pieces).append(_BREAK)
        elif tag in _HEADINGS:
            self._break()
            self.heading = _HEADINGS[tag]
        elif tag == "pre":
            self._break()
            self.pre += 1
        elif tag in _BLOCK:
            self._break()
        elif tag == "table":
            self._break()
            if len(self.tables) >= self.max_depth.value:
                raise _TooBig(f"表格嵌套超过 {self.max_depth.text}，不像是正常的采购文件，已拒绝读取",
                              self.line_at(self.offset))
            self.table_count += 1
            self.tables.append(_Table(self.table_count))
        elif self.tables:
            table = self.tables[-1]
            if tag == "thead":
                table.in_thead = True
            elif tag in ("tbody", "tfoot"):
                self._end_row(table)
                table.in_thead = False
            elif tag == "tr":
                self._start_row(table)
            elif tag in ("td", "th"):
                if not table.row_open:
                    self._start_row(table)
                self._end_cell(table)
                self._start_cell(table, attrs, tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag in _HEADINGS:
            if self.tables and self.tables[-1].cell:
                self._break()
            else:
                self._flush(self.heading)
            self.heading = None
        elif tag == "pre":
            self._break()
            self.pre = max(0, self.pre - 1)
        elif tag in _BLOCK:
            self._break()
        elif tag == "table" and self.tables:
            table = self.tables.pop()
            self._end_row(table)
        elif self.tables:
            table = self.tables[-1]
            if tag in ("td", "th"):
                self._end_cell(table)
            elif tag == "tr":
                self._end_row(table)
            elif tag == "thead":
                self._end_row(table)
                table.in_thead = False

    def close(self) -> None:
        while self.tables:
            self._end_row(self.tables.pop())
        self._flush(self.heading)

    # -- tables ------------------------------------------------------------------------------

    def _start_row(self, table: _Table) -> None:
        self._end_row(table)
        table.row += 1
        table.row_open = True
        table.next_column = 1
        if table.in_thead:
            table.thead_rows = table.row

    def _start_cell(self, table: _Table, attrs: dict[str, str], tag: str) -> None:
        column = table.next_column
        while column in table.covered:
            column += 1
        colspan, rowspan = _span(attrs.get("colspan")), _span(attrs.get("rowspan"))
        self._occupy(colspan)  # counted as the cell opens: a row that never ends still holds its cells
        table.next_column = column + colspan
        table.cell = _Cell(column, colspan, rowspan, header=tag == "th")

    def _end_cell(self, table: _Table) -> None:
        cell = table.cell
        if cell is not None:
            table.cell = None
            cell.text = _text(cell.pieces, self.pre > 0)
            table.cells.append(cell)

    def _end_row(self, table: _Table) -> None:
        """Emit the finished row's cells, now that the whole row (and so its row header) is known."""
        self._end_cell(table)
        if not table.row_open:
            return
        table.row_open = False
        cells, table.cells = table.cells, []
        if table.in_thead:
            table.header_rows = table.row
        elif table.row == 1 and not table.thead_rows and (
                any(cell.header for cell in cells) or looks_like_header_row([cell.text for cell in cells])):
            table.header_rows = 1
        is_header = table.row <= table.header_rows
        # Cells spanned down from the rows above count for the row header, not for emission.
        by_column = {column: text for column, (_, text) in table.covered.items()}
        by_column.update({cell.column: cell.text for cell in cells})
        columns = sorted(by_column)[:2]
        head = columns[0] if columns else None
        if head is not None and len(columns) > 1 and (not by_column[head] or is_sequence_number(by_column[head])):
            head = columns[1]
        ordered = sorted(by_column)
        for cell in cells:
            if is_header:
                for spanned in range(cell.column, cell.column + cell.colspan):
                    table.header[spanned] = cell.text
            if cell.text:
                location = Location(line=cell.line, table=table.number, row=table.row, column=cell.column)
                left = ordered[max(0, bisect_left(ordered, cell.column) - CONTEXT_CELLS):bisect_left(ordered, cell.column)]
                self.blocks.append(Block(
                    cell.text, location,
                    column_header=None if is_header else table.header.get(cell.column) or None,
                    row_header=by_column[head] or None if head is not None and not is_header and head < cell.column
                    else None,
                    context="" if is_header else row_context([by_column[column] for column in left]),
                ))
        # The positions covered from above (its own cells were counted as they opened); a row counts
        # at least one, so that millions of empty rows are bounded too.
        self._occupy(max(1, len(table.covered)))
        # Rowspans reach further down.
        covered = {column: (rows - 1, text) for column, (rows, text) in table.covered.items() if rows > 1}
        for cell in cells:
            if cell.rowspan > 1:
                for spanned in range(cell.column, cell.column + cell.colspan):
                    covered[spanned] = (cell.rowspan - 1, cell.text)
        table.covered = covered


    def _occupy(self, positions: int) -> None:
        self.grid_cells += positions
        if self.grid_cells > self.max_grid_cells.value:
            raise _TooBig(f"表格过大（合并单元格和行列共占用超过 {self.max_grid_cells.text}单元格位置），"
                          "不像是正常的采购文件，已拒绝读取", self.line_at(self.offset))


def _span(value: str | None) -> int:
    try:
        return min(max(int((value or "1").strip()[:9] or 1), 1), input_limit("lint.table_span").value)
    except ValueError:
        return 1


def _text(pieces: list[str], pre: bool) -> str:
    raw = "".join(pieces)
    if pre:
        return raw.replace(_BREAK, "\n").strip("\n").rstrip()
    lines = (collapse_spaces(line).strip() for line in raw.split(_BREAK))
    return "\n".join(line for line in lines if line)


def read(path: Path) -> list[Block]:
    text = decode(read_input(path, "files.html_bytes", "HTML 文件", error=LintInputError), path)
    try:
        return _Reader(text).read()
    except _TooBig as exc:
        message, line = exc.args
        fail(path, message, line=line)
