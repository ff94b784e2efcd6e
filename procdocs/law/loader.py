"""Reading the whole law from its data directory and checking the references between its files."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from importlib import resources
from types import MappingProxyType
from typing import TYPE_CHECKING

from procdocs.law.checks import CheckDefinition, read_checks
from procdocs.law.deadlines import MilestoneDefinition, read_milestones
from procdocs.law.files import LawError
from procdocs.law.limits import Limit, read_limits
from procdocs.law.methods import Ground, Method, MethodsFile, build_methods, read_grounds, read_methods
from procdocs.law.policies import Policy, read_policies
from procdocs.law.regions import Region, read_regions
from procdocs.law.standards import RequirementStandards, read_requirement_standards
from procdocs.law.workdays import HolidayYear, StatutoryHolidays, read_notices, read_statutory_holidays

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

DATA = resources.files("procdocs.law").joinpath("data")


@dataclass(frozen=True)
class Law:
    """Everything procdocs knows of the law, read once (:func:`procdocs.law.load`); read-only."""

    limits: Mapping[str, Limit]  # by id: open_tender.bid_period …
    regions: Mapping[str, Region]  # by key: national …
    notices: Mapping[int, HolidayYear]  # the 国务院办公厅 arrangements transcribed, by year
    statutory_holidays: StatutoryHolidays  # the 放假办法, for years without an arrangement
    milestones: Mapping[str, tuple[MilestoneDefinition, ...]]  # by method
    methods: Mapping[str, Method]  # the methods procdocs generates, by key (project.method)
    checks: Mapping[str, CheckDefinition]  # by check id
    policies: Mapping[str, Policy]  # rules without a number, by id: bond.non_cash_forms …
    requirement_standards: RequirementStandards  # the national 采购需求标准 by item category, and buyer types
    milestone_keys: frozenset[str] = field(init=False)  # every milestone of every method

    def __post_init__(self) -> None:
        keys = frozenset(d.key for definitions in self.milestones.values() for d in definitions)
        object.__setattr__(self, "milestone_keys", keys)


def read_law(directory: Traversable) -> Law:
    """The law in `directory` (the packaged ``procdocs/law/data`` or, in tests, a copy of it), with
    every reference between its files resolved; a LawError names the first defect."""
    limits = read_limits(directory.joinpath("limits"))
    methods_file = read_methods(directory.joinpath("methods.yaml"))
    milestones = read_milestones(directory.joinpath("deadlines.yaml"))
    grounds = read_grounds(directory.joinpath("method_grounds.yaml"))
    checks = read_checks(directory.joinpath("checks.yaml"))
    policies = read_policies(directory.joinpath("policies.yaml"))
    _check_methods(methods_file, limits)
    _check_references(methods_file, limits, milestones, grounds, checks)
    _check_policy_references(checks, policies)
    periods = {method: {m.key: limits[m.limit] for m in definitions} for method, definitions in milestones.items()}
    methods = build_methods(methods_file, limits, grounds, periods)
    return Law(
        limits=MappingProxyType(limits),
        regions=MappingProxyType(read_regions(directory.joinpath("regions"))),
        notices=MappingProxyType(read_notices(directory.joinpath("holidays"))),
        statutory_holidays=read_statutory_holidays(directory.joinpath("statutory_holidays.yaml")),
        milestones=MappingProxyType(milestones),
        methods=MappingProxyType(methods),
        checks=MappingProxyType(checks),
        policies=MappingProxyType(policies),
        requirement_standards=read_requirement_standards(directory.joinpath("requirement_standards.yaml")),
    )


def _check_methods(file: MethodsFile, limits: Mapping[str, Limit]) -> None:
    """Price weights name known limits; traits name methods procdocs generates and do not shadow a
    Method's own attributes (``method.<trait>`` must reach the trait)."""
    generated = [key for key, entry in file.methods.items() if not entry.reserved]
    for key, entry in file.methods.items():
        for category, ids in entry.price_weight.items():
            for bound in (ids.min, ids.max):
                _known_limit(limits, bound, f"methods.yaml: methods.{key}.price_weight.{category}")
    attributes = {f.name for f in fields(Method)} | {name for name in dir(Method) if not name.startswith("_")}
    for name, trait in file.traits.items():
        if name in attributes:
            raise LawError(f"methods.yaml: traits.{name}", "is the name of a method's attribute; choose another")
        for method in trait.methods:
            _known_method(generated, method, f"methods.yaml: traits.{name}")


def _check_references(methods: MethodsFile, limits: Mapping[str, Limit],
                      milestones: Mapping[str, tuple[MilestoneDefinition, ...]],
                      grounds: Mapping[str, Mapping[str, Ground]], checks: Mapping[str, CheckDefinition]) -> None:
    """Milestones and grounds belong to methods procdocs generates; milestones and checks name known limits."""
    generated = [key for key, entry in methods.methods.items() if not entry.reserved]
    for method, definitions in milestones.items():
        _known_method(generated, method, f"deadlines.yaml: {method}")
        for index, milestone in enumerate(definitions):
            _known_limit(limits, milestone.limit, f"deadlines.yaml: {method}[{index}]")
    for method in grounds:
        _known_method(generated, method, f"method_grounds.yaml: {method}")
    for key, check in checks.items():
        if check.limit is not None:
            _known_limit(limits, check.limit, f"checks.yaml: {key}")


def _check_policy_references(checks: Mapping[str, CheckDefinition], policies: Mapping[str, Policy]) -> None:
    for key, check in checks.items():
        if check.policy is not None and check.policy not in policies:
            raise LawError(f"checks.yaml: {key}", f"names the policy {check.policy!r}, which policies.yaml does not define")


def _known_method(generated: Iterable[str], key: str, where: str) -> None:
    if key not in generated:
        raise LawError(where, f"names the method {key!r}, which methods.yaml does not define (or reserves)")


def _known_limit(limits: Mapping[str, Limit], key: str, where: str) -> None:
    if key not in limits:
        raise LawError(where, f"names the legal limit {key!r}, which no file in limits/ defines")
