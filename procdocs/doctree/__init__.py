"""The writer-neutral document tree and the parser for the HTML subset templates produce."""

from procdocs.doctree.nodes import Document, plain_text
from procdocs.doctree.parser import parse_document

__all__ = ["Document", "parse_document", "plain_text"]
