"""Each block's role — qualification, scoring, technical, contract, a supplier form … — from its
headings, its table column and its wording, as ``data/lint/roles.yaml`` describes. A heading that
names a scoring factor with its points ("（二）技术方案（30分）") makes what is under it scoring,
whatever its words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import yaml

from procdocs.lint.model import ROLES, Block, Role
from procdocs.lint.normalize import canonical
from procdocs.lint.numbers import compile_pattern
from procdocs.lint.sections import carries_points


@dataclass(frozen=True)
class _KeywordRole:
    role: Role
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class RoleTable:
    headings: tuple[_KeywordRole, ...]
    columns: tuple[_KeywordRole, ...]
    text: tuple[tuple[Role, tuple[re.Pattern[str], ...]], ...]


@cache
def role_table() -> RoleTable:
    raw = yaml.safe_load(resources.files("procdocs").joinpath("data/lint/roles.yaml").read_text(encoding="utf-8"))

    def keyword_roles(entries: list[dict]) -> tuple[_KeywordRole, ...]:
        for entry in entries:
            if entry["role"] not in ROLES:
                raise RuntimeError(f"data/lint/roles.yaml: unknown role {entry['role']!r}")
        return tuple(_KeywordRole(entry["role"], tuple(entry["keywords"])) for entry in entries)

    text = tuple((entry["role"], tuple(compile_pattern(p) for p in entry["patterns"])) for entry in raw["text"])
    return RoleTable(keyword_roles(raw["headings"]), keyword_roles(raw["columns"]), text)


@lru_cache(maxsize=4096)
def _keyword_role(text: str, kind: str) -> Role | None:
    """The role the keywords of `kind` (headings or columns) give a text; cached by the text and the
    kind's name (hashing the table itself for every heading of every block cost more than the lookup)."""
    compact = _compact(text)
    for entry in getattr(role_table(), kind):
        if any(keyword in compact for keyword in entry.keywords):
            return entry.role
    return None


def infer(block: Block) -> Role:
    if block.role_hint is not None:
        return block.role_hint
    table = role_table()
    for heading in reversed(block.headings):
        if carries_points(heading):
            return "scoring"
        role = _keyword_role(heading, "headings")
        if role is not None:
            return role
    if block.column_header:
        role = _keyword_role(block.column_header, "columns")
        if role is not None:
            return role
    compact = _compact(block.text)
    for role, patterns in table.text:
        if any(pattern.search(compact) for pattern in patterns):
            return role
    return "info"


def _compact(text: str) -> str:
    """The text in the canonical form rules see: 资(U+200D)格 要求 and 資格要求 still read 资格要求."""
    return canonical(text)


def assign(blocks: list[Block]) -> None:
    for block in blocks:
        block.role = infer(block)
