"""Blocks from procdocs' own document tree, so that `render` can lint what it generates."""

from __future__ import annotations

from procdocs.doctree.nodes import Document, Heading, ListBlock, Paragraph, Signature, Table, plain_text
from procdocs.lint.model import Block, Location
from procdocs.lint.sections import CONTEXT_CELLS, row_context


def blocks_from_tree(document: Document) -> list[Block]:
    blocks: list[Block] = []
    paragraph = 0
    table_number = 0
    for node in document.body:
        if isinstance(node, Heading):
            paragraph += 1
            blocks.append(Block(plain_text(node.inlines), Location(paragraph=paragraph), heading_level=node.level))
        elif isinstance(node, Paragraph):
            paragraph += 1
            blocks.append(Block(plain_text(node.inlines), Location(paragraph=paragraph)))
        elif isinstance(node, ListBlock):
            for item in node.items:
                paragraph += 1
                blocks.append(Block(item.label + plain_text(item.inlines), Location(paragraph=paragraph)))
        elif isinstance(node, Signature):
            for field in node.fields:
                paragraph += 1
                blocks.append(Block(field.label + "：" + plain_text(field.value), Location(paragraph=paragraph)))
        elif isinstance(node, Table):
            table_number += 1
            blocks.extend(_table_blocks(node, table_number))
    return [block for block in blocks if block.text.strip()]


def _table_blocks(table: Table, number: int) -> list[Block]:
    header_texts: list[str] = []
    if len(table.rows) > 1:
        header_texts = ["\n".join(plain_text(p) for p in cell.inlines_by_paragraph) for cell in table.rows[0].cells]
    blocks = []
    for row_number, row in enumerate(table.rows, 1):
        texts = ["\n".join(plain_text(p) for p in cell.inlines_by_paragraph) for cell in row.cells]
        for column, text in enumerate(texts, 1):
            blocks.append(Block(
                text, Location(table=number, row=row_number, column=column),
                column_header=header_texts[column - 1] if row_number > 1 and column <= len(header_texts) else None,
                row_header=texts[0] if column > 1 else None,
                context=row_context(texts[max(0, column - 1 - CONTEXT_CELLS):column - 1]) if row_number > 1 else "",
            ))
    return blocks
