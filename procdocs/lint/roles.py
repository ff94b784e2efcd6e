"""Each block's role — qualification, scoring, technical, contract, a supplier form … — from its
headings, its table column and its wording, as ``data/lint/roles.yaml`` describes. A heading that
names a scoring factor with its points ("（二）技术方案（30分）") makes what is under it scoring,
whatever its words.

Headings mislead when a draft nests one part inside another: "一、商务要求" followed by
"2、投标人资格要求：" and the qualifications. A block's own lead-in (a label such as 资格要求 or
评分标准 followed by a colon) and a table's column header therefore decide over a heading that names
a looser part (commercial, technical, notice, info); a label alone on its line decides for the blocks
it introduces, until a heading, the next item numbered like it, or another label."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from procdocs.lint.model import ROLES, Block, Role
from procdocs.lint.normalize import canonical
from procdocs.lint.numbers import compile_pattern
from procdocs.lint.regexcache import compile_regex
from procdocs.lint.sections import carries_points, numbering_style
from procdocs.packagedata import load_package_yaml


@dataclass(frozen=True)
class _KeywordRole:
    role: Role
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class RoleTable:
    enclosing: tuple[_KeywordRole, ...]  # headings that decide for every heading beneath them
    headings: tuple[_KeywordRole, ...]
    columns: tuple[_KeywordRole, ...]
    text: tuple[tuple[Role, tuple[re.Pattern[str], ...]], ...]
    yields: frozenset[Role]  # heading roles a lead-in or a column header overrides
    labels: tuple[tuple[Role, re.Pattern[str]], ...]  # lead-in labels, on canonical text
    label_keywords: tuple[_KeywordRole, ...]  # the same labels as keywords, for a table row's own label
    # The sanctions that make a supplier form binding (on canonical text), each with the role the form's
    # block is then read in: a form the bid is void without is a requirement, one whose breach ends the
    # contract a term of performance.
    binding_forms: tuple[tuple[Role, tuple[re.Pattern[str], ...]], ...]


# Where a label may start: the block's start or a sentence's. The label's other words contain no
# clause or sentence mark, so "不得将……作为资格条件" in a long sentence is never one.
_LABEL_START = r"(?:^|(?<=[。；！？\n]))"
_LABEL_WORD = r"[^。；！？\n，：]"


def _label_pattern(keywords: list[str], max_label: int) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(keyword) for keyword in keywords)
    return compile_regex(rf"{_LABEL_START}{_LABEL_WORD}{{0,{max_label}}}?(?:{alternatives}){_LABEL_WORD}{{0,4}}：")


ROLES_FILE = "data/lint/roles.yaml"  # in the procdocs package


@cache
def role_table() -> RoleTable:
    raw = load_package_yaml(resources.files("procdocs").joinpath(ROLES_FILE).read_text(encoding="utf-8"))

    def keyword_roles(entries: list[dict]) -> tuple[_KeywordRole, ...]:
        for entry in entries:
            if entry["role"] not in ROLES:
                raise RuntimeError(f"{ROLES_FILE}: unknown role {entry['role']!r}")
        return tuple(_KeywordRole(entry["role"], tuple(entry["keywords"])) for entry in entries)

    text = tuple((entry["role"], tuple(compile_pattern(p) for p in entry["patterns"])) for entry in raw["text"])
    lead_ins = raw["lead_ins"]
    yields = frozenset(lead_ins["yields"])
    if not yields <= set(ROLES):
        raise RuntimeError(f"{ROLES_FILE}: unknown role in lead_ins.yields: {sorted(yields - set(ROLES))}")
    label_keywords = keyword_roles(lead_ins["labels"])
    labels = tuple((entry.role, _label_pattern(list(entry.keywords), int(lead_ins["max_label"])))
                   for entry in label_keywords)
    for binding in raw["binding_forms"]:
        if binding["role"] not in ROLES:
            raise RuntimeError(f"{ROLES_FILE}: unknown role in binding_forms: {binding['role']!r}")
    binding_forms = tuple((binding["role"], tuple(compile_pattern(pattern) for pattern in binding["patterns"]))
                          for binding in raw["binding_forms"])
    return RoleTable(keyword_roles(raw["enclosing"]), keyword_roles(raw["headings"]), keyword_roles(raw["columns"]),
                     text, yields, labels, label_keywords, binding_forms)


@lru_cache(maxsize=4096)
def _keyword_role(text: str, kind: str) -> Role | None:
    """The role the keywords of `kind` (headings, columns or label_keywords) give a text; cached by the text and the
    kind's name (hashing the table itself for every heading of every block cost more than the lookup)."""
    compact = _compact(text)
    for entry in getattr(role_table(), kind):
        if any(keyword in compact for keyword in entry.keywords):
            return entry.role
    return None


