"""The legal numbers of procurement law, loaded from ``law/data/limits/*.yaml`` with their citations.

Checks and templates ask for a limit by id (``limit("bid_bond.cap").value``) so that every legal
number lives in a data file, next to the rule it comes from. The files are split by subject; an id
may be defined only once across them.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from procdocs.law.citation import Status, cite

Unit = Literal["日", "工作日", "%", "万元", "元", "分", "个"]


class Limit(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    value: Decimal
    unit: Unit
    rule: str
    basis: str  # printed as is in documents
    status: Status = "in_force"  # whether the basis (instrument, article, wording) is confirmed
    note: str | None = None  # why the rule is read this way, in plain words

    @property
    def citation(self) -> str:
        """The basis as officers see it in messages, marked when it is not confirmed."""
        return cite(self.basis, self.status)

    @property
    def text(self) -> str:
        """'20日', '5个工作日', '2%' — the number as documents print it."""
        number = f"{self.value.normalize():f}"
        return f"{number}个工作日" if self.unit == "工作日" else f"{number}{self.unit}"


@cache
def all_limits() -> dict[str, Limit]:
    limits: dict[str, Limit] = {}
    directory = resources.files("procdocs.law").joinpath("data/limits")
    for source in sorted((f for f in directory.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name):
        data = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
        for key, value in data.items():
            if key in limits:  # a packaging defect, not a user error
                raise RuntimeError(f"legal limit {key!r} is defined twice (again in law/data/limits/{source.name})")
            try:
                limits[key] = Limit.model_validate(value)
            except ValidationError as exc:
                raise RuntimeError(f"law/data/limits/{source.name}: {key} is invalid: {exc}") from exc
    return limits


def limit(key: str) -> Limit:
    try:
        return all_limits()[key]
    except KeyError:
        raise KeyError(f"unknown legal limit {key!r}; add it to a file in procdocs/law/data/limits/") from None
