"""The procurement methods: their names, their traits, their legal grounds and their periods.

``methods.yaml`` names each method and lists the traits the law gives the methods (``tender``,
``negotiating``, ``final_offer`` …), each with its meaning and basis; ``method_grounds.yaml`` the
legal grounds on which a method other than open tender may be used (法30(1), 214号3(2) …: a spec
names its ground in ``project.method_basis.ground``). Templates, checks and the interview ask a
:class:`Method` for a trait (``method.negotiating``) rather than compare method names, so that what
a clause depends on is said once, with its basis, here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from procdocs.law import load
from procdocs.law.citation import Status, cite
from procdocs.law.files import LawError, read_data_file, validated

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from procdocs.law.limits import Limit


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Ground(_Strict):
    """A legal ground of a method: the situation in the law's words, and where the law says it."""

    text: str
    basis: str


class Instrument(_Strict):
    """The instrument that regulates a method's procedure, as the 须知 cites it."""

    text: str
    categories: tuple[str, ...] | None = None  # the project categories it applies to; None: all

    def applies_to(self, category: str) -> bool:
        return self.categories is None or category in self.categories


class PriceWeightIds(_Strict):
    min: str  # limit ids
    max: str


class MethodEntry(_Strict):
    """A method as ``methods.yaml`` writes it."""

    name: str
    reserved: bool = False  # known to the law, not generated: no traits, milestones, grounds, templates
    instrument: Instrument | None = None
    price_weight: dict[str, PriceWeightIds] = Field(default_factory=dict)  # by project category

    @model_validator(mode="after")
    def _generated_has_instrument(self) -> MethodEntry:
        if not self.reserved and self.instrument is None:
            raise ValueError("a method procdocs generates needs its instrument (the 须知 cites it)")
        return self


class Trait(_Strict):
    """A trait of methods: what it means, its basis (one for all its methods, or one per method)."""

    meaning: str
    basis: str | None = None
    status: Status = "in_force"
    methods: tuple[str, ...] | dict[str, str]

    @model_validator(mode="after")
    def _has_basis(self) -> Trait:
        if isinstance(self.methods, tuple) and self.basis is None:
            raise ValueError("a trait listing its methods needs its basis (or give a basis per method)")
        return self

    def basis_for(self, method: str) -> str:
        if isinstance(self.methods, dict):
            return self.methods[method]
        assert self.basis is not None
        return self.basis


class MethodsFile(_Strict):
    methods: dict[str, MethodEntry]
    traits: dict[str, Trait]


@dataclass(frozen=True)
class PriceWeight:
    """The legal range of the price weight under 综合评分法 for one project category."""

    min: Limit
    max: Limit


@dataclass(frozen=True)
class Method:
    """One procurement method as the law makes it: ``method.<trait>`` is True or False for every
    trait ``methods.yaml`` defines (an unknown name is an AttributeError, so a template's typo
    fails instead of reading as False)."""

    key: str
    name: str
    instrument: Instrument
    price_weight: Mapping[str, PriceWeight]  # by project category; empty when the law sets none
    grounds: Mapping[str, Ground]  # by code; empty for open tender, which needs none
    periods: Mapping[str, Limit]  # the limit each milestone of the method applies, by milestone key
    traits: Mapping[str, Trait]  # every trait of the law, by name

    def __getattr__(self, name: str) -> bool:
        traits = self.__dict__.get("traits")  # absent while unpickling
        if traits is None or name not in traits:
            raise AttributeError(name)
        return self.has(name)

    def has(self, trait: str) -> bool:
        return self.key in self.traits[trait].methods

    def meaning_of(self, trait: str) -> str:
        return self.traits[trait].meaning

    def basis_of(self, trait: str) -> str:
        """The basis of a trait the method has, as documents print it."""
        if not self.has(trait):
            raise KeyError(f"{self.key} has no trait {trait!r}")
        return self.traits[trait].basis_for(self.key)

    def citation_of(self, trait: str) -> str:
        """The basis as officers see it in messages, marked when it is not confirmed."""
        return cite(self.basis_of(trait), self.traits[trait].status)


def read_methods(source: Traversable) -> MethodsFile:
    """``methods.yaml`` as written (the loader resolves its references and builds the methods)."""
    where = "methods.yaml"
    return validated(MethodsFile, read_data_file(source, where), where)


def build_methods(file: MethodsFile, limits: Mapping[str, Limit], grounds: Mapping[str, Mapping[str, Ground]],
                  periods: Mapping[str, Mapping[str, Limit]]) -> dict[str, Method]:
    """The methods procdocs generates (reserved ones left out), with their limits resolved."""
    methods = {}
    for key, entry in file.methods.items():
        if entry.reserved:
            continue
        assert entry.instrument is not None, "MethodEntry requires it of a generated method"
        methods[key] = Method(
            key=key, name=entry.name, instrument=entry.instrument,
            price_weight={category: PriceWeight(limits[ids.min], limits[ids.max])
                          for category, ids in entry.price_weight.items()},
            grounds=dict(grounds.get(key, {})), periods=dict(periods.get(key, {})), traits=file.traits)
    return methods


def read_grounds(source: Traversable) -> dict[str, dict[str, Ground]]:
    """``method_grounds.yaml``: each method's grounds by code."""
    where = "method_grounds.yaml"
    raw: Any = read_data_file(source, where)
    if not isinstance(raw, dict) or not all(isinstance(grounds, dict) for grounds in raw.values()):
        raise LawError(where, "should map methods to their grounds by code")
    return {method: {code: validated(Ground, ground, f"{where}: {method}.{code}") for code, ground in grounds.items()}
            for method, grounds in raw.items()}


def procurement_method(key: str) -> Method:
    """The method a spec names in ``project.method``."""
    try:
        return load().methods[key]
    except KeyError:
        raise KeyError(f"unknown procurement method {key!r}; see procdocs/law/data/methods.yaml") from None


def procurement_methods() -> Mapping[str, Method]:
    """Every method procdocs generates, by key, in the order of ``methods.yaml``."""
    return load().methods


def method_names() -> dict[str, str]:
    """Every method procdocs generates, key → Chinese name, in the order of ``methods.yaml``."""
    return {key: method.name for key, method in load().methods.items()}


def method_key(text: str) -> str | None:
    """A method key from its key or its Chinese name (公开招标, 单一来源采购 or 单一来源 …); None if unknown."""
    text = text.strip()
    names = method_names()
    if text in names:
        return text
    for key, name in names.items():
        if text in {name, name.removesuffix("采购")}:
            return key
    return None


def method_grounds(method: str) -> Mapping[str, Ground]:
    """The legal grounds of `method` by code; none for a method that needs no ground (open tender)."""
    found = load().methods.get(method)
    return found.grounds if found is not None else {}