def infer(block: Block, introduced: Role | None = None) -> Role:
    """The block's role. `introduced` is the role of a lead-in label above it ("2、投标人资格要求："),
    which decides, as the block's own label, its column header and its row's label do, unless a heading names a part
    that does not give way (see roles.yaml, lead_ins)."""
    if block.role_hint is not None:
        return block.role_hint
    table = role_table()
    heading_role = _heading_role(block.headings)
    if heading_role is None or heading_role in table.yields:
        own = label_role(block.text)
        if own is not None:
            return own
        column = _keyword_role(block.column_header, "columns") if block.column_header else None
        if column is not None:
            return column
        # A row labelled in its own first cells (须知前附表: 投标人资格要求 | 1.具有……) needs no colon.
        row = _keyword_role(block.context, "label_keywords") if block.context else None
        if row is not None:
            return row
        if introduced is not None:
            return introduced
        if heading_role is not None:
            return heading_role
        compact = _compact(block.text)
        for role, patterns in table.text:
            if any(pattern.search(compact) for pattern in patterns):
                return role
        return "info"
    if heading_role == "template":
        compact = _compact(block.text)
        for role, sanctions in table.binding_forms:
            if any(pattern.search(compact) for pattern in sanctions):
                return role  # what the form commits every bidder to is required of them, or of the winner
    return heading_role


@lru_cache(maxsize=1024)  # a document repeats a few heading paths over thousands of blocks
def _heading_role(headings: tuple[str, ...]) -> Role | None:
    """The role an enclosing heading gives, at any level (政府采购负面清单 > 一、资格条件 quotes prohibitions),
    else the role the innermost deciding heading gives (a factor heading with points is scoring)."""
    for heading in headings:
        role = _keyword_role(heading, "enclosing")
        if role is not None:
            return role
    for heading in reversed(headings):
        if carries_points(heading):
            return "scoring"
        role = _keyword_role(heading, "headings")
        if role is not None:
            return role
    return None


# The colons canonical() turns into "：". Most blocks have none, and need no canonical form to know
# they have no label.
_COLONS = frozenset(":：﹕︰")


def label_role(text: str) -> Role | None:
    """The role a lead-in label in the text gives ("特定资格要求：…" is qualification)."""
    if _COLONS.isdisjoint(text):
        return None
    compact = _compact(text)
    for role, pattern in role_table().labels:
        if pattern.search(compact):
            return role
    return None


def lead_in_role(block: Block) -> Role | None:
    """The role of a block that is only a label ("2、投标人资格要求："), which introduces the blocks
    after it; None for any other block (a table cell never introduces)."""
    tail = block.text.rstrip()[-1:]
    if block.location.table is not None or block.is_heading or tail not in _COLONS:
        return None  # a label alone ends with its colon (invisible characters after it are rare)
    compact = _compact(block.text).strip()
    if not compact.endswith("："):
        return None
    for role, pattern in role_table().labels:
        match = pattern.match(compact)
        if match is not None and match.end() == len(compact):
            return role
    return None


def _compact(text: str) -> str:
    """The text in the canonical form rules see: 资(U+200D)格 要求 and 資格要求 still read 资格要求."""
    return canonical(text)


@dataclass(frozen=True)
class _LeadIn:
    """A label alone on its line and what it introduces: the blocks after it under the same headings,
    until a heading, the next item numbered like it ("3、" after "2、投标人资格要求：") or another label."""

    role: Role
    headings: tuple[str, ...]
    numbering: str | None

    def introduces(self, block: Block) -> bool:
        if block.is_heading or block.headings[:len(self.headings)] != self.headings:
            return False
        return self.numbering is None or numbering_style(block.text) != self.numbering


def assign(blocks: list[Block]) -> None:
    lead: _LeadIn | None = None
    for block in blocks:
        if lead is not None and not lead.introduces(block):
            lead = None
        block.role = infer(block, lead.role if lead is not None else None)
        role = lead_in_role(block)
        if role is not None:
            lead = _LeadIn(role, block.headings, numbering_style(block.text))
