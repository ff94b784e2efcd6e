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
from procdocs.writers.base import Assets
from procdocs.writers.layout import Layout

WriteFunction = Callable[[Document, Assets, BinaryIO, "Layout | None"], None]
# How a format uses the laid-out pages: "required" (it serialises them: without a layout it cannot
# be written), "if_laid_out" (it caches page facts from a layout made for another format, and never
# has a document laid out for itself: the DOCX's 共 Y 页 is a NUMPAGES field that Word, WPS and
# LibreOffice compute on their own pagination, so its cached value is a convenience that is not
# worth a layout of its own), "none" (it never looks at pages).
LayoutUse = Literal["required", "if_laid_out", "none"]


@dataclass(frozen=True)
class OutputFormat:
    name: str
    extension: str
    module: str  # imported only when the format is used: a PDF's typesetter takes a while to load
    layout: LayoutUse = "none"

    def writer(self) -> WriteFunction:
        return importlib.import_module(self.module).write


FORMATS: dict[str, OutputFormat] = {
    "docx": OutputFormat("docx", ".docx", "procdocs.writers.docx", layout="if_laid_out"),
    "pdf": OutputFormat("pdf", ".pdf", "procdocs.writers.pdf", layout="required"),
    "html": OutputFormat("html", ".html", "procdocs.writers.html"),
}
DEFAULT_FORMATS = ("docx", "pdf")
