"""Procurement policies without a number: rules the documents state and the checks enforce, each
with its basis and ``status`` (``procdocs/law/data/policies.yaml``).

A policy may list the values it fixes (the non-cash bond forms the law names, the clauses a buyer
type must include); templates print them (``policy("bond.non_cash_forms").values``) and checks
compare the spec with them, so the list lives in one place next to its citation.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from procdocs.law import load
from procdocs.law.citation import Status, cite
from procdocs.law.files import read_keyed

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable


class Policy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str
    basis: str  # printed as is in documents
    status: Status = "in_force"
    values: tuple[str, ...] = ()  # what the rule fixes, in the order documents list them
    wording: str | None = None  # how documents write the values in a sentence, when it differs from a list
    note: str | None = None  # why the rule is read this way, in plain words

    @property
    def citation(self) -> str:
        """The basis as officers see it in messages, marked when it is not confirmed."""
        return cite(self.basis, self.status)


def read_policies(source: Traversable) -> dict[str, Policy]:
    """``policies.yaml``: every policy by id."""
    return read_keyed(source, "policies.yaml", Policy, "policy ids to policies")


def all_policies() -> Mapping[str, Policy]:
    return load().policies


def policy(key: str) -> Policy:
    try:
        return load().policies[key]
    except KeyError:
        raise KeyError(f"unknown policy {key!r}; add it to procdocs/law/data/policies.yaml") from None
