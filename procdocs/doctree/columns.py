"""Table columns wide enough for the numbers in them, the same in every writer.

A renderer breaks a word that does not fit its cell between any two characters, so an amount in a
narrow column comes out as 「1,480,000.0」 over 「0」. Templates give columns relative widths for
the page; a reader without Times New Roman (a stock LibreOffice draws digits in DejaVu Serif, a
quarter wider) then needs more room than the template planned. Before any writer runs, each column
is widened to hold its longest unbreakable run — a number, an amount, a Latin word or a code — at
the widest digits a reader may substitute, taking the room from columns of breakable Chinese text.
"""

from __future__ import annotations

import re
from dataclasses import replace

from procdocs.doctree.nodes import Block, Table, Text
from procdocs.styles import StyleSheet
from procdocs.writers.base import POINTS_PER_MM

# Runs a renderer must not break: digits and Latin letters with the separators inside numbers,
# amounts, dates, telephone numbers and codes (1,480,000.00, 0871-65120566, JCZC2026-GK-0318).
UNBREAKABLE = re.compile(r"[0-9A-Za-z](?:[0-9A-Za-z,.:/%\-]*[0-9A-Za-z%])?")
WIDE_EM = 0.64  # a digit or letter in the widest face readers substitute (DejaVu Serif: 0.636 em)
NARROW_EM = 0.33  # a comma, full stop, colon or hyphen in it
# Word's default cell margins (108 twips a side), wider than the PDF's; and a little to spare.
CELL_PADDING_PT = 2 * 5.4 + 1.5
MIN_TEXT_COLUMN_EM = 2.0  # a column of Chinese text keeps at least two characters a line


def fit_number_columns(blocks: list[Block], stylesheet: StyleSheet) -> list[Block]:
    """The blocks with every table's columns widened where a number would not fit."""
    size = stylesheet.styles["table"].size
    width_pt = stylesheet.page.text_width_mm * POINTS_PER_MM
    return [_fitted(block, size, width_pt) if isinstance(block, Table) else block for block in blocks]


def run_width_em(run: str) -> float:
    return sum(WIDE_EM if character.isalnum() else NARROW_EM for character in run)


def _fitted(table: Table, size_pt: float, width_pt: float) -> Table:
    total = sum(table.column_widths)
    widths = [width_pt * weight / total for weight in table.column_widths]
    needs = [0.0] * len(widths)
    for column, longest in _longest_runs(table).items():
        needs[column] = longest * size_pt + CELL_PADDING_PT
    missing = sum(max(0.0, need - width) for need, width in zip(needs, widths, strict=True))
    if missing <= 0:
        return table
    least = MIN_TEXT_COLUMN_EM * size_pt + CELL_PADDING_PT
    slack = [max(0.0, width - max(need, least)) for need, width in zip(needs, widths, strict=True)]
    if sum(slack) < missing:
        return table  # the numbers cannot all fit: the template's widths stay
    share = missing / sum(slack)
    fitted = [max(width, need) - spare * share for width, need, spare in zip(widths, needs, slack, strict=True)]
    return replace(table, column_widths=fitted)


def _longest_runs(table: Table) -> dict[int, float]:
    """Column -> the width in ems of the longest unbreakable run in a cell of that column alone."""
    longest: dict[int, float] = {}
    occupied: dict[int, int] = {}  # column -> rows still covered by a rowspan from above
    for row in table.rows:
        column = 0
        cells = iter(row.cells)
        next_occupied: dict[int, int] = {}
        while column < len(table.column_widths):
            if occupied.get(column, 0) > 0:
                if occupied[column] > 1:
                    next_occupied[column] = occupied[column] - 1
                column += 1
                continue
            cell = next(cells, None)
            if cell is None:
                break
            if cell.rowspan > 1:
                for spanned in range(column, column + cell.colspan):
                    next_occupied[spanned] = cell.rowspan - 1
            if cell.colspan == 1:
                text = "".join(i.text for inlines in cell.inlines_by_paragraph for i in inlines if isinstance(i, Text))
                for match in UNBREAKABLE.finditer(text):
                    longest[column] = max(longest.get(column, 0.0), run_width_em(match.group()))
            column += cell.colspan
        occupied = next_occupied
    return longest
