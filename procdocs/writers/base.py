"""What every writer receives besides the document: the style sheet and the files it may read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from procdocs.styles import StyleSheet


@dataclass(frozen=True)
class Assets:
    stylesheet: StyleSheet
    print_css: str  # the static layout CSS for HTML and PDF (common/styles/print.css)
    readable_roots: tuple[Path, ...]  # template and style directories: the only files a writer may read
