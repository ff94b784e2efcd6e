"""Find placeholders and unresolved options left in a rendered document.

A document is published as generated, so a leftover “XX”, an empty “【】”, “待定” or an unchosen
“（是/否）” would be published too. The render fails and names each one with where it is and, when
the text came from the spec, which field holds it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from procdocs.doctree.nodes import Document
from procdocs.packagedata import load_package_yaml


@dataclass(frozen=True)
class PlaceholderRule:
    pattern: re.Pattern[str]
    reason: str


@dataclass(frozen=True)
class Placeholder:
    text: str
    reason: str
    where: str
    context: str
    spec_fields: tuple[str, ...]


@cache
def placeholder_rules() -> tuple[PlaceholderRule, ...]:
    raw = resources.files("procdocs").joinpath("data/placeholders.yaml").read_text(encoding="utf-8")
    return tuple(PlaceholderRule(re.compile(entry["pattern"]), entry["reason"]) for entry in load_package_yaml(raw))


def find_placeholders(document: Document, spec_data: dict[str, Any] | None = None) -> list[Placeholder]:
    """Every placeholder in the document's text (blanks for suppliers are not text and never match)."""
    spec_strings = list(_strings(spec_data or {}, ""))
    found: list[Placeholder] = []
    places = [("文件标题", document.title), *((run.where, run.text) for run in document.text_runs())]
    for where, text in places:
        for rule in placeholder_rules():
            for match in rule.pattern.finditer(text):
                start = max(0, match.start() - 12)
                context = text[start:match.end() + 12]
                fields = tuple(path for path, value in spec_strings if match.group(0) in value)
                found.append(Placeholder(match.group(0), rule.reason, where, context, fields))
    return found


def _strings(data: Any, path: str):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, f"{path}[{index}]")
    elif isinstance(data, str):
        yield path, data
