"""Reading the whole law from its data directory and checking the references between its files."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from types import MappingProxyType
from typing import TYPE_CHECKING

from procdocs.law.checks import CheckDefinition, read_checks
from procdocs.law.deadlines import MilestoneDefinition, read_milestones
from procdocs.law.files import LawError
from procdocs.law.limits import Limit, read_limits
from procdocs.law.methods import Ground, read_grounds
from procdocs.law.regions import Region, read_regions
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
    grounds: Mapping[str, Mapping[str, Ground]]  # by method, then code
    checks: Mapping[str, CheckDefinition]  # by check id
    milestone_keys: frozenset[str] = field(init=False)  # every milestone of every method

    def __post_init__(self) -> None:
        keys = frozenset(d.key for definitions in self.milestones.values() for d in definitions)
        object.__setattr__(self, "milestone_keys", keys)


def read_law(directory: Traversable) -> Law:
    """The law in `directory` (the packaged ``procdocs/law/data`` or, in tests, a copy of it), with
    every reference between its files resolved; a LawError names the first defect."""
    limits = read_limits(directory.joinpath("limits"))
    milestones = read_milestones(directory.joinpath("deadlines.yaml"))
    checks = read_checks(directory.joinpath("checks.yaml"))
    for method, definitions in milestones.items():
        for index, milestone in enumerate(definitions):
            _known_limit(limits, milestone.limit, f"deadlines.yaml: {method}[{index}]")
    for key, check in checks.items():
        if check.limit is not None:
            _known_limit(limits, check.limit, f"checks.yaml: {key}")
    return Law(
        limits=MappingProxyType(limits),
        regions=MappingProxyType(read_regions(directory.joinpath("regions"))),
        notices=MappingProxyType(read_notices(directory.joinpath("holidays"))),
        statutory_holidays=read_statutory_holidays(directory.joinpath("statutory_holidays.yaml")),
        milestones=MappingProxyType(milestones),
        grounds=MappingProxyType({method: MappingProxyType(grounds) for method, grounds in
                                  read_grounds(directory.joinpath("method_grounds.yaml")).items()}),
        checks=MappingProxyType(checks),
    )


def _known_limit(limits: Mapping[str, Limit], key: str, where: str) -> None:
    if key not in limits:
        raise LawError(where, f"names the legal limit {key!r}, which no file in limits/ defines")
