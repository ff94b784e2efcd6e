"""What every writer receives besides the document: the style sheet and the files it may read."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from procdocs.doctree.nodes import Document, Heading, Signature, TableOfContents, plain_text
from procdocs.styles import StyleSheet


@dataclass(frozen=True)
class Assets:
    stylesheet: StyleSheet
    print_css: str  # the static layout CSS for HTML and PDF (common/styles/print.css)
    readable_roots: tuple[Path, ...]  # template and style directories: the only files a writer may read


FOOTER_TEXT = ("第 ", " 页 共 ", " 页")  # around the page number and the page count, in every paged output
SIGNATURE_BLANK_CHARS = 10  # the blank after a label when the signer has nothing pre-filled
SIGNATURE_MAX_INDENT_SHARE = 0.45  # signature lines start at most a little left of the page's middle
SIGNATURE_SPARE_CHARS = 1  # room left at the line's end: an exact fit wrapped the blank onto a line of its own
POINTS_PER_MM = 72 / 25.4


def signature_indent_pt(signature: Signature, stylesheet: StyleSheet) -> float:
    """How far signature lines are indented: as far right as the longest "label：blank" still fits."""
    char_pt = stylesheet.styles["body"].size
    text_width_pt = stylesheet.page.text_width_mm * POINTS_PER_MM
    longest = max(len(field.label) for field in signature.fields) + 1 + SIGNATURE_BLANK_CHARS + SIGNATURE_SPARE_CHARS
    return max(0.0, min(text_width_pt * SIGNATURE_MAX_INDENT_SHARE, text_width_pt - longest * char_pt))


# Word's "single" line of a Chinese font is about 1.3 em (宋体 小四 on the default grid: 15.6 pt), so a
# line spacing of 1.5 is 1.5 × 1.3 em: both writers draw lines this high (the DOCX contents exactly).
CJK_SINGLE_LINE_EM = 1.3
CONTENTS_SPARE_LINES = 1  # planned below the page's capacity: readers' faces and rounding differ
CONTENTS_PAGE_NUMBER_EMS = 3  # the dot leader's least width and the page number after it
CONTENTS_STEP = 0.05  # line spacings tried, from the style's down to its minimum


def contents_entries(document: Document, toc: TableOfContents) -> list[Heading]:
    return [heading for heading in document.headings() if heading.level <= toc.levels]


def contents_line_spacing(document: Document, toc: TableOfContents, stylesheet: StyleSheet) -> float:
    """The line spacing of the contents' entries: the style's, or closer (down to its minimum)
    when that puts the contents on fewer pages — as many lines closer as needed, no more.

    A contents that runs a few lines onto a page of its own looks unfinished; planned from the
    entries (each entry's lines estimated from its length), both writers draw it the same way.
    """
    style = stylesheet.styles["toc"]
    lowest = min(style.min_line_spacing or style.line_spacing, style.line_spacing)
    page = stylesheet.page
    height_pt = page.text_height_mm * POINTS_PER_MM
    title = stylesheet.styles["toc_title"]
    title_pt = (title.size * title.line_spacing * CJK_SINGLE_LINE_EM + title.space_before_pt
                + title.space_after_pt)
    ems_per_line = page.text_width_mm * POINTS_PER_MM / style.size
    lines = CONTENTS_SPARE_LINES + sum(
        math.ceil((2 * (heading.level - 1) + len(plain_text(heading.inlines)) + CONTENTS_PAGE_NUMBER_EMS)
                  / ems_per_line)
        for heading in contents_entries(document, toc))

    def pages(spacing: float) -> int:
        line_pt = style.size * spacing * CJK_SINGLE_LINE_EM
        first = max(1, math.floor((height_pt - title_pt) / line_pt))
        rest = max(1, math.floor(height_pt / line_pt))
        return 1 if lines <= first else 1 + math.ceil((lines - first) / rest)

    fewest = pages(lowest)
    spacing = style.line_spacing
    while pages(spacing) > fewest and spacing - CONTENTS_STEP >= lowest:
        spacing = round(spacing - CONTENTS_STEP, 4)
    return spacing if pages(spacing) == fewest else lowest
