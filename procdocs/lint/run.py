"""Lint files and document trees: read → sections and roles → rules → findings."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from procdocs.lint import readers
from procdocs.lint.model import Finding, LintedFile

if TYPE_CHECKING:  # the document tree (and its HTML parser) is imported by what renders, not by a lint of a file
    from procdocs.doctree.nodes import Document
    from procdocs.lint.rules import Rulebook


def load_rulebook() -> Rulebook:
    """The package's rulebook, its modules imported here: a third of a second of a command, spent while a PDF's
    text is extracted by its child processes rather than before they start."""
    from procdocs.lint.rules import rulebook

    return rulebook()


def lint_file(path: Path, book: Rulebook | None = None) -> LintedFile:
    kind, blocks = readers.read(path, while_waiting=load_rulebook if book is None else None)
    from procdocs.lint.engine import lint_blocks, prepare

    prepare(blocks)
    return LintedFile(str(path), kind, blocks, lint_blocks(blocks, book))


def lint_paths(paths: Sequence[Path], book: Rulebook | None = None) -> list[LintedFile]:
    return [lint_file(path, book) for path in readers.discover(list(paths))]


def lint_tree(document: Document, book: Rulebook | None = None) -> list[Finding]:
    from procdocs.lint.engine import lint_blocks, prepare
    from procdocs.lint.tree import blocks_from_tree

    blocks = blocks_from_tree(document)
    prepare(blocks)
    return lint_blocks(blocks, book)
