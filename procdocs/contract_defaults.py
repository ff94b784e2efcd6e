"""Contract terms a spec may leave out, completed from the office defaults of
``data/contract_defaults.yaml``: the spec's own words win, part by part.

A legal number inside a default is written ``{limit id}`` and filled from the law's limits here,
so the number keeps one source and its citation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from procdocs.law.limits import limit
from procdocs.packagedata import load_package_yaml
from procdocs.spec.model import ProjectSpec

_LIMIT_REFERENCE = re.compile(r"\{([a-z_.]+)\}")


@dataclass(frozen=True)
class PerformanceBondReturnTerms:
    """Method, time and conditions of the 履约保证金's return, when it is kept, and late-return liability."""

    method: str
    time: str
    conditions: str
    forfeiture: tuple[str, ...]
    late_return: str


@cache
def _defaults() -> dict[str, Any]:
    raw = load_package_yaml(resources.files("procdocs").joinpath("data/contract_defaults.yaml").read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise RuntimeError("procdocs/data/contract_defaults.yaml should map sections to their defaults")
    return raw


def _with_limits(text: str) -> str:
    return _LIMIT_REFERENCE.sub(lambda match: limit(match.group(1)).text, text)


def performance_bond_return_terms(spec: ProjectSpec) -> PerformanceBondReturnTerms:
    """The return terms the contract states: the spec's, each part not given from the defaults."""
    given = spec.bonds.performance_bond_return
    default = _defaults()["performance_bond_return"]
    return PerformanceBondReturnTerms(
        method=given.method or _with_limits(default["method"]),
        time=given.time or _with_limits(default["time"]),
        conditions=given.conditions or _with_limits(default["conditions"]),
        forfeiture=tuple(given.forfeiture) or tuple(_with_limits(entry) for entry in default["forfeiture"]),
        late_return=given.late_return or _with_limits(default["late_return"]),
    )
