"""What every writer receives besides the document: the style sheet and the files it may read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from procdocs.doctree.nodes import Signature
from procdocs.styles import StyleSheet


@dataclass(frozen=True)
class Assets:
    stylesheet: StyleSheet
    print_css: str  # the static layout CSS for HTML and PDF (common/styles/print.css)
    readable_roots: tuple[Path, ...]  # template and style directories: the only files a writer may read


SIGNATURE_BLANK_CHARS = 10  # the blank after a label when the signer has nothing pre-filled
SIGNATURE_MAX_INDENT_SHARE = 0.45  # signature lines start at most a little left of the page's middle
POINTS_PER_MM = 72 / 25.4


def signature_indent_pt(signature: Signature, stylesheet: StyleSheet) -> float:
    """How far signature lines are indented: as far right as the longest "label：blank" still fits."""
    char_pt = stylesheet.styles["body"].size
    text_width_pt = stylesheet.page.text_width_mm * POINTS_PER_MM
    longest = max(len(field.label) for field in signature.fields) + 1 + SIGNATURE_BLANK_CHARS
    return max(0.0, min(text_width_pt * SIGNATURE_MAX_INDENT_SHARE, text_width_pt - longest * char_pt))
