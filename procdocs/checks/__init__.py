"""Legal checks of a spec: each finding names the rule, its basis and the exact limit computed.

Which checks exist, their severity and their citations are data (``data/checks.yaml``, with the
numbers in ``data/limits/``); the functions in this package only compute. A check is a
function registered with :func:`check` under the id it has in ``checks.yaml``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from procdocs.limits import Limit, limit
from procdocs.regions import Region, region
from procdocs.spec.model import ProjectSpec
from procdocs.workdays import WorkCalendar

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    check: str  # id in checks.yaml
    severity: Severity
    message: str  # Chinese, with the computed limit
    field: str | None  # the spec field at fault, e.g. "lots[0].bid_bond"
    basis: str  # legal citation
    provisional: bool = False  # a date in the message is counted over holidays not yet published

    def __str__(self) -> str:
        label = "错误" if self.severity == "error" else "提醒"
        place = f"{self.field}: " if self.field else ""
        return f"[{label}] {place}{self.message}（依据：{self.basis}）"


class CheckDefinition(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    severity: Severity
    limit: str | None = None
    rule: str | None = None
    basis: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _has_basis(self) -> CheckDefinition:
        if self.limit is None and (self.rule is None or self.basis is None):
            raise ValueError("a check without a limit needs its own rule and basis")
        return self

    @property
    def citation(self) -> str:
        if self.basis is not None:
            return self.basis
        assert self.limit is not None
        return limit(self.limit).basis


@dataclass(frozen=True)
class CheckContext:
    """What checks need besides the spec: the working-day calendar and the region's profile."""

    calendar: WorkCalendar
    region: Region


@dataclass(frozen=True)
class DatedViolation:
    """A violation stating dates counted with the working-day calendar, which may be provisional."""

    field: str | None
    message: str
    provisional: bool


# A check yields (field, message) per violation, or (field, message, severity) to override the
# severity of checks.yaml (the qualification check reports the linter's own severity), or a
# DatedViolation when its message states dates that may be provisional.
Violation = tuple[str | None, str] | tuple[str | None, str, Severity] | DatedViolation
Violations = Iterator[Violation]
CheckFunction = Callable[[ProjectSpec, CheckDefinition, CheckContext], Violations]
_REGISTRY: dict[str, CheckFunction] = {}


def check(check_id: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check function; it yields (spec field path, Chinese message) per violation."""

    def register(function: CheckFunction) -> CheckFunction:
        _REGISTRY[check_id] = function
        return function

    return register


@cache
def check_definitions() -> dict[str, CheckDefinition]:
    raw = resources.files("procdocs").joinpath("data/checks.yaml").read_text(encoding="utf-8")
    try:
        definitions = {key: CheckDefinition.model_validate(value) for key, value in yaml.safe_load(raw).items()}
    except ValidationError as exc:  # a packaging defect, not a user error
        raise RuntimeError(f"procdocs/data/checks.yaml is invalid: {exc}") from exc
    for definition in definitions.values():
        if definition.limit is not None:
            limit(definition.limit)  # fails loudly on a reference to an unknown limit
    return definitions


def run_checks(spec: ProjectSpec, calendar: WorkCalendar | None = None) -> list[Finding]:
    """Run every check in checks.yaml against the spec; errors first."""
    _load_check_modules()
    definitions = check_definitions()
    missing = set(definitions) - set(_REGISTRY)
    if missing:
        raise RuntimeError(f"checks.yaml names checks with no implementation: {sorted(missing)}")
    context = CheckContext(calendar or WorkCalendar(), region(spec.project.region))
    findings = []
    for check_id, definition in definitions.items():
        for violation in _REGISTRY[check_id](spec, definition, context):
            if isinstance(violation, DatedViolation):
                findings.append(Finding(check_id, definition.severity, violation.message, violation.field,
                                        definition.citation, violation.provisional))
                continue
            field, message = violation[0], violation[1]
            severity = violation[2] if len(violation) == 3 else definition.severity  # type: ignore[misc]
            findings.append(Finding(check_id, severity, message, field, definition.citation))
    return sorted(findings, key=lambda f: f.severity != "error")


def limit_of(definition: CheckDefinition) -> Limit:
    assert definition.limit is not None, "this check has no limit"
    return limit(definition.limit)


def _load_check_modules() -> None:
    # Importing registers the functions; one module per subject.
    from procdocs.checks import evaluation, method, money, qualifications, sme, timeline  # noqa: F401
