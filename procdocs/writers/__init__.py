"""Output formats. Each writer turns the document tree into one format; adding a format means
adding a module here and one line to FORMATS."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from procdocs.doctree.nodes import Document
from procdocs.writers.base import Assets

WriteFunction = Callable[[Document, Assets, BinaryIO], None]


@dataclass(frozen=True)
class OutputFormat:
    name: str
    extension: str
    module: str  # imported only when the format is used: WeasyPrint takes a while to load

    def writer(self) -> WriteFunction:
        return importlib.import_module(self.module).write


FORMATS: dict[str, OutputFormat] = {
    "docx": OutputFormat("docx", ".docx", "procdocs.writers.docx"),
    "pdf": OutputFormat("pdf", ".pdf", "procdocs.writers.pdf"),
    "html": OutputFormat("html", ".html", "procdocs.writers.html"),
}
DEFAULT_FORMATS = ("docx", "pdf")
