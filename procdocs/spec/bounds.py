"""The size of a project as a whole: items, requirement lines and characters across all fields.

Each field and each list has its own cap in the model (procdocs.spec.fields); these totals bound
what the caps alone would let multiply (50 lots of 300 items), so that every document lays out in
bounded time and memory. The numbers are in data/input_limits.yaml `fields`, with their reasons.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from procdocs.input_limits import input_limit
from procdocs.spec.model import ProjectSpec

FieldPath = tuple[str | int, ...]


def size_problems(spec: ProjectSpec) -> Iterator[tuple[FieldPath, str]]:
    """(field path, message) for each total the spec exceeds."""
    items = [item for lot in spec.lots for item in lot.items]
    most_items = input_limit("fields.items")
    if len(items) > most_items.value:
        yield ("lots",), f"各采购包的标的共 {len(items):,} 个，最多 {most_items.text}"
    requirements = sum(len(item.requirements) for item in items)
    most_requirements = input_limit("fields.requirements")
    if requirements > most_requirements.value:
        yield ("lots",), f"各标的的技术要求共 {requirements:,} 条，最多 {most_requirements.text}"
    characters = text_length(spec)
    most_characters = input_limit("fields.total_chars")
    if characters > most_characters.value:
        yield (), f"项目文件中的文字共 {characters:,} 字，最多 {most_characters.text}，请精简或分成多个项目"


def text_length(value: Any) -> int:
    """The characters of every string in a model, its lists and its sub-models."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, BaseModel):
        return sum(text_length(getattr(value, name)) for name in type(value).model_fields)
    if isinstance(value, (list, tuple)):
        return sum(text_length(entry) for entry in value)
    return 0
