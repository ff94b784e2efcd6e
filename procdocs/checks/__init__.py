"""Legal checks of a spec: each finding names the rule, its basis and the exact limit computed.

Which checks exist, their severity and their citations are part of the law (:mod:`procdocs.law.checks`,
``procdocs/law/data/checks.yaml``, with the numbers in ``limits/``); the functions in this package only
compute. A check is a function registered with :func:`check` under the id it has in ``checks.yaml``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from procdocs.law.checks import CheckDefinition, Severity, check_definitions
from procdocs.law.limits import Limit, limit
from procdocs.law.regions import Region, region
from procdocs.law.workdays import WorkCalendar
from procdocs.spec.model import ProjectSpec


@dataclass(frozen=True)
class Finding:
    check: str  # id in checks.yaml
    severity: Severity
    message: str  # Chinese, with the computed limit
    field: str | None  # the spec field at fault, e.g. "lots[0].bid_bond"
    basis: str  # legal citation as officers see it (marked when unverified, procdocs.law.citation)
    provisional: bool = False  # a date in the message is counted over holidays not yet published

    def __str__(self) -> str:
        label = "错误" if self.severity == "error" else "提醒"
        place = f"{self.field}: " if self.field else ""
        return f"[{label}] {place}{self.message}（依据：{self.basis}）"


@dataclass(frozen=True)
class CheckContext:
    """What checks need besides the spec: the working-day calendar and the region's profile."""

    calendar: WorkCalendar
    region: Region


@dataclass(frozen=True)
class Violation:
    """A violation that says more than checks.yaml: the qualification check reports the linter's own
    severity and basis, the region check its region's local rule — so each finding cites one basis;
    a check stating dates counted with the working-day calendar says whether they are provisional."""

    field: str | None
    message: str
    severity: Severity | None = None  # None: the severity of checks.yaml
    basis: str | None = None  # None: the citation of checks.yaml; otherwise as officers see it
    provisional: bool = False  # a date in the message is counted over holidays not yet published


# A check yields (field, message) per violation, or a Violation to say more.
Violations = Iterator[tuple[str | None, str] | Violation]
CheckFunction = Callable[[ProjectSpec, CheckDefinition, CheckContext], Violations]
_REGISTRY: dict[str, CheckFunction] = {}


def check(check_id: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check function; it yields (spec field path, Chinese message) per violation."""

    def register(function: CheckFunction) -> CheckFunction:
        _REGISTRY[check_id] = function
        return function

    return register


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
        for found in _REGISTRY[check_id](spec, definition, context):
            violation = found if isinstance(found, Violation) else Violation(*found)
            findings.append(Finding(check_id, violation.severity or definition.severity, violation.message,
                                    violation.field, violation.basis or definition.citation,
                                    violation.provisional))
    return sorted(findings, key=lambda f: f.severity != "error")


def limit_of(definition: CheckDefinition) -> Limit:
    assert definition.limit is not None, "this check has no limit"
    return limit(definition.limit)


def _load_check_modules() -> None:
    # Importing registers the functions; one module per subject.
    from procdocs.checks import evaluation, method, money, policy, qualifications, sme, standards, timeline  # noqa: F401
