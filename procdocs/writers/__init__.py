"""Output formats. Each writer turns the document tree into one format; adding a format means
adding a module here and one line to FORMATS.

A writer is ``write(document, assets, stream, layout)``. It receives everything it needs as
inputs and never records anything on the document tree for another writer: page numbers come
from the layout stage (procdocs.writers.layout), which the renderer runs at most once per document
when a requested format declares that it uses the layout.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO, Literal

from procdocs.doctree.nodes import Document
from procdocs.writers.base import Assets, footer_shows_page_count
from procdocs.writers.layout import Layout

WriteFunction = Callable[[Document, Assets, BinaryIO, "Layout | None"], None]
# How a format uses the laid-out pages: "required" (it serialises them: without a layout it cannot
# be written), "optional" (page numbers are cached from it: without a layout it is written with a
# notice), "none" (it never needs pages: no layout is done for it).
LayoutUse = Literal["required", "optional", "none"]


@dataclass(frozen=True)
class OutputFormat:
    name: str
    extension: str
    module: str  # imported only when the format is used: WeasyPrint takes a while to load
    layout: LayoutUse = "none"
    without_layout: str = ""  # for "optional": what the user misses, and how to get it, when there is no layout
    # For "optional": which documents take anything from the layout (None: all). Laying out a
    # 70-page 招标文件 costs seconds; a format that takes nothing from its pages must not pay for it.
    layout_wanted_by: Callable[[Document], bool] | None = None

    def writer(self) -> WriteFunction:
        return importlib.import_module(self.module).write

    def layout_use(self, document: Document) -> LayoutUse:
        """How this format uses the layout of `document`."""
        if self.layout == "optional" and self.layout_wanted_by is not None and not self.layout_wanted_by(document):
            return "none"
        return self.layout


FORMATS: dict[str, OutputFormat] = {
    "docx": OutputFormat(
        "docx", ".docx", "procdocs.writers.docx", layout="optional",
        layout_wanted_by=footer_shows_page_count,  # the cached 共 Y 页 is all the DOCX takes from the pages
        without_layout="页脚的“共 Y 页”未预先填入：用 Word 打开时会提示更新域，选择“是”即可填入；"
                       "WPS 中请按 F9 更新域"),
    "pdf": OutputFormat("pdf", ".pdf", "procdocs.writers.pdf", layout="required"),
    "html": OutputFormat("html", ".html", "procdocs.writers.html"),
}
DEFAULT_FORMATS = ("docx", "pdf")
