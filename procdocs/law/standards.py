"""The national 政府采购需求标准 (``procdocs/law/data/requirement_standards.yaml``): per item category,
the standard's title and 文号 and the clauses a buyer type must put into its 采购需求.

The spec names its buyer type (``project.purchaser_type``) and, per item, the category
(``requirement_standard``); an item whose name identifies a category and says nothing is taken to be
of it (:func:`detected_category`), for the officer to confirm. Templates print the clauses that apply
(:func:`required_clauses`), checks report a category an officer has not confirmed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

from procdocs.law import load
from procdocs.law.citation import Status, cite
from procdocs.law.files import LawError, read_data_file, validated

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

# What an officer writes for an item the standards do not cover (a printer, a vehicle …).
NO_STANDARD = "无"


class BuyerType(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str


class StandardClause(BaseModel):
    """A clause the standard obliges some buyer types to put into their 采购需求."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str
    buyers: tuple[str, ...]  # buyer types it binds (keys of buyer_types)
    rule: str  # what the standard says, as officers read it in check messages
    requirement: str  # the technical requirement documents print
    marker: str  # words an officer's own requirement must contain to count as this clause
    level: Literal["substantive", "important", "general"] = "substantive"
    note: str | None = None


class RequirementStandard(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    standard: str  # 《台式计算机政府采购需求标准（2023年版）》
    document: str  # 财库〔2023〕29号
    status: Status = "in_force"
    detect: tuple[str, ...] = ()
    clauses: tuple[StandardClause, ...] = ()
    note: str | None = None

    @property
    def basis(self) -> str:
        """The standard as documents cite it."""
        return f"{self.standard}（{self.document}）"

    @property
    def citation(self) -> str:
        """The standard as officers see it in messages, marked when it is not confirmed."""
        return cite(self.basis, self.status)

    def clauses_for(self, buyer_type: str | None) -> tuple[StandardClause, ...]:
        return tuple(clause for clause in self.clauses if buyer_type in clause.buyers)


class RequirementStandards(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    buyer_types: dict[str, BuyerType]
    categories: dict[str, RequirementStandard]


def read_requirement_standards(source: Traversable) -> RequirementStandards:
    """``requirement_standards.yaml``, with every clause naming known buyer types."""
    where = "requirement_standards.yaml"
    standards = validated(RequirementStandards, read_data_file(source, where), where)
    if NO_STANDARD in standards.categories:
        raise LawError(where, f"{NO_STANDARD!r} is what officers write for no category; it cannot be one")
    for name, category in standards.categories.items():
        for clause in category.clauses:
            unknown = set(clause.buyers) - set(standards.buyer_types)
            if unknown:
                raise LawError(f"{where}: {name}.{clause.key}", f"names unknown buyer types {sorted(unknown)}")
    return standards


def requirement_standards() -> Mapping[str, RequirementStandard]:
    return load().requirement_standards.categories


def buyer_types() -> Mapping[str, BuyerType]:
    return load().requirement_standards.buyer_types


def requirement_standard(category: str) -> RequirementStandard:
    try:
        return requirement_standards()[category]
    except KeyError:
        raise KeyError(f"unknown requirement standard {category!r}; see requirement_standards.yaml") from None


def detected_category(name: str) -> str | None:
    """The category an item's name identifies (its first word in a category's ``detect``), if any."""
    for category, standard in requirement_standards().items():
        if any(word in name for word in standard.detect):
            return category
    return None


def item_category(declared: str | None, name: str) -> str | None:
    """The category an item is treated as: the officer's answer, else what its name identifies."""
    if declared == NO_STANDARD:
        return None
    return declared if declared is not None else detected_category(name)


def required_clauses(category: str | None, buyer_type: str | None) -> tuple[StandardClause, ...]:
    """The clauses the standard of `category` obliges a buyer of `buyer_type` to include."""
    if category is None:
        return ()
    return requirement_standard(category).clauses_for(buyer_type)
