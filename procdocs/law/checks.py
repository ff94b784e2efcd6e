"""What the legal checks are: each check's severity and the limit it applies, or its own rule and basis.

The definitions are data (``procdocs/law/data/checks.yaml``), read with the rest of the law; the
functions that compute the checks are in :mod:`procdocs.checks`, registered under the same ids.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, model_validator

from procdocs.law import load
from procdocs.law.citation import Status, cite
from procdocs.law.files import read_keyed
from procdocs.law.limits import limit
from procdocs.law.policies import policy

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

Severity = Literal["error", "warning"]


class CheckDefinition(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    severity: Severity
    limit: str | None = None
    policy: str | None = None  # a rule without a number in policies.yaml, cited with its own basis
    rule: str | None = None
    basis: str | None = None
    status: Status = "in_force"  # of this check's own basis; a limit's basis has the limit's status
    note: str | None = None

    @model_validator(mode="after")
    def _has_basis(self) -> CheckDefinition:
        if self.limit is None and self.policy is None and (self.rule is None or self.basis is None):
            raise ValueError("a check without a limit or a policy needs its own rule and basis")
        if self.basis is None and "status" in self.model_fields_set:
            raise ValueError("status describes the check's own basis; a limit's or policy's status is in its own file")
        return self

    @property
    def citation(self) -> str:
        if self.basis is not None:
            return cite(self.basis, self.status)
        if self.policy is not None:
            return policy(self.policy).citation
        assert self.limit is not None
        return limit(self.limit).citation


def read_checks(source: Traversable) -> dict[str, CheckDefinition]:
    """``checks.yaml``: every check by id (the limits it names are checked by the loader)."""
    return read_keyed(source, "checks.yaml", CheckDefinition, "check ids to their definitions")


def check_definitions() -> Mapping[str, CheckDefinition]:
    return load().checks
